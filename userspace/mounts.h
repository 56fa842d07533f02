/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The mounts a process sees, through libmount (util-linux): for the /proc
 * source, which needs to know whether a mapped file lives on tmpfs (its
 * pages are then shmem). CLI only: libvmscope stays free of libmount,
 * which has no static library here and the guest programs link statically.
 */
#ifndef VMSCOPE_MOUNTS_H
#define VMSCOPE_MOUNTS_H

#include <stdbool.h>

struct libmnt_table;

/* A mountinfo file (/proc/PID/mountinfo); NULL if it cannot be read. */
struct libmnt_table *vms_mounts_load(const char *path);
void vms_mounts_free(struct libmnt_table *tb);

/*
 * Whether the device `dev` ("00:1f", hex as maps prints it) is mounted as
 * a tmpfs, or as the rootfs (which is a tmpfs), in `tb`.
 */
bool vms_mounts_tmpfs(struct libmnt_table *tb, const char *dev);

/*
 * Where the cgroup v2 hierarchy is mounted in `tb` (the first cgroup2
 * mount), as a string to free; NULL if it is not.
 */
char *vms_mounts_cgroup2(struct libmnt_table *tb);

#endif /* VMSCOPE_MOUNTS_H */
