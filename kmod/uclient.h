/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The /dev/wsk front end: the built-in client behind each open file, in pieces that each own
 * one object (see the top of each file):
 *   ufile.c	the file (struct wsk_ufile): open, release, WSK_IOC_SOCKET/STATIC/SOCKINFO
 *   uhandle.c	socket handles and their lifetimes (struct wsk_usock), max_sockets, records
 *   upolicy.c	the sockets' callbacks and their policy: holds, retained lists
 *   urequest.c	requests and controls (struct wsk_ureq), max_requests, max_request_bytes
 *   uaddr.c	struct wsk_addr to and from socket addresses
 *   service.c	the built-in services (WSK_IOC_SERVICE)
 *   uresolve.c	name resolution (WSK_IOC_RESOLVE)
 * chardev.c decodes the ioctls and calls the wsk_uc_*() entry points below.
 *
 * Layering (no file calls one above it): ufile.c -> urequest.c -> upolicy.c -> uhandle.c ->
 * uaddr.c, records.c; service.c -> uaddr.c.
 */
#ifndef _WSK_UCLIENT_H
#define _WSK_UCLIENT_H

#include "records.h"

#include <uapi/linux/wsk.h>

#include "core.h"

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/xarray.h>

struct net;
struct sock;
struct sockaddr;
struct sockaddr_storage;
struct wsk_client;
struct workqueue_struct;

/**
 * struct wsk_ufile - one open /dev/wsk: one wsk client and what it owns
 * @net: the opener's network namespace (referenced)
 * @client: the wsk client of the file
 * @wq: the queue its sockets' work items and its services run on (chardev.c's, shared)
 * @socks: handle -> struct wsk_usock; its lock (BH) also protects @dying
 * @dying: the file is being released: no new handles
 * @socks_wait: release waits here for the last handle to go
 * @next_id: request ids
 * @records: the event records read() returns
 * @svc_lock: serialises service start and stop
 * @services: id -> service
 * @nr_socks: handles, against max_sockets
 * @nr_requests: requests in flight, against max_requests
 * @request_bytes: their data buffers, against max_request_bytes
 * @nr_holds: callbacks held, against max_holds
 * @nr_services: services, against max_services; under @svc_lock
 */
struct wsk_ufile {
	struct net *net;
	struct wsk_client *client;
	struct workqueue_struct *wq;
	struct xarray socks;
	bool dying;
	wait_queue_head_t socks_wait;
	atomic64_t next_id;
	struct wsk_records records;
	struct mutex svc_lock;	/* see above */
	struct xarray services;
	atomic_t nr_socks;
	atomic_t nr_requests;
	atomic_long_t request_bytes;
	atomic_t nr_holds;
	unsigned int nr_services;
};

struct wsk_upolicy {
	u32 action;
	bool hold;
	u64 bytes;
};

/* One socket handle; see uhandle.c. */
struct wsk_usock {
	struct wsk_ufile *uf;
	struct wsk_socket *sock;	/* NULL while reserved for an accept request */
	u32 handle;
	u32 parent;
	u32 category;
	u32 flags;
	struct kref ref;
	struct rw_semaphore gate;	/* see the top of uhandle.c */
	bool closing;			/* written under @gate (write side) */
	bool closed;			/* the close completed */
	unsigned long close_sent;	/* bit 0: wsk_us_close_socket() was called */

	spinlock_t lock;		/* (BH) everything below */
	struct wsk_upolicy pol[WSK_EV_COUNT];
	u32 inspect_action;		/* WSK_POLICY_ACCEPT, _REJECT or _PEND */
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

/* uhandle.c */
bool wsk_uf_charge(atomic_t *count, unsigned int max);
struct wsk_usock *wsk_us_alloc(struct wsk_ufile *uf, u32 category, u32 flags, gfp_t gfp);
int wsk_us_insert(struct wsk_ufile *uf, struct wsk_usock *us, gfp_t gfp);
struct wsk_usock *wsk_us_get(struct wsk_ufile *uf, u32 handle);
void wsk_us_put(struct wsk_usock *us);
void wsk_us_forget(struct wsk_usock *us);
void wsk_us_settle(struct wsk_usock *us);
struct wsk_usock *wsk_us_begin(struct wsk_ufile *uf, u32 handle);
void wsk_us_end(struct wsk_usock *us);
int wsk_us_close_begin(struct wsk_usock *us);
void wsk_us_closed(struct wsk_usock *us);
void wsk_us_internal_closed(struct wsk_request *req);
void wsk_us_close_socket(struct wsk_usock *us);
struct wsk_usock *wsk_us_next(struct wsk_ufile *uf, unsigned long *idx);
void wsk_us_record_init(struct wsk_event *ev, struct wsk_usock *us, u32 kind, u32 flags);
void wsk_us_push(struct wsk_usock *us, const struct wsk_event *ev);

/* uaddr.c */
int wsk_uaddr_in(const struct wsk_addr *a, struct sockaddr_storage *ss);
void wsk_uaddr_out(const struct sockaddr *sa, struct wsk_addr *a);
void wsk_uaddr_of_sk(struct sock *sk, bool remote, struct wsk_addr *a);

/* upolicy.c */
const void *wsk_upol_dispatch(u32 category);
u32 wsk_upol_unhold(struct wsk_usock *us, u32 event, bool forever);
u32 wsk_upol_release_lists(struct wsk_usock *us, bool all, u32 id, wsk_status_t *last);

/* The entry points of the ioctls (chardev.c decodes them) */
struct wsk_ufile *wsk_uc_open(struct net *net, struct workqueue_struct *wq);
void wsk_uc_release(struct wsk_ufile *uf);
int wsk_uc_socket(struct wsk_ufile *uf, struct wsk_ioc_socket *a);
int wsk_uc_static(struct wsk_ufile *uf, struct wsk_ioc_static *a);
int wsk_uc_sockinfo(struct wsk_ufile *uf, struct wsk_ioc_sockinfo *a);
int wsk_uc_request(struct wsk_ufile *uf, struct wsk_ioc_request *a);
int wsk_uc_control(struct wsk_ufile *uf, struct wsk_ioc_control *a);
int wsk_uc_backlog(struct wsk_ufile *uf, struct wsk_ioc_backlog *a);
int wsk_uc_option(struct wsk_ufile *uf, struct wsk_ioc_option *a);
int wsk_uc_policy(struct wsk_ufile *uf, struct wsk_ioc_policy *a);
int wsk_uc_release_retained(struct wsk_ufile *uf, struct wsk_ioc_release *a);
int wsk_uc_unhold(struct wsk_ufile *uf, struct wsk_ioc_unhold *a);
int wsk_uc_inspect(struct wsk_ufile *uf, struct wsk_ioc_inspect *a);

/* uresolve.c */
int wsk_uc_resolve(struct wsk_ufile *uf, struct wsk_ioc_resolve *a);

/* service.c */
void wsk_svc_init(struct wsk_ufile *uf);
int wsk_svc_ioctl(struct wsk_ufile *uf, struct wsk_ioc_service *a);
void wsk_svc_stop_all(struct wsk_ufile *uf);

#endif /* _WSK_UCLIENT_H */
