/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-wide counters (stats.c), shown in debugfs "stats", and the
 * "version" text.
 */
#ifndef VMSCOPE_STATS_H
#define VMSCOPE_STATS_H

#include <linux/atomic.h>
#include <vmscope/version.h>

struct seq_file;

#define VMS_MODULE_VERSION	VMS_VERSION

/* Errnos a request can fail with, in the order "stats" shows them. */
enum vms_err {
	VMS_ERR_INVAL,
	VMS_ERR_SRCH,
	VMS_ERR_ACCES,
	VMS_ERR_PERM,
	VMS_ERR_INTR,
	VMS_ERR_NOMEM,
	VMS_ERR_FAULT,
	VMS_ERR_EXIST,
	VMS_ERR_NOSPC,
	VMS_ERR_NOENT,
	VMS_ERR_SPIPE,
	VMS_ERR_OTHER,	/* any other (none is expected) */
	VMS_NR_ERR
};

/**
 * struct vms_stats - module-wide counters
 * @walks: completed walks
 * @vmas: VMAs visited
 * @entries: page-table entries (and empty upper-level ranges) visited
 * @yields: times the walker dropped mmap_lock to let others in
 * @restarts: VMAs whose walk restarted because they changed while unlocked
 * @clipped: VMAs reported from the resume point after a lock yield
 * @ext_passes: VMAs whose extents came from a second pass (too many to
 *		hold while the record was built)
 * @err: failed requests by errno, enum vms_err: each failed open(),
 *	 read() or write() of a front end counts once (vms_count_error())
 * @yields_writers: yields because writers waited for mmap_lock (the walker
 *		    then waits until they have had it)
 * @hold_max_ns: the longest any walk held one target's mmap_lock
 * @step_max_ns: the longest any walk went between two checks for waiting
 *		 writers: the bound on a writer's wait, less the wakeup
 * @batched: of @vmas, those a summary alone added up in a batch rather
 *	     than one by one (walk.c, vms_batchable())
 */
struct vms_stats {
	atomic64_t walks;
	atomic64_t vmas;
	atomic64_t entries;
	atomic64_t yields;
	atomic64_t restarts;
	atomic64_t clipped;
	atomic64_t ext_passes;
	atomic64_t err[VMS_NR_ERR];
	atomic64_t yields_writers;
	atomic64_t hold_max_ns;
	atomic64_t step_max_ns;
	atomic64_t batched;
};

extern struct vms_stats vms_stats;

void vms_count_error(long err);
void vms_stats_max(atomic64_t *max, u64 v);
int vms_stats_show(struct seq_file *m, void *unused);
int vms_version_show(struct seq_file *m, void *unused);

/* @ret, counted if it is an error: for a front end's return statements. */
static inline long vms_counted(long ret)
{
	if (ret < 0)
		vms_count_error(ret);
	return ret;
}

#endif /* VMSCOPE_STATS_H */
