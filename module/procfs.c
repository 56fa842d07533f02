// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/vmscope: the session file for tools. Each open file is its own
 * session: write a request, read the report until EOF, lseek to 0 to read
 * a fresh walk of the same request. Each failed open, read or write
 * counts once in stats.
 *
 * proc_ops carry no module owner: remove_proc_entry() at unload waits for
 * running calls and releases files still open, which then read -EIO.
 */
#include <linux/fs.h>
#include <linux/proc_fs.h>
#include "frontends.h"
#include "session.h"
#include "stats.h"

#define VMS_PROC_NAME	"vmscope"

static int vms_proc_open(struct inode *inode, struct file *file)
{
	struct vms_session *s = vms_session_alloc();

	if (!s)
		return vms_counted(-ENOMEM);
	file->private_data = s;
	return 0;
}

static ssize_t vms_proc_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	return vms_counted(vms_session_read(file->private_data, file, ubuf,
					    count, ppos));
}

static ssize_t vms_proc_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	ssize_t ret = vms_session_write(file->private_data, file, ubuf, count);

	if (ret > 0)
		*ppos = 0;
	return vms_counted(ret);
}

static loff_t vms_proc_lseek(struct file *file, loff_t offset, int whence)
{
	return vms_session_llseek(file->private_data, file, offset, whence);
}

static int vms_proc_release(struct inode *inode, struct file *file)
{
	vms_session_free(file->private_data);
	return 0;
}

static const struct proc_ops vms_proc_ops = {
	.proc_open	= vms_proc_open,
	.proc_read	= vms_proc_read,
	.proc_write	= vms_proc_write,
	.proc_lseek	= vms_proc_lseek,
	.proc_release	= vms_proc_release,
};

/**
 * vms_procfs_init() - create /proc/vmscope
 *
 * Return: 0 or -ENOMEM.
 */
int vms_procfs_init(void)
{
	if (!proc_create(VMS_PROC_NAME, 0600, NULL, &vms_proc_ops))
		return -ENOMEM;
	return 0;
}

/**
 * vms_procfs_exit() - remove /proc/vmscope, closing open sessions
 */
void vms_procfs_exit(void)
{
	remove_proc_entry(VMS_PROC_NAME, NULL);
}
