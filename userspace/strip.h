/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Residency pictures: a VMA's extents (ext records) binned into cells of
 * a fixed size, and what each cell looks like. Shared by the terminal
 * map and the SVG image; no output here.
 */
#ifndef VMSCOPE_STRIP_H
#define VMSCOPE_STRIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"
#include "vma.h"

enum vms_cat {
	VMS_CAT_PRESENT,	/* resident, PTE-mapped */
	VMS_CAT_HUGE,		/* resident, PMD/PUD-mapped or hugetlb */
	VMS_CAT_ZERO,
	VMS_CAT_SWAP,
	VMS_CAT_OTHER,
	VMS_CAT_NONE,
	VMS_CAT_UNKNOWN,	/* no extent covers it, or state=unknown */
	VMS_CAT_NR
};

/* Nodes 0..6 apart; 7 stands for 7 and above. */
#define VMS_STRIP_NODES	8

struct vms_cell {
	uint64_t bytes[VMS_CAT_NR];
	uint64_t node[VMS_STRIP_NODES];	/* resident bytes by node */
};

struct vms_strip {
	uint64_t start, end;
	uint64_t cell;			/* bytes per cell */
	size_t ncells;
	struct vms_cell *cells;
};

/* What a cell shows. */
struct vms_look {
	enum vms_cat cat;
	int level;	/* resident share in eighths, 1..8 (PRESENT, HUGE); 8: all */
	int node;	/* dominant node of the resident part, -1 if unknown */
};

/*
 * The cell size for `size` bytes in at most `max_cells` cells: the
 * smallest power-of-two multiple of `page` that fits.
 */
uint64_t vms_strip_cell_size(uint64_t size, uint64_t page, size_t max_cells);

/* Bin the extents of `v` (records of `snap`) into cells of `cell` bytes. */
void vms_strip_build(const struct vms_snapshot *snap, const struct vms_vma *v,
		     uint64_t cell, struct vms_strip *out);

/*
 * A strip of several VMAs end to end (their gaps left out): an empty one
 * of `size` bytes in cells of `cell` bytes, positions from 0; then the
 * first `len` bytes of `v` (all of it, or a shortened VMA's start) binned
 * at position `at`.
 */
void vms_strip_init(struct vms_strip *out, uint64_t size, uint64_t cell);
void vms_strip_add(struct vms_strip *st, const struct vms_snapshot *snap,
		   const struct vms_vma *v, uint64_t at, uint64_t len);
void vms_strip_free(struct vms_strip *s);

/*
 * Whether any of the `n` VMAs `v` has a part that is drawn as unknown: no
 * extent covers it, or its extent says state=unknown.
 */
bool vms_strip_unknown(const struct vms_snapshot *snap, const struct vms_vma *v,
		       size_t n);

/* The look of cell `i`. */
struct vms_look vms_strip_look(const struct vms_strip *s, size_t i);

/* Nothing in `v`: no rss, zero, swap, hugetlb or other (a reservation). */
bool vms_strip_empty(const struct vms_vma *v);

/*
 * How many rows of `per_row` cells to give VMA `v`, at most `max_rows`:
 * more than one only where a single row would need cells larger than
 * `fine` bytes, and never for a VMA with nothing in it (no rss, zero,
 * swap, hugetlb or other).
 */
size_t vms_strip_rows(const struct vms_vma *v, size_t per_row, size_t max_rows,
		      uint64_t fine);

#endif /* VMSCOPE_STRIP_H */
