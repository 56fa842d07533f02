// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: the module's report, read with libvmscope's parser into
 * the figures the checks compare (struct rec per record, ext records per
 * VMA in canonical text). Beyond what the parser requires, a report here
 * must be of the process asked about, complete, of known record types
 * only, with its VMAs sorted and every ext after a vma.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "escape.h"

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		exts_free(&r->v[i].x);
		free(r->v[i].vmflags);
		free(r->v[i].policy);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Every key=value with a known key into @r; false on a bad number. */
static bool parse_rec(const struct vms_record *rec, struct rec *r, int *bad)
{
	for (size_t i = 0; i < rec->nkv; i++) {
		const char *val = rec->kv[i].val;
		int k = key_index(rec->kv[i].key, strlen(rec->kv[i].key));
		uint64_t v;

		if (k < 0)
			continue;
		if (k == K_OOM && val[0] == '-') {
			/* the one signed figure */
			if (vms_parse_u64(val + 1, &v) || v > (u64)INT64_MAX) {
				*bad = k;
				return false;
			}
			r->v[k] = -(u64)v;
		} else {
			if (vms_parse_u64(val, &v)) {
				*bad = k;
				return false;
			}
			r->v[k] = v;
		}
		r->have[k] = true;
	}
	return true;
}

static void ext_from_record(const struct vms_record *rec, struct exts *x)
{
	const char *st = vms_rec_get(rec, VMS_K_STATE);
	uint64_t a = 0, b = 0, order = 0, node = 0, pfn = 0;
	bool ho, hn, hp;
	struct ext *e;

	/* the parser made sure of start= and end= */
	vms_rec_get_hex(rec, VMS_K_START, &a);
	vms_rec_get_hex(rec, VMS_K_END, &b);
	ho = !vms_rec_get_u64(rec, VMS_K_ORDER, &order);
	hn = !vms_rec_get_u64(rec, VMS_K_NODE, &node);
	hp = !vms_rec_get_hex(rec, VMS_K_PFN, &pfn);
	e = exts_add(x, a, b, st ? vms_state_parse(st, strlen(st)) : -1,
		     ext_canon(a, b, st ? st : "(none)",
			       vms_rec_get(rec, VMS_K_TYPE),
			       vms_rec_get(rec, VMS_K_MAP),
			       ho ? (long)order : -1, hn ? (long)node : -1,
			       hp, pfn));
	e->order = ho ? (long)order : -1;
	e->has_pfn = hp;
	e->pfn = hp ? pfn : 0;
}

static unsigned long count_lines(const char *text, size_t len)
{
	unsigned long n = 0;

	for (const char *p = text; (p = memchr(p, '\n', text + len - p)); p++)
		n++;
	return n;
}

char *parse_report(char *text, size_t len, pid_t pid, struct report *r)
{
	unsigned long lines = count_lines(text, len);
	struct vms_snapshot s;
	struct vms_error err;
	char *msg = NULL;
	size_t xi = 0;

	if (vms_snapshot_parse_owned(text, len, &s, &err)) {
		msg = vms_error_string(&err, "report");
		goto out;
	}
	if (s.pid != (uint64_t)pid) {
		msg = xasprintf("header pid is not %d", pid);
		goto out;
	}
	if (s.partial) {
		msg = xasprintf("report ends '%s %s=%s %s=%s'", VMS_REC_END,
				VMS_K_STATUS, VMS_STATUS_PARTIAL, VMS_K_REASON,
				s.reason);
		goto out;
	}
	/* The parser skips record types it does not know: this may not. */
	if (lines != 2 + !!s.task + s.nvmas + s.nexts) {
		msg = xasprintf("%lu lines but %zu known records", lines,
				2 + !!s.task + s.nvmas + s.nexts);
		goto out;
	}
	if (s.nexts && (!s.nvmas || s.exts[0].line < s.vmas[0].line)) {
		msg = xasprintf("line %lu: ext before any vma", s.exts[0].line);
		goto out;
	}
	r->v = xcalloc(s.nvmas, sizeof(*r->v));
	for (size_t i = 0; i < s.nvmas; i++) {
		const struct vms_record *rec = &s.vmas[i];
		struct mvma *m = &r->v[r->n++];
		const char *kind = vms_rec_get(rec, VMS_K_KIND);
		uint64_t a, b;
		int bad = -1;

		vms_rec_get_hex(rec, VMS_K_START, &a);
		vms_rec_get_hex(rec, VMS_K_END, &b);
		m->start = a;
		m->end = b;
		m->kind = kind ? vms_kind_parse(kind, strlen(kind)) : -1;
		if (vms_rec_get(rec, VMS_K_VMFLAGS))
			m->vmflags = xstrdup(vms_rec_get(rec, VMS_K_VMFLAGS));
		if (vms_rec_get(rec, VMS_K_POLICY))
			m->policy = vms_unescape_dup(vms_rec_get(rec, VMS_K_POLICY), NULL);
		if (!parse_rec(rec, &m->r, &bad)) {
			msg = xasprintf("line %lu: bad value of %s", rec->line,
					key_name(bad));
			goto out;
		}
		if (i && m->start < r->v[i - 1].end) {
			msg = xasprintf("vma 0x%lx: not sorted or overlapping",
					m->start);
			goto out;
		}
		/* its ext records: those before the next vma record */
		for (; xi < s.nexts && (i + 1 == s.nvmas ||
					s.exts[xi].line < s.vmas[i + 1].line); xi++)
			ext_from_record(&s.exts[xi], &m->x);
	}
	if (s.task) {
		int bad = -1;

		if (!parse_rec(s.task, &r->task, &bad)) {
			msg = xasprintf("task: bad value of %s", key_name(bad));
			goto out;
		}
		r->has_task = true;
	}
	{
		uint64_t n;

		if (!vms_rec_get_u64(s.end, VMS_K_EXTS, &n))
			r->end_exts = n;
	}
out:
	vms_snapshot_free(&s);
	return msg;
}
