// SPDX-License-Identifier: GPL-2.0
/*
 * pte_free_defer(), 6.5: a PTE table may be freed through RCU without
 * mmap_lock (khugepaged's retract_page_tables()).
 */
#include <linux/mm.h>

void vms_probe(struct mm_struct *mm, pgtable_t pgtable);
void vms_probe(struct mm_struct *mm, pgtable_t pgtable)
{
	pte_free_defer(mm, pgtable);
}
