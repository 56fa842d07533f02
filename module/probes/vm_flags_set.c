// SPDX-License-Identifier: GPL-2.0
/*
 * vm_flags_set(), 6.3: vm_flags became const behind wrappers. Stands for
 * "6.2 or later" where no header tells (compat.h: VmFlags "lf").
 */
#include <linux/mm.h>

void vms_probe(struct vm_area_struct *vma);
void vms_probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_LOCKONFAULT);
}
