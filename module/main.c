// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: per-VMA residency, huge-page and NUMA placement of a process,
 * from one walk of its VMAs and page tables. Module init/exit, parameters
 * and counters.
 */
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/utsname.h>
#include "vmscope_config.h"
#include "vmscope.h"

unsigned int vms_max_tracked = 64;
module_param_named(max_tracked, vms_max_tracked, uint, 0644);
MODULE_PARM_DESC(max_tracked, "Most PIDs tracked in debugfs at once (default 64)");

unsigned int vms_yield_budget = 4096;
module_param_named(yield_budget, vms_yield_budget, uint, 0644);
MODULE_PARM_DESC(yield_budget,
		 "Page-table entries walked before mmap_lock is dropped once (default 4096)");

struct vms_stats vms_stats;

/**
 * vms_count_error() - count a failed request by kind
 * @err: the negative errno returned to user space
 */
void vms_count_error(int err)
{
	switch (err) {
	case -EINVAL:
		atomic64_inc(&vms_stats.err_inval);
		break;
	case -ESRCH:
		atomic64_inc(&vms_stats.err_srch);
		break;
	case -EACCES:
		atomic64_inc(&vms_stats.err_acces);
		break;
	case -EPERM:
		atomic64_inc(&vms_stats.err_perm);
		break;
	case -EINTR:
		atomic64_inc(&vms_stats.err_intr);
		break;
	case -ENOMEM:
		atomic64_inc(&vms_stats.err_nomem);
		break;
	}
}

/**
 * vms_render_version() - the debugfs "version" text
 * @b: the buffer
 */
void vms_render_version(struct vms_buf *b)
{
	vms_buf_printf(b, "vmscope version=%d module=%s kernel=",
		       VMS_FORMAT_VERSION, VMS_MODULE_VERSION);
	vms_buf_escape(b, init_utsname()->release,
		       strlen(init_utsname()->release));
	vms_buf_printf(b, " features=%s\n",
		       VMS_FEATURES[0] ? VMS_FEATURES : "none");
}

/**
 * vms_render_stats() - the debugfs "stats" text
 * @b: the buffer
 */
void vms_render_stats(struct vms_buf *b)
{
	struct vms_stats *s = &vms_stats;

	vms_buf_printf(b, "stats walks=%lld vmas=%lld entries=%lld yields=%lld",
		       atomic64_read(&s->walks), atomic64_read(&s->vmas),
		       atomic64_read(&s->entries), atomic64_read(&s->yields));
	vms_buf_printf(b, " restarts=%lld clipped=%lld ext_passes=%lld",
		       atomic64_read(&s->restarts), atomic64_read(&s->clipped),
		       atomic64_read(&s->ext_passes));
	vms_buf_printf(b, " einval=%lld esrch=%lld eacces=%lld eperm=%lld",
		       atomic64_read(&s->err_inval), atomic64_read(&s->err_srch),
		       atomic64_read(&s->err_acces), atomic64_read(&s->err_perm));
	vms_buf_printf(b, " eintr=%lld enomem=%lld\n",
		       atomic64_read(&s->err_intr),
		       atomic64_read(&s->err_nomem));
}

static int __init vms_init(void)
{
	int err;

	err = vms_procfs_init();
	if (err)
		return err;
	return vms_debugfs_init();
}

static void __exit vms_exit(void)
{
	vms_debugfs_exit();
	vms_procfs_exit();
}

module_init(vms_init);
module_exit(vms_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The vmscope authors");
MODULE_DESCRIPTION("Per-VMA residency, huge page and NUMA placement of a process. Inspection rights follow PTRACE_MODE_READ_FSCREDS rebuilt from exported helpers: LSMs (AppArmor, Landlock) are not consulted");
MODULE_VERSION(VMS_MODULE_VERSION);
