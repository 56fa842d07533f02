/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Parsers for the kernel's own per-process files: /proc/PID/smaps (and
 * smaps_rollup), numa_maps, status and stat. Pure functions over text,
 * for source_proc.c (a report without the module) and check.c (the
 * module against the kernel). mountinfo is read with libmount (mounts.h,
 * CLI only).
 */
#ifndef VMSCOPE_PROCPARSE_H
#define VMSCOPE_PROCPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <vmscope/format.h>

#include "util.h"

struct vms_smaps_field {
	char key[32];		/* "Rss", "Shared_Dirty", ... */
	uint64_t val;		/* as printed: kB for "kB" lines */
};

struct vms_smaps_vma {
	uint64_t start, end, offset, inode;
	char perms[8];
	char dev[16];		/* "fd:01", as maps prints it */
	char *name;		/* decoded ("\012" is a newline) */
	size_t name_len;
	char *vmflags;		/* "rd wr mr mw me ac", or NULL */
	struct vms_smaps_field *f;
	size_t nf;
};

struct vms_smaps {
	struct vms_smaps_vma *v;
	size_t n;
};

/*
 * Parse smaps (or smaps_rollup: one entry) text of `len` bytes. Returns 0,
 * -EINVAL for a line it cannot read (its number in *bad_line if set), or
 * -ENOMEM. Free `out` with vms_smaps_free() in every case.
 */
int vms_smaps_parse(const char *text, size_t len, struct vms_smaps *out,
		    unsigned long *bad_line);
void vms_smaps_free(struct vms_smaps *s);

/* A field's value: true and *val, or false when the entry lacks it. */
bool vms_smaps_get(const struct vms_smaps_vma *v, const char *key, uint64_t *val);
/* The sum of `keys` (NULL-terminated) in bytes (kB * 1024); false if none present. */
bool vms_smaps_sum(const struct vms_smaps_vma *v, const char *const *keys,
		   uint64_t *bytes);
/* Whether VmFlags lists `flag` ("ht", "pf", "io", ...). */
bool vms_smaps_flag(const struct vms_smaps_vma *v, const char *flag);

struct vms_numa_node {
	unsigned int node;
	uint64_t pages;
};

struct vms_numa_vma {
	uint64_t start;
	uint64_t pagesize_kb;	/* kernelpagesize_kB */
	char policy[64];	/* the policy, as printed ("" if too long) */
	/*
	 * Page counts as printed (0 when left out). numa_maps prints
	 * active= only below the page count, mapmax= only above 1.
	 */
	uint64_t anon, dirty, mapped, mapmax, swapcache, active, writeback;
	bool has_active, has_mapmax;
	struct vms_numa_node *n;
	size_t nn;
};

struct vms_numa {
	struct vms_numa_vma *v;
	size_t n;
};

/* Parse numa_maps. 0, -EINVAL (line in *bad_line) or -ENOMEM. */
int vms_numa_parse(const char *text, size_t len, struct vms_numa *out,
		   unsigned long *bad_line);
void vms_numa_free(struct vms_numa *s);
/* The entry for the VMA starting at `start`, or NULL. */
const struct vms_numa_vma *vms_numa_find(const struct vms_numa *s, uint64_t start);

/* "VmPTE:  12 kB" style line of /proc/PID/status: 0 and *kb, or -ENOENT. */
int vms_status_kb(const char *status, const char *key, uint64_t *kb);

/* Fields 10 and 12 of /proc/PID/stat (after the comm in parentheses). */
int vms_stat_faults(const char *stat, uint64_t *minflt, uint64_t *majflt);
/* Field 3 of /proc/PID/stat: the state letter, or 0. */
char vms_stat_state(const char *stat);

/*
 * The kind (format.rst) of a VMA as far as /proc tells: names, VmFlags,
 * whether it maps a file, and whether that file is on tmpfs/shmem.
 */
enum vms_kind vms_smaps_kind(const struct vms_smaps_vma *v, bool tmpfs);
/* Its word: vms_kind_word(vms_smaps_kind(v, tmpfs)). */
const char *vms_proc_kind(const struct vms_smaps_vma *v, bool tmpfs);

/* "0-1,3" (a sysfs node list) as "0,1,3" into buf; false if malformed. */
bool vms_nodelist(const char *list, char *buf, size_t bufsz);

/*
 * Read /proc/PID/NAME (NAME may be a path: "task/12/stat") into an empty
 * buffer, which the caller frees. 0 or -errno.
 */
int vms_proc_read(pid_t pid, const char *name, struct vms_buf *b);

/*
 * Whether every thread of PID is stopped (or dead): 1 or 0, -errno when
 * /proc/PID/task cannot be read (the process is gone).
 */
int vms_proc_all_stopped(pid_t pid);

#endif /* VMSCOPE_PROCPARSE_H */
