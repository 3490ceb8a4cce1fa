#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# fuzz-slice: a bounded slice of the /dev/wsk fuzzer (tests/fuzz/wskfuzz.c): several worker
# processes of several threads hammer every ioctl with valid and mutated input, real traffic,
# closes under use and SIGKILLs, and, where the kernel has failslab (the debug kernels), with
# fault injection on the fuzzer's own allocations. Fails on any finding of the fuzzer or if it
# does not reach its end; the kernel log, the unload and kmemleak after the run judge the rest.
#
# Parameters (environment, from the kernel command line; make fuzz sets them for a long run):
#   WSK_FUZZ_SEED (1), WSK_FUZZ_CALLS (100000), WSK_FUZZ_SECONDS (20), WSK_FUZZ_PROCS (2),
#   WSK_FUZZ_THREADS (4), WSK_FUZZ_KILL_MS (1500: mean interval of the chaos kills),
#   WSK_FUZZ_FAILSLAB (25: percent of the fuzzer's operations under fault injection),
#   WSK_FUZZ_FAILSLAB_PROB (10: failslab's probability, percent of their allocations)
# The per-open limits are lowered for the run (so that a 1 GiB VM holds what the fuzzer makes
# the kernel keep) and restored afterwards, as are the failslab settings.

seed=${WSK_FUZZ_SEED:-1}
calls=${WSK_FUZZ_CALLS:-100000}
secs=${WSK_FUZZ_SECONDS:-20}
procs=${WSK_FUZZ_PROCS:-2}
threads=${WSK_FUZZ_THREADS:-4}
kill_ms=${WSK_FUZZ_KILL_MS:-1500}
fs_pct=${WSK_FUZZ_FAILSLAB:-25}
fs_prob=${WSK_FUZZ_FAILSLAB_PROB:-10}

command -v wskfuzz >/dev/null || { echo "wskfuzz is not in the image"; exit 1; }

p=/sys/module/wsk/parameters
fs=/sys/kernel/debug/failslab
saved=""
# save DIR NAME...: remember the values, for restore.
save() {
	d=$1
	shift
	for n in "$@"; do
		[ -w "$d/$n" ] && saved="$saved $d/$n=$(cat "$d/$n")"
	done
}
restore() {
	[ -z "${pid:-}" ] || kill -KILL "$pid" 2>/dev/null
	for kv in $saved; do
		echo "${kv#*=}" >"${kv%%=*}" 2>/dev/null
	done
	saved=""
}
trap restore EXIT
trap 'restore; exit 143' TERM INT

save $p max_sockets max_requests max_request_bytes
echo 256 >$p/max_sockets
echo 256 >$p/max_requests
echo 4194304 >$p/max_request_bytes

fflag=""
inject="off (no $fs)"
# Linux 6.1 with kmemleak: when failslab fails kmemleak's own allocation of a scan area,
# kmemleak_scan_area() prints its warning under its raw spinlock, and the console's port lock
# under it is an "Invalid wait context" for lockdep (PROVE_RAW_LOCK_NESTING), a report about
# the kernel, not about wsk. 6.12 prints outside that lock. So failslab runs on 6.12 only;
# wskfailnth (finding08-failnth) still fails every allocation of wsk's operations on 6.1.
case "$(uname -r)" in
6.1.*)
	if [ -e /sys/kernel/debug/kmemleak ]; then
		fs=/nonexistent
		inject="off (Linux 6.1 with kmemleak: see the scenario's comment)"
	fi
	;;
esac
if [ -d $fs ]; then
	save $fs probability interval times space verbose task-filter ignore-gfp-wait
	echo "$fs_prob" >$fs/probability
	echo 1 >$fs/interval
	echo -1 >$fs/times
	echo 0 >$fs/space
	echo 0 >$fs/verbose
	echo Y >$fs/task-filter
	echo N >$fs/ignore-gfp-wait
	fflag="-f $fs_pct"
	inject="on ($fs_pct% of the operations, $fs_prob% of their allocations)"
	[ "$fs_pct" != 0 ] || inject="off (WSK_FUZZ_FAILSLAB=0)"
fi

# In the background, so that a TERM at the time limit reaches the trap at once.
# shellcheck disable=SC2086 # $fflag is empty or two words
wskfuzz -s "$seed" -n "$calls" -t "$secs" -p "$procs" -j "$threads" -k "$kill_ms" $fflag \
	>/tmp/fuzz.out 2>&1 &
pid=$!
wait $pid
rc=$?
pid=""
restore

cat /tmp/fuzz.out
line=$(grep '^wskfuzz: seed ' /tmp/fuzz.out | tail -n 1)
if [ -z "$line" ]; then
	echo "fuzz-slice: the fuzzer did not reach its end (exit status $rc)"
	exit 1
fi
findings=${line##* findings }
case "$findings" in
'' | *[!0-9]*)
	echo "fuzz-slice: cannot read the summary: $line"
	exit 1
	;;
esac
if [ "$findings" != 0 ] || [ "$rc" != 0 ]; then
	echo "fuzz-slice: $findings findings (exit status $rc), fault injection $inject: ${line#wskfuzz: }"
	exit 1
fi
echo "fuzz-slice: ${line#wskfuzz: }, fault injection $inject"
