/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Escaping of names in reports: space, tab, newline, backslash and every
 * byte outside printable ASCII become a backslash and three octal digits
 * (vms_escape_needed() in <vmscope/format.h>).
 */
#ifndef VMSCOPE_ESCAPE_H
#define VMSCOPE_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <vmscope/format.h>

/* The rule from <vmscope/format.h>. */
#define vms_needs_escape(c)	vms_escape_needed((unsigned char)(c))

/*
 * Escape `len` bytes of `src`. Returns a malloc'd NUL-terminated string,
 * or NULL when out of memory.
 */
char *vms_escape(const void *src, size_t len);

/*
 * Decode the NUL-terminated escaped string `src` into `dst`, which must
 * hold strlen(src) + 1 bytes (decoding never grows). `dst` may be `src`.
 * The result is NUL-terminated but may itself contain NUL bytes (\000).
 * Returns its length, or -1 if `src` holds a backslash that is not
 * followed by three octal digits of value <= 0377.
 */
ssize_t vms_unescape(char *dst, const char *src);

/* Whether vms_unescape() would accept `src`. */
bool vms_escape_valid(const char *src);

/*
 * Decode `src` into a new malloc'd string; NULL on a bad escape (errno
 * EINVAL) or when out of memory (ENOMEM). *lenp gets the length if set.
 */
char *vms_unescape_dup(const char *src, size_t *lenp);

#endif /* VMSCOPE_ESCAPE_H */
