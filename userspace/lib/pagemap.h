/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Residency from /proc/PID/pagemap (and /proc/kpageflags when readable):
 * page states per range, and ext records built from them, for the /proc
 * source. See Documentation/admin-guide/mm/pagemap.rst.
 */
#ifndef VMSCOPE_PAGEMAP_H
#define VMSCOPE_PAGEMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <vmscope/format.h>

#include "util.h"

/*
 * The bits of a pagemap entry, which no uapi header defines: see
 * Documentation/admin-guide/mm/pagemap.rst in the kernel tree.
 */
#define PM_PRESENT	(1ULL << 63)
#define PM_SWAP		(1ULL << 62)
#define PM_FILE		(1ULL << 61)	/* file page or shared anonymous */
#define PM_PFN_MASK	((1ULL << 55) - 1)	/* bits 0-54 when present */

/* The state of a page, as ext records say it (enum vms_state). */
enum vms_pm_state {
	VMS_PM_PRESENT = VMS_STATE_PRESENT,
	VMS_PM_ZERO = VMS_STATE_ZERO,	/* only with kpageflags */
	VMS_PM_SWAP = VMS_STATE_SWAP,
	VMS_PM_NONE = VMS_STATE_NONE,
	VMS_PM_OTHER = VMS_STATE_OTHER,	/* no struct page (KPF_NOPAGE), or a PFN map */
	VMS_PM_NR = VMS_STATE_NR
};

#define VMS_PM_CACHE	512

struct vms_pagemap {
	int fd;			/* /proc/PID/pagemap, or -1 */
	int kpf_fd;		/* /proc/kpageflags, or -1 (needs PFNs too) */
	uint64_t page_size;
	uint64_t *buf;		/* pagemap entries being scanned */
	uint64_t kpf_base;	/* first PFN in kpf_cache */
	bool kpf_valid;
	uint64_t kpf_cache[VMS_PM_CACHE];
};

struct vms_pm_scan {
	uint64_t pages[VMS_PM_NR];
	bool kpf;		/* ZERO and OTHER told apart from PRESENT */
	size_t nexts;		/* ext records appended */
};

/* Open PID's pagemap (and kpageflags). 0, or -errno when pagemap is unreadable. */
int vms_pagemap_open(struct vms_pagemap *pm, pid_t pid, uint64_t page_size);
void vms_pagemap_close(struct vms_pagemap *pm);

/*
 * Count the pages of [start, end) by state, and when `ext` is set append
 * one ext record per extent: pages in a row with the same state and type. `type` is
 * the VMA's own type word (anon, file, shmem), `file_type` the type of
 * its present file-backed pages; with `pfnmap`, present pages count as
 * OTHER (their frames have no struct page). 0 or -errno.
 */
int vms_pagemap_scan(struct vms_pagemap *pm, uint64_t start, uint64_t end,
		     const char *type, const char *file_type, bool pfnmap,
		     struct vms_buf *ext, struct vms_pm_scan *out);

#endif /* VMSCOPE_PAGEMAP_H */
