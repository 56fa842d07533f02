// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the vmscope CLI core, as TAP.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static int tests_run, tests_failed;

static bool tap_vok(bool cond, const char *fmt, va_list ap)
{
	tests_run++;
	if (!cond)
		tests_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tests_run);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	bool cond = got && want ? !strcmp(got, want) : got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	if (!cond) {
		tap_diag("     got: %s%s%s", got ? "'" : "", got ? got : "NULL", got ? "'" : "");
		tap_diag("expected: %s%s%s", want ? "'" : "", want ? want : "NULL", want ? "'" : "");
	}
	return cond;
}

bool tap_is_int(long long got, long long want, const char *fmt, ...)
{
	bool cond = got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	if (!cond) {
		tap_diag("     got: %lld", got);
		tap_diag("expected: %lld", want);
	}
	return cond;
}

int tap_done(void)
{
	printf("1..%d\n", tests_run);
	if (tests_failed)
		tap_diag("%d of %d tests failed", tests_failed, tests_run);
	return tests_failed ? 1 : 0;
}

int main(void)
{
	test_format();
	test_util();
	test_escape();
	test_size();
	test_snapshot();
	test_columns();
	test_match();
	test_procparse();
	test_strip();
	test_mounts();
	test_compare();
	test_pagemap();
	test_fit();
	return tap_done();
}
