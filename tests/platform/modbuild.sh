#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# modbuild.sh TARGET: build wsk.ko (and wsk_kunit.ko when the target has KUnit) for one target
# kernel, warning-free with W=1 and sparse-clean (C=1), and print the build directory.
#
# Targets:  stock-6.1 stock-6.12   Debian's generic kernels (headers unpacked by deps.sh)
#           rt-6.1 rt-6.12         Debian's PREEMPT_RT kernels (headers unpacked by deps.sh)
#           x86dbg-6.1 x86dbg-6.12 the x86_64 debug kernels (kernels.sh x86)
#           kcsan-6.12             the x86_64 KCSAN kernel (kernels.sh kcsan)
#
# An out-of-tree build writes its objects next to its sources, so each target builds in its own
# copy of the sources under $WSK_OUT/TARGET/src. WSK_INJECT=warn|leak|pin|race|rtnest|kunit
# compiles in one deliberate fault (see kmod/main.c); the platform's self-check uses it.

set -eu
. "$(dirname "$0")/lib.sh"
load_versions

target=$1
if deb=$(debian_kernel "$target") && [ -n "$deb" ]; then
	# shellcheck disable=SC2086 # "ABI FLAVOUR"
	kdir=$(stock_kdir $deb)
elif built=$(built_kernel "$target") && [ -n "$built" ]; then
	# shellcheck disable=SC2086 # "KIND SERIES"
	kdir=$("$WSK_TOP/tests/platform/kernels.sh" $built)
else
	die "unknown target '$target'"
fi
[ -d "$kdir" ] || die "$target: no kernel build tree at $kdir"

dir="$WSK_OUT/$target"
rm -rf "$dir/src"
mkdir -p "$dir/src"
cp -a "$WSK_TOP/Kbuild" "$WSK_TOP/VERSION" "$WSK_TOP/kmod" "$WSK_TOP/include" "$dir/src/"
mkdir -p "$dir/src/tests"
cp -a "$WSK_TOP/tests/kunit" "$WSK_TOP/tests/example" "$WSK_TOP/tests/bench" "$dir/src/tests/"

kcflags=""
if [ -n "${WSK_INJECT:-}" ]; then
	case "$WSK_INJECT" in
	warn | leak | pin | race | rtnest | kunit) kcflags="-DWSK_INJECT_${WSK_INJECT^^}" ;;
	*) die "WSK_INJECT must be warn, leak, pin, race, rtnest or kunit" ;;
	esac
	msg "$target: injecting fault '$WSK_INJECT'"
fi

log="$dir/build.log"
if ! make -C "$kdir" M="$dir/src" W=1 C=1 KCFLAGS="$kcflags" \
	-j"$WSK_JOBS" modules >"$log" 2>&1; then
	grep -E 'error|warning' "$log" | head -n 20 >&2
	die "$target: module build failed (log: $log)"
fi
# W=1 and sparse findings do not fail make; they fail this build.
if grep -E '(warning|error):' "$log" | grep -v 'Skipping BTF' >"$dir/build.warnings"; then
	head -n 20 "$dir/build.warnings" >&2
	die "$target: module build has warnings (log: $log)"
fi
echo "$dir/src"
