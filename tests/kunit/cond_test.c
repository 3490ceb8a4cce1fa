// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "wsk_cond": conditional accept (SO_CONDITIONAL_ACCEPT, spec §2.2). The option's
 * rules; the inspect event's three answers; WskInspectComplete for pended requests, in any
 * order against queued accept requests; the abort event for a request the peer resets while
 * it is held; the NULL inspect of a failed listener; the bound on held requests; and the
 * inspect id of an accepted connection (SIO_WSK_QUERY_INSPECT_ID).
 */

#include "compat.h"
#include "core.h"
#include "harness.h"
#include "net.h"
#include "suites.h"

#include <linux/in.h>
#include <linux/in6.h>
#include <net/sock.h>

#define CT_MAX_IDS	16

/* What the inspect and abort events saw, and how the inspect event answers. */
static struct {
	struct wt_ctx *lc;
	int answer;			/* WSK_INSPECT_* */
	atomic_t inspects;
	atomic_t null_inspects;
	atomic_t aborts;
	atomic_t bad_addr;		/* an inspect whose addresses were not the connection's */
	u16 peer_port[CT_MAX_IDS];	/* the remote port each inspect was given */
	struct wsk_inspect_id ids[CT_MAX_IDS];
	struct wsk_inspect_id aborted[CT_MAX_IDS];
	int family;
	int decide_inside;		/* WskInspectComplete inside the call, then pend */
	wsk_status_t inside_status;
} ct;

static u16 ct_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)sa)->sin_port);
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return 0;
}

static int ct_inspect(void *ctx, struct sockaddr *local, struct sockaddr *remote,
		      struct wsk_inspect_id *id)
{
	struct wt_ctx *lc = ctx;
	/* Read before the count: the test changes the answer once it sees the count. */
	int ans = READ_ONCE(ct.answer), inside = READ_ONCE(ct.decide_inside);
	int n;

	if (!id) {
		atomic_inc(&ct.null_inspects);
	} else {
		n = atomic_read(&ct.inspects);
		if (n < CT_MAX_IDS) {
			ct.ids[n] = *id;
			ct.peer_port[n] = ct_port(remote);
		}
		if (local->sa_family != ct.family || remote->sa_family != ct.family ||
		    !ct_port(local) || !ct_port(remote))
			atomic_inc(&ct.bad_addr);
		if (inside >= 0) {
			struct wsk_sync sync;

			/* As another CPU could, before this call returns. */
			wsk_sync_init(&sync);
			ct.inside_status = wsk_inspect_complete(lc->sock, id, inside, &sync.req);
			ans = WSK_INSPECT_PEND;
		}
		atomic_inc(&ct.inspects);
	}
	wake_up(&lc->wq);
	return ans;
}

static wsk_status_t ct_abort(void *ctx, struct wsk_inspect_id *id)
{
	struct wt_ctx *lc = ctx;
	int n = atomic_read(&ct.aborts);

	if (n < CT_MAX_IDS)
		ct.aborted[n] = *id;
	atomic_inc(&ct.aborts);
	wake_up(&lc->wq);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static wsk_status_t ct_set(struct kunit *test, struct wsk_socket *sock, u32 val)
{
	struct wsk_sync sync;

	wsk_sync_init(&sync);
	return wt_wait_req(test, &sync, wsk_control_socket(sock, WSK_SET_OPTION,
							   SO_CONDITIONAL_ACCEPT, WSK_SOL_SOCKET,
							   sizeof(val), &val, 0, NULL, NULL,
							   &sync.req));
}

static wsk_status_t ct_complete(struct wsk_socket *sock, const struct wsk_inspect_id *id,
				int action)
{
	struct wsk_sync sync;
	wsk_status_t st;

	wsk_sync_init(&sync);
	st = wsk_inspect_complete(sock, id, action, &sync.req);
	/* Always inline: the request is complete when the call returns. */
	if (!completion_done(&sync.done))
		return WSK_ST(WSK_STATUS_MORE_PROCESSING_REQUIRED);
	return st == sync.req.status ? st : WSK_ST(WSK_STATUS_MORE_PROCESSING_REQUIRED);
}

/* The inspect id of an accepted connection, inline and without a request. */
static wsk_status_t ct_query_id(struct wsk_socket *sock, struct wsk_inspect_id *id)
{
	size_t returned = 0;
	wsk_status_t st;

	st = wsk_control_socket(sock, WSK_IOCTL, SIO_WSK_QUERY_INSPECT_ID, 0, 0, NULL,
				sizeof(*id), id, &returned, NULL);
	if (!st && returned != sizeof(*id))
		return WSK_ST(WSK_STATUS_MORE_PROCESSING_REQUIRED);
	return st;
}

static bool ct_same(const struct wsk_inspect_id *a, const struct wsk_inspect_id *b)
{
	return a->key == b->key && a->serial_number == b->serial_number;
}

static u16 ct_peer_port(struct kunit *test, struct socket *peer)
{
	struct sockaddr_storage ss;

	KUNIT_ASSERT_GT(test, kernel_getsockname(peer, (struct sockaddr *)&ss), 0);
	return ct_port((struct sockaddr *)&ss);
}

/*
 * A fresh ct, the listener's context in it (children of the accept event recorded), and a
 * listen dispatch table with the inspect and abort events.
 */
static struct wsk_client_listen_dispatch *ct_begin(struct kunit *test, int family, int answer)
{
	struct wsk_client_listen_dispatch *d;
	struct wt_ctx *lc = wt_ctx_new(test);

	memset(&ct, 0, sizeof(ct));
	ct.lc = lc;
	ct.answer = answer;
	ct.family = family;
	ct.decide_inside = -1;
	d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	d->accept_event = wt_listen_dispatch.accept_event;
	d->inspect_event = ct_inspect;
	d->abort_event = ct_abort;
	lc->children = kunit_kcalloc(test, WT_MAX_SOCKS, sizeof(*lc->children), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, lc->children);
	lc->child_ctx = wt_ctx_new(test);
	lc->child_dispatch = &wt_conn_dispatch;
	return d;
}

/* A conditional listener, bound on loopback, children of the accept event recorded. */
static struct wsk_socket *ct_listener(struct kunit *test, int family, int answer, u16 *port)
{
	struct wsk_client_listen_dispatch *d = ct_begin(test, family, answer);
	struct wt_ctx *lc = ct.lc;
	struct wsk_socket *sock;

	sock = wt_socket(test, family, SOCK_STREAM, WSK_FLAG_LISTEN_SOCKET, lc, d);
	lc->sock = sock;
	KUNIT_ASSERT_EQ(test, ct_set(test, sock, 1), 0);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, family), 0);
	*port = wt_local_port(test, sock);
	return sock;
}

static void cond_option_rules(struct kunit *test)
{
	struct wsk_inspect_id id = { .key = 1 }, out;
	struct wsk_socket *plain, *conn, *lsn;
	struct wsk_sync sync;
	size_t returned = 9;
	u32 v = 7;
	u16 port;

	/* Without an inspect event, the mode cannot be on. */
	plain = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_LISTEN_SOCKET, wt_ctx_new(test),
			  &wt_listen_dispatch);
	KUNIT_EXPECT_EQ(test, ct_set(test, plain, 1), WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, ct_set(test, plain, 0), 0);
	KUNIT_EXPECT_EQ(test, ct_complete(plain, &id, WSK_INSPECT_ACCEPT),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	/* A listener's option only. */
	conn = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_CONNECTION_SOCKET, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ct_set(test, conn, 1), WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
	KUNIT_EXPECT_EQ(test, ct_complete(conn, &id, WSK_INSPECT_ACCEPT),
			WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
	KUNIT_EXPECT_EQ(test, ct_query_id(conn, &out), WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));

	lsn = ct_listener(test, AF_INET, WSK_INSPECT_ACCEPT, &port);
	/* Read back; before the bind only; 0 and 1 only. */
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wt_wait_req(test, &sync,
					  wsk_control_socket(lsn, WSK_GET_OPTION,
							     SO_CONDITIONAL_ACCEPT,
							     WSK_SOL_SOCKET, 0, NULL, sizeof(v),
							     &v, NULL, &sync.req)), 0);
	KUNIT_EXPECT_EQ(test, v, 1);
	KUNIT_EXPECT_EQ(test, ct_set(test, lsn, 0), WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	KUNIT_EXPECT_EQ(test, ct_query_id(lsn, &out), WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
	KUNIT_EXPECT_EQ(test, wsk_control_socket(lsn, WSK_IOCTL, SIO_WSK_QUERY_INSPECT_ID, 0, 0,
						 NULL, 4, &out, &returned, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, returned, 0);
	/* Bad calls of WskInspectComplete. */
	KUNIT_EXPECT_EQ(test, wsk_inspect_complete(lsn, &id, WSK_INSPECT_ACCEPT, NULL),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, NULL, WSK_INSPECT_ACCEPT),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &id, WSK_INSPECT_PEND),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* Never given: no request has arrived yet. */
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &id, WSK_INSPECT_ACCEPT),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
}

/* Accepted at inspection: the accept event follows, with the id in the child. */
static void ct_accept(struct kunit *test, int family)
{
	struct wsk_socket *lsn, *child;
	struct wsk_inspect_id got;
	struct socket *peer;
	struct wt_ctx *lc;
	u16 port;

	lsn = ct_listener(test, family, WSK_INSPECT_ACCEPT, &port);
	lc = ct.lc;
	wt_enable(test, lsn, WSK_EVENT_ACCEPT);
	peer = wt_peer_connect(test, family, port);
	WT_WAIT(test, lc, atomic_read(&lc->accepts) == 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.inspects), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.bad_addr), 0);
	KUNIT_EXPECT_EQ(test, ct.peer_port[0], ct_peer_port(test, peer));
	KUNIT_EXPECT_EQ(test, ct.ids[0].key, 1);
	child = lc->children[0];
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_ASSERT_EQ(test, ct_query_id(child, &got), 0);
	KUNIT_EXPECT_TRUE(test, ct_same(&got, &ct.ids[0]));
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.aborts), 0);
}

static void cond_accept_ipv4(struct kunit *test)
{
	ct_accept(test, AF_INET);
}

static void cond_accept_ipv6(struct kunit *test)
{
	ct_accept(test, AF_INET6);
}

/* Rejected at inspection: the peer is reset, and nothing else tells of it. */
static void ct_reject(struct kunit *test, int family)
{
	struct wsk_socket *lsn;
	struct socket *peer;
	struct wt_ctx *lc;
	u8 buf[4];
	u16 port;
	int n;

	lsn = ct_listener(test, family, WSK_INSPECT_REJECT, &port);
	lc = ct.lc;
	wt_enable(test, lsn, WSK_EVENT_ACCEPT);
	n = wt_peer_try_connect(test, family, port, &peer);
	KUNIT_ASSERT_TRUE_MSG(test, n == 0 || n == -ECONNRESET, "connect: %d", n);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 1);
	if (!n)
		n = wt_peer_recv(peer, buf, sizeof(buf));
	KUNIT_EXPECT_EQ_MSG(test, n, -ECONNRESET, "peer read %d", n);
	KUNIT_EXPECT_EQ(test, atomic_read(&lc->accepts), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.aborts), 0);
}

static void cond_reject_ipv4(struct kunit *test)
{
	ct_reject(test, AF_INET);
}

static void cond_reject_ipv6(struct kunit *test)
{
	ct_reject(test, AF_INET6);
}

/*
 * Pended requests wait; accepted ones go in order. The first connection is pended, the
 * second accepted at once: the queued accept request gets the second. Accepting the first
 * later hands it to the accept event.
 */
static void ct_pend(struct kunit *test, int family)
{
	struct wsk_inspect_id got, bad;
	struct wsk_socket *lsn;
	struct wsk_sync sync;
	struct wt_ctx *lc;
	u16 port;

	lsn = ct_listener(test, family, WSK_INSPECT_PEND, &port);
	lc = ct.lc;
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_accept(lsn, 0, NULL, NULL, NULL, NULL, &sync.req),
			WSK_ST(WSK_STATUS_PENDING));
	wt_peer_connect(test, family, port);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 1);
	ct.answer = WSK_INSPECT_ACCEPT;
	wt_peer_connect(test, family, port);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync, 0), 0);
	wt_adopt(test, (struct wsk_socket *)sync.req.information);
	KUNIT_ASSERT_EQ(test, ct_query_id((struct wsk_socket *)sync.req.information, &got), 0);
	KUNIT_EXPECT_TRUE(test, ct_same(&got, &ct.ids[1]));
	KUNIT_EXPECT_EQ(test, ct.ids[1].key, 2);

	/* Ids this listener never gave. */
	bad = ct.ids[0];
	bad.serial_number++;
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &bad, WSK_INSPECT_ACCEPT),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	bad = ct.ids[0];
	bad.key = 1000;
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &bad, WSK_INSPECT_ACCEPT),
			WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	wt_enable(test, lsn, WSK_EVENT_ACCEPT);
	KUNIT_EXPECT_EQ(test, atomic_read(&lc->accepts), 0);
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &ct.ids[0], WSK_INSPECT_ACCEPT), 0);
	WT_WAIT(test, lc, atomic_read(&lc->accepts) == 1);
	KUNIT_ASSERT_EQ(test, ct_query_id(lc->children[0], &got), 0);
	KUNIT_EXPECT_TRUE(test, ct_same(&got, &ct.ids[0]));
	/* Decided already: no effect, success. */
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &ct.ids[0], WSK_INSPECT_REJECT), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.aborts), 0);
}

static void cond_pend_ipv4(struct kunit *test)
{
	ct_pend(test, AF_INET);
}

static void cond_pend_ipv6(struct kunit *test)
{
	ct_pend(test, AF_INET6);
}

/* A pended request rejected later: the peer is reset. */
static void cond_pend_then_reject(struct kunit *test)
{
	struct wsk_socket *lsn;
	struct socket *peer;
	struct wt_ctx *lc;
	u8 buf[4];
	u16 port;

	lsn = ct_listener(test, AF_INET, WSK_INSPECT_PEND, &port);
	lc = ct.lc;
	wt_enable(test, lsn, WSK_EVENT_ACCEPT);
	peer = wt_peer_connect(test, AF_INET, port);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 1);
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &ct.ids[0], WSK_INSPECT_REJECT), 0);
	/* The read blocks until the reset arrives (bounded by the peer's receive timeout). */
	KUNIT_EXPECT_EQ(test, wt_peer_recv(peer, buf, sizeof(buf)), -ECONNRESET);
	KUNIT_EXPECT_EQ(test, atomic_read(&lc->accepts), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.aborts), 0);
}

/*
 * The peer resets held requests, one pended and one accepted with no consumer: the abort
 * event tells of each; accepting the aborted one afterwards makes no connection.
 */
static void ct_abort_case(struct kunit *test, int family)
{
	struct socket *p1, *p2;
	struct wsk_socket *lsn;
	struct wt_ctx *lc;
	u16 port;

	lsn = ct_listener(test, family, WSK_INSPECT_PEND, &port);
	lc = ct.lc;
	p1 = wt_peer_connect(test, family, port);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 1);
	ct.answer = WSK_INSPECT_ACCEPT;
	p2 = wt_peer_connect(test, family, port);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 2);
	wt_peer_reset(test, p1);
	WT_WAIT(test, lc, atomic_read(&ct.aborts) == 1);
	KUNIT_EXPECT_TRUE(test, ct_same(&ct.aborted[0], &ct.ids[0]));
	wt_peer_reset(test, p2);
	WT_WAIT(test, lc, atomic_read(&ct.aborts) == 2);
	KUNIT_EXPECT_TRUE(test, ct_same(&ct.aborted[1], &ct.ids[1]));

	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &ct.ids[0], WSK_INSPECT_ACCEPT), 0);
	wt_enable(test, lsn, WSK_EVENT_ACCEPT);
	/* A third connection proves the listener still works, and is the only one accepted. */
	wt_peer_connect(test, family, port);
	WT_WAIT(test, lc, atomic_read(&lc->accepts) == 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.inspects), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.aborts), 2);
}

static void cond_abort_ipv4(struct kunit *test)
{
	ct_abort_case(test, AF_INET);
}

static void cond_abort_ipv6(struct kunit *test)
{
	ct_abort_case(test, AF_INET6);
}

/* A failed listener: the inspect event gets its NULL request once, then the accept event. */
static void cond_failed_listener_null_inspect(struct kunit *test)
{
	struct wsk_socket *lsn;
	struct wsk_sync sync;
	struct wt_ctx *lc;
	u16 port;

	lsn = ct_listener(test, AF_INET, WSK_INSPECT_PEND, &port);
	lc = ct.lc;
	wt_enable(test, lsn, WSK_EVENT_ACCEPT);
	wt_peer_connect(test, AF_INET, port);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 1);
	KUNIT_ASSERT_EQ(test, kernel_sock_shutdown(wsk_sock(lsn)->sock, SHUT_RDWR), 0);
	WT_WAIT(test, lc, atomic_read(&lc->null_accepts) == 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.null_inspects), 1);
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &ct.ids[0], WSK_INSPECT_ACCEPT),
			WSK_ST(WSK_STATUS_FILE_FORCED_CLOSED));
	wsk_sync_init(&sync);
	KUNIT_EXPECT_EQ(test, wsk_accept(lsn, 0, NULL, NULL, NULL, NULL, &sync.req),
			WSK_ST(WSK_STATUS_FILE_FORCED_CLOSED));
	wt_close(test, lsn);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.null_inspects), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.aborts), 0);
}

/*
 * At most the backlog is held: with net.core.somaxconn at 2, the third connection is
 * inspected only once a held one was decided. Closing the listener resets what it holds.
 */
static void cond_held_bounded_by_backlog(struct kunit *test)
{
	int saved = READ_ONCE(init_net.core.sysctl_somaxconn);
	struct socket *peers[4];
	struct wsk_socket *lsn;
	struct wt_ctx *lc;
	u8 buf[4];
	u16 port;
	int i;

	WRITE_ONCE(init_net.core.sysctl_somaxconn, 2);
	lsn = ct_listener(test, AF_INET, WSK_INSPECT_PEND, &port);
	WRITE_ONCE(init_net.core.sysctl_somaxconn, saved);
	lc = ct.lc;
	for (i = 0; i < 3; i++)
		peers[i] = wt_peer_connect(test, AF_INET, port);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 2);
	/* The third waits in the stack's queue until one of the two is decided. */
	KUNIT_EXPECT_EQ(test, ct_complete(lsn, &ct.ids[0], WSK_INSPECT_REJECT), 0);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 3);
	KUNIT_EXPECT_EQ(test, ct.peer_port[2], ct_peer_port(test, peers[2]));
	KUNIT_EXPECT_EQ(test, wt_peer_recv(peers[0], buf, sizeof(buf)), -ECONNRESET);
	/* Close: the held two are reset, with no abort event. */
	wt_close(test, lsn);
	KUNIT_EXPECT_EQ(test, wt_peer_recv(peers[1], buf, sizeof(buf)), -ECONNRESET);
	KUNIT_EXPECT_EQ(test, wt_peer_recv(peers[2], buf, sizeof(buf)), -ECONNRESET);
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.aborts), 0);
}

/* Decided before the inspect event even returned pend: the decision holds. */
static void cond_decided_before_pend_returns(struct kunit *test)
{
	struct wsk_socket *lsn;
	struct socket *peer;
	struct wt_ctx *lc;
	u8 buf[4];
	u16 port;
	int n;

	lsn = ct_listener(test, AF_INET, WSK_INSPECT_PEND, &port);
	lc = ct.lc;
	wt_enable(test, lsn, WSK_EVENT_ACCEPT);
	ct.decide_inside = WSK_INSPECT_ACCEPT;
	wt_peer_connect(test, AF_INET, port);
	WT_WAIT(test, lc, atomic_read(&lc->accepts) == 1);
	KUNIT_EXPECT_EQ(test, ct.inside_status, 0);
	ct.decide_inside = WSK_INSPECT_REJECT;
	/* The reset can come before the peer's connect() has returned (see ct_reject()). */
	n = wt_peer_try_connect(test, AF_INET, port, &peer);
	KUNIT_ASSERT_TRUE_MSG(test, n == 0 || n == -ECONNRESET, "connect: %d", n);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 2);
	if (!n)
		n = wt_peer_recv(peer, buf, sizeof(buf));
	KUNIT_EXPECT_EQ_MSG(test, n, -ECONNRESET, "peer read %d", n);
	KUNIT_EXPECT_EQ(test, ct.inside_status, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&lc->accepts), 1);
}

/*
 * A stream socket's conditional accept: set before the bind, with the inspect event of its
 * stream table's listen table, in effect once WskListen made it a listener. One that connects
 * instead drops the mode.
 */
static void cond_stream_socket(struct kunit *test)
{
	struct wsk_client_listen_dispatch *d = ct_begin(test, AF_INET, WSK_INSPECT_ACCEPT);
	struct wsk_client_stream_dispatch *sd, *plain;
	struct wt_ctx *lc = ct.lc;
	struct sockaddr_storage remote;
	struct wsk_socket *sock, *other;
	struct wsk_inspect_id out;
	struct socket *lsock;
	struct wsk_sync sync;
	u16 port;

	sd = kunit_kzalloc(test, sizeof(*sd), GFP_KERNEL);
	plain = kunit_kzalloc(test, sizeof(*plain), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, sd && plain);
	sd->listen = d;
	sd->connect = &wt_conn_dispatch;
	plain->listen = &wt_listen_dispatch;

	/* No inspect event in the listen table: the mode cannot be on. */
	other = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_STREAM_SOCKET, NULL, plain);
	KUNIT_EXPECT_EQ(test, ct_set(test, other, 1), WSK_ST(WSK_STATUS_INVALID_PARAMETER));

	sock = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_STREAM_SOCKET, lc, sd);
	lc->sock = sock;
	KUNIT_ASSERT_EQ(test, ct_set(test, sock, 1), 0);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, sock, AF_INET), 0);
	KUNIT_EXPECT_EQ(test, ct_set(test, sock, 0), WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));
	port = wt_local_port(test, sock);
	wsk_sync_init(&sync);
	KUNIT_ASSERT_EQ(test, wsk_listen(sock, &sync.req), 0);
	wt_enable(test, sock, WSK_EVENT_ACCEPT);
	wt_peer_connect(test, AF_INET, port);
	WT_WAIT(test, lc, atomic_read(&ct.inspects) == 1);
	WT_WAIT(test, lc, atomic_read(&lc->accepts) == 1);
	KUNIT_ASSERT_NOT_NULL(test, lc->child_ctx->sock);
	KUNIT_EXPECT_EQ(test, ct_query_id(lc->child_ctx->sock, &out), 0);
	KUNIT_EXPECT_TRUE(test, ct_same(&out, &ct.ids[0]));
	KUNIT_EXPECT_EQ(test, atomic_read(&ct.bad_addr), 0);

	/* A stream socket that connects instead: no mode, no inspect id, nothing leaked. */
	other = wt_socket(test, AF_INET, SOCK_STREAM, WSK_FLAG_STREAM_SOCKET, NULL, sd);
	KUNIT_ASSERT_EQ(test, ct_set(test, other, 1), 0);
	KUNIT_ASSERT_EQ(test, wt_bind_loopback(test, other, AF_INET), 0);
	lsock = wt_peer_listen(test, AF_INET, &port);
	wsk_sockaddr_loopback(&remote, AF_INET, port);
	wsk_sync_init(&sync);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync, wsk_connect(other,
								   (struct sockaddr *)&remote,
								   0, &sync.req)), 0);
	wt_peer_accept(test, lsock);
	KUNIT_EXPECT_FALSE(test, test_bit(WSK_S_COND_ACCEPT, &wsk_sock(other)->state));
	KUNIT_EXPECT_EQ(test, ct_query_id(other, &out), WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST));
}

static struct kunit_case cond_test_cases[] = {
	KUNIT_CASE(cond_option_rules),
	KUNIT_CASE(cond_accept_ipv4),
	KUNIT_CASE(cond_accept_ipv6),
	KUNIT_CASE(cond_reject_ipv4),
	KUNIT_CASE(cond_reject_ipv6),
	KUNIT_CASE(cond_pend_ipv4),
	KUNIT_CASE(cond_pend_ipv6),
	KUNIT_CASE(cond_pend_then_reject),
	KUNIT_CASE(cond_abort_ipv4),
	KUNIT_CASE(cond_abort_ipv6),
	KUNIT_CASE(cond_failed_listener_null_inspect),
	KUNIT_CASE(cond_held_bounded_by_backlog),
	KUNIT_CASE(cond_decided_before_pend_returns),
	KUNIT_CASE(cond_stream_socket),
	{}
};

struct kunit_suite wsk_cond_test_suite = {
	.name = "wsk_cond",
	.suite_init = wt_suite_init,
	.suite_exit = wt_suite_exit,
	.init = wt_init,
	.exit = wt_exit,
	.test_cases = cond_test_cases,
};
