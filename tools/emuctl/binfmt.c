/* binfmt.c — `emuctl binfmt install|remove|status`: the binfmt_misc entry that has the kernel run
 * arm64 ELF programs with emu-exec (flag F: the kernel opens emu-exec once and keeps it, so it
 * runs in jails without any x86-64 file), and the other arm64 entries (qemu-aarch64) it may
 * stand in for: disabled with --replace, recorded, and enabled again by remove --restore. */
#include "emuctl.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define BINFMT_DIR    "/proc/sys/fs/binfmt_misc"
#define DEFAULT_NAME  "emud-aarch64"
#define DEFAULT_FLAGS "FP"
#define STATE_DIR     "/run/emuctl" /* gone at reboot, as binfmt_misc's entries are */
#define HDR_LEN       20

/* The arm64 ELF magic and mask of qemu's binfmt configuration (qemu-binfmt-conf.sh,
 * aarch64): ELF64, little-endian, version 1, any OS ABI, ET_EXEC or ET_DYN, EM_AARCH64. */
static const char A64_MAGIC[] = "\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00"
                                "\\x00\\x00\\x00\\x02\\x00\\xb7\\x00";
static const char A64_MASK[] = "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff"
                               "\\xff\\xff\\xff\\xfe\\xff\\xff\\xff";
static const uint8_t A64_HDR[HDR_LEN] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0,    0,
                                         0,    0,   0,   0,   0, 0, 2, 0, 0xb7, 0};

/* One entry as its file in binfmt_misc shows it. */
typedef struct bf_entry {
    char name[NAME_MAX + 1];
    bool enabled, by_magic;
    char interp[PATH_MAX];
    char flags[8];
    unsigned offset;
    uint8_t magic[128], mask[128];
    size_t len;
} bf_entry;

typedef struct bf_opts {
    const char *name, *interp, *flags;
    bool replace, restore, flags_given;
} bf_opts;

/* ---- binfmt_misc itself ---- */

static bool bf_mounted(void) {
    struct statfs st;
    return statfs(BINFMT_DIR, &st) == 0 && st.f_type == BINFMTFS_MAGIC;
}

/* Mount binfmt_misc where it belongs when nothing is there yet. */
static int bf_mount(void) {
    if (bf_mounted()) return 0;
    if (mount("binfmt_misc", BINFMT_DIR, "binfmt_misc", 0, NULL)) {
        fprintf(stderr, "emuctl binfmt: cannot mount binfmt_misc on %s: %s\n", BINFMT_DIR,
                strerror(errno));
        return -errno;
    }
    printf("mounted binfmt_misc on %s\n", BINFMT_DIR);
    return 0;
}

static int bf_write(const char *file, const char *text) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, BINFMT_DIR "/%s", file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    ssize_t n = write(fd, text, strlen(text));
    int e = n == (ssize_t)strlen(text) ? 0 : n < 0 ? -errno : -EIO;
    close(fd);
    return e;
}

static void copy_str(char *d, size_t cap, const char *s) {
    size_t n = strnlen(s, cap - 1);
    memcpy(d, s, n);
    d[n] = 0;
}

static size_t unhex(const char *s, uint8_t *out, size_t cap) {
    size_t n = 0;
    unsigned v;
    while (n < cap && sscanf(s + 2 * n, "%2x", &v) == 1)
        out[n++] = (uint8_t)v;
    return n;
}

/* Parse BINFMT_DIR/name: "enabled|disabled", "interpreter P", "flags: FP", "offset N",
 * "magic HEX", "mask HEX" (or "extension .X" for entries by file name). */
static int bf_read(const char *name, bf_entry *e) {
    char path[PATH_MAX], line[PATH_MAX + 32];
    snprintf(path, sizeof path, BINFMT_DIR "/%s", name);
    FILE *f = fopen(path, "re");
    if (!f) return -errno;
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    memset(e->mask, 0xff, sizeof e->mask);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!strcmp(line, "enabled"))
            e->enabled = true;
        else if (!strncmp(line, "interpreter ", 12))
            copy_str(e->interp, sizeof e->interp, line + 12);
        else if (!strncmp(line, "flags: ", 7))
            copy_str(e->flags, sizeof e->flags, line + 7);
        else if (!strncmp(line, "offset ", 7))
            e->offset = (unsigned)strtoul(line + 7, NULL, 10);
        else if (!strncmp(line, "magic ", 6)) {
            e->by_magic = true;
            e->len = unhex(line + 6, e->magic, sizeof e->magic);
        } else if (!strncmp(line, "mask ", 5))
            unhex(line + 5, e->mask, sizeof e->mask);
    }
    fclose(f);
    return 0;
}

/* Does the entry claim arm64 ELF programs (static or PIE)? */
static bool bf_is_a64(const bf_entry *e) {
    if (!e->by_magic || !e->len || e->offset + e->len > HDR_LEN) return false;
    for (uint8_t type = 2; type <= 3; type++) {
        uint8_t hdr[HDR_LEN];
        memcpy(hdr, A64_HDR, sizeof hdr);
        hdr[16] = type;
        size_t i = 0;
        while (i < e->len && (hdr[e->offset + i] & e->mask[i]) == (e->magic[i] & e->mask[i]))
            i++;
        if (i == e->len) return true;
    }
    return false;
}

/* Every arm64 entry but the one named skip ("": none); returns how many (at most cap). */
static size_t bf_others(const char *skip, bf_entry *out, size_t cap) {
    DIR *d = opendir(BINFMT_DIR);
    if (!d) return 0;
    size_t k = 0;
    for (struct dirent *de; k < cap && (de = readdir(d));) {
        const char *n = de->d_name;
        if (n[0] == '.' || !strcmp(n, "register") || !strcmp(n, "status") || !strcmp(n, skip))
            continue;
        if (bf_read(n, &out[k]) == 0 && bf_is_a64(&out[k])) k++;
    }
    closedir(d);
    return k;
}

int binfmt_a64_entry(char *flags, size_t fcap, char *interp, size_t icap) {
    bf_entry e[16];
    size_t n = bf_others("", e, 16), pick = n;
    for (size_t i = 0; i < n; i++) /* one with F runs in every jail: prefer it */
        if (e[i].enabled && (pick == n || strchr(e[i].flags, 'F'))) pick = i;
    if (pick == n) return -ENOENT;
    copy_str(flags, fcap, e[pick].flags);
    copy_str(interp, icap, e[pick].interp);
    return 0;
}

/* ---- what --replace disabled, kept until remove --restore ---- */

static void state_path(const char *name, char *out, size_t cap) {
    const char *dir = getenv("EMUCTL_STATE_DIR");
    snprintf(out, cap, "%s/binfmt-%s.replaced", dir && *dir ? dir : STATE_DIR, name);
}

static bool state_has(const char *name, const char *other) {
    char path[PATH_MAX], line[NAME_MAX + 2];
    state_path(name, path, sizeof path);
    FILE *f = fopen(path, "re");
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        found = !strcmp(line, other);
    }
    if (f) fclose(f);
    return found;
}

static int state_add(const char *name, const char *other) {
    if (state_has(name, other)) return 0;
    char path[PATH_MAX];
    state_path(name, path, sizeof path);
    char *dir = strdup(path);
    if (dir) {
        mkdir(dirname(dir), 0755);
        free(dir);
    }
    FILE *f = fopen(path, "ae");
    if (!f) return -errno;
    fprintf(f, "%s\n", other);
    return fclose(f) ? -errno : 0;
}

/* ---- checks ---- */

static bool name_ok(const char *n) {
    size_t len = strlen(n);
    if (!len || len > 63 || !strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "register") ||
        !strcmp(n, "status"))
        return false;
    return strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == len;
}

/* "FPOC" letters, each once, in the kernel's order; C implies O (the kernel says so too). */
static int flags_norm(const char *in, char out[8]) {
    bool has[4] = {0};
    static const char order[] = "POCF";
    for (const char *p = in; *p; p++) {
        const char *at = strchr(order, *p);
        if (!at) return -EINVAL;
        has[at - order] = true;
    }
    if (has[2]) has[1] = true;
    size_t n = 0;
    for (int i = 0; i < 4; i++)
        if (has[i]) out[n++] = order[i];
    out[n] = 0;
    return 0;
}

/* emu-exec next to this emuctl (the build's bin/ or the installed bindir). */
static int default_interp(char *out, size_t cap) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return -ENOENT;
    self[n] = 0;
    snprintf(out, cap, "%s/emu-exec", dirname(self));
    return access(out, X_OK) ? -ENOENT : 0;
}

/* Whether an x86-64 ELF file asks for a program interpreter (is not static). */
static bool elf_dynamic(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    Elf64_Ehdr eh;
    bool dyn = false;
    if (pread(fd, &eh, sizeof eh, 0) == sizeof eh && !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
        eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_phentsize == sizeof(Elf64_Phdr)) {
        for (unsigned i = 0; i < eh.e_phnum && !dyn; i++) {
            Elf64_Phdr ph;
            if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + i * sizeof ph)) != sizeof ph) break;
            dyn = ph.p_type == PT_INTERP;
        }
    }
    close(fd);
    return dyn;
}

/* The interpreter must be an absolute path the kernel can open; with F it must also be static,
 * since inside a jail there is no x86-64 loader for it. */
static int check_interp(const char *path, const char *flags) {
    struct stat st;
    if (path[0] != '/' || strchr(path, ':') || strlen(path) >= 256) {
        fprintf(stderr,
                "emuctl binfmt: the interpreter must be an absolute path without ':' "
                "(under 256 bytes): %s\n",
                path);
        return -EINVAL;
    }
    if (stat(path, &st) || !S_ISREG(st.st_mode) || access(path, X_OK)) {
        fprintf(stderr, "emuctl binfmt: %s is not an executable file\n", path);
        return -ENOENT;
    }
    if (elf_dynamic(path))
        fprintf(stderr, "emuctl binfmt: warning: %s is not static; %s\n", path,
                strchr(flags, 'F') ? "inside jails it still needs its own loader"
                                   : "it must exist, with its loader, inside every jail");
    else if (!strchr(flags, 'F'))
        printf("note: without flag F the kernel opens %s at each exec: it must exist at that "
               "path inside every jail\n",
               path);
    return 0;
}

static int need_root(const char *what) {
    if (geteuid() == 0) return 0;
    fprintf(stderr,
            "emuctl binfmt %s: needs root (registering binfmt_misc entries is a privileged "
            "operation); try: sudo emuctl binfmt %s\n",
            what, what);
    return EXIT_FAIL;
}

/* ---- install ---- */

/* Disable every other enabled arm64 entry and record it, so remove --restore enables it. */
static int replace_others(const bf_opts *o) {
    bf_entry others[16];
    size_t n = bf_others(o->name, others, 16);
    int rc = EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        if (!others[i].enabled) continue;
        int e = state_add(o->name, others[i].name);
        if (!e) e = bf_write(others[i].name, "0");
        if (e) {
            fprintf(stderr, "emuctl binfmt: cannot disable %s: %s\n", others[i].name, strerror(-e));
            rc = EXIT_FAIL;
            continue;
        }
        printf("disabled %s (%s); `emuctl binfmt remove --restore` enables it again\n",
               others[i].name, others[i].interp);
    }
    return rc;
}

static void report_others(const bf_opts *o) {
    bf_entry others[16];
    size_t n = bf_others(o->name, others, 16);
    for (size_t i = 0; i < n; i++) {
        if (!others[i].enabled) continue;
        printf("note: %s (%s) also runs arm64 programs; the kernel uses the entry registered "
               "last, %s, until %s is registered again (--replace disables it)\n",
               others[i].name, others[i].interp, o->name, others[i].name);
    }
}

static int bf_install(const bf_opts *o) {
    char flags[8], interp[PATH_MAX], rule[PATH_MAX + 512];
    if (flags_norm(o->flags, flags)) {
        fprintf(stderr, "emuctl binfmt: --flags takes letters of FPOC, not '%s'\n", o->flags);
        return EXIT_USAGE;
    }
    if (o->interp)
        snprintf(interp, sizeof interp, "%s", o->interp);
    else if (default_interp(interp, sizeof interp)) {
        fprintf(stderr, "emuctl binfmt: no emu-exec next to emuctl: name it with --interpreter\n");
        return EXIT_FAIL;
    }
    int rc = need_root("install");
    if (rc || check_interp(interp, flags) || bf_mount()) return rc ? rc : EXIT_FAIL;
    bf_entry cur;
    if (bf_read(o->name, &cur) == 0) /* ours from before: registered anew, as asked now */
        bf_write(o->name, "-1");
    snprintf(rule, sizeof rule, ":%s:M:0:%s:%s:%s:%s", o->name, A64_MAGIC, A64_MASK, interp, flags);
    int e = bf_write("register", rule);
    if (e) {
        fprintf(stderr, "emuctl binfmt: registering %s failed: %s\n", o->name, strerror(-e));
        return EXIT_FAIL;
    }
    printf("registered %s: arm64 ELF programs run with %s (flags %s)\n", o->name, interp, flags);
    if (o->replace) return replace_others(o);
    report_others(o);
    return EXIT_OK;
}

/* ---- remove ---- */

static int restore_others(const bf_opts *o) {
    char path[PATH_MAX], line[NAME_MAX + 2];
    state_path(o->name, path, sizeof path);
    FILE *f = fopen(path, "re");
    if (!f) {
        printf("nothing to restore: %s replaced no entry\n", o->name);
        return EXIT_OK;
    }
    int rc = EXIT_OK;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!name_ok(line)) continue;
        int e = bf_write(line, "1");
        if (e == -ENOENT)
            printf("%s is no longer registered: not restored\n", line);
        else if (e) {
            fprintf(stderr, "emuctl binfmt: cannot enable %s: %s\n", line, strerror(-e));
            rc = EXIT_FAIL;
        } else
            printf("enabled %s again\n", line);
    }
    fclose(f);
    if (rc == EXIT_OK) unlink(path);
    return rc;
}

static int bf_remove(const bf_opts *o) {
    int rc = need_root("remove");
    if (rc) return rc;
    if (!bf_mounted()) {
        printf("binfmt_misc is not mounted: %s is not installed\n", o->name);
        return EXIT_OK;
    }
    int e = bf_write(o->name, "-1");
    if (e == -ENOENT)
        printf("%s is not installed\n", o->name);
    else if (e) {
        fprintf(stderr, "emuctl binfmt: removing %s failed: %s\n", o->name, strerror(-e));
        return EXIT_FAIL;
    } else
        printf("removed %s\n", o->name);
    return o->restore ? restore_others(o) : EXIT_OK;
}

/* ---- status ---- */

static void print_entry(const bf_entry *e, const char *owner) {
    printf("%s: %s, interpreter %s, flags %s", e->name, e->enabled ? "enabled" : "disabled",
           e->interp, e->flags[0] ? e->flags : "-");
    if (!e->enabled && owner && state_has(owner, e->name)) printf(" (disabled by %s)", owner);
    putchar('\n');
}

/* Exit 0 when the entry is registered and enabled, 1 otherwise. */
static int bf_status(const bf_opts *o) {
    if (!bf_mounted()) {
        printf("binfmt_misc is not mounted on %s (`emuctl binfmt install` mounts it)\n",
               BINFMT_DIR);
        return EXIT_FAIL;
    }
    char st[32] = "?";
    FILE *f = fopen(BINFMT_DIR "/status", "re");
    if (f) {
        if (!fgets(st, sizeof st, f)) st[0] = 0;
        st[strcspn(st, "\n")] = 0;
        fclose(f);
    }
    printf("binfmt_misc on %s: %s\n", BINFMT_DIR, st);
    bf_entry e;
    bool ours = bf_read(o->name, &e) == 0;
    if (ours)
        print_entry(&e, NULL);
    else
        printf("%s: not installed\n", o->name);
    bf_entry others[16];
    size_t n = bf_others(o->name, others, 16);
    for (size_t i = 0; i < n; i++)
        print_entry(&others[i], o->name);
    return ours && e.enabled && !strcmp(st, "enabled") ? EXIT_OK : EXIT_FAIL;
}

/* ---- the command ---- */

static int parse(int argc, char **argv, bf_opts *o) {
    static const struct option lo[] = {{"flags", 1, 0, 'f'},       {"name", 1, 0, 'n'},
                                       {"interpreter", 1, 0, 'i'}, {"replace", 0, 0, 'r'},
                                       {"restore", 0, 0, 'R'},     {0, 0, 0, 0}};
    *o = (bf_opts){.name = DEFAULT_NAME, .flags = DEFAULT_FLAGS};
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'f':
            o->flags = optarg;
            o->flags_given = true;
            break;
        case 'n': o->name = optarg; break;
        case 'i': o->interp = optarg; break;
        case 'r': o->replace = true; break;
        case 'R': o->restore = true; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "emuctl binfmt: unexpected argument %s\n", argv[optind]);
        return EXIT_USAGE;
    }
    if (!name_ok(o->name)) {
        fprintf(stderr, "emuctl binfmt: bad entry name '%s' (letters, digits, '.', '_', '-')\n",
                o->name);
        return EXIT_USAGE;
    }
    return 0;
}

int cmd_binfmt(ctl *x, int argc, char **argv) {
    (void)x;
    static const char use[] = "usage: emuctl binfmt install [--flags FPOC] [--name NAME] "
                              "[--interpreter PATH] [--replace]\n"
                              "       emuctl binfmt remove [--name NAME] [--restore]\n"
                              "       emuctl binfmt status [--name NAME]\n";
    if (argc < 2) {
        fputs(use, stderr);
        return EXIT_USAGE;
    }
    const char *sub = argv[1];
    bf_opts o;
    int rc = parse(argc - 1, argv + 1, &o);
    if (rc) return rc;
    bool inst = !strcmp(sub, "install"), rem = !strcmp(sub, "remove");
    if ((o.replace || o.interp || o.flags_given) && !inst) rc = EXIT_USAGE;
    if (o.restore && !rem) rc = EXIT_USAGE;
    if (rc) {
        fputs(use, stderr);
        return rc;
    }
    if (inst) return bf_install(&o);
    if (rem) return bf_remove(&o);
    if (!strcmp(sub, "status")) return bf_status(&o);
    fputs(use, stderr);
    return EXIT_USAGE;
}
