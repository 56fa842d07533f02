// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vmscope_account: account.c, what entries add to a VMA's
 * record, and the invariants Documentation/format.rst states:
 *
 *   vsz = rss + hugetlb + zero + swap + none + other
 *   rss = anon + file + shmem = shared + private
 *   shared = shared_clean + shared_dirty, private = private_clean +
 *   private_dirty, dirty = shared_dirty + private_dirty
 *   pss = pss_anon + pss_file + pss_shmem (in fixed point)
 *   hugetlb = hugetlb_shared + hugetlb_private
 *   sum(nK) = rss + hugetlb
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/string.h>
#include "account.h"

#define NODES	4
#define PG	PAGE_SIZE

/* A record with a node array of NODES entries, owned by the test. */
static struct vms_counts *vms_test_counts(struct kunit *test)
{
	struct vms_counts *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->node = kunit_kcalloc(test, NODES, sizeof(u64), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->node);
	c->nr_nodes = NODES;
	return c;
}

static struct vms_entry vms_present(unsigned long nr, u8 type, int node)
{
	return (struct vms_entry){ .addr = 0x10000, .nr = nr,
				   .state = VMS_STATE_PRESENT, .type = type,
				   .map = VMS_MAP_PTE, .node = node };
}

/* Sharing of clean anonymous pages: what only the mapcount decides. */
static void vms_share(struct vms_counts *c, unsigned long nr,
		      unsigned int mapcount, bool locked)
{
	struct vms_entry e = vms_present(nr, VMS_TYPE_ANON, 0);

	vms_account_share(c, &e, nr, mapcount, locked);
}

static void counts_reset_keeps_nodes(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	u64 *node = c->node;

	memset(c, 0xff, offsetof(struct vms_counts, node));
	node[0] = 5;
	node[3] = 5;
	vms_counts_reset(c);
	KUNIT_EXPECT_PTR_EQ(test, c->node, node);
	KUNIT_EXPECT_EQ(test, c->nr_nodes, NODES);
	KUNIT_EXPECT_EQ(test, c->vsz, 0);
	KUNIT_EXPECT_EQ(test, c->runs, 0);
	KUNIT_EXPECT_EQ(test, c->order[VMS_ORDERS - 1], 0);
	KUNIT_EXPECT_EQ(test, node[0] + node[1] + node[2] + node[3], 0);

	/* A record without a node array. */
	c->node = NULL;
	c->nr_nodes = 0;
	c->rss = 1;
	vms_counts_reset(c);
	KUNIT_EXPECT_EQ(test, c->rss, 0);
	KUNIT_EXPECT_NULL(test, c->node);
}

/* A present anonymous page, dirty and young: everything rss implies. */
static void account_present_anon(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	struct vms_entry e = vms_present(3, VMS_TYPE_ANON, 1);

	e.dirty = true;
	e.young = true;
	e.softdirty = true;
	e.ksm = true;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->rss, 3 * PG);
	KUNIT_EXPECT_EQ(test, c->anon, 3 * PG);
	KUNIT_EXPECT_EQ(test, c->file + c->shmem, 0);
	KUNIT_EXPECT_EQ(test, c->dirty, 3 * PG);
	KUNIT_EXPECT_EQ(test, c->young, 3 * PG);
	KUNIT_EXPECT_EQ(test, c->softdirty, 3 * PG);
	KUNIT_EXPECT_EQ(test, c->ksm, 3 * PG);
	KUNIT_EXPECT_EQ(test, c->thp, 0);
	KUNIT_EXPECT_EQ(test, c->order[0], 3 * PG);
	KUNIT_EXPECT_EQ(test, c->node[1], 3 * PG);
	KUNIT_EXPECT_EQ(test, c->hugetlb + c->zero + c->swap + c->none +
			      c->other, 0);
	/* Sharing is vms_account_share()'s. */
	KUNIT_EXPECT_EQ(test, c->pss + c->shared + c->private + c->locked, 0);
	KUNIT_EXPECT_EQ(test, c->pss_dirty + c->pss_anon + c->shared_dirty +
			      c->private_dirty, 0);
	/* Dirty: not lazily freed, whatever the entry says otherwise. */
	KUNIT_EXPECT_EQ(test, c->lazyfree, 0);
	KUNIT_EXPECT_EQ(test, c->runs, 0);
}

static void account_present_types(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	struct vms_entry e;

	e = vms_present(1, VMS_TYPE_FILE, 0);
	vms_account_entry(c, &e);
	e = vms_present(2, VMS_TYPE_SHMEM, 0);
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->file, PG);
	KUNIT_EXPECT_EQ(test, c->shmem, 2 * PG);
	KUNIT_EXPECT_EQ(test, c->anon, 0);
	KUNIT_EXPECT_EQ(test, c->rss, 3 * PG);
	/* Clean, old entries add nothing to dirty and young. */
	KUNIT_EXPECT_EQ(test, c->dirty + c->young + c->softdirty + c->ksm, 0);
	KUNIT_EXPECT_EQ(test, c->node[0], 3 * PG);
}

/* A PMD-mapped THP: thp and o9; a PTE-mapped large folio: only oK. */
static void account_thp_and_large(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	struct vms_entry e = vms_present(512, VMS_TYPE_ANON, 2);

	e.map = VMS_MAP_PMD;
	e.order = 9;
	vms_account_entry(c, &e);
	e = vms_present(16, VMS_TYPE_ANON, 2);
	e.order = 4;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->thp, 512 * PG);
	KUNIT_EXPECT_EQ(test, c->order[9], 512 * PG);
	KUNIT_EXPECT_EQ(test, c->order[4], 16 * PG);
	KUNIT_EXPECT_EQ(test, c->order[0], 0);
	KUNIT_EXPECT_EQ(test, c->rss, 528 * PG);

	/* Orders past the array land in the last slot. */
	e.order = 200;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->order[VMS_ORDERS - 1], 16 * PG);
}

/* hugetlb: its own figure and the node, never rss or its parts. */
static void account_hugetlb(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	struct vms_entry e = vms_present(512, VMS_TYPE_FILE, 3);

	e.hugetlb = true;
	e.map = VMS_MAP_PMD;
	e.order = 9;
	e.dirty = true;
	e.young = true;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->hugetlb, 512 * PG);
	KUNIT_EXPECT_EQ(test, c->node[3], 512 * PG);
	KUNIT_EXPECT_EQ(test, c->rss + c->file + c->dirty + c->young + c->thp +
			      c->order[9], 0);
	/* Not shared by smaps' hugetlb rule: private. */
	KUNIT_EXPECT_EQ(test, c->hugetlb_private, 512 * PG);
	KUNIT_EXPECT_EQ(test, c->hugetlb_shared, 0);
	e.hugetlb_shared = true;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->hugetlb_shared, 512 * PG);
	KUNIT_EXPECT_EQ(test, c->hugetlb_private, 512 * PG);
	KUNIT_EXPECT_EQ(test, c->hugetlb, 1024 * PG);
	KUNIT_EXPECT_EQ(test, c->shared + c->private + c->lazyfree, 0);
}

/* MADV_FREE'd anonymous pages, clean: lazyfree, a part of anon. */
static void account_lazyfree(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	struct vms_entry e = vms_present(5, VMS_TYPE_ANON, 0);

	e.lazyfree = true;
	vms_account_entry(c, &e);
	e.lazyfree = false;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->lazyfree, 5 * PG);
	KUNIT_EXPECT_EQ(test, c->anon, 10 * PG);
	KUNIT_EXPECT_EQ(test, c->dirty, 0);
	/* Only resident pages: a lazy flag on other states adds nothing. */
	e.state = VMS_STATE_SWAP;
	e.lazyfree = true;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->lazyfree, 5 * PG);
}

/*
 * numa_maps' page states: only pages it counts, each state on its own,
 * and the highest mapcount of them.
 */
static void account_numa_states(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);

	vms_account_numa(c, VMS_NUMA_ACTIVE | VMS_NUMA_SWAPCACHE, 3, 7);
	KUNIT_EXPECT_EQ(test, c->active + c->swapcache + c->mapmax, 0);
	vms_account_numa(c, VMS_NUMA_COUNTED | VMS_NUMA_ACTIVE, 2, 1);
	vms_account_numa(c, VMS_NUMA_COUNTED | VMS_NUMA_WRITEBACK |
			 VMS_NUMA_SWAPCACHE, 512, 3);
	vms_account_numa(c, VMS_NUMA_COUNTED, 1, 2);
	KUNIT_EXPECT_EQ(test, c->active, 2 * PG);
	KUNIT_EXPECT_EQ(test, c->writeback, 512 * PG);
	KUNIT_EXPECT_EQ(test, c->swapcache, 512 * PG);
	KUNIT_EXPECT_EQ(test, c->mapmax, 3);
	KUNIT_EXPECT_EQ(test, c->rss, 0);	/* the rest is not touched */
}

/* Non-present states count only their own figure, never a node. */
static void account_other_states(struct kunit *test)
{
	static const struct {
		u8 state;
		size_t field;
	} states[] = {
		{ VMS_STATE_ZERO, offsetof(struct vms_counts, zero) },
		{ VMS_STATE_SWAP, offsetof(struct vms_counts, swap) },
		{ VMS_STATE_NONE, offsetof(struct vms_counts, none) },
		{ VMS_STATE_OTHER, offsetof(struct vms_counts, other) },
		{ VMS_STATE_NR, offsetof(struct vms_counts, other) },
		{ 200, offsetof(struct vms_counts, other) },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(states); i++) {
		struct vms_counts *c = vms_test_counts(test);
		struct vms_entry e = {
			.addr = 0x1000, .nr = 7, .state = states[i].state,
			.node = 1, .dirty = true, .young = true,
			.map = VMS_MAP_PMD, .order = 9,
		};
		struct vms_counts want = { .node = c->node,
					   .nr_nodes = NODES };

		*(u64 *)((char *)&want + states[i].field) = 7 * PG;
		vms_account_entry(c, &e);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(c, &want,
						 offsetof(struct vms_counts, node)),
				    0,
				    "state %u", states[i].state);
		KUNIT_EXPECT_EQ(test, c->node[1], 0);
	}
}

/* A node the record has no slot for is not counted (nor -1). */
static void account_node_out_of_range(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	struct vms_entry e = vms_present(1, VMS_TYPE_ANON, NODES);

	vms_account_entry(c, &e);
	e.node = -1;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->rss, 2 * PG);
	KUNIT_EXPECT_EQ(test, c->node[0] + c->node[1] + c->node[2] +
			      c->node[3], 0);

	/* A record without node array takes entries of any node. */
	c->node = NULL;
	c->nr_nodes = 0;
	e.node = 0;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->rss, 3 * PG);
}

/*
 * PSS as smaps: 4096 << 12 / mapcount per page, in fixed point. Three
 * pages mapped three times: 3 * (16777216 / 3) = 16777215, so
 * pss >> 12 = 4095, one byte short of 4096, as smaps prints it.
 */
static void account_share_pss(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	const u64 one = (u64)PG << VMS_PSS_SHIFT;

	vms_share(c, 2, 1, false);
	KUNIT_EXPECT_EQ(test, c->pss, 2 * one);
	KUNIT_EXPECT_EQ(test, c->private, 2 * PG);
	KUNIT_EXPECT_EQ(test, c->shared, 0);

	/* Mapcount 0 (a page being unmapped) counts as private, whole. */
	vms_share(c, 1, 0, false);
	KUNIT_EXPECT_EQ(test, c->pss, 3 * one);
	KUNIT_EXPECT_EQ(test, c->private, 3 * PG);

	vms_counts_reset(c);
	vms_share(c, 4, 2, false);
	KUNIT_EXPECT_EQ(test, c->pss, 4 * one / 2);
	KUNIT_EXPECT_EQ(test, c->shared, 4 * PG);
	KUNIT_EXPECT_EQ(test, c->private, 0);
	KUNIT_EXPECT_EQ(test, c->locked, 0);

	vms_counts_reset(c);
	vms_share(c, 3, 3, false);
	KUNIT_EXPECT_EQ(test, c->pss, 16777215);
	KUNIT_EXPECT_EQ(test, c->pss >> VMS_PSS_SHIFT, PG - 1);
	KUNIT_EXPECT_EQ(test, c->shared, 3 * PG);

	/* A huge mapcount still divides. */
	vms_counts_reset(c);
	vms_share(c, 1, 1u << 20, false);
	KUNIT_EXPECT_EQ(test, c->pss, one >> 20);
}

/*
 * As smaps_page_accumulate(): pss split by the folio's backing and, with
 * shared and private, by dirtiness of the entry or folio; all in the same
 * fixed point as pss. Three dirty shmem pages mapped three times give
 * 16777215 to pss, pss_shmem and pss_dirty alike.
 */
static void account_share_split(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	const u64 one = (u64)PG << VMS_PSS_SHIFT;
	struct vms_entry anon = vms_present(1, VMS_TYPE_ANON, 0);
	struct vms_entry file = vms_present(1, VMS_TYPE_FILE, 0);
	struct vms_entry shmem = vms_present(1, VMS_TYPE_SHMEM, 0);

	shmem.dirty = true;
	vms_account_share(c, &shmem, 3, 3, false);
	KUNIT_EXPECT_EQ(test, c->pss, 16777215);
	KUNIT_EXPECT_EQ(test, c->pss_shmem, 16777215);
	KUNIT_EXPECT_EQ(test, c->pss_dirty, 16777215);
	KUNIT_EXPECT_EQ(test, c->shared_dirty, 3 * PG);
	KUNIT_EXPECT_EQ(test, c->pss_anon + c->pss_file + c->shared_clean +
			      c->private_clean + c->private_dirty, 0);

	vms_counts_reset(c);
	vms_account_share(c, &anon, 2, 1, true);	/* private, clean */
	vms_account_share(c, &file, 4, 2, false);	/* shared, clean */
	anon.dirty = true;
	vms_account_share(c, &anon, 1, 0, false);	/* private, dirty */
	file.dirty = true;
	vms_account_share(c, &file, 1, 5, false);	/* shared, dirty */
	KUNIT_EXPECT_EQ(test, c->private_clean, 2 * PG);
	KUNIT_EXPECT_EQ(test, c->private_dirty, PG);
	KUNIT_EXPECT_EQ(test, c->shared_clean, 4 * PG);
	KUNIT_EXPECT_EQ(test, c->shared_dirty, PG);
	KUNIT_EXPECT_EQ(test, c->private, 3 * PG);
	KUNIT_EXPECT_EQ(test, c->shared, 5 * PG);
	KUNIT_EXPECT_EQ(test, c->pss_anon, 3 * one);
	KUNIT_EXPECT_EQ(test, c->pss_file, 4 * (one / 2) + one / 5);
	KUNIT_EXPECT_EQ(test, c->pss_shmem, 0);
	KUNIT_EXPECT_EQ(test, c->pss_dirty, one + one / 5);
	KUNIT_EXPECT_EQ(test, c->pss, c->pss_anon + c->pss_file);
	KUNIT_EXPECT_EQ(test, c->locked, 2 * one);
}

static void account_share_locked(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	const u64 one = (u64)PG << VMS_PSS_SHIFT;

	vms_share(c, 2, 1, true);
	vms_share(c, 3, 3, true);
	vms_share(c, 5, 1, false);
	KUNIT_EXPECT_EQ(test, c->locked, 2 * one + 3 * (one / 3));
	KUNIT_EXPECT_EQ(test, c->pss, 7 * one + 3 * (one / 3));
	KUNIT_EXPECT_EQ(test, c->private, 7 * PG);
	KUNIT_EXPECT_EQ(test, c->shared, 3 * PG);
}

/* Runs break on a virtual or a physical gap, not on entry boundaries. */
static void runs_feed(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	struct vms_runs r = { 0 };

	vms_runs_feed(&r, &c->runs, 0x10000, 100, 1);
	vms_runs_feed(&r, &c->runs, 0x11000, 101, 2);		/* continues */
	KUNIT_EXPECT_EQ(test, c->runs, 1);
	KUNIT_EXPECT_EQ(test, r.next_addr, 0x13000);
	KUNIT_EXPECT_EQ(test, r.next_pfn, 103);
	vms_runs_feed(&r, &c->runs, 0x13000, 200, 512);	/* physical gap */
	KUNIT_EXPECT_EQ(test, c->runs, 2);
	vms_runs_feed(&r, &c->runs, 0x214000, 712, 1);		/* virtual gap */
	KUNIT_EXPECT_EQ(test, c->runs, 3);
	vms_runs_feed(&r, &c->runs, 0x215000, 712, 1);		/* same frame again */
	KUNIT_EXPECT_EQ(test, c->runs, 4);
	vms_runs_feed(&r, &c->runs, 0x216000, 713, 1);
	KUNIT_EXPECT_EQ(test, c->runs, 4);
	/* A fresh state opens a run even where the last one would go on. */
	memset(&r, 0, sizeof(r));
	vms_runs_feed(&r, &c->runs, 0, 0, 1);
	KUNIT_EXPECT_EQ(test, c->runs, 5);
}

/*
 * A record built only through vms_account_entry()/vms_account_share(),
 * as the walker builds it, is consistent; so is one that accounted
 * nothing. Each broken equation is detected.
 */
static void counts_consistent_invariants(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	struct vms_entry e;

	KUNIT_EXPECT_TRUE(test, vms_counts_consistent(c));

	c->vsz = 10 * PG;
	e = vms_present(2, VMS_TYPE_ANON, 0);
	e.lazyfree = true;
	vms_account_entry(c, &e);
	vms_account_share(c, &e, 2, 1, false);
	e = vms_present(1, VMS_TYPE_SHMEM, 3);
	e.dirty = true;
	vms_account_entry(c, &e);
	vms_account_share(c, &e, 1, 2, false);
	e = vms_present(2, VMS_TYPE_FILE, 1);
	e.hugetlb = true;
	vms_account_entry(c, &e);
	e.hugetlb = false;
	e.state = VMS_STATE_ZERO;
	vms_account_entry(c, &e);
	e.nr = 1;
	e.state = VMS_STATE_SWAP;
	vms_account_entry(c, &e);
	e.state = VMS_STATE_NONE;
	vms_account_entry(c, &e);
	e.state = VMS_STATE_OTHER;
	vms_account_entry(c, &e);
	KUNIT_ASSERT_TRUE(test, vms_counts_consistent(c));

	c->vsz += PG;		/* vsz != rss + hugetlb + zero + ... */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->vsz -= PG;
	c->anon -= PG;		/* rss != anon + file + shmem */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->anon += PG;
	c->private -= PG;	/* rss != shared + private */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->private += PG;
	c->private_clean += PG;	/* private != private_clean + private_dirty */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->private_clean -= PG;
	c->shared_clean += PG;	/* shared != shared_clean + shared_dirty */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->shared_clean -= PG;
	c->shared_dirty -= PG;	/* also dirty != shared_dirty + ... */
	c->shared_clean += PG;
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->shared_clean -= PG;
	c->shared_dirty += PG;
	c->pss_anon += 1;	/* pss != pss_anon + pss_file + pss_shmem */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->pss_anon -= 1;
	c->hugetlb_shared += PG; /* hugetlb != shared + private parts */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->hugetlb_shared -= PG;
	c->lazyfree = c->anon + PG;	/* lazyfree > anon */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->lazyfree = 2 * PG;
	c->pss_dirty = c->pss + 1;	/* pss_dirty > pss */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->pss_dirty = 0;
	KUNIT_EXPECT_TRUE(test, vms_counts_consistent(c));
	c->node[2] += PG;	/* sum(nK) != rss + hugetlb */
	KUNIT_EXPECT_FALSE(test, vms_counts_consistent(c));
	c->node[2] -= PG;
	KUNIT_EXPECT_TRUE(test, vms_counts_consistent(c));

	/* Without a node array only the other equations are checked. */
	c->node = NULL;
	c->nr_nodes = 0;
	KUNIT_EXPECT_TRUE(test, vms_counts_consistent(c));
}

/*
 * The invariants hold whatever sequence of entries a VMA has: 10000
 * pseudo-random entries of every state, type, order and node.
 */
static void counts_consistent_random(struct kunit *test)
{
	struct vms_counts *c = vms_test_counts(test);
	struct rnd_state rnd;
	unsigned int i;

	prandom_seed_state(&rnd, 20240601);
	for (i = 0; i < 10000; i++) {
		u32 r = prandom_u32_state(&rnd);
		u32 r2 = prandom_u32_state(&rnd);
		struct vms_entry e = {
			.addr = c->vsz,
			.nr = 1 + (r & 511),
			.state = (r >> 9) % VMS_STATE_NR,
			.type = (r >> 12) % VMS_TYPE_NR,
			.map = (r >> 14) % VMS_MAP_NR,
			.order = (r >> 16) % 12,
			.node = (r >> 20) % NODES,
			.hugetlb = (r >> 22) % 8 == 0,
			.hugetlb_shared = r2 & BIT(0),
			.dirty = r & BIT(23),
			.young = r & BIT(24),
			.softdirty = r & BIT(25),
			.ksm = r & BIT(26),
		};

		/* as vms_mapped_key() decides it */
		e.lazyfree = e.type == VMS_TYPE_ANON && !e.dirty &&
			     (r2 & BIT(1));
		c->vsz += e.nr << PAGE_SHIFT;
		vms_account_entry(c, &e);
		if (e.state == VMS_STATE_PRESENT && !e.hugetlb)
			vms_account_share(c, &e, e.nr, r >> 27, r & BIT(31));
	}
	KUNIT_EXPECT_TRUE(test, vms_counts_consistent(c));
	KUNIT_EXPECT_GT(test, c->rss, 0);
	KUNIT_EXPECT_GT(test, c->hugetlb, 0);
	KUNIT_EXPECT_GT(test, c->shared, 0);
	KUNIT_EXPECT_GT(test, c->other, 0);
	KUNIT_EXPECT_GT(test, c->lazyfree, 0);
	KUNIT_EXPECT_GT(test, c->shared_dirty, 0);
	KUNIT_EXPECT_GT(test, c->private_clean, 0);
	KUNIT_EXPECT_GT(test, c->hugetlb_shared, 0);
	KUNIT_EXPECT_GT(test, c->hugetlb_private, 0);
}

/* Task sums: every field adds, nodes up to the smaller array. */
static void counts_add(struct kunit *test)
{
	struct vms_counts *sum = vms_test_counts(test);
	struct vms_counts *c = vms_test_counts(test);
	u64 *f;
	unsigned int i;

	/* Every u64 from vsz to order[] set to its index + 1. */
	for (f = &c->vsz, i = 1; f <= &c->order[VMS_ORDERS - 1]; f++, i++)
		*f = i;
	for (i = 0; i < NODES; i++)
		c->node[i] = 100 + i;
	vms_counts_add(sum, c);
	vms_counts_add(sum, c);
	for (f = &sum->vsz, i = 1; f <= &sum->order[VMS_ORDERS - 1]; f++, i++) {
		/* hpage is the VMA's page size, not a sum. */
		if (f == &sum->hpage) {
			KUNIT_EXPECT_EQ(test, *f, 0);
			continue;
		}
		/* mapmax is the highest of the records', not a sum. */
		if (f == &sum->mapmax) {
			KUNIT_EXPECT_EQ(test, *f, i);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, *f, 2 * i, "field %u", i);
	}
	for (i = 0; i < NODES; i++)
		KUNIT_EXPECT_EQ(test, sum->node[i], 2 * (100 + i));

	/* A record with fewer nodes adds into the first ones only. */
	c->nr_nodes = 2;
	vms_counts_add(sum, c);
	KUNIT_EXPECT_EQ(test, sum->node[1], 3 * 101);
	KUNIT_EXPECT_EQ(test, sum->node[2], 2 * 102);
}

static struct kunit_case vms_account_cases[] = {
	KUNIT_CASE(counts_reset_keeps_nodes),
	KUNIT_CASE(account_present_anon),
	KUNIT_CASE(account_present_types),
	KUNIT_CASE(account_thp_and_large),
	KUNIT_CASE(account_hugetlb),
	KUNIT_CASE(account_lazyfree),
	KUNIT_CASE(account_numa_states),
	KUNIT_CASE(account_other_states),
	KUNIT_CASE(account_node_out_of_range),
	KUNIT_CASE(account_share_pss),
	KUNIT_CASE(account_share_split),
	KUNIT_CASE(account_share_locked),
	KUNIT_CASE(runs_feed),
	KUNIT_CASE(counts_consistent_invariants),
	KUNIT_CASE(counts_consistent_random),
	KUNIT_CASE(counts_add),
	{}
};

static struct kunit_suite vms_account_suite = {
	.name = "vmscope_account",
	.test_cases = vms_account_cases,
};

kunit_test_suite(vms_account_suite);
