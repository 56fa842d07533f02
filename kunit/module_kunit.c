// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope_kunit: KUnit suites for vmscope's units, built into one module
 * together with the units they test (see kunit/Kbuild). KUnit runs every
 * suite when the module is loaded and prints KTAP on the kernel log.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "vmscope_kunit.h"

KUNIT_DEFINE_ACTION_WRAPPER(vms_kunit_text_free, vms_text_free,
			    struct vms_text *);

/**
 * vms_kunit_text() - an empty text, released when the test ends
 * @test: the test
 *
 * Released however the test ends, so that a failed assertion leaks
 * nothing kmemleak could report.
 *
 * Return: the text.
 */
struct vms_text *vms_kunit_text(struct kunit *test)
{
	struct vms_text *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	vms_text_init(t);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							vms_kunit_text_free,
							t), 0);
	return t;
}

/**
 * vms_kunit_str() - a text's bytes as a string
 * @test: the test, which owns the string
 * @t: the text; its error must be 0
 *
 * Return: a NUL-terminated copy of the text's bytes.
 */
const char *vms_kunit_str(struct kunit *test, const struct vms_text *t)
{
	char *s;

	KUNIT_ASSERT_EQ(test, t->err, 0);
	s = kunit_kzalloc(test, t->len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	if (t->len)
		memcpy(s, t->data, t->len);
	return s;
}

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The vmscope authors");
MODULE_DESCRIPTION("KUnit tests for vmscope");
