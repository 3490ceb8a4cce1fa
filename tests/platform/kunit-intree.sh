#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit-intree.sh: the KUnit suites (tests/kunit) the kernel's way. This tree is placed in a copy
# of Debian's linux-source-6.12 as net/wsk, with the two lines that hook it in (net/Kconfig,
# net/Makefile), and KUnit's own tool builds a kernel from net/wsk/.kunitconfig, wsk and its
# suites built in, and boots it under QEMU, where the suites run at boot:
#
#   tools/testing/kunit/kunit.py build --kunitconfig=net/wsk --arch=x86_64 ...
#   tools/testing/kunit/kunit.py exec  --kunitconfig=net/wsk --arch=x86_64 ...
#
# It records one result per test case, "kunit/intree-6.12/SUITE.CASE", plus these checks:
#
#   kunit/intree-6.12/build       kunit.py configured and built the kernel
#   kunit/intree-6.12/kunit.py    kunit.py's verdict on the whole run (every suite in the kernel)
#   kunit/intree-6.12/ktap        the kernel printed KTAP, and every plan got all its results
#   kunit/intree-6.12/kernel-log  the console has no line matching WSK_BAD_LOG (lib.sh)
#
# and one failure per case that the sources declare (ktap.py cases) and the run did not report,
# so the run counts exactly what kunit.sh counts for wsk_kunit.ko; a run that reported fewer
# cases, or none, fails.
#
# The copy of the kernel source and kunit.py's build directory are kept in
# $WSK_CACHE/kunit-intree/linux-source-6.12_VERSION/ (linux/ and build/), so that a second run
# rebuilds only what changed. The copy is made of hard links to the unpacked source (deps.sh):
# the two files it changes are replaced, never written in place, and nothing else in it is
# written (kunit.py builds in build/). The boot holds /tmp/wsk-vm.lock, one VM at a time.
#
# WSK_KUNIT_TIMEOUT overrides the time limit of the boot (kunit.py --timeout, default 600 s).
# $WSK_OUT/intree-6.12/ receives kunit-intree-build.log, kunit-intree-exec.log (kunit.py's
# report), kunit-intree-console.log (the whole boot), kunit-intree.ktap and kunit-intree.json.

set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu.sh"
load_versions

P="$WSK_TOP/tests/platform"
SERIES=6.12
TARGET=$WSK_INTREE_TARGETS
SRC=$(src_dir "$SERIES")
BASE="$WSK_CACHE/kunit-intree/linux-source-${SERIES}_$SRC_6_12"
TREE="$BASE/linux"
BUILD="$BASE/build"
# Where the tree goes in the kernel source, and the lines that hook it in there.
PLACE=net/wsk
KCONFIG_LINE='source "net/wsk/Kconfig"'
# shellcheck disable=SC2016 # make's $(...), not the shell's
MAKEFILE_LINE='obj-$(CONFIG_WSK)		+= wsk/'
# The files of this tree the kernel build reads.
FILES=(Kconfig .kunitconfig Kbuild VERSION include kmod tests/kunit)

[ "$#" -eq 0 ] || [ "$*" = "$TARGET" ] || die "kunit-intree.sh: the only target is $TARGET"

# replace FILE: FILE.new becomes FILE (a new inode: the hard-linked original is left alone).
replace() {
	chmod --reference="$1" "$1.new"
	mv "$1.new" "$1"
}

# prepare: the kernel source copy with this tree at $PLACE and hooked in, idempotently.
prepare() {
	[ -f "$SRC/Makefile" ] || die "no kernel source at $SRC: run tests/platform/deps.sh"
	if [ ! -f "$BASE/.linux-copied" ]; then
		msg "$TARGET: linking a copy of $SRC to $TREE"
		rm -rf "$TREE"
		mkdir -p "$BASE"
		cp -al "$SRC" "$TREE"
		touch "$BASE/.linux-copied"
	fi
	# The tree's own files only (tracked, or new and not ignored): never an object left
	# behind by an out-of-tree build, which make would find through VPATH. tar keeps the
	# times, so an unchanged file is not rebuilt.
	rm -rf "${TREE:?}/$PLACE"
	mkdir -p "$TREE/$PLACE"
	git -C "$WSK_TOP" ls-files -z -c -o --exclude-standard -- "${FILES[@]}" |
		tar -C "$WSK_TOP" --null -T - -cf - | tar -C "$TREE/$PLACE" -xf -
	[ -f "$TREE/$PLACE/Kconfig" ] || die "could not place the tree at $TREE/$PLACE"

	if ! grep -qxF "$KCONFIG_LINE" "$TREE/net/Kconfig"; then
		grep -qx 'endif   # if NET' "$TREE/net/Kconfig" ||
			die "no 'endif   # if NET' in $TREE/net/Kconfig to put '$KCONFIG_LINE' before"
		awk -v line="$KCONFIG_LINE" '$0 == "endif   # if NET" { print line; print "" } 1' \
			"$TREE/net/Kconfig" >"$TREE/net/Kconfig.new"
		replace "$TREE/net/Kconfig"
	fi
	if ! grep -qxF "$MAKEFILE_LINE" "$TREE/net/Makefile"; then
		{ cat "$TREE/net/Makefile" && printf '%s\n' "$MAKEFILE_LINE"; } \
			>"$TREE/net/Makefile.new"
		replace "$TREE/net/Makefile"
	fi
}

# expected TARGET: the checks a run reports (run_targets, qemu.sh).
expected() {
	printf '%s\n' build kunit.py ktap kernel-log
	python3 "$P/ktap.py" cases "$WSK_TOP"/tests/kunit/*.c
}

# run_target TARGET: build, boot and analyse (in a subshell of run_targets).
run_target() {
	local name="kunit/$1" dir="$WSK_OUT/$1" kunit_py t0 build_s run_s limit rc=0 line locked
	local args
	kunit_py="$TREE/tools/testing/kunit/kunit.py"
	rm -f "$dir"/kunit-intree*
	t0=$(date +%s)
	prepare
	# The same arguments for both steps, so that exec finds what build made.
	args=(--kunitconfig="$TREE/$PLACE" --arch=x86_64 --build_dir="$BUILD")
	msg "$TARGET: kunit.py build in $BUILD (log: $dir/kunit-intree-build.log)"
	if ! (cd "$TREE" && nice python3 "$kunit_py" build "${args[@]}" --jobs="$WSK_JOBS") \
		>"$dir/kunit-intree-build.log" 2>&1; then
		result fail "$name/build" "kunit.py build failed: $(console_tail "$dir/kunit-intree-build.log")"
		return
	fi
	result pass "$name/build"
	build_s=$(($(date +%s) - t0))

	limit=${WSK_KUNIT_TIMEOUT:-600}
	msg "$TARGET: kunit.py exec under QEMU (limit $limit s)"
	# A boot that never starts must not leave the last run's console to be read as this one's.
	rm -f "$BUILD/test.log"
	t0=$(date +%s)
	# TCG, as every boot here (qemu.sh); two CPUs for the flood case of wsk_datagram. One VM
	# at a time: the boot waits for /tmp/wsk-vm.lock, and its time is counted from when it
	# has it. The outer limit is only for a kunit.py that fails to stop its own QEMU.
	(
		flock 9
		date +%s >"$dir/kunit-intree.locked"
		cd "$TREE"
		exec timeout -k 10 $((limit + 120)) python3 "$kunit_py" exec "${args[@]}" \
			--timeout="$limit" --qemu_args="-accel tcg -smp 2,sockets=2" \
			--json="$dir/kunit-intree.json"
	) 9>/tmp/wsk-vm.lock >"$dir/kunit-intree-exec.log" 2>&1 </dev/null || rc=$?
	locked=$(cat "$dir/kunit-intree.locked" 2>/dev/null || echo "$t0")
	run_s=$(($(date +%s) - locked))
	[ "$((locked - t0))" -lt 5 ] || msg "$TARGET: waited $((locked - t0)) s for /tmp/wsk-vm.lock"
	echo "$build_s $run_s" >"$dir/kunit.times"
	cp "$BUILD/test.log" "$dir/kunit-intree-console.log" 2>/dev/null ||
		: >"$dir/kunit-intree-console.log"
	line=$(grep -E '^\[[0-9:]+\] (Testing complete|Ran [0-9]+ tests|Elapsed time)' \
		"$dir/kunit-intree-exec.log" | sed 's/^\[[0-9:]*\] //' | paste -sd ';' - || true)
	msg "$TARGET: kunit.py: ${line:-no summary (see $dir/kunit-intree-exec.log)}"
	if [ "$rc" = 0 ]; then
		result pass "$name/kunit.py"
	else
		result fail "$name/kunit.py" \
			"exit status $rc: ${line:-$(console_tail "$dir/kunit-intree-exec.log")}"
	fi

	# kunit.py's KTAP of the boot, then one result per case of ours (the kernel has only
	# the suites the .kunitconfig enables, but any other would be KUnit's, not ours).
	python3 "$kunit_py" parse --raw_output=kunit "$dir/kunit-intree-console.log" \
		>"$dir/kunit-intree.ktap" 2>/dev/null || true
	args=("$dir/kunit-intree.ktap")
	[ ! -s "$dir/kunit-intree.json" ] || args+=("$dir/kunit-intree.json")
	python3 "$P/ktap.py" results "${args[@]}" >"$dir/kunit-intree.results" ||
		result fail "$name/ktap.py" "parsing the KTAP failed"
	awk -F'\t' '$2 == "ktap" || index($2, "wsk_") == 1' "$dir/kunit-intree.results" |
		while IFS=$'\t' read -r st case reason; do
			result "$st" "$name/$case" "$reason"
		done
	check_kernel_log "$name/kernel-log" "$dir/kunit-intree-console.log" 'Subtest: wsk_'
}

run_targets kunit run_target expected "$TARGET"
