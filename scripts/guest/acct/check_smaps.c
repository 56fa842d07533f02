// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: each vma field smaps has, VMA by VMA (format.rst).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

/*
 * The fields smaps gives, of a VMA or (@vma false) of smaps_rollup's
 * whole process: there uss, hpage, the page sizes and, without hugetlb
 * lines, hugetlb are not compared; Pss_Anon, Pss_File and Pss_Shmem are
 * smaps_rollup's alone.
 */
void cmp_smaps_fields(struct mism *m, const struct kvma *v,
		      const struct rec *r, bool vma, const char *src)
{
	cmp(m, v, r, K_RSS, smv(v, SM_RSS) * 1024, src);
	cmp(m, v, r, K_ANON, smv(v, SM_ANON) * 1024, src);
	cmp(m, v, r, K_SWAP, smv(v, SM_SWAP) * 1024 - v->swap_elsewhere, src);
	cmp_kb(m, v, r, K_PSS, smv(v, SM_PSS), src);
	cmp_kb(m, v, r, K_PSS_DIRTY, smv(v, SM_PSS_DIRTY), src);
	cmp(m, v, r, K_SHARED, (smv(v, SM_SHC) + smv(v, SM_SHD)) * 1024, src);
	cmp(m, v, r, K_PRIVATE, (smv(v, SM_PRC) + smv(v, SM_PRD)) * 1024, src);
	cmp(m, v, r, K_SHARED_CLEAN, smv(v, SM_SHC) * 1024, src);
	cmp(m, v, r, K_SHARED_DIRTY, smv(v, SM_SHD) * 1024, src);
	cmp(m, v, r, K_PRIVATE_CLEAN, smv(v, SM_PRC) * 1024, src);
	cmp(m, v, r, K_PRIVATE_DIRTY, smv(v, SM_PRD) * 1024, src);
	if (vma)
		cmp(m, v, r, K_USS, (smv(v, SM_PRC) + smv(v, SM_PRD)) * 1024,
		    src);
	cmp(m, v, r, K_DIRTY, (smv(v, SM_SHD) + smv(v, SM_PRD)) * 1024, src);
	cmp(m, v, r, K_YOUNG, smv(v, SM_REF) * 1024, src);
	cmp_kb(m, v, r, K_LOCKED, smv(v, SM_LOCKED), src);
	if (smh(v, SM_KSM))
		cmp(m, v, r, K_KSM, smv(v, SM_KSM) * 1024, src);
	cmp(m, v, r, K_LAZYFREE, smv(v, SM_LAZYFREE) * 1024, src);
	cmp(m, v, r, K_THP, (smv(v, SM_AHP) + smv(v, SM_SPM) +
			     smv(v, SM_FPM)) * 1024, src);
	if (vma || smh(v, SM_SHH)) {
		cmp(m, v, r, K_HUGETLB,
		    (smv(v, SM_SHH) + smv(v, SM_PRH)) * 1024, src);
		cmp(m, v, r, K_HUGETLB_SHARED, smv(v, SM_SHH) * 1024, src);
		cmp(m, v, r, K_HUGETLB_PRIVATE, smv(v, SM_PRH) * 1024, src);
	}
	if (vma) {
		cmp(m, v, r, K_HPAGE, smv(v, SM_KPS) * 1024, src);
		cmp(m, v, r, K_KERNEL_PAGE, smv(v, SM_KPS) * 1024, src);
		cmp(m, v, r, K_MMU_PAGE, smv(v, SM_MMU) * 1024, src);
		if (smh(v, SM_PKEY))
			cmp(m, v, r, K_PKEY, smv(v, SM_PKEY), src);
		else if (r->have[K_PKEY])
			mism_add(m, VF " field %s: module %llu, %s prints no ProtectionKey",
				 VA(v), key_name(K_PKEY), r->v[K_PKEY], src);
	} else {
		cmp_kb(m, v, r, K_PSS_ANON, smv(v, SM_PSS_ANON), src);
		cmp_kb(m, v, r, K_PSS_FILE, smv(v, SM_PSS_FILE), src);
		cmp_kb(m, v, r, K_PSS_SHMEM, smv(v, SM_PSS_SHMEM), src);
	}
}

void check_smaps(struct check *c)
{
	struct mism m = { 0 };
	int n = 0;

	for (size_t i = 0; c->r && i < c->k->n; i++) {
		const struct kvma *v = &c->k->v[i];
		const struct mvma *mv;
		char *want;

		if (c->match[i] < 0)
			continue;
		mv = &c->r->v[c->match[i]];
		n++;
		cmp_smaps_fields(&m, v, &mv->r, true, "smaps");
		want = smaps_vmflags(v);
		if (!mv->vmflags || strcmp(mv->vmflags, want))
			mism_add(&m, VF " field %s: module '%s', smaps VmFlags '%s'",
				 VA(v), VMS_K_VMFLAGS,
				 mv->vmflags ? mv->vmflags : "(missing)", want);
		free(want);
	}
	class_tap(c, &m, "%s: smaps fields, %d VMAs", c->label, n);
}
