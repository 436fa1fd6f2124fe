// The recovered-data test's workload (test/integration/recovered-hidden-state.test.ts):
// before its checkpoint it holds state only a checkpoint keeps, and writes the
// exact bytes of each into its out folder (argv[1]) for the test to compare:
//   ghost.bin   a file it opened, wrote, and deleted (fd kept open)
//   memfd.bin   the contents of a memfd (fd kept open)
//   pipe.bin    bytes written into a pipe and never read (both ends kept)
//   unix.bin    bytes sent on one end of a unix socket pair, unread on the other
//   tcp-in.bin  bytes the client sent over an established loopback TCP connection,
//               unread by the server (and tcp-back.bin: the server's, unread by the client)
// then "ready" holds: pid ghost_fd memfd_fd pipe_r pipe_w sv0 sv1 client server.
// The bytes are random per run, so nothing but this run's dump can match them.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *out_dir;
static unsigned long long seed;

static void die(const char *what) {
  perror(what);
  exit(1);
}

/** `n` bytes of a printable tag then pseudo-random bytes. */
static void fill(unsigned char *buf, size_t n, const char *tag) {
  size_t t = strlen(tag);
  for (size_t i = 0; i < n; i++) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    buf[i] = i < t ? (unsigned char)tag[i] : (unsigned char)(seed >> 56);
  }
}

static void record(const char *name, const unsigned char *buf, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", out_dir, name);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, buf, n) != (ssize_t)n || close(fd) != 0) die(path);
}

static void write_all(int fd, const unsigned char *buf, size_t n, const char *what) {
  if (write(fd, buf, n) != (ssize_t)n) die(what);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  out_dir = argv[1];
  seed = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 32);
  static unsigned char buf[20000];

  // A deleted file, still open: CRIU dumps its contents as a ghost file.
  int ghost = open("/tmp/hidden-state-deleted.txt", O_RDWR | O_CREAT | O_TRUNC, 0640);
  if (ghost < 0) die("ghost open");
  fill(buf, 5000, "ghost file contents: ");
  write_all(ghost, buf, 5000, "ghost write");
  record("ghost.bin", buf, 5000);
  if (unlink("/tmp/hidden-state-deleted.txt") != 0) die("unlink");

  // A memfd, never on any file system.
  int mfd = memfd_create("hidden-payload", 0);
  if (mfd < 0) die("memfd_create");
  fill(buf, 10000, "memfd payload: ");
  write_all(mfd, buf, 10000, "memfd write");
  record("memfd.bin", buf, 10000);

  // Bytes left in a pipe.
  int p[2];
  if (pipe(p) != 0) die("pipe");
  fill(buf, 777, "pipe bytes nobody read: ");
  write_all(p[1], buf, 777, "pipe write");
  record("pipe.bin", buf, 777);

  // Bytes left in a unix socket pair.
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) die("socketpair");
  fill(buf, 1234, "unix socket bytes: ");
  write_all(sv[0], buf, 1234, "unix write");
  record("unix.bin", buf, 1234);

  // An established TCP connection to ourselves over loopback, bytes unread both ways.
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof addr;
  if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 1) != 0 ||
      getsockname(listener, (struct sockaddr *)&addr, &len) != 0)
    die("listen");
  int client = socket(AF_INET, SOCK_STREAM, 0);
  if (client < 0 || connect(client, (struct sockaddr *)&addr, sizeof addr) != 0) die("connect");
  int server = accept(listener, NULL, NULL);
  if (server < 0) die("accept");
  close(listener);
  fill(buf, 3000, "tcp bytes the server never read: ");
  write_all(client, buf, 3000, "tcp write");
  record("tcp-in.bin", buf, 3000);
  fill(buf, 2000, "tcp bytes the client never read: ");
  write_all(server, buf, 2000, "tcp write back");
  record("tcp-back.bin", buf, 2000);

  char ready[256];
  int n = snprintf(ready, sizeof ready, "%d %d %d %d %d %d %d %d %d\n", getpid(), ghost, mfd, p[0], p[1], sv[0], sv[1],
                   client, server);
  char tmp[4096], path[4096];
  snprintf(tmp, sizeof tmp, "%s/ready.tmp", out_dir);
  snprintf(path, sizeof path, "%s/ready", out_dir);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, ready, n) != n || close(fd) != 0 || rename(tmp, path) != 0) die("ready");
  for (;;) pause();
}
