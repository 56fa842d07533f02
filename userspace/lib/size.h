/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Human-readable sizes: "0", "512B", "4.0K", "12K", "1.0G" (binary units,
 * one decimal below 10, rounded to nearest).
 */
#ifndef VMSCOPE_SIZE_H
#define VMSCOPE_SIZE_H

#include <stddef.h>
#include <stdint.h>

/* Big enough for any output of vms_size_human(), NUL included. */
#define VMS_SIZE_BUFSZ	16

/* Format `bytes` into `buf` (of `bufsz` bytes) and return `buf`. */
char *vms_size_human(uint64_t bytes, char *buf, size_t bufsz);

/* A signed change: "+4.0K", "-1.0G", "0". */
char *vms_size_human_delta(int64_t delta, char *buf, size_t bufsz);

/* Bytes as text: human (vms_size_human) or exact decimal. */
char *vms_size_fmt(uint64_t bytes, int exact, char *buf, size_t bufsz);
char *vms_delta_fmt(int64_t delta, int exact, char *buf, size_t bufsz);

#endif /* VMSCOPE_SIZE_H */
