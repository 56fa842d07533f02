// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Text fitted to display columns.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fit.h"
#include "util.h"

/* Columns of a file name worth showing between two ellipses. */
#define MIN_PART	4

/*
 * The unit of text at `s` that is never cut: a \ooo escape, a UTF-8
 * character, or a stray byte. Its length in bytes; its columns in *cols.
 */
static size_t unit(const char *s, size_t *cols)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i;
	uint32_t cp;
	int w;

	if (u[0] == '\\' && u[1] >= '0' && u[1] <= '7' && u[2] >= '0' && u[2] <= '7' &&
	    u[3] >= '0' && u[3] <= '7') {
		*cols = 4;
		return 4;
	}
	*cols = 1;
	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		cp = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		cp = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		cp = u[0] & 0x07;
	} else {
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 1;
		cp = cp << 6 | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are not UTF-8. */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 1;
	w = wcwidth((wchar_t)cp);
	*cols = w < 0 ? 1 : (size_t)w;
	return len;
}

size_t vms_text_width(const char *s)
{
	size_t cols = 0, c;

	while (*s) {
		s += unit(s, &c);
		cols += c;
	}
	return cols;
}

/* The bytes of the longest start of `s` at most `cols` wide. */
static size_t head(const char *s, size_t cols)
{
	size_t len = 0, used = 0, n, c;

	while (s[len]) {
		n = unit(s + len, &c);
		if (used + c > cols)
			break;
		used += c;
		len += n;
	}
	return len;
}

static char *join(const char *a, size_t alen, const char *b, const char *c)
{
	size_t blen = strlen(b), clen = strlen(c);
	char *out = xmalloc(alen + blen + clen + 1);

	memcpy(out, a, alen);
	memcpy(out + alen, b, blen);
	memcpy(out + alen + blen, c, clen + 1);
	return out;
}

char *vms_text_fit(const char *name, size_t cols, const char *ellipsis)
{
	size_t ew = vms_text_width(ellipsis), bw;
	const char *base = strrchr(name, '/');

	if (vms_text_width(name) <= cols)
		return xstrdup(name);
	if (cols <= ew)		/* no room for an ellipsis and anything */
		return join(name, head(name, cols), "", "");
	/* "/usr/lib/…/libc.so.6": the start, then the last component */
	if (base && base != name && base[1]) {
		bw = vms_text_width(base);
		if (bw + ew <= cols)
			return join(name, head(name, cols - ew - bw), ellipsis, base);
		/* "…libstdc++.…": the file's name matters more than its directory */
		if (cols >= 2 * ew + MIN_PART) {
			char *part = join(base + 1, head(base + 1, cols - 2 * ew), ellipsis, "");
			char *out = join(ellipsis, strlen(ellipsis), part, "");

			free(part);
			return out;
		}
	}
	return join(name, head(name, cols - ew), ellipsis, "");
}
