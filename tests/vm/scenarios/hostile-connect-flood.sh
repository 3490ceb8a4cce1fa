#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-connect-flood: a peer in the other namespace makes 4,400 nonblocking connects at once
# to a /dev/wsk listener whose accept callback is held (policy hold: the first connection's
# callback stays in progress), so that wsk accepts nothing for a while. A wsk listener's
# backlog is SOMAXCONN (4,096, net.core.somaxconn does not apply to kernel_listen()), so the
# stack's accept queue fills and overflows: the overflow (TcpExt ListenOverflows,
# ListenDrops) must show, and the peer's excess connects stay pending. The peer then resets
# all of them. wsk must come through it: once the callback is let go (now refusing), the
# listener drains its accept queue, is still listening, and accepts a normal connection
# that it receives from and answers; no handle is left over. The counts, the time and the
# memory are printed.

set -eu
. /lib/wsk/netns.sh
. /lib/wsk/storm.sh
n=4400
max=$(cat /sys/module/wsk/parameters/max_sockets)
trap 'echo "$max" >/sys/module/wsk/parameters/max_sockets' EXIT
topo_up
{
	cat <<'WSK'
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
exec sh /lib/wsk/measure.sh tcp flood ListenOverflows ListenDrops TCPReqQFullDrop TCPReqQFullDoCookies TCPAbortOnClose
exec sh /lib/wsk/measure.sh atleast flood TcpExt ListenOverflows 1
exec sh -c "echo accept queue before the release: $(sh /lib/wsk/measure.sh listenq $l.port) connections"
policy set l accept reject
hold release l
exec timeout=40s sh /lib/wsk/measure.sh drained $l.port 30
wait-info l in_progress=0 held=0 timeout=10s
expect info l state~bound state!~dead
exec sh /lib/wsk/measure.sh since flood "accept queue drained (every queued connection refused) after"
socket info l
policy set l accept accept
WSK
	serve_lines
	no_leak_lines
	echo 'socket close l'
} >/tmp/cflood.wsk
wskctl run -D pid="$(topo_peer_pid)" -D a4="$WSK_ADDR4" -D n=$n -D max="$max" /tmp/cflood.wsk
echo "connect flood (established, refused, pending): $(cat /tmp/cflood.out)"
topo_down
