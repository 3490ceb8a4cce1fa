#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule06-not-accepted (spec §0 rule 6): an accept callback that returns REQUEST_NOT_ACCEPTED
# makes the provider close the connection: the peer sees it closed or reset, and no callback
# ever comes for that child, even with receive inherited from the listener.
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
policy set l accept reject
event enable l accept,receive,disconnect
exec wskpeer expect-close $l.host $l.port
wait accept on=l status=REQUEST_NOT_ACCEPTED
set child $rec.new
expect-no event receive
expect-no event disconnect
policy set l accept accept
peer p wskpeer send $l.host $l.port 10
wait accept on=l status=SUCCESS as=c
wait receive on=c bytes=10
socket disconnect c
wait-peer p
expect-no event receive on=$child
WSK
