/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sessions: per-open state shared by the procfs and debugfs front ends.
 */
#ifndef VMSCOPE_SESSION_H
#define VMSCOPE_SESSION_H

#include <linux/fs.h>
#include <linux/mutex.h>
#include "request.h"
#include "target.h"

struct pid_namespace;
struct vms_many;
struct vms_pids;
struct vms_report;

/**
 * struct vms_session - one open file's request and report
 * @lock: serialises requests, walks and reads on this file
 * @req: the accepted request
 * @pid: its target, referenced; NULL until a request is accepted, and
 *	 for a request naming many targets
 * @target: @pid's process as the request's write pinned and checked it,
 *	    parked, until the first report takes it over (empty after)
 * @ns: for a request naming many targets, the pid namespace its numbers
 *	are in (the writer's), referenced
 * @pids: for a list of PIDs, their struct pids, pinned at write()
 * @report: the report being read, or NULL
 * @many: the reply being read to a request naming many targets, or NULL
 */
struct vms_session {
	struct mutex lock;	/* serialises requests, walks, reads */
	struct vms_request req;
	struct pid *pid;
	struct vms_target target;
	struct vms_report *report;
	struct pid_namespace *ns;
	struct vms_pids *pids;
	struct vms_many *many;
};

struct vms_session *vms_session_alloc(void);
void vms_session_free(struct vms_session *s);
int vms_session_set(struct vms_session *s, const struct file *file,
		    const struct vms_request *req,
		    const struct vms_targets *targets);
ssize_t vms_session_write(struct vms_session *s, const struct file *file,
			  const char __user *ubuf, size_t count);
int vms_session_fill(struct vms_session *s, const struct file *file);
ssize_t vms_session_read(struct vms_session *s, const struct file *file,
			 char __user *ubuf, size_t count, loff_t *ppos);
loff_t vms_session_llseek(struct vms_session *s, struct file *file,
			  loff_t offset, int whence);

#endif /* VMSCOPE_SESSION_H */
