/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Diff arithmetic: the VMAs of two snapshots matched (match.h), and for
 * every group the change of every numeric field, B minus A.
 *
 * The fields diffed are the numeric vma keys both snapshots have (a key
 * only one of them knows, say from a newer module or from --source=proc,
 * has no meaningful change); identity keys (inode, hpage, clipped) are
 * not diffed. The module prints oK and nK only when non-zero: a record
 * without a member of those families counts 0, and a family counts as
 * known when either snapshot has one of its members. A record without a
 * plain key its snapshot has elsewhere (the /proc source leaves zero and
 * none out for PFN maps) makes that field's change unknown for its group.
 */
#ifndef VMSCOPE_DELTA_H
#define VMSCOPE_DELTA_H

#include <stdbool.h>
#include <stdint.h>

#include "match.h"
#include "snapshot.h"
#include "vma.h"

struct vms_diff {
	struct vms_vma *a, *b;		/* vms_vmas() of each snapshot */
	size_t na, nb;
	struct vms_matching m;
	const char **keys;		/* the fields diffed, in column order */
	size_t nkeys;
	int64_t *delta;			/* m.n rows of nkeys */
	bool *known;			/* the same: false where a record lacks the key */
	bool *changed;			/* per group: moved, resized, new, ... or a delta */
	size_t nchanged;		/* groups changed */
	/*
	 * VMAs: those of B, and those of A that are gone (the VMAs a reader
	 * of the diff sees); and how many of them are in changed groups.
	 */
	size_t nvmas, nvmas_changed;
	int64_t *total;			/* per key: the sum of the known changes */
};

/* B minus A, saturated to the int64_t range. */
int64_t vms_delta(uint64_t a, uint64_t b);

/* Compute the diff of two parsed snapshots. Free with vms_diff_free(). */
void vms_diff_compute(const struct vms_snapshot *a, const struct vms_snapshot *b,
		      struct vms_diff *d);
void vms_diff_free(struct vms_diff *d);

static inline const int64_t *vms_diff_row(const struct vms_diff *d, size_t g)
{
	return d->delta + g * d->nkeys;
}

static inline const bool *vms_diff_known(const struct vms_diff *d, size_t g)
{
	return d->known + g * d->nkeys;
}

/*
 * Why `a` and `b` (diffed into `d`) look like snapshots of two unrelated
 * processes, or NULL: taken on different kernels; or of another pid or
 * comm without the layout a fork leaves (at least half of the smaller
 * side's VMAs where they were, with the same identity). A forked child,
 * a process that renamed itself, the same program with ASLR off: no
 * warning.
 */
const char *vms_diff_unrelated(const struct vms_snapshot *a, const struct vms_snapshot *b,
			       const struct vms_diff *d);

/* The index of `key` in d->keys, or -1. */
long vms_diff_key_index(const struct vms_diff *d, const char *key);

/* The address range of one side of a group: the VMAs v[idx[0..n)]. */
void vms_diff_side_range(const struct vms_vma *v, const size_t *idx, size_t n,
			 uint64_t *start, uint64_t *end);

#endif /* VMSCOPE_DELTA_H */
