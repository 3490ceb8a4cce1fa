#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run.sh kunit|vm-test|kunit-intree [TARGET...]: one runner on its own, with its own closing
# summary.
set -eu
. "$(dirname "$0")/lib.sh"
what=$1
shift
case "$what" in
kunit | vm-test | kunit-intree) ;;
*) die "run.sh: unknown runner '$what'" ;;
esac
rm -f "$WSK_OUT/results"
"$WSK_TOP/tests/platform/$what.sh" "$@" || true
summary
