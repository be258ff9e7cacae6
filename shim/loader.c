/* loader.c — the ELF64 AArch64 loader: strict header checks, then the PT_LOAD segments
 * mapped as Linux maps them (page-granular, bss zeroed, holes unmapped), for ET_EXEC and
 * ET_DYN images (static, static-pie, and the ELF interpreter of dynamic programs). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm.h"
#include "emud_link.h"
#include "shim.h"

#define MAX_PHNUM (65536 / sizeof(Elf64_Phdr)) /* the kernel's limit */

static int bad(const char **why, const char *msg) {
    *why = msg;
    return -ENOEXEC;
}

int elf_check_ehdr(const void *p, uint64_t fsize, const char **why) {
    const Elf64_Ehdr *e = p;
    if (fsize < SELFMAG || memcmp(e->e_ident, ELFMAG, SELFMAG)) return bad(why, "not an ELF file");
    if (fsize < sizeof *e) return bad(why, "file too short for an ELF header");
    if (e->e_ident[EI_CLASS] != ELFCLASS64) return bad(why, "not a 64-bit ELF file");
    if (e->e_ident[EI_DATA] != ELFDATA2LSB) return bad(why, "not a little-endian ELF file");
    if (e->e_ident[EI_VERSION] != EV_CURRENT || e->e_version != EV_CURRENT)
        return bad(why, "unknown ELF version");
    if (e->e_machine != EM_AARCH64) return bad(why, "not an AArch64 program");
    if (e->e_type != ET_EXEC && e->e_type != ET_DYN) return bad(why, "not an executable");
    if (e->e_phentsize != sizeof(Elf64_Phdr)) return bad(why, "bad program header size");
    if (e->e_phnum == 0 || e->e_phnum > MAX_PHNUM) return bad(why, "bad number of program headers");
    uint64_t phsize = (uint64_t)e->e_phnum * sizeof(Elf64_Phdr);
    if (e->e_phoff > fsize || fsize - e->e_phoff < phsize)
        return bad(why, "program headers lie outside the file");
    return 0;
}

static int check_load(const Elf64_Phdr *ph, uint64_t fsize, uint64_t *prev_end, const char **why) {
    if (ph->p_filesz > ph->p_memsz) return bad(why, "segment file size exceeds its memory size");
    if ((ph->p_offset & (GUEST_PAGE - 1)) != (ph->p_vaddr & (GUEST_PAGE - 1)))
        return bad(why, "segment offset and address are not congruent modulo the page size");
    if (ph->p_filesz && (ph->p_offset > fsize || fsize - ph->p_offset < ph->p_filesz))
        return bad(why, "segment lies outside the file"); /* (a pure-bss one reads nothing) */
    if (ph->p_vaddr >= GUEST_ADDR_TOP || GUEST_ADDR_TOP - ph->p_vaddr < ph->p_memsz)
        return bad(why, "segment address out of range");
    if (ph->p_vaddr < *prev_end) return bad(why, "segments overlap or are out of order");
    *prev_end = ph->p_vaddr + ph->p_memsz;
    return 0;
}

int elf_check_phdrs(const void *p, unsigned phnum, uint64_t fsize, const char **why) {
    const Elf64_Phdr *ph = p;
    uint64_t prev_end = 0;
    unsigned nload = 0, ninterp = 0;
    for (unsigned i = 0; i < phnum; i++) {
        if (ph[i].p_type == PT_LOAD) {
            int r = check_load(&ph[i], fsize, &prev_end, why);
            if (r) return r;
            nload++;
        } else if (ph[i].p_type == PT_INTERP) {
            if (++ninterp > 1) return bad(why, "more than one PT_INTERP");
            if (ph[i].p_filesz < 2 || ph[i].p_filesz > PATH_MAX || ph[i].p_offset > fsize ||
                fsize - ph[i].p_offset < ph[i].p_filesz)
                return bad(why, "bad PT_INTERP");
        }
    }
    if (nload == 0) return bad(why, "no loadable segment");
    return 0;
}

static int elf_prot(uint32_t f) {
    return (f & PF_R ? PROT_READ : 0) | (f & PF_W ? PROT_WRITE : 0) | (f & PF_X ? PROT_EXEC : 0);
}

/* Host protection of an image page: never executable (see mm_sys.c). */
static int host_prot(int prot) {
    return (prot & PROT_WRITE) | (prot ? PROT_READ : 0);
}

/* Map one PT_LOAD at bias; the span is already reserved for us. */
static int map_segment(int fd, const Elf64_Phdr *ph, uint64_t bias) {
    int prot = elf_prot(ph->p_flags);
    uint64_t start = bias + ph->p_vaddr, mstart = GUEST_PAGE_DOWN(start);
    uint64_t fend = start + ph->p_filesz, mend = start + ph->p_memsz;
    uint64_t fpages_end = ph->p_filesz ? GUEST_PAGE_UP(fend) : mstart;
    bool partial_bss = ph->p_memsz > ph->p_filesz && (fend & (GUEST_PAGE - 1));
    if (ph->p_filesz) {
        int hp = host_prot(prot) | (partial_bss ? PROT_WRITE : 0);
        void *r = mmap((void *)mstart, fpages_end - mstart, hp, MAP_PRIVATE | MAP_FIXED, fd,
                       GUEST_PAGE_DOWN(ph->p_offset));
        if (r == MAP_FAILED) return -errno;
        if (prot & PROT_EXEC)
            emud_link_image(fd, mstart, fpages_end - mstart, GUEST_PAGE_DOWN(ph->p_offset));
        if (partial_bss) {
            /* to the end of the page, as Linux's padzero(): ld.so's early allocator takes
             * the rest of that page as zeroed memory */
            memset((void *)fend, 0, fpages_end - fend);
            if (mprotect((void *)mstart, fpages_end - mstart, host_prot(prot))) return -errno;
        }
    }
    uint64_t aend = GUEST_PAGE_UP(mend);
    if (aend > fpages_end) {
        void *r = mmap((void *)fpages_end, aend - fpages_end, host_prot(prot),
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (r == MAP_FAILED) return -errno;
    }
    mm_region_add(mstart, aend, prot);
    return 0;
}

/* Reserve the image span: at its link address for ET_EXEC, else at hint or anywhere,
 * aligned to the largest p_align as Linux does. Returns the bias or a negative errno. */
static int64_t reserve_span(const Elf64_Ehdr *e, uint64_t lo, uint64_t hi, uint64_t align,
                            uint64_t hint, const char **why) {
    uint64_t span = hi - lo;
    if (e->e_type == ET_EXEC) {
        long r = mm_claim_fixed(lo, span, true);
        if (r) *why = "its addresses are taken by the emulator";
        return r ? -ENOMEM : 0;
    }
    if (hint && !((hint - lo) & (align - 1)) && mm_claim_fixed(hint, span, true) == 0)
        return (int64_t)(hint - lo);
    void *r =
        mmap(NULL, span + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED) return -errno;
    uint64_t base = ((uint64_t)r + align - 1) & ~(align - 1);
    if (base > (uint64_t)r) munmap(r, base - (uint64_t)r);
    uint64_t tail = (uint64_t)r + span + align - (base + span);
    if (tail) munmap((void *)(base + span), tail);
    return (int64_t)(base - lo);
}

static void image_info(const Elf64_Ehdr *e, const Elf64_Phdr *ph, uint64_t bias, elf_image *img) {
    img->bias = bias;
    img->entry = e->e_entry + bias;
    img->phnum = e->e_phnum;
    img->phent = e->e_phentsize;
    img->phdr = 0;
    img->exec_stack = false;
    for (unsigned i = 0; i < e->e_phnum; i++) {
        if (ph[i].p_type == PT_PHDR) img->phdr = ph[i].p_vaddr + bias;
        if (ph[i].p_type == PT_GNU_STACK) img->exec_stack = ph[i].p_flags & PF_X;
    }
    for (unsigned i = 0; i < e->e_phnum && !img->phdr; i++)
        if (ph[i].p_type == PT_LOAD && e->e_phoff >= ph[i].p_offset &&
            e->e_phoff - ph[i].p_offset < ph[i].p_filesz)
            img->phdr = ph[i].p_vaddr + (e->e_phoff - ph[i].p_offset) + bias;
}

static int read_interp(int fd, const Elf64_Phdr *ph, unsigned n, elf_image *img, const char **why) {
    img->interp[0] = 0;
    for (unsigned i = 0; i < n; i++) {
        if (ph[i].p_type != PT_INTERP) continue;
        if (pread(fd, img->interp, ph[i].p_filesz, ph[i].p_offset) != (ssize_t)ph[i].p_filesz)
            return bad(why, "cannot read PT_INTERP");
        if (img->interp[ph[i].p_filesz - 1] || strlen(img->interp) != ph[i].p_filesz - 1)
            return bad(why, "PT_INTERP is not a NUL-terminated path");
    }
    return 0;
}

static int map_image(int fd, const Elf64_Ehdr *e, const Elf64_Phdr *ph, uint64_t hint,
                     elf_image *img, const char **why) {
    uint64_t lo = UINT64_MAX, hi = 0, align = GUEST_PAGE;
    for (unsigned i = 0; i < e->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD) continue;
        if (lo == UINT64_MAX) lo = GUEST_PAGE_DOWN(ph[i].p_vaddr);
        hi = GUEST_PAGE_UP(ph[i].p_vaddr + ph[i].p_memsz);
        uint64_t a = ph[i].p_align;
        if (a > align && !(a & (a - 1)) && a <= (1u << 30)) align = a;
    }
    int64_t bias = reserve_span(e, lo, hi, align, hint, why);
    if (bias < 0) return (int)bias;
    for (unsigned i = 0; i < e->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD) continue;
        int r = map_segment(fd, &ph[i], bias);
        if (r) {
            *why = "cannot map a segment";
            return r;
        }
    }
    mm_release_fixed(lo + bias, hi - lo); /* the holes between segments */
    image_info(e, ph, bias, img);
    img->lo = lo + bias;
    img->hi = hi + bias;
    return 0;
}

int elf_load_fd(int fd, uint64_t base_hint, elf_image *img, const char **why) {
    *why = NULL;
    struct stat st;
    Elf64_Ehdr e = {0};
    Elf64_Phdr *ph = NULL;
    int r;
    if (fstat(fd, &st))
        r = -errno;
    else if (!S_ISREG(st.st_mode))
        r = -EACCES;
    else if (pread(fd, &e, sizeof e, 0) != (ssize_t)sizeof e && st.st_size >= (off_t)sizeof e)
        r = -EIO;
    else if ((r = elf_check_ehdr(&e, st.st_size, why)) == 0) {
        ph = malloc(e.e_phnum * sizeof *ph);
        if (!ph)
            r = -ENOMEM;
        else if (pread(fd, ph, e.e_phnum * sizeof *ph, e.e_phoff) !=
                 (ssize_t)(e.e_phnum * sizeof *ph))
            r = -EIO;
        else if ((r = elf_check_phdrs(ph, e.e_phnum, st.st_size, why)) == 0 &&
                 (r = read_interp(fd, ph, e.e_phnum, img, why)) == 0)
            r = map_image(fd, &e, ph, base_hint, img, why);
    }
    free(ph);
    return r;
}

int elf_load(const char *path, uint64_t base_hint, elf_image *img, const char **why) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    int r = elf_load_fd(fd, base_hint, img, why);
    close(fd);
    return r;
}
