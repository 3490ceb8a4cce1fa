#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule07-requests-first (spec §0 rule 7): a queued receive request is satisfied before the
# receive callback: with a receive pending and the receive event enabled, the first data
# completes the request. The same for accept: a pending accept request takes the connection
# before the accept event.
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
peer p wskpeer chunks $l.host $l.port 20 1 0 5000
socket accept l as=c
socket receive c 100 async id=r
expect status PENDING
event enable c receive
wait complete id=$r op=receive status=SUCCESS bytes=20 pattern=0

event enable l accept
socket accept l async id=a as=x
peer q wskpeer hold $l.host $l.port 0 5000
wait complete id=$a op=accept status=SUCCESS as=d
WSK
