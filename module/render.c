// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering: records of report format version 1 as text, and the text
 * sink through which the walker's records become report text.
 *
 * The only place that knows the report's text format. Every front end
 * (procfs, debugfs) serves what these functions write. They take plain
 * structures and take no locks; the text may sleep to grow.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/string.h>
#include "classify.h"
#include "render.h"

/**
 * vms_render_header() - the "vmscope" record
 * @t: the text
 * @h: the header's values
 */
void vms_render_header(struct vms_text *t, const struct vms_header *h)
{
	const char *sep = "";
	int nid;

	vms_text_put(t, VMS_REC_HEADER, strlen(VMS_REC_HEADER));
	vms_text_kv(t, VMS_K_VERSION, VMS_FORMAT_VERSION);
	vms_text_kv(t, VMS_K_PID, h->pid);
	vms_text_kw(t, VMS_K_COMM, "");
	vms_text_escape(t, h->comm, strlen(h->comm));
	vms_text_kw(t, VMS_K_KERNEL, "");
	vms_text_escape(t, h->kernel, strlen(h->kernel));
	vms_text_kv(t, VMS_K_PAGE_SIZE, h->page_size);
	vms_text_kw(t, VMS_K_NODES, "");
	for_each_node_mask(nid, h->nodes) {
		vms_text_put_u64(t, sep, strlen(sep), nid);
		sep = ",";
	}
	vms_text_kv(t, VMS_K_TIME_NS, h->time_ns);
	vms_text_putc(t, '\n');
}

/* The accounting fields shared by task and vma records. */
static void vms_render_counts(struct vms_text *t, const struct vms_counts *c)
{
	u64 large = 0;
	unsigned int i;

	for (i = 1; i < VMS_ORDERS; i++)
		large += c->order[i];
	large -= min(large, c->thp);

	vms_text_kv(t, VMS_K_VSZ, c->vsz);
	vms_text_kv(t, VMS_K_RSS, c->rss);
	vms_text_kv(t, VMS_K_ANON, c->anon);
	vms_text_kv(t, VMS_K_FILE, c->file);
	vms_text_kv(t, VMS_K_SHMEM, c->shmem);
	vms_text_kv(t, VMS_K_ZERO, c->zero);
	vms_text_kv(t, VMS_K_SWAP, c->swap);
	vms_text_kv(t, VMS_K_NONE, c->none);
	vms_text_kv(t, VMS_K_OTHER, c->other);
	vms_text_kv(t, VMS_K_PSS, c->pss >> VMS_PSS_SHIFT);
	vms_text_kv(t, VMS_K_USS, c->private);
	vms_text_kv(t, VMS_K_SHARED, c->shared);
	vms_text_kv(t, VMS_K_PRIVATE, c->private);
	vms_text_kv(t, VMS_K_DIRTY, c->dirty);
	vms_text_kv(t, VMS_K_YOUNG, c->young);
	vms_text_kv(t, VMS_K_SOFTDIRTY, c->softdirty);
	vms_text_kv(t, VMS_K_LOCKED, c->locked >> VMS_PSS_SHIFT);
	vms_text_kv(t, VMS_K_KSM, c->ksm);
	vms_text_kv(t, VMS_K_THP, c->thp);
	vms_text_kv(t, VMS_K_LARGE, large);
	vms_text_kv(t, VMS_K_HUGETLB, c->hugetlb);
	vms_text_kv(t, VMS_K_PSS_DIRTY, c->pss_dirty >> VMS_PSS_SHIFT);
	vms_text_kv(t, VMS_K_SHARED_CLEAN, c->shared_clean);
	vms_text_kv(t, VMS_K_SHARED_DIRTY, c->shared_dirty);
	vms_text_kv(t, VMS_K_PRIVATE_CLEAN, c->private_clean);
	vms_text_kv(t, VMS_K_PRIVATE_DIRTY, c->private_dirty);
	vms_text_kv(t, VMS_K_LAZYFREE, c->lazyfree);
	vms_text_kv(t, VMS_K_HUGETLB_SHARED, c->hugetlb_shared);
	vms_text_kv(t, VMS_K_HUGETLB_PRIVATE, c->hugetlb_private);
	vms_text_kv(t, VMS_K_MISPLACED, c->misplaced);
}

/* smaps' VmFlags: the names of the flags set, in bit order, joined by commas. */
static void vms_render_vmflags(struct vms_text *t, unsigned long vm_flags)
{
	bool first = true;
	unsigned int bit;

	vms_text_put(t, " " VMS_K_VMFLAGS "=", strlen(" " VMS_K_VMFLAGS "="));
	for (bit = 0; bit < BITS_PER_LONG; bit++) {
		const char *name;

		if (!(vm_flags & BIT(bit)))
			continue;
		name = vms_vmflag_name(bit);
		if (!name[0])
			continue;
		if (!first)
			vms_text_putc(t, ',');
		vms_text_word(t, name);
		first = false;
	}
}

/* " PREFIXi=v" for each i whose v is not 0. */
static void vms_render_indexed(struct vms_text *t, char prefix, const u64 *v,
			       unsigned int n)
{
	const char key[2] = { ' ', prefix };
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!v[i])
			continue;
		vms_text_put_u64(t, key, sizeof(key), i);
		vms_text_put_u64(t, "=", 1, v[i]);
	}
}

static void vms_render_spread(struct vms_text *t, const struct vms_counts *c)
{
	vms_render_indexed(t, VMS_K_ORDER_PREFIX, c->order, VMS_ORDERS);
	vms_render_indexed(t, VMS_K_NODE_PREFIX, c->node, c->nr_nodes);
}

/**
 * vms_render_task() - the "task" record: sums over the whole mm
 * @t: the text
 * @c: the sums of the VMA records
 * @ti: the figures that are not sums
 */
void vms_render_task(struct vms_text *t, const struct vms_counts *c,
		     const struct vms_task_info *ti)
{
	vms_text_put(t, VMS_REC_TASK, strlen(VMS_REC_TASK));
	vms_render_counts(t, c);
	vms_text_kv(t, VMS_K_PSS_ANON, c->pss_anon >> VMS_PSS_SHIFT);
	vms_text_kv(t, VMS_K_PSS_FILE, c->pss_file >> VMS_PSS_SHIFT);
	vms_text_kv(t, VMS_K_PSS_SHMEM, c->pss_shmem >> VMS_PSS_SHIFT);
	vms_render_spread(t, c);
	vms_text_kv(t, VMS_K_PGTABLES, ti->pgtables);
	vms_text_kv(t, VMS_K_MINFLT, ti->minflt);
	vms_text_kv(t, VMS_K_MAJFLT, ti->majflt);
	vms_text_kd(t, VMS_K_OOM_SCORE_ADJ, ti->oom_score_adj);
	vms_text_putc(t, '\n');
}

/*
 * " policy=" and the policy's text, escaped: the text @id brings, or
 * written here (a policy that names nodes takes a vsnprintf()).
 */
static void vms_render_policy(struct vms_text *t, const struct vms_vma_id *id)
{
	const char *word = vms_policy_word(&id->policy);
	char pol[VMS_POLICY_TEXT_MAX];
	int n;

	vms_text_put(t, " " VMS_K_POLICY "=", strlen(" " VMS_K_POLICY "="));
	if (word) {
		vms_text_word(t, word);
		return;
	}
	if (id->policy_text) {
		vms_text_escape(t, id->policy_text, id->policy_len);
		return;
	}
	n = vms_policy_text(pol, sizeof(pol), &id->policy);
	vms_text_escape(t, pol, n);
}

/**
 * vms_render_vma() - one "vma" record
 * @t: the text
 * @id: the VMA's identity
 * @c: its accounting
 * @with_runs: print runs=, which is derived from physical frame numbers
 *	       (only for readers who may see them, as pagemap's PFNs)
 *
 * name= is the last token so that readers can take the rest of the line.
 */
void vms_render_vma(struct vms_text *t, const struct vms_vma_id *id,
		    const struct vms_counts *c, bool with_runs)
{
	vms_text_put(t, VMS_REC_VMA, strlen(VMS_REC_VMA));
	vms_text_kx(t, VMS_K_START, id->start);
	vms_text_kx(t, VMS_K_END, id->end);
	vms_text_kw(t, VMS_K_PERMS, id->perms);
	vms_text_kx(t, VMS_K_OFFSET, id->offset);
	vms_text_put_hex_width(t, " " VMS_K_DEV "=",
			       strlen(" " VMS_K_DEV "="), id->dev_major, 2);
	vms_text_put_hex_width(t, ":", 1, id->dev_minor, 2);
	vms_text_kv(t, VMS_K_INODE, id->inode);
	vms_text_kw(t, VMS_K_KIND, vms_kind_word(id->kind));
	vms_render_counts(t, c);
	vms_text_kv(t, VMS_K_ACTIVE, c->active);
	vms_text_kv(t, VMS_K_WRITEBACK, c->writeback);
	vms_text_kv(t, VMS_K_SWAPCACHE, c->swapcache);
	vms_text_kv(t, VMS_K_MAPMAX, c->mapmax);
	vms_text_kv(t, VMS_K_HPAGE, c->hpage);
	vms_text_kv(t, VMS_K_PGTABLES, c->pgtables);
	if (with_runs)
		vms_text_kv(t, VMS_K_RUNS, c->runs);
	vms_text_kv(t, VMS_K_KERNEL_PAGE, c->hpage);
	vms_text_kv(t, VMS_K_MMU_PAGE, id->mmu_page);
	if (id->has_pkey)
		vms_text_kv(t, VMS_K_PKEY, id->pkey);
	vms_render_vmflags(t, id->vm_flags);
	if (id->policy.known)
		vms_render_policy(t, id);
	vms_render_spread(t, c);
	if (id->clipped)
		vms_text_kv(t, VMS_K_CLIPPED, 1);
	vms_text_put(t, " " VMS_K_NAME "=", strlen(" " VMS_K_NAME "="));
	vms_text_escape(t, id->name, id->name_len);
	vms_text_putc(t, '\n');
}

/**
 * vms_render_ext() - one "ext" record
 * @t: the text
 * @x: the extent
 * @with_pfn: print the first frame number (present and zero extents)
 */
void vms_render_ext(struct vms_text *t, const struct vms_ext *x,
		    bool with_pfn)
{
	vms_text_put(t, VMS_REC_EXT, strlen(VMS_REC_EXT));
	vms_text_kx(t, VMS_K_START, x->start);
	vms_text_kx(t, VMS_K_END, x->end);
	vms_text_kw(t, VMS_K_STATE, vms_state_word(x->state));
	vms_text_kw(t, VMS_K_TYPE, vms_type_word(x->type));
	if (x->state == VMS_STATE_PRESENT || x->state == VMS_STATE_ZERO) {
		vms_text_kw(t, VMS_K_MAP, vms_map_word(x->map));
		vms_text_kv(t, VMS_K_ORDER, x->order);
		if (x->node >= 0)
			vms_text_kv(t, VMS_K_NODE, x->node);
		if (with_pfn)
			vms_text_kx(t, VMS_K_PFN, x->pfn);
	}
	vms_text_putc(t, '\n');
}

/**
 * vms_render_trailer() - the "end" record
 * @t: the text
 * @tr: how the walk ended
 */
void vms_render_trailer(struct vms_text *t, const struct vms_trailer *tr)
{
	vms_text_put(t, VMS_REC_END, strlen(VMS_REC_END));
	if (tr->complete) {
		vms_text_kw(t, VMS_K_STATUS, VMS_STATUS_COMPLETE);
	} else {
		vms_text_kw(t, VMS_K_STATUS, VMS_STATUS_PARTIAL);
		vms_text_kw(t, VMS_K_REASON, tr->reason);
	}
	vms_text_kv(t, VMS_K_VMAS, tr->vmas);
	vms_text_kv(t, VMS_K_EXTS, tr->exts);
	vms_text_kv(t, VMS_K_WALK_NS, tr->walk_ns);
	vms_text_putc(t, '\n');
}

/* ---- the text sink ------------------------------------------------------ */

static void vms_text_sink_vma(struct vms_sink *s, const struct vms_vma_id *id,
			      const struct vms_counts *c)
{
	struct vms_text_sink *ts = container_of(s, struct vms_text_sink, sink);

	vms_render_vma(ts->out, id, c, ts->with_runs);
}

static void vms_text_sink_ext(struct vms_sink *s, const struct vms_ext *x)
{
	struct vms_text_sink *ts = container_of(s, struct vms_text_sink, sink);

	vms_render_ext(ts->out, x, ts->with_pfn);
}

/* Full once a chunk waits for the reader, or the text could not grow. */
static bool vms_text_sink_full(struct vms_sink *s)
{
	struct vms_text_sink *ts = container_of(s, struct vms_text_sink, sink);

	return ts->out->err || ts->out->len >= ts->limit;
}

static const struct vms_sink_ops vms_text_sink_ops = {
	.vma	= vms_text_sink_vma,
	.ext	= vms_text_sink_ext,
	.full	= vms_text_sink_full,
};

/**
 * vms_text_sink_init() - a sink that renders records into @out
 * @ts: the sink
 * @out: the text records are appended to
 * @limit: the walker stops once @out holds this many bytes (it may hold
 *	   more: a VMA's record and held extents go out together)
 * @with_pfn: print pfn= in ext records
 *
 * runs= is off until the owner sets @ts->with_runs, which it checks at
 * every read.
 */
void vms_text_sink_init(struct vms_text_sink *ts, struct vms_text *out,
			size_t limit, bool with_pfn)
{
	ts->sink.ops = &vms_text_sink_ops;
	ts->out = out;
	ts->limit = limit;
	ts->with_runs = false;
	ts->with_pfn = with_pfn;
}
