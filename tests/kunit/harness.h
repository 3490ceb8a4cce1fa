/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared scaffolding of the wsk KUnit suites: a registered test client, loopback peers made of
 * plain kernel sockets, and a recording client ("wt_ctx") whose callbacks count, copy, and
 * answer as each test tells them to.
 *
 * Everything a test creates is registered in its wt_env, and the suites' exit hook closes
 * whatever is left, so that a failed assertion leaks nothing and never leaves a hooked socket
 * behind when the module goes away.
 */
#ifndef _WSK_KUNIT_HARNESS_H
#define _WSK_KUNIT_HARNESS_H

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/wait.h>
#include <wsk/wsk.h>

/* Every wait in the suites is bounded. */
#define WT_TIMEOUT	(10 * HZ)
#define WT_MAX_SOCKS	2200
#define WT_DATA_MAX	8192

struct wt_ctx {
	struct kunit *test;
	struct wsk_socket *sock;
	wait_queue_head_t wq;

	/* What happened. */
	atomic_t receives;
	atomic_t null_receives;
	atomic_t disconnects;
	atomic_t late_receives;		/* receive calls after the graceful disconnect event */
	atomic_t aborts;
	atomic_t backlogs;
	atomic_t accepts;
	atomic_t null_accepts;
	atomic_t recvfroms;
	atomic_t datagrams;
	atomic_t active;		/* callbacks running now */
	atomic_t overlaps;		/* a callback started while another ran */
	atomic_t bad_context;		/* WSK_FLAG_AT_DISPATCH_LEVEL told a lie */
	atomic_t dispatch_calls;	/* calls with WSK_FLAG_AT_DISPATCH_LEVEL */
	u32 last_flags;
	size_t last_backlog;
	size_t bytes;			/* bytes consumed from indications */
	size_t bytes_at_disconnect;	/* bytes when the graceful disconnect event came */
	size_t last_indicated;
	u8 data[WT_DATA_MAX];		/* the first bytes consumed, in order */

	/* How to answer. */
	wsk_status_t recv_status;	/* returned by the receive(-from) callback */
	size_t accept_bytes;		/* written to *bytes_accepted unless SIZE_MAX */
	int answer_once;		/* < 0: always recv_status; N > 0: N times, then success */
	bool hold;			/* block in the callback until released */
	unsigned long hold_timeout;	/* at most this long (jiffies; 0: WT_TIMEOUT) */
	struct completion entered;
	struct completion release;
	int disable_inside;		/* disable own event inside: 1 without, 2 with request */
	wsk_status_t inside_status;
	struct wsk_sync inside;		/* the request of disable_inside == 2 */
	wsk_status_t accept_status;	/* returned by the accept callback */
	const struct wsk_client_connection_dispatch *child_dispatch;
	struct wt_ctx *child_ctx;	/* context for children of the accept event */
	struct wsk_socket **children;	/* listeners: WT_MAX_SOCKS entries */
	atomic_t nr_children;

	/*
	 * Inside the first receive callback: query both addresses and send a reply with
	 * WSK_FLAG_NODELAY, operations the API allows in any context.
	 */
	bool any_context_ops;
	atomic_t any_context_ok;	/* address queries that succeeded with a right address */
	struct wsk_sync reply;		/* the reply's send request */
	wsk_status_t reply_returned;
	struct wsk_buf reply_buf;
	struct bio_vec reply_bv;

	/*
	 * Inside the first receive callback, after disable_inside: an abortive disconnect, then
	 * a busy wait of delay_inside_ms, so that the work item runs while the call is still
	 * in progress.
	 */
	bool disconnect_inside;
	unsigned int delay_inside_ms;
	struct wsk_sync disc;
	wsk_status_t disc_returned;

	unsigned int spin_us;		/* busy wait per datagram in receive-from calls */

	/* Close the accepted socket inside the accept callback, then return success. */
	bool close_inside;
	struct wsk_sync close_sync;	/* that close's request */
	wsk_status_t close_returned;
	/*
	 * With close_inside, in process context: wait there for the close to complete and for
	 * every reference but one to go, and record the child's reference count in
	 * refs_after_close (the provider's own reference is the one left, review finding 6).
	 */
	bool close_inside_wait;
	unsigned int refs_after_close;

	/* Release a retained list before even returning STATUS_PENDING (another CPU could). */
	bool release_inside;
	atomic_t release_failures;

	/* Retained lists, released by the test. */
	void *retained[4096];
	int nr_retained;
};

struct wt_env {
	struct kunit *test;
	struct wsk_client *client;
	struct wsk_client *client2;	/* a second client, for tests that need one */
	struct wsk_socket **socks;
	int nr_socks;
	struct socket **peers;
	int nr_peers;
};

extern const struct wsk_client_connection_dispatch wt_conn_dispatch;
extern const struct wsk_client_listen_dispatch wt_listen_dispatch;
extern const struct wsk_client_datagram_dispatch wt_dgram_dispatch;

int wt_suite_init(struct kunit_suite *suite);
void wt_suite_exit(struct kunit_suite *suite);
int wt_init(struct kunit *test);
void wt_exit(struct kunit *test);
struct wt_env *wt_env(struct kunit *test);
struct wt_ctx *wt_ctx_new(struct kunit *test);

/* Synchronous wrappers: run an operation and wait (bounded) for its request. */
wsk_status_t wt_wait_req(struct kunit *test, struct wsk_sync *sync, wsk_status_t returned);
struct wsk_socket *wt_socket(struct kunit *test, int family, int type, u32 flags,
			     void *ctx, const void *dispatch);
struct wsk_socket *wt_socket_of(struct kunit *test, struct wsk_client *client, int family,
				int type, u32 flags, void *ctx, const void *dispatch);
struct wsk_client *wt_client2(struct kunit *test);
wsk_status_t wt_bind_loopback(struct kunit *test, struct wsk_socket *sock, int family);
u16 wt_local_port(struct kunit *test, struct wsk_socket *sock);
wsk_status_t wt_control(struct wsk_socket *sock, u32 mask, struct wsk_request *req);
wsk_status_t wt_enable(struct kunit *test, struct wsk_socket *sock, u32 mask);
void wt_close(struct kunit *test, struct wsk_socket *sock);
void wt_forget(struct kunit *test, struct wsk_socket *sock);
void wt_adopt(struct kunit *test, struct wsk_socket *sock);

/* Peers: plain kernel sockets with bounded blocking calls. */
struct socket *wt_peer_listen(struct kunit *test, int family, u16 *port);
struct socket *wt_peer_accept(struct kunit *test, struct socket *lsock);
struct socket *wt_peer_connect(struct kunit *test, int family, u16 port);
int wt_peer_try_connect(struct kunit *test, int family, u16 port, struct socket **peer);
struct socket *wt_peer_udp(struct kunit *test, int family, u16 *port);
void wt_peer_send(struct kunit *test, struct socket *peer, const void *buf, size_t len);
int wt_any_context_prepare(struct wt_ctx *c);
void wt_peer_send_oob(struct kunit *test, struct socket *peer, const void *buf, size_t len);
void wt_peer_sendto(struct kunit *test, struct socket *peer, int family, u16 port,
		    const void *buf, size_t len);
int wt_peer_recv(struct socket *peer, void *buf, size_t len);
void wt_peer_reset(struct kunit *test, struct socket *peer);
void wt_peer_close(struct kunit *test, struct socket *peer);

/* A connected pair: a wsk connection socket and its peer. */
struct wsk_socket *wt_connect_pair(struct kunit *test, int family, u32 flags,
				   struct wt_ctx *ctx, struct socket **peer);

/*
 * Wait (bounded) until no call of one event's callback (WSK_EVENT_* flag) is in progress on
 * the socket: the callback has returned to wsk, not only recorded what it saw.
 */
bool wt_wait_callback_returned(struct wsk_socket *sock, u32 event);

/*
 * Whether the block of a released indication list was kept for reuse: it is on the socket's
 * list of released blocks, or already the socket's own block again.
 */
bool wt_rx_block_kept(struct wsk_socket *sock, const void *list);

/* Wait (bounded) until the socket has at least @bytes queued for reading. */
bool wt_wait_queued(struct wsk_socket *sock, size_t bytes);

/* A byte pattern that tells where in a stream a byte came from. */
static inline u8 wt_pattern(size_t pos)
{
	return (u8)(pos * 7 + (pos >> 8));
}

void wt_fill_pattern(u8 *buf, size_t len, size_t start);

/* Wait for a condition on a context, bounded; fails the test on timeout. */
#define WT_WAIT(test, ctx, cond)						\
	KUNIT_ASSERT_TRUE_MSG(test,						\
		wait_event_timeout((ctx)->wq, (cond), WT_TIMEOUT) > 0,		\
		"timed out waiting for: %s", #cond)

#endif /* _WSK_KUNIT_HARNESS_H */
