/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Turning report values into text that is safe to show: names unescaped
 * where that loses nothing, JSON kept valid UTF-8, terminals kept free of
 * control characters.
 */
#ifndef VMSCOPE_DISPLAY_H
#define VMSCOPE_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define VMS_DISP_JSON	(1u << 0)	/* must be valid UTF-8 */
#define VMS_DISP_STRICT	(1u << 1)	/* printed directly: no control chars */

bool vms_utf8_valid(const void *s, size_t len);

/*
 * JSON's convention for bytes that are not UTF-8 (a Latin-1 file name):
 * every byte that is not part of a valid UTF-8 sequence becomes the code
 * point of its value, U+0080..U+00FF (written as UTF-8, which a JSON
 * reader sees as the string "\u00XX"); valid sequences are kept. Valid
 * UTF-8 out, malloc'd (exits on out of memory).
 */
char *vms_utf8_latin1(const void *s, size_t len);

/*
 * An escaped name (or comm) for display: unescaped, unless that would
 * lose or mangle bytes, then escaped \ooo as in reports, which is plain
 * ASCII: an embedded NUL; invalid UTF-8 under VMS_DISP_STRICT (a
 * terminal); control characters under VMS_DISP_STRICT. Under
 * VMS_DISP_JSON invalid UTF-8 follows vms_utf8_latin1().
 * Without VMS_DISP_STRICT, control characters are left to libsmartcols,
 * which shows them escaped in tables and as \uXXXX in JSON.
 * Returns a malloc'd string (exits on out of memory).
 */
char *vms_display_name(const char *escaped, unsigned int flags);

/*
 * Any other value: as is (printable ASCII from a conforming module), but
 * as vms_utf8_latin1() for JSON when it is not valid UTF-8. Malloc'd.
 */
char *vms_display_value(const char *v, bool json);

/*
 * Write `s` (valid UTF-8) to `f` as a JSON string: quoted, with '"', '\\'
 * and control characters escaped as JSON wants.
 */
void vms_json_string(FILE *f, const char *s);

#endif /* VMSCOPE_DISPLAY_H */
