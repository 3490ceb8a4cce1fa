#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule09-decline (spec §0 rule 9): a receive callback that returns DATA_NOT_ACCEPTED leaves
# the data with the transport and stops the indications; after a zero-length receive request
# completes, the same bytes are indicated again, followed by what came meanwhile.
exec wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
policy set l receive decline
event enable l accept,receive
peer p wskpeer chunks $l.host $l.port 40 2 300 0
wait accept on=l as=c
wait receive on=c status=DATA_NOT_ACCEPTED bytes=40 pattern=0
wait-peer p
wait-info c state~peer-fin
expect info c state~rx-stalled
expect-no event receive on=c
policy set c receive consume
socket receive c 0
wait receive on=c status=SUCCESS pattern=0
wait-info c indicated_bytes=120
WSK
