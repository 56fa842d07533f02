/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Text fitted to a number of display columns, for the map's names and
 * the SVG's labels: widths as a terminal (or a monospace font) shows
 * UTF-8, and names shortened in the middle so that both their start and
 * their file name stay readable.
 */
#ifndef VMSCOPE_FIT_H
#define VMSCOPE_FIT_H

#include <stddef.h>

/*
 * The display columns of `s`: wcwidth() of each UTF-8 character where the
 * locale knows it (0 for combining marks, 2 for wide ones), else 1; a
 * byte that is not part of valid UTF-8 counts 1.
 */
size_t vms_text_width(const char *s);

/*
 * `name` in at most `cols` columns: as it is when it fits; else its start
 * and its last path component with `ellipsis` between them
 * ("/usr/lib/…/libc.so.6"); else, when even that component is too long,
 * the start of that component between two (“…libstdc++.…”); else its
 * start and `ellipsis`. Characters and \ooo escapes are never cut.
 * Malloc'd.
 */
char *vms_text_fit(const char *name, size_t cols, const char *ellipsis);

#endif /* VMSCOPE_FIT_H */
