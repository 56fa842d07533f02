// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of mounts.c: tmpfs devices in a mountinfo file, through libmount.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mounts.h"
#include "tap.h"
#include "util.h"

static const char mountinfo[] =
	"1 1 0:2 / / rw - rootfs rootfs rw,size=3021744k\n"
	"22 1 0:31 / /tmp rw,relatime - tmpfs tmpfs rw,mode=1777\n"
	"23 1 8:1 / /data rw,relatime - ext4 /dev/sda1 rw\n";

void test_mounts(void)
{
	char path[] = "/tmp/vmscope-mountinfo-XXXXXX";
	struct libmnt_table *tb = NULL;
	int fd = mkstemp(path);

	if (fd >= 0 && !vms_write_all(fd, mountinfo, strlen(mountinfo)))
		tb = vms_mounts_load(path);
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	tap_ok(tb != NULL, "mountinfo: read by libmount");
	tap_ok(vms_mounts_tmpfs(tb, "00:1f"), "mountinfo: 0:31 is a tmpfs");
	tap_ok(vms_mounts_tmpfs(tb, "00:02"), "mountinfo: rootfs counts as tmpfs");
	tap_ok(!vms_mounts_tmpfs(tb, "08:01"), "mountinfo: ext4 is not");
	tap_ok(!vms_mounts_tmpfs(tb, "0:1f:"), "mountinfo: a bad device is not");
	tap_ok(!vms_mounts_tmpfs(NULL, "00:1f"), "mountinfo: no table, no tmpfs");
	vms_mounts_free(tb);
}
