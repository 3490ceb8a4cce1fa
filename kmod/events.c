// SPDX-License-Identifier: GPL-2.0
/*
 * SO_WSK_EVENT_CALLBACK: which event callbacks of a socket may be called, and the accounting
 * of calls in progress that makes a disable wait for them.
 *
 * Every call of a client callback is bracketed by wsk_event_begin() and wsk_event_end(). Both
 * run under ws->lock, and so does a disable: once a disable has cleared the enabled bit, no
 * new call can begin, and the calls that began before are counted in ev_inflight. A disable
 * that finds calls in progress returns STATUS_PENDING (with a request, completed by the last
 * wsk_event_end()) or STATUS_EVENT_PENDING (without one); it never waits, so a callback may
 * disable its own event.
 */

#include "compat.h"
#include "core.h"
#include "trace.h"

#include <linux/bitops.h>
#include <linux/wait_bit.h>

const u32 wsk_ev_flag[WSK_EV_COUNT] = {
	[WSK_EV_ACCEPT] = WSK_EVENT_ACCEPT,
	[WSK_EV_RECEIVE] = WSK_EVENT_RECEIVE,
	[WSK_EV_RECEIVE_FROM] = WSK_EVENT_RECEIVE_FROM,
	[WSK_EV_DISCONNECT] = WSK_EVENT_DISCONNECT,
	[WSK_EV_SEND_BACKLOG] = WSK_EVENT_SEND_BACKLOG,
};

/* The index of one event flag, or -1. */
int wsk_ev_index(u32 flag)
{
	int i;

	for (i = 0; i < WSK_EV_COUNT; i++)
		if (wsk_ev_flag[i] == flag)
			return i;
	return -1;
}

/* The flags whose client callback exists in the socket's dispatch table. */
static u32 wsk_events_callable(struct wsk_sock *ws)
{
	if (!ws->client_dispatch || !ws->cat->callable)
		return 0;
	return ws->cat->callable(ws->client_dispatch);
}

/* Events may be switched only once the socket is bound (listen, datagram) or connected. */
static bool wsk_events_state_ok(struct wsk_sock *ws)
{
	return test_bit(ws->cat->ready, &ws->state);
}

/**
 * wsk_events_init() - the callbacks a new socket starts with
 * @ws: the socket, not yet visible to anyone; or a stream socket that became another
 *	category, under its ws->lock (wsk_sock_become())
 * @static_mask: the client's static callbacks
 * @inherited: connection flags inherited from a listener (accept event only), or 0
 *
 * Everything starts disabled except static callbacks and inherited ones (rules 1, 5, 14).
 */
void wsk_events_init(struct wsk_sock *ws, u32 static_mask, u32 inherited)
{
	u32 callable = wsk_events_callable(ws);

	/* Static callbacks of a listener are its accept event; children get their own. */
	ws->ev_static = static_mask & ws->cat->events & callable;
	ws->ev_enabled = ws->ev_static | (inherited & callable);
}

/**
 * wsk_events_inherit() - the callbacks a child of the accept event starts with
 * @ws: the child, not yet visible to anyone
 * @static_mask: the client's static callbacks
 * @inherited: the listener's connection flags
 *
 * Enabled at once but not callable until wsk_events_adopted(): the child has no dispatch
 * table until the accept callback returns one.
 */
void wsk_events_inherit(struct wsk_sock *ws, u32 static_mask, u32 inherited)
{
	ws->ev_static = static_mask & WSK_EVENT_CONNECTION;
	ws->ev_enabled = ws->ev_static | (inherited & WSK_EVENT_CONNECTION);
}

/**
 * wsk_events_adopted() - the accept callback returned the child's context and callbacks
 * @ws: the child
 * @context: its socket context
 * @dispatch: its struct wsk_client_connection_dispatch, possibly NULL
 *
 * Flags whose callback the table lacks are dropped. A disable or close that happened while
 * the accept callback ran stays in effect: this only ever clears bits.
 */
void wsk_events_adopted(struct wsk_sock *ws, void *context, const void *dispatch)
{
	u32 callable;

	spin_lock_bh(&ws->lock);
	ws->context = context;
	WRITE_ONCE(ws->client_dispatch, dispatch);
	callable = wsk_events_callable(ws);
	ws->ev_enabled &= callable;
	ws->ev_static &= callable;
	clear_bit_unlock(WSK_S_ADOPTING, &ws->state);
	spin_unlock_bh(&ws->lock);
	/* /dev/wsk may wait for the handover (wsk_us_settle()). */
	smp_mb__after_atomic();
	wake_up_bit(&ws->state, WSK_S_ADOPTING);
}

static wsk_status_t wsk_events_enable(struct wsk_sock *ws, u32 mask)
{
	u32 conn = mask & ws->cat->inherits;
	u32 own = mask & ~conn;

	/* Every flag needs a callback to call; inherited ones are the children's business. */
	if (own & ~wsk_events_callable(ws))
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);

	spin_lock_bh(&ws->lock);
	if (own & ws->ev_static) {
		spin_unlock_bh(&ws->lock);
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	}
	ws->ev_enabled |= own;
	/* Inheritance is sticky: once set on a listener it stays (rule 5). */
	ws->ev_inherit |= conn;
	spin_unlock_bh(&ws->lock);
	/* Enabled again after a decline: the kept datagrams come first (rule 11). */
	if (own & WSK_EVENT_RECEIVE_FROM)
		clear_bit(WSK_S_DGRAM_DECLINED, &ws->state);

	/* Indicate what is already queued, soon, but never from inside this call (§3.4). */
	if (own)
		wsk_sock_kick(ws);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static wsk_status_t wsk_events_disable(struct wsk_sock *ws, u32 flag, struct wsk_request *req)
{
	int ev = wsk_ev_index(flag);
	wsk_status_t st;

	if (ev < 0)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	/* Inherited flags cannot be disabled on the listener (rule 5). */
	if (flag & ws->cat->inherits)
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);

	spin_lock_bh(&ws->lock);
	if (flag & ws->ev_static) {
		spin_unlock_bh(&ws->lock);
		return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	}
	ws->ev_enabled &= ~flag;
	if (!ws->ev_inflight[ev]) {
		st = WSK_ST(WSK_STATUS_SUCCESS);
	} else if (req) {
		/* Completed by the wsk_event_end() that brings the count to zero. */
		req->op = WSK_OP_DISABLE;
		req->flags = ev;
		req->owner = &ws->pub;
		list_add_tail(&req->entry, &ws->q_ctl);
		ws->ev_disabling |= flag;
		st = WSK_ST(WSK_STATUS_PENDING);
	} else {
		ws->ev_disabling |= flag;
		st = WSK_ST(WSK_STATUS_EVENT_PENDING);
	}
	spin_unlock_bh(&ws->lock);
	return st;
}

/* SO_WSK_EVENT_CALLBACK itself; see wsk_events_control(). */
static wsk_status_t wsk_events_switch(struct wsk_sock *ws,
				      const struct wsk_event_callback_control *c,
				      struct wsk_request *req)
{
	u32 mask = c->event_mask;
	u32 valid = ws->cat->events | ws->cat->inherits;
	u32 flags = mask & ~WSK_EVENT_DISABLE;
	wsk_status_t st;

	if (!wsk_npi_id_valid(c->npi_id) || !flags || (flags & ~valid))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	/* A disable names exactly one event. */
	if ((mask & WSK_EVENT_DISABLE) && hweight32(flags) != 1)
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_PARAMETER));
	if (!wsk_events_state_ok(ws))
		return wsk_fail(req, WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE));

	if (mask & WSK_EVENT_DISABLE)
		st = wsk_events_disable(ws, flags, req);
	else
		st = wsk_events_enable(ws, flags);
	/* A pending disable completes its request later; everything else completes now. */
	if (st != WSK_ST(WSK_STATUS_PENDING) && st != WSK_ST(WSK_STATUS_EVENT_PENDING))
		wsk_complete(req, st, 0);
	return st;
}

/**
 * wsk_events_control() - SO_WSK_EVENT_CALLBACK, traced (trace_wsk_event_control())
 * @ws: the socket
 * @c: the control structure
 * @req: optional; see rule 3 (disable) and §8.5 (enable: completed at once)
 *
 * Return: the status of spec §0 rules 2-5 and 14 and of the §3.5 table.
 */
wsk_status_t wsk_events_control(struct wsk_sock *ws, const struct wsk_event_callback_control *c,
				struct wsk_request *req)
{
	wsk_status_t st = wsk_events_switch(ws, c, req);

	trace_wsk_event_control(ws, c->event_mask, st);
	return st;
}

bool wsk_event_enabled(struct wsk_sock *ws, enum wsk_ev ev)
{
	return READ_ONCE(ws->ev_enabled) & wsk_ev_flag[ev];
}

/**
 * wsk_event_begin() - start a call of a client callback
 * @ws: the socket
 * @ev: the event
 *
 * The dispatch table is read here, under the lock, and nowhere before: an accept-event child
 * gets its table when the accept callback returns (wsk_events_adopted() writes it under the
 * same lock before it clears WSK_S_ADOPTING), so a table read earlier may be NULL.
 *
 * Return: the client's dispatch table if the callback is enabled, now counted as in
 * progress: call the callback through it, then call wsk_event_end(). NULL: do not call it.
 */
const void *wsk_event_begin(struct wsk_sock *ws, enum wsk_ev ev)
{
	const void *dispatch = NULL;

	spin_lock_bh(&ws->lock);
	/* A child of the accept event has no callbacks until the accept callback returned. */
	if ((ws->ev_enabled & wsk_ev_flag[ev]) && !test_bit(WSK_S_ADOPTING, &ws->state) &&
	    ws->client_dispatch) {
		ws->ev_inflight[ev]++;
		dispatch = ws->client_dispatch;
	}
	spin_unlock_bh(&ws->lock);
	return dispatch;
}

/**
 * wsk_event_end() - a call of a client callback returned
 * @ws: the socket
 * @ev: the event
 *
 * The last call to return completes the disables that were waiting for it.
 */
void wsk_event_end(struct wsk_sock *ws, enum wsk_ev ev)
{
	struct wsk_request *req, *tmp;
	LIST_HEAD(done);
	bool idle;

	spin_lock_bh(&ws->lock);
	idle = !--ws->ev_inflight[ev];
	if (idle && (ws->ev_disabling & wsk_ev_flag[ev])) {
		ws->ev_disabling &= ~wsk_ev_flag[ev];
		list_for_each_entry_safe(req, tmp, &ws->q_ctl, entry)
			if (req->op == WSK_OP_DISABLE && req->flags == ev)
				list_move_tail(&req->entry, &done);
	}
	spin_unlock_bh(&ws->lock);

	wsk_complete_list(&done, WSK_ST(WSK_STATUS_SUCCESS));
	/*
	 * Waiters (close, wait_idle) are rare and this runs for every callback: look before
	 * taking the queue's lock. wq_has_sleeper()'s barrier pairs with the one the waiter's
	 * prepare_to_wait() makes before it tests the counts again.
	 */
	if (idle && wq_has_sleeper(&ws->idle_wait))
		wake_up_all(&ws->idle_wait);
}

/*
 * Disable an event from inside its own callback, without a request: used when a dynamically
 * enabled receive-from callback declines data (rule 11). Static callbacks stay enabled.
 */
void wsk_event_drop(struct wsk_sock *ws, enum wsk_ev ev)
{
	spin_lock_bh(&ws->lock);
	ws->ev_enabled &= ~wsk_ev_flag[ev] | ws->ev_static;
	spin_unlock_bh(&ws->lock);
}

/* Close: nothing may be called any more, static callbacks included. */
void wsk_events_shutdown(struct wsk_sock *ws)
{
	spin_lock_bh(&ws->lock);
	ws->ev_enabled = 0;
	ws->ev_static = 0;
	spin_unlock_bh(&ws->lock);
}

static bool wsk_events_idle(struct wsk_sock *ws)
{
	bool idle = true;
	int i;

	spin_lock_bh(&ws->lock);
	for (i = 0; i < WSK_EV_COUNT; i++)
		idle &= !ws->ev_inflight[i];
	spin_unlock_bh(&ws->lock);
	return idle;
}

/*
 * Wait until no callback of the socket is in progress. Process context. TASK_IDLE: a callback
 * the client keeps in progress (a sleeping process-context callback, a /dev/wsk hold, which
 * only userspace or the file's close lets go) legitimately keeps a close waiting for long;
 * that is no hung task.
 */
void wsk_events_wait_idle(struct wsk_sock *ws)
{
	might_sleep();
	wait_event_idle(ws->idle_wait, wsk_events_idle(ws));
}
