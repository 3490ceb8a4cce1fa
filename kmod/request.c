// SPDX-License-Identifier: GPL-2.0
/*
 * Requests (the IRPs of WSK) and buffer descriptors.
 *
 * A request is owned by the client. wsk keeps it on one of its socket's queues while it is
 * pending and completes it exactly once: the queue entry is removed under the socket's lock by
 * whoever completes or cancels it, and only that party calls the completion function.
 */

#include "compat.h"
#include "core.h"
#include "trace.h"

#include <linux/completion.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>

void wsk_request_init(struct wsk_request *req, wsk_complete_fn complete, void *context)
{
	memset(req, 0, sizeof(*req));
	req->complete = complete;
	req->context = context;
	req->status = WSK_ST(WSK_STATUS_PENDING);
	INIT_LIST_HEAD(&req->entry);
}
EXPORT_SYMBOL_GPL(wsk_request_init);

/* Complete a request of socket number @sock (0: none), traced with it. */
static void wsk_complete_of(struct wsk_request *req, unsigned int sock, wsk_status_t status,
			    unsigned long information)
{
	trace_wsk_request_complete(req, sock, req->op, status, information);
	req->status = status;
	req->information = information;
	req->owner = NULL;
	/* The request may be freed or reused by its owner from here on. */
	req->complete(req);
}

/*
 * Complete a request that is on no queue. NULL requests are allowed where WSK allows them.
 * Whoever completes one whose owner is set holds that socket (its work item, its close).
 */
void wsk_complete(struct wsk_request *req, wsk_status_t status, unsigned long information)
{
	struct wsk_socket *owner;
	unsigned int id = 0;

	if (!req)
		return;
	owner = READ_ONCE(req->owner);
	if (owner && trace_wsk_request_complete_enabled())
		id = wsk_sock(owner)->id;
	wsk_complete_of(req, id, status, information);
}

wsk_status_t wsk_finish(struct wsk_request *req, wsk_status_t status, unsigned long information)
{
	wsk_complete(req, status, information);
	return status;
}

wsk_status_t wsk_fail(struct wsk_request *req, wsk_status_t status)
{
	return wsk_finish(req, status, 0);
}

/* Complete every request of a private list (already taken off the socket's queues). */
void wsk_complete_list(struct list_head *list, wsk_status_t status)
{
	struct wsk_request *req, *tmp;

	list_for_each_entry_safe(req, tmp, list, entry) {
		list_del_init(&req->entry);
		wsk_complete(req, status, req->done);
	}
}

void wsk_cancel(struct wsk_request *req)
{
	struct wsk_socket *s;
	struct wsk_sock *ws;
	unsigned int id = 0;
	bool found = false;

	/*
	 * The request may complete, and its socket be closed and freed, at any moment: the
	 * socket is freed after an RCU grace period, so its lock can be taken inside this
	 * read-side section, and under it req->owner says whether the request is still its
	 * (review finding 10).
	 */
	rcu_read_lock();
	s = READ_ONCE(req->owner);
	if (!s) {
		rcu_read_unlock();
		return;
	}
	ws = wsk_sock(s);
	spin_lock_bh(&ws->lock);
	if (req->owner == s && !list_empty(&req->entry) &&
	    req->op != WSK_OP_CLOSE && req->op != WSK_OP_DISABLE &&
	    !(req->op == WSK_OP_CONNECT && req->flags)) {
		if (req->flags & WSK_RQ_BUSY) {
			/* The work item completes it as cancelled when it lets go. */
			req->flags |= WSK_RQ_CANCEL;
		} else {
			list_del_init(&req->entry);
			found = true;
			/* The socket may be freed once we let go of it: no owner from here. */
			id = ws->id;
			req->owner = NULL;
			/*
			 * A connect cancelled while TCP is at it: the work item dissolves the
			 * attempt, so that the socket never connects behind the client's back
			 * and may connect again.
			 */
			if (req->op == WSK_OP_CONNECT) {
				set_bit(WSK_S_CONNECT_CANCEL, &ws->state);
				wsk_sock_kick(ws);
			}
		}
	}
	spin_unlock_bh(&ws->lock);
	rcu_read_unlock();
	if (found)
		wsk_complete_of(req, id, WSK_ST(WSK_STATUS_CANCELLED), req->done);
}
EXPORT_SYMBOL_GPL(wsk_cancel);

static void wsk_sync_complete(struct wsk_request *req)
{
	complete(&container_of(req, struct wsk_sync, req)->done);
}

void wsk_sync_init(struct wsk_sync *sync)
{
	wsk_request_init(&sync->req, wsk_sync_complete, NULL);
	init_completion(&sync->done);
}
EXPORT_SYMBOL_GPL(wsk_sync_init);

wsk_status_t wsk_sync_wait(struct wsk_sync *sync, wsk_status_t returned)
{
	might_sleep();
	wait_for_completion(&sync->done);
	return sync->req.status;
}
EXPORT_SYMBOL_GPL(wsk_sync_wait);

wsk_status_t wsk_sync_wait_timeout(struct wsk_sync *sync, wsk_status_t returned,
				   unsigned long timeout)
{
	might_sleep();
	if (!wait_for_completion_timeout(&sync->done, timeout)) {
		wsk_cancel(&sync->req);
		wait_for_completion(&sync->done);
	}
	return sync->req.status;
}
EXPORT_SYMBOL_GPL(wsk_sync_wait_timeout);

int wsk_buf_init_kernel(struct wsk_buf *buf, struct bio_vec *bvec, unsigned int max_segs,
			void *data, size_t length)
{
	unsigned int n = 0;

	memset(buf, 0, sizeof(*buf));
	buf->bvec = bvec;
	buf->length = length;
	if (!length)
		return 0;
	if (!max_segs)
		return -EINVAL;
	if (!is_vmalloc_addr(data)) {
		if (!virt_addr_valid(data))
			return -EINVAL;
		/* Linear memory is physically contiguous: one segment, however many pages. */
		bvec_set_page(&bvec[0], virt_to_page(data), length, offset_in_page(data));
		buf->nr_segs = 1;
		return 0;
	}
	while (length) {
		size_t off = offset_in_page(data);
		size_t len = min_t(size_t, length, PAGE_SIZE - off);

		if (n == max_segs)
			return -EINVAL;
		bvec_set_page(&bvec[n++], vmalloc_to_page(data), len, off);
		data += len;
		length -= len;
	}
	buf->nr_segs = n;
	return 0;
}
EXPORT_SYMBOL_GPL(wsk_buf_init_kernel);

size_t wsk_buf_copy_from(void *dst, const struct wsk_buf *buf, size_t skip, size_t len)
{
	struct iov_iter iter;

	if (skip >= buf->length)
		return 0;
	len = min(len, buf->length - skip);
	iov_iter_bvec(&iter, ITER_SOURCE, buf->bvec, buf->nr_segs, buf->offset + buf->length);
	iov_iter_advance(&iter, buf->offset + skip);
	return copy_from_iter(dst, len, &iter);
}
EXPORT_SYMBOL_GPL(wsk_buf_copy_from);
