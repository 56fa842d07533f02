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

/* Record type words, the first token of every line. */
#define VMS_REC_HEADER		"vmscope"
#define VMS_REC_TASK		"task"
#define VMS_REC_VMA		"vma"
#define VMS_REC_EXT		"ext"
#define VMS_REC_END		"end"

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
 * VMA kinds. The word printed for each (`kind=`) is the enum name in
 * lower case without the prefix: anon, file, shmem, heap, stack, vdso,
 * vvar, vsyscall, hugetlb, pfnmap, other.
 */
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

#endif /* VMSCOPE_FORMAT_H */
