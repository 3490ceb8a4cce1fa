#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# limits-dev (review finding 12): the per-open limits of /dev/wsk, lowered through the module
# parameters, each answered by its own errno with nothing else changed: max_sockets (EMFILE),
# max_requests (ENOSPC, requests in flight) and max_request_bytes (ENOBUFS, their data). The
# same file goes on working afterwards, and the defaults are restored.

set -eu
p=/sys/module/wsk/parameters
for n in max_sockets max_requests max_request_bytes; do
	[ -w "$p/$n" ] || { echo "no writable module parameter $n"; exit 1; }
done
old_s=$(cat $p/max_sockets) old_r=$(cat $p/max_requests) old_b=$(cat $p/max_request_bytes)
restore() {
	echo "$old_s" >$p/max_sockets
	echo "$old_r" >$p/max_requests
	echo "$old_b" >$p/max_request_bytes
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
