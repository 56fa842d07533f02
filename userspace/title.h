/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The one-line header above show, diff, watch and map output:
 * "pid 4242 (demo)  kernel R  VSZ 1.0G  RSS 2.1M  swap 4.0K  THP 2.0M
 * hugetlb 0  N0 1.0M  N1 1.1M", with "source proc" when the numbers
 * come from /proc rather than the module.
 */
#ifndef VMSCOPE_TITLE_H
#define VMSCOPE_TITLE_H

#include <stdbool.h>
#include <stdint.h>

#include "snapshot.h"

/* "pid N (comm)", the comm made safe for a terminal. Malloc'd. */
char *vms_title_who(const struct vms_snapshot *s);

/* The whole header line, newline included, on stdout. */
void vms_title_print(const struct vms_snapshot *s, bool bytes);

#endif /* VMSCOPE_TITLE_H */
