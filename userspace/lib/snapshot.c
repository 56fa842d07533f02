// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Parser for vmscope reports, format version 1.
 *
 * The input is copied (or taken over), split in place into lines and
 * tokens, and every record keeps pointers to its key=value pairs. Nothing
 * here trusts the input: every line is bounded, every byte checked, and
 * errors say which line is wrong and why.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/format.h>

#include "snapshot.h"
#include "util.h"


/* Above this many tokens, look for duplicate keys by sorting. */
#define DUP_LINEAR_MAX		32

struct parser {
	struct vms_snapshot *snap;
	struct vms_error *err;
	unsigned long line;
	bool seen_end;
};

static int set_error(struct vms_error *err, enum vms_errkind kind,
		     unsigned long line, const char *fmt, ...) VMS_PRINTF(4, 5);

static int set_error(struct vms_error *err, enum vms_errkind kind,
		     unsigned long line, const char *fmt, ...)
{
	va_list ap;

	err->kind = kind;
	err->line = line;
	err->errnum = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

#define fail(p, kind, ...)	set_error((p)->err, kind, (p)->line, __VA_ARGS__)
#define syntax(p, ...)		fail(p, VMS_ERR_SYNTAX, __VA_ARGS__)
#define nomem(p)		fail(p, VMS_ERR_NOMEM, "out of memory")

/* A short, printable rendering of s for error messages. */
struct quoted {
	char s[48];
};

static struct quoted quote(const char *s)
{
	struct quoted q;
	size_t i;

	for (i = 0; s[i] && i < 32; i++)
		q.s[i] = (s[i] > ' ' && s[i] < 0x7f) ? s[i] : '?';
	if (s[i])
		memcpy(q.s + i, "...", 3), i += 3;
	q.s[i] = '\0';
	return q;
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static int push_kv(struct parser *p, const char *key, const char *val)
{
	struct vms_snapshot *s = p->snap;

	if (s->nkvs == s->kvs_cap) {
		size_t cap = s->kvs_cap ? s->kvs_cap * 2 : 256;
		struct vms_kv *kvs = reallocarray(s->kvs, cap, sizeof(*kvs));

		if (!kvs)
			return nomem(p);
		s->kvs = kvs;
		s->kvs_cap = cap;
	}
	s->kvs[s->nkvs].key = key;
	s->kvs[s->nkvs].val = val;
	s->nkvs++;
	return 0;
}

static int push_record(struct parser *p, struct vms_record **arr, size_t *n,
		       size_t *cap, const struct vms_record *rec)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct vms_record *a = reallocarray(*arr, ncap, sizeof(*a));

		if (!a)
			return nomem(p);
		*arr = a;
		*cap = ncap;
	}
	(*arr)[(*n)++] = *rec;
	return 0;
}

static int cmp_kv_key(const void *a, const void *b)
{
	const struct vms_kv *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

static int check_duplicates(struct parser *p, const struct vms_kv *kv, size_t n)
{
	const struct vms_kv **v;
	size_t i, j;

	if (n <= DUP_LINEAR_MAX) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (!strcmp(kv[i].key, kv[j].key))
					return syntax(p, "duplicate key '%s'",
						      quote(kv[i].key).s);
		return 0;
	}
	v = malloc(n * sizeof(*v));
	if (!v)
		return nomem(p);
	for (i = 0; i < n; i++)
		v[i] = &kv[i];
	qsort(v, n, sizeof(*v), cmp_kv_key);
	for (i = 1; i < n; i++)
		if (!strcmp(v[i - 1]->key, v[i]->key))
			break;
	if (i < n)
		syntax(p, "duplicate key '%s'", quote(v[i]->key).s);
	free(v);
	return i < n ? -1 : 0;
}

/* Split "key=value key=value..." (NUL-terminated) into the kv pool. */
static int tokenize(struct parser *p, char *s)
{
	while (*s) {
		char *end = strchr(s, ' ');
		char *eq;

		if (end)
			*end = '\0';
		if (!*s)
			return syntax(p, "empty token (double or trailing space)");
		eq = strchr(s, '=');
		if (!eq)
			return syntax(p, "token without '=': '%s'", quote(s).s);
		if (eq == s)
			return syntax(p, "token without key: '%s'", quote(s).s);
		*eq = '\0';
		for (char *k = s; *k; k++)
			if (!key_char(*k))
				return syntax(p, "invalid key '%s'", quote(s).s);
		if (push_kv(p, s, eq + 1))
			return -1;
		if (!end)
			break;
		s = end + 1;
		if (!*s)
			return syntax(p, "empty token (double or trailing space)");
	}
	return 0;
}

static int get_range(struct parser *p, const struct vms_record *rec,
		     const char *what)
{
	uint64_t start, end;

	if (vms_rec_get_hex(rec, VMS_K_START, &start))
		return syntax(p, "%s record: missing or bad " VMS_K_START "=", what);
	if (vms_rec_get_hex(rec, VMS_K_END, &end))
		return syntax(p, "%s record: missing or bad " VMS_K_END "=", what);
	if (start >= end)
		return syntax(p, "%s record: " VMS_K_START "= is not below " VMS_K_END "=",
			      what);
	return 0;
}

static int check_header(struct parser *p, const struct vms_record *rec)
{
	uint64_t pid;

	if (vms_rec_get_u64(rec, VMS_K_PID, &pid) || pid == 0)
		return syntax(p, "header: missing or bad " VMS_K_PID "=");
	p->snap->pid = pid;
	return 0;
}

static int check_vma(struct parser *p, const struct vms_record *rec)
{
	const struct vms_kv *last = rec->nkv ? &rec->kv[rec->nkv - 1] : NULL;

	if (get_range(p, rec, VMS_REC_VMA))
		return -1;
	if (!last || strcmp(last->key, VMS_K_NAME))
		return syntax(p, VMS_REC_VMA " record: " VMS_K_NAME "= is not the last token");
	if (!vms_escape_valid(last->val))
		return syntax(p, VMS_REC_VMA " record: bad escape in " VMS_K_NAME "=");
	return 0;
}

/* Check a count of the end record: a number, and @have if @checkable. */
static int check_count(struct parser *p, const struct vms_record *rec,
		       const char *key, size_t have, bool checkable)
{
	uint64_t n;
	int rc = vms_rec_get_u64(rec, key, &n);

	if (rc == -ENOENT)
		return 0;
	if (rc)
		return syntax(p, VMS_REC_END " record: bad %s=", key);
	if (checkable && n != have)
		return syntax(p, VMS_REC_END " record: %s=%llu but %zu records", key,
			      (unsigned long long)n, have);
	return 0;
}

static int check_end(struct parser *p, const struct vms_record *rec)
{
	struct vms_snapshot *s = p->snap;
	const char *status = vms_rec_get(rec, VMS_K_STATUS);

	if (!status)
		return syntax(p, VMS_REC_END " record: missing " VMS_K_STATUS "=");
	if (!strcmp(status, VMS_STATUS_PARTIAL)) {
		s->partial = true;
		s->reason = vms_rec_get(rec, VMS_K_REASON);
		if (!s->reason || !*s->reason)
			s->reason = "unknown";
		return 0;
	}
	if (strcmp(status, VMS_STATUS_COMPLETE))
		return syntax(p, VMS_REC_END " record: unknown " VMS_K_STATUS " '%s'",
			      quote(status).s);
	/*
	 * vmas= counts the VMAs walked even when the vmas section was not
	 * asked for: only a report with vma records can be checked by it.
	 */
	if (check_count(p, rec, VMS_K_VMAS, s->nvmas, s->nvmas > 0) ||
	    check_count(p, rec, VMS_K_EXTS, s->nexts, true))
		return -1;
	return 0;
}

static const struct {
	const char *word;
	enum vms_rec_type type;
} rec_types[] = {
	{ VMS_REC_HEADER, VMS_REC_T_HEADER },
	{ VMS_REC_TASK, VMS_REC_T_TASK },
	{ VMS_REC_VMA, VMS_REC_T_VMA },
	{ VMS_REC_EXT, VMS_REC_T_EXT },
	{ VMS_REC_END, VMS_REC_T_END },
};

static int rec_type(const char *word)
{
	size_t i;

	for (i = 0; i < VMS_ARRAY_SIZE(rec_types); i++)
		if (!strcmp(word, rec_types[i].word))
			return rec_types[i].type;
	return -1;
}

/* Give a record its kv pointer (valid until the pool grows again). */
static void bind_kv(struct parser *p, struct vms_record *rec)
{
	rec->nkv = p->snap->nkvs - rec->kv_first;
	rec->kv = p->snap->kvs + rec->kv_first;
}

static int store_record(struct parser *p, struct vms_record *rec)
{
	struct vms_snapshot *s = p->snap;

	switch (rec->type) {
	case VMS_REC_T_HEADER:
		if (p->line != 1)
			return syntax(p, "second header record");
		if (check_header(p, rec))
			return -1;
		s->hdr_rec = *rec;
		s->header = &s->hdr_rec;
		return 0;
	case VMS_REC_T_TASK:
		if (s->task)
			return syntax(p, "second task record");
		s->task_rec = *rec;
		s->task = &s->task_rec;
		return 0;
	case VMS_REC_T_VMA:
		if (check_vma(p, rec))
			return -1;
		return push_record(p, &s->vmas, &s->nvmas, &s->vmas_cap, rec);
	case VMS_REC_T_EXT:
		if (get_range(p, rec, VMS_REC_EXT))
			return -1;
		return push_record(p, &s->exts, &s->nexts, &s->exts_cap, rec);
	case VMS_REC_T_END:
		if (check_end(p, rec))
			return -1;
		s->end_rec = *rec;
		s->end = &s->end_rec;
		p->seen_end = true;
		return 0;
	}
	return 0;
}

/* One line, NUL-terminated in place of its newline. */
static int parse_line(struct parser *p, char *s, size_t len)
{
	struct vms_record rec = { .line = p->line };
	char *sp;
	size_t i;
	int type;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '\0')
			return syntax(p, "NUL byte at column %zu", i + 1);
		if (c < 0x20 || c == 0x7f)
			return syntax(p, "control character 0x%02x at column %zu",
				      c, i + 1);
	}
	if (p->seen_end)
		return syntax(p, "data after the end record");
	if (len == 0)
		return syntax(p, "empty line");

	sp = strchr(s, ' ');
	if (sp)
		*sp = '\0';
	if (!*s)
		return syntax(p, "line starts with a space");
	if (strchr(s, '='))
		return syntax(p, "line without record type");
	for (i = 0; s[i]; i++)
		if (!key_char(s[i]))
			return syntax(p, "invalid record type '%s'", quote(s).s);

	type = rec_type(s);
	rec.kv_first = p->snap->nkvs;
	if (sp) {
		if (!sp[1])
			return syntax(p, "empty token (double or trailing space)");
		if (tokenize(p, sp + 1))
			return -1;
	}
	bind_kv(p, &rec);
	if (check_duplicates(p, rec.kv, rec.nkv))
		return -1;
	if (type < 0) {
		/* A record type from a later format revision: skip it. */
		p->snap->nkvs = rec.kv_first;
		return 0;
	}
	rec.type = type;
	return store_record(p, &rec);
}

/* Check "vmscope version=N" before anything else: N decides the syntax. */
static int check_version(struct parser *p, const char *text, size_t len)
{
	size_t plen = strlen(VMS_HEADER_PREFIX), i;
	const char *q = text + plen;
	uint64_t v = 0;
	int rc;

	p->line = 1;
	if (len == 0)
		return set_error(p->err, VMS_ERR_NOTSNAP, 0, "empty input");
	if (len < plen || memcmp(text, VMS_HEADER_PREFIX, plen))
		return fail(p, VMS_ERR_NOTSNAP, "no vmscope header");
	rc = vms_scan_u64(&q, text + len, 10, &v);
	i = q - text;
	if (i == len && i == plen)
		return fail(p, VMS_ERR_TRUNCATED, "no end record, last line incomplete");
	if (i == plen || (i < len && text[i] != ' ' && text[i] != '\n'))
		return syntax(p, "header: bad " VMS_K_VERSION "=");
	if (rc || v != VMS_FORMAT_VERSION)
		return fail(p, VMS_ERR_VERSION, "unsupported snapshot version %.*s",
			    (int)((i - plen) > 12 ? 12 : (i - plen)), text + plen);
	p->snap->version = v;
	return 0;
}

static void rebind_all(struct vms_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nvmas; i++)
		s->vmas[i].kv = s->kvs + s->vmas[i].kv_first;
	for (i = 0; i < s->nexts; i++)
		s->exts[i].kv = s->kvs + s->exts[i].kv_first;
	s->hdr_rec.kv = s->kvs + s->hdr_rec.kv_first;
	s->task_rec.kv = s->kvs + s->task_rec.kv_first;
	s->end_rec.kv = s->kvs + s->end_rec.kv_first;
}

static int parse_text(struct parser *p, char *text, size_t len)
{
	size_t pos = 0;
	bool last_nl = true;

	if (check_version(p, text, len))
		return -1;
	p->line = 0;
	while (pos < len) {
		char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		p->line++;
		if (end - pos > VMS_LINE_MAX)
			return syntax(p, "line too long (over %d bytes)", VMS_LINE_MAX);
		last_nl = nl != NULL;
		text[end] = '\0';
		if (parse_line(p, text + pos, end - pos)) {
			/* An unterminated last line that does not parse was cut. */
			if (!last_nl && p->err->kind == VMS_ERR_SYNTAX)
				return fail(p, VMS_ERR_TRUNCATED,
					    "no end record, last line incomplete");
			return -1;
		}
		pos = end + 1;
	}
	if (!p->seen_end)
		return fail(p, VMS_ERR_TRUNCATED, "no end record");
	if (!last_nl)
		return fail(p, VMS_ERR_TRUNCATED, "no newline after the end record");
	rebind_all(p->snap);
	return 0;
}

int vms_snapshot_parse_owned(char *buf, size_t len, struct vms_snapshot *out,
			     struct vms_error *err)
{
	struct parser p = { .snap = out, .err = err };

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	out->text = buf;
	buf[len] = '\0';
	return parse_text(&p, buf, len);
}

int vms_snapshot_parse(const char *buf, size_t len, struct vms_snapshot *out,
		       struct vms_error *err)
{
	char *copy;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len == SIZE_MAX || !(copy = malloc(len + 1)))
		return set_error(err, VMS_ERR_NOMEM, 0, "out of memory");
	if (len)
		memcpy(copy, buf, len);
	return vms_snapshot_parse_owned(copy, len, out, err);
}

void vms_snapshot_free(struct vms_snapshot *snap)
{
	free(snap->text);
	free(snap->kvs);
	free(snap->vmas);
	free(snap->exts);
	memset(snap, 0, sizeof(*snap));
}

char *vms_error_string(const struct vms_error *err, const char *source)
{
	char *s = NULL;
	int rc;

	switch (err->kind) {
	case VMS_ERR_NONE:
		rc = asprintf(&s, "%s: no error", source);
		break;
	case VMS_ERR_NOMEM:
		rc = asprintf(&s, "out of memory");
		break;
	case VMS_ERR_IO:
		rc = asprintf(&s, "%s %s: %s", err->msg, source, strerror(err->errnum));
		break;
	case VMS_ERR_NOTSNAP:
		if (err->line)
			rc = asprintf(&s, "not a vmscope snapshot: %s line %lu",
				      source, err->line);
		else
			rc = asprintf(&s, "not a vmscope snapshot: %s (%s)",
				      source, err->msg);
		break;
	case VMS_ERR_VERSION:
		rc = asprintf(&s, "%s: %s line %lu", err->msg, source, err->line);
		break;
	case VMS_ERR_TRUNCATED:
		rc = asprintf(&s, "truncated snapshot: %s (%s)", source, err->msg);
		break;
	case VMS_ERR_SYNTAX:
	default:
		rc = asprintf(&s, "malformed snapshot: %s line %lu: %s",
			      source, err->line, err->msg);
		break;
	}
	return rc < 0 ? NULL : s;
}

const char *vms_rec_get(const struct vms_record *rec, const char *key)
{
	size_t i;

	for (i = 0; i < rec->nkv; i++)
		if (!strcmp(rec->kv[i].key, key))
			return rec->kv[i].val;
	return NULL;
}

const char *vms_rec_find(const struct vms_record *rec, const char *key,
			 size_t *hint)
{
	size_t i;

	if (*hint < rec->nkv && !strcmp(rec->kv[*hint].key, key))
		return rec->kv[*hint].val;
	for (i = 0; i < rec->nkv; i++) {
		if (!strcmp(rec->kv[i].key, key)) {
			*hint = i;
			return rec->kv[i].val;
		}
	}
	return NULL;
}

int vms_rec_get_u64(const struct vms_record *rec, const char *key, uint64_t *out)
{
	const char *v = vms_rec_get(rec, key);

	return v ? vms_parse_u64(v, out) : -ENOENT;
}

int vms_rec_get_hex(const struct vms_record *rec, const char *key, uint64_t *out)
{
	const char *v = vms_rec_get(rec, key);

	return v ? vms_parse_hex(v, out) : -ENOENT;
}

bool vms_spread_key(const char *key, char prefix, uint64_t *index)
{
	uint64_t i;

	if (key[0] != prefix || vms_parse_u64(key + 1, &i))
		return false;
	if (index)
		*index = i;
	return true;
}

int vms_nodes_next(const char **p, uint64_t *node)
{
	const char *s = *p;

	if (!*s)
		return 0;
	if (vms_scan_u64(&s, NULL, 10, node) || (*s && (*s != ',' || !s[1])))
		return -1;
	*p = *s ? s + 1 : s;
	return 1;
}

char *vms_rec_get_unescaped(const struct vms_record *rec, const char *key)
{
	const char *v = vms_rec_get(rec, key);

	return v ? vms_unescape_dup(v, NULL) : NULL;
}

bool vms_snapshot_from_proc(const struct vms_snapshot *s)
{
	const char *src = s->header ? vms_rec_get(s->header, VMS_K_SOURCE) : NULL;

	return src && !strcmp(src, VMS_SOURCE_PROC);
}

bool vms_task_u64(const struct vms_snapshot *s, const char *key, uint64_t *out)
{
	uint64_t v = 0, n;
	bool any = false;
	size_t i;

	if (s->task && !vms_rec_get_u64(s->task, key, out))
		return true;
	for (i = 0; i < s->nvmas; i++) {
		if (vms_rec_get_u64(&s->vmas[i], key, &n))
			continue;
		any = true;
		v = v + n < v ? UINT64_MAX : v + n;
	}
	*out = v;
	return any;
}

/* ---- replies naming many targets ---------------------------------------- */

/* The value of " KEY=" (or "KEY=" first) in the NUL-terminated `line`. */
static char *line_value(char *line, const char *key, size_t *vlen)
{
	size_t klen = strlen(key);
	char *t = line;

	while ((t = strstr(t, key))) {
		if ((t == line || t[-1] == ' ') && t[klen] == '=') {
			t += klen + 1;
			*vlen = strcspn(t, " ");
			return t;
		}
		t += klen;
	}
	return NULL;
}

/* A u64 value of `key` in `line`; false if absent or malformed. */
static bool line_u64_value(char *line, const char *key, uint64_t *v)
{
	size_t n;
	char *t = line_value(line, key, &n);
	const char *q = t;

	return t && n && !vms_scan_u64(&q, t + n, 10, v) && q == t + n;
}

static bool starts_word(const char *line, const char *word)
{
	size_t n = strlen(word);

	return !strncmp(line, word, n) && (line[n] == ' ' || !line[n]);
}

/* "skip pid=P reason=R": one process not reported. */
static int multi_skip(struct vms_multi *m, char *line, unsigned long lno,
		      struct vms_error *err)
{
	struct vms_skip *k;
	char *reason;
	size_t rlen;
	uint64_t pid;

	reason = line_value(line, VMS_K_REASON, &rlen);
	if (!line_u64_value(line, VMS_K_PID, &pid) || !reason || !rlen)
		return set_error(err, VMS_ERR_SYNTAX, lno, "skipped process: "
				 "missing or bad " VMS_K_PID "= or "
				 VMS_K_REASON "=");
	if (m->nskipped == m->skipped_cap) {
		size_t cap = m->skipped_cap ? 2 * m->skipped_cap : 16;
		void *a = realloc(m->skipped, cap * sizeof(*m->skipped));

		if (!a)
			return set_error(err, VMS_ERR_NOMEM, 0, "out of memory");
		m->skipped = a;
		m->skipped_cap = cap;
	}
	reason[rlen] = '\0';
	k = &m->skipped[m->nskipped++];
	k->pid = pid;
	k->reason = reason;
	k->line = lno;
	return 0;
}

/* The report in text[start, end): parse it as one snapshot. */
static int multi_report(struct vms_multi *m, const char *text, size_t start,
			size_t end, unsigned long first_line,
			struct vms_error *err)
{
	struct vms_snapshot *s;

	if (m->nsnaps == m->snaps_cap) {
		size_t cap = m->snaps_cap ? 2 * m->snaps_cap : 16;
		void *a = realloc(m->snaps, cap * sizeof(*m->snaps));

		if (!a)
			return set_error(err, VMS_ERR_NOMEM, 0, "out of memory");
		m->snaps = a;
		m->snaps_cap = cap;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return set_error(err, VMS_ERR_NOMEM, 0, "out of memory");
	m->snaps[m->nsnaps++] = s;
	if (vms_snapshot_parse(text + start, end - start, s, err)) {
		if (err->line)
			err->line += first_line - 1;
		return -1;
	}
	return 0;
}

int vms_multi_parse(const char *buf, size_t len, struct vms_multi *out,
		    struct vms_error *err)
{
	size_t pos = 0, rstart = 0;
	unsigned long lno = 0, rline = 0;
	bool in_report = false, done = false;
	uint64_t nrep, nskip;
	char *text;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len == 0)
		return set_error(err, VMS_ERR_NOTSNAP, 0, "empty input");
	if (len == SIZE_MAX || !(text = malloc(len + 1)))
		return set_error(err, VMS_ERR_NOMEM, 0, "out of memory");
	memcpy(text, buf, len);
	text[len] = '\0';
	out->text = text;

	while (pos < len) {
		char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		char *line = text + pos;

		lno++;
		if (done)
			return set_error(err, VMS_ERR_SYNTAX, lno,
					 "a record after " VMS_REC_DONE);
		if (in_report) {
			/* A report ends with its first end record. */
			if (starts_word(line, VMS_REC_END)) {
				if (multi_report(out, text, rstart,
						 nl ? end + 1 : end, rline, err))
					return -1;
				in_report = false;
			}
		} else if (!strncmp(line, VMS_HEADER_PREFIX,
				    strlen(VMS_HEADER_PREFIX))) {
			in_report = true;
			rstart = pos;
			rline = lno;
		} else {
			if (!nl)
				return set_error(err, VMS_ERR_TRUNCATED, lno,
						 "last line incomplete");
			*nl = '\0';
			if (starts_word(line, VMS_REC_SKIP)) {
				if (multi_skip(out, line, lno, err))
					return -1;
			} else if (starts_word(line, VMS_REC_END)) {
				return set_error(err, VMS_ERR_SYNTAX, lno,
						 VMS_REC_END " record outside a report");
			} else if (starts_word(line, VMS_REC_DONE)) {
				if (!line_u64_value(line, VMS_K_REPORTS, &nrep) ||
				    !line_u64_value(line, VMS_K_SKIPPED, &nskip))
					return set_error(err, VMS_ERR_SYNTAX,
							 lno, VMS_REC_DONE
							 " record: bad counts");
				if (nrep != out->nsnaps ||
				    nskip != out->nskipped)
					return set_error(err, VMS_ERR_SYNTAX,
							 lno, VMS_REC_DONE
							 " record: %llu reports and %llu skipped, but %zu and %zu",
							 (unsigned long long)nrep,
							 (unsigned long long)nskip,
							 out->nsnaps,
							 out->nskipped);
				done = true;
			} else {
				return set_error(err, lno == 1 ?
						 VMS_ERR_NOTSNAP : VMS_ERR_SYNTAX,
						 lno, "neither a report, a skipped "
						 "process nor " VMS_REC_DONE);
			}
		}
		pos = end + 1;
	}
	if (in_report)
		return multi_report(out, text, rstart, len, rline, err);
	if (!done)
		return set_error(err, VMS_ERR_TRUNCATED, 0,
				 "no " VMS_REC_DONE " record");
	return 0;
}

void vms_multi_free(struct vms_multi *m)
{
	size_t i;

	for (i = 0; i < m->nsnaps; i++) {
		vms_snapshot_free(m->snaps[i]);
		free(m->snaps[i]);
	}
	free(m->snaps);
	free(m->skipped);
	free(m->text);
	memset(m, 0, sizeof(*m));
}
