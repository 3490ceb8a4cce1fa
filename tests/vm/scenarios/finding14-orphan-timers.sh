#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# finding14-orphan-timers (review finding 14): a wsk connection closed gracefully keeps the
# timers of its orphan. A socket from sock_create_kern() holds no reference on its namespace,
# and tcp_close() stops every timer of such a socket's orphan, so a FIN that is lost is never
# sent again and the orphan stays for ever. wsk's sockets hold a reference as user sockets do
# (compat.h, wsk_compat_sk_net_refcnt_upgrade()), which gives the orphan its timers.
#
# The peer (in its namespace) sends 100 bytes and half-closes; wsk reads them, sees the FIN,
# and with the veth link down disconnects gracefully (its FIN is lost) and closes: the orphan in
# LAST_ACK must have its retransmit timer pending. Once the link is up again, the retransmitted
# FIN reaches the peer, which sees the end of the stream and exits 0.

set -eu
. /lib/wsk/netns.sh
topo_up
pid=$(topo_peer_pid)
wskctl run -v -D pid="$pid" -D a4="$WSK_ADDR4" - <<'WSK'
socket create l listen $a4:0
event enable l accept
peer p nsenter -t $pid -n wskpeer send $l.host $l.port 100
wait accept on=l as=c
socket receive c 100 waitall expect=SUCCESS
wait-info c state~peer-fin
exec nsenter -t $pid -n ip link set peer0 down
socket disconnect c
socket close c
exec sh /lib/wsk/tcp-timer.sh $l.port 09
exec nsenter -t $pid -n ip link set peer0 up
wait-peer p timeout=40s
WSK
topo_down
