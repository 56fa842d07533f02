/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by vmscope's KUnit suites (kunit/module_kunit.c).
 */
#ifndef VMSCOPE_KUNIT_H
#define VMSCOPE_KUNIT_H

#include <kunit/test.h>
#include "vmscope.h"

struct vms_buf *vms_kunit_buf(struct kunit *test);
const char *vms_kunit_str(struct kunit *test, const struct vms_buf *b);

#endif /* VMSCOPE_KUNIT_H */
