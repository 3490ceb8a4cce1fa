// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_nt_echo: a TCP echo server written in the style of Microsoft's WSK sample (echosrv),
 * against <wsk/wsk_nt.h> alone: Windows' names, IRPs and MDLs, as a Windows driver is
 * written.
 *
 * As in the sample, the accept event is enabled statically (WSK_SET_STATIC_EVENT_CALLBACKS),
 * the listener is one dual-stack IPv6 socket (IPV6_V6ONLY off) bound to [::]:port, and every
 * accepted connection is served with IRPs only: a receive whose data is sent back, then the
 * next receive; a zero-byte receive (the peer's FIN) is answered by a graceful disconnect,
 * any failure by a close. The next call is made from a work item, never from inside an IRP's
 * completion routine, as the sample does with its worker thread. Where the sample keeps two
 * receives in flight, this one keeps one, which is enough to keep the echo in order without
 * the sample's single worker thread. Unloading closes the listener and the connections still
 * open, then WskDeregister() waits for them.
 *
 *	insmod wsk_nt_echo.ko port=40007
 */

#include <linux/in6.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <wsk/wsk_nt.h>

static ushort port = 40007;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "TCP port to listen on, IPv4 and IPv6 (default 40007)");

#define NT_ECHO_BUFFER	2048

static WSK_REGISTRATION Registration;
static WSK_PROVIDER_NPI ProviderNpi;
static const WSK_CLIENT_DISPATCH ClientDispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };
static PWSK_SOCKET ListenSocket;
static DEFINE_SPINLOCK(ConnLock);	/* (BH) ConnList, Stopping */
static LIST_HEAD(ConnList);
static bool Stopping;
static struct workqueue_struct *Worker;	/* the sample's worker thread */

/* One accepted connection and its one operation in flight. */
struct nt_conn {
	PWSK_SOCKET Socket;
	PIRP Irp;			/* receive, send, disconnect */
	PIRP CloseIrp;
	PMDL Mdl;
	PVOID Buffer;
	WSK_BUF Buf;
	struct work_struct Work;	/* the next call, after a completion */
	struct kref Ref;		/* the connection's own, and one per queued work */
	struct list_head Node;
	atomic_t Closing;
	enum { OpReceive, OpSend, OpDisconnect } Op;
};

static void nt_conn_free(struct kref *ref)
{
	struct nt_conn *c = container_of(ref, struct nt_conn, Ref);

	IoFreeMdl(c->Mdl);
	kfree(c->Buffer);
	IoFreeIrp(c->Irp);
	IoFreeIrp(c->CloseIrp);
	kfree(c);
}

static VOID nt_close_complete(PIRP Irp)
{
	struct nt_conn *c = Irp->context;

	spin_lock_bh(&ConnLock);
	list_del(&c->Node);
	spin_unlock_bh(&ConnLock);
	kref_put(&c->Ref, nt_conn_free);
}

/* Once per connection, from any context. */
static VOID nt_close(struct nt_conn *c)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *Dispatch = c->Socket->Dispatch;

	if (atomic_xchg(&c->Closing, 1))
		return;
	IoSetCompletionRoutine(c->CloseIrp, nt_close_complete, c, TRUE, TRUE, TRUE);
	Dispatch->WskCloseSocket(c->Socket, c->CloseIrp);
}

static VOID nt_receive(struct nt_conn *c)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *Dispatch = c->Socket->Dispatch;

	c->Op = OpReceive;
	IoReuseIrp(c->Irp, STATUS_UNSUCCESSFUL);
	WskNtInitBuf(&c->Buf, c->Mdl, 0, NT_ECHO_BUFFER);
	Dispatch->WskReceive(c->Socket, &c->Buf, 0, c->Irp);
}

/* The next call of the connection, after its operation completed (work item). */
static void nt_conn_work(struct work_struct *work)
{
	struct nt_conn *c = container_of(work, struct nt_conn, Work);
	const WSK_PROVIDER_CONNECTION_DISPATCH *Dispatch;
	NTSTATUS Status = c->Irp->IoStatus.Status;
	ULONG_PTR Bytes = c->Irp->IoStatus.Information;

	/* Closing: the socket may be gone. nt_stop() waits for a run that got past this. */
	if (atomic_read(&c->Closing))
		goto out;
	Dispatch = c->Socket->Dispatch;
	if (!NT_SUCCESS(Status)) {
		nt_close(c);
		goto out;
	}
	switch (c->Op) {
	case OpReceive:
		IoReuseIrp(c->Irp, STATUS_UNSUCCESSFUL);
		if (!Bytes) {
			/* The peer's FIN: ours after everything was sent back. */
			c->Op = OpDisconnect;
			Dispatch->WskDisconnect(c->Socket, NULL, 0, c->Irp);
			break;
		}
		c->Op = OpSend;
		WskNtInitBuf(&c->Buf, c->Mdl, 0, Bytes);
		Dispatch->WskSend(c->Socket, &c->Buf, 0, c->Irp);
		break;
	case OpSend:
		nt_receive(c);
		break;
	case OpDisconnect:
		nt_close(c);
		break;
	}
out:
	kref_put(&c->Ref, nt_conn_free);
}

/* The IoCompletion routine of the operation IRP: any context up to softirq. */
static VOID nt_op_complete(PIRP Irp)
{
	struct nt_conn *c = Irp->context;

	/* A request cancelled by the close needs nothing more. */
	if (atomic_read(&c->Closing))
		return;
	kref_get(&c->Ref);
	if (!queue_work(Worker, &c->Work))
		kref_put(&c->Ref, nt_conn_free);
}

static struct nt_conn *nt_conn_alloc(void)
{
	struct nt_conn *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	c->Buffer = kmalloc(NT_ECHO_BUFFER, GFP_KERNEL);
	c->Irp = IoAllocateIrp(1, FALSE);
	c->CloseIrp = IoAllocateIrp(1, FALSE);
	c->Mdl = c->Buffer ? IoAllocateMdl(c->Buffer, NT_ECHO_BUFFER, FALSE, FALSE, NULL) : NULL;
	if (!c->Buffer || !c->Irp || !c->CloseIrp || !c->Mdl) {
		IoFreeMdl(c->Mdl);
		kfree(c->Buffer);
		IoFreeIrp(c->Irp);
		IoFreeIrp(c->CloseIrp);
		kfree(c);
		return NULL;
	}
	MmBuildMdlForNonPagedPool(c->Mdl);
	IoSetCompletionRoutine(c->Irp, nt_op_complete, c, TRUE, TRUE, TRUE);
	INIT_WORK(&c->Work, nt_conn_work);
	kref_init(&c->Ref);
	return c;
}

/* WskAcceptEvent, enabled statically: wsk calls it in process context. */
static NTSTATUS nt_accept_event(PVOID SocketContext, ULONG Flags, PSOCKADDR LocalAddress,
				PSOCKADDR RemoteAddress, PWSK_SOCKET AcceptSocket,
				PVOID *AcceptSocketContext,
				const WSK_CLIENT_CONNECTION_DISPATCH **AcceptSocketDispatch)
{
	struct nt_conn *c;

	if (!AcceptSocket) {
		pr_warn("wsk_nt_echo: the listener stopped working\n");
		return STATUS_REQUEST_NOT_ACCEPTED;
	}
	c = nt_conn_alloc();
	if (!c)
		return STATUS_REQUEST_NOT_ACCEPTED;
	c->Socket = AcceptSocket;
	spin_lock_bh(&ConnLock);
	if (Stopping) {
		spin_unlock_bh(&ConnLock);
		kref_put(&c->Ref, nt_conn_free);
		return STATUS_REQUEST_NOT_ACCEPTED;
	}
	list_add(&c->Node, &ConnList);
	spin_unlock_bh(&ConnLock);
	/* No callbacks on the connection: IRPs only, as in the sample. */
	*AcceptSocketContext = NULL;
	*AcceptSocketDispatch = NULL;
	nt_receive(c);
	return STATUS_SUCCESS;
}

static const WSK_CLIENT_LISTEN_DISPATCH ListenDispatch = {
	.WskAcceptEvent = nt_accept_event,
	.WskInspectEvent = NULL,
	.WskAbortEvent = NULL,
};

/* The IRP of a synchronous call: its routine sets the event the caller waits on. */
struct nt_sync {
	IRP Irp;
	KEVENT Event;
};

static VOID nt_sync_complete(PIRP Irp)
{
	struct nt_sync *s = Irp->context;

	KeSetEvent(&s->Event, IO_NO_INCREMENT, FALSE);
}

static VOID nt_sync_init(struct nt_sync *s)
{
	KeInitializeEvent(&s->Event, SynchronizationEvent, FALSE);
	IoSetCompletionRoutine(&s->Irp, nt_sync_complete, s, TRUE, TRUE, TRUE);
}

static NTSTATUS nt_sync_wait(struct nt_sync *s)
{
	KeWaitForSingleObject(&s->Event, Executive, KernelMode, FALSE, NULL);
	return s->Irp.IoStatus.Status;
}

/* StartListen of the sample, in process context. */
static NTSTATUS nt_start_listen(void)
{
	WSK_EVENT_CALLBACK_CONTROL Control;
	SOCKADDR_IN6 Address = { .sin6_family = AF_INET6, .sin6_port = htons(port),
				 .sin6_addr = IN6ADDR_ANY_INIT };
	const WSK_PROVIDER_LISTEN_DISPATCH *Dispatch;
	struct nt_sync s;
	ULONG V6Only = 0;
	NTSTATUS Status;

	Status = WskCaptureProviderNPI(&Registration, WSK_INFINITE_WAIT, &ProviderNpi);
	if (!NT_SUCCESS(Status))
		return Status;
	Control.NpiId = &NPI_WSK_INTERFACE_ID;
	Control.EventMask = WSK_EVENT_ACCEPT;
	Status = ProviderNpi.Dispatch->WskControlClient(ProviderNpi.Client,
							WSK_SET_STATIC_EVENT_CALLBACKS,
							sizeof(Control), &Control, 0, NULL,
							NULL, NULL);
	if (!NT_SUCCESS(Status))
		goto out;
	nt_sync_init(&s);
	ProviderNpi.Dispatch->WskSocket(ProviderNpi.Client, AF_INET6, SOCK_STREAM, IPPROTO_TCP,
					WSK_FLAG_LISTEN_SOCKET, NULL, &ListenDispatch, NULL, NULL,
					NULL, &s.Irp);
	Status = nt_sync_wait(&s);
	if (!NT_SUCCESS(Status))
		goto out;
	ListenSocket = (PWSK_SOCKET)s.Irp.IoStatus.Information;
	Dispatch = ListenSocket->Dispatch;
	nt_sync_init(&s);
	Dispatch->WskControlSocket(ListenSocket, WskSetOption, WSK_IPV6_V6ONLY, WSK_IPPROTO_IPV6,
				   sizeof(V6Only), &V6Only, 0, NULL, NULL, &s.Irp);
	Status = nt_sync_wait(&s);
	if (NT_SUCCESS(Status)) {
		nt_sync_init(&s);
		Dispatch->WskBind(ListenSocket, (PSOCKADDR)&Address, 0, &s.Irp);
		Status = nt_sync_wait(&s);
	}
	if (!NT_SUCCESS(Status)) {
		nt_sync_init(&s);
		Dispatch->WskCloseSocket(ListenSocket, &s.Irp);
		nt_sync_wait(&s);
		ListenSocket = NULL;
	}
out:
	WskReleaseProviderNPI(&Registration);
	return Status;
}

static int __init nt_echo_init(void)
{
	WSK_CLIENT_NPI ClientNpi = { NULL, &ClientDispatch };
	NTSTATUS Status;

	Worker = alloc_workqueue("wsk_nt_echo", 0, 0);
	if (!Worker)
		return -ENOMEM;
	Status = WskRegister(&ClientNpi, &Registration);
	if (!NT_SUCCESS(Status)) {
		destroy_workqueue(Worker);
		return wsk_status_to_errno(Status);
	}
	Status = nt_start_listen();
	if (!NT_SUCCESS(Status)) {
		pr_err("wsk_nt_echo: listening on port %u: %s\n", port, wsk_status_name(Status));
		WskDeregister(&Registration);
		destroy_workqueue(Worker);
		return wsk_status_to_errno(Status);
	}
	pr_info("wsk_nt_echo: echoing on [::]:%u\n", port);
	return 0;
}

/* Unloading: close a connection that is not closing already, once no work item uses it. */
static VOID nt_stop(struct nt_conn *c)
{
	const WSK_PROVIDER_CONNECTION_DISPATCH *Dispatch = c->Socket->Dispatch;

	if (atomic_xchg(&c->Closing, 1))
		return;
	/* A run of the work item in progress finishes its call first; a queued one goes. */
	if (cancel_work_sync(&c->Work))
		kref_put(&c->Ref, nt_conn_free);
	IoSetCompletionRoutine(c->CloseIrp, nt_close_complete, c, TRUE, TRUE, TRUE);
	Dispatch->WskCloseSocket(c->Socket, c->CloseIrp);
}

static void __exit nt_echo_exit(void)
{
	const WSK_PROVIDER_LISTEN_DISPATCH *Dispatch = ListenSocket->Dispatch;
	struct nt_conn *c, *tmp;
	struct nt_sync s;

	nt_sync_init(&s);
	Dispatch->WskCloseSocket(ListenSocket, &s.Irp);
	nt_sync_wait(&s);
	spin_lock_bh(&ConnLock);
	Stopping = true;
	spin_unlock_bh(&ConnLock);
	/*
	 * No accept event runs now. Close the connections not closing already, one at a time:
	 * a close in flight may take its connection off the list at any moment, so the list is
	 * only walked under the lock, and each pick holds a reference.
	 */
	for (;;) {
		c = NULL;
		spin_lock_bh(&ConnLock);
		list_for_each_entry(tmp, &ConnList, Node) {
			if (!atomic_read(&tmp->Closing)) {
				c = tmp;
				kref_get(&c->Ref);
				break;
			}
		}
		spin_unlock_bh(&ConnLock);
		if (!c)
			break;
		nt_stop(c);
		kref_put(&c->Ref, nt_conn_free);
	}
	/* Returns once every socket is closed; a late work item only drops its reference. */
	WskDeregister(&Registration);
	destroy_workqueue(Worker);
}

module_init(nt_echo_init);
module_exit(nt_echo_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk example: Microsoft's WSK echo server sample, ported with wsk_nt.h");
