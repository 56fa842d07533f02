// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: the module's page accounting against the kernel's own.
 *
 *   vmscope-acct WORKLOAD [ARGS...]
 *	Starts /vmscope/vmscope-wl WORKLOAD ARGS, waits for "ready", stops
 *	every process it names (the workload and its "child PID" lines) with
 *	SIGSTOP and checks each one, then kills them. One TAP line per
 *	(workload, process, check class), prefixed "VMSCOPE-TAP ".
 *   vmscope-acct --pid PID [--report FILE --report-pfn FILE | --self] [LABEL]
 *	The same checks on a running process (stopped while checked). With
 *	--report the module's reports are read from files instead of
 *	/proc/vmscope: with --expect output this tests the checker itself.
 *   vmscope-acct --self WORKLOAD [ARGS...]
 *	As the first form, with the --expect report in place of the module's:
 *	checks the checker (its pagemap figures against smaps and numa_maps).
 *   vmscope-acct --expect PID [pfn]
 *	Prints the report the module should produce for PID (vmas and
 *	extents, "pfn" adds frame numbers), computed from /proc alone: smaps,
 *	numa_maps, pagemap, kpageflags, kpagecount.
 *
 * The checks, for each process:
 *   smaps      each vma field smaps has, VMA by VMA (format.rst)
 *   numa_maps  nK = numa_maps NK x page size, plus reserved pages
 *   pagemap    the same figures recomputed page by page from pagemap,
 *              kpageflags, kpagecount and the node of each frame: states,
 *              anon/file/shmem, pss, shared/private, orders, runs, nodes
 *   invariants vsz = rss+hugetlb+zero+swap+none+other and the others
 *   extents    the ext records rebuilt from pagemap, record for record
 *              (with and without pfn)
 *   task       smaps_rollup, VmPTE, stat fault counts, oom_score_adj
 *   perturb    smaps Referenced, pagemap soft-dirty bits and kpageflags
 *              REFERENCED are the same before and after the reports
 *   expect     the workload's "expect" lines hold (it set up what it meant)
 *
 * Race-proofing: the kernel's files are read, then the reports, then the
 * kernel's files again; a round counts only if both kernel reads agree.
 *
 * Where /proc cannot tell: the PMD mapping of a THP is read with the
 * PAGEMAP_SCAN ioctl (PAGE_IS_HUGE; 6.7+); without it a THP is taken as
 * PMD-mapped when one folio of order 9 fills an aligned 2 MiB range in
 * order and smaps' THP total agrees. Swapped-out shmem pages have no
 * entry in pagemap: they are placed with SEEK_DATA and mincore() on the
 * mapped file and must add up to smaps Swap. PFN maps ([vvar]) and the
 * vsyscall page are not walked by pagemap: only none + other is checked.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

/* ---- processes ---------------------------------------------------------------- */

/* Every thread of @pid in state T (stopped), within @ms milliseconds. */
static bool wait_stopped(pid_t pid, int ms)
{
	char path[384];

	for (int t = 0; t < ms; t += 10) {
		DIR *d;
		struct dirent *e;
		bool all = true;

		snprintf(path, sizeof(path), "/proc/%d/task", pid);
		d = opendir(path);
		if (!d)
			return false;
		while ((e = readdir(d)) && all) {
			char *buf, *rp;

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/proc/%d/task/%s/stat",
				 pid, e->d_name);
			if (read_file(path, &buf) < 0)
				continue;
			rp = strrchr(buf, ')');
			if (!rp || (rp[2] != 'T' && rp[2] != 't'))
				all = false;
			free(buf);
		}
		closedir(d);
		if (all)
			return true;
		usleep(10000);
	}
	return false;
}

static bool gone(pid_t pid)
{
	char path[64], *buf, *rp;
	bool z;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, &buf) < 0)
		return true;
	rp = strrchr(buf, ')');
	z = rp && (rp[2] == 'Z' || rp[2] == 'X');
	free(buf);
	return z;
}

static int cmd_pid(pid_t pid, const struct source *src, const char *label)
{
	char lbl[128];

	snprintf(lbl, sizeof(lbl), "%s pid %d", label ? label : "process",
		 pid);
	if (kill(pid, SIGSTOP) || !wait_stopped(pid, 10000)) {
		tap(false, lbl, "cannot stop the process");
		return 1;
	}
	check_process(lbl, pid, src, NULL, 0);
	kill(pid, SIGCONT);
	return tap_failures != 0;
}

/* Run a workload, check every process it names, kill them. */
static int cmd_workload(const char *wl, int argc, char **argv, bool self)
{
	struct expectation *ex = NULL;
	size_t nex = 0;
	pid_t *targets = NULL, child;
	size_t ntargets = 0;
	struct vms_buf out = { 0 }, line = { 0 };
	struct source src = { .self = self, .pgscan = reclaim_scanned() };
	char name[256], **args;
	int pfd[2], st;
	bool ready = false, skipped = false;
	time_t t0 = time(NULL);

	if (pipe(pfd))
		return 2;
	args = xcalloc(argc + 3, sizeof(char *));
	args[0] = (char *)WL_BIN;
	args[1] = (char *)wl;
	for (int i = 0; i < argc; i++)
		args[i + 2] = argv[i];
	child = fork();
	if (child == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execv(WL_BIN, args);
		perror(WL_BIN);
		_exit(127);
	}
	free(args);
	close(pfd[1]);
	targets = xreallocarray(targets, 1, sizeof(*targets));
	targets[ntargets++] = child;
	/* Read lines until "ready CHILD" (or EOF, or 10 minutes). */
	while (!ready && time(NULL) - t0 < 600) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		char buf[4096];
		ssize_t n;
		char *nl;

		if (poll(&p, 1, 1000) <= 0)
			continue;
		n = read(pfd[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		vms_buf_append(&line, buf, n);
		while (line.data && (nl = strchr(line.data, '\n'))) {
			char *l = xstrndup(line.data, nl - line.data);
			long pid;
			struct expectation e = { 0 };
			char addr[40];

			memmove(line.data, nl + 1, strlen(nl + 1) + 1);
			line.len = strlen(line.data);
			vms_buf_printf(&out, "%s | ", l);
			if (sscanf(l, "ready %ld", &pid) == 1 && pid == child) {
				ready = true;
			} else if (sscanf(l, "child %ld", &pid) == 1 ||
				   (sscanf(l, "ready %ld", &pid) == 1)) {
				targets = xreallocarray(targets, ntargets + 1,
							sizeof(*targets));
				targets[ntargets++] = (pid_t)pid;
			} else if (sscanf(l, "expect %d %39s %15s %2s %llu", &e.pid,
					  addr, e.key, e.op, &e.val) == 5) {
				e.addr = strtoul(addr, NULL, 16);
				ex = xreallocarray(ex, nex + 1, sizeof(*ex));
				ex[nex++] = e;
			} else if (!strncmp(l, "skip ", 5)) {
				snprintf(name, sizeof(name), "%s: workload", wl);
				tap_skip(name, l + 5);
				skipped = true;
			} else {
				printf("# %s: %s\n", wl, l);
			}
			free(l);
		}
	}
	snprintf(name, sizeof(name), "%s: workload ready, %zu processes", wl,
		 ntargets);
	if (!ready) {
		kill(child, SIGKILL);
		waitpid(child, &st, 0);
		if (!skipped) {
			struct vms_buf why = { 0 };

			vms_buf_printf(&why, "no 'ready' after %ld s, status 0x%x; output: %s",
				  (long)(time(NULL) - t0), st, buf_str(&out));
			tap(false, name, why.data);
			vms_buf_free(&why);
		}
		goto out;
	}
	tap(true, name, NULL);
	for (size_t i = 0; i < ntargets; i++)
		if (kill(targets[i], SIGSTOP) || !wait_stopped(targets[i], 10000)) {
			snprintf(name, sizeof(name), "%s: stop pid %d", wl,
				 targets[i]);
			tap(false, name, "not stopped within 10 s");
		}
	for (size_t i = 0; i < ntargets; i++) {
		char label[128];

		snprintf(label, sizeof(label), "%s pid %d", wl, targets[i]);
		check_process(label, targets[i], &src, ex, nex);
	}
	for (size_t i = ntargets; i-- > 0;)
		kill(targets[i], SIGKILL);
	waitpid(child, &st, 0);
	for (size_t i = 0; i < ntargets; i++)
		for (int t = 0; t < 1000 && !gone(targets[i]); t++)
			usleep(10000);
out:
	close(pfd[0]);
	free(targets);
	free(ex);
	vms_buf_free(&out);
	vms_buf_free(&line);
	return tap_failures != 0;
}

int main(int argc, char **argv)
{
	static struct utsname u;
	static char prefix[sizeof(u.release) + 16];

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* every failure says which kernel it was on */
	snprintf(prefix, sizeof(prefix), "kernel %s: ",
		 uname(&u) ? "?" : u.release);
	tap_prefix = prefix;
	kpf_fd = open("/proc/kpageflags", O_RDONLY);
	kpc_fd = open("/proc/kpagecount", O_RDONLY);
	if (kpf_fd < 0 || kpc_fd < 0) {
		fprintf(stderr, "vmscope-acct: /proc/kpageflags, /proc/kpagecount: %s\n",
			strerror(errno));
		return 2;
	}
	load_nodes();
	if (argc >= 3 && !strcmp(argv[1], "--expect"))
		return expect_report(stdout, atoi(argv[2]),
				     argc > 3 && !strcmp(argv[3], "pfn"));
	if (argc >= 3 && !strcmp(argv[1], "--pid")) {
		struct source src = { .pgscan = -1 };
		pid_t pid = atoi(argv[2]);
		int i = 3;

		for (; i < argc; i++) {
			if (!strcmp(argv[i], "--report") && i + 1 < argc)
				src.file = argv[++i];
			else if (!strcmp(argv[i], "--report-pfn") && i + 1 < argc)
				src.file_pfn = argv[++i];
			else if (!strcmp(argv[i], "--self"))
				src.self = true;
			else
				break;
		}
		return cmd_pid(pid, &src, i < argc ? argv[i] : NULL);
	}
	if (argc >= 3 && !strcmp(argv[1], "--self"))
		return cmd_workload(argv[2], argc - 3, argv + 3, true);
	if (argc >= 2 && argv[1][0] != '-')
		return cmd_workload(argv[1], argc - 2, argv + 2, false);
	fprintf(stderr, "usage: see the comment at the top of acct/main.c\n");
	return 2;
}
