// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The header line of the table commands.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/format.h>

#include "display.h"
#include "size.h"
#include "title.h"
#include "util.h"

const struct vms_title_field vms_title_fields[] = {
	{ VMS_K_RSS, "RSS" }, { VMS_K_PSS, "PSS" }, { VMS_K_USS, "USS" },
	{ VMS_K_SWAP, "swap" }, { VMS_K_THP, "THP" }, { VMS_K_HUGETLB, "hugetlb" },
};
const size_t vms_title_nfields = VMS_ARRAY_SIZE(vms_title_fields);

bool vms_title_total(const struct vms_snapshot *s, const char *key, uint64_t *out)
{
	bool family = vms_spread_key(key, VMS_K_NODE_PREFIX, NULL) ||
		      vms_spread_key(key, VMS_K_ORDER_PREFIX, NULL);
	uint64_t sum = 0, v;
	bool any = false;
	size_t i;

	/* The task's pgtables is the whole mm's (VmPTE), not a sum. */
	for (i = 0; strcmp(key, VMS_K_PGTABLES) && i < s->nvmas; i++) {
		if (vms_rec_get_u64(&s->vmas[i], key, &v))
			continue;
		any = true;
		sum = sum + v < sum ? UINT64_MAX : sum + v;
	}
	if (any) {
		*out = sum;
		return true;
	}
	if (!s->task || vms_rec_get_u64(s->task, key, &v))
		return false;
	/* A node or order no vma record has: 0 in the rows, so 0 here. */
	*out = family && s->nvmas ? 0 : v;
	return true;
}

char *vms_title_who(const struct vms_snapshot *s)
{
	const char *comm = vms_rec_get(s->header, VMS_K_COMM);
	char *name = vms_display_name(comm ? comm : "?", VMS_DISP_STRICT), *out;

	if (asprintf(&out, "pid %" PRIu64 " (%s)", s->pid, name) < 0) {
		vms_err("out of memory");
		exit(VMS_EXIT_FAIL);
	}
	free(name);
	return out;
}

void vms_title_print(const struct vms_snapshot *s, bool bytes)
{
	const char *kernel = vms_rec_get(s->header, VMS_K_KERNEL);
	char *who = vms_title_who(s), buf[32];
	uint64_t v;
	size_t i;

	printf("%s", who);
	free(who);
	if (kernel) {
		char *k = vms_display_name(kernel, VMS_DISP_STRICT);

		printf("  kernel %s", k);
		free(k);
	}
	if (vms_snapshot_from_proc(s))
		printf("  source proc");
	if (!vms_title_total(s, VMS_K_VSZ, &v))
		v = 0;
	printf("  VSZ %s", vms_size_fmt(v, bytes, buf, sizeof(buf)));
	for (i = 0; s->task && i < vms_title_nfields; i++)
		if (vms_title_total(s, vms_title_fields[i].key, &v))
			printf("  %s %s", vms_title_fields[i].label,
			       vms_size_fmt(v, bytes, buf, sizeof(buf)));
	for (i = 0; s->task && i < s->task->nkv; i++) {
		const char *key = s->task->kv[i].key;

		if (vms_spread_key(key, VMS_K_NODE_PREFIX, NULL) &&
		    vms_title_total(s, key, &v))
			printf("  N%s %s", key + 1, vms_size_fmt(v, bytes, buf, sizeof(buf)));
	}
	putchar('\n');
}
