// SPDX-License-Identifier: GPL-2.0
/*
 * Classification: what kind of mapping a VMA is.
 *
 * Plain functions over plain inputs; walk.c gathers the facts under
 * mmap_lock and calls in here.
 */
#include <linux/mm.h>
#include <linux/string.h>
#include "vmscope.h"

/**
 * vms_perms() - the permission string /proc/PID/maps prints
 * @vm_flags: the VMA's flags
 * @perms: four characters and a NUL
 */
void vms_perms(unsigned long vm_flags, char perms[5])
{
	perms[0] = vm_flags & VM_READ ? 'r' : '-';
	perms[1] = vm_flags & VM_WRITE ? 'w' : '-';
	perms[2] = vm_flags & VM_EXEC ? 'x' : '-';
	perms[3] = vm_flags & VM_MAYSHARE ? 's' : 'p';
	perms[4] = '\0';
}

static enum vms_kind vms_classify_special(const char *name)
{
	if (!strcmp(name, "[vdso]"))
		return VMS_KIND_VDSO;
	/* "[vvar]", and "[vvar_vclock]" on kernels that split it out. */
	if (!strncmp(name, "[vvar", 5))
		return VMS_KIND_VVAR;
	if (!strcmp(name, "[vsyscall]"))
		return VMS_KIND_VSYSCALL;
	return VMS_KIND_OTHER;
}

/**
 * vms_classify_vma() - decide a VMA's kind
 * @in: the facts, gathered by the caller
 *
 * The order follows /proc/PID/maps naming: names given by vm_ops (vdso,
 * vvar, vsyscall) of file-less mappings first - [vvar] is a PFN map on
 * x86 - then hugetlb and PFN maps, whose pages are accounted differently,
 * then files, then the initial heap and stack.
 *
 * Return: the kind.
 */
enum vms_kind vms_classify_vma(const struct vms_kind_input *in)
{
	if (!in->has_file && in->special)
		return vms_classify_special(in->special);
	if (in->vm_flags & VM_HUGETLB)
		return VMS_KIND_HUGETLB;
	if (in->vm_flags & VM_PFNMAP)
		return VMS_KIND_PFNMAP;
	if (in->has_file) {
		if (in->vm_flags & (VM_IO | VM_MIXEDMAP))
			return VMS_KIND_OTHER;
		return in->tmpfs ? VMS_KIND_SHMEM : VMS_KIND_FILE;
	}
	if (!in->anonymous)
		return VMS_KIND_OTHER;
	if (in->heap)
		return VMS_KIND_HEAP;
	if (in->stack)
		return VMS_KIND_STACK;
	return VMS_KIND_ANON;
}
