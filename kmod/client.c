// SPDX-License-Identifier: GPL-2.0
/*
 * Client registration (WskRegister/WskDeregister) and client control (WskControlClient).
 */

#include "compat.h"
#include "core.h"
#include "view.h"

#include <kunit/visibility.h>
#include <linux/in.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

/**
 * wsk_client_register() - register a client
 * @clientp: the new client
 * @net: the network namespace its sockets live in; the client holds a reference to it
 * @client_context: for the client's own use
 * @wq: the queue of the client's work items, or NULL for a queue of its own
 * @owner: who registered it, for the system-wide view (/proc/net/wsk); truncated to fit
 *
 * A kernel client's sockets run their work items (requests, process-context callbacks,
 * closes) on an unbound queue of the client's own, with a rescuer (WQ_MEM_RECLAIM) for
 * clients whose socket I/O may be needed to free memory (storage, network file systems), as
 * nvme-tcp's queue has. So a client whose callbacks sleep uses up only its own workers, never
 * another client's (review finding 13). /dev/wsk files and their services share one queue
 * instead (@wq, chardev.c): a queue per open would be a kernel thread and a lockdep class per
 * open, and their callbacks only ever sleep when held, which upolicy.c caps for all files
 * together well below the queue's active limit.
 *
 * Return: 0 or -ENOMEM.
 */
int wsk_client_register(struct wsk_client **clientp, struct net *net, void *client_context,
			struct workqueue_struct *wq, const char *owner)
{
	struct wsk_client *client;

	might_sleep();
	client = kzalloc(sizeof(*client), GFP_KERNEL_ACCOUNT);
	if (!client)
		return -ENOMEM;
	client->wq = wq;
	if (!wq) {
		client->wq = alloc_workqueue("wsk", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
		if (!client->wq)
			goto err_free;
		client->own_wq = true;
	}
	client->net = get_net(net);
	client->context = client_context;
	mutex_init(&client->lock);
	INIT_LIST_HEAD(&client->sockets);
	/* The registration itself is the first live object; wsk_deregister() ends it. */
	atomic_set(&client->live, 1);
	init_completion(&client->gone);
	strscpy(client->owner, owner, sizeof(client->owner));
	wsk_view_add(client);
	*clientp = client;
	return 0;

err_free:
	kfree(client);
	return -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_client_register);

int wsk_register(struct wsk_client **clientp, struct net *net, void *client_context)
{
	char owner[64];

	/* The view names a kernel client by the function that registered it, and its module. */
	snprintf(owner, sizeof(owner), "%pS", __builtin_return_address(0));
	return wsk_client_register(clientp, net, client_context, NULL, owner);
}
EXPORT_SYMBOL_GPL(wsk_register);

void wsk_deregister(struct wsk_client *client)
{
	might_sleep();
	WRITE_ONCE(client->deregistering, true);
	wsk_client_put_live(client);
	/*
	 * A completion, not a wait queue: complete() is done with the client once the waiter
	 * can return, so the last socket's put never touches freed memory (review finding 9).
	 * A client that forgot a socket waits for ever, as WskDeregister does, but is told.
	 */
	while (!wait_for_completion_timeout(&client->gone, 30 * HZ))
		pr_warn("%s() still waits for %d sockets and requests of a client\n", __func__,
			atomic_read(&client->live));
	/*
	 * Every socket is closed and unhooked, but a socket callback that found one of them
	 * under rcu_read_lock() before its unhook may still kick its work item (socket.c, "Who
	 * can reach a socket"). After a grace period no such callback runs; a work item it
	 * queued sees WSK_S_CLOSING and only drops its reference, and destroy_workqueue() lets
	 * it run first (a shared queue: wsk_chardev_exit()). Nothing of the client then runs
	 * module code.
	 */
	synchronize_rcu();
	wsk_view_del(client);
	if (client->own_wq)
		destroy_workqueue(client->wq);
	put_net(client->net);
	mutex_destroy(&client->lock);
	kfree(client);
}
EXPORT_SYMBOL_GPL(wsk_deregister);

/* A socket or other long-lived object of the client starts; refused once deregistering. */
bool wsk_client_get_live(struct wsk_client *client)
{
	if (READ_ONCE(client->deregistering))
		return false;
	return atomic_inc_not_zero(&client->live);
}

void wsk_client_put_live(struct wsk_client *client)
{
	if (atomic_dec_and_test(&client->live))
		complete(&client->gone);
}

static wsk_status_t wsk_set_static_callbacks(struct wsk_client *client, size_t in_size,
					     const void *in, struct wsk_request *req)
{
	const struct wsk_event_callback_control *c = in;
	wsk_status_t st = WSK_ST(WSK_STATUS_SUCCESS);

	/* WSK_SET_STATIC_EVENT_CALLBACKS takes no IRP (one given is completed with the error). */
	if (req)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (!in || in_size < sizeof(*c) || !wsk_npi_id_valid(c->npi_id))
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (!c->event_mask || (c->event_mask & ~WSK_EVENT_ALL))
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);

	mutex_lock(&client->lock);
	if (client->made_socket)
		st = WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE);
	else
		client->static_mask = c->event_mask;
	mutex_unlock(&client->lock);
	return st;
}

/* The transports wsk offers: TCP and UDP over IPv4 and IPv6. */
static const struct wsk_transport wsk_transports[] = {
	{ .version = 0x0100, .socket_type = SOCK_STREAM, .protocol = IPPROTO_TCP,
	  .address_family = AF_INET },
	{ .version = 0x0100, .socket_type = SOCK_DGRAM, .protocol = IPPROTO_UDP,
	  .address_family = AF_INET },
	{ .version = 0x0100, .socket_type = SOCK_STREAM, .protocol = IPPROTO_TCP,
	  .address_family = AF_INET6 },
	{ .version = 0x0100, .socket_type = SOCK_DGRAM, .protocol = IPPROTO_UDP,
	  .address_family = AF_INET6 },
};

/* WSK_TRANSPORT_LIST_QUERY: the list, or its size with STATUS_BUFFER_OVERFLOW. */
static wsk_status_t wsk_transport_list(size_t out_size, void *out, size_t *out_returned,
				       struct wsk_request *req)
{
	if (req)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (out_returned)
		*out_returned = sizeof(wsk_transports);
	if (!out || out_size < sizeof(wsk_transports))
		return WSK_ST(WSK_STATUS_BUFFER_OVERFLOW);
	memcpy(out, wsk_transports, sizeof(wsk_transports));
	return WSK_ST(WSK_STATUS_SUCCESS);
}

wsk_status_t wsk_control_client(struct wsk_client *client, u32 control_code, size_t in_size,
				const void *in, size_t out_size, void *out, size_t *out_returned,
				struct wsk_request *req)
{
	u32 behaviour;

	if (out_returned)
		*out_returned = 0;
	switch (control_code) {
	case WSK_SET_STATIC_EVENT_CALLBACKS:
		return wsk_set_static_callbacks(client, in_size, in, req);
	case WSK_TRANSPORT_LIST_QUERY:
		return wsk_transport_list(out_size, out, out_returned, req);
	case WSK_TDI_BEHAVIOR:
		/* wsk never goes through TDI: bypassing it is all there is. */
		if (req)
			return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
		if (!in || in_size < sizeof(behaviour))
			return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
		memcpy(&behaviour, in, sizeof(behaviour));
		return behaviour & ~WSK_TDI_BEHAVIOR_BYPASS_TDI ?
		       WSK_ST(WSK_STATUS_INVALID_PARAMETER) : WSK_ST(WSK_STATUS_SUCCESS);
	}
	/*
	 * WSK_TRANSPORT_LIST_CHANGE: the list never changes. WSK_CACHE_SD, WSK_RELEASE_SD:
	 * Linux has no security descriptors. WSK_TDI_DEVICENAME_MAPPING: no TDI devices.
	 */
	return wsk_fail(req, WSK_ST(WSK_STATUS_NOT_SUPPORTED));
}
EXPORT_SYMBOL_GPL(wsk_control_client);
