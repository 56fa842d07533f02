/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Residency from /proc/PID/pagemap (and /proc/kpageflags when readable):
 * the pages of a VMA as runs of one state, type and mapping level, which
 * the /proc source prints as ext records and counts for zero, none and
 * other. See Documentation/admin-guide/mm/pagemap.rst.
 */
#ifndef VMSCOPE_PAGEMAP_H
#define VMSCOPE_PAGEMAP_H

#include <stdbool.h>
#include <stddef.h>
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
#define PM_EXCLUSIVE	(1ULL << 56)	/* mapped exactly once (4.2+) */
#define PM_PFN_MASK	((1ULL << 55) - 1)	/* bits 0-54 when present */

/* The state of a page, as ext records say it (enum vms_state). */
enum vms_pm_state {
	VMS_PM_PRESENT = VMS_STATE_PRESENT,
	VMS_PM_ZERO = VMS_STATE_ZERO,
	VMS_PM_SWAP = VMS_STATE_SWAP,
	VMS_PM_NONE = VMS_STATE_NONE,
	VMS_PM_OTHER = VMS_STATE_OTHER,	/* no struct page (KPF_NOPAGE), or a PFN map */
	VMS_PM_UNKNOWN = VMS_STATE_UNKNOWN,	/* a page or the zero page */
	VMS_PM_NR = VMS_STATE_NR
};

/* Pages of a VMA with the same state, type, mapping level and node. */
struct vms_pm_run {
	uint64_t start, end;
	signed char state;	/* enum vms_pm_state */
	signed char type;	/* enum vms_type */
	signed char map;	/* enum vms_map; -1: not known */
	int node;		/* -1: not known */
};

/* What a scan needs to know of the VMA, from smaps. */
struct vms_pm_vma {
	uint64_t start, end;
	enum vms_type type;	/* the VMA's: of entries without a page */
	enum vms_type file_type; /* of its present file-backed pages */
	bool pfnmap;		/* present pages without struct page: OTHER */
	bool anon;		/* private anonymous: every page is anon */
	uint64_t thp;		/* bytes PMD-mapped (AnonHugePages + ...PmdMapped) */
	uint64_t hpage;		/* hugetlb page size; 0 for other VMAs */
};

/* The result: pages by state and the runs, in address order. */
struct vms_pm_scan {
	uint64_t pages[VMS_PM_NR];
	struct vms_pm_run *run;
	size_t nrun, cap;
	enum vms_type vma_type;	/* the type of zero runs */
};

struct vms_pagemap {
	int fd;			/* /proc/PID/pagemap */
	int kpf_fd;		/* /proc/kpageflags, or -1 (it needs frame numbers too) */
	int ioctl;		/* PAGEMAP_SCAN: 1 works, 0 untried, -1 not here */
	uint64_t page_size;
	uint64_t *buf;		/* pagemap entries of one batch */
	unsigned char *state;	/* per entry of the batch */
	signed char *type, *map;
	uint64_t *pfn;		/* frames whose kpageflags a batch needs */
	uint64_t *flags;	/* their flags, KPF_UNREAD if unreadable */
	void *reg;		/* PAGEMAP_SCAN regions */
};

/*
 * Open PID's pagemap (and kpageflags). 0; -ESRCH when the process has no
 * address space (it exited, or is a kernel thread); -errno when pagemap is
 * unreadable. Close with vms_pagemap_close() after a success.
 */
int vms_pagemap_open(struct vms_pagemap *pm, pid_t pid, uint64_t page_size);

/*
 * The same with files laid out as pagemap and kpageflags are (for tests;
 * `kpageflags` NULL for none). PAGEMAP_SCAN fails on them: they are read.
 */
int vms_pagemap_open_files(struct vms_pagemap *pm, const char *pagemap,
			   const char *kpageflags, uint64_t page_size);
void vms_pagemap_close(struct vms_pagemap *pm);

/* Whether the address space is still there (pagemap reads give entries). */
bool vms_pagemap_alive(struct vms_pagemap *pm);

/*
 * Scan the pages of `v` into `out` (freed with vms_pm_scan_free()). Present
 * pages are told from the zero page exactly with PAGEMAP_SCAN (6.7+) or
 * kpageflags; else those that may be either are VMS_PM_UNKNOWN (see
 * vms_pm_resolve()). 0; -ESRCH when the address space has gone; -EIO when
 * pagemap does not cover the range (the vsyscall page); -errno.
 */
int vms_pagemap_scan(struct vms_pagemap *pm, const struct vms_pm_vma *v,
		     struct vms_pm_scan *out);

/*
 * Settle UNKNOWN runs with smaps: `resident` pages of the VMA are resident
 * (Rss + hugetlb; the zero page is not). If the pages known present plus
 * the unknown ones do not exceed it, none is the zero page; if the known
 * ones reach it, all are. Otherwise they stay unknown.
 */
void vms_pm_resolve(struct vms_pm_scan *sc, uint64_t resident);

/* Give present runs node `node`. */
void vms_pm_set_node(struct vms_pm_scan *sc, int node);

/*
 * Split present runs by the node of their pages, which move_pages(2) tells
 * (it moves nothing when not given nodes) for process `pid`. 0, or -errno
 * with the runs as they were.
 */
int vms_pm_nodes(struct vms_pm_scan *sc, pid_t pid, uint64_t page_size);

/* Append one ext record per run to `ext`; the number of records. */
size_t vms_pm_print(const struct vms_pm_scan *sc, struct vms_buf *ext);

void vms_pm_scan_free(struct vms_pm_scan *sc);

#endif /* VMSCOPE_PAGEMAP_H */
