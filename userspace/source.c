// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Choosing the source of a live report: --source=module|proc|auto.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "source.h"
#include "util.h"

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
		vms_err("no such process: %d", (int)req->pid);
		break;
	case -EACCES:
	case -EPERM:
		vms_err("permission denied");
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
