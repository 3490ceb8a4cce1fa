// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "wsk_events": SO_WSK_EVENT_CALLBACK itself. Rules 1-4 and 14 of the spec, the
 * emulation's error codes (§3.5) and its answers to the open questions (§8).
 */

#include "compat.h"
#include "harness.h"
#include "net.h"
#include "suites.h"

#include <linux/in.h>

static const u8 ev_payload[] = "event payload";

/* Receive @len bytes through a receive request (proves the data arrived). */
static size_t ev_recv_req(struct kunit *test, struct wsk_socket *sock, size_t len)
{
	u8 *buf = kunit_kzalloc(test, len, GFP_KERNEL);
	struct bio_vec bv;
	struct wsk_buf wb;
	struct wsk_sync sync;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, buf, len), 0);
	wsk_sync_init(&sync);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync, wsk_receive(sock, &wb, WSK_FLAG_WAITALL,
								   &sync.req)), 0);
	return sync.req.information;
}

static void rule01_callbacks_start_disabled(struct kunit *test)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct wsk_socket *sock;
	struct socket *peer;

	sock = wt_connect_pair(test, AF_INET, 0, c, &peer);
	wt_peer_send(test, peer, ev_payload, sizeof(ev_payload));
	/* The data is there (a request gets it), and no callback was called for it. */
	KUNIT_EXPECT_EQ(test, ev_recv_req(test, sock, sizeof(ev_payload)), sizeof(ev_payload));
	KUNIT_EXPECT_EQ(test, atomic_read(&c->receives), 0);

	wt_enable(test, sock, WSK_EVENT_RECEIVE);
	wt_peer_send(test, peer, ev_payload, sizeof(ev_payload));
	WT_WAIT(test, c, c->bytes == sizeof(ev_payload));
	KUNIT_EXPECT_MEMEQ(test, c->data, ev_payload, sizeof(ev_payload));
}

static void rule02_enable_takes_a_mask(struct kunit *test)
{
	struct wsk_socket *sock;
	struct socket *peer;
	struct wsk_sync sync;

	sock = wt_connect_pair(test, AF_INET, 0, wt_ctx_new(test), &peer);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT |
					 WSK_EVENT_SEND_BACKLOG, NULL), 0);
	/* An enable with a request is accepted and completes at once (§8.5). */
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE, &sync.req), 0);
	KUNIT_EXPECT_TRUE(test, completion_done(&sync.done));
	KUNIT_EXPECT_EQ(test, sync.req.status, 0);
}

static void rule02_disable_takes_one_flag(struct kunit *test)
{
	struct wsk_socket *sock;
	struct socket *peer;

	sock = wt_connect_pair(test, AF_INET, 0, wt_ctx_new(test), &peer);
	wt_enable(test, sock, WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISABLE | WSK_EVENT_RECEIVE |
					 WSK_EVENT_DISCONNECT, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISABLE, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISABLE | WSK_EVENT_RECEIVE, NULL), 0);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISABLE | WSK_EVENT_DISCONNECT, NULL),
			0);
}

static void rule03_disable_success_when_idle(struct kunit *test)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct wsk_socket *sock;
	struct socket *peer;
	struct wsk_sync sync;

	sock = wt_connect_pair(test, AF_INET, 0, c, &peer);
	wt_enable(test, sock, WSK_EVENT_RECEIVE);
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISABLE | WSK_EVENT_RECEIVE, &sync.req),
			0);
	KUNIT_EXPECT_TRUE(test, completion_done(&sync.done));
	KUNIT_EXPECT_EQ(test, sync.req.status, 0);

	/* Disabled means never called again: data goes to a request. */
	wt_peer_send(test, peer, ev_payload, sizeof(ev_payload));
	KUNIT_EXPECT_EQ(test, ev_recv_req(test, sock, sizeof(ev_payload)), sizeof(ev_payload));
	KUNIT_EXPECT_EQ(test, atomic_read(&c->receives), 0);
}

/* Hold a process-context receive callback, disable from here, let go, check the order. */
static void ev_disable_while_held(struct kunit *test, bool with_request)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct wsk_socket *sock;
	struct socket *peer;
	struct wsk_sync sync;
	wsk_status_t st;

	c->hold = true;
	sock = wt_connect_pair(test, AF_INET, WSK_FLAG_PROCESS_CONTEXT, c, &peer);
	wt_enable(test, sock, WSK_EVENT_RECEIVE);
	wt_peer_send(test, peer, ev_payload, sizeof(ev_payload));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c->entered, WT_TIMEOUT), 0);

	wsk_sync_init(&sync);
	st = wt_control(sock, WSK_EVENT_DISABLE | WSK_EVENT_RECEIVE,
			with_request ? &sync.req : NULL);
	if (with_request) {
		KUNIT_EXPECT_EQ(test, st, WSK_ST(WSK_STATUS_PENDING));
		/* Never success while the call is still running. */
		KUNIT_EXPECT_FALSE(test, completion_done(&sync.done));
	} else {
		KUNIT_EXPECT_EQ(test, st, WSK_ST(WSK_STATUS_EVENT_PENDING));
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&c->receives), 0);

	c->hold = false;
	complete(&c->release);
	if (with_request) {
		KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync, st), 0);
		/* The request completed only after the callback returned. */
		KUNIT_EXPECT_EQ(test, atomic_read(&c->receives), 1);
	}
	WT_WAIT(test, c, atomic_read(&c->receives) == 1 && !atomic_read(&c->active));

	/* And the callback is not called again. */
	wt_peer_send(test, peer, ev_payload, sizeof(ev_payload));
	KUNIT_EXPECT_EQ(test, ev_recv_req(test, sock, sizeof(ev_payload)), sizeof(ev_payload));
	KUNIT_EXPECT_EQ(test, atomic_read(&c->receives), 1);
}

static void rule03_disable_pending_with_request(struct kunit *test)
{
	ev_disable_while_held(test, true);
}

static void rule03_disable_event_pending_without_request(struct kunit *test)
{
	ev_disable_while_held(test, false);
}

static void ev_disable_inside(struct kunit *test, u32 sock_flags, int how)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct wsk_socket *sock;
	struct socket *peer;

	sock = wt_connect_pair(test, AF_INET, sock_flags, c, &peer);
	c->disable_inside = how;
	wt_enable(test, sock, WSK_EVENT_RECEIVE);
	wt_peer_send(test, peer, ev_payload, sizeof(ev_payload));
	WT_WAIT(test, c, atomic_read(&c->receives) == 1);
	/* From inside, the call itself is in progress: pending, never a deadlock. */
	KUNIT_EXPECT_EQ(test, c->inside_status, how == 2 ? WSK_ST(WSK_STATUS_PENDING) :
							   WSK_ST(WSK_STATUS_EVENT_PENDING));
	if (how == 2)
		KUNIT_EXPECT_EQ(test, wt_wait_req(test, &c->inside, c->inside_status), 0);
	wt_peer_send(test, peer, ev_payload, sizeof(ev_payload));
	KUNIT_EXPECT_EQ(test, ev_recv_req(test, sock, sizeof(ev_payload)), sizeof(ev_payload));
	KUNIT_EXPECT_EQ(test, atomic_read(&c->receives), 1);
}

static void rule03_disable_inside_callback_dispatch(struct kunit *test)
{
	ev_disable_inside(test, 0, 1);
}

static void rule03_disable_inside_callback_process(struct kunit *test)
{
	ev_disable_inside(test, WSK_FLAG_PROCESS_CONTEXT, 1);
}

static void rule03_disable_inside_callback_with_request(struct kunit *test)
{
	ev_disable_inside(test, WSK_FLAG_PROCESS_CONTEXT, 2);
}

static void rule04_datagram_needs_bind(struct kunit *test)
{
	struct wsk_socket *sock;

	sock = wt_socket(test, AF_INET, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, wt_ctx_new(test),
			 &wt_dgram_dispatch);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE_FROM, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, AF_INET), 0);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE_FROM, NULL), 0);
}

static void rule04_listener_needs_bind(struct kunit *test)
{
	struct wsk_socket *sock;

	sock = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_LISTEN_SOCKET, wt_ctx_new(test),
			 &wt_listen_dispatch);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, AF_INET), 0);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_ACCEPT, NULL), 0);
}

static void rule04_connection_needs_connect(struct kunit *test)
{
	struct wsk_socket *sock;

	sock = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_CONNECTION_SOCKET,
			 wt_ctx_new(test), &wt_conn_dispatch);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, AF_INET), 0);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
}

static void rule04_flags_per_category(struct kunit *test)
{
	struct wsk_socket *dgram, *listener, *conn, *basic;
	struct socket *peer;

	dgram = wt_socket(test, AF_INET, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, wt_ctx_new(test),
			  &wt_dgram_dispatch);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, dgram, AF_INET), 0);
	KUNIT_EXPECT_EQ(test, wt_control(dgram, WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wt_control(dgram, WSK_EVENT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	listener = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_LISTEN_SOCKET,
			     wt_ctx_new(test), &wt_listen_dispatch);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, listener, AF_INET), 0);
	KUNIT_EXPECT_EQ(test, wt_control(listener, WSK_EVENT_RECEIVE_FROM, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* Connection flags are valid on a listener: for inheritance. */
	KUNIT_EXPECT_EQ(test, wt_control(listener, WSK_EVENT_RECEIVE, NULL), 0);

	conn = wt_connect_pair(test, AF_INET, 0, wt_ctx_new(test), &peer);
	KUNIT_EXPECT_EQ(test, wt_control(conn, WSK_EVENT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wt_control(conn, WSK_EVENT_RECEIVE_FROM, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wt_control(conn, 0x00000001, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	/*
	 * Basic sockets have no events at all: every flag is one not valid for the category,
	 * enabled or disabled (spec §3.5).
	 */
	basic = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_BASIC_SOCKET, NULL, NULL);
	KUNIT_EXPECT_EQ(test, wt_control(basic, WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wt_control(basic, WSK_EVENT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wt_control(basic, WSK_EVENT_DISABLE | WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
}

static void rule14_static_callbacks_on_new_sockets(struct kunit *test)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = WSK_EVENT_RECEIVE | WSK_EVENT_RECEIVE_FROM,
	};
	struct wt_ctx *c = wt_ctx_new(test);
	struct wsk_socket *sock;
	struct socket *peer;

	KUNIT_ASSERT_EQ(test, wsk_control_client(wt_env(test)->client,
						 WSK_SET_STATIC_EVENT_CALLBACKS, sizeof(ctl), &ctl,
						 0, NULL, NULL, NULL), 0);
	sock = wt_connect_pair(test, AF_INET, 0, c, &peer);
	/* Enabled without any SO_WSK_EVENT_CALLBACK. */
	wt_peer_send(test, peer, ev_payload, sizeof(ev_payload));
	WT_WAIT(test, c, c->bytes == sizeof(ev_payload));
	/* Static callbacks can be neither disabled nor enabled again. */
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISABLE | WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* Other flags still switch dynamically. */
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISCONNECT, NULL), 0);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_DISABLE | WSK_EVENT_DISCONNECT, NULL),
			0);
}

static void rule14_static_after_socket_rejected(struct kunit *test)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = WSK_EVENT_RECEIVE,
	};
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_sync sync;

	/* An IRP is not allowed (it completes with the error), and neither is a bad NPI id. */
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_control_client(client, WSK_SET_STATIC_EVENT_CALLBACKS,
						 sizeof(ctl), &ctl, 0, NULL, NULL, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync, 0), WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	ctl.npi_id = &ctl;
	KUNIT_EXPECT_EQ(test, wsk_control_client(client, WSK_SET_STATIC_EVENT_CALLBACKS,
						 sizeof(ctl), &ctl, 0, NULL, NULL, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	ctl.npi_id = wsk_npi_interface_id;

	wt_socket(test, AF_INET, SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET, NULL, NULL);
	KUNIT_EXPECT_EQ(test, wsk_control_client(client, WSK_SET_STATIC_EVENT_CALLBACKS,
						 sizeof(ctl), &ctl, 0, NULL, NULL, NULL),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
}

static void emu_invalid_control_input(struct kunit *test)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = WSK_EVENT_RECEIVE,
	};
	u8 other_npi[16] = { 1 };
	struct wsk_socket *sock;
	struct socket *peer;

	sock = wt_connect_pair(test, AF_INET, 0, wt_ctx_new(test), &peer);
	/* Short input, NULL input, wrong level, unknown NPI id. */
	KUNIT_EXPECT_EQ(test, wsk_control_socket(sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK,
						 WSK_SOL_SOCKET, sizeof(ctl) - 1, &ctl, 0, NULL,
						 NULL, NULL), WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wsk_control_socket(sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK,
						 WSK_SOL_SOCKET, sizeof(ctl), NULL, 0, NULL, NULL,
						 NULL), WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wsk_control_socket(sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK,
						 SOL_TCP, sizeof(ctl), &ctl, 0, NULL, NULL, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	ctl.npi_id = other_npi;
	KUNIT_EXPECT_EQ(test, wsk_control_socket(sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK,
						 WSK_SOL_SOCKET, sizeof(ctl), &ctl, 0, NULL, NULL,
						 NULL), WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* The id is compared by contents, not by address. */
	memcpy(other_npi, wsk_npi_interface_id, sizeof(other_npi));
	KUNIT_EXPECT_EQ(test, wsk_control_socket(sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK,
						 WSK_SOL_SOCKET, sizeof(ctl), &ctl, 0, NULL, NULL,
						 NULL), 0);
}

static void emu_enable_needs_dispatch_entry(struct kunit *test)
{
	static const struct wsk_client_connection_dispatch only_receive = {
		.receive_event = NULL,
	};
	struct sockaddr_storage local, remote;
	struct wsk_socket *sock;
	struct socket *lsock;
	struct wsk_sync sync;
	u16 port;

	lsock = wt_peer_listen(test, AF_INET, &port);
	wsk_sockaddr_loopback(&local, AF_INET, 0);
	wsk_sockaddr_loopback(&remote, AF_INET, port);
	wsk_sync_init(&sync);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync,
					  wsk_socket_connect(wt_env(test)->client, SOCK_STREAM, 0,
							     (struct sockaddr *)&local,
							     (struct sockaddr *)&remote, 0, NULL,
							     &only_receive, &sync.req)), 0);
	sock = (struct wsk_socket *)sync.req.information;
	wt_adopt(test, sock);
	wt_peer_accept(test, lsock);
	KUNIT_EXPECT_EQ(test, wt_control(sock, WSK_EVENT_RECEIVE, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
}

/* §3.4/§8.1: data queued while disabled is indicated soon after an enable, not inside it. */
static void emu_enable_indicates_queued_data(struct kunit *test)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct wsk_socket *sock;
	struct socket *peer;

	sock = wt_connect_pair(test, AF_INET6, 0, c, &peer);
	wt_peer_send(test, peer, ev_payload, sizeof(ev_payload));
	KUNIT_ASSERT_TRUE(test, wt_wait_queued(sock, sizeof(ev_payload)));
	wt_enable(test, sock, WSK_EVENT_RECEIVE);
	WT_WAIT(test, c, c->bytes == sizeof(ev_payload));
	KUNIT_EXPECT_MEMEQ(test, c->data, ev_payload, sizeof(ev_payload));
	/* Delivered from the work item: process context, the flag clear and truthful. */
	KUNIT_EXPECT_EQ(test, atomic_read(&c->dispatch_calls), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->bad_context), 0);
}

static struct kunit_case events_test_cases[] = {
	KUNIT_CASE(rule01_callbacks_start_disabled),
	KUNIT_CASE(rule02_enable_takes_a_mask),
	KUNIT_CASE(rule02_disable_takes_one_flag),
	KUNIT_CASE(rule03_disable_success_when_idle),
	KUNIT_CASE(rule03_disable_pending_with_request),
	KUNIT_CASE(rule03_disable_event_pending_without_request),
	KUNIT_CASE(rule03_disable_inside_callback_dispatch),
	KUNIT_CASE(rule03_disable_inside_callback_process),
	KUNIT_CASE(rule03_disable_inside_callback_with_request),
	KUNIT_CASE(rule04_datagram_needs_bind),
	KUNIT_CASE(rule04_listener_needs_bind),
	KUNIT_CASE(rule04_connection_needs_connect),
	KUNIT_CASE(rule04_flags_per_category),
	KUNIT_CASE(rule14_static_callbacks_on_new_sockets),
	KUNIT_CASE(rule14_static_after_socket_rejected),
	KUNIT_CASE(emu_invalid_control_input),
	KUNIT_CASE(emu_enable_needs_dispatch_entry),
	KUNIT_CASE(emu_enable_indicates_queued_data),
	{}
};

struct kunit_suite wsk_events_test_suite = {
	.name = "wsk_events",
	.suite_init = wt_suite_init,
	.suite_exit = wt_suite_exit,
	.init = wt_init,
	.exit = wt_exit,
	.test_cases = events_test_cases,
};
