// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Field-by-field comparison of a module report with a /proc report.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/format.h>

#include "compare.h"
#include "display.h"
#include "escape.h"
#include "util.h"
#include "vma.h"

static const char *const identity_keys[] = {
	VMS_K_PERMS, VMS_K_OFFSET, VMS_K_DEV, VMS_K_INODE, VMS_K_KIND,
};

/* Keys compared as smaps prints them: kB, truncated. */
static bool in_kb(const char *key)
{
	return !strcmp(key, VMS_K_PSS) || !strcmp(key, VMS_K_LOCKED) ||
	       !strcmp(key, VMS_K_PSS_DIRTY) || !strcmp(key, VMS_K_PSS_ANON) ||
	       !strcmp(key, VMS_K_PSS_FILE) || !strcmp(key, VMS_K_PSS_SHMEM);
}

static bool is_node_key(const char *key)
{
	return vms_spread_key(key, VMS_K_NODE_PREFIX, NULL);
}

static void say(struct vms_compare *c, const char *fmt, ...) VMS_PRINTF(2, 3);

static void say(struct vms_compare *c, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		vms_err("out of memory");
		exit(VMS_EXIT_FAIL);
	}
	c->lines = xreallocarray(c->lines, c->n + 1, sizeof(*c->lines));
	c->lines[c->n++] = s;
}

/* "0x1000-0x2000 [heap]" for messages. */
static char *where(const struct vms_vma *v)
{
	char *name = vms_display_name(v->name, VMS_DISP_STRICT), *s;

	if (asprintf(&s, "0x%" PRIx64 "-0x%" PRIx64 "%s%s", v->start, v->end,
		     *name ? " " : "", name) < 0) {
		vms_err("out of memory");
		exit(VMS_EXIT_FAIL);
	}
	free(name);
	return s;
}

static void compare_number(struct vms_compare *c, const char *who, const char *key,
			   uint64_t m, uint64_t p)
{
	c->fields++;
	if (in_kb(key)) {
		if (m >> 10 != p >> 10)
			say(c, "%s: %s module=%" PRIu64 " kB /proc=%" PRIu64 " kB", who,
			    key, m >> 10, p >> 10);
		return;
	}
	if (m != p)
		say(c, "%s: %s module=%" PRIu64 " /proc=%" PRIu64, who, key, m, p);
}

/* Whether any vma record of `s` has a node key. */
static bool has_nodes(const struct vms_snapshot *s)
{
	size_t i, j;

	for (i = 0; i < s->nvmas; i++)
		for (j = 0; j < s->vmas[i].nkv; j++)
			if (is_node_key(s->vmas[i].kv[j].key))
				return true;
	return false;
}

static void compare_names(struct vms_compare *c, const char *who,
			  const struct vms_vma *m, const struct vms_vma *p)
{
	size_t lm, lp;
	char *a = vms_unescape_dup(m->name, &lm), *b = vms_unescape_dup(p->name, &lp);

	c->fields++;
	if (!a || !b || lm != lp || memcmp(a, b, lm)) {
		char *x = vms_display_name(m->name, VMS_DISP_STRICT);
		char *y = vms_display_name(p->name, VMS_DISP_STRICT);

		say(c, "%s: " VMS_K_NAME " module=%s /proc=%s", who, x, y);
		free(x);
		free(y);
	}
	free(a);
	free(b);
}

/*
 * smaps counts, in a shared or read-only shmem mapping, every swapped-out
 * page of the object in the VMA's range, also under the private copies
 * the process maps there; vmscope counts the copies (format.rst: swap).
 * The swap /proc has beyond the module's is explained when the mapping is
 * read-only and private (a shared one has no copies) and the module's
 * copies (anon, present or swapped) cover it; it is added to
 * c->swap_elsewhere for the task's comparison.
 */
static bool swap_elsewhere(struct vms_compare *c, const struct vms_vma *m,
			   uint64_t mv, uint64_t pv)
{
	const char *perms = vms_rec_get(m->rec, VMS_K_PERMS);
	uint64_t anon;

	if (pv <= mv || !perms || strlen(perms) != 4 || perms[1] == 'w' ||
	    perms[3] != 'p' ||
	    vms_rec_get_u64(m->rec, VMS_K_ANON, &anon) || pv - mv > anon + mv)
		return false;
	c->swap_elsewhere += pv - mv;
	return true;
}

static void compare_vma(struct vms_compare *c, const struct vms_vma *m,
			const struct vms_vma *p, bool nodes)
{
	char *who = where(m);
	bool vdso = vms_kind_parse(m->kind, strlen(m->kind)) == VMS_KIND_VDSO;
	size_t i;

	c->vmas++;
	for (i = 0; i < VMS_ARRAY_SIZE(identity_keys); i++) {
		const char *a = vms_rec_get(m->rec, identity_keys[i]);
		const char *b = vms_rec_get(p->rec, identity_keys[i]);

		c->fields++;
		if (a && b && strcmp(a, b))
			say(c, "%s: %s module=%s /proc=%s", who, identity_keys[i], a, b);
	}
	compare_names(c, who, m, p);
	/* Every number /proc has; absent in the module counts as missing. */
	for (i = 0; i < p->rec->nkv; i++) {
		const struct vms_kv *kv = &p->rec->kv[i];
		uint64_t pv, mv;
		size_t k;
		bool skip = false;

		for (k = 0; k < VMS_ARRAY_SIZE(identity_keys); k++)
			skip |= !strcmp(kv->key, identity_keys[k]);
		if (skip || !strcmp(kv->key, VMS_K_START) || !strcmp(kv->key, VMS_K_END) ||
		    !strcmp(kv->key, VMS_K_NAME) || vms_parse_u64(kv->val, &pv) ||
		    (vdso && is_node_key(kv->key)))
			continue;
		if (vms_rec_get_u64(m->rec, kv->key, &mv)) {
			if (!is_node_key(kv->key)) {
				c->fields++;
				say(c, "%s: %s missing from the module report", who, kv->key);
				continue;
			}
			mv = 0;
		}
		if (!strcmp(kv->key, VMS_K_SWAP) && swap_elsewhere(c, m, mv, pv)) {
			c->fields++;
			continue;
		}
		compare_number(c, who, kv->key, mv, pv);
	}
	/* Nodes the module has and numa_maps does not list. */
	for (i = 0; nodes && !vdso && i < m->rec->nkv; i++) {
		const struct vms_kv *kv = &m->rec->kv[i];
		uint64_t mv;

		if (is_node_key(kv->key) && !vms_rec_get(p->rec, kv->key) &&
		    !vms_parse_u64(kv->val, &mv))
			compare_number(c, who, kv->key, mv, 0);
	}
	free(who);
}

static void compare_task(struct vms_compare *c, const struct vms_snapshot *m,
			 const struct vms_snapshot *p)
{
	static const char *const keys[] = {
		VMS_K_RSS, VMS_K_ANON, VMS_K_SWAP, VMS_K_PSS, VMS_K_USS,
		VMS_K_SHARED, VMS_K_PRIVATE, VMS_K_DIRTY, VMS_K_YOUNG,
		VMS_K_LOCKED, VMS_K_KSM, VMS_K_THP, VMS_K_HUGETLB, VMS_K_PGTABLES,
	};
	size_t i;

	if (!m->task || !p->task)
		return;
	for (i = 0; i < VMS_ARRAY_SIZE(keys); i++) {
		uint64_t a, b;

		if (vms_rec_get_u64(p->task, keys[i], &b))
			continue;
		if (vms_rec_get_u64(m->task, keys[i], &a)) {
			c->fields++;
			say(c, "task: %s missing from the module report", keys[i]);
			continue;
		}
		if (!strcmp(keys[i], VMS_K_SWAP))
			a += c->swap_elsewhere;
		compare_number(c, VMS_REC_TASK, keys[i], a, b);
	}
}

void vms_compare(const struct vms_snapshot *module, const struct vms_snapshot *proc,
		 struct vms_compare *out)
{
	struct vms_vma *m, *p;
	size_t nm, np, i = 0, j = 0;
	bool nodes = has_nodes(proc);

	memset(out, 0, sizeof(*out));
	m = vms_vmas(module, &nm);
	p = vms_vmas(proc, &np);
	while (i < nm || j < np) {
		char *who;

		if (i < nm && j < np && m[i].start == p[j].start && m[i].end == p[j].end) {
			compare_vma(out, &m[i++], &p[j++], nodes);
			continue;
		}
		if (j >= np || (i < nm && m[i].start < p[j].start) ||
		    (i < nm && m[i].start == p[j].start && m[i].end < p[j].end)) {
			who = where(&m[i++]);
			say(out, "%s: only in the module report", who);
		} else {
			who = where(&p[j++]);
			say(out, "%s: only in /proc", who);
		}
		free(who);
	}
	compare_task(out, module, proc);
	free(m);
	free(p);
}

void vms_compare_free(struct vms_compare *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->lines[i]);
	free(c->lines);
	memset(c, 0, sizeof(*c));
}
