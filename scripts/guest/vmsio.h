/* SPDX-License-Identifier: GPL-2.0 */
/*
 * I/O shared by the guest test programs (vmscope-gtest, vmscope-acct,
 * vmscope-stress): whole-file reads and /proc/vmscope reports. Each
 * program is one file, so these are static inline.
 */
#ifndef VMSCOPE_GUEST_VMSIO_H
#define VMSCOPE_GUEST_VMSIO_H

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VMSIO_READ_LIMIT	(1UL << 30)	/* no read grows past this */

/*
 * Read @fd to EOF into a NUL-terminated malloc'd buffer, at most
 * VMSIO_READ_LIMIT bytes. Returns the length, or -errno with *@out NULL.
 */
static inline long read_all(int fd, char **out)
{
	size_t len = 0, size = 65536;
	char *buf = malloc(size + 1), *nb;
	ssize_t n;

	*out = NULL;
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == size) {
			if (size >= VMSIO_READ_LIMIT) {
				free(buf);
				return -EFBIG;
			}
			nb = realloc(buf, 2 * size + 1);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			size *= 2;
		}
		n = read(fd, buf + len, size - len);
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(buf);
			return -e;
		}
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	*out = buf;
	return len;
}

static inline long read_file(const char *path, char **out)
{
	int fd = open(path, O_RDONLY);
	long n;

	*out = NULL;
	if (fd < 0)
		return -errno;
	n = read_all(fd, out);
	close(fd);
	return n;
}

/* One write() of @len bytes: 0, -errno, or -EIO if it was short. */
static inline int write_str(int fd, const char *s, size_t len)
{
	ssize_t n = write(fd, s, len);

	if (n < 0)
		return -errno;
	return n == (ssize_t)len ? 0 : -EIO;
}

/*
 * One report through a fresh /proc/vmscope session: write @request, read
 * to EOF. Returns the length, or -errno of the open, write or read.
 */
static inline long vms_report(const char *request, char **out)
{
	int fd = open("/proc/vmscope", O_RDWR);
	long n;

	*out = NULL;
	if (fd < 0)
		return -errno;
	n = write_str(fd, request, strlen(request));
	if (!n)
		n = read_all(fd, out);
	close(fd);
	return n;
}

#endif /* VMSCOPE_GUEST_VMSIO_H */
