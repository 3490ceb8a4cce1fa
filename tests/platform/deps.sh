#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the wsk build and test platform needs on a Debian 12 machine, and fetch the
# target kernels. Safe to run again: it only does what is missing.
#
#   - Debian packages (apt): compilers, QEMU, busybox-static, sparse, the 6.1 and 6.12 kernel
#     sources; debhelper, dh-dkms and debootstrap for the packages and their test. As root
#     they are installed; otherwise the exact command is printed.
#   - Debian's stock 6.1 and 6.12 kernels, each in two flavours: the generic one (amd64) and
#     PREEMPT_RT (rt-amd64): the newest ABI of each series and flavour for which both the image
#     and the headers are in the archive. Their .debs (image, headers, common headers, kbuild)
#     are downloaded and unpacked into the cache, never installed, so the host's boot setup is
#     untouched.
#   - The kernel sources are unpacked into the cache.
#
# The chosen versions are printed and recorded in $WSK_CACHE/versions.

set -eu
. "$(dirname "$0")/lib.sh"

PKGS="build-essential bc bison flex libelf-dev libssl-dev dwarves cpio xz-utils kmod gzip
      python3 perl sparse qemu-system-x86 busybox-static iproute2 debootstrap debhelper dh-dkms
      linux-source-6.1 linux-source-6.12"

missing=""
for p in $PKGS; do
	case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" in
	*"ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		msg "missing packages:$missing"
		msg "run as root: apt-get update && apt-get install -y$missing"
		exit 1
	fi
	msg "installing:$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing \
		>"$WSK_CACHE/apt-install.log" 2>&1 || {
		tail -n 20 "$WSK_CACHE/apt-install.log" >&2
		die "apt-get install failed (log: $WSK_CACHE/apt-install.log)"
	}
fi

# Package lists are needed to choose kernel versions; a fresh machine may have none.
if [ -z "$(pkg_candidate linux-source-6.12)" ]; then
	[ "$(id -u)" = 0 ] || die "no apt package lists: run 'apt-get update' as root"
	apt-get update -qq
fi

# newest_abi SERIES FLAVOUR: the newest kernel ABI of a series (6.1, 6.12) and flavour (amd64,
# rt-amd64) with both image and headers available.
newest_abi() {
	local pat abi fl=$2
	case "$1" in
	6.1) pat="^linux-image-(6\\.1\\.0-[0-9]+)-$fl\$" ;;
	6.12) pat="^linux-image-(6\\.12\\.[0-9]+\\+deb[0-9]+)-$fl\$" ;;
	esac
	for abi in $(apt-cache pkgnames linux-image-"$1" | sed -En "s/$pat/\\1/p" | sort -rV); do
		if [ -n "$(pkg_candidate "linux-headers-$abi-$2")" ] &&
		   [ -n "$(pkg_candidate "linux-image-$abi-$2")" ]; then
			echo "$abi"
			return
		fi
	done
	die "no linux-image/linux-headers pair found for series $1, flavour $2"
}

# unpack_deb PKG ROOT: download the candidate version of PKG and unpack it into ROOT. All the
# packages of one kernel share a ROOT so that their relative symlinks resolve.
unpack_deb() {
	local pkg=$1 root=$2 tmp
	[ -f "$root/.wsk-$pkg" ] && return
	msg "fetching $pkg $(pkg_candidate "$pkg") (unpacked into the cache, not installed)"
	tmp=$(mktemp -d "$WSK_CACHE/dl.XXXXXX")
	chmod 755 "$tmp"
	(cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
		(cd "$tmp" && apt-get download "$pkg" >&2) || die "apt-get download $pkg failed"
	mkdir -p "$root"
	dpkg-deb -x "$tmp"/*.deb "$root"
	rm -rf "$tmp"
	touch "$root/.wsk-$pkg"
}

# deps_of PKG REGEX: the dependencies of PKG whose names match REGEX.
deps_of() {
	apt-cache show --no-all-versions "$1" | sed -n 's/^Depends: //p' | tr ',|' '\n\n' |
		awk '{print $1}' | grep -E "$2" || true
}

# fetch_kernel SERIES FLAVOUR: unpack image and headers of the chosen ABI into kernel_root
# ABI-FLAVOUR, and make the headers usable from there (Debian's arch Makefile includes the
# common tree by absolute path). Prints the ABI.
fetch_kernel() {
	local series=$1 fl=$2 abi root hdr dep
	abi=$(newest_abi "$series" "$fl")
	root=$(kernel_root "$abi" "$fl")
	hdr="linux-headers-$abi-$fl"
	unpack_deb "linux-image-$abi-$fl" "$root"
	unpack_deb "$hdr" "$root"
	for dep in $(deps_of "$hdr" '^linux-(headers-.*-common(-rt)?|kbuild-)'); do
		unpack_deb "$dep" "$root"
	done
	# Escape the + of 6.12 ABIs, which is a quantifier in the extended regex.
	sed -i -E "s|^include .*/(linux-headers-${abi//+/\\+}-common(-rt)?)/Makefile|include $root/usr/src/\\1/Makefile|" \
		"$root/usr/src/$hdr/Makefile"
	[ -f "$root/boot/vmlinuz-$abi-$fl" ] || die "linux-image-$abi-$fl has no vmlinuz"
	echo "$abi"
}

# unpack_source SERIES: the Debian kernel source tarball, unpacked once per package version.
unpack_source() {
	local series=$1 ver dir
	ver=$(dpkg-query -W -f='${Version}' "linux-source-$series")
	dir="$WSK_CACHE/src/linux-source-${series}_$ver"
	if [ ! -f "$dir/.wsk-unpacked" ]; then
		msg "unpacking linux-source-$series $ver"
		rm -rf "$dir"
		mkdir -p "$dir"
		tar -xaf "/usr/src/linux-source-$series.tar.xz" -C "$dir"
		touch "$dir/.wsk-unpacked"
	fi
	echo "$ver"
}

ABI_6_1=$(fetch_kernel 6.1 amd64)
ABI_6_12=$(fetch_kernel 6.12 amd64)
RT_ABI_6_1=$(fetch_kernel 6.1 rt-amd64)
RT_ABI_6_12=$(fetch_kernel 6.12 rt-amd64)
SRC_6_1=$(unpack_source 6.1)
SRC_6_12=$(unpack_source 6.12)

cat >"$WSK_CACHE/versions.new" <<EOF
# Written by tests/platform/deps.sh: the kernels the platform targets.
ABI_6_1=$ABI_6_1
ABI_6_12=$ABI_6_12
RT_ABI_6_1=$RT_ABI_6_1
RT_ABI_6_12=$RT_ABI_6_12
SRC_6_1=$SRC_6_1
SRC_6_12=$SRC_6_12
EOF
mv "$WSK_CACHE/versions.new" "$WSK_CACHE/versions"
msg "stock kernels: $ABI_6_1, $ABI_6_12; PREEMPT_RT: $RT_ABI_6_1, $RT_ABI_6_12; sources: linux-source-6.1 $SRC_6_1, linux-source-6.12 $SRC_6_12"
