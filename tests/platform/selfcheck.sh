#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# selfcheck.sh: `make selfcheck`. Proves that the runners catch what they claim to catch, on
# each kind of kernel: each deliberate fault (WSK_INJECT, compiled into the module by
# modbuild.sh, see kmod/main.c) must turn its run red with a reason that names the cause. A
# fault that goes unnoticed fails this check.
#
#   warn    WARN_ON(1) at module init             -> vm/{stock-6.12,rt-6.12}/kernel-log
#   pin     a module reference never put          -> vm/{stock-6.1,rt-6.1}/unload
#   leak    a lost kmalloc()                      -> vm/{x86dbg-6.1,x86dbg-6.12}/kmemleak
#   race    plain increments from two CPUs        -> vm/kcsan-6.12/kernel-log ("KCSAN")
#   rtnest  a spinlock_t under a raw spinlock     -> vm/{x86dbg-6.1,x86dbg-6.12}/kernel-log
#   kunit   a failing KUnit expectation           -> kunit/{x86dbg-6.1,x86dbg-6.12,kcsan-6.12}
#
# The VM runs boot with one scenario only (WSK_SCENARIOS): the faults fire at insmod, unload
# and kmemleak follow every run. Every case is its own boot: about 15 minutes in all.

set -eu
. "$(dirname "$0")/lib.sh"

P="$WSK_TOP/tests/platform"
top_out=$WSK_OUT
rm -f "$top_out/results"

# expect FAULT RUNNER TARGET ITEM PATTERN: the run must fail ITEM with a reason matching PATTERN.
expect() {
	local fault=$1 runner=$2 target=$3 item=$4 pattern=$5 out line
	out="$top_out/selfcheck-$fault-$target"
	rm -rf "$out"
	mkdir -p "$out"
	WSK_OUT=$out WSK_INJECT=$fault WSK_SCENARIOS=10-devnode "$P/$runner.sh" "$target" \
		>"$out/run.log" 2>&1 || true
	line=$(awk -F'\t' -v item="$item" '$1 == "fail" && index($2, item) { print; exit }' \
		"$out/results" 2>/dev/null || true)
	if [ -n "$line" ] && grep -Eq "$pattern" <<<"$line"; then
		WSK_OUT=$top_out result pass "selfcheck/$fault/$target" "caught: ${line#fail	}"
		printf '        %s\n' "${line#fail	}"
	else
		WSK_OUT=$top_out result fail "selfcheck/$fault/$target" \
			"fault '$fault' was not reported as $item ($out/run.log)"
	fi
}

for t in stock-6.12 rt-6.12; do
	expect warn vm-test $t "vm/$t/kernel-log" 'WARNING'
done
for t in stock-6.1 rt-6.1; do
	expect pin vm-test $t "vm/$t/unload" '.'
done
for t in x86dbg-6.1 x86dbg-6.12; do
	expect leak vm-test $t "vm/$t/kmemleak" 'unreferenced|allocated|bytes'
	expect rtnest vm-test $t "vm/$t/kernel-log" 'Invalid wait context|sleeping function'
done
expect race vm-test kcsan-6.12 "vm/kcsan-6.12/kernel-log" 'KCSAN'
for t in x86dbg-6.1 x86dbg-6.12 kcsan-6.12; do
	expect kunit kunit $t "kunit/$t/wsk_net.net_test_injected_failure" 'EXPECT|FAIL|Expected'
done
summary
