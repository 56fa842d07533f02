// SPDX-License-Identifier: GPL-2.0
/*
 * Module-wide counters, and the debugfs "stats" and "version" texts.
 *
 * The walker, the reports and the front ends add to the counters; nothing
 * here calls back into them, so that the units form no cycle.
 */
#include <linux/errno.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <vmscope/format.h>
#include "vmscope_config.h"
#include "stats.h"
#include "text.h"

struct vms_stats vms_stats;

/* Each counter's errno and key in "stats"; new keys go at the end. */
static const struct {
	int err;
	const char *key;
} vms_errors[VMS_NR_ERR] = {
	[VMS_ERR_INVAL]	= { EINVAL, "einval" },
	[VMS_ERR_SRCH]	= { ESRCH, "esrch" },
	[VMS_ERR_ACCES]	= { EACCES, "eacces" },
	[VMS_ERR_PERM]	= { EPERM, "eperm" },
	[VMS_ERR_INTR]	= { EINTR, "eintr" },
	[VMS_ERR_NOMEM]	= { ENOMEM, "enomem" },
	[VMS_ERR_FAULT]	= { EFAULT, "efault" },
	[VMS_ERR_EXIST]	= { EEXIST, "eexist" },
	[VMS_ERR_NOSPC]	= { ENOSPC, "enospc" },
	[VMS_ERR_NOENT]	= { ENOENT, "enoent" },
	[VMS_ERR_SPIPE]	= { ESPIPE, "espipe" },
	[VMS_ERR_OTHER]	= { 0, "eother" },
};

/**
 * vms_count_error() - count a failed request by its errno
 * @err: the negative errno returned to user space
 *
 * Called once per failure, by the front end that returns it.
 */
void vms_count_error(long err)
{
	unsigned int i;

	for (i = 0; i < VMS_ERR_OTHER; i++)
		if (-err == vms_errors[i].err)
			break;
	atomic64_inc(&vms_stats.err[i]);
}

/**
 * vms_stats_max() - raise a maximum counter to @v if it is below
 * @max: the counter
 * @v: the value
 */
void vms_stats_max(atomic64_t *max, u64 v)
{
	s64 old = atomic64_read(max);

	while (old < (s64)v && !atomic64_try_cmpxchg(max, &old, v))
		;
}

/**
 * vms_stats_show() - the debugfs "stats" text
 * @m: the seq_file
 * @unused: no private data
 *
 * One line; keys added later go at its end.
 *
 * Return: 0.
 */
int vms_stats_show(struct seq_file *m, void *unused)
{
	struct vms_stats *s = &vms_stats;
	unsigned int i;

	seq_printf(m, "stats walks=%lld vmas=%lld entries=%lld yields=%lld",
		   atomic64_read(&s->walks), atomic64_read(&s->vmas),
		   atomic64_read(&s->entries), atomic64_read(&s->yields));
	seq_printf(m, " restarts=%lld clipped=%lld ext_passes=%lld",
		   atomic64_read(&s->restarts), atomic64_read(&s->clipped),
		   atomic64_read(&s->ext_passes));
	for (i = 0; i < VMS_NR_ERR; i++)
		seq_printf(m, " %s=%lld", vms_errors[i].key,
			   atomic64_read(&s->err[i]));
	seq_printf(m, " yields_writers=%lld hold_max_ns=%lld step_max_ns=%lld",
		   atomic64_read(&s->yields_writers),
		   atomic64_read(&s->hold_max_ns),
		   atomic64_read(&s->step_max_ns));
	seq_printf(m, " batched=%lld\n", atomic64_read(&s->batched));
	return 0;
}

/**
 * vms_version_show() - the debugfs "version" text
 * @m: the seq_file
 * @unused: no private data
 *
 * Return: 0 or -ENOMEM.
 */
int vms_version_show(struct seq_file *m, void *unused)
{
	const char *release = init_utsname()->release;
	struct vms_text t;
	int err;

	/* The release escaped as report values are, by the one escaper. */
	vms_text_init(&t);
	vms_text_escape(&t, release, strlen(release));
	if (!t.err) {
		seq_printf(m, "vmscope " VMS_K_VERSION "=%d module=%s "
			   VMS_K_KERNEL "=", VMS_FORMAT_VERSION,
			   VMS_MODULE_VERSION);
		seq_write(m, t.data, t.len);
		seq_printf(m, " features=%s\n",
			   VMS_FEATURES[0] ? VMS_FEATURES : "none");
	}
	err = t.err;
	vms_text_free(&t);
	return err;
}
