// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: the module's page accounting against the kernel's own.
 *
 *   vmscope-acct WORKLOAD [ARGS...]
 *	Starts /vmscope/vmscope-wl WORKLOAD ARGS, waits for "ready", stops
 *	every process it names (the workload and its "child PID" lines) with
 *	SIGSTOP and checks each one, then kills them. One TAP line per
 *	(workload, process, check class), prefixed "VMSCOPE-TAP ".
 *   vmscope-acct --pid PID [--report FILE --report-pfn FILE | --self] [LABEL]
 *	The same checks on a running process (stopped while checked). With
 *	--report the module's reports are read from files instead of
 *	/proc/vmscope: with --expect output this tests the checker itself.
 *   vmscope-acct --self WORKLOAD [ARGS...]
 *	As the first form, with the --expect report in place of the module's:
 *	checks the checker (its pagemap figures against smaps and numa_maps).
 *   vmscope-acct --expect PID [pfn]
 *	Prints the report the module should produce for PID (vmas and
 *	extents, "pfn" adds frame numbers), computed from /proc alone: smaps,
 *	numa_maps, pagemap, kpageflags, kpagecount.
 *
 * The checks, for each process:
 *   smaps      each vma field smaps has, VMA by VMA (format.rst)
 *   numa_maps  nK = numa_maps NK x page size, plus reserved pages
 *   pagemap    the same figures recomputed page by page from pagemap,
 *              kpageflags, kpagecount and the node of each frame: states,
 *              anon/file/shmem, pss, shared/private, orders, runs, nodes
 *   invariants vsz = rss+hugetlb+zero+swap+none+other and the others
 *   extents    the ext records rebuilt from pagemap, record for record
 *              (with and without pfn)
 *   task       smaps_rollup, VmPTE, stat fault counts, oom_score_adj
 *   perturb    smaps Referenced, pagemap soft-dirty bits and kpageflags
 *              REFERENCED are the same before and after the reports
 *   expect     the workload's "expect" lines hold (it set up what it meant)
 *
 * Race-proofing: the kernel's files are read, then the reports, then the
 * kernel's files again; a round counts only if both kernel reads agree.
 *
 * Where /proc cannot tell: the PMD mapping of a THP is read with the
 * PAGEMAP_SCAN ioctl (PAGE_IS_HUGE; 6.7+); without it a THP is taken as
 * PMD-mapped when one folio of order 9 fills an aligned 2 MiB range in
 * order and smaps' THP total agrees. Swapped-out shmem pages have no
 * entry in pagemap: they are placed with SEEK_DATA and mincore() on the
 * mapped file and must add up to smaps Swap. PFN maps ([vvar]) and the
 * vsyscall page are not walked by pagemap: only none + other is checked.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kernel-page-flags.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "vmsio.h"

#define PROC_FILE	"/proc/vmscope"
#define WL_BIN		"/vmscope/vmscope-wl"

typedef unsigned long long u64;

#define PG		4096ULL
#define PSS_SHIFT	12
#define NORD		32		/* folio orders o0..o31 */
#define NNODE		64		/* nodes n0..n63 */
#define MAX_ROUNDS	10
#define MAX_MISMATCH	10
#define BIG_VMA		(4ULL << 30)	/* larger: no per-page pagemap */
#define MAX_FOLIO	(1ULL << 18)	/* pages: 1 GiB */

/* pagemap entry bits (Documentation/admin-guide/mm/pagemap.rst) */
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_SOFT_DIRTY	(1ULL << 55)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)
/* Swap types at and above this are migration, hwpoison, device and marker
 * entries (MAX_SWAPFILES is 32 minus those, 23 or more on x86-64). */
#define SWP_TYPES	16

#define KPF_RESERVED_BIT	32	/* kernel-internal flag, exported */
#define KF(b)		(1ULL << (b))

/* PAGEMAP_SCAN (6.7+), defined here for older headers. */
struct vms_pm_scan_arg {
	u64 size, flags, start, end, walk_end, vec, vec_len, max_pages;
	u64 category_inverted, category_mask, category_anyof_mask;
	u64 return_mask;
};

struct vms_page_region {
	u64 start, end, categories;
};

#define VMS_PAGEMAP_SCAN	_IOWR('f', 16, struct vms_pm_scan_arg)
#define VMS_PAGE_IS_PRESENT	(1 << 3)
#define VMS_PAGE_IS_HUGE	(1 << 6)

static const char *kernel_release = "?";
static int failures;

/* ---- basics ------------------------------------------------------------- */

static void oom(void)
{
	fprintf(stderr, "vmscope-acct: out of memory\n");
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		oom();
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* A growing string. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_reserve(struct sbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
}

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	sb_reserve(b, n);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	b->len += n;
}

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

static const char *sb_str(const struct sbuf *b)
{
	return b->s ? b->s : "";
}

static void sb_free(struct sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

static char *__attribute__((format(printf, 1, 2))) xasprintf(const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	return b.s ? b.s : xstrdup("");
}

/* ---- TAP ----------------------------------------------------------------- */

static void tap(bool ok, const char *name, const char *why)
{
	struct sbuf w = { 0 };

	if (ok) {
		printf("VMSCOPE-TAP ok - %s\n", name);
	} else {
		sb_add(&w, why ? why : "", why ? strlen(why) : 0);
		for (char *p = w.s; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		printf("VMSCOPE-TAP not ok - %s # kernel %s: %s\n", name,
		       kernel_release, sb_str(&w));
		failures++;
	}
	fflush(stdout);
	sb_free(&w);
}

static void tap_skip(const char *name, const char *why)
{
	printf("VMSCOPE-TAP ok - %s # SKIP %s\n", name, why);
	fflush(stdout);
}

/* Mismatches of one check class: the first MAX_MISMATCH are kept. */
struct mism {
	struct sbuf txt;
	int n;
};

static void __attribute__((format(printf, 2, 3)))
mism_add(struct mism *m, const char *fmt, ...)
{
	va_list ap;

	if (++m->n > MAX_MISMATCH)
		return;
	if (m->txt.len)
		sb_add(&m->txt, "; ", 2);
	va_start(ap, fmt);
	sb_vprintf(&m->txt, fmt, ap);
	va_end(ap);
}

static void mism_tap(struct mism *m, const char *name)
{
	if (m->n > MAX_MISMATCH)
		sb_printf(&m->txt, " (and %d more)", m->n - MAX_MISMATCH);
	tap(!m->n, name, sb_str(&m->txt));
	sb_free(&m->txt);
	m->n = 0;
}

/* ---- files ---------------------------------------------------------------- */



/* pread exactly @len bytes or up to EOF; returns bytes read or -errno. */
static long pread_full(int fd, void *buf, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  off + done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

/* Next line of a NUL-terminated buffer, terminated in place; NULL at end. */
static char *next_line(char **pos)
{
	char *p = *pos, *nl;

	if (!p || !*p)
		return NULL;
	nl = strchr(p, '\n');
	if (nl) {
		*nl = '\0';
		*pos = nl + 1;
	} else {
		*pos = p + strlen(p);
	}
	return p;
}

/* ---- report keys ------------------------------------------------------------ */

enum {
	K_VSZ, K_RSS, K_ANON, K_FILE, K_SHMEM, K_ZERO, K_SWAP, K_NONE,
	K_OTHER, K_PSS, K_USS, K_SHARED, K_PRIVATE, K_DIRTY, K_YOUNG,
	K_SOFTDIRTY, K_LOCKED, K_KSM, K_THP, K_LARGE, K_HUGETLB, K_HPAGE,
	K_PGTABLES, K_RUNS, K_MINFLT, K_MAJFLT, K_OOM, K_NAMED,
	K_O0 = K_NAMED,
	K_N0 = K_O0 + NORD,
	NKEYS = K_N0 + NNODE
};

static const char *const knames[K_NAMED] = {
	"vsz", "rss", "anon", "file", "shmem", "zero", "swap", "none",
	"other", "pss", "uss", "shared", "private", "dirty", "young",
	"softdirty", "locked", "ksm", "thp", "large", "hugetlb", "hpage",
	"pgtables", "runs", "minflt", "majflt", "oom_score_adj",
};

/* The vma fields format.rst requires (oK and nK are optional). */
static const int vma_required[] = {
	K_VSZ, K_RSS, K_ANON, K_FILE, K_SHMEM, K_ZERO, K_SWAP, K_NONE,
	K_OTHER, K_PSS, K_USS, K_SHARED, K_PRIVATE, K_DIRTY, K_YOUNG,
	K_SOFTDIRTY, K_LOCKED, K_KSM, K_THP, K_LARGE, K_HUGETLB, K_HPAGE,
	K_PGTABLES, K_RUNS,
};

/* The task record's (format.rst): sums, and what is not a sum. */
static const int task_required[] = {
	K_VSZ, K_RSS, K_ANON, K_FILE, K_SHMEM, K_ZERO, K_SWAP, K_NONE,
	K_OTHER, K_PSS, K_USS, K_SHARED, K_PRIVATE, K_DIRTY, K_YOUNG,
	K_SOFTDIRTY, K_LOCKED, K_KSM, K_THP, K_LARGE, K_HUGETLB,
	K_PGTABLES, K_MINFLT, K_MAJFLT, K_OOM,
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int key_index(const char *k, size_t len)
{
	for (int i = 0; i < K_NAMED; i++)
		if (strlen(knames[i]) == len && !memcmp(knames[i], k, len))
			return i;
	if (len >= 2 && len <= 3 && (k[0] == 'o' || k[0] == 'n')) {
		int v = 0;

		for (size_t i = 1; i < len; i++) {
			if (!isdigit((unsigned char)k[i]))
				return -1;
			v = v * 10 + (k[i] - '0');
		}
		if (k[0] == 'o' && v < NORD)
			return K_O0 + v;
		if (k[0] == 'n' && v < NNODE)
			return K_N0 + v;
	}
	return -1;
}

static const char *key_name(int k)
{
	static char buf[4][16];
	static int i;

	if (k < K_NAMED)
		return knames[k];
	i = (i + 1) % 4;
	if (k < K_N0)
		snprintf(buf[i], sizeof(buf[i]), "o%d", k - K_O0);
	else
		snprintf(buf[i], sizeof(buf[i]), "n%d", k - K_N0);
	return buf[i];
}

struct rec {
	u64 v[NKEYS];
	bool have[NKEYS];
};

static void rec_set(struct rec *r, int k, u64 v)
{
	r->v[k] = v;
	r->have[k] = true;
}

static void rec_add(struct rec *r, int k, u64 v)
{
	r->v[k] += v;
	r->have[k] = true;
}

/* oK and nK are printed only when non-zero: absent means 0. */
static u64 rec_get(const struct rec *r, int k)
{
	return r->have[k] ? r->v[k] : 0;
}

/* ---- extents ---------------------------------------------------------------- */

enum { ST_PRESENT, ST_ZERO, ST_SWAP, ST_NONE, ST_OTHER, NSTATE };
static const char *const st_names[NSTATE] = {
	"present", "zero", "swap", "none", "other",
};

enum { T_ANON, T_FILE, T_SHMEM };
static const char *const t_names[] = { "anon", "file", "shmem" };

enum { M_PTE, M_PMD, M_PUD };
static const char *const m_names[] = { "pte", "pmd", "pud" };

struct ext {
	unsigned long start, end;
	int state;		/* ST_*, or -1 when unknown */
	long order;		/* -1 when absent */
	bool has_pfn;
	u64 pfn;
	char *canon;		/* "START-END state=.. type=.. ..." */
};

struct exts {
	struct ext *e;
	size_t n, cap;
};

static struct ext *exts_add(struct exts *x, unsigned long start,
			    unsigned long end, int state, char *canon)
{
	struct ext *e;

	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 16;
		x->e = xrealloc(x->e, x->cap * sizeof(*x->e));
	}
	e = &x->e[x->n++];
	memset(e, 0, sizeof(*e));
	e->start = start;
	e->end = end;
	e->state = state;
	e->order = -1;
	e->canon = canon;
	return e;
}

static void exts_free(struct exts *x)
{
	for (size_t i = 0; i < x->n; i++)
		free(x->e[i].canon);
	free(x->e);
	memset(x, 0, sizeof(*x));
}

/* The canonical text both sides of an extent comparison are printed in. */
static char *ext_canon(unsigned long start, unsigned long end,
		       const char *state, const char *type, const char *map,
		       long order, long node, bool has_pfn, u64 pfn)
{
	struct sbuf b = { 0 };

	sb_printf(&b, "%lx-%lx state=%s type=%s", start, end, state,
		  type ? type : "(none)");
	if (map)
		sb_printf(&b, " map=%s", map);
	if (order >= 0)
		sb_printf(&b, " order=%ld", order);
	if (node >= 0)
		sb_printf(&b, " node=%ld", node);
	if (has_pfn)
		sb_printf(&b, " pfn=0x%llx", pfn);
	return b.s;
}

/* ---- the module's report ------------------------------------------------------ */

struct mvma {
	unsigned long start, end;
	char kind[16];
	struct rec r;
	struct exts x;
};

struct report {
	struct mvma *v;
	size_t n;
	struct rec task;
	bool has_task;
	u64 end_exts;
};

static void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		exts_free(&r->v[i].x);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Token @k's value in a record (up to @end); NULL if absent. */
static const char *tok(const char *line, const char *end, const char *k,
		       size_t *vlen)
{
	size_t kl = strlen(k);
	const char *p = line;

	while (p < end) {
		const char *t = p, *te = memchr(p, ' ', end - p);

		if (!te)
			te = end;
		if ((size_t)(te - t) > kl && !memcmp(t, k, kl) && t[kl] == '=') {
			*vlen = te - t - kl - 1;
			return t + kl + 1;
		}
		p = te + 1;
	}
	return NULL;
}

static bool tok_num(const char *line, const char *end, const char *k,
		    int base, u64 *v)
{
	size_t n;
	const char *s = tok(line, end, k, &n);
	char tmp[40], *e;

	if (!s || n == 0 || n >= sizeof(tmp) || *s == '-' || *s == '+')
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	*v = strtoull(tmp, &e, base);
	return !errno && *e == '\0';
}

/* Every key=value with a known key into @r; false on a bad number. */
static bool parse_rec(const char *line, const char *end, struct rec *r,
		      int *bad)
{
	const char *p = line;

	while (p < end) {
		const char *t = p, *te = memchr(p, ' ', end - p), *eq;
		int k;

		if (!te)
			te = end;
		eq = memchr(t, '=', te - t);
		if (eq && (k = key_index(t, eq - t)) >= 0) {
			char tmp[40], *e;
			size_t n = te - eq - 1;
			long long sv;

			if (n == 0 || n >= sizeof(tmp)) {
				*bad = k;
				return false;
			}
			memcpy(tmp, eq + 1, n);
			tmp[n] = '\0';
			errno = 0;
			if (k == K_OOM) {
				sv = strtoll(tmp, &e, 10);
				r->v[k] = (u64)sv;
			} else {
				r->v[k] = strtoull(tmp, &e, 10);
			}
			if (errno || *e || tmp[0] == '+' ||
			    (k != K_OOM && tmp[0] == '-')) {
				*bad = k;
				return false;
			}
			r->have[k] = true;
		}
		p = te + 1;
	}
	return true;
}

static char *ext_from_record(const char *p, const char *nl, unsigned long *s,
			     unsigned long *e, int *state, long *ord,
			     bool *has_pfn, u64 *pfnp)
{
	const char *st, *ty, *mp;
	size_t stl, tyl, mpl;
	u64 a, b, order, node, pfn;
	bool ho, hn, hp;
	char *sts, *tys, *mps, *c;

	if (!tok_num(p, nl, "start", 16, &a) || !tok_num(p, nl, "end", 16, &b))
		return NULL;
	*s = a;
	*e = b;
	st = tok(p, nl, "state", &stl);
	ty = tok(p, nl, "type", &tyl);
	mp = tok(p, nl, "map", &mpl);
	ho = tok_num(p, nl, "order", 10, &order);
	hn = tok_num(p, nl, "node", 10, &node);
	hp = tok_num(p, nl, "pfn", 16, &pfn);
	sts = st ? xstrndup(st, stl) : xstrdup("(none)");
	tys = ty ? xstrndup(ty, tyl) : NULL;
	mps = mp ? xstrndup(mp, mpl) : NULL;
	*state = -1;
	for (int i = 0; i < NSTATE; i++)
		if (!strcmp(sts, st_names[i]))
			*state = i;
	c = ext_canon(a, b, sts, tys, mps, ho ? (long)order : -1,
		      hn ? (long)node : -1, hp, pfn);
	*ord = ho ? (long)order : -1;
	*has_pfn = hp;
	*pfnp = hp ? pfn : 0;
	free(sts);
	free(tys);
	free(mps);
	return c;
}

/*
 * Parse a report of @pid; NULL when well formed, else a message (static).
 * @text is modified (lines are terminated in place).
 */
static const char *parse_report(char *text, pid_t pid, struct report *r)
{
	static char msg[512];
	char *pos = text, *p;
	bool ended = false;
	int lineno = 0;
	u64 v, nvma = 0;

	while ((p = next_line(&pos))) {
		char *nl = p + strlen(p);

		lineno++;
		if (ended)
			return "records after the end record";
		if (lineno == 1) {
			if (strncmp(p, "vmscope version=1 ", 18))
				return "no header";
			if (!tok_num(p, nl, "pid", 10, &v) || (pid_t)v != pid) {
				snprintf(msg, sizeof(msg),
					 "header pid is not %d", pid);
				return msg;
			}
		} else if (!strncmp(p, "vma ", 4)) {
			struct mvma *m;
			size_t n;
			const char *k;
			int bad = -1;
			u64 a, b;

			if (!tok_num(p, nl, "start", 16, &a) ||
			    !tok_num(p, nl, "end", 16, &b)) {
				snprintf(msg, sizeof(msg),
					 "line %d: vma without start/end",
					 lineno);
				return msg;
			}
			r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
			m = &r->v[r->n++];
			memset(m, 0, sizeof(*m));
			m->start = a;
			m->end = b;
			k = tok(p, nl, "kind", &n);
			if (k && n < sizeof(m->kind))
				memcpy(m->kind, k, n);
			/* name= is last: cut it off before reading numbers */
			k = strstr(p, " name=");
			if (!parse_rec(p, k ? k : nl, &m->r, &bad)) {
				snprintf(msg, sizeof(msg),
					 "line %d: bad value of %s", lineno,
					 key_name(bad));
				return msg;
			}
			if (r->n > 1 && m->start < r->v[r->n - 2].end) {
				snprintf(msg, sizeof(msg),
					 "vma 0x%lx: not sorted or overlapping",
					 m->start);
				return msg;
			}
			nvma++;
		} else if (!strncmp(p, "ext ", 4)) {
			unsigned long s, e;
			int state;
			long ord;
			bool hp;
			u64 pfn;
			struct ext *x;
			char *c;

			if (!r->n) {
				snprintf(msg, sizeof(msg),
					 "line %d: ext before any vma", lineno);
				return msg;
			}
			c = ext_from_record(p, nl, &s, &e, &state, &ord, &hp,
					    &pfn);
			if (!c) {
				snprintf(msg, sizeof(msg),
					 "line %d: ext without start/end",
					 lineno);
				return msg;
			}
			x = exts_add(&r->v[r->n - 1].x, s, e, state, c);
			x->order = ord;
			x->has_pfn = hp;
			x->pfn = pfn;
		} else if (!strncmp(p, "task ", 5)) {
			int bad = -1;

			if (!parse_rec(p, nl, &r->task, &bad)) {
				snprintf(msg, sizeof(msg),
					 "task: bad value of %s", key_name(bad));
				return msg;
			}
			r->has_task = true;
		} else if (!strncmp(p, "end ", 4)) {
			if (strncmp(p, "end status=complete ", 20)) {
				snprintf(msg, sizeof(msg), "report ends '%.200s'",
					 p);
				return msg;
			}
			if (tok_num(p, nl, "vmas", 10, &v) && nvma &&
			    v != nvma) {
				snprintf(msg, sizeof(msg),
					 "end vmas=%llu but %llu records", v,
					 nvma);
				return msg;
			}
			tok_num(p, nl, "exts", 10, &r->end_exts);
			ended = true;
		} else {
			snprintf(msg, sizeof(msg), "line %d: unknown record '%.40s'",
				 lineno, p);
			return msg;
		}
	}
	return ended ? NULL : "no end record (truncated report)";
}


/* ---- frames: kpageflags, kpagecount, nodes ---------------------------------- */

#define KB_PFNS		512
#define KC_SLOTS	1024

struct kblock {
	u64 base;		/* pfn / KB_PFNS */
	bool valid;
	u64 flags[KB_PFNS];
	u64 count[KB_PFNS];
};

static struct kblock *kcache;
static int kpf_fd = -1, kpc_fd = -1;
static const char *kpf_err;

static void kcache_reset(void)
{
	if (!kcache)
		kcache = xcalloc(KC_SLOTS, sizeof(*kcache));
	for (int i = 0; i < KC_SLOTS; i++)
		kcache[i].valid = false;
}

static struct kblock *kblock(u64 pfn)
{
	u64 base = pfn / KB_PFNS;
	struct kblock *b = &kcache[base % KC_SLOTS];
	long n;

	if (b->valid && b->base == base)
		return b;
	b->base = base;
	b->valid = true;
	memset(b->count, 0, sizeof(b->count));
	for (int i = 0; i < KB_PFNS; i++)
		b->flags[i] = KF(KPF_NOPAGE);
	n = pread_full(kpf_fd, b->flags, sizeof(b->flags),
		       (off_t)(base * KB_PFNS * 8));
	if (n < 0)
		kpf_err = "cannot read /proc/kpageflags";
	n = pread_full(kpc_fd, b->count, sizeof(b->count),
		       (off_t)(base * KB_PFNS * 8));
	if (n < 0)
		kpf_err = "cannot read /proc/kpagecount";
	return b;
}

static u64 kpf(u64 pfn)
{
	return kblock(pfn)->flags[pfn % KB_PFNS];
}

static u64 kpc(u64 pfn)
{
	return kblock(pfn)->count[pfn % KB_PFNS];
}

/* The folio holding @pfn, from COMPOUND_HEAD/TAIL; false if inconsistent. */
static u64 fo_head = ~0ULL, fo_nr;

static bool folio_of(u64 pfn, u64 *head, int *order)
{
	u64 fl, h, nr;
	int o;

	if (pfn - fo_head < fo_nr) {
		*head = fo_head;
		for (o = 0; (1ULL << o) < fo_nr; o++)
			;
		*order = o;
		return true;
	}
	fl = kpf(pfn);
	if (!(fl & (KF(KPF_COMPOUND_HEAD) | KF(KPF_COMPOUND_TAIL)))) {
		*head = pfn;
		*order = 0;
		return true;
	}
	for (h = pfn; kpf(h) & KF(KPF_COMPOUND_TAIL); h--)
		if (h == 0 || pfn - h >= MAX_FOLIO)
			return false;
	if (!(kpf(h) & KF(KPF_COMPOUND_HEAD)))
		return false;
	for (nr = 1; nr < MAX_FOLIO && (kpf(h + nr) & KF(KPF_COMPOUND_TAIL));
	     nr++)
		;
	if (nr & (nr - 1))
		return false;
	fo_head = h;
	fo_nr = nr;
	for (o = 0; (1ULL << o) < nr; o++)
		;
	*head = h;
	*order = o;
	return true;
}

/* Memory block -> node, from /sys/devices/system/node/nodeN/memoryM. */
static short *block_node;
static size_t nblocks;
static u64 block_size;
static char nodes_list[256];

static void load_nodes(void)
{
	char *buf;
	DIR *d;
	struct dirent *e;

	if (read_file("/sys/devices/system/memory/block_size_bytes", &buf) > 0) {
		block_size = strtoull(buf, NULL, 16);
		free(buf);
	}
	if (!block_size)
		block_size = 128ULL << 20;
	d = opendir("/sys/devices/system/node");
	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[300];
		DIR *nd;
		struct dirent *m;
		int node;

		if (strncmp(e->d_name, "node", 4) ||
		    !isdigit((unsigned char)e->d_name[4]))
			continue;
		node = atoi(e->d_name + 4);
		if (node >= NNODE)
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/node/%s",
			 e->d_name);
		nd = opendir(path);
		if (!nd)
			continue;
		while ((m = readdir(nd))) {
			size_t blk;

			if (strncmp(m->d_name, "memory", 6) ||
			    !isdigit((unsigned char)m->d_name[6]))
				continue;
			blk = strtoul(m->d_name + 6, NULL, 10);
			if (blk >= nblocks) {
				size_t nn = blk + 1024;

				block_node = xrealloc(block_node,
						      nn * sizeof(*block_node));
				for (size_t i = nblocks; i < nn; i++)
					block_node[i] = -1;
				nblocks = nn;
			}
			block_node[blk] = (short)node;
		}
		closedir(nd);
	}
	closedir(d);
	/* "0-1,3" as the header's comma-separated list */
	if (read_file("/sys/devices/system/node/has_memory", &buf) > 0) {
		struct sbuf l = { 0 };
		char *p = buf;

		while (isdigit((unsigned char)*p)) {
			long a = strtol(p, &p, 10), b = a;

			if (*p == '-')
				b = strtol(p + 1, &p, 10);
			for (long n = a; n <= b && n < NNODE; n++)
				sb_printf(&l, "%s%ld", l.len ? "," : "", n);
			if (*p == ',')
				p++;
		}
		snprintf(nodes_list, sizeof(nodes_list), "%s", sb_str(&l));
		sb_free(&l);
		free(buf);
	}
	/*
	 * Without memory blocks in sysfs (no CONFIG_MEMORY_HOTPLUG) a frame's
	 * node is only known on a single-node machine; elsewhere say so, and
	 * the node comparisons fail rather than blame node 0.
	 */
	if (!nblocks && strchr(nodes_list, ','))
		printf("# vmscope-acct: no memory blocks under /sys/devices/system/node: the node of a frame is unknown\n");
}

static int pfn_node(u64 pfn)
{
	u64 blk = pfn * PG / block_size;

	if (blk < nblocks && block_node[blk] >= 0)
		return block_node[blk];
	/* Unknown, unless there is only one node to be on. */
	return nblocks || strchr(nodes_list, ',') ? -1 : 0;
}

/* ---- the kernel's view of one process ---------------------------------------- */

enum {
	SM_SIZE, SM_KPS, SM_RSS, SM_PSS, SM_SHC, SM_SHD, SM_PRC, SM_PRD,
	SM_REF, SM_ANON, SM_KSM, SM_AHP, SM_SPM, SM_FPM, SM_SHH, SM_PRH,
	SM_SWAP, SM_LOCKED, NSM
};

static const char *const sm_names[NSM] = {
	"Size", "KernelPageSize", "Rss", "Pss", "Shared_Clean",
	"Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced",
	"Anonymous", "KSM", "AnonHugePages", "ShmemPmdMapped",
	"FilePmdMapped", "Shared_Hugetlb", "Private_Hugetlb", "Swap", "Locked",
};

/* How a VMA's pages could be derived from pagemap. */
enum {
	DM_PAGES,	/* page by page */
	DM_BIG,		/* > BIG_VMA: must be empty, not read per page */
	DM_OPAQUE,	/* PFN map or vsyscall: pagemap shows holes */
};

struct kvma {
	unsigned long start, end;
	char perms[5];
	u64 offset;
	unsigned long inode;
	unsigned int dmaj, dmin;
	char *name;		/* as maps prints it */
	char *vmflags;
	u64 sm[NSM];		/* kB */
	unsigned int sm_have;	/* bit per SM_* */
	bool numa_have;
	u64 numa_n[NNODE];	/* numa_maps NK= */
	u64 numa_kps;		/* kernelpagesize_kB */

	int vtype;		/* T_*: the VMA's type for non-present pages */
	bool hugetlb, pfnmap, locked, vsyscall;
	int mode;		/* DM_* */
	struct rec d;		/* the vma fields, derived from the kernel */
	u64 pss_fixed, locked_fixed;
	u64 resv[NNODE];	/* bytes of reserved pages, per node */
	u64 kref;		/* rss bytes whose folio is PG_referenced */
	bool map_guess;		/* PMD mapping inferred, not read */
	struct exts x, xp;	/* extents without and with pfn */
	char *problem;		/* the derivation failed: why */
};

struct ksnap {
	pid_t pid;
	struct kvma *v;
	size_t n;
	u64 roll[NSM];
	unsigned int roll_have;
	bool have_vmpte;
	u64 vmpte, minflt, majflt;
	long long oom;
	char *comm;
	struct sbuf blob;	/* everything, for comparing two reads */
	char *err;
};

static void ksnap_free(struct ksnap *k)
{
	for (size_t i = 0; i < k->n; i++) {
		struct kvma *v = &k->v[i];

		free(v->name);
		free(v->vmflags);
		free(v->problem);
		exts_free(&v->x);
		exts_free(&v->xp);
	}
	free(k->v);
	free(k->comm);
	free(k->err);
	sb_free(&k->blob);
	memset(k, 0, sizeof(*k));
}

static u64 smv(const struct kvma *v, int i)
{
	return v->sm[i];
}

static bool smh(const struct kvma *v, int i)
{
	return v->sm_have & (1u << i);
}

static bool vmflag(const struct kvma *v, const char *f)
{
	const char *p = v->vmflags;
	size_t n = strlen(f);

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, f, n) && (p[n] == ' ' || p[n] == '\0'))
			return true;
		p = strchr(p, ' ');
	}
	return false;
}

/* "Key:   123 kB" into @sm/@have when Key is one of sm_names. */
static void parse_sm_line(const char *line, u64 *sm, unsigned int *have)
{
	const char *colon = strchr(line, ':');

	if (!colon)
		return;
	for (int i = 0; i < NSM; i++)
		if (strlen(sm_names[i]) == (size_t)(colon - line) &&
		    !memcmp(sm_names[i], line, colon - line)) {
			sm[i] = strtoull(colon + 1, NULL, 10);
			*have |= 1u << i;
			return;
		}
}

static bool parse_maps_header(char *line, struct kvma *v)
{
	int off = 0;

	if (!isxdigit((unsigned char)line[0]))
		return false;
	if (sscanf(line, "%lx-%lx %4s %llx %x:%x %lu %n", &v->start, &v->end,
		   v->perms, &v->offset, &v->dmaj, &v->dmin, &v->inode,
		   &off) < 7 || !off)
		return false;
	while (line[off] == ' ')
		off++;
	v->name = xstrdup(line + off);
	return true;
}

static const char *parse_smaps(char *buf, struct ksnap *k)
{
	char *pos = buf, *line;
	struct kvma *cur = NULL;

	while ((line = next_line(&pos))) {
		struct kvma tmp = { 0 };

		if (parse_maps_header(line, &tmp)) {
			k->v = xrealloc(k->v, (k->n + 1) * sizeof(*k->v));
			cur = &k->v[k->n++];
			*cur = tmp;
			continue;
		}
		if (!cur)
			return "smaps: field before any VMA";
		if (!strncmp(line, "VmFlags:", 8)) {
			free(cur->vmflags);
			cur->vmflags = xstrdup(line + 8);
		} else {
			parse_sm_line(line, cur->sm, &cur->sm_have);
		}
	}
	return NULL;
}

static void parse_numa_maps(char *buf, struct ksnap *k)
{
	char *pos = buf, *line;
	size_t vi = 0;

	while ((line = next_line(&pos))) {
		unsigned long start = strtoul(line, NULL, 16);
		struct kvma *v = NULL;
		char *p;

		while (vi < k->n && k->v[vi].start < start)
			vi++;
		if (vi < k->n && k->v[vi].start == start)
			v = &k->v[vi];
		if (!v)
			continue;
		v->numa_have = true;
		v->numa_kps = 4;
		for (p = strchr(line, ' '); p; p = strchr(p + 1, ' ')) {
			const char *t = p + 1;

			if (t[0] == 'N' && isdigit((unsigned char)t[1])) {
				char *e;
				long n = strtol(t + 1, &e, 10);

				if (*e == '=' && n >= 0 && n < NNODE)
					v->numa_n[n] = strtoull(e + 1, NULL, 10);
			} else if (!strncmp(t, "kernelpagesize_kB=", 18)) {
				v->numa_kps = strtoull(t + 18, NULL, 10);
			}
		}
	}
}

/* ---- deriving the vma fields from pagemap ----------------------------------- */

struct pinfo {
	u64 pfn;
	u64 mapcount;
	unsigned char state, type, map, order;
	short node;
	bool ksm, reserved, softdirty, referenced;
};

static bool scan_unsupported;	/* no PAGEMAP_SCAN (before 6.7) */

static void __attribute__((format(printf, 2, 3)))
problem(struct kvma *v, const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	if (v->problem)
		return;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	v->problem = b.s;
}

/* Pages of @v mapped at PMD (or PUD) level, from PAGEMAP_SCAN. */
static int pmd_scan(int pmfd, const struct kvma *v, unsigned char *pmd)
{
	struct vms_page_region reg[64];
	struct vms_pm_scan_arg a;
	u64 addr = v->start;

	while (addr < v->end) {
		long n;

		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.start = addr;
		a.end = v->end;
		a.vec = (u64)(uintptr_t)reg;
		a.vec_len = ARRAY_SIZE(reg);
		a.category_mask = VMS_PAGE_IS_HUGE;
		a.return_mask = VMS_PAGE_IS_HUGE | VMS_PAGE_IS_PRESENT;
		n = ioctl(pmfd, VMS_PAGEMAP_SCAN, &a);
		if (n < 0)
			return -errno;
		for (long i = 0; i < n; i++) {
			u64 s = reg[i].start, e = reg[i].end;

			if (!(reg[i].categories & VMS_PAGE_IS_PRESENT))
				continue;
			if (s < v->start)
				s = v->start;
			if (e > v->end)
				e = v->end;
			for (u64 p = s; p < e; p += PG)
				pmd[(p - v->start) / PG] = 1;
		}
		if (a.walk_end <= addr)
			return -EIO;
		addr = a.walk_end;
	}
	return 0;
}

/*
 * Without PAGEMAP_SCAN: a folio of order 9 filling an aligned 2 MiB range
 * of the VMA in order is PMD-mapped, if smaps' THP total agrees (a
 * PTE-mapped THP looks the same in pagemap).
 */
static void pmd_guess(struct kvma *v, struct pinfo *pi, unsigned char *pmd)
{
	u64 first = (v->start + (2ULL << 20) - 1) & ~((2ULL << 20) - 1);
	u64 thp = (smv(v, SM_AHP) + smv(v, SM_SPM) + smv(v, SM_FPM)) * 1024;
	u64 cand = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (u64 a = first; a + (2ULL << 20) <= v->end; a += 2ULL << 20) {
			size_t i0 = (a - v->start) / PG, j;
			struct pinfo *q = &pi[i0];

			if ((q->state != ST_PRESENT && q->state != ST_ZERO) ||
			    q->order != 9 || q->pfn % 512 ||
			    !(kpf(q->pfn) & KF(KPF_COMPOUND_HEAD)))
				continue;
			for (j = 1; j < 512; j++)
				if (pi[i0 + j].state != q->state ||
				    pi[i0 + j].pfn != q->pfn + j)
					break;
			if (j < 512)
				continue;
			if (pass == 0) {
				if (q->state == ST_PRESENT)
					cand += 2ULL << 20;
				continue;
			}
			memset(pmd + i0, 1, 512);
		}
		if (pass == 0 && cand != thp) {
			if (cand < thp) {
				problem(v, "smaps THP %llu bytes but only %llu bytes could be PMD-mapped",
					thp, cand);
				return;
			}
			v->map_guess = true;
		}
	}
}

/*
 * Swapped-out pages of a shmem mapping leave no entry: smaps counts them
 * from the object. Place them: pages with no entry whose file offset holds
 * data (SEEK_DATA counts swap entries as data) and that are not in memory
 * (mincore). They must add up to smaps Swap minus the swap entries.
 */
static void place_shmem_swap(pid_t pid, struct kvma *v, struct pinfo *pi,
			     u64 npages, u64 want)
{
	char path[128];
	unsigned char *in = NULL;
	bool *data = xcalloc(npages, sizeof(bool));
	u64 found = 0, i;
	off_t pos, base = (off_t)v->offset, end = base + (off_t)(npages * PG);
	void *m;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/map_files/%lx-%lx", pid,
		 v->start, v->end);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		problem(v, "shmem swap: open %s: %s", path, strerror(errno));
		free(data);
		return;
	}
	for (pos = base; pos < end;) {
		off_t d = lseek(fd, pos, SEEK_DATA), h;

		if (d < 0 || d >= end)
			break;
		h = lseek(fd, d, SEEK_HOLE);
		if (h < 0 || h > end)
			h = end;
		for (off_t o = d; o < h; o += PG)
			data[(o - base) / PG] = true;
		pos = h;
	}
	for (i = 0; i < npages; i++)
		if (pi[i].state == ST_NONE && data[i])
			found++;
	if (found != want / PG) {
		/* Some of those are still in memory, unmapped here. */
		m = mmap(NULL, npages * PG, PROT_READ, MAP_SHARED, fd, base);
		in = xcalloc(npages, 1);
		if (m == MAP_FAILED || mincore(m, npages * PG, in)) {
			problem(v, "shmem swap: mincore: %s", strerror(errno));
			goto out;
		}
		munmap(m, npages * PG);
		found = 0;
		for (i = 0; i < npages; i++) {
			data[i] = data[i] && !(in[i] & 1);
			if (pi[i].state == ST_NONE && data[i])
				found++;
		}
	}
	if (found != want / PG) {
		problem(v, "shmem swap: smaps counts %llu swapped pages without entry, %llu found",
			want / PG, found);
		goto out;
	}
	for (i = 0; i < npages; i++)
		if (pi[i].state == ST_NONE && data[i])
			pi[i].state = ST_SWAP;
out:
	free(in);
	free(data);
	close(fd);
}

/*
 * The frame a zero-page entry maps again and again: the 4 KiB zero page
 * itself, or the first frame of the huge zero page (pagemap gives each
 * 4 KiB part of a PMD mapping its own frame).
 */
static u64 zero_base(const struct pinfo *q, unsigned long addr)
{
	return q->map == M_PMD ? q->pfn - ((addr / PG) & 511) : q->pfn;
}

/* Does page @b (at @addr_b) continue the run of page @a (at @addr_a)? */
static bool same_run(const struct pinfo *a, unsigned long addr_a,
		     const struct pinfo *b, unsigned long addr_b, bool pfn)
{
	if (a->state != b->state || a->type != b->type)
		return false;
	if (a->state != ST_PRESENT && a->state != ST_ZERO)
		return true;
	if (a->map != b->map || a->order != b->order || a->node != b->node)
		return false;
	if (!pfn)
		return true;
	/* format.rst: zero runs go on while they map the same zero page */
	if (a->state == ST_ZERO)
		return zero_base(a, addr_a) == zero_base(b, addr_b);
	return b->pfn == a->pfn + 1;
}

static void add_page_ext(struct exts *x, const struct kvma *v,
			 const struct pinfo *q, u64 i0, u64 i1, bool pfn)
{
	unsigned long s = v->start + i0 * PG, e = v->start + i1 * PG;
	bool mapped = q->state == ST_PRESENT || q->state == ST_ZERO;
	struct ext *r;

	r = exts_add(x, s, e, q->state,
		     ext_canon(s, e, st_names[q->state], t_names[q->type],
			       mapped ? m_names[q->map] : NULL,
			       mapped ? q->order : -1, mapped ? q->node : -1,
			       pfn && mapped, q->pfn));
	r->order = mapped ? q->order : -1;
	r->has_pfn = pfn && mapped;
	r->pfn = q->pfn;
}

static int vma_type(pid_t pid, const struct kvma *v)
{
	char path[128];
	struct statfs st;
	int fd;

	if (!v->inode)
		return T_ANON;
	snprintf(path, sizeof(path), "/proc/%d/map_files/%lx-%lx", pid,
		 v->start, v->end);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return v->name[0] ? T_FILE : T_ANON;
	if (fstatfs(fd, &st))
		st.f_type = 0;
	close(fd);
	return st.f_type == TMPFS_MAGIC ? T_SHMEM : T_FILE;
}

static void derive(pid_t pid, int pmfd, struct kvma *v)
{
	u64 vsz = v->end - v->start, npages = vsz / PG, i, pmswap = 0;
	u64 kps = smh(v, SM_KPS) ? smv(v, SM_KPS) * 1024 : PG;
	struct pinfo *pi;
	unsigned char *pmd;
	u64 *pm;
	long n;
	int horder = 0;

	v->hugetlb = vmflag(v, "ht");
	v->pfnmap = vmflag(v, "pf");
	v->locked = vmflag(v, "lo");
	v->vsyscall = !strcmp(v->name, "[vsyscall]");
	v->vtype = vma_type(pid, v);
	for (size_t k = 0; k < ARRAY_SIZE(vma_required); k++)
		rec_set(&v->d, vma_required[k], 0);
	v->d.have[K_PGTABLES] = false;	/* nothing to derive it from */
	rec_set(&v->d, K_VSZ, vsz);
	rec_set(&v->d, K_HPAGE, kps);
	/* Only smaps knows: entry young and dirty bits. */
	rec_set(&v->d, K_YOUNG, smv(v, SM_REF) * 1024);
	rec_set(&v->d, K_DIRTY, (smv(v, SM_SHD) + smv(v, SM_PRD)) * 1024);

	if (v->vsyscall || v->pfnmap) {
		/* pagemap shows holes: none and other cannot be told apart */
		v->mode = DM_OPAQUE;
		rec_set(&v->d, K_NONE, vsz);
		exts_add(&v->x, v->start, v->end, ST_NONE,
			 ext_canon(v->start, v->end, "none",
				   t_names[v->vtype], NULL, -1, -1, false, 0));
		exts_add(&v->xp, v->start, v->end, ST_NONE,
			 ext_canon(v->start, v->end, "none",
				   t_names[v->vtype], NULL, -1, -1, false, 0));
		return;
	}
	if (vsz > BIG_VMA) {
		v->mode = DM_BIG;
		if (smv(v, SM_RSS) || smv(v, SM_SWAP) || smv(v, SM_SHH) ||
		    smv(v, SM_PRH))
			problem(v, "a VMA over 4 GiB with resident or swapped pages (Rss %llu kB, Swap %llu kB): not walked per page",
				smv(v, SM_RSS), smv(v, SM_SWAP));
		rec_set(&v->d, K_NONE, vsz);
		exts_add(&v->x, v->start, v->end, ST_NONE,
			 ext_canon(v->start, v->end, "none",
				   t_names[v->vtype], NULL, -1, -1, false, 0));
		exts_add(&v->xp, v->start, v->end, ST_NONE,
			 ext_canon(v->start, v->end, "none",
				   t_names[v->vtype], NULL, -1, -1, false, 0));
		return;
	}
	v->mode = DM_PAGES;
	while ((PG << horder) < kps)
		horder++;

	pm = xcalloc(npages, sizeof(*pm));
	n = pread_full(pmfd, pm, npages * sizeof(*pm),
		       (off_t)(v->start / PG * sizeof(*pm)));
	if (n < 0) {
		problem(v, "pagemap: %s", strerror(-n));
		free(pm);
		return;
	}
	pi = xcalloc(npages, sizeof(*pi));
	pmd = xcalloc(npages, 1);
	fo_head = ~0ULL;
	fo_nr = 0;

	for (i = 0; i < npages; i++) {
		struct pinfo *q = &pi[i];
		u64 e = pm[i], pfn, fl, head, hf;
		int order;

		q->node = -1;
		q->type = v->vtype;
		q->map = M_PTE;
		if (!(e & (PM_PRESENT | PM_SWAP))) {
			q->state = ST_NONE;
			continue;
		}
		if (!(e & PM_PRESENT)) {
			/* bits 0-4: swap type; special types are not swap */
			q->state = (e & 0x1f) < SWP_TYPES ? ST_SWAP : ST_OTHER;
			if (q->state == ST_SWAP)
				pmswap += PG;
			continue;
		}
		pfn = e & PM_PFN_MASK;
		fl = kpf(pfn);
		q->pfn = pfn;
		if (fl & KF(KPF_NOPAGE)) {
			q->state = ST_OTHER;
			continue;
		}
		q->node = (short)pfn_node(pfn);
		if (q->node < 0)
			problem(v, "pfn 0x%llx: no node owns its memory block",
				pfn);
		if (v->hugetlb) {
			q->state = ST_PRESENT;
			q->type = fl & KF(KPF_ANON) ? T_ANON : T_FILE;
			q->order = horder;
			q->map = kps >= (1ULL << 30) ? M_PUD :
				 kps >= (2ULL << 20) ? M_PMD : M_PTE;
			continue;
		}
		if (!folio_of(pfn, &head, &order)) {
			problem(v, "pfn 0x%llx: compound page flags do not make a folio",
				pfn);
			head = pfn;
			order = 0;
		}
		hf = kpf(head);
		q->order = order;
		if (fl & KF(KPF_ZERO_PAGE)) {
			q->state = ST_ZERO;
			continue;
		}
		q->state = ST_PRESENT;
		q->type = hf & KF(KPF_ANON) ? T_ANON :
			  hf & KF(KPF_SWAPBACKED) ? T_SHMEM : T_FILE;
		q->ksm = hf & KF(KPF_KSM);
		q->reserved = (fl | hf) & KF(KPF_RESERVED_BIT);
		q->softdirty = e & PM_SOFT_DIRTY;
		q->referenced = hf & KF(KPF_REFERENCED);
		q->mapcount = kpc(pfn);
	}
	free(pm);

	if (!v->hugetlb) {
		int err = scan_unsupported ? -ENOTTY : pmd_scan(pmfd, v, pmd);

		if (err == -ENOTTY || err == -EINVAL) {
			scan_unsupported = true;
			pmd_guess(v, pi, pmd);
		} else if (err) {
			problem(v, "PAGEMAP_SCAN: %s", strerror(-err));
		}
		for (i = 0; i < npages; i++)
			if (pmd[i] && (pi[i].state == ST_PRESENT ||
				       pi[i].state == ST_ZERO))
				pi[i].map = M_PMD;
	}

	if (v->vtype == T_SHMEM && !v->hugetlb) {
		u64 sw = smv(v, SM_SWAP) * 1024;

		if (sw < pmswap)
			problem(v, "smaps Swap %llu bytes < %llu bytes of swap entries",
				sw, pmswap);
		else if (sw > pmswap)
			place_shmem_swap(pid, v, pi, npages, sw - pmswap);
	}

	/* Count, and cut the extents. */
	{
		u64 r0 = 0, rp0 = 0;
		bool sd = vmflag(v, "sd");

		for (i = 0; i < npages; i++) {
			struct pinfo *q = &pi[i];
			static const int skey[NSTATE] = {
				K_RSS, K_ZERO, K_SWAP, K_NONE, K_OTHER,
			};

			if (q->state == ST_PRESENT) {
				int nk = q->node >= 0 && q->node < NNODE ?
					 K_N0 + q->node : -1;

				if (nk >= 0)
					rec_add(&v->d, nk, PG);
				if (!i || pi[i - 1].state != ST_PRESENT ||
				    pi[i - 1].pfn + 1 != q->pfn)
					rec_add(&v->d, K_RUNS, 1);
			}
			if (q->state == ST_PRESENT && v->hugetlb) {
				rec_add(&v->d, K_HUGETLB, PG);
			} else if (q->state == ST_PRESENT) {
				u64 pss = PG << PSS_SHIFT;

				rec_add(&v->d, K_RSS, PG);
				rec_add(&v->d, q->type == T_ANON ? K_ANON :
					       q->type == T_SHMEM ? K_SHMEM :
					       K_FILE, PG);
				rec_add(&v->d, K_O0 + q->order, PG);
				if (q->map != M_PTE)
					rec_add(&v->d, K_THP, PG);
				if (q->ksm)
					rec_add(&v->d, K_KSM, PG);
				if (q->referenced)
					v->kref += PG;
				if (q->softdirty || sd)
					rec_add(&v->d, K_SOFTDIRTY, PG);
				if (q->mapcount >= 2) {
					pss /= q->mapcount;
					rec_add(&v->d, K_SHARED, PG);
				} else {
					rec_add(&v->d, K_PRIVATE, PG);
					rec_add(&v->d, K_USS, PG);
				}
				v->pss_fixed += pss;
				if (v->locked)
					v->locked_fixed += pss;
				if (q->reserved && q->node >= 0 &&
				    q->node < NNODE)
					v->resv[q->node] += PG;
			} else {
				rec_add(&v->d, skey[q->state], PG);
			}
			if (i && !same_run(&pi[i - 1], v->start + (i - 1) * PG,
					   q, v->start + i * PG, false)) {
				add_page_ext(&v->x, v, &pi[r0], r0, i, false);
				r0 = i;
			}
			if (i && !same_run(&pi[i - 1], v->start + (i - 1) * PG,
					   q, v->start + i * PG, true)) {
				add_page_ext(&v->xp, v, &pi[rp0], rp0, i, true);
				rp0 = i;
			}
		}
		if (npages) {
			add_page_ext(&v->x, v, &pi[r0], r0, npages, false);
			add_page_ext(&v->xp, v, &pi[rp0], rp0, npages, true);
		}
	}
	rec_set(&v->d, K_PSS, v->pss_fixed >> PSS_SHIFT);
	rec_set(&v->d, K_LOCKED, v->locked_fixed >> PSS_SHIFT);
	/*
	 * 6.12's kpageflags sets KPF_KSM on every anonymous page (it tests
	 * mapping & PAGE_MAPPING_KSM, which PAGE_MAPPING_ANON satisfies):
	 * where smaps has a KSM line, take it instead.
	 */
	if (smh(v, SM_KSM))
		rec_set(&v->d, K_KSM, smv(v, SM_KSM) * 1024);
	if (v->map_guess)
		rec_set(&v->d, K_THP, (smv(v, SM_AHP) + smv(v, SM_SPM) +
				       smv(v, SM_FPM)) * 1024);
	rec_set(&v->d, K_LARGE, 0);
	for (int o = 1; o < NORD; o++)
		v->d.v[K_LARGE] += rec_get(&v->d, K_O0 + o);
	v->d.v[K_LARGE] -= v->d.v[K_THP];
	free(pi);
	free(pmd);
}

/* ---- one read of the kernel's files ------------------------------------------ */

static void blob_rec(struct sbuf *b, const struct rec *r)
{
	for (int k = 0; k < NKEYS; k++)
		if (r->have[k] && (k < K_NAMED || r->v[k]))
			sb_printf(b, " %s=%llu", key_name(k), r->v[k]);
}

static void blob_vma(struct sbuf *b, const struct kvma *v)
{
	sb_printf(b, "vma %lx-%lx %s %llx %lu %s|%s|", v->start, v->end,
		  v->perms, v->offset, v->inode, v->name,
		  v->vmflags ? v->vmflags : "");
	for (int i = 0; i < NSM; i++)
		if (smh(v, i))
			sb_printf(b, " %s=%llu", sm_names[i], v->sm[i]);
	sb_printf(b, "\n numa kps=%llu", v->numa_kps);
	for (int i = 0; i < NNODE; i++)
		if (v->numa_n[i] || v->resv[i])
			sb_printf(b, " N%d=%llu+%llu", i, v->numa_n[i],
				  v->resv[i]);
	sb_printf(b, "\n derived mode=%d type=%d pss=%llu locked=%llu guess=%d kref=%llu",
		  v->mode, v->vtype, v->pss_fixed, v->locked_fixed,
		  v->map_guess, v->kref);
	blob_rec(b, &v->d);
	sb_printf(b, "\n problem=%s\n", v->problem ? v->problem : "");
	for (size_t i = 0; i < v->x.n; i++)
		sb_printf(b, " x %s\n", v->x.e[i].canon);
	for (size_t i = 0; i < v->xp.n; i++)
		sb_printf(b, " xp %s\n", v->xp.e[i].canon);
}

/* Read everything the kernel says about @pid. k->err is set on failure. */
static void ksnap_read(pid_t pid, struct ksnap *k)
{
	char path[128], *buf = NULL, *pos, *line;
	const char *err;
	int pmfd;
	long n;

	memset(k, 0, sizeof(*k));
	k->pid = pid;
	kcache_reset();
	kpf_err = NULL;

	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	n = read_file(path, &buf);
	if (n < 0) {
		k->err = xasprintf("%s: %s", path, strerror(-n));
		return;
	}
	err = parse_smaps(buf, k);
	free(buf);
	if (err) {
		k->err = xstrdup(err);
		return;
	}

	snprintf(path, sizeof(path), "/proc/%d/numa_maps", pid);
	if (read_file(path, &buf) >= 0) {
		parse_numa_maps(buf, k);
		free(buf);
	}

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	n = read_file(path, &buf);
	if (n < 0) {
		k->err = xasprintf("%s: %s", path, strerror(-n));
		return;
	}
	pos = buf;
	while ((line = next_line(&pos)))
		parse_sm_line(line, k->roll, &k->roll_have);
	free(buf);

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (read_file(path, &buf) >= 0) {
		pos = buf;
		while ((line = next_line(&pos)))
			if (!strncmp(line, "VmPTE:", 6)) {
				k->vmpte = strtoull(line + 6, NULL, 10) * 1024;
				k->have_vmpte = true;
			}
		free(buf);
	}

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, &buf) > 0) {
		char *rp = strrchr(buf, ')'), *lp = strchr(buf, '(');
		/* fields from 3 on, after "pid (comm)" */
		u64 f[16] = { 0 };
		int i = 3;

		if (lp && rp && rp > lp)
			k->comm = xstrndup(lp + 1, rp - lp - 1);
		for (char *t = rp ? rp + 2 : NULL; t && i < 16; i++) {
			f[i] = strtoull(t, NULL, 10);
			t = strchr(t, ' ');
			if (t)
				t++;
		}
		k->minflt = f[10];
		k->majflt = f[12];
		free(buf);
	}
	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", pid);
	if (read_file(path, &buf) > 0) {
		k->oom = strtoll(buf, NULL, 10);
		free(buf);
	}

	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	pmfd = open(path, O_RDONLY);
	if (pmfd < 0) {
		k->err = xasprintf("%s: %s", path, strerror(errno));
		return;
	}
	for (size_t i = 0; i < k->n; i++)
		derive(pid, pmfd, &k->v[i]);
	close(pmfd);
	if (kpf_err) {
		k->err = xstrdup(kpf_err);
		return;
	}

	for (size_t i = 0; i < k->n; i++)
		blob_vma(&k->blob, &k->v[i]);
	sb_printf(&k->blob, "rollup");
	for (int i = 0; i < NSM; i++)
		if (k->roll_have & (1u << i))
			sb_printf(&k->blob, " %s=%llu", sm_names[i], k->roll[i]);
	sb_printf(&k->blob, "\nvmpte=%llu minflt=%llu majflt=%llu oom=%lld\n",
		  k->vmpte, k->minflt, k->majflt, k->oom);
}

/* What changed between two reads, for the log. */
static char *ksnap_diff(const struct ksnap *a, const struct ksnap *b)
{
	const char *p = sb_str(&a->blob), *q = sb_str(&b->blob);
	const char *ls, *le;
	size_t i = 0;

	if (a->n != b->n)
		return xasprintf("VMA count %zu -> %zu", a->n, b->n);
	for (size_t v = 0; v < a->n; v++) {
		const struct kvma *x = &a->v[v], *y = &b->v[v];

		for (int s = 0; s < NSM; s++)
			if (x->sm[s] != y->sm[s])
				return xasprintf("vma %lx-%lx %s: smaps %s %llu kB -> %llu kB",
						 x->start, x->end, x->name,
						 sm_names[s], x->sm[s],
						 y->sm[s]);
		for (int k = 0; k < NKEYS; k++)
			if (x->d.v[k] != y->d.v[k])
				return xasprintf("vma %lx-%lx %s: pagemap %s %llu -> %llu",
						 x->start, x->end, x->name,
						 key_name(k), x->d.v[k],
						 y->d.v[k]);
	}
	while (p[i] && p[i] == q[i])
		i++;
	for (ls = p + i; ls > p && ls[-1] != '\n'; ls--)
		;
	le = strchr(ls, '\n');
	if (!le)
		le = ls + strlen(ls);
	return xasprintf("first changed line: '%.*s'", (int)(le - ls > 300 ? 300 : le - ls), ls);
}

/* ---- --expect: the report the module should print ----------------------------- */

static const char *guess_kind(const struct kvma *v)
{
	if (!strcmp(v->name, "[vdso]"))
		return "vdso";
	if (!strncmp(v->name, "[vvar", 5))
		return "vvar";
	if (v->vsyscall)
		return "vsyscall";
	if (v->hugetlb)
		return "hugetlb";
	if (v->pfnmap)
		return "pfnmap";
	if (v->vtype == T_SHMEM)
		return "shmem";
	if (v->vtype == T_FILE)
		return "file";
	if (!strcmp(v->name, "[heap]"))
		return "heap";
	if (!strcmp(v->name, "[stack]"))
		return "stack";
	return "anon";
}

static void print_escaped(FILE *f, const char *s)
{
	/* maps escapes only the newline, as \012 */
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '\\' && !strncmp(s, "\\012", 4)) {
			fputs("\\012", f);
			s += 3;
		} else if (c <= ' ' || c >= 0x7f || c == '\\') {
			fprintf(f, "\\%03o", c);
		} else {
			fputc(c, f);
		}
	}
}

static void print_ext(FILE *f, const struct ext *e)
{
	const char *rest = strchr(e->canon, ' ');

	fprintf(f, "ext start=0x%lx end=0x%lx%s\n", e->start, e->end,
		rest ? rest : "");
}

static int expect_report(FILE *f, pid_t pid, bool pfn)
{
	struct ksnap k;
	struct rec task = { 0 };
	u64 pss = 0, locked = 0, nexts = 0;
	struct utsname u;

	ksnap_read(pid, &k);
	if (k.err) {
		fprintf(stderr, "vmscope-acct: %s\n", k.err);
		ksnap_free(&k);
		return 2;
	}
	uname(&u);
	fprintf(f, "vmscope version=1 pid=%d comm=", pid);
	print_escaped(f, k.comm ? k.comm : "");
	fprintf(f, " kernel=%s page_size=4096 nodes=%s time_ns=0 walk_ns=0\n",
	       u.release, nodes_list[0] ? nodes_list : "0");
	for (size_t i = 0; i < k.n; i++) {
		const struct kvma *v = &k.v[i];

		for (int key = 0; key < NKEYS; key++)
			if (v->d.have[key] && key != K_HPAGE)
				rec_add(&task, key, v->d.v[key]);
		pss += v->pss_fixed;
		locked += v->locked_fixed;
	}
	rec_set(&task, K_PSS, pss >> PSS_SHIFT);
	rec_set(&task, K_LOCKED, locked >> PSS_SHIFT);
	rec_set(&task, K_PGTABLES, k.vmpte);
	rec_set(&task, K_MINFLT, k.minflt);
	rec_set(&task, K_MAJFLT, k.majflt);
	fprintf(f, "task");
	for (int key = 0; key < NKEYS; key++)
		if (task.have[key] && (key < K_NAMED || task.v[key]) &&
		    key != K_OOM)
			fprintf(f, " %s=%llu", key_name(key), task.v[key]);
	fprintf(f, " oom_score_adj=%lld\n", k.oom);
	for (size_t i = 0; i < k.n; i++) {
		const struct kvma *v = &k.v[i];
		const struct exts *x = pfn ? &v->xp : &v->x;

		if (v->problem)
			fprintf(stderr, "vmscope-acct: vma %lx-%lx %s: %s\n",
				v->start, v->end, v->name, v->problem);
		fprintf(f, "vma start=0x%lx end=0x%lx perms=%s offset=0x%llx dev=%02x:%02x inode=%lu kind=%s",
		       v->start, v->end, v->perms, v->offset, v->dmaj, v->dmin,
		       v->inode, guess_kind(v));
		for (int key = 0; key < NKEYS; key++)
			if (v->d.have[key] && (key < K_NAMED || v->d.v[key]))
				fprintf(f, " %s=%llu", key_name(key), v->d.v[key]);
		if (!v->d.have[K_PGTABLES])
			fprintf(f, " pgtables=0");
		fprintf(f, " name=");
		print_escaped(f, v->name);
		fprintf(f, "\n");
		for (size_t j = 0; j < x->n; j++)
			print_ext(f, &x->e[j]);
		nexts += x->n;
	}
	fprintf(f, "end status=complete vmas=%zu exts=%llu\n", k.n, nexts);
	ksnap_free(&k);
	return 0;
}

static int cmd_expect(pid_t pid, bool pfn)
{
	return expect_report(stdout, pid, pfn);
}

/* ---- the checks -------------------------------------------------------------- */

struct expectation {
	pid_t pid;
	unsigned long addr;
	char key[16];
	char op[3];
	u64 val;
};

struct check {
	const char *label;	/* "WORKLOAD pid PID" */
	const struct ksnap *k;
	struct report *r;	/* "all" (or "summary vmas") */
	struct report *rp;	/* "extents pfn" */
	const char *rerr;	/* why there is no r */
	const char *rperr;	/* why there is no rp */
	int *match;		/* k->v[i] -> index in r->v, or -1 */
	int *matchp;		/* k->v[i] -> index in rp->v, or -1 */
};

static const char *vname(const struct kvma *v)
{
	return v->name[0] ? v->name : "[anon]";
}

#define VF	"vma %lx-%lx %s"
#define VA(v)	(v)->start, (v)->end, vname(v)

/* module field @k against @want from @src; false on mismatch */
static bool cmp(struct mism *m, const struct kvma *v, const struct rec *r,
		int k, u64 want, const char *src)
{
	if (!r->have[k] && k < K_O0) {
		mism_add(m, VF " field %s: module missing, %s %llu", VA(v),
			 key_name(k), src, want);
		return false;
	}
	if (rec_get(r, k) != want) {
		mism_add(m, VF " field %s: module %llu, %s %llu", VA(v),
			 key_name(k), rec_get(r, k), src, want);
		return false;
	}
	return true;
}

/* module bytes >> 10 against a kB figure (pss, locked) */
static void cmp_kb(struct mism *m, const struct kvma *v, const struct rec *r,
		   int k, u64 want_kb, const char *src)
{
	if (!r->have[k])
		mism_add(m, VF " field %s: module missing, %s %llu kB", VA(v),
			 key_name(k), src, want_kb);
	else if (r->v[k] >> 10 != want_kb)
		mism_add(m, VF " field %s: module %llu (%llu kB), %s %llu kB",
			 VA(v), key_name(k), r->v[k], r->v[k] >> 10, src,
			 want_kb);
}

static int match_vmas(const struct ksnap *k, const struct report *r,
		      int *match, struct mism *m)
{
	size_t i, j = 0;
	int n = 0;

	for (i = 0; i < k->n; i++) {
		const struct kvma *v = &k->v[i];

		match[i] = -1;
		while (j < r->n && r->v[j].start < v->start) {
			mism_add(m, "module vma %lx-%lx is not in smaps",
				 r->v[j].start, r->v[j].end);
			j++;
		}
		if (j < r->n && r->v[j].start == v->start &&
		    r->v[j].end == v->end) {
			match[i] = j++;
			n++;
		} else {
			mism_add(m, "smaps " VF " is not in the report", VA(v));
		}
	}
	for (; j < r->n; j++)
		mism_add(m, "module vma %lx-%lx is not in smaps",
			 r->v[j].start, r->v[j].end);
	return n;
}

static void check_report(struct check *c)
{
	struct mism m = { 0 };
	char name[256];
	int n = 0;

	if (c->r)
		n = match_vmas(c->k, c->r, c->match, &m);
	else
		mism_add(&m, "%s", c->rerr);
	snprintf(name, sizeof(name), "%s: report complete, its %d VMAs are smaps' %zu",
		 c->label, n, c->k->n);
	mism_tap(&m, name);
	if (c->rp) {
		struct mism mp = { 0 };

		n = match_vmas(c->k, c->rp, c->matchp, &mp);
		snprintf(name, sizeof(name), "%s: report with pfn complete, %d VMAs",
			 c->label, n);
		mism_tap(&mp, name);
	}
}

static void check_smaps(struct check *c)
{
	struct mism m = { 0 };
	char name[256];
	int n = 0;

	for (size_t i = 0; c->r && i < c->k->n; i++) {
		const struct kvma *v = &c->k->v[i];
		const struct rec *r;

		if (c->match[i] < 0)
			continue;
		r = &c->r->v[c->match[i]].r;
		n++;
		cmp(&m, v, r, K_RSS, smv(v, SM_RSS) * 1024, "smaps");
		cmp(&m, v, r, K_ANON, smv(v, SM_ANON) * 1024, "smaps");
		cmp(&m, v, r, K_SWAP, smv(v, SM_SWAP) * 1024, "smaps");
		cmp_kb(&m, v, r, K_PSS, smv(v, SM_PSS), "smaps");
		cmp(&m, v, r, K_SHARED,
		    (smv(v, SM_SHC) + smv(v, SM_SHD)) * 1024, "smaps");
		cmp(&m, v, r, K_PRIVATE,
		    (smv(v, SM_PRC) + smv(v, SM_PRD)) * 1024, "smaps");
		cmp(&m, v, r, K_USS, (smv(v, SM_PRC) + smv(v, SM_PRD)) * 1024,
		    "smaps");
		cmp(&m, v, r, K_DIRTY,
		    (smv(v, SM_SHD) + smv(v, SM_PRD)) * 1024, "smaps");
		cmp(&m, v, r, K_YOUNG, smv(v, SM_REF) * 1024, "smaps");
		cmp_kb(&m, v, r, K_LOCKED, smv(v, SM_LOCKED), "smaps");
		if (smh(v, SM_KSM))
			cmp(&m, v, r, K_KSM, smv(v, SM_KSM) * 1024, "smaps");
		cmp(&m, v, r, K_THP, (smv(v, SM_AHP) + smv(v, SM_SPM) +
				      smv(v, SM_FPM)) * 1024, "smaps");
		cmp(&m, v, r, K_HUGETLB,
		    (smv(v, SM_SHH) + smv(v, SM_PRH)) * 1024, "smaps");
		cmp(&m, v, r, K_HPAGE, smv(v, SM_KPS) * 1024, "smaps");
	}
	if (!c->r)
		mism_add(&m, "%s", c->rerr);
	snprintf(name, sizeof(name), "%s: smaps fields, %d VMAs", c->label, n);
	mism_tap(&m, name);
}

static void check_numa(struct check *c)
{
	struct mism m = { 0 };
	char name[256];
	int n = 0;

	for (size_t i = 0; c->r && i < c->k->n; i++) {
		const struct kvma *v = &c->k->v[i];
		const struct rec *r;

		if (c->match[i] < 0)
			continue;
		r = &c->r->v[c->match[i]].r;
		n++;
		if (!v->numa_have && v->mode != DM_OPAQUE) {
			mism_add(&m, VF ": no numa_maps line", VA(v));
			continue;
		}
		for (int node = 0; node < NNODE; node++)
			cmp(&m, v, r, K_N0 + node,
			    v->numa_n[node] * v->numa_kps * 1024 +
			    v->resv[node],
			    v->resv[node] ? "numa_maps+reserved" : "numa_maps");
	}
	if (!c->r)
		mism_add(&m, "%s", c->rerr);
	snprintf(name, sizeof(name), "%s: numa_maps nodes, %d VMAs", c->label,
		 n);
	mism_tap(&m, name);
}

static const int pm_keys[] = {
	K_RSS, K_ANON, K_FILE, K_SHMEM, K_ZERO, K_SWAP, K_NONE, K_OTHER,
	K_PSS, K_USS, K_SHARED, K_PRIVATE, K_SOFTDIRTY, K_LOCKED, K_KSM,
	K_THP, K_LARGE, K_HUGETLB, K_RUNS,
};

static void check_pagemap(struct check *c)
{
	struct mism m = { 0 };
	char name[256];
	int n = 0;

	for (size_t i = 0; c->r && i < c->k->n; i++) {
		const struct kvma *v = &c->k->v[i];
		const struct rec *r;

		if (c->match[i] < 0)
			continue;
		r = &c->r->v[c->match[i]].r;
		n++;
		if (v->problem) {
			mism_add(&m, VF ": the kernel's figures cannot be derived: %s",
				 VA(v), v->problem);
			continue;
		}
		for (size_t j = 0; j < ARRAY_SIZE(pm_keys); j++) {
			int k = pm_keys[j];

			if (v->mode == DM_OPAQUE && (k == K_NONE || k == K_OTHER))
				continue;
			cmp(&m, v, r, k, v->d.v[k], v->mode == DM_PAGES ?
			    "pagemap" : "expected");
		}
		if (v->mode == DM_OPAQUE &&
		    rec_get(r, K_NONE) + rec_get(r, K_OTHER) !=
		    v->end - v->start)
			mism_add(&m, VF " fields none+other: module %llu, pagemap (PFN map or gate page: holes) %lu",
				 VA(v), rec_get(r, K_NONE) + rec_get(r, K_OTHER),
				 v->end - v->start);
		for (int k = K_O0; k < K_N0; k++)
			cmp(&m, v, r, k, rec_get(&v->d, k), "kpageflags");
		for (int k = K_N0; k < NKEYS; k++)
			cmp(&m, v, r, k, rec_get(&v->d, k), "pfn nodes");
	}
	if (!c->r)
		mism_add(&m, "%s", c->rerr);
	snprintf(name, sizeof(name), "%s: pagemap+kpageflags+kpagecount figures, %d VMAs",
		 c->label, n);
	mism_tap(&m, name);
}

static void check_invariants(struct check *c)
{
	struct mism m = { 0 };
	struct rec sum = { 0 };
	char name[256];
	u64 pss = 0, locked = 0;

	for (size_t i = 0; c->r && i < c->r->n; i++) {
		const struct mvma *mv = &c->r->v[i];
		const struct rec *r = &mv->r;
		struct kvma vv = { .start = mv->start, .end = mv->end,
				   .name = (char *)"" };
		const struct kvma *v = &vv;
		u64 nsum = 0, osum = 0, ol = 0;
		bool ht = !strcmp(mv->kind, "hugetlb");

		for (size_t j = 0; j < c->k->n; j++)
			if (c->k->v[j].start == mv->start)
				v = &c->k->v[j];
		for (size_t j = 0; j < ARRAY_SIZE(vma_required); j++)
			if (!r->have[vma_required[j]])
				mism_add(&m, VF " field %s missing", VA(v),
					 key_name(vma_required[j]));
		for (int k = K_N0; k < NKEYS; k++)
			nsum += rec_get(r, k);
		for (int k = K_O0; k < K_N0; k++) {
			osum += rec_get(r, k);
			if (k > K_O0)
				ol += rec_get(r, k);
			if (ht && r->have[k])
				mism_add(&m, VF ": %s in a hugetlb VMA", VA(v),
					 key_name(k));
		}
#define INV(cond, fmt, ...) do { if (!(cond)) mism_add(&m, VF ": " fmt, VA(v), __VA_ARGS__); } while (0)
		INV(rec_get(r, K_VSZ) == mv->end - mv->start,
		    "vsz %llu != end - start", rec_get(r, K_VSZ));
		INV(rec_get(r, K_VSZ) == rec_get(r, K_RSS) +
		    rec_get(r, K_HUGETLB) + rec_get(r, K_ZERO) +
		    rec_get(r, K_SWAP) + rec_get(r, K_NONE) +
		    rec_get(r, K_OTHER),
		    "vsz %llu != rss+hugetlb+zero+swap+none+other %llu",
		    rec_get(r, K_VSZ), rec_get(r, K_RSS) +
		    rec_get(r, K_HUGETLB) + rec_get(r, K_ZERO) +
		    rec_get(r, K_SWAP) + rec_get(r, K_NONE) +
		    rec_get(r, K_OTHER));
		INV(nsum == rec_get(r, K_RSS) + rec_get(r, K_HUGETLB),
		    "sum(nK) %llu != rss+hugetlb %llu", nsum,
		    rec_get(r, K_RSS) + rec_get(r, K_HUGETLB));
		INV(rec_get(r, K_ANON) + rec_get(r, K_FILE) +
		    rec_get(r, K_SHMEM) == rec_get(r, K_RSS),
		    "anon+file+shmem %llu != rss %llu",
		    rec_get(r, K_ANON) + rec_get(r, K_FILE) +
		    rec_get(r, K_SHMEM), rec_get(r, K_RSS));
		INV(rec_get(r, K_SHARED) + rec_get(r, K_PRIVATE) ==
		    rec_get(r, K_RSS), "shared+private %llu != rss %llu",
		    rec_get(r, K_SHARED) + rec_get(r, K_PRIVATE),
		    rec_get(r, K_RSS));
		INV(rec_get(r, K_USS) == rec_get(r, K_PRIVATE),
		    "uss %llu != private %llu", rec_get(r, K_USS),
		    rec_get(r, K_PRIVATE));
		if (!ht) {
			INV(osum == rec_get(r, K_RSS), "sum(oK) %llu != rss %llu",
			    osum, rec_get(r, K_RSS));
			INV(ol == rec_get(r, K_LARGE) + rec_get(r, K_THP),
			    "o1+o2+... %llu != large+thp %llu", ol,
			    rec_get(r, K_LARGE) + rec_get(r, K_THP));
		}
		INV(rec_get(r, K_PSS) <= rec_get(r, K_RSS) &&
		    rec_get(r, K_LOCKED) <= rec_get(r, K_PSS) &&
		    rec_get(r, K_USS) <= rec_get(r, K_PSS),
		    "not uss %llu <= pss %llu <= rss %llu, locked %llu <= pss",
		    rec_get(r, K_USS), rec_get(r, K_PSS), rec_get(r, K_RSS),
		    rec_get(r, K_LOCKED));
		INV(rec_get(r, K_DIRTY) <= rec_get(r, K_RSS) &&
		    rec_get(r, K_YOUNG) <= rec_get(r, K_RSS) &&
		    rec_get(r, K_SOFTDIRTY) <= rec_get(r, K_RSS) &&
		    rec_get(r, K_KSM) <= rec_get(r, K_ANON) &&
		    rec_get(r, K_THP) <= rec_get(r, K_RSS),
		    "dirty %llu, young %llu, softdirty %llu, thp %llu not <= rss, or ksm %llu > anon",
		    rec_get(r, K_DIRTY), rec_get(r, K_YOUNG),
		    rec_get(r, K_SOFTDIRTY), rec_get(r, K_THP),
		    rec_get(r, K_KSM));
		INV(!rec_get(r, K_RUNS) ==
		    !(rec_get(r, K_RSS) + rec_get(r, K_HUGETLB)) &&
		    rec_get(r, K_RUNS) * PG <= rec_get(r, K_RSS) +
		    rec_get(r, K_HUGETLB),
		    "runs %llu for rss+hugetlb %llu", rec_get(r, K_RUNS),
		    rec_get(r, K_RSS) + rec_get(r, K_HUGETLB));
#undef INV
		for (int k = 0; k < NKEYS; k++)
			if (k != K_HPAGE && k != K_PGTABLES && r->have[k])
				rec_add(&sum, k, r->v[k]);
		pss += rec_get(r, K_PSS);
		locked += rec_get(r, K_LOCKED);
		rec_add(&sum, K_PGTABLES, rec_get(r, K_PGTABLES));
	}
	if (c->r && c->r->has_task) {
		const struct rec *t = &c->r->task;

		for (size_t j = 0; j < ARRAY_SIZE(task_required); j++)
			if (!t->have[task_required[j]])
				mism_add(&m, "task field %s missing",
					 key_name(task_required[j]));

		for (int k = 0; k < NKEYS; k++) {
			if (k == K_PSS || k == K_LOCKED || k == K_HPAGE ||
			    k == K_PGTABLES || k == K_MINFLT ||
			    k == K_MAJFLT || k == K_OOM)
				continue;
			/* runs, for one, need not be summed: compare what
			 * the task record has (and oK/nK, absent when 0) */
			if ((t->have[k] || (k >= K_O0 && sum.v[k])) &&
			    rec_get(t, k) != rec_get(&sum, k))
				mism_add(&m, "task %s %llu != sum over the vma records %llu",
					 key_name(k), rec_get(t, k),
					 rec_get(&sum, k));
		}
		/* pss and locked are summed before truncation */
		if (rec_get(t, K_PSS) < pss ||
		    rec_get(t, K_PSS) >= pss + c->r->n + 1)
			mism_add(&m, "task pss %llu not within the sum of the vma records' %llu + %zu",
				 rec_get(t, K_PSS), pss, c->r->n);
		if (rec_get(t, K_LOCKED) < locked ||
		    rec_get(t, K_LOCKED) >= locked + c->r->n + 1)
			mism_add(&m, "task locked %llu not within the sum of the vma records' %llu + %zu",
				 rec_get(t, K_LOCKED), locked, c->r->n);
		if (rec_get(&sum, K_PGTABLES) > rec_get(t, K_PGTABLES))
			mism_add(&m, "sum of vma pgtables %llu > task pgtables %llu",
				 rec_get(&sum, K_PGTABLES),
				 rec_get(t, K_PGTABLES));
	} else if (c->r) {
		mism_add(&m, "no task record");
	} else {
		mism_add(&m, "%s", c->rerr);
	}
	snprintf(name, sizeof(name), "%s: invariants of the report", c->label);
	mism_tap(&m, name);
}

/*
 * Where the PMD mapping of THPs was inferred ambiguously, compare without
 * map= on order-9 present extents: strip it and re-merge neighbours.
 */
static void exts_unmap(const struct exts *in, struct exts *out)
{
	for (size_t i = 0; i < in->n; i++) {
		const struct ext *e = &in->e[i];
		char *c = xstrdup(e->canon), *mp, *rest;
		struct ext *last = out->n ? &out->e[out->n - 1] : NULL;

		if (e->state == ST_PRESENT && e->order == 9 &&
		    (mp = strstr(c, " map=")))
			memmove(mp, mp + 8, strlen(mp + 8) + 1);
		rest = strchr(c, ' ');
		if (last && last->end == e->start && rest &&
		    !strcmp(strchr(last->canon, ' '), rest) &&
		    (!e->has_pfn || e->pfn == last->pfn +
		     (last->end - last->start) / PG)) {
			/* merged: keep the first record's text, new end */
			char *nc;

			last->end = e->end;
			nc = xasprintf("%lx-%lx%s", last->start, last->end,
				       strchr(last->canon, ' '));
			free(last->canon);
			last->canon = nc;
			free(c);
			continue;
		}
		{
			struct ext *x = exts_add(out, e->start, e->end, e->state,
						 c);

			x->order = e->order;
			x->has_pfn = e->has_pfn;
			x->pfn = e->pfn;
		}
	}
}

static void check_extents(struct check *c, bool pfn)
{
	struct report *r = pfn ? c->rp : c->r;
	int *match = pfn ? c->matchp : c->match;
	const char *err = pfn ? c->rperr : c->rerr;
	struct mism m = { 0 };
	char name[256];
	u64 nrec = 0;

	for (size_t i = 0; r && i < c->k->n; i++) {
		const struct kvma *v = &c->k->v[i];
		const struct exts *want = pfn ? &v->xp : &v->x;
		struct exts gotn = { 0 }, wantn = { 0 };
		const struct exts *got, *w = want;
		u64 bytes[NSTATE] = { 0 };
		unsigned long at = v->start;
		const struct mvma *mv;

		if (match[i] < 0)
			continue;
		mv = &r->v[match[i]];
		got = &mv->x;
		nrec += got->n;
		/* Well formed: the records tile the VMA. */
		for (size_t j = 0; j < got->n; j++) {
			const struct ext *e = &got->e[j];

			if (e->start != at || e->end <= e->start ||
			    e->end > v->end) {
				mism_add(&m, VF ": ext %zu '%s' does not continue at %lx",
					 VA(v), j, e->canon, at);
				break;
			}
			at = e->end;
			if (e->state < 0) {
				mism_add(&m, VF ": ext '%s': unknown state",
					 VA(v), e->canon);
				break;
			}
			bytes[e->state] += e->end - e->start;
		}
		if (at != v->end) {
			mism_add(&m, VF ": extents end at %lx", VA(v), at);
			continue;
		}
		if (!pfn) {
			const struct rec *mr = &c->r->v[c->match[i]].r;
			static const int sk[NSTATE] = {
				K_RSS, K_ZERO, K_SWAP, K_NONE, K_OTHER,
			};

			for (int s = 0; s < NSTATE; s++) {
				u64 f = rec_get(mr, sk[s]) +
					(s == ST_PRESENT ? rec_get(mr, K_HUGETLB) : 0);

				if (bytes[s] != f)
					mism_add(&m, VF ": %s extents cover %llu bytes, the vma record says %llu",
						 VA(v), st_names[s], bytes[s], f);
			}
		}
		if (v->problem) {
			mism_add(&m, VF ": the kernel's extents cannot be derived: %s",
				 VA(v), v->problem);
			continue;
		}
		if (v->mode == DM_OPAQUE) {
			if (bytes[ST_NONE] + bytes[ST_OTHER] != v->end - v->start)
				mism_add(&m, VF ": a PFN map or gate page with extents other than none/other",
					 VA(v));
			continue;
		}
		if (v->map_guess) {
			exts_unmap(got, &gotn);
			exts_unmap(want, &wantn);
			got = &gotn;
			w = &wantn;
		}
		for (size_t j = 0; j < got->n || j < w->n; j++) {
			const char *a = j < got->n ? got->e[j].canon : "(none)";
			const char *b = j < w->n ? w->e[j].canon : "(none)";

			if (strcmp(a, b)) {
				mism_add(&m, VF ": ext %zu: module '%s', pagemap '%s' (%zu records vs %zu)",
					 VA(v), j, a, b, got->n, w->n);
				break;
			}
		}
		exts_free(&gotn);
		exts_free(&wantn);
	}
	if (!r)
		mism_add(&m, "%s", err ? err : "no report");
	snprintf(name, sizeof(name), "%s: extents%s, %llu records", c->label,
		 pfn ? " with pfn" : "", nrec);
	mism_tap(&m, name);
}

static void check_task(struct check *c)
{
	const struct ksnap *k = c->k;
	struct mism m = { 0 };
	struct kvma tv = { .start = 0, .end = 0, .name = (char *)"(task)" };
	const struct rec *t = c->r && c->r->has_task ? &c->r->task : NULL;
	char name[256];
	u64 pss = 0, locked = 0;

	/* The rollup's figures through the same comparisons as a VMA's. */
	memcpy(tv.sm, k->roll, sizeof(tv.sm));
	tv.sm_have = k->roll_have;
	for (size_t i = 0; i < k->n; i++) {
		pss += k->v[i].pss_fixed;
		locked += k->v[i].locked_fixed;
	}
	if (t) {
		const struct kvma *v = &tv;

		cmp(&m, v, t, K_RSS, smv(v, SM_RSS) * 1024, "smaps_rollup");
		cmp(&m, v, t, K_ANON, smv(v, SM_ANON) * 1024, "smaps_rollup");
		cmp(&m, v, t, K_SWAP, smv(v, SM_SWAP) * 1024, "smaps_rollup");
		cmp_kb(&m, v, t, K_PSS, smv(v, SM_PSS), "smaps_rollup");
		cmp(&m, v, t, K_SHARED,
		    (smv(v, SM_SHC) + smv(v, SM_SHD)) * 1024, "smaps_rollup");
		cmp(&m, v, t, K_PRIVATE,
		    (smv(v, SM_PRC) + smv(v, SM_PRD)) * 1024, "smaps_rollup");
		cmp(&m, v, t, K_DIRTY,
		    (smv(v, SM_SHD) + smv(v, SM_PRD)) * 1024, "smaps_rollup");
		cmp(&m, v, t, K_YOUNG, smv(v, SM_REF) * 1024, "smaps_rollup");
		cmp_kb(&m, v, t, K_LOCKED, smv(v, SM_LOCKED), "smaps_rollup");
		if (smh(v, SM_KSM))
			cmp(&m, v, t, K_KSM, smv(v, SM_KSM) * 1024,
			    "smaps_rollup");
		cmp(&m, v, t, K_THP, (smv(v, SM_AHP) + smv(v, SM_SPM) +
				      smv(v, SM_FPM)) * 1024, "smaps_rollup");
		if (smh(v, SM_SHH))
			cmp(&m, v, t, K_HUGETLB,
			    (smv(v, SM_SHH) + smv(v, SM_PRH)) * 1024,
			    "smaps_rollup");
		cmp(&m, v, t, K_PSS, pss >> PSS_SHIFT, "kpagecount");
		cmp(&m, v, t, K_LOCKED, locked >> PSS_SHIFT, "kpagecount");
		if (k->have_vmpte)
			cmp(&m, v, t, K_PGTABLES, k->vmpte, "VmPTE");
		cmp(&m, v, t, K_MINFLT, k->minflt, "stat");
		cmp(&m, v, t, K_MAJFLT, k->majflt, "stat");
		cmp(&m, v, t, K_OOM, (u64)k->oom, "oom_score_adj");
	} else {
		mism_add(&m, "%s", c->r ? "no task record" : c->rerr);
	}
	snprintf(name, sizeof(name), "%s: task record vs smaps_rollup, VmPTE, stat",
		 c->label);
	mism_tap(&m, name);
}

static void check_expectations(const char *label, const struct ksnap *k,
			       const struct expectation *ex, size_t nex)
{
	struct mism m = { 0 };
	char name[256];
	size_t n = 0;

	for (size_t i = 0; i < nex; i++) {
		const struct kvma *v = NULL;
		int key = key_index(ex[i].key, strlen(ex[i].key));
		u64 got;
		bool ok;

		if (ex[i].pid != k->pid)
			continue;
		n++;
		for (size_t j = 0; j < k->n; j++)
			if (k->v[j].start <= ex[i].addr &&
			    ex[i].addr < k->v[j].end)
				v = &k->v[j];
		if (!v || key < 0) {
			mism_add(&m, "expect %s at %lx: %s", ex[i].key,
				 ex[i].addr, v ? "unknown field" : "no VMA there");
			continue;
		}
		got = rec_get(&v->d, key);
		ok = !strcmp(ex[i].op, ">=") ? got >= ex[i].val :
		     !strcmp(ex[i].op, "<=") ? got <= ex[i].val :
		     got == ex[i].val;
		if (!ok)
			mism_add(&m, VF ": the workload expected %s %s %llu, the kernel's files say %llu",
				 VA(v), ex[i].key, ex[i].op, ex[i].val, got);
		else if (v->problem)
			mism_add(&m, VF ": %s", VA(v), v->problem);
	}
	snprintf(name, sizeof(name), "%s: the workload set up what it meant to, %zu expectations",
		 label, n);
	if (n)
		mism_tap(&m, name);
}

/* ---- rounds ---------------------------------------------------------------------- */

struct source {
	const char *file;	/* report from a file instead of the module */
	const char *file_pfn;
	bool self;		/* the --expect report, made on the spot */
};

/* Fetch one report; NULL on success, else why not (malloc'd). */
static char *fetch(const struct source *src, pid_t pid, bool pfn,
		   struct report *r)
{
	char req[64], *text = NULL;
	const char *perr;
	long n;

	if (src->self) {
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);

		if (!f || expect_report(f, pid, pfn))
			return xstrdup("--self: cannot build the report");
		fclose(f);
	} else if (src->file || src->file_pfn) {
		const char *f = pfn ? src->file_pfn : src->file;

		if (!f)
			return xstrdup("no report file");
		n = read_file(f, &text);
		if (n < 0)
			return xasprintf("%s: %s", f, strerror(-n));
	} else {
		snprintf(req, sizeof(req),
			 pfn ? "%d vmas extents pfn\n" : "%d all\n", pid);
		n = vms_report(req, &text);
		if (n < 0)
			return xasprintf("%s '%.*s': %s", PROC_FILE,
					 (int)strcspn(req, "\n"), req,
					 strerror(-n));
	}
	perr = parse_report(text, pid, r);
	free(text);
	if (perr) {
		report_free(r);
		return xasprintf("report: %s", perr);
	}
	return NULL;
}

static void check_process(const char *label, pid_t pid,
			  const struct source *src,
			  const struct expectation *ex, size_t nex)
{
	struct ksnap k1, k2;
	struct report r = { 0 }, rp = { 0 };
	char *rerr = NULL, *rperr = NULL, *diffs[MAX_ROUNDS] = { 0 };
	bool stable = false;
	char name[256];
	int round;

	for (round = 0; round < MAX_ROUNDS; round++) {
		ksnap_read(pid, &k1);
		if (k1.err) {
			snprintf(name, sizeof(name), "%s: the kernel's files can be read",
				 label);
			tap(false, name, k1.err);
			ksnap_free(&k1);
			return;
		}
		rerr = fetch(src, pid, false, &r);
		rperr = fetch(src, pid, true, &rp);
		ksnap_read(pid, &k2);
		if (!k2.err && !strcmp(sb_str(&k1.blob), sb_str(&k2.blob))) {
			stable = true;
			ksnap_free(&k2);
			break;
		}
		diffs[round] = k2.err ? xstrdup(k2.err) : ksnap_diff(&k1, &k2);
		printf("# %s: round %d: the kernel's files changed during the round: %s\n",
		       label, round + 1, diffs[round]);
		ksnap_free(&k2);
		if (round + 1 < MAX_ROUNDS) {
			ksnap_free(&k1);
			report_free(&r);
			report_free(&rp);
			free(rerr);
			free(rperr);
			rerr = rperr = NULL;
		}
	}
	snprintf(name, sizeof(name), "%s: reading the report does not perturb the target (Referenced, soft-dirty, PG_referenced)",
		 label);
	if (stable) {
		struct check c = {
			.label = label, .k = &k1,
			.r = rerr ? NULL : &r, .rp = rperr ? NULL : &rp,
			.rerr = rerr, .rperr = rperr,
		};

		if (round)
			printf("# %s: stable in round %d\n", label, round + 1);
		for (size_t i = 0; i < k1.n; i++)
			if (k1.v[i].map_guess)
				printf("# %s: " VF ": no PAGEMAP_SCAN, and THPs that may be PTE-mapped: extents compared without map= on order-9 runs\n",
				       label, VA(&k1.v[i]));
		c.match = xcalloc(k1.n, sizeof(int));
		c.matchp = xcalloc(k1.n, sizeof(int));
		tap(true, name, NULL);
		check_report(&c);
		check_smaps(&c);
		check_numa(&c);
		check_pagemap(&c);
		check_invariants(&c);
		check_extents(&c, false);
		check_extents(&c, true);
		check_task(&c);
		free(c.match);
		free(c.matchp);
	} else {
		struct sbuf why = { 0 };

		sb_printf(&why, "no round out of %d where the kernel's files read the same before and after the reports:",
			  MAX_ROUNDS);
		for (int i = 0; i < MAX_ROUNDS && i < 3; i++)
			sb_printf(&why, " [%d] %s", i + 1, diffs[i]);
		tap(false, name, why.s);
		snprintf(name, sizeof(name), "%s: accounting checks", label);
		tap(false, name, why.s);
		sb_free(&why);
	}
	check_expectations(label, &k1, ex, nex);
	for (int i = 0; i < MAX_ROUNDS; i++)
		free(diffs[i]);
	ksnap_free(&k1);
	report_free(&r);
	report_free(&rp);
	free(rerr);
	free(rperr);
}

/* ---- processes ---------------------------------------------------------------- */

/* Every thread of @pid in state T (stopped), within @ms milliseconds. */
static bool wait_stopped(pid_t pid, int ms)
{
	char path[384];

	for (int t = 0; t < ms; t += 10) {
		DIR *d;
		struct dirent *e;
		bool all = true;

		snprintf(path, sizeof(path), "/proc/%d/task", pid);
		d = opendir(path);
		if (!d)
			return false;
		while ((e = readdir(d)) && all) {
			char *buf, *rp;

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/proc/%d/task/%s/stat",
				 pid, e->d_name);
			if (read_file(path, &buf) < 0)
				continue;
			rp = strrchr(buf, ')');
			if (!rp || (rp[2] != 'T' && rp[2] != 't'))
				all = false;
			free(buf);
		}
		closedir(d);
		if (all)
			return true;
		usleep(10000);
	}
	return false;
}

static bool gone(pid_t pid)
{
	char path[64], *buf, *rp;
	bool z;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, &buf) < 0)
		return true;
	rp = strrchr(buf, ')');
	z = rp && (rp[2] == 'Z' || rp[2] == 'X');
	free(buf);
	return z;
}

static int cmd_pid(pid_t pid, const struct source *src, const char *label)
{
	char lbl[128];

	snprintf(lbl, sizeof(lbl), "%s pid %d", label ? label : "process",
		 pid);
	if (kill(pid, SIGSTOP) || !wait_stopped(pid, 10000)) {
		tap(false, lbl, "cannot stop the process");
		return 1;
	}
	check_process(lbl, pid, src, NULL, 0);
	kill(pid, SIGCONT);
	return failures != 0;
}

/* Run a workload, check every process it names, kill them. */
static int cmd_workload(const char *wl, int argc, char **argv, bool self)
{
	struct expectation *ex = NULL;
	size_t nex = 0;
	pid_t *targets = NULL, child;
	size_t ntargets = 0;
	struct sbuf out = { 0 }, line = { 0 };
	struct source src = { .self = self };
	char name[256], **args;
	int pfd[2], st;
	bool ready = false, skipped = false;
	time_t t0 = time(NULL);

	if (pipe(pfd))
		return 2;
	args = xcalloc(argc + 3, sizeof(char *));
	args[0] = (char *)WL_BIN;
	args[1] = (char *)wl;
	for (int i = 0; i < argc; i++)
		args[i + 2] = argv[i];
	child = fork();
	if (child == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execv(WL_BIN, args);
		perror(WL_BIN);
		_exit(127);
	}
	free(args);
	close(pfd[1]);
	targets = xrealloc(targets, sizeof(*targets));
	targets[ntargets++] = child;
	/* Read lines until "ready CHILD" (or EOF, or 10 minutes). */
	while (!ready && time(NULL) - t0 < 600) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		char buf[4096];
		ssize_t n;
		char *nl;

		if (poll(&p, 1, 1000) <= 0)
			continue;
		n = read(pfd[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		sb_add(&line, buf, n);
		while (line.s && (nl = strchr(line.s, '\n'))) {
			char *l = xstrndup(line.s, nl - line.s);
			long pid;
			struct expectation e = { 0 };
			char addr[40];

			memmove(line.s, nl + 1, strlen(nl + 1) + 1);
			line.len = strlen(line.s);
			sb_printf(&out, "%s | ", l);
			if (sscanf(l, "ready %ld", &pid) == 1 && pid == child) {
				ready = true;
			} else if (sscanf(l, "child %ld", &pid) == 1 ||
				   (sscanf(l, "ready %ld", &pid) == 1)) {
				targets = xrealloc(targets, (ntargets + 1) *
						   sizeof(*targets));
				targets[ntargets++] = (pid_t)pid;
			} else if (sscanf(l, "expect %d %39s %15s %2s %llu", &e.pid,
					  addr, e.key, e.op, &e.val) == 5) {
				e.addr = strtoul(addr, NULL, 16);
				ex = xrealloc(ex, (nex + 1) * sizeof(*ex));
				ex[nex++] = e;
			} else if (!strncmp(l, "skip ", 5)) {
				snprintf(name, sizeof(name), "%s: workload", wl);
				tap_skip(name, l + 5);
				skipped = true;
			} else {
				printf("# %s: %s\n", wl, l);
			}
			free(l);
		}
	}
	snprintf(name, sizeof(name), "%s: workload ready, %zu processes", wl,
		 ntargets);
	if (!ready) {
		kill(child, SIGKILL);
		waitpid(child, &st, 0);
		if (!skipped) {
			struct sbuf why = { 0 };

			sb_printf(&why, "no 'ready' after %ld s, status 0x%x; output: %s",
				  (long)(time(NULL) - t0), st, sb_str(&out));
			tap(false, name, why.s);
			sb_free(&why);
		}
		goto out;
	}
	tap(true, name, NULL);
	for (size_t i = 0; i < ntargets; i++)
		if (kill(targets[i], SIGSTOP) || !wait_stopped(targets[i], 10000)) {
			snprintf(name, sizeof(name), "%s: stop pid %d", wl,
				 targets[i]);
			tap(false, name, "not stopped within 10 s");
		}
	for (size_t i = 0; i < ntargets; i++) {
		char label[128];

		snprintf(label, sizeof(label), "%s pid %d", wl, targets[i]);
		check_process(label, targets[i], &src, ex, nex);
	}
	for (size_t i = ntargets; i-- > 0;)
		kill(targets[i], SIGKILL);
	waitpid(child, &st, 0);
	for (size_t i = 0; i < ntargets; i++)
		for (int t = 0; t < 1000 && !gone(targets[i]); t++)
			usleep(10000);
out:
	close(pfd[0]);
	free(targets);
	free(ex);
	sb_free(&out);
	sb_free(&line);
	return failures != 0;
}

int main(int argc, char **argv)
{
	static struct utsname u;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!uname(&u))
		kernel_release = u.release;
	kpf_fd = open("/proc/kpageflags", O_RDONLY);
	kpc_fd = open("/proc/kpagecount", O_RDONLY);
	if (kpf_fd < 0 || kpc_fd < 0) {
		fprintf(stderr, "vmscope-acct: /proc/kpageflags, /proc/kpagecount: %s\n",
			strerror(errno));
		return 2;
	}
	load_nodes();
	if (argc >= 3 && !strcmp(argv[1], "--expect"))
		return cmd_expect(atoi(argv[2]),
				  argc > 3 && !strcmp(argv[3], "pfn"));
	if (argc >= 3 && !strcmp(argv[1], "--pid")) {
		struct source src = { 0 };
		pid_t pid = atoi(argv[2]);
		int i = 3;

		for (; i < argc; i++) {
			if (!strcmp(argv[i], "--report") && i + 1 < argc)
				src.file = argv[++i];
			else if (!strcmp(argv[i], "--report-pfn") && i + 1 < argc)
				src.file_pfn = argv[++i];
			else if (!strcmp(argv[i], "--self"))
				src.self = true;
			else
				break;
		}
		return cmd_pid(pid, &src, i < argc ? argv[i] : NULL);
	}
	if (argc >= 3 && !strcmp(argv[1], "--self"))
		return cmd_workload(argv[2], argc - 3, argv + 3, true);
	if (argc >= 2 && argv[1][0] != '-')
		return cmd_workload(argv[1], argc - 2, argv + 2, false);
	fprintf(stderr, "usage: see the comment at the top of acct.c\n");
	return 2;
}
