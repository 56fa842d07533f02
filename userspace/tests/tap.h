/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A minimal TAP producer: "ok N - description" lines, "# " diagnostics,
 * and the plan "1..N" at the end.
 */
#ifndef VMSCOPE_TAP_H
#define VMSCOPE_TAP_H

#include <stdbool.h>

#if defined(__GNUC__)
# define TAP_PRINTF(f, a)	__attribute__((format(printf, f, a)))
#else
# define TAP_PRINTF(f, a)
#endif

/* Record one test; returns cond. */
bool tap_ok(bool cond, const char *fmt, ...) TAP_PRINTF(2, 3);
/* A "# ..." diagnostic line. */
void tap_diag(const char *fmt, ...) TAP_PRINTF(1, 2);
/* String equality test with diagnostics on failure. */
bool tap_is_str(const char *got, const char *want, const char *fmt, ...) TAP_PRINTF(3, 4);
/* Integer equality test with diagnostics on failure. */
bool tap_is_int(long long got, long long want, const char *fmt, ...) TAP_PRINTF(3, 4);
/* Print the plan; the exit status for main(). */
int tap_done(void);

/* The test groups, one per t-*.c file. */
void test_format(void);
void test_escape(void);
void test_snapshot(void);
void test_size(void);
void test_util(void);
void test_columns(void);
void test_match(void);
void test_procparse(void);
void test_strip(void);
void test_mounts(void);
void test_compare(void);
void test_pagemap(void);
void test_fit(void);

#endif /* VMSCOPE_TAP_H */
