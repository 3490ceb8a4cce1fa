#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# check-help.sh WSKCTL: every command answers --help with its usage (exit 0), and bad input
# gives an error that names the command and the argument (exit 1), all without /dev/wsk.
set -u
w=${1:-./wskctl}
rc=0
bad() { echo "check-help: $*"; rc=1; }

for cmd in version "socket create" "socket bind" "socket connect" "socket accept" \
	"socket send" "socket receive" "socket send-to" "socket receive-from" \
	"socket disconnect" "socket close" "socket listen" "socket send-messages" \
	"socket address" "socket info" "event enable" \
	"event disable" "event static" "policy set" "hold release" "retained release" \
	"backlog query" inspect "option set" "option get" ioctl service monitor run wait expect expect-no peer wait-peer exec sleep \
	echo set events wait-info wait-stats resolve name-info; do
	# shellcheck disable=SC2086
	out=$($w $cmd --help 2>&1) || bad "'$cmd --help' failed: $out"
	case "$out" in "Usage: wskctl $cmd"*) ;; *) bad "'$cmd --help' prints: $out" ;; esac
done
$w --help | grep -q '^Usage: wskctl' || bad "--help"

# expect_err EXPECTED-SUBSTRING ARGS...: fails with exit 1 and says EXPECTED.
expect_err() {
	want=$1
	shift
	out=$($w "$@" 2>&1)
	st=$?
	[ $st = 1 ] || bad "'$*' exit status $st, not 1 ($out)"
	case "$out" in *"$want"*) ;; *) bad "'$*' says '$out', not '$want'" ;; esac
}
expect_err "wskctl event enable: argument 'x': not a socket handle" event enable x receive
expect_err "wskctl event enable: argument 'recieve': unknown event 'recieve'" \
	event enable 1 recieve
expect_err "wskctl socket bind: argument '1.2.3.4': missing ':PORT'" socket bind 1 1.2.3.4
expect_err "wskctl socket connect: argument '[::1]:99999': bad port" socket connect 1 '[::1]:99999'
expect_err "wskctl policy set: argument 'keep': unknown action" policy set 1 receive keep
expect_err "wskctl socket create: missing the category" socket create tcp
expect_err "wskctl wait: only in scripts" wait receive
expect_err "wskctl service stats: " service stats 1
expect_err "wskctl option set: argument 'nagle': unknown option" option set 1 nagle 1
expect_err "wskctl resolve: argument 'ipv5': unknown" resolve ::1 80 ipv5
expect_err "wskctl name-info: argument '127.0.0.1': missing ':PORT'" name-info 127.0.0.1
expect_err "wskctl option set: argument 'on:x': not 'off' or 'on:SECONDS'" option set 1 linger on:x
expect_err "wskctl ioctl: argument 'frob': unknown IOCTL" ioctl 1 frob
expect_err "wskctl frobnicate: unknown command" frobnicate
expect_err "wskctl socket: argument 'frob': unknown verb" socket frob

# Unique prefixes of objects and verbs, as in ip; ambiguous ones name the candidates.
out=$($w so cr --help 2>&1) || bad "'so cr --help': $out"
case "$out" in "Usage: wskctl socket create"*) ;; *) bad "'so cr --help' prints: $out" ;; esac
out=$($w event dis --help 2>&1) || bad "'event dis --help': $out"
case "$out" in "Usage: wskctl event disable"*) ;; *) bad "'event dis --help' prints: $out" ;; esac
expect_err "wskctl s: ambiguous abbreviation of socket, service, show, sleep, set" s info 1
expect_err "wskctl socket: argument 'c': ambiguous abbreviation of create, connect, close" \
	socket c
expect_err "wskctl socket info: argument 'x': not a socket handle" so inf x
# An exact name wins over a longer one it is a prefix of.
out=$($w socket receive --help 2>&1) || bad "'socket receive --help': $out"
case "$out" in "Usage: wskctl socket receive SOCKET"*) ;; *) bad "exact verb: $out" ;; esac
# -p: pretty JSON (implies -j); grouped short options.
out=$($w -jp --version) || bad "-jp --version"
[ "$(printf '%s\n' "$out" | head -n 2 | tail -n 1)" = '  "wskctl_version": "'"$($w --version |
	cut -d' ' -f2)"'",' ] || bad "-jp --version prints: $out"
[ "$($w -p -V | wc -l)" -gt 2 ] || bad "-p -V is not pretty"
[ "$($w -j -V | wc -l)" = 1 ] || bad "-j -V is not one line"

# Script errors name the file and the line, and are checked before /dev/wsk is needed.
out=$(printf 'echo one\n\nsocket create l listen tcp 127.0.0.1:9x\n' | $w run - 2>&1)
case "$out" in
*"wskctl run <stdin>:3: socket create: argument '127.0.0.1:9x': bad port"*) ;;
*) bad "script error: $out" ;;
esac
out=$(printf 'wait receive on=nosuch\n' | $w run - 2>&1)
case "$out" in
*"<stdin>:1: wait: argument 'nosuch': no socket of that name"*) ;;
*) bad "unknown name: $out" ;;
esac
out=$(printf 'set x 5\necho "v=$x" $y\n' | $w run - 2>&1)
case "$out" in *"<stdin>:2: : \$y: no variable"*) ;; *) bad "unknown variable: $out" ;; esac
out=$(printf 'set x 5\necho "v=$x" "a b" c\\x41\n' | $w run - 2>&1)
[ "$out" = "v=5 a b cA" ] || bad "tokens: $out"
[ $rc = 0 ] && echo "check-help: every command has --help; errors name the argument"
exit $rc
