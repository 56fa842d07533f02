// SPDX-License-Identifier: GPL-2.0
/*
 * Classification: what kind of mapping a VMA is, and what one page-table
 * entry maps.
 *
 * Plain functions over plain inputs (a VMA's facts, an entry's value);
 * walk.c reads them under the right locks and calls in here, and KUnit
 * calls in with synthesized entries.
 */
#include <linux/mm.h>
#include <linux/page_idle.h>
#include <linux/pgtable.h>
#include <linux/string.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/xarray.h>
#include "compat.h"
#include "classify.h"

/**
 * vms_perms() - the permission string /proc/PID/maps prints
 * @vm_flags: the VMA's flags
 * @perms: four characters and a NUL
 */
void vms_perms(unsigned long vm_flags, char perms[5])
{
	perms[0] = vm_flags & VM_READ ? 'r' : '-';
	perms[1] = vm_flags & VM_WRITE ? 'w' : '-';
	perms[2] = vm_flags & VM_EXEC ? 'x' : '-';
	perms[3] = vm_flags & VM_MAYSHARE ? 's' : 'p';
	perms[4] = '\0';
}

static enum vms_kind vms_classify_special(const char *name)
{
	if (!strcmp(name, "[vdso]"))
		return VMS_KIND_VDSO;
	/* "[vvar]", and "[vvar_vclock]" on kernels that split it out. */
	if (!strncmp(name, "[vvar", 5))
		return VMS_KIND_VVAR;
	if (!strcmp(name, "[vsyscall]"))
		return VMS_KIND_VSYSCALL;
	return VMS_KIND_OTHER;
}

/**
 * vms_classify_vma() - decide a VMA's kind
 * @in: the facts, gathered by the caller
 *
 * The order follows /proc/PID/maps naming: names given by vm_ops (vdso,
 * vvar, vsyscall) of file-less mappings first - [vvar] is a PFN map on
 * x86 - then hugetlb and PFN maps, whose pages are accounted differently,
 * then files, then the initial heap and stack.
 *
 * Return: the kind.
 */
enum vms_kind vms_classify_vma(const struct vms_kind_input *in)
{
	if (!in->has_file && in->special)
		return vms_classify_special(in->special);
	if (in->vm_flags & VM_HUGETLB)
		return VMS_KIND_HUGETLB;
	if (in->vm_flags & VM_PFNMAP)
		return VMS_KIND_PFNMAP;
	/*
	 * A private mapping of /dev/zero keeps its file but has no vm_ops
	 * (vma_set_anonymous()): anonymous memory, as smaps counts it, even
	 * though devtmpfs has tmpfs's magic.
	 */
	if (in->has_file && !in->anonymous) {
		if (in->vm_flags & (VM_IO | VM_MIXEDMAP))
			return VMS_KIND_OTHER;
		return in->tmpfs ? VMS_KIND_SHMEM : VMS_KIND_FILE;
	}
	if (!in->anonymous)
		return VMS_KIND_OTHER;
	if (in->has_file)
		return VMS_KIND_ANON;
	if (in->heap)
		return VMS_KIND_HEAP;
	if (in->stack)
		return VMS_KIND_STACK;
	return VMS_KIND_ANON;
}

/**
 * vms_entry_init() - an entry for [addr, end) with nothing but its state
 * @e: the entry
 * @f: facts of its VMA, whose type it takes
 * @addr: first address
 * @end: address past the last page
 * @state: enum vms_state
 * @map: enum vms_map
 */
void vms_entry_init(struct vms_entry *e, const struct vms_vma_facts *f,
		    unsigned long addr, unsigned long end, u8 state, u8 map)
{
	memset(e, 0, sizeof(*e));
	e->addr = addr;
	e->nr = (end - addr) >> PAGE_SHIFT;
	e->state = state;
	e->type = f->type;
	e->map = map;
	e->node = -1;
}

/**
 * vms_entry_set_folio() - describe a present page of a folio
 * @e: the entry
 * @folio: the folio
 * @pfn: the entry's first frame
 *
 * The backing type follows the folio, as smaps splits Rss: anonymous
 * (KSM included), swap-backed (shmem), else page cache.
 */
void vms_entry_set_folio(struct vms_entry *e, struct folio *folio,
			 unsigned long pfn)
{
	e->state = VMS_STATE_PRESENT;
	e->pfn = pfn;
	e->node = folio_nid(folio);
	e->order = folio_order(folio);
	if (folio_test_anon(folio))
		e->type = VMS_TYPE_ANON;
	else if (folio_test_swapbacked(folio))
		e->type = VMS_TYPE_SHMEM;
	else
		e->type = VMS_TYPE_FILE;
	e->ksm = folio_test_ksm(folio);
}

static bool vms_folio_young(struct folio *folio)
{
	return folio_test_young(folio) || folio_test_referenced(folio);
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
 * sharing and runs; NULL otherwise.
 */
struct page *vms_classify_pte(pte_t pte, const struct vms_vma_facts *f,
			      unsigned long addr, struct vms_entry *e)
{
	struct folio *folio;
	struct page *page;
	unsigned long pfn;

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
	vms_entry_set_folio(e, folio, pfn);
	e->dirty = pte_dirty(pte) || folio_test_dirty(folio);
	e->young = pte_young(pte) || vms_folio_young(folio);
	e->softdirty = pte_soft_dirty(pte) || f->softdirty;
	return page;
}

/**
 * vms_classify_pmd() - describe a PMD leaf for [addr, end)
 * @pmd: the entry's value, read under the pmd lock; a transparent huge
 *	 or devmap pmd
 * @f: facts of its VMA
 * @addr: the first address within the PMD that is reported
 * @end: the address past the last one
 * @e: filled in
 *
 * DAX (devmap), special (huge PFN maps, 6.12), non-present (migration)
 * pmds and the leaves of PFN maps are "other". A PMD-mapped
 * folio in an anonymous VMA that belongs to no mapping is the huge zero
 * page (huge_zero_folio is not exported): "zero".
 *
 * Context: under the pmd lock (or on a synthesized value).
 * Return: the folio's first page for a present THP, for the caller's
 * sharing and runs (pages from @e->pfn); NULL otherwise.
 */
struct page *vms_classify_pmd(pmd_t pmd, const struct vms_vma_facts *f,
			      unsigned long addr, unsigned long end,
			      struct vms_entry *e)
{
	unsigned long first = (addr & ~PMD_MASK) >> PAGE_SHIFT;
	struct folio *folio;
	struct page *page;

	vms_entry_init(e, f, addr, end, VMS_STATE_OTHER, VMS_MAP_PMD);
	if (!pmd_present(pmd) || pmd_devmap(pmd) || vms_pmd_special(pmd))
		return NULL;
	/*
	 * As vm_normal_page_pmd(): a PFN map's leaves are never looked
	 * behind (a BAR has no memmap), a mixed map's only where the frame
	 * has a struct page.
	 */
	if (f->pfnmap && (f->pfnmap_only || !pfn_valid(pmd_pfn(pmd))))
		return NULL;
	page = pmd_page(pmd);
	folio = page_folio(page);
	if (vms_is_huge_zero_folio(f->anonymous, folio)) {
		e->state = VMS_STATE_ZERO;
		e->pfn = pmd_pfn(pmd) + first;
		e->node = folio_nid(folio);
		e->order = folio_order(folio);
		return NULL;
	}
	vms_entry_set_folio(e, folio, pmd_pfn(pmd) + first);
	e->dirty = pmd_dirty(pmd) || folio_test_dirty(folio);
	e->young = pmd_young(pmd) || vms_folio_young(folio);
	e->softdirty = pmd_soft_dirty(pmd) || f->softdirty;
	return page;
}

/**
 * vms_share_count() - the mapcount smaps divides a page's PSS by
 * @folio: the page's folio
 * @page: the page
 *
 * A folio held by a single reference is mapped exactly once (smaps'
 * shortcut); otherwise the page's mapcount as smaps reads it.
 *
 * Return: the count, 1 for a private page.
 */
unsigned int vms_share_count(struct folio *folio, struct page *page)
{
	if (folio_ref_count(folio) == 1)
		return 1;
	return vms_page_mapcount(folio, page);
}
