#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# The example client, tests/example/wsk_echo.c, written against <wsk/wsk.h> alone: the
# receive and disconnect events its accepted connections inherit from the listener echo
# every byte back. 1 MiB on one connection, then 50 short connections one after another;
# wskpeer checks every byte and the orderly end of each stream. Then the unload with a peer
# that keeps its connection open (review finding 16): rmmod closes it (the peer sees the
# reset) instead of waiting for it.

insmod /lib/wsk/wsk_echo.ko port=7007 || { echo "insmod wsk_echo.ko failed"; exit 1; }
rc=0
wskpeer echo 127.0.0.1 7007 1048576 1 || rc=1
[ $rc = 0 ] && { wskpeer echo 127.0.0.1 7007 4096 50 || rc=1; }
if [ $rc = 0 ]; then
	wskpeer expect-close 127.0.0.1 7007 &
	peer=$!
	# Bounded wait until the connection is established (the peer's socket in /proc/net/tcp).
	i=0
	until awk 'NR > 1 && $4 == "01" && $2 ~ /:1B5F$/ { f = 1 } END { exit !f }' /proc/net/tcp; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || { echo "the holding peer never connected"; rc=1; break; }
		sleep 0.05
	done
fi
# busybox timeout: an rmmod that waits for the peer is a failure, not a hang.
timeout 20 rmmod wsk_echo || { echo "rmmod wsk_echo failed or waited for a connection"; rc=1; }
if [ -n "${peer:-}" ]; then
	wait "$peer" || { echo "the holding peer did not see its connection closed"; rc=1; }
fi
exit $rc
