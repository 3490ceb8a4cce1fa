#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# netns-lifetime (review finding 14, issue 8 item 7): /dev/wsk opened in a child network
# namespace, with services, a listener and connections (one from inside the namespace, one
# across the veth from the VM's own) all inside; then every process of the namespace exits.
#
# 1. The file, its sockets and services go with the processes, and so does the namespace: its
#    veth end leaves the VM's namespace too (the kernel deletes a namespace's devices when it
#    is freed), within a bound. A reference wsk kept on the namespace (registration, socket,
#    service) would keep wsk0 there for ever. kmemleak and the unload after all scenarios
#    check that nothing else is left.
# 2. The documented pin (README, "Network namespace"): a /dev/wsk file opened in a namespace
#    keeps it alive whoever holds the file. A process opens /dev/wsk in the child namespace and
#    moves back to the VM's namespace with the file open; after the namespace's last process
#    has exited, wsk0 is still there for more than twice as long as part 1 took to free a
#    namespace, and goes once that file is closed.

set -eu
. /lib/wsk/netns.sh

# gone_within N: wsk0 disappears within N tenths of a second; prints how many it took.
gone_within() {
	local i=0
	while ip link show wsk0 >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt "$1" ] || return 1
		sleep 0.1
	done
	echo "$i"
}

# end_holder: the process holding the peer namespace exits (and is reaped).
end_holder() {
	local pid
	pid=$(topo_peer_pid)
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	rm -f "$topo_pidfile"
}

topo_up
pid=$(topo_peer_pid)
# Everything below runs inside the peer namespace, peers included, except the one started
# with nsenter -t 1 (the VM's namespace), which connects across the veth.
in_peer wskctl run -v -D a4="$PEER_ADDR4" -D a6="$PEER_ADDR6" - <<'WSK'
service start e echo tcp $a4:0
service start u echo udp [$a6]:0
exec timeout=50s wskpeer echo $e.host $e.port 200000
exec timeout=50s nsenter -t 1 -n wskpeer echo $e.host $e.port 200000
exec timeout=50s wskpeer udp-echo $u.host $u.port 50 1000 8
socket create l listen $a4:0
event enable l accept,receive,disconnect
peer p wskpeer hold $l.host $l.port 100 20000
peer q nsenter -t 1 -n wskpeer hold $l.host $l.port 100 20000
wait accept on=l as=c1
wait accept on=l as=c2
socket create d datagram [$a6]:0
event enable d receive-from
WSK
# wskctl has exited (its peers killed, its file closed); now the namespace's last process.
end_holder
if ! t=$(gone_within 300); then
	echo "the namespace of a closed /dev/wsk file was not freed within 30 s (wsk0 is still there)"
	exit 1
fi
echo "part 1: namespace freed $((t / 10)).$((t % 10)) s after its last process exited"

# Part 2: the file pins its namespace.
topo_up
pid=$(topo_peer_pid)
# shellcheck disable=SC2016 # expanded by the inner shell
nsenter -t "$pid" -n sh -c 'exec 3<>/dev/wsk && exec nsenter -t 1 -n sleep 100000' &
keeper=$!
# Bounded wait until the keeper runs in the VM's namespace with the file open.
i=0
until [ "$(readlink "/proc/$keeper/ns/net" 2>/dev/null)" = "$(readlink /proc/self/ns/net)" ] &&
	[ "$(readlink "/proc/$keeper/fd/3" 2>/dev/null)" = /dev/wsk ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { echo "the keeper did not get back to the VM's namespace with /dev/wsk open"; exit 1; }
	sleep 0.05
done
end_holder
hold=$((2 * t + 10))
if gone_within "$hold" >/dev/null; then
	kill "$keeper"
	echo "the namespace went while a /dev/wsk file opened in it was still open"
	exit 1
fi
kill "$keeper"
wait "$keeper" 2>/dev/null || true
if ! t2=$(gone_within 300); then
	echo "the namespace was not freed within 30 s of its last /dev/wsk file closing"
	exit 1
fi
echo "part 2: kept $((hold / 10)).$((hold % 10)) s by the open file, freed $((t2 / 10)).$((t2 % 10)) s after its close"
