/* hello.c — a dynamically linked program: ld.so from the sysroot (-L), libc.so.6 found
 * through the sysroot, AT_BASE/AT_PHDR right, then ordinary libc work. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    printf("dynamic: argc %d last %s\n", argc, argv[argc - 1]);
    char *s = strdup("heap works");
    puts(s);
    free(s);
    void *h = dlopen("libm.so.6", RTLD_NOW);
    double (*cosine)(double) = h ? (double (*)(double))dlsym(h, "cos") : NULL;
    printf("dlopen libm: %s cos(0)=%.1f\n", h ? "ok" : dlerror(), cosine ? cosine(0) : -1.0);
    return 3;
}
