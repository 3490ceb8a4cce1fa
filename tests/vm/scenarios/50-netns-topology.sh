#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 50-netns-topology: the two-namespace topology (tests/vm/lib/netns.sh) works and really is not
# loopback. wsk serves in the VM's namespace, the peer runs in its own, across a veth pair with
# an MTU of 1500: a TCP echo of 1 MB over IPv6, and 200 UDP datagrams of 8,000 bytes to the
# discard service over IPv4, each of which must arrive IP-fragmented (6 fragments) and be
# reassembled: the reassembly counter grows by at least the datagrams counted.

set -eu
. /lib/wsk/netns.sh
topo_up
pid=$(topo_peer_pid)
n=200
before=$(snmp Ip ReasmOKs)
wskctl run -v -D pid="$pid" -D n=$n -D a4="$WSK_ADDR4" -D a6="$WSK_ADDR6" - <<'WSK'
service start e echo tcp [$a6]:0
exec timeout=50s nsenter -t $pid -n wskpeer echo $e.host $e.port 1000000
service start d discard udp $a4:0
exec timeout=50s nsenter -t $pid -n wskpeer udp-send $d.host $d.port $n 8000
wait-stats d datagrams_in=$n timeout=20s
expect stats d drops=0
WSK
after=$(snmp Ip ReasmOKs)
echo "IP reassemblies: $before before, $after after"
[ $((after - before)) -ge "$n" ] || {
	echo "only $((after - before)) of $n datagrams were reassembled: not fragmented?"
	exit 1
}
topo_down
