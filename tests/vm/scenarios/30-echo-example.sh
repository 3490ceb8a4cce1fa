#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# The example client, tests/example/wsk_echo.c, written against <wsk/wsk.h> alone: the
# receive and disconnect events its accepted connections inherit from the listener echo
# every byte back. 1 MiB on one connection, then 50 short connections one after another;
# wskpeer checks every byte and the orderly end of each stream.

insmod /lib/wsk/wsk_echo.ko port=7007 || { echo "insmod wsk_echo.ko failed"; exit 1; }
rc=0
wskpeer echo 127.0.0.1 7007 1048576 1 || rc=1
[ $rc = 0 ] && { wskpeer echo 127.0.0.1 7007 4096 50 || rc=1; }
rmmod wsk_echo || { echo "rmmod wsk_echo failed"; rc=1; }
exit $rc
