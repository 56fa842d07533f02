/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests (request.c): what a reader asks for, parsed from its bytes.
 */
#ifndef VMSCOPE_REQUEST_H
#define VMSCOPE_REQUEST_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <vmscope/format.h>

/**
 * struct vms_request - one parsed request line
 * @pid: target process id, in the requester's pid namespace (the first
 *	 PID named)
 * @sections: VMS_SECT_* bits
 * @options: VMS_OPT_* bits
 * @every: every process the requester may inspect ("*"); @ntargets is 0
 * @ntargets: number of PIDs named: 1 for a single-process request
 *
 * The PIDs themselves are parsed into a struct vms_targets beside it:
 * only the write() that resolves them needs them, and every session,
 * report and reply that keeps a request would otherwise carry (and
 * zero, init_on_alloc) half a KiB of them.
 */
struct vms_request {
	pid_t pid;
	unsigned int sections;
	unsigned int options;
	bool every;
	unsigned int ntargets;
};

/**
 * struct vms_targets - the PIDs a request names
 * @pid: the first ntargets of them, in the order given, no two the same
 */
struct vms_targets {
	pid_t pid[VMS_TARGETS_MAX];
};

/* A request for more than one report: "*" or a list of two or more. */
static inline bool vms_request_many(const struct vms_request *req)
{
	return req->every || req->ntargets > 1;
}

int vms_request_parse(const char *line, size_t len, struct vms_request *req,
		      struct vms_targets *targets);
int vms_parse_pid(const char *s, size_t len, pid_t *pid);
int vms_parse_pid_user(const char __user *ubuf, size_t count, pid_t *pid);

#endif /* VMSCOPE_REQUEST_H */
