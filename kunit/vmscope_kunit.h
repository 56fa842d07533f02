/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by vmscope's KUnit suites (kunit/module_kunit.c).
 */
#ifndef VMSCOPE_KUNIT_H
#define VMSCOPE_KUNIT_H

#include <kunit/test.h>
#include "text.h"

struct vms_text *vms_kunit_text(struct kunit *test);
const char *vms_kunit_str(struct kunit *test, const struct vms_text *t);

#endif /* VMSCOPE_KUNIT_H */
