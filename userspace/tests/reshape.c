// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope-reshape: a process whose mappings split and move when told to,
 * for the diff tests (tests/cli.sh; the same steps as the hand-built
 * tests/data/reshape*.txt).
 *
 *   vmscope-reshape
 *
 * Maps, at 2 MiB-aligned offsets of one free range, with unmapped gaps so
 * that no two of them merge:
 *   X  at   0 MiB, 40 MiB read-write, the first 30 MiB written
 *   M  at  48 MiB,  4 MiB read-write, written
 *   R  at  64 MiB, 64 MiB PROT_NONE: a reservation, as JVMs and jemalloc
 *                  keep address space to grow into
 * and prints "ready PID X M R" (addresses in hex). Then on each SIGUSR1
 * the next step:
 *   1  mprotect(X + 18 MiB, 4 MiB, PROT_READ): X splits in three;
 *      prints "split"
 *   2  mremap(M, 4 MiB, 8 MiB, MREMAP_MAYMOVE | MREMAP_FIXED, R): M moves
 *      into the start of the reservation, grown to 8 MiB; prints "moved"
 * SIGTERM exits. Signals are taken with sigwaitinfo(): nothing lost.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MiB	(1UL << 20)

static void die(const char *what)
{
	perror(what);
	_exit(1);
}

int main(void)
{
	size_t span = 128 * MiB, align = 2 * MiB;
	char *area, *base, *x, *m, *r;
	sigset_t set;
	int step = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);

	/* One free range, aligned, then the pieces placed in it. */
	area = mmap(NULL, span + align, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (area == MAP_FAILED)
		die("vmscope-reshape: mmap");
	base = (char *)(((uintptr_t)area + align - 1) & ~(uintptr_t)(align - 1));
	x = base;
	m = base + 48 * MiB;
	r = base + 64 * MiB;
	if (mmap(x, 40 * MiB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ||
	    mmap(m, 4 * MiB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		die("vmscope-reshape: mmap");
	/* Unmap the gaps and the slack: what remains of `area` is R. */
	if ((base > area && munmap(area, base - area)) ||
	    munmap(x + 40 * MiB, 8 * MiB) || munmap(m + 4 * MiB, 12 * MiB) ||
	    munmap(r + 64 * MiB, area + span + align - (r + 64 * MiB)))
		die("vmscope-reshape: munmap");
	memset(x, 1, 30 * MiB);
	memset(m, 2, 4 * MiB);
	printf("ready %d %p %p %p\n", getpid(), (void *)x, (void *)m, (void *)r);

	for (;;) {
		if (sigwaitinfo(&set, NULL) == SIGTERM)
			return 0;
		switch (++step) {
		case 1:
			if (mprotect(x + 18 * MiB, 4 * MiB, PROT_READ))
				die("vmscope-reshape: mprotect");
			printf("split\n");
			break;
		case 2:
			if (mremap(m, 4 * MiB, 8 * MiB, MREMAP_MAYMOVE | MREMAP_FIXED, r) !=
			    r)
				die("vmscope-reshape: mremap");
			printf("moved\n");
			break;
		default:
			printf("done\n");
		}
	}
}
