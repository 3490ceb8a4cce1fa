// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl resolve and name-info: WSK_IOC_RESOLVE (ABI 1.4), WskGetAddressInfo and
 * WskGetNameInfo for this client.
 */

#include "wskctl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

static const struct flag_name ai_words[] = {
	{ "passive", WSK_AI_PASSIVE },
	{ "canonname", WSK_AI_CANONNAME },
	{ "numerichost", WSK_AI_NUMERICHOST },
	{ "numericserv", WSK_AI_NUMERICSERV },
};

static const struct flag_name ni_words[] = {
	{ "nofqdn", WSK_NI_NOFQDN },
	{ "numerichost", WSK_NI_NUMERICHOST },
	{ "namereqd", WSK_NI_NAMEREQD },
	{ "numericserv", WSK_NI_NUMERICSERV },
	{ "dgram", WSK_NI_DGRAM },
};

/* A word of @t: its flag, or 0. */
static uint32_t word_flag(const struct flag_name *t, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(w, t[i].name))
			return t[i].flag;
	return 0;
}

/* A number argument of a key=N word, at most max. */
static int num_arg(struct ctx *c, const char *tok, const char *v, uint64_t max, uint32_t *out)
{
	char why[WSKCTL_WHY];
	uint64_t n;

	if (parse_u64(v, &n, why))
		return fail_arg(c, tok, "%s", why);
	if (n > max)
		return fail_arg(c, tok, "at most %" PRIu64, max);
	*out = n;
	return 0;
}

/* Copy a name argument into its field; "-" is none (empty). */
static int name_arg(struct ctx *c, const char *s, char *field, size_t size)
{
	if (!strcmp(s, "-"))
		return 0;
	if (strlen(s) >= size)
		return fail_arg(c, s, "longer than %zu bytes", size - 1);
	strcpy(field, s);
	return 0;
}

static bool is_option_word(const char *s)
{
	return strchr(s, '=') || !strcmp(s, "ipv4") || !strcmp(s, "ipv6") ||
	       !strcmp(s, "tcp") || !strcmp(s, "udp") ||
	       word_flag(ai_words, sizeof(ai_words) / sizeof(ai_words[0]), s);
}

int cmd_resolve(struct ctx *c, int argc, char **argv)
{
	static struct wsk_resolve_result res[WSK_RESOLVE_RESULTS_MAX];
	struct wsk_ioc_resolve a = { .size = sizeof(a), .op = WSK_RESOLVE_ADDRESS };
	const char *v, *want_canon = NULL, *want_has = NULL;
	char buf[128], why[WSKCTL_WHY];
	uint32_t want_count = UINT32_MAX, n, f, u;
	struct wsk_addr has = { 0 };
	bool found = false;
	struct wsk_result r;
	struct pr p;
	int fd, i = 1;

	if (need(c, argc, 1, "the host (- for none)"))
		return -1;
	if (name_arg(c, argv[0], a.node, sizeof(a.node)))
		return -1;
	if (argc > 1 && !is_option_word(argv[1])) {
		if (name_arg(c, argv[1], a.service, sizeof(a.service)))
			return -1;
		i = 2;
	}
	a.max_results = WSK_RESOLVE_RESULTS_MAX;
	for (; i < argc; i++) {
		f = word_flag(ai_words, sizeof(ai_words) / sizeof(ai_words[0]), argv[i]);
		if (f) {
			a.ai_flags |= f;
		} else if (!strcmp(argv[i], "ipv4")) {
			a.family = AF_INET;
		} else if (!strcmp(argv[i], "ipv6")) {
			a.family = AF_INET6;
		} else if (!strcmp(argv[i], "tcp")) {
			a.socktype = SOCK_STREAM;
		} else if (!strcmp(argv[i], "udp")) {
			a.socktype = SOCK_DGRAM;
		} else if (kv(argv[i], "flags", &v) || kv(argv[i], "family", &v) ||
			   kv(argv[i], "socktype", &v) || kv(argv[i], "protocol", &v)) {
			if (num_arg(c, argv[i], v, UINT32_MAX, &u))
				return -1;
			if (argv[i][1] == 'l')
				a.ai_flags = u;
			else if (argv[i][1] == 'a')
				a.family = u;
			else if (argv[i][0] == 's')
				a.socktype = u;
			else
				a.protocol = u;
		} else if (kv(argv[i], "max", &v)) {
			if (num_arg(c, argv[i], v, UINT32_MAX, &a.max_results))
				return -1;
		} else if (kv(argv[i], "count", &v)) {
			if (num_arg(c, argv[i], v, UINT32_MAX, &want_count))
				return -1;
		} else if (kv(argv[i], "has", &v)) {
			if (parse_addr(v, &has, why))
				return fail_arg(c, argv[i], "%s", why);
			want_has = v;
		} else if (kv(argv[i], "canon", &v)) {
			want_canon = v;
		} else if (kv(argv[i], "expect", &v)) {
			c->expect = v;
		} else {
			return unknown(c, argv[i]);
		}
	}
	a.results = a.max_results ? (uintptr_t)res : 0;
	fd = ctx_fd(c);
	if (fd < 0)
		return -1;
	dev_call(fd, WSK_IOC_RESOLVE, &a, &a.status, &r);
	if (check_result(c, "resolve", &r))
		return -1;
	if (r.err || is_error_status(r.status))
		return 0;
	n = a.count < a.max_results ? a.count : a.max_results;
	for (u = 0; u < n; u++) {
		format_addr(&res[u].addr, buf, sizeof(buf));
		pr_open(&p, stdout, c->json);
		pr_s(&p, "transport", "%s", res[u].protocol == IPPROTO_TCP ? "tcp" : "udp");
		pr_s(&p, "family", " %s", res[u].addr.family == AF_INET ? "ipv4" : "ipv6");
		pr_s(&p, "addr", " %s", buf);
		if (!u && a.canonname[0])
			pr_s(&p, "canonname", " canonname %s", a.canonname);
		pr_close(&p);
		if (want_has && !memcmp(&res[u].addr, &has, sizeof(has)))
			found = true;
	}
	if (want_count != UINT32_MAX && a.count != want_count)
		return fail(c, "%u results, not %u", a.count, want_count);
	if (want_has && !found)
		return fail(c, "no result is %s", want_has);
	if (want_canon && strcmp(a.canonname, want_canon))
		return fail(c, "canonical name '%s', not '%s'", a.canonname, want_canon);
	return 0;
}

int cmd_name_info(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_resolve a = { .size = sizeof(a), .op = WSK_RESOLVE_NAME };
	const char *v, *want_host = NULL, *want_serv = NULL;
	char why[WSKCTL_WHY];
	struct wsk_result r;
	struct pr p;
	uint32_t f;
	int fd, i;

	if (need(c, argc, 1, "the address (ADDR:PORT)"))
		return -1;
	if (parse_addr(argv[0], &a.addr, why))
		return fail_arg(c, argv[0], "%s", why);
	for (i = 1; i < argc; i++) {
		f = word_flag(ni_words, sizeof(ni_words) / sizeof(ni_words[0]), argv[i]);
		if (f) {
			a.ai_flags |= f;
		} else if (kv(argv[i], "flags", &v)) {
			if (num_arg(c, argv[i], v, UINT32_MAX, &a.ai_flags))
				return -1;
		} else if (kv(argv[i], "host", &v)) {
			want_host = v;
		} else if (kv(argv[i], "service", &v)) {
			want_serv = v;
		} else if (kv(argv[i], "expect", &v)) {
			c->expect = v;
		} else {
			return unknown(c, argv[i]);
		}
	}
	fd = ctx_fd(c);
	if (fd < 0)
		return -1;
	dev_call(fd, WSK_IOC_RESOLVE, &a, &a.status, &r);
	if (check_result(c, "name-info", &r))
		return -1;
	if (r.err || is_error_status(r.status))
		return 0;
	a.node[sizeof(a.node) - 1] = 0;
	a.service[sizeof(a.service) - 1] = 0;
	pr_open(&p, stdout, c->json);
	pr_s(&p, "host", "%s", a.node);
	pr_s(&p, "service", " %s", a.service);
	pr_close(&p);
	if (want_host && strcmp(a.node, want_host))
		return fail(c, "host '%s', not '%s'", a.node, want_host);
	if (want_serv && strcmp(a.service, want_serv))
		return fail(c, "service '%s', not '%s'", a.service, want_serv);
	return 0;
}
