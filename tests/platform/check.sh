#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: the whole test platform, as run by `make check` and CI.
#
#   1. dependencies (deps.sh) and the cached kernels (kernels.sh, through modbuild.sh)
#   2. lint: checkpatch --strict; the UAPI header compiles alone in C and C++; after the
#      builds, no call or include circle among the files of kmod/ (layering.py)
#   3. builds: wsk.ko against every target kernel with W=1 and sparse, warning-free; wskctl
#      and its own checks (argument parsers, --help of every command, the man page); the
#      fuzzer tests/fuzz, warning-free
#   4. KUnit on the debug and KCSAN kernels (kunit.sh, $WSK_KUNIT_TARGETS)
#      and built into a 6.12 kernel by kunit.py (kunit-intree.sh, $WSK_INTREE_TARGETS)
#   5. the VM scenarios on every kernel (vm-test.sh, $WSK_VM_TARGETS)
#   6. installing: make install and make uninstall into a staging root against the stock
#      kernels' headers (install-test.sh); the Debian packages installed with DKMS in a Debian
#      12 system booted on each stock kernel (pkg-test.sh, $WSK_PKG_TARGETS)
#
# Every item is recorded as passed or failed and the run goes on after a failure, so that one
# run shows everything that is wrong. Every target of every runner is counted in full, a
# target that could not be built, booted or finished as failures of each check it owes
# (run_targets, qemu.sh), and a target a runner left without any result at all is one more
# failure under its name. The per-kernel table follows, whatever happened, then the line
# "N passed, N failed"; the run fails if anything failed.
#
# The targets are the full lists of lib.sh. WSK_KERNELS (for developers; CI never sets it)
# narrows them to the kernels it names, and says so: each runner gets the named kernels it
# covers, and a name no runner knows goes to both, where it fails.

set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu.sh"

# narrow LIST: the targets of LIST that WSK_KERNELS names, plus the names in WSK_KERNELS that no
# list knows; LIST itself without WSK_KERNELS.
narrow() {
	local t out=""
	[ -n "${WSK_KERNELS:-}" ] || { echo "$1"; return; }
	for t in $WSK_KERNELS; do
		case " $1 " in *" $t "*) out="$out $t" ;; esac
		case " $all " in
		*" $t "*) ;;
		*) out="$out $t" ;;
		esac
	done
	echo "${out# }"
}
narrowed=${WSK_KERNELS:-}
all="$WSK_BUILD_TARGETS $WSK_KUNIT_TARGETS $WSK_INTREE_TARGETS $WSK_VM_TARGETS $WSK_PKG_TARGETS"
WSK_BUILD_TARGETS=$(narrow "$WSK_BUILD_TARGETS")
WSK_KUNIT_TARGETS=$(narrow "$WSK_KUNIT_TARGETS")
WSK_INTREE_TARGETS=$(narrow "$WSK_INTREE_TARGETS")
WSK_VM_TARGETS=$(narrow "$WSK_VM_TARGETS")
WSK_PKG_TARGETS=$(narrow "$WSK_PKG_TARGETS")

start=$(date +%s)
rm -f "$WSK_OUT/results"
P="$WSK_TOP/tests/platform"

# step NAME CMD...: run one gate, record it, keep its output in build/NAME.log.
step() {
	local name=$1 log
	shift
	log="$WSK_OUT/${name//\//-}.log"
	if "$@" >"$log" 2>&1; then
		result pass "$name"
	else
		sed 's/^/    /' "$log" | tail -n 25
		result fail "$name" "see $log"
	fi
}

# expect_targets PREFIX TARGET...: a target with no PREFIX/TARGET/ result at all (its runner
# died before reaching it) is a failure.
expect_targets() {
	local prefix=$1 t
	shift
	for t in "$@"; do
		awk -F'\t' -v p="$prefix/$t/" 'index($2, p) == 1 { f = 1 } END { exit !f }' \
			"$WSK_OUT/results" ||
			result fail "$prefix/$t" "the $prefix runner reported nothing for $t"
	done
}

echo "== dependencies"
# Without them nothing else can pass, but everything is still tried and counted.
if "$P/deps.sh"; then
	result pass deps
else
	result fail deps "tests/platform/deps.sh failed (its messages are above)"
fi
[ -z "${narrowed:-}" ] || echo "note: WSK_KERNELS narrows this run to: $narrowed"

echo "== lint"
step lint/checkpatch "$P/lint.sh"
step lint/uapi-header make -C "$WSK_TOP/tools/wskctl" hdrtest

echo "== builds"
step build/wskctl make -C "$WSK_TOP/tools/wskctl" STATIC=1
step tools/wskctl-check make -C "$WSK_TOP/tools/wskctl" check
# The fuzzer, rebuilt warning-free (vm-test.sh puts it in the images).
step build/wskfuzz make -B -C "$WSK_TOP/tests/fuzz" CC="${CC:-cc} -Werror"
for t in $WSK_BUILD_TARGETS; do
	step "build/$t" "$P/modbuild.sh" "$t"
done
# The call and include graphs of kmod/, from the objects of the first build: no circle but
# through the category tables (a failed build leaves no objects, and so fails this too).
first=${WSK_BUILD_TARGETS%% *}
step lint/layering python3 "$P/layering.py" "$WSK_OUT/$first/src/kmod"

echo "== kunit"
# shellcheck disable=SC2086 # lists of words
[ -z "$WSK_KUNIT_TARGETS" ] || "$P/kunit.sh" $WSK_KUNIT_TARGETS || true
expect_targets kunit $WSK_KUNIT_TARGETS
# The same suites built in, the kernel's way: the first run builds the kernel (about 20
# minutes on two cores), a later one rebuilds what changed and boots (about a minute).
if [ -n "$WSK_INTREE_TARGETS" ]; then
	# shellcheck disable=SC2086 # a list of words
	"$P/kunit-intree.sh" $WSK_INTREE_TARGETS || true
	# shellcheck disable=SC2086
	expect_targets kunit $WSK_INTREE_TARGETS
fi

echo "== vm-test"
# shellcheck disable=SC2086
[ -z "$WSK_VM_TARGETS" ] || "$P/vm-test.sh" $WSK_VM_TARGETS || true
expect_targets vm $WSK_VM_TARGETS

echo "== install"
for t in $WSK_PKG_TARGETS; do
	step "install/$t" "$P/install-test.sh" "$t"
done
# shellcheck disable=SC2086
[ -z "$WSK_PKG_TARGETS" ] || "$P/pkg-test.sh" $WSK_PKG_TARGETS || true
expect_targets pkg $WSK_PKG_TARGETS

echo
echo "== per kernel"
kernel_table $WSK_BUILD_TARGETS $WSK_INTREE_TARGETS
echo
echo "make check took $(($(date +%s) - start)) s"
summary
