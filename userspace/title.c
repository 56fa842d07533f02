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
	static const struct {
		const char *key, *label;
	} fields[] = {
		{ VMS_K_RSS, "RSS" }, { VMS_K_SWAP, "swap" }, { VMS_K_THP, "THP" },
		{ VMS_K_HUGETLB, "hugetlb" },
	};
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
	vms_task_u64(s, VMS_K_VSZ, &v);
	printf("  VSZ %s", vms_size_fmt(v, bytes, buf, sizeof(buf)));
	for (i = 0; s->task && i < VMS_ARRAY_SIZE(fields); i++)
		if (!vms_rec_get_u64(s->task, fields[i].key, &v))
			printf("  %s %s", fields[i].label, vms_size_fmt(v, bytes, buf, sizeof(buf)));
	for (i = 0; s->task && i < s->task->nkv; i++) {
		const struct vms_kv *kv = &s->task->kv[i];

		if (vms_spread_key(kv->key, VMS_K_NODE_PREFIX, NULL) &&
		    !vms_parse_u64(kv->val, &v))
			printf("  N%s %s", kv->key + 1, vms_size_fmt(v, bytes, buf, sizeof(buf)));
	}
	putchar('\n');
}
