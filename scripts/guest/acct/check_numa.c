// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: nK = numa_maps NK x page size, plus reserved pages.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

void check_numa(struct check *c)
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
