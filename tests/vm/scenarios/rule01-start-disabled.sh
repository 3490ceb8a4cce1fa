#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule01-start-disabled (spec §0 rule 1): every callback of a new socket starts disabled. A
# listener gets a connection without an accept callback; the connection socket made by an
# accept request receives data without a receive callback; a bound datagram socket receives a
# datagram without a receive-from callback. Each absence is checked after a barrier: a
# synchronous request that proves the connection or the data got there. Enabling the event
# then indicates what is still queued.
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
expect info l enabled=none state~bound
peer p wskpeer chunks $l.host $l.port 10 1 0 5000
socket accept l as=c
expect-no event accept on=l
socket receive c 5 waitall bytes=5 size=5
expect-no event receive on=c
expect info c enabled=none state~connected
event enable c receive
wait receive on=c bytes=5 pattern=5

socket create d datagram 127.0.0.1:0
expect info d enabled=none
exec wskpeer udp-send $d.host $d.port 2 16
socket receive-from d 2k bytes=16
expect-no event receive-from on=d
event enable d receive-from
wait receive-from on=d bytes=16
WSK
