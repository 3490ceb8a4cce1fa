# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# storm.sh: pieces of the wskctl scripts of the connection-storm scenarios (hostile-rst-storm,
# hostile-fin-storm, hostile-halfopen, hostile-connect-flood). Sourced after netns.sh; busybox
# sh. The script language has no loops, so a scenario writes its script with these, one line
# per connection where it must check each one.
#
#   lines N TEMPLATE     TEMPLATE once for each I of 1..N, every @ in it replaced by I
#   lines_odd N TEMPLATE the same for the odd I only; lines_even for the even ones
#   no_leak_lines        the file holds exactly one handle (the listener $l) besides the ones
#                        it makes: with max_sockets at 2 one more socket is allowed and a
#                        second refused (EMFILE); a child whose handle or charge leaked makes
#                        the first fail. Restores max_sockets to $max (wskctl -D max=...).
#   serve_lines          a normal connection after the storm: the echo service $e returns
#                        100 KB, and the listener $l accepts one whose 1,000 bytes it sees,
#                        then its disconnect; it answers 1,000 bytes and closes (the peer
#                        checks them); then the echo service has no connection left
#   storm_prepare        records max_sockets in $max, restored at exit, and brings up the topology
#   storm_head_lines MARK MODE ARG
#                        the echo service $e, the listener $l with accept, receive and
#                        disconnect events, the time mark MARK, and the peer s running
#                        wskpeer's storm MODE with ARG against $l
#   storm_scenario MODE WAITS WHAT
#                        the whole of a storm scenario (hostile-rst-storm, hostile-fin-storm):
#                        $n connections of wskpeer's storm MODE against the listener, the
#                        function WAITS prints the wait lines for what each child must see,
#                        then no other event, no handle leaked, the same storm against the echo
#                        service, and serve_lines. WHAT names the storm in the printed figures.
#
# The wskctl variables they use: $l (a /dev/wsk listener with accept, receive and disconnect
# events), $e (an echo service), $pid (the peer namespace's process), $max. storm_scenario also
# needs the shell variable n, the number of connections, set by the scenario.

lines() {
	awk -v n="$1" -v t="$2" -v step="${3:-1}" -v from="${4:-1}" \
		'BEGIN { for (i = from; i <= n; i += step) { s = t; gsub(/@/, i, s); print s } }'
}

lines_odd() {
	lines "$1" "$2" 2 1
}

lines_even() {
	lines "$1" "$2" 2 2
}

no_leak_lines() {
	cat <<'WSK'
exec sh -c "echo 2 >/sys/module/wsk/parameters/max_sockets"
socket create b1 basic
socket create b2 basic expect=EMFILE
socket close b1
exec sh -c "echo $max >/sys/module/wsk/parameters/max_sockets"
echo "no handle leaked: with max_sockets at 2, the listener and one new socket, not two"
WSK
}

serve_lines() {
	cat <<'WSK'
exec timeout=20s nsenter -t $pid -n wskpeer echo $e.host $e.port 100000
peer p nsenter -t $pid -n wskpeer send $l.host $l.port 1000 1000
wait accept on=l as=x status=SUCCESS timeout=10s
wait receive on=x total=1000 timeout=10s
wait disconnect on=x graceful timeout=10s
socket send x size=1000
socket disconnect x
wait-peer p timeout=10s
socket close x
wait-stats e active=0 timeout=10s
echo "a normal connection is served after the storm, by the echo service and by the listener"
WSK
}

storm_prepare() {
	max=$(cat /sys/module/wsk/parameters/max_sockets)
	trap 'echo "$max" >/sys/module/wsk/parameters/max_sockets' EXIT
	topo_up
}

storm_head_lines() {
	cat <<'WSK'
service start e echo tcp $a4:0
socket create l listen $a4:0
event enable l accept,receive,disconnect
WSK
	printf 'exec sh /lib/wsk/measure.sh mark %s\n' "$1"
	# shellcheck disable=SC2016 # wskctl's variables
	printf 'peer s nsenter -t $pid -n wskpeer storm $l.host $l.port $n %s %s\n' "$2" "$3"
}

storm_scenario() {
	mode=$1 waits=$2 what=$3
	storm_prepare
	{
		storm_head_lines storm "$mode" 0
		lines "$n" 'wait accept on=l as=c@ status=SUCCESS timeout=20s'
		"$waits"
		cat <<'WSK'
wait-peer s timeout=30s
exec sh /lib/wsk/measure.sh since storm "$n connections $what: $n accepted, and each child saw what it must, in"
expect-no event disconnect
expect-no event receive
expect-no event accept
WSK
		lines "$n" 'socket close c@'
		no_leak_lines
		cat <<'WSK'
exec sh /lib/wsk/measure.sh mark echo
exec timeout=30s nsenter -t $pid -n wskpeer storm $e.host $e.port $n $mode 0
wait-stats e connections=$n active=0 timeout=20s
exec sh /lib/wsk/measure.sh since echo "$n connections $what against the echo service: all counted, none left open, in"
WSK
		serve_lines
		echo 'socket close l'
	} >/tmp/storm.wsk
	wskctl run -D pid="$(topo_peer_pid)" -D a4="$WSK_ADDR4" -D n="$n" -D max="$max" \
		-D mode="$mode" -D what="$what" /tmp/storm.wsk
	topo_down
}
