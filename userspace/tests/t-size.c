// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of human-readable sizes.
 */
#include <stdint.h>

#include "size.h"
#include "tap.h"

void test_size(void)
{
	static const struct {
		uint64_t v;
		const char *want;
	} cases[] = {
		{ 0, "0" },
		{ 1, "1B" },
		{ 1023, "1023B" },
		{ 1024, "1.0K" },
		{ 1536, "1.5K" },
		{ 4096, "4.0K" },
		{ 10137, "9.9K" },
		{ 10188, "9.9K" },	/* 9.949K */
		{ 10189, "10K" },	/* 9.950K rounds up to 10.0: no decimal */
		{ 12288, "12K" },
		{ 135168, "132K" },
		{ 524288, "512K" },
		{ 1047552, "1023K" },
		{ 1048575, "1.0M" },	/* 1023.999K rounds up to the next unit */
		{ 1048576, "1.0M" },
		{ 1073741824, "1.0G" },
		{ 1610612736, "1.5G" },
		{ 1099511627776ull, "1.0T" },
		{ 1ull << 50, "1.0P" },
		{ 1ull << 60, "1.0E" },
		{ UINT64_MAX, "16E" },
	};
	char buf[VMS_SIZE_BUFSZ];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tap_is_str(vms_size_human(cases[i].v, buf, sizeof(buf)), cases[i].want,
			   "size %llu is %s", (unsigned long long)cases[i].v, cases[i].want);
}
