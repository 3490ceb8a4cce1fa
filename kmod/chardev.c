// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/wsk: the userspace front end. One open file is one client in the opener's network
 * namespace; opening needs CAP_NET_ADMIN over that namespace. This file decodes and checks the
 * ioctls and calls the front end's entry points (uclient.h: ufile.c, urequest.c, upolicy.c;
 * service.c); records.c answers read and poll. It owns the queue all files share.
 *
 * Errors. An ioctl that reached WSK returns 0 and the WSK status in its struct, whatever that
 * status is (WSK_IOC_SOCKET alone also maps a failure status to its errno, as the UAPI header
 * says, and still fills in the struct). Errno values are for input that never reached WSK, and
 * nothing changes when one is returned (except -EINTR, below):
 *
 *   -EPERM	open without CAP_NET_ADMIN over the opener's network namespace
 *   -EFAULT	a bad user pointer (the argument, or a request's data buffer)
 *   -EINVAL	size below the struct's first version or above PAGE_SIZE; non-zero reserved
 *		field; unknown flag bit; unknown request op, service op, kind or protocol;
 *		WSK flags a request op does not take; data for an op without data; more than
 *		16 MiB; an address family other than AF_INET/AF_INET6 where an address is input;
 *		a socket family other than AF_INET/AF_INET6 or a type other than
 *		SOCK_STREAM/SOCK_DGRAM; a policy that the event or the socket cannot have; read()
 *		with a buffer smaller than one record
 *   -E2BIG	a struct larger than the module knows, with a non-zero unknown tail
 *   -EBADF	an unknown handle, one reserved by an accept request not yet complete, or one
 *		being closed (WSK_IOC_SOCKINFO and WSK_IOC_UNHOLD still answer while it closes)
 *   -ENOENT	an unknown retained id (WSK_IOC_RELEASE) or service id (WSK_IOC_SERVICE)
 *   -ENOMEM	out of memory before anything was done
 *   -EINTR	a signal ended the wait of a synchronous request: the request goes on, the
 *		struct is copied back with its @request_id and WSK_STATUS_PENDING, and its
 *		completion becomes a WSK_RECORD_COMPLETE record
 *   -EAGAIN	read() with O_NONBLOCK and no record
 *   -ENOTTY	an unknown ioctl command
 */

#include "compat.h"
#include "chardev.h"
#include "uclient.h"

#include <uapi/linux/wsk.h>

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/nsproxy.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

/* The queue of every file's sockets and services (struct wsk_client.wq). */
static struct workqueue_struct *wsk_dev_wq;

static int wsk_dev_open(struct inode *inode, struct file *file)
{
	struct net *net = current->nsproxy->net_ns;
	struct wsk_ufile *uf;

	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;

	uf = wsk_uc_open(net, wsk_dev_wq);
	if (IS_ERR(uf))
		return PTR_ERR(uf);
	file->private_data = uf;
	return 0;
}

/* Process context, once no ioctl runs: closes everything the file owns, in any state. */
static int wsk_dev_release(struct inode *inode, struct file *file)
{
	wsk_uc_release(file->private_data);
	return 0;
}

static ssize_t wsk_dev_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct wsk_ufile *uf = file->private_data;

	return wsk_records_read(&uf->records, buf, count, file->f_flags & O_NONBLOCK);
}

static __poll_t wsk_dev_poll(struct file *file, poll_table *pt)
{
	struct wsk_ufile *uf = file->private_data;

	return wsk_records_poll(&uf->records, file, pt);
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
	strscpy_pad(v.kernel_release, utsname()->release, sizeof(v.kernel_release));
	return wsk_copy_args_out(arg, &v, sizeof(v));
}

/* The argument of any command but WSK_IOC_VERSION. */
union wsk_ioc_args {
	struct wsk_ioc_socket socket;
	struct wsk_ioc_request request;
	struct wsk_ioc_control control;
	struct wsk_ioc_static stat;
	struct wsk_ioc_backlog backlog;
	struct wsk_ioc_sockinfo sockinfo;
	struct wsk_ioc_policy policy;
	struct wsk_ioc_release release;
	struct wsk_ioc_unhold unhold;
	struct wsk_ioc_service service;
	struct wsk_ioc_option option;
	struct wsk_ioc_inspect inspect;
};

static int wsk_check_socket(struct wsk_ioc_socket *a)
{
	if (a->reserved || (a->flags & ~(0xfU | WSK_FLAG_PROCESS_CONTEXT)))
		return -EINVAL;
	if (a->family != AF_INET && a->family != AF_INET6)
		return -EINVAL;
	if (a->type != SOCK_STREAM && a->type != SOCK_DGRAM)
		return -EINVAL;
	a->handle = 0;
	a->status = 0;
	return 0;
}

static int wsk_check_request(struct wsk_ioc_request *a)
{
	if (a->reserved || (a->flags & ~WSK_REQ_F_ASYNC))
		return -EINVAL;
	a->request_id = 0;
	a->status = 0;
	a->new_handle = 0;
	a->information = 0;
	return 0;
}

static int wsk_check_control(struct wsk_ioc_control *a)
{
	if (a->reserved || (a->flags & ~WSK_CTL_F_REQUEST))
		return -EINVAL;
	a->status = 0;
	a->request_id = 0;
	return 0;
}

static int wsk_check_static(struct wsk_ioc_static *a)
{
	if (a->flags)
		return -EINVAL;
	a->status = 0;
	return 0;
}

static int wsk_check_backlog(struct wsk_ioc_backlog *a)
{
	if (a->flags)
		return -EINVAL;
	a->status = 0;
	a->backlog = 0;
	return 0;
}

static int wsk_check_option(struct wsk_ioc_option *a)
{
	if (a->flags || a->reserved || a->request_type > WSK_IOCTL ||
	    a->in_len > WSK_OPTION_VALUE_MAX || a->out_len > WSK_OPTION_VALUE_MAX)
		return -EINVAL;
	/* Its argument holds a kernel pointer: WSK_IOC_CONTROL makes it. */
	if (a->request_type != WSK_IOCTL && a->level == WSK_SOL_SOCKET &&
	    a->code == SO_WSK_EVENT_CALLBACK)
		return -EINVAL;
	a->status = 0;
	a->request_id = 0;
	memset(a->value + a->in_len, 0, sizeof(a->value) - a->in_len);
	return 0;
}

static int wsk_check_sockinfo(struct wsk_ioc_sockinfo *a)
{
	u32 handle = a->handle, size = a->size;

	if (a->flags || a->reserved)
		return -EINVAL;
	/* Everything else is output. */
	memset(a, 0, sizeof(*a));
	a->size = size;
	a->handle = handle;
	return 0;
}

static int wsk_check_policy(struct wsk_ioc_policy *a)
{
	if (a->reserved || (a->flags & ~WSK_POLICY_F_HOLD))
		return -EINVAL;
	return 0;
}

static int wsk_check_release(struct wsk_ioc_release *a)
{
	if (a->flags & ~WSK_RELEASE_F_ALL)
		return -EINVAL;
	if ((a->flags & WSK_RELEASE_F_ALL) && a->retained_id)
		return -EINVAL;
	a->released = 0;
	a->status = 0;
	return 0;
}

static int wsk_check_unhold(struct wsk_ioc_unhold *a)
{
	if (a->flags || a->reserved)
		return -EINVAL;
	a->released = 0;
	return 0;
}

static int wsk_check_service(struct wsk_ioc_service *a)
{
	struct wsk_ioc_service in = *a;

	if (a->flags || a->reserved)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	a->size = in.size;
	a->op = in.op;
	a->kind = in.kind;
	a->protocol = in.protocol;
	a->id = in.id;
	a->addr = in.addr;
	return 0;
}

static int wsk_check_inspect(struct wsk_ioc_inspect *a)
{
	if (a->flags || (a->action != WSK_INSPECT_ACTION_ACCEPT &&
			 a->action != WSK_INSPECT_ACTION_REJECT))
		return -EINVAL;
	a->status = 0;
	return 0;
}

/* Reject bad input before anything is done, and clear the output fields. */
static int wsk_ioctl_check(unsigned int cmd, union wsk_ioc_args *a)
{
	switch (cmd) {
	case WSK_IOC_SOCKET:
		return wsk_check_socket(&a->socket);
	case WSK_IOC_REQUEST:
		return wsk_check_request(&a->request);
	case WSK_IOC_CONTROL:
		return wsk_check_control(&a->control);
	case WSK_IOC_STATIC:
		return wsk_check_static(&a->stat);
	case WSK_IOC_QUERY_BACKLOG:
		return wsk_check_backlog(&a->backlog);
	case WSK_IOC_SOCKINFO:
		return wsk_check_sockinfo(&a->sockinfo);
	case WSK_IOC_POLICY:
		return wsk_check_policy(&a->policy);
	case WSK_IOC_RELEASE:
		return wsk_check_release(&a->release);
	case WSK_IOC_UNHOLD:
		return wsk_check_unhold(&a->unhold);
	case WSK_IOC_SERVICE:
		return wsk_check_service(&a->service);
	case WSK_IOC_OPTION:
		return wsk_check_option(&a->option);
	case WSK_IOC_INSPECT:
		return wsk_check_inspect(&a->inspect);
	}
	return -ENOTTY;
}

static int wsk_ioctl_do(struct wsk_ufile *uf, unsigned int cmd, union wsk_ioc_args *a)
{
	switch (cmd) {
	case WSK_IOC_SOCKET:
		return wsk_uc_socket(uf, &a->socket);
	case WSK_IOC_REQUEST:
		return wsk_uc_request(uf, &a->request);
	case WSK_IOC_CONTROL:
		return wsk_uc_control(uf, &a->control);
	case WSK_IOC_STATIC:
		return wsk_uc_static(uf, &a->stat);
	case WSK_IOC_QUERY_BACKLOG:
		return wsk_uc_backlog(uf, &a->backlog);
	case WSK_IOC_SOCKINFO:
		return wsk_uc_sockinfo(uf, &a->sockinfo);
	case WSK_IOC_POLICY:
		return wsk_uc_policy(uf, &a->policy);
	case WSK_IOC_RELEASE:
		return wsk_uc_release_retained(uf, &a->release);
	case WSK_IOC_UNHOLD:
		return wsk_uc_unhold(uf, &a->unhold);
	case WSK_IOC_SERVICE:
		return wsk_svc_ioctl(uf, &a->service);
	case WSK_IOC_OPTION:
		return wsk_uc_option(uf, &a->option);
	case WSK_IOC_INSPECT:
		return wsk_uc_inspect(uf, &a->inspect);
	}
	return -ENOTTY;
}

/*
 * Whether the struct goes back despite an errno: -EINTR (the request's id), and a failed
 * WSK_IOC_SOCKET, whose status says why.
 */
static bool wsk_ioctl_copy_on_error(unsigned int cmd, union wsk_ioc_args *a, int err)
{
	return err == -EINTR || (cmd == WSK_IOC_SOCKET && a->socket.status);
}

/*
 * WSK_IOC_RESOLVE (ABI 1.4), on its own: its struct, with the names in it, is too large for
 * the stack frame that the other commands share.
 */
static long wsk_ioctl_resolve(struct wsk_ufile *uf, void __user *arg)
{
	struct wsk_ioc_resolve *a;
	int err;

	a = kzalloc(sizeof(*a), GFP_KERNEL_ACCOUNT);
	if (!a)
		return -ENOMEM;
	err = wsk_copy_args_in(a, sizeof(*a), sizeof(*a), arg);
	if (!err)
		err = wsk_uc_resolve(uf, a);
	if (!err)
		err = wsk_copy_args_out(arg, a, sizeof(*a));
	kfree(a);
	return err;
}

static long wsk_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wsk_ufile *uf = file->private_data;
	void __user *uarg = (void __user *)arg;
	union wsk_ioc_args a;
	size_t size;
	int err;

	switch (cmd) {
	case WSK_IOC_VERSION:
		return wsk_ioctl_version(uarg);
	case WSK_IOC_RESOLVE:
		return wsk_ioctl_resolve(uf, uarg);
	case WSK_IOC_SOCKET:
	case WSK_IOC_REQUEST:
	case WSK_IOC_CONTROL:
	case WSK_IOC_STATIC:
	case WSK_IOC_QUERY_BACKLOG:
	case WSK_IOC_SOCKINFO:
	case WSK_IOC_POLICY:
	case WSK_IOC_RELEASE:
	case WSK_IOC_UNHOLD:
	case WSK_IOC_SERVICE:
	case WSK_IOC_OPTION:
	case WSK_IOC_INSPECT:
		break;
	default:
		return -ENOTTY;
	}

	/* Each struct's first version is the one of ABI 1.0: the size the command encodes. */
	size = _IOC_SIZE(cmd);
	err = wsk_copy_args_in(&a, size, size, uarg);
	if (err)
		return err;
	err = wsk_ioctl_check(cmd, &a);
	if (err)
		return err;
	err = wsk_ioctl_do(uf, cmd, &a);
	if (err && !wsk_ioctl_copy_on_error(cmd, &a, err))
		return err;
	return wsk_copy_args_out(uarg, &a, size) ?: err;
}

static const struct file_operations wsk_fops = {
	.owner		= THIS_MODULE,
	.open		= wsk_dev_open,
	.release	= wsk_dev_release,
	.read		= wsk_dev_read,
	.poll		= wsk_dev_poll,
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

/* The work items of every /dev/wsk file and service (wsk_client_register()). */
int wsk_chardev_init(void)
{
	int err;

	wsk_dev_wq = alloc_workqueue("wsk-dev", WQ_UNBOUND, 0);
	if (!wsk_dev_wq)
		return -ENOMEM;
	err = misc_register(&wsk_misc);
	if (err)
		goto err_wq;
	return 0;

err_wq:
	destroy_workqueue(wsk_dev_wq);
	return err;
}

/* No file is open (each holds the module): the queue has only late kicks left to run. */
void wsk_chardev_exit(void)
{
	misc_deregister(&wsk_misc);
	destroy_workqueue(wsk_dev_wq);
}
