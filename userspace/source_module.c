// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Reports from the kernel module: open /proc/vmscope, write one request
 * line, read the report until EOF (SPEC section 1.1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <vmscope/format.h>

#include "source.h"

int vms_format_request(const struct vms_source_req *req, char *buf, size_t bufsz)
{
	const char *sects;
	int n;

	if (req->pid <= 0 || !(req->sections & VMS_SECT_ALL) ||
	    (req->sections & ~VMS_SECT_ALL) || (req->options & ~VMS_OPT_PFN))
		return -EINVAL;
	switch (req->sections) {
	case VMS_SECT_ALL:
		sects = VMS_W_ALL;
		break;
	case VMS_SECT_SUMMARY | VMS_SECT_VMAS:
		sects = VMS_W_SUMMARY " " VMS_W_VMAS;
		break;
	case VMS_SECT_SUMMARY | VMS_SECT_EXTENTS:
		sects = VMS_W_SUMMARY " " VMS_W_EXTENTS;
		break;
	case VMS_SECT_VMAS | VMS_SECT_EXTENTS:
		sects = VMS_W_VMAS " " VMS_W_EXTENTS;
		break;
	case VMS_SECT_SUMMARY:
		sects = VMS_W_SUMMARY;
		break;
	case VMS_SECT_VMAS:
		sects = VMS_W_VMAS;
		break;
	default:
		sects = VMS_W_EXTENTS;
		break;
	}
	n = snprintf(buf, bufsz, "%d %s%s\n", (int)req->pid, sects,
		     (req->options & VMS_OPT_PFN) ? " " VMS_W_PFN : "");
	if (n < 0 || (size_t)n >= bufsz || n >= VMS_REQUEST_MAX)
		return -EINVAL;
	return n;
}

static int step_failed(struct vms_fetch_status *st, enum vms_fetch_step step,
		       int err)
{
	st->step = step;
	st->err = err;
	return err;
}

int vms_module_fetch(const struct vms_source_req *req, struct vms_buf *out,
		     struct vms_fetch_status *st)
{
	char line[VMS_REQUEST_MAX];
	int len;

	len = vms_format_request(req, line, sizeof(line));
	if (len < 0)
		return step_failed(st, VMS_FETCH_REQUEST, len);
	return vms_module_fetch_line(line, len, out, st);
}

int vms_module_fetch_line(const char *line, size_t len, struct vms_buf *out,
			  struct vms_fetch_status *st)
{
	ssize_t n;
	int fd, rc = 0;

	if (len == 0 || len > VMS_REQUEST_MAX)
		return step_failed(st, VMS_FETCH_REQUEST, -EINVAL);
	fd = open(VMS_PROC_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return step_failed(st, VMS_FETCH_OPEN, -errno);

	do {
		n = write(fd, line, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0 || (size_t)n != len) {
		rc = step_failed(st, VMS_FETCH_WRITE, n < 0 ? -errno : -EIO);
		goto out;
	}

	do {
		n = vms_buf_read_some(out, fd);
	} while (n > 0);
	if (n < 0)
		rc = step_failed(st, VMS_FETCH_READ, (int)n);
	else if (!out->data && (rc = vms_buf_reserve(out, 0)))
		step_failed(st, VMS_FETCH_READ, rc);	/* empty: still a string */
	else
		step_failed(st, VMS_FETCH_READ, 0);
out:
	close(fd);
	return rc;
}

/*
 * Whether this kernel loads only signed modules, which would explain an
 * unsigned vmscope.ko's absence: module.sig_enforce=1, or lockdown at any
 * level (Secure Boot sets it). Writes what requires it into `why`; 0 if
 * neither does. The files say what the kernel requires, not whether a
 * load failed: the kernel log says that, and is not the CLI's to read.
 */
static int signed_modules_only(char *why, size_t whysz)
{
	struct vms_buf b = { 0 };
	const char *open_br, *close_br;
	int found = 0;

	if (!vms_read_file(VMS_SIG_ENFORCE_PATH, &b) && b.data && b.data[0] == 'Y') {
		snprintf(why, whysz, "module.sig_enforce");
		found = 1;
	}
	vms_buf_free(&b);
	if (found)
		return 1;
	/* "none [integrity] confidentiality": the level in brackets */
	if (!vms_read_file(VMS_LOCKDOWN_PATH, &b) && b.data &&
	    (open_br = strchr(b.data, '[')) && (close_br = strchr(open_br, ']')) &&
	    strncmp(open_br + 1, "none]", 5)) {
		snprintf(why, whysz, "lockdown: %.*s",
			 (int)(close_br - open_br - 1), open_br + 1);
		found = 1;
	}
	vms_buf_free(&b);
	return found;
}

void vms_module_error(const struct vms_source_req *req,
		      const struct vms_fetch_status *st)
{
	char why[64];

	static const char *const what[] = {
		[VMS_FETCH_REQUEST] = "cannot build a request for",
		[VMS_FETCH_OPEN] = "cannot open",
		[VMS_FETCH_WRITE] = "cannot write to",
		[VMS_FETCH_READ] = "cannot read",
	};

	switch (st->err) {
	case -ENOENT:
		if (st->step != VMS_FETCH_OPEN)
			break;
		if (signed_modules_only(why, sizeof(why)))
			vms_err("module not loaded (%s missing); this kernel loads only signed modules (%s): sign vmscope.ko with a key it trusts (make sign; see vmscope(4))",
				VMS_PROC_PATH, why);
		else
			vms_err("module not loaded (%s missing)", VMS_PROC_PATH);
		return;
		break;
	case -EACCES:
	case -EPERM:
		/* SPEC 1.1, 1.4: the file is root's; then ptrace read access */
		if (st->step == VMS_FETCH_OPEN)
			vms_err("permission denied: %s (root only: run as root, or use --source=proc)",
				VMS_PROC_PATH);
		else if (st->err == -EPERM && (req->options & VMS_OPT_PFN))
			vms_err("permission denied: frame numbers (pfn) need CAP_SYS_ADMIN");
		else
			vms_denied_error(req->pid, "inspecting it");
		return;
	case -ESRCH:
		vms_no_process_error(req->pid);
		return;
	case -EINVAL:
		if (st->step <= VMS_FETCH_WRITE) {
			vms_err("invalid request");
			return;
		}
		break;
	case -ENOMEM:
		vms_err("out of memory");
		return;
	}
	vms_err_errno(-st->err, "%s %s", what[st->step], VMS_PROC_PATH);
}
