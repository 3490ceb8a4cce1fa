// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/wsk: the requests userspace makes on a socket (WSK_IOC_REQUEST), with its controls
 * (WSK_IOC_CONTROL, WSK_IOC_QUERY_BACKLOG, WSK_IOC_OPTION), and the per-open limits on them
 * (max_requests, max_request_bytes).
 *
 * A struct wsk_ureq is one request: the wsk request, the kernel copy of the data and the
 * addresses. A synchronous request is freed by its waiter, unless a signal ended the wait:
 * then, like an asynchronous one, by its completion, which makes a record.
 */

#include "compat.h"
#include "core.h"
#include "uclient.h"

#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

/* The largest data buffer of one request (see struct wsk_ioc_request). */
#define WSK_UREQ_MAX_LEN		(16UL << 20)

/*
 * Per-open limits: what one file may have the kernel hold for its requests. Past each, the
 * call fails with its own errno and nothing changes. A change applies to later calls.
 */
static unsigned int max_requests = 1024;
module_param(max_requests, uint, 0644);
MODULE_PARM_DESC(max_requests, "Requests in flight per open /dev/wsk (ENOSPC beyond)");
static unsigned long max_request_bytes = 64UL << 20;
module_param(max_request_bytes, ulong, 0644);
MODULE_PARM_DESC(max_request_bytes,
		 "Data of the requests in flight per open /dev/wsk, in bytes (ENOBUFS beyond)");

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
	struct wsk_buf_list *list;	/* send-messages: one entry per datagram of kbuf */
	struct bio_vec *list_bvec;	/* ... and their segments */
	struct sockaddr_storage addr;	/* bind, connect, send-to; out: the peer or our name */
	struct sockaddr_storage addr2;	/* accept: the local address; an option's output */
};

static void wsk_ureq_free(struct wsk_ureq *ur)
{
	atomic_long_sub(ur->charged, &ur->uf->request_bytes);
	atomic_dec(&ur->uf->nr_requests);
	kvfree(ur->kbuf);
	kfree(ur->bvec);
	kfree(ur->list);
	kfree(ur->list_bvec);
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
	case WSK_REQ_OPTION:
	case WSK_REQ_CONNECT_EX:
	case WSK_REQ_SEND_MESSAGES:
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

	wsk_us_record_init(&rec, ur->us, WSK_RECORD_COMPLETE, 0);
	rec.status = ur->req.status;
	rec.bytes = wsk_ureq_bytes(ur);
	rec.request_id = ur->id;
	rec.op = ur->op;
	rec.new_handle = wsk_ureq_new_handle(ur);
	if (wsk_ureq_has_addr(ur))
		wsk_uaddr_out((struct sockaddr *)&ur->addr, &rec.addr);
	if ((ur->op == WSK_REQ_RECEIVE || ur->op == WSK_REQ_RECEIVE_FROM) && ur->kbuf) {
		rec.data_len = min_t(u64, rec.bytes, WSK_EVENT_DATA_MAX);
		memcpy(rec.data, ur->kbuf, rec.data_len);
	}
	if (ur->op == WSK_REQ_OPTION && wsk_success(ur->req.status)) {
		rec.data_len = min_t(u64, rec.bytes, WSK_OPTION_VALUE_MAX);
		memcpy(rec.data, &ur->addr2, rec.data_len);
	}
	wsk_us_push(ur->us, &rec);
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
		 * Release may have swept the handles already: close this one itself. Without
		 * the gate, against the rule at the top of the file, and safe only because the
		 * file is dying: no ioctl runs on it any more. The handle is still in the table,
		 * so the release's sweep may come to close it too: only one of the two does
		 * (wsk_us_close_socket()).
		 */
		WRITE_ONCE(child->closing, true);
		wsk_us_close_socket(child);
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

	if (!wsk_uf_charge(&uf->nr_requests, READ_ONCE(max_requests)))
		return ERR_PTR(-ENOSPC);
	ur = kzalloc(sizeof(*ur), GFP_KERNEL_ACCOUNT);
	if (!ur)
		goto err_uncharge;
	ur->uf = uf;
	ur->op = op;
	atomic_set(&ur->state, async ? WSK_UR_ASYNC : WSK_UR_WAIT);
	init_completion(&ur->done);
	wsk_request_init(&ur->req, wsk_ureq_complete, ur);
	return ur;

err_uncharge:
	atomic_dec(&uf->nr_requests);
	return ERR_PTR(-ENOMEM);
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
	/* WSK_REQ_CONTROL and WSK_REQ_OPTION have ioctls of their own (wsk_ureq_check()). */
	[WSK_REQ_CONNECT_EX] = { .data_in = true, .addr_in = true },
	[WSK_REQ_SEND_MESSAGES] = { .data_in = true, .addr_in = true },
	[WSK_REQ_LISTEN] = { },
};

/* The segments wsk_buf_init_kernel() may need for @len bytes at @p of the copy. */
static unsigned int wsk_ureq_segs(const void *p, size_t len)
{
	return is_vmalloc_addr(p) ? DIV_ROUND_UP(len, PAGE_SIZE) + 1 : 1;
}

/*
 * WSK_REQ_SEND_MESSAGES: the copy holds the datagrams one after another, each after its
 * length as a __u32; describe each for wsk_send_messages(). Return: 0, -EINVAL for a record
 * that runs past the end, no datagram or more than WSK_SEND_MESSAGES_MAX, or -ENOMEM.
 */
static int wsk_ureq_messages(struct wsk_ureq *ur)
{
	unsigned int n = 0, segs = 0, i, used = 0;
	size_t pos = 0;
	u32 dlen;
	int err;

	while (pos < ur->len) {
		if (ur->len - pos < sizeof(dlen) || n == WSK_SEND_MESSAGES_MAX)
			return -EINVAL;
		memcpy(&dlen, ur->kbuf + pos, sizeof(dlen));
		pos += sizeof(dlen);
		if (dlen > ur->len - pos)
			return -EINVAL;
		segs += wsk_ureq_segs(ur->kbuf + pos, dlen);
		pos += dlen;
		n++;
	}
	if (!n)
		return -EINVAL;
	ur->list = kcalloc(n, sizeof(*ur->list), GFP_KERNEL_ACCOUNT);
	ur->list_bvec = kcalloc(segs, sizeof(*ur->list_bvec), GFP_KERNEL_ACCOUNT);
	if (!ur->list || !ur->list_bvec)
		return -ENOMEM;
	for (pos = 0, i = 0; i < n; i++) {
		void *p;

		memcpy(&dlen, ur->kbuf + pos, sizeof(dlen));
		p = ur->kbuf + pos + sizeof(dlen);
		err = wsk_buf_init_kernel(&ur->list[i].buffer, ur->list_bvec + used,
					  wsk_ureq_segs(p, dlen), dlen ? p : NULL, dlen);
		if (err)
			return err;
		used += wsk_ureq_segs(p, dlen);
		ur->list[i].next = i + 1 < n ? &ur->list[i + 1] : NULL;
		pos += sizeof(dlen) + dlen;
	}
	return 0;
}

static int wsk_ureq_check(const struct wsk_ioc_request *a)
{
	if (!a->op || a->op >= ARRAY_SIZE(wsk_req_ops) || a->op == WSK_REQ_CONTROL ||
	    a->op == WSK_REQ_OPTION)
		return -EINVAL;
	if (a->wsk_flags & ~wsk_req_ops[a->op].wsk_flags)
		return -EINVAL;
	if (!wsk_req_ops[a->op].data_in && !wsk_req_ops[a->op].data_out && (a->buf || a->len))
		return -EINVAL;
	if (a->len > WSK_UREQ_MAX_LEN)
		return -EINVAL;
	return 0;
}

/* Start the operation. Called with the gate held; @ur may be gone when this returns. */
static void wsk_ureq_start(struct wsk_usock *us, struct wsk_ureq *ur,
			   const struct wsk_ioc_request *a)
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
	case WSK_REQ_CONNECT_EX:
		wsk_connect_ex(s, sa, a->len ? buf : NULL, 0, req);
		break;
	case WSK_REQ_SEND_MESSAGES:
		wsk_send_messages(s, ur->list, 0, a->addr.family ? sa : NULL, 0, NULL, req);
		break;
	case WSK_REQ_ACCEPT:
		wsk_accept(s, 0, ur->child, wsk_upol_dispatch(WSK_FLAG_CONNECTION_SOCKET),
			   (struct sockaddr *)&ur->addr2, sa, req);
		break;
	case WSK_REQ_SEND:
		wsk_send(s, buf, a->wsk_flags, req);
		break;
	case WSK_REQ_RECEIVE:
		wsk_receive(s, buf, a->wsk_flags, req);
		break;
	case WSK_REQ_SEND_TO:
		wsk_send_to(s, buf, 0, a->addr.family ? sa : NULL, req);
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
	case WSK_REQ_LISTEN:
		wsk_listen(s, req);
		break;
	}
}

/* Fill in the results of a completed synchronous request. */
static int wsk_ureq_sync_out(struct wsk_ureq *ur, struct wsk_ioc_request *a)
{
	a->status = ur->req.status;
	a->information = wsk_ureq_bytes(ur);
	a->new_handle = wsk_ureq_new_handle(ur);
	if (wsk_ureq_has_addr(ur))
		wsk_uaddr_out((struct sockaddr *)&ur->addr, &a->addr);
	else
		memset(&a->addr, 0, sizeof(a->addr));
	if (ur->kbuf && wsk_req_ops[ur->op].data_out && a->information &&
	    copy_to_user(u64_to_user_ptr(a->buf), ur->kbuf, min_t(u64, a->information, ur->len)))
		return -EFAULT;
	return 0;
}

/*
 * The handle of an accept request's new socket: it exists from now on, unusable until the
 * accept completes. Return: 0, or the errno of wsk_us_alloc() or wsk_us_insert().
 */
static int wsk_ureq_reserve(struct wsk_ureq *ur)
{
	struct wsk_usock *child;
	int err;

	child = wsk_us_alloc(ur->uf, WSK_FLAG_CONNECTION_SOCKET, ur->us->flags,
			     GFP_KERNEL_ACCOUNT);
	if (IS_ERR(child))
		return PTR_ERR(child);
	err = wsk_us_insert(ur->uf, child, GFP_KERNEL_ACCOUNT);
	if (err)
		goto err_put;
	child->parent = ur->us->handle;
	/* The request's own reference; the table holds the first. */
	kref_get(&child->ref);
	ur->child = child;
	return 0;

err_put:
	/* Never inserted: its only reference goes here, and nothing else frees it (finding 8). */
	wsk_us_put(child);
	return err;
}

/* A request wsk never saw: its reserved handle goes, with both references. */
static void wsk_ureq_unreserve(struct wsk_ureq *ur)
{
	struct wsk_usock *child = ur->child;

	if (!child)
		return;
	ur->child = NULL;
	wsk_us_put(child);
	wsk_us_forget(child);
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
	struct wsk_usock *us;
	struct wsk_ureq *ur;
	u32 op = a->op;
	int err;

	err = wsk_ureq_check(a);
	if (err)
		return err;
	us = wsk_us_get(uf, a->handle);
	if (!us)
		return -EBADF;
	ur = wsk_ureq_alloc(uf, op, async);
	if (IS_ERR(ur)) {
		err = PTR_ERR(ur);
		goto err_put;
	}
	/* The request holds the handle's reference from now on (wsk_ureq_free()). */
	ur->us = us;
	/* A send-to without an address (family 0) goes to the socket's default destination. */
	if (wsk_req_ops[op].addr_in &&
	    !((op == WSK_REQ_SEND_TO || op == WSK_REQ_SEND_MESSAGES) && !a->addr.family)) {
		err = wsk_uaddr_in(&a->addr, &ur->addr);
		if (err)
			goto err_free;
	}
	if (wsk_req_ops[op].data_in || wsk_req_ops[op].data_out) {
		err = wsk_ureq_buffer(ur, a->buf, a->len, wsk_req_ops[op].data_in);
		if (err)
			goto err_free;
	}
	if (op == WSK_REQ_SEND_MESSAGES) {
		err = wsk_ureq_messages(ur);
		if (err)
			goto err_free;
	}
	if (op == WSK_REQ_ACCEPT) {
		err = wsk_ureq_reserve(ur);
		if (err)
			goto err_free;
	}

	ur->id = atomic64_inc_return(&uf->next_id);
	a->request_id = ur->id;
	if (op == WSK_REQ_CLOSE) {
		err = wsk_us_close_begin(us);
		if (err)
			goto err_unreserve;
		wsk_close_socket(us->sock, &ur->req);
	} else {
		down_read(&us->gate);
		if (us->closing || !us->sock) {
			err = -EBADF;
			goto err_unlock;
		}
		wsk_us_settle(us);
		wsk_ureq_start(us, ur, a);
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
	err = wsk_ureq_sync_out(ur, a);
	wsk_ureq_free(ur);
	return err;

err_unlock:
	up_read(&us->gate);
err_unreserve:
	wsk_ureq_unreserve(ur);
err_free:
	wsk_ureq_free(ur);
	return err;
err_put:
	wsk_us_put(us);
	return err;
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
	int err;

	us = wsk_us_begin(uf, a->handle);
	if (IS_ERR(us))
		return PTR_ERR(us);
	if (a->flags & WSK_CTL_F_REQUEST) {
		ur = wsk_ureq_alloc(uf, WSK_REQ_CONTROL, true);
		if (IS_ERR(ur)) {
			err = PTR_ERR(ur);
			goto err_end;
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

err_end:
	wsk_us_end(us);
	return err;
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

/**
 * wsk_uc_option() - WSK_IOC_OPTION: a socket option or IOCTL
 * @uf: the file
 * @a: the checked arguments; @status, @request_id, @out_len and @value are filled in
 *
 * The input and the output live in the request (its two address buffers), so a signal that
 * ends the wait leaves nothing of the caller's in use: the completion then makes a record
 * that carries the output.
 *
 * Return: 0 once the request was made, -EINTR (see above), -EBADF, -ENOSPC or -ENOMEM.
 */
int wsk_uc_option(struct wsk_ufile *uf, struct wsk_ioc_option *a)
{
	u32 out_len = a->out_len;
	struct wsk_usock *us;
	struct wsk_ureq *ur;

	BUILD_BUG_ON(sizeof(ur->addr) < WSK_OPTION_VALUE_MAX);
	us = wsk_us_get(uf, a->handle);
	if (!us)
		return -EBADF;
	ur = wsk_ureq_alloc(uf, WSK_REQ_OPTION, false);
	if (IS_ERR(ur)) {
		wsk_us_put(us);
		return PTR_ERR(ur);
	}
	/* The request holds the handle's reference from now on (wsk_ureq_free()). */
	ur->us = us;
	memcpy(&ur->addr, a->value, a->in_len);
	ur->id = atomic64_inc_return(&uf->next_id);
	a->request_id = ur->id;
	a->out_len = 0;
	down_read(&us->gate);
	if (us->closing || !us->sock) {
		up_read(&us->gate);
		wsk_ureq_free(ur);
		return -EBADF;
	}
	wsk_us_settle(us);
	wsk_control_socket(us->sock, a->request_type, a->code, a->level, a->in_len,
			   a->in_len ? &ur->addr : NULL, out_len, out_len ? &ur->addr2 : NULL,
			   NULL, &ur->req);
	up_read(&us->gate);

	if (wait_for_completion_interruptible(&ur->done)) {
		if (atomic_cmpxchg(&ur->state, WSK_UR_WAIT, WSK_UR_ABANDONED) == WSK_UR_WAIT) {
			a->status = WSK_STATUS_PENDING;
			return -EINTR;
		}
		/* Completing right now. */
		wait_for_completion(&ur->done);
	}
	a->status = ur->req.status;
	if (wsk_success(ur->req.status)) {
		a->out_len = min_t(u64, ur->req.information, out_len);
		memcpy(a->value, &ur->addr2, a->out_len);
	}
	wsk_ureq_free(ur);
	return 0;
}
