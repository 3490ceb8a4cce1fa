// SPDX-License-Identifier: GPL-2.0
/*
 * The provider calls every socket category shares (WskSocket, WskBind, the addresses,
 * WskControlSocket, WskCloseSocket), the making of a wsk_sock with its category's table, and
 * its close. What a category does its own way, these reach through ws->cat (struct
 * wsk_category); the object itself is sock.c's.
 *
 * Life cycle: see sock.c.
 */

#include "compat.h"
#include "core.h"
#include "trace.h"
#include "net.h"

#include <linux/module.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/sock.h>

static void wsk_sock_work(struct work_struct *work);
static void wsk_sock_close_work(struct work_struct *work);

static const struct wsk_provider_basic_dispatch wsk_basic_dispatch = WSK_PROVIDER_BASIC_CALLS;

const struct wsk_category wsk_basic_category = {
	.provider = &wsk_basic_dispatch,
};

static const struct wsk_category *const wsk_categories[] = {
	&wsk_basic_category,
	&wsk_listen_category,
	&wsk_conn_category,
	&wsk_dgram_category,
	&wsk_stream_category,
};

/* The numbers of sockets (wsk_sock.id), in the order they are made; 0 is none. */
static atomic_t wsk_sock_ids = ATOMIC_INIT(0);

/* The table of a category flag (none: basic), or NULL for a value that is not one. */
static const struct wsk_category *wsk_category_of(u32 category)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(wsk_categories); i++)
		if (wsk_categories[i]->flag == category)
			return wsk_categories[i];
	return NULL;
}

/**
 * wsk_sock_alloc() - a new wsk socket over @sock, not yet visible to anyone
 * @client: its client
 * @sock: the Linux socket, owned by the wsk socket from now on if this succeeds
 * @category: a WSK_FLAG_*_SOCKET category flag, or 0 (basic)
 * @flags: WSK_FLAG_PROCESS_CONTEXT or 0
 * @context: the client's socket context
 * @dispatch: the client's dispatch table of the category, or NULL
 *
 * Return: the socket with one reference (the client's), or NULL (no memory, or not a
 * category).
 */
struct wsk_sock *wsk_sock_alloc(struct wsk_client *client, struct socket *sock, u32 category,
				u32 flags, void *context, const void *dispatch)
{
	const struct wsk_category *cat = wsk_category_of(category);
	struct wsk_sock *ws;

	if (WARN_ON_ONCE(!cat))
		return NULL;
	ws = kzalloc(sizeof(*ws), GFP_KERNEL);
	if (!ws)
		return NULL;
	ws->cat = cat;
	ws->id = atomic_inc_return(&wsk_sock_ids);
	ws->pub.dispatch = ws->cat->provider;
	ws->client = client;
	ws->sock = sock;
	ws->family = sock->sk->sk_family;
	ws->context = context;
	ws->client_dispatch = dispatch;
	ws->made_dispatch = dispatch;
	ws->category = category;
	ws->flags = flags;
	if (cat->become)
		__set_bit(WSK_S_STREAM, &ws->state);
	kref_init(&ws->ref);
	spin_lock_init(&ws->lock);
	init_waitqueue_head(&ws->idle_wait);
	INIT_LIST_HEAD(&ws->q_accept);
	INIT_LIST_HEAD(&ws->q_recv);
	INIT_LIST_HEAD(&ws->q_send);
	INIT_LIST_HEAD(&ws->q_ctl);
	INIT_LIST_HEAD(&ws->q_opt);
	INIT_LIST_HEAD(&ws->retained);
	INIT_LIST_HEAD(&ws->rx_free);
	skb_queue_head_init(&ws->dgram_held);
	INIT_WORK(&ws->work, wsk_sock_work);
	INIT_WORK(&ws->close_work, wsk_sock_close_work);
	return ws;
}

static void wsk_sock_work(struct work_struct *work)
{
	struct wsk_sock *ws = container_of(work, struct wsk_sock, work);
	const struct wsk_category *cat;

	if (!test_bit(WSK_S_CLOSING, &ws->state)) {
		wsk_options_work(ws);
		/* A stream socket may become another category meanwhile (wsk_sock_become()). */
		cat = READ_ONCE(ws->cat);
		if (cat->work)
			cat->work(ws);
	}
	wsk_sock_put(ws);
}

/**
 * wsk_sock_become() - a stream socket is made a listener or a connection socket, for good
 * @ws: the socket
 * @category: WSK_FLAG_LISTEN_SOCKET (its WskListen) or WSK_FLAG_CONNECTION_SOCKET (its first
 *	WskConnect); WSK_FLAG_STREAM_SOCKET undoes a change to a listener whose listen failed
 *
 * From then on the socket is a socket of @category in everything (its checks, its events,
 * its client dispatch table: the one the stream table has for @category) but the provider
 * table its client calls through, which stays the stream table. The events start over as a
 * new socket's of @category do: static callbacks enabled, everything else disabled (nothing
 * could be enabled before). Of two racing calls, the first makes the change; the other
 * finds it made.
 *
 * Process context; only a bound stream socket, which has no socket callbacks installed yet
 * (its category has no hook), changes.
 *
 * Return: 1 if this call made @ws a @category socket; 0 if it was one already (a socket
 * made as one, or a stream socket an earlier call made one); -1 if it is not and cannot
 * become one.
 */
int wsk_sock_become(struct wsk_sock *ws, u32 category)
{
	const struct wsk_category *cat = wsk_category_of(category);
	bool undo = category == WSK_FLAG_STREAM_SOCKET;
	const void *dispatch;
	u32 static_mask;

	might_sleep();
	if (!test_bit(WSK_S_STREAM, &ws->state))
		return READ_ONCE(ws->category) == category ? 0 : -1;
	if (!cat || !test_bit(WSK_S_BOUND, &ws->state))
		return -1;
	if (undo) {
		if (!test_bit(WSK_S_DECIDED, &ws->state))
			return -1;
	} else if (test_and_set_bit(WSK_S_DECIDED, &ws->state)) {
		return READ_ONCE(ws->category) == category ? 0 : -1;
	}

	dispatch = wsk_stream_category.become(ws, category);
	/*
	 * Fixed since the client made its first socket (wsk_set_static_callbacks()), so read
	 * without client->lock, which may not be taken here: a client may connect from a
	 * callback that runs under another socket's lock.
	 */
	static_mask = READ_ONCE(ws->client->static_mask);

	spin_lock_bh(&ws->lock);
	WRITE_ONCE(ws->cat, cat);
	WRITE_ONCE(ws->category, category);
	WRITE_ONCE(ws->client_dispatch, dispatch);
	ws->ev_inherit = 0;
	wsk_events_init(ws, static_mask, 0);
	spin_unlock_bh(&ws->lock);
	if (undo)
		clear_bit(WSK_S_DECIDED, &ws->state);
	return 1;
}

/* Validate a socket address for this socket's family. Return: its length or a status. */
static int wsk_sock_addr_len(struct wsk_sock *ws, const struct sockaddr *addr)
{
	int len;

	if (!addr)
		return -EINVAL;
	len = wsk_sockaddr_len(addr, sizeof(struct sockaddr_in6));
	if (len < 0)
		return len;
	return addr->sa_family == ws->family ? len : -EAFNOSUPPORT;
}

/* The categories bind and the local address are for: all but the basic socket. */
static const u32 wsk_bindable = WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_CONNECTION_SOCKET |
				WSK_FLAG_DATAGRAM_SOCKET | WSK_FLAG_STREAM_SOCKET;

wsk_status_t wsk_socket(struct wsk_client *client, int family, int type, int protocol,
			u32 flags, void *socket_context, const void *client_dispatch,
			struct wsk_request *req)
{
	const struct wsk_category *cat = wsk_category_of(flags & 0xff);
	u32 category = flags & 0xff;
	struct socket *sock;
	struct wsk_sock *ws;
	wsk_status_t st;
	u32 static_mask;
	int err;

	might_sleep();
	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (flags & ~(0xff | WSK_FLAG_PROCESS_CONTEXT))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (!cat || (cat->type && type != cat->type))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	if (!wsk_client_get_live(client))
		return wsk_fail(req, WSK_ST(WSK_STATUS_DEVICE_NOT_READY));

	err = wsk_net_sock_create(client->net, family, type, protocol, &sock);
	if (err) {
		st = wsk_errno_to_status(err);
		goto err_live;
	}
	ws = wsk_sock_alloc(client, sock, category, flags, socket_context, client_dispatch);
	if (!ws) {
		st = WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES);
		goto err_sock;
	}

	mutex_lock(&client->lock);
	client->made_socket = true;
	static_mask = client->static_mask;
	list_add_tail(&ws->client_entry, &client->sockets);
	mutex_unlock(&client->lock);
	wsk_events_init(ws, static_mask, 0);
	trace_wsk_socket_create(ws, client, category);

	return wsk_finish(req, WSK_ST(WSK_STATUS_SUCCESS), (unsigned long)&ws->pub);

err_sock:
	sock_release(sock);
err_live:
	wsk_client_put_live(client);
	return wsk_fail(req, st);
}
EXPORT_SYMBOL_GPL(wsk_socket);

wsk_status_t wsk_bind(struct wsk_socket *sock, struct sockaddr *local, u32 flags,
		      struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	wsk_status_t st;
	int len, err;

	might_sleep();
	st = wsk_sock_check(ws, wsk_bindable);
	if (st)
		return wsk_fail(req, st);
	if (flags)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	len = wsk_sock_addr_len(ws, local);
	if (len < 0)
		return wsk_fail(req, wsk_errno_to_status(len));
	if (test_and_set_bit(WSK_S_BOUND, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	err = kernel_bind(ws->sock, local, len);
	if (!err && ws->cat->bound)
		err = ws->cat->bound(ws);
	if (err) {
		clear_bit(WSK_S_BOUND, &ws->state);
		return wsk_fail(req, wsk_errno_to_status(err));
	}
	return wsk_finish(req, WSK_ST(WSK_STATUS_SUCCESS), 0);
}
EXPORT_SYMBOL_GPL(wsk_bind);

static wsk_status_t wsk_sock_name(struct wsk_socket *sock, struct sockaddr_storage *addr,
				  struct wsk_request *req, bool peer)
{
	struct wsk_sock *ws = wsk_sock(sock);
	wsk_status_t st;
	int len;

	st = wsk_sock_check(ws, peer ? WSK_FLAG_CONNECTION_SOCKET : wsk_bindable);
	if (st)
		return wsk_fail(req, st);
	if (!addr)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (peer ? !test_bit(WSK_S_CONNECTED, &ws->state) : !test_bit(WSK_S_BOUND, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	/* Never the socket lock: a callback may run under it (review finding 5). */
	len = wsk_net_sock_name(ws->sock->sk, peer, addr);
	return wsk_finish(req, WSK_ST(WSK_STATUS_SUCCESS), len);
}

wsk_status_t wsk_get_local_address(struct wsk_socket *sock, struct sockaddr_storage *addr,
				   struct wsk_request *req)
{
	return wsk_sock_name(sock, addr, req, false);
}
EXPORT_SYMBOL_GPL(wsk_get_local_address);

wsk_status_t wsk_get_remote_address(struct wsk_socket *sock, struct sockaddr_storage *addr,
				    struct wsk_request *req)
{
	return wsk_sock_name(sock, addr, req, true);
}
EXPORT_SYMBOL_GPL(wsk_get_remote_address);

wsk_status_t wsk_control_socket(struct wsk_socket *sock, u32 request_type, u32 control_code,
				u32 level, size_t in_size, const void *in, size_t out_size,
				void *out, size_t *out_returned, struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	size_t backlog;
	wsk_status_t st;

	if (out_returned)
		*out_returned = 0;
	if (test_bit(WSK_S_DEAD, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_FILE_FORCED_CLOSED));
	if (test_bit(WSK_S_CLOSING, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	if (request_type == WSK_SET_OPTION && control_code == SO_WSK_EVENT_CALLBACK) {
		if (level != WSK_SOL_SOCKET || !in ||
		    in_size < sizeof(struct wsk_event_callback_control))
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
		/* No event flag is valid for a basic socket (spec §3.5, first row). */
		if (!ws->cat->events)
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
		return wsk_events_control(ws, in, req);
	}
	if (request_type == WSK_IOCTL && control_code == SIO_WSK_QUERY_IDEAL_SEND_BACKLOG) {
		if (!req || !out || out_size < sizeof(size_t))
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
		if (!ws->cat->query_backlog)
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
		st = ws->cat->query_backlog(ws, &backlog);
		if (st)
			return wsk_fail(req, st);
		memcpy(out, &backlog, sizeof(backlog));
		if (out_returned)
			*out_returned = sizeof(backlog);
		return wsk_finish(req, st, sizeof(backlog));
	}
	if (request_type == WSK_IOCTL && control_code == SIO_WSK_QUERY_INSPECT_ID) {
		/* Inline, request optional: the id is fixed before the client has the socket. */
		if (!out || out_size < sizeof(struct wsk_inspect_id))
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
		if (ws->category != WSK_FLAG_CONNECTION_SOCKET || !ws->inspect_id)
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
		memcpy(out, ws->inspect_id, sizeof(struct wsk_inspect_id));
		if (out_returned)
			*out_returned = sizeof(struct wsk_inspect_id);
		return wsk_finish(req, WSK_ST(WSK_STATUS_SUCCESS), sizeof(struct wsk_inspect_id));
	}
	return wsk_options_control(ws, request_type, control_code, level, in_size, in, out_size,
				   out, req);
}
EXPORT_SYMBOL_GPL(wsk_control_socket);

/* The Linux socket goes, after the category's last word on it (a connection's reset). */
static void wsk_sock_close_transport(struct wsk_sock *ws)
{
	if (ws->cat->close)
		ws->cat->close(ws);
	sock_release(ws->sock);
}

/*
 * Who can reach a socket while it closes, and why each is safe. WSK_S_CLOSING is set before
 * this work is queued (wsk_close_socket(), wsk_sock_close_internal()), and the reference
 * taken at creation is dropped only at the very end, so everything below sees valid memory.
 *
 * 1. The client, through its struct wsk_socket. WSK's contract: no call on a socket once its
 *    close is under way, but wsk_release() of lists it retained, until the close completes.
 *    Those take ws->lock, as wsk_rx_release_all() below does, so a late one either releases
 *    its list or finds it gone (STATUS_INVALID_PARAMETER), never a half-freed one.
 * 2. The Linux socket's callbacks (softirq, or the context of whoever holds the lock), which
 *    find the socket in sk_user_data under rcu_read_lock(). After wsk_sock_unhook() none finds
 *    it. One that read the pointer just before and runs without the socket lock (UDP's, whose
 *    datagram pump works inline) is waited for with a grace period before the release; any
 *    other one that read it can only
 *    - begin an event: wsk_event_begin() fails once wsk_events_shutdown() cleared the masks
 *      (under ws->lock, which the begin takes), so no client callback starts;
 *    - kick the work item: kref_get_unless_zero() succeeds (our reference is still there)
 *      and the work, even queued after the cancel below, sees WSK_S_CLOSING and only drops
 *      its reference. The client's queue outlives it: wsk_deregister() waits for a grace
 *      period, after which no such callback runs, before destroying the queue.
 *    The memory itself is freed with kfree_rcu(), after every such reader is done.
 * 3. The work item (requests, process-context events): cancel_work_sync() waits for a running
 *    one and drops the reference of a queued one; only the late kicks of 2 come after.
 * 4. Requests: all wait on the socket's queues, which are emptied under ws->lock and
 *    completed (STATUS_CANCELLED) before the close completes; the one the work item was
 *    serving was finished or put back before the cancel returned. Pending disables stay
 *    and complete when their callbacks return (wsk_events_wait_idle()).
 * 5. Client callbacks in progress, inline or held: wsk_events_wait_idle() waits for every
 *    one to return. They may call the socket (even close it again: refused, CLOSING).
 * 6. A listener adopting this socket as an accept-event child holds a reference of its own
 *    across the accept callback (listen.c), so a child closed inside it stays valid there.
 * 7. The client's list of sockets: taken off under client->lock before the completion, and
 *    the client's live count, dropped last, keeps wsk_deregister() from freeing the client
 *    (and its queue) while this runs.
 */
static void wsk_sock_close_work(struct work_struct *work)
{
	struct wsk_sock *ws = container_of(work, struct wsk_sock, close_work);
	struct wsk_client *client = ws->client;
	struct wsk_request *req, *tmp;
	LIST_HEAD(cancelled);

	might_sleep();
	WARN_ON_ONCE(!test_bit(WSK_S_CLOSING, &ws->state));

	/* No new callback starts; no socket callback can find us; no work item runs. */
	wsk_events_shutdown(ws);
	wsk_sock_unhook(ws);
	/*
	 * UDP runs its callbacks with no socket lock, and the datagram pump runs inline in
	 * them (rcu_read_lock() held): one that found us before the unhook may still be in it,
	 * using the Linux socket. After a grace period none is, so the release below cannot
	 * pull the socket from under it. TCP's run with the socket lock held, which the release
	 * takes.
	 */
	if (ws->cat->unlocked_callbacks)
		synchronize_rcu();
	/*
	 * A callback of the work item may be held for long (process-context callbacks): wait
	 * for it here, idle, so that the cancel below does not wait uninterruptibly behind it.
	 */
	wsk_events_wait_idle(ws);
	/* A work item still queued holds a reference: it goes with the work. */
	if (cancel_work_sync(&ws->work))
		wsk_sock_put(ws);

	spin_lock_bh(&ws->lock);
	list_splice_tail_init(&ws->q_accept, &cancelled);
	list_splice_tail_init(&ws->q_recv, &cancelled);
	list_splice_tail_init(&ws->q_send, &cancelled);
	list_splice_tail_init(&ws->q_opt, &cancelled);
	/* Pending disables complete when their callbacks return, below. */
	list_for_each_entry_safe(req, tmp, &ws->q_ctl, entry)
		if (req->op != WSK_OP_DISABLE)
			list_move_tail(&req->entry, &cancelled);
	spin_unlock_bh(&ws->lock);
	wsk_complete_list(&cancelled, WSK_ST(WSK_STATUS_CANCELLED));

	/* Callbacks running inline from the socket's callbacks, or held by the client. */
	wsk_events_wait_idle(ws);

	/* Off the client's list first: the view (view.c) reads the Linux socket of those on it. */
	mutex_lock(&client->lock);
	list_del(&ws->client_entry);
	mutex_unlock(&client->lock);

	wsk_rx_release_all(ws);
	wsk_options_release(ws);
	wsk_sock_close_transport(ws);

	trace_wsk_socket_close(ws);
	/* The close request may live inside @ws (internal closes): complete it first. */
	wsk_complete(ws->close_req, WSK_ST(WSK_STATUS_SUCCESS), 0);
	wsk_sock_put(ws);
	wsk_client_put_live(client);
}

wsk_status_t wsk_close_socket(struct wsk_socket *sock, struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);

	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (test_and_set_bit(WSK_S_CLOSING, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	req->op = WSK_OP_CLOSE;
	ws->close_req = req;
	queue_work(ws->client->wq, &ws->close_work);
	return WSK_ST(WSK_STATUS_PENDING);
}
EXPORT_SYMBOL_GPL(wsk_close_socket);

/* Close a socket the client never saw (a failed wsk_socket_connect()): no request. */
void wsk_sock_close_internal(struct wsk_sock *ws)
{
	if (test_and_set_bit(WSK_S_CLOSING, &ws->state))
		return;
	ws->close_req = NULL;
	queue_work(ws->client->wq, &ws->close_work);
}
