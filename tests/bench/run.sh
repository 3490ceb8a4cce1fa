#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# shellcheck disable=SC2086 # numbers and lists of words, split on purpose
#
# wsk-bench-run [full|smoke] [GROUP...]: the workloads of `make bench`, inside a VM that has wsk.ko loaded,
# /lib/wsk/wsk_bench.ko, /lib/wsk/wsk_echo.ko, wskbench and wskctl. Every consumer of a
# workload runs once per round, rounds interleaved, each on a fresh port; one line per result:
#
#   BENCH WORKLOAD CONSUMER ROUND VALUE UNIT
#   BENCH-FAIL WORKLOAD CONSUMER REASON
#
# The first consumer of each workload is its reference (tests/platform/benchtab.py divides by
# it). `smoke` runs one short round (make check's bench-smoke-* scenarios); `full` (the default)
# BENCH_ROUNDS rounds (5) of the full sizes. GROUPs (default: all of them) pick workloads: udp,
# tcp, accept, echo, scale, send, mem. The lines go to the kernel log, and to stdout as well
# with BENCH_STDOUT=1. The exit status is 1 if any consumer failed.

mode=${1:-full}
[ $# -gt 0 ] && shift
groups=${*:-udp tcp accept echo scale send mem}
rounds=${BENCH_ROUNDS:-5}
if [ "$mode" = smoke ]; then
	rounds=1 udp_s=0.3 tcp_bytes=1048576 conns=50 rr_s=0.3 bulk_bytes=1048576
	idle_n=50 hold_ns=20 send_bytes=1048576
else
	udp_s=2 tcp_bytes=67108864 conns=2000 rr_s=3 bulk_bytes=33554432
	idle_n=5000 hold_ns="1000 5000" send_bytes=67108864
fi
cnt=/sys/module/wsk_bench/parameters/count
port=10000
idle_ports=0	# ports the next load needs after its own (idle sockets)
failed=0
ulimit -n 65536 2>/dev/null || ulimit -n 16384 2>/dev/null

out() {
	echo "$*" >/dev/kmsg 2>/dev/null || echo "$*"
	[ "${BENCH_STDOUT:-0}" != 1 ] || echo "$*"
}

# want GROUP: whether this run has GROUP.
want() {
	case " $groups " in *" $1 "*) return 0 ;; esac
	return 1
}

fail() { # fail WORKLOAD CONSUMER REASON
	out "BENCH-FAIL $1 $2 $3"
	failed=1
}

# listening PORT: whether something listens on 127.0.0.1:PORT or *:PORT.
listening() {
	grep -q ":$(printf %04X "$1") 00000000:0000 0A" /proc/net/tcp
}

wait_listen() {
	local tries=0
	while ! listening "$1"; do
		tries=$((tries + 1))
		[ $tries -lt 500 ] || return 1
		usleep 10000
	done
}

# next_port [N]: the next port, with N more free after it; back to 10000 before the ports run
# out (5 rounds of every workload take more than 50,000).
next_port() {
	[ $((port + ${1:-0} + 1)) -le 60000 ] || port=10000
	port=$((port + 1))
}

# load ARGS...: insmod wsk_bench.ko port=$port ARGS on the next port, or the one after if that
# is taken (a port the previous run's connections still hold). insmod's message of a failure
# is left in /tmp/insmod.out. Not in a subshell: it sets $port.
load() {
	local tries=0
	while :; do
		next_port "$idle_ports"
		# shellcheck disable=SC2068
		insmod /lib/wsk/wsk_bench.ko port=$port $@ >/tmp/insmod.out 2>&1 && return 0
		grep -q 'in use' /tmp/insmod.out || return 1
		tries=$((tries + 1))
		[ $tries -lt 20 ] || return 1
	done
}

# bench WORKLOAD CONSUMER ROUND INSMOD-ARGS -- WSKBENCH-ARGS (PORT and COUNTER substituted)
bench() {
	w=$1 c=$2 r=$3
	shift 3
	args=""
	while [ "$1" != -- ]; do
		args="$args $1"
		shift
	done
	shift
	if ! load $args; then
		fail "$w" "$c" "insmod: $(tail -n 1 /tmp/insmod.out)"
		return
	fi
	cmd=""
	for a in "$@"; do
		case "$a" in
		PORT) a=$port ;;
		COUNTER) a=$cnt ;;
		esac
		cmd="$cmd $a"
	done
	# shellcheck disable=SC2086
	if o=$(wskbench $cmd 2>&1); then
		out "BENCH $w $c $r $o"
	else
		fail "$w" "$c" "wskbench$cmd: $(echo "$o" | tail -n 1)"
	fi
	if ! o=$(rmmod wsk_bench 2>&1); then
		fail "$w" "$c" "rmmod: $o"
		out "BENCH-ABORT the bench module would not unload"
		exit 1
	fi
}

# echo_server KIND PORT: start an echo server; echo_stop ends it.
echo_server() {
	case "$1" in
	epoll) wskbench epoll-echo "$2" >/dev/null & spid=$! ;;
	wsk-service) wskctl service echo tcp "127.0.0.1:$2" --for 3600s >/dev/null & spid=$! ;;
	wsk-example) spid=""; insmod /lib/wsk/wsk_echo.ko port="$2" || return 1 ;;
	esac
	wait_listen "$2"
}

echo_stop() {
	if [ -n "$spid" ]; then
		kill "$spid" 2>/dev/null
		wait "$spid" 2>/dev/null
	else
		rmmod wsk_echo
	fi
}

echo_bench() { # echo_bench WORKLOAD SERVER ROUND WSKBENCH-ARGS...
	w=$1 s=$2 r=$3
	shift 3
	next_port
	if ! echo_server "$s" "$port"; then
		fail "$w" "$s" "the server did not start"
		echo_stop 2>/dev/null
		return
	fi
	if o=$(wskbench "$1" "$port" "$2" ${3:+"$3"} 2>&1); then
		out "BENCH $w $s $r $o"
	else
		fail "$w" "$s" "wskbench $*: $(echo "$o" | tail -n 1)"
	fi
	echo_stop || fail "$w" "$s" "the server did not stop"
}

send_bench() { # send_bench CONSUMER ROUND INSMOD-ARGS...
	c=$1 r=$2
	shift 2
	next_port
	wskbench sink "$port" "$send_bytes" >/tmp/sink.out 2>&1 &
	sink=$!
	wait_listen "$port" || { fail send "$c" "the sink did not listen"; kill $sink; return; }
	# shellcheck disable=SC2068
	if ! o=$(insmod /lib/wsk/wsk_bench.ko consumer="$c" port="$port" total="$send_bytes" $@ 2>&1); then
		fail send "$c" "insmod: $o"
		kill $sink
		wait $sink 2>/dev/null
		return
	fi
	if wait $sink; then
		out "BENCH send $c $r $(tail -n 1 /tmp/sink.out)"
		[ "$c" != send-wsk ] || out "BENCH send-backlog-events $c $r $(cat /sys/module/wsk_bench/parameters/backlog) events"
	else
		fail send "$c" "$(tail -n 1 /tmp/sink.out)"
	fi
	rmmod wsk_bench || { out "BENCH-ABORT the bench module would not unload"; exit 1; }
}

slab_kb() {
	awk '/^Slab:/ { print $2 }' /proc/meminfo
}

# mem_hold CONSUMER N ROUND: the slab memory per connection N held connections take.
mem_hold() {
	echo 3 >/proc/sys/vm/drop_caches
	before=$(slab_kb)
	load consumer="$1" || { fail "mem-tcp-$2" "$1" "insmod: $(tail -n 1 /tmp/insmod.out)"; return; }
	wskbench hold "$port" "$2" >/tmp/hold.out 2>&1 &
	hold=$!
	local tries=0
	while [ "$(cat $cnt)" -lt "$2" ] && [ $tries -lt 6000 ]; do
		usleep 10000
		tries=$((tries + 1))
	done
	if [ "$(cat $cnt)" -lt "$2" ]; then
		fail "mem-tcp-$2" "$1" "only $(cat $cnt) of $2 connections: $(tail -n 1 /tmp/hold.out)"
	else
		echo 3 >/proc/sys/vm/drop_caches
		# Less the bench module's own record of each connection.
		own=$(cat /sys/module/wsk_bench/parameters/conn_bytes)
		out "BENCH mem-tcp-$2 $1 $3 $((($(slab_kb) - before) * 1024 / $2 - own)) bytes/connection"
	fi
	kill $hold
	wait $hold 2>/dev/null
	rmmod wsk_bench || { out "BENCH-ABORT the bench module would not unload"; exit 1; }
}

# mem_udp CONSUMER N ROUND: the slab memory per socket of N idle UDP sockets.
mem_udp() {
	echo 3 >/proc/sys/vm/drop_caches
	before=$(slab_kb)
	idle_ports=$2
	if load consumer="$1" idle="$2"; then
		echo 3 >/proc/sys/vm/drop_caches
		out "BENCH mem-udp-$2 $1 $3 $((($(slab_kb) - before) * 1024 / $2)) bytes/socket"
		rmmod wsk_bench || { out "BENCH-ABORT the bench module would not unload"; exit 1; }
	else
		fail "mem-udp-$2" "$1" "insmod: $(tail -n 1 /tmp/insmod.out)"
	fi
	port=$((port + $2)) idle_ports=0
}

out "BENCH-START $(uname -r) $mode rounds=$rounds"
r=1
while [ $r -le "$rounds" ]; do
	want udp && for size in 64 1400; do
		w=udp$size
		bench $w bare $r consumer=udp-bare -- udp PORT $size $udp_s COUNTER
		bench $w work-item $r consumer=udp-work -- udp PORT $size $udp_s COUNTER
		bench $w kthread $r consumer=udp-kthread -- udp PORT $size $udp_s COUNTER
		bench $w wsk-event $r consumer=udp-wsk-event -- udp PORT $size $udp_s COUNTER
		bench $w wsk-process $r consumer=udp-wsk-process -- udp PORT $size $udp_s COUNTER
		bench $w wsk-recv1 $r consumer=udp-wsk-recv outstanding=1 -- udp PORT $size $udp_s COUNTER
		bench $w wsk-recv16 $r consumer=udp-wsk-recv outstanding=16 -- udp PORT $size $udp_s COUNTER
	done
	if want tcp; then
		bench tcp bare $r consumer=tcp-bare -- tcp PORT $tcp_bytes COUNTER
		bench tcp kthread $r consumer=tcp-kthread -- tcp PORT $tcp_bytes COUNTER
		bench tcp wsk-event $r consumer=tcp-wsk-event -- tcp PORT $tcp_bytes COUNTER
		bench tcp wsk-retain $r consumer=tcp-wsk-retain -- tcp PORT $tcp_bytes COUNTER
		bench tcp wsk-recv1 $r consumer=tcp-wsk-recv outstanding=1 -- \
			tcp PORT $tcp_bytes COUNTER
		bench tcp wsk-recv4 $r consumer=tcp-wsk-recv outstanding=4 -- \
			tcp PORT $tcp_bytes COUNTER
	fi
	if want accept; then
		bench accept kthread $r consumer=acc-kthread -- connect PORT $conns COUNTER
		bench accept wsk-event $r consumer=acc-wsk-event -- connect PORT $conns COUNTER
		bench accept wsk-accept $r consumer=acc-wsk-accept -- connect PORT $conns COUNTER
	fi
	if want echo; then
		for s in epoll wsk-service wsk-example; do
			echo_bench echo-rr $s $r echo-rr 8 $rr_s
		done
		for s in epoll wsk-service wsk-example; do
			echo_bench echo-bulk $s $r echo-bulk $bulk_bytes
		done
	fi
	if want scale; then
		bench scale wsk-event-1 $r consumer=udp-wsk-event -- udp PORT 64 $udp_s COUNTER
		idle_ports=$idle_n
		bench scale wsk-event-$idle_n $r consumer=udp-wsk-event idle=$idle_n -- \
			udp PORT 64 $udp_s COUNTER
		port=$((port + idle_n)) idle_ports=0
	fi
	if want send; then
		send_bench send-kernel $r
		send_bench send-wsk $r outstanding=4
	fi
	if want mem; then
		for hn in $hold_ns; do
			mem_hold hold-plain "$hn" $r
			mem_hold hold-wsk "$hn" $r
		done
		for hn in $hold_ns; do
			mem_udp udp-idle "$hn" $r
			mem_udp udp-wsk-event "$hn" $r
		done
	fi
	r=$((r + 1))
done
out "BENCH-END failed=$failed"
exit $failed
