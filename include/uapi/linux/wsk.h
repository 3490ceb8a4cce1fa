/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * wsk: Windows-WSK-style event-callback sockets for Linux kernel modules.
 *
 * The ioctl ABI of /dev/wsk, shared by the module and userspace tools.
 *
 * Rules that keep this ABI extensible:
 *  - every argument struct starts with __u32 size, set by userspace to sizeof() of the struct
 *    it was compiled with; the kernel accepts smaller (older) structs, zero-filling the tail,
 *    and larger ones only if the unknown tail is zero (E2BIG otherwise);
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
#define WSK_ABI_MINOR		0

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

/* Flags passed to event callbacks */
#define WSK_FLAG_ABORTIVE		0x00000001
#define WSK_FLAG_RELEASE_ASAP		0x00000002
#define WSK_FLAG_ENTIRE_MESSAGE		0x00000004
#define WSK_FLAG_AT_DISPATCH_LEVEL	0x00000008

/* Request flags: send, receive, disconnect */
#define WSK_FLAG_NODELAY		0x00000002
#define WSK_FLAG_WAITALL		0x00000002
#define WSK_FLAG_DRAIN			0x00000004

/* Socket options, IOCTLs and client control codes */
#define WSK_SOL_SOCKET			0xFFFF
#define SO_WSK_EVENT_CALLBACK		0x4002
#define SIO_WSK_QUERY_IDEAL_SEND_BACKLOG 0x4F000003
#define WSK_SET_STATIC_EVENT_CALLBACKS	7

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

#endif /* _UAPI_LINUX_WSK_H */
