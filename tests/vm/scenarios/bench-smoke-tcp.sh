#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# bench-smoke-tcp: make bench's workloads of TCP bulk receive, the accept rate and
# sending run on this kernel, one short round
# (tests/bench/run.sh smoke): every consumer loads, completes its workload and unloads.
# Rates are not checked here; make bench measures them.

. /lib/wsk/bench.sh
bench_smoke tcp accept send
