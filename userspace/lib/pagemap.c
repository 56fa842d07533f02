// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Page states from /proc/PID/pagemap and /proc/kpageflags.
 *
 * Two ways in. Since 6.7 the PAGEMAP_SCAN ioctl hands over runs of pages
 * with the same categories (present, swapped, file-backed, the zero page,
 * PMD-mapped): a few calls per VMA, exact for any reader allowed to read
 * pagemap. Before it, pagemap is read in large batches, one entry per
 * page. An entry does not say whether a present page is the zero page,
 * but a page that is file-backed or mapped exactly once cannot be one:
 * only the others need their frame's kpageflags (root only: the frame
 * numbers are hidden from others), read once per window of nearby frames
 * rather than page by page. Without them those pages are UNKNOWN, which
 * vms_pm_resolve() settles when smaps' Rss leaves one answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/kernel-page-flags.h>

#include <vmscope/format.h>

#include "pagemap.h"

/* Entries per pread(): 512 KiB of pagemap, 256 MiB of address space. */
#define PM_CHUNK	65536
/* Pages per move_pages() call. */
#define NODE_BATCH	1024
/* Regions per PAGEMAP_SCAN call. */
#define PM_REGIONS	4096
/* kpageflags entries one pread() may cover: 4 KiB. */
#define KPF_WINDOW	512
/* Flags of a frame kpageflags would not give. */
#define KPF_UNREAD	(1ULL << 63)

/* PAGEMAP_SCAN (6.7, <linux/fs.h>), for older headers. */
struct vms_pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask;
	uint64_t return_mask;
};

struct vms_page_region {
	uint64_t start, end, categories;
};

#define VMS_PAGEMAP_SCAN	_IOWR('f', 16, struct vms_pm_scan_arg)
#define VMS_PAGE_IS_FILE	(1 << 2)
#define VMS_PAGE_IS_PRESENT	(1 << 3)
#define VMS_PAGE_IS_SWAPPED	(1 << 4)
#define VMS_PAGE_IS_PFNZERO	(1 << 5)
#define VMS_PAGE_IS_HUGE	(1 << 6)

static int open_fds(struct vms_pagemap *pm, const char *pagemap,
		    const char *kpageflags, uint64_t page_size)
{
	memset(pm, 0, sizeof(*pm));
	pm->kpf_fd = -1;
	pm->page_size = page_size;
	pm->fd = open(pagemap, O_RDONLY | O_CLOEXEC);
	if (pm->fd < 0)
		return -errno;
	/*
	 * No entry for address 0 means no mm: the process had exited, or is
	 * a kernel thread. Checked once here, before any ioctl: PAGEMAP_SCAN
	 * must not be given a pagemap opened without an mm.
	 */
	if (!vms_pagemap_alive(pm)) {
		close(pm->fd);
		pm->fd = -1;
		return -ESRCH;
	}
	if (kpageflags)
		pm->kpf_fd = open(kpageflags, O_RDONLY | O_CLOEXEC);
	return 0;
}

int vms_pagemap_open(struct vms_pagemap *pm, pid_t pid, uint64_t page_size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	return open_fds(pm, path, "/proc/kpageflags", page_size);
}

int vms_pagemap_open_files(struct vms_pagemap *pm, const char *pagemap,
			   const char *kpageflags, uint64_t page_size)
{
	return open_fds(pm, pagemap, kpageflags, page_size);
}

void vms_pagemap_close(struct vms_pagemap *pm)
{
	if (pm->fd >= 0)
		close(pm->fd);
	if (pm->kpf_fd >= 0)
		close(pm->kpf_fd);
	free(pm->buf);
	free(pm->state);
	free(pm->type);
	free(pm->map);
	free(pm->pfn);
	free(pm->flags);
	free(pm->reg);
	memset(pm, 0, sizeof(*pm));
	pm->fd = pm->kpf_fd = -1;
}

bool vms_pagemap_alive(struct vms_pagemap *pm)
{
	uint64_t e;

	/* pagemap reads nothing once the mm has no users */
	return pread(pm->fd, &e, sizeof(e), 0) == (ssize_t)sizeof(e);
}

void vms_pm_scan_free(struct vms_pm_scan *sc)
{
	free(sc->run);
	memset(sc, 0, sizeof(*sc));
}

/* Append [start, end) to the runs, extending the last one if it matches. */
static void add_run(struct vms_pm_scan *sc, uint64_t start, uint64_t end,
		    int state, int type, int map, uint64_t page_size)
{
	struct vms_pm_run *r = sc->nrun ? &sc->run[sc->nrun - 1] : NULL;

	sc->pages[state] += (end - start) / page_size;
	if (r && r->end == start && r->state == state && r->type == type &&
	    r->map == map) {
		r->end = end;
		return;
	}
	if (sc->nrun == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 16;
		sc->run = xreallocarray(sc->run, sc->cap, sizeof(*sc->run));
	}
	sc->run[sc->nrun++] = (struct vms_pm_run){
		.start = start, .end = end, .state = state, .type = type,
		.map = map, .node = -1,
	};
}

/* Join neighbours that have become equal. */
static void merge_runs(struct vms_pm_scan *sc)
{
	size_t i, n = 0;

	for (i = 0; i < sc->nrun; i++) {
		struct vms_pm_run *r = &sc->run[i], *last = n ? &sc->run[n - 1] : NULL;

		if (last && last->end == r->start && last->state == r->state &&
		    last->type == r->type && last->map == r->map &&
		    last->node == r->node)
			last->end = r->end;
		else
			sc->run[n++] = *r;
	}
	sc->nrun = n;
}

static bool resident_state(int state)
{
	return state == VMS_PM_PRESENT || state == VMS_PM_ZERO;
}

/* The level a hugetlb page of `hpage` bytes is mapped at, or -1. */
static int hugetlb_map(uint64_t hpage, uint64_t page_size)
{
	uint64_t pmd = page_size * (page_size / 8);

	if (hpage == pmd)
		return VMS_MAP_PMD;
	if (hpage == pmd * (page_size / 8))
		return VMS_MAP_PUD;
	return -1;
}

/* ---- PAGEMAP_SCAN ---- */

static int scan_ioctl(struct vms_pagemap *pm, const struct vms_pm_vma *v,
		      struct vms_pm_scan *out)
{
	struct vms_page_region *reg;
	uint64_t addr = v->start, ps = pm->page_size;
	int hmap = v->hpage ? hugetlb_map(v->hpage, ps) : -1;

	if (!pm->reg)
		pm->reg = xreallocarray(NULL, PM_REGIONS, sizeof(*reg));
	reg = pm->reg;
	while (addr < v->end) {
		struct vms_pm_scan_arg a = {
			.size = sizeof(a),
			.start = addr,
			.end = v->end,
			.vec = (uintptr_t)reg,
			.vec_len = PM_REGIONS,
			.return_mask = VMS_PAGE_IS_PRESENT | VMS_PAGE_IS_SWAPPED |
				       VMS_PAGE_IS_PFNZERO | VMS_PAGE_IS_HUGE,
		};
		long n, i;

		/* Telling file pages costs a page lookup each: not where all are anon. */
		if (!v->anon)
			a.return_mask |= VMS_PAGE_IS_FILE;
		n = ioctl(pm->fd, VMS_PAGEMAP_SCAN, &a);
		if (n < 0)
			return -errno;
		for (i = 0; i < n; i++) {
			uint64_t s = reg[i].start, e = reg[i].end, c = reg[i].categories;
			int state = VMS_PM_NONE, type = v->type, map = -1;

			if (s < addr)
				s = addr;
			if (e > v->end)
				e = v->end;
			if (s >= e)
				continue;
			/* No region for a page: not walked (a PFN map), nothing there. */
			if (s > addr)
				add_run(out, addr, s, VMS_PM_NONE, v->type, -1, ps);
			if (c & VMS_PAGE_IS_PRESENT) {
				state = c & VMS_PAGE_IS_PFNZERO ? VMS_PM_ZERO :
					v->pfnmap ? VMS_PM_OTHER : VMS_PM_PRESENT;
				if (state != VMS_PM_ZERO)
					type = c & VMS_PAGE_IS_FILE ? v->file_type :
					       VMS_TYPE_ANON;
				map = v->hpage ? hmap : c & VMS_PAGE_IS_HUGE ?
				      VMS_MAP_PMD : VMS_MAP_PTE;
			} else if (c & VMS_PAGE_IS_SWAPPED) {
				state = VMS_PM_SWAP;
			}
			add_run(out, s, e, state, type, map, ps);
			addr = e;
		}
		if (a.walk_end > v->end)
			a.walk_end = v->end;
		if (a.walk_end > addr)
			add_run(out, addr, a.walk_end, VMS_PM_NONE, v->type, -1, ps);
		else if (a.walk_end < addr || (!n && a.walk_end < v->end))
			return -EIO;	/* no progress */
		addr = a.walk_end;
	}
	return 0;
}

/* ---- pagemap and kpageflags read ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Read the flags of the `n` frames in pm->pfn (sorted, unique) into pm->flags. */
static void read_flags(struct vms_pagemap *pm, size_t n)
{
	uint64_t win[KPF_WINDOW];
	size_t i = 0, j, k;

	while (i < n) {
		uint64_t base = pm->pfn[i];
		ssize_t got;

		for (j = i; j + 1 < n && pm->pfn[j + 1] - base < KPF_WINDOW; j++)
			;
		got = pread(pm->kpf_fd, win, (pm->pfn[j] - base + 1) * 8,
			    (off_t)(base * 8));
		for (k = i; k <= j; k++) {
			uint64_t at = pm->pfn[k] - base;

			pm->flags[k] = got >= (ssize_t)((at + 1) * 8) ? win[at] : KPF_UNREAD;
		}
		i = j + 1;
	}
}

/* The flags of frame `pfn`, one of the n in pm->pfn. */
static uint64_t flags_of(const struct vms_pagemap *pm, size_t n, uint64_t pfn)
{
	const uint64_t *p = bsearch(&pfn, pm->pfn, n, sizeof(*p), cmp_u64);

	return p ? pm->flags[p - pm->pfn] : KPF_UNREAD;
}

#define KF(b)	(1ULL << (b))

/*
 * Whether entries [i, i + per) of the batch are one PMD's worth of pages
 * mapped in order from an aligned frame: what a PMD-mapped THP (or the
 * huge zero page) looks like in pagemap.
 */
static bool pmd_shaped(const struct vms_pagemap *pm, size_t i, size_t per)
{
	uint64_t pfn = pm->buf[i] & PM_PFN_MASK;
	size_t k;

	if (!pfn || pfn % per)
		return false;
	for (k = 0; k < per; k++) {
		uint64_t e = pm->buf[i + k];

		if (!(e & PM_PRESENT) || (e & PM_SWAP) || (e & PM_PFN_MASK) != pfn + k)
			return false;
	}
	return true;
}

/*
 * One batch of `n` entries from `addr`: classify, reading kpageflags for
 * the pages that need it, and append the runs. *pmd_bytes grows by the
 * present bytes found PMD-mapped.
 */
static void classify_batch(struct vms_pagemap *pm, const struct vms_pm_vma *v,
			   uint64_t addr, size_t n, struct vms_pm_scan *out,
			   uint64_t *pmd_bytes)
{
	uint64_t ps = pm->page_size;
	size_t per = ps / 8, i, k, ncand = 0, u;
	bool kpf = pm->kpf_fd >= 0;
	bool want_thp = kpf && v->thp && !v->hpage;
	int hmap = v->hpage ? hugetlb_map(v->hpage, ps) : -1;

	for (i = 0; i < n; i++) {
		uint64_t e = pm->buf[i], pfn = e & PM_PFN_MASK;

		pm->type[i] = v->type;
		pm->map[i] = -1;
		if (e & PM_SWAP) {
			pm->state[i] = VMS_PM_SWAP;
			continue;
		}
		if (!(e & PM_PRESENT)) {
			pm->state[i] = VMS_PM_NONE;
			continue;
		}
		pm->type[i] = e & PM_FILE ? v->file_type : VMS_TYPE_ANON;
		pm->map[i] = v->hpage ? hmap : v->thp ? -1 : VMS_MAP_PTE;
		/*
		 * The zero page is never mapped exactly once; it is not a
		 * file's page either, but the huge zero page says PM_FILE:
		 * in an anonymous VMA that flag proves nothing.
		 */
		if (!v->pfnmap && ((e & PM_EXCLUSIVE) ||
				   ((e & PM_FILE) && v->type != VMS_TYPE_ANON))) {
			pm->state[i] = VMS_PM_PRESENT;
		} else {
			pm->state[i] = v->pfnmap ? VMS_PM_OTHER : VMS_PM_UNKNOWN;
			if (kpf && pfn)
				pm->pfn[ncand++] = pfn;
		}
	}
	/* PMD-mapped THPs: one frame's flags per aligned block. */
	for (i = (per - (addr / ps) % per) % per; want_thp && i + per <= n; i += per)
		if (pmd_shaped(pm, i, per))
			pm->pfn[ncand++] = pm->buf[i] & PM_PFN_MASK;
	if (ncand) {
		qsort(pm->pfn, ncand, sizeof(*pm->pfn), cmp_u64);
		for (i = 1, u = 1; i < ncand; i++)
			if (pm->pfn[i] != pm->pfn[u - 1])
				pm->pfn[u++] = pm->pfn[i];
		ncand = u;
		read_flags(pm, ncand);
	}
	for (i = 0; ncand && i < n; i++) {
		uint64_t f;

		if (pm->state[i] != VMS_PM_UNKNOWN && pm->state[i] != VMS_PM_OTHER)
			continue;
		if (!(pm->buf[i] & PM_PRESENT) || (pm->buf[i] & PM_SWAP))
			continue;
		f = flags_of(pm, ncand, pm->buf[i] & PM_PFN_MASK);
		if (f & KPF_UNREAD)
			continue;
		pm->state[i] = f & KF(KPF_ZERO_PAGE) ? VMS_PM_ZERO :
			       f & KF(KPF_NOPAGE) ? VMS_PM_OTHER : VMS_PM_PRESENT;
		if (pm->state[i] == VMS_PM_ZERO)
			pm->type[i] = v->type;
	}
	for (i = (per - (addr / ps) % per) % per; want_thp && i + per <= n; i += per) {
		uint64_t f;

		if (!pmd_shaped(pm, i, per))
			continue;
		f = flags_of(pm, ncand, pm->buf[i] & PM_PFN_MASK);
		if ((f & KPF_UNREAD) || !(f & KF(KPF_THP)) || !(f & KF(KPF_COMPOUND_HEAD)))
			continue;
		for (k = i; k < i + per; k++)
			pm->map[k] = VMS_MAP_PMD;
		if (pm->state[i] == VMS_PM_PRESENT)
			*pmd_bytes += per * ps;
	}
	for (i = 0; i < n; i++)
		add_run(out, addr + i * ps, addr + (i + 1) * ps, pm->state[i],
			pm->type[i], pm->state[i] == VMS_PM_OTHER ? -1 : pm->map[i], ps);
}

static int scan_read(struct vms_pagemap *pm, const struct vms_pm_vma *v,
		     struct vms_pm_scan *out)
{
	uint64_t ps = pm->page_size, addr = v->start, pmd_bytes = 0;
	size_t i;

	if (!pm->buf) {
		pm->buf = xreallocarray(NULL, PM_CHUNK, sizeof(*pm->buf));
		pm->state = xreallocarray(NULL, PM_CHUNK, 1);
		pm->type = xreallocarray(NULL, PM_CHUNK, 1);
		pm->map = xreallocarray(NULL, PM_CHUNK, 1);
		pm->pfn = xreallocarray(NULL, PM_CHUNK, sizeof(*pm->pfn));
		pm->flags = xreallocarray(NULL, PM_CHUNK, sizeof(*pm->flags));
	}
	while (addr < v->end) {
		/* Batches end on PMD boundaries, where THPs do. */
		uint64_t idx = addr / ps, n = PM_CHUNK - idx % PM_CHUNK;
		ssize_t got;

		if (n > (v->end - addr) / ps)
			n = (v->end - addr) / ps;
		got = pread(pm->fd, pm->buf, n * 8, (off_t)(idx * 8));
		if (got < 0)
			return -errno;
		if (got < 8)	/* the mm has gone, or pagemap ends below */
			return vms_pagemap_alive(pm) ? -EIO : -ESRCH;
		n = (uint64_t)got / 8;
		classify_batch(pm, v, addr, n, out, &pmd_bytes);
		addr += n * ps;
	}
	/*
	 * A THP mapped by PTEs looks the same as one mapped by a PMD: the
	 * guess stands only if smaps counts exactly that much PMD-mapped.
	 */
	if (v->thp && !v->hpage && pmd_bytes != v->thp) {
		for (i = 0; i < out->nrun; i++)
			out->run[i].map = -1;
		merge_runs(out);
	} else if (v->thp && !v->hpage) {
		for (i = 0; i < out->nrun; i++)
			if (out->run[i].map < 0 && (resident_state(out->run[i].state) ||
						    out->run[i].state == VMS_PM_UNKNOWN))
				out->run[i].map = VMS_MAP_PTE;
		merge_runs(out);
	}
	return 0;
}

int vms_pagemap_scan(struct vms_pagemap *pm, const struct vms_pm_vma *v,
		     struct vms_pm_scan *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	out->vma_type = v->type;
	if (pm->ioctl >= 0) {
		err = scan_ioctl(pm, v, out);
		if (!err || err == -ESRCH) {
			pm->ioctl = 1;
			return err;
		}
		vms_pm_scan_free(out);
		out->vma_type = v->type;
		/* Before 6.7 pagemap has no ioctl (ENOTTY). */
		if (err == -ENOTTY || (err == -EINVAL && !pm->ioctl))
			pm->ioctl = -1;
		else if (err != -EFAULT)	/* EFAULT: above TASK_SIZE */
			return err;
	}
	err = scan_read(pm, v, out);
	if (err)
		vms_pm_scan_free(out);
	return err;
}

void vms_pm_resolve(struct vms_pm_scan *sc, uint64_t resident)
{
	uint64_t known = sc->pages[VMS_PM_PRESENT], unknown = sc->pages[VMS_PM_UNKNOWN];
	int to;
	size_t i;

	if (!unknown)
		return;
	if (known + unknown <= resident)
		to = VMS_PM_PRESENT;
	else if (known >= resident)
		to = VMS_PM_ZERO;
	else
		return;
	for (i = 0; i < sc->nrun; i++) {
		if (sc->run[i].state != VMS_PM_UNKNOWN)
			continue;
		sc->run[i].state = to;
		if (to == VMS_PM_ZERO)
			sc->run[i].type = sc->vma_type;
	}
	sc->pages[to] += unknown;
	sc->pages[VMS_PM_UNKNOWN] = 0;
	merge_runs(sc);
}

void vms_pm_set_node(struct vms_pm_scan *sc, int node)
{
	size_t i;

	for (i = 0; i < sc->nrun; i++)
		if (sc->run[i].state == VMS_PM_PRESENT)
			sc->run[i].node = node;
	merge_runs(sc);
}

/* Append the present run [start, end) on `node` to `to`. */
static void add_node_run(struct vms_pm_scan *to, const struct vms_pm_run *r,
			 uint64_t start, uint64_t end, int node)
{
	struct vms_pm_run *last = to->nrun ? &to->run[to->nrun - 1] : NULL;

	if (last && last->end == start && last->state == r->state &&
	    last->type == r->type && last->map == r->map && last->node == node) {
		last->end = end;
		return;
	}
	if (to->nrun == to->cap) {
		to->cap = to->cap ? to->cap * 2 : 16;
		to->run = xreallocarray(to->run, to->cap, sizeof(*to->run));
	}
	to->run[to->nrun] = *r;
	to->run[to->nrun].start = start;
	to->run[to->nrun].end = end;
	to->run[to->nrun++].node = node;
}

int vms_pm_nodes(struct vms_pm_scan *sc, pid_t pid, uint64_t page_size)
{
	struct vms_pm_scan to = { .vma_type = sc->vma_type };
	uint64_t pmd = page_size * (page_size / 8);
	void *addr[NODE_BATCH];
	int status[NODE_BATCH];
	size_t i, k, n;

	memcpy(to.pages, sc->pages, sizeof(to.pages));
	for (i = 0; i < sc->nrun; i++) {
		const struct vms_pm_run *r = &sc->run[i];
		/* The pages of a PMD-mapped THP are one folio: one question. */
		uint64_t step = r->map == VMS_MAP_PMD ? pmd : page_size, a = r->start;

		if (r->state != VMS_PM_PRESENT) {
			add_node_run(&to, r, r->start, r->end, r->node);
			continue;
		}
		while (a < r->end) {
			for (n = 0; n < NODE_BATCH && a + n * step < r->end; n++)
				addr[n] = (void *)(uintptr_t)(a + n * step);
			if (syscall(SYS_move_pages, pid, n, addr, NULL, status, 0) < 0) {
				int err = -errno;

				vms_pm_scan_free(&to);
				return err;
			}
			for (k = 0; k < n; k++) {
				uint64_t s = a + k * step, e = s + step;

				/* status: a node, or -errno (-ENOENT: not there now) */
				add_node_run(&to, r, s, e < r->end ? e : r->end,
					     status[k] >= 0 ? status[k] : -1);
			}
			a += n * step;
		}
	}
	free(sc->run);
	*sc = to;
	return 0;
}

size_t vms_pm_print(const struct vms_pm_scan *sc, struct vms_buf *ext)
{
	size_t i;

	for (i = 0; i < sc->nrun; i++) {
		const struct vms_pm_run *r = &sc->run[i];

		vms_buf_printf(ext, VMS_REC_EXT " " VMS_K_START "=0x%" PRIx64 " " VMS_K_END
			       "=0x%" PRIx64 " " VMS_K_STATE "=%s " VMS_K_TYPE "=%s",
			       r->start, r->end, vms_state_word(r->state),
			       vms_type_word(r->type));
		if (resident_state(r->state) && r->map >= 0)
			vms_buf_printf(ext, " " VMS_K_MAP "=%s", vms_map_word(r->map));
		if (resident_state(r->state) && r->node >= 0)
			vms_buf_printf(ext, " " VMS_K_NODE "=%d", r->node);
		vms_buf_printf(ext, "\n");
	}
	return sc->nrun;
}
