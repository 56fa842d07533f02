// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: the vma fields against the ones pagemap_oracle.c
 * derives page by page (states, types, pss, shared/private, orders, runs,
 * nodes).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

static const int pm_keys[] = {
	K_RSS, K_ANON, K_FILE, K_SHMEM, K_ZERO, K_SWAP, K_NONE, K_OTHER,
	K_PSS, K_USS, K_SHARED, K_PRIVATE, K_SOFTDIRTY, K_LOCKED, K_KSM,
	K_THP, K_LARGE, K_HUGETLB, K_RUNS,
};

void check_pagemap(struct check *c)
{
	struct mism m = { 0 };
	const struct kvma *v;
	const struct rec *r;
	size_t i = 0;
	int n = 0;

	while ((v = next_matched(c, &i, &r))) {
		n++;
		if (v->problem) {
			mism_add(&m, VF ": the kernel's figures cannot be derived: %s",
				 VA(v), v->problem);
			continue;
		}
		for (size_t j = 0; j < VMS_ARRAY_SIZE(pm_keys); j++) {
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
	class_tap(c, &m, "%s: pagemap+kpageflags+kpagecount figures, %d VMAs", c->label, n);
}
