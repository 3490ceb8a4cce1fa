// SPDX-License-Identifier: GPL-2.0
/*
 * Name resolution: WskGetAddressInfo, WskFreeAddressInfo and WskGetNameInfo.
 *
 * Numeric hosts and services, the NULL node (wildcard or loopback) and "localhost" are
 * answered at once. Any other host name goes to the kernel's DNS resolver: dns_query()
 * (net/dns_resolver), which looks the name up in its key cache or upcalls /sbin/request-key
 * for a "dns_resolver" key (keyutils' key.dns_resolver on a distribution). That may sleep
 * for as long as the helper takes, so it runs in a work item on the client's queue, holding
 * one of the client's live counts (client.c) so that wsk_deregister() waits for the request.
 *
 * A result list is one allocation: the entries, then an address slot per entry, then the
 * canonical name; wsk_free_address_info() frees it with one kfree().
 */

#include "compat.h"
#include "core.h"

#include <kunit/visibility.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/ctype.h>
#include <linux/dns_resolver.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

/* The transports a result can have: the ones wsk offers (WSK_TRANSPORT_LIST_QUERY). */
#define WSK_SVC_TCP	0x1
#define WSK_SVC_UDP	0x2

static const struct {
	int type;
	int protocol;
	u8 bit;
} wsk_ai_transports[] = {
	{ SOCK_STREAM, IPPROTO_TCP, WSK_SVC_TCP },
	{ SOCK_DGRAM, IPPROTO_UDP, WSK_SVC_UDP },
};

/*
 * The service names wsk knows, with IANA's ports and transports (the Service Name and
 * Transport Protocol Port Number Registry, as /etc/services has them): the protocols that
 * kernel clients of WSK speak, and the basic test services. There is no services file to
 * read in the kernel; a client that needs another service passes its number.
 */
static const struct {
	const char *name;
	u16 port;
	u8 transports;
} wsk_services[] = {
	{ "echo", 7, WSK_SVC_TCP | WSK_SVC_UDP },
	{ "discard", 9, WSK_SVC_TCP | WSK_SVC_UDP },
	{ "daytime", 13, WSK_SVC_TCP | WSK_SVC_UDP },
	{ "ftp-data", 20, WSK_SVC_TCP },
	{ "ftp", 21, WSK_SVC_TCP },
	{ "ssh", 22, WSK_SVC_TCP },
	{ "telnet", 23, WSK_SVC_TCP },
	{ "smtp", 25, WSK_SVC_TCP },
	{ "domain", 53, WSK_SVC_TCP | WSK_SVC_UDP },
	{ "tftp", 69, WSK_SVC_UDP },
	{ "http", 80, WSK_SVC_TCP },
	{ "kerberos", 88, WSK_SVC_TCP | WSK_SVC_UDP },
	{ "ntp", 123, WSK_SVC_UDP },
	{ "ldap", 389, WSK_SVC_TCP | WSK_SVC_UDP },
	{ "https", 443, WSK_SVC_TCP | WSK_SVC_UDP },
	{ "microsoft-ds", 445, WSK_SVC_TCP },
	{ "nfs", 2049, WSK_SVC_TCP | WSK_SVC_UDP },
	{ "iscsi-target", 3260, WSK_SVC_TCP },
	{ "nbd", 10809, WSK_SVC_TCP },
};

#define WSK_AI_FLAGS	(WSK_AI_PASSIVE | WSK_AI_CANONNAME | WSK_AI_NUMERICHOST | \
			 WSK_AI_NUMERICSERV)
#define WSK_NI_FLAGS	(WSK_NI_NOFQDN | WSK_NI_NUMERICHOST | WSK_NI_NAMEREQD | \
			 WSK_NI_NUMERICSERV | WSK_NI_DGRAM)

/* The most addresses taken from one DNS answer (each gives up to two results). */
#define WSK_AI_DNS_ADDRS	(WSK_RESOLVE_RESULTS_MAX / ARRAY_SIZE(wsk_ai_transports))

/*
 * Lookups with the DNS resolver at once, for all clients together. Each holds a worker of its
 * client's queue until the upcall's helper answers, and the /dev/wsk files share one queue,
 * whose workers their closes and services need too (client.c): a file's lookups must never
 * take them all.
 */
#define WSK_AI_PENDING_MAX	32
static atomic_t wsk_ai_pending = ATOMIC_INIT(0);

/* One address of a lookup, before the port and transports make results of it. */
struct wsk_ai_addr {
	int family;
	u32 scope_id;
	union {
		__be32 v4;
		struct in6_addr v6;
	};
};

/* A checked query: the hints, the service's port and transports, the canonical name. */
struct wsk_ai_query {
	int flags;
	int family;
	int socktype;
	int protocol;
	u16 port;
	u8 transports;
	const char *canon;	/* NULL without WSK_AI_CANONNAME */
	size_t canon_len;
};

/* A lookup waiting for the DNS resolver, on the client's queue. */
struct wsk_ai_job {
	struct work_struct work;
	struct wsk_client *client;
	struct wsk_request *req;
	struct wsk_addrinfo **result;
	wsk_resolve_dns_fn dns;
	struct wsk_ai_query q;
	struct wsk_ai_addr addrs[WSK_AI_DNS_ADDRS];
	size_t len;
	char name[WSK_NAME_MAX + 1];
};

#if IS_ENABLED(CONFIG_KUNIT)
/* KUnit's stand-in for the DNS resolver; NULL: the real one. */
wsk_resolve_dns_fn wsk_resolve_dns_hook;
EXPORT_SYMBOL_IF_KUNIT(wsk_resolve_dns_hook);
#endif

#if IS_REACHABLE(CONFIG_DNS_RESOLVER)
/* A plain host name query: the answer is a list of addresses, separated by commas. */
static int wsk_ai_dns_query(struct net *net, const char *name, size_t len, char **answer)
{
	return dns_query(net, NULL, name, len, NULL, answer, NULL, false);
}
#endif

/* The resolver for names, or NULL if the kernel has none. */
static wsk_resolve_dns_fn wsk_ai_dns(void)
{
#if IS_ENABLED(CONFIG_KUNIT)
	wsk_resolve_dns_fn hook = READ_ONCE(wsk_resolve_dns_hook);

	if (hook)
		return hook;
#endif
#if IS_REACHABLE(CONFIG_DNS_RESOLVER)
	return wsk_ai_dns_query;
#else
	return NULL;
#endif
}

/* A string of 1 to @max decimal digits, and nothing else, as a number. */
static bool wsk_ai_number(const char *s, size_t len, unsigned int max_digits, u64 *val)
{
	size_t i;

	if (!len || len > max_digits)
		return false;
	*val = 0;
	for (i = 0; i < len; i++) {
		if (!isdigit(s[i]))
			return false;
		*val = *val * 10 + (s[i] - '0');
	}
	return true;
}

/* The service: its port and the transports it exists for. */
static wsk_status_t wsk_ai_service(struct wsk_ai_query *q, const char *service)
{
	size_t len, i;
	u64 port;

	q->transports = WSK_SVC_TCP | WSK_SVC_UDP;
	if (!service)
		return WSK_ST(WSK_STATUS_SUCCESS);
	len = strnlen(service, WSK_SERVICE_MAX);
	if (!len || len == WSK_SERVICE_MAX)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (wsk_ai_number(service, len, 5, &port)) {
		if (port > U16_MAX)
			return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
		q->port = port;
		return WSK_ST(WSK_STATUS_SUCCESS);
	}
	if (q->flags & WSK_AI_NUMERICSERV)
		return WSK_ST(WSK_STATUS_NOT_FOUND);
	for (i = 0; i < ARRAY_SIZE(wsk_services); i++) {
		if (!strcmp(service, wsk_services[i].name)) {
			q->port = wsk_services[i].port;
			q->transports = wsk_services[i].transports;
			return WSK_ST(WSK_STATUS_SUCCESS);
		}
	}
	return WSK_ST(WSK_STATUS_NOT_FOUND);
}

/* The transports of @mask the hints and the service allow. */
static u8 wsk_ai_allowed(const struct wsk_ai_query *q, u8 mask)
{
	u8 ok = 0;
	size_t t;

	for (t = 0; t < ARRAY_SIZE(wsk_ai_transports); t++) {
		if (q->socktype && q->socktype != wsk_ai_transports[t].type)
			continue;
		if (q->protocol && q->protocol != wsk_ai_transports[t].protocol)
			continue;
		ok |= wsk_ai_transports[t].bit & mask;
	}
	return ok;
}

static wsk_status_t wsk_ai_hints(struct wsk_ai_query *q, const struct wsk_addrinfo *hints)
{
	if (!hints)
		return WSK_ST(WSK_STATUS_SUCCESS);
	/* As GetAddrInfoExW: the members that are not hints must be 0 or NULL. */
	if (hints->ai_addrlen || hints->ai_canonname || hints->ai_addr || hints->ai_next)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (hints->ai_flags & ~WSK_AI_FLAGS)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (hints->ai_family && hints->ai_family != AF_INET && hints->ai_family != AF_INET6)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	q->flags = hints->ai_flags;
	q->family = hints->ai_family;
	q->socktype = hints->ai_socktype;
	q->protocol = hints->ai_protocol;
	/* A type or protocol of no transport wsk has, or a type and protocol that disagree. */
	if (!wsk_ai_allowed(q, WSK_SVC_TCP | WSK_SVC_UDP))
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/* A numeric IPv6 address, with an optional scope: a number or an interface's name. */
static wsk_status_t wsk_ai_ipv6(struct wsk_client *client, const char *node, size_t len,
				struct wsk_ai_addr *a)
{
	const char *pct = strnchr(node, len, '%');
	size_t alen = pct ? pct - node : len;
	struct net_device *dev;
	const char *end;
	u64 scope;

	if (!in6_pton(node, alen, a->v6.s6_addr, -1, &end) || end != node + alen)
		return WSK_ST(WSK_STATUS_NOT_FOUND);
	a->family = AF_INET6;
	a->scope_id = 0;
	if (!pct)
		return WSK_ST(WSK_STATUS_SUCCESS);
	pct++;
	len -= alen + 1;
	if (wsk_ai_number(pct, len, 10, &scope)) {
		if (scope > U32_MAX)
			return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
		a->scope_id = scope;
		return WSK_ST(WSK_STATUS_SUCCESS);
	}
	if (!len || len >= IFNAMSIZ)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	rcu_read_lock();
	dev = dev_get_by_name_rcu(client->net, pct);
	if (dev)
		a->scope_id = dev->ifindex;
	rcu_read_unlock();
	return a->scope_id ? WSK_ST(WSK_STATUS_SUCCESS) : WSK_ST(WSK_STATUS_NOT_FOUND);
}

/* Whether @node may be a host name: letters, digits, '-', '_' and '.', not leading. */
static bool wsk_ai_host_name(const char *node, size_t len)
{
	size_t i;

	if (node[0] == '.' || node[0] == '-')
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(node[i]) && node[i] != '-' && node[i] != '_' && node[i] != '.')
			return false;
	return true;
}

/*
 * The loopback or wildcard addresses, IPv6 first (the order of RFC 6724's default policy
 * table, which getaddrinfo() follows for them).
 */
static unsigned int wsk_ai_local(struct wsk_ai_addr *a, bool wildcard)
{
	memset(a, 0, 2 * sizeof(*a));
	a[0].family = AF_INET6;
	a[0].v6 = wildcard ? in6addr_any : in6addr_loopback;
	a[1].family = AF_INET;
	a[1].v4 = htonl(wildcard ? INADDR_ANY : INADDR_LOOPBACK);
	return 2;
}

/*
 * The results: one per address of the hinted family and transport allowed, in that order,
 * in one allocation.
 */
static wsk_status_t wsk_ai_build(const struct wsk_ai_query *q, const struct wsk_ai_addr *addrs,
				 unsigned int naddrs, struct wsk_addrinfo **result)
{
	u8 allowed = wsk_ai_allowed(q, q->transports);
	struct sockaddr_in6 *slot;
	struct wsk_addrinfo *ai;
	unsigned int i, n = 0, k = 0;
	size_t t;

	for (i = 0; i < naddrs; i++)
		if (!q->family || q->family == addrs[i].family)
			n += hweight8(allowed);
	n = min_t(unsigned int, n, WSK_RESOLVE_RESULTS_MAX);
	if (!n)
		return WSK_ST(WSK_STATUS_NOT_FOUND);
	ai = kzalloc(n * (sizeof(*ai) + sizeof(*slot)) + (q->canon ? q->canon_len + 1 : 0),
		     GFP_KERNEL);
	if (!ai)
		return WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES);
	slot = (struct sockaddr_in6 *)(ai + n);

	for (i = 0; i < naddrs && k < n; i++) {
		if (q->family && q->family != addrs[i].family)
			continue;
		for (t = 0; t < ARRAY_SIZE(wsk_ai_transports) && k < n; t++) {
			struct wsk_addrinfo *e = &ai[k];

			if (!(allowed & wsk_ai_transports[t].bit))
				continue;
			e->ai_family = addrs[i].family;
			e->ai_socktype = wsk_ai_transports[t].type;
			e->ai_protocol = wsk_ai_transports[t].protocol;
			e->ai_addr = (struct sockaddr *)&slot[k];
			if (addrs[i].family == AF_INET) {
				struct sockaddr_in *sin = (struct sockaddr_in *)&slot[k];

				sin->sin_family = AF_INET;
				sin->sin_port = htons(q->port);
				sin->sin_addr.s_addr = addrs[i].v4;
				e->ai_addrlen = sizeof(*sin);
			} else {
				slot[k].sin6_family = AF_INET6;
				slot[k].sin6_port = htons(q->port);
				slot[k].sin6_addr = addrs[i].v6;
				slot[k].sin6_scope_id = addrs[i].scope_id;
				e->ai_addrlen = sizeof(slot[k]);
			}
			if (k)
				ai[k - 1].ai_next = e;
			k++;
		}
	}
	if (q->canon) {
		char *canon = (char *)(slot + n);

		memcpy(canon, q->canon, q->canon_len);
		ai->ai_canonname = canon;
	}
	*result = ai;
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/*
 * The addresses of a DNS answer: IPv4 and IPv6 addresses separated by commas (or blanks);
 * anything else in it is skipped. At most @max.
 */
static unsigned int wsk_ai_parse_answer(const char *answer, struct wsk_ai_addr *addrs,
					unsigned int max)
{
	unsigned int n = 0;
	const char *end;

	while (*answer && n < max) {
		size_t len = strcspn(answer, ", \t\n");
		struct wsk_ai_addr *a = &addrs[n];

		memset(a, 0, sizeof(*a));
		if (len && in4_pton(answer, len, (u8 *)&a->v4, -1, &end) &&
		    end == answer + len) {
			a->family = AF_INET;
			n++;
		} else if (len && in6_pton(answer, len, a->v6.s6_addr, -1, &end) &&
			   end == answer + len) {
			a->family = AF_INET6;
			n++;
		}
		answer += len;
		if (*answer)
			answer++;
	}
	return n;
}

static void wsk_ai_work(struct work_struct *work)
{
	struct wsk_ai_job *job = container_of(work, struct wsk_ai_job, work);
	struct wsk_client *client = job->client;
	struct wsk_request *req = job->req;
	unsigned int naddrs = 0;
	char *answer = NULL;
	wsk_status_t st;
	int ret;

	ret = job->dns(client->net, job->name, job->len, &answer);
	if (ret >= 0 && answer) {
		naddrs = wsk_ai_parse_answer(answer, job->addrs, ARRAY_SIZE(job->addrs));
		kfree(answer);
	}
	if (naddrs)
		st = wsk_ai_build(&job->q, job->addrs, naddrs, job->result);
	else if (ret == -ENOMEM || ret == -EDQUOT)
		st = WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES);
	else
		/* No such name, a lookup that failed, no helper that answered, no address. */
		st = WSK_ST(WSK_STATUS_NOT_FOUND);
	kfree(job);
	atomic_dec(&wsk_ai_pending);
	/* The request completes while the client is still live: wsk_deregister() waits. */
	wsk_complete(req, st, 0);
	wsk_client_put_live(client);
}

/* Hand a name to the DNS resolver, in a work item of the client's. */
static wsk_status_t wsk_ai_queue(struct wsk_client *client, const struct wsk_ai_query *q,
				 const char *name, size_t len, wsk_resolve_dns_fn dns,
				 struct wsk_addrinfo **result, struct wsk_request *req)
{
	struct wsk_ai_job *job;

	if (atomic_inc_return(&wsk_ai_pending) > WSK_AI_PENDING_MAX) {
		atomic_dec(&wsk_ai_pending);
		return wsk_fail(req, WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES));
	}
	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job) {
		atomic_dec(&wsk_ai_pending);
		return wsk_fail(req, WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES));
	}
	if (!wsk_client_get_live(client)) {
		kfree(job);
		atomic_dec(&wsk_ai_pending);
		return wsk_fail(req, WSK_ST(WSK_STATUS_DEVICE_NOT_READY));
	}
	job->client = client;
	job->req = req;
	job->result = result;
	job->dns = dns;
	job->q = *q;
	memcpy(job->name, name, len);
	job->len = len;
	if (q->canon)
		job->q.canon = job->name;
	INIT_WORK(&job->work, wsk_ai_work);
	/* From here on the request may complete at any moment. */
	queue_work(client->wq, &job->work);
	return WSK_ST(WSK_STATUS_PENDING);
}

wsk_status_t wsk_get_address_info(struct wsk_client *client, const char *node,
				  const char *service, u32 name_space,
				  const struct wsk_addrinfo *hints, struct wsk_addrinfo **result,
				  struct wsk_request *req)
{
	struct wsk_ai_query q = {};
	struct wsk_ai_addr addrs[2];
	unsigned int naddrs;
	wsk_resolve_dns_fn dns;
	const char *end;
	wsk_status_t st;
	size_t len = 0;

	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	might_sleep();
	if (!client || !result)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	*result = NULL;
	if (name_space != WSK_NS_ALL && name_space != WSK_NS_DNS)
		return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	st = wsk_ai_hints(&q, hints);
	if (st)
		return wsk_fail(req, st);
	if (!node && !service)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (node) {
		len = strnlen(node, WSK_NAME_MAX + 1);
		if (!len || len > WSK_NAME_MAX)
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
		if (q.flags & WSK_AI_CANONNAME) {
			q.canon = node;
			q.canon_len = len;
		}
	} else if (q.flags & WSK_AI_CANONNAME) {
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	}
	st = wsk_ai_service(&q, service);
	if (st)
		return wsk_fail(req, st);
	/* A service that none of the hinted transports has (tftp over TCP). */
	if (!wsk_ai_allowed(&q, q.transports))
		return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_FOUND));

	if (!node) {
		naddrs = wsk_ai_local(addrs, q.flags & WSK_AI_PASSIVE);
	} else if (in4_pton(node, len, (u8 *)&addrs[0].v4, -1, &end) && end == node + len) {
		addrs[0].family = AF_INET;
		addrs[0].scope_id = 0;
		naddrs = 1;
	} else if (strnchr(node, len, ':')) {
		st = wsk_ai_ipv6(client, node, len, &addrs[0]);
		if (st)
			return wsk_fail(req, st);
		naddrs = 1;
	} else if (q.flags & WSK_AI_NUMERICHOST) {
		return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_FOUND));
	} else if (!wsk_ai_host_name(node, len)) {
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	} else if (!strcasecmp(node, "localhost")) {
		/* RFC 6761 6.3: localhost is the loopback addresses, never a lookup. */
		naddrs = wsk_ai_local(addrs, false);
	} else {
		dns = wsk_ai_dns();
		if (!dns)
			return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_SUPPORTED));
		return wsk_ai_queue(client, &q, node, len, dns, result, req);
	}
	return wsk_fail(req, wsk_ai_build(&q, addrs, naddrs, result));
}
EXPORT_SYMBOL_GPL(wsk_get_address_info);

void wsk_free_address_info(struct wsk_client *client, struct wsk_addrinfo *result)
{
	kfree(result);
}
EXPORT_SYMBOL_GPL(wsk_free_address_info);

/* The name of @port in the table, for the transport @bit, or NULL. */
static const char *wsk_ni_service(u16 port, u8 bit)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(wsk_services); i++)
		if (wsk_services[i].port == port && (wsk_services[i].transports & bit))
			return wsk_services[i].name;
	return NULL;
}

wsk_status_t wsk_get_name_info(struct wsk_client *client, const struct sockaddr *sa,
			       size_t salen, char *host, size_t hostlen, char *serv,
			       size_t servlen, u32 flags, struct wsk_request *req)
{
	/* "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255%4294967295" fits */
	char h[64], s[WSK_SERVICE_MAX];
	const char *name = NULL;
	u16 port;

	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (!client || !sa || salen < sizeof(sa->sa_family) || (!host && !serv) ||
	    (flags & ~WSK_NI_FLAGS))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

		snprintf(h, sizeof(h), "%pI4", &sin->sin_addr);
		port = ntohs(sin->sin_port);
	} else if (sa->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
		int n = snprintf(h, sizeof(h), "%pI6c", &sin6->sin6_addr);

		if (sin6->sin6_scope_id)
			snprintf(h + n, sizeof(h) - n, "%%%u", sin6->sin6_scope_id);
		port = ntohs(sin6->sin6_port);
	} else {
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	}
	/* The kernel's DNS resolver has no reverse lookup: a name required is not there. */
	if (host && (flags & WSK_NI_NAMEREQD) && !(flags & WSK_NI_NUMERICHOST))
		return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_FOUND));
	if (!(flags & WSK_NI_NUMERICSERV))
		name = wsk_ni_service(port, flags & WSK_NI_DGRAM ? WSK_SVC_UDP : WSK_SVC_TCP);
	if (name)
		strscpy(s, name, sizeof(s));
	else
		snprintf(s, sizeof(s), "%u", port);
	if ((host && strlen(h) >= hostlen) || (serv && strlen(s) >= servlen))
		return wsk_fail(req, WSK_ST(WSK_STATUS_BUFFER_OVERFLOW));
	if (host)
		strscpy(host, h, hostlen);
	if (serv)
		strscpy(serv, s, servlen);
	return wsk_fail(req, WSK_ST(WSK_STATUS_SUCCESS));
}
EXPORT_SYMBOL_GPL(wsk_get_name_info);
