#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule14-static (spec §0 rule 14): static callbacks set before the client's first socket
# are enabled on every new socket for its category (data indicated with no enable) and can
# be neither disabled (INVALID_PARAMETER) nor set again once a socket exists
# (INVALID_DEVICE_STATE).
exec wskctl run -v - <<'WSK'
event static accept,receive,disconnect
socket create l listen 127.0.0.1:0
expect info l static~accept
event static receive expect=INVALID_DEVICE_STATE
event disable l accept expect=INVALID_PARAMETER
peer p wskpeer send $l.host $l.port 10
wait accept on=l as=c
expect info c static~receive,disconnect
wait receive on=c total=10
wait disconnect on=c graceful
event disable c receive expect=INVALID_PARAMETER
socket disconnect c
wait-peer p
WSK
