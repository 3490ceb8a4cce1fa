#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# 40-chardev-abi: the /dev/wsk ABI straight from C (tests/vm/peer/wskabi.c): every ioctl with
# good and bad input (short, long and garbage structs, unknown flags, handles, ops and
# commands), the event records (callbacks, completions, hold, retention, drop-oldest), the
# services, and the release of a file killed mid-request with a callback held. Run twice: the
# first run's release must leave the module as it found it.

command -v wskabi >/dev/null || { echo "wskabi is not in the image"; exit 1; }
wskabi || exit 1
wskabi || exit 1
