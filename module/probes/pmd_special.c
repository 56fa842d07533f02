// SPDX-License-Identifier: GPL-2.0
/* pmd_special(), 6.12: huge PFN-map pmds (ARCH_SUPPORTS_PMD_PFNMAP). */
#include <linux/mm.h>

bool vms_probe(pmd_t pmd);
bool vms_probe(pmd_t pmd)
{
	return pmd_special(pmd);
}
