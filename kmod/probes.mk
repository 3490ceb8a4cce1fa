# SPDX-License-Identifier: GPL-2.0
#
# Included by kmod/Kbuild and tests/kunit/Kbuild, which both compile kmod/compat.h.
# Kernel feature probes: compat.h turns these into shims. Distribution kernels backport API
# changes under an unchanged version number, so probe the headers rather than the version.
ccflags-y += $(if $(shell grep -s -F 'sk_use_task_frag' $(srctree)/include/net/sock.h),-DWSK_HAVE_SK_USE_TASK_FRAG)
ccflags-y += $(if $(shell grep -s -F 'void sk_net_refcnt_upgrade' $(srctree)/include/net/sock.h),-DWSK_HAVE_SK_NET_REFCNT_UPGRADE)
ccflags-y += $(if $(shell grep -s -F 'void bvec_set_page' $(srctree)/include/linux/bvec.h),-DWSK_HAVE_BVEC_SET_PAGE)
ccflags-y += $(if $(shell grep -s -F 'define struct_size_t' $(srctree)/include/linux/overflow.h),-DWSK_HAVE_STRUCT_SIZE_T)

ccflags-y += $(if $(shell grep -s -F 'INET_FLAGS_PKTINFO' $(srctree)/include/net/inet_sock.h),-DWSK_HAVE_INET_FLAGS)
ccflags-y += $(if $(shell grep -s -F 'INET_FLAGS_DONTFRAG' $(srctree)/include/net/inet_sock.h),-DWSK_HAVE_INET6_FLAGS_DONTFRAG)
ccflags-y += $(if $(shell grep -s -F 'hop_limit:9' $(srctree)/include/linux/ipv6.h),-DWSK_HAVE_IPV6_HOP_LIMIT_BITFIELD)
