// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_echo: an example wsk client, a TCP echo server written against <wsk/wsk.h> alone.
 *
 * The listener enables the accept event and, for inheritance, the receive and disconnect
 * events, so every connection it accepts starts with them enabled (rule 5). Each receive
 * indication is retained (WSK_STATUS_PENDING) and sent straight back from the indication's own
 * pages; the completion of that send releases the indication. When the peer shuts down its
 * side, the server does the same after its last send, then closes the socket. Unloading
 * closes the connections still open (their peers see a reset) rather than waiting for them.
 *
 *	insmod wsk_echo.ko port=7007 [addr=127.0.0.1]
 */

#include <linux/atomic.h>
#include <linux/in.h>
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <net/net_namespace.h>
#include <wsk/wsk.h>

static ushort port = 7007;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "TCP port to listen on (default 7007)");

static char *addr = "127.0.0.1";
module_param(addr, charp, 0444);
MODULE_PARM_DESC(addr, "IPv4 address to listen on (default 127.0.0.1)");

static struct wsk_client *echo_client;
static struct wsk_socket *echo_listener;
static atomic_t echo_conns = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(echo_wait);
static DEFINE_SPINLOCK(echo_lock);	/* (BH) echo_list, echo_stopping */
static LIST_HEAD(echo_list);
static bool echo_stopping;
static atomic64_t echo_bytes = ATOMIC64_INIT(0);

/* One accepted connection; freed when its close completes. */
struct echo_conn {
	struct wsk_socket *sock;
	struct wsk_request disc;	/* our graceful disconnect */
	struct wsk_request close;
	struct wsk_request restart;	/* zero-length receive after a refused indication */
	struct wsk_buf empty;
	struct list_head node;		/* on echo_list */
	bool restarting;
	bool closed;
};

/* One retained indication being sent back, one send per entry of its list. */
struct echo_send {
	struct echo_conn *conn;
	struct wsk_data_indication *list;
	atomic_t pending;
	struct {
		struct wsk_request req;
		struct echo_send *send;
	} part[];
};

static void echo_closed(struct wsk_request *req)
{
	struct echo_conn *conn = container_of(req, struct echo_conn, close);

	spin_lock_bh(&echo_lock);
	list_del(&conn->node);
	spin_unlock_bh(&echo_lock);
	/* Every other request of the socket completed before its close did. */
	kfree(conn);
	if (atomic_dec_and_test(&echo_conns))
		wake_up_all(&echo_wait);
}

/* Once: a reset may come after our graceful disconnect started. */
static void echo_close(struct echo_conn *conn)
{
	if (xchg(&conn->closed, true))
		return;
	wsk_request_init(&conn->close, echo_closed, NULL);
	wsk_close_socket(conn->sock, &conn->close);
}

static void echo_disconnected(struct wsk_request *req)
{
	echo_close(container_of(req, struct echo_conn, disc));
}

static void echo_sent(struct wsk_request *req)
{
	struct echo_send *send = req->context;

	if (wsk_success(req->status))
		atomic64_add(req->information, &echo_bytes);
	if (atomic_dec_and_test(&send->pending)) {
		wsk_release(send->conn->sock, send->list);
		kfree(send);
	}
}

static void echo_restarted(struct wsk_request *req)
{
	WRITE_ONCE(container_of(req, struct echo_conn, restart)->restarting, false);
}

static wsk_status_t echo_receive(void *context, u32 flags, struct wsk_data_indication *list,
				 size_t indicated, size_t *accepted)
{
	struct echo_conn *conn = context;
	struct wsk_data_indication *ind;
	struct echo_send *send;
	unsigned int n = 0, i = 0;

	/* The connection failed; the disconnect event closes it. */
	if (!list)
		return WSK_ST(WSK_STATUS_SUCCESS);
	for (ind = list; ind; ind = ind->next)
		n++;
	send = kzalloc(struct_size(send, part, n), GFP_ATOMIC);
	if (!send) {
		/*
		 * Keep the data in the socket; a zero-length receive brings it back as a new
		 * indication once it completes.
		 */
		if (!xchg(&conn->restarting, true)) {
			wsk_request_init(&conn->restart, echo_restarted, NULL);
			wsk_receive(conn->sock, &conn->empty, 0, &conn->restart);
		}
		return WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED);
	}
	send->conn = conn;
	send->list = list;
	atomic_set(&send->pending, n);
	for (ind = list; ind; ind = ind->next, i++) {
		send->part[i].send = send;
		wsk_request_init(&send->part[i].req, echo_sent, send);
		/* The indication's pages stay valid until wsk_release(): send them as they are. */
		wsk_send(conn->sock, &ind->buffer, 0, &send->part[i].req);
	}
	return WSK_ST(WSK_STATUS_PENDING);
}

static wsk_status_t echo_disconnect(void *context, u32 flags)
{
	struct echo_conn *conn = context;

	if (flags & WSK_FLAG_ABORTIVE) {
		echo_close(conn);
	} else {
		/* Queued after the echo sends: FIN once everything went back. */
		wsk_request_init(&conn->disc, echo_disconnected, NULL);
		wsk_disconnect(conn->sock, NULL, 0, &conn->disc);
	}
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_connection_dispatch echo_conn_dispatch = {
	.receive_event = echo_receive,
	.disconnect_event = echo_disconnect,
};

static wsk_status_t echo_accept(void *context, u32 flags, struct sockaddr *local,
				struct sockaddr *remote, struct wsk_socket *sock,
				void **sock_context,
				const struct wsk_client_connection_dispatch **sock_dispatch)
{
	gfp_t gfp = flags & WSK_FLAG_AT_DISPATCH_LEVEL ? GFP_ATOMIC : GFP_KERNEL;
	struct echo_conn *conn;

	/* The listener stopped working: nothing to accept any more. */
	if (!sock)
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	conn = kzalloc(sizeof(*conn), gfp);
	if (!conn)
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	conn->sock = sock;
	spin_lock_bh(&echo_lock);
	if (echo_stopping) {
		spin_unlock_bh(&echo_lock);
		kfree(conn);
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	}
	list_add_tail(&conn->node, &echo_list);
	atomic_inc(&echo_conns);
	spin_unlock_bh(&echo_lock);
	*sock_context = conn;
	*sock_dispatch = &echo_conn_dispatch;
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_listen_dispatch echo_listen_dispatch = {
	.accept_event = echo_accept,
};

static int __init echo_init(void)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT,
	};
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct wsk_sync sync;
	wsk_status_t st;
	int err;

	if (!in4_pton(addr, -1, (u8 *)&sin.sin_addr.s_addr, -1, NULL))
		return -EINVAL;
	err = wsk_register(&echo_client, &init_net, NULL);
	if (err)
		return err;

	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_socket(echo_client, AF_INET, SOCK_STREAM, IPPROTO_TCP,
					     WSK_FLAG_LISTEN_SOCKET, NULL, &echo_listen_dispatch,
					     &sync.req));
	if (st)
		goto err_deregister;
	echo_listener = (struct wsk_socket *)sync.req.information;

	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_bind(echo_listener, (struct sockaddr *)&sin, 0,
					   &sync.req));
	if (!st)
		st = wsk_control_socket(echo_listener, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK,
					WSK_SOL_SOCKET, sizeof(ctl), &ctl, 0, NULL, NULL, NULL);
	if (st)
		goto err_close;
	pr_info("wsk_echo: listening on %pI4:%u\n", &sin.sin_addr, port);
	return 0;

err_close:
	wsk_sync_init(&sync);
	wsk_sync_wait(&sync, wsk_close_socket(echo_listener, &sync.req));
err_deregister:
	wsk_deregister(echo_client);
	pr_err("wsk_echo: cannot listen on %s:%u: %s\n", addr, port, wsk_status_name(st));
	return wsk_status_to_errno(st) ?: -EIO;
}

static void __exit echo_exit(void)
{
	struct echo_conn *conn;
	struct wsk_sync sync;
	bool found;

	/* No accept callback runs once the listener's close completed. */
	wsk_sync_init(&sync);
	wsk_sync_wait(&sync, wsk_close_socket(echo_listener, &sync.req));
	spin_lock_bh(&echo_lock);
	echo_stopping = true;
	spin_unlock_bh(&echo_lock);
	/*
	 * Close every connection not closing yet, one at a time: a close may complete at once
	 * and take the lock to unlink itself, so it is never started under the lock.
	 */
	do {
		found = false;
		spin_lock_bh(&echo_lock);
		list_for_each_entry(conn, &echo_list, node) {
			if (!xchg(&conn->closed, true)) {
				found = true;
				break;
			}
		}
		spin_unlock_bh(&echo_lock);
		if (found) {
			wsk_request_init(&conn->close, echo_closed, NULL);
			wsk_close_socket(conn->sock, &conn->close);
		}
	} while (found);
	wait_event(echo_wait, !atomic_read(&echo_conns));
	wsk_deregister(echo_client);
	pr_info("wsk_echo: echoed %lld bytes\n", (long long)atomic64_read(&echo_bytes));
}

module_init(echo_init);
module_exit(echo_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk example client: an event-driven TCP echo server");
