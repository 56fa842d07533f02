// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope-touch: a process whose memory changes when told to, for diff,
 * watch and the demo story.
 *
 *   vmscope-touch MIB [STEP_MIB]
 *
 * malloc()s MIB MiB, leaves it untouched and prints "ready PID ADDR".
 * Then, on
 *   SIGUSR1  writes the next STEP_MIB MiB (default: half of it) and prints
 *            "touched N" (MiB written so far);
 *   SIGUSR2  forks; the child writes the first quarter (copy-on-write)
 *            and prints "child PID", the parent "forked PID";
 *   SIGHUP   reads every page, so that those not written yet map the
 *            shared zero page, and prints "read MIB";
 *   SIGTERM  exits (the child too).
 * Signals are taken with sigwaitinfo(): no handler, nothing lost.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define MiB	(1UL << 20)

static void wait_forever(const sigset_t *set)
{
	for (;;)
		if (sigwaitinfo(set, NULL) == SIGTERM)
			exit(0);
}

int main(int argc, char **argv)
{
	size_t size, step, done = 0;
	sigset_t set;
	char *p;

	if (argc < 2 || atol(argv[1]) <= 0) {
		fprintf(stderr, "usage: vmscope-touch MIB [STEP_MIB]\n");
		return 2;
	}
	size = (size_t)atol(argv[1]) * MiB;
	step = argc > 2 && atol(argv[2]) > 0 ? (size_t)atol(argv[2]) * MiB : size / 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	p = malloc(size);
	if (!p) {
		perror("vmscope-touch: malloc");
		return 1;
	}
	printf("ready %d %p\n", getpid(), (void *)p);
	for (;;) {
		int sig = sigwaitinfo(&set, NULL);
		pid_t child;

		if (sig == SIGTERM)
			return 0;
		if (sig == SIGUSR1) {
			size_t n = size - done < step ? size - done : step;

			memset(p + done, 1, n);
			done += n;
			printf("touched %zu\n", done / MiB);
		} else if (sig == SIGHUP) {
			const volatile char *q = p;
			size_t i;

			/* volatile: every read happens, and faults its page in */
			for (i = 0; i < size; i += 4096)
				(void)q[i];
			printf("read %zu\n", size / MiB);
		} else if (sig == SIGUSR2) {
			child = fork();
			if (child < 0) {
				perror("vmscope-touch: fork");
				return 1;
			}
			if (!child) {
				prctl(PR_SET_PDEATHSIG, SIGTERM);
				memset(p, 2, size / 4);
				printf("child %d\n", getpid());
				wait_forever(&set);
			}
			printf("forked %d\n", child);
		}
	}
}
