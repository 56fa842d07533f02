// SPDX-License-Identifier: GPL-2.0
/* vma_is_initial_heap(), 6.6; its bounds are strict, 6.1's maps are not. */
#include <linux/mm.h>

bool vms_probe(const struct vm_area_struct *vma);
bool vms_probe(const struct vm_area_struct *vma)
{
	return vma_is_initial_heap(vma) || vma_is_initial_stack(vma);
}
