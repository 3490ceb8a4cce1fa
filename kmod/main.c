// SPDX-License-Identifier: GPL-2.0
/*
 * wsk: Windows-WSK-style event-callback sockets for Linux kernel modules.
 *
 * Module init and exit only.
 */

#include "compat.h"
#include "chardev.h"
#include "core.h"
#include "view.h"

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

/*
 * Deliberate faults, compiled in only when the test platform checks itself
 * (WSK_INJECT=warn|leak|pin|race|rtnest|kunit, see tests/platform/selfcheck.sh): each must
 * turn `make check` red with a message naming the cause.
 */
#ifdef WSK_INJECT_RACE
/* Plain, unlocked increments of one variable from two CPUs at once: KCSAN must report it. */
static unsigned long wsk_inject_racy;

static void wsk_inject_race_fn(struct work_struct *work)
{
	unsigned long end = jiffies + HZ / 2;

	/* The barrier keeps the compiler from moving the variable into a register. */
	while (time_before(jiffies, end)) {
		wsk_inject_racy++;
		barrier();
	}
}

static void wsk_inject_race(void)
{
	struct work_struct w[2];
	int i;

	for (i = 0; i < 2; i++) {
		INIT_WORK_ONSTACK(&w[i], wsk_inject_race_fn);
		queue_work_on(i % num_online_cpus(), system_unbound_wq, &w[i]);
	}
	for (i = 0; i < 2; i++) {
		flush_work(&w[i]);
		destroy_work_on_stack(&w[i]);
	}
	pr_info("injected race: %lu increments\n", wsk_inject_racy);
}
#endif

#ifdef WSK_INJECT_RTNEST
/*
 * A spinlock_t taken under a raw spinlock: a sleeping lock in atomic context on PREEMPT_RT.
 * Lockdep reports it on RT and, with PROVE_RAW_LOCK_NESTING, on non-RT kernels too.
 */
static DEFINE_RAW_SPINLOCK(wsk_inject_raw);
static DEFINE_SPINLOCK(wsk_inject_lock);

static void wsk_inject_rtnest(void)
{
	raw_spin_lock(&wsk_inject_raw);
	spin_lock(&wsk_inject_lock);
	spin_unlock(&wsk_inject_lock);
	raw_spin_unlock(&wsk_inject_raw);
}
#endif

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
#ifdef WSK_INJECT_RACE
	wsk_inject_race();
#endif
#ifdef WSK_INJECT_RTNEST
	wsk_inject_rtnest();
#endif
}

static int __init wsk_mod_init(void)
{
	int err;

	err = wsk_view_init();
	if (err)
		return err;
	err = wsk_chardev_init();
	if (err) {
		wsk_view_exit();
		return err;
	}
	wsk_inject_faults();
	pr_info("version %s loaded\n", WSK_VERSION);
	return 0;
}

/*
 * Nothing else to wait for. Every client holds the module (its module's symbols, or the open
 * file), and wsk_deregister() returns only once its sockets are closed, a grace period has
 * passed (no socket callback of ours still runs) and its queue is destroyed (no work item
 * runs). What is left are kfree_rcu() frees of wsk_sock objects, which call no module code.
 */
static void __exit wsk_mod_exit(void)
{
	wsk_chardev_exit();
	wsk_view_exit();
	pr_info("unloaded\n");
}

module_init(wsk_mod_init);
module_exit(wsk_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Windows-WSK-style event-callback sockets over Linux kernel sockets");
MODULE_AUTHOR("The wsk developers");
MODULE_VERSION(WSK_VERSION);
