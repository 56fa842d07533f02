// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Reports without the module: the same format (version 1) built from
 * /proc/PID/smaps, numa_maps, smaps_rollup, status, stat and pagemap.
 *
 * Only the fields /proc can give are written: identity, kind (from names,
 * VmFlags and mountinfo), vsz, rss, anon, file and shmem (the rest of rss
 * by the kind of mapping), swap, pss, uss, shared, private, dirty, young,
 * locked, ksm (where smaps has it), thp, hugetlb, hpage and nK; zero,
 * none, other and extents when pagemap is readable (not for PFN maps such
 * as [vvar], which pagemap shows as holes: their extents say unknown).
 * The header says source=proc. The reads are not one consistent walk: on
 * a running target the files may disagree with one another. A target
 * whose address space goes away before the last read gives a report that
 * ends "partial reason=exited", with the VMAs scanned before.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>
#include <vmscope/format.h>

#include "escape.h"
#include "mounts.h"
#include "pagemap.h"
#include "procparse.h"
#include "source.h"

/* Above this, a VMA with nothing in smaps is not scanned page by page. */
#define PM_SCAN_MAX	(64ULL << 30)

/* A running sum per task key, in the order the task record prints them. */
struct total {
	const char *key;
	uint64_t sum;
	bool seen;
};

enum {
	T_VSZ, T_RSS, T_ANON, T_FILE, T_SHMEM, T_ZERO, T_SWAP, T_NONE, T_OTHER,
	T_PSS, T_USS, T_SHARED, T_PRIVATE, T_DIRTY, T_YOUNG, T_LOCKED, T_KSM,
	T_THP, T_HUGETLB, T_NR
};

static const char *const total_keys[T_NR] = {
	[T_VSZ] = VMS_K_VSZ,		[T_RSS] = VMS_K_RSS,
	[T_ANON] = VMS_K_ANON,		[T_FILE] = VMS_K_FILE,
	[T_SHMEM] = VMS_K_SHMEM,	[T_ZERO] = VMS_K_ZERO,
	[T_SWAP] = VMS_K_SWAP,		[T_NONE] = VMS_K_NONE,
	[T_OTHER] = VMS_K_OTHER,	[T_PSS] = VMS_K_PSS,
	[T_USS] = VMS_K_USS,		[T_SHARED] = VMS_K_SHARED,
	[T_PRIVATE] = VMS_K_PRIVATE,	[T_DIRTY] = VMS_K_DIRTY,
	[T_YOUNG] = VMS_K_YOUNG,	[T_LOCKED] = VMS_K_LOCKED,
	[T_KSM] = VMS_K_KSM,		[T_THP] = VMS_K_THP,
	[T_HUGETLB] = VMS_K_HUGETLB,
};

struct builder {
	const struct vms_source_req *req;
	struct vms_buf *out;
	struct vms_smaps smaps;
	struct vms_numa numa;
	bool have_numa;
	struct vms_pagemap pm;
	bool have_pm;
	bool exited;			/* the address space went away */
	char nodes[512];		/* nodes with memory: "0,1" */
	int one_node;			/* the only one, or -1 */
	struct libmnt_table *mounts;	/* NULL: no mountinfo */
	uint64_t page_size;
	struct total t[T_NR];
	/* Per node (any number numa_maps names): bytes, and whether seen. */
	uint64_t *node_bytes;
	bool *node_seen;
	size_t nnodes;
	size_t nvmas, nexts;
};

static void put(struct builder *b, int k, uint64_t v)
{
	vms_buf_printf(b->out, " %s=%" PRIu64, total_keys[k], v);
	b->t[k].sum += v;
	b->t[k].seen = true;
}

static uint64_t kb(const struct vms_smaps_vma *v, const char *key)
{
	uint64_t x;

	return vms_smaps_get(v, key, &x) ? x * 1024 : 0;
}

static uint64_t kb_sum(const struct vms_smaps_vma *v, const char *const *keys)
{
	uint64_t x;

	return vms_smaps_sum(v, keys, &x) ? x : 0;
}

static const char *const shared_keys[] = { "Shared_Clean", "Shared_Dirty", NULL };
static const char *const private_keys[] = { "Private_Clean", "Private_Dirty", NULL };
static const char *const dirty_keys[] = { "Shared_Dirty", "Private_Dirty", NULL };
static const char *const thp_keys[] = { "AnonHugePages", "ShmemPmdMapped",
					"FilePmdMapped", NULL };
static const char *const hugetlb_keys[] = { "Shared_Hugetlb", "Private_Hugetlb", NULL };

static bool on_tmpfs(struct builder *b, const struct vms_smaps_vma *v)
{
	char path[96];
	struct statfs sf;

	snprintf(path, sizeof(path), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64,
		 (int)b->req->pid, v->start, v->end);
	if (statfs(path, &sf) == 0)
		return sf.f_type == TMPFS_MAGIC;
	return vms_mounts_tmpfs(b->mounts, v->dev);
}

static enum vms_type vma_type(enum vms_kind kind, bool file)
{
	if (kind == VMS_KIND_SHMEM)
		return VMS_TYPE_SHMEM;
	return file ? VMS_TYPE_FILE : VMS_TYPE_ANON;
}


struct pm_figures {
	uint64_t zero, none, other;
};

/* One run over the whole VMA. */
static void whole(struct vms_pm_scan *sc, const struct vms_smaps_vma *v,
		  int state, enum vms_type type, int map, uint64_t page_size)
{
	memset(sc, 0, sizeof(*sc));
	sc->run = xreallocarray(NULL, 1, sizeof(*sc->run));
	sc->run[0] = (struct vms_pm_run){ .start = v->start, .end = v->end,
		.state = state, .type = type, .map = map, .node = -1 };
	sc->nrun = sc->cap = 1;
	sc->pages[state] = (v->end - v->start) / page_size;
}

/*
 * Every page resident, of one type, mapped at one level: smaps says all
 * there is and pagemap need not be read. Then true, and *sc is one run.
 */
static bool all_in_smaps(const struct vms_pm_vma *pv, const struct vms_smaps_vma *v,
			 uint64_t rss, uint64_t anon, uint64_t hugetlb, uint64_t swap,
			 struct vms_pm_scan *sc, uint64_t page_size)
{
	uint64_t vsz = pv->end - pv->start;
	int type, map;

	/* Rss has no zero page in it: all of vsz in it leaves none. */
	if (rss != vsz || hugetlb || swap || pv->pfnmap)
		return false;
	if (anon == rss)
		type = VMS_TYPE_ANON;
	else if (!anon && pv->type != VMS_TYPE_ANON)
		type = pv->file_type;
	else
		return false;
	if (!pv->thp)
		map = VMS_MAP_PTE;
	else if (pv->thp == vsz)
		map = VMS_MAP_PMD;
	else
		return false;
	whole(sc, v, VMS_PM_PRESENT, type, map, page_size);
	return true;
}

/*
 * zero, none, other and the extents of `v` from pagemap: 0, -ESRCH when
 * the address space has gone, or another -errno when pagemap cannot tell
 * (a PFN map, the vsyscall page): then *sc is one unknown run.
 */
static int scan_pagemap(struct builder *b, const struct vms_smaps_vma *v,
			enum vms_kind kind, uint64_t rss, uint64_t anon, uint64_t hugetlb,
			uint64_t swap, struct vms_pm_scan *sc, struct pm_figures *fig)
{
	bool file = v->inode != 0 || strcmp(v->dev, "00:00");
	uint64_t vsz = v->end - v->start, ps = b->page_size, present;
	struct vms_pm_vma pv = {
		.start = v->start, .end = v->end,
		.type = vma_type(kind, file), .file_type = vma_type(kind, true),
		.pfnmap = kind == VMS_KIND_VVAR || kind == VMS_KIND_PFNMAP ||
			  kind == VMS_KIND_OTHER,
		.anon = !file && (kind == VMS_KIND_ANON || kind == VMS_KIND_HEAP ||
				  kind == VMS_KIND_STACK),
		.thp = kb_sum(v, thp_keys),
		.hpage = kind == VMS_KIND_HUGETLB ? kb(v, "KernelPageSize") : 0,
	};
	int err;

	if (!b->have_pm || vms_smaps_flag(v, "pf")) {
		/* pagemap shows PFN maps ([vvar]) as holes. */
		whole(sc, v, VMS_PM_UNKNOWN, pv.type, -1, ps);
		return -ENODATA;
	}
	if (vsz > PM_SCAN_MAX && v->perms[0] == '-' && v->perms[1] == '-' &&
	    v->perms[2] == '-' && !rss && !swap && !hugetlb) {
		/* A reservation: nothing can be mapped without a fault. */
		whole(sc, v, VMS_PM_NONE, pv.type, -1, ps);
	} else if (!all_in_smaps(&pv, v, rss, anon, hugetlb, swap, sc, ps)) {
		err = vms_pagemap_scan(&b->pm, &pv, sc);
		if (err) {
			if (err == -ESRCH)
				return err;
			whole(sc, v, VMS_PM_UNKNOWN, pv.type, -1, ps);
			return err;
		}
		vms_pm_resolve(sc, (rss + hugetlb) / ps);
	}
	present = (sc->pages[VMS_PM_PRESENT] + sc->pages[VMS_PM_ZERO] +
		   sc->pages[VMS_PM_OTHER] + sc->pages[VMS_PM_UNKNOWN]) * ps;
	if (!sc->pages[VMS_PM_UNKNOWN])
		fig->zero = sc->pages[VMS_PM_ZERO] * ps;
	else	/* some may be either: what is present but not in Rss */
		fig->zero = present > rss + hugetlb ? present - rss - hugetlb : 0;
	fig->other = present > rss + hugetlb + fig->zero ?
		     present - rss - hugetlb - fig->zero : 0;
	/* Swapped shmem pages have no entry: smaps Swap counts them. */
	fig->none = vsz > present + swap ? vsz - present - swap : 0;
	return 0;
}

static void add_node(struct builder *b, unsigned int node, uint64_t bytes)
{
	if (node >= b->nnodes) {
		size_t n = node + 1;

		b->node_bytes = xreallocarray(b->node_bytes, n, sizeof(*b->node_bytes));
		b->node_seen = xreallocarray(b->node_seen, n, sizeof(*b->node_seen));
		memset(b->node_bytes + b->nnodes, 0, (n - b->nnodes) * sizeof(*b->node_bytes));
		memset(b->node_seen + b->nnodes, 0, (n - b->nnodes) * sizeof(*b->node_seen));
		b->nnodes = n;
	}
	b->node_bytes[node] += bytes;
	b->node_seen[node] = true;
}

/*
 * nN of the VMA; the node its resident pages are on if only one, else -1.
 * With one node of memory in the system, that node holds rss + hugetlb
 * (all of it, as the format says, also the pages numa_maps leaves out).
 */
static int put_nodes(struct builder *b, const struct vms_smaps_vma *v,
		     uint64_t resident)
{
	const struct vms_numa_vma *nm;
	int only = -1, seen = 0;
	size_t i;

	if (b->one_node >= 0) {
		if (!resident)
			return -1;
		vms_buf_printf(b->out, " %c%d=%" PRIu64, VMS_K_NODE_PREFIX,
			       b->one_node, resident);
		add_node(b, b->one_node, resident);
		return b->one_node;
	}
	nm = b->have_numa ? vms_numa_find(&b->numa, v->start) : NULL;
	for (i = 0; nm && i < nm->nn; i++) {
		uint64_t bytes = nm->n[i].pages * nm->pagesize_kb * 1024;

		if (!bytes)
			continue;
		vms_buf_printf(b->out, " %c%u=%" PRIu64, VMS_K_NODE_PREFIX,
			       nm->n[i].node, bytes);
		add_node(b, nm->n[i].node, bytes);
		only = nm->n[i].node;
		seen++;
	}
	return seen == 1 ? only : -1;
}

static int put_vma(struct builder *b, const struct vms_smaps_vma *v,
		   struct vms_buf *ext)
{
	bool tmpfs = (v->inode || strcmp(v->dev, "00:00")) && on_tmpfs(b, v);
	enum vms_kind kind = vms_smaps_kind(v, tmpfs);
	uint64_t rss = kb(v, "Rss"), swap = kb(v, "Swap"), anon = kb(v, "Anonymous");
	uint64_t hugetlb = kb_sum(v, hugetlb_keys), x, hpage, rest;
	struct vms_pm_scan sc;
	struct pm_figures fig = { 0 };
	char *name;
	int err, node;
	bool pm;

	err = scan_pagemap(b, v, kind, rss, anon, hugetlb, swap, &sc, &fig);
	if (err == -ESRCH) {
		/* Gone: this VMA and those after it are not in the report. */
		b->exited = true;
		return 0;
	}
	pm = !err;
	vms_buf_printf(b->out, VMS_REC_VMA " " VMS_K_START "=0x%" PRIx64 " " VMS_K_END
		       "=0x%" PRIx64 " " VMS_K_PERMS "=%s " VMS_K_OFFSET "=0x%" PRIx64
		       " " VMS_K_DEV "=%s " VMS_K_INODE "=%" PRIu64 " " VMS_K_KIND "=%s",
		       v->start, v->end, v->perms, v->offset, v->dev, v->inode,
		       vms_kind_word(kind));
	put(b, T_VSZ, v->end - v->start);
	put(b, T_RSS, rss);
	put(b, T_ANON, anon);
	/* What of rss is not anonymous is the mapping's: shmem or a file's. */
	rest = rss > anon ? rss - anon : 0;
	put(b, T_FILE, kind == VMS_KIND_SHMEM ? 0 : rest);
	put(b, T_SHMEM, kind == VMS_KIND_SHMEM ? rest : 0);
	if (pm)
		put(b, T_ZERO, fig.zero);
	put(b, T_SWAP, swap);
	if (pm) {
		put(b, T_NONE, fig.none);
		put(b, T_OTHER, fig.other);
	}
	put(b, T_PSS, kb(v, "Pss"));
	put(b, T_USS, kb_sum(v, private_keys));
	put(b, T_SHARED, kb_sum(v, shared_keys));
	put(b, T_PRIVATE, kb_sum(v, private_keys));
	put(b, T_DIRTY, kb_sum(v, dirty_keys));
	put(b, T_YOUNG, kb(v, "Referenced"));
	put(b, T_LOCKED, kb(v, "Locked"));
	if (vms_smaps_get(v, "KSM", &x))
		put(b, T_KSM, x * 1024);
	put(b, T_THP, kb_sum(v, thp_keys));
	put(b, T_HUGETLB, hugetlb);
	hpage = kb(v, "KernelPageSize");
	if (hpage)
		vms_buf_printf(b->out, " " VMS_K_HPAGE "=%" PRIu64, hpage);
	node = put_nodes(b, v, rss + hugetlb);
	name = vms_escape(v->name, v->name_len);
	if (!name) {
		vms_pm_scan_free(&sc);
		return -ENOMEM;
	}
	vms_buf_printf(b->out, " " VMS_K_NAME "=%s\n", name);
	free(name);
	if (ext) {
		/* Over several nodes: ask page by page, if the kernel answers. */
		if (node >= 0)
			vms_pm_set_node(&sc, node);
		else if (pm && rss + hugetlb)
			vms_pm_nodes(&sc, b->req->pid, b->page_size);
		b->nexts += vms_pm_print(&sc, ext);
	}
	vms_pm_scan_free(&sc);
	b->nvmas++;
	return 0;
}

/* /proc/PID/NAME as a malloc'd string, or NULL with *err set. */
static char *read_text(const char *name, pid_t pid, int *err)
{
	struct vms_buf buf = { 0 };

	*err = vms_proc_read(pid, name, &buf);
	if (*err) {
		vms_buf_free(&buf);
		return NULL;
	}
	return buf.data;
}

static void put_header(struct builder *b, uint64_t t0)
{
	struct utsname u;
	char *comm, *esc = NULL, *kernel = NULL;
	int err;

	comm = read_text("comm", b->req->pid, &err);
	if (comm) {
		comm[strcspn(comm, "\n")] = '\0';
		esc = vms_escape(comm, strlen(comm));
	}
	if (uname(&u) == 0)
		kernel = vms_escape(u.release, strlen(u.release));
	vms_buf_printf(b->out, VMS_REC_HEADER " " VMS_K_VERSION "=%d " VMS_K_PID "=%d "
		       VMS_K_COMM "=%s " VMS_K_KERNEL "=%s " VMS_K_PAGE_SIZE "=%" PRIu64
		       " " VMS_K_NODES "=%s " VMS_K_TIME_NS "=%" PRIu64 " " VMS_K_SOURCE
		       "=" VMS_SOURCE_PROC "\n", VMS_FORMAT_VERSION, (int)b->req->pid,
		       esc && *esc ? esc : "?", kernel ? kernel : "?", b->page_size,
		       b->nodes, t0);
	free(comm);
	free(esc);
	free(kernel);
}

/* smaps_rollup's figures replace the sums where it has them. */
static void use_rollup(struct builder *b)
{
	static const struct {
		int k;
		const char *key;
		const char *const *keys;
	} rollup[] = {
		{ T_RSS, "Rss", NULL }, { T_ANON, "Anonymous", NULL },
		{ T_SWAP, "Swap", NULL }, { T_PSS, "Pss", NULL },
		{ T_USS, NULL, private_keys }, { T_SHARED, NULL, shared_keys },
		{ T_PRIVATE, NULL, private_keys }, { T_DIRTY, NULL, dirty_keys },
		{ T_YOUNG, "Referenced", NULL }, { T_LOCKED, "Locked", NULL },
		{ T_KSM, "KSM", NULL }, { T_THP, NULL, thp_keys },
		{ T_HUGETLB, NULL, hugetlb_keys },
	};
	struct vms_smaps roll = { 0 };
	uint64_t v;
	size_t i;
	char *text;
	int err;

	text = read_text("smaps_rollup", b->req->pid, &err);
	if (!text)
		return;
	if (vms_smaps_parse(text, strlen(text), &roll, NULL) || roll.n != 1)
		goto out;
	for (i = 0; i < VMS_ARRAY_SIZE(rollup); i++) {
		const struct vms_smaps_vma *r = &roll.v[0];
		bool have = rollup[i].key ? vms_smaps_get(r, rollup[i].key, &v) :
					    vms_smaps_sum(r, rollup[i].keys, &v);

		if (have && b->t[rollup[i].k].seen)
			b->t[rollup[i].k].sum = rollup[i].key ? v * 1024 : v;
	}
out:
	vms_smaps_free(&roll);
	free(text);
}

static void put_task(struct builder *b, struct vms_buf *task)
{
	char *status, *stat, *oom;
	uint64_t v, minflt, majflt;
	int64_t adj;
	size_t i;
	int err;

	use_rollup(b);
	vms_buf_printf(task, "%s", VMS_REC_TASK);
	for (i = 0; i < T_NR; i++)
		if (b->t[i].seen)
			vms_buf_printf(task, " %s=%" PRIu64, total_keys[i], b->t[i].sum);
	for (i = 0; i < b->nnodes; i++)
		if (b->node_seen[i])
			vms_buf_printf(task, " %c%zu=%" PRIu64, VMS_K_NODE_PREFIX, i,
				       b->node_bytes[i]);
	status = read_text("status", b->req->pid, &err);
	if (status && !vms_status_kb(status, "VmPTE", &v))
		vms_buf_printf(task, " " VMS_K_PGTABLES "=%" PRIu64, v * 1024);
	stat = read_text("stat", b->req->pid, &err);
	if (stat && !vms_stat_faults(stat, &minflt, &majflt))
		vms_buf_printf(task, " " VMS_K_MINFLT "=%" PRIu64 " " VMS_K_MAJFLT "=%" PRIu64,
			       minflt, majflt);
	oom = read_text("oom_score_adj", b->req->pid, &err);
	if (oom) {
		oom[strcspn(oom, "\n")] = '\0';
		if (!vms_parse_s64(oom, &adj))
			vms_buf_printf(task, " " VMS_K_OOM_SCORE_ADJ "=%" PRId64, adj);
	}
	vms_buf_printf(task, "\n");
	free(status);
	free(stat);
	free(oom);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The nodes with memory; without NUMA (no such file) node 0. */
static void load_nodes(struct builder *b)
{
	struct vms_buf nl = { 0 };
	char tmp[sizeof(b->nodes)];
	uint64_t n;

	snprintf(b->nodes, sizeof(b->nodes), "0");
	if (!vms_read_file("/sys/devices/system/node/has_memory", &nl) &&
	    vms_nodelist(nl.data, tmp, sizeof(tmp)))
		snprintf(b->nodes, sizeof(b->nodes), "%s", tmp);
	vms_buf_free(&nl);
	b->one_node = !vms_parse_u64(b->nodes, &n) && n < 65536 ? (int)n : -1;
}

static int load_inputs(struct builder *b, char *what, size_t whatsz)
{
	char path[64], *text;
	int err;

	/*
	 * pagemap first: it tells whether the address space is there, and
	 * it keeps telling, for the reads that follow.
	 */
	err = vms_pagemap_open(&b->pm, b->req->pid, b->page_size);
	if (err == -ESRCH || err == -ENOENT)
		return -ESRCH;
	b->have_pm = !err;
	snprintf(what, whatsz, "/proc/%d/smaps", (int)b->req->pid);
	text = read_text("smaps", b->req->pid, &err);
	if (!text)
		return err == -ENOENT ? -ESRCH : err;
	if (!*text) {		/* a kernel thread or a zombie: no mm */
		free(text);
		return -ESRCH;
	}
	err = vms_smaps_parse(text, strlen(text), &b->smaps, NULL);
	free(text);
	if (err)
		return -EIO;
	load_nodes(b);
	if (b->one_node < 0) {
		text = read_text("numa_maps", b->req->pid, &err);
		if (text) {
			b->have_numa = !vms_numa_parse(text, strlen(text), &b->numa, NULL);
			free(text);
		}
	}
	snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)b->req->pid);
	b->mounts = vms_mounts_load(path);
	return 0;
}

static void append(struct vms_buf *to, const struct vms_buf *from)
{
	if (from->len)
		vms_buf_append(to, from->data, from->len);
}

int vms_proc_fetch(const struct vms_source_req *req, struct vms_buf *out,
		   char *what, size_t whatsz)
{
	struct builder b = { .req = req };
	struct vms_buf body = { 0 }, task = { 0 }, header = { 0 };
	uint64_t t0 = now_ns();
	size_t i;
	int err;

	b.page_size = sysconf(_SC_PAGESIZE);
	if (req->pid <= 0)
		return -EINVAL;
	if (req->options & VMS_OPT_PFN)
		return -EPERM;		/* frame numbers: only the module gives them */
	err = load_inputs(&b, what, whatsz);
	if (err)
		goto out;
	for (i = 0; i < b.smaps.n && !b.exited; i++) {
		struct vms_buf rec = { 0 }, ext = { 0 };

		b.out = &rec;
		err = put_vma(&b, &b.smaps.v[i],
			      (req->sections & VMS_SECT_EXTENTS) ? &ext : NULL);
		if (!err && (req->sections & VMS_SECT_VMAS))
			append(&body, &rec);
		if (!err)
			append(&body, &ext);
		vms_buf_free(&rec);
		vms_buf_free(&ext);
		if (err)
			goto out;
	}
	b.out = &header;
	put_header(&b, t0);
	if (req->sections & VMS_SECT_SUMMARY)
		put_task(&b, &task);
	/*
	 * Gone by now: some read may have come back short (a file of an
	 * exited process reads empty), so the report is not whole.
	 */
	if (b.have_pm && !b.exited && !vms_pagemap_alive(&b.pm))
		b.exited = true;
	/* The module's order: the task's sums after the records they sum. */
	append(out, &header);
	append(out, &body);
	append(out, &task);
	if (b.exited)
		vms_buf_printf(out, VMS_REC_END " " VMS_K_STATUS "=" VMS_STATUS_PARTIAL
			       " " VMS_K_REASON "=" VMS_REASON_EXITED);
	else
		vms_buf_printf(out, VMS_REC_END " " VMS_K_STATUS "=" VMS_STATUS_COMPLETE);
	vms_buf_printf(out, " " VMS_K_VMAS "=%zu " VMS_K_EXTS "=%zu " VMS_K_WALK_NS
		       "=%" PRIu64 "\n", b.nvmas, b.nexts, now_ns() - t0);
out:
	vms_buf_free(&body);
	vms_buf_free(&task);
	vms_buf_free(&header);
	vms_smaps_free(&b.smaps);
	if (b.have_numa)
		vms_numa_free(&b.numa);
	if (b.have_pm)
		vms_pagemap_close(&b.pm);
	vms_mounts_free(b.mounts);
	free(b.node_bytes);
	free(b.node_seen);
	return err;
}
