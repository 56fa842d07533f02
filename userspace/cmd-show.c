// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope show [PID|FILE]: one table row per VMA, like pmap -X.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsmartcols.h>
#include <vmscope/format.h>

#include "cmdline.h"
#include "columns.h"
#include "display.h"
#include "input.h"
#include "size.h"
#include "source.h"
#include "title.h"
#include "util.h"
#include "vmscope.h"

struct show_ctl {
	struct vms_table_opts t;
	const char *sort;	/* --sort column, '-' prefix: descending */

	struct vms_column *cols;	/* what to print, in order */
	size_t *hints;			/* per column, for vms_rec_find() */
	unsigned char *absent;		/* per column: what an absent key shows */
	size_t ncols;
	struct vms_column sortcol;
	unsigned char sort_absent;	/* enum absent of sortcol */
	bool sort_desc;
	enum vms_source source;
};

/* One VMA to print and what it sorts by. */
struct row {
	const struct vms_record *rec;
	size_t index;		/* position in the report, the tie-break */
	char *sval;		/* sort key: string (decoded for names) */
	size_t slen;
	uint64_t nval;		/* sort key: number */
	bool has;		/* sort key present */
};

static void usage(void)
{
	printf("Usage: vmscope show [options] [PID|FILE|-]\n"
	       "\n"
	       "Show the VMAs of a live process or of a snapshot file, one row per\n"
	       "mapping with totals, like pmap -X. Without an argument, read a\n"
	       "snapshot from standard input when it is not a terminal.\n"
	       "\n"
	       "Options:\n"
	       "  -b, --bytes           print sizes in bytes\n"
	       "  -J, --json            JSON: the header (pid, comm, kernel, source, time,\n"
	       "                        task totals) and \"vmas\": [...] with every field;\n"
	       "                        numbers as numbers\n"
	       "  -r, --raw             raw output: no alignment, no header line, no totals\n"
	       "  -n, --noheadings      no header line or column headings\n"
	       "  -o, --output COLS     columns to print (comma list; +COLS adds to the\n"
	       "                        defaults; 'help' lists them)\n"
	       "      --list-columns    list the columns and exit\n"
	       "      --sort [-]COL     sort by COL (descending with '-')\n"
	       "      --source SRC      module, proc or auto (default: the module when\n"
	       "                        /proc/vmscope exists, else /proc)\n"
	       "  -h, --help            this help\n"
	       "\n"
	       "Default columns: START END PERM KIND VSZ RSS ANON FILE SHMEM SWAP ZERO THP\n"
	       "PSS DIRTY N0..Nn NAME, and OTHER LARGE HUGETLB LOCKED KSM where not zero;\n"
	       "columns a snapshot lacks are hidden unless asked for with -o.\n");
}

static void add_column(struct show_ctl *ctl, const struct vms_column *col)
{
	ctl->cols = xreallocarray(ctl->cols, ctl->ncols + 1, sizeof(*ctl->cols));
	ctl->cols[ctl->ncols++] = *col;
}

/* Parse a -o list into ctl->cols; usage error for an unknown column. */
static int parse_columns(struct show_ctl *ctl, const char *list)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	int rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct vms_column col;

		if (vms_column_lookup(tok, &col)) {
			vms_err("unknown column: %s", tok);
			rc = VMS_EXIT_USAGE;
			break;
		}
		add_column(ctl, &col);
	}
	if (!rc && !ctl->ncols) {
		vms_err("no columns in --output");
		rc = VMS_EXIT_USAGE;
	}
	free(copy);
	return rc;
}

static bool is_numeric(const struct vms_column *col)
{
	return col->info->type == VMS_COL_SIZE || col->info->type == VMS_COL_COUNT ||
	       col->info->type == VMS_COL_ADDR;
}

/*
 * The number in a numeric cell. 1 if present, 0 if absent, -1 (after an
 * error message) if malformed.
 */
static int cell_number(const struct vms_input *in, const struct vms_record *rec,
		       const struct vms_column *col, const char *v, uint64_t *out)
{
	int rc;

	if (!v)
		return 0;
	rc = col->info->type == VMS_COL_ADDR ? vms_parse_hex(v, out) :
					       vms_parse_u64(v, out);
	if (rc) {
		vms_err("malformed snapshot: %s line %lu: bad %s=", in->name,
			rec->line, col->key);
		return -1;
	}
	return 1;
}

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct show_ctl *ctl = arg;
	const struct row *x = a, *y = b;
	int c;

	if (x->has != y->has)
		c = x->has ? 1 : -1;
	else if (!x->has)
		c = 0;
	else if (is_numeric(&ctl->sortcol))
		c = x->nval < y->nval ? -1 : x->nval > y->nval;
	else if (!(c = memcmp(x->sval, y->sval, x->slen < y->slen ? x->slen : y->slen)))
		c = x->slen < y->slen ? -1 : x->slen > y->slen;
	if (ctl->sort_desc)
		c = -c;
	if (!c)
		c = x->index < y->index ? -1 : x->index > y->index;
	return c;
}

static void free_rows(struct row *rows, size_t n)
{
	size_t i;

	for (i = 0; rows && i < n; i++)
		free(rows[i].sval);
	free(rows);
}

/*
 * What a record without a column's key shows. The module and the /proc
 * source print nK and oK only when they are not zero (format.rst): where
 * the family is known, a missing member is 0 (oK not for hugetlb VMAs,
 * whose page size is hpage). Anything else is empty ("-" in raw output,
 * null in JSON).
 */
enum absent {
	ABSENT_EMPTY,
	ABSENT_ZERO,
	ABSENT_ZERO_NOT_HUGETLB,
};

/* Whether node `index` is in the header's nodes= list ("0,1"). */
static bool node_listed(const struct vms_snapshot *snap, uint64_t index)
{
	const char *p = vms_rec_get(snap->header, VMS_K_NODES);
	uint64_t n;

	while (p && vms_nodes_next(&p, &n) > 0)
		if (n == index)
			return true;
	return false;
}

/* Whether a vma record has a member of the family with key prefix `prefix`. */
static bool family_known(const struct vms_snapshot *snap, char prefix)
{
	size_t i, k;

	for (i = 0; i < snap->nvmas; i++)
		for (k = 0; k < snap->vmas[i].nkv; k++)
			if (vms_spread_key(snap->vmas[i].kv[k].key, prefix, NULL))
				return true;
	return false;
}

static enum absent absent_rule(const struct vms_snapshot *snap,
				const struct vms_column *col)
{
	char prefix = col->info->key[0];
	uint64_t index = 0;

	if (!(col->info->flags & VMS_COLF_INDEXED))
		return ABSENT_EMPTY;
	vms_spread_key(col->key, prefix, &index);
	if (prefix == VMS_K_NODE_PREFIX && vms_rec_get(snap->header, VMS_K_NODES))
		return node_listed(snap, index) ? ABSENT_ZERO : ABSENT_EMPTY;
	if (prefix == VMS_K_NODE_PREFIX)
		return family_known(snap, prefix) ? ABSENT_ZERO : ABSENT_EMPTY;
	return family_known(snap, prefix) ? ABSENT_ZERO_NOT_HUGETLB : ABSENT_EMPTY;
}

static bool is_hugetlb(const struct vms_record *rec)
{
	const char *kind = vms_rec_get(rec, VMS_K_KIND);

	return kind && !strcmp(kind, vms_kind_word(VMS_KIND_HUGETLB));
}

/* A record's value for a column with rule `absent`, or NULL. */
static const char *cell_value(const struct vms_record *rec, const struct vms_column *col,
			      enum absent absent, size_t *hint)
{
	const char *v = vms_rec_find(rec, col->key, hint);

	if (!v && (absent == ABSENT_ZERO ||
		   (absent == ABSENT_ZERO_NOT_HUGETLB && !is_hugetlb(rec))))
		v = "0";
	return v;
}

/* The sort key of one row: 0, or -1 after an error message. */
static int row_key(struct show_ctl *ctl, const struct vms_input *in, struct row *r)
{
	const struct vms_column *col = &ctl->sortcol;
	size_t hint = 0;
	const char *v = cell_value(r->rec, col, ctl->sort_absent, &hint);
	int rc;

	if (is_numeric(col)) {
		rc = cell_number(in, r->rec, col, v, &r->nval);
		r->has = rc > 0;
		return rc < 0 ? -1 : 0;
	}
	if (!v)
		return 0;
	r->has = true;
	if (col->info->type == VMS_COL_NAME)
		r->sval = vms_unescape_dup(v, &r->slen);	/* checked by the parser */
	if (!r->sval) {
		r->sval = xstrdup(v);
		r->slen = strlen(v);
	}
	return 0;
}

static struct row *make_rows(struct show_ctl *ctl, const struct vms_input *in)
{
	size_t i, n = in->snap.nvmas;
	struct row *rows = xcalloc(n, sizeof(*rows));

	for (i = 0; i < n; i++) {
		rows[i].rec = &in->snap.vmas[i];
		rows[i].index = i;
		if (ctl->sort && row_key(ctl, in, &rows[i])) {
			free_rows(rows, n);
			return NULL;
		}
	}
	if (ctl->sort)
		qsort_r(rows, n, sizeof(*rows), cmp_rows, ctl);
	return rows;
}

/*
 * Decide ctl->absent for every column; for a column asked for with -o
 * that no record has, say why it is empty.
 */
static void plan_absent(struct show_ctl *ctl, const struct vms_input *in)
{
	const struct vms_snapshot *snap = &in->snap;
	size_t i;

	ctl->absent = xcalloc(ctl->ncols + 1, sizeof(*ctl->absent));
	for (i = 0; i < ctl->ncols; i++) {
		const struct vms_column *col = &ctl->cols[i];
		uint64_t index = 0;
		bool node = (col->info->flags & VMS_COLF_INDEXED) &&
			    vms_spread_key(col->key, VMS_K_NODE_PREFIX, &index);

		ctl->absent[i] = absent_rule(snap, col);
		if (!ctl->t.output || ctl->absent[i] == ABSENT_ZERO ||
		    vms_key_present(snap, col->key))
			continue;
		if (node)
			vms_warn("column %s is empty: %s has no node %" PRIu64 " (nodes %s)",
				 col->name, in->name, index,
				 vms_rec_get(snap->header, VMS_K_NODES) ?: "unknown");
		else if (ctl->absent[i] == ABSENT_EMPTY)
			vms_warn("column %s is empty: %s has no %s field", col->name,
				 in->name, col->key);
	}
}

static const char *fmt_size(const struct show_ctl *ctl, uint64_t v,
			    char *buf, size_t bufsz)
{
	if (ctl->t.bytes || ctl->t.json)
		snprintf(buf, bufsz, "%" PRIu64, v);
	else
		vms_size_human(v, buf, bufsz);
	return buf;
}

static int fill_row(struct show_ctl *ctl, struct vms_input *in,
		    struct libscols_line *ln, const struct vms_record *rec,
		    uint64_t *totals)
{
	char buf[32];
	size_t i;

	for (i = 0; i < ctl->ncols; i++) {
		const struct vms_column *col = &ctl->cols[i];
		const char *v = cell_value(rec, col, ctl->absent[i], &ctl->hints[i]);
		uint64_t n;
		int rc = 0;

		if (!v)
			continue;
		switch (col->info->type) {
		case VMS_COL_NAME:
			rc = scols_line_refer_data(ln, i, vms_display_name(v,
					ctl->t.json ? VMS_DISP_JSON : 0));
			break;
		case VMS_COL_STRING:
		case VMS_COL_ADDR:
			if (col->info->type == VMS_COL_ADDR &&
			    cell_number(in, rec, col, v, &n) < 0)
				return VMS_EXIT_FAIL;
			rc = scols_line_refer_data(ln, i, vms_display_cell(col, v, ctl->t.json));
			break;
		case VMS_COL_SIZE:
		case VMS_COL_COUNT:
			if (cell_number(in, rec, col, v, &n) < 0)
				return VMS_EXIT_FAIL;
			if (__builtin_add_overflow(totals[i], n, &totals[i]))
				totals[i] = UINT64_MAX;
			if (col->info->type == VMS_COL_SIZE)
				fmt_size(ctl, n, buf, sizeof(buf));
			else
				snprintf(buf, sizeof(buf), "%" PRIu64, n);
			rc = scols_line_set_data(ln, i, buf);
			break;
		}
		if (rc) {
			vms_err("out of memory");
			return VMS_EXIT_FAIL;
		}
	}
	return VMS_EXIT_OK;
}

/* Where the "total" label goes: NAME, else the first text column. */
static size_t total_label_column(const struct show_ctl *ctl)
{
	size_t i;

	for (i = 0; i < ctl->ncols; i++)
		if (ctl->cols[i].info->type == VMS_COL_NAME)
			return i;
	for (i = 0; i < ctl->ncols; i++)
		if (!is_numeric(&ctl->cols[i]))
			return i;
	return ctl->ncols;
}

static int add_totals(struct show_ctl *ctl, struct libscols_table *tb,
		      const uint64_t *totals)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	size_t i, label = total_label_column(ctl);
	char buf[32];

	if (!ln)
		return -1;
	for (i = 0; i < ctl->ncols; i++) {
		const struct vms_column *col = &ctl->cols[i];

		if (!(col->info->flags & VMS_COLF_SUM))
			continue;
		if (col->info->type == VMS_COL_SIZE)
			fmt_size(ctl, totals[i], buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%" PRIu64, totals[i]);
		if (scols_line_set_data(ln, i, buf))
			return -1;
	}
	if (label < ctl->ncols && scols_line_set_data(ln, label, "total"))
		return -1;
	return 0;
}

static int setup_columns(struct show_ctl *ctl, struct libscols_table *tb)
{
	size_t i;

	for (i = 0; i < ctl->ncols; i++) {
		const struct vms_column *col = &ctl->cols[i];
		int flags = is_numeric(col) && col->info->type != VMS_COL_ADDR ?
			    SCOLS_FL_RIGHT : 0;
		struct libscols_column *cl;

		cl = scols_table_new_column(tb, col->name, 0, flags);
		if (!cl)
			return -1;
		if (col->info->type == VMS_COL_SIZE || col->info->type == VMS_COL_COUNT)
			scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	}
	return 0;
}

/* JSON: the header's members (title.h) before "vmas". */
static void json_header(FILE *f, const void *snap)
{
	vms_title_json(f, snap, "   ");
}

static int print_table(struct show_ctl *ctl, struct vms_input *in)
{
	struct libscols_table *tb = vms_table_new("vmas", &ctl->t);
	uint64_t *totals = xcalloc(ctl->ncols, sizeof(*totals));
	struct row *rows = NULL;
	int rc = VMS_EXIT_FAIL;
	size_t i;

	if (!tb) {
		vms_err("out of memory");
		goto out;
	}
	ctl->hints = xcalloc(ctl->ncols, sizeof(*ctl->hints));
	if (setup_columns(ctl, tb)) {
		vms_err("out of memory");
		goto out;
	}
	plan_absent(ctl, in);
	ctl->sort_absent = ctl->sort ? absent_rule(&in->snap, &ctl->sortcol) : ABSENT_EMPTY;
	rows = make_rows(ctl, in);
	if (!rows)
		goto out;
	for (i = 0; i < in->snap.nvmas; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln) {
			vms_err("out of memory");
			goto out;
		}
		if (fill_row(ctl, in, ln, rows[i].rec, totals))
			goto out;
	}
	if (!ctl->t.json && !ctl->t.raw && add_totals(ctl, tb, totals)) {
		vms_err("out of memory");
		goto out;
	}
	if (!ctl->t.json && !ctl->t.raw && !ctl->t.noheadings)
		vms_title_print(&in->snap, ctl->t.bytes);
	rc = VMS_EXIT_OK;
	if (ctl->t.json)
		rc = vms_table_print_json(tb, json_header, &in->snap);
	else
		vms_table_print(tb, &ctl->t);
out:
	free_rows(rows, in->snap.nvmas);
	free(totals);
	free(ctl->hints);
	ctl->hints = NULL;
	free(ctl->absent);
	ctl->absent = NULL;
	scols_unref_table(tb);
	return rc;
}

static void choose_columns(struct show_ctl *ctl, const struct vms_snapshot *snap)
{
	struct vms_column *extra = ctl->cols;
	size_t nextra = ctl->ncols, i;

	if (ctl->t.output && vms_columns_is_preset(ctl->t.output)) {
		ctl->cols = vms_columns_preset(snap, ctl->t.output, &ctl->ncols);
		return;
	}
	if (ctl->t.output && ctl->t.output[0] != '+')
		return;
	/* Defaults (JSON: every field), then whatever +COLS adds. */
	ctl->cols = ctl->t.json ? vms_columns_all(snap, &ctl->ncols) :
				vms_columns_default(snap, &ctl->ncols);
	for (i = 0; i < nextra; i++) {
		size_t j;

		for (j = 0; j < ctl->ncols; j++)
			if (!strcmp(ctl->cols[j].name, extra[i].name))
				break;
		if (j == ctl->ncols)
			add_column(ctl, &extra[i]);
	}
	free(extra);
}

int cmd_show(int argc, char **argv)
{
	enum { OPT_SORT = VMS_OPT_FIRST };
	static const struct option longopts[] = {
		VMS_TABLE_LONGOPTS,
		{ "sort",	required_argument,	NULL, OPT_SORT },
		VMS_SOURCE_LONGOPT,
		VMS_HELP_LONGOPT
	};
	static const vms_excl_t excl[] = { VMS_TABLE_EXCL, { 0 } };
	int excl_st[VMS_ARRAY_SIZE(excl)] = VMS_EXCL_STATUS_INIT;
	struct show_ctl ctl = { 0 };
	struct vms_input in = { 0 };
	const char *arg;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":" VMS_TABLE_SHORTOPTS "h", longopts,
				NULL)) != -1) {
		if (vms_excl_check("show", longopts, excl, excl_st, c))
			return VMS_EXIT_USAGE;
		if (vms_table_option(c, optarg, &ctl.t))
			continue;
		switch (c) {
		case OPT_SORT:
			ctl.sort = optarg;
			break;
		case VMS_OPT_LIST:
			vms_columns_list(NULL);
			return VMS_EXIT_OK;
		default:
			rc = vms_common_option("show", c, argv, usage, &ctl.source);
			if (rc != VMS_OPT_TAKEN)
				return rc;
		}
	}
	if (ctl.t.output && !strcmp(ctl.t.output, "help")) {
		vms_columns_list(NULL);
		return VMS_EXIT_OK;
	}
	arg = vms_input_operand("show", argc, argv, optind);
	if (!arg)
		return VMS_EXIT_USAGE;
	if (ctl.t.output && !vms_columns_is_preset(ctl.t.output) &&
	    parse_columns(&ctl, ctl.t.output + (ctl.t.output[0] == '+')))
		goto usage;
	if (ctl.sort) {
		ctl.sort_desc = ctl.sort[0] == '-';
		if (vms_column_lookup(ctl.sort + ctl.sort_desc, &ctl.sortcol)) {
			vms_err("unknown column: %s", ctl.sort + ctl.sort_desc);
			goto usage;
		}
	}

	rc = vms_input_load(arg, VMS_SECT_SUMMARY | VMS_SECT_VMAS, ctl.source, &in);
	if (!rc) {
		choose_columns(&ctl, &in.snap);
		rc = print_table(&ctl, &in);
	}
	vms_input_free(&in);
	free(ctl.cols);
	if (!rc)
		rc = vms_close_stdout();
	return rc;
usage:
	free(ctl.cols);
	return VMS_EXIT_USAGE;
}
