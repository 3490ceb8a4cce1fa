/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * wsk: Windows-WSK-style event-callback sockets for Linux kernel modules.
 *
 * The ioctl ABI of /dev/wsk, shared by the module and userspace tools.
 *
 * Rules that keep this ABI extensible:
 *  - every argument struct starts with __u32 size, set by userspace to sizeof() of the struct
 *    it was compiled with. The kernel accepts larger (newer) structs, up to a page, only if
 *    the tail it does not know is zero (E2BIG otherwise), and writes back no more than @size
 *    bytes. Smaller ones fail with EINVAL: in ABI 1.0 every struct is in its first version,
 *    whose size is the one the command number encodes (the *_SIZE_VER0 constants name the
 *    first sizes of structs that grew: WSK_IOC_VERSION accepts WSK_IOC_VERSION_SIZE_VER0);
 *    a later minor version that grows a struct will accept the older sizes and zero-fill;
 *  - reserved fields and flag bits must be zero (EINVAL otherwise);
 *  - only fixed-width types; pointers travel as __u64;
 *  - unknown commands fail with ENOTTY.
 */
#ifndef _UAPI_LINUX_WSK_H
#define _UAPI_LINUX_WSK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define WSK_DEVICE_NAME		"wsk"

/* ABI version: major changes break userspace, minor changes only add. */
#define WSK_ABI_MAJOR		1
#define WSK_ABI_MINOR		4

/*
 * WSK constants, with the numeric values of Windows' wsk.h and ntstatus.h so that code and
 * logs written for Windows WSK keep their meaning. Shared by kernel clients (include/wsk/wsk.h)
 * and userspace (event records carry them).
 */

/* Event flags (WSK_EVENT_CALLBACK_CONTROL.EventMask) */
#define WSK_EVENT_SEND_BACKLOG		0x00000010
#define WSK_EVENT_RECEIVE		0x00000040
#define WSK_EVENT_DISCONNECT		0x00000080
#define WSK_EVENT_RECEIVE_FROM		0x00000100
#define WSK_EVENT_ACCEPT		0x00000200
#define WSK_EVENT_DISABLE		0x80000000

/* Socket categories (the Flags argument of WskSocket); BASIC is the absence of the others */
#define WSK_FLAG_BASIC_SOCKET		0x00000000
#define WSK_FLAG_LISTEN_SOCKET		0x00000001
#define WSK_FLAG_CONNECTION_SOCKET	0x00000002
#define WSK_FLAG_DATAGRAM_SOCKET	0x00000004
#define WSK_FLAG_STREAM_SOCKET		0x00000008
/* Linux extension: deliver every callback from a work item, in process context */
#define WSK_FLAG_PROCESS_CONTEXT	0x00010000

/* Flags passed to event callbacks */
#define WSK_FLAG_ABORTIVE		0x00000001
#define WSK_FLAG_RELEASE_ASAP		0x00000002
#define WSK_FLAG_ENTIRE_MESSAGE		0x00000004
#define WSK_FLAG_AT_DISPATCH_LEVEL	0x00000008

/* ControlFlags of a receive-from (Windows' MSG_* values, not Linux's) */
#define WSK_MSG_TRUNC			0x0100
#define WSK_MSG_CTRUNC			0x0200

/* Request flags: send, receive, disconnect */
#define WSK_FLAG_NODELAY		0x00000002
#define WSK_FLAG_WAITALL		0x00000002
#define WSK_FLAG_DRAIN			0x00000004

/* Socket options, IOCTLs and client control codes */
#define WSK_SOL_SOCKET			0xFFFF
#define SO_WSK_EVENT_CALLBACK		0x4002
#define SO_CONDITIONAL_ACCEPT		0x3002
#define SIO_WSK_SET_REMOTE_ADDRESS	0x8F000001
#define SIO_WSK_REGISTER_EXTENSION	0xCF000002
#define SIO_WSK_QUERY_IDEAL_SEND_BACKLOG 0x4F000003
#define SIO_WSK_QUERY_RECEIVE_BACKLOG	0x4F000004
#define SIO_WSK_QUERY_INSPECT_ID	0x4F000005
#define SIO_WSK_SET_SENDTO_ADDRESS	0x8F000006
#define SIO_WSK_SET_TCP_SILENT_MODE	0x2F000007
#define WSK_SET_STATIC_EVENT_CALLBACKS	7
#define WSK_TRANSPORT_LIST_QUERY	2
#define WSK_TDI_BEHAVIOR		8
#define WSK_TDI_BEHAVIOR_BYPASS_TDI	0x00000001

/*
 * WSK_TRANSPORT, one entry of WSK_TRANSPORT_LIST_QUERY's output, in Windows' layout. The
 * family and socket type are Linux's numbers (those wsk_socket() takes: AF_INET6 is 10
 * here); the provider id is all zero, as Linux has no transport providers.
 */
struct wsk_transport {
	__u16 version;		/* MAKE_WSK_VERSION(1, 0) */
	__u16 socket_type;	/* SOCK_STREAM, SOCK_DGRAM */
	__u32 protocol;		/* IPPROTO_TCP, IPPROTO_UDP */
	__u16 address_family;	/* AF_INET, AF_INET6 */
	__u16 reserved;
	__u8 provider_id[16];
};

/*
 * The standard option levels and options, with Windows' numbers (ws2def.h, ws2ipdef.h). They
 * carry a WSK_ prefix because Linux's own headers define the same names with other numbers.
 * Values are ULONG (32 bits) unless said otherwise.
 */
#define WSK_IPPROTO_IP			0
#define WSK_IPPROTO_TCP			6
#define WSK_IPPROTO_UDP			17
#define WSK_IPPROTO_IPV6		41

#define WSK_SO_REUSEADDR		0x0004
#define WSK_SO_KEEPALIVE		0x0008
#define WSK_SO_BROADCAST		0x0020
#define WSK_SO_LINGER			0x0080	/* struct wsk_linger */
#define WSK_SO_SNDBUF			0x1001
#define WSK_SO_RCVBUF			0x1002
#define WSK_SO_EXCLUSIVEADDRUSE		0xFFFFFFFB	/* ~SO_REUSEADDR */

#define WSK_TCP_NODELAY			1
#define WSK_TCP_KEEPALIVE		3	/* idle seconds before probes (TCP_KEEPIDLE) */
#define WSK_TCP_KEEPIDLE		WSK_TCP_KEEPALIVE
#define WSK_TCP_KEEPCNT			16
#define WSK_TCP_KEEPINTVL		17

#define WSK_IP_TOS			3
#define WSK_IP_TTL			4
#define WSK_IP_ADD_MEMBERSHIP		12	/* struct wsk_ip_mreq, set only */
#define WSK_IP_DROP_MEMBERSHIP		13	/* struct wsk_ip_mreq, set only */
#define WSK_IP_DONTFRAGMENT		14
#define WSK_IP_PKTINFO			19	/* control info: struct wsk_in_pktinfo */

#define WSK_IPV6_UNICAST_HOPS		4
#define WSK_IPV6_ADD_MEMBERSHIP		12	/* struct wsk_ipv6_mreq, set only */
#define WSK_IPV6_DROP_MEMBERSHIP	13	/* struct wsk_ipv6_mreq, set only */
#define WSK_IPV6_DONTFRAG		14
#define WSK_IPV6_PKTINFO		19	/* control info: struct wsk_in6_pktinfo */
#define WSK_IPV6_V6ONLY			27

/* LINGER: Windows' two 16-bit fields */
struct wsk_linger {
	__u16 l_onoff;
	__u16 l_linger;		/* seconds */
};

/* IP_MREQ: the group and the local interface address, both in network byte order */
struct wsk_ip_mreq {
	__u8 imr_multiaddr[4];
	__u8 imr_interface[4];
};

/* IPV6_MREQ: the group and the interface index (0: the kernel picks) */
struct wsk_ipv6_mreq {
	__u8 ipv6mr_multiaddr[16];
	__u32 ipv6mr_interface;
};

/*
 * Control info (WSK_DATAGRAM_INDICATION.ControlInfo): a sequence of CMSGHDRs as on Windows,
 * whose header has the layout of Linux's struct cmsghdr on 64-bit machines (a size_t length,
 * an int level, an int type, the data 8-byte aligned) but Windows' level and type numbers:
 * WSK_IPPROTO_IP / WSK_IP_PKTINFO with a struct wsk_in_pktinfo, WSK_IPPROTO_IPV6 /
 * WSK_IPV6_PKTINFO with a struct wsk_in6_pktinfo.
 */
struct wsk_in_pktinfo {
	__u8 ipi_addr[4];	/* the datagram's destination address */
	__u32 ipi_ifindex;	/* the interface it came in on */
};

struct wsk_in6_pktinfo {
	__u8 ipi6_addr[16];
	__u32 ipi6_ifindex;
};

/* WSK_CONTROL_SOCKET_TYPE */
#define WSK_SET_OPTION			0
#define WSK_GET_OPTION			1
#define WSK_IOCTL			2

/* NTSTATUS values used by wsk (as unsigned 32-bit numbers; negative as NTSTATUS) */
#define WSK_STATUS_SUCCESS			0x00000000
#define WSK_STATUS_PENDING			0x00000103
#define WSK_STATUS_EVENT_PENDING		0x40000013
#define WSK_STATUS_BUFFER_OVERFLOW		0x80000005
#define WSK_STATUS_NOT_IMPLEMENTED		0xC0000002
#define WSK_STATUS_INVALID_PARAMETER		0xC000000D
#define WSK_STATUS_INVALID_DEVICE_REQUEST	0xC0000010
#define WSK_STATUS_MORE_PROCESSING_REQUIRED	0xC0000016
#define WSK_STATUS_ACCESS_DENIED		0xC0000022
#define WSK_STATUS_NO_MEMORY			0xC0000017
#define WSK_STATUS_INSUFFICIENT_RESOURCES	0xC000009A
#define WSK_STATUS_DEVICE_NOT_READY		0xC00000A3
#define WSK_STATUS_IO_TIMEOUT			0xC00000B5
#define WSK_STATUS_FILE_FORCED_CLOSED		0xC00000B6
#define WSK_STATUS_NOT_SUPPORTED		0xC00000BB
#define WSK_STATUS_REQUEST_NOT_ACCEPTED		0xC00000D0
#define WSK_STATUS_CANCELLED			0xC0000120
#define WSK_STATUS_INVALID_DEVICE_STATE		0xC0000184
#define WSK_STATUS_CONNECTION_DISCONNECTED	0xC000020C
#define WSK_STATUS_CONNECTION_RESET		0xC000020D
#define WSK_STATUS_DATA_NOT_ACCEPTED		0xC000021B
#define WSK_STATUS_CONNECTION_REFUSED		0xC0000236
#define WSK_STATUS_GRACEFUL_DISCONNECT		0xC0000237
#define WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED	0xC0000238
#define WSK_STATUS_CONNECTION_ABORTED		0xC0000241
#define WSK_STATUS_NETWORK_UNREACHABLE		0xC000023C
#define WSK_STATUS_HOST_UNREACHABLE		0xC000023D
#define WSK_STATUS_INVALID_ADDRESS		0xC0000141
#define WSK_STATUS_ADDRESS_NOT_ASSOCIATED	0xC0000239
#define WSK_STATUS_NOINTERFACE			0xC00002B9
#define WSK_STATUS_NOT_FOUND			0xC0000225

#define WSK_IOC_MAGIC		0xE8

/**
 * struct wsk_ioc_version - WSK_IOC_VERSION: what the loaded module speaks
 * @size:	in: sizeof(struct wsk_ioc_version) as userspace knows it
 * @flags:	in: must be zero
 * @abi_major:	out: WSK_ABI_MAJOR of the module
 * @abi_minor:	out: WSK_ABI_MINOR of the module
 * @kernel_release: out: the running kernel's release string, NUL-terminated
 */
struct wsk_ioc_version {
	__u32 size;
	__u32 flags;
	__u32 abi_major;
	__u32 abi_minor;
	char kernel_release[64];
};

#define WSK_IOC_VERSION_SIZE_VER0	80

#define WSK_IOC_VERSION		_IOWR(WSK_IOC_MAGIC, 0x00, struct wsk_ioc_version)

/**
 * struct wsk_addr - an IPv4 or IPv6 socket address, fixed size
 * @family:	AF_INET, AF_INET6, or 0 for "no address"
 * @port:	port, host byte order
 * @scope_id:	IPv6 scope (interface index), else 0
 * @addr:	the address in network byte order; IPv4 uses the first 4 bytes
 */
struct wsk_addr {
	__u16 family;
	__u16 port;
	__u32 scope_id;
	__u8 addr[16];
};

/*
 * Sockets are named by handles, small numbers local to the open file. Handle 0 is never used.
 *
 * Per-open limits (module parameters of wsk, in /sys/module/wsk/parameters; a change applies
 * to later calls). Past each, the call fails with its own errno and changes nothing:
 *  - max_sockets (default 1024): handles, accepted ones included: EMFILE from WSK_IOC_SOCKET
 *    and from an accept request; a connection for the accept event is refused (the peer
 *    sees a reset, the listener's accept record has WSK_RECORD_F_NULL clear and status
 *    STATUS_REQUEST_NOT_ACCEPTED);
 *  - max_requests (default 1024): requests in flight: ENOSPC from WSK_IOC_REQUEST;
 *  - max_request_bytes (default 64 MiB): the data buffers of the requests in flight:
 *    ENOBUFS from WSK_IOC_REQUEST;
 *  - max_services (default 16): EDQUOT from WSK_SERVICE_START;
 *  - max_holds (default 64, at most 128; and 128 for all files together): held callbacks;
 *    not an errno, see WSK_POLICY_F_HOLD.
 * What the kernel allocates for a file is charged to the opener's memory cgroup.
 */

/**
 * struct wsk_ioc_socket - WSK_IOC_SOCKET: create a socket (WskSocket)
 * @size:	sizeof(struct wsk_ioc_socket)
 * @flags:	one WSK_FLAG_*_SOCKET category (none: basic), optionally
 *		WSK_FLAG_PROCESS_CONTEXT (callbacks from a work item; needed for WSK_POLICY_F_HOLD)
 * @family:	AF_INET or AF_INET6
 * @type:	SOCK_STREAM or SOCK_DGRAM
 * @protocol:	0, IPPROTO_TCP or IPPROTO_UDP
 * @handle:	out: the new socket
 * @status:	out: the WSK status (also mapped to the ioctl's errno)
 * @reserved:	must be zero
 */
struct wsk_ioc_socket {
	__u32 size;
	__u32 flags;
	__u32 family;
	__u32 type;
	__u32 protocol;
	__u32 handle;
	__u32 status;
	__u32 reserved;
};

#define WSK_IOC_SOCKET		_IOWR(WSK_IOC_MAGIC, 0x01, struct wsk_ioc_socket)

/* Request operations (struct wsk_ioc_request.op) */
#define WSK_REQ_BIND		1	/* @addr; on a listen socket this starts listening */
#define WSK_REQ_CONNECT		2	/* @addr: the peer; the socket must be bound */
#define WSK_REQ_ACCEPT		3	/* out @new_handle, @addr (remote) */
#define WSK_REQ_SEND		4	/* @buf, @len; @wsk_flags: WSK_FLAG_NODELAY */
#define WSK_REQ_RECEIVE		5	/* @buf, @len (0: restart indications); WSK_FLAG_WAITALL,
					 * or WSK_FLAG_DRAIN with @len 0 (ABI 1.3)
					 */
#define WSK_REQ_SEND_TO		6	/* @buf, @len, @addr: destination (family 0: the default) */
#define WSK_REQ_RECEIVE_FROM	7	/* @buf, @len, out @addr: source */
#define WSK_REQ_DISCONNECT	8	/* @wsk_flags 0 or WSK_FLAG_ABORTIVE; final @buf */
#define WSK_REQ_CLOSE		9	/* the handle is gone once the close completes */
#define WSK_REQ_LOCAL_ADDRESS	10	/* out @addr */
#define WSK_REQ_REMOTE_ADDRESS	11	/* out @addr */
/* 12 and 13 are the ops of control and option records (WSK_REQ_CONTROL, WSK_REQ_OPTION) */
#define WSK_REQ_CONNECT_EX	14	/* ABI 1.3, WskConnectEx: @addr the peer, first data
					 * at @buf, @len (at most 65535 bytes, else
					 * STATUS_BUFFER_OVERFLOW); @information: bytes sent
					 */
#define WSK_REQ_SEND_MESSAGES	15	/* ABI 1.3, WskSendMessages: @addr as for send-to;
					 * @buf, @len: the datagrams one after another, each
					 * after its length as a __u32 in host byte order (at
					 * least one, at most WSK_SEND_MESSAGES_MAX, else
					 * EINVAL); @information: bytes sent
					 */
#define WSK_REQ_LISTEN		16	/* ABI 1.4, WskListen: a bound stream socket becomes a
					 * listener
					 */

/* The most datagrams one WSK_REQ_SEND_MESSAGES request carries */
#define WSK_SEND_MESSAGES_MAX	1024

/* struct wsk_ioc_request.flags */
#define WSK_REQ_F_ASYNC		0x1	/* return at once; the completion is an event record */

/**
 * struct wsk_ioc_request - WSK_IOC_REQUEST: one WSK request on a socket
 * @size:	sizeof(struct wsk_ioc_request)
 * @flags:	WSK_REQ_F_*
 * @op:		WSK_REQ_*
 * @handle:	the socket
 * @wsk_flags:	the request's WSK flags (WSK_FLAG_WAITALL, _NODELAY, _ABORTIVE)
 * @reserved:	must be zero
 * @buf:	user pointer to the data (send) or to where it goes (receive); synchronous
 *		requests only read or write it during the ioctl, asynchronous sends copy it at
 *		once and asynchronous receives return at most WSK_EVENT_DATA_MAX bytes in their
 *		completion record
 * @len:	bytes at @buf (at most 16 MiB)
 * @addr:	in: bind, connect and send-to address; out: accept, receive-from and address
 *		queries
 * @request_id:	out: identifies the request in event records
 * @status:	out: the final WSK status (synchronous), or WSK_STATUS_PENDING (asynchronous)
 * @new_handle:	out: the accepted socket (accept)
 * @information: out: bytes transferred
 *
 * A synchronous request waits for its completion; a signal ends the wait with -EINTR and the
 * request goes on, reported by an event record. The ioctl returns 0 whenever the request was
 * made, whatever its WSK status; errno is for bad ioctl input and the per-open limits
 * (ENOSPC, ENOBUFS, EMFILE for an accept) only.
 */
struct wsk_ioc_request {
	__u32 size;
	__u32 flags;
	__u32 op;
	__u32 handle;
	__u32 wsk_flags;
	__u32 reserved;
	__u64 buf;
	__u64 len;
	struct wsk_addr addr;
	__u64 request_id;
	__u32 status;
	__u32 new_handle;
	__u64 information;
};

#define WSK_IOC_REQUEST		_IOWR(WSK_IOC_MAGIC, 0x02, struct wsk_ioc_request)

/* struct wsk_ioc_control.flags */
#define WSK_CTL_F_REQUEST	0x1	/* pass a request (the IRP) with the control call */

/**
 * struct wsk_ioc_control - WSK_IOC_CONTROL: SO_WSK_EVENT_CALLBACK on a socket
 * @size:	sizeof(struct wsk_ioc_control)
 * @flags:	WSK_CTL_F_*
 * @handle:	the socket
 * @event_mask:	WSK_EVENT_* flags to enable, or one flag | WSK_EVENT_DISABLE
 * @status:	out: what WskControlSocket returned: STATUS_SUCCESS, STATUS_PENDING (the request
 *		completes later: an event record of kind WSK_RECORD_COMPLETE with
 *		op WSK_REQ_CONTROL), STATUS_EVENT_PENDING, or an error status
 * @reserved:	must be zero
 * @request_id:	out: the request's id, with WSK_CTL_F_REQUEST
 *
 * With WSK_CTL_F_REQUEST the request always ends in one WSK_RECORD_COMPLETE record, also when
 * @status is final at once.
 */
struct wsk_ioc_control {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 event_mask;
	__u32 status;
	__u32 reserved;
	__u64 request_id;
};

/* The op of a control request's completion record */
#define WSK_REQ_CONTROL		12

#define WSK_IOC_CONTROL		_IOWR(WSK_IOC_MAGIC, 0x03, struct wsk_ioc_control)

/**
 * struct wsk_ioc_static - WSK_IOC_STATIC: WSK_SET_STATIC_EVENT_CALLBACKS for this file's client
 * @size:	sizeof(struct wsk_ioc_static)
 * @flags:	must be zero
 * @event_mask:	WSK_EVENT_* flags
 * @status:	out: STATUS_SUCCESS, or STATUS_INVALID_DEVICE_STATE once a socket exists
 */
struct wsk_ioc_static {
	__u32 size;
	__u32 flags;
	__u32 event_mask;
	__u32 status;
};

#define WSK_IOC_STATIC		_IOWR(WSK_IOC_MAGIC, 0x04, struct wsk_ioc_static)

/**
 * struct wsk_ioc_backlog - WSK_IOC_QUERY_BACKLOG: SIO_WSK_QUERY_IDEAL_SEND_BACKLOG
 * @size:	sizeof(struct wsk_ioc_backlog)
 * @flags:	must be zero
 * @handle:	a connected connection socket
 * @status:	out: the WSK status
 * @backlog:	out: the ideal send backlog in bytes
 */
struct wsk_ioc_backlog {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 status;
	__u64 backlog;
};

#define WSK_IOC_QUERY_BACKLOG	_IOWR(WSK_IOC_MAGIC, 0x05, struct wsk_ioc_backlog)

/* Bytes of struct wsk_ioc_option.value */
#define WSK_OPTION_VALUE_MAX	32

/* The op of an option request's completion record */
#define WSK_REQ_OPTION		13

/**
 * struct wsk_ioc_option - WSK_IOC_OPTION: a socket option or IOCTL (WskControlSocket; ABI 1.1)
 * @size:	sizeof(struct wsk_ioc_option)
 * @flags:	must be zero
 * @handle:	the socket
 * @request_type: WSK_SET_OPTION, WSK_GET_OPTION or WSK_IOCTL
 * @level:	the option's level (WSK_SOL_SOCKET, WSK_IPPROTO_*), 0 for an IOCTL
 * @code:	the option or IOCTL, with Windows' numbers (WSK_SO_*, WSK_TCP_*, WSK_IP_*,
 *		WSK_IPV6_*, SIO_WSK_*); SO_WSK_EVENT_CALLBACK goes through WSK_IOC_CONTROL
 *		(EINVAL here)
 * @in_len:	bytes of @value that are the input (at most WSK_OPTION_VALUE_MAX)
 * @out_len:	in: the room for output in @value (at most WSK_OPTION_VALUE_MAX); out: the
 *		bytes written there
 * @status:	out: the final WSK status
 * @reserved:	must be zero
 * @request_id:	out: the request's id; if a signal ends the wait (EINTR) the completion is an
 *		event record of kind WSK_RECORD_COMPLETE with op WSK_REQ_OPTION
 * @value:	in: the input (a ULONG, struct wsk_linger, struct wsk_ip_mreq, a socket
 *		address...); out: the output (a ULONG, a SIZE_T...)
 *
 * The call waits for the request to complete. The ioctl returns 0 whenever the request was
 * made, whatever its WSK status.
 */
struct wsk_ioc_option {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 request_type;
	__u32 level;
	__u32 code;
	__u32 in_len;
	__u32 out_len;
	__u32 status;
	__u32 reserved;
	__u64 request_id;
	__u8 value[WSK_OPTION_VALUE_MAX];
};

#define WSK_IOC_OPTION		_IOWR(WSK_IOC_MAGIC, 0x0B, struct wsk_ioc_option)

/* struct wsk_ioc_sockinfo.state bits */
#define WSK_SI_BOUND		0x0001	/* bound (listen sockets: listening) */
#define WSK_SI_CONNECTED	0x0002
#define WSK_SI_CONNECTING	0x0004
#define WSK_SI_CLOSING		0x0008
#define WSK_SI_DEAD		0x0010	/* failed: requests get STATUS_FILE_FORCED_CLOSED */
#define WSK_SI_PEER_FIN		0x0020	/* the peer disconnected gracefully */
#define WSK_SI_PEER_RESET	0x0040	/* the connection was reset */
#define WSK_SI_RX_STALLED	0x0080	/* no indication until a receive request completes */
#define WSK_SI_ACCEPTED_EVENT	0x0100	/* handed over by the accept event */
#define WSK_SI_STREAM		0x0200	/* ABI 1.4: made as a stream socket; @category tells
					 * what its listen or first connect made it
					 */

/**
 * struct wsk_ioc_sockinfo - WSK_IOC_SOCKINFO: everything about one socket
 * @size:	sizeof(struct wsk_ioc_sockinfo)
 * @flags:	must be zero
 * @handle:	the socket
 * @category:	out: WSK_FLAG_*_SOCKET (0: basic): what the socket is now (a stream socket
 *		is WSK_FLAG_STREAM_SOCKET until its listen or first connect, then a listen or
 *		connection socket, with WSK_SI_STREAM in @state)
 * @sock_flags:	out: WSK_FLAG_PROCESS_CONTEXT if set
 * @state:	out: WSK_SI_*
 * @enabled:	out: the event callbacks that may be called now
 * @static_mask: out: those of them enabled statically
 * @inherited:	out: listeners: the connection flags children inherit
 * @in_progress: out: callbacks running now (held ones included)
 * @held:	out: callbacks held by the hold policy
 * @retained_lists: out: indication lists retained and not yet released
 * @retained_bytes: out: their bytes
 * @local:	out: bound address, if any
 * @remote:	out: connected peer, if any
 * @parent:	out: the listener that accepted it, or 0
 * @reserved:	zero
 * @callbacks:	out: callbacks called, all events
 * @indicated_bytes: out: bytes indicated to receive(-from) callbacks
 * @completions: out: requests completed
 */
struct wsk_ioc_sockinfo {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 category;
	__u32 sock_flags;
	__u32 state;
	__u32 enabled;
	__u32 static_mask;
	__u32 inherited;
	__u32 in_progress;
	__u32 held;
	__u32 retained_lists;
	__u64 retained_bytes;
	struct wsk_addr local;
	struct wsk_addr remote;
	__u32 parent;
	__u32 reserved;
	__u64 callbacks;
	__u64 indicated_bytes;
	__u64 completions;
};

#define WSK_IOC_SOCKINFO	_IOWR(WSK_IOC_MAGIC, 0x06, struct wsk_ioc_sockinfo)

/* Policy actions (struct wsk_ioc_policy.action) */
#define WSK_POLICY_ACCEPT	0	/* accept event: keep the connection (default) */
#define WSK_POLICY_REJECT	1	/* accept event: STATUS_REQUEST_NOT_ACCEPTED */
#define WSK_POLICY_CONSUME	2	/* receive(-from): STATUS_SUCCESS, all bytes (default) */
#define WSK_POLICY_ACCEPT_BYTES	3	/* receive: STATUS_SUCCESS with *BytesAccepted = @bytes */
#define WSK_POLICY_RETAIN	4	/* receive(-from): STATUS_PENDING; release by command */
#define WSK_POLICY_DECLINE	5	/* receive(-from): STATUS_DATA_NOT_ACCEPTED */
#define WSK_POLICY_PEND		6	/* inspect: WskInspectPend; decide with WSK_IOC_INSPECT */

/*
 * struct wsk_ioc_policy.event for the inspect event of conditional accept (ABI 1.2), which
 * has no WSK_EVENT_* flag: actions WSK_POLICY_ACCEPT (the default), _REJECT or _PEND; no hold.
 */
#define WSK_POLICY_EVENT_INSPECT	0x00010000

/* struct wsk_ioc_policy.flags */
/*
 * The callback stays in progress until WSK_IOC_UNHOLD. A file holds at most max_holds
 * callbacks at once (module parameter, default 64, at most 128), and all files together at
 * most 128; past that a callback is not held and a WSK_RECORD_HOLD_REFUSED record says so.
 */
#define WSK_POLICY_F_HOLD	0x1

/**
 * struct wsk_ioc_policy - WSK_IOC_POLICY: how the built-in client answers one event
 * @size:	sizeof(struct wsk_ioc_policy)
 * @flags:	WSK_POLICY_F_*; hold needs a socket made with WSK_FLAG_PROCESS_CONTEXT
 * @handle:	the socket; children of the accept event start with their listener's policy
 * @event:	one WSK_EVENT_* flag
 * @action:	WSK_POLICY_*, valid for @event
 * @reserved:	must be zero
 * @bytes:	for WSK_POLICY_ACCEPT_BYTES
 */
struct wsk_ioc_policy {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 event;
	__u32 action;
	__u32 reserved;
	__u64 bytes;
};

#define WSK_IOC_POLICY		_IOWR(WSK_IOC_MAGIC, 0x07, struct wsk_ioc_policy)

/* struct wsk_ioc_release.flags */
#define WSK_RELEASE_F_ALL	0x1	/* every retained list of the socket */

/**
 * struct wsk_ioc_release - WSK_IOC_RELEASE: WskRelease of retained indication lists
 * @size:	sizeof(struct wsk_ioc_release)
 * @flags:	WSK_RELEASE_F_*
 * @handle:	the socket
 * @retained_id: the list to release (from its event record), unless WSK_RELEASE_F_ALL
 * @released:	out: lists released
 * @status:	out: the WSK status of the (last) release
 */
struct wsk_ioc_release {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 retained_id;
	__u32 released;
	__u32 status;
};

#define WSK_IOC_RELEASE		_IOWR(WSK_IOC_MAGIC, 0x08, struct wsk_ioc_release)

/**
 * struct wsk_ioc_unhold - WSK_IOC_UNHOLD: let held callbacks return
 * @size:	sizeof(struct wsk_ioc_unhold)
 * @flags:	must be zero
 * @handle:	the socket
 * @event:	one WSK_EVENT_* flag, or 0 for every event of the socket
 * @released:	out: callbacks let go
 * @reserved:	must be zero
 */
struct wsk_ioc_unhold {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 event;
	__u32 released;
	__u32 reserved;
};

#define WSK_IOC_UNHOLD		_IOWR(WSK_IOC_MAGIC, 0x09, struct wsk_ioc_unhold)

/* In-kernel services (struct wsk_ioc_service) */
#define WSK_SERVICE_START	1
#define WSK_SERVICE_STOP	2
#define WSK_SERVICE_STATS	3
#define WSK_SERVICE_ECHO	1
#define WSK_SERVICE_DISCARD	2

/**
 * struct wsk_ioc_service - WSK_IOC_SERVICE: in-kernel echo and discard services
 * @size:	sizeof(struct wsk_ioc_service)
 * @flags:	must be zero
 * @op:		WSK_SERVICE_START, _STOP or _STATS
 * @kind:	WSK_SERVICE_ECHO or _DISCARD (start)
 * @protocol:	IPPROTO_TCP or IPPROTO_UDP (start)
 * @id:		out for start, in for stop and stats
 * @addr:	start: where to listen (port 0: any); out: the bound address
 * @connections: out: connections accepted (TCP)
 * @active:	out: connections open now (TCP)
 * @reserved:	must be zero
 * @bytes_in:	out: bytes received
 * @bytes_out:	out: bytes sent
 * @datagrams_in: out: datagrams received (UDP)
 * @datagrams_out: out: datagrams sent (UDP)
 * @drops:	out: data the service could not handle (allocation failures, full queues), and
 *		connections refused because the service had max_service_conns open
 *
 * A service belongs to the file that started it and stops when it is closed; its traffic
 * produces no event records. A file runs at most max_services at once (module parameter,
 * default 16): a start beyond fails with EDQUOT.
 */
struct wsk_ioc_service {
	__u32 size;
	__u32 flags;
	__u32 op;
	__u32 kind;
	__u32 protocol;
	__u32 id;
	struct wsk_addr addr;
	__u64 connections;
	__u32 active;
	__u32 reserved;
	__u64 bytes_in;
	__u64 bytes_out;
	__u64 datagrams_in;
	__u64 datagrams_out;
	__u64 drops;
};

#define WSK_IOC_SERVICE		_IOWR(WSK_IOC_MAGIC, 0x0A, struct wsk_ioc_service)

/* struct wsk_ioc_inspect.action (WSK_INSPECT_ACTION) */
#define WSK_INSPECT_ACTION_REJECT	0
#define WSK_INSPECT_ACTION_ACCEPT	1

/**
 * struct wsk_ioc_inspect - WSK_IOC_INSPECT: WskInspectComplete for a pended request (ABI 1.2)
 * @size:	sizeof(struct wsk_ioc_inspect)
 * @flags:	must be zero
 * @handle:	the conditional listener
 * @action:	WSK_INSPECT_ACTION_ACCEPT or _REJECT
 * @key:	the request's key (@bytes of its WSK_RECORD_INSPECT record)
 * @serial:	its serial number (@retained_id of that record)
 * @status:	out: the WSK status of the call
 *
 * Return: 0 with @status set whenever the call was made; EBADF for a bad handle; EINVAL for
 * nonzero @flags or another @action.
 */
struct wsk_ioc_inspect {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 action;
	__u64 key;
	__u32 serial;
	__u32 status;
};

#define WSK_IOC_INSPECT		_IOWR(WSK_IOC_MAGIC, 0x0C, struct wsk_ioc_inspect)

/*
 * Name resolution (WskGetAddressInfo, WskGetNameInfo; ABI 1.4). The flags have the values of
 * Windows' ws2def.h (also glibc's): ADDRINFOEXW.ai_flags and GetNameInfo's Flags. The name
 * spaces are Windows' NS_ALL and NS_DNS.
 */
#define WSK_AI_PASSIVE		0x01	/* NULL node: the wildcard address, not loopback */
#define WSK_AI_CANONNAME	0x02	/* the first result carries the canonical name */
#define WSK_AI_NUMERICHOST	0x04	/* the node must be a numeric address */
#define WSK_AI_NUMERICSERV	0x08	/* the service must be a port number */
#define WSK_NI_NOFQDN		0x01	/* accepted; changes nothing (no names are given) */
#define WSK_NI_NUMERICHOST	0x02	/* the numeric host (always what is given) */
#define WSK_NI_NAMEREQD		0x04	/* a host name is required: STATUS_NOT_FOUND */
#define WSK_NI_NUMERICSERV	0x08	/* the port number, not the service name */
#define WSK_NI_DGRAM		0x10	/* the service name of UDP, not TCP */
#define WSK_NS_ALL		0
#define WSK_NS_DNS		12

/* The longest host name (without its NUL) and service name (with it). */
#define WSK_NAME_MAX		255
#define WSK_SERVICE_MAX		32

/* struct wsk_ioc_resolve.op */
#define WSK_RESOLVE_ADDRESS	1	/* WskGetAddressInfo: @node, @service -> @results */
#define WSK_RESOLVE_NAME	2	/* WskGetNameInfo: @addr -> @node, @service */

/* The most results WSK_RESOLVE_ADDRESS gives (and a result list of wsk has). */
#define WSK_RESOLVE_RESULTS_MAX	64

/**
 * struct wsk_resolve_result - one entry of WskGetAddressInfo's result list
 * @socktype:	SOCK_STREAM or SOCK_DGRAM
 * @protocol:	IPPROTO_TCP or IPPROTO_UDP
 * @addr:	the address and port
 */
struct wsk_resolve_result {
	__u32 socktype;
	__u32 protocol;
	struct wsk_addr addr;
};

/**
 * struct wsk_ioc_resolve - WSK_IOC_RESOLVE: name resolution for this file's client (ABI 1.4)
 * @size:	sizeof(struct wsk_ioc_resolve)
 * @flags:	must be zero
 * @op:		WSK_RESOLVE_ADDRESS or WSK_RESOLVE_NAME
 * @ai_flags:	WSK_AI_* (address) or WSK_NI_* (name); the call checks them
 * @family:	address: the family hint, 0, AF_INET or AF_INET6 (Linux's numbers)
 * @socktype:	address: the socket type hint, 0, SOCK_STREAM or SOCK_DGRAM
 * @protocol:	address: the protocol hint, 0, IPPROTO_TCP or IPPROTO_UDP
 * @status:	out: the WSK status of the call
 * @max_results: address: entries at @results, at most WSK_RESOLVE_RESULTS_MAX
 * @count:	out: address: entries of the result list; min(@count, @max_results) of them
 *		are written to @results, in list order
 * @results:	address: user pointer to @max_results struct wsk_resolve_result (0 if
 *		@max_results is 0)
 * @addr:	name: in, the address (and port) to give the names of
 * @node:	address: in, the host, NUL-terminated; empty for none (a NULL node). Name:
 *		out, the host
 * @service:	address: in, the service, NUL-terminated; empty for none. Name: out
 * @canonname:	address: out, the canonical name with WSK_AI_CANONNAME, else empty
 *
 * The call waits for its result, also when that takes a DNS upcall (the wait cannot be
 * interrupted; the upcall's helper bounds it).
 *
 * Return: 0 with @status set whenever the call was made; EINVAL for nonzero @flags, another
 * @op, a @node or @service without its NUL, @max_results above WSK_RESOLVE_RESULTS_MAX or
 * without @results, or an @addr family other than AF_INET and AF_INET6 (name); EFAULT if
 * @results cannot be written (the list is freed).
 */
struct wsk_ioc_resolve {
	__u32 size;
	__u32 flags;
	__u32 op;
	__u32 ai_flags;
	__u32 family;
	__u32 socktype;
	__u32 protocol;
	__u32 status;
	__u32 max_results;
	__u32 count;
	__u64 results;
	struct wsk_addr addr;
	char node[WSK_NAME_MAX + 1];
	char service[WSK_SERVICE_MAX];
	char canonname[WSK_NAME_MAX + 1];
};

#define WSK_IOC_RESOLVE		_IOWR(WSK_IOC_MAGIC, 0x0D, struct wsk_ioc_resolve)

/* Event record kinds (struct wsk_event.kind) */
#define WSK_RECORD_ACCEPT	1	/* accept callback; @new_handle (0: the NULL socket) */
#define WSK_RECORD_RECEIVE	2	/* receive callback; @bytes indicated (NULL: @status) */
#define WSK_RECORD_RECEIVE_FROM	3	/* receive-from callback; one record per datagram */
#define WSK_RECORD_DISCONNECT	4	/* disconnect callback; @flags has WSK_FLAG_ABORTIVE */
#define WSK_RECORD_SEND_BACKLOG	5	/* send-backlog callback; @bytes: the ideal backlog */
#define WSK_RECORD_COMPLETE	6	/* a request completed; @op, @request_id, @status */
#define WSK_RECORD_HELD		7	/* a callback is now held; @op: its WSK_EVENT_* */
#define WSK_RECORD_HOLD_REFUSED	8	/* not held: max_holds are held already; @op: its event */
/*
 * Conditional accept (ABI 1.2): the inspect event (@status: the WSK_INSPECT_ACTION answered;
 * @bytes: the request's key; @retained_id: its serial number; @addr: the peer; NULL: the
 * listener failed) and the abort event (@bytes, @retained_id: the request aborted).
 */
#define WSK_RECORD_INSPECT	9
#define WSK_RECORD_ABORT	10

/* struct wsk_event.flags bits beyond the callback flags */
#define WSK_RECORD_F_NULL	0x10000	/* the callback got a NULL indication or socket */

#define WSK_EVENT_DATA_MAX	64

/**
 * struct wsk_event - one record read() from /dev/wsk
 * @seq:	sequence number, from 1, per file; a gap means records were dropped
 * @time_ns:	CLOCK_MONOTONIC time of the callback or completion
 * @kind:	WSK_RECORD_*
 * @handle:	the socket
 * @flags:	the callback's flags (WSK_FLAG_AT_DISPATCH_LEVEL, ...), WSK_RECORD_F_*
 * @status:	what the callback returned, or the request's final status
 * @bytes:	bytes indicated or transferred, or the ideal send backlog
 * @request_id:	completions: the request
 * @op:		completions: the WSK_REQ_* operation
 * @new_handle:	accept: the new socket
 * @dropped:	records dropped (queue full) since the previous record
 * @retained_id: receive(-from) records of retained lists: the id to release
 * @addr:	the remote address, where there is one
 * @data_len:	bytes in @data
 * @reserved:	zero
 * @data:	the first bytes of the data indicated or received
 *
 * Each read() returns whole records; the file queues at most 4096 of them and drops the
 * oldest when full. poll() reports POLLIN while records are queued.
 */
struct wsk_event {
	__u64 seq;
	__u64 time_ns;
	__u32 kind;
	__u32 handle;
	__u32 flags;
	__u32 status;
	__u64 bytes;
	__u64 request_id;
	__u32 op;
	__u32 new_handle;
	__u32 dropped;
	__u32 retained_id;
	struct wsk_addr addr;
	__u32 data_len;
	__u32 reserved;
	__u8 data[WSK_EVENT_DATA_MAX];
};

#endif /* _UAPI_LINUX_WSK_H */
