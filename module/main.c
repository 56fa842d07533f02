// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: per-VMA residency, huge-page and NUMA placement of a process,
 * from one walk of its VMAs and page tables. Module init and exit: starts
 * and stops the front ends. Parameters live with the units that use them
 * (yield_budget in walk.c, max_tracked in debugfs.c), counters in stats.c.
 */
#include <linux/module.h>
#include "frontends.h"
#include "report.h"
#include "walk.h"
#include "stats.h"

static int __init vms_init(void)
{
	int err;

	err = vms_procfs_init();
	if (err)
		return err;
	vms_debugfs_init();
	return 0;
}

static void __exit vms_exit(void)
{
	vms_debugfs_exit();
	vms_procfs_exit();
	/* No report is left: the front ends released every open file. */
	vms_report_exit();
	vms_walk_exit();
}

module_init(vms_init);
module_exit(vms_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The vmscope authors");
MODULE_DESCRIPTION("Per-VMA residency, huge page and NUMA placement of a process. Inspection rights follow PTRACE_MODE_READ_FSCREDS rebuilt from exported helpers: LSMs (AppArmor, Landlock) are not consulted");
MODULE_VERSION(VMS_MODULE_VERSION);
