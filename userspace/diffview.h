/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Printing a diff of two snapshots (delta.h) as a table or JSON: shared
 * by diff and watch.
 */
#ifndef VMSCOPE_DIFFVIEW_H
#define VMSCOPE_DIFFVIEW_H

#include <stdbool.h>

#include "cmdline.h"
#include "snapshot.h"

struct vms_diff_opts {
	/* bytes: exact signed bytes; json: {"diff": [...]}, totals last */
	struct vms_table_opts t;
	bool all;		/* every row, not only the changed ones */
	bool warn_unrelated;	/* warn when a and b look like two processes */
};

/* Check an -o list (or "help") before any work: 0 or VMS_EXIT_USAGE. */
int vms_diff_check_columns(const char *list);

/* The extra column names of diff for --list-columns (name, help pairs). */
extern const char *const vms_diff_extra_columns[];

/*
 * Print the diff from `a` to `b`: header line (unless json, raw or
 * noheadings), then the table. Returns VMS_EXIT_OK or VMS_EXIT_FAIL.
 */
int vms_diff_print(const struct vms_diff_opts *o, const struct vms_snapshot *a,
		   const struct vms_snapshot *b);

#endif /* VMSCOPE_DIFFVIEW_H */
