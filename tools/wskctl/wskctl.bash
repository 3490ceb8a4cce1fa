# SPDX-License-Identifier: GPL-2.0
# bash completion for wskctl: options, objects and verbs (read from the installed wskctl's
# own --help, so they never go stale), and the words some arguments take.

_wskctl_commands()
{
	# "  object verb" lines of the Commands section of wskctl --help.
	"${1:-wskctl}" --help 2>/dev/null |
		sed -n '/^Commands/,/^Script commands/s/^  \([a-z-]*\)\( \([a-z-]*\)\)\{0,1\}$/\1 \3/p'
}

_wskctl()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prog=${COMP_WORDS[0]} i n=0 object="" verb=""
	local words=()

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) words+=("${COMP_WORDS[i]}") ;;
		esac
	done
	n=${#words[@]}
	[ "$n" -ge 1 ] && object=${words[0]}
	[ "$n" -ge 2 ] && verb=${words[1]}

	if [ "$n" -eq 0 ]; then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "-j --json -p --pretty --drop-cap -V --version -h --help" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "$(_wskctl_commands "$prog" | cut -d' ' -f1 | sort -u) help" -- "$cur")
		fi
		return 0
	fi
	if [ "$n" -eq 1 ]; then
		local verbs
		verbs=$(_wskctl_commands "$prog" | awk -v o="$object" '$1 == o && NF > 1 { print $2 }')
		if [ -n "$verbs" ]; then
			mapfile -t COMPREPLY < <(compgen -W "$verbs --help" -- "$cur")
			return 0
		fi
	fi
	case "$object $verb" in
	"run "* | "monitor "*)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	"socket create")
		mapfile -t COMPREPLY < <(compgen -W "basic listen connection datagram stream tcp udp ipv4 ipv6 process bind connect" -- "$cur")
		;;
	"event "*)
		mapfile -t COMPREPLY < <(compgen -W "accept receive receive-from disconnect send-backlog request" -- "$cur")
		;;
	"policy set")
		mapfile -t COMPREPLY < <(compgen -W "accept receive receive-from disconnect send-backlog inspect reject consume accept-bytes retain decline pend hold" -- "$cur")
		;;
	"service "*)
		mapfile -t COMPREPLY < <(compgen -W "echo discard tcp udp" -- "$cur")
		;;
	*)
		mapfile -t COMPREPLY < <(compgen -W "--help" -- "$cur")
		;;
	esac
	return 0
}

complete -F _wskctl wskctl
