/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classification (classify.c): what a VMA is, and what one page-table
 * entry maps, from plain inputs.
 */
#ifndef VMSCOPE_CLASSIFY_H
#define VMSCOPE_CLASSIFY_H

#include <linux/mm.h>
#include <linux/page_idle.h>
#include <linux/pgtable.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <vmscope/format.h>
#include "account.h"
#include "compat.h"

struct address_space;
struct folio;
struct page;

/**
 * struct vms_vma_facts - what describing an entry needs to know of its VMA
 * @type: enum vms_type of entries without a folio
 * @softdirty: VM_SOFTDIRTY
 * @anonymous: vma_is_anonymous()
 * @pfnmap: VM_PFNMAP or VM_MIXEDMAP: frames may lack a struct page
 * @pfnmap_only: VM_PFNMAP: no leaf is looked behind
 * @shmem: the shmem mapping behind the VMA if it has swapped-out pages
 * @vm_start: the VMA's start, to turn addresses into @shmem indexes
 * @vm_pgoff: the VMA's file offset in pages
 */
struct vms_vma_facts {
	u8 type;
	bool softdirty;
	bool anonymous;
	bool pfnmap;
	bool pfnmap_only;
	struct address_space *shmem;
	unsigned long vm_start;
	unsigned long vm_pgoff;
};

/* The index in the VMA's file (its shmem object) of the page at @addr. */
static inline unsigned long vms_facts_index(const struct vms_vma_facts *f,
					    unsigned long addr)
{
	return f->vm_pgoff + ((addr - f->vm_start) >> PAGE_SHIFT);
}

/**
 * struct vms_kind_input - the facts about a VMA that decide its kind
 * @vm_flags: the VMA's flags
 * @anonymous: no vm_ops at all (vma_is_anonymous())
 * @has_file: backed by a file
 * @tmpfs: the file lives on tmpfs/shmem
 * @heap: covers the initial brk heap
 * @stack: covers the initial stack
 * @special: name given by vm_ops->name() (e.g. "[vdso]"), or NULL
 */
struct vms_kind_input {
	unsigned long vm_flags;
	bool anonymous;
	bool has_file;
	bool tmpfs;
	bool heap;
	bool stack;
	const char *special;
};

enum vms_kind vms_classify_vma(const struct vms_kind_input *in);
struct page *vms_classify_pmd(pmd_t pmd, const struct vms_vma_facts *f,
			      unsigned long addr, unsigned long end,
			      struct vms_entry *e);
void vms_perms(unsigned long vm_flags, char perms[5]);
const char *vms_vmflag_name(unsigned int bit);

/*
 * What one entry maps: called for every page the walker visits, so they
 * are inline for its loop. Plain functions all the same: a value in, a
 * description out, no locks taken.
 */

/**
 * vms_entry_init() - an entry for [addr, end) with nothing but its state
 * @e: the entry
 * @f: facts of its VMA, whose type it takes
 * @addr: first address
 * @end: address past the last page
 * @state: enum vms_state
 * @map: enum vms_map
 */
static inline void vms_entry_init(struct vms_entry *e,
				  const struct vms_vma_facts *f,
				  unsigned long addr, unsigned long end,
				  u8 state, u8 map)
{
	memset(e, 0, sizeof(*e));
	e->addr = addr;
	e->nr = (end - addr) >> PAGE_SHIFT;
	e->state = state;
	e->type = f->type;
	e->map = map;
	e->node = -1;
}

/*
 * A page flag as a bit of a copy of the flags word. Describing a page
 * reads its folio's flags word once and tests the bits of that copy (as
 * stable_page_flags() does) rather than reloading it for each flag: the
 * flags may change meanwhile, as they may between separate tests. (The
 * node, the zone and PG_reserved are still read by the kernel's own
 * accessors.)
 */
#define VMS_PG(flag)	BIT(PG_##flag)

/* folio_test_young(), from a copy of the flags where it is a page flag */
static __always_inline bool vms_flags_young(struct folio *folio,
					    unsigned long flags)
{
#if defined(CONFIG_PAGE_IDLE_FLAG) && defined(CONFIG_64BIT)
	return flags & VMS_PG(young);
#else
	return folio_test_young(folio);
#endif
}

/* young in the folio, or referenced: the folio's half of smaps' Referenced */
static __always_inline bool vms_folio_young(struct folio *folio,
					    unsigned long flags)
{
	return (flags & VMS_PG(referenced)) || vms_flags_young(folio, flags);
}

/**
 * vms_entry_set_folio() - describe a present page of a folio
 * @e: the entry
 * @folio: the folio
 * @pfn: the entry's first frame
 *
 * The backing type follows the folio, as smaps splits Rss: anonymous
 * (KSM included), swap-backed (shmem), else page cache. Tests one copy
 * of the folio's flags and one of its mapping.
 *
 * Return: the copy of the folio's flags it read, for the caller's tests.
 */
static __always_inline unsigned long
vms_entry_set_folio(struct vms_entry *e, struct folio *folio,
		    unsigned long pfn)
{
	unsigned long flags = READ_ONCE(folio->flags);
	unsigned long mapping = (unsigned long)READ_ONCE(folio->mapping);

	e->state = VMS_STATE_PRESENT;
	e->pfn = pfn;
	e->node = folio_nid(folio);
	/* folio_test_large(): a head page; only then is there an order */
	e->order = flags & VMS_PG(head) ? folio_order(folio) : 0;
	/* folio_test_anon(), folio_test_ksm(): bits of the mapping */
	if (mapping & PAGE_MAPPING_ANON)
		e->type = VMS_TYPE_ANON;
	else if (flags & VMS_PG(swapbacked))
		e->type = VMS_TYPE_SHMEM;
	else
		e->type = VMS_TYPE_FILE;
	e->ksm = IS_ENABLED(CONFIG_KSM) &&
		 (mapping & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_KSM;
	return flags;
}

/**
 * vms_entry_set_dirty() - dirtiness of a present page, and what it implies
 * @e: the entry, its folio already described (vms_entry_set_folio())
 * @flags: the folio's flags, as vms_entry_set_folio() read them
 * @entry_dirty: the entry's dirty bit
 *
 * As smaps_account(): dirty in the entry or the folio; an anonymous folio
 * that is not swap-backed (MADV_FREE cleared the flag) and clean in both
 * is lazily freed, reclaimed without being written to swap.
 */
static __always_inline void vms_entry_set_dirty(struct vms_entry *e,
						unsigned long flags,
						bool entry_dirty)
{
	e->dirty = entry_dirty || (flags & VMS_PG(dirty));
	e->lazyfree = e->type == VMS_TYPE_ANON &&
		      !(flags & VMS_PG(swapbacked)) && !e->dirty;
}

/**
 * vms_classify_pte() - describe one PTE
 * @pte: the entry's value, read under its lock
 * @f: facts of its VMA
 * @addr: the address it maps
 * @e: filled in, covering one page
 *
 * Decides as vm_normal_page() would, without calling it: the zero page by
 * its frame, special PTEs (PFN maps) and, in PFN and mixed maps, frames
 * without a struct page are "other"; with pte_special() every other
 * present PTE has a struct page. Swap entries are "swap", migration,
 * hwpoison, device and marker entries "other" (the page behind them is
 * not looked at). A none PTE of a shmem mapping whose page is swapped out
 * is "swap", as smaps counts it.
 *
 * Context: under the PTE lock (or on a synthesized value); reads the
 * folio's flags, takes no reference.
 * Return: the page of a present entry that has one, for the caller's
 * sharing and runs, its folio in *@foliop; NULL otherwise.
 */
static __always_inline struct page *
vms_classify_pte(pte_t pte, const struct vms_vma_facts *f, unsigned long addr,
		 struct vms_entry *e, struct folio **foliop)
{
	unsigned long pfn, flags;
	struct folio *folio;
	struct page *page;

	if (pte_none(pte)) {
		vms_entry_init(e, f, addr, addr + PAGE_SIZE, VMS_STATE_NONE,
			       VMS_MAP_PTE);
		if (f->shmem && xa_is_value(xa_load(&f->shmem->i_pages,
						    vms_facts_index(f, addr))))
			e->state = VMS_STATE_SWAP;
		return NULL;
	}
	if (!pte_present(pte)) {
		vms_entry_init(e, f, addr, addr + PAGE_SIZE,
			       non_swap_entry(pte_to_swp_entry(pte)) ?
			       VMS_STATE_OTHER : VMS_STATE_SWAP, VMS_MAP_PTE);
		return NULL;
	}

	vms_entry_init(e, f, addr, addr + PAGE_SIZE, VMS_STATE_OTHER,
		       VMS_MAP_PTE);
	pfn = pte_pfn(pte);
	if (is_zero_pfn(pfn)) {
		e->state = VMS_STATE_ZERO;
		e->pfn = pfn;
		e->node = page_to_nid(pfn_to_page(pfn));
		return NULL;
	}
	if (pte_special(pte) || (f->pfnmap && !pfn_valid(pfn)))
		return NULL;
	page = pfn_to_page(pfn);
	folio = page_folio(page);
	flags = vms_entry_set_folio(e, folio, pfn);
	vms_entry_set_dirty(e, flags, pte_dirty(pte));
	e->young = pte_young(pte) || vms_folio_young(folio, flags);
	e->softdirty = pte_soft_dirty(pte) || f->softdirty;
	*foliop = folio;
	return page;
}

/**
 * vms_numa_bits() - a resident page as numa_maps counts it
 * @f: facts of its VMA
 * @folio: the page's folio
 * @page: the page (the first of a PMD or hugetlb mapping)
 *
 * As can_gather_numa_stats() and gather_stats(): numa_maps does not walk
 * PFN maps and skips reserved pages, device pages and pages on nodes
 * without memory; of the rest it counts active (or unevictable),
 * writeback and swap-cache folios.
 *
 * Return: enum vms_numa_bits, 0 for a page numa_maps does not count.
 */
static __always_inline unsigned int
vms_numa_bits(const struct vms_vma_facts *f, struct folio *folio,
	      struct page *page)
{
	unsigned int bits = VMS_NUMA_COUNTED;
	unsigned long flags;

	if (f->pfnmap_only || PageReserved(page) ||
	    is_zone_device_page(page) ||
	    !node_state(folio_nid(folio), N_MEMORY))
		return 0;
	flags = READ_ONCE(folio->flags);
	if (flags & (VMS_PG(active) | VMS_PG(unevictable)))
		bits |= VMS_NUMA_ACTIVE;
	if (flags & VMS_PG(writeback))
		bits |= VMS_NUMA_WRITEBACK;
	/* folio_test_swapcache(): the bit means so only if swap-backed */
	if ((flags & VMS_PG(swapbacked)) && (flags & VMS_PG(swapcache)))
		bits |= VMS_NUMA_SWAPCACHE;
	return bits;
}

/**
 * vms_share_count() - the mapcount smaps divides a page's PSS by
 * @folio: the page's folio
 * @page: the page
 * @large: the folio is large (its order, as its flags gave it, is not 0)
 *
 * A folio held by a single reference is mapped exactly once (smaps'
 * shortcut); otherwise the page's mapcount as smaps reads it.
 *
 * Return: the count, 1 for a private page.
 */
static __always_inline unsigned int
vms_share_count(struct folio *folio, struct page *page, bool large)
{
	if (folio_ref_count(folio) == 1)
		return 1;
	return large ? vms_page_mapcount(folio, page) :
		       vms_small_mapcount(page);
}

#endif /* VMSCOPE_CLASSIFY_H */
