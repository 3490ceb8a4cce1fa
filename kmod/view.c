// SPDX-License-Identifier: GPL-2.0
/*
 * The system-wide view: /proc/net/wsk, one per network namespace, lists the wsk clients of
 * the namespace, kernel modules and /dev/wsk files alike, and each one's sockets, as
 * /proc/net/tcp lists TCP's. A proc file rather than debugfs (a debugging aid with no
 * stable layout, and often not mounted) or a netlink family (nothing here needs to be
 * written, filtered or notified): `wskctl show` reads it, and so can any script.
 *
 * One line per object, key=value fields, the last field of a client line its owner (which
 * may hold spaces):
 *   client id=N sockets=N live=N owner=TEXT
 *   socket client=N sock=N category=C family=F state=S,... enabled=E,... static=E,...
 *          inherited=E,... in_progress=N retained_lists=N retained_bytes=N
 *          queued=accept:N,receive:N,send:N,control:N,option:N local=ADDR remote=ADDR
 * Sets are comma lists, "-" when empty; an address is "-" when there is none. The file is
 * readable by whoever has CAP_NET_ADMIN over the namespace (checked against the opener's
 * credentials), and mode 0400.
 *
 * Locking: wsk_view_lock, then each client's lock (the socket list: a socket leaves it
 * before its Linux socket is released), then each socket's ws->lock for its counters.
 */

#include "compat.h"
#include "core.h"
#include "net.h"
#include "view.h"

#include <linux/capability.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>
#include <net/sock.h>

static DEFINE_MUTEX(wsk_view_lock);	/* wsk_view_clients, wsk_view_next_id */
static LIST_HEAD(wsk_view_clients);
static unsigned int wsk_view_next_id;

/**
 * wsk_view_add() - a new client is listed
 * @client: the client, whose @owner is set
 */
void wsk_view_add(struct wsk_client *client)
{
	mutex_lock(&wsk_view_lock);
	client->id = ++wsk_view_next_id;
	list_add_tail(&client->view_entry, &wsk_view_clients);
	mutex_unlock(&wsk_view_lock);
}

/**
 * wsk_view_del() - a client is gone from the view (before it is freed)
 * @client: the client
 */
void wsk_view_del(struct wsk_client *client)
{
	mutex_lock(&wsk_view_lock);
	list_del(&client->view_entry);
	mutex_unlock(&wsk_view_lock);
}

static const char *const wsk_view_ev_names[WSK_EV_COUNT] = {
	[WSK_EV_ACCEPT] = "accept",
	[WSK_EV_RECEIVE] = "receive",
	[WSK_EV_RECEIVE_FROM] = "receive-from",
	[WSK_EV_DISCONNECT] = "disconnect",
	[WSK_EV_SEND_BACKLOG] = "send-backlog",
};

static const struct {
	unsigned int bit;
	const char *name;
} wsk_view_states[] = {
	{ WSK_S_BOUND, "bound" },
	{ WSK_S_CONNECTING, "connecting" },
	{ WSK_S_CONNECTED, "connected" },
	{ WSK_S_CLOSING, "closing" },
	{ WSK_S_DEAD, "dead" },
	{ WSK_S_PEER_FIN, "peer-fin" },
	{ WSK_S_PEER_RESET, "peer-reset" },
	{ WSK_S_RX_STALLED, "rx-stalled" },
	{ WSK_S_SHUT_WR, "shut-wr" },
	{ WSK_S_ACCEPTED_EVENT, "accepted-event" },
	{ WSK_S_COND_ACCEPT, "conditional-accept" },
	{ WSK_S_STREAM, "stream" },
};

static void wsk_view_events(struct seq_file *m, const char *key, u32 mask)
{
	bool any = false;
	int i;

	seq_printf(m, " %s=", key);
	for (i = 0; i < WSK_EV_COUNT; i++) {
		if (!(mask & wsk_ev_flag[i]))
			continue;
		seq_printf(m, "%s%s", any ? "," : "", wsk_view_ev_names[i]);
		any = true;
	}
	if (!any)
		seq_putc(m, '-');
}

static void wsk_view_state(struct seq_file *m, unsigned long state)
{
	bool any = false;
	int i;

	seq_puts(m, " state=");
	for (i = 0; i < ARRAY_SIZE(wsk_view_states); i++) {
		if (!test_bit(wsk_view_states[i].bit, &state))
			continue;
		seq_printf(m, "%s%s", any ? "," : "", wsk_view_states[i].name);
		any = true;
	}
	if (!any)
		seq_putc(m, '-');
}

static void wsk_view_addr(struct seq_file *m, const char *key, struct sock *sk, bool peer,
			  bool have)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

	if (!have || wsk_net_sock_name(sk, peer, &ss) <= 0) {
		seq_printf(m, " %s=-", key);
		return;
	}
	if (ss.ss_family == AF_INET6)
		seq_printf(m, " %s=[%pI6c]:%u", key, &s6->sin6_addr, ntohs(s6->sin6_port));
	else
		seq_printf(m, " %s=%pI4:%u", key, &s4->sin_addr, ntohs(s4->sin_port));
}

static const char *wsk_view_category(u32 category)
{
	switch (category) {
	case WSK_FLAG_LISTEN_SOCKET:
		return "listen";
	case WSK_FLAG_CONNECTION_SOCKET:
		return "connection";
	case WSK_FLAG_DATAGRAM_SOCKET:
		return "datagram";
	case WSK_FLAG_STREAM_SOCKET:
		return "stream";
	default:
		return "basic";
	}
}

static unsigned int wsk_view_count(struct list_head *q)
{
	struct list_head *pos;
	unsigned int n = 0;

	list_for_each(pos, q)
		n++;
	return n;
}

/* One socket; the client's lock is held, so its Linux socket is there. */
static void wsk_view_socket(struct seq_file *m, struct wsk_client *client, struct wsk_sock *ws)
{
	unsigned int q[5], inflight = 0;
	u32 enabled, stat, inherit;
	size_t rbytes;
	unsigned long state = READ_ONCE(ws->state);
	unsigned int lists;
	int i;

	spin_lock_bh(&ws->lock);
	enabled = ws->ev_enabled;
	stat = ws->ev_static;
	inherit = ws->ev_inherit;
	for (i = 0; i < WSK_EV_COUNT; i++)
		inflight += ws->ev_inflight[i];
	q[0] = wsk_view_count(&ws->q_accept);
	q[1] = wsk_view_count(&ws->q_recv);
	q[2] = wsk_view_count(&ws->q_send);
	q[3] = wsk_view_count(&ws->q_ctl);
	q[4] = wsk_view_count(&ws->q_opt);
	rbytes = ws->retained_bytes;
	lists = wsk_view_count(&ws->retained);
	spin_unlock_bh(&ws->lock);

	seq_printf(m, "socket client=%u sock=%u category=%s family=%s", client->id, ws->id,
		   wsk_view_category(READ_ONCE(ws->category)),
		   ws->family == AF_INET6 ? "ipv6" : "ipv4");
	wsk_view_state(m, state);
	wsk_view_events(m, "enabled", enabled);
	wsk_view_events(m, "static", stat);
	wsk_view_events(m, "inherited", inherit);
	seq_printf(m, " in_progress=%u retained_lists=%u retained_bytes=%zu", inflight, lists,
		   rbytes);
	seq_printf(m, " queued=accept:%u,receive:%u,send:%u,control:%u,option:%u",
		   q[0], q[1], q[2], q[3], q[4]);
	wsk_view_addr(m, "local", ws->sock->sk, false, test_bit(WSK_S_BOUND, &state));
	wsk_view_addr(m, "remote", ws->sock->sk, true, test_bit(WSK_S_CONNECTED, &state));
	seq_putc(m, '\n');
}

static int wsk_view_show(struct seq_file *m, void *v)
{
	struct net *net = seq_file_single_net(m);
	struct wsk_client *client;
	struct wsk_sock *ws;

	if (!file_ns_capable(m->file, net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	mutex_lock(&wsk_view_lock);
	list_for_each_entry(client, &wsk_view_clients, view_entry) {
		if (!net_eq(client->net, net))
			continue;
		mutex_lock(&client->lock);
		seq_printf(m, "client id=%u sockets=%u live=%d owner=%s\n", client->id,
			   wsk_view_count(&client->sockets), atomic_read(&client->live),
			   client->owner);
		list_for_each_entry(ws, &client->sockets, client_entry)
			wsk_view_socket(m, client, ws);
		mutex_unlock(&client->lock);
	}
	mutex_unlock(&wsk_view_lock);
	return 0;
}

static int __net_init wsk_view_net_init(struct net *net)
{
	if (!proc_create_net_single("wsk", 0400, net->proc_net, wsk_view_show, NULL))
		return -ENOMEM;
	return 0;
}

static void __net_exit wsk_view_net_exit(struct net *net)
{
	remove_proc_entry("wsk", net->proc_net);
}

static struct pernet_operations wsk_view_net_ops = {
	.init = wsk_view_net_init,
	.exit = wsk_view_net_exit,
};

int wsk_view_init(void)
{
	return register_pernet_subsys(&wsk_view_net_ops);
}

void wsk_view_exit(void)
{
	unregister_pernet_subsys(&wsk_view_net_ops);
}
