// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The table of VMA columns and the choice of default columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <vmscope/format.h>

#include "columns.h"
#include "display.h"
#include "util.h"

#define DEF	VMS_COLF_DEFAULT
#define SUM	VMS_COLF_SUM
#define IDX	VMS_COLF_INDEXED
#define AUTO	VMS_COLF_AUTO
#define DIFF	VMS_COLF_DIFF
#define ID	VMS_COLF_IDENTITY
#define ESC	VMS_COLF_ESCAPED
/* The key prefix of a family, as a string. */
#define SPREAD(c)	((const char[]){ (c), '\0' })

/*
 * In display order. The default set is a pmap -X-like subset; AUTO
 * columns join it where they are not all zero (or, in a diff, where they
 * changed), DIFF ones only in a diff.
 */
static const struct vms_colinfo colinfos[] = {
	{ "START",	VMS_K_START,	VMS_COL_ADDR,	DEF | ID, "start address" },
	{ "END",	VMS_K_END,	VMS_COL_ADDR,	DEF | ID, "end address (exclusive)" },
	{ "PERM",	VMS_K_PERMS,	VMS_COL_STRING,	DEF | ID, "permissions, as in /proc/PID/maps" },
	{ "OFFSET",	VMS_K_OFFSET,	VMS_COL_ADDR,	ID,	"offset into the file" },
	{ "DEV",	VMS_K_DEV,	VMS_COL_STRING,	ID,	"device of the file (major:minor)" },
	{ "INODE",	VMS_K_INODE,	VMS_COL_COUNT,	ID,	"inode of the file" },
	{ "KIND",	VMS_K_KIND,	VMS_COL_STRING,	DEF | ID, "anon, file, shmem, heap, stack, ..." },
	{ "VSZ",	VMS_K_VSZ,	VMS_COL_SIZE,	DEF | SUM, "virtual size" },
	{ "RSS",	VMS_K_RSS,	VMS_COL_SIZE,	DEF | SUM, "resident (no zero page, no hugetlb)" },
	{ "ANON",	VMS_K_ANON,	VMS_COL_SIZE,	DEF | SUM, "resident anonymous" },
	{ "FILE",	VMS_K_FILE,	VMS_COL_SIZE,	DEF | SUM, "resident page cache" },
	{ "SHMEM",	VMS_K_SHMEM,	VMS_COL_SIZE,	DEF | SUM, "resident shmem (tmpfs, memfd, shared anonymous)" },
	{ "SWAP",	VMS_K_SWAP,	VMS_COL_SIZE,	DEF | SUM, "swapped out" },
	{ "ZERO",	VMS_K_ZERO,	VMS_COL_SIZE,	DEF | SUM, "mapped to the shared zero page" },
	{ "NONE",	VMS_K_NONE,	VMS_COL_SIZE,	SUM,	"never touched or dropped" },
	{ "OTHER",	VMS_K_OTHER,	VMS_COL_SIZE,	AUTO | SUM, "migration, marker, device, PFN-map entries" },
	{ "THP",	VMS_K_THP,	VMS_COL_SIZE,	DEF | SUM, "mapped by PMD-level transparent huge pages" },
	{ "LARGE",	VMS_K_LARGE,	VMS_COL_SIZE,	AUTO | SUM, "mapped by PTEs of large folios (mTHP)" },
	{ "HUGETLB",	VMS_K_HUGETLB,	VMS_COL_SIZE,	AUTO | SUM, "hugetlb pages mapped" },
	{ "HT_SHARED",	VMS_K_HUGETLB_SHARED, VMS_COL_SIZE, SUM,	"hugetlb pages mapped shared (smaps Shared_Hugetlb)" },
	{ "HT_PRIVATE",	VMS_K_HUGETLB_PRIVATE, VMS_COL_SIZE, SUM,	"hugetlb pages mapped privately (smaps Private_Hugetlb)" },
	{ "HPAGE",	VMS_K_HPAGE,	VMS_COL_SIZE,	ID,	"page size of the mapping" },
	{ "KPAGESIZE",	VMS_K_KERNEL_PAGE, VMS_COL_SIZE, ID,	"kernel page size (smaps KernelPageSize)" },
	{ "MMUPAGESIZE", VMS_K_MMU_PAGE, VMS_COL_SIZE,	ID,	"MMU page size (smaps MMUPageSize)" },
	{ "PSS",	VMS_K_PSS,	VMS_COL_SIZE,	DEF | SUM, "proportional set size" },
	{ "PSS_DIRTY",	VMS_K_PSS_DIRTY, VMS_COL_SIZE,	SUM,	"proportional set size of dirty pages" },
	{ "USS",	VMS_K_USS,	VMS_COL_SIZE,	SUM,	"unique set size" },
	{ "SHARED",	VMS_K_SHARED,	VMS_COL_SIZE,	DIFF | SUM, "resident, mapped more than once" },
	{ "PRIVATE",	VMS_K_PRIVATE,	VMS_COL_SIZE,	DIFF | SUM, "resident, mapped once" },
	{ "SH_CLEAN",	VMS_K_SHARED_CLEAN, VMS_COL_SIZE, SUM,	"shared and clean (smaps Shared_Clean)" },
	{ "SH_DIRTY",	VMS_K_SHARED_DIRTY, VMS_COL_SIZE, SUM,	"shared and dirty (smaps Shared_Dirty)" },
	{ "PRIV_CLEAN",	VMS_K_PRIVATE_CLEAN, VMS_COL_SIZE, SUM,	"private and clean (smaps Private_Clean)" },
	{ "PRIV_DIRTY",	VMS_K_PRIVATE_DIRTY, VMS_COL_SIZE, SUM,	"private and dirty (smaps Private_Dirty)" },
	{ "DIRTY",	VMS_K_DIRTY,	VMS_COL_SIZE,	DEF | SUM, "resident and dirty" },
	{ "YOUNG",	VMS_K_YOUNG,	VMS_COL_SIZE,	SUM,	"resident and young (referenced)" },
	{ "SOFTDIRTY",	VMS_K_SOFTDIRTY, VMS_COL_SIZE,	SUM,	"resident and soft-dirty" },
	{ "LOCKED",	VMS_K_LOCKED,	VMS_COL_SIZE,	AUTO | SUM, "proportional resident in VM_LOCKED" },
	{ "KSM",	VMS_K_KSM,	VMS_COL_SIZE,	AUTO | SUM, "resident KSM pages" },
	{ "LAZYFREE",	VMS_K_LAZYFREE,	VMS_COL_SIZE,	AUTO | SUM, "MADV_FREE pages not yet reclaimed" },
	{ "PGTABLES",	VMS_K_PGTABLES,	VMS_COL_SIZE,	SUM,	"page-table pages for this range" },
	{ "RUNS",	VMS_K_RUNS,	VMS_COL_COUNT,	SUM,	"physically contiguous resident runs" },
	{ "PKEY",	VMS_K_PKEY,	VMS_COL_COUNT,	AUTO | ID,	"memory protection key (where the CPU has them)" },
	{ "VMFLAGS",	VMS_K_VMFLAGS,	VMS_COL_STRING,	ID,	"VMA flags, smaps' two-letter names" },
	{ "MISPLACED",	VMS_K_MISPLACED, VMS_COL_SIZE,	AUTO | SUM, "resident on nodes its NUMA policy does not name" },
	{ "ACTIVE",	VMS_K_ACTIVE,	VMS_COL_SIZE,	SUM,	"resident, active or unevictable LRU (numa_maps active=)" },
	{ "WRITEBACK",	VMS_K_WRITEBACK, VMS_COL_SIZE,	SUM,	"resident, under writeback (numa_maps writeback=)" },
	{ "SWAPCACHE",	VMS_K_SWAPCACHE, VMS_COL_SIZE,	SUM,	"resident, in the swap cache (numa_maps swapcache=)" },
	{ "MAPMAX",	VMS_K_MAPMAX,	VMS_COL_COUNT,	0,	"highest mapcount of its pages (numa_maps mapmax=)" },
	{ "POLICY",	VMS_K_POLICY,	VMS_COL_STRING,	ID | ESC, "NUMA memory policy, as numa_maps prints it" },
	{ "O",		SPREAD(VMS_K_ORDER_PREFIX), VMS_COL_SIZE, SUM | IDX,
	  "resident in folios of order <n>" },
	{ "N",		SPREAD(VMS_K_NODE_PREFIX), VMS_COL_SIZE, DEF | SUM | IDX,
	  "resident on NUMA node <n>" },
	{ "CLIPPED",	VMS_K_CLIPPED,	VMS_COL_COUNT,	ID,	"1: record starts above the VMA (lock dropped)" },
	{ "NAME",	VMS_K_NAME,	VMS_COL_NAME,	DEF | ID, "mapped file or [heap], [stack], ..." },
};

const struct vms_colinfo *vms_colinfo_table(size_t *n)
{
	*n = VMS_ARRAY_SIZE(colinfos);
	return colinfos;
}

/* "123" -> 123 for a family index; -1 if not a plain index. */
static long parse_index(const char *s)
{
	uint64_t v;

	if (s[0] == '0' && s[1])
		return -1;	/* "n01" is not column N1 */
	if (vms_parse_range(s, 0, VMS_COL_INDEX_MAX, &v))
		return -1;
	return (long)v;
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

/* A column by header name (any case) or by record key. 0 or -1. */
static int lookup(const char *name, bool by_key, struct vms_column *out)
{
	const struct vms_colinfo *ci;
	long index;
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++) {
		ci = &colinfos[i];
		if (ci->flags & VMS_COLF_INDEXED)
			continue;
		if (by_key ? !strcmp(name, ci->key) : !strcasecmp(name, ci->name)) {
			make_column(out, ci, -1);
			return 0;
		}
	}
	ci = find_family(name, by_key, &index);
	if (!ci)
		return -1;
	make_column(out, ci, index);
	return 0;
}

int vms_column_lookup(const char *name, struct vms_column *out)
{
	return lookup(name, false, out);
}

int vms_column_by_key(const char *key, struct vms_column *out)
{
	return lookup(key, true, out);
}

bool vms_key_present(const struct vms_snapshot *snap, const char *key)
{
	size_t i;

	for (i = 0; i < snap->nvmas; i++)
		if (vms_rec_get(&snap->vmas[i], key))
			return true;
	return false;
}

/* The keys used by the vma records: which, and which are ever non-zero. */
struct presence {
	bool plain[VMS_ARRAY_SIZE(colinfos)];
	bool nonzero[VMS_ARRAY_SIZE(colinfos)];
	/* indexes seen per family entry, a bitmap of VMS_COL_INDEX_MAX + 1 */
	unsigned char *idx[VMS_ARRAY_SIZE(colinfos)];
};

#define IDX_BYTES	((VMS_COL_INDEX_MAX + 8) / 8)

static bool nonzero_value(const char *v)
{
	for (; *v; v++)
		if (*v != '0')
			return true;
	return false;
}

static void note_key(struct presence *pr, const struct vms_kv *kv)
{
	const struct vms_colinfo *ci;
	long index;
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++) {
		if (!(colinfos[i].flags & VMS_COLF_INDEXED) &&
		    !strcmp(kv->key, colinfos[i].key)) {
			pr->plain[i] = true;
			if (nonzero_value(kv->val))
				pr->nonzero[i] = true;
			return;
		}
	}
	ci = find_family(kv->key, true, &index);
	if (!ci)
		return;
	i = ci - colinfos;
	if (!pr->idx[i])
		pr->idx[i] = xcalloc(IDX_BYTES, 1);
	pr->idx[i][index / 8] |= 1u << (index % 8);
}

static void gather(const struct vms_snapshot *snap, struct presence *pr)
{
	size_t i, j;

	for (i = 0; i < snap->nvmas; i++)
		for (j = 0; j < snap->vmas[i].nkv; j++)
			note_key(pr, &snap->vmas[i].kv[j]);
}

/* Whether colinfo `name` is in the NULL-terminated `names`. */
static bool named(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (!strcmp(*names, name))
			return true;
	return false;
}

/*
 * The columns of `snap` to show: every one (`all`), the ones `names`
 * lists (families with every index the snapshot has), or the defaults.
 */
static struct vms_column *select_columns(const struct vms_snapshot *snap,
					 bool all, const char *const *names,
					 size_t *n)
{
	struct presence pr = { 0 };
	struct vms_column *cols;
	size_t i, k, ncols = 0, max = 0;

	gather(snap, &pr);
	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++)
		max += (colinfos[i].flags & VMS_COLF_INDEXED) ?
			VMS_COL_INDEX_MAX + 1 : 1;
	cols = xreallocarray(NULL, max, sizeof(*cols));

	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++) {
		const struct vms_colinfo *ci = &colinfos[i];
		bool want = all || (names ? named(names, ci->name) :
				    (ci->flags & VMS_COLF_DEFAULT));
		bool autoshow = !names && (ci->flags & VMS_COLF_AUTO);

		if (!(ci->flags & VMS_COLF_INDEXED)) {
			if (pr.plain[i] && (want || (autoshow && pr.nonzero[i])))
				make_column(&cols[ncols++], ci, -1);
			continue;
		}
		for (k = 0; want && pr.idx[i] && k <= VMS_COL_INDEX_MAX; k++)
			if (pr.idx[i][k / 8] & (1u << (k % 8)))
				make_column(&cols[ncols++], ci, k);
		free(pr.idx[i]);
	}
	*n = ncols;
	return cols;
}

struct vms_column *vms_columns_default(const struct vms_snapshot *snap, size_t *n)
{
	return select_columns(snap, false, NULL, n);
}

struct vms_column *vms_columns_all(const struct vms_snapshot *snap, size_t *n)
{
	return select_columns(snap, true, NULL, n);
}

/*
 * Presets: a name for -o that stands for a set of columns. "numa" is a
 * numastat -p-like view, VMA by VMA: kind, resident memory per node, and
 * the policy with what lies off its nodes.
 */
static const struct {
	const char *name;
	const char *help;
	const char *const cols[12];
} presets[] = {
	{ "numa", "kind, resident per node, NUMA policy, misplaced (numastat -p by VMA)",
	  { "START", "KIND", "RSS", "SWAP", "HUGETLB", "MISPLACED", "POLICY", "N",
	    "NAME", NULL } },
};

bool vms_columns_is_preset(const char *name)
{
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(presets); i++)
		if (!strcasecmp(name, presets[i].name))
			return true;
	return false;
}

struct vms_column *vms_columns_preset(const struct vms_snapshot *snap,
				      const char *name, size_t *n)
{
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(presets); i++)
		if (!strcasecmp(name, presets[i].name))
			return select_columns(snap, false, presets[i].cols, n);
	*n = 0;
	return NULL;
}

void vms_columns_list(const char *const *extra)
{
	size_t i;

	printf("Columns (-o NAME,...; -o +NAME,... adds to the defaults):\n");
	for (i = 0; extra && extra[i]; i += 2)
		printf("  %-11s %-8s %s\n", extra[i], "default", extra[i + 1]);
	for (i = 0; i < VMS_ARRAY_SIZE(colinfos); i++) {
		const struct vms_colinfo *ci = &colinfos[i];
		char name[16];
		const char *when = "";

		snprintf(name, sizeof(name), "%s%s", ci->name,
			 ci->flags & VMS_COLF_INDEXED ? "<n>" : "");
		if (ci->flags & VMS_COLF_DEFAULT)
			when = "default";
		else if (ci->flags & VMS_COLF_AUTO)
			when = "nonzero";
		else if (ci->flags & VMS_COLF_DIFF)
			when = "diff";
		printf("  %-11s %-8s %s\n", name, when, ci->help);
	}
	printf("\nPresets (-o NAME alone):\n");
	for (i = 0; i < VMS_ARRAY_SIZE(presets); i++)
		printf("  %-11s %-8s %s\n", presets[i].name, "", presets[i].help);
	printf("\ndefault: shown when the snapshot has the field; nonzero: shown when\n"
	       "some VMA has a non-zero value (diff: a non-zero change); diff: shown\n"
	       "by diff and watch when it changed. --json prints every field.\n");
}

char *vms_display_cell(const struct vms_column *col, const char *v, bool json)
{
	if (col->info->type == VMS_COL_NAME || (col->info->flags & VMS_COLF_ESCAPED))
		return vms_display_name(v, json ? VMS_DISP_JSON : 0);
	return vms_display_value(v, json);
}
