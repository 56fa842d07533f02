// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the pagemap reader (lib/pagemap.c) on files laid out as
 * /proc/PID/pagemap and /proc/kpageflags are: pages told apart with the
 * frames' flags, or left unknown without them and settled by Rss; THPs;
 * PFN maps; a target that has gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kernel-page-flags.h>

#include "pagemap.h"
#include "tap.h"

#define PS	4096ULL
#define BASE	0x10000000ULL		/* 256 MiB: 2 MiB-aligned */
#define PMD	(2ULL << 20)
#define KF(b)	(1ULL << (b))

static char pm_path[] = "/tmp/vms-pagemap-XXXXXX";
static char kpf_path[] = "/tmp/vms-kpageflags-XXXXXX";

/* Write `n` entries at the index of `addr` (or of frame `addr`). */
static void put(const char *path, uint64_t index, const uint64_t *e, size_t n)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || pwrite(fd, e, n * 8, (off_t)(index * 8)) != (ssize_t)(n * 8))
		tap_diag("cannot write %s", path);
	if (fd >= 0)
		close(fd);
}

/* The ext records of a scan of [start, end) as one string (static). */
static const char *scan(struct vms_pagemap *pm, const struct vms_pm_vma *v,
			uint64_t resident, int *err)
{
	static struct vms_buf ext;
	struct vms_pm_scan sc;

	vms_buf_free(&ext);
	*err = vms_pagemap_scan(pm, v, &sc);
	if (*err)
		return "";
	if (resident != UINT64_MAX)
		vms_pm_resolve(&sc, resident);
	vms_pm_print(&sc, &ext);
	vms_pm_scan_free(&sc);
	return ext.data ? ext.data : "";
}

#define PRESENT	(PM_PRESENT | PM_EXCLUSIVE)
#define SHARED	PM_PRESENT		/* neither exclusive nor a file's */

static void test_states(void)
{
	/*
	 * An anonymous VMA of 10 pages: a page mapped once, four mapping the
	 * zero page, one swapped, two empty, a page shared after fork, and a
	 * page of the huge zero page (which says PM_FILE). Frame numbers are
	 * those root sees; 0 where others do.
	 */
	const uint64_t zero = 5000, cow = 7000, hzero = 8192;
	uint64_t root[10] = {
		PRESENT | 1001, SHARED | zero, SHARED | zero, SHARED | zero,
		SHARED | zero, PM_SWAP | 3, 0, 0, SHARED | cow,
		SHARED | PM_FILE | hzero,
	};
	uint64_t user[10];
	uint64_t zf = KF(KPF_ZERO_PAGE), cf = KF(KPF_ANON) | KF(KPF_UPTODATE);
	uint64_t hf = KF(KPF_ZERO_PAGE) | KF(KPF_THP);
	struct vms_pm_vma v = {
		.start = BASE, .end = BASE + 10 * PS,
		.type = VMS_TYPE_ANON, .file_type = VMS_TYPE_FILE,
	};
	struct vms_pagemap pm;
	const char *got;
	size_t i;
	int err;

	for (i = 0; i < 10; i++)
		user[i] = root[i] & PM_PRESENT ? root[i] & ~PM_PFN_MASK : root[i];
	put(kpf_path, zero, &zf, 1);
	put(kpf_path, cow, &cf, 1);
	put(kpf_path, hzero, &hf, 1);

	put(pm_path, BASE / PS, root, 10);
	tap_is_int(vms_pagemap_open_files(&pm, pm_path, kpf_path, PS), 0, "pagemap opens");
	got = scan(&pm, &v, UINT64_MAX, &err);
	tap_is_str(got,
		   "ext start=0x10000000 end=0x10001000 state=present type=anon map=pte\n"
		   "ext start=0x10001000 end=0x10005000 state=zero type=anon map=pte\n"
		   "ext start=0x10005000 end=0x10006000 state=swap type=anon\n"
		   "ext start=0x10006000 end=0x10008000 state=none type=anon\n"
		   "ext start=0x10008000 end=0x10009000 state=present type=anon map=pte\n"
		   "ext start=0x10009000 end=0x1000a000 state=zero type=anon map=pte\n",
		   "with kpageflags: the zero page, the huge zero page, a shared page");
	vms_pagemap_close(&pm);

	/* As another user: no frame numbers, no kpageflags. */
	put(pm_path, BASE / PS, user, 10);
	vms_pagemap_open_files(&pm, pm_path, NULL, PS);
	got = scan(&pm, &v, UINT64_MAX, &err);
	tap_is_str(got,
		   "ext start=0x10000000 end=0x10001000 state=present type=anon map=pte\n"
		   "ext start=0x10001000 end=0x10005000 state=unknown type=anon\n"
		   "ext start=0x10005000 end=0x10006000 state=swap type=anon\n"
		   "ext start=0x10006000 end=0x10008000 state=none type=anon\n"
		   "ext start=0x10008000 end=0x10009000 state=unknown type=anon\n"
		   "ext start=0x10009000 end=0x1000a000 state=unknown type=file\n",
		   "pagemap without kpageflags: pages that may be the zero page are not said present");
	got = scan(&pm, &v, 1, &err);
	tap_is_str(got,
		   "ext start=0x10000000 end=0x10001000 state=present type=anon map=pte\n"
		   "ext start=0x10001000 end=0x10005000 state=zero type=anon map=pte\n"
		   "ext start=0x10005000 end=0x10006000 state=swap type=anon\n"
		   "ext start=0x10006000 end=0x10008000 state=none type=anon\n"
		   "ext start=0x10008000 end=0x1000a000 state=zero type=anon map=pte\n",
		   "Rss of one page: the others are the zero page");
	got = scan(&pm, &v, 7, &err);
	tap_ok(strstr(got, "start=0x10000000 end=0x10005000 state=present") &&
	       !strstr(got, "unknown") && !strstr(got, "zero"),
	       "Rss of all present pages: none is the zero page");
	got = scan(&pm, &v, 3, &err);
	tap_ok(strstr(got, "end=0x10005000 state=unknown") && !strstr(got, "zero"),
	       "Rss between: unknown stays unknown");

	/* The same pages in a PFN map: other, not unknown. */
	v.pfnmap = true;
	got = scan(&pm, &v, 0, &err);
	tap_ok(strstr(got, "start=0x10000000 end=0x10005000 state=other") &&
	       !strstr(got, "unknown"), "PFN map: present pages are other");
	v.pfnmap = false;

	/* Beyond what pagemap covers (the vsyscall page), and gone. */
	v.start = 1ULL << 46;
	v.end = v.start + PS;
	scan(&pm, &v, 0, &err);
	tap_is_int(err, -EIO, "a range pagemap does not cover: -EIO");
	v.start = BASE;
	v.end = BASE + 10 * PS;
	tap_ok(truncate(pm_path, 0) == 0, "the target exits");
	tap_ok(!vms_pagemap_alive(&pm), "gone: not alive");
	scan(&pm, &v, 0, &err);
	tap_is_int(err, -ESRCH, "scan of a target that has gone: -ESRCH");
	vms_pagemap_close(&pm);
	tap_is_int(vms_pagemap_open_files(&pm, pm_path, NULL, PS), -ESRCH,
		   "open without an address space: -ESRCH");
}

static void test_thp(void)
{
	/* A THP at 0x10200000 (frames 0x10000..), then one 4 KiB page. */
	uint64_t *e = calloc(513, sizeof(*e));
	uint64_t head = KF(KPF_THP) | KF(KPF_COMPOUND_HEAD) | KF(KPF_ANON);
	struct vms_pm_vma v = {
		.start = BASE + PMD, .end = BASE + 2 * PMD + PS,
		.type = VMS_TYPE_ANON, .file_type = VMS_TYPE_FILE, .thp = PMD,
	};
	struct vms_pagemap pm;
	const char *got;
	size_t i;
	int err;

	for (i = 0; i < 512; i++)
		e[i] = PRESENT | (0x10000 + i);
	e[512] = PRESENT | 0x777;
	put(pm_path, (BASE + PMD) / PS, e, 513);
	put(kpf_path, 0x10000, &head, 1);
	vms_pagemap_open_files(&pm, pm_path, kpf_path, PS);
	got = scan(&pm, &v, UINT64_MAX, &err);
	tap_is_str(got,
		   "ext start=0x10200000 end=0x10400000 state=present type=anon map=pmd\n"
		   "ext start=0x10400000 end=0x10401000 state=present type=anon map=pte\n",
		   "THP: PMD-mapped where smaps says as much");
	v.thp = 2 * PMD;
	got = scan(&pm, &v, UINT64_MAX, &err);
	tap_is_str(got, "ext start=0x10200000 end=0x10401000 state=present type=anon\n",
		   "THP: smaps disagrees, the level is not known");
	vms_pagemap_close(&pm);
	v.thp = PMD;
	vms_pagemap_open_files(&pm, pm_path, NULL, PS);
	got = scan(&pm, &v, UINT64_MAX, &err);
	tap_is_str(got, "ext start=0x10200000 end=0x10401000 state=present type=anon\n",
		   "THP without kpageflags: the level is not known");
	vms_pagemap_close(&pm);
	free(e);
}

static void test_runs(void)
{
	struct vms_pm_scan sc = { 0 };
	struct vms_buf ext = { 0 };
	struct vms_pm_run r[3] = {
		{ 0x1000, 0x2000, VMS_PM_PRESENT, VMS_TYPE_ANON, VMS_MAP_PTE, -1 },
		{ 0x2000, 0x3000, VMS_PM_UNKNOWN, VMS_TYPE_ANON, VMS_MAP_PTE, -1 },
		{ 0x3000, 0x4000, VMS_PM_NONE, VMS_TYPE_ANON, -1, -1 },
	};

	sc.run = r;
	sc.nrun = sc.cap = 3;
	sc.pages[VMS_PM_PRESENT] = sc.pages[VMS_PM_UNKNOWN] = sc.pages[VMS_PM_NONE] = 1;
	vms_pm_resolve(&sc, 2);
	vms_pm_set_node(&sc, 1);
	vms_pm_print(&sc, &ext);
	tap_is_str(ext.data,
		   "ext start=0x1000 end=0x3000 state=present type=anon map=pte node=1\n"
		   "ext start=0x3000 end=0x4000 state=none type=anon\n",
		   "runs: resolved and given a node, neighbours join");
	tap_is_int(sc.pages[VMS_PM_PRESENT], 2, "runs: pages counted");
	vms_buf_free(&ext);
}

/* move_pages() on this process: a page written, a page never touched. */
static void test_nodes(void)
{
	uint64_t ps = (uint64_t)sysconf(_SC_PAGESIZE);
	char *p = aligned_alloc(ps, 2 * ps);
	struct vms_pm_scan sc = { 0 };
	struct vms_pm_run r = { (uintptr_t)p, (uintptr_t)p + 2 * ps,
				VMS_PM_PRESENT, VMS_TYPE_ANON, VMS_MAP_PTE, -1 };
	int err;

	memset(p, 1, ps);
	madvise(p + ps, ps, MADV_DONTNEED);
	sc.run = xreallocarray(NULL, 1, sizeof(r));
	sc.run[0] = r;
	sc.nrun = sc.cap = 1;
	err = vms_pm_nodes(&sc, getpid(), ps);
	if (err == -ENOSYS) {
		tap_ok(true, "# SKIP move_pages: %d", err);
	} else {
		tap_ok(!err && sc.nrun == 2 && sc.run[0].node >= 0 && sc.run[1].node == -1 &&
		       sc.run[0].end == sc.run[1].start && sc.run[1].end == r.end,
		       "move_pages: a node for the page there, none for the page not");
	}
	vms_pm_scan_free(&sc);
	free(p);
}

void test_pagemap(void)
{
	int a = mkstemp(pm_path), b = mkstemp(kpf_path);

	if (!tap_ok(a >= 0 && b >= 0, "temporary files")) {
		return;
	}
	close(a);
	close(b);
	test_states();
	test_thp();
	test_runs();
	test_nodes();
	unlink(pm_path);
	unlink(kpf_path);
}
