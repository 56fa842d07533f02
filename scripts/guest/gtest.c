// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-gtest: guest-side checks of the module against the kernel's own
 * interfaces. Prints one TAP line per check, prefixed "VMSCOPE-TAP " so
 * the host can find them in the console.
 *
 *   vmscope-gtest maps LABEL PID [debugfs]  vma identity == /proc/PID/maps
 *   vmscope-gtest churn LABEL PID N         N reports of a changing target
 *                                           are well formed and complete
 *   vmscope-gtest errors                    bad requests: errno, no trace
 *   vmscope-gtest perm                      ptrace-read permission rules
 *   vmscope-gtest concurrent PID1 PID2      two sessions at once
 *   vmscope-gtest debugfs PID               track/untrack rules
 *   vmscope-gtest hold proc|debugfs PID     hold a file open across rmmod
 *   vmscope-gtest top [CLI]                 the machine-wide request and
 *                                           `vmscope top` (gtest-top.c)
 *
 * Reports are read with libvmscope's parser; what a report of the module
 * must be beyond what that parser requires (complete, of the pid asked
 * about, only known records, VMAs sorted, every vma field this compares
 * present) is checked here.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <unistd.h>

#include <vmscope/format.h>

#include "procparse.h"
#include "snapshot.h"
#include "vmsio.h"

#define PROC_FILE	"/proc/vmscope"
#define DBG_DIR		"/sys/kernel/debug/vmscope"

/* ---- reports and maps ----------------------------------------------- */

struct vma {
	unsigned long start, end, offset, inode;
	unsigned int major, minor;
	unsigned long long vsz;
	char perms[8];
	char kind[16];
	char *name;	/* unescaped */
};

struct vmas {
	struct vma *v;
	size_t n;
};

static void vmas_free(struct vmas *vs)
{
	for (size_t i = 0; i < vs->n; i++)
		free(vs->v[i].name);
	free(vs->v);
	vs->v = NULL;
	vs->n = 0;
}

static struct vma *vmas_add(struct vmas *vs)
{
	struct vma *v = realloc(vs->v, (vs->n + 1) * sizeof(*v));

	if (!v) {
		perror("realloc");
		exit(2);
	}
	vs->v = v;
	memset(&v[vs->n], 0, sizeof(*v));
	return &v[vs->n++];
}

static unsigned long count_lines(const char *s)
{
	unsigned long n = 0;

	for (; (s = strchr(s, '\n')); s++)
		n++;
	return n;
}

/*
 * Parse a report: header first, then task/vma records, "end" last.
 * Returns NULL when well formed, else a message (static).
 */
static const char *parse_report(const char *rep, pid_t pid, bool want_vmas,
				struct vmas *vs)
{
	static char msg[256];
	char *text = strdup(rep);
	size_t len = strlen(rep);
	struct vms_snapshot s;
	struct vms_error e;
	uint64_t v;
	const char *err = NULL;

	if (!text)
		return "out of memory";
	if (vms_snapshot_parse_owned(text, len, &s, &e)) {
		char *m = vms_error_string(&e, "report");

		snprintf(msg, sizeof(msg), "%s", m ? m : "out of memory");
		free(m);
		vms_snapshot_free(&s);
		return msg;
	}
	if (s.pid != (uint64_t)pid) {
		snprintf(msg, sizeof(msg), "header pid is not %d", pid);
		err = msg;
	} else if (s.partial) {
		err = "status is not complete";
	} else if (count_lines(rep) != 2 + !!s.task + s.nvmas + s.nexts) {
		err = "a record of unknown type";
	} else if (vms_rec_get_u64(s.end, VMS_K_VMAS, &v)) {
		err = "end record without vmas=";
	} else if (want_vmas && v != s.nvmas) {
		snprintf(msg, sizeof(msg), "end vmas=%llu but %zu records",
			 (unsigned long long)v, s.nvmas);
		err = msg;
	}
	for (size_t i = 0; !err && i < s.nvmas; i++) {
		const struct vms_record *r = &s.vmas[i];
		struct vma *m = vmas_add(vs);
		const char *p;
		uint64_t a[5];

		m->name = vms_rec_get_unescaped(r, VMS_K_NAME);
		if (!m->name || vms_rec_get_hex(r, VMS_K_START, &a[0]) ||
		    vms_rec_get_hex(r, VMS_K_END, &a[1]) ||
		    vms_rec_get_hex(r, VMS_K_OFFSET, &a[2]) ||
		    vms_rec_get_u64(r, VMS_K_INODE, &a[3]) ||
		    vms_rec_get_u64(r, VMS_K_VSZ, &a[4])) {
			snprintf(msg, sizeof(msg), "line %lu: missing number",
				 r->line);
			err = msg;
			break;
		}
		m->start = a[0];
		m->end = a[1];
		m->offset = a[2];
		m->inode = a[3];
		m->vsz = a[4];
		p = vms_rec_get(r, VMS_K_PERMS);
		if (!p || strlen(p) != 4) {
			err = "bad perms";
			break;
		}
		memcpy(m->perms, p, 4);
		p = vms_rec_get(r, VMS_K_KIND);
		if (!p || !*p || strlen(p) >= sizeof(m->kind)) {
			err = "bad kind";
			break;
		}
		strcpy(m->kind, p);
		p = vms_rec_get(r, VMS_K_DEV);
		if (!p || sscanf(p, "%x:%x", &m->major, &m->minor) != 2) {
			err = "bad dev";
			break;
		}
		if (m->vsz != m->end - m->start) {
			snprintf(msg, sizeof(msg),
				 "vma 0x%lx: vsz %llu != end - start",
				 m->start, m->vsz);
			err = msg;
			break;
		}
		if (vs->n > 1 && m->start < vs->v[vs->n - 2].end) {
			snprintf(msg, sizeof(msg),
				 "vma 0x%lx: not sorted or overlapping",
				 m->start);
			err = msg;
			break;
		}
	}
	vms_snapshot_free(&s);
	return err;
}

static const char *read_maps(pid_t pid, struct vmas *vs)
{
	static char msg[128];
	char path[64], *buf;
	struct vms_smaps maps;
	unsigned long bad = 0;
	const char *err = NULL;
	long n;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	n = read_file(path, &buf);
	if (n < 0)
		return "cannot read maps";
	if (vms_smaps_parse(buf, n, &maps, &bad)) {
		snprintf(msg, sizeof(msg), "unparsable maps line %lu", bad);
		err = msg;
	}
	for (size_t i = 0; !err && i < maps.n; i++) {
		const struct vms_smaps_vma *e = &maps.v[i];
		struct vma *m = vmas_add(vs);

		m->start = e->start;
		m->end = e->end;
		m->offset = e->offset;
		m->inode = e->inode;
		snprintf(m->perms, sizeof(m->perms), "%s", e->perms);
		m->name = strdup(e->name);
		if (sscanf(e->dev, "%x:%x", &m->major, &m->minor) != 2)
			err = "unparsable maps line";
	}
	vms_smaps_free(&maps);
	free(buf);
	return err;
}

/* Compare identities; NULL if equal, else a message. */
static const char *compare(const struct vmas *mod, const struct vmas *maps)
{
	static char msg[512];
	size_t i;

	for (i = 0; i < mod->n && i < maps->n; i++) {
		const struct vma *a = &mod->v[i], *b = &maps->v[i];

		if (a->start != b->start || a->end != b->end ||
		    strcmp(a->perms, b->perms) || a->offset != b->offset ||
		    a->major != b->major || a->minor != b->minor ||
		    a->inode != b->inode || strcmp(a->name, b->name)) {
			snprintf(msg, sizeof(msg),
				 "record %zu: module %lx-%lx %s %lx %x:%x %lu '%s' vs maps %lx-%lx %s %lx %x:%x %lu '%s'",
				 i, a->start, a->end, a->perms, a->offset,
				 a->major, a->minor, a->inode, a->name,
				 b->start, b->end, b->perms, b->offset,
				 b->major, b->minor, b->inode, b->name);
			return msg;
		}
	}
	if (mod->n != maps->n) {
		snprintf(msg, sizeof(msg), "module has %zu VMAs, maps %zu",
			 mod->n, maps->n);
		return msg;
	}
	return NULL;
}

/* The kind= expected for a VMA of a given name, where names tell. */
static const char *expect_kind(const struct vma *m)
{
	if (!strcmp(m->name, "[heap]"))
		return "heap";
	if (!strcmp(m->name, "[stack]"))
		return "stack";
	if (!strcmp(m->name, "[vdso]"))
		return vms_kind_word(VMS_KIND_VDSO);
	if (!strncmp(m->name, "[vvar", 5))
		return vms_kind_word(VMS_KIND_VVAR);
	if (!strcmp(m->name, "[vsyscall]"))
		return vms_kind_word(VMS_KIND_VSYSCALL);
	if (!strncmp(m->name, "/memfd:", 7) ||
	    !strncmp(m->name, "/dev/zero", 9) ||
	    !strncmp(m->name, "/SYSV", 5))
		return vms_kind_word(VMS_KIND_SHMEM);
	if (m->inode)
		return NULL;	/* file or shmem: depends on the fs */
	return vms_kind_word(VMS_KIND_ANON);
}

static int cmd_maps(const char *label, pid_t pid, bool dbg)
{
	struct vmas mod = { 0 }, maps = { 0 };
	char req[64], name[256], *rep = NULL;
	const char *err;
	long n;

	snprintf(name, sizeof(name), "%s: vma identity equals maps (%s)",
		 label, dbg ? "debugfs" : "procfs");
	if (dbg) {
		char path[128];

		snprintf(req, sizeof(req), "%d\n", pid);
		n = write_path(DBG_DIR "/track", req);
		if (!n) {
			snprintf(path, sizeof(path), DBG_DIR "/%d/vmas", pid);
			n = read_file(path, &rep);
			write_path(DBG_DIR "/untrack", req);
		}
	} else {
		snprintf(req, sizeof(req), "%d vmas\n", pid);
		n = vms_report(req, &rep);
	}
	if (n < 0) {
		tapf(false, name, "report: %s", strerror(-n));
		return 1;
	}
	err = parse_report(rep, pid, true, &mod);
	if (!err)
		err = read_maps(pid, &maps);
	if (!err)
		err = compare(&mod, &maps);
	tapf(!err, name, "%s", err);
	if (!err) {
		char kname[300];
		const char *why = NULL;
		static char buf[256];

		snprintf(kname, sizeof(kname), "%s: kind matches name (%s)",
			 label, dbg ? "debugfs" : "procfs");
		for (size_t i = 0; i < mod.n && !why; i++) {
			const char *k = expect_kind(&mod.v[i]);

			if (k && strcmp(k, mod.v[i].kind)) {
				snprintf(buf, sizeof(buf),
					 "'%s' is kind=%s, expected %s",
					 mod.v[i].name, mod.v[i].kind, k);
				why = buf;
			}
		}
		tapf(!why, kname, "%s", why);
	}
	vmas_free(&mod);
	vmas_free(&maps);
	free(rep);
	return 0;
}

static unsigned long long stat_field(const char *key);

static int cmd_churn(const char *label, pid_t pid, int rounds)
{
	unsigned long long y0 = stat_field("yields"), y1, c0, c1;
	char req[64], name[256];
	const char *err = NULL;
	int i;

	c0 = stat_field("clipped");
	snprintf(name, sizeof(name),
		 "%s: %d reports of a churning target are well formed, sorted, complete",
		 label, rounds);
	snprintf(req, sizeof(req), "%d\n", pid);
	for (i = 0; i < rounds && !err; i++) {
		struct vmas mod = { 0 };
		char *rep = NULL;
		long n = vms_report(req, &rep);

		if (n < 0) {
			tapf(false, name, "round %d: %s", i, strerror(-n));
			return 1;
		}
		err = parse_report(rep, pid, true, &mod);
		if (!err && mod.n < 3)
			err = "implausibly few VMAs";
		vmas_free(&mod);
		free(rep);
	}
	tapf(!err, name, "round %d: %s", i, err);
	y1 = stat_field("yields");
	c1 = stat_field("clipped");
	printf("# %s: %llu lock yields, %llu clipped VMAs in %d walks\n", label,
	       y1 - y0, c1 - c0, rounds);
	snprintf(name, sizeof(name), "%s: the walks yielded mmap_lock", label);
	tapf(y1 - y0 >= (unsigned long long)rounds, name,
	    "%llu yields in %d walks", y1 - y0, rounds);
	return 0;
}

/* ---- errors ----------------------------------------------------------- */

static unsigned long long stat_field(const char *key)
{
	unsigned long long v = ~0ULL;
	char *buf;

	if (read_file(DBG_DIR "/stats", &buf) < 0)
		return v;
	line_u64(buf, key, &v);
	free(buf);
	return v;
}

static int count_tracked(void)
{
	DIR *d = opendir(DBG_DIR);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (isdigit((unsigned char)e->d_name[0]))
			n++;
	closedir(d);
	return n;
}

static int nbad;

/* Write @req on a session that already holds a good request. */
static void bad_request(int fd, const char *what, const char *req,
			size_t len, int want, pid_t good)
{
	char name[256], *rep = NULL;
	int got = write_str(fd, req, len);
	const char *err;
	struct vmas vs = { 0 };
	long n;

	nbad++;
	snprintf(name, sizeof(name), "request %s: %s", what, strerror(want));
	tapf(got == -want, name, "got %s", got ? strerror(-got) : "success");

	/* No trace: the session still serves the earlier request. */
	snprintf(name, sizeof(name), "request %s: session unchanged", what);
	lseek(fd, 0, SEEK_SET);
	n = read_all(fd, &rep);
	err = n < 0 ? strerror(-n) : parse_report(rep, good, true, &vs);
	tapf(!err, name, "%s", err);
	vmas_free(&vs);
	free(rep);

	/* Same input to debugfs track: same errno, no directory. */
	if (len && !memchr(req, ' ', len) && want != EPERM) {
		int before = count_tracked(), after;

		got = write_path_len(DBG_DIR "/track", req, len);
		after = count_tracked();
		snprintf(name, sizeof(name), "track %s: %s, no directory",
			 what, strerror(want));
		tapf(got == -want && before == after, name,
		    "got %s, %d -> %d dirs", got ? strerror(-got) : "success",
		    before, after);
	}
}

static pid_t zombie(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	/* Wait until it is a zombie, without reaping it. */
	for (int i = 0; i < 1000; i++) {
		char path[64], *buf;

		snprintf(path, sizeof(path), "/proc/%d/stat", p);
		if (read_file(path, &buf) > 0) {
			bool z = strstr(buf, ") Z ");

			free(buf);
			if (z)
				break;
		}
		usleep(1000);
	}
	return p;
}

static pid_t unused_pid(void)
{
	char path[64];
	pid_t p;

	for (p = 4194000; p < 4194304; p++) {
		snprintf(path, sizeof(path), "/proc/%d", p);
		if (access(path, F_OK))
			return p;
	}
	return 4194303;
}

static int drop_cap(int cap)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[cap / 32].effective &= ~(1u << (cap % 32));
	d[cap / 32].permitted &= ~(1u << (cap % 32));
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

static int cmd_errors(void)
{
	char req[512], name[128], *rep;
	unsigned long long walks0, walks1;
	pid_t self = getpid(), z, gone;
	int fd, n;

	fd = open(PROC_FILE, O_RDWR);
	if (fd < 0) {
		tapf(false, "open " PROC_FILE, "%s", strerror(errno));
		return 1;
	}
	n = read(fd, req, sizeof(req));
	tapf(n < 0 && errno == EINVAL, "read before any request: EINVAL",
	    "got %d %s", n, strerror(errno));

	/* A read takes as much as its buffer holds, as smaps_rollup's does. */
	{
		static char whole[64 * 1024];
		ssize_t got = -1, more = -1;

		snprintf(req, sizeof(req), "%d summary\n", self);
		if (!write_str(fd, req, strlen(req))) {
			got = read(fd, whole, sizeof(whole) - 1);
			more = read(fd, req, sizeof(req));
		}
		if (got >= 0)
			whole[got] = 0;
		tapf(got > 0 && strstr(whole, "\nend status=complete") &&
		     !more, "one read takes a whole summary, trailer and all",
		     "first read %zd bytes, next %zd", got, more);
		lseek(fd, 0, SEEK_SET);
	}

	snprintf(req, sizeof(req), "%d\n", self);
	tapf(!write_str(fd, req, strlen(req)), "a good request is accepted",
	    "%s", strerror(errno));

	z = zombie();
	gone = unused_pid();
	walks0 = stat_field("walks");
	nbad = 0;

	bad_request(fd, "garbage", "hello\n", 6, EINVAL, self);
	bad_request(fd, "negative", "-1\n", 3, EINVAL, self);
	bad_request(fd, "huge", "99999999999\n", 12, EINVAL, self);
	bad_request(fd, "zero", "0\n", 2, EINVAL, self);
	bad_request(fd, "hex", "0x10\n", 5, EINVAL, self);
	bad_request(fd, "empty", "", 0, EINVAL, self);
	bad_request(fd, "blank", " \n", 2, EINVAL, self);
	snprintf(req, sizeof(req), "%d bogus\n", self);
	bad_request(fd, "unknown section", req, strlen(req), EINVAL, self);
	snprintf(req, sizeof(req), "%d vmas\n%d\n", self, self);
	bad_request(fd, "two lines", req, strlen(req), EINVAL, self);
	snprintf(req, sizeof(req), "%d", self);
	bad_request(fd, "NUL byte", req, strlen(req) + 1, EINVAL, self);
	memset(req, ' ', sizeof(req));
	n = snprintf(req, sizeof(req), "%d", self);
	req[n] = ' ';
	req[300] = '\n';
	bad_request(fd, "over-long line", req, 301, EINVAL, self);
	snprintf(req, sizeof(req), "%d\n", gone);
	bad_request(fd, "nonexistent pid", req, strlen(req), ESRCH, self);
	bad_request(fd, "kernel thread", "2\n", 2, ESRCH, self);
	snprintf(req, sizeof(req), "%d\n", z);
	bad_request(fd, "zombie", req, strlen(req), ESRCH, self);
	waitpid(z, NULL, 0);
	bad_request(fd, "reaped pid", req, strlen(req), ESRCH, self);

	walks1 = stat_field("walks");
	/* bad_request() re-reads the good session once per case. */
	snprintf(name, sizeof(name), "bad requests walk nothing");
	tapf(walks1 - walks0 == (unsigned long long)nbad, name,
	    "%llu walks for %d re-reads of the good request", walks1 - walks0,
	    nbad);

	/* pfn without CAP_SYS_ADMIN: EPERM. */
	if (fork() == 0) {
		tap_failures = 0;
		if (drop_cap(CAP_SYS_ADMIN))
			tapf(false, "drop CAP_SYS_ADMIN", "%s", strerror(errno));
		snprintf(req, sizeof(req), "%d all pfn\n", self);
		bad_request(fd, "pfn without CAP_SYS_ADMIN", req, strlen(req),
			    EPERM, self);
		_exit(tap_failures != 0);
	}
	wait(&n);
	if (n)
		tap_failures++;

	/* A fatal signal while blocked on the session lock: nothing leaks. */
	snprintf(req, sizeof(req), "%d\n", self);
	n = vms_report(req, &rep);
	tapf(n > 0, "a fresh session after the error cases works", "%s",
	    n < 0 ? strerror(-n) : "empty");
	if (n > 0)
		free(rep);
	close(fd);
	return 0;
}

/* ---- permissions ------------------------------------------------------ */

/* A process of @uid that waits (not stopped); also gtest-top.c's. */
pid_t spawn_as(uid_t uid, bool undumpable)
{
	int pfd[2];
	pid_t p;
	char c;

	if (pipe(pfd))
		return -1;
	p = fork();
	if (p == 0) {
		close(pfd[0]);
		if (setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
			_exit(1);
		/* Changing credentials made it non-dumpable (suid_dumpable). */
		prctl(PR_SET_DUMPABLE, undumpable ? 0 : 1);
		if (write(pfd[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1)
		p = -1;
	close(pfd[0]);
	return p;
}

/* In a child: open as root, become @uid (losing all capabilities) or
 * only drop CAP_SYS_PTRACE (@uid == 0), then request @target. */
static int try_as(uid_t uid, pid_t target)
{
	char req[32];
	int fd, st;
	pid_t p = fork();

	if (p == 0) {
		fd = open(PROC_FILE, O_RDWR);
		if (fd < 0)
			_exit(100);
		if (uid) {
			if (setresgid(uid, uid, uid) ||
			    setresuid(uid, uid, uid))
				_exit(101);
		} else if (drop_cap(CAP_SYS_PTRACE)) {
			_exit(102);
		}
		snprintf(req, sizeof(req), "%d\n", target);
		_exit(-write_str(fd, req, strlen(req)));
	}
	waitpid(p, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 200;
}

static int cmd_perm(void)
{
	pid_t a = spawn_as(1000, false), b = spawn_as(1001, false);
	pid_t c = spawn_as(1001, true);
	int r;

	if (a < 0 || b < 0 || c < 0) {
		tapf(false, "permission targets start", "fork/setuid failed");
		return 1;
	}
	r = try_as(1001, a);
	tapf(r == EACCES, "uid 1001 on a root-opened fd, target uid 1000: EACCES",
	    "got %d", r);
	r = try_as(1001, b);
	tapf(r == 0, "uid 1001 on a root-opened fd, target uid 1001: allowed",
	    "got %d", r);
	r = try_as(1001, c);
	tapf(r == EACCES, "uid 1001, target uid 1001 not dumpable: EACCES",
	    "got %d", r);
	r = try_as(0, a);
	tapf(r == EACCES, "root without CAP_SYS_PTRACE, target uid 1000: EACCES",
	    "got %d", r);
	r = try_as(0, getpid());
	tapf(r == 0, "root without CAP_SYS_PTRACE, target root: allowed",
	    "got %d", r);
	kill(a, SIGKILL);
	kill(b, SIGKILL);
	kill(c, SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}

/* ---- two sessions at once ---------------------------------------------- */

static const char *check_against_maps(const char *rep, pid_t pid)
{
	struct vmas mod = { 0 }, maps = { 0 };
	const char *err = parse_report(rep, pid, true, &mod);

	if (!err)
		err = read_maps(pid, &maps);
	if (!err)
		err = compare(&mod, &maps);
	vmas_free(&mod);
	vmas_free(&maps);
	return err;
}

static int cmd_concurrent(pid_t p1, pid_t p2)
{
	char req[64], part[100], *rest = NULL, *rep2 = NULL, *rep1;
	int fd1 = open(PROC_FILE, O_RDWR), fd2 = open(PROC_FILE, O_RDWR);
	const char *err = NULL;
	long n1, n2;
	int st, i;
	pid_t kids[2];

	snprintf(req, sizeof(req), "%d vmas\n", p1);
	write_str(fd1, req, strlen(req));
	snprintf(req, sizeof(req), "%d vmas\n", p2);
	write_str(fd2, req, strlen(req));
	/* Interleave: part of 1, all of 2, rest of 1. */
	n1 = read(fd1, part, sizeof(part));
	n2 = read_all(fd2, &rep2);
	if (n1 > 0 && read_all(fd1, &rest) >= 0) {
		rep1 = malloc(n1 + strlen(rest) + 1);
		memcpy(rep1, part, n1);
		strcpy(rep1 + n1, rest);
		err = check_against_maps(rep1, p1);
		free(rep1);
	} else {
		err = "reading session 1 failed";
	}
	if (!err)
		err = n2 < 0 ? "reading session 2 failed" :
		      check_against_maps(rep2, p2);
	tapf(!err, "two interleaved sessions each get their own report", "%s",
	    err);
	free(rest);
	free(rep2);
	close(fd1);
	close(fd2);

	/* Two processes hammering at once. */
	for (i = 0; i < 2; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			pid_t t = i ? p2 : p1;

			snprintf(req, sizeof(req), "%d vmas\n", t);
			for (int k = 0; k < 50; k++) {
				char *rep;

				if (vms_report(req, &rep) < 0)
					_exit(1);
				if (check_against_maps(rep, t))
					_exit(2);
				free(rep);
			}
			_exit(0);
		}
	}
	for (i = 0; i < 2; i++) {
		waitpid(kids[i], &st, 0);
		tapf(WIFEXITED(st) && !WEXITSTATUS(st),
		    i ? "concurrent reader 2: 50 reports match maps" :
			"concurrent reader 1: 50 reports match maps",
		    "exit status %d", WEXITSTATUS(st));
	}
	return 0;
}

/* ---- debugfs rules ----------------------------------------------------- */

static int cmd_debugfs(pid_t target)
{
	char req[32], path[128], *buf;
	int err, r, nt;
	pid_t z;
	long n;

	snprintf(req, sizeof(req), "%d\n", target);
	err = write_path(DBG_DIR "/track", req);
	tapf(!err, "track a live process", "%s", strerror(-err));
	err = write_path(DBG_DIR "/track", req);
	tapf(err == -EEXIST, "track it twice: EEXIST", "got %s", strerror(-err));

	snprintf(path, sizeof(path), DBG_DIR "/%d/summary", target);
	n = read_file(path, &buf);
	if (n > 0) {
		struct vmas vs = { 0 };
		const char *e = parse_report(buf, target, false, &vs);

		if (!e && !strstr(buf, "\ntask vsz="))
			e = "no task record";
		if (!e && strstr(buf, "\nvma "))
			e = "summary holds vma records";
		tapf(!e, "PID/summary: header, task, end", "%s", e);
		free(buf);
	} else {
		tapf(false, "PID/summary: header, task, end", "%s",
		    strerror(-n));
	}

	z = fork();
	if (z == 0) {
		pause();
		_exit(0);
	}
	snprintf(req, sizeof(req), "%d\n", z);
	err = write_path(DBG_DIR "/track", req);
	kill(z, SIGKILL);
	waitpid(z, NULL, 0);
	snprintf(path, sizeof(path), DBG_DIR "/%d/vmas", z);
	n = read_file(path, &buf);
	tapf(!err && n == -ESRCH, "a tracked process that exited reads ESRCH",
	    "track %s, read %s", strerror(-err), strerror(-n));
	if (n >= 0)
		free(buf);
	err = write_path(DBG_DIR "/untrack", req);
	tapf(!err && access(path, F_OK), "untrack removes the directory",
	    "%s", strerror(-err));
	err = write_path(DBG_DIR "/untrack", req);
	tapf(err == -ENOENT, "untrack an untracked pid: ENOENT", "got %s",
	    strerror(-err));

	/* The bound: max_tracked. */
	write_path("/sys/module/vmscope/parameters/max_tracked", "1");
	snprintf(req, sizeof(req), "%d\n", getpid());
	err = write_path(DBG_DIR "/track", req);
	nt = count_tracked();
	tapf(err == -ENOSPC && nt == 1, "past max_tracked: ENOSPC",
	    "got %s with %d tracked", strerror(-err), nt);
	write_path("/sys/module/vmscope/parameters/max_tracked", "64");
	snprintf(req, sizeof(req), "%d\n", target);
	write_path(DBG_DIR "/untrack", req);

	n = read_file(DBG_DIR "/version", &buf);
	r = n > 0 && !strncmp(buf, "vmscope version=1 module=", 25) &&
	    strstr(buf, " kernel=") && strstr(buf, " features=");
	tapf(r, "version: format, module, kernel, features", "%s",
	    n > 0 ? buf : strerror(-n));
	if (n > 0)
		free(buf);
	n = read_file(DBG_DIR "/stats", &buf);
	r = n > 0 && !strncmp(buf, "stats walks=", 12) &&
	    strstr(buf, " yields=") && strstr(buf, " einval=");
	tapf(r, "stats: counters", "%s", n > 0 ? buf : strerror(-n));
	if (n > 0) {
		unsigned long long hold = ~0ULL, step = ~0ULL, yw = ~0ULL;

		/* Walks have run: each took the lock and checked once. */
		line_u64(buf, "hold_max_ns", &hold);
		line_u64(buf, "step_max_ns", &step);
		line_u64(buf, "yields_writers", &yw);
		tapf(yw != ~0ULL && step != ~0ULL && step > 0 && hold >= step,
		     "stats: yields_writers, and 0 < step_max_ns <= hold_max_ns",
		     "%s", buf);
		free(buf);
	}
	return 0;
}

/* ---- holding files across rmmod ----------------------------------------- */

static int cmd_hold(const char *what, pid_t target)
{
	char req[32], path[128], buf[64], line[16];
	int fd;
	ssize_t n;

	if (!strcmp(what, "proc")) {
		fd = open(PROC_FILE, O_RDWR);
		snprintf(req, sizeof(req), "%d\n", target);
		if (fd < 0 || write_str(fd, req, strlen(req)))
			return 1;
	} else {
		snprintf(path, sizeof(path), DBG_DIR "/%d/vmas", target);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return 1;
	}
	n = read(fd, buf, sizeof(buf));
	printf("held %zd\n", n);
	fflush(stdout);
	/* Wait for the go-ahead on stdin (after the rmmod attempt). */
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	n = read(fd, buf, sizeof(buf));
	printf("after %zd %s\n", n, n < 0 ? strerror(errno) : "data");
	fflush(stdout);
	close(fd);
	return 0;
}

int cmd_top(const char *cli);
int cmd_top_worker(int fd, int k);

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 4 && !strcmp(argv[1], "maps"))
		return cmd_maps(argv[2], atoi(argv[3]),
				argc > 4 && !strcmp(argv[4], "debugfs"));
	if (argc >= 5 && !strcmp(argv[1], "churn"))
		return cmd_churn(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc >= 2 && !strcmp(argv[1], "errors"))
		return cmd_errors() || tap_failures;
	if (argc >= 2 && !strcmp(argv[1], "perm"))
		return cmd_perm() || tap_failures;
	if (argc >= 4 && !strcmp(argv[1], "concurrent"))
		return cmd_concurrent(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 3 && !strcmp(argv[1], "debugfs"))
		return cmd_debugfs(atoi(argv[2]));
	if (argc >= 4 && !strcmp(argv[1], "top-worker"))
		return cmd_top_worker(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 2 && !strcmp(argv[1], "top"))
		return cmd_top(argc > 2 ? argv[2] : NULL);
	if (argc >= 4 && !strcmp(argv[1], "hold"))
		return cmd_hold(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: see the comment at the top of gtest.c\n");
	return 2;
}
