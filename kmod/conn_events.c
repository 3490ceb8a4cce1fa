// SPDX-License-Identifier: GPL-2.0
/*
 * Connection sockets (TCP), the event side: the TCP socket callbacks wsk hooks, and the
 * receive, disconnect and send-backlog events they deliver, inline or from the work item
 * (wsk_conn_events()). The requests, the work item and the category's table are conn.c's.
 *
 * Where events run: inline from TCP's callbacks (softirq, or process context inside
 * release_sock() with bottom halves disabled by us: WSK_FLAG_AT_DISPATCH_LEVEL), unless the
 * socket asked for process context (WSK_FLAG_PROCESS_CONTEXT) or a request is queued (rule 7):
 * then from the work item, under lock_sock(), with the flag clear. Either way TCP's socket
 * lock is held while a receive or disconnect callback runs, which is what makes those calls
 * serial per socket (rule 13).
 */

#include "compat.h"
#include "core.h"
#include "trace.h"
#include "conn.h"
#include "rx.h"

#include <linux/net.h>
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
	trace_wsk_callback(ws, WSK_EV_RECEIVE, flags, st);

	if (st == WSK_ST(WSK_STATUS_PENDING)) {
		/*
		 * The client keeps the list: the spare becomes a clone that holds the data
		 * after TCP frees the skb, and the block is the client's until wsk_release().
		 */
		blk->held = skb_morph(blk->spare, skb);
		blk->spare = NULL;
		wsk_rx_retain(ws, blk);
		/* Without a new block, indications continue from the work item (GFP_KERNEL). */
		WRITE_ONCE(ws->rx_block, wsk_rx_block_next(ws, false, GFP_ATOMIC | __GFP_NOWARN));
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
		trace_wsk_callback(ws, WSK_EV_RECEIVE, flags,
				   cd->receive_event(ws->context, flags, NULL, 0, &accepted));
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
			trace_wsk_callback(ws, WSK_EV_DISCONNECT, flags | WSK_FLAG_ABORTIVE,
					   cd->disconnect_event(ws->context,
								flags | WSK_FLAG_ABORTIVE));
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
		trace_wsk_callback(ws, WSK_EV_DISCONNECT, flags,
				   cd->disconnect_event(ws->context, flags));
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
	trace_wsk_callback(ws, WSK_EV_SEND_BACKLOG, 0,
			   cd->send_backlog_event(ws->context, now));
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

	wsk_trace_sk_data_ready(sk);
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
bool wsk_conn_note_state(struct wsk_sock *ws, struct sock *sk)
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

/* Deliver events from process context, under the socket lock like the inline path. */
void wsk_conn_events(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;

	lock_sock(sk);
	/*
	 * The block is replaced only under the socket lock (here and by the actor), so that
	 * the inline path, which runs under it too, never sees it change under its feet. It is
	 * made when there is data to indicate, not before: an idle connection costs no block
	 * (the first data comes through here, the rest inline).
	 */
	if (!ws->rx_block && wsk_event_enabled(ws, WSK_EV_RECEIVE) &&
	    !skb_queue_empty_lockless(&sk->sk_receive_queue))
		WRITE_ONCE(ws->rx_block, wsk_rx_block_alloc(false, GFP_KERNEL));
	/* A FIN or reset that came before our hooks (accepted children) is noted here. */
	wsk_conn_note_state(ws, sk);
	if (!wsk_conn_requests_queued(ws))
		wsk_conn_indicate(ws, false);
	wsk_conn_disconnect(ws, false);
	wsk_conn_backlog(ws, false);
	release_sock(sk);
}

void wsk_conn_hook(struct wsk_sock *ws, struct sock *sk)
{
	rcu_assign_sk_user_data(sk, ws);
	WRITE_ONCE(sk->sk_data_ready, wsk_conn_data_ready);
	WRITE_ONCE(sk->sk_state_change, wsk_conn_state_change);
	WRITE_ONCE(sk->sk_write_space, wsk_conn_write_space);
	/* TCP reports a reset through both. */
	WRITE_ONCE(sk->sk_error_report, wsk_conn_state_change);
}

u32 wsk_conn_callable(const void *dispatch)
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
