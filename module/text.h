/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's growable text buffer (text.c).
 */
#ifndef VMSCOPE_TEXT_H
#define VMSCOPE_TEXT_H

#include <linux/compiler.h>
#include <linux/string.h>
#include <linux/types.h>

/**
 * struct vms_text - a growable text buffer
 * @data: the bytes (not NUL-terminated in general)
 * @len: bytes used
 * @size: bytes allocated
 * @err: first allocation error, sticky; 0 while all appends succeeded
 */
struct vms_text {
	char *data;
	size_t len;
	size_t size;
	int err;
};

void vms_text_init(struct vms_text *t);
void vms_text_free(struct vms_text *t);
bool vms_text_grow(struct vms_text *t, size_t need);

/**
 * vms_text_reserve() - make room for more bytes
 * @t: the text
 * @need: bytes to be appended
 *
 * Inline while there is room (every field of a record asks); else
 * vms_text_grow().
 *
 * Return: true if there is room; else false and t->err is set.
 */
static inline bool vms_text_reserve(struct vms_text *t, size_t need)
{
	if (likely(!t->err && t->size - t->len >= need))
		return true;
	return vms_text_grow(t, need);
}

__printf(2, 3) void vms_text_printf(struct vms_text *t, const char *fmt, ...);
void vms_text_putc(struct vms_text *t, char c);
void vms_text_append(struct vms_text *t, const char *s, size_t n);
void vms_text_escape(struct vms_text *t, const char *s, size_t n);
void vms_text_word(struct vms_text *t, const char *w);

/* Digits of a u64 at most: in decimal, in hex. */
#define VMS_DEC_MAX	20
#define VMS_HEX_MAX	16

unsigned int vms_fmt_dec(char *p, u64 v);
unsigned int vms_fmt_hex(char *p, u64 v, unsigned int width);

/**
 * vms_text_put_u64() - append a prefix and a number in decimal
 * @t: the text
 * @prefix: bytes to put before the number (e.g. " rss=")
 * @len: their number
 * @v: the number
 *
 * What vms_text_printf(t, "%s%llu", ...) writes, without parsing a format
 * and with the digits written in place: records carry dozens of numbers,
 * and this is most of their rendering. Inline, so that a key's constant
 * length makes its copy a few moves.
 */
static __always_inline void vms_text_put_u64(struct vms_text *t,
					     const char *prefix, size_t len,
					     u64 v)
{
	if (!vms_text_reserve(t, len + VMS_DEC_MAX))
		return;
	memcpy(t->data + t->len, prefix, len);
	t->len += len;
	t->len += vms_fmt_dec(t->data + t->len, v);
}

/**
 * vms_text_put_hex_width() - append a prefix and a number in lower-case hex
 * @t: the text
 * @prefix: bytes to put before the digits (e.g. " start=0x")
 * @len: their number
 * @v: the number
 * @width: the least number of digits, zero-padded (1 to VMS_HEX_MAX)
 */
static __always_inline void vms_text_put_hex_width(struct vms_text *t,
						   const char *prefix,
						   size_t len, u64 v,
						   unsigned int width)
{
	if (!vms_text_reserve(t, len + VMS_HEX_MAX))
		return;
	memcpy(t->data + t->len, prefix, len);
	t->len += len;
	t->len += vms_fmt_hex(t->data + t->len, v, width);
}

static __always_inline void vms_text_put_hex(struct vms_text *t,
					     const char *prefix, size_t len,
					     u64 v)
{
	vms_text_put_hex_width(t, prefix, len, v, 1);
}

/**
 * vms_text_put() - append bytes whose number is known where it is called
 * @t: the text
 * @s: the bytes (a string literal)
 * @len: their number, a constant
 *
 * Inline, so that the copy is a few moves rather than a call to memcpy()
 * (which copies a short string byte by byte where it is "rep movsb").
 */
static __always_inline void vms_text_put(struct vms_text *t, const char *s,
					 size_t len)
{
	if (!vms_text_reserve(t, len))
		return;
	memcpy(t->data + t->len, s, len);
	t->len += len;
}

/*
 * The helpers behind the macros below are always inlined: their prefix is
 * a literal, so strlen() folds to a constant and the copy to a few moves.
 * Left to the compiler they were calls, each with a strlen() and a
 * memcpy() - most of the cost of rendering a record.
 */
static __always_inline void __vms_text_kv(struct vms_text *t,
					  const char *prefix, u64 v)
{
	vms_text_put_u64(t, prefix, strlen(prefix), v);
}

static __always_inline void __vms_text_kd(struct vms_text *t,
					  const char *prefix, s64 v)
{
	if (v >= 0) {
		vms_text_put_u64(t, prefix, strlen(prefix), v);
		return;
	}
	vms_text_put(t, prefix, strlen(prefix));
	vms_text_put_u64(t, "-", 1, -(u64)v);
}

static __always_inline void __vms_text_kx(struct vms_text *t,
					  const char *prefix, u64 v)
{
	vms_text_put_hex(t, prefix, strlen(prefix), v);
}

static __always_inline void __vms_text_kw(struct vms_text *t,
					  const char *prefix,
					  const char *word)
{
	vms_text_put(t, prefix, strlen(prefix));
	vms_text_word(t, word);
}

/*
 * Append " KEY=" and a value: @v in decimal (kv; kd for a signed one), @v
 * as 0x-prefixed hex (kx), or @word as it is (kw). KEY is a string
 * literal (format.h).
 */
#define vms_text_kv(t, key, v)		__vms_text_kv(t, " " key "=", v)
#define vms_text_kd(t, key, v)		__vms_text_kd(t, " " key "=", v)
#define vms_text_kx(t, key, v)		__vms_text_kx(t, " " key "=0x", v)
#define vms_text_kw(t, key, word)	__vms_text_kw(t, " " key "=", word)

#endif /* VMSCOPE_TEXT_H */
