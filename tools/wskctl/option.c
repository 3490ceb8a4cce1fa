// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl option set|get, wskctl ioctl: WskControlSocket's socket options and IOCTLs
 * (WSK_IOC_OPTION), by name.
 */

#include "wskctl.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum opt_kind {
	OK_ULONG,	/* a number, or on/off */
	OK_LINGER,	/* off, or on:SECONDS */
	OK_MREQ,	/* GROUP[@INTERFACE-ADDRESS] */
	OK_MREQ6,	/* GROUP[@INTERFACE-INDEX] */
};

static const struct opt_name {
	const char *name;
	uint32_t level;
	uint32_t code;
	int kind;
} opt_names[] = {
	{ "reuseaddr", WSK_SOL_SOCKET, WSK_SO_REUSEADDR, OK_ULONG },
	{ "exclusiveaddruse", WSK_SOL_SOCKET, WSK_SO_EXCLUSIVEADDRUSE, OK_ULONG },
	{ "conditional-accept", WSK_SOL_SOCKET, SO_CONDITIONAL_ACCEPT, OK_ULONG },
	{ "keepalive", WSK_SOL_SOCKET, WSK_SO_KEEPALIVE, OK_ULONG },
	{ "broadcast", WSK_SOL_SOCKET, WSK_SO_BROADCAST, OK_ULONG },
	{ "linger", WSK_SOL_SOCKET, WSK_SO_LINGER, OK_LINGER },
	{ "sndbuf", WSK_SOL_SOCKET, WSK_SO_SNDBUF, OK_ULONG },
	{ "rcvbuf", WSK_SOL_SOCKET, WSK_SO_RCVBUF, OK_ULONG },
	{ "nodelay", WSK_IPPROTO_TCP, WSK_TCP_NODELAY, OK_ULONG },
	{ "keepidle", WSK_IPPROTO_TCP, WSK_TCP_KEEPIDLE, OK_ULONG },
	{ "keepintvl", WSK_IPPROTO_TCP, WSK_TCP_KEEPINTVL, OK_ULONG },
	{ "keepcnt", WSK_IPPROTO_TCP, WSK_TCP_KEEPCNT, OK_ULONG },
	{ "tos", WSK_IPPROTO_IP, WSK_IP_TOS, OK_ULONG },
	{ "ttl", WSK_IPPROTO_IP, WSK_IP_TTL, OK_ULONG },
	{ "dontfragment", WSK_IPPROTO_IP, WSK_IP_DONTFRAGMENT, OK_ULONG },
	{ "pktinfo", WSK_IPPROTO_IP, WSK_IP_PKTINFO, OK_ULONG },
	{ "add-membership", WSK_IPPROTO_IP, WSK_IP_ADD_MEMBERSHIP, OK_MREQ },
	{ "drop-membership", WSK_IPPROTO_IP, WSK_IP_DROP_MEMBERSHIP, OK_MREQ },
	{ "v6only", WSK_IPPROTO_IPV6, WSK_IPV6_V6ONLY, OK_ULONG },
	{ "unicast-hops", WSK_IPPROTO_IPV6, WSK_IPV6_UNICAST_HOPS, OK_ULONG },
	{ "ipv6-dontfrag", WSK_IPPROTO_IPV6, WSK_IPV6_DONTFRAG, OK_ULONG },
	{ "ipv6-pktinfo", WSK_IPPROTO_IPV6, WSK_IPV6_PKTINFO, OK_ULONG },
	{ "ipv6-add-membership", WSK_IPPROTO_IPV6, WSK_IPV6_ADD_MEMBERSHIP, OK_MREQ6 },
	{ "ipv6-drop-membership", WSK_IPPROTO_IPV6, WSK_IPV6_DROP_MEMBERSHIP, OK_MREQ6 },
};

static const struct opt_name *opt_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(opt_names) / sizeof(opt_names[0]); i++)
		if (!strcmp(opt_names[i].name, name))
			return &opt_names[i];
	return NULL;
}

static int parse_ulong(const char *s, uint32_t *v, char *why)
{
	uint64_t n;

	if (!strcmp(s, "on")) {
		*v = 1;
		return 0;
	}
	if (!strcmp(s, "off")) {
		*v = 0;
		return 0;
	}
	if (parse_u64(s, &n, why))
		return -1;
	if (n > UINT32_MAX) {
		snprintf(why, WSKCTL_WHY, "more than 32 bits");
		return -1;
	}
	*v = (uint32_t)n;
	return 0;
}

/* The value of a set, into @val. Return: its length, or -1 with @why. */
static int parse_value(const struct opt_name *o, const char *s, uint8_t *val, char *why)
{
	struct wsk_ipv6_mreq m6 = { 0 };
	struct wsk_linger l = { 0 };
	struct wsk_ip_mreq m;
	char group[INET6_ADDRSTRLEN + 1];
	const char *at = strchr(s, '@');
	size_t glen = at ? (size_t)(at - s) : strlen(s);
	uint32_t v;

	switch (o->kind) {
	case OK_ULONG:
		if (parse_ulong(s, &v, why))
			return -1;
		memcpy(val, &v, sizeof(v));
		return sizeof(v);
	case OK_LINGER:
		if (!strcmp(s, "off")) {
			memcpy(val, &l, sizeof(l));
			return sizeof(l);
		}
		if (strncmp(s, "on:", 3) || parse_ulong(s + 3, &v, why) || v > UINT16_MAX) {
			snprintf(why, WSKCTL_WHY, "not 'off' or 'on:SECONDS' (at most 65535)");
			return -1;
		}
		l.l_onoff = 1;
		l.l_linger = (uint16_t)v;
		memcpy(val, &l, sizeof(l));
		return sizeof(l);
	default:
		break;
	}
	if (glen >= sizeof(group)) {
		snprintf(why, WSKCTL_WHY, "not a group address");
		return -1;
	}
	memcpy(group, s, glen);
	group[glen] = 0;
	if (o->kind == OK_MREQ) {
		memset(&m, 0, sizeof(m));
		if (inet_pton(AF_INET, group, m.imr_multiaddr) != 1 ||
		    inet_pton(AF_INET, at ? at + 1 : "0.0.0.0", m.imr_interface) != 1) {
			snprintf(why, WSKCTL_WHY, "not GROUP[@INTERFACE-ADDRESS] (IPv4)");
			return -1;
		}
		memcpy(val, &m, sizeof(m));
		return sizeof(m);
	}
	if (inet_pton(AF_INET6, group, m6.ipv6mr_multiaddr) != 1 ||
	    (at && parse_ulong(at + 1, &m6.ipv6mr_interface, why))) {
		snprintf(why, WSKCTL_WHY, "not GROUP[@INTERFACE-INDEX] (IPv6)");
		return -1;
	}
	memcpy(val, &m6, sizeof(m6));
	return sizeof(m6);
}

/* One WSK_IOC_OPTION call; checks the result against expect=. Return: 0 or -1. */
static int option_call(struct ctx *c, struct wsk_ioc_option *op, const char *what)
{
	struct wsk_result r;
	char lbl[96], h[64];
	int fd = ctx_fd(c);

	if (fd < 0)
		return -1;
	op->size = sizeof(*op);
	dev_call(fd, WSK_IOC_OPTION, op, &op->status, &r);
	r.request_id = op->request_id;
	r.information = op->out_len;
	snprintf(lbl, sizeof(lbl), "%s %s", handle_label(c, op->handle, h, sizeof(h)), what);
	return check_result(c, lbl, &r);
}

/* The trailing arguments: expect=STATUS, and value=N for a get. */
static int option_tail(struct ctx *c, int argc, char **argv, int from, const char **want)
{
	const char *v;
	int i;

	for (i = from; i < argc; i++) {
		if (kv(argv[i], "expect", &v))
			c->expect = v;
		else if (want && kv(argv[i], "value", &v))
			*want = v;
		else
			return unknown(c, argv[i]);
	}
	return 0;
}

int cmd_option_set(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_option op = { .request_type = WSK_SET_OPTION };
	char why[WSKCTL_WHY];
	const struct opt_name *o;
	int len;

	if (need(c, argc, 3, "the socket, the option and its value"))
		return -1;
	if (resolve_handle(c, argv[0], &op.handle))
		return -1;
	o = opt_find(argv[1]);
	if (!o)
		return fail_arg(c, argv[1], "unknown option (see 'wskctl option set --help')");
	len = parse_value(o, argv[2], op.value, why);
	if (len < 0)
		return fail_arg(c, argv[2], "%s", why);
	if (option_tail(c, argc, argv, 3, NULL))
		return -1;
	op.level = o->level;
	op.code = o->code;
	op.in_len = (uint32_t)len;
	return option_call(c, &op, o->name);
}

int cmd_option_get(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_option op = { .request_type = WSK_GET_OPTION };
	const char *want = NULL;
	const struct opt_name *o;
	struct wsk_linger l;
	char text[32];
	uint32_t v = 0;
	struct pr p;

	if (need(c, argc, 2, "the socket and the option"))
		return -1;
	if (resolve_handle(c, argv[0], &op.handle))
		return -1;
	o = opt_find(argv[1]);
	if (!o)
		return fail_arg(c, argv[1], "unknown option (see 'wskctl option get --help')");
	if (option_tail(c, argc, argv, 2, &want))
		return -1;
	op.level = o->level;
	op.code = o->code;
	op.out_len = o->kind == OK_LINGER ? sizeof(l) : sizeof(v);
	if (option_call(c, &op, o->name))
		return -1;
	if (is_error_status(op.status))
		return 0;
	if (o->kind == OK_LINGER) {
		memcpy(&l, op.value, sizeof(l));
		if (l.l_onoff)
			snprintf(text, sizeof(text), "on:%u", l.l_linger);
		else
			snprintf(text, sizeof(text), "off");
	} else {
		memcpy(&v, op.value, sizeof(v));
		snprintf(text, sizeof(text), "%" PRIu32, v);
	}
	if (want && strcmp(want, text))
		return fail(c, "%s: expected %s, got %s", o->name, want, text);
	if (c->script && !c->json)
		return 0;
	pr_open(&p, stdout, c->json);
	pr_s(&p, "option", "%s", o->name);
	if (o->kind == OK_LINGER) {
		pr_bool(&p, "linger_on", l.l_onoff, " linger");
		pr_u(&p, "linger_seconds", " %" PRIu64, (uint64_t)l.l_linger);
	} else {
		pr_u(&p, "value", " %" PRIu64, (uint64_t)v);
	}
	pr_close(&p);
	return 0;
}

/* An address as the kernel's struct sockaddr_in or sockaddr_in6. Return: its length. */
static uint32_t sockaddr_of(const struct wsk_addr *a, uint8_t *out)
{
	struct sockaddr_in6 sin6 = { 0 };
	struct sockaddr_in sin = { 0 };

	if (a->family == AF_INET) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons(a->port);
		memcpy(&sin.sin_addr, a->addr, 4);
		memcpy(out, &sin, sizeof(sin));
		return sizeof(sin);
	}
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(a->port);
	sin6.sin6_scope_id = a->scope_id;
	memcpy(&sin6.sin6_addr, a->addr, 16);
	memcpy(out, &sin6, sizeof(sin6));
	return sizeof(sin6);
}

int cmd_ioctl(struct ctx *c, int argc, char **argv)
{
	struct wsk_ioc_option op = { .request_type = WSK_IOCTL };
	const char *want = NULL, *name;
	char why[WSKCTL_WHY], text[32];
	struct wsk_addr a;
	uint64_t backlog;
	int from = 2;
	struct pr p;

	if (need(c, argc, 2, "the socket and the IOCTL"))
		return -1;
	if (resolve_handle(c, argv[0], &op.handle))
		return -1;
	name = argv[1];
	if (!strcmp(name, "remote-address") || !strcmp(name, "sendto-address")) {
		op.code = name[0] == 'r' ? SIO_WSK_SET_REMOTE_ADDRESS : SIO_WSK_SET_SENDTO_ADDRESS;
		if (need(c, argc, 3, "the address, or 'none'"))
			return -1;
		if (strcmp(argv[2], "none")) {
			if (parse_addr(argv[2], &a, why))
				return fail_arg(c, argv[2], "%s", why);
			op.in_len = sockaddr_of(&a, op.value);
		}
		from = 3;
	} else if (!strcmp(name, "receive-backlog")) {
		op.code = SIO_WSK_QUERY_RECEIVE_BACKLOG;
		op.out_len = sizeof(uint64_t);
	} else if (!strcmp(name, "send-backlog")) {
		op.code = SIO_WSK_QUERY_IDEAL_SEND_BACKLOG;
		op.out_len = sizeof(uint64_t);
	} else if (!strcmp(name, "silent-mode")) {
		op.code = SIO_WSK_SET_TCP_SILENT_MODE;
	} else if (!strcmp(name, "inspect-id")) {
		/* struct wsk_inspect_id: the key (unsigned long), the serial number (u32). */
		op.code = SIO_WSK_QUERY_INSPECT_ID;
		op.out_len = 16;
	} else {
		return fail_arg(c, name, "unknown IOCTL (see 'wskctl ioctl --help')");
	}
	if (option_tail(c, argc, argv, from, op.out_len ? &want : NULL))
		return -1;
	if (option_call(c, &op, name))
		return -1;
	if (!op.out_len || is_error_status(op.status))
		return 0;
	memcpy(&backlog, op.value, sizeof(backlog));
	snprintf(text, sizeof(text), "%" PRIu64, backlog);
	if (op.code == SIO_WSK_QUERY_INSPECT_ID) {
		uint32_t serial;

		memcpy(&serial, op.value + 8, sizeof(serial));
		snprintf(text, sizeof(text), "%" PRIu64 ":%" PRIu32, backlog, serial);
	}
	if (want && strcmp(want, text))
		return fail(c, "%s: expected %s, got %s", name, want, text);
	if (c->script && !c->json)
		return 0;
	pr_open(&p, stdout, c->json);
	pr_s(&p, "ioctl", "%s", name);
	if (op.code == SIO_WSK_QUERY_INSPECT_ID)
		pr_s(&p, "value", " %s", text);
	else
		pr_u(&p, "value", " %" PRIu64, backlog);
	pr_close(&p);
	return 0;
}
