// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl service: the in-kernel echo and discard services. A service belongs to the open file
 * that started it, so outside scripts `service start` stays in the foreground until SIGINT,
 * SIGTERM or --for, printing its counters; in scripts it runs until `service stop` or the end.
 */

#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "wskctl.h"

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static int service_call(struct ctx *c, struct wsk_ioc_service *sv, const char *what)
{
	struct wsk_result r;
	int fd = ctx_fd(c);

	if (fd < 0)
		return -1;
	sv->size = sizeof(*sv);
	if (dev_call(fd, WSK_IOC_SERVICE, sv, NULL, &r) < 0) {
		if (c->expect) {
			c->last = r;
			c->have_last = true;
			return check_result(c, what, &r) ? -1 : 1;
		}
		return fail(c, "%s: %s (%s)", what, strerror(r.err), errno_name(r.err));
	}
	return 0;
}

static int service_find(struct ctx *c, const char *tok, uint32_t *id, const char **name)
{
	struct wsk_name *n;
	char why[WSKCTL_WHY];
	uint64_t v;

	if (!parse_u64(tok, &v, why)) {
		*id = (uint32_t)v;
		*name = NULL;
		return 0;
	}
	n = name_find(c, tok);
	if (!n || n->kind != NAME_SERVICE)
		return fail_arg(c, tok, "no service of that name");
	*id = n->id;
	*name = n->name;
	return 0;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 127.0.0.0/8 or ::1: a reflector there answers only this machine. */
static bool addr_is_loopback(const struct wsk_addr *a)
{
	static const uint8_t v6_loopback[16] = { [15] = 1 };

	if (a->family == AF_INET)
		return a->addr[0] == 127;
	return a->family == AF_INET6 && !memcmp(a->addr, v6_loopback, sizeof(v6_loopback));
}

int cmd_service(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_service sv = { 0 };
	const char *name = NULL, *addr_tok = NULL, *v;
	char why[WSKCTL_WHY], ad[80];
	uint64_t for_ms = 0, interval_ms = 0;
	bool have_kind = false, have_proto = false;
	int i, ret;

	static char name_buf[32];

	if (argc < 1)
		return fail(c, "missing the verb: start, stop, stats, echo or discard");
	snprintf(name_buf, sizeof(name_buf), "service %s", argv[0]);
	c->cmd = name_buf;
	if (!strcmp(argv[0], "stop") || !strcmp(argv[0], "stats")) {
		if (!c->script)
			return fail(c, "a service belongs to the file that started it: 'service %s' "
				    "only works in scripts (wskctl run)", argv[0]);
		if (argc != 2)
			return fail(c, "expected 'service %s NAME|ID'", argv[0]);
		if (service_find(c, argv[1], &sv.id, &name))
			return -1;
		sv.op = argv[0][2] == 'o' ? WSK_SERVICE_STOP : WSK_SERVICE_STATS;
		ret = service_call(c, &sv, argv[0]);
		if (ret)
			return ret < 0 ? -1 : 0;
		if (sv.op == WSK_SERVICE_STATS || !c->json)
			print_service(stdout, name, &sv, c->json);
		return 0;
	}
	i = 0;
	if (!strcmp(argv[0], "start"))
		i = 1;
	for (; i < argc; i++) {
		const char *t = argv[i];

		if (!strcmp(t, "echo") || !strcmp(t, "discard")) {
			sv.kind = t[0] == 'e' ? WSK_SERVICE_ECHO : WSK_SERVICE_DISCARD;
			have_kind = true;
		} else if (!strcmp(t, "tcp") || !strcmp(t, "udp")) {
			sv.protocol = t[0] == 't' ? IPPROTO_TCP : IPPROTO_UDP;
			have_proto = true;
		} else if (strchr(t, ':')) {
			if (parse_addr(t, &sv.addr, why))
				return fail_arg(c, t, "%s", why);
			addr_tok = t;
		} else if (!strcmp(t, "--for") || !strcmp(t, "--interval")) {
			if (i + 1 >= argc)
				return fail_arg(c, t, "missing the duration after it");
			if (parse_duration(argv[i + 1], t[2] == 'f' ? &for_ms : &interval_ms, why))
				return fail_arg(c, argv[i + 1], "%s", why);
			i++;
		} else if (kv(t, "expect", &v)) {
			c->expect = v;
		} else if (c->script && !name && !have_kind) {
			name = t;
		} else {
			return fail_arg(c, t, "not a service (echo, discard), protocol (tcp, udp), "
					"address (127.0.0.1:7, [::1]:7), --for D or --interval D");
		}
	}
	if (!have_kind)
		return fail(c, "missing the service: echo or discard");
	if (!have_proto)
		return fail(c, "missing the protocol: tcp or udp");
	if (!addr_tok)
		return fail(c, "missing the address to listen on (e.g. 127.0.0.1:7, [::]:0)");
	if (c->script && !name)
		return fail(c, "missing the service's name (service start NAME echo tcp ADDR)");
	if (sv.kind == WSK_SERVICE_ECHO && sv.protocol == IPPROTO_UDP && !addr_is_loopback(&sv.addr))
		fprintf(stderr, "wskctl: warning: a UDP echo service answers whatever source address "
			"a datagram carries (an RFC 862 reflector): on %s, spoofed datagrams make it "
			"send to third parties\n", addr_tok);
	sv.op = WSK_SERVICE_START;
	ret = service_call(c, &sv, "start");
	if (ret)
		return ret < 0 ? -1 : 0;
	format_addr(&sv.addr, ad, sizeof(ad));
	if (c->script) {
		if (c->json)
			print_service(stdout, name, &sv, true);
		return name_set(c, name, NAME_SERVICE, sv.id, ad);
	}

	/* Foreground: run until a signal or --for, printing counters. */
	{
		struct sigaction sa = { .sa_handler = on_stop };
		uint64_t start = mono_ms(), next = interval_ms ? start + interval_ms : 0;
		uint32_t id = sv.id, kind = sv.kind, proto = sv.protocol;
		struct pr p;

		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		pr_open(&p, stdout, c->json);
		pr_s(&p, "started", "service %s", kind == WSK_SERVICE_ECHO ? "echo" : "discard");
		pr_s(&p, "protocol", " %s", proto == IPPROTO_UDP ? "udp" : "tcp");
		pr_s(&p, "addr", " on %s", ad);
		pr_u(&p, "id", " (id %" PRIu64 ")", (uint64_t)id);
		pr_text(&p, ": running until SIGINT/SIGTERM%s", for_ms ? " or --for" : "");
		pr_close(&p);
		fflush(stdout);
		while (!stop_signal) {
			uint64_t t = mono_ms(), wake = UINT64_MAX;

			if (for_ms && t >= start + for_ms)
				break;
			if (next && t >= next) {
				struct wsk_ioc_service st = { .op = WSK_SERVICE_STATS, .id = id };

				if (service_call(c, &st, "stats"))
					return -1;
				print_service(stdout, NULL, &st, c->json);
				fflush(stdout);
				next += interval_ms;
			}
			if (for_ms)
				wake = start + for_ms;
			if (next && next < wake)
				wake = next;
			poll(NULL, 0, wake == UINT64_MAX ? 1000 : (int)(wake - t));
		}
		memset(&sv, 0, sizeof(sv));
		sv.op = WSK_SERVICE_STATS;
		sv.id = id;
		if (service_call(c, &sv, "stats"))
			return -1;
		print_service(stdout, NULL, &sv, c->json);
		memset(&sv, 0, sizeof(sv));
		sv.op = WSK_SERVICE_STOP;
		sv.id = id;
		if (service_call(c, &sv, "stop"))
			return -1;
		pr_open(&p, stdout, c->json);
		pr_u(&p, "stopped", "service id %" PRIu64 " stopped", (uint64_t)id);
		pr_bool(&p, "by_signal", stop_signal, " by a signal");
		pr_close(&p);
	}
	return 0;
}
