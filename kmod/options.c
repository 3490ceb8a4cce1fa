// SPDX-License-Identifier: GPL-2.0
/*
 * WskControlSocket's socket options and IOCTLs, apart from SO_WSK_EVENT_CALLBACK (events.c)
 * and SIO_WSK_QUERY_IDEAL_SEND_BACKLOG (socket.c).
 *
 * The options have Windows' levels and numbers (uapi/linux/wsk.h) and Windows' value
 * layouts; each maps onto the Linux option that does the same thing, set with the socket's
 * own setsockopt (kernel memory, sockptr_t), and read back from the socket's state, since
 * Linux's getsockopt only writes to user memory.
 *
 * Every one needs a request (the IRP is required for each, as Windows documents for its
 * options), and every one is carried out by the socket's work item, in process context: a
 * setsockopt takes the socket lock, which may sleep, and a client may call from its
 * callbacks, in softirq. A get runs there too, so that it reads the state under the lock that
 * its writers hold. So each completes later, with WSK_STATUS_PENDING returned, or at once
 * with a failure status when the call is invalid. A get's value is written to the caller's
 * buffer, which must stay valid until the request completes, and its size is the request's
 * information.
 */

#include "compat.h"
#include "core.h"
#include "net.h"

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/sockptr.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/udp.h>

enum wsk_opt_kind {
	WSK_OK_INT,		/* a ULONG, passed on as an int */
	WSK_OK_LINGER,		/* struct wsk_linger */
	WSK_OK_DONTFRAG,	/* IP_DONTFRAGMENT: a ULONG, as IP_MTU_DISCOVER */
	WSK_OK_EXCLUSIVE,	/* SO_EXCLUSIVEADDRUSE: wsk's own state */
	WSK_OK_COND,		/* SO_CONDITIONAL_ACCEPT: wsk's own state (listen.c) */
	WSK_OK_MREQ,		/* struct wsk_ip_mreq */
	WSK_OK_MREQ6,		/* struct wsk_ipv6_mreq */
};

/* The socket types an option applies to. */
#define WSK_OT_STREAM	BIT(0)
#define WSK_OT_DGRAM	BIT(1)
#define WSK_OT_ANY	(WSK_OT_STREAM | WSK_OT_DGRAM)

/* The categories that have options: all but the basic socket, as Windows documents. */
#define WSK_OPT_CATEGORIES	(WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_CONNECTION_SOCKET | \
				 WSK_FLAG_DATAGRAM_SOCKET | WSK_FLAG_STREAM_SOCKET)

/**
 * struct wsk_opt - one WSK socket option and its Linux counterpart
 * @level: the WSK level (WSK_SOL_SOCKET, WSK_IPPROTO_*)
 * @code: the Windows option number
 * @kind: how the value is passed on (enum wsk_opt_kind)
 * @types: WSK_OT_*: the socket types it applies to
 * @ipv6: only on AF_INET6 sockets
 * @ipv4: only on AF_INET sockets
 * @set_only: a get answers WSK_STATUS_NOT_SUPPORTED (multicast joins)
 * @before_bind: a set once the socket is bound answers WSK_STATUS_INVALID_DEVICE_STATE
 * @lin_level: the Linux level
 * @lin_name: the Linux option
 */
struct wsk_opt {
	u32 level;
	u32 code;
	u8 kind;
	u8 types;
	bool ipv6;
	bool ipv4;
	bool set_only;
	bool before_bind;
	int lin_level;
	int lin_name;
};

#define WSK_OPT(lvl, cd, knd, tps, v6, lvl_l, nm)	\
	{ .level = (lvl), .code = (cd), .kind = (knd), .types = (tps), .ipv6 = (v6), \
	  .lin_level = (lvl_l), .lin_name = (nm) }

static const struct wsk_opt wsk_opts[] = {
	{ .level = WSK_SOL_SOCKET, .code = WSK_SO_REUSEADDR, .kind = WSK_OK_INT,
	  .types = WSK_OT_ANY, .before_bind = true, .lin_level = SOL_SOCKET,
	  .lin_name = SO_REUSEADDR },
	{ .level = WSK_SOL_SOCKET, .code = WSK_SO_EXCLUSIVEADDRUSE, .kind = WSK_OK_EXCLUSIVE,
	  .types = WSK_OT_ANY, .before_bind = true },
	{ .level = WSK_SOL_SOCKET, .code = SO_CONDITIONAL_ACCEPT, .kind = WSK_OK_COND,
	  .types = WSK_OT_STREAM, .before_bind = true },
	WSK_OPT(WSK_SOL_SOCKET, WSK_SO_KEEPALIVE, WSK_OK_INT, WSK_OT_STREAM, false,
		SOL_SOCKET, SO_KEEPALIVE),
	WSK_OPT(WSK_SOL_SOCKET, WSK_SO_BROADCAST, WSK_OK_INT, WSK_OT_DGRAM, false,
		SOL_SOCKET, SO_BROADCAST),
	WSK_OPT(WSK_SOL_SOCKET, WSK_SO_LINGER, WSK_OK_LINGER, WSK_OT_STREAM, false,
		SOL_SOCKET, SO_LINGER),
	WSK_OPT(WSK_SOL_SOCKET, WSK_SO_SNDBUF, WSK_OK_INT, WSK_OT_ANY, false,
		SOL_SOCKET, SO_SNDBUF),
	WSK_OPT(WSK_SOL_SOCKET, WSK_SO_RCVBUF, WSK_OK_INT, WSK_OT_ANY, false,
		SOL_SOCKET, SO_RCVBUF),
	WSK_OPT(WSK_IPPROTO_TCP, WSK_TCP_NODELAY, WSK_OK_INT, WSK_OT_STREAM, false,
		SOL_TCP, TCP_NODELAY),
	WSK_OPT(WSK_IPPROTO_TCP, WSK_TCP_KEEPIDLE, WSK_OK_INT, WSK_OT_STREAM, false,
		SOL_TCP, TCP_KEEPIDLE),
	WSK_OPT(WSK_IPPROTO_TCP, WSK_TCP_KEEPINTVL, WSK_OK_INT, WSK_OT_STREAM, false,
		SOL_TCP, TCP_KEEPINTVL),
	WSK_OPT(WSK_IPPROTO_TCP, WSK_TCP_KEEPCNT, WSK_OK_INT, WSK_OT_STREAM, false,
		SOL_TCP, TCP_KEEPCNT),
	WSK_OPT(WSK_IPPROTO_IP, WSK_IP_TOS, WSK_OK_INT, WSK_OT_ANY, false, SOL_IP, IP_TOS),
	WSK_OPT(WSK_IPPROTO_IP, WSK_IP_TTL, WSK_OK_INT, WSK_OT_ANY, false, SOL_IP, IP_TTL),
	WSK_OPT(WSK_IPPROTO_IP, WSK_IP_DONTFRAGMENT, WSK_OK_DONTFRAG, WSK_OT_ANY, false,
		SOL_IP, IP_MTU_DISCOVER),
	/*
	 * IPv4 sockets only: an IPv6 socket's control info is IPV6_PKTINFO's, for its IPv4
	 * datagrams too (their v4-mapped addresses).
	 */
	{ .level = WSK_IPPROTO_IP, .code = WSK_IP_PKTINFO, .kind = WSK_OK_INT,
	  .types = WSK_OT_DGRAM, .ipv4 = true, .lin_level = SOL_IP, .lin_name = IP_PKTINFO },
	{ .level = WSK_IPPROTO_IP, .code = WSK_IP_ADD_MEMBERSHIP, .kind = WSK_OK_MREQ,
	  .types = WSK_OT_DGRAM, .set_only = true, .lin_level = SOL_IP,
	  .lin_name = IP_ADD_MEMBERSHIP },
	{ .level = WSK_IPPROTO_IP, .code = WSK_IP_DROP_MEMBERSHIP, .kind = WSK_OK_MREQ,
	  .types = WSK_OT_DGRAM, .set_only = true, .lin_level = SOL_IP,
	  .lin_name = IP_DROP_MEMBERSHIP },
	WSK_OPT(WSK_IPPROTO_IPV6, WSK_IPV6_V6ONLY, WSK_OK_INT, WSK_OT_ANY, true,
		SOL_IPV6, IPV6_V6ONLY),
	WSK_OPT(WSK_IPPROTO_IPV6, WSK_IPV6_UNICAST_HOPS, WSK_OK_INT, WSK_OT_ANY, true,
		SOL_IPV6, IPV6_UNICAST_HOPS),
	WSK_OPT(WSK_IPPROTO_IPV6, WSK_IPV6_DONTFRAG, WSK_OK_INT, WSK_OT_DGRAM, true,
		SOL_IPV6, IPV6_DONTFRAG),
	WSK_OPT(WSK_IPPROTO_IPV6, WSK_IPV6_PKTINFO, WSK_OK_INT, WSK_OT_DGRAM, true,
		SOL_IPV6, IPV6_RECVPKTINFO),
	{ .level = WSK_IPPROTO_IPV6, .code = WSK_IPV6_ADD_MEMBERSHIP, .kind = WSK_OK_MREQ6,
	  .types = WSK_OT_DGRAM, .ipv6 = true, .set_only = true, .lin_level = SOL_IPV6,
	  .lin_name = IPV6_ADD_MEMBERSHIP },
	{ .level = WSK_IPPROTO_IPV6, .code = WSK_IPV6_DROP_MEMBERSHIP, .kind = WSK_OK_MREQ6,
	  .types = WSK_OT_DGRAM, .ipv6 = true, .set_only = true, .lin_level = SOL_IPV6,
	  .lin_name = IPV6_DROP_MEMBERSHIP },
};

static const struct wsk_opt *wsk_opt_find(u32 level, u32 code)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(wsk_opts); i++)
		if (wsk_opts[i].level == level && wsk_opts[i].code == code)
			return &wsk_opts[i];
	return NULL;
}

/* The size of an option's value on the WSK side. */
static size_t wsk_opt_size(const struct wsk_opt *o)
{
	switch (o->kind) {
	case WSK_OK_LINGER:
		return sizeof(struct wsk_linger);
	case WSK_OK_MREQ:
		return sizeof(struct wsk_ip_mreq);
	case WSK_OK_MREQ6:
		return sizeof(struct wsk_ipv6_mreq);
	default:
		return sizeof(u32);
	}
}

/* Whether @o applies to @ws: its category, socket type and family. */
static wsk_status_t wsk_opt_applies(struct wsk_sock *ws, const struct wsk_opt *o)
{
	u8 type = ws->sock->type == SOCK_STREAM ? WSK_OT_STREAM : WSK_OT_DGRAM;

	if (!(READ_ONCE(ws->category) & WSK_OPT_CATEGORIES))
		return WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST);
	/*
	 * Conditional accept is a listener's mode (a stream socket's too, until it connects):
	 * any other socket has no such option.
	 */
	if (o->kind == WSK_OK_COND && !READ_ONCE(ws->cat)->set_conditional)
		return WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST);
	if (!(o->types & type) || (o->ipv6 && ws->family != AF_INET6) ||
	    (o->ipv4 && ws->family != AF_INET))
		return WSK_ST(WSK_STATUS_NOT_SUPPORTED);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/* A Linux error of a setsockopt as a WSK status. */
static wsk_status_t wsk_opt_status(int err)
{
	if (err == -ENOPROTOOPT)
		return WSK_ST(WSK_STATUS_NOT_SUPPORTED);
	return err ? wsk_errno_to_status(err) : WSK_ST(WSK_STATUS_SUCCESS);
}

static int wsk_opt_setsockopt(struct socket *sock, int level, int name, void *val,
			      unsigned int len)
{
	if (level == SOL_SOCKET)
		return sock_setsockopt(sock, level, name, KERNEL_SOCKPTR(val), len);
	return sock->ops->setsockopt(sock, level, name, KERNEL_SOCKPTR(val), len);
}

/* Set an option. Process context; the socket lock is not held. */
static wsk_status_t wsk_opt_set(struct wsk_sock *ws, const struct wsk_opt *o, const u8 *val)
{
	struct sock *sk = ws->sock->sk;
	struct wsk_ipv6_mreq wm6;
	struct ipv6_mreq mreq6;
	struct wsk_linger wl;
	struct ip_mreq mreq;
	struct linger l;
	wsk_status_t st;
	u32 v;
	int i;

	if (o->before_bind && test_bit(WSK_S_BOUND, &ws->state))
		return WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE);
	switch (o->kind) {
	case WSK_OK_LINGER:
		memcpy(&wl, val, sizeof(wl));
		l.l_onoff = wl.l_onoff;
		l.l_linger = wl.l_linger;
		return wsk_opt_status(wsk_opt_setsockopt(ws->sock, o->lin_level, o->lin_name,
							 &l, sizeof(l)));
	case WSK_OK_MREQ:
		memcpy(&mreq.imr_multiaddr, val, 4);
		memcpy(&mreq.imr_interface, val + 4, 4);
		return wsk_opt_status(wsk_opt_setsockopt(ws->sock, o->lin_level, o->lin_name,
							 &mreq, sizeof(mreq)));
	case WSK_OK_MREQ6:
		memcpy(&wm6, val, sizeof(wm6));
		memcpy(&mreq6.ipv6mr_multiaddr, wm6.ipv6mr_multiaddr, 16);
		mreq6.ipv6mr_ifindex = wm6.ipv6mr_interface;
		return wsk_opt_status(wsk_opt_setsockopt(ws->sock, o->lin_level, o->lin_name,
							 &mreq6, sizeof(mreq6)));
	default:
		break;
	}
	memcpy(&v, val, sizeof(v));
	if (o->kind == WSK_OK_COND) {
		const struct wsk_category *cat = READ_ONCE(ws->cat);

		if (!cat->set_conditional)
			return WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST);
		return v > 1 ? WSK_ST(WSK_STATUS_INVALID_PARAMETER) : cat->set_conditional(ws, v);
	}
	if (o->kind == WSK_OK_EXCLUSIVE) {
		/*
		 * Linux never lets another socket share an address whose socket asked for no
		 * sharing (neither SO_REUSEADDR nor SO_REUSEPORT): that is the exclusive use.
		 * Windows refuses the two options together.
		 */
		lock_sock(sk);
		if (v && (sk->sk_reuse || sk->sk_reuseport)) {
			st = WSK_ST(WSK_STATUS_INVALID_PARAMETER);
		} else {
			assign_bit(WSK_S_EXCLUSIVE, &ws->state, v);
			st = WSK_ST(WSK_STATUS_SUCCESS);
		}
		release_sock(sk);
		return st;
	}
	if (o->lin_level == SOL_SOCKET && o->lin_name == SO_REUSEADDR && v &&
	    test_bit(WSK_S_EXCLUSIVE, &ws->state))
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (o->kind == WSK_OK_DONTFRAG)
		v = v ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT;
	/* Windows' sizes and counts are unsigned: one past INT_MAX is not a negative int. */
	if (v > INT_MAX)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	i = v;
	st = wsk_opt_status(wsk_opt_setsockopt(ws->sock, o->lin_level, o->lin_name, &i,
					       sizeof(i)));
	/* The send path switches Nagle off once per WSK_S_NODELAY (conn.c): keep it true. */
	if (!st && o->lin_level == SOL_TCP && o->lin_name == TCP_NODELAY)
		assign_bit(WSK_S_NODELAY, &ws->state, i);
	return st;
}

/*
 * After a set of IP_PKTINFO or IPV6_PKTINFO: whether the socket's datagram indications carry
 * control info, read from the socket as the option left it (dgram.c reads the bit).
 */
static void wsk_opt_pktinfo_changed(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;
	bool on;

	lock_sock(sk);
	on = ws->family == AF_INET ? wsk_compat_ip_pktinfo(sk) : inet6_sk(sk)->rxopt.bits.rxinfo;
	assign_bit(WSK_S_PKTINFO, &ws->state, on);
	release_sock(sk);
}

/* Read an option's value. Process context, under the socket lock. */
static u32 wsk_opt_value(struct wsk_sock *ws, const struct wsk_opt *o)
{
	struct sock *sk = ws->sock->sk;
	int v;

	if (o->kind == WSK_OK_EXCLUSIVE)
		return test_bit(WSK_S_EXCLUSIVE, &ws->state);
	if (o->kind == WSK_OK_COND)
		return test_bit(WSK_S_COND_ACCEPT, &ws->state);
	if (o->kind == WSK_OK_DONTFRAG) {
		v = READ_ONCE(inet_sk(sk)->pmtudisc);
		return v == IP_PMTUDISC_DO || v == IP_PMTUDISC_PROBE;
	}
	switch (o->lin_level) {
	case SOL_SOCKET:
		switch (o->lin_name) {
		case SO_REUSEADDR:
			return sk->sk_reuse != SK_NO_REUSE;
		case SO_KEEPALIVE:
			return sock_flag(sk, SOCK_KEEPOPEN);
		case SO_BROADCAST:
			return sock_flag(sk, SOCK_BROADCAST);
		case SO_SNDBUF:
			return READ_ONCE(sk->sk_sndbuf);
		case SO_RCVBUF:
			return READ_ONCE(sk->sk_rcvbuf);
		}
		break;
	case SOL_TCP:
		switch (o->lin_name) {
		case TCP_NODELAY:
			return !!(tcp_sk(sk)->nonagle & TCP_NAGLE_OFF);
		case TCP_KEEPIDLE:
			return keepalive_time_when(tcp_sk(sk)) / HZ;
		case TCP_KEEPINTVL:
			return keepalive_intvl_when(tcp_sk(sk)) / HZ;
		case TCP_KEEPCNT:
			return keepalive_probes(tcp_sk(sk));
		}
		break;
	case SOL_IP:
		switch (o->lin_name) {
		case IP_TOS:
			return READ_ONCE(inet_sk(sk)->tos);
		case IP_TTL:
			v = READ_ONCE(inet_sk(sk)->uc_ttl);
			return v >= 0 ? v : READ_ONCE(sock_net(sk)->ipv4.sysctl_ip_default_ttl);
		case IP_PKTINFO:
			return wsk_compat_ip_pktinfo(sk);
		}
		break;
	case SOL_IPV6:
		switch (o->lin_name) {
		case IPV6_V6ONLY:
			return sk->sk_ipv6only;
		case IPV6_UNICAST_HOPS:
			v = wsk_compat_ipv6_hop_limit(sk);
			return v >= 0 ? v :
			       READ_ONCE(sock_net(sk)->ipv6.devconf_all->hop_limit);
		case IPV6_DONTFRAG:
			return wsk_compat_ipv6_dontfrag(sk);
		case IPV6_RECVPKTINFO:
			return inet6_sk(sk)->rxopt.bits.rxinfo;
		}
		break;
	}
	WARN_ON_ONCE(1);
	return 0;
}

static void wsk_opt_get(struct wsk_sock *ws, const struct wsk_opt *o, struct wsk_request *req)
{
	struct sock *sk = ws->sock->sk;
	struct wsk_linger wl;
	u32 v;

	lock_sock(sk);
	if (o->kind == WSK_OK_LINGER) {
		wl.l_onoff = sock_flag(sk, SOCK_LINGER);
		wl.l_linger = min_t(unsigned long, READ_ONCE(sk->sk_lingertime) / HZ, U16_MAX);
		memcpy(req->opt.out, &wl, sizeof(wl));
	} else {
		v = wsk_opt_value(ws, o);
		memcpy(req->opt.out, &v, sizeof(v));
	}
	release_sock(sk);
	wsk_complete(req, WSK_ST(WSK_STATUS_SUCCESS), wsk_opt_size(o));
}

/*
 * SIO_WSK_QUERY_RECEIVE_BACKLOG: the bytes received and not yet taken: TCP's unread bytes, or
 * the payload of the datagrams queued on the socket and held back by wsk. Under the socket
 * lock.
 */
static size_t wsk_opt_receive_backlog(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;
	struct sk_buff_head *queues[3];
	struct sk_buff *skb;
	size_t bytes = 0;
	unsigned int i;

	if (sk->sk_type == SOCK_STREAM)
		return max(tcp_inq(sk), 0);
	queues[0] = &ws->dgram_held;
	queues[1] = &udp_sk(sk)->reader_queue;
	queues[2] = &sk->sk_receive_queue;
	for (i = 0; i < ARRAY_SIZE(queues); i++) {
		spin_lock_bh(&queues[i]->lock);
		skb_queue_walk(queues[i], skb)
			bytes += skb->len;
		spin_unlock_bh(&queues[i]->lock);
	}
	return bytes;
}

/* The socket address in an IOCTL's input, checked against the socket's family. */
static int wsk_opt_addr(struct wsk_sock *ws, size_t in_size, const void *in)
{
	int len;

	if (!in || in_size < sizeof(struct sockaddr_in))
		return -EINVAL;
	len = wsk_sockaddr_len(in, min_t(size_t, in_size, sizeof(struct sockaddr_in6)));
	if (len < 0)
		return len;
	return ((const struct sockaddr *)in)->sa_family == ws->family ? len : -EAFNOSUPPORT;
}

static wsk_status_t wsk_opt_set_remote(struct wsk_sock *ws, struct wsk_request *req)
{
	struct sockaddr *addr = (struct sockaddr *)req->opt.val;
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	struct sock *sk = ws->sock->sk;
	int err;

	/*
	 * UDP's disconnect gives up a port the kernel picked at bind time (one not locked by
	 * the bind), which a WSK socket keeps for its life: the bind fixed it.
	 */
	lock_sock(sk);
	sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	release_sock(sk);
	if (!addr->sa_family) {
		/* Clearing: UDP forgets its peer. */
		err = kernel_connect(ws->sock, &unspec, sizeof(unspec), 0);
		if (!err)
			clear_bit(WSK_S_REMOTE_SET, &ws->state);
		return err ? wsk_errno_to_status(err) : WSK_ST(WSK_STATUS_SUCCESS);
	}
	err = kernel_connect(ws->sock, addr, wsk_sockaddr_len(addr, sizeof(struct sockaddr_in6)),
			     0);
	if (!err)
		set_bit(WSK_S_REMOTE_SET, &ws->state);
	return err ? wsk_errno_to_status(err) : WSK_ST(WSK_STATUS_SUCCESS);
}

static wsk_status_t wsk_opt_set_sendto(struct wsk_sock *ws, struct wsk_request *req)
{
	struct sockaddr_in6 *addr = NULL, *old;

	if (((struct sockaddr *)req->opt.val)->sa_family) {
		addr = kmemdup(req->opt.val, sizeof(*addr), GFP_KERNEL);
		if (!addr)
			return WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES);
	}
	spin_lock_bh(&ws->lock);
	old = ws->sendto_addr;
	ws->sendto_addr = addr;
	spin_unlock_bh(&ws->lock);
	kfree(old);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/* Carry out one queued option or IOCTL and complete its request. */
static void wsk_opt_run(struct wsk_sock *ws, struct wsk_request *req)
{
	struct sock *sk = ws->sock->sk;
	const struct wsk_opt *o;
	wsk_status_t st;
	size_t backlog;

	if (req->opt.type == WSK_IOCTL) {
		switch (req->opt.code) {
		case SIO_WSK_SET_REMOTE_ADDRESS:
			st = wsk_opt_set_remote(ws, req);
			break;
		case SIO_WSK_SET_SENDTO_ADDRESS:
			st = wsk_opt_set_sendto(ws, req);
			break;
		case SIO_WSK_QUERY_RECEIVE_BACKLOG:
			lock_sock(sk);
			backlog = wsk_opt_receive_backlog(ws);
			release_sock(sk);
			memcpy(req->opt.out, &backlog, sizeof(backlog));
			wsk_complete(req, WSK_ST(WSK_STATUS_SUCCESS), sizeof(backlog));
			return;
		default:
			st = WSK_ST(WSK_STATUS_NOT_SUPPORTED);
			break;
		}
		wsk_complete(req, st, 0);
		return;
	}
	o = wsk_opt_find(req->opt.level, req->opt.code);
	if (req->opt.type == WSK_GET_OPTION) {
		wsk_opt_get(ws, o, req);
		return;
	}
	st = wsk_opt_set(ws, o, req->opt.val);
	if ((o->lin_level == SOL_IP && o->lin_name == IP_PKTINFO) ||
	    (o->lin_level == SOL_IPV6 && o->lin_name == IPV6_RECVPKTINFO))
		wsk_opt_pktinfo_changed(ws);
	wsk_complete(req, st, 0);
}

/**
 * wsk_options_work() - carry out the socket's queued options and IOCTLs
 * @ws: the socket
 *
 * Called by the socket's work item, before the category's own work. Each request is taken
 * off the queue before it runs, so a cancel finds it gone and it completes here.
 */
void wsk_options_work(struct wsk_sock *ws)
{
	struct wsk_request *req;

	while (!list_empty_careful(&ws->q_opt)) {
		spin_lock_bh(&ws->lock);
		req = list_first_entry_or_null(&ws->q_opt, struct wsk_request, entry);
		if (req)
			list_del_init(&req->entry);
		spin_unlock_bh(&ws->lock);
		if (!req)
			return;
		wsk_opt_run(ws, req);
		cond_resched();
	}
}

/* What close frees: a datagram socket's send-to address, a connection's inspect id. */
void wsk_options_release(struct wsk_sock *ws)
{
	if (ws->category == WSK_FLAG_DATAGRAM_SOCKET) {
		kfree(ws->sendto_addr);
		ws->sendto_addr = NULL;
	} else if (ws->category == WSK_FLAG_CONNECTION_SOCKET) {
		kfree(ws->inspect_id);
		ws->inspect_id = NULL;
	}
}

/**
 * wsk_options_sendto() - the destination of a send-to without an address
 * @ws: the datagram socket
 * @req: the send-to request, which keeps a copy of the address
 *
 * Return: the SIO_WSK_SET_SENDTO_ADDRESS address, copied into @req; else NULL, which the
 * send leaves to UDP: the fixed peer of SIO_WSK_SET_REMOTE_ADDRESS if there is one.
 */
const struct sockaddr *wsk_options_sendto(struct wsk_sock *ws, struct wsk_request *req)
{
	const struct sockaddr *addr = NULL;

	BUILD_BUG_ON(sizeof(req->opt.val) < sizeof(struct sockaddr_in6));
	spin_lock_bh(&ws->lock);
	if (ws->sendto_addr) {
		memcpy(req->opt.val, ws->sendto_addr, sizeof(struct sockaddr_in6));
		addr = (const struct sockaddr *)req->opt.val;
	}
	spin_unlock_bh(&ws->lock);
	return addr;
}

/* The IOCTLs of this file: check, and queue. */
static wsk_status_t wsk_options_ioctl(struct wsk_sock *ws, u32 code, size_t in_size,
				      const void *in, size_t out_size, void *out,
				      struct wsk_request *req)
{
	int len;

	switch (code) {
	case SIO_WSK_SET_REMOTE_ADDRESS:
	case SIO_WSK_SET_SENDTO_ADDRESS:
		if (ws->category != WSK_FLAG_DATAGRAM_SOCKET)
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
		if (code == SIO_WSK_SET_REMOTE_ADDRESS && !test_bit(WSK_S_BOUND, &ws->state))
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
		memset(req->opt.val, 0, sizeof(req->opt.val));
		/* No address (NULL, size 0): forget the one set before. */
		if (in || in_size) {
			len = wsk_opt_addr(ws, in_size, in);
			if (len < 0)
				return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_ADDRESS));
			memcpy(req->opt.val, in, len);
		}
		break;
	case SIO_WSK_QUERY_RECEIVE_BACKLOG:
		if (!(ws->category & (WSK_FLAG_CONNECTION_SOCKET | WSK_FLAG_DATAGRAM_SOCKET)))
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
		if (!out || out_size < sizeof(size_t))
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
		break;
	default:
		/*
		 * SIO_WSK_SET_TCP_SILENT_MODE: Linux TCP has no mode that stops a connection from
		 * sending while it drops what arrives (TCP_REPAIR needs CAP_NET_ADMIN and keeps
		 * receiving). SIO_WSK_REGISTER_EXTENSION: no extension interface exists here.
		 */
		return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	}
	req->opt.out = out;
	return wsk_sock_queue(ws, &ws->q_opt, req, WSK_OP_OPTION, 0, NULL, NULL);
}

/**
 * wsk_options_control() - the options and IOCTLs of this file (see wsk_control_socket())
 * @ws: the socket, neither closing nor dead
 * @request_type: WSK_SET_OPTION, WSK_GET_OPTION or WSK_IOCTL
 * @control_code: the option or IOCTL
 * @level: the option's level (ignored for IOCTLs)
 * @in_size: size of @in
 * @in: input, copied before this returns
 * @out_size: size of @out
 * @out: output; written when the request completes
 * @req: the request; required
 *
 * Return: WSK_STATUS_PENDING, or the failure status the request was completed with.
 */
wsk_status_t wsk_options_control(struct wsk_sock *ws, u32 request_type, u32 control_code,
				 u32 level, size_t in_size, const void *in, size_t out_size,
				 void *out, struct wsk_request *req)
{
	const struct wsk_opt *o;
	wsk_status_t st;

	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	req->opt.type = request_type;
	req->opt.level = level;
	req->opt.code = control_code;
	if (request_type == WSK_IOCTL)
		return wsk_options_ioctl(ws, control_code, in_size, in, out_size, out, req);
	if (request_type != WSK_SET_OPTION && request_type != WSK_GET_OPTION)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	o = wsk_opt_find(level, control_code);
	if (!o)
		return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	st = wsk_opt_applies(ws, o);
	if (st)
		return wsk_fail(req, st);
	if (request_type == WSK_GET_OPTION) {
		if (o->set_only)
			return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_SUPPORTED));
		if (!out || out_size < wsk_opt_size(o))
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	} else {
		if (!in || in_size < wsk_opt_size(o))
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
		memcpy(req->opt.val, in, wsk_opt_size(o));
	}
	req->opt.out = out;
	return wsk_sock_queue(ws, &ws->q_opt, req, WSK_OP_OPTION, 0, NULL, NULL);
}
