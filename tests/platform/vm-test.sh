#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-test.sh [TARGET...]: boot each target kernel under QEMU with a busybox initramfs holding
# wsk.ko, wskctl, the in-VM runner tests/vm/init and the scenarios tests/vm/scenarios/*.sh, and
# record what the runner reports:
#
#   vm/TARGET/insmod         wsk.ko loaded
#   vm/TARGET/NN-name        one per scenario
#   vm/TARGET/unload         rmmod wsk succeeded (fails if something still holds the module)
#   vm/TARGET/kmemleak       (kernels with kmemleak) kmemleak found nothing after the unload
#   vm/TARGET/kernel-log     the console has no line matching WSK_BAD_LOG (lib.sh)
#   vm/TARGET/complete       the runner reached its end (WSK-DONE) within the time limit
#
# Each of them is expected from every target: one that is missing (the run stopped, or the
# target never booted) is a failure (run_targets, qemu.sh).
#
# Targets: stock-6.1 stock-6.12 rt-6.1 rt-6.12 (Debian's generic and PREEMPT_RT kernels; the
# module taints them as out-of-tree and unsigned, which is expected), x86dbg-6.1 x86dbg-6.12
# (the debug kernels: KASAN, lockdep, UBSAN, kmemleak; PREEMPT and PREEMPT_RT) and kcsan-6.12.
# Default: $WSK_KERNELS, else $WSK_VM_TARGETS (lib.sh). WSK_VM_TIMEOUT overrides the time limit
# of a whole run, WSK_SCENARIO_TIMEOUT that of one scenario (60 s). WSK_SCENARIOS, a list of
# shell patterns, runs only the scenarios whose names match one (the self-check uses it).
# WSK_VM_APPEND adds NAME=value words to the kernel command line, which the in-VM runner puts
# in the scenarios' environment (make fuzz passes the fuzzer's parameters this way).
#
# The image holds the scenarios in /scenarios and their shared helpers (tests/vm/lib/*.sh,
# among them the two-namespace topology netns.sh) in /lib/wsk, with veth.ko from the kernel's
# own modules where the kernel has veth as a module. The console of each run is kept in
# $WSK_OUT/TARGET/vm-console.log.

set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu.sh"
load_versions

P="$WSK_TOP/tests/platform"
VM="$WSK_TOP/tests/vm"
if [ $# -gt 0 ]; then
	targets=("$@")
else
	read -ra targets <<<"${WSK_KERNELS:-$WSK_VM_TARGETS}"
fi
scenario_limit=${WSK_SCENARIO_TIMEOUT:-60}

scenarios=()
for s in "$VM"/scenarios/*.sh; do
	[ -f "$s" ] || continue
	if [ -n "${WSK_SCENARIOS:-}" ]; then
		n=${s##*/} keep=0
		for pat in $WSK_SCENARIOS; do
			# shellcheck disable=SC2254 # the patterns are globs on purpose
			case "${n%.sh}" in $pat) keep=1 ;; esac
		done
		[ "$keep" = 1 ] || continue
	fi
	scenarios+=("$s")
done
[ ${#scenarios[@]} -gt 0 ] || die "no scenario matches WSK_SCENARIOS='${WSK_SCENARIOS:-}'"
libs=()
for s in "$VM"/lib/*.sh; do
	[ -f "$s" ] && libs+=("$s=/lib/wsk/${s##*/}")
done

# wskctl, linked statically so that the image needs no libraries. A wskctl that does not
# build leaves the image without it: the scenarios that need it fail and say why, the others
# still run.
wskctl="$WSK_TOP/tools/wskctl/wskctl"
if make -C "$WSK_TOP/tools/wskctl" STATIC=1 >"$WSK_OUT/wskctl-build.log" 2>&1; then
	# make does not relink a wskctl left by a plain (dynamic) `make`: force it then.
	if grep -q 'interpreter' <<<"$(readelf -l "$wskctl" 2>/dev/null)"; then
		make -B -C "$WSK_TOP/tools/wskctl" STATIC=1 >>"$WSK_OUT/wskctl-build.log" 2>&1 || true
	fi
	if grep -q 'interpreter' <<<"$(readelf -l "$wskctl" 2>/dev/null)"; then
		msg "tools/wskctl/wskctl is not static: leaving it out of the VM"
		wskctl=""
	fi
else
	msg "wskctl did not build (see $WSK_OUT/wskctl-build.log): leaving it out of the VM"
	wskctl=""
fi

# Peers: static helper programs the scenarios run against wsk (tests/vm/peer, if any), built by
# their Makefile and installed in /usr/bin of the image.
peers=()
if [ -f "$VM/peer/Makefile" ]; then
	make -C "$VM/peer" >"$WSK_OUT/peer-build.log" 2>&1 ||
		msg "tests/vm/peer did not build (see $WSK_OUT/peer-build.log)"
fi
if [ -d "$VM/peer" ]; then
	while IFS= read -r f; do
		peers+=("$f=/usr/bin/${f##*/}")
	done < <(find "$VM/peer" -maxdepth 1 -type f -perm -u+x ! -name '*.sh' | LC_ALL=C sort)
fi
# The fuzzer (tests/fuzz/wskfuzz), static too, in /usr/bin for the fuzz-* scenarios; one that
# does not build is left out, and those scenarios fail saying so.
fuzz="$WSK_TOP/tests/fuzz"
if make -C "$fuzz" >"$WSK_OUT/fuzz-build.log" 2>&1 && [ -x "$fuzz/wskfuzz" ]; then
	peers+=("$fuzz/wskfuzz=/usr/bin/wskfuzz")
else
	msg "tests/fuzz did not build (see $WSK_OUT/fuzz-build.log)"
fi

# The benchmark's load generator and runner (tests/bench), for the bench-smoke-* scenarios.
bench="$WSK_TOP/tests/bench"
if make -C "$bench" >"$WSK_OUT/bench-build.log" 2>&1 && [ -x "$bench/wskbench" ]; then
	peers+=("$bench/wskbench=/usr/bin/wskbench" "$bench/run.sh=/usr/bin/wsk-bench-run")
else
	msg "tests/bench did not build (see $WSK_OUT/bench-build.log)"
fi

# analyse TARGET RC LIMIT: the results of one run, from its console log.
analyse() {
	local t=$1 rc=$2 limit=$3 name="vm/$1" dir="$WSK_OUT/$1"
	local log="$dir/vm-console.log" clean="$dir/vm-console.stripped" st item reason
	strip_printk_time <"$log" >"$clean"

	# The runner's own results.
	while read -r st item reason; do
		case "$st" in
		ok) result pass "$name/$item" ;;
		*) result fail "$name/$item" "$reason" ;;
		esac
	done < <(sed -n 's/^WSK-RESULT //p' "$clean")

	if grep -qx 'WSK-DONE' "$clean"; then
		result pass "$name/complete"
	else
		if [ "$rc" = 124 ]; then
			reason="timed out after $limit s"
		else
			reason="the VM ended without WSK-DONE (QEMU exit status $rc)"
		fi
		result fail "$name/complete" "$reason; last console lines: $(console_tail "$log")"
	fi

	# The kernel log, without the runner's results, its copies of scenario output and of the
	# kmemleak report (that has its own result).
	check_kernel_log "$name/kernel-log" "$log" '^wsk-vm: insmod ' \
		'^(WSK-RESULT |wsk-out |kmemleak-report: )'
	rm -f "$clean"
}

# has_config TARGET OPTION: whether the target's kernel is one we build and has OPTION=y.
has_config() {
	local built
	built=$(built_kernel "$1")
	[ -n "$built" ] || return 1
	# shellcheck disable=SC2086 # "KIND SERIES"
	grep -q "^$2=y" "$("$P/kernels.sh" $built)/.config"
}

# has_kmemleak TARGET: whether the target's kernel has kmemleak (the debug kernels).
has_kmemleak() {
	has_config "$1" CONFIG_DEBUG_KMEMLEAK
}

# expected TARGET: the checks every VM run reports (run_targets, qemu.sh).
expected() {
	local s
	echo insmod
	for s in "${scenarios[@]}"; do
		s=${s##*/}
		echo "${s%.sh}"
	done
	echo unload
	! has_kmemleak "$1" || echo kmemleak
	printf '%s\n' kernel-log complete
}

# run_target TARGET: build, boot, analyse one target (in a subshell of run_targets).
run_target() {
	local t=$1 name="vm/$1" dir="$WSK_OUT/$1" src kernel initrd log rc=0 limit s t0 t1
	local files append=() deb built kdir veth build_s dnsr
	log="$dir/vm-console.log"
	deb=$(debian_kernel "$t") built=$(built_kernel "$t")
	if [ -z "$deb$built" ]; then
		result fail "$name/target" "no VM run is defined for target '$t' (the VM targets are: $WSK_VM_TARGETS)"
		return
	fi
	rm -f "$log"
	t0=$(date +%s)

	if ! src=$("$P/modbuild.sh" "$t"); then
		result fail "$name/build" "module build failed (see $dir/build.log)"
		return
	fi
	files=("$VM/init=/init" "$src/kmod/wsk.ko=/lib/wsk/wsk.ko")
	if [ -n "$deb" ]; then
		# shellcheck disable=SC2086 # "ABI FLAVOUR"
		kernel=$(stock_vmlinuz $deb)
		limit=${WSK_VM_TIMEOUT:-300}
		# veth is a module there; 6.12 ships it xz-compressed, which busybox insmod may not
		# read, so the image gets it uncompressed.
		# shellcheck disable=SC2086
		veth=$(find "$(kernel_root $deb)/lib/modules" -name 'veth.ko*' -print -quit)
		if [ -n "$veth" ]; then
			case "$veth" in
			*.xz) xz -dc "$veth" >"$dir/veth.ko" ;;
			*) cp "$veth" "$dir/veth.ko" ;;
			esac
			files+=("$dir/veth.ko=/lib/wsk/veth.ko")
		fi
		# shellcheck disable=SC2086
		dnsr=$(stock_module_spec $deb dns_resolver "$dir")
		[ -z "$dnsr" ] || files+=("$dnsr")
	else
		# shellcheck disable=SC2086 # "KIND SERIES"
		kdir=$("$P/kernels.sh" $built)
		kernel="$kdir/arch/x86/boot/bzImage"
		limit=${WSK_VM_TIMEOUT:-900}
		! has_kmemleak "$t" || append=(kmemleak=on WSK_KMEMLEAK=1)
		# The xarray node cache may be picked out for failslab (cache-filter), so that
		# finding08-failnth can fail both of __xa_alloc()'s allocations (slub_debug's A).
		! has_config "$t" CONFIG_FAILSLAB || append+=(slub_debug=A,radix_tree_node)
	fi

	# Example client modules (tests/example) and the benchmark's consumers (tests/bench), for
	# the scenarios that load them.
	for ko in "$src"/tests/example/*.ko "$src"/tests/bench/*.ko; do
		[ -f "$ko" ] && files+=("$ko=/lib/wsk/${ko##*/}")
	done
	[ -z "$wskctl" ] || files+=("$wskctl=/usr/bin/wskctl")
	for s in "${scenarios[@]}"; do
		files+=("$s=/scenarios/${s##*/}")
	done
	files+=(${libs[@]+"${libs[@]}"} ${peers[@]+"${peers[@]}"})
	initrd="$dir/vm-initrd.cpio.gz"
	if ! (make_initramfs "$initrd" "${files[@]}"); then
		result fail "$name/build" "could not build the initramfs"
		return
	fi
	build_s=$(($(date +%s) - t0))

	msg "$t: booting $kernel under QEMU (limit $limit s)"
	t1=$(date +%s)
	# printk.devkmsg=on: the runner reports through /dev/kmsg, which is otherwise
	# rate-limited to a few lines per 5 s.
	# shellcheck disable=SC2086 # WSK_VM_APPEND is a list of words
	qemu_boot "$kernel" "$initrd" "$log" "$limit" printk.devkmsg=on \
		WSK_SCENARIO_TIMEOUT="$scenario_limit" ${append[@]+"${append[@]}"} \
		${WSK_VM_APPEND:-} || rc=$?
	echo "$build_s $(($(date +%s) - t1))" >"$dir/vm.times"
	analyse "$t" "$rc" "$limit"
}

run_targets vm run_target expected "${targets[@]}"
