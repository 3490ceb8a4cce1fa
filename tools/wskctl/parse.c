// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl: parsers and names. Nothing here touches the device; test_parse.c checks it offline.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "wskctl.h"

#define WHY(...) snprintf(why, WSKCTL_WHY, __VA_ARGS__)

bool kv(const char *tok, const char *key, const char **val)
{
	size_t n = strlen(key);

	if (strncmp(tok, key, n) || tok[n] != '=')
		return false;
	*val = tok + n + 1;
	return true;
}

static int parse_port(const char *s, uint16_t *port, char *why)
{
	char *end;
	unsigned long p;

	if (!*s || !isdigit((unsigned char)*s)) {
		WHY("missing port (write ADDRESS:PORT, e.g. 127.0.0.1:9000 or [::1]:9000)");
		return -1;
	}
	errno = 0;
	p = strtoul(s, &end, 10);
	if (*end || errno || p > 65535) {
		WHY("bad port '%s' (0 to 65535)", s);
		return -1;
	}
	*port = (uint16_t)p;
	return 0;
}

/*
 * 127.0.0.1:9000, [::1]:9000, [fe80::1%lo]:9000, *:9000 (IPv4 any), [::]:9000. A bare
 * IPv6 address without brackets is refused, since its last group would read as a port.
 */
int parse_addr(const char *s, struct wsk_addr *a, char *why)
{
	char host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	const char *colon, *port;
	size_t n;

	memset(a, 0, sizeof(*a));
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		char *pct;

		if (!close) {
			WHY("missing ']' after the IPv6 address");
			return -1;
		}
		n = close - s - 1;
		if (n >= sizeof(host)) {
			WHY("IPv6 address too long");
			return -1;
		}
		memcpy(host, s + 1, n);
		host[n] = 0;
		if (close[1] != ':') {
			WHY("missing ':PORT' after ']'");
			return -1;
		}
		port = close + 2;
		pct = strchr(host, '%');
		if (pct) {
			*pct++ = 0;
			a->scope_id = if_nametoindex(pct);
			if (!a->scope_id) {
				char *end;
				unsigned long v = strtoul(pct, &end, 10);

				if (*end || !*pct) {
					WHY("unknown interface '%s' in the IPv6 scope", pct);
					return -1;
				}
				a->scope_id = v;
			}
		}
		if (inet_pton(AF_INET6, host, a->addr) != 1) {
			WHY("'%s' is not an IPv6 address", host);
			return -1;
		}
		a->family = AF_INET6;
		return parse_port(port, &a->port, why);
	}
	colon = strrchr(s, ':');
	if (!colon) {
		WHY("missing ':PORT' (write ADDRESS:PORT, e.g. 127.0.0.1:9000 or [::1]:9000)");
		return -1;
	}
	if (strchr(s, ':') != colon) {
		WHY("IPv6 addresses need brackets: [ADDRESS]:PORT");
		return -1;
	}
	n = colon - s;
	if (n >= sizeof(host)) {
		WHY("address too long");
		return -1;
	}
	memcpy(host, s, n);
	host[n] = 0;
	if (!strcmp(host, "*") || !n) {
		strcpy(host, "0.0.0.0");
	}
	if (inet_pton(AF_INET, host, a->addr) != 1) {
		WHY("'%s' is not an IPv4 address", host);
		return -1;
	}
	a->family = AF_INET;
	return parse_port(colon + 1, &a->port, why);
}

void format_addr(const struct wsk_addr *a, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];

	if (a->family == AF_INET) {
		inet_ntop(AF_INET, a->addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, a->port);
	} else if (a->family == AF_INET6) {
		inet_ntop(AF_INET6, a->addr, host, sizeof(host));
		if (a->scope_id)
			snprintf(buf, len, "[%s%%%u]:%u", host, a->scope_id, a->port);
		else
			snprintf(buf, len, "[%s]:%u", host, a->port);
	} else if (a->family == 0) {
		snprintf(buf, len, "none");
	} else {
		snprintf(buf, len, "family-%u", a->family);
	}
}

int parse_u64(const char *s, uint64_t *v, char *why)
{
	char *end;

	errno = 0;
	if (!isdigit((unsigned char)*s)) {
		WHY("'%s' is not a number", s);
		return -1;
	}
	*v = strtoull(s, &end, 0);
	if (*end || errno) {
		WHY("'%s' is not a number", s);
		return -1;
	}
	return 0;
}

/* Sizes: a number with an optional binary suffix k/K (KiB), M (MiB), G (GiB). */
int parse_size(const char *s, uint64_t *v, char *why)
{
	char *end;
	uint64_t mul = 1;

	errno = 0;
	if (!isdigit((unsigned char)*s)) {
		WHY("'%s' is not a size (a number with an optional k, M or G suffix)", s);
		return -1;
	}
	*v = strtoull(s, &end, 10);
	if (errno)
		goto bad;
	if (*end == 'k' || *end == 'K')
		mul = 1024, end++;
	else if (*end == 'M')
		mul = 1024 * 1024, end++;
	else if (*end == 'G')
		mul = 1024 * 1024 * 1024, end++;
	if (*end == 'B' || (*end == 'i' && end[1] == 'B' && mul > 1))
		end += *end == 'i' ? 2 : 1;
	if (*end)
		goto bad;
	if (*v > UINT64_MAX / mul)
		goto bad;
	*v *= mul;
	return 0;
bad:
	WHY("'%s' is not a size (a number with an optional k, M or G suffix)", s);
	return -1;
}

/* Durations: 250ms, 2s, 1m; a bare number is seconds. */
int parse_duration(const char *s, uint64_t *ms, char *why)
{
	char *end;
	double v;

	errno = 0;
	if (!isdigit((unsigned char)*s) && *s != '.') {
		WHY("'%s' is not a duration (e.g. 2s, 500ms, 1m)", s);
		return -1;
	}
	v = strtod(s, &end);
	if (errno || v < 0)
		goto bad;
	if (!*end || !strcmp(end, "s"))
		v *= 1000;
	else if (!strcmp(end, "ms"))
		;
	else if (!strcmp(end, "m") || !strcmp(end, "min"))
		v *= 60000;
	else
		goto bad;
	*ms = (uint64_t)(v + 0.5);
	return 0;
bad:
	WHY("'%s' is not a duration (e.g. 2s, 500ms, 1m)", s);
	return -1;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void format_flags(uint32_t mask, const struct flag_name *t, size_t n, char *buf, size_t len)
{
	size_t i, k = 0;

	buf[0] = 0;
	for (i = 0; i < n; i++)
		if (mask & t[i].flag) {
			k += snprintf(buf + k, k < len ? len - k : 0, "%s%s", k ? "," : "",
				      t[i].name);
			mask &= ~t[i].flag;
		}
	if (mask)
		k += snprintf(buf + k, k < len ? len - k : 0, "%s0x%x", k ? "," : "", mask);
	if (!k)
		snprintf(buf, len, "none");
}

int parse_flags(const char *s, const struct flag_name *t, size_t n, uint32_t *mask,
		char *bad, size_t badlen)
{
	char buf[256], *tok, *save = NULL;
	size_t i;

	*mask = 0;
	snprintf(bad, badlen, "%s", s);
	if (!strcmp(s, "none"))
		return 0;
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < n && strcmp(tok, t[i].name); i++)
			;
		if (i == n) {
			snprintf(bad, badlen, "%s", tok);
			return -1;
		}
		*mask |= t[i].flag;
	}
	return 0;
}

static const struct flag_name events[] = {
	{ "accept", WSK_EVENT_ACCEPT },
	{ "receive", WSK_EVENT_RECEIVE },
	{ "receive-from", WSK_EVENT_RECEIVE_FROM },
	{ "disconnect", WSK_EVENT_DISCONNECT },
	{ "send-backlog", WSK_EVENT_SEND_BACKLOG },
};

int parse_one_event(const char *s, uint32_t *flag, char *why)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(events); i++)
		if (!strcmp(s, events[i].name)) {
			*flag = events[i].flag;
			return 0;
		}
	/* Accepted spellings: receive_from, receivefrom, sendbacklog. */
	if (!strcmp(s, "receive_from") || !strcmp(s, "receivefrom")) {
		*flag = WSK_EVENT_RECEIVE_FROM;
		return 0;
	}
	if (!strcmp(s, "send_backlog") || !strcmp(s, "sendbacklog")) {
		*flag = WSK_EVENT_SEND_BACKLOG;
		return 0;
	}
	WHY("unknown event '%s' (known: accept, receive, receive-from, disconnect, send-backlog)",
	    s);
	return -1;
}

int parse_events(const char *s, uint32_t *mask, char *why)
{
	char buf[256], *tok, *save = NULL;
	uint32_t f;

	if (strlen(s) >= sizeof(buf) || !*s) {
		WHY("expected event names separated by commas, e.g. accept,receive");
		return -1;
	}
	strcpy(buf, s);
	*mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (parse_one_event(tok, &f, why))
			return -1;
		*mask |= f;
	}
	if (!*mask) {
		WHY("expected event names separated by commas, e.g. accept,receive");
		return -1;
	}
	return 0;
}

const char *event_name(uint32_t flag)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(events); i++)
		if (events[i].flag == flag)
			return events[i].name;
	return NULL;
}

void format_events(uint32_t mask, char *buf, size_t len)
{
	format_flags(mask, events, ARRAY_SIZE(events), buf, len);
}

static const struct {
	const char *name;
	uint32_t flags;
} categories[] = {
	{ "basic", WSK_FLAG_BASIC_SOCKET },
	{ "listen", WSK_FLAG_LISTEN_SOCKET },
	{ "connection", WSK_FLAG_CONNECTION_SOCKET },
	{ "datagram", WSK_FLAG_DATAGRAM_SOCKET },
	{ "stream", WSK_FLAG_STREAM_SOCKET },
};

int parse_category(const char *s, uint32_t *flags)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(categories); i++)
		if (!strcmp(s, categories[i].name)) {
			*flags = categories[i].flags;
			return 0;
		}
	return -1;
}

const char *category_name(uint32_t flags)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(categories); i++)
		if (categories[i].flags == flags)
			return categories[i].name;
	return "unknown";
}

static const char *const actions[] = {
	[WSK_POLICY_ACCEPT] = "accept",
	[WSK_POLICY_REJECT] = "reject",
	[WSK_POLICY_CONSUME] = "consume",
	[WSK_POLICY_ACCEPT_BYTES] = "accept-bytes",
	[WSK_POLICY_RETAIN] = "retain",
	[WSK_POLICY_DECLINE] = "decline",
	[WSK_POLICY_PEND] = "pend",
};

int parse_action(const char *s, uint32_t *action, char *why)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(actions); i++)
		if (!strcmp(s, actions[i])) {
			*action = i;
			return 0;
		}
	WHY("unknown action '%s' (known: accept, reject, consume, accept-bytes, retain, decline, "
	    "pend)",
	    s);
	return -1;
}

const char *action_name(uint32_t action)
{
	return action < ARRAY_SIZE(actions) ? actions[action] : "unknown";
}

static const struct {
	const char *name;
	uint32_t status;
} statuses[] = {
	{ "SUCCESS", WSK_STATUS_SUCCESS },
	{ "PENDING", WSK_STATUS_PENDING },
	{ "EVENT_PENDING", WSK_STATUS_EVENT_PENDING },
	{ "BUFFER_OVERFLOW", WSK_STATUS_BUFFER_OVERFLOW },
	{ "NOT_IMPLEMENTED", WSK_STATUS_NOT_IMPLEMENTED },
	{ "INVALID_PARAMETER", WSK_STATUS_INVALID_PARAMETER },
	{ "INVALID_DEVICE_REQUEST", WSK_STATUS_INVALID_DEVICE_REQUEST },
	{ "MORE_PROCESSING_REQUIRED", WSK_STATUS_MORE_PROCESSING_REQUIRED },
	{ "ACCESS_DENIED", WSK_STATUS_ACCESS_DENIED },
	{ "NO_MEMORY", WSK_STATUS_NO_MEMORY },
	{ "INSUFFICIENT_RESOURCES", WSK_STATUS_INSUFFICIENT_RESOURCES },
	{ "DEVICE_NOT_READY", WSK_STATUS_DEVICE_NOT_READY },
	{ "IO_TIMEOUT", WSK_STATUS_IO_TIMEOUT },
	{ "FILE_FORCED_CLOSED", WSK_STATUS_FILE_FORCED_CLOSED },
	{ "NOT_SUPPORTED", WSK_STATUS_NOT_SUPPORTED },
	{ "REQUEST_NOT_ACCEPTED", WSK_STATUS_REQUEST_NOT_ACCEPTED },
	{ "CANCELLED", WSK_STATUS_CANCELLED },
	{ "INVALID_DEVICE_STATE", WSK_STATUS_INVALID_DEVICE_STATE },
	{ "CONNECTION_DISCONNECTED", WSK_STATUS_CONNECTION_DISCONNECTED },
	{ "CONNECTION_RESET", WSK_STATUS_CONNECTION_RESET },
	{ "DATA_NOT_ACCEPTED", WSK_STATUS_DATA_NOT_ACCEPTED },
	{ "CONNECTION_REFUSED", WSK_STATUS_CONNECTION_REFUSED },
	{ "GRACEFUL_DISCONNECT", WSK_STATUS_GRACEFUL_DISCONNECT },
	{ "ADDRESS_ALREADY_ASSOCIATED", WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED },
	{ "CONNECTION_ABORTED", WSK_STATUS_CONNECTION_ABORTED },
	{ "NETWORK_UNREACHABLE", WSK_STATUS_NETWORK_UNREACHABLE },
	{ "HOST_UNREACHABLE", WSK_STATUS_HOST_UNREACHABLE },
	{ "INVALID_ADDRESS", WSK_STATUS_INVALID_ADDRESS },
	{ "ADDRESS_NOT_ASSOCIATED", WSK_STATUS_ADDRESS_NOT_ASSOCIATED },
	{ "NOINTERFACE", WSK_STATUS_NOINTERFACE },
	{ "NOT_FOUND", WSK_STATUS_NOT_FOUND },
};

int parse_status(const char *s, uint32_t *status)
{
	size_t i;
	char *end;

	if (!strncmp(s, "STATUS_", 7))
		s += 7;
	for (i = 0; i < ARRAY_SIZE(statuses); i++)
		if (!strcasecmp(s, statuses[i].name)) {
			*status = statuses[i].status;
			return 0;
		}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		unsigned long v = strtoul(s, &end, 16);

		if (!*end && v <= 0xFFFFFFFFul) {
			*status = v;
			return 0;
		}
	}
	return -1;
}

const char *status_name(uint32_t status)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(statuses); i++)
		if (statuses[i].status == status)
			return statuses[i].name;
	return NULL;
}

void format_status(uint32_t status, char *buf, size_t len)
{
	const char *n = status_name(status);

	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "0x%08X", status);
}

bool is_error_status(uint32_t status)
{
	return (status & 0xC0000000u) == 0xC0000000u;
}

#define E(x) { #x, x }
static const struct {
	const char *name;
	int e;
} errnos[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(EBADF),
	E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY), E(EEXIST), E(ENODEV),
	E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(ENOSPC), E(EPIPE), E(ERANGE),
	E(ENOSYS), E(EOPNOTSUPP), E(EAFNOSUPPORT), E(EADDRINUSE), E(EADDRNOTAVAIL),
	E(ENETUNREACH), E(ECONNABORTED), E(ECONNRESET), E(ENOTCONN), E(ETIMEDOUT),
	E(ECONNREFUSED), E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS), E(ECANCELED),
	E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT), E(EPROTOTYPE), E(EISCONN), E(EDESTADDRREQ),
	E(EMSGSIZE), E(ENOBUFS), E(ESHUTDOWN), E(ENOTSOCK), E(EOVERFLOW), E(EDQUOT),
};

int parse_errno(const char *s, int *e)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (!strcmp(s, errnos[i].name)) {
			*e = errnos[i].e;
			return 0;
		}
	return -1;
}

const char *errno_name(int e)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].e == e)
			return errnos[i].name;
	return "E?";
}

static const char *const kinds[] = {
	[WSK_RECORD_ACCEPT] = "accept",
	[WSK_RECORD_RECEIVE] = "receive",
	[WSK_RECORD_RECEIVE_FROM] = "receive-from",
	[WSK_RECORD_DISCONNECT] = "disconnect",
	[WSK_RECORD_SEND_BACKLOG] = "send-backlog",
	[WSK_RECORD_COMPLETE] = "complete",
	[WSK_RECORD_HELD] = "held",
	[WSK_RECORD_HOLD_REFUSED] = "hold-refused",
	[WSK_RECORD_INSPECT] = "inspect",
	[WSK_RECORD_ABORT] = "abort",
};

int parse_record_kind(const char *s, uint32_t *kind, char *why)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(s, kinds[i])) {
			*kind = i;
			return 0;
		}
	if (!strcmp(s, "completion")) {
		*kind = WSK_RECORD_COMPLETE;
		return 0;
	}
	WHY("unknown event record '%s' (known: accept, receive, receive-from, disconnect, "
	    "send-backlog, complete, held, hold-refused, inspect, abort)", s);
	return -1;
}

const char *record_kind_name(uint32_t kind)
{
	return kind && kind < ARRAY_SIZE(kinds) ? kinds[kind] : "unknown";
}

static const char *const ops[] = {
	[WSK_REQ_BIND] = "bind",
	[WSK_REQ_CONNECT] = "connect",
	[WSK_REQ_ACCEPT] = "accept",
	[WSK_REQ_SEND] = "send",
	[WSK_REQ_RECEIVE] = "receive",
	[WSK_REQ_SEND_TO] = "send-to",
	[WSK_REQ_RECEIVE_FROM] = "receive-from",
	[WSK_REQ_DISCONNECT] = "disconnect",
	[WSK_REQ_CLOSE] = "close",
	[WSK_REQ_LOCAL_ADDRESS] = "local-address",
	[WSK_REQ_REMOTE_ADDRESS] = "remote-address",
	[WSK_REQ_CONTROL] = "control",
	[WSK_REQ_OPTION] = "option",
	[WSK_REQ_CONNECT_EX] = "connect-ex",
	[WSK_REQ_SEND_MESSAGES] = "send-messages",
	[WSK_REQ_LISTEN] = "listen",
};

const char *op_name(uint32_t op)
{
	return op && op < ARRAY_SIZE(ops) && ops[op] ? ops[op] : "unknown";
}

int parse_op(const char *s, uint32_t *op, char *why)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(ops); i++)
		if (ops[i] && !strcmp(s, ops[i])) {
			*op = i;
			return 0;
		}
	WHY("unknown request '%s' (known: bind, connect, accept, send, receive, send-to, "
	    "receive-from, disconnect, close, local-address, remote-address, control)", s);
	return -1;
}

static const struct flag_name rflags[] = {
	{ "abortive", WSK_FLAG_ABORTIVE },
	{ "release-asap", WSK_FLAG_RELEASE_ASAP },
	{ "entire-message", WSK_FLAG_ENTIRE_MESSAGE },
	{ "dispatch", WSK_FLAG_AT_DISPATCH_LEVEL },
	{ "null", WSK_RECORD_F_NULL },
};

void format_record_flags(uint32_t flags, char *buf, size_t len)
{
	format_flags(flags, rflags, ARRAY_SIZE(rflags), buf, len);
}

int parse_record_flags(const char *s, uint32_t *flags, char *why)
{
	char bad[64];

	if (strlen(s) >= 256) {
		WHY("too long");
		return -1;
	}
	if (parse_flags(s, rflags, ARRAY_SIZE(rflags), flags, bad, sizeof(bad))) {
		WHY("unknown flag '%s' (known: abortive, release-asap, entire-message, "
		    "dispatch, null, none)", bad);
		return -1;
	}
	return 0;
}

/* The byte at offset pos of wskpeer's data pattern (tests/vm/peer/wskpeer.c). */
unsigned char pattern_byte(uint64_t pos)
{
	return (unsigned char)(pos * 7 + (pos >> 8));
}
