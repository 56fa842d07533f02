// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: the workload's "expect" lines hold (it set up what
 * it meant to).
 *
 * The kernel's reclaim may undo a setup between the workload's "ready"
 * and the check: it frees MADV_FREE pages, swaps pages out and clears
 * young bits (the multi-gen LRU's aging walks whole page tables). That
 * happens in a guest with memory to spare too: a THP allocation under
 * MADV_HUGEPAGE compacts and reclaims its own node. An expectation that
 * fails after reclaim ran is then a skip that names it, not a failure:
 * it says nothing of vmscope, whose figures are compared with the
 * kernel's files as they are, and the workload's state is not what it
 * set up. Without reclaim a failed expectation fails, and so does, with
 * it, one that reclaim cannot explain: no VMA at the address, a field
 * reclaim leaves alone (vsz, locked, hugetlb, hpage, zero), or a problem
 * with the kernel's own files.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

long long reclaim_scanned(void)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char key[64];
	unsigned long long v;
	long long sum = 0;

	if (!f)
		return -1;
	/* kswapd, direct, khugepaged (and proactive, where it is counted) */
	while (fscanf(f, "%63s %llu", key, &v) == 2)
		if (!strncmp(key, "pgscan_", 7) && strcmp(key, "pgscan_anon") &&
		    strcmp(key, "pgscan_file") &&
		    strcmp(key, "pgscan_direct_throttle"))
			sum += (long long)v;
	fclose(f);
	return sum;
}

/* May the kernel's reclaim change @key of a VMA? */
static bool reclaim_may_change(const char *key)
{
	static const char *const fixed[] = {
		"vsz", "locked", "hugetlb", "hpage", "zero",
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (!strcmp(key, fixed[i]))
			return false;
	return true;
}

void check_expectations(const char *label, const struct ksnap *k,
			const struct expectation *ex, size_t nex,
			const struct source *src)
{
	long long scanned;
	int unexplained = 0;
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
			unexplained++;
			continue;
		}
		got = rec_get(&v->d, key);
		ok = !strcmp(ex[i].op, ">=") ? got >= ex[i].val :
		     !strcmp(ex[i].op, "<=") ? got <= ex[i].val :
		     got == ex[i].val;
		if (!ok) {
			mism_add(&m, VF ": the workload expected %s %s %llu, the kernel's files say %llu",
				 VA(v), ex[i].key, ex[i].op, ex[i].val, got);
			unexplained += !reclaim_may_change(ex[i].key);
		} else if (v->problem) {
			mism_add(&m, VF ": %s", VA(v), v->problem);
			unexplained++;
		}
	}
	snprintf(name, sizeof(name), "%s: the workload set up what it meant to, %zu expectations",
		 label, n);
	if (!n)
		return;
	scanned = src->pgscan >= 0 ? reclaim_scanned() - src->pgscan : 0;
	if (scanned > 0)
		printf("# %s: the kernel's reclaim scanned %lld pages since the workload started\n",
		       label, scanned);
	if (m.n && scanned > 0 && !unexplained) {
		char *why;

		if (m.n > MAX_MISMATCH)
			vms_buf_printf(&m.txt, " (and %d more)",
				       m.n - MAX_MISMATCH);
		why = xasprintf("the kernel's reclaim scanned %lld pages since the workload started (/proc/vmstat pgscan_*), undoing what it set up: %s",
				scanned, buf_str(&m.txt));

		tap_skip(name, why);
		free(why);
		vms_buf_free(&m.txt);
		return;
	}
	mism_tap(&m, name);
}
