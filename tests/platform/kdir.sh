#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdir.sh: print the build tree of the newest Debian kernel headers the platform fetched.
set -eu
. "$(dirname "$0")/lib.sh"
load_versions
stock_kdir "$ABI_6_12"
