#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-udp-flood: two senders in the other namespace flood two wsk datagram sockets with
# receive-from events for 12 s (20 s on the slow debug kernels), as fast as they can send 200-byte datagrams over the veth
# pair (one sender keeps a CPU busy; two, both): the in-kernel discard service and a /dev/wsk
# socket of another wskctl (each of whose callbacks makes an event record). Receive-from
# callbacks run inline in softirq (at most 64 a run, then in the socket's work item), so a
# flood must not keep a CPU in softirq: while it lasts, the echo service completes a 100 KB
# TCP round trip, a /dev/wsk listener accepts, receives, sees the disconnect and answers
# (every event on time), and a one-shot wskctl command completes, each within 10 s; the flood
# must still be on when they are done. The soft lockup and RCU stall limits are lowered below
# the flood's length (10 s), so a CPU kept busy for the whole flood is reported (the
# kernel-log check fails the run). The flood must keep the CPUs busy (idle at most 20%), or it
# proves nothing. Printed: what was sent, received and dropped, the CPU time
# shares over the flood, and how long each check took.

set -eu
. /lib/wsk/netns.sh
# The debug kernels (KASAN, kmemleak) take several seconds to start the flood and for each
# check: a longer flood keeps the checks inside it.
secs=12
[ ! -e /sys/kernel/debug/kmemleak ] || secs=20
wd=/proc/sys/kernel/watchdog_thresh rcu=/sys/module/rcupdate/parameters/rcu_cpu_stall_timeout
old_wd=$(cat $wd 2>/dev/null || true) old_rcu=$(cat $rcu 2>/dev/null || true)
restore() {
	[ -z "$old_wd" ] || echo "$old_wd" >$wd
	[ -z "$old_rcu" ] || echo "$old_rcu" >$rcu
}
trap restore EXIT
# Soft lockup after 2 * watchdog_thresh seconds: 10 s.
if [ -w $wd ]; then echo 5 >$wd; fi
if [ -w $rcu ]; then echo 10 >$rcu; fi
echo "watchdog_thresh $(cat $wd 2>/dev/null || echo none), rcu_cpu_stall_timeout $(cat $rcu 2>/dev/null || echo none)"

topo_up
pid=$(topo_peer_pid)
rm -f /tmp/flood1.out /tmp/flood2.out /tmp/flood-target.ready
# The second flooded socket, on a /dev/wsk of its own: its records do not crowd the records of
# the sockets checked below, which share the main script's file. It runs until a datagram
# "STOP" comes after the flood.
cat >/tmp/flood-target.wsk <<'WSK'
socket create u datagram $a4:9001
event enable u receive-from
exec touch /tmp/flood-target.ready
wait receive-from on=u data=STOP timeout=50s
expect info u callbacks>=1000
socket info u
socket close u
WSK
wskctl run -v -D pid="$pid" -D a4="$WSK_ADDR4" -D secs=$secs - <<'WSK'
service start d discard udp $a4:0
service start e echo tcp $a4:0
socket create l listen $a4:0
event enable l accept,receive,disconnect
socket create s datagram $a4:0
peer t wskctl run -D a4=$a4 /tmp/flood-target.wsk
exec timeout=10s sh -c "until [ -e /tmp/flood-target.ready ]; do sleep 0.05; done"
exec sh /lib/wsk/measure.sh mark flood
peer f1 sh -c "nsenter -t $pid -n wskpeer udp-flood $a4 $d.port $secs 200 9001 >/tmp/flood1.out"
peer f2 sh -c "nsenter -t $pid -n wskpeer udp-flood $a4 9001 $secs 200 $d.port >/tmp/flood2.out"
wait-stats d datagrams_in>=1000 timeout=10s
exec sh /lib/wsk/measure.sh since flood "flood under way after"
# During the flood: the echo service's round trip (receive events on TCP, in the kernel).
exec sh /lib/wsk/measure.sh mark echo
exec timeout=10s nsenter -t $pid -n wskpeer echo $e.host $e.port 100000
exec sh /lib/wsk/measure.sh since echo "echo service round trip of 100 KB during the flood" 10
# A /dev/wsk connection: accept, receive, disconnect events, then an answer and a close.
exec sh /lib/wsk/measure.sh mark conn
peer p nsenter -t $pid -n wskpeer send $l.host $l.port 10000 10000
wait accept on=l as=c timeout=10s
wait receive on=c total=10000 timeout=10s
wait disconnect on=c graceful timeout=10s
socket send c size=10000
socket disconnect c
wait-peer p timeout=10s
socket close c
exec sh /lib/wsk/measure.sh since conn "/dev/wsk accept, 10,000 bytes each way, disconnect, close during the flood" 10
# A one-shot wskctl command, on a /dev/wsk open of its own.
exec sh /lib/wsk/measure.sh mark cmd
exec timeout=10s wskctl version
exec sh /lib/wsk/measure.sh since cmd "wskctl version during the flood" 10
# All of the above ran while the flood was on: a flooder prints its count only when it ends.
exec sh -c "if [ -s /tmp/flood1.out ] || [ -s /tmp/flood2.out ]; then echo 'the flood ended before the checks were done'; exit 1; fi"
wait-peer f1 timeout=30s
wait-peer f2 timeout=30s
exec sh /lib/wsk/measure.sh cpu flood "over the flood" 20
socket send-to s $a4:9001 data=STOP
wait-peer t timeout=20s
service stats d
socket close s
socket close l
WSK
echo "flood: $(($(cat /tmp/flood1.out) + $(cat /tmp/flood2.out))) datagrams sent in $secs s by two senders, to two sockets"
topo_down
