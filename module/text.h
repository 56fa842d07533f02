/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's growable text buffer (text.c).
 */
#ifndef VMSCOPE_TEXT_H
#define VMSCOPE_TEXT_H

#include <linux/compiler.h>
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
__printf(2, 3) void vms_text_printf(struct vms_text *t, const char *fmt, ...);
void vms_text_putc(struct vms_text *t, char c);
void vms_text_append(struct vms_text *t, const char *s, size_t n);
void vms_text_escape(struct vms_text *t, const char *s, size_t n);

#endif /* VMSCOPE_TEXT_H */
