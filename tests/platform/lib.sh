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

# The kernels each runner covers, and what each one is (README "The test kernels"):
#   stock-6.1 stock-6.12   Debian's generic kernels (linux-image-*-amd64), unpacked from .debs
#   rt-6.1 rt-6.12         Debian's PREEMPT_RT kernels (linux-image-*-rt-amd64), unpacked too
#   x86dbg-6.1 x86dbg-6.12 built here: tinyconfig + KASAN, lockdep, kmemleak, UBSAN,
#                          CONFIG_PREEMPT, RCU and list debugging (tests/kernel/x86-debug.config)
#   kcsan-6.12             built here: tinyconfig + KCSAN, CONFIG_PREEMPT
#                          (tests/kernel/x86-kcsan.config)
# Every kernel is booted under QEMU with software emulation, which emulates its own CPU: no
# result depends on the host's CPU features. WSK_KERNELS narrows a runner to some of them.
WSK_BUILD_TARGETS="stock-6.1 stock-6.12 rt-6.1 rt-6.12 x86dbg-6.1 x86dbg-6.12 kcsan-6.12"
WSK_KUNIT_TARGETS="x86dbg-6.1 x86dbg-6.12 kcsan-6.12"
# The same suites built into a 6.12 kernel by KUnit's kunit.py (kunit-intree.sh).
WSK_INTREE_TARGETS="intree-6.12"
WSK_VM_TARGETS="stock-6.1 stock-6.12 rt-6.1 rt-6.12 x86dbg-6.1 x86dbg-6.12 kcsan-6.12"
# The package test (pkg-test.sh: the Debian packages, DKMS, modprobe) runs on the stock kernels.
WSK_PKG_TARGETS="stock-6.1 stock-6.12"

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

# Where the .debs of a Debian kernel ABI and flavour (amd64, the default, or rt-amd64) are
# unpacked (deps.sh fetch_kernel), the build directory of its headers and its image.
kernel_root() {
	case "${2:-amd64}" in
	amd64) echo "$WSK_CACHE/kernels/$1" ;;
	*) echo "$WSK_CACHE/kernels/$1-$2" ;;
	esac
}
stock_kdir() { echo "$(kernel_root "$1" "${2:-amd64}")/usr/src/linux-headers-$1-${2:-amd64}"; }
stock_vmlinuz() { echo "$(kernel_root "$1" "${2:-amd64}")/boot/vmlinuz-$1-${2:-amd64}"; }

# debian_kernel TARGET: "ABI FLAVOUR" of a Debian kernel target (stock-*, rt-*), or nothing.
# Needs load_versions.
debian_kernel() {
	case "$1" in
	stock-6.1) echo "$ABI_6_1 amd64" ;;
	stock-6.12) echo "$ABI_6_12 amd64" ;;
	rt-6.1) echo "$RT_ABI_6_1 rt-amd64" ;;
	rt-6.12) echo "$RT_ABI_6_12 rt-amd64" ;;
	esac
}

# built_kernel TARGET: "KIND SERIES" of a kernel the platform builds (kernels.sh), or nothing.
built_kernel() {
	case "$1" in
	x86dbg-6.1 | x86dbg-6.12) echo "x86 ${1#x86dbg-}" ;;
	kcsan-6.12) echo "kcsan 6.12" ;;
	esac
}

# The unpacked kernel source of a series ("6.1" or "6.12").
src_dir() {
	local var="SRC_${1//./_}"
	echo "$WSK_CACHE/src/linux-source-$1_${!var}/linux-source-$1"
}

# The kernel log patterns that fail any run. Tainting by an out-of-tree module is expected.
WSK_BAD_LOG='(WARNING:|BUG:|Oops|Kernel panic|general protection fault|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|KASAN:|UBSAN:|kmemleak: [0-9]+ new suspected|unreferenced object|RCU Stall|detected stall|soft lockup|hard LOCKUP|WSK-FAIL)'

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
