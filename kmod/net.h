/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel socket plumbing shared by every socket category: creation with the options wsk
 * relies on, and socket address validation.
 */
#ifndef _WSK_NET_H
#define _WSK_NET_H

#include <linux/socket.h>
#include <linux/types.h>

struct net;
struct sock;
struct socket;

int wsk_net_sock_create(struct net *net, int family, int type, int protocol,
			struct socket **res);
int wsk_sockaddr_len(const struct sockaddr *sa, size_t len);
int wsk_net_sock_name(struct sock *sk, bool peer, struct sockaddr_storage *ss);
void wsk_sockaddr_loopback(struct sockaddr_storage *ss, int family, u16 port);
u16 wsk_sockaddr_port(const struct sockaddr_storage *ss);

#endif /* _WSK_NET_H */
