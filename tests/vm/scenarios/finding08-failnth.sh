#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# finding08-failnth (review findings 8 and 12): every allocation of every /dev/wsk operation
# fails once, one at a time (tests/vm/peer/wskfailnth.c: fail-nth, with failslab applying to
# sleeping allocations too), among them the handle reservation of an accept request that once
# freed its request twice. Each failure must give ENOMEM or a no-memory status, and leave the
# file working; KASAN, lockdep and kmemleak (after the unload) judge the error paths. Kernels
# without fault injection (Debian's) run each operation once, without it.
#
# Then finding 8's own path, which one injection cannot reach: both allocations of the handle
# reservation fail (wskfailnth xa2), with failslab armed for wskfailnth's thread and the
# xarray node cache only (the VM runner boots the kernels that have failslab with
# slub_debug=A,radix_tree_node). On 4b1bb4b's code this freed the request twice.

set -eu
fs=/sys/kernel/debug/failslab
saved=""
restore() {
	for kv in $saved; do
		echo "${kv#*=}" >"${kv%%=*}" 2>/dev/null || true
	done
}
trap restore EXIT
if [ -d $fs ]; then
	for n in ignore-gfp-wait verbose probability interval times space task-filter \
		cache-filter; do
		saved="$saved $fs/$n=$(cat $fs/$n)"
	done
	# Sleeping allocations fail too; no stack trace per injected failure.
	echo N >$fs/ignore-gfp-wait
	echo 0 >$fs/verbose
fi
wskfailnth 400 >/tmp/failnth.out 2>&1 || { cat /tmp/failnth.out; exit 1; }
cat /tmp/failnth.out
if [ -d $fs ] && grep -q 'no fail-nth' /tmp/failnth.out; then
	echo "the kernel has failslab but no fail-nth"
	exit 1
fi
if [ -d $fs ]; then
	[ "$(cat /sys/kernel/slab/radix_tree_node/failslab)" = 1 ] || {
		echo "radix_tree_node is not marked for failslab (slub_debug=A,radix_tree_node)"
		exit 1
	}
	echo Y >$fs/task-filter
	echo Y >$fs/cache-filter
	echo 0 >$fs/space
	echo 1 >$fs/interval
	echo 100 >$fs/probability
	echo 2 >$fs/times
	wskfailnth xa2
	echo 0 >$fs/probability
fi
