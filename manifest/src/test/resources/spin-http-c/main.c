#include <stdio.h>

int main(void) {
    printf("Content-Type: text/plain\n\n");
    printf("Hello from C!\n");
    return 0;
}
