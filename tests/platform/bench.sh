#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [TARGET...]: `make bench`. Boots each target kernel once (default: Debian's stock
# 6.1 and 6.12, non-debug) with wsk.ko, the consumers of tests/bench (wsk_bench.ko), the example
# echo server, wskctl and wskbench, runs every workload in interleaved rounds
# (tests/bench/run.sh) and prints, per kernel, the median, minimum and maximum of each consumer
# and its ratio to the workload's first consumer (tests/platform/benchtab.py). Exits non-zero
# if a target did not boot or finish, or if any consumer failed to run.
#
#   WSK_BENCH_ROUNDS   rounds per boot (default 5)
#   WSK_BENCH_MODE     full (default); smoke: one short round; profile: where one UDP consumer
#                      spends its time (tests/bench/profile.sh), no table
#   WSK_BENCH_GROUPS   only these workload groups (udp tcp accept echo scale send mem)
#   WSK_BENCH_PROFILE  profile: "CONSUMER [SIZE]" (default: udp-wsk-event 64)
#
# The guest has two CPUs as two cores of one socket, sharing their caches, as this kind of host
# has them (the other runners boot two one-CPU sockets, which the debug kernels need, qemu.sh).
# The topology decides where a work item runs: on 6.12 an unbound workqueue keeps its work in
# the cache domain of the CPU that queued it, so with one CPU per domain a process-context
# consumer would share the sender's CPU. WSK_QEMU_SMP overrides it.
#
# The console of each boot is kept in $WSK_OUT/TARGET/bench-console.log and the table in
# $WSK_OUT/TARGET/bench.txt. Absolute figures under TCG vary from run to run; the ratios within
# one boot are the result.

set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu.sh"
load_versions

P="$WSK_TOP/tests/platform"
B="$WSK_TOP/tests/bench"
if [ $# -gt 0 ]; then
	targets=("$@")
else
	targets=(stock-6.1 stock-6.12)
fi
rounds=${WSK_BENCH_ROUNDS:-5}
mode=${WSK_BENCH_MODE:-full}
case "$mode" in full | smoke | profile) ;; *) die "WSK_BENCH_MODE must be full, smoke or profile" ;; esac

make -s -C "$WSK_TOP/tools/wskctl" STATIC=1 >/dev/null
make -s -C "$B" >/dev/null
export WSK_QEMU_SMP=${WSK_QEMU_SMP:-2,sockets=1,cores=2}
status=0
for t in "${targets[@]}"; do
	deb=$(debian_kernel "$t")
	[ -n "$deb" ] || die "$t: make bench runs on Debian's kernels (stock-*, rt-*)"
	src=$("$P/modbuild.sh" "$t")
	dir="$WSK_OUT/$t"
	initrd="$dir/bench-initrd.cpio.gz"
	# shellcheck disable=SC2086 # "ABI FLAVOUR"
	dnsr=$(stock_module_spec $deb dns_resolver "$dir")
	make_initramfs "$initrd" "$B/bench-init=/init" "$src/kmod/wsk.ko=/lib/wsk/wsk.ko" \
		${dnsr:+"$dnsr"} \
		"$src/tests/bench/wsk_bench.ko=/lib/wsk/wsk_bench.ko" \
		"$src/tests/example/wsk_echo.ko=/lib/wsk/wsk_echo.ko" \
		"$WSK_TOP/tools/wskctl/wskctl=/usr/bin/wskctl" "$B/wskbench=/usr/bin/wskbench" \
		"$B/run.sh=/usr/bin/wsk-bench-run" "$B/profile.sh=/usr/bin/wsk-bench-profile"
	log="$dir/bench-console.log"
	# shellcheck disable=SC2086 # "ABI FLAVOUR"
	kernel=$(stock_vmlinuz $deb)
	msg "$t: booting $kernel for the benchmark ($mode$([ "$mode" = smoke ] || echo ", $rounds rounds"))"
	rc=0
	# The results go through /dev/kmsg at the default level: no "quiet", which would hide it.
	# Lists travel on the kernel command line with commas for spaces.
	qemu_boot "$kernel" "$initrd" "$log" "${WSK_BENCH_TIMEOUT:-5400}" printk.devkmsg=on \
		BENCH_ROUNDS="$rounds" BENCH_MODE="$mode" \
		BENCH_GROUPS="$(echo "${WSK_BENCH_GROUPS:-}" | tr ' ' ,)" \
		BENCH_PROFILE="$(echo "${WSK_BENCH_PROFILE:-}" | tr ' ' ,)" || rc=$?
	strip_printk_time <"$log" | grep -E '^BENCH' >"$dir/bench.lines" || true
	if [ "$mode" = profile ]; then
		sed -n 's/^BENCH-PROFILE //p' "$dir/bench.lines"
		grep -qx 'BENCH-DONE 0' "$dir/bench.lines" || status=1
		continue
	fi
	{
		echo "make bench on $t ($(uname -m), $(nproc) host CPUs, QEMU TCG, -smp $WSK_QEMU_SMP)," \
			"commit $(git -C "$WSK_TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)," \
			"$(date -u +%Y-%m-%d)"
		python3 "$P/benchtab.py" <"$dir/bench.lines"
	} | tee "$dir/bench.txt" || status=1
	if ! grep -qx 'BENCH-DONE 0' "$dir/bench.lines"; then
		if grep -q '^BENCH-DONE' "$dir/bench.lines"; then
			msg "$t: some consumers failed (the BENCH-FAIL lines above)"
		else
			msg "$t: the boot did not finish (QEMU exit status $rc): $(console_tail "$log")"
		fi
		status=1
	fi
done
exit "$status"
