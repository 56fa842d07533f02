/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classification (classify.c): what a VMA is, and what one page-table
 * entry maps, from plain inputs.
 */
#ifndef VMSCOPE_CLASSIFY_H
#define VMSCOPE_CLASSIFY_H

#include <linux/bitfield.h>
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

/*
 * What decides whether two pages of a PTE table account alike, packed in
 * one word: struct vms_entry's state, type, order and flags. The walker's
 * PTE loop keeps it in a register and compares it whole;
 * vms_entry_set_key() gives it back as an entry's fields.
 */
#define VMS_KEY_STATE		GENMASK(2, 0)
#define VMS_KEY_TYPE		GENMASK(4, 3)
#define VMS_KEY_ORDER		GENMASK(9, 5)
#define VMS_KEY_DIRTY		BIT(10)
#define VMS_KEY_LAZYFREE	BIT(11)
#define VMS_KEY_YOUNG		BIT(12)
#define VMS_KEY_SOFTDIRTY	BIT(13)
#define VMS_KEY_KSM		BIT(14)

static_assert(VMS_STATE_NR <= 7);	/* state 7: VMS_KEY_NO_BATCH */
static_assert(VMS_TYPE_NR <= 4 && VMS_ORDERS <= 32);

/* A key with a state and a type alone. */
static __always_inline u32 vms_key(u8 state, u8 type)
{
	return FIELD_PREP(VMS_KEY_STATE, state) | FIELD_PREP(VMS_KEY_TYPE, type);
}

/**
 * vms_entry_set_key() - set an entry's state, type, order and flags
 * @e: the entry
 * @key: what they are (VMS_KEY_*)
 */
static __always_inline void vms_entry_set_key(struct vms_entry *e, u32 key)
{
	e->state = FIELD_GET(VMS_KEY_STATE, key);
	e->type = FIELD_GET(VMS_KEY_TYPE, key);
	e->order = FIELD_GET(VMS_KEY_ORDER, key);
	e->dirty = key & VMS_KEY_DIRTY;
	e->lazyfree = key & VMS_KEY_LAZYFREE;
	e->young = key & VMS_KEY_YOUNG;
	e->softdirty = key & VMS_KEY_SOFTDIRTY;
	e->ksm = key & VMS_KEY_KSM;
}

/**
 * vms_folio_key() - a present page of a folio, as a key
 * @folio: the folio
 * @flags: a copy of the folio's flags
 *
 * The backing type follows the folio, as smaps splits Rss: anonymous
 * (KSM included), swap-backed (shmem), else page cache. Tests @flags and
 * one copy of the folio's mapping.
 *
 * Return: the key of a present page: state, type, order and KSM.
 */
static __always_inline u32 vms_folio_key(struct folio *folio,
					 unsigned long flags)
{
	unsigned long mapping = (unsigned long)READ_ONCE(folio->mapping);
	u32 key;

	/* folio_test_anon(), folio_test_ksm(): bits of the mapping */
	if (mapping & PAGE_MAPPING_ANON)
		key = vms_key(VMS_STATE_PRESENT, VMS_TYPE_ANON);
	else if (flags & VMS_PG(swapbacked))
		key = vms_key(VMS_STATE_PRESENT, VMS_TYPE_SHMEM);
	else
		key = vms_key(VMS_STATE_PRESENT, VMS_TYPE_FILE);
	/* folio_test_large(): a head page; only then is there an order */
	if (flags & VMS_PG(head))
		key |= FIELD_PREP(VMS_KEY_ORDER, folio_order(folio));
	if (IS_ENABLED(CONFIG_KSM) &&
	    (mapping & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_KSM)
		key |= VMS_KEY_KSM;
	return key;
}

/**
 * vms_mapped_key() - a present page as one entry maps it, as a key
 * @folio: the page's folio
 * @f: facts of its VMA
 * @dirty: the entry's dirty bit
 * @young: the entry's accessed bit
 * @softdirty: the entry's soft-dirty bit
 *
 * As smaps_account(): dirty in the entry or the folio; an anonymous folio
 * that is not swap-backed (MADV_FREE cleared the flag) and clean in both
 * is lazily freed, reclaimed without being written to swap. Young in the
 * entry, or the folio young or referenced; soft-dirty in the entry or by
 * the VMA. The folio's flags are read once.
 *
 * Return: the key of the page (vms_folio_key() and the flags above).
 */
static __always_inline u32 vms_mapped_key(struct folio *folio,
					  const struct vms_vma_facts *f,
					  bool dirty, bool young, bool softdirty)
{
	unsigned long flags = READ_ONCE(folio->flags);
	u32 key = vms_folio_key(folio, flags);

	if (dirty || (flags & VMS_PG(dirty)))
		key |= VMS_KEY_DIRTY;
	else if (FIELD_GET(VMS_KEY_TYPE, key) == VMS_TYPE_ANON &&
		 !(flags & VMS_PG(swapbacked)))
		key |= VMS_KEY_LAZYFREE;
	if (young || vms_folio_young(folio, flags))
		key |= VMS_KEY_YOUNG;
	if (softdirty || f->softdirty)
		key |= VMS_KEY_SOFTDIRTY;
	return key;
}

/**
 * vms_pte_key() - what one PTE maps, as a key
 * @pte: the entry's value, read under its lock
 * @f: facts of its VMA
 * @addr: the address it maps
 * @pfnp: set to its frame (present and zero states), else 0
 * @nodep: set to the frame's node (present and zero states), else -1
 * @foliop: set to the page's folio where a page is returned
 *
 * Decides as vm_normal_page() would, without calling it: the zero page by
 * its frame, special PTEs (PFN maps) and, in PFN and mixed maps, frames
 * without a struct page are "other"; with pte_special() every other
 * present PTE has a struct page. Swap entries are "swap", migration,
 * hwpoison, device and marker entries "other" (the page behind them is
 * not looked at). A none PTE of a shmem mapping whose page is swapped out
 * is "swap", as smaps counts it. Entries without a folio take the VMA's
 * type.
 *
 * Context: under the PTE lock (or on a synthesized value); reads the
 * folio's flags, takes no reference.
 * Return: the key; in *@pagep the page of a present entry that has one,
 * for the caller's sharing and runs, NULL otherwise.
 */
static __always_inline u32
vms_pte_key(pte_t pte, const struct vms_vma_facts *f, unsigned long addr,
	    unsigned long *pfnp, int *nodep, struct folio **foliop,
	    struct page **pagep)
{
	struct folio *folio;
	unsigned long pfn;
	struct page *page;

	*pfnp = 0;
	*nodep = NUMA_NO_NODE;
	*pagep = NULL;
	if (pte_none(pte)) {
		if (f->shmem && xa_is_value(xa_load(&f->shmem->i_pages,
						    vms_facts_index(f, addr))))
			return vms_key(VMS_STATE_SWAP, f->type);
		return vms_key(VMS_STATE_NONE, f->type);
	}
	if (!pte_present(pte))
		return vms_key(non_swap_entry(pte_to_swp_entry(pte)) ?
			       VMS_STATE_OTHER : VMS_STATE_SWAP, f->type);
	pfn = pte_pfn(pte);
	if (is_zero_pfn(pfn)) {
		*pfnp = pfn;
		*nodep = page_to_nid(pfn_to_page(pfn));
		return vms_key(VMS_STATE_ZERO, f->type);
	}
	if (pte_special(pte) || (f->pfnmap && !pfn_valid(pfn)))
		return vms_key(VMS_STATE_OTHER, f->type);
	page = pfn_to_page(pfn);
	folio = page_folio(page);
	*pfnp = pfn;
	*nodep = folio_nid(folio);
	*foliop = folio;
	*pagep = page;
	return vms_mapped_key(folio, f, pte_dirty(pte), pte_young(pte),
			      pte_soft_dirty(pte));
}

/*
 * A batch of consecutive PTEs that account alike, as the walker's loop
 * keeps it (in registers, not in an entry in memory): from @start, with
 * @key (vms_pte_key()), the mapcount its sharing is accounted by (0
 * without a page), and its first page's frame and node. The same fields
 * describe one page (@start unused).
 */
struct vms_pte_batch {
	unsigned long start;
	unsigned long pfn;
	u32 key;
	int node;
	unsigned int mapcount;
};

/* No batch yet: no key has every bit set (there is no such state). */
#define VMS_KEY_NO_BATCH	U32_MAX

/*
 * Does the page at @addr, described as @e, extend batch @b? With
 * @with_pfn a batch keeps to physically contiguous pages (zero pages
 * repeat one frame), with @by_node to one node.
 */
static __always_inline bool vms_pte_batch_extends(struct vms_pte_batch b,
						  struct vms_pte_batch e,
						  unsigned long addr,
						  bool with_pfn, bool by_node)
{
	if (e.key != b.key || e.mapcount != b.mapcount)
		return false;
	if (by_node && e.node != b.node)
		return false;
	if (with_pfn &&
	    b.pfn + (FIELD_GET(VMS_KEY_STATE, e.key) == VMS_STATE_PRESENT ?
		     (addr - b.start) >> PAGE_SHIFT : 0) != e.pfn)
		return false;
	return true;
}

/**
 * vms_pte_batch_entry() - a batch of PTEs as an entry
 * @e: filled in
 * @f: facts of its VMA
 * @b: the batch (one page: vms_pte_key()'s results, @b->start its address)
 * @end: the address past its last page
 * @by_node: the walk builds extents, whose batches keep to one node; else
 *	     the walker counted its present pages' nodes one by one, and
 *	     the entry has none (vms_account_entry() would count them again)
 */
static __always_inline void vms_pte_batch_entry(struct vms_entry *e,
						const struct vms_vma_facts *f,
						const struct vms_pte_batch *b,
						unsigned long end, bool by_node)
{
	vms_entry_init(e, f, b->start, end, VMS_STATE_NONE, VMS_MAP_PTE);
	vms_entry_set_key(e, b->key);
	e->pfn = b->pfn;
	e->node = by_node || e->state != VMS_STATE_PRESENT ? b->node :
							    NUMA_NO_NODE;
	e->mapcount = b->mapcount;
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
 * @large: the folio is large (its order, as its flags gave it, is not 0):
 *	   a THP or an mTHP, never hugetlb
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
	return large ? vms_thp_page_mapcount(folio, page) :
		       vms_small_mapcount(page);
}

#endif /* VMSCOPE_CLASSIFY_H */
