/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The SVG image of a whole address space: one band per VMA in address
 * order (several rows for large ones), on one scale written out and drawn
 * as a ruler; gaps between VMAs marked, cells coloured by residency and
 * NUMA node (strip.h), a legend and a title. Bounded: reservations drawn
 * shortened, small VMAs of a process with many aggregated.
 */
#ifndef VMSCOPE_SVG_H
#define VMSCOPE_SVG_H

#include <stdbool.h>
#include <stdio.h>

#include "snapshot.h"
#include "vma.h"

/* Write the image to `f`. 0, or -1 on a write error (errno set). */
int vms_svg_write(FILE *f, const struct vms_snapshot *snap,
		  const struct vms_vma *v, size_t n, bool bytes);

#endif /* VMSCOPE_SVG_H */
