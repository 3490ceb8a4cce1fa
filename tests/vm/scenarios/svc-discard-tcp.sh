#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# svc-discard-tcp: the in-kernel discard service takes 100 MB over TCP and sends nothing back;
# wskpeer checks that no byte comes back and that the stream ends in order (FIN, no reset);
# the service counted every byte. Then 200 connections at once. 16 MB on the debug kernel
# (see svc-echo-tcp).
bytes=104857600
[ -e /sys/kernel/debug/kmemleak ] && bytes=16777216
exec wskctl run -v -D bytes=$bytes - <<'WSK'
service start d discard tcp 127.0.0.1:0
exec timeout=55s wskpeer discard $d.host $d.port $bytes
expect stats d connections=1 bytes_in=$bytes bytes_out=0 drops=0
service stats d
exec wskpeer conns $d.host $d.port 200 4096 discard
expect stats d connections=201 bytes_out=0
WSK
