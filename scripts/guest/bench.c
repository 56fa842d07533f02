// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-bench: in one guest run, time vmscope against the kernel's own
 * interfaces on the same targets. Not a pass/fail test.
 *
 *   vmscope-bench [REPEAT]
 *   vmscope-bench --loop TARGET READER SECONDS
 *   vmscope-bench --stall SECONDS
 *   vmscope-bench --machine N MIB [REPEAT [thp]]
 *
 * The second form is for profiling: it sets up target number TARGET (0
 * is the first of the table below), prints "ready" and reads it with
 * READER (all, summary, smaps, rollup, numa, pagemap; or, for the fixed
 * cost of a request in parts: open, open and close of /proc/vmscope;
 * write, that with a summary requested but not read; rollup-open, open
 * and close of smaps_rollup) for SECONDS; TARGET
 * "machine" or "machine-thp" sets up the machine-wide case below with 32
 * processes, READER "summaries" (one "* summary" request) or "rollups".
 *
 * The third measures what reading costs the target: a process with
 * 1 GiB resident in 4 KiB pages (CPU 0, node 0) times an mmap + touch +
 * munmap of one page every 0.5 ms, then counts the page faults it takes
 * in a loop (mmap 16 MiB, touch every page, munmap), each for SECONDS
 * while nothing reads it, while CPU 1 spins in user space (the control:
 * under TCG two busy vCPUs share host cores), while smaps is read in a
 * loop, and while a full vmscope report is (from CPU 1). The phases take
 * turns in three rounds of SECONDS/3, so that a drift of the host's
 * speed hits them alike; the latencies of all rounds are pooled, the
 * fault rate is their total over their time (with the rounds' range).
 * Last, the walker's own figures (debugfs stats): yields for writers, its
 * longest step between two looks and longest mmap_lock hold, beside the
 * longest time the spin lost between two reads of the clock, the part of
 * a step that is the vCPU's absence, not the walker's work.
 *
 * Each target is a child process that sets up its memory and stops. Its
 * layout is controlled: it runs on CPU 0 and its memory is bound to node
 * 0 (MPOL_BIND), except the "interleaved" shape, which spreads pages over
 * both nodes page by page (MPOL_INTERLEAVE) and so gives vmscope one
 * extent per page. The reader runs on CPU 1. Readers, each on a freshly
 * opened file, read(2) in 128 KiB as cat does:
 *
 *   all       /proc/vmscope "PID all" (task, vma and ext records)
 *   summary   /proc/vmscope "PID summary"
 *   smaps     /proc/PID/smaps
 *   rollup    /proc/PID/smaps_rollup
 *   numa      /proc/PID/numa_maps
 *   pagemap   /proc/PID/pagemap over every VMA, 8 bytes per page
 *
 * The readers of each ratio (all and smaps, summary and rollup, numa and
 * pagemap) are sampled in turn, REPEAT times each (default 5) after a
 * warm-up read; a sample is the mean of as many reads as last 25 ms
 * (one read of a large target, up to 1000 of an almost empty one). The
 * median sample is printed in ms, then the ratios all/smaps and
 * summary/rollup (below 1: vmscope is cheaper), the target's VMA and
 * extent counts as the report gives them, and the size of one full report
 * and of one smaps in KiB (copying them out is part of their cost).
 *
 * VMSCOPE_BENCH_TARGETS, a comma-separated list of indices into the
 * table (0 is its first row), runs those rows alone, without the
 * machine-wide cases.
 *
 * After the table, and alone with --machine, the machine-wide cases: N
 * processes (32 and 128) map one MIB MiB (512) MAP_SHARED anonymous
 * (shmem) segment, in 4 KiB pages and in THP, each with every page of it
 * mapped, and stop;
 * then one "* summary" request to /proc/vmscope, read to its end, is
 * timed against reading /proc/PID/smaps_rollup of every process in
 * /proc, the same processes (what a monitoring exporter does), with the
 * ratio (below 1: vmscope is cheaper).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MIB		(1UL << 20)
#define READ_SIZE	(128 * 1024)
#define SAMPLE_MS	25.0	/* a sample's least duration */
#define MAX_BATCH	1000	/* and its most calls */
#define MPOL_BIND_	2
#define MPOL_INTERLEAVE_ 3

static char iobuf[READ_SIZE];

enum shape { PLAIN, THP, MTHP, HUGETLB, INTERLEAVED, RESERVED, MANY, EMPTY };

struct target {
	const char *name;
	enum shape shape;
	size_t bytes;		/* resident bytes, or VMAs for MANY */
};

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

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

static void set_policy(int mode, unsigned long nodes)
{
	if (syscall(SYS_set_mempolicy, mode, &nodes, sizeof(nodes) * 8))
		die("set_mempolicy");
}

/* The shape's memory, in the child. */
static void build(const struct target *t)
{
	size_t align = 2 * MIB, i;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	char *p;

	switch (t->shape) {
	case EMPTY:
		return;
	case RESERVED:
		if (mmap(NULL, 1UL << 40, PROT_NONE, flags | MAP_NORESERVE,
			 -1, 0) == MAP_FAILED)
			die("mmap reserve");
		return;
	case MANY:
		/* alternate protections so that neighbours never merge */
		p = mmap(NULL, t->bytes * 4096, PROT_READ | PROT_WRITE, flags,
			 -1, 0);
		if (p == MAP_FAILED)
			die("mmap many");
		for (i = 0; i < t->bytes; i++) {
			p[i * 4096] = 1;
			if ((i & 1) && mprotect(p + i * 4096, 4096, PROT_READ))
				die("mprotect");
		}
		return;
	case HUGETLB:
		p = mmap(NULL, t->bytes, PROT_READ | PROT_WRITE,
			 flags | MAP_HUGETLB, -1, 0);
		if (p == MAP_FAILED)
			die("mmap hugetlb");
		memset(p, 1, t->bytes);
		return;
	default:
		break;
	}
	if (t->shape == INTERLEAVED)
		set_policy(MPOL_INTERLEAVE_, 3);
	p = mmap(NULL, t->bytes + align, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	p = (char *)(((unsigned long)p + align - 1) & ~(align - 1));
	if (madvise(p, t->bytes, t->shape == THP || t->shape == MTHP ?
		    MADV_HUGEPAGE : MADV_NOHUGEPAGE))
		die("madvise");
	memset(p, 1, t->bytes);
}

/* A stopped child holding @t's memory. */
static pid_t start(const struct target *t)
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
		pin_cpu(0);
		set_policy(MPOL_BIND_, 1);
		build(t);
		if (write(pfd[1], &c, 1) != 1)
			die("write");
		for (;;)
			pause();
	}
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1) {
		waitpid(pid, NULL, 0);
		close(pfd[0]);
		return -1;
	}
	close(pfd[0]);
	kill(pid, SIGSTOP);
	return pid;
}

static size_t drained;	/* bytes read by drain(), in all */

static void drain(int fd)
{
	ssize_t n;

	while ((n = read(fd, iobuf, sizeof(iobuf))) > 0)
		drained += n;
}

/* The bytes one call of @fn reads. */
static size_t bytes_of(void (*fn)(pid_t), pid_t pid)
{
	size_t before = drained;

	fn(pid);
	return drained - before;
}

/* /proc/vmscope, open with the request "PID @what" written. */
static int open_request(pid_t pid, const char *what)
{
	char req[48];
	int fd = open("/proc/vmscope", O_RDWR);
	int n = snprintf(req, sizeof(req), "%d %s\n", pid, what);

	if (fd < 0 || write(fd, req, n) != n)
		die("/proc/vmscope");
	return fd;
}

static void request(pid_t pid, const char *what)
{
	int fd = open_request(pid, what);

	drain(fd);
	close(fd);
}

static void read_all(pid_t pid)
{
	request(pid, "all");
}

static void read_summary(pid_t pid)
{
	request(pid, "summary");
}

/*
 * The fixed cost of a request, in parts (--loop only): opening and
 * closing /proc/vmscope, and that with the request written but not read;
 * against opening and closing smaps_rollup.
 */
static void open_vmscope(pid_t pid)
{
	int fd = open("/proc/vmscope", O_RDWR);

	(void)pid;
	if (fd < 0)
		die("/proc/vmscope");
	close(fd);
}

static void write_summary(pid_t pid)
{
	close(open_request(pid, "summary"));
}

/* /proc/PID/@file, open for reading. */
static int open_proc(pid_t pid, const char *file)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	return fd;
}

static void open_rollup(pid_t pid)
{
	close(open_proc(pid, "smaps_rollup"));
}

static void read_proc(pid_t pid, const char *file)
{
	int fd = open_proc(pid, file);

	drain(fd);
	close(fd);
}

static void read_smaps(pid_t pid)
{
	read_proc(pid, "smaps");
}

static void read_rollup(pid_t pid)
{
	read_proc(pid, "smaps_rollup");
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

/*
 * How many calls of @fn one sample makes: enough to last SAMPLE_MS, so
 * that a read of a small target (0.1 ms) is not timed alone, at the
 * clock's and the scheduler's grain. From one timed call after a warm-up.
 */
static int batch_of(void (*fn)(pid_t), pid_t pid)
{
	double t0, t;

	fn(pid);	/* warm up */
	t0 = now_ms();
	fn(pid);
	t = now_ms() - t0;
	if (t >= SAMPLE_MS)
		return 1;
	if (t < SAMPLE_MS / MAX_BATCH)
		return MAX_BATCH;
	return (int)(SAMPLE_MS / t) + 1;
}

/* The mean time of one call of @fn over @batch calls, in ms. */
static double sample_ms(void (*fn)(pid_t), pid_t pid, int batch)
{
	double t0 = now_ms();
	int i;

	for (i = 0; i < batch; i++)
		fn(pid);
	return (now_ms() - t0) / batch;
}

static double median(double *t, int n)
{
	qsort(t, n, sizeof(t[0]), cmp_double);
	return t[n / 2];
}

/*
 * The median per-call times of two readers whose ratio is printed,
 * sampled in turn (a, b, a, b, ...) so that a drift of the host's speed
 * weighs on both alike.
 */
static void median_pair(void (*fa)(pid_t), void (*fb)(pid_t), pid_t pid,
			int repeat, double *ma, double *mb)
{
	int na = batch_of(fa, pid), nb = batch_of(fb, pid), i;
	double a[64], b[64];

	for (i = 0; i < repeat; i++) {
		a[i] = sample_ms(fa, pid, na);
		b[i] = sample_ms(fb, pid, nb);
	}
	*ma = median(a, repeat);
	*mb = median(b, repeat);
}

/*
 * The end record's vmas= and exts= of a "summary extents" report: the
 * last 64 KiB of it are kept, the trailer is there.
 */
static void counts(pid_t pid, unsigned long *vmas, unsigned long *exts)
{
	static char tail[1 << 16];
	char req[48];
	int fd = open("/proc/vmscope", O_RDWR);
	int n = snprintf(req, sizeof(req), "%d summary extents\n", pid);
	size_t len = 0;
	const char *end, *p;
	ssize_t r;

	*vmas = *exts = 0;
	if (fd < 0 || write(fd, req, n) != n)
		die("/proc/vmscope");
	while ((r = read(fd, iobuf, sizeof(iobuf))) > 0) {
		size_t keep = (size_t)r < sizeof(tail) / 2 ?
			      (size_t)r : sizeof(tail) / 2;

		if (len + keep >= sizeof(tail)) {
			memmove(tail, tail + len - sizeof(tail) / 2,
				sizeof(tail) / 2);
			len = sizeof(tail) / 2;
		}
		memcpy(tail + len, iobuf + r - keep, keep);
		len += keep;
	}
	close(fd);
	tail[len < sizeof(tail) ? len : sizeof(tail) - 1] = 0;
	end = strstr(tail, "\nend ");
	if (!end)
		return;
	if ((p = strstr(end, " vmas=")))
		*vmas = strtoul(p + 6, NULL, 10);
	if ((p = strstr(end, " exts=")))
		*exts = strtoul(p + 6, NULL, 10);
}

#define THP_SYSFS	"/sys/kernel/mm/transparent_hugepage/"

static int put_sysfs(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY);
	int ok = fd >= 0 && write(fd, value, strlen(value)) ==
			    (ssize_t)strlen(value);

	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * 64 KiB folios where the kernel has them (6.8 on): PMD-sized THP off
 * meanwhile, or a MADV_HUGEPAGE range would get 2 MiB folios instead.
 */
static int mthp(int on)
{
	if (!put_sysfs(THP_SYSFS "hugepages-64kB/enabled", on ? "always" : "never"))
		return 0;
	return put_sysfs(THP_SYSFS "hugepages-2048kB/enabled",
			 on ? "never" : "inherit");
}

static const struct {
	const char *name;
	void (*fn)(pid_t);
} readers[] = {
	{ "all", read_all }, { "summary", read_summary },
	{ "smaps", read_smaps }, { "rollup", read_rollup },
	{ "numa", read_numa_maps }, { "pagemap", read_pagemap },
	{ "open", open_vmscope }, { "write", write_summary },
	{ "rollup-open", open_rollup },
};

/*
 * Say "ready", then call @fn on @pid until @seconds have passed, and print
 * the reads' mean time as a LOOP line for @what and @reader.
 */
static void timed_reads(void (*fn)(pid_t), pid_t pid, double seconds,
			const char *what, const char *reader)
{
	unsigned long n = 0;
	double t0;

	printf("ready\n");
	fflush(stdout);
	t0 = now_ms();
	while (now_ms() - t0 < seconds * 1e3) {
		fn(pid);
		n++;
	}
	printf("LOOP %s %s: %lu reads, %.4f ms each\n", what, reader, n,
	       (now_ms() - t0) / n);
}

/* --loop: read one target with one reader until @seconds have passed. */
static int loop(const struct target *t, const char *reader, double seconds)
{
	void (*fn)(pid_t) = NULL;
	size_t i;
	pid_t pid;

	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (!strcmp(readers[i].name, reader))
			fn = readers[i].fn;
	if (!fn) {
		fprintf(stderr, "vmscope-bench: no reader %s\n", reader);
		return 2;
	}
	pid = start(t);
	if (pid < 0)
		die("target");
	timed_reads(fn, pid, seconds, t->name, reader);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

/* ---- --stall ------------------------------------------------------------ */

#define STALL_MAX	200000

static int cmp_u64(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * The stall phases: what CPU 1 does while the target measures. "spin" is
 * the control: CPU 1 busy in user space, reading nothing, so that what
 * merely having both vCPUs busy costs the target (under TCG, host threads
 * sharing host cores) is not taken for what reading it costs.
 */
static const char *const stall_phases[] = { "idle", "spin", "smaps", "all" };
#define STALL_PHASES	4

/* In the target: what each phase measured, summed over its rounds. */
static struct {
	unsigned long long lat[STALL_MAX];	/* mmap+touch+munmap, ns */
	size_t nlat;
	double faults, secs;			/* page-fault loop */
	double rate_min, rate_max;		/* per round, faults/s */
} stall_acc[STALL_PHASES];

/* In the target: one round of @what for @seconds, added to @ph's sums. */
static void stall_measure(char what, int ph, double seconds)
{
	unsigned long long t0 = now_ns(), end = t0 + seconds * 1e9;
	typeof(stall_acc[0]) *acc = &stall_acc[ph];
	size_t k = 0;
	double rate;

	if (what == 'm') {
		while (now_ns() < end && acc->nlat < STALL_MAX) {
			unsigned long long a = now_ns();
			char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED)
				die("mmap");
			*p = 1;
			munmap(p, 4096);
			acc->lat[acc->nlat++] = now_ns() - a;
			usleep(500);
		}
		return;
	}
	while (now_ns() < end) {
		size_t len = 16 * MIB, i;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		madvise(p, len, MADV_NOHUGEPAGE);
		for (i = 0; i < len; i += 4096)
			p[i] = 1;
		munmap(p, len);
		k += len / 4096;
	}
	rate = k / ((now_ns() - t0) / 1e9);
	acc->faults += k;
	acc->secs += (now_ns() - t0) / 1e9;
	if (!acc->rate_max || rate < acc->rate_min)
		acc->rate_min = rate;
	if (rate > acc->rate_max)
		acc->rate_max = rate;
}

/* In the target: @ph's result for @what, as a line. */
static void stall_result(char what, int ph, char *out, size_t n)
{
	typeof(stall_acc[0]) *acc = &stall_acc[ph];
	size_t k = acc->nlat;

	if (what == 'm') {
		if (!k) {
			snprintf(out, n, "no ops");
			return;
		}
		qsort(acc->lat, k, sizeof(acc->lat[0]), cmp_u64);
		snprintf(out, n, "%zu ops, p50 %.3f ms, p99 %.3f ms, max %.3f ms",
			 k, acc->lat[k / 2] / 1e6, acc->lat[k * 99 / 100] / 1e6,
			 acc->lat[k - 1] / 1e6);
		return;
	}
	snprintf(out, n, "%.0f faults/s (rounds %.0f-%.0f)",
		 acc->secs ? acc->faults / acc->secs : 0, acc->rate_min,
		 acc->rate_max);
}

/*
 * The longest time a spin in user space on CPU 1 (the "spin" phase) lost
 * between two reads of the clock, ns: what the host's scheduling (or the
 * guest's interrupts) takes from a vCPU at once, whatever runs on it. A
 * walker's step or hold can look as long without being so much work.
 */
static unsigned long long spin_gap_max;

/* The walker's own measure of its lock holds (debugfs stats), in µs. */
static void stall_stats(void)
{
	static const char *const keys[] = {
		"yields_writers", "step_max_ns", "hold_max_ns",
	};
	unsigned long long v[3] = { 0 };
	char buf[1024], key[64];
	FILE *f = fopen("/sys/kernel/debug/vmscope/stats", "r");

	if (!f)
		return;
	if (fgets(buf, sizeof(buf), f)) {
		for (size_t i = 0; i < 3; i++) {
			const char *p;

			snprintf(key, sizeof(key), " %s=", keys[i]);
			p = strstr(buf, key);
			if (p)
				v[i] = strtoull(p + strlen(key), NULL, 10);
		}
	}
	fclose(f);
	printf("BENCH stall walker: %llu yields for writers; longest step between checks %.1f us, longest mmap_lock hold %.1f us (all requests of this run); a spin in user space on CPU 1 lost up to %.1f us at once\n",
	       v[0], v[1] / 1e3, v[2] / 1e3, spin_gap_max / 1e3);
}

/* CPU 1's work in a stall phase: one "read" of it. */
static void stall_read(int ph, pid_t pid)
{
	unsigned long long t, last, end;

	switch (ph) {
	case 0:
		usleep(10000);
		break;
	case 1:
		last = now_ns();
		for (end = last + 2000000; last < end; last = t) {
			t = now_ns();
			if (t - last > spin_gap_max)
				spin_gap_max = t - last;
		}
		break;
	case 2:
		read_smaps(pid);
		break;
	default:
		read_all(pid);
	}
}

#define STALL_ROUNDS	3

/*
 * Send command @c to the stall target and wait for its reply, a line into
 * @line, meanwhile doing phase @ph's work (none for @ph < 0). Return: the
 * reads of the target made meanwhile.
 */
static unsigned long stall_ask(int cmd, int res, const char c[2], int ph,
			       pid_t pid, char *line, size_t size)
{
	unsigned long reads = 0;

	if (write(cmd, c, 2) != 2)
		die("write");
	while (read(res, line, size) < 0) {
		if (errno != EAGAIN)
			die("read");
		if (ph < 0)
			continue;
		stall_read(ph, pid);
		reads += ph > 1;
	}
	return reads;
}

static int stall(double seconds)
{
	static const struct target t = { "1 GiB, 4 KiB pages", PLAIN, 1024 * MIB };
	unsigned long reads[2][STALL_PHASES] = { { 0 } };
	int cmd[2], res[2];
	char line[160];
	pid_t pid;

	if (pipe(cmd) || pipe(res))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		char c[2];

		pin_cpu(0);
		set_policy(MPOL_BIND_, 1);
		build(&t);
		if (write(res[1], "r", 1) != 1)
			die("write");
		/* "mP"/"fP": a round of phase P; "Mp"/"Fp": P's result. */
		while (read(cmd[0], c, 2) == 2) {
			if (c[0] == 'm' || c[0] == 'f') {
				stall_measure(c[0], c[1] - '0',
					      seconds / STALL_ROUNDS);
				line[0] = 0;
			} else {
				stall_result(c[0] == 'M' ? 'm' : 'f',
					     c[1] - '0', line, sizeof(line));
			}
			if (write(res[1], line, strlen(line) + 1) < 0)
				die("write");
		}
		_exit(0);
	}
	if (read(res[0], line, 1) != 1)
		die("stall target");
	fcntl(res[0], F_SETFL, O_NONBLOCK);
	for (int w = 0; w < 2; w++) {
		char what = "mf"[w];

		/* The phases in turn, round by round: drift hits them alike. */
		for (int r = 0; r < STALL_ROUNDS; r++) {
			for (int ph = 0; ph < STALL_PHASES; ph++) {
				char c[2] = { what, '0' + ph };

				reads[w][ph] += stall_ask(cmd[1], res[0], c, ph,
							  pid, line,
							  sizeof(line));
			}
		}
		for (int ph = 0; ph < STALL_PHASES; ph++) {
			char c[2] = { what == 'm' ? 'M' : 'F', '0' + ph };

			stall_ask(cmd[1], res[0], c, -1, pid, line, sizeof(line));
			printf("BENCH stall %-22s while %-5s read (%lu reads): %s\n",
			       what == 'm' ? "mmap+touch+munmap" : "page-fault loop",
			       stall_phases[ph], reads[w][ph], line);
			fflush(stdout);
		}
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	stall_stats();
	return 0;
}

/* ---- machine-wide ------------------------------------------------------- */

static void read_every_summary(pid_t unused)
{
	static const char req[] = "* summary\n";
	int fd = open("/proc/vmscope", O_RDWR);

	(void)unused;
	if (fd < 0 || write(fd, req, sizeof(req) - 1) != sizeof(req) - 1)
		die("/proc/vmscope");
	drain(fd);
	close(fd);
}

/* Every process's smaps_rollup, as an exporter reads them. */
static void read_every_rollup(pid_t unused)
{
	struct dirent *d;
	DIR *dir = opendir("/proc");

	(void)unused;
	if (!dir)
		die("/proc");
	while ((d = readdir(dir))) {
		char path[300];
		int fd;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/smaps_rollup", d->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;	/* exited meanwhile */
		drain(fd);
		close(fd);
	}
	closedir(dir);
}

static unsigned long count_procs(void)
{
	unsigned long n = 0;
	struct dirent *d;
	DIR *dir = opendir("/proc");

	while (dir && (d = readdir(dir)))
		n += d->d_name[0] >= '1' && d->d_name[0] <= '9';
	if (dir)
		closedir(dir);
	return n;
}

static void machine_header(int repeat)
{
	printf("BENCH machine-wide: every process, '* summary' (one request) vs every /proc/PID/smaps_rollup; median of %d, ms\n",
	       repeat);
	printf("BENCH %-28s %6s %8s %8s %11s\n", "target", "procs", "summary*",
	       "rollups", "sum*/rollups");
	fflush(stdout);
}

/* The machine-wide case's processes and their segment. */
struct machine_set {
	pid_t *pids;
	int nproc;
	char *shm;
	size_t bytes;
	int thp;
};

static const char shmem_thp[] =
	"/sys/kernel/mm/transparent_hugepage/shmem_enabled";

/*
 * N stopped processes mapping every page of one MIB MiB shmem segment,
 * in 4 KiB pages or (@thp) in PMD-mapped huge pages: shmem_enabled
 * "advise" and MADV_HUGEPAGE, the segment aligned by shmem to 2 MiB.
 * Return: 0, or 1 if this kernel has no shmem THP.
 */
static int machine_setup(struct machine_set *m, int nproc, size_t mib,
			 int thp)
{
	size_t i;
	int k, st;

	m->nproc = nproc;
	m->bytes = mib * MIB;
	m->thp = thp;
	if (thp && !put_sysfs(shmem_thp, "advise"))
		return 1;
	m->pids = calloc(nproc, sizeof(*m->pids));
	m->shm = mmap(NULL, m->bytes, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!m->pids || m->shm == MAP_FAILED)
		die("mmap shared");
	if (thp && madvise(m->shm, m->bytes, MADV_HUGEPAGE))
		die("madvise shared");
	memset(m->shm, 1, m->bytes);
	for (k = 0; k < nproc; k++) {
		m->pids[k] = fork();
		if (m->pids[k] < 0)
			die("fork");
		if (m->pids[k] == 0) {
			pin_cpu(0);
			/* A shared mapping's entries are not copied at fork. */
			for (i = 0; i < m->bytes; i += 4096)
				(void)*(volatile char *)(m->shm + i);
			raise(SIGSTOP);
			for (;;)
				pause();
		}
		if (waitpid(m->pids[k], &st, WUNTRACED) != m->pids[k] ||
		    !WIFSTOPPED(st))
			die("worker");
	}
	return 0;
}

static void machine_teardown(struct machine_set *m)
{
	int k;

	for (k = 0; k < m->nproc; k++)
		kill(m->pids[k], SIGKILL);
	for (k = 0; k < m->nproc; k++)
		waitpid(m->pids[k], NULL, 0);
	munmap(m->shm, m->bytes);
	if (m->thp)	/* the kernel's default; the guest is the bench's own */
		put_sysfs(shmem_thp, "never");
	free(m->pids);
}

static int machine(int nproc, size_t mib, int thp, int repeat)
{
	struct machine_set m;
	double su, r;

	if (machine_setup(&m, nproc, mib, thp)) {
		printf("BENCH %3d x %4zu MiB shmem, THP   (no shmem THP on this kernel)\n",
		       nproc, mib);
		return 0;
	}
	median_pair(read_every_summary, read_every_rollup, 0, repeat, &su, &r);
	printf("BENCH %3d x %4zu MiB shmem, %-5s %3s %6lu %8.2f %8.2f %11.2f\n",
	       nproc, mib, thp ? "THP" : "4 KiB", "", count_procs(), su, r,
	       su / r);
	fflush(stdout);
	machine_teardown(&m);
	return 0;
}

/*
 * --loop machine[-thp] READER SECONDS: the machine-wide case with 32
 * processes, for profiling; READER is "summaries" or "rollups".
 */
static int machine_loop(int thp, const char *reader, double seconds)
{
	void (*fn)(pid_t) = !strcmp(reader, "summaries") ? read_every_summary :
			    !strcmp(reader, "rollups") ? read_every_rollup :
			    NULL;
	struct machine_set m;

	if (!fn) {
		fprintf(stderr, "vmscope-bench: no machine-wide reader %s\n",
			reader);
		return 2;
	}
	if (machine_setup(&m, 32, 512, thp))
		return 1;
	timed_reads(fn, 0, seconds, thp ? "machine-wide 32 x 512 MiB shmem THP" :
		    "machine-wide 32 x 512 MiB shmem 4 KiB", reader);
	machine_teardown(&m);
	return 0;
}

/* The machine-wide cases: 32 and 128 processes, 4 KiB pages and THP. */
static int machine_all(int repeat)
{
	static const int procs[] = { 32, 128 };
	int thp, k;

	machine_header(repeat);
	for (thp = 0; thp < 2; thp++)
		for (k = 0; k < 2; k++)
			if (machine(procs[k], 512, thp, repeat))
				return 1;
	return 0;
}

/* Is target @i in @only, a comma-separated list of indices (NULL: all)? */
static int chosen(const char *only, size_t i)
{
	char *end;

	while (only && *only) {
		if (strtoul(only, &end, 10) == i && end != only)
			return 1;
		only = *end == ',' ? end + 1 : "";
	}
	return !only;
}

int main(int argc, char **argv)
{
	static const struct target targets[] = {
		{ "256 MiB, 4 KiB pages", PLAIN, 256 * MIB },
		{ "1 GiB, 4 KiB pages", PLAIN, 1024 * MIB },
		{ "2 GiB, 4 KiB pages", PLAIN, 2048 * MIB },
		{ "1 GiB, 4 KiB, interleaved", INTERLEAVED, 1024 * MIB },
		{ "256 MiB, THP", THP, 256 * MIB },
		{ "1 GiB, THP", THP, 1024 * MIB },
		{ "256 MiB, mTHP 64 KiB", MTHP, 256 * MIB },
		{ "32 MiB hugetlb 2 MiB", HUGETLB, 32 * MIB },
		{ "1 TiB PROT_NONE reservation", RESERVED, 0 },
		{ "10,000 small VMAs", MANY, 10000 },
		{ "almost empty process", EMPTY, 0 },
	};
	const size_t ntargets = sizeof(targets) / sizeof(targets[0]);
	int repeat = argc > 1 ? atoi(argv[1]) : 5;
	const char *only = getenv("VMSCOPE_BENCH_TARGETS");
	int have_mthp = mthp(0);
	size_t i;

	pin_cpu(1);
	if (argc == 3 && !strcmp(argv[1], "--stall"))
		return stall(atof(argv[2]));
	if (argc >= 4 && !strcmp(argv[1], "--machine")) {
		int r = argc > 4 ? atoi(argv[4]) : 5;

		r = r < 1 || r > 64 ? 5 : r;
		machine_header(r);
		return machine(atoi(argv[2]), strtoul(argv[3], NULL, 10),
			       argc > 5 && !strcmp(argv[5], "thp"), r);
	}
	if (argc == 5 && !strcmp(argv[1], "--loop") &&
	    !strncmp(argv[2], "machine", 7))
		return machine_loop(!strcmp(argv[2], "machine-thp"), argv[3],
				    atof(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "--loop")) {
		i = strtoul(argv[2], NULL, 10);
		if (i >= ntargets)
			return 2;
		return loop(&targets[i], argv[3], atof(argv[4]));
	}
	if (repeat < 1 || repeat > 64)
		repeat = 5;
	printf("BENCH target on CPU 0, memory bound to node 0 (but interleaved: nodes 0-1); reader on CPU 1; read(2) of %d KiB; median of %d, ms\n",
	       READ_SIZE / 1024, repeat);
	printf("BENCH %-28s %6s %8s %8s %8s %8s %8s %8s %8s %9s %11s %8s %8s\n",
	       "target", "vmas", "exts", "all", "smaps", "summary", "rollup",
	       "numa", "pagemap", "all/smaps", "sum/rollup", "all KiB",
	       "smapsKiB");
	for (i = 0; i < ntargets; i++) {
		const struct target *t = &targets[i];
		double a, s, su, r, n, p;
		unsigned long vmas, exts;
		size_t ab, sb;
		pid_t pid;

		if (!chosen(only, i))
			continue;
		if (t->shape == MTHP && !have_mthp) {
			printf("BENCH %-28s (no mTHP on this kernel)\n", t->name);
			continue;
		}
		if (t->shape == MTHP)
			mthp(1);
		pid = start(t);
		if (t->shape == MTHP)
			mthp(0);
		if (pid < 0) {
			printf("BENCH %-28s (could not be set up)\n", t->name);
			continue;
		}
		counts(pid, &vmas, &exts);
		ab = bytes_of(read_all, pid);
		sb = bytes_of(read_smaps, pid);
		median_pair(read_all, read_smaps, pid, repeat, &a, &s);
		median_pair(read_summary, read_rollup, pid, repeat, &su, &r);
		median_pair(read_numa_maps, read_pagemap, pid, repeat, &n, &p);
		printf("BENCH %-28s %6lu %8lu %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %9.2f %11.2f %8.1f %8.1f\n",
		       t->name, vmas, exts, a, s, su, r, n, p, a / s, su / r,
		       ab / 1024.0, sb / 1024.0);
		fflush(stdout);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return only ? 0 : machine_all(repeat);
}
