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
 * request's completion function runs exactly once. Buffers and addresses passed with a request
 * must stay valid until it completes, unless a function's documentation says it copies them.
 *
 * Statuses every socket call may answer besides its own: WSK_STATUS_INVALID_DEVICE_REQUEST for
 * a socket of a category the call is not for (wsk_send() on a datagram socket),
 * WSK_STATUS_INVALID_DEVICE_STATE once wsk_close_socket() was called, and
 * WSK_STATUS_FILE_FORCED_CLOSED on a socket that failed (close it). A call that needs a request
 * and gets none answers WSK_STATUS_INVALID_PARAMETER and completes nothing.
 *
 * wsk_status_t is signed (NTSTATUS), the WSK_STATUS_* constants are unsigned numbers (they are
 * shared with userspace): comparisons such as st == WSK_STATUS_PENDING work either way, and
 * WSK_ST() makes a constant a wsk_status_t where a signed comparison or -Wsign-compare needs
 * it. <wsk/wsk_nt.h> has them as NTSTATUS values (STATUS_PENDING, ...).
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

/**
 * wsk_errno_to_status() - the NTSTATUS for a Linux error
 * @err: 0 or an errno value, negative or positive
 *
 * Return: the status; WSK_STATUS_INVALID_PARAMETER for errors without a closer match.
 */
wsk_status_t wsk_errno_to_status(int err);

/**
 * wsk_status_to_errno() - the Linux error for an NTSTATUS
 * @status: the status
 *
 * Return: 0 for success values, else a negative errno (-EIO for unknown statuses).
 */
int wsk_status_to_errno(wsk_status_t status);

/**
 * wsk_status_name() - the Windows name of a status, for logs
 * @status: the status
 *
 * Return: the name, or "STATUS_UNKNOWN".
 */
const char *wsk_status_name(wsk_status_t status);

/**
 * struct wsk_buf - a byte range of page segments (WSK_BUF over an MDL chain)
 * @bvec: the segments
 * @nr_segs: number of entries in @bvec
 * @offset: where the range starts, in bytes from the start of the first segment
 * @Offset: @offset under its WSK name
 * @length: length of the range in bytes
 * @Length: @length under its WSK name
 *
 * A segment may span several physically contiguous pages. wsk_buf_init_kernel() describes
 * kernel memory (linear or vmalloc) with caller-provided segments.
 */
struct wsk_buf {
	const struct bio_vec *bvec;
	unsigned int nr_segs;
	union {
		size_t offset;
		size_t Offset;
	};
	union {
		size_t length;
		size_t Length;
	};
};

/**
 * wsk_buf_init_kernel() - describe kernel memory with page segments
 * @buf: the descriptor to fill in
 * @bvec: segments for the descriptor to use; it must outlive @buf
 * @max_segs: number of entries in @bvec
 * @data: the memory: linear (kmalloc, page allocator) or vmalloc, not on the stack
 *	(virtually mapped stacks are neither); may be NULL with @length 0
 * @length: its length; 0 gives an empty descriptor (what a zero-length receive takes), for
 *	which @bvec may be NULL and @max_segs 0
 *
 * Segments needed: one for linear memory, however long (it is physically contiguous); for
 * vmalloc memory one per page touched, DIV_ROUND_UP(@length, PAGE_SIZE) + 1 at most. The
 * memory and @bvec must stay valid while a request uses @buf. Never fails for @length 0.
 *
 * Return: 0, or -EINVAL if @max_segs is too small or @data is neither kind of memory (an
 * errno, as this only describes memory and makes no WSK call).
 */
int wsk_buf_init_kernel(struct wsk_buf *buf, struct bio_vec *bvec, unsigned int max_segs,
			void *data, size_t length);

/**
 * wsk_buf_copy_from() - copy bytes out of a buffer descriptor
 * @dst: destination
 * @buf: the descriptor
 * @skip: bytes of @buf to skip first
 * @len: bytes to copy at most
 *
 * Return: the number of bytes copied.
 */
size_t wsk_buf_copy_from(void *dst, const struct wsk_buf *buf, size_t skip, size_t len);

/**
 * struct wsk_data_indication - received stream data (WSK_DATA_INDICATION)
 * @next: the next entry of the list, or NULL
 * @Next: @next under its WSK name
 * @buffer: the data; a zero-copy view of the socket's receive buffers
 * @Buffer: @buffer under its WSK name
 *
 * The list is valid during the receive callback, or until wsk_release() if the callback
 * returned WSK_STATUS_PENDING.
 */
struct wsk_data_indication {
	union {
		struct wsk_data_indication *next;
		struct wsk_data_indication *Next;
	};
	union {
		struct wsk_buf buffer;
		struct wsk_buf Buffer;
	};
};

/**
 * struct wsk_datagram_indication - one received datagram (WSK_DATAGRAM_INDICATION)
 * @next: the next datagram of the list, or NULL
 * @Next: @next under its WSK name
 * @buffer: the payload; a zero-copy view of the socket's receive buffers
 * @Buffer: @buffer under its WSK name
 * @control_info: the datagram's control info, or NULL: with WSK_IP_PKTINFO set on an IPv4
 *	socket one CMSGHDR of level WSK_IPPROTO_IP, type WSK_IP_PKTINFO, with a struct
 *	wsk_in_pktinfo; with WSK_IPV6_PKTINFO set on an IPv6 socket one of level
 *	WSK_IPPROTO_IPV6, type WSK_IPV6_PKTINFO, with a struct wsk_in6_pktinfo (an IPv4
 *	datagram of a dual-stack socket: its v4-mapped address). The header is a struct
 *	cmsghdr (Windows' CMSGHDR has its layout); walk it with CMSG_DATA(). NULL also when
 *	the memory for it could not be had (GFP_ATOMIC)
 * @ControlInfo: @control_info under its WSK name
 * @control_info_length: bytes at @control_info (CMSG_SPACE() of the data), or 0
 * @ControlInfoLength: @control_info_length under its WSK name
 * @remote_address: the sender (struct sockaddr_in or sockaddr_in6)
 * @RemoteAddress: @remote_address under its WSK name
 *
 * Valid during the receive-from callback, or until wsk_release_datagrams() if the callback
 * returned WSK_STATUS_PENDING.
 */
struct wsk_datagram_indication {
	union {
		struct wsk_datagram_indication *next;
		struct wsk_datagram_indication *Next;
	};
	union {
		struct wsk_buf buffer;
		struct wsk_buf Buffer;
	};
	union {
		const struct cmsghdr *control_info;
		const struct cmsghdr *ControlInfo;
	};
	union {
		u32 control_info_length;
		u32 ControlInfoLength;
	};
	union {
		struct sockaddr *remote_address;
		struct sockaddr *RemoteAddress;
	};
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
 * struct wsk_io_status - a request's result under WSK's names (IO_STATUS_BLOCK)
 * @Status: the final status
 * @Information: the bytes transferred, or the new socket
 */
struct wsk_io_status {
	wsk_status_t Status;
	unsigned long Information;
};

/**
 * struct wsk_request - an asynchronous operation (the IRP of WSK)
 * @complete: completion function, see wsk_complete_fn
 * @context: for the owner of the request
 * @status: final status, valid in @complete
 * @information: bytes transferred, or the new struct wsk_socket * for operations that create
 *	one (wsk_socket(), wsk_socket_connect(), wsk_accept()), or the size of an option's
 *	or IOCTL's output
 * @IoStatus: @status and @information as Irp->IoStatus.Status and .Information, for code
 *	ported from Windows (wsk_nt.h)
 *
 * Owned by the caller, who must keep it (and every buffer and address passed with it) alive
 * until @complete runs. The members after @information belong to wsk. Initialise it with
 * wsk_request_init() (or wsk_sync_init()) before each use: a completed request may be
 * initialised again and reused, a pending one must not be touched.
 */
struct wsk_request {
	wsk_complete_fn complete;
	void *context;
	union {
		struct {
			wsk_status_t status;
			unsigned long information;
		};
		struct wsk_io_status IoStatus;
	};

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
		struct {
			const struct cmsghdr *control;
			u32 control_length;
		} tx;
		struct {
			struct cmsghdr *control;
			u32 *control_length;
			u32 *control_flags;
		} rx;
	};
};

/**
 * wsk_request_init() - prepare a request for one operation
 * @req: the request
 * @complete: completion function, called exactly once per operation
 * @context: for the owner
 *
 * A request may be reused after its completion function has run: call this again first.
 */
void wsk_request_init(struct wsk_request *req, wsk_complete_fn complete, void *context);

/**
 * wsk_cancel() - cancel a pending request
 * @req: a request passed to a wsk operation
 *
 * Any context up to softirq. If the request is still queued it completes with
 * WSK_STATUS_CANCELLED (information holds the bytes already transferred); if it is already
 * completing, or completed, nothing happens. Requests that cannot be cancelled are left
 * alone: close, a disable, and wsk_socket_connect() (whose socket the client would never
 * learn, and so never close).
 */
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

/**
 * wsk_sync_init() - prepare a request that the caller will wait for
 * @sync: the request and its completion
 */
void wsk_sync_init(struct wsk_sync *sync);

/**
 * wsk_sync_wait() - wait for a request started with wsk_sync_init()
 * @sync: the request
 * @returned: what the operation returned
 *
 * Process context only. Every operation completes its request whatever it returns, so this
 * always waits for the completion.
 *
 * Return: the request's final status.
 */
wsk_status_t wsk_sync_wait(struct wsk_sync *sync, wsk_status_t returned);

/**
 * wsk_sync_wait_timeout() - wait for a request's completion, for a limited time
 * @sync: the request, initialised with wsk_sync_init() and passed to an operation
 * @returned: what the operation returned
 * @timeout: how long to wait, in jiffies
 *
 * Process context. Waits up to @timeout; then cancels the request (wsk_cancel()) and waits
 * for the completion that follows, which a request still queued gets at once, with
 * WSK_STATUS_CANCELLED. A request that is completing already, or that cannot be cancelled
 * (a close, a pending disable, wsk_socket_connect()), is still waited for: @sync must
 * outlive it.
 *
 * Return: the request's final status: WSK_STATUS_CANCELLED if the limit cancelled it.
 */
wsk_status_t wsk_sync_wait_timeout(struct wsk_sync *sync, wsk_status_t returned,
				   unsigned long timeout);

/*
 * Client callbacks, per socket category (WSK_CLIENT_*_DISPATCH). Unused entries may be NULL.
 *
 * Each member of these tables, and of the provider tables below, also has its WSK name
 * (WskAcceptEvent, WskSend, ...): an anonymous union gives the one pointer both names, so
 * that code ported from Windows fills and calls the tables as it did there (wsk_nt.h).
 */

struct wsk_client_connection_dispatch;

typedef wsk_status_t (*wsk_accept_event_fn)(void *socket_context, u32 flags,
					   struct sockaddr *local, struct sockaddr *remote,
					   struct wsk_socket *accept_socket,
					   void **accept_socket_context,
					   const struct wsk_client_connection_dispatch **
					   accept_dispatch);
typedef wsk_status_t (*wsk_receive_event_fn)(void *socket_context, u32 flags,
					    struct wsk_data_indication *indication,
					    size_t bytes_indicated, size_t *bytes_accepted);
typedef wsk_status_t (*wsk_disconnect_event_fn)(void *socket_context, u32 flags);
typedef wsk_status_t (*wsk_send_backlog_event_fn)(void *socket_context, size_t ideal_backlog);
typedef wsk_status_t (*wsk_receive_from_event_fn)(void *socket_context, u32 flags,
						 struct wsk_datagram_indication *indication);

/* WskInspectEvent's answers (WSK_INSPECT_ACTION) */
#define WSK_INSPECT_REJECT	0
#define WSK_INSPECT_ACCEPT	1
#define WSK_INSPECT_PEND	2

/**
 * struct wsk_inspect_id - one connection request of conditional accept (WSK_INSPECT_ID)
 * @key: a number the listener gives each request, from 1 up
 * @Key: @key under its WSK name
 * @serial_number: the listener's own number, the same for all its requests
 * @SerialNumber: @serial_number under its WSK name
 *
 * Compare both members to match a request; their values mean nothing else.
 */
struct wsk_inspect_id {
	union {
		unsigned long key;
		unsigned long Key;
	};
	union {
		u32 serial_number;
		u32 SerialNumber;
	};
};

typedef int (*wsk_inspect_event_fn)(void *socket_context, struct sockaddr *local,
				    struct sockaddr *remote, struct wsk_inspect_id *inspect_id);
typedef wsk_status_t (*wsk_abort_event_fn)(void *socket_context,
					   struct wsk_inspect_id *inspect_id);

/**
 * struct wsk_client_listen_dispatch - callbacks of a listening socket
 * @accept_event: a connection was accepted; @accept_socket is NULL once if the listener
 *	stopped working. Return WSK_STATUS_SUCCESS to keep the socket (after setting
 *	@accept_socket_context and @accept_dispatch) or WSK_STATUS_REQUEST_NOT_ACCEPTED
 *	to have it closed. @local and @remote are valid during the call only. Called in
 *	process context (the listener's work item), where it may sleep briefly
 * @WskAcceptEvent: @accept_event under its WSK name
 * @inspect_event: conditional accept (SO_CONDITIONAL_ACCEPT): a connection request arrived.
 *	Return WSK_INSPECT_ACCEPT (it goes on to a WskAccept request or the accept event),
 *	WSK_INSPECT_REJECT (it is reset; no other callback tells of it) or WSK_INSPECT_PEND
 *	(copy *@inspect_id, decide later with wsk_inspect_complete()); any other value counts
 *	as a reject. @local, @remote and @inspect_id are valid during the call only. Called
 *	in process context (the listener's work item), once per request, in arrival order,
 *	never concurrently; NULL @local, @remote and @inspect_id mean the listener stopped
 *	working (as the NULL accept event, which follows it if the accept event is enabled).
 *	Required for SO_CONDITIONAL_ACCEPT; enabled for as long as the mode is on, whatever
 *	SO_WSK_EVENT_CALLBACK says. Where Linux differs from Windows, see the README
 *	("Conditional accept")
 * @WskInspectEvent: @inspect_event under its WSK name
 * @abort_event: conditional accept: a request the inspect event accepted or pended was
 *	reset by the peer (or its handshake state timed out) before it was handed to the
 *	client. Must return WSK_STATUS_SUCCESS. Same context as @inspect_event; may be NULL
 * @WskAbortEvent: @abort_event under its WSK name
 */
struct wsk_client_listen_dispatch {
	union {
		wsk_accept_event_fn accept_event;
		wsk_accept_event_fn WskAcceptEvent;
	};
	union {
		wsk_inspect_event_fn inspect_event;
		wsk_inspect_event_fn WskInspectEvent;
	};
	union {
		wsk_abort_event_fn abort_event;
		wsk_abort_event_fn WskAbortEvent;
	};
};

/**
 * struct wsk_client_connection_dispatch - callbacks of a connection socket
 * @receive_event: data arrived; @indication is NULL if the connection failed. Return
 *	WSK_STATUS_SUCCESS (optionally with *@bytes_accepted < @bytes_indicated: the rest stays
 *	buffered and indications stop until a receive request completes),
 *	WSK_STATUS_DATA_NOT_ACCEPTED (nothing consumed, indications stop until a receive request
 *	completes) or WSK_STATUS_PENDING (the client keeps the list until wsk_release()).
 * @WskReceiveEvent: @receive_event under its WSK name
 * @disconnect_event: the peer disconnected, gracefully (@flags without WSK_FLAG_ABORTIVE) or
 *	abortively. Must return WSK_STATUS_SUCCESS.
 * @WskDisconnectEvent: @disconnect_event under its WSK name
 * @send_backlog_event: the ideal send backlog changed. Must return WSK_STATUS_SUCCESS.
 * @WskSendBacklogEvent: @send_backlog_event under its WSK name
 */
struct wsk_client_connection_dispatch {
	union {
		wsk_receive_event_fn receive_event;
		wsk_receive_event_fn WskReceiveEvent;
	};
	union {
		wsk_disconnect_event_fn disconnect_event;
		wsk_disconnect_event_fn WskDisconnectEvent;
	};
	union {
		wsk_send_backlog_event_fn send_backlog_event;
		wsk_send_backlog_event_fn WskSendBacklogEvent;
	};
};

/**
 * struct wsk_client_stream_dispatch - callbacks of a stream socket (WSK_CLIENT_STREAM_DISPATCH)
 * @listen: the callbacks it has once wsk_listen() made it a listener, or NULL
 * @Listen: @listen under its WSK name
 * @connect: the callbacks it has once wsk_connect() or wsk_connect_ex() made it a connection
 *	socket, or NULL
 * @Connect: @connect under its WSK name
 *
 * wsk reads both pointers when it makes the socket and when the socket becomes a listener or
 * a connection socket; the tables must stay valid until the socket is closed.
 */
struct wsk_client_stream_dispatch {
	union {
		const struct wsk_client_listen_dispatch *listen;
		const struct wsk_client_listen_dispatch *Listen;
	};
	union {
		const struct wsk_client_connection_dispatch *connect;
		const struct wsk_client_connection_dispatch *Connect;
	};
};

/**
 * struct wsk_client_datagram_dispatch - callbacks of a datagram socket
 * @receive_from_event: datagrams arrived (a list); @indication is NULL if the socket failed.
 *	Return WSK_STATUS_SUCCESS, WSK_STATUS_PENDING (keep the list until
 *	wsk_release_datagrams()) or WSK_STATUS_DATA_NOT_ACCEPTED (see README: a dynamically
 *	enabled callback is then disabled until enabled again).
 * @WskReceiveFromEvent: @receive_from_event under its WSK name
 */
struct wsk_client_datagram_dispatch {
	union {
		wsk_receive_from_event_fn receive_from_event;
		wsk_receive_from_event_fn WskReceiveFromEvent;
	};
};

/**
 * struct wsk_event_callback_control - argument of SO_WSK_EVENT_CALLBACK and of
 * WSK_SET_STATIC_EVENT_CALLBACKS (WSK_EVENT_CALLBACK_CONTROL)
 * @npi_id: must be &wsk_npi_interface_id (the standard events)
 * @NpiId: @npi_id under its WSK name
 * @event_mask: WSK_EVENT_* flags; a disable is one flag ORed with WSK_EVENT_DISABLE
 * @EventMask: @event_mask under its WSK name
 */
struct wsk_event_callback_control {
	union {
		const void *npi_id;
		const void *NpiId;
	};
	union {
		u32 event_mask;
		u32 EventMask;
	};
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
 *
 * The connections a listener accepts (by the accept event or by wsk_accept()) get the
 * listener's WSK_FLAG_PROCESS_CONTEXT: children of a process-context listener have their
 * callbacks in process context too. Accept callbacks themselves always run in process
 * context, from the listener's work item, with or without the flag.
 */

struct wsk_client;

/**
 * struct wsk_socket - the public face of a socket (WSK_SOCKET)
 * @dispatch: the provider dispatch table of the socket's category
 * @Dispatch: @dispatch under its WSK name
 */
struct wsk_socket {
	union {
		const void *dispatch;
		const void *Dispatch;
	};
};

/* Registration (WskRegister, WskDeregister; the provider NPI is implicit: see wsk_nt.h). */

/**
 * wsk_register() - register a WSK client
 * @clientp: the new client
 * @net: the network namespace its sockets live in; the client holds a reference to it
 * @client_context: for the client's own use
 *
 * Process context. Every successful registration needs one wsk_deregister(). The client's
 * work items run on a queue of its own, with a rescuer.
 *
 * The client's sockets are created in @net. The registration holds a reference on @net until
 * wsk_deregister() returns, and each socket holds one of its own as a user socket does, until
 * the socket is freed; for a TCP socket closed gracefully that is after the kernel has
 * finished the close (FIN_WAIT, LAST_ACK) with its normal timers. So a namespace whose
 * processes have all exited lives on while a client is registered in it; a client that must
 * follow the namespace's life registers pernet_operations of its own and deregisters from
 * their pre_exit.
 *
 * Unlike the other calls, this one answers with an errno (wsk_errno_to_status() gives the
 * WSK status, as WskRegister() of wsk_nt.h does).
 *
 * Return: 0 or -ENOMEM.
 */
int wsk_register(struct wsk_client **clientp, struct net *net, void *client_context);

/**
 * wsk_deregister() - end a registration
 * @client: the client
 *
 * Process context, but not a completion or callback of the client's own sockets (those run
 * on the queue this destroys). Blocks until every socket of the client has been closed (and
 * so every request completed and every callback returned), as WskDeregister does: the client
 * must close its sockets, which may happen concurrently from other contexts. While it waits
 * it logs a warning every 30 s with the number of sockets and requests still open, so a
 * socket the client forgot shows in the kernel log.
 */
void wsk_deregister(struct wsk_client *client);

/**
 * wsk_control_client() - client-level control (WskControlClient)
 * @client: the client
 * @control_code: WSK_SET_STATIC_EVENT_CALLBACKS (input: a struct
 *	wsk_event_callback_control), WSK_TRANSPORT_LIST_QUERY (output: an array of struct
 *	wsk_transport, TCP and UDP over IPv4 and IPv6) or WSK_TDI_BEHAVIOR (input: a u32, 0 or
 *	WSK_TDI_BEHAVIOR_BYPASS_TDI; wsk never uses TDI, so either is accepted and changes
 *	nothing)
 * @in_size: size of @in
 * @in: input
 * @out_size: size of @out
 * @out: output
 * @out_returned: if not NULL, bytes written to @out; for WSK_TRANSPORT_LIST_QUERY the size
 *	the list needs, also when @out is too small
 * @req: must be NULL for these three codes (one given is completed with
 *	WSK_STATUS_INVALID_PARAMETER)
 *
 * Any context; completes inline.
 *
 * Return: WSK_STATUS_SUCCESS; WSK_STATUS_INVALID_DEVICE_STATE if static callbacks are set
 * after the client made a socket; WSK_STATUS_BUFFER_OVERFLOW if @out cannot hold the
 * transport list; WSK_STATUS_INVALID_PARAMETER for bad input; WSK_STATUS_NOT_SUPPORTED for
 * the other codes (WSK_TRANSPORT_LIST_CHANGE: the list never changes; WSK_CACHE_SD,
 * WSK_RELEASE_SD: Linux has no security descriptors; WSK_TDI_DEVICENAME_MAPPING: no TDI).
 */
wsk_status_t wsk_control_client(struct wsk_client *client, u32 control_code, size_t in_size,
				const void *in, size_t out_size, void *out, size_t *out_returned,
				struct wsk_request *req);

/* Name resolution (WskGetAddressInfo, WskFreeAddressInfo, WskGetNameInfo) */

/**
 * struct wsk_addrinfo - one result of wsk_get_address_info(), or its hints (ADDRINFOEXW)
 * @ai_flags: hints: WSK_AI_PASSIVE, WSK_AI_CANONNAME, WSK_AI_NUMERICHOST and
 *	WSK_AI_NUMERICSERV; results: 0
 * @ai_family: AF_INET or AF_INET6 (Linux's numbers); hints: 0 for either
 * @ai_socktype: SOCK_STREAM or SOCK_DGRAM; hints: 0 for either
 * @ai_protocol: IPPROTO_TCP or IPPROTO_UDP; hints: 0 for either
 * @ai_addrlen: bytes at @ai_addr; hints: 0
 * @ai_canonname: the canonical name, on the first result with WSK_AI_CANONNAME, else NULL;
 *	hints: NULL
 * @ai_addr: the address (struct sockaddr_in or sockaddr_in6) with the port; hints: NULL
 * @ai_next: the next result, NULL after the last; hints: NULL
 *
 * ADDRINFOEXW's other members (ai_blob, ai_bloblen, ai_provider) have nothing to carry
 * here. The names are UTF-8 strings.
 */
struct wsk_addrinfo {
	int ai_flags;
	int ai_family;
	int ai_socktype;
	int ai_protocol;
	size_t ai_addrlen;
	char *ai_canonname;
	struct sockaddr *ai_addr;
	struct wsk_addrinfo *ai_next;
};

/**
 * wsk_get_address_info() - translate a host and a service to addresses (WskGetAddressInfo)
 * @client: the client; a DNS lookup runs in its network namespace
 * @node: the host, UTF-8, at most WSK_NAME_MAX bytes: a numeric IPv4 address (dotted quad),
 *	a numeric IPv6 address with an optional scope ("fe80::1%2", "fe80::1%eth0": an
 *	interface of the client's namespace), "localhost" (the loopback addresses, without a
 *	lookup), or a name for the kernel's DNS resolver. NULL: the loopback addresses, or the
 *	wildcard ones with WSK_AI_PASSIVE. Copied before the call returns
 * @service: the service: a port number (0 to 65535, decimal), or one of the names of
 *	wsk's table (README, "Name resolution"); NULL for port 0. Copied too
 * @name_space: WSK_NS_ALL or WSK_NS_DNS (both mean the same here)
 * @hints: NULL, or a struct wsk_addrinfo with only @ai_flags, @ai_family, @ai_socktype and
 *	@ai_protocol set; read during the call only
 * @result: receives the result list on success, else NULL; it must stay valid until the
 *	request completes. Free the list with wsk_free_address_info()
 * @req: required; completes with the status (information 0)
 *
 * One result per address and transport the hints allow, as getaddrinfo() gives them: TCP
 * (SOCK_STREAM) then UDP (SOCK_DGRAM) for each address, IPv6 before IPv4 for a NULL node and
 * "localhost", the resolver's order for a name; WSK_RESOLVE_RESULTS_MAX results at most. A
 * named service takes only the transports it is registered for.
 *
 * Process context (PASSIVE_LEVEL on Windows). Numeric hosts, a NULL node and "localhost"
 * complete before the call returns. A name goes to the kernel's DNS resolver (dns_query(),
 * which upcalls /sbin/request-key) from a work item on the client's queue: the call returns
 * WSK_STATUS_PENDING, and wsk_deregister() waits for the request's completion. Such a request
 * cannot be cancelled (wsk_cancel() does nothing): the upcall's helper ends it.
 *
 * Return: WSK_STATUS_SUCCESS or WSK_STATUS_PENDING, or the failure status the request was
 * completed with: WSK_STATUS_INVALID_PARAMETER without @req (nothing is completed then), or
 * @result, for neither @node nor @service, an empty or overlong @node or @service, a @node
 * with characters no host name has, a port above 65535, unknown @ai_flags,
 * WSK_AI_CANONNAME without @node, a family, type or protocol wsk has no transport for, or a
 * hint member that must be 0 or NULL and is not; WSK_STATUS_NOT_SUPPORTED for another name
 * space, and for a name when the kernel has no DNS resolver (CONFIG_DNS_RESOLVER);
 * WSK_STATUS_NOT_FOUND for a name the resolver does not find (or that it refuses, or when
 * no request-key helper answers), for a service name not in the table or one not offered
 * on the hinted transport, for a non-numeric host with WSK_AI_NUMERICHOST or service with
 * WSK_AI_NUMERICSERV, for an unknown scope interface, and when no address is of the
 * hinted family; WSK_STATUS_INSUFFICIENT_RESOURCES when memory is short, or for a name
 * while 32 lookups (of all clients together) are with the resolver already;
 * WSK_STATUS_DEVICE_NOT_READY for a name once the client is deregistering.
 */
wsk_status_t wsk_get_address_info(struct wsk_client *client, const char *node,
				  const char *service, u32 name_space,
				  const struct wsk_addrinfo *hints, struct wsk_addrinfo **result,
				  struct wsk_request *req);

/**
 * wsk_free_address_info() - free a result list (WskFreeAddressInfo)
 * @client: the client the list was made for
 * @result: the list's first entry, as wsk_get_address_info() gave it, or NULL
 *
 * The list is one allocation, freed at once: none of its entries, names or addresses may be
 * used afterwards. Any context.
 */
void wsk_free_address_info(struct wsk_client *client, struct wsk_addrinfo *result);

/**
 * wsk_get_name_info() - the host and service of an address (WskGetNameInfo)
 * @client: the client
 * @sa: a struct sockaddr_in or sockaddr_in6
 * @salen: its size in bytes
 * @host: receives the host, NUL-terminated; NULL if not wanted
 * @hostlen: bytes at @host
 * @serv: receives the service, NUL-terminated; NULL if not wanted
 * @servlen: bytes at @serv
 * @flags: WSK_NI_* flags
 * @req: required; completed before the call returns (information 0)
 *
 * The host is always numeric: the kernel's DNS resolver has no reverse (PTR) lookup. IPv4
 * as a dotted quad, IPv6 in the compressed form of RFC 5952 with a "%" and the scope id if
 * it is not 0. The service is the port's name in wsk's table (of TCP, or of UDP with
 * WSK_NI_DGRAM) or, without one or with WSK_NI_NUMERICSERV, the port number. Neither buffer
 * is written unless both results fit. Any context up to softirq.
 *
 * Return: the final status: WSK_STATUS_SUCCESS; WSK_STATUS_INVALID_PARAMETER without @req
 * (nothing is completed then), for no @sa or a short one, a family other than AF_INET and
 * AF_INET6, neither @host nor @serv, or unknown @flags; WSK_STATUS_NOT_FOUND for
 * WSK_NI_NAMEREQD without WSK_NI_NUMERICHOST (no name can be had); WSK_STATUS_BUFFER_OVERFLOW
 * if a result does not fit (NI_MAXHOST, 1025 bytes, and NI_MAXSERV, 32, always do).
 */
wsk_status_t wsk_get_name_info(struct wsk_client *client, const struct sockaddr *sa,
			       size_t salen, char *host, size_t hostlen, char *serv,
			       size_t servlen, u32 flags, struct wsk_request *req);

/* Socket creation (WskSocket, WskSocketConnect). The new socket is req->information. */
/**
 * wsk_socket() - create a socket (WskSocket)
 * @client: the client
 * @family: AF_INET or AF_INET6
 * @type: SOCK_STREAM (listen, connection, stream, basic) or SOCK_DGRAM (datagram, basic)
 * @protocol: 0, IPPROTO_TCP or IPPROTO_UDP, matching @type
 * @flags: one WSK_FLAG_*_SOCKET category (none: basic), optionally WSK_FLAG_PROCESS_CONTEXT
 * @socket_context: passed to the socket's callbacks
 * @client_dispatch: the struct wsk_client_{listen,connection,datagram,stream}_dispatch of the
 *	category, or NULL if the socket will use no callbacks
 * @req: completed with the new socket in @req->information
 *
 * A stream socket (WSK_FLAG_STREAM_SOCKET) has the calls of struct
 * wsk_provider_stream_dispatch: it binds, then wsk_listen() makes it a listener or its first
 * wsk_connect() a connection socket, for good (see wsk_listen()). Process context.
 *
 * Return: WSK_STATUS_SUCCESS, or the failure status (the request completes with it as well).
 */
wsk_status_t wsk_socket(struct wsk_client *client, int family, int type, int protocol,
			u32 flags, void *socket_context, const void *client_dispatch,
			struct wsk_request *req);

/**
 * wsk_socket_connect() - create, bind and connect a connection socket (WskSocketConnect)
 * @client: the client
 * @type: SOCK_STREAM
 * @protocol: 0 or IPPROTO_TCP
 * @local: the local address (its family is the socket's)
 * @remote: the peer; must stay valid until the request completes
 * @flags: 0, or WSK_FLAG_PROCESS_CONTEXT
 * @socket_context: passed to the socket's callbacks
 * @dispatch: the socket's callbacks (all start disabled)
 * @req: completes with the connected socket in information, or with the failure
 *
 * Process context.
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_socket_connect(struct wsk_client *client, int type, int protocol,
				struct sockaddr *local, struct sockaddr *remote, u32 flags,
				void *socket_context,
				const struct wsk_client_connection_dispatch *dispatch,
				struct wsk_request *req);

/* Every category (WSK_PROVIDER_BASIC_DISPATCH) */
/**
 * wsk_control_socket() - socket options and IOCTLs (WskControlSocket)
 * @sock: the socket
 * @request_type: WSK_SET_OPTION, WSK_GET_OPTION or WSK_IOCTL
 * @control_code: the option (SO_WSK_EVENT_CALLBACK, or a standard one with Windows' number:
 *	WSK_SO_*, WSK_TCP_*, WSK_IP_*, WSK_IPV6_*) or the IOCTL (SIO_WSK_*)
 * @level: the option's level: WSK_SOL_SOCKET, WSK_IPPROTO_TCP, WSK_IPPROTO_IP or
 *	WSK_IPPROTO_IPV6; ignored for IOCTLs
 * @in_size: size of @in in bytes
 * @in: the input: a struct wsk_event_callback_control for SO_WSK_EVENT_CALLBACK, a u32 for
 *	most options, a socket address for the address IOCTLs (NULL with @in_size 0 to
 *	forget the address). Copied before this returns
 * @out_size: size of @out in bytes
 * @out: the output of a get (a u32, or struct wsk_linger) or of a query (a size_t; a struct
 *	wsk_inspect_id for SIO_WSK_QUERY_INSPECT_ID); written when the request completes, so
 *	it must stay valid until then
 * @out_returned: if not NULL, the bytes written to @out by an inline completion (only
 *	SIO_WSK_QUERY_IDEAL_SEND_BACKLOG and SIO_WSK_QUERY_INSPECT_ID complete inline), else 0
 * @req: optional for SO_WSK_EVENT_CALLBACK (see README, "Emulation choices") and
 *	SIO_WSK_QUERY_INSPECT_ID, required for everything else; its information is the size
 *	of the output
 *
 * Any context up to softirq. SO_WSK_EVENT_CALLBACK, SIO_WSK_QUERY_IDEAL_SEND_BACKLOG and
 * SIO_WSK_QUERY_INSPECT_ID complete at once; every other option and IOCTL (among them
 * SO_CONDITIONAL_ACCEPT, which needs the inspect event of wsk_client_listen_dispatch) is
 * carried out by the socket's work item, in process context, and completes from there
 * (README, "Socket options and IOCTLs").
 *
 * Return: WSK_STATUS_SUCCESS, WSK_STATUS_PENDING or WSK_STATUS_EVENT_PENDING (disables), or
 * the failure status the request was completed with: WSK_STATUS_NOT_SUPPORTED for an option
 * or IOCTL that wsk or the socket does not have, WSK_STATUS_INVALID_DEVICE_REQUEST for one
 * of another socket category, WSK_STATUS_INVALID_PARAMETER for missing or short buffers or
 * a missing request, WSK_STATUS_INVALID_DEVICE_STATE on a closing socket,
 * WSK_STATUS_FILE_FORCED_CLOSED on a failed one.
 */
wsk_status_t wsk_control_socket(struct wsk_socket *sock, u32 request_type, u32 control_code,
				u32 level, size_t in_size, const void *in, size_t out_size,
				void *out, size_t *out_returned, struct wsk_request *req);

/**
 * wsk_close_socket() - close a socket (WskCloseSocket)
 * @sock: the socket; not to be used again once this is called
 * @req: required; completes once everything is done
 *
 * Pending requests complete with WSK_STATUS_CANCELLED, in-progress callbacks are waited
 * for, retained indications still held are released (with a warning: the client should have
 * released them), and a connection not shut down in both directions is reset. Then the
 * request completes, after which no callback of the socket runs. May be called from any
 * context, including the socket's own callbacks.
 *
 * Return: WSK_STATUS_PENDING, or WSK_STATUS_INVALID_PARAMETER without a request.
 */
wsk_status_t wsk_close_socket(struct wsk_socket *sock, struct wsk_request *req);

/* Listen, connection and datagram sockets */
/**
 * wsk_bind() - bind a socket (WskBind)
 * @sock: a listen, connection, datagram or stream socket
 * @local: the local address
 * @flags: must be 0
 * @req: completed with the result
 *
 * On a listen socket, bind also starts listening (as in WSK; the backlog is that of
 * listen(SOMAXCONN): net.core.somaxconn). On a datagram socket, receiving starts. A stream
 * socket is only bound: wsk_listen() or wsk_connect() comes next. Process context.
 *
 * Return: the final status.
 */
wsk_status_t wsk_bind(struct wsk_socket *sock, struct sockaddr *local, u32 flags,
		      struct wsk_request *req);

/**
 * wsk_get_local_address() - the bound address (WskGetLocalAddress)
 * @sock: a bound listen, connection, datagram or stream socket
 * @addr: where to store it
 * @req: completed with the address length in information
 *
 * Any context up to softirq: it answers at once, without the socket lock.
 *
 * Return: the final status; WSK_STATUS_INVALID_DEVICE_STATE if not bound.
 */
wsk_status_t wsk_get_local_address(struct wsk_socket *sock, struct sockaddr_storage *addr,
				   struct wsk_request *req);

/* Listen sockets */
/**
 * wsk_accept() - accept a connection (WskAccept)
 * @sock: a listening socket: a listen socket, or a stream socket after wsk_listen()
 * @flags: must be 0
 * @accept_socket_context: context of the new socket's callbacks
 * @accept_socket_dispatch: callbacks of the new socket (all start disabled)
 * @local: optional, receives the local address (room for a struct sockaddr_in6)
 * @remote: optional, receives the remote address (same)
 * @req: completed with the new socket in information
 *
 * Completes when a connection is there; pending accept requests are served before the accept
 * event. The new socket inherits nothing from the listener.
 *
 * Any context up to softirq: it only queues the request (or answers at once).
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_accept(struct wsk_socket *sock, u32 flags, void *accept_socket_context,
			const struct wsk_client_connection_dispatch *accept_socket_dispatch,
			struct sockaddr *local, struct sockaddr *remote, struct wsk_request *req);

/**
 * wsk_inspect_complete() - decide on a pended connection request (WskInspectComplete)
 * @sock: a listening socket in conditional accept mode
 * @inspect_id: the request, as the inspect event gave it (a copy; read during the call only)
 * @action: WSK_INSPECT_ACCEPT or WSK_INSPECT_REJECT
 * @req: required; completed before the call returns
 *
 * An accepted request goes on to a WskAccept request or the accept event, in arrival order
 * with the listener's other accepted requests; a rejected one is reset. A request that was
 * aborted meanwhile (the abort event told of it) or decided already is left as it is:
 * no connection results, and the call succeeds. Any context up to softirq.
 *
 * Return: WSK_STATUS_SUCCESS; WSK_STATUS_INVALID_PARAMETER without @req or @inspect_id, for
 * another @action, or for an id this listener never gave; WSK_STATUS_INVALID_DEVICE_REQUEST
 * on a socket of another category; WSK_STATUS_INVALID_DEVICE_STATE on a listener without
 * conditional accept; WSK_STATUS_FILE_FORCED_CLOSED once the listener failed. The request
 * is completed with the status.
 */
wsk_status_t wsk_inspect_complete(struct wsk_socket *sock,
				  const struct wsk_inspect_id *inspect_id, int action,
				  struct wsk_request *req);

/* Stream sockets */
/**
 * wsk_listen() - make a bound stream socket a listener (WskListen)
 * @sock: a stream socket (WSK_FLAG_STREAM_SOCKET), bound, that has not connected
 * @req: required; completed before the call returns
 *
 * The socket listens, with the backlog a listen socket's bind gives it, and is a listen
 * socket from then on, for good: wsk_accept(), wsk_inspect_complete(), its accept event and
 * conditional accept (SO_CONDITIONAL_ACCEPT set before the bind, with an inspect event in the
 * stream table's listen table) work as on a listen socket, with the callbacks of the
 * struct wsk_client_stream_dispatch's @listen table. Its events start as a new listener's:
 * static callbacks enabled, the rest disabled. If listening fails, it stays a bound stream
 * socket. Process context.
 *
 * Return: WSK_STATUS_SUCCESS; WSK_STATUS_INVALID_PARAMETER without @req;
 * WSK_STATUS_INVALID_DEVICE_STATE if not bound, listening already, or connecting or connected
 * (its first connect made it a connection socket); WSK_STATUS_INVALID_DEVICE_REQUEST on a
 * socket not made as a stream socket; the status of a failed listen(). The request is
 * completed with the status.
 */
wsk_status_t wsk_listen(struct wsk_socket *sock, struct wsk_request *req);

/* Connection sockets */
/**
 * wsk_connect() - connect a bound connection socket (WskConnect)
 * @sock: the socket: a connection socket, or a stream socket that has not listened, which
 *	this makes a connection socket for good, whether the connect succeeds or not
 * @remote: the peer; must stay valid until the request completes
 * @flags: must be 0
 * @req: completes when the connection is established or has failed
 *
 * A socket whose connect failed, or was cancelled with wsk_cancel() before it completed, may
 * connect again without another bind: the Linux socket's attempt is undone (a connection
 * that TCP made meanwhile is reset).
 *
 * Process context.
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_connect(struct wsk_socket *sock, struct sockaddr *remote, u32 flags,
			 struct wsk_request *req);

/* The most data wsk_connect_ex() takes, as on Windows. */
#define WSK_CONNECT_EX_MAX	65535

/**
 * wsk_connect_ex() - connect a bound connection socket and send first data (WskConnectEx)
 * @sock: the socket: a connection socket, or a stream socket that has not listened (as for
 *	wsk_connect())
 * @remote: the peer; must stay valid until the request completes
 * @buf: optional data (at most WSK_CONNECT_EX_MAX bytes), sent once the connection is
 *	established and before any wsk_send() issued after this; must stay valid until the
 *	request completes. NULL or a zero length: wsk_connect()
 * @flags: must be 0
 * @req: completes when all of @buf has been taken by TCP (information: its length), or when
 *	the connect or the send failed (information: the bytes sent before the failure)
 *
 * Linux has no way to put data on a SYN from a client socket short of TCP Fast Open, which
 * needs the peer's cookie; wsk sends the data right after the handshake instead, so it never
 * rides on the SYN. A cancel before the connection is up cancels the connect, as for
 * wsk_connect(); after, it cancels the send, not the connection. A request that fails in
 * its send (the peer reset the connection at once) leaves the socket connected, or reset:
 * it cannot connect again, and the client closes it.
 *
 * Process context.
 *
 * Return: WSK_STATUS_PENDING or a failure status: WSK_STATUS_INVALID_PARAMETER for flags or no
 * @remote, WSK_STATUS_BUFFER_OVERFLOW for too long a @buf, WSK_STATUS_INVALID_ADDRESS,
 * WSK_STATUS_INVALID_DEVICE_STATE if not bound, connected or connecting already, and
 * WSK_STATUS_INVALID_DEVICE_REQUEST on another category.
 */
wsk_status_t wsk_connect_ex(struct wsk_socket *sock, struct sockaddr *remote,
			    struct wsk_buf *buf, u32 flags, struct wsk_request *req);

/**
 * wsk_get_remote_address() - the peer's address (WskGetRemoteAddress)
 * @sock: a connected connection socket
 * @addr: where to store it
 * @req: completed with the address length in information
 *
 * Any context up to softirq: it answers at once, without the socket lock.
 *
 * Return: the final status; WSK_STATUS_INVALID_DEVICE_STATE if not connected.
 */
wsk_status_t wsk_get_remote_address(struct wsk_socket *sock, struct sockaddr_storage *addr,
				    struct wsk_request *req);

/**
 * wsk_send() - send data (WskSend)
 * @sock: a connected connection socket
 * @buf: the data; must stay valid until the request completes
 * @flags: 0 or WSK_FLAG_NODELAY (switches Nagle's algorithm off for the socket)
 * @req: completes once TCP has taken all the data
 *
 * Any context up to softirq. Sends complete in order.
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_send(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
		      struct wsk_request *req);

/**
 * wsk_receive() - receive data (WskReceive)
 * @sock: a connected connection socket
 * @buf: where to put the data; must stay valid until the request completes. Length 0 (a
 *	descriptor from wsk_buf_init_kernel() with length 0, or a zeroed struct wsk_buf) only
 *	restarts receive indications
 * @flags: 0, WSK_FLAG_WAITALL or WSK_FLAG_DRAIN. WSK_FLAG_DRAIN needs a @buf of length 0
 *	and discards everything that arrives until the connection ends: the request
 *	completes with 0 bytes and WSK_STATUS_SUCCESS at the peer's FIN, with the error
 *	status of a reset or an abort, or cancelled; receives queued after it wait for it
 * @req: completes with the byte count; 0 bytes means the peer disconnected gracefully
 *
 * Pending receives are served before the receive event (rule 7).
 *
 * Any context up to softirq: it only queues the request (or answers at once).
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_receive(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			 struct wsk_request *req);

/**
 * wsk_send_ex() - send data with control info (WskSendEx)
 * @sock: a connected connection socket
 * @buf: as for wsk_send()
 * @flags: as for wsk_send()
 * @control_length: bytes at @control; must be 0
 * @control: NULL: Linux's TCP takes no control info that WSK names
 * @req: as for wsk_send()
 *
 * wsk_send() with WskSendEx's parameters, so that the connection table has it.
 *
 * Any context up to softirq.
 *
 * Return: as wsk_send(); WSK_STATUS_NOT_SUPPORTED for control info,
 * WSK_STATUS_INVALID_PARAMETER for a length without @control.
 */
wsk_status_t wsk_send_ex(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			 u32 control_length, const struct cmsghdr *control,
			 struct wsk_request *req);

/**
 * wsk_receive_ex() - receive data and its control info (WskReceiveEx)
 * @sock: a connected connection socket
 * @buf: as for wsk_receive()
 * @flags: as for wsk_receive()
 * @control_length: optional; in, the size of @control; set to 0 by the call, as Linux's
 *	TCP delivers no control info
 * @control: optional, never written
 * @control_flags: optional; set to 0 by the call
 * @req: as for wsk_receive()
 *
 * wsk_receive() with WskReceiveEx's parameters, so that the connection table has it.
 *
 * Any context up to softirq.
 *
 * Return: as wsk_receive().
 */
wsk_status_t wsk_receive_ex(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			    u32 *control_length, struct cmsghdr *control, u32 *control_flags,
			    struct wsk_request *req);

/**
 * wsk_disconnect() - disconnect (WskDisconnect)
 * @sock: a connected connection socket
 * @buf: optional final data (graceful only)
 * @flags: 0 (graceful: after the queued sends, FIN) or WSK_FLAG_ABORTIVE (RST now; queued
 *	sends and receives fail with WSK_STATUS_CONNECTION_ABORTED)
 * @req: completes when done
 *
 * Any context up to softirq: it only queues the request (or answers at once).
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_disconnect(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			    struct wsk_request *req);

/**
 * wsk_release() - give back a retained data indication list (WskRelease)
 * @sock: the connection socket
 * @list: the list head the receive callback got and kept with WSK_STATUS_PENDING
 *
 * Any context up to softirq. The data is freed at once; neither the list nor its buffers
 * may be read afterwards. The socket keeps the list's memory for a later indication, so a
 * later receive callback may get the same @list pointer again.
 *
 * Return: WSK_STATUS_SUCCESS, or WSK_STATUS_INVALID_PARAMETER for a list that is not retained.
 */
wsk_status_t wsk_release(struct wsk_socket *sock, struct wsk_data_indication *list);

/* Datagram sockets */
/**
 * wsk_send_to() - send a datagram (WskSendTo)
 * @sock: a bound datagram socket
 * @buf: the payload; must stay valid until the request completes
 * @flags: must be 0
 * @remote: the destination; must stay valid until the request completes. NULL: the address
 *	of SIO_WSK_SET_SENDTO_ADDRESS (copied now), else the fixed peer of
 *	SIO_WSK_SET_REMOTE_ADDRESS, else the request fails with
 *	WSK_STATUS_ADDRESS_NOT_ASSOCIATED. An address given here is used even when a fixed
 *	peer is set, as Linux's UDP does
 * @req: completes with the byte count
 *
 * Any context up to softirq: it only queues the request (or answers at once).
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_send_to(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			 struct sockaddr *remote, struct wsk_request *req);

/**
 * wsk_send_to_control() - send a datagram with control info (WskSendTo, all its parameters)
 * @sock: a bound datagram socket
 * @buf: the payload; must stay valid until the request completes
 * @flags: must be 0
 * @remote: as for wsk_send_to()
 * @control_length: bytes at @control, 0 for none
 * @control: NULL, or CMSGHDRs in Windows' layout (see struct wsk_datagram_indication): one
 *	of level WSK_IPPROTO_IP, type WSK_IP_PKTINFO, with a struct wsk_in_pktinfo (the source
 *	address, and the interface to send from, 0 for any) on an IPv4 socket, or of level
 *	WSK_IPPROTO_IPV6, type WSK_IPV6_PKTINFO, with a struct wsk_in6_pktinfo on an IPv6
 *	socket. Checked at once; must stay valid until the request completes
 * @req: completes with the byte count
 *
 * Any context up to softirq.
 *
 * Return: WSK_STATUS_PENDING or a failure status: WSK_STATUS_INVALID_PARAMETER for control
 * info of another kind, a short one, or more than one header.
 */
wsk_status_t wsk_send_to_control(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				 struct sockaddr *remote, u32 control_length,
				 const struct cmsghdr *control, struct wsk_request *req);

/**
 * struct wsk_buf_list - one datagram of a wsk_send_messages() list (WSK_BUF_LIST)
 * @next: the next datagram, NULL after the last (also as @Next)
 * @Next: @next under its WSK name
 * @buffer: the datagram's payload (also as @Buffer)
 * @Buffer: @buffer under its WSK name
 */
struct wsk_buf_list {
	union {
		struct wsk_buf_list *next;
		struct wsk_buf_list *Next;
	};
	union {
		struct wsk_buf buffer;
		struct wsk_buf Buffer;
	};
};

/**
 * wsk_send_messages() - send several datagrams in one request (WskSendMessages)
 * @sock: a bound datagram socket
 * @list: the datagrams, one per entry, sent in list order; the list and every buffer must
 *	stay valid until the request completes
 * @flags: must be 0
 * @remote: the destination of every datagram, as for wsk_send_to()
 * @control_length: as for wsk_send_to_control(); the control info goes with every datagram
 * @control: as for wsk_send_to_control()
 * @req: completes when the last datagram is sent, with the bytes of all of them, or at the
 *	first that fails, with its status and the bytes of those sent before it
 *
 * The datagrams go ahead of any send issued after this call. The socket's work item sends
 * 64 datagrams at most per run, so a long list delays the socket's receives by no more.
 *
 * Any context up to softirq.
 *
 * Return: WSK_STATUS_PENDING or a failure status: WSK_STATUS_INVALID_PARAMETER for an empty
 * @list, flags or bad control info, as wsk_send_to_control() for the rest.
 */
wsk_status_t wsk_send_messages(struct wsk_socket *sock, struct wsk_buf_list *list, u32 flags,
			       struct sockaddr *remote, u32 control_length,
			       const struct cmsghdr *control, struct wsk_request *req);

/**
 * wsk_receive_from() - receive a datagram (WskReceiveFrom)
 * @sock: a bound datagram socket
 * @buf: where to put the payload (a longer datagram is truncated)
 * @flags: must be 0
 * @remote: optional, receives the sender's address
 * @req: completes with the byte count
 *
 * Pending receive-from requests are served before the receive-from event (rule 7).
 *
 * Any context up to softirq: it only queues the request (or answers at once).
 *
 * Return: WSK_STATUS_PENDING or a failure status.
 */
wsk_status_t wsk_receive_from(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
			      struct sockaddr_storage *remote, struct wsk_request *req);

/**
 * wsk_receive_from_control() - receive a datagram and its control info (WskReceiveFrom, all
 * its parameters)
 * @sock: a bound datagram socket
 * @buf: where to put the payload
 * @flags: must be 0
 * @remote: optional, receives the sender's address
 * @control_length: with @control: in, the room at @control; on completion, the bytes of
 *	control info written there (0 if the socket asked for no packet info)
 * @control: optional; receives the datagram's control info as a receive-from indication
 *	carries it (struct wsk_datagram_indication)
 * @control_flags: optional; on completion WSK_MSG_TRUNC if the datagram was longer than
 *	@buf, WSK_MSG_CTRUNC if its control info did not fit, else 0
 * @req: completes with the byte count
 *
 * @remote, @control_length, @control and @control_flags must stay valid until the request
 * completes. Any context up to softirq.
 *
 * Return: WSK_STATUS_PENDING or a failure status (WSK_STATUS_INVALID_PARAMETER for @control
 * without @control_length).
 */
wsk_status_t wsk_receive_from_control(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				      struct sockaddr_storage *remote, u32 *control_length,
				      struct cmsghdr *control, u32 *control_flags,
				      struct wsk_request *req);

/**
 * wsk_release_datagrams() - give back a retained datagram list (WskRelease, datagram form)
 * @sock: the datagram socket
 * @list: the list head the receive-from callback kept with WSK_STATUS_PENDING
 *
 * Any context up to softirq. The datagrams are freed at once; neither the list nor its
 * buffers and addresses may be read afterwards. The socket keeps the list's memory for a
 * later indication, so a later receive-from callback may get the same @list pointer again.
 *
 * Return: WSK_STATUS_SUCCESS, or WSK_STATUS_INVALID_PARAMETER for a list that is not retained.
 */
wsk_status_t wsk_release_datagrams(struct wsk_socket *sock,
				   struct wsk_datagram_indication *list);

/*
 * Provider dispatch tables (WSK_PROVIDER_*_DISPATCH): struct wsk_socket.dispatch points to the
 * table of the socket's category. Each entry is the exported function of the same name; each
 * also has its WSK name (see the client tables above). The basic calls begin every table, and
 * can be reached as ->basic.control_socket, ->Basic.WskControlSocket or ->WskControlSocket,
 * as in Windows' C and C++ headers.
 */
typedef wsk_status_t (*wsk_control_socket_fn)(struct wsk_socket *sock, u32 request_type,
					     u32 control_code, u32 level, size_t in_size,
					     const void *in, size_t out_size, void *out,
					     size_t *out_returned, struct wsk_request *req);
typedef wsk_status_t (*wsk_close_socket_fn)(struct wsk_socket *sock, struct wsk_request *req);
typedef wsk_status_t (*wsk_bind_fn)(struct wsk_socket *sock, struct sockaddr *local, u32 flags,
				   struct wsk_request *req);
typedef wsk_status_t (*wsk_accept_fn)(struct wsk_socket *sock, u32 flags,
				     void *accept_socket_context,
				     const struct wsk_client_connection_dispatch *
				     accept_socket_dispatch,
				     struct sockaddr *local, struct sockaddr *remote,
				     struct wsk_request *req);
typedef wsk_status_t (*wsk_address_fn)(struct wsk_socket *sock, struct sockaddr_storage *addr,
				      struct wsk_request *req);
typedef wsk_status_t (*wsk_connect_fn)(struct wsk_socket *sock, struct sockaddr *remote,
				      u32 flags, struct wsk_request *req);
typedef wsk_status_t (*wsk_connect_ex_fn)(struct wsk_socket *sock, struct sockaddr *remote,
					 struct wsk_buf *buf, u32 flags, struct wsk_request *req);
typedef wsk_status_t (*wsk_send_ex_fn)(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				      u32 control_length, const struct cmsghdr *control,
				      struct wsk_request *req);
typedef wsk_status_t (*wsk_receive_ex_fn)(struct wsk_socket *sock, struct wsk_buf *buf,
					 u32 flags, u32 *control_length,
					 struct cmsghdr *control, u32 *control_flags,
					 struct wsk_request *req);
typedef wsk_status_t (*wsk_buf_op_fn)(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				     struct wsk_request *req);
typedef wsk_status_t (*wsk_release_fn)(struct wsk_socket *sock,
				      struct wsk_data_indication *list);
typedef wsk_status_t (*wsk_send_to_fn)(struct wsk_socket *sock, struct wsk_buf *buf, u32 flags,
				      struct sockaddr *remote, u32 control_length,
				      const struct cmsghdr *control, struct wsk_request *req);
typedef wsk_status_t (*wsk_send_messages_fn)(struct wsk_socket *sock,
					    struct wsk_buf_list *list, u32 flags,
					    struct sockaddr *remote, u32 control_length,
					    const struct cmsghdr *control,
					    struct wsk_request *req);
typedef wsk_status_t (*wsk_receive_from_fn)(struct wsk_socket *sock, struct wsk_buf *buf,
					   u32 flags, struct sockaddr_storage *remote,
					   u32 *control_length, struct cmsghdr *control,
					   u32 *control_flags, struct wsk_request *req);
typedef wsk_status_t (*wsk_release_datagrams_fn)(struct wsk_socket *sock,
						struct wsk_datagram_indication *list);
typedef wsk_status_t (*wsk_inspect_complete_fn)(struct wsk_socket *sock,
					       const struct wsk_inspect_id *inspect_id,
					       int action,
					       struct wsk_request *req);
typedef wsk_status_t (*wsk_listen_fn)(struct wsk_socket *sock, struct wsk_request *req);

/**
 * struct wsk_provider_basic_dispatch - the calls of every socket (WSK_PROVIDER_BASIC_DISPATCH)
 * @control_socket: wsk_control_socket()
 * @WskControlSocket: the same, under its WSK name
 * @close_socket: wsk_close_socket()
 * @WskCloseSocket: the same, under its WSK name
 */
struct wsk_provider_basic_dispatch {
	union {
		wsk_control_socket_fn control_socket;
		wsk_control_socket_fn WskControlSocket;
	};
	union {
		wsk_close_socket_fn close_socket;
		wsk_close_socket_fn WskCloseSocket;
	};
};

/**
 * struct wsk_provider_listen_dispatch - the calls of a listening socket
 * @basic: the basic calls (also as @Basic, and as WskControlSocket and WskCloseSocket)
 * @Basic: @basic under its WSK name
 * @WskControlSocket: wsk_control_socket()
 * @WskCloseSocket: wsk_close_socket()
 * @bind: wsk_bind()
 * @WskBind: @bind under its WSK name
 * @accept: wsk_accept()
 * @WskAccept: @accept under its WSK name
 * @inspect_complete: wsk_inspect_complete()
 * @WskInspectComplete: @inspect_complete under its WSK name
 * @get_local_address: wsk_get_local_address()
 * @WskGetLocalAddress: @get_local_address under its WSK name
 */
struct wsk_provider_listen_dispatch {
	union {
		struct wsk_provider_basic_dispatch basic;
		struct wsk_provider_basic_dispatch Basic;
		struct {
			wsk_control_socket_fn WskControlSocket;
			wsk_close_socket_fn WskCloseSocket;
		};
	};
	union {
		wsk_bind_fn bind;
		wsk_bind_fn WskBind;
	};
	union {
		wsk_accept_fn accept;
		wsk_accept_fn WskAccept;
	};
	union {
		wsk_inspect_complete_fn inspect_complete;
		wsk_inspect_complete_fn WskInspectComplete;
	};
	union {
		wsk_address_fn get_local_address;
		wsk_address_fn WskGetLocalAddress;
	};
};

/**
 * struct wsk_provider_connection_dispatch - the calls of a connection socket
 * @basic: the basic calls (also as @Basic, and as WskControlSocket and WskCloseSocket)
 * @Basic: @basic under its WSK name
 * @WskControlSocket: wsk_control_socket()
 * @WskCloseSocket: wsk_close_socket()
 * @bind: wsk_bind()
 * @WskBind: @bind under its WSK name
 * @connect: wsk_connect()
 * @WskConnect: @connect under its WSK name
 * @get_local_address: wsk_get_local_address()
 * @WskGetLocalAddress: @get_local_address under its WSK name
 * @get_remote_address: wsk_get_remote_address()
 * @WskGetRemoteAddress: @get_remote_address under its WSK name
 * @send: wsk_send()
 * @WskSend: @send under its WSK name
 * @receive: wsk_receive()
 * @WskReceive: @receive under its WSK name
 * @disconnect: wsk_disconnect()
 * @WskDisconnect: @disconnect under its WSK name
 * @release: wsk_release()
 * @WskRelease: @release under its WSK name
 * @connect_ex: wsk_connect_ex()
 * @WskConnectEx: @connect_ex under its WSK name
 * @send_ex: wsk_send_ex()
 * @WskSendEx: @send_ex under its WSK name
 * @receive_ex: wsk_receive_ex()
 * @WskReceiveEx: @receive_ex under its WSK name
 */
struct wsk_provider_connection_dispatch {
	union {
		struct wsk_provider_basic_dispatch basic;
		struct wsk_provider_basic_dispatch Basic;
		struct {
			wsk_control_socket_fn WskControlSocket;
			wsk_close_socket_fn WskCloseSocket;
		};
	};
	union {
		wsk_bind_fn bind;
		wsk_bind_fn WskBind;
	};
	union {
		wsk_connect_fn connect;
		wsk_connect_fn WskConnect;
	};
	union {
		wsk_address_fn get_local_address;
		wsk_address_fn WskGetLocalAddress;
	};
	union {
		wsk_address_fn get_remote_address;
		wsk_address_fn WskGetRemoteAddress;
	};
	union {
		wsk_buf_op_fn send;
		wsk_buf_op_fn WskSend;
	};
	union {
		wsk_buf_op_fn receive;
		wsk_buf_op_fn WskReceive;
	};
	union {
		wsk_buf_op_fn disconnect;
		wsk_buf_op_fn WskDisconnect;
	};
	union {
		wsk_release_fn release;
		wsk_release_fn WskRelease;
	};
	union {
		wsk_connect_ex_fn connect_ex;
		wsk_connect_ex_fn WskConnectEx;
	};
	union {
		wsk_send_ex_fn send_ex;
		wsk_send_ex_fn WskSendEx;
	};
	union {
		wsk_receive_ex_fn receive_ex;
		wsk_receive_ex_fn WskReceiveEx;
	};
};

/**
 * struct wsk_provider_datagram_dispatch - the calls of a datagram socket
 * @basic: the basic calls (also as @Basic, and as WskControlSocket and WskCloseSocket)
 * @Basic: @basic under its WSK name
 * @WskControlSocket: wsk_control_socket()
 * @WskCloseSocket: wsk_close_socket()
 * @bind: wsk_bind()
 * @WskBind: @bind under its WSK name
 * @send_to: wsk_send_to_control(), which has WskSendTo's parameters
 * @WskSendTo: @send_to under its WSK name
 * @receive_from: wsk_receive_from_control(), which has WskReceiveFrom's parameters
 * @WskReceiveFrom: @receive_from under its WSK name
 * @release: wsk_release_datagrams()
 * @WskRelease: @release under its WSK name
 * @get_local_address: wsk_get_local_address()
 * @WskGetLocalAddress: @get_local_address under its WSK name
 * @send_messages: wsk_send_messages()
 * @WskSendMessages: @send_messages under its WSK name
 */
struct wsk_provider_datagram_dispatch {
	union {
		struct wsk_provider_basic_dispatch basic;
		struct wsk_provider_basic_dispatch Basic;
		struct {
			wsk_control_socket_fn WskControlSocket;
			wsk_close_socket_fn WskCloseSocket;
		};
	};
	union {
		wsk_bind_fn bind;
		wsk_bind_fn WskBind;
	};
	union {
		wsk_send_to_fn send_to;
		wsk_send_to_fn WskSendTo;
	};
	union {
		wsk_receive_from_fn receive_from;
		wsk_receive_from_fn WskReceiveFrom;
	};
	union {
		wsk_release_datagrams_fn release;
		wsk_release_datagrams_fn WskRelease;
	};
	union {
		wsk_address_fn get_local_address;
		wsk_address_fn WskGetLocalAddress;
	};
	union {
		wsk_send_messages_fn send_messages;
		wsk_send_messages_fn WskSendMessages;
	};
};

/**
 * struct wsk_provider_stream_dispatch - the calls of a stream socket (WSK_FLAG_STREAM_SOCKET)
 * @basic: the basic calls (also as @Basic, and as WskControlSocket and WskCloseSocket)
 * @Basic: @basic under its WSK name
 * @WskControlSocket: wsk_control_socket()
 * @WskCloseSocket: wsk_close_socket()
 * @bind: wsk_bind()
 * @WskBind: @bind under its WSK name
 * @accept: wsk_accept()
 * @WskAccept: @accept under its WSK name
 * @connect: wsk_connect()
 * @WskConnect: @connect under its WSK name
 * @listen: wsk_listen()
 * @WskListen: @listen under its WSK name
 * @send: wsk_send()
 * @WskSend: @send under its WSK name
 * @receive: wsk_receive()
 * @WskReceive: @receive under its WSK name
 * @disconnect: wsk_disconnect()
 * @WskDisconnect: @disconnect under its WSK name
 * @release: wsk_release()
 * @WskRelease: @release under its WSK name
 * @get_local_address: wsk_get_local_address()
 * @WskGetLocalAddress: @get_local_address under its WSK name
 * @get_remote_address: wsk_get_remote_address()
 * @WskGetRemoteAddress: @get_remote_address under its WSK name
 * @connect_ex: wsk_connect_ex()
 * @WskConnectEx: @connect_ex under its WSK name
 * @send_ex: wsk_send_ex()
 * @WskSendEx: @send_ex under its WSK name
 * @receive_ex: wsk_receive_ex()
 * @WskReceiveEx: @receive_ex under its WSK name
 *
 * The table stays the socket's after wsk_listen() or wsk_connect() decided what it is; the
 * calls of the other kind then answer WSK_STATUS_INVALID_DEVICE_STATE.
 */
struct wsk_provider_stream_dispatch {
	union {
		struct wsk_provider_basic_dispatch basic;
		struct wsk_provider_basic_dispatch Basic;
		struct {
			wsk_control_socket_fn WskControlSocket;
			wsk_close_socket_fn WskCloseSocket;
		};
	};
	union {
		wsk_bind_fn bind;
		wsk_bind_fn WskBind;
	};
	union {
		wsk_accept_fn accept;
		wsk_accept_fn WskAccept;
	};
	union {
		wsk_connect_fn connect;
		wsk_connect_fn WskConnect;
	};
	union {
		wsk_listen_fn listen;
		wsk_listen_fn WskListen;
	};
	union {
		wsk_buf_op_fn send;
		wsk_buf_op_fn WskSend;
	};
	union {
		wsk_buf_op_fn receive;
		wsk_buf_op_fn WskReceive;
	};
	union {
		wsk_buf_op_fn disconnect;
		wsk_buf_op_fn WskDisconnect;
	};
	union {
		wsk_release_fn release;
		wsk_release_fn WskRelease;
	};
	union {
		wsk_address_fn get_local_address;
		wsk_address_fn WskGetLocalAddress;
	};
	union {
		wsk_address_fn get_remote_address;
		wsk_address_fn WskGetRemoteAddress;
	};
	union {
		wsk_connect_ex_fn connect_ex;
		wsk_connect_ex_fn WskConnectEx;
	};
	union {
		wsk_send_ex_fn send_ex;
		wsk_send_ex_fn WskSendEx;
	};
	union {
		wsk_receive_ex_fn receive_ex;
		wsk_receive_ex_fn WskReceiveEx;
	};
};

#endif /* _WSK_WSK_H */
