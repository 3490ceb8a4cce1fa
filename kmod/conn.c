// SPDX-License-Identifier: GPL-2.0
/*
 * Connection sockets (TCP): connect, send, receive, disconnect, and the receive, disconnect
 * and send-backlog events.
 *
 * Where things run:
 *  - Requests are served by the socket's work item, in process context, with non-blocking
 *    socket calls; a request that cannot progress waits for the next socket callback.
 *  - Events are delivered inline from TCP's callbacks (softirq, or process context inside
 *    release_sock() with bottom halves disabled by us: WSK_FLAG_AT_DISPATCH_LEVEL), unless the
 *    socket asked for process context (WSK_FLAG_PROCESS_CONTEXT) or a request is queued (rule
 *    7): then from the work item, under lock_sock(), with the flag clear.
 * Either way TCP's socket lock is held while a receive or disconnect callback runs, which is
 * what makes those calls serial per socket (rule 13).
 */

#include "compat.h"
#include "core.h"
#include "net.h"
#include "rx.h"

#include <linux/module.h>
#include <linux/net.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp.h>

/* Retained data beyond this share of the receive buffer asks for WSK_FLAG_RELEASE_ASAP. */
#define WSK_RETAIN_ASAP_SHIFT	1

static bool wsk_conn_requests_queued(struct wsk_sock *ws)
{
	return !list_empty_careful(&ws->q_recv);
}

/*
 * tcp_read_sock() actor: indicate bytes of one skb to the receive callback and return how
 * many were consumed. Returning 0 stops the read (nothing more to indicate now).
 */
static int wsk_conn_actor(read_descriptor_t *desc, struct sk_buff *skb, unsigned int offset,
			  size_t len)
{
	struct wsk_sock *ws = desc->arg.data;
	const struct wsk_client_connection_dispatch *cd;
	struct wsk_rx_block *blk = ws->rx_block;
	unsigned int covered, nr;
	size_t accepted, used;
	wsk_status_t st;
	u32 flags;

	if (!blk || test_bit(WSK_S_RX_STALLED, &ws->state) || wsk_conn_requests_queued(ws) ||
	    wsk_rx_retain_full(ws))
		goto stop;
	cd = wsk_event_begin(ws, WSK_EV_RECEIVE);
	if (!cd)
		goto stop;

	nr = wsk_rx_fill(blk->bvec, blk->nr_bvec, skb, offset, min_t(size_t, len, INT_MAX),
			 &covered);
	if (!covered) {
		/* Unreadable (device memory) fragments: leave the data to receive requests. */
		wsk_event_end(ws, WSK_EV_RECEIVE);
		goto stop;
	}
	blk->ind.next = NULL;
	blk->ind.buffer.bvec = blk->bvec;
	blk->ind.buffer.nr_segs = nr;
	blk->ind.buffer.offset = 0;
	blk->ind.buffer.length = covered;
	blk->bytes = covered;
	blk->charge = skb->truesize;

	flags = desc->count == 2 ? WSK_FLAG_AT_DISPATCH_LEVEL : 0;
	if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_PSH)
		flags |= WSK_FLAG_ENTIRE_MESSAGE;
	if (READ_ONCE(ws->retained_bytes) >
	    (READ_ONCE(ws->sock->sk->sk_rcvbuf) >> WSK_RETAIN_ASAP_SHIFT))
		flags |= WSK_FLAG_RELEASE_ASAP;

	accepted = covered;
	wsk_rx_indicating(ws, blk);
	st = cd->receive_event(ws->context, flags, &blk->ind, covered, &accepted);

	if (st == WSK_ST(WSK_STATUS_PENDING)) {
		/*
		 * The client keeps the list: the spare becomes a clone that holds the data
		 * after TCP frees the skb, and the block is the client's until wsk_release().
		 */
		blk->held = skb_morph(blk->spare, skb);
		blk->spare = NULL;
		wsk_rx_retain(ws, blk);
		/* Without a new block, indications continue from the work item (GFP_KERNEL). */
		WRITE_ONCE(ws->rx_block, wsk_rx_block_alloc(false, GFP_ATOMIC | __GFP_NOWARN));
		used = covered;
	} else if (st == WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED)) {
		WRITE_ONCE(ws->rx_busy, NULL);
		/* Nothing consumed; quiet until a receive request completes (rule 9). */
		set_bit(WSK_S_RX_STALLED, &ws->state);
		used = 0;
	} else {
		WRITE_ONCE(ws->rx_busy, NULL);
		/* Success, or a value WSK does not define, which counts as success. */
		used = covered;
		if (st == WSK_ST(WSK_STATUS_SUCCESS))
			used = min_t(size_t, accepted, covered);
		/* A partial accept also waits for a receive request (rule 8). */
		if (used < covered)
			set_bit(WSK_S_RX_STALLED, &ws->state);
	}
	wsk_event_end(ws, WSK_EV_RECEIVE);
	if (!ws->rx_block)
		wsk_sock_kick(ws);
	if (used)
		return used;
stop:
	desc->count = 0;
	return 0;
}

/*
 * tcp_read_sock() stops at the urgent mark, every time, whatever SO_OOBINLINE says: only
 * tcp_recvmsg() gets past it. wsk's sockets read urgent data inline (net.c), and with
 * SO_OOBINLINE tcp_recvmsg() reads the byte as ordinary data and forgets the mark once past
 * it. When the read stopped right at the mark with the byte queued, forget the mark now in
 * the same way, so that the next read takes the byte and what follows. Otherwise one
 * MSG_OOB byte from a peer would stop every receive and disconnect event for good. The
 * socket lock is held, as TCP's own receive path holds it for these fields.
 *
 * Return: true if there is more to read past the mark.
 */
static bool wsk_conn_pass_urgent_mark(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	lockdep_assert(lockdep_sock_is_held(sk));
	if (!(READ_ONCE(tp->urg_data) & TCP_URG_VALID) || tp->urg_seq != tp->copied_seq)
		return false;
	WRITE_ONCE(tp->urg_data, 0);
	tcp_fast_path_check(sk);
	return true;
}

/* Indicate what TCP has queued. The socket lock is held (by the stack or by lock_sock()). */
static void wsk_conn_indicate(struct wsk_sock *ws, bool dispatch)
{
	/* count: 2 tells the actor it runs at "dispatch level", 1 in process context. */
	read_descriptor_t desc = { .arg.data = ws, .count = dispatch ? 2 : 1 };
	struct sock *sk = ws->sock->sk;

	lockdep_assert(lockdep_sock_is_held(sk));
	if (!wsk_event_enabled(ws, WSK_EV_RECEIVE) || test_bit(WSK_S_RX_STALLED, &ws->state))
		return;
	/* The actor clears count when it stops; at most one more read per urgent mark. */
	do
		tcp_read_sock(sk, &desc, wsk_conn_actor);
	while (desc.count && wsk_conn_pass_urgent_mark(sk));
}

/* The connection failed: a receive callback learns it from a NULL indication, once. */
static void wsk_conn_indicate_null(struct wsk_sock *ws, u32 flags)
{
	const struct wsk_client_connection_dispatch *cd;
	size_t accepted = 0;

	if (test_and_set_bit(WSK_S_NULL_SENT, &ws->state))
		return;
	cd = wsk_event_begin(ws, WSK_EV_RECEIVE);
	if (cd) {
		/* The return value means nothing here (rule 12). */
		cd->receive_event(ws->context, flags, NULL, 0, &accepted);
		wsk_event_end(ws, WSK_EV_RECEIVE);
	}
}

/*
 * The peer's disconnect, once: after every byte queued before a FIN has been indicated and
 * consumed (spec §2.5: no data comes after a graceful disconnect), also bytes a receive
 * callback declined or did not take all of, which wait for the client's receive request; at
 * once for a reset; and without waiting when receive indications are off, since nothing then
 * indicates the data. A disconnect that happens while the event is disabled is not replayed
 * later (§3.4).
 */
static void wsk_conn_disconnect(struct wsk_sock *ws, bool dispatch)
{
	const struct wsk_client_connection_dispatch *cd;
	struct sock *sk = ws->sock->sk;
	u32 flags = dispatch ? WSK_FLAG_AT_DISPATCH_LEVEL : 0;

	/* Until the accept event has returned, the inherited callbacks are not set up yet. */
	if (test_bit(WSK_S_ADOPTING, &ws->state))
		return;
	if (test_bit(WSK_S_PEER_RESET, &ws->state)) {
		cd = test_and_set_bit(WSK_S_ABORT_SENT, &ws->state) ? NULL :
		     wsk_event_begin(ws, WSK_EV_DISCONNECT);
		if (cd) {
			cd->disconnect_event(ws->context, flags | WSK_FLAG_ABORTIVE);
			wsk_event_end(ws, WSK_EV_DISCONNECT);
		}
		wsk_conn_indicate_null(ws, flags);
		return;
	}
	if (!test_bit(WSK_S_PEER_FIN, &ws->state) || test_bit(WSK_S_DISC_SENT, &ws->state))
		return;
	/*
	 * Seen while the event is disabled: missed for good, even with data still to indicate,
	 * and not delivered when the event is enabled again (§3.4).
	 */
	if (!wsk_event_enabled(ws, WSK_EV_DISCONNECT)) {
		set_bit(WSK_S_DISC_SENT, &ws->state);
		return;
	}
	if (!skb_queue_empty_lockless(&sk->sk_receive_queue) &&
	    wsk_event_enabled(ws, WSK_EV_RECEIVE))
		return;
	if (test_and_set_bit(WSK_S_DISC_SENT, &ws->state))
		return;
	cd = wsk_event_begin(ws, WSK_EV_DISCONNECT);
	if (cd) {
		cd->disconnect_event(ws->context, flags);
		wsk_event_end(ws, WSK_EV_DISCONNECT);
	}
}

/*
 * The ideal send backlog: the bandwidth-delay product TCP works with, the congestion window
 * in bytes (at least two segments), rounded up to a power of two so that it changes in
 * steps rather than with every ACK, and capped by the send buffer.
 */
static size_t wsk_conn_ideal_backlog(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	u64 bdp = (u64)max(tcp_snd_cwnd(tp), 2U) * max_t(u32, READ_ONCE(tp->mss_cache), 1);

	return min_t(u64, roundup_pow_of_two(bdp), max(READ_ONCE(sk->sk_sndbuf), 1));
}

wsk_status_t wsk_conn_query_backlog(struct wsk_sock *ws, size_t *backlog)
{
	if (!test_bit(WSK_S_CONNECTED, &ws->state))
		return WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE);
	*backlog = wsk_conn_ideal_backlog(ws->sock->sk);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/* Tell the send-backlog callback when the value changed. The socket lock is held. */
static void wsk_conn_backlog(struct wsk_sock *ws, bool dispatch)
{
	const struct wsk_client_connection_dispatch *cd;
	struct sock *sk = ws->sock->sk;
	size_t now;

	lockdep_assert(lockdep_sock_is_held(sk));
	if (!wsk_event_enabled(ws, WSK_EV_SEND_BACKLOG))
		return;
	/* TCP calls sk_write_space on freed send space only with SOCK_NOSPACE set. */
	if (sk->sk_socket)
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
	now = wsk_conn_ideal_backlog(sk);
	if (now == ws->last_backlog)
		return;
	cd = wsk_event_begin(ws, WSK_EV_SEND_BACKLOG);
	if (!cd)
		return;
	ws->last_backlog = now;
	cd->send_backlog_event(ws->context, now);
	wsk_event_end(ws, WSK_EV_SEND_BACKLOG);
}

/* Inline event delivery from a TCP callback; the stack holds the socket lock. */
static void wsk_conn_inline(struct wsk_sock *ws)
{
	/* Inside release_sock() this is process context: make it dispatch level. */
	local_bh_disable();
	wsk_conn_indicate(ws, true);
	wsk_conn_disconnect(ws, true);
	local_bh_enable();
}

static bool wsk_conn_can_inline(struct wsk_sock *ws)
{
	return wsk_sock_callback_ctx(ws) && ws->rx_block && !wsk_conn_requests_queued(ws);
}

static void wsk_conn_data_ready(struct sock *sk)
{
	struct wsk_sock *ws;

	rcu_read_lock();
	ws = rcu_dereference_sk_user_data(sk);
	if (ws && test_bit(WSK_S_CONNECTED, &ws->state)) {
		if (wsk_conn_can_inline(ws))
			wsk_conn_inline(ws);
		else
			wsk_sock_kick(ws);
	}
	rcu_read_unlock();
}

/* Record what a TCP state means for the peer. Return: true if it disconnected. */
static bool wsk_conn_note_state(struct wsk_sock *ws, struct sock *sk)
{
	if (test_bit(WSK_S_LOCAL_ABORT, &ws->state))
		return false;
	if (READ_ONCE(sk->sk_state) == TCP_CLOSE && READ_ONCE(sk->sk_err)) {
		set_bit(WSK_S_PEER_RESET, &ws->state);
		return true;
	}
	if (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) {
		/*
		 * Learnt while the event is disabled: missed for good (§3.4), decided now rather
		 * than when the work item next looks, by which time a receive request may have
		 * reported the end of the stream and the client enabled the event again.
		 */
		if (!test_and_set_bit(WSK_S_PEER_FIN, &ws->state) &&
		    !wsk_event_enabled(ws, WSK_EV_DISCONNECT) &&
		    !test_bit(WSK_S_ADOPTING, &ws->state))
			set_bit(WSK_S_DISC_SENT, &ws->state);
		return true;
	}
	return false;
}

/* Also the error_report hook: TCP reports a reset through both. */
static void wsk_conn_state_change(struct sock *sk)
{
	struct wsk_sock *ws;

	rcu_read_lock();
	ws = rcu_dereference_sk_user_data(sk);
	if (!ws)
		goto out;
	if (!test_bit(WSK_S_CONNECTED, &ws->state)) {
		/* A connect in progress finished, one way or the other. */
		if (test_bit(WSK_S_CONNECTING, &ws->state))
			wsk_sock_kick(ws);
		goto out;
	}
	if (!wsk_conn_note_state(ws, sk))
		goto out;
	/* Requests waiting for data learn it from the work item. */
	if (!list_empty_careful(&ws->q_recv) || !list_empty_careful(&ws->q_send) ||
	    !wsk_conn_can_inline(ws))
		wsk_sock_kick(ws);
	else
		wsk_conn_inline(ws);
out:
	rcu_read_unlock();
}

static void wsk_conn_write_space(struct sock *sk)
{
	struct wsk_sock *ws;

	rcu_read_lock();
	ws = rcu_dereference_sk_user_data(sk);
	if (ws && test_bit(WSK_S_CONNECTED, &ws->state)) {
		if (!list_empty_careful(&ws->q_send) || !list_empty_careful(&ws->q_ctl) ||
		    !wsk_sock_callback_ctx(ws)) {
			wsk_sock_kick(ws);
		} else {
			local_bh_disable();
			wsk_conn_backlog(ws, true);
			local_bh_enable();
		}
	}
	rcu_read_unlock();
}

/* Take the first request of a queue, or NULL. */
static struct wsk_request *wsk_conn_dequeue(struct wsk_sock *ws, struct list_head *q)
{
	struct wsk_request *req;

	spin_lock_bh(&ws->lock);
	req = list_first_entry_or_null(q, struct wsk_request, entry);
	if (req)
		list_del_init(&req->entry);
	spin_unlock_bh(&ws->lock);
	return req;
}

/* Put a request that must wait back at the head of its queue. */
static void wsk_conn_requeue(struct wsk_sock *ws, struct list_head *q, struct wsk_request *req)
{
	spin_lock_bh(&ws->lock);
	list_add(&req->entry, q);
	spin_unlock_bh(&ws->lock);
}

static void wsk_conn_iter(struct wsk_sock *ws, struct msghdr *msg, struct wsk_request *req,
			  unsigned int dir)
{
	struct wsk_buf *buf = req->buf;

	memset(msg, 0, sizeof(*msg));
	iov_iter_bvec(&msg->msg_iter, dir, buf->bvec, buf->nr_segs, buf->offset + buf->length);
	iov_iter_advance(&msg->msg_iter, buf->offset + req->done);
}

/* Send as much of a request as the socket takes. Return: true when it is all sent. */
static int wsk_conn_send_some(struct wsk_sock *ws, struct wsk_request *req)
{
	struct msghdr msg;
	int n;

	/* Process context, socket lock not held: the one place that may set the option. */
	might_sleep();
	if (req->op == WSK_OP_SEND && (req->flags & WSK_FLAG_NODELAY) &&
	    !test_and_set_bit(WSK_S_NODELAY, &ws->state))
		tcp_sock_set_nodelay(ws->sock->sk);
	while (req->done < req->buf->length) {
		wsk_conn_iter(ws, &msg, req, ITER_SOURCE);
		msg.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
		n = sock_sendmsg(ws->sock, &msg);
		if (n <= 0)
			return n ? n : -EAGAIN;
		req->done += n;
	}
	return 0;
}

static void wsk_conn_serve_sends(struct wsk_sock *ws)
{
	struct wsk_request *req;
	int err;

	while ((req = wsk_conn_dequeue(ws, &ws->q_send))) {
		err = wsk_conn_send_some(ws, req);
		if (err == -EAGAIN) {
			wsk_conn_requeue(ws, &ws->q_send, req);
			return;
		}
		if (err)
			wsk_complete(req, wsk_errno_to_status(err), req->done);
		else
			wsk_complete(req, WSK_ST(WSK_STATUS_SUCCESS), req->done);
	}
}

/*
 * The first receive request, left on its queue but marked busy while the work item fills it:
 * a queued request is what keeps the receive event quiet (rule 7), so it must stay visible
 * to the socket callbacks while it waits for data.
 */
static struct wsk_request *wsk_conn_recv_head(struct wsk_sock *ws)
{
	struct wsk_request *req;

	spin_lock_bh(&ws->lock);
	req = list_first_entry_or_null(&ws->q_recv, struct wsk_request, entry);
	if (req)
		req->flags |= WSK_RQ_BUSY;
	spin_unlock_bh(&ws->lock);
	return req;
}

/* Done with the head request: take it off the queue if @finished or cancelled meanwhile. */
static bool wsk_conn_recv_put(struct wsk_sock *ws, struct wsk_request *req, bool finished)
{
	bool cancelled;

	spin_lock_bh(&ws->lock);
	req->flags &= ~WSK_RQ_BUSY;
	cancelled = req->flags & WSK_RQ_CANCEL;
	if (finished || cancelled)
		list_del_init(&req->entry);
	spin_unlock_bh(&ws->lock);
	if (cancelled)
		wsk_complete(req, WSK_ST(WSK_STATUS_CANCELLED), req->done);
	return finished && !cancelled;
}

static void wsk_conn_serve_receives(struct wsk_sock *ws)
{
	struct wsk_request *req;
	struct msghdr msg;
	int n;

	while ((req = wsk_conn_recv_head(ws))) {
		if (!req->buf->length) {
			/* Zero-length: restarts indications and nothing else (rule 8). */
			clear_bit(WSK_S_RX_STALLED, &ws->state);
			if (wsk_conn_recv_put(ws, req, true))
				wsk_complete(req, WSK_ST(WSK_STATUS_SUCCESS), 0);
			continue;
		}
		wsk_conn_iter(ws, &msg, req, ITER_DEST);
		n = sock_recvmsg(ws->sock, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n == -EAGAIN) {
			/* Waits for data; the next data_ready runs the work item again. */
			wsk_conn_recv_put(ws, req, false);
			return;
		}
		if (n > 0) {
			req->done += n;
			if ((req->flags & WSK_FLAG_WAITALL) && req->done < req->buf->length) {
				wsk_conn_recv_put(ws, req, false);
				continue;
			}
		}
		clear_bit(WSK_S_RX_STALLED, &ws->state);
		if (!wsk_conn_recv_put(ws, req, true))
			continue;
		/* 0 bytes: the peer's graceful disconnect. An error after data: the data. */
		if (n >= 0 || req->done)
			wsk_complete(req, WSK_ST(WSK_STATUS_SUCCESS), req->done);
		else
			wsk_complete(req, wsk_errno_to_status(n), 0);
	}
}

/* Fail every queued send and receive (after an abortive disconnect). */
static void wsk_conn_fail_io(struct wsk_sock *ws, wsk_status_t st)
{
	LIST_HEAD(failed);

	spin_lock_bh(&ws->lock);
	list_splice_tail_init(&ws->q_send, &failed);
	list_splice_tail_init(&ws->q_recv, &failed);
	spin_unlock_bh(&ws->lock);
	wsk_complete_list(&failed, st);
}

static void wsk_conn_serve_disconnect(struct wsk_sock *ws)
{
	struct wsk_request *req, *tmp;
	int err;

	spin_lock_bh(&ws->lock);
	/*
	 * The first disconnect, wherever it is: pending disables wait on the same queue for
	 * callbacks to return, and a disconnect issued inside such a callback must not wait
	 * behind them (review finding 11).
	 */
	req = NULL;
	list_for_each_entry(tmp, &ws->q_ctl, entry) {
		if (tmp->op == WSK_OP_DISCONNECT) {
			req = tmp;
			break;
		}
	}
	/* A graceful disconnect goes after the sends queued before it. */
	if (req && !(req->flags & WSK_FLAG_ABORTIVE) && !list_empty(&ws->q_send))
		req = NULL;
	if (req)
		list_del_init(&req->entry);
	spin_unlock_bh(&ws->lock);
	if (!req)
		return;

	if (req->flags & WSK_FLAG_ABORTIVE) {
		set_bit(WSK_S_LOCAL_ABORT, &ws->state);
		wsk_conn_fail_io(ws, WSK_ST(WSK_STATUS_CONNECTION_ABORTED));
		err = tcp_abort(ws->sock->sk, ECONNABORTED);
		wsk_complete(req, err ? wsk_errno_to_status(err) : WSK_ST(WSK_STATUS_SUCCESS), 0);
		return;
	}
	if (req->buf) {
		err = wsk_conn_send_some(ws, req);
		if (err == -EAGAIN) {
			wsk_conn_requeue(ws, &ws->q_ctl, req);
			return;
		}
		if (err) {
			wsk_complete(req, wsk_errno_to_status(err), req->done);
			return;
		}
	}
	err = kernel_sock_shutdown(ws->sock, SHUT_WR);
	if (!err)
		set_bit(WSK_S_SHUT_WR, &ws->state);
	wsk_complete(req, err ? wsk_errno_to_status(err) : WSK_ST(WSK_STATUS_SUCCESS), req->done);
}

/* A connect in progress: complete it once TCP has decided. */
static void wsk_conn_connect_done(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;
	int state = READ_ONCE(sk->sk_state);
	struct wsk_request *req;
	wsk_status_t st;
	int err;

	if (state == TCP_SYN_SENT || state == TCP_SYN_RECV)
		return;
	spin_lock_bh(&ws->lock);
	req = list_first_entry_or_null(&ws->q_ctl, struct wsk_request, entry);
	if (req && req->op == WSK_OP_CONNECT)
		list_del_init(&req->entry);
	else
		req = NULL;
	spin_unlock_bh(&ws->lock);

	if (state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT) {
		set_bit(WSK_S_CONNECTED, &ws->state);
		clear_bit(WSK_S_CONNECTING, &ws->state);
		/* A FIN or reset may already be there; data is looked at next. */
		wsk_conn_note_state(ws, sk);
		if (req)
			wsk_complete(req, WSK_ST(WSK_STATUS_SUCCESS),
				     req->flags ? (unsigned long)&ws->pub : 0);
		return;
	}
	err = sock_error(sk);
	st = wsk_errno_to_status(err ? err : -ECONNREFUSED);
	clear_bit(WSK_S_CONNECTING, &ws->state);
	/* Failed: the socket may connect again. */
	clear_bit(WSK_S_CONNECT_REQ, &ws->state);
	if (req && req->flags) {
		/* wsk_socket_connect(): the client never sees the socket. */
		wsk_complete(req, st, 0);
		wsk_sock_close_internal(ws);
		return;
	}
	wsk_complete(req, st, 0);
}

/* Deliver events from process context, under the socket lock like the inline path. */
static void wsk_conn_events(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;

	lock_sock(sk);
	/*
	 * The block is replaced only under the socket lock (here and by the actor), so that
	 * the inline path, which runs under it too, never sees it change under its feet.
	 */
	if (!ws->rx_block && wsk_event_enabled(ws, WSK_EV_RECEIVE))
		WRITE_ONCE(ws->rx_block, wsk_rx_block_alloc(false, GFP_KERNEL));
	/* A FIN or reset that came before our hooks (accepted children) is noted here. */
	wsk_conn_note_state(ws, sk);
	if (!wsk_conn_requests_queued(ws))
		wsk_conn_indicate(ws, false);
	wsk_conn_disconnect(ws, false);
	wsk_conn_backlog(ws, false);
	release_sock(sk);
}

static void wsk_conn_work(struct wsk_sock *ws)
{
	if (test_bit(WSK_S_CONNECTING, &ws->state)) {
		wsk_conn_connect_done(ws);
		if (!test_bit(WSK_S_CONNECTED, &ws->state))
			return;
	}
	if (!test_bit(WSK_S_CONNECTED, &ws->state))
		return;
	wsk_conn_serve_sends(ws);
	wsk_conn_serve_disconnect(ws);
	wsk_conn_serve_receives(ws);
	wsk_conn_events(ws);
}

/* Common checks of send, receive and disconnect requests. */
static wsk_status_t wsk_conn_check_io(struct wsk_sock *ws, struct wsk_request *req)
{
	wsk_status_t st;

	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	st = wsk_sock_check(ws, WSK_FLAG_CONNECTION_SOCKET);
	if (st)
		return st;
	if (!test_bit(WSK_S_CONNECTED, &ws->state))
		return WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE);
	if (test_bit(WSK_S_LOCAL_ABORT, &ws->state))
		return WSK_ST(WSK_STATUS_CONNECTION_ABORTED);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/**
 * wsk_connect() - connect a bound connection socket (WskConnect)
 * @sock: the socket
 * @remote: the peer; must stay valid until the request completes
 * @flags: must be 0
 * @req: completes when the connection is established or has failed
 *
 * Process context.
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_connect(struct wsk_socket *sock, struct sockaddr *remote, u32 flags,
			 struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);

	return wsk_conn_start(ws, remote, flags, req, false);
}
EXPORT_SYMBOL_GPL(wsk_connect);

wsk_status_t wsk_conn_start(struct wsk_sock *ws, struct sockaddr *remote, u32 flags,
			    struct wsk_request *req, bool socket_connect)
{
	wsk_status_t st;
	int len, err;

	might_sleep();
	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	st = wsk_sock_check(ws, WSK_FLAG_CONNECTION_SOCKET);
	if (st)
		return wsk_fail(req, st);
	if (flags || !remote)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	len = wsk_sockaddr_len(remote, sizeof(struct sockaddr_in6));
	if (len < 0 || remote->sa_family != ws->family)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_ADDRESS));
	/* A connection socket is bound before it connects (as in WSK). */
	if (!test_bit(WSK_S_BOUND, &ws->state) || test_bit(WSK_S_CONNECTED, &ws->state) ||
	    test_and_set_bit(WSK_S_CONNECT_REQ, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	req->op = WSK_OP_CONNECT;
	req->flags = socket_connect;
	req->owner = &ws->pub;
	spin_lock_bh(&ws->lock);
	list_add_tail(&req->entry, &ws->q_ctl);
	spin_unlock_bh(&ws->lock);

	/*
	 * The hooks go in before the SYN, so that the state change cannot be missed. The work
	 * item decides the connect only once WSK_S_CONNECTING is set, after kernel_connect()
	 * started it: before, the socket is in TCP_CLOSE, which a work item kicked meanwhile (by
	 * another request) would have taken for a refused connect (found by the fuzzer).
	 */
	wsk_sock_hook(ws);
	err = kernel_connect(ws->sock, remote, len, O_NONBLOCK);
	if (err && err != -EINPROGRESS) {
		struct wsk_request *tmp;
		bool queued = false;

		/* A cancel may have completed it already: then it is not ours to fail. */
		spin_lock_bh(&ws->lock);
		list_for_each_entry(tmp, &ws->q_ctl, entry) {
			if (tmp == req) {
				list_del_init(&req->entry);
				queued = true;
				break;
			}
		}
		spin_unlock_bh(&ws->lock);
		clear_bit(WSK_S_CONNECT_REQ, &ws->state);
		if (!queued)
			return WSK_ST(WSK_STATUS_PENDING);
		return wsk_fail(req, wsk_errno_to_status(err));
	}
	set_bit(WSK_S_CONNECTING, &ws->state);
	wsk_sock_kick(ws);
	return WSK_ST(WSK_STATUS_PENDING);
}

/**
 * wsk_socket_connect() - create, bind and connect a connection socket (WskSocketConnect)
 * @client: the client
 * @type: SOCK_STREAM
 * @protocol: 0 or IPPROTO_TCP
 * @local: the local address (its family is the socket's)
 * @remote: the peer; must stay valid until the request completes
 * @flags: 0, or WSK_FLAG_PROCESS_CONTEXT
 * @socket_context: passed to the socket's callbacks
 * @dispatch: the socket's callbacks (all start disabled)
 * @req: completes with the connected socket in information, or with the failure
 *
 * Process context.
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_socket_connect(struct wsk_client *client, int type, int protocol,
				struct sockaddr *local, struct sockaddr *remote, u32 flags,
				void *socket_context,
				const struct wsk_client_connection_dispatch *dispatch,
				struct wsk_request *req)
{
	struct wsk_socket *sock;
	struct wsk_sync sync;
	wsk_status_t st;
	int len;

	might_sleep();
	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (!local || !remote || (flags & ~WSK_FLAG_PROCESS_CONTEXT))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	len = wsk_sockaddr_len(local, sizeof(struct sockaddr_in6));
	if (len < 0)
		return wsk_fail(req, wsk_errno_to_status(len));

	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_socket(client, local->sa_family, type, protocol,
					     WSK_FLAG_CONNECTION_SOCKET | flags, socket_context,
					     dispatch, &sync.req));
	if (st)
		return wsk_fail(req, st);
	sock = (struct wsk_socket *)sync.req.information;

	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_bind(sock, local, 0, &sync.req));
	if (st) {
		wsk_sock_close_internal(wsk_sock(sock));
		return wsk_fail(req, st);
	}
	st = wsk_conn_start(wsk_sock(sock), remote, 0, req, true);
	if (st != WSK_ST(WSK_STATUS_PENDING))
		wsk_sock_close_internal(wsk_sock(sock));
	return st;
}
EXPORT_SYMBOL_GPL(wsk_socket_connect);

/**
 * wsk_send() - send data (WskSend)
 * @sock: a connected connection socket
 * @buf: the data; must stay valid until the request completes
 * @flags: 0 or WSK_FLAG_NODELAY (switches Nagle's algorithm off for the socket)
 * @req: completes once TCP has taken all the data
 *
 * Any context up to softirq. Sends complete in order.
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_send(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
		      struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	wsk_status_t st = wsk_conn_check_io(ws, req);

	if (st)
		return wsk_fail(req, st);
	if (!buf || (flags & ~WSK_FLAG_NODELAY))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (test_bit(WSK_S_SHUT_WR, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_CONNECTION_DISCONNECTED));
	/* NODELAY is applied by the work item, which may take the socket lock (finding 5). */
	return wsk_sock_queue(ws, &ws->q_send, req, WSK_OP_SEND, flags, buf, NULL);
}
EXPORT_SYMBOL_GPL(wsk_send);

/**
 * wsk_receive() - receive data (WskReceive)
 * @sock: a connected connection socket
 * @buf: where to put the data; length 0 only restarts receive indications
 * @flags: 0 or WSK_FLAG_WAITALL (WSK_FLAG_DRAIN is not supported)
 * @req: completes with the byte count; 0 bytes means the peer disconnected gracefully
 *
 * Pending receives are served before the receive event (rule 7).
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_receive(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			 struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	wsk_status_t st = wsk_conn_check_io(ws, req);

	if (st)
		return wsk_fail(req, st);
	if (flags & WSK_FLAG_DRAIN)
		return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_SUPPORTED));
	if (!buf || (flags & ~WSK_FLAG_WAITALL))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	return wsk_sock_queue(ws, &ws->q_recv, req, WSK_OP_RECEIVE, flags, buf, NULL);
}
EXPORT_SYMBOL_GPL(wsk_receive);

/**
 * wsk_disconnect() - disconnect (WskDisconnect)
 * @sock: a connected connection socket
 * @buf: optional final data (graceful only)
 * @flags: 0 (graceful: after the queued sends, FIN) or WSK_FLAG_ABORTIVE (RST now; queued
 *	sends and receives fail with WSK_STATUS_CONNECTION_ABORTED)
 * @req: completes when done
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_disconnect(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			    struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	wsk_status_t st = wsk_conn_check_io(ws, req);

	if (st)
		return wsk_fail(req, st);
	if ((flags & ~WSK_FLAG_ABORTIVE) || ((flags & WSK_FLAG_ABORTIVE) && buf))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (!(flags & WSK_FLAG_ABORTIVE) && test_bit(WSK_S_SHUT_WR, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	return wsk_sock_queue(ws, &ws->q_ctl, req, WSK_OP_DISCONNECT, flags, buf, NULL);
}
EXPORT_SYMBOL_GPL(wsk_disconnect);

/**
 * wsk_release() - give back a retained data indication list (WskRelease)
 * @sock: the connection socket
 * @list: the list head the receive callback got and kept with WSK_STATUS_PENDING
 *
 * Any context up to softirq.
 *
 * Return: WSK_STATUS_SUCCESS, or WSK_STATUS_INVALID_PARAMETER for a list that is not retained.
 */
wsk_status_t wsk_release(struct wsk_socket *sock, struct wsk_data_indication *list)
{
	struct wsk_sock *ws = wsk_sock(sock);

	if (!list || ws->category != WSK_FLAG_CONNECTION_SOCKET)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	return wsk_rx_release(ws, list);
}
EXPORT_SYMBOL_GPL(wsk_release);

static void wsk_conn_hook(struct wsk_sock *ws, struct sock *sk)
{
	rcu_assign_sk_user_data(sk, ws);
	WRITE_ONCE(sk->sk_data_ready, wsk_conn_data_ready);
	WRITE_ONCE(sk->sk_state_change, wsk_conn_state_change);
	WRITE_ONCE(sk->sk_write_space, wsk_conn_write_space);
	/* TCP reports a reset through both. */
	WRITE_ONCE(sk->sk_error_report, wsk_conn_state_change);
}

static u32 wsk_conn_callable(const void *dispatch)
{
	const struct wsk_client_connection_dispatch *cd = dispatch;
	u32 mask = 0;

	if (cd->receive_event)
		mask |= WSK_EVENT_RECEIVE;
	if (cd->disconnect_event)
		mask |= WSK_EVENT_DISCONNECT;
	if (cd->send_backlog_event)
		mask |= WSK_EVENT_SEND_BACKLOG;
	return mask;
}

static const struct wsk_provider_connection_dispatch wsk_connection_dispatch = {
	.basic = {
		.control_socket = wsk_control_socket,
		.close_socket = wsk_close_socket,
	},
	.bind = wsk_bind,
	.connect = wsk_connect,
	.get_local_address = wsk_get_local_address,
	.get_remote_address = wsk_get_remote_address,
	.send = wsk_send,
	.receive = wsk_receive,
	.disconnect = wsk_disconnect,
	.release = wsk_release,
};

const struct wsk_category wsk_conn_category = {
	.provider = &wsk_connection_dispatch,
	.events = WSK_EVENT_CONNECTION,
	.callable = wsk_conn_callable,
	.hook = wsk_conn_hook,
	.work = wsk_conn_work,
};
