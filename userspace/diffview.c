// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The diff table: one row per group of matched VMAs (match.h) with the
 * change of each field, then a totals row. Under a group of several VMAs
 * (split, merged, reshaped), a row for each: "was" for those of A, "now"
 * for those of B, with their own figures (unsigned: a state, not a
 * change), so that what an mprotect cut out can be seen.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsmartcols.h>
#include <vmscope/format.h>

#include "columns.h"
#include "delta.h"
#include "diffview.h"
#include "display.h"
#include "size.h"
#include "title.h"
#include "util.h"

const char *const vms_diff_extra_columns[] = {
	"STATUS", "same, grown, shrunk, split, merged, moved, new, gone, ...",
	"WAS", "the old address range where it differs",
	NULL,
};

enum dcol_type {
	DCOL_STATUS,
	DCOL_WAS,
	DCOL_IDENT,	/* a VMA column shown as is (the new side's) */
	DCOL_DELTA,	/* the change of d->keys[key] */
	DCOL_ABSENT,	/* asked for, but not in both snapshots */
};

struct dcol {
	enum dcol_type type;
	struct vms_column col;	/* for IDENT, DELTA, ABSENT */
	long key;		/* DELTA: index in d->keys */
	char name[32];
};

struct view {
	const struct vms_diff_opts *o;
	struct vms_diff d;
	struct dcol *cols;
	size_t ncols;
	bool *row;		/* per group: printed */
};

static void add(struct view *v, enum dcol_type type, const struct vms_column *col,
		long key, const char *name)
{
	struct dcol *c;

	v->cols = xreallocarray(v->cols, v->ncols + 1, sizeof(*v->cols));
	c = &v->cols[v->ncols++];
	memset(c, 0, sizeof(*c));
	c->type = type;
	if (col)
		c->col = *col;
	c->key = key;
	snprintf(c->name, sizeof(c->name), "%s", name);
}

static bool range_moved(const struct view *v, const struct vms_group *g)
{
	uint64_t as, ae, bs, be;

	if (!g->na || !g->nb)
		return false;
	vms_diff_side_range(v->d.a, g->a, g->na, &as, &ae);
	vms_diff_side_range(v->d.b, g->b, g->nb, &bs, &be);
	return as != bs || ae != be;
}

static bool shown(const struct view *v, size_t g)
{
	return v->o->all || v->d.changed[g];
}

static bool any_delta(const struct view *v, long k)
{
	size_t g;

	for (g = 0; g < v->d.m.n; g++)
		if (shown(v, g) && vms_diff_known(&v->d, g)[k] && vms_diff_row(&v->d, g)[k])
			return true;
	return false;
}

/*
 * Rows to print: all with --all; otherwise the groups that moved, split,
 * appeared... or whose identity or a printed figure changed (a change in
 * a column not printed does not make a row).
 */
static void choose_rows(struct view *v)
{
	size_t g, i;

	v->row = xcalloc(v->d.m.n + 1, sizeof(*v->row));
	for (g = 0; g < v->d.m.n; g++) {
		const struct vms_group *grp = &v->d.m.groups[g];
		const int64_t *delta = vms_diff_row(&v->d, g);
		const bool *known = vms_diff_known(&v->d, g);
		bool show = v->o->all;

		if (!show && v->d.changed[g]) {
			const struct vms_vma *x = &v->d.a[grp->a[0]], *y = &v->d.b[grp->b[0]];

			show = grp->change != VMS_CH_SAME || strcmp(x->perms, y->perms) ||
			       strcmp(x->kind, y->kind) || strcmp(x->name, y->name);
			for (i = 0; !show && i < v->ncols; i++)
				show = v->cols[i].type == DCOL_DELTA &&
				       known[v->cols[i].key] && delta[v->cols[i].key];
		}
		v->row[g] = show;
	}
}

static void default_columns(struct view *v)
{
	static const char *const ident[] = { "START", "END", "PERM", "KIND" };
	struct vms_column col;
	bool was = false;
	size_t i, g;

	add(v, DCOL_STATUS, NULL, -1, "STATUS");
	for (i = 0; i < 2; i++) {
		vms_column_lookup(ident[i], &col);
		add(v, DCOL_IDENT, &col, -1, col.name);
	}
	for (g = 0; g < v->d.m.n; g++)
		if (shown(v, g) && range_moved(v, &v->d.m.groups[g]))
			was = true;
	if (was || v->o->t.json)
		add(v, DCOL_WAS, NULL, -1, "WAS");
	for (i = 2; i < VMS_ARRAY_SIZE(ident); i++) {
		vms_column_lookup(ident[i], &col);
		add(v, DCOL_IDENT, &col, -1, col.name);
	}
	for (i = 0; i < v->d.nkeys; i++) {
		unsigned int f;

		if (vms_column_by_key(v->d.keys[i], &col)) {
			if (v->o->t.json) {	/* a key this CLI does not know */
				snprintf(col.name, sizeof(col.name), "%s", v->d.keys[i]);
				col.info = NULL;
				add(v, DCOL_DELTA, &col, i, v->d.keys[i]);
			}
			continue;
		}
		f = col.info->flags;
		if (v->o->t.json || (f & VMS_COLF_DEFAULT) ||
		    ((f & (VMS_COLF_AUTO | VMS_COLF_DIFF)) && any_delta(v, i)))
			add(v, DCOL_DELTA, &col, i, col.name);
	}
	vms_column_lookup("NAME", &col);
	add(v, DCOL_IDENT, &col, -1, col.name);
}

/* One -o name into a column; -1 if unknown. */
static int parse_one(struct view *v, const char *name)
{
	struct vms_column col;
	long k;

	if (!strcasecmp(name, "STATUS")) {
		add(v, DCOL_STATUS, NULL, -1, "STATUS");
		return 0;
	}
	if (!strcasecmp(name, "WAS")) {
		add(v, DCOL_WAS, NULL, -1, "WAS");
		return 0;
	}
	if (vms_column_lookup(name, &col))
		return -1;
	if (col.info->flags & VMS_COLF_IDENTITY) {
		add(v, DCOL_IDENT, &col, -1, col.name);
		return 0;
	}
	k = vms_diff_key_index(&v->d, col.key);
	add(v, k < 0 ? DCOL_ABSENT : DCOL_DELTA, &col, k, col.name);
	return 0;
}

int vms_diff_check_columns(const char *list)
{
	char *copy = xstrdup(list[0] == '+' ? list + 1 : list), *tok, *save = NULL;
	struct vms_column col;
	int rc = 0, n = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		n++;
		if (strcasecmp(tok, "STATUS") && strcasecmp(tok, "WAS") &&
		    vms_column_lookup(tok, &col)) {
			vms_err("unknown column: %s", tok);
			rc = VMS_EXIT_USAGE;
			break;
		}
	}
	if (!rc && !n) {
		vms_err("no columns in --output");
		rc = VMS_EXIT_USAGE;
	}
	free(copy);
	return rc;
}

static void choose_columns(struct view *v)
{
	const char *list = v->o->t.output;
	char *copy, *tok, *save = NULL;

	if (!list || list[0] == '+')
		default_columns(v);
	if (!list)
		return;
	copy = xstrdup(list[0] == '+' ? list + 1 : list);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; list[0] == '+' && i < v->ncols; i++)
			if (!strcasecmp(v->cols[i].name, tok))
				break;
		if (list[0] != '+' || i == v->ncols)
			parse_one(v, tok);	/* checked by vms_diff_check_columns() */
	}
	free(copy);
}

static bool is_count(const struct dcol *c)
{
	return c->col.info && c->col.info->type == VMS_COL_COUNT;
}

static const char *fmt_delta(const struct view *v, const struct dcol *c, int64_t x,
			     char *buf, size_t n)
{
	if (v->o->t.json)
		snprintf(buf, n, "%" PRId64, x);
	else if (is_count(c))
		snprintf(buf, n, x ? "%+" PRId64 : "0", x);
	else
		vms_delta_fmt(x, v->o->t.bytes, buf, n);
	return buf;
}

/* A piece's own figure: unsigned, a state rather than a change. */
static const char *fmt_value(const struct view *v, const struct dcol *c, uint64_t x,
			     char *buf, size_t n)
{
	if (v->o->t.json || is_count(c))
		snprintf(buf, n, "%" PRIu64, x);
	else
		vms_size_fmt(x, v->o->t.bytes, buf, n);
	return buf;
}

static int set(struct libscols_line *ln, size_t i, const char *s)
{
	if (scols_line_set_data(ln, i, s)) {
		vms_err("out of memory");
		return -1;
	}
	return 0;
}

/* An identity column of one VMA, over the range [s, e). */
static int fill_ident(const struct view *v, struct libscols_line *ln, size_t i,
		      const struct vms_vma *vma, uint64_t s, uint64_t e)
{
	const struct dcol *c = &v->cols[i];
	const char *val;
	char buf[64];

	if (!strcmp(c->col.key, VMS_K_START) || !strcmp(c->col.key, VMS_K_END)) {
		snprintf(buf, sizeof(buf), "0x%" PRIx64, !strcmp(c->col.key, VMS_K_START) ? s : e);
		return set(ln, i, buf);
	}
	val = vms_rec_get(vma->rec, c->col.key);
	if (!val)
		return 0;
	if (scols_line_refer_data(ln, i, vms_display_cell(&c->col, val, v->o->t.json))) {
		vms_err("out of memory");
		return -1;
	}
	return 0;
}

static int fill_cell(const struct view *v, struct libscols_line *ln, size_t i,
		     size_t gi)
{
	const struct vms_group *g = &v->d.m.groups[gi];
	const struct dcol *c = &v->cols[i];
	/* A split is the one VMA of A that was cut: its identity. */
	bool from_a = !g->nb || (g->na == 1 && g->nb > 1);
	const struct vms_vma *side = from_a ? &v->d.a[g->a[0]] : &v->d.b[g->b[0]];
	uint64_t s, e;
	char buf[64];

	switch (c->type) {
	case DCOL_STATUS:
		if (g->change == VMS_CH_SAME && v->d.changed[gi])
			return set(ln, i, "changed");
		return set(ln, i, vms_change_word(g, v->d.a, v->d.b));
	case DCOL_WAS:
		if (!range_moved(v, g))
			return 0;
		vms_diff_side_range(v->d.a, g->a, g->na, &s, &e);
		snprintf(buf, sizeof(buf), "0x%" PRIx64 "-0x%" PRIx64, s, e);
		return set(ln, i, buf);
	case DCOL_DELTA:
		if (!vms_diff_known(&v->d, gi)[c->key])
			return 0;
		return set(ln, i, fmt_delta(v, c, vms_diff_row(&v->d, gi)[c->key],
					    buf, sizeof(buf)));
	case DCOL_ABSENT:
		return 0;
	case DCOL_IDENT:
		break;
	}
	if (g->nb)
		vms_diff_side_range(v->d.b, g->b, g->nb, &s, &e);
	else
		vms_diff_side_range(v->d.a, g->a, g->na, &s, &e);
	return fill_ident(v, ln, i, side, s, e);
}

/* A row for one VMA of a group of several: "was" (of A) or "now" (of B). */
static int fill_piece(const struct view *v, struct libscols_line *ln, size_t i,
		      const struct vms_vma *vma, bool was)
{
	const struct dcol *c = &v->cols[i];
	struct vms_column col;
	char buf[64];
	uint64_t x;

	switch (c->type) {
	case DCOL_STATUS:
		return set(ln, i, was ? "was" : "now");
	case DCOL_WAS:
	case DCOL_ABSENT:
		return 0;
	case DCOL_DELTA:
		if (vms_rec_get_u64(vma->rec, v->d.keys[c->key], &x)) {
			/* oK and nK are printed only when not zero */
			if (vms_column_by_key(v->d.keys[c->key], &col) ||
			    !(col.info->flags & VMS_COLF_INDEXED))
				return 0;
			x = 0;
		}
		return set(ln, i, fmt_value(v, c, x, buf, sizeof(buf)));
	case DCOL_IDENT:
		break;
	}
	return fill_ident(v, ln, i, vma, vma->start, vma->end);
}

static int add_pieces(const struct view *v, struct libscols_table *tb,
		      struct libscols_line *parent, const struct vms_vma *arr,
		      const size_t *idx, size_t n, bool was)
{
	size_t k, i;

	for (k = 0; k < n; k++) {
		/* Raw output stays one flat record per line, without tree marks. */
		struct libscols_line *ln = scols_table_new_line(tb,
					v->o->t.raw ? NULL : parent);

		if (!ln) {
			vms_err("out of memory");
			return -1;
		}
		for (i = 0; i < v->ncols; i++)
			if (fill_piece(v, ln, i, &arr[idx[k]], was))
				return -1;
	}
	return 0;
}

/* The row of group gi, and under it its pieces if it has several VMAs. */
static int add_group(const struct view *v, struct libscols_table *tb, size_t gi)
{
	const struct vms_group *g = &v->d.m.groups[gi];
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	size_t i;

	if (!ln) {
		vms_err("out of memory");
		return -1;
	}
	for (i = 0; i < v->ncols; i++)
		if (fill_cell(v, ln, i, gi))
			return -1;
	if (g->na > 1 && g->nb && add_pieces(v, tb, ln, v->d.a, g->a, g->na, true))
		return -1;
	if (g->nb > 1 && g->na && add_pieces(v, tb, ln, v->d.b, g->b, g->nb, false))
		return -1;
	return 0;
}

static int add_total(const struct view *v, struct libscols_table *tb)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	size_t i, label = v->ncols;
	char buf[64];

	if (!ln) {
		vms_err("out of memory");
		return -1;
	}
	for (i = 0; i < v->ncols; i++) {
		const struct dcol *c = &v->cols[i];

		if (c->type == DCOL_DELTA) {
			if (set(ln, i, fmt_delta(v, c, v->d.total[c->key], buf, sizeof(buf))))
				return -1;
		} else if (c->type == DCOL_STATUS && v->o->t.json) {
			if (set(ln, i, "total"))
				return -1;
		} else if (c->type == DCOL_IDENT && c->col.info->type == VMS_COL_NAME) {
			label = i;
		} else if (label == v->ncols && c->type != DCOL_STATUS && !v->o->t.json) {
			label = i;
		}
	}
	if (!v->o->t.json && label < v->ncols)
		return set(ln, label, "total");
	return 0;
}

static int setup_columns(const struct view *v, struct libscols_table *tb)
{
	bool tree = !v->o->t.raw;
	size_t i;

	for (i = 0; i < v->ncols; i++) {
		const struct dcol *c = &v->cols[i];
		bool num = c->type == DCOL_DELTA || c->type == DCOL_ABSENT ||
			   (c->type == DCOL_IDENT && c->col.info->type == VMS_COL_COUNT);
		struct libscols_column *cl;
		int fl = num ? SCOLS_FL_RIGHT : 0;

		/* The pieces of a split or merge hang under its STATUS. */
		if (tree && c->type == DCOL_STATUS) {
			fl |= SCOLS_FL_TREE;
			tree = false;
		}
		cl = scols_table_new_column(tb, c->name, 0, fl);
		if (!cl)
			return -1;
		if (num)
			scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	}
	return 0;
}

/*
 * "pid 4242 (demo)  +2.0s  VSZ +0  RSS +512M ... 3 of 37 VMAs changed":
 * VMAs as delta.h counts them, whatever -a and -o show, and how many of
 * the changed ones have no row because only columns not shown changed.
 */
static void print_title(const struct view *v, const struct vms_snapshot *a,
			const struct vms_snapshot *b)
{
	static const struct {
		const char *key, *label;
		bool size;
	} fields[] = {
		{ VMS_K_VSZ, "VSZ", true }, { VMS_K_RSS, "RSS", true },
		{ VMS_K_PSS, "PSS", true }, { VMS_K_SWAP, "swap", true },
		{ VMS_K_THP, "THP", true }, { VMS_K_HUGETLB, "hugetlb", true },
		{ VMS_K_MINFLT, "minflt", false }, { VMS_K_MAJFLT, "majflt", false },
	};
	char *wa = vms_title_who(a), *wb = vms_title_who(b), buf[64];
	uint64_t ta = 0, tb = 0, x, y;
	size_t i, k, hidden;

	if (!strcmp(wa, wb))
		printf("%s", wb);
	else
		printf("%s -> %s", wa, wb);
	free(wa);
	free(wb);
	if (!vms_rec_get_u64(a->header, VMS_K_TIME_NS, &ta) &&
	    !vms_rec_get_u64(b->header, VMS_K_TIME_NS, &tb) && tb >= ta)
		printf("  +%" PRIu64 ".%03" PRIu64 "s", (tb - ta) / 1000000000,
		       (tb - ta) / 1000000 % 1000);
	if (vms_snapshot_from_proc(a) || vms_snapshot_from_proc(b))
		printf("  source proc");
	for (i = 0; i < VMS_ARRAY_SIZE(fields); i++) {
		/* from the records the rows show (title.h), not another read */
		if (!vms_title_total(a, fields[i].key, &x) || !vms_title_total(b, fields[i].key, &y))
			continue;
		if (fields[i].size)
			vms_delta_fmt(vms_delta(x, y), v->o->t.bytes, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%+" PRId64, vms_delta(x, y));
		printf("  %s %s", fields[i].label, buf);
	}
	for (k = 0; k < v->d.nkeys; k++) {
		const char *key = v->d.keys[k];

		if (vms_spread_key(key, VMS_K_NODE_PREFIX, NULL))
			printf("  N%s %s", key + 1, vms_delta_fmt(v->d.total[k],
				v->o->t.bytes, buf, sizeof(buf)));
	}
	printf("  %zu of %zu VMAs changed", v->d.nvmas_changed, v->d.nvmas);
	hidden = 0;
	for (k = 0; k < v->d.m.n; k++)
		if (v->d.changed[k] && !v->row[k])
			hidden += vms_group_vmas(&v->d.m.groups[k]);
	if (hidden)
		printf(" (%zu only in columns not shown)", hidden);
	putchar('\n');
}

/* Say so when a and b look like snapshots of two unrelated processes. */
static void warn_unrelated(const struct view *v, const struct vms_snapshot *a,
			   const struct vms_snapshot *b)
{
	const char *why = vms_diff_unrelated(a, b, &v->d);
	char *wa, *wb;

	if (!why)
		return;
	wa = vms_title_who(a);
	wb = vms_title_who(b);
	vms_warn("%s and %s look like unrelated processes (%s)", wa, wb, why);
	free(wa);
	free(wb);
}

int vms_diff_print(const struct vms_diff_opts *o, const struct vms_snapshot *a,
		   const struct vms_snapshot *b)
{
	struct view v = { .o = o };
	struct libscols_table *tb = NULL;
	int rc = VMS_EXIT_FAIL;
	size_t g;

	vms_diff_compute(a, b, &v.d);
	choose_columns(&v);
	choose_rows(&v);
	tb = vms_table_new("diff", &o->t);
	if (!tb || setup_columns(&v, tb)) {
		vms_err("out of memory");
		goto out;
	}
	if (o->warn_unrelated)
		warn_unrelated(&v, a, b);
	for (g = 0; g < v.d.m.n; g++)
		if (v.row[g] && add_group(&v, tb, g))
			goto out;
	if (!o->t.raw && add_total(&v, tb))
		goto out;
	if (!o->t.json && !o->t.raw && !o->t.noheadings)
		print_title(&v, a, b);
	vms_table_print(tb, &o->t);
	rc = VMS_EXIT_OK;
out:
	scols_unref_table(tb);
	free(v.cols);
	free(v.row);
	vms_diff_free(&v.d);
	return rc;
}
