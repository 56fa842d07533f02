// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions: the state behind one open file of either front end - the
 * accepted request, the target it names, and the report being read.
 *
 * Rules: a rejected request changes nothing; a report is read in order
 * as it is walked (report.c); seeking to 0 (or a new request) makes the
 * next read walk afresh.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "alloc.h"
#include "many.h"
#include "report.h"
#include "session.h"
#include "target.h"

/**
 * vms_session_alloc() - a session with no request yet
 *
 * Return: the session, or NULL.
 */
struct vms_session *vms_session_alloc(void)
{
	struct vms_session *s = kzalloc(sizeof(*s), VMS_GFP);

	if (s)
		mutex_init(&s->lock);
	return s;
}

/**
 * vms_session_free() - release a session and everything it holds
 * @s: the session, or NULL
 */
void vms_session_free(struct vms_session *s)
{
	if (!s)
		return;
	vms_report_free(s->report);
	vms_many_free(s->many);
	vms_pids_put(s->pids);
	vms_target_put(&s->target);
	put_pid(s->pid);
	if (s->ns)
		put_pid_ns(s->ns);
	mutex_destroy(&s->lock);
	kfree(s);
}

static void vms_session_drop_report(struct vms_session *s)
{
	vms_report_free(s->report);
	s->report = NULL;
	vms_many_free(s->many);
	s->many = NULL;
}

/**
 * vms_session_set() - install an already parsed request
 * @s: the session
 * @file: the file it belongs to
 * @req: the request
 * @targets: the PIDs it names (req->ntargets of them)
 *
 * A request naming one process resolves and checks it now; one naming
 * many keeps the writer's pid namespace and, for a list, pins each
 * listed process's struct pid; each process is checked when the reply
 * reaches it (many.c).
 *
 * Return: 0, -ESRCH, -EACCES, -EPERM, -ENOMEM or -EINTR; on error the
 * session is unchanged.
 */
int vms_session_set(struct vms_session *s, const struct file *file,
		    const struct vms_request *req,
		    const struct vms_targets *targets)
{
	struct vms_target target = { .task = NULL };
	struct pid_namespace *ns = NULL;
	struct vms_pids *pids = NULL;
	struct pid *pid = NULL;
	int err = 0;

	if ((req->options & VMS_OPT_PFN) && !vms_may_see_pfns(file, true))
		return -EPERM;
	if (vms_request_many(req)) {
		ns = get_pid_ns(task_active_pid_ns(current));
		if (!req->every)
			err = vms_pids_get(req, targets, ns, &pids);
	} else {
		err = vms_pid_lookup(req->pid, file, &pid, &target);
	}
	if (!err)
		err = mutex_lock_killable(&s->lock);
	if (err) {
		vms_pids_put(pids);
		vms_target_put(&target);
		put_pid(pid);
		if (ns)
			put_pid_ns(ns);
		return err;
	}
	vms_session_drop_report(s);
	vms_pids_put(s->pids);
	vms_target_put(&s->target);
	put_pid(s->pid);
	if (s->ns)
		put_pid_ns(s->ns);
	s->target = target;
	s->pid = pid;
	s->ns = ns;
	s->pids = pids;
	s->req = *req;
	mutex_unlock(&s->lock);
	return 0;
}

/**
 * vms_session_write() - accept one request line from user space
 * @s: the session
 * @file: the file written to
 * @ubuf: the line
 * @count: its length
 *
 * Return: @count on success; -EINVAL for a malformed line, -EFAULT, or
 * the errors of vms_session_set().
 */
ssize_t vms_session_write(struct vms_session *s, const struct file *file,
			  const char __user *ubuf, size_t count)
{
	char line[VMS_REQUEST_MAX];
	struct vms_targets targets;
	struct vms_request req;
	int err;

	if (count == 0 || count > sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	err = vms_request_parse(line, count, &req, &targets);
	if (err)
		return err;
	err = vms_session_set(s, file, &req, &targets);
	return err ? err : count;
}

/**
 * vms_session_fill() - make sure the session has a report under way
 * @s: the session, locked
 * @file: its file
 *
 * Return: 0, -EINVAL if no request was accepted yet, or the errors of
 * vms_report_start() and vms_many_start().
 */
int vms_session_fill(struct vms_session *s, const struct file *file)
{
	lockdep_assert_held(&s->lock);
	if (s->report || s->many)
		return 0;
	if (s->ns)
		return vms_many_start(&s->req, s->ns, s->pids, &s->many);
	if (!s->pid)
		return -EINVAL;
	return vms_report_start(s->pid, s->req.pid, &s->req, file, &s->target,
				&s->report);
}

/**
 * vms_session_read() - read the report, walking first if needed
 * @s: the session
 * @file: its file
 * @ubuf: user buffer
 * @count: its size
 * @ppos: file position
 *
 * Return: bytes read, 0 at the end of the report, or an errno.
 */
ssize_t vms_session_read(struct vms_session *s, const struct file *file,
			 char __user *ubuf, size_t count, loff_t *ppos)
{
	ssize_t ret;

	ret = mutex_lock_killable(&s->lock);
	if (ret)
		return ret;
	ret = vms_session_fill(s, file);
	if (!ret && s->many) {
		ret = vms_many_read(s->many, ubuf, count, ppos, file);
	} else if (!ret) {
		loff_t pos = *ppos;

		ret = vms_report_read(s->report, ubuf, count, ppos, file);
		/*
		 * The reader was refused before it read any of the report
		 * (its rights are checked at the read, vms_report_start()):
		 * the report goes, so that one who may read it gets a report
		 * started at that read, as if this one had never been made.
		 */
		if (!pos && (ret == -EACCES || ret == -EPERM))
			vms_session_drop_report(s);
	}
	mutex_unlock(&s->lock);
	return ret;
}

/**
 * vms_session_llseek() - reposition; offset 0 discards the report
 * @s: the session
 * @file: its file
 * @offset: as lseek()
 * @whence: SEEK_SET or SEEK_CUR (the report's size is not known before
 *	    the walk, so SEEK_END is refused)
 *
 * Return: the new position, or -EINVAL.
 */
loff_t vms_session_llseek(struct vms_session *s, struct file *file,
			  loff_t offset, int whence)
{
	loff_t pos;

	if (mutex_lock_killable(&s->lock))
		return -EINTR;
	switch (whence) {
	case SEEK_SET:
		pos = offset;
		break;
	case SEEK_CUR:
		pos = file->f_pos + offset;
		break;
	default:
		pos = -EINVAL;
		break;
	}
	/* The report streams: only its start can be gone back to. */
	if (pos == 0)
		vms_session_drop_report(s);
	if (pos >= 0)
		file->f_pos = pos;
	else
		pos = -EINVAL;
	mutex_unlock(&s->lock);
	return pos;
}
