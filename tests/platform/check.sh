#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: the whole test platform, as run by `make check` and CI.
#
#   1. dependencies (deps.sh) and the cached kernels (kernels.sh, through modbuild.sh)
#   2. lint: checkpatch --strict; the UAPI header compiles alone in C and C++
#   3. builds: wsk.ko against every target kernel with W=1 and sparse, warning-free; wskctl
#      and its own checks (argument parsers, --help of every command, the man page)
#   4. KUnit on UML 6.12 and 6.1 and on the x86_64 debug kernel (kunit.sh)
#   5. the VM scenarios on Debian's stock 6.1 and 6.12 and on the debug kernel (vm-test.sh)
#
# Every item is recorded as passed or failed and the run goes on after a failure, so that one
# run shows everything that is wrong. It ends with the line "N passed, N failed" and fails if
# anything failed.

set -eu
. "$(dirname "$0")/lib.sh"

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

echo "== dependencies"
"$P/deps.sh"

echo "== lint"
step lint/checkpatch "$P/lint.sh"
step lint/uapi-header make -C "$WSK_TOP/tools/wskctl" hdrtest

echo "== builds"
step build/wskctl make -C "$WSK_TOP/tools/wskctl" STATIC=1
step tools/wskctl-check make -C "$WSK_TOP/tools/wskctl" check
for t in $WSK_BUILD_TARGETS; do
	step "build/$t" "$P/modbuild.sh" "$t"
done

echo "== kunit"
"$P/kunit.sh" || true

echo "== vm-test"
"$P/vm-test.sh" || true

echo
echo "make check took $(($(date +%s) - start)) s"
summary
