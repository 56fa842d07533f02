// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The table of VMA columns and the choice of default columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "columns.h"
#include "util.h"

#define DEF	VMS_COLF_DEFAULT
#define SUM	VMS_COLF_SUM
#define IDX	VMS_COLF_INDEXED

static const struct vms_colinfo colinfos[] = {
	{ "START",	"start",	VMS_COL_ADDR,	DEF,	"start address" },
	{ "END",	"end",		VMS_COL_ADDR,	DEF,	"end address (exclusive)" },
	{ "PERM",	"perms",	VMS_COL_STRING,	DEF,	"permissions, as in /proc/PID/maps" },
	{ "OFFSET",	"offset",	VMS_COL_ADDR,	DEF,	"offset into the file" },
	{ "DEV",	"dev",		VMS_COL_STRING,	DEF,	"device of the file (major:minor)" },
	{ "INODE",	"inode",	VMS_COL_COUNT,	DEF,	"inode of the file" },
	{ "KIND",	"kind",		VMS_COL_STRING,	DEF,	"anon, file, shmem, heap, stack, ..." },
	{ "VSZ",	"vsz",		VMS_COL_SIZE,	DEF | SUM, "virtual size" },
	{ "RSS",	"rss",		VMS_COL_SIZE,	DEF | SUM, "resident (no zero page, no hugetlb)" },
	{ "ANON",	"anon",		VMS_COL_SIZE,	DEF | SUM, "resident anonymous" },
	{ "FILE",	"file",		VMS_COL_SIZE,	DEF | SUM, "resident file-backed" },
	{ "SHMEM",	"shmem",	VMS_COL_SIZE,	DEF | SUM, "resident shmem" },
	{ "SWAP",	"swap",		VMS_COL_SIZE,	DEF | SUM, "swapped out" },
	{ "ZERO",	"zero",		VMS_COL_SIZE,	DEF | SUM, "mapped to the zero page" },
	{ "NONE",	"none",		VMS_COL_SIZE,	DEF | SUM, "never touched or dropped" },
	{ "OTHER",	"other",	VMS_COL_SIZE,	DEF | SUM, "migration, marker, device entries" },
	{ "THP",	"thp",		VMS_COL_SIZE,	DEF | SUM, "mapped by PMD-level huge pages" },
	{ "LARGE",	"large",	VMS_COL_SIZE,	DEF | SUM, "mapped by PTEs of large folios (mTHP)" },
	{ "HUGETLB",	"hugetlb",	VMS_COL_SIZE,	DEF | SUM, "hugetlb resident" },
	{ "HPAGE",	"hpage",	VMS_COL_SIZE,	DEF,	"hugetlb page size" },
	{ "PSS",	"pss",		VMS_COL_SIZE,	DEF | SUM, "proportional set size" },
	{ "USS",	"uss",		VMS_COL_SIZE,	DEF | SUM, "unique set size" },
	{ "SHARED",	"shared",	VMS_COL_SIZE,	DEF | SUM, "resident, mapped more than once" },
	{ "PRIVATE",	"private",	VMS_COL_SIZE,	DEF | SUM, "resident, mapped once" },
	{ "DIRTY",	"dirty",	VMS_COL_SIZE,	DEF | SUM, "resident and dirty" },
	{ "YOUNG",	"young",	VMS_COL_SIZE,	DEF | SUM, "resident and young (accessed)" },
	{ "SOFTDIRTY",	"softdirty",	VMS_COL_SIZE,	DEF | SUM, "resident and soft-dirty" },
	{ "LOCKED",	"locked",	VMS_COL_SIZE,	DEF | SUM, "proportional resident in VM_LOCKED" },
	{ "KSM",	"ksm",		VMS_COL_SIZE,	DEF | SUM, "resident KSM pages" },
	{ "PGTABLES",	"pgtables",	VMS_COL_SIZE,	DEF | SUM, "page-table pages for this range" },
	{ "O",		"o",		VMS_COL_SIZE,	DEF | SUM | IDX, "resident in folios of order n" },
	{ "N",		"n",		VMS_COL_SIZE,	DEF | SUM | IDX, "resident on NUMA node n" },
	{ "RUNS",	"runs",		VMS_COL_COUNT,	SUM,	"physically contiguous resident runs" },
	{ "NAME",	"name",		VMS_COL_NAME,	DEF,	"mapped file or [heap], [stack], ..." },
};

const struct vms_colinfo *vms_colinfo_table(size_t *n)
{
	*n = VMS_ARRAY_SIZE(colinfos);
	return colinfos;
}

/* "123" -> 123 for a family index; -1 if not a plain index. */
static long parse_index(const char *s)
{
	long v = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > VMS_COL_INDEX_MAX)
			return -1;
	}
	return v;
}

static void make_column(struct vms_column *col, const struct vms_colinfo *ci,
			long index)
{
	col->info = ci;
	if (index < 0) {
		snprintf(col->name, sizeof(col->name), "%s", ci->name);
		snprintf(col->key, sizeof(col->key), "%s", ci->key);
	} else {
		snprintf(col->name, sizeof(col->name), "%s%ld", ci->name, index);
		snprintf(col->key, sizeof(col->key), "%s%ld", ci->key, index);
	}
}

/* The family entry `name` (a header or a key) belongs to, with its index. */
static const struct vms_colinfo *find_family(const char *name, bool by_key,
					     long *index)
{
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++) {
		const struct vms_colinfo *ci = &colinfos[i];
		const char *pfx = by_key ? ci->key : ci->name;
		size_t len = strlen(pfx);

		if (!(ci->flags & VMS_COLF_INDEXED))
			continue;
		if (by_key ? strncmp(name, pfx, len) : strncasecmp(name, pfx, len))
			continue;
		*index = parse_index(name + len);
		if (*index >= 0)
			return ci;
	}
	return NULL;
}

int vms_column_lookup(const char *name, struct vms_column *out)
{
	const struct vms_colinfo *ci;
	long index;
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++) {
		ci = &colinfos[i];
		if (!(ci->flags & VMS_COLF_INDEXED) && !strcasecmp(name, ci->name)) {
			make_column(out, ci, -1);
			return 0;
		}
	}
	ci = find_family(name, false, &index);
	if (!ci)
		return -1;
	make_column(out, ci, index);
	return 0;
}

bool vms_key_present(const struct vms_snapshot *snap, const char *key)
{
	size_t i;

	for (i = 0; i < snap->nvmas; i++)
		if (vms_rec_get(&snap->vmas[i], key))
			return true;
	return false;
}

/* The set of keys used by any vma record, as bits per table entry. */
struct presence {
	bool plain[VMS_ARRAY_SIZE(colinfos)];
	/* indexes seen per family entry, a bitmap of VMS_COL_INDEX_MAX + 1 */
	unsigned char *idx[VMS_ARRAY_SIZE(colinfos)];
};

#define IDX_BYTES	((VMS_COL_INDEX_MAX + 8) / 8)

static void note_key(struct presence *pr, const char *key)
{
	const struct vms_colinfo *ci;
	long index;
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++) {
		if (!(colinfos[i].flags & VMS_COLF_INDEXED) &&
		    !strcmp(key, colinfos[i].key)) {
			pr->plain[i] = true;
			return;
		}
	}
	ci = find_family(key, true, &index);
	if (!ci)
		return;
	i = ci - colinfos;
	if (!pr->idx[i])
		pr->idx[i] = xcalloc(IDX_BYTES, 1);
	pr->idx[i][index / 8] |= 1u << (index % 8);
}

struct vms_column *vms_columns_default(const struct vms_snapshot *snap, size_t *n)
{
	struct presence pr = { 0 };
	struct vms_column *cols;
	size_t i, j, k, ncols = 0, max = 0;

	for (i = 0; i < snap->nvmas; i++) {
		const struct vms_record *r = &snap->vmas[i], *prev = r - 1;

		for (j = 0; j < r->nkv; j++) {
			/* Records usually repeat the previous one's layout. */
			if (i && j < prev->nkv && !strcmp(r->kv[j].key, prev->kv[j].key))
				continue;
			note_key(&pr, r->kv[j].key);
		}
	}

	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++)
		max += (colinfos[i].flags & VMS_COLF_INDEXED) ?
			VMS_COL_INDEX_MAX + 1 : 1;
	cols = xreallocarray(NULL, max, sizeof(*cols));

	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++) {
		const struct vms_colinfo *ci = &colinfos[i];

		if (!(ci->flags & VMS_COLF_DEFAULT))
			continue;
		if (!(ci->flags & VMS_COLF_INDEXED)) {
			if (pr.plain[i])
				make_column(&cols[ncols++], ci, -1);
			continue;
		}
		for (k = 0; pr.idx[i] && k <= VMS_COL_INDEX_MAX; k++)
			if (pr.idx[i][k / 8] & (1u << (k % 8)))
				make_column(&cols[ncols++], ci, k);
		free(pr.idx[i]);
	}
	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++)
		if (!(colinfos[i].flags & VMS_COLF_DEFAULT))
			free(pr.idx[i]);
	*n = ncols;
	return cols;
}
