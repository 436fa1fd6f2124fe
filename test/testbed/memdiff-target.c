/*
 * memdiff-target: the workload of the memory diff test (issue 14).
 *
 * Maps MEMDIFF_PAGES anonymous pages at a fixed address, fills each with
 * 0x11, then forks. The child stays idle in pause(). The parent polls for
 * the file OUT/go; once it is there it writes 0xA0 + i into every byte of
 * page MEMDIFF_WRITE[i] (again on every poll: the same bytes each time, so
 * nothing else of the process changes: no flag, no stdio, no allocation).
 * The bytes are written by a plain loop through a volatile pointer (no call
 * leaves a different frame on the stack). errno is set back to 0 after every
 * call: a checkpoint interrupts pause() or nanosleep() (EINTR), and errno
 * lives in the TLS block, on a heap page of a static binary, which would
 * then differ between two checkpoints although the program wrote nothing.
 * The kernel writes too: the CPU a thread runs on goes into its rseq area
 * (glibc's struct pthread, on the heap of a static binary) at every switch,
 * so both processes are pinned to one CPU (and the pod sets
 * GLIBC_TUNABLES=glibc.pthread.rseq=0 so that glibc registers no rseq).
 * OUT/ready holds "PARENT CHILD" (pids in the container).
 *
 * usage: memdiff-target OUT_DIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define MEMDIFF_BASE 0x7e5000000000UL
#define MEMDIFF_PAGES 64
#define PAGE 4096
static const int MEMDIFF_WRITE[] = {3, 17, 40};
#define NWRITE (sizeof(MEMDIFF_WRITE) / sizeof(MEMDIFF_WRITE[0]))

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof cpus, &cpus) != 0) return 6;
  for (int c = 0; c < CPU_SETSIZE; c++)
    if (CPU_ISSET(c, &cpus)) {
      CPU_ZERO(&cpus);
      CPU_SET(c, &cpus);
      break;
    }
  if (sched_setaffinity(0, sizeof cpus, &cpus) != 0) return 6;
  unsigned char *buf = mmap((void *)MEMDIFF_BASE, MEMDIFF_PAGES * PAGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (buf != (unsigned char *)MEMDIFF_BASE) return 3;
  memset(buf, 0x11, MEMDIFF_PAGES * PAGE);

  char go[4096], ready[4096], tmp[4096], line[64];
  snprintf(go, sizeof go, "%s/go", argv[1]);
  snprintf(ready, sizeof ready, "%s/ready", argv[1]);
  snprintf(tmp, sizeof tmp, "%s/ready.tmp", argv[1]);

  pid_t child = fork();
  if (child < 0) return 4;
  if (child == 0)
    for (;;) {
      pause();
      errno = 0;
    }

  int n = snprintf(line, sizeof line, "%d %d\n", (int)getpid(), (int)child);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, line, n) != n || close(fd) != 0 || rename(tmp, ready) != 0) return 5;

  volatile unsigned char *v = buf;
  const struct timespec nap = {0, 20 * 1000 * 1000};
  errno = 0;
  for (;;) {
    int there = access(go, F_OK) == 0;
    errno = 0;
    if (there)
      for (unsigned i = 0; i < NWRITE; i++)
        for (unsigned j = 0; j < PAGE; j++) v[MEMDIFF_WRITE[i] * PAGE + j] = (unsigned char)(0xA0 + i);
    nanosleep(&nap, NULL);
    errno = 0;
  }
}
