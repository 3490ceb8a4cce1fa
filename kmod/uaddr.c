// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/wsk: addresses between their UAPI form (struct wsk_addr) and socket addresses, for the
 * requests, the records, socket info and the services.
 */

#include "compat.h"
#include "uclient.h"

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/string.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>

int wsk_uaddr_in(const struct wsk_addr *a, struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	switch (a->family) {
	case AF_INET:
		sin->sin_family = AF_INET;
		sin->sin_port = htons(a->port);
		memcpy(&sin->sin_addr, a->addr, 4);
		return 0;
	case AF_INET6:
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(a->port);
		sin6->sin6_scope_id = a->scope_id;
		memcpy(&sin6->sin6_addr, a->addr, 16);
		return 0;
	}
	return -EINVAL;
}

void wsk_uaddr_out(const struct sockaddr *sa, struct wsk_addr *a)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

	memset(a, 0, sizeof(*a));
	if (!sa)
		return;
	switch (sa->sa_family) {
	case AF_INET:
		a->family = AF_INET;
		a->port = ntohs(sin->sin_port);
		memcpy(a->addr, &sin->sin_addr, 4);
		break;
	case AF_INET6:
		a->family = AF_INET6;
		a->port = ntohs(sin6->sin6_port);
		a->scope_id = sin6->sin6_scope_id;
		memcpy(a->addr, &sin6->sin6_addr, 16);
		break;
	}
}

/*
 * The local or remote address of a socket, read without the socket lock: a held callback may
 * hold that lock for as long as userspace wants, and SOCKINFO must still answer.
 */
void wsk_uaddr_of_sk(struct sock *sk, bool remote, struct wsk_addr *a)
{
	struct inet_sock *inet = inet_sk(sk);

	memset(a, 0, sizeof(*a));
	a->family = sk->sk_family;
	a->port = ntohs(remote ? READ_ONCE(inet->inet_dport) : READ_ONCE(inet->inet_sport));
	if (sk->sk_family == AF_INET) {
		__be32 ip = remote ? READ_ONCE(inet->inet_daddr) : READ_ONCE(sk->sk_rcv_saddr);

		memcpy(a->addr, &ip, 4);
	}
#if IS_ENABLED(CONFIG_IPV6)
	else if (sk->sk_family == AF_INET6) {
		memcpy(a->addr, remote ? &sk->sk_v6_daddr : &sk->sk_v6_rcv_saddr, 16);
		a->scope_id = READ_ONCE(sk->sk_bound_dev_if);
	}
#endif
}
