// SPDX-License-Identifier: GPL-2.0
/*
 * wskbench: the userspace side of `make bench`, inside the VM. Each command drives one
 * workload against a consumer of wsk_bench.ko (or an echo server) and prints one line: the
 * rate, its unit, and for echo the latency percentiles.
 *
 *   wskbench udp PORT SIZE SECONDS COUNTER    datagrams/s the consumer counted while flooded
 *   wskbench tcp PORT BYTES COUNTER           bytes/s until the consumer counted BYTES
 *   wskbench connect PORT N COUNTER           connections/s until the consumer counted N
 *   wskbench hold PORT N                      open N connections, keep them until SIGTERM
 *   wskbench sink PORT BYTES                  accept one connection, read BYTES: bytes/s
 *   wskbench epoll-echo PORT                  an epoll echo server, until SIGTERM
 *   wskbench echo-rr PORT CONNS SECONDS       64-byte request/response: transactions/s, p50, p99
 *   wskbench echo-bulk PORT BYTES             BYTES through an echo server: bytes/s
 *
 * COUNTER is a file holding a number (the module's /sys/module/wsk_bench/parameters/count).
 * Everything is on 127.0.0.1. Exit status 1 and a message on stderr if the workload could not
 * run or did not finish within 120 s.
 */

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define LIMIT_S 120
#define CHUNK (64 * 1024)

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "wskbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long counter(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die(path);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		die(path);
	buf[n] = 0;
	return atoll(buf);
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

/*
 * A connection to 127.0.0.1:@port. With @reset_ok, a server that accepted and reset it before
 * connect() returned (the accept workloads close at once) is not an error: -1 then.
 */
static int tcp_connect_maybe(int port, int reset_ok)
{
	struct sockaddr_in sin = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		if (reset_ok && errno == ECONNRESET) {
			close(fd);
			return -1;
		}
		die("connect");
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static int tcp_connect(int port)
{
	return tcp_connect_maybe(port, 0);
}

static int tcp_listen(int port)
{
	struct sockaddr_in sin = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, 1024))
		die("bind/listen");
	return fd;
}

/* Wait until the counter has grown by @want since @base. Return: the time it got there. */
static double wait_count(const char *path, long long base, long long want, double t0)
{
	while (counter(path) - base < want) {
		if (now() - t0 > LIMIT_S) {
			fprintf(stderr, "wskbench: the consumer counted %lld of %lld in %d s\n",
				counter(path) - base, want, LIMIT_S);
			exit(1);
		}
		poll(NULL, 0, 1);
	}
	return now();
}

static int cmd_udp(int port, int size, double secs, const char *path)
{
	struct sockaddr_in sin = loopback(port);
	char buf[65536] = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	long long c0;
	double t0, t1;

	if (fd < 0 || size < 1 || size > (int)sizeof(buf))
		die("udp socket");
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("udp connect");
	c0 = counter(path);
	t0 = now();
	do {
		int i;

		for (i = 0; i < 64; i++)
			if (send(fd, buf, size, 0) < 0 && errno != ECONNREFUSED && errno != ENOBUFS)
				die("send");
		t1 = now();
	} while (t1 - t0 < secs);
	printf("%.0f datagrams/s\n", (counter(path) - c0) / (t1 - t0));
	return 0;
}

static int cmd_tcp(int port, long long bytes, const char *path)
{
	static char buf[CHUNK];
	long long c0 = counter(path), sent = 0;
	double t0 = now(), t1;
	int fd = tcp_connect(port);

	while (sent < bytes) {
		ssize_t n = send(fd, buf, bytes - sent < CHUNK ? bytes - sent : CHUNK, 0);

		if (n < 0)
			die("send");
		sent += n;
	}
	t1 = wait_count(path, c0, bytes, t0);
	close(fd);
	printf("%.0f bytes/s\n", bytes / (t1 - t0));
	return 0;
}

static int cmd_connect(int port, int n, const char *path)
{
	long long c0 = counter(path);
	double t0 = now(), t1;
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	int i;

	for (i = 0; i < n; i++) {
		int fd = tcp_connect_maybe(port, 1);

		if (fd < 0)
			continue;
		/* A reset: no TIME_WAIT left behind on our side, any number of rounds. */
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(fd);
	}
	t1 = wait_count(path, c0, n, t0);
	printf("%.0f connections/s\n", n / (t1 - t0));
	return 0;
}

static int cmd_hold(int port, int n)
{
	int i;

	signal(SIGTERM, on_term);
	for (i = 0; i < n; i++)
		tcp_connect(port);
	printf("held %d\n", n);
	fflush(stdout);
	while (!stop)
		pause();
	return 0;
}

static int cmd_sink(int port, long long bytes)
{
	static char buf[CHUNK];
	int lfd = tcp_listen(port), fd;
	long long got = 0;
	double t0;

	printf("listening\n");
	fflush(stdout);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		die("accept");
	t0 = now();
	while (got < bytes) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0)
			break;
		got += n;
	}
	if (got < bytes) {
		fprintf(stderr, "wskbench: sink got %lld of %lld bytes\n", got, bytes);
		return 1;
	}
	printf("%.0f bytes/s\n", got / (now() - t0));
	return 0;
}

static int cmd_epoll_echo(int port)
{
	static char buf[CHUNK];
	struct epoll_event ev, evs[64];
	int lfd = tcp_listen(port), ep = epoll_create1(0), i, n;

	if (ep < 0)
		die("epoll");
	signal(SIGTERM, on_term);
	ev.events = EPOLLIN;
	ev.data.fd = lfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	printf("listening\n");
	fflush(stdout);
	while (!stop) {
		n = epoll_wait(ep, evs, 64, 1000);
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd, one = 1;
			ssize_t r;

			if (fd == lfd) {
				fd = accept(lfd, NULL, NULL);
				if (fd < 0)
					continue;
				setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
				ev.events = EPOLLIN;
				ev.data.fd = fd;
				epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
				continue;
			}
			r = read(fd, buf, sizeof(buf));
			if (r <= 0) {
				close(fd);
				continue;
			}
			/* Blocking sockets: the whole echo goes out before the next read. */
			if (write(fd, buf, r) != r)
				close(fd);
		}
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void read_all(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n <= 0)
			die("echo read");
		got += n;
	}
}

static int cmd_echo_rr(int port, int conns, double secs)
{
	size_t cap = 1 << 20, nlat = 0;
	double *lat = malloc(cap * sizeof(*lat)), t0, t, *sent;
	char msg[64] = "wskbench request/response payload, sixty-four bytes long....";
	char back[64];
	int *fds, i;

	fds = calloc(conns, sizeof(*fds));
	sent = calloc(conns, sizeof(*sent));
	if (!lat || !fds || !sent)
		die("malloc");
	for (i = 0; i < conns; i++)
		fds[i] = tcp_connect(port);
	t0 = now();
	do {
		for (i = 0; i < conns; i++) {
			sent[i] = now();
			if (write(fds[i], msg, sizeof(msg)) != sizeof(msg))
				die("echo write");
		}
		for (i = 0; i < conns; i++) {
			read_all(fds[i], back, sizeof(back));
			if (nlat < cap)
				lat[nlat++] = now() - sent[i];
		}
		t = now();
	} while (t - t0 < secs);
	qsort(lat, nlat, sizeof(*lat), cmp_double);
	printf("%.0f transactions/s p50 %.0f us p99 %.0f us\n", nlat / (t - t0),
	       lat[nlat / 2] * 1e6, lat[nlat * 99 / 100] * 1e6);
	return 0;
}

static int cmd_echo_bulk(int port, long long bytes)
{
	static char out[CHUNK], in[CHUNK];
	int fd = tcp_connect(port);
	long long sent = 0, got = 0;
	double t0 = now();
	struct pollfd p = { .fd = fd };

	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (got < bytes) {
		p.events = POLLIN | (sent < bytes ? POLLOUT : 0);
		if (poll(&p, 1, 1000) < 0)
			die("poll");
		if (now() - t0 > LIMIT_S) {
			fprintf(stderr, "wskbench: echo-bulk got %lld of %lld bytes\n", got, bytes);
			return 1;
		}
		if ((p.revents & POLLOUT) && sent < bytes) {
			ssize_t n = write(fd, out, bytes - sent < CHUNK ? bytes - sent : CHUNK);

			if (n > 0)
				sent += n;
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(fd, in, sizeof(in));

			if (n == 0 || (n < 0 && errno != EAGAIN)) {
				fprintf(stderr, "wskbench: echo-bulk: the server went after %lld bytes\n",
					got);
				return 1;
			}
			if (n > 0)
				got += n;
		}
	}
	printf("%.0f bytes/s\n", bytes / (now() - t0));
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: wskbench udp PORT SIZE SECONDS COUNTER | tcp PORT BYTES COUNTER |\n"
		"  connect PORT N COUNTER | hold PORT N | sink PORT BYTES | epoll-echo PORT |\n"
		"  echo-rr PORT CONNS SECONDS | echo-bulk PORT BYTES\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";
	int port = argc > 2 ? atoi(argv[2]) : 0;

	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(c, "udp") && argc == 6)
		return cmd_udp(port, atoi(argv[3]), atof(argv[4]), argv[5]);
	if (!strcmp(c, "tcp") && argc == 5)
		return cmd_tcp(port, atoll(argv[3]), argv[4]);
	if (!strcmp(c, "connect") && argc == 5)
		return cmd_connect(port, atoi(argv[3]), argv[4]);
	if (!strcmp(c, "hold") && argc == 4)
		return cmd_hold(port, atoi(argv[3]));
	if (!strcmp(c, "sink") && argc == 4)
		return cmd_sink(port, atoll(argv[3]));
	if (!strcmp(c, "epoll-echo") && argc == 3)
		return cmd_epoll_echo(port);
	if (!strcmp(c, "echo-rr") && argc == 5)
		return cmd_echo_rr(port, atoi(argv[3]), atof(argv[4]));
	if (!strcmp(c, "echo-bulk") && argc == 4)
		return cmd_echo_bulk(port, atoll(argv[3]));
	usage();
	return 2;
}
