// SPDX-License-Identifier: GPL-2.0
/*
 * One report: pin the target, walk it, render header, task, records and
 * trailer. A report is either built whole or not at all: on any error the
 * caller gets the errno and no text.
 */
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
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
 * signal, -ENOMEM, -EOPNOTSUPP for extents. On error @r is left empty.
 */
int vms_report_build(struct vms_report *r, struct pid *pid, pid_t nr,
		     const struct vms_request *req, const struct file *opener)
{
	char comm[TASK_COMM_LEN];
	struct vms_trailer trailer = { .complete = true };
	struct vms_header h = { .pid = nr, .page_size = PAGE_SIZE };
	struct vms_target t;
	struct vms_walk w = { .req = req, .body = &r->body };
	u64 t0;
	int err;

	vms_buf_init(&r->head);
	vms_buf_init(&r->body);
	/* Extents come with the page-table walk; not in this version yet. */
	if (req->sections & VMS_SECT_EXTENTS) {
		err = -EOPNOTSUPP;
		goto out;
	}
	err = vms_target_get(pid, opener, &t);
	if (err)
		goto out;
	w.mm = t.mm;
	w.pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!w.pathbuf) {
		err = -ENOMEM;
		goto put;
	}

	h.time_ns = ktime_get_real_ns();
	t0 = ktime_get_ns();
	err = vms_walk_mm(&w);
	h.walk_ns = ktime_get_ns() - t0;
	if (err)
		goto free;

	trailer.vmas = w.vmas;
	vms_render_trailer(&r->body, &trailer);

	__get_task_comm(comm, sizeof(comm), t.task);
	h.comm = comm;
	h.kernel = init_utsname()->release;
	vms_header_nodes(&h);
	vms_render_header(&r->head, &h);
	if (req->sections & VMS_SECT_SUMMARY)
		vms_render_task(&r->head, &w.total);
	err = r->head.err ?: r->body.err;
	if (!err)
		atomic64_inc(&vms_stats.walks);
free:
	kfree(w.pathbuf);
put:
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
