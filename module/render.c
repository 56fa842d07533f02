// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering: records of report format version 1 into a growable buffer.
 *
 * The only place that knows the text format. Every front end (procfs,
 * debugfs) serves what these functions write. They take plain structures
 * and take no locks; the buffer may sleep to grow.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "vmscope.h"

#define VMS_BUF_MIN	(16 * 1024)

/**
 * vms_buf_init() - make an empty buffer
 * @b: the buffer
 */
void vms_buf_init(struct vms_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->size = 0;
	b->err = 0;
}

/**
 * vms_buf_free() - release a buffer's memory and make it empty
 * @b: the buffer
 */
void vms_buf_free(struct vms_buf *b)
{
	kvfree(b->data);
	vms_buf_init(b);
}

/* Make room for @need more bytes; sets b->err on failure. */
static bool vms_buf_reserve(struct vms_buf *b, size_t need)
{
	size_t size;
	char *data;

	if (b->err)
		return false;
	if (b->size - b->len >= need)
		return true;
	size = max_t(size_t, b->size ? b->size : VMS_BUF_MIN, VMS_BUF_MIN);
	while (size - b->len < need) {
		if (size > SIZE_MAX / 2) {
			b->err = -ENOMEM;
			return false;
		}
		size *= 2;
	}
	data = kvmalloc(size, VMS_GFP);
	if (!data) {
		b->err = -ENOMEM;
		return false;
	}
	if (b->len)
		memcpy(data, b->data, b->len);
	kvfree(b->data);
	b->data = data;
	b->size = size;
	return true;
}

/**
 * vms_buf_printf() - append formatted text
 * @b: the buffer
 * @fmt: printf format
 *
 * On allocation failure the buffer keeps what it had and b->err is set;
 * later appends do nothing.
 */
void vms_buf_printf(struct vms_buf *b, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(b->data ? b->data + b->len : NULL,
		      b->data ? b->size - b->len : 0, fmt, args);
	va_end(args);
	if (n < 0 || b->err)
		return;
	if (b->data && (size_t)n < b->size - b->len) {
		b->len += n;
		return;
	}
	if (!vms_buf_reserve(b, (size_t)n + 1))
		return;
	va_start(args, fmt);
	vsnprintf(b->data + b->len, b->size - b->len, fmt, args);
	va_end(args);
	b->len += n;
}

/**
 * vms_buf_putc() - append one byte
 * @b: the buffer
 * @c: the byte
 */
void vms_buf_putc(struct vms_buf *b, char c)
{
	if (!vms_buf_reserve(b, 1))
		return;
	b->data[b->len++] = c;
}

/**
 * vms_buf_append() - append bytes as they are
 * @b: the buffer
 * @s: the bytes
 * @n: their number
 */
void vms_buf_append(struct vms_buf *b, const char *s, size_t n)
{
	if (!vms_buf_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

/**
 * vms_buf_escape() - append bytes escaped for a record value
 * @b: the buffer
 * @s: the raw bytes
 * @n: their number
 *
 * Bytes that vms_escape_needed() names become a backslash and three octal
 * digits, so that a value never contains a blank or a newline.
 */
void vms_buf_escape(struct vms_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (!vms_escape_needed(c)) {
			vms_buf_putc(b, c);
			continue;
		}
		if (!vms_buf_reserve(b, 4))
			return;
		b->data[b->len++] = '\\';
		b->data[b->len++] = '0' + ((c >> 6) & 7);
		b->data[b->len++] = '0' + ((c >> 3) & 7);
		b->data[b->len++] = '0' + (c & 7);
	}
}

/**
 * vms_render_header() - the "vmscope" record
 * @b: the buffer
 * @h: the header's values
 */
void vms_render_header(struct vms_buf *b, const struct vms_header *h)
{
	const char *sep = "";
	unsigned int nid;

	vms_buf_printf(b, VMS_REC_HEADER " version=%d pid=%d comm=",
		       VMS_FORMAT_VERSION, h->pid);
	vms_buf_escape(b, h->comm, strlen(h->comm));
	vms_buf_printf(b, " kernel=");
	vms_buf_escape(b, h->kernel, strlen(h->kernel));
	vms_buf_printf(b, " page_size=%lu nodes=", h->page_size);
	for (nid = 0; nid < 64; nid++) {
		if (!(h->nodes & (1ULL << nid)))
			continue;
		vms_buf_printf(b, "%s%u", sep, nid);
		sep = ",";
	}
	vms_buf_printf(b, " time_ns=%llu\n", (unsigned long long)h->time_ns);
}

/* The accounting fields shared by task and vma records. */
static void vms_render_counts(struct vms_buf *b, const struct vms_counts *c)
{
	u64 large = 0;
	unsigned int i;

	for (i = 1; i < VMS_ORDERS; i++)
		large += c->order[i];
	large -= min(large, c->thp);

	vms_buf_printf(b, " vsz=%llu rss=%llu anon=%llu file=%llu shmem=%llu",
		       c->vsz, c->rss, c->anon, c->file, c->shmem);
	vms_buf_printf(b, " zero=%llu swap=%llu none=%llu other=%llu",
		       c->zero, c->swap, c->none, c->other);
	vms_buf_printf(b, " pss=%llu uss=%llu shared=%llu private=%llu",
		       c->pss >> VMS_PSS_SHIFT, c->private, c->shared,
		       c->private);
	vms_buf_printf(b, " dirty=%llu young=%llu softdirty=%llu locked=%llu",
		       c->dirty, c->young, c->softdirty,
		       c->locked >> VMS_PSS_SHIFT);
	vms_buf_printf(b, " ksm=%llu thp=%llu large=%llu hugetlb=%llu",
		       c->ksm, c->thp, large, c->hugetlb);
}

static void vms_render_spread(struct vms_buf *b, const struct vms_counts *c)
{
	unsigned int i;

	for (i = 0; i < VMS_ORDERS; i++)
		if (c->order[i])
			vms_buf_printf(b, " o%u=%llu", i, c->order[i]);
	for (i = 0; i < c->nr_nodes; i++)
		if (c->node[i])
			vms_buf_printf(b, " n%u=%llu", i, c->node[i]);
}

/**
 * vms_render_task() - the "task" record: sums over the whole mm
 * @b: the buffer
 * @c: the sums of the VMA records
 * @t: the figures that are not sums
 */
void vms_render_task(struct vms_buf *b, const struct vms_counts *c,
		     const struct vms_task_info *t)
{
	vms_buf_printf(b, VMS_REC_TASK);
	vms_render_counts(b, c);
	vms_render_spread(b, c);
	vms_buf_printf(b, " pgtables=%llu minflt=%lu majflt=%lu oom_score_adj=%d\n",
		       t->pgtables, t->minflt, t->majflt, t->oom_score_adj);
}

/**
 * vms_render_vma() - one "vma" record
 * @b: the buffer
 * @id: the VMA's identity
 * @c: its accounting
 * @with_runs: print runs=, which is derived from physical frame numbers
 *	       (only for readers who may see them, as pagemap's PFNs)
 *
 * name= is the last token so that readers can take the rest of the line.
 */
void vms_render_vma(struct vms_buf *b, const struct vms_vma_id *id,
		    const struct vms_counts *c, bool with_runs)
{
	vms_buf_printf(b, VMS_REC_VMA " start=0x%lx end=0x%lx perms=%s",
		       id->start, id->end, id->perms);
	vms_buf_printf(b, " offset=0x%llx dev=%02x:%02x inode=%lu kind=%s",
		       id->offset, id->dev_major, id->dev_minor, id->inode,
		       vms_kind_word(id->kind));
	vms_render_counts(b, c);
	vms_buf_printf(b, " hpage=%llu pgtables=%llu", c->hpage, c->pgtables);
	if (with_runs)
		vms_buf_printf(b, " runs=%llu", c->runs);
	vms_render_spread(b, c);
	if (id->clipped)
		vms_buf_printf(b, " clipped=1");
	vms_buf_printf(b, " name=");
	vms_buf_escape(b, id->name, id->name_len);
	vms_buf_putc(b, '\n');
}

/**
 * vms_render_ext() - one "ext" record
 * @b: the buffer
 * @x: the run
 * @with_pfn: print the first frame number (present and zero runs)
 */
void vms_render_ext(struct vms_buf *b, const struct vms_ext *x, bool with_pfn)
{
	vms_buf_printf(b, VMS_REC_EXT " start=0x%lx end=0x%lx state=%s type=%s",
		       x->start, x->end, vms_state_word(x->state),
		       vms_type_word(x->type));
	if (x->state == VMS_STATE_PRESENT || x->state == VMS_STATE_ZERO) {
		vms_buf_printf(b, " map=%s order=%u", vms_map_word(x->map),
			       x->order);
		if (x->node >= 0)
			vms_buf_printf(b, " node=%d", x->node);
		if (with_pfn)
			vms_buf_printf(b, " pfn=0x%lx", x->pfn);
	}
	vms_buf_putc(b, '\n');
}

/**
 * vms_render_trailer() - the "end" record
 * @b: the buffer
 * @t: how the walk ended
 */
void vms_render_trailer(struct vms_buf *b, const struct vms_trailer *t)
{
	if (t->complete)
		vms_buf_printf(b, VMS_REC_END " status=" VMS_STATUS_COMPLETE);
	else
		vms_buf_printf(b, VMS_REC_END " status=" VMS_STATUS_PARTIAL
			       " reason=%s", t->reason);
	vms_buf_printf(b, " vmas=%lu exts=%lu walk_ns=%llu\n", t->vmas, t->exts,
		       (unsigned long long)t->walk_ns);
}
