#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The other two example clients against in-kernel echo services, IPv4 and IPv6:
# tests/example/wsk_connect.c (<wsk/wsk.h>: wsk_socket_connect, options, send and WAITALL
# receive requests, a graceful disconnect answered by the server's FIN) and
# tests/example/wsk_nt_udp.c (<wsk/wsk_nt.h>: WskSendTo to a fixed peer, the receive-from
# event with packet info). Each does its whole exchange in module init, which fails unless
# every byte and datagram came back intact. busybox's insmod tries init_module() after a
# failed finit_module(), so a failure is also looked for in the kernel log: a second try that
# passes must not hide a first that failed.
exec wskctl run -v - <<'WSK'
service start t4 echo tcp 127.0.0.1:7100
service start u4 echo udp 127.0.0.1:7101
service start t6 echo tcp [::1]:7102
service start u6 echo udp [::1]:7103
exec timeout=60s insmod /lib/wsk/wsk_connect.ko host=127.0.0.1 port=7100 bytes=1000000
exec rmmod wsk_connect
exec timeout=60s insmod /lib/wsk/wsk_connect.ko host=::1 port=7102 bytes=200000
exec rmmod wsk_connect
exec timeout=60s insmod /lib/wsk/wsk_nt_udp.ko host=127.0.0.1 port=7101 count=200 size=1000
exec rmmod wsk_nt_udp
exec timeout=60s insmod /lib/wsk/wsk_nt_udp.ko host=::1 port=7103 count=100 size=8000
exec rmmod wsk_nt_udp
wait-stats t4 connections=1 bytes_in=1000000 bytes_out=1000000
wait-stats u4 datagrams_in=200 datagrams_out=200
exec sh -c "! dmesg | grep -E 'wsk_(connect|nt_udp): .*(came back|STATUS_|differs|got|[0-9] bad)'"
WSK
