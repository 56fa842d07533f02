/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmscope-acct: what its parts share. main.c says what the program does;
 * each other file is one part of it:
 *
 *   keys.c             the report's numeric keys, as indexes into struct rec
 *   report.c           the module's report, read with libvmscope's parser
 *   frames.c           kpageflags, kpagecount, folios, the node of a frame
 *   kernel.c           one read of the kernel's files about a process
 *   pagemap_oracle.c   the vma fields and extents derived page by page
 *   expect_report.c    --expect: the report the module should print
 *   compare.c          matching VMAs, comparing one field, mismatch lists
 *   check_*.c          one check class (one TAP line per process) each
 *   rounds.c           race-proof rounds: kernel, reports, kernel again
 *
 * Parsing (text into numbers) is libvmscope's; the arithmetic that turns
 * the kernel's figures into the expected ones is acct's own, on purpose:
 * it must not share a mistake with the module or the CLI it checks.
 */
#ifndef VMSCOPE_GUEST_ACCT_H
#define VMSCOPE_GUEST_ACCT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <vmscope/format.h>

#include "procparse.h"
#include "snapshot.h"
#include "util.h"
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

/*
 * pagemap entry bits (Documentation/admin-guide/mm/pagemap.rst); no uapi
 * header has them, and libvmscope keeps its own private.
 */
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_SOFT_DIRTY	(1ULL << 55)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)
/* Swap types at and above this are migration, hwpoison, device and marker
 * entries (MAX_SWAPFILES is 32 minus those, 23 or more on x86-64). */
#define SWP_TYPES	16

/* KPF_* are <linux/kernel-page-flags.h>'s; this one is kernel-internal. */
#define KPF_RESERVED_BIT	32
#define KF(b)		(1ULL << (b))

/* ---- keys.c: the report's numeric keys ---- */

enum {
	K_VSZ, K_RSS, K_ANON, K_FILE, K_SHMEM, K_ZERO, K_SWAP, K_NONE,
	K_OTHER, K_PSS, K_USS, K_SHARED, K_PRIVATE, K_DIRTY, K_YOUNG,
	K_SOFTDIRTY, K_LOCKED, K_KSM, K_THP, K_LARGE, K_HUGETLB, K_HPAGE,
	K_PGTABLES, K_RUNS, K_MINFLT, K_MAJFLT, K_OOM,
	K_PSS_DIRTY, K_SHARED_CLEAN, K_SHARED_DIRTY, K_PRIVATE_CLEAN,
	K_PRIVATE_DIRTY, K_LAZYFREE, K_HUGETLB_SHARED, K_HUGETLB_PRIVATE,
	K_KERNEL_PAGE, K_MMU_PAGE, K_PKEY, K_PSS_ANON, K_PSS_FILE,
	K_PSS_SHMEM, K_MISPLACED, K_ACTIVE, K_WRITEBACK, K_SWAPCACHE,
	K_MAPMAX, K_NAMED,
	K_O0 = K_NAMED,
	K_N0 = K_O0 + NORD,
	NKEYS = K_N0 + NNODE
};

/* The vma fields format.rst requires (oK and nK are optional). */
extern const int vma_required[];
extern const size_t n_vma_required;
/* The task record's (format.rst): sums, and what is not a sum. */
extern const int task_required[];
extern const size_t n_task_required;

int key_index(const char *k, size_t len);
const char *key_name(int k);

struct rec {
	u64 v[NKEYS];
	bool have[NKEYS];
};

void rec_set(struct rec *r, int k, u64 v);
void rec_add(struct rec *r, int k, u64 v);
/* oK and nK are printed only when non-zero: absent means 0. */
u64 rec_get(const struct rec *r, int k);

/* ---- extents ---- */

struct ext {
	unsigned long start, end;
	int state;		/* enum vms_state, or -1 when unknown */
	long order;		/* -1 when absent */
	bool has_pfn;
	u64 pfn;
	char *canon;		/* "START-END state=.. type=.. ..." */
};

struct exts {
	struct ext *e;
	size_t n, cap;
};

struct ext *exts_add(struct exts *x, unsigned long start, unsigned long end,
		     int state, char *canon);
void exts_free(struct exts *x);
/* The canonical text both sides of an extent comparison are printed in. */
char *ext_canon(unsigned long start, unsigned long end, const char *state,
		const char *type, const char *map, long order, long node,
		bool has_pfn, u64 pfn);

/* ---- report.c: the module's report ---- */

struct mvma {
	unsigned long start, end;
	int kind;		/* enum vms_kind, or -1 */
	char *vmflags;		/* vmflags= (malloc'd), or NULL */
	char *policy;		/* policy=, unescaped (malloc'd), or NULL */
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

void report_free(struct report *r);
/*
 * Parse a report of @pid, @len bytes of malloc'd @text (taken over); NULL
 * when well formed, else a message (malloc'd).
 */
char *parse_report(char *text, size_t len, pid_t pid, struct report *r);

/* ---- frames.c: kpageflags, kpagecount, nodes ---- */

extern int kpf_fd, kpc_fd;
extern const char *kpf_err;
extern char nodes_list[256];

void kcache_reset(void);
u64 kpf(u64 pfn);
u64 kpc(u64 pfn);
/* Forget the folio folio_of() found last (a new VMA, a new read). */
void folio_reset(void);
/* The folio holding @pfn, from COMPOUND_HEAD/TAIL; false if inconsistent. */
bool folio_of(u64 pfn, u64 *head, int *order);
void load_nodes(void);
int pfn_node(u64 pfn);

/* ---- kernel.c: the kernel's view of one process ---- */

enum {
	SM_SIZE, SM_KPS, SM_RSS, SM_PSS, SM_SHC, SM_SHD, SM_PRC, SM_PRD,
	SM_REF, SM_ANON, SM_KSM, SM_AHP, SM_SPM, SM_FPM, SM_SHH, SM_PRH,
	SM_SWAP, SM_LOCKED, SM_PSS_DIRTY, SM_LAZYFREE, SM_MMU, SM_PKEY,
	SM_PSS_ANON, SM_PSS_FILE, SM_PSS_SHMEM, NSM
};

/* The smaps lines acct reads, by SM_*. */
extern const char *const sm_names[NSM];

/* How a VMA's pages could be derived from pagemap. */
enum {
	DM_PAGES,	/* page by page */
	DM_BIG,		/* > BIG_VMA: must be empty, not read per page */
	DM_OPAQUE,	/* PFN map or vsyscall: pagemap shows holes */
};

struct kvma {
	unsigned long start, end;
	const char *perms;
	u64 offset;
	unsigned long inode;
	unsigned int dmaj, dmin;
	const char *name;	/* decoded, as smaps gives it */
	const struct vms_smaps_vma *sv;	/* its smaps entry, or NULL */
	u64 sm[NSM];		/* kB */
	unsigned int sm_have;	/* bit per SM_* */
	bool numa_have;
	u64 numa_n[NNODE];	/* numa_maps NK= */
	u64 numa_kps;		/* kernelpagesize_kB */
	char numa_policy[64];	/* numa_maps' policy text */
	u64 numa_active, numa_writeback, numa_swapcache, numa_mapmax;
	bool numa_has_active, numa_has_mapmax;

	int vtype;		/* VMS_TYPE_*: the VMA's type for non-present pages */
	bool hugetlb, pfnmap, locked, vsyscall;
	int mode;		/* DM_* */
	struct rec d;		/* the vma fields, derived from the kernel */
	u64 pss_fixed, locked_fixed;
	u64 pss_type_fixed[VMS_TYPE_NR];	/* pss by folio type */
	u64 resv[NNODE];	/* bytes of reserved pages, per node */
	u64 kref;		/* rss bytes whose folio is PG_referenced */
	bool map_guess;		/* PMD mapping inferred, not read */
	struct exts x, xp;	/* extents without and with pfn */
	char *problem;		/* the derivation failed: why */
	/*
	 * bytes of smaps Swap that are object pages this process maps a
	 * private copy of (pagemap_oracle.c, format.rst)
	 */
	u64 swap_elsewhere;
};

struct ksnap {
	pid_t pid;
	struct vms_smaps smaps;	/* what v[] points into */
	struct kvma *v;
	size_t n;
	u64 roll[NSM];
	unsigned int roll_have;
	bool have_vmpte;
	u64 vmpte, minflt, majflt;
	long long oom;
	char *comm;
	struct vms_buf blob;	/* everything, for comparing two reads */
	char *err;
};

u64 smv(const struct kvma *v, int i);
bool smh(const struct kvma *v, int i);
bool vmflag(const struct kvma *v, const char *f);
/* smaps' VmFlags as the report gives them: comma-joined (malloc'd). */
char *smaps_vmflags(const struct kvma *v);
/* Read everything the kernel says about @pid. k->err is set on failure. */
void ksnap_read(pid_t pid, struct ksnap *k);
void ksnap_free(struct ksnap *k);
/* What changed between two reads, for the log (malloc'd). */
char *ksnap_diff(const struct ksnap *a, const struct ksnap *b);

/* ---- pagemap_oracle.c ---- */

/* The vma fields and extents of @v, page by page, from pagemap (@pmfd). */
void derive(pid_t pid, int pmfd, struct kvma *v);

/* ---- expect_report.c ---- */

/* The report the module should print for @pid: 0, or 2 on failure. */
int expect_report(FILE *f, pid_t pid, bool pfn);

/* ---- compare.c: mismatches and the comparison of one field ---- */

/* Mismatches of one check class: the first MAX_MISMATCH are kept. */
struct mism {
	struct vms_buf txt;
	int n;
};

void mism_add(struct mism *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* One TAP line for the class, ok when nothing was added. */
void mism_tap(struct mism *m, const char *name);

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

const char *vname(const struct kvma *v);

#define VF	"vma %lx-%lx %s"
#define VA(v)	(v)->start, (v)->end, vname(v)

/* module field @k against @want from @src; false on mismatch */
bool cmp(struct mism *m, const struct kvma *v, const struct rec *r, int k,
	 u64 want, const char *src);
/* module bytes >> 10 against a kB figure (pss, locked) */
void cmp_kb(struct mism *m, const struct kvma *v, const struct rec *r, int k,
	    u64 want_kb, const char *src);
int match_vmas(const struct ksnap *k, const struct report *r, int *match,
	       struct mism *m);

/*
 * The kernel's VMAs the report ("all") has, in turn: the next from *@i
 * on, with its record in *@r; NULL when there are no more (or no report).
 */
const struct kvma *next_matched(const struct check *c, size_t *i,
				const struct rec **r);
/* The TAP line of a check class over c->r (failing without one). */
void class_tap(const struct check *c, struct mism *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- check_*.c: one TAP line each ---- */

void check_report(struct check *c);
void check_smaps(struct check *c);
/* The fields smaps (or smaps_rollup, @vma false) gives, into @m. */
void cmp_smaps_fields(struct mism *m, const struct kvma *v,
		      const struct rec *r, bool vma, const char *src);
void check_numa(struct check *c);
void check_without_extents(struct check *c, const struct report *rs,
			   const char *rserr);
void check_summary_alone(struct check *c, const struct report *ra,
			 const char *raerr, long long batched);
/* numa_maps' page states of @v as report keys (what it implies, too). */
void numa_states(const struct kvma *v, struct rec *r);
void check_policy(struct check *c);
void check_pagemap(struct check *c);
void check_invariants(struct check *c);
void check_extents(struct check *c, bool pfn);
void check_task(struct check *c);
struct source;
/* Pages the kernel's own reclaim has scanned (/proc/vmstat pgscan_*). */
long long reclaim_scanned(void);
void check_expectations(const char *label, const struct ksnap *k,
			const struct expectation *ex, size_t nex,
			const struct source *src);

/* ---- rounds.c ---- */

struct source {
	const char *file;	/* report from a file instead of the module */
	const char *file_pfn;
	bool self;		/* the --expect report, made on the spot */
	long long pgscan;	/* reclaim_scanned() as the workload started */
};

void check_process(const char *label, pid_t pid, const struct source *src,
		   const struct expectation *ex, size_t nex);

/* ---- small helpers (compare.c) ---- */

char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xstrndup(const char *s, size_t n);
static inline const char *buf_str(const struct vms_buf *b)
{
	return b->data ? b->data : "";
}

#endif /* VMSCOPE_GUEST_ACCT_H */
