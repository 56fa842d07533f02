// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/vmscope/: track/untrack PIDs and read their sections
 * with cat; version and stats. Each failed open, read or write counts
 * once in stats.
 *
 * Lifetimes: debugfs_remove() waits for running file operations and makes
 * later ones fail, so a tracked entry may be freed after its directory is
 * removed. An open section file holds its own session (and pid
 * reference), never the entry. Open debugfs files pin the module.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "frontends.h"
#include "request.h"
#include "session.h"
#include "stats.h"
#include "target.h"

#define VMS_NSECTIONS	3

/**
 * struct vms_tracked_file - i_private of one section file
 * @t: the entry it belongs to
 * @sections: the section it shows
 */
struct vms_tracked_file {
	struct vms_tracked *t;
	unsigned int sections;
};

/**
 * struct vms_tracked - a tracked PID and its directory
 * @node: in vms_tracked_list
 * @nr: the number written to "track"
 * @pid: the process, referenced
 * @dir: its debugfs directory
 * @files: the section files' private data
 */
struct vms_tracked {
	struct list_head node;
	pid_t nr;
	struct pid *pid;
	struct dentry *dir;
	struct vms_tracked_file files[VMS_NSECTIONS];
};

static const struct {
	const char *name;
	unsigned int sections;
} vms_section_files[VMS_NSECTIONS] = {
	{ VMS_W_SUMMARY, VMS_SECT_SUMMARY },
	{ VMS_W_VMAS, VMS_SECT_VMAS },
	{ VMS_W_EXTENTS, VMS_SECT_EXTENTS },
};

static unsigned int vms_max_tracked = 64;
module_param_named(max_tracked, vms_max_tracked, uint, 0644);
MODULE_PARM_DESC(max_tracked, "Most PIDs tracked in debugfs at once (default 64)");

static struct dentry *vms_debugfs_root;
static LIST_HEAD(vms_tracked_list);
static DEFINE_MUTEX(vms_tracked_lock);
static unsigned int vms_ntracked;

/* ---- PID/summary, PID/vmas, PID/extents ----------------------------- */

static int vms_section_open(struct inode *inode, struct file *file)
{
	struct vms_tracked_file *tf = inode->i_private;
	struct vms_session *s;
	int err;

	s = vms_session_alloc();
	if (!s)
		return vms_counted(-ENOMEM);
	s->req.pid = tf->t->nr;
	s->req.sections = tf->sections;
	s->pid = get_pid(tf->t->pid);
	mutex_lock(&s->lock);
	err = vms_session_fill(s, file);
	mutex_unlock(&s->lock);
	if (err) {
		vms_session_free(s);
		return vms_counted(err);
	}
	file->private_data = s;
	return 0;
}

static ssize_t vms_section_read(struct file *file, char __user *ubuf,
				size_t count, loff_t *ppos)
{
	return vms_counted(vms_session_read(file->private_data, file, ubuf,
					    count, ppos));
}

static loff_t vms_section_lseek(struct file *file, loff_t offset, int whence)
{
	return vms_session_llseek(file->private_data, file, offset, whence);
}

static int vms_section_release(struct inode *inode, struct file *file)
{
	vms_session_free(file->private_data);
	return 0;
}

static const struct file_operations vms_section_fops = {
	.owner		= THIS_MODULE,
	.open		= vms_section_open,
	.read		= vms_section_read,
	.llseek		= vms_section_lseek,
	.release	= vms_section_release,
};

/* ---- track, untrack --------------------------------------------------- */

static struct vms_tracked *vms_find_tracked(pid_t nr)
{
	struct vms_tracked *t;

	lockdep_assert_held(&vms_tracked_lock);
	list_for_each_entry(t, &vms_tracked_list, node)
		if (t->nr == nr)
			return t;
	return NULL;
}

static void vms_tracked_free(struct vms_tracked *t)
{
	debugfs_remove(t->dir);
	put_pid(t->pid);
	kfree(t);
}

static int vms_track(struct file *file, pid_t nr)
{
	struct vms_tracked *t;
	char name[16];
	struct pid *pid;
	int err, i;

	err = vms_pid_lookup(nr, file, &pid, NULL);
	if (err)
		return err;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		put_pid(pid);
		return -ENOMEM;
	}
	t->nr = nr;
	t->pid = pid;

	mutex_lock(&vms_tracked_lock);
	if (vms_find_tracked(nr)) {
		err = -EEXIST;
		goto fail;
	}
	if (vms_ntracked >= vms_max_tracked) {
		err = -ENOSPC;
		goto fail;
	}
	snprintf(name, sizeof(name), "%d", nr);
	t->dir = debugfs_create_dir(name, vms_debugfs_root);
	if (IS_ERR(t->dir)) {
		err = PTR_ERR(t->dir);
		t->dir = NULL;
		goto fail;
	}
	for (i = 0; i < VMS_NSECTIONS; i++) {
		t->files[i].t = t;
		t->files[i].sections = vms_section_files[i].sections;
		debugfs_create_file(vms_section_files[i].name, 0444, t->dir,
				    &t->files[i], &vms_section_fops);
	}
	list_add_tail(&t->node, &vms_tracked_list);
	vms_ntracked++;
	mutex_unlock(&vms_tracked_lock);
	return 0;

fail:
	mutex_unlock(&vms_tracked_lock);
	vms_tracked_free(t);
	return err;
}

static ssize_t vms_track_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	pid_t nr;
	int err;

	err = vms_parse_pid_user(ubuf, count, &nr);
	if (!err)
		err = vms_track(file, nr);
	return vms_counted(err ? err : (ssize_t)count);
}

static ssize_t vms_untrack_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct vms_tracked *t;
	pid_t nr;
	int err;

	err = vms_parse_pid_user(ubuf, count, &nr);
	if (err)
		return vms_counted(err);
	mutex_lock(&vms_tracked_lock);
	t = vms_find_tracked(nr);
	if (t) {
		list_del(&t->node);
		vms_ntracked--;
	}
	mutex_unlock(&vms_tracked_lock);
	if (!t)
		return vms_counted(-ENOENT);
	vms_tracked_free(t);
	return count;
}

static const struct file_operations vms_track_fops = {
	.owner		= THIS_MODULE,
	.open		= simple_open,
	.write		= vms_track_write,
	.llseek		= noop_llseek,
};

static const struct file_operations vms_untrack_fops = {
	.owner		= THIS_MODULE,
	.open		= simple_open,
	.write		= vms_untrack_write,
	.llseek		= noop_llseek,
};

/* ---- version, stats ------------------------------------------------------ */

DEFINE_SHOW_ATTRIBUTE(vms_version);
DEFINE_SHOW_ATTRIBUTE(vms_stats);

/**
 * vms_debugfs_init() - create /sys/kernel/debug/vmscope/
 *
 * debugfs is optional: without it (not built in, or mounting refused)
 * the module still serves /proc/vmscope.
 */
void vms_debugfs_init(void)
{
	struct dentry *root = debugfs_create_dir("vmscope", NULL);

	if (IS_ERR(root)) {
		pr_info("vmscope: debugfs unavailable (%ld), /proc/vmscope only\n",
			PTR_ERR(root));
		return;
	}
	vms_debugfs_root = root;
	debugfs_create_file("track", 0200, root, NULL, &vms_track_fops);
	debugfs_create_file("untrack", 0200, root, NULL, &vms_untrack_fops);
	debugfs_create_file("version", 0444, root, NULL, &vms_version_fops);
	debugfs_create_file("stats", 0444, root, NULL, &vms_stats_fops);
}

/**
 * vms_debugfs_exit() - remove the directory and every tracked entry
 */
void vms_debugfs_exit(void)
{
	struct vms_tracked *t, *tmp;

	/* Waits for running operations; afterwards none can start. */
	debugfs_remove(vms_debugfs_root);
	vms_debugfs_root = NULL;
	list_for_each_entry_safe(t, tmp, &vms_tracked_list, node) {
		list_del(&t->node);
		t->dir = NULL;	/* went with the root */
		vms_tracked_free(t);
	}
	vms_ntracked = 0;
}
