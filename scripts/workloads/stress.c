// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-stress: read reports of a process whose address space is being
 * changed under the walker in every way that frees or replaces page
 * tables and pages, and of processes that exit while being read.
 *
 *   vmscope-stress SECONDS
 *
 * A child runs mutator threads: THP collapse (MADV_COLLAPSE) and split
 * (MADV_DONTNEED of one page of a huge page, mprotect of part of it);
 * shmem collapse, which retracts the PTE tables of every mapping of a
 * memfd and frees them through RCU without mmap_lock, with hole punching
 * and refaults; munmap/mmap, mremap moves, MADV_DONTNEED of whole ranges,
 * page migration between nodes (move_pages), and MADV_PAGEOUT to swap.
 * Meanwhile the parent reads "PID all" reports in a loop and checks each:
 * header, end record complete, records sorted and non-overlapping, and
 * per record vsz = rss + hugetlb + zero + swap + none + other and the node
 * sum equal to rss + hugetlb. Then it reads processes that exit mid-read:
 * each read must end in a complete report, a report cut short "partial
 * reason=exited" (the target exited between two reads), or -ESRCH. Last, readers
 * of a large target are killed mid-walk: the walk must end with -EINTR
 * (counted in debugfs stats, since a killed reader cannot see it).
 *
 * Prints VMSCOPE-TAP lines. The kernel side is checked by the harness,
 * which fails the run on any warning, KASAN, lockdep or UBSAN report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vmscope/format.h>

#include "../guest/vmsio.h"
#include "shmem_collapse.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif

#define MIB		(1UL << 20)
#define THP		(2 * MIB)

static volatile bool stop;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *thp_region(size_t size)
{
	char *p = mmap(NULL, size + THP, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	p = (char *)(((unsigned long)p + THP - 1) & ~(THP - 1));
	madvise(p, size, MADV_HUGEPAGE);
	return p;
}

/* Collapse, split and refault huge pages. */
static void *mut_thp(void *arg)
{
	char *p = thp_region(16 * MIB);
	unsigned int seed = 1;

	(void)arg;
	if (!p)
		return NULL;
	while (!stop) {
		size_t off = (rand_r(&seed) % 8) * THP;

		memset(p + off, 1, THP);
		madvise(p + off, THP, MADV_COLLAPSE);
		madvise(p + off + 4096 * (rand_r(&seed) % 512), 4096,
			MADV_DONTNEED);
		mprotect(p + off + THP / 2, 4096, PROT_READ);
		mprotect(p + off + THP / 2, 4096, PROT_READ | PROT_WRITE);
		madvise(p + off, THP, MADV_COLLAPSE);
	}
	return NULL;
}

/*
 * shmem: collapse a memfd's pages into a huge page (MADV_COLLAPSE), which
 * retracts the PTE tables of every mapping of it and frees them through
 * RCU without mmap_lock (retract_page_tables(), pte_free_defer(), 6.5+);
 * punch a hole, fault it back, collapse again. The memfd is mapped twice
 * so that the other mapping's table goes too.
 */
static void *mut_shmem(void *arg)
{
	struct shmem_collapse c;

	(void)arg;
	if (shmem_collapse_init(&c, 4))
		return NULL;
	while (!stop)
		shmem_collapse_round(&c);
	return NULL;
}

/* Map, unmap and move. */
static void *mut_map(void *arg)
{
	unsigned int seed = 2;
	char *slots[32] = { 0 };

	(void)arg;
	while (!stop) {
		unsigned int i = rand_r(&seed) % 32;
		size_t len = (1 + rand_r(&seed) % 64) * 4096;

		if (slots[i]) {
			char *q = mremap(slots[i], 64 * 4096, 128 * 4096,
					 MREMAP_MAYMOVE);

			if (q != MAP_FAILED) {
				memset(q, 3, 4096);
				munmap(q, 128 * 4096);
			} else {
				munmap(slots[i], 64 * 4096);
			}
			slots[i] = NULL;
			continue;
		}
		slots[i] = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (slots[i] == MAP_FAILED) {
			slots[i] = NULL;
			continue;
		}
		memset(slots[i], 2, len > 64 * 4096 ? 64 * 4096 : len);
	}
	return NULL;
}

/* Drop, migrate between nodes, page out. */
static void *mut_drop(void *arg)
{
	size_t n = 512, i;
	char *p = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void **pages = calloc(n, sizeof(*pages));
	int *nodes = calloc(n, sizeof(*nodes));
	int *status = calloc(n, sizeof(*status));
	int round = 0;

	(void)arg;
	if (p == MAP_FAILED || !pages || !nodes || !status)
		return NULL;
	madvise(p, n * 4096, MADV_NOHUGEPAGE);
	while (!stop) {
		memset(p, round, n * 4096);
		for (i = 0; i < n; i++) {
			pages[i] = p + i * 4096;
			nodes[i] = (round + i) & 1;
		}
		syscall(SYS_move_pages, 0, n, pages, nodes, status, 0);
		madvise(p, n * 2048, MADV_PAGEOUT);
		madvise(p + n * 2048, n * 2048, MADV_DONTNEED);
		round++;
	}
	return NULL;
}

static void mutator(void)
{
	pthread_t t[4];

	pthread_create(&t[0], NULL, mut_thp, NULL);
	pthread_create(&t[1], NULL, mut_map, NULL);
	pthread_create(&t[2], NULL, mut_drop, NULL);
	pthread_create(&t[3], NULL, mut_shmem, NULL);
	for (;;)
		pause();
}

static long read_report(pid_t pid, char **out)
{
	char req[32];

	snprintf(req, sizeof(req), "%d all\n", pid);
	return vms_report(req, out);
}

/* The value of " KEY=" in @line, or ~0 when it has none. */
static unsigned long long field(const char *line, const char *key)
{
	unsigned long long v;

	return line_u64(line, key, &v) ? v : ~0ULL;
}

/*
 * NULL if the report is sound, else why not. With @exited, a report that
 * ends "partial reason=exited" (the target exited between two reads of
 * a streamed report) is sound too, and *@exited says so.
 */
static const char *check_report(char *rep, char *why, size_t n, bool *exited)
{
	unsigned long long last_end = 0;
	char *line, *save = NULL;
	bool ended = false;

	if (strncmp(rep, "vmscope version=1 ", 18))
		return "no header";
	for (line = strtok_r(rep, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, VMS_REC_VMA " ", 4)) {
			unsigned long long s = field(line, VMS_K_START);
			unsigned long long sum, nodes = 0;
			const char *p;

			if (s < last_end) {
				snprintf(why, n, "vma 0x%llx overlaps", s);
				return why;
			}
			last_end = field(line, VMS_K_END);
			sum = field(line, VMS_K_RSS) + field(line, VMS_K_HUGETLB) +
			      field(line, VMS_K_ZERO) + field(line, VMS_K_SWAP) +
			      field(line, VMS_K_NONE) + field(line, VMS_K_OTHER);
			if (sum != field(line, VMS_K_VSZ)) {
				snprintf(why, n, "vma 0x%llx: states sum %llu != vsz %llu",
					 s, sum, field(line, VMS_K_VSZ));
				return why;
			}
			for (p = strstr(line, " n"); p; p = strstr(p + 1, " n"))
				if (p[2] >= '0' && p[2] <= '9')
					nodes += strtoull(strchr(p, '=') + 1,
							  NULL, 10);
			if (nodes != field(line, VMS_K_RSS) + field(line, VMS_K_HUGETLB)) {
				snprintf(why, n, "vma 0x%llx: nodes %llu != rss + hugetlb",
					 s, nodes);
				return why;
			}
		} else if (!strncmp(line, VMS_REC_END " ", 4)) {
			if (exited && !strncmp(line, "end status=partial reason=exited ", 33))
				*exited = true;
			else if (strncmp(line, "end status=complete", 19))
				return "not complete";
			ended = true;
		}
	}
	return ended ? NULL : "no end record";
}

static unsigned long long stat_eintr(void)
{
	char buf[512];
	int fd = open("/sys/kernel/debug/vmscope/stats", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return ~0ULL;
	buf[n] = '\0';
	return field(buf, "eintr");
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 20, t0;
	char why[256], name[128];
	const char *err = NULL;
	unsigned long reports = 0, exits = 0, complete = 0, esrch = 0;
	unsigned long partial = 0;
	pid_t child;

	setvbuf(stdout, NULL, _IOLBF, 0);
	child = fork();
	if (child == 0)
		mutator();
	usleep(200000);
	t0 = now();
	while (!err && now() - t0 < secs) {
		char *rep;
		long n = read_report(child, &rep);

		if (n < 0) {
			snprintf(why, sizeof(why), "read: %s", strerror(-n));
			err = why;
			break;
		}
		err = check_report(rep, why, sizeof(why), NULL);
		free(rep);
		reports++;
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	snprintf(name, sizeof(name),
		 "stress: %lu reports under collapse, split, munmap, mremap, DONTNEED, migration, pageout are sound",
		 reports);
	tap(!err, name, err);

	/* Processes exiting while they are read. */
	err = NULL;
	t0 = now();
	while (!err && now() - t0 < secs / 4) {
		pid_t p = fork();
		char *rep;
		long n;

		if (p == 0) {
			char *q = mmap(NULL, 2 * MIB, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (q != MAP_FAILED)
				memset(q, 1, 2 * MIB);
			/* Exit before, during or after the parent's read. */
			usleep((exits * 397) % 20000);
			_exit(0);
		}
		usleep((exits * 7919) % 60000);
		n = read_report(p, &rep);
		if (n >= 0) {
			bool exited = false;

			err = check_report(rep, why, sizeof(why), &exited);
			free(rep);
			if (exited)
				partial++;
			else
				complete++;
		} else if (n == -ESRCH) {
			esrch++;
		} else {
			snprintf(why, sizeof(why), "read: %s", strerror(-n));
			err = why;
		}
		waitpid(p, NULL, 0);
		exits++;
	}
	snprintf(name, sizeof(name),
		 "stress: %lu exiting targets read: %lu complete, %lu partial (exited), %lu ESRCH, nothing else",
		 exits, complete, partial, esrch);
	tap(!err, name, err);

	/* Readers killed in the middle of a walk of 512 MiB of small pages. */
	{
		unsigned long long e0 = stat_eintr(), e1 = e0;
		pid_t big = fork();
		int tries;

		if (big == 0) {
			char *q = mmap(NULL, 512 * MIB, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (q == MAP_FAILED)
				_exit(1);
			madvise(q, 512 * MIB, MADV_NOHUGEPAGE);
			memset(q, 1, 512 * MIB);
			printf("ready\n");
			for (;;)
				pause();
		}
		sleep(3);	/* 512 MiB of memset under emulation */
		for (tries = 0; tries < 50 && e1 == e0; tries++) {
			pid_t reader = fork();

			if (reader == 0) {
				char *rep;

				for (;;)
					if (read_report(big, &rep) >= 0)
						free(rep);
			}
			usleep(20000 + (tries * 3001) % 20000);
			kill(reader, SIGKILL);
			waitpid(reader, NULL, 0);
			e1 = stat_eintr();
		}
		kill(big, SIGKILL);
		waitpid(big, NULL, 0);
		snprintf(name, sizeof(name),
			 "stress: a reader killed mid-walk ends it with EINTR (%d kills, %llu EINTR)",
			 tries, e1 - e0);
		tap(e1 != ~0ULL && e1 > e0, name, "no walk ended with EINTR");
	}
	return 0;
}
