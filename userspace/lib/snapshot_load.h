/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Reading a snapshot from a file, a FIFO or standard input.
 */
#ifndef VMSCOPE_SNAPSHOT_LOAD_H
#define VMSCOPE_SNAPSHOT_LOAD_H

#include "snapshot.h"

/*
 * Read `fd` to EOF and parse it. Stops reading early when the data cannot
 * be a snapshot (so `vmscope show /dev/zero` ends). 0 or -1 with `err` set.
 */
int vms_snapshot_load_fd(int fd, struct vms_snapshot *out, struct vms_error *err);

/* Open `path` ("-" is standard input) and load it. */
int vms_snapshot_load_file(const char *path, struct vms_snapshot *out,
			   struct vms_error *err);

#endif /* VMSCOPE_SNAPSHOT_LOAD_H */
