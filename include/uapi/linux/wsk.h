/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * wsk: Windows-WSK-style event-callback sockets for Linux kernel modules.
 *
 * The ioctl ABI of /dev/wsk, shared by the module and userspace tools.
 *
 * Rules that keep this ABI extensible:
 *  - every argument struct starts with __u32 size, set by userspace to sizeof() of the struct
 *    it was compiled with; the kernel accepts smaller (older) structs, zero-filling the tail,
 *    and larger ones only if the unknown tail is zero (E2BIG otherwise);
 *  - reserved fields and flag bits must be zero (EINVAL otherwise);
 *  - only fixed-width types; pointers travel as __u64;
 *  - unknown commands fail with ENOTTY.
 */
#ifndef _UAPI_LINUX_WSK_H
#define _UAPI_LINUX_WSK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define WSK_DEVICE_NAME		"wsk"

/* ABI version: major changes break userspace, minor changes only add. */
#define WSK_ABI_MAJOR		1
#define WSK_ABI_MINOR		0

#define WSK_IOC_MAGIC		0xE8

/**
 * struct wsk_ioc_version - WSK_IOC_VERSION: what the loaded module speaks
 * @size:	in: sizeof(struct wsk_ioc_version) as userspace knows it
 * @flags:	in: must be zero
 * @abi_major:	out: WSK_ABI_MAJOR of the module
 * @abi_minor:	out: WSK_ABI_MINOR of the module
 * @kernel_release: out: the running kernel's release string, NUL-terminated
 */
struct wsk_ioc_version {
	__u32 size;
	__u32 flags;
	__u32 abi_major;
	__u32 abi_minor;
	char kernel_release[64];
};

#define WSK_IOC_VERSION_SIZE_VER0	80

#define WSK_IOC_VERSION		_IOWR(WSK_IOC_MAGIC, 0x00, struct wsk_ioc_version)

#endif /* _UAPI_LINUX_WSK_H */
