/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What conn.c (requests, work item, category table) takes from conn_events.c (TCP callbacks
 * and the connection events).
 */
#ifndef _WSK_CONN_H
#define _WSK_CONN_H

#include "core.h"

void wsk_conn_hook(struct wsk_sock *ws, struct sock *sk);
u32 wsk_conn_callable(const void *dispatch);
bool wsk_conn_note_state(struct wsk_sock *ws, struct sock *sk);
void wsk_conn_events(struct wsk_sock *ws);
wsk_status_t wsk_conn_query_backlog(struct wsk_sock *ws, size_t *backlog);

#endif /* _WSK_CONN_H */
