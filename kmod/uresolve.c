// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/wsk: WSK_IOC_RESOLVE, name resolution for the file's client (WskGetAddressInfo and
 * WskGetNameInfo through the public API of <wsk/wsk.h>). The call waits for its result.
 */

#include "compat.h"
#include "uclient.h"

#include <linux/kernel.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* Whether a string field holds its NUL. */
#define wsk_ur_terminated(field)	(!!memchr(field, '\0', sizeof(field)))

static int wsk_ur_address(struct wsk_ufile *uf, struct wsk_ioc_resolve *a)
{
	struct wsk_resolve_result __user *out = u64_to_user_ptr(a->results);
	struct wsk_addrinfo hints = {
		.ai_flags = a->ai_flags,
		.ai_family = a->family,
		.ai_socktype = a->socktype,
		.ai_protocol = a->protocol,
	};
	const char *node, *service;
	struct wsk_addrinfo *res, *ai;
	struct wsk_resolve_result r;
	struct wsk_sync sync;
	wsk_status_t st;
	int err = 0;
	u32 n = 0;

	if (!wsk_ur_terminated(a->node) || !wsk_ur_terminated(a->service))
		return -EINVAL;
	if (a->max_results > WSK_RESOLVE_RESULTS_MAX || (a->max_results && !a->results))
		return -EINVAL;
	a->status = 0;
	a->count = 0;
	memset(a->canonname, 0, sizeof(a->canonname));

	node = a->node[0] ? a->node : NULL;
	service = a->service[0] ? a->service : NULL;
	wsk_sync_init(&sync);
	st = wsk_get_address_info(uf->client, node, service, WSK_NS_ALL, &hints, &res, &sync.req);
	a->status = wsk_sync_wait(&sync, st);
	if (a->status)
		return 0;
	for (ai = res; ai; ai = ai->ai_next, n++) {
		if (n >= a->max_results)
			continue;
		memset(&r, 0, sizeof(r));
		r.socktype = ai->ai_socktype;
		r.protocol = ai->ai_protocol;
		wsk_uaddr_out(ai->ai_addr, &r.addr);
		if (copy_to_user(&out[n], &r, sizeof(r))) {
			err = -EFAULT;
			break;
		}
	}
	a->count = n;
	if (res->ai_canonname)
		strscpy_pad(a->canonname, res->ai_canonname, sizeof(a->canonname));
	wsk_free_address_info(uf->client, res);
	return err;
}

static int wsk_ur_name(struct wsk_ufile *uf, struct wsk_ioc_resolve *a)
{
	struct sockaddr_storage ss;
	struct wsk_sync sync;

	if (wsk_uaddr_in(&a->addr, &ss))
		return -EINVAL;
	a->status = 0;
	a->count = 0;
	memset(a->node, 0, sizeof(a->node));
	memset(a->service, 0, sizeof(a->service));
	memset(a->canonname, 0, sizeof(a->canonname));
	wsk_sync_init(&sync);
	a->status = wsk_sync_wait(&sync, wsk_get_name_info(uf->client, (struct sockaddr *)&ss,
							   sizeof(ss), a->node, sizeof(a->node),
							   a->service, sizeof(a->service),
							   a->ai_flags, &sync.req));
	return 0;
}

/**
 * wsk_uc_resolve() - WSK_IOC_RESOLVE
 * @uf: the file
 * @a: the arguments as copied in; the outputs are filled in
 *
 * Return: 0 with @a->status set whenever WSK was called; -EINVAL for bad input (see the UAPI
 * header); -EFAULT if the results could not be written.
 */
int wsk_uc_resolve(struct wsk_ufile *uf, struct wsk_ioc_resolve *a)
{
	if (a->flags)
		return -EINVAL;
	switch (a->op) {
	case WSK_RESOLVE_ADDRESS:
		return wsk_ur_address(uf, a);
	case WSK_RESOLVE_NAME:
		return wsk_ur_name(uf, a);
	}
	return -EINVAL;
}
