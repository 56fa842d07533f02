/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * vmscope report format, version 1 - the contract shared by the kernel
 * module (which renders it) and the CLI (which parses it).
 *
 * This header is included by kernel and by userspace code: it must use
 * nothing but the preprocessor and plain C types.
 *
 * A report is text, one record per line. A record is a type word followed
 * by space-separated key=value tokens. Sizes are bytes, numbers decimal,
 * addresses 0x-prefixed hex. Values never contain spaces: names are escaped
 * as \ooo octal (see vms_escape_needed()). Readers ignore keys they do not know.
 * Documentation/format.rst is the full description.
 */
#ifndef VMSCOPE_FORMAT_H
#define VMSCOPE_FORMAT_H

#define VMS_FORMAT_VERSION	1

/*
 * The vocabulary. Every word a report can contain is defined here once,
 * and the module, the CLI and the guest checkers use these names: a new
 * field or kind is an edit of this file plus the code that fills it in.
 */

/* Record type words, the first token of every line. */
#define VMS_REC_HEADER		"vmscope"
#define VMS_REC_TASK		"task"
#define VMS_REC_VMA		"vma"
#define VMS_REC_EXT		"ext"
#define VMS_REC_END		"end"

/* Header record keys. */
#define VMS_K_VERSION		"version"
#define VMS_K_PID		"pid"
#define VMS_K_COMM		"comm"
#define VMS_K_KERNEL		"kernel"
#define VMS_K_PAGE_SIZE		"page_size"
#define VMS_K_NODES		"nodes"
#define VMS_K_TIME_NS		"time_ns"
#define VMS_K_SOURCE		"source"	/* written by the CLI only */

/* source= of a report the CLI built from /proc instead of the module. */
#define VMS_SOURCE_PROC		"proc"
/* What the CLI calls the source of a report without source= (JSON). */
#define VMS_SOURCE_MODULE	"module"

/*
 * The figures task and vma records share, in the order they are printed.
 * pss and locked are kept in fixed point by the module; large is folios of
 * order > 0 not mapped by a PMD.
 */
#define VMS_K_VSZ		"vsz"
#define VMS_K_RSS		"rss"
#define VMS_K_ANON		"anon"
#define VMS_K_FILE		"file"
#define VMS_K_SHMEM		"shmem"
#define VMS_K_ZERO		"zero"
#define VMS_K_SWAP		"swap"
#define VMS_K_NONE		"none"
#define VMS_K_OTHER		"other"
#define VMS_K_PSS		"pss"
#define VMS_K_USS		"uss"
#define VMS_K_SHARED		"shared"
#define VMS_K_PRIVATE		"private"
#define VMS_K_DIRTY		"dirty"
#define VMS_K_YOUNG		"young"
#define VMS_K_SOFTDIRTY		"softdirty"
#define VMS_K_LOCKED		"locked"
#define VMS_K_KSM		"ksm"
#define VMS_K_THP		"thp"
#define VMS_K_LARGE		"large"
#define VMS_K_HUGETLB		"hugetlb"
/*
 * smaps' split of the same figures: pss_dirty is fixed point like pss;
 * the clean/dirty split of shared and private; LazyFree; the shared and
 * private split of hugetlb.
 */
#define VMS_K_PSS_DIRTY		"pss_dirty"
#define VMS_K_SHARED_CLEAN	"shared_clean"
#define VMS_K_SHARED_DIRTY	"shared_dirty"
#define VMS_K_PRIVATE_CLEAN	"private_clean"
#define VMS_K_PRIVATE_DIRTY	"private_dirty"
#define VMS_K_LAZYFREE		"lazyfree"
#define VMS_K_HUGETLB_SHARED	"hugetlb_shared"
#define VMS_K_HUGETLB_PRIVATE	"hugetlb_private"
/*
 * numa_maps' page-state counts, as bytes of the pages it counts (no
 * reserved pages, no PFN maps): active= (or unevictable), writeback=,
 * swapcache=.
 */
#define VMS_K_ACTIVE		"active"
#define VMS_K_WRITEBACK		"writeback"
#define VMS_K_SWAPCACHE		"swapcache"

/* Spread keys: a prefix and a number, e.g. o9= (folio order), n1= (node). */
#define VMS_K_ORDER_PREFIX	'o'
#define VMS_K_NODE_PREFIX	'n'

/* Task record keys beyond the shared figures. */
#define VMS_K_PGTABLES		"pgtables"
#define VMS_K_MINFLT		"minflt"
#define VMS_K_MAJFLT		"majflt"
#define VMS_K_OOM_SCORE_ADJ	"oom_score_adj"
/* smaps_rollup's split of pss by backing (fixed point like pss). */
#define VMS_K_PSS_ANON		"pss_anon"
#define VMS_K_PSS_FILE		"pss_file"
#define VMS_K_PSS_SHMEM		"pss_shmem"

/* VMA record keys beyond the shared figures; name= is always last. */
#define VMS_K_START		"start"
#define VMS_K_END		"end"
#define VMS_K_PERMS		"perms"
#define VMS_K_OFFSET		"offset"
#define VMS_K_DEV		"dev"
#define VMS_K_INODE		"inode"
#define VMS_K_KIND		"kind"
#define VMS_K_HPAGE		"hpage"
#define VMS_K_RUNS		"runs"
#define VMS_K_KERNEL_PAGE	"kernel_page"
#define VMS_K_MMU_PAGE		"mmu_page"
#define VMS_K_PKEY		"pkey"		/* where smaps has ProtectionKey */
#define VMS_K_VMFLAGS		"vmflags"	/* smaps' VmFlags, comma-joined */
#define VMS_K_POLICY		"policy"	/* numa_maps' policy text, escaped */
#define VMS_K_MISPLACED		"misplaced"	/* resident off the policy's nodes */
#define VMS_K_MAPMAX		"mapmax"	/* numa_maps' highest mapcount */
#define VMS_K_CLIPPED		"clipped"
#define VMS_K_NAME		"name"

/* Ext record keys beyond start= and end=. */
#define VMS_K_STATE		"state"
#define VMS_K_TYPE		"type"
#define VMS_K_MAP		"map"
#define VMS_K_ORDER		"order"
#define VMS_K_NODE		"node"
#define VMS_K_PFN		"pfn"

/* End record keys. */
#define VMS_K_STATUS		"status"
#define VMS_K_REASON		"reason"
#define VMS_K_VMAS		"vmas"
#define VMS_K_EXTS		"exts"
#define VMS_K_WALK_NS		"walk_ns"

/*
 * A request line is "PID WORD..." with these words: sections (which also
 * name debugfs' per-PID files), "all" for every section, and options.
 */
#define VMS_W_SUMMARY		"summary"
#define VMS_W_VMAS		"vmas"
#define VMS_W_EXTENTS		"extents"
#define VMS_W_ALL		"all"
#define VMS_W_PFN		"pfn"

/* Sections a request may ask for; "all" selects every one. */
#define VMS_SECT_SUMMARY	0x1u
#define VMS_SECT_VMAS		0x2u
#define VMS_SECT_EXTENTS	0x4u
#define VMS_SECT_ALL		(VMS_SECT_SUMMARY | VMS_SECT_VMAS | VMS_SECT_EXTENTS)
#define VMS_SECT_DEFAULT	(VMS_SECT_SUMMARY | VMS_SECT_VMAS)

/* Request options. */
#define VMS_OPT_PFN		0x1u

/* The longest request line accepted by /proc/vmscope, newline included. */
#define VMS_REQUEST_MAX		256

/*
 * The words of enumerated values. Each list is an enum and, beside it, its
 * words by value; vms_kind_word() and the like give the word of a value,
 * vms_kind_parse() and the like the value of a word (-1 if none).
 */

/* kind= of a vma record: what the VMA is. */
enum vms_kind {
	VMS_KIND_ANON,
	VMS_KIND_FILE,
	VMS_KIND_SHMEM,
	VMS_KIND_HEAP,
	VMS_KIND_STACK,
	VMS_KIND_VDSO,
	VMS_KIND_VVAR,
	VMS_KIND_VSYSCALL,
	VMS_KIND_HUGETLB,
	VMS_KIND_PFNMAP,
	VMS_KIND_OTHER,
	VMS_KIND_NR
};

static inline const char *const *vms_kind_words(void)
{
	static const char *const words[VMS_KIND_NR] = {
		[VMS_KIND_ANON]		= "anon",
		[VMS_KIND_FILE]		= "file",
		[VMS_KIND_SHMEM]	= "shmem",
		[VMS_KIND_HEAP]		= "heap",
		[VMS_KIND_STACK]	= "stack",
		[VMS_KIND_VDSO]		= "vdso",
		[VMS_KIND_VVAR]		= "vvar",
		[VMS_KIND_VSYSCALL]	= "vsyscall",
		[VMS_KIND_HUGETLB]	= "hugetlb",
		[VMS_KIND_PFNMAP]	= "pfnmap",
		[VMS_KIND_OTHER]	= "other",
	};

	return words;
}

/*
 * state= of an ext record: what the page-table entries map. The module
 * always knows; UNKNOWN is for the CLI's /proc source, which cannot always
 * tell a resident page from the shared zero page (no kpageflags, no
 * PAGEMAP_SCAN): present entries that are one or the other.
 */
enum vms_state {
	VMS_STATE_PRESENT,
	VMS_STATE_ZERO,
	VMS_STATE_SWAP,
	VMS_STATE_NONE,
	VMS_STATE_OTHER,
	VMS_STATE_UNKNOWN,
	VMS_STATE_NR
};

static inline const char *const *vms_state_words(void)
{
	static const char *const words[VMS_STATE_NR] = {
		[VMS_STATE_PRESENT]	= "present",
		[VMS_STATE_ZERO]	= "zero",
		[VMS_STATE_SWAP]	= "swap",
		[VMS_STATE_NONE]	= "none",
		[VMS_STATE_OTHER]	= "other",
		[VMS_STATE_UNKNOWN]	= "unknown",
	};

	return words;
}

/* type= of an ext record: what backs it, the folio's kind or the VMA's. */
enum vms_type {
	VMS_TYPE_ANON,
	VMS_TYPE_FILE,
	VMS_TYPE_SHMEM,
	VMS_TYPE_NR
};

static inline const char *const *vms_type_words(void)
{
	static const char *const words[VMS_TYPE_NR] = {
		[VMS_TYPE_ANON]		= "anon",
		[VMS_TYPE_FILE]		= "file",
		[VMS_TYPE_SHMEM]	= "shmem",
	};

	return words;
}

/* map= of an ext record: the page-table level of the entries. */
enum vms_map {
	VMS_MAP_PTE,
	VMS_MAP_PMD,
	VMS_MAP_PUD,
	VMS_MAP_NR
};

static inline const char *const *vms_map_words(void)
{
	static const char *const words[VMS_MAP_NR] = {
		[VMS_MAP_PTE]		= "pte",
		[VMS_MAP_PMD]		= "pmd",
		[VMS_MAP_PUD]		= "pud",
	};

	return words;
}

/* The index of @s (NUL-terminated, or @n bytes) in @words[@nr], or -1. */
static inline int vms_word_index(const char *const *words, int nr,
				 const char *s, unsigned long n)
{
	int i;

	for (i = 0; i < nr; i++) {
		const char *w = words[i];
		unsigned long j = 0;

		while (j < n && s[j] && w[j] == s[j])
			j++;
		if (!w[j] && (j == n || !s[j]))
			return i;
	}
	return -1;
}

static inline const char *vms_kind_word(int v)
{
	return v >= 0 && v < VMS_KIND_NR ? vms_kind_words()[v] : "other";
}

static inline const char *vms_state_word(int v)
{
	return v >= 0 && v < VMS_STATE_NR ? vms_state_words()[v] : "other";
}

static inline const char *vms_type_word(int v)
{
	return v >= 0 && v < VMS_TYPE_NR ? vms_type_words()[v] : "?";
}

static inline const char *vms_map_word(int v)
{
	return v >= 0 && v < VMS_MAP_NR ? vms_map_words()[v] : "?";
}

static inline int vms_kind_parse(const char *s, unsigned long n)
{
	return vms_word_index(vms_kind_words(), VMS_KIND_NR, s, n);
}

static inline int vms_state_parse(const char *s, unsigned long n)
{
	return vms_word_index(vms_state_words(), VMS_STATE_NR, s, n);
}

static inline int vms_type_parse(const char *s, unsigned long n)
{
	return vms_word_index(vms_type_words(), VMS_TYPE_NR, s, n);
}

static inline int vms_map_parse(const char *s, unsigned long n)
{
	return vms_word_index(vms_map_words(), VMS_MAP_NR, s, n);
}

/*
 * Characters escaped in names: space, tab, newline, backslash and every
 * byte that is not printable ASCII become a backslash and three octal
 * digits. Everything else is copied as is.
 */
static inline int vms_escape_needed(unsigned char c)
{
	return c <= ' ' || c >= 0x7f || c == '\\';
}

/* `end status=` words and `reason=` words of a partial report. */
#define VMS_STATUS_COMPLETE	"complete"
#define VMS_STATUS_PARTIAL	"partial"
/* The target's address space went away between two reads of its report. */
#define VMS_REASON_EXITED	"exited"
/* A VMA changed between the record and the extents of its second pass. */
#define VMS_REASON_CHANGED	"changed"

/*
 * Many targets in one request (Documentation/format.rst, "Many
 * targets"): the first token of a request line is a PID, a list of PIDs
 * joined by VMS_PID_SEP, or VMS_W_EVERY for every process the caller may
 * inspect in its pid namespace. The reply is one report per process; a
 * process not reported gives one "skip pid=P reason=R" line, and a
 * "done" record closes the reply.
 */
#define VMS_W_EVERY		"*"
#define VMS_PID_SEP		','
/*
 * The most PIDs a list may name. A request line holds at most 88
 * distinct PIDs (9 of one digit, then 79 of two, each with its comma), so
 * the line's length is the bound in practice; this one is a safety net.
 */
#define VMS_TARGETS_MAX		(VMS_REQUEST_MAX / 2)
#define VMS_REC_DONE		"done"
#define VMS_K_REPORTS		"reports"
#define VMS_K_SKIPPED		"skipped"
/* A process not reported: "skip pid=P reason=R". */
#define VMS_REC_SKIP		"skip"
/* The caller may not inspect the process (or no longer may). */
#define VMS_REASON_DENIED	"denied"
/* A listed PID is a kernel thread: it has no address space. */
#define VMS_REASON_KTHREAD	"kthread"
/* A skipped process that exited (or never was) uses VMS_REASON_EXITED. */

#endif /* VMSCOPE_FORMAT_H */
