// SPDX-License-Identifier: GPL-2.0
/*
 * WskControlSocket's socket options and IOCTLs (kmod/options.c): each option set and read
 * back through the Linux socket, the request rules and statuses, and the behaviour the
 * address options and IOCTLs stand for, on IPv4 and IPv6.
 */

#include "compat.h"
#include "core.h"
#include "harness.h"
#include "net.h"
#include "suites.h"

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

static wsk_status_t wo_set_buf(struct kunit *test, struct wsk_socket *sock, u32 level,
			       u32 code, const void *val, size_t len)
{
	struct wsk_sync sync;

	wsk_sync_init(&sync);
	return wt_wait_req(test, &sync, wsk_control_socket(sock, WSK_SET_OPTION, code, level,
							   len, val, 0, NULL, NULL,
							   &sync.req));
}

static wsk_status_t wo_set(struct kunit *test, struct wsk_socket *sock, u32 level, u32 code,
			   u32 val)
{
	return wo_set_buf(test, sock, level, code, &val, sizeof(val));
}

/* Read a ULONG option; fails the test unless it succeeds with 4 bytes. */
static u32 wo_get(struct kunit *test, struct wsk_socket *sock, u32 level, u32 code)
{
	struct wsk_sync sync;
	size_t returned = 99;
	wsk_status_t st;
	u32 val = 0xdeadbeef;

	wsk_sync_init(&sync);
	st = wsk_control_socket(sock, WSK_GET_OPTION, code, level, 0, NULL, sizeof(val), &val,
				&returned, &sync.req);
	KUNIT_EXPECT_EQ(test, st, WSK_ST(WSK_STATUS_PENDING));
	/* Only an inline completion reports a size here. */
	KUNIT_EXPECT_EQ(test, returned, 0);
	st = wt_wait_req(test, &sync, st);
	KUNIT_EXPECT_EQ_MSG(test, st, 0, "get %#x/%#x: %s", level, code, wsk_status_name(st));
	KUNIT_EXPECT_EQ(test, sync.req.information, sizeof(u32));
	return val;
}

static wsk_status_t wo_ioctl(struct kunit *test, struct wsk_socket *sock, u32 code,
			     const void *in, size_t in_size, void *out, size_t out_size,
			     unsigned long *information)
{
	struct wsk_sync sync;
	wsk_status_t st;

	wsk_sync_init(&sync);
	st = wt_wait_req(test, &sync, wsk_control_socket(sock, WSK_IOCTL, code, 0, in_size, in,
							 out_size, out, NULL, &sync.req));
	if (information)
		*information = sync.req.information;
	return st;
}

static void wo_roundtrip(struct kunit *test, int family)
{
	struct wsk_socket *sock;
	struct wsk_linger wl = { .l_onoff = 1, .l_linger = 7 };
	struct wsk_sync sync;
	u32 base;

	sock = wt_socket(test, family, SOCK_STREAM, WSK_FLAG_CONNECTION_SOCKET, NULL, NULL);

	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_IPPROTO_TCP, WSK_TCP_NODELAY), 0);
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_IPPROTO_TCP, WSK_TCP_NODELAY, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_IPPROTO_TCP, WSK_TCP_NODELAY), 1);

	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_SOL_SOCKET, WSK_SO_KEEPALIVE, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_SOL_SOCKET, WSK_SO_KEEPALIVE), 1);
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_IPPROTO_TCP, WSK_TCP_KEEPIDLE, 30), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_IPPROTO_TCP, WSK_TCP_KEEPIDLE), 30);
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_IPPROTO_TCP, WSK_TCP_KEEPINTVL, 5), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_IPPROTO_TCP, WSK_TCP_KEEPINTVL), 5);
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_IPPROTO_TCP, WSK_TCP_KEEPCNT, 4), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_IPPROTO_TCP, WSK_TCP_KEEPCNT), 4);
	/* Linux checks the range: 0 probes is not a count. */
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_IPPROTO_TCP, WSK_TCP_KEEPCNT, 0),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	/* Linux doubles a buffer size for its bookkeeping, and reports what it uses. */
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_SOL_SOCKET, WSK_SO_RCVBUF, 65536), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_SOL_SOCKET, WSK_SO_RCVBUF), 2 * 65536);
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_SOL_SOCKET, WSK_SO_SNDBUF, 32768), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_SOL_SOCKET, WSK_SO_SNDBUF), 2 * 32768);

	KUNIT_EXPECT_EQ(test, wo_set_buf(test, sock, WSK_SOL_SOCKET, WSK_SO_LINGER, &wl,
					 sizeof(wl)), 0);
	memset(&wl, 0xff, sizeof(wl));
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync,
					  wsk_control_socket(sock, WSK_GET_OPTION,
							     WSK_SO_LINGER, WSK_SOL_SOCKET, 0,
							     NULL, sizeof(wl), &wl, NULL,
							     &sync.req)), 0);
	KUNIT_EXPECT_EQ(test, sync.req.information, sizeof(wl));
	KUNIT_EXPECT_EQ(test, wl.l_onoff, 1);
	KUNIT_EXPECT_EQ(test, wl.l_linger, 7);

	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_IPPROTO_IP, WSK_IP_TOS, 0x20), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_IPPROTO_IP, WSK_IP_TOS), 0x20);
	base = wo_get(test, sock, WSK_IPPROTO_IP, WSK_IP_TTL);
	KUNIT_EXPECT_GT(test, base, 0);
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_IPPROTO_IP, WSK_IP_TTL, 17), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_IPPROTO_IP, WSK_IP_TTL), 17);

	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_SOL_SOCKET, WSK_SO_REUSEADDR), 0);
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_SOL_SOCKET, WSK_SO_REUSEADDR, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_SOL_SOCKET, WSK_SO_REUSEADDR), 1);

	if (family != AF_INET6)
		return;
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_IPPROTO_IPV6, WSK_IPV6_V6ONLY, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_IPPROTO_IPV6, WSK_IPV6_V6ONLY), 1);
	KUNIT_EXPECT_GT(test, wo_get(test, sock, WSK_IPPROTO_IPV6, WSK_IPV6_UNICAST_HOPS), 0);
	KUNIT_EXPECT_EQ(test, wo_set(test, sock, WSK_IPPROTO_IPV6, WSK_IPV6_UNICAST_HOPS, 9), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, sock, WSK_IPPROTO_IPV6, WSK_IPV6_UNICAST_HOPS), 9);
}

static void options_roundtrip_ipv4(struct kunit *test)
{
	wo_roundtrip(test, AF_INET);
}

static void options_roundtrip_ipv6(struct kunit *test)
{
	wo_roundtrip(test, AF_INET6);
}

/* The datagram options, read back from the socket. */
static void options_datagram_roundtrip(struct kunit *test)
{
	struct wsk_socket *s4, *s6;

	s4 = wt_socket(test, AF_INET, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	s6 = wt_socket(test, AF_INET6, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);

	KUNIT_EXPECT_EQ(test, wo_set(test, s4, WSK_SOL_SOCKET, WSK_SO_BROADCAST, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, s4, WSK_SOL_SOCKET, WSK_SO_BROADCAST), 1);
	KUNIT_EXPECT_EQ(test, wo_set(test, s4, WSK_IPPROTO_IP, WSK_IP_DONTFRAGMENT, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, s4, WSK_IPPROTO_IP, WSK_IP_DONTFRAGMENT), 1);
	KUNIT_EXPECT_EQ(test, wo_set(test, s4, WSK_IPPROTO_IP, WSK_IP_DONTFRAGMENT, 0), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, s4, WSK_IPPROTO_IP, WSK_IP_DONTFRAGMENT), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, s4, WSK_IPPROTO_IP, WSK_IP_PKTINFO), 0);
	KUNIT_EXPECT_EQ(test, wo_set(test, s4, WSK_IPPROTO_IP, WSK_IP_PKTINFO, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, s4, WSK_IPPROTO_IP, WSK_IP_PKTINFO), 1);

	/* An IPv6 socket's packet info is IPV6_PKTINFO's, for its IPv4 datagrams too. */
	KUNIT_EXPECT_EQ(test, wo_set(test, s6, WSK_IPPROTO_IP, WSK_IP_PKTINFO, 1),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	KUNIT_EXPECT_EQ(test, wo_set(test, s6, WSK_IPPROTO_IPV6, WSK_IPV6_DONTFRAG, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, s6, WSK_IPPROTO_IPV6, WSK_IPV6_DONTFRAG), 1);
	KUNIT_EXPECT_EQ(test, wo_get(test, s6, WSK_IPPROTO_IPV6, WSK_IPV6_PKTINFO), 0);
	KUNIT_EXPECT_EQ(test, wo_set(test, s6, WSK_IPPROTO_IPV6, WSK_IPV6_PKTINFO, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, s6, WSK_IPPROTO_IPV6, WSK_IPV6_PKTINFO), 1);
}

/* What the calls that cannot be carried out answer, and that they change nothing. */
static void options_request_rules(struct kunit *test)
{
	struct wsk_socket *basic, *conn, *dgram;
	struct wsk_sync sync;
	u32 one = 1, val;
	u16 shortval = 1;

	basic = wt_socket(test, AF_INET, SOCK_STREAM, 0, NULL, NULL);
	conn = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_CONNECTION_SOCKET, NULL, NULL);
	dgram = wt_socket(test, AF_INET, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);

	/* The request is required. */
	KUNIT_EXPECT_EQ(test, wsk_control_socket(conn, WSK_SET_OPTION, WSK_TCP_NODELAY,
						 WSK_IPPROTO_TCP, sizeof(one), &one, 0, NULL,
						 NULL, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* Unknown option, unknown level, unknown request type. */
	KUNIT_EXPECT_EQ(test, wo_set(test, conn, WSK_IPPROTO_TCP, 0x77, 1),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	KUNIT_EXPECT_EQ(test, wo_set(test, conn, 0x1234, WSK_TCP_NODELAY, 1),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_control_socket(conn, 7, WSK_TCP_NODELAY, WSK_IPPROTO_TCP,
						 sizeof(one), &one, 0, NULL, NULL, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, sync.req.status, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* A basic socket has no options (Windows: listen, datagram and connection only). */
	KUNIT_EXPECT_EQ(test, wo_set(test, basic, WSK_IPPROTO_TCP, WSK_TCP_NODELAY, 1),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
	/* TCP's options on UDP, UDP's on TCP, IPv6's on IPv4. */
	KUNIT_EXPECT_EQ(test, wo_set(test, dgram, WSK_IPPROTO_TCP, WSK_TCP_NODELAY, 1),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	KUNIT_EXPECT_EQ(test, wo_set(test, conn, WSK_SOL_SOCKET, WSK_SO_BROADCAST, 1),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	KUNIT_EXPECT_EQ(test, wo_set(test, conn, WSK_IPPROTO_IPV6, WSK_IPV6_V6ONLY, 1),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	/* Too short a value, none at all, a value past INT_MAX. */
	KUNIT_EXPECT_EQ(test, wo_set_buf(test, conn, WSK_IPPROTO_TCP, WSK_TCP_NODELAY,
					 &shortval, sizeof(shortval)),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wo_set_buf(test, conn, WSK_IPPROTO_TCP, WSK_TCP_NODELAY, NULL,
					 4),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wo_set(test, conn, WSK_SOL_SOCKET, WSK_SO_RCVBUF, 0x80000000),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* A get needs room for the value; a join has nothing to read. */
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_control_socket(conn, WSK_GET_OPTION, WSK_TCP_NODELAY,
						 WSK_IPPROTO_TCP, 0, NULL, 2, &val, NULL,
						 &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_control_socket(dgram, WSK_GET_OPTION, WSK_IP_ADD_MEMBERSHIP,
						 WSK_IPPROTO_IP, 0, NULL, sizeof(val), &val,
						 NULL, &sync.req),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	/* The refused IOCTLs. */
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, conn, SIO_WSK_SET_TCP_SILENT_MODE, NULL, 0, NULL,
				       0, NULL),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, dgram, SIO_WSK_REGISTER_EXTENSION, NULL, 0, NULL,
				       0, NULL),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	/* None of it changed the socket. */
	KUNIT_EXPECT_EQ(test, wo_get(test, conn, WSK_IPPROTO_TCP, WSK_TCP_NODELAY), 0);
	/* Kernel clients may pass an address IOCTL a size with no buffer: refused. */
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, dgram, SIO_WSK_SET_SENDTO_ADDRESS, NULL, 16, NULL, 0,
				       NULL),
			WSK_ST(WSK_STATUS_INVALID_ADDRESS));
	KUNIT_EXPECT_EQ(test, wo_get(test, conn, WSK_SOL_SOCKET, WSK_SO_RCVBUF),
			READ_ONCE(wsk_sock(conn)->sock->sk->sk_rcvbuf));
}

static wsk_status_t wo_bind_port(struct kunit *test, struct wsk_socket *sock, int family,
				 u16 port)
{
	struct sockaddr_storage ss;
	struct wsk_sync sync;

	wsk_sockaddr_loopback(&ss, family, port);
	wsk_sync_init(&sync);
	return wt_wait_req(test, &sync, wsk_bind(sock, (struct sockaddr *)&ss, 0, &sync.req));
}

/*
 * SO_EXCLUSIVEADDRUSE: a second socket cannot share the address even with SO_REUSEADDR,
 * which without it lets two datagram sockets share one port.
 */
static void wo_exclusive(struct kunit *test, int family)
{
	struct wsk_socket *a, *b, *c;
	u16 port;

	a = wt_socket(test, family, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	b = wt_socket(test, family, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	c = wt_socket(test, family, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);

	KUNIT_EXPECT_EQ(test, wo_get(test, a, WSK_SOL_SOCKET, WSK_SO_EXCLUSIVEADDRUSE), 0);
	KUNIT_EXPECT_EQ(test, wo_set(test, a, WSK_SOL_SOCKET, WSK_SO_EXCLUSIVEADDRUSE, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, a, WSK_SOL_SOCKET, WSK_SO_EXCLUSIVEADDRUSE), 1);
	/* Windows refuses both at once. */
	KUNIT_EXPECT_EQ(test, wo_set(test, a, WSK_SOL_SOCKET, WSK_SO_REUSEADDR, 1),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, a, family), 0);
	port = wt_local_port(test, a);
	/* Both are for before the bind. */
	KUNIT_EXPECT_EQ(test, wo_set(test, a, WSK_SOL_SOCKET, WSK_SO_EXCLUSIVEADDRUSE, 0),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_EXPECT_EQ(test, wo_set(test, a, WSK_SOL_SOCKET, WSK_SO_REUSEADDR, 1),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	KUNIT_EXPECT_EQ(test, wo_set(test, b, WSK_SOL_SOCKET, WSK_SO_REUSEADDR, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_bind_port(test, b, family, port),
			WSK_ST(WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED));

	/* Without the exclusive socket, two that ask for sharing share. */
	wt_close(test, a);
	KUNIT_EXPECT_EQ(test, wo_bind_port(test, b, family, port), 0);
	KUNIT_EXPECT_EQ(test, wo_set(test, c, WSK_SOL_SOCKET, WSK_SO_REUSEADDR, 1), 0);
	KUNIT_EXPECT_EQ(test, wo_bind_port(test, c, family, port), 0);
}

static void options_exclusive_addr_use_ipv4(struct kunit *test)
{
	wo_exclusive(test, AF_INET);
}

static void options_exclusive_addr_use_ipv6(struct kunit *test)
{
	wo_exclusive(test, AF_INET6);
}

static void wo_send(struct kunit *test, struct wsk_socket *sock, struct sockaddr *to,
		    wsk_status_t expect)
{
	struct wsk_sync sync;
	struct bio_vec bv;
	struct wsk_buf wb;
	u8 *buf;

	buf = kunit_kzalloc(test, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, "to peer", 7);
	KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, buf, 7), 0);
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync, wsk_send_to(sock, &wb, 0, to, &sync.req)),
			expect);
}

/* One datagram at @peer, from @port, within the bound wait. */
static void wo_peer_got(struct kunit *test, struct socket *peer, u16 port)
{
	struct sockaddr_storage from;
	u8 back[16];
	struct kvec iov = { .iov_base = back, .iov_len = sizeof(back) };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from) };

	KUNIT_EXPECT_EQ(test, kernel_recvmsg(peer, &msg, &iov, 1, sizeof(back), 0), 7);
	KUNIT_EXPECT_MEMEQ(test, back, "to peer", 7);
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_port(&from), port);
}

/*
 * SIO_WSK_SET_REMOTE_ADDRESS: a send-to without an address goes to the fixed peer, and only
 * the fixed peer's datagrams are received; cleared, both are as before.
 */
static void wo_remote(struct kunit *test, int family)
{
	struct sockaddr_storage p1addr, from;
	struct socket *p1, *p2;
	struct wsk_socket *sock, *unbound;
	struct wsk_sync sync;
	struct bio_vec bv;
	struct wsk_buf wb;
	u16 port, p1port, p2port;
	wsk_status_t st;
	u8 *buf;

	buf = kunit_kzalloc(test, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	sock = wt_socket(test, family, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	unbound = wt_socket(test, family, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, family), 0);
	port = wt_local_port(test, sock);
	p1 = wt_peer_udp(test, family, &p1port);
	p2 = wt_peer_udp(test, family, &p2port);
	wsk_sockaddr_loopback(&p1addr, family, p1port);

	/* Without a fixed peer, a send-to needs its address. */
	wo_send(test, sock, NULL, WSK_ST(WSK_STATUS_ADDRESS_NOT_ASSOCIATED));
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, unbound, SIO_WSK_SET_REMOTE_ADDRESS, &p1addr,
				       sizeof(p1addr), NULL, 0, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, sock, SIO_WSK_SET_REMOTE_ADDRESS, &p1addr, 4, NULL,
				       0, NULL),
			WSK_ST(WSK_STATUS_INVALID_ADDRESS));
	KUNIT_ASSERT_EQ(test, wo_ioctl(test, sock, SIO_WSK_SET_REMOTE_ADDRESS, &p1addr,
				       sizeof(p1addr), NULL, 0, NULL), 0);

	wo_send(test, sock, NULL, 0);
	wo_peer_got(test, p1, port);

	/* The other peer's datagram is not for this socket any more; the fixed peer's is. */
	wt_peer_sendto(test, p2, family, port, "from p2", 7);
	wt_peer_sendto(test, p1, family, port, "from p1", 7);
	KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, buf, 16), 0);
	wsk_sync_init(&sync);
	st = wsk_receive_from(sock, &wb, 0, &from, &sync.req);
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync, st), 0);
	KUNIT_EXPECT_EQ(test, sync.req.information, 7);
	KUNIT_EXPECT_MEMEQ(test, buf, "from p1", 7);
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_port(&from), p1port);

	/* Cleared: a send-to needs its address again, and the socket keeps its port. */
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, sock, SIO_WSK_SET_REMOTE_ADDRESS, NULL, 0, NULL, 0,
				       NULL), 0);
	wo_send(test, sock, NULL, WSK_ST(WSK_STATUS_ADDRESS_NOT_ASSOCIATED));
	KUNIT_EXPECT_EQ(test, wt_local_port(test, sock), port);
	wt_peer_sendto(test, p2, family, port, "from p2", 7);
	wsk_sync_init(&sync);
	st = wsk_receive_from(sock, &wb, 0, &from, &sync.req);
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync, st), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, "from p2", 7);
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_port(&from), p2port);
}

static void options_set_remote_address_ipv4(struct kunit *test)
{
	wo_remote(test, AF_INET);
}

static void options_set_remote_address_ipv6(struct kunit *test)
{
	wo_remote(test, AF_INET6);
}

/* SIO_WSK_SET_SENDTO_ADDRESS: the destination of a send-to without one, and no filter. */
static void wo_sendto(struct kunit *test, int family)
{
	struct sockaddr_storage paddr, other;
	struct wsk_socket *sock, *conn;
	struct socket *peer;
	u16 port, pport;

	sock = wt_socket(test, family, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	conn = wt_socket(test, family, SOCK_STREAM, WSK_FLAG_CONNECTION_SOCKET, NULL, NULL);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, family), 0);
	port = wt_local_port(test, sock);
	peer = wt_peer_udp(test, family, &pport);
	wsk_sockaddr_loopback(&paddr, family, pport);
	wsk_sockaddr_loopback(&other, family == AF_INET ? AF_INET6 : AF_INET, pport);

	KUNIT_EXPECT_EQ(test, wo_ioctl(test, conn, SIO_WSK_SET_SENDTO_ADDRESS, &paddr,
				       sizeof(paddr), NULL, 0, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, sock, SIO_WSK_SET_SENDTO_ADDRESS, &other,
				       sizeof(other), NULL, 0, NULL),
			WSK_ST(WSK_STATUS_INVALID_ADDRESS));
	KUNIT_ASSERT_EQ(test, wo_ioctl(test, sock, SIO_WSK_SET_SENDTO_ADDRESS, &paddr,
				       sizeof(paddr), NULL, 0, NULL), 0);
	/* The caller's copy may change at once: wsk kept its own. */
	memset(&paddr, 0, sizeof(paddr));
	wo_send(test, sock, NULL, 0);
	wo_peer_got(test, peer, port);
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, sock, SIO_WSK_SET_SENDTO_ADDRESS, NULL, 0, NULL, 0,
				       NULL), 0);
	wo_send(test, sock, NULL, WSK_ST(WSK_STATUS_ADDRESS_NOT_ASSOCIATED));
}

static void options_set_sendto_address_ipv4(struct kunit *test)
{
	wo_sendto(test, AF_INET);
}

static void options_set_sendto_address_ipv6(struct kunit *test)
{
	wo_sendto(test, AF_INET6);
}

/* SIO_WSK_QUERY_RECEIVE_BACKLOG on a datagram socket and on a connection. */
static void wo_backlog(struct kunit *test, int family)
{
	struct wsk_socket *sock, *conn, *lsn;
	unsigned long info = 0;
	struct socket *peer;
	size_t backlog = 1;
	u16 port, pport;
	u8 data[300];
	int i;

	memset(data, 'x', sizeof(data));
	sock = wt_socket(test, family, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, family), 0);
	port = wt_local_port(test, sock);
	peer = wt_peer_udp(test, family, &pport);

	KUNIT_EXPECT_EQ(test, wo_ioctl(test, sock, SIO_WSK_QUERY_RECEIVE_BACKLOG, NULL, 0,
				       &backlog, sizeof(backlog), &info), 0);
	KUNIT_EXPECT_EQ(test, backlog, 0);
	KUNIT_EXPECT_EQ(test, info, sizeof(size_t));
	for (i = 0; i < 3; i++)
		wt_peer_sendto(test, peer, family, port, data, 100);
	/* Loopback delivers from the sender's softirq; bounded poll for the third. */
	for (i = 0; i < 100 && backlog != 300; i++) {
		KUNIT_EXPECT_EQ(test, wo_ioctl(test, sock, SIO_WSK_QUERY_RECEIVE_BACKLOG, NULL,
					       0, &backlog, sizeof(backlog), NULL), 0);
		if (backlog != 300)
			schedule_timeout_uninterruptible(1);
	}
	KUNIT_EXPECT_EQ(test, backlog, 300);
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, sock, SIO_WSK_QUERY_RECEIVE_BACKLOG, NULL, 0,
				       &backlog, 4, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	/* A connection without receive events: TCP's unread bytes. */
	conn = wt_connect_pair(test, family, 0, NULL, &peer);
	wt_peer_send(test, peer, data, 250);
	KUNIT_ASSERT_TRUE(test, wt_wait_queued(conn, 250));
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, conn, SIO_WSK_QUERY_RECEIVE_BACKLOG, NULL, 0,
				       &backlog, sizeof(backlog), NULL), 0);
	KUNIT_EXPECT_EQ(test, backlog, 250);

	lsn = wt_socket(test, family, SOCK_STREAM, WSK_FLAG_LISTEN_SOCKET, NULL, NULL);
	KUNIT_EXPECT_EQ(test, wo_ioctl(test, lsn, SIO_WSK_QUERY_RECEIVE_BACKLOG, NULL, 0,
				       &backlog, sizeof(backlog), NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
}

static void options_receive_backlog_ipv4(struct kunit *test)
{
	wo_backlog(test, AF_INET);
}

static void options_receive_backlog_ipv6(struct kunit *test)
{
	wo_backlog(test, AF_INET6);
}

/* Multicast groups: a join is recorded by the kernel (a second one is refused), a drop too. */
static void options_multicast_join_leave(struct kunit *test)
{
	struct wsk_ip_mreq m4 = { .imr_multiaddr = { 239, 1, 2, 3 },
				  .imr_interface = { 127, 0, 0, 1 } };
	struct wsk_ipv6_mreq m6 = { .ipv6mr_multiaddr = { 0xff, 0x15, [15] = 0x34 },
				    .ipv6mr_interface = 1 };
	struct wsk_socket *s4, *s6;

	s4 = wt_socket(test, AF_INET, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	s6 = wt_socket(test, AF_INET6, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);

	KUNIT_EXPECT_EQ(test, wo_set_buf(test, s4, WSK_IPPROTO_IP, WSK_IP_ADD_MEMBERSHIP, &m4,
					 sizeof(m4)), 0);
	KUNIT_EXPECT_EQ(test, wo_set_buf(test, s4, WSK_IPPROTO_IP, WSK_IP_ADD_MEMBERSHIP, &m4,
					 sizeof(m4)),
			WSK_ST(WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED));
	KUNIT_EXPECT_EQ(test, wo_set_buf(test, s4, WSK_IPPROTO_IP, WSK_IP_DROP_MEMBERSHIP, &m4,
					 sizeof(m4)), 0);
	KUNIT_EXPECT_EQ(test, wo_set_buf(test, s4, WSK_IPPROTO_IP, WSK_IP_DROP_MEMBERSHIP, &m4,
					 sizeof(m4)),
			WSK_ST(WSK_STATUS_INVALID_ADDRESS));

	KUNIT_EXPECT_EQ(test, wo_set_buf(test, s6, WSK_IPPROTO_IPV6, WSK_IPV6_ADD_MEMBERSHIP,
					 &m6, sizeof(m6)), 0);
	KUNIT_EXPECT_EQ(test, wo_set_buf(test, s6, WSK_IPPROTO_IPV6, WSK_IPV6_ADD_MEMBERSHIP,
					 &m6, sizeof(m6)),
			WSK_ST(WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED));
	KUNIT_EXPECT_EQ(test, wo_set_buf(test, s6, WSK_IPPROTO_IPV6, WSK_IPV6_DROP_MEMBERSHIP,
					 &m6, sizeof(m6)), 0);
	KUNIT_EXPECT_EQ(test, wo_set_buf(test, s6, WSK_IPPROTO_IPV6, WSK_IPV6_DROP_MEMBERSHIP,
					 &m6, sizeof(m6)),
			WSK_ST(WSK_STATUS_INVALID_ADDRESS));
}

/*
 * From a callback in softirq, where a setsockopt cannot run: the request is pending and
 * completes from the work item, with the option set.
 */
static wsk_status_t wo_recv_from_set(void *context, u32 flags,
				     struct wsk_datagram_indication *ind)
{
	struct wt_ctx *c = context;
	static const u32 tos = 0x10;

	if (!ind)
		return WSK_ST(WSK_STATUS_SUCCESS);
	c->inside_status = wsk_control_socket(c->sock, WSK_SET_OPTION, WSK_IP_TOS,
					      WSK_IPPROTO_IP, sizeof(tos), &tos, 0, NULL, NULL,
					      &c->inside.req);
	c->last_flags = flags;
	atomic_inc(&c->recvfroms);
	wake_up(&c->wq);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_datagram_dispatch wo_set_dispatch = {
	.receive_from_event = wo_recv_from_set,
};

static void options_set_from_softirq_callback(struct kunit *test)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct socket *peer;
	u16 port, pport;

	wsk_sync_init(&c->inside);
	c->sock = wt_socket(test, AF_INET, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, c,
			    &wo_set_dispatch);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, c->sock, AF_INET), 0);
	port = wt_local_port(test, c->sock);
	KUNIT_ASSERT_EQ(test, wt_enable(test, c->sock, WSK_EVENT_RECEIVE_FROM), 0);
	peer = wt_peer_udp(test, AF_INET, &pport);
	wt_peer_sendto(test, peer, AF_INET, port, "x", 1);
	WT_WAIT(test, c, atomic_read(&c->recvfroms) > 0);
	KUNIT_EXPECT_TRUE(test, c->last_flags & WSK_FLAG_AT_DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, c->inside_status, WSK_ST(WSK_STATUS_PENDING));
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &c->inside, c->inside_status), 0);
	KUNIT_EXPECT_EQ(test, wo_get(test, c->sock, WSK_IPPROTO_IP, WSK_IP_TOS), 0x10);
}

/* What the receive-from callback of the control-info test saw of the first datagram. */
struct wo_cinfo {
	struct wt_ctx c;
	u32 len;
	u8 cmsg[64];
	bool none;
};

static wsk_status_t wo_recv_from_cinfo(void *context, u32 flags,
				       struct wsk_datagram_indication *ind)
{
	struct wo_cinfo *ci = context;

	if (!ind || atomic_read(&ci->c.recvfroms))
		return WSK_ST(WSK_STATUS_SUCCESS);
	ci->none = !ind->control_info;
	ci->len = ind->control_info_length;
	if (ind->control_info && ci->len <= sizeof(ci->cmsg))
		memcpy(ci->cmsg, ind->control_info, ci->len);
	atomic_inc(&ci->c.recvfroms);
	wake_up(&ci->c.wq);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_datagram_dispatch wo_cinfo_dispatch = {
	.receive_from_event = wo_recv_from_cinfo,
};

static struct wo_cinfo *wo_cinfo_socket(struct kunit *test, int family, bool pktinfo,
					u16 *port)
{
	struct wo_cinfo *ci = kunit_kzalloc(test, sizeof(*ci), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ci);
	ci->c.test = test;
	init_waitqueue_head(&ci->c.wq);
	ci->c.sock = wt_socket(test, family, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, ci,
			       &wo_cinfo_dispatch);
	if (pktinfo && family == AF_INET)
		KUNIT_ASSERT_EQ(test, wo_set(test, ci->c.sock, WSK_IPPROTO_IP, WSK_IP_PKTINFO, 1),
				0);
	if (pktinfo && family == AF_INET6)
		KUNIT_ASSERT_EQ(test, wo_set(test, ci->c.sock, WSK_IPPROTO_IPV6,
					     WSK_IPV6_PKTINFO, 1), 0);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, ci->c.sock, family), 0);
	*port = wt_local_port(test, ci->c.sock);
	KUNIT_ASSERT_EQ(test, wt_enable(test, ci->c.sock, WSK_EVENT_RECEIVE_FROM), 0);
	return ci;
}

/*
 * IP_PKTINFO / IPV6_PKTINFO: each datagram indication carries one CMSGHDR with Windows'
 * level and type, and the destination address and arrival interface (loopback); without the
 * option, none.
 */
static void wo_control_info(struct kunit *test, int family)
{
	struct wo_cinfo *ci, *plain;
	struct cmsghdr *cm;
	struct socket *peer;
	u16 port, pport, plain_port;

	ci = wo_cinfo_socket(test, family, true, &port);
	plain = wo_cinfo_socket(test, family, false, &plain_port);
	peer = wt_peer_udp(test, family, &pport);
	wt_peer_sendto(test, peer, family, port, "info", 4);
	wt_peer_sendto(test, peer, family, plain_port, "none", 4);
	WT_WAIT(test, &ci->c, atomic_read(&ci->c.recvfroms) > 0);
	WT_WAIT(test, &plain->c, atomic_read(&plain->c.recvfroms) > 0);

	KUNIT_EXPECT_TRUE(test, plain->none);
	KUNIT_EXPECT_EQ(test, plain->len, 0);

	KUNIT_ASSERT_FALSE(test, ci->none);
	cm = (struct cmsghdr *)ci->cmsg;
	if (family == AF_INET) {
		struct wsk_in_pktinfo pi;
		static const u8 lo[4] = { 127, 0, 0, 1 };

		KUNIT_EXPECT_EQ(test, ci->len, CMSG_SPACE(sizeof(pi)));
		KUNIT_EXPECT_EQ(test, cm->cmsg_len, CMSG_LEN(sizeof(pi)));
		KUNIT_EXPECT_EQ(test, cm->cmsg_level, WSK_IPPROTO_IP);
		KUNIT_EXPECT_EQ(test, cm->cmsg_type, WSK_IP_PKTINFO);
		memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
		KUNIT_EXPECT_MEMEQ(test, pi.ipi_addr, lo, 4);
		KUNIT_EXPECT_EQ(test, pi.ipi_ifindex, init_net.loopback_dev->ifindex);
	} else {
		struct wsk_in6_pktinfo pi6;

		KUNIT_EXPECT_EQ(test, ci->len, CMSG_SPACE(sizeof(pi6)));
		KUNIT_EXPECT_EQ(test, cm->cmsg_len, CMSG_LEN(sizeof(pi6)));
		KUNIT_EXPECT_EQ(test, cm->cmsg_level, WSK_IPPROTO_IPV6);
		KUNIT_EXPECT_EQ(test, cm->cmsg_type, WSK_IPV6_PKTINFO);
		memcpy(&pi6, CMSG_DATA(cm), sizeof(pi6));
		KUNIT_EXPECT_MEMEQ(test, pi6.ipi6_addr, &in6addr_loopback, 16);
		KUNIT_EXPECT_EQ(test, pi6.ipi6_ifindex, init_net.loopback_dev->ifindex);
	}
	/* The CMSGHDR is Windows' too: a SIZE_T length, then two INTs, data 8-byte aligned. */
	KUNIT_EXPECT_EQ(test, sizeof(cm->cmsg_len), 8);
	KUNIT_EXPECT_EQ(test, CMSG_ALIGN(sizeof(*cm)), 16);
}

static void options_control_info_ipv4(struct kunit *test)
{
	wo_control_info(test, AF_INET);
}

static void options_control_info_ipv6(struct kunit *test)
{
	wo_control_info(test, AF_INET6);
}

/*
 * Receive-from and send-to with control info: a receive-from request gets the datagram's
 * packet info, and the truncation flags; a send-to's packet info picks the source address.
 */
static void wo_request_control(struct kunit *test, int family)
{
	struct sockaddr_storage from, to;
	struct wsk_socket *sock;
	struct socket *peer;
	struct wsk_sync sync;
	struct bio_vec bv;
	struct wsk_buf wb;
	union {
		struct cmsghdr hdr;
		u8 bytes[64];
	} ctl;
	u32 clen, cflags;
	u16 port, pport;
	u8 *buf, back[16];
	struct kvec iov = { .iov_base = back, .iov_len = sizeof(back) };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from) };
	wsk_status_t st;

	buf = kunit_kzalloc(test, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	sock = wt_socket(test, family, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	KUNIT_ASSERT_EQ(test, wo_set(test, sock, family == AF_INET ? WSK_IPPROTO_IP :
				     WSK_IPPROTO_IPV6, family == AF_INET ? WSK_IP_PKTINFO :
				     WSK_IPV6_PKTINFO, 1), 0);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, family), 0);
	port = wt_local_port(test, sock);
	peer = wt_peer_udp(test, family, &pport);

	/* Room for the control info, and a datagram longer than the buffer. */
	wt_peer_sendto(test, peer, family, port, "twelve bytes", 12);
	KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, buf, 8), 0);
	clen = sizeof(ctl);
	cflags = 77;
	wsk_sync_init(&sync);
	st = wsk_receive_from_control(sock, &wb, 0, &from, &clen, &ctl.hdr, &cflags, &sync.req);
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync, st), 0);
	KUNIT_EXPECT_EQ(test, sync.req.information, 8);
	KUNIT_EXPECT_EQ(test, cflags, WSK_MSG_TRUNC);
	KUNIT_EXPECT_EQ(test, clen, family == AF_INET ? CMSG_SPACE(sizeof(struct wsk_in_pktinfo)) :
				    CMSG_SPACE(sizeof(struct wsk_in6_pktinfo)));
	KUNIT_EXPECT_EQ(test, ctl.hdr.cmsg_level, family == AF_INET ? WSK_IPPROTO_IP :
						  WSK_IPPROTO_IPV6);
	KUNIT_EXPECT_EQ(test, ctl.hdr.cmsg_type, family == AF_INET ? WSK_IP_PKTINFO :
						 WSK_IPV6_PKTINFO);
	/* No room for it. */
	wt_peer_sendto(test, peer, family, port, "short", 5);
	KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, buf, 16), 0);
	clen = 8;
	wsk_sync_init(&sync);
	st = wsk_receive_from_control(sock, &wb, 0, NULL, &clen, &ctl.hdr, &cflags, &sync.req);
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync, st), 0);
	KUNIT_EXPECT_EQ(test, clen, 0);
	KUNIT_EXPECT_EQ(test, cflags, WSK_MSG_CTRUNC);
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_receive_from_control(sock, &wb, 0, NULL, NULL, &ctl.hdr, NULL,
						       &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	/* A send-to whose packet info names the source (IPv4: 127.0.0.2, also on loopback). */
	memset(&ctl, 0, sizeof(ctl));
	if (family == AF_INET) {
		struct wsk_in_pktinfo pi = { .ipi_addr = { 127, 0, 0, 2 } };

		ctl.hdr.cmsg_len = CMSG_LEN(sizeof(pi));
		ctl.hdr.cmsg_level = WSK_IPPROTO_IP;
		ctl.hdr.cmsg_type = WSK_IP_PKTINFO;
		memcpy(ctl.bytes + CMSG_ALIGN(sizeof(ctl.hdr)), &pi, sizeof(pi));
		clen = CMSG_SPACE(sizeof(pi));
	} else {
		struct wsk_in6_pktinfo pi6 = { .ipi6_ifindex = init_net.loopback_dev->ifindex };

		memcpy(pi6.ipi6_addr, &in6addr_loopback, 16);
		ctl.hdr.cmsg_len = CMSG_LEN(sizeof(pi6));
		ctl.hdr.cmsg_level = WSK_IPPROTO_IPV6;
		ctl.hdr.cmsg_type = WSK_IPV6_PKTINFO;
		memcpy(ctl.bytes + CMSG_ALIGN(sizeof(ctl.hdr)), &pi6, sizeof(pi6));
		clen = CMSG_SPACE(sizeof(pi6));
	}
	memcpy(buf, "with info", 9);
	KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, buf, 9), 0);
	wsk_sockaddr_loopback(&to, family, pport);
	wsk_sync_init(&sync);
	st = wsk_send_to_control(sock, &wb, 0, (struct sockaddr *)&to, clen, &ctl.hdr, &sync.req);
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync, st), 0);
	KUNIT_EXPECT_EQ(test, kernel_recvmsg(peer, &msg, &iov, 1, sizeof(back), 0), 9);
	KUNIT_EXPECT_MEMEQ(test, back, "with info", 9);
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_port(&from), port);
	if (family == AF_INET)
		KUNIT_EXPECT_EQ(test, ntohl(((struct sockaddr_in *)&from)->sin_addr.s_addr),
				0x7f000002);
	/* Control info of the other family, or two headers' worth: refused. */
	ctl.hdr.cmsg_type = 99;
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_send_to_control(sock, &wb, 0, (struct sockaddr *)&to, clen,
						  &ctl.hdr, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_send_to_control(sock, &wb, 0, (struct sockaddr *)&to,
						  sizeof(ctl), &ctl.hdr, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
}

static void options_request_control_info_ipv4(struct kunit *test)
{
	wo_request_control(test, AF_INET);
}

static void options_request_control_info_ipv6(struct kunit *test)
{
	wo_request_control(test, AF_INET6);
}

/* WskControlClient's codes: the transport list, the TDI behaviour, and the refused ones. */
static void client_control_codes(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_transport list[8];
	struct wsk_sync sync;
	size_t returned = 0;
	u32 flags;
	int i, tcp6 = 0;

	KUNIT_EXPECT_EQ(test, wsk_control_client(client, WSK_TRANSPORT_LIST_QUERY, 0, NULL,
						 sizeof(list[0]), list, &returned, NULL),
			WSK_ST(WSK_STATUS_BUFFER_OVERFLOW));
	KUNIT_EXPECT_EQ(test, returned, 4 * sizeof(list[0]));
	KUNIT_EXPECT_EQ(test, sizeof(list[0]), 28);
	memset(list, 0xff, sizeof(list));
	KUNIT_EXPECT_EQ(test, wsk_control_client(client, WSK_TRANSPORT_LIST_QUERY, 0, NULL,
						 sizeof(list), list, &returned, NULL), 0);
	KUNIT_ASSERT_EQ(test, returned, 4 * sizeof(list[0]));
	for (i = 0; i < 4; i++) {
		KUNIT_EXPECT_EQ(test, list[i].version, 0x0100);
		KUNIT_EXPECT_TRUE(test, (list[i].socket_type == SOCK_STREAM &&
					 list[i].protocol == IPPROTO_TCP) ||
					(list[i].socket_type == SOCK_DGRAM &&
					 list[i].protocol == IPPROTO_UDP));
		tcp6 += list[i].address_family == AF_INET6 && list[i].protocol == IPPROTO_TCP;
	}
	KUNIT_EXPECT_EQ(test, tcp6, 1);
	/* The list takes no request. */
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_control_client(client, WSK_TRANSPORT_LIST_QUERY, 0, NULL,
						 sizeof(list), list, NULL, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, sync.req.status, WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	flags = WSK_TDI_BEHAVIOR_BYPASS_TDI;
	KUNIT_EXPECT_EQ(test, wsk_control_client(client, WSK_TDI_BEHAVIOR, sizeof(flags), &flags,
						 0, NULL, NULL, NULL), 0);
	flags = 0x10;
	KUNIT_EXPECT_EQ(test, wsk_control_client(client, WSK_TDI_BEHAVIOR, sizeof(flags), &flags,
						 0, NULL, NULL, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* WSK_TRANSPORT_LIST_CHANGE, WSK_CACHE_SD */
	KUNIT_EXPECT_EQ(test, wsk_control_client(client, 3, 0, NULL, 0, NULL, NULL, NULL),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	KUNIT_EXPECT_EQ(test, wsk_control_client(client, 4, 0, NULL, 0, NULL, NULL, NULL),
			WSK_ST(WSK_STATUS_NOT_SUPPORTED));
}

/* A queued option that close overtakes completes as cancelled, and nothing leaks. */
static void options_cancelled_by_close(struct kunit *test)
{
	struct wsk_socket *sock;
	struct wsk_sync sync, closing;
	wsk_status_t st, cst;
	u32 one = 1;

	sock = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_CONNECTION_SOCKET, NULL, NULL);
	wt_forget(test, sock);
	wsk_sync_init(&sync);
	wsk_sync_init(&closing);
	/* In this order on one queue: the option either ran or is cancelled, never lost. */
	st = wsk_control_socket(sock, WSK_SET_OPTION, WSK_TCP_NODELAY, WSK_IPPROTO_TCP,
				sizeof(one), &one, 0, NULL, NULL, &sync.req);
	cst = wsk_close_socket(sock, &closing.req);
	KUNIT_EXPECT_EQ(test, st, WSK_ST(WSK_STATUS_PENDING));
	st = wt_wait_req(test, &sync, st);
	KUNIT_EXPECT_TRUE_MSG(test, st == 0 || st == WSK_ST(WSK_STATUS_CANCELLED), "%s",
			      wsk_status_name(st));
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &closing, cst), 0);
}

static struct kunit_case options_test_cases[] = {
	KUNIT_CASE(options_roundtrip_ipv4),
	KUNIT_CASE(options_roundtrip_ipv6),
	KUNIT_CASE(options_datagram_roundtrip),
	KUNIT_CASE(options_request_rules),
	KUNIT_CASE(options_exclusive_addr_use_ipv4),
	KUNIT_CASE(options_exclusive_addr_use_ipv6),
	KUNIT_CASE(options_set_remote_address_ipv4),
	KUNIT_CASE(options_set_remote_address_ipv6),
	KUNIT_CASE(options_set_sendto_address_ipv4),
	KUNIT_CASE(options_set_sendto_address_ipv6),
	KUNIT_CASE(options_receive_backlog_ipv4),
	KUNIT_CASE(options_receive_backlog_ipv6),
	KUNIT_CASE(options_multicast_join_leave),
	KUNIT_CASE(options_set_from_softirq_callback),
	KUNIT_CASE(options_control_info_ipv4),
	KUNIT_CASE(options_control_info_ipv6),
	KUNIT_CASE(options_cancelled_by_close),
	KUNIT_CASE(client_control_codes),
	KUNIT_CASE(options_request_control_info_ipv4),
	KUNIT_CASE(options_request_control_info_ipv6),
	{}
};

struct kunit_suite wsk_options_test_suite = {
	.name = "wsk_options",
	.suite_init = wt_suite_init,
	.suite_exit = wt_suite_exit,
	.init = wt_init,
	.exit = wt_exit,
	.test_cases = options_test_cases,
};
