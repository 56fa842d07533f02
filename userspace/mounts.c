// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Mounts through libmount.
 */
#include <libmount.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "mounts.h"
#include "util.h"

struct libmnt_table *vms_mounts_load(const char *path)
{
	return mnt_new_table_from_file(path);
}

void vms_mounts_free(struct libmnt_table *tb)
{
	mnt_unref_table(tb);
}

/* "fd:01" as maps prints it: hex major, ':', hex minor. */
static bool parse_dev(const char *s, dev_t *dev)
{
	uint64_t maj, min;

	if (vms_scan_u64(&s, NULL, 16, &maj) || *s++ != ':' ||
	    vms_scan_u64(&s, NULL, 16, &min) || *s || maj > 0xfff || min > 0xfffff)
		return false;
	*dev = makedev(maj, min);
	return true;
}

bool vms_mounts_tmpfs(struct libmnt_table *tb, const char *dev)
{
	struct libmnt_iter *it;
	struct libmnt_fs *fs;
	bool tmpfs = false;
	dev_t devno;

	if (!tb || !parse_dev(dev, &devno))
		return false;
	it = mnt_new_iter(MNT_ITER_FORWARD);
	if (!it)
		return false;
	/* Every mount of the device: a bind mount shows it again. */
	while (!tmpfs && mnt_table_next_fs(tb, it, &fs) == 0)
		tmpfs = mnt_fs_get_devno(fs) == devno &&
			mnt_fs_match_fstype(fs, "tmpfs,rootfs");
	mnt_free_iter(it);
	return tmpfs;
}

char *vms_mounts_cgroup2(struct libmnt_table *tb)
{
	struct libmnt_iter *it;
	struct libmnt_fs *fs;
	char *path = NULL;

	if (!tb)
		return NULL;
	it = mnt_new_iter(MNT_ITER_FORWARD);
	if (!it)
		return NULL;
	while (!path && mnt_table_next_fs(tb, it, &fs) == 0)
		if (mnt_fs_match_fstype(fs, "cgroup2") && mnt_fs_get_target(fs))
			path = strdup(mnt_fs_get_target(fs));
	mnt_free_iter(it);
	return path;
}
