/* test_elf.c — the loader's strict ELF checks: a valid AArch64 header passes, and each
 * malformed variant is refused with -ENOEXEC and a reason. */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mm.h"
#include "shim.h"

typedef struct image {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[3];
} image;

static image valid(void) {
    image im;
    memset(&im, 0, sizeof im);
    memcpy(im.eh.e_ident, ELFMAG, SELFMAG);
    im.eh.e_ident[EI_CLASS] = ELFCLASS64;
    im.eh.e_ident[EI_DATA] = ELFDATA2LSB;
    im.eh.e_ident[EI_VERSION] = EV_CURRENT;
    im.eh.e_type = ET_EXEC;
    im.eh.e_machine = EM_AARCH64;
    im.eh.e_version = EV_CURRENT;
    im.eh.e_entry = 0x400100;
    im.eh.e_phoff = sizeof(Elf64_Ehdr);
    im.eh.e_ehsize = sizeof(Elf64_Ehdr);
    im.eh.e_phentsize = sizeof(Elf64_Phdr);
    im.eh.e_phnum = 3;
    im.ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
                            .p_flags = PF_R | PF_X,
                            .p_offset = 0,
                            .p_vaddr = 0x400000,
                            .p_filesz = 0x2000,
                            .p_memsz = 0x2000,
                            .p_align = 0x10000};
    im.ph[1] = (Elf64_Phdr){.p_type = PT_LOAD,
                            .p_flags = PF_R | PF_W,
                            .p_offset = 0x2100,
                            .p_vaddr = 0x412100,
                            .p_filesz = 0x100,
                            .p_memsz = 0x3000,
                            .p_align = 0x10000};
    im.ph[2] = (Elf64_Phdr){.p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W};
    return im;
}

#define FILE_SIZE 0x3000

static int check(const image *im, uint64_t size, const char **why) {
    *why = NULL;
    int r = elf_check_ehdr(&im->eh, size, why);
    if (r) return r;
    return elf_check_phdrs(im->ph, im->eh.e_phnum, size, why);
}

#define EXPECT_BAD(im, size)                                                                       \
    do {                                                                                           \
        const char *why;                                                                           \
        cr_expect_eq(check(&(im), (size), &why), -ENOEXEC);                                        \
        cr_expect_not_null(why);                                                                   \
    } while (0)

Test(elf, valid_header_passes) {
    image im = valid();
    const char *why;
    cr_expect_eq(check(&im, FILE_SIZE, &why), 0, "%s", why ? why : "");
    im.eh.e_type = ET_DYN;
    cr_expect_eq(check(&im, FILE_SIZE, &why), 0);
}

Test(elf, too_short) {
    image im = valid();
    EXPECT_BAD(im, 10);
}

Test(elf, ident_fields) {
    image im = valid();
    im.eh.e_ident[1] = 'X';
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.eh.e_ident[EI_CLASS] = ELFCLASS32;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.eh.e_ident[EI_DATA] = ELFDATA2MSB;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.eh.e_ident[EI_VERSION] = 0;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.eh.e_version = 2;
    EXPECT_BAD(im, FILE_SIZE);
}

Test(elf, machine_and_type) {
    image im = valid();
    im.eh.e_machine = EM_X86_64;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.eh.e_type = ET_REL;
    EXPECT_BAD(im, FILE_SIZE);
    im.eh.e_type = ET_CORE;
    EXPECT_BAD(im, FILE_SIZE);
}

Test(elf, program_header_table) {
    image im = valid();
    im.eh.e_phentsize = 48;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.eh.e_phnum = 0;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.eh.e_phnum = 2000;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.eh.e_phoff = FILE_SIZE - 10;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.eh.e_phoff = UINT64_MAX - 8; /* offset + size overflows */
    EXPECT_BAD(im, FILE_SIZE);
}

Test(elf, segments) {
    image im = valid();
    im.ph[1].p_filesz = 0x4000; /* more file than memory */
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.ph[1].p_offset = 0x2200; /* offset and address disagree modulo the page */
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.ph[1].p_offset = 0x2f00 + 0x1000; /* past the end of the file */
    im.ph[1].p_vaddr = 0x413f00;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.ph[1].p_vaddr = 0x401100; /* overlaps the first segment */
    im.ph[1].p_offset = 0x1100;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.ph[1].p_vaddr = (1ull << 47) - 0x1000 + 0x100; /* runs past the user range */
    im.ph[1].p_offset = 0x100;
    EXPECT_BAD(im, FILE_SIZE);
    im = valid();
    im.ph[0].p_type = PT_NOTE;
    im.ph[1].p_type = PT_NOTE;
    EXPECT_BAD(im, FILE_SIZE); /* nothing to load */
}

Test(elf, interp) {
    image im = valid();
    im.ph[2] = (Elf64_Phdr){.p_type = PT_INTERP, .p_offset = 0x200, .p_filesz = 28};
    const char *why;
    cr_expect_eq(check(&im, FILE_SIZE, &why), 0);
    im.ph[2].p_filesz = 1;
    EXPECT_BAD(im, FILE_SIZE);
    im.ph[2].p_filesz = 0x10000;
    EXPECT_BAD(im, FILE_SIZE);
    im.ph[2].p_filesz = 28;
    im.ph[2].p_offset = FILE_SIZE - 4;
    EXPECT_BAD(im, FILE_SIZE);
}

Test(elf, load_reports_errors) {
    elf_image img;
    const char *why;
    cr_expect_eq(elf_load("/nonexistent/prog", 0, &img, &why), -ENOENT);
    cr_expect_eq(elf_load("/", 0, &img, &why), -EACCES);               /* not a regular file */
    cr_expect_eq(elf_load("/proc/self/exe", 0, &img, &why), -ENOEXEC); /* x86-64 */
    cr_expect_str_eq(why, "not an AArch64 program");
}

/* Random corruption of a valid image: the checks never crash, and whatever they accept
 * keeps the invariants the mapper relies on. */
Test(elf, fuzz_headers) {
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (int iter = 0; iter < 200000; iter++) {
        image im = valid();
        uint8_t *b = (uint8_t *)&im;
        int flips = 1 + (int)(seed % 4);
        for (int k = 0; k < flips; k++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            b[seed % sizeof im] ^= (uint8_t)(1u << ((seed >> 32) % 8));
        }
        uint64_t size = FILE_SIZE - (seed >> 40) % 64;
        const char *why = NULL;
        if (elf_check_ehdr(&im.eh, size, &why)) continue;
        cr_assert(im.eh.e_phoff + im.eh.e_phnum * sizeof(Elf64_Phdr) <= size);
        if (im.eh.e_phoff != sizeof(Elf64_Ehdr) || im.eh.e_phnum > 3) continue;
        if (elf_check_phdrs(im.ph, im.eh.e_phnum, size, &why)) continue;
        uint64_t prev = 0;
        for (int i = 0; i < im.eh.e_phnum; i++) {
            const Elf64_Phdr *p = &im.ph[i];
            if (p->p_type != PT_LOAD) continue;
            cr_assert(p->p_filesz <= p->p_memsz);
            cr_assert(p->p_filesz == 0 || p->p_offset + p->p_filesz <= size);
            cr_assert(p->p_vaddr + p->p_memsz <= (1ull << 47));
            cr_assert(p->p_vaddr >= prev);
            cr_assert_eq(p->p_offset % 4096, p->p_vaddr % 4096);
            prev = p->p_vaddr + p->p_memsz;
        }
    }
}

/* A small ELF file on disk: text at 0x10000000 (file offset 0), data+bss at 0x10012100
 * with bss past the end of the data page and a hole between the two segments. */
static void write_image(const char *path, uint16_t type, uint64_t base, uint64_t memsz) {
    image im = valid();
    im.eh.e_type = type;
    im.eh.e_entry = base + 0x100;
    im.ph[0].p_vaddr = base;
    im.ph[1].p_vaddr = base + 0x12100;
    im.ph[1].p_filesz = 0x100;
    im.ph[1].p_memsz = memsz;
    im.ph[2] = (Elf64_Phdr){.p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W | PF_X};
    static uint8_t file[FILE_SIZE];
    memset(file, 0xee, sizeof file); /* what must not show through in bss */
    memcpy(file, &im, sizeof im);
    memset(file + 0x2100, 0x42, 0x100);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(file, 1, sizeof file, f), sizeof file);
    fclose(f);
}

static void check_mapped(const elf_image *img, uint64_t base) {
    cr_expect_eq(img->lo, base);
    cr_expect_eq(img->hi, base + 0x16000);
    cr_expect_eq(img->entry, base + 0x100);
    cr_expect_eq(img->phdr, base + sizeof(Elf64_Ehdr), "PT_LOAD holding e_phoff");
    cr_expect(img->exec_stack);
    cr_expect_eq(memcmp((void *)base, ELFMAG, 4), 0);
    cr_expect_eq(mm_region_find(base)->prot, PROT_READ | PROT_EXEC);
    cr_expect_null(mm_region_find(base + 0x8000), "the hole is not mapped");
    const uint8_t *data = (const uint8_t *)(base + 0x12100);
    cr_expect_eq(data[0], 0x42);
    cr_expect_eq(data[0xff], 0x42);
    for (int i = 0x100; i < 0x3000; i++)
        cr_assert_eq(data[i], 0, "bss byte %#x", i);
    cr_expect_eq(data[-1], 0xee, "file bytes before the segment stay (same page)");
    cr_expect_eq(mm_region_find(base + 0x12000)->prot, PROT_READ | PROT_WRITE);
    cr_expect(guest_access_ok(base + 0x12000, 0x4000, PROT_READ | PROT_WRITE));
}

Test(elf, load_exec_image) {
    char path[] = "/tmp/test_shim_elf_XXXXXX";
    close(mkstemp(path));
    uint64_t base = 0x10000000;
    write_image(path, ET_EXEC, base, 0x3000);
    cr_assert_eq(mm_init(NULL), 0);
    elf_image img;
    const char *why = NULL;
    int r = elf_load(path, 0, &img, &why);
    cr_assert_eq(r, 0, "%d %s", r, why ? why : "");
    check_mapped(&img, base);
    cr_expect_eq(img.bias, 0);
    /* the same addresses again: taken now, so refused */
    cr_expect_eq(elf_load(path, 0, &img, &why), -ENOMEM);
    unlink(path);
}

Test(elf, load_dyn_image_at_hint) {
    char path[] = "/tmp/test_shim_elf_XXXXXX";
    close(mkstemp(path));
    write_image(path, ET_DYN, 0, 0x3000);
    cr_assert_eq(mm_init(NULL), 0);
    elf_image img;
    const char *why = NULL;
    cr_assert_eq(elf_load(path, 0x5500000000, &img, &why), 0);
    check_mapped(&img, 0x5500000000);
    cr_expect_eq(img.bias, 0x5500000000);
    /* hint taken: somewhere else, still aligned to p_align */
    elf_image img2;
    cr_assert_eq(elf_load(path, 0x5500000000, &img2, &why), 0);
    cr_expect_neq(img2.bias, img.bias);
    cr_expect_eq(img2.bias % 0x10000, 0);
    check_mapped(&img2, img2.bias);
    unlink(path);
}

/* bss that ends inside the last file page: the rest of that page reads zero too (Linux's
 * padzero; ld.so's early allocator hands it out as zeroed memory). */
Test(elf, load_zeroes_rest_of_bss_page) {
    char path[] = "/tmp/test_shim_elf_XXXXXX";
    close(mkstemp(path));
    uint64_t base = 0x10000000;
    write_image(path, ET_EXEC, base, 0x180);
    cr_assert_eq(mm_init(NULL), 0);
    elf_image img;
    const char *why = NULL;
    cr_assert_eq(elf_load(path, 0, &img, &why), 0);
    const uint8_t *page = (const uint8_t *)(base + 0x12000);
    cr_expect_eq(page[0xff], 0xee, "file bytes before the segment");
    cr_expect_eq(page[0x100], 0x42);
    for (int i = 0x200; i < 0x1000; i++) cr_assert_eq(page[i], 0, "byte %#x", i);
    cr_expect_eq(img.hi, base + 0x13000);
    unlink(path);
}
