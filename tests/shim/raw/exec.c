/* exec.c — fork (clone with SIGCHLD), execve of an arm64 program (emu-exec runs it with
 * the given argv[0]), wait4 status, execve of a missing file. Expected: exec.expected. */
#include "raw.h"

void cstart(long *sp) {
    long argc = sp[0];
    char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
    const char *a1 = argc > 1 ? argv[1] : "";
    if (a1[0] == 'c' && a1[1] == 'h' && a1[2] == 'i' && a1[3] == 'l' && a1[4] == 'd' && !a1[5]) {
        out("child argv0=");
        out(argv[0]);
        out(" arg=");
        out(argv[1]);
        out("\n");
        sc(94, 7, 0, 0, 0, 0);
    }
    long pid = sc(220, 17 /* SIGCHLD */, 0, 0, 0, 0);
    if (pid == 0) {
        char *nargv[] = {"renamed", "child", 0};
        say("exec failed", sc(221, (long)argv[0], (long)nargv, (long)envp, 0, 0));
        sc(94, 1, 0, 0, 0, 0);
    }
    int st = 0;
    say("waited for it", sc(260, pid, (long)&st, 0, 0, 0) == pid);
    say("status", st);
    say("exec missing", sc(221, (long)"/nonexistent", (long)argv, (long)envp, 0, 0));
    say("exec directory", sc(221, (long)"/", (long)argv, (long)envp, 0, 0));
    sc(94, 0, 0, 0, 0, 0);
}
