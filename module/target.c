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
#include "target.h"

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
	/* The namespace is needed (and referenced) only for the capability. */
	tns = ok ? NULL : get_user_ns(__task_cred(task)->user_ns);
	rcu_read_unlock();
	if (!ok) {
		ok = vms_has_ptrace_cap(file, tns);
		put_user_ns(tns);
		if (!ok)
			return false;
	}

	/*
	 * As __ptrace_may_access(): a task that drops privileges and becomes
	 * non-dumpable must not be seen with its new credentials and its
	 * old dumpability. Pairs with the write barrier in commit_creds().
	 */
	smp_rmb();
	if (get_dumpable(mm) != SUID_DUMP_USER &&
	    !vms_has_ptrace_cap(file, mm->user_ns))
		return false;
	return true;
}

/* Both the opener (@file) and the caller may inspect @task's @mm. */
static bool vms_both_may_inspect(const struct file *file,
				 struct task_struct *task, struct mm_struct *mm)
{
	return vms_may_inspect(file->f_cred, file, task, mm) &&
	       vms_may_inspect(current_cred(), NULL, task, mm);
}

/**
 * vms_target_get() - pin a process and its mm for walking
 * @pid: the process
 * @opener: the file through which it is inspected
 * @t: filled whole with references on success (whatever it held before:
 *     it may be reused, or on the stack)
 *
 * Context: process context, may sleep; takes the target's
 * exec_update_lock for reading.
 * Return: 0; -ESRCH if the process is gone or has no mm (kernel thread,
 * exited); -EACCES if the opener or the caller may not inspect it;
 * -EINTR on a fatal signal.
 */
int vms_target_get(struct pid *pid, const struct file *opener,
		   struct vms_target *t)
{
	struct task_struct *task;
	struct mm_struct *mm;
	int err;

	task = get_pid_task(pid, PIDTYPE_PID);
	if (!task)
		return -ESRCH;
	/*
	 * begin_new_exec() installs the new mm before it commits the new
	 * credentials and resets dumpability, under exec_update_lock held
	 * for writing: without it a set-user-ID image could be checked
	 * against its caller's old credentials (mm_access() takes it too).
	 */
	err = down_read_killable(&task->signal->exec_update_lock);
	if (err) {
		put_task_struct(task);
		return err;
	}
	/* NULL for kernel threads and for tasks past exit_mm(). */
	mm = get_task_mm(task);
	if (!mm) {
		err = -ESRCH;
	} else if (!vms_both_may_inspect(opener, task, mm)) {
		mmput(mm);
		err = -EACCES;
	}
	up_read(&task->signal->exec_update_lock);
	if (err) {
		put_task_struct(task);
		return err;
	}
	t->task = task;
	t->mm = mm;
	t->parked = false;
	return 0;
}

/**
 * vms_target_park() - keep the mm, but not its address space
 * @t: the target, with mm_users held
 *
 * Between two reads of a streamed report only mm_count is held (as
 * /proc/PID/smaps does between reads), so that a slow or stalled reader
 * never keeps an exited process's memory.
 */
void vms_target_park(struct vms_target *t)
{
	if (t->parked)
		return;
	mmgrab(t->mm);
	mmput(t->mm);
	t->parked = true;
}

/**
 * vms_target_resume() - take a parked target's address space up again
 * @t: the target, parked
 *
 * The reader's rights are checked before anything is walked or copied
 * (vms_target_check(), at every read).
 *
 * Return: 0 with mm_users held; -ESRCH if the address space is gone (the
 * process exited or exec'd). On error @t stays parked.
 */
int vms_target_resume(struct vms_target *t)
{
	if (!t->parked)
		return 0;
	if (!mmget_not_zero(t->mm))
		return -ESRCH;
	/* After an exec the old address space is not the process's. */
	if (READ_ONCE(t->task->mm) != t->mm) {
		mmput(t->mm);
		return -ESRCH;
	}
	mmdrop(t->mm);
	t->parked = false;
	return 0;
}

/**
 * vms_target_check() - may the caller still read what was walked?
 * @t: the target, parked or not
 * @opener: the file through which it is inspected
 *
 * For text already produced and not yet read: the process reading it now
 * may not be the one whose rights were checked when it was produced.
 *
 * Context: process context, may sleep.
 * Return: 0, -EACCES or -EINTR.
 */
int vms_target_check(struct vms_target *t, const struct file *opener)
{
	struct task_struct *task = t->task;
	bool ok;
	int err;

	err = down_read_killable(&task->signal->exec_update_lock);
	if (err)
		return err;
	ok = vms_both_may_inspect(opener, task, t->mm);
	up_read(&task->signal->exec_update_lock);
	return ok ? 0 : -EACCES;
}

/**
 * vms_target_put() - drop what vms_target_get() took
 * @t: the target, parked or not
 */
void vms_target_put(struct vms_target *t)
{
	if (!t->task)
		return;
	if (t->parked)
		mmdrop(t->mm);
	else
		mmput(t->mm);
	put_task_struct(t->task);
	t->mm = NULL;
	t->task = NULL;
	t->parked = false;
}

/**
 * vms_may_see_pfns() - may physical frame numbers be shown?
 * @opener: the file the request came through
 * @asked: the request asked for them (pfn): a refusal is audited
 *
 * CAP_SYS_ADMIN for both the opener and the caller, as pagemap's PFNs.
 * Asked at every read: a descriptor passed to a less privileged process
 * keeps its request but not the opener's privilege. Without @asked the
 * answer only decides whether runs= is printed, so the caller's lack of
 * the capability is not audited (an LSM would log every plain read).
 *
 * Return: true if both have it.
 */
bool vms_may_see_pfns(const struct file *opener, bool asked)
{
	if (asked)
		return file_ns_capable(opener, &init_user_ns, CAP_SYS_ADMIN) &&
		       capable(CAP_SYS_ADMIN);
	return ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN) &&
	       file_ns_capable(opener, &init_user_ns, CAP_SYS_ADMIN);
}

/**
 * vms_pid_lookup() - resolve and check a pid number for later walks
 * @nr: the number, in current's pid namespace
 * @opener: the file through which it will be inspected
 * @pidp: on success a reference to the struct pid, for put_pid()
 * @t: NULL, or on success the process pinned and parked, for the first
 *     report of the request (vms_report_start()); vms_target_put() it
 *
 * Holding the struct pid, not the number, means a recycled number never
 * redirects a session to another process.
 *
 * Return: 0, -ESRCH or -EACCES as vms_target_get().
 */
int vms_pid_lookup(pid_t nr, const struct file *opener, struct pid **pidp,
		   struct vms_target *t)
{
	struct vms_target pinned;
	struct pid *pid;
	int err;

	pid = find_get_pid(nr);
	if (!pid)
		return -ESRCH;
	err = vms_target_get(pid, opener, &pinned);
	if (err) {
		put_pid(pid);
		return err;
	}
	if (t) {
		vms_target_park(&pinned);
		*t = pinned;
	} else {
		vms_target_put(&pinned);
	}
	*pidp = pid;
	return 0;
}
