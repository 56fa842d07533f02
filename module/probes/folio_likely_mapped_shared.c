// SPDX-License-Identifier: GPL-2.0
/* folio_likely_mapped_shared(), 6.9: smaps' hugetlb sharing test. */
#include <linux/mm.h>

bool vms_probe(struct folio *folio);
bool vms_probe(struct folio *folio)
{
	return folio_likely_mapped_shared(folio);
}
