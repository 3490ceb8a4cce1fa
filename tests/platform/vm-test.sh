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
#   vm/TARGET/kmemleak       (debug kernel) kmemleak found nothing after the unload
#   vm/TARGET/kernel-log     the console has no line matching WSK_BAD_LOG (lib.sh)
#   vm/TARGET/complete       the runner reached its end (WSK-DONE) within the time limit
#
# Targets: stock-6.1 stock-6.12 (Debian's kernels; the module taints them as out-of-tree and
# unsigned, which is expected) and x86dbg-6.12 x86dbg-6.1 (the debug kernels: KASAN, lockdep,
# UBSAN, kmemleak). Default: $WSK_KERNELS, else $WSK_VM_TARGETS (lib.sh). WSK_VM_TIMEOUT
# overrides the time limit
# of a whole run, WSK_SCENARIO_TIMEOUT that of one scenario (60 s).
#
# The console of each run is kept in $WSK_OUT/TARGET/vm-console.log.

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
	[ -f "$s" ] && scenarios+=("$s")
done

# wskctl, linked statically so that the image needs no libraries. A wskctl that does not
# build leaves the image without it: the scenarios that need it fail and say why, the others
# still run.
wskctl="$WSK_TOP/tools/wskctl/wskctl"
if make -C "$WSK_TOP/tools/wskctl" STATIC=1 >"$WSK_OUT/wskctl-build.log" 2>&1; then
	# make does not relink a wskctl left by a plain (dynamic) `make`: force it then.
	if readelf -l "$wskctl" 2>/dev/null | grep -q 'interpreter'; then
		make -B -C "$WSK_TOP/tools/wskctl" STATIC=1 >>"$WSK_OUT/wskctl-build.log" 2>&1 || true
	fi
	if readelf -l "$wskctl" 2>/dev/null | grep -q 'interpreter'; then
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

# The table printed at the end, one row per target; run_target sets the two durations (seconds
# spent building the module and image, and running the kernel).
table=()
build_s=- run_s=-


# analyse TARGET RC LIMIT: the results of one run, from its console log.
analyse() {
	local t=$1 rc=$2 limit=$3 name="vm/$1" dir="$WSK_OUT/$1"
	local log="$dir/vm-console.log" clean="$dir/vm-console.stripped" st item reason
	local s expected=(insmod)
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
		# Say what never ran, then where the run stopped.
		for s in "${scenarios[@]}"; do
			s=${s##*/}
			expected+=("${s%.sh}")
		done
		expected+=(unload)
		[ "$t" = "${t#x86dbg}" ] || expected+=(kmemleak)
		for item in "${expected[@]}"; do
			grep -Eq "^WSK-RESULT (ok|fail) $item( |\$)" "$clean" ||
				result fail "$name/$item" "not reached: the run stopped before it"
		done
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

# run_target TARGET: build, boot, analyse one target.
run_target() {
	local t=$1 name="vm/$1" dir="$WSK_OUT/$1" src kernel initrd log rc=0 limit s t0 t1
	local files append=()
	log="$dir/vm-console.log"
	case "$t" in
	stock-6.1 | stock-6.12 | x86dbg-*) ;;
	*)
		result fail "$name/target" "no VM run is defined for target '$t'"
		return
		;;
	esac
	mkdir -p "$dir"
	rm -f "$log"
	t0=$(date +%s)

	if ! src=$("$P/modbuild.sh" "$t"); then
		result fail "$name/build" "module build failed (see $dir/build.log)"
		return
	fi
	case "$t" in
	stock-6.1) kernel=$(stock_vmlinuz "$ABI_6_1") limit=${WSK_VM_TIMEOUT:-300} ;;
	stock-6.12) kernel=$(stock_vmlinuz "$ABI_6_12") limit=${WSK_VM_TIMEOUT:-300} ;;
	x86dbg-*)
		kernel="$("$P/kernels.sh" x86 "${t#x86dbg-}")/arch/x86/boot/bzImage"
		limit=${WSK_VM_TIMEOUT:-600}
		append=(kmemleak=on WSK_KMEMLEAK=1)
		;;
	esac

	files=("$VM/init=/init" "$src/kmod/wsk.ko=/lib/wsk/wsk.ko")
	# Example client modules (tests/example), for the scenarios that load them.
	for ko in "$src"/tests/example/*.ko; do
		[ -f "$ko" ] && files+=("$ko=/lib/wsk/${ko##*/}")
	done
	[ -z "$wskctl" ] || files+=("$wskctl=/usr/bin/wskctl")
	for s in "${scenarios[@]}"; do
		files+=("$s=/scenarios/${s##*/}")
	done
	files+=(${peers[@]+"${peers[@]}"})
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
	qemu_boot "$kernel" "$initrd" "$log" "$limit" printk.devkmsg=on \
		WSK_SCENARIO_TIMEOUT="$scenario_limit" ${append[@]+"${append[@]}"} || rc=$?
	run_s=$(($(date +%s) - t1))

	analyse "$t" "$rc" "$limit"
}

for t in "${targets[@]}"; do
	echo "-- vm-test on $t"
	first=$(results_mark)
	build_s=- run_s=-
	run_target "$t"
	table+=("$t $(results_since "$first" pass) $(results_since "$first" fail) $build_s $run_s")
done

print_table ${table[@]+"${table[@]}"}
