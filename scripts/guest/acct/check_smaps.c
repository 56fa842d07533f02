// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct check: each vma field smaps has, VMA by VMA (format.rst).
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "acct.h"

/*
 * The fields smaps gives, of a VMA or (@vma false) of smaps_rollup's
 * whole process: there uss, hpage and, without hugetlb lines, hugetlb are
 * not compared.
 */
void cmp_smaps_fields(struct mism *m, const struct kvma *v,
		      const struct rec *r, bool vma, const char *src)
{
	cmp(m, v, r, K_RSS, smv(v, SM_RSS) * 1024, src);
	cmp(m, v, r, K_ANON, smv(v, SM_ANON) * 1024, src);
	cmp(m, v, r, K_SWAP, smv(v, SM_SWAP) * 1024 - v->swap_elsewhere, src);
	cmp_kb(m, v, r, K_PSS, smv(v, SM_PSS), src);
	cmp(m, v, r, K_SHARED, (smv(v, SM_SHC) + smv(v, SM_SHD)) * 1024, src);
	cmp(m, v, r, K_PRIVATE, (smv(v, SM_PRC) + smv(v, SM_PRD)) * 1024, src);
	if (vma)
		cmp(m, v, r, K_USS, (smv(v, SM_PRC) + smv(v, SM_PRD)) * 1024,
		    src);
	cmp(m, v, r, K_DIRTY, (smv(v, SM_SHD) + smv(v, SM_PRD)) * 1024, src);
	cmp(m, v, r, K_YOUNG, smv(v, SM_REF) * 1024, src);
	cmp_kb(m, v, r, K_LOCKED, smv(v, SM_LOCKED), src);
	if (smh(v, SM_KSM))
		cmp(m, v, r, K_KSM, smv(v, SM_KSM) * 1024, src);
	cmp(m, v, r, K_THP, (smv(v, SM_AHP) + smv(v, SM_SPM) +
			     smv(v, SM_FPM)) * 1024, src);
	if (vma || smh(v, SM_SHH))
		cmp(m, v, r, K_HUGETLB,
		    (smv(v, SM_SHH) + smv(v, SM_PRH)) * 1024, src);
	if (vma)
		cmp(m, v, r, K_HPAGE, smv(v, SM_KPS) * 1024, src);
}

void check_smaps(struct check *c)
{
	struct mism m = { 0 };
	const struct kvma *v;
	const struct rec *r;
	size_t i = 0;
	int n = 0;

	while ((v = next_matched(c, &i, &r))) {
		n++;
		cmp_smaps_fields(&m, v, r, true, "smaps");
	}
	class_tap(c, &m, "%s: smaps fields, %d VMAs", c->label, n);
}
