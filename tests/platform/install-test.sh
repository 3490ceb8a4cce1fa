#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# install-test.sh TARGET: `make install` and `make uninstall` into a staging root, against the
# headers of a Debian kernel (stock-6.1, stock-6.12), from a copy of the tree. Checks that the
# install exits 0 and puts exactly the files README "make install" lists, that the release is
# the Debian one (6.1.0-57-amd64, not the upstream 6.1.192 `make kernelrelease` gives), that
# depmod -b indexed the module (modules.dep, modinfo -b), that the installed Module.symvers
# exports wsk's API, and that the uninstall leaves only depmod's index files.

set -eu
. "$(dirname "$0")/lib.sh"
load_versions

target=${1:?usage: install-test.sh TARGET}
deb=$(debian_kernel "$target")
[ -n "$deb" ] || die "install-test.sh runs on the Debian kernels, not '$target'"
# shellcheck disable=SC2086 # "ABI FLAVOUR"
kdir=$(stock_kdir $deb)
krel="${deb%% *}-${deb##* }"
version=$(cat "$WSK_TOP/VERSION")
dir="$WSK_OUT/install-$target"
src="$dir/src"
stage="$dir/root"
rm -rf "$dir"
mkdir -p "$src/tests" "$src/tools" "$stage"
cp -a "$WSK_TOP/Makefile" "$WSK_TOP/Kbuild" "$WSK_TOP/VERSION" "$WSK_TOP/kmod" \
	"$WSK_TOP/include" "$src/"
cp -a "$WSK_TOP/tests/kunit" "$WSK_TOP/tests/example" "$WSK_TOP/tests/bench" "$src/tests/"
cp -a "$WSK_TOP/tools/wskctl" "$src/tools/"
make -s -C "$src/tools/wskctl" clean

make -C "$src" KDIR="$kdir" DESTDIR="$stage" -j"$WSK_JOBS" install >"$dir/install.log" 2>&1 ||
	{ tail -n 20 "$dir/install.log" >&2; die "make install failed (log: $dir/install.log)"; }
msg "make install: exit 0"

# Exactly the files of the README's table, for the Debian release.
expect=$(sort <<EOF
/lib/modules/$krel/extra/wsk.ko
/usr/local/include/linux/wsk.h
/usr/local/sbin/wskctl
/usr/local/share/bash-completion/completions/wskctl
/usr/local/share/man/man8/wskctl.8
/usr/src/wsk-$version/$krel/Module.symvers
/usr/src/wsk-$version/include/uapi/linux/wsk.h
/usr/src/wsk-$version/include/wsk/wsk.h
/usr/src/wsk-$version/include/wsk/wsk_nt.h
EOF
)
got=$(cd "$stage" && find . -type f ! -name 'modules.*' | sed 's/^\.//' | sort)
if [ "$got" != "$expect" ]; then
	diff <(echo "$expect") <(echo "$got") >&2 || true
	die "make install did not install exactly the README's files (- missing, + extra)"
fi
msg "installed exactly the README's files for release $krel"

grep -q "^extra/wsk.ko:" "$stage/lib/modules/$krel/modules.dep" ||
	die "depmod -b did not index extra/wsk.ko in modules.dep"
found=$(modinfo -b "$stage" -k "$krel" -n wsk) || die "modinfo -b finds no wsk for $krel"
[ "$found" = "$stage/lib/modules/$krel/extra/wsk.ko" ] || die "modinfo -b finds $found"
[ "$(modinfo -b "$stage" -k "$krel" -F version wsk)" = "$version" ] ||
	die "the installed module's version is not $version"
msg "depmod -b indexed it: $(grep '^extra/wsk.ko:' "$stage/lib/modules/$krel/modules.dep")"
for sym in wsk_register wsk_deregister; do
	grep -qw "$sym" "$stage/usr/src/wsk-$version/$krel/Module.symvers" ||
		die "the installed Module.symvers lacks $sym"
done
! grep -qiE 'openssl|sign-file|error:' "$dir/install.log" ||
	die "make install printed signing or error messages (log: $dir/install.log)"

make -C "$src" DESTDIR="$stage" KREL="$krel" uninstall >"$dir/uninstall.log" 2>&1 ||
	{ tail -n 20 "$dir/uninstall.log" >&2; die "make uninstall failed (log: $dir/uninstall.log)"; }
left=$(cd "$stage" && find . -type f ! -path "./lib/modules/$krel/modules.*")
[ -z "$left" ] || die "make uninstall left: $left"
! grep -q wsk "$stage/lib/modules/$krel/modules.dep" || die "modules.dep still lists wsk"
msg "make uninstall: only depmod's index files are left"
