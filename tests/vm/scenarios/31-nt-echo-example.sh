#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# The WSK-style example, tests/example/wsk_nt_echo.c: Microsoft's echo server sample ported
# with <wsk/wsk_nt.h> alone (Windows' names, IRPs, MDLs, KEVENTs, a static accept event, a
# dual-stack listener). IPv4 through the dual-stack socket, then IPv6; wskpeer checks every
# byte and the orderly end of each stream. Then rmmod with a connection still open: the
# module closes it (the peer sees it end) and WskDeregister() returns.

insmod /lib/wsk/wsk_nt_echo.ko port=40007 || { echo "insmod wsk_nt_echo.ko failed"; exit 1; }
rc=0
wskpeer echo 127.0.0.1 40007 1048576 1 || rc=1
[ $rc = 0 ] && { wskpeer echo ::1 40007 262144 1 || rc=1; }
[ $rc = 0 ] && { wskpeer echo 127.0.0.1 40007 4096 30 || rc=1; }
[ $rc = 0 ] && { wskpeer echo ::1 40007 4096 30 || rc=1; }
if [ $rc = 0 ]; then
	wskpeer expect-close 127.0.0.1 40007 &
	peer=$!
	# Bounded wait until the connection is established (port 40007 is 9C47 in /proc/net).
	i=0
	until awk 'NR > 1 && $4 == "01" && $2 ~ /:9C47$/ { f = 1 } END { exit !f }' \
		/proc/net/tcp6; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || { echo "the holding peer never connected"; rc=1; break; }
		sleep 0.05
	done
fi
timeout 20 rmmod wsk_nt_echo || { echo "rmmod wsk_nt_echo failed or waited for a connection"; rc=1; }
if [ -n "${peer:-}" ]; then
	wait "$peer" || { echo "the holding peer did not see its connection closed"; rc=1; }
fi
exit $rc
