// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * VMA matching: exact identity first, then moves into PROT_NONE
 * reservations, then overlap between compatible VMAs (connected
 * components of the overlap graph), then moves among what is left. Groups are the components of a union-find over A and B.
 */
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "util.h"

enum { UNMATCHED, EXACT, OVERLAP, MOVED };

struct matcher {
	const struct vms_vma *a, *b;
	size_t na, nb;
	size_t *parent;			/* union-find over na + nb nodes */
	unsigned char *state;		/* per node */
};

static size_t find(struct matcher *mt, size_t x)
{
	while (mt->parent[x] != x) {
		mt->parent[x] = mt->parent[mt->parent[x]];
		x = mt->parent[x];
	}
	return x;
}

static void join(struct matcher *mt, size_t i, size_t j, unsigned char how)
{
	size_t x = find(mt, i), y = find(mt, mt->na + j);

	if (x != y)
		mt->parent[x < y ? y : x] = x < y ? x : y;
	if (mt->state[i] < how)
		mt->state[i] = how;
	if (mt->state[mt->na + j] < how)
		mt->state[mt->na + j] = how;
}

static bool same_object(const struct vms_vma *x, const struct vms_vma *y)
{
	return x->inode == y->inode && !strcmp(x->dev, y->dev);
}

/* Could x and y be (parts of) the same mapping? */
static bool compatible(const struct vms_vma *x, const struct vms_vma *y)
{
	if (!same_object(x, y))
		return false;
	/* Files: the same file offset lives at the same address. */
	return !vms_vma_has_file(x) || x->offset - x->start == y->offset - y->start;
}

static void match_exact(struct matcher *mt)
{
	size_t i = 0, j = 0;

	while (i < mt->na && j < mt->nb) {
		const struct vms_vma *x = &mt->a[i], *y = &mt->b[j];

		if (x->start == y->start && x->end == y->end) {
			if (same_object(x, y) && x->offset == y->offset)
				join(mt, i, j, EXACT);
			i++, j++;
		} else if (x->start < y->start ||
			   (x->start == y->start && x->end < y->end)) {
			i++;
		} else {
			j++;
		}
	}
}

/* Taken by an earlier pass: an exact match or a move into a reservation. */
static bool taken(const struct matcher *mt, size_t node)
{
	return mt->state[node] == EXACT || mt->state[node] == MOVED;
}

typedef void (*overlap_fn)(struct matcher *mt, size_t i, size_t j, void *arg);

/* Call fn for every compatible overlapping pair of VMAs not yet taken. */
static void each_overlap(struct matcher *mt, overlap_fn fn, void *arg)
{
	uint64_t *maxend = xcalloc(mt->nb, sizeof(*maxend));
	size_t i, j, lo = 0;

	/* Running maximum of B's ends: robust to overlapping input. */
	for (j = 0; j < mt->nb; j++)
		maxend[j] = j && maxend[j - 1] > mt->b[j].end ? maxend[j - 1] : mt->b[j].end;
	for (i = 0; i < mt->na; i++) {
		const struct vms_vma *x = &mt->a[i];

		if (taken(mt, i))
			continue;
		while (lo < mt->nb && maxend[lo] <= x->start)
			lo++;
		for (j = lo; j < mt->nb && mt->b[j].start < x->end; j++) {
			const struct vms_vma *y = &mt->b[j];

			if (taken(mt, mt->na + j) || y->end <= x->start)
				continue;
			if (compatible(x, y))
				fn(mt, i, j, arg);
		}
	}
	free(maxend);
}

static void join_overlap(struct matcher *mt, size_t i, size_t j, void *arg)
{
	(void)arg;
	join(mt, i, j, OVERLAP);
}

static void match_overlap(struct matcher *mt)
{
	each_overlap(mt, join_overlap, NULL);
}

static bool prot_none(const struct vms_vma *v)
{
	return !strncmp(v->perms, "---", 3);
}

/* What the overlaps say about each VMA, for match_reserved(). */
struct cover {
	bool *a_kept;		/* A: a compatible B VMA overlaps it */
	unsigned char *b_on;	/* B: what it overlaps in A (enum below) */
};

enum { ON_NOTHING, ON_RESERVATION, ON_MEMORY };

static void note_cover(struct matcher *mt, size_t i, size_t j, void *arg)
{
	struct cover *c = arg;

	c->a_kept[i] = true;
	if (prot_none(&mt->a[i]) && !prot_none(&mt->b[j])) {
		if (c->b_on[j] == ON_NOTHING)
			c->b_on[j] = ON_RESERVATION;
	} else {
		c->b_on[j] = ON_MEMORY;
	}
}

/* Could anonymous x have been moved by mremap to y, grown or not? */
static bool moved_into(const struct vms_vma *x, const struct vms_vma *y)
{
	return vms_vma_size(y) >= vms_vma_size(x) && !strcmp(x->perms, y->perms) &&
	       !strcmp(x->kind, y->kind) && !strcmp(x->name, y->name);
}

/*
 * mremap(MREMAP_FIXED) into a PROT_NONE reservation, as JVMs and jemalloc
 * grow a mapping: an anonymous VMA of A vanished (nothing compatible
 * overlaps it in B), and an anonymous VMA of B with its permissions, kind
 * and name, as large or larger, lies where A had only PROT_NONE memory.
 * Overlap alone would make that VMA a piece of the reservation and the
 * old one gone. Only a pairing that is the one candidate on both sides
 * counts: anonymous memory has no name to go by.
 */
static void match_reserved(struct matcher *mt)
{
	struct cover c = {
		.a_kept = xcalloc(mt->na + 1, sizeof(*c.a_kept)),
		.b_on = xcalloc(mt->nb + 1, sizeof(*c.b_on)),
	};
	size_t *xs = xcalloc(mt->na + 1, sizeof(*xs)), *ys = xcalloc(mt->nb + 1, sizeof(*ys));
	size_t *nx = xcalloc(mt->na + 1, sizeof(*nx)), *ny = xcalloc(mt->nb + 1, sizeof(*ny));
	size_t i, j, n_x = 0, n_y = 0;

	each_overlap(mt, note_cover, &c);
	for (i = 0; i < mt->na; i++)
		if (mt->state[i] == UNMATCHED && !c.a_kept[i] && !vms_vma_has_file(&mt->a[i]))
			xs[n_x++] = i;
	for (j = 0; j < mt->nb; j++)
		if (c.b_on[j] == ON_RESERVATION && !vms_vma_has_file(&mt->b[j]))
			ys[n_y++] = j;
	/* Few of either: VMAs that vanished, VMAs carved from reservations. */
	for (i = 0; i < n_x; i++)
		for (j = 0; j < n_y; j++)
			if (moved_into(&mt->a[xs[i]], &mt->b[ys[j]]))
				nx[i]++, ny[j]++;
	for (i = 0; i < n_x; i++)
		for (j = 0; j < n_y; j++)
			if (nx[i] == 1 && ny[j] == 1 && moved_into(&mt->a[xs[i]], &mt->b[ys[j]]))
				join(mt, xs[i], ys[j], MOVED);
	free(c.a_kept);
	free(c.b_on);
	free(xs);
	free(ys);
	free(nx);
	free(ny);
}

static bool move_class(const struct vms_vma *x, const struct vms_vma *y)
{
	if (vms_vma_has_file(x) || vms_vma_has_file(y))
		return vms_vma_has_file(x) && same_object(x, y) && x->offset == y->offset;
	return vms_vma_size(x) == vms_vma_size(y) && !strcmp(x->perms, y->perms) &&
	       !strcmp(x->kind, y->kind) && !strcmp(x->name, y->name);
}

/* How many unmatched VMAs of `v` (n of them) are in x's move class. */
static size_t candidates(const struct matcher *mt, const struct vms_vma *v,
			 size_t n, size_t base, const struct vms_vma *x)
{
	size_t k, c = 0;

	for (k = 0; k < n; k++)
		if (mt->state[base + k] == UNMATCHED && move_class(x, &v[k]))
			c++;
	return c;
}

static void match_moves(struct matcher *mt)
{
	size_t i, j;

	for (i = 0; i < mt->na; i++) {
		const struct vms_vma *x = &mt->a[i];
		bool file = vms_vma_has_file(x);

		if (mt->state[i] != UNMATCHED)
			continue;
		for (j = 0; j < mt->nb; j++) {
			const struct vms_vma *y = &mt->b[j];

			if (mt->state[mt->na + j] != UNMATCHED || !move_class(x, y))
				continue;
			/* Anonymous memory has no name to go by: be sure. */
			if (!file && (candidates(mt, mt->b, mt->nb, mt->na, x) != 1 ||
				      candidates(mt, mt->a, mt->na, 0, y) != 1))
				break;
			join(mt, i, j, MOVED);
			break;
		}
	}
}

static enum vms_change classify(size_t na, size_t nb, unsigned char state)
{
	if (!na)
		return VMS_CH_NEW;
	if (!nb)
		return VMS_CH_GONE;
	if (state == MOVED)
		return VMS_CH_MOVED;
	if (state == EXACT)
		return VMS_CH_SAME;
	if (na == 1 && nb == 1)
		return VMS_CH_RESIZED;
	if (na == 1)
		return VMS_CH_SPLIT;
	if (nb == 1)
		return VMS_CH_MERGED;
	return VMS_CH_RESHAPED;
}

struct order {
	uint64_t addr;
	int side;		/* gone (A only) before the rest at one address */
	size_t group;
};

static int cmp_order(const void *p, const void *q)
{
	const struct order *x = p, *y = q;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->side != y->side)
		return x->side - y->side;
	return x->group < y->group ? -1 : x->group > y->group;
}

/* Group ids in order of first appearance: A nodes, then B nodes. */
static size_t number_groups(struct matcher *mt, size_t *gid)
{
	size_t total = mt->na + mt->nb, i, ng = 0;
	size_t *root_gid = xreallocarray(NULL, total, sizeof(*root_gid));

	for (i = 0; i < total; i++)
		root_gid[i] = SIZE_MAX;
	for (i = 0; i < total; i++) {
		size_t r = find(mt, i);

		if (root_gid[r] == SIZE_MAX)
			root_gid[r] = ng++;
		gid[i] = root_gid[r];
	}
	free(root_gid);
	return ng;
}

/* Turn the union-find into groups with index lists, in address order. */
static void build_groups(struct matcher *mt, struct vms_matching *m)
{
	size_t total = mt->na + mt->nb, i, off = 0, ng;
	size_t *gid = xreallocarray(NULL, total, sizeof(*gid));
	size_t *na, *nb, *first;
	unsigned char *gstate;
	struct order *ord;

	ng = number_groups(mt, gid);
	na = xcalloc(ng, sizeof(*na));
	nb = xcalloc(ng, sizeof(*nb));
	first = xcalloc(ng, sizeof(*first));
	gstate = xcalloc(ng, 1);
	for (i = 0; i < total; i++) {
		if (i < mt->na)
			na[gid[i]]++;
		else
			nb[gid[i]]++;
		if (mt->state[i] > gstate[gid[i]])
			gstate[gid[i]] = mt->state[i];
	}
	/* Each group's slice of the pool: its A indexes, then its B ones. */
	for (i = 0; i < ng; i++) {
		first[i] = off;
		off += na[i] + nb[i];
	}
	m->pool = xreallocarray(NULL, total, sizeof(*m->pool));
	{
		size_t *fill = xcalloc(ng, sizeof(*fill));

		for (i = 0; i < total; i++)
			m->pool[first[gid[i]] + fill[gid[i]]++] =
				i < mt->na ? i : i - mt->na;
		free(fill);
	}

	ord = xcalloc(ng, sizeof(*ord));
	for (i = 0; i < ng; i++) {
		const size_t *b = m->pool + first[i] + na[i];

		ord[i].group = i;
		ord[i].side = nb[i] ? 1 : 0;
		ord[i].addr = nb[i] ? mt->b[b[0]].start : mt->a[m->pool[first[i]]].start;
	}
	qsort(ord, ng, sizeof(*ord), cmp_order);
	m->groups = xcalloc(ng, sizeof(*m->groups));
	for (i = 0; i < ng; i++) {
		struct vms_group *g = &m->groups[i];
		size_t k = ord[i].group;

		g->a = m->pool + first[k];
		g->na = na[k];
		g->b = m->pool + first[k] + na[k];
		g->nb = nb[k];
		g->change = classify(na[k], nb[k], gstate[k]);
	}
	m->n = ng;
	free(ord);
	free(gstate);
	free(first);
	free(na);
	free(nb);
	free(gid);
}

void vms_match(const struct vms_vma *a, size_t na, const struct vms_vma *b,
	       size_t nb, struct vms_matching *m)
{
	struct matcher mt = { .a = a, .b = b, .na = na, .nb = nb };
	size_t i;

	memset(m, 0, sizeof(*m));
	mt.parent = xreallocarray(NULL, na + nb, sizeof(*mt.parent));
	mt.state = xcalloc(na + nb, 1);
	for (i = 0; i < na + nb; i++)
		mt.parent[i] = i;
	match_exact(&mt);
	match_reserved(&mt);
	match_overlap(&mt);
	match_moves(&mt);
	build_groups(&mt, m);
	free(mt.parent);
	free(mt.state);
}

void vms_matching_free(struct vms_matching *m)
{
	free(m->groups);
	free(m->pool);
	memset(m, 0, sizeof(*m));
}

static uint64_t span(const struct vms_vma *v, const size_t *idx, size_t n)
{
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += vms_vma_size(&v[idx[i]]);
	return s;
}

const char *vms_change_word(const struct vms_group *g, const struct vms_vma *a,
			    const struct vms_vma *b)
{
	static const char *const words[] = {
		[VMS_CH_SAME] = "same",
		[VMS_CH_RESIZED] = "resized",
		[VMS_CH_SPLIT] = "split",
		[VMS_CH_MERGED] = "merged",
		[VMS_CH_RESHAPED] = "reshaped",
		[VMS_CH_MOVED] = "moved",
		[VMS_CH_NEW] = "new",
		[VMS_CH_GONE] = "gone",
	};

	if (g->change == VMS_CH_RESIZED) {
		uint64_t x = span(a, g->a, g->na), y = span(b, g->b, g->nb);

		if (y > x)
			return "grown";
		if (y < x)
			return "shrunk";
	}
	return words[g->change];
}
