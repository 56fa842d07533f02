/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Where live reports come from: the kernel module (/proc/vmscope), or,
 * without it, /proc/PID/smaps, numa_maps and pagemap (source_proc.c),
 * which give the same format with fewer fields.
 */
#ifndef VMSCOPE_SOURCE_H
#define VMSCOPE_SOURCE_H

#include <sys/types.h>

#include "util.h"

#define VMS_PROC_PATH	"/proc/vmscope"
/* What decides whether the kernel loads unsigned modules (signing.rst) */
#define VMS_SIG_ENFORCE_PATH	"/sys/module/module/parameters/sig_enforce"
#define VMS_LOCKDOWN_PATH	"/sys/kernel/security/lockdown"

enum vms_source {
	VMS_SRC_AUTO,	/* the module if /proc/vmscope exists, else proc */
	VMS_SRC_MODULE,
	VMS_SRC_PROC,
};

struct vms_source_req {
	pid_t pid;
	unsigned int sections;	/* VMS_SECT_* */
	unsigned int options;	/* VMS_OPT_* */
	enum vms_source source;
};

/* "module", "proc" or "auto": 0, or -1 for anything else. */
int vms_source_parse(const char *s, enum vms_source *out);

/* Which step of a fetch failed, and how. */
enum vms_fetch_step {
	VMS_FETCH_REQUEST,	/* the request itself is invalid */
	VMS_FETCH_OPEN,
	VMS_FETCH_WRITE,
	VMS_FETCH_READ,
};

struct vms_fetch_status {
	enum vms_fetch_step step;
	int err;		/* negative errno, 0 on success */
};

/*
 * Fetch the raw report for `req` from the module into `out` (which the
 * caller frees with vms_buf_free()). Returns 0 or a negative errno, also
 * stored in `st`; vms_module_error() prints the message for it.
 */
int vms_module_fetch(const struct vms_source_req *req, struct vms_buf *out,
		     struct vms_fetch_status *st);
/* The same for a request line written as it is (e.g. "* summary\n"). */
int vms_module_fetch_line(const char *line, size_t len, struct vms_buf *out,
			  struct vms_fetch_status *st);
void vms_module_error(const struct vms_source_req *req,
		      const struct vms_fetch_status *st);

/*
 * Build the report for `req` from /proc (source_proc.c). Returns 0 or a
 * negative errno; on error `what` (of whatsz bytes) names the file.
 */
int vms_proc_fetch(const struct vms_source_req *req, struct vms_buf *out,
		   char *what, size_t whatsz);

/*
 * Fetch from the source `req` names (auto: the module when /proc/vmscope
 * can be opened, else /proc) and print any error: VMS_EXIT_OK or
 * VMS_EXIT_FAIL.
 */
int vms_fetch_report(const struct vms_source_req *req, struct vms_buf *out);

/*
 * The one-line messages for a target that cannot be read, from either
 * source. ESRCH: no process; a kernel thread or a zombie, which have no
 * address space (what /proc/PID/stat says), are named as such. EACCES:
 * the PID and the remedy; `how` says what needed the access.
 */
void vms_no_process_error(pid_t pid);
void vms_denied_error(pid_t pid, const char *how);

/* "PID sections [options]\n" into buf; its length, or -EINVAL. */
int vms_format_request(const struct vms_source_req *req, char *buf, size_t bufsz);

#endif /* VMSCOPE_SOURCE_H */
