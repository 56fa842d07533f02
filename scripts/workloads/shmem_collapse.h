/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A memfd whose PTE tables are retracted and freed through RCU without
 * mmap_lock, again and again: collapsing its pages into a huge page
 * (MADV_COLLAPSE) retracts the tables of every mapping of it
 * (retract_page_tables(), pte_free_defer(), 6.5+); a hole punched and
 * refaulted splits it again. Shared by vmscope-stress and vmscope-harden,
 * each one file, so static.
 */
#ifndef VMSCOPE_SHMEM_COLLAPSE_H
#define VMSCOPE_SHMEM_COLLAPSE_H

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

#define SC_HUGE		(2UL << 20)
#define SC_LEN		(4 * SC_HUGE)

/* The memfd, mapped twice, each mapping huge-page aligned. */
struct shmem_collapse {
	int fd;
	char *a, *b;
	unsigned int seed;
};

static char *sc_aligned_hole(void)
{
	char *r = mmap(NULL, SC_LEN + SC_HUGE, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (r == MAP_FAILED)
		return NULL;
	return (char *)(((unsigned long)r + SC_HUGE - 1) & ~(SC_HUGE - 1));
}

/* Set @c up, its pages written once. Returns 0 or -1. */
static inline int shmem_collapse_init(struct shmem_collapse *c,
				      unsigned int seed)
{
	c->seed = seed;
	c->fd = memfd_create("vmscope-shmem-collapse", 0);
	c->a = sc_aligned_hole();
	c->b = sc_aligned_hole();
	if (c->fd < 0 || ftruncate(c->fd, SC_LEN) || !c->a || !c->b ||
	    mmap(c->a, SC_LEN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 c->fd, 0) == MAP_FAILED ||
	    mmap(c->b, SC_LEN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 c->fd, 0) == MAP_FAILED)
		return -1;
	memset(c->a, 1, SC_LEN);
	return 0;
}

/* One round: write, collapse, punch a hole, refault, collapse. */
static inline void shmem_collapse_round(struct shmem_collapse *c)
{
	size_t off = (rand_r(&c->seed) % 4) * SC_HUGE;
	size_t pg = 4096 * (rand_r(&c->seed) % 512);

	memset(c->a + off, 5, SC_HUGE);
	(void)*(volatile char *)(c->b + off + pg);
	madvise(c->a + off, SC_HUGE, MADV_COLLAPSE);
	fallocate(c->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		  off + pg, 4096);
	c->a[off + pg] = 6;
	madvise(c->b + off, SC_HUGE, MADV_COLLAPSE);
}

#endif /* VMSCOPE_SHMEM_COLLAPSE_H */
