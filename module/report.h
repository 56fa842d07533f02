/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reports (report.c): one walk of a target, streamed as text to its
 * reader.
 */
#ifndef VMSCOPE_REPORT_H
#define VMSCOPE_REPORT_H

#include <linux/compiler.h>
#include <linux/types.h>

struct file;
struct pid;
struct vms_request;
struct vms_target;
struct vms_report;

int vms_report_start(struct pid *pid, pid_t nr, const struct vms_request *req,
		     const struct file *opener, struct vms_target *pinned,
		     struct vms_report **rp);
ssize_t vms_report_read(struct vms_report *r, char __user *ubuf,
			size_t count, loff_t *ppos, const struct file *opener);
bool vms_report_drained(const struct vms_report *r);
bool vms_report_at_line_start(const struct vms_report *r);
void vms_report_free(struct vms_report *r);
void vms_report_exit(void);

#endif /* VMSCOPE_REPORT_H */
