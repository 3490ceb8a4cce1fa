#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# tcp-timer.sh PORT STATE: run (not sourced) by scenarios, from wskctl's exec as well. Succeeds
# if the IPv4 TCP socket of the current namespace with local port PORT is in STATE (the hex
# code of /proc/net/tcp: 04 FIN_WAIT1, 09 LAST_ACK, ...) with a timer pending (the "tr" field
# is not 0: retransmit, probe or keepalive). Prints the socket's line either way.

port=$(printf '%04X' "$1")
awk -v port="$port" -v st="$2" '
	NR > 1 { split($2, l, ":") }
	NR > 1 && l[2] == port {
		found = 1
		split($6, t, ":")
		print "tcp socket :" port " state " $4 " timer " t[1] " (" $0 ")"
		if ($4 == st && t[1] != "00")
			ok = 1
	}
	END {
		if (!found)
			print "no tcp socket with local port " port
		exit !ok
	}' /proc/net/tcp
