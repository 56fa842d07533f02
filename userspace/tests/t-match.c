// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of VMA matching (match.c) and diff arithmetic (delta.c): same,
 * grow, shrink, split, merge, moves (anonymous and file), new, gone, and
 * what must not match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delta.h"
#include "match.h"
#include "tap.h"

#define HDR	"vmscope version=1 pid=7\n"
#define END	"end status=complete\n"
#define ANON(s, e, perms, rest) \
	"vma start=" s " end=" e " perms=" perms " offset=0x0 dev=00:00 inode=0 " \
	"kind=anon" rest " name=\n"
#define FILEV(s, e, off, rest) \
	"vma start=" s " end=" e " perms=r--p offset=" off " dev=08:01 inode=77 " \
	"kind=file" rest " name=/lib/x.so\n"

struct pair {
	struct vms_snapshot a, b;
	struct vms_vma *va, *vb;
	size_t na, nb;
	struct vms_matching m;
};

static bool load(struct pair *p, const char *a, const char *b)
{
	struct vms_error err;

	memset(p, 0, sizeof(*p));
	if (vms_snapshot_parse(a, strlen(a), &p->a, &err) ||
	    vms_snapshot_parse(b, strlen(b), &p->b, &err)) {
		tap_diag("parse error: %s (line %lu)", err.msg, err.line);
		return false;
	}
	p->va = vms_vmas(&p->a, &p->na);
	p->vb = vms_vmas(&p->b, &p->nb);
	vms_match(p->va, p->na, p->vb, p->nb, &p->m);
	return true;
}

static void unload(struct pair *p)
{
	vms_matching_free(&p->m);
	free(p->va);
	free(p->vb);
	vms_snapshot_free(&p->a);
	vms_snapshot_free(&p->b);
}

/* "word:na:nb word:na:nb ..." for all groups, in order. */
static const char *summary(const struct pair *p)
{
	static char buf[512];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < p->m.n && strlen(buf) < sizeof(buf) - 40; i++) {
		const struct vms_group *g = &p->m.groups[i];

		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s:%zu:%zu",
			 i ? " " : "", vms_change_word(g, p->va, p->vb), g->na, g->nb);
	}
	return buf;
}

static void check(const char *a, const char *b, const char *want, const char *what)
{
	struct pair p;

	if (!load(&p, a, b)) {
		tap_ok(false, "%s: parses", what);
		return;
	}
	tap_is_str(summary(&p), want, "match: %s", what);
	unload(&p);
}

static void test_matching(void)
{
	check(HDR ANON("0x1000", "0x3000", "rw-p", "") END,
	      HDR ANON("0x1000", "0x3000", "rw-p", "") END,
	      "same:1:1", "identical VMA is same");
	check(HDR ANON("0x1000", "0x3000", "rw-p", "") END,
	      HDR ANON("0x1000", "0x5000", "rw-p", "") END,
	      "grown:1:1", "grow (brk, mremap in place)");
	check(HDR ANON("0x1000", "0x5000", "rw-p", "") END,
	      HDR ANON("0x3000", "0x5000", "rw-p", "") END,
	      "shrunk:1:1", "shrink from below (partial munmap)");
	check(HDR ANON("0x10000", "0x20000", "rw-p", "") END,
	      HDR ANON("0x10000", "0x14000", "rw-p", "") ANON("0x14000", "0x18000", "r--p", "")
		  ANON("0x18000", "0x20000", "rw-p", "") END,
	      "split:1:3", "mprotect of the middle: split in three");
	check(HDR ANON("0x10000", "0x14000", "rw-p", "") ANON("0x14000", "0x20000", "r--p", "") END,
	      HDR ANON("0x10000", "0x20000", "rw-p", "") END,
	      "merged:2:1", "mprotect back: merge");
	check(HDR ANON("0x10000", "0x18000", "rw-p", "") ANON("0x18000", "0x20000", "r--p", "") END,
	      HDR ANON("0x10000", "0x14000", "rw-p", "") ANON("0x14000", "0x20000", "r--p", "") END,
	      "reshaped:2:2", "boundary moved between two VMAs: reshaped");
	check(HDR ANON("0x50000", "0x60000", "rw-p", "") END,
	      HDR ANON("0x90000", "0xa0000", "rw-p", "") END,
	      "moved:1:1", "mremap move of anonymous memory");
	check(HDR ANON("0x50000", "0x60000", "rw-p", "") ANON("0x70000", "0x80000", "rw-p", "") END,
	      HDR ANON("0x90000", "0xa0000", "rw-p", "") ANON("0xb0000", "0xc0000", "rw-p", "") END,
	      "gone:1:0 gone:1:0 new:0:1 new:0:1", "ambiguous anonymous moves: gone and new");
	check(HDR FILEV("0x100000", "0x104000", "0x1000", "") END,
	      HDR FILEV("0x200000", "0x208000", "0x1000", "") END,
	      "moved:1:1", "file mapping moved and grown: same inode and offset");
	check(HDR FILEV("0x100000", "0x104000", "0x0", "") END,
	      HDR FILEV("0x100000", "0x102000", "0x0", "") FILEV("0x102000", "0x104000", "0x2000", "") END,
	      "split:1:2", "file split keeps offsets consistent");
	check(HDR FILEV("0x100000", "0x104000", "0x0", "") END,
	      HDR FILEV("0x100000", "0x104000", "0x4000", "") END,
	      "gone:1:0 new:0:1", "same range, other file offset: replaced");
	check(HDR ANON("0x1000", "0x3000", "rw-p", "") END,
	      HDR FILEV("0x1000", "0x3000", "0x0", "") END,
	      "gone:1:0 new:0:1", "anonymous replaced by a file (MAP_FIXED)");
	check(HDR ANON("0x1000", "0x2000", "rw-p", "") END,
	      HDR ANON("0x1000", "0x2000", "rw-p", "") ANON("0x8000", "0x9000", "r--p", "") END,
	      "same:1:1 new:0:1", "new VMA");
	check(HDR ANON("0x1000", "0x2000", "rw-p", "") ANON("0x8000", "0x9000", "r--p", "") END,
	      HDR ANON("0x8000", "0x9000", "r--p", "") END,
	      "gone:1:0 same:1:1", "gone VMA, ordered by address");
	check(HDR END, HDR END, "", "two empty snapshots");
	/* mremap(MREMAP_FIXED) into a PROT_NONE reservation, grown 4 -> 8 MiB. */
	check(HDR ANON("0x100000", "0x500000", "rw-p", "") ANON("0x1000000", "0x5000000", "---p", "") END,
	      HDR ANON("0x1000000", "0x1800000", "rw-p", "") ANON("0x1800000", "0x5000000", "---p", "") END,
	      "moved:1:1 shrunk:1:1", "mremap into the start of a reservation: moved, reservation shrunk");
	check(HDR ANON("0x100000", "0x500000", "rw-p", "") ANON("0x1000000", "0x5000000", "---p", "") END,
	      HDR ANON("0x1000000", "0x2000000", "---p", "") ANON("0x2000000", "0x2400000", "rw-p", "")
		  ANON("0x2400000", "0x5000000", "---p", "") END,
	      "split:1:2 moved:1:1", "mremap into the middle of a reservation, same size");
	check(HDR ANON("0x1000000", "0x5000000", "---p", "") END,
	      HDR ANON("0x1000000", "0x1800000", "rw-p", "") ANON("0x1800000", "0x5000000", "---p", "") END,
	      "split:1:2", "mprotect of part of a reservation (commit): split");
	check(HDR ANON("0x100000", "0x500000", "rw-p", "") ANON("0x1000000", "0x5000000", "---p", "") END,
	      HDR ANON("0x1000000", "0x1200000", "rw-p", "") ANON("0x1200000", "0x5000000", "---p", "") END,
	      "gone:1:0 split:1:2", "smaller than what vanished: not a move (commit, and a munmap)");
	check(HDR ANON("0x100000", "0x500000", "rw-p", "") ANON("0x600000", "0xa00000", "rw-p", "")
		  ANON("0x1000000", "0x5000000", "---p", "") END,
	      HDR ANON("0x1000000", "0x1800000", "rw-p", "") ANON("0x1800000", "0x5000000", "---p", "") END,
	      "gone:1:0 gone:1:0 split:1:2", "two candidates that vanished: ambiguous, no move");
	check(HDR ANON("0x100000", "0x500000", "rw-p", "") ANON("0x1000000", "0x5000000", "---p", "") END,
	      HDR ANON("0x100000", "0x300000", "rw-p", "") ANON("0x1000000", "0x1800000", "rw-p", "")
		  ANON("0x1800000", "0x5000000", "---p", "") END,
	      "shrunk:1:1 split:1:2", "the old VMA still there (shrunk): not a move");
	/* Damaged input: overlapping VMAs in one snapshot must not crash. */
	check(HDR ANON("0x1000", "0x9000", "rw-p", "") ANON("0x2000", "0x3000", "rw-p", "") END,
	      HDR ANON("0x1000", "0x9000", "rw-p", "") END,
	      "same:1:1 gone:1:0", "overlapping VMAs in one snapshot");
}

static void test_delta(void)
{
	static const char a[] = HDR
		ANON("0x10000", "0x20000", "rw-p", " vsz=65536 rss=8192 file=0 n0=8192")
		ANON("0x30000", "0x31000", "rw-p", " vsz=4096 rss=4096 n0=4096")
		ANON("0x40000", "0x41000", "r--p", " vsz=4096 rss=0")
		END;
	static const char b[] = HDR
		ANON("0x10000", "0x14000", "rw-p", " vsz=16384 rss=4096 n1=4096 hpage=4096")
		ANON("0x14000", "0x20000", "r--p", " vsz=49152 rss=8192 n0=8192 hpage=4096")
		ANON("0x40000", "0x41000", "r--p", " vsz=4096 rss=0 hpage=4096")
		ANON("0x50000", "0x52000", "rw-p", " vsz=8192 rss=8192 n1=8192 hpage=4096")
		END;
	struct vms_snapshot sa, sb;
	struct vms_error err;
	struct vms_diff d;
	long krss, kn0, kn1, kvsz;
	char keys[256] = "";
	size_t i;

	vms_snapshot_parse(a, strlen(a), &sa, &err);
	vms_snapshot_parse(b, strlen(b), &sb, &err);
	vms_diff_compute(&sa, &sb, &d);
	for (i = 0; i < d.nkeys; i++)
		snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys), "%s%s",
			 i ? "," : "", d.keys[i]);
	tap_is_str(keys, "vsz,rss,n0,n1",
		   "diff keys: both sides' numbers, families joined, file (A only) and "
		   "inode/hpage (identity) left out");
	krss = vms_diff_key_index(&d, "rss");
	kn0 = vms_diff_key_index(&d, "n0");
	kn1 = vms_diff_key_index(&d, "n1");
	kvsz = vms_diff_key_index(&d, "vsz");
	tap_is_int(d.m.n, 4, "four groups: split, gone, same, new");
	if (d.m.n == 4 && krss >= 0 && kn0 >= 0 && kn1 >= 0 && kvsz >= 0) {
		tap_is_int(d.m.groups[0].change, VMS_CH_SPLIT, "group 0 is the split");
		tap_is_int(vms_diff_row(&d, 0)[krss], 4096, "split: rss 8192 -> 4096 + 8192");
		tap_is_int(vms_diff_row(&d, 0)[kvsz], 0, "split: vsz unchanged");
		tap_is_int(vms_diff_row(&d, 0)[kn1], 4096, "split: n1 absent before counts 0");
		tap_is_int(vms_diff_row(&d, 1)[krss], -4096, "gone: minus its rss");
		tap_is_int(vms_diff_row(&d, 1)[kn0], -4096, "gone: minus its n0");
		tap_ok(!d.changed[2], "unchanged VMA is not changed");
		tap_is_int(vms_diff_row(&d, 3)[krss], 8192, "new: plus its rss");
		tap_is_int(d.total[krss], (4096 + 8192 + 8192) - (8192 + 4096), "total rss delta");
		tap_is_int(d.total[kvsz], (16384 + 49152 + 4096 + 8192) - (65536 + 4096 + 4096),
			   "total vsz delta");
		tap_is_int(d.nchanged, 3, "three changed groups");
		tap_is_int(d.nvmas, 5, "VMAs: the split's 2 pieces, gone, same, new");
		tap_is_int(d.nvmas_changed, 4, "changed VMAs: 2 pieces, gone, new");
	}
	vms_diff_free(&d);
	vms_snapshot_free(&sa);
	vms_snapshot_free(&sb);

	{
		static const char x[] = HDR
			ANON("0x1000", "0x2000", "rw-p", " rss=4096 none=0") END;
		static const char y[] = HDR
			ANON("0x1000", "0x2000", "rw-p", " rss=4096")
			ANON("0x3000", "0x4000", "rw-p", " rss=0 none=4096") END;
		long kn;

		vms_snapshot_parse(x, strlen(x), &sa, &err);
		vms_snapshot_parse(y, strlen(y), &sb, &err);
		vms_diff_compute(&sa, &sb, &d);
		kn = vms_diff_key_index(&d, "none");
		tap_ok(kn >= 0 && d.m.n == 2 && !vms_diff_known(&d, 0)[kn] &&
		       vms_diff_known(&d, 1)[kn] && !d.changed[0] && d.total[kn] == 4096,
		       "a record without a key its snapshot has: change unknown, not zero");
		vms_diff_free(&d);
		vms_snapshot_free(&sa);
		vms_snapshot_free(&sb);
	}
	tap_is_int(vms_delta(5, 3), -2, "delta 5 -> 3");
	tap_is_int(vms_delta(0, UINT64_MAX), INT64_MAX, "delta saturates up");
	tap_is_int(vms_delta(UINT64_MAX, 0), INT64_MIN, "delta saturates down");
}

/* vms_diff_unrelated() of two reports given as text. */
static const char *unrelated(const char *a, const char *b)
{
	static char why[128];
	struct vms_snapshot sa, sb;
	struct vms_error err;
	struct vms_diff d;
	const char *w;

	if (vms_snapshot_parse(a, strlen(a), &sa, &err))
		return "parse error";
	if (vms_snapshot_parse(b, strlen(b), &sb, &err)) {
		vms_snapshot_free(&sa);
		return "parse error";
	}
	vms_diff_compute(&sa, &sb, &d);
	w = vms_diff_unrelated(&sa, &sb, &d);
	snprintf(why, sizeof(why), "%s", w ? w : "related");
	vms_diff_free(&d);
	vms_snapshot_free(&sa);
	vms_snapshot_free(&sb);
	return why;
}

static void test_unrelated(void)
{
#define PROC(pid, comm, kernel) "vmscope version=1 pid=" pid " comm=" comm " kernel=" kernel "\n"
#define LAYOUT1 ANON("0x1000", "0x2000", "rw-p", "") ANON("0x8000", "0x9000", "r--p", "") \
	ANON("0x20000", "0x30000", "rw-p", "")
#define LAYOUT2 ANON("0x5000", "0x6000", "rw-p", "") ANON("0xa000", "0xb000", "r--p", "") \
	ANON("0x40000", "0x50000", "rw-p", "")
	tap_is_str(unrelated(PROC("7", "a", "6.1") LAYOUT1 END, PROC("7", "a", "6.1") LAYOUT2 END),
		   "related", "unrelated: same pid and comm, whatever the layout");
	tap_is_str(unrelated(PROC("7", "a", "6.1") LAYOUT1 END, PROC("8", "a", "6.1") LAYOUT1 END),
		   "related", "unrelated: a forked child keeps the layout");
	tap_is_str(unrelated(PROC("7", "a", "6.1") LAYOUT1 END, PROC("7", "b", "6.1") LAYOUT1 END),
		   "related", "unrelated: a process that renamed itself");
	tap_is_str(unrelated(PROC("7", "a", "6.1") LAYOUT1 END, PROC("8", "a", "6.1") LAYOUT2 END),
		   "few VMAs where a fork would have left them", "unrelated: another pid, other layout");
	tap_is_str(unrelated(PROC("7", "a", "6.1") LAYOUT1 END, PROC("7", "b", "6.1") LAYOUT2 END),
		   "another program: few VMAs in common", "unrelated: same pid, other comm and layout");
	tap_is_str(unrelated(PROC("7", "a", "6.1") LAYOUT1 END, PROC("7", "a", "6.12") LAYOUT1 END),
		   "taken on different kernels", "unrelated: another kernel");
	tap_is_str(unrelated(PROC("7", "a", "6.1") END, PROC("8", "a", "6.1") END),
		   "few VMAs where a fork would have left them", "unrelated: another pid, no VMAs");
#undef PROC
#undef LAYOUT1
#undef LAYOUT2
}

void test_match(void)
{
	test_matching();
	test_delta();
	test_unrelated();
}
