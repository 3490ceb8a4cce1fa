#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule12-null-indication (spec §0 rule 12): a connection reset by the peer (linger 0) ends in
# a receive callback with a NULL indication (after the data that came before it), and in an
# abortive disconnect callback; a graceful close by the peer in a graceful one. Over IPv4 and
# IPv6.
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
event enable l accept,receive,disconnect
peer p wskpeer reset $l.host $l.port 100
wait accept on=l as=c
wait receive on=c total=100
wait receive on=c null
wait disconnect on=c abortive
wait-peer p
expect info c state~peer-reset

socket create l6 listen [::1]:0
event enable l6 accept,receive,disconnect
peer q wskpeer reset $l6.host $l6.port 10
wait accept on=l6 as=c6
wait receive on=c6 null
wait disconnect on=c6 abortive

peer g wskpeer send $l.host $l.port 10
wait accept on=l as=g
wait receive on=g total=10
wait disconnect on=g graceful
expect-no event receive on=g null
socket disconnect g
wait-peer g
WSK
