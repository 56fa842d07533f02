// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: extent lists, and the canonical text both sides of an
 * extent comparison are printed in.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

struct ext *exts_add(struct exts *x, unsigned long start, unsigned long end,
		     int state, char *canon)
{
	struct ext *e;

	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 16;
		x->e = xreallocarray(x->e, x->cap, sizeof(*x->e));
	}
	e = &x->e[x->n++];
	memset(e, 0, sizeof(*e));
	e->start = start;
	e->end = end;
	e->state = state;
	e->order = -1;
	e->canon = canon;
	return e;
}

void exts_free(struct exts *x)
{
	for (size_t i = 0; i < x->n; i++)
		free(x->e[i].canon);
	free(x->e);
	memset(x, 0, sizeof(*x));
}

char *ext_canon(unsigned long start, unsigned long end, const char *state,
		const char *type, const char *map, long order, long node,
		bool has_pfn, u64 pfn)
{
	struct vms_buf b = { 0 };

	vms_buf_printf(&b, "%lx-%lx " VMS_K_STATE "=%s " VMS_K_TYPE "=%s",
		       start, end, state, type ? type : "(none)");
	if (map)
		vms_buf_printf(&b, " " VMS_K_MAP "=%s", map);
	if (order >= 0)
		vms_buf_printf(&b, " " VMS_K_ORDER "=%ld", order);
	if (node >= 0)
		vms_buf_printf(&b, " " VMS_K_NODE "=%ld", node);
	if (has_pfn)
		vms_buf_printf(&b, " " VMS_K_PFN "=0x%llx", pfn);
	return b.data;
}
