// SPDX-License-Identifier: GPL-2.0
/*
 * Stream sockets (WSK_FLAG_STREAM_SOCKET, Windows 10 RS2 and later): a TCP socket that is
 * neither listener nor connection socket when it is made. It binds, then either WskListen
 * makes it a listener or its first WskConnect (or WskConnectEx) makes it a connection socket,
 * for good. Until then it has no events and no socket callbacks; the calls of the other kind
 * answer STATUS_INVALID_DEVICE_STATE (sock.c).
 *
 * The change is wsk_sock_become() (socket.c): the socket takes the listen or connection
 * category, and the client dispatch table the client's struct wsk_client_stream_dispatch has
 * for it. Its provider table stays this file's, which has the calls of both.
 */

#include "compat.h"
#include "core.h"

#include <linux/module.h>
#include <linux/net.h>

wsk_status_t wsk_listen(struct wsk_socket *sock, struct wsk_request *req)
{
	struct wsk_sock *ws = wsk_sock(sock);
	const struct wsk_category *cat;
	wsk_status_t st;
	int err;

	might_sleep();
	if (!req)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	st = wsk_sock_check(ws, WSK_FLAG_STREAM_SOCKET);
	if (st)
		return wsk_fail(req, st);
	/* Only the call that makes it a listener listens: another one finds it decided. */
	if (!test_bit(WSK_S_BOUND, &ws->state) || wsk_sock_become(ws, WSK_FLAG_LISTEN_SOCKET) <= 0)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	/* What a listen socket's bind does: listen, and hook the listener's callbacks. */
	cat = READ_ONCE(ws->cat);
	err = cat->bound(ws);
	if (err) {
		/* Not listening: still a bound stream socket, which may listen or connect. */
		wsk_sock_become(ws, WSK_FLAG_STREAM_SOCKET);
		return wsk_fail(req, wsk_errno_to_status(err));
	}
	return wsk_finish(req, WSK_ST(WSK_STATUS_SUCCESS), 0);
}
EXPORT_SYMBOL_GPL(wsk_listen);

static const struct wsk_client_listen_dispatch *wsk_stream_listen_table(struct wsk_sock *ws)
{
	const struct wsk_client_stream_dispatch *sd = ws->made_dispatch;

	return sd ? sd->listen : NULL;
}

/*
 * SO_CONDITIONAL_ACCEPT before the bind, as on a listener: it takes effect when WskListen
 * makes the socket one. The inspect event is the stream table's listen table's.
 */
static wsk_status_t wsk_stream_set_conditional(struct wsk_sock *ws, bool on)
{
	return wsk_listen_cond_mode(ws, wsk_stream_listen_table(ws), on);
}

/* The client table as a @category socket; a connection has no conditional accept. */
static const void *wsk_stream_become(struct wsk_sock *ws, u32 category)
{
	const struct wsk_client_stream_dispatch *sd = ws->made_dispatch;

	switch (category) {
	case WSK_FLAG_LISTEN_SOCKET:
		return wsk_stream_listen_table(ws);
	case WSK_FLAG_CONNECTION_SOCKET:
		wsk_listen_cond_mode(ws, NULL, false);
		return sd ? sd->connect : NULL;
	default:
		return sd;
	}
}

/* Closed before it listened or connected: only a conditional-accept mode to free. */
static void wsk_stream_close(struct wsk_sock *ws)
{
	wsk_listen_cond_mode(ws, NULL, false);
}

static const struct wsk_provider_stream_dispatch wsk_stream_dispatch = {
	.basic = WSK_PROVIDER_BASIC_CALLS,
	.bind = wsk_bind,
	.accept = wsk_accept,
	.connect = wsk_connect,
	.listen = wsk_listen,
	.send = wsk_send,
	.receive = wsk_receive,
	.disconnect = wsk_disconnect,
	.release = wsk_release,
	.get_local_address = wsk_get_local_address,
	.get_remote_address = wsk_get_remote_address,
	.connect_ex = wsk_connect_ex,
	.send_ex = wsk_send_ex,
	.receive_ex = wsk_receive_ex,
};

/*
 * The events are those of both kinds, so that enabling one is refused for the state
 * (WSK_STATUS_INVALID_DEVICE_STATE: @ready is never set on a stream socket that has not
 * become another), not as an event the socket can never have.
 */
const struct wsk_category wsk_stream_category = {
	.flag = WSK_FLAG_STREAM_SOCKET,
	.type = SOCK_STREAM,
	.provider = &wsk_stream_dispatch,
	.events = WSK_EVENT_ACCEPT | WSK_EVENT_CONNECTION,
	.ready = WSK_S_CONNECTED,
	.set_conditional = wsk_stream_set_conditional,
	.close = wsk_stream_close,
	.become = wsk_stream_become,
};
