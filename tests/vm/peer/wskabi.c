// SPDX-License-Identifier: GPL-2.0
/*
 * wskabi: exercises every /dev/wsk ioctl, good and bad input, and the event records, straight
 * on the UAPI (no wskctl). Prints one line per check and "wskabi: PASS" at the end; exits 1
 * at the first failure. Ends with open sockets, a held callback, a retained list and a pending
 * request, so that the file's release has everything to tear down.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../../include/uapi/linux/wsk.h"

static int fd;
static int checks;

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("wskabi: FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	exit(1);
}

#define CHECK(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); checks++; } while (0)

static int xioctl(unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static uint32_t mksock(uint32_t flags, int family, int type, int proto)
{
	struct wsk_ioc_socket s = { .size = sizeof(s), .flags = flags, .family = family,
				    .type = type, .protocol = proto };
	int err = xioctl(WSK_IOC_SOCKET, &s);

	CHECK(!err && s.status == 0 && s.handle, "socket: err %d status %#x", err, s.status);
	return s.handle;
}

static void v4(struct wsk_addr *a, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	a->family = AF_INET;
	a->port = port;
	a->addr[0] = 127;
	a->addr[3] = 1;
}

static int req(uint32_t op, uint32_t h, uint32_t flags, uint32_t wflags, void *buf, size_t len,
	       struct wsk_addr *addr, struct wsk_ioc_request *out)
{
	struct wsk_ioc_request r = { .size = sizeof(r), .flags = flags, .op = op, .handle = h,
				     .wsk_flags = wflags, .buf = (uintptr_t)buf, .len = len };
	int err;

	if (addr)
		r.addr = *addr;
	err = xioctl(WSK_IOC_REQUEST, &r);
	if (out)
		*out = r;
	return err;
}

static uint32_t req_ok(uint32_t op, uint32_t h, void *buf, size_t len, struct wsk_addr *addr,
		       struct wsk_ioc_request *out)
{
	struct wsk_ioc_request r;
	int err = req(op, h, 0, 0, buf, len, addr, &r);

	CHECK(!err, "request op %u on %u: errno %d", op, h, err);
	if (out)
		*out = r;
	return r.status;
}

static uint32_t control(uint32_t h, uint32_t mask, uint32_t flags)
{
	struct wsk_ioc_control c = { .size = sizeof(c), .flags = flags, .handle = h,
				     .event_mask = mask };
	int err = xioctl(WSK_IOC_CONTROL, &c);

	CHECK(!err, "control %#x on %u: errno %d", mask, h, err);
	return c.status;
}

static int policy(uint32_t h, uint32_t event, uint32_t action, uint32_t flags, uint64_t bytes)
{
	struct wsk_ioc_policy p = { .size = sizeof(p), .flags = flags, .handle = h,
				    .event = event, .action = action, .bytes = bytes };

	return xioctl(WSK_IOC_POLICY, &p);
}

static void sockinfo(uint32_t h, struct wsk_ioc_sockinfo *si)
{
	int err;

	memset(si, 0, sizeof(*si));
	si->size = sizeof(*si);
	si->handle = h;
	err = xioctl(WSK_IOC_SOCKINFO, si);
	CHECK(!err, "sockinfo %u: errno %d", h, err);
}

/* The next record matching kind (and handle, if not 0), skipping others; fails on timeout. */
static void expect(uint32_t kind, uint32_t h, struct wsk_event *ev)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	for (;;) {
		if (poll(&p, 1, 5000) != 1)
			fail("no record of kind %u for handle %u", kind, h);
		if (read(fd, ev, sizeof(*ev)) != sizeof(*ev))
			fail("read: %s", strerror(errno));
		if (ev->kind == kind && (!h || ev->handle == h))
			return;
		printf("  (skipping record kind %u handle %u status %#x)\n", ev->kind, ev->handle,
		       ev->status);
	}
}

static void bad_input(void)
{
	struct {
		struct wsk_ioc_socket s;
		uint8_t tail[16];
	} big;
	struct wsk_ioc_socket s;
	struct wsk_ioc_request r;
	uint32_t junk[64];
	int err;

	err = xioctl(_IOWR(WSK_IOC_MAGIC, 0x7f, struct wsk_ioc_socket), &s);
	CHECK(err == -ENOTTY, "unknown ioctl: %d", err);
	err = xioctl(_IO('x', 1), NULL);
	CHECK(err == -ENOTTY, "foreign ioctl: %d", err);
	err = xioctl(WSK_IOC_SOCKET, NULL);
	CHECK(err == -EFAULT, "NULL argument: %d", err);

	memset(&s, 0, sizeof(s));
	s.size = 4;
	err = xioctl(WSK_IOC_SOCKET, &s);
	CHECK(err == -EINVAL, "short struct: %d", err);
	s.size = 8192;
	err = xioctl(WSK_IOC_SOCKET, &s);
	CHECK(err == -EINVAL, "huge size: %d", err);

	memset(&big, 0, sizeof(big));
	big.s.size = sizeof(big);
	big.s.family = AF_INET;
	big.s.type = SOCK_DGRAM;
	big.s.flags = WSK_FLAG_DATAGRAM_SOCKET;
	big.tail[3] = 1;
	err = xioctl(WSK_IOC_SOCKET, &big);
	CHECK(err == -E2BIG, "long struct, non-zero tail: %d", err);
	big.tail[3] = 0;
	err = xioctl(WSK_IOC_SOCKET, &big);
	CHECK(!err && big.s.handle, "long struct, zero tail: %d", err);

	s = (struct wsk_ioc_socket){ .size = sizeof(s), .family = AF_INET, .type = SOCK_DGRAM,
				     .flags = 0x100 };
	err = xioctl(WSK_IOC_SOCKET, &s);
	CHECK(err == -EINVAL, "unknown socket flag: %d", err);
	s.flags = WSK_FLAG_DATAGRAM_SOCKET;
	s.reserved = 1;
	err = xioctl(WSK_IOC_SOCKET, &s);
	CHECK(err == -EINVAL, "reserved field: %d", err);
	s.reserved = 0;
	s.family = AF_UNIX;
	err = xioctl(WSK_IOC_SOCKET, &s);
	CHECK(err == -EINVAL, "bad family: %d", err);
	s.family = AF_INET;
	s.flags = WSK_FLAG_LISTEN_SOCKET;
	err = xioctl(WSK_IOC_SOCKET, &s);
	CHECK(err == -EINVAL && s.status == WSK_STATUS_INVALID_PARAMETER && !s.handle,
	      "listen + SOCK_DGRAM: %d status %#x", err, s.status);
	s.flags = WSK_FLAG_STREAM_SOCKET;
	s.type = SOCK_STREAM;
	err = xioctl(WSK_IOC_SOCKET, &s);
	CHECK(!err && !s.status && s.handle, "stream socket: %d %#x", err, s.status);
	{
		/* ABI 1.4: a stream socket listens only once bound, and only once. */
		struct wsk_ioc_sockinfo si;
		struct wsk_addr a;
		uint32_t st;

		st = req_ok(WSK_REQ_LISTEN, s.handle, NULL, 0, NULL, NULL);
		CHECK(st == WSK_STATUS_INVALID_DEVICE_STATE, "listen before bind: %#x", st);
		err = req(WSK_REQ_LISTEN, s.handle, 0, 0, junk, 4, NULL, NULL);
		CHECK(err == -EINVAL, "listen with data: %d", err);
		err = req(WSK_REQ_LISTEN, s.handle, 0, WSK_FLAG_NODELAY, NULL, 0, NULL, NULL);
		CHECK(err == -EINVAL, "listen with a WSK flag: %d", err);
		v4(&a, 0);
		st = req_ok(WSK_REQ_BIND, s.handle, NULL, 0, &a, NULL);
		CHECK(!st, "stream bind: %#x", st);
		sockinfo(s.handle, &si);
		CHECK(si.category == WSK_FLAG_STREAM_SOCKET && (si.state & WSK_SI_STREAM) &&
		      (si.state & WSK_SI_BOUND), "bound stream socket: category %#x state %#x",
		      si.category, si.state);
		st = req_ok(WSK_REQ_LISTEN, s.handle, NULL, 0, NULL, NULL);
		CHECK(!st, "stream listen: %#x", st);
		sockinfo(s.handle, &si);
		CHECK(si.category == WSK_FLAG_LISTEN_SOCKET && (si.state & WSK_SI_STREAM),
		      "listening stream socket: category %#x state %#x", si.category, si.state);
		st = req_ok(WSK_REQ_LISTEN, s.handle, NULL, 0, NULL, NULL);
		CHECK(st == WSK_STATUS_INVALID_DEVICE_STATE, "second listen: %#x", st);
		v4(&a, 9);
		st = req_ok(WSK_REQ_CONNECT, s.handle, NULL, 0, &a, NULL);
		CHECK(st == WSK_STATUS_INVALID_DEVICE_STATE, "connect on a stream listener: %#x", st);
		st = req_ok(WSK_REQ_LISTEN, big.s.handle, NULL, 0, NULL, NULL);
		CHECK(st == WSK_STATUS_INVALID_DEVICE_REQUEST, "listen on a datagram socket: %#x",
		      st);
		st = req_ok(WSK_REQ_CLOSE, s.handle, NULL, 0, NULL, NULL);
		CHECK(!st, "stream close: %#x", st);
	}

	err = req(WSK_REQ_SEND, 9999, 0, 0, NULL, 0, NULL, NULL);
	CHECK(err == -EBADF, "bad handle: %d", err);
	err = req(WSK_REQ_SEND, 0, 0, 0, NULL, 0, NULL, NULL);
	CHECK(err == -EBADF, "handle 0: %d", err);
	err = req(77, big.s.handle, 0, 0, NULL, 0, NULL, NULL);
	CHECK(err == -EINVAL, "unknown op: %d", err);
	/* The ops of control and option records are not requests (ABI 1.3 made 14 one). */
	err = req(WSK_REQ_CONTROL, big.s.handle, 0, 0, NULL, 0, NULL, NULL);
	CHECK(err == -EINVAL, "op WSK_REQ_CONTROL as a request: %d", err);
	err = req(WSK_REQ_OPTION, big.s.handle, 0, 0, NULL, 0, NULL, NULL);
	CHECK(err == -EINVAL, "op WSK_REQ_OPTION as a request: %d", err);
	err = req(WSK_REQ_CONNECT_EX, big.s.handle, 0, WSK_FLAG_NODELAY, NULL, 0, NULL, NULL);
	CHECK(err == -EINVAL, "connect-ex with a WSK flag: %d", err);
	err = req(WSK_REQ_RECEIVE, big.s.handle, 0, WSK_FLAG_DRAIN | 0x100, NULL, 0, NULL, NULL);
	CHECK(err == -EINVAL, "receive with drain and an unknown flag: %d", err);
	{
		/* Send-messages records: one that runs past the end, and none at all. */
		unsigned char rec[5] = { 0xff, 0, 0, 0, 'a' };

		err = req(WSK_REQ_SEND_MESSAGES, big.s.handle, 0, 0, rec, sizeof(rec), NULL, NULL);
		CHECK(err == -EINVAL, "send-messages record past the end: %d", err);
		err = req(WSK_REQ_SEND_MESSAGES, big.s.handle, 0, 0, rec, 3, NULL, NULL);
		CHECK(err == -EINVAL, "send-messages short length: %d", err);
		err = req(WSK_REQ_SEND_MESSAGES, big.s.handle, 0, 0, NULL, 0, NULL, NULL);
		CHECK(err == -EINVAL, "send-messages without a datagram: %d", err);
	}
	err = req(WSK_REQ_SEND_TO, big.s.handle, 0x80, 0, NULL, 0, NULL, NULL);
	CHECK(err == -EINVAL, "unknown request flag: %d", err);
	err = req(WSK_REQ_SEND, big.s.handle, 0, 0x100, NULL, 0, NULL, NULL);
	CHECK(err == -EINVAL, "unknown wsk flag: %d", err);
	err = req(WSK_REQ_SEND, big.s.handle, 0, 0, NULL, 32 << 20, NULL, NULL);
	CHECK(err == -EINVAL, "over 16 MiB: %d", err);
	/* ABI 1.1: a send-to without an address is valid (the default destination). */
	err = req(WSK_REQ_SEND_TO, big.s.handle, 0, 0, (void *)16, 10, NULL, NULL);
	CHECK(err == -EFAULT, "send-to without an address, bad buffer: %d", err);
	err = req(WSK_REQ_SEND_TO, big.s.handle, 0, 0, junk, 4, NULL, &r);
	CHECK(!err && r.status == WSK_STATUS_INVALID_DEVICE_STATE,
	      "send-to without an address, unbound: %d %#x", err, r.status);
	err = req(WSK_REQ_BIND, big.s.handle, 0, 0, junk, 4, NULL, NULL);
	CHECK(err == -EINVAL, "bind with data: %d", err);
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.op = WSK_REQ_BIND;
	r.handle = big.s.handle;
	r.addr.family = AF_INET;
	r.reserved = 5;
	err = xioctl(WSK_IOC_REQUEST, &r);
	CHECK(err == -EINVAL, "request reserved: %d", err);

	memset(junk, 0xa5, sizeof(junk));
	junk[0] = sizeof(struct wsk_ioc_sockinfo);
	err = xioctl(WSK_IOC_SOCKINFO, junk);
	CHECK(err == -EINVAL, "garbage sockinfo: %d", err);
	junk[0] = sizeof(struct wsk_ioc_policy);
	err = xioctl(WSK_IOC_POLICY, junk);
	CHECK(err == -EINVAL, "garbage policy: %d", err);
	err = policy(big.s.handle, WSK_EVENT_ACCEPT, WSK_POLICY_REJECT, 0, 0);
	CHECK(err == -EINVAL, "accept policy on a datagram socket: %d", err);
	err = policy(big.s.handle, WSK_EVENT_RECEIVE_FROM, WSK_POLICY_ACCEPT_BYTES, 0, 3);
	CHECK(err == -EINVAL, "accept-bytes on receive-from: %d", err);
	err = policy(big.s.handle, WSK_EVENT_RECEIVE_FROM, WSK_POLICY_CONSUME, WSK_POLICY_F_HOLD, 0);
	CHECK(err == -EINVAL, "hold without process context: %d", err);
	err = policy(big.s.handle, 0x3, WSK_POLICY_CONSUME, 0, 0);
	CHECK(err == -EINVAL, "two events: %d", err);

	{
		struct wsk_ioc_release rl = { .size = sizeof(rl), .handle = big.s.handle,
					      .retained_id = 42 };
		struct wsk_ioc_unhold u = { .size = sizeof(u), .handle = big.s.handle };
		struct wsk_ioc_service sv = { .size = sizeof(sv), .op = WSK_SERVICE_STATS,
					      .id = 77 };
		struct wsk_ioc_static st = { .size = sizeof(st), .flags = 1 };

		err = xioctl(WSK_IOC_RELEASE, &rl);
		CHECK(err == -ENOENT, "release unknown id: %d", err);
		rl.flags = 2;
		err = xioctl(WSK_IOC_RELEASE, &rl);
		CHECK(err == -EINVAL, "release unknown flag: %d", err);
		err = xioctl(WSK_IOC_UNHOLD, &u);
		CHECK(!err && u.released == 0, "unhold nothing: %d", err);
		err = xioctl(WSK_IOC_SERVICE, &sv);
		CHECK(err == -ENOENT, "stats of unknown service: %d", err);
		sv.op = 9;
		err = xioctl(WSK_IOC_SERVICE, &sv);
		CHECK(err == -EINVAL, "unknown service op: %d", err);
		err = xioctl(WSK_IOC_STATIC, &st);
		CHECK(err == -EINVAL, "static flags: %d", err);

		struct wsk_ioc_option o = { .size = sizeof(o), .handle = big.s.handle,
					    .request_type = WSK_GET_OPTION,
					    .level = WSK_SOL_SOCKET, .code = WSK_SO_RCVBUF,
					    .out_len = 4 };

		err = xioctl(WSK_IOC_OPTION, &o);
		CHECK(!err && o.status == 0 && o.out_len == 4, "get rcvbuf: %d %#x %u", err,
		      o.status, o.out_len);
		o.flags = 1;
		err = xioctl(WSK_IOC_OPTION, &o);
		CHECK(err == -EINVAL, "option flags: %d", err);
		o.flags = 0;
		o.reserved = 1;
		err = xioctl(WSK_IOC_OPTION, &o);
		CHECK(err == -EINVAL, "option reserved: %d", err);
		o.reserved = 0;
		o.out_len = WSK_OPTION_VALUE_MAX + 1;
		err = xioctl(WSK_IOC_OPTION, &o);
		CHECK(err == -EINVAL, "option output too long: %d", err);
		o.out_len = 4;
		o.request_type = 3;
		err = xioctl(WSK_IOC_OPTION, &o);
		CHECK(err == -EINVAL, "option request type: %d", err);
		o.request_type = WSK_SET_OPTION;
		o.code = SO_WSK_EVENT_CALLBACK;
		o.in_len = 16;
		err = xioctl(WSK_IOC_OPTION, &o);
		CHECK(err == -EINVAL, "SO_WSK_EVENT_CALLBACK through WSK_IOC_OPTION: %d", err);
		o.code = WSK_SO_RCVBUF;
		o.handle = 9999;
		err = xioctl(WSK_IOC_OPTION, &o);
		CHECK(err == -EBADF, "option on a bad handle: %d", err);
		o.handle = big.s.handle;
		o.in_len = 2;
		err = xioctl(WSK_IOC_OPTION, &o);
		CHECK(!err && o.status == WSK_STATUS_INVALID_PARAMETER, "short option: %d %#x", err,
		      o.status);

		/* ABI 1.2: WSK_IOC_INSPECT checks its input; a socket without the mode says so. */
		struct wsk_ioc_inspect in = { .size = sizeof(in), .handle = big.s.handle,
					      .action = WSK_INSPECT_ACTION_ACCEPT, .key = 1 };

		err = xioctl(WSK_IOC_INSPECT, &in);
		CHECK(!err && (in.status == WSK_STATUS_INVALID_DEVICE_REQUEST ||
			       in.status == WSK_STATUS_INVALID_DEVICE_STATE),
		      "inspect on a socket without conditional accept: %d %#x", err, in.status);
		in.flags = 1;
		err = xioctl(WSK_IOC_INSPECT, &in);
		CHECK(err == -EINVAL, "inspect flags: %d", err);
		in.flags = 0;
		in.action = 2;
		err = xioctl(WSK_IOC_INSPECT, &in);
		CHECK(err == -EINVAL, "inspect action pend: %d", err);
		in.action = WSK_INSPECT_ACTION_REJECT;
		in.handle = 9999;
		err = xioctl(WSK_IOC_INSPECT, &in);
		CHECK(err == -EBADF, "inspect on a bad handle: %d", err);
		st.flags = 0;
		st.event_mask = WSK_EVENT_RECEIVE;
		err = xioctl(WSK_IOC_STATIC, &st);
		CHECK(!err && st.status == WSK_STATUS_INVALID_DEVICE_STATE,
		      "static after a socket: %d %#x", err, st.status);
	}
	{
		char small[8];

		err = read(fd, small, sizeof(small)) < 0 ? -errno : 0;
		CHECK(err == -EINVAL, "short read: %d", err);
	}
	printf("wskabi: bad input ok\n");
}

static void tcp(void)
{
	struct wsk_ioc_request r;
	struct wsk_ioc_sockinfo si;
	struct wsk_event ev;
	struct wsk_addr a;
	uint32_t L, C, N, st, rid;
	char buf[256];
	int err;

	L = mksock(WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_PROCESS_CONTEXT, AF_INET, SOCK_STREAM, 0);
	st = control(L, WSK_EVENT_ACCEPT, 0);
	CHECK(st == WSK_STATUS_INVALID_DEVICE_STATE, "enable before bind: %#x", st);
	v4(&a, 0);
	st = req_ok(WSK_REQ_BIND, L, NULL, 0, &a, NULL);
	CHECK(st == 0, "bind listener: %#x", st);
	st = req_ok(WSK_REQ_LOCAL_ADDRESS, L, NULL, 0, NULL, &r);
	CHECK(st == 0 && r.addr.port, "local address: %#x", st);
	a = r.addr;
	st = control(L, WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT, 0);
	CHECK(st == 0, "enable listener: %#x", st);
	CHECK(!policy(L, WSK_EVENT_RECEIVE, WSK_POLICY_RETAIN, 0, 0), "retain policy");

	C = mksock(WSK_FLAG_CONNECTION_SOCKET, AF_INET, SOCK_STREAM, IPPROTO_TCP);
	{
		struct wsk_addr any;

		v4(&any, 0);
		st = req_ok(WSK_REQ_BIND, C, NULL, 0, &any, NULL);
		CHECK(st == 0, "bind client: %#x", st);
	}
	st = req_ok(WSK_REQ_CONNECT, C, NULL, 0, &a, NULL);
	CHECK(st == 0, "connect: %#x", st);
	st = control(C, WSK_EVENT_RECEIVE, 0);
	CHECK(st == 0, "enable receive on client: %#x", st);

	expect(WSK_RECORD_ACCEPT, L, &ev);
	N = ev.new_handle;
	CHECK(N && ev.status == 0 && ev.addr.port && !(ev.flags & WSK_FLAG_AT_DISPATCH_LEVEL),
	      "accept record: handle %u status %#x", N, ev.status);

	st = req_ok(WSK_REQ_SEND, C, "hello world", 11, NULL, &r);
	CHECK(st == 0 && r.information == 11, "send: %#x %llu", st,
	      (unsigned long long)r.information);
	expect(WSK_RECORD_RECEIVE, N, &ev);
	CHECK(ev.status == WSK_STATUS_PENDING && ev.retained_id && ev.bytes == 11 &&
	      ev.data_len == 11 && !memcmp(ev.data, "hello world", 11),
	      "retained receive record: status %#x id %u bytes %llu", ev.status, ev.retained_id,
	      (unsigned long long)ev.bytes);
	rid = ev.retained_id;
	sockinfo(N, &si);
	CHECK(si.parent == L && si.retained_lists == 1 && si.retained_bytes == 11 &&
	      (si.state & WSK_SI_CONNECTED) && (si.state & WSK_SI_ACCEPTED_EVENT) &&
	      (si.enabled & WSK_EVENT_RECEIVE) && si.category == WSK_FLAG_CONNECTION_SOCKET &&
	      si.sock_flags == WSK_FLAG_PROCESS_CONTEXT && si.remote.port && si.local.port == a.port,
	      "sockinfo of child: parent %u lists %u state %#x", si.parent, si.retained_lists,
	      si.state);
	{
		struct wsk_ioc_release rl = { .size = sizeof(rl), .handle = N, .retained_id = rid };

		err = xioctl(WSK_IOC_RELEASE, &rl);
		CHECK(!err && rl.released == 1 && rl.status == 0, "release: %d", err);
		err = xioctl(WSK_IOC_RELEASE, &rl);
		CHECK(err == -ENOENT, "release twice: %d", err);
	}

	/* Hold: the receive callback stays in progress; a disable with a request pends. */
	CHECK(!policy(N, WSK_EVENT_RECEIVE, WSK_POLICY_CONSUME, WSK_POLICY_F_HOLD, 0), "hold");
	req_ok(WSK_REQ_SEND, C, "held", 4, NULL, NULL);
	expect(WSK_RECORD_HELD, N, &ev);
	CHECK(ev.op == WSK_EVENT_RECEIVE, "held record op %#x", ev.op);
	sockinfo(N, &si);
	CHECK(si.held == 1 && si.in_progress == 1, "sockinfo while held: held %u in progress %u",
	      si.held, si.in_progress);
	{
		struct wsk_ioc_control c = { .size = sizeof(c), .flags = WSK_CTL_F_REQUEST,
					     .handle = N,
					     .event_mask = WSK_EVENT_RECEIVE | WSK_EVENT_DISABLE };
		struct wsk_ioc_unhold u = { .size = sizeof(u), .handle = N };
		uint64_t id;

		err = xioctl(WSK_IOC_CONTROL, &c);
		CHECK(!err && c.status == WSK_STATUS_PENDING && c.request_id,
		      "disable while held: %d %#x", err, c.status);
		id = c.request_id;
		err = xioctl(WSK_IOC_UNHOLD, &u);
		CHECK(!err && u.released == 1, "unhold: %d %u", err, u.released);
		expect(WSK_RECORD_RECEIVE, N, &ev);
		CHECK(ev.status == 0 && ev.bytes == 4, "held receive returned %#x", ev.status);
		expect(WSK_RECORD_COMPLETE, N, &ev);
		CHECK(ev.op == WSK_REQ_CONTROL && ev.request_id == id && ev.status == 0,
		      "disable completion op %u status %#x", ev.op, ev.status);
		/* Disable without a request and nothing in progress: success at once. */
		st = control(N, WSK_EVENT_DISCONNECT | WSK_EVENT_DISABLE, 0);
		CHECK(st == 0, "disable disconnect: %#x", st);
	}

	/* Asynchronous receive on the client, answered by a synchronous send. */
	control(C, WSK_EVENT_RECEIVE | WSK_EVENT_DISABLE, 0);
	err = req(WSK_REQ_RECEIVE, C, WSK_REQ_F_ASYNC, 0, buf, sizeof(buf), NULL, &r);
	CHECK(!err && r.status == WSK_STATUS_PENDING && r.request_id, "async receive: %d", err);
	req_ok(WSK_REQ_SEND, N, "pong", 4, NULL, NULL);
	expect(WSK_RECORD_COMPLETE, C, &ev);
	CHECK(ev.op == WSK_REQ_RECEIVE && ev.request_id == r.request_id && ev.status == 0 &&
	      ev.bytes == 4 && ev.data_len == 4 && !memcmp(ev.data, "pong", 4),
	      "async receive record: op %u status %#x", ev.op, ev.status);
	/* Synchronous receive with the data back in our buffer. */
	req_ok(WSK_REQ_SEND, N, "sync!", 5, NULL, NULL);
	memset(buf, 0, sizeof(buf));
	st = req_ok(WSK_REQ_RECEIVE, C, buf, sizeof(buf), NULL, &r);
	CHECK(st == 0 && r.information == 5 && !memcmp(buf, "sync!", 5), "sync receive");

	{
		struct wsk_ioc_backlog b = { .size = sizeof(b), .handle = C };

		err = xioctl(WSK_IOC_QUERY_BACKLOG, &b);
		CHECK(!err && b.status == 0 && b.backlog, "backlog: %d %#x", err, b.status);
		b.handle = L;
		err = xioctl(WSK_IOC_QUERY_BACKLOG, &b);
		CHECK(!err && b.status == WSK_STATUS_INVALID_DEVICE_REQUEST,
		      "backlog of a listener: %#x", b.status);
	}
	st = req_ok(WSK_REQ_REMOTE_ADDRESS, C, NULL, 0, NULL, &r);
	CHECK(st == 0 && r.addr.port == a.port, "remote address");

	/* Accept request: served before the event. */
	{
		uint32_t C2 = mksock(WSK_FLAG_CONNECTION_SOCKET, AF_INET, SOCK_STREAM, 0);
		struct wsk_ioc_request ar;
		struct wsk_addr any;

		err = req(WSK_REQ_ACCEPT, L, WSK_REQ_F_ASYNC, 0, NULL, 0, NULL, &ar);
		CHECK(!err && ar.status == WSK_STATUS_PENDING, "async accept: %d", err);
		v4(&any, 0);
		req_ok(WSK_REQ_BIND, C2, NULL, 0, &any, NULL);
		st = req_ok(WSK_REQ_CONNECT, C2, NULL, 0, &a, NULL);
		CHECK(st == 0, "connect 2: %#x", st);
		expect(WSK_RECORD_COMPLETE, L, &ev);
		CHECK(ev.op == WSK_REQ_ACCEPT && ev.status == 0 && ev.new_handle &&
		      ev.request_id == ar.request_id && ev.bytes == 0, "accept completion");
		sockinfo(ev.new_handle, &si);
		CHECK(si.parent == L && !(si.state & WSK_SI_ACCEPTED_EVENT) && !si.enabled,
		      "WskAccept child inherits nothing");
		st = req_ok(WSK_REQ_DISCONNECT, C2, NULL, 0, NULL, NULL);
		CHECK(st == 0, "graceful disconnect: %#x", st);
		st = req_ok(WSK_REQ_CLOSE, ev.new_handle, NULL, 0, NULL, NULL);
		CHECK(st == 0, "close accepted: %#x", st);
		err = req(WSK_REQ_CLOSE, ev.new_handle, 0, 0, NULL, 0, NULL, NULL);
		CHECK(err == -EBADF, "closed handle: %d", err);
	}

	st = req_ok(WSK_REQ_DISCONNECT, C, NULL, 0, NULL, NULL);
	CHECK(st == 0, "disconnect: %#x", st);
	err = req(WSK_REQ_CLOSE, C, WSK_REQ_F_ASYNC, 0, NULL, 0, NULL, &r);
	CHECK(!err, "async close: %d", err);
	expect(WSK_RECORD_COMPLETE, C, &ev);
	CHECK(ev.op == WSK_REQ_CLOSE && ev.status == 0, "close record");
	printf("wskabi: tcp ok\n");
}

static void udp(void)
{
	struct wsk_ioc_request r;
	struct wsk_event ev;
	struct wsk_addr a1, a2;
	uint32_t U1, U2, st;

	U1 = mksock(WSK_FLAG_DATAGRAM_SOCKET, AF_INET, SOCK_DGRAM, 0);
	U2 = mksock(WSK_FLAG_DATAGRAM_SOCKET, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	v4(&a1, 0);
	req_ok(WSK_REQ_BIND, U1, NULL, 0, &a1, NULL);
	req_ok(WSK_REQ_BIND, U2, NULL, 0, &a1, NULL);
	req_ok(WSK_REQ_LOCAL_ADDRESS, U1, NULL, 0, NULL, &r);
	a1 = r.addr;
	req_ok(WSK_REQ_LOCAL_ADDRESS, U2, NULL, 0, NULL, &r);
	a2 = r.addr;
	st = control(U1, WSK_EVENT_RECEIVE_FROM, 0);
	CHECK(st == 0, "enable receive-from: %#x", st);
	st = req_ok(WSK_REQ_SEND_TO, U2, "dgram", 5, &a1, &r);
	CHECK(st == 0 && r.information == 5, "send-to: %#x", st);
	expect(WSK_RECORD_RECEIVE_FROM, U1, &ev);
	CHECK(ev.status == 0 && ev.bytes == 5 && ev.addr.port == a2.port &&
	      !memcmp(ev.data, "dgram", 5),
	      "receive-from record: status %#x flags %#x", ev.status, ev.flags);
	/* Retain, then leave it to the release of the file. */
	policy(U1, WSK_EVENT_RECEIVE_FROM, WSK_POLICY_RETAIN, 0, 0);
	req_ok(WSK_REQ_SEND_TO, U2, "kept", 4, &a1, NULL);
	expect(WSK_RECORD_RECEIVE_FROM, U1, &ev);
	CHECK(ev.status == WSK_STATUS_PENDING && ev.retained_id, "retained datagram");
	/* Receive-from request on U2, answered by U1. */
	{
		char buf[64] = "";

		control(U1, WSK_EVENT_RECEIVE_FROM | WSK_EVENT_DISABLE, 0);
		req_ok(WSK_REQ_SEND_TO, U1, "back", 4, &a2, NULL);
		st = req_ok(WSK_REQ_RECEIVE_FROM, U2, buf, sizeof(buf), NULL, &r);
		CHECK(st == 0 && r.information == 4 && r.addr.port == a1.port &&
		      !memcmp(buf, "back", 4), "receive-from request: %#x", st);
	}
	printf("wskabi: udp ok\n");
}

static void service(uint32_t kind, int proto)
{
	struct wsk_ioc_service sv = { .size = sizeof(sv), .op = WSK_SERVICE_START, .kind = kind,
				      .protocol = proto };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char buf[64];
	int s, err, n;

	v4(&sv.addr, 0);
	err = xioctl(WSK_IOC_SERVICE, &sv);
	CHECK(!err && sv.id && sv.addr.port, "service start %u/%d: %d", kind, proto, err);
	sin.sin_port = htons(sv.addr.port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, proto == IPPROTO_TCP ? SOCK_STREAM : SOCK_DGRAM, 0);
	CHECK(s >= 0 && !connect(s, (void *)&sin, sizeof(sin)), "connect to service");
	CHECK(write(s, "ping!", 5) == 5, "write to service");
	if (kind == WSK_SERVICE_ECHO) {
		struct timeval tv = { .tv_sec = 5 };

		setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		n = read(s, buf, sizeof(buf));
		CHECK(n == 5 && !memcmp(buf, "ping!", 5), "echo: %d", n);
	}
	/*
	 * The counters move when the service's callbacks and send completions have run, which
	 * may be after the peer already has the echo: wait for them, bounded.
	 */
	sv.op = WSK_SERVICE_STATS;
	for (n = 0; n < 5000; n++) {
		err = xioctl(WSK_IOC_SERVICE, &sv);
		if (err || (sv.bytes_in == 5 && (kind != WSK_SERVICE_ECHO || sv.bytes_out == 5)))
			break;
		usleep(1000);
	}
	CHECK(!err && sv.bytes_in == 5, "stats: %d in %llu", err, (unsigned long long)sv.bytes_in);
	CHECK(proto == IPPROTO_UDP ? sv.datagrams_in == 1 : sv.connections == 1 && sv.active == 1,
	      "service counters");
	if (kind == WSK_SERVICE_ECHO)
		CHECK(sv.bytes_out == 5, "bytes out %llu", (unsigned long long)sv.bytes_out);
	/* TCP: stopping closes the open connection. */
	sv.op = WSK_SERVICE_STOP;
	err = xioctl(WSK_IOC_SERVICE, &sv);
	CHECK(!err && sv.active == 0, "stop: %d active %u", err, sv.active);
	close(s);
}

/* Flood the ring with completions: the oldest go, and the next record read says how many. */
static void overflow(uint32_t h)
{
	struct wsk_event ev;
	uint64_t last = 0;
	int i, err;

	for (i = 0; i < 5000; i++) {
		err = req(WSK_REQ_LOCAL_ADDRESS, h, WSK_REQ_F_ASYNC, 0, NULL, 0, NULL, NULL);
		CHECK(!err, "async local address: %d", err);
	}
	CHECK(read(fd, &ev, sizeof(ev)) == sizeof(ev), "read after flood");
	CHECK(ev.dropped >= 5000 - 4096, "dropped %u", ev.dropped);
	last = ev.seq;
	for (i = 1; i < 4096; i++) {
		CHECK(read(fd, &ev, sizeof(ev)) == sizeof(ev), "read %d", i);
		CHECK(ev.seq == last + 1 && !ev.dropped, "sequence");
		last = ev.seq;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	CHECK(read(fd, &ev, sizeof(ev)) < 0 && errno == EAGAIN, "ring empty");
	fcntl(fd, F_SETFL, 0);
	printf("wskabi: overflow ok\n");
}

/* A child that holds a callback and a pending request when it is killed. */
static void killed_with_hold(void)
{
	int status, ready[2];
	pid_t pid;
	char c;

	CHECK(!pipe(ready), "pipe");
	pid = fork();
	if (!pid) {
		struct wsk_ioc_request r;
		struct wsk_event ev;
		struct wsk_addr a, any;
		uint32_t L, C;

		fd = open("/dev/wsk", O_RDWR);
		if (fd < 0)
			_exit(2);
		L = mksock(WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_PROCESS_CONTEXT, AF_INET,
			   SOCK_STREAM, 0);
		v4(&a, 0);
		req_ok(WSK_REQ_BIND, L, NULL, 0, &a, NULL);
		req_ok(WSK_REQ_LOCAL_ADDRESS, L, NULL, 0, NULL, &r);
		a = r.addr;
		policy(L, WSK_EVENT_ACCEPT, WSK_POLICY_ACCEPT, WSK_POLICY_F_HOLD, 0);
		control(L, WSK_EVENT_ACCEPT, 0);
		C = mksock(WSK_FLAG_CONNECTION_SOCKET, AF_INET, SOCK_STREAM, 0);
		v4(&any, 0);
		req_ok(WSK_REQ_BIND, C, NULL, 0, &any, NULL);
		req_ok(WSK_REQ_CONNECT, C, NULL, 0, &a, NULL);
		expect(WSK_RECORD_HELD, L, &ev);
		/* A synchronous receive that never completes: killed in it (or just before). */
		{
			char buf[16];

			if (write(ready[1], "r", 1) != 1)
				_exit(4);
			req(WSK_REQ_RECEIVE, C, 0, 0, buf, sizeof(buf), NULL, NULL);
		}
		_exit(3);
	}
	/* The child holds a callback and is about to block: kill it now. */
	close(ready[1]);
	CHECK(read(ready[0], &c, 1) == 1, "child did not get ready");
	close(ready[0]);
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status),
	      "child killed in a synchronous request (status %#x)", status);
	printf("wskabi: killed with a held callback ok\n");
}

/* ABI 1.4: WSK_IOC_RESOLVE, its answers and every errno of its input checks. */
static void resolve(void)
{
	struct wsk_resolve_result res[4];
	struct wsk_ioc_resolve a;
	int err;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.op = WSK_RESOLVE_ADDRESS;
	strcpy(a.node, "127.0.0.1");
	strcpy(a.service, "80");
	a.results = (uintptr_t)res;
	a.max_results = 4;
	a.ai_flags = WSK_AI_CANONNAME;
	err = xioctl(WSK_IOC_RESOLVE, &a);
	CHECK(!err && a.status == 0 && a.count == 2, "resolve 127.0.0.1: %d %#x %u", err,
	      a.status, a.count);
	CHECK(res[0].socktype == SOCK_STREAM && res[0].protocol == IPPROTO_TCP &&
	      res[0].addr.family == AF_INET && res[0].addr.port == 80 &&
	      res[1].socktype == SOCK_DGRAM, "resolve results");
	CHECK(!strcmp(a.canonname, "127.0.0.1"), "canonname '%s'", a.canonname);
	a.max_results = 1;
	res[1].socktype = 77;
	err = xioctl(WSK_IOC_RESOLVE, &a);
	CHECK(!err && a.count == 2 && res[1].socktype == 77, "max_results 1: %d %u", err,
	      a.count);
	a.ai_flags = WSK_AI_NUMERICHOST;
	strcpy(a.node, "wsk-test.invalid");
	err = xioctl(WSK_IOC_RESOLVE, &a);
	CHECK(!err && a.status == WSK_STATUS_NOT_FOUND && a.count == 0,
	      "numerichost with a name: %d %#x", err, a.status);
	a.ai_flags = 0x100;
	err = xioctl(WSK_IOC_RESOLVE, &a);
	CHECK(!err && a.status == WSK_STATUS_INVALID_PARAMETER, "ai_flags: %d %#x", err,
	      a.status);
	a.ai_flags = 0;
	strcpy(a.node, "::1");

	a.flags = 1;
	CHECK(xioctl(WSK_IOC_RESOLVE, &a) == -EINVAL, "resolve flags");
	a.flags = 0;
	a.op = 3;
	CHECK(xioctl(WSK_IOC_RESOLVE, &a) == -EINVAL, "resolve op 3");
	a.op = WSK_RESOLVE_ADDRESS;
	a.max_results = WSK_RESOLVE_RESULTS_MAX + 1;
	CHECK(xioctl(WSK_IOC_RESOLVE, &a) == -EINVAL, "max_results above the limit");
	a.max_results = 1;
	a.results = 0;
	CHECK(xioctl(WSK_IOC_RESOLVE, &a) == -EINVAL, "max_results without results");
	a.results = 8;
	CHECK(xioctl(WSK_IOC_RESOLVE, &a) == -EFAULT, "results at a bad address");
	a.results = (uintptr_t)res;
	memset(a.node, 'a', sizeof(a.node));
	CHECK(xioctl(WSK_IOC_RESOLVE, &a) == -EINVAL, "node without its NUL");
	strcpy(a.node, "::1");
	memset(a.service, '1', sizeof(a.service));
	CHECK(xioctl(WSK_IOC_RESOLVE, &a) == -EINVAL, "service without its NUL");
	a.size = sizeof(a) - 8;
	CHECK(xioctl(WSK_IOC_RESOLVE, &a) == -EINVAL, "resolve size too small");

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.op = WSK_RESOLVE_NAME;
	a.addr.family = AF_INET6;
	a.addr.addr[15] = 1;
	a.addr.port = 443;
	err = xioctl(WSK_IOC_RESOLVE, &a);
	CHECK(!err && a.status == 0 && !strcmp(a.node, "::1") && !strcmp(a.service, "https"),
	      "name info [::1]:443: %d %#x '%s' '%s'", err, a.status, a.node, a.service);
	a.ai_flags = WSK_NI_NAMEREQD;
	err = xioctl(WSK_IOC_RESOLVE, &a);
	CHECK(!err && a.status == WSK_STATUS_NOT_FOUND && !a.node[0], "namereqd: %d %#x", err,
	      a.status);
	a.addr.family = AF_UNIX;
	CHECK(xioctl(WSK_IOC_RESOLVE, &a) == -EINVAL, "name info of AF_UNIX");
	printf("wskabi: resolve ok\n");
}

int main(void)
{
	struct wsk_ioc_version v = { .size = sizeof(v) };
	uint32_t D;
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = open("/dev/wsk", O_RDWR);
	if (fd < 0)
		fail("open /dev/wsk: %s", strerror(errno));
	err = xioctl(WSK_IOC_VERSION, &v);
	CHECK(!err && v.abi_major == WSK_ABI_MAJOR, "version: %d", err);

	bad_input();
	resolve();
	tcp();
	udp();
	service(WSK_SERVICE_ECHO, IPPROTO_TCP);
	service(WSK_SERVICE_ECHO, IPPROTO_UDP);
	service(WSK_SERVICE_DISCARD, IPPROTO_TCP);
	service(WSK_SERVICE_DISCARD, IPPROTO_UDP);
	printf("wskabi: services ok\n");

	D = mksock(WSK_FLAG_DATAGRAM_SOCKET, AF_INET6, SOCK_DGRAM, 0);
	{
		struct wsk_ioc_request r;
		struct wsk_addr a6 = { .family = AF_INET6 };

		a6.addr[15] = 1;
		req_ok(WSK_REQ_BIND, D, NULL, 0, &a6, &r);
		CHECK(r.status == 0, "bind ::1: %#x", r.status);
	}
	overflow(D);
	killed_with_hold();

	/* Left for release: an asynchronous receive-from, open sockets, a running service. */
	{
		static char buf[32];
		struct wsk_ioc_service sv = { .size = sizeof(sv), .op = WSK_SERVICE_START,
					      .kind = WSK_SERVICE_ECHO,
					      .protocol = IPPROTO_TCP };

		err = req(WSK_REQ_RECEIVE_FROM, D, WSK_REQ_F_ASYNC, 0, buf, sizeof(buf), NULL,
			  NULL);
		CHECK(!err, "pending receive-from: %d", err);
		v4(&sv.addr, 0);
		CHECK(!xioctl(WSK_IOC_SERVICE, &sv), "service left running");
	}
	printf("wskabi: PASS (%d checks)\n", checks);
	return 0;
}
