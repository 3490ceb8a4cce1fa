#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cond-accept: conditional accept through /dev/wsk (spec §2.2), on IPv4 and IPv6. The option
# is a listener's, set before the bind; each connection request comes to the inspect event
# first: accepted, it goes on to the accept event and its socket reports the request's id
# (SIO_WSK_QUERY_INSPECT_ID); rejected, the peer sees the connection reset and no other event
# tells of it; pended, WSK_IOC_INSPECT decides; a pended request the peer resets comes to
# the abort event, and deciding it afterwards succeeds with no connection.
for fam in '127.0.0.1 ipv4' '[::1] ipv6'; do
set -- $fam
wskctl run -v -D L="$1" -D F="$2" - <<'WSK' || exit 1
socket create c connection $F
option set c conditional-accept 1 expect=INVALID_DEVICE_REQUEST
socket create l listen $F
option set l conditional-accept 2 expect=INVALID_PARAMETER
option set l conditional-accept 1
option get l conditional-accept value=1
inspect l accept 1 1 expect=INVALID_PARAMETER
socket bind l $L:0
option set l conditional-accept 0 expect=INVALID_DEVICE_STATE
event enable l accept,receive,disconnect

# Accepted at inspection: the accept event follows, with the id in the socket.
peer a wskpeer send $l.host $l.port 10
wait inspect on=l bytes=1
set k $rec.key
set s $rec.serial
wait accept on=l status=SUCCESS as=a1
ioctl a1 inspect-id value=$k:$s
ioctl l inspect-id expect=INVALID_DEVICE_REQUEST
wait receive on=a1 total=10
wait disconnect on=a1 graceful
socket disconnect a1
wait-peer a

# Rejected: reset, nothing else.
policy set l inspect reject
exec wskpeer expect-close $l.host $l.port
wait inspect on=l bytes=2

# Pended, then accepted by WSK_IOC_INSPECT.
policy set l inspect pend
peer b wskpeer send $l.host $l.port 20
wait inspect on=l bytes=3
expect-no event accept on=l
inspect l accept
wait accept on=l status=SUCCESS as=b1
wait receive on=b1 total=20
socket disconnect b1
wait-peer b

# Pended, then reset by the peer: the abort event; a late decision makes nothing.
peer r wskpeer reset $l.host $l.port 5
wait inspect on=l bytes=4
set k $rec.key
set s $rec.serial
wait abort on=l bytes=$k
wait-peer r
inspect l accept $k $s
inspect l accept 99 $s expect=INVALID_PARAMETER

# Pended, then rejected.
peer x wskpeer expect-close $l.host $l.port
wait inspect on=l bytes=5
inspect l reject
wait-peer x
socket close l
expect-no event accept on=l
WSK
done
