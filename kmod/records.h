/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event records of one /dev/wsk file: a bounded ring; see records.c.
 */
#ifndef _WSK_RECORDS_H
#define _WSK_RECORDS_H

#include <uapi/linux/wsk.h>

#include <linux/poll.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

/* The queue of one file holds at most this many records (see struct wsk_event). */
#define WSK_RECORDS_MAX		4096

/**
 * struct wsk_records - a ring of event records that drops its oldest entry when full
 * @lock: protects everything below; taken with interrupts off, from any context
 * @ring: @size preallocated records
 * @size: capacity, a power of two
 * @head: index of the oldest record (monotonic, masked on use)
 * @count: records queued
 * @seq: sequence number of the last record made
 * @unreported: records dropped since the last one read (goes into the next one's @dropped)
 * @drops: records dropped in all
 * @wait: readers and pollers
 */
struct wsk_records {
	spinlock_t lock;	/* see above */
	struct wsk_event *ring;
	u32 size;
	u32 head;
	u32 count;
	u64 seq;
	u32 unreported;
	u64 drops;
	wait_queue_head_t wait;
};

int wsk_records_init(struct wsk_records *r, u32 size);
void wsk_records_free(struct wsk_records *r);
void wsk_records_push(struct wsk_records *r, const struct wsk_event *ev);
bool wsk_records_pop(struct wsk_records *r, struct wsk_event *ev);
bool wsk_records_empty(struct wsk_records *r);
ssize_t wsk_records_read(struct wsk_records *r, char __user *buf, size_t count,
			 bool nonblock);
__poll_t wsk_records_poll(struct wsk_records *r, struct file *file, poll_table *pt);

#endif /* _WSK_RECORDS_H */
