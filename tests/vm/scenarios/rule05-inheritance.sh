#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule05-inheritance (spec §0 rule 5): the connection events enabled on a listener are enabled
# on every socket the accept event hands over (data is indicated with no enable on the child,
# over IPv4 and IPv6), and not on sockets taken by an accept request (checked after a
# synchronous receive proves the data arrived). They cannot be disabled on the listener, and
# disabling and re-enabling the accept event keeps them.
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
event enable l accept,receive,disconnect
peer p wskpeer chunks $l.host $l.port 100 1 0 20000
wait accept on=l as=c status=SUCCESS
expect info c enabled=receive,disconnect state~accepted-event parent=$l
wait receive on=c total=100 pattern=0
peer g wskpeer send $l.host $l.port 10
wait accept on=l as=cg
wait receive on=cg total=10
wait disconnect on=cg graceful
socket disconnect cg
wait-peer g

socket create l6 listen [::1]:0
event enable l6 accept,receive
peer p6 wskpeer send $l6.host $l6.port 50
wait accept on=l6 as=c6
wait receive on=c6 total=50 pattern=0
socket disconnect c6
wait-peer p6

event disable l receive expect=INVALID_PARAMETER
event disable l accept
expect info l inherited~receive,disconnect
event enable l accept
expect info l inherited~receive,disconnect

socket create r listen 127.0.0.1:0
event enable r receive,disconnect
peer q wskpeer chunks $r.host $r.port 10 1 0 5000
socket accept r as=d
expect info d enabled=none
socket receive d 10 waitall bytes=10 size=10
expect-no event receive on=d
WSK
