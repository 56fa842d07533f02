// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-harden: reproducers for what a hostile or unlucky target, reader
 * or driver could do to the module. Each prints VMSCOPE-TAP lines; the
 * harness fails the run on any kernel warning, KASAN, lockdep or UBSAN
 * report, so a reproducer that only provokes the kernel is checked too.
 *
 *   vmscope-harden devzero           private /dev/zero is kind=anon
 *   vmscope-harden pfnpriv           pfn and runs= follow the reader's
 *                                    privilege at every walk
 *   vmscope-harden filereuse SECONDS a memfd replaced by another whose
 *                                    struct file reuses the slot, during
 *                                    the walker's lock yields
 *   vmscope-harden exec SECONDS      a reader never sees a set-user-ID
 *                                    image under its caller's credentials
 *   vmscope-harden bigreport GIB     a checkerboard of zero-page and none
 *                                    pages over GIB GiB, read through a
 *                                    small buffer: complete, and kernel
 *                                    memory stays bounded
 *   vmscope-harden manyvmas N        the same for a process with N VMAs
 *   vmscope-harden collapse SECONDS  memfd pages collapsed into huge pages
 *                                    (PTE tables retracted and freed
 *                                    through RCU) while being read
 *   vmscope-harden thpzap SECONDS    anonymous THPs zapped and faulted
 *                                    again while being read: each PMD
 *                                    leaf that changes between the walk's
 *                                    read and its lock is read again
 *   vmscope-harden pfnmap            a device BAR mapped by vfio-pci with
 *                                    huge PFN-map pmds (6.12), read
 *                                    through both front ends
 *   vmscope-harden failinject N [alone]
 *                                    N requests at each of several
 *                                    probabilities of failing the
 *                                    reader's allocations (failslab,
 *                                    fail_page_alloc): each ends whole or
 *                                    with ENOMEM, never cut short as if
 *                                    whole; with "alone" (no other
 *                                    reader), stats walks= grows by the
 *                                    whole ones only
 *
 * filereuse wants yield_budget=1; exec wants a file system that honours
 * the set-user-ID bit at / (the initramfs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <linux/vfio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
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
#define NOBODY		65534

/* A TAP line whose name is formatted (its reason, if any, after " # "). */
static void tapn(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tapn(bool ok, const char *fmt, ...)
{
	char name[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	tap(ok, name, NULL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The value of " KEY=" in @line (up to the end of the line), or -1.
 * Addresses above LLONG_MAX (the vsyscall page) come back as their two's
 * complement, so differences of addresses are still right.
 */
static long long field(const char *line, const char *key)
{
	unsigned long long v;

	return line_u64(line, key, &v) ? (long long)v : -1;
}

/* The "vma" record starting at @start in @report, or NULL. */
static const char *vma_at(const char *report, unsigned long start)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "vma start=0x%lx ", start);
	p = strstr(report, key);
	if (p && p != report && p[-1] != '\n')
		return NULL;
	return p;
}

static bool line_has(const char *line, const char *s)
{
	const char *eol = strchrnul(line, '\n');
	const char *p = strstr(line, s);

	return p && p < eol;
}

/* Become @uid with no capabilities, but stay dumpable (inspectable). */
static int drop_to(uid_t uid)
{
	if (setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return -errno;
	return prctl(PR_SET_DUMPABLE, 1) ? -errno : 0;
}

/* ---- devzero ---------------------------------------------------------- */

/*
 * MAP_PRIVATE of /dev/zero is anonymous memory (vma_set_anonymous()), as
 * smaps counts it; its file is on devtmpfs, whose magic is tmpfs's.
 */
static int cmd_devzero(void)
{
	int fd = open("/dev/zero", O_RDWR);
	size_t len = 64 * 4096;
	const char *rec;
	char req[64], *rep;
	char *p;
	long n;

	if (fd < 0) {
		tapn(false, "devzero: open /dev/zero: %s", strerror(errno));
		return 1;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		tapn(false, "devzero: mmap: %s", strerror(errno));
		return 1;
	}
	memset(p, 1, len / 2);
	snprintf(req, sizeof(req), "%d vmas extents", getpid());
	n = vms_report(req, &rep);
	if (n < 0) {
		tapn(false, "devzero: report: %s", strerror(-n));
		return 1;
	}
	rec = vma_at(rep, (unsigned long)p);
	tapn(rec && line_has(rec, " " VMS_K_KIND "=anon ") &&
	    field(rec, VMS_K_ANON) == (long long)len / 2 &&
	    field(rec, VMS_K_SHMEM) == 0 && line_has(rec, VMS_K_NAME "=/dev/zero"),
	    "devzero: private /dev/zero is kind=anon with anon=%zu shmem=0",
	    len / 2);
	/* Its untouched pages are anonymous too, not shmem. */
	tapn(rec && !strstr(rec, VMS_K_STATE "=none " VMS_K_TYPE "=shmem"),
	    "devzero: its untouched pages are type=anon");
	free(rep);
	munmap(p, len);
	return 0;
}

/* ---- pfnpriv ---------------------------------------------------------- */

/* Read @fd from offset 0 to EOF; -errno on failure. */
static long reread(int fd, char **out)
{
	*out = NULL;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	return read_all(fd, out);
}

/*
 * A session opened and asked for frame numbers by root, then held by a
 * process that dropped every privilege: the walk at read() time must
 * refuse pfn (EPERM), and a plain report must not carry runs=, which is
 * derived from frame numbers.
 */
static int cmd_pfnpriv(void)
{
	int fd = open("/proc/vmscope", O_RDWR);
	char req[64], *rep;
	pid_t child;
	int status;
	long n;

	rep = NULL;
	if (fd < 0) {
		tapn(false, "pfnpriv: open /proc/vmscope: %s", strerror(errno));
		return 1;
	}
	child = fork();
	if (child == 0) {
		snprintf(req, sizeof(req), "%d all pfn\n", getpid());
		n = write_str(fd, req, strlen(req));
		if (!n)
			n = reread(fd, &rep);
		tapn(n > 0 && strstr(rep, " pfn=0x") && strstr(rep, " runs="),
		    "pfnpriv: root sees pfn= and runs=");
		free(rep);
		rep = NULL;
		if (drop_to(NOBODY)) {
			tapn(false, "pfnpriv: drop privileges: %s",
			    strerror(errno));
			_exit(1);
		}
		n = reread(fd, &rep);
		tapn(n == -EPERM,
		    "pfnpriv: the same pfn request re-read without CAP_SYS_ADMIN fails with EPERM (got %ld)",
		    n);
		free(rep);
		rep = NULL;
		snprintf(req, sizeof(req), "%d all\n", getpid());
		n = write_str(fd, req, strlen(req));
		if (!n)
			n = reread(fd, &rep);
		tapn(n > 0 && !strstr(rep, " runs=") && !strstr(rep, " pfn="),
		    "pfnpriv: without CAP_SYS_ADMIN a report has no runs= and no pfn= (%ld bytes)",
		    n);
		free(rep);
		_exit(tap_failures ? 1 : 0);
	}
	close(fd);
	if (child < 0 || waitpid(child, &status, 0) != child ||
	    !WIFEXITED(status) || WEXITSTATUS(status)) {
		tap_failures++;
		return 1;
	}
	return 0;
}

/* ---- filereuse -------------------------------------------------------- */

#define REUSE_ADDR	((void *)0x7e0000000000UL)
#define REUSE_LEN	(4 * MIB)
#define REUSE_BATCH	8

/* A memfd of REUSE_LEN whose every page is in swap; its fd, or -1. */
static int swapped_memfd(void)
{
	unsigned char vec[REUSE_LEN / 4096];
	int fd = memfd_create("vmscope-swapped", 0);
	int tries, i;
	char *p;

	if (fd < 0 || ftruncate(fd, REUSE_LEN))
		goto fail;
	p = mmap(NULL, REUSE_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	memset(p, 0x5a, REUSE_LEN);
	for (tries = 0; tries < 20; tries++) {
		madvise(p, REUSE_LEN, MADV_PAGEOUT);
		if (mincore(p, REUSE_LEN, vec))
			break;
		for (i = 0; i < (int)sizeof(vec) && !(vec[i] & 1); i++)
			;
		if (i == (int)sizeof(vec)) {
			munmap(p, REUSE_LEN);
			return fd;
		}
	}
	munmap(p, REUSE_LEN);
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

static bool map_at(int fd)
{
	void *p = mmap(REUSE_ADDR, REUSE_LEN, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_FIXED, fd, 0);

	close(fd);
	return p == REUSE_ADDR;
}

/*
 * The target: at REUSE_ADDR, a memfd whose pages are all in swap (mapped
 * with its fd closed, so that the mapping holds the last reference), then
 * replaced by munmap + memfd_create + MAP_FIXED with an empty memfd, whose
 * struct file most likely takes the freed slot (6.12's filp cache is
 * SLAB_TYPESAFE_BY_RCU), then back to another swapped one. Each mapping
 * lives about as long as the reader's last report took (*report_us, at
 * least 200 us): long enough to be seen on a slow kernel, short enough to
 * be replaced during a walk. The batch under way at @end is finished.
 */
static void reuse_target(double end, const volatile unsigned long *report_us)
{
	/* Under every other load at once, readers are slow to come by. */
	useconds_t least = getenv("VMSCOPE_TORTURE") ? 5000 : 200, hold;
	int pool[REUSE_BATCH];
	bool prepared = false;
	int i, n, fd;

	while (now() < end) {
		for (n = 0; n < REUSE_BATCH; n++) {
			pool[n] = swapped_memfd();
			if (pool[n] < 0)
				break;
		}
		if (!n) {
			/* Swap full or reclaim busy (under torture): wait. */
			usleep(100000);
			continue;
		}
		prepared = true;
		for (i = 0; i < n; i++) {
			hold = *report_us > least ? *report_us : least;
			if (!map_at(pool[i]))
				_exit(2);
			usleep(hold);
			munmap(REUSE_ADDR, REUSE_LEN);
			fd = memfd_create("vmscope-empty", 0);
			if (fd < 0 || ftruncate(fd, REUSE_LEN) || !map_at(fd))
				_exit(2);
			usleep(hold);
			munmap(REUSE_ADDR, REUSE_LEN);
		}
	}
	_exit(prepared ? 0 : 3);
}

/* Keep a CPU busy so that the reader's cond_resched() really yields. */
static pid_t hog(int cpu, double end)
{
	pid_t pid = fork();
	cpu_set_t set;

	if (pid)
		return pid;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	while (now() < end)
		;
	_exit(0);
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/*
 * Every record at REUSE_ADDR must describe one memfd: all swap (the
 * swapped one) or all none (the empty one). A record that mixes both was
 * walked partly with the facts of a file that was freed meanwhile.
 */
static int cmd_filereuse(int seconds)
{
	double end = now() + seconds;
	unsigned long reports = 0, seen = 0, mixed = 0, swapped = 0;
	volatile unsigned long *report_us;
	char req[64], *rep, line[160] = "";
	pid_t target, h;
	const char *rec;
	int status;

	if (access("/proc/swaps", R_OK) == 0) {
		char *s;

		if (read_file("/proc/swaps", &s) >= 0 && !strchr(strchr(s, '\n') + 1, '/')) {
			tapn(true, "filereuse: swapped memfd replaced during yields # SKIP no swap");
			free(s);
			return 0;
		}
		free(s);
	}
	report_us = mmap(NULL, sizeof(*report_us), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (report_us == MAP_FAILED) {
		tapn(false, "filereuse: mmap: %s", strerror(errno));
		return 0;
	}
	*report_us = 0;
	target = fork();
	if (target == 0) {
		pin(1);
		reuse_target(end, report_us);
	}
	pin(0);
	h = hog(0, end);
	snprintf(req, sizeof(req), "%d vmas\n", target);
	/* Until the target is done: on a slow kernel its batch ends late. */
	while (waitpid(target, &status, WNOHANG) == 0) {
		long long vsz, swap, none;
		double t0 = now();
		long n = vms_report(req, &rep);

		if (n < 0) {
			if (n == -ESRCH)
				break;
			continue;
		}
		*report_us = (unsigned long)((now() - t0) * 1e6);
		reports++;
		rec = vma_at(rep, (unsigned long)REUSE_ADDR);
		if (rec) {
			seen++;
			vsz = field(rec, VMS_K_VSZ);
			swap = field(rec, VMS_K_SWAP);
			none = field(rec, VMS_K_NONE);
			if (swap == vsz)
				swapped++;
			if (!(swap == vsz && none == 0) &&
			    !(swap == 0 && none == vsz)) {
				if (!mixed++)
					snprintf(line, sizeof(line), "%.*s",
						 (int)(strchrnul(rec, '\n') - rec),
						 rec);
			}
		}
		free(rep);
	}
	waitpid(target, &status, 0);
	waitpid(h, NULL, 0);
	munmap((void *)report_us, sizeof(*report_us));
	if (seen == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 3) {
		tapn(true, "filereuse: swapped memfd replaced during yields # SKIP no memfd could be swapped out whole (swap full)");
		return 0;
	}
	tapn(mixed == 0 && seen > 0,
	    "filereuse: %lu reports, %lu records of the replaced memfd (%lu swapped), %lu mixing two files%s%s",
	    reports, seen, swapped, mixed, mixed ? ": " : "", line);
	return 0;
}

/* ---- exec ------------------------------------------------------------- */

#define SUID_PATH	"/vmscope-harden-suid"
#define PLAIN_PATH	"/vmscope-harden-plain"

static int copy_file(const char *from, const char *to, mode_t mode)
{
	char *data;
	long n = read_file(from, &data);
	int fd;

	if (n < 0)
		return n;
	unlink(to);
	fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0700);
	if (fd < 0 || write_str(fd, data, n) || fchown(fd, 0, 0) ||
	    fchmod(fd, mode)) {
		free(data);
		return -1;
	}
	free(data);
	return close(fd);
}

/* The exec loop: plain -> set-user-ID root -> drops to nobody -> plain. */
static int cmd_exec_loop(const char *as)
{
	char *argv[] = { NULL, "exec-loop", NULL, NULL };

	if (!strcmp(as, "suid")) {
		/* Dropping privileges leaves it non-dumpable: not inspectable. */
		if (setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			return 1;
		argv[0] = PLAIN_PATH;
		argv[2] = "plain";
		execv(PLAIN_PATH, argv);
	} else {
		argv[0] = SUID_PATH;
		argv[2] = "suid";
		execv(SUID_PATH, argv);
	}
	return 1;
}

/*
 * A reader without privileges, holding a session that root opened, reads
 * a child that keeps exec'ing a set-user-ID-root binary (which drops its
 * privileges again and execs the plain copy). /proc/PID/smaps would never
 * show the set-user-ID image to that reader; nor may vmscope, in the
 * window where exec has installed the new mm but not yet its credentials.
 */
static int cmd_exec(int seconds)
{
	unsigned long reports = 0, refused = 0, leaked = 0;
	double end = now() + seconds;
	char req[64], *rep = NULL;
	pid_t looper, reader;
	int fd, status;
	long n;

	if (copy_file("/proc/self/exe", SUID_PATH, 04755) ||
	    copy_file("/proc/self/exe", PLAIN_PATH, 0755)) {
		tapn(false, "exec: copy the binaries: %s", strerror(errno));
		return 1;
	}
	looper = fork();
	if (looper == 0) {
		if (drop_to(NOBODY))
			_exit(1);
		cmd_exec_loop("plain");
		_exit(1);
	}
	fd = open("/proc/vmscope", O_RDWR);
	reader = fork();
	if (reader == 0) {
		if (fd < 0 || drop_to(NOBODY))
			_exit(1);
		snprintf(req, sizeof(req), "%d vmas\n", looper);
		while (now() < end) {
			rep = NULL;
			if (lseek(fd, 0, SEEK_SET) < 0)
				_exit(1);
			n = write_str(fd, req, strlen(req));
			if (!n)
				n = read_all(fd, &rep);
			if (n == -EACCES) {
				refused++;
				continue;
			}
			if (n < 0)
				continue;
			reports++;
			if (strstr(rep, VMS_K_NAME "=" SUID_PATH))
				leaked++;
			free(rep);
		}
		tapn(leaked == 0 && reports > 0,
		    "exec: %lu reports of a process exec'ing a set-user-ID binary, %lu refused, %lu showing the set-user-ID image",
		    reports, refused, leaked);
		_exit(leaked ? 1 : 0);
	}
	if (fd >= 0)
		close(fd);
	waitpid(reader, &status, 0);
	kill(looper, SIGKILL);
	/* The looper may be between images: kill whatever it now runs. */
	waitpid(looper, NULL, 0);
	unlink(SUID_PATH);
	unlink(PLAIN_PATH);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		tap_failures++;
	return 0;
}

/* ---- bigreport, manyvmas ---------------------------------------------- */

/* Kernel memory that a report's buffers come from: slab and vmalloc, kB. */
static long long kernel_kb(void)
{
	long long slab = -1, vmalloc = -1;
	char *m, *p;

	if (read_file("/proc/meminfo", &m) < 0)
		return -1;
	p = strstr(m, "\nSlab:");
	if (p)
		slab = strtoll(p + 6, NULL, 10);
	p = strstr(m, "\nVmallocUsed:");
	if (p)
		vmalloc = strtoll(p + 13, NULL, 10);
	free(m);
	return slab < 0 || vmalloc < 0 ? -1 : slab + vmalloc;
}

/* What a streamed report held, counted line by line as it is read. */
struct stream_count {
	char line[8192];
	size_t len;
	unsigned long lines, vmas, exts, zero_exts, long_lines;
	unsigned long end_exts;
	unsigned long long vsz, ext_bytes;
	bool complete, task_after_vmas, task;
};

static void count_line(struct stream_count *c)
{
	const char *l = c->line;

	c->lines++;
	if (!strncmp(l, "vma ", 4)) {
		c->vmas++;
		c->vsz += field(l, VMS_K_VSZ);
	} else if (!strncmp(l, "ext ", 4)) {
		c->exts++;
		c->ext_bytes += field(l, VMS_K_END) - field(l, VMS_K_START);
		if (strstr(l, " " VMS_K_STATE "=zero "))
			c->zero_exts++;
	} else if (!strncmp(l, "task ", 5)) {
		c->task = true;
		c->task_after_vmas = c->vmas > 0;
	} else if (!strncmp(l, "end ", 4)) {
		c->complete = !strncmp(l, "end status=complete ", 20);
		c->end_exts = field(l, VMS_K_EXTS);
	}
}

static void count_bytes(struct stream_count *c, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			c->line[c->len] = '\0';
			count_line(c);
			c->len = 0;
		} else if (c->len < sizeof(c->line) - 1) {
			c->line[c->len++] = buf[i];
		} else {
			c->long_lines++;
		}
	}
}

/*
 * Read "PID @sections" through reads of 64 KiB, as a pipe would, counting
 * records, and sampling the kernel's slab + vmalloc memory: the peak
 * growth over what it was before the request is what the report's
 * buffers cost. Returns the bytes read, or -errno.
 */
static long long stream_report(pid_t pid, const char *sections,
			       struct stream_count *c, long long *grew_kb,
			       double *secs)
{
	static char buf[65536];
	long long total = 0, base, peak, kb;
	double t0 = now();
	char req[64];
	unsigned long reads = 0;
	int fd = open("/proc/vmscope", O_RDWR);
	ssize_t n;

	if (fd < 0)
		return -errno;
	base = peak = kernel_kb();
	snprintf(req, sizeof(req), "%d %s\n", pid, sections);
	if (write_str(fd, req, strlen(req))) {
		close(fd);
		return -errno;
	}
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		count_bytes(c, buf, n);
		total += n;
		if (reads++ % 16 == 0) {
			kb = kernel_kb();
			if (kb > peak)
				peak = kb;
		}
	}
	if (n < 0)
		total = -errno;
	close(fd);
	*grew_kb = peak - base;
	*secs = now() - t0;
	return total;
}

/* A child that runs @setup, says ready, and waits to be killed. */
static pid_t spawn(int (*setup)(unsigned long), unsigned long arg)
{
	int p[2];
	pid_t pid;
	char ok = 0;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		ok = setup(arg) == 0;
		if (write(p[1], &ok, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &ok, 1) != 1 || !ok) {
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		pid = -1;
	}
	close(p[0]);
	return pid;
}

#define CHECKER_ADDR	((char *)0x600000000000UL)

/* Every other page of @gib GiB read (the zero page), the rest untouched. */
static int setup_checker(unsigned long gib)
{
	size_t len = gib << 30, i;
	volatile char *p = mmap(CHECKER_ADDR, len, PROT_READ,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
				MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	madvise((void *)p, len, MADV_NOHUGEPAGE);
	for (i = 0; i < len; i += 2 * 4096)
		(void)p[i];
	return 0;
}

/* @n VMAs: a region whose every other page is made read-only. */
static int setup_vmas(unsigned long n)
{
	size_t len = n * 4096, i;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	for (i = 0; i < n; i += 2)
		if (mprotect(p + i * 4096, 4096, PROT_READ))
			return -1;
	return 0;
}

/*
 * The report of a target too big to hold: it must arrive whole (trailer
 * complete, as many ext records as the trailer counts, the task record
 * after the vma records), while the kernel's memory grows by no more
 * than the report's stated bound (Documentation/walker.rst) plus slack.
 */
static int cmd_big(const char *what, int (*setup)(unsigned long),
		   unsigned long arg, const char *sections,
		   unsigned long want_vmas, unsigned long want_zero)
{
	/*
	 * Slack: the module needs well under 1 MiB (walker.rst); with
	 * kmemleak (the debug kernel) the same read moves the kernel's
	 * figures by about 4 MiB, the module's allocations unchanged.
	 */
	const long long bound_kb = access("/sys/kernel/debug/kmemleak", F_OK) ?
				   4096 : 8192;
	struct stream_count *c = calloc(1, sizeof(*c));
	long long bytes, grew = 0;
	double secs = 0;
	pid_t pid = spawn(setup, arg);

	if (!c || pid < 0) {
		tapn(false, "%s: set up the target", what);
		return 1;
	}
	bytes = stream_report(pid, sections, c, &grew, &secs);
	if (bytes >= 0 && grew > bound_kb) {
		/*
		 * The measure is the whole kernel's slab and vmalloc: on a
		 * debug kernel KASAN's quarantine and kmemleak's metadata of
		 * everything else move it too. Growth the report causes
		 * comes back on a second read; a transient does not.
		 */
		struct stream_count *c2 = calloc(1, sizeof(*c2));
		long long grew2 = 0;
		double secs2;

		if (c2 && stream_report(pid, sections, c2, &grew2, &secs2) >= 0) {
			printf("# %s: slab + vmalloc grew by %lld KiB, then by %lld KiB on a second read\n",
			       what, grew, grew2);
			grew = grew2;
		}
		free(c2);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (bytes < 0) {
		tapn(false, "%s: read: %s", what, strerror(-bytes));
		free(c);
		return 1;
	}
	tapn(c->complete && c->exts == c->end_exts && !c->long_lines &&
	    c->ext_bytes == c->vsz &&
	    c->vmas >= want_vmas && c->zero_exts >= want_zero &&
	    c->task && c->task_after_vmas,
	    "%s: %lld bytes in %.1f s, %lu records (%lu vma, %lu ext, %lu zero), complete=%d, extents cover %llu of %llu vma bytes",
	    what, bytes, secs, c->lines, c->vmas, c->exts, c->zero_exts,
	    c->complete, c->ext_bytes, c->vsz);
	if (getenv("VMSCOPE_TORTURE"))
		tapn(true, "%s: kernel memory while it was read # SKIP other loads run at once",
		    what);
	else
		tapn(grew <= bound_kb,
		    "%s: kernel slab + vmalloc grew by %lld KiB while it was read (bound %lld KiB)",
		    what, grew, bound_kb);
	free(c);
	return 0;
}

/* ---- collapse ---------------------------------------------------------- */

static double collapse_end;

static void *collapse_loop(void *p)
{
	struct shmem_collapse *c = p;

	while (now() < collapse_end)
		shmem_collapse_round(c);
	return NULL;
}

/*
 * The target: a thread of it keeps collapsing a memfd it maps twice, so
 * that its PTE tables are retracted and freed (shmem_collapse.h).
 */
static int setup_collapse(unsigned long seconds)
{
	static struct shmem_collapse c;
	pthread_t t;

	if (shmem_collapse_init(&c, 7))
		return -1;
	collapse_end = now() + seconds;
	return pthread_create(&t, NULL, collapse_loop, &c) ? -1 : 0;
}

/*
 * Read a process whose shmem PTE tables keep being retracted and freed.
 * The kernel side is what is checked (KASAN on the debug kernel, where
 * test_table_delay_ms widens the window between choosing a table and
 * locking it); the reports must be whole.
 */
static int cmd_collapse(int seconds)
{
	unsigned long reports = 0, bad = 0;
	double end = now() + seconds;
	pid_t pid = spawn(setup_collapse, seconds);
	char req[64], *rep;

	if (pid < 0) {
		tapn(false, "collapse: set up the target");
		return 1;
	}
	snprintf(req, sizeof(req), "%d all\n", pid);
	while (now() < end) {
		long n = vms_report(req, &rep);

		if (n < 0) {
			bad++;
			continue;
		}
		reports++;
		if (!strstr(rep, "\nend status=complete "))
			bad++;
		free(rep);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	tapn(reports > 0 && bad == 0,
	    "collapse: %lu reports of a process whose shmem PTE tables are retracted and freed meanwhile, %lu not whole",
	    reports, bad);
	return 0;
}

/* ---- thpzap ------------------------------------------------------------ */

#define ZAP_CHUNKS	4
static double zap_end;
static char *zap_base;

/*
 * Zap each 2 MiB chunk in turn and fault it in again as a THP: its PMD is
 * a leaf, then none, then a leaf again, while the walker reads it.
 */
static void *zap_loop(void *arg)
{
	unsigned long i = 0;

	(void)arg;
	while (now() < zap_end) {
		char *c = zap_base + (i++ % ZAP_CHUNKS) * 2 * MIB;

		madvise(c, 2 * MIB, MADV_DONTNEED);
		c[0] = 1;
		/* a leaf for a while: the walker's read may see it */
		usleep(10000);
	}
	return NULL;
}

static int setup_thpzap(unsigned long seconds)
{
	size_t len = (ZAP_CHUNKS + 1) * 2 * MIB;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_t t;

	if (p == MAP_FAILED)
		return -1;
	zap_base = (char *)(((unsigned long)p + 2 * MIB - 1) & ~(2 * MIB - 1));
	if (madvise(zap_base, ZAP_CHUNKS * 2 * MIB, MADV_HUGEPAGE))
		return -1;
	memset(zap_base, 1, ZAP_CHUNKS * 2 * MIB);
	zap_end = now() + seconds;
	return pthread_create(&t, NULL, zap_loop, NULL) ? -1 : 0;
}

/*
 * Read a process whose THPs keep being zapped and faulted again, a
 * summary and a full report in turn: each must be whole and its task
 * record must add up (none, the unpopulated part of vsz, no more than
 * vsz). Test kernels widen the window between the walk's read of a PMD
 * leaf and its lock (test_table_delay_ms).
 */
static int cmd_thpzap(int seconds)
{
	unsigned long reports = 0, bad = 0, wrong = 0;
	double end = now() + seconds;
	pid_t pid = spawn(setup_thpzap, seconds);
	char req[64], *rep, *task;

	if (pid < 0) {
		tapn(false, "thpzap: set up the target");
		return 1;
	}
	while (now() < end) {
		unsigned long long vsz = 0, none = 0, rss = 0;
		long n;

		snprintf(req, sizeof(req), "%d %s\n", pid,
			 reports % 2 ? "all" : "summary");
		n = vms_report(req, &rep);
		if (n < 0) {
			bad++;
			continue;
		}
		reports++;
		task = strstr(rep, "\ntask ");
		if (!strstr(rep, "\nend status=complete ") || !task) {
			bad++;
		} else if (!line_u64(task + 1, "vsz", &vsz) ||
			   !line_u64(task + 1, "none", &none) ||
			   !line_u64(task + 1, "rss", &rss) ||
			   none > vsz || rss > vsz) {
			if (!wrong++)
				printf("# thpzap: %.300s\n", task + 1);
		}
		free(rep);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	tapn(reports > 0 && bad == 0 && wrong == 0,
	     "thpzap: %lu reports of a process whose THPs are zapped and faulted again meanwhile, %lu not whole, %lu whose task record does not add up",
	     reports, bad, wrong);
	return 0;
}

/* ---- pfnmap ------------------------------------------------------------ */

#define IVSHMEM_ID	"1af4 1110"	/* QEMU's ivshmem-plain */

/* The PCI address of the first ivshmem device, or -1. */
static int find_ivshmem(char *bdf, size_t n)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *de;
	int found = -1;

	while (d && (de = readdir(d))) {
		char path[300], *v = NULL, *dv = NULL;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
			 de->d_name);
		read_file(path, &v);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device",
			 de->d_name);
		read_file(path, &dv);
		if (v && dv && !strncmp(v, "0x1af4", 6) &&
		    !strncmp(dv, "0x1110", 6)) {
			snprintf(bdf, n, "%s", de->d_name);
			found = 0;
		}
		free(v);
		free(dv);
		if (!found)
			break;
	}
	if (d)
		closedir(d);
	return found;
}

/*
 * Map BAR 2 of an ivshmem-plain device through vfio-pci (no-IOMMU mode)
 * at a 2 MiB-aligned address and touch it: 6.12's vfio-pci maps it with
 * huge PFN-map pmds (insert_pfn_pmd(), pmd_mkspecial()), frames outside
 * RAM without a struct page. Returns the mapping, its length in *@len,
 * or NULL with a reason in @why.
 */
static char *map_bar(size_t *len, char *why, size_t n)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg),
					.index = VFIO_PCI_BAR2_REGION_INDEX };
	char bdf[300], path[300], link[300], *grp = NULL, *hint;
	ssize_t ln;
	int container, group, dev, fd;
	unsigned long type;
	size_t i;

	if (find_ivshmem(bdf, sizeof(bdf))) {
		snprintf(why, n, "no ivshmem device");
		return NULL;
	}
	fd = open("/sys/bus/pci/drivers/vfio-pci/new_id", O_WRONLY);
	if (fd < 0) {
		snprintf(why, n, "no vfio-pci driver");
		return NULL;
	}
	write_str(fd, IVSHMEM_ID, strlen(IVSHMEM_ID));	/* EEXIST is fine */
	close(fd);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%.64s/iommu_group", bdf);
	ln = readlink(path, link, sizeof(link) - 1);
	if (ln < 0) {
		snprintf(why, n, "%.64s has no IOMMU group (neither an IOMMU nor vfio's no-IOMMU mode)",
			 bdf);
		return NULL;
	}
	link[ln] = '\0';
	grp = strrchr(link, '/');
	hint = grp ? grp + 1 : link;
	/* vfio's no-IOMMU mode (the debug kernel), else a real IOMMU group. */
	snprintf(path, sizeof(path), "/dev/vfio/noiommu-%d", atoi(hint));
	type = VFIO_NOIOMMU_IOMMU;
	if (access(path, F_OK)) {
		snprintf(path, sizeof(path), "/dev/vfio/%d", atoi(hint));
		type = VFIO_TYPE1v2_IOMMU;
	}
	container = open("/dev/vfio/vfio", O_RDWR);
	group = open(path, O_RDWR);
	if (container < 0 || group < 0 ||
	    ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) ||
	    ioctl(container, VFIO_SET_IOMMU, type)) {
		snprintf(why, n, "vfio group %.64s: %s", path, strerror(errno));
		return NULL;
	}
	dev = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (dev < 0 || ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &reg) ||
	    reg.size < 4 * MIB) {
		snprintf(why, n, "vfio device %.64s BAR 2: %s", bdf,
			 strerror(errno));
		return NULL;
	}
	*len = reg.size;
	/* A 2 MiB-aligned address, so that the fault handler maps pmds. */
	{
		char *hole = mmap(NULL, *len + 2 * MIB, PROT_NONE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *at, *p;

		if (hole == MAP_FAILED) {
			snprintf(why, n, "mmap: %s", strerror(errno));
			return NULL;
		}
		at = (char *)(((unsigned long)hole + 2 * MIB - 1) & ~(2 * MIB - 1));
		p = mmap(at, *len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			 dev, reg.offset);
		if (p == MAP_FAILED) {
			snprintf(why, n, "mmap BAR 2: %s", strerror(errno));
			return NULL;
		}
		for (i = 0; i < *len; i += 4096)
			p[i] = (char)i;
		return p;
	}
}

static int cmd_pfnmap(void)
{
	const char *fronts[] = { "proc", "debugfs" };
	char why[200], req[64], path[96], *rep, *p;
	const char *rec;
	size_t len = 0;
	unsigned int i;
	long n;
	int fd;

	p = map_bar(&len, why, sizeof(why));
	if (!p) {
		tapn(true, "pfnmap: a vfio-pci BAR mapped with huge PFN-map pmds # SKIP %s",
		    why);
		return 0;
	}
	snprintf(req, sizeof(req), "%d all", getpid());
	snprintf(path, sizeof(path), "%d\n", getpid());
	fd = open("/sys/kernel/debug/vmscope/track", O_WRONLY);
	if (fd >= 0) {
		write_str(fd, path, strlen(path));
		close(fd);
	}
	snprintf(path, sizeof(path), "/sys/kernel/debug/vmscope/%d/vmas",
		 getpid());
	for (i = 0; i < 2; i++) {
		n = i ? read_file(path, &rep) : vms_report(req, &rep);
		rec = n > 0 ? vma_at(rep, (unsigned long)p) : NULL;
		tapn(rec && field(rec, VMS_K_OTHER) == (long long)len &&
		    field(rec, VMS_K_RSS) == 0 && line_has(rec, " " VMS_K_KIND "=pfnmap "),
		    "pfnmap: %s: a %zu MiB BAR mapped by vfio-pci is kind=pfnmap, all other, no page looked at (%s)",
		    fronts[i], len >> 20, n < 0 ? strerror(-n) : "read");
		free(rep);
	}
	snprintf(path, sizeof(path), "%d\n", getpid());
	fd = open("/sys/kernel/debug/vmscope/untrack", O_WRONLY);
	if (fd >= 0) {
		write_str(fd, path, strlen(path));
		close(fd);
	}
	munmap(p, len);
	return 0;
}

/* ---- failinject -------------------------------------------------------- */

#define FAIL_DIR	"/sys/kernel/debug"

static int put(const char *dir, const char *file, const char *val)
{
	char path[160];
	int fd, err;

	snprintf(path, sizeof(path), FAIL_DIR "/%s/%s", dir, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	err = write_str(fd, val, strlen(val));
	close(fd);
	return err;
}

/* Fail the allocations of tasks with make-it-fail, with @percent. */
static int fail_setup(const char *dir, int percent)
{
	char p[16];

	snprintf(p, sizeof(p), "%d", percent);
	if (put(dir, "task-filter", "Y") || put(dir, "verbose", "0") ||
	    put(dir, "interval", "1") || put(dir, "times", "-1") ||
	    put(dir, "space", "0") || put(dir, "ignore-gfp-wait", "N") ||
	    put(dir, "probability", p))
		return -1;
	/* Not the reader's own user pages (__GFP_HIGHMEM): no OOM kill. */
	if (!strcmp(dir, "fail_page_alloc") &&
	    (put(dir, "ignore-gfp-highmem", "Y") || put(dir, "min-order", "0")))
		return -1;
	return 0;
}

/* walks= of the debugfs stats line, or -1. */
static long long stats_walks(void)
{
	char *st = NULL;
	long long v;

	v = read_file("/sys/kernel/debug/vmscope/stats", &st) > 0 ?
	    field(st, "walks") : -1;
	free(st);
	return v;
}

/* One request with the reader's allocations failing. */
enum fi_result { FI_WHOLE, FI_NOMEM, FI_BAD };

static char fi_buf[65536];

static enum fi_result fi_request(pid_t pid, int *mif, char *why, size_t n)
{
	struct stream_count *c = calloc(1, sizeof(*c));
	enum fi_result res = FI_BAD;
	char req[64];
	ssize_t got;
	int fd, e;

	if (!c) {
		snprintf(why, n, "calloc");
		return FI_BAD;
	}
	snprintf(req, sizeof(req), "%d all\n", pid);
	/* From here on our allocations may fail. */
	if (write(*mif, "1", 1) != 1) {
		snprintf(why, n, "make-it-fail: %s", strerror(errno));
		free(c);
		return FI_BAD;
	}
	fd = open("/proc/vmscope", O_RDWR);
	if (fd < 0) {
		e = errno;
		goto out;
	}
	if (write(fd, req, strlen(req)) < 0) {
		e = errno;
		goto out;
	}
	for (;;) {
		got = read(fd, fi_buf, sizeof(fi_buf));
		if (got <= 0)
			break;
		count_bytes(c, fi_buf, got);
	}
	e = got < 0 ? errno : 0;
out:
	lseek(*mif, 0, SEEK_SET);
	while (write(*mif, "0", 1) != 1 && errno == ENOMEM)
		;
	if (fd >= 0)
		close(fd);
	if (e == ENOMEM) {
		res = FI_NOMEM;
	} else if (e) {
		snprintf(why, n, "%s", strerror(e));
	} else if (!c->complete) {
		snprintf(why, n, "EOF without a complete trailer after %lu records",
			 c->lines);
	} else if (c->exts != c->end_exts || c->ext_bytes != c->vsz ||
		   !c->task || c->long_lines) {
		snprintf(why, n, "complete but unsound: %lu ext of %lu, %llu of %llu bytes",
			 c->exts, c->end_exts, c->ext_bytes, c->vsz);
	} else {
		res = FI_WHOLE;
	}
	free(c);
	return res;
}

/*
 * Every probability step from rare to always: each request must give a
 * whole, sound report or fail with ENOMEM. kmemleak (at the end of the
 * debug guest's run) and the harness's console check do the rest.
 */
static int cmd_failinject(int per_step, bool alone)
{
	static const int steps[] = { 1, 2, 5, 10, 25, 50, 100 };
	static const char * const dirs[] = { "failslab", "fail_page_alloc" };
	unsigned long whole = 0, nomem = 0, bad = 0;
	long long walks0, walks1;
	char why[200] = "", first[260] = "";
	pid_t pid = spawn(setup_vmas, 2000);
	unsigned int d, i;
	int mif, k;

	if (access(FAIL_DIR "/failslab/probability", W_OK)) {
		tapn(true, "failinject: requests under failing allocations # SKIP no failslab (kernel without FAULT_INJECTION)");
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		return 0;
	}
	mif = open("/proc/self/make-it-fail", O_WRONLY);
	if (pid < 0 || mif < 0) {
		tapn(false, "failinject: set up");
		return 1;
	}
	/* Fault in what the loop touches, before allocations may fail. */
	memset(fi_buf, 0, sizeof(fi_buf));
	walks0 = stats_walks();
	for (d = 0; d < 2; d++) {
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			if (fail_setup(dirs[d], steps[i])) {
				tapn(false, "failinject: configure %s", dirs[d]);
				goto out;
			}
			for (k = 0; k < per_step; k++) {
				switch (fi_request(pid, &mif, why, sizeof(why))) {
				case FI_WHOLE:
					whole++;
					break;
				case FI_NOMEM:
					nomem++;
					break;
				default:
					if (!bad++)
						snprintf(first, sizeof(first),
							 "%s at %d%%: %s", dirs[d],
							 steps[i], why);
				}
			}
			put(dirs[d], "probability", "0");
		}
	}
	tapn(bad == 0 && whole > 0 && nomem > 0,
	    "failinject: %lu requests with the reader's allocations failing: %lu whole, %lu ENOMEM, %lu other%s%s",
	    whole + nomem + bad, whole, nomem, bad, bad ? ": " : "", first);
out:
	put("failslab", "probability", "0");
	put("fail_page_alloc", "probability", "0");
	/* stats walks= counts completed reports: the whole ones, no more */
	walks1 = stats_walks();
	if (alone)
		tapn(walks0 >= 0 && walks1 - walks0 == (long long)whole,
		    "failinject: stats walks= grew by %lld for %lu whole reports",
		    walks1 - walks0, whole);
	close(mif);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

int main(int argc, char **argv)
{
	int seconds = argc > 2 ? atoi(argv[2]) : 10;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "devzero"))
		cmd_devzero();
	else if (!strcmp(argv[1], "pfnpriv"))
		cmd_pfnpriv();
	else if (!strcmp(argv[1], "filereuse"))
		cmd_filereuse(seconds);
	else if (!strcmp(argv[1], "exec"))
		cmd_exec(seconds);
	else if (!strcmp(argv[1], "exec-loop") && argc > 2)
		return cmd_exec_loop(argv[2]);
	else if (!strcmp(argv[1], "bigreport"))
		cmd_big("bigreport", setup_checker, seconds, "all",
			1, (unsigned long)seconds << 17);
	else if (!strcmp(argv[1], "collapse"))
		cmd_collapse(seconds);
	else if (!strcmp(argv[1], "thpzap"))
		cmd_thpzap(seconds);
	else if (!strcmp(argv[1], "pfnmap"))
		cmd_pfnmap();
	else if (!strcmp(argv[1], "failinject"))
		cmd_failinject(seconds, argc > 3 && !strcmp(argv[3], "alone"));
	else if (!strcmp(argv[1], "manyvmas"))
		cmd_big("manyvmas", setup_vmas, seconds, "all", seconds, 0);
	else
		goto usage;
	return tap_failures ? 1 : 0;
usage:
	fprintf(stderr, "usage: vmscope-harden devzero|pfnpriv|filereuse SECONDS|exec SECONDS|bigreport GIB|manyvmas N|collapse SECONDS|pfnmap|failinject N\n");
	return 2;
}
