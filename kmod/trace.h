/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wsk's tracepoints (events/wsk/ in tracefs): sockets made and closed, every call of a
 * client callback with its result, every request completed, every SO_WSK_EVENT_CALLBACK
 * with its outcome. They see every client, kernel modules and /dev/wsk files alike. Sockets
 * and clients are named by their numbers, those of the system-wide view (/proc/net/wsk);
 * requests, which have none, by hashed pointers.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM wsk

#if !defined(_WSK_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _WSK_TRACE_H

#include <linux/socket.h>
#include <linux/tracepoint.h>

#include "core.h"

/* The callbacks of trace_wsk_callback(): enum wsk_ev, then those with no event flag. */
#define WSK_TRACE_CB_INSPECT	WSK_EV_COUNT
#define WSK_TRACE_CB_ABORT	(WSK_EV_COUNT + 1)

#define wsk_trace_cb_name(cb)						\
	__print_symbolic(cb, { WSK_EV_ACCEPT, "accept" },		\
			 { WSK_EV_RECEIVE, "receive" },			\
			 { WSK_EV_RECEIVE_FROM, "receive-from" },	\
			 { WSK_EV_DISCONNECT, "disconnect" },		\
			 { WSK_EV_SEND_BACKLOG, "send-backlog" },	\
			 { WSK_TRACE_CB_INSPECT, "inspect" },		\
			 { WSK_TRACE_CB_ABORT, "abort" })

/* The operation of a request that waited on a queue; "call" for one answered at once. */
#define wsk_trace_op_name(op)						\
	__print_symbolic(op, { WSK_OP_NONE, "call" },			\
			 { WSK_OP_CONNECT, "connect" },			\
			 { WSK_OP_ACCEPT, "accept" },			\
			 { WSK_OP_SEND, "send" },			\
			 { WSK_OP_RECEIVE, "receive" },			\
			 { WSK_OP_SEND_TO, "send-to" },			\
			 { WSK_OP_RECEIVE_FROM, "receive-from" },	\
			 { WSK_OP_DISCONNECT, "disconnect" },		\
			 { WSK_OP_DISABLE, "disable" },			\
			 { WSK_OP_CLOSE, "close" },			\
			 { WSK_OP_OPTION, "option" })

#define wsk_trace_category_name(c)					\
	__print_symbolic(c, { 0, "basic" },				\
			 { WSK_FLAG_LISTEN_SOCKET, "listen" },		\
			 { WSK_FLAG_CONNECTION_SOCKET, "connection" },	\
			 { WSK_FLAG_DATAGRAM_SOCKET, "datagram" },	\
			 { WSK_FLAG_STREAM_SOCKET, "stream" })

TRACE_EVENT(wsk_socket_create,
	    TP_PROTO(const struct wsk_sock *ws, const struct wsk_client *client, u32 category),
	    TP_ARGS(ws, client, category),
	    TP_STRUCT__entry(__field(unsigned int, sock)
			     __field(unsigned int, client)
			     __field(u32, category)
			     __field(int, family)),
	    TP_fast_assign(__entry->sock = ws->id;
			   __entry->client = client->id;
			   __entry->category = category;
			   __entry->family = ws->family;),
	    TP_printk("sock=%u client=%u category=%s family=%s", __entry->sock, __entry->client,
		      wsk_trace_category_name(__entry->category),
		      __entry->family == AF_INET6 ? "ipv6" : "ipv4")
);

TRACE_EVENT(wsk_socket_close,
	    TP_PROTO(const struct wsk_sock *ws),
	    TP_ARGS(ws),
	    TP_STRUCT__entry(__field(unsigned int, sock)),
	    TP_fast_assign(__entry->sock = ws->id;),
	    TP_printk("sock=%u", __entry->sock)
);

TRACE_EVENT(wsk_callback,
	    TP_PROTO(const struct wsk_sock *ws, int cb, u32 flags, u32 result),
	    TP_ARGS(ws, cb, flags, result),
	    TP_STRUCT__entry(__field(unsigned int, sock)
			     __field(int, cb)
			     __field(u32, flags)
			     __field(u32, result)),
	    TP_fast_assign(__entry->sock = ws->id;
			   __entry->cb = cb;
			   __entry->flags = flags;
			   __entry->result = result;),
	    TP_printk("sock=%u callback=%s flags=%#x result=%#x", __entry->sock,
		      wsk_trace_cb_name(__entry->cb), __entry->flags, __entry->result)
);

/* @sock: the number of the socket the request waited on, or 0 */
TRACE_EVENT(wsk_request_complete,
	    TP_PROTO(const void *req, unsigned int sock, u32 op, u32 status,
		     unsigned long information),
	    TP_ARGS(req, sock, op, status, information),
	    TP_STRUCT__entry(__field(const void *, req)
			     __field(unsigned int, sock)
			     __field(u32, op)
			     __field(u32, status)
			     __field(unsigned long, information)),
	    TP_fast_assign(__entry->req = req;
			   __entry->sock = sock;
			   __entry->op = op;
			   __entry->status = status;
			   __entry->information = information;),
	    TP_printk("req=%p sock=%u op=%s status=%#x information=%lu", __entry->req,
		      __entry->sock, wsk_trace_op_name(__entry->op), __entry->status,
		      __entry->information)
);

TRACE_EVENT(wsk_event_control,
	    TP_PROTO(const struct wsk_sock *ws, u32 mask, u32 status),
	    TP_ARGS(ws, mask, status),
	    TP_STRUCT__entry(__field(unsigned int, sock)
			     __field(u32, mask)
			     __field(u32, status)),
	    TP_fast_assign(__entry->sock = ws->id;
			   __entry->mask = mask;
			   __entry->status = status;),
	    TP_printk("sock=%u mask=%#x status=%#x", __entry->sock, __entry->mask,
		      __entry->status)
);

#endif /* _WSK_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
