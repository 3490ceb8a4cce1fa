// SPDX-License-Identifier: GPL-2.0
/*
 * Event records of a /dev/wsk file: what the built-in client's callbacks and request
 * completions report to userspace.
 *
 * Records are made from socket callbacks in softirq context and from completion functions in
 * any context, so making one must never sleep, never wait for the reader and never allocate:
 * the ring is allocated once per file, and a full ring overwrites its oldest record. The
 * number of records lost that way goes into the next record read (@dropped), and the gap in
 * the sequence numbers shows where they were. A spinlock with interrupts off protects the
 * ring; the copy to userspace happens outside it, one record at a time.
 */

#include "compat.h"
#include "records.h"

#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

/**
 * wsk_records_init() - allocate the ring
 * @r: the ring
 * @size: capacity; rounded up to a power of two
 *
 * Process context.
 *
 * Return: 0 or -ENOMEM.
 */
int wsk_records_init(struct wsk_records *r, u32 size)
{
	might_sleep();
	memset(r, 0, sizeof(*r));
	r->size = roundup_pow_of_two(max_t(u32, size, 2));
	r->ring = kvcalloc(r->size, sizeof(*r->ring), GFP_KERNEL_ACCOUNT);
	if (!r->ring)
		return -ENOMEM;
	spin_lock_init(&r->lock);
	init_waitqueue_head(&r->wait);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_records_init);

/**
 * wsk_records_free() - free the ring
 * @r: the ring; nobody may push or read any more
 */
void wsk_records_free(struct wsk_records *r)
{
	kvfree(r->ring);
	r->ring = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_records_free);

/**
 * wsk_records_push() - queue a record, dropping the oldest if the ring is full
 * @r: the ring
 * @ev: the record; @seq, @time_ns and @dropped are filled in here
 *
 * Any context; never sleeps, never allocates.
 */
void wsk_records_push(struct wsk_records *r, const struct wsk_event *ev)
{
	struct wsk_event *slot;
	unsigned long irqflags;
	u64 now = ktime_get_ns();

	spin_lock_irqsave(&r->lock, irqflags);
	if (r->count == r->size) {
		r->head++;
		r->count--;
		r->unreported++;
		r->drops++;
	}
	slot = &r->ring[(r->head + r->count) & (r->size - 1)];
	*slot = *ev;
	slot->seq = ++r->seq;
	slot->time_ns = now;
	slot->dropped = 0;
	r->count++;
	spin_unlock_irqrestore(&r->lock, irqflags);
	wake_up_interruptible_poll(&r->wait, EPOLLIN | EPOLLRDNORM);
}
EXPORT_SYMBOL_IF_KUNIT(wsk_records_push);

/**
 * wsk_records_pop() - take the oldest record
 * @r: the ring
 * @ev: where to put it
 *
 * Return: false if the ring is empty.
 */
bool wsk_records_pop(struct wsk_records *r, struct wsk_event *ev)
{
	unsigned long irqflags;
	bool found = false;

	spin_lock_irqsave(&r->lock, irqflags);
	if (r->count) {
		*ev = r->ring[r->head & (r->size - 1)];
		ev->dropped = r->unreported;
		r->unreported = 0;
		r->head++;
		r->count--;
		found = true;
	}
	spin_unlock_irqrestore(&r->lock, irqflags);
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(wsk_records_pop);

/**
 * wsk_records_empty() - whether no record is queued
 * @r: the ring
 *
 * Return: true if empty.
 */
bool wsk_records_empty(struct wsk_records *r)
{
	return !READ_ONCE(r->count);
}

/**
 * wsk_records_read() - read() of /dev/wsk: whole records only
 * @r: the ring
 * @buf: user buffer
 * @count: its size; at least one record
 * @nonblock: O_NONBLOCK: -EAGAIN instead of waiting for a record
 *
 * Return: bytes read, -EINVAL for a buffer smaller than a record, -EAGAIN, -ERESTARTSYS or
 * -EFAULT (only if nothing was read; a record that cannot be copied is lost).
 */
ssize_t wsk_records_read(struct wsk_records *r, char __user *buf, size_t count, bool nonblock)
{
	struct wsk_event ev;
	size_t done = 0;
	int err;

	if (count < sizeof(ev))
		return -EINVAL;
	while (done + sizeof(ev) <= count) {
		if (!wsk_records_pop(r, &ev)) {
			if (done)
				break;
			if (nonblock)
				return -EAGAIN;
			err = wait_event_interruptible(r->wait, !wsk_records_empty(r));
			if (err)
				return err;
			continue;
		}
		if (copy_to_user(buf + done, &ev, sizeof(ev)))
			return done ? done : -EFAULT;
		done += sizeof(ev);
	}
	return done;
}

/**
 * wsk_records_poll() - poll() of /dev/wsk
 * @r: the ring
 * @file: the file
 * @pt: poll table
 *
 * Return: EPOLLIN | EPOLLRDNORM while records are queued.
 */
__poll_t wsk_records_poll(struct wsk_records *r, struct file *file, poll_table *pt)
{
	poll_wait(file, &r->wait, pt);
	return wsk_records_empty(r) ? 0 : EPOLLIN | EPOLLRDNORM;
}
