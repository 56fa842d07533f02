// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope snap PID [-x] [-o FILE]: save a report as it came from the
 * module, byte for byte, after checking that it is complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
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
	       "  -o, --output FILE     write to FILE instead of stdout: atomically (a\n"
	       "                        temporary file renamed), through symbolic links\n"
	       "      --source SRC      module, proc or auto (default: the module when\n"
	       "                        /proc/vmscope exists, else /proc)\n"
	       "  -h, --help            this help\n");
}

/*
 * Write to FILE itself: a FIFO or device, where there is nothing to
 * rename, or a file whose directory takes no temporary file (a file in
 * /proc, a read-only or unwritable directory): then the error is the
 * real one of writing FILE, as for `cp`.
 */
static int write_in_place(const char *path, const struct vms_buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	int rc;

	if (fd < 0)
		return -errno;
	rc = vms_write_all(fd, b->data, b->len);
	if (close(fd) && !rc)
		rc = -errno;
	return rc;
}

/*
 * The file `path` names after following symbolic links, as open() would
 * (a dangling link names the file it would create): the rename must
 * replace that file, not the link. Malloc'd, or NULL with errno set.
 */
static char *follow_links(const char *path)
{
	char *cur = xstrdup(path), *next;
	int hops;

	for (hops = 0; hops < 40; hops++) {	/* the kernel's MAXSYMLINKS */
		char target[PATH_MAX];
		const char *slash;
		struct stat st;
		ssize_t n;

		if (lstat(cur, &st) || !S_ISLNK(st.st_mode))
			return cur;
		n = readlink(cur, target, sizeof(target) - 1);
		if (n < 0 || n == sizeof(target) - 1) {
			if (n >= 0)
				errno = ENAMETOOLONG;
			free(cur);
			return NULL;
		}
		target[n] = '\0';
		slash = strrchr(cur, '/');
		if (target[0] == '/' || !slash)
			next = xstrdup(target);
		else if (asprintf(&next, "%.*s/%s", (int)(slash - cur), cur, target) < 0)
			next = NULL;
		free(cur);
		if (!next) {
			errno = ENOMEM;
			return NULL;
		}
		cur = next;
	}
	free(cur);
	errno = ELOOP;
	return NULL;
}

/*
 * A temporary file beside FILE, then rename: readers never see half a
 * snapshot. The new file keeps the mode of the one it replaces.
 */
static int write_atomic(const char *path, const struct vms_buf *b)
{
	struct stat st;
	char *file, *tmp = NULL;
	mode_t mask;
	int fd, rc;

	file = follow_links(path);
	if (!file)
		return -errno;
	if (stat(file, &st) == 0 && !S_ISREG(st.st_mode)) {
		rc = write_in_place(file, b);
		goto out;
	}
	if (asprintf(&tmp, "%s.XXXXXX", file) < 0) {
		tmp = NULL;
		rc = -ENOMEM;
		goto out;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		free(tmp);
		tmp = NULL;
		rc = write_in_place(file, b);
		goto out;
	}
	if (stat(file, &st) == 0) {
		rc = fchmod(fd, st.st_mode & 07777) ? -errno : 0;
	} else {
		mask = umask(0);
		umask(mask);
		rc = fchmod(fd, 0666 & ~mask) ? -errno : 0;
	}
	if (!rc)
		rc = vms_write_all(fd, b->data, b->len);
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, file))
		rc = -errno;
	if (rc)
		unlink(tmp);
out:
	free(tmp);
	free(file);
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
