#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# wskctl-tools: the one-shot commands. `wskctl service echo` runs in the foreground, serves
# wskpeer, prints its counters every --interval and stops on SIGTERM with its final counters;
# `--for` ends it by itself. `wskctl -j monitor FILE` prints the records of FILE's commands as
# JSON lines, live. `wskctl -j socket create` answers with the handle as JSON.
set -u
fail() { echo "$*"; exit 1; }

wskctl service echo tcp 127.0.0.1:7777 --interval 500ms >/tmp/svc.out 2>&1 &
pid=$!
i=0
until grep -q running /tmp/svc.out; do
	i=$((i + 1))
	[ $i -lt 100 ] || { cat /tmp/svc.out; fail "the service did not start"; }
	sleep 0.1
done
wskpeer echo 127.0.0.1 7777 100000 3 || fail "wskpeer echo through 'wskctl service echo' failed"
# The service closes its side when the peer's end of stream arrives, which may be just after
# wskpeer is done: its counters (printed every 500 ms) show when.
i=0
until grep -q 'connections 3 (active 0) in 300000 bytes' /tmp/svc.out; do
	i=$((i + 1))
	[ $i -lt 100 ] || { cat /tmp/svc.out; fail "the service never showed 3 closed connections"; }
	sleep 0.1
done
kill -TERM $pid
wait $pid || { cat /tmp/svc.out; fail "wskctl service ended with status $? after SIGTERM"; }
cat /tmp/svc.out
grep -q 'connections 3 (active 0) in 300000 bytes' /tmp/svc.out ||
	fail "the final counters do not show 3 connections and 300000 bytes"
grep -q 'stopped by a signal' /tmp/svc.out || fail "no 'stopped by a signal' line"

out=$(wskctl -j service discard udp '[::1]:0' --for 300ms) || fail "service --for: $out"
echo "$out"
echo "$out" | grep -q '"started": "discard"' || fail "no JSON start line"
echo "$out" | grep -q '"datagrams_in": 0' || fail "no JSON counters"

cat >/tmp/mon.wsk <<'WSK'
socket create l listen 127.0.0.1:0
event enable l accept,receive
peer p wskpeer chunks $l.host $l.port 10 1 0 1000
wait accept on=l
wait receive
WSK
out=$(wskctl -j monitor --for 500ms /tmp/mon.wsk) || fail "monitor: $out"
echo "$out"
echo "$out" | grep -q '"kind": "accept", "handle": 1, .*"status": "SUCCESS"' ||
	fail "monitor printed no JSON accept record"
echo "$out" | grep -q '"kind": "receive", "handle": 2, .*"bytes": 10' ||
	fail "monitor printed no JSON receive record of 10 bytes"

out=$(wskctl -j socket create datagram 127.0.0.1:0) || fail "socket create: $out"
[ "$out" = '{"handle": 1}' ] || fail "socket create -j prints '$out'"
