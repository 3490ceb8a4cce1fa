# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the wsk test platform scripts. Sourced, never run.
#
# Everything that is expensive to make (unpacked kernel sources and .debs, kernel builds) lives
# in a cache outside the repository, $WSK_CACHE, keyed by package version and by the hash of
# the config fragment and of the recipe that built it. Everything a run produces (logs, KTAP,
# per-kernel module builds) lives under $WSK_OUT inside the repository's build/ directory.

set -o pipefail

WSK_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WSK_CACHE=${WSK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wsk}
WSK_OUT=${WSK_OUT:-$WSK_TOP/build}
WSK_JOBS=${WSK_JOBS:-$(nproc)}
# The version of the recipes below: bump it to invalidate every cached kernel build.
WSK_RECIPE=3

mkdir -p "$WSK_CACHE" "$WSK_OUT"

# The kernels each runner covers (tests/platform/modbuild.sh names them). WSK_KERNELS
# narrows a runner to some of them.
WSK_BUILD_TARGETS="stock-6.1 stock-6.12 uml-6.12 uml-6.1 x86dbg-6.12 x86dbg-6.1"
WSK_KUNIT_TARGETS="uml-6.12 uml-6.1 x86dbg-6.12 x86dbg-6.1"
WSK_VM_TARGETS="stock-6.1 stock-6.12 x86dbg-6.12 x86dbg-6.1"

msg() { printf '[wsk] %s\n' "$*" >&2; }
die() { printf '[wsk] error: %s\n' "$*" >&2; exit 1; }

# hash_of FILE... : a short, stable content hash of the given files plus the recipe version.
hash_of() {
	{ echo "recipe $WSK_RECIPE"; cat "$@"; } | sha256sum | cut -c1-12
}

# The newest installable version of a Debian package, or nothing.
pkg_candidate() {
	apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { if ($2 != "(none)") print $2 }'
}

# The kernel ABIs the platform targets. They are chosen by deps.sh (newest ABI of each series
# that has both an image and headers) and recorded in $WSK_CACHE/versions, which this reads.
load_versions() {
	[ -f "$WSK_CACHE/versions" ] || die "no $WSK_CACHE/versions: run tests/platform/deps.sh first"
	# shellcheck disable=SC1091
	. "$WSK_CACHE/versions"
}

# Where the .debs of a Debian stock kernel ABI are unpacked (see deps.sh fetch_kernel), and the
# build directory of its headers.
kernel_root() { echo "$WSK_CACHE/kernels/$1"; }
stock_kdir() { echo "$(kernel_root "$1")/usr/src/linux-headers-$1-amd64"; }
stock_vmlinuz() { echo "$(kernel_root "$1")/boot/vmlinuz-$1-amd64"; }

# The unpacked kernel source of a series ("6.1" or "6.12").
src_dir() {
	local var="SRC_${1//./_}"
	echo "$WSK_CACHE/src/linux-source-$1_${!var}/linux-source-$1"
}

# The kernel log patterns that fail any run. Tainting by an out-of-tree module is expected.
WSK_BAD_LOG='(WARNING:|BUG:|Oops|Kernel panic|general protection fault|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|KASAN:|UBSAN:|kmemleak: [0-9]+ new suspected|unreferenced object|RCU Stall|soft lockup|hard LOCKUP|WSK-FAIL)'

# Result accounting, shared by every runner: one line per checked item in $WSK_OUT/results.
result() { # result pass|fail NAME [reason]
	printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >>"$WSK_OUT/results"
	if [ "$1" = pass ]; then
		printf '  ok    %s\n' "$2"
	else
		printf '  FAIL  %s%s\n' "$2" "${3:+: $3}"
	fi
}

# summary: the closing line of every run, from $WSK_OUT/results. Fails if anything failed or
# if nothing was checked at all.
summary() {
	local pass fail
	pass=$(grep -c '^pass' "$WSK_OUT/results" 2>/dev/null || true)
	fail=$(grep -c '^fail' "$WSK_OUT/results" 2>/dev/null || true)
	pass=${pass:-0} fail=${fail:-0}
	if [ "$fail" -gt 0 ]; then
		echo
		echo "Failed:"
		awk -F'\t' '$1 == "fail" { printf "  %s%s\n", $2, ($3 != "" ? ": " $3 : "") }' \
			"$WSK_OUT/results"
	fi
	echo
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
}
