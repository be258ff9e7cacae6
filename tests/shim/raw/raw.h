/* raw.h — a libc-free harness for the shim's raw tests: system calls by number (the arm64
 * numbers) and tiny output helpers, so a test depends on nothing but the shim and the JIT. */
#ifndef RAW_H
#define RAW_H

static long sc6(long n, long a, long b, long c, long d, long e, long f) {
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    register long x8 __asm__("x8") = n;
    __asm__ volatile("svc #0"
                     : "+r"(x0)
                     : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5), "r"(x8)
                     : "memory");
    return x0;
}

static long sc(long n, long a, long b, long c, long d, long e) {
    return sc6(n, a, b, c, d, e, 0);
}

static void out(const char *s) {
    long n = 0;
    while (s[n])
        n++;
    sc(64, 1, (long)s, n, 0, 0);
}

static void num(long v) {
    char b[24];
    int i = 23;
    b[i] = 0;
    if (v < 0) {
        out("-");
        v = -v;
    }
    do
        b[--i] = (char)('0' + v % 10);
    while ((v /= 10));
    out(b + i);
}

static void say(const char *what, long v) {
    out(what);
    out(" ");
    num(v);
    out("\n");
}

/* The entry point hands the initial stack to cstart(sp). */
__asm__(".globl _start\n_start:\n mov x0, sp\n bl cstart\n");

#endif
