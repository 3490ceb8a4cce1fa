#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-rst-storm: a peer in the other namespace opens 200 connections to a /dev/wsk listener
# with accept events (its children inherit receive and disconnect) and then resets them all at
# once (SO_LINGER 0). Many of the resets come while the connection still waits in the accept
# queue, before wsk has hooked it. Every connection must be accepted by the accept event, and
# every child must get exactly one disconnect event, abortive, and one receive event with a
# NULL indication (rule 12), and no other; once the children are closed the file holds no
# handle of theirs. The same storm against the in-kernel echo service must leave it with 200
# connections counted and none open, and both must still serve a normal connection
# afterwards. The counts and the time are printed.

set -eu
. /lib/wsk/netns.sh
. /lib/wsk/storm.sh
n=200
max=$(cat /sys/module/wsk/parameters/max_sockets)
trap 'echo "$max" >/sys/module/wsk/parameters/max_sockets' EXIT
topo_up
{
	cat <<'WSK'
service start e echo tcp $a4:0
socket create l listen $a4:0
event enable l accept,receive,disconnect
exec sh /lib/wsk/measure.sh mark storm
peer s nsenter -t $pid -n wskpeer storm $l.host $l.port $n rst 0
WSK
	lines $n 'wait accept on=l as=c@ status=SUCCESS timeout=20s'
	lines $n 'wait disconnect on=c@ abortive timeout=20s'
	lines $n 'wait receive on=c@ null timeout=20s'
	cat <<'WSK'
wait-peer s timeout=30s
exec sh /lib/wsk/measure.sh since storm "$n connections reset: $n accepted, $n abortive disconnect and $n NULL receive events, in"
expect-no event disconnect
expect-no event receive
expect-no event accept
WSK
	lines $n 'socket close c@'
	no_leak_lines
	cat <<'WSK'
exec sh /lib/wsk/measure.sh mark echo
exec timeout=30s nsenter -t $pid -n wskpeer storm $e.host $e.port $n rst 0
wait-stats e connections=$n active=0 timeout=20s
exec sh /lib/wsk/measure.sh since echo "$n connections reset against the echo service: all counted, none left open, in"
WSK
	serve_lines
	echo 'socket close l'
} >/tmp/storm.wsk
wskctl run -D pid="$(topo_peer_pid)" -D a4="$WSK_ADDR4" -D n=$n -D max="$max" /tmp/storm.wsk
topo_down
