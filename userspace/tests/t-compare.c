// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of check's comparison (compare.c): agreement, a disagreement per
 * figure, and the one documented difference in swap (format.rst): smaps
 * counts swapped-out shmem object pages under a read-only or shared
 * mapping's private copies, vmscope counts the copies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "snapshot.h"
#include "tap.h"

#define HDR	"vmscope version=1 pid=7 comm=t kernel=6.12 page_size=4096 " \
		"nodes=0 time_ns=1 walk_ns=1\n"

/* A report with one shmem VMA of @perms and the task record. */
static char *report(const char *perms, unsigned int anon_kb,
		    unsigned int swap_kb, unsigned int task_swap_kb)
{
	char *s;

	if (asprintf(&s, HDR "task rss=%u anon=%u swap=%u\n"
		     "vma start=0x1000 end=0x401000 perms=%s offset=0x0 dev=00:01 "
		     "inode=9 kind=shmem vsz=4194304 rss=%u anon=%u swap=%u "
		     "name=/memfd:x\\040(deleted)\n"
		     "end status=complete vmas=1 exts=0\n",
		     anon_kb << 10, anon_kb << 10, task_swap_kb << 10, perms,
		     anon_kb << 10, anon_kb << 10, swap_kb << 10) < 0)
		abort();
	return s;
}

/* The number of disagreements; *elsewhere as compare.c explains. */
static size_t compare(const char *perms, unsigned int anon, unsigned int mswap,
		      unsigned int pswap, unsigned int ptask, uint64_t *elsewhere)
{
	char *a = report(perms, anon, mswap, mswap), *b = report(perms, anon, pswap, ptask);
	struct vms_snapshot m, p;
	struct vms_error err;
	struct vms_compare c;
	size_t n = (size_t)-1;

	if (vms_snapshot_parse(a, strlen(a), &m, &err) ||
	    vms_snapshot_parse(b, strlen(b), &p, &err)) {
		tap_diag("parse: %s", err.msg);
		goto out;
	}
	vms_compare(&m, &p, &c);
	n = c.n;
	for (size_t i = 0; i < c.n; i++)
		tap_diag("%s", c.lines[i]);
	*elsewhere = c.swap_elsewhere;
	vms_compare_free(&c);
	vms_snapshot_free(&m);
	vms_snapshot_free(&p);
out:
	free(a);
	free(b);
	return n;
}

void test_compare(void)
{
	uint64_t e = 0;

	tap_is_int(compare("r--p", 2048, 1024, 1024, 1024, &e), 0, "compare: same figures agree");
	tap_is_int(e, 0, "compare: nothing counted elsewhere");
	/* 2 MiB of copies over a swapped object: smaps counts 2 MiB more. */
	tap_is_int(compare("r--p", 2048, 2048, 4096, 4096, &e), 0,
		   "compare: read-only private: smaps' swap under private copies is explained");
	tap_is_int(e, 2048 << 10, "compare: ... and counted");
	tap_is_int(compare("r--s", 0, 1024, 1024, 1024, &e), 0, "compare: read-only shared agrees");
	tap_is_int(compare("r--s", 0, 1024, 2048, 2048, &e), 2,
		   "compare: read-only shared has no copies: a difference disagrees (vma, task)");
	tap_is_int(compare("rw-p", 2048, 2048, 4096, 4096, &e), 2,
		   "compare: writable private: smaps walks the PTEs, a difference disagrees (vma, task)");
	tap_is_int(compare("r--p", 1024, 1024, 4096, 4096, &e), 2,
		   "compare: more than the copies can explain disagrees (vma, task)");
	tap_is_int(compare("r--p", 2048, 2048, 2048, 2048, &e) + compare("r--p", 2048, 4096, 2048, 2048, &e), 2,
		   "compare: the module counting more swap than smaps disagrees (vma, task)");
	tap_is_int(compare("r--p", 2048, 2048, 4096, 3072, &e), 1,
		   "compare: the task's swap must differ by what the VMAs explain");
}
