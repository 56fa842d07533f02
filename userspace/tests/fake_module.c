// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * LD_PRELOAD stand-in for the kernel module, for CLI tests on machines
 * without it: open("/proc/vmscope") gives a memfd; write() of a request
 * logs it and fills the memfd with a canned report; read() then returns
 * that report until EOF.
 *
 *   VMSCOPE_FAKE_REPORT       file whose bytes are "the report"; FILE:FILE:...
 *                             serves the first to the first request, the
 *                             second to the second, ..., the last from then on
 *   VMSCOPE_FAKE_DELAY_MS     take this long to answer a request (the walk)
 *   VMSCOPE_FAKE_TIME_LOG     append the CLOCK_MONOTONIC time (ns) of each
 *                             request to this file, one per line
 *   VMSCOPE_FAKE_OPEN_ERRNO   fail open() with this errno instead
 *   VMSCOPE_FAKE_WRITE_ERRNO  fail the request write() with this errno
 *   VMSCOPE_FAKE_REQUEST_LOG  append each request line to this file
 *
 * Without VMSCOPE_FAKE_REPORT, /proc/vmscope does not exist (ENOENT).
 *
 *   VMSCOPE_FAKE_SYS_ROOT     open() of a path under /sys opens DIR/sys/...
 *                             instead (sig_enforce, lockdown)
 *
 * For the /proc source, a target that exits in the middle of a report:
 *
 *   VMSCOPE_FAKE_KILL_PID     the target
 *   VMSCOPE_FAKE_KILL_ON      when a path containing this string is first
 *                             opened or statfs()ed, SIGKILL the target and
 *                             wait until its address space is gone
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PROC_PATH	"/proc/vmscope"

static int fake_fd = -1;
static unsigned int requests;	/* served so far, by this process */

static int env_errno(const char *name)
{
	const char *v = getenv(name);

	return v ? atoi(v) : 0;
}

static long real_write(int fd, const void *buf, size_t n)
{
	return syscall(SYS_write, fd, buf, n);
}

static void append_file(const char *path, const void *buf, size_t n)
{
	int fd = syscall(SYS_openat, AT_FDCWD, path,
			 O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	if (fd >= 0) {
		real_write(fd, buf, n);
		syscall(SYS_close, fd);
	}
}

/* Copy the canned report into the session memfd and rewind it. */
static int load_report(int dst)
{
	const char *list = getenv("VMSCOPE_FAKE_REPORT"), *colon;
	char buf[65536], path[4096];
	unsigned int i;
	long n;
	int fd;

	for (i = 0; i < requests && (colon = strchr(list, ':')); i++)
		list = colon + 1;
	colon = strchr(list, ':');
	n = colon ? colon - list : (long)strlen(list);
	if (n >= (long)sizeof(path))
		return -EIO;
	memcpy(path, list, n);
	path[n] = '\0';
	requests++;
	fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return -EIO;
	syscall(SYS_ftruncate, dst, 0);
	syscall(SYS_lseek, dst, 0, SEEK_SET);
	while ((n = syscall(SYS_read, fd, buf, sizeof(buf))) > 0)
		real_write(dst, buf, n);
	syscall(SYS_close, fd);
	syscall(SYS_lseek, dst, 0, SEEK_SET);
	return 0;
}

/* The state letter in /proc/PID/stat, or 0 when it cannot be read. */
static char proc_state(long pid)
{
	char path[64], buf[512], *p;
	long n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	n = syscall(SYS_read, fd, buf, sizeof(buf) - 1);
	syscall(SYS_close, fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* VMSCOPE_FAKE_KILL_ON: the target dies when `path` is first touched. */
static void maybe_kill(const char *path)
{
	const char *on = getenv("VMSCOPE_FAKE_KILL_ON");
	const char *pid = getenv("VMSCOPE_FAKE_KILL_PID");
	struct timespec ms = { 0, 1000000 };
	long p;
	int i;

	if (!on || !pid || !strstr(path, on))
		return;
	unsetenv("VMSCOPE_FAKE_KILL_ON");
	p = atol(pid);
	if (p <= 0 || kill(p, SIGKILL))
		return;
	/* A zombie has given up its mm (exit_mm() comes before exit_notify()). */
	for (i = 0; i < 5000; i++) {
		char st = proc_state(p);

		if (!st || st == 'Z' || st == 'X')
			break;
		nanosleep(&ms, NULL);
	}
}

int statfs(const char *path, struct statfs *buf)
{
	maybe_kill(path);
	return syscall(SYS_statfs, path, buf);
}

static int fake_open(const char *path, int flags, mode_t mode)
{
	int err;

	maybe_kill(path);
	if (!strncmp(path, "/sys/", 5) && getenv("VMSCOPE_FAKE_SYS_ROOT")) {
		char moved[4096];

		if (snprintf(moved, sizeof(moved), "%s%s",
			     getenv("VMSCOPE_FAKE_SYS_ROOT"), path) >= (int)sizeof(moved)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		return syscall(SYS_openat, AT_FDCWD, moved, flags, mode);
	}
	if (strcmp(path, PROC_PATH))
		return syscall(SYS_openat, AT_FDCWD, path, flags, mode);
	err = env_errno("VMSCOPE_FAKE_OPEN_ERRNO");
	if (!err && !getenv("VMSCOPE_FAKE_REPORT"))
		err = ENOENT;
	if (err) {
		errno = err;
		return -1;
	}
	fake_fd = memfd_create("fake-vmscope", MFD_CLOEXEC);
	return fake_fd;
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return fake_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return fake_open(path, flags, mode);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	const char *log;
	int err;

	if (fd < 0 || fd != fake_fd)
		return real_write(fd, buf, n);
	log = getenv("VMSCOPE_FAKE_REQUEST_LOG");
	if (log)
		append_file(log, buf, n);
	log = getenv("VMSCOPE_FAKE_TIME_LOG");
	if (log) {
		struct timespec now;
		char line[32];
		int len;

		clock_gettime(CLOCK_MONOTONIC, &now);
		len = snprintf(line, sizeof(line), "%lld\n",
			       (long long)now.tv_sec * 1000000000LL + now.tv_nsec);
		append_file(log, line, len);
	}
	if (env_errno("VMSCOPE_FAKE_DELAY_MS")) {
		long ms = env_errno("VMSCOPE_FAKE_DELAY_MS");
		struct timespec d = { ms / 1000, ms % 1000 * 1000000L };

		while (nanosleep(&d, &d) && errno == EINTR)
			;
	}
	err = env_errno("VMSCOPE_FAKE_WRITE_ERRNO");
	if (!err && load_report(fd))
		err = EIO;
	if (err) {
		errno = err;
		return -1;
	}
	return n;
}

int close(int fd)
{
	if (fd >= 0 && fd == fake_fd)
		fake_fd = -1;
	return syscall(SYS_close, fd);
}
