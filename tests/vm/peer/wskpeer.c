// SPDX-License-Identifier: GPL-2.0
/*
 * wskpeer: the other end of wsk's VM scenarios. Every mode checks what it receives and exits
 * non-zero, with a message naming the failure, when something is wrong. Every blocking call
 * is bounded by a timeout.
 *
 *   wskpeer echo ADDR PORT BYTES [CONNS]   send BYTES of a pattern on each of CONNS connections
 *                                          (one after another), half-close, and expect exactly
 *                                          the same bytes back, then end of stream
 *   wskpeer udp-echo ADDR PORT COUNT SIZE  send COUNT datagrams of SIZE bytes and expect each
 *                                          one back, intact (a window of 64 in flight)
 *   wskpeer send ADDR PORT BYTES           send BYTES of the pattern, half-close, expect EOF
 *   wskpeer reset ADDR PORT BYTES          send BYTES, then close with linger 0 (RST)
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
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define TIMEOUT_S	20

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
static void echo_one(struct sockaddr_storage *ss, socklen_t len, unsigned long bytes)
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

			for (i = 0; i < chunk; i++)
				buf[i] = pattern(sent + i);
			n = send(fd, buf, chunk, MSG_NOSIGNAL);
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
		     unsigned long size)
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
		while (sent < count && sent - got < 64) {
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

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned char c;

	if (argc < 5) {
		fprintf(stderr, "usage: wskpeer echo|udp-echo|send|reset ADDR PORT ARGS...\n");
		return 2;
	}
	mode = argv[1];
	len = parse_addr(argv[2], argv[3], &ss);
	if (!strcmp(mode, "echo")) {
		unsigned long bytes = parse_num(argv[4], "byte count");
		unsigned long conns = argc > 5 ? parse_num(argv[5], "connection count") : 1;

		while (conns--)
			echo_one(&ss, len, bytes);
	} else if (!strcmp(mode, "udp-echo") && argc > 5) {
		udp_echo(&ss, len, parse_num(argv[4], "count"), parse_num(argv[5], "size"));
	} else if (!strcmp(mode, "send")) {
		int fd = tcp_connect(&ss, len);

		send_bytes(fd, parse_num(argv[4], "byte count"));
		shutdown(fd, SHUT_WR);
		if (recv(fd, &c, 1, 0) != 0)
			fail("expected end of stream");
		close(fd);
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
