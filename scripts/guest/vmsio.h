/* SPDX-License-Identifier: GPL-2.0 */
/*
 * I/O and TAP output shared by the guest programs (vmscope-gtest,
 * vmscope-acct, vmscope-stress, vmscope-harden): whole-file reads,
 * /proc/vmscope reports and "VMSCOPE-TAP" lines. vmsio.c, linked into
 * each by scripts/guest/Makefile.
 */
#ifndef VMSCOPE_GUEST_VMSIO_H
#define VMSCOPE_GUEST_VMSIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define VMSIO_READ_LIMIT	(1UL << 30)	/* no read grows past this */

/*
 * Read @fd to EOF into a NUL-terminated malloc'd buffer, at most
 * VMSIO_READ_LIMIT bytes. Returns the length, or -errno with *@out NULL.
 */
long read_all(int fd, char **out);
long read_file(const char *path, char **out);
/* One write() of @len bytes: 0, -errno, or -EIO if it was short. */
int write_str(int fd, const char *s, size_t len);
/* Open @path, write @s (@len bytes), close: 0 or -errno. */
int write_path_len(const char *path, const char *s, size_t len);
int write_path(const char *path, const char *s);
/* pread exactly @len bytes or up to EOF; returns bytes read or -errno. */
long pread_full(int fd, void *buf, size_t len, off_t off);
/*
 * One report through a fresh /proc/vmscope session: write @request, read
 * to EOF. Returns the length, or -errno of the open, write or read.
 */
long vms_report(const char *request, char **out);

/*
 * The number of " KEY=" in @line (a debugfs stats line, a record), up to
 * the line's end: true and *@v, or false (decimal, or 0x hex).
 */
bool line_u64(const char *line, const char *key, unsigned long long *v);

/*
 * "VMSCOPE-TAP ok - NAME", or "VMSCOPE-TAP not ok - NAME # PREFIXWHY" on
 * one line (newlines in WHY become spaces; no " # " when both are empty),
 * counted in tap_failures.
 */
extern int tap_failures;
extern const char *tap_prefix;		/* "" unless a program sets it */
void tap(bool ok, const char *name, const char *why);
void tapf(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tap_skip(const char *name, const char *why);

#endif /* VMSCOPE_GUEST_VMSIO_H */
