// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-wl: test workloads, one binary, statically linked for the guest.
 *
 *   vmscope-wl threads N     N threads, each blocked
 *   vmscope-wl mixed DIR     file (shared, private), shmem (memfd, shared
 *                            anonymous), a PROT_NONE reservation and an
 *                            mprotect()-split anonymous region
 *   vmscope-wl names DIR     files whose names hold spaces, tabs, newlines,
 *                            backslashes and non-ASCII bytes, mapped
 *   vmscope-wl churn         maps, splits and unmaps in a loop, forever
 *   vmscope-wl malloc MIB    malloc(MIB MiB) and leave it untouched
 *   vmscope-wl sleep         nothing but a plain process
 *
 * Each prints "ready PID" on stdout once its address space is set up, then
 * blocks (churn keeps churning) until killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "vmscope-wl: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void ready_and_wait(void)
{
	printf("ready %d\n", getpid());
	fflush(stdout);
	for (;;)
		pause();
}

static void *blocked_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static int wl_threads(int n)
{
	pthread_t t;
	int i;

	for (i = 0; i < n; i++)
		if (pthread_create(&t, NULL, blocked_thread, NULL))
			die("pthread_create");
	ready_and_wait();
	return 0;
}

/* A file of @size bytes at @path, filled with a pattern, mapped. */
static void *map_file(const char *path, size_t size, int prot, int flags)
{
	char buf[4096];
	size_t done;
	void *p;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(path);
	memset(buf, 0x5a, sizeof(buf));
	for (done = 0; done < size; done += sizeof(buf))
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			die("write");
	p = mmap(NULL, size, prot, flags, fd, 0);
	if (p == MAP_FAILED)
		die("mmap file");
	close(fd);
	return p;
}

static int wl_mixed(const char *dir)
{
	long pg = sysconf(_SC_PAGESIZE);
	char path[4096];
	char *p;
	int fd;

	snprintf(path, sizeof(path), "%s/wl-mixed-shared", dir);
	p = map_file(path, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED);
	p[0] = 1;
	snprintf(path, sizeof(path), "%s/wl-mixed-private", dir);
	p = map_file(path, 1 << 20, PROT_READ, MAP_PRIVATE);
	(void)*(volatile char *)p;

	/* The same file twice at different offsets: two VMAs, one inode. */
	fd = open(path, O_RDONLY);
	if (fd < 0 || mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 4 * pg) ==
	    MAP_FAILED)
		die("mmap at offset");
	close(fd);

	fd = memfd_create("wl memfd", 0);
	if (fd < 0 || ftruncate(fd, 1 << 20))
		die("memfd");
	p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap memfd");
	memset(p, 1, 4096);

	p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap shared anonymous");
	p[0] = 1;

	if (mmap(NULL, 1UL << 30, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) ==
	    MAP_FAILED)
		die("mmap PROT_NONE");

	p = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + 4 * pg, 4 * pg, PROT_READ))
		die("mprotect split");
	p[0] = 1;
	ready_and_wait();
	return 0;
}

static int wl_names(const char *dir)
{
	static const char *const names[] = {
		"with space",
		"with\ttab",
		"with\nnewline",
		"back\\slash",
		"caf\xc3\xa9 \x01\x7f",
		"trailing space ",
	};
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		map_file(path, 8192, PROT_READ, MAP_PRIVATE);
	}
	/* A deleted file: maps says "(deleted)". */
	snprintf(path, sizeof(path), "%s/gone soon", dir);
	map_file(path, 4096, PROT_READ, MAP_SHARED);
	unlink(path);
	ready_and_wait();
	return 0;
}

static int wl_churn(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned int seed = 1;
	char *slots[64] = { 0 };

	printf("ready %d\n", getpid());
	fflush(stdout);
	for (;;) {
		unsigned int i = rand_r(&seed) % 64;
		size_t n = 1 + rand_r(&seed) % 32;

		if (slots[i]) {
			munmap(slots[i], 32 * pg);
			slots[i] = NULL;
			continue;
		}
		slots[i] = mmap(NULL, 32 * pg, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (slots[i] == MAP_FAILED) {
			slots[i] = NULL;
			continue;
		}
		slots[i][0] = 1;
		if (n < 32)
			mprotect(slots[i] + (n / 2) * pg, pg, PROT_READ);
	}
	return 0;
}

static int wl_malloc(long mib)
{
	char *p = malloc((size_t)mib << 20);

	if (!p)
		die("malloc");
	printf("malloc %ld MiB at %p\n", mib, (void *)p);
	ready_and_wait();
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 2 ? argv[2] : "/tmp";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "threads"))
		return wl_threads(argc > 2 ? atoi(argv[2]) : 4);
	if (!strcmp(argv[1], "mixed"))
		return wl_mixed(dir);
	if (!strcmp(argv[1], "names"))
		return wl_names(dir);
	if (!strcmp(argv[1], "churn"))
		return wl_churn();
	if (!strcmp(argv[1], "malloc"))
		return wl_malloc(argc > 2 ? atol(argv[2]) : 1024);
	if (!strcmp(argv[1], "sleep"))
		ready_and_wait();
usage:
	fprintf(stderr, "usage: vmscope-wl threads|mixed|names|churn|malloc|sleep [ARG]\n");
	return 2;
}
