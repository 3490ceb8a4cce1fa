#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# stream-socket: stream sockets (WSK_FLAG_STREAM_SOCKET, ABI 1.4) through /dev/wsk, on IPv4 and
# IPv6. Before it listens or connects, a stream socket refuses accept, I/O and events for the
# state; bound, 'socket listen' (WskListen) makes it a listener for good: the accept event with
# inherited connection events, accept requests and conditional accept work as on a listen
# socket, and a connect is refused. Another one's first connect makes it a connection socket
# for good, which a later listen cannot change; WskConnectEx decides the same way.
for fam in '127.0.0.1 ipv4' '[::1] ipv6'; do
set -- $fam
wskctl run -v -D L="$1" -D F="$2" - <<'WSK' || exit 1
socket create s stream $F
expect info s category=stream state~stream
socket listen s expect=INVALID_DEVICE_STATE
socket accept s expect=INVALID_DEVICE_STATE
socket send s data=x expect=INVALID_DEVICE_STATE
event enable s accept expect=INVALID_DEVICE_STATE
event enable s receive-from expect=INVALID_PARAMETER
socket bind s $L:0
expect info s category=stream state~bound state~stream
event enable s accept expect=INVALID_DEVICE_STATE
socket listen s
expect info s category=listen state~bound state~stream
socket listen s expect=INVALID_DEVICE_STATE
socket connect s $L:$s.port expect=INVALID_DEVICE_STATE
socket receive s 4 expect=INVALID_DEVICE_STATE

# The accept event, its child with the inherited receive and disconnect events.
event enable s accept,receive,disconnect
peer a wskpeer send $s.host $s.port 100
wait accept on=s status=SUCCESS as=a1
wait receive on=a1 total=100
wait disconnect on=a1 graceful
socket disconnect a1
wait-peer a
socket close a1

# An accept request, once the event is off.
event disable s accept
socket accept s async id=q
peer b wskpeer echo $s.host $s.port 64
wait complete id=$q op=accept status=SUCCESS as=a2 timeout=10s
socket receive a2 64 waitall
socket send a2 size=64
socket disconnect a2
wait-peer b
socket close a2

# A second stream socket connects to the first: a connection socket for good.
socket create c stream $F
socket bind c $L:0
socket accept s async id=q3
socket connect c $L:$s.port
expect info c category=connection state~connected state~stream
wait complete id=$q3 op=accept status=SUCCESS as=a3 timeout=10s
socket listen c expect=INVALID_DEVICE_STATE
socket accept c expect=INVALID_DEVICE_STATE
event enable c receive,disconnect
socket send a3 data=hello
wait receive on=c total=5 data=hello
socket send c data=world
socket receive a3 5 waitall data=world
socket disconnect a3
wait disconnect on=c graceful
socket close c
socket close a3

# WskConnectEx decides too, its data first.
socket create x stream $F
socket bind x $L:0
socket accept s async id=q4
socket connect x $L:$s.port data=first bytes=5
wait complete id=$q4 op=accept status=SUCCESS as=a4 timeout=10s
expect info x category=connection
socket receive a4 5 waitall data=first
socket close x
socket close a4
socket close s

# Conditional accept, set before the bind, works once the stream socket listens.
socket create k stream $F
option set k conditional-accept 1
socket bind k $L:0
option set k conditional-accept 0 expect=INVALID_DEVICE_STATE
socket listen k
event enable k accept
peer d wskpeer send $k.host $k.port 10
wait inspect on=k bytes=1
wait accept on=k status=SUCCESS as=k1
socket receive k1 10 waitall
socket disconnect k1
wait-peer d
socket close k1
socket close k
WSK
done
