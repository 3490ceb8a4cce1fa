/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The built-in client behind each open /dev/wsk file; see uclient.c.
 */
#ifndef _WSK_UCLIENT_H
#define _WSK_UCLIENT_H

#include "records.h"

#include <uapi/linux/wsk.h>

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/xarray.h>

struct net;
struct wsk_client;

/**
 * struct wsk_ufile - one open /dev/wsk: one wsk client and what it owns
 * @net: the opener's network namespace (referenced)
 * @client: the wsk client of the file
 * @socks: handle -> struct wsk_usock; its lock (BH) also protects @dying
 * @dying: the file is being released: no new handles
 * @socks_wait: release waits here for the last handle to go
 * @next_id: request ids
 * @records: the event records read() returns
 * @svc_lock: serialises service start and stop
 * @services: id -> service
 */
struct wsk_ufile {
	struct net *net;
	struct wsk_client *client;
	struct xarray socks;
	bool dying;
	wait_queue_head_t socks_wait;
	atomic64_t next_id;
	struct wsk_records records;
	struct mutex svc_lock;	/* see above */
	struct xarray services;
	/* Against the per-open limits (module parameters max_sockets, ...; uclient.c). */
	atomic_t nr_socks;
	atomic_t nr_requests;
	atomic_long_t request_bytes;
	atomic_t nr_holds;
	unsigned int nr_services;	/* under @svc_lock */
};

extern struct workqueue_struct *wsk_dev_wq;	/* chardev.c */

struct wsk_ufile *wsk_uc_open(struct net *net);
void wsk_uc_release(struct wsk_ufile *uf);

int wsk_uc_socket(struct wsk_ufile *uf, struct wsk_ioc_socket *a);
int wsk_uc_request(struct wsk_ufile *uf, struct wsk_ioc_request *a);
int wsk_uc_control(struct wsk_ufile *uf, struct wsk_ioc_control *a);
int wsk_uc_static(struct wsk_ufile *uf, struct wsk_ioc_static *a);
int wsk_uc_backlog(struct wsk_ufile *uf, struct wsk_ioc_backlog *a);
int wsk_uc_sockinfo(struct wsk_ufile *uf, struct wsk_ioc_sockinfo *a);
int wsk_uc_policy(struct wsk_ufile *uf, struct wsk_ioc_policy *a);
int wsk_uc_release_retained(struct wsk_ufile *uf, struct wsk_ioc_release *a);
int wsk_uc_unhold(struct wsk_ufile *uf, struct wsk_ioc_unhold *a);

/* service.c */
void wsk_svc_init(struct wsk_ufile *uf);
int wsk_svc_ioctl(struct wsk_ufile *uf, struct wsk_ioc_service *a);
void wsk_svc_stop_all(struct wsk_ufile *uf);

#endif /* _WSK_UCLIENT_H */
