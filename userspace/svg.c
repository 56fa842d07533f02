// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The SVG image of an address space. Deterministic output (no dates, no
 * floating point in coordinates) so that it can be compared byte for byte.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "size.h"
#include "strip.h"
#include "svg.h"
#include "title.h"
#include "util.h"

#define W		1200
#define MARGIN		10
#define LABEL_W		470
#define STRIP_X		(MARGIN + LABEL_W)
#define CELL_W		4
#define NAME_MAX_CHARS	24
#define CELLS		((W - STRIP_X - MARGIN) / CELL_W)
#define ROW_H		12
#define ROW_GAP		3
#define GAP_H		10
#define MAX_ROWS	16
#define ROW_CELL_MAX	(64ULL << 10)	/* more rows while cells would be larger */
#define LEGEND_Y	44
#define TOP		70

static const char *const node_fill[VMS_STRIP_NODES] = {
	"#2e7d32", "#1565c0", "#00838f", "#6a1b9a", "#ef6c00", "#ad1457",
	"#558b2f", "#4527a0",
};
static const char *const node_huge[VMS_STRIP_NODES] = {
	"#1b4d1e", "#0d3c73", "#004d54", "#3e1060", "#8f4100", "#680c30",
	"#33541c", "#291760",
};

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
		f.color = l.node < 0 ? "#424242" : node_fill[node];
		f.opacity = 20 + l.level * 10;
		break;
	case VMS_CAT_HUGE:
		f.color = l.node < 0 ? "#212121" : node_huge[node];
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

static size_t rows_of(const struct vms_vma *v, uint64_t page, uint64_t *cell)
{
	size_t rows = vms_strip_rows(v, CELLS, MAX_ROWS, ROW_CELL_MAX);

	*cell = vms_strip_cell_size(vms_vma_size(v), page, (size_t)CELLS * rows);
	return (size_t)((vms_vma_size(v) / *cell + (vms_vma_size(v) % *cell ? 1 : 0) +
			 CELLS - 1) / CELLS);
}

static void legend(FILE *f, bool proc)
{
	static const struct {
		const char *color, *what;
	} items[] = {
		{ "#424242", "resident (node unknown)" },
		{ "#2e7d32", "resident, node 0" }, { "#1565c0", "node 1" },
		{ "#00838f", "node 2" }, { "#6a1b9a", "node 3" },
		{ "#1b4d1e", "huge page (darker)" }, { "#9e9e9e", "zero page" },
		{ "#e53935", "swap" }, { "#fbc02d", "other" }, { "#eeeeee", "none" },
	};
	int x = MARGIN;
	size_t i;

	/* Reports from /proc have no node per extent. */
	for (i = proc ? 0 : 1; i < VMS_ARRAY_SIZE(items); i++) {
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\">%s</text>\n", x, LEGEND_Y, items[i].color,
			x + 14, LEGEND_Y + 9, items[i].what);
		x += 14 + 7 * (int)strlen(items[i].what) + 16;
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"dim\">paler: only part of the "
		"cell resident; one row per %d cells, each VMA with its own cell size "
		"(in its tooltip)</text>\n", MARGIN, LEGEND_Y + 22, CELLS);
}

/* One VMA's band: label, then rows of cells merged into spans of one look. */
static int band(FILE *f, const struct vms_snapshot *s, const struct vms_vma *v,
		uint64_t page, bool bytes, int y)
{
	char vsz[32], rss[32], cs[32];
	struct vms_strip st;
	uint64_t cell;
	size_t rows = rows_of(v, page, &cell), r, i;
	char *name = vms_display_name(v->name, VMS_DISP_STRICT);

	vms_strip_build(s, v, cell, &st);
	fprintf(f, "<g><title>0x%" PRIx64 "-0x%" PRIx64 " ", v->start, v->end);
	xml_text(f, name);
	fprintf(f, " (one cell: %s)</title>\n<text x=\"%d\" y=\"%d\">0x%012" PRIx64
		" %s %-7s %6s rss %-6s ", vms_size_fmt(cell, bytes, cs, sizeof(cs)),
		MARGIN, y + 10, v->start, v->perms, v->kind,
		vms_size_fmt(vms_vma_size(v), bytes, vsz, sizeof(vsz)),
		vms_size_fmt(vms_vma_u64(v, VMS_K_RSS) + vms_vma_u64(v, VMS_K_HUGETLB), bytes,
			     rss, sizeof(rss)));
	/* The end of a long name (the file, not the directories): "...libc.so.6" */
	if (strlen(name) > NAME_MAX_CHARS) {
		const char *tail = name + strlen(name) - (NAME_MAX_CHARS - 3);

		while ((*tail & 0xc0) == 0x80)	/* not inside a UTF-8 sequence */
			tail++;
		fputs("...", f);
		xml_text(f, tail);
	} else {
		xml_text(f, name);
	}
	fputs("</text>\n", f);
	for (r = 0; r < rows; r++) {
		size_t from = r * CELLS, to = from + CELLS < st.ncells ? from + CELLS : st.ncells;

		for (i = from; i < to;) {
			struct fill a = look_fill(vms_strip_look(&st, i));
			size_t j = i + 1;

			while (j < to) {
				struct fill b = look_fill(vms_strip_look(&st, j));

				if (strcmp(a.color, b.color) || a.opacity != b.opacity)
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
	fputs("</g>\n", f);
	vms_strip_free(&st);
	free(name);
	return y + (int)rows * (ROW_H + 1) + ROW_GAP;
}

int vms_svg_write(FILE *f, const struct vms_snapshot *s, const struct vms_vma *v,
		  size_t n, bool bytes)
{
	uint64_t page = 4096, cell, vsz = 0, rss = 0;
	char *who = vms_title_who(s), a[32], b[32];
	int y = TOP, h = TOP;
	size_t i;

	vms_rec_get_u64(s->header, VMS_K_PAGE_SIZE, &page);
	if (!page)
		page = 4096;
	for (i = 0; i < n; i++) {
		h += (int)rows_of(&v[i], page, &cell) * (ROW_H + 1) + ROW_GAP;
		if (i && v[i].start > v[i - 1].end)
			h += GAP_H;
	}
	h += MARGIN;
	vms_task_u64(s, VMS_K_VSZ, &vsz);
	vms_task_u64(s, VMS_K_RSS, &rss);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\">\n"
		"<style>text { font-family: monospace; font-size: 11px; fill: #212121; "
		"white-space: pre } .dim { fill: #757575 } .big { font-size: 15px }</style>\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n", W, h, W, h);
	fprintf(f, "<text x=\"%d\" y=\"24\" class=\"big\">", MARGIN);
	xml_text(f, who);
	fprintf(f, "  VSZ %s  RSS %s  %zu VMAs%s</text>\n",
		vms_size_fmt(vsz, bytes, a, sizeof(a)), vms_size_fmt(rss, bytes, b, sizeof(b)),
		n, vms_snapshot_from_proc(s) ? "  (source: /proc)" : "");
	legend(f, vms_snapshot_from_proc(s));
	for (i = 0; i < n; i++) {
		if (i && v[i].start > v[i - 1].end) {
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
				"stroke=\"#bdbdbd\" stroke-dasharray=\"4 3\"/>"
				"<text x=\"%d\" y=\"%d\" class=\"dim\">gap %s</text>\n",
				STRIP_X, y + 3, W - MARGIN, y + 3, MARGIN, y + 7,
				vms_size_fmt(v[i].start - v[i - 1].end, bytes, a, sizeof(a)));
			y += GAP_H;
		}
		y = band(f, s, &v[i], page, bytes, y);
	}
	fputs("</svg>\n", f);
	free(who);
	return ferror(f) || fflush(f) ? -1 : 0;
}
