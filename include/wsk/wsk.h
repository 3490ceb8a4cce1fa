/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wsk: the Windows Winsock Kernel (WSK) programming model for Linux kernel modules.
 *
 * A client registers (wsk_register()), creates sockets of a fixed category (basic, listen,
 * connection, datagram) and drives them with asynchronous requests (struct wsk_request, the
 * IRP of WSK) and event callbacks that it switches on and off per socket with
 * SO_WSK_EVENT_CALLBACK through wsk_control_socket(). The semantics are WSK's; where Windows
 * documents nothing, the choices are listed in README.md ("Emulation choices").
 *
 * Every operation that takes a request returns WSK_STATUS_PENDING and completes the request
 * later, or returns the final status after completing the request with it. Either way the
 * request's completion function runs exactly once.
 */
#ifndef _WSK_WSK_H
#define _WSK_WSK_H

#include <uapi/linux/wsk.h>

#include <linux/bvec.h>
#include <linux/list.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/types.h>

struct net;
struct sk_buff;

/**
 * typedef wsk_status_t - an NTSTATUS value (WSK_STATUS_*)
 *
 * Success and informational values are >= 0 as a signed number, errors < 0, as NTSTATUS.
 */
typedef s32 wsk_status_t;

/* The WSK_STATUS_* constants as wsk_status_t, for comparisons without casts. */
#define WSK_ST(x)	((wsk_status_t)(x))

static inline bool wsk_success(wsk_status_t status)
{
	return status >= 0;
}

wsk_status_t wsk_errno_to_status(int err);
int wsk_status_to_errno(wsk_status_t status);
const char *wsk_status_name(wsk_status_t status);

/**
 * struct wsk_buf - a byte range of page segments (WSK_BUF over an MDL chain)
 * @bvec: the segments
 * @nr_segs: number of entries in @bvec
 * @offset: where the range starts, in bytes from the start of the first segment
 * @length: length of the range in bytes
 *
 * A segment may span several physically contiguous pages. wsk_buf_init_kernel() describes
 * kernel memory (linear or vmalloc) with caller-provided segments.
 */
struct wsk_buf {
	const struct bio_vec *bvec;
	unsigned int nr_segs;
	size_t offset;
	size_t length;
};

int wsk_buf_init_kernel(struct wsk_buf *buf, struct bio_vec *bvec, unsigned int max_segs,
			void *data, size_t length);
size_t wsk_buf_copy_from(void *dst, const struct wsk_buf *buf, size_t skip, size_t len);

/**
 * struct wsk_data_indication - received stream data (WSK_DATA_INDICATION)
 * @next: the next entry of the list, or NULL
 * @buffer: the data; a zero-copy view of the socket's receive buffers
 *
 * The list is valid during the receive callback, or until wsk_release() if the callback
 * returned WSK_STATUS_PENDING.
 */
struct wsk_data_indication {
	struct wsk_data_indication *next;
	struct wsk_buf buffer;
};

/**
 * struct wsk_datagram_indication - one received datagram (WSK_DATAGRAM_INDICATION)
 * @next: the next datagram of the list, or NULL
 * @buffer: the payload; a zero-copy view of the socket's receive buffers
 * @control_info: the datagram's control info, or NULL: with WSK_IP_PKTINFO set on an IPv4
 *	socket one CMSGHDR of level WSK_IPPROTO_IP, type WSK_IP_PKTINFO, with a struct
 *	wsk_in_pktinfo; with WSK_IPV6_PKTINFO set on an IPv6 socket one of level
 *	WSK_IPPROTO_IPV6, type WSK_IPV6_PKTINFO, with a struct wsk_in6_pktinfo (an IPv4
 *	datagram of a dual-stack socket: its v4-mapped address). The header is a struct
 *	cmsghdr (Windows' CMSGHDR has its layout); walk it with CMSG_DATA(). NULL also when
 *	the memory for it could not be had (GFP_ATOMIC)
 * @control_info_length: bytes at @control_info (CMSG_SPACE() of the data), or 0
 * @remote_address: the sender (struct sockaddr_in or sockaddr_in6)
 *
 * Valid during the receive-from callback, or until wsk_release_datagrams() if the callback
 * returned WSK_STATUS_PENDING.
 */
struct wsk_datagram_indication {
	struct wsk_datagram_indication *next;
	struct wsk_buf buffer;
	const struct cmsghdr *control_info;
	u32 control_info_length;
	struct sockaddr *remote_address;
};

struct wsk_socket;
struct wsk_request;

/**
 * typedef wsk_complete_fn - completion function of a request
 * @req: the request, with @req->status and @req->information set
 *
 * Runs exactly once per request, in any context up to softirq, and must not sleep. It may
 * make the requests that any context may make, closing a socket included, but not those that
 * need process context (wsk_socket(), wsk_socket_connect(), wsk_bind(), wsk_connect()) nor
 * wsk_deregister(): queue work for those.
 */
typedef void (*wsk_complete_fn)(struct wsk_request *req);

/**
 * struct wsk_request - an asynchronous operation (the IRP of WSK)
 * @complete: completion function, see wsk_complete_fn
 * @context: for the owner of the request
 * @status: final status, valid in @complete
 * @information: bytes transferred, or the new struct wsk_socket * for operations that create
 *	one (wsk_socket(), wsk_socket_connect(), wsk_accept())
 *
 * Owned by the caller, who must keep it (and every buffer and address passed with it) alive
 * until @complete runs. The members after @information belong to wsk. Initialise it with
 * wsk_request_init() (or wsk_sync_init()) before each use: a completed request may be
 * initialised again and reused, a pending one must not be touched.
 */
struct wsk_request {
	wsk_complete_fn complete;
	void *context;
	wsk_status_t status;
	unsigned long information;

	/* private: to wsk */
	struct list_head entry;
	struct wsk_socket *owner;
	unsigned int op;
	unsigned int flags;
	struct wsk_buf *buf;
	size_t done;
	struct sockaddr *addr;
	struct sockaddr *addr2;
	union {
		struct {
			void *accept_context;
			const void *accept_dispatch;
		};
		struct {
			u32 level;
			u32 code;
			u32 type;
			void *out;
			u8 val[28];
		} opt;
	};
};

void wsk_request_init(struct wsk_request *req, wsk_complete_fn complete, void *context);
void wsk_cancel(struct wsk_request *req);

/**
 * struct wsk_sync - a request that a process-context caller waits for
 * @req: the request to pass to the operation
 * @done: completed by the request's completion function
 */
struct wsk_sync {
	struct wsk_request req;
	struct completion done;
};

void wsk_sync_init(struct wsk_sync *sync);
wsk_status_t wsk_sync_wait(struct wsk_sync *sync, wsk_status_t returned);

/* Client callbacks, per socket category (WSK_CLIENT_*_DISPATCH). Unused entries may be NULL. */

struct wsk_client_connection_dispatch;

/**
 * struct wsk_client_listen_dispatch - callbacks of a listening socket
 * @accept_event: a connection was accepted; @accept_socket is NULL once if the listener
 *	stopped working. Return WSK_STATUS_SUCCESS to keep the socket (after setting
 *	@accept_socket_context and @accept_dispatch) or WSK_STATUS_REQUEST_NOT_ACCEPTED
 *	to have it closed. @local and @remote are valid during the call only.
 */
struct wsk_client_listen_dispatch {
	wsk_status_t (*accept_event)(void *socket_context, u32 flags, struct sockaddr *local,
				     struct sockaddr *remote, struct wsk_socket *accept_socket,
				     void **accept_socket_context,
				     const struct wsk_client_connection_dispatch **accept_dispatch);
};

/**
 * struct wsk_client_connection_dispatch - callbacks of a connection socket
 * @receive_event: data arrived; @indication is NULL if the connection failed. Return
 *	WSK_STATUS_SUCCESS (optionally with *@bytes_accepted < @bytes_indicated: the rest stays
 *	buffered and indications stop until a receive request completes),
 *	WSK_STATUS_DATA_NOT_ACCEPTED (nothing consumed, indications stop until a receive request
 *	completes) or WSK_STATUS_PENDING (the client keeps the list until wsk_release()).
 * @disconnect_event: the peer disconnected, gracefully (@flags without WSK_FLAG_ABORTIVE) or
 *	abortively. Must return WSK_STATUS_SUCCESS.
 * @send_backlog_event: the ideal send backlog changed. Must return WSK_STATUS_SUCCESS.
 */
struct wsk_client_connection_dispatch {
	wsk_status_t (*receive_event)(void *socket_context, u32 flags,
				      struct wsk_data_indication *indication,
				      size_t bytes_indicated, size_t *bytes_accepted);
	wsk_status_t (*disconnect_event)(void *socket_context, u32 flags);
	wsk_status_t (*send_backlog_event)(void *socket_context, size_t ideal_backlog);
};

/**
 * struct wsk_client_datagram_dispatch - callbacks of a datagram socket
 * @receive_from_event: datagrams arrived (a list); @indication is NULL if the socket failed.
 *	Return WSK_STATUS_SUCCESS, WSK_STATUS_PENDING (keep the list until
 *	wsk_release_datagrams()) or WSK_STATUS_DATA_NOT_ACCEPTED (see README: a dynamically
 *	enabled callback is then disabled until enabled again).
 */
struct wsk_client_datagram_dispatch {
	wsk_status_t (*receive_from_event)(void *socket_context, u32 flags,
					   struct wsk_datagram_indication *indication);
};

/**
 * struct wsk_event_callback_control - argument of SO_WSK_EVENT_CALLBACK and of
 * WSK_SET_STATIC_EVENT_CALLBACKS (WSK_EVENT_CALLBACK_CONTROL)
 * @npi_id: must be &wsk_npi_interface_id (the standard events)
 * @event_mask: WSK_EVENT_* flags; a disable is one flag ORed with WSK_EVENT_DISABLE
 */
struct wsk_event_callback_control {
	const void *npi_id;
	u32 event_mask;
};

/* NPI_WSK_INTERFACE_ID, {2227E803-8D8B-11D4-ABAD-009027719E09} */
extern const u8 wsk_npi_interface_id[16];

/*
 * WSK_FLAG_PROCESS_CONTEXT (uapi/linux/wsk.h), a Linux extension of the socket flags: deliver
 * every callback of the socket from its work item, in process context, where it may sleep.
 * Receive, disconnect and send-backlog callbacks of a connection run with the TCP socket
 * lock owned (lock_sock()), as the inline ones run under the stack's lock: that is what keeps
 * them serial. While such a callback sleeps, TCP queues what arrives in the socket's backlog
 * (dropping it beyond the receive and send buffers) and its timers wait until the callback
 * returns, so sleep briefly (an allocation, a mutex), never for this socket's own requests
 * (the same work item serves them: that wait never ends) and not for long I/O elsewhere.
 * Each kernel client's work items have a queue of their own (wsk_register()), so a sleeping
 * callback delays only its own client. Within the client it may delay other sockets too:
 * when the kernel is slow to start workers (memory pressure) the queue's rescuer takes over
 * the waiting work items and runs them one after another.
 */

struct wsk_client;

/**
 * struct wsk_socket - the public face of a socket (WSK_SOCKET)
 * @dispatch: the provider dispatch table of the socket's category
 */
struct wsk_socket {
	const void *dispatch;
};

/*
 * Registration (WskRegister/WskDeregister; the provider NPI is implicit).
 *
 * wsk_register() may sleep; it returns 0 or -ENOMEM. The client's sockets are created in @net.
 * The registration holds a reference on @net until wsk_deregister() returns, and each socket
 * holds one of its own as a user socket does, until the socket is freed; for a TCP socket
 * closed gracefully that is after the kernel has finished the close (FIN_WAIT, LAST_ACK) with
 * its normal timers. So a namespace whose processes have all exited lives on while a client
 * is registered in it; a client that must follow the namespace's life registers
 * pernet_operations of its own and deregisters from their pre_exit.
 *
 * wsk_deregister() may sleep; it returns once every socket of the client is closed (every
 * request completed, every callback returned), waiting for ever for a socket the client never
 * closes (with a warning every 30 s), as WskDeregister does.
 */
int wsk_register(struct wsk_client **clientp, struct net *net, void *client_context);
void wsk_deregister(struct wsk_client *client);

wsk_status_t wsk_control_client(struct wsk_client *client, u32 control_code, size_t in_size,
				const void *in, size_t out_size, void *out, size_t *out_returned,
				struct wsk_request *req);

/* Socket creation (WskSocket, WskSocketConnect). The new socket is req->information. */
wsk_status_t wsk_socket(struct wsk_client *client, int family, int type, int protocol,
			u32 flags, void *socket_context, const void *client_dispatch,
			struct wsk_request *req);
wsk_status_t wsk_socket_connect(struct wsk_client *client, int type, int protocol,
				struct sockaddr *local, struct sockaddr *remote, u32 flags,
				void *socket_context,
				const struct wsk_client_connection_dispatch *dispatch,
				struct wsk_request *req);

/* Every category (WSK_PROVIDER_BASIC_DISPATCH) */
wsk_status_t wsk_control_socket(struct wsk_socket *sock, u32 request_type, u32 control_code,
				u32 level, size_t in_size, const void *in, size_t out_size,
				void *out, size_t *out_returned, struct wsk_request *req);
wsk_status_t wsk_close_socket(struct wsk_socket *sock, struct wsk_request *req);

/* Listen, connection and datagram sockets */
wsk_status_t wsk_bind(struct wsk_socket *sock, struct sockaddr *local, u32 flags,
		      struct wsk_request *req);
wsk_status_t wsk_get_local_address(struct wsk_socket *sock, struct sockaddr_storage *addr,
				   struct wsk_request *req);

/* Listen sockets */
wsk_status_t wsk_accept(struct wsk_socket *sock, u32 flags, void *accept_socket_context,
			const struct wsk_client_connection_dispatch *accept_socket_dispatch,
			struct sockaddr *local, struct sockaddr *remote, struct wsk_request *req);

/* Connection sockets */
wsk_status_t wsk_connect(struct wsk_socket *sock, struct sockaddr *remote, u32 flags,
			 struct wsk_request *req);
wsk_status_t wsk_get_remote_address(struct wsk_socket *sock, struct sockaddr_storage *addr,
				    struct wsk_request *req);
wsk_status_t wsk_send(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
		      struct wsk_request *req);
wsk_status_t wsk_receive(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			 struct wsk_request *req);
wsk_status_t wsk_disconnect(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			    struct wsk_request *req);
wsk_status_t wsk_release(struct wsk_socket *sock, struct wsk_data_indication *list);

/* Datagram sockets */
wsk_status_t wsk_send_to(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			 struct sockaddr *remote, struct wsk_request *req);
wsk_status_t wsk_receive_from(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			      struct sockaddr_storage *remote, struct wsk_request *req);
wsk_status_t wsk_release_datagrams(struct wsk_socket *sock,
				   struct wsk_datagram_indication *list);

/*
 * Provider dispatch tables (WSK_PROVIDER_*_DISPATCH): struct wsk_socket.dispatch points to the
 * table of the socket's category. Each entry is the exported function of the same name.
 */
struct wsk_provider_basic_dispatch {
	wsk_status_t (*control_socket)(struct wsk_socket *sock, u32 request_type,
				       u32 control_code, u32 level, size_t in_size, const void *in,
				       size_t out_size, void *out, size_t *out_returned,
				       struct wsk_request *req);
	wsk_status_t (*close_socket)(struct wsk_socket *sock, struct wsk_request *req);
};

struct wsk_provider_listen_dispatch {
	struct wsk_provider_basic_dispatch basic;
	wsk_status_t (*bind)(struct wsk_socket *sock, struct sockaddr *local, u32 flags,
			     struct wsk_request *req);
	wsk_status_t (*accept)(struct wsk_socket *sock, u32 flags, void *accept_socket_context,
			       const struct wsk_client_connection_dispatch *accept_socket_dispatch,
			       struct sockaddr *local, struct sockaddr *remote,
			       struct wsk_request *req);
	wsk_status_t (*get_local_address)(struct wsk_socket *sock, struct sockaddr_storage *addr,
					  struct wsk_request *req);
};

struct wsk_provider_connection_dispatch {
	struct wsk_provider_basic_dispatch basic;
	wsk_status_t (*bind)(struct wsk_socket *sock, struct sockaddr *local, u32 flags,
			     struct wsk_request *req);
	wsk_status_t (*connect)(struct wsk_socket *sock, struct sockaddr *remote, u32 flags,
				struct wsk_request *req);
	wsk_status_t (*get_local_address)(struct wsk_socket *sock, struct sockaddr_storage *addr,
					  struct wsk_request *req);
	wsk_status_t (*get_remote_address)(struct wsk_socket *sock,
					   struct sockaddr_storage *addr, struct wsk_request *req);
	wsk_status_t (*send)(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			     struct wsk_request *req);
	wsk_status_t (*receive)(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				struct wsk_request *req);
	wsk_status_t (*disconnect)(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				   struct wsk_request *req);
	wsk_status_t (*release)(struct wsk_socket *sock, struct wsk_data_indication *list);
};

struct wsk_provider_datagram_dispatch {
	struct wsk_provider_basic_dispatch basic;
	wsk_status_t (*bind)(struct wsk_socket *sock, struct sockaddr *local, u32 flags,
			     struct wsk_request *req);
	wsk_status_t (*send_to)(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				struct sockaddr *remote, struct wsk_request *req);
	wsk_status_t (*receive_from)(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				     struct sockaddr_storage *remote, struct wsk_request *req);
	wsk_status_t (*release)(struct wsk_socket *sock, struct wsk_datagram_indication *list);
	wsk_status_t (*get_local_address)(struct wsk_socket *sock, struct sockaddr_storage *addr,
					  struct wsk_request *req);
};

#endif /* _WSK_WSK_H */
