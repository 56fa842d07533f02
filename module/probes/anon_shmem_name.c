// SPDX-License-Identifier: GPL-2.0
/*
 * 6.2 moved vma->anon_name out of the union with vma->shared so that
 * shmem mappings can be named ("[anon_shmem:NAME]"); before, anon_name
 * is only meaningful for file-less VMAs. Fails to build without
 * CONFIG_ANON_VMA_NAME, which is what we want.
 */
#include <linux/build_bug.h>
#include <linux/mm_types.h>
#include <linux/stddef.h>

void vms_probe(void);
void vms_probe(void)
{
	BUILD_BUG_ON(offsetof(struct vm_area_struct, anon_name) ==
		     offsetof(struct vm_area_struct, shared));
}
