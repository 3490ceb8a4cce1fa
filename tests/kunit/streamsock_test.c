// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "wsk_stream_socket": stream sockets (WSK_FLAG_STREAM_SOCKET), driven through
 * the provider table a client gets (struct wsk_provider_stream_dispatch). Before it decides,
 * a stream socket refuses the calls of both kinds for the state; WskListen makes it a
 * listener, its first WskConnect (or WskConnectEx) a connection socket, each for good and
 * with the matching table of the client's struct wsk_client_stream_dispatch; static
 * callbacks follow it; a listen that fails leaves it undecided.
 */

#include "compat.h"
#include "core.h"
#include "harness.h"
#include "net.h"
#include "suites.h"

#include <linux/in.h>
#include <linux/in6.h>

static const u8 ss_payload[] = "stream socket payload";

static const struct wsk_client_stream_dispatch ss_dispatch = {
	.listen = &wt_listen_dispatch,
	.connect = &wt_conn_dispatch,
};

static const struct wsk_provider_stream_dispatch *ss_table(struct wsk_socket *sock)
{
	return sock->dispatch;
}

/* Through the stream table if @sock has one, else the call itself (a shorter table). */
static bool ss_is_stream(struct wsk_socket *sock)
{
	return test_bit(WSK_S_STREAM, &wsk_sock(sock)->state);
}

static struct wsk_socket *ss_socket(struct kunit *test, int family, struct wt_ctx *c)
{
	struct wsk_socket *sock;

	sock = wt_socket(test, family, SOCK_STREAM, WSK_FLAG_STREAM_SOCKET, c, &ss_dispatch);
	if (c)
		c->sock = sock;
	return sock;
}

static wsk_status_t ss_listen(struct kunit *test, struct wsk_socket *sock)
{
	struct wsk_sync sync;
	wsk_status_t st;

	wsk_sync_init(&sync);
	st = (ss_is_stream(sock) ? ss_table(sock)->listen : wsk_listen)(sock, &sync.req);
	/* Always inline: the request is complete when the call returns. */
	KUNIT_EXPECT_TRUE(test, completion_done(&sync.done));
	KUNIT_EXPECT_EQ(test, st, sync.req.status);
	return st;
}

static wsk_status_t ss_connect(struct kunit *test, struct wsk_socket *sock, int family,
			       u16 port)
{
	struct sockaddr_storage remote;
	struct wsk_sync sync;

	wsk_sockaddr_loopback(&remote, family, port);
	wsk_sync_init(&sync);
	return wt_wait_req(test, &sync,
			   (ss_is_stream(sock) ? ss_table(sock)->connect : wsk_connect)(sock,
					(struct sockaddr *)&remote, 0, &sync.req));
}

static wsk_status_t ss_send(struct kunit *test, struct wsk_socket *sock, const void *data,
			    size_t len)
{
	struct wsk_sync sync;
	struct bio_vec bv;
	struct wsk_buf wb;
	void *copy;

	/* wsk_buf_init_kernel() takes no module data: a copy. */
	copy = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, data, len);
	KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, copy, len), 0);
	wsk_sync_init(&sync);
	return wt_wait_req(test, &sync, ss_table(sock)->send(sock, &wb, 0, &sync.req));
}

/* Every call of the other kind, and of both before a decision, answers for the state. */
static void ss_expect_refused(struct kunit *test, struct wsk_socket *sock, bool accept,
			      bool io, bool listen)
{
	const struct wsk_provider_stream_dispatch *t = ss_table(sock);
	const wsk_status_t state = WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE);
	struct sockaddr_storage ss;
	struct wsk_sync sync;
	u8 byte = 0;
	struct bio_vec bv;
	struct wsk_buf wb;

	if (accept) {
		wsk_sync_init(&sync);
		KUNIT_EXPECT_EQ(test, t->accept(sock, 0, NULL, NULL, NULL, NULL, &sync.req),
				state);
		KUNIT_EXPECT_EQ(test, sync.req.status, state);
	}
	if (io) {
		KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, &byte, 1), 0);
		wsk_sync_init(&sync);
		KUNIT_EXPECT_EQ(test, t->send(sock, &wb, 0, &sync.req), state);
		wsk_sync_init(&sync);
		KUNIT_EXPECT_EQ(test, t->receive(sock, &wb, 0, &sync.req), state);
		wsk_sync_init(&sync);
		KUNIT_EXPECT_EQ(test, t->disconnect(sock, NULL, 0, &sync.req), state);
		wsk_sync_init(&sync);
		KUNIT_EXPECT_EQ(test, t->get_remote_address(sock, &ss, &sync.req), state);
	}
	if (listen)
		KUNIT_EXPECT_EQ(test, ss_listen(test, sock), state);
}

static void ss_listener(struct kunit *test, int family)
{
	struct wt_ctx *lc = wt_ctx_new(test), *cc = wt_ctx_new(test);
	struct sockaddr_storage ss;
	struct wsk_socket *sock;
	struct wsk_sync sync;
	struct socket *peer;
	u8 buf[sizeof(ss_payload)];
	wsk_status_t st;
	u16 port;

	lc->child_ctx = cc;
	lc->child_dispatch = &wt_conn_dispatch;
	sock = ss_socket(test, family, lc);
	/* The stream table: WskListen and WskConnect side by side. */
	KUNIT_EXPECT_TRUE(test, ss_table(sock)->listen == wsk_listen);
	KUNIT_EXPECT_TRUE(test, ss_table(sock)->connect == wsk_connect);
	KUNIT_EXPECT_TRUE(test, ss_table(sock)->accept == wsk_accept);

	/* Undecided and unbound: nothing but bind and the basic calls. */
	ss_expect_refused(test, sock, true, true, true);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE_FROM, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, ss_table(sock)->get_local_address(sock, &ss, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, family), 0);
	port = wt_local_port(test, sock);
	KUNIT_EXPECT_NE(test, port, 0);
	/* Bound, still undecided: no events, no accept, no I/O. */
	ss_expect_refused(test, sock, true, true, false);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	KUNIT_ASSERT_EQ(test, ss_listen(test, sock), 0);
	KUNIT_EXPECT_EQ(test, wsk_sock(sock)->category, (u32)WSK_FLAG_LISTEN_SOCKET);
	/* A listener for good: connect, I/O and a second listen are refused for the state. */
	ss_expect_refused(test, sock, false, true, true);
	KUNIT_EXPECT_EQ(test, ss_connect(test, sock, family, port),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	/* The accept event, with the listener's inheritance, as on a listen socket. */
	wt_enable(test, sock, WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT);
	peer = wt_peer_connect(test, family, port);
	WT_WAIT(test, lc, atomic_read(&lc->accepts) == 1);
	wt_peer_send(test, peer, ss_payload, sizeof(ss_payload));
	WT_WAIT(test, cc, cc->bytes == sizeof(ss_payload));
	KUNIT_EXPECT_MEMEQ(test, cc->data, ss_payload, sizeof(ss_payload));
	/* The child is a connection socket with the connection table. */
	KUNIT_ASSERT_NOT_NULL(test, cc->sock);
	KUNIT_EXPECT_EQ(test, ss_send(test, cc->sock, ss_payload, sizeof(ss_payload)),
			WSK_ST(WSK_STATUS_SUCCESS));
	KUNIT_EXPECT_EQ(test, wt_peer_recv(peer, buf, sizeof(buf)), (int)sizeof(buf));
	KUNIT_EXPECT_MEMEQ(test, buf, ss_payload, sizeof(ss_payload));

	/* And accept requests, through the stream table. */
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISABLE | WSK_EVENT_ACCEPT, NULL), 0);
	wsk_sync_init(&sync);
	st = ss_table(sock)->accept(sock, 0, NULL, &wt_conn_dispatch, NULL,
				    (struct sockaddr *)&ss, &sync.req);
	KUNIT_EXPECT_EQ(test, st, WSK_ST(WSK_STATUS_PENDING));
	wt_peer_connect(test, family, port);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync, 0), 0);
	wt_adopt(test, (struct wsk_socket *)sync.req.information);
	KUNIT_EXPECT_EQ(test, ss.ss_family, (sa_family_t)family);
	KUNIT_EXPECT_EQ(test, atomic_read(&lc->accepts), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&lc->bad_context), 0);
}

static void stream_socket_listens(struct kunit *test)
{
	ss_listener(test, AF_INET);
}

static void stream_socket_listens_ipv6(struct kunit *test)
{
	ss_listener(test, AF_INET6);
}

static void ss_connection(struct kunit *test, int family)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct wsk_socket *sock;
	struct socket *lsock, *peer;
	u8 buf[sizeof(ss_payload)];
	u16 port;

	lsock = wt_peer_listen(test, family, &port);
	sock = ss_socket(test, family, c);
	/* Unbound: the connect is refused, and decides nothing. */
	KUNIT_EXPECT_EQ(test, ss_connect(test, sock, family, port),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_EXPECT_EQ(test, wsk_sock(sock)->category, (u32)WSK_FLAG_STREAM_SOCKET);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, family), 0);
	KUNIT_ASSERT_EQ(test, ss_connect(test, sock, family, port), 0);
	KUNIT_EXPECT_EQ(test, wsk_sock(sock)->category, (u32)WSK_FLAG_CONNECTION_SOCKET);
	peer = wt_peer_accept(test, lsock);

	/* A connection socket for good, with the connection table's callbacks. */
	ss_expect_refused(test, sock, true, false, true);
	wt_enable(test, sock, WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT);
	wt_peer_send(test, peer, ss_payload, sizeof(ss_payload));
	WT_WAIT(test, c, c->bytes == sizeof(ss_payload));
	KUNIT_EXPECT_MEMEQ(test, c->data, ss_payload, sizeof(ss_payload));
	KUNIT_EXPECT_EQ(test, ss_send(test, sock, ss_payload, sizeof(ss_payload)),
			WSK_ST(WSK_STATUS_SUCCESS));
	KUNIT_EXPECT_EQ(test, wt_peer_recv(peer, buf, sizeof(buf)), (int)sizeof(buf));
	KUNIT_EXPECT_MEMEQ(test, buf, ss_payload, sizeof(ss_payload));
	wt_peer_close(test, peer);
	WT_WAIT(test, c, atomic_read(&c->disconnects) == 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->bad_context), 0);
}

static void stream_socket_connects(struct kunit *test)
{
	ss_connection(test, AF_INET);
}

static void stream_socket_connects_ipv6(struct kunit *test)
{
	ss_connection(test, AF_INET6);
}

/* WskConnectEx decides too, and its data arrives first. */
static void stream_socket_connect_ex(struct kunit *test)
{
	struct sockaddr_storage remote;
	struct wsk_socket *sock;
	struct socket *lsock, *peer;
	struct wsk_sync sync;
	u8 buf[sizeof(ss_payload)];
	struct bio_vec bv;
	struct wsk_buf wb;
	wsk_status_t st;
	void *copy;
	u16 port;

	lsock = wt_peer_listen(test, AF_INET6, &port);
	sock = ss_socket(test, AF_INET6, NULL);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, AF_INET6), 0);
	copy = kunit_kmalloc(test, sizeof(ss_payload), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, ss_payload, sizeof(ss_payload));
	KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, copy, sizeof(ss_payload)), 0);
	wsk_sockaddr_loopback(&remote, AF_INET6, port);
	wsk_sync_init(&sync);
	st = ss_table(sock)->connect_ex(sock, (struct sockaddr *)&remote, &wb, 0, &sync.req);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync, st), 0);
	KUNIT_EXPECT_EQ(test, sync.req.information, sizeof(ss_payload));
	KUNIT_EXPECT_EQ(test, wsk_sock(sock)->category, (u32)WSK_FLAG_CONNECTION_SOCKET);
	peer = wt_peer_accept(test, lsock);
	KUNIT_EXPECT_EQ(test, wt_peer_recv(peer, buf, sizeof(buf)), (int)sizeof(buf));
	KUNIT_EXPECT_MEMEQ(test, buf, ss_payload, sizeof(ss_payload));
	KUNIT_EXPECT_EQ(test, ss_listen(test, sock), WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
}

/* A refused connect still made it a connection socket, which may connect again. */
static void stream_socket_failed_connect_decides(struct kunit *test)
{
	struct socket *lsock, *closed;
	struct wsk_socket *sock;
	wsk_status_t st;
	u16 port, dead;

	/* A port nobody listens on: one that was just closed. */
	closed = wt_peer_listen(test, AF_INET, &dead);
	wt_peer_close(test, closed);
	sock = ss_socket(test, AF_INET, NULL);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, AF_INET), 0);
	st = ss_connect(test, sock, AF_INET, dead);
	KUNIT_EXPECT_NE(test, st, 0);
	KUNIT_EXPECT_NE(test, st, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_EXPECT_EQ(test, wsk_sock(sock)->category, (u32)WSK_FLAG_CONNECTION_SOCKET);
	KUNIT_EXPECT_EQ(test, ss_listen(test, sock), WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	lsock = wt_peer_listen(test, AF_INET, &port);
	KUNIT_EXPECT_EQ(test, ss_connect(test, sock, AF_INET, port), 0);
	wt_peer_accept(test, lsock);
}

/* Static callbacks are the new category's, from the moment it is one. */
static void stream_socket_static_callbacks(struct kunit *test)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE,
	};
	struct wt_ctx *lc = wt_ctx_new(test), *cc = wt_ctx_new(test), *c = wt_ctx_new(test);
	struct wsk_client *client = wt_client2(test);
	struct wsk_socket *lsn, *sock;
	struct socket *lsock, *peer;
	u16 port, lport;

	KUNIT_ASSERT_EQ(test, wsk_control_client(client, WSK_SET_STATIC_EVENT_CALLBACKS,
						 sizeof(ctl), &ctl, 0, NULL, NULL, NULL), 0);
	lc->child_ctx = cc;
	lc->child_dispatch = &wt_conn_dispatch;
	lsn = wt_socket_of(test, client, AF_INET, SOCK_STREAM, WSK_FLAG_STREAM_SOCKET, lc,
			   &ss_dispatch);
	lc->sock = lsn;
	sock = wt_socket_of(test, client, AF_INET, SOCK_STREAM, WSK_FLAG_STREAM_SOCKET, c,
			    &ss_dispatch);
	c->sock = sock;
	/* Undecided: nothing enabled yet, not even statically. */
	KUNIT_EXPECT_EQ(test, wsk_sock(lsn)->ev_enabled, 0U);

	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, lsn, AF_INET), 0);
	lport = wt_local_port(test, lsn);
	KUNIT_ASSERT_EQ(test, ss_listen(test, lsn), 0);
	/* The accept event is static on the listener: no enable. */
	peer = wt_peer_connect(test, AF_INET, lport);
	WT_WAIT(test, lc, atomic_read(&lc->accepts) == 1);
	/* Its child has the static receive event. */
	wt_peer_send(test, peer, ss_payload, sizeof(ss_payload));
	WT_WAIT(test, cc, cc->bytes == sizeof(ss_payload));
	KUNIT_EXPECT_EQ(test, wt_control(lsn, WSK_EVENT_DISABLE | WSK_EVENT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	lsock = wt_peer_listen(test, AF_INET, &port);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, AF_INET), 0);
	KUNIT_ASSERT_EQ(test, ss_connect(test, sock, AF_INET, port), 0);
	peer = wt_peer_accept(test, lsock);
	wt_peer_send(test, peer, ss_payload, sizeof(ss_payload));
	WT_WAIT(test, c, c->bytes == sizeof(ss_payload));
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISABLE | WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
}

/* A listen that fails leaves a bound stream socket, still undecided. */
static void stream_socket_failed_listen_undecided(struct kunit *test)
{
	struct wsk_socket *a, *b;
	struct sockaddr_storage ss;
	struct wsk_sync sync;
	wsk_status_t st;
	u32 one = 1;
	u16 port;

	a = ss_socket(test, AF_INET, wt_ctx_new(test));
	b = ss_socket(test, AF_INET, wt_ctx_new(test));
	wsk_sync_init(&sync);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync,
					  wsk_control_socket(a, WSK_SET_OPTION, WSK_SO_REUSEADDR,
							     WSK_SOL_SOCKET, sizeof(one), &one,
							     0, NULL, NULL, &sync.req)), 0);
	wsk_sync_init(&sync);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync,
					  wsk_control_socket(b, WSK_SET_OPTION, WSK_SO_REUSEADDR,
							     WSK_SOL_SOCKET, sizeof(one), &one,
							     0, NULL, NULL, &sync.req)), 0);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, a, AF_INET), 0);
	port = wt_local_port(test, a);
	/* Both bound to the port (both share it), then only one can listen on it. */
	wsk_sockaddr_loopback(&ss, AF_INET, port);
	wsk_sync_init(&sync);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync, wsk_bind(b, (struct sockaddr *)&ss, 0,
								&sync.req)), 0);
	KUNIT_ASSERT_EQ(test, ss_listen(test, a), 0);
	st = ss_listen(test, b);
	KUNIT_EXPECT_EQ(test, st, WSK_ST(WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED));
	KUNIT_EXPECT_EQ(test, wsk_sock(b)->category, (u32)WSK_FLAG_STREAM_SOCKET);
	KUNIT_EXPECT_FALSE(test, test_bit(WSK_S_DECIDED, &wsk_sock(b)->state));
	KUNIT_EXPECT_PTR_EQ(test, wsk_sock(b)->client_dispatch, (const void *)&ss_dispatch);
	KUNIT_EXPECT_EQ(test, wt_control(b, WSK_EVENT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	/* The same failure again, not a state error: nothing of the first try is left. */
	KUNIT_EXPECT_EQ(test, ss_listen(test, b), WSK_ST(WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED));
}

static void stream_socket_rejects(struct kunit *test)
{
	struct wsk_socket *lsn, *conn, *sock;
	struct wsk_sync sync;

	sock = ss_socket(test, AF_INET, NULL);
	KUNIT_EXPECT_EQ(test, wsk_listen(sock, NULL), WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* Only a stream socket has WskListen. */
	lsn = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_LISTEN_SOCKET, NULL, NULL);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, lsn, AF_INET), 0);
	KUNIT_EXPECT_EQ(test, ss_listen(test, lsn), WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
	conn = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_CONNECTION_SOCKET, NULL, NULL);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, conn, AF_INET), 0);
	KUNIT_EXPECT_EQ(test, ss_listen(test, conn), WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
	/* And a listen socket still has no WskConnect. */
	KUNIT_EXPECT_EQ(test, ss_connect(test, lsn, AF_INET, 9),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
	/* A stream socket is a TCP one. */
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_socket(wt_env(test)->client, AF_INET, SOCK_DGRAM, 0,
					 WSK_FLAG_STREAM_SOCKET, NULL, &ss_dispatch, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* Without a client table it works, with no callbacks to call. */
	sock = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_STREAM_SOCKET, NULL, NULL);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, AF_INET), 0);
	KUNIT_EXPECT_EQ(test, ss_listen(test, sock), 0);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
}

static struct kunit_case stream_socket_test_cases[] = {
	KUNIT_CASE(stream_socket_listens),
	KUNIT_CASE(stream_socket_listens_ipv6),
	KUNIT_CASE(stream_socket_connects),
	KUNIT_CASE(stream_socket_connects_ipv6),
	KUNIT_CASE(stream_socket_connect_ex),
	KUNIT_CASE(stream_socket_failed_connect_decides),
	KUNIT_CASE(stream_socket_static_callbacks),
	KUNIT_CASE(stream_socket_failed_listen_undecided),
	KUNIT_CASE(stream_socket_rejects),
	{}
};

struct kunit_suite wsk_stream_socket_test_suite = {
	.name = "wsk_stream_socket",
	.suite_init = wt_suite_init,
	.suite_exit = wt_suite_exit,
	.init = wt_init,
	.exit = wt_exit,
	.test_cases = stream_socket_test_cases,
};
