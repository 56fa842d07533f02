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
#include "input.h"
#include "size.h"
#include "strip.h"
#include "svg.h"
#include "title.h"
#include "util.h"
#include "vma.h"
#include "vmscope.h"

#define DEFAULT_WIDTH	100
#define MIN_STRIP	16
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
};

static const struct glyphs unicode_glyphs = {
	{ " ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" },
	{ [VMS_CAT_PRESENT] = "\u2588", [VMS_CAT_HUGE] = "\u2593",
	  [VMS_CAT_ZERO] = "\u2591", [VMS_CAT_SWAP] = "\u2592",
	  [VMS_CAT_OTHER] = "\u259a", [VMS_CAT_NONE] = "\u00b7",
	  [VMS_CAT_UNKNOWN] = "?" },
};

static const struct glyphs ascii_glyphs = {
	{ " ", "+", "+", "+", "+", "#", "#", "#", "#" },
	{ [VMS_CAT_PRESENT] = "#", [VMS_CAT_HUGE] = "H", [VMS_CAT_ZERO] = "z",
	  [VMS_CAT_SWAP] = "s", [VMS_CAT_OTHER] = "!", [VMS_CAT_NONE] = ".",
	  [VMS_CAT_UNKNOWN] = "?" },
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

/* The widths of the label columns. */
struct layout {
	int w_start, w_kind, w_vsz, w_rss, w_cell, w_nodes;
	size_t strip;		/* cells per row */
	size_t rows_max;
};

static void node_text(const struct vms_vma *v, bool bytes, struct vms_buf *out)
{
	char buf[32];
	size_t i;

	out->len = 0;
	if (out->data)
		out->data[0] = '\0';
	for (i = 0; i < v->rec->nkv; i++) {
		const struct vms_kv *kv = &v->rec->kv[i];
		uint64_t x;

		if (!vms_spread_key(kv->key, VMS_K_NODE_PREFIX, NULL) ||
		    vms_parse_u64(kv->val, &x) || !x)
			continue;
		vms_buf_printf(out, "%sN%s %s", out->len ? " " : "", kv->key + 1,
			       vms_size_fmt(x, bytes, buf, sizeof(buf)));
	}
}

static int num_width(uint64_t x, bool bytes)
{
	char buf[32];

	return (int)strlen(vms_size_fmt(x, bytes, buf, sizeof(buf)));
}

static size_t term_width(const struct map_ctl *ctl)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	uint64_t n;

	if (ctl->width)
		return ctl->width;
	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	if (cols && !vms_parse_range(cols, 1, 9999, &n))
		return (size_t)n;
	return DEFAULT_WIDTH;
}

static void plan(const struct map_ctl *ctl, const struct vms_vma *v, size_t n,
		 struct layout *lay)
{
	struct vms_buf nb = { 0 };
	size_t i, width = term_width(ctl), fixed;
	char buf[32];

	*lay = (struct layout){ 5, 4, 3, 3, 4, 5, 0, 0 };
	lay->rows_max = ctl->rows ? ctl->rows : n <= 4 ? 16 : n <= 16 ? 4 : 1;
	for (i = 0; i < n; i++) {
		int w;

		snprintf(buf, sizeof(buf), "0x%" PRIx64, v[i].start);
		if ((int)strlen(buf) > lay->w_start)
			lay->w_start = strlen(buf);
		if ((int)strlen(v[i].kind) > lay->w_kind)
			lay->w_kind = strlen(v[i].kind);
		if ((w = num_width(vms_vma_size(&v[i]), ctl->bytes)) > lay->w_vsz)
			lay->w_vsz = w;
		if ((w = num_width(vms_vma_u64(&v[i], VMS_K_RSS) +
				   vms_vma_u64(&v[i], VMS_K_HUGETLB), ctl->bytes)) > lay->w_rss)
			lay->w_rss = w;
		node_text(&v[i], ctl->bytes, &nb);
		if ((int)nb.len > lay->w_nodes)
			lay->w_nodes = nb.len;
	}
	vms_buf_free(&nb);
	/* START PERM KIND VSZ RSS CELL |strip| NODES NAME */
	fixed = lay->w_start + 1 + 4 + 1 + lay->w_kind + 1 + lay->w_vsz + 1 +
		lay->w_rss + 1 + lay->w_cell + 1 + 2 + 1 + lay->w_nodes + 1 + 12;
	lay->strip = width > fixed + MIN_STRIP ? width - fixed : MIN_STRIP;
}

static void print_legend(struct painter *p, const struct vms_snapshot *s,
			 bool unknown)
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
	size_t i;

	vms_buf_printf(&p->line, "legend: ");
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

		vms_buf_printf(&p->line, "  ");
		paint_cell(p, c);
		paint_reset(p);
		vms_buf_printf(&p->line, " %s", cats[i].what);
	}
	flush_line(p);
	vms_buf_printf(&p->line, "        node: %s", p->color ? "colour" : "NODES column");
	for (i = 0; p->color && nodes && i < VMS_STRIP_NODES; i++) {
		char want[16];
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
		vms_buf_printf(&p->line, "  ");
		paint_cell(p, c);
		paint_reset(p);
		vms_buf_printf(&p->line, " N%zu%s", i, i == VMS_STRIP_NODES - 1 ? "+" : "");
	}
	flush_line(p);
}

static void print_vma(struct painter *p, const struct map_ctl *ctl,
		      const struct layout *lay, const struct vms_snapshot *s,
		      const struct vms_vma *v)
{
	uint64_t page = 4096, cell, size = vms_vma_size(v);
	struct vms_buf nodes = { 0 };
	struct vms_strip st;
	char a[32], b[32], c[32], d[32];
	size_t r, rows, i;
	char *name;

	vms_rec_get_u64(s->header, VMS_K_PAGE_SIZE, &page);
	rows = vms_strip_rows(v, lay->strip, lay->rows_max, ROW_CELL_MAX);
	cell = vms_strip_cell_size(size, page, lay->strip * rows);
	vms_strip_build(s, v, cell, &st);
	rows = (st.ncells + lay->strip - 1) / lay->strip;
	node_text(v, ctl->bytes, &nodes);
	name = vms_display_name(v->name, VMS_DISP_STRICT);
	for (r = 0; r < rows; r++) {
		if (!r) {
			snprintf(a, sizeof(a), "0x%" PRIx64, v->start);
			vms_buf_printf(&p->line, "%-*s %-4s %-*s %*s %*s %*s ",
				       lay->w_start, a, v->perms, lay->w_kind, v->kind,
				       lay->w_vsz, vms_size_fmt(size, ctl->bytes, b, sizeof(b)),
				       lay->w_rss, vms_size_fmt(vms_vma_u64(v, VMS_K_RSS) +
					       vms_vma_u64(v, VMS_K_HUGETLB), ctl->bytes, c, sizeof(c)),
				       lay->w_cell, vms_size_fmt(cell, ctl->bytes, d, sizeof(d)));
		} else {
			/* Continuation rows: the offset of their first cell. */
			snprintf(a, sizeof(a), "+%s", vms_size_fmt(r * lay->strip * cell,
				 ctl->bytes, b, sizeof(b)));
			vms_buf_printf(&p->line, "%*s %*s ", lay->w_start, a,
				       4 + 1 + lay->w_kind + 1 + lay->w_vsz + 1 + lay->w_rss +
				       1 + lay->w_cell - 1, "");
		}
		vms_buf_printf(&p->line, "|");
		for (i = r * lay->strip; i < (r + 1) * lay->strip; i++) {
			if (i < st.ncells)
				paint_cell(p, vms_strip_look(&st, i));
			else if (rows == 1)
				paint(p, NULL, " ");
		}
		paint_reset(p);
		vms_buf_printf(&p->line, "|");
		if (!r)
			vms_buf_printf(&p->line, " %-*s %s", lay->w_nodes,
				       nodes.data ? nodes.data : "", name);
		flush_line(p);
	}
	free(name);
	vms_buf_free(&nodes);
	vms_strip_free(&st);
}

static void print_map(const struct map_ctl *ctl, const struct vms_snapshot *s)
{
	struct painter p = { 0 };
	struct layout lay;
	struct vms_vma *v;
	size_t n, i;
	int uni = ctl->unicode;

	if (uni < 0) {
		const char *cs = nl_langinfo(CODESET);

		uni = cs && !strcmp(cs, "UTF-8");
	}
	p.g = uni ? &unicode_glyphs : &ascii_glyphs;
	p.color = ctl->color < 0 ? isatty(STDOUT_FILENO) && !getenv("NO_COLOR") :
				   ctl->color;
	v = vms_vmas(s, &n);
	plan(ctl, v, n, &lay);
	vms_title_print(s, ctl->bytes);
	print_legend(&p, s, vms_strip_unknown(s, v, n));
	vms_buf_printf(&p.line, "%-*s %-4s %-*s %*s %*s %*s  %-*s  %-*s %s",
		       lay.w_start, "START", "PERM", lay.w_kind, "KIND", lay.w_vsz, "VSZ",
		       lay.w_rss, "RSS", lay.w_cell, "CELL", (int)lay.strip, "MAP",
		       lay.w_nodes, "NODES", "NAME");
	flush_line(&p);
	for (i = 0; i < n; i++)
		print_vma(&p, ctl, &lay, s, &v[i]);
	vms_buf_free(&p.line);
	free(v);
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
	       "  colour (on a terminal): the NUMA node; the NODES column: the split\n"
	       "\n"
	       "Options:\n"
	       "      --svg FILE        write an SVG image of the whole address space to\n"
	       "                        FILE ('-': standard output) instead\n"
	       "  -w, --width COLS      line width (default: the terminal's, else\n"
	       "                        $COLUMNS, else %d)\n"
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
		print_map(&ctl, &in.snap);
	vms_input_free(&in);
	return rc;
}
