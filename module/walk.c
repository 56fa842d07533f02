// SPDX-License-Identifier: GPL-2.0
/*
 * The walker: every VMA of an mm and every page-table entry of each, in
 * address order, in one pass per VMA. It hands each VMA's record, then
 * its extents, to a sink (sink.h) and knows nothing of the report's text.
 *
 * Locking contract of vms_walk_mm(): the caller holds an mm_users
 * reference (get_task_mm()), which keeps exit_mmap() from tearing the
 * page tables down, and no lock. The walker takes mmap_read_lock; under it
 * VMAs and upper page-table levels stay, but since 6.5 a PTE table can be
 * freed (through RCU) by khugepaged without the mmap lock, so each PTE
 * table is read, on those kernels, under rcu_read_lock()
 * (vms_pte_table_enter()), and on all under its PTE lock after checking
 * that the pmd still points to it (as __pte_offset_map_lock() does). PMD
 * leaves are read under the pmd lock, hugetlb entries under the huge PTE
 * lock, with the mapping's i_mmap_rwsem held for shared hugetlb mappings
 * so that no shared PMD table is unshared and freed meanwhile
 * (hugetlb_vma_lock_read() is not exported).
 *
 * The lock is dropped between steps (a PTE table, a run of PMD leaves, a
 * hugetlb entry, an empty upper-level range) when a writer waits, when the
 * CPU is wanted or after yield_budget entries, and the walk resumes by
 * address. A VMA
 * that changed meanwhile is walked again from its start, so each vma
 * record comes from one pass over an unchanged VMA.
 *
 * Nothing is written to the page tables or to struct pages: no fault, no
 * bit cleared, no reference taken. Entries without a struct page (PFN
 * maps, the zero page) are recognised from the entry alone.
 */
#include <linux/dcache.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/hugetlb.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/pagemap.h>
#include <linux/path.h>
#include <linux/pgtable.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/timekeeping.h>
#include <linux/xarray.h>
#include "alloc.h"
#include "classify.h"
#include "compat.h"
#include "request.h"
#include "sink.h"
#include "stats.h"
#include "walk.h"

/*
 * Budget units between two looks for waiting writers, a pending signal or
 * a reschedule: small steps (holes, small VMAs, short runs of PMD leaves)
 * are looked after in groups, not one by one.
 */
#define VMS_CHECK_WORK	32

VISIBLE_IF_KUNIT unsigned int vms_yield_budget = 4096;
module_param_named(yield_budget, vms_yield_budget, uint, 0644);
MODULE_PARM_DESC(yield_budget,
		 "Page-table entries walked before mmap_lock is dropped once (default 4096)");

/* The longest wait, without mmap_lock, for the writers a yield was for. */
#define VMS_WRITER_WAIT_NS	NSEC_PER_MSEC
/* Restarts of one record before its VMA is walked without yielding. */
#define VMS_MAX_RESTARTS	16
/* Base pages of a shmem hole looked up in one step. */
#define VMS_HOLE_CHUNK		512

enum { VMS_PGT_PTE, VMS_PGT_PMD, VMS_PGT_PUD };

/**
 * struct vms_ext_pass - the second pass over a VMA that gives its extents
 * @active: a pass is under way
 * @addr: where it goes on
 * @end: the end of the VMA's record
 * @vm_flags: the VMA's flags
 * @pgoff_base: vm_pgoff - (vm_start >> PAGE_SHIFT), the same for every
 *		page of the mapping however it grows or merges
 * @has_file: the VMA maps a file
 * @sb: its file's super block, compared, never dereferenced
 * @ino: its file's inode number
 * @generation: its file's inode generation
 *
 * Nothing is referenced between reads: the file is told again by inode.
 */
struct vms_ext_pass {
	bool active;
	unsigned long addr;
	unsigned long end;
	unsigned long vm_flags;
	unsigned long pgoff_base;
	bool has_file;
	const void *sb;
	unsigned long ino;
	u32 generation;
};

/*
 * Extents held for the VMA being walked until its record is known: they
 * follow it in the report. A VMA with more gives its record from one pass
 * and its extents from a second, the extent pass, which hands them on
 * after every step. 2048 extents are 64 KiB here and at most 260 KiB of
 * text once rendered (an ext record is at most 130 bytes).
 */
#define VMS_HELD_EXTS	2048

/*
 * One walk, kept from one request to the next with the large buffers it
 * grew (held extents, path): a walk takes it when no other walk has it,
 * and otherwise allocates its own. A request then does not allocate and
 * zero (init_on_alloc) 68 KiB of buffers, most of what an almost empty
 * process costs, nor have the allocator zero its 2 KiB walk: a walk of a
 * constant size is cleared inline, several times faster where the
 * kernel's memset() stores a byte at a time (rep stosb; under an
 * emulator). A flag, not a mutex: a walk lives across read() calls.
 */
static atomic_t vms_spare_taken = ATOMIC_INIT(0);
static struct vms_walk *vms_spare_walk;

/**
 * struct vms_vma_walk - facts about the VMA being walked, read under the lock
 * @vma: the VMA; valid only while mmap_lock is held
 * @start: where its record begins (above vm_start when clipped)
 * @end: vm_end
 * @vm_flags: identity
 * @vm_file: identity; referenced while the VMA is walked
 * @f: what describing its entries needs (type, soft-dirty, shmem, ...)
 * @locked: VM_LOCKED
 * @hpage: page size of the VMA
 * @i_mmap: the mapping whose i_mmap_rwsem is held (shared hugetlb)
 * @no_yield: too many restarts: finish this VMA without dropping the lock
 */
struct vms_vma_walk {
	struct vm_area_struct *vma;
	unsigned long start;
	unsigned long end;
	unsigned long vm_flags;
	struct file *vm_file;
	struct vms_vma_facts f;
	bool locked;
	unsigned long hpage;
	struct address_space *i_mmap;
	bool no_yield;
};

/**
 * struct vms_walk - state of one walk over an mm
 * @mm: the address space, pinned by the caller
 * @req: what to report
 * @sink: where records go
 * @sums: per-task sums and record counts
 * @cur: the record of the VMA being walked, added to @sums.total once it
 *	 is finished; or the records of a batch of VMAs (vms_batchable())
 *	 and the one being walked
 * @batched: VMAs in @cur not yet added to @sums.total
 * @runs: contiguous-run state of the VMA being walked
 * @ext: the extent being built
 * @ext_open: @ext holds at least one entry
 * @ext_deferred: the VMA's extents overflowed @held: they come from the
 *		  extent pass @xp
 * @xp: the extent pass under way, if any
 * @held: closed extents not yet handed to the sink, VMS_HELD_EXTS of
 *	  them: the VMA's, until its record is known; in the extent pass,
 *	  one step's, handed on once page-table locks are dropped
 * @nheld: how many @held holds
 * @work: budget units used since the lock was last dropped
 * @work_checked: @work when vms_should_yield() last looked
 * @lock_gen: times mmap_lock was taken (a VMA iterator is valid within one)
 * @vmas_unstat: VMAs walked since the statistics were last added to
 * @batched_unstat: of those, the ones added up in a batch
 * @lock_ns: when mmap_lock was last taken (vms_clock())
 * @check_ns: when the walk last looked whether to yield
 * @hold_max_ns: the longest mmap_lock hold of this walk
 * @step_max_ns: the longest time between two such looks
 * @pmd_table: the PMD table that maps [@pmd_table_base, + PUD_SIZE), as
 *	       a step read it in mmap_lock hold @pmd_table_gen (@lock_gen
 *	       then; 0 when none is kept: vms_unlock() clears it, and a
 *	       walk that never took the lock, vms_walk_vma() called
 *	       directly, keeps none): a step within the same range and
 *	       hold goes there directly (vms_step()); valid only in that
 *	       hold
 * @pmd_table_base: see @pmd_table
 * @pmd_table_gen: see @pmd_table
 * @pgt_next: per level (PTE, PMD, PUD table), the address from which
 *	      tables have not been counted yet
 * @floor: the address the walk has reached
 * @restarts: times the VMA at @floor was walked again because it changed
 * @done: the whole address space was walked
 * @pathbuf: scratch space for file paths, PATH_MAX bytes (only when vma
 *	     records are asked for: names are nowhere else)
 * @spare: this is the spare walk, with its buffers (vms_spare_taken)
 * @task_policy: the task's memory policy, for VMAs without their own
 *		 (vms_walk_set_task_policy(); unknown until set)
 * @task_policy_text: its text (vms_policy_text()), written once for the
 *		      records of the VMAs without a policy of its own, when
 *		      vma records are asked for and the policy is not a
 *		      word (vms_policy_word())
 * @task_policy_len: the length of @task_policy_text; 0 if not written
 * @pol_buf: a VMA's own policy, read when its record is finished
 * @vw: the VMA being walked (vms_walk_vma(), vms_ext_pass()): kept here,
 *	not on the stack, so that each VMA does not zero it again
 * @node_bytes: the node arrays of @cur and of @sums.total, nr_node_ids
 *		each, in the walk's own allocation
 */
struct vms_walk {
	struct mm_struct *mm;
	const struct vms_request *req;
	struct vms_sink *sink;
	struct vms_walk_sums sums;
	struct vms_counts cur;
	unsigned int batched;
	struct vms_runs runs;
	struct vms_ext ext;
	bool ext_open;
	bool ext_deferred;
	struct vms_ext_pass xp;
	struct vms_ext *held;
	unsigned int nheld;
	unsigned long work;
	unsigned long work_checked;
	unsigned long lock_gen;
	unsigned long vmas_unstat;
	unsigned long batched_unstat;
	u64 lock_ns;
	u64 check_ns;
	u64 hold_max_ns;
	u64 step_max_ns;
	pmd_t *pmd_table;
	unsigned long pmd_table_base;
	unsigned long pmd_table_gen;
	unsigned long pgt_next[3];
	unsigned long floor;
	unsigned int restarts;
	bool done;
	char *pathbuf;
	bool spare;
	struct vms_policy task_policy;
	char task_policy_text[VMS_POLICY_TEXT_MAX];
	int task_policy_len;
	struct vms_policy pol_buf;
	struct vms_vma_walk vw;
	u64 node_bytes[];
};

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * Test kernels only (no production kernel has KUnit on): widen the window
 * between reading the pmd that chooses a shmem PTE table and locking the
 * table, so that the guest suite can show that the table cannot be freed
 * inside it (vmscope-harden collapse; walker.rst, "Locks, and why").
 */
static unsigned int vms_test_table_delay_ms;
module_param_named(test_table_delay_ms, vms_test_table_delay_ms, uint, 0600);
MODULE_PARM_DESC(test_table_delay_ms,
		 "Test kernels: busy-wait this long before locking a shmem PTE table or a PMD leaf (default 0)");

/* Between reading a PMD leaf and taking its lock (thpzap). */
static void vms_test_leaf_window(void)
{
	if (vms_test_table_delay_ms)
		mdelay(vms_test_table_delay_ms);
}

/* Between choosing a shmem PTE table and locking it (collapse). */
static void vms_test_window(const struct vms_vma_walk *v)
{
	if (v->f.type == VMS_TYPE_SHMEM)
		vms_test_leaf_window();
}
#else
static inline void vms_test_window(const struct vms_vma_walk *v) { }
static inline void vms_test_leaf_window(void) { }
#endif

/* ---- identity ----------------------------------------------------------- */

/*
 * shmem_mapping() is not exported on 6.1; tmpfs is shmem's fs, and
 * devtmpfs shares its magic: shmem is a regular file there.
 */
static bool vms_file_is_shmem(struct file *file)
{
	const struct inode *inode = file_inode(file);

	return inode->i_sb->s_magic == TMPFS_MAGIC && S_ISREG(inode->i_mode);
}

/* Gather what classify.c needs to know about @vma. */
static void vms_kind_facts(struct vm_area_struct *vma, const char *special,
			   struct vms_kind_input *in)
{
	struct file *file = vma->vm_file;

	in->vm_flags = vma->vm_flags;
	in->anonymous = vma_is_anonymous(vma);
	in->has_file = file;
	in->tmpfs = file && vms_file_is_shmem(file);
	in->heap = !file && vms_vma_is_initial_heap(vma);
	in->stack = !file && vms_vma_is_initial_stack(vma);
	in->special = special;
}

#ifdef CONFIG_NUMA
/*
 * The shared policy of a shmem file at the VMA's first page, copied under
 * the policy tree's lock (as mpol_shared_policy_lookup() reads it, but
 * without taking a reference: the copy is taken inside the lock). False
 * if there is none there.
 */
static bool vms_shared_policy(struct vm_area_struct *vma, struct vms_policy *p)
{
	struct shared_policy *sp = &SHMEM_I(file_inode(vma->vm_file))->policy;
	pgoff_t idx = vma->vm_pgoff;
	struct rb_node *n;
	bool found = false;

	if (!READ_ONCE(sp->root.rb_node))
		return false;
	read_lock(&sp->lock);
	for (n = sp->root.rb_node; n;) {
		struct sp_node *sn = rb_entry(n, struct sp_node, nd);

		if (idx >= sn->end) {
			n = n->rb_right;
		} else if (idx < sn->start) {
			n = n->rb_left;
		} else {
			vms_policy_copy(p, sn->policy);
			found = true;
			break;
		}
	}
	read_unlock(&sp->lock);
	return found;
}

/*
 * The policy numa_maps prints for @vma, at vm_start (__get_vma_policy()):
 * a shmem file's shared policy, else the VMA's own (mmap_lock, held,
 * keeps it: mbind() replaces it under the write lock), else the task's.
 * Another get_policy() (kernfs, KVM guest memory) returns a reference
 * that only the unexported __mpol_put() drops: no policy for those.
 * Returns the walk's copy of the task's policy, or @buf filled in.
 */
static const struct vms_policy *
vms_vma_policy_read(const struct vms_walk *w, struct vm_area_struct *vma,
		    struct vms_policy *buf)
{
	const struct mempolicy *pol = vma->vm_policy;

	buf->known = false;
	if (vma->vm_ops && vma->vm_ops->get_policy) {
		if (vma->vm_file && vms_file_is_shmem(vma->vm_file)) {
			if (vms_shared_policy(vma, buf))
				return buf;
			pol = NULL;	/* none there: the task's */
		} else if (!is_vm_hugetlb_page(vma)) {
			return buf;	/* SysV shm on hugetlbfs: its own */
		}
	}
	if (!pol)
		return &w->task_policy;
	vms_policy_copy(buf, pol);
	return buf;
}

/* Most VMAs have no policy of their own: the task's, without a call. */
static __always_inline const struct vms_policy *
vms_vma_policy(const struct vms_walk *w, struct vm_area_struct *vma,
	       struct vms_policy *buf)
{
	if (!vma->vm_policy && !(vma->vm_ops && vma->vm_ops->get_policy))
		return &w->task_policy;
	return vms_vma_policy_read(w, vma, buf);
}
#else
static const struct vms_policy *
vms_vma_policy(const struct vms_walk *w, struct vm_area_struct *vma,
	       struct vms_policy *buf)
{
	buf->known = false;
	return buf;
}
#endif

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
	id->vm_flags = vma->vm_flags;
	id->has_pkey = vms_pkeys_shown();
	id->pkey = id->has_pkey ? vma_pkey(vma) : 0;
	id->mmu_page = vms_vma_mmu_pagesize(vma);
	id->offset = 0;
	id->dev_major = 0;
	id->dev_minor = 0;
	id->inode = 0;
	id->name = "";
	id->name_len = 0;
	id->policy_text = NULL;
	id->policy_len = 0;

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

/* ---- entries -------------------------------------------------------------- */

static bool vms_with_pfn(const struct vms_walk *w)
{
	return w->req->options & VMS_OPT_PFN;
}

/*
 * vma records are asked for: only they carry runs= and numa_maps' page
 * states (active=, writeback=, swapcache=, mapmax=), which a summary does
 * not count page by page.
 */
static bool vms_with_vmas(const struct vms_walk *w)
{
	return w->req->sections & VMS_SECT_VMAS;
}

/*
 * Hold the extent just closed. Runs under page-table locks: nothing is
 * allocated or handed on here. In the record pass, a VMA with more
 * extents than w->held can take finishes its record without them and
 * gives them in a second pass (vms_ext_pass()). The extent pass hands
 * w->held on after every step, which always leaves room for one step's
 * (see vms_walk_new()).
 */
static void vms_hold(struct vms_walk *w)
{
	if (w->nheld < VMS_HELD_EXTS) {
		w->held[w->nheld++] = w->ext;
		return;
	}
	if (WARN_ON_ONCE(w->xp.active))
		return;
	w->ext_deferred = true;
	w->ext_open = false;
	w->nheld = 0;
}

/*
 * Account an entry and grow the current extent. Pure: runs under page
 * table locks, so a finished extent is held, not handed on.
 */
static void vms_emit(struct vms_walk *w, const struct vms_entry *e)
{
	vms_account_entry(&w->cur, e);
	if (!(w->req->sections & VMS_SECT_EXTENTS) || w->ext_deferred)
		return;
	if (w->ext_open && vms_ext_extend(&w->ext, e, vms_with_pfn(w)))
		return;
	if (w->ext_open) {
		vms_hold(w);
		if (w->ext_deferred)
			return;
	}
	vms_ext_start(&w->ext, e);
	w->ext_open = true;
}

/* Hand the held extents to the sink; outside page-table locks. */
static void vms_hand_exts(struct vms_walk *w)
{
	unsigned int i;

	for (i = 0; i < w->nheld; i++)
		w->sink->ops->ext(w->sink, &w->held[i]);
	w->sums.exts += w->nheld;
	w->nheld = 0;
}

/*
 * Is the sink full? Only vma and ext records go to it during the walk: a
 * walk that gives neither never fills it and need not ask.
 */
static bool vms_sink_full(struct vms_walk *w)
{
	return w->req->sections & (VMS_SECT_VMAS | VMS_SECT_EXTENTS) &&
	       w->sink->ops->full(w->sink);
}

static unsigned long vms_index_addr(const struct vms_vma_walk *v, pgoff_t idx)
{
	return v->f.vm_start + ((idx - v->f.vm_pgoff) << PAGE_SHIFT);
}

/*
 * [addr, end) has no entries in a shmem mapping with swapped-out pages:
 * the indexes whose page is in swap (a value entry in the mapping) count
 * as swap, as smaps counts them (shmem_partial_swap_usage()).
 */
static void vms_shmem_hole(struct vms_walk *w, struct vms_vma_walk *v,
			   unsigned long addr, unsigned long end)
{
	pgoff_t first = vms_facts_index(&v->f, addr);
	pgoff_t last = first + ((end - addr) >> PAGE_SHIFT) - 1;
	XA_STATE(xas, &v->f.shmem->i_pages, first);
	unsigned long pos = addr;
	struct vms_entry e;
	void *entry;

	rcu_read_lock();
	xas_for_each(&xas, entry, last) {
		pgoff_t lo, hi;

		if (xas_retry(&xas, entry) || !xa_is_value(entry))
			continue;
		/* A large swap entry covers several indexes. */
		lo = xas.xa_index & ~((1UL << xas_get_order(&xas)) - 1);
		hi = min(lo + (1UL << xas_get_order(&xas)) - 1, last);
		lo = max(lo, first);
		if (vms_index_addr(v, lo) > pos) {
			vms_entry_init(&e, &v->f, pos, vms_index_addr(v, lo),
				       VMS_STATE_NONE, VMS_MAP_PTE);
			vms_emit(w, &e);
		}
		pos = vms_index_addr(v, hi + 1);
		vms_entry_init(&e, &v->f, vms_index_addr(v, lo), pos,
			       VMS_STATE_SWAP, VMS_MAP_PTE);
		vms_emit(w, &e);
	}
	rcu_read_unlock();
	if (pos < end) {
		vms_entry_init(&e, &v->f, pos, end, VMS_STATE_NONE,
			       VMS_MAP_PTE);
		vms_emit(w, &e);
	}
}

/* No entry for [addr, end). Returns where the step ended. */
static unsigned long vms_hole(struct vms_walk *w, struct vms_vma_walk *v,
			      unsigned long addr, unsigned long end)
{
	struct vms_entry e;

	w->work++;
	if (!v->f.shmem) {
		vms_entry_init(&e, &v->f, addr, end, VMS_STATE_NONE,
			       VMS_MAP_PTE);
		vms_emit(w, &e);
		return end;
	}
	end = min(end, addr + (VMS_HOLE_CHUNK << PAGE_SHIFT));
	vms_shmem_hole(w, v, addr, end);
	return end;
}

/* An entry that is there but is not ours to count as memory. */
static unsigned long vms_other(struct vms_walk *w, struct vms_vma_walk *v,
			       unsigned long addr, unsigned long end)
{
	struct vms_entry e;

	w->work++;
	vms_entry_init(&e, &v->f, addr, end, VMS_STATE_OTHER, VMS_MAP_PTE);
	vms_emit(w, &e);
	return end;
}

/*
 * How many entries from @pte on, of the @size bytes they map, are none:
 * eight at a time (a cache line of them) with one branch, then one by
 * one.
 */
static __always_inline unsigned long vms_none_run(pte_t *pte,
						  unsigned long size)
{
	unsigned long n = 0, max = size >> PAGE_SHIFT;

	for (; n + 8 <= max; n += 8) {
		pte_t *p = pte + n;

		if (!(pte_none(ptep_get(p)) & pte_none(ptep_get(p + 1)) &
		      pte_none(ptep_get(p + 2)) & pte_none(ptep_get(p + 3)) &
		      pte_none(ptep_get(p + 4)) & pte_none(ptep_get(p + 5)) &
		      pte_none(ptep_get(p + 6)) & pte_none(ptep_get(p + 7))))
			break;
	}
	for (; n < max && pte_none(ptep_get(pte + n)); n++)
		;
	return n;
}

/*
 * Account and hand on batch @b, which ends at @end: its sharing at once,
 * since each page of it has the same mapcount (the same PSS quotient: the
 * sum is exact), then the rest (vms_emit()). Without @by_node the loop
 * counted its pages' nodes one by one.
 */
static noinline void vms_pte_batch_emit(struct vms_walk *w,
					struct vms_vma_walk *v,
					struct vms_pte_batch b,
					unsigned long end, bool by_node)
{
	struct vms_entry e;

	vms_pte_batch_entry(&e, &v->f, &b, end, by_node);
	if (e.mapcount)
		vms_account_share(&w->cur, &e, e.nr, e.mapcount, v->locked);
	vms_emit(w, &e);
}

/*
 * How a step that reads an entry under its lock ended: done, to be read
 * again (it changed before the lock was taken), or left for the next step
 * (vms_pmd_leaf_locked()).
 */
enum { VMS_WALK_DONE, VMS_WALK_AGAIN, VMS_WALK_LATER };

/*
 * The entries of a PTE table, locked, from @pte (for @addr) to @end (past
 * @addr), in batches of alike pages: with @with_pfn, batches keep to
 * physically contiguous pages; with @by_node (extents are built), to one
 * node, and otherwise a present page's node is counted as it comes; with
 * @vmas (vma records are asked for), runs and numa_maps' page states,
 * which differ page by page, are counted here. Per page, a key
 * (vms_pte_key()), its mapcount, frame and node are compared with the
 * batch's in registers, as are the VMA's facts.
 */
static __always_inline void vms_pte_entries(struct vms_walk *w,
					    struct vms_vma_walk *v,
					    pte_t *pte, unsigned long addr,
					    unsigned long end, bool with_pfn,
					    bool by_node, bool vmas)
{
	const struct vms_vma_facts f = v->f;
	unsigned int nr_nodes = w->cur.nr_nodes, mapcount;
	struct vms_pte_batch b = { .key = VMS_KEY_NO_BATCH }, e;
	u64 *node_bytes = w->cur.node;
	struct vms_runs runs = w->runs;
	struct folio *folio;
	struct page *page;
	u64 nruns = 0;
	unsigned long n;

	for (; addr < end; pte++, addr += PAGE_SIZE) {
		e.key = vms_pte_key(ptep_get(pte), &f, addr, &e.pfn, &e.node,
				    &folio, &page);
		e.mapcount = 0;
		if (page) {
			mapcount = vms_share_count(folio, page,
						   FIELD_GET(VMS_KEY_ORDER,
							     e.key));
			/* smaps accounts a mapcount of 0 (a race) as 1 */
			e.mapcount = max(mapcount, 1U);
			if (vmas) {
				vms_runs_feed(&runs, &nruns, addr, e.pfn, 1);
				vms_account_numa(&w->cur,
						 vms_numa_bits(&f, folio, page),
						 1, mapcount);
			}
			if (!by_node && (unsigned int)e.node < nr_nodes)
				node_bytes[e.node] += PAGE_SIZE;
		}
		if (b.key == VMS_KEY_NO_BATCH ||
		    !vms_pte_batch_extends(b, e, addr, with_pfn, by_node)) {
			if (b.key != VMS_KEY_NO_BATCH)
				vms_pte_batch_emit(w, v, b, addr, by_node);
			b = e;
			b.start = addr;
		}
		/*
		 * Empty entries after an empty one, outside shmem: what they
		 * are extends the batch as it is. Sparse tables are mostly
		 * such runs, measured at once.
		 */
		if (FIELD_GET(VMS_KEY_STATE, e.key) == VMS_STATE_NONE &&
		    !f.shmem) {
			n = vms_none_run(pte + 1, end - addr - PAGE_SIZE);
			pte += n;
			addr += n << PAGE_SHIFT;
		}
	}
	vms_pte_batch_emit(w, v, b, end, by_node);
	w->runs = runs;
	w->cur.runs += nruns;
}

/*
 * The two common requests each have a loop of their own, with the choices
 * above as constants, without the tests and the registers the others
 * need: a summary (no pfn, no extents, no vma records) and a full report
 * (extents and vma records, no pfn); the rest take the general loop. Each
 * is a function of its own, so that the compiler inlines the per-page
 * helpers into each as it would into one.
 */
static noinline void vms_pte_entries_summary(struct vms_walk *w,
					     struct vms_vma_walk *v,
					     pte_t *pte, unsigned long addr,
					     unsigned long end)
{
	vms_pte_entries(w, v, pte, addr, end, false, false, false);
}

static noinline void vms_pte_entries_full(struct vms_walk *w,
					  struct vms_vma_walk *v,
					  pte_t *pte, unsigned long addr,
					  unsigned long end)
{
	vms_pte_entries(w, v, pte, addr, end, false, true, true);
}

/*
 * The PTE table @pmdval points to, for [addr, end).
 *
 * Context: called in the section (vms_pte_table_enter()) under which
 * @pmdval was read from *@pmdp, and leaves it: since 6.5 a PTE table may
 * be freed through RCU without mmap_lock (pte_free_defer()), so the
 * section must span from the read that chose the table to the pmd_same()
 * check under its lock, as in __pte_offset_map_lock().
 */
static int vms_pte_table(struct vms_walk *w, struct vms_vma_walk *v,
			 pmd_t *pmdp, pmd_t pmdval, unsigned long addr,
			 unsigned long end)
	__releases(RCU)
{
	unsigned int sect = w->req->sections &
			    (VMS_SECT_EXTENTS | VMS_SECT_VMAS);
	bool pfn = vms_with_pfn(w);
	spinlock_t *ptl;	/* the PTE table's lock */
	pte_t *pte;

	vms_test_window(v);
	pte = pte_offset_kernel(&pmdval, addr);
	ptl = pte_lockptr(w->mm, &pmdval);
	spin_lock(ptl);
	if (unlikely(!pmd_same(pmdval, READ_ONCE(*pmdp)))) {
		/* Collapsed or freed meanwhile: read the pmd again. */
		spin_unlock(ptl);
		vms_pte_table_leave();
		return VMS_WALK_AGAIN;
	}
	if (!pfn && !sect)
		vms_pte_entries_summary(w, v, pte, addr, end);
	else if (!pfn && sect == (VMS_SECT_EXTENTS | VMS_SECT_VMAS))
		vms_pte_entries_full(w, v, pte, addr, end);
	else
		vms_pte_entries(w, v, pte, addr, end, pfn,
				sect & VMS_SECT_EXTENTS, sect & VMS_SECT_VMAS);
	spin_unlock(ptl);
	vms_pte_table_leave();
	return VMS_WALK_DONE;
}

/* Is @pmd a present PMD leaf, one that vms_pmd_leaves() takes? */
static __always_inline bool vms_pmd_is_leaf(pmd_t pmd)
{
	return pmd_present(pmd) && (pmd_trans_huge(pmd) || pmd_devmap(pmd));
}

/*
 * A PMD leaf (THP, huge zero page, DAX) @pmd for [addr, end), under its
 * lock. @in_run: leaves before it in this step; then a leaf whose pages
 * are accounted one by one, as much work as a PTE table, is left for the
 * next step (VMS_WALK_LATER, nothing done).
 */
static int vms_pmd_leaf_locked(struct vms_walk *w, struct vms_vma_walk *v,
			       pmd_t pmd, unsigned long addr,
			       unsigned long end, bool in_run)
{
	unsigned int mapcount, next;
	struct vms_entry e;
	struct folio *folio;
	struct page *page;
	unsigned long i, n;

	page = vms_classify_pmd(pmd, &v->f, addr, end, &e);
	if (page) {
		folio = page_folio(page);
		if (in_run && folio_ref_count(folio) != 1)
			return VMS_WALK_LATER;
		/*
		 * Runs, and numa_maps' states: the whole PMD, by its first
		 * page's mapcount (vma records only).
		 */
		if (vms_with_vmas(w)) {
			vms_runs_feed(&w->runs, &w->cur.runs, addr, e.pfn,
				      e.nr);
			vms_account_numa(&w->cur,
					 vms_numa_bits(&v->f, folio, page),
					 e.nr, vms_share_count(folio, page, true));
		}
		if (folio_ref_count(folio) == 1) {
			vms_account_share(&w->cur, &e, e.nr, 1, v->locked);
		} else {
			/*
			 * Per page, from the one the range begins at; pages
			 * in a row with one mapcount at once (each page's
			 * PSS is the same quotient: the sum is exact).
			 */
			page = nth_page(page, e.pfn - pmd_pfn(pmd));
			mapcount = vms_thp_page_mapcount(folio, page);
			for (i = 0; i < e.nr; i += n, mapcount = next) {
				/* the run, and the mapcount that ends it */
				for (n = 1, next = 0; i + n < e.nr; n++) {
					struct page *p = nth_page(page, i + n);

					next = vms_thp_page_mapcount(folio, p);
					if (next != mapcount)
						break;
				}
				vms_account_share(&w->cur, &e, n, mapcount,
						  v->locked);
			}
			/* page by page: as much work as a PTE table */
			w->work += e.nr - 1;
		}
	}
	vms_emit(w, &e);
	w->work++;
	return VMS_WALK_DONE;
}

/*
 * The PMD leaves of one PMD table from @pmdp (for @addr) on, for
 * [addr, end), under the table's lock, taken once for the run: the
 * entries that follow while they are leaves, up to @end (the VMA's), the
 * table's last entry and a PTE table's work (PTRS_PER_PTE units), as a
 * PTE table's entries are read under its lock.
 *
 * Return: where the run ended, past @addr; or 0 if the entry at @addr is
 * no longer a leaf (split, or being migrated, meanwhile): it is to be
 * read again.
 */
static unsigned long vms_pmd_leaves(struct vms_walk *w,
				    struct vms_vma_walk *v, pmd_t *pmdp,
				    unsigned long addr, unsigned long end)
{
	unsigned long first = addr, work = w->work, next;
	spinlock_t *ptl;	/* the PMD table's, or the mm's: the run's */
	pmd_t pmd;

	vms_test_leaf_window();
	ptl = pmd_lock(w->mm, pmdp);
	for (;;) {
		pmd = READ_ONCE(*pmdp);
		if (!vms_pmd_is_leaf(pmd))
			break;
		next = pmd_addr_end(addr, end);
		if (vms_pmd_leaf_locked(w, v, pmd, addr, next,
					addr != first) == VMS_WALK_LATER)
			break;
		addr = next;
		if (addr >= end || !pmd_index(addr) ||
		    w->work - work >= PTRS_PER_PTE)
			break;
		pmdp++;
	}
	spin_unlock(ptl);
	return addr != first ? addr : 0;
}

/* Count a page-table page once, for the lowest VMA that reaches it. */
static void vms_pgtable(struct vms_walk *w, int level, unsigned long addr,
			unsigned long size)
{
	unsigned long base = addr & ~(size - 1);

	if (base < w->pgt_next[level])
		return;
	w->cur.pgtables += PAGE_SIZE;
	w->pgt_next[level] = base + size;
}

/*
 * The end of a run of empty entries of one table: @p is empty and ends
 * at @next; the run goes on while the next entries, up to @end (the
 * VMA's) and not past the table's last (an index of 0 is the next
 * table's first: with a level folded, pud_addr_end() and p4d_addr_end()
 * stop at @end only), are empty too. One hole for the run, not a
 * step per entry: a sparse reservation costs what its tables hold.
 */
static unsigned long vms_none_run_pud(pud_t *p, unsigned long next,
				      unsigned long end)
{
	while (next < end && pud_index(next) && pud_none(READ_ONCE(*++p)))
		next = pud_addr_end(next, end);
	return next;
}

static unsigned long vms_none_run_pmd(pmd_t *p, unsigned long next,
				      unsigned long end)
{
	while (next < end && pmd_index(next) && pmd_none(READ_ONCE(*++p)))
		next = pmd_addr_end(next, end);
	return next;
}

/*
 * One step of a normal VMA from @addr: an empty upper-level range (a run
 * of empty entries of one table), a run of PMD leaves of one table (no
 * more work than a PTE table's) or one PTE table. Returns the address
 * where the step ended.
 */
static unsigned long vms_step(struct vms_walk *w, struct vms_vma_walk *v,
			      unsigned long addr)
{
	unsigned long end = v->end, next, ret;
	pmd_t *pmdp, pmd;
	pud_t *pudp, pud;
	p4d_t *p4dp;
	pgd_t *pgdp;

	/*
	 * The PMD table a step of this hold found for this 1 GiB range: it
	 * maps a VMA's range, so while mmap_lock is held it is not freed
	 * (free_pgtables() frees only what no VMA reaches), nor is its PUD
	 * entry changed (mremap(), collapse: the lock held for writing). The
	 * small VMAs that share it are not each walked down from the top.
	 */
	if (w->pmd_table_gen == w->lock_gen && w->lock_gen &&
	    (addr & PUD_MASK) == w->pmd_table_base) {
		vms_pgtable(w, VMS_PGT_PUD, addr, P4D_SIZE);
		vms_pgtable(w, VMS_PGT_PMD, addr, PUD_SIZE);
		pmdp = w->pmd_table + pmd_index(addr);
		goto pmd_level;
	}
	pgdp = pgd_offset(w->mm, addr);
	next = pgd_addr_end(addr, end);
	if (pgd_none(*pgdp) || pgd_bad(*pgdp))
		return vms_hole(w, v, addr, next);
	p4dp = p4d_offset(pgdp, addr);
	next = p4d_addr_end(addr, end);
	if (p4d_none(*p4dp) || p4d_bad(*p4dp))
		return vms_hole(w, v, addr, next);
	vms_pgtable(w, VMS_PGT_PUD, addr, P4D_SIZE);
	pudp = pud_offset(p4dp, addr);
	next = pud_addr_end(addr, end);
	pud = READ_ONCE(*pudp);
	if (pud_none(pud))
		return vms_hole(w, v, addr, vms_none_run_pud(pudp, next, end));
	/* DAX PUD leaves and anything odd: not memory we account. */
	if (!pud_present(pud) || pud_leaf(pud) || pud_bad(pud))
		return vms_other(w, v, addr, next);
	vms_pgtable(w, VMS_PGT_PMD, addr, PUD_SIZE);
	w->pmd_table = pmd_offset(pudp, addr & PUD_MASK);
	w->pmd_table_base = addr & PUD_MASK;
	w->pmd_table_gen = w->lock_gen;
	pmdp = pmd_offset(pudp, addr);
pmd_level:
	next = pmd_addr_end(addr, end);
	for (;;) {
		/* The read that may choose a PTE table: see vms_pte_table(). */
		vms_pte_table_enter();
		pmd = READ_ONCE(*pmdp);
		if (!pmd_none(pmd) && pmd_present(pmd) &&
		    !pmd_trans_huge(pmd) && !pmd_devmap(pmd) && !pmd_bad(pmd)) {
			if (vms_pte_table(w, v, pmdp, pmd, addr, next) ==
			    VMS_WALK_DONE)
				break;
			continue;
		}
		vms_pte_table_leave();
		if (pmd_none(pmd))
			return vms_hole(w, v, addr,
					vms_none_run_pmd(pmdp, next, end));
		if (!pmd_present(pmd))	/* a PMD migration entry */
			return vms_other(w, v, addr, next);
		if (vms_pmd_is_leaf(pmd)) {
			/*
			 * This entry and the leaves after it in this table:
			 * a THP-backed range is walked without going down
			 * from the top, or taking the lock, for each 2 MiB.
			 */
			ret = vms_pmd_leaves(w, v, pmdp, addr, end);
			if (ret)
				return ret;
			continue;	/* no longer a leaf: read it again */
		}
		return vms_other(w, v, addr, next);	/* pmd_bad() */
	}
	vms_pgtable(w, VMS_PGT_PTE, addr, PMD_SIZE);
	w->work += (next - addr) >> PAGE_SHIFT;
	return next;
}

/*
 * The huge page @ptep maps at [addr, next), under its lock, into @e;
 * @map: VMS_MAP_PUD or VMS_MAP_PMD.
 */
static void vms_hugetlb_entry(struct vms_walk *w, struct vms_vma_walk *v,
			      pte_t *ptep, unsigned long addr,
			      unsigned long next, u8 map, struct vms_entry *e)
{
	unsigned long sz = v->hpage;
	struct folio *folio;
	struct page *head;
	pte_t pte;

	vms_entry_init(e, &v->f, addr, next, VMS_STATE_NONE, map);
	pte = ptep_get(ptep);	/* huge_ptep_get() on x86 */
	if (pte_present(pte)) {
		head = pte_page(pte);
		folio = page_folio(head);
		/* hugetlb folios are not swap-backed: file unless anonymous */
		vms_entry_set_key(e, vms_folio_key(folio,
						   READ_ONCE(folio->flags)));
		e->pfn = pte_pfn(pte) + ((addr & (sz - 1)) >> PAGE_SHIFT);
		e->node = folio_nid(folio);
		e->hugetlb = true;
		e->hugetlb_shared = vms_hugetlb_mapped_shared(folio, head, ptep);
		if (vms_with_vmas(w)) {
			vms_runs_feed(&w->runs, &w->cur.runs, addr, e->pfn,
				      e->nr);
			vms_account_numa(&w->cur,
					 vms_numa_bits(&v->f, folio, head),
					 e->nr, vms_page_mapcount(folio, head));
		}
	} else if (!pte_none(pte)) {
		e->state = VMS_STATE_OTHER;
	}
}

/*
 * The huge pages of a hugetlb VMA from @addr that one table maps (a PMD
 * table's for 2 MiB pages, a PUD table's for 1 GiB), under their lock,
 * taken once (the table's, or the mm's): up to the VMA's end, the
 * table's last entry and a PTE table's work (PTRS_PER_PTE pages).
 */
static unsigned long vms_hugetlb_step(struct vms_walk *w,
				      struct vms_vma_walk *v,
				      unsigned long addr)
{
	unsigned long sz = v->hpage, work = w->work, next;
	bool pud = sz >= PUD_SIZE;	/* else PMD-sized pages */
	struct vms_entry e;
	spinlock_t *ptl;	/* the huge PTEs' lock */
	pte_t *ptep;
	pgd_t *pgdp;
	p4d_t *p4dp;
	pud_t *pudp;

	pgdp = pgd_offset(w->mm, addr);
	if (pgd_none(*pgdp) || pgd_bad(*pgdp))
		return vms_hole(w, v, addr, pgd_addr_end(addr, v->end));
	p4dp = p4d_offset(pgdp, addr);
	if (p4d_none(*p4dp) || p4d_bad(*p4dp))
		return vms_hole(w, v, addr, p4d_addr_end(addr, v->end));
	vms_pgtable(w, VMS_PGT_PUD, addr, P4D_SIZE);
	pudp = pud_offset(p4dp, addr);
	if (pud) {
		ptep = (pte_t *)pudp;
	} else {
		pud_t pud = READ_ONCE(*pudp);

		if (pud_none(pud) || !pud_present(pud) || pud_bad(pud))
			return vms_hole(w, v, addr,
					pud_addr_end(addr, v->end));
		vms_pgtable(w, VMS_PGT_PMD, addr, PUD_SIZE);
		ptep = (pte_t *)pmd_offset(pudp, addr);
	}

	ptl = huge_pte_lockptr(hstate_vma(v->vma), w->mm, ptep);
	spin_lock(ptl);
	for (;;) {
		next = min((addr & ~(sz - 1)) + sz, v->end);
		vms_hugetlb_entry(w, v, ptep, addr, next,
				  pud ? VMS_MAP_PUD : VMS_MAP_PMD, &e);
		vms_emit(w, &e);
		w->work++;
		addr = next;
		/* The next entry is in this table: index 0 is the next's. */
		if (addr >= v->end || w->work - work >= PTRS_PER_PTE ||
		    !(pud ? pud_index(addr) : pmd_index(addr)))
			break;
		ptep = (pte_t *)((char *)ptep +
				 (pud ? sizeof(pud_t) : sizeof(pmd_t)));
	}
	spin_unlock(ptl);
	return addr;
}

/* ---- VMAs ------------------------------------------------------------------ */

/*
 * What describing @vma's entries needs, read under mmap_lock. Derived
 * afresh after every lock yield: nothing read from a VMA outlives the
 * hold it was read in.
 */
static __always_inline void vms_vma_facts(struct vm_area_struct *vma,
					  struct vms_vma_facts *f)
{
	struct file *file = vma->vm_file;
	struct inode *inode;

	memset(f, 0, sizeof(*f));
	f->softdirty = vma->vm_flags & VM_SOFTDIRTY;
	f->anonymous = vma_is_anonymous(vma);
	f->pfnmap = vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP);
	f->pfnmap_only = vma->vm_flags & VM_PFNMAP;
	f->vm_start = vma->vm_start;
	f->vm_pgoff = vma->vm_pgoff;
	f->type = VMS_TYPE_ANON;
	/* A private /dev/zero mapping is anonymous memory with a file. */
	if (!file || f->anonymous)
		return;
	if (is_vm_hugetlb_page(vma) || !vms_file_is_shmem(file)) {
		f->type = VMS_TYPE_FILE;
		return;
	}
	f->type = VMS_TYPE_SHMEM;
	inode = file_inode(file);
	if (READ_ONCE(SHMEM_I(inode)->swapped))
		f->shmem = inode->i_mapping;
}

static __always_inline void vms_vma_walk_fill(struct vms_vma_walk *v,
					      struct vm_area_struct *vma,
					      unsigned long start)
{
	v->vma = vma;
	v->start = start;
	v->end = vma->vm_end;
	v->vm_flags = vma->vm_flags;
	v->vm_file = vma->vm_file;
	v->locked = vma->vm_flags & VM_LOCKED;
	/* vma_kernel_pagesize(), without its call for most VMAs */
	v->hpage = vma->vm_ops && vma->vm_ops->pagesize ?
		   vma_kernel_pagesize(vma) : PAGE_SIZE;
	v->i_mmap = NULL;
	v->no_yield = false;
	vms_vma_facts(vma, &v->f);
}

static void vms_vma_walk_init(struct vms_walk *w, struct vms_vma_walk *v,
			      struct vm_area_struct *vma, unsigned long start)
{
	vms_vma_walk_fill(v, vma, start);

	/* w->cur is clear, or holds a batch this VMA joins */
	w->cur.vsz += v->end - start;
	w->cur.hpage = v->hpage;
	memset(&w->runs, 0, sizeof(w->runs));
	w->ext_open = false;
	w->ext_deferred = false;
	w->nheld = 0;
}

/* Take or drop the locks a VMA needs beyond mmap_lock. */
static void vms_vma_lock(struct vms_vma_walk *v)
{
	struct vm_area_struct *vma = v->vma;

	if (is_vm_hugetlb_page(vma) && (vma->vm_flags & VM_MAYSHARE) &&
	    vma->vm_file) {
		v->i_mmap = vma->vm_file->f_mapping;
		i_mmap_lock_read(v->i_mmap);
	}
}

static void vms_vma_unlock(struct vms_vma_walk *v)
{
	if (v->i_mmap) {
		i_mmap_unlock_read(v->i_mmap);
		v->i_mmap = NULL;
	}
}

/*
 * The clock of the hold and step maxima, read at every look: the
 * scheduler's (local_clock(), the TSC where it is usable), not
 * ktime_get_ns(), whose clocksource may be a device register (HPET in a
 * guest whose TSC is not trusted) that costs more than a step's work.
 * Per CPU; a walk that migrates may see it step back, hence the guard.
 */
static u64 vms_clock(void)
{
	return local_clock();
}

static u64 vms_clock_diff(u64 now, u64 then)
{
	return now > then ? now - then : 0;
}

/* Take mmap_lock; note when, for the hold and step maxima. */
static int vms_lock(struct vms_walk *w)
{
	int err = mmap_read_lock_killable(w->mm);

	if (!err) {
		w->lock_gen++;
		w->lock_ns = vms_clock();
		w->check_ns = w->lock_ns;
	}
	return err;
}

static void vms_unlock(struct vms_walk *w)
{
	u64 now = vms_clock();
	u64 held = vms_clock_diff(now, w->lock_ns);
	u64 step = vms_clock_diff(now, w->check_ns);

	mmap_read_unlock(w->mm);
	/* A PMD table found in this hold is not kept past it (vms_step()). */
	w->pmd_table_gen = 0;
	w->sums.held_ns += held;
	w->hold_max_ns = max(w->hold_max_ns, held);
	/* The step that ended here; none outlasts its hold. */
	w->step_max_ns = max(w->step_max_ns, min(step, held));
}

/* vms_should_yield() after VMS_CHECK_WORK units of work: the look. */
static bool vms_yield_look(struct vms_walk *w)
{
	u64 now;

	w->work_checked = w->work;
	now = vms_clock();
	/* No step outlasts the hold it is part of (the clock is per CPU). */
	if (now > w->check_ns)
		w->step_max_ns = max(w->step_max_ns,
				     min(now - w->check_ns, now - w->lock_ns));
	w->check_ns = now;
	return w->work >= vms_yield_budget || mmap_lock_is_contended(w->mm) ||
	       need_resched() || fatal_signal_pending(current);
}

/*
 * Between two steps: is it time to drop mmap_lock? Asked after every
 * step, answered after VMS_CHECK_WORK budget units at least (a PTE table,
 * one step, is up to 512 of them, a run of PMD leaves as many; a hole, a
 * VMA is one).
 */
static __always_inline bool vms_should_yield(struct vms_walk *w)
{
	if (w->work - w->work_checked < min_t(unsigned int, VMS_CHECK_WORK,
					      vms_yield_budget))
		return false;
	return vms_yield_look(w);
}

/*
 * After dropping mmap_lock for waiting writers: wait, without the lock,
 * until they have had it. A reader may take a free rwsem ahead of the
 * writer it just woke (optimistic lock stealing), and the writer then
 * sleeps again until its handoff timeout, a jiffy or more: retaking the
 * lock at once would stall the target as if it had never been dropped.
 * The wait is bounded by VMS_WRITER_WAIT_NS, no longer than a jiffy, the
 * least a writer would wait otherwise, so that a stream of writers cannot
 * starve the reader.
 */
static void vms_wait_writers(struct mm_struct *mm)
{
	u64 until = ktime_get_ns() + VMS_WRITER_WAIT_NS;

	while (mmap_lock_is_contended(mm) && ktime_get_ns() < until &&
	       !fatal_signal_pending(current)) {
		cond_resched();
		cpu_relax();
	}
}

/* Add the work and VMAs since the last time to the module's statistics. */
static void vms_publish_stats(struct vms_walk *w)
{
	atomic64_add(w->work, &vms_stats.entries);
	atomic64_add(w->vmas_unstat, &vms_stats.vmas);
	atomic64_add(w->batched_unstat, &vms_stats.batched);
	vms_stats_max(&vms_stats.hold_max_ns, w->hold_max_ns);
	vms_stats_max(&vms_stats.step_max_ns,
		      min(w->step_max_ns, w->hold_max_ns));
	w->work = 0;
	w->work_checked = 0;
	w->vmas_unstat = 0;
	w->batched_unstat = 0;
}

/* Drop and retake mmap_lock. Returns 0, or -EINTR with the lock dropped. */
static int vms_yield(struct vms_walk *w)
{
	bool writers = mmap_lock_is_contended(w->mm);

	vms_unlock(w);
	vms_publish_stats(w);
	atomic64_inc(&vms_stats.yields);
	if (writers) {
		atomic64_inc(&vms_stats.yields_writers);
		vms_wait_writers(w->mm);
	} else {
		cond_resched();
	}
	if (fatal_signal_pending(current))
		return -EINTR;
	return vms_lock(w);
}

/*
 * After a yield: the VMA at @addr if it is the one being walked,
 * unchanged; NULL if it changed or went away. vm_file is referenced by
 * the walk, so pointer equality means the same file.
 */
static struct vm_area_struct *vms_revalidate(struct vms_walk *w,
					     struct vms_vma_walk *v,
					     unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(w->mm, addr);

	if (!vma || vma->vm_start != v->f.vm_start || vma->vm_end != v->end ||
	    vma->vm_flags != v->vm_flags || vma->vm_pgoff != v->f.vm_pgoff ||
	    vma->vm_file != v->vm_file)
		return NULL;
	return vma;
}

/* One step of @v from @addr, of the kind its VMA needs. */
static unsigned long vms_vma_step(struct vms_walk *w, struct vms_vma_walk *v,
				  unsigned long addr)
{
	if (is_vm_hugetlb_page(v->vma))
		return vms_hugetlb_step(w, v, addr);
	return vms_step(w, v, addr);
}

/* The VMA's walk reached its end: the extent being built is finished. */
static void vms_ext_close(struct vms_walk *w)
{
	if (!w->ext_open)
		return;
	vms_hold(w);
	w->ext_open = false;
}

/**
 * vms_walk_vma() - walk one VMA from @start into w->cur and w->held
 * @w: the walk, mmap_lock held for read; w->cur clear, or a batch that
 *     the VMA joins (vms_batchable())
 * @vmap: the VMA; on success the one found again after the last yield
 * @start: where its record begins
 * @no_yield: keep mmap_lock for the whole VMA (it changed under every
 *	      earlier attempt, or it is batched); the walk still reschedules
 *	      and stays killable
 *
 * The VMA's file is referenced from its first yield on (before it, the
 * lock keeps it; most VMAs are walked without one), so that after a
 * yield an equal vm_file pointer is the same file (the filp cache is
 * SLAB_TYPESAFE_BY_RCU: a freed file's slot is reused at once), and what
 * was derived from it, such as its shmem mapping, stays valid.
 *
 * Return: 0 with the lock held; -EAGAIN with the lock held if the VMA
 * changed during a yield and must be walked again; -EINTR with the lock
 * dropped.
 */
VISIBLE_IF_KUNIT int vms_walk_vma(struct vms_walk *w,
				  struct vm_area_struct **vmap,
				  unsigned long start, bool no_yield)
{
	unsigned long pgt_saved[ARRAY_SIZE(w->pgt_next)];
	struct vms_vma_walk *v = &w->vw;
	unsigned long addr = start;
	bool ref = false;
	int err = 0;

	memcpy(pgt_saved, w->pgt_next, sizeof(pgt_saved));
	vms_vma_walk_init(w, v, *vmap, start);
	v->no_yield = no_yield;
	vms_vma_lock(v);
	while (addr < v->end) {
		addr = vms_vma_step(w, v, addr);
		if (addr >= v->end)
			break;
		if (v->no_yield) {
			/* mmap_lock is a sleeping lock: others may run. */
			if (fatal_signal_pending(current)) {
				vms_vma_unlock(v);
				vms_unlock(w);
				err = -EINTR;
				goto out;
			}
			cond_resched();
			continue;
		}
		if (!vms_should_yield(w))
			continue;
		/* Only a yield lets the file go: from the first, a reference. */
		if (v->vm_file && !ref) {
			get_file(v->vm_file);
			ref = true;
		}
		vms_vma_unlock(v);
		err = vms_yield(w);
		if (err)
			goto out;
		v->vma = vms_revalidate(w, v, addr);
		if (!v->vma) {
			/* Not batched (it yielded): w->cur is this VMA's. */
			vms_counts_reset(&w->cur);
			memcpy(w->pgt_next, pgt_saved, sizeof(pgt_saved));
			err = -EAGAIN;
			goto out;
		}
		vms_vma_facts(v->vma, &v->f);
		vms_vma_lock(v);
	}
	if (!w->ext_deferred)
		vms_ext_close(w);
	vms_vma_unlock(v);
	*vmap = v->vma;
out:
	if (ref)
		fput(v->vm_file);
	return err;
}

/* Set the misplaced bytes of w->cur, a record or a batch, by @pol. */
static void vms_misplaced(struct vms_walk *w, const struct vms_policy *pol)
{
	w->cur.misplaced = vms_policy_misplaced(pol, w->cur.node,
						w->cur.nr_nodes);
}

/* Add the record (or batch of records) in w->cur to the sums; clear it. */
static void vms_add_cur(struct vms_walk *w)
{
	/* An invariant check per record or batch: on debug kernels only. */
	if (IS_ENABLED(CONFIG_DEBUG_VM))
		WARN_ON_ONCE(!vms_counts_consistent(&w->cur));
	vms_counts_add(&w->sums.total, &w->cur);
	vms_counts_reset(&w->cur);
}

/* Add the batch in w->cur, if any, to the sums (see vms_batchable()). */
static void vms_batch_end(struct vms_walk *w)
{
	if (!w->batched)
		return;
	vms_misplaced(w, &w->task_policy);
	vms_add_cur(w);
	w->batched = 0;
}

/*
 * May @vma, from @start, be added up with its neighbours in w->cur rather
 * than on its own? Per VMA, resetting a record and adding it to the sums
 * cost more than walking a small VMA. It may if only the sums are asked
 * for (no record of its own, no extents); if it lies within one PMD-sized
 * range, at most a PTE table's work (one step with 4 KiB pages), walked
 * without a yield (vms_walk_vma()) and so never walked again; and
 * if its misplaced bytes are those of the task's policy, or none by its
 * policy and the task's, so that the batch's misplaced bytes, a sum over
 * its node figures, are the sum of its VMAs'.
 */
static bool vms_batchable(struct vms_walk *w, struct vm_area_struct *vma,
			  unsigned long start)
{
	const struct vms_policy *pol;

	if (w->req->sections & (VMS_SECT_VMAS | VMS_SECT_EXTENTS) ||
	    (start ^ (vma->vm_end - 1)) & PMD_MASK)
		return false;
	pol = vms_vma_policy(w, vma, &w->pol_buf);
	return pol == &w->task_policy ||
	       (!vms_policy_names_nodes(pol) &&
		!vms_policy_names_nodes(&w->task_policy));
}

/*
 * Hand on the finished record of @vma and its held extents; add to the
 * sums, or leave it in w->cur if @batched. If its extents were too many to
 * hold, set up the extent pass: the VMA as it is now, its file by inode so
 * that the pass can tell it again.
 */
static void vms_finish_vma(struct vms_walk *w, struct vm_area_struct *vma,
			   unsigned long start, bool batched)
{
	const struct vms_policy *pol;

	w->sums.vmas++;
	w->vmas_unstat++;
	if (batched) {
		w->batched++;
		w->batched_unstat++;
		return;
	}
	pol = vms_vma_policy(w, vma, &w->pol_buf);
	vms_misplaced(w, pol);
	if (vms_with_vmas(w)) {
		struct vms_vma_id id;

		vms_vma_identity(w, vma, start, &id);
		id.policy = *pol;
		if (pol == &w->task_policy && w->task_policy_len) {
			id.policy_text = w->task_policy_text;
			id.policy_len = w->task_policy_len;
		}
		w->sink->ops->vma(w->sink, &id, &w->cur);
	}
	vms_add_cur(w);
	vms_hand_exts(w);
	if (w->ext_deferred) {
		struct vms_ext_pass *xp = &w->xp;

		memset(xp, 0, sizeof(*xp));
		xp->active = true;
		xp->addr = start;
		xp->end = vma->vm_end;
		xp->vm_flags = vma->vm_flags;
		xp->pgoff_base = vma->vm_pgoff - (vma->vm_start >> PAGE_SHIFT);
		if (vma->vm_file) {
			struct inode *inode = file_inode(vma->vm_file);

			xp->has_file = true;
			xp->sb = inode->i_sb;
			xp->ino = inode->i_ino;
			xp->generation = inode->i_generation;
		}
		w->ext_open = false;
		w->ext_deferred = false;
		atomic64_inc(&vms_stats.ext_passes);
	}
}

/*
 * Is @vma still the VMA whose record went out, over what is left of its
 * extent pass? It may have grown or merged with a neighbour meanwhile;
 * what must hold is the range, the flags, the file (by inode: nothing is
 * held between reads, so a pointer could name a new file in a freed one's
 * slot) and the offset of every page in it.
 */
static bool vms_ext_pass_match(const struct vms_ext_pass *xp,
			       struct vm_area_struct *vma)
{
	struct inode *inode;

	if (!vma || vma->vm_start > xp->addr || vma->vm_end < xp->end ||
	    vma->vm_flags != xp->vm_flags ||
	    vma->vm_pgoff - (vma->vm_start >> PAGE_SHIFT) != xp->pgoff_base ||
	    !vma->vm_file != !xp->has_file)
		return false;
	if (!vma->vm_file)
		return true;
	inode = file_inode(vma->vm_file);
	return inode->i_sb == xp->sb && inode->i_ino == xp->ino &&
	       inode->i_generation == xp->generation;
}

/*
 * The extent pass of a VMA whose extents were too many to hold while its
 * record was built: walk it again from w->xp.addr, handing extents to
 * the sink after every step, until it is done or the sink is full (then
 * w->xp.addr and the open extent say where to go on, at the next call).
 *
 * Context: mmap_lock held for read; held again on return unless -EINTR.
 * Return: 0; -ESTALE if the VMA is no longer the one the record
 * describes (vms_ext_pass_match(); the report then ends partial); -EINTR
 * with the lock dropped.
 */
static int vms_ext_pass(struct vms_walk *w)
{
	unsigned long pgt_saved[ARRAY_SIZE(w->pgt_next)];
	struct vms_ext_pass *xp = &w->xp;
	struct vm_area_struct *vma = find_vma(w->mm, xp->addr);
	struct vms_vma_walk *v = &w->vw;
	unsigned long addr = xp->addr;
	bool stop;
	int err = 0;

	/* Page tables were counted by the record's pass: not again. */
	memcpy(pgt_saved, w->pgt_next, sizeof(pgt_saved));
	for (;;) {
		if (!vms_ext_pass_match(xp, vma)) {
			err = -ESTALE;
			goto out;
		}
		vms_vma_walk_fill(v, vma, addr);
		v->end = xp->end;
		vms_vma_lock(v);
		do {
			addr = vms_vma_step(w, v, addr);
			vms_hand_exts(w);
			stop = addr >= xp->end || vms_sink_full(w);
		} while (!stop && !vms_should_yield(w));
		xp->addr = addr;
		vms_vma_unlock(v);
		if (stop)
			break;
		err = vms_yield(w);
		if (err)
			goto out;
		vma = find_vma(w->mm, addr);
	}
	if (addr >= xp->end) {
		vms_ext_close(w);
		vms_hand_exts(w);
		memset(xp, 0, sizeof(*xp));
	}
out:
	memcpy(w->pgt_next, pgt_saved, sizeof(pgt_saved));
	/* What the pass counted again is no record's: w->cur starts clear. */
	vms_counts_reset(&w->cur);
	return err;
}

/*
 * The vsyscall gate is not in the VMA tree; maps lists it last. w->cur is
 * clear, or holds a batch (vms_batchable()) that a summary's gate joins.
 */
static void vms_visit_gate(struct vms_walk *w)
{
	/* The gate VMA's flags, page size and key (x86's gate_vma). */
	struct vms_vma_id id = {
		.kind = VMS_KIND_VSYSCALL,
		.vm_flags = VM_READ | VM_EXEC,
		.has_pkey = vms_pkeys_shown(),
		.mmu_page = PAGE_SIZE,
		.name = "[vsyscall]",
		.name_len = sizeof("[vsyscall]") - 1,
	};
	struct vms_entry e = {
		.state = VMS_STATE_NONE,
		.type = VMS_TYPE_ANON,
		.node = -1,
		.nr = 1,
	};

	if (!vms_gate_area(w->mm, &id.start, id.perms))
		return;
	id.end = id.start + PAGE_SIZE;
	e.addr = id.start;
	/* Its page lives in the kernel's page tables, not in this mm's. */
	w->cur.vsz += PAGE_SIZE;
	w->cur.hpage = PAGE_SIZE;
	vms_account_entry(&w->cur, &e);
	w->sums.vmas++;
	/* Only the sums are asked for: it joins the batch, as a small VMA. */
	if (!(w->req->sections & (VMS_SECT_VMAS | VMS_SECT_EXTENTS))) {
		w->batched++;
		return;
	}
	if (w->req->sections & VMS_SECT_VMAS)
		w->sink->ops->vma(w->sink, &id, &w->cur);
	vms_add_cur(w);
	if (w->req->sections & VMS_SECT_EXTENTS) {
		vms_ext_start(&w->held[0], &e);
		w->nheld = 1;
		vms_hand_exts(w);
	}
}

/**
 * vms_walk_more() - walk on from where the last call stopped
 * @w: the walk (vms_walk_new()); its mm pinned by the caller
 *     (mm_users), nothing locked
 *
 * Walks VMAs in address order, handing their records to the walk's sink,
 * until the sink is full or the address space is done
 * (vms_walk_done()). Between calls the walk
 * keeps only addresses (and, in an extent pass, its VMA's identity),
 * never a VMA, a reference or a lock, so the caller may return to user
 * space in between:
 * the report streams at its reader's pace with bounded kernel memory.
 *
 * After a yield, or between calls, the walk resumes at the address it had
 * reached, so no address is reported twice and no range that existed
 * throughout the walk is skipped. A VMA that now begins below that
 * address (it grew or merged meanwhile) is reported from that address
 * on, marked clipped; a VMA that changed while being walked is walked
 * again.
 *
 * Context: process context; takes and releases mmap_lock for read.
 * Return: 0; -EINTR on a fatal signal; -ESTALE if a VMA whose extents
 * were being given in a second pass changed between two calls (the
 * report cannot be whole).
 */
int vms_walk_more(struct vms_walk *w)
{
	MA_STATE(mas, &w->mm->mm_mt, 0, 0);
	struct vm_area_struct *vma;
	unsigned long start, gen;
	bool batched;
	int err;

	err = vms_lock(w);
	if (err)
		return err;
	gen = w->lock_gen - 1;
	for (;;) {
		/* A VMA whose record went out with its extents to come. */
		if (w->xp.active) {
			err = vms_ext_pass(w);
			if (err == -EINTR)
				return err;
			if (err || w->xp.active)
				goto out;
		}
		/*
		 * The VMA at or above the floor: find_vma(), but from where
		 * the last one was found while the lock has been held since.
		 */
		if (gen != w->lock_gen) {
			mas_set(&mas, w->floor);
			gen = w->lock_gen;
		}
		vma = mas_find(&mas, ULONG_MAX);
		if (!vma)
			break;
		if (vms_sink_full(w))
			goto out;
		start = max(vma->vm_start, w->floor);
		if (start != vma->vm_start)
			atomic64_inc(&vms_stats.clipped);
		batched = vms_batchable(w, vma, start);
		if (!batched)
			vms_batch_end(w);
		err = vms_walk_vma(w, &vma, start,
				   batched || w->restarts >= VMS_MAX_RESTARTS);
		if (err == -EAGAIN) {
			atomic64_inc(&vms_stats.restarts);
			w->restarts++;
			err = 0;
			continue;
		}
		if (err)
			return err;	/* the lock is not held */
		w->restarts = 0;
		vms_finish_vma(w, vma, start, batched);
		w->floor = vma->vm_end;
		w->work++;
		if (vms_should_yield(w)) {
			err = vms_yield(w);
			if (err)
				return err;
		}
	}
	vms_visit_gate(w);
	w->done = true;
out:
	/* The sums are whole between calls. */
	vms_batch_end(w);
	vms_unlock(w);
	vms_publish_stats(w);
	return err;
}

/* A walk, zeroed, with the per-node figures of a VMA and of the sums. */
static struct vms_walk *vms_walk_alloc(void)
{
	struct vms_walk *w;

	return kzalloc(struct_size(w, node_bytes, 2 * nr_node_ids), VMS_GFP);
}

/* Free a walk that is not the spare, and its buffers. */
static void vms_walk_release(struct vms_walk *w)
{
	kfree(w->pathbuf);
	kvfree(w->held);
	kfree(w);
}

/*
 * The spare walk, cleared as kzalloc() would leave it but with the
 * buffers it grew, if no other walk has it; else NULL.
 */
static struct vms_walk *vms_walk_spare(void)
{
	struct vms_walk *w;
	struct vms_ext *held;
	char *pathbuf;

	if (atomic_cmpxchg_acquire(&vms_spare_taken, 0, 1))
		return NULL;
	w = vms_spare_walk;
	if (!w) {
		w = vms_walk_alloc();
		if (!w) {
			atomic_set_release(&vms_spare_taken, 0);
			return NULL;
		}
		vms_spare_walk = w;
	}
	held = w->held;
	pathbuf = w->pathbuf;
	/* A constant size: cleared inline, not by memset(). */
	memset(w, 0, offsetof(struct vms_walk, node_bytes));
	memset(w->node_bytes, 0, 2 * nr_node_ids * sizeof(*w->node_bytes));
	w->held = held;
	w->pathbuf = pathbuf;
	w->spare = true;
	return w;
}

/* The held extents and path buffer @w's request needs, if it lacks them. */
static bool vms_walk_bufs(struct vms_walk *w)
{
	bool exts = w->req->sections & VMS_SECT_EXTENTS;
	bool vmas = w->req->sections & VMS_SECT_VMAS;

	if (exts && !w->held)
		w->held = kvmalloc_array(VMS_HELD_EXTS, sizeof(*w->held),
					 VMS_GFP);
	if (vmas && !w->pathbuf)
		w->pathbuf = kmalloc(PATH_MAX, VMS_GFP);
	return (!exts || w->held) && (!vmas || w->pathbuf);
}

/**
 * vms_walk_exit() - free the spare walk; no walk may exist
 */
void vms_walk_exit(void)
{
	struct vms_walk *w = vms_spare_walk;

	/* A walk still holding it would use it after the free: leak it. */
	if (WARN_ON_ONCE(atomic_read(&vms_spare_taken)) || !w)
		return;
	vms_walk_release(w);
	vms_spare_walk = NULL;
}

/**
 * vms_walk_new() - set up a walk of @mm
 * @mm: the address space; the caller pins it (mm_users) around each
 *	vms_walk_more()
 * @req: what to report; must outlive the walk
 * @sink: where the records go; must outlive the walk
 *
 * Takes the spare walk if no other walk has it (vms_spare_walk), else
 * allocates what the walk needs whatever the target: the walk with the
 * per-node figures of a VMA and of the sums (one allocation), a path
 * buffer if @req asks for vma records, and the held extents if it asks
 * for extents. Nothing else is allocated as the walk goes: on kernels that
 * zero every allocation (init_on_alloc, Debian's default) this is most of
 * a small request's fixed cost.
 *
 * Return: the walk, or NULL when out of memory.
 */
struct vms_walk *vms_walk_new(struct mm_struct *mm,
			      const struct vms_request *req,
			      struct vms_sink *sink)
{
	struct vms_walk *w;

	/*
	 * One step closes at most one extent per entry it describes, and
	 * describes at most one per base page it covers: PTRS_PER_PTE for
	 * a PTE table, VMS_HOLE_CHUNK for a shmem hole, one per leaf for a
	 * run of PMD leaves (each at least one unit of work, a run ends at
	 * PTRS_PER_PTE of them), one for any other step. The extent pass
	 * holds one step's and the one the VMA's end closes.
	 */
	BUILD_BUG_ON(PTRS_PER_PTE + 1 > VMS_HELD_EXTS);
	BUILD_BUG_ON(VMS_HOLE_CHUNK + 1 > VMS_HELD_EXTS);

	/* The per-node figures of the VMA and of the sums follow it. */
	w = vms_walk_spare();
	if (!w)
		w = vms_walk_alloc();
	if (!w)
		return NULL;
	w->mm = mm;
	w->req = req;
	w->sink = sink;
	w->cur.node = w->node_bytes;
	w->sums.total.node = w->node_bytes + nr_node_ids;
	w->cur.nr_nodes = nr_node_ids;
	w->sums.total.nr_nodes = nr_node_ids;
	if (!vms_walk_bufs(w)) {
		vms_walk_free(w);
		return NULL;
	}
	return w;
}

/**
 * vms_walk_set_task_policy() - the policy of VMAs that have none
 * @w: the walk
 * @p: the task's memory policy, copied (report.c)
 */
void vms_walk_set_task_policy(struct vms_walk *w, const struct vms_policy *p)
{
	w->task_policy = *p;
	w->task_policy_len = 0;
	if (vms_with_vmas(w) && p->known && !vms_policy_word(p))
		w->task_policy_len = vms_policy_text(w->task_policy_text,
						     sizeof(w->task_policy_text),
						     p);
}

/**
 * vms_walk_free() - free a walk and what it holds
 * @w: the walk, or NULL
 */
void vms_walk_free(struct vms_walk *w)
{
	if (!w)
		return;
	if (w->spare) {
		/* It stays the spare, with its buffers. */
		atomic_set_release(&vms_spare_taken, 0);
		return;
	}
	vms_walk_release(w);
}

/**
 * vms_walk_done() - has the walk covered the whole address space?
 * @w: the walk
 *
 * Return: true once vms_walk_more() reached the end of the address space.
 */
bool vms_walk_done(const struct vms_walk *w)
{
	return w->done;
}

/**
 * vms_walk_sums() - the sums and counts of what the walk handed on so far
 * @w: the walk
 *
 * Return: the sums, valid until the walk is freed.
 */
const struct vms_walk_sums *vms_walk_sums(const struct vms_walk *w)
{
	return &w->sums;
}

/**
 * vms_walk_mm() - walk every VMA and page-table entry of w->mm at once
 * @w: the walk, as for vms_walk_more()
 *
 * The whole walk in one call, for callers whose sink is never full
 * (KUnit).
 *
 * Return: as vms_walk_more().
 */
int vms_walk_mm(struct vms_walk *w)
{
	int err;

	do {
		err = vms_walk_more(w);
	} while (!err && !w->done);
	return err;
}
