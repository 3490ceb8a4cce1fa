// SPDX-License-Identifier: GPL-2.0
/*
 * wskfailnth: every allocation failure of every /dev/wsk operation, one at a time (review
 * findings 8 and 12: "nothing is lost or leaked on any error path").
 *
 * For each operation below, a fresh file is set up, then the operation runs with fault
 * injection armed to fail the Nth allocation the calling thread makes (fail-nth, with failslab
 * made to apply to sleeping allocations too), for N = 1, 2, ... until the operation runs
 * through without reaching the Nth: then every allocation it makes has failed once. Each
 * failure must give a documented answer (ENOMEM, or a WSK status meaning no memory, or the
 * same result as without injection for an allocation that may fail softly), the file must
 * still answer (SOCKINFO, a second try of the operation without injection), and closing it
 * must tear everything down. The kernel's own checks (KASAN, kmemleak after the unload,
 * lockdep) judge the rest, in the VM harness.
 *
 *	wskfailnth [MAX_N]	(default 200)
 *	wskfailnth xa2
 *
 * xa2 is finding 8's own path. A handle is reserved with __xa_alloc(), which first allocates
 * a node without sleeping under the table's lock and, if that fails, once more outside it:
 * the insertion fails only if both fail, which one fail-nth injection cannot do. The caller
 * arms failslab for this thread (task-filter), for the xarray node cache only (cache-filter,
 * with the kernel booted with slub_debug=A,radix_tree_node), probability 100 and times 2;
 * xa2 then makes the accept request that reserves handle 64 (a new node) with
 * /proc/thread-self/make-it-fail set, and requires no memory as the answer, both failures
 * used (times back at 0), and a working file and accept afterwards.
 *
 * Without fail-nth (kernels with no fault injection) each operation runs once, unarmed, and
 * the run says so. Prints one line per operation and "wskfailnth: PASS" at the end; exits 1
 * at the first failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../../include/uapi/linux/wsk.h"

static int nth_fd = -1;		/* /proc/thread-self/fail-nth */
static int fd;			/* the /dev/wsk file of the current try */
static uint32_t lsock, csock, dsock;	/* made by the setup */
static uint16_t lport, dport;

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("wskfailnth: FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	exit(1);
}

static int xioctl(unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

/* Arm: the Nth fault-injection check of this thread fails. 0 disarms. */
static void arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(nth_fd, buf, len, 0) != len)
		fail("write fail-nth: %s", strerror(errno));
}

/* Whether the armed failure was not reached (the count is still pending); disarms. */
static int unreached(void)
{
	char buf[16] = "";
	ssize_t n = pread(nth_fd, buf, sizeof(buf) - 1, 0);

	if (n < 0)
		fail("read fail-nth: %s", strerror(errno));
	arm(0);
	return atoi(buf) > 0;
}

static void lo4(struct wsk_addr *a, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	a->family = AF_INET;
	a->port = port;
	a->addr[0] = 127;
	a->addr[3] = 1;
}

static int mksock(uint32_t flags, int type, uint32_t *h, uint32_t *status)
{
	struct wsk_ioc_socket s = { .size = sizeof(s), .flags = flags, .family = AF_INET,
				    .type = type };
	int err = xioctl(WSK_IOC_SOCKET, &s);

	*h = s.handle;
	*status = s.status;
	return err;
}

static int request(uint32_t op, uint32_t h, uint32_t flags, void *buf, size_t len,
		   struct wsk_addr *addr, struct wsk_ioc_request *out)
{
	struct wsk_ioc_request r = { .size = sizeof(r), .flags = flags, .op = op, .handle = h,
				     .buf = (uintptr_t)buf, .len = len };
	int err;

	if (addr)
		r.addr = *addr;
	err = xioctl(WSK_IOC_REQUEST, &r);
	*out = r;
	return err;
}

static uint16_t local_port(uint32_t h)
{
	struct wsk_ioc_sockinfo si = { .size = sizeof(si), .handle = h };

	if (xioctl(WSK_IOC_SOCKINFO, &si))
		fail("sockinfo %u: %s", h, strerror(errno));
	return si.local.port;
}

/* No memory, said as an errno (ENOBUFS: STATUS_INSUFFICIENT_RESOURCES) or as a WSK status. */
static int no_memory(int err, uint32_t status)
{
	return err == ENOMEM || err == ENOBUFS || status == WSK_STATUS_NO_MEMORY ||
	       status == WSK_STATUS_INSUFFICIENT_RESOURCES;
}

/* The file of one try: a listener, a connection socket and a datagram socket, all bound. */
static void setup(void)
{
	struct wsk_ioc_request r;
	struct wsk_ioc_control c = { .size = sizeof(c) };
	struct wsk_addr a;
	uint32_t st;

	fd = open("/dev/wsk", O_RDWR);
	if (fd < 0)
		fail("open /dev/wsk: %s", strerror(errno));
	lo4(&a, 0);
	if (mksock(WSK_FLAG_LISTEN_SOCKET, SOCK_STREAM, &lsock, &st) || st ||
	    mksock(WSK_FLAG_CONNECTION_SOCKET, SOCK_STREAM, &csock, &st) || st ||
	    mksock(WSK_FLAG_DATAGRAM_SOCKET, SOCK_DGRAM, &dsock, &st) || st)
		fail("setup: socket: %s, status %#x", strerror(errno), st);
	if (request(WSK_REQ_BIND, lsock, 0, NULL, 0, &a, &r) || r.status ||
	    request(WSK_REQ_BIND, csock, 0, NULL, 0, &a, &r) || r.status ||
	    request(WSK_REQ_BIND, dsock, 0, NULL, 0, &a, &r) || r.status)
		fail("setup: bind: %s, status %#x", strerror(errno), r.status);
	lport = local_port(lsock);
	dport = local_port(dsock);
	c.handle = lsock;
	c.event_mask = WSK_EVENT_ACCEPT;
	if (xioctl(WSK_IOC_CONTROL, &c) || c.status)
		fail("setup: enable accept: %s, status %#x", strerror(errno), c.status);
}

/*
 * The operations. Each returns 0 if it did what it does without injection, 1 if it failed in
 * a documented way, and fails the run otherwise. @armed: whether injection may be active.
 */
typedef int (*op_fn)(int armed);

static int op_socket(int armed)
{
	uint32_t h, st;
	int err = mksock(WSK_FLAG_CONNECTION_SOCKET, SOCK_STREAM, &h, &st);

	if (!err && !st && h)
		return 0;
	if (armed && no_memory(err, st))
		return 1;
	fail("socket: %s, status %#x", strerror(err), st);
	return -1;
}

static int op_connect(int armed)
{
	struct wsk_ioc_request r;
	struct wsk_addr a;
	int err;

	lo4(&a, lport);
	err = request(WSK_REQ_CONNECT, csock, 0, NULL, 0, &a, &r);
	if (!err && !r.status)
		return 0;
	if (armed && no_memory(err, r.status))
		return 1;
	fail("connect: %s, status %#x", strerror(err), r.status);
	return -1;
}

/* An accept request reserves a handle for its socket (the path of review finding 8). */
static int op_accept(int armed)
{
	struct wsk_ioc_request r;
	int err = request(WSK_REQ_ACCEPT, lsock, WSK_REQ_F_ASYNC, NULL, 0, NULL, &r);

	if (!err && r.status == WSK_STATUS_PENDING)
		return 0;
	if (armed && no_memory(err, r.status))
		return 1;
	fail("accept: %s, status %#x", strerror(err), r.status);
	return -1;
}

/*
 * The same with 60 more handles made first, so that the reservation takes handle 64 and the
 * handle table needs a new node for it: the allocation whose failure freed the request twice.
 */
static void prep_many(void)
{
	uint32_t h, st;
	int i;

	for (i = 0; i < 60; i++)
		if (mksock(WSK_FLAG_CONNECTION_SOCKET, SOCK_STREAM, &h, &st) || st)
			fail("prep: socket %d: %s, status %#x", i, strerror(errno), st);
}

static int op_send_to(int armed)
{
	static char data[3000];
	struct wsk_ioc_request r;
	struct wsk_addr a;
	int err;

	lo4(&a, dport);
	err = request(WSK_REQ_SEND_TO, dsock, 0, data, sizeof(data), &a, &r);
	if (!err && !r.status && r.information == sizeof(data))
		return 0;
	if (armed && no_memory(err, r.status))
		return 1;
	fail("send-to: %s, status %#x, %llu bytes", strerror(err), r.status,
	     (unsigned long long)r.information);
	return -1;
}

static int op_receive_from(int armed)
{
	struct wsk_ioc_request r;
	int err = request(WSK_REQ_RECEIVE_FROM, dsock, WSK_REQ_F_ASYNC, NULL, 100, NULL, &r);

	if (!err && r.status == WSK_STATUS_PENDING)
		return 0;
	if (armed && no_memory(err, r.status))
		return 1;
	fail("receive-from: %s, status %#x", strerror(err), r.status);
	return -1;
}

static int op_enable(int armed)
{
	struct wsk_ioc_control c = { .size = sizeof(c), .flags = WSK_CTL_F_REQUEST,
				     .handle = dsock, .event_mask = WSK_EVENT_RECEIVE_FROM };
	int err = xioctl(WSK_IOC_CONTROL, &c);

	if (!err && !c.status)
		return 0;
	if (armed && no_memory(err, c.status))
		return 1;
	fail("enable receive-from: %s, status %#x", strerror(err), c.status);
	return -1;
}

static int op_service(int armed)
{
	struct wsk_ioc_service s = { .size = sizeof(s), .op = WSK_SERVICE_START,
				     .kind = WSK_SERVICE_ECHO, .protocol = IPPROTO_TCP };
	int err;

	lo4(&s.addr, 0);
	err = xioctl(WSK_IOC_SERVICE, &s);
	if (!err && s.id)
		return 0;
	/* The stack answers a failed bind-bucket allocation with EADDRINUSE (inet_csk_get_port()). */
	if (armed && (no_memory(err, 0) || err == EADDRINUSE))
		return 1;
	fail("service start: %s", strerror(err));
	return -1;
}

static int op_policy(int armed)
{
	struct wsk_ioc_policy p = { .size = sizeof(p), .handle = lsock, .event = WSK_EVENT_RECEIVE,
				    .action = WSK_POLICY_RETAIN };
	int err = xioctl(WSK_IOC_POLICY, &p);

	if (!err)
		return 0;
	if (armed && no_memory(err, 0))
		return 1;
	fail("policy: %s", strerror(err));
	return -1;
}

static const struct {
	const char *name;
	op_fn fn;
	void (*prep)(void);	/* after the setup, not armed */
} ops[] = {
	{ "socket", op_socket, NULL },
	{ "connect", op_connect, NULL },
	{ "accept", op_accept, NULL },
	{ "accept-64th-handle", op_accept, prep_many },
	{ "send-to", op_send_to, NULL },
	{ "receive-from", op_receive_from, NULL },
	{ "enable", op_enable, NULL },
	{ "service", op_service, NULL },
	{ "policy", op_policy, NULL },
};

static int read_int(const char *path)
{
	char buf[32] = "";
	int f = open(path, O_RDONLY);

	if (f < 0 || read(f, buf, sizeof(buf) - 1) < 0)
		fail("read %s: %s", path, strerror(errno));
	close(f);
	return atoi(buf);
}

static void make_it_fail(int on)
{
	int f = open("/proc/thread-self/make-it-fail", O_WRONLY);

	if (f < 0 || write(f, on ? "1" : "0", 1) != 1)
		fail("write make-it-fail: %s", strerror(errno));
	close(f);
}

/* Both allocations of the handle reservation fail (see the top). */
static int xa2(void)
{
	static const char times[] = "/sys/kernel/debug/failslab/times";
	int r;

	setup();
	prep_many();
	if (read_int(times) != 2)
		fail("xa2: failslab's times is not armed at 2");
	make_it_fail(1);
	r = op_accept(1);
	make_it_fail(0);
	if (r != 1)
		fail("xa2: the accept request did not fail (%d failures left to inject)",
		     read_int(times));
	if (read_int(times) != 0)
		fail("xa2: only %d of the 2 node allocations failed", 2 - read_int(times));
	local_port(lsock);
	if (op_accept(0))
		fail("xa2: the accept request failed again without injection");
	close(fd);
	printf("wskfailnth: xa2: both node allocations of the handle reservation failed: "
	       "no memory, the file kept working, the next accept was served\n");
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int max = argc > 1 ? (unsigned int)atoi(argv[1]) : 200, n, i;
	unsigned int total = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "xa2"))
		return xa2();
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0)
		printf("wskfailnth: no fail-nth (%s): each operation runs once, without injection\n",
		       strerror(errno));
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		unsigned int failed = 0;

		for (n = 1; n <= max; n++) {
			int r, reached;

			setup();
			if (ops[i].prep)
				ops[i].prep();
			if (nth_fd >= 0)
				arm(n);
			r = ops[i].fn(nth_fd >= 0);
			reached = nth_fd >= 0 && !unreached();
			failed += r;
			/* The file still answers, and the operation works again unarmed. */
			local_port(lsock);
			if (r)
				ops[i].fn(0);
			close(fd);
			if (!reached)
				break;
		}
		if (n > max)
			fail("%s: still allocating after %u injections", ops[i].name, max);
		printf("wskfailnth: %s: %u allocation points, %u of them failed the operation "
		       "(ENOMEM, ENOBUFS or a no-memory status), the rest were absorbed\n",
		       ops[i].name, n - 1, failed);
		total += n - 1;
	}
	printf("wskfailnth: PASS (%u injected failures)\n", total);
	return 0;
}
