// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vmscope_target: target.c's references. The target is the
 * guest's init (pid 1, a user process with an address space); the
 * opener is a file with the test's credentials (a kthread's: root).
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include "target.h"

static struct file *vms_kunit_opener(struct kunit *test)
{
	struct file *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->f_cred = current_cred();
	return f;
}

/*
 * A target is filled whole: one reused, or on the stack, that was parked
 * before must not make vms_target_put() drop mm_count for the mm_users
 * reference vms_target_get() took (a leaked address space, and an mm
 * freed under its users).
 */
static void target_get_unparks(struct kunit *test)
{
	struct vms_target t = { .parked = true };
	struct pid *pid = find_get_pid(1);
	bool parked;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, pid);
	err = vms_target_get(pid, vms_kunit_opener(test), &t);
	put_pid(pid);
	KUNIT_ASSERT_EQ(test, err, 0);
	parked = t.parked;
	/* What vms_target_get() must have left, so that the put is right. */
	t.parked = false;
	vms_target_put(&t);
	KUNIT_EXPECT_FALSE(test, parked);
	KUNIT_EXPECT_NULL(test, t.task);
}

/*
 * vms_pid_lookup() hands over the process it checked, parked, and it can
 * be taken up: the first report of a request needs no second lookup.
 */
static void target_lookup_pins(struct kunit *test)
{
	struct vms_target t = { .parked = false };
	struct task_struct *task;
	struct pid *pid;

	KUNIT_ASSERT_EQ(test, vms_pid_lookup(1, vms_kunit_opener(test), &pid,
					     &t), 0);
	KUNIT_EXPECT_TRUE(test, t.parked);
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, t.task, task);
	KUNIT_EXPECT_EQ(test, vms_target_resume(&t), 0);
	KUNIT_EXPECT_FALSE(test, t.parked);
	vms_target_put(&t);
	put_pid(pid);
	/* A failed lookup leaves the target alone: nothing to put. */
	t.task = current;
	KUNIT_EXPECT_EQ(test, vms_pid_lookup(-1, vms_kunit_opener(test), &pid,
					     &t), -ESRCH);
	KUNIT_EXPECT_PTR_EQ(test, t.task, current);
}

static struct kunit_case vms_target_test_cases[] = {
	KUNIT_CASE(target_get_unparks),
	KUNIT_CASE(target_lookup_pins),
	{}
};

static struct kunit_suite vms_target_suite = {
	.name = "vmscope_target",
	.test_cases = vms_target_test_cases,
};

kunit_test_suite(vms_target_suite);
