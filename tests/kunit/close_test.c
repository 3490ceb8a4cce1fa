// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "wsk_close": closing sockets (rule 15) with requests pending, callbacks running
 * and indications retained; deregistration with live sockets; status codes.
 */

#include "compat.h"
#include "harness.h"
#include "net.h"
#include "suites.h"

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/workqueue.h>

struct cl_order {
	struct wsk_request req;
	struct completion done;
	atomic_t *clock;
	int at;
};

static void cl_order_done(struct wsk_request *req)
{
	struct cl_order *o = container_of(req, struct cl_order, req);

	o->at = atomic_inc_return(o->clock);
	complete(&o->done);
}

static void cl_order_init(struct cl_order *o, atomic_t *clock)
{
	wsk_request_init(&o->req, cl_order_done, NULL);
	init_completion(&o->done);
	o->clock = clock;
}

static void rule15_close_cancels_pending_then_completes(struct kunit *test)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct cl_order recv, send_close;
	struct wsk_socket *sock;
	struct socket *peer;
	atomic_t clock = ATOMIC_INIT(0);
	struct bio_vec bv;
	struct wsk_buf wb;
	u8 *buf, tmp[4];

	buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	sock = wt_connect_pair(test, AF_INET, 0, c, &peer);
	wt_enable(test, sock, WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT);
	KUNIT_ASSERT_EQ(test, wsk_buf_init_kernel(&wb, &bv, 1, buf, 64), 0);
	cl_order_init(&recv, &clock);
	KUNIT_EXPECT_EQ(test, wsk_receive(sock, &wb, 0, &recv.req), WSK_ST(WSK_STATUS_PENDING));

	wt_forget(test, sock);
	cl_order_init(&send_close, &clock);
	KUNIT_EXPECT_EQ(test, wsk_close_socket(sock, &send_close.req),
			WSK_ST(WSK_STATUS_PENDING));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&send_close.done, WT_TIMEOUT), 0);
	KUNIT_ASSERT_TRUE(test, completion_done(&recv.done));
	/* The receive completed, cancelled, before the close. */
	KUNIT_EXPECT_EQ(test, recv.req.status, WSK_ST(WSK_STATUS_CANCELLED));
	KUNIT_EXPECT_LT(test, recv.at, send_close.at);
	KUNIT_EXPECT_EQ(test, send_close.req.status, 0);
	/* Not shut down both ways: the peer sees a reset, and no callback follows. */
	KUNIT_EXPECT_EQ(test, wt_peer_recv(peer, tmp, sizeof(tmp)), -ECONNRESET);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->receives) + atomic_read(&c->disconnects) +
			atomic_read(&c->aborts), 0);
}

static void rule15_close_after_full_shutdown_is_graceful(struct kunit *test)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct wsk_socket *sock;
	struct socket *peer;
	struct wsk_sync sync;
	u8 tmp[4];

	sock = wt_connect_pair(test, AF_INET, 0, c, &peer);
	wt_enable(test, sock, WSK_EVENT_DISCONNECT);
	KUNIT_ASSERT_EQ(test, kernel_sock_shutdown(peer, SHUT_WR), 0);
	WT_WAIT(test, c, atomic_read(&c->disconnects) == 1);
	wsk_sync_init(&sync);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync, wsk_disconnect(sock, NULL, 0, &sync.req)),
			0);
	wt_close(test, sock);
	/* Both directions were shut down: an orderly end of stream, no reset. */
	KUNIT_EXPECT_EQ(test, wt_peer_recv(peer, tmp, sizeof(tmp)), 0);
}

struct cl_closer {
	struct work_struct work;
	struct wsk_socket *sock;
	struct completion done;
};

static void cl_close_work(struct work_struct *work)
{
	struct cl_closer *cc = container_of(work, struct cl_closer, work);
	struct wsk_sync sync;

	wsk_sync_init(&sync);
	wsk_close_socket(cc->sock, &sync.req);
	wait_for_completion(&sync.done);
	complete(&cc->done);
}

static void rule15_close_waits_for_running_callback(struct kunit *test)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct cl_closer cc;
	struct socket *peer;

	c->hold = true;
	cc.sock = wt_connect_pair(test, AF_INET, WSK_FLAG_PROCESS_CONTEXT, c, &peer);
	wt_enable(test, cc.sock, WSK_EVENT_RECEIVE);
	wt_peer_send(test, peer, "held", 4);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c->entered, WT_TIMEOUT), 0);

	wt_forget(test, cc.sock);
	init_completion(&cc.done);
	INIT_WORK_ONSTACK(&cc.work, cl_close_work);
	schedule_work(&cc.work);
	/* Close cannot finish while the callback runs: it is still running now. */
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&cc.done, HZ / 10), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->active), 1);
	c->hold = false;
	complete(&c->release);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&cc.done, WT_TIMEOUT), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->active), 0);
	flush_work(&cc.work);
	destroy_work_on_stack(&cc.work);
}

static void rule15_close_releases_retained(struct kunit *test)
{
	struct wt_ctx *c = wt_ctx_new(test);
	struct wsk_socket *sock;
	struct socket *peer;

	sock = wt_connect_pair(test, AF_INET, 0, c, &peer);
	c->recv_status = WSK_ST(WSK_STATUS_PENDING);
	wt_enable(test, sock, WSK_EVENT_RECEIVE);
	wt_peer_send(test, peer, "kept", 4);
	WT_WAIT(test, c, c->nr_retained == 1);
	/* Close does not need the client's release; nothing leaks (kmemleak checks). */
	wt_close(test, sock);
}

struct cl_dereg {
	struct work_struct work;
	struct wsk_client *client;
	struct completion done;
};

static void cl_dereg_work(struct work_struct *work)
{
	struct cl_dereg *d = container_of(work, struct cl_dereg, work);

	wsk_deregister(d->client);
	complete(&d->done);
}

static void deregister_waits_for_live_sockets(struct kunit *test)
{
	struct wt_env *env = wt_env(test);
	struct wsk_socket *sock;
	struct socket *peer;
	struct cl_dereg d;

	sock = wt_connect_pair(test, AF_INET, 0, wt_ctx_new(test), &peer);
	wt_forget(test, sock);
	d.client = env->client;
	env->client = NULL;
	init_completion(&d.done);
	INIT_WORK_ONSTACK(&d.work, cl_dereg_work);
	schedule_work(&d.work);
	/* Deregistration blocks while the client still has a socket... */
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&d.done, HZ / 10), 0);
	/* ...which it can still close. */
	wt_close(test, sock);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&d.done, WT_TIMEOUT), 0);
	flush_work(&d.work);
	destroy_work_on_stack(&d.work);
}

/*
 * Review finding 9: close a client's last socket, then deregister at once, as every client
 * does on unload. The last socket's put must be done with the client before deregistration
 * can free it (KASAN reports a use after free otherwise). Many times, with a socket of each
 * category, to cross the window.
 */
static void finding09_deregister_right_after_close(struct kunit *test)
{
	static const u32 cats[] = { 0, WSK_FLAG_LISTEN_SOCKET, WSK_FLAG_CONNECTION_SOCKET,
				    WSK_FLAG_DATAGRAM_SOCKET };
	struct wsk_client *client;
	struct wsk_socket *sock;
	struct wsk_sync sync;
	int i, ok = 0;

	for (i = 0; i < 200; i++) {
		u32 cat = cats[i % ARRAY_SIZE(cats)];

		KUNIT_ASSERT_EQ(test, wsk_register(&client, &init_net, NULL), 0);
		wsk_sync_init(&sync);
		if (!wsk_sync_wait(&sync, wsk_socket(client, AF_INET,
						     cat == WSK_FLAG_DATAGRAM_SOCKET ? SOCK_DGRAM :
						     SOCK_STREAM, 0, cat, NULL, NULL, &sync.req))) {
			sock = (struct wsk_socket *)sync.req.information;
			wsk_sync_init(&sync);
			ok += !wsk_sync_wait(&sync, wsk_close_socket(sock, &sync.req));
		}
		wsk_deregister(client);
	}
	KUNIT_EXPECT_EQ(test, ok, 200);
}

/*
 * Review finding 10c: wsk_socket_connect() cannot be cancelled, since the client would never
 * learn the socket and so never close it (deregistration would wait for ever). The request
 * is kept pending when the cancel comes: the peer's accept queue is full (a backlog of 0 and
 * one connection waiting), so TCP drops the SYN. Once the peer accepts the waiting one, the
 * SYN sent again gets through and the request completes as if no cancel had been asked for,
 * with the socket, which the client closes.
 */
static void finding10_socket_connect_is_not_cancelled(struct kunit *test)
{
	struct sockaddr_storage local, remote;
	struct socket *lsock, *filler;
	struct wsk_socket *sock;
	struct wsk_sync sync;
	wsk_status_t st;
	u16 port;

	/* The listener and the peers are the harness's to close. */
	lsock = wt_peer_listen(test, AF_INET, &port);
	KUNIT_ASSERT_NOT_NULL(test, lsock);
	WRITE_ONCE(lsock->sk->sk_max_ack_backlog, 0);
	filler = wt_peer_connect(test, AF_INET, port);
	KUNIT_ASSERT_NOT_NULL(test, filler);
	wsk_sockaddr_loopback(&local, AF_INET, 0);
	wsk_sockaddr_loopback(&remote, AF_INET, port);
	wsk_sync_init(&sync);
	st = wsk_socket_connect(wt_env(test)->client, SOCK_STREAM, 0, (struct sockaddr *)&local,
				(struct sockaddr *)&remote, 0, NULL, NULL, &sync.req);
	KUNIT_ASSERT_EQ(test, st, WSK_ST(WSK_STATUS_PENDING));
	wsk_cancel(&sync.req);
	KUNIT_EXPECT_FALSE(test, completion_done(&sync.done));
	wt_peer_accept(test, lsock);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync, st), 0);
	sock = (struct wsk_socket *)sync.req.information;
	KUNIT_ASSERT_NOT_NULL(test, sock);
	wt_adopt(test, sock);
}

static void status_mapping(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, wsk_errno_to_status(0), 0);
	KUNIT_EXPECT_EQ(test, wsk_errno_to_status(-ECONNRESET),
			WSK_ST(WSK_STATUS_CONNECTION_RESET));
	KUNIT_EXPECT_EQ(test, wsk_errno_to_status(ECONNREFUSED),
			WSK_ST(WSK_STATUS_CONNECTION_REFUSED));
	KUNIT_EXPECT_EQ(test, wsk_errno_to_status(-EADDRINUSE),
			WSK_ST(WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED));
	KUNIT_EXPECT_EQ(test, wsk_errno_to_status(-ENOMEM), WSK_ST(WSK_STATUS_NO_MEMORY));
	KUNIT_EXPECT_EQ(test, wsk_errno_to_status(-ETIMEDOUT), WSK_ST(WSK_STATUS_IO_TIMEOUT));
	KUNIT_EXPECT_EQ(test, wsk_errno_to_status(-ENOTTY),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, wsk_status_to_errno(WSK_ST(WSK_STATUS_CANCELLED)), -ECANCELED);
	KUNIT_EXPECT_EQ(test, wsk_status_to_errno(WSK_ST(WSK_STATUS_CONNECTION_ABORTED)),
			-ECONNABORTED);
	KUNIT_EXPECT_EQ(test, wsk_status_to_errno(WSK_ST(WSK_STATUS_EVENT_PENDING)),
			-EINPROGRESS);
	KUNIT_EXPECT_EQ(test, wsk_status_to_errno(WSK_ST(0xC0FFEE00)), -EIO);
	KUNIT_EXPECT_STREQ(test, wsk_status_name(WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED)),
			   "STATUS_DATA_NOT_ACCEPTED");
	KUNIT_EXPECT_STREQ(test, wsk_status_name(WSK_ST(0x12345)), "STATUS_UNKNOWN");
	KUNIT_EXPECT_TRUE(test, wsk_success(WSK_ST(WSK_STATUS_EVENT_PENDING)));
	KUNIT_EXPECT_FALSE(test, wsk_success(WSK_ST(WSK_STATUS_CANCELLED)));
}

static void socket_creation_rejects(struct kunit *test)
{
	struct wsk_client *client = wt_env(test)->client;
	struct wsk_sync sync;

	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_socket(client, AF_INET, SOCK_DGRAM, 0,
					 WSK_FLAG_LISTEN_SOCKET, NULL, NULL, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_socket(client, AF_INET, SOCK_STREAM, 0,
					 WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_DATAGRAM_SOCKET, NULL,
					 NULL, &sync.req), WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_socket(client, AF_INET, SOCK_DGRAM, 0,
					 WSK_FLAG_STREAM_SOCKET, NULL, NULL, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_socket(client, AF_UNIX, SOCK_STREAM, 0,
					 WSK_FLAG_CONNECTION_SOCKET, NULL, NULL, &sync.req),
			WSK_ST(WSK_STATUS_INVALID_ADDRESS));
	KUNIT_EXPECT_EQ(test, sync.req.status, WSK_ST(WSK_STATUS_INVALID_ADDRESS));
	KUNIT_EXPECT_EQ(test, wsk_socket(client, AF_INET, SOCK_STREAM, 0,
					 WSK_FLAG_CONNECTION_SOCKET, NULL, NULL, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
}

static struct kunit_case close_test_cases[] = {
	KUNIT_CASE(rule15_close_cancels_pending_then_completes),
	KUNIT_CASE(rule15_close_after_full_shutdown_is_graceful),
	KUNIT_CASE(rule15_close_waits_for_running_callback),
	KUNIT_CASE(rule15_close_releases_retained),
	KUNIT_CASE(deregister_waits_for_live_sockets),
	KUNIT_CASE(finding09_deregister_right_after_close),
	KUNIT_CASE(finding10_socket_connect_is_not_cancelled),
	KUNIT_CASE(status_mapping),
	KUNIT_CASE(socket_creation_rejects),
	{}
};

struct kunit_suite wsk_close_test_suite = {
	.name = "wsk_close",
	.suite_init = wt_suite_init,
	.suite_exit = wt_suite_exit,
	.init = wt_init,
	.exit = wt_exit,
	.test_cases = close_test_cases,
};
