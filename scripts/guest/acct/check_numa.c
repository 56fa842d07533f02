// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: nK = numa_maps NK x page size, plus reserved pages;
 * policy= is numa_maps' policy text.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

/*
 * misplaced= from numa_maps: for a policy with nodes (prefer, bind,
 * interleave, ...: ":NODELIST" after the mode), the bytes on the nodes
 * it does not name, as nK counts them (numa_maps plus reserved pages).
 */
static u64 numa_misplaced(const struct kvma *v)
{
	const char *p = strchr(v->numa_policy, ':');
	bool in[NNODE] = { false };
	u64 sum = 0;

	if (!p || !strncmp(v->numa_policy, "default", 7) ||
	    !strncmp(v->numa_policy, "local", 5))
		return 0;
	for (p++; *p;) {
		char *e;
		long a = strtol(p, &e, 10), b = a;

		if (e == p)
			break;
		if (*e == '-')
			b = strtol(e + 1, &e, 10);
		for (long i = a; i <= b && i < NNODE; i++)
			in[i] = true;
		p = *e == ',' ? e + 1 : e;
		if (*e != ',')
			break;
	}
	for (int node = 0; node < NNODE; node++)
		if (!in[node])
			sum += v->numa_n[node] * v->numa_kps * 1024 + v->resv[node];
	return sum;
}

/*
 * active=, writeback=, swapcache= (bytes of numa_maps' page counts),
 * mapmax= and misplaced= into @r, with the values numa_maps implies where it leaves one
 * out: active= is printed only below the page count (never for hugetlb,
 * where it is unknown: not set), mapmax= only above 1.
 */
void numa_states(const struct kvma *v, struct rec *r)
{
	u64 bytes = v->numa_kps * 1024, pages = 0;

	if (!v->numa_have)
		return;
	for (int node = 0; node < NNODE; node++)
		pages += v->numa_n[node];
	if (v->numa_has_active)
		rec_set(r, K_ACTIVE, v->numa_active * bytes);
	else if (v->numa_kps == 4)
		rec_set(r, K_ACTIVE, pages * bytes);
	rec_set(r, K_WRITEBACK, v->numa_writeback * bytes);
	rec_set(r, K_SWAPCACHE, v->numa_swapcache * bytes);
	rec_set(r, K_MAPMAX, v->numa_has_mapmax ? v->numa_mapmax : !!pages);
	rec_set(r, K_MISPLACED, numa_misplaced(v));
}

static void cmp_numa_states(struct mism *m, const struct kvma *v,
			    const struct rec *r)
{
	static const int keys[] = { K_ACTIVE, K_WRITEBACK, K_SWAPCACHE, K_MAPMAX };
	struct rec want = { 0 };

	numa_states(v, &want);
	for (size_t i = 0; i < VMS_ARRAY_SIZE(keys); i++)
		if (want.have[keys[i]])
			cmp(m, v, r, keys[i], want.v[keys[i]], "numa_maps");
}

void check_numa(struct check *c)
{
	struct mism m = { 0 };
	const struct kvma *v;
	const struct rec *r;
	size_t i = 0;
	int n = 0;

	while ((v = next_matched(c, &i, &r))) {
		n++;
		if (!v->numa_have && v->mode != DM_OPAQUE) {
			mism_add(&m, VF ": no numa_maps line", VA(v));
			continue;
		}
		for (int node = 0; node < NNODE; node++)
			cmp(&m, v, r, K_N0 + node,
			    v->numa_n[node] * v->numa_kps * 1024 +
			    v->resv[node],
			    v->resv[node] ? "numa_maps+reserved" : "numa_maps");
		if (v->numa_have)
			cmp_numa_states(&m, v, r);
	}
	class_tap(c, &m, "%s: numa_maps nodes and page states, %d VMAs", c->label, n);
}

/* policy= against numa_maps' policy, every VMA numa_maps lists. */
void check_policy(struct check *c)
{
	struct mism m = { 0 };
	int n = 0;

	for (size_t i = 0; c->r && i < c->k->n; i++) {
		const struct kvma *v = &c->k->v[i];
		const struct mvma *mv;

		if (c->match[i] < 0 || !v->numa_have)
			continue;
		mv = &c->r->v[c->match[i]];
		n++;
		if (!mv->policy || strcmp(mv->policy, v->numa_policy))
			mism_add(&m, VF " field %s: module '%s', numa_maps '%s'",
				 VA(v), VMS_K_POLICY,
				 mv->policy ? mv->policy : "(missing)", v->numa_policy);
		cmp(&m, v, &mv->r, K_MISPLACED, numa_misplaced(v), "numa_maps policy and nodes");
	}
	class_tap(c, &m, "%s: numa_maps policy and misplaced, %d VMAs", c->label, n);
}
