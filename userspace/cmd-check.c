// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope check PID [--stop]: the module against the kernel's own
 * accounting (/proc/PID/smaps, smaps_rollup, numa_maps, status, pagemap),
 * as compare.c defines it.
 *
 * /proc is read before and after the module's report; when the kernel's
 * figures moved in between (the target ran), the round is retried, up to
 * a bound. With --stop the target is stopped (SIGSTOP) for the rounds and
 * continued (SIGCONT) after them, also on an error; SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT are held back meanwhile, and take effect once the
 * target runs again.
 *
 * Exit status: 0 when everything agrees, 3 on a disagreement (one line
 * each on stdout), 2 on an error, 1 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vmscope/format.h>

#include "cmdline.h"
#include "compare.h"
#include "procparse.h"
#include "snapshot.h"
#include "source.h"
#include "title.h"
#include "util.h"
#include "vmscope.h"

#define ROUNDS		5
#define STOP_WAIT_MS	2000

static void usage(void)
{
	printf("Usage: vmscope check [options] PID\n"
	       "\n"
	       "Cross-check the module's report for PID against the kernel's own\n"
	       "figures: per VMA smaps (Rss, Anonymous, Swap, Pss, Shared_*, Private_*,\n"
	       "Referenced, Locked, KSM, AnonHugePages+ShmemPmdMapped+FilePmdMapped,\n"
	       "*_Hugetlb, KernelPageSize), numa_maps (N<n> times the page size) and\n"
	       "pagemap (zero, none, other); smaps_rollup and VmPTE for the task.\n"
	       "/proc is read before and after the report; a round in which the\n"
	       "kernel's figures moved is retried. Prints one line per disagreement.\n"
	       "\n"
	       "Options:\n"
	       "  -s, --stop            stop PID (SIGSTOP) during the comparison and\n"
	       "                        continue it (SIGCONT) after, also on errors\n"
	       "  -q, --quiet           no summary line when everything agrees\n"
	       "  -h, --help            this help\n"
	       "\n"
	       "Exit status: 0 everything agrees, 3 disagreements, 2 error (module not\n"
	       "loaded, no such process, permission denied), 1 usage error.\n");
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int kill_error(int err, pid_t pid)
{
	if (err == ESRCH)
		vms_err("no such process: %d", (int)pid);
	else if (err == EPERM)
		vms_err("permission denied");
	else
		vms_err_errno(err, "cannot signal %d", (int)pid);
	return VMS_EXIT_FAIL;
}

/* SIGSTOP and wait until stopped. *stopped_by_us is false if it already was. */
static int stop_target(pid_t pid, bool *stopped_by_us)
{
	long waited;
	int rc;

	*stopped_by_us = false;
	rc = vms_proc_all_stopped(pid);
	if (rc < 0)
		return kill_error(-rc == ENOENT ? ESRCH : -rc, pid);
	if (rc > 0)
		return VMS_EXIT_OK;
	if (kill(pid, SIGSTOP))
		return kill_error(errno, pid);
	*stopped_by_us = true;
	for (waited = 0; waited < STOP_WAIT_MS; waited += 5) {
		rc = vms_proc_all_stopped(pid);
		if (rc < 0)
			return kill_error(ESRCH, pid);
		if (rc > 0)
			return VMS_EXIT_OK;
		sleep_ms(5);
	}
	vms_err("pid %d did not stop within %d ms", (int)pid, STOP_WAIT_MS);
	return VMS_EXIT_FAIL;
}

struct round {
	struct vms_buf before, module, after;
};

static void round_free(struct round *r)
{
	vms_buf_free(&r->before);
	vms_buf_free(&r->module);
	vms_buf_free(&r->after);
}

/* The report without its header line, which carries the time. */
static const char *body(const struct vms_buf *b)
{
	const char *nl = memchr(b->data, '\n', b->len);

	return nl ? nl + 1 : "";
}

/* One round: /proc, module, /proc. 0 stable, 1 moved, or an exit code + 1. */
static int take_round(pid_t pid, struct round *r)
{
	struct vms_source_req proc = { pid, VMS_SECT_DEFAULT, 0, VMS_SRC_PROC };
	struct vms_source_req mod = { pid, VMS_SECT_DEFAULT, 0, VMS_SRC_MODULE };

	if (vms_fetch_report(&proc, &r->before) || vms_fetch_report(&mod, &r->module) ||
	    vms_fetch_report(&proc, &r->after))
		return VMS_EXIT_FAIL + 1;
	return strcmp(body(&r->before), body(&r->after)) ? 1 : 0;
}

static int parse(struct vms_buf *b, const char *what, struct vms_snapshot *s)
{
	struct vms_error err;
	char *msg;

	if (!vms_snapshot_parse(b->data, b->len, s, &err))
		return 0;
	msg = vms_error_string(&err, what);
	vms_err("%s", msg ? msg : "out of memory");
	free(msg);
	return VMS_EXIT_FAIL;
}

static int compare_round(pid_t pid, struct round *r, bool quiet)
{
	struct vms_snapshot m, p;
	struct vms_compare c;
	char what[64];
	size_t i;
	int rc;

	snprintf(what, sizeof(what), "module report for pid %d", (int)pid);
	rc = parse(&r->module, what, &m);
	if (!rc) {
		snprintf(what, sizeof(what), "/proc report for pid %d", (int)pid);
		rc = parse(&r->after, what, &p);
		if (rc)
			vms_snapshot_free(&p);
	}
	if (rc) {
		vms_snapshot_free(&m);
		return rc;
	}
	if (m.partial) {
		vms_err("partial report for pid %d (reason: %s)", (int)pid, m.reason);
		rc = VMS_EXIT_FAIL;
		goto out;
	}
	vms_compare(&m, &p, &c);
	for (i = 0; i < c.n; i++)
		printf("%s\n", c.lines[i]);
	if (c.n) {
		printf("%zu disagreement%s (%zu VMAs, %zu figures compared)\n", c.n,
		       c.n == 1 ? "" : "s", c.vmas, c.fields);
		rc = VMS_EXIT_DISAGREE;
	} else if (!quiet) {
		char *who = vms_title_who(&m);

		printf("%s: module and /proc agree (%zu VMAs, %zu figures)\n", who,
		       c.vmas, c.fields);
		if (c.swap_elsewhere)
			printf("%s: smaps' Swap counts %" PRIu64 " kB more: swapped-out shmem pages under read-only private copies\n",
			       who, c.swap_elsewhere >> 10);
		free(who);
	}
	vms_compare_free(&c);
out:
	vms_snapshot_free(&m);
	vms_snapshot_free(&p);
	return rc;
}

static int rounds(pid_t pid, bool quiet)
{
	struct round r = { 0 };
	int i, rc = 0;

	for (i = 0; i < ROUNDS; i++) {
		round_free(&r);
		rc = take_round(pid, &r);
		if (rc != 1)
			break;
	}
	if (rc > 1) {
		round_free(&r);
		return rc - 1;
	}
	if (rc == 1)
		vms_warn("/proc kept changing over %d rounds: comparing the last one "
			 "(try --stop)", ROUNDS);
	rc = compare_round(pid, &r, quiet);
	round_free(&r);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "stop",	no_argument,	NULL, 's' },
		{ "quiet",	no_argument,	NULL, 'q' },
		VMS_HELP_LONGOPT
	};
	bool stop = false, quiet = false, stopped = false;
	sigset_t hold, old;
	pid_t pid;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":sqh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			stop = true;
			break;
		case 'q':
			quiet = true;
			break;
		default:
			rc = vms_common_option("check", c, argv, usage, NULL);
			if (rc != VMS_OPT_TAKEN)
				return rc;
		}
	}
	rc = vms_pid_operand("check", argc, argv, optind, &pid);
	if (rc)
		return rc;
	if (pid == getpid() && stop) {
		vms_err("check: cannot stop itself");
		return VMS_EXIT_USAGE;
	}
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	if (stop)
		sigprocmask(SIG_BLOCK, &hold, &old);
	rc = stop ? stop_target(pid, &stopped) : VMS_EXIT_OK;
	if (!rc)
		rc = rounds(pid, quiet);
	if (stopped && kill(pid, SIGCONT) && errno != ESRCH) {
		vms_err_errno(errno, "cannot continue pid %d", (int)pid);
		rc = VMS_EXIT_FAIL;
	}
	if (stop) {
		fflush(stdout);
		sigprocmask(SIG_SETMASK, &old, NULL);	/* held signals land here */
	}
	return rc;
}
