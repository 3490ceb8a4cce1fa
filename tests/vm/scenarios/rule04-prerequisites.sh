#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rule04-prerequisites (spec §0 rule 4): listen and datagram sockets take events only once
# bound, connection sockets only once connected (INVALID_DEVICE_STATE before); each category
# takes only its own flags (INVALID_PARAMETER), a listener also the connection flags (for
# inheritance), and a basic socket none (INVALID_PARAMETER, spec §3.5).
exec wskctl run -v - <<'WSK'
socket create d datagram
event enable d receive-from expect=INVALID_DEVICE_STATE
socket create l listen
event enable l accept expect=INVALID_DEVICE_STATE
socket create c connection
event enable c receive expect=INVALID_DEVICE_STATE
expect info d enabled=none
expect info l enabled=none
expect info c enabled=none

socket bind d 127.0.0.1:0
event enable d receive expect=INVALID_PARAMETER
event enable d accept expect=INVALID_PARAMETER
event enable d receive-from
expect info d enabled=receive-from
socket bind l 127.0.0.1:0
event enable l receive-from expect=INVALID_PARAMETER
event enable l accept,receive,disconnect
expect info l enabled~accept inherited~receive,disconnect
socket bind c 127.0.0.1:0
event enable c receive expect=INVALID_DEVICE_STATE
socket connect c $l.addr
wait accept on=l as=child
event enable c accept expect=INVALID_PARAMETER
event enable c receive-from expect=INVALID_PARAMETER
event enable c receive,disconnect,send-backlog
expect info c enabled=receive,disconnect,send-backlog
socket create b basic
event enable b receive expect=INVALID_PARAMETER
WSK
