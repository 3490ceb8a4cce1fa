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
#   make install        install wsk.ko, the client headers, Module.symvers and wskctl
#   make uninstall      remove what make install or make dkms installed
#   make dkms           install the sources for DKMS and build the module for this kernel
#   make deb            build the wsk-dkms and wskctl Debian packages into build/deb
#
# The kernel module itself is described in Kbuild.

PLATFORM := tests/platform

# Default KDIR: the running kernel's build tree (apt-get install linux-headers-$(uname -r)),
# else, with a note, the newest Debian headers the test platform has fetched (make deps).
RUNNING_KDIR := /lib/modules/$(shell uname -r)/build
ifeq ($(origin KDIR),undefined)
ifneq ($(wildcard $(RUNNING_KDIR)/Makefile),)
KDIR := $(RUNNING_KDIR)
else
KDIR := $(shell $(PLATFORM)/kdir.sh 2>/dev/null)
KDIR_FALLBACK := 1
endif
endif

all: module wskctl

module:
	@test -n "$(KDIR)" || { echo "no kernel build tree for Linux $$(uname -r): run" \
		"'apt-get install linux-headers-$$(uname -r)', or set KDIR=" >&2; exit 1; }
	@if [ -n "$(KDIR_FALLBACK)" ]; then echo "note: Linux $$(uname -r) has no headers here;" \
		"building against the test platform's $(KDIR)" >&2; fi
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

VERSION := $(strip $(file <VERSION))
PREFIX ?= /usr/local
# Where a client module finds wsk's headers and, per kernel release, its Module.symvers; it is
# also the DKMS source tree.
WSK_SRCDIR := /usr/src/wsk-$(VERSION)
# The kernel release the module was built for, from its vermagic. Debian's headers call their
# kernel 6.1.0-57-amd64 while `make kernelrelease` there answers the upstream 6.1.192.
KREL ?= $(shell modinfo -F vermagic kmod/wsk.ko 2>/dev/null | cut -d' ' -f1)

install: module wskctl
	@test -n "$(KREL)" || { echo "kmod/wsk.ko has no vermagic: build it first" >&2; exit 1; }
	@if [ -n "$(KDIR_FALLBACK)" ] && [ -z "$(DESTDIR)" ]; then echo "refusing to install a" \
		"module built for $(KREL), not for the running $$(uname -r): install its headers" \
		"or name KDIR= yourself" >&2; exit 1; fi
	install -D -m 0644 kmod/wsk.ko $(DESTDIR)/lib/modules/$(KREL)/extra/wsk.ko
	@if [ -n "$(SIGN_KEY)" ]; then \
		echo "signing with $(SIGN_KEY)"; \
		$(KDIR)/scripts/sign-file sha256 $(SIGN_KEY) $(or $(SIGN_CERT),$(SIGN_KEY)) \
			$(DESTDIR)/lib/modules/$(KREL)/extra/wsk.ko || exit 1; \
	fi
	install -D -m 0644 -t $(DESTDIR)$(WSK_SRCDIR)/include/wsk include/wsk/*.h
	install -D -m 0644 -t $(DESTDIR)$(WSK_SRCDIR)/include/uapi/linux include/uapi/linux/wsk.h
	install -D -m 0644 Module.symvers $(DESTDIR)$(WSK_SRCDIR)/$(KREL)/Module.symvers
	install -D -m 0644 include/uapi/linux/wsk.h $(DESTDIR)$(PREFIX)/include/linux/wsk.h
	depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KREL)
	$(MAKE) -C tools/wskctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

# KREL= names another release; without a built module the running kernel's is taken.
uninstall: KREL := $(or $(KREL),$(shell uname -r))
uninstall:
	@if [ -z "$(DESTDIR)" ] && command -v dkms >/dev/null && \
	    [ -n "$$(dkms status -m wsk -v $(VERSION) 2>/dev/null)" ]; then \
		echo "dkms remove -m wsk -v $(VERSION) --all"; \
		dkms remove -m wsk -v $(VERSION) --all || exit 1; \
	fi
	rm -f $(DESTDIR)/lib/modules/$(KREL)/extra/wsk.ko
	-rmdir $(DESTDIR)/lib/modules/$(KREL)/extra 2>/dev/null
	if [ -d $(DESTDIR)/lib/modules/$(KREL) ]; then depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KREL); fi
	rm -rf $(DESTDIR)$(WSK_SRCDIR)
	rm -f $(DESTDIR)$(PREFIX)/include/linux/wsk.h
	rm -f $(DESTDIR)$(PREFIX)/sbin/wskctl $(DESTDIR)$(PREFIX)/share/man/man8/wskctl.8 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/wskctl

# DKMS: the sources into $(WSK_SRCDIR), then dkms builds and installs the module for this
# kernel, and again for every kernel installed later.
dkms:
	rm -rf $(DESTDIR)$(WSK_SRCDIR)
	$(MAKE) dkms-src DKMS_DEST=$(DESTDIR)$(WSK_SRCDIR)
	@if [ -z "$(DESTDIR)" ]; then \
		set -e; \
		dkms add -m wsk -v $(VERSION); \
		dkms install -m wsk -v $(VERSION); \
	fi

# What DKMS builds from (and the wsk-dkms package holds): the module's sources, the headers,
# the release and the DKMS recipe; never objects of an earlier build.
dkms-src:
	@test -n "$(DKMS_DEST)" || { echo "dkms-src: set DKMS_DEST" >&2; exit 1; }
	install -D -m 0644 -t $(DKMS_DEST)/kmod kmod/Kbuild kmod/*.mk kmod/*.c kmod/*.h
	install -D -m 0644 -t $(DKMS_DEST)/include/wsk include/wsk/*.h
	install -D -m 0644 -t $(DKMS_DEST)/include/uapi/linux include/uapi/linux/wsk.h
	install -m 0644 VERSION $(DKMS_DEST)/
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf >$(DKMS_DEST)/dkms.conf
	install -m 0755 dkms-symvers.sh $(DKMS_DEST)/

# The Debian packages, from a copy of the tree: wsk-dkms (the DKMS sources) and wskctl.
deb:
	$(PLATFORM)/deb.sh build/deb

clean:
	@if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C tools/wskctl clean
	$(MAKE) -C tests/fuzz clean
	$(MAKE) -C tests/bench clean
	rm -rf build

# The KUnit suites built into a kernel by KUnit's own kunit.py (tests/platform/kunit-intree.sh).
kunit-intree: deps
	$(PLATFORM)/run.sh kunit-intree

.PHONY: all module wskctl deps lint kunit kunit-intree vm-test check fuzz bench demo selfcheck \
	install uninstall dkms dkms-src deb clean
