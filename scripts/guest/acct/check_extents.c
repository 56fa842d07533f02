// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: the ext records against the ones rebuilt from
 * pagemap, record for record (with and without pfn).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

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

		if (e->state == VMS_STATE_PRESENT && e->order == 9 &&
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

void check_extents(struct check *c, bool pfn)
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
		u64 bytes[VMS_STATE_NR] = { 0 };
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
			/* The module always knows: no figure for unknown, so 0. */
			static const int sk[VMS_STATE_NR] = {
				K_RSS, K_ZERO, K_SWAP, K_NONE, K_OTHER, -1,
			};

			for (int s = 0; s < VMS_STATE_NR; s++) {
				u64 f = (sk[s] < 0 ? 0 : rec_get(mr, sk[s])) +
					(s == VMS_STATE_PRESENT ? rec_get(mr, K_HUGETLB) : 0);

				if (bytes[s] != f)
					mism_add(&m, VF ": %s extents cover %llu bytes, the vma record says %llu",
						 VA(v), vms_state_word(s), bytes[s], f);
			}
		}
		if (v->problem) {
			mism_add(&m, VF ": the kernel's extents cannot be derived: %s",
				 VA(v), v->problem);
			continue;
		}
		if (v->mode == DM_OPAQUE) {
			if (bytes[VMS_STATE_NONE] + bytes[VMS_STATE_OTHER] != v->end - v->start)
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
