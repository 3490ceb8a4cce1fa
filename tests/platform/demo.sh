#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: `make demo`. Boots Debian's stock 6.12 kernel under QEMU with wsk, wskctl, the
# example echo server and the test peer, and shows them working (tests/vm/demo-init): the
# example client echoing, `wskctl monitor` showing the callbacks of a socket a peer talks to,
# and the in-kernel echo service carrying 16 MiB. The console is shown live and kept in
# build/demo-console.log.

set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu.sh"
load_versions

target=stock-6.12
msg "building wsk for $target, wskctl and the test peer"
src=$("$WSK_TOP/tests/platform/modbuild.sh" "$target")
make -s -C "$WSK_TOP/tools/wskctl" STATIC=1 >/dev/null
make -s -C "$WSK_TOP/tests/vm/peer" >/dev/null
initrd="$WSK_OUT/demo-initrd.cpio.gz"
dnsr=$(stock_module_spec "$ABI_6_12" amd64 dns_resolver "$WSK_OUT")
make_initramfs "$initrd" "$WSK_TOP/tests/vm/demo-init=/init" ${dnsr:+"$dnsr"} \
	"$src/kmod/wsk.ko=/lib/wsk/wsk.ko" "$src/tests/example/wsk_echo.ko=/lib/wsk/wsk_echo.ko" \
	"$WSK_TOP/tools/wskctl/wskctl=/usr/bin/wskctl" \
	"$WSK_TOP/tests/vm/peer/wskpeer=/usr/bin/wskpeer"

msg "booting Linux $ABI_6_12 under QEMU (software emulation; about a minute)"
log="$WSK_OUT/demo-console.log"
timeout -k 10 300 qemu-system-x86_64 -accel tcg -m 1G -smp 2,sockets=2 -nographic \
	-no-reboot -no-user-config -nodefaults -serial stdio \
	-kernel "$(stock_vmlinuz "$ABI_6_12")" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 quiet" </dev/null 2>&1 | tr -d '\r' | tee "$log" |
	sed -e 's/\x1bc//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' |
	grep -v -E '^\[ *[0-9]+\.[0-9]+\]|^(SeaBIOS|Booting from)' || true
if grep -qx 'WSK-DEMO-DONE 0' "$log"; then
	msg "demo finished: everything worked (console log: $log)"
else
	die "demo did not finish cleanly (console log: $log)"
fi
