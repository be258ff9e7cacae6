/* crash_null.c — a NULL dereference: the guest dies of SIGSEGV, as under qemu. */
#include <stdio.h>
int main(void) {
    volatile int *p = NULL;
    printf("before\n");
    fflush(stdout);
    return *p;
}
