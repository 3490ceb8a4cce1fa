#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule08-partial-accept (spec §0 rule 8): a receive callback that accepts 10 of 100 bytes stops
# the indications (the socket is rx-stalled): the 100 bytes the peer sends next, and its FIN,
# arrive (barrier: the socket shows peer-fin) with no indication. A zero-length receive
# request completes and restarts them, and the next indication starts at byte 10. In softirq
# context and in process context.
for ctx in "" process; do
	wskctl run -v -D ctx="$ctx" - <<'WSK' || exit 1
socket create l listen $ctx 127.0.0.1:0
policy set l receive accept-bytes 10
event enable l accept,receive
peer p wskpeer chunks $l.host $l.port 100 2 300 0
wait accept on=l as=c
wait receive on=c bytes=100 pattern=0
wait-peer p
wait-info c state~peer-fin
expect info c state~rx-stalled indicated_bytes=100
expect-no event receive on=c
policy set c receive consume
socket receive c 0 bytes=0
wait receive on=c pattern=10
wait-info c indicated_bytes=290
WSK
done
