#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# svc-echo-tcp: the in-kernel echo service carries 100 MB over one TCP connection, every byte
# checked by wskpeer, and the service's counters agree; then 200 connections open at once,
# 4 KiB each, over IPv6. On the debug kernel (KASAN under QEMU TCG, about ten times slower;
# recognised by kmemleak in debugfs) the volume is 16 MB.
bytes=104857600
[ -e /sys/kernel/debug/kmemleak ] && bytes=16777216
exec wskctl run -v -D bytes=$bytes - <<'WSK'
service start e echo tcp 127.0.0.1:0
exec timeout=55s wskpeer echo $e.host $e.port $bytes
expect stats e connections=1 bytes_in=$bytes bytes_out=$bytes drops=0
service stats e
service start e6 echo tcp [::1]:0
exec wskpeer conns $e6.host $e6.port 200 4096 echo
expect stats e6 connections=200 bytes_in=800k bytes_out=800k drops=0
service stats e6
service stop e6
WSK
