#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dkms-symvers.sh install|remove RELEASE: DKMS's POST_BUILD and POST_REMOVE hooks (dkms.conf).
# A client module built against wsk needs wsk's Module.symvers for the same kernel; this keeps
# one per kernel release at /usr/src/wsk-VERSION/RELEASE/Module.symvers, the place `make
# install` puts it too. DKMS runs POST_BUILD in its build directory and POST_REMOVE in the
# source directory (/usr/src/wsk-VERSION).
set -eu
release=$2
case "$release" in
"" | */* | .*) echo "dkms-symvers.sh: bad kernel release '$release'" >&2; exit 1 ;;
esac
case "$1" in
install)
	src=$(readlink -f ../source)
	mkdir -p "$src/$release"
	cp kmod/Module.symvers "$src/$release/Module.symvers"
	;;
remove)
	rm -f "./$release/Module.symvers"
	[ ! -d "./$release" ] || rmdir "./$release"
	;;
*)
	echo "usage: dkms-symvers.sh install|remove RELEASE" >&2
	exit 1
	;;
esac
