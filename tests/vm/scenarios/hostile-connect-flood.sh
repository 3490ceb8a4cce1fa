#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-connect-flood: a peer in the other namespace makes 600 nonblocking connects at once
# to a /dev/wsk listener whose accept callback is held (policy hold: the first connection's
# callback stays in progress), so that wsk accepts nothing for a while. A wsk listener's
# backlog is net.core.somaxconn, as for listen(SOMAXCONN); the scenario sets it to 16, so the
# stack's accept queue fills and overflows: the overflow must show (TcpExt ListenOverflows,
# ListenDrops) and the peer's excess connects stay pending. The peer then resets them all.
# wsk must come through it: the accept event is disabled while the callback is held (pending
# until it returns, rule 3), the held callback then accepts its connection, whose child gets
# the reset (a NULL receive and an abortive disconnect event); the listener is still
# listening, and closing it with its queue full of dead connections is clean. A new listener
# then accepts a normal connection that it receives from and answers, and no handle is left
# over. The counts, the times and the memory are printed.

set -eu
. /lib/wsk/netns.sh
. /lib/wsk/storm.sh
n=600
max=$(cat /sys/module/wsk/parameters/max_sockets)
somaxconn=$(cat /proc/sys/net/core/somaxconn)
trap 'echo "$max" >/sys/module/wsk/parameters/max_sockets; echo "$somaxconn" >/proc/sys/net/core/somaxconn' EXIT
echo 16 >/proc/sys/net/core/somaxconn
topo_up
cat >/tmp/cflood.wsk <<'WSK'
service start e echo tcp $a4:0
socket create l listen process $a4:0
policy set l accept accept hold
event enable l accept,receive,disconnect
exec sh /lib/wsk/measure.sh mark flood
peer f sh -c "nsenter -t $pid -n wskpeer connect-flood $a4 $l.port $n 1500 >/tmp/cflood.out"
wait held on=l event=accept timeout=10s
wait-peer f timeout=50s
exec sh /lib/wsk/measure.sh since flood "$n connects against a held accept callback, then reset, in"
exec sh /lib/wsk/measure.sh mem flood "with the accept queue full"
exec sh /lib/wsk/measure.sh tcp flood ListenOverflows ListenDrops TCPReqQFullDrop TCPReqQFullDoCookies
exec sh /lib/wsk/measure.sh atleast flood TcpExt ListenOverflows 1
exec sh -c "echo accept queue: $(sh /lib/wsk/measure.sh listenq $l.port) connections"
event disable l accept request id=r expect=PENDING
hold release l
wait complete id=$r op=control status=SUCCESS timeout=10s
wait accept on=l as=h status=SUCCESS timeout=10s
wait receive on=h null timeout=10s
wait disconnect on=h abortive timeout=10s
expect-no event accept
expect info l state~bound state!~dead in_progress=0 held=0
socket info l
socket close h
exec sh /lib/wsk/measure.sh mark close
socket close l timeout=30s
exec sh /lib/wsk/measure.sh since close "listener closed with its accept queue full, in"
socket create l listen $a4:0
event enable l accept,receive,disconnect
WSK
{
	serve_lines
	no_leak_lines
	echo 'socket close l'
} >>/tmp/cflood.wsk
wskctl run -D pid="$(topo_peer_pid)" -D a4="$WSK_ADDR4" -D n=$n -D max="$max" /tmp/cflood.wsk
echo "connect flood (established, refused, pending): $(cat /tmp/cflood.out)"
topo_down
