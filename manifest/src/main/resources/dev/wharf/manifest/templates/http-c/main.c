// {{project-name}}: an HTTP handler run as a WAGI (CGI) program.
// The request comes in environment variables (REQUEST_METHOD, PATH_INFO, QUERY_STRING, HTTP_* headers)
// and the body on stdin; the response is headers, a blank line, then the body, written to stdout.
#include <stdio.h>
#include <stdlib.h>

static const char *env_or(const char *name, const char *fallback) {
    const char *value = getenv(name);
    return value ? value : fallback;
}

int main(void) {
    printf("Content-Type: text/plain\n\n");
    printf("Hello from {{project-name}}!\n");
    printf("%s %s\n", env_or("REQUEST_METHOD", "?"), env_or("PATH_INFO", "?"));
    return 0;
}
