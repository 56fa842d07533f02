// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: the workload's "expect" lines hold (it set up what
 * it meant to).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

void check_expectations(const char *label, const struct ksnap *k,
			       const struct expectation *ex, size_t nex)
{
	struct mism m = { 0 };
	char name[256];
	size_t n = 0;

	for (size_t i = 0; i < nex; i++) {
		const struct kvma *v = NULL;
		int key = key_index(ex[i].key, strlen(ex[i].key));
		u64 got;
		bool ok;

		if (ex[i].pid != k->pid)
			continue;
		n++;
		for (size_t j = 0; j < k->n; j++)
			if (k->v[j].start <= ex[i].addr &&
			    ex[i].addr < k->v[j].end)
				v = &k->v[j];
		if (!v || key < 0) {
			mism_add(&m, "expect %s at %lx: %s", ex[i].key,
				 ex[i].addr, v ? "unknown field" : "no VMA there");
			continue;
		}
		got = rec_get(&v->d, key);
		ok = !strcmp(ex[i].op, ">=") ? got >= ex[i].val :
		     !strcmp(ex[i].op, "<=") ? got <= ex[i].val :
		     got == ex[i].val;
		if (!ok)
			mism_add(&m, VF ": the workload expected %s %s %llu, the kernel's files say %llu",
				 VA(v), ex[i].key, ex[i].op, ex[i].val, got);
		else if (v->problem)
			mism_add(&m, VF ": %s", VA(v), v->problem);
	}
	snprintf(name, sizeof(name), "%s: the workload set up what it meant to, %zu expectations",
		 label, n);
	if (n)
		mism_tap(&m, name);
}
