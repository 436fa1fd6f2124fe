/*
 * memhog: holds N MiB of known memory for memory-map and search tests.
 *
 * usage: memhog MIB [OUT.json]
 *
 * Maps MIB MiB of anonymous memory, fills every page with a deterministic
 * pseudo-random pattern (so no page is zero and CRIU dumps all of them),
 * plants known strings at known offsets (one straddles a 4096-byte page
 * boundary), writes their virtual addresses as JSON to OUT.json (atomically,
 * via a temporary file) and to stdout, then sleeps until killed.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct marker {
  const char *name;
  const char *text;
  size_t offset;
};

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: memhog MIB [OUT.json]\n");
    return 2;
  }
  long mib = strtol(argv[1], NULL, 10);
  if (mib < 1) {
    fprintf(stderr, "memhog: MIB must be >= 1\n");
    return 2;
  }
  size_t size = (size_t)mib << 20;
  unsigned char *base = mmap(NULL, size, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) {
    perror("mmap");
    return 1;
  }

  /* xorshift64: cheap, deterministic, incompressible enough. */
  uint64_t x = 0x9E3779B97F4A7C15ull;
  uint64_t *words = (uint64_t *)base;
  for (size_t i = 0; i < size / 8; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    words[i] = x;
  }

  struct marker markers[] = {
      {"start", "CKPT-MEMHOG-MARKER-START-7f3a91", 0},
      {"straddle", "CKPT-MEMHOG-MARKER-STRADDLE-PAGE-c4e2d8", 4096 * 3 - 11},
      {"middle", "CKPT-MEMHOG-MARKER-MIDDLE-5b06e7", size / 2 + 1234},
      {"end", "CKPT-MEMHOG-MARKER-END-e19c40", size - 64},
  };
  size_t n = sizeof(markers) / sizeof(markers[0]);
  for (size_t i = 0; i < n; i++)
    memcpy(base + markers[i].offset, markers[i].text, strlen(markers[i].text));

  char json[4096];
  int len = snprintf(json, sizeof json,
                     "{\"pid\":%d,\"mib\":%ld,\"size\":%zu,\"base\":\"0x%lx\","
                     "\"pageSize\":4096,\"markers\":[",
                     getpid(), mib, size, (unsigned long)base);
  for (size_t i = 0; i < n; i++)
    len += snprintf(json + len, sizeof json - len,
                    "%s{\"name\":\"%s\",\"text\":\"%s\",\"offset\":%zu,"
                    "\"address\":\"0x%lx\"}",
                    i ? "," : "", markers[i].name, markers[i].text,
                    markers[i].offset,
                    (unsigned long)(base + markers[i].offset));
  len += snprintf(json + len, sizeof json - len, "]}\n");

  if (argc > 2) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
    FILE *f = fopen(tmp, "w");
    if (!f || fputs(json, f) < 0 || fclose(f) != 0 || rename(tmp, argv[2])) {
      perror(argv[2]);
      return 1;
    }
  }
  fputs(json, stdout);
  fflush(stdout);

  for (;;)
    pause();
}
