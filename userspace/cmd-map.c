// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope map PID|FILE: a picture of residency, one strip per VMA, built
 * from extents (strip.h); --svg FILE for an image of the whole address
 * space (svg.c).
 *
 * Each cell stands for a power-of-two number of pages, chosen per VMA so
 * that its strip fits the width (and, when there are few VMAs, a few
 * rows): a 4 KiB VMA is one cell, a 1 GiB one a block of 2 MiB or 4 MiB
 * cells. A cell shows what dominates it: resident pages as a bar of 1 to
 * 8 eighths (their share of the cell), huge pages, the zero page, swap,
 * other entries or nothing; colour (on a terminal) gives the NUMA node.
 *
 * Every line fits the width: names are shortened in the middle, down to
 * 20 columns with every column shown, then NODES and KIND are left out,
 * then names go down to 10 columns, PERM is left out and the strip
 * narrowed (steps[] in plan()); below that the map says how many columns
 * it needs.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <vmscope/format.h>

#include "cmdline.h"
#include "display.h"
#include "fit.h"
#include "input.h"
#include "size.h"
#include "strip.h"
#include "svg.h"
#include "title.h"
#include "util.h"
#include "vma.h"
#include "vmscope.h"

#define DEFAULT_WIDTH	100
#define MIN_STRIP	16	/* columns are left out before the strip gets narrower */
#define LAST_STRIP	8	/* the narrowest strip */
#define GOOD_NAME	20	/* NODES and KIND are left out before names get narrower */
#define MIN_NAME	10	/* names are left out before they get narrower */
#define ROW_CELL_MAX	(2ULL << 20)	/* finer than a huge page, if rows allow */

struct map_ctl {
	size_t width;		/* 0: the terminal's */
	size_t rows;		/* 0: by the number of VMAs */
	int color;		/* -1 auto, 0 never, 1 always */
	int unicode;		/* -1 auto */
	bool bytes;
	const char *svg;
	enum vms_source source;
};

struct glyphs {
	const char *level[9];	/* PRESENT by eighths, [1..8] */
	const char *cat[VMS_CAT_NR];
	const char *ellipsis;	/* in a shortened name */
};

static const struct glyphs unicode_glyphs = {
	{ " ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" },
	{ [VMS_CAT_PRESENT] = "\u2588", [VMS_CAT_HUGE] = "\u2593",
	  [VMS_CAT_ZERO] = "\u2591", [VMS_CAT_SWAP] = "\u2592",
	  [VMS_CAT_OTHER] = "\u259a", [VMS_CAT_NONE] = "\u00b7",
	  [VMS_CAT_UNKNOWN] = "?" },
	"\u2026",
};

/* Partly resident: '-' up to half the cell, '+' more; '#' all of it. */
static const struct glyphs ascii_glyphs = {
	{ " ", "-", "-", "-", "-", "+", "+", "+", "#" },
	{ [VMS_CAT_PRESENT] = "#", [VMS_CAT_HUGE] = "H", [VMS_CAT_ZERO] = "z",
	  [VMS_CAT_SWAP] = "s", [VMS_CAT_OTHER] = "!", [VMS_CAT_NONE] = ".",
	  [VMS_CAT_UNKNOWN] = "?" },
	"...",
};

/* SGR colours: nodes, then the other categories. */
static const char *const node_sgr[VMS_STRIP_NODES] = {
	"32", "34", "36", "35", "92", "94", "96", "95",
};

static const char *cat_sgr(enum vms_cat c)
{
	switch (c) {
	case VMS_CAT_ZERO:
		return "90";
	case VMS_CAT_SWAP:
		return "31";
	case VMS_CAT_OTHER:
		return "33";
	case VMS_CAT_NONE:
		return "2";
	default:
		return NULL;
	}
}

struct painter {
	const struct glyphs *g;
	bool color;
	char cur[16];		/* SGR in effect, "" for none */
	struct vms_buf line;
};

static void paint(struct painter *p, const char *sgr, const char *text)
{
	if (!sgr)
		sgr = "";
	if (p->color && strcmp(sgr, p->cur)) {
		vms_buf_printf(&p->line, "\033[0%s%sm", *sgr ? ";" : "", sgr);
		snprintf(p->cur, sizeof(p->cur), "%s", sgr);
	}
	vms_buf_printf(&p->line, "%s", text);
}

static void paint_reset(struct painter *p)
{
	if (p->color && p->cur[0])
		vms_buf_printf(&p->line, "\033[0m");
	p->cur[0] = '\0';
}

static void flush_line(struct painter *p)
{
	paint_reset(p);
	/* No trailing blanks: strips are padded, names may be empty. */
	while (p->line.len && p->line.data[p->line.len - 1] == ' ')
		p->line.data[--p->line.len] = '\0';
	printf("%s\n", p->line.len ? p->line.data : "");
	p->line.len = 0;
	if (p->line.data)
		p->line.data[0] = '\0';
}

static void paint_cell(struct painter *p, struct vms_look l)
{
	char sgr[16];

	if (l.cat == VMS_CAT_PRESENT || l.cat == VMS_CAT_HUGE) {
		const char *text = l.cat == VMS_CAT_HUGE ? p->g->cat[VMS_CAT_HUGE] :
						       p->g->level[l.level];

		if (l.node < 0) {
			paint(p, l.cat == VMS_CAT_HUGE ? "1" : NULL, text);
			return;
		}
		snprintf(sgr, sizeof(sgr), "%s%s", l.cat == VMS_CAT_HUGE ? "1;" : "",
			 node_sgr[l.node]);
		paint(p, sgr, text);
		return;
	}
	paint(p, cat_sgr(l.cat), p->g->cat[l.cat]);
}

/*
 * The columns of the map and their widths:
 * START [PERM] [KIND] VSZ RSS [HUGETLB] CELL |strip| [NODES] [NAME]
 */
struct layout {
	bool perm, kind, hugetlb, nodes, name;
	bool node_data;		/* some VMA has n<N> figures */
	int w_start, w_kind, w_vsz, w_rss, w_huge, w_cell, w_nodes, w_name;
	size_t strip;		/* cells per row */
	size_t rows_max;
	size_t width;		/* of the lines */
	uint64_t page;
};

/* What a VMA's row shows beside its strip, worked out once. */
struct vma_text {
	char *nodes;		/* "N0 4.0K N1 8.0K" */
	char *name;		/* for the terminal, not yet shortened */
	size_t name_w;		/* its display columns */
};

static char *node_text(const struct vms_vma *v, bool bytes)
{
	struct vms_buf out = { 0 };
	char buf[32];
	size_t i;

	vms_buf_printf(&out, "%s", "");
	for (i = 0; i < v->rec->nkv; i++) {
		const struct vms_kv *kv = &v->rec->kv[i];
		uint64_t x;

		if (!vms_spread_key(kv->key, VMS_K_NODE_PREFIX, NULL) ||
		    vms_parse_u64(kv->val, &x) || !x)
			continue;
		vms_buf_printf(&out, "%sN%s %s", out.len ? " " : "", kv->key + 1,
			       vms_size_fmt(x, bytes, buf, sizeof(buf)));
	}
	return out.data;
}

static int num_width(uint64_t x, bool bytes)
{
	char buf[32];

	return (int)strlen(vms_size_fmt(x, bytes, buf, sizeof(buf)));
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* Without -w: the terminal's width, else $COLUMNS, else the default. */
static size_t auto_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	uint64_t n;

	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	if (cols && !vms_parse_range(cols, 1, 9999, &n))
		return (size_t)n;
	return DEFAULT_WIDTH;
}

/* Rows and cell size of `v` with the layout's strip. */
static size_t vma_rows(const struct layout *lay, const struct vms_vma *v, uint64_t *cell)
{
	uint64_t size = vms_vma_size(v);
	size_t rows = vms_strip_rows(v, lay->strip, lay->rows_max, ROW_CELL_MAX);

	*cell = vms_strip_cell_size(size, lay->page, lay->strip * rows);
	return (size_t)(((size - 1) / *cell + 1 + lay->strip - 1) / lay->strip);
}

/* "+512M": where continuation row `r` of `v` starts. */
static char *row_offset(const struct layout *lay, size_t r, uint64_t cell, bool bytes,
			char *buf, size_t size)
{
	char num[32];

	snprintf(buf, size, "+%s", vms_size_fmt(r * lay->strip * cell, bytes, num, sizeof(num)));
	return buf;
}

/* The columns before the strip, the blank before it included. */
static size_t label_width(const struct layout *lay)
{
	return lay->w_start + (lay->perm ? 1 + 4 : 0) + (lay->kind ? 1 + lay->w_kind : 0) +
	       1 + lay->w_vsz + 1 + lay->w_rss + (lay->hugetlb ? 1 + lay->w_huge : 0) +
	       1 + lay->w_cell + 1;
}

/*
 * Widen the CELL and START columns to hold what they show with the
 * strip of `lay` (cell sizes, continuation offsets). Whether they were.
 */
static bool widen(struct layout *lay, const struct vms_vma *v, size_t n, bool bytes)
{
	int w_cell = lay->w_cell, w_start = lay->w_start;
	char buf[40];
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t cell;
		size_t rows = vma_rows(lay, &v[i], &cell);

		w_cell = max_int(w_cell, num_width(cell, bytes));
		if (rows > 1)
			w_start = max_int(w_start, strlen(row_offset(lay, rows - 1, cell, bytes,
								 buf, sizeof(buf))));
	}
	if (w_cell == lay->w_cell && w_start == lay->w_start)
		return false;
	lay->w_cell = w_cell;
	lay->w_start = w_start;
	return true;
}

/*
 * Fit the columns that `lay` shows into `width` with a strip of at least
 * `min_strip` cells and names of `name_w` columns, shortened to no less
 * than `min_name`; false if they do not fit. The strip depends on the
 * CELL and START columns, they on the strip: widen them until they hold
 * what they show.
 */
static bool fit(struct layout *lay, const struct vms_vma *v, size_t n, size_t width,
		size_t min_strip, bool bytes, size_t name_w, size_t min_name)
{
	if (min_name > name_w)
		min_name = name_w;
	do {
		size_t used = label_width(lay) + 2 + (lay->nodes ? 1 + lay->w_nodes : 0);
		size_t room = width > used ? width - used : 0, strip;

		if (!lay->name) {
			if (room < min_strip)
				return false;
			lay->strip = room;
			continue;
		}
		if (room < min_strip + 1 + min_name)
			return false;
		room--;
		/* Whole names if the strip keeps a third of the room. */
		strip = room / 3 > min_strip ? room / 3 : min_strip;
		lay->w_name = (int)(room - strip < name_w ? room - strip : name_w);
		if (lay->w_name < (int)min_name)
			lay->w_name = (int)min_name;
		lay->strip = room - lay->w_name;
	} while (widen(lay, v, n, bytes));
	return true;
}

/*
 * The layout for `width` columns: 0, or the least width that would do
 * (after a one-line error for -w, a warning for the terminal's width,
 * which is then exceeded).
 */
static int plan(const struct map_ctl *ctl, const struct vms_snapshot *s,
		const struct vms_vma *v, const struct vma_text *t, size_t n,
		struct layout *lay)
{
	/* What to leave out, in turn, when the width is short. */
	static const struct {
		bool perm, kind, nodes, name;
		size_t min_strip, min_name;
	} steps[] = {
		{ true, true, true, true, MIN_STRIP, GOOD_NAME },
		{ true, true, false, true, MIN_STRIP, GOOD_NAME },
		{ true, false, false, true, MIN_STRIP, GOOD_NAME },
		{ true, true, false, true, MIN_STRIP, MIN_NAME },
		{ true, false, false, true, MIN_STRIP, MIN_NAME },
		{ false, false, false, true, MIN_STRIP, MIN_NAME },
		{ false, false, false, true, LAST_STRIP, MIN_NAME },
		{ false, false, false, false, LAST_STRIP, 0 },
	};
	size_t width = ctl->width ? ctl->width : auto_width(), i, k, name_w = 4;
	struct layout base = { 0 };
	char buf[32];

	base.page = 4096;
	vms_rec_get_u64(s->header, VMS_K_PAGE_SIZE, &base.page);
	if (!base.page)
		base.page = 4096;
	base.w_start = 5;
	base.w_kind = 4;
	base.w_vsz = 3;
	base.w_rss = 3;
	base.w_huge = 7;
	base.w_cell = 4;
	base.w_nodes = 5;
	base.rows_max = ctl->rows ? ctl->rows : n <= 4 ? 16 : n <= 16 ? 4 : 1;
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "0x%" PRIx64, v[i].start);
		base.w_start = max_int(base.w_start, strlen(buf));
		base.w_kind = max_int(base.w_kind, strlen(v[i].kind));
		base.w_vsz = max_int(base.w_vsz, num_width(vms_vma_size(&v[i]), ctl->bytes));
		base.w_rss = max_int(base.w_rss, num_width(vms_vma_u64(&v[i], VMS_K_RSS),
							   ctl->bytes));
		base.w_huge = max_int(base.w_huge, num_width(vms_vma_u64(&v[i], VMS_K_HUGETLB),
							     ctl->bytes));
		if (vms_vma_u64(&v[i], VMS_K_HUGETLB))
			base.hugetlb = true;
		base.w_nodes = max_int(base.w_nodes, strlen(t[i].nodes));
		if (*t[i].nodes)
			base.node_data = true;
		if (t[i].name_w > name_w)
			name_w = t[i].name_w;
	}
	for (k = 0; k < VMS_ARRAY_SIZE(steps); k++) {
		*lay = base;
		lay->perm = steps[k].perm;
		lay->kind = steps[k].kind;
		lay->nodes = steps[k].nodes && base.node_data;
		lay->name = steps[k].name;
		lay->width = width;
		if (fit(lay, v, n, width, steps[k].min_strip, ctl->bytes, name_w,
			steps[k].min_name))
			return 0;
	}
	/* The least width: the last step's columns and strip. */
	*lay = base;
	lay->strip = LAST_STRIP;
	widen(lay, v, n, ctl->bytes);
	k = label_width(lay) + 2 + LAST_STRIP;
	lay->width = k;
	if (ctl->width) {
		vms_err("map: %zu columns are too narrow for the map; it needs at least %zu",
			width, k);
		return VMS_EXIT_USAGE;
	}
	vms_warn("map: %zu columns are too narrow for the map; it takes %zu", width, k);
	return 0;
}

#define LEGEND_INDENT	8	/* "legend: " */

/* Legend lines, wrapped to the map's width. */
struct legend {
	struct painter *p;
	size_t width, col;
};

/* Room for the next item, `w` columns wide: on this line, or the next. */
static void legend_next(struct legend *lg, size_t w)
{
	if (lg->col > LEGEND_INDENT && lg->col + 2 + w > lg->width) {
		flush_line(lg->p);
		vms_buf_printf(&lg->p->line, "%*s", LEGEND_INDENT, "");
		lg->col = LEGEND_INDENT;
	} else if (lg->col > LEGEND_INDENT) {
		vms_buf_printf(&lg->p->line, "  ");
		lg->col += 2;
	}
	lg->col += w;
}

static void legend_cell(struct legend *lg, struct vms_look l, const char *what)
{
	legend_next(lg, 2 + strlen(what));
	paint_cell(lg->p, l);
	paint_reset(lg->p);
	vms_buf_printf(&lg->p->line, " %s", what);
}

static void print_legend(struct painter *p, const struct layout *lay,
			 const struct vms_snapshot *s, bool unknown)
{
	const char *nodes = vms_rec_get(s->header, VMS_K_NODES);
	struct vms_look l = { VMS_CAT_PRESENT, 8, -1 };
	static const struct {
		enum vms_cat cat;
		const char *what;
	} cats[] = {
		{ VMS_CAT_HUGE, "huge page" }, { VMS_CAT_ZERO, "zero page" },
		{ VMS_CAT_SWAP, "swap" }, { VMS_CAT_OTHER, "other" },
		{ VMS_CAT_NONE, "none" }, { VMS_CAT_UNKNOWN, "unknown" },
	};
	struct legend lg = { p, lay->width, LEGEND_INDENT };
	size_t i;

	vms_buf_printf(&p->line, "legend: ");
	legend_next(&lg, 1 + strlen(" present (") + 7 + strlen(" partly)"));
	paint_cell(p, l);
	paint_reset(p);
	vms_buf_printf(&p->line, " present (");
	for (i = 1; i < 8; i++) {
		l.level = i;
		paint_cell(p, l);
	}
	paint_reset(p);
	vms_buf_printf(&p->line, " partly)");
	for (i = 0; i < VMS_ARRAY_SIZE(cats); i++) {
		struct vms_look c = { cats[i].cat, 8, -1 };

		/* '?' only where the map has it: it is rare. */
		if (cats[i].cat == VMS_CAT_UNKNOWN && !unknown)
			continue;
		legend_cell(&lg, c, cats[i].what);
	}
	flush_line(p);
	vms_buf_printf(&p->line, "%*snode: %s", LEGEND_INDENT, "",
		       p->color ? "colour" : lay->nodes ? "NODES column" :
		       lay->node_data ? "not shown at this width" : "not known");
	lg.col = LEGEND_INDENT + strlen("node: ") + (p->color ? strlen("colour") : 0);
	for (i = 0; p->color && nodes && i < VMS_STRIP_NODES; i++) {
		char want[16], what[16];
		struct vms_look c = { VMS_CAT_PRESENT, 8, (int)i };
		const char *q = nodes;
		bool has = false;

		snprintf(want, sizeof(want), "%zu", i);
		while (q && *q) {
			size_t len = strcspn(q, ",");

			if (len == strlen(want) && !strncmp(q, want, len))
				has = true;
			q = q[len] ? q + len + 1 : NULL;
		}
		if (!has)
			continue;
		snprintf(what, sizeof(what), "N%zu%s", i, i == VMS_STRIP_NODES - 1 ? "+" : "");
		legend_cell(&lg, c, what);
	}
	flush_line(p);
}

/* START [PERM] [KIND] VSZ RSS [HUGETLB] CELL and the blank before the strip. */
static void print_label(struct painter *p, const struct layout *lay, bool bytes,
			const struct vms_vma *v, uint64_t cell)
{
	char a[32], b[32];

	snprintf(a, sizeof(a), "0x%" PRIx64, v->start);
	vms_buf_printf(&p->line, "%-*s", lay->w_start, a);
	if (lay->perm)
		vms_buf_printf(&p->line, " %-4s", v->perms);
	if (lay->kind)
		vms_buf_printf(&p->line, " %-*s", lay->w_kind, v->kind);
	vms_buf_printf(&p->line, " %*s", lay->w_vsz,
		       vms_size_fmt(vms_vma_size(v), bytes, b, sizeof(b)));
	vms_buf_printf(&p->line, " %*s", lay->w_rss,
		       vms_size_fmt(vms_vma_u64(v, VMS_K_RSS), bytes, b, sizeof(b)));
	if (lay->hugetlb)
		vms_buf_printf(&p->line, " %*s", lay->w_huge,
			       vms_size_fmt(vms_vma_u64(v, VMS_K_HUGETLB), bytes, b, sizeof(b)));
	vms_buf_printf(&p->line, " %*s ", lay->w_cell, vms_size_fmt(cell, bytes, b, sizeof(b)));
}

static void print_header(struct painter *p, const struct layout *lay)
{
	vms_buf_printf(&p->line, "%-*s", lay->w_start, "START");
	if (lay->perm)
		vms_buf_printf(&p->line, " PERM");
	if (lay->kind)
		vms_buf_printf(&p->line, " %-*s", lay->w_kind, "KIND");
	vms_buf_printf(&p->line, " %*s %*s", lay->w_vsz, "VSZ", lay->w_rss, "RSS");
	if (lay->hugetlb)
		vms_buf_printf(&p->line, " %*s", lay->w_huge, "HUGETLB");
	vms_buf_printf(&p->line, " %*s  %-*s ", lay->w_cell, "CELL", (int)lay->strip, "MAP");
	if (lay->nodes)
		vms_buf_printf(&p->line, " %-*s", lay->w_nodes, "NODES");
	if (lay->name)
		vms_buf_printf(&p->line, " NAME");
	flush_line(p);
}

static void print_vma(struct painter *p, const struct map_ctl *ctl,
		      const struct layout *lay, const struct vms_snapshot *s,
		      const struct vms_vma *v, const struct vma_text *t)
{
	struct vms_strip st;
	uint64_t cell;
	size_t r, rows = vma_rows(lay, v, &cell), i;
	char a[40];

	vms_strip_build(s, v, cell, &st);
	for (r = 0; r < rows; r++) {
		if (!r)
			print_label(p, lay, ctl->bytes, v, cell);
		else	/* continuation rows: the offset of their first cell */
			vms_buf_printf(&p->line, "%*s%*s", lay->w_start,
				       row_offset(lay, r, cell, ctl->bytes, a, sizeof(a)),
				       (int)(label_width(lay) - lay->w_start), "");
		vms_buf_printf(&p->line, "|");
		for (i = r * lay->strip; i < (r + 1) * lay->strip; i++) {
			if (i < st.ncells)
				paint_cell(p, vms_strip_look(&st, i));
			else if (rows == 1)
				paint(p, NULL, " ");
		}
		paint_reset(p);
		vms_buf_printf(&p->line, "|");
		if (!r && lay->nodes)
			vms_buf_printf(&p->line, " %-*s", lay->w_nodes, t->nodes);
		if (!r && lay->name) {
			char *name = vms_text_fit(t->name, lay->w_name, p->g->ellipsis);

			vms_buf_printf(&p->line, " %s", name);
			free(name);
		}
		flush_line(p);
	}
	vms_strip_free(&st);
}

static int print_map(const struct map_ctl *ctl, const struct vms_snapshot *s)
{
	struct painter p = { 0 };
	struct vma_text *t;
	struct layout lay;
	struct vms_vma *v;
	size_t n, i;
	int uni = ctl->unicode, rc;

	if (uni < 0) {
		const char *cs = nl_langinfo(CODESET);

		uni = cs && !strcmp(cs, "UTF-8");
	}
	p.g = uni ? &unicode_glyphs : &ascii_glyphs;
	p.color = ctl->color < 0 ? isatty(STDOUT_FILENO) && !getenv("NO_COLOR") :
				   ctl->color;
	v = vms_vmas(s, &n);
	t = xcalloc(n ? n : 1, sizeof(*t));
	for (i = 0; i < n; i++) {
		t[i].nodes = node_text(&v[i], ctl->bytes);
		t[i].name = vms_display_name(v[i].name, VMS_DISP_STRICT);
		t[i].name_w = vms_text_width(t[i].name);
	}
	rc = plan(ctl, s, v, t, n, &lay);
	if (!rc) {
		vms_title_print_width(s, ctl->bytes, lay.width);
		print_legend(&p, &lay, s, vms_strip_unknown(s, v, n));
		print_header(&p, &lay);
		for (i = 0; i < n; i++)
			print_vma(&p, ctl, &lay, s, &v[i], &t[i]);
	}
	for (i = 0; i < n; i++) {
		free(t[i].nodes);
		free(t[i].name);
	}
	free(t);
	vms_buf_free(&p.line);
	free(v);
	return rc;
}

static int write_svg(const struct map_ctl *ctl, const struct vms_snapshot *s)
{
	bool to_stdout = !strcmp(ctl->svg, "-");
	FILE *f = to_stdout ? stdout : fopen(ctl->svg, "w");
	struct vms_vma *v;
	size_t n;
	int rc;

	if (!f) {
		vms_err_errno(errno, "cannot write %s", ctl->svg);
		return VMS_EXIT_FAIL;
	}
	v = vms_vmas(s, &n);
	rc = vms_svg_write(f, s, v, n, ctl->bytes);
	free(v);
	if (!to_stdout && fclose(f))
		rc = -1;
	if (rc) {
		vms_err_errno(errno, "cannot write %s", ctl->svg);
		return VMS_EXIT_FAIL;
	}
	return VMS_EXIT_OK;
}

static void usage(void)
{
	printf("Usage: vmscope map [options] PID|FILE|-\n"
	       "\n"
	       "Draw where each VMA's memory is, from extents: one strip per VMA, each\n"
	       "cell a power-of-two number of pages (column CELL). A FILE must have been\n"
	       "taken with 'vmscope snap -x'; a live PID is asked for extents.\n"
	       "\n"
	       "  \u2588 resident (\u2581..\u2587: that share of the cell)   \u2593 huge page\n"
	       "  \u2591 zero page   \u2592 swap   \u259a other (migration, PFN map)   \u00b7 none\n"
	       "  ? unknown: no extent, or resident or the zero page (/proc cannot tell)\n"
	       "  ASCII: # resident (- up to half, + more), H z s ! .\n"
	       "  colour (on a terminal): the NUMA node; the NODES column: the split\n"
	       "  RSS: resident without hugetlb pages (HUGETLB: those)\n"
	       "\n"
	       "Options:\n"
	       "      --svg FILE        write an SVG image of the whole address space to\n"
	       "                        FILE ('-': standard output) instead\n"
	       "  -w, --width COLS      line width, fitted by shortening names, leaving\n"
	       "                        out columns, narrowing the strip (default: the\n"
	       "                        terminal's, else $COLUMNS, else %d)\n"
	       "      --rows N          rows per VMA at most (default: 16 for up to 4\n"
	       "                        VMAs, 4 for up to 16, else 1)\n"
	       "      --color WHEN      auto (default: on a terminal), always, never\n"
	       "      --ascii           ASCII characters (default in non-UTF-8 locales)\n"
	       "      --unicode         block characters whatever the locale\n"
	       "  -b, --bytes           sizes in bytes\n"
	       "      --source SRC      for a PID: module, proc or auto (default)\n"
	       "  -h, --help            this help\n", DEFAULT_WIDTH);
}

static int parse_count(const char *what, const char *s, size_t *out)
{
	uint64_t v;

	if (vms_parse_range(s, 1, 100000, &v)) {
		vms_err("map: invalid %s: %s", what, s);
		return VMS_EXIT_USAGE;
	}
	*out = (size_t)v;
	return 0;
}

int cmd_map(int argc, char **argv)
{
	enum { OPT_SVG = VMS_OPT_FIRST, OPT_ROWS, OPT_COLOR, OPT_ASCII, OPT_UNICODE };
	static const struct option longopts[] = {
		{ "svg",	required_argument,	NULL, OPT_SVG },
		{ "width",	required_argument,	NULL, 'w' },
		{ "rows",	required_argument,	NULL, OPT_ROWS },
		{ "color",	required_argument,	NULL, OPT_COLOR },
		{ "colour",	required_argument,	NULL, OPT_COLOR },
		{ "ascii",	no_argument,		NULL, OPT_ASCII },
		{ "unicode",	no_argument,		NULL, OPT_UNICODE },
		{ "bytes",	no_argument,		NULL, 'b' },
		VMS_SOURCE_LONGOPT,
		VMS_HELP_LONGOPT
	};
	static const vms_excl_t excl[] = {
		{ OPT_ASCII, OPT_UNICODE },
		{ 0 }
	};
	int excl_st[VMS_ARRAY_SIZE(excl)] = VMS_EXCL_STATUS_INIT;
	struct map_ctl ctl = { .color = -1, .unicode = -1 };
	struct vms_input in = { 0 };
	const char *arg;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":w:bh", longopts, NULL)) != -1) {
		if (vms_excl_check("map", longopts, excl, excl_st, c))
			return VMS_EXIT_USAGE;
		switch (c) {
		case OPT_SVG:
			ctl.svg = optarg;
			break;
		case 'w':
			if (parse_count("width", optarg, &ctl.width))
				return VMS_EXIT_USAGE;
			break;
		case OPT_ROWS:
			if (parse_count("rows", optarg, &ctl.rows))
				return VMS_EXIT_USAGE;
			break;
		case OPT_COLOR:
			if (!strcmp(optarg, "auto")) {
				ctl.color = -1;
			} else if (!strcmp(optarg, "always")) {
				ctl.color = 1;
			} else if (!strcmp(optarg, "never")) {
				ctl.color = 0;
			} else {
				vms_err("map: invalid --color '%s' (auto, always or never)", optarg);
				return VMS_EXIT_USAGE;
			}
			break;
		case OPT_ASCII:
			ctl.unicode = 0;
			break;
		case OPT_UNICODE:
			ctl.unicode = 1;
			break;
		case 'b':
			ctl.bytes = true;
			break;
		default:
			rc = vms_common_option("map", c, argv, usage, &ctl.source);
			if (rc != VMS_OPT_TAKEN)
				return rc;
		}
	}
	arg = vms_input_operand("map", argc, argv, optind);
	if (!arg)
		return VMS_EXIT_USAGE;
	rc = vms_input_load(arg, VMS_SECT_ALL, ctl.source, &in);
	if (!rc && !in.snap.nexts && in.snap.nvmas) {
		if (in.pid)
			vms_err("no extents for %s (the module, or a readable /proc/%d/pagemap, "
				"is needed)", in.name, (int)in.pid);
		else
			vms_err("no extents in %s (take it with 'vmscope snap -x')", in.name);
		rc = VMS_EXIT_FAIL;
	}
	if (!rc && ctl.svg)
		rc = write_svg(&ctl, &in.snap);
	else if (!rc)
		rc = print_map(&ctl, &in.snap);
	vms_input_free(&in);
	return rc;
}
