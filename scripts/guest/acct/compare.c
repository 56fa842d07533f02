// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: what the check classes share. Mismatch lists (one TAP
 * line per class), matching the kernel's VMAs with the report's, and
 * the comparison of one field.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

const char *vname(const struct kvma *v)
{
	return v->name[0] ? v->name : "[anon]";
}

bool cmp(struct mism *m, const struct kvma *v, const struct rec *r, int k,
	 u64 want, const char *src)
{
	if (!r->have[k] && k < K_O0) {
		mism_add(m, VF " field %s: module missing, %s %llu", VA(v),
			 key_name(k), src, want);
		return false;
	}
	if (rec_get(r, k) != want) {
		mism_add(m, VF " field %s: module %llu, %s %llu", VA(v),
			 key_name(k), rec_get(r, k), src, want);
		return false;
	}
	return true;
}

void cmp_kb(struct mism *m, const struct kvma *v, const struct rec *r, int k,
	    u64 want_kb, const char *src)
{
	if (!r->have[k])
		mism_add(m, VF " field %s: module missing, %s %llu kB", VA(v),
			 key_name(k), src, want_kb);
	else if (r->v[k] >> 10 != want_kb)
		mism_add(m, VF " field %s: module %llu (%llu kB), %s %llu kB",
			 VA(v), key_name(k), r->v[k], r->v[k] >> 10, src,
			 want_kb);
}

int match_vmas(const struct ksnap *k, const struct report *r, int *match,
	       struct mism *m)
{
	size_t i, j = 0;
	int n = 0;

	for (i = 0; i < k->n; i++) {
		const struct kvma *v = &k->v[i];

		match[i] = -1;
		while (j < r->n && r->v[j].start < v->start) {
			mism_add(m, "module vma %lx-%lx is not in smaps",
				 r->v[j].start, r->v[j].end);
			j++;
		}
		if (j < r->n && r->v[j].start == v->start &&
		    r->v[j].end == v->end) {
			match[i] = j++;
			n++;
		} else {
			mism_add(m, "smaps " VF " is not in the report", VA(v));
		}
	}
	for (; j < r->n; j++)
		mism_add(m, "module vma %lx-%lx is not in smaps",
			 r->v[j].start, r->v[j].end);
	return n;
}

const struct kvma *next_matched(const struct check *c, size_t *i,
				const struct rec **r)
{
	for (; c->r && *i < c->k->n; (*i)++) {
		if (c->match[*i] >= 0) {
			*r = &c->r->v[c->match[*i]].r;
			return &c->k->v[(*i)++];
		}
	}
	return NULL;
}

void class_tap(const struct check *c, struct mism *m, const char *fmt, ...)
{
	char name[256];
	va_list ap;

	if (!c->r)
		mism_add(m, "%s", c->rerr);
	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	mism_tap(m, name);
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p) {
		fprintf(stderr, "vmscope-acct: out of memory\n");
		exit(2);
	}
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	char *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fprintf(stderr, "vmscope-acct: out of memory\n");
		exit(2);
	}
	return s;
}

void mism_add(struct mism *m, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (++m->n > MAX_MISMATCH)
		return;
	if (m->txt.len)
		vms_buf_append(&m->txt, "; ", 2);
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0) {
		vms_buf_append(&m->txt, s, strlen(s));
		free(s);
	}
	va_end(ap);
}

void mism_tap(struct mism *m, const char *name)
{
	if (m->n > MAX_MISMATCH)
		vms_buf_printf(&m->txt, " (and %d more)", m->n - MAX_MISMATCH);
	tap(!m->n, name, buf_str(&m->txt));
	vms_buf_free(&m->txt);
	m->n = 0;
}
