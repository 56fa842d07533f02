// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope watch PID [-i SEC] [-n COUNT]: a snapshot every interval and
 * the diff against the previous one, like top for one process's memory.
 *
 * SIGINT and SIGTERM are blocked and waited for with sigtimedwait() as
 * the interval's sleep, so an interrupt ends the loop between two
 * snapshots, with exit status 0 and no handler or global flag.
 */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vmscope/format.h>

#include "cmdline.h"
#include "columns.h"
#include "diffview.h"
#include "input.h"
#include "title.h"
#include "util.h"
#include "vmscope.h"

static void usage(void)
{
	printf("Usage: vmscope watch [options] PID\n"
	       "\n"
	       "Take a snapshot of PID every interval and show what changed since the\n"
	       "previous one (the table of 'vmscope diff'), until interrupted (Ctrl-C\n"
	       "exits with status 0) or COUNT intervals have passed. On a terminal the\n"
	       "screen is redrawn each time.\n"
	       "\n"
	       "Options:\n"
	       "  -i, --interval SEC    seconds between snapshots (default 2, may be\n"
	       "                        fractional)\n"
	       "  -n, --count COUNT     stop after COUNT diffs\n"
	       "  -a, --all             every row, changed or not\n"
	       "  -b, --bytes           changes in bytes\n"
	       "  -o, --output COLS     columns (as for diff)\n"
	       "      --source SRC      module, proc or auto (default)\n"
	       "  -h, --help            this help\n");
}

/* SEC[.FRACTION], above 0 and at most a day; nanoseconds beyond are dropped. */
static int parse_interval(const char *s, struct timespec *ts)
{
	const char *p = s, *frac;
	uint64_t sec = 0, ns = 0, digits;
	int n;

	if (*p != '.' && vms_scan_u64(&p, NULL, 10, &sec))
		return -1;
	if (*p == '.') {
		frac = ++p;
		/* Only the first nine digits count: -ERANGE is no error here. */
		vms_scan_u64(&p, NULL, 10, &digits);
		if (p == frac && frac == s + 1)
			return -1;		/* "." alone */
		for (n = 0; n < 9; n++)
			ns = ns * 10 + (frac + n < p ? frac[n] - '0' : 0);
	}
	if (*p || sec > 86400 || (sec == 86400 && ns) || (!sec && !ns))
		return -1;
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = (long)ns;
	return 0;
}

/* Sleep for `ts` unless SIGINT/SIGTERM arrives: true when interrupted. */
static bool interrupted(const sigset_t *set, const struct timespec *ts)
{
	struct timespec left = *ts, t0, t1;
	int sig;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		sig = sigtimedwait(set, NULL, &left);
		if (sig > 0)
			return true;
		if (errno != EINTR)
			return false;	/* EAGAIN: the interval passed */
		/* Another signal (SIGWINCH, SIGCONT): wait out the rest. */
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left.tv_sec -= t1.tv_sec - t0.tv_sec;
		left.tv_nsec -= t1.tv_nsec - t0.tv_nsec;
		while (left.tv_nsec < 0) {
			left.tv_nsec += 1000000000L;
			left.tv_sec--;
		}
		if (left.tv_sec < 0)
			return false;
	}
}

struct watch_ctl {
	struct vms_diff_opts o;
	enum vms_source source;
	struct timespec interval;
	long count;		/* -1: forever */
};

/*
 * Snapshots are self-referential (never copied): two inputs take turns
 * being the previous and the next one.
 */
static int loop(const struct watch_ctl *ctl, struct vms_input in[2],
		const sigset_t *set)
{
	bool tty = isatty(STDOUT_FILENO);
	long n;

	for (n = 0; ctl->count < 0 || n < ctl->count; n++) {
		struct vms_input *prev = &in[n % 2], *next = &in[(n + 1) % 2];
		int rc;

		if (interrupted(set, &ctl->interval))
			return VMS_EXIT_OK;
		rc = vms_input_reload(next, VMS_SECT_DEFAULT, ctl->source);
		if (rc)
			return rc;
		if (tty)
			fputs("\033[H\033[2J", stdout);
		rc = vms_diff_print(&ctl->o, &prev->snap, &next->snap);
		if (!tty)
			putchar('\n');
		if (rc)
			return rc;
		if (fflush(stdout))
			return vms_close_stdout();
	}
	return VMS_EXIT_OK;
}

int cmd_watch(int argc, char **argv)
{
		static const struct option longopts[] = {
		{ "interval",	required_argument,	NULL, 'i' },
		{ "count",	required_argument,	NULL, 'n' },
		{ "all",	no_argument,		NULL, 'a' },
		{ "bytes",	no_argument,		NULL, 'b' },
		{ "output",	required_argument,	NULL, 'o' },
		VMS_SOURCE_LONGOPT,
		VMS_HELP_LONGOPT
	};
	struct watch_ctl ctl = { .interval = { 2, 0 }, .count = -1 };
	struct vms_input in[2];
	sigset_t set, old;
	uint64_t count;
	pid_t pid;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":i:n:abo:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (parse_interval(optarg, &ctl.interval)) {
				vms_err("watch: invalid interval: %s", optarg);
				return VMS_EXIT_USAGE;
			}
			break;
		case 'n':
			if (vms_parse_range(optarg, 1, LONG_MAX, &count)) {
				vms_err("watch: invalid count: %s", optarg);
				return VMS_EXIT_USAGE;
			}
			ctl.count = (long)count;
			break;
		case 'a':
			ctl.o.all = true;
			break;
		case 'b':
			ctl.o.t.bytes = true;
			break;
		case 'o':
			ctl.o.t.output = optarg;
			break;
		default:
			rc = vms_common_option("watch", c, argv, usage, &ctl.source);
			if (rc != VMS_OPT_TAKEN)
				return rc;
		}
	}
	rc = vms_pid_operand("watch", argc, argv, optind, &pid);
	if (rc)
		return rc;
	if (ctl.o.t.output && vms_diff_check_columns(ctl.o.t.output))
		return VMS_EXIT_USAGE;

	memset(in, 0, sizeof(in));
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, &old);
	/* An ignored signal is discarded, never pending: shells start
	 * background jobs with SIGINT ignored, and watch must still stop. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	rc = vms_input_load(argv[optind], VMS_SECT_DEFAULT, ctl.source, &in[0]);
	if (!rc) {
		in[1].pid = in[0].pid;
		in[1].name = xstrdup(in[0].name);
		if (isatty(STDOUT_FILENO))
			fputs("\033[H\033[2J", stdout);
		vms_title_print(&in[0].snap, ctl.o.t.bytes);
		putchar('\n');
		fflush(stdout);
		rc = loop(&ctl, in, &set);
	}
	vms_input_free(&in[0]);
	vms_input_free(&in[1]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
