/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rendering (render.c): records of report format version 1 as text, and
 * the text sink that writes the walker's records into a report.
 */
#ifndef VMSCOPE_RENDER_H
#define VMSCOPE_RENDER_H

#include <linux/nodemask.h>
#include <linux/types.h>
#include "account.h"
#include "sink.h"
#include "text.h"

/**
 * struct vms_task_info - task record figures that are not sums over VMAs
 * @pgtables: the mm's page-table bytes (VmPTE)
 * @minflt: minor faults of the thread group
 * @majflt: major faults of the thread group
 * @oom_score_adj: as /proc/PID/oom_score_adj
 */
struct vms_task_info {
	u64 pgtables;
	unsigned long minflt;
	unsigned long majflt;
	int oom_score_adj;
};

/**
 * struct vms_header - the first record of a report
 * @pid: the pid as requested
 * @comm: the target's command name, raw
 * @kernel: kernel release
 * @page_size: base page size in bytes
 * @nodes: nodes with memory
 * @time_ns: wall-clock time the walk started
 */
struct vms_header {
	pid_t pid;
	const char *comm;
	const char *kernel;
	unsigned long page_size;
	nodemask_t nodes;
	u64 time_ns;
};

/**
 * struct vms_trailer - the last record of a report
 * @complete: the walk covered the whole address space
 * @reason: why not, when !@complete
 * @vmas: number of VMAs walked
 * @exts: number of extent records emitted
 * @walk_ns: time spent walking (not waiting for the reader)
 */
struct vms_trailer {
	bool complete;
	const char *reason;
	unsigned long vmas;
	unsigned long exts;
	u64 walk_ns;
};

void vms_render_header(struct vms_text *t, const struct vms_header *h);
void vms_render_task(struct vms_text *t, const struct vms_counts *c,
		     const struct vms_task_info *ti);
void vms_render_ext(struct vms_text *t, const struct vms_ext *x,
		    bool with_pfn);
void vms_render_vma(struct vms_text *t, const struct vms_vma_id *id,
		    const struct vms_counts *c, bool with_runs);
void vms_render_trailer(struct vms_text *t, const struct vms_trailer *tr);

/**
 * struct vms_text_sink - the sink that writes records as report text
 * @sink: the sink the walker calls
 * @out: where the text goes
 * @limit: the sink is full once @out holds this many bytes
 * @with_runs: print runs= (the reader may see physical frame numbers)
 * @with_pfn: print pfn= in ext records (option pfn)
 */
struct vms_text_sink {
	struct vms_sink sink;
	struct vms_text *out;
	size_t limit;
	bool with_runs;
	bool with_pfn;
};

void vms_text_sink_init(struct vms_text_sink *ts, struct vms_text *out,
			size_t limit, bool with_pfn);

#endif /* VMSCOPE_RENDER_H */
