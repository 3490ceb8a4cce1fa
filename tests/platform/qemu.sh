# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers for the runners that boot test kernels (kunit.sh, vm-test.sh). Sourced after lib.sh,
# never run.
#
#   make_initramfs OUT.cpio.gz SRC=DEST...   a busybox-static initramfs holding SRC at DEST
#   qemu_boot KERNEL INITRD LOG SECONDS [ARG...]   boot it, console to LOG, bounded by SECONDS
#   console_tail LOG [N]                     the last N console lines on one line, for reasons
#   strip_printk_time                        filter: drop the printk timestamps
#   check_kernel_log NAME LOG START [EXCLUDE]   result NAME: no WSK_BAD_LOG line in LOG
#   results_mark / results_since MARK pass|fail / print_table ROW...   per-kernel counts
#   run_targets PREFIX RUN EXPECT TARGET...   run every target, each counted in full
#   kernel_table TARGET...                   make check's closing table: every runner per kernel
#
# Only software emulation is used (-accel tcg): KVM hangs on the machines this runs on.

# The shell and every tool inside the VMs: a statically linked busybox (package busybox-static),
# so the image needs no libraries. The images' /init scripts run `busybox --install -s`.
WSK_BUSYBOX=${WSK_BUSYBOX:-/bin/busybox}

# stock_module_spec ABI FLAVOUR NAME DIR: "FILE=/lib/wsk/NAME.ko" for the module NAME of a Debian
# kernel, decompressed into DIR if the kernel ships it xz-compressed (busybox insmod may not
# read that), or nothing if the kernel has no such module (built in, or not configured).
# wsk.ko needs dns_resolver.ko where the kernel has the DNS resolver as a module (Debian's do):
# an image for such a kernel holds it, and its init loads it before wsk.ko.
stock_module_spec() {
	local f
	f=$(find "$(kernel_root "$1" "$2")/lib/modules" -name "$3.ko*" -print -quit)
	[ -n "$f" ] || return 0
	case "$f" in
	*.xz)
		xz -dc "$f" >"$4/$3.ko"
		f="$4/$3.ko"
		;;
	esac
	echo "$f=/lib/wsk/$3.ko"
}

# make_initramfs OUT SRC=DEST...: write a gzipped newc cpio archive to OUT with busybox at
# /bin/busybox, tests/kernel/kcsan-ignore.sh at /lib/wsk/kcsan-ignore.sh (which the inits run)
# and each SRC at the absolute path DEST (modes kept, so scripts stay executable).
# One of the DESTs must be /init. There is no /dev/console in the archive: every kernel we boot
# has the kernel's built-in default initramfs (usr/default_cpio_list: /dev, /dev/console,
# /root), which is unpacked first, so init gets a console without us having to mknod (and so
# without root). Owners are forced to root, as a kernel's own image would have them.
make_initramfs() {
	local out=$1 stage spec src dst ok=1
	shift
	[ -x "$WSK_BUSYBOX" ] || die "no static busybox at $WSK_BUSYBOX (package busybox-static)"
	# Check every SRC=DEST first, so that the staging directory is never left behind.
	for spec in "$@"; do
		case "$spec" in *=/*) ;; *) die "make_initramfs: '$spec' is not SRC=/DEST" ;; esac
		[ -f "${spec%%=*}" ] || die "make_initramfs: no file ${spec%%=*}"
	done
	stage=$(mktemp -d "${TMPDIR:-/tmp}/wsk-initramfs.XXXXXX")
	mkdir -p "$stage"/bin "$stage"/sbin "$stage"/usr/bin "$stage"/usr/sbin \
		"$stage"/proc "$stage"/sys "$stage"/dev "$stage"/tmp "$stage"/lib "$stage"/root
	install -m 0755 "$WSK_BUSYBOX" "$stage/bin/busybox"
	mkdir -p "$stage/lib/wsk" &&
		install -m 0755 "$WSK_TOP/tests/kernel/kcsan-ignore.sh" "$stage/lib/wsk/" || ok=0
	for spec in "$@"; do
		src=${spec%%=*} dst=${spec#*=}
		mkdir -p "$stage$(dirname "$dst")" && cp -L --preserve=mode "$src" "$stage$dst" || ok=0
	done
	[ -x "$stage/init" ] || ok=0
	# Sorted names and gzip -n: the same inputs give the same archive.
	if [ "$ok" = 1 ]; then
		(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
			cpio -o -H newc -R 0:0 --quiet) | gzip -n -6 >"$out.tmp" || ok=0
	fi
	rm -rf "$stage"
	if [ "$ok" != 1 ]; then
		rm -f "$out.tmp"
		die "make_initramfs: could not build $out (is there an executable /init?)"
	fi
	mv "$out.tmp" "$out"
}

# qemu_boot KERNEL INITRD LOG SECONDS [ARG...]: boot KERNEL with INITRD, the serial console
# (ttyS0) written to LOG, with ARGs appended to the kernel command line (e.g. kmemleak=on for
# the debug kernel). The guest ends the run itself with `reboot -f` (or a panic, as panic=-1
# reboots at once): -no-reboot turns a guest reboot into QEMU exiting. Nothing reads the
# console (stdin is /dev/null, as in CI) and the whole run is killed after SECONDS.
#
# Returns 0 if the VM ended by itself, 124 if it was killed at the time limit, otherwise QEMU's
# own failure status. How the guest fared is for the caller to read in LOG.
qemu_boot() {
	local kernel=$1 initrd=$2 log=$3 limit=$4 rc=0
	shift 4
	[ -f "$kernel" ] || die "qemu_boot: no kernel image $kernel"
	# -nodefaults: no default NIC, VGA, monitor or parallel port; the guest gets a serial
	# port and nothing else (its only network is loopback). Two CPUs as two sockets: the
	# debug kernel has no ACPI and finds CPUs in SeaBIOS's MP table, which lists only the
	# first CPU of each socket (plain -smp 2 is two cores of one socket: one CPU for it).
	# WSK_QEMU_SMP overrides that (the benchmark, on stock kernels, which have ACPI).
	# WSK_QEMU_MEM: the memory (1G; the package test's root file system needs more).
	# -k: QEMU exits on SIGTERM, but a wedged one is killed anyway.
	timeout -k 10 "$limit" qemu-system-x86_64 -accel tcg -m "${WSK_QEMU_MEM:-1G}" -smp "${WSK_QEMU_SMP:-2,sockets=2}" \
		-nographic -no-reboot -no-user-config -nodefaults -serial stdio \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 $*" </dev/null >"$log.raw" 2>&1 || rc=$?
	# The serial console ends its lines with CR LF; the logs are read line by line.
	tr -d '\r' <"$log.raw" >"$log"
	rm -f "$log.raw"
	return "$rc"
}

# console_tail LOG [N]: the last N (default 3) non-empty lines of a console log joined with
# " | ", to say in a failure reason where a run stopped.
console_tail() {
	grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n "${2:-3}" |
		sed 's/[[:space:]]*$//' | paste -sd '|' - | sed 's/|/ | /g'
}

# strip_printk_time: remove the "[    1.234567] " timestamp that CONFIG_PRINTK_TIME puts in
# front of each kernel log line, so that lines can be matched from their start.
strip_printk_time() {
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] //'
}

# check_kernel_log NAME LOG START [EXCLUDE]: record NAME as failed if a line of the console log
# LOG matches WSK_BAD_LOG, naming the first such line and how many more there are, and as
# passed otherwise. The check starts at the first line matching the extended regex START (the
# runner's note that it loads the first module under test): what the kernel reports while it
# boots, before any code under test ran, is the test kernel's own problem: it is printed as a
# note, not counted. Lines matching the extended regex EXCLUDE (copies of userspace output the runner
# prints through the kernel log) are not kernel messages and are skipped.
check_kernel_log() {
	local name=$1 log=$2 start=$3 exclude=${4:-'^$^'} out boot lines n reason
	# One pass over the whole log, which nothing leaves early: under pipefail, a reader
	# that stops at its first match (grep -m1, head) kills the writer with SIGPIPE and fails
	# the pipeline. Bad lines come out as "B<TAB>line" before START and "T<TAB>line" after.
	out=$(strip_printk_time <"$log" | awk -v s="$start" -v x="$exclude" -v bad="$WSK_BAD_LOG" '
		$0 ~ x { next }
		!started && $0 ~ s { started = 1 }
		$0 ~ bad { print (started ? "T" : "B") "\t" $0 }')
	boot=$(sed -n 's/^B\t//p' <<<"$out" | sed -n 1p)
	[ -z "$boot" ] || msg "note: the kernel reported this while booting, before the first module" \
		"under test was loaded (not counted): $boot"
	lines=$(sed -n 's/^T\t//p' <<<"$out")
	if [ -z "$lines" ]; then
		result pass "$name"
		return
	fi
	n=$(wc -l <<<"$lines")
	reason=$(sed -n 1p <<<"$lines")
	[ "$n" -le 1 ] || reason="$reason (and $((n - 1)) more matching lines)"
	result fail "$name" "$reason"
}

# results_mark: a mark of the results recorded so far; results_since MARK pass|fail: how many
# of that kind were recorded after it. The runners count one kernel's results with these.
results_mark() {
	touch "$WSK_OUT/results"
	echo $(($(wc -l <"$WSK_OUT/results") + 1))
}
results_since() {
	tail -n +"$1" "$WSK_OUT/results" | grep -c "^$2" || true
}

# print_table ROW...: the per-kernel table closing a runner; each ROW is
# "KERNEL PASSED FAILED BUILD_SECONDS RUN_SECONDS".
print_table() {
	local row
	echo
	printf '  %-14s %7s %7s %8s %6s\n' kernel passed failed build/s run/s
	for row in "$@"; do
		# shellcheck disable=SC2086 # a row is five words
		printf '  %-14s %7s %7s %8s %6s\n' $row
	done
}

# run_targets PREFIX RUN EXPECT TARGET...: the loop of a runner (PREFIX kunit or vm). For each
# TARGET it calls RUN TARGET in a subshell, so that whatever stops one target (a failed build,
# a die, an unexpected exit under set -e) stops only that one, and every other target still
# runs. Then it makes sure the target is counted in full: EXPECT TARGET prints the name of
# every check the target must report (without the PREFIX/TARGET/ part), and each one that has
# no result is recorded as failed, with the first failure of the target as the reason. A target
# that produced nothing is thus as many failures as it has checks, never a smaller total. RUN
# may write "BUILD_SECONDS RUN_SECONDS" to $WSK_OUT/TARGET/PREFIX.times for the table, which is
# printed at the end whatever happened.
run_targets() {
	local prefix=$1 run=$2 expect=$3 t first rc why item rows=() times seen
	shift 3
	for t in "$@"; do
		echo "-- $prefix on $t"
		mkdir -p "$WSK_OUT/$t"
		rm -f "$WSK_OUT/$t/$prefix.times"
		first=$(results_mark)
		# set -e stays in force inside: a failing command ends the target's subshell.
		set +e
		(
			set -e
			"$run" "$t"
		)
		rc=$?
		set -e
		[ "$rc" = 0 ] || result fail "$prefix/$t/runner" \
			"the $prefix runner stopped on $t with status $rc (its messages are above)"
		why=$(tail -n +"$first" "$WSK_OUT/results" | awk -F'\t' '$1 == "fail" { print $2; exit }')
		why=${why:+see $why}
		# (No grep -q at the end of a pipe here: under pipefail, the writer it leaves
		# behind dies of SIGPIPE and turns a match into a failure.)
		seen=$(tail -n +"$first" "$WSK_OUT/results" | cut -f2)
		while IFS= read -r item; do
			grep -qxF "$prefix/$t/$item" <<<"$seen" ||
				result fail "$prefix/$t/$item" "not run (${why:-$t produced no result})"
		done < <("$expect" "$t")
		times=$(cat "$WSK_OUT/$t/$prefix.times" 2>/dev/null || true)
		rows+=("$t $(results_since "$first" pass) $(results_since "$first" fail) ${times:-- -}")
	done
	print_table ${rows[@]+"${rows[@]}"}
}

# kernel_table TARGET...: one row per kernel with the passed/failed counts of its module build
# (build/TARGET), its KUnit run (kunit/TARGET/...), its VM run (vm/TARGET/...) and its install
# checks (install/TARGET, pkg/TARGET/...), from the results file; "-" where a runner does not
# cover the kernel.
kernel_table() {
	local t
	printf '  %-14s %-7s %-13s %-13s %-13s\n' kernel build "kunit ok/FAIL" "vm ok/FAIL" \
		"pkg ok/FAIL"
	for t in "$@"; do
		awk -F'\t' -v t="$t" -v kt=" $WSK_KUNIT_TARGETS $WSK_INTREE_TARGETS " \
			-v vt=" $WSK_VM_TARGETS " -v pt=" $WSK_PKG_TARGETS " -v bt=" $WSK_BUILD_TARGETS " '
			function cell(list, c) {
				return index(list, " " t " ") || c["pass"] + c["fail"] ? \
					sprintf("%d/%d", c["pass"], c["fail"]) : "-"
			}
			$2 == "build/" t { b = ($1 == "pass" ? "ok" : "FAIL") }
			index($2, "kunit/" t "/") == 1 { k[$1]++ }
			index($2, "vm/" t "/") == 1 { v[$1]++ }
			index($2, "pkg/" t "/") == 1 || $2 == "install/" t { p[$1]++ }
			END {
				if (b == "")
					b = index(bt, " " t " ") ? "none" : "-"
				printf "  %-14s %-7s %-13s %-13s %-13s\n", t, b,
					cell(kt, k), cell(vt, v), cell(pt, p)
			}' "$WSK_OUT/results"
	done
}
