// SPDX-License-Identifier: GPL-2.0
/*
 * wsk: Windows-WSK-style event-callback sockets for Linux kernel modules.
 *
 * Module init and exit only.
 */

#include "compat.h"
#include "chardev.h"
#include "core.h"

#include <linux/module.h>
#include <linux/slab.h>

/*
 * Deliberate faults, compiled in only when the test platform checks itself
 * (WSK_INJECT=warn|leak|pin|kunit, see tests/platform/selfcheck.sh): each must turn
 * `make check` red with a message naming the cause.
 */
static void wsk_inject_faults(void)
{
#ifdef WSK_INJECT_WARN
	WARN_ON(1);
#endif
#ifdef WSK_INJECT_LEAK
	/* Lost on purpose: kmemleak must report it. */
	pr_info("injected leak at %p\n", kmalloc(128, GFP_KERNEL));
#endif
#ifdef WSK_INJECT_PIN
	/* A reference that is never dropped: rmmod must fail. */
	__module_get(THIS_MODULE);
#endif
}

static int __init wsk_mod_init(void)
{
	int err;

	err = wsk_sock_init();
	if (err)
		return err;
	err = wsk_chardev_init();
	if (err)
		goto err_chardev;
	wsk_inject_faults();
	pr_info("loaded\n");
	return 0;

err_chardev:
	wsk_sock_exit();
	return err;
}

static void __exit wsk_mod_exit(void)
{
	wsk_chardev_exit();
	wsk_sock_exit();
	/* kfree_rcu() of the last sockets must not outlive the module's memory accounting. */
	rcu_barrier();
	pr_info("unloaded\n");
}

module_init(wsk_mod_init);
module_exit(wsk_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Windows-WSK-style event-callback sockets over Linux kernel sockets");
MODULE_AUTHOR("The wsk developers");
