#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 20-version: `wskctl version` talks to the module (WSK_IOC_VERSION) and reports the release of
# the kernel it runs on and the module's ABI, in text and as JSON (-j).

set -eu

if ! command -v wskctl >/dev/null; then
	echo "wskctl is not in the image (tools/wskctl did not build)"
	exit 1
fi
release=$(uname -r)

out=$(wskctl version 2>&1) || { echo "wskctl version failed: $out"; exit 1; }
echo "$out"
case "$out" in
*"$release"*) ;;
*) echo "wskctl version does not name the running kernel $release"; exit 1 ;;
esac

out=$(wskctl -j version 2>&1) || { echo "wskctl -j version failed: $out"; exit 1; }
echo "$out"
echo "$out" | grep -Eq '"abi_major": 1([^0-9]|$)' ||
	{ echo "wskctl -j version does not report \"abi_major\": 1"; exit 1; }
