// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-bench: in one guest run, time a full vmscope report against the
 * kernel's own interfaces on the same targets, and print each as a ratio
 * to vmscope. Not a pass/fail test.
 *
 *   vmscope-bench [REPEAT]
 *
 * Targets (each a child process that sets up its memory and stops):
 * 256 MiB, 1 GiB and 2 GiB resident with 4 KiB pages (MADV_NOHUGEPAGE)
 * and with THP (MADV_HUGEPAGE, 2 MiB aligned), and a 1 TiB PROT_NONE
 * reservation with 64 MiB resident beside it. Readers: a full vmscope
 * report ("PID all": task, vma and ext records), cat /proc/PID/smaps,
 * cat /proc/PID/numa_maps, and /proc/PID/pagemap read over every VMA.
 * Each is timed REPEAT times (default 5); the median is printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MIB (1UL << 20)

static char iobuf[1 << 20];

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what)
{
	fprintf(stderr, "vmscope-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* A child holding @resident bytes (THP or not) and optionally @reserve. */
static pid_t target(size_t resident, int thp, size_t reserve)
{
	int pfd[2];
	pid_t pid;
	char c = 'r';

	if (pipe(pfd))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		size_t align = 2 * MIB;
		char *p = mmap(NULL, resident + align, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		p = (char *)(((unsigned long)p + align - 1) & ~(align - 1));
		if (madvise(p, resident, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE))
			die("madvise");
		memset(p, 1, resident);
		if (reserve && mmap(NULL, reserve, PROT_NONE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
				    -1, 0) == MAP_FAILED)
			die("mmap reserve");
		if (write(pfd[1], &c, 1) != 1)
			die("write");
		for (;;)
			pause();
	}
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1)
		die("target did not start");
	close(pfd[0]);
	return pid;
}

static void drain(int fd)
{
	while (read(fd, iobuf, sizeof(iobuf)) > 0)
		;
}

static void read_vmscope(pid_t pid)
{
	char req[32];
	int fd = open("/proc/vmscope", O_RDWR);
	int n = snprintf(req, sizeof(req), "%d all\n", pid);

	if (fd < 0 || write(fd, req, n) != n)
		die("/proc/vmscope");
	drain(fd);
	close(fd);
}

static void read_proc(pid_t pid, const char *file)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	drain(fd);
	close(fd);
}

static void read_smaps(pid_t pid)
{
	read_proc(pid, "smaps");
}

static void read_numa_maps(pid_t pid)
{
	read_proc(pid, "numa_maps");
}

/* pagemap over every VMA, as a tool would: 8 bytes per page. */
static void read_pagemap(pid_t pid)
{
	char path[64], line[4096];
	unsigned long start, end;
	FILE *maps;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	fd = open(path, O_RDONLY);
	if (!maps || fd < 0)
		die(path);
	while (fgets(line, sizeof(line), maps)) {
		off_t off, stop;

		if (sscanf(line, "%lx-%lx", &start, &end) != 2)
			continue;
		/* the vsyscall page is not in the user page tables */
		if (start >= 0x800000000000UL)
			continue;
		stop = (off_t)(end / 4096) * 8;
		for (off = (off_t)(start / 4096) * 8; off < stop;) {
			size_t len = stop - off < (off_t)sizeof(iobuf) ?
				     (size_t)(stop - off) : sizeof(iobuf);
			ssize_t n = pread(fd, iobuf, len, off);

			if (n <= 0)
				break;
			off += n;
		}
	}
	fclose(maps);
	close(fd);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median_ms(void (*fn)(pid_t), pid_t pid, int repeat)
{
	double t[64];
	int i;

	fn(pid);	/* warm up */
	for (i = 0; i < repeat; i++) {
		double t0 = now_ms();

		fn(pid);
		t[i] = now_ms() - t0;
	}
	qsort(t, repeat, sizeof(t[0]), cmp_double);
	return t[repeat / 2];
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		size_t resident;
		int thp;
		size_t reserve;
	} targets[] = {
		{ "256 MiB, 4 KiB pages", 256 * MIB, 0, 0 },
		{ "256 MiB, THP", 256 * MIB, 1, 0 },
		{ "1 GiB, 4 KiB pages", 1024 * MIB, 0, 0 },
		{ "1 GiB, THP", 1024 * MIB, 1, 0 },
		{ "2 GiB, 4 KiB pages", 2048 * MIB, 0, 0 },
		{ "2 GiB, THP", 2048 * MIB, 1, 0 },
		{ "1 TiB reserved, 64 MiB resident", 64 * MIB, 0, 1UL << 40 },
	};
	int repeat = argc > 1 ? atoi(argv[1]) : 5;
	size_t i;

	if (repeat < 1 || repeat > 64)
		repeat = 5;
	printf("BENCH %-34s %10s %8s %10s %8s   (median of %d, ms; ratio = time / vmscope)\n",
	       "target", "vmscope", "smaps", "numa_maps", "pagemap",
	       repeat);
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		pid_t pid = target(targets[i].resident, targets[i].thp,
				   targets[i].reserve);
		double v, s, n, p;

		kill(pid, SIGSTOP);
		v = median_ms(read_vmscope, pid, repeat);
		s = median_ms(read_smaps, pid, repeat);
		n = median_ms(read_numa_maps, pid, repeat);
		p = median_ms(read_pagemap, pid, repeat);
		printf("BENCH %-34s %8.2fms %7.2fx %9.2fx %7.2fx\n",
		       targets[i].name, v, s / v, n / v, p / v);
		fflush(stdout);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return 0;
}
