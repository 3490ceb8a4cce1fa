// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl: the context (errors, names, results) and the commands shared by one-shot and script
 * mode: socket, event, policy, hold, retained, backlog.
 */

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <unistd.h>

#include "wskctl.h"

/* ---- context ---- */

static void vreport(struct ctx *c, const char *arg, const char *fmt, va_list ap)
{
	fflush(stdout);
	if (c->line)
		fprintf(stderr, "wskctl run %s:%d: %s: ", c->file, c->line, c->cmd ? c->cmd : "");
	else
		fprintf(stderr, "wskctl %s: ", c->cmd ? c->cmd : "");
	if (arg)
		fprintf(stderr, "argument '%s': ", arg);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int fail_arg(struct ctx *c, const char *arg, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, arg, fmt, ap);
	va_end(ap);
	return -1;
}

int ctx_fd(struct ctx *c)
{
	int err = 0;

	if (c->fd >= 0)
		return c->fd;
	c->fd = dev_open(c->drop_cap, &err);
	if (c->fd == -2) {
		c->fd = -1;
		return fail(c, "cannot drop CAP_NET_ADMIN: %s", strerror(err));
	}
	if (c->fd < 0) {
		/* expect=EPERM (with --drop-cap) turns the failure into the expected result. */
		if (c->expect) {
			int e;

			if (!parse_errno(c->expect, &e) && e == err) {
				c->expect_met = true;
				return -1;
			}
		}
		return fail(c, "cannot open %s: %s (%s)%s", WSK_DEV, strerror(err),
			    errno_name(err),
			    err == ENOENT || err == ENODEV ? ": is the wsk module loaded?" :
			    err == EPERM || err == EACCES ? ": CAP_NET_ADMIN is needed" : "");
	}
	return c->fd;
}

struct wsk_name *name_find(struct ctx *c, const char *name)
{
	int i;

	for (i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i].name, name))
			return &c->names[i];
	return NULL;
}

int name_set(struct ctx *c, const char *name, int kind, uint32_t id, const char *value)
{
	struct wsk_name *n = name_find(c, name);
	const char *p;

	if (!*name || strlen(name) >= sizeof(n->name))
		return fail_arg(c, name, "a name has 1 to 31 characters");
	for (p = name; *p; p++)
		if (!(*p == '_' || *p == '-' || (*p >= '0' && *p <= '9') ||
		      (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return fail_arg(c, name, "a name has only letters, digits, '-' and '_'");
	if (name[0] >= '0' && name[0] <= '9')
		return fail_arg(c, name, "a name cannot start with a digit (numbers are handles)");
	if (!n) {
		if (c->nnames == MAX_NAMES)
			return fail_arg(c, name, "too many names (at most %d)", MAX_NAMES);
		n = &c->names[c->nnames++];
		strcpy(n->name, name);
	}
	free(n->value);
	n->value = value ? strdup(value) : NULL;
	n->kind = kind;
	n->id = id;
	return 0;
}

int resolve_handle(struct ctx *c, const char *tok, uint32_t *h)
{
	struct wsk_name *n;
	char why[WSKCTL_WHY];
	uint64_t v;

	if (tok[0] >= '0' && tok[0] <= '9') {
		if (parse_u64(tok, &v, why) || v > UINT32_MAX)
			return fail_arg(c, tok, "not a socket handle (a number, or a name in scripts)");
		*h = (uint32_t)v;
		return 0;
	}
	if (!c->script)
		return fail_arg(c, tok, "not a socket handle: outside scripts handles are numbers");
	n = name_find(c, tok);
	if (!n || n->kind != NAME_SOCKET)
		return fail_arg(c, tok, "no socket of that name%s", n ? " (it names no socket)" :
				"");
	*h = n->id;
	return 0;
}

const char *handle_label(struct ctx *c, uint32_t h, char *buf, size_t len)
{
	int i;

	for (i = 0; i < c->nnames; i++)
		if (c->names[i].kind == NAME_SOCKET && c->names[i].id == h) {
			snprintf(buf, len, "handle %u ('%s')", h, c->names[i].name);
			return buf;
		}
	snprintf(buf, len, "handle %u", h);
	return buf;
}

static bool result_matches(const struct wsk_result *r, const char *expect)
{
	uint32_t st;
	int e;

	if (!strcmp(expect, "any"))
		return true;
	if (!parse_status(expect, &st))
		return r->status != WSKCTL_NO_STATUS && r->status == st;
	if (!parse_errno(expect, &e))
		return r->err == e;
	return false;
}

static void describe_result(const struct wsk_result *r, char *buf, size_t len)
{
	char st[32];

	if (r->status == WSKCTL_NO_STATUS) {
		snprintf(buf, len, "%s (%s)", strerror(r->err), errno_name(r->err));
		return;
	}
	format_status(r->status, st, sizeof(st));
	if (r->err)
		snprintf(buf, len, "status %s (ioctl errno %s)", st, errno_name(r->err));
	else
		snprintf(buf, len, "status %s", st);
}

int check_result(struct ctx *c, const char *what, const struct wsk_result *r)
{
	char d[128];

	c->last = *r;
	c->have_last = true;
	describe_result(r, d, sizeof(d));
	if (c->expect) {
		c->expect_met = true;
		if (!result_matches(r, c->expect))
			return fail(c, "%s: expected %s, got %s", what, c->expect, d);
		return 0;
	}
	/* The one-shot trap: a handle of an earlier wskctl, whose sockets went with it. */
	if (r->err == EBADF && !c->script && !strncmp(what, "handle", 6))
		return fail(c, "%s: %s: sockets live only as long as the wskctl that made them "
			    "(use one script: wskctl run)", what, d);
	if (r->status == WSKCTL_NO_STATUS || is_error_status(r->status))
		return fail(c, "%s: %s", what, d);
	return 0;
}

/* ---- synchronous requests time out: SIGALRM interrupts the ioctl (EINTR) ---- */

static void on_alarm(int sig)
{
	(void)sig;
}

static void arm(uint64_t ms)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { .tv_sec = ms / 1000,
					      .tv_usec = (ms % 1000) * 1000 } };

	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm(void)
{
	struct itimerval it = { 0 };

	setitimer(ITIMER_REAL, &it, NULL);
}

/* ---- argument helpers ---- */

struct opts {
	/* common to requests */
	bool async;
	uint64_t timeout_ms;
	const char *id_var;
	const char *as;		/* name for an accepted socket */
	/* data */
	const char *data;
	size_t data_len;
	uint64_t size;		/* pattern bytes */
	uint64_t offset;	/* pattern offset */
	bool have_size;
	uint64_t want_bytes;
	bool have_want;
	uint64_t count;		/* send-messages: datagrams */
	uint32_t wsk_flags;
};

/* Options every request takes; returns 1 if tok was one, 0 if not, -1 on a bad value. */
static int request_opt(struct ctx *c, const char *tok, struct opts *o)
{
	char why[WSKCTL_WHY];
	const char *v;

	if (!strcmp(tok, "async")) {
		o->async = true;
	} else if (kv(tok, "timeout", &v)) {
		if (parse_duration(v, &o->timeout_ms, why))
			return fail_arg(c, tok, "%s", why);
	} else if (kv(tok, "id", &v)) {
		o->id_var = v;
	} else if (kv(tok, "expect", &v)) {
		c->expect = v;
	} else {
		return 0;
	}
	return 1;
}

static int data_opt(struct ctx *c, const char *tok, struct opts *o)
{
	char why[WSKCTL_WHY];
	const char *v;

	if (kv(tok, "data", &v)) {
		o->data = v;
		o->data_len = strlen(v);
	} else if (kv(tok, "size", &v)) {
		if (parse_size(v, &o->size, why))
			return fail_arg(c, tok, "%s", why);
		o->have_size = true;
	} else if (kv(tok, "offset", &v)) {
		if (parse_size(v, &o->offset, why))
			return fail_arg(c, tok, "%s", why);
	} else {
		return 0;
	}
	return 1;
}

/* What a request command takes besides the options of every request. */
enum {
	OPT_DATA = 1,	/* data=, size=, offset= */
	OPT_BYTES = 2,	/* bytes=N: the length a receive must complete with */
	OPT_AS = 4,	/* as=NAME: the name of an accepted socket */
	OPT_COUNT = 8,	/* count=N: how many datagrams (send-messages) */
};

/*
 * The options of a request command, argv[from] on: those of every request, those @takes says,
 * and the words of @words, flags of the request (ends with a NULL name; NULL for none). Return: 0, or -1 (reported).
 */
static int request_args(struct ctx *c, int argc, char **argv, int from, struct opts *o,
			unsigned int takes, const struct flag_name *words)
{
	const struct flag_name *w;
	char why[WSKCTL_WHY];
	const char *v;
	int i, k;

	for (i = from; i < argc; i++) {
		k = request_opt(c, argv[i], o);
		if (!k && (takes & OPT_DATA))
			k = data_opt(c, argv[i], o);
		if (k < 0)
			return -1;
		if (k)
			continue;
		if ((takes & OPT_BYTES) && kv(argv[i], "bytes", &v)) {
			if (parse_size(v, &o->want_bytes, why))
				return fail_arg(c, argv[i], "%s", why);
			o->have_want = true;
			continue;
		}
		if ((takes & OPT_AS) && kv(argv[i], "as", &v)) {
			o->as = v;
			continue;
		}
		if ((takes & OPT_COUNT) && kv(argv[i], "count", &v)) {
			if (parse_size(v, &o->count, why))
				return fail_arg(c, argv[i], "%s", why);
			if (!o->count || o->count > WSK_SEND_MESSAGES_MAX)
				return fail_arg(c, argv[i], "1 to %d datagrams", WSK_SEND_MESSAGES_MAX);
			continue;
		}
		for (w = words; w && w->name && strcmp(argv[i], w->name); w++)
			;
		if (!w || !w->name)
			return unknown(c, argv[i]);
		o->wsk_flags |= w->flag;
	}
	return 0;
}

int need(struct ctx *c, int argc, int n, const char *what)
{
	if (argc < n)
		return fail(c, "missing %s (see 'wskctl %s --help')", what, c->cmd);
	return 0;
}

int unknown(struct ctx *c, const char *tok)
{
	return fail_arg(c, tok, "unknown argument (see 'wskctl %s --help')", c->cmd);
}

/* Build the payload of a send: data=TEXT or size=N bytes of the pattern from offset=. */
static unsigned char *payload(struct ctx *c, struct opts *o, size_t *len)
{
	unsigned char *b;
	uint64_t i;

	if (o->data) {
		*len = o->data_len;
		b = malloc(*len ? *len : 1);
		if (b)
			memcpy(b, o->data, *len);
		return b;
	}
	if (o->size > 16u << 20) {
		fail_arg(c, "size", "at most 16M per request");
		return NULL;
	}
	*len = o->size;
	b = malloc(*len ? *len : 1);
	if (!b)
		return NULL;
	for (i = 0; i < *len; i++)
		b[i] = pattern_byte(o->offset + i);
	return b;
}

static void print_req(struct ctx *c, const struct wsk_ioc_request *rq, const char *what)
{
	char st[32], ad[80];
	struct pr p;

	if ((c->script && !c->json) || c->quiet)
		return;
	if (c->json && c->script && !c->monitor)
		return;
	format_status(rq->status, st, sizeof(st));
	format_addr(&rq->addr, ad, sizeof(ad));
	pr_open(&p, stdout, c->json);
	pr_s(&p, "request", "%s", what);
	pr_u(&p, "handle", " handle %" PRIu64 ":", (uint64_t)rq->handle);
	pr_s(&p, "status", " %s", st);
	pr_u(&p, "request_id", " request %" PRIu64, (uint64_t)rq->request_id);
	pr_u(&p, "information", " information %" PRIu64, (uint64_t)rq->information);
	if (rq->new_handle)
		pr_u(&p, "new_handle", " new %" PRIu64, (uint64_t)rq->new_handle);
	if (rq->addr.family)
		pr_s(&p, "addr", " addr %s", ad);
	pr_close(&p);
}

/*
 * One request. Synchronous ones are bounded by timeout (default 10 s in scripts, none outside).
 */
static int do_request(struct ctx *c, struct wsk_ioc_request *rq, struct opts *o,
		      const char *what)
{
	struct wsk_result r;
	char lbl[64], w[96];
	int fd = ctx_fd(c);
	uint64_t tmo = o->timeout_ms ? o->timeout_ms : c->script ? 10000 : 0;

	if (fd < 0)
		return -1;
	rq->size = sizeof(*rq);
	if (o->async)
		rq->flags |= WSK_REQ_F_ASYNC;
	rq->wsk_flags |= o->wsk_flags;
	if (!o->async && tmo)
		arm(tmo);
	dev_call(fd, WSK_IOC_REQUEST, rq, &rq->status, &r);
	if (!o->async && tmo)
		disarm();
	r.request_id = rq->request_id;
	r.information = rq->information;
	r.new_handle = rq->new_handle;
	r.addr = rq->addr;
	snprintf(w, sizeof(w), "%s", handle_label(c, rq->handle, lbl, sizeof(lbl)));
	if (r.err == EINTR && !o->async)
		return fail(c, "%s: no completion within %" PRIu64 " ms (the request goes on)", w,
			    tmo);
	if (check_result(c, w, &r))
		return -1;
	if (o->id_var && r.status != WSKCTL_NO_STATUS) {
		char v[32];

		snprintf(v, sizeof(v), "%" PRIu64, (uint64_t)rq->request_id);
		if (name_set(c, o->id_var, NAME_VAR, 0, v))
			return -1;
	}
	if (r.status != WSKCTL_NO_STATUS)
		print_req(c, rq, what);
	return 0;
}

/* ---- socket ---- */

static int cmd_socket_create(struct ctx *c, int argc, char **argv)
{
	struct pr p;
	struct wsk_ioc_socket s = { .size = sizeof(s) };
	struct wsk_result r;
	const char *name = NULL, *bind_to = NULL, *connect_to = NULL, *v;
	struct wsk_addr ba = { 0 }, ca = { 0 };
	char why[WSKCTL_WHY], lbl[64];
	bool have_cat = false;
	uint32_t cat;
	int i, fd, family = 0, proto = -1;

	for (i = 0; i < argc; i++) {
		const char *t = argv[i];

		if (!parse_category(t, &cat)) {
			if (have_cat)
				return fail_arg(c, t, "a second category");
			have_cat = true;
			s.flags |= cat;
		} else if (!strcmp(t, "tcp")) {
			proto = IPPROTO_TCP;
		} else if (!strcmp(t, "udp")) {
			proto = IPPROTO_UDP;
		} else if (!strcmp(t, "ipv4") || !strcmp(t, "inet")) {
			family = AF_INET;
		} else if (!strcmp(t, "ipv6") || !strcmp(t, "inet6")) {
			family = AF_INET6;
		} else if (!strcmp(t, "process")) {
			s.flags |= WSK_FLAG_PROCESS_CONTEXT;
		} else if (kv(t, "flags", &v)) {	/* raw flags, for bad-input tests */
			uint64_t f;

			if (parse_u64(v, &f, why) || f > UINT32_MAX)
				return fail_arg(c, t, "%s", why);
			s.flags |= (uint32_t)f;
		} else if (kv(t, "family", &v)) {
			uint64_t f;

			if (parse_u64(v, &f, why))
				return fail_arg(c, t, "%s", why);
			family = (int)f;
		} else if (!strcmp(t, "bind") || !strcmp(t, "connect")) {
			if (i + 1 >= argc)
				return fail_arg(c, t, "missing the address after it");
			if (parse_addr(argv[i + 1], t[0] == 'b' ? &ba : &ca, why))
				return fail_arg(c, argv[i + 1], "%s", why);
			*(t[0] == 'b' ? &bind_to : &connect_to) = argv[i + 1];
			i++;
		} else if (kv(t, "name", &v)) {
			name = v;
		} else if (kv(t, "expect", &v)) {
			c->expect = v;
		} else if (strchr(t, ':')) {
			if (parse_addr(t, &ba, why))
				return fail_arg(c, t, "%s", why);
			bind_to = t;
		} else if (c->script && !name) {
			name = t;
		} else {
			return fail_arg(c, t, "not a category (basic, listen, connection, datagram, "
					"stream), protocol (tcp, udp), family (ipv4, ipv6), "
					"'process', 'bind ADDR' or 'connect ADDR'");
		}
	}
	if (!have_cat)
		return fail(c, "missing the category: basic, listen, connection, datagram or stream");
	if (c->script && !name)
		return fail(c, "missing the socket's name (socket create NAME CATEGORY ...)");
	if (!family)
		family = bind_to ? ba.family : connect_to ? ca.family : AF_INET;
	if (bind_to && ba.family != family)
		return fail_arg(c, bind_to, "address family differs from the socket's");
	if (proto < 0)
		proto = (s.flags & WSK_FLAG_DATAGRAM_SOCKET) ? IPPROTO_UDP : IPPROTO_TCP;
	s.family = family;
	s.type = proto == IPPROTO_UDP ? SOCK_DGRAM : SOCK_STREAM;
	s.protocol = proto;
	fd = ctx_fd(c);
	if (fd < 0)
		return -1;
	dev_call(fd, WSK_IOC_SOCKET, &s, &s.status, &r);
	r.new_handle = s.handle;
	if (check_result(c, "WSK_IOC_SOCKET", &r))
		return -1;
	if (is_error_status(r.status) || r.status == WSKCTL_NO_STATUS)
		return 0;	/* the failure was expected */
	if (name && name_set(c, name, NAME_SOCKET, s.handle, NULL))
		return -1;
	if (!c->script || c->json) {
		pr_open(&p, stdout, c->json);
		if (c->script)
			pr_s(&p, "socket", "%s ", name);
		pr_u(&p, "handle", "handle %" PRIu64, (uint64_t)s.handle);
		pr_close(&p);
	}
	if (!c->script && !c->json)
		fprintf(stderr, "wskctl socket create: note: the socket is closed when this wskctl "
			"exits; to keep using it, run the commands in one script (wskctl run)\n");
	if (bind_to || connect_to) {
		struct wsk_ioc_request rq = { .op = WSK_REQ_BIND, .handle = s.handle };
		struct opts o = { 0 };
		const char *saved = c->expect;

		c->expect = NULL;
		c->quiet = true;
		rq.addr = ba;
		if (!bind_to)
			rq.addr.family = family;	/* any address, any port */
		if (do_request(c, &rq, &o, "bind")) {
			c->quiet = false;
			return fail(c, "%s: bind to %s failed", handle_label(c, s.handle, lbl,
			       sizeof(lbl)), bind_to ? bind_to : "any");
		}
		if (connect_to) {
			struct wsk_ioc_request cq = { .op = WSK_REQ_CONNECT, .handle = s.handle };

			cq.addr = ca;
			if (do_request(c, &cq, &o, "connect")) {
				c->quiet = false;
				return -1;
			}
		}
		c->quiet = false;
		c->expect = saved;
	}
	return 0;
}

/* socket bind, socket connect (with data: WskConnectEx) */
static int addr_request(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_request rq = { .op = c->op };
	struct opts o = { 0 };
	char why[WSKCTL_WHY];
	unsigned char *b;
	size_t len;
	int ret;

	if (need(c, argc, 2, "the socket and the address"))
		return -1;
	if (resolve_handle(c, argv[0], &rq.handle))
		return -1;
	if (parse_addr(argv[1], &rq.addr, why))
		return fail_arg(c, argv[1], "%s", why);
	if (request_args(c, argc, argv, 2, &o,
			 c->op == WSK_REQ_CONNECT ? OPT_DATA | OPT_BYTES : 0, NULL))
		return -1;
	if (!o.data && !o.have_size) {
		ret = do_request(c, &rq, &o, op_name(c->op));
	} else {
		rq.op = WSK_REQ_CONNECT_EX;
		b = payload(c, &o, &len);
		if (!b)
			return -1;
		rq.buf = (uintptr_t)b;
		rq.len = len;
		ret = do_request(c, &rq, &o, op_name(rq.op));
		free(b);
	}
	if (!ret && !o.async && o.have_want && !is_error_status(rq.status) &&
	    rq.information != o.want_bytes)
		ret = fail(c, "sent %" PRIu64 " bytes, expected %" PRIu64,
			   (uint64_t)rq.information, o.want_bytes);
	return ret;
}

static int cmd_socket_accept(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_request rq = { .op = WSK_REQ_ACCEPT };
	struct opts o = { 0 };

	if (need(c, argc, 1, "the listening socket"))
		return -1;
	if (resolve_handle(c, argv[0], &rq.handle))
		return -1;
	if (request_args(c, argc, argv, 1, &o, OPT_AS, NULL))
		return -1;
	if (do_request(c, &rq, &o, "accept"))
		return -1;
	if (o.as && !o.async && rq.new_handle)
		return name_set(c, o.as, NAME_SOCKET, rq.new_handle, NULL);
	return 0;
}

/* socket send, send-to, disconnect */
static int send_like(struct ctx *c, int argc, char **argv)
{
	uint32_t op = c->op;
	struct wsk_ioc_request rq = { .op = op };
	struct opts o = { 0 };
	char why[WSKCTL_WHY];
	static const struct flag_name send_words[] = {
		{ "nodelay", WSK_FLAG_NODELAY }, { NULL, 0 }
	}, disconnect_words[] = {
		{ "nodelay", WSK_FLAG_NODELAY }, { "abortive", WSK_FLAG_ABORTIVE }, { NULL, 0 }
	};
	unsigned char *b;
	size_t len;
	int i = 1, ret;

	if (need(c, argc, op == WSK_REQ_SEND_TO ? 2 : 1, op == WSK_REQ_SEND_TO ?
		 "the socket and the destination" : "the socket"))
		return -1;
	if (resolve_handle(c, argv[0], &rq.handle))
		return -1;
	if (op == WSK_REQ_SEND_TO) {
		/* 'default': the socket's own destination (SIO_WSK_SET_*_ADDRESS). */
		if (strcmp(argv[1], "default") && parse_addr(argv[1], &rq.addr, why))
			return fail_arg(c, argv[1], "%s", why);
		i = 2;
	}
	if (request_args(c, argc, argv, i, &o, OPT_DATA,
			 op == WSK_REQ_DISCONNECT ? disconnect_words : send_words))
		return -1;
	if (op != WSK_REQ_DISCONNECT && !o.data && !o.have_size)
		return fail(c, "missing the data: data=TEXT or size=N");
	b = payload(c, &o, &len);
	if (!b)
		return -1;
	rq.buf = (uintptr_t)b;
	rq.len = len;
	ret = do_request(c, &rq, &o, op_name(op));
	free(b);
	return ret;
}

/*
 * socket send-messages: COUNT datagrams of data= or of size= pattern bytes (the ith from
 * offset + i * size), each after its length (WSK_REQ_SEND_MESSAGES).
 */
static int cmd_socket_send_messages(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_request rq = { .op = WSK_REQ_SEND_MESSAGES };
	struct opts o = { .count = 1 };
	char why[WSKCTL_WHY];
	unsigned char *b, *one;
	size_t len, at = 0;
	uint64_t i, off0;
	uint32_t dlen;
	int ret;

	if (need(c, argc, 2, "the socket and the destination"))
		return -1;
	if (resolve_handle(c, argv[0], &rq.handle))
		return -1;
	if (strcmp(argv[1], "default") && parse_addr(argv[1], &rq.addr, why))
		return fail_arg(c, argv[1], "%s", why);
	if (request_args(c, argc, argv, 2, &o, OPT_DATA | OPT_COUNT, NULL))
		return -1;
	if (!o.data && !o.have_size)
		return fail(c, "missing the data: data=TEXT or size=N");
	if (o.have_size && o.size > 65535)
		return fail(c, "a datagram has at most 65535 bytes");
	len = (size_t)o.count * (sizeof(dlen) + (o.data ? o.data_len : o.size));
	b = malloc(len ? len : 1);
	if (!b)
		return fail(c, "out of memory");
	off0 = o.offset;
	for (i = 0; i < o.count; i++) {
		o.offset = off0 + i * o.size;
		one = payload(c, &o, &len);
		if (!one) {
			free(b);
			return -1;
		}
		dlen = (uint32_t)len;
		memcpy(b + at, &dlen, sizeof(dlen));
		memcpy(b + at + sizeof(dlen), one, len);
		at += sizeof(dlen) + len;
		free(one);
	}
	rq.buf = (uintptr_t)b;
	rq.len = at;
	ret = do_request(c, &rq, &o, op_name(rq.op));
	free(b);
	return ret;
}

/* socket receive, receive-from */
static int receive_like(struct ctx *c, int argc, char **argv)
{
	uint32_t op = c->op;
	struct wsk_ioc_request rq = { .op = op };
	struct opts o = { 0 };
	char why[WSKCTL_WHY];
	static const struct flag_name words[] = {
		{ "waitall", WSK_FLAG_WAITALL }, { "drain", WSK_FLAG_DRAIN }, { NULL, 0 }
	};
	unsigned char *b;
	uint64_t len, i64;
	int ret;

	if (need(c, argc, 2, "the socket and the length"))
		return -1;
	if (resolve_handle(c, argv[0], &rq.handle))
		return -1;
	if (parse_size(argv[1], &len, why))
		return fail_arg(c, argv[1], "%s", why);
	if (len > 16u << 20)
		return fail_arg(c, argv[1], "at most 16M per request");
	if (request_args(c, argc, argv, 2, &o, OPT_DATA | OPT_BYTES,
			 op == WSK_REQ_RECEIVE ? words : NULL))
		return -1;
	b = calloc(1, len ? len : 1);
	if (!b)
		return fail(c, "out of memory");
	rq.buf = (uintptr_t)b;
	rq.len = len;
	ret = do_request(c, &rq, &o, op_name(op));
	if (ret || o.async || is_error_status(rq.status))
		goto out;
	if (o.have_want && rq.information != o.want_bytes) {
		ret = fail(c, "received %" PRIu64 " bytes, expected %" PRIu64,
			   (uint64_t)rq.information, o.want_bytes);
		goto out;
	}
	if (o.data && (rq.information != o.data_len || memcmp(b, o.data, o.data_len))) {
		ret = fail(c, "received %" PRIu64 " bytes \"%.*s\", expected \"%s\"",
			   (uint64_t)rq.information, (int)(rq.information > 64 ? 64 :
			   rq.information), (char *)b, o.data);
		goto out;
	}
	if (o.have_size)
		for (i64 = 0; i64 < rq.information; i64++)
			if (b[i64] != pattern_byte(o.offset + i64)) {
				ret = fail(c, "byte %" PRIu64 " differs from the pattern (offset %"
					   PRIu64 ")", i64, o.offset);
				goto out;
			}
	if (!c->script && rq.information)
		fwrite(b, 1, rq.information, stdout);
out:
	free(b);
	return ret;
}

/* A request with no argument but the socket: close, listen. */
static int plain_request(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_request rq = { .op = c->op };
	struct opts o = { 0 };

	if (need(c, argc, 1, "the socket"))
		return -1;
	if (resolve_handle(c, argv[0], &rq.handle))
		return -1;
	if (request_args(c, argc, argv, 1, &o, 0, NULL))
		return -1;
	return do_request(c, &rq, &o, op_name(c->op));
}

static int cmd_socket_address(struct ctx *c, int argc, char **argv)
{
	struct pr p;
	struct wsk_ioc_request rq = { .op = WSK_REQ_LOCAL_ADDRESS };
	struct opts o = { 0 };
	char ad[80];

	if (need(c, argc, 1, "the socket"))
		return -1;
	if (resolve_handle(c, argv[0], &rq.handle))
		return -1;
	if (argc > 1) {
		if (!strcmp(argv[1], "remote"))
			rq.op = WSK_REQ_REMOTE_ADDRESS;
		else if (strcmp(argv[1], "local"))
			return fail_arg(c, argv[1], "expected 'local' or 'remote'");
	}
	if (argc > 2)
		return unknown(c, argv[2]);
	if (do_request(c, &rq, &o, op_name(rq.op)))
		return -1;
	format_addr(&rq.addr, ad, sizeof(ad));
	pr_open(&p, stdout, c->json);
	pr_ju(&p, "handle", rq.handle);
	pr_s(&p, rq.op == WSK_REQ_LOCAL_ADDRESS ? "local" : "remote", "%s", ad);
	pr_close(&p);
	return 0;
}

int sockinfo_get(struct ctx *c, uint32_t h, struct wsk_ioc_sockinfo *si)
{
	struct wsk_result r;
	char lbl[64];
	int fd = ctx_fd(c);

	if (fd < 0)
		return -1;
	memset(si, 0, sizeof(*si));
	si->size = sizeof(*si);
	si->handle = h;
	if (dev_call(fd, WSK_IOC_SOCKINFO, si, NULL, &r) < 0)
		return fail(c, "%s: WSK_IOC_SOCKINFO: %s (%s)", handle_label(c, h, lbl, sizeof(lbl)),
			    strerror(r.err), errno_name(r.err));
	return 0;
}

/*
 * The arguments of a command on one socket that takes nothing but expect=: the socket's
 * handle into @h. Return: the /dev/wsk descriptor, or -1 (reported).
 */
static int socket_only(struct ctx *c, int argc, char **argv, uint32_t *h)
{
	const char *v;
	int i;

	if (need(c, argc, 1, "the socket"))
		return -1;
	if (resolve_handle(c, argv[0], h))
		return -1;
	for (i = 1; i < argc; i++) {
		if (kv(argv[i], "expect", &v))
			c->expect = v;
		else
			return unknown(c, argv[i]);
	}
	return ctx_fd(c);
}

static int cmd_socket_info(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_sockinfo si = { .size = sizeof(si) };
	struct wsk_result r;
	char lbl[64];
	int fd;

	fd = socket_only(c, argc, argv, &si.handle);
	if (fd < 0)
		return -1;
	if (dev_call(fd, WSK_IOC_SOCKINFO, &si, NULL, &r) < 0 || c->expect)
		return check_result(c, handle_label(c, si.handle, lbl, sizeof(lbl)), &r);
	print_sockinfo(stdout, &si, c->json);
	return 0;
}

/* ---- event ---- */

static int control(struct ctx *c, uint32_t h, uint32_t mask, uint32_t flags, const char *id_var)
{
	struct pr p;
	struct wsk_ioc_control ct = { .size = sizeof(ct), .flags = flags, .handle = h,
				      .event_mask = mask };
	struct wsk_result r;
	char lbl[64], st[32];
	int fd = ctx_fd(c);

	if (fd < 0)
		return -1;
	dev_call(fd, WSK_IOC_CONTROL, &ct, &ct.status, &r);
	r.request_id = ct.request_id;
	if (check_result(c, handle_label(c, h, lbl, sizeof(lbl)), &r))
		return -1;
	if (id_var && (flags & WSK_CTL_F_REQUEST)) {
		char v[32];

		snprintf(v, sizeof(v), "%" PRIu64, (uint64_t)ct.request_id);
		if (name_set(c, id_var, NAME_VAR, 0, v))
			return -1;
	}
	if (r.status == WSKCTL_NO_STATUS || (c->script && !c->json))
		return 0;
	format_status(ct.status, st, sizeof(st));
	pr_open(&p, stdout, c->json);
	pr_ju(&p, "handle", h);
	pr_s(&p, "status", "%s", st);
	if (flags & WSK_CTL_F_REQUEST)
		pr_u(&p, "request_id", " request %" PRIu64, (uint64_t)ct.request_id);
	pr_close(&p);
	return 0;
}

static int event_cmd(struct ctx *c, int argc, char **argv, bool disable)
{
	char why[WSKCTL_WHY];
	uint32_t h, mask = 0, flags = 0;
	const char *id_var = NULL, *v;
	int i;

	if (need(c, argc, 2, "the socket and the events"))
		return -1;
	if (resolve_handle(c, argv[0], &h))
		return -1;
	if (kv(argv[1], "mask", &v)) {	/* a raw mask, for bad-input tests */
		uint64_t m;

		if (parse_u64(v, &m, why) || m > UINT32_MAX)
			return fail_arg(c, argv[1], "%s", why);
		mask = (uint32_t)m;
	} else if (parse_events(argv[1], &mask, why)) {
		return fail_arg(c, argv[1], "%s", why);
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "request"))
			flags |= WSK_CTL_F_REQUEST;
		else if (kv(argv[i], "id", &v))
			id_var = v, flags |= WSK_CTL_F_REQUEST;
		else if (kv(argv[i], "expect", &v))
			c->expect = v;
		else
			return unknown(c, argv[i]);
	}
	if (disable)
		mask |= WSK_EVENT_DISABLE;	/* several flags: the kernel's to refuse (rule 2) */
	return control(c, h, mask, flags, id_var);
}

static int cmd_event_enable(struct ctx *c, int argc, char **argv)
{
	return event_cmd(c, argc, argv, false);
}

static int cmd_event_disable(struct ctx *c, int argc, char **argv)
{
	return event_cmd(c, argc, argv, true);
}

static int cmd_event_static(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_static s = { .size = sizeof(s) };
	struct wsk_result r;
	char why[WSKCTL_WHY];
	const char *v;
	int i, fd;

	if (need(c, argc, 1, "the events"))
		return -1;
	if (parse_events(argv[0], &s.event_mask, why))
		return fail_arg(c, argv[0], "%s", why);
	for (i = 1; i < argc; i++) {
		if (kv(argv[i], "expect", &v))
			c->expect = v;
		else
			return unknown(c, argv[i]);
	}
	fd = ctx_fd(c);
	if (fd < 0)
		return -1;
	dev_call(fd, WSK_IOC_STATIC, &s, &s.status, &r);
	return check_result(c, "WSK_IOC_STATIC", &r);
}

/* ---- policy, hold, retained, backlog ---- */

static int cmd_policy_set(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_policy p = { .size = sizeof(p) };
	struct wsk_result r;
	char why[WSKCTL_WHY];
	const char *v;
	int i, fd;

	if (need(c, argc, 3, "the socket, the event and the action"))
		return -1;
	if (resolve_handle(c, argv[0], &p.handle))
		return -1;
	if (!strcmp(argv[1], "inspect"))
		p.event = WSK_POLICY_EVENT_INSPECT;
	else if (parse_one_event(argv[1], &p.event, why))
		return fail_arg(c, argv[1], "%s", why);
	if (parse_action(argv[2], &p.action, why))
		return fail_arg(c, argv[2], "%s", why);
	i = 3;
	if (p.action == WSK_POLICY_ACCEPT_BYTES) {
		if (i >= argc)
			return fail_arg(c, argv[2], "missing the byte count after it");
		uint64_t b;

		if (parse_size(argv[i], &b, why))
			return fail_arg(c, argv[i], "%s", why);
		p.bytes = b;
		i++;
	}
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "hold"))
			p.flags |= WSK_POLICY_F_HOLD;
		else if (kv(argv[i], "expect", &v))
			c->expect = v;
		else
			return unknown(c, argv[i]);
	}
	fd = ctx_fd(c);
	if (fd < 0)
		return -1;
	if (dev_call(fd, WSK_IOC_POLICY, &p, NULL, &r) < 0 || c->expect) {
		char lbl[64];

		return check_result(c, handle_label(c, p.handle, lbl, sizeof(lbl)), &r);
	}
	return 0;
}

static int cmd_hold_release(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_unhold u = { .size = sizeof(u) };
	struct wsk_result r;
	char why[WSKCTL_WHY], lbl[64];
	const char *v;
	int fd, i;

	if (need(c, argc, 1, "the socket"))
		return -1;
	if (resolve_handle(c, argv[0], &u.handle))
		return -1;
	for (i = 1; i < argc; i++) {
		if (kv(argv[i], "expect", &v))
			c->expect = v;
		else if (i == 1 && !u.event && !parse_one_event(argv[i], &u.event, why))
			continue;
		else
			return fail_arg(c, argv[i], "%s", i == 1 ? why : "unknown argument");
	}
	fd = ctx_fd(c);
	if (fd < 0)
		return -1;
	if (dev_call(fd, WSK_IOC_UNHOLD, &u, NULL, &r) < 0 || c->expect)
		return check_result(c, handle_label(c, u.handle, lbl, sizeof(lbl)), &r);
	if (!c->script || c->json)
		pr_value(stdout, c->json, "released", "released %" PRIu64, (uint64_t)u.released);
	return 0;
}

/*
 * inspect SOCKET accept|reject [KEY SERIAL]: WskInspectComplete. Without KEY and SERIAL, the
 * request of the inspect record the script waited for last.
 */
static int cmd_inspect(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_inspect in = { .size = sizeof(in) };
	char why[WSKCTL_WHY], lbl[64];
	struct wsk_result r;
	uint64_t key, serial;
	const char *v;
	int fd, i = 2;

	if (need(c, argc, 2, "the socket and accept or reject"))
		return -1;
	if (resolve_handle(c, argv[0], &in.handle))
		return -1;
	if (!strcmp(argv[1], "accept"))
		in.action = WSK_INSPECT_ACTION_ACCEPT;
	else if (!strcmp(argv[1], "reject"))
		in.action = WSK_INSPECT_ACTION_REJECT;
	else
		return fail_arg(c, argv[1], "not accept or reject");
	if (argc >= 4 && !strchr(argv[2], '=')) {
		if (parse_u64(argv[2], &key, why))
			return fail_arg(c, argv[2], "%s", why);
		in.key = key;
		if (parse_u64(argv[3], &serial, why) || serial > UINT32_MAX)
			return fail_arg(c, argv[3], "not a serial number");
		in.serial = serial;
		i = 4;
	} else if (c->have_rec && c->rec.kind == WSK_RECORD_INSPECT) {
		in.key = c->rec.bytes;
		in.serial = c->rec.retained_id;
	} else {
		return fail(c, "no KEY SERIAL, and the last record waited for is no inspect record");
	}
	for (; i < argc; i++) {
		if (kv(argv[i], "expect", &v))
			c->expect = v;
		else
			return unknown(c, argv[i]);
	}
	fd = ctx_fd(c);
	if (fd < 0)
		return -1;
	dev_call(fd, WSK_IOC_INSPECT, &in, &in.status, &r);
	return check_result(c, handle_label(c, in.handle, lbl, sizeof(lbl)), &r);
}

static int cmd_retained_release(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_release rl = { .size = sizeof(rl) };
	struct wsk_result r;
	char why[WSKCTL_WHY], lbl[64];
	const char *v;
	uint64_t id;
	int fd, i;

	if (need(c, argc, 2, "the socket and the retained list id (or 'all')"))
		return -1;
	if (resolve_handle(c, argv[0], &rl.handle))
		return -1;
	if (!strcmp(argv[1], "all")) {
		rl.flags = WSK_RELEASE_F_ALL;
	} else {
		if (parse_u64(argv[1], &id, why) || id > UINT32_MAX)
			return fail_arg(c, argv[1], "not a retained list id or 'all'");
		rl.retained_id = (uint32_t)id;
	}
	for (i = 2; i < argc; i++) {
		if (kv(argv[i], "expect", &v))
			c->expect = v;
		else
			return unknown(c, argv[i]);
	}
	fd = ctx_fd(c);
	if (fd < 0)
		return -1;
	dev_call(fd, WSK_IOC_RELEASE, &rl, &rl.status, &r);
	if (check_result(c, handle_label(c, rl.handle, lbl, sizeof(lbl)), &r))
		return -1;
	if (!c->script || c->json)
		pr_value(stdout, c->json, "released", "released %" PRIu64, (uint64_t)rl.released);
	return 0;
}

static int cmd_backlog_query(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_backlog b = { .size = sizeof(b) };
	struct wsk_result r;
	char lbl[64];
	int fd;

	fd = socket_only(c, argc, argv, &b.handle);
	if (fd < 0)
		return -1;
	dev_call(fd, WSK_IOC_QUERY_BACKLOG, &b, &b.status, &r);
	r.information = b.backlog;
	if (check_result(c, handle_label(c, b.handle, lbl, sizeof(lbl)), &r))
		return -1;
	if (!c->script || c->json)
		pr_value(stdout, c->json, "backlog", "%" PRIu64, (uint64_t)b.backlog);
	return 0;
}

/* The loaded module's MODULE_VERSION, from sysfs; "unknown" if it cannot be read. */
static void module_version(char *buf, size_t len)
{
	FILE *f = fopen("/sys/module/wsk/version", "r");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = 0;
	else
		snprintf(buf, len, "unknown");
	fclose(f);
}

static int cmd_version(struct ctx *c, int argc, char **argv)
{
	char mver[64];
	struct pr p;
	struct wsk_ioc_version v = { .size = sizeof(v) };
	struct wsk_result r;
	int fd;

	if (argc > 0)
		return unknown(c, argv[0]);
	fd = ctx_fd(c);
	if (fd < 0)
		return -1;
	if (dev_call(fd, WSK_IOC_VERSION, &v, NULL, &r) < 0)
		return fail(c, "WSK_IOC_VERSION: %s (%s)", strerror(r.err), errno_name(r.err));
	if (v.abi_major != WSK_ABI_MAJOR)
		fprintf(stderr, "wskctl version: warning: module ABI %u.%u, wskctl built for "
			"%u.%u\n", v.abi_major, v.abi_minor, WSK_ABI_MAJOR, WSK_ABI_MINOR);
	v.kernel_release[sizeof(v.kernel_release) - 1] = 0;
	module_version(mver, sizeof(mver));
	pr_open(&p, stdout, c->json);
	pr_s(&p, "module_version", "wsk module %s", mver);
	pr_u(&p, "abi_major", " ABI %" PRIu64, (uint64_t)v.abi_major);
	pr_u(&p, "abi_minor", ".%" PRIu64, (uint64_t)v.abi_minor);
	pr_s(&p, "kernel_release", " on Linux %s", v.kernel_release);
	pr_s(&p, "wskctl_version", " (wskctl %s", WSK_VERSION);
	pr_u(&p, "wskctl_abi_major", " ABI %" PRIu64, (uint64_t)WSK_ABI_MAJOR);
	pr_u(&p, "wskctl_abi_minor", ".%" PRIu64 ")", (uint64_t)WSK_ABI_MINOR);
	pr_close(&p);
	return 0;
}

int cmd_service(struct ctx *c, int argc, char **argv);
int cmd_resolve(struct ctx *c, int argc, char **argv);
int cmd_name_info(struct ctx *c, int argc, char **argv);
int cmd_option_set(struct ctx *c, int argc, char **argv);
int cmd_option_get(struct ctx *c, int argc, char **argv);
int cmd_ioctl(struct ctx *c, int argc, char **argv);
int cmd_run(struct ctx *c, int argc, char **argv);
int script_cmd_wait(struct ctx *c, int argc, char **argv);
int script_cmd_expect(struct ctx *c, int argc, char **argv);
int script_cmd_expect_no(struct ctx *c, int argc, char **argv);
int script_cmd_wait_info(struct ctx *c, int argc, char **argv);
int script_cmd_wait_stats(struct ctx *c, int argc, char **argv);
int script_cmd_peer(struct ctx *c, int argc, char **argv);
int script_cmd_wait_peer(struct ctx *c, int argc, char **argv);
int script_cmd_exec(struct ctx *c, int argc, char **argv);
int script_cmd_sleep(struct ctx *c, int argc, char **argv);
int script_cmd_echo(struct ctx *c, int argc, char **argv);
int script_cmd_set(struct ctx *c, int argc, char **argv);
int script_cmd_events(struct ctx *c, int argc, char **argv);
int script_cmd_monitor(struct ctx *c, int argc, char **argv);

const struct command commands[] = {
	{ "version", NULL, cmd_version, "version",
	  "Show the version and ABI of the loaded module, the running kernel, and wskctl's\n"
	  "version and ABI (wskctl --version needs no module).", false, 0 },
	{ "resolve", NULL, cmd_resolve,
	  "resolve HOST|- [SERVICE|-] [ipv4|ipv6] [tcp|udp] [passive] [canonname] [numerichost]\n"
	  "        [numericserv] [flags=N] [family=N] [socktype=N] [protocol=N] [max=N]\n"
	  "        [count=N] [has=ADDR] [canon=NAME] [expect=STATUS]",
	  "WskGetAddressInfo: one line per result (transport, family, address). HOST is a\n"
	  "numeric address, localhost, or a name for the kernel's DNS resolver; '-' is none\n"
	  "(loopback, or the wildcard with 'passive'). SERVICE is a port or a service name.\n"
	  "max= asks for at most N results (default 64); count= checks how many the list has,\n"
	  "has= that one of them is ADDR, canon= the canonical name.", false, 0 },
	{ "name-info", NULL, cmd_name_info,
	  "name-info ADDR [numerichost] [numericserv] [namereqd] [dgram] [nofqdn] [flags=N]\n"
	  "          [host=TEXT] [service=TEXT] [expect=STATUS]",
	  "WskGetNameInfo of ADDR:PORT: the numeric host and the service's name (of UDP with\n"
	  "'dgram') or number. 'namereqd' fails with NOT_FOUND: the kernel has no reverse\n"
	  "lookup. host= and service= check the answer.", false, 0 },
	{ "socket", "create", cmd_socket_create,
	  "socket create [NAME] CATEGORY [tcp|udp] [ipv4|ipv6] [process] [[bind] ADDR]\n"
	  "              [connect ADDR] [flags=N] [family=N] [expect=STATUS]",
	  "Create a socket (WskSocket). CATEGORY: basic, listen, connection, datagram, stream.\n"
	  "The protocol defaults to udp for datagram sockets, else tcp; the family follows the\n"
	  "address. 'process' asks for callbacks in process context (needed by 'hold').\n"
	  "With an address the socket is bound (a listen socket then listens; a stream socket\n"
	  "waits for 'socket listen' or a connect); 'connect' binds to any port and connects.\n"
	  "In scripts NAME names the handle.", false, 0 },
	{ "socket", "bind", addr_request, "socket bind SOCKET ADDR [async] [id=VAR] "
	  "[timeout=D] [expect=STATUS]",
	  "WskBind. On a listen socket this starts listening.",
	  false, WSK_REQ_BIND },
	{ "socket", "connect", addr_request, "socket connect SOCKET ADDR [data=TEXT|size=N "
	  "[offset=N] [bytes=N]] [async] [id=VAR] [timeout=D] [expect=STATUS]",
	  "WskConnect; the socket must be bound. With data (at most 65535 bytes) it is\n"
	  "WskConnectEx: the data is sent once connected, and information counts it (bytes=\n"
	  "checks the count).",
	  false, WSK_REQ_CONNECT },
	{ "socket", "listen", plain_request, "socket listen SOCKET [async] [id=VAR] "
	  "[expect=STATUS]",
	  "WskListen: a bound stream socket becomes a listener, for good (its first connect\n"
	  "would have made it a connection socket instead).", false, WSK_REQ_LISTEN },
	{ "socket", "accept", cmd_socket_accept, "socket accept SOCKET [as=NAME] [async] [id=VAR] "
	  "[timeout=D] [expect=STATUS]",
	  "WskAccept on a listen socket; as=NAME names the new socket (scripts).", false, 0 },
	{ "socket", "send", send_like, "socket send SOCKET data=TEXT|size=N [offset=N] "
	  "[nodelay] [async] [id=VAR] [timeout=D] [expect=STATUS]",
	  "WskSend of TEXT or of N bytes of the test pattern (wskpeer's) from offset N.",
	  false, WSK_REQ_SEND },
	{ "socket", "receive", receive_like, "socket receive SOCKET LEN [waitall|drain] "
	  "[bytes=N] [data=TEXT] [size=N [offset=N]] [async] [id=VAR] [timeout=D] [expect=STATUS]",
	  "WskReceive of up to LEN bytes (0: restart indications, rules 8 and 9). bytes= checks\n"
	  "the count, data= the contents, size= checks the bytes against the pattern. 'drain'\n"
	  "(LEN 0): discard everything until the peer's FIN or a reset ends the connection.",
	  false, WSK_REQ_RECEIVE },
	{ "socket", "send-to", send_like, "socket send-to SOCKET ADDR|default data=TEXT|size=N "
	  "[async] [id=VAR] [expect=STATUS]",
	  "WskSendTo of one datagram; 'default': no address (the socket's fixed peer or\n"
	  "send-to address).",
	  false, WSK_REQ_SEND_TO },
	{ "socket", "send-messages", cmd_socket_send_messages, "socket send-messages SOCKET "
	  "ADDR|default data=TEXT|size=N [offset=N] [count=N] [async] [id=VAR] [expect=STATUS]",
	  "WskSendMessages: COUNT datagrams (default 1, at most 1024) in one request, each of\n"
	  "TEXT or of N pattern bytes (the ith from offset + i*N); information counts them all.",
	  false, 0 },
	{ "socket", "receive-from", receive_like, "socket receive-from SOCKET LEN "
	  "[bytes=N] [data=TEXT] [async] [id=VAR] [timeout=D] [expect=STATUS]",
	  "WskReceiveFrom of one datagram.",
	  false, WSK_REQ_RECEIVE_FROM },
	{ "socket", "disconnect", send_like, "socket disconnect SOCKET [abortive] "
	  "[data=TEXT|size=N] [async] [id=VAR] [timeout=D] [expect=STATUS]",
	  "WskDisconnect: graceful (FIN, after an optional final buffer) or abortive (RST).",
	  false, WSK_REQ_DISCONNECT },
	{ "socket", "close", plain_request, "socket close SOCKET [async] [id=VAR] [timeout=D]",
	  "WskCloseSocket: pending requests are cancelled first (rule 15).", false, WSK_REQ_CLOSE },
	{ "socket", "address", cmd_socket_address, "socket address SOCKET [local|remote]",
	  "Print the local (default) or remote address.", false, 0 },
	{ "socket", "info", cmd_socket_info, "socket info SOCKET [expect=STATUS|ERRNO]",
	  "Print everything the module knows of a socket (WSK_IOC_SOCKINFO).", false, 0 },
	{ "event", "enable", cmd_event_enable, "event enable SOCKET EVENTS|mask=N [request] "
	  "[id=VAR] [expect=STATUS]",
	  "SO_WSK_EVENT_CALLBACK: enable the events, a comma-separated list of accept, receive,\n"
	  "receive-from, disconnect, send-backlog.", false, 0 },
	{ "event", "disable", cmd_event_disable, "event disable SOCKET EVENT [request] [id=VAR] "
	  "[expect=STATUS]",
	  "SO_WSK_EVENT_CALLBACK with WSK_EVENT_DISABLE: SUCCESS, PENDING (with a request: its\n"
	  "completion record follows) or EVENT_PENDING (rule 3).", false, 0 },
	{ "event", "static", cmd_event_static, "event static EVENTS [expect=STATUS]",
	  "WSK_SET_STATIC_EVENT_CALLBACKS for this client, before any socket exists (rule 14).",
	  false, 0 },
	{ "policy", "set", cmd_policy_set, "policy set SOCKET EVENT ACTION [N] [hold] "
	  "[expect=ERRNO]",
	  "How the built-in client answers EVENT on SOCKET. ACTION: accept, reject (accept\n"
	  "event); consume, accept-bytes N, retain, decline (receive events); accept, reject,\n"
	  "pend (EVENT inspect: conditional accept). 'hold' keeps each callback in progress\n"
	  "until 'hold release'.", false, 0 },
	{ "inspect", NULL, cmd_inspect, "inspect SOCKET accept|reject [KEY SERIAL] "
	  "[expect=STATUS]",
	  "WskInspectComplete for a pended connection request (conditional accept); without\n"
	  "KEY and SERIAL, the one of the inspect record waited for last.", false, 0 },
	{ "hold", "release", cmd_hold_release, "hold release SOCKET [EVENT]",
	  "Let held callbacks of SOCKET (of one EVENT, or all) return.", false, 0 },
	{ "retained", "release", cmd_retained_release, "retained release SOCKET ID|all [expect=STATUS|ERRNO]",
	  "WskRelease of retained indication lists (rule 10).", false, 0 },
	{ "backlog", "query", cmd_backlog_query, "backlog query SOCKET [expect=STATUS]",
	  "SIO_WSK_QUERY_IDEAL_SEND_BACKLOG.", false, 0 },
	{ "option", "set", cmd_option_set, "option set SOCKET OPTION VALUE [expect=STATUS]",
	  "WskControlSocket WskSetOption. OPTION: reuseaddr, exclusiveaddruse, conditional-accept,\n"
	  "keepalive, broadcast, linger (off|on:SECONDS), sndbuf, rcvbuf, nodelay, keepidle, keepintvl,\n"
	  "keepcnt, tos, ttl, dontfragment, pktinfo, add-membership, drop-membership\n"
	  "(GROUP[@IFADDR]), v6only, unicast-hops, ipv6-dontfrag, ipv6-pktinfo,\n"
	  "ipv6-add-membership, ipv6-drop-membership (GROUP[@IFINDEX]). VALUE: N, on, off.",
	  false, 0 },
	{ "option", "get", cmd_option_get, "option get SOCKET OPTION [value=V] [expect=STATUS]",
	  "WskControlSocket WskGetOption: print the value (value= checks it).", false, 0 },
	{ "ioctl", NULL, cmd_ioctl, "ioctl SOCKET remote-address|sendto-address ADDR|none "
	  "[expect=STATUS]\n"
	  "       ioctl SOCKET receive-backlog|send-backlog [value=N] [expect=STATUS]\n"
	  "       ioctl SOCKET silent-mode [expect=STATUS]\n"
	  "       ioctl SOCKET inspect-id [value=KEY:SERIAL] [expect=STATUS]",
	  "WskControlSocket WskIoctl: SIO_WSK_SET_REMOTE_ADDRESS, SIO_WSK_SET_SENDTO_ADDRESS\n"
	  "(none: forget it), SIO_WSK_QUERY_RECEIVE_BACKLOG, SIO_WSK_QUERY_IDEAL_SEND_BACKLOG,\n"
	  "SIO_WSK_SET_TCP_SILENT_MODE (refused: STATUS_NOT_SUPPORTED), SIO_WSK_QUERY_INSPECT_ID.",
	  false, 0 },
	{ "service", NULL, cmd_service,
	  "service start [NAME] echo|discard tcp|udp ADDR [--for D] [--interval D]\n"
	  "       service echo|discard tcp|udp ADDR [--for D] [--interval D]\n"
	  "       service stats|stop NAME|ID  (scripts)",
	  "Run an in-kernel service. Outside scripts it runs until SIGINT/SIGTERM or --for,\n"
	  "printing its counters every --interval and at the end; in scripts it runs until\n"
	  "'service stop' or the end of the script.", false, 0 },
	{ "monitor", NULL, cmd_monitor, "monitor [--for D] [--count N] [--all | FILE|-]",
	  "Print event records live (-j: JSON lines) while running the commands of FILE (or of\n"
	  "stdin, interactively), then until --for, --count records, or SIGINT/SIGTERM.\n"
	  "--all: the events of every client of the system, kernel modules included, from\n"
	  "wsk's tracepoints (tracefs, mounted if need be; it takes the events from trace_pipe).",
	  false, 0 },
	{ "show", NULL, cmd_show, "show",
	  "The wsk clients of this network namespace, kernel modules and /dev/wsk files, and\n"
	  "their sockets: category, state, events enabled, static and inherited, callbacks in\n"
	  "progress, retained data, queued requests, addresses (/proc/net/wsk).", false, 0 },
	{ "run", NULL, cmd_run, "run [-v] [-D NAME=VALUE]... FILE|-",
	  "Run a script of commands (see wskctl(8)); exit status 1 at the first unmet\n"
	  "expectation, naming its line.", false, 0 },
	{ "wait", NULL, script_cmd_wait, "wait KIND [on=SOCKET] [timeout=D] [status=S] [bytes=N] "
	  "[total=N] [count=N]\n            [op=OP] [event=EVENT] [flags=F] [noflags=F] [abortive|graceful|null] [id=REQ] [as=NAME]\n"
	  "            [data=TEXT] [pattern=OFFSET] [from=ADDR] [before=SEQ] [after=SEQ]",
	  "Wait for an event record (accept, receive, receive-from, disconnect, send-backlog,\n"
	  "complete, held, hold-refused, inspect, abort) that matches; default timeout 5 s.",
	  true, 0 },
	{ "expect", NULL, script_cmd_expect, "expect status S | expect info SOCKET FIELD=V... | "
	  "expect stats SERVICE FIELD=V...",
	  "Check the last command's status, a socket's info or a service's counters\n"
	  "(operators = != < <= > >=).", true, 0 },
	{ "wait-info", NULL, script_cmd_wait_info, "wait-info SOCKET FIELD=V... [timeout=D]",
	  "Poll the socket's info until every condition holds (as in 'expect info'); default\n"
	  "timeout 5 s. A barrier for state no record shows, such as peer-fin.", true, 0 },
	{ "wait-stats", NULL, script_cmd_wait_stats, "wait-stats SERVICE FIELD=V... [timeout=D]",
	  "Poll a service's counters until every condition holds; default timeout 5 s.", true, 0 },
	{ "expect-no", NULL, script_cmd_expect_no, "expect-no [event] KIND [on=SOCKET] [...]",
	  "No unmatched record of KIND has arrived (check after a barrier).", true, 0 },
	{ "peer", NULL, script_cmd_peer, "peer NAME PROGRAM [ARGS...]",
	  "Start PROGRAM (e.g. wskpeer) in the background.", true, 0 },
	{ "wait-peer", NULL, script_cmd_wait_peer, "wait-peer NAME [exit=N] [timeout=D]",
	  "Wait for a peer to end (default 30 s) and check its exit status (default 0).", true, 0 },
	{ "exec", NULL, script_cmd_exec, "exec [exit=N] [timeout=D] PROGRAM [ARGS...]",
	  "Run PROGRAM in the foreground and check its exit status (default 0).", true, 0 },
	{ "sleep", NULL, script_cmd_sleep, "sleep D", "Pause (never as a barrier).", true, 0 },
	{ "echo", NULL, script_cmd_echo, "echo TEXT...", "Print a line.", true, 0 },
	{ "set", NULL, script_cmd_set, "set NAME VALUE", "Set a variable ($NAME).", true, 0 },
	{ "events", NULL, script_cmd_events, "events clear|show",
	  "Forget or print the records not matched yet.", true, 0 },
	{ NULL, NULL, NULL, NULL, NULL, false, 0 },
};
