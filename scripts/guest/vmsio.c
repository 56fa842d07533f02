// SPDX-License-Identifier: GPL-2.0
/*
 * I/O and TAP output shared by the guest programs (vmscope-gtest,
 * vmscope-acct, vmscope-stress, vmscope-harden).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmsio.h"

int tap_failures;
const char *tap_prefix = "";

/*
 * Read @fd to EOF into a NUL-terminated malloc'd buffer, at most
 * VMSIO_READ_LIMIT bytes. Returns the length, or -errno with *@out NULL.
 */
long read_all(int fd, char **out)
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

long read_file(const char *path, char **out)
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
int write_str(int fd, const char *s, size_t len)
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
long vms_report(const char *request, char **out)
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

/* write(2) @len bytes of @s to the file at @path: 0 or -errno. */
int write_path_len(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY);
	int err;

	if (fd < 0)
		return -errno;
	err = write_str(fd, s, len);
	close(fd);
	return err;
}

int write_path(const char *path, const char *s)
{
	return write_path_len(path, s, strlen(s));
}

/* pread exactly @len bytes or up to EOF; returns bytes read or -errno. */
long pread_full(int fd, void *buf, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  off + done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

void tap(bool ok, const char *name, const char *why)
{
	if (ok) {
		printf("VMSCOPE-TAP ok - %s\n", name);
	} else {
		printf("VMSCOPE-TAP not ok - %s", name);
		if (*tap_prefix || (why && *why))
			printf(" # %s", tap_prefix);
		/* one line: the reason may hold the target's own newlines */
		for (const char *p = why ? why : ""; *p; p++)
			putchar(*p == '\n' ? ' ' : *p);
		putchar('\n');
		tap_failures++;
	}
	fflush(stdout);
}

void tapf(bool ok, const char *name, const char *fmt, ...)
{
	char why[1024] = "";
	va_list ap;

	if (fmt && !ok) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	tap(ok, name, why);
}

void tap_skip(const char *name, const char *why)
{
	printf("VMSCOPE-TAP ok - %s # SKIP %s\n", name, why);
	fflush(stdout);
}

bool line_u64(const char *line, const char *key, unsigned long long *v)
{
	size_t kl = strlen(key);
	const char *p = line;
	char *e;

	/* key=value tokens after the first word, up to the end of the line */
	while ((p = strchr(p, ' ')) && *++p && *p != '\n') {
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			errno = 0;
			*v = strtoull(p + kl + 1, &e, 0);
			return !errno && e != p + kl + 1 &&
			       (*e == ' ' || *e == '\n' || !*e);
		}
	}
	return false;
}
