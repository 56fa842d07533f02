// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vmscope_extents: extents.c, coalescing consecutive entries
 * of a VMA into maximal extents, with and without physical contiguity.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/string.h>
#include "account.h"

#define A0	0x7f0000000000UL	/* where the worked examples start */

static struct vms_entry vms_e(unsigned long page, unsigned long nr, u8 state,
			      unsigned long pfn)
{
	return (struct vms_entry){
		.addr = A0 + (page << PAGE_SHIFT), .nr = nr, .pfn = pfn,
		.state = state, .type = VMS_TYPE_ANON, .map = VMS_MAP_PTE,
		.node = 0,
	};
}

static void ext_start_copies_entry(struct kunit *test)
{
	struct vms_entry e = vms_e(3, 512, VMS_STATE_PRESENT, 0x1234);
	struct vms_ext x;

	e.type = VMS_TYPE_SHMEM;
	e.map = VMS_MAP_PMD;
	e.order = 9;
	e.node = 1;
	memset(&x, 0xff, sizeof(x));
	vms_ext_start(&x, &e);
	KUNIT_EXPECT_EQ(test, x.start, A0 + 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, x.end, A0 + 515 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, x.pfn, 0x1234);
	KUNIT_EXPECT_EQ(test, x.state, VMS_STATE_PRESENT);
	KUNIT_EXPECT_EQ(test, x.type, VMS_TYPE_SHMEM);
	KUNIT_EXPECT_EQ(test, x.map, VMS_MAP_PMD);
	KUNIT_EXPECT_EQ(test, x.order, 9);
	KUNIT_EXPECT_EQ(test, x.node, 1);
}

/*
 * Worked example, without pfn: pages 0-1 present at frames 100-101, 2 at
 * frame 500, 3 at 102: one extent 0-4, the frames do not matter.
 */
static void ext_extend_without_pfn(struct kunit *test)
{
	struct vms_entry e = vms_e(0, 2, VMS_STATE_PRESENT, 100);
	struct vms_ext x;

	vms_ext_start(&x, &e);
	e = vms_e(2, 1, VMS_STATE_PRESENT, 500);
	KUNIT_EXPECT_TRUE(test, vms_ext_extend(&x, &e, false));
	e = vms_e(3, 1, VMS_STATE_PRESENT, 102);
	KUNIT_EXPECT_TRUE(test, vms_ext_extend(&x, &e, false));
	KUNIT_EXPECT_EQ(test, x.start, A0);
	KUNIT_EXPECT_EQ(test, x.end, A0 + 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, x.pfn, 100);
}

/* The same pages with pfn: extents 0-2 (frames 100-101), 2-3, 3-4. */
static void ext_extend_with_pfn(struct kunit *test)
{
	struct vms_entry e = vms_e(0, 2, VMS_STATE_PRESENT, 100);
	struct vms_ext x, before;

	vms_ext_start(&x, &e);
	before = x;
	e = vms_e(2, 1, VMS_STATE_PRESENT, 500);
	KUNIT_EXPECT_FALSE(test, vms_ext_extend(&x, &e, true));
	KUNIT_EXPECT_EQ(test, memcmp(&x, &before, sizeof(x)), 0);
	/* Frame 102 continues 100-101 physically, not virtually. */
	e = vms_e(3, 1, VMS_STATE_PRESENT, 102);
	KUNIT_EXPECT_FALSE(test, vms_ext_extend(&x, &e, true));
	e = vms_e(2, 3, VMS_STATE_PRESENT, 102);
	KUNIT_EXPECT_TRUE(test, vms_ext_extend(&x, &e, true));
	KUNIT_EXPECT_EQ(test, x.end, A0 + 5 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, x.pfn, 100);
	/* A frame below the extent does not continue it. */
	e = vms_e(5, 1, VMS_STATE_PRESENT, 99);
	KUNIT_EXPECT_FALSE(test, vms_ext_extend(&x, &e, true));
}

/* Zero-page extents map one frame again and again. */
static void ext_zero_extents(struct kunit *test)
{
	struct vms_entry e = vms_e(0, 1, VMS_STATE_ZERO, 77);
	struct vms_ext x;

	vms_ext_start(&x, &e);
	e = vms_e(1, 1, VMS_STATE_ZERO, 77);
	KUNIT_EXPECT_TRUE(test, vms_ext_extend(&x, &e, true));
	e = vms_e(2, 1, VMS_STATE_ZERO, 78);	/* another zero frame */
	KUNIT_EXPECT_FALSE(test, vms_ext_extend(&x, &e, true));
	KUNIT_EXPECT_TRUE(test, vms_ext_extend(&x, &e, false));
	KUNIT_EXPECT_EQ(test, x.end, A0 + 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, x.pfn, 77);
}

/* Address gaps, state and type changes end an extent whatever the state. */
static void ext_breaks(struct kunit *test)
{
	static const u8 states[] = { VMS_STATE_PRESENT, VMS_STATE_ZERO,
				     VMS_STATE_SWAP, VMS_STATE_NONE,
				     VMS_STATE_OTHER };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(states); i++) {
		struct vms_entry e = vms_e(0, 1, states[i], 10);
		struct vms_ext x;

		vms_ext_start(&x, &e);
		e = vms_e(2, 1, states[i], 11);			/* gap */
		KUNIT_EXPECT_FALSE(test, vms_ext_extend(&x, &e, false));
		e = vms_e(0, 1, states[i], 11);			/* overlap */
		KUNIT_EXPECT_FALSE(test, vms_ext_extend(&x, &e, false));
		e = vms_e(1, 1, (states[i] + 1) % VMS_STATE_NR, 11);
		KUNIT_EXPECT_FALSE(test, vms_ext_extend(&x, &e, false));
		e = vms_e(1, 1, states[i], 11);
		e.type = VMS_TYPE_FILE;
		KUNIT_EXPECT_FALSE(test, vms_ext_extend(&x, &e, false));
		KUNIT_EXPECT_EQ(test, x.end, A0 + PAGE_SIZE);
		e.type = VMS_TYPE_ANON;
		KUNIT_EXPECT_TRUE(test, vms_ext_extend(&x, &e, false));
		KUNIT_EXPECT_EQ(test, x.end, A0 + 2 * PAGE_SIZE);
	}
}

/*
 * Mapping level, order and node split present and zero extents only: for
 * swap, none and other they are not reported, so they do not split.
 */
static void ext_frame_fields(struct kunit *test)
{
	static const u8 states[] = { VMS_STATE_PRESENT, VMS_STATE_ZERO,
				     VMS_STATE_SWAP, VMS_STATE_NONE,
				     VMS_STATE_OTHER };
	unsigned int i, f;

	for (i = 0; i < ARRAY_SIZE(states); i++) {
		bool framed = states[i] == VMS_STATE_PRESENT ||
			      states[i] == VMS_STATE_ZERO;

		for (f = 0; f < 3; f++) {
			struct vms_entry e = vms_e(0, 1, states[i], 10);
			struct vms_ext x;

			vms_ext_start(&x, &e);
			e = vms_e(1, 1, states[i], 10);
			if (f == 0)
				e.map = VMS_MAP_PMD;
			else if (f == 1)
				e.order = 4;
			else
				e.node = 1;
			KUNIT_EXPECT_EQ_MSG(test,
					    vms_ext_extend(&x, &e, false), !framed,
					    "state %u field %u", states[i], f);
		}
	}
}

/*
 * A whole-VMA none extent: one extent for a 1 TiB reservation, fed in the
 * walker's steps (PMD, PUD and PGD sized holes).
 */
static void ext_huge_none_extent(struct kunit *test)
{
	unsigned long start = 0x200000000000UL, addr = start;
	unsigned long end = start + (1UL << 40);
	struct vms_entry e = { .addr = addr, .nr = PMD_SIZE >> PAGE_SHIFT,
			       .state = VMS_STATE_NONE, .node = -1 };
	struct vms_ext x;

	vms_ext_start(&x, &e);
	addr += PMD_SIZE;
	while (addr < end) {
		unsigned long step = addr & (PUD_SIZE - 1) ? PMD_SIZE : PUD_SIZE;

		e.addr = addr;
		e.nr = step >> PAGE_SHIFT;
		KUNIT_ASSERT_TRUE(test, vms_ext_extend(&x, &e, true));
		addr += step;
	}
	KUNIT_EXPECT_EQ(test, x.start, start);
	KUNIT_EXPECT_EQ(test, x.end, end);
}

static struct kunit_case vms_extents_cases[] = {
	KUNIT_CASE(ext_start_copies_entry),
	KUNIT_CASE(ext_extend_without_pfn),
	KUNIT_CASE(ext_extend_with_pfn),
	KUNIT_CASE(ext_zero_extents),
	KUNIT_CASE(ext_breaks),
	KUNIT_CASE(ext_frame_fields),
	KUNIT_CASE(ext_huge_none_extent),
	{}
};

static struct kunit_suite vms_extents_suite = {
	.name = "vmscope_extents",
	.test_cases = vms_extents_cases,
};

kunit_test_suite(vms_extents_suite);
