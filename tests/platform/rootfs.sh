#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# rootfs.sh: print the path of a Debian 12 root file system, as an uncompressed newc cpio
# archive, in which the package test (pkg-test.sh) installs wsk's packages as a user would.
# It is a debootstrap minbase system with dkms, gcc, make and iproute2, and the headers of the two stock
# kernels (linux-headers-ABI-amd64 for 6.1 and 6.12, with their linux-kbuild packages): what
# `apt-get install dkms linux-headers-$(uname -r)` gives a user. The kernels' modules are not
# kept (the runner adds the few it needs from the cached kernel images); nor are the
# documentation, the locales and apt's lists and downloads.
#
# Made once per pair of kernel ABIs and version of this script, in $WSK_CACHE/rootfs, from
# Debian's archive (the mirror of the host's apt sources; WSK_DEBIAN_MIRROR overrides it).
# Needs root (debootstrap, chroot).

set -eu
. "$(dirname "$0")/lib.sh"
load_versions

[ "$(id -u)" = 0 ] || die "rootfs.sh needs root (debootstrap and chroot)"
command -v debootstrap >/dev/null || die "no debootstrap (package debootstrap)"

key=$( { echo "$ABI_6_1 $ABI_6_12"; cat "$0"; } | sha256sum | cut -c1-12)
dir="$WSK_CACHE/rootfs"
out="$dir/bookworm-$key.cpio"
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi

# The first Debian (not security) mirror of the host's apt sources.
mirror=${WSK_DEBIAN_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	/etc/apt/sources.list.d/*.sources 2>/dev/null |
	grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n 1 | tr -d ' ' || true)}
mirror=${mirror:-http://deb.debian.org/debian}

root="$dir/bookworm-$key.tmp"
log="$dir/bookworm-$key.log"
umount_all() {
	local m
	for m in dev/pts dev proc sys; do
		mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
	done
	return 0
}
trap 'umount_all; rm -rf "$root"' EXIT
rm -rf "$root"
msg "making a Debian 12 root file system for the package test (from $mirror; log: $log)"
debootstrap --variant=minbase --include=dkms,gcc,make,libc6-dev,kmod,ca-certificates,iproute2 \
	bookworm "$root" "$mirror" >"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; die "debootstrap failed (log: $log)"; }

# The host's apt sources (the stock kernels' packages may be in bookworm-security only).
rm -f "$root/etc/apt/sources.list"
cp /etc/apt/sources.list.d/* "$root/etc/apt/sources.list.d/" 2>/dev/null || true
[ ! -f /etc/apt/sources.list ] || cp /etc/apt/sources.list "$root/etc/apt/"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts" 2>/dev/null || true
chroot "$root" /bin/sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends linux-headers-$ABI_6_1-amd64 \
	linux-headers-$ABI_6_12-amd64" >>"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; die "installing the kernel headers failed (log: $log)"; }
chroot "$root" apt-get clean >>"$log" 2>&1
umount_all

# Keep each kernel's module directory with its build and source links; drop its modules and
# whatever an image package put in /boot.
for m in "$root"/usr/lib/modules/*; do
	find "$m" -mindepth 1 -maxdepth 1 ! -name build ! -name source -exec rm -rf {} +
done
rm -rf "${root:?}"/boot/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
	"$root"/usr/share/locale/* "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
for abi in "$ABI_6_1" "$ABI_6_12"; do
	[ -d "$root/usr/src/linux-headers-$abi-amd64" ] ||
		die "the root file system has no headers for $abi (log: $log)"
done
(cd "$root" && find . -mindepth 1 ! -path './dev/*' ! -path './proc/*' ! -path './sys/*' |
	LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
msg "root file system: $out ($(du -h "$out" | cut -f1))"
echo "$out"
