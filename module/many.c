// SPDX-License-Identifier: GPL-2.0
/*
 * A request naming many targets ("*" or a list of PIDs): the reply is the
 * report of one process after the other, each exactly as a request for
 * that process alone would give it (report.c), each with its own
 * trailer; a process that cannot be reported gives one line,
 * "end pid=P status=skipped reason=R"; a "done" record closes the reply.
 *
 * Only one report exists at a time, and it is started when the reader
 * has read the one before: the kernel holds what one single-process
 * report holds plus one short line, whatever the number of processes,
 * and each target's mmap_lock is taken exactly as for a single-process
 * walk. Nothing is pinned between processes but the pid namespace and
 * the place reached (a pid number or an index in the list), so a process
 * that exits before its turn is reported as exited and one that appears
 * behind the place reached is not reported.
 *
 * "*" visits the thread-group leaders of the requester's pid namespace
 * by increasing pid number, as /proc's readdir does (find_ge_pid() and
 * pid_task(PIDTYPE_TGID)), leaving out kernel threads, which have no
 * address space to report.
 */
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "alloc.h"
#include "many.h"
#include "report.h"
#include "request.h"
#include "text.h"

/**
 * struct vms_many - a reply to a request naming many targets
 * @req: the request
 * @ns: the requester's pid namespace, referenced: numbers are its
 * @next: with @req.every, the lowest pid number not looked at yet
 * @idx: otherwise the index in @req.targets of the next PID
 * @cur: the report being read, or NULL between two
 * @cur_nr: the pid number of @cur's process
 * @cur_pos: bytes of @cur read
 * @out: a line of the reply's own (skipped process, closing record)
 * @off: bytes of @out read
 * @pos: bytes of the reply read
 * @reports: reports started
 * @skipped: processes skipped
 * @done: the closing record is in @out
 * @err: the error that ended the reply, returned by every later read
 */
struct vms_many {
	struct vms_request req;
	struct pid_namespace *ns;
	pid_t next;
	unsigned int idx;
	struct vms_report *cur;
	pid_t cur_nr;
	loff_t cur_pos;
	struct vms_text out;
	size_t off;
	loff_t pos;
	unsigned long reports;
	unsigned long skipped;
	bool done;
	int err;
};

/**
 * vms_many_start() - begin a reply to a request naming many targets
 * @req: the request (vms_request_many())
 * @ns: the pid namespace its numbers are in; referenced by the reply
 * @mp: the reply, on success
 *
 * Nothing is looked up before the first read.
 *
 * Return: 0 or -ENOMEM.
 */
int vms_many_start(const struct vms_request *req, struct pid_namespace *ns,
		   struct vms_many **mp)
{
	struct vms_many *m = kzalloc(sizeof(*m), VMS_GFP);

	if (!m)
		return -ENOMEM;
	m->req = *req;
	m->ns = get_pid_ns(ns);
	m->next = 1;
	vms_text_init(&m->out);
	*mp = m;
	return 0;
}

/* One line for a process not reported. */
static void vms_many_skip(struct vms_many *m, pid_t nr, const char *reason)
{
	m->skipped++;
	vms_text_printf(&m->out, VMS_REC_END " " VMS_K_PID "=%d " VMS_K_STATUS
			"=" VMS_STATUS_SKIPPED " " VMS_K_REASON "=%s\n",
			nr, reason);
}

/*
 * The next process of a "*" request: a referenced struct pid and its
 * number, or NULL when every pid number was looked at.
 */
static struct pid *vms_many_next_tgid(struct vms_many *m, pid_t *nr)
{
	struct pid *pid;

	rcu_read_lock();
	for (;;) {
		struct task_struct *task;

		pid = find_ge_pid(m->next, m->ns);
		if (!pid)
			break;
		*nr = pid_nr_ns(pid, m->ns);
		m->next = *nr + 1;
		/* Threads' pids have no TGID task; kernel threads no mm. */
		task = pid_task(pid, PIDTYPE_TGID);
		if (task && !(task->flags & PF_KTHREAD)) {
			get_pid(pid);
			break;
		}
	}
	rcu_read_unlock();
	return pid;
}

/* Is @pid a kernel thread's? */
static bool vms_pid_is_kthread(struct pid *pid)
{
	struct task_struct *task = get_pid_task(pid, PIDTYPE_PID);
	bool kthread;

	if (!task)
		return false;
	kthread = task->flags & PF_KTHREAD;
	put_task_struct(task);
	return kthread;
}

/*
 * Go on to the next process: start its report, or put its one line (or
 * the closing record) into m->out. Return: 0 or an error that ends the
 * reply (-EINTR, -ENOMEM).
 */
static int vms_many_advance(struct vms_many *m, const struct file *opener)
{
	struct pid *pid;
	pid_t nr;
	int err;

	if (m->req.every) {
		pid = vms_many_next_tgid(m, &nr);
	} else if (m->idx < m->req.ntargets) {
		nr = m->req.targets[m->idx++];
		rcu_read_lock();
		pid = get_pid(find_pid_ns(nr, m->ns));
		rcu_read_unlock();
		if (!pid) {
			vms_many_skip(m, nr, VMS_REASON_EXITED);
			return m->out.err;
		}
	} else {
		pid = NULL;
	}
	if (!pid) {
		vms_text_printf(&m->out, VMS_REC_DONE " " VMS_K_REPORTS "=%lu "
				VMS_K_SKIPPED "=%lu\n", m->reports, m->skipped);
		m->done = true;
		return m->out.err;
	}
	if (vms_pid_is_kthread(pid)) {
		vms_many_skip(m, nr, VMS_REASON_KTHREAD);
		put_pid(pid);
		return m->out.err;
	}
	err = vms_report_start(pid, nr, &m->req, opener, &m->cur);
	put_pid(pid);
	if (!err) {
		m->reports++;
		m->cur_nr = nr;
		m->cur_pos = 0;
		return 0;
	}
	m->cur = NULL;
	if (err == -ESRCH)
		vms_many_skip(m, nr, VMS_REASON_EXITED);
	else if (err == -EACCES)
		vms_many_skip(m, nr, VMS_REASON_DENIED);
	else
		return err;
	return m->out.err;
}

/*
 * The reader may no longer inspect the current target (its credentials
 * changed, or the descriptor passed to another process): its report ends
 * here with a trailer of its own, or, if nothing of it was read, it is a
 * skipped process; the next process's rights are checked when its turn
 * comes.
 */
static void vms_many_denied(struct vms_many *m)
{
	vms_report_free(m->cur);
	m->cur = NULL;
	if (!m->cur_pos) {
		m->reports--;
		vms_many_skip(m, m->cur_nr, VMS_REASON_DENIED);
		return;
	}
	vms_text_printf(&m->out, VMS_REC_END " " VMS_K_STATUS "="
			VMS_STATUS_PARTIAL " " VMS_K_REASON "="
			VMS_REASON_DENIED "\n");
}

/**
 * vms_many_read() - copy the next part of the reply to user space
 * @m: the reply
 * @ubuf: user buffer
 * @count: its size
 * @ppos: position in the reply, advanced by the bytes copied
 * @opener: the file read from, for the permission checks
 *
 * As vms_report_read(), one report after the other: a process the
 * reader may not inspect, or that is gone, is a line of the reply, not
 * an error of it. A fatal signal or an allocation failure ends the
 * reply with the errno, and every later read returns it.
 *
 * Context: process context, may sleep; takes each target's mmap_lock in
 * turn, as a single-process report does.
 * Return: bytes copied, 0 after the closing record, or an errno.
 */
ssize_t vms_many_read(struct vms_many *m, char __user *ubuf, size_t count,
		      loff_t *ppos, const struct file *opener)
{
	ssize_t n;
	int err;

	if (m->err)
		return m->err;
	if (*ppos != m->pos)
		return -ESPIPE;
	if (!count)
		return 0;
	for (;;) {
		if (m->off < m->out.len) {
			n = min(count, m->out.len - m->off);
			if (copy_to_user(ubuf, m->out.data + m->off, n))
				return -EFAULT;
			m->off += n;
			break;
		}
		m->out.len = 0;
		m->off = 0;
		if (m->cur) {
			loff_t p = m->cur_pos;

			n = vms_report_read(m->cur, ubuf, count, &p, opener);
			if (n > 0) {
				m->cur_pos = p;
				break;
			}
			if (n == 0) {
				vms_report_free(m->cur);
				m->cur = NULL;
				continue;
			}
			if (n == -EACCES) {
				vms_many_denied(m);
				err = m->out.err;
			} else {
				err = n;
			}
			if (err == -EFAULT)
				return err;
			if (err) {
				m->err = err;
				return err;
			}
			continue;
		}
		if (m->done)
			return 0;
		err = vms_many_advance(m, opener);
		if (err) {
			m->err = err;
			return err;
		}
	}
	m->pos += n;
	*ppos += n;
	return n;
}

/**
 * vms_many_free() - release a reply and what it holds
 * @m: the reply, or NULL
 */
void vms_many_free(struct vms_many *m)
{
	if (!m)
		return;
	vms_report_free(m->cur);
	put_pid_ns(m->ns);
	vms_text_free(&m->out);
	kfree(m);
}
