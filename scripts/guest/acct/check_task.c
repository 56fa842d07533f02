// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: the task record against smaps_rollup, VmPTE, stat
 * fault counts and oom_score_adj.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "acct.h"

void check_task(struct check *c)
{
	const struct ksnap *k = c->k;
	struct mism m = { 0 };
	struct kvma tv = { .start = 0, .end = 0, .name = "(task)" };
	const struct rec *t = c->r && c->r->has_task ? &c->r->task : NULL;
	char name[256];
	u64 pss = 0, locked = 0, pss_type[VMS_TYPE_NR] = { 0 };

	/* The rollup's figures through the same comparisons as a VMA's. */
	memcpy(tv.sm, k->roll, sizeof(tv.sm));
	tv.sm_have = k->roll_have;
	for (size_t i = 0; i < k->n; i++) {
		pss += k->v[i].pss_fixed;
		locked += k->v[i].locked_fixed;
		for (int t = 0; t < VMS_TYPE_NR; t++)
			pss_type[t] += k->v[i].pss_type_fixed[t];
		tv.swap_elsewhere += k->v[i].swap_elsewhere;
	}
	if (t) {
		const struct kvma *v = &tv;

		cmp_smaps_fields(&m, v, t, false, "smaps_rollup");
		cmp(&m, v, t, K_PSS, pss >> PSS_SHIFT, "kpagecount");
		cmp(&m, v, t, K_LOCKED, locked >> PSS_SHIFT, "kpagecount");
		cmp(&m, v, t, K_PSS_ANON, pss_type[VMS_TYPE_ANON] >> PSS_SHIFT,
		    "kpagecount");
		cmp(&m, v, t, K_PSS_FILE, pss_type[VMS_TYPE_FILE] >> PSS_SHIFT,
		    "kpagecount");
		cmp(&m, v, t, K_PSS_SHMEM, pss_type[VMS_TYPE_SHMEM] >> PSS_SHIFT,
		    "kpagecount");
		if (k->have_vmpte)
			cmp(&m, v, t, K_PGTABLES, k->vmpte, "VmPTE");
		cmp(&m, v, t, K_MINFLT, k->minflt, "stat");
		cmp(&m, v, t, K_MAJFLT, k->majflt, "stat");
		cmp(&m, v, t, K_OOM, (u64)k->oom, "oom_score_adj");
	} else {
		mism_add(&m, "%s", c->r ? "no task record" : c->rerr);
	}
	snprintf(name, sizeof(name), "%s: task record vs smaps_rollup, VmPTE, stat",
		 c->label);
	mism_tap(&m, name);
}
