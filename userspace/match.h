/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Matching the VMAs of two snapshots by identity, for diff and watch.
 *
 * The result is a list of groups, each a set of old VMAs (A) and new ones
 * (B) that are "the same memory":
 *
 *   same      one A, one B, same start, end, file and offset
 *   resized   one A, one B, overlapping, same file and offset at the same
 *             address (the mapping grew or shrank: brk, mremap in place,
 *             stack growth, a partial munmap)
 *   split     one A, several B (mprotect or madvise of part of a VMA)
 *   merged    several A, one B
 *   reshaped  several A, several B, overlapping in a chain
 *   moved     one A, one B at another address: the same file, inode and
 *             offset, or an anonymous mapping of the same size, permissions,
 *             kind and name that is the only such candidate on both sides
 *             (mremap with MREMAP_MAYMOVE); or an anonymous mapping that
 *             vanished and one of its permissions, kind and name, as large
 *             or larger, now where A had only PROT_NONE memory, again the
 *             only candidate on both sides (mremap with MREMAP_FIXED into
 *             a reservation, as JVMs and jemalloc grow; what remains of
 *             the reservation is then shrunk or split on its own)
 *   new, gone one B with no A, one A with no B
 *
 * Overlap counts only between compatible VMAs: the same device and inode,
 * and for files the same file offset at the same address.
 */
#ifndef VMSCOPE_MATCH_H
#define VMSCOPE_MATCH_H

#include <stddef.h>

#include "vma.h"

enum vms_change {
	VMS_CH_SAME,
	VMS_CH_RESIZED,
	VMS_CH_SPLIT,
	VMS_CH_MERGED,
	VMS_CH_RESHAPED,
	VMS_CH_MOVED,
	VMS_CH_NEW,
	VMS_CH_GONE,
};

struct vms_group {
	enum vms_change change;
	const size_t *a;	/* indexes into the A array, ascending */
	size_t na;
	const size_t *b;	/* indexes into the B array, ascending */
	size_t nb;
};

struct vms_matching {
	struct vms_group *groups;	/* in address order (B's, else A's) */
	size_t n;
	size_t *pool;			/* private: the index lists */
};

/*
 * Match `a` (na VMAs) against `b` (nb VMAs), both as vms_vmas() returns
 * them (sorted by start). Fills `m`; free it with vms_matching_free().
 */
void vms_match(const struct vms_vma *a, size_t na, const struct vms_vma *b,
	       size_t nb, struct vms_matching *m);
void vms_matching_free(struct vms_matching *m);

/* The VMAs a group stands for: its B ones, or its A ones if it is gone. */
static inline size_t vms_group_vmas(const struct vms_group *g)
{
	return g->nb ? g->nb : g->na;
}

/*
 * The word for a group: "same", "grown", "shrunk", "resized", "split",
 * "merged", "reshaped", "moved", "new", "gone". (A "same" group whose
 * numbers changed is "changed" in diff output: delta.h decides that.)
 */
const char *vms_change_word(const struct vms_group *g, const struct vms_vma *a,
			    const struct vms_vma *b);

#endif /* VMSCOPE_MATCH_H */
