// tests/diff/progs/string_str.c: NUL-terminated string routines (strlen, strchr, strrchr, strcmp,
// strncmp, strstr, strcpy, strncpy, strcat, strspn, strpbrk, strtok_r, strcasecmp) at many lengths
// and alignments, including strings that end just before an unmapped guard page.
// diff-cflags: -Wno-stringop-truncation
#include <stdlib.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>
#include "diff.h"

static char *guard_end;  // first byte of an inaccessible page

static void make_string(char *p, size_t n, int alphabet) {
  for (size_t i = 0; i < n; i++) p[i] = (char)('a' + rnd() % (unsigned)alphabet);
  p[n] = 0;
}

static void lengths_and_search(void) {
  char *buf = malloc(5000);
  for (size_t n = 0; n < 300; n += (n < 40 ? 1 : 13)) {
    for (int al = 0; al < 16; al += 5) {
      char *s = buf + al;
      make_string(s, n, 6);
      char c = (char)('a' + rnd() % 7);  // 'g' never occurs
      const char *f = strchr(s, c), *r = strrchr(s, c), *z = strchr(s, 0);
      out("len n=%zu al=%d strlen=%zu chr=%td rchr=%td nul=%td spn=%zu cspn=%zu pbrk=%td nlen=%zu\n", n, al,
          strlen(s), f ? f - s : -1, r ? r - s : -1, z - s, strspn(s, "abc"), strcspn(s, "ef"),
          strpbrk(s, "fd") ? strpbrk(s, "fd") - s : -1, strnlen(s, n / 2 + 1));
      char needle[5];
      make_string(needle, 1 + rnd() % 4, 3);
      const char *hit = strstr(s, needle);
      out("  strstr %s %td memmem %td\n", needle, hit ? hit - s : -1,
          n ? (memmem(s, n, needle, strlen(needle)) ? (char *)memmem(s, n, needle, strlen(needle)) - s : -1) : -2);
    }
  }
  free(buf);
}

static void compares(void) {
  char x[600], y[600];
  for (size_t n = 0; n < 520; n += (n < 70 ? 1 : 37)) {
    for (int pos = 0; pos < 4; pos++) {
      int ax = (int)(rnd() % 16), ay = (int)(rnd() % 16);
      make_string(x + ax, n, 3);
      memcpy(y + ay, x + ax, n + 1);
      if (n && pos) {
        size_t at = rnd() % n;
        y[ay + at] = pos == 1 ? 0 : (char)(y[ay + at] + (pos == 2 ? 1 : -1));
        if (pos == 3) y[ay + at] ^= 0x20;  // case change for strcasecmp
      }
      int a = strcmp(x + ax, y + ay), b = strncmp(x + ax, y + ay, n / 2), c = strcasecmp(x + ax, y + ay);
      out("cmp n=%zu pos=%d %d %d %d\n", n, pos, (a > 0) - (a < 0), (b > 0) - (b < 0), (c > 0) - (c < 0));
    }
  }
}

static void copies(void) {
  char src[400], dst[900];
  for (size_t n = 0; n < 300; n += 7) {
    make_string(src, n, 26);
    memset(dst, 'Z', sizeof dst);
    strcpy(dst + 3, src);
    strcat(dst + 3, "-tail");
    strncat(dst + 3, src, 10);
    strncpy(dst + 500, src, n / 2 + 20);  // pads with NULs when src is short
    char *d = stpcpy(dst + 700, "stp");
    uint64_t h = 0;
    for (size_t i = 0; i < sizeof dst; i++) h = h * 131 + (unsigned char)dst[i];
    out("copy n=%zu %016llx len=%zu stp=%td\n", n, (unsigned long long)h, strlen(dst + 3), d - dst);
  }
}

// Strings ending right before an unmapped page: a routine that reads past the NUL into the next
// page would fault, on real hardware as under the emulator.
static void at_page_end(void) {
  for (size_t n = 0; n < 70; n++) {
    char *s = guard_end - n - 1;
    memset(s, 'q', n);
    s[n] = 0;
    const char *c = strchr(s, 'x');
    out("guard n=%zu strlen=%zu chr=%d rchr=%td cmp=%d dup=%zu\n", n, strlen(s), c != NULL,
        strrchr(s, 'q') ? strrchr(s, 'q') - s : -1, strcmp(s, guard_end - n - 1), strlen(strdupa(s)));
  }
}

static void tokens(void) {
  char text[] = "alpha, beta;gamma  delta,,epsilon ;zeta eta,theta";
  char *save, *tok = strtok_r(text, ",; ", &save);
  int n = 0;
  while (tok) {
    out("tok %d '%s'\n", n++, tok);
    tok = strtok_r(NULL, ",; ", &save);
  }
}

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *m = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED || mprotect(m + page, (size_t)page, PROT_NONE)) return 1;
  guard_end = m + page;
  lengths_and_search();
  compares();
  copies();
  at_page_end();
  tokens();
  return diff_status();
}
