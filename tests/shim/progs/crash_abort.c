/* crash_abort.c — abort(): SIGABRT sent by the guest to itself ends it the qemu way. */
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    printf("before\n");
    fflush(stdout);
    abort();
}
