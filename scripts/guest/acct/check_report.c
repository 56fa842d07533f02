// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: the report is complete, its VMAs are smaps' (with
 * and without pfn).
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "acct.h"

void check_report(struct check *c)
{
	struct mism m = { 0 };
	char name[256];
	int n = 0;

	if (c->r)
		n = match_vmas(c->k, c->r, c->match, &m);
	else
		mism_add(&m, "%s", c->rerr);
	snprintf(name, sizeof(name), "%s: report complete, its %d VMAs are smaps' %zu",
		 c->label, n, c->k->n);
	mism_tap(&m, name);
	if (c->rp) {
		struct mism mp = { 0 };

		n = match_vmas(c->k, c->rp, c->matchp, &mp);
		snprintf(name, sizeof(name), "%s: report with pfn complete, %d VMAs",
			 c->label, n);
		mism_tap(&mp, name);
	}
}
