# vmscope - top-level build.
#
#   make                 vmscope.ko for the running kernel if its headers are
#                        installed (/lib/modules/$(uname -r)/build), else for
#                        each Debian kernel whose headers scripts/deps
#                        unpacked into $VMSCOPE_CACHE (kernels.list); and
#                        the CLI
#   make modules KDIR=D  vmscope.ko for one kernel tree
#   make cli             the vmscope command
#   make sign KEY=K CERT=C
#                        sign the modules `make modules` builds (same KDIRS)
#                        with private key K and certificate C, with each
#                        kernel's scripts/sign-file and its
#                        CONFIG_MODULE_SIG_HASH (Documentation/signing.rst:
#                        Secure Boot, MOK enrolment)
#   make check           every test (static checks, unit tests, packaging
#                        (make pkg-check), guest suite on Debian 6.1 and
#                        6.12, signatures and lockdown, a smoke run of the
#                        -rt and -cloud kernels; KUnit and the guest suite
#                        on the debug kernel); last line "N passed, N failed"
#   make check-kernels   Debian's -rt and -cloud kernels of 6.1 and 6.12
#                        (scripts/deps --flavours caches them): W=1 modpost
#                        build and the guest suite on each, as TAP
#   make kunit           KUnit suites (kunit/) in QEMU on the debug kernel
#                        (built once into $VMSCOPE_CACHE/debug-kernel)
#   make torture         every hostile load at once on the debug kernel for
#                        TORTURE_SECONDS (default 600), then kmemleak;
#                        make check runs it for 60 s
#   make bench           vmscope against smaps, smaps_rollup, numa_maps and
#                        pagemap in one guest run on each stock kernel
#                        (scripts/bench; Documentation/walker.rst, Cost),
#                        the table at two layouts of the module's text;
#                        make check runs its short setting (--smoke).
#                        scripts/bench --compare REV measures a change
#   make demo            the demo, in QEMU on the stock 6.12 kernel
#   make deps            install what building and testing need; the guest
#                        kernels and their headers go into the cache only
#   make install         the module for the running kernel into
#                        /lib/modules/$(KVER)/updates and depmod (KVER=,
#                        KDIR= for another kernel; headers of KVER needed),
#                        and the CLI, its man pages and bash completion under
#                        $(PREFIX); both honour DESTDIR. install-module and
#                        install-cli do one half each; make uninstall (and
#                        uninstall-module, uninstall-cli) removes them again
#   make install-dkms    the module's source and dkms.conf into
#                        $(DESTDIR)/usr/src/vmscope-VERSION, for `dkms
#                        install vmscope/VERSION` (uninstall-dkms)
#   make deb             the Debian packages vmscope and vmscope-dkms
#                        (dpkg-buildpackage in build/pkg/, lintian)
#   make pkg-check       the packaging tests make check runs: make install
#                        and uninstall staged, DKMS for each cached Debian
#                        kernel in a scratch tree, the debs built, linted,
#                        unpacked and run in a guest of each kernel

PREFIX ?= /usr/local
ROOT := $(abspath .)
BUILD := $(ROOT)/build
# The one place the release number is written.
VERSION := $(shell sed -n 's/^\#define VMS_VERSION[[:space:]]*"\(.*\)"/\1/p' include/vmscope/version.h)
DKMS_SRC = $(DESTDIR)/usr/src/vmscope-$(VERSION)

VMSCOPE_CACHE ?= /var/cache/vmscope
RUNNING_KDIR := /lib/modules/$(shell uname -r)/build
ifeq ($(KDIR),)
ifneq ($(wildcard $(RUNNING_KDIR)/Makefile),)
KDIRS := $(RUNNING_KDIR)
else
# The headers trees scripts/deps cached: kernels.list's third column.
KDIRS := $(shell awk '{ print $$3 }' $(VMSCOPE_CACHE)/kernels.list 2>/dev/null)
endif
else
KDIRS := $(KDIR)
endif

TORTURE_SECONDS ?= 600

.PHONY: all modules sign cli check check-kernels kunit torture bench demo deps \
	install install-cli install-module uninstall uninstall-cli \
	uninstall-module install-dkms uninstall-dkms deb pkg-check clean

all: modules cli

modules:
	@test -n "$(KDIRS)" || { echo "no kernel headers found: install the running kernel's, run 'make deps' (Debian kernels into the cache) or pass KDIR=" >&2; exit 1; }
	@set -e; for k in $(KDIRS); do scripts/build-module "$$k"; done

sign:
	@test -n "$(KEY)" && test -n "$(CERT)" || { echo "usage: make sign KEY=private-key.pem CERT=certificate.{pem,der} [KDIR=tree]" >&2; exit 1; }
	@test -n "$(KDIRS)" || { echo "no kernel headers found: install the running kernel's, run 'make deps' (Debian kernels into the cache) or pass KDIR=" >&2; exit 1; }
	@set -e; for k in $(KDIRS); do scripts/sign-module --key "$(KEY)" --cert "$(CERT)" "$$k"; done

cli:
	$(MAKE) -C userspace OUT=$(BUILD)/userspace

check:
	@scripts/check

check-kernels:
	@scripts/deps
	@scripts/check-kernels

kunit:
	@scripts/kunit

torture:
	@scripts/deps
	@scripts/debug-kernel torture --seconds $(TORTURE_SECONDS)

bench:
	@scripts/bench 6.1
	@scripts/bench 6.12

demo:
	@scripts/demo

deps:
	@scripts/deps

install: install-module install-cli

install-cli: cli
	install -D -m 0755 $(BUILD)/userspace/vmscope $(DESTDIR)$(PREFIX)/bin/vmscope
	install -D -m 0644 Documentation/vmscope.1 $(DESTDIR)$(PREFIX)/share/man/man1/vmscope.1
	install -D -m 0644 Documentation/vmscope.4 $(DESTDIR)$(PREFIX)/share/man/man4/vmscope.4
	install -D -m 0644 userspace/completion/vmscope \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/vmscope

install-module:
	@scripts/install-module install $(if $(KVER),--kver $(KVER)) \
		$(if $(KDIR),--kdir $(KDIR)) $(if $(DESTDIR),--destdir $(DESTDIR))

uninstall: uninstall-module uninstall-cli

uninstall-cli:
	rm -f $(DESTDIR)$(PREFIX)/bin/vmscope \
		$(DESTDIR)$(PREFIX)/share/man/man1/vmscope.1 \
		$(DESTDIR)$(PREFIX)/share/man/man4/vmscope.4 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/vmscope

uninstall-module:
	@scripts/install-module uninstall $(if $(KVER),--kver $(KVER)) \
		$(if $(KDIR),--kdir $(KDIR)) $(if $(DESTDIR),--destdir $(DESTDIR))

# What DKMS builds from: the Kbuild, the module's sources and headers, its
# probes and the script that runs them (dkms.conf's MAKE), and dkms.conf
# with this release filled in (dh_dkms -V does the same for the package).
install-dkms:
	@test -n "$(VERSION)" || { echo "no VMS_VERSION in include/vmscope/version.h" >&2; exit 1; }
	rm -rf $(DKMS_SRC)
	install -D -m 0644 -t $(DKMS_SRC) Kbuild
	install -D -m 0644 -t $(DKMS_SRC)/include/vmscope include/vmscope/*.h
	install -D -m 0644 -t $(DKMS_SRC)/module module/*.c module/*.h
	install -D -m 0644 -t $(DKMS_SRC)/module/probes module/probes/*
	install -D -m 0755 -t $(DKMS_SRC)/scripts scripts/probe-features
	sed 's/#MODULE_VERSION#/$(VERSION)/g' dkms.conf >$(DKMS_SRC)/dkms.conf

uninstall-dkms:
	rm -rf $(DKMS_SRC)

deb:
	@scripts/pkg-check --deb-only

pkg-check:
	@scripts/pkg-check

clean:
	rm -rf $(BUILD)
