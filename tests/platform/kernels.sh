#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh KIND SERIES: build (once) and print the build directory of a test kernel.
#
#   KIND x86     x86_64 tinyconfig + tests/kernel/x86-base.config + x86-debug.config
#   KIND kcsan   x86_64 tinyconfig + tests/kernel/x86-base.config + x86-kcsan.config
#   SERIES       6.1 or 6.12, built from Debian's linux-source-SERIES
#
# A fragment NAME.config is followed by NAME-SERIES.config where that exists (options one
# series needs), and the fragments are merged in that order.
#
# The build lives in $WSK_CACHE/build/KIND-SERIES-SRCVERSION-HASH, where HASH covers the config
# fragments and the recipe, so a changed fragment or source package makes a new build and an
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
x86) kfrag=x86-debug ;;
kcsan) kfrag=x86-kcsan ;;
*) die "unknown kernel kind '$kind' (x86 or kcsan)" ;;
esac
arch=x86_64
frags=()
for f in x86-base "$kfrag"; do
	frags+=("$WSK_TOP/tests/kernel/$f.config")
	[ ! -f "$WSK_TOP/tests/kernel/$f-$series.config" ] ||
		frags+=("$WSK_TOP/tests/kernel/$f-$series.config")
done

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

# Options the fragments ask for that this series cannot provide (checked below).
optional=""

msg "building $kind kernel from linux-source-$series $srcver into $out (once; cached)"
# An interrupted build is resumed, not restarted: make only redoes what is missing.
mkdir -p "$out"
log="$out/build.log"
{
	make -C "$src" O="$out" ARCH=$arch tinyconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}"
	make -C "$src" O="$out" ARCH=$arch olddefconfig
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "configuring $kind-$series failed (log: $log)"; }

# Every option of the fragments must have survived olddefconfig, or the kernel is not the one
# the tests claim to run on. Where fragments set the same option, the last one counts, as in
# merge_config.sh.
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
done < <(cat "${frags[@]}" | awk '
	/^CONFIG_[A-Za-z0-9_]+=/ { o = $0; sub(/=.*/, "", o) }
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { o = $2 }
	o != "" { if (!(o in v)) order[n++] = o; v[o] = $0; o = "" }
	END { for (i = 0; i < n; i++) print v[order[i]] }')
[ -z "$bad" ] || die "$kind-$series config lacks:$bad"

start=$(date +%s)
make -C "$src" O="$out" ARCH=$arch -j"$WSK_JOBS" bzImage modules >>"$log" 2>&1 ||
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
