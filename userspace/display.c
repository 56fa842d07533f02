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

/* The length of the valid UTF-8 sequence at s[0] (of len bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n, k;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 1, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 2, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 3, cp = c & 0x07;
	else
		return 0;
	if (len <= n)
		return 0;
	for (k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	/* overlong forms, beyond Unicode, surrogates */
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n + 1;
}

bool vms_utf8_valid(const void *str, size_t len)
{
	const unsigned char *s = str;
	size_t i = 0, n;

	for (i = 0; i < len; i += n) {
		n = utf8_seq(s + i, len - i);
		if (!n)
			return false;
	}
	return true;
}

char *vms_utf8_latin1(const void *str, size_t len)
{
	const unsigned char *s = str;
	char *out = xmalloc(2 * len + 1), *o = out;
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = utf8_seq(s + i, len - i);
		if (n) {
			memcpy(o, s + i, n);
			o += n;
		} else {		/* U+0080..U+00FF, two bytes */
			*o++ = (char)(0xc0 | s[i] >> 6);
			*o++ = (char)(0x80 | (s[i] & 0x3f));
			n = 1;
		}
	}
	*o = '\0';
	return out;
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
	if ((flags & VMS_DISP_JSON) && strlen(s) == len && !vms_utf8_valid(s, len)) {
		e = vms_utf8_latin1(s, len);
		free(s);
		return e;
	}
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
	return vms_utf8_latin1(v, len);
}

void vms_json_string(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}
