// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/wsk: the callbacks of its sockets and the policy userspace sets for them, per socket and
 * event (WSK_IOC_POLICY): what each callback answers, the callbacks held until userspace lets
 * them go (WSK_IOC_UNHOLD), and the indication lists retained until it releases them
 * (WSK_IOC_RELEASE). Every callback becomes an event record.
 *
 * Held callbacks (WSK_POLICY_F_HOLD) wait on a completion on their own stack, listed on their
 * socket; WSK_IOC_UNHOLD and release complete them. They run only in process context, from
 * the socket's work item: a socket made without WSK_FLAG_PROCESS_CONTEXT cannot get the policy,
 * and a callback at dispatch level never holds.
 *
 * Callbacks take only usock->lock, the handle table's lock and the records' lock.
 */

#include "compat.h"
#include "core.h"
#include "uclient.h"

#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>

/*
 * Each held callback keeps one worker of the queue all files share (wsk_dev_wq) waiting. At
 * most 128 of its 256 active items may wait so, all files together and whatever max_holds
 * says, so that every file's other work (closes among it) and the services always have
 * workers.
 */
#define WSK_UPOL_MAX_HOLDS	128
static atomic_t wsk_upol_holds = ATOMIC_INIT(0);	/* held now, all files */
static unsigned int max_holds = 64;

static int wsk_upol_set_max_holds(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, WSK_UPOL_MAX_HOLDS);
}

static const struct kernel_param_ops wsk_upol_max_holds_ops = {
	.set = wsk_upol_set_max_holds,
	.get = param_get_uint,
};

module_param_cb(max_holds, &wsk_upol_max_holds_ops, &max_holds, 0644);
MODULE_PARM_DESC(max_holds,
		 "Callbacks held at once per open /dev/wsk, at most 128, and 128 for all files together (beyond: not held, a hold-refused record)");

/* The first bytes of an indication list, for the record. */
static u32 wsk_upol_data_prefix(struct wsk_event *ev, const struct wsk_data_indication *ind)
{
	size_t n = 0;

	for (; ind && n < WSK_EVENT_DATA_MAX; ind = ind->next)
		n += wsk_buf_copy_from(ev->data + n, &ind->buffer, 0, WSK_EVENT_DATA_MAX - n);
	return n;
}

static struct wsk_upolicy wsk_upol_of(struct wsk_usock *us, enum wsk_ev ev)
{
	struct wsk_upolicy p;

	spin_lock_bh(&us->lock);
	p = us->pol[ev];
	spin_unlock_bh(&us->lock);
	return p;
}

/* One more held callback, against max_holds of the file and the cap of all files. */
static bool wsk_upol_hold_charge(struct wsk_ufile *uf)
{
	if (!wsk_uf_charge(&uf->nr_holds, READ_ONCE(max_holds)))
		return false;
	if (wsk_uf_charge(&wsk_upol_holds, WSK_UPOL_MAX_HOLDS))
		return true;
	atomic_dec(&uf->nr_holds);
	return false;
}

/*
 * The hold policy: report the held callback, then wait until userspace or release lets it go.
 * Process context only; TASK_IDLE because a worker may legitimately wait here for long.
 */
static void wsk_upol_hold(struct wsk_usock *us, enum wsk_ev ev, u32 cb_flags)
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
	if (!wsk_upol_hold_charge(us->uf)) {
		/* The callback returns as if it had no hold policy; the record says why. */
		spin_unlock_bh(&us->lock);
		wsk_us_record_init(&rec, us, WSK_RECORD_HOLD_REFUSED, cb_flags);
		rec.op = wsk_ev_flag[ev];
		wsk_us_push(us, &rec);
		return;
	}
	h.event = wsk_ev_flag[ev];
	init_completion(&h.done);
	list_add_tail(&h.node, &us->holds);
	us->held++;
	spin_unlock_bh(&us->lock);

	wsk_us_record_init(&rec, us, WSK_RECORD_HELD, cb_flags);
	rec.op = wsk_ev_flag[ev];
	wsk_us_push(us, &rec);
	might_sleep();
	wait_for_completion_state(&h.done, TASK_IDLE);
}

/* Let held callbacks of @us go: those of @event, or all with 0. Return: how many. */
u32 wsk_upol_unhold(struct wsk_usock *us, u32 event, bool forever)
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
		atomic_dec(&wsk_upol_holds);
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
static u32 wsk_upol_retain(struct wsk_usock *us, void *list, size_t bytes)
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

/*
 * The start of every callback: hold it if its policy says so, count it and begin its record.
 * Return: the event's policy, as it is once the hold has ended.
 */
static struct wsk_upolicy wsk_upol_enter(struct wsk_usock *us, enum wsk_ev ev, u32 kind,
					 u32 flags, struct wsk_event *rec)
{
	wsk_upol_hold(us, ev, flags);
	atomic64_inc(&us->callbacks);
	wsk_us_record_init(rec, us, kind, flags);
	return wsk_upol_of(us, ev);
}

static wsk_status_t wsk_upol_receive_event(void *ctx, u32 flags,
					   struct wsk_data_indication *ind, size_t indicated,
					   size_t *accepted)
{
	struct wsk_usock *us = ctx;
	wsk_status_t st = WSK_ST(WSK_STATUS_SUCCESS);
	struct wsk_upolicy p;
	struct wsk_event rec;

	p = wsk_upol_enter(us, WSK_EV_RECEIVE, WSK_RECORD_RECEIVE, flags, &rec);
	rec.bytes = indicated;
	if (!ind) {
		rec.flags |= WSK_RECORD_F_NULL;
		goto out;
	}
	atomic64_add(indicated, &us->indicated);
	rec.data_len = wsk_upol_data_prefix(&rec, ind);
	switch (p.action) {
	case WSK_POLICY_ACCEPT_BYTES:
		*accepted = min_t(u64, p.bytes, indicated);
		break;
	case WSK_POLICY_RETAIN:
		/* Not once the file is going: release must not find new lists after its sweep. */
		if (READ_ONCE(us->no_hold))
			break;
		rec.retained_id = wsk_upol_retain(us, ind, indicated);
		st = rec.retained_id ? WSK_ST(WSK_STATUS_PENDING) :
				       WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED);
		break;
	case WSK_POLICY_DECLINE:
		st = WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED);
		break;
	}
out:
	rec.status = st;
	wsk_us_push(us, &rec);
	return st;
}

static wsk_status_t wsk_upol_disconnect_event(void *ctx, u32 flags)
{
	struct wsk_usock *us = ctx;
	struct wsk_event rec;

	wsk_upol_enter(us, WSK_EV_DISCONNECT, WSK_RECORD_DISCONNECT, flags, &rec);
	wsk_us_push(us, &rec);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static wsk_status_t wsk_upol_send_backlog_event(void *ctx, size_t ideal)
{
	struct wsk_usock *us = ctx;
	struct wsk_event rec;

	/* No flags argument: this callback tells nothing about its context, so it never holds. */
	atomic64_inc(&us->callbacks);
	wsk_us_record_init(&rec, us, WSK_RECORD_SEND_BACKLOG, 0);
	rec.bytes = ideal;
	wsk_us_push(us, &rec);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_connection_dispatch wsk_upol_conn_dispatch = {
	.receive_event = wsk_upol_receive_event,
	.disconnect_event = wsk_upol_disconnect_event,
	.send_backlog_event = wsk_upol_send_backlog_event,
};

static wsk_status_t wsk_upol_receive_from_event(void *ctx, u32 flags,
						struct wsk_datagram_indication *ind)
{
	struct wsk_usock *us = ctx;
	wsk_status_t st = WSK_ST(WSK_STATUS_SUCCESS);
	struct wsk_datagram_indication *d;
	struct wsk_event rec;
	struct wsk_upolicy p;
	size_t bytes = 0;
	u32 id = 0;

	p = wsk_upol_enter(us, WSK_EV_RECEIVE_FROM, WSK_RECORD_RECEIVE_FROM, flags, &rec);
	if (!ind) {
		rec.flags |= WSK_RECORD_F_NULL;
		wsk_us_push(us, &rec);
		return st;
	}
	for (d = ind; d; d = d->next)
		bytes += d->buffer.length;
	atomic64_add(bytes, &us->indicated);
	if (p.action == WSK_POLICY_DECLINE) {
		st = WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED);
	} else if (p.action == WSK_POLICY_RETAIN && !READ_ONCE(us->no_hold)) {
		id = wsk_upol_retain(us, ind, bytes);
		st = id ? WSK_ST(WSK_STATUS_PENDING) : WSK_ST(WSK_STATUS_DATA_NOT_ACCEPTED);
	}
	/* One record per datagram, all with the list's answer. */
	for (d = ind; d; d = d->next) {
		wsk_us_record_init(&rec, us, WSK_RECORD_RECEIVE_FROM, flags);
		rec.status = st;
		rec.bytes = d->buffer.length;
		rec.retained_id = id;
		wsk_uaddr_out(d->remote_address, &rec.addr);
		rec.data_len = wsk_buf_copy_from(rec.data, &d->buffer, 0, WSK_EVENT_DATA_MAX);
		wsk_us_push(us, &rec);
	}
	return st;
}

static const struct wsk_client_datagram_dispatch wsk_upol_dgram_dispatch = {
	.receive_from_event = wsk_upol_receive_from_event,
};

static wsk_status_t
wsk_upol_accept_event(void *ctx, u32 flags, struct sockaddr *local, struct sockaddr *remote,
		      struct wsk_socket *sock, void **sock_ctx,
		      const struct wsk_client_connection_dispatch **sock_dispatch)
{
	gfp_t gfp = flags & WSK_FLAG_AT_DISPATCH_LEVEL ? GFP_ATOMIC : GFP_KERNEL;
	wsk_status_t st = WSK_ST(WSK_STATUS_SUCCESS);
	struct wsk_usock *us = ctx, *child;
	struct wsk_event rec;
	struct wsk_upolicy p;

	p = wsk_upol_enter(us, WSK_EV_ACCEPT, WSK_RECORD_ACCEPT, flags, &rec);
	if (!sock) {
		rec.flags |= WSK_RECORD_F_NULL;
		goto out;
	}
	wsk_uaddr_out(remote, &rec.addr);
	if (p.action == WSK_POLICY_REJECT)
		goto refuse;
	/* No memory, or the file has max_sockets already: the connection is refused. */
	child = wsk_us_alloc(us->uf, WSK_FLAG_CONNECTION_SOCKET, us->flags,
			     gfp | (gfp == GFP_KERNEL ? __GFP_ACCOUNT : 0));
	if (IS_ERR(child))
		goto refuse;
	/* Children of the accept event start with their listener's policy. */
	spin_lock_bh(&us->lock);
	memcpy(child->pol, us->pol, sizeof(child->pol));
	spin_unlock_bh(&us->lock);
	child->parent = us->handle;
	child->sock = sock;
	/* Out of memory, or the file is going: refused, and wsk closes the socket. */
	if (wsk_us_insert(us->uf, child, gfp))
		goto err_put;
	rec.new_handle = child->handle;
	*sock_ctx = child;
	*sock_dispatch = &wsk_upol_conn_dispatch;
out:
	rec.status = st;
	wsk_us_push(us, &rec);
	return st;

err_put:
	wsk_us_put(child);
refuse:
	st = WSK_ST(WSK_STATUS_REQUEST_NOT_ACCEPTED);
	goto out;
}

/* Conditional accept: the socket's inspect policy answers; the record tells the id. */
static int wsk_upol_inspect_event(void *ctx, struct sockaddr *local, struct sockaddr *remote,
				  struct wsk_inspect_id *id)
{
	struct wsk_usock *us = ctx;
	struct wsk_event rec;
	u32 action;
	int ans;

	atomic64_inc(&us->callbacks);
	wsk_us_record_init(&rec, us, WSK_RECORD_INSPECT, 0);
	spin_lock_bh(&us->lock);
	action = us->inspect_action;
	spin_unlock_bh(&us->lock);
	if (!id) {
		rec.flags |= WSK_RECORD_F_NULL;
		wsk_us_push(us, &rec);
		return WSK_INSPECT_REJECT;
	}
	ans = action == WSK_POLICY_REJECT ? WSK_INSPECT_REJECT :
	      action == WSK_POLICY_PEND ? WSK_INSPECT_PEND : WSK_INSPECT_ACCEPT;
	rec.status = ans;
	rec.bytes = id->key;
	rec.retained_id = id->serial_number;
	wsk_uaddr_out(remote, &rec.addr);
	wsk_us_push(us, &rec);
	return ans;
}

static wsk_status_t wsk_upol_abort_event(void *ctx, struct wsk_inspect_id *id)
{
	struct wsk_usock *us = ctx;
	struct wsk_event rec;

	atomic64_inc(&us->callbacks);
	wsk_us_record_init(&rec, us, WSK_RECORD_ABORT, 0);
	rec.bytes = id->key;
	rec.retained_id = id->serial_number;
	wsk_us_push(us, &rec);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static const struct wsk_client_listen_dispatch wsk_upol_listen_dispatch = {
	.accept_event = wsk_upol_accept_event,
	.inspect_event = wsk_upol_inspect_event,
	.abort_event = wsk_upol_abort_event,
};

/* A stream socket is a listener or a connection socket of this file once it decided. */
static const struct wsk_client_stream_dispatch wsk_upol_stream_dispatch = {
	.listen = &wsk_upol_listen_dispatch,
	.connect = &wsk_upol_conn_dispatch,
};

/* Per category: the client dispatch table, and the events a policy may be set for. */
static const struct {
	u32 category;
	const void *dispatch;
	u32 events;
} wsk_upol_categories[] = {
	/* The connection events of a listener are for the children of the accept event. */
	{ WSK_FLAG_LISTEN_SOCKET, &wsk_upol_listen_dispatch,
	  WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT | WSK_EVENT_SEND_BACKLOG },
	{ WSK_FLAG_CONNECTION_SOCKET, &wsk_upol_conn_dispatch,
	  WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT | WSK_EVENT_SEND_BACKLOG },
	{ WSK_FLAG_DATAGRAM_SOCKET, &wsk_upol_dgram_dispatch, WSK_EVENT_RECEIVE_FROM },
	/* Those of both: set before or after it listens or connects. */
	{ WSK_FLAG_STREAM_SOCKET, &wsk_upol_stream_dispatch,
	  WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT | WSK_EVENT_SEND_BACKLOG },
};

/* The client dispatch table of a category, or NULL (the basic socket has none). */
const void *wsk_upol_dispatch(u32 category)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(wsk_upol_categories); i++)
		if (wsk_upol_categories[i].category == category)
			return wsk_upol_categories[i].dispatch;
	return NULL;
}

/* The events a socket of @category may have a policy for. */
static u32 wsk_upol_events(u32 category)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(wsk_upol_categories); i++)
		if (wsk_upol_categories[i].category == category)
			return wsk_upol_categories[i].events;
	return 0;
}

static bool wsk_upol_valid(u32 category, int ev, u32 action)
{
	if (!(wsk_upol_events(category) & wsk_ev_flag[ev]))
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

/* The inspect event's policy: listeners only, no hold, no byte count. */
static int wsk_upol_set_inspect(struct wsk_ufile *uf, struct wsk_ioc_policy *a)
{
	struct wsk_usock *us;
	int err = 0;

	if (a->flags || a->bytes || (a->action != WSK_POLICY_ACCEPT &&
				     a->action != WSK_POLICY_REJECT &&
				     a->action != WSK_POLICY_PEND))
		return -EINVAL;
	us = wsk_us_begin(uf, a->handle);
	if (IS_ERR(us))
		return PTR_ERR(us);
	if (us->category != WSK_FLAG_LISTEN_SOCKET && us->category != WSK_FLAG_STREAM_SOCKET) {
		err = -EINVAL;
	} else {
		spin_lock_bh(&us->lock);
		us->inspect_action = a->action;
		spin_unlock_bh(&us->lock);
	}
	wsk_us_end(us);
	return err;
}

/**
 * wsk_uc_inspect() - WSK_IOC_INSPECT: wsk_inspect_complete() on a listener
 * @uf: the file
 * @a: the checked arguments
 *
 * Return: 0 with @a->status; -EBADF.
 */
int wsk_uc_inspect(struct wsk_ufile *uf, struct wsk_ioc_inspect *a)
{
	struct wsk_inspect_id id = { .key = a->key, .serial_number = a->serial };
	struct wsk_usock *us;
	struct wsk_sync sync;

	/* Keys are unsigned long: one beyond it is no key this listener gave. */
	if (a->key != id.key)
		id.key = 0;
	us = wsk_us_begin(uf, a->handle);
	if (IS_ERR(us))
		return PTR_ERR(us);
	wsk_sync_init(&sync);
	/* Completed inline (any context): no wait. */
	a->status = wsk_inspect_complete(us->sock, &id, a->action, &sync.req);
	wsk_us_end(us);
	return 0;
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
	int ev = wsk_ev_index(a->event);
	struct wsk_usock *us;
	int err = 0;

	if (a->event == WSK_POLICY_EVENT_INSPECT)
		return wsk_upol_set_inspect(uf, a);
	if (ev < 0 || (a->bytes && a->action != WSK_POLICY_ACCEPT_BYTES))
		return -EINVAL;
	us = wsk_us_begin(uf, a->handle);
	if (IS_ERR(us))
		return PTR_ERR(us);
	if (!wsk_upol_valid(us->category, ev, a->action) ||
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

static wsk_status_t wsk_upol_release_one(struct wsk_usock *us, struct wsk_uretained *r)
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
u32 wsk_upol_release_lists(struct wsk_usock *us, bool all, u32 id, wsk_status_t *last)
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
		*last = wsk_upol_release_one(us, r);
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
		a->released = wsk_upol_release_lists(us, all, a->retained_id, &st);
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

	if (a->event && wsk_ev_index(a->event) < 0)
		return -EINVAL;
	/* Not the gate: a socket being closed waits for its held callbacks. */
	us = wsk_us_get(uf, a->handle);
	if (!us)
		return -EBADF;
	a->released = wsk_upol_unhold(us, a->event, false);
	wsk_us_put(us);
	return 0;
}
