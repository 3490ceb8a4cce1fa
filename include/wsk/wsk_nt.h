/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wsk_nt.h: Windows' WSK names over wsk, for porting a Windows WSK client.
 *
 * With this header, the WSK parts of a client compile as they were written for Windows:
 * the types (PWSK_SOCKET, WSK_BUF, WSK_EVENT_CALLBACK_CONTROL, NTSTATUS, ...), the STATUS_*
 * values, registration and the provider NPI (WskRegister, WskCaptureProviderNPI,
 * ProviderNpi.Dispatch->WskSocket, ...), the socket dispatch tables (Dispatch->WskSend,
 * ->WskControlSocket, the client tables' WskReceiveEvent, ...), and the IRP's result
 * (Irp->IoStatus.Status). What must change, and why, is in README.md ("Porting a Windows WSK
 * client"); in short:
 *
 *  - an IRP is a struct wsk_request, and its completion routine is a
 *    void routine(PIRP Irp), which finds its context in Irp->context: a Linux kernel has no
 *    I/O manager to run IoCompletion routines, and wsk completes each request exactly once
 *    through that one function;
 *  - an MDL is a kernel buffer described by IoAllocateMdl() here (page segments, as a
 *    struct wsk_buf), and a WSK_BUF is filled by WskNtInitBuf() rather than by assigning
 *    its Mdl, Offset and Length members;
 *  - the standard option levels and numbers are WSK_SOL_SOCKET, WSK_SO_*, WSK_TCP_*,
 *    WSK_IP_*, WSK_IPV6_* (uapi/linux/wsk.h), because Linux's headers define SOL_SOCKET,
 *    SO_REUSEADDR and the rest with other values;
 *  - WskRegister() registers in the initial network namespace; WskSocket()'s OwningProcess,
 *    OwningThread and SecurityDescriptor have no Linux counterpart and are ignored.
 *
 * Everything here is an inline function, a macro or a type over the exported API of
 * <wsk/wsk.h>; a client built with it needs wsk.ko and nothing else.
 */
#ifndef _WSK_WSK_NT_H
#define _WSK_WSK_NT_H

#include <wsk/wsk.h>

#include <linux/build_bug.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <net/net_namespace.h>

/* Base types of the Windows kernel headers */
typedef void VOID;
typedef void *PVOID;
typedef u8 UCHAR;
typedef u8 BOOLEAN;
typedef u16 USHORT;
typedef u32 ULONG, *PULONG;
typedef s32 LONG;
typedef unsigned long ULONG_PTR;
typedef size_t SIZE_T, *PSIZE_T;
typedef u16 ADDRESS_FAMILY;
typedef wsk_status_t NTSTATUS;
typedef struct sockaddr SOCKADDR, *PSOCKADDR;
typedef struct sockaddr_in SOCKADDR_IN, *PSOCKADDR_IN;
typedef struct sockaddr_in6 SOCKADDR_IN6, *PSOCKADDR_IN6;
typedef struct sockaddr_storage SOCKADDR_STORAGE, *PSOCKADDR_STORAGE;
typedef struct cmsghdr CMSGHDR, *PCMSGHDR;
typedef union {
	s64 QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

#ifndef TRUE
#define TRUE	1
#define FALSE	0
#endif

#define NT_SUCCESS(status)	wsk_success(status)

/* NTSTATUS values, as NTSTATUS */
#define STATUS_SUCCESS			WSK_ST(WSK_STATUS_SUCCESS)
#define STATUS_TIMEOUT			WSK_ST(0x00000102)
#define STATUS_UNSUCCESSFUL		WSK_ST(0xC0000001)
#define STATUS_PENDING			WSK_ST(WSK_STATUS_PENDING)
#define STATUS_EVENT_PENDING		WSK_ST(WSK_STATUS_EVENT_PENDING)
#define STATUS_BUFFER_OVERFLOW		WSK_ST(WSK_STATUS_BUFFER_OVERFLOW)
#define STATUS_NOT_IMPLEMENTED		WSK_ST(WSK_STATUS_NOT_IMPLEMENTED)
#define STATUS_INVALID_PARAMETER	WSK_ST(WSK_STATUS_INVALID_PARAMETER)
#define STATUS_INVALID_DEVICE_REQUEST	WSK_ST(WSK_STATUS_INVALID_DEVICE_REQUEST)
#define STATUS_MORE_PROCESSING_REQUIRED	WSK_ST(WSK_STATUS_MORE_PROCESSING_REQUIRED)
#define STATUS_ACCESS_DENIED		WSK_ST(WSK_STATUS_ACCESS_DENIED)
#define STATUS_NO_MEMORY		WSK_ST(WSK_STATUS_NO_MEMORY)
#define STATUS_INSUFFICIENT_RESOURCES	WSK_ST(WSK_STATUS_INSUFFICIENT_RESOURCES)
#define STATUS_DEVICE_NOT_READY		WSK_ST(WSK_STATUS_DEVICE_NOT_READY)
#define STATUS_IO_TIMEOUT		WSK_ST(WSK_STATUS_IO_TIMEOUT)
#define STATUS_FILE_FORCED_CLOSED	WSK_ST(WSK_STATUS_FILE_FORCED_CLOSED)
#define STATUS_NOT_SUPPORTED		WSK_ST(WSK_STATUS_NOT_SUPPORTED)
#define STATUS_REQUEST_NOT_ACCEPTED	WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED)
#define STATUS_CANCELLED		WSK_ST(WSK_STATUS_CANCELLED)
#define STATUS_INVALID_DEVICE_STATE	WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE)
#define STATUS_CONNECTION_DISCONNECTED	WSK_ST(WSK_STATUS_CONNECTION_DISCONNECTED)
#define STATUS_CONNECTION_RESET		WSK_ST(WSK_STATUS_CONNECTION_RESET)
#define STATUS_DATA_NOT_ACCEPTED	WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED)
#define STATUS_CONNECTION_REFUSED	WSK_ST(WSK_STATUS_CONNECTION_REFUSED)
#define STATUS_GRACEFUL_DISCONNECT	WSK_ST(WSK_STATUS_GRACEFUL_DISCONNECT)
#define STATUS_ADDRESS_ALREADY_ASSOCIATED WSK_ST(WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED)
#define STATUS_CONNECTION_ABORTED	WSK_ST(WSK_STATUS_CONNECTION_ABORTED)
#define STATUS_NETWORK_UNREACHABLE	WSK_ST(WSK_STATUS_NETWORK_UNREACHABLE)
#define STATUS_HOST_UNREACHABLE		WSK_ST(WSK_STATUS_HOST_UNREACHABLE)
#define STATUS_INVALID_ADDRESS		WSK_ST(WSK_STATUS_INVALID_ADDRESS)
#define STATUS_ADDRESS_NOT_ASSOCIATED	WSK_ST(WSK_STATUS_ADDRESS_NOT_ASSOCIATED)
#define STATUS_NOINTERFACE		WSK_ST(WSK_STATUS_NOINTERFACE)
#define STATUS_NOT_FOUND		WSK_ST(WSK_STATUS_NOT_FOUND)

/* WSK's objects */
typedef struct wsk_socket WSK_SOCKET, *PWSK_SOCKET;
typedef struct wsk_client WSK_CLIENT, *PWSK_CLIENT;
typedef struct wsk_buf WSK_BUF, *PWSK_BUF;
typedef struct wsk_buf_list WSK_BUF_LIST, *PWSK_BUF_LIST;
typedef struct wsk_data_indication WSK_DATA_INDICATION, *PWSK_DATA_INDICATION;
typedef struct wsk_datagram_indication WSK_DATAGRAM_INDICATION, *PWSK_DATAGRAM_INDICATION;
typedef struct wsk_event_callback_control WSK_EVENT_CALLBACK_CONTROL,
	*PWSK_EVENT_CALLBACK_CONTROL;
typedef struct wsk_request IRP, *PIRP;
typedef struct wsk_io_status IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;
typedef struct wsk_linger LINGER;
typedef struct wsk_addrinfo ADDRINFOEXW, *PADDRINFOEXW;

/* Name resolution's flags and name spaces (ws2def.h), and its buffer sizes (ws2tcpip.h) */
#define AI_PASSIVE			WSK_AI_PASSIVE
#define AI_CANONNAME			WSK_AI_CANONNAME
#define AI_NUMERICHOST			WSK_AI_NUMERICHOST
#define AI_NUMERICSERV			WSK_AI_NUMERICSERV
#define NI_NOFQDN			WSK_NI_NOFQDN
#define NI_NUMERICHOST			WSK_NI_NUMERICHOST
#define NI_NAMEREQD			WSK_NI_NAMEREQD
#define NI_NUMERICSERV			WSK_NI_NUMERICSERV
#define NI_DGRAM			WSK_NI_DGRAM
#define NS_ALL				WSK_NS_ALL
#define NS_DNS				WSK_NS_DNS
#define NI_MAXHOST			1025
#define NI_MAXSERV			32

typedef struct wsk_client_listen_dispatch WSK_CLIENT_LISTEN_DISPATCH,
	*PWSK_CLIENT_LISTEN_DISPATCH;
typedef struct wsk_client_connection_dispatch WSK_CLIENT_CONNECTION_DISPATCH,
	*PWSK_CLIENT_CONNECTION_DISPATCH;
typedef struct wsk_client_datagram_dispatch WSK_CLIENT_DATAGRAM_DISPATCH,
	*PWSK_CLIENT_DATAGRAM_DISPATCH;
typedef struct wsk_client_stream_dispatch WSK_CLIENT_STREAM_DISPATCH,
	*PWSK_CLIENT_STREAM_DISPATCH;
typedef struct wsk_provider_basic_dispatch WSK_PROVIDER_BASIC_DISPATCH,
	*PWSK_PROVIDER_BASIC_DISPATCH;
typedef struct wsk_provider_listen_dispatch WSK_PROVIDER_LISTEN_DISPATCH,
	*PWSK_PROVIDER_LISTEN_DISPATCH;
typedef struct wsk_provider_connection_dispatch WSK_PROVIDER_CONNECTION_DISPATCH,
	*PWSK_PROVIDER_CONNECTION_DISPATCH;
typedef struct wsk_provider_datagram_dispatch WSK_PROVIDER_DATAGRAM_DISPATCH,
	*PWSK_PROVIDER_DATAGRAM_DISPATCH;
typedef struct wsk_provider_stream_dispatch WSK_PROVIDER_STREAM_DISPATCH,
	*PWSK_PROVIDER_STREAM_DISPATCH;

typedef wsk_accept_event_fn PFN_WSK_ACCEPT_EVENT;
typedef wsk_receive_event_fn PFN_WSK_RECEIVE_EVENT;
typedef wsk_disconnect_event_fn PFN_WSK_DISCONNECT_EVENT;
typedef wsk_send_backlog_event_fn PFN_WSK_SEND_BACKLOG_EVENT;
typedef wsk_receive_from_event_fn PFN_WSK_RECEIVE_FROM_EVENT;
typedef wsk_inspect_event_fn PFN_WSK_INSPECT_EVENT;
typedef wsk_abort_event_fn PFN_WSK_ABORT_EVENT;
typedef wsk_inspect_complete_fn PFN_WSK_INSPECT_COMPLETE;
typedef struct wsk_inspect_id WSK_INSPECT_ID, *PWSK_INSPECT_ID;
typedef wsk_control_socket_fn PFN_WSK_CONTROL_SOCKET;
typedef wsk_close_socket_fn PFN_WSK_CLOSE_SOCKET;
typedef wsk_bind_fn PFN_WSK_BIND;
typedef wsk_accept_fn PFN_WSK_ACCEPT;
typedef wsk_connect_fn PFN_WSK_CONNECT;
typedef wsk_listen_fn PFN_WSK_LISTEN;
typedef wsk_connect_ex_fn PFN_WSK_CONNECT_EX;
typedef wsk_send_ex_fn PFN_WSK_SEND_EX;
typedef wsk_receive_ex_fn PFN_WSK_RECEIVE_EX;
typedef wsk_address_fn PFN_WSK_GET_LOCAL_ADDRESS;
typedef wsk_address_fn PFN_WSK_GET_REMOTE_ADDRESS;
typedef wsk_buf_op_fn PFN_WSK_SEND;
typedef wsk_buf_op_fn PFN_WSK_RECEIVE;
typedef wsk_buf_op_fn PFN_WSK_DISCONNECT;
typedef wsk_release_fn PFN_WSK_RELEASE_DATA_INDICATION_LIST;
typedef wsk_send_to_fn PFN_WSK_SEND_TO;
typedef wsk_send_messages_fn PFN_WSK_SEND_MESSAGES;
typedef wsk_receive_from_fn PFN_WSK_RECEIVE_FROM;
typedef wsk_release_datagrams_fn PFN_WSK_RELEASE_DATAGRAM_INDICATION_LIST;

/* NPI_WSK_INTERFACE_ID: used as &NPI_WSK_INTERFACE_ID, as on Windows */
#define NPI_WSK_INTERFACE_ID	wsk_npi_interface_id

/* WSK_CONTROL_SOCKET_TYPE and WSK_INSPECT_ACTION */
typedef enum {
	WskSetOption = WSK_SET_OPTION,
	WskGetOption = WSK_GET_OPTION,
	WskIoctl = WSK_IOCTL,
	WskControlMax,
} WSK_CONTROL_SOCKET_TYPE;

/* An int, as the inspect event's return type in <wsk/wsk.h>: its values are these. */
enum {
	WskInspectReject = WSK_INSPECT_REJECT,
	WskInspectAccept = WSK_INSPECT_ACCEPT,
	WskInspectPend = WSK_INSPECT_PEND,
	WskInspectMax,
};

typedef int WSK_INSPECT_ACTION;

#define MAKE_WSK_VERSION(mj, mn)	((USHORT)(((mj) << 8) | ((mn) & 0xff)))
#define WSK_MAJOR_VERSION(v)		((UCHAR)((v) >> 8))
#define WSK_MINOR_VERSION(v)		((UCHAR)(v))
#define WSK_NO_WAIT			0
#define WSK_INFINITE_WAIT		0xFFFFFFFF

/* Client control codes (WskControlClient) beside those of uapi/linux/wsk.h */
#define WSK_TRANSPORT_LIST_CHANGE	3
#define WSK_CACHE_SD			4
#define WSK_RELEASE_SD			5
#define WSK_TDI_DEVICENAME_MAPPING	6

typedef struct wsk_transport WSK_TRANSPORT, *PWSK_TRANSPORT;

/*
 * Registration and the provider NPI (WskRegister ... WskDeregister).
 */
typedef struct _WSK_CLIENT_DISPATCH {
	USHORT Version;
	USHORT Reserved;
	PVOID WskClientEvent;	/* not called: wsk has no client-level events */
} WSK_CLIENT_DISPATCH, *PWSK_CLIENT_DISPATCH;

typedef struct _WSK_CLIENT_NPI {
	PVOID ClientContext;
	const WSK_CLIENT_DISPATCH *Dispatch;
} WSK_CLIENT_NPI, *PWSK_CLIENT_NPI;

/* The registration block; opaque, as on Windows. */
typedef struct _WSK_REGISTRATION {
	struct wsk_client *ReservedRegistrationState;
} WSK_REGISTRATION, *PWSK_REGISTRATION;

typedef wsk_status_t (*PFN_WSK_SOCKET)(struct wsk_client *client, u16 family, u16 type,
				       u32 protocol, u32 flags, void *socket_context,
				       const void *dispatch, void *owning_process,
				       void *owning_thread, void *security_descriptor,
				       struct wsk_request *req);
typedef wsk_status_t (*PFN_WSK_SOCKET_CONNECT)(struct wsk_client *client, u16 type,
					       u32 protocol, struct sockaddr *local,
					       struct sockaddr *remote, u32 flags,
					       void *socket_context,
					       const struct wsk_client_connection_dispatch *
					       dispatch, void *owning_process, void *owning_thread,
					       void *security_descriptor,
					       struct wsk_request *req);
typedef wsk_status_t (*PFN_WSK_CONTROL_CLIENT)(struct wsk_client *client, u32 control_code,
					       size_t in_size, void *in, size_t out_size,
					       void *out, size_t *out_returned,
					       struct wsk_request *req);

/*
 * The names are UTF-8 C strings, not UNICODE_STRINGs: WskGetAddressInfo's NodeName and
 * ServiceName are NUL-terminated (or NULL), WskGetNameInfo's NodeName and ServiceName are
 * buffers of the sizes after them (NULL, 0 if not wanted). Provider must be NULL (wsk has no
 * name space providers to choose from: STATUS_NOT_SUPPORTED otherwise); OwningProcess and
 * OwningThread are ignored.
 */
typedef wsk_status_t (*PFN_WSK_GET_ADDRESS_INFO)(struct wsk_client *client,
						 const char *node_name,
						 const char *service_name, u32 name_space,
						 const void *provider,
						 const struct wsk_addrinfo *hints,
						 struct wsk_addrinfo **result,
						 void *owning_process, void *owning_thread,
						 struct wsk_request *req);
typedef void (*PFN_WSK_FREE_ADDRESS_INFO)(struct wsk_client *client,
					  struct wsk_addrinfo *addr_info);
typedef wsk_status_t (*PFN_WSK_GET_NAME_INFO)(struct wsk_client *client,
					      const struct sockaddr *sock_addr,
					      u32 sock_addr_length, char *node_name,
					      size_t node_name_size, char *service_name,
					      size_t service_name_size, u32 flags,
					      void *owning_process, void *owning_thread,
					      struct wsk_request *req);

typedef struct _WSK_PROVIDER_DISPATCH {
	USHORT Version;
	USHORT Reserved;
	PFN_WSK_SOCKET WskSocket;
	PFN_WSK_SOCKET_CONNECT WskSocketConnect;
	PFN_WSK_CONTROL_CLIENT WskControlClient;
	PFN_WSK_GET_ADDRESS_INFO WskGetAddressInfo;
	PFN_WSK_FREE_ADDRESS_INFO WskFreeAddressInfo;
	PFN_WSK_GET_NAME_INFO WskGetNameInfo;
} WSK_PROVIDER_DISPATCH, *PWSK_PROVIDER_DISPATCH;

typedef struct _WSK_PROVIDER_NPI {
	PWSK_CLIENT Client;
	const WSK_PROVIDER_DISPATCH *Dispatch;
} WSK_PROVIDER_NPI, *PWSK_PROVIDER_NPI;

typedef struct _WSK_PROVIDER_CHARACTERISTICS {
	USHORT HighestVersion;
	USHORT LowestVersion;
} WSK_PROVIDER_CHARACTERISTICS, *PWSK_PROVIDER_CHARACTERISTICS;

/* The one WSK version wsk provides: 1.0, the version of every WSK function above. */
#define WSK_NT_VERSION			MAKE_WSK_VERSION(1, 0)

static inline NTSTATUS wsk_nt_socket(PWSK_CLIENT Client, ADDRESS_FAMILY AddressFamily,
				     USHORT SocketType, ULONG Protocol, ULONG Flags,
				     PVOID SocketContext, const VOID *Dispatch,
				     PVOID OwningProcess, PVOID OwningThread,
				     PVOID SecurityDescriptor, PIRP Irp)
{
	return wsk_socket(Client, AddressFamily, SocketType, Protocol, Flags, SocketContext,
			  Dispatch, Irp);
}

static inline NTSTATUS wsk_nt_socket_connect(PWSK_CLIENT Client, USHORT SocketType,
					     ULONG Protocol, PSOCKADDR LocalAddress,
					     PSOCKADDR RemoteAddress, ULONG Flags,
					     PVOID SocketContext,
					     const WSK_CLIENT_CONNECTION_DISPATCH *Dispatch,
					     PVOID OwningProcess, PVOID OwningThread,
					     PVOID SecurityDescriptor, PIRP Irp)
{
	return wsk_socket_connect(Client, SocketType, Protocol, LocalAddress, RemoteAddress,
				  Flags, SocketContext, Dispatch, Irp);
}

static inline NTSTATUS wsk_nt_control_client(PWSK_CLIENT Client, ULONG ControlCode,
					     SIZE_T InputSize, PVOID InputBuffer,
					     SIZE_T OutputSize, PVOID OutputBuffer,
					     SIZE_T *OutputSizeReturned, PIRP Irp)
{
	return wsk_control_client(Client, ControlCode, InputSize, InputBuffer, OutputSize,
				  OutputBuffer, OutputSizeReturned, Irp);
}

static inline NTSTATUS wsk_nt_get_address_info(PWSK_CLIENT Client, const char *NodeName,
					       const char *ServiceName, ULONG NameSpace,
					       const VOID *Provider, const ADDRINFOEXW *Hints,
					       PADDRINFOEXW *Result, PVOID OwningProcess,
					       PVOID OwningThread, PIRP Irp)
{
	/* A provider names a name space provider wsk lacks: ~0 is no name space either. */
	return wsk_get_address_info(Client, NodeName, ServiceName, Provider ? ~0U : NameSpace,
				    Hints, Result, Irp);
}

static inline VOID wsk_nt_free_address_info(PWSK_CLIENT Client, PADDRINFOEXW AddrInfo)
{
	wsk_free_address_info(Client, AddrInfo);
}

static inline NTSTATUS wsk_nt_get_name_info(PWSK_CLIENT Client, const SOCKADDR *SockAddr,
					    ULONG SockAddrLength, char *NodeName,
					    SIZE_T NodeNameSize, char *ServiceName,
					    SIZE_T ServiceNameSize, ULONG Flags,
					    PVOID OwningProcess, PVOID OwningThread, PIRP Irp)
{
	return wsk_get_name_info(Client, SockAddr, SockAddrLength, NodeName, NodeNameSize,
				 ServiceName, ServiceNameSize, Flags, Irp);
}

/* Each user of this header has its own copy of the table: it is only read. */
static const WSK_PROVIDER_DISPATCH wsk_nt_provider_dispatch __maybe_unused = {
	.Version = WSK_NT_VERSION,
	.WskSocket = wsk_nt_socket,
	.WskSocketConnect = wsk_nt_socket_connect,
	.WskControlClient = wsk_nt_control_client,
	.WskGetAddressInfo = wsk_nt_get_address_info,
	.WskFreeAddressInfo = wsk_nt_free_address_info,
	.WskGetNameInfo = wsk_nt_get_name_info,
};

/*
 * WskRegister() may sleep. It registers a wsk client in the initial network namespace
 * (wsk_register() takes any other); the registration block holds it.
 */
static inline NTSTATUS WskRegister(PWSK_CLIENT_NPI WskClientNpi,
				   PWSK_REGISTRATION WskRegistration)
{
	int err = wsk_register(&WskRegistration->ReservedRegistrationState, &init_net,
			       WskClientNpi->ClientContext);

	return err ? wsk_errno_to_status(err) : STATUS_SUCCESS;
}

/* Any context; never waits: the provider is ready as soon as WskRegister() returned. */
static inline NTSTATUS WskCaptureProviderNPI(PWSK_REGISTRATION WskRegistration,
					     ULONG WaitTimeout, PWSK_PROVIDER_NPI WskProviderNpi)
{
	if (!WskRegistration->ReservedRegistrationState)
		return STATUS_DEVICE_NOT_READY;
	WskProviderNpi->Client = WskRegistration->ReservedRegistrationState;
	WskProviderNpi->Dispatch = &wsk_nt_provider_dispatch;
	return STATUS_SUCCESS;
}

static inline VOID WskReleaseProviderNPI(PWSK_REGISTRATION WskRegistration)
{
}

static inline NTSTATUS
WskQueryProviderCharacteristics(PWSK_REGISTRATION WskRegistration,
				PWSK_PROVIDER_CHARACTERISTICS WskProviderCharacteristics)
{
	WskProviderCharacteristics->HighestVersion = WSK_NT_VERSION;
	WskProviderCharacteristics->LowestVersion = WSK_NT_VERSION;
	return STATUS_SUCCESS;
}

/* May sleep: returns once every socket of the client is closed (wsk_deregister()). */
static inline VOID WskDeregister(PWSK_REGISTRATION WskRegistration)
{
	if (!WskRegistration->ReservedRegistrationState)
		return;
	wsk_deregister(WskRegistration->ReservedRegistrationState);
	WskRegistration->ReservedRegistrationState = NULL;
}

/*
 * IRPs. An IRP is a struct wsk_request. Its completion routine is a
 * VOID routine(PIRP Irp), with the context in Irp->context; set it with
 * IoSetCompletionRoutine() (the three "invoke on" flags are implied: wsk calls it once,
 * whatever the outcome) before every call that takes the IRP, or IoReuseIrp() it.
 */
typedef VOID (*PIO_COMPLETION_ROUTINE)(PIRP Irp);

/* Any context (GFP_ATOMIC): IoAllocateIrp() may be called at DISPATCH_LEVEL. */
static inline PIRP IoAllocateIrp(UCHAR StackSize, BOOLEAN ChargeQuota)
{
	return kzalloc(sizeof(IRP), GFP_ATOMIC);
}

static inline VOID IoFreeIrp(PIRP Irp)
{
	kfree(Irp);
}

static inline VOID IoSetCompletionRoutine(PIRP Irp, PIO_COMPLETION_ROUTINE CompletionRoutine,
					  PVOID Context, BOOLEAN InvokeOnSuccess,
					  BOOLEAN InvokeOnError, BOOLEAN InvokeOnCancel)
{
	wsk_request_init(Irp, CompletionRoutine, Context);
}

/* Ready the IRP for another call: the same routine and context, the result cleared. */
static inline VOID IoReuseIrp(PIRP Irp, NTSTATUS Status)
{
	wsk_request_init(Irp, Irp->complete, Irp->context);
}

/*
 * Events, for waiting on an IRP in process context, over struct completion. A notification
 * event stays set for every wait until reset; a synchronization event lets one wait through.
 */
typedef enum { NotificationEvent, SynchronizationEvent } EVENT_TYPE;

typedef struct _KEVENT {
	struct completion done;
	EVENT_TYPE Type;
} KEVENT, *PKEVENT;

typedef enum { Executive } KWAIT_REASON;
typedef enum { KernelMode } KPROCESSOR_MODE;

#define IO_NO_INCREMENT		0

static inline LONG KeSetEvent(PKEVENT Event, LONG Increment, BOOLEAN Wait)
{
	if (Event->Type == NotificationEvent)
		complete_all(&Event->done);
	else
		complete(&Event->done);
	return 0;
}

static inline VOID KeInitializeEvent(PKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
	init_completion(&Event->done);
	Event->Type = Type;
	if (State)
		KeSetEvent(Event, IO_NO_INCREMENT, FALSE);
}

static inline VOID KeResetEvent(PKEVENT Event)
{
	reinit_completion(&Event->done);
}

/*
 * Process context. @Timeout: NULL (no limit) or, as on Windows, negative for a relative time
 * in 100-ns units; absolute times are not supported and wait without a limit.
 */
static inline NTSTATUS KeWaitForSingleObject(PKEVENT Object, KWAIT_REASON WaitReason,
					     KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
					     PLARGE_INTEGER Timeout)
{
	if (!Timeout || Timeout->QuadPart >= 0) {
		wait_for_completion(&Object->done);
		return STATUS_SUCCESS;
	}
	return wait_for_completion_timeout(&Object->done,
					   nsecs_to_jiffies(-Timeout->QuadPart * 100)) ?
	       STATUS_SUCCESS : STATUS_TIMEOUT;
}

/*
 * MDLs: kernel memory (kmalloc or vmalloc, non-paged as all kernel memory is) described with
 * page segments. IoAllocateMdl() describes the buffer at once, so MmBuildMdlForNonPagedPool()
 * has nothing left to do. A WSK_BUF over an MDL is filled by WskNtInitBuf().
 */
typedef struct _MDL {
	PVOID Buffer;
	ULONG ByteCount;
	unsigned int nr_segs;
	struct bio_vec bvec[];
} MDL, *PMDL;

/* Any context (GFP_ATOMIC). Returns NULL if @VirtualAddress is not kernel memory. */
static inline PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer,
				 BOOLEAN ChargeQuota, PIRP Irp)
{
	unsigned int segs = is_vmalloc_addr(VirtualAddress) ?
			    DIV_ROUND_UP(Length, PAGE_SIZE) + 1 : 1;
	struct wsk_buf buf;
	PMDL mdl;

	mdl = kmalloc(struct_size(mdl, bvec, segs), GFP_ATOMIC);
	if (!mdl)
		return NULL;
	if (wsk_buf_init_kernel(&buf, mdl->bvec, segs, VirtualAddress, Length)) {
		kfree(mdl);
		return NULL;
	}
	mdl->Buffer = VirtualAddress;
	mdl->ByteCount = Length;
	mdl->nr_segs = buf.nr_segs;
	return mdl;
}

static inline VOID MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
}

static inline VOID IoFreeMdl(PMDL Mdl)
{
	kfree(Mdl);
}

/* The WSK_BUF of @Length bytes at @Offset into @Mdl (Buf->Mdl, ->Offset, ->Length). */
static inline VOID WskNtInitBuf(PWSK_BUF Buf, PMDL Mdl, ULONG Offset, SIZE_T Length)
{
	Buf->bvec = Mdl ? Mdl->bvec : NULL;
	Buf->nr_segs = Mdl ? Mdl->nr_segs : 0;
	Buf->offset = Offset;
	Buf->length = Length;
}

/* The buffer an MDL describes: always mapped, kernel memory. */
static inline PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority)
{
	return Mdl->Buffer;
}

static_assert(sizeof(IO_STATUS_BLOCK) == 2 * sizeof(ULONG_PTR));
static_assert(offsetof(IRP, IoStatus.Status) == offsetof(IRP, status));
static_assert(offsetof(IRP, IoStatus.Information) == offsetof(IRP, information));

#endif /* _WSK_WSK_NT_H */
