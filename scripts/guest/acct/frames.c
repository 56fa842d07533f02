// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: frames. kpageflags and kpagecount in cached blocks, the
 * folio holding a frame, and the node of a frame from the memory blocks
 * sysfs lists under each node.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <linux/kernel-page-flags.h>
#include <unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

#define KB_PFNS		512
#define KC_SLOTS	1024

struct kblock {
	u64 base;		/* pfn / KB_PFNS */
	bool valid;
	u64 flags[KB_PFNS];
	u64 count[KB_PFNS];
};

static struct kblock *kcache;
int kpf_fd = -1, kpc_fd = -1;
const char *kpf_err;

void kcache_reset(void)
{
	if (!kcache)
		kcache = xcalloc(KC_SLOTS, sizeof(*kcache));
	for (int i = 0; i < KC_SLOTS; i++)
		kcache[i].valid = false;
}

static struct kblock *kblock(u64 pfn)
{
	u64 base = pfn / KB_PFNS;
	struct kblock *b = &kcache[base % KC_SLOTS];
	long n;

	if (b->valid && b->base == base)
		return b;
	b->base = base;
	b->valid = true;
	memset(b->count, 0, sizeof(b->count));
	for (int i = 0; i < KB_PFNS; i++)
		b->flags[i] = KF(KPF_NOPAGE);
	n = pread_full(kpf_fd, b->flags, sizeof(b->flags),
		       (off_t)(base * KB_PFNS * 8));
	if (n < 0)
		kpf_err = "cannot read /proc/kpageflags";
	n = pread_full(kpc_fd, b->count, sizeof(b->count),
		       (off_t)(base * KB_PFNS * 8));
	if (n < 0)
		kpf_err = "cannot read /proc/kpagecount";
	return b;
}

u64 kpf(u64 pfn)
{
	return kblock(pfn)->flags[pfn % KB_PFNS];
}

u64 kpc(u64 pfn)
{
	return kblock(pfn)->count[pfn % KB_PFNS];
}

static u64 fo_head = ~0ULL, fo_nr;

void folio_reset(void)
{
	fo_head = ~0ULL;
	fo_nr = 0;
}

bool folio_of(u64 pfn, u64 *head, int *order)
{
	u64 fl, h, nr;
	int o;

	if (pfn - fo_head < fo_nr) {
		*head = fo_head;
		for (o = 0; (1ULL << o) < fo_nr; o++)
			;
		*order = o;
		return true;
	}
	fl = kpf(pfn);
	if (!(fl & (KF(KPF_COMPOUND_HEAD) | KF(KPF_COMPOUND_TAIL)))) {
		*head = pfn;
		*order = 0;
		return true;
	}
	for (h = pfn; kpf(h) & KF(KPF_COMPOUND_TAIL); h--)
		if (h == 0 || pfn - h >= MAX_FOLIO)
			return false;
	if (!(kpf(h) & KF(KPF_COMPOUND_HEAD)))
		return false;
	for (nr = 1; nr < MAX_FOLIO && (kpf(h + nr) & KF(KPF_COMPOUND_TAIL));
	     nr++)
		;
	if (nr & (nr - 1))
		return false;
	fo_head = h;
	fo_nr = nr;
	for (o = 0; (1ULL << o) < nr; o++)
		;
	*head = h;
	*order = o;
	return true;
}

/* Memory block -> node, from /sys/devices/system/node/nodeN/memoryM. */
static short *block_node;
static size_t nblocks;
static u64 block_size;
char nodes_list[256];

void load_nodes(void)
{
	char *buf;
	DIR *d;
	struct dirent *e;

	if (read_file("/sys/devices/system/memory/block_size_bytes", &buf) > 0) {
		block_size = strtoull(buf, NULL, 16);
		free(buf);
	}
	if (!block_size)
		block_size = 128ULL << 20;
	d = opendir("/sys/devices/system/node");
	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[300];
		DIR *nd;
		struct dirent *m;
		int node;

		if (strncmp(e->d_name, "node", 4) ||
		    !isdigit((unsigned char)e->d_name[4]))
			continue;
		node = atoi(e->d_name + 4);
		if (node >= NNODE)
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/node/%s",
			 e->d_name);
		nd = opendir(path);
		if (!nd)
			continue;
		while ((m = readdir(nd))) {
			size_t blk;

			if (strncmp(m->d_name, "memory", 6) ||
			    !isdigit((unsigned char)m->d_name[6]))
				continue;
			blk = strtoul(m->d_name + 6, NULL, 10);
			if (blk >= nblocks) {
				size_t nn = blk + 1024;

				block_node = xreallocarray(block_node, nn,
							   sizeof(*block_node));
				for (size_t i = nblocks; i < nn; i++)
					block_node[i] = -1;
				nblocks = nn;
			}
			block_node[blk] = (short)node;
		}
		closedir(nd);
	}
	closedir(d);
	/* "0-1,3" as the header's comma-separated list */
	if (read_file("/sys/devices/system/node/has_memory", &buf) > 0) {
		if (!vms_nodelist(buf, nodes_list, sizeof(nodes_list)))
			nodes_list[0] = '\0';
		free(buf);
	}
	/*
	 * Without memory blocks in sysfs (no CONFIG_MEMORY_HOTPLUG) a frame's
	 * node is only known on a single-node machine; elsewhere say so, and
	 * the node comparisons fail rather than blame node 0.
	 */
	if (!nblocks && strchr(nodes_list, ','))
		printf("# vmscope-acct: no memory blocks under /sys/devices/system/node: the node of a frame is unknown\n");
}

int pfn_node(u64 pfn)
{
	u64 blk = pfn * PG / block_size;

	if (blk < nblocks && block_node[blk] >= 0)
		return block_node[blk];
	/* Unknown, unless there is only one node to be on. */
	return nblocks || strchr(nodes_list, ',') ? -1 : 0;
}

