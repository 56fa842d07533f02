// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: the report's own invariants (vsz = rss + hugetlb
 * + zero + swap + none + other, the task record sums the vma records, ...).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

void check_invariants(struct check *c)
{
	struct mism m = { 0 };
	struct rec sum = { 0 };
	char name[256];
	u64 pss = 0, locked = 0, pss_dirty = 0;

	for (size_t i = 0; c->r && i < c->r->n; i++) {
		const struct mvma *mv = &c->r->v[i];
		const struct rec *r = &mv->r;
		struct kvma vv = { .start = mv->start, .end = mv->end,
				   .name = "" };
		const struct kvma *v = &vv;
		u64 nsum = 0, osum = 0, ol = 0;
		bool ht = mv->kind == VMS_KIND_HUGETLB;

		for (size_t j = 0; j < c->k->n; j++)
			if (c->k->v[j].start == mv->start)
				v = &c->k->v[j];
		for (size_t j = 0; j < n_vma_required; j++)
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
		INV(rec_get(r, K_SHARED_CLEAN) + rec_get(r, K_SHARED_DIRTY) ==
		    rec_get(r, K_SHARED) &&
		    rec_get(r, K_PRIVATE_CLEAN) + rec_get(r, K_PRIVATE_DIRTY) ==
		    rec_get(r, K_PRIVATE) &&
		    rec_get(r, K_SHARED_DIRTY) + rec_get(r, K_PRIVATE_DIRTY) ==
		    rec_get(r, K_DIRTY),
		    "shared_clean %llu + shared_dirty %llu, private_clean %llu + private_dirty %llu do not split shared %llu, private %llu, dirty %llu",
		    rec_get(r, K_SHARED_CLEAN), rec_get(r, K_SHARED_DIRTY),
		    rec_get(r, K_PRIVATE_CLEAN), rec_get(r, K_PRIVATE_DIRTY),
		    rec_get(r, K_SHARED), rec_get(r, K_PRIVATE),
		    rec_get(r, K_DIRTY));
		INV(rec_get(r, K_HUGETLB_SHARED) + rec_get(r, K_HUGETLB_PRIVATE) ==
		    rec_get(r, K_HUGETLB),
		    "hugetlb_shared %llu + hugetlb_private %llu != hugetlb %llu",
		    rec_get(r, K_HUGETLB_SHARED), rec_get(r, K_HUGETLB_PRIVATE),
		    rec_get(r, K_HUGETLB));
		INV(rec_get(r, K_LAZYFREE) <= rec_get(r, K_ANON) &&
		    rec_get(r, K_PSS_DIRTY) <= rec_get(r, K_PSS) &&
		    rec_get(r, K_KERNEL_PAGE) == rec_get(r, K_HPAGE) &&
		    rec_get(r, K_MMU_PAGE) == rec_get(r, K_HPAGE),
		    "lazyfree %llu > anon %llu, or pss_dirty %llu > pss %llu, or kernel_page %llu, mmu_page %llu != hpage %llu",
		    rec_get(r, K_LAZYFREE), rec_get(r, K_ANON),
		    rec_get(r, K_PSS_DIRTY), rec_get(r, K_PSS),
		    rec_get(r, K_KERNEL_PAGE), rec_get(r, K_MMU_PAGE),
		    rec_get(r, K_HPAGE));
		INV(rec_get(r, K_ACTIVE) <= rec_get(r, K_RSS) + rec_get(r, K_HUGETLB) &&
		    rec_get(r, K_WRITEBACK) <= rec_get(r, K_RSS) + rec_get(r, K_HUGETLB) &&
		    rec_get(r, K_SWAPCACHE) <= rec_get(r, K_RSS) + rec_get(r, K_HUGETLB) &&
		    (rec_get(r, K_RSS) + rec_get(r, K_HUGETLB) || !rec_get(r, K_MAPMAX)),
		    "active %llu, writeback %llu, swapcache %llu > rss+hugetlb %llu, or mapmax %llu of nothing resident",
		    rec_get(r, K_ACTIVE), rec_get(r, K_WRITEBACK),
		    rec_get(r, K_SWAPCACHE), rec_get(r, K_RSS) + rec_get(r, K_HUGETLB),
		    rec_get(r, K_MAPMAX));
		INV(mv->vmflags && !r->have[K_PSS_ANON] &&
		    !r->have[K_PSS_FILE] && !r->have[K_PSS_SHMEM],
		    "%s", "no vmflags, or a task figure (pss_anon, pss_file, pss_shmem) in a vma record");
		INV(!rec_get(r, K_RUNS) ==
		    !(rec_get(r, K_RSS) + rec_get(r, K_HUGETLB)) &&
		    rec_get(r, K_RUNS) * PG <= rec_get(r, K_RSS) +
		    rec_get(r, K_HUGETLB),
		    "runs %llu for rss+hugetlb %llu", rec_get(r, K_RUNS),
		    rec_get(r, K_RSS) + rec_get(r, K_HUGETLB));
#undef INV
		for (int k = 0; k < NKEYS; k++)
			if (k != K_HPAGE && k != K_PGTABLES &&
			    k != K_KERNEL_PAGE && k != K_MMU_PAGE &&
			    k != K_PKEY && k != K_MAPMAX && r->have[k])
				rec_add(&sum, k, r->v[k]);
		pss += rec_get(r, K_PSS);
		locked += rec_get(r, K_LOCKED);
		pss_dirty += rec_get(r, K_PSS_DIRTY);
		rec_add(&sum, K_PGTABLES, rec_get(r, K_PGTABLES));
	}
	if (c->r && c->r->has_task) {
		const struct rec *t = &c->r->task;

		for (size_t j = 0; j < n_task_required; j++)
			if (!t->have[task_required[j]])
				mism_add(&m, "task field %s missing",
					 key_name(task_required[j]));

		for (int k = 0; k < NKEYS; k++) {
			if (k == K_PSS || k == K_LOCKED || k == K_HPAGE ||
			    k == K_PGTABLES || k == K_MINFLT ||
			    k == K_MAJFLT || k == K_OOM || k == K_PSS_DIRTY ||
			    k == K_KERNEL_PAGE || k == K_MMU_PAGE ||
			    k == K_PKEY || k == K_PSS_ANON ||
			    k == K_PSS_FILE || k == K_PSS_SHMEM ||
			    k == K_MAPMAX)
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
		if (rec_get(t, K_PSS_DIRTY) < pss_dirty ||
		    rec_get(t, K_PSS_DIRTY) >= pss_dirty + c->r->n + 1)
			mism_add(&m, "task pss_dirty %llu not within the sum of the vma records' %llu + %zu",
				 rec_get(t, K_PSS_DIRTY), pss_dirty, c->r->n);
		/* each part of pss is truncated on its own */
		if (rec_get(t, K_PSS_ANON) + rec_get(t, K_PSS_FILE) +
		    rec_get(t, K_PSS_SHMEM) > rec_get(t, K_PSS) ||
		    rec_get(t, K_PSS_ANON) + rec_get(t, K_PSS_FILE) +
		    rec_get(t, K_PSS_SHMEM) + 2 < rec_get(t, K_PSS))
			mism_add(&m, "task pss_anon %llu + pss_file %llu + pss_shmem %llu not within 2 of pss %llu",
				 rec_get(t, K_PSS_ANON), rec_get(t, K_PSS_FILE),
				 rec_get(t, K_PSS_SHMEM), rec_get(t, K_PSS));
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

