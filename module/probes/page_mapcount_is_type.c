// SPDX-License-Identifier: GPL-2.0
/* page_mapcount_is_type(), 6.11: typed pages reuse _mapcount. */
#include <linux/mm.h>

bool vms_probe(unsigned int mapcount);
bool vms_probe(unsigned int mapcount)
{
	return page_mapcount_is_type(mapcount);
}
