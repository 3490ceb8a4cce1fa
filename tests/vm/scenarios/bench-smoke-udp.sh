#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# bench-smoke-udp: make bench's workloads of UDP receive (every consumer, 64- and 1400-byte
# datagrams) and the scale workload run on this kernel, one short round
# (tests/bench/run.sh smoke): every consumer loads, completes its workload and unloads.
# Rates are not checked here; make bench measures them.

. /lib/wsk/bench.sh
bench_smoke udp scale
