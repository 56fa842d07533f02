/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Accounting (account.c) and extents (extents.c): what the entries of a
 * VMA add up to, and the extents they coalesce into. Plain structures and
 * functions, no locks.
 */
#ifndef VMSCOPE_ACCOUNT_H
#define VMSCOPE_ACCOUNT_H

#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/types.h>
#include <vmscope/format.h>

#define VMS_ORDERS	32	/* folio orders counted, o0 ... o31 */
#define VMS_PSS_SHIFT	12	/* fixed point of pss and locked, as smaps */

/**
 * struct vms_counts - per-VMA (or per-task, summed) accounting, in bytes
 * @vsz: address space
 * @rss: resident, with a struct page, not zero page, not hugetlb
 * @anon: part of @rss in anonymous folios
 * @file: part of @rss in page cache folios of regular files
 * @shmem: part of @rss in shmem folios
 * @zero: mapped to the shared zero page or the huge zero page
 * @swap: swap entries, and swapped-out pages of a shmem mapping's holes
 * @none: no entry
 * @other: migration, hwpoison, device, marker and frame-less entries
 * @pss: proportional set size, << VMS_PSS_SHIFT
 * @shared: @rss with mapcount >= 2
 * @private: @rss with mapcount < 2 (also printed as uss)
 * @dirty: @rss dirty in the entry or the folio
 * @young: @rss young in the entry, or folio young or referenced
 * @softdirty: @rss soft-dirty in the entry or by VM_SOFTDIRTY
 * @locked: @pss of VM_LOCKED mappings, << VMS_PSS_SHIFT
 * @ksm: @rss in KSM folios
 * @thp: @rss mapped by PMD entries
 * @hugetlb: hugetlb pages mapped
 * @pss_dirty: the part of @pss in pages dirty in the entry or the folio,
 *	       << VMS_PSS_SHIFT
 * @pss_anon: the part of @pss in anonymous folios, << VMS_PSS_SHIFT
 * @pss_file: the part of @pss in page cache folios, << VMS_PSS_SHIFT
 * @pss_shmem: the part of @pss in shmem folios, << VMS_PSS_SHIFT
 * @shared_clean: @shared not dirty in the entry or the folio
 * @shared_dirty: @shared dirty in the entry or the folio
 * @private_clean: @private not dirty
 * @private_dirty: @private dirty
 * @lazyfree: @anon in folios that are not swap-backed (MADV_FREE) and
 *	      clean in the entry and the folio
 * @hugetlb_shared: @hugetlb pages mapped shared (smaps' hugetlb rule)
 * @hugetlb_private: @hugetlb pages mapped privately
 * @active: of the pages numa_maps counts (@rss + @hugetlb without reserved
 *	    pages and PFN maps), those active or unevictable
 * @writeback: of those pages, the ones under writeback
 * @swapcache: of those pages, the ones in the swap cache
 * @mapmax: the highest mapcount of those pages (a count, not bytes; sums
 *	    keep the highest). These four are counted only where vma
 *	    records are asked for; the task record does not print them
 * @hpage: the VMA's page size
 * @pgtables: page-table pages owned by the VMA
 * @runs: runs of virtually and physically contiguous resident pages,
 *	  counted only where vma records are asked for
 * @order: @rss by folio order
 * @node: @rss + @hugetlb by NUMA node, @nr_nodes entries
 * @nr_nodes: size of @node
 */
struct vms_counts {
	u64 vsz;
	u64 rss;
	u64 anon;
	u64 file;
	u64 shmem;
	u64 zero;
	u64 swap;
	u64 none;
	u64 other;
	u64 pss;
	u64 shared;
	u64 private;
	u64 dirty;
	u64 young;
	u64 softdirty;
	u64 locked;
	u64 ksm;
	u64 thp;
	u64 hugetlb;
	u64 pss_dirty;
	u64 pss_anon;
	u64 pss_file;
	u64 pss_shmem;
	u64 shared_clean;
	u64 shared_dirty;
	u64 private_clean;
	u64 private_dirty;
	u64 lazyfree;
	u64 misplaced;
	u64 hugetlb_shared;
	u64 hugetlb_private;
	u64 active;
	u64 writeback;
	u64 swapcache;
	u64 mapmax;
	u64 hpage;
	u64 pgtables;
	u64 runs;
	u64 order[VMS_ORDERS];
	u64 *node;
	unsigned int nr_nodes;
};

/**
 * struct vms_entry - one or more consecutive base pages as an entry maps them
 * @addr: first virtual address
 * @nr: base pages covered
 * @pfn: first frame (present and zero states)
 * @state: enum vms_state
 * @type: enum vms_type
 * @map: enum vms_map (present and zero states)
 * @order: folio order (present and zero states)
 * @node: NUMA node of the frame, -1 if none
 * @hugetlb: a hugetlb page
 * @hugetlb_shared: a hugetlb page that smaps counts as shared
 * @dirty: dirty in the entry or the folio
 * @lazyfree: an anonymous folio that is not swap-backed (MADV_FREE), clean
 *	      in the entry and the folio
 * @young: young in the entry, or folio young or referenced
 * @softdirty: soft-dirty in the entry or by VM_SOFTDIRTY
 * @ksm: a KSM folio
 * @mapcount: for pages of a PTE table with a struct page, the mapcount
 *	      smaps divides their PSS by (vms_share_count(), at least 1),
 *	      their sharing accounted with the entry's batch; 0 for entries
 *	      whose sharing their step accounts itself, or that have none
 */
struct vms_entry {
	unsigned long addr;
	unsigned long nr;
	unsigned long pfn;
	u8 state;
	u8 type;
	u8 map;
	u8 order;
	int node;
	bool hugetlb;
	bool hugetlb_shared;
	bool dirty;
	bool lazyfree;
	bool young;
	bool softdirty;
	bool ksm;
	unsigned int mapcount;
};

/**
 * struct vms_runs - state for counting contiguous runs within one VMA
 * @open: a run is in progress
 * @next_addr: the virtual address that would continue it
 * @next_pfn: the frame that would continue it
 */
struct vms_runs {
	bool open;
	unsigned long next_addr;
	unsigned long next_pfn;
};

/**
 * struct vms_ext - an extent: consecutive pages of one VMA described alike
 * @start: first address
 * @end: address past it
 * @pfn: first frame (present and zero)
 * @state: enum vms_state
 * @type: enum vms_type
 * @map: enum vms_map
 * @order: folio order
 * @node: node, -1 if none
 */
struct vms_ext {
	unsigned long start;
	unsigned long end;
	unsigned long pfn;
	u8 state;
	u8 type;
	u8 map;
	u8 order;
	int node;
};

/* ---- account.c ---------------------------------------------------- */

void vms_counts_reset(struct vms_counts *c);
void vms_counts_add(struct vms_counts *sum, const struct vms_counts *c);
bool vms_counts_consistent(const struct vms_counts *c);

/* ---- extents.c ---------------------------------------------------- */

void vms_ext_start(struct vms_ext *x, const struct vms_entry *e);
bool vms_ext_extend(struct vms_ext *x, const struct vms_entry *e,
		    bool with_pfn);

/*
 * Accounting on the walker's path: called for every page or batch of
 * pages the walker visits, so they are inline for its loop.
 */

/**
 * vms_account_entry() - account an entry's size-only figures
 * @c: the VMA's record
 * @e: the entry, covering e->nr base pages
 *
 * Everything except sharing (see vms_account_share()) and runs (see
 * vms_runs_feed()).
 */
static inline void vms_account_entry(struct vms_counts *c,
				     const struct vms_entry *e)
{
	u64 bytes = (u64)e->nr << PAGE_SHIFT;

	switch (e->state) {
	case VMS_STATE_PRESENT:
		if (e->node >= 0 && e->node < c->nr_nodes)
			c->node[e->node] += bytes;
		if (e->hugetlb) {
			c->hugetlb += bytes;
			if (e->hugetlb_shared)
				c->hugetlb_shared += bytes;
			else
				c->hugetlb_private += bytes;
			break;
		}
		c->rss += bytes;
		if (e->type == VMS_TYPE_ANON)
			c->anon += bytes;
		else if (e->type == VMS_TYPE_SHMEM)
			c->shmem += bytes;
		else
			c->file += bytes;
		if (e->dirty)
			c->dirty += bytes;
		if (e->lazyfree)
			c->lazyfree += bytes;
		if (e->young)
			c->young += bytes;
		if (e->softdirty)
			c->softdirty += bytes;
		if (e->ksm)
			c->ksm += bytes;
		if (e->map == VMS_MAP_PMD)
			c->thp += bytes;
		c->order[min_t(unsigned int, e->order, VMS_ORDERS - 1)] += bytes;
		break;
	case VMS_STATE_ZERO:
		c->zero += bytes;
		break;
	case VMS_STATE_SWAP:
		c->swap += bytes;
		break;
	case VMS_STATE_NONE:
		c->none += bytes;
		break;
	default:
		c->other += bytes;
		break;
	}
}

/**
 * vms_account_share() - account sharing of resident pages
 * @c: the VMA's record
 * @e: the entry the pages belong to (its type and dirtiness)
 * @nr: base pages with this mapcount
 * @mapcount: their mapcount; 1 also for a folio held by a single
 *	      reference (smaps' shortcut: mapped exactly once)
 * @locked: the VMA is VM_LOCKED
 *
 * As smaps_page_accumulate(): PSS accumulates PAGE_SIZE << VMS_PSS_SHIFT
 * divided by the mapcount per page, so that truncation matches it to the
 * byte, and is split by the folio's backing and by dirtiness (of the
 * entry or the folio), which also splits shared and private into clean
 * and dirty.
 */
static inline void vms_account_share(struct vms_counts *c,
				     const struct vms_entry *e,
				     unsigned long nr, unsigned int mapcount,
				     bool locked)
{
	u64 pss = (u64)PAGE_SIZE << VMS_PSS_SHIFT;
	u64 bytes = (u64)nr << PAGE_SHIFT;
	bool shared = mapcount >= 2;

	if (shared)
		pss = div_u64(pss, mapcount);
	pss *= nr;
	c->pss += pss;
	if (e->type == VMS_TYPE_ANON)
		c->pss_anon += pss;
	else if (e->type == VMS_TYPE_SHMEM)
		c->pss_shmem += pss;
	else
		c->pss_file += pss;
	if (locked)
		c->locked += pss;
	if (e->dirty)
		c->pss_dirty += pss;
	if (shared) {
		c->shared += bytes;
		if (e->dirty)
			c->shared_dirty += bytes;
		else
			c->shared_clean += bytes;
	} else {
		c->private += bytes;
		if (e->dirty)
			c->private_dirty += bytes;
		else
			c->private_clean += bytes;
	}
}

/* A resident page as numa_maps sees it (gather_stats()). */
enum vms_numa_bits {
	VMS_NUMA_COUNTED = BIT(0),	/* numa_maps counts the page */
	VMS_NUMA_ACTIVE = BIT(1),	/* its folio is active or unevictable */
	VMS_NUMA_WRITEBACK = BIT(2),	/* under writeback */
	VMS_NUMA_SWAPCACHE = BIT(3),	/* in the swap cache */
};

/**
 * vms_account_numa() - numa_maps' page-state counts of resident pages
 * @c: the VMA's record
 * @bits: enum vms_numa_bits of their folio
 * @nr: how many base pages (a hugetlb page: all of its)
 * @mapcount: the mapcount numa_maps reads, of the first of them
 */
static inline void vms_account_numa(struct vms_counts *c, unsigned int bits,
				    unsigned long nr, unsigned int mapcount)
{
	u64 bytes = (u64)nr << PAGE_SHIFT;

	if (!(bits & VMS_NUMA_COUNTED))
		return;
	if (bits & VMS_NUMA_ACTIVE)
		c->active += bytes;
	if (bits & VMS_NUMA_WRITEBACK)
		c->writeback += bytes;
	if (bits & VMS_NUMA_SWAPCACHE)
		c->swapcache += bytes;
	c->mapmax = max_t(u64, c->mapmax, mapcount);
}

/**
 * vms_runs_feed() - count runs of virtually and physically contiguous pages
 * @r: the run state of one VMA
 * @runs: counts the runs (its record's, or a PTE table's until its end)
 * @addr: first virtual address of the resident pages
 * @pfn: their first frame
 * @nr: how many (consecutive in both spaces)
 */
static __always_inline void vms_runs_feed(struct vms_runs *r, u64 *runs,
					  unsigned long addr,
					  unsigned long pfn, unsigned long nr)
{
	if (!r->open || addr != r->next_addr || pfn != r->next_pfn) {
		(*runs)++;
		r->open = true;
	}
	r->next_addr = addr + (nr << PAGE_SHIFT);
	r->next_pfn = pfn + nr;
}

#endif /* VMSCOPE_ACCOUNT_H */
