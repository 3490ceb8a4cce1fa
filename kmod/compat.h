/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where wsk deals with differences between kernel versions. Everything else
 * calls the helpers below. Feature macros (WSK_HAVE_*) come from probes of the target's
 * headers in kmod/Kbuild, because distributions backport API changes without changing the
 * version number; LINUX_VERSION_CODE is used only where no probe can tell.
 */
#ifndef _WSK_COMPAT_H
#define _WSK_COMPAT_H

#include <linux/bvec.h>
#include <linux/ipv6.h>
#include <linux/overflow.h>
#include <linux/version.h>
#include <net/inet_sock.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "wsk needs Linux 6.1 or newer"
#endif

/*
 * Sockets driven from softirq callbacks and work items must not use the calling task's page
 * fragment (commit 98123866fcf3, "Treewide: Stop corrupting socket's task_frag").
 */
static inline void wsk_compat_no_task_frag(struct sock *sk)
{
#ifdef WSK_HAVE_SK_USE_TASK_FRAG
	sk->sk_use_task_frag = false;
#endif
}

/*
 * A socket from sock_create_kern() holds no reference on its namespace, and TCP treats it
 * accordingly: tcp_close() stops the retransmit and keepalive timers of such a socket when it
 * is orphaned, so a lost FIN is never sent again and a FIN_WAIT2 socket never times out (the
 * fix for the netns UAF, 151c9c724d05). wsk's sockets behave like user sockets instead: each
 * holds a reference on its namespace, and its orphan is timed out as any other. Accepted
 * children are cloned from the listener and inherit the reference (sk_clone_lock()).
 *
 * sk_net_refcnt_upgrade() (Linux 6.15, backported to 6.12.y) does that and also drops the
 * passive reference kernel sockets take there; before it, kernel sockets hold nothing, and the
 * callers did what cifs and sunrpc do in 6.1. Call it on a new socket nobody else can see.
 */
static inline void wsk_compat_sk_net_refcnt_upgrade(struct sock *sk)
{
#ifdef WSK_HAVE_SK_NET_REFCNT_UPGRADE
	sk_net_refcnt_upgrade(sk);
#else
	struct net *net = sock_net(sk);

	sk->sk_net_refcnt = 1;
	get_net_track(net, &sk->ns_tracker, GFP_KERNEL);
	sock_inuse_add(net, 1);
#endif
}

/*
 * Socket state that options report. Newer kernels keep the IPv4 socket's flags (IP_PKTINFO
 * among them) into inet_sk(sk)->inet_flags, read with inet_test_bit(), and 6.7 the IPv6
 * socket's IPV6_DONTFRAG; before, they were fields of inet_sock and ipv6_pinfo.
 */
static inline bool wsk_compat_ip_pktinfo(struct sock *sk)
{
#ifdef WSK_HAVE_INET_FLAGS
	return inet_test_bit(PKTINFO, sk);
#else
	return inet_sk(sk)->cmsg_flags & IP_CMSG_PKTINFO;
#endif
}

/* IPV6_UNICAST_HOPS as set (-1: the default); a 9-bit field in 6.1, where READ_ONCE() cannot go. */
static inline int wsk_compat_ipv6_hop_limit(struct sock *sk)
{
#ifdef WSK_HAVE_IPV6_HOP_LIMIT_BITFIELD
	return inet6_sk(sk)->hop_limit;
#else
	return READ_ONCE(inet6_sk(sk)->hop_limit);
#endif
}

static inline bool wsk_compat_ipv6_dontfrag(struct sock *sk)
{
#ifdef WSK_HAVE_INET6_FLAGS_DONTFRAG
	return inet6_test_bit(DONTFRAG, sk);
#else
	return inet6_sk(sk)->dontfrag;
#endif
}

/*
 * bvec_set_page() and struct_size_t() came with Linux 6.3 and 6.5; 6.1.y has them from
 * stable backports (6.1.192 has both), an older 6.1 build tree does not.
 */
#ifndef WSK_HAVE_BVEC_SET_PAGE
static inline void bvec_set_page(struct bio_vec *bv, struct page *page, unsigned int len,
				 unsigned int offset)
{
	bv->bv_page = page;
	bv->bv_len = len;
	bv->bv_offset = offset;
}
#endif

#ifndef WSK_HAVE_STRUCT_SIZE_T
#define struct_size_t(type, member, count) struct_size((type *)NULL, member, count)
#endif

/*
 * Internal symbols are exported to the KUnit module only (EXPORT_SYMBOL_IF_KUNIT). Linux 6.13
 * turned the namespace argument of MODULE_IMPORT_NS() into a string literal.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define WSK_IMPORT_KUNIT_NS()	MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define WSK_IMPORT_KUNIT_NS()	MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/*
 * The sk_data_ready tracepoint (Linux 6.3): every in-tree replacement of sk_data_ready calls
 * it, so that it does not go silent on sockets whose callback is not the stack's.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#include <trace/events/sock.h>
#define wsk_trace_sk_data_ready(sk)	trace_sk_data_ready(sk)
#else
struct sock;
static inline void wsk_trace_sk_data_ready(struct sock *sk)
{
}
#endif

/* KUnit differences, for the test module only (tests/kunit/Kbuild defines WSK_KUNIT_COMPAT). */
#ifdef WSK_KUNIT_COMPAT
#include <kunit/test.h>
#include <linux/string.h>

/* KUNIT_EXPECT_MEMEQ() and KUNIT_ASSERT_MEMEQ() arrived in Linux 6.2. */
#ifndef KUNIT_EXPECT_MEMEQ
#define KUNIT_EXPECT_MEMEQ(test, left, right, size) \
	KUNIT_EXPECT_EQ(test, memcmp(left, right, size), 0)
#endif
#ifndef KUNIT_ASSERT_MEMEQ
#define KUNIT_ASSERT_MEMEQ(test, left, right, size) \
	KUNIT_ASSERT_EQ(test, memcmp(left, right, size), 0)
#endif
#endif

#endif /* _WSK_COMPAT_H */
