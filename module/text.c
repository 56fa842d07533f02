// SPDX-License-Identifier: GPL-2.0
/*
 * Text: the module's growable byte buffer, which report text is written
 * into (render.c) and read out of (report.c). An allocation failure is
 * sticky, so that writers can append without checking each call and the
 * owner checks once.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <vmscope/format.h>
#include "alloc.h"
#include "text.h"

/*
 * The first allocation: one page, since most texts (a summary, the stats)
 * are short and every allocation may be zeroed (init_on_alloc).
 */
#define VMS_TEXT_MIN	PAGE_SIZE

/**
 * vms_text_init() - make an empty buffer
 * @t: the text
 */
void vms_text_init(struct vms_text *t)
{
	t->data = NULL;
	t->len = 0;
	t->size = 0;
	t->err = 0;
}

/**
 * vms_text_free() - release a text's memory and make it empty
 * @t: the text
 */
void vms_text_free(struct vms_text *t)
{
	kvfree(t->data);
	vms_text_init(t);
}

/**
 * vms_text_grow() - vms_text_reserve()'s slow path: allocate more room
 * @t: the text
 * @need: bytes to be appended
 *
 * The first allocation is at least VMS_TEXT_MIN, and the size doubles, so
 * a caller that knows how much a text will hold reserves it at once.
 *
 * Return: true if there is room; else false and t->err is set.
 */
bool vms_text_grow(struct vms_text *t, size_t need)
{
	size_t size;
	char *data;

	if (t->err)
		return false;
	if (t->size - t->len >= need)
		return true;
	size = max_t(size_t, t->size ? t->size : VMS_TEXT_MIN, VMS_TEXT_MIN);
	while (size - t->len < need) {
		if (size > SIZE_MAX / 2) {
			t->err = -ENOMEM;
			return false;
		}
		size *= 2;
	}
	data = kvmalloc(size, VMS_GFP);
	if (!data) {
		t->err = -ENOMEM;
		return false;
	}
	if (t->len)
		memcpy(data, t->data, t->len);
	kvfree(t->data);
	t->data = data;
	t->size = size;
	return true;
}

/**
 * vms_text_printf() - append formatted text
 * @t: the text
 * @fmt: printf format
 *
 * On allocation failure the buffer keeps what it had and t->err is set;
 * later appends do nothing.
 */
void vms_text_printf(struct vms_text *t, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(t->data ? t->data + t->len : NULL,
		      t->data ? t->size - t->len : 0, fmt, args);
	va_end(args);
	if (n < 0 || t->err)
		return;
	if (t->data && (size_t)n < t->size - t->len) {
		t->len += n;
		return;
	}
	if (!vms_text_reserve(t, (size_t)n + 1))
		return;
	va_start(args, fmt);
	vsnprintf(t->data + t->len, t->size - t->len, fmt, args);
	va_end(args);
	t->len += n;
}

/**
 * vms_text_putc() - append one byte
 * @t: the text
 * @c: the byte
 */
void vms_text_putc(struct vms_text *t, char c)
{
	if (!vms_text_reserve(t, 1))
		return;
	t->data[t->len++] = c;
}

/**
 * vms_text_append() - append bytes as they are
 * @t: the text
 * @s: the bytes
 * @n: their number
 *
 * vms_text_put() out of line, for a length known only at run time.
 */
void vms_text_append(struct vms_text *t, const char *s, size_t n)
{
	vms_text_put(t, s, n);
}

/* Bytes of a word vms_text_word() copies one by one. */
#define VMS_WORD_INLINE	16

/**
 * vms_text_word() - append a word of the format's vocabulary
 * @t: the text
 * @w: the word, NUL-terminated
 *
 * A state, type or flag name is a few bytes: copied one by one, with
 * neither strlen() nor memcpy() (which copies a short string byte by byte
 * where it is "rep movsb", at a cost per byte far above a move's). A word
 * longer than VMS_WORD_INLINE is appended whole.
 */
void vms_text_word(struct vms_text *t, const char *w)
{
	size_t i;

	if (!vms_text_reserve(t, VMS_WORD_INLINE))
		return;
	for (i = 0; i < VMS_WORD_INLINE && w[i]; i++)
		t->data[t->len + i] = w[i];
	if (w[i]) {
		/* Longer: all of it (or, out of memory, none). */
		vms_text_append(t, w, strlen(w));
		return;
	}
	t->len += i;
}

/**
 * vms_text_escape() - append bytes escaped for a record value
 * @t: the text
 * @s: the raw bytes
 * @n: their number
 *
 * Bytes that vms_escape_needed() names become a backslash and three octal
 * digits, so that a value never contains a blank or a newline. Room for
 * every byte escaped is made at once (a name is at most PATH_MAX bytes),
 * so that the loop checks for room nowhere.
 */
void vms_text_escape(struct vms_text *t, const char *s, size_t n)
{
	char *p;
	size_t i;

	if (!n)
		return;
	if (n > SIZE_MAX / 4) {
		t->err = t->err ?: -ENOMEM;
		return;
	}
	if (!vms_text_reserve(t, 4 * n))
		return;
	p = t->data + t->len;
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (likely(!vms_escape_needed(c))) {
			*p++ = c;
			continue;
		}
		*p++ = '\\';
		*p++ = '0' + ((c >> 6) & 7);
		*p++ = '0' + ((c >> 3) & 7);
		*p++ = '0' + (c & 7);
	}
	t->len = p - t->data;
}

/* The number of decimal digits of @v. */
static unsigned int vms_dec_digits(u64 v)
{
	unsigned int n = 1;

	while (v >= 10000) {
		v = div_u64(v, 10000);	/* no 64-bit division on 32-bit */
		n += 4;
	}
	if (v >= 1000)
		return n + 3;
	if (v >= 100)
		return n + 2;
	return v >= 10 ? n + 1 : n;
}

/**
 * vms_fmt_dec() - write a number in decimal
 * @p: where the digits go, room for VMS_DEC_MAX of them
 * @v: the number
 *
 * Return: the number of digits written (no NUL).
 */
unsigned int vms_fmt_dec(char *p, u64 v)
{
	unsigned int n = vms_dec_digits(v), i;

	for (i = n; i-- > 0;)
		p[i] = '0' + do_div(v, 10);
	return n;
}

/**
 * vms_fmt_hex() - write a number in lower-case hex
 * @p: where the digits go, room for VMS_HEX_MAX of them
 * @v: the number
 * @width: the least number of digits, zero-padded (1 to VMS_HEX_MAX)
 *
 * Return: the number of digits written (no NUL).
 */
unsigned int vms_fmt_hex(char *p, u64 v, unsigned int width)
{
	unsigned int n = v ? (fls64(v) + 3) / 4 : 1, i;

	n = max(n, clamp(width, 1U, (unsigned int)VMS_HEX_MAX));
	for (i = n; i-- > 0; v >>= 4)
		p[i] = hex_asc_lo(v);
	return n;
}
