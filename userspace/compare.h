/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The module's report against the kernel's own figures: a report built
 * from /proc (source_proc.c) compared field by field, for check.
 *
 * Compared, per VMA matched by start and end: identity (perms, offset,
 * dev, inode, name, kind) and every number the /proc report has (rss,
 * anon, swap, shared, private, uss, dirty, young, ksm, thp, hugetlb,
 * hpage, nK; zero, none and other from pagemap), with pss and locked in
 * kB as smaps prints them; for the task, the smaps_rollup figures and
 * pgtables (VmPTE). Exceptions, as Documentation/format.rst documents
 * them: numa_maps skips reserved pages, so the nK of the vdso are not
 * compared; kernel-wide counters (vsz with the vsyscall page, faults,
 * the task's zero/none/other sums) are not compared either; smaps' swap
 * of shmem object pages under a read-only private mapping's copies is
 * taken as explained (swap_elsewhere).
 */
#ifndef VMSCOPE_COMPARE_H
#define VMSCOPE_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

struct vms_compare {
	char **lines;		/* one per disagreement, no newline */
	size_t n;
	size_t vmas;		/* VMAs compared */
	size_t fields;		/* figures compared */
	/*
	 * bytes of /proc's swap that are swapped-out shmem object pages
	 * under the process's private copies (format.rst: swap)
	 */
	uint64_t swap_elsewhere;
};

void vms_compare(const struct vms_snapshot *module, const struct vms_snapshot *proc,
		 struct vms_compare *out);
void vms_compare_free(struct vms_compare *c);

#endif /* VMSCOPE_COMPARE_H */
