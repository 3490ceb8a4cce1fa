#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# trace-events: wsk's tracepoints (events/wsk in tracefs) show what a kernel client does,
# with no help from it: the example echo client (tests/example/wsk_echo.c) makes its
# listener, enables its events, accepts, echoes and closes, and the trace has each socket's
# creation and close, the event control, every callback with its result and the send
# requests' completions. A /dev/wsk datagram socket's receive-from callback is traced the
# same way. On Linux 6.3 and later, sk_data_ready fires from wsk's own hooks too. A kernel
# built without event tracing has nothing to show: the scenario then checks that it really
# has none (no trace_event_reg in kallsyms), and that the module works without.

T=/sys/kernel/tracing
fail() { echo "trace-events: $*"; rmmod wsk_echo 2>/dev/null; exit 1; }

[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
if [ ! -d $T/events ]; then
	grep -q ' trace_event_reg$' /proc/kallsyms 2>/dev/null &&
		fail "the kernel has event tracing but tracefs cannot be mounted"
	echo "trace-events: no event tracing in this kernel; checking the module works without"
	insmod /lib/wsk/wsk_echo.ko port=7011 || fail "insmod wsk_echo.ko"
	wskpeer echo 127.0.0.1 7011 4096 1 || fail "echo without tracing"
	rmmod wsk_echo || fail "rmmod wsk_echo"
	exit 0
fi
[ -d $T/events/wsk ] || fail "no events/wsk: the module's tracepoints are missing"
for e in wsk_socket_create wsk_socket_close wsk_callback wsk_request_complete \
	 wsk_event_control; do
	[ -d $T/events/wsk/$e ] || fail "no tracepoint $e"
done

echo 0 > $T/tracing_on
echo > $T/trace
echo 1 > $T/events/wsk/enable || fail "cannot enable events/wsk"
sk=""
if [ -d $T/events/sock/sk_data_ready ]; then
	sk=1
	echo 1 > $T/events/sock/sk_data_ready/enable
fi
echo 1 > $T/tracing_on

insmod /lib/wsk/wsk_echo.ko port=7011 || fail "insmod wsk_echo.ko"
wskpeer echo 127.0.0.1 7011 4096 1 || fail "echo"
rmmod wsk_echo || fail "rmmod wsk_echo"
wskctl run - <<'WSK' || fail "wskctl datagram script"
socket create u datagram 127.0.0.1:0
socket create v datagram 127.0.0.1:0
event enable v receive-from
socket send-to u $v.addr data=traced
wait receive-from on=v data=traced
socket close u
socket close v
WSK

echo 0 > $T/tracing_on
echo 0 > $T/events/wsk/enable
[ -n "$sk" ] && echo 0 > $T/events/sock/sk_data_ready/enable
cp $T/trace /tmp/wsk-trace
echo > $T/trace

# have PATTERN WHAT: the capture has a line matching PATTERN.
have() {
	grep -q -E "$1" /tmp/wsk-trace || { echo "trace-events: no $2 in the trace:"; \
		grep -E 'wsk|sk_data_ready' /tmp/wsk-trace | tail -n 40; exit 1; }
}
have 'wsk_socket_create: .*category=listen family=ipv4' "listener creation"
have 'wsk_socket_create: .*category=connection' "accepted socket"
have 'wsk_event_control: .*status=0x0' "successful event control"
have 'wsk_callback: .*callback=accept .*result=0x0' "accept callback"
have 'wsk_callback: .*callback=receive .*result=' "receive callback"
have 'wsk_callback: .*callback=disconnect' "disconnect callback"
have 'wsk_request_complete: .*op=send status=0x0' "send completion"
have 'wsk_socket_close: ' "socket close"
have 'wsk_socket_create: .*category=datagram' "/dev/wsk datagram socket"
have 'wsk_callback: .*callback=receive-from .*result=' "receive-from callback"
if [ -n "$sk" ]; then
	have 'sk_data_ready: .*wsk_(conn|dgram|listen)_data_ready' "sk_data_ready from wsk's hooks"
fi
# The listener's accept callback and the listener's close are one socket's events.
l=$(grep -m1 -E 'wsk_socket_create: .*category=listen' /tmp/wsk-trace |
	sed 's/.*sock=\([^ ]*\).*/\1/')
grep -q "wsk_socket_close: sock=$l\$" /tmp/wsk-trace || fail "the listener $l is never closed"
grep -q "wsk_callback: sock=$l callback=accept" /tmp/wsk-trace ||
	fail "the accept callback is not the listener's ($l)"
n=$(grep -c 'wsk_' /tmp/wsk-trace)
if [ -n "$sk" ]; then
	echo "trace-events: $n wsk events traced, and sk_data_ready from the module's hooks"
else
	echo "trace-events: $n wsk events traced (no sk_data_ready tracepoint before Linux 6.3)"
fi
exit 0
