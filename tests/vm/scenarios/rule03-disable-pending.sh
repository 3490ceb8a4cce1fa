#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule03-disable-pending (spec §0 rule 3): the three results of a disable. With no callback in
# progress: SUCCESS (rule02 covers it). With a receive callback held in progress (process-
# context sockets, hold policy inherited from the listener) and a request: PENDING, and the
# request's completion record comes only after the hold is released, after the callback's own
# record. Without a request: EVENT_PENDING, and the callback is disabled once it returns. In
# both cases the data the peer sends later (1 s later) is never indicated: it is read by a
# synchronous receive (the barrier), and no receive record follows.
exec wskctl run -v - <<'WSK'
socket create l listen process 127.0.0.1:0
policy set l receive consume hold
event enable l accept,receive
peer p1 wskpeer chunks $l.host $l.port 10 2 1000 5000
wait accept on=l as=c
wait held on=c event=receive
expect info c held=1 in_progress=1
event disable c receive request id=r expect=PENDING
expect-no event complete id=$r
expect info c held=1
hold release c
wait complete id=$r op=control status=SUCCESS
set done $rec.seq
wait receive on=c bytes=10 pattern=0 before=$done
expect info c enabled=none in_progress=0 held=0
socket receive c 10 waitall bytes=10 size=10 offset=10
expect-no event receive on=c

peer p2 wskpeer chunks $l.host $l.port 10 2 1000 5000
wait accept on=l as=c2
wait held on=c2 event=receive
event disable c2 receive expect=EVENT_PENDING
expect-no event complete on=c2
hold release c2
wait receive on=c2 bytes=10 pattern=0
# The record is written inside the callback: it returns (in_progress drops) just after.
wait-info c2 in_progress=0 timeout=5s
expect info c2 enabled=none in_progress=0 held=0
socket receive c2 10 waitall bytes=10 size=10 offset=10
expect-no event receive on=c2
WSK
