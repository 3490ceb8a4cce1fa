#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit.sh [TARGET...]: run the KUnit module (tests/kunit) on test kernels and record one result
# per test case, "kunit/TARGET/SUITE.CASE", plus these checks per kernel:
#
#   kunit/TARGET/complete    the run reached its end within the time limit
#   kunit/TARGET/load        every module loaded
#   kunit/TARGET/ktap        the module printed KTAP, and every plan got all its results
#   kunit/TARGET/unload      every module unloaded again
#   kunit/TARGET/kernel-log  the console has no line matching WSK_BAD_LOG (lib.sh)
#
# and one result per case the sources declare that the run did not report (ktap.py cases), so
# that a target that failed to build, boot or finish still counts all its checks, as failures.
#
# Targets: x86dbg-6.1 x86dbg-6.12 (the debug kernels: KASAN, lockdep, UBSAN, kmemleak;
# CONFIG_PREEMPT on 6.1, PREEMPT_RT on 6.12) and kcsan-6.12 (KCSAN), all under QEMU, where KUnit
# is a module. Debian's stock kernels have no KUnit. Default: $WSK_KERNELS, else
# $WSK_KUNIT_TARGETS (lib.sh). WSK_KUNIT_TIMEOUT overrides the time limit of one run.
# WSK_KUNIT_FILTER=GLOB (SUITE.CASE, with * and ?) runs only the matching cases, on 6.12 (6.1's
# KUnit does not filter the suites of modules): for working on a few cases, never a gate, since
# every case it leaves out is counted as not run.
#
# Per target, $WSK_OUT/TARGET/ receives kunit-console.log (the whole boot), kunit.ktap (the
# module's KTAP alone) and kunit.json (kunit.py's parse of it).

set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu.sh"
load_versions

P="$WSK_TOP/tests/platform"
if [ $# -gt 0 ]; then
	targets=("$@")
else
	read -ra targets <<<"${WSK_KERNELS:-$WSK_KUNIT_TARGETS}"
fi

# KUnit's own parser. It only reads KTAP, so the newest one parses the output of both series.
KUNIT_PY="$(src_dir 6.12)/tools/testing/kunit/kunit.py"
[ -f "$KUNIT_PY" ] || msg "no $KUNIT_PY: KTAP is parsed by tests/platform/ktap.py alone"

# record_from FILE NAME_PREFIX: turn "pass|fail<TAB>NAME<TAB>REASON" lines into results.
record_from() {
	local st name reason
	while IFS=$'\t' read -r st name reason; do
		result "$st" "$2/$name" "$reason"
	done <"$1"
}

# analyse TARGET RC LIMIT MODULES...: the results of one run from its console log. RC is what
# the boot returned (124: killed at the time limit); MODULES are the module names in load
# order, the last one the KUnit module.
analyse() {
	local t=$1 rc=$2 limit=$3 name="kunit/$1" dir="$WSK_OUT/$1"
	shift 3
	local log="$dir/kunit-console.log" clean="$dir/kunit-console.stripped" line m failed args
	local kmod=${*: -1}
	strip_printk_time <"$log" >"$clean"

	if grep -qx 'wsk-kunit: done' "$clean"; then
		result pass "$name/complete"
	elif [ "$rc" = 124 ]; then
		result fail "$name/complete" \
			"timed out after $limit s; last console lines: $(console_tail "$log")"
	else
		result fail "$name/complete" \
			"stopped before the end (exit status $rc); last console lines: $(console_tail "$log")"
	fi

	line=$(grep -m1 '^wsk-kunit: insmod .* failed' "$clean" || true)
	if [ -n "$line" ]; then
		result fail "$name/load" "${line#wsk-kunit: }"
	else
		failed=""
		for m in "$@"; do
			grep -qx "wsk-kunit: loaded $m" "$clean" || failed="$failed $m"
		done
		if [ -z "$failed" ]; then
			result pass "$name/load"
		else
			result fail "$name/load" "never loaded:$failed"
		fi
	fi

	# The module's KTAP, then kunit.py's parse of it, then one result per case.
	python3 "$P/ktap.py" extract "$log" "$kmod" >"$dir/kunit.ktap" ||
		result fail "$name/ktap.py" "extracting the KTAP failed"
	rm -f "$dir/kunit.json"
	if [ -s "$dir/kunit.ktap" ] && [ -f "$KUNIT_PY" ]; then
		# Its exit status says whether tests failed; the JSON says which.
		python3 "$KUNIT_PY" parse --json="$dir/kunit.json" "$dir/kunit.ktap" \
			>"$dir/kunit-parse.log" 2>&1 || true
		[ -s "$dir/kunit.json" ] || result fail "$name/kunit.py" \
			"kunit.py parse wrote no JSON (see $dir/kunit-parse.log)"
	fi
	args=("$dir/kunit.ktap")
	[ ! -s "$dir/kunit.json" ] || args+=("$dir/kunit.json")
	python3 "$P/ktap.py" results "${args[@]}" >"$dir/kunit.results" ||
		result fail "$name/ktap.py" "parsing the KTAP failed"
	record_from "$dir/kunit.results" "$name"

	# A run that stopped early reports no unload here; run_targets counts it as not run.
	line=$(grep -m1 '^wsk-kunit: rmmod .* failed' "$clean" || true)
	if [ -n "$line" ]; then
		result fail "$name/unload" "${line#wsk-kunit: }"
	elif grep -qx 'wsk-kunit: done' "$clean"; then
		result pass "$name/unload"
	fi

	check_kernel_log "$name/kernel-log" "$log" '^wsk-kunit: insmod '
	rm -f "$clean"
}

# expected TARGET: the checks every KUnit run reports (run_targets, qemu.sh).
expected() {
	printf '%s\n' complete load ktap unload kernel-log
	python3 "$P/ktap.py" cases "$WSK_TOP"/tests/kunit/*.c
}

# run_target TARGET: build, boot, analyse one target (in a subshell of run_targets).
run_target() {
	local t=$1 name="kunit/$1" dir="$WSK_OUT/$1" src kdir log initrd rc=0 limit t0 t1 built
	local append=() build_s
	log="$dir/kunit-console.log"
	built=$(built_kernel "$t")
	if [ -z "$built" ]; then
		result fail "$name/target" "no KUnit run is defined for target '$t' (Debian's kernels have no KUnit; the KUnit targets are: $WSK_KUNIT_TARGETS)"
		return
	fi
	rm -f "$log" "$dir/kunit.ktap" "$dir/kunit.json" "$dir/kunit.results"
	t0=$(date +%s)

	if ! src=$("$P/modbuild.sh" "$t"); then
		result fail "$name/build" "module build failed (see $dir/build.log)"
		return
	fi
	if [ ! -f "$src/tests/kunit/wsk_kunit.ko" ]; then
		result fail "$name/build" "no wsk_kunit.ko was built (see $dir/build.log)"
		return
	fi
	# shellcheck disable=SC2086 # "KIND SERIES"
	kdir=$("$P/kernels.sh" $built)
	limit=${WSK_KUNIT_TIMEOUT:-600}
	initrd="$dir/kunit-initrd.cpio.gz"
	if ! (make_initramfs "$initrd" "$P/kunit-init.sh=/init" \
		"$kdir/lib/kunit/kunit.ko=/lib/wsk/kunit.ko" \
		"$src/kmod/wsk.ko=/lib/wsk/wsk.ko" \
		"$src/tests/kunit/wsk_kunit.ko=/lib/wsk/wsk_kunit.ko"); then
		result fail "$name/build" "could not build the initramfs"
		return
	fi
	build_s=$(($(date +%s) - t0))
	# kmemleak where the kernel has it; the KCSAN kernel has not.
	grep -q '^CONFIG_DEBUG_KMEMLEAK=y' "$kdir/.config" && append=(kmemleak=on WSK_KMEMLEAK=1)
	msg "$t: booting under QEMU (limit $limit s)"
	t1=$(date +%s)
	# printk.devkmsg=on: the init's lines go through /dev/kmsg, not rate-limited.
	qemu_boot "$kdir/arch/x86/boot/bzImage" "$initrd" "$log" "$limit" \
		printk.devkmsg=on WSK_HALT=reboot ${append[@]+"${append[@]}"} \
		${WSK_KUNIT_FILTER:+WSK_KUNIT_FILTER="$WSK_KUNIT_FILTER"} \
		WSK_MODULES=/lib/wsk/kunit.ko,/lib/wsk/wsk.ko,/lib/wsk/wsk_kunit.ko || rc=$?
	echo "$build_s $(($(date +%s) - t1))" >"$dir/kunit.times"
	analyse "$t" "$rc" "$limit" kunit wsk wsk_kunit
}

run_targets kunit run_target expected "${targets[@]}"
