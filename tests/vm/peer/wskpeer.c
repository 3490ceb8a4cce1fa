// SPDX-License-Identifier: GPL-2.0
/*
 * wskpeer: the other end of wsk's VM scenarios. Every mode checks what it receives and exits
 * non-zero, with a message naming the failure, when something is wrong. Every blocking call
 * is bounded by a timeout.
 *
 *   wskpeer echo ADDR PORT BYTES [CONNS]   send BYTES of a pattern on each of CONNS connections
 *                                          (one after another), half-close, and expect exactly
 *                                          the same bytes back, then end of stream
 *   wskpeer oob-echo ADDR PORT BYTES EVERY like echo (one connection), but sent EVERY bytes at
 *                                          a time with MSG_OOB: each send's last byte is
 *                                          urgent, and must come back in its place
 *   wskpeer udp-echo ADDR PORT COUNT SIZE [WINDOW]
 *                                          send COUNT datagrams of SIZE bytes and expect each
 *                                          one back, intact (a window of WINDOW in flight,
 *                                          default 64)
 *   wskpeer send ADDR PORT BYTES [BACK]    send BYTES of the pattern, half-close, then expect
 *                                          exactly BACK bytes of the pattern (default 0) and
 *                                          the end of stream
 *   wskpeer discard ADDR PORT BYTES [CONNS] like echo, but expect nothing back: no byte, then
 *                                          an orderly end of stream (not a reset)
 *   wskpeer reset ADDR PORT BYTES          send BYTES, then close with linger 0 (RST)
 *   wskpeer hold ADDR PORT BYTES MS        send BYTES, keep the connection open MS ms (reading
 *                                          and dropping whatever comes), then close
 *   wskpeer conns ADDR PORT N BYTES echo|discard
 *                                          N connections open at once, BYTES on each, checked
 *                                          as by echo or discard
 *   wskpeer flood ADDR PORT COUNT SIZE     send COUNT datagrams of SIZE bytes (numbered, with
 *                                          the pattern) as fast as possible, expect nothing
 *   wskpeer udp-send ADDR PORT COUNT SIZE  send COUNT datagrams paced one a millisecond
 *   wskpeer chunks ADDR PORT SIZE COUNT GAP_MS [LINGER_MS]
 *                                          send COUNT chunks of SIZE bytes of the pattern (one
 *                                          stream, TCP_NODELAY), GAP_MS apart, then wait
 *                                          LINGER_MS (reading and dropping what comes) and
 *                                          close gracefully
 *   wskpeer push ADDR PORT SECONDS MAX     send as fast as the connection takes, and never
 *                                          read, for SECONDS or until MAX bytes are sent;
 *                                          print the bytes sent, then reset the connection
 *   wskpeer expect-close ADDR PORT         connect, then expect the other side to close or
 *                                          reset the connection (no data)
 *   wskpeer udp-flood ADDR PORT SECONDS SIZE [PORT...]
 *                                          send datagrams of SIZE bytes as fast as possible
 *                                          for SECONDS, to each PORT in turn (an unconnected
 *                                          socket: no ICMP error stops it); print the count
 *   wskpeer storm ADDR PORT N rst|fin|silent|shut MS
 *                                          N connections: rst: open all, then reset all at
 *                                          once (linger 0); fin: close each right after its
 *                                          connect; silent: open all, send nothing, and expect
 *                                          the other side to close (or reset) every one within
 *                                          MS ms; shut: like silent, but send 1,000 bytes of
 *                                          the pattern and half-close first (what comes back
 *                                          is counted: 0 or 1,000 bytes a connection)
 *   wskpeer connect-flood ADDR PORT N MS   N nonblocking connects at once; once no outcome
 *                                          came for MS ms, print how many are established,
 *                                          refused and still pending, then reset them all
 *
 * ADDR is an IPv4 or IPv6 literal.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_S	20
#define MAX_CONNS	1000
#define MAX_FLOOD	10000

static const char *mode;

static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "wskpeer %s: ", mode);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static unsigned char pattern(unsigned long pos)
{
	return (unsigned char)(pos * 7 + (pos >> 8));
}

static socklen_t parse_addr(const char *host, const char *port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	char *end;
	long p = strtol(port, &end, 10);

	if (*end || p <= 0 || p > 65535)
		fail("bad port '%s'", port);
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(p);
		return sizeof(*sin);
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(p);
		return sizeof(*sin6);
	}
	fail("bad address '%s'", host);
	return 0;
}

static unsigned long parse_num(const char *s, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*end || !*s)
		fail("bad %s '%s'", what, s);
	return v;
}

static int make_socket(int family, int type)
{
	struct timeval tv = { .tv_sec = TIMEOUT_S };
	int fd = socket(family, type, 0);

	if (fd < 0)
		fail("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

static int tcp_connect(struct sockaddr_storage *ss, socklen_t len)
{
	int fd = make_socket(ss->ss_family, SOCK_STREAM);

	if (connect(fd, (struct sockaddr *)ss, len) < 0)
		fail("connect: %s", strerror(errno));
	return fd;
}

/* Send BYTES of the pattern while reading back what comes; check it all. */
/* OOB: when non-zero, every send is at most OOB bytes and carries MSG_OOB. */
static void echo_one(struct sockaddr_storage *ss, socklen_t len, unsigned long bytes,
		     unsigned long oob)
{
	unsigned long sent = 0, got = 0;
	unsigned char buf[65536];
	int fd = tcp_connect(ss, len), shut = 0;

	while (got < bytes || !shut) {
		struct pollfd p = { .fd = fd, .events = POLLIN | (sent < bytes ? POLLOUT : 0) };
		ssize_t n;
		size_t i;

		if (sent == bytes && !shut) {
			shutdown(fd, SHUT_WR);
			shut = 1;
			continue;
		}
		if (poll(&p, 1, TIMEOUT_S * 1000) <= 0)
			fail("stalled: sent %lu, received %lu of %lu", sent, got, bytes);
		if (p.revents & POLLIN) {
			n = recv(fd, buf, sizeof(buf), 0);
			if (n <= 0)
				fail("connection ended after %lu of %lu bytes (%s)", got, bytes,
				     n ? strerror(errno) : "EOF");
			for (i = 0; i < (size_t)n; i++)
				if (buf[i] != pattern(got + i))
					fail("byte %lu is wrong", got + i);
			got += n;
		}
		if ((p.revents & POLLOUT) && sent < bytes) {
			size_t chunk = bytes - sent < sizeof(buf) ? bytes - sent : sizeof(buf);

			if (oob && chunk > oob)
				chunk = oob;
			for (i = 0; i < chunk; i++)
				buf[i] = pattern(sent + i);
			n = send(fd, buf, chunk, MSG_NOSIGNAL | (oob ? MSG_OOB : 0));
			if (n < 0)
				fail("send: %s", strerror(errno));
			sent += n;
		}
	}
	if (recv(fd, buf, 1, 0) != 0)
		fail("expected end of stream after %lu bytes", bytes);
	close(fd);
}

static void send_bytes(int fd, unsigned long bytes)
{
	unsigned char buf[65536];
	unsigned long sent = 0;
	size_t i;

	while (sent < bytes) {
		size_t chunk = bytes - sent < sizeof(buf) ? bytes - sent : sizeof(buf);
		ssize_t n;

		for (i = 0; i < chunk; i++)
			buf[i] = pattern(sent + i);
		n = send(fd, buf, chunk, MSG_NOSIGNAL);
		if (n < 0)
			fail("send: %s", strerror(errno));
		sent += n;
	}
}

static void udp_echo(struct sockaddr_storage *ss, socklen_t len, unsigned long count,
		     unsigned long size, unsigned long window)
{
	unsigned char buf[65536], back[65536];
	unsigned long sent = 0, got = 0, i;
	int fd = make_socket(ss->ss_family, SOCK_DGRAM);

	if (size > sizeof(buf) || size < 8)
		fail("size must be 8 to %zu", sizeof(buf));
	if (connect(fd, (struct sockaddr *)ss, len) < 0)
		fail("connect: %s", strerror(errno));
	while (got < count) {
		/* Keep a window in flight; datagrams carry their sequence number. */
		while (sent < count && sent - got < window) {
			memcpy(buf, &sent, sizeof(sent));
			for (i = 8; i < size; i++)
				buf[i] = pattern(sent + i);
			if (send(fd, buf, size, 0) != (ssize_t)size)
				fail("send: %s", strerror(errno));
			sent++;
		}
		ssize_t n = recv(fd, back, sizeof(back), 0);

		if (n < 0)
			fail("no echo after %lu of %lu datagrams: %s", got, count,
			     strerror(errno));
		if ((unsigned long)n != size)
			fail("datagram of %zd bytes, expected %lu", n, size);
		memcpy(&i, back, sizeof(i));
		for (unsigned long j = 8; j < size; j++)
			if (back[j] != pattern(i + j))
				fail("datagram %lu is corrupt at byte %lu", i, j);
		got++;
	}
	close(fd);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A sender that never reads: what flow control lets through in @secs. */
static void push(struct sockaddr_storage *ss, socklen_t len, unsigned long secs,
		 unsigned long max)
{
	static unsigned char buf[65536];
	double end = now_s() + secs;
	unsigned long sent = 0;
	struct linger lg = { 1, 0 };
	int fd = tcp_connect(ss, len);
	ssize_t n;

	while (sent < max && now_s() < end) {
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		size_t chunk = max - sent < sizeof(buf) ? max - sent : sizeof(buf);

		n = send(fd, buf, chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0)
			sent += n;
		else if (n < 0 && errno == EAGAIN)
			poll(&p, 1, 100);
		else
			fail("send after %lu bytes: %s", sent, n ? strerror(errno) : "0");
	}
	printf("%lu\n", sent);
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

/* Expect exactly back bytes of the pattern, then the end of stream (not a reset). */
static void expect_back(int fd, unsigned long back)
{
	unsigned char buf[65536];
	unsigned long got = 0;
	ssize_t n;
	size_t i;

	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			fail("after %lu of %lu bytes back: %s", got, back,
			     errno == EAGAIN ? "timed out" : strerror(errno));
		if (n == 0)
			break;
		for (i = 0; i < (size_t)n; i++)
			if (got + i >= back || buf[i] != pattern(got + i))
				fail("byte %lu back is %s", got + i,
				     got + i >= back ? "more than expected" : "wrong");
		got += n;
	}
	if (got != back)
		fail("end of stream after %lu bytes back, expected %lu", got, back);
}

/* N connections at once: send BYTES on each, half-close, check what comes back. */
static void many(struct sockaddr_storage *ss, socklen_t len, unsigned long nconn,
		 unsigned long bytes, int echo)
{
	static struct pollfd pfd[MAX_CONNS];
	static unsigned long sent[MAX_CONNS], got[MAX_CONNS];
	unsigned char buf[16384];
	unsigned long open_n, i;
	size_t k;

	if (nconn > MAX_CONNS || !nconn)
		fail("1 to %d connections", MAX_CONNS);
	for (i = 0; i < nconn; i++) {
		pfd[i].fd = tcp_connect(ss, len);
		sent[i] = got[i] = 0;
		if (!bytes)
			shutdown(pfd[i].fd, SHUT_WR);
	}
	open_n = nconn;
	while (open_n) {
		for (i = 0; i < nconn; i++)
			pfd[i].events = pfd[i].fd < 0 ? 0 :
					POLLIN | (sent[i] < bytes ? POLLOUT : 0);
		if (poll(pfd, nconn, TIMEOUT_S * 1000) <= 0)
			fail("stalled with %lu of %lu connections open", open_n, nconn);
		for (i = 0; i < nconn; i++) {
			ssize_t n;

			if (pfd[i].fd < 0)
				continue;
			if ((pfd[i].revents & POLLOUT) && sent[i] < bytes) {
				size_t chunk = bytes - sent[i] < sizeof(buf) ? bytes - sent[i] :
					       sizeof(buf);

				for (k = 0; k < chunk; k++)
					buf[k] = pattern(sent[i] + k);
				n = send(pfd[i].fd, buf, chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
				if (n < 0 && errno != EAGAIN)
					fail("connection %lu: send: %s", i, strerror(errno));
				if (n > 0)
					sent[i] += n;
				if (sent[i] == bytes)
					shutdown(pfd[i].fd, SHUT_WR);
			}
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) {
				n = recv(pfd[i].fd, buf, sizeof(buf), MSG_DONTWAIT);
				if (n < 0 && errno == EAGAIN)
					continue;
				if (n < 0)
					fail("connection %lu: %s after %lu bytes back", i,
					     strerror(errno), got[i]);
				if (n == 0) {
					if (sent[i] < bytes)
						fail("connection %lu: end of stream before all was "
						     "sent", i);
					if (got[i] != (echo ? bytes : 0))
						fail("connection %lu: end of stream after %lu bytes "
						     "back, expected %lu", i, got[i],
						     echo ? bytes : 0);
					close(pfd[i].fd);
					pfd[i].fd = -1;
					open_n--;
					continue;
				}
				if (!echo)
					fail("connection %lu: %zd bytes back from a discard service",
					     i, n);
				for (k = 0; k < (size_t)n; k++)
					if (buf[k] != pattern(got[i] + k))
						fail("connection %lu: byte %lu is wrong", i,
						     got[i] + k);
				got[i] += n;
			}
		}
	}
}

static void linger_ms(int fd, unsigned long ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	unsigned char buf[4096];

	while (ms && poll(&p, 1, ms > 100 ? 100 : ms) >= 0) {
		if ((p.revents & POLLIN) && recv(fd, buf, sizeof(buf), 0) <= 0)
			break;
		ms = ms > 100 ? ms - 100 : 0;
	}
}

static void chunks(int fd, unsigned long size, unsigned long count, unsigned long gap)
{
	unsigned char buf[65536];
	unsigned long pos = 0, i, k;
	int one = 1;

	if (size > sizeof(buf))
		fail("chunks of at most %zu bytes", sizeof(buf));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (i = 0; i < count; i++) {
		if (i && gap)
			usleep(gap * 1000);
		for (k = 0; k < size; k++)
			buf[k] = pattern(pos + k);
		if (send(fd, buf, size, MSG_NOSIGNAL) != (ssize_t)size)
			fail("chunk %lu: send: %s", i, strerror(errno));
		pos += size;
	}
}

static void udp_send(struct sockaddr_storage *ss, socklen_t len, unsigned long count,
		     unsigned long size, int pace)
{
	unsigned char buf[65536];
	unsigned long sent, i;
	int fd = make_socket(ss->ss_family, SOCK_DGRAM);

	if (size > sizeof(buf) || size < 8)
		fail("size must be 8 to %zu", sizeof(buf));
	if (connect(fd, (struct sockaddr *)ss, len) < 0)
		fail("connect: %s", strerror(errno));
	for (sent = 0; sent < count; sent++) {
		memcpy(buf, &sent, sizeof(sent));
		for (i = 8; i < size; i++)
			buf[i] = pattern(sent + i);
		/* ECONNREFUSED: an ICMP error of an earlier datagram; keep going */
		if (send(fd, buf, size, 0) != (ssize_t)size && errno != ECONNREFUSED &&
		    errno != ENOBUFS)
			fail("send: %s", strerror(errno));
		if (pace)
			usleep(1000);
	}
	close(fd);
}

/* As many descriptors as @n connections need (root may raise the hard limit). */
static void want_fds(unsigned long n)
{
	struct rlimit rl = { .rlim_cur = n + 64, .rlim_max = n + 64 };
	struct rlimit cur;

	if (getrlimit(RLIMIT_NOFILE, &cur) == 0 && cur.rlim_cur >= n + 64)
		return;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		fail("cannot have %lu descriptors: %s", n + 64, strerror(errno));
}

static void udp_flood(struct sockaddr_storage *ss, socklen_t len, unsigned long secs,
		      unsigned long size, char **ports, int nports)
{
	static unsigned char buf[65536];
	unsigned long sent = 0, errs = 0, i;
	int fd = make_socket(ss->ss_family, SOCK_DGRAM), n;
	struct sockaddr_storage to[16];
	double end = now_s() + secs;

	if (size > sizeof(buf) || size < 8)
		fail("size must be 8 to %zu", sizeof(buf));
	for (n = 0; n < nports; n++) {
		unsigned short port = parse_num(ports[n], "port");

		to[n] = *ss;
		if (ss->ss_family == AF_INET)
			((struct sockaddr_in *)&to[n])->sin_port = htons(port);
		else
			((struct sockaddr_in6 *)&to[n])->sin6_port = htons(port);
	}
	for (i = 8; i < size; i++)
		buf[i] = pattern(i);
	while (now_s() < end) {
		/* The clock every 64 datagrams: the flood, not clock_gettime(), is the load. */
		for (i = 0; i < 64; i++) {
			memcpy(buf, &sent, sizeof(sent));
			if (sendto(fd, buf, size, 0, (struct sockaddr *)&to[sent % nports], len) ==
			    (ssize_t)size)
				sent++;
			else if (errno == ENOBUFS || errno == EAGAIN || errno == ECONNREFUSED)
				errs++;
			else
				fail("sendto after %lu datagrams: %s", sent, strerror(errno));
		}
	}
	printf("%lu\n", sent);
	fprintf(stderr, "wskpeer udp-flood: %lu datagrams of %lu bytes in %lu s to %d ports "
		"(%lu sends refused by the local stack)\n", sent, size, secs, nports, errs);
	close(fd);
}

/* Wait (bounded by @ms) until the other side has closed or reset each of @fds; count what
 * came. Fails if one stays open. */
static unsigned long await_closed(int *fds, unsigned long n, unsigned long ms, const char *what)
{
	static struct pollfd pfd[MAX_FLOOD];
	unsigned long open_n = n, back = 0, resets = 0, i;
	double end = now_s() + ms / 1000.0;
	unsigned char buf[4096];

	for (i = 0; i < n; i++)
		pfd[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	while (open_n) {
		double left = end - now_s();
		int r;

		if (left <= 0)
			fail("%s: %lu of %lu connections still open after %lu ms", what, open_n, n,
			     ms);
		r = poll(pfd, n, (int)(left * 1000) + 1);
		if (r < 0)
			fail("poll: %s", strerror(errno));
		for (i = 0; i < n; i++) {
			ssize_t got;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			got = recv(pfd[i].fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (got < 0 && errno == EAGAIN)
				continue;
			if (got > 0) {
				back += got;
				continue;
			}
			if (got < 0 && errno != ECONNRESET && errno != EPIPE)
				fail("%s: connection %lu: %s", what, i, strerror(errno));
			if (got < 0)
				resets++;
			close(pfd[i].fd);
			pfd[i].fd = -1;
			open_n--;
		}
	}
	fprintf(stderr, "wskpeer storm %s: all %lu connections closed by the other side "
		"(%lu reset), %lu bytes came back\n", what, n, resets, back);
	return back;
}

static void storm(struct sockaddr_storage *ss, socklen_t len, unsigned long n, const char *how,
		  unsigned long ms)
{
	static int fds[MAX_FLOOD];
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	double t0 = now_s();
	unsigned long i;

	if (!n || n > MAX_FLOOD)
		fail("1 to %d connections", MAX_FLOOD);
	want_fds(n);
	for (i = 0; i < n; i++) {
		fds[i] = tcp_connect(ss, len);
		if (!strcmp(how, "fin")) {
			close(fds[i]);
		} else if (!strcmp(how, "shut")) {
			send_bytes(fds[i], 1000);
			shutdown(fds[i], SHUT_WR);
		} else if (strcmp(how, "rst") && strcmp(how, "silent")) {
			fail("rst, fin, silent or shut, not '%s'", how);
		}
	}
	if (!strcmp(how, "rst"))
		for (i = 0; i < n; i++) {
			setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
			close(fds[i]);
		}
	fprintf(stderr, "wskpeer storm %s: %lu connections in %.2f s\n", how, n, now_s() - t0);
	if (!strcmp(how, "silent") || !strcmp(how, "shut")) {
		unsigned long back = await_closed(fds, n, ms, how);

		if (back && back != n * 1000)
			fail("%s: %lu bytes back, expected 0 or %lu", how, back, n * 1000);
	}
	printf("%lu\n", n);
}

static void connect_flood(struct sockaddr_storage *ss, socklen_t len, unsigned long n,
			  unsigned long ms)
{
	static int fds[MAX_FLOOD];
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	unsigned long est = 0, refused = 0, i;
	struct epoll_event evs[256];
	double t0 = now_s(), t1;
	int ep = epoll_create1(0);

	if (!n || n > MAX_FLOOD)
		fail("1 to %d connections", MAX_FLOOD);
	if (ep < 0)
		fail("epoll_create1: %s", strerror(errno));
	want_fds(n);
	for (i = 0; i < n; i++) {
		struct epoll_event ev = { .events = EPOLLOUT | EPOLLONESHOT, .data.u64 = i };

		fds[i] = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (fds[i] < 0)
			fail("socket %lu: %s", i, strerror(errno));
		if (connect(fds[i], (struct sockaddr *)ss, len) < 0 && errno != EINPROGRESS)
			fail("connect %lu: %s", i, strerror(errno));
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) < 0)
			fail("epoll_ctl: %s", strerror(errno));
	}
	t1 = now_s();
	/* Collect the outcomes until none is left or none came for MS ms. */
	while (est + refused < n) {
		int k, r = epoll_wait(ep, evs, 256, ms);

		if (r < 0)
			fail("epoll_wait: %s", strerror(errno));
		if (!r)
			break;
		for (k = 0; k < r; k++) {
			int err = 0;
			socklen_t el = sizeof(err);

			/* One-shot: each socket reports once, and only pending ones remain. */
			i = evs[k].data.u64;
			if (evs[k].events & (EPOLLERR | EPOLLHUP))
				getsockopt(fds[i], SOL_SOCKET, SO_ERROR, &err, &el);
			if (!err)
				est++;
			else if (err == ECONNREFUSED || err == ECONNRESET)
				refused++;
			else
				fail("connect %lu: %s", i, strerror(err));
		}
	}
	for (i = 0; i < n; i++) {
		setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(fds[i]);
	}
	close(ep);
	fprintf(stderr, "wskpeer connect-flood: %lu connects in %.1f s: %lu established, "
		"%lu refused, %lu still pending when none more came for %lu ms (%.1f s in all)\n",
		n, t1 - t0, est, refused, n - est - refused, ms, now_s() - t0);
	printf("%lu %lu %lu\n", est, refused, n - est - refused);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	if (argc < 4 || (argc < 5 && strcmp(argv[1], "expect-close"))) {
		fprintf(stderr, "usage: wskpeer echo|oob-echo|udp-echo|push|send|discard|reset|hold|conns|flood|"
			"udp-send|udp-flood|storm|connect-flood ADDR PORT ARGS...\n");
		return 2;
	}
	mode = argv[1];
	len = parse_addr(argv[2], argv[3], &ss);
	if (!strcmp(mode, "echo")) {
		unsigned long bytes = parse_num(argv[4], "byte count");
		unsigned long conns = argc > 5 ? parse_num(argv[5], "connection count") : 1;

		while (conns--)
			echo_one(&ss, len, bytes, 0);
	} else if (!strcmp(mode, "oob-echo") && argc > 5) {
		echo_one(&ss, len, parse_num(argv[4], "byte count"),
			 parse_num(argv[5], "urgent interval"));
	} else if (!strcmp(mode, "udp-echo") && argc > 5) {
		udp_echo(&ss, len, parse_num(argv[4], "count"), parse_num(argv[5], "size"),
			 argc > 6 ? parse_num(argv[6], "window") : 64);
	} else if (!strcmp(mode, "send")) {
		int fd = tcp_connect(&ss, len);

		send_bytes(fd, parse_num(argv[4], "byte count"));
		shutdown(fd, SHUT_WR);
		expect_back(fd, argc > 5 ? parse_num(argv[5], "byte count back") : 0);
		close(fd);
	} else if (!strcmp(mode, "discard")) {
		unsigned long bytes = parse_num(argv[4], "byte count");
		unsigned long conns = argc > 5 ? parse_num(argv[5], "connection count") : 1;

		while (conns--) {
			int fd = tcp_connect(&ss, len);

			send_bytes(fd, bytes);
			shutdown(fd, SHUT_WR);
			expect_back(fd, 0);
			close(fd);
		}
	} else if (!strcmp(mode, "push") && argc > 5) {
		push(&ss, len, parse_num(argv[4], "seconds"), parse_num(argv[5], "byte count"));
	} else if (!strcmp(mode, "hold") && argc > 5) {
		int fd = tcp_connect(&ss, len);

		send_bytes(fd, parse_num(argv[4], "byte count"));
		linger_ms(fd, parse_num(argv[5], "milliseconds"));
		close(fd);
	} else if (!strcmp(mode, "chunks") && argc > 6) {
		int fd = tcp_connect(&ss, len);

		chunks(fd, parse_num(argv[4], "chunk size"), parse_num(argv[5], "chunk count"),
		       parse_num(argv[6], "gap"));
		linger_ms(fd, argc > 7 ? parse_num(argv[7], "linger") : 0);
		close(fd);
	} else if (!strcmp(mode, "expect-close")) {
		int fd = make_socket(ss.ss_family, SOCK_STREAM);
		unsigned char c;
		ssize_t n;

		/* The reset may come so soon that connect() itself reports it. */
		if (connect(fd, (struct sockaddr *)&ss, len) < 0) {
			if (errno != ECONNRESET)
				fail("connect: %s", strerror(errno));
			printf("wskpeer expect-close: reset (during connect)\n");
			return 0;
		}
		n = recv(fd, &c, 1, 0);

		if (n > 0)
			fail("data came, expected the connection to be closed");
		if (n < 0 && errno != ECONNRESET)
			fail("expected a close or reset: %s", errno == EAGAIN ? "timed out" :
			     strerror(errno));
		printf("wskpeer expect-close: %s\n", n ? "reset" : "closed");
		close(fd);
	} else if (!strcmp(mode, "conns") && argc > 6) {
		if (strcmp(argv[6], "echo") && strcmp(argv[6], "discard"))
			fail("expected echo or discard, not '%s'", argv[6]);
		many(&ss, len, parse_num(argv[4], "connection count"),
		     parse_num(argv[5], "byte count"), argv[6][0] == 'e');
	} else if ((!strcmp(mode, "flood") || !strcmp(mode, "udp-send")) && argc > 5) {
		udp_send(&ss, len, parse_num(argv[4], "count"), parse_num(argv[5], "size"),
			 mode[0] == 'u');
	} else if (!strcmp(mode, "udp-flood") && argc > 5) {
		char *ports[16] = { argv[3] };
		int n;

		for (n = 1; n < 16 && n + 5 < argc; n++)
			ports[n] = argv[n + 5];
		udp_flood(&ss, len, parse_num(argv[4], "seconds"), parse_num(argv[5], "size"),
			  ports, n);
	} else if (!strcmp(mode, "storm") && argc > 6) {
		storm(&ss, len, parse_num(argv[4], "connection count"), argv[5],
		      parse_num(argv[6], "milliseconds"));
	} else if (!strcmp(mode, "connect-flood") && argc > 5) {
		connect_flood(&ss, len, parse_num(argv[4], "connection count"),
			      parse_num(argv[5], "milliseconds"));
	} else if (!strcmp(mode, "reset")) {
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };
		int fd = tcp_connect(&ss, len);

		send_bytes(fd, parse_num(argv[4], "byte count"));
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(fd);
	} else {
		fail("unknown mode or missing arguments");
	}
	return 0;
}
