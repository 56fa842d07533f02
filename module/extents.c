// SPDX-License-Identifier: GPL-2.0
/*
 * Extents: coalescing consecutive entries of one VMA into maximal extents
 * with the same state, type and (for present and zero pages) mapping
 * level, folio order and node - and, when frame numbers were asked for,
 * physically contiguous.
 *
 * Plain functions; walk.c feeds entries in address order and hands on
 * each extent that can no longer grow.
 */
#include <linux/mm.h>
#include "account.h"

static bool vms_state_has_frame(unsigned int state)
{
	return state == VMS_STATE_PRESENT || state == VMS_STATE_ZERO;
}

/*
 * The frame a zero-page extent maps again and again: the zero page, or the
 * first frame of the huge zero page (whose parts an extent reports in order).
 */
static unsigned long vms_zero_base(unsigned long pfn, unsigned long addr,
				   u8 map)
{
	return map == VMS_MAP_PMD ? pfn - ((addr & ~PMD_MASK) >> PAGE_SHIFT) :
				    pfn;
}

/**
 * vms_ext_start() - begin an extent with one entry
 * @x: the extent
 * @e: the entry
 */
void vms_ext_start(struct vms_ext *x, const struct vms_entry *e)
{
	x->start = e->addr;
	x->end = e->addr + (e->nr << PAGE_SHIFT);
	x->state = e->state;
	x->type = e->type;
	x->map = e->map;
	x->order = e->order;
	x->node = e->node;
	x->pfn = e->pfn;
}

/**
 * vms_ext_extend() - grow an extent by an entry if it continues it
 * @x: the extent, non-empty
 * @e: the next entry
 * @with_pfn: extents must also be physically contiguous
 *
 * Zero-page extents map the same frame again and again; with @with_pfn they
 * merge while it stays the same zero page (or huge zero page) and carry
 * the frame of their first page.
 *
 * Return: true if @e was merged into @x.
 */
bool vms_ext_extend(struct vms_ext *x, const struct vms_entry *e,
		    bool with_pfn)
{
	if (x->end != e->addr || x->state != e->state || x->type != e->type)
		return false;
	if (vms_state_has_frame(e->state)) {
		if (x->map != e->map || x->order != e->order ||
		    x->node != e->node)
			return false;
		if (with_pfn && e->state == VMS_STATE_PRESENT &&
		    x->pfn + ((x->end - x->start) >> PAGE_SHIFT) != e->pfn)
			return false;
		if (with_pfn && e->state == VMS_STATE_ZERO &&
		    vms_zero_base(x->pfn, x->start, x->map) !=
		    vms_zero_base(e->pfn, e->addr, e->map))
			return false;
	}
	x->end += e->nr << PAGE_SHIFT;
	return true;
}
