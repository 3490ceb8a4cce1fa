/* SPDX-License-Identifier: GPL-2.0 */
/* The system-wide view, /proc/net/wsk (view.c). */
#ifndef _WSK_VIEW_H
#define _WSK_VIEW_H

struct wsk_client;

void wsk_view_add(struct wsk_client *client);
void wsk_view_del(struct wsk_client *client);
int wsk_view_init(void);
void wsk_view_exit(void);

#endif /* _WSK_VIEW_H */
