// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "wsk_net": kernel TCP and UDP sockets over loopback, in both address families,
 * created through wsk's socket plumbing.
 */

#include "compat.h"
#include "harness.h"
#include "net.h"
#include "suites.h"

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/net_namespace.h>
#include <net/sock.h>

/* Blocking calls in these tests give up after this long instead of hanging the run. */
#define NET_TEST_TIMEOUT	(5 * HZ)

static const char net_test_payload[] = "wsk loopback payload";

static void net_test_bound_timeouts(struct socket *sock)
{
	sock->sk->sk_rcvtimeo = NET_TEST_TIMEOUT;
	sock->sk->sk_sndtimeo = NET_TEST_TIMEOUT;
}

static struct socket *net_test_socket(struct kunit *test, int family, int type)
{
	struct socket *sock = NULL;

	KUNIT_ASSERT_EQ(test, wsk_net_sock_create(&init_net, family, type, 0, &sock), 0);
	KUNIT_ASSERT_NOT_NULL(test, sock);
	net_test_bound_timeouts(sock);
	return sock;
}

/* Bind to the loopback address on an ephemeral port and return the address bound to. */
static void net_test_bind_loopback(struct kunit *test, struct socket *sock, int family,
				   struct sockaddr_storage *bound)
{
	struct sockaddr_storage ss;
	int len;

	wsk_sockaddr_loopback(&ss, family, 0);
	len = wsk_sockaddr_len((struct sockaddr *)&ss, sizeof(ss));
	KUNIT_ASSERT_GT(test, len, 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(sock, (struct sockaddr *)&ss, len), 0);
	KUNIT_ASSERT_GT(test, kernel_getsockname(sock, (struct sockaddr *)bound), 0);
	KUNIT_EXPECT_EQ(test, bound->ss_family, family);
	KUNIT_EXPECT_NE(test, wsk_sockaddr_port(bound), 0);
}

static int net_test_send(struct socket *sock, const void *buf, size_t len,
			 struct sockaddr_storage *to)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = {};

	if (to) {
		msg.msg_name = to;
		msg.msg_namelen = wsk_sockaddr_len((struct sockaddr *)to, sizeof(*to));
	}
	return kernel_sendmsg(sock, &msg, &iov, 1, len);
}

static int net_test_recv(struct socket *sock, void *buf, size_t len,
			 struct sockaddr_storage *from)
{
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {};

	if (from) {
		msg.msg_name = from;
		msg.msg_namelen = sizeof(*from);
	}
	return kernel_recvmsg(sock, &msg, &iov, 1, len, MSG_WAITALL);
}

static void net_test_tcp(struct kunit *test, int family)
{
	struct socket *lsock, *csock, *asock = NULL;
	struct sockaddr_storage laddr, peer;
	char buf[sizeof(net_test_payload)] = {};
	int len;

	lsock = net_test_socket(test, family, SOCK_STREAM);
	net_test_bind_loopback(test, lsock, family, &laddr);
	KUNIT_ASSERT_EQ(test, kernel_listen(lsock, 8), 0);

	csock = net_test_socket(test, family, SOCK_STREAM);
	len = wsk_sockaddr_len((struct sockaddr *)&laddr, sizeof(laddr));
	KUNIT_ASSERT_EQ(test, kernel_connect(csock, (struct sockaddr *)&laddr, len, 0), 0);
	KUNIT_ASSERT_EQ(test, kernel_accept(lsock, &asock, 0), 0);
	net_test_bound_timeouts(asock);

	/* The accepted socket's peer is the connecting socket. */
	KUNIT_EXPECT_GT(test, kernel_getpeername(asock, (struct sockaddr *)&peer), 0);
	KUNIT_EXPECT_EQ(test, peer.ss_family, family);

	KUNIT_EXPECT_EQ(test, net_test_send(csock, net_test_payload, sizeof(net_test_payload),
					    NULL), (int)sizeof(net_test_payload));
	KUNIT_EXPECT_EQ(test, net_test_recv(asock, buf, sizeof(buf), NULL), (int)sizeof(buf));
	KUNIT_EXPECT_MEMEQ(test, buf, net_test_payload, sizeof(buf));

	/* An orderly shutdown from the client reads as end of stream on the server. */
	KUNIT_EXPECT_EQ(test, kernel_sock_shutdown(csock, SHUT_WR), 0);
	KUNIT_EXPECT_EQ(test, net_test_recv(asock, buf, sizeof(buf), NULL), 0);

	sock_release(asock);
	sock_release(csock);
	sock_release(lsock);
}

static void net_test_udp(struct kunit *test, int family)
{
	struct sockaddr_storage raddr, saddr, from;
	struct socket *rsock, *ssock;
	char buf[sizeof(net_test_payload) + 8] = {};

	rsock = net_test_socket(test, family, SOCK_DGRAM);
	net_test_bind_loopback(test, rsock, family, &raddr);
	ssock = net_test_socket(test, family, SOCK_DGRAM);
	net_test_bind_loopback(test, ssock, family, &saddr);

	KUNIT_EXPECT_EQ(test, net_test_send(ssock, net_test_payload, sizeof(net_test_payload),
					    &raddr), (int)sizeof(net_test_payload));
	/* One datagram, with its boundary and its source address intact. */
	KUNIT_EXPECT_EQ(test, net_test_recv(rsock, buf, sizeof(buf), &from),
			(int)sizeof(net_test_payload));
	KUNIT_EXPECT_MEMEQ(test, buf, net_test_payload, sizeof(net_test_payload));
	KUNIT_EXPECT_EQ(test, from.ss_family, family);
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_port(&from), wsk_sockaddr_port(&saddr));

	sock_release(ssock);
	sock_release(rsock);
}

static void net_test_tcp_ipv4(struct kunit *test)
{
	net_test_tcp(test, AF_INET);
}

static void net_test_tcp_ipv6(struct kunit *test)
{
	net_test_tcp(test, AF_INET6);
}

static void net_test_udp_ipv4(struct kunit *test)
{
	net_test_udp(test, AF_INET);
}

static void net_test_udp_ipv6(struct kunit *test)
{
	net_test_udp(test, AF_INET6);
}

static void net_test_create_rejects(struct kunit *test)
{
	struct socket *sock = NULL;

	KUNIT_EXPECT_EQ(test, wsk_net_sock_create(&init_net, AF_UNIX, SOCK_STREAM, 0, &sock),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, wsk_net_sock_create(&init_net, AF_INET, SOCK_RAW, 0, &sock),
			-ESOCKTNOSUPPORT);
	KUNIT_EXPECT_EQ(test, wsk_net_sock_create(&init_net, AF_INET, SOCK_STREAM, IPPROTO_UDP,
						  &sock), -EPROTONOSUPPORT);
	KUNIT_EXPECT_EQ(test, wsk_net_sock_create(&init_net, AF_INET6, SOCK_DGRAM, IPPROTO_TCP,
						  &sock), -EPROTONOSUPPORT);
	KUNIT_EXPECT_NULL(test, sock);
}

static void net_test_sockaddr_len(struct kunit *test)
{
	struct sockaddr_storage ss;

	wsk_sockaddr_loopback(&ss, AF_INET, 9);
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_len((struct sockaddr *)&ss, sizeof(ss)),
			(int)sizeof(struct sockaddr_in));
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_len((struct sockaddr *)&ss, 4), -EINVAL);
	wsk_sockaddr_loopback(&ss, AF_INET6, 9);
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_len((struct sockaddr *)&ss, sizeof(ss)),
			(int)sizeof(struct sockaddr_in6));
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_len((struct sockaddr *)&ss,
					       sizeof(struct sockaddr_in)), -EINVAL);
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_port(&ss), 9);
	ss.ss_family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_len((struct sockaddr *)&ss, sizeof(ss)),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, wsk_sockaddr_len((struct sockaddr *)&ss, 1), -EINVAL);
}

#ifdef WSK_INJECT_KUNIT
/* A case that fails on purpose when the test platform checks itself. */
static void net_test_injected_failure(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1, 2);
}
#endif

static struct kunit_case net_test_cases[] = {
#ifdef WSK_INJECT_KUNIT
	KUNIT_CASE(net_test_injected_failure),
#endif
	KUNIT_CASE(net_test_create_rejects),
	KUNIT_CASE(net_test_sockaddr_len),
	KUNIT_CASE(net_test_tcp_ipv4),
	KUNIT_CASE(net_test_tcp_ipv6),
	KUNIT_CASE(net_test_udp_ipv4),
	KUNIT_CASE(net_test_udp_ipv6),
	{}
};

struct kunit_suite wsk_net_test_suite = {
	.name = "wsk_net",
	.suite_init = wt_suite_init,
	.suite_exit = wt_suite_exit,
	.test_cases = net_test_cases,
};
