#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# modbuild.sh TARGET: build wsk.ko (and wsk_kunit.ko when the target has KUnit) for one target
# kernel, warning-free with W=1 and sparse-clean (C=1), and print the build directory.
#
# Targets:  stock-6.1 stock-6.12   Debian's stock kernels (headers unpacked by deps.sh)
#           uml-6.1 uml-6.12       the UML KUnit kernels (kernels.sh uml)
#           x86dbg-6.12            the x86_64 debug kernel (kernels.sh x86)
#
# An out-of-tree build writes its objects next to its sources, so each target builds in its own
# copy of the sources under $WSK_OUT/TARGET/src. WSK_INJECT=warn|leak|pin|kunit compiles in one
# deliberate fault (see kmod/main.c); the platform's self-check uses it.

set -eu
. "$(dirname "$0")/lib.sh"
load_versions

target=$1
arch=x86_64
case "$target" in
stock-6.1) kdir=$(stock_kdir "$ABI_6_1") ;;
stock-6.12) kdir=$(stock_kdir "$ABI_6_12") ;;
uml-6.1 | uml-6.12) kdir=$("$WSK_TOP/tests/platform/kernels.sh" uml "${target#uml-}"); arch=um ;;
x86dbg-6.1 | x86dbg-6.12) kdir=$("$WSK_TOP/tests/platform/kernels.sh" x86 "${target#x86dbg-}") ;;
*) die "unknown target '$target'" ;;
esac

dir="$WSK_OUT/$target"
rm -rf "$dir/src"
mkdir -p "$dir/src"
cp -a "$WSK_TOP/Kbuild" "$WSK_TOP/kmod" "$WSK_TOP/include" "$dir/src/"
mkdir -p "$dir/src/tests"
cp -a "$WSK_TOP/tests/kunit" "$WSK_TOP/tests/example" "$dir/src/tests/"

kcflags=""
if [ -n "${WSK_INJECT:-}" ]; then
	case "$WSK_INJECT" in
	warn | leak | pin | kunit) kcflags="-DWSK_INJECT_${WSK_INJECT^^}" ;;
	*) die "WSK_INJECT must be warn, leak, pin or kunit" ;;
	esac
	msg "$target: injecting fault '$WSK_INJECT'"
fi

log="$dir/build.log"
if ! make -C "$kdir" M="$dir/src" ARCH=$arch W=1 C=1 KCFLAGS="$kcflags" \
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
