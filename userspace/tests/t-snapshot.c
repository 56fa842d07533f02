// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the report parser: a well-formed report, every malformed form
 * we reject, and that no prefix or mutation of a report crashes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snapshot.h"
#include "snapshot_load.h"
#include "util.h"
#include "tap.h"

#define HDR	"vmscope version=1 pid=4242 comm=demo kernel=6.1.0-28-amd64 " \
		"page_size=4096 nodes=0 time_ns=1732240000123456789 walk_ns=81234\n"
#define TASK	"task vsz=1074049024\n"
#define VMA_EXE	"vma start=0x55d0c0a00000 end=0x55d0c0a01000 perms=r--p offset=0x0 " \
		"dev=08:01 inode=1311 kind=file vsz=4096 name=/usr/bin/demo\n"
#define VMA_HEAP "vma start=0x55d0c0c00000 end=0x55d0c0c21000 perms=rw-p offset=0x0 " \
		"dev=00:00 inode=0 kind=heap vsz=135168 name=[heap]\n"
#define VMA_ANON "vma start=0x7f3a00000000 end=0x7f3a40000000 perms=rw-p offset=0x0 " \
		"dev=00:00 inode=0 kind=anon vsz=1073741824 name=\n"
#define VMA_ODD	"vma start=0x7f3a40000000 end=0x7f3a40002000 perms=r--s offset=0x1000 " \
		"dev=00:1f inode=77 kind=file vsz=8192 name=/tmp/a\\040b\\012c\n"
#define VMA_STACK "vma start=0x7ffd1f9e0000 end=0x7ffd1fa01000 perms=rw-p offset=0x0 " \
		"dev=00:00 inode=0 kind=stack vsz=135168 name=[stack]\n"
#define VMA_VVAR "vma start=0x7ffd1fbf2000 end=0x7ffd1fbf6000 perms=r--p offset=0x0 " \
		"dev=00:00 inode=0 kind=vvar vsz=16384 name=[vvar]\n"
#define VMA_VDSO "vma start=0x7ffd1fbf6000 end=0x7ffd1fbf8000 perms=r-xp offset=0x0 " \
		"dev=00:00 inode=0 kind=vdso vsz=8192 name=[vdso]\n"
#define VMAS	VMA_EXE VMA_HEAP VMA_ANON VMA_ODD VMA_STACK VMA_VVAR VMA_VDSO
#define END	"end status=complete vmas=7 exts=0\n"
#define END0	"end status=complete vmas=0 exts=0\n"

static const char sample[] = HDR TASK VMAS END;

static int parse(const char *text, size_t len, struct vms_snapshot *s,
		 struct vms_error *err)
{
	return vms_snapshot_parse(text, len, s, err);
}

static void test_good(void)
{
	struct vms_snapshot s;
	struct vms_error err;
	const struct vms_record *v;
	uint64_t n = 0;
	char *name;
	size_t len;
	int rc;

	rc = parse(sample, strlen(sample), &s, &err);
	if (!tap_ok(rc == 0, "good report parses"))
		tap_diag("error: %s (line %lu)", err.msg, err.line);
	if (rc) {
		vms_snapshot_free(&s);
		return;
	}
	tap_is_int(s.version, 1, "version is 1");
	tap_is_int(s.pid, 4242, "pid from header");
	tap_is_str(vms_rec_get(s.header, "comm"), "demo", "header comm");
	tap_is_str(vms_rec_get(s.header, "kernel"), "6.1.0-28-amd64", "header kernel");
	tap_ok(!vms_rec_get_u64(s.header, "time_ns", &n) && n == 1732240000123456789ull,
	       "header time_ns as u64");
	tap_ok(s.task && !vms_rec_get_u64(s.task, "vsz", &n) && n == 1074049024,
	       "task vsz");
	tap_is_int(s.nvmas, 7, "7 vma records");
	tap_is_int(s.nexts, 0, "no ext records");
	tap_ok(!s.partial, "complete");
	tap_ok(s.end && s.end->line == 10, "end record on line 10");

	v = &s.vmas[0];
	tap_is_int(v->line, 3, "first vma on line 3");
	tap_ok(!vms_rec_get_hex(v, "start", &n) && n == 0x55d0c0a00000ull, "vma start as hex");
	tap_ok(!vms_rec_get_hex(v, "end", &n) && n == 0x55d0c0a01000ull, "vma end as hex");
	tap_ok(!vms_rec_get_hex(v, "offset", &n) && n == 0, "vma offset as hex");
	tap_is_str(vms_rec_get(v, "perms"), "r--p", "vma perms");
	tap_is_str(vms_rec_get(v, "dev"), "08:01", "vma dev");
	tap_ok(!vms_rec_get_u64(v, "inode", &n) && n == 1311, "vma inode");
	tap_is_str(vms_rec_get(v, "kind"), "file", "vma kind");
	tap_ok(!vms_rec_get_u64(v, "vsz", &n) && n == 4096, "vma vsz");
	tap_is_str(v->kv[v->nkv - 1].key, "name", "name is the last key");
	tap_is_str(vms_rec_get(v, "name"), "/usr/bin/demo", "vma name");
	tap_is_int(vms_rec_get_u64(v, "rss", &n), -ENOENT, "absent key is -ENOENT");
	tap_is_int(vms_rec_get_hex(v, "perms", &n), -EINVAL, "non-hex value is -EINVAL");
	tap_ok(vms_rec_get(v, "nosuch") == NULL, "unknown key lookup gives NULL");
	{
		size_t hint = 0;

		tap_is_str(vms_rec_find(v, "kind", &hint), "file", "vms_rec_find");
		tap_ok(hint == 6 && !strcmp(vms_rec_find(&s.vmas[1], "kind", &hint), "heap"),
		       "vms_rec_find: hint reused on the next record");
		tap_ok(!vms_rec_find(v, "nosuch", &hint) && hint == 6,
		       "vms_rec_find: absent key leaves the hint");
	}

	tap_is_str(vms_rec_get(&s.vmas[2], "name"), "", "anonymous vma has empty name");
	tap_is_str(vms_rec_get(&s.vmas[1], "name"), "[heap]", "[heap] name");
	tap_is_str(vms_rec_get(&s.vmas[6], "name"), "[vdso]", "[vdso] name");
	tap_is_str(vms_rec_get(&s.vmas[3], "name"), "/tmp/a\\040b\\012c",
		   "escaped name kept raw");
	name = vms_unescape_dup(vms_rec_get(&s.vmas[3], "name"), &len);
	tap_ok(name && len == 10 && !memcmp(name, "/tmp/a b\nc", 10), "escaped name unescapes");
	free(name);
	name = vms_rec_get_unescaped(&s.vmas[3], "name");
	tap_is_str(name, "/tmp/a b\nc", "vms_rec_get_unescaped");
	free(name);
	vms_snapshot_free(&s);
}

static void test_forward_compat(void)
{
	static const char text[] = HDR "task vsz=4096 future=1\n"
		"vma start=0x1000 end=0x2000 perms=rw-p offset=0x0 dev=00:00 inode=0 "
		"kind=anon vsz=4096 brand_new_key=42 name=\n"
		"hist bucket=1 count=3\n"
		"ext start=0x1000 end=0x2000 state=present map=pte order=0 type=anon node=0\n"
		"end status=complete vmas=1 exts=1 checksum=abc\n";
	struct vms_snapshot s;
	struct vms_error err;
	int rc;

	rc = parse(text, strlen(text), &s, &err);
	if (!tap_ok(rc == 0, "unknown keys and record types are accepted"))
		tap_diag("error: %s (line %lu)", err.msg, err.line);
	if (!rc) {
		tap_is_str(vms_rec_get(&s.vmas[0], "brand_new_key"), "42",
			   "unknown key kept in its record");
		tap_is_int(s.nvmas, 1, "unknown record type not counted as vma");
		tap_is_int(s.nexts, 1, "ext record parsed");
		tap_is_str(vms_rec_get(&s.exts[0], "state"), "present", "ext state");
	}
	vms_snapshot_free(&s);
}

/*
 * vmas= counts the VMAs walked, also when the vmas section was not asked
 * for (format.rst): a summary or an extents-only report has no vma
 * record to check it against.
 */
static void test_sections(void)
{
	static const char summary[] = HDR TASK "end status=complete vmas=7 exts=0\n";
	static const char exts[] = HDR
		"ext start=0x1000 end=0x2000 state=none type=anon\n"
		"end status=complete vmas=3 exts=1\n";
	struct vms_snapshot s;
	struct vms_error err;
	int rc;

	rc = parse(summary, strlen(summary), &s, &err);
	if (!tap_ok(rc == 0, "summary report: vmas= counts VMAs with no vma records"))
		tap_diag("error: %s (line %lu)", err.msg, err.line);
	vms_snapshot_free(&s);
	rc = parse(exts, strlen(exts), &s, &err);
	if (!tap_ok(rc == 0, "extents-only report: vmas= counts VMAs with no vma records"))
		tap_diag("error: %s (line %lu)", err.msg, err.line);
	vms_snapshot_free(&s);
}

static void test_partial(void)
{
	static const char text[] = HDR TASK VMA_EXE
		"end status=partial reason=exited\n";
	static const char noreason[] = HDR "end status=partial\n";
	struct vms_snapshot s;
	struct vms_error err;

	tap_ok(parse(text, strlen(text), &s, &err) == 0 && s.partial,
	       "partial report parses, flagged partial");
	tap_is_str(s.reason, "exited", "partial reason");
	vms_snapshot_free(&s);
	tap_ok(parse(noreason, strlen(noreason), &s, &err) == 0 && s.partial,
	       "partial without reason parses");
	tap_is_str(s.reason, "unknown", "missing reason is 'unknown'");
	vms_snapshot_free(&s);
}

struct bad_case {
	const char *what;
	const char *text;
	size_t len;		/* 0: strlen(text) */
	enum vms_errkind kind;
	unsigned long line;
	const char *message;	/* expected vms_error_string(), or NULL */
};

static void check_bad(const struct bad_case *c)
{
	struct vms_snapshot s;
	struct vms_error err;
	size_t len = c->len ? c->len : strlen(c->text);
	int rc = parse(c->text, len, &s, &err);
	bool ok = rc == -1 && err.kind == c->kind && err.line == c->line;
	char *msg;

	if (!tap_ok(ok, "rejects %s (kind %d, line %lu)", c->what, c->kind, c->line))
		tap_diag("rc %d, kind %d, line %lu: %s", rc, err.kind, err.line, err.msg);
	if (c->message) {
		msg = vms_error_string(&err, "F");
		tap_is_str(msg, c->message, "message for %s", c->what);
		free(msg);
	}
	vms_snapshot_free(&s);
}

static void test_bad(void)
{
	static const char nul1[] = "vmscope version=1 pid=1\0x\n" END;
	static const char nul3[] = HDR TASK "vma start=0x1000\0 end=0x2000 name=\n" END;
	static const char nul0[] = "\0vmscope version=1\n";
	const struct bad_case cases[] = {
		{ "empty input", "", 0, VMS_ERR_NOTSNAP, 0,
		  "not a vmscope snapshot: F (empty input)" },
		{ "no header", TASK VMAS END, 0, VMS_ERR_NOTSNAP, 1,
		  "not a vmscope snapshot: F line 1" },
		{ "other text", "hello world\n", 0, VMS_ERR_NOTSNAP, 1, NULL },
		{ "header prefix only", "vmscope", 0, VMS_ERR_NOTSNAP, 1, NULL },
		{ "header without version", "vmscope pid=1\n" END, 0, VMS_ERR_NOTSNAP, 1, NULL },
		{ "leading NUL", nul0, sizeof(nul0) - 1, VMS_ERR_NOTSNAP, 1, NULL },
		{ "version 2", "vmscope version=2 pid=1 new syntax\n", 0, VMS_ERR_VERSION, 1,
		  "unsupported snapshot version 2: F line 1" },
		{ "version 0", "vmscope version=0 pid=1\n" END, 0, VMS_ERR_VERSION, 1, NULL },
		{ "version 10", "vmscope version=10 pid=1\n" END, 0, VMS_ERR_VERSION, 1, NULL },
		{ "non-numeric version", "vmscope version=x pid=1\n" END, 0, VMS_ERR_SYNTAX, 1, NULL },
		{ "version with junk", "vmscope version=1x pid=1\n" END, 0, VMS_ERR_SYNTAX, 1, NULL },
		{ "missing pid", "vmscope version=1 comm=x\n" END, 0, VMS_ERR_SYNTAX, 1, NULL },
		{ "pid 0", "vmscope version=1 pid=0\n" END, 0, VMS_ERR_SYNTAX, 1, NULL },
		{ "token without '='", HDR TASK "vma start=0x1000 end=0x2000 bogus name=\n" END,
		  0, VMS_ERR_SYNTAX, 3,
		  "malformed snapshot: F line 3: token without '=': 'bogus'" },
		{ "token without key", HDR "task =5\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "bad key characters", HDR "task a-b=5\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "line without type", HDR TASK "start=0x1000 end=0x2000 name=\n" END,
		  0, VMS_ERR_SYNTAX, 3,
		  "malformed snapshot: F line 3: line without record type" },
		{ "line starting with a space", HDR " task vsz=1\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "bad type characters", HDR "t@sk vsz=1\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "empty line", HDR "\n" TASK END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "double space", HDR "task vsz=1  rss=2\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "trailing space", HDR "task vsz=1 \n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "type then space", HDR "task \n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "CRLF", HDR "task vsz=1\r\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "tab", HDR "task\tvsz=1\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "NUL on line 1", nul1, sizeof(nul1) - 1, VMS_ERR_SYNTAX, 1, NULL },
		{ "NUL on line 3", nul3, sizeof(nul3) - 1, VMS_ERR_SYNTAX, 3, NULL },
		{ "duplicate key", HDR "task vsz=1 vsz=2\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "second header", HDR HDR END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "second task", HDR TASK TASK END, 0, VMS_ERR_SYNTAX, 3, NULL },
		{ "vma without name", HDR "vma start=0x1000 end=0x2000\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "name not last", HDR "vma start=0x1000 end=0x2000 name= vsz=4096\n" END,
		  0, VMS_ERR_SYNTAX, 2, NULL },
		{ "bad escape in name", HDR "vma start=0x1000 end=0x2000 name=a\\9\n" END,
		  0, VMS_ERR_SYNTAX, 2, NULL },
		{ "vma without start", HDR "vma end=0x2000 name=\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "decimal start", HDR "vma start=4096 end=0x2000 name=\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "start above end", HDR "vma start=0x3000 end=0x2000 name=\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "empty ext", HDR "ext start=0x1000 end=0x1000\n" END, 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "no end record", HDR TASK VMAS, 0, VMS_ERR_TRUNCATED, 9,
		  "truncated snapshot: F (no end record)" },
		{ "cut inside a vma line", HDR TASK "vma start=0x1000 end=0x2", 0,
		  VMS_ERR_TRUNCATED, 3, NULL },
		{ "cut inside the end line", HDR TASK VMAS "end status=complete vmas=", 0,
		  VMS_ERR_TRUNCATED, 10, NULL },
		{ "end without newline", HDR TASK VMAS "end status=complete vmas=7 exts=0", 0,
		  VMS_ERR_TRUNCATED, 10, NULL },
		{ "end without status", HDR "end vmas=0\n", 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "unknown status", HDR "end status=done\n", 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "wrong vma count", HDR TASK VMA_EXE "end status=complete vmas=2 exts=0\n",
		  0, VMS_ERR_SYNTAX, 4, "malformed snapshot: F line 4: end record: vmas=2 but 1 records" },
		{ "wrong ext count", HDR "end status=complete vmas=0 exts=3\n", 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "bad count", HDR "end status=complete vmas=x\n", 0, VMS_ERR_SYNTAX, 2, NULL },
		{ "data after end", HDR END0 TASK, 0, VMS_ERR_SYNTAX, 3, NULL },
		{ "blank line after end", HDR END0 "\n", 0, VMS_ERR_SYNTAX, 3, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_bad(&cases[i]);
}

static void test_long_lines(void)
{
	size_t fill = VMS_LINE_MAX, len;
	const char *pre = HDR TASK "vma start=0x1000 end=0x2000 name=";
	char *text = malloc(strlen(pre) + fill + 2 + strlen(END));
	struct vms_snapshot s;
	struct vms_error err;
	int rc;

	if (!text) {
		tap_ok(false, "malloc");
		return;
	}
	/* A name that makes the line exactly VMS_LINE_MAX bytes: accepted. */
	len = strlen(pre);
	memcpy(text, pre, len);
	fill = VMS_LINE_MAX - (len - strlen(HDR TASK));
	memset(text + len, 'x', fill);
	len += fill;
	text[len++] = '\n';
	strcpy(text + len, "end status=complete vmas=1 exts=0\n");
	len += strlen(text + len);
	rc = parse(text, len, &s, &err);
	if (!tap_ok(rc == 0, "line of exactly 1 MiB accepted"))
		tap_diag("error: %s (line %lu)", err.msg, err.line);
	vms_snapshot_free(&s);

	/* One byte more: rejected, with the right line. */
	len = strlen(pre);
	memset(text + len, 'x', fill + 1);
	len += fill + 1;
	text[len++] = '\n';
	strcpy(text + len, "end status=complete vmas=1 exts=0\n");
	len += strlen(text + len);
	rc = parse(text, len, &s, &err);
	tap_ok(rc == -1 && err.kind == VMS_ERR_SYNTAX && err.line == 3 &&
	       strstr(err.msg, "too long"), "line over 1 MiB rejected on line 3");
	vms_snapshot_free(&s);
	free(text);
}

static void test_many_tokens(void)
{
	/* Over DUP_LINEAR_MAX tokens: the sorted duplicate check. */
	char *text = malloc(64 * 1024), *p;
	struct vms_snapshot s;
	struct vms_error err;
	int i, rc;

	if (!text)
		return;
	p = text + sprintf(text, HDR "task");
	for (i = 0; i < 1000; i++)
		p += sprintf(p, " n%d=%d", i, i);
	strcpy(p, "\n" END0);
	rc = parse(text, strlen(text), &s, &err);
	tap_ok(rc == 0 && s.task && s.task->nkv == 1000, "record with 1000 keys");
	vms_snapshot_free(&s);
	strcpy(p, " n500=1\n" END0);
	rc = parse(text, strlen(text), &s, &err);
	tap_ok(rc == -1 && err.kind == VMS_ERR_SYNTAX && strstr(err.msg, "n500"),
	       "duplicate among 1001 keys found");
	vms_snapshot_free(&s);
	free(text);
}

/* Every proper prefix of a report is an error, never a success or a crash. */
static void test_prefixes(void)
{
	size_t len = strlen(sample), i, bad = 0;
	struct vms_snapshot s;
	struct vms_error err;

	for (i = 0; i < len; i++) {
		/* A heap copy of exactly i bytes, so ASan sees any over-read. */
		char *copy = malloc(i ? i : 1);

		memcpy(copy, sample, i);
		if (parse(copy, i, &s, &err) == 0 ||
		    (err.kind != VMS_ERR_TRUNCATED && err.kind != VMS_ERR_NOTSNAP)) {
			if (!bad++)
				tap_diag("prefix of %zu bytes: kind %d: %s", i,
					 err.kind, err.msg);
		}
		vms_snapshot_free(&s);
		free(copy);
	}
	tap_is_int(bad, 0, "every proper prefix is truncated or not a snapshot");
}

/* Cheap mutation run: flips, deletions, stray bytes. Must not crash. */
static void test_mutations(void)
{
	size_t len = strlen(sample), i;
	unsigned int seed = 1;
	int ok = 0, failed = 0;

	for (i = 0; i < 20000; i++) {
		char *copy = malloc(len);
		struct vms_snapshot s;
		struct vms_error err;
		size_t pos, n = len;

		memcpy(copy, sample, len);
		seed = seed * 1103515245 + 12345;
		pos = (seed >> 8) % len;
		switch ((seed >> 4) % 4) {
		case 0:
			copy[pos] ^= 1 << ((seed >> 20) % 8);
			break;
		case 1:
			copy[pos] = "\0 =\n\\x0"[(seed >> 20) % 7];
			break;
		case 2:
			memmove(copy + pos, copy + pos + 1, len - pos - 1);
			n--;
			break;
		default:
			n = pos;
			break;
		}
		if (parse(copy, n, &s, &err) == 0)
			ok++;
		else
			failed++;
		vms_snapshot_free(&s);
		free(copy);
	}
	tap_ok(ok + failed == 20000, "20000 mutated reports parsed without crashing "
	       "(%d accepted, %d rejected)", ok, failed);
}

static void test_load_fd(void)
{
	char path[] = "/tmp/vmscope-test-XXXXXX";
	struct vms_snapshot s;
	struct vms_error err;
	int fd = mkstemp(path), rc;
	char *msg;

	if (fd < 0 || write(fd, sample, strlen(sample)) != (ssize_t)strlen(sample)) {
		tap_ok(false, "temporary file");
		return;
	}
	close(fd);
	rc = vms_snapshot_load_file(path, &s, &err);
	tap_ok(rc == 0 && s.nvmas == 7, "load from a file");
	vms_snapshot_free(&s);
	unlink(path);

	rc = vms_snapshot_load_file(path, &s, &err);
	msg = vms_error_string(&err, path);
	tap_ok(rc == -1 && err.kind == VMS_ERR_IO && msg &&
	       strstr(msg, "cannot open") && strstr(msg, "No such file"),
	       "load of a missing file: '%s'", msg ? msg : "");
	free(msg);
	vms_snapshot_free(&s);

	fd = open("/dev/zero", O_RDONLY);
	rc = vms_snapshot_load_fd(fd, &s, &err);
	tap_ok(rc == -1 && err.kind == VMS_ERR_NOTSNAP, "/dev/zero: stops early, not a snapshot");
	vms_snapshot_free(&s);
	close(fd);
}

/* ---- replies naming many targets ---- */

#define MHDR(pid) "vmscope version=1 pid=" #pid " comm=p" #pid \
	" kernel=6.12.1 page_size=4096 nodes=0 time_ns=1\n"
#define MTASK(rss) "task vsz=8192 rss=" #rss " pss=" #rss "\n"
#define MEND "end status=complete vmas=1 exts=0 walk_ns=5\n"

static const char multi_good[] =
	MHDR(1) MTASK(4096) MEND
	"skip pid=2 reason=denied\n"
	MHDR(7) MTASK(8192) VMA_EXE "end status=partial reason=exited\n"
	"skip pid=9 reason=exited\n"
	MHDR(12) MTASK(0) "end pid=12 status=partial reason=denied\n"
	"done reports=3 skipped=2\n";

static void test_multi_good(void)
{
	struct vms_multi m;
	struct vms_error err;
	uint64_t v = 0;
	int rc;

	rc = vms_multi_parse(multi_good, strlen(multi_good), &m, &err);
	if (!tap_ok(rc == 0, "multi: reply parses"))
		tap_diag("error: %s (line %lu)", err.msg, err.line);
	tap_is_int(m.nsnaps, 3, "multi: three reports");
	tap_is_int(m.nskipped, 2, "multi: two skipped");
	if (rc || m.nsnaps != 3 || m.nskipped != 2) {
		vms_multi_free(&m);
		return;
	}
	tap_is_int(m.snaps[0]->pid, 1, "multi: first report's pid");
	tap_ok(!m.snaps[0]->partial, "multi: first report complete");
	tap_ok(vms_rec_get_u64(m.snaps[1]->task, VMS_K_RSS, &v) == 0 && v == 8192,
	       "multi: second report's task rss");
	tap_is_int(m.snaps[1]->nvmas, 1, "multi: second report's vma");
	tap_ok(m.snaps[1]->partial, "multi: second report partial");
	tap_is_str(m.snaps[1]->reason, VMS_REASON_EXITED, "multi: its reason");
	tap_is_str(m.snaps[2]->reason, VMS_REASON_DENIED,
		   "multi: denied mid-report ends it partial");
	tap_is_int(m.skipped[0].pid, 2, "multi: skipped pid");
	tap_is_str(m.skipped[0].reason, VMS_REASON_DENIED, "multi: skipped reason");
	tap_is_int(m.skipped[0].line, 4, "multi: skipped line");
	tap_is_int(m.skipped[1].pid, 9, "multi: second skipped pid");
	tap_is_str(m.skipped[1].reason, VMS_REASON_EXITED,
		   "multi: second skipped reason");
	vms_multi_free(&m);

	/* Nothing but the closing record: a machine with nothing to report. */
	rc = vms_multi_parse("done reports=0 skipped=0\n", 25, &m, &err);
	tap_ok(rc == 0 && m.nsnaps == 0 && m.nskipped == 0,
	       "multi: empty reply parses");
	vms_multi_free(&m);
}

static void check_multi_bad(const char *what, const char *text,
			    enum vms_errkind kind, unsigned long line)
{
	struct vms_multi m;
	struct vms_error err;
	int rc = vms_multi_parse(text, strlen(text), &m, &err);

	if (!tap_ok(rc == -1 && err.kind == kind && err.line == line,
		    "multi: rejects %s", what))
		tap_diag("rc %d, kind %d, line %lu: %s", rc, err.kind,
			 err.line, err.msg);
	vms_multi_free(&m);
}

static void test_multi_bad(void)
{
	check_multi_bad("empty input", "", VMS_ERR_NOTSNAP, 0);
	check_multi_bad("no done record", MHDR(1) MTASK(1) MEND,
			VMS_ERR_TRUNCATED, 0);
	check_multi_bad("report without trailer",
			MHDR(1) MTASK(1) MEND MHDR(2) MTASK(1),
			VMS_ERR_TRUNCATED, 5);
	check_multi_bad("report cut by the done record",
			MHDR(1) MTASK(1) "done reports=1 skipped=0\n",
			VMS_ERR_TRUNCATED, 3);
	check_multi_bad("two headers in one report",
			MHDR(1) MTASK(1) MHDR(2) MEND "done reports=1 skipped=0\n",
			VMS_ERR_SYNTAX, 3);
	check_multi_bad("bad task record inside a report",
			MHDR(1) MHDR(1) MTASK(1) MEND "done reports=2 skipped=0\n",
			VMS_ERR_SYNTAX, 2);
	check_multi_bad("done counts reports wrong",
			MHDR(1) MTASK(1) MEND "done reports=2 skipped=0\n",
			VMS_ERR_SYNTAX, 4);
	check_multi_bad("done counts skipped wrong",
			"skip pid=3 reason=exited\n"
			"done reports=0 skipped=0\n", VMS_ERR_SYNTAX, 2);
	check_multi_bad("done without counts", "done\n", VMS_ERR_SYNTAX, 1);
	check_multi_bad("record after done",
			"done reports=0 skipped=0\n" MHDR(1) MTASK(1) MEND,
			VMS_ERR_SYNTAX, 2);
	check_multi_bad("done without newline", "done reports=0 skipped=0",
			VMS_ERR_TRUNCATED, 1);
	check_multi_bad("complete end outside a report",
			MEND "done reports=0 skipped=0\n", VMS_ERR_SYNTAX, 1);
	check_multi_bad("skipped without pid",
			"skip reason=exited\n"
			"done reports=0 skipped=1\n", VMS_ERR_SYNTAX, 1);
	check_multi_bad("skipped with bad pid",
			"skip pid=1x reason=exited\n"
			"done reports=0 skipped=1\n", VMS_ERR_SYNTAX, 1);
	check_multi_bad("skipped without reason",
			"skip pid=1\n"
			"done reports=0 skipped=1\n", VMS_ERR_SYNTAX, 1);
	check_multi_bad("a trailer after a report's trailer",
			MHDR(1) MTASK(1) MEND "end pid=1 status=partial reason=denied\n"
			"done reports=1 skipped=0\n", VMS_ERR_SYNTAX, 4);
	check_multi_bad("stray record", "task rss=1\ndone reports=0 skipped=0\n",
			VMS_ERR_NOTSNAP, 1);
	check_multi_bad("stray record after a report",
			MHDR(1) MTASK(1) MEND "vma start=0x1\n"
			"done reports=1 skipped=0\n", VMS_ERR_SYNTAX, 4);
}

/* Every prefix of a good reply is rejected, none crashes. */
static void test_multi_prefixes(void)
{
	size_t len = strlen(multi_good), i, bad = 0;
	struct vms_multi m;
	struct vms_error err;

	for (i = 0; i < len; i++) {
		if (vms_multi_parse(multi_good, i, &m, &err) == 0)
			bad++;
		vms_multi_free(&m);
	}
	tap_is_int(bad, 0, "multi: no proper prefix of a reply parses");
}

/* A nodes= list: its nodes in order; a malformed one stops with -1. */
static void test_nodes_next(void)
{
	static const struct {
		const char *list;
		const char *want;	/* the nodes, then "!" if it stops at an error */
	} cases[] = {
		{ "0", "0" }, { "0,1", "0 1" }, { "1,3,12", "1 3 12" }, { "", "" },
		{ "0,", "!" }, { ",0", "!" }, { "0,,1", "0 !" }, { "0-1", "!" },
		{ "0,x", "0 !" },
	};
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(cases); i++) {
		const char *p = cases[i].list;
		char got[64] = "";
		uint64_t n;
		int rc;

		while ((rc = vms_nodes_next(&p, &n)) > 0)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%llu",
				 got[0] ? " " : "", (unsigned long long)n);
		if (rc < 0)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s!",
				 got[0] ? " " : "");
		tap_is_str(got, cases[i].want, "nodes_next: \"%s\"", cases[i].list);
	}
}

void test_snapshot(void)
{
	test_nodes_next();
	test_multi_good();
	test_multi_bad();
	test_multi_prefixes();
	test_good();
	test_forward_compat();
	test_sections();
	test_partial();
	test_bad();
	test_long_lines();
	test_many_tokens();
	test_prefixes();
	test_mutations();
	test_load_fd();
}
