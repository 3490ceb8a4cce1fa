// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/wsk: one open file, one wsk client in the opener's namespace (struct wsk_ufile): its
 * opening and its release, which ends everything it owns, and the calls on the file or a
 * whole socket that are neither requests nor policy: WSK_IOC_SOCKET, WSK_IOC_STATIC and
 * WSK_IOC_SOCKINFO. It uses the public API of <wsk/wsk.h>, and peeks read-only at struct
 * wsk_sock (core.h) for WSK_IOC_SOCKINFO only.
 */

#include "compat.h"
#include "core.h"
#include "uclient.h"

#include <linux/rcupdate.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/sock.h>

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
	if (err)
		goto err_put;
	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_socket(uf->client, a->family, a->type, a->protocol,
					     a->flags, us, wsk_upol_dispatch(category), &sync.req));
	a->status = st;
	if (st) {
		err = wsk_status_to_errno(st) ?: -EIO;
		goto err_forget;
	}
	down_write(&us->gate);
	WRITE_ONCE(us->sock, (struct wsk_socket *)sync.req.information);
	up_write(&us->gate);
	a->handle = us->handle;
	return 0;

err_forget:
	/* The handle goes with the table's reference, which is the only one. */
	a->handle = 0;
	wsk_us_forget(us);
	return err;
err_put:
	wsk_us_put(us);
	return err == -ESHUTDOWN ? -EBADF : err;
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
	{ WSK_S_STREAM, WSK_SI_STREAM },
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
	int err = 0;

	if (!us)
		return -EBADF;
	down_read(&us->gate);
	ws = us->sock ? wsk_sock(us->sock) : NULL;
	if (!ws) {
		err = -EBADF;
		goto out;
	}
	if (!us->closing)
		wsk_us_settle(us);
	/* What it was made as; below, what it is now (a stream socket's listen or connect). */
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
		a->category = READ_ONCE(ws->category);
		wsk_uc_peek_events(ws, a);
		if (a->state & WSK_SI_BOUND)
			wsk_uaddr_of_sk(ws->sock->sk, false, &a->local);
		if (a->state & WSK_SI_CONNECTED)
			wsk_uaddr_of_sk(ws->sock->sk, true, &a->remote);
	} else {
		/*
		 * The close frees the wsk socket after an RCU grace period once it completed;
		 * its struct socket may be gone before that, so only the wsk state is read.
		 */
		rcu_read_lock();
		if (!READ_ONCE(us->closed)) {
			a->category = READ_ONCE(ws->category);
			wsk_uc_peek_events(ws, a);
		}
		rcu_read_unlock();
		a->state |= WSK_SI_CLOSING;
	}
out:
	up_read(&us->gate);
	wsk_us_put(us);
	return err;
}

/**
 * wsk_uc_open() - a new file: a wsk client in @net and an empty record ring
 * @net: the opener's network namespace
 * @wq: the queue of its sockets and services
 *
 * Return: the file's state or an ERR_PTR.
 */
struct wsk_ufile *wsk_uc_open(struct net *net, struct workqueue_struct *wq)
{
	struct wsk_ufile *uf = kzalloc(sizeof(*uf), GFP_KERNEL_ACCOUNT);
	char owner[64];
	int err;

	if (!uf)
		return ERR_PTR(-ENOMEM);
	err = wsk_records_init(&uf->records, WSK_RECORDS_MAX);
	if (err)
		goto err_free;
	snprintf(owner, sizeof(owner), "/dev/wsk %s[%d]", current->comm, task_tgid_nr(current));
	err = wsk_client_register(&uf->client, net, uf, wq, owner);
	if (err)
		goto err_records;
	uf->net = get_net(net);
	uf->wq = wq;
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
	wsk_upol_release_lists(us, true, 0, &st);
	wsk_us_close_socket(us);
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

	for (idx = 0; (us = wsk_us_next(uf, &idx)); idx++) {
		wsk_upol_unhold(us, 0, true);
		wsk_us_put(us);
	}
	for (idx = 0; (us = wsk_us_next(uf, &idx)); idx++) {
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
