/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The front ends: /proc/vmscope (procfs.c) and
 * /sys/kernel/debug/vmscope/ (debugfs.c), started by main.c.
 */
#ifndef VMSCOPE_FRONTENDS_H
#define VMSCOPE_FRONTENDS_H

int vms_procfs_init(void);
void vms_procfs_exit(void);
void vms_debugfs_init(void);
void vms_debugfs_exit(void);

#endif /* VMSCOPE_FRONTENDS_H */
