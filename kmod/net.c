// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel socket plumbing shared by every socket category.
 */

#include "compat.h"
#include "net.h"

#include <kunit/visibility.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/sock.h>

/**
 * wsk_net_sock_create() - create a kernel socket for wsk
 * @net: network namespace the socket lives in
 * @family: AF_INET or AF_INET6
 * @type: SOCK_STREAM or SOCK_DGRAM
 * @protocol: IPPROTO_TCP, IPPROTO_UDP or 0 for the default of @type
 * @res: the new socket
 *
 * The socket is a kernel socket that holds a reference on @net, as a user socket does, so that
 * TCP times out its orphan normally after the close (compat.h). It never uses the page
 * fragment of whatever task happens to run a send, because wsk sends from work items and
 * callbacks. A TCP socket reads urgent data inline.
 *
 * Return: 0 or a negative errno.
 */
int wsk_net_sock_create(struct net *net, int family, int type, int protocol,
			struct socket **res)
{
	struct socket *sock;
	int err;

	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	if (type == SOCK_STREAM && protocol != 0 && protocol != IPPROTO_TCP)
		return -EPROTONOSUPPORT;
	if (type == SOCK_DGRAM && protocol != 0 && protocol != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	if (type != SOCK_STREAM && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;

	err = sock_create_kern(net, family, type, protocol, &sock);
	if (err)
		return err;
	wsk_compat_sk_net_refcnt_upgrade(sock->sk);
	wsk_compat_no_task_frag(sock->sk);
	/*
	 * TCP urgent data stays in the stream (SO_OOBINLINE, as RFC 6093 advises): wsk has no
	 * out-of-band interface, and neither path may lose the byte or stop at it
	 * (conn_events.c). The socket is new and nobody else can see it yet. Children cloned
	 * from a listener inherit the flag.
	 */
	if (type == SOCK_STREAM)
		sock_set_flag(sock->sk, SOCK_URGINLINE);
	*res = sock;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_net_sock_create);

/**
 * wsk_net_sock_name() - the local or remote address of a bound or connected socket
 * @sk: the socket
 * @peer: the remote address (the socket must be connected) rather than the local one
 * @ss: where to store it
 *
 * What getsockname() and getpeername() answer, read from the socket's fields without the
 * socket lock, which inet_getname() takes: this may be called from any context, inside a
 * callback that runs under that lock included. The fields do not change once the socket is
 * bound (local) or connected (remote), which the caller has checked.
 *
 * Return: the length of the address stored.
 */
int wsk_net_sock_name(struct sock *sk, bool peer, struct sockaddr_storage *ss)
{
	const struct inet_sock *inet = inet_sk(sk);

	memset(ss, 0, sizeof(*ss));
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		if (peer) {
			sin6->sin6_port = READ_ONCE(inet->inet_dport);
			sin6->sin6_addr = sk->sk_v6_daddr;
		} else {
			sin6->sin6_port = READ_ONCE(inet->inet_sport);
			sin6->sin6_addr = ipv6_addr_any(&sk->sk_v6_rcv_saddr) ?
					  inet6_sk(sk)->saddr : sk->sk_v6_rcv_saddr;
		}
		sin6->sin6_scope_id = ipv6_iface_scope_id(&sin6->sin6_addr,
							  READ_ONCE(sk->sk_bound_dev_if));
		return sizeof(*sin6);
	}
#endif
	{
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		if (peer) {
			sin->sin_port = READ_ONCE(inet->inet_dport);
			sin->sin_addr.s_addr = READ_ONCE(inet->inet_daddr);
		} else {
			sin->sin_port = READ_ONCE(inet->inet_sport);
			sin->sin_addr.s_addr = READ_ONCE(inet->inet_rcv_saddr) ?:
					       READ_ONCE(inet->inet_saddr);
		}
		return sizeof(*sin);
	}
}

/**
 * wsk_sockaddr_len() - validate a socket address and return its length
 * @sa: the address
 * @len: the number of bytes available at @sa
 *
 * Return: sizeof(struct sockaddr_in) or sizeof(struct sockaddr_in6), -EAFNOSUPPORT for any
 * other family, or -EINVAL if @len is too short for the family.
 */
int wsk_sockaddr_len(const struct sockaddr *sa, size_t len)
{
	size_t need;

	if (len < sizeof(sa->sa_family))
		return -EINVAL;
	switch (sa->sa_family) {
	case AF_INET:
		need = sizeof(struct sockaddr_in);
		break;
	case AF_INET6:
		need = sizeof(struct sockaddr_in6);
		break;
	default:
		return -EAFNOSUPPORT;
	}
	return len < need ? -EINVAL : need;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_sockaddr_len);

/**
 * wsk_sockaddr_loopback() - fill in the loopback address of a family
 * @ss: the address to fill in
 * @family: AF_INET (127.0.0.1) or AF_INET6 (::1)
 * @port: port in host byte order
 */
void wsk_sockaddr_loopback(struct sockaddr_storage *ss, int family, u16 port)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		sin6->sin6_port = htons(port);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin->sin_port = htons(port);
	}
}
EXPORT_SYMBOL_IF_KUNIT(wsk_sockaddr_loopback);

/**
 * wsk_sockaddr_port() - the port of an AF_INET or AF_INET6 address, in host byte order
 * @ss: the address
 *
 * Return: the port, or 0 for any other family.
 */
u16 wsk_sockaddr_port(const struct sockaddr_storage *ss)
{
	switch (ss->ss_family) {
	case AF_INET:
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	case AF_INET6:
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_sockaddr_port);
