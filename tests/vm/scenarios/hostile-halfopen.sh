#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-halfopen: a peer in the other namespace opens 150 connections and leaves them
# silent, and another 150 that each send 1,000 bytes and half-close (shutdown(SHUT_WR)) but
# never close, against a /dev/wsk listener with accept events (its children inherit receive
# and disconnect) and against the in-kernel echo service. Silent connections must be accepted
# and then give no event at all while they stay (no receive, no disconnect), and a normal
# connection must be served while they are all open; when wsk closes them (half of them with
# a graceful disconnect first, answered by the peer's own, which wsk must report), the peer
# must see every one closed. Half-closed connections must each give their 1,000 bytes and one
# graceful disconnect event; the echo service returns the bytes and closes them all. Stopping
# the echo service closes the silent connections it holds. No handle or connection is left
# over; the counts and times are printed.

set -eu
. /lib/wsk/netns.sh
. /lib/wsk/storm.sh
n=150
storm_prepare
{
	storm_head_lines silent silent 40000
	lines $n 'wait accept on=l as=c@ status=SUCCESS timeout=20s'
	cat <<'WSK'
exec sh /lib/wsk/measure.sh since silent "$n silent connections accepted in"
WSK
	# Served while they are open; the round trip is also the barrier after which no event of
	# the silent ones may have come.
	serve_lines
	cat <<'WSK'
expect-no event receive
expect-no event disconnect
WSK
	lines $n 'expect info c@ state~connected state!~peer-fin state!~peer-reset'
	# Half of them end gracefully: wsk's FIN, then the peer's, seen as a disconnect event;
	# the other half are closed at once (a reset).
	lines_odd $n 'socket disconnect c@'
	lines_odd $n 'wait disconnect on=c@ graceful timeout=20s'
	lines $n 'socket close c@'
	cat <<'WSK'
wait-peer s timeout=30s
exec sh /lib/wsk/measure.sh since silent "$n silent connections accepted, a normal one served meanwhile, all closed by wsk and seen closed by the peer, in"
exec sh /lib/wsk/measure.sh mark shut
peer s nsenter -t $pid -n wskpeer storm $l.host $l.port $n shut 40000
WSK
	lines $n 'wait accept on=l as=c@ status=SUCCESS timeout=20s'
	lines $n 'wait receive on=c@ total=1000 timeout=20s'
	lines $n 'wait disconnect on=c@ graceful timeout=20s'
	lines $n 'socket close c@'
	cat <<'WSK'
wait-peer s timeout=30s
exec sh /lib/wsk/measure.sh since shut "$n half-closed connections: $n accepted, 1,000 bytes and a graceful disconnect event each, closed, in"
expect-no event receive
expect-no event disconnect
expect-no event accept
WSK
	no_leak_lines
	cat <<'WSK'
exec sh /lib/wsk/measure.sh mark echo
exec timeout=40s nsenter -t $pid -n wskpeer storm $e.host $e.port $n shut 30000
wait-stats e connections=$n1 active=0 bytes_in=$b bytes_out=$b timeout=20s
exec sh /lib/wsk/measure.sh since echo "$n half-closed connections against the echo service: each echoed and closed, in"
peer s nsenter -t $pid -n wskpeer storm $e.host $e.port $n silent 40000
wait-stats e active=$n timeout=20s
WSK
	# shellcheck disable=SC2016 # $n is wskctl's
	serve_lines | sed 's/^wait-stats e active=0 .*/wait-stats e active=$n timeout=10s/'
	cat <<'WSK'
service stats e
service stop e
wait-peer s timeout=30s
exec sh /lib/wsk/measure.sh since echo "and $n silent ones held by the echo service until its stop closed them, in"
socket close l
WSK
} >/tmp/storm.wsk
# The echo service has served one normal connection of 100,000 bytes before its storm.
wskctl run -D pid="$(topo_peer_pid)" -D a4="$WSK_ADDR4" -D n=$n -D n1=$((n + 1)) \
	-D b=$((n * 1000 + 100000)) -D max="$max" /tmp/storm.wsk
topo_down
