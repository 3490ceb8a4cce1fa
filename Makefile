# SPDX-License-Identifier: GPL-2.0
#
# wsk: Windows-WSK-style event-callback sockets for Linux kernel modules.
#
#   make                build kmod/wsk.ko (and the KUnit module if KDIR has KUnit) and wskctl
#   make KDIR=...       the same against any kernel build tree
#   make check          everything: lint, builds, KUnit (debug, KCSAN kernels), VM scenarios on 7 kernels
#   make fuzz           a long /dev/wsk fuzz (tests/fuzz) on x86dbg-6.12, WSK_FUZZ_KERNEL=... for another
#   make bench          the benchmark: every consumer side by side on stock 6.1 and 6.12 (tests/bench)
#   make demo           boot a VM, load the module and show it working
#   make install        install the module (modules_install) and wskctl on this machine
#
# The kernel module itself is described in Kbuild.

PLATFORM := tests/platform

# Default KDIR: the running kernel's build tree, else the newest Debian headers the test
# platform has fetched (tests/platform/deps.sh).
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; \
	if [ -d "$$d" ]; then echo "$$d"; else $(PLATFORM)/kdir.sh 2>/dev/null; fi)

all: module wskctl

module:
	@test -n "$(KDIR)" || { echo "no kernel build tree: set KDIR or run 'make deps'" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

wskctl:
	$(MAKE) -C tools/wskctl

deps:
	$(PLATFORM)/deps.sh

lint:
	$(PLATFORM)/lint.sh

kunit: deps
	$(PLATFORM)/run.sh kunit

vm-test: deps
	$(PLATFORM)/run.sh vm-test

check:
	$(PLATFORM)/check.sh

# A long run of the /dev/wsk fuzzer (1,000,000 calls by default; tests/platform/fuzz.sh).
fuzz: deps
	$(PLATFORM)/fuzz.sh $(WSK_FUZZ_KERNEL)

# Ratios of every consumer of each workload, one boot per kernel (tests/platform/bench.sh).
bench: deps
	$(PLATFORM)/bench.sh $(WSK_BENCH_KERNELS)

demo: deps
	$(PLATFORM)/demo.sh

# Fault injection: proves that each kind of failure turns the runners red.
selfcheck: deps
	$(PLATFORM)/selfcheck.sh

install: module wskctl
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	$(MAKE) -C tools/wskctl install
	depmod -a $(shell $(MAKE) -s -C $(KDIR) kernelrelease 2>/dev/null)

clean:
	@if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C tools/wskctl clean
	$(MAKE) -C tests/fuzz clean
	$(MAKE) -C tests/bench clean
	rm -rf build

.PHONY: all module wskctl deps lint kunit vm-test check fuzz bench demo selfcheck install clean

# The KUnit suites built into a kernel by KUnit's own kunit.py (tests/platform/kunit-intree.sh).
kunit-intree: deps
	$(PLATFORM)/run.sh kunit-intree

.PHONY: kunit-intree
