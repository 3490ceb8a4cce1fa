// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/wsk: socket handles and their lifetimes (struct wsk_usock), and the per-open limit on
 * them (max_sockets); also the record helpers every piece of the front end uses.
 *
 * A struct wsk_usock is one handle. The handle table of its file holds a reference from
 * creation until the socket's close completes; lookups and requests take their own. Its wsk
 * socket may be used only under @gate (read side, wsk_us_begin()) while @closing is false:
 * close sets @closing under the write side before it calls wsk_close_socket(), so no call into
 * wsk can race with the end of the socket's life.
 *
 * Lock order: usock->gate, then the handle table's lock, then usock->lock; the records' lock is
 * innermost.
 */

#include "compat.h"
#include "core.h"
#include "uclient.h"

#include <linux/moduleparam.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>

/* A per-open limit, like those of urequest.c and upolicy.c: past it, -EMFILE and no change. */
static unsigned int max_sockets = 1024;
module_param(max_sockets, uint, 0644);
MODULE_PARM_DESC(max_sockets,
		 "Socket handles per open /dev/wsk, accepted ones included (EMFILE beyond)");

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

void wsk_us_put(struct wsk_usock *us)
{
	kref_put(&us->ref, wsk_us_free);
}

/* Count one more against a per-open limit. Return: false (nothing counted) past @max. */
bool wsk_uf_charge(atomic_t *count, unsigned int max)
{
	if (atomic_inc_return(count) <= max)
		return true;
	atomic_dec(count);
	return false;
}

/* A new handle's state, counted against max_sockets. Return: it, or ERR_PTR(-EMFILE/-ENOMEM). */
struct wsk_usock *wsk_us_alloc(struct wsk_ufile *uf, u32 category, u32 flags, gfp_t gfp)
{
	struct wsk_usock *us;
	int i;

	if (!wsk_uf_charge(&uf->nr_socks, READ_ONCE(max_sockets)))
		return ERR_PTR(-EMFILE);
	us = kzalloc(sizeof(*us), gfp);
	if (!us)
		goto err_uncharge;
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

err_uncharge:
	atomic_dec(&uf->nr_socks);
	return ERR_PTR(-ENOMEM);
}

/* Give @us a handle; the table takes the initial reference. Refused once the file is dying. */
int wsk_us_insert(struct wsk_ufile *uf, struct wsk_usock *us, gfp_t gfp)
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
void wsk_us_forget(struct wsk_usock *us)
{
	struct wsk_ufile *uf = us->uf;

	xa_erase_bh(&uf->socks, us->handle);
	wake_up_all(&uf->socks_wait);
	wsk_us_put(us);
}

struct wsk_usock *wsk_us_get(struct wsk_ufile *uf, u32 handle)
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
void wsk_us_settle(struct wsk_usock *us)
{
	struct wsk_sock *ws = wsk_sock(us->sock);

	might_sleep();
	wait_on_bit_timeout(&ws->state, WSK_S_ADOPTING, TASK_UNINTERRUPTIBLE, HZ / 10);
}

/*
 * Look up a handle whose socket may be used: returns with the gate held (read side), or an
 * ERR_PTR: -EBADF for an unknown handle, one still being accepted, or one being closed.
 */
struct wsk_usock *wsk_us_begin(struct wsk_ufile *uf, u32 handle)
{
	struct wsk_usock *us = wsk_us_get(uf, handle);

	if (!us)
		return ERR_PTR(-EBADF);
	down_read(&us->gate);
	if (us->closing || !READ_ONCE(us->sock))
		goto err_unlock;
	wsk_us_settle(us);
	return us;

err_unlock:
	up_read(&us->gate);
	wsk_us_put(us);
	return ERR_PTR(-EBADF);
}

void wsk_us_end(struct wsk_usock *us)
{
	up_read(&us->gate);
	wsk_us_put(us);
}

/**
 * wsk_us_close_socket() - WskCloseSocket with the handle's own request, once
 * @us: the handle, whose @closing is set
 *
 * The file's release and an accept that completes while the file dies may both come to
 * close the same new socket: only the first closes it. A second close with the same
 * request would complete it at once (the socket is closing), and so free the handle the
 * first close still completes into.
 */
void wsk_us_close_socket(struct wsk_usock *us)
{
	if (test_and_set_bit(0, &us->close_sent))
		return;
	wsk_request_init(&us->close_req, wsk_us_internal_closed, us);
	wsk_close_socket(us->sock, &us->close_req);
}

/* The close completed: no callback or request of the socket runs any more. */
void wsk_us_closed(struct wsk_usock *us)
{
	WRITE_ONCE(us->closed, true);
	wsk_us_forget(us);
}

void wsk_us_internal_closed(struct wsk_request *req)
{
	wsk_us_closed(req->context);
}

/* Close a handle on userspace's request. Return: 0 with the close started, or -EBADF. */
int wsk_us_close_begin(struct wsk_usock *us)
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

/* The next handle from @*idx on, referenced, or NULL. */
struct wsk_usock *wsk_us_next(struct wsk_ufile *uf, unsigned long *idx)
{
	struct wsk_usock *us;

	xa_lock_bh(&uf->socks);
	us = xa_find(&uf->socks, idx, ULONG_MAX, XA_PRESENT);
	if (us)
		kref_get(&us->ref);
	xa_unlock_bh(&uf->socks);
	return us;
}

/* Records */

void wsk_us_record_init(struct wsk_event *ev, struct wsk_usock *us, u32 kind, u32 flags)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->handle = us->handle;
	ev->flags = flags;
}

void wsk_us_push(struct wsk_usock *us, const struct wsk_event *ev)
{
	wsk_records_push(&us->uf->records, ev);
}
