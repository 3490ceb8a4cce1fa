#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdir.sh: print the build tree of the newest Debian kernel headers the platform fetched
# (deps.sh), or nothing. The Makefile's fallback when the running kernel has no headers; it
# reads the cache and, unlike the runners, creates nothing.
set -eu
cache=${WSK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wsk}
[ -f "$cache/versions" ] || exit 0
# shellcheck disable=SC1091
. "$cache/versions"
d="$cache/kernels/$ABI_6_12/usr/src/linux-headers-$ABI_6_12-amd64"
[ ! -d "$d" ] || echo "$d"
