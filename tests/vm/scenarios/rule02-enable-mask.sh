#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule02-enable-mask (spec §0 rule 2): an enable takes a mask of flags and returns SUCCESS at
# once; a disable takes exactly one flag with WSK_EVENT_DISABLE, two are refused with
# INVALID_PARAMETER and change nothing.
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
peer p wskpeer hold $l.host $l.port 0 5000
socket accept l as=c
event enable c receive,disconnect
expect status SUCCESS
expect info c enabled=receive,disconnect
event disable c receive,disconnect expect=INVALID_PARAMETER
expect info c enabled=receive,disconnect
event disable c receive
expect status SUCCESS
expect info c enabled=disconnect
event disable c disconnect request id=r
expect status SUCCESS
wait complete id=$r op=control status=SUCCESS
expect info c enabled=none
WSK
