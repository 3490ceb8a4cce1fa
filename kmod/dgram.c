// SPDX-License-Identifier: GPL-2.0
/*
 * Datagram sockets (UDP): send-to, receive-from, and the receive-from event.
 *
 * UDP calls sk_data_ready without the socket lock, possibly on several CPUs at once, so the
 * socket's "pump" bit serialises everything that takes datagrams off the socket: inline
 * delivery (softirq, WSK_FLAG_AT_DISPATCH_LEVEL), and the work item (requests, and events
 * for process-context sockets). A caller that finds the pump busy leaves a note (AGAIN) and
 * the holder loops once more before it lets go.
 *
 * Datagrams are dequeued into the socket's rx block, which owns them while they are
 * indicated. Datagrams a callback declines (STATUS_DATA_NOT_ACCEPTED) wait on dgram_held
 * and are indicated, or received, before newer ones.
 */

#include "compat.h"
#include "core.h"
#include "trace.h"
#include "net.h"
#include "rx.h"

#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/udp.h>

/* The next datagram: a held one first, then the socket's. NULL if none. */
static struct sk_buff *wsk_dgram_next(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;
	struct sk_buff *skb;
	int err;

	/* Usually empty: look before taking its lock (only the pump's holder fills it). */
	if (!skb_queue_empty_lockless(&ws->dgram_held)) {
		skb = skb_dequeue(&ws->dgram_held);
		if (skb)
			return skb;
	}
	while ((skb = skb_recv_udp(sk, MSG_DONTWAIT, &err))) {
		/* Checksums not yet verified are verified here, as udp_recvmsg() would. */
		if (udp_skb_csum_unnecessary(skb) || !__udp_lib_checksum_complete(skb))
			return skb;
		atomic_inc(&sk->sk_drops);
		kfree_skb(skb);
	}
	return NULL;
}

/* Whether a datagram waits: held back by us, or queued on the socket. */
static bool wsk_dgram_waiting(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;

	return !skb_queue_empty_lockless(&ws->dgram_held) ||
	       !skb_queue_empty_lockless(&udp_sk(sk)->reader_queue) ||
	       !skb_queue_empty_lockless(&sk->sk_receive_queue);
}

/* Put datagrams back, oldest first, ahead of anything held. */
static void wsk_dgram_hold(struct wsk_sock *ws, struct sk_buff **skbs, unsigned int n)
{
	while (n--)
		skb_queue_head(&ws->dgram_held, skbs[n]);
}

static void wsk_dgram_source(struct sk_buff *skb, int family, struct sockaddr_in6 *out)
{
	memset(out, 0, sizeof(*out));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)out;

		sin->sin_family = AF_INET;
		sin->sin_port = udp_hdr(skb)->source;
		sin->sin_addr.s_addr = ip_hdr(skb)->saddr;
		return;
	}
	out->sin6_family = AF_INET6;
	out->sin6_port = udp_hdr(skb)->source;
	if (skb->protocol == htons(ETH_P_IP)) {
		ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, &out->sin6_addr);
	} else {
		out->sin6_addr = ipv6_hdr(skb)->saddr;
		out->sin6_scope_id = ipv6_iface_scope_id(&out->sin6_addr, inet6_iif(skb));
	}
}

/*
 * A datagram's packet info, where it was sent to and the interface it came in on, as one
 * CMSGHDR in Windows' layout (see struct wsk_datagram_indication) at @cm, which has room for
 * WSK_RX_CMSG_SPACE bytes. Return: its length.
 *
 * wsk_dgram_control() gives the @n-th datagram of @blk its control info, if the socket asked
 * for packet info. The room for it comes with the block's first datagram that needs it;
 * without memory there, the datagram goes without.
 */
static u32 wsk_dgram_pktinfo(struct wsk_sock *ws, struct sk_buff *skb, struct cmsghdr *cm)
{
	struct wsk_in6_pktinfo pi6 = { .ipi6_ifindex = skb->skb_iif };
	struct wsk_in_pktinfo pi = { .ipi_ifindex = skb->skb_iif };
	struct in6_addr a6;

	if (ws->family == AF_INET) {
		memcpy(pi.ipi_addr, &ip_hdr(skb)->daddr, sizeof(pi.ipi_addr));
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		cm->cmsg_level = WSK_IPPROTO_IP;
		cm->cmsg_type = WSK_IP_PKTINFO;
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		return CMSG_SPACE(sizeof(pi));
	}
	if (skb->protocol == htons(ETH_P_IP))
		ipv6_addr_set_v4mapped(ip_hdr(skb)->daddr, &a6);
	else
		a6 = ipv6_hdr(skb)->daddr;
	memcpy(pi6.ipi6_addr, &a6, sizeof(pi6.ipi6_addr));
	cm->cmsg_len = CMSG_LEN(sizeof(pi6));
	cm->cmsg_level = WSK_IPPROTO_IPV6;
	cm->cmsg_type = WSK_IPV6_PKTINFO;
	memcpy(CMSG_DATA(cm), &pi6, sizeof(pi6));
	return CMSG_SPACE(sizeof(pi6));
}

static void wsk_dgram_control(struct wsk_sock *ws, struct wsk_rx_block *blk, unsigned int n,
			      struct sk_buff *skb)
{
	struct wsk_datagram_indication *d = &blk->dg->ind[n];
	struct cmsghdr *cm;

	d->control_info = NULL;
	d->control_info_length = 0;
	if (!test_bit(WSK_S_PKTINFO, &ws->state))
		return;
	if (!blk->dg->cmsg) {
		blk->dg->cmsg = kmalloc_array(WSK_RX_DGRAMS, WSK_RX_CMSG_SPACE,
					      GFP_ATOMIC | __GFP_NOWARN);
		if (!blk->dg->cmsg)
			return;
		blk->size += kmalloc_size_roundup(WSK_RX_DGRAMS * WSK_RX_CMSG_SPACE);
	}
	cm = (struct cmsghdr *)blk->dg->cmsg[n];
	d->control_info_length = wsk_dgram_pktinfo(ws, skb, cm);
	d->control_info = cm;
}

/* Make @skb, described by @nr segments from @seg on, the @n-th datagram of @blk's list. */
static void wsk_dgram_add(struct wsk_sock *ws, struct wsk_rx_block *blk, unsigned int n,
			  struct sk_buff *skb, unsigned int seg, unsigned int nr)
{
	struct wsk_datagram_indication *d = &blk->dg->ind[n];

	d->next = NULL;
	d->buffer.bvec = blk->bvec + seg;
	d->buffer.nr_segs = nr;
	d->buffer.offset = 0;
	d->buffer.length = skb->len;
	wsk_dgram_source(skb, ws->family, &blk->dg->addr[n]);
	d->remote_address = (struct sockaddr *)&blk->dg->addr[n];
	wsk_dgram_control(ws, blk, n, skb);
	if (n)
		blk->dg->ind[n - 1].next = d;
	blk->dg->skb[n] = skb;
	blk->bytes += skb->len;
	blk->charge += skb->truesize;
}

/*
 * Fill the rx block with up to WSK_RX_DGRAMS datagrams. Return: how many. Datagrams that do
 * not fit in the block's segments wait for the next call.
 */
static unsigned int wsk_dgram_fill(struct wsk_sock *ws, struct wsk_rx_block *blk)
{
	unsigned int n = 0, segs = 0, nr, covered;
	struct sk_buff *skb;

	blk->bytes = 0;
	blk->charge = 0;
	while (n < WSK_RX_DGRAMS && (skb = wsk_dgram_next(ws))) {
		nr = wsk_rx_fill(blk->bvec + segs, blk->nr_bvec - segs, skb, 0, skb->len,
				 &covered);
		if (covered < skb->len) {
			if (n) {
				skb_queue_head(&ws->dgram_held, skb);
				break;
			}
			/* Alone and still too fragmented: wsk_dgram_fill_alone()'s job. */
			skb_queue_head(&ws->dgram_held, skb);
			return 0;
		}
		wsk_dgram_add(ws, blk, n++, skb, segs, nr);
		segs += nr;
	}
	blk->dg->nr = n;
	return n;
}

/*
 * The datagram at the head of the held queue needs more segments than a block has: an
 * IP-fragmented datagram of 48 KB or more has one per fragment. It is indicated alone, from a
 * block of its own size, so that it never stands in front of the datagrams behind it. With no
 * memory for that block, or with fragments no segment can describe, it is dropped and
 * counted like a datagram UDP could not queue.
 *
 * Return: the block, holding that one datagram, or NULL if it was dropped.
 */
static struct wsk_rx_block *wsk_dgram_fill_alone(struct wsk_sock *ws, bool dispatch)
{
	struct sk_buff *skb = skb_dequeue(&ws->dgram_held);
	struct wsk_rx_block *blk;
	unsigned int nr, covered;

	if (!skb)
		return NULL;
	blk = wsk_rx_block_alloc_segs(true, wsk_rx_segs(skb),
				      dispatch ? GFP_ATOMIC | __GFP_NOWARN : GFP_KERNEL);
	if (blk) {
		blk->bytes = 0;
		blk->charge = 0;
		nr = wsk_rx_fill(blk->bvec, blk->nr_bvec, skb, 0, skb->len, &covered);
		if (covered == skb->len) {
			wsk_dgram_add(ws, blk, 0, skb, 0, nr);
			blk->dg->nr = 1;
			return blk;
		}
		wsk_rx_block_free(blk);
	}
	atomic_inc(&ws->sock->sk->sk_drops);
	kfree_skb(skb);
	return NULL;
}

/* A block the client did not keep: the socket's own is reused, a one-datagram block freed. */
static void wsk_dgram_block_done(struct wsk_sock *ws, struct wsk_rx_block *blk)
{
	if (blk != ws->rx_block)
		wsk_rx_block_free(blk);
}

/* One receive-from call. Return: false when there is nothing more to do now. */
static bool wsk_dgram_indicate_once(struct wsk_sock *ws, bool dispatch)
{
	const struct wsk_client_datagram_dispatch *dd;
	struct wsk_rx_block *blk = ws->rx_block;
	unsigned int n, i;
	wsk_status_t st;
	int seen;

	/*
	 * Only the pump's holder replaces the block (here, and below after a retention). It is
	 * made once there is a datagram to indicate, so that an idle socket costs no block, and
	 * inline too: a flood's first datagrams must not wait in the socket's queue for the work
	 * item, which may be slow to run, while the queue overflows. If that allocation fails,
	 * the work item makes the block (wsk_dgram_run()).
	 */
	if (!blk && wsk_event_enabled(ws, WSK_EV_RECEIVE_FROM) && wsk_dgram_waiting(ws)) {
		blk = wsk_rx_block_alloc(true, dispatch ? GFP_ATOMIC | __GFP_NOWARN : GFP_KERNEL);
		WRITE_ONCE(ws->rx_block, blk);
	}
	if (!blk || !list_empty_careful(&ws->q_recv) ||
	    test_bit(WSK_S_DGRAM_DECLINED, &ws->state) || wsk_rx_retain_full(ws))
		return false;
	/* Nothing queued (the pass after the last datagram): no callback to begin. */
	if (!wsk_dgram_waiting(ws))
		return false;
	dd = wsk_event_begin(ws, WSK_EV_RECEIVE_FROM);
	if (!dd)
		return false;
	n = wsk_dgram_fill(ws, blk);
	if (!n && !skb_queue_empty(&ws->dgram_held)) {
		/* One datagram too fragmented for the block: a block of its own, or dropped. */
		blk = wsk_dgram_fill_alone(ws, dispatch);
		if (!blk) {
			wsk_event_end(ws, WSK_EV_RECEIVE_FROM);
			return true;
		}
		n = 1;
	}
	if (!n) {
		wsk_event_end(ws, WSK_EV_RECEIVE_FROM);
		return false;
	}
	wsk_rx_indicating(ws, blk);
	seen = atomic_read(&ws->dgram_arrivals);
	st = dd->receive_from_event(ws->context, dispatch ? WSK_FLAG_AT_DISPATCH_LEVEL : 0,
				    &blk->dg->ind[0]);
	trace_wsk_callback(ws, WSK_EV_RECEIVE_FROM,
			   dispatch ? WSK_FLAG_AT_DISPATCH_LEVEL : 0, st);
	if (st == WSK_ST(WSK_STATUS_PENDING)) {
		wsk_rx_retain(ws, blk);
		/* The socket's own block went to the client: it needs a new one. */
		if (blk == ws->rx_block) {
			blk = wsk_rx_block_next(ws, true, dispatch ? GFP_ATOMIC | __GFP_NOWARN :
						GFP_KERNEL);
			WRITE_ONCE(ws->rx_block, blk);
		}
		wsk_event_end(ws, WSK_EV_RECEIVE_FROM);
		return true;
	}
	WRITE_ONCE(ws->rx_busy, NULL);
	if (st == WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED)) {
		/*
		 * Kept for later (rule 11). A dynamically enabled callback is disabled until it is
		 * enabled again; a static one is called again when a new datagram arrives.
		 */
		wsk_dgram_hold(ws, blk->dg->skb, n);
		blk->dg->nr = 0;
		wsk_dgram_block_done(ws, blk);
		set_bit(WSK_S_DGRAM_DECLINED, &ws->state);
		/*
		 * A datagram that came while the callback ran cleared the bit before it was
		 * set: it still counts as new (pairs with wsk_dgram_data_ready()).
		 */
		smp_mb__after_atomic();
		if (atomic_read(&ws->dgram_arrivals) != seen)
			clear_bit(WSK_S_DGRAM_DECLINED, &ws->state);
		wsk_event_drop(ws, WSK_EV_RECEIVE_FROM);
		wsk_event_end(ws, WSK_EV_RECEIVE_FROM);
		return false;
	}
	for (i = 0; i < n; i++)
		consume_skb(blk->dg->skb[i]);
	blk->dg->nr = 0;
	wsk_dgram_block_done(ws, blk);
	wsk_event_end(ws, WSK_EV_RECEIVE_FROM);
	return true;
}

/* Copy one datagram into a receive-from request and complete it. */
static void wsk_dgram_complete_recv(struct wsk_sock *ws, struct wsk_request *req,
				    struct sk_buff *skb)
{
	struct sockaddr_in6 src;
	struct iov_iter iter;
	size_t len = min_t(size_t, skb->len, req->buf->length);
	int err;

	iov_iter_bvec(&iter, ITER_DEST, req->buf->bvec, req->buf->nr_segs,
		      req->buf->offset + req->buf->length);
	iov_iter_advance(&iter, req->buf->offset);
	err = skb_copy_datagram_iter(skb, 0, &iter, len);
	if (req->addr) {
		wsk_dgram_source(skb, ws->family, &src);
		memcpy(req->addr, &src, ws->family == AF_INET ? sizeof(struct sockaddr_in) :
								 sizeof(src));
	}
	if (req->rx.control_flags)
		*req->rx.control_flags = skb->len > len ? WSK_MSG_TRUNC : 0;
	if (req->rx.control) {
		u8 cmsg[WSK_RX_CMSG_SPACE] __aligned(8);
		u32 n = 0;

		if (test_bit(WSK_S_PKTINFO, &ws->state))
			n = wsk_dgram_pktinfo(ws, skb, (struct cmsghdr *)cmsg);
		if (n > *req->rx.control_length) {
			n = 0;
			if (req->rx.control_flags)
				*req->rx.control_flags |= WSK_MSG_CTRUNC;
		}
		memcpy(req->rx.control, cmsg, n);
		*req->rx.control_length = n;
	}
	consume_skb(skb);
	/* A datagram longer than the buffer is truncated, as with recvmsg(). */
	wsk_complete(req, err ? wsk_errno_to_status(err) : WSK_ST(WSK_STATUS_SUCCESS),
		     err ? 0 : len);
}

/*
 * Receive-from calls one inline run may make (each with up to WSK_RX_DGRAMS datagrams) before
 * it hands the rest to the work item: under a flood the queue refills as fast as it drains,
 * and without a bound one CPU would stay in softirq for as long as the flood lasts (review
 * finding 7). The work item drains in process context and yields the CPU between calls.
 */
#define WSK_DGRAM_INLINE_BUDGET	64

/*
 * Receive-from calls and completed requests one run of the work item may make before it
 * queues itself again: a flood must not keep it from the socket's sends, which it serves
 * first on every run (wsk_dgram_work()).
 */
#define WSK_DGRAM_WORK_BUDGET	64

/*
 * Datagrams one run of the work item sends before it queues itself again: a client's long
 * queue of sends, or one long wsk_send_messages() list, must not keep it from the receives.
 */
#define WSK_DGRAM_SEND_BUDGET	64

/*
 * Receive-from requests first (rule 7), then the event. The pump bit is held. @budget: the
 * calls and completions the run may still make, across every pass of wsk_dgram_run().
 * Return: true if the run used up its budget.
 */
static bool wsk_dgram_pump(struct wsk_sock *ws, bool dispatch, bool serve_requests,
			   unsigned int *budget)
{
	struct wsk_request *req;
	struct sk_buff *skb;
	bool cancelled;

	while (serve_requests && !list_empty_careful(&ws->q_recv)) {
		/*
		 * The head request stays queued (a queued request keeps the event quiet, rule
		 * 7) but is marked busy, so that a wsk_cancel() meanwhile leaves it to us rather
		 * than completing it under our feet (review finding 10).
		 */
		spin_lock_bh(&ws->lock);
		req = list_first_entry_or_null(&ws->q_recv, struct wsk_request, entry);
		if (req)
			req->flags |= WSK_RQ_BUSY;
		spin_unlock_bh(&ws->lock);
		if (!req)
			break;
		skb = wsk_dgram_next(ws);
		spin_lock_bh(&ws->lock);
		req->flags &= ~WSK_RQ_BUSY;
		cancelled = req->flags & WSK_RQ_CANCEL;
		if (skb || cancelled)
			list_del_init(&req->entry);
		spin_unlock_bh(&ws->lock);
		if (cancelled) {
			/* The datagram, if any, stays for the next taker. */
			if (skb)
				skb_queue_head(&ws->dgram_held, skb);
			wsk_complete(req, WSK_ST(WSK_STATUS_CANCELLED), 0);
			continue;
		}
		if (!skb)
			break;
		wsk_dgram_complete_recv(ws, req, skb);
		/* A client that queues the next request from each completion never runs out. */
		if (!--*budget)
			return true;
	}
	while (wsk_dgram_indicate_once(ws, dispatch)) {
		if (!--*budget)
			return true;
		if (!dispatch)
			cond_resched();
	}
	return false;
}

/*
 * Run the pump, or leave a note for whoever runs it. The holder loops while notes arrive,
 * and looks once more after letting go, so that no note is lost. A holder out of budget
 * leaves the rest to the work item, which is queued again.
 */
static void wsk_dgram_run(struct wsk_sock *ws, bool dispatch, bool serve_requests)
{
	unsigned int budget = dispatch ? WSK_DGRAM_INLINE_BUDGET : WSK_DGRAM_WORK_BUDGET;
	bool over = false;

	set_bit(WSK_P_AGAIN, &ws->pump);
	while (!over && test_bit(WSK_P_AGAIN, &ws->pump) &&
	       !test_and_set_bit_lock(WSK_P_BUSY, &ws->pump)) {
		while (test_and_clear_bit(WSK_P_AGAIN, &ws->pump)) {
			over = wsk_dgram_pump(ws, dispatch, serve_requests, &budget);
			if (over)
				break;
		}
		clear_bit_unlock(WSK_P_BUSY, &ws->pump);
		/* Order the release against the AGAIN test: a note left now is seen. */
		smp_mb__after_atomic();
	}
	/*
	 * Out of budget: the work item goes on (or runs again). Requests are served in process
	 * context only.
	 * No block (an inline allocation failed) with datagrams waiting: the work item makes it.
	 */
	if (over || (!serve_requests && !list_empty_careful(&ws->q_recv)) ||
	    (dispatch && !READ_ONCE(ws->rx_block) && wsk_dgram_waiting(ws)))
		wsk_sock_kick(ws);
}

static void wsk_dgram_data_ready(struct sock *sk)
{
	struct wsk_sock *ws;

	wsk_trace_sk_data_ready(sk);
	rcu_read_lock();
	ws = rcu_dereference_sk_user_data(sk);
	if (ws) {
		/* A new datagram: a callback that declined is called again. */
		atomic_inc(&ws->dgram_arrivals);
		/*
		 * The count before the bit: a decline that misses the clear sees the count. The
		 * bit is only read when it is not set, which is the usual case.
		 */
		smp_mb__after_atomic();
		if (test_bit(WSK_S_DGRAM_DECLINED, &ws->state))
			clear_bit(WSK_S_DGRAM_DECLINED, &ws->state);
		if (wsk_sock_callback_ctx(ws) && list_empty_careful(&ws->q_recv)) {
			local_bh_disable();
			wsk_dgram_run(ws, true, false);
			local_bh_enable();
		} else {
			/*
			 * For the work item. While it holds the pump it loops on the note, so that
			 * a flood costs one wakeup, not one queue_work() per datagram (and, on an
			 * unbound workqueue, one idle worker woken to find the work running).
			 */
			set_bit(WSK_P_AGAIN, &ws->pump);
			/* Pairs with the one after wsk_dgram_run() lets go of the pump. */
			smp_mb__after_atomic();
			if (!test_bit(WSK_P_BUSY, &ws->pump))
				wsk_sock_kick(ws);
		}
	}
	rcu_read_unlock();
}

static void wsk_dgram_write_space(struct sock *sk)
{
	struct wsk_sock *ws;

	rcu_read_lock();
	ws = rcu_dereference_sk_user_data(sk);
	if (ws && !list_empty_careful(&ws->q_send))
		wsk_sock_kick(ws);
	rcu_read_unlock();
}

/* The Linux control message of a send-to's control info (checked by wsk_send_to_control()). */
union wsk_dgram_tx_cmsg {
	struct cmsghdr hdr;
	struct {
		struct cmsghdr hdr;
		struct in_pktinfo pi;
	} v4;
	struct {
		struct cmsghdr hdr;
		struct in6_pktinfo pi;
	} v6;
	u8 space[CMSG_SPACE(sizeof(struct in6_pktinfo))];
};

static void wsk_dgram_tx_control(struct wsk_sock *ws, struct wsk_request *req,
				 struct msghdr *msg, union wsk_dgram_tx_cmsg *ctl)
{
	const void *data = CMSG_DATA(req->tx.control);
	struct wsk_in6_pktinfo wpi6;
	struct wsk_in_pktinfo wpi;

	BUILD_BUG_ON(offsetof(typeof(ctl->v4), pi) != CMSG_ALIGN(sizeof(struct cmsghdr)) ||
		     offsetof(typeof(ctl->v6), pi) != CMSG_ALIGN(sizeof(struct cmsghdr)));
	memset(ctl, 0, sizeof(*ctl));
	if (ws->family == AF_INET) {
		memcpy(&wpi, data, sizeof(wpi));
		ctl->v4.pi.ipi_ifindex = wpi.ipi_ifindex;
		memcpy(&ctl->v4.pi.ipi_spec_dst, wpi.ipi_addr, sizeof(wpi.ipi_addr));
		ctl->hdr.cmsg_len = CMSG_LEN(sizeof(ctl->v4.pi));
		ctl->hdr.cmsg_level = SOL_IP;
		ctl->hdr.cmsg_type = IP_PKTINFO;
		msg->msg_controllen = CMSG_SPACE(sizeof(ctl->v4.pi));
	} else {
		memcpy(&wpi6, data, sizeof(wpi6));
		memcpy(&ctl->v6.pi.ipi6_addr, wpi6.ipi6_addr, sizeof(wpi6.ipi6_addr));
		ctl->v6.pi.ipi6_ifindex = wpi6.ipi6_ifindex;
		ctl->hdr.cmsg_len = CMSG_LEN(sizeof(ctl->v6.pi));
		ctl->hdr.cmsg_level = SOL_IPV6;
		ctl->hdr.cmsg_type = IPV6_PKTINFO;
		msg->msg_controllen = CMSG_SPACE(sizeof(ctl->v6.pi));
	}
	msg->msg_control = ctl;
}

/*
 * A wsk_send_messages() request stays at the head of the queue while its datagrams go out,
 * marked busy, so that a cancel always finds it (and marks it). One send of it is over (@n
 * bytes, or an error): on to the next datagram, or complete it (done, failed or cancelled).
 * Return: true if it left the queue.
 */
static bool wsk_dgram_message_put(struct wsk_sock *ws, struct wsk_request *req, int n)
{
	struct wsk_buf_list *next = NULL;
	wsk_status_t st;
	bool cancelled;

	spin_lock_bh(&ws->lock);
	req->flags &= ~WSK_RQ_BUSY;
	cancelled = req->flags & WSK_RQ_CANCEL;
	if (n >= 0) {
		req->done += n;
		next = container_of(req->buf, struct wsk_buf_list, buffer)->next;
		if (next)
			req->buf = &next->buffer;
	}
	if (!cancelled && (n == -EAGAIN || (n >= 0 && next))) {
		spin_unlock_bh(&ws->lock);
		return false;
	}
	list_del_init(&req->entry);
	spin_unlock_bh(&ws->lock);
	if (cancelled)
		st = WSK_ST(WSK_STATUS_CANCELLED);
	else
		st = n < 0 ? wsk_errno_to_status(n) : WSK_ST(WSK_STATUS_SUCCESS);
	/* Information: the bytes of the datagrams sent, up to a failure or the cancel. */
	wsk_complete(req, st, req->done);
	return true;
}

static void wsk_dgram_serve_sends(struct wsk_sock *ws)
{
	unsigned int budget = WSK_DGRAM_SEND_BUDGET;
	union wsk_dgram_tx_cmsg ctl;
	struct wsk_request *req;
	struct msghdr msg;
	bool messages;
	int n;

	for (;;) {
		/* Most runs of the work item have no send: no lock for an empty queue. */
		if (list_empty_careful(&ws->q_send))
			return;
		/* A long queue or list must not keep the work item from the receives. */
		if (!budget--) {
			wsk_sock_kick(ws);
			return;
		}
		spin_lock_bh(&ws->lock);
		req = list_first_entry_or_null(&ws->q_send, struct wsk_request, entry);
		/* The flags change under the lock only (a cancel marks a busy request). */
		messages = req && (req->flags & WSK_RQ_MESSAGES);
		if (messages)
			req->flags |= WSK_RQ_BUSY;
		else if (req)
			list_del_init(&req->entry);
		spin_unlock_bh(&ws->lock);
		if (!req)
			return;
		memset(&msg, 0, sizeof(msg));
		if (req->tx.control_length)
			wsk_dgram_tx_control(ws, req, &msg, &ctl);
		msg.msg_name = req->addr;
		if (req->addr)
			msg.msg_namelen = ws->family == AF_INET ? sizeof(struct sockaddr_in) :
								  sizeof(struct sockaddr_in6);
		msg.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
		iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, req->buf->bvec, req->buf->nr_segs,
			      req->buf->offset + req->buf->length);
		iov_iter_advance(&msg.msg_iter, req->buf->offset);
		n = sock_sendmsg(ws->sock, &msg);
		/*
		 * -EAGAIN: the send buffer is full; wait for sk_write_space, which the datagrams
		 * in flight call as they are freed. One freed between the send and the requeue
		 * found no request to kick for: look at the buffer again after publishing it
		 * (the barrier pairs with the atomic decrement sock_wfree() does before it calls
		 * sk_write_space). -ENOBUFS (no memory for the skb) may come with nothing in
		 * flight and so no sk_write_space ever: the request fails, as UDP would drop the
		 * datagram (review finding 16).
		 */
		if (messages) {
			if (wsk_dgram_message_put(ws, req, n) || n != -EAGAIN)
				continue;
			/* Still queued: as below, look at the buffer again. */
			smp_mb();
			if (sock_writeable(ws->sock->sk))
				wsk_sock_kick(ws);
			return;
		}
		if (n == -EAGAIN) {
			spin_lock_bh(&ws->lock);
			list_add(&req->entry, &ws->q_send);
			spin_unlock_bh(&ws->lock);
			/* The request is on q_send before the buffer is read (see above). */
			smp_mb();
			if (sock_writeable(ws->sock->sk))
				wsk_sock_kick(ws);
			return;
		}
		wsk_complete(req, n < 0 ? wsk_errno_to_status(n) : WSK_ST(WSK_STATUS_SUCCESS),
			     n < 0 ? 0 : n);
	}
}

static void wsk_dgram_work(struct wsk_sock *ws)
{
	if (!test_bit(WSK_S_BOUND, &ws->state))
		return;
	wsk_dgram_serve_sends(ws);
	wsk_dgram_run(ws, false, true);
}

/* Common checks of datagram requests. */
static wsk_status_t wsk_dgram_check(struct wsk_sock *ws, struct wsk_request *req,
				    struct wsk_buf *buf, u32 flags)
{
	wsk_status_t st;

	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	st = wsk_sock_check(ws, WSK_FLAG_DATAGRAM_SOCKET);
	if (st)
		return st;
	if (!buf || flags)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (!test_bit(WSK_S_BOUND, &ws->state))
		return WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/* Control info of a send-to: one packet info of the socket's family. Return: 0 or a status. */
static wsk_status_t wsk_dgram_check_control(struct wsk_sock *ws, u32 len,
					    const struct cmsghdr *cm)
{
	size_t data = ws->family == AF_INET ? sizeof(struct wsk_in_pktinfo) :
					      sizeof(struct wsk_in6_pktinfo);
	u32 level = ws->family == AF_INET ? WSK_IPPROTO_IP : WSK_IPPROTO_IPV6;
	u32 type = ws->family == AF_INET ? WSK_IP_PKTINFO : WSK_IPV6_PKTINFO;

	if (!len)
		return WSK_ST(WSK_STATUS_SUCCESS);
	if (!cm || len < CMSG_LEN(data) || len > CMSG_SPACE(data) ||
	    cm->cmsg_len != CMSG_LEN(data) || cm->cmsg_level != level || cm->cmsg_type != type)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/* Queue a send-to (@rq_flags 0) or a wsk_send_messages() list (WSK_RQ_MESSAGES). */
static wsk_status_t wsk_dgram_send(struct wsk_sock *ws, struct wsk_buf *buf, u32 flags,
				   struct sockaddr *remote, u32 control_length,
				   const struct cmsghdr *control, struct wsk_request *req,
				   u32 rq_flags)
{
	wsk_status_t st = wsk_dgram_check(ws, req, buf, flags);
	int len;

	/* The default address lands in opt.val, clear of tx (both share a union). */
	BUILD_BUG_ON(offsetof(struct wsk_request, opt.val) <
		     offsetofend(struct wsk_request, tx.control_length));
	if (!st)
		st = wsk_dgram_check_control(ws, control_length, control);
	if (st)
		return wsk_fail(req, st);
	req->tx.control = control;
	req->tx.control_length = control_length;
	if (!remote) {
		/* The SIO_WSK_SET_SENDTO_ADDRESS address, else the fixed peer. */
		remote = (struct sockaddr *)wsk_options_sendto(ws, req);
		if (!remote && !test_bit(WSK_S_REMOTE_SET, &ws->state))
			return wsk_fail(req, WSK_ST(WSK_STATUS_ADDRESS_NOT_ASSOCIATED));
		return wsk_sock_queue(ws, &ws->q_send, req, WSK_OP_SEND_TO, rq_flags, buf,
				      remote);
	}
	len = wsk_sockaddr_len(remote, sizeof(struct sockaddr_in6));
	if (len < 0 || remote->sa_family != ws->family)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_ADDRESS));
	return wsk_sock_queue(ws, &ws->q_send, req, WSK_OP_SEND_TO, rq_flags, buf, remote);
}

wsk_status_t wsk_send_to_control(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				 struct sockaddr *remote, u32 control_length,
				 const struct cmsghdr *control, struct wsk_request *req)
{
	return wsk_dgram_send(wsk_sock(sock), buf, flags, remote, control_length, control, req,
			      0);
}
EXPORT_SYMBOL_GPL(wsk_send_to_control);

wsk_status_t wsk_send_messages(struct wsk_socket *sock, struct wsk_buf_list *list, u32 flags,
			       struct sockaddr *remote, u32 control_length,
			       const struct cmsghdr *control, struct wsk_request *req)
{
	return wsk_dgram_send(wsk_sock(sock), list ? &list->buffer : NULL, flags, remote,
			      control_length, control, req, WSK_RQ_MESSAGES);
}
EXPORT_SYMBOL_GPL(wsk_send_messages);

wsk_status_t wsk_send_to(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			 struct sockaddr *remote, struct wsk_request *req)
{
	return wsk_send_to_control(sock, buf, flags, remote, 0, NULL, req);
}
EXPORT_SYMBOL_GPL(wsk_send_to);

wsk_status_t wsk_receive_from_control(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				      struct sockaddr_storage *remote, u32 *control_length,
				      struct cmsghdr *control, u32 *control_flags,
				      struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	wsk_status_t st = wsk_dgram_check(ws, req, buf, flags);

	if (!st && control && !control_length)
		st = WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (st)
		return wsk_fail(req, st);
	req->rx.control = control;
	req->rx.control_length = control_length;
	req->rx.control_flags = control_flags;
	return wsk_sock_queue(ws, &ws->q_recv, req, WSK_OP_RECEIVE_FROM, 0, buf,
			      (struct sockaddr *)remote);
}
EXPORT_SYMBOL_GPL(wsk_receive_from_control);

wsk_status_t wsk_receive_from(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			      struct sockaddr_storage *remote, struct wsk_request *req)
{
	return wsk_receive_from_control(sock, buf, flags, remote, NULL, NULL, NULL, req);
}
EXPORT_SYMBOL_GPL(wsk_receive_from);

wsk_status_t wsk_release_datagrams(struct wsk_socket *sock,
				   struct wsk_datagram_indication *list)
{
	struct wsk_sock *ws = wsk_sock(sock);
	wsk_status_t st;

	if (!list || ws->category != WSK_FLAG_DATAGRAM_SOCKET)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	st = wsk_rx_release(ws, list);
	/* Without a block, indications wait for the work item, which makes one. */
	if (!st && !READ_ONCE(ws->rx_block))
		wsk_sock_kick(ws);
	return st;
}
EXPORT_SYMBOL_GPL(wsk_release_datagrams);

static void wsk_dgram_hook(struct wsk_sock *ws, struct sock *sk)
{
	rcu_assign_sk_user_data(sk, ws);
	WRITE_ONCE(sk->sk_data_ready, wsk_dgram_data_ready);
	WRITE_ONCE(sk->sk_write_space, wsk_dgram_write_space);
}

static u32 wsk_dgram_callable(const void *dispatch)
{
	const struct wsk_client_datagram_dispatch *dd = dispatch;

	return dd->receive_from_event ? WSK_EVENT_RECEIVE_FROM : 0;
}

static const struct wsk_provider_datagram_dispatch wsk_datagram_dispatch = {
	.basic = WSK_PROVIDER_BASIC_CALLS,
	.bind = wsk_bind,
	.send_to = wsk_send_to_control,
	.receive_from = wsk_receive_from_control,
	.release = wsk_release_datagrams,
	.get_local_address = wsk_get_local_address,
	.send_messages = wsk_send_messages,
};

/* Receiving starts with the bind; datagrams may have come in before the hook. */
static int wsk_dgram_bound(struct wsk_sock *ws)
{
	wsk_sock_hook(ws);
	wsk_sock_kick(ws);
	return 0;
}

const struct wsk_category wsk_dgram_category = {
	.flag = WSK_FLAG_DATAGRAM_SOCKET,
	.type = SOCK_DGRAM,
	.provider = &wsk_datagram_dispatch,
	.events = WSK_EVENT_RECEIVE_FROM,
	.ready = WSK_S_BOUND,
	.callable = wsk_dgram_callable,
	.hook = wsk_dgram_hook,
	.bound = wsk_dgram_bound,
	.work = wsk_dgram_work,
	.unlocked_callbacks = true,
};
