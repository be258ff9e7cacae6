/* test_elf.c — the loader's strict ELF checks: a valid AArch64 header passes, and each
 * malformed variant is refused with -ENOEXEC and a reason. */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <string.h>

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
