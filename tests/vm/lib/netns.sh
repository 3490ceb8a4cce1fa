# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# netns.sh: the two-namespace topology of the VM scenarios. Sourced by a scenario
# (. /lib/wsk/netns.sh), never run; busybox sh.
#
#     VM's initial network namespace                 child namespace "peer"
#     (wsk.ko, /dev/wsk, wskctl, services)           (held by one sleeping process)
#    +-----------------------------------+          +-------------------------------+
#    |  wsk0  192.0.2.1/24  2001:db8::1  |--veth----|  peer0  192.0.2.2  2001:db8::2 |
#    +-----------------------------------+ MTU 1500 +-------------------------------+
#
# Traffic between the two crosses a real device with an MTU of 1500, so UDP datagrams larger
# than that are IP-fragmented and reassembled, and TCP is segmented at 1448 bytes, unlike on
# loopback (MTU 65536). The addresses are from the documentation ranges (RFC 5737, RFC 3849)
# and exist only inside the VM, which has no network device besides these.
#
#   topo_up            create the topology (after a previous one is gone); fails with a reason
#   in_peer CMD...     run CMD in the peer namespace
#   topo_down          remove it (the runner's kill of every process after a scenario removes
#                      it too: the namespace dies with its last process and veth with it)
#   snmp PROTO FIELD   a counter of /proc/net/snmp in the current namespace (Ip ReasmOKs, ...)
#
# WSK_ADDR4 WSK_ADDR6 PEER_ADDR4 PEER_ADDR6 name the ends. Every function works under set -e.

WSK_ADDR4=192.0.2.1 PEER_ADDR4=192.0.2.2
WSK_ADDR6=2001:db8::1 PEER_ADDR6=2001:db8::2
topo_pidfile=/tmp/wsk-netns.pid

topo_fail() {
	echo "netns topology: $*"
	return 1
}

# topo_peer_pid: the process whose network namespace is the peer's.
topo_peer_pid() {
	cat "$topo_pidfile" 2>/dev/null || true
}

in_peer() {
	nsenter -t "$(topo_peer_pid)" -n "$@"
}

topo_down() {
	local pid
	pid=$(topo_peer_pid)
	# A stale pid (the namespace of a scenario that failed) is no failure.
	[ -z "$pid" ] || kill "$pid" 2>/dev/null || true
	rm -f "$topo_pidfile"
	ip link del wsk0 2>/dev/null || true
	return 0
}

# topo_wait_gone: a veth pair left by the previous scenario disappears once its namespace is
# torn down, which the kernel does asynchronously; wait (bounded) for that.
topo_wait_gone() {
	local i=0
	while ip link show wsk0 >/dev/null 2>&1; do
		ip link del wsk0 2>/dev/null || true
		i=$((i + 1))
		[ "$i" -lt 100 ] || return 1
		sleep 0.1
	done
}

topo_up() {
	local before peer pid i=0
	topo_down
	topo_wait_gone || { topo_fail "wsk0 from an earlier run does not go away"; return 1; }
	# Debian's kernels have veth as a module (the image carries it); the debug kernels
	# have it built in.
	if [ ! -d /sys/module/veth ] && [ -f /lib/wsk/veth.ko ]; then
		insmod /lib/wsk/veth.ko || { topo_fail "insmod veth.ko failed"; return 1; }
	fi
	# A process in a new network namespace holds it for as long as the topology lives.
	unshare -n sleep 100000 &
	pid=$!
	echo "$pid" >"$topo_pidfile"
	# Wait (bounded) until the child is in its own namespace: its netns link differs from ours.
	while [ "$(readlink "/proc/$pid/ns/net")" = "$(readlink /proc/self/ns/net)" ]; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || { topo_fail "the peer namespace was not created"; return 1; }
		sleep 0.05
	done
	# busybox ip cannot name a veth peer: the kernel names it vethN, found as the new link.
	before=$(ip -o link show | sed -n 's/^[0-9]*: \([^:@]*\).*/\1/p')
	ip link add wsk0 type veth || { topo_fail "ip link add wsk0 type veth failed"; return 1; }
	peer=$(ip -o link show | sed -n 's/^[0-9]*: \([^:@]*\).*/\1/p' |
		grep -vxF "$before" | grep -vx wsk0 | head -n 1)
	[ -n "$peer" ] || { topo_fail "no peer device for wsk0"; return 1; }
	ip link set "$peer" netns "$pid" || { topo_fail "cannot move $peer to the peer namespace"; return 1; }
	in_peer ip link set "$peer" name peer0 || { topo_fail "cannot rename $peer"; return 1; }
	# No duplicate address detection: the addresses are usable at once, not after DAD.
	echo 0 >/proc/sys/net/ipv6/conf/wsk0/accept_dad
	in_peer sh -c 'echo 0 >/proc/sys/net/ipv6/conf/peer0/accept_dad'
	ip link set wsk0 mtu 1500 up &&
		ip addr add "$WSK_ADDR4/24" dev wsk0 &&
		ip addr add "$WSK_ADDR6/64" dev wsk0 ||
		{ topo_fail "cannot configure wsk0"; return 1; }
	in_peer ip link set lo up &&
		in_peer ip link set peer0 mtu 1500 up &&
		in_peer ip addr add "$PEER_ADDR4/24" dev peer0 &&
		in_peer ip addr add "$PEER_ADDR6/64" dev peer0 ||
		{ topo_fail "cannot configure peer0"; return 1; }
	# Both ends up (carrier) and reachable both ways, bounded.
	i=0
	until ping -c 1 -W 1 "$PEER_ADDR4" >/dev/null 2>&1 &&
		in_peer ping6 -c 1 -W 1 "$WSK_ADDR6" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt 20 ] || { topo_fail "$PEER_ADDR4/$WSK_ADDR6 not reachable over veth"; return 1; }
	done
	return 0
}

snmp() {
	awk -v p="$1:" -v f="$2" '
		$1 == p && !n { for (i = 2; i <= NF; i++) col[$i] = i; n = 1; next }
		$1 == p && n { print $col[f]; exit }' /proc/net/snmp
}
