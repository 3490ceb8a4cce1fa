# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# bench.sh: the body of the bench-smoke-* scenarios. Sourced; busybox sh.
#
#   bench_smoke GROUP...   one short round of make bench's workload GROUPs (tests/bench/run.sh
#                          smoke): prints the results, and fails with the first consumer that
#                          failed (or the run's last line if it did not end)

bench_smoke() {
	BENCH_STDOUT=1 wsk-bench-run smoke "$@" >/tmp/bench.out 2>&1
	rc=$?
	grep -E '^BENCH' /tmp/bench.out
	if [ "$rc" != 0 ] || ! grep -q '^BENCH-END failed=0' /tmp/bench.out; then
		why=$(grep -E '^BENCH-(FAIL|ABORT)' /tmp/bench.out | head -n 1)
		echo "${why:-the run did not end: $(tail -n 1 /tmp/bench.out)}"
		exit 1
	fi
}
