// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Safe display of report values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "escape.h"
#include "util.h"

bool vms_utf8_valid(const void *str, size_t len)
{
	const unsigned char *s = str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return false;
		if (len - i <= n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* overlong forms, beyond Unicode, surrogates */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

static char *xescape(const void *s, size_t len)
{
	char *e = vms_escape(s, len);

	if (!e) {
		vms_err("out of memory");
		exit(VMS_EXIT_FAIL);
	}
	return e;
}

static bool has_control(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

char *vms_display_name(const char *escaped, unsigned int flags)
{
	size_t len;
	char *s = vms_unescape_dup(escaped, &len), *e;

	if (!s)		/* a bad escape (the parser checks those of names) */
		return xescape(escaped, strlen(escaped));
	if (strlen(s) == len &&
	    (!(flags & (VMS_DISP_JSON | VMS_DISP_STRICT)) || vms_utf8_valid(s, len)) &&
	    (!(flags & VMS_DISP_STRICT) || !has_control(s, len)))
		return s;
	e = xescape(s, len);
	free(s);
	return e;
}

char *vms_display_value(const char *v, bool json)
{
	size_t len = strlen(v);

	if (!json || vms_utf8_valid(v, len))
		return xstrdup(v);
	return xescape(v, len);
}
