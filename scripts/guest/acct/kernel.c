// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope-acct: one read of the kernel's files about a process: smaps,
 * numa_maps, smaps_rollup, status, stat, oom_score_adj (parsed by
 * libvmscope), then pagemap through pagemap_oracle.c. Two reads compare
 * as text (the blob) to tell whether the process held still.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

const char *const sm_names[NSM] = {
	"Size", "KernelPageSize", "Rss", "Pss", "Shared_Clean",
	"Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced",
	"Anonymous", "KSM", "AnonHugePages", "ShmemPmdMapped",
	"FilePmdMapped", "Shared_Hugetlb", "Private_Hugetlb", "Swap", "Locked",
	"Pss_Dirty", "LazyFree", "MMUPageSize", "ProtectionKey", "Pss_Anon",
	"Pss_File", "Pss_Shmem",
};

void ksnap_free(struct ksnap *k)
{
	for (size_t i = 0; i < k->n; i++) {
		struct kvma *v = &k->v[i];

		free(v->problem);
		exts_free(&v->x);
		exts_free(&v->xp);
	}
	free(k->v);
	vms_smaps_free(&k->smaps);
	free(k->comm);
	free(k->err);
	vms_buf_free(&k->blob);
	memset(k, 0, sizeof(*k));
}

u64 smv(const struct kvma *v, int i)
{
	return v->sm[i];
}

bool smh(const struct kvma *v, int i)
{
	return v->sm_have & (1u << i);
}

bool vmflag(const struct kvma *v, const char *f)
{
	return v->sv && vms_smaps_flag(v->sv, f);
}

char *smaps_vmflags(const struct kvma *v)
{
	struct vms_buf b = { 0 };
	const char *p = v->sv && v->sv->vmflags ? v->sv->vmflags : "";
	char *s;

	while (*p) {
		size_t n;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n) {
			if (b.len)
				vms_buf_append(&b, ",", 1);
			vms_buf_append(&b, p, n);
		}
		p += n;
	}
	s = xstrdup(buf_str(&b));
	vms_buf_free(&b);
	return s;
}

/* The smaps lines of sm_names into @sm (kB) and @have (bit per SM_*). */
static void take_sm(const struct vms_smaps_vma *sv, u64 *sm,
		    unsigned int *have)
{
	for (int i = 0; i < NSM; i++) {
		uint64_t val;

		if (vms_smaps_get(sv, sm_names[i], &val)) {
			sm[i] = val;
			*have |= 1u << i;
		}
	}
}

/* smaps text into k->smaps and k->v; NULL, or why not (malloc'd). */
static char *take_smaps(const char *buf, size_t len, struct ksnap *k)
{
	unsigned long bad = 0;
	int rc = vms_smaps_parse(buf, len, &k->smaps, &bad);

	if (rc)
		return xasprintf("smaps: line %lu: %s", bad, strerror(-rc));
	k->n = k->smaps.n;
	k->v = xcalloc(k->n, sizeof(*k->v));
	for (size_t i = 0; i < k->n; i++) {
		const struct vms_smaps_vma *sv = &k->smaps.v[i];
		struct kvma *v = &k->v[i];

		v->sv = sv;
		v->start = sv->start;
		v->end = sv->end;
		v->perms = sv->perms;
		v->offset = sv->offset;
		v->inode = sv->inode;
		v->name = sv->name;
		if (sscanf(sv->dev, "%x:%x", &v->dmaj, &v->dmin) != 2)
			return xasprintf("smaps: vma %lx: device '%s'", v->start,
					 sv->dev);
		take_sm(sv, v->sm, &v->sm_have);
	}
	return NULL;
}

/* numa_maps NK= and kernelpagesize_kB of each VMA that has a line. */
static void take_numa_maps(const char *buf, size_t len, struct ksnap *k)
{
	struct vms_numa nm;
	unsigned long bad;

	if (vms_numa_parse(buf, len, &nm, &bad)) {
		vms_numa_free(&nm);
		return;
	}
	for (size_t i = 0; i < k->n; i++) {
		struct kvma *v = &k->v[i];
		const struct vms_numa_vma *e = vms_numa_find(&nm, v->start);

		if (!e)
			continue;
		v->numa_have = true;
		v->numa_kps = e->pagesize_kb;
		snprintf(v->numa_policy, sizeof(v->numa_policy), "%s", e->policy);
		v->numa_active = e->active;
		v->numa_has_active = e->has_active;
		v->numa_writeback = e->writeback;
		v->numa_swapcache = e->swapcache;
		v->numa_mapmax = e->mapmax;
		v->numa_has_mapmax = e->has_mapmax;
		for (size_t j = 0; j < e->nn; j++)
			if (e->n[j].node < NNODE)
				v->numa_n[e->n[j].node] = e->n[j].pages;
	}
	vms_numa_free(&nm);
}

static void blob_rec(struct vms_buf *b, const struct rec *r)
{
	for (int k = 0; k < NKEYS; k++)
		if (r->have[k] && (k < K_NAMED || r->v[k]))
			vms_buf_printf(b, " %s=%llu", key_name(k), r->v[k]);
}

static void blob_vma(struct vms_buf *b, const struct kvma *v)
{
	vms_buf_printf(b, "vma %lx-%lx %s %llx %lu %s|%s|", v->start, v->end,
		       v->perms, v->offset, v->inode, v->name,
		       v->sv && v->sv->vmflags ? v->sv->vmflags : "");
	for (int i = 0; i < NSM; i++)
		if (smh(v, i))
			vms_buf_printf(b, " %s=%llu", sm_names[i], v->sm[i]);
	vms_buf_printf(b, "\n numa kps=%llu active=%llu%s writeback=%llu swapcache=%llu mapmax=%llu%s",
		       v->numa_kps, v->numa_active, v->numa_has_active ? "" : "?",
		       v->numa_writeback, v->numa_swapcache, v->numa_mapmax,
		       v->numa_has_mapmax ? "" : "?");
	for (int i = 0; i < NNODE; i++)
		if (v->numa_n[i] || v->resv[i])
			vms_buf_printf(b, " N%d=%llu+%llu", i, v->numa_n[i],
				  v->resv[i]);
	vms_buf_printf(b, "\n derived mode=%d type=%d pss=%llu locked=%llu guess=%d kref=%llu",
		  v->mode, v->vtype, v->pss_fixed, v->locked_fixed,
		  v->map_guess, v->kref);
	blob_rec(b, &v->d);
	vms_buf_printf(b, "\n problem=%s\n", v->problem ? v->problem : "");
	for (size_t i = 0; i < v->x.n; i++)
		vms_buf_printf(b, " x %s\n", v->x.e[i].canon);
	for (size_t i = 0; i < v->xp.n; i++)
		vms_buf_printf(b, " xp %s\n", v->xp.e[i].canon);
}

void ksnap_read(pid_t pid, struct ksnap *k)
{
	char path[128], *buf = NULL;
	struct vms_smaps roll;
	uint64_t kb;
	int pmfd;
	long n;

	memset(k, 0, sizeof(*k));
	k->pid = pid;
	kcache_reset();
	kpf_err = NULL;

	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	n = read_file(path, &buf);
	if (n < 0) {
		k->err = xasprintf("%s: %s", path, strerror(-n));
		return;
	}
	k->err = take_smaps(buf, n, k);
	free(buf);
	if (k->err)
		return;

	snprintf(path, sizeof(path), "/proc/%d/numa_maps", pid);
	n = read_file(path, &buf);
	if (n >= 0) {
		take_numa_maps(buf, n, k);
		free(buf);
	}

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	n = read_file(path, &buf);
	if (n < 0) {
		k->err = xasprintf("%s: %s", path, strerror(-n));
		return;
	}
	if (!vms_smaps_parse(buf, n, &roll, NULL) && roll.n)
		take_sm(&roll.v[0], k->roll, &k->roll_have);
	vms_smaps_free(&roll);
	free(buf);

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (read_file(path, &buf) >= 0) {
		if (!vms_status_kb(buf, "VmPTE", &kb)) {
			k->vmpte = kb * 1024;
			k->have_vmpte = true;
		}
		free(buf);
	}

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, &buf) > 0) {
		char *rp = strrchr(buf, ')'), *lp = strchr(buf, '(');
		uint64_t minflt, majflt;

		if (lp && rp && rp > lp)
			k->comm = xstrndup(lp + 1, rp - lp - 1);
		if (!vms_stat_faults(buf, &minflt, &majflt)) {
			k->minflt = minflt;
			k->majflt = majflt;
		}
		free(buf);
	}
	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", pid);
	if (read_file(path, &buf) > 0) {
		k->oom = strtoll(buf, NULL, 10);
		free(buf);
	}

	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	pmfd = open(path, O_RDONLY);
	if (pmfd < 0) {
		k->err = xasprintf("%s: %s", path, strerror(errno));
		return;
	}
	for (size_t i = 0; i < k->n; i++) {
		derive(pid, pmfd, &k->v[i]);
		numa_states(&k->v[i], &k->v[i].d);
	}
	close(pmfd);
	if (kpf_err) {
		k->err = xstrdup(kpf_err);
		return;
	}

	for (size_t i = 0; i < k->n; i++)
		blob_vma(&k->blob, &k->v[i]);
	vms_buf_printf(&k->blob, "rollup");
	for (int i = 0; i < NSM; i++)
		if (k->roll_have & (1u << i))
			vms_buf_printf(&k->blob, " %s=%llu", sm_names[i], k->roll[i]);
	vms_buf_printf(&k->blob, "\nvmpte=%llu minflt=%llu majflt=%llu oom=%lld\n",
		  k->vmpte, k->minflt, k->majflt, k->oom);
}

char *ksnap_diff(const struct ksnap *a, const struct ksnap *b)
{
	const char *p = buf_str(&a->blob), *q = buf_str(&b->blob);
	const char *ls, *le;
	size_t i = 0;

	if (a->n != b->n)
		return xasprintf("VMA count %zu -> %zu", a->n, b->n);
	for (size_t v = 0; v < a->n; v++) {
		const struct kvma *x = &a->v[v], *y = &b->v[v];

		for (int s = 0; s < NSM; s++)
			if (x->sm[s] != y->sm[s])
				return xasprintf("vma %lx-%lx %s: smaps %s %llu kB -> %llu kB",
						 x->start, x->end, x->name,
						 sm_names[s], x->sm[s],
						 y->sm[s]);
		for (int k = 0; k < NKEYS; k++)
			if (x->d.v[k] != y->d.v[k])
				return xasprintf("vma %lx-%lx %s: pagemap %s %llu -> %llu",
						 x->start, x->end, x->name,
						 key_name(k), x->d.v[k],
						 y->d.v[k]);
	}
	while (p[i] && p[i] == q[i])
		i++;
	for (ls = p + i; ls > p && ls[-1] != '\n'; ls--)
		;
	le = strchr(ls, '\n');
	if (!le)
		le = ls + strlen(ls);
	return xasprintf("first changed line: '%.*s'", (int)(le - ls > 300 ? 300 : le - ls), ls);
}

