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
	const struct kvma *v;
	const struct rec *r;
	size_t i = 0;
	int n = 0;

	while ((v = next_matched(c, &i, &r))) {
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
	class_tap(c, &m, "%s: numa_maps nodes, %d VMAs", c->label, n);
}
