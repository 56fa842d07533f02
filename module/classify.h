/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classification (classify.c): what a VMA is, and what one page-table
 * entry maps, from plain inputs.
 */
#ifndef VMSCOPE_CLASSIFY_H
#define VMSCOPE_CLASSIFY_H

#include <linux/pgtable.h>
#include <linux/types.h>
#include <vmscope/format.h>
#include "account.h"

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
void vms_entry_init(struct vms_entry *e, const struct vms_vma_facts *f,
		    unsigned long addr, unsigned long end, u8 state, u8 map);
void vms_entry_set_folio(struct vms_entry *e, struct folio *folio,
			 unsigned long pfn);
struct page *vms_classify_pte(pte_t pte, const struct vms_vma_facts *f,
			      unsigned long addr, struct vms_entry *e);
struct page *vms_classify_pmd(pmd_t pmd, const struct vms_vma_facts *f,
			      unsigned long addr, unsigned long end,
			      struct vms_entry *e);
unsigned int vms_share_count(struct folio *folio, struct page *page);
void vms_perms(unsigned long vm_flags, char perms[5]);

#endif /* VMSCOPE_CLASSIFY_H */
