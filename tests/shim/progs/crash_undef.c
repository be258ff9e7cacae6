/* crash_undef.c — an undefined instruction: the guest dies of SIGILL. */
#include <stdio.h>
int main(void) {
    printf("before\n");
    fflush(stdout);
    __asm__ volatile(".inst 0x00000000");
    return 0;
}
