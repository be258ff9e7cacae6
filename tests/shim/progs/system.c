/* system.c — what the guest learns about the system and itself: uname (aarch64),
 * identities, limits, sysinfo, getrandom, /proc/self/exe, auxv entries, prctl names. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct utsname u;
    printf("uname: %d %s %s\n", uname(&u), u.sysname, u.machine);
    printf("pid==tid %d ppid>1 %d\n", getpid() == (pid_t)syscall(SYS_gettid), getppid() > 1);
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    printf("uid %d euid %d gid %d egid %d resuid same %d\n", getuid() == geteuid(),
           geteuid() == getuid(), getgid() == getgid(), getegid() == getgid(),
           r == getuid() && e == r && s == r);
    gid_t groups[64];
    printf("getgroups >= 0: %d\n", getgroups(64, groups) >= 0);
    struct rlimit rl;
    printf("getrlimit stack: %d cur>0 %d\n", getrlimit(RLIMIT_STACK, &rl), rl.rlim_cur > 0);
    printf("prlimit nofile: %d\n", prlimit(0, RLIMIT_NOFILE, NULL, &rl));
    struct sysinfo si;
    printf("sysinfo: %d ram>0 %d unit %u\n", sysinfo(&si), si.totalram > 0, si.mem_unit);
    unsigned char rnd[32] = {0};
    printf("getrandom: %ld\n", (long)getrandom(rnd, sizeof rnd, 0));
    char exe[4096] = {0};
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    printf("/proc/self/exe: %s (%d)\n", basename(exe), n == (ssize_t)strlen(exe));
    printf("AT_PAGESZ %lu AT_PLATFORM %s AT_EXECFN is argv0 %d AT_RANDOM set %d\n",
           getauxval(AT_PAGESZ), (char *)getauxval(AT_PLATFORM),
           strcmp((char *)getauxval(AT_EXECFN), argv[0]) == 0, getauxval(AT_RANDOM) != 0);
    printf("AT_PHENT %lu AT_ENTRY set %d AT_SECURE %lu\n", getauxval(AT_PHENT),
           getauxval(AT_ENTRY) != 0, getauxval(AT_SECURE));
    char name[16] = {0};
    printf("prctl set name: %d\n", prctl(PR_SET_NAME, "shimtest"));
    printf("prctl get name: %d %s\n", prctl(PR_GET_NAME, name), name);
    errno = 0;
    printf("umask: %o %o\n", umask(027), umask(022));
    printf("argc %d args:", argc);
    for (int i = 1; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf("\n");
    return 0;
}
