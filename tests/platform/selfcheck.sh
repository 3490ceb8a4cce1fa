#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# selfcheck.sh: `make selfcheck`. Proves that the runners catch what they claim to catch: each
# deliberate fault (WSK_INJECT, compiled into the module by modbuild.sh) must turn its run red
# with a reason that names the cause. A fault that goes unnoticed fails this check.
#
#   warn   WARN_ON(1) at module init      -> vm/stock-6.12/kernel-log  ("WARNING")
#   pin    a module reference never put   -> vm/stock-6.12/unload
#   leak   a lost kmalloc()               -> vm/x86dbg-6.12/kmemleak    (kmemleak report)
#   kunit  a failing KUnit expectation    -> kunit/uml-6.12/...injected_failure

set -eu
. "$(dirname "$0")/lib.sh"

P="$WSK_TOP/tests/platform"
top_out=$WSK_OUT
rm -f "$top_out/results"

# expect FAULT RUNNER TARGET ITEM PATTERN: the run must fail ITEM with a reason matching PATTERN.
expect() {
	local fault=$1 runner=$2 target=$3 item=$4 pattern=$5 out line
	out="$top_out/selfcheck-$fault"
	rm -rf "$out"
	mkdir -p "$out"
	WSK_OUT=$out WSK_INJECT=$fault "$P/$runner.sh" "$target" >"$out/run.log" 2>&1 || true
	line=$(awk -F'\t' -v item="$item" '$1 == "fail" && index($2, item) { print; exit }' \
		"$out/results" 2>/dev/null || true)
	if [ -n "$line" ] && printf '%s' "$line" | grep -Eq "$pattern"; then
		WSK_OUT=$top_out result pass "selfcheck/$fault" "caught: ${line#fail	}"
		printf '        %s\n' "${line#fail	}"
	else
		WSK_OUT=$top_out result fail "selfcheck/$fault" \
			"fault '$fault' was not reported as $item ($out/run.log)"
	fi
}

expect warn vm-test stock-6.12 "vm/stock-6.12/kernel-log" 'WARNING'
expect pin vm-test stock-6.12 "vm/stock-6.12/unload" '.'
expect leak vm-test x86dbg-6.12 "vm/x86dbg-6.12/kmemleak" 'unreferenced|allocated|bytes'
expect kunit kunit uml-6.12 "injected_failure" 'EXPECT|FAIL|Expected'
summary
