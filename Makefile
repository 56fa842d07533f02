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
#   make check           every test (static checks, unit tests, guest suite
#                        on Debian 6.1 and 6.12; KUnit and the guest suite on
#                        the debug kernel); last line "N passed, N failed"
#   make check-kernels   Debian's -rt and -cloud kernels of 6.1 and 6.12
#                        (scripts/deps --flavours caches them): W=1 modpost
#                        build and the guest suite on each, as TAP
#   make kunit           KUnit suites (kunit/) in QEMU on the debug kernel
#                        (built once into $VMSCOPE_CACHE/debug-kernel)
#   make torture         every hostile load at once on the debug kernel for
#                        TORTURE_SECONDS (default 600), then kmemleak;
#                        make check runs it for 60 s
#   make demo            the demo, in QEMU on the stock 6.12 kernel
#   make deps            install what building and testing need; the guest
#                        kernels and their headers go into the cache only
#   make install         the CLI, its man pages and bash completion under $(PREFIX)

PREFIX ?= /usr/local
ROOT := $(abspath .)
BUILD := $(ROOT)/build

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

.PHONY: all modules sign cli check check-kernels kunit torture demo deps install clean

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

demo:
	@scripts/demo

deps:
	@scripts/deps

install: cli
	install -D -m 0755 $(BUILD)/userspace/vmscope $(DESTDIR)$(PREFIX)/bin/vmscope
	if [ -f Documentation/vmscope.1 ]; then \
		install -D -m 0644 Documentation/vmscope.1 $(DESTDIR)$(PREFIX)/share/man/man1/vmscope.1; fi
	install -D -m 0644 Documentation/vmscope.4 $(DESTDIR)$(PREFIX)/share/man/man4/vmscope.4
	install -D -m 0644 userspace/completion/vmscope \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/vmscope

clean:
	rm -rf $(BUILD)
