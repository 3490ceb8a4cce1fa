#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh: checkpatch --strict over every kernel source file of the project, with the
# checkpatch.pl of Debian's linux-source-6.12. Prints the findings; fails if there are any.

set -eu
. "$(dirname "$0")/lib.sh"
load_versions

checkpatch="$(src_dir 6.12)/scripts/checkpatch.pl"
[ -f "$checkpatch" ] || die "no checkpatch.pl at $checkpatch: run tests/platform/deps.sh"

cd "$WSK_TOP"
mapfile -t files < <(git ls-files -co --exclude-standard -- \
	'kmod/*.[ch]' 'include/*.h' 'tests/kunit/*.[ch]' 'tests/example/*.c' \
	'tests/bench/wsk_bench.c' | sort -u)
[ "${#files[@]}" -gt 0 ] || die "no kernel sources found"

checkpatch() {
	perl "$checkpatch" --no-tree --strict --terse --show-types --quiet "$@" 2>&1 || true
}
# kmod/compat.h is the one file allowed to test LINUX_VERSION_CODE (and so to compare it with
# a constant on the left, as every version test in the kernel does). The public headers and
# the clients ported from Windows carry WSK's own names (WskSend, PWSK_SOCKET, ...): CamelCase
# by design there, and only there; the porting header's job is to give Windows' type names.
out=$({
	checkpatch --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f kmod/compat.h
	for f in "${files[@]}"; do
		case "$f" in
		include/wsk/wsk_nt.h) checkpatch --ignore CAMELCASE,NEW_TYPEDEFS -f "$f" ;;
		include/wsk/*.h | tests/example/wsk_nt_*.c) checkpatch --ignore CAMELCASE -f "$f" ;;
		esac
	done
	for f in "${files[@]}"; do
		case "$f" in
		kmod/compat.h | include/wsk/*.h | tests/example/wsk_nt_*.c) ;;
		*) echo "$f" ;;
		esac
	done | xargs perl "$checkpatch" --no-tree --strict --terse --show-types --quiet -f 2>&1
} | grep -E '(ERROR|WARNING|CHECK):' || true)
if [ -n "$out" ]; then
	printf '%s\n' "$out"
	exit 1
fi
msg "checkpatch --strict: ${#files[@]} files clean"

# kernel-doc, as the kernel's own script checks it (-Wall: every parameter and member of a
# documented function or struct described, return values included), and a kernel-doc comment
# for every exported function, in kmod/ or in the public header.
kerneldoc="$(src_dir 6.12)/scripts/kernel-doc"
[ -f "$kerneldoc" ] || die "no kernel-doc at $kerneldoc: run tests/platform/deps.sh"
out=$(perl "$kerneldoc" -none -Wall "${files[@]}" include/uapi/linux/wsk.h 2>&1 || true)
for sym in $(sed -n 's/^EXPORT_SYMBOL_GPL(\([a-z0-9_]*\));$/\1/p' kmod/*.c); do
	# Data (the NPI id) has no kernel-doc form; a function does.
	grep -q "^[a-z].* $sym\[" kmod/*.c && continue
	grep -q "^ \* $sym() - " kmod/*.c include/wsk/*.h ||
		out="$out${out:+
}$sym: exported without a kernel-doc comment"
done
if [ -n "$out" ]; then
	printf '%s\n' "$out"
	exit 1
fi
msg "kernel-doc: clean, every exported function documented"
