#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh KIND SERIES: build (once) and print the build directory of a test kernel.
#
#   KIND uml   User-Mode Linux with KUnit, lockdep and hostfs (tests/kernel/uml-kunit.config)
#   KIND x86   x86_64 tinyconfig + the debug fragment (tests/kernel/x86-debug.config)
#   SERIES     6.1 or 6.12, built from Debian's linux-source-SERIES
#
# The build lives in $WSK_CACHE/build/KIND-SERIES-SRCVERSION-HASH, where HASH covers the config
# fragment and the recipe, so a changed fragment or source package makes a new build and an
# unchanged one is reused. A build is complete only once its stamp file exists.

set -eu
. "$(dirname "$0")/lib.sh"
load_versions

kind=$1 series=$2
src=$(src_dir "$series")
[ -d "$src" ] || die "no kernel source for $series at $src: run tests/platform/deps.sh"
srcver_var="SRC_${series//./_}"
srcver=${!srcver_var}

case "$kind" in
uml) frag="$WSK_TOP/tests/kernel/uml-kunit.config"; arch=um ;;
x86) frag="$WSK_TOP/tests/kernel/x86-debug.config"; arch=x86_64 ;;
*) die "unknown kernel kind '$kind' (uml or x86)" ;;
esac
# A series may need a few more options (tests/kernel/KIND-SERIES.config), merged last.
extra="${frag%.config}-$series.config"
frags=("$frag")
[ -f "$extra" ] && frags+=("$extra")

out="$WSK_CACHE/build/$kind-$series-$srcver-$(hash_of "${frags[@]}")"
if [ -f "$out/.wsk-built" ]; then
	echo "$out"
	exit 0
fi

# One builder per kernel: a second caller waits for the first and then reuses its build.
mkdir -p "$WSK_CACHE/build"
exec 9>"$out.lock"
flock 9
if [ -f "$out/.wsk-built" ]; then
	echo "$out"
	exit 0
fi

# Options the fragment asks for that this series cannot provide (checked below).
optional=""
[ "$kind/$series" = uml/6.1 ] && optional="CONFIG_DEBUG_ATOMIC_SLEEP"

msg "building $kind kernel from linux-source-$series $srcver into $out (once; cached)"
# An interrupted build is resumed, not restarted: make only redoes what is missing.
mkdir -p "$out"
log="$out/build.log"
{
	if [ "$kind" = uml ]; then
		# Like kunit.py: the fragment is the whole config, the rest is defaults.
		cat "${frags[@]}" | grep -v '^#' >"$out/.config"
		make -C "$src" O="$out" ARCH=$arch olddefconfig
	else
		make -C "$src" O="$out" ARCH=$arch tinyconfig
		"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}"
		make -C "$src" O="$out" ARCH=$arch olddefconfig
	fi
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "configuring $kind-$series failed (log: $log)"; }

# Every option of the fragment must have survived olddefconfig, or the kernel is not the one
# the tests claim to run on.
bad=""
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		opt=${line%%=*} val=${line#*=}
		[ "$val" = n ] && continue
		grep -qx "$line" "$out/.config" || case " $optional " in
			*" $opt "*) msg "note: $opt is not available on $kind-$series" ;;
			*) bad="$bad $line" ;;
			esac
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# } opt=${opt%% *}
		grep -q "^$opt=" "$out/.config" && bad="$bad $opt=n"
		;;
	esac
done < <(cat "${frags[@]}")
[ -z "$bad" ] || die "$kind-$series config lacks:$bad"

if [ "$kind" = uml ]; then
	targets="linux modules"
else
	targets="bzImage modules"
fi
start=$(date +%s)
# shellcheck disable=SC2086
make -C "$src" O="$out" ARCH=$arch -j"$WSK_JOBS" $targets >>"$log" 2>&1 ||
	{ tail -n 30 "$log" >&2; die "building $kind-$series failed (log: $log)"; }
touch "$out/.wsk-built"
msg "built $kind-$series in $(($(date +%s) - start)) s"
# Builds of the same kernel from older fragments or sources are of no further use.
for old in "$WSK_CACHE/build/$kind-$series-"*; do
	case "$old" in
	"$out" | "$out.lock") ;;
	*) rm -rf "$old" ;;
	esac
done
echo "$out"
