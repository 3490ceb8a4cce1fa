#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# svc-udp: the in-kernel UDP echo service returns 100,000 datagrams, each checked intact by
# wskpeer (64 in flight); the discard service counts a flood of 100,000 datagrams sent as fast
# as possible (every datagram either counted or, should the service fall behind, in drops).
# On the debug and KCSAN kernels (see svc-echo-tcp) 2,000 echoed and 10,000 flooded: their
# round trips are too slow for more within the scenario's time limit (the KCSAN kernel took
# 60 s for the 100,000 echoes on a slower host).
n=100000 e=100000
if [ -e /sys/kernel/debug/kmemleak ] || [ -e /sys/kernel/debug/kcsan ]; then
	n=10000 e=2000
fi
exec wskctl run -v -D n=$n -D echoes=$e - <<'WSK'
service start e echo udp 127.0.0.1:0
exec timeout=50s wskpeer udp-echo $e.host $e.port $echoes 64
expect stats e datagrams_in=$echoes datagrams_out=$echoes drops=0
service stats e
service start d discard udp [::1]:0
exec timeout=50s wskpeer flood $d.host $d.port $n 64
wait-stats d datagrams_in=$n timeout=20s
expect stats d datagrams_out=0 drops=0
service stats d
WSK
