/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between supported kernels lives here. The VMS_HAVE_*
 * macros come from vmscope_config.h, which scripts/probe-features writes
 * by compiling module/probes/ against the target tree: the tree decides,
 * not its version number.
 */
#ifndef VMSCOPE_COMPAT_H
#define VMSCOPE_COMPAT_H

#include <linux/fs.h>
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/page_idle.h>
#include <linux/mm_types.h>
#include <linux/pkeys.h>
#include "vmscope_config.h"

/*
 * Functions that are static in the module and visible to the KUnit
 * module built with it (kunit/visibility.h, 6.2; KUnit runs only on the
 * debug kernel, and stock Debian kernels have CONFIG_KUNIT off).
 */
#if IS_ENABLED(CONFIG_KUNIT)
#include <kunit/visibility.h>
#else
#define VISIBLE_IF_KUNIT static
#endif

#ifdef CONFIG_X86_VSYSCALL_EMULATION
#include <asm/pgtable.h>
#include <asm/vsyscall.h>
#endif

/* 6.8 added file_user_inode()/file_user_path() for overlayfs backing files. */
static inline const struct inode *vms_file_user_inode(struct file *file)
{
#ifdef VMS_HAVE_FILE_USER_INODE
	return file_user_inode(file);
#else
	return file_inode(file);
#endif
}

static inline const struct path *vms_file_user_path(struct file *file)
{
#ifdef VMS_HAVE_FILE_USER_PATH
	return file_user_path(file);
#else
	return &file->f_path;
#endif
}

/*
 * The initial heap and stack as /proc/PID/maps names them. 6.6 added
 * helpers with strict heap bounds; 6.1's maps used inclusive ones.
 */
static inline bool vms_vma_is_initial_heap(struct vm_area_struct *vma)
{
#ifdef VMS_HAVE_VMA_IS_INITIAL_HEAP
	return vma_is_initial_heap(vma);
#else
	return vma->vm_start <= vma->vm_mm->brk &&
	       vma->vm_end >= vma->vm_mm->start_brk;
#endif
}

static inline bool vms_vma_is_initial_stack(struct vm_area_struct *vma)
{
#ifdef VMS_HAVE_VMA_IS_INITIAL_HEAP
	return vma_is_initial_stack(vma);
#else
	return vma->vm_start <= vma->vm_mm->start_stack &&
	       vma->vm_end >= vma->vm_mm->start_stack;
#endif
}

/*
 * The name user space gave a VMA with prctl(PR_SET_VMA_ANON_NAME), or
 * NULL. anon_vma_name() is not exported; under mmap_lock the field is
 * stable. Before 6.2 the field shares a union with vma->shared and only
 * means something for file-less VMAs.
 */
static inline const char *vms_vma_anon_name(struct vm_area_struct *vma)
{
#ifdef CONFIG_ANON_VMA_NAME
#ifndef VMS_HAVE_ANON_SHMEM_NAME
	if (vma->vm_file)
		return NULL;
#endif
	return vma->anon_name ? vma->anon_name->name : NULL;
#else
	return NULL;
#endif
}

/*
 * The mapcount of a page of a small folio (the caller knows it is not
 * large, from the folio's flags): its _mapcount, as page_mapcount() finds
 * after testing PageCompound() on 6.1, and as 6.12's rebuilt
 * folio_precise_page_mapcount() (vms_page_mapcount() below) begins, with
 * a page type read as 0.
 */
static inline unsigned int vms_small_mapcount(struct page *page)
{
	int mapcount = atomic_read(&page->_mapcount) + 1;

#ifdef VMS_HAVE_PAGE_MAPCOUNT_IS_TYPE
	if (page_mapcount_is_type(mapcount))
		mapcount = 0;
#endif
	return max(mapcount, 0);
}

/*
 * The mapcount of one page as smaps reads it. 6.1: page_mapcount(), whose
 * compound part (__page_mapcount()) is exported there. 6.12 removed it;
 * smaps uses folio_precise_page_mapcount() from fs/proc/internal.h, which
 * modules cannot include: rebuilt here.
 */
static inline unsigned int vms_page_mapcount(struct folio *folio,
					     struct page *page)
{
#ifdef VMS_HAVE_EXPORT_PAGE_MAPCOUNT
	return max(page_mapcount(page), 0);
#else
	/* the page's own mappings, then those of the whole folio */
	unsigned int mapcount = vms_small_mapcount(page);

	if (folio_test_large(folio))
		mapcount += max(folio_entire_mapcount(folio), 0);
	return mapcount;
#endif
}

/*
 * vms_page_mapcount() of a page of a large folio that is not hugetlb (a
 * THP or an mTHP, mapped by a PMD or by PTEs). 6.1: __page_mapcount() of
 * a page of a file (shmem or page cache) THP returns the page's own
 * _mapcount + 1 at once, as page_add_file_rmap() raises every page's for a
 * PMD mapping too: read here without a call per page (a shared leaf is
 * 512 of them), as for a small folio. Anonymous THPs, whose PMD mappings
 * are counted in the folio, ask __page_mapcount().
 */
static inline unsigned int vms_thp_page_mapcount(struct folio *folio,
						 struct page *page)
{
#ifdef VMS_HAVE_EXPORT_PAGE_MAPCOUNT
	if (!folio_test_anon(folio))
		return vms_small_mapcount(page);
#endif
	return vms_page_mapcount(folio, page);
}

/*
 * Whether smaps counts a present hugetlb page as Shared_Hugetlb rather
 * than Private_Hugetlb (smaps_hugetlb_range()): mapped more than once, or
 * through a PMD table shared with other processes (hugetlb_pmd_shared(),
 * inline on both). 6.12 asks folio_likely_mapped_shared(), which for a
 * hugetlb folio is folio_mapcount() > 1; 6.1 asks page_mapcount() >= 2 of
 * the head page @page (exported there as __page_mapcount()).
 */
static inline bool vms_hugetlb_mapped_shared(struct folio *folio,
					     struct page *page, pte_t *ptep)
{
#ifdef VMS_HAVE_FOLIO_LIKELY_MAPPED_SHARED
	if (folio_likely_mapped_shared(folio))
		return true;
#else
	if (vms_page_mapcount(folio, page) >= 2)
		return true;
#endif
	return hugetlb_pmd_shared(ptep);
}

/*
 * smaps names VM_LOCKONFAULT "lf" from 6.2 on (commit 8614d6c5eda0); 6.1
 * prints "??" for it, and Debian's 6.1 has not taken the change. No
 * header tells: the name lives in fs/proc/task_mmu.c's table, which no
 * header tree ships. vm_flags_set() (6.3) stands in as the mark of a
 * later kernel: absent from every 6.1, present on 6.12 (a 6.2 kernel
 * would print "??" here). The guest suite compares vmflags with smaps on
 * each kernel, which would show a backport either way.
 */
#ifdef VMS_HAVE_VM_FLAGS_SET
#define VMS_SMAPS_NAMES_LOCKONFAULT
#endif

/*
 * smaps' MMUPageSize, vma_mmu_pagesize(): not exported; a __weak function
 * whose default, vma_kernel_pagesize(), only powerpc overrides.
 */
static inline unsigned long vms_vma_mmu_pagesize(struct vm_area_struct *vma)
{
	return vma_kernel_pagesize(vma);
}

/*
 * smaps prints ProtectionKey (vma_pkey()) only where the CPU has
 * protection keys enabled. Both helpers are inline (<asm/pkeys.h>).
 */
static inline bool vms_pkeys_shown(void)
{
	return arch_pkeys_enabled();
}

/*
 * 6.12 maps device memory with huge PFN-map pmds (insert_pfn_pmd() with
 * pmd_mkspecial(); vfio-pci's huge_fault), which x86's pmd_trans_huge()
 * accepts. Kernels without pmd_special() have no such entries.
 */
static inline bool vms_pmd_special(pmd_t pmd)
{
#ifdef VMS_HAVE_PMD_SPECIAL
	return pmd_special(pmd);
#else
	return false;
#endif
}

/*
 * huge_zero_folio/huge_zero_pfn are not exported. A PMD-mapped folio in an
 * anonymous VMA that belongs to no mapping (anonymous folios carry their
 * anon_vma there) can only be the huge zero page.
 */
static inline bool vms_is_huge_zero_folio(bool anonymous_vma,
					  struct folio *folio)
{
	return anonymous_vma && !READ_ONCE(folio->mapping);
}

/*
 * The vsyscall gate VMA is outside the VMA tree and get_gate_vma() is not
 * exported. In vsyscall=emulate mode the page is mapped user-readable in
 * the kernel's fixmap, which lookup_address() can see; that is reported.
 * In xonly mode nothing observable distinguishes it from vsyscall=none
 * (Debian's default), so the gate page is not reported there.
 */
static inline bool vms_gate_area(struct mm_struct *mm, unsigned long *start,
				 char perms[5])
{
#ifdef CONFIG_X86_VSYSCALL_EMULATION
	unsigned int level;
	pte_t *pte;

#ifdef CONFIG_COMPAT
#ifdef VMS_HAVE_MM_CONTEXT_FLAG_BITNR
	if (!test_bit(MM_CONTEXT_HAS_VSYSCALL, &mm->context.flags))
		return false;
#else
	if (!(mm->context.flags & MM_CONTEXT_HAS_VSYSCALL))
		return false;
#endif
#endif
	pte = lookup_address(VSYSCALL_ADDR, &level);
	if (!pte || level != PG_LEVEL_4K || !pte_present(*pte) ||
	    !(pte_flags(*pte) & _PAGE_USER))
		return false;
	*start = VSYSCALL_ADDR;
	memcpy(perms, "r-xp", 5);
	return true;
#else
	return false;
#endif
}

/* A tree with pmd_special() (6.12) has pte_free_defer(): no failed probe. */
#if defined(VMS_HAVE_PMD_SPECIAL) && !defined(VMS_HAVE_PTE_FREE_DEFER)
#error "pte_free_defer() not found on a tree that frees PTE tables by RCU"
#endif

/*
 * The read-side section a PTE table is read in, from the pmd read that
 * chose it to the pmd_same() check under its lock. Since 6.5 a PTE table
 * may be freed through RCU without mmap_lock (pte_free_defer(), by
 * khugepaged): an RCU read-side section, as __pte_offset_map() enters.
 * Before, freeing one took mmap_lock for writing, which the walker's read
 * hold excludes, and the kernel's own walker took no section: nor does
 * this one (on preemptible RCU, two calls per table).
 */
static inline void vms_pte_table_enter(void)
	__acquires(RCU)
{
#ifdef VMS_HAVE_PTE_FREE_DEFER
	rcu_read_lock();
#else
	__acquire(RCU);
#endif
}

static inline void vms_pte_table_leave(void)
	__releases(RCU)
{
#ifdef VMS_HAVE_PTE_FREE_DEFER
	rcu_read_unlock();
#else
	__release(RCU);
#endif
}

#endif /* VMSCOPE_COMPAT_H */
