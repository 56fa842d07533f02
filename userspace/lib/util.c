// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Small helpers shared by the vmscope commands.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* Grow buffers in steps of at least this, and never beyond this. */
#define VMS_BUF_MIN		(64 * 1024)
#define VMS_BUF_MAX		((size_t)SSIZE_MAX / 2)

static void vms_vmsg(const char *prefix, int errnum, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s", VMS_PROG, prefix);
	vfprintf(stderr, fmt, ap);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void vms_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vms_vmsg("", 0, fmt, ap);
	va_end(ap);
}

void vms_err_errno(int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vms_vmsg("", errnum, fmt, ap);
	va_end(ap);
}

void vms_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vms_vmsg("warning: ", 0, fmt, ap);
	va_end(ap);
}

static void __attribute__((noreturn)) oom(void)
{
	vms_err("out of memory");
	exit(VMS_EXIT_FAIL);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p = reallocarray(ptr, nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}

void vms_buf_free(struct vms_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int vms_buf_reserve(struct vms_buf *b, size_t more)
{
	size_t need, cap;
	char *p;

	if (more > VMS_BUF_MAX - b->len - 1)
		return -EFBIG;
	need = b->len + more + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap < VMS_BUF_MIN ? VMS_BUF_MIN : b->cap;
	while (cap < need)
		cap = cap > VMS_BUF_MAX / 2 ? VMS_BUF_MAX : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	b->data[b->len] = '\0';
	return 0;
}

ssize_t vms_buf_read_some(struct vms_buf *b, int fd)
{
	ssize_t n;
	int rc;

	rc = vms_buf_reserve(b, VMS_BUF_MIN);
	if (rc)
		return rc;
	do {
		n = read(fd, b->data + b->len, b->cap - b->len - 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

void vms_buf_append(struct vms_buf *b, const void *data, size_t len)
{
	if (vms_buf_reserve(b, len))
		oom();
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void vms_buf_printf(struct vms_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || vms_buf_reserve(b, n))
		oom();
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += n;
}

int vms_read_file(const char *path, struct vms_buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	do {
		n = vms_buf_read_some(b, fd);
	} while (n > 0);
	close(fd);
	if (n < 0)
		return (int)n;
	if (!b->data && vms_buf_reserve(b, 0))
		return -ENOMEM;
	return 0;
}

int vms_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

bool vms_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The value of digit `c` in `base` (10 or 16), or -1. */
static int digit(char c, unsigned int base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

int vms_scan_u64(const char **p, const char *end, unsigned int base, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	bool over = false;
	int d;

	if (base != 10 && base != 16)
		return -EINVAL;
	for (; (!end || s < end) && (d = digit(*s, base)) >= 0; s++) {
		if (v > (UINT64_MAX - d) / base)
			over = true;
		v = v * base + d;
	}
	if (s == *p)
		return -EINVAL;
	*p = s;
	if (over)
		return -ERANGE;
	*out = v;
	return 0;
}

/* The whole NUL-terminated string `s` in `base`, nothing before or after. */
static int parse_whole(const char *s, unsigned int base, uint64_t *out)
{
	uint64_t v;
	int rc = vms_scan_u64(&s, NULL, base, &v);

	if (rc == -EINVAL || *s)
		return -EINVAL;
	if (!rc)
		*out = v;
	return rc;
}

int vms_parse_u64(const char *s, uint64_t *out)
{
	return parse_whole(s, 10, out);
}

int vms_parse_hex(const char *s, uint64_t *out)
{
	if (s[0] != '0' || s[1] != 'x')
		return -EINVAL;
	return parse_whole(s + 2, 16, out);
}

int vms_parse_range(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	int rc = parse_whole(s, 10, &v);

	if (rc)
		return rc;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int vms_parse_s64(const char *s, int64_t *out)
{
	bool neg = s[0] == '-';
	uint64_t v;
	int rc = parse_whole(s + neg, 10, &v);

	if (rc)
		return rc;
	if (v > (uint64_t)INT64_MAX + neg)
		return -ERANGE;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

int vms_pid_arg(const char *s, pid_t *out)
{
	uint64_t v;

	if (vms_parse_range(s, 1, INT_MAX, &v))
		return -EINVAL;
	*out = (pid_t)v;
	return 0;
}

int vms_close_stdout(void)
{
	int failed = ferror(stdout);

	if (fflush(stdout) != 0)
		failed = 1;
	if (failed) {
		/*
		 * The reader went away (vmscope show | head, with SIGPIPE
		 * ignored): that is how a pipe ends, not an error; quiet and
		 * status 0, as util-linux's close_stdout(). errno may be an
		 * older write's, so ask the pipe too (POLLERR: no reader).
		 */
		struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };

		if (errno == EPIPE || (poll(&p, 1, 0) == 1 && (p.revents & POLLERR)))
			return VMS_EXIT_OK;
		vms_err_errno(errno ? errno : EIO, "write error");
		return VMS_EXIT_FAIL;
	}
	return VMS_EXIT_OK;
}
