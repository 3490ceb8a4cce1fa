// SPDX-License-Identifier: GPL-2.0
/*
 * Scaffolding shared by the wsk KUnit suites; see harness.h.
 */

#include "compat.h"
#include "harness.h"
#include "core.h"
#include "net.h"
#include "rx.h"

#include <linux/delay.h>
#include <linux/in.h>
#include <linux/iopoll.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/preempt.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uio.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>

static DEFINE_SPINLOCK(wt_registry_lock);

/* Whether wt_suite_init() brought the loopback device up (suites run one at a time). */
static bool wt_lo_raised;

/**
 * wt_suite_init() - bring the loopback device up for a suite, if it is down
 * @suite: the suite about to run
 *
 * The suites talk to themselves over 127.0.0.1 and ::1, which exist only while lo is up.
 * Built into the kernel, the suites run at boot, before user space could have brought it up;
 * a module may be loaded where nothing did. Raising lo adds both addresses and their routes
 * before dev_change_flags() returns, so the suite can start at once.
 *
 * Return: 0, or the error of bringing lo up (the suite then fails as a whole).
 */
int wt_suite_init(struct kunit_suite *suite)
{
	struct net_device *lo = init_net.loopback_dev;
	int err = 0;

	rtnl_lock();
	if (!(lo->flags & IFF_UP)) {
		err = dev_change_flags(lo, lo->flags | IFF_UP, NULL);
		wt_lo_raised = !err;
	}
	rtnl_unlock();
	if (err)
		pr_err("%s: cannot bring %s up: %d\n", suite->name, lo->name, err);
	return err;
}

/**
 * wt_suite_exit() - leave the loopback device as wt_suite_init() found it
 * @suite: the suite that ran
 */
void wt_suite_exit(struct kunit_suite *suite)
{
	struct net_device *lo = init_net.loopback_dev;

	if (!wt_lo_raised)
		return;
	rtnl_lock();
	dev_change_flags(lo, lo->flags & ~IFF_UP, NULL);
	rtnl_unlock();
	wt_lo_raised = false;
}

struct wt_env *wt_env(struct kunit *test)
{
	return test->priv;
}

int wt_init(struct kunit *test)
{
	struct wt_env *env;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	if (!env)
		return -ENOMEM;
	env->test = test;
	env->socks = kunit_kcalloc(test, WT_MAX_SOCKS, sizeof(*env->socks), GFP_KERNEL);
	env->peers = kunit_kcalloc(test, WT_MAX_SOCKS, sizeof(*env->peers), GFP_KERNEL);
	if (!env->socks || !env->peers)
		return -ENOMEM;
	if (wsk_register(&env->client, &init_net, env))
		return -ENOMEM;
	test->priv = env;
	return 0;
}

static void wt_close_now(struct wsk_socket *sock)
{
	struct wsk_sync sync;

	wsk_sync_init(&sync);
	wsk_close_socket(sock, &sync.req);
	/* Close always completes; a test that broke that hangs here, visibly. */
	wait_for_completion(&sync.done);
}

void wt_exit(struct kunit *test)
{
	struct wt_env *env = test->priv;
	int i;

	if (!env)
		return;
	for (i = 0; i < env->nr_socks; i++)
		if (env->socks[i])
			wt_close_now(env->socks[i]);
	for (i = 0; i < env->nr_peers; i++)
		if (env->peers[i])
			sock_release(env->peers[i]);
	if (env->client)
		wsk_deregister(env->client);
	if (env->client2)
		wsk_deregister(env->client2);
	test->priv = NULL;
}

void wt_adopt(struct kunit *test, struct wsk_socket *sock)
{
	struct wt_env *env = wt_env(test);

	spin_lock_bh(&wt_registry_lock);
	if (env->nr_socks < WT_MAX_SOCKS)
		env->socks[env->nr_socks++] = sock;
	spin_unlock_bh(&wt_registry_lock);
}

void wt_forget(struct kunit *test, struct wsk_socket *sock)
{
	struct wt_env *env = wt_env(test);
	int i;

	spin_lock_bh(&wt_registry_lock);
	for (i = 0; i < env->nr_socks; i++)
		if (env->socks[i] == sock)
			env->socks[i] = NULL;
	spin_unlock_bh(&wt_registry_lock);
}

void wt_close(struct kunit *test, struct wsk_socket *sock)
{
	wt_forget(test, sock);
	wt_close_now(sock);
}

static void wt_adopt_peer(struct kunit *test, struct socket *peer)
{
	struct wt_env *env = wt_env(test);

	peer->sk->sk_rcvtimeo = WT_TIMEOUT;
	peer->sk->sk_sndtimeo = WT_TIMEOUT;
	if (env->nr_peers < WT_MAX_SOCKS)
		env->peers[env->nr_peers++] = peer;
}

static void wt_forget_peer(struct kunit *test, struct socket *peer)
{
	struct wt_env *env = wt_env(test);
	int i;

	for (i = 0; i < env->nr_peers; i++)
		if (env->peers[i] == peer)
			env->peers[i] = NULL;
}

struct wt_ctx *wt_ctx_new(struct kunit *test)
{
	struct wt_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->test = test;
	init_waitqueue_head(&c->wq);
	init_completion(&c->entered);
	init_completion(&c->release);
	wsk_sync_init(&c->inside);
	c->recv_status = WSK_ST(WSK_STATUS_SUCCESS);
	c->accept_status = WSK_ST(WSK_STATUS_SUCCESS);
	c->accept_bytes = SIZE_MAX;
	c->answer_once = -1;
	return c;
}

void wt_fill_pattern(u8 *buf, size_t len, size_t start)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = wt_pattern(start + i);
}

/* Bookkeeping common to every callback: overlap, context truthfulness. */
static void wt_enter(struct wt_ctx *c, u32 flags)
{
	if (atomic_inc_return(&c->active) > 1)
		atomic_inc(&c->overlaps);
	if (flags & WSK_FLAG_AT_DISPATCH_LEVEL) {
		atomic_inc(&c->dispatch_calls);
		if (!in_softirq())
			atomic_inc(&c->bad_context);
	} else {
		if (!in_task() || in_softirq() || irqs_disabled())
			atomic_inc(&c->bad_context);
		/* Without the flag a callback may sleep: the debug kernels check that it can. */
		might_sleep();
	}
	c->last_flags = flags;
}

static void wt_leave(struct wt_ctx *c)
{
	atomic_dec(&c->active);
	wake_up_all(&c->wq);
}

/* Optionally block in the callback (process context only) until the test lets go. */
static void wt_maybe_hold(struct wt_ctx *c)
{
	if (!c->hold)
		return;
	complete(&c->entered);
	wait_for_completion_timeout(&c->release, c->hold_timeout ?: WT_TIMEOUT);
}

/* answer_once < 0: always recv_status; N > 0: recv_status N more times, then success. */
static wsk_status_t wt_answer(struct wt_ctx *c)
{
	if (c->answer_once < 0)
		return c->recv_status;
	if (!c->answer_once)
		return WSK_ST(WSK_STATUS_SUCCESS);
	c->answer_once--;
	return c->recv_status;
}

static void wt_copy(struct wt_ctx *c, const struct wsk_buf *buf, size_t len)
{
	if (c->bytes < WT_DATA_MAX)
		wsk_buf_copy_from(c->data + c->bytes, buf, 0,
				  min(len, (size_t)WT_DATA_MAX - c->bytes));
	c->bytes += len;
}

static void wt_disable_inside(struct wt_ctx *c, u32 event)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = event | WSK_EVENT_DISABLE,
	};

	if (!c->disable_inside)
		return;
	c->inside_status = wsk_control_socket(c->sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK,
					      WSK_SOL_SOCKET, sizeof(ctl), &ctl, 0, NULL, NULL,
					      c->disable_inside == 2 ? &c->inside.req : NULL);
	c->disable_inside = 0;
}

/* Set a context up for any_context_ops: the reply's buffer ("reply") and request. */
int wt_any_context_prepare(struct wt_ctx *c)
{
	void *reply = kunit_kmalloc(c->test, 5, GFP_KERNEL);

	if (!reply)
		return -ENOMEM;
	memcpy(reply, "reply", 5);
	wsk_sync_init(&c->reply);
	c->any_context_ops = true;
	return wsk_buf_init_kernel(&c->reply_buf, &c->reply_bv, 1, reply, 5);
}

/* The address queries complete before they return: nothing to do on completion. */
static void wt_nop_complete(struct wsk_request *req)
{
}

/* The "any context" operations, from inside a callback (review finding 5). */
static void wt_any_context_ops(struct wt_ctx *c)
{
	struct sockaddr_storage local, remote;
	struct wsk_request req;

	if (!c->any_context_ops)
		return;
	c->any_context_ops = false;
	wsk_request_init(&req, wt_nop_complete, NULL);
	if (!wsk_get_local_address(c->sock, &local, &req) && req.information &&
	    wsk_sockaddr_port(&local))
		atomic_inc(&c->any_context_ok);
	wsk_request_init(&req, wt_nop_complete, NULL);
	if (!wsk_get_remote_address(c->sock, &remote, &req) && req.information &&
	    wsk_sockaddr_port(&remote) && local.ss_family == remote.ss_family)
		atomic_inc(&c->any_context_ok);
	c->reply_returned = wsk_send(c->sock, &c->reply_buf, WSK_FLAG_NODELAY, &c->reply.req);
}

static wsk_status_t wt_receive_event(void *ctx, u32 flags, struct wsk_data_indication *ind,
				     size_t indicated, size_t *accepted)
{
	struct wt_ctx *c = ctx;
	struct wsk_data_indication *p;
	wsk_status_t st;
	size_t n, left;

	wt_enter(c, flags);
	if (!ind) {
		atomic_inc(&c->null_receives);
		wt_leave(c);
		return WSK_ST(WSK_STATUS_SUCCESS);
	}
	c->last_indicated = indicated;
	wt_maybe_hold(c);
	wt_disable_inside(c, WSK_EVENT_RECEIVE);
	wt_any_context_ops(c);
	if (c->disconnect_inside) {
		c->disconnect_inside = false;
		c->disc_returned = wsk_disconnect(c->sock, NULL, WSK_FLAG_ABORTIVE, &c->disc.req);
		mdelay(c->delay_inside_ms);
	}
	st = wt_answer(c);
	if (st == WSK_ST(WSK_STATUS_SUCCESS) || st == WSK_ST(WSK_STATUS_PENDING)) {
		n = indicated;
		if (st == WSK_ST(WSK_STATUS_SUCCESS) && c->accept_bytes != SIZE_MAX) {
			n = min(c->accept_bytes, indicated);
			*accepted = n;
		}
		for (p = ind, left = n; p && left; p = p->next) {
			size_t l = min(left, p->buffer.length);

			wt_copy(c, &p->buffer, l);
			left -= l;
		}
		if (st == WSK_ST(WSK_STATUS_PENDING) && c->release_inside) {
			if (wsk_release(c->sock, ind))
				atomic_inc(&c->release_failures);
		} else if (st == WSK_ST(WSK_STATUS_PENDING) &&
			   c->nr_retained < ARRAY_SIZE(c->retained)) {
			c->retained[c->nr_retained++] = ind;
		}
	}
	atomic_inc(&c->receives);
	if (atomic_read(&c->disconnects))
		atomic_inc(&c->late_receives);
	wt_leave(c);
	return st;
}

static wsk_status_t wt_disconnect_event(void *ctx, u32 flags)
{
	struct wt_ctx *c = ctx;

	wt_enter(c, flags);
	if (flags & WSK_FLAG_ABORTIVE) {
		atomic_inc(&c->aborts);
	} else {
		c->bytes_at_disconnect = c->bytes;
		atomic_inc(&c->disconnects);
	}
	wt_leave(c);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static wsk_status_t wt_send_backlog_event(void *ctx, size_t ideal)
{
	struct wt_ctx *c = ctx;

	c->last_backlog = ideal;
	atomic_inc(&c->backlogs);
	wake_up_all(&c->wq);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

const struct wsk_client_connection_dispatch wt_conn_dispatch = {
	.receive_event = wt_receive_event,
	.disconnect_event = wt_disconnect_event,
	.send_backlog_event = wt_send_backlog_event,
};

/*
 * The accept callback of a process-context listener closed its child: wait for the close to
 * complete and then until at most one reference is left (queued kicks and the close's own
 * put drain quickly). On a provider that kept no reference of its own the count reaches 0
 * and the child is being freed under the callback.
 */
static void wt_close_inside_wait(struct wt_ctx *c, struct wsk_socket *asock)
{
	struct kref *ref = &wsk_sock(asock)->ref;
	unsigned int refs;

	/* The wait consumes the completion: the test reads the request's status. */
	if (!wait_for_completion_timeout(&c->close_sync.done, WT_TIMEOUT))
		return;
	read_poll_timeout(kref_read, refs, refs <= 1, 100, jiffies_to_usecs(WT_TIMEOUT), false,
			  ref);
	c->refs_after_close = refs;
}

static wsk_status_t wt_accept_event(void *ctx, u32 flags, struct sockaddr *local,
				    struct sockaddr *remote, struct wsk_socket *asock,
				    void **actx,
				    const struct wsk_client_connection_dispatch **adisp)
{
	struct wt_ctx *c = ctx;
	wsk_status_t st = c->accept_status;
	int i;

	wt_enter(c, flags);
	if (!asock) {
		atomic_inc(&c->null_accepts);
		wt_leave(c);
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	}
	if (!local || !remote || local->sa_family != remote->sa_family)
		atomic_inc(&c->bad_context);
	wt_maybe_hold(c);
	wt_disable_inside(c, WSK_EVENT_ACCEPT);
	if (c->close_inside) {
		/* The test waits for the close; the socket is never the harness's to close. */
		c->close_returned = wsk_close_socket(asock, &c->close_sync.req);
		if (c->close_inside_wait)
			wt_close_inside_wait(c, asock);
	} else if (st == WSK_ST(WSK_STATUS_SUCCESS)) {
		*actx = c->child_ctx;
		*adisp = c->child_dispatch;
		if (c->child_ctx)
			c->child_ctx->sock = asock;
		i = atomic_read(&c->nr_children);
		if (c->children && i < WT_MAX_SOCKS)
			c->children[i] = asock;
		atomic_inc(&c->nr_children);
		wt_adopt(c->test, asock);
	}
	atomic_inc(&c->accepts);
	wt_leave(c);
	return st;
}

const struct wsk_client_listen_dispatch wt_listen_dispatch = {
	.accept_event = wt_accept_event,
};

static wsk_status_t wt_receive_from_event(void *ctx, u32 flags,
					  struct wsk_datagram_indication *ind)
{
	struct wt_ctx *c = ctx;
	struct wsk_datagram_indication *d;
	wsk_status_t st;

	wt_enter(c, flags);
	if (!ind) {
		atomic_inc(&c->null_receives);
		wt_leave(c);
		return WSK_ST(WSK_STATUS_SUCCESS);
	}
	wt_maybe_hold(c);
	for (d = ind; d && c->spin_us; d = d->next)
		udelay(c->spin_us);
	wt_disable_inside(c, WSK_EVENT_RECEIVE_FROM);
	st = wt_answer(c);
	if (st != WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED)) {
		for (d = ind; d; d = d->next) {
			if (!d->remote_address)
				atomic_inc(&c->bad_context);
			wt_copy(c, &d->buffer, d->buffer.length);
			atomic_inc(&c->datagrams);
		}
		if (st == WSK_ST(WSK_STATUS_PENDING) && c->nr_retained < ARRAY_SIZE(c->retained))
			c->retained[c->nr_retained++] = ind;
	}
	atomic_inc(&c->recvfroms);
	wt_leave(c);
	return st;
}

const struct wsk_client_datagram_dispatch wt_dgram_dispatch = {
	.receive_from_event = wt_receive_from_event,
};

static bool wt_event_idle(struct wsk_sock *ws, enum wsk_ev ev)
{
	bool idle;

	spin_lock_bh(&ws->lock);
	idle = !ws->ev_inflight[ev];
	spin_unlock_bh(&ws->lock);
	return idle;
}

bool wt_wait_callback_returned(struct wsk_socket *sock, u32 event)
{
	static const u32 flag[WSK_EV_COUNT] = {
		[WSK_EV_ACCEPT] = WSK_EVENT_ACCEPT,
		[WSK_EV_RECEIVE] = WSK_EVENT_RECEIVE,
		[WSK_EV_RECEIVE_FROM] = WSK_EVENT_RECEIVE_FROM,
		[WSK_EV_DISCONNECT] = WSK_EVENT_DISCONNECT,
		[WSK_EV_SEND_BACKLOG] = WSK_EVENT_SEND_BACKLOG,
	};
	struct wsk_sock *ws = wsk_sock(sock);
	enum wsk_ev ev;

	for (ev = 0; ev < WSK_EV_COUNT && flag[ev] != event; ev++)
		;
	if (ev == WSK_EV_COUNT)
		return false;
	/* wsk_event_end() wakes idle_wait when the last call of an event returns. */
	return wait_event_timeout(ws->idle_wait, wt_event_idle(ws, ev), WT_TIMEOUT) > 0;
}

static const void *wt_rx_head(const struct wsk_rx_block *blk)
{
	return blk->dg ? (const void *)&blk->dg->ind[0] : (const void *)&blk->ind;
}

bool wt_rx_block_kept(struct wsk_socket *sock, const void *list)
{
	struct wsk_sock *ws = wsk_sock(sock);
	struct wsk_rx_block *blk;
	bool kept = false;

	spin_lock_bh(&ws->lock);
	list_for_each_entry(blk, &ws->rx_free, node)
		kept |= wt_rx_head(blk) == list;
	spin_unlock_bh(&ws->lock);
	/* The socket's own block changes only while data is indicated, and none is now. */
	blk = READ_ONCE(ws->rx_block);
	return kept || (blk && wt_rx_head(blk) == list);
}

bool wt_wait_queued(struct wsk_socket *sock, size_t bytes)
{
	struct sock *sk = wsk_sock(sock)->sock->sk;
	unsigned long end = jiffies + WT_TIMEOUT;

	/* Nothing signals "data queued but not indicated": poll the queue, bounded. */
	while (tcp_inq(sk) < bytes) {
		if (time_after(jiffies, end))
			return false;
		schedule_timeout_uninterruptible(1);
	}
	return true;
}

wsk_status_t wt_wait_req(struct kunit *test, struct wsk_sync *sync, wsk_status_t returned)
{
	KUNIT_ASSERT_GT_MSG(test, wait_for_completion_timeout(&sync->done, WT_TIMEOUT), 0,
			    "request did not complete (returned %s)", wsk_status_name(returned));
	return sync->req.status;
}

/* A second registered client, deregistered by wt_exit() after every socket is closed. */
struct wsk_client *wt_client2(struct kunit *test)
{
	struct wt_env *env = wt_env(test);

	if (!env->client2)
		KUNIT_ASSERT_EQ(test, wsk_register(&env->client2, &init_net, env), 0);
	return env->client2;
}

struct wsk_socket *wt_socket(struct kunit *test, int family, int type, u32 flags,
			     void *ctx, const void *dispatch)
{
	return wt_socket_of(test, wt_env(test)->client, family, type, flags, ctx, dispatch);
}

struct wsk_socket *wt_socket_of(struct kunit *test, struct wsk_client *client, int family,
				int type, u32 flags, void *ctx, const void *dispatch)
{
	struct wsk_sync sync;
	wsk_status_t st;

	wsk_sync_init(&sync);
	st = wt_wait_req(test, &sync, wsk_socket(client, family, type, 0, flags,
						 ctx, dispatch, &sync.req));
	KUNIT_ASSERT_EQ_MSG(test, st, 0, "wsk_socket: %s", wsk_status_name(st));
	wt_adopt(test, (struct wsk_socket *)sync.req.information);
	return (struct wsk_socket *)sync.req.information;
}

wsk_status_t wt_bind_loopback(struct kunit *test, struct wsk_socket *sock, int family)
{
	struct sockaddr_storage ss;
	struct wsk_sync sync;

	wsk_sockaddr_loopback(&ss, family, 0);
	wsk_sync_init(&sync);
	return wt_wait_req(test, &sync, wsk_bind(sock, (struct sockaddr *)&ss, 0, &sync.req));
}

u16 wt_local_port(struct kunit *test, struct wsk_socket *sock)
{
	struct sockaddr_storage ss;
	struct wsk_sync sync;

	wsk_sync_init(&sync);
	KUNIT_ASSERT_EQ(test, wt_wait_req(test, &sync,
					  wsk_get_local_address(sock, &ss, &sync.req)), 0);
	return wsk_sockaddr_port(&ss);
}

wsk_status_t wt_control(struct wsk_socket *sock, u32 mask, struct wsk_request *req)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = mask,
	};

	return wsk_control_socket(sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK, WSK_SOL_SOCKET,
				  sizeof(ctl), &ctl, 0, NULL, NULL, req);
}

wsk_status_t wt_enable(struct kunit *test, struct wsk_socket *sock, u32 mask)
{
	wsk_status_t st = wt_control(sock, mask, NULL);

	KUNIT_EXPECT_EQ_MSG(test, st, 0, "enable %#x: %s", mask, wsk_status_name(st));
	return st;
}

static struct socket *wt_peer_socket(struct kunit *test, int family, int type)
{
	struct socket *sock = NULL;

	KUNIT_ASSERT_EQ(test, wsk_net_sock_create(&init_net, family, type, 0, &sock), 0);
	/* A peer that waits does so within the tests' time limit, never for ever. */
	sock->sk->sk_rcvtimeo = WT_TIMEOUT;
	sock->sk->sk_sndtimeo = WT_TIMEOUT;
	wt_adopt_peer(test, sock);
	return sock;
}

static void wt_peer_bind(struct kunit *test, struct socket *sock, int family, u16 *port)
{
	struct sockaddr_storage ss;

	wsk_sockaddr_loopback(&ss, family, 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(sock, (struct sockaddr *)&ss,
					  wsk_sockaddr_len((struct sockaddr *)&ss, sizeof(ss))), 0);
	KUNIT_ASSERT_GT(test, kernel_getsockname(sock, (struct sockaddr *)&ss), 0);
	*port = wsk_sockaddr_port(&ss);
}

struct socket *wt_peer_listen(struct kunit *test, int family, u16 *port)
{
	struct socket *sock = wt_peer_socket(test, family, SOCK_STREAM);

	wt_peer_bind(test, sock, family, port);
	KUNIT_ASSERT_EQ(test, kernel_listen(sock, 64), 0);
	return sock;
}

struct socket *wt_peer_accept(struct kunit *test, struct socket *lsock)
{
	struct socket *sock = NULL;

	KUNIT_ASSERT_EQ(test, kernel_accept(lsock, &sock, 0), 0);
	wt_adopt_peer(test, sock);
	return sock;
}

int wt_peer_try_connect(struct kunit *test, int family, u16 port, struct socket **peer)
{
	struct socket *sock = wt_peer_socket(test, family, SOCK_STREAM);
	struct sockaddr_storage ss;

	*peer = sock;
	wsk_sockaddr_loopback(&ss, family, port);
	return kernel_connect(sock, (struct sockaddr *)&ss,
			      wsk_sockaddr_len((struct sockaddr *)&ss, sizeof(ss)), 0);
}

struct socket *wt_peer_connect(struct kunit *test, int family, u16 port)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, wt_peer_try_connect(test, family, port, &sock), 0);
	return sock;
}

struct socket *wt_peer_udp(struct kunit *test, int family, u16 *port)
{
	struct socket *sock = wt_peer_socket(test, family, SOCK_DGRAM);

	wt_peer_bind(test, sock, family, port);
	return sock;
}

void wt_peer_send(struct kunit *test, struct socket *peer, const void *buf, size_t len)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = {};

	KUNIT_ASSERT_EQ(test, kernel_sendmsg(peer, &msg, &iov, 1, len), (int)len);
}

/* Send LEN bytes with MSG_OOB: TCP marks the last one urgent. */
void wt_peer_send_oob(struct kunit *test, struct socket *peer, const void *buf, size_t len)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_OOB };

	KUNIT_ASSERT_EQ(test, kernel_sendmsg(peer, &msg, &iov, 1, len), (int)len);
}

void wt_peer_sendto(struct kunit *test, struct socket *peer, int family, u16 port,
		    const void *buf, size_t len)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct sockaddr_storage ss;
	struct msghdr msg = {};

	wsk_sockaddr_loopback(&ss, family, port);
	msg.msg_name = &ss;
	msg.msg_namelen = wsk_sockaddr_len((struct sockaddr *)&ss, sizeof(ss));
	KUNIT_ASSERT_EQ(test, kernel_sendmsg(peer, &msg, &iov, 1, len), (int)len);
}

int wt_peer_recv(struct socket *peer, void *buf, size_t len)
{
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {};

	return kernel_recvmsg(peer, &msg, &iov, 1, len, MSG_WAITALL);
}

/* Close with linger 0: the other side sees RST. */
void wt_peer_reset(struct kunit *test, struct socket *peer)
{
	sock_no_linger(peer->sk);
	wt_peer_close(test, peer);
}

void wt_peer_close(struct kunit *test, struct socket *peer)
{
	wt_forget_peer(test, peer);
	sock_release(peer);
}

struct wsk_socket *wt_connect_pair(struct kunit *test, int family, u32 flags,
				   struct wt_ctx *ctx, struct socket **peer)
{
	struct sockaddr_storage local, remote;
	struct wsk_socket *sock;
	struct socket *lsock;
	struct wsk_sync sync;
	wsk_status_t st;
	u16 port;

	lsock = wt_peer_listen(test, family, &port);
	wsk_sockaddr_loopback(&local, family, 0);
	wsk_sockaddr_loopback(&remote, family, port);
	wsk_sync_init(&sync);
	st = wt_wait_req(test, &sync,
			 wsk_socket_connect(wt_env(test)->client, SOCK_STREAM, 0,
					    (struct sockaddr *)&local, (struct sockaddr *)&remote,
					    flags, ctx, &wt_conn_dispatch, &sync.req));
	KUNIT_ASSERT_EQ_MSG(test, st, 0, "wsk_socket_connect: %s", wsk_status_name(st));
	sock = (struct wsk_socket *)sync.req.information;
	wt_adopt(test, sock);
	if (ctx)
		ctx->sock = sock;
	*peer = wt_peer_accept(test, lsock);
	wt_peer_close(test, lsock);
	return sock;
}
