/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The one-line header above show, diff, watch and map output:
 * "pid 4242 (demo)  kernel R  VSZ 1.0G  RSS 2.1M  PSS 2.0M  USS 1.9M
 * swap 4.0K  THP 2.0M  hugetlb 0  N0 1.0M  N1 1.1M", with "source proc"
 * when the numbers come from /proc rather than the module.
 *
 * Every figure of a header comes from the records the rows below it
 * show. The module's task record is the sum of its vma records, from the
 * same walk; the /proc source's comes from smaps_rollup, a later read
 * than the smaps its vma records come from, and on a running target the
 * two differ. So the sums are taken over the vma records, and the task
 * record gives only what they do not carry (page faults, the whole mm's
 * page tables) or what a report without vma records has.
 */
#ifndef VMSCOPE_TITLE_H
#define VMSCOPE_TITLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "snapshot.h"

/*
 * A task-level figure of `s` for a header: the sum of `key` over the vma
 * records when one of them has it (nK, oK: absent counts 0), else the
 * task record's. False when neither has it.
 */
bool vms_title_total(const struct vms_snapshot *s, const char *key, uint64_t *out);

/* The header's figures, in order: record key and label. */
struct vms_title_field {
	const char *key, *label;
	bool nonzero;		/* shown only when not 0 */
};
extern const struct vms_title_field vms_title_fields[];
extern const size_t vms_title_nfields;

/* "pid N (comm)", the comm made safe for a terminal. Malloc'd. */
char *vms_title_who(const struct vms_snapshot *s);

/*
 * The header as the first members of a JSON object, each on a line of its
 * own after `indent` and ending with a comma (the rows follow): pid, comm,
 * kernel, source ("module" or "proc"), time (RFC 3339, UTC), time_ns,
 * page_size, nodes, status (and reason), and "task": the task's totals,
 * vms_title_total() of each key of the task record (of each summed column
 * when there is none). Absent header fields are left out.
 */
void vms_title_json(FILE *f, const struct vms_snapshot *s, const char *indent);

/* The whole header line, newline included, on stdout. */
void vms_title_print(const struct vms_snapshot *s, bool bytes);
/*
 * The same, wrapped between items to `width` display columns (0: one
 * line), continuation lines indented by two: for map, which fits -w.
 */
void vms_title_print_width(const struct vms_snapshot *s, bool bytes, size_t width);

#endif /* VMSCOPE_TITLE_H */
