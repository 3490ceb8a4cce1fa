/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal state of wsk clients and sockets, shared by the files of the module.
 *
 * Locking, outermost first:
 *   client->lock (mutex)	the client's socket list and static callbacks
 *   lock_sock(sk)		the Linux socket; held by the socket's work item while it runs
 *				requests, and by the stack around TCP's socket callbacks
 *   sk->sk_callback_lock	the hooked callbacks and sk_user_data (write side only to
 *				install and restore; callbacks read sk_user_data under the read
 *				side)
 *   ws->lock (spinlock, BH)	request queues, event state and flags of one wsk socket
 *
 * No callback into the client is made with ws->lock held, so a client may call back into
 * wsk from its callbacks and completion functions.
 */
#ifndef _WSK_CORE_H
#define _WSK_CORE_H

#include <wsk/wsk.h>

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

struct socket;
struct sock;

/* Events, as indices. */
enum wsk_ev {
	WSK_EV_ACCEPT,
	WSK_EV_RECEIVE,
	WSK_EV_RECEIVE_FROM,
	WSK_EV_DISCONNECT,
	WSK_EV_SEND_BACKLOG,
	WSK_EV_COUNT
};

#define WSK_EVENT_ALL		(WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE | \
				 WSK_EVENT_RECEIVE_FROM | WSK_EVENT_DISCONNECT | \
				 WSK_EVENT_SEND_BACKLOG)
#define WSK_EVENT_CONNECTION	(WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT | \
				 WSK_EVENT_SEND_BACKLOG)

struct wsk_client {
	struct net *net;
	void *context;
	struct mutex lock;		/* protects sockets, static_mask, made_socket */
	struct list_head sockets;
	/* Sockets not yet fully closed, and requests not yet completed; see wsk_deregister(). */
	atomic_t live;
	struct completion gone;		/* the last live object went (wsk_deregister()) */
	/* The work items of its sockets (requests, process-context callbacks, closes). */
	struct workqueue_struct *wq;
	bool own_wq;			/* made for it (kernel clients), not shared */
	u32 static_mask;
	bool made_socket;
	bool deregistering;
	/* The system-wide view (view.c): its number, its place in the list, who made it. */
	unsigned int id;
	struct list_head view_entry;
	char owner[64];
};

/* Request operations (wsk_request.op). */
enum wsk_op {
	WSK_OP_NONE,
	WSK_OP_CONNECT,
	WSK_OP_ACCEPT,
	WSK_OP_SEND,
	WSK_OP_RECEIVE,
	WSK_OP_SEND_TO,
	WSK_OP_RECEIVE_FROM,
	WSK_OP_DISCONNECT,
	WSK_OP_DISABLE,
	WSK_OP_CLOSE,
	WSK_OP_OPTION,
};

/* Internal bits of wsk_request.flags, above every request flag of the API. */
#define WSK_RQ_BUSY		0x40000000	/* being filled by the work item */
#define WSK_RQ_CANCEL		0x20000000	/* cancelled while busy */
#define WSK_RQ_MESSAGES		0x10000000	/* a send-to of a wsk_buf_list (WskSendMessages) */

/* wsk_sock.state bits */
enum {
	WSK_S_BOUND,		/* bound (listen sockets: listening) */
	WSK_S_CONNECT_REQ,	/* a connect request exists (one at a time) */
	WSK_S_CONNECTING,	/* ... and TCP is connecting: the work item decides it */
	WSK_S_CONNECTED,	/* connected (connection sockets) */
	WSK_S_HOOKED,		/* socket callbacks installed */
	WSK_S_CLOSING,		/* close requested: no new requests, no new callbacks */
	WSK_S_DEAD,		/* failed: requests answer STATUS_FILE_FORCED_CLOSED */
	WSK_S_NULL_SENT,	/* the NULL indication (socket failed) was delivered */
	WSK_S_PEER_FIN,		/* the peer shut down its side */
	WSK_S_PEER_RESET,	/* the connection was reset or timed out */
	WSK_S_DISC_SENT,	/* the disconnect event was delivered */
	WSK_S_RX_STALLED,	/* no indication until a receive request completes */
	WSK_S_RETAIN_FULL,	/* no indication until the client releases retained data */
	WSK_S_SHUT_WR,		/* we sent FIN (graceful disconnect) */
	WSK_S_ACCEPTED_EVENT,	/* made by the accept event (inherits the listener's mask) */
	WSK_S_ABORT_SENT,	/* the abortive disconnect event was delivered */
	WSK_S_LOCAL_ABORT,	/* we reset the connection (abortive disconnect) */
	WSK_S_NODELAY,		/* TCP_NODELAY was switched on */
	WSK_S_ADOPTING,		/* the accept event is handing the socket over: hold events */
	WSK_S_DGRAM_DECLINED,	/* a static receive-from declined: wait for a new datagram */
	WSK_S_EXCLUSIVE,	/* SO_EXCLUSIVEADDRUSE: never share the local address */
	WSK_S_REMOTE_SET,	/* SIO_WSK_SET_REMOTE_ADDRESS: a fixed peer (connected UDP) */
	WSK_S_PKTINFO,		/* IP_PKTINFO / IPV6_PKTINFO: indications carry control info */
	WSK_S_COND_ACCEPT,	/* SO_CONDITIONAL_ACCEPT: ws->cond is set (listeners) */
	WSK_S_INSPECT_SCAN,	/* a connection held for conditional accept changed state */
	WSK_S_CONNECT_CANCEL,	/* the connect request was cancelled: undo the attempt */
	WSK_S_STREAM,		/* made as a stream socket (WSK_FLAG_STREAM_SOCKET) */
	WSK_S_DECIDED,		/* ... made a listener or connection socket (wsk_sock_become()) */
};

/* Bits of wsk_sock.pump: serialises datagram delivery, which runs without the socket lock. */
enum {
	WSK_P_BUSY,
	WSK_P_AGAIN,
};

struct wsk_cond;
struct wsk_rx_block;
struct wsk_sock;

/**
 * struct wsk_category - what the sockets of one category do their own way
 * @flag: the category's WSK_FLAG_*_SOCKET, or 0 (the basic socket)
 * @type: the socket type the category needs (SOCK_STREAM, SOCK_DGRAM), or 0 for any
 * @provider: the provider dispatch table their clients call through (wsk_socket.dispatch)
 * @events: the event flags of the socket itself: the ones a static callback and
 *	SO_WSK_EVENT_CALLBACK act on; 0 if the category has no events
 * @inherits: the event flags SO_WSK_EVENT_CALLBACK also accepts, for the children of the accept
 *	event to inherit; never disabled on the socket itself
 * @ready: the state bit (WSK_S_BOUND or WSK_S_CONNECTED) without which events cannot be
 *	switched yet
 * @callable: the event flags whose callbacks a client dispatch table of the category provides
 * @hook: install wsk's socket callbacks; called under sk_callback_lock, with the stack's own
 *	saved in the wsk_sock; NULL if the category hooks nothing
 * @bound: what follows a successful bind (listen, start receiving); NULL if nothing.
 *	Return: 0 or an errno, which undoes the bind's state
 * @query_backlog: SIO_WSK_QUERY_IDEAL_SEND_BACKLOG; NULL if the category has no send backlog
 * @set_conditional: SO_CONDITIONAL_ACCEPT, in process context before the bind; NULL if the
 *	category has no such mode (only the listener has it)
 * @work: the category's part of the socket's work item; NULL if it has none
 * @close: what the category does to the Linux socket before it is released; NULL if nothing
 * @unlocked_callbacks: the stack calls the socket callbacks without the socket lock (UDP), and
 *	they may do the category's work inline: the close waits a grace period after the
 *	unhook for one that found the socket before (socket.c)
 * @become: a stream socket's only: the client dispatch table it takes as a @category socket
 *	(listen or connection), with what it leaves behind to become one; @category
 *	WSK_FLAG_STREAM_SOCKET undoes that (a WskListen that failed). NULL for the categories
 *	that never change (wsk_sock_become())
 *
 * One table per category, next to the code it points to (listen.c, conn.c, dgram.c; the basic
 * socket's in socket.c), picked once when the socket is made (wsk_sock_alloc()). The generic
 * code (socket.c, sock.c, events.c) calls through it and never tests the category.
 */
struct wsk_category {
	u32 flag;
	int type;
	const void *provider;
	u32 events;
	u32 inherits;
	unsigned int ready;
	u32 (*callable)(const void *dispatch);
	void (*hook)(struct wsk_sock *ws, struct sock *sk);
	int (*bound)(struct wsk_sock *ws);
	wsk_status_t (*query_backlog)(struct wsk_sock *ws, size_t *backlog);
	wsk_status_t (*set_conditional)(struct wsk_sock *ws, bool on);
	void (*work)(struct wsk_sock *ws);
	void (*close)(struct wsk_sock *ws);
	bool unlocked_callbacks;
	const void *(*become)(struct wsk_sock *ws, u32 category);
};

/* The calls every provider dispatch table starts with (WSK_PROVIDER_BASIC_DISPATCH). */
#define WSK_PROVIDER_BASIC_CALLS {			\
		.control_socket = wsk_control_socket,	\
		.close_socket = wsk_close_socket,	\
	}

extern const struct wsk_category wsk_basic_category;
extern const struct wsk_category wsk_listen_category;
extern const struct wsk_category wsk_conn_category;
extern const struct wsk_category wsk_dgram_category;
extern const struct wsk_category wsk_stream_category;

struct wsk_sock {
	struct wsk_socket pub;
	struct wsk_client *client;
	unsigned int id;		/* its number, in the view and the trace (socket.c) */
	struct socket *sock;
	void *context;
	const void *client_dispatch;
	const void *made_dispatch;	/* the table the socket was made with */
	const struct wsk_category *cat;
	u32 category;
	u32 flags;
	int family;
	struct kref ref;
	unsigned long state;
	unsigned long pump;
	struct rcu_head rcu;
	struct list_head client_entry;

	spinlock_t lock;	/* see the locking order at the top of this file */
	/* Events: what may be called, what cannot be disabled, what children inherit. */
	u32 ev_enabled;
	u32 ev_static;
	u32 ev_inherit;
	/* Disables waiting for in-progress calls; one pending request per event at most. */
	u32 ev_disabling;
	u8 ev_inflight[WSK_EV_COUNT];
	struct wsk_request *ev_disable_req[WSK_EV_COUNT];
	wait_queue_head_t idle_wait;

	struct list_head q_accept;
	struct list_head q_recv;
	struct list_head q_send;
	struct list_head q_ctl;		/* connect and disconnect */
	struct list_head q_opt;		/* socket options and IOCTLs; see options.c */
	struct wsk_request *close_req;
	struct work_struct work;
	struct work_struct close_work;

	/* Receive indications: the preallocated block, retained lists, datagrams held back. */
	struct wsk_rx_block *rx_block;
	struct wsk_rx_block *rx_busy;	/* the block being indicated now; see rx.c */
	struct list_head retained;
	size_t retained_bytes;		/* payload of the retained lists */
	size_t retained_charge;		/* their memory (skb truesize): at most sk_rcvbuf */
	struct list_head rx_free;	/* released blocks kept for reuse; see rx.c */
	struct sk_buff *rx_anchor;	/* what a kept stream block's spare is a clone of */
	struct sk_buff_head dgram_held;
	atomic_t dgram_arrivals;	/* datagrams sk_data_ready told of (WSK_S_DGRAM_DECLINED) */
	unsigned int rx_free_size;	/* rx_free's memory: at most WSK_RX_FREE_BYTES */
	size_t last_backlog;
	/* One pointer per category, or NULL: */
	union {
		/* datagram: SIO_WSK_SET_SENDTO_ADDRESS; freed by wsk_options_release() */
		struct sockaddr_in6 *sendto_addr;
		/* listener: conditional accept (listen.c); freed by its close */
		struct wsk_cond *cond;
		/* connection from a conditional listener: SIO_WSK_QUERY_INSPECT_ID */
		struct wsk_inspect_id *inspect_id;
	};

	/* The socket callbacks we replaced. */
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	void (*saved_error_report)(struct sock *sk);
};

static inline struct wsk_sock *wsk_sock(struct wsk_socket *s)
{
	return container_of(s, struct wsk_sock, pub);
}

#if IS_ENABLED(CONFIG_KUNIT)
/* listen.c, static without KUnit */
bool wsk_listen_reset_child(struct wsk_sock *lws, struct sock *sk);
#endif

/* listen.c: SO_CONDITIONAL_ACCEPT with the listen dispatch table it is for */
wsk_status_t wsk_listen_cond_mode(struct wsk_sock *ws,
				  const struct wsk_client_listen_dispatch *ld, bool on);

/* status.c */
bool wsk_npi_id_valid(const void *npi_id);

/* request.c */
void wsk_complete(struct wsk_request *req, wsk_status_t status, unsigned long information);
wsk_status_t wsk_fail(struct wsk_request *req, wsk_status_t status);
wsk_status_t wsk_finish(struct wsk_request *req, wsk_status_t status,
			unsigned long information);
void wsk_complete_list(struct list_head *list, wsk_status_t status);

/* client.c */
int wsk_client_register(struct wsk_client **clientp, struct net *net, void *client_context,
			struct workqueue_struct *wq, const char *owner);
bool wsk_client_get_live(struct wsk_client *client);
void wsk_client_put_live(struct wsk_client *client);

/* socket.c: the calls every category shares, the socket's making and its close */
struct wsk_sock *wsk_sock_alloc(struct wsk_client *client, struct socket *sock, u32 category,
				u32 flags, void *context, const void *dispatch);
void wsk_sock_close_internal(struct wsk_sock *ws);
int wsk_sock_become(struct wsk_sock *ws, u32 category);

/* sock.c: the wsk_sock object */
void wsk_sock_put(struct wsk_sock *ws);
void wsk_sock_kick(struct wsk_sock *ws);
void wsk_sock_hook(struct wsk_sock *ws);
void wsk_sock_unhook(struct wsk_sock *ws);
void wsk_sock_set_dead(struct wsk_sock *ws);
wsk_status_t wsk_sock_queue(struct wsk_sock *ws, struct list_head *q, struct wsk_request *req,
			    unsigned int op, u32 flags, struct wsk_buf *buf, struct sockaddr *addr);
bool wsk_sock_callback_ctx(struct wsk_sock *ws);
wsk_status_t wsk_sock_check(struct wsk_sock *ws, u32 categories);

/* events.c */
extern const u32 wsk_ev_flag[WSK_EV_COUNT];
int wsk_ev_index(u32 flag);
wsk_status_t wsk_events_control(struct wsk_sock *ws, const struct wsk_event_callback_control *c,
				struct wsk_request *req);
void wsk_events_init(struct wsk_sock *ws, u32 static_mask, u32 inherited);
void wsk_events_inherit(struct wsk_sock *ws, u32 static_mask, u32 inherited);
void wsk_events_adopted(struct wsk_sock *ws, void *context, const void *dispatch);
const void *wsk_event_begin(struct wsk_sock *ws, enum wsk_ev ev);
void wsk_event_end(struct wsk_sock *ws, enum wsk_ev ev);
void wsk_event_drop(struct wsk_sock *ws, enum wsk_ev ev);
bool wsk_event_enabled(struct wsk_sock *ws, enum wsk_ev ev);
void wsk_events_shutdown(struct wsk_sock *ws);
void wsk_events_wait_idle(struct wsk_sock *ws);

/* options.c: WskControlSocket's options and IOCTLs other than the event callbacks */
wsk_status_t wsk_options_control(struct wsk_sock *ws, u32 request_type, u32 control_code,
				 u32 level, size_t in_size, const void *in, size_t out_size,
				 void *out, struct wsk_request *req);
void wsk_options_work(struct wsk_sock *ws);
void wsk_options_release(struct wsk_sock *ws);
const struct sockaddr *wsk_options_sendto(struct wsk_sock *ws, struct wsk_request *req);

/* rx.c: receive indications built over socket buffers */
struct wsk_rx_block *wsk_rx_block_alloc(bool datagrams, gfp_t gfp);
void wsk_rx_block_free(struct wsk_rx_block *blk);
void wsk_rx_release_all(struct wsk_sock *ws);

/* resolve.c: the DNS resolver's call, dns_query() for a host name (a KUnit test may stand in) */
typedef int (*wsk_resolve_dns_fn)(struct net *net, const char *name, size_t len, char **answer);
#if IS_ENABLED(CONFIG_KUNIT)
extern wsk_resolve_dns_fn wsk_resolve_dns_hook;
#endif

#endif /* _WSK_CORE_H */
