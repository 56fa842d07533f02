// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Resolving a PID|FILE argument into a parsed snapshot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline.h"
#include "input.h"
#include "snapshot_load.h"
#include "source.h"
#include "util.h"

static int report_parse_error(const struct vms_error *err, const char *name)
{
	char *msg = vms_error_string(err, name);

	vms_err("%s", msg ? msg : "out of memory");
	free(msg);
	return VMS_EXIT_FAIL;
}

static int load_live(pid_t pid, unsigned int sections, enum vms_source source,
		     struct vms_input *in)
{
	struct vms_source_req req = { .pid = pid, .sections = sections, .source = source };
	struct vms_buf buf = { 0 };
	struct vms_error err;
	int rc;

	rc = vms_fetch_report(&req, &buf);
	if (rc)
		return rc;
	/* The snapshot takes over the buffer. */
	if (vms_snapshot_parse_owned(buf.data, buf.len, &in->snap, &err))
		return report_parse_error(&err, in->name);
	return VMS_EXIT_OK;
}

static int load_file(const char *path, struct vms_input *in)
{
	struct vms_error err;

	if (vms_snapshot_load_file(path, &in->snap, &err))
		return report_parse_error(&err, in->name);
	return VMS_EXIT_OK;
}

int vms_input_load(const char *arg, unsigned int sections, enum vms_source source,
		   struct vms_input *in)
{
	struct stat st;
	pid_t pid;
	int rc;

	memset(in, 0, sizeof(*in));
	if (!strcmp(arg, "-")) {
		in->name = xstrdup("<stdin>");
		rc = load_file(arg, in);
	} else if (stat(arg, &st) != 0 && errno == ENOENT && vms_all_digits(arg)) {
		if (vms_pid_word(NULL, arg, &pid))
			return VMS_EXIT_FAIL;	/* digits: 0 or beyond pid_t */
		in->pid = pid;
		if (asprintf(&in->name, "pid %d", (int)pid) < 0) {
			in->name = NULL;
			vms_err("out of memory");
			return VMS_EXIT_FAIL;
		}
		rc = load_live(pid, sections, source, in);
	} else {
		in->name = xstrdup(arg);
		rc = load_file(arg, in);
	}
	if (!rc && in->snap.partial)
		vms_warn("partial snapshot: %s (reason: %s)", in->name,
			 in->snap.reason);
	return rc;
}

void vms_input_free(struct vms_input *in)
{
	vms_snapshot_free(&in->snap);
	free(in->name);
	memset(in, 0, sizeof(*in));
}

int vms_input_reload(struct vms_input *in, unsigned int sections,
		     enum vms_source source)
{
	int rc;

	vms_snapshot_free(&in->snap);
	rc = load_live(in->pid, sections, source, in);
	if (!rc && in->snap.partial)
		vms_warn("partial snapshot: %s (reason: %s)", in->name,
			 in->snap.reason);
	return rc;
}
