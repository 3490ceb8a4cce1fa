#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 20-version: `wskctl version` talks to the module (WSK_IOC_VERSION) and reports the module's
# version and ABI, the release of the kernel it runs on and wskctl's own version and ABI, in
# text and as JSON (-j); `wskctl --version` reports wskctl's without the module.

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

# The release: the module's (MODULE_VERSION, in sysfs) is wskctl's, both from VERSION.
mver=$(cat /sys/module/wsk/version) || { echo "no /sys/module/wsk/version"; exit 1; }
echo "$out" | grep -q "\"module_version\": \"$mver\"" ||
	{ echo "wskctl -j version does not report module_version $mver"; exit 1; }
echo "$out" | grep -q "\"wskctl_version\": \"$mver\"" ||
	{ echo "wskctl -j version: wskctl's version is not the module's $mver"; exit 1; }
own=$(wskctl --version) || { echo "wskctl --version failed"; exit 1; }
[ "$own" = "wskctl $mver (ABI 1.$(echo "$out" | sed -n 's/.*"wskctl_abi_minor": \([0-9]*\).*/\1/p'))" ] ||
	{ echo "wskctl --version printed '$own'"; exit 1; }
echo "release $mver"
