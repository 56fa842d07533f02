// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Human-readable sizes, in the style of lsblk and ls -h.
 */
#include <inttypes.h>
#include <stdio.h>

#include "size.h"

static const char units[] = "BKMGTPE";

char *vms_size_human(uint64_t bytes, char *buf, size_t bufsz)
{
	unsigned int e = 0, shift;
	uint64_t q, r, tenths, whole;

	if (bytes < 1024) {
		snprintf(buf, bufsz, bytes ? "%" PRIu64 "B" : "0", bytes);
		return buf;
	}
	while (e < 6 && bytes >> (10 * (e + 1)))
		e++;
	shift = 10 * e;
	q = bytes >> shift;
	r = bytes & ((UINT64_C(1) << shift) - 1);

	/* r * 10 < 10 << 60 fits: no overflow for any unit up to E. */
	tenths = q * 10 + ((r * 10 + (UINT64_C(1) << (shift - 1))) >> shift);
	if (tenths < 100) {
		snprintf(buf, bufsz, "%" PRIu64 ".%" PRIu64 "%c",
			 tenths / 10, tenths % 10, units[e]);
		return buf;
	}
	whole = q + (r >> (shift - 1));		/* round half up */
	if (whole >= 1024 && e < 6) {
		snprintf(buf, bufsz, "1.0%c", units[e + 1]);
		return buf;
	}
	snprintf(buf, bufsz, "%" PRIu64 "%c", whole, units[e]);
	return buf;
}

char *vms_size_human_delta(int64_t delta, char *buf, size_t bufsz)
{
	uint64_t mag = delta < 0 ? -(uint64_t)delta : (uint64_t)delta;
	char tmp[VMS_SIZE_BUFSZ];

	if (!delta) {
		snprintf(buf, bufsz, "0");
		return buf;
	}
	snprintf(buf, bufsz, "%c%s", delta < 0 ? '-' : '+',
		 vms_size_human(mag, tmp, sizeof(tmp)));
	return buf;
}

char *vms_size_fmt(uint64_t bytes, int exact, char *buf, size_t bufsz)
{
	if (exact)
		snprintf(buf, bufsz, "%" PRIu64, bytes);
	else
		vms_size_human(bytes, buf, bufsz);
	return buf;
}

char *vms_delta_fmt(int64_t delta, int exact, char *buf, size_t bufsz)
{
	if (exact)
		snprintf(buf, bufsz, delta > 0 ? "+%" PRId64 : "%" PRId64, delta);
	else
		vms_size_human_delta(delta, buf, bufsz);
	return buf;
}
