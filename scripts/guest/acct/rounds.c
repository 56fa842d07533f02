// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: race-proof rounds. The kernel's files are read, then the
 * reports, then the kernel's files again; a round counts only if both
 * kernel reads agree. Then every check class runs on that round.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

/* The module's report "PID SECTIONS" into *text; NULL, or why not. */
static char *request(pid_t pid, const char *sections, char **text, size_t *len)
{
	char req[64];
	long n;

	snprintf(req, sizeof(req), "%d %s\n", pid, sections);
	n = vms_report(req, text);
	if (n < 0)
		return xasprintf("%s '%d %s': %s", PROC_FILE, pid, sections,
				 strerror(-n));
	*len = n;
	return NULL;
}

/* @text (taken over) parsed as the pid's report; NULL, or why not. */
static char *take(char *text, size_t len, pid_t pid, struct report *r)
{
	char *perr = parse_report(text, len, pid, r), *msg;

	if (!perr)
		return NULL;
	msg = xasprintf("report: %s", perr);
	free(perr);
	report_free(r);
	return msg;
}

/* The module's "summary vmas" report (no extents); NULL, or why not. */
static char *fetch_summary(pid_t pid, struct report *r)
{
	char *text = NULL, *err;
	size_t len = 0;

	err = request(pid, "summary vmas", &text, &len);
	return err ? err : take(text, len, pid, r);
}

/* The module's "batched=" statistic; -1 if it cannot be read. */
static long long stat_batched(void)
{
	unsigned long long v;
	bool ok;
	char *buf;

	if (read_file("/sys/kernel/debug/vmscope/stats", &buf) < 0)
		return -1;
	ok = line_u64(buf, "batched", &v);
	free(buf);
	return ok ? (long long)v : -1;
}

/*
 * The module's "summary" report, the task record alone, and in *@batched
 * how many VMAs its walk added up in batches (-1: unknown); NULL, or why
 * not.
 */
static char *fetch_alone(pid_t pid, struct report *r, long long *batched)
{
	long long before = stat_batched(), after;
	char *text = NULL, *err;
	size_t len = 0;

	err = request(pid, "summary", &text, &len);
	after = stat_batched();
	*batched = before < 0 || after < 0 ? -1 : after - before;
	return err ? err : take(text, len, pid, r);
}

/* Fetch one report; NULL on success, else why not (malloc'd). */
static char *fetch(const struct source *src, pid_t pid, bool pfn,
		   struct report *r)
{
	char *text = NULL, *err;
	size_t len = 0;
	long n;

	if (src->self) {
		FILE *f = open_memstream(&text, &len);

		if (!f || expect_report(f, pid, pfn))
			return xstrdup("--self: cannot build the report");
		fclose(f);
	} else if (src->file || src->file_pfn) {
		const char *f = pfn ? src->file_pfn : src->file;

		if (!f)
			return xstrdup("no report file");
		n = read_file(f, &text);
		if (n < 0)
			return xasprintf("%s: %s", f, strerror(-n));
		len = n;
	} else {
		err = request(pid, pfn ? "vmas extents pfn" : "all", &text, &len);
		if (err)
			return err;
	}
	/* The pid's report, or a message saying why not. */
	return take(text, len, pid, r);
}

void check_process(const char *label, pid_t pid, const struct source *src,
		   const struct expectation *ex, size_t nex)
{
	struct ksnap k1, k2;
	struct report r = { 0 }, rp = { 0 }, rs = { 0 }, ra = { 0 };
	char *rserr = NULL, *raerr = NULL;
	long long batched = -1;
	char *rerr = NULL, *rperr = NULL, *diffs[MAX_ROUNDS] = { 0 };
	bool stable = false;
	char name[256];
	int round;

	for (round = 0; round < MAX_ROUNDS; round++) {
		ksnap_read(pid, &k1);
		if (k1.err) {
			snprintf(name, sizeof(name), "%s: the kernel's files can be read",
				 label);
			tap(false, name, k1.err);
			ksnap_free(&k1);
			return;
		}
		rerr = fetch(src, pid, false, &r);
		rperr = fetch(src, pid, true, &rp);
		/* A module report without extents: accounted the same? */
		if (!src->self && !src->file && !src->file_pfn) {
			rserr = fetch_summary(pid, &rs);
			raerr = fetch_alone(pid, &ra, &batched);
		}
		ksnap_read(pid, &k2);
		if (!k2.err && !strcmp(buf_str(&k1.blob), buf_str(&k2.blob))) {
			stable = true;
			ksnap_free(&k2);
			break;
		}
		diffs[round] = k2.err ? xstrdup(k2.err) : ksnap_diff(&k1, &k2);
		printf("# %s: round %d: the kernel's files changed during the round: %s\n",
		       label, round + 1, diffs[round]);
		ksnap_free(&k2);
		if (round + 1 < MAX_ROUNDS) {
			ksnap_free(&k1);
			report_free(&r);
			report_free(&rp);
			report_free(&rs);
			report_free(&ra);
			free(rserr);
			free(raerr);
			rserr = raerr = NULL;
			free(rerr);
			free(rperr);
			rerr = rperr = NULL;
		}
	}
	snprintf(name, sizeof(name), "%s: reading the report does not perturb the target (Referenced, soft-dirty, PG_referenced)",
		 label);
	if (stable) {
		struct check c = {
			.label = label, .k = &k1,
			.r = rerr ? NULL : &r, .rp = rperr ? NULL : &rp,
			.rerr = rerr, .rperr = rperr,
		};

		if (round)
			printf("# %s: stable in round %d\n", label, round + 1);
		for (size_t i = 0; i < k1.n; i++)
			if (k1.v[i].map_guess)
				printf("# %s: " VF ": no PAGEMAP_SCAN, and THPs that may be PTE-mapped: extents compared without map= on order-9 runs\n",
				       label, VA(&k1.v[i]));
		c.match = xcalloc(k1.n, sizeof(int));
		c.matchp = xcalloc(k1.n, sizeof(int));
		tap(true, name, NULL);
		check_report(&c);
		if (!src->self && !src->file && !src->file_pfn) {
			check_without_extents(&c, rserr ? NULL : &rs, rserr);
			check_summary_alone(&c, raerr ? NULL : &ra, raerr,
					    batched);
		}
		check_smaps(&c);
		check_numa(&c);
		check_policy(&c);
		check_pagemap(&c);
		check_invariants(&c);
		check_extents(&c, false);
		check_extents(&c, true);
		check_task(&c);
		free(c.match);
		free(c.matchp);
	} else {
		struct vms_buf why = { 0 };

		vms_buf_printf(&why, "no round out of %d where the kernel's files read the same before and after the reports:",
			  MAX_ROUNDS);
		for (int i = 0; i < MAX_ROUNDS && i < 3; i++)
			vms_buf_printf(&why, " [%d] %s", i + 1, diffs[i]);
		tap(false, name, why.data);
		snprintf(name, sizeof(name), "%s: accounting checks", label);
		tap(false, name, why.data);
		vms_buf_free(&why);
	}
	check_expectations(label, &k1, ex, nex, src);
	for (int i = 0; i < MAX_ROUNDS; i++)
		free(diffs[i]);
	ksnap_free(&k1);
	report_free(&r);
	report_free(&rp);
	report_free(&rs);
	report_free(&ra);
	free(rserr);
	free(raerr);
	free(rerr);
	free(rperr);
}
