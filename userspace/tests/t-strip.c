// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of residency binning (strip.c): cell sizes, what a cell shows,
 * node, huge pages, and extents missing or overlapping.
 */
#include <stdlib.h>
#include <string.h>

#include "strip.h"
#include "tap.h"
#include "vma.h"

#define MiB	(1ULL << 20)

static const char text[] =
	"vmscope version=1 pid=9 page_size=4096\n"
	/* 1: 16 pages; 0..3 present node 1, 4..7 zero, 8..9 swap, 10..15 none */
	"vma start=0x10000 end=0x20000 perms=rw-p kind=anon name=\n"
	"ext start=0x10000 end=0x14000 state=present type=anon map=pte order=0 node=1\n"
	"ext start=0x14000 end=0x18000 state=zero type=anon map=pte order=0 node=0\n"
	"ext start=0x18000 end=0x1a000 state=swap type=anon\n"
	"ext start=0x1a000 end=0x20000 state=none type=anon\n"
	/* 2: 4 MiB, first 2 MiB a THP on node 0, the rest one 4K page */
	"vma start=0x200000 end=0x600000 perms=rw-p kind=anon name=\n"
	"ext start=0x200000 end=0x400000 state=present type=anon map=pmd order=9 node=0\n"
	"ext start=0x400000 end=0x401000 state=present type=anon map=pte order=0 node=1\n"
	"ext start=0x401000 end=0x600000 state=none type=anon\n"
	/* 3: no extents at all */
	"vma start=0x700000 end=0x702000 perms=rw-p kind=anon name=\n"
	/* 4: resident or the zero page, the /proc source cannot tell */
	"vma start=0x800000 end=0x802000 perms=rw-p kind=anon name=\n"
	"ext start=0x800000 end=0x802000 state=unknown type=anon\n"
	"end status=complete vmas=4 exts=8\n";

/* 64 pages, all but the last present; then 16 pages on nodes 0 and 1 */
static const char text2[] =
	"vmscope version=1 pid=9 page_size=4096\n"
	"vma start=0x800000 end=0x840000 perms=rw-p kind=anon name=\n"
	"ext start=0x800000 end=0x83f000 state=present type=anon map=pte order=0 node=0\n"
	"ext start=0x83f000 end=0x840000 state=none type=anon\n"
	"vma start=0x900000 end=0x910000 perms=rw-p kind=anon name=\n"
	"ext start=0x900000 end=0x904000 state=present type=anon map=pte order=0 node=1\n"
	"ext start=0x904000 end=0x910000 state=none type=anon\n"
	"end status=complete vmas=2 exts=4\n";

/* Partly resident cells; strips of several VMAs end to end. */
static void test_strip_partly_joined(void)
{
	struct vms_snapshot s;
	struct vms_error err;
	struct vms_strip st;
	struct vms_vma *v;
	struct vms_look l;
	size_t n;

	if (!tap_ok(!vms_snapshot_parse(text2, strlen(text2), &s, &err), "strip input 2 parses")) {
		tap_diag("%s line %lu", err.msg, err.line);
		return;
	}
	v = vms_vmas(&s, &n);

	vms_strip_build(&s, &v[0], 0x40000, &st);
	l = vms_strip_look(&st, 0);
	tap_ok(l.cat == VMS_CAT_PRESENT && l.level == 7,
	       "all but one page of 64: partly (7 eighths), not full");
	vms_strip_free(&st);

	/* v[1] then v[0], 16 KiB cells: 4 + 16 cells */
	vms_strip_init(&st, 0x10000 + 0x40000, 0x4000);
	vms_strip_add(&st, &s, &v[1], 0, vms_vma_size(&v[1]));
	vms_strip_add(&st, &s, &v[0], 0x10000, vms_vma_size(&v[0]));
	tap_is_int(st.ncells, 20, "joined strip: 4 + 16 cells");
	l = vms_strip_look(&st, 0);
	tap_ok(l.cat == VMS_CAT_PRESENT && l.level == 8 && l.node == 1, "joined: first VMA's cell");
	tap_is_int(vms_strip_look(&st, 3).cat, VMS_CAT_NONE, "joined: first VMA's end");
	l = vms_strip_look(&st, 4);
	tap_ok(l.cat == VMS_CAT_PRESENT && l.level == 8 && l.node == 0,
	       "joined: second VMA's start");
	l = vms_strip_look(&st, 19);
	tap_ok(l.cat == VMS_CAT_PRESENT && l.level == 6,
	       "joined: second VMA's last cell, 3 of 4 pages");
	vms_strip_free(&st);

	/* Only the first 8 KiB of v[1] (a VMA drawn shortened), 4 KiB cells */
	vms_strip_init(&st, 0x2000, 0x1000);
	vms_strip_add(&st, &s, &v[1], 0, 0x2000);
	tap_ok(st.ncells == 2 && vms_strip_look(&st, 1).cat == VMS_CAT_PRESENT,
	       "shortened VMA: its start only");
	vms_strip_free(&st);
	free(v);
	vms_snapshot_free(&s);
}

void test_strip(void)
{
	struct vms_snapshot s;
	struct vms_error err;
	struct vms_strip st;
	struct vms_vma *v;
	struct vms_look l;
	size_t n;

	tap_is_int(vms_strip_cell_size(4096, 4096, 10), 4096, "cell: one page");
	tap_is_int(vms_strip_cell_size(1ULL << 30, 4096, 512), 2 * MiB, "cell: 1 GiB in 512");
	tap_is_int(vms_strip_cell_size(1ULL << 30, 4096, 500), 4 * MiB,
		   "cell: rounds up to a power of two");
	tap_ok(vms_strip_cell_size(UINT64_MAX, 4096, 0) > 0, "cell: absurd input terminates");

	if (!tap_ok(!vms_snapshot_parse(text, strlen(text), &s, &err), "strip input parses")) {
		tap_diag("%s line %lu", err.msg, err.line);
		return;
	}
	v = vms_vmas(&s, &n);
	tap_ok(n == 4 && v[0].next_ext - v[0].first_ext == 4 &&
	       v[1].next_ext - v[1].first_ext == 3 && v[2].next_ext == v[2].first_ext,
	       "extents assigned to their VMAs");

	vms_strip_build(&s, &v[0], 4096, &st);
	tap_is_int(st.ncells, 16, "one cell per page");
	l = vms_strip_look(&st, 0);
	tap_ok(l.cat == VMS_CAT_PRESENT && l.level == 8 && l.node == 1, "present, full, node 1");
	tap_is_int(vms_strip_look(&st, 4).cat, VMS_CAT_ZERO, "zero page");
	tap_is_int(vms_strip_look(&st, 8).cat, VMS_CAT_SWAP, "swap");
	tap_is_int(vms_strip_look(&st, 15).cat, VMS_CAT_NONE, "none");
	vms_strip_free(&st);

	vms_strip_build(&s, &v[0], 16384, &st);
	tap_is_int(st.ncells, 4, "four pages per cell");
	tap_is_int(vms_strip_look(&st, 2).cat, VMS_CAT_SWAP,
		   "half swap, half none: swap shows");
	vms_strip_free(&st);

	vms_strip_build(&s, &v[1], 2 * MiB, &st);
	l = vms_strip_look(&st, 0);
	tap_ok(l.cat == VMS_CAT_HUGE && l.level == 8 && l.node == 0, "THP cell: huge, node 0");
	l = vms_strip_look(&st, 1);
	tap_ok(l.cat == VMS_CAT_PRESENT && l.level == 1 && l.node == 1,
	       "one page in 2 MiB: the lowest bar, still visible");
	vms_strip_free(&st);

	vms_strip_build(&s, &v[2], 4096, &st);
	tap_is_int(vms_strip_look(&st, 0).cat, VMS_CAT_UNKNOWN, "no extents: unknown");
	vms_strip_free(&st);

	vms_strip_build(&s, &v[3], 4096, &st);
	tap_is_int(vms_strip_look(&st, 1).cat, VMS_CAT_UNKNOWN,
		   "state=unknown: unknown, not other");
	vms_strip_free(&st);
	tap_ok(!vms_strip_unknown(&s, v, 2), "unknown cells: none where extents cover");
	tap_ok(vms_strip_unknown(&s, v + 2, 1), "unknown cells: where extents are missing");
	tap_ok(vms_strip_unknown(&s, v + 3, 1), "unknown cells: where extents say unknown");
	free(v);
	vms_snapshot_free(&s);
	test_strip_partly_joined();
}
