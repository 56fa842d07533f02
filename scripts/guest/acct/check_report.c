// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: the report is complete, its VMAs are smaps' (with
 * and without pfn).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "acct.h"

void check_report(struct check *c)
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

/* A task record against the full report's, figure by figure. */
static void cmp_task(struct mism *m, const struct rec *got,
		     const struct rec *full)
{
	for (int k = 0; k < NKEYS; k++)
		if (rec_get(got, k) != rec_get(full, k))
			mism_add(m, "task %s: %llu, the full report %llu",
				 key_name(k), rec_get(got, k), rec_get(full, k));
}

/*
 * A report without extents ("summary vmas") has the same VMA records and
 * task record as the full one, figure by figure: the walk may batch and
 * count differently when no extent is built, never to another sum.
 */
void check_without_extents(struct check *c, const struct report *rs,
			   const char *rserr)
{
	struct mism m = { 0 };
	char name[256];

	if (!rs || !c->r) {
		mism_add(&m, "%s", rs ? c->rerr : rserr);
	} else if (rs->n != c->r->n) {
		mism_add(&m, "%zu VMAs, the full report %zu", rs->n, c->r->n);
	} else {
		for (size_t i = 0; i < rs->n; i++) {
			const struct mvma *a = &rs->v[i], *b = &c->r->v[i];

			if (a->start != b->start || a->end != b->end) {
				mism_add(&m, "VMA %zu: %lx-%lx, the full report %lx-%lx",
					 i, a->start, a->end, b->start, b->end);
				continue;
			}
			for (int k = 0; k < NKEYS; k++)
				if (rec_get(&a->r, k) != rec_get(&b->r, k) ||
				    (k < K_NAMED && a->r.have[k] != b->r.have[k]))
					mism_add(&m, "vma %lx-%lx %s: %llu, the full report %llu",
						 a->start, a->end, key_name(k),
						 rec_get(&a->r, k), rec_get(&b->r, k));
		}
		cmp_task(&m, &rs->task, &c->r->task);
	}
	snprintf(name, sizeof(name), "%s: a report without extents counts as the full one",
		 c->label);
	mism_tap(&m, name);
}

/*
 * A summary alone (no vma records, no extents), whose walk adds small
 * VMAs up in batches (walk.c, vms_batchable()), against the full report's
 * task record; and the VMAs it batched (@batched, the module's "batched="
 * statistic over the request) against those of the full report's VMAs
 * that may be: each within one PMD-sized range, not the vsyscall gate
 * (walked apart); of those, surely the ones whose policy is "default"
 * (none of their own, none of the task's), and perhaps those with one
 * that names no nodes.
 */
void check_summary_alone(struct check *c, const struct report *ra,
			 const char *raerr, long long batched)
{
	const unsigned long pmd = 2UL << 20;
	struct mism m = { 0 };
	long long lo = 0, hi = 0;
	char name[256];

	if (!ra || !c->r) {
		mism_add(&m, "%s", ra ? c->rerr : raerr);
	} else if (ra->n || !ra->has_task) {
		mism_add(&m, "%zu vma records, %s task record", ra->n,
			 ra->has_task ? "a" : "no");
	} else {
		cmp_task(&m, &ra->task, &c->r->task);
	}
	snprintf(name, sizeof(name), "%s: a summary alone counts as the full report",
		 c->label);
	mism_tap(&m, name);

	if (!ra || !c->r)
		return;
	for (size_t i = 0; i < c->r->n; i++) {
		const struct mvma *a = &c->r->v[i];

		if ((a->start ^ (a->end - 1)) & ~(pmd - 1) ||
		    a->kind == VMS_KIND_VSYSCALL)
			continue;
		hi++;
		if (a->policy && !strcmp(a->policy, "default"))
			lo++;
	}
	snprintf(name, sizeof(name), "%s: a summary alone batches the small VMAs (stats batched=)",
		 c->label);
	if (batched < 0)
		tap(false, name, "debugfs stats has no batched= count");
	else
		tapf(batched >= lo && batched <= hi, name,
		     "batched %lld VMAs; of the full report's, %lld lie within one PMD range, %lld of them with the default policy",
		     batched, hi, lo);
}
