#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule10-retain (spec §0 rule 10): a receive callback that returns PENDING keeps the
# indication list; indications go on meanwhile; the socket accounts the retained lists and
# bytes until each is released, one by id and the rest all at once. Retained data left at the
# end of the script is released by the close of the file (the unload and kmemleak check it).
# (The socket's retained bytes are counted once the callback has returned, after its record:
# wait-info waits for the count.)
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
policy set l receive retain
event enable l accept,receive
peer p wskpeer chunks $l.host $l.port 30 3 300 5000
wait accept on=l as=c
wait receive on=c status=PENDING bytes=30 pattern=0
set first $rec.retained
wait receive on=c status=PENDING bytes=30
wait receive on=c status=PENDING bytes=30
wait-info c retained_lists=3 retained_bytes=90
retained release c $first
expect info c retained_lists=2 retained_bytes=60
retained release c $first expect=ENOENT
retained release c all
expect info c retained_lists=0 retained_bytes=0

socket create l2 listen 127.0.0.1:0
policy set l2 receive retain
event enable l2 accept,receive
peer q wskpeer chunks $l2.host $l2.port 30 1 0 5000
wait accept on=l2 as=kept
wait receive on=kept status=PENDING bytes=30
expect info kept retained_lists=1
WSK
