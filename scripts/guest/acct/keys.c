// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: the report's numeric keys (format.h's words) as indexes
 * into struct rec, so figures from both sides compare key by key.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <string.h>

#include "acct.h"

static const char *const knames[K_NAMED] = {
	VMS_K_VSZ, VMS_K_RSS, VMS_K_ANON, VMS_K_FILE, VMS_K_SHMEM,
	VMS_K_ZERO, VMS_K_SWAP, VMS_K_NONE, VMS_K_OTHER, VMS_K_PSS,
	VMS_K_USS, VMS_K_SHARED, VMS_K_PRIVATE, VMS_K_DIRTY, VMS_K_YOUNG,
	VMS_K_SOFTDIRTY, VMS_K_LOCKED, VMS_K_KSM, VMS_K_THP, VMS_K_LARGE,
	VMS_K_HUGETLB, VMS_K_HPAGE, VMS_K_PGTABLES, VMS_K_RUNS,
	VMS_K_MINFLT, VMS_K_MAJFLT, VMS_K_OOM_SCORE_ADJ,
	VMS_K_PSS_DIRTY, VMS_K_SHARED_CLEAN, VMS_K_SHARED_DIRTY,
	VMS_K_PRIVATE_CLEAN, VMS_K_PRIVATE_DIRTY, VMS_K_LAZYFREE,
	VMS_K_HUGETLB_SHARED, VMS_K_HUGETLB_PRIVATE, VMS_K_KERNEL_PAGE,
	VMS_K_MMU_PAGE, VMS_K_PKEY, VMS_K_PSS_ANON, VMS_K_PSS_FILE,
	VMS_K_PSS_SHMEM, VMS_K_MISPLACED, VMS_K_ACTIVE, VMS_K_WRITEBACK,
	VMS_K_SWAPCACHE, VMS_K_MAPMAX,
};

const int vma_required[] = {
	K_VSZ, K_RSS, K_ANON, K_FILE, K_SHMEM, K_ZERO, K_SWAP, K_NONE,
	K_OTHER, K_PSS, K_USS, K_SHARED, K_PRIVATE, K_DIRTY, K_YOUNG,
	K_SOFTDIRTY, K_LOCKED, K_KSM, K_THP, K_LARGE, K_HUGETLB, K_HPAGE,
	K_PGTABLES, K_RUNS, K_PSS_DIRTY, K_SHARED_CLEAN, K_SHARED_DIRTY,
	K_PRIVATE_CLEAN, K_PRIVATE_DIRTY, K_LAZYFREE, K_HUGETLB_SHARED,
	K_HUGETLB_PRIVATE, K_KERNEL_PAGE, K_MMU_PAGE, K_MISPLACED,
	K_ACTIVE, K_WRITEBACK, K_SWAPCACHE, K_MAPMAX,
};
const size_t n_vma_required = VMS_ARRAY_SIZE(vma_required);

const int task_required[] = {
	K_VSZ, K_RSS, K_ANON, K_FILE, K_SHMEM, K_ZERO, K_SWAP, K_NONE,
	K_OTHER, K_PSS, K_USS, K_SHARED, K_PRIVATE, K_DIRTY, K_YOUNG,
	K_SOFTDIRTY, K_LOCKED, K_KSM, K_THP, K_LARGE, K_HUGETLB,
	K_PGTABLES, K_MINFLT, K_MAJFLT, K_OOM, K_PSS_DIRTY, K_SHARED_CLEAN,
	K_SHARED_DIRTY, K_PRIVATE_CLEAN, K_PRIVATE_DIRTY, K_LAZYFREE,
	K_HUGETLB_SHARED, K_HUGETLB_PRIVATE, K_PSS_ANON, K_PSS_FILE,
	K_PSS_SHMEM, K_MISPLACED,
};
const size_t n_task_required = VMS_ARRAY_SIZE(task_required);

/* The index of key @k (@len bytes): a named key, oN or nN; -1 if none. */
int key_index(const char *k, size_t len)
{
	for (int i = 0; i < K_NAMED; i++)
		if (strlen(knames[i]) == len && !memcmp(knames[i], k, len))
			return i;
	if (len >= 2 && len <= 3 &&
	    (k[0] == VMS_K_ORDER_PREFIX || k[0] == VMS_K_NODE_PREFIX)) {
		int v = 0;

		for (size_t i = 1; i < len; i++) {
			if (!isdigit((unsigned char)k[i]))
				return -1;
			v = v * 10 + (k[i] - '0');
		}
		if (k[0] == VMS_K_ORDER_PREFIX && v < NORD)
			return K_O0 + v;
		if (k[0] == VMS_K_NODE_PREFIX && v < NNODE)
			return K_N0 + v;
	}
	return -1;
}

/* The key of index @k (oN and nN from one of four rotating buffers). */
const char *key_name(int k)
{
	static char buf[4][16];
	static int i;

	if (k < K_NAMED)
		return knames[k];
	i = (i + 1) % 4;
	if (k < K_N0)
		snprintf(buf[i], sizeof(buf[i]), "%c%d", VMS_K_ORDER_PREFIX,
			 k - K_O0);
	else
		snprintf(buf[i], sizeof(buf[i]), "%c%d", VMS_K_NODE_PREFIX,
			 k - K_N0);
	return buf[i];
}

void rec_set(struct rec *r, int k, u64 v)
{
	r->v[k] = v;
	r->have[k] = true;
}

void rec_add(struct rec *r, int k, u64 v)
{
	r->v[k] += v;
	r->have[k] = true;
}

u64 rec_get(const struct rec *r, int k)
{
	return r->have[k] ? r->v[k] : 0;
}
