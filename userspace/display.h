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

#define VMS_DISP_JSON	(1u << 0)	/* must be valid UTF-8 */
#define VMS_DISP_STRICT	(1u << 1)	/* printed directly: no control chars */

bool vms_utf8_valid(const void *s, size_t len);

/*
 * An escaped name (or comm) for display: unescaped, unless that would
 * lose or mangle bytes (an embedded NUL; invalid UTF-8 under
 * VMS_DISP_JSON or VMS_DISP_STRICT; control characters under
 * VMS_DISP_STRICT), then escaped \ooo as in reports, which is plain ASCII.
 * Without VMS_DISP_STRICT, control characters are left to libsmartcols,
 * which shows them escaped in tables and as \uXXXX in JSON.
 * Returns a malloc'd string (exits on out of memory).
 */
char *vms_display_name(const char *escaped, unsigned int flags);

/*
 * Any other value: as is (printable ASCII from a conforming module), but
 * escaped \ooo for JSON when it is not valid UTF-8. Malloc'd.
 */
char *vms_display_value(const char *v, bool json);

#endif /* VMSCOPE_DISPLAY_H */
