// SPDX-License-Identifier: GPL-2.0
/*
 * One report, streamed: the header, then vma and ext records as the walk
 * hands them to the text sink (render.c), then the task record (the sums,
 * known only at the end) and the trailer. This unit wires the three: the
 * target (target.c), the walker (walk.c) and the text sink, and serves
 * the text in chunks.
 *
 * Memory is bounded per report whatever the target: the walk stops once
 * VMS_REPORT_CHUNK bytes wait to be read and goes on once they are
 * copied, in the same read() while the reader's buffer has room, or at
 * the next: at the reader's pace. Between reads the report holds the task
 * and an mm_count reference to its mm (not mm_users: a slow reader does
 * not keep an exited process's memory), never a lock; each read takes
 * mm_users again and checks the reader's rights again. A target that exits
 * between reads ends its report "partial reason=exited", a VMA that
 * changed between its record and its extent pass "partial
 * reason=changed"; an error ends the stream with the errno and no
 * trailer, so a reader can never take a cut report for a whole one.
 */
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include "alloc.h"
#include "policy.h"
#include "render.h"
#include "report.h"
#include "request.h"
#include "stats.h"
#include "target.h"
#include "text.h"
#include "walk.h"

/*
 * Report text produced ahead of the reader. With one VMA record and its
 * held extents (walk.c, VMS_HELD_EXTS) it bounds the text buffer;
 * Documentation/walker.rst states the total.
 */
#define VMS_REPORT_CHUNK	(32 * 1024)
/* The text's first allocation when vma or ext records are asked for. */
#define VMS_REPORT_TEXT_START	(16 * 1024)
/*
 * The largest text buffer kept as the spare: what a report with records
 * grows to (a chunk and the record that crosses it, rounded up by
 * doubling), not what a rare long name or extent-heavy VMA needs.
 */
#define VMS_SPARE_TEXT_MAX	(2 * VMS_REPORT_CHUNK)

/*
 * One report's text buffer, kept from one request to the next as the
 * walk keeps its large buffers (walk.c): a report takes it when no other
 * report has it, and otherwise allocates its own; a report gives it back
 * once read to its end. A request then neither allocates nor zeroes
 * (init_on_alloc) its text - with the copy out of a freshly allocated
 * buffer, the largest cost of a report of an almost empty process after
 * its records. Only what the report writes is ever read from it. A flag,
 * not a mutex: a report lives across read() calls.
 */
static atomic_t vms_spare_text_taken = ATOMIC_INIT(0);
static char *vms_spare_text;
static size_t vms_spare_text_size;

/**
 * struct vms_report - a report being produced and read
 * @req: the request (its session's, which outlives the report)
 * @nr: the target's pid number as requested, for the header
 * @t: the target: task referenced, mm held by mm_count between reads
 * @w: the walk, resumed at each read
 * @sink: the text sink the walk writes @out through
 * @out: text produced and not yet read
 * @off: bytes of @out already read
 * @pos: report offset of @out's first byte
 * @spare: @out has the spare text buffer (vms_spare_text_taken)
 * @done: the trailer is in @out
 * @err: the error that ended the stream, returned by every later read
 */
struct vms_report {
	const struct vms_request *req;
	pid_t nr;
	struct vms_target t;
	struct vms_walk *w;
	struct vms_text_sink sink;
	struct vms_text out;
	size_t off;
	loff_t pos;
	bool spare;
	bool done;
	int err;
};

/*
 * Give @r the spare text buffer if no other report has it (allocated
 * here the first time); else, when records will soon fill a chunk, room
 * for them at once rather than growing by doubling (every allocation may
 * be zeroed, init_on_alloc). A summary is a few hundred bytes.
 */
static void vms_report_text_start(struct vms_report *r)
{
	if (atomic_cmpxchg_acquire(&vms_spare_text_taken, 0, 1) == 0) {
		r->spare = true;
		if (!vms_spare_text) {
			vms_spare_text = kvmalloc(VMS_REPORT_TEXT_START,
						  VMS_GFP);
			vms_spare_text_size = VMS_REPORT_TEXT_START;
		}
		if (vms_spare_text) {
			r->out.data = vms_spare_text;
			r->out.size = vms_spare_text_size;
			return;
		}
	}
	if (r->req->sections & ~VMS_SECT_SUMMARY)
		vms_text_reserve(&r->out, VMS_REPORT_TEXT_START);
}

/*
 * Release @r's text. A report that had the spare leaves its buffer as the
 * spare (vms_text_grow() freed the one it took if the text grew), unless
 * it grew beyond VMS_SPARE_TEXT_MAX.
 */
static void vms_report_text_free(struct vms_report *r)
{
	if (r->spare) {
		if (r->out.data && r->out.size <= VMS_SPARE_TEXT_MAX) {
			vms_spare_text = r->out.data;
			vms_spare_text_size = r->out.size;
			vms_text_init(&r->out);
		} else {
			vms_spare_text = NULL;
		}
		r->spare = false;
		atomic_set_release(&vms_spare_text_taken, 0);
	}
	vms_text_free(&r->out);
}

/**
 * vms_report_exit() - free the spare text buffer; no report may exist
 */
void vms_report_exit(void)
{
	/* A report still holding it would use it after the free: leak it. */
	if (WARN_ON_ONCE(atomic_read(&vms_spare_text_taken)))
		return;
	kvfree(vms_spare_text);
	vms_spare_text = NULL;
}

/*
 * The task's memory policy, for the VMAs that have none, as numa_maps
 * takes it when it starts: task_lock() keeps task->mempolicy from being
 * replaced and freed (do_set_mempolicy()) while it is copied.
 */
static void vms_report_task_policy(struct vms_report *r)
{
	struct vms_policy p = { .known = false };

#ifdef CONFIG_NUMA
	task_lock(r->t.task);
	vms_policy_copy(&p, r->t.task->mempolicy);
	task_unlock(r->t.task);
#endif
	vms_walk_set_task_policy(r->w, &p);
}

/* Task figures that are not sums over VMAs, as /proc/PID/stat gives them. */
static void vms_task_info(struct task_struct *task, struct mm_struct *mm,
			  struct vms_task_info *ti)
{
	struct task_struct *t;

	ti->pgtables = mm_pgtables_bytes(mm);
	/* lock_task_sighand() is not exported; a racy sum is fine here. */
	rcu_read_lock();
	ti->minflt = READ_ONCE(task->signal->min_flt);
	ti->majflt = READ_ONCE(task->signal->maj_flt);
	for_each_thread(task, t) {
		ti->minflt += READ_ONCE(t->min_flt);
		ti->majflt += READ_ONCE(t->maj_flt);
	}
	ti->oom_score_adj = READ_ONCE(task->signal->oom_score_adj);
	rcu_read_unlock();
}

static void vms_report_header(struct vms_report *r)
{
	char comm[TASK_COMM_LEN];
	struct vms_header h = {
		.pid = r->nr,
		.page_size = PAGE_SIZE,
		.comm = comm,
		.kernel = init_utsname()->release,
		.time_ns = ktime_get_real_ns(),
	};

	__get_task_comm(comm, sizeof(comm), r->t.task);
	h.nodes = node_states[N_MEMORY];
	vms_render_header(&r->out, &h);
}

/* The task record and the trailer; @reason NULL for a complete walk. */
static void vms_report_tail(struct vms_report *r, const char *reason)
{
	const struct vms_walk_sums *sums = vms_walk_sums(r->w);
	struct vms_trailer trailer = {
		.complete = !reason,
		.reason = reason,
		.vmas = sums->vmas,
		.exts = sums->exts,
		.walk_ns = sums->held_ns,
	};
	struct vms_task_info ti;

	if (r->req->sections & VMS_SECT_SUMMARY) {
		vms_task_info(r->t.task, r->t.mm, &ti);
		vms_render_task(&r->out, &sums->total, &ti);
	}
	vms_render_trailer(&r->out, &trailer);
	r->done = true;
	if (!reason)
		atomic64_inc(&vms_stats.walks);
}

/*
 * Produce the next part of the report into r->out (empty on entry). The
 * caller holds mm_users on the target's mm.
 */
static int vms_report_walk(struct vms_report *r)
{
	int err;

	err = vms_walk_more(r->w);
	/* A record the text could not take fails the report: no trailer. */
	if (!err)
		err = r->out.err;
	if (err == -ESTALE) {
		vms_report_tail(r, VMS_REASON_CHANGED);
		err = 0;
	} else if (!err && vms_walk_done(r->w)) {
		vms_report_tail(r, NULL);
	}
	return err ?: r->out.err;
}

/*
 * The target of a new report: @pinned if it is still the process's
 * address space (see vms_report_start()), else @pid pinned and checked
 * afresh.
 */
static int vms_report_target(struct vms_report *r, struct pid *pid,
			     const struct file *opener,
			     struct vms_target *pinned)
{
	if (pinned && pinned->task) {
		r->t = *pinned;
		memset(pinned, 0, sizeof(*pinned));
		if (!vms_target_resume(&r->t))
			return 0;
		/* It exited or exec'd since: look at the process as it is. */
		vms_target_put(&r->t);
	}
	return vms_target_get(pid, opener, &r->t);
}

/**
 * vms_report_start() - pin a process and begin its report
 * @pid: the target
 * @nr: its number as the requester named it, for the header
 * @req: what to report; must outlive the report
 * @opener: the file the request came through, for permission checks
 * @pinned: NULL, or @pid's process as the request's write pinned and
 *	    checked it (parked, see vms_pid_lookup()); taken over (cleared)
 *	    whatever the result
 * @rp: the report, on success
 *
 * Checks the rights of the opener and the caller, unless @pinned is
 * still the process's address space (its write checked them; the first
 * read checks the reader's before it walks or copies anything), and
 * renders the header; the walk runs as the report is read
 * (vms_report_read(), which checks the reader's rights, frame numbers
 * included, at every read).
 *
 * Context: process context, may sleep.
 * Return: 0; -ESRCH, -EACCES (see vms_target_get()); -EINTR; -ENOMEM.
 */
int vms_report_start(struct pid *pid, pid_t nr, const struct vms_request *req,
		     const struct file *opener, struct vms_target *pinned,
		     struct vms_report **rp)
{
	struct vms_report *r;
	int err;

	r = kzalloc(sizeof(*r), VMS_GFP);
	if (!r) {
		if (pinned)
			vms_target_put(pinned);
		return -ENOMEM;
	}
	r->req = req;
	r->nr = nr;
	vms_text_init(&r->out);
	vms_text_sink_init(&r->sink, &r->out, VMS_REPORT_CHUNK,
			   req->options & VMS_OPT_PFN);
	err = vms_report_target(r, pid, opener, pinned);
	if (err) {
		kfree(r);
		return err;
	}
	r->w = vms_walk_new(r->t.mm, r->req, &r->sink.sink);
	if (r->w) {
		vms_report_task_policy(r);
		vms_report_text_start(r);
		vms_report_header(r);
		err = r->out.err;
	} else {
		err = -ENOMEM;
	}
	vms_target_park(&r->t);
	if (err) {
		vms_report_free(r);
		return err;
	}
	*rp = r;
	return 0;
}

/* Produce the next part of the report, taking the target up again. */
static int vms_report_fill(struct vms_report *r, const struct file *opener)
{
	int err;

	r->pos += r->out.len;
	r->out.len = 0;
	r->off = 0;
	if (vms_target_resume(&r->t)) {
		/* Its address space is gone: the mm's sums are all there is. */
		vms_report_tail(r, VMS_REASON_EXITED);
		return r->out.err;
	}
	r->sink.with_runs = vms_may_see_pfns(opener, false);
	err = vms_report_walk(r);
	vms_target_park(&r->t);
	return err;
}

/**
 * vms_report_read() - copy the next part of a report to user space
 * @r: the report
 * @ubuf: user buffer
 * @count: its size
 * @ppos: position in the report, advanced by the bytes copied
 * @opener: the file read from, for the permission checks of each step
 *
 * The report is read in order: a position other than where the last read
 * ended gives -ESPIPE (seeking to 0 starts a new report, see session.c).
 * A read copies as much as @count allows, producing the report part by
 * part (each at most VMS_REPORT_CHUNK bytes of text) while there is room:
 * a small report, header and trailer, comes in one read, as a seq_file's
 * would. Every read that copies bytes checks the caller's rights again
 * (frame numbers, and the target), also for text produced before: the
 * descriptor may have passed to another process. The end of a report
 * read to its trailer is 0 without a check (nothing is left). Once a
 * read has failed, every later read returns the same error: the stream
 * has no trailer, so what was read is never taken for a whole report. A
 * read that fails after copying returns what it copied and the next one
 * the error, except on a fatal signal (-EINTR at once).
 *
 * Context: process context, may sleep; takes the target's mmap_lock.
 * Return: bytes copied, 0 after the trailer, or -EFAULT, -ESPIPE and the
 * errors of vms_report_start(), -EINTR on a fatal signal.
 */
ssize_t vms_report_read(struct vms_report *r, char __user *ubuf,
			size_t count, loff_t *ppos, const struct file *opener)
{
	size_t done = 0, n;
	int err;

	if (r->err)
		return r->err;
	if (*ppos != r->pos + r->off)
		return -ESPIPE;
	/* Read to its trailer: nothing is left to disclose, no check. */
	if (vms_report_drained(r))
		return 0;
	err = (r->req->options & VMS_OPT_PFN) && !vms_may_see_pfns(opener, true) ?
	      -EPERM : vms_target_check(&r->t, opener);
	if (err)
		return err;
	while (done < count) {
		if (r->off == r->out.len) {
			if (r->done)
				break;
			err = vms_report_fill(r, opener);
			if (err) {
				r->err = err;
				break;
			}
			continue;
		}
		n = min(count - done, r->out.len - r->off);
		if (copy_to_user(ubuf + done, r->out.data + r->off, n)) {
			err = -EFAULT;
			break;
		}
		r->off += n;
		done += n;
	}
	/*
	 * A fatal signal: the caller never sees what was copied, and the
	 * error is what the failed read is counted by (stats.c).
	 */
	if (err == -EINTR)
		return err;
	*ppos += done;
	/* Read to its trailer: the text is not needed again. */
	if (vms_report_drained(r)) {
		r->pos += r->off;
		r->off = 0;
		vms_report_text_free(r);
	}
	return done ?: err;
}

/**
 * vms_report_drained() - has the report been read to its trailer?
 * @r: the report
 *
 * Return: true once every byte of a finished report was read.
 */
bool vms_report_drained(const struct vms_report *r)
{
	return r->done && r->off == r->out.len;
}

/**
 * vms_report_at_line_start() - do the bytes read so far end a line?
 * @r: the report
 *
 * The walker fills the text with whole records, so a fresh part starts a
 * line; within a part, the last byte read says.
 *
 * Return: true if nothing was read, or the last byte read was a newline.
 */
bool vms_report_at_line_start(const struct vms_report *r)
{
	return !r->off || r->out.data[r->off - 1] == '\n';
}

/**
 * vms_report_free() - release a report and what it holds
 * @r: the report, or NULL
 */
void vms_report_free(struct vms_report *r)
{
	if (!r)
		return;
	vms_walk_free(r->w);
	vms_target_put(&r->t);
	vms_report_text_free(r);
	kfree(r);
}
