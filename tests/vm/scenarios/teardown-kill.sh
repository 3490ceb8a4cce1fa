#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# teardown-kill: closing /dev/wsk, by the end of a script or by killing wskctl (SIGKILL and
# SIGTERM) mid-scenario, closes everything the file owns whatever its state: a listener, a
# connection with a callback held in progress, one with retained data and a receive request
# pending, a datagram socket and a running service. Afterwards nothing accepts connections on
# their ports, and (at the end of the VM run) the module unloads with no leak (kmemleak) and
# no warning in the kernel log.
set -u

# run_and_end SIGNAL: start the script, wait until it is set up, end it (SIGNAL, or "none"
# to let the script end by itself), and check that everything is gone.
run_and_end() {
	sig=$1
	rm -f /tmp/td.out
	pause=30s
	[ "$sig" = none ] && pause=3s
	wskctl run -D pause=$pause - >/tmp/td.out 2>&1 <<'WSK' &
socket create l listen process 127.0.0.1:0
policy set l receive consume hold
event enable l accept,receive
peer p1 wskpeer chunks $l.host $l.port 10 1 0 20000
wait accept on=l as=held
wait held on=held
socket create r listen 127.0.0.1:0
policy set r receive retain
event enable r accept,receive
peer p2 wskpeer chunks $r.host $r.port 10 1 0 20000
wait accept on=r as=kept
wait receive on=kept status=PENDING
socket receive kept 100 async
socket create d datagram 127.0.0.1:0
event enable d receive-from
service start e echo tcp 127.0.0.1:0
echo READY $l.port $r.port $e.port
sleep $pause
WSK
	pid=$!
	i=0
	while ! grep -q READY /tmp/td.out 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 $pid 2>/dev/null; then
			cat /tmp/td.out
			echo "the script did not get ready ($sig)"
			return 1
		fi
		sleep 0.1
	done
	set -- $(grep READY /tmp/td.out)
	ports="$2 $3 $4"
	wskpeer echo 127.0.0.1 "$4" 1000 || { echo "the echo service does not answer"; return 1; }
	[ "$sig" = none ] || kill -"$sig" $pid
	wait $pid
	st=$?
	case "$sig:$st" in
	none:0 | KILL:137 | TERM:143) ;;
	*) cat /tmp/td.out; echo "wskctl ended with status $st after $sig"; return 1 ;;
	esac
	for port in $ports; do
		if wskpeer send 127.0.0.1 "$port" 1 2>/dev/null; then
			echo "port $port still accepts connections after wskctl ended ($sig)"
			return 1
		fi
	done
	echo "ok: $sig: nothing left on ports $ports"
}

run_and_end none || exit 1
run_and_end KILL || exit 1
run_and_end TERM || exit 1
