// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/wsk: the userspace front end. One open file is one client in the opener's network
 * namespace; opening needs CAP_NET_ADMIN over that namespace.
 */

#include "compat.h"
#include "chardev.h"

#include <uapi/linux/wsk.h>

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

struct wsk_file {
	struct net *net;
};

static int wsk_open(struct inode *inode, struct file *file)
{
	struct net *net = current->nsproxy->net_ns;
	struct wsk_file *wf;

	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;

	wf = kzalloc(sizeof(*wf), GFP_KERNEL);
	if (!wf)
		return -ENOMEM;
	wf->net = get_net(net);
	file->private_data = wf;
	return 0;
}

static int wsk_release(struct inode *inode, struct file *file)
{
	struct wsk_file *wf = file->private_data;

	put_net(wf->net);
	kfree(wf);
	return 0;
}

/*
 * Copy an extensible argument struct in: the user's size comes first, older (shorter) structs
 * are zero-extended and newer (longer) ones are accepted only if the tail is zero.
 */
static int wsk_copy_args_in(void *dst, size_t ksize, size_t min_size, void __user *arg)
{
	u32 usize;
	int err;

	if (get_user(usize, (u32 __user *)arg))
		return -EFAULT;
	if (usize < min_size || usize > PAGE_SIZE)
		return -EINVAL;
	err = copy_struct_from_user(dst, ksize, arg, usize);
	if (err)
		return err;
	*(u32 *)dst = usize;
	return 0;
}

/* Copy a result back, never more than the user's struct holds. */
static int wsk_copy_args_out(void __user *arg, const void *src, size_t ksize)
{
	u32 usize = *(const u32 *)src;

	return copy_to_user(arg, src, min_t(size_t, usize, ksize)) ? -EFAULT : 0;
}

static long wsk_ioctl_version(void __user *arg)
{
	struct wsk_ioc_version v;
	int err;

	err = wsk_copy_args_in(&v, sizeof(v), WSK_IOC_VERSION_SIZE_VER0, arg);
	if (err)
		return err;
	if (v.flags)
		return -EINVAL;
	v.abi_major = WSK_ABI_MAJOR;
	v.abi_minor = WSK_ABI_MINOR;
	strscpy(v.kernel_release, utsname()->release, sizeof(v.kernel_release));
	return wsk_copy_args_out(arg, &v, sizeof(v));
}

static long wsk_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case WSK_IOC_VERSION:
		return wsk_ioctl_version(uarg);
	}
	return -ENOTTY;
}

static const struct file_operations wsk_fops = {
	.owner		= THIS_MODULE,
	.open		= wsk_open,
	.release	= wsk_release,
	.unlocked_ioctl	= wsk_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice wsk_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= WSK_DEVICE_NAME,
	.fops	= &wsk_fops,
	.mode	= 0600,
};

int wsk_chardev_init(void)
{
	return misc_register(&wsk_misc);
}

void wsk_chardev_exit(void)
{
	misc_deregister(&wsk_misc);
}
