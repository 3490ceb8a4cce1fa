#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-urgent (review finding 1): a peer in the other namespace sends its stream with an
# urgent byte (MSG_OOB) at the end of every 1,000 bytes. wsk reads urgent data inline, so the
# in-kernel echo service (receive events) and the example client (tests/example/wsk_echo.c)
# must echo every byte, urgent ones included, in order, and close the stream when the peer
# does. Before the fix the first mark stopped every receive event of the connection for good.

set -eu
. /lib/wsk/netns.sh
topo_up
pid=$(topo_peer_pid)
wskctl run -v -D pid="$pid" -D a4="$WSK_ADDR4" - <<'WSK'
service start e echo tcp $a4:0
exec timeout=50s nsenter -t $pid -n wskpeer oob-echo $e.host $e.port 200000 1000
wait-stats e bytes_in=200000 bytes_out=200000 timeout=10s
WSK
insmod /lib/wsk/wsk_echo.ko addr="$WSK_ADDR4" port=7007 || { echo "insmod wsk_echo.ko failed"; exit 1; }
rc=0
in_peer wskpeer oob-echo "$WSK_ADDR4" 7007 100000 1000 || rc=1
rmmod wsk_echo || { echo "rmmod wsk_echo failed"; rc=1; }
topo_down
exit $rc
