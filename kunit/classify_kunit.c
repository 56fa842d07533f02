// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vmscope_classify: classify.c, what kind a VMA is and the
 * permission string maps prints, from synthesized VMA facts.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/string.h>
#include "classify.h"

struct vms_kind_case {
	const char *desc;
	struct vms_kind_input in;
	enum vms_kind kind;
};

#define ANON	.anonymous = true
#define FILE	.has_file = true

/*
 * The facts walk.c gathers for the mappings a process has, and the kind
 * /proc/PID/maps naming implies. Precedence: special names of file-less
 * VMAs, then hugetlb, PFN maps, files (VM_IO/VM_MIXEDMAP files are other),
 * then heap before stack before plain anonymous memory.
 */
static const struct vms_kind_case vms_kind_cases[] = {
	{ "private anonymous", { VM_READ | VM_WRITE, ANON }, VMS_KIND_ANON },
	{ "PROT_NONE reservation", { 0, ANON }, VMS_KIND_ANON },
	{ "heap", { VM_READ | VM_WRITE, ANON, .heap = true }, VMS_KIND_HEAP },
	{ "stack", { VM_READ | VM_WRITE | VM_GROWSDOWN, ANON, .stack = true },
	  VMS_KIND_STACK },
	{ "heap and stack at once is heap",
	  { VM_READ, ANON, .heap = true, .stack = true }, VMS_KIND_HEAP },
	{ "file-less with vm_ops, no name", { VM_READ }, VMS_KIND_OTHER },
	{ "file-less with vm_ops, heap range", { VM_READ, .heap = true },
	  VMS_KIND_OTHER },
	{ "[vdso]", { VM_READ | VM_EXEC, .special = "[vdso]" }, VMS_KIND_VDSO },
	{ "[vvar]", { VM_READ | VM_PFNMAP | VM_IO, .special = "[vvar]" },
	  VMS_KIND_VVAR },
	{ "[vvar_vclock]", { VM_READ | VM_PFNMAP, .special = "[vvar_vclock]" },
	  VMS_KIND_VVAR },
	{ "[vsyscall]", { VM_READ | VM_EXEC, .special = "[vsyscall]" },
	  VMS_KIND_VSYSCALL },
	{ "[uprobes]", { VM_READ | VM_EXEC, .special = "[uprobes]" },
	  VMS_KIND_OTHER },
	{ "[vdso] prefix only", { VM_READ, .special = "[vdso" },
	  VMS_KIND_OTHER },
	{ "special name ignored for files",
	  { VM_READ, FILE, .special = "[vdso]" }, VMS_KIND_FILE },
	{ "hugetlb shared", { VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE |
			      VM_HUGETLB, FILE }, VMS_KIND_HUGETLB },
	{ "hugetlb private on hugetlbfs", { VM_READ | VM_HUGETLB, FILE },
	  VMS_KIND_HUGETLB },
	{ "hugetlb without file", { VM_READ | VM_HUGETLB, ANON },
	  VMS_KIND_HUGETLB },
	{ "hugetlb beats tmpfs", { VM_HUGETLB, FILE, .tmpfs = true },
	  VMS_KIND_HUGETLB },
	{ "pfnmap of a file", { VM_READ | VM_IO | VM_PFNMAP, FILE },
	  VMS_KIND_PFNMAP },
	{ "pfnmap without file", { VM_READ | VM_PFNMAP }, VMS_KIND_PFNMAP },
	{ "file with VM_IO", { VM_READ | VM_IO, FILE }, VMS_KIND_OTHER },
	{ "file with VM_MIXEDMAP", { VM_READ | VM_MIXEDMAP, FILE },
	  VMS_KIND_OTHER },
	{ "regular file", { VM_READ | VM_EXEC, FILE }, VMS_KIND_FILE },
	{ "file covering the heap range", { VM_READ, FILE, .heap = true },
	  VMS_KIND_FILE },
	{ "tmpfs file", { VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE, FILE,
			  .tmpfs = true }, VMS_KIND_SHMEM },
	{ "tmpfs file with VM_MIXEDMAP", { VM_MIXEDMAP, FILE, .tmpfs = true },
	  VMS_KIND_OTHER },
	/* vma_set_anonymous() on a devtmpfs file, whose magic is tmpfs's */
	{ "private /dev/zero", { VM_READ | VM_WRITE, ANON, FILE,
				 .tmpfs = true }, VMS_KIND_ANON },
	{ "private /dev/zero over the heap range",
	  { VM_READ | VM_WRITE, ANON, FILE, .tmpfs = true, .heap = true },
	  VMS_KIND_ANON },
};

static void vms_kind_desc(const struct vms_kind_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vms_kind, vms_kind_cases, vms_kind_desc);

static void classify_vma_kind(struct kunit *test)
{
	const struct vms_kind_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vms_classify_vma(&c->in), c->kind);
}

/* All sixteen combinations of the four bits maps shows. */
static void perms_every_combination(struct kunit *test)
{
	unsigned int bits;
	char perms[5], want[5];

	for (bits = 0; bits < 16; bits++) {
		unsigned long flags = 0;

		if (bits & 1)
			flags |= VM_READ;
		if (bits & 2)
			flags |= VM_WRITE;
		if (bits & 4)
			flags |= VM_EXEC;
		if (bits & 8)
			flags |= VM_MAYSHARE;
		snprintf(want, sizeof(want), "%c%c%c%c", bits & 1 ? 'r' : '-',
			 bits & 2 ? 'w' : '-', bits & 4 ? 'x' : '-',
			 bits & 8 ? 's' : 'p');
		memset(perms, 'X', sizeof(perms));
		vms_perms(flags, perms);
		KUNIT_EXPECT_STREQ(test, perms, want);
		/* Other flags change nothing. */
		vms_perms(flags | VM_LOCKED | VM_GROWSDOWN | VM_HUGETLB |
			  VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC, perms);
		KUNIT_EXPECT_STREQ(test, perms, want);
	}
}

/*
 * maps decides 's' on VM_MAYSHARE: a shared mapping of a file opened
 * read-only has VM_MAYSHARE without VM_SHARED and is still "r--s".
 */
static void perms_mayshare_not_shared(struct kunit *test)
{
	char perms[5];

	vms_perms(VM_READ | VM_MAYSHARE, perms);
	KUNIT_EXPECT_STREQ(test, perms, "r--s");
	vms_perms(VM_READ | VM_SHARED, perms);
	KUNIT_EXPECT_STREQ(test, perms, "r--p");
}

static void kind_names(struct kunit *test)
{
	static const char * const names[VMS_KIND_NR] = {
		"anon", "file", "shmem", "heap", "stack", "vdso", "vvar",
		"vsyscall", "hugetlb", "pfnmap", "other",
	};
	unsigned int k;

	for (k = 0; k < VMS_KIND_NR; k++)
		KUNIT_EXPECT_STREQ(test, vms_kind_word(k), names[k]);
	KUNIT_EXPECT_STREQ(test, vms_kind_word(VMS_KIND_NR), "other");
	KUNIT_EXPECT_STREQ(test, vms_kind_word((enum vms_kind)-1), "other");
}

/*
 * smaps' VmFlags names, bit by bit (show_smap_vma_flags()): named bits,
 * "??" for a bit without a name (0x800, free on both kernels), "" for
 * the protection key bits.
 */
static void vmflag_names(struct kunit *test)
{
	static const struct {
		unsigned long flag;
		const char *name;
	} named[] = {
		{ VM_READ, "rd" }, { VM_WRITE, "wr" }, { VM_EXEC, "ex" },
		{ VM_SHARED, "sh" }, { VM_MAYREAD, "mr" },
		{ VM_MAYWRITE, "mw" }, { VM_MAYEXEC, "me" },
		{ VM_MAYSHARE, "ms" }, { VM_GROWSDOWN, "gd" },
		{ VM_PFNMAP, "pf" }, { VM_LOCKED, "lo" }, { VM_IO, "io" },
		{ VM_SEQ_READ, "sr" }, { VM_RAND_READ, "rr" },
		{ VM_DONTCOPY, "dc" }, { VM_DONTEXPAND, "de" },
		{ VM_ACCOUNT, "ac" },
		{ VM_NORESERVE, "nr" }, { VM_HUGETLB, "ht" }, { VM_SYNC, "sf" },
		{ VM_ARCH_1, "ar" }, { VM_WIPEONFORK, "wf" },
		{ VM_DONTDUMP, "dd" }, { VM_MIXEDMAP, "mm" },
		{ VM_HUGEPAGE, "hg" }, { VM_NOHUGEPAGE, "nh" },
		{ VM_MERGEABLE, "mg" }, { VM_UFFD_MISSING, "um" },
		{ VM_UFFD_WP, "uw" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(named); i++)
		KUNIT_EXPECT_STREQ_MSG(test, vms_vmflag_name(ilog2(named[i].flag)),
				       named[i].name, "flag %#lx", named[i].flag);
	KUNIT_EXPECT_STREQ(test, vms_vmflag_name(11), "??");
#ifdef VMS_SMAPS_NAMES_LOCKONFAULT
	KUNIT_EXPECT_STREQ(test, vms_vmflag_name(ilog2(VM_LOCKONFAULT)), "lf");
#else
	KUNIT_EXPECT_STREQ(test, vms_vmflag_name(ilog2(VM_LOCKONFAULT)), "??");
#endif
#ifdef CONFIG_MEM_SOFT_DIRTY
	KUNIT_EXPECT_STREQ(test, vms_vmflag_name(ilog2(VM_SOFTDIRTY)), "sd");
#endif
#ifdef CONFIG_ARCH_HAS_PKEYS
	KUNIT_EXPECT_STREQ(test, vms_vmflag_name(ilog2(VM_PKEY_BIT0)), "");
	KUNIT_EXPECT_STREQ(test, vms_vmflag_name(ilog2(VM_PKEY_BIT2)), "");
#endif
#if defined(VM_SEALED) && defined(CONFIG_64BIT)
	KUNIT_EXPECT_STREQ(test, vms_vmflag_name(ilog2(VM_SEALED)), "sl");
#endif
	/* Every bit has an answer, never NULL. */
	for (i = 0; i < BITS_PER_LONG; i++)
		KUNIT_EXPECT_NOT_NULL(test, vms_vmflag_name(i));
}

static struct kunit_case vms_classify_cases[] = {
	KUNIT_CASE_PARAM(classify_vma_kind, vms_kind_gen_params),
	KUNIT_CASE(perms_every_combination),
	KUNIT_CASE(perms_mayshare_not_shared),
	KUNIT_CASE(kind_names),
	KUNIT_CASE(vmflag_names),
	{}
};

static struct kunit_suite vms_classify_suite = {
	.name = "vmscope_classify",
	.test_cases = vms_classify_cases,
};

kunit_test_suite(vms_classify_suite);
