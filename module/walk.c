// SPDX-License-Identifier: GPL-2.0
/*
 * The walker: every VMA of an mm, in address order, under mmap_lock held
 * for read, yielding the lock when a writer waits or after a bounded
 * amount of work and resuming by address.
 *
 * Locking contract of vms_walk_mm(): the caller holds an mm_users
 * reference (get_task_mm()), which keeps exit_mmap() from tearing the
 * page tables down, and no lock. The walker takes mmap_read_lock and drops
 * it only between VMAs, never keeping a vma pointer across an unlock.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include "compat.h"
#include "vmscope.h"

/* Gather what classify.c needs to know about @vma. */
static void vms_kind_facts(struct vm_area_struct *vma, const char *special,
			   struct vms_kind_input *in)
{
	struct file *file = vma->vm_file;

	in->vm_flags = vma->vm_flags;
	in->anonymous = vma_is_anonymous(vma);
	in->has_file = file;
	/* shmem_mapping() is not exported on 6.1; tmpfs is shmem's fs. */
	in->tmpfs = file && file_inode(file)->i_sb->s_magic == TMPFS_MAGIC;
	in->heap = !file && vms_vma_is_initial_heap(vma);
	in->stack = !file && vms_vma_is_initial_stack(vma);
	in->special = special;
}

/*
 * Fill @id with @vma's identity as /proc/PID/maps shows it. The name may
 * point into w->pathbuf or to a string owned by the vma, so it is only
 * valid until the lock is dropped.
 */
static void vms_vma_identity(struct vms_walk *w, struct vm_area_struct *vma,
			     unsigned long start, struct vms_vma_id *id)
{
	struct vms_kind_input in;
	const char *special = NULL;
	struct file *file = vma->vm_file;

	id->start = start;
	id->end = vma->vm_end;
	id->clipped = start != vma->vm_start;
	vms_perms(vma->vm_flags, id->perms);
	id->offset = 0;
	id->dev_major = 0;
	id->dev_minor = 0;
	id->inode = 0;
	id->name = "";
	id->name_len = 0;

	if (file) {
		const struct inode *inode = vms_file_user_inode(file);
		const char *anon_shmem = vms_vma_anon_name(vma);
		char *p;

		id->dev_major = MAJOR(inode->i_sb->s_dev);
		id->dev_minor = MINOR(inode->i_sb->s_dev);
		id->inode = inode->i_ino;
		id->offset = ((unsigned long long)vma->vm_pgoff << PAGE_SHIFT) +
			     (start - vma->vm_start);
		if (anon_shmem) {
			snprintf(w->pathbuf, PATH_MAX, "[anon_shmem:%s]",
				 anon_shmem);
			p = w->pathbuf;
		} else {
			p = d_path(vms_file_user_path(file), w->pathbuf,
				   PATH_MAX);
			/* maps prints nothing for a path it cannot build */
			if (IS_ERR(p))
				p = NULL;
		}
		if (p) {
			id->name = p;
			id->name_len = strlen(p);
		}
	} else {
		const char *anon;

		if (vma->vm_ops && vma->vm_ops->name)
			special = vma->vm_ops->name(vma);
		anon = special ? NULL : vms_vma_anon_name(vma);
		if (special) {
			id->name = special;
		} else if (vms_vma_is_initial_heap(vma)) {
			id->name = "[heap]";
		} else if (vms_vma_is_initial_stack(vma)) {
			id->name = "[stack]";
		} else if (anon) {
			snprintf(w->pathbuf, PATH_MAX, "[anon:%s]", anon);
			id->name = w->pathbuf;
		}
		id->name_len = strlen(id->name);
	}

	vms_kind_facts(vma, special, &in);
	id->kind = vms_classify_vma(&in);
}

/*
 * Account and render @vma from @start: its vm_start, or above it when the
 * VMA changed during a lock yield so that it now begins below the address
 * the walk had already reported up to.
 */
static void vms_visit_vma(struct vms_walk *w, struct vm_area_struct *vma,
			  unsigned long start)
{
	struct vms_counts c = { .vsz = vma->vm_end - start };
	struct vms_vma_id id;

	if (start != vma->vm_start)
		atomic64_inc(&vms_stats.clipped);
	w->vmas++;
	w->total.vsz += c.vsz;
	atomic64_inc(&vms_stats.vmas);
	if (!(w->req->sections & VMS_SECT_VMAS))
		return;
	vms_vma_identity(w, vma, start, &id);
	vms_render_vma(w->body, &id, &c);
}

/* The vsyscall gate is not in the VMA tree; maps lists it last. */
static void vms_visit_gate(struct vms_walk *w)
{
	struct vms_counts c = { .vsz = PAGE_SIZE };
	struct vms_vma_id id = {
		.kind = VMS_KIND_VSYSCALL,
		.name = "[vsyscall]",
		.name_len = sizeof("[vsyscall]") - 1,
	};

	if (!vms_gate_area(w->mm, &id.start, id.perms))
		return;
	id.end = id.start + PAGE_SIZE;
	w->vmas++;
	w->total.vsz += c.vsz;
	if (w->req->sections & VMS_SECT_VMAS)
		vms_render_vma(w->body, &id, &c);
}

/*
 * Drop and retake mmap_lock if someone waits for it, if we should
 * reschedule, or if @work reached the budget. Return 0 or -EINTR.
 */
static int vms_maybe_yield(struct vms_walk *w, unsigned int *work)
{
	if (*work < vms_yield_vmas && !mmap_lock_is_contended(w->mm) &&
	    !need_resched())
		return 0;
	*work = 0;
	mmap_read_unlock(w->mm);
	atomic64_inc(&vms_stats.yields);
	cond_resched();
	if (fatal_signal_pending(current))
		return -EINTR;
	return mmap_read_lock_killable(w->mm);
}

/**
 * vms_walk_mm() - visit every VMA of w->mm and render its record
 * @w: the walk; @w->mm pinned by the caller, nothing locked
 *
 * After a yield the walk resumes at the first VMA ending above the last
 * address visited, so no address is reported twice and no range that
 * existed throughout the walk is skipped. A VMA that now begins below
 * that address (it grew or merged while the lock was dropped) is reported
 * from that address on, marked clipped.
 *
 * Context: process context; takes and releases mmap_lock for read.
 * Return: 0, -EINTR on a fatal signal, or -ENOMEM if the output buffer
 * could not grow.
 */
int vms_walk_mm(struct vms_walk *w)
{
	struct vm_area_struct *vma;
	unsigned long addr = 0;
	unsigned int work = 0;
	int err;

	err = mmap_read_lock_killable(w->mm);
	if (err)
		return err;
	while ((vma = find_vma(w->mm, addr)) != NULL) {
		vms_visit_vma(w, vma, max(vma->vm_start, addr));
		addr = vma->vm_end;
		if (w->body->err)
			break;
		work++;
		err = vms_maybe_yield(w, &work);
		if (err)
			return err;	/* the lock is not held */
	}
	if (!w->body->err)
		vms_visit_gate(w);
	mmap_read_unlock(w->mm);
	return w->body->err;
}
