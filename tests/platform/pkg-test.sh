#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# pkg-test.sh [TARGET...]: install wsk as a Debian user would, on Debian's stock kernels.
# The Debian packages (make deb, deb.sh) go into a Debian 12 root file system with dkms, gcc
# and the kernels' headers (rootfs.sh), booted under QEMU on the stock kernel image; its init,
# tests/vm/pkg-init, installs them, lets DKMS build the module, loads it with modprobe, uses it
# through /dev/wsk and wskctl, builds a client module against the installed headers and
# Module.symvers, then purges the packages and checks that no file is left. Results:
#
#   pkg/TARGET/install symvers modprobe use client remove   pkg-init's checks
#   pkg/TARGET/kernel-log   no line of the console matches WSK_BAD_LOG (lib.sh)
#   pkg/TARGET/complete     pkg-init reached its end within the time limit
#
# Every one is expected from every target; a missing one is a failure (run_targets, qemu.sh).
# Targets: $WSK_PKG_TARGETS (stock-6.1 stock-6.12). WSK_PKG_TIMEOUT: the limit of one boot
# (900 s: DKMS compiles the module under software emulation). The console of each run is in
# $WSK_OUT/TARGET/pkg-console.log.

set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu.sh"
load_versions

P="$WSK_TOP/tests/platform"
VM="$WSK_TOP/tests/vm"
if [ $# -gt 0 ]; then
	targets=("$@")
else
	read -ra targets <<<"$WSK_PKG_TARGETS"
fi
version=$(cat "$WSK_TOP/VERSION")
CHECKS="install symvers modprobe use client remove"

expected() {
	# shellcheck disable=SC2086 # a list of words
	printf '%s\n' $CHECKS kernel-log complete
}

# What every target's image shares: the packages, the root file system, the peer.
debs="$WSK_OUT/deb"
shared_ok=1 shared_why=""
if ! "$P/deb.sh" "$debs" >"$WSK_OUT/pkg-deb.log" 2>&1; then
	shared_ok=0 shared_why="make deb failed: $(tail -n 1 "$WSK_OUT/pkg-deb.log")"
elif ! rootfs=$("$P/rootfs.sh" 2>"$WSK_OUT/pkg-rootfs.log"); then
	shared_ok=0 shared_why="rootfs.sh failed: $(tail -n 1 "$WSK_OUT/pkg-rootfs.log")"
elif ! make -C "$VM/peer" wskpeer >"$WSK_OUT/pkg-peer.log" 2>&1; then
	shared_ok=0 shared_why="wskpeer did not build (see $WSK_OUT/pkg-peer.log)"
fi

# overlay DIR ABI: the files the test adds to the root file system, as a cpio archive that
# the kernel unpacks over it (an initramfs may be several archives one after the other).
overlay() {
	local dir=$1 abi=$2 st="$1/pkg-overlay" m krel="$2-amd64" root
	root=$(kernel_root "$abi")
	rm -rf "$st"
	mkdir -p "$st/root/pkg" "$st/usr/bin" "$st/tmp/client" "$st/usr/lib/modules/$krel"
	install -m 0755 "$VM/pkg-init" "$st/init"
	cp "$debs/wsk-dkms_$version-1_all.deb" "$st/root/pkg/wsk-dkms.deb"
	cp "$debs/wskctl_$version-1_amd64.deb" "$st/root/pkg/wskctl.deb"
	cp "$WSK_TOP/VERSION" "$st/root/pkg/VERSION"
	install -m 0755 "$VM/peer/wskpeer" "$st/usr/bin/wskpeer"
	# The example client with the Kbuild file of README "Building a client module".
	cp "$WSK_TOP/tests/example/wsk_echo.c" "$st/tmp/client/"
	printf 'obj-m := wsk_echo.o\nccflags-y := -I/usr/src/wsk-%s/include\n' "$version" \
		>"$st/tmp/client/Kbuild"
	# The kernel image's module lists, and dns_resolver.ko, which wsk.ko needs; modprobe
	# and depmod read xz-compressed modules themselves.
	for m in modules.order modules.builtin modules.builtin.modinfo; do
		[ ! -f "$root/lib/modules/$krel/$m" ] || cp "$root/lib/modules/$krel/$m" \
			"$st/usr/lib/modules/$krel/"
	done
	m=$(find "$root/lib/modules/$krel" -name 'dns_resolver.ko*' -print -quit)
	if [ -n "$m" ]; then
		m=${m#"$root/lib/modules/$krel/"}
		mkdir -p "$st/usr/lib/modules/$krel/$(dirname "$m")"
		cp "$root/lib/modules/$krel/$m" "$st/usr/lib/modules/$krel/$m"
	fi
	(cd "$st" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -n -1 >"$dir/pkg-overlay.cpio.gz"
	rm -rf "$st"
}

run_target() {
	local t=$1 name="pkg/$1" dir="$WSK_OUT/$1" deb abi log rc=0 limit t1 clean st item reason
	mkdir -p "$dir"
	deb=$(debian_kernel "$t")
	case "$t" in
	stock-*) ;;
	*)
		result fail "$name/target" "the package test runs on stock kernels only ($WSK_PKG_TARGETS)"
		return
		;;
	esac
	[ "$shared_ok" = 1 ] || { result fail "$name/install" "$shared_why"; return; }
	abi=${deb%% *}
	log="$dir/pkg-console.log"
	overlay "$dir" "$abi"
	cat "$rootfs" "$dir/pkg-overlay.cpio.gz" >"$dir/pkg-initrd.cpio"
	limit=${WSK_PKG_TIMEOUT:-900}
	msg "$t: booting $(stock_vmlinuz "$abi") with the Debian root file system (limit $limit s)"
	t1=$(date +%s)
	WSK_QEMU_MEM=3G qemu_boot "$(stock_vmlinuz "$abi")" "$dir/pkg-initrd.cpio" "$log" \
		"$limit" || rc=$?
	rm -f "$dir/pkg-initrd.cpio" "$dir/pkg-overlay.cpio.gz"
	echo "0 $(($(date +%s) - t1))" >"$dir/pkg.times"

	clean="$dir/pkg-console.stripped"
	strip_printk_time <"$log" >"$clean"
	while read -r st item reason; do
		case "$st" in
		ok) result pass "$name/$item" ;;
		FAIL) result fail "$name/${item%:}" "$reason" ;;
		esac
	done < <(sed -n 's/^wsk-pkg: \(ok\|FAIL\) /\1 /p' "$clean")
	if grep -qx 'wsk-pkg: done' "$clean" && [ "$rc" != 124 ]; then
		result pass "$name/complete"
	elif [ "$rc" = 124 ]; then
		result fail "$name/complete" "timed out after $limit s; last lines: $(console_tail "$log")"
	else
		result fail "$name/complete" "the VM ended without 'wsk-pkg: done' (QEMU status $rc); last lines: $(console_tail "$log")"
	fi
	check_kernel_log "$name/kernel-log" "$log" '^wsk-pkg: == install' '^ {4}|^wsk-pkg: '
	rm -f "$clean"
}

run_targets pkg run_target expected "${targets[@]}"
