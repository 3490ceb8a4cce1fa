// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl run: scripts of commands on one open /dev/wsk, with named handles, variables, the
 * queue of event records, waits and expectations, and background peers.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wskctl.h"

#define QUEUE_MAX 65536

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the record queue ---- */

static void queue_compact(struct ctx *c)
{
	size_t i, j = 0;

	for (i = 0; i < c->qlen; i++)
		if (!c->used[i]) {
			c->q[j] = c->q[i];
			c->used[j++] = false;
		}
	c->qlen = j;
}

static int queue_add(struct ctx *c, const struct wsk_event *e)
{
	if (c->qlen == c->qcap) {
		queue_compact(c);
		if (c->qlen >= QUEUE_MAX) {
			size_t drop = QUEUE_MAX / 4;

			memmove(c->q, c->q + drop, (c->qlen - drop) * sizeof(*c->q));
			memmove(c->used, c->used + drop, (c->qlen - drop) * sizeof(*c->used));
			c->qlen -= drop;
			c->lost += drop;
		}
	}
	if (c->qlen == c->qcap) {
		size_t cap = c->qcap ? c->qcap * 2 : 256;
		struct wsk_event *q = realloc(c->q, cap * sizeof(*q));
		bool *u = realloc(c->used, cap * sizeof(*u));

		if (!q || !u) {
			free(q == c->q ? NULL : q);
			return fail(c, "out of memory for event records");
		}
		c->q = q;
		c->used = u;
		c->qcap = cap;
	}
	c->q[c->qlen] = *e;
	c->used[c->qlen++] = false;
	return 0;
}

int events_pump(struct ctx *c, int ms)
{
	struct wsk_event buf[64];
	int total = 0;

	if (c->fd < 0) {
		if (ms > 0)
			poll(NULL, 0, ms);
		return 0;
	}
	for (;;) {
		ssize_t n = read(c->fd, buf, sizeof(buf));
		size_t i;

		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = c->fd, .events = POLLIN };

			if (total || ms <= 0)
				return total;
			if (poll(&p, 1, ms) <= 0)
				return 0;
			ms = 0;
			continue;
		}
		if (n < 0) {
			if (errno == EINTR)
				return total;
			return fail(c, "reading event records: %s", strerror(errno));
		}
		if (n == 0)
			return total;
		if (n % sizeof(buf[0]))
			return fail(c, "reading event records: a partial record (%zd bytes)", n);
		for (i = 0; i < n / sizeof(buf[0]); i++) {
			struct wsk_event *e = &buf[i];

			if (c->last_seq && e->seq != c->last_seq + 1)
				c->lost += e->seq - c->last_seq - 1;
			c->last_seq = e->seq;
			if (c->monitor)
				print_record(c->mon ? c->mon : stdout, e, c->json);
			if (queue_add(c, e))
				return -1;
			total++;
		}
		if (c->monitor)
			fflush(c->mon ? c->mon : stdout);
	}
}

/* ---- matching ---- */

struct match {
	uint32_t kind;
	bool have_event, have_on, have_status, have_bytes, have_op, have_id, have_addr, have_pattern;
	uint64_t pattern, before, after;
	uint32_t on, status, op, flags, noflags, event;
	uint64_t bytes, id, total, count;
	const char *data;
	const char *as;
	struct wsk_addr addr;
};

static int parse_match(struct ctx *c, int argc, char **argv, struct match *m, uint64_t *tmo)
{
	char why[WSKCTL_WHY];
	const char *v;
	int i;

	memset(m, 0, sizeof(*m));
	if (argc < 1)
		return fail(c, "missing the record kind (accept, receive, receive-from, disconnect, "
			    "send-backlog, complete, held, hold-refused)");
	if (parse_record_kind(argv[0], &m->kind, why))
		return fail_arg(c, argv[0], "%s", why);
	for (i = 1; i < argc; i++) {
		const char *t = argv[i];
		uint32_t f;

		if (kv(t, "on", &v)) {
			if (resolve_handle(c, v, &m->on))
				return -1;
			m->have_on = true;
		} else if (kv(t, "timeout", &v) && tmo) {
			if (parse_duration(v, tmo, why))
				return fail_arg(c, t, "%s", why);
		} else if (kv(t, "status", &v)) {
			if (parse_status(v, &m->status))
				return fail_arg(c, t, "unknown WSK status '%s'", v);
			m->have_status = true;
		} else if (kv(t, "bytes", &v)) {
			if (parse_size(v, &m->bytes, why))
				return fail_arg(c, t, "%s", why);
			m->have_bytes = true;
		} else if (kv(t, "total", &v) && tmo) {
			if (parse_size(v, &m->total, why))
				return fail_arg(c, t, "%s", why);
		} else if (kv(t, "count", &v) && tmo) {
			if (parse_u64(v, &m->count, why))
				return fail_arg(c, t, "%s", why);
		} else if (kv(t, "op", &v)) {
			if (parse_op(v, &m->op, why))
				return fail_arg(c, t, "%s", why);
			m->have_op = true;
		} else if (kv(t, "event", &v)) {
			if (parse_one_event(v, &m->event, why))
				return fail_arg(c, t, "%s", why);
			m->have_event = true;
		} else if (kv(t, "id", &v)) {
			if (parse_u64(v, &m->id, why))
				return fail_arg(c, t, "%s", why);
			m->have_id = true;
		} else if (kv(t, "flags", &v)) {
			if (parse_record_flags(v, &f, why))
				return fail_arg(c, t, "%s", why);
			m->flags |= f;
		} else if (kv(t, "noflags", &v)) {
			if (parse_record_flags(v, &f, why))
				return fail_arg(c, t, "%s", why);
			m->noflags |= f;
		} else if (!strcmp(t, "abortive")) {
			m->flags |= WSK_FLAG_ABORTIVE;
		} else if (!strcmp(t, "graceful")) {
			m->noflags |= WSK_FLAG_ABORTIVE;
		} else if (!strcmp(t, "null")) {
			m->flags |= WSK_RECORD_F_NULL;
		} else if (kv(t, "data", &v)) {
			m->data = v;
		} else if (kv(t, "pattern", &v)) {
			if (parse_size(v, &m->pattern, why))
				return fail_arg(c, t, "%s", why);
			m->have_pattern = true;
		} else if (kv(t, "before", &v)) {
			if (parse_u64(v, &m->before, why))
				return fail_arg(c, t, "%s", why);
		} else if (kv(t, "after", &v)) {
			if (parse_u64(v, &m->after, why))
				return fail_arg(c, t, "%s", why);
		} else if (kv(t, "from", &v)) {
			if (parse_addr(v, &m->addr, why))
				return fail_arg(c, t, "%s", why);
			m->have_addr = true;
		} else if (kv(t, "as", &v) && tmo) {
			m->as = v;
		} else {
			return fail_arg(c, t, "unknown argument (see 'wskctl %s --help')", c->cmd);
		}
	}
	return 0;
}

static bool matches(const struct match *m, const struct wsk_event *e)
{
	if (e->kind != m->kind)
		return false;
	if (m->have_on && e->handle != m->on)
		return false;
	if (m->have_status && e->status != m->status)
		return false;
	if (m->have_bytes && e->bytes != m->bytes)
		return false;
	if (m->have_op && e->op != m->op)
		return false;
	if (m->have_event && e->op != m->event)	/* held records: the event in @op */
		return false;
	if (m->have_id && e->request_id != m->id)
		return false;
	if ((e->flags & m->flags) != m->flags || (e->flags & m->noflags))
		return false;
	if (m->data) {
		size_t n = strlen(m->data);

		if (n > e->data_len || n > WSK_EVENT_DATA_MAX || memcmp(e->data, m->data, n))
			return false;
	}
	if (m->have_pattern) {
		uint32_t i, n = e->data_len < WSK_EVENT_DATA_MAX ? e->data_len : WSK_EVENT_DATA_MAX;

		if (!n)
			return false;
		for (i = 0; i < n; i++)
			if (e->data[i] != pattern_byte(m->pattern + i))
				return false;
	}
	if (m->before && e->seq >= m->before)
		return false;
	if (m->after && e->seq <= m->after)
		return false;
	if (m->have_addr && (e->addr.family != m->addr.family || e->addr.port != m->addr.port ||
			     memcmp(e->addr.addr, m->addr.addr, 16)))
		return false;
	return true;
}

/* The records still unmatched, for the message of a failed wait. */
static void show_pending(struct ctx *c, FILE *f, const struct match *m, int max)
{
	size_t i;
	int n = 0, shown = 0;

	for (i = 0; i < c->qlen; i++)
		if (!c->used[i])
			n++;
	if (!n) {
		fprintf(f, "  (no unmatched records%s)\n", c->lost ? ", some were lost" : "");
		return;
	}
	fprintf(f, "  unmatched records (%d):\n", n);
	for (i = 0; i < c->qlen && shown < max; i++)
		if (!c->used[i] && (!m || c->q[i].kind == m->kind || shown < max / 2)) {
			fputs("    ", f);
			print_record(f, &c->q[i], false);
			shown++;
		}
}

static int record_named(struct ctx *c, const struct match *m, const struct wsk_event *e)
{
	c->rec = *e;
	c->have_rec = true;
	if (m->as) {
		if (!e->new_handle)
			return fail(c, "as=%s: the record carries no new socket", m->as);
		return name_set(c, m->as, NAME_SOCKET, e->new_handle, NULL);
	}
	return 0;
}

int script_cmd_wait(struct ctx *c, int argc, char **argv)
{
	struct match m;
	uint64_t tmo = 5000, deadline, sum = 0, got = 0;
	size_t i;

	if (parse_match(c, argc, argv, &m, &tmo))
		return -1;
	deadline = now_ms() + tmo;
	for (;;) {
		uint64_t t;

		for (i = 0; i < c->qlen; i++) {
			if (c->used[i] || !matches(&m, &c->q[i]))
				continue;
			c->used[i] = true;
			if (record_named(c, &m, &c->q[i]))
				return -1;
			sum += c->q[i].bytes;
			got++;
			if (m.total && sum > m.total)
				return fail(c, "records bring %" PRIu64 " bytes, more than total=%"
					    PRIu64, sum, m.total);
			if (m.total ? sum == m.total : got >= (m.count ? m.count : 1))
				return 0;
		}
		t = now_ms();
		if (t >= deadline)
			break;
		if (events_pump(c, (int)(deadline - t)) < 0)
			return -1;
	}
	if (m.total)
		fail(c, "%" PRIu64 " of total=%" PRIu64 " bytes in %" PRIu64 " records within %"
		     PRIu64 " ms", sum, m.total, got, tmo);
	else if (m.count)
		fail(c, "%" PRIu64 " of count=%" PRIu64 " records within %" PRIu64 " ms", got,
		     m.count, tmo);
	else
		fail(c, "no matching %s record within %" PRIu64 " ms",
		     record_kind_name(m.kind), tmo);
	show_pending(c, stderr, &m, 8);
	/* The reason again, last, for runners that keep the last line. */
	return fail(c, "no matching %s record within %" PRIu64 " ms (see above)",
		    record_kind_name(m.kind), tmo);
}

int script_cmd_expect_no(struct ctx *c, int argc, char **argv)
{
	struct match m;
	size_t i;

	if (argc > 0 && !strcmp(argv[0], "event"))
		argc--, argv++;
	if (parse_match(c, argc, argv, &m, NULL))
		return -1;
	if (events_pump(c, 0) < 0)
		return -1;
	for (i = 0; i < c->qlen; i++)
		if (!c->used[i] && matches(&m, &c->q[i])) {
			fflush(stdout);
			fputs("  unexpected: ", stderr);
			print_record(stderr, &c->q[i], false);
			return fail(c, "an unexpected %s record (seq %" PRIu64 ") arrived",
				    record_kind_name(m.kind), (uint64_t)c->q[i].seq);
		}
	return 0;
}

/* ---- expect ---- */

enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_HAS, OP_HASNT };

static int split_cmp(struct ctx *c, const char *t, char *field, size_t flen, int *op,
		     const char **val)
{
	static const struct {
		const char *s;
		int op;
	} ops[] = { { "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE }, { "!~", OP_HASNT },
		    { "=", OP_EQ }, { "<", OP_LT }, { ">", OP_GT }, { "~", OP_HAS } };
	size_t i, n = strcspn(t, "=!<>~");

	if (!n || !t[n] || n >= flen)
		return fail_arg(c, t, "expected FIELD=VALUE (or != < <= > >= ~ !~)");
	memcpy(field, t, n);
	field[n] = 0;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strncmp(t + n, ops[i].s, strlen(ops[i].s))) {
			*op = ops[i].op;
			*val = t + n + strlen(ops[i].s);
			return 0;
		}
	return fail_arg(c, t, "expected FIELD=VALUE (or != < <= > >= ~ !~)");
}

static bool compare(uint64_t a, int op, uint64_t b)
{
	switch (op) {
	case OP_EQ: return a == b;
	case OP_NE: return a != b;
	case OP_LT: return a < b;
	case OP_LE: return a <= b;
	case OP_GT: return a > b;
	case OP_GE: return a >= b;
	case OP_HAS: return (a & b) == b;
	case OP_HASNT: return !(a & b);
	}
	return false;
}

static int expect_fields(struct ctx *c, int argc, char **argv, bool info, uint32_t id,
			 const char *label, bool quiet)
{
	struct wsk_ioc_sockinfo si;
	struct wsk_ioc_service sv = { .size = sizeof(sv), .op = WSK_SERVICE_STATS, .id = id };
	struct wsk_result r;
	char why[WSKCTL_WHY], field[64];
	const char *val = NULL;
	uint64_t have, want;
	int i, op = OP_EQ;

	if (argc < 1)
		return fail(c, "missing FIELD=VALUE");
	if (info) {
		if (sockinfo_get(c, id, &si))
			return -1;
	} else {
		int fd = ctx_fd(c);

		if (fd < 0)
			return -1;
		if (dev_call(fd, WSK_IOC_SERVICE, &sv, NULL, &r) < 0)
			return fail(c, "%s: WSK_IOC_SERVICE stats: %s (%s)", label,
				    strerror(r.err), errno_name(r.err));
	}
	for (i = 0; i < argc; i++) {
		if (split_cmp(c, argv[i], field, sizeof(field), &op, &val))
			return -1;
		if (info ? sockinfo_field(&si, field, &have) : service_field(&sv, field, &have)) {
			const char *const *f = info ? sockinfo_fields : service_fields;
			char known[512];
			size_t n = 0;

			for (; *f; f++)
				n += snprintf(known + n, sizeof(known) - n, "%s%s", n ? ", " : "",
					      *f);
			return fail_arg(c, argv[i], "unknown field '%s' (known: %s)", field, known);
		}
		if (info && !strcmp(field, "state") && !isdigit((unsigned char)*val)) {
			uint32_t stv;

			if (parse_state(val, &stv))
				return fail_arg(c, argv[i], "unknown state (bound, connected, "
						"connecting, closing, dead, peer-fin, peer-reset, "
						"rx-stalled, accepted-event, none)");
			want = stv;
		} else if (info && !isdigit((unsigned char)*val) &&
			   (!strcmp(field, "enabled") || !strcmp(field, "static") ||
			    !strcmp(field, "inherited"))) {
			uint32_t mask = 0;

			if (strcmp(val, "none") && parse_events(val, &mask, why))
				return fail_arg(c, argv[i], "%s", why);
			want = mask;
		} else if (info && !strcmp(field, "category") && !isdigit((unsigned char)*val)) {
			uint32_t cat;

			if (parse_category(val, &cat))
				return fail_arg(c, argv[i], "unknown category");
			want = cat;
		} else if (parse_size(val, &want, why)) {
			return fail_arg(c, argv[i], "%s", why);
		}
		if (!compare(have, op, want)) {
			if (quiet)
				return 1;
			if (info) {
				fflush(stdout);
				print_sockinfo(stderr, &si, false);
			} else {
				print_service(stderr, label, &sv, false);
			}
			return fail(c, "%s: %s is %" PRIu64 " (0x%" PRIx64 "), expected %s", label,
				    field, have, have, argv[i] + strlen(field));
		}
	}
	return 0;
}

int script_cmd_expect(struct ctx *c, int argc, char **argv)
{
	struct wsk_name *n;
	char lbl[64];
	uint32_t h;

	if (argc < 2)
		return fail(c, "expected 'expect status S', 'expect info SOCKET FIELD=V...' or "
			    "'expect stats SERVICE FIELD=V...'");
	if (!strcmp(argv[0], "status")) {
		uint32_t st;
		int e;
		char have[32];

		if (!c->have_last)
			return fail(c, "no command before has a status");
		if (c->last.status == WSKCTL_NO_STATUS)
			snprintf(have, sizeof(have), "%s", errno_name(c->last.err));
		else
			format_status(c->last.status, have, sizeof(have));
		if (!parse_status(argv[1], &st)) {
			if (c->last.status != st)
				return fail(c, "status is %s, expected %s", have, argv[1]);
		} else if (!parse_errno(argv[1], &e)) {
			if (c->last.err != e)
				return fail(c, "result is %s, expected %s", have, argv[1]);
		} else {
			return fail_arg(c, argv[1], "not a WSK status (SUCCESS, PENDING, ...) nor "
					"an errno name (EINVAL, ...)");
		}
		return argc > 2 ? fail_arg(c, argv[2], "unexpected argument") : 0;
	}
	if (!strcmp(argv[0], "info")) {
		if (resolve_handle(c, argv[1], &h))
			return -1;
		return expect_fields(c, argc - 2, argv + 2, true, h,
				     handle_label(c, h, lbl, sizeof(lbl)), false);
	}
	if (!strcmp(argv[0], "stats")) {
		n = name_find(c, argv[1]);
		if (!n || n->kind != NAME_SERVICE)
			return fail_arg(c, argv[1], "no service of that name");
		return expect_fields(c, argc - 2, argv + 2, false, n->id, n->name, false);
	}
	return fail_arg(c, argv[0], "expected status, info or stats");
}

/* wait-info SOCKET FIELD=V... [timeout=D]: poll the socket's info until every condition
 * holds (a barrier on state the records do not show, e.g. peer-fin). */
static int wait_fields(struct ctx *c, int argc, char **argv, bool info)
{
	char why[WSKCTL_WHY], lbl[64];
	uint64_t tmo = 5000, deadline;
	struct wsk_name *n;
	const char *v;
	uint32_t h;
	int ret;

	if (argc < 2)
		return fail(c, "expected '%s %s FIELD=V... [timeout=D]'", c->cmd,
			    info ? "SOCKET" : "SERVICE");
	if (kv(argv[argc - 1], "timeout", &v)) {
		if (parse_duration(v, &tmo, why))
			return fail_arg(c, argv[argc - 1], "%s", why);
		argc--;
	}
	if (info) {
		if (resolve_handle(c, argv[0], &h))
			return -1;
		handle_label(c, h, lbl, sizeof(lbl));
	} else {
		n = name_find(c, argv[0]);
		if (!n || n->kind != NAME_SERVICE)
			return fail_arg(c, argv[0], "no service of that name");
		h = n->id;
		snprintf(lbl, sizeof(lbl), "%s", n->name);
	}
	deadline = now_ms() + tmo;
	for (;;) {
		ret = expect_fields(c, argc - 1, argv + 1, info, h, lbl, true);
		if (ret <= 0)
			return ret;
		if (now_ms() >= deadline)
			break;
		if (events_pump(c, 10) < 0)
			return -1;
	}
	fail(c, "not true within %" PRIu64 " ms:", tmo);
	return expect_fields(c, argc - 1, argv + 1, info, h, lbl, false) ? -1 :
	       fail(c, "not true within %" PRIu64 " ms", tmo);
}

/* wait-info SOCKET FIELD=V... [timeout=D]: poll the socket's info until every condition
 * holds (a barrier on state the records do not show, e.g. peer-fin); wait-stats the same on
 * a service's counters. */
int script_cmd_wait_info(struct ctx *c, int argc, char **argv)
{
	return wait_fields(c, argc, argv, true);
}

int script_cmd_wait_stats(struct ctx *c, int argc, char **argv)
{
	return wait_fields(c, argc, argv, false);
}

/* ---- peers ---- */

static pid_t spawn(struct ctx *c, char **argv)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fail(c, "fork: %s", strerror(errno));
		return -1;
	}
	if (!pid) {
		signal(SIGALRM, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "wskctl run %s:%d: %s: cannot run '%s': %s\n", c->file, c->line,
			c->cmd, argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Wait for pid, pumping event records meanwhile; returns its exit status (128+N: signal N),
 * or -2 after the timeout. */
static int reap(struct ctx *c, pid_t pid, uint64_t tmo)
{
	uint64_t deadline = now_ms() + tmo;
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		if (r < 0 && errno != EINTR)
			return -1;
		if (now_ms() >= deadline)
			return -2;
		if (events_pump(c, 10) < 0)
			return -1;
	}
}

int script_cmd_peer(struct ctx *c, int argc, char **argv)
{
	struct wsk_peer *p = NULL;
	int i;

	if (argc < 2)
		return fail(c, "expected 'peer NAME PROGRAM [ARGS...]'");
	for (i = 0; i < MAX_PEERS; i++) {
		if (c->peers[i].pid && !strcmp(c->peers[i].name, argv[0]))
			return fail_arg(c, argv[0], "a peer of that name is still running");
		if (!c->peers[i].pid && !p)
			p = &c->peers[i];
	}
	if (!p)
		return fail(c, "too many peers (at most %d)", MAX_PEERS);
	if (strlen(argv[0]) >= sizeof(p->name))
		return fail_arg(c, argv[0], "a name has at most %zu characters", sizeof(p->name) - 1);
	p->pid = spawn(c, argv + 1);
	if (p->pid < 0) {
		p->pid = 0;
		return -1;
	}
	strcpy(p->name, argv[0]);
	p->line = c->line;
	return 0;
}

int script_cmd_wait_peer(struct ctx *c, int argc, char **argv)
{
	char why[WSKCTL_WHY];
	uint64_t tmo = 30000, want = 0;
	struct wsk_peer *p = NULL;
	const char *v;
	int i, st;

	if (argc < 1)
		return fail(c, "missing the peer's name");
	for (i = 0; i < MAX_PEERS; i++)
		if (c->peers[i].pid && !strcmp(c->peers[i].name, argv[0]))
			p = &c->peers[i];
	if (!p)
		return fail_arg(c, argv[0], "no running peer of that name");
	for (i = 1; i < argc; i++) {
		if (kv(argv[i], "exit", &v)) {
			if (parse_u64(v, &want, why))
				return fail_arg(c, argv[i], "%s", why);
		} else if (kv(argv[i], "timeout", &v)) {
			if (parse_duration(v, &tmo, why))
				return fail_arg(c, argv[i], "%s", why);
		} else {
			return fail_arg(c, argv[i], "unknown argument");
		}
	}
	st = reap(c, p->pid, tmo);
	if (st == -2)
		return fail(c, "peer '%s' (line %d) still runs after %" PRIu64 " ms", p->name,
			    p->line, tmo);
	p->pid = 0;
	if (st < 0)
		return fail(c, "waiting for peer '%s': %s", p->name, strerror(errno));
	if ((uint64_t)st != want)
		return fail(c, "peer '%s' (line %d) ended with status %d, expected %" PRIu64,
			    p->name, p->line, st, want);
	return 0;
}

int script_cmd_exec(struct ctx *c, int argc, char **argv)
{
	char why[WSKCTL_WHY];
	uint64_t tmo = 60000, want = 0;
	const char *v;
	pid_t pid;
	int st;

	for (; argc > 0; argc--, argv++) {
		if (kv(argv[0], "exit", &v)) {
			if (parse_u64(v, &want, why))
				return fail_arg(c, argv[0], "%s", why);
		} else if (kv(argv[0], "timeout", &v)) {
			if (parse_duration(v, &tmo, why))
				return fail_arg(c, argv[0], "%s", why);
		} else {
			break;
		}
	}
	if (argc < 1)
		return fail(c, "missing the program");
	pid = spawn(c, argv);
	if (pid < 0)
		return -1;
	st = reap(c, pid, tmo);
	if (st == -2) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return fail(c, "'%s' still ran after %" PRIu64 " ms (killed)", argv[0], tmo);
	}
	if (st < 0)
		return fail(c, "waiting for '%s': %s", argv[0], strerror(errno));
	if ((uint64_t)st != want)
		return fail(c, "'%s' ended with status %d, expected %" PRIu64, argv[0], st, want);
	return 0;
}

int script_cmd_sleep(struct ctx *c, int argc, char **argv)
{
	char why[WSKCTL_WHY];
	uint64_t ms, deadline;

	if (argc != 1)
		return fail(c, "expected 'sleep DURATION'");
	if (parse_duration(argv[0], &ms, why))
		return fail_arg(c, argv[0], "%s", why);
	deadline = now_ms() + ms;
	while (now_ms() < deadline)
		if (events_pump(c, (int)(deadline - now_ms())) < 0)
			return -1;
	return 0;
}

int script_cmd_echo(struct ctx *c, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		printf("%s%s", i ? " " : "", argv[i]);
	putchar('\n');
	fflush(stdout);
	return 0;
}

int script_cmd_set(struct ctx *c, int argc, char **argv)
{
	if (argc != 2)
		return fail(c, "expected 'set NAME VALUE'");
	return name_set(c, argv[0], NAME_VAR, 0, argv[1]);
}

int script_cmd_events(struct ctx *c, int argc, char **argv)
{
	size_t i;

	if (argc != 1)
		return fail(c, "expected 'events clear' or 'events show'");
	if (events_pump(c, 0) < 0)
		return -1;
	if (!strcmp(argv[0], "clear")) {
		for (i = 0; i < c->qlen; i++)
			c->used[i] = true;
		queue_compact(c);
		return 0;
	}
	if (!strcmp(argv[0], "show")) {
		for (i = 0; i < c->qlen; i++)
			if (!c->used[i])
				print_record(stdout, &c->q[i], c->json);
		return 0;
	}
	return fail_arg(c, argv[0], "expected clear or show");
}

/* ---- variables and tokens ---- */

static int addr_of(struct ctx *c, uint32_t h, bool remote, struct wsk_addr *a)
{
	struct wsk_ioc_request rq = { .size = sizeof(rq), .handle = h,
				      .op = remote ? WSK_REQ_REMOTE_ADDRESS : WSK_REQ_LOCAL_ADDRESS };
	struct wsk_result r;
	char lbl[64], d[32];
	int fd = ctx_fd(c);

	if (fd < 0)
		return -1;
	dev_call(fd, WSK_IOC_REQUEST, &rq, &rq.status, &r);
	if (r.status == WSKCTL_NO_STATUS)
		return fail(c, "%s: %s address: %s (%s)", handle_label(c, h, lbl, sizeof(lbl)),
			    remote ? "remote" : "local", strerror(r.err), errno_name(r.err));
	if (r.status) {
		format_status(r.status, d, sizeof(d));
		return fail(c, "%s: %s address: status %s", handle_label(c, h, lbl, sizeof(lbl)),
			    remote ? "remote" : "local", d);
	}
	*a = rq.addr;
	return 0;
}

static int addr_field(struct ctx *c, const struct wsk_addr *a, const char *field, char *out,
		      size_t len)
{
	char buf[80];

	format_addr(a, buf, sizeof(buf));
	if (!strcmp(field, "port") || !strcmp(field, "rport")) {
		snprintf(out, len, "%u", a->port);
	} else if (!strcmp(field, "addr") || !strcmp(field, "raddr")) {
		snprintf(out, len, "%s", buf);
	} else if (!strcmp(field, "host") || !strcmp(field, "rhost")) {
		/* the bare address, as wskpeer and nc take it */
		char *p = buf;

		if (*p == '[') {
			p++;
			*strchr(p, ']') = 0;
		} else {
			*strrchr(p, ':') = 0;
		}
		snprintf(out, len, "%s", p);
	} else {
		return -1;
	}
	return 0;
}

static int expand_var(struct ctx *c, const char *var, char *out, size_t len)
{
	char base[64], *field;
	struct wsk_name *n;

	snprintf(base, sizeof(base), "%s", var);
	field = strchr(base, '.');
	if (field)
		*field++ = 0;
	if (!strcmp(base, "status") && !field) {
		if (!c->have_last)
			return fail(c, "$status: no command before has a status");
		if (c->last.status == WSKCTL_NO_STATUS)
			snprintf(out, len, "%s", errno_name(c->last.err));
		else
			format_status(c->last.status, out, len);
		return 0;
	}
	if (!strcmp(base, "request") && !field) {
		snprintf(out, len, "%" PRIu64, (uint64_t)c->last.request_id);
		return 0;
	}
	if (!strcmp(base, "rec") && field) {
		const struct wsk_event *e = &c->rec;

		if (!c->have_rec)
			return fail(c, "$rec.%s: no wait has matched a record yet", field);
		if (!strcmp(field, "new"))
			snprintf(out, len, "%u", e->new_handle);
		else if (!strcmp(field, "retained") || !strcmp(field, "serial"))
			snprintf(out, len, "%u", e->retained_id);
		else if (!strcmp(field, "bytes") || !strcmp(field, "key"))
			snprintf(out, len, "%" PRIu64, (uint64_t)e->bytes);
		else if (!strcmp(field, "request"))
			snprintf(out, len, "%" PRIu64, (uint64_t)e->request_id);
		else if (!strcmp(field, "handle"))
			snprintf(out, len, "%u", e->handle);
		else if (!strcmp(field, "seq"))
			snprintf(out, len, "%" PRIu64, (uint64_t)e->seq);
		else if (!strcmp(field, "status"))
			format_status(e->status, out, len);
		else
			return fail(c, "$rec.%s: unknown field (new, retained, bytes, request, "
				    "handle, seq, status, key, serial)", field);
		return 0;
	}
	n = name_find(c, base);
	if (!n)
		return fail(c, "$%s: no variable, socket or service of that name", var);
	if (n->kind == NAME_VAR) {
		if (field)
			return fail(c, "$%s: '%s' is a plain variable, it has no fields", var, base);
		snprintf(out, len, "%s", n->value);
		return 0;
	}
	if (!field || !strcmp(field, "handle") || !strcmp(field, "id")) {
		snprintf(out, len, "%u", n->id);
		return 0;
	}
	if (n->kind == NAME_SERVICE) {
		struct wsk_addr a;
		char why[WSKCTL_WHY];

		if (parse_addr(n->value, &a, why) || addr_field(c, &a, field, out, len))
			return fail(c, "$%s: unknown field of a service (port, addr, host, id)", var);
		return 0;
	}
	{
		struct wsk_addr a;
		bool remote = field[0] == 'r';

		if (strcmp(field, "port") && strcmp(field, "addr") && strcmp(field, "host") &&
		    strcmp(field, "rport") && strcmp(field, "raddr") && strcmp(field, "rhost"))
			return fail(c, "$%s: unknown field of a socket (port, addr, host, rport, "
				    "raddr, rhost, handle)", var);
		if (addr_of(c, n->id, remote, &a))
			return -1;
		return addr_field(c, &a, field, out, len);
	}
}

struct strbuf {
	char *s;
	size_t len, cap;
};

static int sb_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->s, cap);

		if (!p)
			return -1;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
	return 0;
}

/* Split a line into words: "quotes", \ escapes (\n \t \xHH \\ \" \$ \#), $VAR expansions,
 * # comments. */
static int tokenize(struct ctx *c, const char *line, char ***argvp, int *argcp)
{
	char **argv = NULL;
	int argc = 0;
	const char *p = line;

	for (;;) {
		struct strbuf b = { 0 };
		bool quoted = false, any = false, had_quotes = false;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			break;
		while (*p && (quoted || !isspace((unsigned char)*p))) {
			char ch = *p;

			if (ch == '"') {
				quoted = !quoted;
				any = had_quotes = true;
				p++;
				continue;
			}
			if (ch == '\\' && p[1]) {
				char e = p[1], o = e;

				p += 2;
				if (e == 'n')
					o = '\n';
				else if (e == 't')
					o = '\t';
				else if (e == 'r')
					o = '\r';
				else if (e == 'x' && isxdigit((unsigned char)p[0]) &&
					 isxdigit((unsigned char)p[1])) {
					char hex[3] = { p[0], p[1], 0 };

					o = (char)strtoul(hex, NULL, 16);
					p += 2;
				}
				sb_add(&b, &o, 1);
				any = true;
				continue;
			}
			if (ch == '$' && (p[1] == '{' || isalpha((unsigned char)p[1]) ||
					  p[1] == '_')) {
				char var[64], val[256];
				size_t n;

				p++;
				if (*p == '{') {
					const char *e = strchr(p, '}');

					if (!e || e - p - 1 >= (long)sizeof(var)) {
						free(b.s);
						goto bad_brace;
					}
					n = e - p - 1;
					memcpy(var, p + 1, n);
					p = e + 1;
				} else {
					n = 0;
					while ((isalnum((unsigned char)*p) || *p == '_' ||
						(*p == '.' && isalpha((unsigned char)p[1]))) &&
					       n < sizeof(var) - 1)
						var[n++] = *p++;
				}
				var[n] = 0;
				if (expand_var(c, var, val, sizeof(val))) {
					free(b.s);
					goto err;
				}
				sb_add(&b, val, strlen(val));
				any = true;
				continue;
			}
			sb_add(&b, p, 1);
			any = true;
			p++;
		}
		if (quoted) {
			free(b.s);
			fail(c, "unterminated quote");
			goto err;
		}
		if (any && !b.len && !had_quotes) {
			free(b.s);	/* an unquoted expansion to nothing is no word */
			continue;
		}
		if (any) {
			char **nv = realloc(argv, (argc + 2) * sizeof(*argv));

			if (!nv) {
				free(b.s);
				goto err;
			}
			argv = nv;
			argv[argc++] = b.s ? b.s : strdup("");
			argv[argc] = NULL;
		}
	}
	*argvp = argv;
	*argcp = argc;
	return 0;
bad_brace:
	fail(c, "unterminated ${...}");
err:
	while (argc--)
		free(argv[argc]);
	free(argv);
	return -1;
}

/* Wait for a line on an interactive input while printing event records. */
static int wait_input(struct ctx *c, FILE *in)
{
	for (;;) {
		struct pollfd p[2] = { { .fd = fileno(in), .events = POLLIN },
				       { .fd = c->fd, .events = POLLIN } };

		if (poll(p, c->fd >= 0 ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				return -1;
			continue;
		}
		if (p[1].revents & POLLIN)
			events_pump(c, 0);
		if (p[0].revents)
			return 0;
	}
}

int script_run(struct ctx *c, const char *file, FILE *in, bool interactive)
{
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, ncmd = 0, ret = 0;
	extern int script_verbose;

	c->script = true;
	c->file = file;
	for (;;) {
		char **argv;
		int argc, i;
		ssize_t n;

		if (interactive && wait_input(c, in) < 0)
			break;
		n = getline(&line, &cap, in);
		if (n < 0)
			break;
		lineno++;
		c->line = lineno;
		c->cmd = "";
		if (n && line[n - 1] == '\n')
			line[--n] = 0;
		if (tokenize(c, line, &argv, &argc)) {
			ret = -1;
			if (!interactive)
				break;
			continue;
		}
		if (!argc) {
			free(argv);
			continue;
		}
		if (script_verbose) {
			printf("wskctl run %s:%d: %s\n", file, lineno, line);
			fflush(stdout);
		}
		ncmd++;
		if (command_run(c, argc, argv))
			ret = -1;
		for (i = 0; i < argc; i++)
			free(argv[i]);
		free(argv);
		if (ret && !interactive)
			break;
		ret = 0;
	}
	free(line);
	if (!ret && !interactive && script_verbose)
		printf("wskctl run %s: %d commands, every expectation met\n", file, ncmd);
	c->line = 0;
	return ret;
}

int script_verbose;

int cmd_run(struct ctx *c, int argc, char **argv)
{
	const char *file = NULL;
	FILE *in;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-v")) {
			script_verbose = 1;
		} else if (!strcmp(argv[i], "-D") && i + 1 < argc) {
			char *eq = strchr(argv[++i], '=');

			if (!eq)
				return fail_arg(c, argv[i], "expected NAME=VALUE");
			*eq = 0;
			if (name_set(c, argv[i], NAME_VAR, 0, eq + 1))
				return -1;
		} else if (!file) {
			file = argv[i];
		} else {
			return fail_arg(c, argv[i], "only one script");
		}
	}
	if (!file)
		return fail(c, "missing the script (a file, or - for stdin)");
	in = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!in)
		return fail_arg(c, file, "cannot open: %s", strerror(errno));
	ret = script_run(c, strcmp(file, "-") ? file : "<stdin>", in, false);
	if (in != stdin)
		fclose(in);
	return ret;
}

void script_cleanup(struct ctx *c)
{
	int i;

	for (i = 0; i < MAX_PEERS; i++)
		if (c->peers[i].pid) {
			kill(c->peers[i].pid, SIGKILL);
			waitpid(c->peers[i].pid, NULL, 0);
			c->peers[i].pid = 0;
		}
	for (i = 0; i < c->nnames; i++)
		free(c->names[i].value);
	c->nnames = 0;
	free(c->q);
	free(c->used);
	c->q = NULL;
	c->used = NULL;
	c->qlen = c->qcap = 0;
}
