// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Binning extents into cells.
 */
#include <stdlib.h>
#include <string.h>

#include <vmscope/format.h>

#include "strip.h"
#include "util.h"

uint64_t vms_strip_cell_size(uint64_t size, uint64_t page, size_t max_cells)
{
	uint64_t cell = page ? page : 4096;

	if (!max_cells)
		max_cells = 1;
	while ((size + cell - 1) / cell > max_cells && cell < (UINT64_C(1) << 62))
		cell <<= 1;
	return cell;
}

bool vms_strip_empty(const struct vms_vma *v)
{
	static const char *const used[] = {
		VMS_K_RSS, VMS_K_ZERO, VMS_K_SWAP, VMS_K_HUGETLB, VMS_K_OTHER,
	};
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(used); i++)
		if (vms_vma_u64(v, used[i]))
			return false;
	return true;
}

size_t vms_strip_rows(const struct vms_vma *v, size_t per_row, size_t max_rows,
		      uint64_t fine)
{
	uint64_t size = vms_vma_size(v), rows;

	if (vms_strip_empty(v) || !per_row || !fine)
		return 1;
	rows = (size - 1) / ((uint64_t)per_row * fine) + 1;
	return rows < max_rows ? (size_t)rows : (max_rows ? max_rows : 1);
}

static enum vms_cat ext_cat(const struct vms_record *e, const struct vms_vma *v)
{
	const char *state = vms_rec_get(e, VMS_K_STATE), *map = vms_rec_get(e, VMS_K_MAP);
	int m = map ? vms_map_parse(map, strlen(map)) : -1;

	if (!state)
		return VMS_CAT_UNKNOWN;
	switch (vms_state_parse(state, strlen(state))) {
	case VMS_STATE_PRESENT:
		if (m == VMS_MAP_PMD || m == VMS_MAP_PUD ||
		    vms_kind_parse(v->kind, strlen(v->kind)) == VMS_KIND_HUGETLB)
			return VMS_CAT_HUGE;
		return VMS_CAT_PRESENT;
	case VMS_STATE_ZERO:
		return VMS_CAT_ZERO;
	case VMS_STATE_SWAP:
		return VMS_CAT_SWAP;
	case VMS_STATE_NONE:
		return VMS_CAT_NONE;
	case VMS_STATE_UNKNOWN:
		return VMS_CAT_UNKNOWN;
	default:
		return VMS_CAT_OTHER;
	}
}

/* Add [s, e) of category `cat` (node or -1) to the cells it covers. */
static void add_range(struct vms_strip *st, uint64_t s, uint64_t e,
		      enum vms_cat cat, long node)
{
	size_t i = (s - st->start) / st->cell;

	while (s < e && i < st->ncells) {
		uint64_t cell_end = st->start + (i + 1) * st->cell;
		uint64_t upto = e < cell_end ? e : cell_end;
		struct vms_cell *c = &st->cells[i];

		c->bytes[cat] += upto - s;
		if (node >= 0 && (cat == VMS_CAT_PRESENT || cat == VMS_CAT_HUGE))
			c->node[node < VMS_STRIP_NODES ? node : VMS_STRIP_NODES - 1] +=
				upto - s;
		s = upto;
		i++;
	}
}

void vms_strip_init(struct vms_strip *out, uint64_t size, uint64_t cell)
{
	memset(out, 0, sizeof(*out));
	out->end = size;
	out->cell = cell;
	out->ncells = size ? (size - 1) / cell + 1 : 0;
	out->cells = xcalloc(out->ncells ? out->ncells : 1, sizeof(*out->cells));
}

void vms_strip_add(struct vms_strip *st, const struct vms_snapshot *snap,
		   const struct vms_vma *v, uint64_t at, uint64_t len)
{
	/* A strip position is an address of v plus `shift` (mod 2^64). */
	uint64_t end = len < vms_vma_size(v) ? v->start + len : v->end;
	uint64_t shift = st->start + at - v->start, covered = v->start;
	size_t i;

	for (i = v->first_ext; i < v->next_ext; i++) {
		const struct vms_record *e = &snap->exts[i];
		uint64_t s, en, node;
		long nd = -1;

		if (vms_rec_get_hex(e, VMS_K_START, &s) || vms_rec_get_hex(e, VMS_K_END, &en))
			continue;
		if (s < covered)	/* overlapping extents: count once */
			s = covered;
		if (en > end)
			en = end;
		if (s >= en)
			continue;
		if (s > covered)
			add_range(st, covered + shift, s + shift, VMS_CAT_UNKNOWN, -1);
		if (!vms_rec_get_u64(e, VMS_K_NODE, &node) && node < 65536)
			nd = (long)node;
		add_range(st, s + shift, en + shift, ext_cat(e, v), nd);
		covered = en;
	}
	if (covered < end)
		add_range(st, covered + shift, end + shift, VMS_CAT_UNKNOWN, -1);
}

void vms_strip_build(const struct vms_snapshot *snap, const struct vms_vma *v,
		     uint64_t cell, struct vms_strip *out)
{
	vms_strip_init(out, vms_vma_size(v), cell);
	out->start = v->start;
	out->end = v->end;
	vms_strip_add(out, snap, v, 0, vms_vma_size(v));
}

bool vms_strip_unknown(const struct vms_snapshot *snap, const struct vms_vma *v,
		       size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		uint64_t covered = v[i].start;

		for (j = v[i].first_ext; j < v[i].next_ext; j++) {
			const struct vms_record *e = &snap->exts[j];
			uint64_t s, en;

			if (vms_rec_get_hex(e, VMS_K_START, &s) ||
			    vms_rec_get_hex(e, VMS_K_END, &en))
				continue;
			if (s > covered || ext_cat(e, &v[i]) == VMS_CAT_UNKNOWN)
				return true;
			if (en > covered)
				covered = en;
		}
		if (covered < v[i].end)
			return true;
	}
	return false;
}

void vms_strip_free(struct vms_strip *s)
{
	free(s->cells);
	memset(s, 0, sizeof(*s));
}

struct vms_look vms_strip_look(const struct vms_strip *s, size_t i)
{
	const struct vms_cell *c = &s->cells[i];
	uint64_t resident = c->bytes[VMS_CAT_PRESENT] + c->bytes[VMS_CAT_HUGE];
	uint64_t size = s->cell, best_node = 0;
	struct vms_look l = { VMS_CAT_NONE, 0, -1 };
	static const enum vms_cat rivals[] = { VMS_CAT_SWAP, VMS_CAT_ZERO, VMS_CAT_OTHER };
	uint64_t best = resident;
	size_t k;

	/* The last cell may be short. */
	if (i == s->ncells - 1 && (s->end - s->start) % s->cell)
		size = (s->end - s->start) % s->cell;
	l.cat = resident ? (c->bytes[VMS_CAT_HUGE] >= c->bytes[VMS_CAT_PRESENT] ?
			    VMS_CAT_HUGE : VMS_CAT_PRESENT) : VMS_CAT_NONE;
	for (k = 0; k < VMS_ARRAY_SIZE(rivals); k++) {
		if (c->bytes[rivals[k]] > best) {
			best = c->bytes[rivals[k]];
			l.cat = rivals[k];
		}
	}
	if (l.cat == VMS_CAT_NONE && c->bytes[VMS_CAT_UNKNOWN] > c->bytes[VMS_CAT_NONE])
		l.cat = VMS_CAT_UNKNOWN;
	if (l.cat == VMS_CAT_PRESENT || l.cat == VMS_CAT_HUGE) {
		double eighths = (double)resident * 8 / (double)size;

		l.level = (int)eighths;
		if (l.level < eighths)
			l.level++;
		if (l.level < 1)
			l.level = 1;
		/* Full only when it is: a page short shows as partly. */
		if (l.level > 7 && resident < size)
			l.level = 7;
		if (l.level > 8)
			l.level = 8;
		for (k = 0; k < VMS_STRIP_NODES; k++) {
			if (c->node[k] > best_node) {
				best_node = c->node[k];
				l.node = (int)k;
			}
		}
	}
	return l;
}
