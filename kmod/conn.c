// SPDX-License-Identifier: GPL-2.0
/*
 * Connection sockets (TCP), the request side: connect (WskConnect, WskSocketConnect), send,
 * receive, disconnect and release, the socket's work item and the category's table. The TCP
 * callbacks and the events they deliver are conn_events.c's.
 *
 * Requests are served by the socket's work item, in process context, with non-blocking socket
 * calls; a request that cannot progress waits for the next socket callback.
 */

#include "compat.h"
#include "conn.h"
#include "core.h"
#include "net.h"
#include "rx.h"

#include <linux/module.h>
#include <linux/net.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp.h>

/* What one pass of the work item discards for a WSK_FLAG_DRAIN receive at most. */
#define WSK_DRAIN_BUDGET	(256 * 1024)

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

/*
 * WSK_FLAG_DRAIN: read and throw away what arrives until the peer's FIN or an error ends the
 * connection. A peer that sends without pause must not keep the work item: after
 * WSK_DRAIN_BUDGET bytes in one pass the request waits and the work item runs again later.
 * Return: true if the request is finished (completed, or cancelled meanwhile).
 */
static bool wsk_conn_drain(struct wsk_sock *ws, struct wsk_request *req)
{
	size_t budget = WSK_DRAIN_BUDGET;
	struct msghdr msg;
	int n;

	for (;;) {
		memset(&msg, 0, sizeof(msg));
		iov_iter_discard(&msg.msg_iter, ITER_DEST, budget);
		n = sock_recvmsg(ws->sock, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n <= 0)
			break;
		clear_bit(WSK_S_RX_STALLED, &ws->state);
		budget -= min_t(size_t, n, budget);
		if (!budget) {
			wsk_conn_recv_put(ws, req, false);
			wsk_sock_kick(ws);
			return false;
		}
	}
	if (n == -EAGAIN) {
		wsk_conn_recv_put(ws, req, false);
		return false;
	}
	if (wsk_conn_recv_put(ws, req, true))
		wsk_complete(req, n ? wsk_errno_to_status(n) : WSK_ST(WSK_STATUS_SUCCESS), 0);
	return true;
}

static void wsk_conn_serve_receives(struct wsk_sock *ws)
{
	struct wsk_request *req;
	struct msghdr msg;
	int n;

	while ((req = wsk_conn_recv_head(ws))) {
		if (req->flags & WSK_FLAG_DRAIN) {
			/* Later receives wait behind it: it ends only with the connection. */
			if (!wsk_conn_drain(ws, req))
				return;
			continue;
		}
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
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	struct sock *sk = ws->sock->sk;
	int state = READ_ONCE(sk->sk_state);
	bool cancelled, moved = false;
	struct wsk_request *req;
	wsk_status_t st;
	int err;

	cancelled = test_and_clear_bit(WSK_S_CONNECT_CANCEL, &ws->state);
	if (!cancelled && (state == TCP_SYN_SENT || state == TCP_SYN_RECV))
		return;
	spin_lock_bh(&ws->lock);
	req = list_first_entry_or_null(&ws->q_ctl, struct wsk_request, entry);
	if (req && req->op == WSK_OP_CONNECT &&
	    (state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT) && req->buf &&
	    req->buf->length) {
		/*
		 * wsk_connect_ex()'s data: the first send, ahead of any the client queues once
		 * it may (WSK_S_CONNECTED, set below), and a send from now on (a cancel cancels
		 * the send); moved in one step, so that a cancel always finds it queued. The send
		 * completes the request with the byte count.
		 */
		req->op = WSK_OP_SEND;
		list_move(&req->entry, &ws->q_send);
		req = NULL;
		moved = true;
	} else if (req && req->op == WSK_OP_CONNECT) {
		list_del_init(&req->entry);
	} else {
		/* No request: wsk_cancel() took it, and set the bit under this lock. */
		req = NULL;
		cancelled |= test_and_clear_bit(WSK_S_CONNECT_CANCEL, &ws->state);
	}
	spin_unlock_bh(&ws->lock);
	if (cancelled && !req && !moved) {
		/* Cancelled: undo the attempt, whatever TCP made of it (a reset if connected). */
		kernel_connect(ws->sock, &unspec, sizeof(unspec), 0);
		clear_bit(WSK_S_CONNECTING, &ws->state);
		clear_bit(WSK_S_CONNECT_REQ, &ws->state);
		return;
	}

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
	if (req && req->flags) {
		/* wsk_socket_connect(): the client never sees the socket. */
		clear_bit(WSK_S_CONNECT_REQ, &ws->state);
		wsk_complete(req, st, 0);
		wsk_sock_close_internal(ws);
		return;
	}
	/*
	 * Failed: the socket may connect again. Linux leaves a socket whose non-blocking
	 * connect failed half way (its next connect only reports ECONNABORTED); connecting it
	 * to AF_UNSPEC, as connect(2) documents, dissolves the attempt.
	 */
	kernel_connect(ws->sock, &unspec, sizeof(unspec), 0);
	clear_bit(WSK_S_CONNECT_REQ, &ws->state);
	wsk_complete(req, st, 0);
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

static wsk_status_t wsk_conn_start(struct wsk_sock *ws, struct sockaddr *remote,
				   struct wsk_buf *buf, u32 flags, struct wsk_request *req,
				   bool socket_connect)
{
	wsk_status_t st;
	int len, err;

	might_sleep();
	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	/* A stream socket that is neither listener nor connection yet may connect. */
	st = wsk_sock_check(ws, WSK_FLAG_CONNECTION_SOCKET | WSK_FLAG_STREAM_SOCKET);
	if (st)
		return wsk_fail(req, st);
	if (flags || !remote)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (buf && buf->length > WSK_CONNECT_EX_MAX)
		return wsk_fail(req, WSK_ST(WSK_STATUS_BUFFER_OVERFLOW));
	len = wsk_sockaddr_len(remote, sizeof(struct sockaddr_in6));
	if (len < 0 || remote->sa_family != ws->family)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_ADDRESS));
	/*
	 * A connection socket is bound before it connects (as in WSK). A bound stream socket's
	 * connect makes it a connection socket for good, even if the connect fails.
	 */
	if (!test_bit(WSK_S_BOUND, &ws->state) ||
	    wsk_sock_become(ws, WSK_FLAG_CONNECTION_SOCKET) < 0 ||
	    test_bit(WSK_S_CONNECTED, &ws->state) ||
	    test_and_set_bit(WSK_S_CONNECT_REQ, &ws->state))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	/* A cancel of an earlier attempt has been dealt with: the bit is this one's now. */
	clear_bit(WSK_S_CONNECT_CANCEL, &ws->state);
	req->op = WSK_OP_CONNECT;
	req->flags = socket_connect;
	req->buf = buf;
	req->addr = NULL;
	req->done = 0;
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

wsk_status_t wsk_connect(struct wsk_socket *sock, struct sockaddr *remote, u32 flags,
			 struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);

	return wsk_conn_start(ws, remote, NULL, flags, req, false);
}
EXPORT_SYMBOL_GPL(wsk_connect);

wsk_status_t wsk_connect_ex(struct wsk_socket *sock, struct sockaddr *remote,
			    struct wsk_buf *buf, u32 flags, struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);

	return wsk_conn_start(ws, remote, buf, flags, req, false);
}
EXPORT_SYMBOL_GPL(wsk_connect_ex);

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
	st = wsk_conn_start(wsk_sock(sock), remote, NULL, 0, req, true);
	if (st != WSK_ST(WSK_STATUS_PENDING))
		wsk_sock_close_internal(wsk_sock(sock));
	return st;
}
EXPORT_SYMBOL_GPL(wsk_socket_connect);

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

wsk_status_t wsk_receive(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			 struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	wsk_status_t st = wsk_conn_check_io(ws, req);

	if (st)
		return wsk_fail(req, st);
	if (!buf || (flags & ~(WSK_FLAG_WAITALL | WSK_FLAG_DRAIN)) ||
	    flags == (WSK_FLAG_WAITALL | WSK_FLAG_DRAIN) ||
	    ((flags & WSK_FLAG_DRAIN) && buf->length))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	return wsk_sock_queue(ws, &ws->q_recv, req, WSK_OP_RECEIVE, flags, buf, NULL);
}
EXPORT_SYMBOL_GPL(wsk_receive);

wsk_status_t wsk_send_ex(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			 u32 control_length, const struct cmsghdr *control,
			 struct wsk_request *req)
{
	wsk_status_t st = wsk_conn_check_io(wsk_sock(sock), req);

	if (st)
		return wsk_fail(req, st);
	/* Linux's TCP takes no control info that WSK could name (ancillary data is UDP's). */
	if (control_length)
		return wsk_fail(req, control ? WSK_ST(WSK_STATUS_NOT_SUPPORTED) :
				     WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	return wsk_send(sock, buf, flags, req);
}
EXPORT_SYMBOL_GPL(wsk_send_ex);

wsk_status_t wsk_receive_ex(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			    u32 *control_length, struct cmsghdr *control, u32 *control_flags,
			    struct wsk_request *req)
{
	wsk_status_t st = wsk_conn_check_io(wsk_sock(sock), req);

	if (st)
		return wsk_fail(req, st);
	/* TCP delivers no control info: there is never any to report. */
	if (control_length)
		*control_length = 0;
	if (control_flags)
		*control_flags = 0;
	return wsk_receive(sock, buf, flags, req);
}
EXPORT_SYMBOL_GPL(wsk_receive_ex);

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

wsk_status_t wsk_release(struct wsk_socket *sock, struct wsk_data_indication *list)
{
	struct wsk_sock *ws = wsk_sock(sock);

	if (!list || ws->category != WSK_FLAG_CONNECTION_SOCKET)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	return wsk_rx_release(ws, list);
}
EXPORT_SYMBOL_GPL(wsk_release);

static const struct wsk_provider_connection_dispatch wsk_connection_dispatch = {
	.basic = WSK_PROVIDER_BASIC_CALLS,
	.bind = wsk_bind,
	.connect = wsk_connect,
	.get_local_address = wsk_get_local_address,
	.get_remote_address = wsk_get_remote_address,
	.send = wsk_send,
	.receive = wsk_receive,
	.disconnect = wsk_disconnect,
	.release = wsk_release,
	.connect_ex = wsk_connect_ex,
	.send_ex = wsk_send_ex,
	.receive_ex = wsk_receive_ex,
};

/*
 * A connection that is not shut down in both directions is reset on close, as WSK does:
 * linger with a zero timeout makes the release send RST.
 */
static void wsk_conn_close(struct wsk_sock *ws)
{
	struct sock *sk = ws->sock->sk;

	if (READ_ONCE(sk->sk_shutdown) != SHUTDOWN_MASK)
		sock_no_linger(sk);
}

const struct wsk_category wsk_conn_category = {
	.flag = WSK_FLAG_CONNECTION_SOCKET,
	.type = SOCK_STREAM,
	.provider = &wsk_connection_dispatch,
	.events = WSK_EVENT_CONNECTION,
	.ready = WSK_S_CONNECTED,
	.callable = wsk_conn_callable,
	.hook = wsk_conn_hook,
	.query_backlog = wsk_conn_query_backlog,
	.work = wsk_conn_work,
	.close = wsk_conn_close,
};
