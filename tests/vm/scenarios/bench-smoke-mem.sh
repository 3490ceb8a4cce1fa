#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# bench-smoke-mem: make bench's workloads of memory per connection and per socket run on this kernel, one short round
# (tests/bench/run.sh smoke): every consumer loads, completes its workload and unloads.
# Rates are not checked here; make bench measures them.

. /lib/wsk/bench.sh
bench_smoke mem
