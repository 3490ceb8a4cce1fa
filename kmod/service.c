// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel echo and discard services, TCP and UDP, started and stopped through /dev/wsk.
 *
 * Each service is a wsk client of its own (so that the file's static callbacks do not apply
 * to it) written against <wsk/wsk.h> alone, the way tests/example/wsk_echo.c is, but for
 * registering on the queue /dev/wsk shares (wsk_client_register()): the data path is the
 * event callbacks. Echo retains each
 * indication and sends it back from the indication's own pages; the last send's completion
 * releases it. Discard consumes.
 *
 * A TCP service keeps its connections on a list (under @lock) so that stopping it can close
 * them; a connection's close completion takes it off the list and frees it, and the stop waits
 * for the count of open connections to reach zero before the client goes.
 */

#include "compat.h"
#include "core.h"
#include "uclient.h"

#include <wsk/wsk.h>

#include <linux/in.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

/* Per open /dev/wsk file, and per TCP service; see the README's Limits. */
static unsigned int max_services = 16;
module_param(max_services, uint, 0644);
MODULE_PARM_DESC(max_services, "Services running per open /dev/wsk (EDQUOT beyond)");
static unsigned int max_service_conns = 1024;
module_param(max_service_conns, uint, 0644);
MODULE_PARM_DESC(max_service_conns,
		 "Connections open at once per TCP service (beyond: refused with a reset, counted in drops)");

struct wsk_svc {
	u32 id;
	u32 kind;
	u32 protocol;
	struct wsk_client *client;
	struct wsk_socket *sock;	/* the listener, or the datagram socket */
	struct wsk_addr addr;

	spinlock_t lock;		/* (BH) @conns, @stopping */
	struct list_head conns;
	bool stopping;
	atomic_t active;
	wait_queue_head_t wait;

	atomic64_t connections;
	atomic64_t bytes_in;
	atomic64_t bytes_out;
	atomic64_t dgrams_in;
	atomic64_t dgrams_out;
	atomic64_t drops;
};

struct wsk_svc_conn {
	struct wsk_svc *svc;
	struct wsk_socket *sock;
	struct list_head node;
	struct wsk_request disc;
	struct wsk_request close;
	bool closed;
};

/* One retained indication list being sent back, one send per entry. */
struct wsk_svc_echo {
	struct wsk_svc *svc;
	struct wsk_socket *sock;
	void *list;
	atomic_t pending;
	struct wsk_request part[];
};

static void wsk_svc_conn_closed(struct wsk_request *req)
{
	struct wsk_svc_conn *conn = container_of(req, struct wsk_svc_conn, close);
	struct wsk_svc *svc = conn->svc;

	spin_lock_bh(&svc->lock);
	list_del(&conn->node);
	spin_unlock_bh(&svc->lock);
	kfree(conn);
	if (atomic_dec_and_test(&svc->active))
		wake_up_all(&svc->wait);
}

/* Once per connection: a reset may follow our graceful disconnect. */
static void wsk_svc_conn_close(struct wsk_svc_conn *conn)
{
	if (xchg(&conn->closed, true))
		return;
	wsk_request_init(&conn->close, wsk_svc_conn_closed, NULL);
	wsk_close_socket(conn->sock, &conn->close);
}

static void wsk_svc_disconnected(struct wsk_request *req)
{
	wsk_svc_conn_close(container_of(req, struct wsk_svc_conn, disc));
}

static void wsk_svc_echo_sent(struct wsk_request *req)
{
	struct wsk_svc_echo *echo = req->context;
	struct wsk_svc *svc = echo->svc;

	if (wsk_success(req->status)) {
		atomic64_add(req->information, &svc->bytes_out);
		if (svc->protocol == IPPROTO_UDP)
			atomic64_inc(&svc->dgrams_out);
	} else {
		atomic64_inc(&svc->drops);
	}
	if (!atomic_dec_and_test(&echo->pending))
		return;
	if (svc->protocol == IPPROTO_UDP)
		wsk_release_datagrams(echo->sock, echo->list);
	else
		wsk_release(echo->sock, echo->list);
	kfree(echo);
}

static wsk_status_t wsk_svc_receive(void *ctx, u32 flags, struct wsk_data_indication *list,
				    size_t indicated, size_t *accepted)
{
	struct wsk_svc_conn *conn = ctx;
	struct wsk_svc *svc = conn->svc;
	struct wsk_data_indication *ind;
	struct wsk_svc_echo *echo;
	unsigned int n = 0, i = 0;

	/* The connection failed; the disconnect event closes it. */
	if (!list)
		return WSK_ST(WSK_STATUS_SUCCESS);
	atomic64_add(indicated, &svc->bytes_in);
	if (svc->kind == WSK_SERVICE_DISCARD)
		return WSK_ST(WSK_STATUS_SUCCESS);
	for (ind = list; ind; ind = ind->next)
		n++;
	echo = kzalloc(struct_size(echo, part, n), GFP_ATOMIC | __GFP_NOWARN);
	if (!echo) {
		/* Consumed without an echo: counted, never blocks the connection. */
		atomic64_inc(&svc->drops);
		return WSK_ST(WSK_STATUS_SUCCESS);
	}
	echo->svc = svc;
	echo->sock = conn->sock;
	echo->list = list;
	atomic_set(&echo->pending, n);
	for (ind = list; ind; ind = ind->next, i++) {
		wsk_request_init(&echo->part[i], wsk_svc_echo_sent, echo);
		wsk_send(conn->sock, &ind->buffer, 0, &echo->part[i]);
	}
	return WSK_ST(WSK_STATUS_PENDING);
}

static wsk_status_t wsk_svc_disconnect(void *ctx, u32 flags)
{
	struct wsk_svc_conn *conn = ctx;

	if (flags & WSK_FLAG_ABORTIVE) {
		wsk_svc_conn_close(conn);
	} else {
		/* Queued after the echo sends: FIN once everything went back. */
		wsk_request_init(&conn->disc, wsk_svc_disconnected, NULL);
		wsk_disconnect(conn->sock, NULL, 0, &conn->disc);
	}
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_connection_dispatch wsk_svc_conn_dispatch = {
	.receive_event = wsk_svc_receive,
	.disconnect_event = wsk_svc_disconnect,
};

static wsk_status_t wsk_svc_accept(void *ctx, u32 flags, struct sockaddr *local,
				   struct sockaddr *remote, struct wsk_socket *sock,
				   void **sock_ctx,
				   const struct wsk_client_connection_dispatch **sock_dispatch)
{
	gfp_t gfp = flags & WSK_FLAG_AT_DISPATCH_LEVEL ? GFP_ATOMIC : GFP_KERNEL;
	struct wsk_svc *svc = ctx;
	struct wsk_svc_conn *conn;

	if (!sock)
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	conn = kzalloc(sizeof(*conn), gfp);
	if (!conn) {
		atomic64_inc(&svc->drops);
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	}
	conn->svc = svc;
	conn->sock = sock;
	spin_lock_bh(&svc->lock);
	if (svc->stopping || atomic_read(&svc->active) >= READ_ONCE(max_service_conns)) {
		if (!svc->stopping)
			atomic64_inc(&svc->drops);
		goto err_unlock;
	}
	list_add_tail(&conn->node, &svc->conns);
	atomic_inc(&svc->active);
	spin_unlock_bh(&svc->lock);
	atomic64_inc(&svc->connections);
	*sock_ctx = conn;
	*sock_dispatch = &wsk_svc_conn_dispatch;
	return WSK_ST(WSK_STATUS_SUCCESS);

err_unlock:
	spin_unlock_bh(&svc->lock);
	kfree(conn);
	return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
}

static const struct wsk_client_listen_dispatch wsk_svc_listen_dispatch = {
	.accept_event = wsk_svc_accept,
};

static wsk_status_t wsk_svc_receive_from(void *ctx, u32 flags,
					 struct wsk_datagram_indication *list)
{
	struct wsk_svc *svc = ctx;
	struct wsk_datagram_indication *d;
	struct wsk_svc_echo *echo;
	unsigned int n = 0, i = 0;

	if (!list)
		return WSK_ST(WSK_STATUS_SUCCESS);
	for (d = list; d; d = d->next) {
		atomic64_add(d->buffer.length, &svc->bytes_in);
		atomic64_inc(&svc->dgrams_in);
		n++;
	}
	if (svc->kind == WSK_SERVICE_DISCARD)
		return WSK_ST(WSK_STATUS_SUCCESS);
	echo = kzalloc(struct_size(echo, part, n), GFP_ATOMIC | __GFP_NOWARN);
	if (!echo) {
		atomic64_add(n, &svc->drops);
		return WSK_ST(WSK_STATUS_SUCCESS);
	}
	echo->svc = svc;
	echo->sock = svc->sock;
	echo->list = list;
	atomic_set(&echo->pending, n);
	/* The payload and the source address stay valid until the list is released. */
	for (d = list; d; d = d->next, i++) {
		wsk_request_init(&echo->part[i], wsk_svc_echo_sent, echo);
		wsk_send_to(svc->sock, &d->buffer, 0, d->remote_address, &echo->part[i]);
	}
	return WSK_ST(WSK_STATUS_PENDING);
}

static const struct wsk_client_datagram_dispatch wsk_svc_dgram_dispatch = {
	.receive_from_event = wsk_svc_receive_from,
};

static void wsk_svc_close_sock(struct wsk_socket *sock)
{
	struct wsk_sync sync;

	wsk_sync_init(&sync);
	wsk_sync_wait(&sync, wsk_close_socket(sock, &sync.req));
}

/*
 * Close the listener, then every connection, and wait for them; the client goes last. The
 * counters stay readable until the caller frees @svc.
 */
static void wsk_svc_stop(struct wsk_svc *svc)
{
	struct wsk_svc_conn *conn;

	/* No accept callback runs once the listener's close completed. */
	wsk_svc_close_sock(svc->sock);
	spin_lock_bh(&svc->lock);
	svc->stopping = true;
	spin_unlock_bh(&svc->lock);
	for (;;) {
		/* Closing may complete at once and take the lock: never close under it. */
		spin_lock_bh(&svc->lock);
		list_for_each_entry(conn, &svc->conns, node)
			if (!xchg(&conn->closed, true))
				break;
		spin_unlock_bh(&svc->lock);
		if (list_entry_is_head(conn, &svc->conns, node))
			break;
		wsk_request_init(&conn->close, wsk_svc_conn_closed, NULL);
		wsk_close_socket(conn->sock, &conn->close);
	}
	wait_event(svc->wait, !atomic_read(&svc->active));
	wsk_deregister(svc->client);
}

/* Make the socket, bind it (a listener listens then) and switch its callbacks on. */
static wsk_status_t wsk_svc_open(struct wsk_svc *svc, struct sockaddr_storage *ss)
{
	bool tcp = svc->protocol == IPPROTO_TCP;
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = tcp ? WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT :
				    WSK_EVENT_RECEIVE_FROM,
	};
	struct sockaddr_storage bound;
	struct wsk_sync sync;
	wsk_status_t st;

	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_socket(svc->client, ss->ss_family,
					     tcp ? SOCK_STREAM : SOCK_DGRAM, svc->protocol,
					     tcp ? WSK_FLAG_LISTEN_SOCKET :
						   WSK_FLAG_DATAGRAM_SOCKET, svc,
					     tcp ? (const void *)&wsk_svc_listen_dispatch :
						   (const void *)&wsk_svc_dgram_dispatch,
					     &sync.req));
	if (st)
		return st;
	svc->sock = (struct wsk_socket *)sync.req.information;
	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_bind(svc->sock, (struct sockaddr *)ss, 0, &sync.req));
	if (st)
		goto err_close;
	st = wsk_control_socket(svc->sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK,
				WSK_SOL_SOCKET, sizeof(ctl), &ctl, 0, NULL, NULL, NULL);
	if (st)
		goto err_close;
	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_get_local_address(svc->sock, &bound, &sync.req));
	if (st)
		goto err_close;
	wsk_uaddr_out((struct sockaddr *)&bound, &svc->addr);
	return st;

err_close:
	wsk_svc_close_sock(svc->sock);
	return st;
}

static int wsk_svc_start(struct wsk_ufile *uf, struct wsk_ioc_service *a)
{
	struct sockaddr_storage ss;
	struct wsk_svc *svc;
	char owner[64];
	wsk_status_t st;
	int err;

	lockdep_assert_held(&uf->svc_lock);
	if ((a->kind != WSK_SERVICE_ECHO && a->kind != WSK_SERVICE_DISCARD) ||
	    (a->protocol != IPPROTO_TCP && a->protocol != IPPROTO_UDP) || a->id)
		return -EINVAL;
	err = wsk_uaddr_in(&a->addr, &ss);
	if (err)
		return err;
	if (uf->nr_services >= READ_ONCE(max_services))
		return -EDQUOT;
	svc = kzalloc(sizeof(*svc), GFP_KERNEL_ACCOUNT);
	if (!svc)
		return -ENOMEM;
	svc->kind = a->kind;
	svc->protocol = a->protocol;
	spin_lock_init(&svc->lock);
	INIT_LIST_HEAD(&svc->conns);
	init_waitqueue_head(&svc->wait);
	snprintf(owner, sizeof(owner), "/dev/wsk %s service, %s[%d]",
		 svc->kind == WSK_SERVICE_ECHO ? "echo" : "discard", current->comm,
		 task_tgid_nr(current));
	err = wsk_client_register(&svc->client, uf->net, svc, uf->wq, owner);
	if (err)
		goto err_free;
	st = wsk_svc_open(svc, &ss);
	if (st) {
		err = wsk_status_to_errno(st) ?: -EIO;
		goto err_deregister;
	}
	err = xa_alloc(&uf->services, &svc->id, svc, xa_limit_32b, GFP_KERNEL);
	if (err)
		goto err_stop;
	uf->nr_services++;
	a->id = svc->id;
	a->addr = svc->addr;
	return 0;

err_stop:
	/* Closes the service's sockets and deregisters its client. */
	wsk_svc_stop(svc);
	goto err_free;
err_deregister:
	wsk_deregister(svc->client);
err_free:
	kfree(svc);
	return err;
}

static void wsk_svc_stats(struct wsk_svc *svc, struct wsk_ioc_service *a)
{
	a->kind = svc->kind;
	a->protocol = svc->protocol;
	a->addr = svc->addr;
	a->connections = atomic64_read(&svc->connections);
	a->active = atomic_read(&svc->active);
	a->bytes_in = atomic64_read(&svc->bytes_in);
	a->bytes_out = atomic64_read(&svc->bytes_out);
	a->datagrams_in = atomic64_read(&svc->dgrams_in);
	a->datagrams_out = atomic64_read(&svc->dgrams_out);
	a->drops = atomic64_read(&svc->drops);
}

/**
 * wsk_svc_init() - no services yet
 * @uf: a new file
 */
void wsk_svc_init(struct wsk_ufile *uf)
{
	mutex_init(&uf->svc_lock);
	xa_init_flags(&uf->services, XA_FLAGS_ALLOC1);
}

/**
 * wsk_svc_ioctl() - WSK_IOC_SERVICE
 * @uf: the file
 * @a: the checked arguments; results go back here
 *
 * Stop and stats report the counters (stop: the final ones).
 *
 * Return: 0; -EINVAL for an unknown operation, kind or protocol, or an address that is not
 * IPv4 or IPv6; -ENOENT for an unknown id; -EDQUOT for a start when the file runs
 * max_services already; -ENOMEM; or the errno of the WSK status of a
 * failed start (e.g. -EADDRINUSE).
 */
int wsk_svc_ioctl(struct wsk_ufile *uf, struct wsk_ioc_service *a)
{
	struct wsk_svc *svc;
	int err = 0;

	mutex_lock(&uf->svc_lock);
	switch (a->op) {
	case WSK_SERVICE_START:
		err = wsk_svc_start(uf, a);
		break;
	case WSK_SERVICE_STATS:
	case WSK_SERVICE_STOP:
		svc = xa_load(&uf->services, a->id);
		if (!svc) {
			err = -ENOENT;
			break;
		}
		if (a->op == WSK_SERVICE_STOP) {
			xa_erase(&uf->services, a->id);
			uf->nr_services--;
			wsk_svc_stop(svc);
		}
		wsk_svc_stats(svc, a);
		if (a->op == WSK_SERVICE_STOP)
			kfree(svc);
		break;
	default:
		err = -EINVAL;
	}
	mutex_unlock(&uf->svc_lock);
	return err;
}

/**
 * wsk_svc_stop_all() - the file is closed: stop its services
 * @uf: the file
 */
void wsk_svc_stop_all(struct wsk_ufile *uf)
{
	struct wsk_svc *svc;
	unsigned long id;

	mutex_lock(&uf->svc_lock);
	xa_for_each(&uf->services, id, svc) {
		xa_erase(&uf->services, id);
		wsk_svc_stop(svc);
		kfree(svc);
	}
	mutex_unlock(&uf->svc_lock);
	xa_destroy(&uf->services);
	mutex_destroy(&uf->svc_lock);
}
