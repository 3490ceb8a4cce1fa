// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl: /dev/wsk and its ioctls.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wskctl.h"

/*
 * Drop CAP_NET_ADMIN from every set of this process (and from the bounding set, so that
 * nothing can bring it back), keeping the others: /dev/wsk is root's and mode 0600, so a root
 * process without the capability passes the permission check and reaches the module's own
 * check, which must say EPERM.
 */
static int drop_net_admin(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	int i = CAP_NET_ADMIN / 32;
	uint32_t bit = 1u << (CAP_NET_ADMIN % 32);

	if (prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0) < 0 && errno != EINVAL)
		return -1;
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -1;
	data[i].effective &= ~bit;
	data[i].permitted &= ~bit;
	data[i].inheritable &= ~bit;
	return syscall(SYS_capset, &hdr, data) < 0 ? -1 : 0;
}

int dev_open(bool drop_cap, int *err)
{
	int fd;

	if (drop_cap && drop_net_admin() < 0) {
		*err = errno;
		return -2;
	}
	fd = open(WSK_DEV, O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		*err = errno;
	return fd;
}

/*
 * Make one ioctl. status_field points into arg at the struct's status (or is NULL): it is
 * preset to WSKCTL_NO_STATUS, so that a failed ioctl that still reported a WSK status is told
 * from one that failed on its input.
 */
int dev_call(int fd, unsigned long cmd, void *arg, uint32_t *status_field, struct wsk_result *r)
{
	int ret;

	memset(r, 0, sizeof(*r));
	if (status_field)
		*status_field = WSKCTL_NO_STATUS;
	ret = ioctl(fd, cmd, arg);
	r->err = ret < 0 ? errno : 0;
	r->status = status_field ? *status_field : WSKCTL_NO_STATUS;
	if (ret < 0 && r->status == WSKCTL_NO_STATUS)
		return -1;
	if (ret >= 0 && r->status == WSKCTL_NO_STATUS)
		r->status = WSK_STATUS_SUCCESS;	/* no status field, or not written: success */
	return ret;
}
