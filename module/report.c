// SPDX-License-Identifier: GPL-2.0
/*
 * One report: pin the target, walk it, render header, task, records and
 * trailer. A report is either built whole or not at all: on any error the
 * caller gets the errno and no text.
 */
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include "vmscope.h"

static void vms_header_nodes(struct vms_header *h)
{
	int nid;

	h->nodes = 0;
	h->nodes_more = false;
	for_each_node_state(nid, N_MEMORY) {
		if (nid < 64)
			h->nodes |= 1ULL << nid;
		else
			h->nodes_more = true;
	}
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

static int vms_walk_alloc(struct vms_walk *w)
{
	w->pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	w->cur.node = kcalloc(nr_node_ids, sizeof(u64), GFP_KERNEL);
	w->total.node = kcalloc(nr_node_ids, sizeof(u64), GFP_KERNEL);
	w->pend = kvmalloc_array(VMS_PEND_MAX, sizeof(*w->pend), GFP_KERNEL);
	w->cur.nr_nodes = nr_node_ids;
	w->total.nr_nodes = nr_node_ids;
	vms_buf_init(&w->exts);
	if (!w->pathbuf || !w->cur.node || !w->total.node || !w->pend)
		return -ENOMEM;
	return 0;
}

static void vms_walk_free(struct vms_walk *w)
{
	kfree(w->pathbuf);
	kfree(w->cur.node);
	kfree(w->total.node);
	kvfree(w->pend);
	vms_buf_free(&w->exts);
}

/**
 * vms_report_build() - walk a process and render the requested report
 * @r: an empty report, filled on success
 * @pid: the target
 * @nr: its number as the requester named it, for the header
 * @req: what to report
 * @opener: the file the request came through, for permission checks
 *
 * Context: process context, may sleep; takes the target's mmap_lock.
 * Return: 0; -ESRCH, -EACCES (see vms_target_get()), -EINTR on a fatal
 * signal, -ENOMEM. On error @r is left empty.
 */
int vms_report_build(struct vms_report *r, struct pid *pid, pid_t nr,
		     const struct vms_request *req, const struct file *opener)
{
	char comm[TASK_COMM_LEN];
	struct vms_trailer trailer = { .complete = true };
	struct vms_header h = { .pid = nr, .page_size = PAGE_SIZE };
	struct vms_task_info ti;
	struct vms_target t;
	struct vms_walk w = { .req = req, .body = &r->body };
	u64 t0;
	int err;

	vms_buf_init(&r->head);
	vms_buf_init(&r->body);
	err = vms_target_get(pid, opener, &t);
	if (err)
		goto out;
	w.mm = t.mm;
	err = vms_walk_alloc(&w);
	if (err)
		goto free;

	h.time_ns = ktime_get_real_ns();
	t0 = ktime_get_ns();
	err = vms_walk_mm(&w);
	h.walk_ns = ktime_get_ns() - t0;
	if (err)
		goto free;
	vms_task_info(t.task, t.mm, &ti);

	trailer.vmas = w.vmas;
	trailer.exts = w.nexts;
	vms_render_trailer(&r->body, &trailer);

	__get_task_comm(comm, sizeof(comm), t.task);
	h.comm = comm;
	h.kernel = init_utsname()->release;
	vms_header_nodes(&h);
	vms_render_header(&r->head, &h);
	if (req->sections & VMS_SECT_SUMMARY)
		vms_render_task(&r->head, &w.total, &ti);
	err = r->head.err ?: r->body.err;
	if (!err)
		atomic64_inc(&vms_stats.walks);
free:
	vms_walk_free(&w);
	vms_target_put(&t);
out:
	if (err) {
		vms_report_free(r);
		vms_count_error(err);
	}
	return err;
}

/**
 * vms_report_free() - release a report's text
 * @r: the report
 */
void vms_report_free(struct vms_report *r)
{
	vms_buf_free(&r->head);
	vms_buf_free(&r->body);
}

/**
 * vms_report_read() - copy part of a report to user space
 * @r: the report
 * @ubuf: user buffer
 * @count: its size
 * @ppos: position in the report, advanced by the bytes copied
 *
 * Return: bytes copied, 0 at the end, or -EFAULT.
 */
ssize_t vms_report_read(const struct vms_report *r, char __user *ubuf,
			size_t count, loff_t *ppos)
{
	ssize_t done = 0;
	loff_t pos;
	ssize_t n;

	if (*ppos < r->head.len) {
		n = simple_read_from_buffer(ubuf, count, ppos, r->head.data,
					    r->head.len);
		if (n < 0)
			return n;
		done = n;
	}
	if (done < count && *ppos >= r->head.len) {
		pos = *ppos - r->head.len;
		n = simple_read_from_buffer(ubuf + done, count - done, &pos,
					    r->body.data, r->body.len);
		if (n < 0)
			return done ? done : n;
		done += n;
		*ppos = r->head.len + pos;
	}
	return done;
}
