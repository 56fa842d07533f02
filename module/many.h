/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replies to requests naming many targets (many.c): one report per
 * process, streamed one after the other.
 */
#ifndef VMSCOPE_MANY_H
#define VMSCOPE_MANY_H

#include <linux/compiler.h>
#include <linux/types.h>

struct file;
struct pid_namespace;
struct vms_request;
struct vms_targets;
struct vms_many;
struct vms_pids;

int vms_pids_get(const struct vms_request *req,
		 const struct vms_targets *targets, struct pid_namespace *ns,
		 struct vms_pids **pp);
void vms_pids_put(struct vms_pids *p);
int vms_many_start(const struct vms_request *req, struct pid_namespace *ns,
		   const struct vms_pids *pids, struct vms_many **mp);
ssize_t vms_many_read(struct vms_many *m, char __user *ubuf, size_t count,
		      loff_t *ppos, const struct file *opener);
void vms_many_free(struct vms_many *m);

#endif /* VMSCOPE_MANY_H */
