#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# bench-smoke-echo: make bench's workloads of the echo servers (epoll, the in-kernel service, the
# example client), request/response and bulk run on this kernel, one short round
# (tests/bench/run.sh smoke): every consumer loads, completes its workload and unloads.
# Rates are not checked here; make bench measures them.

BENCH_STDOUT=1 wsk-bench-run smoke echo >/tmp/bench.out 2>&1
rc=$?
grep -E '^BENCH' /tmp/bench.out
if [ "$rc" != 0 ] || ! grep -q '^BENCH-END failed=0' /tmp/bench.out; then
	why=$(grep -E '^BENCH-(FAIL|ABORT)' /tmp/bench.out | head -n 1)
	echo "${why:-the run did not end: $(tail -n 1 /tmp/bench.out)}"
	exit 1
fi
