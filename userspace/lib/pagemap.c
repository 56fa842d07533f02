// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Page states from /proc/PID/pagemap and /proc/kpageflags.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/kernel-page-flags.h>

#include <vmscope/format.h>

#include "pagemap.h"

/* Entries per read(): 512 KiB of pagemap, 2 GiB of address space. */
#define PM_CHUNK	65536

int vms_pagemap_open(struct vms_pagemap *pm, pid_t pid, uint64_t page_size)
{
	char path[64];

	memset(pm, 0, sizeof(*pm));
	pm->kpf_fd = -1;
	pm->page_size = page_size;
	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	pm->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (pm->fd < 0)
		return -errno;
	pm->buf = xreallocarray(NULL, PM_CHUNK, sizeof(*pm->buf));
	pm->kpf_fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	return 0;
}

void vms_pagemap_close(struct vms_pagemap *pm)
{
	if (pm->fd >= 0)
		close(pm->fd);
	if (pm->kpf_fd >= 0)
		close(pm->kpf_fd);
	free(pm->buf);
	memset(pm, 0, sizeof(*pm));
	pm->fd = pm->kpf_fd = -1;
}

/* kpageflags of `pfn` through a small aligned cache; false if unknown. */
static bool kpageflags(struct vms_pagemap *pm, uint64_t pfn, uint64_t *flags)
{
	uint64_t base = pfn - pfn % VMS_PM_CACHE;

	if (!pm->kpf_valid || pm->kpf_base != base) {
		ssize_t n = pread(pm->kpf_fd, pm->kpf_cache, sizeof(pm->kpf_cache),
				  (off_t)(base * 8));

		if (n < (ssize_t)((pfn - base + 1) * 8)) {
			pm->kpf_valid = false;
			return false;
		}
		memset((char *)pm->kpf_cache + n, 0, sizeof(pm->kpf_cache) - n);
		pm->kpf_base = base;
		pm->kpf_valid = true;
	}
	*flags = pm->kpf_cache[pfn - base];
	return true;
}

static enum vms_pm_state classify(struct vms_pagemap *pm, uint64_t e, bool pfnmap,
				  bool *kpf)
{
	uint64_t pfn = e & PM_PFN_MASK, flags;

	if (e & PM_SWAP)
		return VMS_PM_SWAP;
	if (!(e & PM_PRESENT))
		return VMS_PM_NONE;
	if (pfn && pm->kpf_fd >= 0 && kpageflags(pm, pfn, &flags)) {
		if (flags & (1ULL << KPF_ZERO_PAGE))
			return VMS_PM_ZERO;
		if (flags & (1ULL << KPF_NOPAGE))
			return VMS_PM_OTHER;
		return VMS_PM_PRESENT;
	}
	*kpf = false;
	return pfnmap ? VMS_PM_OTHER : VMS_PM_PRESENT;
}

/* The extent being built: pages of one state and type, from start on. */
struct ext {
	uint64_t start;
	enum vms_pm_state state;
	const char *type;
	bool open;
};

static void flush(struct ext *x, uint64_t end, struct vms_buf *out_ext,
		  struct vms_pm_scan *out)
{
	if (!x->open || !out_ext)
		return;
	vms_buf_printf(out_ext, VMS_REC_EXT " " VMS_K_START "=0x%" PRIx64 " " VMS_K_END
		       "=0x%" PRIx64 " " VMS_K_STATE "=%s " VMS_K_TYPE "=%s\n",
		       x->start, end, vms_state_word((int)x->state), x->type);
	out->nexts++;
	x->open = false;
}

int vms_pagemap_scan(struct vms_pagemap *pm, uint64_t start, uint64_t end,
		     const char *type, const char *file_type, bool pfnmap,
		     struct vms_buf *ext, struct vms_pm_scan *out)
{
	uint64_t ps = pm->page_size, addr = start;
	struct ext x = { 0 };

	memset(out, 0, sizeof(*out));
	out->kpf = pm->kpf_fd >= 0;
	while (addr < end) {
		uint64_t npages = (end - addr) / ps, i;
		ssize_t n;

		if (npages > PM_CHUNK)
			npages = PM_CHUNK;
		n = pread(pm->fd, pm->buf, npages * 8, (off_t)(addr / ps * 8));
		if (n < 0)
			return -errno;
		if (n < 8)
			return -EIO;
		npages = n / 8;
		for (i = 0; i < npages; i++, addr += ps) {
			uint64_t e = pm->buf[i];
			enum vms_pm_state st = classify(pm, e, pfnmap, &out->kpf);
			const char *t = type;

			if ((st == VMS_PM_PRESENT || st == VMS_PM_ZERO ||
			     st == VMS_PM_OTHER) && (e & PM_PRESENT))
				t = (e & PM_FILE) ? file_type : vms_type_word(VMS_TYPE_ANON);
			out->pages[st]++;
			if (x.open && (x.state != st || strcmp(x.type, t)))
				flush(&x, addr, ext, out);
			if (!x.open) {
				x.start = addr;
				x.state = st;
				x.type = t;
				x.open = true;
			}
		}
	}
	flush(&x, addr, ext, out);
	return 0;
}
