// SPDX-License-Identifier: GPL-2.0
/*
 * A request naming many targets ("*" or a list of PIDs): the reply is the
 * report of one process after the other, each exactly as a request for
 * that process alone would give it (report.c), each with its own
 * trailer; a process that cannot be reported gives one line,
 * "skip pid=P reason=R"; a "done" record closes the reply.
 *
 * Only one report exists at a time, and it is started when the reader
 * has read the one before: the kernel holds what one single-process
 * report holds plus one short line, whatever the number of processes,
 * and each target's mmap_lock is taken exactly as for a single-process
 * walk. Nothing is pinned between processes but the pid namespace, the
 * struct pids of a list (pinned when the request is written, so that a
 * number recycled since never names another process) and the place
 * reached, so a process that exits before its turn is reported as exited
 * and one that appears behind the place reached is not reported.
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
 * struct vms_pids - the processes a list names, pinned at write()
 * @n: number of entries, those of the request's targets
 * @t: per listed number, in the order given: the number and its struct
 *     pid, NULL if it had none
 */
struct vms_pids {
	unsigned int n;
	struct {
		pid_t nr;
		struct pid *pid;
	} t[];
};

/**
 * struct vms_many - a reply to a request naming many targets
 * @req: the request (the session's)
 * @ns: the requester's pid namespace, referenced: numbers are its
 * @pids: with a list, its pinned pids (the session's, borrowed)
 * @next: with @req->every, the lowest pid number not looked at yet
 * @idx: otherwise the index in @pids of the next PID
 * @cur: the report being read, or NULL between two
 * @cur_nr: the pid number of @cur's process
 * @cur_pos: bytes of @cur read
 * @out: lines of the reply's own (skipped processes, a trailer after a
 *	 loss of rights, the closing record)
 * @off: bytes of @out read
 * @pos: bytes of the reply read
 * @reports: reports started
 * @skipped: processes skipped
 * @done: the closing record is in @out
 * @err: the error that ended the reply, returned by every later read
 */
struct vms_many {
	const struct vms_request *req;
	struct pid_namespace *ns;
	const struct vms_pids *pids;
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

/* Pid numbers looked at under one RCU read-side section by "*". */
#define VMS_MANY_SCAN	1024

/**
 * vms_pids_get() - pin the processes a list names
 * @req: a request naming a list (not "*")
 * @targets: its PIDs, as parsed
 * @ns: the pid namespace its numbers are in
 * @pp: the pinned pids, on success
 *
 * Only the struct pids are pinned, not the tasks, and nothing is
 * checked: a number without a process is reported as exited, and the
 * caller's rights are checked when the reply reaches each process.
 *
 * Return: 0 or -ENOMEM.
 */
int vms_pids_get(const struct vms_request *req,
		 const struct vms_targets *targets, struct pid_namespace *ns,
		 struct vms_pids **pp)
{
	struct vms_pids *p;
	unsigned int i;

	p = kmalloc(struct_size(p, t, req->ntargets), VMS_GFP);
	if (!p)
		return -ENOMEM;
	p->n = req->ntargets;
	rcu_read_lock();
	for (i = 0; i < p->n; i++) {
		p->t[i].nr = targets->pid[i];
		p->t[i].pid = get_pid(find_pid_ns(targets->pid[i], ns));
	}
	rcu_read_unlock();
	*pp = p;
	return 0;
}

/**
 * vms_pids_put() - release pinned pids
 * @p: from vms_pids_get(), or NULL
 */
void vms_pids_put(struct vms_pids *p)
{
	unsigned int i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		put_pid(p->t[i].pid);
	kfree(p);
}

/**
 * vms_many_start() - begin a reply to a request naming many targets
 * @req: the request (vms_request_many()), which must outlive the reply
 * @ns: the pid namespace its numbers are in; referenced by the reply
 * @pids: with a list, its pinned pids (vms_pids_get()), which must
 *	  outlive the reply; NULL for "*"
 * @mp: the reply, on success
 *
 * Nothing is looked up before the first read.
 *
 * Return: 0 or -ENOMEM.
 */
int vms_many_start(const struct vms_request *req, struct pid_namespace *ns,
		   const struct vms_pids *pids, struct vms_many **mp)
{
	struct vms_many *m = kzalloc(sizeof(*m), VMS_GFP);

	if (!m)
		return -ENOMEM;
	m->req = req;
	m->ns = get_pid_ns(ns);
	m->pids = pids;
	m->next = 1;
	vms_text_init(&m->out);
	*mp = m;
	return 0;
}

/* One line for a process not reported. */
static void vms_many_skip(struct vms_many *m, pid_t nr, const char *reason)
{
	m->skipped++;
	vms_text_printf(&m->out, VMS_REC_SKIP " " VMS_K_PID "=%d " VMS_K_REASON
			"=%s\n", nr, reason);
}

/*
 * The next process of a "*" request: a referenced struct pid and its
 * number; NULL when every pid number was looked at; ERR_PTR(-EAGAIN)
 * after VMS_MANY_SCAN numbers without one (threads, kernel threads), so
 * that the caller can reschedule between RCU sections.
 */
static struct pid *vms_many_next_tgid(struct vms_many *m, pid_t *nr)
{
	unsigned int seen = 0;
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
		if (++seen == VMS_MANY_SCAN) {
			pid = ERR_PTR(-EAGAIN);
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
 * The next process of the reply, referenced, and its number; NULL at the
 * end of the reply; ERR_PTR(-ESRCH) for a listed number that had no
 * process at write(); ERR_PTR(-EINTR) on a fatal signal.
 */
static struct pid *vms_many_next(struct vms_many *m, pid_t *nr)
{
	struct pid *pid;

	if (!m->req->every) {
		if (m->idx >= m->pids->n)
			return NULL;
		*nr = m->pids->t[m->idx].nr;
		/* A number without a process at write(): no pid, "exited" */
		pid = get_pid(m->pids->t[m->idx++].pid);
		return pid ? pid : ERR_PTR(-ESRCH);
	}
	for (;;) {
		pid = vms_many_next_tgid(m, nr);
		if (!IS_ERR(pid))
			return pid;
		if (fatal_signal_pending(current))
			return ERR_PTR(-EINTR);
		cond_resched();
	}
}

/*
 * Go on to the next process: start its report, or put its one line (or
 * the closing record) into m->out. Return: 0 or an error that ends the
 * reply (-EINTR, -ENOMEM).
 */
static int vms_many_advance(struct vms_many *m, const struct file *opener)
{
	struct pid *pid;
	pid_t nr = 0;
	int err;

	pid = vms_many_next(m, &nr);
	if (!pid) {
		vms_text_printf(&m->out, VMS_REC_DONE " " VMS_K_REPORTS "=%lu "
				VMS_K_SKIPPED "=%lu\n", m->reports, m->skipped);
		m->done = true;
		return m->out.err;
	}
	if (!IS_ERR(pid) && vms_pid_is_kthread(pid)) {
		put_pid(pid);
		vms_many_skip(m, nr, VMS_REASON_KTHREAD);
		return m->out.err;
	}
	if (IS_ERR(pid)) {
		err = PTR_ERR(pid);
	} else {
		err = vms_report_start(pid, nr, m->req, opener, NULL,
				       &m->cur);
		put_pid(pid);
	}
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
 * changed, or the descriptor passed to another process). If nothing of
 * its report was read, it is a skipped process; if what was read ends a
 * line, the report ends there with a trailer of its own; the next
 * process's rights are checked when its turn comes. Mid-line, no trailer
 * can follow, and the rest of the line is not the reader's to have: the
 * reply ends with -EACCES, as a single report does.
 */
static int vms_many_denied(struct vms_many *m)
{
	bool at_line = vms_report_at_line_start(m->cur);

	vms_report_free(m->cur);
	m->cur = NULL;
	if (!m->cur_pos) {
		m->reports--;
		vms_many_skip(m, m->cur_nr, VMS_REASON_DENIED);
		return m->out.err;
	}
	if (!at_line)
		return -EACCES;
	vms_text_printf(&m->out, VMS_REC_END " " VMS_K_PID "=%d " VMS_K_STATUS
			"=" VMS_STATUS_PARTIAL " " VMS_K_REASON "="
			VMS_REASON_DENIED "\n", m->cur_nr);
	return m->out.err;
}

/*
 * Does a reader in @reader see every pid of @ns? Only if @reader is @ns
 * or one of its ancestors: the pid numbers of a reply are @ns's, and a
 * descriptor may reach a process in a child namespace.
 */
static bool vms_ns_sees(const struct pid_namespace *reader,
			const struct pid_namespace *ns)
{
	for (; ns; ns = ns->parent)
		if (ns == reader)
			return true;
	return false;
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
 * an error of it. One read returns either part of one report or as many
 * of the reply's own lines as fit. A fatal signal or an allocation
 * failure ends the reply with the errno, and every later read returns
 * it; so does a loss of rights in the middle of a line. A reader outside
 * the writer's pid namespace and its ancestors gets -EACCES.
 *
 * Context: process context, may sleep; takes each target's mmap_lock in
 * turn, as a single-process report does.
 * Return: bytes copied, 0 after the closing record, or an errno.
 */
ssize_t vms_many_read(struct vms_many *m, char __user *ubuf, size_t count,
		      loff_t *ppos, const struct file *opener)
{
	size_t done = 0, n;
	ssize_t got;
	int err = 0;

	if (m->err)
		return m->err;
	if (*ppos != m->pos)
		return -ESPIPE;
	if (!vms_ns_sees(task_active_pid_ns(current), m->ns))
		return -EACCES;
	while (done < count) {
		if (m->off < m->out.len) {
			n = min(count - done, m->out.len - m->off);
			if (copy_to_user(ubuf + done, m->out.data + m->off, n)) {
				err = -EFAULT;
				break;
			}
			m->off += n;
			done += n;
			continue;
		}
		m->out.len = 0;
		m->off = 0;
		if (m->cur) {
			loff_t p = m->cur_pos;

			if (done)
				break;	/* a report's part: a read of its own */
			got = vms_report_read(m->cur, ubuf, count, &p, opener);
			if (got > 0) {
				m->cur_pos = p;
				done = got;
			} else if (!got || got == -EACCES) {
				err = got ? vms_many_denied(m) : 0;
				if (!got) {
					vms_report_free(m->cur);
					m->cur = NULL;
				}
			} else {
				err = got;
			}
			/* Read to its trailer: nothing of it stays pinned. */
			if (m->cur && vms_report_drained(m->cur)) {
				vms_report_free(m->cur);
				m->cur = NULL;
			}
			if (err || done)
				break;
			continue;
		}
		if (m->done)
			break;
		/* Lines of our own only: the reader may be killed meanwhile. */
		if (done && fatal_signal_pending(current))
			break;
		cond_resched();
		err = vms_many_advance(m, opener);
		if (err)
			break;
	}
	/*
	 * -EFAULT leaves the reply as it was: the read may be retried. Any
	 * other error ends it, and nothing of the current process stays
	 * pinned.
	 */
	if (err && err != -EFAULT) {
		m->err = err;
		vms_report_free(m->cur);
		m->cur = NULL;
	}
	if (err && !done)
		return err;
	m->pos += done;
	*ppos += done;
	return done;
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
