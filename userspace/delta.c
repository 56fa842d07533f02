// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Diff arithmetic over matched VMA groups.
 */
#include <stdlib.h>
#include <string.h>

#include <vmscope/format.h>

#include "columns.h"
#include "delta.h"
#include "util.h"

/* The keys of one snapshot's vma records and whether all are numbers. */
struct keyset {
	struct keyinfo {
		const char *key;
		bool numeric;
	} *k;
	size_t n;
};

static struct keyinfo *keyset_find(struct keyset *ks, const char *key)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		if (!strcmp(ks->k[i].key, key))
			return &ks->k[i];
	return NULL;
}

static bool is_decimal(const char *v)
{
	uint64_t x;

	return vms_parse_u64(v, &x) == 0;
}

static void keyset_gather(const struct vms_snapshot *s, struct keyset *ks)
{
	size_t i, j;

	for (i = 0; i < s->nvmas; i++) {
		const struct vms_record *r = &s->vmas[i];

		for (j = 0; j < r->nkv; j++) {
			struct keyinfo *ki = keyset_find(ks, r->kv[j].key);

			if (!ki) {
				ks->k = xreallocarray(ks->k, ks->n + 1, sizeof(*ks->k));
				ki = &ks->k[ks->n++];
				ki->key = r->kv[j].key;
				ki->numeric = true;
			}
			if (ki->numeric && !is_decimal(r->kv[j].val))
				ki->numeric = false;
		}
	}
}

/* Whether `ks` has a member of the family of column `col`. */
static bool keyset_has_family(const struct keyset *ks, const struct vms_column *col)
{
	struct vms_column c;
	size_t i;

	for (i = 0; i < ks->n; i++)
		if (!vms_column_by_key(ks->k[i].key, &c) && c.info == col->info)
			return true;
	return false;
}

struct keyorder {
	const char *key;
	size_t pos;		/* column table position; unknown keys last */
	uint64_t index;		/* family index */
};

static int cmp_keyorder(const void *p, const void *q)
{
	const struct keyorder *x = p, *y = q;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void order_key(struct keyorder *o, const char *key)
{
	const struct vms_colinfo *table;
	struct vms_column col;
	size_t ntable;

	table = vms_colinfo_table(&ntable);
	o->key = key;
	o->pos = ntable;
	o->index = 0;
	if (vms_column_by_key(key, &col))
		return;
	o->pos = col.info - table;
	if (col.info->flags & VMS_COLF_INDEXED)
		vms_parse_u64(key + strlen(col.info->key), &o->index);
}

/* Whether `key` from one side is diffed against `other`. */
static bool diffable(const struct keyinfo *ki, struct keyset *other)
{
	struct keyinfo *o = keyset_find(other, ki->key);
	struct vms_column col;

	if (!ki->numeric || (o && !o->numeric) || !strcmp(ki->key, VMS_K_NAME))
		return false;
	if (vms_column_by_key(ki->key, &col))
		return o != NULL;		/* a key this CLI does not know */
	if (col.info->flags & VMS_COLF_IDENTITY)
		return false;
	if (col.info->flags & VMS_COLF_INDEXED)
		return o || keyset_has_family(other, &col);
	return o != NULL;
}

static void choose_keys(const struct vms_snapshot *a, const struct vms_snapshot *b,
			struct vms_diff *d)
{
	struct keyset ka = { 0 }, kb = { 0 };
	struct keyorder *ord;
	size_t i, n = 0;

	keyset_gather(a, &ka);
	keyset_gather(b, &kb);
	ord = xcalloc(ka.n + kb.n, sizeof(*ord));
	for (i = 0; i < ka.n; i++)
		if (diffable(&ka.k[i], &kb))
			order_key(&ord[n++], ka.k[i].key);
	for (i = 0; i < kb.n; i++)
		if (!keyset_find(&ka, kb.k[i].key) && diffable(&kb.k[i], &ka))
			order_key(&ord[n++], kb.k[i].key);
	qsort(ord, n, sizeof(*ord), cmp_keyorder);
	d->keys = xcalloc(n, sizeof(*d->keys));
	for (i = 0; i < n; i++)
		d->keys[i] = ord[i].key;
	d->nkeys = n;
	free(ord);
	free(ka.k);
	free(kb.k);
}

int64_t vms_delta(uint64_t a, uint64_t b)
{
	if (b >= a)
		return b - a > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)(b - a);
	return a - b > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)(a - b);
}

static uint64_t sat_add(uint64_t x, uint64_t y)
{
	return x + y < x ? UINT64_MAX : x + y;
}

static bool is_family(const char *key)
{
	struct vms_column col;

	return !vms_column_by_key(key, &col) && (col.info->flags & VMS_COLF_INDEXED);
}

/* The sum of `key` over the listed VMAs; false if one of them lacks it. */
static bool sum(const struct vms_vma *v, const size_t *idx, size_t n,
		const char *key, bool family, uint64_t *out)
{
	uint64_t s = 0, x;
	size_t i;

	for (i = 0; i < n; i++) {
		if (vms_rec_get_u64(v[idx[i]].rec, key, &x)) {
			if (!family)
				return false;
			x = 0;
		}
		s = sat_add(s, x);
	}
	*out = s;
	return true;
}

static bool same_text(const struct vms_diff *d, const struct vms_group *g)
{
	const struct vms_vma *x = &d->a[g->a[0]], *y = &d->b[g->b[0]];

	return !strcmp(x->perms, y->perms) && !strcmp(x->kind, y->kind) &&
	       !strcmp(x->name, y->name);
}

void vms_diff_compute(const struct vms_snapshot *a, const struct vms_snapshot *b,
		      struct vms_diff *d)
{
	bool *family;
	size_t g, k;

	memset(d, 0, sizeof(*d));
	d->a = vms_vmas(a, &d->na);
	d->b = vms_vmas(b, &d->nb);
	vms_match(d->a, d->na, d->b, d->nb, &d->m);
	choose_keys(a, b, d);
	d->delta = xcalloc(d->m.n * d->nkeys + 1, sizeof(*d->delta));
	d->known = xcalloc(d->m.n * d->nkeys + 1, sizeof(*d->known));
	d->changed = xcalloc(d->m.n + 1, sizeof(*d->changed));
	d->total = xcalloc(d->nkeys + 1, sizeof(*d->total));
	family = xcalloc(d->nkeys + 1, sizeof(*family));
	for (k = 0; k < d->nkeys; k++)
		family[k] = is_family(d->keys[k]);
	for (g = 0; g < d->m.n; g++) {
		const struct vms_group *grp = &d->m.groups[g];
		int64_t *row = d->delta + g * d->nkeys;
		bool *known = d->known + g * d->nkeys;
		bool changed = grp->change != VMS_CH_SAME || !same_text(d, grp);

		for (k = 0; k < d->nkeys; k++) {
			uint64_t x, y;

			known[k] = sum(d->a, grp->a, grp->na, d->keys[k], family[k], &x) &&
				   sum(d->b, grp->b, grp->nb, d->keys[k], family[k], &y);
			if (!known[k])
				continue;
			row[k] = vms_delta(x, y);
			if (row[k])
				changed = true;
			if (__builtin_add_overflow(d->total[k], row[k], &d->total[k]))
				d->total[k] = row[k] > 0 ? INT64_MAX : INT64_MIN;
		}
		d->changed[g] = changed;
		d->nchanged += changed;
		d->nvmas += vms_group_vmas(grp);
		if (changed)
			d->nvmas_changed += vms_group_vmas(grp);
	}
	free(family);
}

void vms_diff_free(struct vms_diff *d)
{
	vms_matching_free(&d->m);
	free(d->a);
	free(d->b);
	free(d->keys);
	free(d->delta);
	free(d->known);
	free(d->changed);
	free(d->total);
	memset(d, 0, sizeof(*d));
}

long vms_diff_key_index(const struct vms_diff *d, const char *key)
{
	size_t k;

	for (k = 0; k < d->nkeys; k++)
		if (!strcmp(d->keys[k], key))
			return (long)k;
	return -1;
}

static bool same_header(const struct vms_snapshot *a, const struct vms_snapshot *b,
			const char *key)
{
	const char *x = vms_rec_get(a->header, key), *y = vms_rec_get(b->header, key);

	return !x || !y || !strcmp(x, y);
}

const char *vms_diff_unrelated(const struct vms_snapshot *a, const struct vms_snapshot *b,
			       const struct vms_diff *d)
{
	size_t g, same = 0, fewer = d->na < d->nb ? d->na : d->nb;

	if (!same_header(a, b, VMS_K_KERNEL))
		return "taken on different kernels";
	if (a->pid == b->pid && same_header(a, b, VMS_K_COMM))
		return NULL;
	for (g = 0; g < d->m.n; g++)
		same += d->m.groups[g].change == VMS_CH_SAME;
	if (fewer && 2 * same >= fewer)
		return NULL;
	if (a->pid != b->pid)
		return "few VMAs where a fork would have left them";
	return "another program: few VMAs in common";
}

void vms_diff_side_range(const struct vms_vma *v, const size_t *idx, size_t n,
			 uint64_t *start, uint64_t *end)
{
	size_t i;

	*start = UINT64_MAX;
	*end = 0;
	for (i = 0; i < n; i++) {
		if (v[idx[i]].start < *start)
			*start = v[idx[i]].start;
		if (v[idx[i]].end > *end)
			*end = v[idx[i]].end;
	}
}
