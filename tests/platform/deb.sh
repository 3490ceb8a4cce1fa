#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# deb.sh OUTDIR: build the Debian packages of wsk (make deb) into OUTDIR:
#   wsk-dkms_VERSION-1_all.deb     the module's sources for DKMS (packaging/debian/control)
#   wskctl_VERSION-1_amd64.deb     the command line tool
# The package version is VERSION's release with Debian revision 1. dpkg-buildpackage runs on a
# copy of the tree that holds only what the packages are made from, so a built tree's objects
# never get into them. Needs debhelper and dh-dkms (deps.sh installs them).

set -eu
. "$(dirname "$0")/lib.sh"

out=${1:?usage: deb.sh OUTDIR}
command -v dpkg-buildpackage >/dev/null || die "no dpkg-buildpackage (package dpkg-dev)"
command -v dh_dkms >/dev/null || die "no dh_dkms (package dh-dkms)"
version=$(cat "$WSK_TOP/VERSION")
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage="$out/wsk-$version"
rm -rf "$stage" "$out"/wsk-dkms_* "$out"/wskctl_* "$out"/wskctl-dbgsym_* "$out"/wsk_*
mkdir -p "$stage/tools"

cd "$WSK_TOP"
cp -a Makefile VERSION CHANGELOG.md README.md dkms.conf dkms-symvers.sh "$stage/"
mkdir -p "$stage/kmod" "$stage/include/wsk" "$stage/include/uapi/linux" "$stage/tools/wskctl"
cp -a kmod/Kbuild kmod/*.mk kmod/*.c kmod/*.h "$stage/kmod/"
cp -a include/wsk/*.h "$stage/include/wsk/"
cp -a include/uapi/linux/wsk.h "$stage/include/uapi/linux/"
cp -a tools/wskctl/Makefile tools/wskctl/*.c tools/wskctl/*.h tools/wskctl/wskctl.8 \
	tools/wskctl/wskctl.bash "$stage/tools/wskctl/"
cp -a packaging/debian "$stage/debian"

# The changelog entry, dated by the last commit where there is one, so that the same tree
# gives the same packages.
when=$(git -C "$WSK_TOP" log -1 --format=%aD 2>/dev/null || date -R)
cat >"$stage/debian/changelog" <<CHANGELOG
wsk ($version-1) unstable; urgency=medium

  * Release $version; CHANGELOG.md lists what it brings.

 -- The wsk developers <wsk@invalid>  $when
CHANGELOG

log="$out/build.log"
if ! (cd "$stage" && dpkg-buildpackage -b -us -uc) >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	die "dpkg-buildpackage failed (log: $log)"
fi
for p in "wsk-dkms_$version-1_all.deb" "wskctl_$version-1_amd64.deb"; do
	[ -f "$out/$p" ] || die "dpkg-buildpackage made no $p (log: $log)"
	echo "$out/$p"
done
