// SPDX-License-Identifier: GPL-2.0
/* 6.4 turned MM_CONTEXT_* from masks into bit numbers for test_bit(). */
#include <linux/build_bug.h>
#include <asm/mmu.h>

void vms_probe(void);
void vms_probe(void)
{
	BUILD_BUG_ON(MM_CONTEXT_HAS_VSYSCALL != 1);
}
