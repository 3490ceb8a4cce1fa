// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_bench: the in-kernel consumers of `make bench`, one per load of the module, side by side:
 * hand-written socket code (a bare sk_data_ready hook, a work item per event, a blocking
 * kthread) and wsk through its public API alone (<wsk/wsk.h>).
 *
 *	insmod wsk_bench.ko consumer=NAME port=N [outstanding=N] [idle=N] [total=BYTES]
 *
 * The load generator (wskbench, userspace) reads /sys/module/wsk_bench/parameters/count,
 * which each consumer counts up: datagrams, bytes, connections, or bytes sent. Consumers:
 *
 *   udp-bare udp-work udp-kthread udp-wsk-event udp-wsk-process udp-wsk-recv
 *	UDP on 127.0.0.1:port, counting datagrams (udp-wsk-recv keeps @outstanding
 *	wsk_receive_from() requests; udp-wsk-event also makes @idle more datagram sockets with
 *	the event enabled, on the ports after @port, that receive nothing)
 *   udp-idle
 *	@idle plain UDP sockets on the ports after @port, bound and receiving nothing (the
 *	memory udp-wsk-event's idle sockets are measured against)
 *   tcp-bare tcp-kthread tcp-wsk-event tcp-wsk-retain tcp-wsk-recv
 *	a TCP listener on 127.0.0.1:port, counting the bytes received on every connection
 *	(tcp-wsk-recv keeps @outstanding wsk_receive() requests per connection)
 *   acc-kthread acc-wsk-event acc-wsk-accept
 *	a TCP listener counting the connections it accepts, each closed at once
 *   hold-plain hold-wsk
 *	a TCP listener that accepts and keeps every connection (memory per connection);
 *	hold-wsk enables the receive and disconnect events on each
 *   send-kernel send-wsk
 *	connects to 127.0.0.1:port and sends @total bytes, counting the bytes sent
 *	(send-wsk keeps @outstanding wsk_send() requests of 64 KiB; `backlog` counts its
 *	send-backlog events)
 *
 * Everything it makes is undone on rmmod.
 */

#include <linux/atomic.h>
#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/tcp.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <wsk/wsk.h>

static char *consumer = "";
module_param(consumer, charp, 0444);
MODULE_PARM_DESC(consumer, "What to run (see the top of wsk_bench.c)");
static ushort port = 9000;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "The port to listen on or to connect to");
static uint outstanding = 1;
module_param(outstanding, uint, 0444);
MODULE_PARM_DESC(outstanding, "Requests kept outstanding by the *-wsk-recv and send-wsk consumers (1-64)");
static uint idle;
module_param(idle, uint, 0444);
MODULE_PARM_DESC(idle, "udp-wsk-event: idle datagram sockets with the event enabled, besides");
static ulong total = 64UL << 20;
module_param(total, ulong, 0444);
MODULE_PARM_DESC(total, "send-*: the bytes to send");

static atomic_long_t bench_count = ATOMIC_LONG_INIT(0);
static atomic_long_t bench_backlog = ATOMIC_LONG_INIT(0);

static int bench_get_count(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops bench_count_ops = {
	.get = bench_get_count,
};

module_param_cb(count, &bench_count_ops, &bench_count, 0444);
MODULE_PARM_DESC(count, "What the consumer counted: datagrams, bytes or connections");
module_param_cb(backlog, &bench_count_ops, &bench_backlog, 0444);
MODULE_PARM_DESC(backlog, "send-wsk: send-backlog events");
static uint conn_bytes;
module_param(conn_bytes, uint, 0444);
MODULE_PARM_DESC(conn_bytes, "The memory of this module's own record of one connection (not wsk's)");

#define BENCH_MAX_OUT	64
#define BENCH_BUF	(64 * 1024)

static struct sockaddr_in bench_addr(u16 p)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(p),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	return sin;
}

/* ---- hand-written consumers over plain kernel sockets ---- */

static struct socket *plain_sock;		/* UDP socket or TCP listener */
static struct socket **plain_idle;		/* udp-idle */
static struct task_struct *plain_thread;
static struct work_struct plain_work;
static void (*plain_saved_ready)(struct sock *sk);
static DEFINE_SPINLOCK(plain_lock);		/* plain_conns */
static LIST_HEAD(plain_conns);
static bool plain_stopping;

struct plain_conn {
	struct list_head node;
	struct socket *sock;
	struct task_struct *thread;		/* tcp-kthread: its receive loop */
	void (*saved_ready)(struct sock *sk);	/* tcp-bare: the stack's own */
};

static int plain_socket(int type, bool listen, u16 p, struct socket **res)
{
	struct sockaddr_in sin = bench_addr(p);
	struct socket *sock;
	int err;

	err = sock_create_kern(&init_net, AF_INET, type,
			       type == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP, &sock);
	if (err)
		return err;
	sock_set_reuseaddr(sock->sk);
	err = kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin));
	if (!err && listen)
		err = kernel_listen(sock, SOMAXCONN);
	if (err)
		goto err_release;
	*res = sock;
	return 0;

err_release:
	sock_release(sock);
	return err;
}

static void plain_hook(struct sock *sk, void (*ready)(struct sock *sk))
{
	write_lock_bh(&sk->sk_callback_lock);
	plain_saved_ready = sk->sk_data_ready;
	WRITE_ONCE(sk->sk_data_ready, ready);
	write_unlock_bh(&sk->sk_callback_lock);
}

static void plain_unhook(struct sock *sk)
{
	write_lock_bh(&sk->sk_callback_lock);
	WRITE_ONCE(sk->sk_data_ready, plain_saved_ready);
	write_unlock_bh(&sk->sk_callback_lock);
}

/* Drain every queued datagram, as a driver's own hook would. */
static void udp_drain(struct sock *sk)
{
	struct sk_buff *skb;
	int err;

	while ((skb = skb_recv_udp(sk, MSG_DONTWAIT, &err))) {
		atomic_long_inc(&bench_count);
		consume_skb(skb);
	}
}

static void udp_bare_ready(struct sock *sk)
{
	udp_drain(sk);
}

static void udp_work_fn(struct work_struct *work)
{
	udp_drain(plain_sock->sk);
}

static void udp_work_ready(struct sock *sk)
{
	queue_work(system_unbound_wq, &plain_work);
}

/* A blocking receive loop; the receive timeout lets it see kthread_should_stop(). */
static int udp_kthread_fn(void *arg)
{
	static char buf[2048];
	struct kvec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = { };

	while (!kthread_should_stop())
		if (kernel_recvmsg(plain_sock, &msg, &iov, 1, sizeof(buf), 0) >= 0)
			atomic_long_inc(&bench_count);
	return 0;
}

static int tcp_count_actor(read_descriptor_t *desc, struct sk_buff *skb, unsigned int offset,
			   size_t len)
{
	atomic_long_add(len, &bench_count);
	return len;
}

/* The bare TCP hook: consume in place, under the socket lock the stack holds. */
static void tcp_bare_ready(struct sock *sk)
{
	read_descriptor_t desc = { .count = 1 };

	tcp_read_sock(sk, &desc, tcp_count_actor);
}

/* Keep an accepted connection until rmmod. Return: its entry, or NULL (then it is gone). */
static struct plain_conn *plain_keep(struct socket *sock)
{
	struct plain_conn *pc = kzalloc(sizeof(*pc), GFP_KERNEL);

	if (!pc) {
		sock_release(sock);
		return NULL;
	}
	pc->sock = sock;
	WRITE_ONCE(conn_bytes, ksize(pc));
	spin_lock_bh(&plain_lock);
	list_add_tail(&pc->node, &plain_conns);
	spin_unlock_bh(&plain_lock);
	return pc;
}

/* tcp-bare: hook the connection, and consume what came before the hook. */
static void tcp_bare_conn(struct plain_conn *pc)
{
	struct sock *sk = pc->sock->sk;

	lock_sock(sk);
	write_lock_bh(&sk->sk_callback_lock);
	pc->saved_ready = sk->sk_data_ready;
	WRITE_ONCE(sk->sk_data_ready, tcp_bare_ready);
	write_unlock_bh(&sk->sk_callback_lock);
	tcp_bare_ready(sk);
	release_sock(sk);
}

static int tcp_kthread_conn(void *arg)
{
	struct socket *ns = arg;
	struct kvec iov;
	struct msghdr msg = { };
	void *buf = kmalloc(BENCH_BUF, GFP_KERNEL);
	int n;

	if (!buf)
		return -ENOMEM;
	while (!kthread_should_stop()) {
		iov.iov_base = buf;
		iov.iov_len = BENCH_BUF;
		n = kernel_recvmsg(ns, &msg, &iov, 1, BENCH_BUF, 0);
		if (n > 0)
			atomic_long_add(n, &bench_count);
		else if (n == 0)
			break;
	}
	kfree(buf);
	/* Park until rmmod stops us. */
	while (!kthread_should_stop())
		schedule_timeout_idle(HZ / 10);
	return 0;
}

/*
 * The listener of the tcp-bare, tcp-kthread, acc-kthread and hold-plain consumers: a blocking
 * accept loop (the receive timeout lets it see kthread_should_stop()).
 */
static int plain_accept_fn(void *arg)
{
	const char *c = consumer;
	struct plain_conn *pc;
	struct task_struct *t;
	struct socket *ns;

	while (!kthread_should_stop()) {
		if (kernel_accept(plain_sock, &ns, 0))
			continue;
		if (!strcmp(c, "acc-kthread")) {
			atomic_long_inc(&bench_count);
			sock_release(ns);
			continue;
		}
		if (!strcmp(c, "hold-plain"))
			atomic_long_inc(&bench_count);
		ns->sk->sk_rcvtimeo = HZ / 10;
		pc = plain_keep(ns);
		if (!pc)
			continue;
		if (!strcmp(c, "tcp-bare"))
			tcp_bare_conn(pc);
		if (strcmp(c, "tcp-kthread"))
			continue;
		t = kthread_run(tcp_kthread_conn, ns, "wsk_bench_rx");
		if (IS_ERR(t))
			continue;
		get_task_struct(t);
		pc->thread = t;
	}
	return 0;
}

/* rmmod: the accept loop has stopped; every connection goes, with the stack's callbacks. */
static void plain_conns_release(void)
{
	struct plain_conn *pc, *tmp;
	struct sock *sk;

	list_for_each_entry_safe(pc, tmp, &plain_conns, node) {
		if (pc->thread) {
			kthread_stop(pc->thread);
			put_task_struct(pc->thread);
		}
		sk = pc->sock->sk;
		if (pc->saved_ready) {
			write_lock_bh(&sk->sk_callback_lock);
			WRITE_ONCE(sk->sk_data_ready, pc->saved_ready);
			write_unlock_bh(&sk->sk_callback_lock);
		}
	}
	/* No hook of ours runs any more once the readers that saw one are done. */
	synchronize_net();
	list_for_each_entry_safe(pc, tmp, &plain_conns, node) {
		sock_release(pc->sock);
		kfree(pc);
	}
}

/* send-kernel: kernel_sendmsg of @total bytes in 64 KiB pieces. */
static int send_kernel_fn(void *arg)
{
	struct sockaddr_in sin = bench_addr(port);
	struct kvec iov;
	struct msghdr msg = { };
	void *buf;
	long sent = 0;
	int n;

	buf = kzalloc(BENCH_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	plain_sock->sk->sk_sndtimeo = HZ / 10;
	if (kernel_connect(plain_sock, (struct sockaddr *)&sin, sizeof(sin), 0))
		goto out;
	while (sent < total && !kthread_should_stop()) {
		iov.iov_base = buf;
		iov.iov_len = min_t(long, BENCH_BUF, total - sent);
		n = kernel_sendmsg(plain_sock, &msg, &iov, 1, iov.iov_len);
		if (n == -EAGAIN)
			continue;
		if (n <= 0)
			break;
		sent += n;
		atomic_long_add(n, &bench_count);
	}
	kernel_sock_shutdown(plain_sock, SHUT_WR);
out:
	kfree(buf);
	while (!kthread_should_stop())
		schedule_timeout_idle(HZ / 10);
	return 0;
}

static int plain_start(const char *c)
{
	int err;

	if (!strcmp(c, "udp-bare") || !strcmp(c, "udp-work") || !strcmp(c, "udp-kthread")) {
		err = plain_socket(SOCK_DGRAM, false, port, &plain_sock);
		if (err)
			return err;
		if (!strcmp(c, "udp-kthread")) {
			plain_sock->sk->sk_rcvtimeo = HZ / 10;
			plain_thread = kthread_run(udp_kthread_fn, NULL, "wsk_bench");
			goto thread;
		}
		INIT_WORK(&plain_work, udp_work_fn);
		plain_hook(plain_sock->sk, c[4] == 'b' ? udp_bare_ready : udp_work_ready);
		return 0;
	}
	if (!strcmp(c, "udp-idle")) {
		unsigned int i;

		plain_idle = kvcalloc(idle, sizeof(*plain_idle), GFP_KERNEL);
		if (!plain_idle)
			return -ENOMEM;
		for (i = 0; i < idle; i++) {
			err = plain_socket(SOCK_DGRAM, false, port + 1 + i, &plain_idle[i]);
			if (err)
				return err;
		}
		return 0;
	}
	if (!strcmp(c, "send-kernel")) {
		err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP, &plain_sock);
		if (err)
			return err;
		plain_thread = kthread_run(send_kernel_fn, NULL, "wsk_bench");
		goto thread;
	}
	if (strcmp(c, "tcp-bare") && strcmp(c, "tcp-kthread") && strcmp(c, "acc-kthread") &&
	    strcmp(c, "hold-plain"))
		return -EINVAL;
	err = plain_socket(SOCK_STREAM, true, port, &plain_sock);
	if (err)
		return err;
	plain_sock->sk->sk_rcvtimeo = HZ / 10;
	plain_thread = kthread_run(plain_accept_fn, NULL, "wsk_bench");
thread:
	if (IS_ERR(plain_thread)) {
		err = PTR_ERR(plain_thread);
		plain_thread = NULL;
		goto err_release;
	}
	get_task_struct(plain_thread);
	return 0;

err_release:
	sock_release(plain_sock);
	plain_sock = NULL;
	return err;
}

static void plain_stop(void)
{
	unsigned int i;

	WRITE_ONCE(plain_stopping, true);
	if (plain_thread) {
		kthread_stop(plain_thread);
		put_task_struct(plain_thread);
	}
	if (plain_sock && plain_saved_ready) {
		plain_unhook(plain_sock->sk);
		synchronize_net();
		flush_work(&plain_work);
	}
	plain_conns_release();
	if (plain_sock)
		sock_release(plain_sock);
	for (i = 0; plain_idle && i < idle && plain_idle[i]; i++)
		sock_release(plain_idle[i]);
	kvfree(plain_idle);
}

/* ---- wsk consumers ---- */

static struct wsk_client *bench_client;
static struct wsk_socket *bench_sock;		/* the listener, datagram or sending socket */
static struct wsk_socket **idle_socks;
static atomic_t bench_live = ATOMIC_INIT(0);	/* connections not yet closed */
static DECLARE_WAIT_QUEUE_HEAD(bench_wait);
static bool bench_retain, bench_stopping;

/* One connection of a wsk consumer. */
struct bench_conn {
	struct wsk_socket *sock;
	struct wsk_request close;
	struct list_head node;
	/* tcp-wsk-retain: lists to release, from a work item */
	struct work_struct release_work;
	spinlock_t lock;		/* (BH) retained, nr_retained, no_retain */
	struct wsk_data_indication *retained[16];
	unsigned int nr_retained;
	/* tcp-wsk-recv */
	struct bench_rx {
		struct wsk_request req;
		struct wsk_buf buf;
		struct bio_vec bvec[BENCH_BUF / PAGE_SIZE + 1];
		struct bench_conn *conn;
		void *data;
	} *rx;
	bool closing;		/* under bench_lock */
	bool no_retain;		/* under @lock: rmmod has begun */
};

static DEFINE_SPINLOCK(bench_lock);		/* bench_conns, bench_stopping */
static LIST_HEAD(bench_conns);

/* Freed by rmmod, once every close completed (release_work may still need a look). */
static void bench_conn_closed(struct wsk_request *req)
{
	if (atomic_dec_and_test(&bench_live))
		wake_up_all(&bench_wait);
}

static void bench_conn_free(struct bench_conn *bc)
{
	unsigned int i;

	for (i = 0; bc->rx && i < outstanding; i++)
		kfree(bc->rx[i].data);
	kfree(bc->rx);
	kfree(bc);
}

static void bench_conn_close(struct bench_conn *bc)
{
	spin_lock_bh(&bench_lock);
	if (bc->closing) {
		spin_unlock_bh(&bench_lock);
		return;
	}
	bc->closing = true;
	spin_unlock_bh(&bench_lock);
	wsk_close_socket(bc->sock, &bc->close);
}

static void bench_release_fn(struct work_struct *work)
{
	struct bench_conn *bc = container_of(work, struct bench_conn, release_work);
	struct wsk_data_indication *lists[16];
	unsigned int i, n;

	spin_lock_bh(&bc->lock);
	n = bc->nr_retained;
	memcpy(lists, bc->retained, n * sizeof(lists[0]));
	bc->nr_retained = 0;
	spin_unlock_bh(&bc->lock);
	for (i = 0; i < n; i++)
		wsk_release(bc->sock, lists[i]);
}

static wsk_status_t bench_receive(void *ctx, u32 flags, struct wsk_data_indication *ind,
				  size_t indicated, size_t *accepted)
{
	struct bench_conn *bc = ctx;
	bool kept = false;

	if (!ind)
		return WSK_ST(WSK_STATUS_SUCCESS);
	atomic_long_add(indicated, &bench_count);
	if (!bench_retain)
		return WSK_ST(WSK_STATUS_SUCCESS);
	spin_lock_bh(&bc->lock);
	if (!bc->no_retain && bc->nr_retained < ARRAY_SIZE(bc->retained)) {
		bc->retained[bc->nr_retained++] = ind;
		kept = true;
	}
	spin_unlock_bh(&bc->lock);
	if (!kept)
		return WSK_ST(WSK_STATUS_SUCCESS);
	queue_work(system_unbound_wq, &bc->release_work);
	return WSK_ST(WSK_STATUS_PENDING);
}

static wsk_status_t bench_disconnect(void *ctx, u32 flags)
{
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_connection_dispatch bench_conn_dispatch = {
	.receive_event = bench_receive,
	.disconnect_event = bench_disconnect,
};

static void bench_rx_done(struct wsk_request *req);

static void bench_rx_post(struct bench_rx *rx)
{
	wsk_request_init(&rx->req, bench_rx_done, rx);
	wsk_receive(rx->conn->sock, &rx->buf, 0, &rx->req);
}

static void bench_rx_done(struct wsk_request *req)
{
	struct bench_rx *rx = req->context;

	if (!wsk_success(req->status) || !req->information)
		return;
	atomic_long_add(req->information, &bench_count);
	bench_rx_post(rx);
}

static struct bench_conn *bench_conn_new(struct wsk_socket *sock, gfp_t gfp)
{
	struct bench_conn *bc = kzalloc(sizeof(*bc), gfp);

	if (!bc)
		return NULL;
	bc->sock = sock;
	WRITE_ONCE(conn_bytes, ksize(bc));
	spin_lock_init(&bc->lock);
	INIT_WORK(&bc->release_work, bench_release_fn);
	wsk_request_init(&bc->close, bench_conn_closed, bc);
	atomic_inc(&bench_live);
	spin_lock_bh(&bench_lock);
	list_add_tail(&bc->node, &bench_conns);
	spin_unlock_bh(&bench_lock);
	return bc;
}

static wsk_status_t bench_accept_event(void *ctx, u32 flags, struct sockaddr *local,
				       struct sockaddr *remote, struct wsk_socket *sock,
				       void **sock_ctx,
				       const struct wsk_client_connection_dispatch **dispatch)
{
	gfp_t gfp = flags & WSK_FLAG_AT_DISPATCH_LEVEL ? GFP_ATOMIC : GFP_KERNEL;
	bool count_only = !strcmp(consumer, "acc-wsk-event");
	struct bench_conn *bc;

	if (!sock || READ_ONCE(bench_stopping))
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	if (count_only || !strcmp(consumer, "hold-wsk"))
		atomic_long_inc(&bench_count);
	bc = bench_conn_new(sock, gfp);
	if (!bc)
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	*sock_ctx = bc;
	*dispatch = &bench_conn_dispatch;
	if (count_only)
		bench_conn_close(bc);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_listen_dispatch bench_listen_dispatch = {
	.accept_event = bench_accept_event,
};

/* acc-wsk-accept: one wsk_accept() request at a time, reissued by its completion. */
static struct wsk_request accept_req;

static void bench_accept_post(void);

static void bench_accept_done(struct wsk_request *req)
{
	struct wsk_socket *sock = (struct wsk_socket *)req->information;
	struct bench_conn *bc;

	if (!wsk_success(req->status))
		return;
	atomic_long_inc(&bench_count);
	bc = bench_conn_new(sock, GFP_ATOMIC);
	if (bc)
		bench_conn_close(bc);
	else
		/* Kept open until rmmod closes the listener's client. */
		pr_warn_once("wsk_bench: out of memory for a connection\n");
	if (!READ_ONCE(bench_stopping))
		bench_accept_post();
}

static void bench_accept_post(void)
{
	wsk_request_init(&accept_req, bench_accept_done, NULL);
	wsk_accept(bench_sock, 0, NULL, NULL, NULL, NULL, &accept_req);
}

/* tcp-wsk-recv: the accepted connections get @outstanding receive requests each. */
static wsk_status_t bench_accept_rx(void *ctx, u32 flags, struct sockaddr *local,
				    struct sockaddr *remote, struct wsk_socket *sock,
				    void **sock_ctx,
				    const struct wsk_client_connection_dispatch **dispatch)
{
	struct bench_conn *bc;
	unsigned int i;

	if (!sock || READ_ONCE(bench_stopping))
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	bc = bench_conn_new(sock, GFP_ATOMIC);
	if (!bc)
		return WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	/* The listener runs its callbacks in process context (WSK_FLAG_PROCESS_CONTEXT). */
	bc->rx = kcalloc(outstanding, sizeof(*bc->rx), GFP_KERNEL);
	for (i = 0; bc->rx && i < outstanding; i++) {
		bc->rx[i].conn = bc;
		bc->rx[i].data = kmalloc(BENCH_BUF, GFP_KERNEL);
		if (!bc->rx[i].data ||
		    wsk_buf_init_kernel(&bc->rx[i].buf, bc->rx[i].bvec,
					ARRAY_SIZE(bc->rx[i].bvec), bc->rx[i].data, BENCH_BUF))
			break;
	}
	*sock_ctx = bc;
	*dispatch = NULL;
	if (i < outstanding) {
		bench_conn_close(bc);
		return WSK_ST(WSK_STATUS_SUCCESS);
	}
	for (i = 0; i < outstanding; i++)
		bench_rx_post(&bc->rx[i]);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_listen_dispatch bench_listen_rx_dispatch = {
	.accept_event = bench_accept_rx,
};

/* UDP */

static wsk_status_t bench_receive_from(void *ctx, u32 flags, struct wsk_datagram_indication *ind)
{
	long n = 0;

	for (; ind; ind = ind->next)
		n++;
	if (ctx)
		atomic_long_add(n, &bench_count);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_datagram_dispatch bench_dgram_dispatch = {
	.receive_from_event = bench_receive_from,
};

static struct bench_urx {
	struct wsk_request req;
	struct wsk_buf buf;
	struct bio_vec bvec[2];
	struct sockaddr_storage from;
	char data[2048];
} *urx;

static void bench_urx_done(struct wsk_request *req);

static void bench_urx_post(struct bench_urx *u)
{
	wsk_request_init(&u->req, bench_urx_done, u);
	wsk_receive_from(bench_sock, &u->buf, 0, &u->from, &u->req);
}

static void bench_urx_done(struct wsk_request *req)
{
	if (!wsk_success(req->status))
		return;
	atomic_long_inc(&bench_count);
	bench_urx_post(req->context);
}

/* send-wsk */

static struct bench_tx {
	struct wsk_request req;
	struct wsk_buf buf;
	struct bio_vec bvec[BENCH_BUF / PAGE_SIZE + 1];
} *btx;
static void *btx_data;
static atomic_long_t btx_queued = ATOMIC_LONG_INIT(0);

static void bench_tx_done(struct wsk_request *req);

static void bench_tx_post(struct bench_tx *t)
{
	long off = atomic_long_add_return(BENCH_BUF, &btx_queued) - BENCH_BUF;

	if (off >= total || READ_ONCE(bench_stopping))
		return;
	wsk_buf_init_kernel(&t->buf, t->bvec, ARRAY_SIZE(t->bvec), btx_data,
			    min_t(long, BENCH_BUF, total - off));
	wsk_request_init(&t->req, bench_tx_done, t);
	wsk_send(bench_sock, &t->buf, 0, &t->req);
}

static void bench_tx_done(struct wsk_request *req)
{
	if (!wsk_success(req->status))
		return;
	atomic_long_add(req->information, &bench_count);
	bench_tx_post(req->context);
}

static wsk_status_t bench_send_backlog(void *ctx, size_t ideal)
{
	atomic_long_inc(&bench_backlog);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_connection_dispatch bench_tx_dispatch = {
	.send_backlog_event = bench_send_backlog,
};

static wsk_status_t bench_events(struct wsk_socket *sock, u32 mask)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = mask,
	};

	return wsk_control_socket(sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK, WSK_SOL_SOCKET,
				  sizeof(ctl), &ctl, 0, NULL, NULL, NULL);
}

/* A socket of the client, bound to 127.0.0.1:@p; synchronous, process context. */
static wsk_status_t bench_open(int type, u32 flags, const void *dispatch, void *ctx, u16 p,
			       struct wsk_socket **res)
{
	struct sockaddr_in sin = bench_addr(p);
	struct wsk_socket *sock;
	struct wsk_sync sync;
	wsk_status_t st;

	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_socket(bench_client, AF_INET, type, 0, flags, ctx,
					     dispatch, &sync.req));
	if (st)
		return st;
	sock = (struct wsk_socket *)sync.req.information;
	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_bind(sock, (struct sockaddr *)&sin, 0, &sync.req));
	if (st)
		goto err_close;
	*res = sock;
	return st;

err_close:
	wsk_sync_init(&sync);
	wsk_sync_wait(&sync, wsk_close_socket(sock, &sync.req));
	return st;
}

static void bench_close(struct wsk_socket *sock)
{
	struct wsk_sync sync;

	wsk_sync_init(&sync);
	wsk_sync_wait(&sync, wsk_close_socket(sock, &sync.req));
}

static int wsk_start(const char *c)
{
	const u32 conn_events = WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT;
	struct sockaddr_in sin = bench_addr(port);
	wsk_status_t st = WSK_ST(WSK_STATUS_SUCCESS);
	unsigned int i;
	int err;

	err = wsk_register(&bench_client, &init_net, NULL);
	if (err)
		return err;
	if (!strncmp(c, "udp-wsk-", 8)) {
		bool process = !strcmp(c, "udp-wsk-process");
		bool requests = !strcmp(c, "udp-wsk-recv");

		st = bench_open(SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET |
				(process ? WSK_FLAG_PROCESS_CONTEXT : 0),
				requests ? NULL : &bench_dgram_dispatch, (void *)1, port,
				&bench_sock);
		if (st)
			goto fail;
		if (requests) {
			urx = kcalloc(outstanding, sizeof(*urx), GFP_KERNEL);
			if (!urx) {
				err = -ENOMEM;
				goto err_out;
			}
			for (i = 0; i < outstanding; i++) {
				wsk_buf_init_kernel(&urx[i].buf, urx[i].bvec, 2, urx[i].data,
						    sizeof(urx[i].data));
				bench_urx_post(&urx[i]);
			}
			return 0;
		}
		if (!strcmp(c, "udp-wsk-event") && idle) {
			idle_socks = kvcalloc(idle, sizeof(*idle_socks), GFP_KERNEL);
			if (!idle_socks) {
				err = -ENOMEM;
				goto err_out;
			}
			for (i = 0; i < idle; i++) {
				st = bench_open(SOCK_DGRAM, WSK_FLAG_DATAGRAM_SOCKET,
						&bench_dgram_dispatch, NULL, port + 1 + i,
						&idle_socks[i]);
				if (!st)
					st = bench_events(idle_socks[i], WSK_EVENT_RECEIVE_FROM);
				if (st)
					goto fail;
			}
		}
		st = bench_events(bench_sock, WSK_EVENT_RECEIVE_FROM);
		if (st)
			goto fail;
		return 0;
	}
	if (!strcmp(c, "send-wsk")) {
		struct wsk_sync sync;
		struct sockaddr_in any = bench_addr(0);

		wsk_sync_init(&sync);
		st = wsk_sync_wait(&sync, wsk_socket_connect(bench_client, SOCK_STREAM, 0,
							     (struct sockaddr *)&any,
							     (struct sockaddr *)&sin, 0, NULL,
							     &bench_tx_dispatch, &sync.req));
		if (st)
			goto fail;
		bench_sock = (struct wsk_socket *)sync.req.information;
		st = bench_events(bench_sock, WSK_EVENT_SEND_BACKLOG);
		if (st)
			goto fail;
		btx = kcalloc(outstanding, sizeof(*btx), GFP_KERNEL);
		btx_data = kzalloc(BENCH_BUF, GFP_KERNEL);
		if (!btx || !btx_data) {
			err = -ENOMEM;
			goto err_out;
		}
		for (i = 0; i < outstanding; i++)
			bench_tx_post(&btx[i]);
		return 0;
	}
	/* The listeners. */
	if (strcmp(c, "tcp-wsk-event") && strcmp(c, "tcp-wsk-retain") &&
	    strcmp(c, "tcp-wsk-recv") && strcmp(c, "acc-wsk-event") &&
	    strcmp(c, "acc-wsk-accept") && strcmp(c, "hold-wsk")) {
		err = -EINVAL;
		goto err_out;
	}
	bench_retain = !strcmp(c, "tcp-wsk-retain");
	if (!strcmp(c, "tcp-wsk-recv"))
		st = bench_open(SOCK_STREAM, WSK_FLAG_LISTEN_SOCKET | WSK_FLAG_PROCESS_CONTEXT,
				&bench_listen_rx_dispatch, NULL, port, &bench_sock);
	else
		st = bench_open(SOCK_STREAM, WSK_FLAG_LISTEN_SOCKET, &bench_listen_dispatch,
				NULL, port, &bench_sock);
	if (st)
		goto fail;
	if (!strcmp(c, "acc-wsk-accept")) {
		bench_accept_post();
		return 0;
	}
	if (!strcmp(c, "acc-wsk-event") || !strcmp(c, "tcp-wsk-recv"))
		st = bench_events(bench_sock, WSK_EVENT_ACCEPT);
	else
		st = bench_events(bench_sock, WSK_EVENT_ACCEPT | conn_events);
	if (st)
		goto fail;
	return 0;

fail:
	err = wsk_status_to_errno(st) ?: -EIO;
err_out:
	return err;
}

/* The next connection rmmod has not closed yet, marked as closed by it, or NULL. */
static struct bench_conn *bench_next_open(void)
{
	struct bench_conn *bc;

	spin_lock_bh(&bench_lock);
	list_for_each_entry(bc, &bench_conns, node)
		if (!bc->closing) {
			bc->closing = true;
			spin_unlock_bh(&bench_lock);
			return bc;
		}
	spin_unlock_bh(&bench_lock);
	return NULL;
}

static void wsk_stop(void)
{
	struct bench_conn *bc, *tmp;
	unsigned int i;

	spin_lock_bh(&bench_lock);
	WRITE_ONCE(bench_stopping, true);
	spin_unlock_bh(&bench_lock);
	/* The listener first (no new connections); its pending accept is cancelled. */
	if (bench_sock)
		bench_close(bench_sock);
	for (i = 0; idle_socks && i < idle && idle_socks[i]; i++)
		bench_close(idle_socks[i]);
	kvfree(idle_socks);
	/* The connections; closing cancels their requests. Retained lists go back first. */
	while ((bc = bench_next_open())) {
		spin_lock_bh(&bc->lock);
		bc->no_retain = true;
		spin_unlock_bh(&bc->lock);
		cancel_work_sync(&bc->release_work);
		bench_release_fn(&bc->release_work);
		wsk_close_socket(bc->sock, &bc->close);
	}
	wait_event(bench_wait, !atomic_read(&bench_live));
	/* Every callback and completion has returned. */
	list_for_each_entry_safe(bc, tmp, &bench_conns, node) {
		list_del(&bc->node);
		bench_conn_free(bc);
	}
	if (bench_client)
		wsk_deregister(bench_client);
	kfree(urx);
	kfree(btx);
	kfree(btx_data);
}

static bool bench_is_wsk(const char *c)
{
	return strstr(c, "-wsk");
}

static int __init bench_init(void)
{
	int err;

	if (outstanding < 1 || outstanding > BENCH_MAX_OUT)
		return -EINVAL;
	err = bench_is_wsk(consumer) ? wsk_start(consumer) : plain_start(consumer);
	if (err) {
		pr_err("wsk_bench: %s: %d\n", consumer, err);
		if (bench_is_wsk(consumer))
			wsk_stop();
		else
			plain_stop();
	}
	return err;
}

static void __exit bench_exit(void)
{
	if (bench_is_wsk(consumer))
		wsk_stop();
	else
		plain_stop();
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_DESCRIPTION("wsk benchmark consumers");
MODULE_LICENSE("GPL");
