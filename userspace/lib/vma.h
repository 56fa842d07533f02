/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A typed view of the vma records of a snapshot: the identity fields
 * parsed once, in address order, for the commands that match, draw or
 * compare VMAs. The numbers stay in the record (vms_vma_u64()).
 */
#ifndef VMSCOPE_VMA_H
#define VMSCOPE_VMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

struct vms_vma {
	const struct vms_record *rec;
	uint64_t start, end;		/* checked by the parser: start < end */
	uint64_t offset, inode;		/* 0 when absent or malformed */
	const char *perms, *dev, *kind;	/* "" when absent */
	const char *name;		/* escaped, as in the report */
	size_t first_ext, next_ext;	/* its ext records: [first_ext, next_ext) */
};

/*
 * The vma records of `snap` sorted by start address (stable), and each
 * one's extents: the ext records lying in its range, which the module
 * prints after it. Returns a malloc'd array of *n entries.
 */
struct vms_vma *vms_vmas(const struct vms_snapshot *snap, size_t *n);

/* A file mapping (or shmem): has a device or an inode. */
bool vms_vma_has_file(const struct vms_vma *v);

/* A numeric field of the record; 0 when absent or malformed. */
uint64_t vms_vma_u64(const struct vms_vma *v, const char *key);

/* Its size, end - start. */
static inline uint64_t vms_vma_size(const struct vms_vma *v)
{
	return v->end - v->start;
}

#endif /* VMSCOPE_VMA_H */
