#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# limits-dev (review findings 12 and 13): the per-open limits of /dev/wsk, lowered through the
# module parameters, each answered by its own errno with nothing else changed: max_sockets
# (EMFILE), max_requests (ENOSPC, requests in flight), max_request_bytes (ENOBUFS, their data)
# and max_services (EDQUOT). max_holds: past it a callback is not held (a hold-refused record)
# and returns at once, and values above 128 are refused. max_service_conns: a TCP service
# refuses the connection beyond it (the peer sees a reset) and counts it in drops. The same
# file goes on working afterwards, and the defaults are restored.

set -eu
p=/sys/module/wsk/parameters
names="max_sockets max_requests max_request_bytes max_services max_holds max_service_conns"
for n in $names; do
	[ -w "$p/$n" ] || { echo "no writable module parameter $n"; exit 1; }
	eval "old_$n=\$(cat $p/$n)"
done
restore() {
	for n in $names; do
		eval "echo \"\$old_$n\"" >"$p/$n"
	done
}
trap restore EXIT
echo 3 >$p/max_sockets
echo 2 >$p/max_requests
echo 1000 >$p/max_request_bytes
wskctl run -v - <<'WSK'
socket create l listen 127.0.0.1:0
event enable l accept
peer p wskpeer hold $l.host $l.port 0 3000
wait accept on=l as=c
socket create b basic
socket create x basic expect=EMFILE
socket receive c 600 async id=r1
socket receive c 600 async expect=ENOBUFS
socket receive c 10 async id=r2
socket receive c 10 async expect=ENOSPC
expect info c state~connected
wait-peer p
wait complete id=$r1
wait complete id=$r2
socket receive c 10 expect=SUCCESS
WSK
echo "limits: sockets 3, requests 2, request bytes 1000 all held"

if echo 129 2>/dev/null >$p/max_holds; then
	echo "max_holds took 129 (the cap is 128)"
	exit 1
fi
[ "$(cat $p/max_holds)" = "$old_max_holds" ] || { echo "a refused max_holds changed it"; exit 1; }
echo 1 >$p/max_holds
echo 2 >$p/max_services
echo 2 >$p/max_service_conns
wskctl run -v - <<'WSK'
service start e1 echo tcp 127.0.0.1:0
service start e2 discard udp 127.0.0.1:0
service start e3 echo tcp 127.0.0.1:0 expect=EDQUOT
service stop e2
service start e3 discard tcp 127.0.0.1:0
peer a wskpeer hold $e1.host $e1.port 0 20000
peer b wskpeer hold $e1.host $e1.port 0 20000
wait-stats e1 active=2 timeout=10s
exec timeout=20s wskpeer expect-close $e1.host $e1.port
wait-stats e1 drops=1 timeout=10s
expect stats e1 active=2 connections=2
exec timeout=20s wskpeer discard $e3.host $e3.port 1000

socket create l listen process 127.0.0.1:0
policy set l receive consume hold
event enable l accept,receive
peer p1 wskpeer chunks $l.host $l.port 10 1 0 5000
wait accept on=l as=c1
wait held on=c1 event=receive
peer p2 wskpeer chunks $l.host $l.port 10 1 0 5000
wait accept on=l as=c2
wait hold-refused on=c2 event=receive
wait receive on=c2 bytes=10
expect info c1 held=1 in_progress=1
expect info c2 held=0
hold release c1
wait receive on=c1 bytes=10
wait-info c1 in_progress=0 timeout=5s
WSK
echo "limits: services 2 (EDQUOT), service connections 2 (reset, drops=1), holds 1 (hold-refused) all held"

# A UDP echo service off loopback is a reflector (review finding 16): wskctl warns, and only
# then.
out=$(printf 'service start u echo udp 0.0.0.0:0\nservice start v echo udp 127.0.0.1:0\n' |
	wskctl run - 2>&1) || { echo "wskctl run of the UDP echo services failed: $out"; exit 1; }
n=$(printf '%s\n' "$out" | grep -c 'RFC 862 reflector' || true)
[ "$n" = 1 ] || { echo "expected one reflector warning (0.0.0.0, not 127.0.0.1), got $n: $out"; exit 1; }
echo "UDP echo off loopback: warned once"
