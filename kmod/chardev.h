/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/wsk, for main.c: the device and the queue all its files share; see chardev.c.
 */
#ifndef _WSK_CHARDEV_H
#define _WSK_CHARDEV_H

int wsk_chardev_init(void);
void wsk_chardev_exit(void);

#endif /* _WSK_CHARDEV_H */
