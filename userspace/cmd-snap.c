// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope snap PID [-x] [-o FILE]: save a report as it came from the
 * module, byte for byte, after checking that it is complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vmscope/format.h>

#include "cmdline.h"
#include "snapshot.h"
#include "source.h"
#include "util.h"
#include "vmscope.h"

static void usage(void)
{
	printf("Usage: vmscope snap [options] PID\n"
	       "\n"
	       "Take a snapshot of a process's memory and write the report\n"
	       "(Documentation/format.rst) to standard output or FILE. The module\n"
	       "(/proc/vmscope) gives every field in one consistent walk; without it,\n"
	       "the report is built from /proc/PID/smaps, numa_maps and pagemap, with\n"
	       "the fields those give and source=proc in its header.\n"
	       "\n"
	       "Options:\n"
	       "  -x, --extents         include extent records (ext lines), for map\n"
	       "  -o, --output FILE     write to FILE (atomically) instead of stdout\n"
	       "      --source SRC      module, proc or auto (default: the module when\n"
	       "                        /proc/vmscope exists, else /proc)\n"
	       "  -h, --help            this help\n");
}

/* Write to a non-regular file (FIFO, device) directly: no rename there. */
static int write_in_place(const char *path, const struct vms_buf *b)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = vms_write_all(fd, b->data, b->len);
	if (close(fd) && !rc)
		rc = -errno;
	return rc;
}

/* FILE.tmp, then rename: readers never see half a snapshot. */
static int write_atomic(const char *path, const struct vms_buf *b)
{
	struct stat st;
	char *tmp;
	int fd, rc;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return write_in_place(path, b);
	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = vms_write_all(fd, b->data, b->len);
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
out:
	free(tmp);
	return rc;
}

/* The report must parse and be complete before it is written anywhere. */
static int check_report(const struct vms_buf *b, pid_t pid)
{
	struct vms_snapshot snap;
	struct vms_error err;
	char *name = NULL, *msg = NULL;
	int rc = VMS_EXIT_OK;

	if (vms_snapshot_parse(b->data, b->len, &snap, &err)) {
		if (asprintf(&name, "pid %d", (int)pid) >= 0)
			msg = vms_error_string(&err, name);
		vms_err("%s", msg ? msg : "out of memory");
		rc = VMS_EXIT_FAIL;
	} else if (snap.partial) {
		vms_err("partial report for pid %d (reason: %s); not written",
			(int)pid, snap.reason);
		rc = VMS_EXIT_FAIL;
	}
	free(msg);
	free(name);
	vms_snapshot_free(&snap);
	return rc;
}

int cmd_snap(int argc, char **argv)
{
		static const struct option longopts[] = {
		{ "extents",	no_argument,		NULL, 'x' },
		VMS_SOURCE_LONGOPT,
		{ "output",	required_argument,	NULL, 'o' },
		VMS_HELP_LONGOPT
	};
	struct vms_source_req req = { .sections = VMS_SECT_DEFAULT };
	struct vms_buf buf = { 0 };
	const char *output = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":xo:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'x':
			req.sections = VMS_SECT_ALL;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			rc = vms_common_option("snap", c, argv, usage, &req.source);
			if (rc != VMS_OPT_TAKEN)
				return rc;
		}
	}
	rc = vms_pid_operand("snap", argc, argv, optind, &req.pid);
	if (rc)
		return rc;

	rc = vms_fetch_report(&req, &buf);
	if (rc)
		return rc;
	rc = check_report(&buf, req.pid);
	if (!rc && (!output || !strcmp(output, "-"))) {
		int err = vms_write_all(STDOUT_FILENO, buf.data, buf.len);

		if (err) {
			vms_err_errno(-err, "write error");
			rc = VMS_EXIT_FAIL;
		}
	} else if (!rc) {
		int err = write_atomic(output, &buf);

		if (err) {
			vms_err_errno(-err, "cannot write %s", output);
			rc = VMS_EXIT_FAIL;
		}
	}
	vms_buf_free(&buf);
	return rc;
}
