/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The walker (walk.c): every VMA and page-table entry of an mm, handed
 * as records to a sink (sink.h). struct vms_walk is the walker's own.
 */
#ifndef VMSCOPE_WALK_H
#define VMSCOPE_WALK_H

#include <linux/types.h>
#include "account.h"

struct mm_struct;
struct vm_area_struct;
struct vms_policy;
struct vms_request;
struct vms_sink;
struct vms_walk;

/**
 * struct vms_walk_sums - what a walk has added up so far
 * @total: the sums of the VMA records handed to the sink
 * @vmas: VMAs walked (also when their records were not asked for)
 * @exts: extents handed to the sink
 * @held_ns: the time the walk held mmap_lock, by the scheduler's clock
 *	     (local_clock(): per CPU, so a hold over which the walk moved to
 *	     a CPU whose clock is behind counts as 0)
 */
struct vms_walk_sums {
	struct vms_counts total;
	unsigned long vmas;
	unsigned long exts;
	u64 held_ns;
};

struct vms_walk *vms_walk_new(struct mm_struct *mm,
			      const struct vms_request *req,
			      struct vms_sink *sink);
void vms_walk_free(struct vms_walk *w);
int vms_walk_more(struct vms_walk *w);
bool vms_walk_done(const struct vms_walk *w);
void vms_walk_set_task_policy(struct vms_walk *w, const struct vms_policy *p);
const struct vms_walk_sums *vms_walk_sums(const struct vms_walk *w);
int vms_walk_mm(struct vms_walk *w);
void vms_walk_exit(void);
#if IS_ENABLED(CONFIG_KUNIT)
extern unsigned int vms_yield_budget;
int vms_walk_vma(struct vms_walk *w, struct vm_area_struct **vmap,
		 unsigned long start, bool no_yield);
#endif

#endif /* VMSCOPE_WALK_H */
