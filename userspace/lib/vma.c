// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Typed views of vma records.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vma.h"

static const char *str_or_empty(const struct vms_record *r, const char *key)
{
	const char *v = vms_rec_get(r, key);

	return v ? v : "";
}

static int cmp_start(const void *a, const void *b)
{
	const struct vms_vma *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* Stable: the parser keeps file order in the record pointers. */
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

/*
 * Assign ext records to VMAs by address. Extents come sorted from the
 * module; unsorted ones (a damaged or hand-made file) are assigned to no
 * VMA rather than risk a wrong picture.
 */
static void assign_extents(const struct vms_snapshot *snap, struct vms_vma *v,
			   size_t n)
{
	size_t i, lo = 0, ne = snap->nexts;
	uint64_t *starts;
	bool sorted = true;

	for (i = 1; i < ne && sorted; i++) {
		uint64_t a = 0, b = 0;

		vms_rec_get_hex(&snap->exts[i - 1], VMS_K_START, &a);
		vms_rec_get_hex(&snap->exts[i], VMS_K_START, &b);
		sorted = a <= b;
	}
	for (i = 0; i < n; i++)
		v[i].first_ext = v[i].next_ext = 0;
	if (!ne || !sorted)
		return;		/* unsorted extents: drawn as unknown */
	starts = xreallocarray(NULL, ne, sizeof(*starts));
	for (i = 0; i < ne; i++)
		vms_rec_get_hex(&snap->exts[i], VMS_K_START, &starts[i]);
	for (i = 0; i < n; i++) {
		size_t j;

		while (lo < ne && starts[lo] < v[i].start)
			lo++;
		for (j = lo; j < ne && starts[j] < v[i].end; j++)
			;
		v[i].first_ext = lo;
		v[i].next_ext = j;
		lo = j;
	}
	free(starts);
}

struct vms_vma *vms_vmas(const struct vms_snapshot *snap, size_t *n)
{
	struct vms_vma *v = xcalloc(snap->nvmas, sizeof(*v));
	size_t i;

	for (i = 0; i < snap->nvmas; i++) {
		const struct vms_record *r = &snap->vmas[i];

		v[i].rec = r;
		vms_rec_get_hex(r, VMS_K_START, &v[i].start);
		vms_rec_get_hex(r, VMS_K_END, &v[i].end);
		if (vms_rec_get_hex(r, VMS_K_OFFSET, &v[i].offset))
			v[i].offset = 0;
		if (vms_rec_get_u64(r, VMS_K_INODE, &v[i].inode))
			v[i].inode = 0;
		v[i].perms = str_or_empty(r, VMS_K_PERMS);
		v[i].dev = str_or_empty(r, VMS_K_DEV);
		v[i].kind = str_or_empty(r, VMS_K_KIND);
		v[i].name = str_or_empty(r, VMS_K_NAME);
	}
	qsort(v, snap->nvmas, sizeof(*v), cmp_start);
	assign_extents(snap, v, snap->nvmas);
	*n = snap->nvmas;
	return v;
}

bool vms_vma_has_file(const struct vms_vma *v)
{
	return v->inode != 0 || (v->dev[0] && strcmp(v->dev, "00:00"));
}

uint64_t vms_vma_u64(const struct vms_vma *v, const char *key)
{
	uint64_t x;

	return vms_rec_get_u64(v->rec, key, &x) ? 0 : x;
}
