// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Choosing the source of a live report: --source=module|proc|auto.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "escape.h"
#include "source.h"
#include "util.h"

/* include/linux/sched.h: the task is a kernel thread (stable since 2.6) */
#define VMS_PF_KTHREAD	0x00200000UL

struct proc_stat {
	char *who;		/* "pid N (comm)", comm safe for a terminal */
	char state;		/* R S D Z X ... */
	uint64_t flags;		/* PF_* */
};

/*
 * /proc/PID/stat: "PID (COMM) STATE PPID PGRP SESSION TTY TPGID FLAGS ...";
 * COMM may hold spaces and parentheses, so it ends at the last ')'. 0, or
 * -1 when the process is gone or the line is not understood.
 */
static int read_stat(pid_t pid, struct proc_stat *st)
{
	struct vms_buf b = { 0 };
	char path[64], *open_paren, *close_paren, *esc, *safe, *p;
	int i, rc = -1;

	memset(st, 0, sizeof(*st));
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (vms_read_file(path, &b) || !b.data)
		goto out;
	open_paren = strchr(b.data, '(');
	close_paren = strrchr(b.data, ')');
	if (!open_paren || !close_paren || close_paren < open_paren || close_paren[1] != ' ')
		goto out;
	p = close_paren + 2;
	st->state = *p;
	for (i = 0; i < 6 && p; i++) {
		p = strchr(p, ' ');
		p = p ? p + 1 : NULL;
	}
	if (!p || vms_scan_u64((const char **)&p, NULL, 10, &st->flags))
		goto out;
	esc = vms_escape(open_paren + 1, close_paren - open_paren - 1);
	safe = esc ? vms_display_name(esc, VMS_DISP_STRICT) : NULL;
	if (safe && asprintf(&st->who, "pid %d (%s)", (int)pid, safe) < 0)
		st->who = NULL;
	free(esc);
	free(safe);
	rc = st->who ? 0 : -1;
out:
	vms_buf_free(&b);
	return rc;
}

void vms_no_process_error(pid_t pid)
{
	struct proc_stat st;

	if (read_stat(pid, &st)) {
		vms_err("no such process: %d", (int)pid);
		return;
	}
	if (st.flags & VMS_PF_KTHREAD)
		vms_err("%s is a kernel thread: no user address space", st.who);
	else if (st.state == 'Z' || st.state == 'X')
		vms_err("%s has exited (a zombie): no address space", st.who);
	else	/* it exited, and its PID was taken again, in between */
		vms_err("no such process: %d", (int)pid);
	free(st.who);
}

void vms_denied_error(pid_t pid, const char *how)
{
	struct proc_stat st;

	if (read_stat(pid, &st))
		vms_err("permission denied: pid %d: %s needs ptrace access; run as its user or as root",
			(int)pid, how);
	else
		vms_err("permission denied: %s: %s needs ptrace access; run as its user or as root",
			st.who, how);
	free(st.who);
}

int vms_source_parse(const char *s, enum vms_source *out)
{
	if (!strcmp(s, "auto"))
		*out = VMS_SRC_AUTO;
	else if (!strcmp(s, "module"))
		*out = VMS_SRC_MODULE;
	else if (!strcmp(s, "proc"))
		*out = VMS_SRC_PROC;
	else
		return -1;
	return 0;
}

static int proc_report(const struct vms_source_req *req, struct vms_buf *out)
{
	char what[64] = "/proc";
	int err = vms_proc_fetch(req, out, what, sizeof(what));

	if (!err)
		return VMS_EXIT_OK;
	vms_buf_free(out);
	switch (err) {
	case -ENOENT:
	case -ESRCH:
		vms_no_process_error(req->pid);
		break;
	case -EACCES:
	case -EPERM:
		vms_denied_error(req->pid, "reading its /proc files");
		break;
	case -ENOMEM:
		vms_err("out of memory");
		break;
	default:
		vms_err_errno(-err, "cannot read %s", what);
		break;
	}
	return VMS_EXIT_FAIL;
}

int vms_fetch_report(const struct vms_source_req *req, struct vms_buf *out)
{
	struct vms_fetch_status st = { 0 };

	if (req->source == VMS_SRC_PROC)
		return proc_report(req, out);
	if (!vms_module_fetch(req, out, &st))
		return VMS_EXIT_OK;
	vms_buf_free(out);
	if (req->source == VMS_SRC_AUTO && st.step == VMS_FETCH_OPEN &&
	    st.err == -ENOENT)
		return proc_report(req, out);
	vms_module_error(req, &st);
	return VMS_EXIT_FAIL;
}
