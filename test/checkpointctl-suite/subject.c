/*
 * The process tree the ported checkpointctl scenarios checkpoint with CRIU
 * (our own program; the facts are those the scenarios assert).
 *
 *   subject [--net] [--zombie] CMD_FIFO ACK_FIFO
 *
 * Clones an init in a new pid namespace, prints its pid (as the caller sees
 * it) and exits. The init (comm "subject", fds 0-2 on /dev/null, its own
 * session):
 *   --net     unshares a network namespace, sets lo up, forks "tcp-server"
 *             (0.0.0.0:5000, one "tcp-conn" child per accepted connection)
 *             and "tcp-client" (connected to 127.0.0.1:5000);
 *   --zombie  forks "subject-zombie", which forks "stopped-child" (stopped
 *             by SIGSTOP) and "alive-child" and exits unreaped.
 * Then it reads commands, one a line, from CMD_FIFO and answers "ok" or
 * "fail: why" on ACK_FIFO: spawn-tcp / kill-tcp (a "tcp-client2" connected
 * to :5000, and its tcp-conn), spawn-udp / kill-udp (a "udp-client2"
 * connected to 127.0.0.1:5001). Its first answer, "ready", comes when the
 * start-up connections are accepted, so a dump then sees them established.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <linux/close_range.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define TCP_PORT 5000
#define UDP_PORT 5001
#define MAX_EXTRA 16
#define STACK_SIZE (64 * 1024)

static int with_net, with_zombie;
static const char *cmd_path, *ack_path;
/* The tcp-server's handlers write one byte here per accepted connection. */
static int accepted[2];

static void name(const char *comm) { prctl(PR_SET_NAME, comm); }

static void lo_up(void)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	strcpy(ifr.ifr_name, "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0) _exit(10);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) _exit(11);
	close(s);
}

static void tcp_server(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(TCP_PORT) };
	int one = 1, s;
	if (fork() != 0) return;
	name("tcp-server");
	signal(SIGCHLD, SIG_IGN);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 16)) _exit(12);
	for (;;) {
		char buf[256];
		int c = accept(s, NULL, NULL);
		if (c < 0) continue;
		if (fork() == 0) {
			name("tcp-conn");
			close(s);
			if (write(accepted[1], "a", 1) != 1) _exit(13);
			while (read(c, buf, sizeof(buf)) > 0) {}
			_exit(0);
		}
		close(c);
	}
}

/* A child named comm with a socket of type connected to 127.0.0.1:port; its pid once connected. */
static pid_t client(const char *comm, int type, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int sync[2];
	char ok;
	pid_t p;
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (pipe(sync)) return -1;
	p = fork();
	if (p == 0) {
		int s, tries;
		name(comm);
		close(sync[0]);
		s = socket(AF_INET, type, 0);
		for (tries = 0; connect(s, (struct sockaddr *)&a, sizeof(a)) != 0; tries++) {
			if (tries > 200) _exit(14);
			usleep(20000);
		}
		if (write(sync[1], "c", 1) != 1) _exit(15);
		close(sync[1]);
		for (;;) pause();
	}
	close(sync[1]);
	if (p < 0 || read(sync[0], &ok, 1) != 1) p = -1;
	close(sync[0]);
	/* A TCP client counts once the server has accepted it. */
	if (p > 0 && type == SOCK_STREAM && read(accepted[0], &ok, 1) != 1) p = -1;
	return p;
}

static void zombie(void)
{
	if (fork() != 0) return; /* never reaped: stays a zombie */
	name("subject-zombie");
	if (fork() == 0) {
		name("stopped-child");
		raise(SIGSTOP);
		for (;;) pause();
	}
	if (fork() == 0) {
		name("alive-child");
		for (;;) pause();
	}
	_exit(0);
}

static int init_main(void *unused)
{
	pid_t tcp[MAX_EXTRA], udp[MAX_EXTRA];
	int ntcp = 0, nudp = 0, null_in, null_out;
	FILE *cmd, *ack;
	char line[128];
	(void)unused;
	name("subject");
	setsid();
	null_in = open("/dev/null", O_RDONLY);
	null_out = open("/dev/null", O_WRONLY);
	dup2(null_in, 0);
	dup2(null_out, 1);
	dup2(null_out, 2);
	if (null_in > 2) close(null_in);
	if (null_out > 2) close(null_out);
	/* Whatever the caller left open (its files live in another mount namespace). */
	close_range(3, ~0U, 0);
	/* Read-write, so that the test closing its end is no end of file. */
	cmd = fopen(cmd_path, "r+");
	ack = fopen(ack_path, "r+");
	if (!cmd || !ack) return 16;
	setvbuf(ack, NULL, _IOLBF, 0);
	if (pipe(accepted)) return 17;
	if (with_net) {
		if (unshare(CLONE_NEWNET)) return 18;
		lo_up();
		tcp_server();
		if (client("tcp-client", SOCK_STREAM, TCP_PORT) < 0) return 19;
	}
	if (with_zombie) zombie();
	fprintf(ack, "ready\n");
	while (fgets(line, sizeof(line), cmd)) {
		const char *fail = NULL;
		line[strcspn(line, "\n")] = 0;
		if (!strcmp(line, "spawn-tcp") || !strcmp(line, "spawn-udp")) {
			int is_tcp = line[6] == 't';
			pid_t *list = is_tcp ? tcp : udp;
			int *n = is_tcp ? &ntcp : &nudp;
			pid_t p = *n < MAX_EXTRA ? client(is_tcp ? "tcp-client2" : "udp-client2",
							  is_tcp ? SOCK_STREAM : SOCK_DGRAM,
							  is_tcp ? TCP_PORT : UDP_PORT)
						 : -1;
			if (p < 0) fail = "could not connect";
			else list[(*n)++] = p;
		} else if (!strcmp(line, "kill-tcp") || !strcmp(line, "kill-udp")) {
			int is_tcp = line[5] == 't';
			pid_t *list = is_tcp ? tcp : udp;
			int *n = is_tcp ? &ntcp : &nudp;
			if (*n == 0) fail = "none to kill";
			else {
				pid_t p = list[--(*n)];
				kill(p, SIGKILL);
				waitpid(p, NULL, 0);
			}
		} else {
			fail = "unknown command";
		}
		if (fail) fprintf(ack, "fail: %s\n", fail);
		else fprintf(ack, "ok\n");
	}
	return 0;
}

int main(int argc, char **argv)
{
	char *stack;
	pid_t pid;
	int i;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--net")) with_net = 1;
		else if (!strcmp(argv[i], "--zombie")) with_zombie = 1;
		else return 2;
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: %s [--net] [--zombie] CMD_FIFO ACK_FIFO\n", argv[0]);
		return 2;
	}
	cmd_path = argv[i];
	ack_path = argv[i + 1];
	stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (stack == MAP_FAILED) return 3;
	pid = clone(init_main, stack + STACK_SIZE, CLONE_NEWPID | SIGCHLD, NULL);
	if (pid < 0) {
		perror("clone");
		return 4;
	}
	printf("%d\n", pid);
	return 0;
}
