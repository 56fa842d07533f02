// SPDX-License-Identifier: GPL-2.0
/*
 * Accounting: what one page-table entry adds to a VMA's record.
 *
 * Plain functions over plain inputs: walk.c reads an entry under its lock,
 * describes it as a struct vms_entry, and calls in here. The rules follow
 * fs/proc/task_mmu.c (smaps_account(), gather_stats()) so that the sums
 * equal smaps and numa_maps on a stopped target; Documentation/format.rst
 * names the figure each field equals.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include "account.h"

/**
 * vms_counts_reset() - zero a record, keeping its node array
 * @c: the record
 */
void vms_counts_reset(struct vms_counts *c)
{
	u64 *node = c->node;
	unsigned int nr_nodes = c->nr_nodes;

	memset(c, 0, sizeof(*c));
	c->node = node;
	c->nr_nodes = nr_nodes;
	if (node)
		memset(node, 0, nr_nodes * sizeof(*node));
}

/**
 * vms_counts_add() - add one record's figures into another (task sums)
 * @sum: the sums
 * @c: one VMA's record
 */
void vms_counts_add(struct vms_counts *sum, const struct vms_counts *c)
{
	unsigned int i;

	sum->vsz += c->vsz;
	sum->rss += c->rss;
	sum->anon += c->anon;
	sum->file += c->file;
	sum->shmem += c->shmem;
	sum->zero += c->zero;
	sum->swap += c->swap;
	sum->none += c->none;
	sum->other += c->other;
	sum->pss += c->pss;
	sum->shared += c->shared;
	sum->private += c->private;
	sum->dirty += c->dirty;
	sum->young += c->young;
	sum->softdirty += c->softdirty;
	sum->locked += c->locked;
	sum->ksm += c->ksm;
	sum->thp += c->thp;
	sum->hugetlb += c->hugetlb;
	sum->pss_dirty += c->pss_dirty;
	sum->pss_anon += c->pss_anon;
	sum->pss_file += c->pss_file;
	sum->pss_shmem += c->pss_shmem;
	sum->shared_clean += c->shared_clean;
	sum->shared_dirty += c->shared_dirty;
	sum->private_clean += c->private_clean;
	sum->private_dirty += c->private_dirty;
	sum->lazyfree += c->lazyfree;
	sum->misplaced += c->misplaced;
	sum->hugetlb_shared += c->hugetlb_shared;
	sum->hugetlb_private += c->hugetlb_private;
	sum->active += c->active;
	sum->writeback += c->writeback;
	sum->swapcache += c->swapcache;
	sum->mapmax = max(sum->mapmax, c->mapmax);
	sum->pgtables += c->pgtables;
	sum->runs += c->runs;
	for (i = 0; i < VMS_ORDERS; i++)
		sum->order[i] += c->order[i];
	for (i = 0; i < min(sum->nr_nodes, c->nr_nodes); i++)
		sum->node[i] += c->node[i];
}

/**
 * vms_counts_consistent() - check a record's invariants
 * @c: the record
 *
 * Return: true if vsz = rss + hugetlb + zero + swap + none + other, the
 * backing split and the sharing split add up to rss, the clean and dirty
 * parts to shared, private and dirty, the backing split of pss to pss,
 * the shared and private parts to hugetlb, and the nodes add up to
 * rss + hugetlb; lazyfree is part of anon, pss_dirty of pss; active,
 * writeback and swapcache are parts of rss + hugetlb.
 */
bool vms_counts_consistent(const struct vms_counts *c)
{
	u64 nodes = 0;
	unsigned int i;

	for (i = 0; i < c->nr_nodes; i++)
		nodes += c->node[i];
	return c->vsz == c->rss + c->hugetlb + c->zero + c->swap + c->none +
			 c->other &&
	       c->rss == c->anon + c->file + c->shmem &&
	       c->rss == c->shared + c->private &&
	       c->shared == c->shared_clean + c->shared_dirty &&
	       c->private == c->private_clean + c->private_dirty &&
	       c->dirty == c->shared_dirty + c->private_dirty &&
	       c->pss == c->pss_anon + c->pss_file + c->pss_shmem &&
	       c->pss_dirty <= c->pss && c->lazyfree <= c->anon &&
	       c->hugetlb == c->hugetlb_shared + c->hugetlb_private &&
	       c->active <= c->rss + c->hugetlb &&
	       c->writeback <= c->rss + c->hugetlb &&
	       c->swapcache <= c->rss + c->hugetlb &&
	       (!c->node || nodes == c->rss + c->hugetlb);
}
