// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope top: every process (or a filtered set), one row each, from one
 * request naming many targets ("* summary", or "PID,PID,... summary"
 * for -p), or from /proc with --source=proc. Rows sort by any column;
 * --by user|comm|cgroup sums them per user, command or cgroup (v2), the
 * cgroup's memory.current and memory.max beside its sums.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
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
#include "display.h"
#include "mounts.h"
#include "procparse.h"
#include "size.h"
#include "snapshot.h"
#include "source.h"
#include "util.h"
#include "vmscope.h"

enum tcol_type {
	TC_STRING,	/* shown as is (user) or unescaped (command) */
	TC_SIZE,	/* bytes */
	TC_COUNT,	/* decimal, summed */
	TC_SIGNED,	/* decimal, may be negative, never summed */
	TC_PID,		/* decimal, never summed */
	TC_GSIZE,	/* bytes of the row's cgroup: not a sum, not summed */
};

/* Where a column's value comes from. */
enum tcol_from {
	TF_TASK,	/* the task record's key */
	TF_END,		/* the trailer's key (vmas=) */
	TF_PID,
	TF_USER,
	TF_COMM,
	TF_PROCS,	/* --by: processes in the group */
	TF_CGROUP,	/* the cgroup v2 path, /proc/PID/cgroup's "0::" line */
	TF_CGFILE,	/* a file of the row's cgroup directory (key) */
	TF_MAPPING,	/* --by mapping: the mapped file or named mapping */
	TF_NODE,	/* the task record's n<i>: a column per NUMA node */
};

struct tcol {
	const char *name;
	const char *key;
	enum tcol_type type;
	enum tcol_from from;
	bool def;		/* shown by default */
	const char *help;
};

/* In display order. */
static const struct tcol tcols[] = {
	{ "PID", VMS_K_PID, TC_PID, TF_PID, true, "process id" },
	{ "USER", NULL, TC_STRING, TF_USER, true, "effective user of the process" },
	{ "COMMAND", VMS_K_COMM, TC_STRING, TF_COMM, true, "command name (comm)" },
	{ "CGROUP", NULL, TC_STRING, TF_CGROUP, false, "cgroup (v2) of the process" },
	{ "PROCS", NULL, TC_COUNT, TF_PROCS, false, "--by: processes in the row" },
	{ "MAPPING", NULL, TC_STRING, TF_MAPPING, false,
	  "--by mapping: the mapped file or named mapping ([heap], [anon], ...)" },
	{ "VSZ", VMS_K_VSZ, TC_SIZE, TF_TASK, false, "virtual size" },
	{ "RSS", VMS_K_RSS, TC_SIZE, TF_TASK, true, "resident (no zero page, no hugetlb)" },
	{ "ANON", VMS_K_ANON, TC_SIZE, TF_TASK, false, "resident anonymous" },
	{ "FILE", VMS_K_FILE, TC_SIZE, TF_TASK, false, "resident page cache" },
	{ "SHMEM", VMS_K_SHMEM, TC_SIZE, TF_TASK, false, "resident shmem" },
	{ "PSS", VMS_K_PSS, TC_SIZE, TF_TASK, true, "proportional set size" },
	{ "USS", VMS_K_USS, TC_SIZE, TF_TASK, true, "unique set size" },
	{ "SWAP", VMS_K_SWAP, TC_SIZE, TF_TASK, true, "swapped out" },
	{ "ZERO", VMS_K_ZERO, TC_SIZE, TF_TASK, true, "mapped to the shared zero page" },
	{ "THP", VMS_K_THP, TC_SIZE, TF_TASK, true, "mapped by PMD-level transparent huge pages" },
	{ "LARGE", VMS_K_LARGE, TC_SIZE, TF_TASK, false, "mapped by PTEs of large folios (mTHP)" },
	{ "HUGETLB", VMS_K_HUGETLB, TC_SIZE, TF_TASK, true, "hugetlb pages mapped" },
	{ "LOCKED", VMS_K_LOCKED, TC_SIZE, TF_TASK, false, "proportional resident in VM_LOCKED" },
	{ "KSM", VMS_K_KSM, TC_SIZE, TF_TASK, false, "resident KSM pages" },
	{ "PGTABLES", VMS_K_PGTABLES, TC_SIZE, TF_TASK, true, "page-table memory (VmPTE)" },
	{ "N", NULL, TC_SIZE, TF_NODE, true,
	  "resident on NUMA node <n>, hugetlb included (default: more than one node)" },
	{ "VMAS", VMS_K_VMAS, TC_COUNT, TF_END, true, "number of VMAs (--by mapping: mapping it)" },
	{ "MINFLT", VMS_K_MINFLT, TC_COUNT, TF_TASK, false, "minor faults" },
	{ "MAJFLT", VMS_K_MAJFLT, TC_COUNT, TF_TASK, false, "major faults" },
	{ "OOM_SCORE_ADJ", VMS_K_OOM_SCORE_ADJ, TC_SIGNED, TF_TASK, true, "as /proc/PID/oom_score_adj" },
	{ "MEM_CURRENT", "memory.current", TC_GSIZE, TF_CGFILE, false,
	  "the cgroup's memory.current (all it is charged: not only these processes)" },
	{ "MEM_MAX", "memory.max", TC_GSIZE, TF_CGFILE, false,
	  "the cgroup's memory.max, where the OOM killer acts (empty: no limit)" },
};

#define NTCOLS	VMS_ARRAY_SIZE(tcols)

enum top_by { BY_NONE, BY_USER, BY_COMM, BY_CGROUP, BY_MAPPING };

struct row {
	uint64_t pid;
	char *user;
	char *comm;		/* escaped, as in the header */
	char *cgroup;		/* "/" based; "?" if unknown */
	char *mapping;		/* --by mapping: the name, escaped as in name= */
	int64_t *v;		/* numbers, by slot (ctl->nslots of them) */
	bool *has;
};

struct top_ctl {
	struct vms_table_opts t;
	enum vms_source source;
	enum top_by by;
	const char *sort;
	size_t sortcol;
	bool sort_desc;
	/* -o, checked once: the defaults first, then these slots */
	bool defaults;
	size_t *asked;
	size_t nasked;
	/* the columns of this frame, slots */
	size_t *cols;
	size_t ncols;
	/*
	 * The NUMA nodes the reply names, by index; there is a slot for
	 * each index below nnodes, at least nodes_asked (-o, --sort).
	 */
	bool *node_known;
	size_t nnodes;
	size_t nodes_asked;
	size_t nslots;		/* NTCOLS + nnodes: the numbers of a row */
	/* filters */
	pid_t *pids;
	size_t npids;
	char **users;		/* names or numbers */
	size_t nusers;
	char **comms;
	size_t ncomms;
	char **cgroups;		/* --cgroup: these and below */
	size_t ncgroups;
	char *cgroot;		/* where cgroup2 is mounted, if known */
	bool quiet_skips;
	const char *name;	/* the command, for messages: "top", "export" */
	/* -i, --count: a frame every interval, count frames (-1: forever) */
	struct timespec interval;
	long count;
	/* the warnings given so far, by key: each is given once per run */
	char **said;
	size_t nsaid;
};

/*
 * A warning on standard error, once per run: with -i, every frame would
 * repeat what the first one said (an empty column, the fallback to /proc,
 * the processes not reported). @key names the warning; NULL: its text
 * does. A note whose numbers change from frame to frame has a fixed key,
 * so that it is given once, when it first applies.
 */
static void VMS_PRINTF(3, 4) top_warn(struct top_ctl *ctl, const char *key,
				      const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!key)
		key = msg;
	for (i = 0; i < ctl->nsaid; i++)
		if (!strcmp(ctl->said[i], key))
			return;
	ctl->said = xreallocarray(ctl->said, ctl->nsaid + 1, sizeof(*ctl->said));
	ctl->said[ctl->nsaid++] = xstrdup(key);
	vms_warn("%s", msg);
}

static void usage(void)
{
	printf("Usage: vmscope top [options]\n"
	       "\n"
	       "Every process the caller may inspect, one row each, with a totals row;\n"
	       "from one request to the module (\"* summary\"), or from /proc/PID/smaps\n"
	       "with --source=proc (slower, fewer fields).\n"
	       "\n"
	       "Options:\n"
	       "  -p, --pid PIDS        only these processes (comma list, repeatable)\n"
	       "  -u, --user USER       only processes of USER (name or uid; repeatable)\n"
	       "  -C, --command COMM    only processes whose command is COMM (comma list)\n"
	       "      --cgroup PATH     only processes in cgroup PATH or below it (v2 path,\n"
	       "                        as /proc/PID/cgroup gives it; repeatable)\n"
	       "      --by user|comm|cgroup|mapping\n"
	       "                        one row per user, command, cgroup or mapping\n"
	       "                        (a mapped file or named mapping, as librank),\n"
	       "                        summed (a cgroup's row also shows its\n"
	       "                        memory.current and memory.max); RSS, USS and\n"
	       "                        the other resident sums count a page shared by\n"
	       "                        processes once per process, so they are not the\n"
	       "                        memory the group uses: PSS sums are (each page\n"
	       "                        divided among the processes mapping it)\n"
	       "      --sort [-]COL     sort by COL, descending with '-' (default: -PSS)\n"
	       "  -b, --bytes           print sizes in bytes\n"
	       "  -J, --json            JSON: {\"processes\": [...]}, numbers as numbers\n"
	       "  -r, --raw             raw output: no alignment, no totals\n"
	       "  -n, --noheadings      no column headings\n"
	       "  -o, --output COLS     columns to print (comma list; +COLS adds to the\n"
	       "                        defaults; 'help' lists them); N0, N1, ...: bytes\n"
	       "                        resident on each NUMA node, N: every node's\n"
	       "                        (shown by default when there is more than one)\n"
	       "      --list-columns    list the columns and exit\n"
	       "  -q, --quiet           no note of processes that could not be reported\n"
	       "  -i, --interval SEC    a new frame every SEC seconds (fractions allowed),\n"
	       "                        redrawn in place on a terminal, until interrupted\n"
	       "      --count N         stop after N frames (with no -i: every 2 s)\n"
	       "      --source SRC      module, proc or auto\n"
	       "  -h, --help            this help\n"
	       "\n"
	       "Elsewhere than a terminal, frames follow each other, a blank line\n"
	       "between two (with -J, one JSON document per frame).\n"
	       "Processes that exit during the request or that you may not inspect are\n"
	       "counted in a note on standard error (each one named with -p). With -i,\n"
	       "a note or warning is given once, with the first frame it applies to.\n");
}

static void list_columns(void)
{
	char name[16];
	size_t i;

	printf("Columns (-o NAME,...; -o +NAME,... adds to the defaults):\n");
	for (i = 0; i < NTCOLS; i++) {
		snprintf(name, sizeof(name), "%s%s", tcols[i].name,
			 tcols[i].from == TF_NODE ? "<n>" : "");
		printf("  %-14s %-8s %s\n", name,
		       tcols[i].def ? "default" : "", tcols[i].help);
	}
	printf("\nN alone is every node's column (-o N, -o +N).\n");
}

/*
 * Columns by slot: tcols[c] for c < NTCOLS, then NTCOLS + i for NUMA
 * node i (the N family's entry stands for every node, as -o N).
 */
static size_t node_family(void)
{
	size_t i;

	for (i = 0; i < NTCOLS; i++)
		if (tcols[i].from == TF_NODE)
			break;
	return i;
}

static const struct tcol *col_info(size_t c)
{
	return &tcols[c < NTCOLS ? c : node_family()];
}

/* The heading of slot @c ("RSS", "N1"), JSON's key in lower case. */
static const char *col_name(size_t c, char *buf, size_t n)
{
	if (c < NTCOLS)
		return tcols[c].name;
	snprintf(buf, n, "%s%zu", col_info(c)->name, c - NTCOLS);
	return buf;
}

/* A column by name, any case: its slot; N0, N1, ... as show reads them. */
static int col_lookup(const char *name, size_t *out)
{
	struct vms_column vc;
	uint64_t node;
	size_t i;

	for (i = 0; i < NTCOLS; i++) {
		if (!strcasecmp(name, tcols[i].name)) {
			*out = i;
			return 0;
		}
	}
	if (!vms_column_lookup(name, &vc) && (vc.info->flags & VMS_COLF_INDEXED) &&
	    vms_spread_key(vc.key, VMS_K_NODE_PREFIX, &node)) {
		*out = NTCOLS + node;
		return 0;
	}
	return -1;
}

static bool col_numeric(size_t c)
{
	return col_info(c)->type != TC_STRING;
}

static bool col_summed(size_t c)
{
	return col_info(c)->type == TC_SIZE || col_info(c)->type == TC_COUNT;
}

/* Slot @c names a node: the reply's slots reach it. */
static void ask_node(struct top_ctl *ctl, size_t c)
{
	if (c >= NTCOLS && c - NTCOLS >= ctl->nodes_asked)
		ctl->nodes_asked = c - NTCOLS + 1;
}

/* -o, checked before anything is fetched; each frame expands it. */
static int parse_columns(struct top_ctl *ctl)
{
	const char *list = ctl->t.output;
	char *copy, *tok, *save = NULL;
	size_t c;
	int rc = 0;

	ctl->defaults = !list || list[0] == '+';
	if (!list)
		return 0;
	copy = xstrdup(list + (list[0] == '+'));
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (col_lookup(tok, &c)) {
			vms_err("top: unknown column: %s", tok);
			rc = VMS_EXIT_USAGE;
			break;
		}
		ctl->asked = xreallocarray(ctl->asked, ctl->nasked + 1, sizeof(*ctl->asked));
		ctl->asked[ctl->nasked++] = c;
		ask_node(ctl, c);
	}
	free(copy);
	if (!rc && !ctl->defaults && !ctl->nasked) {
		vms_err("top: no columns in --output");
		rc = VMS_EXIT_USAGE;
	}
	return rc;
}

static size_t nodes_known(const struct top_ctl *ctl)
{
	size_t i, n = 0;

	for (i = 0; i < ctl->nnodes; i++)
		n += ctl->node_known[i];
	return n;
}

/*
 * Whether tcols[i] is a default column: those that apply to --by; the
 * nodes' where the machine has more than one.
 */
static bool col_default(const struct top_ctl *ctl, size_t i)
{
	if (tcols[i].from == TF_NODE)
		return tcols[i].def && nodes_known(ctl) > 1;
	if (ctl->by == BY_NONE)
		return tcols[i].def;
	if (tcols[i].from == TF_PID || tcols[i].type == TC_SIGNED)
		return false;
	if (tcols[i].from == TF_PROCS)
		return true;
	if (tcols[i].from == TF_USER)
		return ctl->by == BY_USER;
	if (tcols[i].from == TF_COMM)
		return ctl->by == BY_COMM;
	if (tcols[i].from == TF_CGROUP || tcols[i].from == TF_CGFILE)
		return ctl->by == BY_CGROUP;
	if (tcols[i].from == TF_MAPPING)
		return ctl->by == BY_MAPPING;
	if (ctl->by == BY_MAPPING && tcols[i].key &&
	    !strcmp(tcols[i].key, VMS_K_PGTABLES))
		return false;	/* the mm's, not a mapping's */
	return tcols[i].def;
}

/* Slot @c into this frame's columns, once; the N family as every node's. */
static void add_column(struct top_ctl *ctl, size_t c)
{
	size_t i;

	if (c == node_family()) {
		for (i = 0; i < ctl->nnodes; i++)
			if (ctl->node_known[i])
				add_column(ctl, NTCOLS + i);
		return;
	}
	for (i = 0; i < ctl->ncols; i++)
		if (ctl->cols[i] == c)
			return;
	ctl->cols[ctl->ncols++] = c;
}

/* This frame's columns, once the reply has told its nodes. */
static void plan_columns(struct top_ctl *ctl)
{
	size_t i;

	ctl->cols = xreallocarray(ctl->cols, ctl->nslots, sizeof(*ctl->cols));
	ctl->ncols = 0;
	for (i = 0; ctl->defaults && i < NTCOLS; i++)
		if (col_default(ctl, i))
			add_column(ctl, i);
	for (i = 0; i < ctl->nasked; i++) {
		size_t c = ctl->asked[i];

		if (c >= NTCOLS && !ctl->node_known[c - NTCOLS])
			top_warn(ctl, NULL, "%s: column N%zu is empty: no report names node %zu",
				 ctl->name, c - NTCOLS, c - NTCOLS);
		add_column(ctl, c);
	}
}

static void grow_nodes(struct top_ctl *ctl, size_t n)
{
	if (n <= ctl->nnodes)
		return;
	ctl->node_known = xreallocarray(ctl->node_known, n, sizeof(*ctl->node_known));
	memset(ctl->node_known + ctl->nnodes, 0,
	       (n - ctl->nnodes) * sizeof(*ctl->node_known));
	ctl->nnodes = n;
}

static void know_node(struct top_ctl *ctl, uint64_t node)
{
	if (node > VMS_COL_INDEX_MAX)
		return;		/* as show's families: no column that far */
	grow_nodes(ctl, node + 1);
	ctl->node_known[node] = true;
}

/*
 * The NUMA nodes of a reply: the union of its reports' nodes= lists (the
 * machine's nodes with memory, as the module or, for --source=proc,
 * /sys/devices/system/node gives them) and of the nodes their task
 * records name. Sets the slots of a row.
 */
static void scan_nodes(struct top_ctl *ctl, const struct vms_multi *m)
{
	uint64_t node;
	size_t i, k;

	free(ctl->node_known);
	ctl->node_known = NULL;
	ctl->nnodes = 0;
	grow_nodes(ctl, ctl->nodes_asked);
	for (i = 0; i < m->nsnaps; i++) {
		const struct vms_snapshot *s = m->snaps[i];
		const char *p = vms_rec_get(s->header, VMS_K_NODES);

		while (p && vms_nodes_next(&p, &node) > 0)
			know_node(ctl, node);
		for (k = 0; s->task && k < s->task->nkv; k++)
			if (vms_spread_key(s->task->kv[k].key, VMS_K_NODE_PREFIX, &node))
				know_node(ctl, node);
	}
	ctl->nslots = NTCOLS + ctl->nnodes;
}

/* ---- one row per process ------------------------------------------------ */

/* The effective uid of `pid` as /proc/PID/status gives it; -1 if gone. */
static long proc_euid(uint64_t pid)
{
	struct vms_buf b = { 0 };
	const char *l;
	long uid = -1;

	if (!vms_proc_read(pid, "status", &b) && (l = strstr(b.data, "\nUid:"))) {
		unsigned long r, e;

		if (sscanf(l + 5, "%lu %lu", &r, &e) == 2)
			uid = e;
	}
	vms_buf_free(&b);
	return uid;
}

/* The cgroup v2 path of `pid` ("0::PATH" in /proc/PID/cgroup); "?" if none. */
static char *proc_cgroup(uint64_t pid)
{
	struct vms_buf b = { 0 };
	char *path = NULL, *l;

	if (!vms_proc_read(pid, "cgroup", &b)) {
		for (l = b.data; l && !path; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
			if (!strncmp(l, "0::", 3)) {
				l[3 + strcspn(l + 3, "\n")] = '\0';
				path = xstrdup(l + 3);
			}
		}
	}
	vms_buf_free(&b);
	return path ? path : xstrdup("?");
}

static bool cgroup_matches(const struct top_ctl *ctl, const char *cg)
{
	size_t i;

	if (!ctl->ncgroups)
		return true;
	for (i = 0; i < ctl->ncgroups; i++) {
		const char *want = ctl->cgroups[i];
		size_t n = strlen(want);

		while (n > 1 && want[n - 1] == '/')
			n--;
		if (!strcmp(want, "/") ||
		    (!strncmp(cg, want, n) && (cg[n] == '\0' || cg[n] == '/')))
			return true;
	}
	return false;
}

static char *user_name(long uid)
{
	struct passwd *pw;
	char buf[24];

	if (uid < 0)
		return xstrdup("?");
	pw = getpwuid(uid);
	if (pw)
		return xstrdup(pw->pw_name);
	snprintf(buf, sizeof(buf), "%ld", uid);
	return xstrdup(buf);
}

static bool user_matches(const struct top_ctl *ctl, long uid, const char *name)
{
	size_t i;

	if (!ctl->nusers)
		return true;
	for (i = 0; i < ctl->nusers; i++) {
		uint64_t u;

		if (!strcmp(ctl->users[i], name))
			return true;
		if (!vms_parse_u64(ctl->users[i], &u) && uid >= 0 && u == (uint64_t)uid)
			return true;
	}
	return false;
}

static bool comm_matches(const struct top_ctl *ctl, const char *comm)
{
	size_t i;

	if (!ctl->ncomms)
		return true;
	for (i = 0; i < ctl->ncomms; i++)
		if (!strcmp(ctl->comms[i], comm))
			return true;
	return false;
}

static bool pid_matches(const struct top_ctl *ctl, uint64_t pid)
{
	size_t i;

	if (!ctl->npids)
		return true;
	for (i = 0; i < ctl->npids; i++)
		if ((uint64_t)ctl->pids[i] == pid)
			return true;
	return false;
}

static void free_row(struct row *r)
{
	free(r->user);
	free(r->comm);
	free(r->cgroup);
	free(r->mapping);
	free(r->v);
	free(r->has);
}

/* The numbers of @r, none yet; the nodes' known to be 0 unless @rec says. */
static void row_numbers(const struct top_ctl *ctl, struct row *r, bool nodes)
{
	size_t i;

	r->v = xcalloc(ctl->nslots, sizeof(*r->v));
	r->has = xcalloc(ctl->nslots, sizeof(*r->has));
	for (i = 0; nodes && i < ctl->nnodes; i++)
		r->has[NTCOLS + i] = ctl->node_known[i];
}

/*
 * Add the n<i>= figures of @rec, a task or vma record of process @pid,
 * to @r's nodes (a node absent from a record has 0 bytes there). 0, or
 * -1 after an error message.
 */
static int add_node_figures(const struct top_ctl *ctl, const struct vms_record *rec,
			    uint64_t pid, struct row *r)
{
	uint64_t node, u;
	size_t i;

	for (i = 0; i < rec->nkv; i++) {
		int64_t *v;

		if (!vms_spread_key(rec->kv[i].key, VMS_K_NODE_PREFIX, &node) ||
		    node >= ctl->nnodes)
			continue;
		v = &r->v[NTCOLS + node];
		if (vms_parse_u64(rec->kv[i].val, &u) || u > (uint64_t)(INT64_MAX - *v)) {
			vms_err("top: malformed report of pid %" PRIu64 ": bad %s=",
				pid, rec->kv[i].key);
			return -1;
		}
		*v += u;
	}
	return 0;
}

/*
 * A row from one report: 1 if it passes the filters, 0 if not, -1 after
 * an error message (a malformed figure).
 */
static int make_row(const struct top_ctl *ctl, const struct vms_snapshot *s,
		    struct row *r)
{
	const char *comm = vms_rec_get(s->header, VMS_K_COMM);
	char *plain;
	long uid;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->pid = s->pid;
	if (!pid_matches(ctl, r->pid))
		return 0;
	plain = comm ? vms_unescape_dup(comm, NULL) : NULL;
	if (!comm_matches(ctl, plain ? plain : "")) {
		free(plain);
		return 0;
	}
	free(plain);
	uid = proc_euid(r->pid);
	r->user = user_name(uid);
	if (!user_matches(ctl, uid, r->user)) {
		free(r->user);
		r->user = NULL;
		return 0;
	}
	r->cgroup = proc_cgroup(r->pid);
	if (!cgroup_matches(ctl, r->cgroup)) {
		free(r->user);
		free(r->cgroup);
		r->user = r->cgroup = NULL;
		return 0;
	}
	r->comm = xstrdup(comm ? comm : "");
	row_numbers(ctl, r, s->task);
	if (s->task && add_node_figures(ctl, s->task, r->pid, r))
		return -1;
	for (i = 0; i < NTCOLS; i++) {
		const struct vms_record *rec = tcols[i].from == TF_TASK ? s->task :
					       tcols[i].from == TF_END ? s->end : NULL;
		const char *v = rec ? vms_rec_get(rec, tcols[i].key) : NULL;
		uint64_t u;
		int64_t sv;

		if (tcols[i].from == TF_PID) {
			r->v[i] = r->pid;
			r->has[i] = true;
		} else if (tcols[i].from == TF_PROCS) {
			r->v[i] = 1;
			r->has[i] = true;
		} else if (v && tcols[i].type == TC_SIGNED) {
			if (vms_parse_s64(v, &sv))
				goto bad;
			r->v[i] = sv;
			r->has[i] = true;
		} else if (v) {
			if (vms_parse_u64(v, &u) || u > INT64_MAX)
				goto bad;
			r->v[i] = u;
			r->has[i] = true;
		}
		continue;
bad:
		vms_err("top: malformed report of pid %" PRIu64 ": bad %s=",
			r->pid, tcols[i].key);
		return -1;
	}
	return 1;
}

static void free_rows(struct row *rows, size_t n)
{
	size_t i;

	for (i = 0; rows && i < n; i++)
		free_row(&rows[i]);
	free(rows);
}

/*
 * The row's cgroup files (MEM_CURRENT, MEM_MAX) when they are shown:
 * read once per row, after grouping. "max" (no limit) stays empty.
 */
static void cgroup_files(const struct top_ctl *ctl, struct row *rows, size_t n)
{
	size_t i, k;

	for (k = 0; k < ctl->ncols; k++) {
		size_t c = ctl->cols[k];

		if (col_info(c)->from != TF_CGFILE || !ctl->cgroot)
			continue;
		for (i = 0; i < n; i++) {
			struct vms_buf path = { 0 }, text = { 0 };
			uint64_t v;

			if (rows[i].cgroup[0] != '/')
				continue;
			vms_buf_printf(&path, "%s%s/%s", ctl->cgroot,
				       strcmp(rows[i].cgroup, "/") ? rows[i].cgroup : "",
				       tcols[c].key);
			if (!vms_read_file(path.data, &text)) {
				text.data[strcspn(text.data, "\n")] = '\0';
				if (!vms_parse_u64(text.data, &v) && v <= INT64_MAX) {
					rows[i].v[c] = v;
					rows[i].has[c] = true;
				}
			}
			vms_buf_free(&path);
			vms_buf_free(&text);
		}
	}
}

static const char *group_key(const struct top_ctl *ctl, const struct row *r)
{
	return ctl->by == BY_USER ? r->user : ctl->by == BY_COMM ? r->comm :
	       ctl->by == BY_MAPPING ? r->mapping : r->cgroup;
}

/* --by: merge rows with the same user, command or cgroup, summing. */
static size_t group_rows(const struct top_ctl *ctl, struct row *rows, size_t n)
{
	size_t i, j, m = 0;

	for (i = 0; i < n; i++) {
		const char *key = group_key(ctl, &rows[i]);

		for (j = 0; j < m; j++)
			if (!strcmp(key, group_key(ctl, &rows[j])))
				break;
		if (j == m) {
			rows[m++] = rows[i];
			continue;
		}
		for (size_t c = 0; c < ctl->nslots; c++) {
			if (!col_summed(c) || !rows[i].has[c])
				continue;
			rows[j].v[c] += rows[i].v[c];
			rows[j].has[c] = true;
		}
		free_row(&rows[i]);
	}
	for (j = 0; j < m; j++) {
		rows[j].has[0] = false;		/* PID */
		for (size_t c = 0; c < NTCOLS; c++)
			if (tcols[c].type == TC_SIGNED)
				rows[j].has[c] = false;
	}
	return m;
}

static const struct top_ctl *sort_ctl;

static int cmp_rows(const void *a, const void *b)
{
	const struct top_ctl *ctl = sort_ctl;
	const struct row *x = a, *y = b;
	size_t c = ctl->sortcol;
	int d;

	if (x->has[c] != y->has[c]) {
		d = x->has[c] ? 1 : -1;
	} else if (col_numeric(c)) {
		d = x->v[c] < y->v[c] ? -1 : x->v[c] > y->v[c];
	} else {
		enum tcol_from from = col_info(c)->from;
		const char *sx = from == TF_USER ? x->user :
				 from == TF_CGROUP ? x->cgroup : x->comm;
		const char *sy = from == TF_USER ? y->user :
				 from == TF_CGROUP ? y->cgroup : y->comm;

		d = strcmp(sx ? sx : "", sy ? sy : "");
	}
	if (ctl->sort_desc)
		d = -d;
	if (!d)
		d = x->pid < y->pid ? -1 : x->pid > y->pid;
	if (!d)
		d = strcmp(x->comm ? x->comm : "", y->comm ? y->comm : "");
	return d;
}

/* ---- output ------------------------------------------------------------- */

static void fmt_number(const struct top_ctl *ctl, size_t c, int64_t v,
		       char *buf, size_t n)
{
	enum tcol_type type = col_info(c)->type;

	if ((type == TC_SIZE || type == TC_GSIZE) && !ctl->t.bytes && !ctl->t.json)
		vms_size_human(v, buf, n);
	else if (type == TC_SIGNED)
		snprintf(buf, n, "%" PRId64, v);
	else
		snprintf(buf, n, "%" PRIu64, (uint64_t)v);
}

static int fill_line(const struct top_ctl *ctl, struct libscols_line *ln,
		     const struct row *r)
{
	char buf[32];
	size_t i;

	for (i = 0; i < ctl->ncols; i++) {
		size_t c = ctl->cols[i];
		enum tcol_from from = col_info(c)->from;
		int rc = 0;

		if (from == TF_USER && r->user)
			rc = scols_line_refer_data(ln, i, vms_display_value(r->user,
							ctl->t.json));
		else if (from == TF_CGROUP && r->cgroup)
			rc = scols_line_refer_data(ln, i, vms_display_value(r->cgroup,
							ctl->t.json));
		else if (from == TF_COMM && r->comm)
			rc = scols_line_refer_data(ln, i, vms_display_name(r->comm,
							ctl->t.json ? VMS_DISP_JSON : 0));
		else if (from == TF_MAPPING && r->mapping)
			rc = scols_line_refer_data(ln, i, vms_display_name(r->mapping,
							ctl->t.json ? VMS_DISP_JSON : 0));
		else if (col_numeric(c) && r->has[c]) {
			fmt_number(ctl, c, r->v[c], buf, sizeof(buf));
			rc = scols_line_set_data(ln, i, buf);
		}
		if (rc)
			return -1;
	}
	return 0;
}

static int add_totals(const struct top_ctl *ctl, struct libscols_table *tb,
		      const struct row *rows, size_t n)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	size_t i, k, label = ctl->ncols;
	char buf[32];

	if (!ln)
		return -1;
	for (i = 0; i < ctl->ncols; i++) {
		size_t c = ctl->cols[i];
		int64_t sum = 0;

		if (!col_summed(c) && label == ctl->ncols)
			label = i;
		if (!col_summed(c))
			continue;
		/* a process maps many mappings: their PROCS do not add up */
		if (ctl->by == BY_MAPPING && col_info(c)->from == TF_PROCS)
			continue;
		for (k = 0; k < n; k++)
			if (rows[k].has[c])
				sum += rows[k].v[c];
		fmt_number(ctl, c, sum, buf, sizeof(buf));
		if (scols_line_set_data(ln, i, buf))
			return -1;
	}
	if (label < ctl->ncols && scols_line_set_data(ln, label, "total"))
		return -1;
	return 0;
}

static int print_rows(const struct top_ctl *ctl, const struct row *rows, size_t n)
{
	struct libscols_table *tb = vms_table_new("processes", &ctl->t);
	int rc = VMS_EXIT_FAIL;
	size_t i;

	if (!tb)
		goto nomem;
	for (i = 0; i < ctl->ncols; i++) {
		size_t c = ctl->cols[i];
		struct libscols_column *cl;
		char name[32];

		cl = scols_table_new_column(tb, col_name(c, name, sizeof(name)), 0,
					    col_numeric(c) ? SCOLS_FL_RIGHT : 0);
		if (!cl)
			goto nomem;
		if (col_numeric(c))
			scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	}
	for (i = 0; i < n; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln || fill_line(ctl, ln, &rows[i]))
			goto nomem;
	}
	if (!ctl->t.json && !ctl->t.raw && add_totals(ctl, tb, rows, n))
		goto nomem;
	scols_print_table(tb);
	rc = VMS_EXIT_OK;
	goto out;
nomem:
	vms_err("out of memory");
out:
	scols_unref_table(tb);
	return rc;
}

/* ---- fetching ----------------------------------------------------------- */

/*
 * The request line: "-p" PIDs as a list when they fit in one line (the
 * module then reports each, or says why not), else every process.
 */
static void request_line(const struct top_ctl *ctl, char *line, size_t size)
{
	const char *sections = ctl->by == BY_MAPPING ?
			       VMS_W_SUMMARY " " VMS_W_VMAS : VMS_W_SUMMARY;
	size_t i, len = 0;

	if (ctl->npids) {
		for (i = 0; i < ctl->npids; i++) {
			int n = snprintf(line + len, size - len, "%s%d",
					 i ? "," : "", (int)ctl->pids[i]);

			if (n < 0 || (size_t)n >= size - len)
				break;
			len += n;
		}
		if (i == ctl->npids && len + strlen(sections) + 2 <= size &&
		    len + strlen(sections) + 2 <= VMS_REQUEST_MAX + 1) {
			snprintf(line + len, size - len, " %s\n", sections);
			return;
		}
	}
	snprintf(line, size, VMS_W_EVERY " %s\n", sections);
}

/* Is `pid` a kernel thread (PF_KTHREAD in /proc/PID/stat's flags)? */
static bool proc_is_kthread(pid_t pid)
{
	struct vms_buf b = { 0 };
	unsigned long flags = 0;
	const char *p;
	bool k = false;

	if (!vms_proc_read(pid, "stat", &b) && (p = strrchr(b.data, ')')) &&
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) == 1)
		k = flags & 0x00200000;	/* PF_KTHREAD */
	vms_buf_free(&b);
	return k;
}

static void add_skip(struct vms_buf *out, pid_t pid, const char *reason,
		     size_t *nskip)
{
	vms_buf_printf(out, VMS_REC_SKIP " " VMS_K_PID "=%d " VMS_K_REASON "=%s\n",
		       (int)pid, reason);
	(*nskip)++;
}

/*
 * The same reply built from /proc: each process's report as `snap
 * --source=proc` builds it, or its skipped line.
 */
static int proc_reply(const struct top_ctl *ctl, struct vms_buf *out)
{
	size_t nrep = 0, nskip = 0, i;
	pid_t *pids = NULL;
	size_t npids = 0;
	struct dirent *d;
	DIR *dir;

	if (ctl->npids) {
		pids = xcalloc(ctl->npids, sizeof(*pids));
		memcpy(pids, ctl->pids, ctl->npids * sizeof(*pids));
		npids = ctl->npids;
	} else {
		dir = opendir("/proc");
		if (!dir) {
			vms_err_errno(errno, "top: cannot read /proc");
			return VMS_EXIT_FAIL;
		}
		while ((d = readdir(dir))) {
			pid_t p;

			if (!vms_all_digits(d->d_name) || vms_pid_arg(d->d_name, &p))
				continue;
			pids = xreallocarray(pids, npids + 1, sizeof(*pids));
			pids[npids++] = p;
		}
		closedir(dir);
	}
	for (i = 0; i < npids; i++) {
		struct vms_source_req req = {
			.pid = pids[i], .sections = VMS_SECT_SUMMARY |
				(ctl->by == BY_MAPPING ? VMS_SECT_VMAS : 0),
			.source = VMS_SRC_PROC,
		};
		struct vms_buf one = { 0 };
		char what[128];
		int err;

		if (proc_is_kthread(pids[i])) {
			if (ctl->npids)
				add_skip(out, pids[i], VMS_REASON_KTHREAD, &nskip);
			continue;
		}
		err = vms_proc_fetch(&req, &one, what, sizeof(what));
		if (!err) {
			vms_buf_append(out, one.data, one.len);
			nrep++;
		} else {
			add_skip(out, pids[i], err == -EACCES || err == -EPERM ?
				 VMS_REASON_DENIED : VMS_REASON_EXITED, &nskip);
		}
		vms_buf_free(&one);
	}
	free(pids);
	vms_buf_printf(out, VMS_REC_DONE " " VMS_K_REPORTS "=%zu " VMS_K_SKIPPED
		       "=%zu\n", nrep, nskip);
	return VMS_EXIT_OK;
}

static int fetch_reply(struct top_ctl *ctl, struct vms_buf *out)
{
	struct vms_source_req req = { .sections = VMS_SECT_SUMMARY };
	struct vms_fetch_status st = { 0 };
	char line[VMS_REQUEST_MAX + 1];

	if (ctl->source != VMS_SRC_PROC) {
		/* One PID is a single-process request: a report, or an errno. */
		bool one = ctl->npids == 1;
		size_t nskip = 0;

		request_line(ctl, line, sizeof(line));
		one = one && line[0] != VMS_W_EVERY[0];
		if (!vms_module_fetch_line(line, strlen(line), out, &st)) {
			if (one)
				vms_buf_printf(out, VMS_REC_DONE " " VMS_K_REPORTS "=1 "
					       VMS_K_SKIPPED "=0\n");
			return VMS_EXIT_OK;
		}
		vms_buf_free(out);
		if (one && st.step == VMS_FETCH_WRITE &&
		    (st.err == -ESRCH || st.err == -EACCES)) {
			add_skip(out, ctl->pids[0], st.err == -ESRCH ? VMS_REASON_EXITED :
				 VMS_REASON_DENIED, &nskip);
			vms_buf_printf(out, VMS_REC_DONE " " VMS_K_REPORTS "=0 "
				       VMS_K_SKIPPED "=1\n");
			return VMS_EXIT_OK;
		}
		if (ctl->source != VMS_SRC_AUTO || st.step != VMS_FETCH_OPEN ||
		    st.err != -ENOENT) {
			vms_module_error(&req, &st);
			return VMS_EXIT_FAIL;
		}
	}
	/* auto without the module, as the other commands do (source.c). */
	if (!ctl->t.json && !ctl->t.raw)
		top_warn(ctl, NULL, "%s: without the module: figures from /proc/PID/smaps "
			 "(slower; ZERO, and THP only as smaps gives it; N0, N1, ... "
			 "from numa_maps)", ctl->name);
	return proc_reply(ctl, out);
}

static void note_skips(struct top_ctl *ctl, const struct vms_multi *m)
{
	size_t i, exited = 0, denied = 0, other = 0;

	for (i = 0; i < m->nskipped; i++) {
		const struct vms_skip *k = &m->skipped[i];

		if (!pid_matches(ctl, k->pid))
			continue;
		if (ctl->npids)
			top_warn(ctl, NULL, "%s: pid %" PRIu64 " not reported: %s",
				 ctl->name, k->pid,
				 !strcmp(k->reason, VMS_REASON_DENIED) ? "permission denied" :
				 !strcmp(k->reason, VMS_REASON_EXITED) ? "no such process" :
				 !strcmp(k->reason, VMS_REASON_KTHREAD) ? "kernel thread" :
				 k->reason);
		if (!strcmp(k->reason, VMS_REASON_DENIED))
			denied++;
		else if (!strcmp(k->reason, VMS_REASON_EXITED))
			exited++;
		else
			other++;
	}
	if (!ctl->npids && !ctl->quiet_skips && denied + exited + other)
		top_warn(ctl, "skipped", "%s: %zu processes not reported (%zu permission denied, "
			 "%zu exited, %zu other)", ctl->name,
			 denied + exited + other, denied, exited, other);
}

/*
 * --by mapping: the rows of one process @proc (filtered, from make_row()),
 * one per mapping it maps: the sums of its VMAs of that name (a VMA
 * without one is "[anon]"), PROCS 1, VMAS their number. Appended to
 * *rowsp (room for one more row kept), *np counted.
 */
static int mapping_rows(const struct top_ctl *ctl, const struct vms_snapshot *s,
			const struct row *proc, struct row **rowsp, size_t *np)
{
	size_t first = *np, i, j, c;

	for (i = 0; i < s->nvmas; i++) {
		const struct vms_record *vma = &s->vmas[i];
		const char *name = vms_rec_get(vma, VMS_K_NAME);
		struct row *r;

		if (!name || !name[0])
			name = "[anon]";
		for (j = first; j < *np; j++)
			if (!strcmp((*rowsp)[j].mapping, name))
				break;
		if (j == *np) {
			*rowsp = xreallocarray(*rowsp, *np + 2, sizeof(**rowsp));
			r = &(*rowsp)[(*np)++];
			memset(r, 0, sizeof(*r));
			r->pid = proc->pid;
			r->user = xstrdup(proc->user);
			r->comm = xstrdup(proc->comm);
			r->cgroup = xstrdup(proc->cgroup);
			r->mapping = xstrdup(name);
			row_numbers(ctl, r, true);
		}
		r = &(*rowsp)[j];
		if (add_node_figures(ctl, vma, proc->pid, r))
			return -1;
		for (c = 0; c < NTCOLS; c++) {
			const char *v;
			uint64_t u;

			if (tcols[c].from == TF_PROCS || tcols[c].from == TF_END) {
				r->v[c] = tcols[c].from == TF_PROCS ? 1 : r->v[c] + 1;
				r->has[c] = true;
				continue;
			}
			if (tcols[c].from != TF_TASK || tcols[c].type != TC_SIZE ||
			    !strcmp(tcols[c].key, VMS_K_PGTABLES))
				continue;
			v = vms_rec_get(vma, tcols[c].key);
			if (!v)
				continue;
			if (vms_parse_u64(v, &u) ||
			    u > (uint64_t)(INT64_MAX - r->v[c])) {
				vms_err("top: malformed report of pid %" PRIu64
					": bad %s=", proc->pid, tcols[c].key);
				return -1;
			}
			r->v[c] += u;
			r->has[c] = true;
		}
	}
	return 0;
}

/*
 * One request for every process the filters allow: its rows (one per
 * process, filtered, not grouped) into *rowsp, *np. A note of processes
 * not reported goes to standard error.
 */
static int collect_rows(struct top_ctl *ctl, struct row **rowsp, size_t *np)
{
	struct vms_buf reply = { 0 };
	struct vms_multi m;
	struct vms_error err;
	struct row *rows = NULL;
	size_t n = 0, i;
	int rc;

	*rowsp = NULL;
	*np = 0;
	rc = fetch_reply(ctl, &reply);
	if (rc) {
		vms_buf_free(&reply);
		return rc;
	}
	if (vms_multi_parse(reply.data, reply.len, &m, &err)) {
		char *msg = vms_error_string(&err, "reply");

		vms_err("%s", msg ? msg : "out of memory");
		free(msg);
		vms_multi_free(&m);
		vms_buf_free(&reply);
		return VMS_EXIT_FAIL;
	}
	scan_nodes(ctl, &m);
	rows = xcalloc(m.nsnaps ? m.nsnaps : 1, sizeof(*rows));
	for (i = 0; i < m.nsnaps; i++) {
		int k = make_row(ctl, m.snaps[i], &rows[n]);

		if (k < 0) {
			free_row(&rows[n]);
			rc = VMS_EXIT_FAIL;
			break;
		}
		if (k && ctl->by == BY_MAPPING) {
			struct row proc = rows[n];

			k = mapping_rows(ctl, m.snaps[i], &proc, &rows, &n);
			free_row(&proc);
			if (k < 0) {
				rc = VMS_EXIT_FAIL;
				break;
			}
			continue;
		}
		n += k;
	}
	if (!rc)
		note_skips(ctl, &m);
	vms_multi_free(&m);
	vms_buf_free(&reply);
	if (rc) {
		free_rows(rows, n);
		return rc;
	}
	*rowsp = rows;
	*np = n;
	return 0;
}

static int run_top(struct top_ctl *ctl)
{
	struct row *rows;
	size_t n;
	int rc;

	rc = collect_rows(ctl, &rows, &n);
	if (rc)
		return rc;
	plan_columns(ctl);
	if (ctl->by != BY_NONE)
		n = group_rows(ctl, rows, n);
	cgroup_files(ctl, rows, n);
	sort_ctl = ctl;
	qsort(rows, n, sizeof(*rows), cmp_rows);
	rc = print_rows(ctl, rows, n);
	free_rows(rows, n);
	return rc;
}

/*
 * -i: a frame every interval (a period: the next is due an interval after
 * the last was), redrawn in place on a terminal.
 */
static int top_frames(struct top_ctl *ctl)
{
	bool tty = isatty(STDOUT_FILENO) && !ctl->t.json && !ctl->t.raw;
	struct timespec due;
	long n;
	int rc = VMS_EXIT_OK;

	clock_gettime(CLOCK_MONOTONIC, &due);
	for (n = 0; ctl->count < 0 || n < ctl->count; n++) {
		if (n) {
			due.tv_sec += ctl->interval.tv_sec;
			due.tv_nsec += ctl->interval.tv_nsec;
			if (due.tv_nsec >= 1000000000L) {
				due.tv_nsec -= 1000000000L;
				due.tv_sec++;
			}
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL) == EINTR)
				;
		}
		if (tty)
			fputs("\033[H\033[2J", stdout);
		else if (n)
			putchar('\n');
		rc = run_top(ctl);
		if (rc)
			break;
		if (fflush(stdout) || ferror(stdout))
			return vms_close_stdout();
	}
	return rc;
}

/* Split a comma list into `*arr`. */
static void add_list(char ***arr, size_t *n, const char *list)
{
	char *copy = xstrdup(list), *tok, *save = NULL;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
		(*arr)[(*n)++] = xstrdup(tok);
	}
	free(copy);
}

static void free_list(char **arr, size_t n)
{
	while (n--)
		free(arr[n]);
	free(arr);
}

static int add_pids(struct top_ctl *ctl, const char *list)
{
	char **words = NULL;
	size_t n = 0, i;
	int rc = 0;

	add_list(&words, &n, list);
	for (i = 0; i < n; i++) {
		pid_t p;

		if (vms_pid_arg(words[i], &p)) {
			vms_err("%s: invalid PID: %s", ctl->name, words[i]);
			rc = VMS_EXIT_USAGE;
			break;
		}
		ctl->pids = xreallocarray(ctl->pids, ctl->npids + 1, sizeof(*ctl->pids));
		ctl->pids[ctl->npids++] = p;
	}
	if (!rc && !n) {
		vms_err("%s: no PID in -p", ctl->name);
		rc = VMS_EXIT_USAGE;
	}
	free_list(words, n);
	return rc;
}

/* Long options without a letter, of top and export. */
enum { OPT_SORT = VMS_OPT_FIRST, OPT_BY, OPT_CGROUP, OPT_COUNT, OPT_PER_PROCESS };

/*
 * The process filters top and export share: -p, -u, -C, --cgroup, -q.
 * Returns 1 if @c was one, 0 if not, -1 (after a message) if its
 * argument is bad.
 */
static int filter_option(struct top_ctl *ctl, int c, const char *arg)
{
	switch (c) {
	case OPT_CGROUP:
		if (arg[0] != '/') {
			vms_err("%s: invalid --cgroup '%s' (a path from the root, /...)",
				ctl->name, arg);
			return -1;
		}
		ctl->cgroups = xreallocarray(ctl->cgroups, ctl->ncgroups + 1,
					     sizeof(*ctl->cgroups));
		ctl->cgroups[ctl->ncgroups++] = xstrdup(arg);
		return 1;
	case 'p':
		return add_pids(ctl, arg) ? -1 : 1;
	case 'u':
		add_list(&ctl->users, &ctl->nusers, arg);
		return 1;
	case 'C':
		add_list(&ctl->comms, &ctl->ncomms, arg);
		return 1;
	case 'q':
		ctl->quiet_skips = true;
		return 1;
	}
	return 0;
}

static void free_ctl(struct top_ctl *ctl)
{
	free(ctl->asked);
	free(ctl->cols);
	free(ctl->node_known);
	free(ctl->cgroot);
	free_list(ctl->cgroups, ctl->ncgroups);
	free(ctl->pids);
	free_list(ctl->users, ctl->nusers);
	free_list(ctl->comms, ctl->ncomms);
	free_list(ctl->said, ctl->nsaid);
}

int cmd_top(int argc, char **argv)
{
	static const struct option longopts[] = {
		VMS_TABLE_LONGOPTS,
		{ "sort",	required_argument,	NULL, OPT_SORT },
		{ "interval",	required_argument,	NULL, 'i' },
		{ "count",	required_argument,	NULL, OPT_COUNT },
		{ "by",		required_argument,	NULL, OPT_BY },
		{ "cgroup",	required_argument,	NULL, OPT_CGROUP },
		{ "pid",	required_argument,	NULL, 'p' },
		{ "user",	required_argument,	NULL, 'u' },
		{ "command",	required_argument,	NULL, 'C' },
		{ "quiet",	no_argument,		NULL, 'q' },
		VMS_SOURCE_LONGOPT,
		VMS_HELP_LONGOPT
	};
	static const vms_excl_t excl[] = { VMS_TABLE_EXCL, { 0 } };
	int excl_st[VMS_ARRAY_SIZE(excl)] = VMS_EXCL_STATUS_INIT;
	struct top_ctl ctl = { .name = "top", .sort = "-PSS", .count = -2 };
	bool interval = false;
	int c, k, rc = VMS_EXIT_USAGE;
	uint64_t count;

	while ((c = getopt_long(argc, argv, ":" VMS_TABLE_SHORTOPTS "p:u:C:qi:h", longopts,
				NULL)) != -1) {
		if (vms_excl_check("top", longopts, excl, excl_st, c))
			goto out;
		if (vms_table_option(c, optarg, &ctl.t))
			continue;
		k = filter_option(&ctl, c, optarg);
		if (k < 0)
			goto out;
		if (k)
			continue;
		switch (c) {
		case OPT_SORT:
			ctl.sort = optarg;
			break;
		case OPT_BY:
			if (!strcmp(optarg, "user")) {
				ctl.by = BY_USER;
			} else if (!strcmp(optarg, "comm")) {
				ctl.by = BY_COMM;
			} else if (!strcmp(optarg, "cgroup")) {
				ctl.by = BY_CGROUP;
			} else if (!strcmp(optarg, "mapping")) {
				ctl.by = BY_MAPPING;
			} else {
				vms_err("top: invalid --by '%s' (user, comm, cgroup or mapping)",
					optarg);
				goto out;
			}
			break;
		case 'i':
			if (vms_parse_interval(optarg, &ctl.interval)) {
				vms_err("top: invalid interval: %s", optarg);
				goto out;
			}
			interval = true;
			break;
		case OPT_COUNT:
			if (vms_parse_u64(optarg, &count) || !count || count > LONG_MAX) {
				vms_err("top: invalid count: %s", optarg);
				goto out;
			}
			ctl.count = (long)count;
			break;
		case VMS_OPT_LIST:
			list_columns();
			rc = VMS_EXIT_OK;
			goto out;
		default:
			rc = vms_common_option("top", c, argv, usage, &ctl.source);
			if (rc != VMS_OPT_TAKEN)
				goto out;
			rc = VMS_EXIT_USAGE;
		}
	}
	if (ctl.t.output && !strcmp(ctl.t.output, "help")) {
		list_columns();
		rc = VMS_EXIT_OK;
		goto out;
	}
	if (optind < argc) {
		vms_err("top: unexpected argument: %s", argv[optind]);
		goto out;
	}
	if (parse_columns(&ctl))
		goto out;
	ctl.sort_desc = ctl.sort[0] == '-';
	if (col_lookup(ctl.sort + ctl.sort_desc, &ctl.sortcol)) {
		vms_err("top: unknown column: %s", ctl.sort + ctl.sort_desc);
		goto out;
	}
	if (ctl.sortcol == node_family()) {
		vms_err("top: --sort by one node's column: N0, N1, ...");
		goto out;
	}
	ask_node(&ctl, ctl.sortcol);
	{
		struct libmnt_table *mt = vms_mounts_load("/proc/self/mountinfo");

		ctl.cgroot = vms_mounts_cgroup2(mt);
		vms_mounts_free(mt);
	}
	if (interval || ctl.count != -2) {
		if (!interval)
			ctl.interval.tv_sec = 2;
		if (ctl.count == -2)
			ctl.count = -1;
		rc = top_frames(&ctl);
	} else {
		rc = run_top(&ctl);
	}
out:
	free_ctl(&ctl);
	return rc;
}

/* ---- vmscope export: the same rows as Prometheus text ------------------ */

/* The figures exported, in bytes: top's columns of these keys. */
static const char *const export_keys[] = {
	VMS_K_RSS, VMS_K_PSS, VMS_K_USS, VMS_K_SWAP, VMS_K_ANON, VMS_K_FILE,
	VMS_K_SHMEM, VMS_K_ZERO, VMS_K_THP, VMS_K_HUGETLB, VMS_K_LOCKED,
	VMS_K_PGTABLES,
};

static void export_usage(void)
{
	printf("Usage: vmscope export [options]\n"
	       "\n"
	       "Every process the caller may inspect, from one request, as metrics in\n"
	       "the Prometheus text exposition format (the node_exporter textfile\n"
	       "collector's): per cgroup and per command by default, per process too\n"
	       "with --per-process. Sizes are gauges in bytes; a group's figure is the\n"
	       "sum over its processes (RSS, USS and the like count a shared page once\n"
	       "per process: PSS sums are what a group uses). Bytes resident on each\n"
	       "NUMA node are one family, labelled node=\"N\".\n"
	       "\n"
	       "Options:\n"
	       "  -p, --pid PIDS        only these processes (comma list, repeatable)\n"
	       "  -u, --user USER       only processes of USER (name or uid; repeatable)\n"
	       "  -C, --command COMM    only processes whose command is COMM (comma list)\n"
	       "      --cgroup PATH     only processes in cgroup PATH or below it\n"
	       "      --per-process     also one series per process (pid, comm, user,\n"
	       "                        cgroup labels)\n"
	       "  -q, --quiet           no note of processes that could not be reported\n"
	       "      --source SRC      module, proc or auto\n"
	       "  -h, --help            this help\n"
	       "\n"
	       "Example (textfile collector): vmscope export -q > DIR/vmscope.prom.$$ &&\n"
	       "mv DIR/vmscope.prom.$$ DIR/vmscope.prom\n");
}

/* A label value: the report's escapes undone, then Prometheus' own. */
static void put_label(const char *name, const char *escaped, bool report_escaped,
		      const char *sep)
{
	size_t len = strlen(escaped);
	char *plain = report_escaped ? vms_unescape_dup(escaped, &len) : xstrdup(escaped);
	char *utf8;
	size_t i;

	if (!plain) {		/* a bad escape: as it came */
		plain = xstrdup(escaped);
		len = strlen(plain);
	}
	utf8 = vms_utf8_valid(plain, len) && strlen(plain) == len ? xstrdup(plain) :
	       vms_utf8_latin1(plain, len);
	printf("%s%s=\"", sep, name);
	for (i = 0; utf8[i]; i++) {
		if (utf8[i] == '\\' || utf8[i] == '"')
			printf("\\%c", utf8[i]);
		else if (utf8[i] == '\n')
			printf("\\n");
		else
			putchar(utf8[i]);
	}
	putchar('"');
	free(utf8);
	free(plain);
}

/* The labels of a row's series; a node's too unless @node is -1. */
static void put_labels(enum top_by by, const struct row *r, long node)
{
	char n[24];

	putchar('{');
	if (by == BY_CGROUP) {
		put_label("cgroup", r->cgroup, false, "");
	} else if (by == BY_COMM) {
		put_label("comm", r->comm, true, "");
	} else {
		char pid[24];

		snprintf(pid, sizeof(pid), "%" PRIu64, r->pid);
		put_label("pid", pid, false, "");
		put_label("comm", r->comm, true, ",");
		put_label("user", r->user, false, ",");
		put_label("cgroup", r->cgroup, false, ",");
	}
	if (node >= 0) {
		snprintf(n, sizeof(n), "%ld", node);
		put_label("node", n, false, ",");
	}
	putchar('}');
}

static struct row *copy_rows(const struct top_ctl *ctl, const struct row *rows,
			     size_t n)
{
	struct row *c = xcalloc(n ? n : 1, sizeof(*c));
	size_t i;

	for (i = 0; i < n; i++) {
		c[i] = rows[i];
		c[i].user = xstrdup(rows[i].user);
		c[i].comm = xstrdup(rows[i].comm);
		c[i].cgroup = xstrdup(rows[i].cgroup);
		c[i].v = xreallocarray(NULL, ctl->nslots, sizeof(*c[i].v));
		c[i].has = xreallocarray(NULL, ctl->nslots, sizeof(*c[i].has));
		memcpy(c[i].v, rows[i].v, ctl->nslots * sizeof(*c[i].v));
		memcpy(c[i].has, rows[i].has, ctl->nslots * sizeof(*c[i].has));
	}
	return c;
}

static const struct top_ctl *export_sort_ctl;

static int cmp_export(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (export_sort_ctl->by == BY_NONE)
		return x->pid < y->pid ? -1 : x->pid > y->pid;
	return strcmp(group_key(export_sort_ctl, x), group_key(export_sort_ctl, y));
}

/* One family per figure (and, for groups, their process counts). */
static void export_rows(struct top_ctl *ctl, enum top_by by,
			const struct row *all, size_t nall)
{
	static const char *const level[] = {
		[BY_NONE] = "process", [BY_COMM] = "comm", [BY_CGROUP] = "cgroup",
	};
	static const char *const whose[] = {
		[BY_NONE] = "", [BY_COMM] = ", summed over the processes of the command",
		[BY_CGROUP] = ", summed over the processes of the cgroup (v2)",
	};
	struct row *rows = copy_rows(ctl, all, nall);
	size_t n = nall, i, k, c = 0;

	ctl->by = by;
	if (by != BY_NONE)
		n = group_rows(ctl, rows, n);
	export_sort_ctl = ctl;
	qsort(rows, n, sizeof(*rows), cmp_export);
	if (by != BY_NONE) {
		col_lookup("PROCS", &c);
		printf("# HELP vmscope_%s_processes Processes reported in the %s.\n"
		       "# TYPE vmscope_%s_processes gauge\n", level[by],
		       by == BY_COMM ? "command's group" : "cgroup", level[by]);
		for (i = 0; i < n; i++) {
			printf("vmscope_%s_processes", level[by]);
			put_labels(by, &rows[i], -1);
			printf(" %" PRId64 "\n", rows[i].v[c]);
		}
	}
	for (k = 0; k < VMS_ARRAY_SIZE(export_keys); k++) {
		for (c = 0; c < NTCOLS; c++)
			if (tcols[c].key && !strcmp(tcols[c].key, export_keys[k]))
				break;
		printf("# HELP vmscope_%s_%s_bytes %c%s%s.\n"
		       "# TYPE vmscope_%s_%s_bytes gauge\n",
		       level[by], export_keys[k], toupper((unsigned char)tcols[c].help[0]),
		       tcols[c].help + 1, whose[by], level[by], export_keys[k]);
		for (i = 0; i < n; i++) {
			if (!rows[i].has[c])
				continue;
			printf("vmscope_%s_%s_bytes", level[by], export_keys[k]);
			put_labels(by, &rows[i], -1);
			printf(" %" PRId64 "\n", rows[i].v[c]);
		}
	}
	printf("# HELP vmscope_%s_node_resident_bytes Resident on the NUMA node, hugetlb "
	       "included%s.\n# TYPE vmscope_%s_node_resident_bytes gauge\n",
	       level[by], whose[by], level[by]);
	for (i = 0; i < n; i++) {
		for (k = 0; k < ctl->nnodes; k++) {
			if (!rows[i].has[NTCOLS + k])
				continue;
			printf("vmscope_%s_node_resident_bytes", level[by]);
			put_labels(by, &rows[i], k);
			printf(" %" PRId64 "\n", rows[i].v[NTCOLS + k]);
		}
	}
	free_rows(rows, n);
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cgroup",	required_argument,	NULL, OPT_CGROUP },
		{ "per-process", no_argument,		NULL, OPT_PER_PROCESS },
		{ "pid",	required_argument,	NULL, 'p' },
		{ "user",	required_argument,	NULL, 'u' },
		{ "command",	required_argument,	NULL, 'C' },
		{ "quiet",	no_argument,		NULL, 'q' },
		VMS_SOURCE_LONGOPT,
		VMS_HELP_LONGOPT
	};
	struct top_ctl ctl = { .name = "export" };
	bool per_process = false;
	struct row *rows = NULL;
	size_t n = 0;
	int c, k, rc = VMS_EXIT_USAGE;

	while ((c = getopt_long(argc, argv, ":p:u:C:qh", longopts, NULL)) != -1) {
		k = filter_option(&ctl, c, optarg);
		if (k < 0)
			goto out;
		if (k)
			continue;
		switch (c) {
		case OPT_PER_PROCESS:
			per_process = true;
			break;
		default:
			rc = vms_common_option("export", c, argv, export_usage, &ctl.source);
			if (rc != VMS_OPT_TAKEN)
				goto out;
			rc = VMS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		vms_err("export: unexpected argument: %s", argv[optind]);
		goto out;
	}
	rc = collect_rows(&ctl, &rows, &n);
	if (rc)
		goto out;
	export_rows(&ctl, BY_CGROUP, rows, n);
	export_rows(&ctl, BY_COMM, rows, n);
	if (per_process)
		export_rows(&ctl, BY_NONE, rows, n);
	free_rows(rows, n);
	rc = vms_close_stdout();
out:
	free_ctl(&ctl);
	return rc;
}
