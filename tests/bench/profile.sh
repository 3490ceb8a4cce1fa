#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# wsk-bench-profile CONSUMER [SIZE]: where one UDP consumer of wsk_bench.ko spends its time.
# Loads it, traces every function of the wsk and wsk_bench modules (and the UDP receive
# helpers they call) with function_graph for half a second of a flood of SIZE-byte datagrams
# (64), and prints each function's calls and its inclusive time per call, the most costly
# first. Tracing slows every traced call, so compare functions with each other, never with the
# benchmark's rates. Run by `make bench` with WSK_BENCH_MODE=profile (tests/platform/bench.sh).

c=${1:?consumer}
size=${2:-64}
t=/sys/kernel/tracing
[ -d $t/options ] || mount -t tracefs tracefs $t || exit 1
insmod /lib/wsk/wsk_bench.ko consumer="$c" port=9500 || exit 1
echo 0 >$t/tracing_on
echo function_graph >$t/current_tracer
{
	echo ':mod:wsk'
	echo ':mod:wsk_bench'
	echo 'skb_recv_udp __skb_recv_udp consume_skb sock_def_readable'
} >$t/set_ftrace_filter 2>/dev/null
echo funcgraph-tail >$t/trace_options 2>/dev/null
echo nofuncgraph-irqs >$t/trace_options 2>/dev/null
echo 16384 >$t/buffer_size_kb
echo >$t/trace
echo 1 >$t/tracing_on
wskbench udp 9500 "$size" 0.5 /sys/module/wsk_bench/parameters/count
echo 0 >$t/tracing_on
# Lines: "  1.234 us    |  name();" (a leaf) and "  5.678 us    |  } /* name */" (a return).
awk -F'|' '
	$2 ~ /[a-z_]+\(\);/ || $2 ~ /\} \/\* / {
		if (!match($1, /[0-9]+\.[0-9]+ us/)) next
		d = substr($1, RSTART, RLENGTH - 3)
		n = $2
		if (n ~ /\} \/\*/) { sub(/.*\/\* */, "", n); sub(/ *\*\/.*/, "", n) }
		else { sub(/^ */, "", n); sub(/\(\);.*/, "", n) }
		calls[n]++; total[n] += d
	}
	END {
		for (n in calls)
			printf "%10.2f us/call %8d calls %12.0f us  %s\n", total[n] / calls[n], calls[n], total[n], n
	}' $t/trace | sort -k5 -n -r | head -n 40
echo nop >$t/current_tracer
rmmod wsk_bench
