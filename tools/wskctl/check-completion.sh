#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-completion.sh WSKCTL: the bash completion (wskctl.bash) offers the objects, verbs and
# argument words it should, read from WSKCTL's own --help. Offline: no module needed.
set -u
prog=$1
here=$(dirname "$0")
# shellcheck source=wskctl.bash
. "$here/wskctl.bash"
rc=0

# offers WORD WORDS...: completing the last of WORDS offers WORD (among others).
offers() {
	local word=$1
	shift
	COMP_WORDS=("$prog" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_wskctl
	case " ${COMPREPLY[*]} " in *" $word "*) return 0 ;; esac
	return 1
}
expect() {
	offers "$@" || { echo "check-completion: '${*:2}' does not offer '$1'"; rc=1; }
}
refuse() {
	! offers "$@" || { echo "check-completion: '${*:2}' offers '$1'"; rc=1; }
}

expect socket so
expect service se
expect version ver
expect --pretty --p
expect create socket cr
expect listen socket l
expect send-messages socket send-m
expect stream socket create s
expect receive-from event enable 1 rec
expect monitor -j mon
refuse socket ser
refuse wait ""		# script-only commands are not offered
[ "$(complete -p wskctl)" = "complete -F _wskctl wskctl" ] || { echo "check-completion: not registered"; rc=1; }
[ $rc = 0 ] && echo "check-completion: objects, verbs and argument words complete"
exit $rc
