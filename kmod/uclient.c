// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in client of /dev/wsk: one wsk client per open file, whose sockets userspace
 * names by handles and whose callbacks answer by a policy that userspace sets per socket and
 * event. Every callback and every request completion becomes an event record (records.c).
 *
 * It uses the public API of <wsk/wsk.h>; it peeks read-only at struct wsk_sock (core.h) for
 * WSK_IOC_SOCKINFO only.
 *
 * Objects and their lifetimes:
 *  - struct wsk_usock, one per handle. The handle table holds a reference from creation until
 *    the socket's close completes; lookups and requests take their own. Its wsk socket may
 *    be used only under @gate (read side) while @closing is false: close sets @closing under
 *    the write side before it calls wsk_close_socket(), so no call into wsk can race with the
 *    end of the socket's life.
 *  - struct wsk_ureq, one per request from userspace: the wsk request, the kernel copy of the
 *    data and the addresses. A synchronous request is freed by its waiter, unless a signal
 *    ended the wait: then, like an asynchronous one, by its completion, which makes a record.
 *
 * Held callbacks (WSK_POLICY_F_HOLD) wait on a completion on their own stack, listed on their
 * socket; WSK_IOC_UNHOLD and release complete them. They run only in process context, from
 * the socket's work item: a socket made without WSK_FLAG_PROCESS_CONTEXT cannot get the policy,
 * and a callback at dispatch level never holds.
 *
 * Lock order: usock->gate, then the handle table's lock, then usock->lock; the records' lock is
 * innermost. Callbacks take only usock->lock, the table's lock and the records' lock.
 */

#include "compat.h"
#include "core.h"
#include "uclient.h"

#include <linux/delay.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/mm.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait_bit.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/sock.h>

/* The largest data buffer of one request (see struct wsk_ioc_request). */
#define WSK_UC_MAX_LEN		(16UL << 20)

/*
 * Per-open limits: what one /dev/wsk file may make the kernel hold on its behalf. Past each,
 * the call fails with its own errno and nothing changes. Changing them affects later calls.
 */
static unsigned int max_sockets = 1024;
module_param(max_sockets, uint, 0644);
MODULE_PARM_DESC(max_sockets,
		 "Socket handles per open /dev/wsk, accepted ones included (EMFILE beyond)");
static unsigned int max_requests = 1024;
module_param(max_requests, uint, 0644);
MODULE_PARM_DESC(max_requests, "Requests in flight per open /dev/wsk (ENOSPC beyond)");
static unsigned long max_request_bytes = 64UL << 20;
module_param(max_request_bytes, ulong, 0644);
MODULE_PARM_DESC(max_request_bytes,
		 "Data of the requests in flight per open /dev/wsk, in bytes (ENOBUFS beyond)");

/*
 * Each held callback keeps one worker of the queue all files share (wsk_dev_wq) waiting. At
 * most 128 of its 256 active items may wait so, all files together and whatever max_holds
 * says, so that every file's other work (closes among it) and the services always have
 * workers.
 */
#define WSK_UC_MAX_HOLDS	128
static atomic_t wsk_uc_holds = ATOMIC_INIT(0);	/* held now, all files */
static unsigned int max_holds = 64;

static int wsk_uc_set_max_holds(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, WSK_UC_MAX_HOLDS);
}

static const struct kernel_param_ops wsk_uc_max_holds_ops = {
	.set = wsk_uc_set_max_holds,
	.get = param_get_uint,
};

module_param_cb(max_holds, &wsk_uc_max_holds_ops, &max_holds, 0644);
MODULE_PARM_DESC(max_holds,
		 "Callbacks held at once per open /dev/wsk, at most 128, and 128 for all files together (beyond: not held, a hold-refused record)");

struct wsk_upolicy {
	u32 action;
	bool hold;
	u64 bytes;
};

struct wsk_usock {
	struct wsk_ufile *uf;
	struct wsk_socket *sock;	/* NULL while reserved for an accept request */
	u32 handle;
	u32 parent;
	u32 category;
	u32 flags;
	struct kref ref;
	struct rw_semaphore gate;	/* see the top of the file */
	bool closing;			/* written under @gate (write side) */
	bool closed;			/* the close completed */

	spinlock_t lock;		/* (BH) everything below */
	struct wsk_upolicy pol[WSK_EV_COUNT];
	struct list_head retained;
	u32 retained_next;
	u32 retained_lists;
	u64 retained_bytes;		/* of those lists, counted as their records say */
	struct list_head holds;
	u32 held;
	bool no_hold;

	atomic64_t callbacks;
	atomic64_t indicated;
	atomic64_t completions;
	struct wsk_request close_req;	/* closes made by release */
};

/* A retained indication list; @list is what the callback got. */
struct wsk_uretained {
	struct list_head node;
	u32 id;
	size_t bytes;
	void *list;
};

/* A held callback, on its own stack. */
struct wsk_uhold {
	struct list_head node;
	u32 event;
	struct completion done;
};

enum {
	WSK_UR_WAIT,		/* a waiter frees it */
	WSK_UR_ABANDONED,	/* the waiter left (signal): the completion records and frees */
	WSK_UR_DONE,		/* completed; the waiter frees it */
	WSK_UR_ASYNC,		/* the completion records and frees */
};

struct wsk_ureq {
	struct wsk_request req;
	struct wsk_ufile *uf;
	struct wsk_usock *us;
	struct wsk_usock *child;	/* accept: the reserved handle */
	u64 id;
	u32 op;
	atomic_t state;
	struct completion done;
	void *kbuf;
	size_t len;
	size_t charged;			/* bytes counted against max_request_bytes */
	struct wsk_buf wbuf;
	struct bio_vec *bvec;
	struct sockaddr_storage addr;	/* bind, connect, send-to; out: the peer or our name */
	struct sockaddr_storage addr2;	/* accept: the local address */
};

static const u32 wsk_uc_ev_flag[WSK_EV_COUNT] = {
	[WSK_EV_ACCEPT] = WSK_EVENT_ACCEPT,
	[WSK_EV_RECEIVE] = WSK_EVENT_RECEIVE,
	[WSK_EV_RECEIVE_FROM] = WSK_EVENT_RECEIVE_FROM,
	[WSK_EV_DISCONNECT] = WSK_EVENT_DISCONNECT,
	[WSK_EV_SEND_BACKLOG] = WSK_EVENT_SEND_BACKLOG,
};

static int wsk_uc_ev_index(u32 flag)
{
	int i;

	for (i = 0; i < WSK_EV_COUNT; i++)
		if (wsk_uc_ev_flag[i] == flag)
			return i;
	return -1;
}

/* Addresses */

static int wsk_uc_addr_in(const struct wsk_addr *a, struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	switch (a->family) {
	case AF_INET:
		sin->sin_family = AF_INET;
		sin->sin_port = htons(a->port);
		memcpy(&sin->sin_addr, a->addr, 4);
		return 0;
	case AF_INET6:
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(a->port);
		sin6->sin6_scope_id = a->scope_id;
		memcpy(&sin6->sin6_addr, a->addr, 16);
		return 0;
	}
	return -EINVAL;
}

static void wsk_uc_addr_out(const struct sockaddr *sa, struct wsk_addr *a)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

	memset(a, 0, sizeof(*a));
	if (!sa)
		return;
	switch (sa->sa_family) {
	case AF_INET:
		a->family = AF_INET;
		a->port = ntohs(sin->sin_port);
		memcpy(a->addr, &sin->sin_addr, 4);
		break;
	case AF_INET6:
		a->family = AF_INET6;
		a->port = ntohs(sin6->sin6_port);
		a->scope_id = sin6->sin6_scope_id;
		memcpy(a->addr, &sin6->sin6_addr, 16);
		break;
	}
}

/*
 * The local or remote address of a socket, read without the socket lock: a held callback may
 * hold that lock for as long as userspace wants, and SOCKINFO must still answer.
 */
static void wsk_uc_sk_addr(struct sock *sk, bool remote, struct wsk_addr *a)
{
	struct inet_sock *inet = inet_sk(sk);

	memset(a, 0, sizeof(*a));
	a->family = sk->sk_family;
	a->port = ntohs(remote ? READ_ONCE(inet->inet_dport) : READ_ONCE(inet->inet_sport));
	if (sk->sk_family == AF_INET) {
		__be32 ip = remote ? READ_ONCE(inet->inet_daddr) : READ_ONCE(sk->sk_rcv_saddr);

		memcpy(a->addr, &ip, 4);
	}
#if IS_ENABLED(CONFIG_IPV6)
	else if (sk->sk_family == AF_INET6) {
		memcpy(a->addr, remote ? &sk->sk_v6_daddr : &sk->sk_v6_rcv_saddr, 16);
		a->scope_id = READ_ONCE(sk->sk_bound_dev_if);
	}
#endif
}

/* Handles */

static void wsk_us_free(struct kref *ref)
{
	struct wsk_usock *us = container_of(ref, struct wsk_usock, ref);
	struct wsk_uretained *r, *tmp;

	/* The lists themselves went with the socket's close. */
	list_for_each_entry_safe(r, tmp, &us->retained, node)
		kfree(r);
	atomic_dec(&us->uf->nr_socks);
	kfree(us);
}

static void wsk_us_put(struct wsk_usock *us)
{
	kref_put(&us->ref, wsk_us_free);
}

/* Count one more against a per-open limit. Return: false (nothing counted) past @max. */
static bool wsk_uc_charge(atomic_t *count, unsigned int max)
{
	if (atomic_inc_return(count) <= max)
		return true;
	atomic_dec(count);
	return false;
}

/* A new handle's state, counted against max_sockets. Return: it, or ERR_PTR(-EMFILE/-ENOMEM). */
static struct wsk_usock *wsk_us_alloc(struct wsk_ufile *uf, u32 category, u32 flags, gfp_t gfp)
{
	struct wsk_usock *us;
	int i;

	if (!wsk_uc_charge(&uf->nr_socks, READ_ONCE(max_sockets)))
		return ERR_PTR(-EMFILE);
	us = kzalloc(sizeof(*us), gfp);
	if (!us) {
		atomic_dec(&uf->nr_socks);
		return ERR_PTR(-ENOMEM);
	}
	us->uf = uf;
	us->category = category;
	us->flags = flags;
	kref_init(&us->ref);
	init_rwsem(&us->gate);
	spin_lock_init(&us->lock);
	INIT_LIST_HEAD(&us->retained);
	INIT_LIST_HEAD(&us->holds);
	for (i = 0; i < WSK_EV_COUNT; i++)
		us->pol[i].action = i == WSK_EV_ACCEPT ? WSK_POLICY_ACCEPT : WSK_POLICY_CONSUME;
	atomic64_set(&us->callbacks, 0);
	atomic64_set(&us->indicated, 0);
	atomic64_set(&us->completions, 0);
	return us;
}

/* Give @us a handle; the table takes the initial reference. Refused once the file is dying. */
static int wsk_us_insert(struct wsk_ufile *uf, struct wsk_usock *us, gfp_t gfp)
{
	u32 id;
	int err;

	xa_lock_bh(&uf->socks);
	if (uf->dying) {
		err = -ESHUTDOWN;
	} else {
		err = __xa_alloc(&uf->socks, &id, us, xa_limit_32b, gfp);
		/* __xa_alloc() may have dropped the lock to allocate. */
		if (!err && uf->dying) {
			__xa_erase(&uf->socks, id);
			err = -ESHUTDOWN;
		}
	}
	if (!err)
		us->handle = id;
	xa_unlock_bh(&uf->socks);
	return err;
}

/* The handle goes; the table's reference with it. */
static void wsk_us_forget(struct wsk_usock *us)
{
	struct wsk_ufile *uf = us->uf;

	xa_erase_bh(&uf->socks, us->handle);
	wake_up_all(&uf->socks_wait);
	wsk_us_put(us);
}

static struct wsk_usock *wsk_us_get(struct wsk_ufile *uf, u32 handle)
{
	struct wsk_usock *us;

	xa_lock_bh(&uf->socks);
	us = xa_load(&uf->socks, handle);
	if (us)
		kref_get(&us->ref);
	xa_unlock_bh(&uf->socks);
	return us;
}

/*
 * A child of the accept event gets its handle inside the accept callback, and userspace can
 * see it (in the ACCEPT record) before wsk has finished adopting the socket after the callback
 * returned: only then are its inherited callbacks enabled. Wait for that short step, so that
 * what userspace does with the handle is not overwritten by it: wsk_events_adopted() wakes
 * us. Bounded (100 ms), for safety: the step takes microseconds.
 */
static void wsk_us_settle(struct wsk_usock *us)
{
	struct wsk_sock *ws = wsk_sock(us->sock);

	might_sleep();
	wait_on_bit_timeout(&ws->state, WSK_S_ADOPTING, TASK_UNINTERRUPTIBLE, HZ / 10);
}

/*
 * Look up a handle whose socket may be used: returns with the gate held (read side), or an
 * ERR_PTR: -EBADF for an unknown handle, one still being accepted, or one being closed.
 */
static struct wsk_usock *wsk_us_begin(struct wsk_ufile *uf, u32 handle)
{
	struct wsk_usock *us = wsk_us_get(uf, handle);

	if (!us)
		return ERR_PTR(-EBADF);
	down_read(&us->gate);
	if (us->closing || !READ_ONCE(us->sock)) {
		up_read(&us->gate);
		wsk_us_put(us);
		return ERR_PTR(-EBADF);
	}
	wsk_us_settle(us);
	return us;
}

static void wsk_us_end(struct wsk_usock *us)
{
	up_read(&us->gate);
	wsk_us_put(us);
}

/* The close completed: no callback or request of the socket runs any more. */
static void wsk_us_closed(struct wsk_usock *us)
{
	WRITE_ONCE(us->closed, true);
	wsk_us_forget(us);
}

static void wsk_us_internal_closed(struct wsk_request *req)
{
	wsk_us_closed(req->context);
}

/* Records */

static void wsk_uc_record_init(struct wsk_event *ev, struct wsk_usock *us, u32 kind, u32 flags)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->handle = us->handle;
	ev->flags = flags;
}

static void wsk_uc_push(struct wsk_usock *us, const struct wsk_event *ev)
{
	wsk_records_push(&us->uf->records, ev);
}

/* The first bytes of an indication list, for the record. */
static u32 wsk_uc_data_prefix(struct wsk_event *ev, const struct wsk_data_indication *ind)
{
	size_t n = 0;

	for (; ind && n < WSK_EVENT_DATA_MAX; ind = ind->next)
		n += wsk_buf_copy_from(ev->data + n, &ind->buffer, 0, WSK_EVENT_DATA_MAX - n);
	return n;
}

/* Callbacks */

static struct wsk_upolicy wsk_uc_policy_of(struct wsk_usock *us, enum wsk_ev ev)
{
	struct wsk_upolicy p;

	spin_lock_bh(&us->lock);
	p = us->pol[ev];
	spin_unlock_bh(&us->lock);
	return p;
}

/* One more held callback, against max_holds of the file and the cap of all files. */
static bool wsk_uc_hold_charge(struct wsk_ufile *uf)
{
	if (!wsk_uc_charge(&uf->nr_holds, READ_ONCE(max_holds)))
		return false;
	if (wsk_uc_charge(&wsk_uc_holds, WSK_UC_MAX_HOLDS))
		return true;
	atomic_dec(&uf->nr_holds);
	return false;
}

/*
 * The hold policy: report the held callback, then wait until userspace or release lets it go.
 * Process context only; TASK_IDLE because a worker may legitimately wait here for long.
 */
static void wsk_uc_hold(struct wsk_usock *us, enum wsk_ev ev, u32 cb_flags)
{
	struct wsk_event rec;
	struct wsk_uhold h;

	if (cb_flags & WSK_FLAG_AT_DISPATCH_LEVEL)
		return;
	spin_lock_bh(&us->lock);
	if (!us->pol[ev].hold || us->no_hold) {
		spin_unlock_bh(&us->lock);
		return;
	}
	if (!wsk_uc_hold_charge(us->uf)) {
		/* The callback returns as if it had no hold policy; the record says why. */
		spin_unlock_bh(&us->lock);
		wsk_uc_record_init(&rec, us, WSK_RECORD_HOLD_REFUSED, cb_flags);
		rec.op = wsk_uc_ev_flag[ev];
		wsk_uc_push(us, &rec);
		return;
	}
	h.event = wsk_uc_ev_flag[ev];
	init_completion(&h.done);
	list_add_tail(&h.node, &us->holds);
	us->held++;
	spin_unlock_bh(&us->lock);

	wsk_uc_record_init(&rec, us, WSK_RECORD_HELD, cb_flags);
	rec.op = wsk_uc_ev_flag[ev];
	wsk_uc_push(us, &rec);
	might_sleep();
	wait_for_completion_state(&h.done, TASK_IDLE);
}

/* Let held callbacks of @us go: those of @event, or all with 0. Return: how many. */
static u32 wsk_uc_unhold_us(struct wsk_usock *us, u32 event, bool forever)
{
	struct wsk_uhold *h, *tmp;
	LIST_HEAD(go);
	u32 n = 0;

	spin_lock_bh(&us->lock);
	if (forever)
		us->no_hold = true;
	list_for_each_entry_safe(h, tmp, &us->holds, node) {
		if (event && h->event != event)
			continue;
		list_move_tail(&h->node, &go);
		us->held--;
		atomic_dec(&us->uf->nr_holds);
		atomic_dec(&wsk_uc_holds);
	}
	spin_unlock_bh(&us->lock);
	/* Each entry lives on a waiting callback's stack: gone once completed. */
	list_for_each_entry_safe(h, tmp, &go, node) {
		list_del(&h->node);
		complete(&h->done);
		n++;
	}
	return n;
}

/* Keep an indication list for WSK_IOC_RELEASE. Return: its id, 0 if out of memory. */
static u32 wsk_uc_retain(struct wsk_usock *us, void *list, size_t bytes)
{
	struct wsk_uretained *r = kzalloc(sizeof(*r), GFP_ATOMIC | __GFP_NOWARN);

	if (!r)
		return 0;
	r->list = list;
	r->bytes = bytes;
	spin_lock_bh(&us->lock);
	r->id = ++us->retained_next ?: ++us->retained_next;
	list_add_tail(&r->node, &us->retained);
	us->retained_lists++;
	us->retained_bytes += bytes;
	spin_unlock_bh(&us->lock);
	return r->id;
}

static wsk_status_t wsk_uc_receive_event(void *ctx, u32 flags, struct wsk_data_indication *ind,
					 size_t indicated, size_t *accepted)
{
	struct wsk_usock *us = ctx;
	wsk_status_t st = WSK_ST(WSK_STATUS_SUCCESS);
	struct wsk_upolicy p;
	struct wsk_event rec;

	wsk_uc_hold(us, WSK_EV_RECEIVE, flags);
	p = wsk_uc_policy_of(us, WSK_EV_RECEIVE);
	atomic64_inc(&us->callbacks);
	wsk_uc_record_init(&rec, us, WSK_RECORD_RECEIVE, flags);
	rec.bytes = indicated;
	if (!ind) {
		rec.flags |= WSK_RECORD_F_NULL;
		goto out;
	}
	atomic64_add(indicated, &us->indicated);
	rec.data_len = wsk_uc_data_prefix(&rec, ind);
	switch (p.action) {
	case WSK_POLICY_ACCEPT_BYTES:
		*accepted = min_t(u64, p.bytes, indicated);
		break;
	case WSK_POLICY_RETAIN:
		/* Not once the file is going: release must not find new lists after its sweep. */
		if (READ_ONCE(us->no_hold))
			break;
		rec.retained_id = wsk_uc_retain(us, ind, indicated);
		st = rec.retained_id ? WSK_ST(WSK_STATUS_PENDING) :
				       WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED);
		break;
	case WSK_POLICY_DECLINE:
		st = WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED);
		break;
	}
out:
	rec.status = st;
	wsk_uc_push(us, &rec);
	return st;
}

static wsk_status_t wsk_uc_disconnect_event(void *ctx, u32 flags)
{
	struct wsk_usock *us = ctx;
	struct wsk_event rec;

	wsk_uc_hold(us, WSK_EV_DISCONNECT, flags);
	atomic64_inc(&us->callbacks);
	wsk_uc_record_init(&rec, us, WSK_RECORD_DISCONNECT, flags);
	wsk_uc_push(us, &rec);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static wsk_status_t wsk_uc_send_backlog_event(void *ctx, size_t ideal)
{
	struct wsk_usock *us = ctx;
	struct wsk_event rec;

	/* No flags argument: this callback tells nothing about its context, so it never holds. */
	atomic64_inc(&us->callbacks);
	wsk_uc_record_init(&rec, us, WSK_RECORD_SEND_BACKLOG, 0);
	rec.bytes = ideal;
	wsk_uc_push(us, &rec);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_connection_dispatch wsk_uc_conn_dispatch = {
	.receive_event = wsk_uc_receive_event,
	.disconnect_event = wsk_uc_disconnect_event,
	.send_backlog_event = wsk_uc_send_backlog_event,
};

static wsk_status_t wsk_uc_receive_from_event(void *ctx, u32 flags,
					      struct wsk_datagram_indication *ind)
{
	struct wsk_usock *us = ctx;
	wsk_status_t st = WSK_ST(WSK_STATUS_SUCCESS);
	struct wsk_datagram_indication *d;
	struct wsk_event rec;
	struct wsk_upolicy p;
	size_t bytes = 0;
	u32 id = 0;

	wsk_uc_hold(us, WSK_EV_RECEIVE_FROM, flags);
	p = wsk_uc_policy_of(us, WSK_EV_RECEIVE_FROM);
	atomic64_inc(&us->callbacks);
	if (!ind) {
		wsk_uc_record_init(&rec, us, WSK_RECORD_RECEIVE_FROM, flags | WSK_RECORD_F_NULL);
		wsk_uc_push(us, &rec);
		return st;
	}
	for (d = ind; d; d = d->next)
		bytes += d->buffer.length;
	atomic64_add(bytes, &us->indicated);
	if (p.action == WSK_POLICY_DECLINE) {
		st = WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED);
	} else if (p.action == WSK_POLICY_RETAIN && !READ_ONCE(us->no_hold)) {
		id = wsk_uc_retain(us, ind, bytes);
		st = id ? WSK_ST(WSK_STATUS_PENDING) : WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED);
	}
	/* One record per datagram, all with the list's answer. */
	for (d = ind; d; d = d->next) {
		wsk_uc_record_init(&rec, us, WSK_RECORD_RECEIVE_FROM, flags);
		rec.status = st;
		rec.bytes = d->buffer.length;
		rec.retained_id = id;
		wsk_uc_addr_out(d->remote_address, &rec.addr);
		rec.data_len = wsk_buf_copy_from(rec.data, &d->buffer, 0, WSK_EVENT_DATA_MAX);
		wsk_uc_push(us, &rec);
	}
	return st;
}

static const struct wsk_client_datagram_dispatch wsk_uc_dgram_dispatch = {
	.receive_from_event = wsk_uc_receive_from_event,
};

static wsk_status_t wsk_uc_accept_event(void *ctx, u32 flags, struct sockaddr *local,
					struct sockaddr *remote, struct wsk_socket *sock,
					void **sock_ctx,
					const struct wsk_client_connection_dispatch **sock_dispatch)
{
	gfp_t gfp = flags & WSK_FLAG_AT_DISPATCH_LEVEL ? GFP_ATOMIC : GFP_KERNEL;
	wsk_status_t st = WSK_ST(WSK_STATUS_SUCCESS);
	struct wsk_usock *us = ctx, *child;
	struct wsk_event rec;
	struct wsk_upolicy p;

	wsk_uc_hold(us, WSK_EV_ACCEPT, flags);
	p = wsk_uc_policy_of(us, WSK_EV_ACCEPT);
	atomic64_inc(&us->callbacks);
	wsk_uc_record_init(&rec, us, WSK_RECORD_ACCEPT, flags);
	if (!sock) {
		rec.flags |= WSK_RECORD_F_NULL;
		goto out;
	}
	wsk_uc_addr_out(remote, &rec.addr);
	if (p.action == WSK_POLICY_REJECT) {
		st = WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
		goto out;
	}
	/* No memory, or the file has max_sockets already: the connection is refused. */
	child = wsk_us_alloc(us->uf, WSK_FLAG_CONNECTION_SOCKET, us->flags,
			     gfp | (gfp == GFP_KERNEL ? __GFP_ACCOUNT : 0));
	if (IS_ERR(child)) {
		st = WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
		goto out;
	}
	/* Children of the accept event start with their listener's policy. */
	spin_lock_bh(&us->lock);
	memcpy(child->pol, us->pol, sizeof(child->pol));
	spin_unlock_bh(&us->lock);
	child->parent = us->handle;
	child->sock = sock;
	if (wsk_us_insert(us->uf, child, gfp)) {
		/* Out of memory, or the file is going: wsk closes the socket. */
		wsk_us_put(child);
		st = WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
		goto out;
	}
	rec.new_handle = child->handle;
	*sock_ctx = child;
	*sock_dispatch = &wsk_uc_conn_dispatch;
out:
	rec.status = st;
	wsk_uc_push(us, &rec);
	return st;
}

static const struct wsk_client_listen_dispatch wsk_uc_listen_dispatch = {
	.accept_event = wsk_uc_accept_event,
};

static const void *wsk_uc_dispatch(u32 category)
{
	switch (category) {
	case WSK_FLAG_LISTEN_SOCKET:
		return &wsk_uc_listen_dispatch;
	case WSK_FLAG_CONNECTION_SOCKET:
		return &wsk_uc_conn_dispatch;
	case WSK_FLAG_DATAGRAM_SOCKET:
		return &wsk_uc_dgram_dispatch;
	}
	return NULL;
}

/* Requests */

static void wsk_ureq_free(struct wsk_ureq *ur)
{
	atomic_long_sub(ur->charged, &ur->uf->request_bytes);
	atomic_dec(&ur->uf->nr_requests);
	kvfree(ur->kbuf);
	kfree(ur->bvec);
	if (ur->child)
		wsk_us_put(ur->child);
	wsk_us_put(ur->us);
	kfree(ur);
}

/* What a completion reports as bytes: never the socket pointer of an accept. */
static u64 wsk_ureq_bytes(struct wsk_ureq *ur)
{
	switch (ur->op) {
	case WSK_REQ_SEND:
	case WSK_REQ_RECEIVE:
	case WSK_REQ_SEND_TO:
	case WSK_REQ_RECEIVE_FROM:
	case WSK_REQ_DISCONNECT:
		return ur->req.information;
	}
	return 0;
}

static bool wsk_ureq_has_addr(struct wsk_ureq *ur)
{
	return wsk_success(ur->req.status) &&
	       (ur->op == WSK_REQ_ACCEPT || ur->op == WSK_REQ_RECEIVE_FROM ||
		ur->op == WSK_REQ_LOCAL_ADDRESS || ur->op == WSK_REQ_REMOTE_ADDRESS);
}

static u32 wsk_ureq_new_handle(struct wsk_ureq *ur)
{
	return ur->op == WSK_REQ_ACCEPT && wsk_success(ur->req.status) ? ur->child->handle : 0;
}

static void wsk_ureq_record(struct wsk_ureq *ur)
{
	struct wsk_event rec;

	wsk_uc_record_init(&rec, ur->us, WSK_RECORD_COMPLETE, 0);
	rec.status = ur->req.status;
	rec.bytes = wsk_ureq_bytes(ur);
	rec.request_id = ur->id;
	rec.op = ur->op;
	rec.new_handle = wsk_ureq_new_handle(ur);
	if (wsk_ureq_has_addr(ur))
		wsk_uc_addr_out((struct sockaddr *)&ur->addr, &rec.addr);
	if ((ur->op == WSK_REQ_RECEIVE || ur->op == WSK_REQ_RECEIVE_FROM) && ur->kbuf) {
		rec.data_len = min_t(u64, rec.bytes, WSK_EVENT_DATA_MAX);
		memcpy(rec.data, ur->kbuf, rec.data_len);
	}
	wsk_uc_push(ur->us, &rec);
}

/* An accept request completed: the reserved handle becomes the new socket, or goes. */
static void wsk_ureq_accepted(struct wsk_ureq *ur)
{
	struct wsk_usock *child = ur->child;
	struct wsk_ufile *uf = ur->uf;
	bool dying;

	if (!wsk_success(ur->req.status)) {
		wsk_us_forget(child);
		return;
	}
	xa_lock_bh(&uf->socks);
	dying = uf->dying;
	WRITE_ONCE(child->sock, (struct wsk_socket *)ur->req.information);
	xa_unlock_bh(&uf->socks);
	if (dying) {
		/*
		 * Release has swept the handles already: close this one itself. Without the
		 * gate, against the rule at the top of the file, and safe only because the file
		 * is dying: no ioctl runs on it any more, and this handle is in no table.
		 */
		child->closing = true;
		wsk_request_init(&child->close_req, wsk_us_internal_closed, child);
		wsk_close_socket(child->sock, &child->close_req);
	}
}

static void wsk_ureq_complete(struct wsk_request *req)
{
	struct wsk_ureq *ur = container_of(req, struct wsk_ureq, req);

	atomic64_inc(&ur->us->completions);
	if (ur->op == WSK_REQ_ACCEPT)
		wsk_ureq_accepted(ur);
	else if (ur->op == WSK_REQ_CLOSE)
		wsk_us_closed(ur->us);
	if (atomic_cmpxchg(&ur->state, WSK_UR_WAIT, WSK_UR_DONE) == WSK_UR_WAIT) {
		/* The waiter frees it, after wait_for_completion() returned. */
		complete(&ur->done);
		return;
	}
	wsk_ureq_record(ur);
	wsk_ureq_free(ur);
}

/* A request of @uf, counted against max_requests. Return: it, or ERR_PTR(-ENOSPC/-ENOMEM). */
static struct wsk_ureq *wsk_ureq_alloc(struct wsk_ufile *uf, u32 op, bool async)
{
	struct wsk_ureq *ur;

	if (!wsk_uc_charge(&uf->nr_requests, READ_ONCE(max_requests)))
		return ERR_PTR(-ENOSPC);
	ur = kzalloc(sizeof(*ur), GFP_KERNEL_ACCOUNT);
	if (!ur) {
		atomic_dec(&uf->nr_requests);
		return ERR_PTR(-ENOMEM);
	}
	ur->uf = uf;
	ur->op = op;
	atomic_set(&ur->state, async ? WSK_UR_ASYNC : WSK_UR_WAIT);
	init_completion(&ur->done);
	wsk_request_init(&ur->req, wsk_ureq_complete, ur);
	return ur;
}

/* A kernel copy of the user's data, described for wsk. */
static int wsk_ureq_buffer(struct wsk_ureq *ur, u64 ubuf, u64 len, bool in)
{
	unsigned int segs;

	ur->len = len;
	if (!len)
		return wsk_buf_init_kernel(&ur->wbuf, NULL, 0, NULL, 0);
	if (atomic_long_add_return(len, &ur->uf->request_bytes) > READ_ONCE(max_request_bytes)) {
		atomic_long_sub(len, &ur->uf->request_bytes);
		return -ENOBUFS;
	}
	ur->charged = len;
	ur->kbuf = kvmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!ur->kbuf)
		return -ENOMEM;
	if (in && copy_from_user(ur->kbuf, u64_to_user_ptr(ubuf), len))
		return -EFAULT;
	segs = is_vmalloc_addr(ur->kbuf) ? DIV_ROUND_UP(len, PAGE_SIZE) + 1 : 1;
	ur->bvec = kcalloc(segs, sizeof(*ur->bvec), GFP_KERNEL_ACCOUNT);
	if (!ur->bvec)
		return -ENOMEM;
	return wsk_buf_init_kernel(&ur->wbuf, ur->bvec, segs, ur->kbuf, len);
}

/* Per operation: the allowed WSK flags, and whether it takes data in or out, an address in. */
static const struct {
	u32 wsk_flags;
	bool data_in, data_out, addr_in;
} wsk_req_ops[] = {
	[WSK_REQ_BIND] = { .addr_in = true },
	[WSK_REQ_CONNECT] = { .addr_in = true },
	[WSK_REQ_ACCEPT] = { },
	[WSK_REQ_SEND] = { .wsk_flags = WSK_FLAG_NODELAY, .data_in = true },
	[WSK_REQ_RECEIVE] = { .wsk_flags = WSK_FLAG_WAITALL | WSK_FLAG_DRAIN, .data_out = true },
	[WSK_REQ_SEND_TO] = { .data_in = true, .addr_in = true },
	[WSK_REQ_RECEIVE_FROM] = { .data_out = true },
	[WSK_REQ_DISCONNECT] = { .wsk_flags = WSK_FLAG_ABORTIVE, .data_in = true },
	[WSK_REQ_CLOSE] = { },
	[WSK_REQ_LOCAL_ADDRESS] = { },
	[WSK_REQ_REMOTE_ADDRESS] = { },
};

static int wsk_uc_request_check(const struct wsk_ioc_request *a)
{
	if (!a->op || a->op >= ARRAY_SIZE(wsk_req_ops))
		return -EINVAL;
	if (a->wsk_flags & ~wsk_req_ops[a->op].wsk_flags)
		return -EINVAL;
	if (!wsk_req_ops[a->op].data_in && !wsk_req_ops[a->op].data_out && (a->buf || a->len))
		return -EINVAL;
	if (a->len > WSK_UC_MAX_LEN)
		return -EINVAL;
	return 0;
}

/* Start the operation. Called with the gate held; @ur may be gone when this returns. */
static void wsk_uc_start(struct wsk_usock *us, struct wsk_ureq *ur, const struct wsk_ioc_request *a)
{
	lockdep_assert_held_read(&us->gate);
	struct wsk_socket *s = us->sock;
	struct sockaddr *sa = (struct sockaddr *)&ur->addr;
	struct wsk_request *req = &ur->req;
	struct wsk_buf *buf = &ur->wbuf;

	switch (a->op) {
	case WSK_REQ_BIND:
		wsk_bind(s, sa, 0, req);
		break;
	case WSK_REQ_CONNECT:
		wsk_connect(s, sa, 0, req);
		break;
	case WSK_REQ_ACCEPT:
		wsk_accept(s, 0, ur->child, &wsk_uc_conn_dispatch,
			   (struct sockaddr *)&ur->addr2, sa, req);
		break;
	case WSK_REQ_SEND:
		wsk_send(s, buf, a->wsk_flags, req);
		break;
	case WSK_REQ_RECEIVE:
		wsk_receive(s, buf, a->wsk_flags, req);
		break;
	case WSK_REQ_SEND_TO:
		wsk_send_to(s, buf, 0, sa, req);
		break;
	case WSK_REQ_RECEIVE_FROM:
		wsk_receive_from(s, buf, 0, &ur->addr, req);
		break;
	case WSK_REQ_DISCONNECT:
		wsk_disconnect(s, a->len ? buf : NULL, a->wsk_flags, req);
		break;
	case WSK_REQ_LOCAL_ADDRESS:
		wsk_get_local_address(s, &ur->addr, req);
		break;
	case WSK_REQ_REMOTE_ADDRESS:
		wsk_get_remote_address(s, &ur->addr, req);
		break;
	}
}

/* Fill in the results of a completed synchronous request. */
static int wsk_uc_sync_out(struct wsk_ureq *ur, struct wsk_ioc_request *a)
{
	a->status = ur->req.status;
	a->information = wsk_ureq_bytes(ur);
	a->new_handle = wsk_ureq_new_handle(ur);
	if (wsk_ureq_has_addr(ur))
		wsk_uc_addr_out((struct sockaddr *)&ur->addr, &a->addr);
	else
		memset(&a->addr, 0, sizeof(a->addr));
	if (ur->kbuf && wsk_req_ops[ur->op].data_out && a->information &&
	    copy_to_user(u64_to_user_ptr(a->buf), ur->kbuf, min_t(u64, a->information, ur->len)))
		return -EFAULT;
	return 0;
}

/* Close a handle on userspace's request. Return: 0 with the close started, or -EBADF. */
static int wsk_uc_close_begin(struct wsk_usock *us)
{
	down_write(&us->gate);
	if (us->closing || !us->sock) {
		up_write(&us->gate);
		return -EBADF;
	}
	wsk_us_settle(us);
	us->closing = true;
	up_write(&us->gate);
	return 0;
}

/**
 * wsk_uc_request() - WSK_IOC_REQUEST
 * @uf: the file
 * @a: the arguments, checked for size, flags and reserved fields; results go back here
 *
 * Return: 0 once the request was made (whatever its WSK status), -EINTR if a signal ended the
 * wait for a synchronous one (@a then has its id; the completion becomes a record), or the
 * errno of bad input (nothing was done then): -EBADF, -EINVAL, -EFAULT, -ENOMEM.
 */
int wsk_uc_request(struct wsk_ufile *uf, struct wsk_ioc_request *a)
{
	bool async = a->flags & WSK_REQ_F_ASYNC;
	struct wsk_usock *us, *child = NULL;
	struct wsk_ureq *ur;
	u32 op = a->op;
	int err;

	err = wsk_uc_request_check(a);
	if (err)
		return err;
	us = wsk_us_get(uf, a->handle);
	if (!us)
		return -EBADF;
	ur = wsk_ureq_alloc(uf, op, async);
	if (IS_ERR(ur)) {
		wsk_us_put(us);
		return PTR_ERR(ur);
	}
	ur->us = us;
	if (wsk_req_ops[op].addr_in) {
		err = wsk_uc_addr_in(&a->addr, &ur->addr);
		if (err)
			goto err_free;
	}
	if (wsk_req_ops[op].data_in || wsk_req_ops[op].data_out) {
		err = wsk_ureq_buffer(ur, a->buf, a->len, wsk_req_ops[op].data_in);
		if (err)
			goto err_free;
	}
	if (op == WSK_REQ_ACCEPT) {
		/* The new socket's handle exists from now on, unusable until the accept. */
		child = wsk_us_alloc(uf, WSK_FLAG_CONNECTION_SOCKET, us->flags,
				     GFP_KERNEL_ACCOUNT);
		if (IS_ERR(child)) {
			err = PTR_ERR(child);
			child = NULL;
			goto err_free;
		}
		err = wsk_us_insert(uf, child, GFP_KERNEL_ACCOUNT);
		if (err) {
			/* Never inserted: freed here, and not again below (review finding 8). */
			wsk_us_put(child);
			child = NULL;
			goto err_free;
		}
		child->parent = us->handle;
		kref_get(&child->ref);
		ur->child = child;
	}

	ur->id = atomic64_inc_return(&uf->next_id);
	a->request_id = ur->id;
	if (op == WSK_REQ_CLOSE) {
		err = wsk_uc_close_begin(us);
		if (err)
			goto err_free;
		wsk_close_socket(us->sock, &ur->req);
	} else {
		down_read(&us->gate);
		if (us->closing || !us->sock) {
			up_read(&us->gate);
			err = -EBADF;
			goto err_free;
		}
		wsk_us_settle(us);
		wsk_uc_start(us, ur, a);
		up_read(&us->gate);
	}

	if (async) {
		/* @ur belongs to its completion now. */
		a->status = WSK_STATUS_PENDING;
		return 0;
	}
	if (wait_for_completion_interruptible(&ur->done)) {
		if (atomic_cmpxchg(&ur->state, WSK_UR_WAIT, WSK_UR_ABANDONED) == WSK_UR_WAIT) {
			a->status = WSK_STATUS_PENDING;
			return -EINTR;
		}
		/* Completing right now. */
		wait_for_completion(&ur->done);
	}
	err = wsk_uc_sync_out(ur, a);
	wsk_ureq_free(ur);
	return err;

err_free:
	if (child) {
		/* Never seen by wsk: the handle and both references go. */
		ur->child = NULL;
		wsk_us_put(child);
		wsk_us_forget(child);
	}
	wsk_ureq_free(ur);
	return err;
}

/**
 * wsk_uc_socket() - WSK_IOC_SOCKET
 * @uf: the file
 * @a: the checked arguments; @handle and @status are filled in
 *
 * Return: 0, -EINVAL for a family or type wsk never takes, -ENOMEM, or the errno of the WSK
 * status if WskSocket failed (@a is still filled in).
 */
int wsk_uc_socket(struct wsk_ufile *uf, struct wsk_ioc_socket *a)
{
	u32 category = a->flags & 0xff;
	struct wsk_usock *us;
	struct wsk_sync sync;
	wsk_status_t st;
	int err;

	us = wsk_us_alloc(uf, category, a->flags & WSK_FLAG_PROCESS_CONTEXT, GFP_KERNEL_ACCOUNT);
	if (IS_ERR(us))
		return PTR_ERR(us);
	err = wsk_us_insert(uf, us, GFP_KERNEL_ACCOUNT);
	if (err) {
		wsk_us_put(us);
		return err == -ESHUTDOWN ? -EBADF : err;
	}
	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_socket(uf->client, a->family, a->type, a->protocol,
					     a->flags, us, wsk_uc_dispatch(category), &sync.req));
	a->status = st;
	if (st) {
		a->handle = 0;
		wsk_us_forget(us);
		return wsk_status_to_errno(st) ?: -EIO;
	}
	down_write(&us->gate);
	WRITE_ONCE(us->sock, (struct wsk_socket *)sync.req.information);
	up_write(&us->gate);
	a->handle = us->handle;
	return 0;
}

/**
 * wsk_uc_control() - WSK_IOC_CONTROL: SO_WSK_EVENT_CALLBACK
 * @uf: the file
 * @a: the checked arguments; @status (and @request_id) are filled in
 *
 * With WSK_CTL_F_REQUEST the request's completion always makes a record.
 *
 * Return: 0, -EBADF or -ENOMEM.
 */
int wsk_uc_control(struct wsk_ufile *uf, struct wsk_ioc_control *a)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = a->event_mask,
	};
	struct wsk_ureq *ur = NULL;
	struct wsk_usock *us;

	us = wsk_us_begin(uf, a->handle);
	if (IS_ERR(us))
		return PTR_ERR(us);
	if (a->flags & WSK_CTL_F_REQUEST) {
		ur = wsk_ureq_alloc(uf, WSK_REQ_CONTROL, true);
		if (IS_ERR(ur)) {
			wsk_us_end(us);
			return PTR_ERR(ur);
		}
		kref_get(&us->ref);
		ur->us = us;
		ur->id = atomic64_inc_return(&uf->next_id);
		a->request_id = ur->id;
	}
	a->status = wsk_control_socket(us->sock, WSK_SET_OPTION, SO_WSK_EVENT_CALLBACK,
				       WSK_SOL_SOCKET, sizeof(ctl), &ctl, 0, NULL, NULL,
				       ur ? &ur->req : NULL);
	wsk_us_end(us);
	return 0;
}

/**
 * wsk_uc_static() - WSK_IOC_STATIC: WSK_SET_STATIC_EVENT_CALLBACKS
 * @uf: the file
 * @a: the checked arguments; @status is filled in
 *
 * Return: 0.
 */
int wsk_uc_static(struct wsk_ufile *uf, struct wsk_ioc_static *a)
{
	struct wsk_event_callback_control ctl = {
		.npi_id = wsk_npi_interface_id,
		.event_mask = a->event_mask,
	};

	a->status = wsk_control_client(uf->client, WSK_SET_STATIC_EVENT_CALLBACKS, sizeof(ctl),
				       &ctl, 0, NULL, NULL, NULL);
	return 0;
}

/**
 * wsk_uc_backlog() - WSK_IOC_QUERY_BACKLOG
 * @uf: the file
 * @a: the checked arguments; @status and @backlog are filled in
 *
 * Return: 0 or -EBADF.
 */
int wsk_uc_backlog(struct wsk_ufile *uf, struct wsk_ioc_backlog *a)
{
	struct wsk_usock *us;
	struct wsk_sync sync;
	size_t backlog = 0;

	us = wsk_us_begin(uf, a->handle);
	if (IS_ERR(us))
		return PTR_ERR(us);
	wsk_sync_init(&sync);
	a->status = wsk_sync_wait(&sync, wsk_control_socket(us->sock, WSK_IOCTL,
							    SIO_WSK_QUERY_IDEAL_SEND_BACKLOG, 0,
							    0, NULL, sizeof(backlog), &backlog,
							    NULL, &sync.req));
	wsk_us_end(us);
	a->backlog = wsk_success(a->status) ? backlog : 0;
	return 0;
}

static const struct {
	unsigned int bit;
	u32 si;
} wsk_si_bits[] = {
	{ WSK_S_BOUND, WSK_SI_BOUND },
	{ WSK_S_CONNECTED, WSK_SI_CONNECTED },
	{ WSK_S_CONNECTING, WSK_SI_CONNECTING },
	{ WSK_S_CLOSING, WSK_SI_CLOSING },
	{ WSK_S_DEAD, WSK_SI_DEAD },
	{ WSK_S_PEER_FIN, WSK_SI_PEER_FIN },
	{ WSK_S_PEER_RESET, WSK_SI_PEER_RESET },
	{ WSK_S_RX_STALLED, WSK_SI_RX_STALLED },
	{ WSK_S_ACCEPTED_EVENT, WSK_SI_ACCEPTED_EVENT },
};

/* A read-only look at the wsk socket's event state. */
static void wsk_uc_peek_events(struct wsk_sock *ws, struct wsk_ioc_sockinfo *a)
{
	unsigned long state = READ_ONCE(ws->state);
	int i;

	for (i = 0; i < ARRAY_SIZE(wsk_si_bits); i++)
		if (test_bit(wsk_si_bits[i].bit, &state))
			a->state |= wsk_si_bits[i].si;
	spin_lock_bh(&ws->lock);
	a->enabled = ws->ev_enabled;
	a->static_mask = ws->ev_static;
	a->inherited = ws->ev_inherit;
	for (i = 0; i < WSK_EV_COUNT; i++)
		a->in_progress += ws->ev_inflight[i];
	spin_unlock_bh(&ws->lock);
}

/**
 * wsk_uc_sockinfo() - WSK_IOC_SOCKINFO
 * @uf: the file
 * @a: the checked arguments; everything else is filled in
 *
 * A socket being closed still answers, without addresses, until its close completes.
 *
 * Return: 0 or -EBADF.
 */
int wsk_uc_sockinfo(struct wsk_ufile *uf, struct wsk_ioc_sockinfo *a)
{
	struct wsk_usock *us = wsk_us_get(uf, a->handle);
	struct wsk_sock *ws;

	if (!us)
		return -EBADF;
	down_read(&us->gate);
	ws = us->sock ? wsk_sock(us->sock) : NULL;
	if (!ws) {
		up_read(&us->gate);
		wsk_us_put(us);
		return -EBADF;
	}
	if (!us->closing)
		wsk_us_settle(us);
	a->category = us->category;
	a->sock_flags = us->flags;
	a->parent = us->parent;
	a->callbacks = atomic64_read(&us->callbacks);
	a->indicated_bytes = atomic64_read(&us->indicated);
	a->completions = atomic64_read(&us->completions);
	spin_lock_bh(&us->lock);
	a->held = us->held;
	/*
	 * Both from our own books, which the callback fills before it writes the record: wsk's
	 * count of the socket's retained bytes grows only once the callback has returned, so a
	 * reader that just saw the record would find it behind.
	 */
	a->retained_lists = us->retained_lists;
	a->retained_bytes = us->retained_bytes;
	spin_unlock_bh(&us->lock);
	if (!us->closing) {
		wsk_uc_peek_events(ws, a);
		if (a->state & WSK_SI_BOUND)
			wsk_uc_sk_addr(ws->sock->sk, false, &a->local);
		if (a->state & WSK_SI_CONNECTED)
			wsk_uc_sk_addr(ws->sock->sk, true, &a->remote);
	} else {
		/*
		 * The close frees the wsk socket after an RCU grace period once it completed;
		 * its struct socket may be gone before that, so only the wsk state is read.
		 */
		rcu_read_lock();
		if (!READ_ONCE(us->closed))
			wsk_uc_peek_events(ws, a);
		rcu_read_unlock();
		a->state |= WSK_SI_CLOSING;
	}
	up_read(&us->gate);
	wsk_us_put(us);
	return 0;
}

static bool wsk_uc_policy_valid(u32 category, int ev, u32 action)
{
	u32 valid = 0;

	switch (category) {
	case WSK_FLAG_LISTEN_SOCKET:
		/* The connection events are for the children of the accept event. */
		valid = WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT |
			WSK_EVENT_SEND_BACKLOG;
		break;
	case WSK_FLAG_CONNECTION_SOCKET:
		valid = WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT | WSK_EVENT_SEND_BACKLOG;
		break;
	case WSK_FLAG_DATAGRAM_SOCKET:
		valid = WSK_EVENT_RECEIVE_FROM;
		break;
	}
	if (!(valid & wsk_uc_ev_flag[ev]))
		return false;
	switch (ev) {
	case WSK_EV_ACCEPT:
		return action == WSK_POLICY_ACCEPT || action == WSK_POLICY_REJECT;
	case WSK_EV_RECEIVE:
		return action >= WSK_POLICY_CONSUME && action <= WSK_POLICY_DECLINE;
	case WSK_EV_RECEIVE_FROM:
		return action == WSK_POLICY_CONSUME || action == WSK_POLICY_RETAIN ||
		       action == WSK_POLICY_DECLINE;
	}
	/* Disconnect and send-backlog callbacks have one answer; only holding is a choice. */
	return action == WSK_POLICY_ACCEPT;
}

/**
 * wsk_uc_policy() - WSK_IOC_POLICY
 * @uf: the file
 * @a: the checked arguments
 *
 * Return: 0, -EBADF, or -EINVAL for an event the socket's category has not, an action that
 * event has not, @bytes without WSK_POLICY_ACCEPT_BYTES, or hold on a socket made without
 * WSK_FLAG_PROCESS_CONTEXT (or for the send-backlog event, whose callback has no flags).
 */
int wsk_uc_policy(struct wsk_ufile *uf, struct wsk_ioc_policy *a)
{
	bool hold = a->flags & WSK_POLICY_F_HOLD;
	int ev = wsk_uc_ev_index(a->event);
	struct wsk_usock *us;
	int err = 0;

	if (ev < 0 || (a->bytes && a->action != WSK_POLICY_ACCEPT_BYTES))
		return -EINVAL;
	us = wsk_us_begin(uf, a->handle);
	if (IS_ERR(us))
		return PTR_ERR(us);
	if (!wsk_uc_policy_valid(us->category, ev, a->action) ||
	    (hold && (!(us->flags & WSK_FLAG_PROCESS_CONTEXT) || ev == WSK_EV_SEND_BACKLOG))) {
		err = -EINVAL;
	} else {
		spin_lock_bh(&us->lock);
		us->pol[ev].action = a->action;
		us->pol[ev].hold = hold;
		us->pol[ev].bytes = a->bytes;
		spin_unlock_bh(&us->lock);
	}
	wsk_us_end(us);
	return err;
}

static wsk_status_t wsk_uc_release_one(struct wsk_usock *us, struct wsk_uretained *r)
{
	wsk_status_t st;
	int tries;

	/*
	 * The record of a retained list can reach userspace just before wsk files the list,
	 * right after the callback returned: retry that short window.
	 */
	for (tries = 0; tries < 100; tries++) {
		if (us->category == WSK_FLAG_DATAGRAM_SOCKET)
			st = wsk_release_datagrams(us->sock, r->list);
		else
			st = wsk_release(us->sock, r->list);
		if (st != WSK_ST(WSK_STATUS_INVALID_PARAMETER))
			break;
		cond_resched();
	}
	return st;
}

/* Give back every retained list, or the one @id. Return: lists released. */
static u32 wsk_uc_release_lists(struct wsk_usock *us, bool all, u32 id, wsk_status_t *last)
{
	struct wsk_uretained *r, *tmp;
	LIST_HEAD(todo);
	u32 n = 0;

	spin_lock_bh(&us->lock);
	list_for_each_entry_safe(r, tmp, &us->retained, node) {
		if (all || r->id == id) {
			list_move_tail(&r->node, &todo);
			us->retained_lists--;
			us->retained_bytes -= r->bytes;
		}
	}
	spin_unlock_bh(&us->lock);
	*last = WSK_ST(WSK_STATUS_SUCCESS);
	list_for_each_entry_safe(r, tmp, &todo, node) {
		list_del(&r->node);
		*last = wsk_uc_release_one(us, r);
		kfree(r);
		n++;
	}
	return n;
}

/**
 * wsk_uc_release_retained() - WSK_IOC_RELEASE
 * @uf: the file
 * @a: the checked arguments; @released and @status are filled in
 *
 * Return: 0, -EBADF, or -ENOENT for a @retained_id the socket does not hold.
 */
int wsk_uc_release_retained(struct wsk_ufile *uf, struct wsk_ioc_release *a)
{
	bool all = a->flags & WSK_RELEASE_F_ALL;
	struct wsk_uretained *r;
	struct wsk_usock *us;
	wsk_status_t st;
	bool found = all;

	if (!all && !a->retained_id)
		return -ENOENT;
	us = wsk_us_begin(uf, a->handle);
	if (IS_ERR(us))
		return PTR_ERR(us);
	if (!all) {
		spin_lock_bh(&us->lock);
		list_for_each_entry(r, &us->retained, node)
			found |= r->id == a->retained_id;
		spin_unlock_bh(&us->lock);
	}
	if (found) {
		a->released = wsk_uc_release_lists(us, all, a->retained_id, &st);
		a->status = st;
	}
	wsk_us_end(us);
	return found ? 0 : -ENOENT;
}

/**
 * wsk_uc_unhold() - WSK_IOC_UNHOLD
 * @uf: the file
 * @a: the checked arguments; @released is filled in
 *
 * Return: 0, -EBADF, or -EINVAL for an @event that is not one event flag.
 */
int wsk_uc_unhold(struct wsk_ufile *uf, struct wsk_ioc_unhold *a)
{
	struct wsk_usock *us;

	if (a->event && wsk_uc_ev_index(a->event) < 0)
		return -EINVAL;
	/* Not the gate: a socket being closed waits for its held callbacks. */
	us = wsk_us_get(uf, a->handle);
	if (!us)
		return -EBADF;
	a->released = wsk_uc_unhold_us(us, a->event, false);
	wsk_us_put(us);
	return 0;
}

/**
 * wsk_uc_open() - a new file: a wsk client in @net and an empty record ring
 * @net: the opener's network namespace
 *
 * Return: the file's state or an ERR_PTR.
 */
struct wsk_ufile *wsk_uc_open(struct net *net)
{
	struct wsk_ufile *uf = kzalloc(sizeof(*uf), GFP_KERNEL_ACCOUNT);
	int err;

	if (!uf)
		return ERR_PTR(-ENOMEM);
	err = wsk_records_init(&uf->records, WSK_RECORDS_MAX);
	if (err)
		goto err_free;
	err = wsk_client_register(&uf->client, net, uf, wsk_dev_wq);
	if (err)
		goto err_records;
	uf->net = get_net(net);
	xa_init_flags(&uf->socks, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_BH);
	init_waitqueue_head(&uf->socks_wait);
	atomic64_set(&uf->next_id, 0);
	wsk_svc_init(uf);
	return uf;

err_records:
	wsk_records_free(&uf->records);
err_free:
	kfree(uf);
	return ERR_PTR(err);
}

/* The next handle from @*idx on, referenced, or NULL. */
static struct wsk_usock *wsk_uc_next(struct wsk_ufile *uf, unsigned long *idx)
{
	struct wsk_usock *us;

	xa_lock_bh(&uf->socks);
	us = xa_find(&uf->socks, idx, ULONG_MAX, XA_PRESENT);
	if (us)
		kref_get(&us->ref);
	xa_unlock_bh(&uf->socks);
	return us;
}

/* Release: give back what the socket retains and close it, without waiting. */
static void wsk_uc_teardown(struct wsk_usock *us)
{
	wsk_status_t st;

	down_write(&us->gate);
	if (us->closing || !us->sock) {
		/* Being closed already, or still an accept request's reservation. */
		up_write(&us->gate);
		return;
	}
	us->closing = true;
	up_write(&us->gate);
	wsk_uc_release_lists(us, true, 0, &st);
	wsk_request_init(&us->close_req, wsk_us_internal_closed, us);
	wsk_close_socket(us->sock, &us->close_req);
}

/**
 * wsk_uc_release() - the file is closed: end everything it owns, whatever its state
 * @uf: the file's state, freed here
 *
 * Process context; no ioctl runs any more. Held callbacks go first (closes wait for them),
 * then every socket is closed (cancelling its requests) and waited for, then the services
 * stop and the client goes.
 */
void wsk_uc_release(struct wsk_ufile *uf)
{
	struct wsk_usock *us;
	unsigned long idx;

	xa_lock_bh(&uf->socks);
	uf->dying = true;
	xa_unlock_bh(&uf->socks);

	for (idx = 0; (us = wsk_uc_next(uf, &idx)); idx++) {
		wsk_uc_unhold_us(us, 0, true);
		wsk_us_put(us);
	}
	for (idx = 0; (us = wsk_uc_next(uf, &idx)); idx++) {
		wsk_uc_teardown(us);
		wsk_us_put(us);
	}
	/* Closes, cancelled accepts and accepts that completed meanwhile empty the table. */
	wait_event(uf->socks_wait, xa_empty(&uf->socks));
	xa_destroy(&uf->socks);

	wsk_svc_stop_all(uf);
	wsk_deregister(uf->client);
	put_net(uf->net);
	wsk_records_free(&uf->records);
	kfree(uf);
}
