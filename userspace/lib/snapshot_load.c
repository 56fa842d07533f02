// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Reading a snapshot from a file, a FIFO or standard input.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <vmscope/format.h>

#include "snapshot_load.h"
#include "util.h"


static int io_error(struct vms_error *err, const char *what, int errnum)
{
	memset(err, 0, sizeof(*err));
	err->kind = errnum == ENOMEM ? VMS_ERR_NOMEM : VMS_ERR_IO;
	err->errnum = errnum;
	snprintf(err->msg, sizeof(err->msg), "%s",
		 errnum == ENOMEM ? "out of memory" : what);
	return -1;
}

/* Whether what was read so far can still be the start of a snapshot. */
static bool plausible(const struct vms_buf *b)
{
	size_t plen = strlen(VMS_HEADER_PREFIX);
	size_t n = b->len < plen ? b->len : plen;

	return memcmp(b->data, VMS_HEADER_PREFIX, n) == 0;
}

int vms_snapshot_load_fd(int fd, struct vms_snapshot *out, struct vms_error *err)
{
	struct vms_buf b = { 0 };
	ssize_t n;

	memset(out, 0, sizeof(*out));
	do {
		n = vms_buf_read_some(&b, fd);
		if (n < 0) {
			vms_buf_free(&b);
			return io_error(err, "cannot read", (int)-n);
		}
	} while (n > 0 && plausible(&b));

	if (!b.data && vms_buf_reserve(&b, 0))
		return io_error(err, "", ENOMEM);
	/* The parser owns the buffer from here, also on failure. */
	return vms_snapshot_parse_owned(b.data, b.len, out, err);
}

int vms_snapshot_load_file(const char *path, struct vms_snapshot *out,
			   struct vms_error *err)
{
	int fd, rc;

	if (!strcmp(path, "-"))
		return vms_snapshot_load_fd(STDIN_FILENO, out, err);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		memset(out, 0, sizeof(*out));
		return io_error(err, "cannot open", errno);
	}
	rc = vms_snapshot_load_fd(fd, out, err);
	close(fd);
	return rc;
}
