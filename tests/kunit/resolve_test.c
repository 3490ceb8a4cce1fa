// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "wsk_resolve": WskGetAddressInfo, WskFreeAddressInfo and WskGetNameInfo.
 * Numeric IPv4 and IPv6 hosts (with scopes), ports and service names, hints, the NULL node and
 * "localhost", AI_CANONNAME, every failure status, and names through a stand-in for the DNS
 * resolver (wsk_resolve_dns_hook): its answers, its errors, and wsk_deregister() waiting for
 * a lookup that is still with it.
 */

#include "compat.h"
#include "core.h"
#include "harness.h"
#include "suites.h"

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/kthread.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>

/* A request that counts its completions. */
struct rt_req {
	struct wsk_request req;
	struct completion done;
	atomic_t calls;
	bool seen_by_dereg;	/* completed before wsk_deregister() returned */
};

static void rt_complete(struct wsk_request *req)
{
	struct rt_req *r = container_of(req, struct rt_req, req);

	atomic_inc(&r->calls);
	complete(&r->done);
}

static void rt_init(struct rt_req *r)
{
	wsk_request_init(&r->req, rt_complete, r);
	init_completion(&r->done);
	atomic_set(&r->calls, 0);
}

/* The stand-in resolver: what it was asked, what it answers, and whether it waits first. */
static struct {
	spinlock_t lock;	/* what the lookups record; several may run at once */
	char name[WSK_NAME_MAX + 1];
	struct net *net;
	int calls;
	const char *answer;
	int err;
	bool block;
	struct completion entered;
	struct completion release;
} rt_dns;

static int rt_dns_query(struct net *net, const char *name, size_t len, char **answer)
{
	spin_lock(&rt_dns.lock);
	rt_dns.calls++;
	rt_dns.net = net;
	memcpy(rt_dns.name, name, min_t(size_t, len, WSK_NAME_MAX));
	rt_dns.name[min_t(size_t, len, WSK_NAME_MAX)] = '\0';
	spin_unlock(&rt_dns.lock);
	if (rt_dns.block) {
		complete(&rt_dns.entered);
		wait_for_completion(&rt_dns.release);
	}
	if (rt_dns.err)
		return rt_dns.err;
	*answer = kstrdup(rt_dns.answer, GFP_KERNEL);
	return *answer ? strlen(*answer) : -ENOMEM;
}

static int rt_init_test(struct kunit *test)
{
	memset(&rt_dns, 0, sizeof(rt_dns));
	spin_lock_init(&rt_dns.lock);
	init_completion(&rt_dns.entered);
	init_completion(&rt_dns.release);
	return wt_init(test);
}

static void rt_exit_test(struct kunit *test)
{
	WRITE_ONCE(wsk_resolve_dns_hook, NULL);
	wt_exit(test);
}

/*
 * wsk_get_address_info() with hints, waited for: the final status. The request must
 * complete exactly once, with what the call returned unless it returned PENDING.
 */
static wsk_status_t rt_gai_ns(struct kunit *test, const char *node, const char *service,
			      u32 ns, const struct wsk_addrinfo *hints,
			      struct wsk_addrinfo **res)
{
	struct rt_req r;
	wsk_status_t st;

	rt_init(&r);
	*res = (void *)1;
	st = wsk_get_address_info(wt_env(test)->client, node, service, ns, hints, res, &r.req);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&r.done, WT_TIMEOUT), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 1);
	if (st != WSK_ST(WSK_STATUS_PENDING))
		KUNIT_EXPECT_EQ(test, st, r.req.status);
	KUNIT_EXPECT_EQ(test, r.req.information, 0UL);
	if (r.req.status)
		KUNIT_EXPECT_PTR_EQ(test, *res, NULL);
	else
		KUNIT_EXPECT_NOT_NULL(test, *res);
	return r.req.status;
}

static wsk_status_t rt_gai(struct kunit *test, const char *node, const char *service,
			   const struct wsk_addrinfo *hints, struct wsk_addrinfo **res)
{
	return rt_gai_ns(test, node, service, WSK_NS_ALL, hints, res);
}

/* The status alone, the list (if any) freed. */
static wsk_status_t rt_gai_st(struct kunit *test, const char *node, const char *service,
			      int flags, int family, int socktype, int protocol)
{
	struct wsk_addrinfo hints = {
		.ai_flags = flags, .ai_family = family,
		.ai_socktype = socktype, .ai_protocol = protocol,
	};
	struct wsk_addrinfo *res;
	wsk_status_t st;

	st = rt_gai(test, node, service, &hints, &res);
	if (!st)
		wsk_free_address_info(wt_env(test)->client, res);
	return st;
}

/* Lookups expected to end with a status (the list, if any, freed). */
struct rt_case {
	const char *node;
	const char *service;
	int flags;
	int family;
	int socktype;
	int protocol;
	u32 status;
};

static void rt_check(struct kunit *test, const struct rt_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, rt_gai_st(test, c[i].node, c[i].service, c[i].flags,
						    c[i].family, c[i].socktype, c[i].protocol),
				    WSK_ST(c[i].status), "node %s service %s",
				    c[i].node ?: "NULL", c[i].service ?: "NULL");
}

static unsigned int rt_count(const struct wsk_addrinfo *ai)
{
	unsigned int n = 0;

	for (; ai; ai = ai->ai_next)
		n++;
	return n;
}

/* One result: family, transport, address (text) and port. */
static void rt_expect(struct kunit *test, const struct wsk_addrinfo *ai, int family,
		      int socktype, const char *addr, u16 port, u32 scope)
{
	KUNIT_ASSERT_NOT_NULL(test, ai);
	KUNIT_EXPECT_EQ(test, ai->ai_flags, 0);
	KUNIT_EXPECT_EQ(test, ai->ai_family, family);
	KUNIT_EXPECT_EQ(test, ai->ai_socktype, socktype);
	KUNIT_EXPECT_EQ(test, ai->ai_protocol,
			socktype == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP);
	KUNIT_ASSERT_NOT_NULL(test, ai->ai_addr);
	KUNIT_EXPECT_EQ(test, ai->ai_addr->sa_family, family);
	if (family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ai->ai_addr;
		__be32 want;

		KUNIT_EXPECT_EQ(test, ai->ai_addrlen, sizeof(*sin));
		KUNIT_ASSERT_EQ(test, in4_pton(addr, -1, (u8 *)&want, -1, NULL), 1);
		KUNIT_EXPECT_TRUE(test, sin->sin_addr.s_addr == want);
		KUNIT_EXPECT_EQ(test, ntohs(sin->sin_port), port);
	} else {
		const struct sockaddr_in6 *sin6 = (const void *)ai->ai_addr;
		struct in6_addr want;

		KUNIT_EXPECT_EQ(test, ai->ai_addrlen, sizeof(*sin6));
		KUNIT_ASSERT_EQ(test, in6_pton(addr, -1, want.s6_addr, -1, NULL), 1);
		KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&sin6->sin6_addr, &want));
		KUNIT_EXPECT_EQ(test, ntohs(sin6->sin6_port), port);
		KUNIT_EXPECT_EQ(test, sin6->sin6_scope_id, scope);
	}
}

/* One lookup that must succeed: its first result, checked; the list freed. */
static void rt_first(struct kunit *test, const char *node, const char *service,
		     const struct wsk_addrinfo *hints, int family, int socktype, const char *addr,
		     u16 port, u32 scope)
{
	struct wsk_addrinfo *res;

	KUNIT_ASSERT_EQ(test, rt_gai(test, node, service, hints, &res), 0);
	rt_expect(test, res, family, socktype, addr, port, scope);
	wsk_free_address_info(wt_env(test)->client, res);
}

static const struct rt_case rt_numeric_ipv4_cases[] = {
	{ "127.1", "1", WSK_AI_NUMERICHOST, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "1.2.3.4.5", "1", WSK_AI_NUMERICHOST, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "1.2.3.256", "1", WSK_AI_NUMERICHOST, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "1.2.3.4x", "1", WSK_AI_NUMERICHOST, 0, 0, 0, WSK_STATUS_NOT_FOUND },
};

static void resolve_numeric_ipv4(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_addrinfo *res;

	KUNIT_ASSERT_EQ(test, rt_gai(test, "192.0.2.1", "80", NULL, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), 2U);
	rt_expect(test, res, AF_INET, SOCK_STREAM, "192.0.2.1", 80, 0);
	rt_expect(test, res->ai_next, AF_INET, SOCK_DGRAM, "192.0.2.1", 80, 0);
	KUNIT_EXPECT_PTR_EQ(test, res->ai_canonname, NULL);
	wsk_free_address_info(client, res);

	/* Only the dotted quad; a short form, a fifth part or a trailer is no number. */
	rt_check(test, rt_numeric_ipv4_cases, ARRAY_SIZE(rt_numeric_ipv4_cases));
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "255.255.255.255", NULL, WSK_AI_NUMERICHOST,
					AF_INET, 0, 0), 0);
}

static const struct rt_case rt_numeric_ipv6_cases[] = {
	{ "fe80::1%4294967296", "1", 0, 0, 0, 0, WSK_STATUS_INVALID_PARAMETER },
	{ "fe80::1%", "1", 0, 0, 0, 0, WSK_STATUS_INVALID_PARAMETER },
	{ "fe80::1%averyverylongname", "1", 0, 0, 0, 0, WSK_STATUS_INVALID_PARAMETER },
	{ "fe80::1%nosuchif0", "1", 0, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "2001:db8::g", "1", 0, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "1:2:3:4:5:6:7:8:9", "1", 0, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "[::1]", "1", 0, 0, 0, 0, WSK_STATUS_NOT_FOUND },
};

static void resolve_numeric_ipv6(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct wsk_addrinfo *res;

	KUNIT_ASSERT_EQ(test, rt_gai(test, "2001:db8::1", "443", &hints, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), 1U);
	rt_expect(test, res, AF_INET6, SOCK_STREAM, "2001:db8::1", 443, 0);
	wsk_free_address_info(client, res);

	rt_first(test, "::ffff:192.0.2.1", "1", &hints,
		 AF_INET6, SOCK_STREAM, "::ffff:192.0.2.1", 1, 0);

	/* Scopes: a number, or an interface of the client's namespace. */
	rt_first(test, "fe80::1%7", "1", &hints, AF_INET6, SOCK_STREAM, "fe80::1", 1, 7);
	rt_first(test, "fe80::1%4294967295", "1", &hints,
		 AF_INET6, SOCK_STREAM, "fe80::1", 1, U32_MAX);
	rt_first(test, "fe80::1%lo", "1", &hints,
		 AF_INET6, SOCK_STREAM, "fe80::1", 1, init_net.loopback_dev->ifindex);

	rt_check(test, rt_numeric_ipv6_cases, ARRAY_SIZE(rt_numeric_ipv6_cases));
}

static const struct rt_case rt_ports_and_services_cases[] = {
	{ "192.0.2.1", "tftp", 0, 0, SOCK_STREAM, 0, WSK_STATUS_NOT_FOUND },
	{ "192.0.2.1", "http", WSK_AI_NUMERICSERV, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "192.0.2.1", "HTTP", 0, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "192.0.2.1", "nosuchservice", 0, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "192.0.2.1", "-1", 0, 0, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "192.0.2.1", "80", WSK_AI_NUMERICSERV, 0, 0, 0, 0 },
	{ "192.0.2.1", "65536", 0, 0, 0, 0, WSK_STATUS_INVALID_PARAMETER },
	{ "192.0.2.1", "99999", 0, 0, 0, 0, WSK_STATUS_INVALID_PARAMETER },
	{ "192.0.2.1", "", 0, 0, 0, 0, WSK_STATUS_INVALID_PARAMETER },
};

static void resolve_ports_and_services(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_addrinfo *res;
	char longname[WSK_SERVICE_MAX + 1];

	rt_first(test, "192.0.2.1", NULL, NULL, AF_INET, SOCK_STREAM, "192.0.2.1", 0, 0);
	rt_first(test, "192.0.2.1", "65535", NULL, AF_INET, SOCK_STREAM, "192.0.2.1", 65535, 0);
	rt_first(test, "192.0.2.1", "0080", NULL, AF_INET, SOCK_STREAM, "192.0.2.1", 80, 0);

	/* Names: http is TCP only, tftp UDP only, https both. */
	KUNIT_ASSERT_EQ(test, rt_gai(test, "192.0.2.1", "http", NULL, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), 1U);
	rt_expect(test, res, AF_INET, SOCK_STREAM, "192.0.2.1", 80, 0);
	wsk_free_address_info(client, res);
	KUNIT_ASSERT_EQ(test, rt_gai(test, "192.0.2.1", "tftp", NULL, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), 1U);
	rt_expect(test, res, AF_INET, SOCK_DGRAM, "192.0.2.1", 69, 0);
	wsk_free_address_info(client, res);
	KUNIT_ASSERT_EQ(test, rt_gai(test, "192.0.2.1", "https", NULL, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), 2U);
	rt_expect(test, res->ai_next, AF_INET, SOCK_DGRAM, "192.0.2.1", 443, 0);
	wsk_free_address_info(client, res);

	rt_check(test, rt_ports_and_services_cases, ARRAY_SIZE(rt_ports_and_services_cases));
	memset(longname, 'a', WSK_SERVICE_MAX);
	longname[WSK_SERVICE_MAX] = '\0';
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "192.0.2.1", longname, 0, 0, 0, 0),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	longname[WSK_SERVICE_MAX - 1] = '\0';
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "192.0.2.1", longname, 0, 0, 0, 0),
			WSK_ST(WSK_STATUS_NOT_FOUND));
}

static const struct rt_case rt_hints_cases[] = {
	/* The family hint filters, and an address of the other family is not found. */
	{ "192.0.2.1", "1", 0, AF_INET6, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "::1", "1", 0, AF_INET, 0, 0, WSK_STATUS_NOT_FOUND },
	{ "::1", "1", 0, AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 0 },
	/* Hints wsk has no transport for, unknown flags. */
	{ "::1", "1", 0, 0, SOCK_STREAM, IPPROTO_UDP, WSK_STATUS_INVALID_PARAMETER },
	{ "::1", "1", 0, 0, SOCK_RAW, 0, WSK_STATUS_INVALID_PARAMETER },
	{ "::1", "1", 0, 0, 0, IPPROTO_SCTP, WSK_STATUS_INVALID_PARAMETER },
	{ "::1", "1", 0, AF_UNIX, 0, 0, WSK_STATUS_INVALID_PARAMETER },
	{ "::1", "1", 0x100, 0, 0, 0, WSK_STATUS_INVALID_PARAMETER },
};

static void resolve_hints(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_addrinfo hints = {};
	struct wsk_addrinfo *res;

	hints.ai_socktype = SOCK_DGRAM;
	KUNIT_ASSERT_EQ(test, rt_gai(test, "192.0.2.1", "53", &hints, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), 1U);
	rt_expect(test, res, AF_INET, SOCK_DGRAM, "192.0.2.1", 53, 0);
	wsk_free_address_info(client, res);
	hints.ai_socktype = 0;
	hints.ai_protocol = IPPROTO_TCP;
	KUNIT_ASSERT_EQ(test, rt_gai(test, "192.0.2.1", "53", &hints, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), 1U);
	rt_expect(test, res, AF_INET, SOCK_STREAM, "192.0.2.1", 53, 0);
	wsk_free_address_info(client, res);

	rt_check(test, rt_hints_cases, ARRAY_SIZE(rt_hints_cases));
	/* Members that must be empty. */
	hints = (struct wsk_addrinfo){ .ai_addrlen = 16 };
	KUNIT_EXPECT_EQ(test, rt_gai(test, "::1", "1", &hints, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	hints = (struct wsk_addrinfo){ .ai_next = &hints };
	KUNIT_EXPECT_EQ(test, rt_gai(test, "::1", "1", &hints, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	hints = (struct wsk_addrinfo){ .ai_canonname = "x" };
	KUNIT_EXPECT_EQ(test, rt_gai(test, "::1", "1", &hints, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	hints = (struct wsk_addrinfo){ .ai_addr = (struct sockaddr *)&hints };
	KUNIT_EXPECT_EQ(test, rt_gai(test, "::1", "1", &hints, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	/* Name spaces: NS_ALL and NS_DNS. */
	KUNIT_ASSERT_EQ(test, rt_gai_ns(test, "::1", "1", WSK_NS_DNS, NULL, &res), 0);
	wsk_free_address_info(client, res);
	KUNIT_EXPECT_EQ(test, rt_gai_ns(test, "::1", "1", 13, NULL, &res),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
}

static void resolve_passive_and_loopback(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_addrinfo hints = { .ai_flags = WSK_AI_PASSIVE };
	struct wsk_addrinfo *res;
	static const char * const local[] = { NULL, "localhost", "LocalHost" };
	unsigned int i;

	KUNIT_ASSERT_EQ(test, rt_gai(test, NULL, "80", &hints, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), 4U);
	rt_expect(test, res, AF_INET6, SOCK_STREAM, "::", 80, 0);
	rt_expect(test, res->ai_next, AF_INET6, SOCK_DGRAM, "::", 80, 0);
	rt_expect(test, res->ai_next->ai_next, AF_INET, SOCK_STREAM, "0.0.0.0", 80, 0);
	rt_expect(test, res->ai_next->ai_next->ai_next, AF_INET, SOCK_DGRAM, "0.0.0.0", 80, 0);
	wsk_free_address_info(client, res);

	for (i = 0; i < ARRAY_SIZE(local); i++) {
		KUNIT_ASSERT_EQ(test, rt_gai(test, local[i], "7", NULL, &res), 0);
		KUNIT_EXPECT_EQ(test, rt_count(res), 4U);
		rt_expect(test, res, AF_INET6, SOCK_STREAM, "::1", 7, 0);
		rt_expect(test, res->ai_next->ai_next, AF_INET, SOCK_STREAM, "127.0.0.1", 7, 0);
		wsk_free_address_info(client, res);
	}
	/* AI_PASSIVE only changes a NULL node. */
	rt_first(test, "localhost", "7", &hints, AF_INET6, SOCK_STREAM, "::1", 7, 0);
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, NULL, "7", WSK_AI_PASSIVE, AF_INET, SOCK_DGRAM, 0),
			0);
	/* localhost is a name: not with AI_NUMERICHOST. */
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "localhost", "7", WSK_AI_NUMERICHOST, 0, 0, 0),
			WSK_ST(WSK_STATUS_NOT_FOUND));
	/* The wsk_free_address_info() of nothing. */
	wsk_free_address_info(client, NULL);
}

static void resolve_canonname(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_addrinfo hints = { .ai_flags = WSK_AI_CANONNAME };
	struct wsk_addrinfo *res;

	KUNIT_ASSERT_EQ(test, rt_gai(test, "192.0.2.1", "80", &hints, &res), 0);
	KUNIT_ASSERT_NOT_NULL(test, res->ai_canonname);
	KUNIT_EXPECT_STREQ(test, res->ai_canonname, "192.0.2.1");
	KUNIT_ASSERT_NOT_NULL(test, res->ai_next);
	KUNIT_EXPECT_PTR_EQ(test, res->ai_next->ai_canonname, NULL);
	wsk_free_address_info(client, res);

	KUNIT_ASSERT_EQ(test, rt_gai(test, "localhost", "80", &hints, &res), 0);
	KUNIT_EXPECT_STREQ(test, res->ai_canonname, "localhost");
	wsk_free_address_info(client, res);

	/* No node, no name. */
	KUNIT_EXPECT_EQ(test, rt_gai(test, NULL, "80", &hints, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
}

static void resolve_bad_input(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	char name[WSK_NAME_MAX + 2];
	struct wsk_addrinfo *res;
	struct rt_req r;

	/* No request: nothing to complete. */
	rt_init(&r);
	KUNIT_EXPECT_EQ(test, wsk_get_address_info(client, "::1", "1", 0, NULL, &res, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wsk_get_name_info(client, NULL, 0, NULL, 0, NULL, 0, 0, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* No client, no result pointer: completed with the error. */
	KUNIT_EXPECT_EQ(test, wsk_get_address_info(NULL, "::1", "1", 0, NULL, &res, &r.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 1);
	rt_init(&r);
	KUNIT_EXPECT_EQ(test, wsk_get_address_info(client, "::1", "1", 0, NULL, NULL, &r.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 1);
	KUNIT_EXPECT_EQ(test, r.req.status, WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	KUNIT_EXPECT_EQ(test, rt_gai(test, NULL, NULL, NULL, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, rt_gai(test, "", "1", NULL, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	memset(name, 'a', sizeof(name));
	name[WSK_NAME_MAX + 1] = '\0';
	KUNIT_EXPECT_EQ(test, rt_gai(test, name, "1", NULL, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, rt_gai(test, "a b", "1", NULL, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, rt_gai(test, "-x.example", "1", NULL, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, rt_gai(test, ".example", "1", NULL, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* A ':' would make the upcall's key a query of another type ("afsdb:..."). */
	KUNIT_EXPECT_EQ(test, rt_gai(test, "afsdb:x", "1", NULL, &res),
			WSK_ST(WSK_STATUS_NOT_FOUND));
	KUNIT_EXPECT_EQ(test, rt_gai(test, "h\xc3\xa9llo", "1", NULL, &res),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "example.com", "1", WSK_AI_NUMERICHOST, 0, 0, 0),
			WSK_ST(WSK_STATUS_NOT_FOUND));
	KUNIT_EXPECT_EQ(test, rt_dns.calls, 0);
}

/* Names go to the resolver, in a work item, and its answer makes the list. */
static void resolve_dns_answers(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_addrinfo hints = { .ai_flags = WSK_AI_CANONNAME };
	struct wsk_addrinfo *res, *ai;
	char name[WSK_NAME_MAX + 1], *many;
	int i;

	WRITE_ONCE(wsk_resolve_dns_hook, rt_dns_query);
	rt_dns.answer = "192.0.2.7,2001:db8::7, junk ,198.51.100.1,,";
	KUNIT_ASSERT_EQ(test, rt_gai(test, "wsk-test.invalid", "80", &hints, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_dns.calls, 1);
	KUNIT_EXPECT_STREQ(test, rt_dns.name, "wsk-test.invalid");
	KUNIT_EXPECT_PTR_EQ(test, rt_dns.net, &init_net);
	KUNIT_EXPECT_EQ(test, rt_count(res), 6U);
	KUNIT_EXPECT_STREQ(test, res->ai_canonname, "wsk-test.invalid");
	rt_expect(test, res, AF_INET, SOCK_STREAM, "192.0.2.7", 80, 0);
	rt_expect(test, res->ai_next->ai_next, AF_INET6, SOCK_STREAM, "2001:db8::7", 80, 0);
	ai = res->ai_next->ai_next->ai_next->ai_next->ai_next;
	rt_expect(test, ai, AF_INET, SOCK_DGRAM, "198.51.100.1", 80, 0);
	wsk_free_address_info(client, res);

	hints = (struct wsk_addrinfo){ .ai_family = AF_INET6 };
	KUNIT_ASSERT_EQ(test, rt_gai(test, "wsk-test.invalid", "80", &hints, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), 2U);
	rt_expect(test, res, AF_INET6, SOCK_STREAM, "2001:db8::7", 80, 0);
	KUNIT_EXPECT_PTR_EQ(test, res->ai_canonname, NULL);
	wsk_free_address_info(client, res);

	/* A name of the longest length goes through whole. */
	memset(name, 'a', WSK_NAME_MAX);
	name[WSK_NAME_MAX] = '\0';
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, name, NULL, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_STREQ(test, rt_dns.name, name);

	/* Answers without a usable address, or only of the other family. */
	rt_dns.answer = "junk";
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "wsk-test.invalid", "80", 0, 0, 0, 0),
			WSK_ST(WSK_STATUS_NOT_FOUND));
	rt_dns.answer = "";
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "wsk-test.invalid", "80", 0, 0, 0, 0),
			WSK_ST(WSK_STATUS_NOT_FOUND));
	rt_dns.answer = "192.0.2.1";
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "wsk-test.invalid", "80", 0, AF_INET6, 0, 0),
			WSK_ST(WSK_STATUS_NOT_FOUND));

	/* The resolver's errors. */
	rt_dns.err = -ENOKEY;
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "wsk-test.invalid", "80", 0, 0, 0, 0),
			WSK_ST(WSK_STATUS_NOT_FOUND));
	rt_dns.err = -EKEYREJECTED;
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "wsk-test.invalid", "80", 0, 0, 0, 0),
			WSK_ST(WSK_STATUS_NOT_FOUND));
	rt_dns.err = -ENOMEM;
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "wsk-test.invalid", "80", 0, 0, 0, 0),
			WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES));
	rt_dns.err = 0;

	/* Many addresses: the list stops at WSK_RESOLVE_RESULTS_MAX. */
	many = kunit_kzalloc(test, 100 * 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, many);
	for (i = 0; i < 100; i++)
		sprintf(many + strlen(many), "%s192.0.2.%d", i ? "," : "", i);
	rt_dns.answer = many;
	KUNIT_ASSERT_EQ(test, rt_gai(test, "wsk-test.invalid", "1", NULL, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), (unsigned int)WSK_RESOLVE_RESULTS_MAX);
	wsk_free_address_info(client, res);
	KUNIT_ASSERT_EQ(test, rt_gai(test, "wsk-test.invalid", "tftp", NULL, &res), 0);
	KUNIT_EXPECT_EQ(test, rt_count(res), (unsigned int)WSK_RESOLVE_RESULTS_MAX / 2);
	wsk_free_address_info(client, res);
}

/* Without the kernel's DNS resolver, a name cannot be looked up. */
static void resolve_no_resolver(struct kunit *test)
{
	struct wsk_addrinfo *res;
	struct rt_req r;

	if (IS_REACHABLE(CONFIG_DNS_RESOLVER))
		kunit_skip(test, "the kernel has a DNS resolver (scenario resolve tests it)");
	rt_init(&r);
	KUNIT_EXPECT_EQ(test, wsk_get_address_info(wt_env(test)->client, "wsk-test.invalid",
						   NULL, 0, NULL, &res, &r.req),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 1);
	KUNIT_EXPECT_PTR_EQ(test, res, NULL);
	/* Numeric hosts and localhost need no resolver. */
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "localhost", "1", 0, 0, 0, 0), 0);
}

struct rt_dereg {
	struct wsk_client *client;
	struct rt_req req;
	struct completion done;
	bool completed_first;
	struct wsk_addrinfo *res;
};

static int rt_dereg_thread(void *arg)
{
	struct rt_dereg *d = arg;

	wsk_deregister(d->client);
	d->completed_first = atomic_read(&d->req.calls) == 1;
	complete(&d->done);
	return 0;
}

/*
 * wsk_deregister() waits for a lookup that is still with the resolver: a client of its own
 * queue (a kernel client), and a client on a queue it shares (as /dev/wsk's files do), whose
 * deregistration does not drain the queue, so only the lookup's live count makes it wait. The
 * state lives on the heap and is freed only once the deregistration returned, so that a
 * failing check never leaves the thread with freed memory.
 */
static void rt_deregister_waits(struct kunit *test, struct workqueue_struct *wq)
{
	struct wsk_addrinfo *res2;
	struct wsk_client *client;
	struct task_struct *t;
	struct rt_dereg *d;
	struct rt_req r2;
	int i;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	if (wsk_client_register(&client, &init_net, NULL, wq, "wsk_resolve KUnit")) {
		kfree(d);
		KUNIT_FAIL(test, "wsk_register failed");
		return;
	}
	d->client = client;
	init_completion(&d->done);
	WRITE_ONCE(wsk_resolve_dns_hook, rt_dns_query);
	rt_dns.answer = "192.0.2.9";
	rt_dns.block = true;
	rt_init(&d->req);
	KUNIT_EXPECT_EQ(test, wsk_get_address_info(client, "wsk-test.invalid", "1", 0, NULL,
						   &d->res, &d->req.req),
			WSK_ST(WSK_STATUS_PENDING));
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&rt_dns.entered, WT_TIMEOUT), 0);

	t = kthread_run(rt_dereg_thread, d, "wsk-rt-dereg");
	if (IS_ERR(t)) {
		complete(&rt_dns.release);
		wait_for_completion(&d->req.done);
		wsk_free_address_info(client, d->res);
		wsk_deregister(client);
		kfree(d);
		KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(t));
		return;
	}
	/* Once the deregistration has begun, a new lookup of a name is refused. */
	for (i = 0; i < 500 && !READ_ONCE(client->deregistering); i++)
		msleep(20);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(client->deregistering));
	rt_init(&r2);
	KUNIT_EXPECT_EQ(test, wsk_get_address_info(client, "other.invalid", "1", 0, NULL,
						   &res2, &r2.req),
			WSK_ST(WSK_STATUS_DEVICE_NOT_READY));
	KUNIT_EXPECT_EQ(test, atomic_read(&r2.calls), 1);
	/* A numeric one is still answered: it holds nothing. */
	rt_init(&r2);
	KUNIT_EXPECT_EQ(test, wsk_get_address_info(client, "::1", "1", 0, NULL, &res2, &r2.req),
			WSK_ST(WSK_STATUS_SUCCESS));
	wsk_free_address_info(client, res2);

	/* The lookup is still pending, so the deregistration must still wait. */
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&d->done, HZ / 5), 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->req.calls), 0);

	complete(&rt_dns.release);
	if (!wait_for_completion_timeout(&d->done, WT_TIMEOUT)) {
		/* Leave the state to the thread that still waits. */
		KUNIT_FAIL(test, "wsk_deregister() did not return after the lookup ended");
		return;
	}
	KUNIT_EXPECT_TRUE(test, d->completed_first);
	KUNIT_EXPECT_EQ(test, d->req.req.status, WSK_ST(WSK_STATUS_SUCCESS));
	if (d->res)
		rt_expect(test, d->res, AF_INET, SOCK_STREAM, "192.0.2.9", 1, 0);
	else
		KUNIT_FAIL(test, "no result list");
	/* The list is the caller's memory: it outlives the client. */
	kfree(d->res);
	kfree(d);
}

static void resolve_deregister_waits(struct kunit *test)
{
	rt_deregister_waits(test, NULL);
}

static void resolve_deregister_waits_shared_queue(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("wsk-rt", WQ_UNBOUND, 0);

	KUNIT_ASSERT_NOT_NULL(test, wq);
	rt_deregister_waits(test, wq);
	destroy_workqueue(wq);
}

/* At most 32 lookups are with the resolver at once; the next name is refused at once. */
static void resolve_pending_cap(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_addrinfo *res[33] = {};
	struct rt_req *r;
	int i, pending = 0;

	r = kunit_kcalloc(test, ARRAY_SIZE(res), sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	WRITE_ONCE(wsk_resolve_dns_hook, rt_dns_query);
	rt_dns.answer = "192.0.2.3";
	rt_dns.block = true;
	for (i = 0; i < 32; i++) {
		rt_init(&r[i]);
		if (wsk_get_address_info(client, "wsk-test.invalid", "1", 0, NULL, &res[i],
					 &r[i].req) == WSK_ST(WSK_STATUS_PENDING))
			pending++;
	}
	KUNIT_EXPECT_EQ(test, pending, 32);
	rt_init(&r[32]);
	KUNIT_EXPECT_EQ(test, wsk_get_address_info(client, "wsk-test.invalid", "1", 0, NULL,
						   &res[32], &r[32].req),
			WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES));
	KUNIT_EXPECT_EQ(test, atomic_read(&r[32].calls), 1);
	/* Numeric hosts are not counted. */
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "192.0.2.1", "1", 0, 0, 0, 0), 0);

	complete_all(&rt_dns.release);
	for (i = 0; i < pending; i++) {
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&r[i].done, WT_TIMEOUT), 0);
		KUNIT_EXPECT_EQ(test, r[i].req.status, WSK_ST(WSK_STATUS_SUCCESS));
		wsk_free_address_info(client, res[i]);
	}
	/* And once they are done, a name goes to the resolver again. */
	rt_dns.block = false;
	KUNIT_EXPECT_EQ(test, rt_gai_st(test, "wsk-test.invalid", "1", 0, 0, 0, 0), 0);
}

/* wsk_get_name_info() for the test's client: its status, the request completed with it. */
static wsk_status_t rt_ni(struct kunit *test, const void *sa, size_t salen, char *host,
			  size_t hostlen, char *serv, size_t servlen, u32 flags)
{
	struct rt_req r;
	wsk_status_t st;

	rt_init(&r);
	st = wsk_get_name_info(wt_env(test)->client, sa, salen, host, hostlen, serv, servlen,
			       flags, &r.req);
	KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 1);
	KUNIT_EXPECT_EQ(test, r.req.status, st);
	return st;
}

static void resolve_name_info_numeric(struct kunit *test)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(443) };
	char host[64], serv[WSK_SERVICE_MAX];

	sin.sin_addr.s_addr = htonl(0xc0000201);
	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin, sizeof(sin), host, sizeof(host),
				    serv, sizeof(serv), 0), 0);
	KUNIT_EXPECT_STREQ(test, host, "192.0.2.1");
	KUNIT_EXPECT_STREQ(test, serv, "http");

	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin, sizeof(sin), host, sizeof(host),
				    serv, sizeof(serv),
				    WSK_NI_NUMERICSERV | WSK_NI_NUMERICHOST | WSK_NI_NOFQDN), 0);
	KUNIT_EXPECT_STREQ(test, serv, "80");
	/* tftp is UDP's: a TCP port 69 has no name. */
	sin.sin_port = htons(69);
	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin, sizeof(sin), NULL, 0, serv,
				    sizeof(serv), WSK_NI_DGRAM), 0);
	KUNIT_EXPECT_STREQ(test, serv, "tftp");
	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin, sizeof(sin), NULL, 0, serv,
				    sizeof(serv), 0), 0);
	KUNIT_EXPECT_STREQ(test, serv, "69");

	KUNIT_ASSERT_EQ(test, in6_pton("2001:db8::1", -1, sin6.sin6_addr.s6_addr, -1, NULL), 1);
	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin6, sizeof(sin6), host,
				    sizeof(host), serv, sizeof(serv), 0), 0);
	KUNIT_EXPECT_STREQ(test, host, "2001:db8::1");
	KUNIT_EXPECT_STREQ(test, serv, "https");
	sin6.sin6_scope_id = 5;
	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin6, sizeof(sin6), host,
				    sizeof(host), NULL, 0, 0), 0);
	KUNIT_EXPECT_STREQ(test, host, "2001:db8::1%5");
	sin6.sin6_scope_id = 0;
	KUNIT_ASSERT_EQ(test, in6_pton("::ffff:192.0.2.1", -1, sin6.sin6_addr.s6_addr, -1, NULL),
			1);
	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin6, sizeof(sin6), host,
				    sizeof(host), NULL, 0, 0), 0);
	KUNIT_EXPECT_STREQ(test, host, "::ffff:192.0.2.1");

	/* A name required cannot be had; numeric wins, and a service alone needs none. */
	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin, sizeof(sin), host, sizeof(host),
				    serv, sizeof(serv), WSK_NI_NAMEREQD),
			WSK_ST(WSK_STATUS_NOT_FOUND));
	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin, sizeof(sin), host, sizeof(host),
				    serv, sizeof(serv), WSK_NI_NAMEREQD | WSK_NI_NUMERICHOST), 0);
	KUNIT_EXPECT_EQ(test, rt_ni(test, &sin, sizeof(sin), NULL, 0, serv,
				    sizeof(serv), WSK_NI_NAMEREQD), 0);
}

static void resolve_name_info_bad_input(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr un = { .sa_family = AF_UNIX };
	char host[64], serv[8];
	struct rt_req r;

#define RT_NI(cl, sa, len, h, hl, s, sl, fl, want) do {					\
		wsk_status_t __want = WSK_ST(want);					\
		rt_init(&r);								\
		KUNIT_EXPECT_EQ(test, wsk_get_name_info(cl, (struct sockaddr *)(sa), len,	\
							h, hl, s, sl, fl, &r.req),	\
				__want);						\
		KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 1);			\
		KUNIT_EXPECT_EQ(test, r.req.status, __want);				\
	} while (0)

	RT_NI(NULL, &sin, sizeof(sin), host, 64, serv, 8, 0, WSK_STATUS_INVALID_PARAMETER);
	RT_NI(client, NULL, sizeof(sin), host, 64, serv, 8, 0, WSK_STATUS_INVALID_PARAMETER);
	RT_NI(client, &sin, 1, host, 64, serv, 8, 0, WSK_STATUS_INVALID_PARAMETER);
	RT_NI(client, &sin, sizeof(sin) - 1, host, 64, serv, 8, 0,
	      WSK_STATUS_INVALID_PARAMETER);
	RT_NI(client, &sin6, sizeof(sin6) - 1, host, 64, serv, 8, 0,
	      WSK_STATUS_INVALID_PARAMETER);
	RT_NI(client, &un, sizeof(un), host, 64, serv, 8, 0, WSK_STATUS_INVALID_PARAMETER);
	RT_NI(client, &sin, sizeof(sin), NULL, 64, NULL, 8, 0, WSK_STATUS_INVALID_PARAMETER);
	RT_NI(client, &sin, sizeof(sin), host, 64, serv, 8, 0x20, WSK_STATUS_INVALID_PARAMETER);

	/* Too small a buffer: nothing is written. "192.0.2.1" takes 10 bytes, "http" 5. */
	sin.sin_addr.s_addr = htonl(0xc0000201);
	memset(host, 'X', sizeof(host));
	memset(serv, 'X', sizeof(serv));
	RT_NI(client, &sin, sizeof(sin), host, 9, serv, 8, 0, WSK_STATUS_BUFFER_OVERFLOW);
	RT_NI(client, &sin, sizeof(sin), host, 64, serv, 4, 0, WSK_STATUS_BUFFER_OVERFLOW);
	RT_NI(client, &sin, sizeof(sin), host, 0, serv, 8, 0, WSK_STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, host[0], 'X');
	KUNIT_EXPECT_EQ(test, serv[0], 'X');
	RT_NI(client, &sin, sizeof(sin), host, 10, serv, 5, 0, WSK_STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, host, "192.0.2.1");
	KUNIT_EXPECT_STREQ(test, serv, "http");
#undef RT_NI
}

static struct kunit_case resolve_test_cases[] = {
	KUNIT_CASE(resolve_numeric_ipv4),
	KUNIT_CASE(resolve_numeric_ipv6),
	KUNIT_CASE(resolve_ports_and_services),
	KUNIT_CASE(resolve_hints),
	KUNIT_CASE(resolve_passive_and_loopback),
	KUNIT_CASE(resolve_canonname),
	KUNIT_CASE(resolve_bad_input),
	KUNIT_CASE(resolve_dns_answers),
	KUNIT_CASE(resolve_no_resolver),
	KUNIT_CASE(resolve_deregister_waits),
	KUNIT_CASE(resolve_deregister_waits_shared_queue),
	KUNIT_CASE(resolve_pending_cap),
	KUNIT_CASE(resolve_name_info_numeric),
	KUNIT_CASE(resolve_name_info_bad_input),
	{}
};

struct kunit_suite wsk_resolve_test_suite = {
	.name = "wsk_resolve",
	.suite_init = wt_suite_init,
	.suite_exit = wt_suite_exit,
	.init = rt_init_test,
	.exit = rt_exit_test,
	.test_cases = resolve_test_cases,
};
