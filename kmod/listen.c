// SPDX-License-Identifier: GPL-2.0
/*
 * Listen sockets: listening, accept requests (WskAccept) and the accept event.
 *
 * The stack tells a listener about a new connection through sk_data_ready. All accepting
 * happens in the socket's work item, in process context, because it allocates: the work
 * accepts only while someone wants a connection (a queued request first, rule 7, then the
 * enabled accept event); otherwise connections wait in the stack's accept queue.
 *
 * Conditional accept (SO_CONDITIONAL_ACCEPT) moves the decision before the client sees a
 * socket. Linux TCP has no hook before its handshake completes, so the earliest point is the
 * accept queue: the work takes every connection from it at once, holds it (struct
 * wsk_inspect), and asks the inspect event. An accepted request waits, held, for a consumer
 * as above; a rejected one is reset; a pended one waits for wsk_inspect_complete(). A held
 * connection the peer resets is told to the abort event and dropped. At most the listener's
 * backlog are held at once: beyond, connections wait in the stack's queue, uninspected.
 */

#include "compat.h"
#include "core.h"
#include "trace.h"

#include <kunit/visibility.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/inet_connection_sock.h>
#include <net/request_sock.h>
#include <net/sock.h>
#include <net/tcp_states.h>

/* What a held connection request is waiting for (struct wsk_inspect.state). */
enum {
	WSK_IN_INSPECTING,	/* the inspect event runs; a decision now counts as after pend */
	WSK_IN_PENDED,		/* wsk_inspect_complete() */
	WSK_IN_ACCEPTED,	/* a consumer: a WskAccept request or the accept event */
	WSK_IN_REJECTED,	/* the work, to reset it */
};

/**
 * struct wsk_inspect - a connection request of conditional accept, held by its listener
 * @node: on wsk_cond.held, in arrival order
 * @sock: the accepted Linux socket, its callbacks the stack's but for the state change
 * @id: what the inspect event was given
 * @state: WSK_IN_*, under the listener's ws->lock
 */
struct wsk_inspect {
	struct list_head node;
	struct socket *sock;
	struct wsk_inspect_id id;
	u8 state;
};

/**
 * struct wsk_cond - a listener's conditional accept
 * @held: the requests inspected and not yet handed over or dropped; under ws->lock
 * @nr_held: their number: at most @max_held
 * @max_held: the listener's backlog
 * @next_key: the key of the next request (from 1)
 * @serial: the listener's serial number
 */
struct wsk_cond {
	struct list_head held;
	unsigned int nr_held;
	unsigned int max_held;
	unsigned long next_key;
	u32 serial;
};

/*
 * WSK has no backlog argument: a listener's accept queue is as long as listen(SOMAXCONN)
 * makes it for a user socket, net.core.somaxconn of the socket's namespace (kernel_listen()
 * itself does not apply that cap).
 */
static int wsk_listen_start(struct wsk_sock *ws)
{
	int backlog = min(SOMAXCONN, READ_ONCE(sock_net(ws->sock->sk)->core.sysctl_somaxconn));
	int err = kernel_listen(ws->sock, backlog);

	if (err)
		return err;
	if (ws->cond)
		ws->cond->max_held = max(backlog, 1);
	wsk_sock_hook(ws);
	return 0;
}

/**
 * wsk_listen_cond_mode() - SO_CONDITIONAL_ACCEPT
 * @ws: a listener, or a stream socket that may become one (stream.c)
 * @ld: the client's listen dispatch table, or NULL
 * @on: the mode
 *
 * Process context (the socket's work item), before the bind (options.c checks both), or the
 * stream socket's connect, which switches the mode off.
 *
 * Return: WSK_STATUS_SUCCESS; WSK_STATUS_INVALID_PARAMETER to switch it on without an inspect
 * event in @ld; WSK_STATUS_INSUFFICIENT_RESOURCES.
 */
wsk_status_t wsk_listen_cond_mode(struct wsk_sock *ws,
				  const struct wsk_client_listen_dispatch *ld, bool on)
{
	struct wsk_cond *cond = NULL;

	if (on && ws->cond)
		return WSK_ST(WSK_STATUS_SUCCESS);
	if (on) {
		if (!ld || !ld->inspect_event)
			return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
		cond = kzalloc(sizeof(*cond), GFP_KERNEL);
		if (!cond)
			return WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES);
		INIT_LIST_HEAD(&cond->held);
		cond->next_key = 1;
		cond->serial = get_random_u32();
	}
	/* Not bound yet: nothing is held, and no socket callback looks at the mode. */
	spin_lock_bh(&ws->lock);
	swap(cond, ws->cond);
	assign_bit(WSK_S_COND_ACCEPT, &ws->state, on);
	spin_unlock_bh(&ws->lock);
	kfree(cond);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/* The listener's set_conditional. */
static wsk_status_t wsk_listen_set_conditional(struct wsk_sock *ws, bool on)
{
	return wsk_listen_cond_mode(ws, ws->client_dispatch, on);
}

/*
 * Also inherited by children the stack clones from the listener: their sk_user_data is NULL
 * (NOCOPY), and they are ignored here until accepted, when they get their own callbacks.
 */
static void wsk_listen_data_ready(struct sock *sk)
{
	struct wsk_sock *ws;

	wsk_trace_sk_data_ready(sk);
	rcu_read_lock();
	ws = rcu_dereference_sk_user_data(sk);
	if (ws && READ_ONCE(sk->sk_state) == TCP_LISTEN)
		wsk_sock_kick(ws);
	rcu_read_unlock();
}

/* A listener that leaves TCP_LISTEN (shut down, reset) no longer works. */
static void wsk_listen_state_change(struct sock *sk)
{
	struct wsk_sock *ws;

	rcu_read_lock();
	ws = rcu_dereference_sk_user_data(sk);
	if (ws && READ_ONCE(sk->sk_state) != TCP_LISTEN) {
		wsk_sock_set_dead(ws);
		wsk_sock_kick(ws);
	}
	rcu_read_unlock();
}

wsk_status_t wsk_accept(struct wsk_socket *sock, u32 flags, void *accept_socket_context,
			const struct wsk_client_connection_dispatch *accept_socket_dispatch,
			struct sockaddr *local, struct sockaddr *remote, struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	wsk_status_t st;

	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	st = wsk_sock_check(ws, WSK_FLAG_LISTEN_SOCKET);
	if (st)
		return wsk_fail(req, st);
	if (flags)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (!test_bit(WSK_S_BOUND, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	req->addr2 = remote;
	req->accept_context = accept_socket_context;
	req->accept_dispatch = accept_socket_dispatch;
	return wsk_sock_queue(ws, &ws->q_accept, req, WSK_OP_ACCEPT, 0, NULL, local);
}
EXPORT_SYMBOL_GPL(wsk_accept);

wsk_status_t wsk_inspect_complete(struct wsk_socket *sock,
				  const struct wsk_inspect_id *inspect_id, int action,
				  struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	struct wsk_inspect *in;
	struct wsk_cond *cond;
	bool kick = false;
	wsk_status_t st;

	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	st = wsk_sock_check(ws, WSK_FLAG_LISTEN_SOCKET);
	if (st)
		return wsk_fail(req, st);
	if (!inspect_id || (action != WSK_INSPECT_ACCEPT && action != WSK_INSPECT_REJECT))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (!test_bit(WSK_S_COND_ACCEPT, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	spin_lock_bh(&ws->lock);
	cond = ws->cond;
	if (!cond) {
		/* Only a call racing with the listener's close (which WSK forbids) sees this. */
		st = WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE);
	} else if (inspect_id->serial_number != cond->serial || !inspect_id->key ||
	    inspect_id->key >= cond->next_key) {
		st = WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	} else {
		list_for_each_entry(in, &cond->held, node) {
			if (in->id.key != inspect_id->key)
				continue;
			if (in->state == WSK_IN_PENDED || in->state == WSK_IN_INSPECTING) {
				in->state = action == WSK_INSPECT_ACCEPT ? WSK_IN_ACCEPTED :
									   WSK_IN_REJECTED;
				if (action == WSK_INSPECT_REJECT)
					set_bit(WSK_S_INSPECT_SCAN, &ws->state);
				kick = true;
			}
			break;
		}
	}
	spin_unlock_bh(&ws->lock);
	if (kick)
		wsk_sock_kick(ws);
	return wsk_finish(req, st, 0);
}
EXPORT_SYMBOL_GPL(wsk_inspect_complete);

/*
 * The child inherited the listener's hooks: give it the stack's originals back. Its user
 * data is NULL (the listener's is NOCOPY) unless something claimed the child between the
 * handshake and the accept: a sockops BPF program putting it in a sockmap installs a psock
 * there, a ULP takes it over. Such a child is not wsk's to take (the l2tp and sockmap lesson):
 * wiping their pointer and callbacks would leave them broken (review finding 15).
 *
 * Return: false if the child is claimed; it is left untouched then.
 */
VISIBLE_IF_KUNIT bool wsk_listen_reset_child(struct wsk_sock *lws, struct sock *sk)
{
	write_lock_bh(&sk->sk_callback_lock);
	if (READ_ONCE(sk->sk_user_data) || inet_csk_has_ulp(sk)) {
		write_unlock_bh(&sk->sk_callback_lock);
		return false;
	}
	WRITE_ONCE(sk->sk_data_ready, lws->saved_data_ready);
	WRITE_ONCE(sk->sk_state_change, lws->saved_state_change);
	WRITE_ONCE(sk->sk_write_space, lws->saved_write_space);
	WRITE_ONCE(sk->sk_error_report, lws->saved_error_report);
	write_unlock_bh(&sk->sk_callback_lock);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_listen_reset_child);

/* A held connection changed state: the listener's work looks for aborted requests. */
static void wsk_inspect_state_change(struct sock *sk)
{
	struct wsk_sock *ws;

	rcu_read_lock();
	ws = rcu_dereference_sk_user_data(sk);
	if (ws && READ_ONCE(sk->sk_state) == TCP_CLOSE) {
		set_bit(WSK_S_INSPECT_SCAN, &ws->state);
		wsk_sock_kick(ws);
	}
	rcu_read_unlock();
}

/*
 * Hold a connection for conditional accept: the stack's callbacks back (as
 * wsk_listen_reset_child()), but for a state change that tells the listener of a reset.
 * Return: false if the child is claimed by someone else; it is left untouched then.
 */
static bool wsk_listen_hold_child(struct wsk_sock *lws, struct sock *sk)
{
	if (!wsk_listen_reset_child(lws, sk))
		return false;
	write_lock_bh(&sk->sk_callback_lock);
	rcu_assign_sk_user_data(sk, lws);
	WRITE_ONCE(sk->sk_state_change, wsk_inspect_state_change);
	write_unlock_bh(&sk->sk_callback_lock);
	/* Reset before the hook: the scan finds it closed. */
	if (READ_ONCE(sk->sk_state) == TCP_CLOSE)
		set_bit(WSK_S_INSPECT_SCAN, &lws->state);
	return true;
}

/* The held connection goes on to the client: nothing of the listener's is left on it. */
static void wsk_listen_unhold_child(struct wsk_sock *lws, struct sock *sk)
{
	write_lock_bh(&sk->sk_callback_lock);
	rcu_assign_sk_user_data(sk, NULL);
	WRITE_ONCE(sk->sk_state_change, lws->saved_state_change);
	write_unlock_bh(&sk->sk_callback_lock);
}

/* Reset a connection the client will never have. */
static void wsk_listen_reset_sock(struct socket *sock)
{
	sock_no_linger(sock->sk);
	sock_release(sock);
}

/* Make the wsk socket of an accepted connection; not yet hooked or visible to the client. */
static struct wsk_sock *wsk_listen_child(struct wsk_sock *lws, struct socket *newsock)
{
	struct wsk_client *client = lws->client;
	struct wsk_sock *cws;

	if (!wsk_client_get_live(client))
		return NULL;
	cws = wsk_sock_alloc(client, newsock, WSK_FLAG_CONNECTION_SOCKET, lws->flags, NULL,
			     NULL);
	if (!cws)
		goto err_live;
	set_bit(WSK_S_BOUND, &cws->state);
	set_bit(WSK_S_CONNECTED, &cws->state);
	mutex_lock(&client->lock);
	list_add_tail(&cws->client_entry, &client->sockets);
	mutex_unlock(&client->lock);
	trace_wsk_socket_create(cws, client, WSK_FLAG_CONNECTION_SOCKET);
	return cws;

err_live:
	wsk_client_put_live(client);
	return NULL;
}

/*
 * Close a child the client never saw, or refused: no callbacks, RST to the peer. Not waited
 * for: the close runs on the same workqueue as this listener's work, and a work item that
 * waits for another of its queue can stop the queue (review finding 13).
 */
static void wsk_listen_drop_child(struct wsk_sock *cws)
{
	wsk_sock_close_internal(cws);
}

/* Accept one connection for the first queued accept request. */
static void wsk_listen_serve_request(struct wsk_sock *lws, struct wsk_request *req,
				     struct wsk_sock *cws)
{
	struct sockaddr_storage ss;
	u32 static_mask;
	int len;

	cws->context = req->accept_context;
	cws->client_dispatch = req->accept_dispatch;
	mutex_lock(&lws->client->lock);
	static_mask = lws->client->static_mask;
	mutex_unlock(&lws->client->lock);
	/* WskAccept children inherit nothing (rule 5). */
	wsk_events_init(cws, static_mask, 0);
	wsk_sock_hook(cws);
	if (req->addr) {
		len = kernel_getsockname(cws->sock, (struct sockaddr *)&ss);
		if (len > 0)
			memcpy(req->addr, &ss, len);
	}
	if (req->addr2) {
		len = kernel_getpeername(cws->sock, (struct sockaddr *)&ss);
		if (len > 0)
			memcpy(req->addr2, &ss, len);
	}
	/*
	 * Data may have arrived before the hooks. Kicked before the completion, which hands the
	 * socket to the client: from then on a close may free it (review finding 6).
	 */
	wsk_sock_kick(cws);
	wsk_complete(req, WSK_ST(WSK_STATUS_SUCCESS), (unsigned long)&cws->pub);
}

/* Hand one connection to the accept event; close it if the client refuses it. */
static void wsk_listen_serve_event(struct wsk_sock *lws, struct wsk_sock *cws)
{
	const struct wsk_client_listen_dispatch *ld = lws->client_dispatch;
	const struct wsk_client_connection_dispatch *cdisp = NULL;
	struct sockaddr_storage local = {}, remote = {};
	void *cctx = NULL;
	u32 static_mask, inherit;
	wsk_status_t st;

	kernel_getsockname(cws->sock, (struct sockaddr *)&local);
	kernel_getpeername(cws->sock, (struct sockaddr *)&remote);
	set_bit(WSK_S_ACCEPTED_EVENT, &cws->state);
	set_bit(WSK_S_ADOPTING, &cws->state);
	mutex_lock(&lws->client->lock);
	static_mask = lws->client->static_mask;
	mutex_unlock(&lws->client->lock);
	spin_lock_bh(&lws->lock);
	inherit = lws->ev_inherit;
	spin_unlock_bh(&lws->lock);
	/*
	 * The child's callbacks are enabled from the start (rule 5), before anyone can see the
	 * socket; none is called until the accept callback has returned its dispatch table, and
	 * whatever the client switches meanwhile (disable, close) is not undone afterwards.
	 */
	wsk_events_inherit(cws, static_mask, inherit);
	/* Requests the client makes from inside the callback work: the socket is complete. */
	wsk_sock_hook(cws);

	/*
	 * The client may close the child inside the callback: its close can then finish, and
	 * drop the client's reference, before we are done with the child here. Ours keeps it
	 * (review finding 6).
	 */
	kref_get(&cws->ref);
	st = ld->accept_event(lws->context, 0, (struct sockaddr *)&local,
			      (struct sockaddr *)&remote, &cws->pub, &cctx, &cdisp);
	trace_wsk_callback(lws, WSK_EV_ACCEPT, 0, st);
	wsk_event_end(lws, WSK_EV_ACCEPT);

	if (st != WSK_ST(WSK_STATUS_SUCCESS)) {
		/* STATUS_REQUEST_NOT_ACCEPTED (or anything else): the provider closes it. */
		wsk_listen_drop_child(cws);
	} else {
		/* Callbacks may run from here on: the one-shot events meanwhile, by the work. */
		wsk_events_adopted(cws, cctx, cdisp);
		wsk_sock_kick(cws);
	}
	wsk_sock_put(cws);
}

static void wsk_cond_drop_all(struct wsk_sock *ws);

/* The listener failed: tell the accept event once, with a NULL socket (rule 12). */
static void wsk_listen_failed(struct wsk_sock *ws)
{
	const struct wsk_client_listen_dispatch *ld = ws->client_dispatch;
	const struct wsk_client_connection_dispatch *cdisp = NULL;
	LIST_HEAD(failed);
	void *cctx = NULL;

	spin_lock_bh(&ws->lock);
	list_splice_tail_init(&ws->q_accept, &failed);
	spin_unlock_bh(&ws->lock);
	wsk_complete_list(&failed, WSK_ST(WSK_STATUS_FILE_FORCED_CLOSED));

	wsk_cond_drop_all(ws);
	if (test_and_set_bit(WSK_S_NULL_SENT, &ws->state))
		return;
	/* Conditional accept: the inspect event's NULL request first (no switch disables it). */
	if (test_bit(WSK_S_COND_ACCEPT, &ws->state) && !test_bit(WSK_S_CLOSING, &ws->state))
		trace_wsk_callback(ws, WSK_TRACE_CB_INSPECT, 0,
				   ld->inspect_event(ws->context, NULL, NULL, NULL));
	if (wsk_event_begin(ws, WSK_EV_ACCEPT)) {
		/* The return value does not matter here (spec §8.6). */
		trace_wsk_callback(ws, WSK_EV_ACCEPT, 0,
				   ld->accept_event(ws->context, 0, NULL, NULL, NULL, &cctx,
						    &cdisp));
		wsk_event_end(ws, WSK_EV_ACCEPT);
	}
}

/* Drop a held request: the connection is reset; @in is off the list. */
static void wsk_inspect_drop(struct wsk_sock *lws, struct wsk_inspect *in)
{
	wsk_listen_unhold_child(lws, in->sock->sk);
	wsk_listen_reset_sock(in->sock);
	kfree(in);
}

/* Take @in off the held list. Under ws->lock. */
static void wsk_inspect_unlink(struct wsk_cond *cond, struct wsk_inspect *in)
{
	list_del(&in->node);
	cond->nr_held--;
}

/* Every held request goes, with no callback: the listener failed or closes. */
static void wsk_cond_drop_all(struct wsk_sock *ws)
{
	struct wsk_inspect *in, *tmp;
	LIST_HEAD(drop);

	spin_lock_bh(&ws->lock);
	if (ws->cond) {
		list_splice_init(&ws->cond->held, &drop);
		ws->cond->nr_held = 0;
	}
	spin_unlock_bh(&ws->lock);
	list_for_each_entry_safe(in, tmp, &drop, node)
		wsk_inspect_drop(ws, in);
}

/* The abort event, for a request the client accepted or pended. */
static void wsk_inspect_abort(struct wsk_sock *ws, struct wsk_inspect *in)
{
	const struct wsk_client_listen_dispatch *ld = ws->client_dispatch;
	struct wsk_inspect_id id = in->id;

	if (ld->abort_event && !test_bit(WSK_S_CLOSING, &ws->state))
		trace_wsk_callback(ws, WSK_TRACE_CB_ABORT, 0,
				   ld->abort_event(ws->context, &id));
}

/*
 * Take connections from the stack's accept queue, hold each and ask the inspect event, up to
 * the listener's backlog. Return: false if the listener failed.
 */
static bool wsk_cond_intake(struct wsk_sock *ws)
{
	const struct wsk_client_listen_dispatch *ld = ws->client_dispatch;
	struct sockaddr_storage local, remote;
	struct wsk_cond *cond = ws->cond;
	struct wsk_inspect_id id;
	struct wsk_inspect *in;
	struct socket *newsock;
	int err, action;
	bool drop;

	while (READ_ONCE(cond->nr_held) < cond->max_held &&
	       !test_bit(WSK_S_CLOSING, &ws->state)) {
		err = kernel_accept(ws->sock, &newsock, O_NONBLOCK);
		if (err == -ECONNABORTED || err == -EPROTO)
			continue;
		if (err == -EAGAIN || err == -ENOMEM || err == -ENOBUFS)
			return true;
		if (err) {
			pr_debug("listener failed: accept error %d\n", err);
			return false;
		}
		if (!wsk_listen_hold_child(ws, newsock->sk)) {
			wsk_listen_reset_sock(newsock);
			continue;
		}
		in = kzalloc(sizeof(*in), GFP_KERNEL);
		if (!in) {
			/* Refused as if there were no room: the peer sees a reset. */
			wsk_listen_unhold_child(ws, newsock->sk);
			wsk_listen_reset_sock(newsock);
			return true;
		}
		in->sock = newsock;
		in->id.key = cond->next_key++;
		in->id.serial_number = cond->serial;
		memset(&local, 0, sizeof(local));
		memset(&remote, 0, sizeof(remote));
		kernel_getsockname(newsock, (struct sockaddr *)&local);
		kernel_getpeername(newsock, (struct sockaddr *)&remote);
		/*
		 * Listed before the call: a client that pends may decide from another context
		 * before the call has even returned. Nothing but that decision touches it
		 * meanwhile: the scan and the hand-over run in this work item, after the call.
		 */
		in->state = WSK_IN_INSPECTING;
		spin_lock_bh(&ws->lock);
		list_add_tail(&in->node, &cond->held);
		cond->nr_held++;
		spin_unlock_bh(&ws->lock);
		/* A copy: what the client does to it does not change ours. */
		id = in->id;
		action = ld->inspect_event(ws->context, (struct sockaddr *)&local,
					   (struct sockaddr *)&remote, &id);
		trace_wsk_callback(ws, WSK_TRACE_CB_INSPECT, 0, action);
		drop = false;
		spin_lock_bh(&ws->lock);
		if (action == WSK_INSPECT_ACCEPT) {
			in->state = WSK_IN_ACCEPTED;
		} else if (action == WSK_INSPECT_PEND) {
			/* Unless wsk_inspect_complete() came first. */
			if (in->state == WSK_IN_INSPECTING)
				in->state = WSK_IN_PENDED;
		} else {
			wsk_inspect_unlink(cond, in);
			drop = true;
		}
		spin_unlock_bh(&ws->lock);
		if (drop)
			wsk_inspect_drop(ws, in);
		cond_resched();
	}
	return true;
}

/* Drop the held requests that were rejected, or reset (telling the abort event). */
static void wsk_cond_scan(struct wsk_sock *ws)
{
	struct wsk_cond *cond = ws->cond;
	struct wsk_inspect *in, *tmp;
	LIST_HEAD(drop);

	if (!test_and_clear_bit(WSK_S_INSPECT_SCAN, &ws->state))
		return;
	spin_lock_bh(&ws->lock);
	list_for_each_entry_safe(in, tmp, &cond->held, node) {
		if (in->state == WSK_IN_REJECTED ||
		    READ_ONCE(in->sock->sk->sk_state) == TCP_CLOSE) {
			wsk_inspect_unlink(cond, in);
			list_add_tail(&in->node, &drop);
		}
	}
	spin_unlock_bh(&ws->lock);
	list_for_each_entry_safe(in, tmp, &drop, node) {
		if (in->state != WSK_IN_REJECTED)
			wsk_inspect_abort(ws, in);
		wsk_inspect_drop(ws, in);
		cond_resched();
	}
}

/* Hand the accepted requests, in order, to queued requests and then the accept event. */
static void wsk_cond_serve(struct wsk_sock *ws)
{
	struct wsk_cond *cond = ws->cond;
	struct wsk_inspect *in, *cur;
	struct wsk_inspect_id *id;
	struct wsk_request *req;
	struct wsk_sock *cws;
	bool event;

	for (;;) {
		in = NULL;
		spin_lock_bh(&ws->lock);
		list_for_each_entry(cur, &cond->held, node) {
			if (cur->state == WSK_IN_ACCEPTED) {
				in = cur;
				break;
			}
		}
		req = in ? list_first_entry_or_null(&ws->q_accept, struct wsk_request, entry) :
			   NULL;
		if (req)
			list_del_init(&req->entry);
		spin_unlock_bh(&ws->lock);
		if (!in)
			return;
		event = !req && wsk_event_begin(ws, WSK_EV_ACCEPT);
		if (!req && !event)
			return;

		spin_lock_bh(&ws->lock);
		wsk_inspect_unlink(cond, in);
		spin_unlock_bh(&ws->lock);
		wsk_listen_unhold_child(ws, in->sock->sk);
		id = kmemdup(&in->id, sizeof(*id), GFP_KERNEL);
		cws = id ? wsk_listen_child(ws, in->sock) : NULL;
		if (!cws) {
			/* Dropped here before the client had it: the abort event tells. */
			kfree(id);
			if (event)
				wsk_event_end(ws, WSK_EV_ACCEPT);
			if (req) {
				spin_lock_bh(&ws->lock);
				list_add(&req->entry, &ws->q_accept);
				spin_unlock_bh(&ws->lock);
			}
			wsk_inspect_abort(ws, in);
			wsk_listen_reset_sock(in->sock);
			kfree(in);
			continue;
		}
		cws->inspect_id = id;
		kfree(in);
		if (req)
			wsk_listen_serve_request(ws, req, cws);
		else
			wsk_listen_serve_event(ws, cws);
		cond_resched();
	}
}

/* The work of a conditional listener: inspect what arrived, drop what went, hand over. */
static void wsk_cond_work(struct wsk_sock *ws)
{
	unsigned int held = READ_ONCE(ws->cond->nr_held);

	if (!wsk_cond_intake(ws)) {
		wsk_sock_set_dead(ws);
		wsk_listen_failed(ws);
		return;
	}
	wsk_cond_scan(ws);
	wsk_cond_serve(ws);
	/* Room was made for connections the stack queued meanwhile: inspect them too. */
	if (READ_ONCE(ws->cond->nr_held) < held &&
	    !reqsk_queue_empty(&inet_csk(ws->sock->sk)->icsk_accept_queue))
		wsk_sock_kick(ws);
}

static void wsk_listen_work(struct wsk_sock *ws)
{
	struct wsk_request *req;
	struct socket *newsock;
	struct wsk_sock *cws;
	bool event;
	int err;

	if (test_bit(WSK_S_DEAD, &ws->state)) {
		wsk_listen_failed(ws);
		return;
	}
	if (ws->cond) {
		wsk_cond_work(ws);
		return;
	}

	for (;;) {
		/* A consumer first, then the connection: nobody wants it, it stays queued. */
		spin_lock_bh(&ws->lock);
		req = list_first_entry_or_null(&ws->q_accept, struct wsk_request, entry);
		if (req)
			list_del_init(&req->entry);
		spin_unlock_bh(&ws->lock);
		/*
		 * The accept callback counts as in progress only when a connection is there
		 * for it: a look at an empty queue is no call, and must not turn a disable into
		 * STATUS_PENDING (rule 3).
		 */
		if (!req && reqsk_queue_empty(&inet_csk(ws->sock->sk)->icsk_accept_queue))
			return;
		event = !req && wsk_event_begin(ws, WSK_EV_ACCEPT);
		if (!req && !event)
			return;

		err = kernel_accept(ws->sock, &newsock, O_NONBLOCK);
		if (!err && !wsk_listen_reset_child(ws, newsock->sk)) {
			/* Claimed by someone else: refused, as if it had died before the accept. */
			sock_no_linger(newsock->sk);
			sock_release(newsock);
			err = -ECONNABORTED;
		} else if (!err) {
			cws = wsk_listen_child(ws, newsock);
			if (!cws) {
				sock_no_linger(newsock->sk);
				sock_release(newsock);
				err = -ENOMEM;
			}
		}
		if (err) {
			if (event)
				wsk_event_end(ws, WSK_EV_ACCEPT);
			if (req) {
				/* Put the request back at the head, where it was. */
				spin_lock_bh(&ws->lock);
				list_add(&req->entry, &ws->q_accept);
				spin_unlock_bh(&ws->lock);
			}
			/* A connection that died before it was accepted: take the next. */
			if (err == -ECONNABORTED || err == -EPROTO)
				continue;
			/* Nothing there, or no memory: retried at the next connection or request */
			if (err == -EAGAIN || err == -ENOMEM || err == -ENOBUFS)
				return;
			pr_debug("listener failed: accept error %d\n", err);
			wsk_sock_set_dead(ws);
			wsk_listen_failed(ws);
			return;
		}
		if (req)
			wsk_listen_serve_request(ws, req, cws);
		else
			wsk_listen_serve_event(ws, cws);
	}
}

/* Close: the held requests are reset, the mode's state freed. */
static void wsk_listen_close(struct wsk_sock *ws)
{
	struct wsk_cond *cond;

	wsk_cond_drop_all(ws);
	spin_lock_bh(&ws->lock);
	cond = ws->cond;
	ws->cond = NULL;
	spin_unlock_bh(&ws->lock);
	kfree(cond);
}

static void wsk_listen_hook(struct wsk_sock *ws, struct sock *sk)
{
	/* NOCOPY: the children the stack clones from the listener do not inherit @ws. */
	__rcu_assign_sk_user_data_with_flags(sk, ws, SK_USER_DATA_NOCOPY);
	WRITE_ONCE(sk->sk_data_ready, wsk_listen_data_ready);
	WRITE_ONCE(sk->sk_state_change, wsk_listen_state_change);
}

static u32 wsk_listen_callable(const void *dispatch)
{
	const struct wsk_client_listen_dispatch *ld = dispatch;

	return ld->accept_event ? WSK_EVENT_ACCEPT : 0;
}

static const struct wsk_provider_listen_dispatch wsk_listen_dispatch = {
	.basic = WSK_PROVIDER_BASIC_CALLS,
	.bind = wsk_bind,
	.accept = wsk_accept,
	.inspect_complete = wsk_inspect_complete,
	.get_local_address = wsk_get_local_address,
};

const struct wsk_category wsk_listen_category = {
	.flag = WSK_FLAG_LISTEN_SOCKET,
	.type = SOCK_STREAM,
	.provider = &wsk_listen_dispatch,
	.events = WSK_EVENT_ACCEPT,
	.inherits = WSK_EVENT_CONNECTION,
	.ready = WSK_S_BOUND,
	.callable = wsk_listen_callable,
	.hook = wsk_listen_hook,
	.bound = wsk_listen_start,
	.set_conditional = wsk_listen_set_conditional,
	.work = wsk_listen_work,
	.close = wsk_listen_close,
};
