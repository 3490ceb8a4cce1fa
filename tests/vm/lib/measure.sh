# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# measure.sh: the time, CPU and counter figures of the hostile-peer scenarios. Run, not
# sourced, so that a wskctl script can call it (exec sh /lib/wsk/measure.sh ...); busybox sh.
#
#   measure.sh mark NAME              remember now: uptime, /proc/stat, NET_RX softirqs,
#                                     backlog drops, /proc/net/snmp and /proc/net/netstat
#   measure.sh since NAME LABEL [MAX] print "LABEL: S s" since the mark; fail if over MAX s
#   measure.sh cpu NAME LABEL [IDLE]  print the CPU time shares since the mark (all CPUs and
#                                     each; fail if all CPUs were idle more than IDLE %), NET_RX softirqs, IP and UDP counters, backlog
#                                     drops
#   measure.sh tcp NAME FIELD...      print the growth of TcpExt counters since the mark
#   measure.sh delta NAME PROTO FIELD the growth of one counter since the mark (a number)
#   measure.sh atleast NAME PROTO FIELD MIN
#                                     print that growth; fail if it is below MIN
#   measure.sh mem NAME LABEL         print how much MemAvailable fell since the mark
#   measure.sh listenq PORT           the length of the accept queue of the listener on local
#                                     PORT (IPv4), from /proc/net/tcp
#   measure.sh drained PORT SECONDS   wait (bounded) until that accept queue is empty: a
#                                     barrier on kernel state no event record shows
#
# Figures only: nothing here waits for anything but drained, which polls a condition.

set -eu
dir=/tmp/measure

# counters PROTO: "PROTO:Field value" lines of /proc/net/snmp and /proc/net/netstat.
counters() {
	awk '
		{ p = $1 }
		seen[p] == 1 { for (i = 2; i <= NF; i++) print p name[p, i], $i; next }
		{ seen[p] = 1; for (i = 2; i <= NF; i++) name[p, i] = $i }' \
		/proc/net/snmp /proc/net/netstat
}

uptime_cs() {
	awk '{ split($1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime
}

# The packets the network device's backlog (netif_rx) dropped, all CPUs.
softnet_drops() {
	local n=0 d
	while read -r _ d _; do
		n=$((n + 0x$d))
	done </proc/net/softnet_stat
	echo "$n"
}

netrx() {
	awk '$1 == "NET_RX:" { s = 0; for (i = 2; i <= NF; i++) s += $i; print s }' /proc/softirqs
}

get() { # get FILE KEY: the value of KEY in a mark's counters
	awk -v k="$2" '$1 == k { print $2; found = 1; exit } END { if (!found) print 0 }' "$1"
}

memavail() {
	awk '/^MemAvailable:/ { print $2 }' /proc/meminfo
}

mark() {
	mkdir -p "$dir/$1"
	uptime_cs >"$dir/$1/uptime"
	grep '^cpu' /proc/stat >"$dir/$1/stat"
	netrx >"$dir/$1/netrx"
	softnet_drops >"$dir/$1/softnet"
	counters >"$dir/$1/counters"
	memavail >"$dir/$1/mem"
}

mem() {
	echo "$2: MemAvailable $(cat "$dir/$1/mem") kB at the mark, $(memavail) kB now" \
		"(down $(($(cat "$dir/$1/mem") - $(memavail))) kB)"
}

atleast() {
	local d
	d=$(delta "$1" "$2" "$3")
	echo "$2 $3: +$d since $1"
	if [ "$d" -lt "$4" ]; then
		echo "$2 $3 grew by $d since $1, expected at least $4"
		exit 1
	fi
}

since() {
	local now was cs
	now=$(uptime_cs)
	was=$(cat "$dir/$1/uptime")
	cs=$((now - was))
	printf '%s: %d.%02d s\n' "$2" $((cs / 100)) $((cs % 100))
	if [ -n "${3:-}" ] && [ "$cs" -gt $(($3 * 100)) ]; then
		echo "$2 took longer than $3 s"
		exit 1
	fi
}

cpu() {
	local tmp=$dir/$1/stat.now rc=0
	grep '^cpu' /proc/stat >"$tmp"
	# Fields of a cpu line: user nice system idle iowait irq softirq steal ...
	awk -v label="$2" '
		NR == FNR { for (i = 2; i <= NF; i++) b[$1, i] = $i; next }
		{
			t = 0
			for (i = 2; i <= 9; i++) { d[i] = $i - b[$1, i]; t += d[i] }
			if (!t) t = 1
			printf "%s %s: user %d%%, system %d%%, softirq %d%%, irq %d%%, idle %d%% " \
				"(of %d ticks)\n", label, $1 == "cpu" ? "all CPUs" : $1,
				100 * (d[2] + d[3]) / t, 100 * d[4] / t, 100 * d[8] / t,
				100 * d[7] / t, 100 * (d[5] + d[6]) / t, t
			if ($1 == "cpu") idle = int(100 * (d[5] + d[6]) / t)
		}
		END { if (max != "" && idle > max + 0) {
			printf "%s: the CPUs were %d%% idle, more than %d%%\n", label, idle, max
			exit 1 } }' max="${3:-}" "$dir/$1/stat" "$tmp" || rc=1
	echo "$2: NET_RX softirqs $(($(netrx) - $(cat "$dir/$1/netrx")))," \
		"IP packets delivered +$(delta "$1" Ip InDelivers)," \
		"backlog drops +$(($(softnet_drops) - $(cat "$dir/$1/softnet")))," \
		"Udp RcvbufErrors +$(delta "$1" Udp RcvbufErrors)," \
		"InErrors +$(delta "$1" Udp InErrors)"
	return "$rc"
}

delta() {
	local now
	now=$(counters | awk -v k="$2:$3" '$1 == k { print $2; found = 1; exit }
		END { if (!found) print 0 }')
	echo $((now - $(get "$dir/$1/counters" "$2:$3")))
}

tcp() {
	local name=$1 f line=""
	shift
	for f in "$@"; do
		line="$line${line:+, }$f +$(delta "$name" TcpExt "$f")"
	done
	echo "TcpExt since $name: $line"
}

# /proc/net/tcp: "sl local rem st tx_queue:rx_queue ..."; a listener (st 0A) shows the length
# of its accept queue as rx_queue, in hex.
listenq() {
	local q
	q=$(awk -v port="$(printf '%04X' "$1")" '
		$4 == "0A" { split($2, a, ":"); if (a[2] == port) { print $5; exit } }' /proc/net/tcp)
	[ -n "$q" ] || { echo "no listener on port $1"; exit 1; }
	echo "$((0x${q#*:}))"
}

drained() {
	local i=0 q
	while q=$(listenq "$1") && [ "$q" != 0 ]; do
		i=$((i + 1))
		if [ "$i" -gt $(($2 * 20)) ]; then
			echo "the accept queue of port $1 still holds $q connections after $2 s"
			exit 1
		fi
		sleep 0.05
	done
	[ "$q" = 0 ] || { echo "$q"; exit 1; }
}

cmd=$1
shift
case "$cmd" in
mark | since | cpu | tcp | delta | atleast | mem | listenq | drained) "$cmd" "$@" ;;
*) echo "measure.sh: unknown command '$cmd'"; exit 2 ;;
esac
