#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-never-reads (review finding 4): a peer in the other namespace sends as fast as it
# can for 5 s and never reads, against the in-kernel echo service (which retains what it
# echoes until the send completes) and against a /dev/wsk listener whose policy retains every
# indication and never releases. wsk must stop at the receive buffer and let TCP's window
# hold the peer back: the peer cannot send its 512 MiB, and the VM's available memory falls
# by less than 64 MiB (the figures are printed). Both then still serve a new connection.

set -eu
. /lib/wsk/netns.sh
topo_up
pid=$(topo_peer_pid)
wskctl run -v -D pid="$pid" -D a4="$WSK_ADDR4" - <<'WSK'
service start e echo tcp $a4:0
exec timeout=50s sh /lib/wsk/push-measure.sh $pid $e.host $e.port 5 536870912 65536
exec timeout=50s nsenter -t $pid -n wskpeer echo $e.host $e.port 100000
socket create l listen $a4:0
policy set l receive retain
event enable l accept,receive
exec timeout=50s sh /lib/wsk/push-measure.sh $pid $l.host $l.port 5 536870912 65536
WSK
topo_down
