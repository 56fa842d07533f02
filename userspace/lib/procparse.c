// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Parsers for /proc/PID/{smaps,smaps_rollup,numa_maps,status,stat}.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procparse.h"
#include "util.h"

/* The next line of text: its start and length; false at the end. */
static bool next_line(const char *text, size_t len, size_t *pos,
		      const char **line, size_t *llen)
{
	const char *nl;

	if (*pos >= len)
		return false;
	*line = text + *pos;
	nl = memchr(*line, '\n', len - *pos);
	*llen = nl ? (size_t)(nl - *line) : len - *pos;
	*pos += *llen + 1;
	return true;
}

/* Hex digits at *p (no prefix), up to `end`; advances. */
static bool take_hex(const char **p, const char *end, uint64_t *out)
{
	return !vms_scan_u64(p, end, 16, out);
}

static bool take_dec(const char **p, const char *end, uint64_t *out)
{
	return !vms_scan_u64(p, end, 10, out);
}

static bool take_char(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return false;
	(*p)++;
	return true;
}

/* A word up to the next blank into buf (bounded); false if empty or too long. */
static bool take_word(const char **p, const char *end, char *buf, size_t bufsz)
{
	size_t n = 0;

	while (*p < end && **p != ' ' && **p != '\t') {
		if (n + 1 >= bufsz)
			return false;
		buf[n++] = *(*p)++;
	}
	buf[n] = '\0';
	return n > 0;
}

static void skip_blanks(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

/* maps escapes only a newline in names, as \012. */
static char *decode_name(const char *s, size_t len, size_t *out_len)
{
	char *d = xmalloc(len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && len - i >= 4 && !memcmp(s + i + 1, "012", 3)) {
			d[n++] = '\n';
			i += 3;
		} else {
			d[n++] = s[i];
		}
	}
	d[n] = '\0';
	*out_len = n;
	return d;
}

/* "start-end perms offset dev inode [name]" */
static bool parse_maps_line(const char *p, const char *end, struct vms_smaps_vma *v)
{
	uint64_t maj, min;
	char buf[16];

	if (!take_hex(&p, end, &v->start) || !take_char(&p, end, '-') ||
	    !take_hex(&p, end, &v->end) || !take_char(&p, end, ' ') ||
	    !take_word(&p, end, v->perms, sizeof(v->perms)) || !take_char(&p, end, ' ') ||
	    !take_hex(&p, end, &v->offset) || !take_char(&p, end, ' ') ||
	    !take_word(&p, end, buf, sizeof(buf)) || !take_char(&p, end, ' ') ||
	    !take_dec(&p, end, &v->inode))
		return false;
	{
		const char *q = buf, *qe = buf + strlen(buf);

		if (!take_hex(&q, qe, &maj) || !take_char(&q, qe, ':') ||
		    !take_hex(&q, qe, &min) || q != qe)
			return false;
	}
	snprintf(v->dev, sizeof(v->dev), "%s", buf);
	skip_blanks(&p, end);
	v->name = decode_name(p, end - p, &v->name_len);
	return v->start < v->end;
}

/* Hex digits then '-': "7f00-7f10 ..." (a field is "Anonymous: ..."). */
static bool is_maps_line(const char *p, const char *end)
{
	uint64_t x;

	return vms_scan_u64(&p, end, 16, &x) != -EINVAL && p < end && *p == '-';
}

static bool is_field_line(const char *p, const char *end)
{
	if (p >= end || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
		return false;
	return memchr(p, ':', end - p) != NULL;
}

/* "Key:   123 kB" or "Key:   0" or "VmFlags: rd wr" */
static bool parse_field(const char *p, const char *end, struct vms_smaps_vma *v)
{
	const char *colon = memchr(p, ':', end - p);
	struct vms_smaps_field *f;
	size_t klen = colon - p;

	if (klen == 7 && !memcmp(p, "VmFlags", 7)) {
		p = colon + 1;
		skip_blanks(&p, end);
		free(v->vmflags);
		v->vmflags = xmalloc(end - p + 1);
		memcpy(v->vmflags, p, end - p);
		v->vmflags[end - p] = '\0';
		return true;
	}
	if (klen == 0 || klen >= sizeof(f->key))
		return false;
	v->f = xreallocarray(v->f, v->nf + 1, sizeof(*v->f));
	f = &v->f[v->nf];
	memcpy(f->key, p, klen);
	f->key[klen] = '\0';
	p = colon + 1;
	skip_blanks(&p, end);
	if (!take_dec(&p, end, &f->val))
		return true;	/* a field that is not a number: ignored */
	v->nf++;
	return true;
}

/*
 * Call `fn` for every non-empty line of `text`: 0, or -EINVAL at the
 * first line `fn` rejects (its 1-based number in *bad_line if set).
 */
static int each_line(const char *text, size_t len, unsigned long *bad_line,
		     bool (*fn)(void *ctx, const char *line, const char *end), void *ctx)
{
	const char *line;
	size_t pos = 0, llen;
	unsigned long ln = 0;

	while (next_line(text, len, &pos, &line, &llen)) {
		ln++;
		if (llen && !fn(ctx, line, line + llen)) {
			if (bad_line)
				*bad_line = ln;
			return -EINVAL;
		}
	}
	return 0;
}

/* One line of smaps: a maps line opens an entry, a field line adds to it. */
static bool smaps_line(void *ctx, const char *line, const char *end)
{
	struct vms_smaps *out = ctx;

	if (!is_maps_line(line, end))
		return out->n && is_field_line(line, end) &&
		       parse_field(line, end, &out->v[out->n - 1]);
	out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
	memset(&out->v[out->n], 0, sizeof(out->v[out->n]));
	out->n++;
	return parse_maps_line(line, end, &out->v[out->n - 1]);
}

int vms_smaps_parse(const char *text, size_t len, struct vms_smaps *out,
		    unsigned long *bad_line)
{
	memset(out, 0, sizeof(*out));
	return each_line(text, len, bad_line, smaps_line, out);
}

void vms_smaps_free(struct vms_smaps *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].vmflags);
		free(s->v[i].f);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

bool vms_smaps_get(const struct vms_smaps_vma *v, const char *key, uint64_t *val)
{
	size_t i;

	for (i = 0; i < v->nf; i++) {
		if (!strcmp(v->f[i].key, key)) {
			*val = v->f[i].val;
			return true;
		}
	}
	return false;
}

bool vms_smaps_sum(const struct vms_smaps_vma *v, const char *const *keys,
		   uint64_t *bytes)
{
	bool any = false;
	uint64_t x;

	*bytes = 0;
	for (; *keys; keys++) {
		if (vms_smaps_get(v, *keys, &x)) {
			*bytes += x * 1024;
			any = true;
		}
	}
	return any;
}

bool vms_smaps_flag(const struct vms_smaps_vma *v, const char *flag)
{
	size_t n = strlen(flag);
	const char *p = v->vmflags;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, flag, n) && (p[n] == ' ' || p[n] == '\0'))
			return true;
		p = strchr(p, ' ');
	}
	return false;
}

/*
 * A numa_maps "key=count" token (kernelpagesize_kB=, anon=, mapmax=, ...)
 * into @v; others (file=, huge, heap, stack) are left. False if a known
 * key's value is not a number.
 */
static bool numa_count(const char *tok, struct vms_numa_vma *v)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
#define NUMA_KEY(k, f) { k "=", offsetof(struct vms_numa_vma, f) }
		NUMA_KEY("kernelpagesize_kB", pagesize_kb),
		NUMA_KEY("anon", anon), NUMA_KEY("dirty", dirty),
		NUMA_KEY("mapped", mapped), NUMA_KEY("mapmax", mapmax),
		NUMA_KEY("swapcache", swapcache), NUMA_KEY("active", active),
		NUMA_KEY("writeback", writeback),
#undef NUMA_KEY
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t n = strlen(keys[i].key);
		const char *q = tok + n, *qe = tok + strlen(tok);
		uint64_t x;

		if (strncmp(tok, keys[i].key, n))
			continue;
		if (!take_dec(&q, qe, &x) || q != qe)
			return false;
		*(uint64_t *)((char *)v + keys[i].off) = x;
		if (keys[i].off == offsetof(struct vms_numa_vma, active))
			v->has_active = true;
		if (keys[i].off == offsetof(struct vms_numa_vma, mapmax))
			v->has_mapmax = true;
		return true;
	}
	return true;
}

static bool parse_numa_line(const char *p, const char *end, struct vms_numa_vma *v)
{
	char tok[64];

	if (!take_hex(&p, end, &v->start))
		return false;
	v->pagesize_kb = 4;
	skip_blanks(&p, end);
	/* the policy: one word, but two mode names have a blank in them */
	{
		static const char *const spaced[] = { "weighted interleave", "prefer (many)" };
		const char *t = p;
		size_t i;

		for (i = 0; i < sizeof(spaced) / sizeof(spaced[0]); i++)
			if ((size_t)(end - p) >= strlen(spaced[i]) &&
			    !strncmp(p, spaced[i], strlen(spaced[i])))
				p += strlen(spaced[i]);
		while (p < end && *p != ' ')
			p++;
		if ((size_t)(p - t) < sizeof(v->policy)) {
			memcpy(v->policy, t, p - t);
			v->policy[p - t] = '\0';
		}
	}
	while (p < end) {
		const char *t;
		uint64_t x;

		skip_blanks(&p, end);
		t = p;
		while (p < end && *p != ' ')
			p++;
		if (p - t >= (long)sizeof(tok) || p == t)
			continue;	/* file=long/path: not needed */
		memcpy(tok, t, p - t);
		tok[p - t] = '\0';
		if (tok[0] == 'N' && tok[1] >= '0' && tok[1] <= '9') {
			const char *q = tok + 1, *qe = tok + strlen(tok);
			uint64_t node;

			if (!take_dec(&q, qe, &node) || !take_char(&q, qe, '=') ||
			    !take_dec(&q, qe, &x) || q != qe || node > 65535)
				return false;
			v->n = xreallocarray(v->n, v->nn + 1, sizeof(*v->n));
			v->n[v->nn].node = node;
			v->n[v->nn].pages = x;
			v->nn++;
		} else if (!numa_count(tok, v)) {
			return false;
		}
	}
	return true;
}

static bool numa_line(void *ctx, const char *line, const char *end)
{
	struct vms_numa *out = ctx;

	out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
	memset(&out->v[out->n], 0, sizeof(out->v[out->n]));
	out->n++;
	return parse_numa_line(line, end, &out->v[out->n - 1]);
}

int vms_numa_parse(const char *text, size_t len, struct vms_numa *out,
		   unsigned long *bad_line)
{
	memset(out, 0, sizeof(*out));
	return each_line(text, len, bad_line, numa_line, out);
}

void vms_numa_free(struct vms_numa *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].n);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const struct vms_numa_vma *vms_numa_find(const struct vms_numa *s, uint64_t start)
{
	size_t lo = 0, hi = s->n;

	/* numa_maps is in address order: binary search, then a linear fallback. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid].start == start)
			return &s->v[mid];
		if (s->v[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (lo = 0; lo < s->n; lo++)
		if (s->v[lo].start == start)
			return &s->v[lo];
	return NULL;
}

int vms_status_kb(const char *status, const char *key, uint64_t *kb)
{
	size_t klen = strlen(key);
	const char *p = status;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			const char *q = p + klen + 1, *end = strchr(q, '\n');

			if (!end)
				end = q + strlen(q);
			skip_blanks(&q, end);
			return take_dec(&q, end, kb) ? 0 : -EINVAL;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -ENOENT;
}

/* The fields after "(comm)", the first being field 3 (state). */
static const char *after_comm(const char *stat)
{
	const char *p = strrchr(stat, ')');

	return p && p[1] == ' ' ? p + 2 : NULL;
}

char vms_stat_state(const char *stat)
{
	const char *p = after_comm(stat);

	return p ? *p : 0;
}

int vms_stat_faults(const char *stat, uint64_t *minflt, uint64_t *majflt)
{
	const char *p = after_comm(stat);
	int field = 3;

	/* Fields are separated by single spaces; some (tpgid) may be -1. */
	while (p && *p) {
		if (field == 10 || field == 12) {
			const char *end = p + strcspn(p, " \n");

			if (!take_dec(&p, end, field == 10 ? minflt : majflt) || p != end)
				return -EINVAL;
			if (field == 12)
				return 0;
		}
		p = strchr(p, ' ');
		if (p)
			p++;
		field++;
	}
	return -EINVAL;
}

static bool name_is(const struct vms_smaps_vma *v, const char *s)
{
	return v->name_len == strlen(v->name) && !strcmp(v->name, s);
}

static bool name_starts(const struct vms_smaps_vma *v, const char *s)
{
	return !strncmp(v->name, s, strlen(s));
}

enum vms_kind vms_smaps_kind(const struct vms_smaps_vma *v, bool tmpfs)
{
	bool file = v->inode != 0 || strcmp(v->dev, "00:00");

	if (!file) {
		if (name_is(v, "[vdso]"))
			return VMS_KIND_VDSO;
		if (name_starts(v, "[vvar"))
			return VMS_KIND_VVAR;
		if (name_is(v, "[vsyscall]"))
			return VMS_KIND_VSYSCALL;
	}
	if (vms_smaps_flag(v, "ht"))
		return VMS_KIND_HUGETLB;
	if (vms_smaps_flag(v, "pf"))
		return VMS_KIND_PFNMAP;
	if (file) {
		if (vms_smaps_flag(v, "io") || vms_smaps_flag(v, "mm"))
			return VMS_KIND_OTHER;
		/* The kernel's internal shm mount is in no mountinfo. */
		if (tmpfs || name_starts(v, "/memfd:") || name_starts(v, "/dev/zero") ||
		    name_starts(v, "/SYSV") || name_starts(v, "[anon_shmem:"))
			return VMS_KIND_SHMEM;
		return VMS_KIND_FILE;
	}
	if (name_is(v, "[heap]"))
		return VMS_KIND_HEAP;
	if (name_is(v, "[stack]"))
		return VMS_KIND_STACK;
	if (!v->name_len || name_starts(v, "[anon:"))
		return VMS_KIND_ANON;
	return VMS_KIND_OTHER;
}

const char *vms_proc_kind(const struct vms_smaps_vma *v, bool tmpfs)
{
	return vms_kind_word(vms_smaps_kind(v, tmpfs));
}

bool vms_nodelist(const char *list, char *buf, size_t bufsz)
{
	const char *p = list, *end = list + strlen(list);
	size_t n = 0;

	if (bufsz)
		buf[0] = '\0';
	while (p < end && *p != '\n') {
		uint64_t a, b;

		if (!take_dec(&p, end, &a))
			return false;
		b = a;
		if (take_char(&p, end, '-') && !take_dec(&p, end, &b))
			return false;
		if (b < a || b - a > 4096)
			return false;
		for (; a <= b; a++) {
			int w = snprintf(buf + n, bufsz - n, "%s%llu", n ? "," : "",
					 (unsigned long long)a);

			if (w < 0 || (size_t)w >= bufsz - n)
				return false;
			n += w;
		}
		if (p < end && *p == ',')
			p++;
	}
	return n > 0;
}

int vms_proc_read(pid_t pid, const char *name, struct vms_buf *b)
{
	char path[96];

	if (snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	return vms_read_file(path, b);
}

/* The state letter of thread `tid` of `pid`: 0, or -errno. */
static int thread_state(pid_t pid, pid_t tid, char *state)
{
	struct vms_buf b = { 0 };
	char name[48];
	int err;

	snprintf(name, sizeof(name), "task/%d/stat", (int)tid);
	err = vms_proc_read(pid, name, &b);
	if (!err)
		*state = vms_stat_state(b.data);
	vms_buf_free(&b);
	return err;
}

int vms_proc_all_stopped(pid_t pid)
{
	char path[64];
	struct dirent *de;
	bool stopped = true;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char st = 0;
		pid_t tid;

		if (vms_pid_arg(de->d_name, &tid))
			continue;
		if (thread_state(pid, tid, &st))
			continue;	/* a thread that just exited */
		if (st != 'T' && st != 't' && st != 'Z' && st != 'X')
			stopped = false;
	}
	closedir(d);
	return stopped;
}
