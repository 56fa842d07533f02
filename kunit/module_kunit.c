// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope_kunit: KUnit suites for vmscope's units, built into one module
 * together with the units they test (see kunit/Kbuild). KUnit runs every
 * suite when the module is loaded and prints KTAP on the kernel log.
 *
 * main.c cannot be linked in (it has the module's init and exit), so the
 * globals it defines for the other units live here, at their defaults.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "vmscope_kunit.h"

unsigned int vms_max_tracked = 64;
unsigned int vms_yield_budget = 4096;
struct vms_stats vms_stats;

KUNIT_DEFINE_ACTION_WRAPPER(vms_kunit_buf_free, vms_buf_free, struct vms_buf *);

/**
 * vms_kunit_buf() - an empty buffer, released when the test ends
 * @test: the test
 *
 * Released however the test ends, so that a failed assertion leaks
 * nothing kmemleak could report.
 *
 * Return: the buffer.
 */
struct vms_buf *vms_kunit_buf(struct kunit *test)
{
	struct vms_buf *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	vms_buf_init(b);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							vms_kunit_buf_free, b),
			0);
	return b;
}

/**
 * vms_kunit_str() - a buffer's bytes as a string
 * @test: the test, which owns the string
 * @b: the buffer; its error must be 0
 *
 * Return: a NUL-terminated copy of the buffer's bytes.
 */
const char *vms_kunit_str(struct kunit *test, const struct vms_buf *b)
{
	char *s;

	KUNIT_ASSERT_EQ(test, b->err, 0);
	s = kunit_kzalloc(test, b->len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	if (b->len)
		memcpy(s, b->data, b->len);
	return s;
}

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The vmscope authors");
MODULE_DESCRIPTION("KUnit tests for vmscope");
