// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vmscope_policy: policy.c, a memory policy's text as
 * numa_maps prints it (mm/mempolicy.c mpol_to_str()), from its mode,
 * flags and nodes.
 */
#include <kunit/test.h>
#include <linux/mempolicy.h>
#include <linux/nodemask.h>
#include <vmscope/format.h>
#include "policy.h"

struct vms_policy_case {
	const char *text;
	unsigned short mode;
	unsigned short flags;
	const int *nodes;	/* -1 ends the list */
};

static const int none[] = { -1 };
static const int n0[] = { 0, -1 };
static const int n1[] = { 1, -1 };
static const int n01[] = { 0, 1, -1 };
static const int n0235[] = { 0, 2, 3, 5, -1 };

static const struct vms_policy_case vms_policy_cases[] = {
	{ "default", 0, 0, none },
	{ "local", 4, 0, none },
	{ "bind:0-1", 2, 0, n01 },
	{ "interleave:0-1", 3, 0, n01 },
	{ "prefer:1", 1, 0, n1 },
	{ "prefer (many):0-1", 5, 0, n01 },
	{ "weighted interleave:0-1", 6, 0, n01 },
	{ "bind=static:0", 2, MPOL_F_STATIC_NODES, n0 },
	{ "interleave=relative:1", 3, MPOL_F_RELATIVE_NODES, n1 },
	{ "bind=balancing:0-1", 2, MPOL_F_NUMA_BALANCING, n01 },
	{ "bind=static|balancing:0", 2,
	  MPOL_F_STATIC_NODES | MPOL_F_NUMA_BALANCING, n0 },
	{ "bind:0,2-3,5", 2, 0, n0235 },
	/* flags outside the mode flags (MPOL_F_SHARED, ...) print nothing */
	{ "interleave:0", 3, MPOL_F_SHARED | MPOL_F_MOF, n0 },
	{ "local", 4, MPOL_F_MOF, none },
	/* mode flags on a policy that is otherwise a word: formatted */
	{ "local=static", 4, MPOL_F_STATIC_NODES, none },
	/* a mode this kernel's numa_maps would not know */
	{ "unknown", 9, 0, n0 },
};

/*
 * The word vms_policy_word() gives, where it gives one, is the text, with
 * nothing to escape; only the default and local policies without flags
 * are words (flags outside the mode flags print nothing).
 */
static void vms_policy_word_case(struct kunit *test, const struct vms_policy *p,
				 const char *text, size_t i)
{
	const char *word = vms_policy_word(p);
	const char *c;

	if ((p->mode == 0 || p->mode == 4) && !(p->flags & MPOL_MODE_FLAGS)) {
		KUNIT_ASSERT_NOT_NULL_MSG(test, word, "case %zu", i);
		KUNIT_EXPECT_STREQ_MSG(test, word, text, "case %zu", i);
		for (c = word; *c; c++)
			KUNIT_EXPECT_FALSE_MSG(test, vms_escape_needed(*c),
					       "case %zu", i);
	} else {
		KUNIT_EXPECT_NULL_MSG(test, word, "case %zu", i);
	}
}

static void policy_text_cases(struct kunit *test)
{
	char buf[VMS_POLICY_TEXT_MAX];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vms_policy_cases); i++) {
		const struct vms_policy_case *c = &vms_policy_cases[i];
		struct vms_policy p = { .known = true, .mode = c->mode,
					.flags = c->flags };
		const int *n;
		int len;

		nodes_clear(p.nodes);
		for (n = c->nodes; *n >= 0; n++)
			node_set(*n, p.nodes);
		len = vms_policy_text(buf, sizeof(buf), &p);
		KUNIT_EXPECT_STREQ_MSG(test, buf, c->text, "case %zu", i);
		KUNIT_EXPECT_EQ_MSG(test, len, (int)strlen(c->text), "case %zu", i);
		vms_policy_word_case(test, &p, c->text, i);
	}
}

/* No policy (NULL): the default, as for a task without one. */
static void policy_copy_null(struct kunit *test)
{
	char buf[VMS_POLICY_TEXT_MAX];
	struct vms_policy p;

	memset(&p, 0xff, sizeof(p));
	vms_policy_copy(&p, NULL);
	KUNIT_EXPECT_TRUE(test, p.known);
	vms_policy_text(buf, sizeof(buf), &p);
	KUNIT_EXPECT_STREQ(test, buf, "default");
}

/* A short buffer: cut, terminated, never overrun. */
static void policy_text_short(struct kunit *test)
{
	struct vms_policy p = { .known = true, .mode = 6 };
	char buf[8];

	nodes_clear(p.nodes);
	node_set(0, p.nodes);
	memset(buf, 'x', sizeof(buf));
	vms_policy_text(buf, 5, &p);
	KUNIT_EXPECT_STREQ(test, buf, "weig");
	KUNIT_EXPECT_EQ(test, buf[5], 'x');
}

/* Bytes off the policy's nodes; none for default, local, unknown. */
static void policy_misplaced(struct kunit *test)
{
	const u64 node[3] = { 4096, 8192, 16384 };
	struct vms_policy p = { .known = true, .mode = 2 };

	nodes_clear(p.nodes);
	node_set(1, p.nodes);
	KUNIT_EXPECT_EQ(test, vms_policy_misplaced(&p, node, 3), 4096ULL + 16384);
	p.mode = 1;	/* prefer */
	KUNIT_EXPECT_EQ(test, vms_policy_misplaced(&p, node, 3), 4096ULL + 16384);
	node_set(0, p.nodes);
	p.mode = 3;	/* interleave 0-1 */
	KUNIT_EXPECT_EQ(test, vms_policy_misplaced(&p, node, 3), 16384ULL);
	KUNIT_EXPECT_EQ(test, vms_policy_misplaced(&p, node, 1), 0ULL);
	p.mode = 4;	/* local */
	KUNIT_EXPECT_EQ(test, vms_policy_misplaced(&p, node, 3), 0ULL);
	p.mode = 0;	/* default */
	KUNIT_EXPECT_EQ(test, vms_policy_misplaced(&p, node, 3), 0ULL);
	p.mode = 2;
	p.known = false;
	KUNIT_EXPECT_EQ(test, vms_policy_misplaced(&p, node, 3), 0ULL);
	p.known = true;
	KUNIT_EXPECT_EQ(test, vms_policy_misplaced(&p, NULL, 0), 0ULL);
}

static struct kunit_case vms_policy_test_cases[] = {
	KUNIT_CASE(policy_misplaced),
	KUNIT_CASE(policy_text_cases),
	KUNIT_CASE(policy_copy_null),
	KUNIT_CASE(policy_text_short),
	{}
};

static struct kunit_suite vms_policy_suite = {
	.name = "vmscope_policy",
	.test_cases = vms_policy_test_cases,
};

kunit_test_suite(vms_policy_suite);
