// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct --expect: the report the module should print, written from
 * the oracle's figures alone (smaps, numa_maps, pagemap, kpageflags,
 * kpagecount). --self checks the checker with it; it is not the CLI's
 * /proc source on purpose (that one is under test, this one tests).
 */
#define _GNU_SOURCE
#include <sys/utsname.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

/* The kind= the module should give, as far as /proc tells. */
static int guess_kind(const struct kvma *v)
{
	if (!strcmp(v->name, "[vdso]"))
		return VMS_KIND_VDSO;
	if (!strncmp(v->name, "[vvar", 5))
		return VMS_KIND_VVAR;
	if (v->vsyscall)
		return VMS_KIND_VSYSCALL;
	if (v->hugetlb)
		return VMS_KIND_HUGETLB;
	if (v->pfnmap)
		return VMS_KIND_PFNMAP;
	if (v->vtype == VMS_TYPE_SHMEM)
		return VMS_KIND_SHMEM;
	if (v->vtype == VMS_TYPE_FILE)
		return VMS_KIND_FILE;
	if (!strcmp(v->name, "[heap]"))
		return VMS_KIND_HEAP;
	if (!strcmp(v->name, "[stack]"))
		return VMS_KIND_STACK;
	return VMS_KIND_ANON;
}

static void print_escaped(FILE *f, const char *s)
{
	char *e = vms_escape(s, strlen(s));

	if (!e) {
		fprintf(stderr, "vmscope-acct: out of memory\n");
		exit(2);
	}
	fputs(e, f);
	free(e);
}

static void print_ext(FILE *f, const struct ext *e)
{
	const char *rest = strchr(e->canon, ' ');

	fprintf(f, VMS_REC_EXT " " VMS_K_START "=0x%lx " VMS_K_END "=0x%lx%s\n",
		e->start, e->end, rest ? rest : "");
}

int expect_report(FILE *f, pid_t pid, bool pfn)
{
	struct ksnap k;
	struct rec task = { 0 };
	u64 pss = 0, locked = 0, nexts = 0, pss_type[VMS_TYPE_NR] = { 0 };
	struct utsname u;

	ksnap_read(pid, &k);
	if (k.err) {
		fprintf(stderr, "vmscope-acct: %s\n", k.err);
		ksnap_free(&k);
		return 2;
	}
	uname(&u);
	fprintf(f, VMS_REC_HEADER " " VMS_K_VERSION "=%d " VMS_K_PID "=%d "
		VMS_K_COMM "=", VMS_FORMAT_VERSION, pid);
	print_escaped(f, k.comm ? k.comm : "");
	fprintf(f, " " VMS_K_KERNEL "=%s " VMS_K_PAGE_SIZE "=4096 " VMS_K_NODES
		"=%s " VMS_K_TIME_NS "=0 " VMS_K_WALK_NS "=0\n",
		u.release, nodes_list[0] ? nodes_list : "0");
	for (size_t i = 0; i < k.n; i++) {
		const struct kvma *v = &k.v[i];

		for (int key = 0; key < NKEYS; key++)
			if (v->d.have[key] && key != K_HPAGE &&
			    key != K_KERNEL_PAGE && key != K_MMU_PAGE &&
			    key != K_PKEY && key != K_MAPMAX)
				rec_add(&task, key, v->d.v[key]);
		pss += v->pss_fixed;
		locked += v->locked_fixed;
		for (int t = 0; t < VMS_TYPE_NR; t++)
			pss_type[t] += v->pss_type_fixed[t];
	}
	rec_set(&task, K_PSS, pss >> PSS_SHIFT);
	rec_set(&task, K_LOCKED, locked >> PSS_SHIFT);
	rec_set(&task, K_PSS_ANON, pss_type[VMS_TYPE_ANON] >> PSS_SHIFT);
	rec_set(&task, K_PSS_FILE, pss_type[VMS_TYPE_FILE] >> PSS_SHIFT);
	rec_set(&task, K_PSS_SHMEM, pss_type[VMS_TYPE_SHMEM] >> PSS_SHIFT);
	rec_set(&task, K_PGTABLES, k.vmpte);
	rec_set(&task, K_MINFLT, k.minflt);
	rec_set(&task, K_MAJFLT, k.majflt);
	fprintf(f, VMS_REC_TASK);
	for (int key = 0; key < NKEYS; key++)
		if (task.have[key] && (key < K_NAMED || task.v[key]) &&
		    key != K_OOM)
			fprintf(f, " %s=%llu", key_name(key), task.v[key]);
	fprintf(f, " %s=%lld\n", key_name(K_OOM), k.oom);
	for (size_t i = 0; i < k.n; i++) {
		const struct kvma *v = &k.v[i];
		const struct exts *x = pfn ? &v->xp : &v->x;

		if (v->problem)
			fprintf(stderr, "vmscope-acct: vma %lx-%lx %s: %s\n",
				v->start, v->end, v->name, v->problem);
		fprintf(f, VMS_REC_VMA " " VMS_K_START "=0x%lx " VMS_K_END "=0x%lx "
			VMS_K_PERMS "=%s " VMS_K_OFFSET "=0x%llx " VMS_K_DEV
			"=%02x:%02x " VMS_K_INODE "=%lu " VMS_K_KIND "=%s",
			v->start, v->end, v->perms, v->offset, v->dmaj, v->dmin,
			v->inode, vms_kind_word(guess_kind(v)));
		for (int key = 0; key < NKEYS; key++)
			if (v->d.have[key] && (key < K_NAMED || v->d.v[key]))
				fprintf(f, " %s=%llu", key_name(key), v->d.v[key]);
		if (!v->d.have[K_PGTABLES])
			fprintf(f, " %s=0", key_name(K_PGTABLES));
		{
			char *vf = smaps_vmflags(v);

			fprintf(f, " " VMS_K_VMFLAGS "=%s", vf);
			free(vf);
		}
		if (v->numa_have) {
			fprintf(f, " " VMS_K_POLICY "=");
			print_escaped(f, v->numa_policy);
		}
		fprintf(f, " " VMS_K_NAME "=");
		print_escaped(f, v->name);
		fprintf(f, "\n");
		for (size_t j = 0; j < x->n; j++)
			print_ext(f, &x->e[j]);
		nexts += x->n;
	}
	fprintf(f, VMS_REC_END " " VMS_K_STATUS "=" VMS_STATUS_COMPLETE " "
		VMS_K_VMAS "=%zu " VMS_K_EXTS "=%llu\n", k.n, nexts);
	ksnap_free(&k);
	return 0;
}
