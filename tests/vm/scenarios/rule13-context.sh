#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule13-context (spec §0 rule 13): WSK_FLAG_AT_DISPATCH_LEVEL is set exactly when a callback
# runs in softirq context: on the callbacks of ordinary sockets for data that arrives later
# (the first indication may come from the accept path, in process context, without it), and
# never on those of sockets made with the process-context flag (callbacks from a work item).
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
event enable l accept,receive
peer p wskpeer chunks $l.host $l.port 10 3 300 5000
wait accept on=l as=c
wait receive on=c pattern=0
wait receive on=c flags=dispatch count=2

socket create lp listen process 127.0.0.1:0
event enable lp accept,receive
peer q wskpeer chunks $lp.host $lp.port 10 3 100 5000
wait accept on=lp as=cp noflags=dispatch
wait receive on=cp noflags=dispatch count=3
expect-no event receive on=cp flags=dispatch

socket create d datagram process 127.0.0.1:0
event enable d receive-from
exec wskpeer udp-send $d.host $d.port 3 16
wait receive-from on=d noflags=dispatch count=3
WSK
