// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-gtest top [CLI]: the machine-wide request ("*" and PID lists)
 * against single-process reports, smaps_rollup and `vmscope top`.
 *
 * Malformed lists are -EINVAL and leave the session's request as it was.
 * On stopped targets (exec'd workers sharing a memfd segment, each with
 * private memory of its own):
 *  - every worker's task record in the "* summary" reply equals, key for
 *    key, the task record of its own "PID summary" report, and its rss,
 *    pss, swap and anon equal /proc/PID/smaps_rollup's;
 *  - the "*" reply lists processes by increasing pid, reports a zombie as
 *    "skip reason=exited", and closes with a done record that counts;
 *  - a listed process that exits (killed and reaped) while the reply is
 *    being read, after the report before it, is "skip reason=exited";
 *  - read as uid 1001 (on a descriptor root opened, as gtest perm does),
 *    a process of uid 1000 is "skip reason=denied", one of uid 1001 is
 *    reported, and the reply still ends with its done record;
 *  - a reader that loses its rights after a report's trailer reads to a
 *    clean end with one trailer per report; at the end of a line, the
 *    report ends "partial reason=denied"; mid-line, reads fail EACCES;
 *  - a listed pid reused by a new process before the reply reaches it is
 *    "exited", also after lseek(0); a reader in a child pid namespace
 *    gets EACCES; EFAULT leaves the reply where it was;
 *  - `vmscope top -b -p ...` (CLI, default /vmscope/vmscope) shows for
 *    each worker the figures of its task record, and totals that are
 *    their sums.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vmscope/format.h>

#include "snapshot.h"
#include "vmsio.h"

#define PROC_FILE	"/proc/vmscope"
#define NWORKERS	4
#define SHARED_SZ	(8UL << 20)
#define MIB		(1UL << 20)

int cmd_top(const char *cli);
int cmd_top_worker(int fd, int k);
/* gtest.c: a process of @uid that waits (dumpable unless @undumpable). */
pid_t spawn_as(uid_t uid, bool undumpable);

/*
 * The workers' program: a copy of this one. Were it this file, its
 * private data pages would be page cache shared with this process until
 * this process writes them, which changes the workers' pss meanwhile.
 */
#define WORKER_EXE	"/tmp/vmscope-gtest-top-worker"

static int copy_exe(void)
{
	char *bin;
	long n = read_file("/proc/self/exe", &bin);
	int fd, rc = -1;

	if (n <= 0)
		return -1;
	unlink(WORKER_EXE);
	fd = open(WORKER_EXE, O_WRONLY | O_CREAT | O_EXCL, 0755);
	if (fd >= 0 && write_str(fd, bin, n) == 0)
		rc = 0;
	if (fd >= 0)
		close(fd);
	free(bin);
	return rc;
}

/*
 * A stopped worker: a fresh program (exec'd, so that it shares no
 * copy-on-write page with this process, whose writes would change its
 * pss), mapping the shared segment (memfd @fd) and (k + 1) MiB of its own.
 */
static pid_t worker(int fd, int k)
{
	pid_t p = fork();
	int st;

	if (p == 0) {
		char fds[16], ks[16];

		snprintf(fds, sizeof(fds), "%d", fd);
		snprintf(ks, sizeof(ks), "%d", k);
		execl(WORKER_EXE, "vmscope-gtest", "top-worker", fds, ks,
		      (char *)NULL);
		_exit(127);
	}
	if (p > 0 && (waitpid(p, &st, WUNTRACED) != p || !WIFSTOPPED(st))) {
		kill(p, SIGKILL);
		waitpid(p, NULL, 0);
		return -1;
	}
	return p;
}

/* vmscope-gtest top-worker FD K: the worker's program. */
int cmd_top_worker(int fd, int k)
{
	size_t n = (k + 1) * MIB;
	char *shared = mmap(NULL, SHARED_SZ, PROT_READ, MAP_SHARED, fd, 0);
	char *a = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED || shared == MAP_FAILED)
		return 1;
	memset(a, k + 1, n);
	/* Part of the shared segment: its pages shared with the others. */
	for (size_t i = 0; i < SHARED_SZ / (k + 1); i += 4096)
		(void)*(volatile char *)(shared + i);
	raise(SIGSTOP);
	for (;;)
		pause();
}

static const struct vms_snapshot *find_snap(const struct vms_multi *m, pid_t pid)
{
	for (size_t i = 0; i < m->nsnaps; i++)
		if (m->snaps[i]->pid == (uint64_t)pid)
			return m->snaps[i];
	return NULL;
}

static const struct vms_skip *find_skip(const struct vms_multi *m, pid_t pid)
{
	for (size_t i = 0; i < m->nskipped; i++)
		if (m->skipped[i].pid == (uint64_t)pid)
			return &m->skipped[i];
	return NULL;
}

/* The task records of @a and @b: same keys, same values, same order. */
static bool same_task(const struct vms_record *a, const struct vms_record *b,
		      char *why, size_t n)
{
	if (!a || !b) {
		snprintf(why, n, "task record missing");
		return false;
	}
	if (a->nkv != b->nkv) {
		snprintf(why, n, "%zu keys vs %zu", a->nkv, b->nkv);
		return false;
	}
	for (size_t i = 0; i < a->nkv; i++) {
		if (strcmp(a->kv[i].key, b->kv[i].key) ||
		    strcmp(a->kv[i].val, b->kv[i].val)) {
			snprintf(why, n, "%s=%s vs %s=%s", a->kv[i].key,
				 a->kv[i].val, b->kv[i].key, b->kv[i].val);
			return false;
		}
	}
	return true;
}

/* "Key:   N kB" of smaps_rollup, in bytes; false if absent. */
static bool rollup_kb(const char *text, const char *key, uint64_t *bytes)
{
	char pat[48];
	const char *l;
	unsigned long long kb;

	snprintf(pat, sizeof(pat), "\n%s:", key);
	l = strstr(text, pat);
	if (!l || sscanf(l + strlen(pat), " %llu kB", &kb) != 1)
		return false;
	*bytes = kb * 1024;
	return true;
}

static const char *against_rollup(const struct vms_snapshot *s, pid_t pid,
				   char *why, size_t n)
{
	static const struct { const char *mine, *theirs; } keys[] = {
		{ VMS_K_RSS, "Rss" }, { VMS_K_PSS, "Pss" },
		{ VMS_K_SWAP, "Swap" }, { VMS_K_ANON, "Anonymous" },
	};
	char path[64], *text;
	uint64_t mine, theirs;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	if (read_file(path, &text) < 0)
		return "cannot read smaps_rollup";
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (vms_rec_get_u64(s->task, keys[i].mine, &mine) ||
		    !rollup_kb(text, keys[i].theirs, &theirs)) {
			snprintf(why, n, "%s missing", keys[i].mine);
			free(text);
			return why;
		}
		/* smaps_rollup prints kB, truncated (Pss: fixed point >> 10). */
		if (mine / 1024 * 1024 != theirs) {
			snprintf(why, n, "%s=%" PRIu64 " but %s: %" PRIu64 " kB",
				 keys[i].mine, mine, keys[i].theirs, theirs / 1024);
			free(text);
			return why;
		}
	}
	free(text);
	return NULL;
}

static int parse_reply(const char *text, long len, struct vms_multi *m,
		       const char *name)
{
	struct vms_error err;

	if (len < 0) {
		tapf(false, name, "read: %s", strerror((int)-len));
		memset(m, 0, sizeof(*m));
		return -1;
	}
	if (vms_multi_parse(text, len, m, &err)) {
		tapf(false, name, "line %lu: %s", err.line, err.msg);
		return -1;
	}
	tap(true, name, NULL);
	return 0;
}

/* "*" as root: every worker equal to its own report and smaps_rollup. */
static void check_every(const pid_t *w, int nw, pid_t zomb)
{
	struct vms_multi m;
	char *text = NULL, why[256];
	long len = vms_report(VMS_W_EVERY " " VMS_W_SUMMARY "\n", &text);
	bool sorted = true;
	const struct vms_skip *k;

	if (parse_reply(text, len, &m, "top: '* summary' reply parses")) {
		free(text);
		vms_multi_free(&m);
		return;
	}
	for (size_t i = 1; i < m.nsnaps; i++)
		if (m.snaps[i]->pid <= m.snaps[i - 1]->pid)
			sorted = false;
	tap(sorted, "top: '*' reports by increasing pid", NULL);
	tapf(m.nsnaps >= (size_t)nw + 1, "top: '*' reports the workers and this process",
	     "%zu reports", m.nsnaps);
	tapf(find_snap(&m, getpid()) != NULL, "top: '*' reports the reader itself", "absent");
	tapf(find_snap(&m, 1) != NULL, "top: '*' reports init", "absent");
	k = find_skip(&m, zomb);
	tapf(k && !strcmp(k->reason, VMS_REASON_EXITED),
	     "top: '*': a zombie is skip reason=exited", "%s",
	     k ? k->reason : (find_snap(&m, zomb) ? "reported" : "absent"));
	for (int i = 0; i < nw; i++) {
		const struct vms_snapshot *s = find_snap(&m, w[i]);
		struct vms_snapshot one;
		struct vms_error err;
		char req[32], *rep = NULL, name[96];
		const char *bad;
		long n;

		snprintf(name, sizeof(name), "top: worker %d: '*' task record == its own report", i);
		snprintf(req, sizeof(req), "%d summary\n", w[i]);
		n = vms_report(req, &rep);
		if (!s || n < 0 || vms_snapshot_parse(rep, n, &one, &err)) {
			tapf(false, name, "%s", !s ? "not in the reply" : n < 0 ?
			     strerror((int)-n) : err.msg);
			free(rep);
			continue;
		}
		tapf(same_task(s->task, one.task, why, sizeof(why)) && !s->partial,
		     name, "%s", s->partial ? "partial" : why);
		bad = against_rollup(s, w[i], why, sizeof(why));
		snprintf(name, sizeof(name), "top: worker %d: '*' task record == smaps_rollup", i);
		tapf(!bad, name, "%s", bad ? bad : "");
		vms_snapshot_free(&one);
		free(rep);
	}
	vms_multi_free(&m);
	free(text);
}

/*
 * A list "A,E,B summary": E is killed and reaped once A's report was read,
 * before the reply reaches it.
 */
static void check_exit_during(pid_t a, pid_t b)
{
	char req[64], buf[65536], *text = NULL;
	size_t len = 0;
	struct vms_multi m;
	const struct vms_skip *k;
	bool killed = false;
	pid_t e = fork();
	int fd;

	if (e == 0) {
		for (;;)
			pause();
	}
	fd = open(PROC_FILE, O_RDWR);
	snprintf(req, sizeof(req), "%d,%d,%d summary\n", a, e, b);
	if (fd < 0 || write_str(fd, req, strlen(req))) {
		tapf(false, "top: list with a process exiting during the request",
		     "open/write: %s", strerror(errno));
		kill(e, SIGKILL);
		waitpid(e, NULL, 0);
		if (fd >= 0)
			close(fd);
		return;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0)
			break;
		text = realloc(text, len + n + 1);
		memcpy(text + len, buf, n);
		len += n;
		text[len] = '\0';
		/* A read never goes past one report: A's trailer is read. */
		if (!killed && strstr(text, "\n" VMS_REC_END " ")) {
			kill(e, SIGKILL);
			waitpid(e, NULL, 0);
			killed = true;
		}
	}
	close(fd);
	if (!killed) {
		kill(e, SIGKILL);
		waitpid(e, NULL, 0);
	}
	if (parse_reply(text ? text : "", len, &m,
			"top: list with a process exiting during it parses")) {
		free(text);
		vms_multi_free(&m);
		return;
	}
	k = find_skip(&m, e);
	tapf(killed && k && !strcmp(k->reason, VMS_REASON_EXITED) &&
	     find_snap(&m, a) && find_snap(&m, b) && m.nsnaps == 2,
	     "top: a listed process that exits during the request: skip reason=exited, the others reported",
	     "killed %d, %zu reports, skip %s", killed, m.nsnaps, k ? k->reason : "none");
	vms_multi_free(&m);
	free(text);
}

/* The reply to @req read as @uid on a descriptor root opened. */
static long reply_as(uid_t uid, const char *req, char **out)
{
	int pfd[2], st;
	pid_t p;
	long n;

	*out = NULL;
	if (pipe(pfd))
		return -errno;
	p = fork();
	if (p == 0) {
		char *text = NULL;
		int fd = open(PROC_FILE, O_RDWR);
		long len;

		close(pfd[0]);
		if (fd < 0 || setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
			_exit(1);
		if (write_str(fd, req, strlen(req)))
			_exit(2);
		len = read_all(fd, &text);
		if (len < 0)
			_exit(3);
		if (write(pfd[1], text, len) != len)
			_exit(4);
		_exit(0);
	}
	close(pfd[1]);
	n = read_all(pfd[0], out);
	close(pfd[0]);
	waitpid(p, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return -EIO;
	return n;
}

static void check_denied(void)
{
	pid_t a = spawn_as(1000, false), b = spawn_as(1001, false);
	char req[64], *text;
	struct vms_multi m;
	const struct vms_skip *k;
	long n;

	if (a < 0 || b < 0) {
		tap(false, "top: uid targets start", "fork/setuid failed");
		return;
	}
	n = reply_as(1001, VMS_W_EVERY " " VMS_W_SUMMARY "\n", &text);
	if (!parse_reply(text, n, &m, "top: '*' read as uid 1001 parses")) {
		k = find_skip(&m, a);
		tapf(k && !strcmp(k->reason, VMS_REASON_DENIED),
		     "top: '*' as uid 1001: uid 1000's process skip reason=denied",
		     "%s", k ? k->reason : "not skipped");
		tapf(find_snap(&m, b) != NULL,
		     "top: '*' as uid 1001: uid 1001's process reported", "absent");
		k = find_skip(&m, 1);
		tapf(k && !strcmp(k->reason, VMS_REASON_DENIED),
		     "top: '*' as uid 1001: init skip reason=denied", "%s",
		     k ? k->reason : "not skipped");
	}
	vms_multi_free(&m);
	free(text);

	snprintf(req, sizeof(req), "%d,%d summary\n", a, b);
	n = reply_as(1001, req, &text);
	if (!parse_reply(text, n, &m, "top: list read as uid 1001 parses")) {
		k = find_skip(&m, a);
		tapf(k && !strcmp(k->reason, VMS_REASON_DENIED) && m.nsnaps == 1 &&
		     m.snaps[0]->pid == (uint64_t)b,
		     "top: list as uid 1001: denied one line, the other reported",
		     "%zu reports", m.nsnaps);
	}
	vms_multi_free(&m);
	free(text);
	kill(a, SIGKILL);
	kill(b, SIGKILL);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
}

/*
 * The vdso's bytes in @pid's report: its pages are mapped by every
 * process, so their share in pss changes whenever a process starts or
 * exits, as the CLI does between its reading and ours.
 */
static uint64_t vdso_bytes(pid_t pid)
{
	struct vms_snapshot s;
	struct vms_error err;
	char req[32], *rep = NULL;
	uint64_t sum = 0, v;
	long n;

	snprintf(req, sizeof(req), "%d vmas\n", pid);
	n = vms_report(req, &rep);
	if (n > 0 && !vms_snapshot_parse(rep, n, &s, &err)) {
		for (size_t i = 0; i < s.nvmas; i++) {
			const char *k = vms_rec_get(&s.vmas[i], VMS_K_KIND);

			if (k && !strcmp(k, "vdso") &&
			    !vms_rec_get_u64(&s.vmas[i], VMS_K_RSS, &v))
				sum += v;
		}
		vms_snapshot_free(&s);
	}
	free(rep);
	return sum;
}

/*
 * `vmscope top -b -p WORKERS`: rows equal task records (pss within the
 * vdso's bytes: the CLI's own process counts in the vdso's mapcount
 * while it reads and not after), totals their sums.
 */
static void check_cli(const char *cli, const pid_t *w, int nw)
{
	static const char *const keys[] = {
		VMS_K_RSS, VMS_K_PSS, VMS_K_USS, VMS_K_SWAP, VMS_K_ZERO,
		VMS_K_THP, VMS_K_HUGETLB, VMS_K_PGTABLES,
	};
	enum { NK = sizeof(keys) / sizeof(keys[0]) };
	uint64_t sum[NK] = { 0 }, tot[NK];
	char cmd[512], line[512], first[128] = "";
	int rows = 0, good = 0;
	bool total_ok = false;
	uint64_t vdso = vdso_bytes(w[0]);
	size_t len;
	FILE *f;

	len = snprintf(cmd, sizeof(cmd), "%s top -b -o pid,rss,pss,uss,swap,zero,thp,hugetlb,pgtables -p ", cli);
	for (int i = 0; i < nw; i++)
		len += snprintf(cmd + len, sizeof(cmd) - len, "%s%d", i ? "," : "", w[i]);
	f = popen(cmd, "r");
	if (!f) {
		tap(false, "top: vmscope top runs", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		uint64_t v[NK];
		int pid;
		char req[32], *rep = NULL;
		struct vms_snapshot s;
		struct vms_error err;
		long n;
		bool same = true;

		if (sscanf(line, " total %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
			   " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64, &tot[0], &tot[1],
			   &tot[2], &tot[3], &tot[4], &tot[5], &tot[6], &tot[7]) == NK) {
			total_ok = !memcmp(tot, sum, sizeof(sum));
			continue;
		}
		if (sscanf(line, " %d %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
			   " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64, &pid, &v[0], &v[1],
			   &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != NK + 1)
			continue;
		rows++;
		snprintf(req, sizeof(req), "%d summary\n", pid);
		n = vms_report(req, &rep);
		if (n < 0 || vms_snapshot_parse(rep, n, &s, &err)) {
			free(rep);
			continue;
		}
		for (int i = 0; i < NK; i++) {
			uint64_t t;

			if (vms_rec_get_u64(s.task, keys[i], &t) ||
			    (t != v[i] && (strcmp(keys[i], VMS_K_PSS) ||
					   (t > v[i] ? t - v[i] : v[i] - t) >= vdso))) {
				if (same && !first[0])
					snprintf(first, sizeof(first), "pid %d %s: %" PRIu64
						 " in top, %" PRIu64 " in its report",
						 pid, keys[i], v[i], t);
				same = false;
			}
			sum[i] += v[i];
		}
		good += same;
		vms_snapshot_free(&s);
		free(rep);
	}
	tapf(pclose(f) == 0 && rows == nw && good == nw && vdso,
	     "top: vmscope top -p: one row per worker, each equal to its report",
	     "%d rows, %d equal; %s", rows, good, first);
	tap(total_ok, "top: vmscope top: totals row == sum of the rows", "differs or missing");
}

/*
 * Malformed lists: -EINVAL, and the session keeps the request it had
 * (its next read is still that request's report).
 */
static void check_malformed(void)
{
	static const char *const bad[] = {
		"1,,2", "1,", ",1", ",", "1, 2", "1,1", "1,0", "1,2a", "*,1",
		"1,*", "**", "* *", "1 *", "* maps", "1,-2",
	};
	char good[32], *text = NULL;
	int fails = 0;
	size_t i;

	snprintf(good, sizeof(good), "%d summary\n", getpid());
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[32];
		int fd = open(PROC_FILE, O_RDWR), rc;
		long n;

		snprintf(line, sizeof(line), "%s summary\n", bad[i]);
		if (fd < 0 || write_str(fd, good, strlen(good))) {
			fails++;
			if (fd >= 0)
				close(fd);
			continue;
		}
		rc = write_str(fd, line, strlen(line));
		n = read_all(fd, &text);
		if (rc != -EINVAL || n <= 0 ||
		    strncmp(text, VMS_HEADER_PREFIX, strlen(VMS_HEADER_PREFIX)) ||
		    strstr(text, "\n" VMS_REC_DONE " ")) {
			tapf(false, "top: malformed list rejected", "'%s': write %d, read %ld",
			     bad[i], rc, n);
			fails++;
		}
		free(text);
		text = NULL;
		close(fd);
	}
	tapf(!fails, "top: every malformed list: -EINVAL, the session's request unchanged",
	     "%d failed", fails);
}

/* ---- the reply's state machine: rights lost part way, EOF, seeks ---- */

enum lose_at {
	LOSE_MID,	/* after 10 bytes of the first report */
	LOSE_LINE,	/* after its first line */
	LOSE_TRAILER,	/* after its trailer, before the read that finds EOF */
};

/*
 * A root reader of @req that drops to uid 1001 (no capabilities) at
 * @at, then reads on: the text read (in *out, both parts) and the errno
 * of the read that failed after the drop, 0 if it read to EOF.
 */
static long lose_rights(const char *req, enum lose_at at, char **out, int *err)
{
	int pfd[2], st;
	long n;
	pid_t p;

	*out = NULL;
	*err = -1;
	if (pipe(pfd))
		return -errno;
	p = fork();
	if (p == 0) {
		char buf[4096];
		size_t len = 0;
		int fd = open(PROC_FILE, O_RDWR), e = 0;

		close(pfd[0]);
		if (fd < 0 || write_str(fd, req, strlen(req)))
			_exit(100);
		for (;;) {
			bool line = len && buf[len - 1] == '\n';
			char *last;

			if (at == LOSE_MID && len == 10)
				break;
			if (at == LOSE_LINE && line)
				break;
			/* the last line read is the first report's trailer */
			if (at == LOSE_TRAILER && line) {
				buf[len] = '\0';
				buf[len - 1] = '\0';
				last = strrchr(buf, '\n');
				buf[len - 1] = '\n';
				if (!strncmp(last ? last + 1 : buf, VMS_REC_END " ", 4))
					break;
			}
			if (len + 1 >= sizeof(buf) || read(fd, buf + len, 1) != 1)
				_exit(101);
			len++;
		}
		if (setresgid(1001, 1001, 1001) || setresuid(1001, 1001, 1001))
			_exit(102);
		for (;;) {
			ssize_t r = len < sizeof(buf) ? read(fd, buf + len, sizeof(buf) - len) : -1;

			if (r < 0) {
				e = len < sizeof(buf) ? errno : 103;
				break;
			}
			if (!r)
				break;
			len += r;
		}
		if (write(pfd[1], buf, len) != (ssize_t)len)
			_exit(104);
		_exit(e);
	}
	close(pfd[1]);
	n = read_all(pfd[0], out);
	close(pfd[0]);
	waitpid(p, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) >= 100)
		return -EIO;
	*err = WEXITSTATUS(st);
	return n;
}

/* Lines of @text that start with @word. */
static int count_lines(const char *text, long len, const char *word)
{
	size_t w = strlen(word);
	int n = 0;

	for (long i = 0; i < len; i++)
		if ((!i || text[i - 1] == '\n') && len - i > (long)w &&
		    !strncmp(text + i, word, w) && text[i + w] == ' ')
			n++;
	return n;
}

static void check_lose_rights(void)
{
	pid_t a = spawn_as(1000, false), b = spawn_as(1000, false);
	const struct vms_snapshot *sa;
	const struct vms_skip *k;
	struct vms_multi m;
	char req[64], *text;
	long n;
	int e;

	if (a < 0 || b < 0) {
		tap(false, "top: uid 1000 targets start", "fork/setuid failed");
		return;
	}
	snprintf(req, sizeof(req), "%d,%d summary\n", a, b);

	/* Rights lost after a complete report: it stays complete, one trailer. */
	memset(&m, 0, sizeof(m));
	n = lose_rights(req, LOSE_TRAILER, &text, &e);
	tapf(n > 0 && e == 0 && count_lines(text, n, VMS_REC_END) == 1,
	     "top: rights lost after a report's trailer: EOF clean, no second trailer",
	     "read %ld, errno %d, %d end lines", n, e, n > 0 ? count_lines(text, n, VMS_REC_END) : -1);
	if (n > 0 && !parse_reply(text, n, &m, "top: rights lost after a trailer: the reply parses")) {
		sa = find_snap(&m, a);
		k = find_skip(&m, b);
		tapf(sa && !sa->partial && k && !strcmp(k->reason, VMS_REASON_DENIED),
		     "top: rights lost after a trailer: first complete, second skipped denied",
		     "%s, %s", sa ? (sa->partial ? "partial" : "complete") : "absent",
		     k ? k->reason : "not skipped");
	}
	vms_multi_free(&m);
	free(text);

	/* Lost at the end of a line: a trailer of its own, then the rest. */
	memset(&m, 0, sizeof(m));
	n = lose_rights(req, LOSE_LINE, &text, &e);
	if (n <= 0 || e)
		tapf(false, "top: rights lost at a line's end: the reply parses",
		     "read %ld, errno %d", n, e);
	else if (!parse_reply(text, n, &m, "top: rights lost at a line's end: the reply parses")) {
		sa = find_snap(&m, a);
		k = find_skip(&m, b);
		tapf(sa && sa->partial && !strcmp(sa->reason, VMS_REASON_DENIED) &&
		     k && !strcmp(k->reason, VMS_REASON_DENIED),
		     "top: rights lost at a line's end: report ends partial denied, next skipped",
		     "%s, %s", sa ? sa->reason ? sa->reason : "complete" : "absent",
		     k ? k->reason : "not skipped");
	}
	vms_multi_free(&m);
	free(text);

	/* Lost mid-line: no byte more, -EACCES. */
	n = lose_rights(req, LOSE_MID, &text, &e);
	tapf(n == 10 && e == EACCES,
	     "top: rights lost mid-line: the next read fails with EACCES, nothing glued",
	     "read %ld bytes, errno %d", n, e);
	free(text);

	kill(a, SIGKILL);
	kill(b, SIGKILL);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
}

/* A child that waits; its pid number is what the test is about. */
static pid_t pauser(void)
{
	pid_t p = fork();

	if (p == 0) {
		for (;;)
			pause();
	}
	return p;
}

/*
 * A listed process that exits before the reply reaches it, its number
 * taken by a new process meanwhile: the reply says "exited", and does not
 * report the newcomer under the old number (also after lseek(0)).
 */
static void check_recycled(void)
{
	pid_t x = pauser(), y = pauser(), z = -1;
	struct vms_multi m;
	char req[64], buf[32], *text = NULL;
	int fd = open(PROC_FILE, O_RDWR);
	long n;

	snprintf(req, sizeof(req), "%d,%d summary\n", x, y);
	if (x < 0 || y < 0 || fd < 0 || write_str(fd, req, strlen(req))) {
		tap(false, "top: recycled pid: setup", strerror(errno));
		goto out;
	}
	kill(x, SIGKILL);
	waitpid(x, NULL, 0);
	snprintf(buf, sizeof(buf), "%d", x - 1);
	if (write_path("/proc/sys/kernel/ns_last_pid", buf) == 0)
		z = pauser();
	if (z != x) {
		tap_skip("top: a listed pid reused before its turn: exited, not the newcomer",
			 "could not reuse the pid");
		goto out;
	}
	for (int pass = 0; pass < 2; pass++) {
		if (pass && lseek(fd, 0, SEEK_SET) != 0) {
			tap(false, "top: recycled pid: lseek(0)", strerror(errno));
			break;
		}
		n = read_all(fd, &text);
		if (!parse_reply(text, n, &m, pass ? "top: recycled pid: after lseek(0), parses" :
			     "top: recycled pid: the reply parses"))
			tapf(!find_snap(&m, x) && find_skip(&m, x) &&
			     !strcmp(find_skip(&m, x)->reason, VMS_REASON_EXITED) && find_snap(&m, y),
			     pass ? "top: a listed pid reused before its turn, after lseek(0): exited" :
			     "top: a listed pid reused before its turn: exited, not the newcomer",
			     "%s", find_snap(&m, x) ? "the newcomer reported" : "not skipped exited");
		vms_multi_free(&m);
		free(text);
		text = NULL;
	}
out:
	if (fd >= 0)
		close(fd);
	/* x was reaped; z, if started, has its number */
	if (z > 0) {
		kill(z, SIGKILL);
		waitpid(z, NULL, 0);
	}
	if (y > 0) {
		kill(y, SIGKILL);
		waitpid(y, NULL, 0);
	}
}

/*
 * A descriptor taken into a child pid namespace: its reads would name
 * processes outside the reader's view, -EACCES. Then -EFAULT leaves the
 * reply as it was, and lseek(0) mid-reply starts it again.
 */
static void check_ns_fault_seek(void)
{
	int fd = open(PROC_FILE, O_RDWR), st = -1;
	const char *req = VMS_W_EVERY " " VMS_W_SUMMARY "\n";
	struct vms_multi m;
	char *text = NULL, buf[20];
	/* a page the kernel cannot write to */
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t p;
	long n;

	if (fd < 0 || write_str(fd, req, strlen(req))) {
		tap(false, "top: ns: setup", strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	p = fork();
	if (p == 0) {
		pid_t q;

		if (unshare(CLONE_NEWPID))
			_exit(100);
		q = fork();
		if (q == 0) {
			char c;

			_exit(read(fd, &c, 1) < 0 ? errno : 0);
		}
		if (q < 0 || waitpid(q, &st, 0) != q || !WIFEXITED(st))
			_exit(101);
		_exit(WEXITSTATUS(st));
	}
	if (p > 0)
		waitpid(p, &st, 0);
	if (p > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 100)
		tap_skip("top: a reader in a child pid namespace gets EACCES", "no CLONE_NEWPID");
	else
		tapf(p > 0 && WIFEXITED(st) && WEXITSTATUS(st) == EACCES,
		     "top: a reader in a child pid namespace gets EACCES", "status %d",
		     WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	errno = 0;
	tapf(bad != MAP_FAILED && read(fd, bad, 4096) < 0 && errno == EFAULT,
	     "top: a read into a bad buffer: EFAULT", "errno %d", errno);
	n = read(fd, buf, sizeof(buf));
	tapf(n == (long)sizeof(buf) && !strncmp(buf, VMS_HEADER_PREFIX, strlen(VMS_HEADER_PREFIX)),
	     "top: after EFAULT the reply reads from where it was", "read %ld", n);
	if (lseek(fd, 0, SEEK_SET) == 0) {
		n = read_all(fd, &text);
		parse_reply(text, n, &m, "top: lseek(0) mid-reply: the whole reply again parses");
		vms_multi_free(&m);
		free(text);
	} else {
		tap(false, "top: lseek(0) mid-reply", strerror(errno));
	}
	if (bad != MAP_FAILED)
		munmap(bad, 4096);
	close(fd);
}

int cmd_top(const char *cli)
{
	int fd = memfd_create("top-shared", 0);
	pid_t w[NWORKERS], zomb;
	char *shared;
	int nw = 0;

	if (fd < 0 || ftruncate(fd, SHARED_SZ)) {
		tap(false, "top: shared segment", strerror(errno));
		return 1;
	}
	shared = mmap(NULL, SHARED_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (shared == MAP_FAILED) {
		tap(false, "top: shared segment", strerror(errno));
		return 1;
	}
	memset(shared, 7, SHARED_SZ);
	check_malformed();
	if (copy_exe()) {
		tap(false, "top: workers' program", strerror(errno));
		return 1;
	}
	for (int i = 0; i < NWORKERS; i++) {
		w[nw] = worker(fd, i);
		if (w[nw] > 0)
			nw++;
	}
	tapf(nw == NWORKERS, "top: workers stopped", "%d of %d", nw, NWORKERS);
	if (!nw)
		return 1;
	zomb = fork();
	if (zomb == 0)
		_exit(0);
	/* A zombie until reaped: wait for it to be one without reaping it. */
	waitid(P_PID, zomb, NULL, WEXITED | WNOWAIT);

	check_every(w, nw, zomb);
	check_exit_during(w[0], w[nw - 1]);
	check_denied();
	check_lose_rights();
	check_recycled();
	check_ns_fault_seek();
	check_cli(cli ? cli : "/vmscope/vmscope", w, nw);

	waitpid(zomb, NULL, 0);
	for (int i = 0; i < nw; i++) {
		kill(w[i], SIGKILL);
		waitpid(w[i], NULL, 0);
	}
	munmap(shared, SHARED_SZ);
	close(fd);
	unlink(WORKER_EXE);
	return tap_failures != 0;
}
