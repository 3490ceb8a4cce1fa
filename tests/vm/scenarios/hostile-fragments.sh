#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-fragments (review finding 2): from the other namespace, over the veth pair (MTU
# 1500), UDP datagrams of 1,000 to 65,000 bytes, most of them IP-fragmented (a 65,000-byte
# one into 45 pieces, more than a receive block's 32 segments). The discard service counts
# every one of them, in every size, and the echo service returns 48,000-byte datagrams
# intact. Before the fix the first datagram of 48 KB stopped every receive-from event of the
# socket for good.

set -eu
. /lib/wsk/netns.sh
topo_up
pid=$(topo_peer_pid)
before=$(snmp Ip ReasmOKs)
wskctl run -v -D pid="$pid" -D a4="$WSK_ADDR4" - <<'WSK'
service start d discard udp $a4:0
exec timeout=50s nsenter -t $pid -n wskpeer udp-send $d.host $d.port 50 1000
exec timeout=50s nsenter -t $pid -n wskpeer udp-send $d.host $d.port 50 1473
exec timeout=50s nsenter -t $pid -n wskpeer udp-send $d.host $d.port 50 8000
exec timeout=50s nsenter -t $pid -n wskpeer udp-send $d.host $d.port 50 32000
exec timeout=50s nsenter -t $pid -n wskpeer udp-send $d.host $d.port 50 48000
exec timeout=50s nsenter -t $pid -n wskpeer udp-send $d.host $d.port 50 65000
wait-stats d datagrams_in=300 timeout=20s
expect stats d drops=0
service stats d
service start e echo udp $a4:0
exec timeout=50s nsenter -t $pid -n wskpeer udp-echo $e.host $e.port 100 48000 1
expect stats e drops=0
service stats e
WSK
after=$(snmp Ip ReasmOKs)
echo "IP reassemblies: $((after - before))"
[ $((after - before)) -ge 250 ] || { echo "too few datagrams were fragmented"; exit 1; }
topo_down
