#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule15-close (spec §0 rule 15): closing a socket with a receive request pending cancels the
# request, whose completion record comes before the close's; no callback follows the close; a
# connection not fully shut down is closed abortively (the peer sees a reset). A close waits
# for a held callback to return.
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
peer p wskpeer hold $l.host $l.port 0 5000
socket accept l as=c
event enable c receive,disconnect
socket receive c 100 async id=r
socket close c async id=cl
wait complete id=$cl op=close status=SUCCESS
set closed $rec.seq
wait complete id=$r op=receive before=$closed
expect-no event complete id=$r status=SUCCESS
expect-no event receive on=c after=$closed
expect-no event disconnect on=c after=$closed
socket info c expect=EBADF

socket create lp listen process 127.0.0.1:0
policy set lp receive consume hold
event enable lp accept,receive
peer q wskpeer chunks $lp.host $lp.port 10 1 0 5000
wait accept on=lp as=h
wait held on=h
socket close h async id=hc
expect-no event complete id=$hc
hold release h
wait complete id=$hc op=close status=SUCCESS
set closed $rec.seq
wait receive on=h before=$closed
WSK
