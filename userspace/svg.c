// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The SVG image of an address space. Deterministic output (no dates, no
 * floating point in coordinates) so that it can be compared byte for byte.
 *
 * One scale for the whole picture: a cell of CELL_W pixels stands for the
 * same number of bytes in every VMA, so bars can be compared, and the
 * scale is written out and drawn as a ruler (a PNG of the image keeps it).
 * The scale is the finest that keeps the picture within MAX_ROWS rows; a
 * VMA with nothing in it (a reservation) is drawn one row long at most,
 * marked as shortened. A process with more than MAX_BANDS VMAs has its
 * small ones aggregated: runs of neighbours drawn end to end in one band.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/format.h>

#include "display.h"
#include "fit.h"
#include "size.h"
#include "strip.h"
#include "svg.h"
#include "title.h"
#include "util.h"

#define W		1400
#define MARGIN		10
#define STRIP_X		620
#define CELL_W		4
#define CELLS		((W - STRIP_X - MARGIN) / CELL_W)
#define CHAR_W10	66	/* a monospace character at 11px, in tenths of a pixel */
#define LABEL_COLS	((STRIP_X - MARGIN - 8) * 10 / CHAR_W10)
#define ROW_H		12
#define ROW_GAP		3
#define GAP_H		10
#define MAX_ROWS	300	/* rows of cells in the whole picture */
#define MAX_BANDS	150	/* VMAs drawn alone, or runs of them aggregated */
#define TICK_CELLS	16	/* cells between two marks of the ruler */
#define LEGEND_Y	44
#define RULER_Y		80
#define TOP		100

static const char *const node_fill[VMS_STRIP_NODES] = {
	"#2e7d32", "#1565c0", "#00838f", "#6a1b9a", "#ef6c00", "#ad1457",
	"#558b2f", "#4527a0",
};
static const char *const node_huge[VMS_STRIP_NODES] = {
	"#1b4d1e", "#0d3c73", "#004d54", "#3e1060", "#8f4100", "#680c30",
	"#33541c", "#291760",
};

/* Resident pages whose node is not known (reports from /proc). */
#define FILL_ANY	"#424242"
#define FILL_ANY_HUGE	"#8d5524"

struct fill {
	const char *color;
	int opacity;		/* percent */
};

static struct fill look_fill(struct vms_look l)
{
	struct fill f = { "#ffffff", 100 };
	int node = l.node < 0 ? 0 : l.node;

	switch (l.cat) {
	case VMS_CAT_PRESENT:
		f.color = l.node < 0 ? FILL_ANY : node_fill[node];
		f.opacity = 20 + l.level * 10;
		break;
	case VMS_CAT_HUGE:
		f.color = l.node < 0 ? FILL_ANY_HUGE : node_huge[node];
		f.opacity = 20 + l.level * 10;
		break;
	case VMS_CAT_ZERO:
		f.color = "#9e9e9e";
		break;
	case VMS_CAT_SWAP:
		f.color = "#e53935";
		break;
	case VMS_CAT_OTHER:
		f.color = "#fbc02d";
		break;
	case VMS_CAT_NONE:
		f.color = "#eeeeee";
		break;
	default:
		f.color = "#ffffff";
		break;
	}
	return f;
}

/* Text safe for XML: & < > " escaped, control bytes as '?'. */
static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
		}
	}
}

/* One VMA, or a run of neighbours [first, last) drawn end to end. */
struct band {
	size_t first, last;
	uint64_t vsz, rss, hugetlb;	/* sums */
};

struct picture {
	const struct vms_snapshot *s;
	const struct vms_vma *v;
	size_t n;
	struct band *b;
	size_t nb;
	uint64_t page, cell;		/* bytes per cell */
	bool bytes;
};

/* How much of `v` is drawn with cells of `cell` bytes: empty ones shortened. */
static uint64_t drawn(const struct vms_vma *v, uint64_t cell)
{
	uint64_t size = vms_vma_size(v), row = cell * CELLS;

	return vms_strip_empty(v) && size > row ? row : size;
}

static uint64_t band_drawn(const struct picture *pic, const struct band *b, uint64_t cell)
{
	uint64_t sum = 0;
	size_t i;

	for (i = b->first; i < b->last; i++)
		sum += drawn(&pic->v[i], cell);
	return sum;
}

static size_t band_rows(const struct picture *pic, const struct band *b, uint64_t cell)
{
	uint64_t cells = (band_drawn(pic, b, cell) + cell - 1) / cell;

	return cells ? (size_t)((cells + CELLS - 1) / CELLS) : 1;
}

static bool band_short(const struct picture *pic, const struct band *b)
{
	size_t i;

	for (i = b->first; i < b->last; i++)
		if (drawn(&pic->v[i], pic->cell) < vms_vma_size(&pic->v[i]))
			return true;
	return false;
}

static void add_band(struct picture *pic, size_t first, size_t last)
{
	struct band *b = &pic->b[pic->nb++];
	size_t i;

	memset(b, 0, sizeof(*b));
	b->first = first;
	b->last = last;
	for (i = first; i < last; i++) {
		b->vsz += vms_vma_size(&pic->v[i]);
		b->rss += vms_vma_u64(&pic->v[i], VMS_K_RSS);
		b->hugetlb += vms_vma_u64(&pic->v[i], VMS_K_HUGETLB);
	}
}

/* What decides which VMAs stay alone: their size, if anything is in them. */
static uint64_t weight(const struct vms_vma *v)
{
	return vms_strip_empty(v) ? 0 : vms_vma_size(v);
}

static int cmp_u64_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * The bands: every VMA alone when there are at most MAX_BANDS; else the
 * third of MAX_BANDS largest alone (strictly larger than the rest, so
 * that equals are treated alike) and the runs of VMAs between them cut
 * into pieces of about equal counts, as many as the rest of MAX_BANDS
 * allows.
 */
static void make_bands(struct picture *pic)
{
	size_t n = pic->n, keep = MAX_BANDS / 3, alone = 0, runs = 0, small = 0, extra;
	uint64_t *w, cut;
	size_t i, j;

	pic->b = xcalloc(n ? n : 1, sizeof(*pic->b));
	if (n <= MAX_BANDS) {
		for (i = 0; i < n; i++)
			add_band(pic, i, i + 1);
		return;
	}
	w = xcalloc(n, sizeof(*w));
	for (i = 0; i < n; i++)
		w[i] = weight(&pic->v[i]);
	qsort(w, n, sizeof(*w), cmp_u64_desc);
	cut = w[keep];		/* alone: heavier than this */
	free(w);
	for (i = 0; i < n; i++) {
		if (weight(&pic->v[i]) > cut) {
			alone++;
			continue;
		}
		small++;
		if (!i || weight(&pic->v[i - 1]) > cut)
			runs++;
	}
	extra = MAX_BANDS - alone - runs;
	for (i = 0; i < n; i = j) {
		size_t len, pieces, k, from;

		if (weight(&pic->v[i]) > cut) {
			add_band(pic, i, i + 1);
			j = i + 1;
			continue;
		}
		for (j = i; j < n && weight(&pic->v[j]) <= cut; j++)
			;
		len = j - i;
		pieces = 1 + len * extra / small;
		if (pieces > len)
			pieces = len;
		for (k = 0, from = i; k < pieces; k++) {
			size_t to = i + len * (k + 1) / pieces;

			add_band(pic, from, to);
			from = to;
		}
	}
}

/* The finest power-of-two cell that keeps the picture within MAX_ROWS. */
static uint64_t choose_cell(const struct picture *pic)
{
	uint64_t cell = pic->page;

	for (;;) {
		size_t rows = 0, i;

		for (i = 0; i < pic->nb && rows <= MAX_ROWS; i++)
			rows += band_rows(pic, &pic->b[i], cell);
		if (rows <= MAX_ROWS || cell >= (UINT64_C(1) << 62))
			return cell;
		cell <<= 1;
	}
}

static void legend(FILE *f, const struct picture *pic)
{
	static const struct {
		const char *color, *what;
	} items[] = {
		{ FILL_ANY, "resident (node unknown)" },
		{ FILL_ANY_HUGE, "huge page (node unknown)" },
		{ "#2e7d32", "resident, node 0" }, { "#1565c0", "node 1" },
		{ "#00838f", "node 2" }, { "#6a1b9a", "node 3" },
		{ "#1b4d1e", "huge page (darker)" }, { "#9e9e9e", "zero page" },
		{ "#e53935", "swap" }, { "#fbc02d", "other" }, { "#eeeeee", "none" },
	};
	bool proc = vms_snapshot_from_proc(pic->s);
	char a[32], b[32];
	int x = MARGIN;
	size_t i;

	/* Reports from /proc have no node per extent. */
	for (i = 0; i < VMS_ARRAY_SIZE(items); i++) {
		if (proc ? i >= 2 && i <= 6 : i < 2)
			continue;
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\">%s</text>\n", x, LEGEND_Y, items[i].color,
			x + 14, LEGEND_Y + 9, items[i].what);
		x += 14 + 7 * (int)strlen(items[i].what) + 16;
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"dim\">scale: one cell (%d px) = %s, one "
		"row (%d cells) = %s; paler: only part of the cell resident; a VMA with "
		"nothing in it is drawn one row long at most (marked //)</text>\n", MARGIN,
		LEGEND_Y + 22, CELL_W, vms_size_fmt(pic->cell, pic->bytes, a, sizeof(a)), CELLS,
		vms_size_fmt(pic->cell * CELLS, pic->bytes, b, sizeof(b)));
}

/* Whether vms_size_human() shows `x` bytes without rounding. */
static bool human_exact(uint64_t x)
{
	uint64_t unit = 1;

	while (unit < (UINT64_C(1) << 60) && x >= unit * 1024)
		unit *= 1024;
	return unit == 1 || (x / unit < 10 ? x * 10 % unit == 0 : x % unit == 0);
}

/* The scale as a ruler above the strips: a mark every TICK_CELLS cells. */
static void ruler(FILE *f, const struct picture *pic)
{
	static const int strides[] = { 1, 2, 3, 4, 6, 12 };
	int marks = CELLS / TICK_CELLS, stride = strides[VMS_ARRAY_SIZE(strides) - 1];
	int i, k;
	char a[32];

	/*
	 * Labels every `stride` marks: the fewest strides that keep them
	 * apart and exact ("1.3M" for 1.25M would mislead).
	 */
	for (k = 0; k < (int)VMS_ARRAY_SIZE(strides); k++) {
		bool ok = true;

		for (i = 0; ok && i <= marks; i += strides[k]) {
			uint64_t x = (uint64_t)i * TICK_CELLS * pic->cell;
			int w = (int)strlen(vms_size_fmt(x, pic->bytes, a, sizeof(a)));

			ok = strides[k] * TICK_CELLS * CELL_W * 10 >= w * CHAR_W10 + 80 &&
			     (pic->bytes || human_exact(x));
		}
		if (ok) {
			stride = strides[k];
			break;
		}
	}
	fprintf(f, "<g class=\"ruler\"><text x=\"%d\" y=\"%d\" class=\"dim\">offset in a "
		"row</text>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#757575\"/>\n",
		MARGIN, RULER_Y + 8, STRIP_X, RULER_Y + 10, STRIP_X + marks * TICK_CELLS * CELL_W,
		RULER_Y + 10);
	for (i = 0; i <= marks; i++) {
		int x = STRIP_X + i * TICK_CELLS * CELL_W;

		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#757575\"/>",
			x, RULER_Y + (i % stride ? 6 : 3), x, RULER_Y + 10);
		if (!(i % stride))
			fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"dim\" text-anchor=\"%s\">%s"
				"</text>", x, RULER_Y, !i ? "start" : i == marks ? "end" : "middle",
				vms_size_fmt((uint64_t)i * TICK_CELLS * pic->cell, pic->bytes, a,
					     sizeof(a)));
		fputc('\n', f);
	}
	fputs("</g>\n", f);
}

/* The name a band shows: its VMA's, or its run's ("libc.so.6 and 3 more"). */
static char *band_name(const struct picture *pic, const struct band *b)
{
	const char *first = NULL;
	size_t i, others = 0;
	char *name, *out;

	for (i = b->first; i < b->last; i++) {
		const char *nm = pic->v[i].name;

		if (!*nm)
			continue;
		if (!first)
			first = nm;
		else if (strcmp(nm, first) && (i == b->first || strcmp(nm, pic->v[i - 1].name)))
			others++;
	}
	name = vms_display_name(first ? first : "", VMS_DISP_STRICT);
	if (!others)
		return name;
	out = xmalloc(strlen(name) + 48);
	sprintf(out, "%s and %zu other names", name, others);
	free(name);
	return out;
}

/* The label left of a band: address, permissions, kind, sizes, name. */
static void band_label(FILE *f, const struct picture *pic, const struct band *b, int y)
{
	const struct vms_vma *v = &pic->v[b->first];
	char text[160], what[32], vsz[32], rss[32], huge[32];
	char *name = band_name(pic, b), *fitted;
	size_t used;

	if (b->last - b->first > 1)
		snprintf(what, sizeof(what), "%zu VMAs", b->last - b->first);
	else
		snprintf(what, sizeof(what), "%-4s %s", v->perms, v->kind);
	snprintf(text, sizeof(text), "0x%012" PRIx64 " %-12s %6s rss %-6s ", v->start, what,
		 vms_size_fmt(b->vsz, pic->bytes, vsz, sizeof(vsz)),
		 vms_size_fmt(b->rss, pic->bytes, rss, sizeof(rss)));
	if (b->hugetlb) {
		used = strlen(text);
		snprintf(text + used, sizeof(text) - used, "hugetlb %-6s ",
			 vms_size_fmt(b->hugetlb, pic->bytes, huge, sizeof(huge)));
	}
	used = vms_text_width(text);
	fitted = vms_text_fit(name, used < LABEL_COLS ? LABEL_COLS - used : 0, "\u2026");
	fprintf(f, "<text x=\"%d\" y=\"%d\">", MARGIN, y + 10);
	xml_text(f, text);
	xml_text(f, fitted);
	fputs("</text>\n", f);
	free(fitted);
	free(name);
}

/* One band: label, then rows of cells merged into spans of one look. */
static int band(FILE *f, const struct picture *pic, const struct band *b, int y)
{
	const struct vms_vma *first = &pic->v[b->first], *last = &pic->v[b->last - 1];
	bool shortened = band_short(pic, b);
	uint64_t at = 0;
	struct vms_strip st;
	size_t rows, r, i;
	char *name = band_name(pic, b);
	char vsz[32];

	vms_strip_init(&st, band_drawn(pic, b, pic->cell), pic->cell);
	for (i = b->first; i < b->last; i++) {
		uint64_t len = drawn(&pic->v[i], pic->cell);

		vms_strip_add(&st, pic->s, &pic->v[i], at, len);
		at += len;
	}
	rows = st.ncells ? (st.ncells + CELLS - 1) / CELLS : 1;
	fprintf(f, "<g class=\"vma\" data-start=\"0x%" PRIx64 "\" data-vsz=\"%" PRIu64 "\"",
		first->start, b->vsz);
	if (b->last - b->first > 1)
		fprintf(f, " data-vmas=\"%zu\"", b->last - b->first);
	if (shortened)
		fputs(" data-short=\"1\"", f);
	fprintf(f, "><title>0x%" PRIx64 "-0x%" PRIx64 " ", first->start, last->end);
	if (b->last - b->first > 1)
		fprintf(f, "%zu VMAs, drawn end to end: ", b->last - b->first);
	xml_text(f, name);
	fprintf(f, "%s(%s%s)</title>\n", *name ? " " : "",
		vms_size_fmt(b->vsz, pic->bytes, vsz, sizeof(vsz)),
		shortened ? ", shortened: nothing in it" : "");
	band_label(f, pic, b, y);
	for (r = 0; r < rows; r++) {
		size_t from = r * CELLS, to = from + CELLS < st.ncells ? from + CELLS : st.ncells;

		for (i = from; i < to;) {
			struct fill a = look_fill(vms_strip_look(&st, i));
			size_t j = i + 1;

			while (j < to) {
				struct fill c = look_fill(vms_strip_look(&st, j));

				if (strcmp(a.color, c.color) || a.opacity != c.opacity)
					break;
				j++;
			}
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"",
				STRIP_X + (int)(i - from) * CELL_W, y + (int)r * (ROW_H + 1),
				(int)(j - i) * CELL_W, ROW_H, a.color);
			if (a.opacity < 100)
				fprintf(f, " fill-opacity=\"0.%02d\"", a.opacity);
			fputs("/>\n", f);
			i = j;
		}
	}
	if (shortened) {	/* a break mark at the end of the row */
		int x = STRIP_X + (int)(st.ncells < CELLS ? st.ncells : CELLS) * CELL_W;

		fprintf(f, "<path d=\"M%d %dl4 -%dM%d %dl4 -%d\" stroke=\"#616161\"/>\n",
			x - 10, y + ROW_H, ROW_H, x - 5, y + ROW_H, ROW_H);
	}
	fputs("</g>\n", f);
	vms_strip_free(&st);
	free(name);
	return y + (int)rows * (ROW_H + 1) + ROW_GAP;
}

int vms_svg_write(FILE *f, const struct vms_snapshot *s, const struct vms_vma *v,
		  size_t n, bool bytes)
{
	struct picture pic = { s, v, n, NULL, 0, 4096, 4096, bytes };
	uint64_t vsz = 0, rss = 0, hugetlb = 0;
	char *who = vms_title_who(s), a[32], b[32];
	int y = TOP, h = TOP;
	size_t i;

	vms_rec_get_u64(s->header, VMS_K_PAGE_SIZE, &pic.page);
	if (!pic.page)
		pic.page = 4096;
	make_bands(&pic);
	pic.cell = choose_cell(&pic);
	for (i = 0; i < pic.nb; i++) {
		h += (int)band_rows(&pic, &pic.b[i], pic.cell) * (ROW_H + 1) + ROW_GAP;
		if (i && v[pic.b[i].first].start > v[pic.b[i - 1].last - 1].end)
			h += GAP_H;
	}
	h += MARGIN;
	vms_task_u64(s, VMS_K_VSZ, &vsz);
	vms_task_u64(s, VMS_K_RSS, &rss);
	vms_task_u64(s, VMS_K_HUGETLB, &hugetlb);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" xml:space=\"preserve\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\">\n"
		"<style>text { font-family: monospace; font-size: 11px; fill: #212121; "
		"white-space: pre } .dim { fill: #757575 } .big { font-size: 15px }</style>\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n", W, h, W, h);
	fprintf(f, "<text x=\"%d\" y=\"24\" class=\"big\">", MARGIN);
	xml_text(f, who);
	fprintf(f, "  VSZ %s  RSS %s", vms_size_fmt(vsz, bytes, a, sizeof(a)),
		vms_size_fmt(rss, bytes, b, sizeof(b)));
	if (hugetlb)
		fprintf(f, "  hugetlb %s", vms_size_fmt(hugetlb, bytes, a, sizeof(a)));
	fprintf(f, "  %zu VMAs", n);
	if (pic.nb < n)
		fprintf(f, " (small ones aggregated: %zu bands)", pic.nb);
	fprintf(f, "%s</text>\n", vms_snapshot_from_proc(s) ? "  (source: /proc)" : "");
	legend(f, &pic);
	ruler(f, &pic);
	for (i = 0; i < pic.nb; i++) {
		const struct band *bd = &pic.b[i];

		if (i && v[bd->first].start > v[pic.b[i - 1].last - 1].end) {
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
				"stroke=\"#bdbdbd\" stroke-dasharray=\"4 3\"/>"
				"<text x=\"%d\" y=\"%d\" class=\"dim\">gap %s</text>\n",
				STRIP_X, y + 3, W - MARGIN, y + 3, MARGIN, y + 7,
				vms_size_fmt(v[bd->first].start - v[pic.b[i - 1].last - 1].end,
					     bytes, a, sizeof(a)));
			y += GAP_H;
		}
		y = band(f, &pic, bd, y);
	}
	fputs("</svg>\n", f);
	free(pic.b);
	free(who);
	return ferror(f) || fflush(f) ? -1 : 0;
}
