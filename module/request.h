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
 * @pid: target process id, in the requester's pid namespace
 * @sections: VMS_SECT_* bits
 * @options: VMS_OPT_* bits
 */
struct vms_request {
	pid_t pid;
	unsigned int sections;
	unsigned int options;
};

int vms_request_parse(const char *line, size_t len, struct vms_request *req);
int vms_parse_pid(const char *s, size_t len, pid_t *pid);
int vms_parse_pid_user(const char __user *ubuf, size_t count, pid_t *pid);

#endif /* VMSCOPE_REQUEST_H */
