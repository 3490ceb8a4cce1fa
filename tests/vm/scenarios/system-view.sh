#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# system-view: `wskctl show` (/proc/net/wsk) lists every wsk client of the namespace with its
# sockets, a kernel module's as well as a /dev/wsk file's, in text and as JSON lines; a
# client that goes leaves the view. `wskctl monitor --all` prints the kernel client's events
# live from the tracepoints (or, on a kernel without event tracing, says that it cannot).

fail() { echo "system-view: $*"; rmmod wsk_echo 2>/dev/null; exit 1; }

insmod /lib/wsk/wsk_echo.ko port=7012 || fail "insmod wsk_echo.ko"
out=$(wskctl show) || fail "wskctl show: $out"
echo "$out"
echo "$out" | grep -q '^client id=[0-9]* sockets=1 .*owner=.*\[wsk_echo\]' ||
	fail "no client line for wsk_echo"
echo "$out" | grep -q '^  socket client=[0-9]* sock=[0-9]* category=listen family=ipv4 state=bound enabled=accept static=- inherited=receive,disconnect .*local=127.0.0.1:7012 remote=-' ||
	fail "no listener line for wsk_echo"
j=$(wskctl -j show) || fail "wskctl -j show: $j"
echo "$j" | grep -q '"type": "socket", "client": [0-9]*, "sock": [0-9]*, "category": "listen", "family": "ipv4", "state": \["bound"\], "enabled": \["accept"\]' ||
	fail "JSON socket line: $j"
echo "$j" | grep -q '"queued": {"accept": 0, "receive": 0, "send": 0, "control": 0, "option": 0}' ||
	fail "JSON queued counts: $j"
[ "$(wskctl -jp show | head -n 2 | tail -n 1)" = '  "type": "client",' ] || fail "wskctl -jp show"

# A /dev/wsk client, seen from outside it while its socket exists.
wskctl run - <<'WSK' || fail "the /dev/wsk client"
socket create d datagram 127.0.0.1:0
event enable d receive-from
exec /bin/sh -c "wskctl show | grep -q '^client .*owner=/dev/wsk wskctl.[0-9]' && wskctl show | grep -q 'category=datagram .*enabled=receive-from'"
socket close d
WSK

# Every client's events, live.
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
if [ ! -d $T/events ]; then
	out=$(wskctl monitor --all --for 1s 2>&1) && fail "monitor --all without tracefs succeeded"
	echo "$out" | grep -q "no tracefs" || fail "monitor --all without tracefs says: $out"
else
	wskctl -j monitor --all --for 20s --count 4 > /tmp/mon-all &
	mon=$!
	i=0
	until [ "$(cat $T/events/wsk/enable)" = 1 ]; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || fail "monitor --all never enabled the events"
		sleep 0.05
	done
	wskpeer echo 127.0.0.1 7012 100 1 || fail "echo"
	wait $mon || fail "monitor --all failed"
	cat /tmp/mon-all
	[ "$(wc -l < /tmp/mon-all)" = 4 ] || fail "monitor --all printed not 4 events"
	grep -q '"type": "wsk_socket_create", "sock": [0-9]*, "client": [0-9]*, "category": "connection"' /tmp/mon-all ||
		fail "no accepted socket in monitor --all"
	# The listener's accept callback, under the listener's number in the view.
	lid=$(echo "$out" | sed -n 's/^  socket client=[0-9]* sock=\([0-9]*\) category=listen.*/\1/p')
	grep -q "\"type\": \"wsk_callback\", \"sock\": $lid, \"callback\": \"accept\", .*\"result\": \"0x0\"" /tmp/mon-all ||
		fail "no accept callback of listener $lid in monitor --all"
	[ "$(cat $T/events/wsk/enable)" = 0 ] || fail "monitor --all left the events on"
fi

rmmod wsk_echo || fail "rmmod wsk_echo"
out=$(wskctl show) || fail "wskctl show after rmmod: $out"
echo "$out" | grep -q 'wsk_echo' && fail "wsk_echo is still in the view: $out"
exit 0
