// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope watch PID [-i SEC] [-n COUNT]: a snapshot every interval and
 * what changed since the previous one, like top for one process's memory.
 *
 * Each frame is one interval: a header line with the wall-clock time of
 * the new snapshot and the task's totals now beside their change, then a
 * row per changed group of VMAs (delta.h) with each figure now beside
 * its change. Every figure of a frame comes from its two snapshots' vma
 * records, as in diff (title.h): the header never contradicts the rows.
 *
 * The interval is the period: the next snapshot is due one interval after
 * the previous one was due, however long taking it took (a late one is
 * taken at once, and the schedule starts again from it).
 *
 * SIGINT and SIGTERM are blocked and waited for with sigtimedwait() as
 * the interval's sleep, so an interrupt ends the loop between two
 * snapshots, with exit status 0 and no handler or global flag.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libsmartcols.h>
#include <vmscope/format.h>

#include "cmdline.h"
#include "columns.h"
#include "delta.h"
#include "diffview.h"
#include "display.h"
#include "input.h"
#include "size.h"
#include "title.h"
#include "util.h"
#include "vmscope.h"

static void usage(void)
{
	printf("Usage: vmscope watch [options] PID\n"
	       "\n"
	       "Take a snapshot of PID every interval and show what changed since the\n"
	       "previous one, until interrupted (Ctrl-C exits with status 0) or COUNT\n"
	       "intervals have passed. Each frame gives the time of the snapshot, the\n"
	       "task's totals now and their change, and a row per changed VMA (or\n"
	       "group of VMAs, as in 'vmscope diff') with each figure now beside its\n"
	       "change (+RSS). On a terminal the screen is redrawn each time.\n"
	       "\n"
	       "Options:\n"
	       "  -i, --interval SEC    period of the snapshots (default 2, may be\n"
	       "                        fractional)\n"
	       "  -n, --count COUNT     stop after COUNT frames\n"
	       "  -a, --all             every row, changed or not\n"
	       "      --min-change SIZE hide rows whose changes are all smaller than SIZE\n"
	       "                        (e.g. 16K; splits, merges and moves are shown)\n"
	       "      --sort [-]COL     order rows by the change of COL (descending with\n"
	       "                        '-'), or by COL itself for START, NAME, ...\n"
	       "  -b, --bytes           sizes in bytes\n"
	       "  -J, --json            one JSON object per frame: the header, \"change\"\n"
	       "                        and \"vmas\" (COL and col_change per figure)\n"
	       "  -r, --raw             raw rows, TIME first, headings once, no header\n"
	       "                        line or totals\n"
	       "      --noheadings      no header line or column headings\n"
	       "  -o, --output COLS     columns (as for diff; +COLS adds to the defaults)\n"
	       "      --source SRC      module, proc or auto (default)\n"
	       "  -h, --help            this help\n");
}


/* N[.F][K|M|G|T][i][B], powers of 1024, below 2^63 bytes. */
static int parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "BKMGT";
	const char *p = s, *u;
	uint64_t whole = 0, frac = 0, scale = 1, mult = 1;
	long double v;

	if (!*p || (*p != '.' && vms_scan_u64(&p, NULL, 10, &whole)))
		return -1;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale < UINT64_C(1000000000000)) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				scale *= 10;
			}
		}
	}
	if (*p && (u = strchr(units, *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p))) {
		mult = UINT64_C(1) << (10 * (u - units));
		p++;
		if (u != units && *p == 'i')
			p++;
		if (u != units && (*p == 'B' || *p == 'b'))
			p++;
	}
	if (*p)
		return -1;
	v = ((long double)whole + (long double)frac / scale) * mult;
	if (v >= 9.2e18L)
		return -1;
	*out = (uint64_t)(v + 0.5L);
	return 0;
}

static int64_t ts_ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

/* Wait until `deadline` (CLOCK_MONOTONIC) unless SIGINT/SIGTERM: true then. */
static bool interrupted(const sigset_t *set, const struct timespec *deadline)
{
	for (;;) {
		struct timespec now, left;
		int64_t ns;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ns = ts_ns(deadline) - ts_ns(&now);
		if (ns < 0)
			ns = 0;		/* late: only see whether a signal waits */
		left.tv_sec = ns / 1000000000;
		left.tv_nsec = ns % 1000000000;
		if (sigtimedwait(set, NULL, &left) > 0)
			return true;
		/* EAGAIN: the time has come; EINTR: another signal, wait on */
		if (errno != EINTR || !ns)
			return false;
	}
}

struct watch_ctl {
	struct vms_table_opts t;
	bool all;
	enum vms_source source;
	struct timespec interval;
	long count;		/* -1: forever */
	uint64_t min_change;	/* 0: every change */
	const char *sort;	/* --sort as given */
	struct vms_column sortcol;
	bool sort_desc;
};

enum wcol_type {
	WC_TIME,	/* raw: the snapshot's time, first */
	WC_STATUS,
	WC_WAS,
	WC_IDENT,	/* a VMA column shown as is (the new side's) */
	WC_VALUE,	/* a figure now: the sum over the group's new VMAs */
	WC_CHANGE,	/* its change in the interval */
};

struct wcol {
	enum wcol_type type;
	struct vms_column col;
	long key;		/* VALUE, CHANGE: index in d.keys, -1 if not diffed */
	char name[48];
};

/* One interval: the diff of two snapshots and what of it to print. */
struct frame {
	const struct watch_ctl *ctl;
	struct vms_table_opts t;	/* the frame's: raw headings only once */
	const struct vms_snapshot *a, *b;
	struct vms_diff d;
	struct wcol *cols;
	size_t ncols;
	size_t *rows;		/* groups to print, in order */
	size_t nrows;
	size_t changed_vmas, gone_vmas, hidden_vmas;
};

static void add_col(struct frame *f, enum wcol_type type, const struct vms_column *col)
{
	struct wcol *c;

	f->cols = xreallocarray(f->cols, f->ncols + 1, sizeof(*f->cols));
	c = &f->cols[f->ncols++];
	memset(c, 0, sizeof(*c));
	c->type = type;
	c->key = -1;
	if (col) {
		c->col = *col;
		c->key = vms_diff_key_index(&f->d, col->key);
	}
	switch (type) {
	case WC_TIME:
		snprintf(c->name, sizeof(c->name), "TIME");
		break;
	case WC_STATUS:
		snprintf(c->name, sizeof(c->name), "STATUS");
		break;
	case WC_WAS:
		snprintf(c->name, sizeof(c->name), "WAS");
		break;
	case WC_CHANGE:
		/* JSON keys are the lowercased names: rss and rss_change */
		snprintf(c->name, sizeof(c->name), f->t.json ? "%s_CHANGE" : "+%s",
			 col->name);
		break;
	default:
		snprintf(c->name, sizeof(c->name), "%s", col->name);
		break;
	}
}

/* A figure: now and its change, side by side. */
static void add_figure(struct frame *f, const struct vms_column *col)
{
	add_col(f, WC_VALUE, col);
	add_col(f, WC_CHANGE, col);
}

static bool any_change(const struct frame *f, long k)
{
	size_t g;

	for (g = 0; k >= 0 && g < f->d.m.n; g++)
		if (f->d.changed[g] && vms_diff_known(&f->d, g)[k] && vms_diff_row(&f->d, g)[k])
			return true;
	return false;
}

/*
 * The defaults: status, identity, and the figures VSZ RSS PSS SWAP, with
 * the others of diff's default set where they changed in this interval
 * (raw: every default one; JSON: every figure), then NAME.
 */
static void default_columns(struct frame *f)
{
	static const char *const ident[] = { "START", "END", "PERM", "KIND" };
	static const char *const always[] = { VMS_K_VSZ, VMS_K_RSS, VMS_K_PSS, VMS_K_SWAP };
	struct vms_column col;
	size_t i, k;

	add_col(f, WC_STATUS, NULL);
	for (i = 0; i < VMS_ARRAY_SIZE(ident); i++) {
		vms_column_lookup(ident[i], &col);
		add_col(f, WC_IDENT, &col);
	}
	for (k = 0; k < f->d.nkeys; k++) {
		unsigned int fl;
		bool take = f->t.json;

		if (vms_column_by_key(f->d.keys[k], &col))
			continue;	/* a key this CLI does not know */
		fl = col.info->flags;
		for (i = 0; !take && i < VMS_ARRAY_SIZE(always); i++)
			take = !strcmp(col.key, always[i]);
		/* raw: the columns stay those of the first frame (loop()) */
		if (!take && f->t.raw)
			take = fl & VMS_COLF_DEFAULT;
		if (!take && (fl & (VMS_COLF_DEFAULT | VMS_COLF_AUTO | VMS_COLF_DIFF)))
			take = any_change(f, (long)k);
		if (take)
			add_figure(f, &col);
	}
	vms_column_lookup("NAME", &col);
	add_col(f, WC_IDENT, &col);
}

/* Columns: TIME (raw), then the defaults and/or -o's (checked before). */
static void choose_columns(struct frame *f)
{
	const char *list = f->ctl->t.output;
	char *copy, *tok, *save = NULL;

	if (f->t.raw)
		add_col(f, WC_TIME, NULL);
	if (!list || list[0] == '+')
		default_columns(f);
	if (!list)
		return;
	copy = xstrdup(list[0] == '+' ? list + 1 : list);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct vms_column col;
		size_t i;

		for (i = 0; list[0] == '+' && i < f->ncols; i++)
			if (!strcasecmp(f->cols[i].name, tok))
				break;
		if (list[0] == '+' && i < f->ncols)
			continue;
		if (!strcasecmp(tok, "STATUS"))
			add_col(f, WC_STATUS, NULL);
		else if (!strcasecmp(tok, "WAS"))
			add_col(f, WC_WAS, NULL);
		else if (!vms_column_lookup(tok, &col) && (col.info->flags & VMS_COLF_IDENTITY))
			add_col(f, WC_IDENT, &col);
		else if (!vms_column_lookup(tok, &col))
			add_figure(f, &col);
	}
	free(copy);
}

static bool layout_changed(const struct frame *f, size_t g)
{
	const struct vms_group *grp = &f->d.m.groups[g];
	const struct vms_vma *x, *y;

	if (grp->change == VMS_CH_SPLIT || grp->change == VMS_CH_MERGED ||
	    grp->change == VMS_CH_RESHAPED || grp->change == VMS_CH_MOVED)
		return true;
	if (!grp->na || !grp->nb)
		return false;
	x = &f->d.a[grp->a[0]];
	y = &f->d.b[grp->b[0]];
	return strcmp(x->perms, y->perms) || strcmp(x->kind, y->kind) || strcmp(x->name, y->name);
}

static uint64_t magnitude(int64_t x)
{
	return x < 0 ? (uint64_t)-(x + 1) + 1 : (uint64_t)x;
}

/*
 * Whether a changed group makes a row: a change in layout, or a printed
 * change (VSZ counts, printed or not: a new or gone VMA) of at least
 * --min-change (with none, any change, or a new, gone, grown or shrunk VMA).
 */
static bool row_shown(const struct frame *f, size_t g)
{
	const int64_t *delta = vms_diff_row(&f->d, g);
	const bool *known = vms_diff_known(&f->d, g);
	long vsz = vms_diff_key_index(&f->d, VMS_K_VSZ);
	uint64_t min = f->ctl->min_change;
	size_t i;

	if (layout_changed(f, g))
		return true;
	if (!min && f->d.m.groups[g].change != VMS_CH_SAME)
		return true;
	if (vsz >= 0 && known[vsz] && delta[vsz] && magnitude(delta[vsz]) >= min)
		return true;
	for (i = 0; i < f->ncols; i++) {
		const struct wcol *c = &f->cols[i];

		if (c->type != WC_CHANGE || c->key < 0 || !known[c->key] || !delta[c->key])
			continue;
		if (!min || (c->col.info->type == VMS_COL_SIZE && magnitude(delta[c->key]) >= min))
			return true;
	}
	return false;
}

static size_t group_vmas(const struct vms_group *g)
{
	return g->nb ? g->nb : g->na;
}

/* The sort key of a group: a number, or a string (identity columns). */
struct sortkey {
	size_t g;
	bool has;
	bool numeric;
	int64_t n;
	const char *s;
};

static int cmp_keys(const void *p, const void *q, void *arg)
{
	const struct watch_ctl *ctl = arg;
	const struct sortkey *x = p, *y = q;
	int c;

	if (x->has != y->has)
		return x->has ? -1 : 1;		/* unknown last, either way */
	if (!x->has)
		c = 0;
	else if (x->numeric)
		c = x->n < y->n ? -1 : x->n > y->n;
	else
		c = strcmp(x->s, y->s);
	if (ctl->sort_desc)
		c = -c;
	if (!c)
		c = x->g < y->g ? -1 : x->g > y->g;
	return c;
}

static void sort_rows(struct frame *f)
{
	const struct vms_column *col = &f->ctl->sortcol;
	struct sortkey *keys = xcalloc(f->nrows + 1, sizeof(*keys));
	long k = vms_diff_key_index(&f->d, col->key);
	size_t i;

	for (i = 0; i < f->nrows; i++) {
		struct sortkey *sk = &keys[i];
		const struct vms_group *g = &f->d.m.groups[f->rows[i]];
		const struct vms_vma *v = g->nb ? &f->d.b[g->b[0]] : &f->d.a[g->a[0]];
		uint64_t x;

		sk->g = f->rows[i];
		if (!strcmp(col->key, VMS_K_START) || !strcmp(col->key, VMS_K_END)) {
			sk->has = sk->numeric = true;
			x = !strcmp(col->key, VMS_K_START) ? v->start : v->end;
			sk->n = x > INT64_MAX ? INT64_MAX : (int64_t)x;
		} else if (col->info->flags & VMS_COLF_IDENTITY) {
			sk->s = vms_rec_get(v->rec, col->key);
			sk->has = sk->s != NULL;
		} else if (k >= 0 && vms_diff_known(&f->d, sk->g)[k]) {
			sk->has = sk->numeric = true;
			sk->n = vms_diff_row(&f->d, sk->g)[k];
		}
	}
	qsort_r(keys, f->nrows, sizeof(*keys), cmp_keys, (void *)f->ctl);
	for (i = 0; i < f->nrows; i++)
		f->rows[i] = keys[i].g;
	free(keys);
}

static void choose_rows(struct frame *f)
{
	size_t g;

	f->rows = xcalloc(f->d.m.n + 1, sizeof(*f->rows));
	for (g = 0; g < f->d.m.n; g++) {
		const struct vms_group *grp = &f->d.m.groups[g];
		bool show = f->ctl->all || (f->d.changed[g] && row_shown(f, g));

		if (f->d.changed[g] && show) {
			f->changed_vmas += grp->nb;
			f->gone_vmas += grp->nb ? 0 : grp->na;
		} else if (f->d.changed[g] && f->ctl->min_change && !f->ctl->all) {
			f->hidden_vmas += group_vmas(grp);
		}
		if (show)
			f->rows[f->nrows++] = g;
	}
	if (f->ctl->sort)
		sort_rows(f);
}

/* The sum of `key` over the new VMAs of a group (nK, oK absent: 0). */
static bool value_now(const struct frame *f, const struct vms_group *g,
		      const struct vms_column *col, uint64_t *out)
{
	bool family = col->info->flags & VMS_COLF_INDEXED;
	uint64_t sum = 0, x;
	size_t i;

	if (!g->nb)
		return false;		/* gone: nothing now */
	for (i = 0; i < g->nb; i++) {
		if (vms_rec_get_u64(f->d.b[g->b[i]].rec, col->key, &x)) {
			if (!family || vms_diff_key_index(&f->d, col->key) < 0)
				return false;
			x = 0;
		}
		sum = sum + x < sum ? UINT64_MAX : sum + x;
	}
	*out = sum;
	return true;
}

static const char *fmt_value(const struct frame *f, const struct vms_column *col,
			     uint64_t v, char *buf, size_t n)
{
	if (col->info->type == VMS_COL_SIZE && !f->t.json)
		return vms_size_fmt(v, f->t.bytes, buf, n);
	snprintf(buf, n, "%" PRIu64, v);
	return buf;
}

static const char *fmt_change(const struct frame *f, const struct vms_column *col,
			      int64_t d, char *buf, size_t n)
{
	if (col->info->type == VMS_COL_SIZE && !f->t.json)
		return vms_delta_fmt(d, f->t.bytes, buf, n);
	snprintf(buf, n, f->t.json ? "%" PRId64 : "%+" PRId64, d);
	return buf;
}

/* RFC 3339, UTC, milliseconds: the TIME of raw rows. */
static void fmt_time_utc(uint64_t ns, char *buf, size_t n)
{
	time_t sec = (time_t)(ns / 1000000000);
	struct tm tm;
	size_t len;

	if (!gmtime_r(&sec, &tm) || !(len = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm)))
		snprintf(buf, n, "?");
	else
		snprintf(buf + len, n - len, ".%03" PRIu64 "Z", ns / 1000000 % 1000);
}

/* When the snapshot was taken (its time_ns), else now. */
static uint64_t snap_time(const struct vms_snapshot *s)
{
	struct timespec now;
	uint64_t t;

	if (!vms_rec_get_u64(s->header, VMS_K_TIME_NS, &t))
		return t;
	clock_gettime(CLOCK_REALTIME, &now);
	return (uint64_t)ts_ns(&now);
}

static int set(struct libscols_line *ln, size_t i, const char *s)
{
	if (scols_line_set_data(ln, i, s)) {
		vms_err("out of memory");
		return -1;
	}
	return 0;
}

static int fill_cell(const struct frame *f, struct libscols_line *ln, size_t i, size_t gi)
{
	const struct vms_group *g = &f->d.m.groups[gi];
	const struct wcol *c = &f->cols[i];
	const struct vms_vma *side = g->nb ? &f->d.b[g->b[0]] : &f->d.a[g->a[0]];
	uint64_t s, e, v;
	char buf[64];
	const char *val;

	switch (c->type) {
	case WC_TIME:
		fmt_time_utc(snap_time(f->b), buf, sizeof(buf));
		return set(ln, i, buf);
	case WC_STATUS:
		if (g->change == VMS_CH_SAME && f->d.changed[gi])
			return set(ln, i, "changed");
		return set(ln, i, vms_change_word(g, f->d.a, f->d.b));
	case WC_WAS: {
		uint64_t bs, be;

		if (!g->na || !g->nb)
			return 0;
		vms_diff_side_range(f->d.a, g->a, g->na, &s, &e);
		vms_diff_side_range(f->d.b, g->b, g->nb, &bs, &be);
		if (s == bs && e == be)
			return 0;
		snprintf(buf, sizeof(buf), "0x%" PRIx64 "-0x%" PRIx64, s, e);
		return set(ln, i, buf);
	}
	case WC_VALUE:
		if (!value_now(f, g, &c->col, &v))
			return 0;
		return set(ln, i, fmt_value(f, &c->col, v, buf, sizeof(buf)));
	case WC_CHANGE:
		if (c->key < 0 || !vms_diff_known(&f->d, gi)[c->key])
			return 0;
		return set(ln, i, fmt_change(f, &c->col, vms_diff_row(&f->d, gi)[c->key],
					     buf, sizeof(buf)));
	case WC_IDENT:
		break;
	}
	if (!strcmp(c->col.key, VMS_K_START) || !strcmp(c->col.key, VMS_K_END)) {
		if (g->nb)
			vms_diff_side_range(f->d.b, g->b, g->nb, &s, &e);
		else
			vms_diff_side_range(f->d.a, g->a, g->na, &s, &e);
		snprintf(buf, sizeof(buf), "0x%" PRIx64, !strcmp(c->col.key, VMS_K_START) ? s : e);
		return set(ln, i, buf);
	}
	val = vms_rec_get(side->rec, c->col.key);
	if (!val)
		return 0;
	if (scols_line_refer_data(ln, i, vms_display_cell(&c->col, val, f->t.json))) {
		vms_err("out of memory");
		return -1;
	}
	return 0;
}

/* The totals row: the figures now (header's sums) and their change. */
static int add_total(const struct frame *f, struct libscols_table *tb)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	size_t i, label = f->ncols;
	char buf[64];
	uint64_t v;

	if (!ln) {
		vms_err("out of memory");
		return -1;
	}
	for (i = 0; i < f->ncols; i++) {
		const struct wcol *c = &f->cols[i];

		if (c->type == WC_VALUE && vms_title_total(f->b, c->col.key, &v)) {
			if (set(ln, i, fmt_value(f, &c->col, v, buf, sizeof(buf))))
				return -1;
		} else if (c->type == WC_CHANGE && c->key >= 0) {
			if (set(ln, i, fmt_change(f, &c->col, f->d.total[c->key], buf, sizeof(buf))))
				return -1;
		} else if (c->type == WC_IDENT && c->col.info->type == VMS_COL_NAME) {
			label = i;
		} else if (label == f->ncols && c->type == WC_IDENT) {
			label = i;
		}
	}
	return label < f->ncols ? set(ln, label, "total") : 0;
}

static int setup_columns(const struct frame *f, struct libscols_table *tb)
{
	size_t i;

	for (i = 0; i < f->ncols; i++) {
		const struct wcol *c = &f->cols[i];
		bool num = c->type == WC_VALUE || c->type == WC_CHANGE ||
			   (c->type == WC_IDENT && c->col.info->type == VMS_COL_COUNT);
		struct libscols_column *cl;

		cl = scols_table_new_column(tb, c->name, 0, num ? SCOLS_FL_RIGHT : 0);
		if (!cl)
			return -1;
		if (num)
			scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	}
	return 0;
}

/* A task figure now and its change: false when `b` lacks it. */
static bool total_change(const struct frame *f, const char *key, uint64_t *now, int64_t *chg)
{
	uint64_t before;

	if (!vms_title_total(f->b, key, now))
		return false;
	*chg = vms_title_total(f->a, key, &before) ? vms_delta(before, *now) : 0;
	return true;
}

/* The header's figures: VSZ, the title's, faults, nodes; for each, fn. */
static void each_total(const struct frame *f,
		       void (*fn)(const struct frame *f, const char *key, const char *label,
				  bool size, uint64_t now, int64_t chg, void *arg),
		       void *arg)
{
	static const struct vms_title_field faults[] = {
		{ VMS_K_MINFLT, "minflt", false }, { VMS_K_MAJFLT, "majflt", false },
	};
	uint64_t now;
	int64_t chg;
	size_t i;

	if (total_change(f, VMS_K_VSZ, &now, &chg))
		fn(f, VMS_K_VSZ, "VSZ", true, now, chg, arg);
	for (i = 0; i < vms_title_nfields; i++)
		if (total_change(f, vms_title_fields[i].key, &now, &chg) &&
		    (now || chg || !vms_title_fields[i].nonzero))
			fn(f, vms_title_fields[i].key, vms_title_fields[i].label, true, now, chg, arg);
	for (i = 0; i < VMS_ARRAY_SIZE(faults); i++)
		if (total_change(f, faults[i].key, &now, &chg))
			fn(f, faults[i].key, faults[i].label, false, now, chg, arg);
	for (i = 0; i < f->d.nkeys; i++) {
		const char *key = f->d.keys[i];
		char label[24];

		if (!vms_spread_key(key, VMS_K_NODE_PREFIX, NULL) ||
		    !total_change(f, key, &now, &chg))
			continue;
		snprintf(label, sizeof(label), "N%s", key + 1);
		fn(f, key, label, true, now, chg, arg);
	}
}

static void print_total(const struct frame *f, const char *key, const char *label,
			bool size, uint64_t now, int64_t chg, void *arg)
{
	char a[32], b[32];

	(void)key;
	(void)arg;
	/* "RSS 512M +4.0M", "VSZ 1.0G +0": a change, even when none */
	if (size)
		printf("  %s %s %s", label, vms_size_fmt(now, f->t.bytes, a, sizeof(a)),
		       chg ? vms_delta_fmt(chg, f->t.bytes, b, sizeof(b)) : "+0");
	else
		printf("  %s %" PRIu64 " %+" PRId64, label, now, chg);
}

static void print_clock(const struct vms_snapshot *s)
{
	time_t sec = (time_t)(snap_time(s) / 1000000000);
	struct tm tm;
	char buf[16];

	if (localtime_r(&sec, &tm) && strftime(buf, sizeof(buf), "%H:%M:%S", &tm))
		printf("%s  ", buf);
}

/*
 * "12:34:56  pid 4242 (demo)  +2.000s  VSZ 1.0G +0  RSS 512M +4.0M ...
 * 3 of 37 VMAs changed (5 below 16K)"
 */
static void print_header(const struct frame *f)
{
	char *who = vms_title_who(f->b), buf[32];
	uint64_t ta, tb;

	print_clock(f->b);
	printf("%s", who);
	free(who);
	if (!vms_rec_get_u64(f->a->header, VMS_K_TIME_NS, &ta) &&
	    !vms_rec_get_u64(f->b->header, VMS_K_TIME_NS, &tb) && tb >= ta)
		printf("  +%" PRIu64 ".%03" PRIu64 "s", (tb - ta) / 1000000000,
		       (tb - ta) / 1000000 % 1000);
	if (vms_snapshot_from_proc(f->b))
		printf("  source proc");
	each_total(f, print_total, NULL);
	printf("  %zu of %zu VMAs changed", f->changed_vmas, f->d.nb);
	if (f->gone_vmas)
		printf(", %zu gone", f->gone_vmas);
	if (f->ctl->min_change)
		printf(" (%zu below %s)", f->hidden_vmas,
		       vms_size_fmt(f->ctl->min_change, f->t.bytes, buf, sizeof(buf)));
	putchar('\n');
}

struct json_change_arg {
	FILE *out;
	bool first;
};

static void json_change(const struct frame *f, const char *key, const char *label,
			bool size, uint64_t now, int64_t chg, void *arg)
{
	struct json_change_arg *j = arg;

	(void)f;
	(void)label;
	(void)size;
	(void)now;
	fprintf(j->out, "%s\n      \"%s\": %" PRId64, j->first ? "" : ",", key, chg);
	j->first = false;
}

/* JSON members before "vmas": the new snapshot's header, then the frame's. */
static void json_members(FILE *out, const void *arg)
{
	const struct frame *f = arg;
	struct json_change_arg j = { out, true };
	uint64_t ta, tb;

	vms_title_json(out, f->b, "   ");
	fprintf(out, "   \"change\": {");
	each_total(f, json_change, &j);
	fprintf(out, "%s},\n", j.first ? "" : "\n   ");
	if (!vms_rec_get_u64(f->a->header, VMS_K_TIME_NS, &ta) &&
	    !vms_rec_get_u64(f->b->header, VMS_K_TIME_NS, &tb))
		fprintf(out, "   \"interval_ns\": %" PRId64 ",\n", vms_delta(ta, tb));
	fprintf(out, "   \"changed\": %zu,\n   \"gone\": %zu,\n   \"hidden\": %zu,\n",
		f->changed_vmas, f->gone_vmas, f->hidden_vmas);
}

static void frame_free(struct frame *f)
{
	free(f->cols);
	free(f->rows);
	vms_diff_free(&f->d);
}

/*
 * The frame's columns as an -o list (TIME and the changes left out, which
 * follow from it), so that the next frames have the same: malloc'd.
 */
static char *column_list(const struct frame *f)
{
	struct vms_buf b = { 0 };
	size_t i;

	for (i = 0; i < f->ncols; i++)
		if (f->cols[i].type != WC_TIME && f->cols[i].type != WC_CHANGE)
			vms_buf_printf(&b, "%s%s", b.len ? "," : "", f->cols[i].name);
	if (!b.len)
		vms_buf_printf(&b, "STATUS");
	return b.data;
}

/*
 * Print the frame from `a` to `b`: VMS_EXIT_OK or VMS_EXIT_FAIL. With
 * `cols`, *cols is set to the frame's column list (column_list()).
 */
static int print_frame(const struct watch_ctl *ctl, const struct vms_table_opts *t,
		       const struct vms_snapshot *a, const struct vms_snapshot *b,
		       char **cols)
{
	struct frame f = { .ctl = ctl, .t = *t, .a = a, .b = b };
	struct libscols_table *tb = NULL;
	int rc = VMS_EXIT_FAIL;
	size_t r, i;

	vms_diff_compute(a, b, &f.d);
	choose_columns(&f);
	choose_rows(&f);
	if (cols)
		*cols = column_list(&f);
	tb = vms_table_new("vmas", &f.t);
	if (!tb || setup_columns(&f, tb)) {
		vms_err("out of memory");
		goto out;
	}
	for (r = 0; r < f.nrows; r++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln) {
			vms_err("out of memory");
			goto out;
		}
		for (i = 0; i < f.ncols; i++)
			if (fill_cell(&f, ln, i, f.rows[r]))
				goto out;
	}
	if (!f.t.raw && !f.t.json && add_total(&f, tb))
		goto out;
	rc = VMS_EXIT_OK;
	if (f.t.json) {
		rc = vms_table_print_json(tb, json_members, &f);
	} else {
		if (!f.t.raw && !f.t.noheadings)
			print_header(&f);
		vms_table_print(tb, &f.t);
	}
out:
	scols_unref_table(tb);
	frame_free(&f);
	return rc;
}

static void timespec_add(struct timespec *t, const struct timespec *d)
{
	t->tv_sec += d->tv_sec;
	t->tv_nsec += d->tv_nsec;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_nsec -= 1000000000L;
		t->tv_sec++;
	}
}

/*
 * Snapshots are self-referential (never copied): two inputs take turns
 * being the previous and the next one. `due` is when the first snapshot
 * was due; each next one is due an interval later.
 */
static int loop(const struct watch_ctl *ctl, struct vms_input in[2],
		const sigset_t *set, struct timespec due)
{
	bool tty = isatty(STDOUT_FILENO) && !ctl->t.json && !ctl->t.raw;
	struct watch_ctl later = *ctl;	/* raw: the first frame's columns */
	struct vms_table_opts t = ctl->t;
	char *cols = NULL;
	long n;
	int rc = VMS_EXIT_OK;

	for (n = 0; ctl->count < 0 || n < ctl->count; n++) {
		struct vms_input *prev = &in[n % 2], *next = &in[(n + 1) % 2];
		struct timespec now, late;
		int rc;

		timespec_add(&due, &ctl->interval);
		clock_gettime(CLOCK_MONOTONIC, &now);
		late = due;
		timespec_add(&late, &ctl->interval);
		if (ts_ns(&now) > ts_ns(&late))
			due = now;	/* a period missed: start again from now */
		if (interrupted(set, &due))
			break;
		rc = vms_input_reload(next, VMS_SECT_DEFAULT, ctl->source);
		if (rc)
			break;
		if (tty)
			fputs("\033[H\033[2J", stdout);
		else if (!t.json && !t.raw)
			putchar('\n');
		/*
		 * A raw stream has one heading line, so every frame has the
		 * columns of the first (which shows what changed in it).
		 */
		rc = print_frame(cols ? &later : ctl, &t, &prev->snap, &next->snap,
				 t.raw && !cols ? &cols : NULL);
		if (rc)
			break;
		later.t.output = cols;
		t.noheadings |= t.raw;
		if (fflush(stdout) || ferror(stdout)) {
			rc = vms_close_stdout();
			break;
		}
	}
	free(cols);
	return rc;
}

int cmd_watch(int argc, char **argv)
{
	enum { OPT_MIN = VMS_OPT_FIRST, OPT_SORT, OPT_NOHEAD };
	static const struct option longopts[] = {
		{ "interval",	required_argument,	NULL, 'i' },
		{ "count",	required_argument,	NULL, 'n' },
		{ "all",	no_argument,		NULL, 'a' },
		{ "bytes",	no_argument,		NULL, 'b' },
		{ "json",	no_argument,		NULL, 'J' },
		{ "raw",	no_argument,		NULL, 'r' },
		{ "noheadings",	no_argument,		NULL, OPT_NOHEAD },
		{ "output",	required_argument,	NULL, 'o' },
		{ "min-change",	required_argument,	NULL, OPT_MIN },
		{ "sort",	required_argument,	NULL, OPT_SORT },
		VMS_SOURCE_LONGOPT,
		VMS_HELP_LONGOPT
	};
	static const vms_excl_t excl[] = { VMS_TABLE_EXCL, { 0 } };
	int excl_st[VMS_ARRAY_SIZE(excl)] = VMS_EXCL_STATUS_INIT;
	struct watch_ctl ctl = { .interval = { 2, 0 }, .count = -1 };
	struct vms_input in[2];
	struct timespec due;
	sigset_t set, old;
	uint64_t count;
	pid_t pid;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":i:n:abJro:h", longopts, NULL)) != -1) {
		if (vms_excl_check("watch", longopts, excl, excl_st, c))
			return VMS_EXIT_USAGE;
		switch (c) {
		case 'i':
			if (vms_parse_interval(optarg, &ctl.interval)) {
				vms_err("watch: invalid interval: %s", optarg);
				return VMS_EXIT_USAGE;
			}
			break;
		case 'n':
			if (vms_parse_range(optarg, 1, LONG_MAX, &count)) {
				vms_err("watch: invalid count: %s", optarg);
				return VMS_EXIT_USAGE;
			}
			ctl.count = (long)count;
			break;
		case 'a':
			ctl.all = true;
			break;
		case 'b':
		case 'J':
		case 'r':
		case 'o':
			vms_table_option(c, optarg, &ctl.t);
			break;
		case OPT_NOHEAD:
			ctl.t.noheadings = true;
			break;
		case OPT_MIN:
			if (parse_size(optarg, &ctl.min_change)) {
				vms_err("watch: invalid size: %s (bytes, or with K, M, G, T)", optarg);
				return VMS_EXIT_USAGE;
			}
			break;
		case OPT_SORT:
			ctl.sort = optarg;
			break;
		default:
			rc = vms_common_option("watch", c, argv, usage, &ctl.source);
			if (rc != VMS_OPT_TAKEN)
				return rc;
		}
	}
	if (ctl.sort) {
		ctl.sort_desc = ctl.sort[0] == '-';
		if (vms_column_lookup(ctl.sort + ctl.sort_desc, &ctl.sortcol)) {
			vms_err("unknown column: %s", ctl.sort + ctl.sort_desc);
			return VMS_EXIT_USAGE;
		}
	}
	if (ctl.t.output && vms_diff_check_columns(ctl.t.output))
		return VMS_EXIT_USAGE;
	rc = vms_pid_operand("watch", argc, argv, optind, &pid);
	if (rc)
		return rc;

	memset(in, 0, sizeof(in));
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, &old);
	/* An ignored signal is discarded, never pending: shells start
	 * background jobs with SIGINT ignored, and watch must still stop. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	clock_gettime(CLOCK_MONOTONIC, &due);
	rc = vms_input_load(argv[optind], VMS_SECT_DEFAULT, ctl.source, &in[0]);
	if (!rc) {
		in[1].pid = in[0].pid;
		in[1].name = xstrdup(in[0].name);
		if (!ctl.t.json && !ctl.t.raw && !ctl.t.noheadings) {
			if (isatty(STDOUT_FILENO))
				fputs("\033[H\033[2J", stdout);
			print_clock(&in[0].snap);
			vms_title_print(&in[0].snap, ctl.t.bytes);
		}
		if (fflush(stdout) || ferror(stdout))
			rc = vms_close_stdout();
		else
			rc = loop(&ctl, in, &set, due);
	}
	vms_input_free(&in[0]);
	vms_input_free(&in[1]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
