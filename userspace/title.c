// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The header line of the table commands.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vmscope/format.h>

#include "columns.h"
#include "display.h"
#include "fit.h"
#include "size.h"
#include "title.h"
#include "util.h"

const struct vms_title_field vms_title_fields[] = {
	{ VMS_K_RSS, "RSS", false }, { VMS_K_PSS, "PSS", false }, { VMS_K_USS, "USS", false },
	{ VMS_K_SWAP, "swap", false }, { VMS_K_THP, "THP", false },
	{ VMS_K_HUGETLB, "hugetlb", false },
	/* resident off the nodes of its VMA's NUMA policy */
	{ VMS_K_MISPLACED, "misplaced", true },
};
const size_t vms_title_nfields = VMS_ARRAY_SIZE(vms_title_fields);

bool vms_title_total(const struct vms_snapshot *s, const char *key, uint64_t *out)
{
	bool family = vms_spread_key(key, VMS_K_NODE_PREFIX, NULL) ||
		      vms_spread_key(key, VMS_K_ORDER_PREFIX, NULL);
	/* The task's pgtables is the whole mm's (VmPTE), not a sum. */
	size_t i, n = strcmp(key, VMS_K_PGTABLES) ? s->nvmas : 0;
	uint64_t sum = 0, v;
	bool any = false;

	for (i = 0; i < n; i++) {
		if (vms_rec_get_u64(&s->vmas[i], key, &v))
			continue;
		any = true;
		sum = sum + v < sum ? UINT64_MAX : sum + v;
	}
	if (any) {
		*out = sum;
		return true;
	}
	if (!s->task || vms_rec_get_u64(s->task, key, &v))
		return false;
	/* A node or order no vma record has: 0 in the rows, so 0 here. */
	*out = family && s->nvmas ? 0 : v;
	return true;
}

char *vms_title_who(const struct vms_snapshot *s)
{
	const char *comm = vms_rec_get(s->header, VMS_K_COMM);
	char *name = vms_display_name(comm ? comm : "?", VMS_DISP_STRICT), *out;

	if (asprintf(&out, "pid %" PRIu64 " (%s)", s->pid, name) < 0) {
		vms_err("out of memory");
		exit(VMS_EXIT_FAIL);
	}
	free(name);
	return out;
}

/* Where a title line is built: its width so far and the limit (0: none). */
struct title_line {
	size_t cols, width;
};

/*
 * One "label value" item of the title: after two spaces on the same line,
 * or, past the width, on a line of its own indented by two.
 */
static void title_item(struct title_line *tl, const char *item)
{
	size_t w = vms_text_width(item);

	if (!tl->cols) {
		printf("%s", item);
		tl->cols = w;
	} else if (tl->width && tl->cols + 2 + w > tl->width) {
		printf("\n  %s", item);
		tl->cols = 2 + w;
	} else {
		printf("  %s", item);
		tl->cols += 2 + w;
	}
}

static void title_itemf(struct title_line *tl, const char *fmt, ...) VMS_PRINTF(2, 3);

static void title_itemf(struct title_line *tl, const char *fmt, ...)
{
	va_list ap;
	char *item;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&item, fmt, ap);
	va_end(ap);
	if (n < 0) {
		vms_err("out of memory");
		exit(VMS_EXIT_FAIL);
	}
	title_item(tl, item);
	free(item);
}

void vms_title_print_width(const struct vms_snapshot *s, bool bytes, size_t width)
{
	const char *kernel = vms_rec_get(s->header, VMS_K_KERNEL);
	struct title_line tl = { 0, width };
	char *who = vms_title_who(s), buf[32];
	uint64_t v;
	size_t i;

	title_item(&tl, who);
	free(who);
	if (kernel) {
		char *k = vms_display_name(kernel, VMS_DISP_STRICT);

		title_itemf(&tl, "kernel %s", k);
		free(k);
	}
	if (vms_snapshot_from_proc(s))
		title_item(&tl, "source proc");
	if (!vms_title_total(s, VMS_K_VSZ, &v))
		v = 0;
	title_itemf(&tl, "VSZ %s", vms_size_fmt(v, bytes, buf, sizeof(buf)));
	for (i = 0; s->task && i < vms_title_nfields; i++)
		if (vms_title_total(s, vms_title_fields[i].key, &v) &&
		    (v || !vms_title_fields[i].nonzero))
			title_itemf(&tl, "%s %s", vms_title_fields[i].label,
				    vms_size_fmt(v, bytes, buf, sizeof(buf)));
	for (i = 0; s->task && i < s->task->nkv; i++) {
		const char *key = s->task->kv[i].key;

		if (vms_spread_key(key, VMS_K_NODE_PREFIX, NULL) &&
		    vms_title_total(s, key, &v))
			title_itemf(&tl, "N%s %s", key + 1,
				    vms_size_fmt(v, bytes, buf, sizeof(buf)));
	}
	putchar('\n');
}

void vms_title_print(const struct vms_snapshot *s, bool bytes)
{
	vms_title_print_width(s, bytes, 0);
}

/* A header value (escaped in the report) as a JSON string member. */
static void json_text(FILE *f, const char *indent, const char *key, const char *escaped)
{
	char *v;

	if (!escaped)
		return;
	v = vms_display_name(escaped, VMS_DISP_JSON);
	fprintf(f, "%s\"%s\": ", indent, key);
	vms_json_string(f, v);
	fputs(",\n", f);
	free(v);
}

/* One task figure: the sum the rows give, else the record's (signed ok). */
static void json_task_value(FILE *f, const struct vms_snapshot *s, const char *key,
			    bool *first)
{
	const char *raw = s->task ? vms_rec_get(s->task, key) : NULL;
	uint64_t v;
	int64_t sv;

	fprintf(f, "%s\n", *first ? "" : ",");
	*first = false;
	fputs("      ", f);
	vms_json_string(f, key);
	if (vms_title_total(s, key, &v))
		fprintf(f, ": %" PRIu64, v);
	else if (raw && !vms_parse_s64(raw, &sv))
		fprintf(f, ": %" PRId64, sv);
	else if (raw) {
		char *d = vms_display_value(raw, true);

		fputs(": ", f);
		vms_json_string(f, d);
		free(d);
	} else {
		fputs(": null", f);
	}
}

static void json_task(FILE *f, const struct vms_snapshot *s, const char *indent)
{
	bool first = true;
	size_t i, n;

	fprintf(f, "%s\"task\": {", indent);
	if (s->task) {
		for (i = 0; i < s->task->nkv; i++)
			json_task_value(f, s, s->task->kv[i].key, &first);
	} else {
		struct vms_column *cols = vms_columns_all(s, &n);

		for (i = 0; i < n; i++)
			if (cols[i].info->flags & VMS_COLF_SUM)
				json_task_value(f, s, cols[i].key, &first);
		free(cols);
	}
	fprintf(f, "%s%s},\n", first ? "" : "\n", first ? "" : indent);
}

void vms_title_json(FILE *f, const struct vms_snapshot *s, const char *indent)
{
	const struct vms_record *h = s->header;
	const char *nodes = vms_rec_get(h, VMS_K_NODES);
	uint64_t t, v;

	fprintf(f, "%s\"%s\": %" PRIu64 ",\n", indent, VMS_K_PID, s->pid);
	json_text(f, indent, VMS_K_COMM, vms_rec_get(h, VMS_K_COMM));
	json_text(f, indent, VMS_K_KERNEL, vms_rec_get(h, VMS_K_KERNEL));
	fprintf(f, "%s\"%s\": \"%s\",\n", indent, VMS_K_SOURCE,
		vms_snapshot_from_proc(s) ? VMS_SOURCE_PROC : VMS_SOURCE_MODULE);
	if (!vms_rec_get_u64(h, VMS_K_TIME_NS, &t)) {
		time_t sec = (time_t)(t / 1000000000);
		struct tm tm;
		char buf[32];

		if (gmtime_r(&sec, &tm) && strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm))
			fprintf(f, "%s\"time\": \"%s.%09" PRIu64 "Z\",\n", indent, buf,
				t % 1000000000);
		fprintf(f, "%s\"%s\": %" PRIu64 ",\n", indent, VMS_K_TIME_NS, t);
	}
	if (!vms_rec_get_u64(h, VMS_K_PAGE_SIZE, &v))
		fprintf(f, "%s\"%s\": %" PRIu64 ",\n", indent, VMS_K_PAGE_SIZE, v);
	if (nodes) {
		const char *p = nodes;
		bool first = true;

		fprintf(f, "%s\"%s\": [", indent, VMS_K_NODES);
		while (*p && !vms_scan_u64(&p, NULL, 10, &v)) {
			fprintf(f, "%s%" PRIu64, first ? "" : ", ", v);
			first = false;
			if (*p != ',')
				break;
			p++;
		}
		fputs("],\n", f);
	}
	fprintf(f, "%s\"%s\": \"%s\",\n", indent, VMS_K_STATUS,
		s->partial ? VMS_STATUS_PARTIAL : VMS_STATUS_COMPLETE);
	if (s->partial)
		json_text(f, indent, VMS_K_REASON, s->reason);
	json_task(f, s, indent);
}
