#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ex-calls: WskConnectEx, WSK_FLAG_DRAIN and WskSendMessages through /dev/wsk (ABI 1.3), on IPv4 and IPv6.
# ConnectEx's data reaches the peer before a send issued after it, and its request counts the
# bytes; too much data or a flag is refused before anything happens. A drain receive throws
# away what arrives, far more than the socket buffers hold (a peer that sends 32 MiB without
# reading anything back gets through only if the drain reads), and ends with success at the
# peer's FIN, or with the reset's status; receives queued behind it wait for it. WskSendMessages
# sends its datagrams in order, more of them than one run of the work item sends.
for fam in '127.0.0.1 ipv4' '[::1] ipv6'; do
set -- $fam
wskctl run -v -D L="$1" -D F="$2" - <<'WSK' || exit 1
socket create l listen $F
socket bind l $L:0
socket create c connection $F
socket connect c $L:$l.port data=early expect=INVALID_DEVICE_STATE
socket bind c $L:0
socket connect c $L:$l.port size=65536 expect=BUFFER_OVERFLOW
socket connect c $L:$l.port data=first bytes=5
socket send c data=-then
socket accept l as=a timeout=10s
socket receive a 10 waitall data=first-then

# Drain until the FIN; a receive queued behind it waits, then sees the end of the stream.
socket receive a 0 drain async id=d
socket receive a 16 async id=r
socket send c size=4M
socket disconnect c
wait complete id=$d op=receive status=SUCCESS bytes=0 timeout=20s
wait complete id=$r op=receive status=SUCCESS bytes=0
socket receive a 4 drain expect=INVALID_PARAMETER
socket close a
socket close c

# A reset ends a drain with the reset's status.
socket create c2 connection $F
socket bind c2 $L:0
socket connect c2 $L:$l.port size=65535 bytes=65535
socket accept l as=b timeout=10s
socket receive b 0 drain async id=d2
socket disconnect c2 abortive
wait complete id=$d2 op=receive status=CONNECTION_RESET timeout=20s
socket close b
socket close c2

# A peer that floods without ever reading: the drain keeps up and the FIN ends it.
peer f wskpeer discard $l.host $l.port 33554432
socket accept l as=f1 timeout=10s
socket receive f1 0 drain timeout=60s
socket disconnect f1
wait-peer f timeout=60s
socket close f1
socket close l

# WskSendMessages: three datagrams in one request, in order, then to the default address.
socket create u datagram $L:0
socket create v datagram $L:0
socket send-messages u $L:$v.port data=ping count=3
socket receive-from v 64 data=ping
socket receive-from v 64 data=ping
socket receive-from v 64 data=ping
socket send-messages u default data=x expect=ADDRESS_NOT_ASSOCIATED
ioctl u sendto-address $v.addr
socket send-messages u default size=1200 count=70
socket receive-from v 2k size=1200 offset=0
socket receive-from v 2k size=1200 offset=1200
socket close u
socket close v
WSK
done
