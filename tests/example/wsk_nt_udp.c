// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_nt_udp: a WSK-style datagram client, written against <wsk/wsk_nt.h> alone.
 *
 * It sends @count datagrams of @size bytes to a UDP echo server at @host:@port and checks that
 * every one comes back, intact, through its WskReceiveFromEvent callback. It fixes its peer
 * with SIO_WSK_SET_REMOTE_ADDRESS (so its WskSendTo calls pass no address) and asks for packet
 * info (IP_PKTINFO / IPV6_PKTINFO), whose control info it checks on every datagram: the
 * destination is its own address. At most eight datagrams are on their way at a time, so that
 * the server's receive buffer never overflows (UDP would drop what does not fit). The whole
 * exchange runs in module init, which fails unless every datagram was echoed, each within
 * ten seconds.
 *
 *	insmod wsk_nt_udp.ko host=127.0.0.1 port=7 [count=64] [size=512]
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <wsk/wsk_nt.h>

static char *host = "127.0.0.1";
module_param(host, charp, 0444);
MODULE_PARM_DESC(host, "the echo server's address, IPv4 or IPv6 (default 127.0.0.1)");
static ushort port = 7;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "the echo server's UDP port (default 7)");
static uint count = 64;
module_param(count, uint, 0444);
MODULE_PARM_DESC(count, "datagrams to send (default 64, at most 4096)");
static uint size = 512;
module_param(size, uint, 0444);
MODULE_PARM_DESC(size, "bytes per datagram (default 512, 8 to 8192)");

/* Datagrams sent and not yet back, at most. */
#define NT_UDP_WINDOW	8

struct nt_udp {
	KEVENT AllBack;
	wait_queue_head_t Progress;	/* a datagram came back */
	atomic_t Received;	/* datagrams echoed intact */
	atomic_t Bad;		/* wrong length, contents or control info */
	SOCKADDR_STORAGE Local;
	unsigned long *Seen;	/* one bit per datagram */
};

static u8 nt_udp_byte(u32 datagram, u32 offset)
{
	return (u8)(datagram * 31 + offset);
}

/* The destination address of a datagram's packet info equals our own address. */
static bool nt_udp_control_ok(struct nt_udp *u, const WSK_DATAGRAM_INDICATION *d)
{
	PSOCKADDR_IN6 Local6 = (PSOCKADDR_IN6)&u->Local;
	PSOCKADDR_IN Local4 = (PSOCKADDR_IN)&u->Local;
	const CMSGHDR *cm = d->ControlInfo;
	struct wsk_in6_pktinfo pi6;
	struct wsk_in_pktinfo pi;

	if (!cm || d->ControlInfoLength < CMSG_LEN(0))
		return false;
	if (u->Local.ss_family == AF_INET) {
		if (cm->cmsg_level != WSK_IPPROTO_IP || cm->cmsg_type != WSK_IP_PKTINFO)
			return false;
		memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
		return !memcmp(pi.ipi_addr, &Local4->sin_addr, 4);
	}
	if (cm->cmsg_level != WSK_IPPROTO_IPV6 || cm->cmsg_type != WSK_IPV6_PKTINFO)
		return false;
	memcpy(&pi6, CMSG_DATA(cm), sizeof(pi6));
	return !memcmp(pi6.ipi6_addr, &Local6->sin6_addr, 16);
}

static NTSTATUS nt_udp_receive_from(PVOID SocketContext, ULONG Flags,
				    PWSK_DATAGRAM_INDICATION DataIndication)
{
	struct nt_udp *u = SocketContext;
	u8 buf[8];
	u32 id, i;

	for (; DataIndication; DataIndication = DataIndication->Next) {
		PWSK_BUF b = &DataIndication->Buffer;
		bool ok = b->Length == size;

		ok = ok && wsk_buf_copy_from(&id, b, 0, sizeof(id)) == sizeof(id) && id < count;
		for (i = sizeof(id); ok && i < size; i += sizeof(buf)) {
			u32 n = min_t(u32, sizeof(buf), size - i), k;

			ok = wsk_buf_copy_from(buf, b, i, n) == n;
			for (k = 0; ok && k < n; k++)
				ok = buf[k] == nt_udp_byte(id, i + k);
		}
		ok = ok && nt_udp_control_ok(u, DataIndication);
		if (!ok || test_and_set_bit(id, u->Seen)) {
			atomic_inc(&u->Bad);
			continue;
		}
		if (atomic_inc_return(&u->Received) == count)
			KeSetEvent(&u->AllBack, IO_NO_INCREMENT, FALSE);
		wake_up(&u->Progress);
	}
	return STATUS_SUCCESS;
}

static const WSK_CLIENT_DATAGRAM_DISPATCH DatagramDispatch = {
	.WskReceiveFromEvent = nt_udp_receive_from,
};

struct nt_sync {
	IRP Irp;
	KEVENT Event;
};

static VOID nt_sync_complete(PIRP Irp)
{
	struct nt_sync *s = Irp->context;

	KeSetEvent(&s->Event, IO_NO_INCREMENT, FALSE);
}

static PIRP nt_sync_irp(struct nt_sync *s)
{
	KeInitializeEvent(&s->Event, SynchronizationEvent, FALSE);
	IoSetCompletionRoutine(&s->Irp, nt_sync_complete, s, TRUE, TRUE, TRUE);
	return &s->Irp;
}

static NTSTATUS nt_sync_wait(struct nt_sync *s)
{
	KeWaitForSingleObject(&s->Event, Executive, KernelMode, FALSE, NULL);
	return s->Irp.IoStatus.Status;
}

/* The datagrams, one WskSendTo each, to the fixed peer. */
static NTSTATUS nt_udp_send_all(PWSK_SOCKET Socket, struct nt_udp *u, u8 *Data)
{
	const WSK_PROVIDER_DATAGRAM_DISPATCH *Dispatch = Socket->Dispatch;
	struct nt_sync s;
	NTSTATUS Status;
	WSK_BUF Buf;
	PMDL Mdl;
	u32 i, k;

	Mdl = IoAllocateMdl(Data, size, FALSE, FALSE, NULL);
	if (!Mdl)
		return STATUS_INSUFFICIENT_RESOURCES;
	MmBuildMdlForNonPagedPool(Mdl);
	WskNtInitBuf(&Buf, Mdl, 0, size);
	for (i = 0, Status = STATUS_SUCCESS; i < count && NT_SUCCESS(Status); i++) {
		if (!wait_event_timeout(u->Progress,
					atomic_read(&u->Received) + NT_UDP_WINDOW > i, 10 * HZ)) {
			Status = STATUS_TIMEOUT;
			break;
		}
		memcpy(Data, &i, sizeof(i));
		for (k = sizeof(i); k < size; k++)
			Data[k] = nt_udp_byte(i, k);
		Dispatch->WskSendTo(Socket, &Buf, 0, NULL, 0, NULL, nt_sync_irp(&s));
		Status = nt_sync_wait(&s);
		if (NT_SUCCESS(Status) && s.Irp.IoStatus.Information != size)
			Status = STATUS_UNSUCCESSFUL;
	}
	IoFreeMdl(Mdl);
	return Status;
}

static NTSTATUS nt_udp_run(PWSK_CLIENT Client, const WSK_PROVIDER_DISPATCH *Provider,
			   struct nt_udp *u, PSOCKADDR Remote, u8 *Data)
{
	WSK_EVENT_CALLBACK_CONTROL Control;
	LARGE_INTEGER Timeout = { .QuadPart = -10LL * 1000 * 1000 * 10 };	/* 10 s */
	bool v6 = Remote->sa_family == AF_INET6;
	const WSK_PROVIDER_DATAGRAM_DISPATCH *Dispatch;
	ULONG PktInfo = 1, level, code;
	PWSK_SOCKET Socket;
	struct nt_sync s;
	NTSTATUS Status;

	Provider->WskSocket(Client, Remote->sa_family, SOCK_DGRAM, IPPROTO_UDP,
			    WSK_FLAG_DATAGRAM_SOCKET, u, &DatagramDispatch, NULL, NULL, NULL,
			    nt_sync_irp(&s));
	Status = nt_sync_wait(&s);
	if (!NT_SUCCESS(Status))
		return Status;
	Socket = (PWSK_SOCKET)s.Irp.IoStatus.Information;
	Dispatch = Socket->Dispatch;
	Control.NpiId = &NPI_WSK_INTERFACE_ID;
	Control.EventMask = WSK_EVENT_RECEIVE_FROM;

	level = v6 ? WSK_IPPROTO_IPV6 : WSK_IPPROTO_IP;
	code = v6 ? WSK_IPV6_PKTINFO : WSK_IP_PKTINFO;
	Dispatch->WskControlSocket(Socket, WskSetOption, code, level, sizeof(PktInfo), &PktInfo,
				   0, NULL, NULL, nt_sync_irp(&s));
	Status = nt_sync_wait(&s);
	if (NT_SUCCESS(Status)) {
		/* The loopback address of the peer's family, any port. */
		PSOCKADDR_IN6 Local6 = (PSOCKADDR_IN6)&u->Local;
		PSOCKADDR_IN Local4 = (PSOCKADDR_IN)&u->Local;

		memset(&u->Local, 0, sizeof(u->Local));
		if (v6) {
			Local6->sin6_family = AF_INET6;
			Local6->sin6_addr = in6addr_loopback;
		} else {
			Local4->sin_family = AF_INET;
			Local4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		}
		Dispatch->WskBind(Socket, (PSOCKADDR)&u->Local, 0, nt_sync_irp(&s));
		Status = nt_sync_wait(&s);
	}
	if (NT_SUCCESS(Status)) {
		Dispatch->WskControlSocket(Socket, WskIoctl, SIO_WSK_SET_REMOTE_ADDRESS, 0,
					   v6 ? sizeof(SOCKADDR_IN6) : sizeof(SOCKADDR_IN), Remote,
					   0, NULL, NULL, nt_sync_irp(&s));
		Status = nt_sync_wait(&s);
	}
	if (NT_SUCCESS(Status))
		Status = Dispatch->WskControlSocket(Socket, WskSetOption, SO_WSK_EVENT_CALLBACK,
						    WSK_SOL_SOCKET, sizeof(Control), &Control, 0,
						    NULL, NULL, NULL);
	if (NT_SUCCESS(Status))
		Status = nt_udp_send_all(Socket, u, Data);
	/* STATUS_TIMEOUT is a success status, as on Windows: compare, not NT_SUCCESS(). */
	if (Status == STATUS_SUCCESS)
		Status = KeWaitForSingleObject(&u->AllBack, Executive, KernelMode, FALSE,
					       &Timeout);

	/* The close returns once no callback runs: @u may go afterwards. */
	Dispatch->WskCloseSocket(Socket, nt_sync_irp(&s));
	nt_sync_wait(&s);
	return Status;
}

static int __init nt_udp_init(void)
{
	static const WSK_CLIENT_DISPATCH ClientDispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };
	WSK_CLIENT_NPI ClientNpi = { NULL, &ClientDispatch };
	SOCKADDR_STORAGE Remote = { 0 };
	PSOCKADDR_IN6 Remote6 = (PSOCKADDR_IN6)&Remote;
	PSOCKADDR_IN Remote4 = (PSOCKADDR_IN)&Remote;
	WSK_REGISTRATION Registration = { 0 };
	WSK_PROVIDER_NPI ProviderNpi;
	struct nt_udp *u;
	NTSTATUS Status;
	u8 *Data;
	int err;

	if (count < 1 || count > 4096 || size < 8 || size > 8192)
		return -EINVAL;
	if (in4_pton(host, -1, (u8 *)&Remote4->sin_addr, -1, NULL)) {
		Remote4->sin_family = AF_INET;
		Remote4->sin_port = htons(port);
	} else if (in6_pton(host, -1, (u8 *)&Remote6->sin6_addr, -1, NULL)) {
		Remote6->sin6_family = AF_INET6;
		Remote6->sin6_port = htons(port);
	} else {
		return -EINVAL;
	}
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	Data = kmalloc(size, GFP_KERNEL);
	if (u)
		u->Seen = bitmap_zalloc(count, GFP_KERNEL);
	if (!u || !Data || !u->Seen) {
		err = -ENOMEM;
		goto out;
	}
	KeInitializeEvent(&u->AllBack, NotificationEvent, FALSE);
	init_waitqueue_head(&u->Progress);

	Status = WskRegister(&ClientNpi, &Registration);
	if (!NT_SUCCESS(Status)) {
		err = wsk_status_to_errno(Status);
		goto out;
	}
	Status = WskCaptureProviderNPI(&Registration, WSK_INFINITE_WAIT, &ProviderNpi);
	if (NT_SUCCESS(Status)) {
		Status = nt_udp_run(ProviderNpi.Client, ProviderNpi.Dispatch, u,
				    (PSOCKADDR)&Remote, Data);
		WskReleaseProviderNPI(&Registration);
	}
	WskDeregister(&Registration);
	if (Status == STATUS_TIMEOUT)
		pr_err("wsk_nt_udp: %d of %u datagrams came back (%d bad)\n",
		       atomic_read(&u->Received), count, atomic_read(&u->Bad));
	else if (!NT_SUCCESS(Status))
		pr_err("wsk_nt_udp: %s\n", wsk_status_name(Status));
	else if (atomic_read(&u->Bad))
		Status = STATUS_UNSUCCESSFUL;
	err = Status == STATUS_TIMEOUT ? -ETIMEDOUT : NT_SUCCESS(Status) ? 0 : -EIO;
	if (!err)
		pr_info("wsk_nt_udp: %u datagrams of %u bytes echoed by %s port %u\n", count,
			size, host, port);
out:
	if (u)
		bitmap_free(u->Seen);
	kfree(u);
	kfree(Data);
	return err;
}

static void __exit nt_udp_exit(void)
{
}

module_init(nt_udp_init);
module_exit(nt_udp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk example: a WSK-style datagram client, written with wsk_nt.h");
