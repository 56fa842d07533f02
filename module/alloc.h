/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the module allocates on behalf of a reader.
 */
#ifndef VMSCOPE_ALLOC_H
#define VMSCOPE_ALLOC_H

#include <linux/gfp.h>

/*
 * Allocations a reader causes: charged to its memory cgroup, and silent
 * when they fail, since any reader can make them fail at will (each
 * failure reaches it as -ENOMEM).
 */
#define VMS_GFP		(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)

#endif /* VMSCOPE_ALLOC_H */
