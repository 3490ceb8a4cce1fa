#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# kcsan-ignore.sh: run by both test inits (tests/vm/init, tests/platform/kunit-init.sh) before
# wsk.ko loads. On a KCSAN kernel it puts the functions below on KCSAN's report filter list
# (debugfs "kcsan", "!FUNCTION": a report whose racing access is in FUNCTION, on either side,
# is not printed). On any other kernel it does nothing. Every function here is a data race
# inside the kernel itself, which wsk neither causes nor can fix; each one says why it is
# benign. Nothing of wsk's may ever be listed: a race with a wsk frame on top is a failure.
# A function this cannot add is printed as WSK-FAIL, which fails the run's kernel-log check.

f=/sys/kernel/debug/kcsan
[ -e "$f" ] || exit 0

# FUNCTION  why the race is benign
ignore='
tcp_orphan_count_sum	sums the per-CPU tcp_orphan_count with plain reads while other CPUs change it with this_cpu_inc/dec; the total is an estimate by design (net/ipv4/tcp.c, read from a 100 ms timer)
smp_call_function_many_cond	the IPI code of the kernel reads the call-function state (csd flags) of other CPUs while those finish an earlier call; seen from a TLB shootdown of a munmap by the fuzzer, with no wsk frame on either side ("race at unknown origin"), and the waiter rereads the flag with acquire ordering (kernel/smp.c, csd_lock_wait)
'

echo "$ignore" | while IFS='	' read -r fn why; do
	[ -n "$fn" ] || continue
	if echo "!$fn" >"$f" 2>/dev/null; then
		echo "wsk: kcsan ignores $fn: $why" >/dev/kmsg
	else
		echo "WSK-FAIL kcsan-ignore: could not add $fn to $f" >/dev/kmsg
	fi
done
