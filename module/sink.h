/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sinks: where the walker (walk.c) hands its finished records. The text
 * sink (render.c) writes them as report text; KUnit's test sink keeps
 * them as structures.
 */
#ifndef VMSCOPE_SINK_H
#define VMSCOPE_SINK_H

#include <linux/types.h>
#include <vmscope/format.h>
#include "account.h"
#include "policy.h"

/**
 * struct vms_vma_id - what identifies a VMA, as /proc/PID/maps prints it
 * @start: first address
 * @end: address past the last byte
 * @perms: "rwxp" string as in maps
 * @offset: file offset in bytes (0 for anonymous mappings)
 * @dev_major: major number of the backing device
 * @dev_minor: minor number of the backing device
 * @inode: inode number, 0 if anonymous
 * @kind: classification, enum vms_kind
 * @vm_flags: the VMA's flags, which smaps prints as VmFlags
 * @has_pkey: smaps prints ProtectionKey (the CPU has protection keys)
 * @pkey: the VMA's protection key, if @has_pkey
 * @mmu_page: the page size the MMU maps it with (smaps' MMUPageSize)
 * @policy: the memory policy numa_maps prints for it (at @start)
 * @policy_text: @policy as vms_policy_text() writes it, when the walk has
 *		 it at hand (the task's policy, written once per walk); NULL
 *		 to have it written for this record
 * @policy_len: the length of @policy_text
 * @clipped: @start was raised to where the walk had reached, because the
 *	     VMA changed during a lock yield and now begins below that point
 * @name: raw name bytes (unescaped), may be empty
 * @name_len: length of @name
 */
struct vms_vma_id {
	unsigned long start;
	unsigned long end;
	char perms[5];
	unsigned long long offset;
	unsigned int dev_major;
	unsigned int dev_minor;
	unsigned long inode;
	enum vms_kind kind;
	unsigned long vm_flags;
	bool has_pkey;
	unsigned int pkey;
	unsigned long mmu_page;
	struct vms_policy policy;
	const char *policy_text;
	int policy_len;
	bool clipped;
	const char *name;
	size_t name_len;
};

struct vms_sink;

/**
 * struct vms_sink_ops - what a sink does with the walker's records
 * @vma: a VMA's record is finished: its identity and figures (the name
 *	 in @id is valid only during the call). Its extents, if any, follow
 *	 through @ext, before the next VMA's record.
 * @ext: a closed extent, in address order
 * @full: the walker asks, between VMAs and between steps of an extent
 *	  pass, whether to stop and return (the report's chunk is full, or
 *	  the sink failed); it goes on from there at the next call
 *
 * Called in process context with mmap_lock held for read and no
 * page-table lock or RCU read-side section: a sink may sleep to allocate.
 * In the extent pass over a shared hugetlb VMA the walker also holds its
 * file's i_mmap_rwsem for read (see walker.rst), as it must to read the
 * VMA's shared page tables; @full bounds what it hands on meanwhile.
 */
struct vms_sink_ops {
	void (*vma)(struct vms_sink *s, const struct vms_vma_id *id,
		    const struct vms_counts *c);
	void (*ext)(struct vms_sink *s, const struct vms_ext *x);
	bool (*full)(struct vms_sink *s);
};

/**
 * struct vms_sink - a receiver of records, embedded in its owner's state
 * @ops: its operations
 */
struct vms_sink {
	const struct vms_sink_ops *ops;
};

#endif /* VMSCOPE_SINK_H */
