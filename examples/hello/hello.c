// The example README's first command runs: greets, reads the file named on its command line
// (which it can only see if `--dir` granted the directory) and reports what the sandbox let it see.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *who = getenv("GREETING_NAME");
    printf("Hello from WebAssembly, %s!\n", who ? who : "stranger");
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            printf("%s: %s (grant it with --dir)\n", argv[i], strerror(errno));
            continue;
        }
        char line[256];
        while (fgets(line, sizeof line, f)) printf("%s: %s", argv[i], line);
        fclose(f);
    }
    const char *home = getenv("HOME");
    printf("HOME is %s\n", home ? "visible" : "not visible (host variables stay outside unless granted)");
    return 0;
}
