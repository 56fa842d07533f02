// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the page-table walk.
 *
 * vmscope_walk_entry: the per-entry decisions of classify.c
 * (vms_pte_key(), vms_classify_pmd(), vms_share_count()) and the batching
 * of PTEs (vms_pte_batch_extends(), vms_pte_batch_entry()), fed
 * synthesized pte_t, pmd_t and swap entries: none, swap, migration,
 * marker, zero page, special, frame-less, a page and a 2 MiB folio of our
 * own with their bits and mapcounts, devmap and migration pmds, the huge
 * zero page.
 *
 * vmscope_walk: vms_walk_mm() on a real address space. kunit_vm_mmap()
 * gives the test thread an mm of its own (6.12); each case maps at fixed
 * addresses in it, touches memory through copy_to_user()/copy_from_user(),
 * walks into a test sink that keeps the records as structures, and
 * compares every record, field by field, with what the test did. Frame
 * numbers, nodes and folio orders are the kernel's choice:
 * get_user_pages_fast() tells them, independently of the walker.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/mman.h>
#include <linux/mmap_lock.h>
#include <linux/pgtable.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/uaccess.h>
#include "classify.h"
#include "compat.h"
#include "request.h"
#include "sink.h"
#include "stats.h"
#include "walk.h"

/* ---- vmscope_walk_entry --------------------------------------------- */

#define ENTRY_ADDR	0x7f0000200000UL	/* PMD aligned */

struct vms_entry_ctx {
	struct vms_vma_facts f;
	struct page *page;	/* an order-0 page of our own */
	struct page *got;	/* what the last classification returned */
};

static void vms_entry_free_page(void *data)
{
	struct page *page = data;

	/* Undo what the cases did to it, so that it frees cleanly. */
	atomic_set(&page->_mapcount, -1);
	page_folio(page)->mapping = NULL;
	folio_clear_swapbacked(page_folio(page));
	folio_clear_referenced(page_folio(page));
	folio_clear_dirty(page_folio(page));
	__free_page(page);
}

static int vms_entry_suite_init(struct kunit *test)
{
	struct vms_entry_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx),
						  GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->f.type = VMS_TYPE_ANON;
	ctx->page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->page);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							vms_entry_free_page,
							ctx->page), 0);
	test->priv = ctx;
	return 0;
}

/* Describe @pte alone at ENTRY_ADDR. */
static struct vms_entry vms_one(struct kunit *test, pte_t pte)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct vms_pte_batch b = { .start = ENTRY_ADDR, .mapcount = 0 };
	struct folio *folio = NULL;
	struct vms_entry e;

	memset(&e, 0xa5, sizeof(e));
	b.key = vms_pte_key(pte, &ctx->f, ENTRY_ADDR, &b.pfn, &b.node, &folio,
			    &ctx->got);
	/* as a walk that builds extents: the entry keeps its node */
	vms_pte_batch_entry(&e, &ctx->f, &b, ENTRY_ADDR + PAGE_SIZE, true);
	/* the page's folio with it, read once */
	KUNIT_EXPECT_PTR_EQ(test, folio, ctx->got ? page_folio(ctx->got) :
				       NULL);
	KUNIT_EXPECT_EQ(test, e.addr, ENTRY_ADDR);
	KUNIT_EXPECT_EQ(test, e.nr, 1);
	KUNIT_EXPECT_EQ(test, e.map, VMS_MAP_PTE);
	KUNIT_EXPECT_FALSE(test, e.hugetlb);
	KUNIT_EXPECT_FALSE(test, e.ksm);
	return e;
}

/* An entry without a page: nothing but its state, no page returned. */
static void vms_expect_pageless(struct kunit *test, const struct vms_entry *e,
				u8 state, u8 type)
{
	struct vms_entry_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, e->state, state);
	KUNIT_EXPECT_EQ(test, e->type, type);
	KUNIT_EXPECT_FALSE(test, e->dirty || e->young || e->softdirty);
	KUNIT_EXPECT_NULL(test, ctx->got);
	if (state != VMS_STATE_ZERO) {
		KUNIT_EXPECT_EQ(test, e->node, -1);
		KUNIT_EXPECT_EQ(test, e->pfn, 0);
		KUNIT_EXPECT_EQ(test, e->order, 0);
	}
}

static void entry_pte_none(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct vms_entry e = vms_one(test, __pte(0));

	vms_expect_pageless(test, &e, VMS_STATE_NONE, VMS_TYPE_ANON);

	/* Entries without a folio take the VMA's type. */
	ctx->f.type = VMS_TYPE_SHMEM;
	e = vms_one(test, __pte(0));
	vms_expect_pageless(test, &e, VMS_STATE_NONE, VMS_TYPE_SHMEM);
}

static void entry_swap(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct vms_entry e;
	pte_t pte;

	ctx->f.type = VMS_TYPE_FILE;
	e = vms_one(test, swp_entry_to_pte(swp_entry(0, 12345)));
	vms_expect_pageless(test, &e, VMS_STATE_SWAP, VMS_TYPE_FILE);

	/* Software bits of a swap PTE change nothing. */
	pte = swp_entry_to_pte(swp_entry(MAX_SWAPFILES - 1, 1));
	pte = pte_swp_mksoft_dirty(pte_swp_mkexclusive(pte));
	e = vms_one(test, pte);
	vms_expect_pageless(test, &e, VMS_STATE_SWAP, VMS_TYPE_FILE);
}

/* Migration entries and markers are other; the page is never looked at. */
static void entry_non_swap(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	unsigned long pfn = page_to_pfn(ctx->page);
	swp_entry_t entries[] = {
		make_readable_migration_entry(pfn),
		make_readable_exclusive_migration_entry(pfn),
		make_writable_migration_entry(pfn),
		make_pte_marker_entry(PTE_MARKER_POISONED),
		make_pte_marker_entry(PTE_MARKER_UFFD_WP),
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(entries); i++) {
		struct vms_entry e = vms_one(test,
					     swp_entry_to_pte(entries[i]));

		vms_expect_pageless(test, &e, VMS_STATE_OTHER, VMS_TYPE_ANON);
	}
}

/* The shared zero page, special (as mapped) or not: zero, with its node. */
static void entry_zero_page(struct kunit *test)
{
	unsigned long pfn = my_zero_pfn(ENTRY_ADDR);
	struct vms_entry e;

	e = vms_one(test, pte_mkspecial(pfn_pte(pfn, PAGE_READONLY)));
	vms_expect_pageless(test, &e, VMS_STATE_ZERO, VMS_TYPE_ANON);
	KUNIT_EXPECT_EQ(test, e.order, 0);
	KUNIT_EXPECT_EQ(test, e.pfn, pfn);
	KUNIT_EXPECT_EQ(test, e.node, page_to_nid(pfn_to_page(pfn)));

	e = vms_one(test, pte_mkdirty(pfn_pte(pfn, PAGE_READONLY)));
	vms_expect_pageless(test, &e, VMS_STATE_ZERO, VMS_TYPE_ANON);
	KUNIT_EXPECT_EQ(test, e.pfn, pfn);
}

/*
 * Special PTEs of other frames, and in PFN maps frames without a struct
 * page: other.
 */
static void entry_no_page(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	unsigned long bad = 1UL << (MAX_PHYSMEM_BITS - PAGE_SHIFT - 1);
	struct vms_entry e;

	e = vms_one(test, pte_mkspecial(pfn_pte(page_to_pfn(ctx->page),
						PAGE_SHARED)));
	vms_expect_pageless(test, &e, VMS_STATE_OTHER, VMS_TYPE_ANON);

	KUNIT_ASSERT_FALSE(test, pfn_valid(bad));
	ctx->f.pfnmap = true;
	e = vms_one(test, pfn_pte(bad, PAGE_SHARED));
	vms_expect_pageless(test, &e, VMS_STATE_OTHER, VMS_TYPE_ANON);
}

/*
 * A page of our own, mapped by a synthesized PTE: not anonymous, not
 * swap-backed, so "file"; order 0 on its node; clean and old unless the
 * PTE or the folio says otherwise. The page is returned to the caller.
 */
static void entry_present(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct folio *folio = page_folio(ctx->page);
	unsigned long pfn = page_to_pfn(ctx->page);
	pte_t pte = pte_mkold(pte_mkclean(pfn_pte(pfn, PAGE_SHARED)));
	struct vms_entry e;

	e = vms_one(test, pte);
	KUNIT_EXPECT_PTR_EQ(test, ctx->got, ctx->page);
	KUNIT_EXPECT_EQ(test, e.state, VMS_STATE_PRESENT);
	KUNIT_EXPECT_EQ(test, e.type, VMS_TYPE_FILE);
	KUNIT_EXPECT_EQ(test, e.order, 0);
	KUNIT_EXPECT_EQ(test, e.node, page_to_nid(ctx->page));
	KUNIT_EXPECT_EQ(test, e.pfn, pfn);
	KUNIT_EXPECT_FALSE(test, e.dirty || e.young || e.softdirty);

	/* x86's pte_mkdirty() sets the soft-dirty bit too, when there is one. */
	e = vms_one(test, pte_mkyoung(pte_mkdirty(pte)));
	KUNIT_EXPECT_TRUE(test, e.dirty && e.young);
	KUNIT_EXPECT_EQ(test, e.softdirty, IS_ENABLED(CONFIG_MEM_SOFT_DIRTY));

	/* Dirty and young also come from the folio. */
	folio_set_dirty(folio);
	folio_set_referenced(folio);
	e = vms_one(test, pte);
	folio_clear_dirty(folio);
	folio_clear_referenced(folio);
	KUNIT_EXPECT_TRUE(test, e.dirty && e.young);

	/* VM_SOFTDIRTY comes from the VMA. */
	ctx->f.softdirty = true;
	e = vms_one(test, pte);
	KUNIT_EXPECT_TRUE(test, e.softdirty);
	KUNIT_EXPECT_FALSE(test, e.dirty || e.young);
}

/*
 * An anonymous folio that is not swap-backed (MADV_FREE cleared the flag)
 * and clean in its entry and itself is lazily freed; dirty in either, or
 * swap-backed, it is not. Our page is made to look anonymous for the
 * case (mapping with PAGE_MAPPING_ANON, no anon_vma behind it: nothing
 * follows it) and restored before it is freed.
 */
static void entry_lazyfree(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct folio *folio = page_folio(ctx->page);
	unsigned long pfn = page_to_pfn(ctx->page);
	pte_t pte = pte_mkold(pte_mkclean(pfn_pte(pfn, PAGE_SHARED)));
	struct vms_entry e;

	e = vms_one(test, pte);
	KUNIT_EXPECT_FALSE(test, e.lazyfree);	/* page cache: never */

	WRITE_ONCE(folio->mapping, (void *)PAGE_MAPPING_ANON);
	e = vms_one(test, pte);
	KUNIT_EXPECT_EQ(test, e.type, VMS_TYPE_ANON);
	KUNIT_EXPECT_TRUE(test, e.lazyfree);
	e = vms_one(test, pte_mkdirty(pte));
	KUNIT_EXPECT_TRUE(test, e.dirty);
	KUNIT_EXPECT_FALSE(test, e.lazyfree);
	folio_set_dirty(folio);
	e = vms_one(test, pte);
	folio_clear_dirty(folio);
	KUNIT_EXPECT_FALSE(test, e.lazyfree);
	folio_set_swapbacked(folio);
	e = vms_one(test, pte);
	folio_clear_swapbacked(folio);
	KUNIT_EXPECT_FALSE(test, e.lazyfree);
	WRITE_ONCE(folio->mapping, NULL);
}

/*
 * numa_maps' view of a page: counted unless reserved or in a PFN map;
 * active (or unevictable), writeback and swap cache from its folio.
 */
static void entry_numa_bits(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct folio *folio = page_folio(ctx->page);

	KUNIT_EXPECT_EQ(test, vms_numa_bits(&ctx->f, folio, ctx->page),
			VMS_NUMA_COUNTED);
	folio_set_active(folio);
	KUNIT_EXPECT_EQ(test, vms_numa_bits(&ctx->f, folio, ctx->page),
			VMS_NUMA_COUNTED | VMS_NUMA_ACTIVE);
	folio_clear_active(folio);
	folio_set_unevictable(folio);
	KUNIT_EXPECT_EQ(test, vms_numa_bits(&ctx->f, folio, ctx->page),
			VMS_NUMA_COUNTED | VMS_NUMA_ACTIVE);
	folio_clear_unevictable(folio);
	/* swap cache is a swap-backed folio's flag */
	folio_set_swapcache(folio);
	KUNIT_EXPECT_EQ(test, vms_numa_bits(&ctx->f, folio, ctx->page),
			VMS_NUMA_COUNTED);
	folio_set_swapbacked(folio);
	KUNIT_EXPECT_EQ(test, vms_numa_bits(&ctx->f, folio, ctx->page),
			VMS_NUMA_COUNTED | VMS_NUMA_SWAPCACHE);
	folio_clear_swapcache(folio);
	folio_clear_swapbacked(folio);
	SetPageReserved(ctx->page);
	KUNIT_EXPECT_EQ(test, vms_numa_bits(&ctx->f, folio, ctx->page), 0);
	ClearPageReserved(ctx->page);
	ctx->f.pfnmap_only = true;
	KUNIT_EXPECT_EQ(test, vms_numa_bits(&ctx->f, folio, ctx->page), 0);
	ctx->f.pfnmap_only = false;
}

/*
 * Sharing from the page's mapcount, as smaps reads it - unless the folio
 * has a single reference, which can only be its one mapping.
 */
static void entry_share_count(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct page *page = ctx->page;
	struct folio *folio = page_folio(page);

	KUNIT_EXPECT_EQ(test, vms_share_count(folio, page, false), 1);
	atomic_set(&page->_mapcount, 2);	/* mapped three times */
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	KUNIT_EXPECT_EQ(test, vms_share_count(folio, page, false), 1);
	get_page(page);
	KUNIT_EXPECT_EQ(test, vms_share_count(folio, page, false), 3);
	/* the small folio's shortcut reads what the general path reads */
	KUNIT_EXPECT_EQ(test, vms_share_count(folio, page, true), 3);
	put_page(page);
	atomic_set(&page->_mapcount, -1);
}

/*
 * Batch @n PTEs from ENTRY_ADDR as the walker's loop does
 * (vms_pte_entries()), each page with mapcount @mapcount; the batches'
 * sizes into @sizes. Returns how many batches.
 */
static unsigned int vms_test_batches(struct kunit *test, const pte_t *ptes,
				     unsigned int n, bool with_pfn,
				     unsigned int mapcount,
				     unsigned long *sizes)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct vms_pte_batch b = { .key = VMS_KEY_NO_BATCH }, e;
	unsigned long addr = ENTRY_ADDR;
	unsigned int i, nb = 0;
	struct folio *folio;
	struct page *page;

	for (i = 0; i < n; i++, addr += PAGE_SIZE) {
		e.key = vms_pte_key(ptes[i], &ctx->f, addr, &e.pfn, &e.node,
				    &folio, &page);
		e.mapcount = page ? mapcount : 0;
		if (b.key != VMS_KEY_NO_BATCH &&
		    vms_pte_batch_extends(b, e, addr, with_pfn, false))
			continue;
		if (b.key != VMS_KEY_NO_BATCH)
			sizes[nb++] = (addr - b.start) >> PAGE_SHIFT;
		b = e;
		b.start = addr;
	}
	sizes[nb++] = (addr - b.start) >> PAGE_SHIFT;
	return nb;
}

/*
 * Consecutive PTEs that account alike batch: two none, two zero, two
 * clean and one dirty present page of one frame, two swap entries make
 * five batches; with pfn, six, as present pages must also be physically
 * consecutive (and zero PTEs map the same frame).
 */
static void entry_batches(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	unsigned long zero = my_zero_pfn(ENTRY_ADDR);
	unsigned long pfn = page_to_pfn(ctx->page);
	pte_t clean = pte_mkold(pte_mkclean(pfn_pte(pfn, PAGE_SHARED)));
	pte_t ptes[] = {
		__pte(0), __pte(0),
		pte_mkspecial(pfn_pte(zero, PAGE_READONLY)),
		pte_mkspecial(pfn_pte(zero, PAGE_READONLY)),
		clean, clean, pte_mkdirty(clean),
		swp_entry_to_pte(swp_entry(0, 7)),
		swp_entry_to_pte(swp_entry(0, 9)),
	};
	/* Batch sizes without and with pfn. */
	static const unsigned long want[2][6] = {
		{ 2, 2, 2, 1, 2, 0 },
		{ 2, 2, 1, 1, 1, 2 },
	};
	unsigned long sizes[ARRAY_SIZE(ptes)];
	unsigned int with_pfn, n;

	for (with_pfn = 0; with_pfn < 2; with_pfn++) {
		n = vms_test_batches(test, ptes, ARRAY_SIZE(ptes), with_pfn,
				     1, sizes);
		KUNIT_ASSERT_EQ(test, n, with_pfn ? 6 : 5);
		KUNIT_EXPECT_MEMEQ_MSG(test, sizes, want[with_pfn],
				       n * sizeof(*sizes), "pfn %u", with_pfn);
	}
}

/*
 * Pages of a PTE table account their sharing per batch: a batch holds
 * pages of one mapcount only; without extents pages on other nodes join
 * it (their nodes are counted page by page), with extents they do not.
 */
static void entry_batches_mapcount_node(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	pte_t clean = pte_mkold(pte_mkclean(pfn_pte(page_to_pfn(ctx->page),
						    PAGE_SHARED)));
	unsigned long addr = ENTRY_ADDR + PAGE_SIZE;
	struct vms_pte_batch b, e;
	struct folio *folio;
	struct page *page;

	b.key = vms_pte_key(clean, &ctx->f, ENTRY_ADDR, &b.pfn, &b.node,
			    &folio, &page);
	KUNIT_ASSERT_PTR_EQ(test, page, ctx->page);
	b.start = ENTRY_ADDR;
	b.mapcount = 2;
	e.key = vms_pte_key(clean, &ctx->f, addr, &e.pfn, &e.node, &folio,
			    &page);
	e.mapcount = 2;
	KUNIT_EXPECT_TRUE(test, vms_pte_batch_extends(b, e, addr, false,
						      true));
	e.mapcount = 3;
	KUNIT_EXPECT_FALSE(test, vms_pte_batch_extends(b, e, addr, false,
						       false));
	e.mapcount = 2;
	e.node = b.node + 1;
	KUNIT_EXPECT_TRUE(test, vms_pte_batch_extends(b, e, addr, false,
						      false));
	KUNIT_EXPECT_FALSE(test, vms_pte_batch_extends(b, e, addr, false,
						       true));
}

/*
 * A batch as an entry: present pages keep their node only where extents
 * are built; otherwise the walker counted it page by page and the entry
 * must not count it again. A zero page keeps its node either way (no
 * node is counted for it).
 */
static void entry_batch_entry_node(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	pte_t clean = pte_mkold(pte_mkclean(pfn_pte(page_to_pfn(ctx->page),
						    PAGE_SHARED)));
	unsigned long zero = my_zero_pfn(ENTRY_ADDR);
	struct vms_pte_batch b = { .start = ENTRY_ADDR, .mapcount = 1 };
	struct vms_counts *c;
	struct folio *folio;
	struct vms_entry e;
	struct page *page;

	b.key = vms_pte_key(clean, &ctx->f, ENTRY_ADDR, &b.pfn, &b.node,
			    &folio, &page);
	KUNIT_ASSERT_EQ(test, b.node, page_to_nid(ctx->page));
	vms_pte_batch_entry(&e, &ctx->f, &b, ENTRY_ADDR + 3 * PAGE_SIZE,
			    true);
	KUNIT_EXPECT_EQ(test, e.node, page_to_nid(ctx->page));
	KUNIT_EXPECT_EQ(test, e.nr, 3);
	KUNIT_EXPECT_EQ(test, e.pfn, page_to_pfn(ctx->page));
	KUNIT_EXPECT_EQ(test, e.mapcount, 1);
	KUNIT_EXPECT_EQ(test, e.state, VMS_STATE_PRESENT);
	vms_pte_batch_entry(&e, &ctx->f, &b, ENTRY_ADDR + 3 * PAGE_SIZE,
			    false);
	KUNIT_EXPECT_EQ(test, e.node, NUMA_NO_NODE);
	/* accounted, the entry adds to no node */
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->node = kunit_kcalloc(test, nr_node_ids, sizeof(u64), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->node);
	c->nr_nodes = nr_node_ids;
	vms_account_entry(c, &e);
	KUNIT_EXPECT_EQ(test, c->rss, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, c->node[page_to_nid(ctx->page)], 0);

	b.key = vms_pte_key(pte_mkspecial(pfn_pte(zero, PAGE_READONLY)),
			    &ctx->f, ENTRY_ADDR, &b.pfn, &b.node, &folio,
			    &page);
	b.mapcount = 0;
	KUNIT_EXPECT_NULL(test, page);
	vms_pte_batch_entry(&e, &ctx->f, &b, ENTRY_ADDR + PAGE_SIZE, false);
	KUNIT_EXPECT_EQ(test, e.state, VMS_STATE_ZERO);
	KUNIT_EXPECT_EQ(test, e.node, page_to_nid(pfn_to_page(zero)));
}

static void vms_free_pmd_folio(void *page)
{
	__free_pages(page, HPAGE_PMD_ORDER);
}

/* A PMD-sized folio of our own, freed when the case ends. */
static struct page *vms_pmd_folio(struct kunit *test)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_COMP,
					HPAGE_PMD_ORDER);

	if (!page)
		kunit_skip(test, "no free 2 MiB of contiguous memory");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							vms_free_pmd_folio,
							page), 0);
	return page;
}

/*
 * A synthesized THP pmd over our folio: in a file VMA a present PMD-mapped
 * page cache folio (the page is returned for sharing and runs); the same
 * folio in an anonymous VMA belongs to no mapping, which only the huge zero
 * page does there: zero. A range beginning inside the PMD reports from
 * its frame on.
 */
static void entry_pmd_thp(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct page *page = vms_pmd_folio(test);
	unsigned long pfn = page_to_pfn(page);
	pmd_t pmd = pmd_mkold(pmd_mkclean(pmd_mkhuge(pfn_pmd(pfn,
							     PAGE_SHARED))));
	unsigned long mid = ENTRY_ADDR + PMD_SIZE / 2;
	struct vms_entry e;
	struct page *got;

	KUNIT_ASSERT_TRUE(test, pmd_trans_huge(pmd));
	ctx->f.type = VMS_TYPE_FILE;
	got = vms_classify_pmd(pmd, &ctx->f, ENTRY_ADDR,
			       ENTRY_ADDR + PMD_SIZE, &e);
	KUNIT_EXPECT_PTR_EQ(test, got, page);
	KUNIT_EXPECT_EQ(test, e.state, VMS_STATE_PRESENT);
	KUNIT_EXPECT_EQ(test, e.map, VMS_MAP_PMD);
	KUNIT_EXPECT_EQ(test, e.type, VMS_TYPE_FILE);
	KUNIT_EXPECT_EQ(test, e.order, HPAGE_PMD_ORDER);
	KUNIT_EXPECT_EQ(test, e.nr, HPAGE_PMD_NR);
	KUNIT_EXPECT_EQ(test, e.pfn, pfn);
	KUNIT_EXPECT_EQ(test, e.node, page_to_nid(page));
	KUNIT_EXPECT_FALSE(test, e.dirty || e.young || e.softdirty);

	got = vms_classify_pmd(pmd_mkyoung(pmd_mkdirty(pmd)), &ctx->f, mid,
			       ENTRY_ADDR + PMD_SIZE, &e);
	KUNIT_EXPECT_PTR_EQ(test, got, page);
	KUNIT_EXPECT_EQ(test, e.addr, mid);
	KUNIT_EXPECT_EQ(test, e.nr, HPAGE_PMD_NR / 2);
	KUNIT_EXPECT_EQ(test, e.pfn, pfn + HPAGE_PMD_NR / 2);
	KUNIT_EXPECT_TRUE(test, e.dirty && e.young);

	ctx->f.type = VMS_TYPE_ANON;
	ctx->f.anonymous = true;
	got = vms_classify_pmd(pmd, &ctx->f, ENTRY_ADDR,
			       ENTRY_ADDR + PMD_SIZE, &e);
	KUNIT_EXPECT_NULL(test, got);
	KUNIT_EXPECT_EQ(test, e.state, VMS_STATE_ZERO);
	KUNIT_EXPECT_EQ(test, e.map, VMS_MAP_PMD);
	KUNIT_EXPECT_EQ(test, e.type, VMS_TYPE_ANON);
	KUNIT_EXPECT_EQ(test, e.order, HPAGE_PMD_ORDER);
	KUNIT_EXPECT_EQ(test, e.pfn, pfn);
}

/* DAX (devmap) and migration pmds are other; no page is looked at. */
static void entry_pmd_other(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	unsigned long pfn = page_to_pfn(ctx->page);
	pmd_t pmds[] = {
		pmd_mkdevmap(pmd_mkhuge(pfn_pmd(pfn, PAGE_SHARED))),
		swp_entry_to_pmd(make_readable_migration_entry(pfn)),
	};
	struct vms_entry e;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pmds); i++) {
		KUNIT_EXPECT_NULL(test, vms_classify_pmd(pmds[i], &ctx->f,
							 ENTRY_ADDR,
							 ENTRY_ADDR + PMD_SIZE,
							 &e));
		KUNIT_EXPECT_EQ(test, e.state, VMS_STATE_OTHER);
		KUNIT_EXPECT_EQ(test, e.map, VMS_MAP_PMD);
		KUNIT_EXPECT_EQ(test, e.nr, HPAGE_PMD_NR);
		KUNIT_EXPECT_EQ(test, e.node, -1);
	}
}

/*
 * Huge PFN maps (6.12's insert_pfn_pmd(), vfio-pci's huge_fault) are
 * special pmds that x86's pmd_trans_huge() accepts; the frame may have no
 * memmap, so nothing behind them is looked at, nor behind any leaf of a
 * VM_PFNMAP mapping, nor behind a mixed map's frame without a struct page.
 * Our own folio stands in for the frame, so that a wrong answer counts
 * it instead of faulting.
 */
static void entry_pmd_pfnmap(struct kunit *test)
{
	struct vms_entry_ctx *ctx = test->priv;
	struct page *page = vms_pmd_folio(test);
	unsigned long pfn = page_to_pfn(page);
	pmd_t huge = pmd_mkhuge(pfn_pmd(pfn, PAGE_SHARED));
	struct vms_entry e;

	ctx->f.type = VMS_TYPE_FILE;
#ifdef VMS_HAVE_PMD_SPECIAL
	KUNIT_ASSERT_TRUE(test, pmd_trans_huge(pmd_mkspecial(huge)));
	KUNIT_EXPECT_NULL(test, vms_classify_pmd(pmd_mkspecial(huge), &ctx->f,
						 ENTRY_ADDR,
						 ENTRY_ADDR + PMD_SIZE, &e));
	KUNIT_EXPECT_EQ(test, e.state, VMS_STATE_OTHER);
	KUNIT_EXPECT_EQ(test, e.map, VMS_MAP_PMD);
	KUNIT_EXPECT_EQ(test, e.node, -1);
#endif
	ctx->f.pfnmap = true;
	ctx->f.pfnmap_only = true;
	KUNIT_EXPECT_NULL(test, vms_classify_pmd(huge, &ctx->f, ENTRY_ADDR,
						 ENTRY_ADDR + PMD_SIZE, &e));
	KUNIT_EXPECT_EQ(test, e.state, VMS_STATE_OTHER);
	KUNIT_EXPECT_EQ(test, e.node, -1);

	/* A mixed map's frame with a struct page is a page like any other. */
	ctx->f.pfnmap_only = false;
	KUNIT_EXPECT_PTR_EQ(test, vms_classify_pmd(huge, &ctx->f, ENTRY_ADDR,
						   ENTRY_ADDR + PMD_SIZE, &e),
			    page);
	KUNIT_EXPECT_EQ(test, e.state, VMS_STATE_PRESENT);
}

static struct kunit_case vms_walk_entry_cases[] = {
	KUNIT_CASE(entry_pte_none),
	KUNIT_CASE(entry_swap),
	KUNIT_CASE(entry_non_swap),
	KUNIT_CASE(entry_zero_page),
	KUNIT_CASE(entry_no_page),
	KUNIT_CASE(entry_present),
	KUNIT_CASE(entry_lazyfree),
	KUNIT_CASE(entry_numa_bits),
	KUNIT_CASE(entry_share_count),
	KUNIT_CASE(entry_batches),
	KUNIT_CASE(entry_batches_mapcount_node),
	KUNIT_CASE(entry_batch_entry_node),
	KUNIT_CASE(entry_pmd_thp),
	KUNIT_CASE(entry_pmd_other),
	KUNIT_CASE(entry_pmd_pfnmap),
	{}
};

static struct kunit_suite vms_walk_entry_suite = {
	.name = "vmscope_walk_entry",
	.init = vms_entry_suite_init,
	.test_cases = vms_walk_entry_cases,
};

/* ---- vmscope_walk --------------------------------------------------- */

/*
 * Every case maps at fixed addresses in its own fresh mm: BASE is 1 GiB
 * aligned, so all small mappings of a case share one PTE, one PMD and one
 * PUD table; RESERVE is where the 1 TiB reservation goes.
 */
#define BASE		0x100000000000UL	/* 16 TiB */
#define RESERVE		0x200000000000UL	/* 32 TiB */
#define PAGES(n)	((unsigned long)(n) << PAGE_SHIFT)
#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW		(PROT_READ | PROT_WRITE)

/* One base page as the test knows it. */
struct vms_page {
	u8 state;
	u8 type;
	u8 map;
	u8 order;
	int node;
	unsigned long pfn;
};

/* One record as a sink received it: a VMA's, or an extent. */
struct vms_rec {
	bool is_vma;
	struct vms_vma_id id;
	struct vms_counts c;
	struct vms_ext x;
};

#define VMS_TEST_RECS	4096

/*
 * A sink that keeps what it is handed, copied, for the test to compare;
 * never full. @w is the walk that fed it, if any.
 */
/*
 * The sink's callbacks run with the test's mmap_lock held: a failed
 * KUNIT_ASSERT there would end the test thread holding it and hang the
 * mm's teardown. They note what went wrong in @broken instead, and
 * vms_test_walk() asserts on it once the walk has returned.
 */
struct vms_test_sink {
	struct vms_sink sink;
	struct kunit *test;
	struct vms_rec **recs;
	unsigned int nr;
	const char *broken;
	struct vms_walk *w;
};

/* The records the test expects, built in address order. */
struct vms_want {
	struct vms_test_sink *sink;
	struct vms_counts sum;
	unsigned long vmas;
	unsigned long exts;
	bool with_exts;
	bool with_pfn;
};

static unsigned long vms_test_map(struct kunit *test, struct file *file,
				  unsigned long addr, unsigned long len,
				  unsigned long prot, unsigned long flags)
{
	unsigned long got = kunit_vm_mmap(test, file, addr, len, prot,
					  flags | MAP_FIXED_NOREPLACE, 0);

	KUNIT_ASSERT_EQ_MSG(test, got, addr, "vm_mmap: %ld", (long)got);
	return addr;
}

static void vms_write(struct kunit *test, unsigned long addr, size_t len)
{
	void *buf = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0x5a, len);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, buf, len), 0);
	kunit_kfree(test, buf);
}

static void vms_read(struct kunit *test, unsigned long addr, size_t len)
{
	void *buf = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr, len), 0);
	kunit_kfree(test, buf);
}

/*
 * The resident pages of [addr, addr + nr pages) as get_user_pages_fast()
 * finds them, into @pages; every one must be resident (GUP would fault
 * the others in). The references are dropped before returning, so the
 * walk sees the pages as the test left them.
 */
static void vms_resident(struct kunit *test, unsigned long addr,
			 unsigned long nr, struct vms_page *pages)
{
	struct page **pp = kunit_kcalloc(test, nr, sizeof(*pp), GFP_KERNEL);
	unsigned long i;
	int got;

	KUNIT_ASSERT_NOT_NULL(test, pp);
	got = get_user_pages_fast(addr, nr, 0, pp);
	for (i = 0; i < nr && (int)i < got; i++) {
		struct folio *folio = page_folio(pp[i]);

		pages[i].state = VMS_STATE_PRESENT;
		pages[i].type = folio_test_anon(folio) ? VMS_TYPE_ANON :
				folio_test_swapbacked(folio) ? VMS_TYPE_SHMEM :
				VMS_TYPE_FILE;
		pages[i].map = VMS_MAP_PTE;
		pages[i].order = folio_order(folio);
		pages[i].node = page_to_nid(pp[i]);
		pages[i].pfn = page_to_pfn(pp[i]);
		put_page(pp[i]);
	}
	kunit_kfree(test, pp);
	KUNIT_ASSERT_EQ(test, got, (int)nr);
}

static void vms_fill(struct vms_page *pages, unsigned long nr, u8 state,
		     u8 type)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		pages[i] = (struct vms_page){ .state = state, .type = type,
					      .node = -1 };
}

/* Node bytes and runs of the present pages, into @c. */
static void vms_add_placement(struct vms_counts *c,
			      const struct vms_page *pages, unsigned long nr)
{
	bool open = false;
	unsigned long i;

	for (i = 0; i < nr; i++) {
		if (pages[i].state != VMS_STATE_PRESENT) {
			open = false;
			continue;
		}
		c->node[pages[i].node] += PAGE_SIZE;
		if (!open || pages[i].pfn != pages[i - 1].pfn + 1)
			c->runs++;
		open = true;
	}
}

static bool vms_page_continues(const struct vms_page *a,
			       const struct vms_page *b, bool with_pfn)
{
	if (a->state != b->state || a->type != b->type)
		return false;
	if (a->state != VMS_STATE_PRESENT && a->state != VMS_STATE_ZERO)
		return true;
	if (a->map != b->map || a->order != b->order || a->node != b->node)
		return false;
	if (!with_pfn)
		return true;
	return a->state == VMS_STATE_ZERO ? a->pfn == b->pfn :
					    a->pfn + 1 == b->pfn;
}

/* Room for one more record, or NULL with ts->broken set. */
static struct vms_rec *vms_test_rec(struct vms_test_sink *ts)
{
	struct vms_rec *r;

	if (ts->broken)
		return NULL;
	if (ts->nr >= VMS_TEST_RECS) {
		ts->broken = "more records than VMS_TEST_RECS";
		return NULL;
	}
	r = kunit_kzalloc(ts->test, sizeof(*r), GFP_KERNEL);
	if (!r) {
		ts->broken = "no memory for a record";
		return NULL;
	}
	ts->recs[ts->nr++] = r;
	return r;
}

static void vms_test_sink_vma(struct vms_sink *s, const struct vms_vma_id *id,
			      const struct vms_counts *c)
{
	struct vms_test_sink *ts = container_of(s, struct vms_test_sink, sink);
	struct vms_rec *r = vms_test_rec(ts);
	char *name;
	u64 *node;

	if (!r)
		return;
	name = kunit_kzalloc(ts->test, id->name_len + 1, GFP_KERNEL);
	node = kunit_kmalloc_array(ts->test, c->nr_nodes, sizeof(u64),
				   GFP_KERNEL);
	if (!name || !node) {
		ts->broken = "no memory for a record";
		return;
	}
	memcpy(name, id->name, id->name_len);
	memcpy(node, c->node, c->nr_nodes * sizeof(u64));
	r->is_vma = true;
	r->id = *id;
	r->id.name = name;
	r->c = *c;
	r->c.node = node;
}

static void vms_test_sink_ext(struct vms_sink *s, const struct vms_ext *x)
{
	struct vms_test_sink *ts = container_of(s, struct vms_test_sink, sink);
	struct vms_rec *r = vms_test_rec(ts);

	if (r)
		r->x = *x;
}

static bool vms_test_sink_full(struct vms_sink *s)
{
	return false;
}

static const struct vms_sink_ops vms_test_sink_ops = {
	.vma	= vms_test_sink_vma,
	.ext	= vms_test_sink_ext,
	.full	= vms_test_sink_full,
};

static struct vms_test_sink *vms_test_sink_new(struct kunit *test)
{
	struct vms_test_sink *ts = kunit_kzalloc(test, sizeof(*ts), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ts);
	ts->recs = kunit_kcalloc(test, VMS_TEST_RECS, sizeof(*ts->recs),
				 GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ts->recs);
	ts->sink.ops = &vms_test_sink_ops;
	ts->test = test;
	return ts;
}

/*
 * Append the expected records of one VMA at @start: its vma record from
 * @id and @c, then, if asked for, its extents: maximal extents of @pages
 * as format.rst defines them (@pages NULL: one none extent).
 */
static void vms_want_vma(struct vms_want *want, struct vms_vma_id *id,
			 struct vms_counts *c, const struct vms_page *pages)
{
	struct vms_sink *s = &want->sink->sink;
	unsigned long nr = (id->end - id->start) >> PAGE_SHIFT, i, first = 0;

	s->ops->vma(s, id, c);
	vms_counts_add(&want->sum, c);
	want->vmas++;
	if (!want->with_exts)
		return;
	if (!pages) {
		struct vms_ext x = { .start = id->start, .end = id->end,
				     .state = VMS_STATE_NONE,
				     .type = VMS_TYPE_ANON, .node = -1 };

		s->ops->ext(s, &x);
		want->exts++;
		return;
	}
	for (i = 1; i <= nr; i++) {
		struct vms_ext x;

		if (i < nr && vms_page_continues(&pages[i - 1], &pages[i],
						 want->with_pfn))
			continue;
		x = (struct vms_ext){
			.start = id->start + PAGES(first),
			.end = id->start + PAGES(i),
			.state = pages[first].state,
			.type = pages[first].type,
			.map = pages[first].map,
			.order = pages[first].order,
			.node = pages[first].node,
			.pfn = pages[first].pfn,
		};
		s->ops->ext(s, &x);
		want->exts++;
		first = i;
	}
}

static struct vms_counts *vms_counts_new(struct kunit *test,
					 unsigned long start,
					 unsigned long end)
{
	struct vms_counts *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->node = kunit_kcalloc(test, nr_node_ids, sizeof(u64), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->node);
	c->nr_nodes = nr_node_ids;
	c->vsz = end - start;
	c->hpage = PAGE_SIZE;
	return c;
}

static struct vms_want *vms_want_new(struct kunit *test, bool with_exts,
				     bool with_pfn)
{
	struct vms_want *want = kunit_kzalloc(test, sizeof(*want), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, want);
	want->sink = vms_test_sink_new(test);
	want->sum.node = kunit_kcalloc(test, nr_node_ids, sizeof(u64),
				       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want->sum.node);
	want->sum.nr_nodes = nr_node_ids;
	want->with_exts = with_exts;
	want->with_pfn = with_pfn;
	return want;
}

static struct vms_vma_id vms_anon_id(unsigned long start, unsigned long end,
				     const char *perms)
{
	struct vms_vma_id id = { .start = start, .end = end,
				 .kind = VMS_KIND_ANON, .mmu_page = PAGE_SIZE,
				 .name = "" };

	strscpy(id.perms, perms, sizeof(id.perms));
	return id;
}

/* What soft-dirty tracking adds for @rss bytes of a fresh mapping. */
static u64 vms_softdirty(u64 rss)
{
	return IS_ENABLED(CONFIG_MEM_SOFT_DIRTY) ? rss : 0;
}

/*
 * @bytes of private anonymous memory written once, in folios of @order:
 * resident, private (pss whole, all of it anonymous and dirty), dirty and
 * young.
 */
static void vms_written_anon(struct vms_counts *c, u64 bytes,
			     unsigned int order)
{
	c->rss = bytes;
	c->anon = bytes;
	c->private = bytes;
	c->private_dirty = bytes;
	c->dirty = bytes;
	c->young = bytes;
	c->pss = bytes << VMS_PSS_SHIFT;
	c->pss_anon = c->pss;
	c->pss_dirty = c->pss;
	c->softdirty = vms_softdirty(bytes);
	c->order[order] = bytes;
	c->mapmax = 1;		/* each page mapped once, here */
}

KUNIT_DEFINE_ACTION_WRAPPER(vms_kunit_walk_free, vms_walk_free,
			    struct vms_walk *);

/*
 * Walk the test's mm as a report with @sections and @options would, into
 * a test sink.
 */
static struct vms_test_sink *vms_test_walk(struct kunit *test,
					   unsigned int sections,
					   unsigned int options)
{
	struct vms_request *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	struct vms_test_sink *ts = vms_test_sink_new(test);

	KUNIT_ASSERT_NOT_NULL(test, req);
	KUNIT_ASSERT_NOT_NULL(test, current->mm);
	req->pid = 1;
	req->sections = sections;
	req->options = options;
	ts->w = vms_walk_new(current->mm, req, &ts->sink);
	KUNIT_ASSERT_NOT_NULL(test, ts->w);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							vms_kunit_walk_free,
							ts->w), 0);
	KUNIT_ASSERT_EQ(test, vms_walk_mm(ts->w), 0);
	KUNIT_ASSERT_PTR_EQ_MSG(test, ts->broken, NULL, "test sink: %s",
				ts->broken);
	return ts;
}

/*
 * What a vma record shows of its figures: every field of struct
 * vms_counts, pss and locked in whole bytes (the fixed point's fraction
 * is not printed).
 */
static const struct {
	const char *name;
	size_t off;
	unsigned int shift;
} vms_count_fields[] = {
#define VMS_FIELD(f, shift) { #f, offsetof(struct vms_counts, f), shift }
	VMS_FIELD(vsz, 0), VMS_FIELD(rss, 0), VMS_FIELD(anon, 0),
	VMS_FIELD(file, 0), VMS_FIELD(shmem, 0), VMS_FIELD(zero, 0),
	VMS_FIELD(swap, 0), VMS_FIELD(none, 0), VMS_FIELD(other, 0),
	VMS_FIELD(pss, VMS_PSS_SHIFT), VMS_FIELD(shared, 0),
	VMS_FIELD(private, 0), VMS_FIELD(dirty, 0), VMS_FIELD(young, 0),
	VMS_FIELD(softdirty, 0), VMS_FIELD(locked, VMS_PSS_SHIFT),
	VMS_FIELD(ksm, 0), VMS_FIELD(thp, 0), VMS_FIELD(hugetlb, 0),
	VMS_FIELD(hpage, 0), VMS_FIELD(pgtables, 0), VMS_FIELD(runs, 0),
	VMS_FIELD(pss_dirty, VMS_PSS_SHIFT), VMS_FIELD(pss_anon, VMS_PSS_SHIFT),
	VMS_FIELD(pss_file, VMS_PSS_SHIFT), VMS_FIELD(pss_shmem, VMS_PSS_SHIFT),
	VMS_FIELD(shared_clean, 0), VMS_FIELD(shared_dirty, 0),
	VMS_FIELD(private_clean, 0), VMS_FIELD(private_dirty, 0),
	VMS_FIELD(lazyfree, 0), VMS_FIELD(hugetlb_shared, 0),
	VMS_FIELD(hugetlb_private, 0), VMS_FIELD(writeback, 0),
	VMS_FIELD(swapcache, 0), VMS_FIELD(mapmax, 0),
	/*
	 * Not active: a page's LRU flags may change between two walks (a
	 * per-CPU LRU batch drained meanwhile, by any CPU).
	 */
#undef VMS_FIELD
};

static u64 vms_field(const struct vms_counts *c, unsigned int i)
{
	return *(const u64 *)((const char *)c + vms_count_fields[i].off) >>
	       vms_count_fields[i].shift;
}

/* @got equals @want in every figure; @what names the record. */
static void vms_expect_counts(struct kunit *test, const char *what,
			      const struct vms_counts *got,
			      const struct vms_counts *want)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vms_count_fields); i++)
		KUNIT_EXPECT_EQ_MSG(test, vms_field(got, i), vms_field(want, i),
				    "%s: %s", what, vms_count_fields[i].name);
	for (i = 0; i < VMS_ORDERS; i++)
		KUNIT_EXPECT_EQ_MSG(test, got->order[i], want->order[i],
				    "%s: o%u", what, i);
	KUNIT_ASSERT_EQ(test, got->nr_nodes, want->nr_nodes);
	for (i = 0; i < got->nr_nodes; i++)
		KUNIT_EXPECT_EQ_MSG(test, got->node[i], want->node[i],
				    "%s: n%u", what, i);
}

/* A vma record's identity, as its record shows it. */
static void vms_expect_id(struct kunit *test, const char *what,
			  const struct vms_vma_id *got,
			  const struct vms_vma_id *want)
{
	char perms[5];

	KUNIT_EXPECT_EQ_MSG(test, got->start, want->start, "%s: start", what);
	KUNIT_EXPECT_EQ_MSG(test, got->end, want->end, "%s: end", what);
	KUNIT_EXPECT_STREQ_MSG(test, got->perms, want->perms, "%s: perms",
			       what);
	KUNIT_EXPECT_EQ_MSG(test, got->offset, want->offset, "%s: offset",
			    what);
	KUNIT_EXPECT_EQ_MSG(test, got->dev_major, want->dev_major, "%s: dev",
			    what);
	KUNIT_EXPECT_EQ_MSG(test, got->dev_minor, want->dev_minor, "%s: dev",
			    what);
	KUNIT_EXPECT_EQ_MSG(test, got->inode, want->inode, "%s: inode", what);
	KUNIT_EXPECT_EQ_MSG(test, got->kind, want->kind, "%s: kind", what);
	KUNIT_EXPECT_EQ_MSG(test, got->mmu_page, want->mmu_page,
			    "%s: mmu_page", what);
	/* The flags smaps prints are the VMA's: maps' perms come from them. */
	vms_perms(got->vm_flags, perms);
	KUNIT_EXPECT_STREQ_MSG(test, perms, got->perms, "%s: vm_flags", what);
	/* smaps prints a key where the CPU has them; a fresh VMA's is 0. */
	KUNIT_EXPECT_EQ_MSG(test, got->has_pkey, vms_pkeys_shown(),
			    "%s: has_pkey", what);
	KUNIT_EXPECT_EQ_MSG(test, got->pkey, 0, "%s: pkey", what);
	KUNIT_EXPECT_EQ_MSG(test, got->clipped, want->clipped, "%s: clipped",
			    what);
	KUNIT_EXPECT_EQ_MSG(test, got->name_len, want->name_len, "%s: name",
			    what);
	KUNIT_EXPECT_STREQ_MSG(test, got->name, want->name, "%s: name", what);
}

/*
 * An extent as its record shows it: map, order and node for present and
 * zero pages, and their first frame with pfn.
 */
static void vms_expect_ext(struct kunit *test, const char *what,
			   const struct vms_ext *got,
			   const struct vms_ext *want, bool with_pfn)
{
	KUNIT_EXPECT_EQ_MSG(test, got->start, want->start, "%s: start", what);
	KUNIT_EXPECT_EQ_MSG(test, got->end, want->end, "%s: end", what);
	KUNIT_EXPECT_EQ_MSG(test, got->state, want->state, "%s: state", what);
	KUNIT_EXPECT_EQ_MSG(test, got->type, want->type, "%s: type", what);
	if (want->state != VMS_STATE_PRESENT && want->state != VMS_STATE_ZERO)
		return;
	KUNIT_EXPECT_EQ_MSG(test, got->map, want->map, "%s: map", what);
	KUNIT_EXPECT_EQ_MSG(test, got->order, want->order, "%s: order", what);
	KUNIT_EXPECT_EQ_MSG(test, got->node < 0 ? -1 : got->node,
			    want->node < 0 ? -1 : want->node, "%s: node", what);
	if (with_pfn)
		KUNIT_EXPECT_EQ_MSG(test, got->pfn, want->pfn, "%s: pfn", what);
}

/* Two sinks received the same records, in the same order. */
static void vms_expect_records(struct kunit *test,
			       const struct vms_test_sink *got,
			       const struct vms_test_sink *want, bool with_pfn)
{
	unsigned int n;
	char what[32];

	KUNIT_EXPECT_EQ(test, got->nr, want->nr);
	for (n = 0; n < min(got->nr, want->nr); n++) {
		const struct vms_rec *g = got->recs[n], *e = want->recs[n];

		snprintf(what, sizeof(what), "record %u", n + 1);
		KUNIT_EXPECT_EQ_MSG(test, g->is_vma, e->is_vma, "%s: vma", what);
		if (g->is_vma != e->is_vma)
			break;
		if (g->is_vma) {
			vms_expect_id(test, what, &g->id, &e->id);
			vms_expect_counts(test, what, &g->c, &e->c);
		} else {
			vms_expect_ext(test, what, &g->x, &e->x, with_pfn);
		}
	}
}

/*
 * The walk's records equal the expected ones record by record, its
 * counters match, and the task sums are the sums of the expected records.
 */
static void vms_check(struct kunit *test, struct vms_test_sink *got,
		      struct vms_want *want)
{
	const struct vms_walk_sums *sums = vms_walk_sums(got->w);

	vms_expect_records(test, got, want->sink, want->with_pfn);
	KUNIT_EXPECT_EQ(test, sums->vmas, want->vmas);
	KUNIT_EXPECT_EQ(test, sums->exts, want->exts);
	KUNIT_EXPECT_TRUE(test, vms_counts_consistent(&sums->total));
	vms_expect_counts(test, "task", &sums->total, &want->sum);
}

/* VMA flags, for what MADV_HUGEPAGE would do (hugepage_madvise()). */
static void vms_vm_flags_set(struct kunit *test, unsigned long addr,
			     vm_flags_t flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	mmap_write_lock(mm);
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start <= addr)
		vm_flags_set(vma, flags);
	mmap_write_unlock(mm);
	KUNIT_ASSERT_TRUE(test, vma && vma->vm_start <= addr);
}

/* MADV_DONTNEED as madvise_dontneed_single_vma() does it. */
static void vms_dontneed(struct kunit *test, unsigned long addr,
			 unsigned long len)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start <= addr && addr + len <= vma->vm_end)
		zap_page_range_single(vma, addr, len, NULL);
	mmap_read_unlock(mm);
	KUNIT_ASSERT_TRUE(test, vma && vma->vm_start <= addr);
}

/* A case over one VMA of 16 private anonymous pages at BASE. */
struct vms_anon16 {
	unsigned long a;
	struct vms_page *pages;		/* as the test left them */
	struct vms_counts *c;		/* the record the test expects */
	bool with_pfn;
};

static struct vms_anon16 *vms_anon16_new(struct kunit *test, bool with_pfn)
{
	struct vms_anon16 *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->pages = kunit_kcalloc(test, 16, sizeof(*t->pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->pages);
	t->a = vms_test_map(test, NULL, BASE, PAGES(16), RW, ANON_PRIVATE);
	t->c = vms_counts_new(test, t->a, t->a + PAGES(16));
	t->with_pfn = with_pfn;
	return t;
}

/* Walk, with extents, and compare with @t's record and pages. */
static void vms_anon16_check(struct kunit *test, struct vms_anon16 *t,
			     bool no_pages)
{
	struct vms_want *want = vms_want_new(test, true, t->with_pfn);
	struct vms_vma_id id = vms_anon_id(t->a, t->a + PAGES(16), "rw-p");

	vms_want_vma(want, &id, t->c, no_pages ? NULL : t->pages);
	vms_check(test, vms_test_walk(test, VMS_SECT_ALL,
				      t->with_pfn ? VMS_OPT_PFN : 0), want);
}

/*
 * 16 pages mapped, never touched: all none, no page table at all, one
 * none extent.
 */
static void walk_untouched(struct kunit *test)
{
	struct vms_anon16 *t = vms_anon16_new(test, true);

	t->c->none = PAGES(16);
	vms_anon16_check(test, t, true);
	KUNIT_EXPECT_EQ(test, mm_pgtables_bytes(current->mm), 0);
}

/*
 * 16 pages written: 64 KiB anonymous, private, dirty, young, order 0;
 * one PTE, PMD and PUD table, counted by this VMA; extents follow the
 * frames the kernel chose.
 */
static void walk_written(struct kunit *test)
{
	struct vms_anon16 *t = vms_anon16_new(test, true);

	vms_write(test, t->a, PAGES(16));
	vms_resident(test, t->a, 16, t->pages);
	vms_written_anon(t->c, PAGES(16), t->pages[0].order);
	t->c->pgtables = PAGES(3);
	vms_add_placement(t->c, t->pages, 16);
	vms_anon16_check(test, t, false);
	KUNIT_EXPECT_EQ(test, mm_pgtables_bytes(current->mm), PAGES(3));
}

/* 16 pages only read: each maps the shared zero page, one zero extent. */
static void walk_read_zero_page(struct kunit *test)
{
	struct vms_anon16 *t = vms_anon16_new(test, true);
	unsigned long zero = my_zero_pfn(t->a);
	unsigned int i;

	vms_read(test, t->a, PAGES(16));
	for (i = 0; i < 16; i++)
		t->pages[i] = (struct vms_page){
			.state = VMS_STATE_ZERO, .type = VMS_TYPE_ANON,
			.map = VMS_MAP_PTE, .pfn = zero,
			.node = page_to_nid(pfn_to_page(zero)),
		};
	t->c->zero = PAGES(16);
	t->c->pgtables = PAGES(3);
	vms_anon16_check(test, t, false);
}

/*
 * 16 pages written, then pages 4-7 unmapped: two VMAs of 4 and 8 pages;
 * the tables stay (both halves use them) and count for the lower VMA.
 */
static void walk_partly_unmapped(struct kunit *test)
{
	struct vms_want *want = vms_want_new(test, true, false);
	struct vms_page *pages = kunit_kcalloc(test, 16, sizeof(*pages),
					       GFP_KERNEL);
	unsigned long a = vms_test_map(test, NULL, BASE, PAGES(16), RW,
				  ANON_PRIVATE);
	struct vms_vma_id lo = vms_anon_id(a, a + PAGES(4), "rw-p");
	struct vms_vma_id hi = vms_anon_id(a + PAGES(8), a + PAGES(16), "rw-p");
	struct vms_counts *clo = vms_counts_new(test, lo.start, lo.end);
	struct vms_counts *chi = vms_counts_new(test, hi.start, hi.end);
	struct vms_test_sink *w;

	KUNIT_ASSERT_NOT_NULL(test, pages);
	vms_write(test, a, PAGES(16));
	KUNIT_ASSERT_EQ(test, vm_munmap(a + PAGES(4), PAGES(4)), 0);
	vms_resident(test, a, 4, pages);
	vms_resident(test, a + PAGES(8), 8, pages + 8);

	vms_written_anon(clo, PAGES(4), pages[0].order);
	clo->pgtables = PAGES(3);
	vms_add_placement(clo, pages, 4);
	vms_want_vma(want, &lo, clo, pages);

	vms_written_anon(chi, PAGES(8), pages[8].order);
	vms_add_placement(chi, pages + 8, 8);
	vms_want_vma(want, &hi, chi, pages + 8);

	w = vms_test_walk(test, VMS_SECT_ALL, 0);
	vms_check(test, w, want);
	KUNIT_EXPECT_EQ(test, mm_pgtables_bytes(current->mm), PAGES(3));
}

/* 16 pages written, MADV_DONTNEED on pages 4-7: those are none again. */
static void walk_dontneed(struct kunit *test)
{
	struct vms_anon16 *t = vms_anon16_new(test, false);
	struct vms_page *pages = t->pages;

	vms_write(test, t->a, PAGES(16));
	vms_dontneed(test, t->a + PAGES(4), PAGES(4));
	vms_resident(test, t->a, 4, pages);
	vms_fill(pages + 4, 4, VMS_STATE_NONE, VMS_TYPE_ANON);
	vms_resident(test, t->a + PAGES(8), 8, pages + 8);

	vms_written_anon(t->c, PAGES(12), pages[0].order);
	t->c->none = PAGES(4);
	t->c->pgtables = PAGES(3);
	vms_add_placement(t->c, pages, 16);
	vms_anon16_check(test, t, false);
}

/*
 * Write a byte at @addr (PMD-aligned, VM_HUGEPAGE); skip the test unless
 * the fault gave a PMD-sized THP.
 */
static void vms_write_thp(struct kunit *test, unsigned long addr)
{
	struct page *page;
	unsigned long order;

	vms_write(test, addr, 1);
	KUNIT_ASSERT_EQ(test, get_user_pages_fast(addr, 1, 0, &page), 1);
	order = folio_order(page_folio(page));
	put_page(page);
	if (order != HPAGE_PMD_ORDER)
		kunit_skip(test, "THP unavailable: write fault gave order %lu",
			   order);
}

/*
 * 4 MiB, PMD-aligned, VM_HUGEPAGE: the first 2 MiB written (one THP,
 * mapped by a PMD), the second only read (the huge zero page). No PTE
 * table maps the range: the VMA counts the PMD and PUD tables only,
 * though each fault deposited a PTE table (mm_pgtables_bytes() has them).
 */
static void walk_thp(struct kunit *test)
{
	struct vms_want *want = vms_want_new(test, true, true);
	unsigned long nr = PMD_SIZE >> PAGE_SHIFT, i;
	struct vms_page *pages = kunit_kcalloc(test, 2 * nr, sizeof(*pages),
					       GFP_KERNEL);
	struct vms_vma_id id;
	struct vms_counts *c;
	struct vms_test_sink *w;
	struct page *page;
	unsigned long a;

	if (!IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE))
		kunit_skip(test, "CONFIG_TRANSPARENT_HUGEPAGE is off");
	KUNIT_ASSERT_NOT_NULL(test, pages);
	a = vms_test_map(test, NULL, BASE, 2 * PMD_SIZE, RW, ANON_PRIVATE);
	id = vms_anon_id(a, a + 2 * PMD_SIZE, "rw-p");
	c = vms_counts_new(test, id.start, id.end);
	vms_vm_flags_set(test, a, VM_HUGEPAGE);
	vms_write_thp(test, a);
	vms_read(test, a + PMD_SIZE, 1);

	vms_resident(test, a, nr, pages);
	KUNIT_ASSERT_EQ(test, get_user_pages_fast(a + PMD_SIZE, 1, 0, &page),
			1);
	i = folio_test_large(page_folio(page)) &&
	    !folio_test_anon(page_folio(page));
	put_page(page);
	if (!i)
		kunit_skip(test, "huge zero page not used (use_zero_page off?)");
	/* Only the huge zero page is a large non-anon folio there. */
	vms_resident(test, a + PMD_SIZE, nr, pages + nr);
	for (i = 0; i < 2 * nr; i++) {
		pages[i].map = VMS_MAP_PMD;
		if (i >= nr) {
			pages[i].state = VMS_STATE_ZERO;
			pages[i].type = VMS_TYPE_ANON;
			/* The extent carries the PMD's first frame. */
			pages[i].pfn = pages[nr].pfn;
		}
	}
	vms_written_anon(c, PMD_SIZE, HPAGE_PMD_ORDER);
	c->thp = PMD_SIZE;
	c->zero = PMD_SIZE;
	c->pgtables = PAGES(2);
	vms_add_placement(c, pages, 2 * nr);
	vms_want_vma(want, &id, c, pages);
	w = vms_test_walk(test, VMS_SECT_ALL, VMS_OPT_PFN);
	vms_check(test, w, want);
	KUNIT_EXPECT_EQ(test, mm_pgtables_bytes(current->mm), PAGES(4));
}

/*
 * Three THPs and an empty PMD between them, in one table: a run of two
 * leaves in one step, ended by the empty entry, then the hole, then the
 * third leaf; every page where it is, the page tables counted once.
 */
static void walk_thp_run(struct kunit *test)
{
	struct vms_want *want = vms_want_new(test, true, true);
	unsigned long nr = PMD_SIZE >> PAGE_SHIFT, i, pmd;
	struct vms_page *pages = kunit_kcalloc(test, 4 * nr, sizeof(*pages),
					       GFP_KERNEL);
	struct vms_vma_id id;
	struct vms_counts *c;
	struct vms_test_sink *w;
	unsigned long a;

	if (!IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE))
		kunit_skip(test, "CONFIG_TRANSPARENT_HUGEPAGE is off");
	KUNIT_ASSERT_NOT_NULL(test, pages);
	a = vms_test_map(test, NULL, BASE, 4 * PMD_SIZE, RW, ANON_PRIVATE);
	id = vms_anon_id(a, a + 4 * PMD_SIZE, "rw-p");
	c = vms_counts_new(test, id.start, id.end);
	vms_vm_flags_set(test, a, VM_HUGEPAGE);
	vms_fill(pages + 2 * nr, nr, VMS_STATE_NONE, VMS_TYPE_ANON);
	for (pmd = 0; pmd < 4; pmd++) {
		if (pmd == 2)
			continue;
		vms_write_thp(test, a + pmd * PMD_SIZE);
		vms_resident(test, a + pmd * PMD_SIZE, nr, pages + pmd * nr);
	}
	for (i = 0; i < 4 * nr; i++)
		if (pages[i].state == VMS_STATE_PRESENT)
			pages[i].map = VMS_MAP_PMD;
	vms_written_anon(c, 3 * PMD_SIZE, HPAGE_PMD_ORDER);
	c->thp = 3 * PMD_SIZE;
	c->none = PMD_SIZE;
	c->pgtables = PAGES(2);
	vms_add_placement(c, pages, 4 * nr);
	vms_want_vma(want, &id, c, pages);
	w = vms_test_walk(test, VMS_SECT_ALL, VMS_OPT_PFN);
	vms_check(test, w, want);
}

KUNIT_DEFINE_ACTION_WRAPPER(vms_kunit_fput, fput, struct file *);

/*
 * One shmem object of 4 pages mapped twice, shared: written through the
 * first mapping, read through the second, every page is mapped twice:
 * shared, half of it in each VMA's pss, dirty in the folio for both.
 */
static void walk_shmem_twice(struct kunit *test)
{
	struct vms_want *want = vms_want_new(test, true, false);
	struct vms_page *pages = kunit_kcalloc(test, 4, sizeof(*pages),
					       GFP_KERNEL);
	static const char name[] = "/vmscope-kunit (deleted)";
	struct vms_vma_id id[2];
	struct vms_counts *c;
	struct inode *inode;
	struct file *file;
	unsigned long a[2];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, pages);
	file = shmem_file_setup("vmscope-kunit", PAGES(4), 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vms_kunit_fput,
							file), 0);
	inode = file_inode(file);
	a[0] = vms_test_map(test, file, BASE, PAGES(4), RW, MAP_SHARED);
	a[1] = vms_test_map(test, file, BASE + PAGES(16), PAGES(4), RW, MAP_SHARED);
	vms_write(test, a[0], PAGES(4));
	vms_read(test, a[1], PAGES(4));
	vms_resident(test, a[1], 4, pages);

	for (i = 0; i < 2; i++) {
		id[i] = (struct vms_vma_id){
			.start = a[i], .end = a[i] + PAGES(4), .perms = "rw-s",
			.dev_major = MAJOR(inode->i_sb->s_dev),
			.dev_minor = MINOR(inode->i_sb->s_dev),
			.inode = inode->i_ino, .kind = VMS_KIND_SHMEM,
			.mmu_page = PAGE_SIZE,
			.name = name, .name_len = sizeof(name) - 1,
		};
		c = vms_counts_new(test, a[i], a[i] + PAGES(4));
		c->rss = PAGES(4);
		c->shmem = PAGES(4);
		c->shared = PAGES(4);
		c->dirty = PAGES(4);
		c->young = PAGES(4);
		c->pss = ((u64)PAGES(1) << VMS_PSS_SHIFT) / 2 * 4;
		c->pss_shmem = c->pss;
		c->pss_dirty = c->pss;
		c->shared_dirty = PAGES(4);
		c->mapmax = 2;
		c->softdirty = vms_softdirty(PAGES(4));
		c->order[pages[0].order] = PAGES(4);
		c->pgtables = i ? 0 : PAGES(3);
		vms_add_placement(c, pages, 4);
		vms_want_vma(want, &id[i], c, pages);
	}
	vms_check(test, vms_test_walk(test, VMS_SECT_ALL, 0), want);
}

/*
 * 1 TiB reserved (PROT_NONE, MAP_NORESERVE): all none, one extent, and
 * walked in a few steps (one per empty top-level entry).
 */
static void walk_reservation_1tib(struct kunit *test)
{
	struct vms_want *want = vms_want_new(test, true, true);
	unsigned long len = 1UL << 40;
	unsigned long a = vms_test_map(test, NULL, RESERVE, len, PROT_NONE,
				  ANON_PRIVATE | MAP_NORESERVE);
	struct vms_vma_id id = vms_anon_id(a, a + len, "---p");
	struct vms_counts *c = vms_counts_new(test, a, a + len);
	s64 entries = atomic64_read(&vms_stats.entries);
	struct vms_test_sink *w;

	c->none = len;
	vms_want_vma(want, &id, c, NULL);
	w = vms_test_walk(test, VMS_SECT_ALL, VMS_OPT_PFN);
	vms_check(test, w, want);
	KUNIT_EXPECT_LE(test, atomic64_read(&vms_stats.entries) - entries, 8);
}

static void vms_restore_budget(void *old)
{
	vms_yield_budget = (uintptr_t)old;
}

/*
 * Dropping mmap_lock after every step changes nothing in a quiet mm:
 * the same records with a budget of 1 as with the default.
 */
static void walk_yield_every_step(struct kunit *test)
{
	unsigned long a = vms_test_map(test, NULL, BASE, PAGES(16), RW,
				  ANON_PRIVATE);
	unsigned long b = vms_test_map(test, NULL, BASE + PMD_SIZE, PAGES(600), RW,
				  ANON_PRIVATE);
	struct vms_test_sink *w1, *w2;
	s64 yields;
	void *old;

	vms_test_map(test, NULL, RESERVE, 1UL << 40, PROT_NONE,
		     ANON_PRIVATE | MAP_NORESERVE);
	vms_write(test, a, PAGES(16));
	vms_read(test, b, PAGES(600));
	w1 = vms_test_walk(test, VMS_SECT_ALL, VMS_OPT_PFN);
	old = (void *)(uintptr_t)vms_yield_budget;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							vms_restore_budget,
							old), 0);
	vms_yield_budget = 1;
	yields = atomic64_read(&vms_stats.yields);
	w2 = vms_test_walk(test, VMS_SECT_ALL, VMS_OPT_PFN);
	vms_expect_records(test, w2, w1, true);
	KUNIT_EXPECT_EQ(test, vms_walk_sums(w2->w)->vmas, 3);
	/* At least after each VMA but the last, and inside the 600 pages. */
	KUNIT_EXPECT_GE(test, atomic64_read(&vms_stats.yields) - yields, 4);
}

static void vms_flush_kill(void *unused)
{
	flush_signals(current);
	disallow_signal(SIGKILL);
}

/*
 * A VMA that changed under every earlier attempt is walked without
 * dropping mmap_lock (no_yield), so that the record comes from one pass;
 * a fatal signal must still end that walk, with the lock dropped, rather
 * than let a hostile target that keeps changing a huge VMA pin its reader
 * in the kernel.
 */
static void walk_no_yield_killable(struct kunit *test)
{
	unsigned long a = vms_test_map(test, NULL, BASE, 4 * PMD_SIZE, RW,
				       ANON_PRIVATE);
	struct vm_area_struct *vma;
	struct vms_test_sink *w;
	unsigned long i;

	/*
	 * A PTE table in each PMD: four steps (THP would make them a run
	 * of leaves, one step).
	 */
	vms_vm_flags_set(test, a, VM_NOHUGEPAGE);
	for (i = 0; i < 4; i++)
		vms_write(test, a + i * PMD_SIZE, PAGES(1));
	w = vms_test_walk(test, VMS_SECT_ALL, 0);
	/* The test runs in a kthread: let it take SIGKILL, and clear it. */
	allow_signal(SIGKILL);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vms_flush_kill,
							NULL), 0);
	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, a);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	send_sig(SIGKILL, current, 1);
	KUNIT_ASSERT_TRUE(test, fatal_signal_pending(current));
	KUNIT_EXPECT_EQ(test, vms_walk_vma(w->w, &vma, a, true), -EINTR);
	/* The lock was dropped. */
	KUNIT_EXPECT_FALSE(test, rwsem_is_locked(&current->mm->mmap_lock));
}

/* Without the vmas and extents sections, only the sums are gathered. */
static void walk_summary_only(struct kunit *test)
{
	unsigned long a = vms_test_map(test, NULL, BASE, PAGES(16), RW,
				  ANON_PRIVATE);
	const struct vms_walk_sums *sums;
	struct vms_test_sink *w;

	vms_write(test, a, PAGES(8));
	w = vms_test_walk(test, VMS_SECT_SUMMARY, 0);
	sums = vms_walk_sums(w->w);
	KUNIT_EXPECT_EQ(test, w->nr, 0);
	KUNIT_EXPECT_EQ(test, sums->vmas, 1);
	KUNIT_EXPECT_EQ(test, sums->exts, 0);
	KUNIT_EXPECT_EQ(test, sums->total.vsz, PAGES(16));
	KUNIT_EXPECT_EQ(test, sums->total.rss, PAGES(8));
	KUNIT_EXPECT_EQ(test, sums->total.none, PAGES(8));
	KUNIT_EXPECT_TRUE(test, vms_counts_consistent(&sums->total));
}

/*
 * A summary alone adds up the VMAs that lie in one PMD-sized range in
 * batches (vms_batchable()), the others one by one: its sums are those of
 * a walk that gives every vma record.
 */
static void walk_summary_batches(struct kunit *test)
{
	struct vms_test_sink *alone, *with;
	struct vms_counts a, b;
	unsigned long i, s;

	/* Small VMAs, writable and not in turn so that none merge. */
	for (i = 0; i < 6; i++) {
		s = vms_test_map(test, NULL, BASE + PAGES(4 * i), PAGES(4),
				 i & 1 ? PROT_READ : RW, ANON_PRIVATE);
		if (i & 1)
			vms_read(test, s, PAGES(1));	/* the zero page */
		else
			vms_write(test, s, PAGES(i / 2 + 1));
	}
	/*
	 * One over two PMD-sized ranges (in 4 KiB pages), walked on its
	 * own, then a small one past a hole.
	 */
	s = vms_test_map(test, NULL, BASE + PMD_SIZE, 2 * PMD_SIZE, RW,
			 ANON_PRIVATE);
	vms_vm_flags_set(test, s, VM_NOHUGEPAGE);
	vms_write(test, s + PAGES(1), PAGES(3));
	vms_write(test, s + PMD_SIZE, PAGES(1));
	s = vms_test_map(test, NULL, BASE + 3 * PMD_SIZE + PAGES(1), PAGES(2),
			 RW, ANON_PRIVATE);
	vms_write(test, s, PAGES(1));

	alone = vms_test_walk(test, VMS_SECT_SUMMARY, 0);
	with = vms_test_walk(test, VMS_SECT_SUMMARY | VMS_SECT_VMAS, 0);
	KUNIT_EXPECT_EQ(test, with->nr, 8);
	KUNIT_EXPECT_EQ(test, vms_walk_sums(alone->w)->vmas,
			vms_walk_sums(with->w)->vmas);
	a = vms_walk_sums(alone->w)->total;
	b = vms_walk_sums(with->w)->total;
	/* runs and numa_maps' page states: counted only for vma records */
	b.runs = 0;
	b.active = 0;
	b.writeback = 0;
	b.swapcache = 0;
	b.mapmax = 0;
	vms_expect_counts(test, "summary alone", &a, &b);
	KUNIT_EXPECT_EQ(test, a.zero, PAGES(3));
	KUNIT_EXPECT_EQ(test, a.rss, PAGES(1 + 2 + 3 + 3 + 1 + 1));
	KUNIT_EXPECT_TRUE(test, vms_counts_consistent(&a));
}

/*
 * A VMA with more extents than the walk holds gives them from a second
 * pass, which walks its pages again: what that pass counts is no VMA's,
 * and the sums of a walk with extents are those of one without.
 */
static void walk_ext_pass_sums(struct kunit *test)
{
	unsigned long nr = 2 * 1200, i, s;
	struct vms_test_sink *with, *without;
	struct vms_counts a, b;

	s = vms_test_map(test, NULL, BASE, PAGES(nr), RW, ANON_PRIVATE);
	vms_vm_flags_set(test, s, VM_NOHUGEPAGE);
	/* every other page written: an extent per page */
	for (i = 0; i < nr; i += 2)
		vms_write(test, s + PAGES(i), PAGES(1));
	/* and a small VMA after it, past a hole */
	s = vms_test_map(test, NULL, BASE + PAGES(nr + 1), PAGES(2), RW,
			 ANON_PRIVATE);
	vms_write(test, s, PAGES(1));

	with = vms_test_walk(test, VMS_SECT_ALL, 0);
	without = vms_test_walk(test, VMS_SECT_SUMMARY | VMS_SECT_VMAS, 0);
	KUNIT_EXPECT_GT(test, vms_walk_sums(with->w)->exts, 2048);
	a = vms_walk_sums(with->w)->total;
	b = vms_walk_sums(without->w)->total;
	vms_expect_counts(test, "with an extent pass", &a, &b);
	KUNIT_EXPECT_EQ(test, a.rss, PAGES(nr / 2 + 1));
	KUNIT_EXPECT_TRUE(test, vms_counts_consistent(&a));
}

static struct kunit_case vms_walk_cases[] = {
	KUNIT_CASE(walk_untouched),
	KUNIT_CASE(walk_written),
	KUNIT_CASE(walk_read_zero_page),
	KUNIT_CASE(walk_partly_unmapped),
	KUNIT_CASE(walk_dontneed),
	KUNIT_CASE(walk_thp),
	KUNIT_CASE(walk_thp_run),
	KUNIT_CASE(walk_shmem_twice),
	KUNIT_CASE(walk_reservation_1tib),
	KUNIT_CASE(walk_yield_every_step),
	KUNIT_CASE(walk_summary_only),
	KUNIT_CASE(walk_summary_batches),
	KUNIT_CASE(walk_ext_pass_sums),
	KUNIT_CASE(walk_no_yield_killable),
	{}
};

/* The walks' spare buffers (walk.c) go with the suite. */
static void vms_walk_suite_exit(struct kunit_suite *suite)
{
	vms_walk_exit();
}

static struct kunit_suite vms_walk_suite = {
	.name = "vmscope_walk",
	.test_cases = vms_walk_cases,
	.suite_exit = vms_walk_suite_exit,
};

kunit_test_suites(&vms_walk_entry_suite, &vms_walk_suite);
