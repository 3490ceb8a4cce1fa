#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# fuzz.sh [TARGET]: `make fuzz`, a long run of the /dev/wsk fuzzer (tests/fuzz/wskfuzz.c) on one
# VM kernel, default x86dbg-6.12 (or $WSK_FUZZ_KERNEL). It is the fuzz-slice scenario of
# vm-test.sh alone, with the fuzzer's parameters on the kernel command line:
#
#   WSK_FUZZ_CALLS    calls, all processes together (default 1000000)
#   WSK_FUZZ_SECONDS  time bound of the fuzzer (default 5400); the run must reach its calls
#                     before it
#   WSK_FUZZ_SEED     the seed (default: the current time, printed so that it can be replayed)
#   WSK_FUZZ_PROCS, WSK_FUZZ_THREADS, WSK_FUZZ_KILL_MS, WSK_FUZZ_FAILSLAB,
#   WSK_FUZZ_FAILSLAB_PROB   passed on as set (defaults: tests/vm/scenarios/fuzz-slice.sh)
#
# It prints the fuzzer's calls, seconds and findings and fails on any finding, on any kernel
# report (KASAN, lockdep, WARN, hung task... in the console), a kmemleak leak, a failed
# unload, a run that did not complete in its time limit, or fewer calls than asked for.
# Output goes to $WSK_OUT (default build/fuzz), the console to $WSK_OUT/TARGET/vm-console.log.

set -eu
WSK_OUT=${WSK_OUT:-$(cd "$(dirname "$0")/../.." && pwd)/build/fuzz}
export WSK_OUT
. "$(dirname "$0")/lib.sh"

target=${1:-${WSK_FUZZ_KERNEL:-x86dbg-6.12}}
calls=${WSK_FUZZ_CALLS:-1000000}
secs=${WSK_FUZZ_SECONDS:-5400}
seed=${WSK_FUZZ_SEED:-$(date +%s)}
append="WSK_FUZZ_SEED=$seed WSK_FUZZ_CALLS=$calls WSK_FUZZ_SECONDS=$secs"
for v in WSK_FUZZ_PROCS WSK_FUZZ_THREADS WSK_FUZZ_KILL_MS WSK_FUZZ_FAILSLAB \
	WSK_FUZZ_FAILSLAB_PROB; do
	[ -z "${!v:-}" ] || append="$append $v=${!v}"
done

rm -f "$WSK_OUT/results"
msg "make fuzz on $target: $calls calls within $secs s, seed $seed (output in $WSK_OUT)"
start=$(date +%s)
# The scenario's own bound and the VM's are well above the fuzzer's: it ends by its bounds.
WSK_SCENARIOS=fuzz-slice WSK_SCENARIO_TIMEOUT=$((secs + 300)) \
	WSK_VM_TIMEOUT=$((secs + 900)) WSK_VM_APPEND="$append" \
	"$WSK_TOP/tests/platform/vm-test.sh" "$target" || true

log="$WSK_OUT/$target/vm-console.log"
out=$(sed -n 's/^.*wsk-out fuzz-slice: //p' "$log" 2>/dev/null || true)
grep '^wskfuzz: FINDING' <<<"$out" | head -n 50 || true
line=$(grep '^wskfuzz: seed ' <<<"$out" | tail -n 1 || true)
echo
if [ -n "$line" ]; then
	done_calls=$(sed -n 's/.* calls \([0-9]*\) .*/\1/p' <<<"$line")
	f_secs=$(sed -n 's/.* seconds \([0-9.]*\) .*/\1/p' <<<"$line")
	findings=${line##* findings }
	echo "make fuzz on $target: calls $done_calls seconds $f_secs findings $findings" \
		"(seed $seed; the whole run took $(($(date +%s) - start)) s)"
	if [ "${done_calls:-0}" -lt "$calls" ]; then
		result fail "fuzz/$target/calls" \
			"$done_calls of $calls calls: the fuzzer stopped at its time bound of $secs s"
	else
		result pass "fuzz/$target/calls"
	fi
else
	echo "make fuzz on $target: the fuzzer printed no summary (seed $seed)"
	result fail "fuzz/$target/calls" "the fuzzer printed no summary; see $log"
fi
summary
