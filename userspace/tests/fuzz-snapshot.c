// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: the report parser, and everything that consumes a
 * parsed report without output (typed VMAs, matching and diff arithmetic,
 * column choice, residency binning, the module-against-/proc comparison),
 * plus the /proc parsers on the same bytes. Built with
 * -fsanitize=fuzzer,address,undefined by "make fuzz"; tests/fuzz.sh runs
 * it for a bounded time on the guest snapshots as seeds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "compare.h"
#include "delta.h"
#include "procparse.h"
#include "snapshot.h"
#include "strip.h"
#include "vma.h"

static void exercise(const struct vms_snapshot *s)
{
	struct vms_column *cols;
	struct vms_compare cmp;
	struct vms_diff d;
	struct vms_vma *v;
	size_t n, i, k;

	v = vms_vmas(s, &n);
	for (i = 0; i < n; i++) {
		struct vms_strip st;
		uint64_t cell = vms_strip_cell_size(vms_vma_size(&v[i]), 4096, 64);

		vms_strip_build(s, &v[i], cell, &st);
		for (k = 0; k < st.ncells; k++)
			(void)vms_strip_look(&st, k);
		vms_strip_free(&st);
	}
	free(v);
	cols = vms_columns_default(s, &n);
	free(cols);
	cols = vms_columns_all(s, &n);
	free(cols);
	vms_diff_compute(s, s, &d);
	vms_diff_free(&d);
	vms_compare(s, s, &cmp);
	vms_compare_free(&cmp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vms_snapshot s;
	struct vms_error err;
	struct vms_smaps sm;
	struct vms_numa nm;
	char *msg;

	if (vms_snapshot_parse((const char *)data, size, &s, &err) == 0)
		exercise(&s);
	msg = vms_error_string(&err, "fuzz");
	free(msg);
	vms_snapshot_free(&s);

	/* The same bytes as a reply naming many targets. */
	{
		struct vms_multi m;

		if (vms_multi_parse((const char *)data, size, &m, &err) == 0)
			for (size_t i = 0; i < m.nsnaps; i++)
				(void)vms_rec_get(m.snaps[i]->task ? m.snaps[i]->task :
						  m.snaps[i]->end, VMS_K_RSS);
		msg = vms_error_string(&err, "fuzz");
		free(msg);
		vms_multi_free(&m);
	}

	vms_smaps_parse((const char *)data, size, &sm, NULL);
	vms_smaps_free(&sm);
	vms_numa_parse((const char *)data, size, &nm, NULL);
	vms_numa_free(&nm);
	return 0;
}
