#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# kunit-init.sh: /init (PID 1) of the KUnit initramfs that tests/platform/kunit.sh boots under
# QEMU. It loads the modules named in WSK_MODULES in order (the last one runs the KUnit suites
# while it loads and prints their KTAP), unloads them in reverse order and stops the machine.
# It calls every tool as /bin/busybox APPLET.
#
# Its parameters come from the kernel command line, which passes NAME=value words it does not
# know to init's environment:
#   WSK_MODULES  comma-separated absolute paths of the .ko files, in load order
#   WSK_HALT     reboot (the test kernels have no ACPI to power off with, and QEMU runs with
#                -no-reboot, so a reboot ends it) or poweroff
#   WSK_KUNIT_FILTER  optional: kunit.ko's filter_glob (kunit.sh)
#
# Results go only through the kernel log: every line of this script is written to /dev/kmsg
# ("wsk-kunit: ..."), so that it is ordered with the kernel's own messages (KTAP included) and
# is never interleaved with them mid-line as direct writes to a serial console can be.

bb=/bin/busybox

$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
# The initramfs has only /dev/console.
[ -c /dev/kmsg ] || $bb mount -t devtmpfs devtmpfs /dev

say() {
	echo "wsk-kunit: $*" >/dev/kmsg 2>/dev/null || echo "wsk-kunit: $*"
}

halt() {
	say "done"
	case "${WSK_HALT:-reboot}" in
	reboot) $bb reboot -f ;;
	*) $bb poweroff -f ;;
	esac
	# Not reached; PID 1 must never exit (that panics).
	while :; do $bb sleep 60; done
}

# The network suites bind to 127.0.0.1 and ::1, which exist only once lo is up.
$bb ip link set lo up || say "cannot bring lo up"

[ -n "${WSK_MODULES:-}" ] || { say "no WSK_MODULES on the kernel command line"; halt; }
IFS=,
# shellcheck disable=SC2086 # split on commas on purpose
set -- $WSK_MODULES
unset IFS

$bb mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# On the KCSAN kernel: the kernel's own benign races are not reported (the list says why).
$bb sh /lib/wsk/kcsan-ignore.sh

kmemleak=/sys/kernel/debug/kmemleak
if [ "${WSK_KMEMLEAK:-0}" = 1 ]; then
	# Objects the kernel leaked while booting are not ours: forget them.
	echo clear >"$kmemleak" 2>/dev/null || say "kmemleak is not available"
fi

# Load in order; stop at the first failure but unload whatever did load.
loaded=""
for ko in "$@"; do
	name=${ko##*/}
	name=${name%.ko}
	say "insmod $name"
	args=""
	[ "$name" != kunit ] || [ -z "${WSK_KUNIT_FILTER:-}" ] ||
		args="filter_glob=$WSK_KUNIT_FILTER"
	# shellcheck disable=SC2086 # no argument or one
	if ! out=$($bb insmod "$ko" $args 2>&1); then
		say "insmod $name failed: $out"
		break
	fi
	say "loaded $name"
	loaded="$name $loaded"
done

for name in $loaded; do
	if out=$($bb rmmod "$name" 2>&1); then
		say "rmmod $name ok"
	else
		say "rmmod $name failed: $out (refcnt $($bb cat "/sys/module/$name/refcnt" 2>/dev/null))"
	fi
done

if [ "${WSK_KMEMLEAK:-0}" = 1 ]; then
	# Not synchronisation: kmemleak reports no object younger than 5 s, and all that the
	# suites allocated was allocated before the rmmod above. The second scan reports what
	# the first one found unchanged. A leak makes the kernel log "kmemleak: N new
	# suspected memory leaks", which fails the kernel-log check; the details follow it.
	$bb sleep 6
	echo scan >"$kmemleak"
	echo scan >"$kmemleak"
	$bb cat "$kmemleak" | while IFS= read -r line; do say "kmemleak: $line"; done
fi

halt
