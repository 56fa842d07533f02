/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Targets (target.c): a pid pinned to a task and its mm, and whether the
 * caller may look at it.
 */
#ifndef VMSCOPE_TARGET_H
#define VMSCOPE_TARGET_H

#include <linux/types.h>

struct file;
struct pid;
struct task_struct;
struct mm_struct;

/**
 * struct vms_target - a pinned process to walk
 * @task: the task (reference held)
 * @mm: its address space (mm_users reference held, or only mm_count when
 *	@parked)
 * @parked: between two reads: see vms_target_park()
 */
struct vms_target {
	struct task_struct *task;
	struct mm_struct *mm;
	bool parked;
};

int vms_target_get(struct pid *pid, const struct file *opener,
		   struct vms_target *t);
void vms_target_park(struct vms_target *t);
int vms_target_resume(struct vms_target *t);
bool vms_may_see_pfns(const struct file *opener, bool asked);
int vms_target_check(struct vms_target *t, const struct file *opener);
void vms_target_put(struct vms_target *t);
int vms_pid_lookup(pid_t nr, const struct file *opener, struct pid **pidp,
		   struct vms_target *t);

#endif /* VMSCOPE_TARGET_H */
