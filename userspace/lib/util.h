/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Small helpers shared by the vmscope commands: checked allocation,
 * a growable byte buffer, numbers and error messages.
 */
#ifndef VMSCOPE_UTIL_H
#define VMSCOPE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define VMS_PROG	"vmscope"

/* Exit codes (SPEC section 3). */
#define VMS_EXIT_OK	0
#define VMS_EXIT_USAGE	1
#define VMS_EXIT_FAIL	2
#define VMS_EXIT_DISAGREE	3	/* check: the module and /proc differ */

#define VMS_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
# define VMS_PRINTF(f, a)	__attribute__((format(printf, f, a)))
#else
# define VMS_PRINTF(f, a)
#endif

/* "vmscope: <message>\n" on stderr. */
void vms_err(const char *fmt, ...) VMS_PRINTF(1, 2);
/* Same, then ": strerror(errnum)". */
void vms_err_errno(int errnum, const char *fmt, ...) VMS_PRINTF(2, 3);
/* "vmscope: warning: <message>\n" on stderr. */
void vms_warn(const char *fmt, ...) VMS_PRINTF(1, 2);

/* Checked allocation for the CLI: print "out of memory" and exit 2. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);

/* A growable byte buffer; data[len] is always a NUL once data != NULL. */
struct vms_buf {
	char *data;
	size_t len;
	size_t cap;
};

void vms_buf_free(struct vms_buf *b);
/* Make room for `more` bytes after len (plus the NUL). 0 or -ENOMEM/-EFBIG. */
int vms_buf_reserve(struct vms_buf *b, size_t more);
/* One read(2) into the buffer: bytes read, 0 at EOF, or -errno. */
ssize_t vms_buf_read_some(struct vms_buf *b, int fd);
/* Append bytes (exits on out of memory, like x*()). */
void vms_buf_append(struct vms_buf *b, const void *data, size_t len);
/* Append formatted text (exits on out of memory, like x*()). */
void vms_buf_printf(struct vms_buf *b, const char *fmt, ...) VMS_PRINTF(2, 3);
/* Read a whole file into an empty buffer: 0 or -errno. */
int vms_read_file(const char *path, struct vms_buf *b);
/* write(2) all of it, retrying short writes. 0 or -errno. */
int vms_write_all(int fd, const void *data, size_t len);

/*
 * The number parser: every number libvmscope and the CLI read goes
 * through vms_scan_u64(). It takes the digits of `base` (10 or 16; no
 * sign, no "0x", no blanks) from *p, up to `end` (NULL: up to the NUL).
 * 0 with *p past them; -EINVAL when there is no digit (*p unchanged);
 * -ERANGE when the value does not fit in 64 bits (*p past the digits).
 */
int vms_scan_u64(const char **p, const char *end, unsigned int base, uint64_t *out);
/* The whole string is one number. 0, -EINVAL or -ERANGE. */
int vms_parse_u64(const char *s, uint64_t *out);	/* decimal */
int vms_parse_hex(const char *s, uint64_t *out);	/* 0x-prefixed hex */
/* Decimal in [min, max]: out of it is -ERANGE. */
int vms_parse_range(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* Decimal with an optional '-', in int64_t. */
int vms_parse_s64(const char *s, int64_t *out);
/* A PID on the command line: decimal, 1..INT_MAX. 0 or -EINVAL. */
int vms_pid_arg(const char *s, pid_t *out);
bool vms_all_digits(const char *s);

/*
 * Flush stdout and report a write error (e.g. ENOSPC): 0 or VMS_EXIT_FAIL.
 * A reader that closed the pipe (EPIPE) is no error: 0, quietly.
 */
int vms_close_stdout(void);

#endif /* VMSCOPE_UTIL_H */
