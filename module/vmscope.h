/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmscope - internal interfaces between the module's units.
 *
 * A report travels: request.c (parse) -> target.c (pid -> task, mm,
 * permission) -> walk.c (VMAs under mmap_lock) -> classify.c (what a VMA
 * is) -> render.c (records into a buffer) -> session.c (read()).
 * procfs.c and debugfs.c are front ends that own sessions.
 */
#ifndef VMSCOPE_H
#define VMSCOPE_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/pgtable.h>
#include <linux/cred.h>
#include <linux/mutex.h>
#include <vmscope/format.h>

struct file;
struct pid;
struct task_struct;
struct mm_struct;
struct vm_area_struct;
struct address_space;
struct folio;
struct page;

#define VMS_MODULE_VERSION	"0.1.0"

/*
 * Allocations a reader causes: charged to its memory cgroup, and silent
 * when they fail, since any reader can make them fail at will (each
 * failure reaches it as -ENOMEM).
 */
#define VMS_GFP		(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)

/* ---- request.c ------------------------------------------------------ */

/**
 * struct vms_request - one parsed request line
 * @pid: target process id, in the requester's pid namespace
 * @sections: VMS_SECT_* bits
 * @options: VMS_OPT_* bits
 */
struct vms_request {
	pid_t pid;
	unsigned int sections;
	unsigned int options;
};

int vms_request_parse(const char *line, size_t len, struct vms_request *req);
int vms_parse_pid(const char *s, size_t len, pid_t *pid);

/* ---- render.c ------------------------------------------------------- */

/**
 * struct vms_buf - a growable text buffer
 * @data: the bytes (not NUL-terminated in general)
 * @len: bytes used
 * @size: bytes allocated
 * @err: first allocation error, sticky; 0 while all appends succeeded
 */
struct vms_buf {
	char *data;
	size_t len;
	size_t size;
	int err;
};

void vms_buf_init(struct vms_buf *b);
void vms_buf_free(struct vms_buf *b);
__printf(2, 3) void vms_buf_printf(struct vms_buf *b, const char *fmt, ...);
void vms_buf_putc(struct vms_buf *b, char c);
void vms_buf_append(struct vms_buf *b, const char *s, size_t n);
void vms_buf_escape(struct vms_buf *b, const char *s, size_t n);

/**
 * struct vms_vma_id - what identifies a VMA, as /proc/PID/maps prints it
 * @start: first address
 * @end: address past the last byte
 * @perms: "rwxp" string as in maps
 * @offset: file offset in bytes (0 for anonymous mappings)
 * @dev_major: major number of the backing device
 * @dev_minor: minor number of the backing device
 * @inode: inode number, 0 if anonymous
 * @kind: classification, enum vms_kind
 * @clipped: @start was raised to where the walk had reached, because the
 *	     VMA changed during a lock yield and now begins below that point
 * @name: raw name bytes (unescaped), may be empty
 * @name_len: length of @name
 */
struct vms_vma_id {
	unsigned long start;
	unsigned long end;
	char perms[5];
	unsigned long long offset;
	unsigned int dev_major;
	unsigned int dev_minor;
	unsigned long inode;
	enum vms_kind kind;
	bool clipped;
	const char *name;
	size_t name_len;
};

#define VMS_ORDERS	32	/* folio orders counted, o0 ... o31 */
#define VMS_PSS_SHIFT	12	/* fixed point of pss and locked, as smaps */

/**
 * struct vms_counts - per-VMA (or per-task, summed) accounting, in bytes
 * @vsz: address space
 * @rss: resident, with a struct page, not zero page, not hugetlb
 * @anon: part of @rss in anonymous folios
 * @file: part of @rss in page cache folios of regular files
 * @shmem: part of @rss in shmem folios
 * @zero: mapped to the shared zero page or the huge zero page
 * @swap: swap entries, and swapped-out pages of a shmem mapping's holes
 * @none: no entry
 * @other: migration, hwpoison, device, marker and frame-less entries
 * @pss: proportional set size, << VMS_PSS_SHIFT
 * @shared: @rss with mapcount >= 2
 * @private: @rss with mapcount < 2 (also printed as uss)
 * @dirty: @rss dirty in the entry or the folio
 * @young: @rss young in the entry, or folio young or referenced
 * @softdirty: @rss soft-dirty in the entry or by VM_SOFTDIRTY
 * @locked: @pss of VM_LOCKED mappings, << VMS_PSS_SHIFT
 * @ksm: @rss in KSM folios
 * @thp: @rss mapped by PMD entries
 * @hugetlb: hugetlb pages mapped
 * @hpage: the VMA's page size
 * @pgtables: page-table pages owned by the VMA
 * @runs: runs of virtually and physically contiguous resident pages
 * @order: @rss by folio order
 * @node: @rss + @hugetlb by NUMA node, @nr_nodes entries
 * @nr_nodes: size of @node
 */
struct vms_counts {
	u64 vsz;
	u64 rss;
	u64 anon;
	u64 file;
	u64 shmem;
	u64 zero;
	u64 swap;
	u64 none;
	u64 other;
	u64 pss;
	u64 shared;
	u64 private;
	u64 dirty;
	u64 young;
	u64 softdirty;
	u64 locked;
	u64 ksm;
	u64 thp;
	u64 hugetlb;
	u64 hpage;
	u64 pgtables;
	u64 runs;
	u64 order[VMS_ORDERS];
	u64 *node;
	unsigned int nr_nodes;
};

/**
 * struct vms_task_info - task record figures that are not sums over VMAs
 * @pgtables: the mm's page-table bytes (VmPTE)
 * @minflt: minor faults of the thread group
 * @majflt: major faults of the thread group
 * @oom_score_adj: as /proc/PID/oom_score_adj
 */
struct vms_task_info {
	u64 pgtables;
	unsigned long minflt;
	unsigned long majflt;
	int oom_score_adj;
};

/**
 * struct vms_entry - one or more consecutive base pages as an entry maps them
 * @addr: first virtual address
 * @nr: base pages covered
 * @pfn: first frame (present and zero states)
 * @state: enum vms_state
 * @type: enum vms_type
 * @map: enum vms_map (present and zero states)
 * @order: folio order (present and zero states)
 * @node: NUMA node of the frame, -1 if none
 * @hugetlb: a hugetlb page
 * @dirty: dirty in the entry or the folio
 * @young: young in the entry, or folio young or referenced
 * @softdirty: soft-dirty in the entry or by VM_SOFTDIRTY
 * @ksm: a KSM folio
 */
struct vms_entry {
	unsigned long addr;
	unsigned long nr;
	unsigned long pfn;
	u8 state;
	u8 type;
	u8 map;
	u8 order;
	int node;
	bool hugetlb;
	bool dirty;
	bool young;
	bool softdirty;
	bool ksm;
};

/**
 * struct vms_runs - state for counting contiguous runs within one VMA
 * @open: a run is in progress
 * @next_addr: the virtual address that would continue it
 * @next_pfn: the frame that would continue it
 */
struct vms_runs {
	bool open;
	unsigned long next_addr;
	unsigned long next_pfn;
};

/**
 * struct vms_ext - an extent being built
 * @start: first address
 * @end: address past it
 * @pfn: first frame (present and zero)
 * @state: enum vms_state
 * @type: enum vms_type
 * @map: enum vms_map
 * @order: folio order
 * @node: node, -1 if none
 */
struct vms_ext {
	unsigned long start;
	unsigned long end;
	unsigned long pfn;
	u8 state;
	u8 type;
	u8 map;
	u8 order;
	int node;
};

/**
 * struct vms_header - the first record of a report
 * @pid: the pid as requested
 * @comm: the target's command name, raw
 * @kernel: kernel release
 * @page_size: base page size in bytes
 * @nodes: nodes with memory, as a bitmap of at most 64 nodes
 * @nodes_more: true if the machine has nodes beyond the bitmap
 * @time_ns: wall-clock time the walk started
 */
struct vms_header {
	pid_t pid;
	const char *comm;
	const char *kernel;
	unsigned long page_size;
	u64 nodes;
	bool nodes_more;
	u64 time_ns;
};

/**
 * struct vms_trailer - the last record of a report
 * @complete: the walk covered the whole address space
 * @reason: why not, when !@complete
 * @vmas: number of VMAs walked
 * @exts: number of extent records emitted
 * @walk_ns: time spent walking (not waiting for the reader)
 */
struct vms_trailer {
	bool complete;
	const char *reason;
	unsigned long vmas;
	unsigned long exts;
	u64 walk_ns;
};

void vms_render_header(struct vms_buf *b, const struct vms_header *h);
void vms_render_task(struct vms_buf *b, const struct vms_counts *c,
		     const struct vms_task_info *t);
void vms_render_ext(struct vms_buf *b, const struct vms_ext *x, bool with_pfn);
void vms_render_vma(struct vms_buf *b, const struct vms_vma_id *id,
		    const struct vms_counts *c, bool with_runs);
void vms_render_trailer(struct vms_buf *b, const struct vms_trailer *t);

/**
 * struct vms_vma_facts - what describing an entry needs to know of its VMA
 * @type: enum vms_type of entries without a folio
 * @softdirty: VM_SOFTDIRTY
 * @anonymous: vma_is_anonymous()
 * @pfnmap: VM_PFNMAP or VM_MIXEDMAP: frames may lack a struct page
 * @pfnmap_only: VM_PFNMAP: no leaf is looked behind
 * @shmem: the shmem mapping behind the VMA if it has swapped-out pages
 * @vm_start: the VMA's start, to turn addresses into @shmem indexes
 * @vm_pgoff: the VMA's file offset in pages
 */
struct vms_vma_facts {
	u8 type;
	bool softdirty;
	bool anonymous;
	bool pfnmap;
	bool pfnmap_only;
	struct address_space *shmem;
	unsigned long vm_start;
	unsigned long vm_pgoff;
};

/* The index in the VMA's file (its shmem object) of the page at @addr. */
static inline unsigned long vms_facts_index(const struct vms_vma_facts *f,
					    unsigned long addr)
{
	return f->vm_pgoff + ((addr - f->vm_start) >> PAGE_SHIFT);
}

/* ---- account.c, extents.c ------------------------------------------ */

void vms_counts_reset(struct vms_counts *c);
void vms_counts_add(struct vms_counts *sum, const struct vms_counts *c);
void vms_account_entry(struct vms_counts *c, const struct vms_entry *e);
void vms_account_share(struct vms_counts *c, unsigned long nr,
		       unsigned int mapcount, bool locked);
void vms_runs_feed(struct vms_runs *r, struct vms_counts *c,
		   unsigned long addr, unsigned long pfn, unsigned long nr);
bool vms_counts_consistent(const struct vms_counts *c);
bool vms_entry_batch(struct vms_entry *run, const struct vms_entry *e,
		     bool with_pfn);
void vms_ext_start(struct vms_ext *x, const struct vms_entry *e);
bool vms_ext_extend(struct vms_ext *x, const struct vms_entry *e,
		    bool with_pfn);

/* ---- classify.c ----------------------------------------------------- */

/**
 * struct vms_kind_input - the facts about a VMA that decide its kind
 * @vm_flags: the VMA's flags
 * @anonymous: no vm_ops at all (vma_is_anonymous())
 * @has_file: backed by a file
 * @tmpfs: the file lives on tmpfs/shmem
 * @heap: covers the initial brk heap
 * @stack: covers the initial stack
 * @special: name given by vm_ops->name() (e.g. "[vdso]"), or NULL
 */
struct vms_kind_input {
	unsigned long vm_flags;
	bool anonymous;
	bool has_file;
	bool tmpfs;
	bool heap;
	bool stack;
	const char *special;
};

enum vms_kind vms_classify_vma(const struct vms_kind_input *in);
void vms_entry_init(struct vms_entry *e, const struct vms_vma_facts *f,
		    unsigned long addr, unsigned long end, u8 state, u8 map);
void vms_entry_set_folio(struct vms_entry *e, struct folio *folio,
			 unsigned long pfn);
struct page *vms_classify_pte(pte_t pte, const struct vms_vma_facts *f,
			      unsigned long addr, struct vms_entry *e);
struct page *vms_classify_pmd(pmd_t pmd, const struct vms_vma_facts *f,
			      unsigned long addr, unsigned long end,
			      struct vms_entry *e);
unsigned int vms_share_count(struct folio *folio, struct page *page);
void vms_perms(unsigned long vm_flags, char perms[5]);

/* ---- target.c ------------------------------------------------------- */

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
int vms_pid_lookup(pid_t nr, const struct file *opener, struct pid **pidp);

/* ---- report.c ------------------------------------------------------- */

struct vms_report;

int vms_report_start(struct pid *pid, pid_t nr, const struct vms_request *req,
		     const struct file *opener, struct vms_report **rp);
ssize_t vms_report_read(struct vms_report *r, char __user *ubuf,
			size_t count, loff_t *ppos, const struct file *opener);
void vms_report_free(struct vms_report *r);

/* ---- walk.c --------------------------------------------------------- */

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
 * Extent text held for one VMA while its record is built. A VMA with more
 * gives its record from one pass and its extents from a second.
 */
#define VMS_EXTS_LIMIT	(128 * 1024)

/**
 * struct vms_walk - state of one walk over an mm
 * @mm: the address space, pinned by the caller
 * @req: what to report
 * @physical: the reader may see physical frame numbers (CAP_SYS_ADMIN),
 *	      so runs= may be printed
 * @body: where vma and ext records go
 * @body_limit: vms_walk_more() stops once @body holds this many bytes
 * @exts: ext records of the VMA being walked, appended after its record
 * @total: per-task sums
 * @cur: the record of the VMA being walked
 * @runs: run state of the VMA being walked
 * @ext: the extent being built
 * @ext_open: @ext holds at least one entry
 * @ext_deferred: the VMA's extents overflowed VMS_EXTS_LIMIT: they come
 *		  from the extent pass @xp
 * @xp: the extent pass under way, if any
 * @pend: finished extents of the current step, VMS_PEND_MAX of them,
 *	  rendered once page-table locks are dropped
 * @npend: how many @pend holds
 * @vmas: VMAs visited
 * @nexts: ext records emitted
 * @nexts_vma: ext records of the VMA being walked
 * @work: budget units used since the lock was last dropped
 * @pgt_next: per level (PTE, PMD, PUD table), the address from which
 *	      tables have not been counted yet
 * @floor: the address the walk has reached
 * @restarts: times the VMA at @floor was walked again because it changed
 * @done: the whole address space was walked
 * @pathbuf: scratch space for file paths, PATH_MAX bytes
 */
struct vms_walk {
	struct mm_struct *mm;
	const struct vms_request *req;
	bool physical;
	struct vms_buf *body;
	size_t body_limit;
	struct vms_buf exts;
	struct vms_counts total;
	struct vms_counts cur;
	struct vms_runs runs;
	struct vms_ext ext;
	bool ext_open;
	bool ext_deferred;
	struct vms_ext_pass xp;
	struct vms_ext *pend;
	unsigned int npend;
	unsigned long vmas;
	unsigned long nexts;
	unsigned long nexts_vma;
	unsigned long work;
	unsigned long pgt_next[3];
	unsigned long floor;
	unsigned int restarts;
	bool done;
	char *pathbuf;
};

/* Extents one walk step can finish: one per base page of a PTE table. */
#define VMS_PEND_MAX	1024

int vms_walk_init(struct vms_walk *w, struct mm_struct *mm,
		  struct vms_buf *body, size_t body_limit);
void vms_walk_release(struct vms_walk *w);
int vms_walk_more(struct vms_walk *w);
void vms_walk_stop(struct vms_walk *w);
int vms_walk_mm(struct vms_walk *w);
#if IS_ENABLED(CONFIG_KUNIT)
int vms_walk_vma(struct vms_walk *w, struct vm_area_struct **vmap,
		 unsigned long start, bool no_yield);
#endif

/* ---- main.c: counters shown in debugfs "stats" ---------------------- */

/**
 * struct vms_stats - module-wide counters
 * @walks: completed walks
 * @vmas: VMAs visited
 * @yields: times the walker dropped mmap_lock to let others in
 * @entries: page-table entries (and empty upper-level ranges) visited
 * @restarts: VMAs whose walk restarted because they changed while unlocked
 * @clipped: VMAs reported from the resume point after a lock yield
 * @ext_passes: VMAs whose extents came from a second pass (too many to
 *		hold while the record was built)
 * @err_inval: requests rejected as malformed
 * @err_srch: targets that did not exist or had no mm
 * @err_acces: targets the caller may not inspect
 * @err_perm: pfn asked for without CAP_SYS_ADMIN
 * @err_intr: walks interrupted by a fatal signal
 * @err_nomem: walks that ran out of memory
 */
struct vms_stats {
	atomic64_t walks;
	atomic64_t vmas;
	atomic64_t entries;
	atomic64_t yields;
	atomic64_t restarts;
	atomic64_t clipped;
	atomic64_t ext_passes;
	atomic64_t err_inval;
	atomic64_t err_srch;
	atomic64_t err_acces;
	atomic64_t err_perm;
	atomic64_t err_intr;
	atomic64_t err_nomem;
};

extern struct vms_stats vms_stats;
extern unsigned int vms_max_tracked;
extern unsigned int vms_yield_budget;

void vms_count_error(int err);
void vms_render_version(struct vms_buf *b);
void vms_render_stats(struct vms_buf *b);

/* ---- procfs.c / debugfs.c ------------------------------------------- */

int vms_procfs_init(void);
void vms_procfs_exit(void);
int vms_debugfs_init(void);
void vms_debugfs_exit(void);

#endif /* VMSCOPE_H */
