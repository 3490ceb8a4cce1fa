#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# options-control: WskControlSocket's socket options and IOCTLs through /dev/wsk
# (WSK_IOC_OPTION), on IPv4 and IPv6. Options set are read back from the Linux socket;
# invalid calls answer their WSK status and change nothing; a datagram socket's fixed peer
# (SIO_WSK_SET_REMOTE_ADDRESS) takes send-tos without an address and filters what is
# received; the send-to address (SIO_WSK_SET_SENDTO_ADDRESS) only supplies the destination.
for fam in 127.0.0.1 '[::1]'; do
wskctl run -v -D L="$fam" - <<'WSK' || exit 1
socket create c connection $L:0
option get c nodelay value=0
option set c nodelay on
option get c nodelay value=1
option set c keepalive 1
option set c keepidle 45
option get c keepidle value=45
option set c keepintvl 7
option get c keepintvl value=7
option set c keepcnt 3
option get c keepcnt value=3
option set c keepcnt 0 expect=INVALID_PARAMETER
option get c keepcnt value=3
option set c linger on:9
option get c linger value=on:9
option set c tos 16
option get c tos value=16
option set c ttl 33
option get c ttl value=33
option set c broadcast 1 expect=NOT_SUPPORTED
option set c reuseaddr 1 expect=INVALID_DEVICE_STATE
ioctl c silent-mode expect=NOT_SUPPORTED
ioctl c remote-address $L:9 expect=INVALID_DEVICE_REQUEST

socket create a datagram $L:0
socket create b datagram $L:0
socket create x datagram $L:0
socket create u datagram
ioctl u remote-address $b.addr expect=INVALID_DEVICE_STATE
socket send-to a default data=nowhere expect=ADDRESS_NOT_ASSOCIATED
ioctl a remote-address $b.addr
socket send-to a default data=fixed
socket receive-from b 64 data=fixed
# Only the fixed peer's datagrams reach a: x's is dropped, b's (sent after it) arrives.
socket send-to x $a.addr data=stranger
socket send-to b $a.addr data=peer
socket receive-from a 64 data=peer
ioctl a receive-backlog value=0
socket send-to b $a.addr data=queued
ioctl a receive-backlog value=6
socket receive-from a 64 data=queued
ioctl a remote-address none
socket send-to a default data=nowhere expect=ADDRESS_NOT_ASSOCIATED
socket send-to x $a.addr data=welcome
socket receive-from a 64 data=welcome
ioctl x sendto-address $b.addr
socket send-to x default data=via-sendto
socket receive-from b 64 data=via-sendto
socket send-to a $x.addr data=unfiltered
socket receive-from x 64 data=unfiltered
ioctl x sendto-address none
socket send-to x default data=nowhere expect=ADDRESS_NOT_ASSOCIATED
option set a dontfragment 1
option get a dontfragment value=1
WSK
done

# IPv6 only, and the exclusive address.
exec wskctl run -v - <<'WSK'
socket create s datagram ipv6
option get s v6only value=0
option set s v6only 1
option get s v6only value=1
option set s unicast-hops 5
option get s unicast-hops value=5
option set s ipv6-pktinfo 1
option get s ipv6-pktinfo value=1
option set s pktinfo 1 expect=NOT_SUPPORTED
option set s ipv6-add-membership ff15::77@1
option set s ipv6-add-membership ff15::77@1 expect=ADDRESS_ALREADY_ASSOCIATED
option set s ipv6-drop-membership ff15::77@1
socket create v datagram ipv4
option set v v6only 1 expect=NOT_SUPPORTED
option set v pktinfo 1
option get v pktinfo value=1
option set v add-membership 239.7.7.7@127.0.0.1
option set v drop-membership 239.7.7.7@127.0.0.1
option set v drop-membership 239.7.7.7@127.0.0.1 expect=INVALID_ADDRESS
option get v add-membership expect=NOT_SUPPORTED
socket create e datagram
option set e exclusiveaddruse 1
option set e reuseaddr 1 expect=INVALID_PARAMETER
socket bind e 127.0.0.1:0
socket create f datagram
option set f reuseaddr 1
socket bind f $e.addr expect=ADDRESS_ALREADY_ASSOCIATED
WSK
