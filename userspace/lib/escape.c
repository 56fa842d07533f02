// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * \ooo escaping of names, the inverse of what the module does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/format.h>

#include "escape.h"

char *vms_escape(const void *src, size_t len)
{
	const unsigned char *s = src;
	size_t i, n = 0;
	char *out, *p;

	for (i = 0; i < len; i++)
		n += vms_needs_escape(s[i]) ? 4 : 1;
	out = malloc(n + 1);
	if (!out)
		return NULL;
	for (p = out, i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (vms_needs_escape(c)) {
			*p++ = '\\';
			*p++ = '0' + (c >> 6);
			*p++ = '0' + ((c >> 3) & 7);
			*p++ = '0' + (c & 7);
		} else {
			*p++ = c;
		}
	}
	*p = '\0';
	return out;
}

static bool is_odigit(char c)
{
	return c >= '0' && c <= '7';
}

/* The value of a "\ooo" sequence at s (pointing at the backslash), or -1. */
static int octal_escape(const char *s)
{
	if (!is_odigit(s[1]) || !is_odigit(s[2]) || !is_odigit(s[3]) || s[1] > '3')
		return -1;
	return (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
}

ssize_t vms_unescape(char *dst, const char *src)
{
	char *p = dst;

	while (*src) {
		if (*src == '\\') {
			int c = octal_escape(src);

			if (c < 0)
				return -1;
			*p++ = (char)c;
			src += 4;
		} else {
			*p++ = *src++;
		}
	}
	*p = '\0';
	return p - dst;
}

bool vms_escape_valid(const char *src)
{
	for (src = strchr(src, '\\'); src; src = strchr(src + 4, '\\'))
		if (octal_escape(src) < 0)
			return false;
	return true;
}

char *vms_unescape_dup(const char *src, size_t *lenp)
{
	char *out = malloc(strlen(src) + 1);
	ssize_t n;

	if (!out) {
		errno = ENOMEM;
		return NULL;
	}
	n = vms_unescape(out, src);
	if (n < 0) {
		free(out);
		errno = EINVAL;
		return NULL;
	}
	if (lenp)
		*lenp = n;
	return out;
}
