// SPDX-License-Identifier: GPL-2.0
/*
 * The wsk_sock object: its references, the kick of its work item, the hooks on the Linux
 * socket's callbacks, its request queues and the checks every request makes. The layer below
 * everything that handles a socket: events.c, rx.c and the category files use it, and it
 * calls none of them (a category's own hook is reached through its struct wsk_category).
 *
 * Life cycle. A wsk_sock is referenced by its client from creation until its close completes,
 * and by its work items while they are queued or running. The Linux socket's callbacks find it
 * through sk_user_data under rcu_read_lock(); close restores the callbacks before the last
 * reference can go, and the memory is freed after an RCU grace period, so a callback that read
 * the pointer just before the restore still sees valid memory. Such a late callback can only
 * queue work (which takes a reference with kref_get_unless_zero() and then sees the socket
 * closing) or begin an event, which fails once close has disabled every event.
 */

#include "compat.h"
#include "core.h"

#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/sock.h>

static void wsk_sock_free(struct kref *ref)
{
	struct wsk_sock *ws = container_of(ref, struct wsk_sock, ref);

	/* Socket callbacks may still be looking at it under rcu_read_lock(). */
	kfree_rcu(ws, rcu);
}

void wsk_sock_put(struct wsk_sock *ws)
{
	kref_put(&ws->ref, wsk_sock_free);
}

/*
 * Have the socket's work item look at the socket: requests to serve, events to deliver in
 * process context. Any context. Bursts collapse into one run.
 */
void wsk_sock_kick(struct wsk_sock *ws)
{
	if (!kref_get_unless_zero(&ws->ref))
		return;
	if (!queue_work(ws->client->wq, &ws->work))
		wsk_sock_put(ws);
}

/* True if callbacks of this socket are delivered from the socket callbacks themselves. */
bool wsk_sock_callback_ctx(struct wsk_sock *ws)
{
	return !(ws->flags & WSK_FLAG_PROCESS_CONTEXT);
}

/**
 * wsk_sock_hook() - install wsk's socket callbacks
 * @ws: the socket
 *
 * Done as late as possible (after listen, bind or just before connect) and once. All
 * pointers and sk_user_data change in one write-side critical section of sk_callback_lock.
 * A listener's user data is tagged NOCOPY, so that the children the stack clones from it do
 * not inherit the pointer (their inherited callbacks then find NULL and do nothing).
 */
void wsk_sock_hook(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;

	if (test_and_set_bit(WSK_S_HOOKED, &ws->state))
		return;
	write_lock_bh(&sk->sk_callback_lock);
	ws->saved_data_ready = sk->sk_data_ready;
	ws->saved_state_change = sk->sk_state_change;
	ws->saved_write_space = sk->sk_write_space;
	ws->saved_error_report = sk->sk_error_report;
	if (ws->cat->hook)
		ws->cat->hook(ws, sk);
	write_unlock_bh(&sk->sk_callback_lock);
}

/* Give the socket its original callbacks back. After this no callback can find @ws. */
void wsk_sock_unhook(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;

	if (!test_bit(WSK_S_HOOKED, &ws->state))
		return;
	write_lock_bh(&sk->sk_callback_lock);
	rcu_assign_sk_user_data(sk, NULL);
	WRITE_ONCE(sk->sk_data_ready, ws->saved_data_ready);
	WRITE_ONCE(sk->sk_state_change, ws->saved_state_change);
	WRITE_ONCE(sk->sk_write_space, ws->saved_write_space);
	WRITE_ONCE(sk->sk_error_report, ws->saved_error_report);
	write_unlock_bh(&sk->sk_callback_lock);
}

/*
 * Queue a request on one of the socket's queues, where it is pending (and can be cancelled),
 * and have the work item look at it.
 */
wsk_status_t wsk_sock_queue(struct wsk_sock *ws, struct list_head *q, struct wsk_request *req,
			    unsigned int op, u32 flags, struct wsk_buf *buf, struct sockaddr *addr)
{
	req->op = op;
	req->flags = flags;
	req->buf = buf;
	req->addr = addr;
	req->done = 0;
	req->owner = &ws->pub;
	spin_lock_bh(&ws->lock);
	list_add_tail(&req->entry, q);
	spin_unlock_bh(&ws->lock);
	wsk_sock_kick(ws);
	return WSK_ST(WSK_STATUS_PENDING);
}

/* The socket failed: every further request answers STATUS_FILE_FORCED_CLOSED. */
void wsk_sock_set_dead(struct wsk_sock *ws)
{
	set_bit(WSK_S_DEAD, &ws->state);
}

/* The calls of the stream table: made for one of these categories, or for the stream one. */
#define WSK_STREAM_CALLS	(WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_CONNECTION_SOCKET | \
				 WSK_FLAG_STREAM_SOCKET)

/*
 * Common checks of a request on a socket: the right category, not closing, not dead. A call
 * of the stream table that a stream socket cannot make in its state (a send before its
 * connect, an accept on one that connected) is in the wrong state, not for the wrong socket.
 * Return: WSK_STATUS_SUCCESS or the status to fail the request with.
 */
wsk_status_t wsk_sock_check(struct wsk_sock *ws, u32 categories)
{
	if (!(READ_ONCE(ws->category) & categories))
		return test_bit(WSK_S_STREAM, &ws->state) && (categories & WSK_STREAM_CALLS) ?
		       WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE) :
		       WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST);
	if (test_bit(WSK_S_CLOSING, &ws->state))
		return WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE);
	if (test_bit(WSK_S_DEAD, &ws->state))
		return WSK_ST(WSK_STATUS_FILE_FORCED_CLOSED);
	return WSK_ST(WSK_STATUS_SUCCESS);
}
