#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# wskctl-input: bad input at the wskctl level. Each error names the command, the argument and
# the reason (errno name or WSK status name) and exits 1: bad addresses, event names and
# handles (numbers outside scripts, names in scripts, with the script's line), unknown flags
# and address families, and the open of /dev/wsk without CAP_NET_ADMIN (EPERM; wskctl
# --drop-cap drops it from every set first). After each bad call the client still works.
# (The raw-ioctl cases, short/long/garbage structs, are the kernel side's C ABI tester.)
set -u
rc=0
# check WANT CMD...: CMD exits 1 and its last line contains WANT.
check() {
	want=$1
	shift
	out=$("$@" 2>&1)
	st=$?
	last=$(echo "$out" | tail -n 1)
	case "$st:$last" in
	1:*"$want"*) echo "ok: $*: $last" ;;
	*) echo "$*: exit status $st, last line '$last', expected '$want'"; rc=1 ;;
	esac
}

check "wskctl version: cannot open /dev/wsk: Operation not permitted (EPERM): CAP_NET_ADMIN is needed" \
	wskctl --drop-cap version
check "wskctl socket create: argument '127.0.0.1:70000': bad port '70000'" \
	wskctl socket create listen 127.0.0.1:70000
check "wskctl socket create: argument '::1:80': IPv6 addresses need brackets" \
	wskctl socket create listen ::1:80
check "wskctl socket create: argument '1.2.3:80': '1.2.3' is not an IPv4 address" \
	wskctl socket create listen 1.2.3:80
check "wskctl event enable: argument 'accept,recieve': unknown event 'recieve'" \
	wskctl event enable 1 accept,recieve
check "wskctl event enable: handle 7: Bad file descriptor (EBADF)" \
	wskctl event enable 7 receive
check "wskctl socket info: handle 3: Bad file descriptor (EBADF)" wskctl socket info 3
check "wskctl policy set: argument 'keep': unknown action 'keep'" \
	wskctl policy set 1 receive keep
check "wskctl socket create: WSK_IOC_SOCKET: Invalid argument (EINVAL)" \
	wskctl socket create listen flags=0x100
check "wskctl run <stdin>:2: event enable: argument 'l2': no socket of that name" \
	sh -c 'printf "socket create l listen 127.0.0.1:0\nevent enable l2 accept\n" | wskctl run -'
check "wskctl run <stdin>:3: wait: no matching accept record within 200 ms" \
	sh -c 'printf "socket create l listen 127.0.0.1:0\nevent enable l accept\nwait accept on=l timeout=200ms\n" | wskctl run -'

# Bad calls change nothing: the same client goes on working after each.
wskctl run -v - <<'WSK' || rc=1
socket create x listen family=99 expect=EINVAL
socket create x stream flags=0x40000 expect=EINVAL
socket create l listen 127.0.0.1:0
event enable l mask=0x1000 expect=INVALID_PARAMETER
event enable l mask=0x80000000 expect=INVALID_PARAMETER
event enable 999 accept expect=EBADF
policy set l receive-from decline expect=EINVAL
policy set l receive consume hold expect=EINVAL
retained release l 12345 expect=ENOENT
expect info l enabled=none
event enable l accept,receive
peer p wskpeer send $l.host $l.port 10
wait accept on=l as=c
wait receive on=c total=10
socket disconnect c
wait-peer p
WSK
exit $rc
