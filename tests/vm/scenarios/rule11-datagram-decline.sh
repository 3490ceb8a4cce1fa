#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule11-datagram-decline (spec §0 rule 11): a receive-from callback enabled dynamically that
# returns DATA_NOT_ACCEPTED is disabled; the datagrams stay buffered and are indicated again,
# the declined one first, once the event is enabled again. Enabled statically (a second
# client, with static callbacks set before its first socket), it stays enabled and every
# datagram is indicated.
wskctl run -v - <<'WSK' || exit 1
socket create d datagram 127.0.0.1:0
policy set d receive-from decline
event enable d receive-from
exec wskpeer udp-send $d.host $d.port 1 16
wait receive-from on=d status=DATA_NOT_ACCEPTED bytes=16
expect info d enabled=none
exec wskpeer udp-send $d.host $d.port 2 16
expect-no event receive-from on=d
policy set d receive-from consume
event enable d receive-from
wait receive-from on=d status=SUCCESS count=3
WSK
exec wskctl run -v - <<'WSK'
event static receive-from
socket create d datagram 127.0.0.1:0
expect info d static=receive-from enabled=receive-from
policy set d receive-from decline
exec wskpeer udp-send $d.host $d.port 3 16
wait receive-from on=d status=DATA_NOT_ACCEPTED count=3
expect info d enabled=receive-from
WSK
