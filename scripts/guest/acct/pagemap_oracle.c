// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: the vma fields and extents derived page by page from
 * pagemap, kpageflags, kpagecount and the node of each frame. This is the
 * oracle's arithmetic (what counts as rss, pss in fixed point, runs,
 * per-node sums): its own, not the module's or the CLI's.
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
#include <fcntl.h>
#include <linux/kernel-page-flags.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

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
	va_list ap;

	if (v->problem)
		return;
	va_start(ap, fmt);
	if (vasprintf(&v->problem, fmt, ap) < 0)
		v->problem = NULL;
	va_end(ap);
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
		a.vec_len = VMS_ARRAY_SIZE(reg);
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

			if ((q->state != VMS_STATE_PRESENT && q->state != VMS_STATE_ZERO) ||
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
				if (q->state == VMS_STATE_PRESENT)
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
 *
 * In a shared or read-only mapping smaps counts every swapped-out page of
 * the object in the VMA's range (shmem_swap_usage()), also where this
 * process maps a private copy instead (a read-only mapping written
 * before mprotect(), as RELRO is). vmscope counts such a page as the copy
 * it maps (format.rst): those pages go to v->swap_elsewhere.
 */
static void place_shmem_swap(pid_t pid, struct kvma *v, struct pinfo *pi,
			     u64 npages, u64 want)
{
	char path[128];
	unsigned char *in = NULL;
	bool *data = xcalloc(npages, sizeof(bool));
	bool *cand = xcalloc(npages, sizeof(bool));
	bool whole = v->perms[1] != 'w' || v->perms[3] == 's';
	u64 found = 0, i;
	off_t pos, base = (off_t)v->offset, end = base + (off_t)(npages * PG);
	void *m;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/map_files/%lx-%lx", pid,
		 v->start, v->end);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		problem(v, "shmem swap: open %s: %s", path, strerror(errno));
		goto out;
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
	/*
	 * Where the object's page can be swapped: no entry, or (whole) an
	 * entry that is not the object's page: a private copy, present or
	 * swapped.
	 */
	for (i = 0; i < npages; i++)
		cand[i] = pi[i].state == VMS_STATE_NONE ||
			  (whole && ((pi[i].state == VMS_STATE_PRESENT &&
				      pi[i].type == VMS_TYPE_ANON) ||
				     pi[i].state == VMS_STATE_SWAP));
	for (i = 0; i < npages; i++)
		if (cand[i] && data[i])
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
			if (cand[i] && data[i])
				found++;
		}
	}
	if (found != want / PG) {
		problem(v, "shmem swap: smaps counts %llu swapped pages without entry, %llu found",
			want / PG, found);
		goto out;
	}
	for (i = 0; i < npages; i++) {
		if (!cand[i] || !data[i])
			continue;
		if (pi[i].state == VMS_STATE_NONE)
			pi[i].state = VMS_STATE_SWAP;
		else
			v->swap_elsewhere += PG;
	}
out:
	free(in);
	free(cand);
	free(data);
	if (fd >= 0)
		close(fd);
}

/*
 * The frame a zero-page entry maps again and again: the 4 KiB zero page
 * itself, or the first frame of the huge zero page (pagemap gives each
 * 4 KiB part of a PMD mapping its own frame).
 */
static u64 zero_base(const struct pinfo *q, unsigned long addr)
{
	return q->map == VMS_MAP_PMD ? q->pfn - ((addr / PG) & 511) : q->pfn;
}

/* Does page @b (at @addr_b) continue the run of page @a (at @addr_a)? */
static bool same_run(const struct pinfo *a, unsigned long addr_a,
		     const struct pinfo *b, unsigned long addr_b, bool pfn)
{
	if (a->state != b->state || a->type != b->type)
		return false;
	if (a->state != VMS_STATE_PRESENT && a->state != VMS_STATE_ZERO)
		return true;
	if (a->map != b->map || a->order != b->order || a->node != b->node)
		return false;
	if (!pfn)
		return true;
	/* format.rst: zero runs go on while they map the same zero page */
	if (a->state == VMS_STATE_ZERO)
		return zero_base(a, addr_a) == zero_base(b, addr_b);
	return b->pfn == a->pfn + 1;
}

static void add_page_ext(struct exts *x, const struct kvma *v,
			 const struct pinfo *q, u64 i0, u64 i1, bool pfn)
{
	unsigned long s = v->start + i0 * PG, e = v->start + i1 * PG;
	bool mapped = q->state == VMS_STATE_PRESENT || q->state == VMS_STATE_ZERO;
	struct ext *r;

	r = exts_add(x, s, e, q->state,
		     ext_canon(s, e, vms_state_word(q->state), vms_type_word(q->type),
			       mapped ? vms_map_word(q->map) : NULL,
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
		return VMS_TYPE_ANON;
	snprintf(path, sizeof(path), "/proc/%d/map_files/%lx-%lx", pid,
		 v->start, v->end);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return v->name[0] ? VMS_TYPE_FILE : VMS_TYPE_ANON;
	if (fstatfs(fd, &st))
		st.f_type = 0;
	close(fd);
	return st.f_type == TMPFS_MAGIC ? VMS_TYPE_SHMEM : VMS_TYPE_FILE;
}

/* One none extent over all of @v, with and without pfn. */
static void all_none(struct kvma *v)
{
	for (int pfn = 0; pfn < 2; pfn++)
		exts_add(pfn ? &v->xp : &v->x, v->start, v->end,
			 VMS_STATE_NONE,
			 ext_canon(v->start, v->end,
				   vms_state_word(VMS_STATE_NONE),
				   vms_type_word(v->vtype), NULL, -1, -1,
				   false, 0));
}

void derive(pid_t pid, int pmfd, struct kvma *v)
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
	for (size_t k = 0; k < n_vma_required; k++)
		rec_set(&v->d, vma_required[k], 0);
	v->d.have[K_PGTABLES] = false;	/* nothing to derive it from */
	rec_set(&v->d, K_VSZ, vsz);
	rec_set(&v->d, K_HPAGE, kps);
	/*
	 * Only smaps knows: entry young and dirty bits, so whatever depends
	 * on dirtiness (the clean/dirty split, pss_dirty to the kB, lazyfree);
	 * and hugetlb sharing, which kpagecount does not give per mapping
	 * (nor shared PMD tables). Pss_Dirty is smaps' kB figure, so --self
	 * reports hold its invariants only to the kB.
	 */
	rec_set(&v->d, K_YOUNG, smv(v, SM_REF) * 1024);
	rec_set(&v->d, K_DIRTY, (smv(v, SM_SHD) + smv(v, SM_PRD)) * 1024);
	rec_set(&v->d, K_PSS_DIRTY, smv(v, SM_PSS_DIRTY) * 1024);
	rec_set(&v->d, K_SHARED_CLEAN, smv(v, SM_SHC) * 1024);
	rec_set(&v->d, K_SHARED_DIRTY, smv(v, SM_SHD) * 1024);
	rec_set(&v->d, K_PRIVATE_CLEAN, smv(v, SM_PRC) * 1024);
	rec_set(&v->d, K_PRIVATE_DIRTY, smv(v, SM_PRD) * 1024);
	rec_set(&v->d, K_LAZYFREE, smv(v, SM_LAZYFREE) * 1024);
	rec_set(&v->d, K_HUGETLB_SHARED, smv(v, SM_SHH) * 1024);
	rec_set(&v->d, K_HUGETLB_PRIVATE, smv(v, SM_PRH) * 1024);
	rec_set(&v->d, K_KERNEL_PAGE, kps);
	rec_set(&v->d, K_MMU_PAGE, smh(v, SM_MMU) ? smv(v, SM_MMU) * 1024 : kps);
	if (smh(v, SM_PKEY))
		rec_set(&v->d, K_PKEY, smv(v, SM_PKEY));

	if (v->vsyscall || v->pfnmap) {
		/* pagemap shows holes: none and other cannot be told apart */
		v->mode = DM_OPAQUE;
		rec_set(&v->d, K_NONE, vsz);
		all_none(v);
		return;
	}
	if (vsz > BIG_VMA) {
		v->mode = DM_BIG;
		if (smv(v, SM_RSS) || smv(v, SM_SWAP) || smv(v, SM_SHH) ||
		    smv(v, SM_PRH))
			problem(v, "a VMA over 4 GiB with resident or swapped pages (Rss %llu kB, Swap %llu kB): not walked per page",
				smv(v, SM_RSS), smv(v, SM_SWAP));
		rec_set(&v->d, K_NONE, vsz);
		all_none(v);
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
	folio_reset();

	for (i = 0; i < npages; i++) {
		struct pinfo *q = &pi[i];
		u64 e = pm[i], pfn, fl, head, hf;
		int order;

		q->node = -1;
		q->type = v->vtype;
		q->map = VMS_MAP_PTE;
		if (!(e & (PM_PRESENT | PM_SWAP))) {
			q->state = VMS_STATE_NONE;
			continue;
		}
		if (!(e & PM_PRESENT)) {
			/* bits 0-4: swap type; special types are not swap */
			q->state = (e & 0x1f) < SWP_TYPES ? VMS_STATE_SWAP : VMS_STATE_OTHER;
			if (q->state == VMS_STATE_SWAP)
				pmswap += PG;
			continue;
		}
		pfn = e & PM_PFN_MASK;
		fl = kpf(pfn);
		q->pfn = pfn;
		if (fl & KF(KPF_NOPAGE)) {
			q->state = VMS_STATE_OTHER;
			continue;
		}
		q->node = (short)pfn_node(pfn);
		if (q->node < 0)
			problem(v, "pfn 0x%llx: no node owns its memory block",
				pfn);
		if (v->hugetlb) {
			q->state = VMS_STATE_PRESENT;
			q->type = fl & KF(KPF_ANON) ? VMS_TYPE_ANON : VMS_TYPE_FILE;
			q->order = horder;
			q->map = kps >= (1ULL << 30) ? VMS_MAP_PUD :
				 kps >= (2ULL << 20) ? VMS_MAP_PMD : VMS_MAP_PTE;
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
			q->state = VMS_STATE_ZERO;
			continue;
		}
		q->state = VMS_STATE_PRESENT;
		q->type = hf & KF(KPF_ANON) ? VMS_TYPE_ANON :
			  hf & KF(KPF_SWAPBACKED) ? VMS_TYPE_SHMEM : VMS_TYPE_FILE;
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
			if (pmd[i] && (pi[i].state == VMS_STATE_PRESENT ||
				       pi[i].state == VMS_STATE_ZERO))
				pi[i].map = VMS_MAP_PMD;
	}

	if (v->vtype == VMS_TYPE_SHMEM && !v->hugetlb) {
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
			static const int skey[VMS_STATE_NR] = {
				K_RSS, K_ZERO, K_SWAP, K_NONE, K_OTHER,
				-1,	/* unknown: the oracle always knows */
			};

			if (q->state == VMS_STATE_PRESENT) {
				int nk = q->node >= 0 && q->node < NNODE ?
					 K_N0 + q->node : -1;

				if (nk >= 0)
					rec_add(&v->d, nk, PG);
				if (!i || pi[i - 1].state != VMS_STATE_PRESENT ||
				    pi[i - 1].pfn + 1 != q->pfn)
					rec_add(&v->d, K_RUNS, 1);
			}
			if (q->state == VMS_STATE_PRESENT && v->hugetlb) {
				rec_add(&v->d, K_HUGETLB, PG);
			} else if (q->state == VMS_STATE_PRESENT) {
				u64 pss = PG << PSS_SHIFT;

				rec_add(&v->d, K_RSS, PG);
				rec_add(&v->d, q->type == VMS_TYPE_ANON ? K_ANON :
					       q->type == VMS_TYPE_SHMEM ? K_SHMEM :
					       K_FILE, PG);
				rec_add(&v->d, K_O0 + q->order, PG);
				if (q->map != VMS_MAP_PTE)
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
				v->pss_type_fixed[q->type] += pss;
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

