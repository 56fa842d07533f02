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

/*
 * smaps' VmFlags mnemonics (show_smap_vma_flags()), under the same
 * conditions as there. The kernel builds a table indexed by bit with
 * designated initializers, so a later entry for the same bit wins: this
 * table is searched from its end. An empty name is a flag smaps does not
 * print (the protection key bits, which come out as ProtectionKey).
 */
static const struct {
	unsigned long flag;
	char name[3];
} vms_vmflag_table[] = {
	{ VM_READ, "rd" },
	{ VM_WRITE, "wr" },
	{ VM_EXEC, "ex" },
	{ VM_SHARED, "sh" },
	{ VM_MAYREAD, "mr" },
	{ VM_MAYWRITE, "mw" },
	{ VM_MAYEXEC, "me" },
	{ VM_MAYSHARE, "ms" },
	{ VM_GROWSDOWN, "gd" },
	{ VM_PFNMAP, "pf" },
	{ VM_LOCKED, "lo" },
	{ VM_IO, "io" },
	{ VM_SEQ_READ, "sr" },
	{ VM_RAND_READ, "rr" },
	{ VM_DONTCOPY, "dc" },
	{ VM_DONTEXPAND, "de" },
#ifdef VMS_SMAPS_NAMES_LOCKONFAULT
	{ VM_LOCKONFAULT, "lf" },
#endif
	{ VM_ACCOUNT, "ac" },
	{ VM_NORESERVE, "nr" },
	{ VM_HUGETLB, "ht" },
	{ VM_SYNC, "sf" },
	{ VM_ARCH_1, "ar" },
	{ VM_WIPEONFORK, "wf" },
	{ VM_DONTDUMP, "dd" },
#ifdef CONFIG_ARM64_BTI
	{ VM_ARM64_BTI, "bt" },
#endif
#ifdef CONFIG_MEM_SOFT_DIRTY
	{ VM_SOFTDIRTY, "sd" },
#endif
	{ VM_MIXEDMAP, "mm" },
	{ VM_HUGEPAGE, "hg" },
	{ VM_NOHUGEPAGE, "nh" },
	{ VM_MERGEABLE, "mg" },
	{ VM_UFFD_MISSING, "um" },
	{ VM_UFFD_WP, "uw" },
#ifdef CONFIG_ARM64_MTE
	{ VM_MTE, "mt" },
	{ VM_MTE_ALLOWED, "" },
#endif
#ifdef CONFIG_ARCH_HAS_PKEYS
	{ VM_PKEY_BIT0, "" },
	{ VM_PKEY_BIT1, "" },
	{ VM_PKEY_BIT2, "" },
#if VM_PKEY_BIT3
	{ VM_PKEY_BIT3, "" },
#endif
#if VM_PKEY_BIT4
	{ VM_PKEY_BIT4, "" },
#endif
#endif
#ifdef CONFIG_HAVE_ARCH_USERFAULTFD_MINOR
	{ VM_UFFD_MINOR, "ui" },
#endif
#ifdef CONFIG_X86_USER_SHADOW_STACK
	{ VM_SHADOW_STACK, "ss" },
#endif
	/* 6.11 and 6.10: the flags exist only from there on. */
#if defined(VM_DROPPABLE) && (defined(CONFIG_64BIT) || defined(CONFIG_PPC32))
	{ VM_DROPPABLE, "dp" },
#endif
#if defined(VM_SEALED) && defined(CONFIG_64BIT)
	{ VM_SEALED, "sl" },
#endif
};

/**
 * vms_vmflag_name() - smaps' VmFlags name of one bit of vm_flags
 * @bit: the bit, below BITS_PER_LONG
 *
 * Return: the two-letter name, "??" for a bit smaps has no name for, or
 * "" for a bit smaps does not print.
 */
const char *vms_vmflag_name(unsigned int bit)
{
	size_t i = ARRAY_SIZE(vms_vmflag_table);

	while (i--)
		if (vms_vmflag_table[i].flag == BIT(bit))
			return vms_vmflag_table[i].name;
	return "??";
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
	vms_entry_set_key(e, vms_mapped_key(folio, f, pmd_dirty(pmd),
					    pmd_young(pmd),
					    pmd_soft_dirty(pmd)));
	e->pfn = pmd_pfn(pmd) + first;
	e->node = folio_nid(folio);
	return page;
}
