# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# push-measure.sh PID HOST PORT SECONDS MAX LIMIT_KB: from the network namespace of PID, a peer
# that sends to HOST:PORT for SECONDS (at most MAX bytes) and never reads (wskpeer push). While
# it runs, the VM's available memory is sampled; the figures are printed. Fails if the peer
# could send all MAX bytes (nothing held it back) or if available memory fell by more than
# LIMIT_KB. Run by the hostile-peer scenarios (wskctl run: exec sh /lib/wsk/push-measure.sh).

pid=$1 host=$2 port=$3 secs=$4 max=$5 limit=$6
avail() { awk '/^MemAvailable:/ { print $2 }' /proc/meminfo; }
before=$(avail)
low=$before
nsenter -t "$pid" -n wskpeer push "$host" "$port" "$secs" "$max" >/tmp/push.out 2>&1 &
p=$!
# Measurement, not synchronisation: the peer ends by itself after SECONDS.
while kill -0 "$p" 2>/dev/null; do
	m=$(avail)
	[ "$m" -lt "$low" ] && low=$m
	sleep 0.2
done
wait "$p"
rc=$?
sent=$(tail -n 1 /tmp/push.out)
echo "never-reading peer: sent $sent bytes in $secs s; MemAvailable $before kB before, lowest $low kB (down $((before - low)) kB)"
[ "$rc" = 0 ] || { echo "wskpeer push failed: $(cat /tmp/push.out)"; exit 1; }
[ "$sent" -lt "$max" ] || { echo "nothing held the peer back: it sent all $max bytes"; exit 1; }
[ $((before - low)) -le "$limit" ] || { echo "memory fell by more than $limit kB"; exit 1; }
exit 0
