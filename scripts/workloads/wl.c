// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-wl: test workloads, one binary, statically linked for the guest.
 *
 *   vmscope-wl threads N     N threads, each blocked
 *   vmscope-wl mixed DIR     file (shared, private), shmem (memfd, shared
 *                            anonymous), a PROT_NONE reservation and an
 *                            mprotect()-split anonymous region
 *   vmscope-wl names DIR     files whose names hold spaces, tabs, newlines,
 *                            backslashes and non-ASCII bytes, mapped
 *   vmscope-wl churn         maps, splits and unmaps in a loop, forever
 *   vmscope-wl malloc MIB    malloc(MIB MiB) and leave it untouched
 *   vmscope-wl sleep         nothing but a plain process
 *
 * Accounting workloads (checked by scripts/guest/acct/):
 *
 *   lazy          malloc 1 GiB, untouched
 *   half          malloc 1 GiB, first half written; then young and
 *                 soft-dirty bits cleared (clear_refs) and 64 MiB rewritten
 *   zero          1 GiB read, never written: zero pages, and the huge zero
 *                 page where a whole 2 MiB range lies in the VMA
 *   cow           64 MiB written, fork, the child writes the first half
 *   file DIR...   per DIR a 64 MiB file, MAP_SHARED (part read, part
 *                 written) and MAP_PRIVATE (part read, part written: COW)
 *   memfd         a 64 MiB memfd MAP_SHARED by parent and child, each
 *                 writing its own part and reading part of the other's
 *   populate      MAP_POPULATE: private writable, read-only, shared anon
 *   mlock         mlock()ed written region; mlock2(MLOCK_ONFAULT) half used
 *   thp           MADV_HUGEPAGE 2 MiB-aligned, written; PTE-mapped THPs
 *                 (munmap of a tail page, mprotect of a middle page);
 *                 MADV_NOHUGEPAGE region; prints "skip REASON" without THP
 *   mthp          64 KiB mTHP (hugepages-64kB/enabled=always, set by the
 *                 caller); prints "skip REASON" where there is none
 *   hugetlb       MAP_HUGETLB 2 MiB pages, a MAP_HUGE_1GB page, and a
 *                 hugetlbfs file (/dev/hugepages) MAP_SHARED
 *   swap          anonymous memory and a memfd (plus a partial and a private
 *                 mapping of it, and a private one written, then made
 *                 read-only), MADV_PAGEOUT
 *   ksm           MADV_MERGEABLE identical pages; waits until merged
 *   reserve       1 TiB PROT_NONE MAP_NORESERVE
 *   numa          MPOL_BIND to the last node, written, then the first half
 *                 moved to node 0 with move_pages() (misplaced); a second
 *                 bound mapping moved there and back (nothing misplaced);
 *                 a bound 64 KiB mapping moved to node 0 (misplaced)
 *   checker       16 MiB, every other page written: more extents than a
 *                 walk holds, given by a second pass
 *   thpshare      4 MiB of THPs shared with a child that unmapped 256 KiB
 *                 of the first: pages of one PMD with mapcounts 2, 1, 2;
 *                 the same with a memfd's shmem THPs (shmem_enabled
 *                 advise, set by the caller)
 *   stack         a thread with 1 MiB of its stack written, 256 KiB of the
 *                 main stack written
 *   lazyfree      MADV_FREE on written anonymous memory (small pages and a
 *                 THP), part of it written again
 *   pkey          a mapping under a protection key (pkey_mprotect) beside
 *                 one under key 0; prints "skip REASON" without pkeys
 *   swapfork      anonymous memory paged out, then fork: the child shares
 *                 the swap entries and reads part back in
 *   hugefork      two private 2 MiB hugetlb pages written, fork: the child
 *                 shares one and breaks COW of the other
 *   policy        a mapping under each memory policy mode (mbind, with the
 *                 mode flags), a memfd's shared policy seen by two
 *                 mappings and not by a third, and a task policy that the
 *                 VMAs without one fall back to
 *   all [DIR...]  every one of the above in one process (and its child),
 *                 except swapfork, hugefork and policy
 *
 * Each prints "ready PID" on stdout once its address space is set up, then
 * blocks (churn keeps churning) until killed. The accounting workloads
 * also print, before "ready":
 *   child PID                  another process to check (forked children)
 *   expect PID ADDR KEY OP N   what the workload meant to set up: the VMA
 *                              of PID holding ADDR has KEY (a vma field of
 *                              the report) OP (>=, <=, ==) N bytes
 *   note TEXT                  for the log
 *   skip REASON                the workload cannot run here (no "ready")
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/mempolicy.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT	26
#endif
#ifndef MAP_HUGE_1GB
#define MAP_HUGE_1GB	(30 << MAP_HUGE_SHIFT)
#endif
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB	(21 << MAP_HUGE_SHIFT)
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif
#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT	1
#endif
#ifndef MADV_FREE
#define MADV_FREE	8
#endif

static void die(const char *what)
{
	fprintf(stderr, "vmscope-wl: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void ready_and_wait(void)
{
	printf("ready %d\n", getpid());
	fflush(stdout);
	for (;;)
		pause();
}

/*
 * Fork a child that runs @setup(@arg), then stays until killed (or until
 * its parent dies); return its pid once @setup is done.
 */
static pid_t fork_ready(void (*setup)(void *), void *arg)
{
	int sync1[2];
	char x = 'x';
	pid_t pid;

	if (pipe(sync1))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		setup(arg);
		if (write(sync1[1], &x, 1) != 1)
			die("pipe");
		for (;;)
			pause();
	}
	if (read(sync1[0], &x, 1) != 1)
		die("child failed");
	close(sync1[0]);
	close(sync1[1]);
	return pid;
}

static void *blocked_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static int wl_threads(int n)
{
	pthread_t t;
	int i;

	for (i = 0; i < n; i++)
		if (pthread_create(&t, NULL, blocked_thread, NULL))
			die("pthread_create");
	ready_and_wait();
	return 0;
}

/* A file of @size bytes at @path, filled with a pattern, mapped. */
static void *map_file(const char *path, size_t size, int prot, int flags)
{
	char buf[4096];
	size_t done;
	void *p;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(path);
	memset(buf, 0x5a, sizeof(buf));
	for (done = 0; done < size; done += sizeof(buf))
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			die("write");
	p = mmap(NULL, size, prot, flags, fd, 0);
	if (p == MAP_FAILED)
		die("mmap file");
	close(fd);
	return p;
}

static int wl_mixed(const char *dir)
{
	long pg = sysconf(_SC_PAGESIZE);
	char path[4096];
	char *p;
	int fd;

	snprintf(path, sizeof(path), "%s/wl-mixed-shared", dir);
	p = map_file(path, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED);
	p[0] = 1;
	snprintf(path, sizeof(path), "%s/wl-mixed-private", dir);
	p = map_file(path, 1 << 20, PROT_READ, MAP_PRIVATE);
	(void)*(volatile char *)p;

	/* The same file twice at different offsets: two VMAs, one inode. */
	fd = open(path, O_RDONLY);
	if (fd < 0 || mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 4 * pg) ==
	    MAP_FAILED)
		die("mmap at offset");
	close(fd);

	fd = memfd_create("wl memfd", 0);
	if (fd < 0 || ftruncate(fd, 1 << 20))
		die("memfd");
	p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap memfd");
	memset(p, 1, 4096);

	p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap shared anonymous");
	p[0] = 1;

	if (mmap(NULL, 1UL << 30, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) ==
	    MAP_FAILED)
		die("mmap PROT_NONE");

	p = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + 4 * pg, 4 * pg, PROT_READ))
		die("mprotect split");
	p[0] = 1;
	ready_and_wait();
	return 0;
}

static int wl_names(const char *dir)
{
	static const char *const names[] = {
		"with space",
		"with\ttab",
		"with\nnewline",
		"back\\slash",
		"caf\xc3\xa9 \x01\x7f",
		"trailing space ",
	};
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		map_file(path, 8192, PROT_READ, MAP_PRIVATE);
	}
	/* A deleted file: maps says "(deleted)". */
	snprintf(path, sizeof(path), "%s/gone soon", dir);
	map_file(path, 4096, PROT_READ, MAP_SHARED);
	unlink(path);
	ready_and_wait();
	return 0;
}

static int wl_churn(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned int seed = 1;
	char *slots[64] = { 0 };

	printf("ready %d\n", getpid());
	fflush(stdout);
	for (;;) {
		unsigned int i = rand_r(&seed) % 64;
		size_t n = 1 + rand_r(&seed) % 32;

		if (slots[i]) {
			munmap(slots[i], 32 * pg);
			slots[i] = NULL;
			continue;
		}
		slots[i] = mmap(NULL, 32 * pg, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (slots[i] == MAP_FAILED) {
			slots[i] = NULL;
			continue;
		}
		slots[i][0] = 1;
		if (n < 32)
			mprotect(slots[i] + (n / 2) * pg, pg, PROT_READ);
	}
	return 0;
}

static int wl_malloc(long mib)
{
	char *p = malloc((size_t)mib << 20);

	if (!p)
		die("malloc");
	printf("malloc %ld MiB at %p\n", mib, (void *)p);
	ready_and_wait();
	return 0;
}

/* ---- accounting workloads ---------------------------------------------- */

#define KiB	(1UL << 10)
#define MiB	(1UL << 20)
#define GiB	(1UL << 30)
#define PG	4096UL

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* The VMA of this process holding @p must have @key @op @val. */
static void expect(const void *p, const char *key, const char *op,
		   unsigned long long val)
{
	say("expect %d %p %s %s %llu\n", getpid(), p, key, op, val);
}

static void die2(const char *what, const char *arg)
{
	fprintf(stderr, "vmscope-wl: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

/* Write one byte per page (a pattern that is never zero). */
static void touch_write(char *p, size_t len)
{
	for (size_t i = 0; i < len; i += PG)
		p[i] = (char)(1 + (i / PG) % 251);
}

static void touch_read(const char *p, size_t len)
{
	unsigned int sum = 0;

	for (size_t i = 0; i < len; i += PG)
		sum += ((const volatile char *)p)[i];
	(void)sum;
}

/*
 * A private anonymous region of @len bytes at an address that is @skew
 * past an @align boundary, with PROT_NONE neighbours so that it never
 * merges with another workload's region.
 */
static char *region(size_t len, size_t align, size_t skew, int prot)
{
	size_t total = len + 2 * align + skew + 2 * PG;
	char *p = mmap(NULL, total, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uintptr_t q;

	if (p == MAP_FAILED)
		die("mmap region");
	q = ((uintptr_t)p + PG + align - 1) & ~(uintptr_t)(align - 1);
	q += skew;
	if (mprotect((void *)q, len, prot))
		die("mprotect region");
	return (char *)q;
}

static bool fs_is_tmpfs(const char *dir)
{
	struct statfs st;

	return !statfs(dir, &st) && st.f_type == TMPFS_MAGIC;
}

static int fill_fd(int fd, size_t size, const char *what)
{
	static char buf[65536];
	size_t done;

	memset(buf, 0x5a, sizeof(buf));
	for (done = 0; done < size; done += sizeof(buf))
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			die2("write", what);
	return fd;
}

/* Write /proc/self/clear_refs: 0, or -1 (and a note) where refused. */
static int clear_refs(const char *what)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	int err = fd < 0 || write(fd, what, 1) != 1;

	if (err)
		say("note clear_refs %s: %s\n", what, strerror(errno));
	if (fd >= 0)
		close(fd);
	return err ? -1 : 0;
}

static void wl_lazy(void)
{
	char *p = malloc(GiB);

	if (!p)
		die("malloc");
	say("note lazy: malloc(1 GiB) at %p\n", (void *)p);
	expect(p, "vsz", ">=", GiB);
	expect(p, "none", ">=", GiB - 2 * MiB);
}

static void wl_half(void)
{
	char *p = malloc(GiB);

	if (!p)
		die("malloc");
	memset(p, 0x11, GiB / 2);
	say("note half: malloc(1 GiB) at %p, first 512 MiB written\n",
	    (void *)p);
	expect(p, "rss", ">=", GiB / 2);
	expect(p, "none", ">=", GiB / 2 - 2 * MiB);
	/* Young and soft-dirty on part only: clear both, rewrite 64 MiB. */
	if (!clear_refs("1")) {
		touch_write(p, 64 * MiB);
		expect(p, "young", ">=", 64 * MiB);
		expect(p, "young", "<=", 68 * MiB);
	}
	if (!clear_refs("4")) {
		touch_write(p, 64 * MiB);
		expect(p, "softdirty", ">=", 64 * MiB);
		expect(p, "softdirty", "<=", 68 * MiB);
	}
}

/* Read-only faults: the zero page, and the huge zero page on whole PMDs. */
static void wl_zero(void)
{
	char *p = region(GiB, 2 * MiB, PG, PROT_READ | PROT_WRITE);

	touch_read(p, GiB);
	say("note zero: 1 GiB at %p (4 KiB past a 2 MiB boundary), read\n",
	    (void *)p);
	expect(p, "zero", "==", GiB);
	expect(p, "rss", "==", 0);
}

static void wl_populate(void)
{
	char *a, *b, *c;

	a = mmap(NULL, 64 * MiB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	b = mmap(NULL, 16 * MiB, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	c = mmap(NULL, 16 * MiB, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (a == MAP_FAILED || b == MAP_FAILED || c == MAP_FAILED)
		die("mmap MAP_POPULATE");
	expect(a, "rss", ">=", 64 * MiB);
	expect(b, "zero", "==", 16 * MiB);
	expect(c, "shmem", "==", 16 * MiB);
}

/* In "all" the child shares the locked pages: half of their pss is ours. */
static void wl_mlock(bool shared)
{
	char *a = region(16 * MiB, PG, 0, PROT_READ | PROT_WRITE);
	char *b = region(8 * MiB, PG, 0, PROT_READ | PROT_WRITE);

	touch_write(a, 16 * MiB);
	if (mlock(a, 16 * MiB))
		die("mlock");
	if (syscall(SYS_mlock2, b, 8 * MiB, MLOCK_ONFAULT))
		die("mlock2");
	touch_write(b, 4 * MiB);
	expect(a, "locked", ">=", (shared ? 8 : 16) * MiB);
	expect(b, "locked", ">=", (shared ? 2 : 4) * MiB);
	expect(b, "none", ">=", 4 * MiB - 2 * MiB);
}

/*
 * Returns false (after "skip", or a note in "all") without THP: PREEMPT_RT
 * kernels (Debian's -rt flavour) build without TRANSPARENT_HUGEPAGE.
 */
static bool wl_thp(bool quiet)
{
	const char *f = "/sys/kernel/mm/transparent_hugepage/enabled";
	char *a, *b, *c;

	if (access(f, F_OK)) {
		say("%s %s missing: no transparent huge pages on this kernel\n",
		    quiet ? "note thp:" : "skip", f);
		return false;
	}
	a = region(16 * MiB, 2 * MiB, 0, PROT_READ | PROT_WRITE);
	b = region(8 * MiB, 2 * MiB, 0, PROT_READ | PROT_WRITE);
	c = region(4 * MiB, 2 * MiB, 0, PROT_READ | PROT_WRITE);
	madvise(a, 16 * MiB, MADV_HUGEPAGE);
	madvise(b, 8 * MiB, MADV_HUGEPAGE);
	madvise(c, 4 * MiB, MADV_NOHUGEPAGE);
	touch_write(a, 16 * MiB);
	touch_write(b, 8 * MiB);
	touch_write(c, 4 * MiB);
	/* PTE-mapped THPs: drop the last page, write-protect a middle one. */
	if (munmap(b + 8 * MiB - PG, PG) ||
	    mprotect(b + 3 * MiB, PG, PROT_READ))
		die("split THP mappings");
	expect(a, "thp", "==", 16 * MiB);
	expect(b, "thp", ">=", 2 * MiB);
	expect(b, "large", ">=", MiB);
	expect(b + 6 * MiB, "large", ">=", 2 * MiB - PG);
	expect(c, "thp", "==", 0);
	expect(c, "rss", "==", 4 * MiB);
	return true;
}

/*
 * THPs mapped by PMDs here and by a child, which splits the first one's
 * mapping and unmaps 256 KiB of it: that THP's pages have mapcounts 2, 1
 * and 2 in runs, read page by page (its folio has more than one
 * reference). Returns false (after "skip") without THP.
 */
static void thpshare_child(void *arg)
{
	char **r = arg;

	if (munmap(r[0] + 256 * KiB, 256 * KiB) ||
	    (r[1] && munmap(r[1] + 256 * KiB, 256 * KiB)))
		die("munmap");
	/*
	 * A shared file mapping's entries are not copied at fork, and a
	 * file THP's PMD is zapped, not split, by a partial munmap: fault
	 * in after it, the first THP by PTEs, the second by a PMD.
	 */
	if (r[1]) {
		touch_read(r[1], 256 * KiB);
		touch_read(r[1] + 512 * KiB, 4 * MiB - 512 * KiB);
	}
}

/* A field of /proc/self/smaps_rollup, in KiB; -1 if it has none. */
static long rollup_kib(const char *field)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	size_t len = strlen(field);
	char line[256];
	long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':')
			v = strtol(line + len + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/*
 * The same with shmem THPs (a memfd under MADV_HUGEPAGE, where the
 * caller set shmem_enabled to advise): a file THP's pages count their
 * PMD mappings in their own mapcounts on 6.1. NULL where no shmem THP
 * was allocated.
 */
static char *thpshare_shmem(void)
{
	char *a = region(4 * MiB, 2 * MiB, 0, PROT_NONE);
	int fd = memfd_create("wl-thpshare", 0);

	if (fd < 0 || ftruncate(fd, 4 * MiB) ||
	    mmap(a, 4 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 fd, 0) == MAP_FAILED)
		die("memfd thpshare");
	close(fd);
	madvise(a, 4 * MiB, MADV_HUGEPAGE);
	touch_write(a, 4 * MiB);
	if (rollup_kib("ShmemPmdMapped") < (long)(4 * MiB / KiB)) {
		say("note thpshare: no shmem THP (shmem_enabled), only anonymous ones\n");
		return NULL;
	}
	return a;
}

static bool wl_thpshare(bool quiet)
{
	const char *f = "/sys/kernel/mm/transparent_hugepage/enabled";
	static char *r[2];
	pid_t pid;
	char *a;

	if (access(f, F_OK)) {
		say("%s %s missing: no transparent huge pages on this kernel\n",
		    quiet ? "note thpshare:" : "skip", f);
		return false;
	}
	a = region(4 * MiB, 2 * MiB, 0, PROT_READ | PROT_WRITE);
	madvise(a, 4 * MiB, MADV_HUGEPAGE);
	touch_write(a, 4 * MiB);
	r[0] = a;
	r[1] = thpshare_shmem();
	pid = fork_ready(thpshare_child, r);
	say("note thpshare: 4 MiB of THPs shared with the child, which unmapped 256 KiB of the first\n");
	expect(a, "thp", "==", 4 * MiB);
	expect(a, "private", "==", 256 * KiB);
	expect(a, "shared", "==", 4 * MiB - 256 * KiB);
	if (r[1]) {
		expect(r[1], "thp", "==", 4 * MiB);
		expect(r[1], "private", "==", 256 * KiB);
		expect(r[1], "shared", "==", 4 * MiB - 256 * KiB);
	}
	say("child %d\n", pid);
	return true;
}

/* Returns false (after "skip") when there is no 64 KiB mTHP. */
static bool wl_mthp(bool quiet)
{
	const char *f = "/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled";
	char buf[256] = "";
	char *a, *b;
	FILE *fp = fopen(f, "r");

	if (!fp) {
		say("%s %s missing: no multi-size THP on this kernel\n",
		    quiet ? "note mthp:" : "skip", f);
		return false;
	}
	if (!fgets(buf, sizeof(buf), fp))
		buf[0] = '\0';
	fclose(fp);
	if (!strstr(buf, "[always]")) {
		say("%s %s is not [always]: %s", quiet ? "note mthp:" : "skip",
		    f, buf);
		return false;
	}
	a = region(MiB, 64 * KiB, 0, PROT_READ | PROT_WRITE);
	b = region(4 * MiB, 2 * MiB, 64 * KiB, PROT_READ | PROT_WRITE);
	touch_write(a, MiB);
	touch_write(b, 4 * MiB);
	expect(a, "o4", "==", MiB);
	expect(b, "o4", ">=", MiB);
	expect(b, "o9", "==", 2 * MiB);
	return true;
}

static void wl_hugetlb(void)
{
	const char *path = "/dev/hugepages/vmscope-wl-hugetlb";
	char *a, *b, *c;
	int fd;

	a = mmap(NULL, 8 * MiB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB,
		 -1, 0);
	if (a == MAP_FAILED)
		die("mmap MAP_HUGETLB 2 MiB");
	touch_write(a, 6 * MiB);
	b = mmap(NULL, GiB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_1GB,
		 -1, 0);
	if (b == MAP_FAILED)
		die("mmap MAP_HUGETLB|MAP_HUGE_1GB");
	b[0] = 1;
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 4 * MiB))
		die2("hugetlbfs file", path);
	c = mmap(NULL, 4 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (c == MAP_FAILED)
		die2("mmap", path);
	unlink(path);
	close(fd);
	touch_write(c, 4 * MiB);
	expect(a, "hugetlb", "==", 6 * MiB);
	expect(a, "hpage", "==", 2 * MiB);
	expect(b, "hugetlb", "==", GiB);
	expect(b, "hpage", "==", GiB);
	expect(c, "hugetlb", "==", 4 * MiB);
}

static void wl_swap(void)
{
	char *a = region(64 * MiB, 2 * MiB, 0, PROT_READ | PROT_WRITE);
	char *m, *half, *priv, *ro;
	int fd, i;

	touch_write(a, 64 * MiB);
	fd = memfd_create("wl-swap", 0);
	if (fd < 0 || ftruncate(fd, 16 * MiB))
		die("memfd");
	m = mmap(NULL, 16 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		die("mmap memfd");
	touch_write(m, 16 * MiB);
	/*
	 * A private mapping written, then made read-only, as a loader does
	 * with RELRO: its first 2 MiB are private copies of object pages
	 * that are then swapped out.
	 */
	ro = mmap(NULL, 4 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (ro == MAP_FAILED)
		die("mmap memfd private");
	touch_write(ro, 2 * MiB);
	if (mprotect(ro, 4 * MiB, PROT_READ))
		die("mprotect");
	/* Page out 48 of the 64 MiB and all of the memfd; retry stragglers. */
	for (i = 0; i < 3; i++) {
		if (madvise(a, 48 * MiB, MADV_PAGEOUT) ||
		    madvise(m, 16 * MiB, MADV_PAGEOUT))
			die("MADV_PAGEOUT");
	}
	/* Mapped after the fact: their swap is only in the shmem object. */
	half = mmap(NULL, 8 * MiB, PROT_READ, MAP_SHARED, fd, 8 * MiB);
	priv = mmap(NULL, 16 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (half == MAP_FAILED || priv == MAP_FAILED)
		die("mmap memfd again");
	close(fd);
	expect(a, "swap", ">=", 32 * MiB);
	expect(a, "rss", ">=", 16 * MiB);
	expect(m, "swap", ">=", 8 * MiB);
	expect(half, "swap", ">=", 4 * MiB);
	expect(priv, "swap", ">=", 8 * MiB);
	expect(ro, "anon", "==", 2 * MiB);
	expect(ro, "swap", ">=", 1 * MiB);
}

static long read_long(const char *path)
{
	long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* 2048 pages of one content, 1024 of another, 1024 unique; merged. */
static void wl_ksm(void)
{
	const size_t n = 4096, same = 3072;
	char *p = region(n * PG, 2 * MiB, 0, PROT_READ | PROT_WRITE);
	long base = read_long("/sys/kernel/mm/ksm/pages_sharing"), got = 0;
	time_t t0 = time(NULL);
	size_t i;

	madvise(p, n * PG, MADV_NOHUGEPAGE);
	for (i = 0; i < n; i++) {
		memset(p + i * PG, i < 2048 ? 0x21 : i < same ? 0x42 : 0x63,
		       PG);
		if (i >= same)
			memcpy(p + i * PG, &i, sizeof(i));
	}
	if (madvise(p, n * PG, MADV_MERGEABLE))
		die("MADV_MERGEABLE");
	/* Wait until ksmd merged them: this mm's merging pages (or, on a
	 * kernel without that file, the global pages_sharing) grew. */
	while (time(NULL) - t0 < 300) {
		got = read_long("/proc/self/ksm_merging_pages");
		if (got >= (long)same)
			break;
		if (got < 0 &&
		    read_long("/sys/kernel/mm/ksm/pages_sharing") - base >=
		    (long)same - 2)
			break;
		usleep(100000);
	}
	say("note ksm: %ld pages merging after %ld s (pages_sharing %ld -> %ld)\n",
	    got, (long)(time(NULL) - t0), base,
	    read_long("/sys/kernel/mm/ksm/pages_sharing"));
	expect(p, "ksm", "==", same * PG);
	expect(p, "rss", "==", n * PG);
}

static void wl_reserve(void)
{
	char *p = mmap(NULL, 1UL << 40, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		die("mmap 1 TiB");
	/* ">=": it may merge with other PROT_NONE mappings */
	expect(p, "none", ">=", 1UL << 40);
}

/* Highest node with memory (0 when there is only one). */
static int last_node(void)
{
	char buf[256] = "";
	FILE *f = fopen("/sys/devices/system/node/has_memory", "r");
	char *s;
	int n = 0;

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	for (s = buf; *s; s++)
		if (*s >= '0' && *s <= '9' &&
		    (s == buf || s[-1] < '0' || s[-1] > '9'))
			n = atoi(s);
	return n;
}

/* move_pages() the first @n pages at @p to @node. */
static void move_to(char *p, size_t n, int node)
{
	void **pages = malloc(n * sizeof(*pages));
	int *nodes = malloc(n * sizeof(int)), *status = malloc(n * sizeof(int));
	size_t i;

	if (!pages || !nodes || !status)
		die("malloc");
	for (i = 0; i < n; i++) {
		pages[i] = p + i * PG;
		nodes[i] = node;
	}
	if (syscall(SYS_move_pages, 0, n, pages, nodes, status, MPOL_MF_MOVE) < 0)
		die("move_pages");
	free(pages);
	free(nodes);
	free(status);
}

/*
 * More extents in one VMA than a walk holds (2048, VMS_HELD_EXTS): they
 * come from a second pass over it, followed by the VMA after it (the
 * region's PROT_NONE tail).
 */
static void wl_checker(void)
{
	const size_t len = 16 * MiB;
	char *p = region(len, 2 * MiB, 0, PROT_READ | PROT_WRITE);

	if (madvise(p, len, MADV_NOHUGEPAGE))
		die("madvise");
	for (size_t i = 0; i < len; i += 2 * PG)
		p[i] = 1;
	say("note checker: 16 MiB, every other page written (4096 extents)\n");
	expect(p, "rss", "==", len / 2);
	expect(p, "none", "==", len / 2);
}

static void wl_numa(void)
{
	const size_t len = 32 * MiB, n = len / PG / 2, small = 64 * 1024;
	char *p = region(len, 2 * MiB, 0, PROT_READ | PROT_WRITE);
	char *q = region(4 * MiB, 2 * MiB, 0, PROT_READ | PROT_WRITE);
	/* within one PMD-sized range, between small VMAs without a policy */
	char *s = region(small, small, 0, PROT_READ | PROT_WRITE);
	int node = last_node();
	unsigned long mask;

	mask = 1UL << node;
	if (syscall(SYS_mbind, p, len, MPOL_BIND, &mask, 64, 0) ||
	    syscall(SYS_mbind, q, 4 * MiB, MPOL_BIND, &mask, 64, 0) ||
	    syscall(SYS_mbind, s, small, MPOL_BIND, &mask, 64, 0))
		die("mbind");
	touch_write(p, len);
	touch_write(q, 4 * MiB);
	touch_write(s, small);
	move_to(p, n, 0);
	move_to(s, small / PG, 0);
	/* moved off its node and back: nothing misplaced */
	move_to(q, 4 * MiB / PG, 0);
	move_to(q, 4 * MiB / PG, node);
	say("note numa: 32 MiB bound to node %d, first half moved to node 0; 4 MiB moved there and back; 64 KiB moved to node 0\n",
	    node);
	if (node) {
		expect(p, "n0", ">=", len / 2);
		expect(p, "n1", ">=", len / 2 - 2 * MiB);
		expect(p, "misplaced", ">=", len / 2);
		expect(q, "misplaced", "==", 0);
		expect(q, "n1", "==", 4 * MiB);
		expect(s, "misplaced", "==", small);
	} else {
		say("note numa: one node only: nothing moves\n");
	}
}

/*
 * Memory policies as numa_maps prints them: one small mapping per mode
 * (and mode flag) the kernel accepts here, a memfd whose shared policy
 * covers its first half (two mappings of that half show it, one of the
 * second half does not), and last a task policy, which every VMA without
 * a policy of its own shows.
 */
static void wl_policy(void)
{
	static const struct {
		int mode;
		unsigned int flags;
		bool all;	/* every node with memory, else node 0 */
	} pols[] = {
		{ MPOL_BIND, 0, false },
		{ MPOL_BIND, 0, true },
		{ MPOL_INTERLEAVE, MPOL_F_STATIC_NODES, true },
		{ MPOL_INTERLEAVE, MPOL_F_RELATIVE_NODES, false },
		{ MPOL_PREFERRED, 0, false },
		{ MPOL_PREFERRED_MANY, 0, true },
		{ MPOL_LOCAL, 0, false },
		{ MPOL_BIND, MPOL_F_NUMA_BALANCING, true },
		{ 6 /* MPOL_WEIGHTED_INTERLEAVE, 6.9 */, 0, true },
	};
	int last = last_node(), fd;
	unsigned long all = (2UL << last) - 1, one = 1, *m;
	char *a, *b, *c;
	size_t i;

	for (i = 0; i < sizeof(pols) / sizeof(pols[0]); i++) {
		char *p = region(2 * MiB, PG, 0, PROT_READ | PROT_WRITE);

		m = pols[i].mode == MPOL_LOCAL ? NULL : pols[i].all ? &all : &one;
		if (syscall(SYS_mbind, p, 2 * MiB, pols[i].mode | pols[i].flags,
			    m, m ? 64 : 0, 0))
			say("note policy: mode %d flags %#x refused: %s\n",
			    pols[i].mode, pols[i].flags, strerror(errno));
		touch_write(p, 64 * 1024);
	}
	fd = memfd_create("policy", 0);
	if (fd < 0 || ftruncate(fd, 4 * MiB))
		die("memfd");
	a = mmap(NULL, 4 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (a == MAP_FAILED)
		die("mmap memfd");
	if (syscall(SYS_mbind, a, 2 * MiB, MPOL_INTERLEAVE, &all, 64, 0))
		die("mbind memfd");
	b = mmap(NULL, 2 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * MiB);
	c = mmap(NULL, 2 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (b == MAP_FAILED || c == MAP_FAILED)
		die("mmap memfd");
	touch_write(a, 4 * MiB);
	touch_write(b, 64 * 1024);
	touch_write(c, 64 * 1024);
	if (syscall(SYS_set_mempolicy, MPOL_INTERLEAVE | MPOL_F_STATIC_NODES,
		    &all, 64))
		die("set_mempolicy");
	say("note policy: nodes 0-%d, memfd's first half interleaved, task interleave=static\n",
	    last);
}

static int stack_pipe[2];

static void *stack_thread(void *arg)
{
	volatile char buf[MiB];
	void *where = (void *)buf;

	(void)arg;
	memset((char *)buf, 0x33, sizeof(buf));
	if (write(stack_pipe[1], &where, sizeof(where)) != sizeof(where))
		die("pipe");
	for (;;)
		pause();
	return NULL;
}

static void __attribute__((noinline)) main_stack_use(void)
{
	volatile char buf[256 * KiB];

	memset((char *)buf, 0x44, sizeof(buf));
	expect((const void *)buf, "rss", ">=", 256 * KiB);
}

static void wl_stack(void)
{
	pthread_attr_t attr;
	pthread_t t;
	void *where;

	if (pipe(stack_pipe))
		die("pipe");
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 8 * MiB);
	if (pthread_create(&t, &attr, stack_thread, NULL))
		die("pthread_create");
	if (read(stack_pipe[0], &where, sizeof(where)) != sizeof(where))
		die("pipe");
	expect(where, "rss", ">=", MiB);
	main_stack_use();
}

/*
 * MADV_FREE: anonymous folios lose their swap backing and their entries
 * are cleaned; the kernel may drop them instead of swapping them out
 * (smaps LazyFree). Pages written again are dirty, no longer lazy.
 */
static void wl_lazyfree(void)
{
	char *a = region(16 * MiB, PG, 0, PROT_READ | PROT_WRITE);
	char *b = region(8 * MiB, 2 * MiB, 0, PROT_READ | PROT_WRITE);

	madvise(a, 16 * MiB, MADV_NOHUGEPAGE);
	madvise(b, 8 * MiB, MADV_HUGEPAGE);
	touch_write(a, 16 * MiB);
	touch_write(b, 8 * MiB);
	if (madvise(a, 12 * MiB, MADV_FREE) || madvise(b, 8 * MiB, MADV_FREE))
		die("MADV_FREE");
	touch_write(a, 2 * MiB);
	expect(a, "lazyfree", "==", 10 * MiB);
	expect(a, "dirty", ">=", 6 * MiB);
	expect(b, "lazyfree", "==", 8 * MiB);
}

/* Returns false (after "skip", or a note in "all") without pkeys. */
static bool wl_pkey(bool quiet)
{
	char *p = region(4 * MiB, PG, 0, PROT_READ | PROT_WRITE);
	int key = pkey_alloc(0, 0);

	if (key < 0) {
		say("%s pkey_alloc: %s\n", quiet ? "note pkey:" : "skip",
		    strerror(errno));
		return false;
	}
	if (pkey_mprotect(p, 2 * MiB, PROT_READ | PROT_WRITE, key))
		die("pkey_mprotect");
	touch_write(p, 4 * MiB);
	say("note pkey: key %d on %p, key 0 on %p\n", key, (void *)p,
	    (void *)(p + 2 * MiB));
	expect(p, "pkey", "==", key);
	expect(p + 2 * MiB, "pkey", "==", 0);
	expect(p, "rss", "==", 2 * MiB);
	return true;
}

/*
 * Anonymous pages paged out, then fork: parent and child map the same
 * swap entries (each counted twice in the swap map); the child reads
 * the first 4 MiB back in. Prints "child PID".
 */
static void swapfork_child(void *arg)
{
	char *a = arg;

	touch_read(a, 4 * MiB);
	expect(a, "swap", ">=", 8 * MiB);
	expect(a, "rss", ">=", 4 * MiB);
	/* swapped in from entries the parent shares: swap cache */
	expect(a, "swapcache", ">=", 4 * MiB);
}

static void wl_swapfork(void)
{
	char *a = region(16 * MiB, PG, 0, PROT_READ | PROT_WRITE);
	pid_t pid;
	int i;

	madvise(a, 16 * MiB, MADV_NOHUGEPAGE);
	touch_write(a, 16 * MiB);
	for (i = 0; i < 3; i++)
		if (madvise(a, 16 * MiB, MADV_PAGEOUT))
			die("MADV_PAGEOUT");
	pid = fork_ready(swapfork_child, a);
	expect(a, "swap", ">=", 12 * MiB);
	say("child %d\n", pid);
}

/*
 * Two private hugetlb pages written, then fork: the first stays shared
 * by both (Shared_Hugetlb), the child writes the second and gets its own
 * copy, so each has one private page. MADV_DONTFORK afterwards keeps
 * later forks from sharing them again. Prints "child PID".
 */
static void hugefork_child(void *arg)
{
	char *h = arg;

	touch_write(h + 2 * MiB, 2 * MiB);
	expect(h, "hugetlb_shared", "==", 2 * MiB);
	expect(h, "hugetlb_private", "==", 2 * MiB);
}

static void wl_hugefork(void)
{
	char *h = mmap(NULL, 4 * MiB, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB,
		       -1, 0);
	pid_t pid;

	if (h == MAP_FAILED)
		die("mmap MAP_HUGETLB 2 MiB");
	touch_write(h, 4 * MiB);
	pid = fork_ready(hugefork_child, h);
	if (madvise(h, 4 * MiB, MADV_DONTFORK))
		die("MADV_DONTFORK");
	expect(h, "hugetlb_shared", "==", 2 * MiB);
	expect(h, "hugetlb_private", "==", 2 * MiB);
	say("child %d\n", pid);
}

/* One 64 MiB file per directory: shared and private mappings. */
static void wl_file(int ndirs, char **dirs)
{
	for (int d = 0; d < ndirs; d++) {
		char path[4096];
		bool tmpfs = fs_is_tmpfs(dirs[d]);
		char *s, *p;
		int fd;

		snprintf(path, sizeof(path), "%s/vmscope-wl-file", dirs[d]);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			die2("open", path);
		fill_fd(fd, 64 * MiB, path);
		s = mmap(NULL, 64 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED,
			 fd, 0);
		p = mmap(NULL, 64 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			 fd, 0);
		if (s == MAP_FAILED || p == MAP_FAILED)
			die2("mmap", path);
		unlink(path);
		close(fd);
		touch_read(s, 16 * MiB);
		touch_write(s + 16 * MiB, 16 * MiB);
		touch_read(p, 8 * MiB);
		touch_write(p + 8 * MiB, 4 * MiB);
		say("note file: %s is on %s\n", path,
		    tmpfs ? "tmpfs (shmem)" : "a filesystem that is not tmpfs");
		expect(s, tmpfs ? "shmem" : "file", ">=", 32 * MiB);
		expect(s, "dirty", ">=", 16 * MiB);
		expect(p, "anon", "==", 4 * MiB);
		expect(p, tmpfs ? "shmem" : "file", ">=", 8 * MiB);
	}
}

/*
 * Fork: with @cow, the child writes the first half of a 64 MiB written
 * region; with @memfd, parent and child share a 64 MiB memfd, each writing
 * its part and reading part of the other's. Prints "child PID".
 */
/* fork_part()'s mappings: the private one (@c) and the memfd's (@m). */
struct fork_maps {
	char *c;
	char *m;
};

static void fork_part_child(void *arg)
{
	const struct fork_maps *f = arg;

	if (f->c) {
		touch_write(f->c, 32 * MiB);
		expect(f->c, "private", ">=", 32 * MiB);
	}
	if (f->m) {
		touch_write(f->m + 16 * MiB, 16 * MiB);
		touch_read(f->m, 8 * MiB);
		expect(f->m, "shmem", ">=", 24 * MiB);
	}
}

static void fork_part(bool cow, bool memfd)
{
	char *c = NULL, *m = NULL;
	struct fork_maps f;
	pid_t pid;

	if (cow) {
		c = region(64 * MiB, 2 * MiB, 0, PROT_READ | PROT_WRITE);
		touch_write(c, 64 * MiB);
	}
	if (memfd) {
		int fd = memfd_create("wl-memfd", 0);

		if (fd < 0 || ftruncate(fd, 64 * MiB))
			die("memfd");
		m = mmap(NULL, 64 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED,
			 fd, 0);
		if (m == MAP_FAILED)
			die("mmap memfd");
		close(fd);
		touch_write(m, 16 * MiB);
	}
	f.c = c;
	f.m = m;
	pid = fork_ready(fork_part_child, &f);
	if (memfd) {
		touch_read(m + 16 * MiB, 8 * MiB);
		expect(m, "shmem", ">=", 24 * MiB);
		expect(m, "shared", ">=", 16 * MiB);
		/*
		 * 0-8 MiB and 16-24 MiB mapped by both, written by one;
		 * 8-16 MiB ours alone, but for the few pages fault-around
		 * mapped in the child past its 8 MiB read.
		 */
		expect(m, "shared_dirty", ">=", 16 * MiB);
		expect(m, "private_dirty", ">=", 7 * MiB);
	}
	if (cow)
		expect(c + 32 * MiB, "shared", ">=", 30 * MiB);
	say("child %d\n", pid);
}

static int wl_acct(const char *what, int argc, char **argv)
{
	bool all = !strcmp(what, "all");
	char *tmpdir[] = { "/tmp" };

	if (all || !strcmp(what, "lazy"))
		wl_lazy();
	if (all || !strcmp(what, "half"))
		wl_half();
	if (all || !strcmp(what, "zero"))
		wl_zero();
	if (all || !strcmp(what, "populate"))
		wl_populate();
	if (all || !strcmp(what, "mlock"))
		wl_mlock(all);
	if (all || !strcmp(what, "thp"))
		if (!wl_thp(all) && !all)
			return 0;
	if (all || !strcmp(what, "mthp"))
		if (!wl_mthp(all) && !all)
			return 0;
	if (!strcmp(what, "thpshare"))
		if (!wl_thpshare(false))
			return 0;
	if (all || !strcmp(what, "hugetlb"))
		wl_hugetlb();
	if (all || !strcmp(what, "swap"))
		wl_swap();
	if (all || !strcmp(what, "reserve"))
		wl_reserve();
	if (all || !strcmp(what, "numa"))
		wl_numa();
	if (all || !strcmp(what, "checker"))
		wl_checker();
	if (all || !strcmp(what, "stack"))
		wl_stack();
	if (all || !strcmp(what, "file")) {
		if (argc > 0)
			wl_file(argc, argv);
		else
			wl_file(1, tmpdir);
	}
	if (all || !strcmp(what, "ksm"))
		wl_ksm();
	if (all || !strcmp(what, "lazyfree"))
		wl_lazyfree();
	if (all || !strcmp(what, "pkey"))
		if (!wl_pkey(all) && !all)
			return 0;
	if (!strcmp(what, "policy"))
		wl_policy();
	if (!strcmp(what, "swapfork"))
		wl_swapfork();
	if (!strcmp(what, "hugefork"))
		wl_hugefork();
	if (all)
		fork_part(true, true);
	else if (!strcmp(what, "cow"))
		fork_part(true, false);
	else if (!strcmp(what, "memfd"))
		fork_part(false, true);
	ready_and_wait();
	return 0;
}

static const char *const acct_workloads[] = {
	"lazy", "half", "zero", "cow", "file", "memfd", "populate", "mlock",
	"thp", "mthp", "hugetlb", "swap", "ksm", "reserve", "numa", "stack",
	"lazyfree", "pkey", "swapfork", "hugefork", "policy", "checker",
	"thpshare", "all",
};

int main(int argc, char **argv)
{
	const char *dir = argc > 2 ? argv[2] : "/tmp";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "threads"))
		return wl_threads(argc > 2 ? atoi(argv[2]) : 4);
	if (!strcmp(argv[1], "mixed"))
		return wl_mixed(dir);
	if (!strcmp(argv[1], "names"))
		return wl_names(dir);
	if (!strcmp(argv[1], "churn"))
		return wl_churn();
	if (!strcmp(argv[1], "malloc"))
		return wl_malloc(argc > 2 ? atol(argv[2]) : 1024);
	if (!strcmp(argv[1], "sleep"))
		ready_and_wait();
	for (size_t i = 0; i < sizeof(acct_workloads) / sizeof(acct_workloads[0]); i++)
		if (!strcmp(argv[1], acct_workloads[i])) {
			/* Children die with us: no orphan keeps memory. */
			signal(SIGCHLD, SIG_IGN);
			return wl_acct(argv[1], argc - 2, argv + 2);
		}
usage:
	fprintf(stderr, "usage: vmscope-wl threads|mixed|names|churn|malloc|sleep [ARG]\n"
		"       vmscope-wl lazy|half|zero|cow|file [DIR...]|memfd|populate|mlock|thp|\n"
		"                  mthp|hugetlb|swap|ksm|reserve|numa|stack|lazyfree|pkey|\n"
		"                  swapfork|hugefork|policy|checker|thpshare|all\n"
		"                  [DIR...]\n");
	return 2;
}
