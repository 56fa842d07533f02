// SPDX-License-Identifier: GPL-2.0
/*
 * Targets: pid number -> struct pid -> task -> mm, and whether the caller
 * may look at it.
 *
 * ptrace_may_access() is not exported, so the check is rebuilt from
 * exported pieces, following __ptrace_may_access() for
 * PTRACE_MODE_READ_FSCREDS (the mode /proc/PID/smaps uses): same
 * credentials, or CAP_SYS_PTRACE in the target's user namespace; and a
 * non-dumpable mm also needs CAP_SYS_PTRACE in the mm's namespace. The LSM
 * hook (security_ptrace_access_check) is not exported either and is not
 * consulted; Documentation/interface.rst says so.
 *
 * Both the opener of the file and the current caller must pass: a
 * privileged opener handing its descriptor to an unprivileged process
 * grants nothing, nor does a privileged writer on a descriptor opened by
 * someone else.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include "vmscope.h"

/* CAP_SYS_PTRACE in @ns for the opener (@file) or for current (!@file). */
static bool vms_has_ptrace_cap(const struct file *file,
			       struct user_namespace *ns)
{
	if (file)
		return file_ns_capable(file, ns, CAP_SYS_PTRACE);
	return ns_capable_noaudit(ns, CAP_SYS_PTRACE);
}

static bool vms_same_creds(const struct cred *caller, const struct cred *tcred)
{
	kuid_t uid = caller->fsuid;
	kgid_t gid = caller->fsgid;

	return uid_eq(uid, tcred->euid) && uid_eq(uid, tcred->suid) &&
	       uid_eq(uid, tcred->uid) && gid_eq(gid, tcred->egid) &&
	       gid_eq(gid, tcred->sgid) && gid_eq(gid, tcred->gid);
}

/*
 * May the holder of @caller (the opener's credentials with @file set, or
 * current's) read @task's memory layout? @mm is the task's mm, pinned.
 */
static bool vms_may_inspect(const struct cred *caller, const struct file *file,
			    struct task_struct *task, struct mm_struct *mm)
{
	struct user_namespace *tns;
	bool ok;

	if (!file && same_thread_group(task, current))
		return true;

	rcu_read_lock();
	ok = vms_same_creds(caller, __task_cred(task));
	tns = get_user_ns(__task_cred(task)->user_ns);
	rcu_read_unlock();
	if (!ok)
		ok = vms_has_ptrace_cap(file, tns);
	put_user_ns(tns);
	if (!ok)
		return false;

	if (get_dumpable(mm) != SUID_DUMP_USER &&
	    !vms_has_ptrace_cap(file, mm->user_ns))
		return false;
	return true;
}

/**
 * vms_target_get() - pin a process and its mm for walking
 * @pid: the process
 * @opener: the file through which it is inspected
 * @t: filled with references on success
 *
 * Context: process context, may sleep.
 * Return: 0; -ESRCH if the process is gone or has no mm (kernel thread,
 * exited); -EACCES if the opener or the caller may not inspect it.
 */
int vms_target_get(struct pid *pid, const struct file *opener,
		   struct vms_target *t)
{
	struct task_struct *task;
	struct mm_struct *mm;

	task = get_pid_task(pid, PIDTYPE_PID);
	if (!task)
		return -ESRCH;
	/* NULL for kernel threads and for tasks past exit_mm(). */
	mm = get_task_mm(task);
	if (!mm) {
		put_task_struct(task);
		return -ESRCH;
	}
	if (!vms_may_inspect(opener->f_cred, opener, task, mm) ||
	    !vms_may_inspect(current_cred(), NULL, task, mm)) {
		mmput(mm);
		put_task_struct(task);
		return -EACCES;
	}
	t->task = task;
	t->mm = mm;
	return 0;
}

/**
 * vms_target_put() - drop what vms_target_get() took
 * @t: the target
 */
void vms_target_put(struct vms_target *t)
{
	mmput(t->mm);
	put_task_struct(t->task);
	t->mm = NULL;
	t->task = NULL;
}

/**
 * vms_pid_lookup() - resolve and check a pid number for later walks
 * @nr: the number, in current's pid namespace
 * @opener: the file through which it will be inspected
 * @pidp: on success a reference to the struct pid, for put_pid()
 *
 * Holding the struct pid, not the number, means a recycled number never
 * redirects a session to another process.
 *
 * Return: 0, -ESRCH or -EACCES as vms_target_get().
 */
int vms_pid_lookup(pid_t nr, const struct file *opener, struct pid **pidp)
{
	struct vms_target t;
	struct pid *pid;
	int err;

	pid = find_get_pid(nr);
	if (!pid)
		return -ESRCH;
	err = vms_target_get(pid, opener, &t);
	if (err) {
		put_pid(pid);
		return err;
	}
	vms_target_put(&t);
	*pidp = pid;
	return 0;
}
