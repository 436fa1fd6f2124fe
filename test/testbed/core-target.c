// The core file test's workload (test/integration/coredump.test.ts): a
// static program with a marker string written at run time into a global
// buffer (so its page is dirty, dumped by CRIU, and readable by gdb only
// from the core file, not from the binary), and THREADS threads that wait.
// Once every thread runs it writes "ADDRESS PID TID..." to OUT/ready.
// Usage: core-target OUT
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 2

static char marker[64];
static volatile pid_t tids[THREADS];

static void *wait_forever(void *arg) {
  long i = (long)arg;
  tids[i] = (pid_t)syscall(SYS_gettid);
  for (;;) pause();
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: core-target OUT\n");
    return 2;
  }
  snprintf(marker, sizeof marker, "h-core marker %d", 4242);
  pthread_t threads[THREADS];
  for (long i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, wait_forever, (void *)i);
  for (int i = 0; i < THREADS; i++)
    while (tids[i] == 0) usleep(1000);
  char path[4096], tmp[4096];
  snprintf(path, sizeof path, "%s/ready", argv[1]);
  snprintf(tmp, sizeof tmp, "%s/ready.tmp", argv[1]);
  FILE *f = fopen(tmp, "w");
  if (!f) return 1;
  fprintf(f, "%p %d", (void *)marker, (int)getpid());
  for (int i = 0; i < THREADS; i++) fprintf(f, " %d", (int)tids[i]);
  fprintf(f, "\n");
  fclose(f);
  rename(tmp, path);
  for (;;) pause();
}
