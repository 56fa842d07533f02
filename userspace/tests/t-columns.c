// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the column table and of request lines.
 */
#include <stdlib.h>
#include <string.h>

#include <vmscope/format.h>

#include "columns.h"
#include "source.h"
#include "tap.h"

static char *names(const struct vms_column *cols, size_t n)
{
	static char buf[1024];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n && strlen(buf) + 40 < sizeof(buf); i++) {
		strcat(buf, i ? "," : "");
		strcat(buf, cols[i].name);
	}
	return buf;
}

static void test_lookup(void)
{
	struct vms_column c;

	tap_ok(!vms_column_lookup("rss", &c) && !strcmp(c.name, "RSS") &&
	       !strcmp(c.key, "rss") && c.info->type == VMS_COL_SIZE,
	       "lookup: rss (case-insensitive)");
	tap_ok(!vms_column_lookup("Perm", &c) && !strcmp(c.key, "perms"),
	       "lookup: PERM maps to key perms");
	tap_ok(!vms_column_lookup("n12", &c) && !strcmp(c.name, "N12") &&
	       !strcmp(c.key, "n12"), "lookup: node column N12");
	tap_ok(!vms_column_lookup("O9", &c) && !strcmp(c.key, "o9"), "lookup: order column O9");
	tap_ok(vms_column_lookup("N01", &c) != 0, "lookup: N01 rejected");
	tap_ok(vms_column_lookup("N", &c) != 0, "lookup: bare N rejected");
	tap_ok(vms_column_lookup("N99999", &c) != 0, "lookup: N99999 rejected");
	tap_ok(vms_column_lookup("bogus", &c) != 0, "lookup: unknown column rejected");
	tap_ok(vms_column_lookup("", &c) != 0, "lookup: empty name rejected");
}

static void test_defaults(void)
{
	static const char small[] =
		"vmscope version=1 pid=1\n"
		"vma start=0x1000 end=0x2000 perms=rw-p offset=0x0 dev=00:00 inode=0 "
		"kind=anon vsz=4096 name=\n"
		"end status=complete vmas=1 exts=0\n";
	static const char full[] =
		"vmscope version=1 pid=1\n"
		"vma start=0x1000 end=0x2000 perms=rw-p kind=anon vsz=4096 n1=4096 "
		"o0=4096 rss=4096 runs=1 future=3 name=\n"
		"vma start=0x2000 end=0x3000 perms=rw-p kind=anon vsz=4096 n0=4096 "
		"o9=0 rss=4096 n10=0 name=\n"
		"end status=complete vmas=2 exts=0\n";
	struct vms_snapshot s;
	struct vms_error err;
	struct vms_column *cols;
	size_t n;

	vms_snapshot_parse(small, strlen(small), &s, &err);
	cols = vms_columns_default(&s, &n);
	tap_is_str(names(cols, n), "START,END,PERM,KIND,VSZ,NAME",
		   "defaults: the pmap -X-like identity subset and VSZ only");
	free(cols);
	vms_snapshot_free(&s);

	vms_snapshot_parse(full, strlen(full), &s, &err);
	cols = vms_columns_default(&s, &n);
	tap_is_str(names(cols, n), "START,END,PERM,KIND,VSZ,RSS,N0,N1,N10,NAME",
		   "defaults: present keys, nodes in numeric order, RUNS and O<n> hidden");
	free(cols);
	cols = vms_columns_all(&s, &n);
	tap_is_str(names(cols, n), "START,END,PERM,KIND,VSZ,RSS,RUNS,O0,O9,N0,N1,N10,NAME",
		   "all columns (JSON): every present key");
	free(cols);
	tap_ok(vms_key_present(&s, "runs") && !vms_key_present(&s, "swap"),
	       "vms_key_present");
	vms_snapshot_free(&s);
}

static void test_auto(void)
{
	static const char text[] =
		"vmscope version=1 pid=1\n"
		"vma start=0x1000 end=0x2000 perms=rw-p kind=anon vsz=4096 rss=4096 "
		"hugetlb=0 ksm=0 locked=4096 large=0 other=0 shared=4096 name=\n"
		"vma start=0x2000 end=0x3000 perms=rw-p kind=anon vsz=4096 rss=0 "
		"hugetlb=0 ksm=0 locked=0 large=0 other=0 shared=0 name=\n"
		"end status=complete vmas=2 exts=0\n";
	struct vms_snapshot s;
	struct vms_error err;
	struct vms_column *cols, c;
	size_t n;

	vms_snapshot_parse(text, strlen(text), &s, &err);
	cols = vms_columns_default(&s, &n);
	tap_is_str(names(cols, n), "START,END,PERM,KIND,VSZ,RSS,LOCKED,NAME",
		   "defaults: AUTO columns only where not all zero; SHARED only in diffs");
	free(cols);
	vms_snapshot_free(&s);
	tap_ok(!vms_column_by_key("n3", &c) && !strcmp(c.name, "N3") &&
	       !vms_column_by_key("perms", &c) && !strcmp(c.name, "PERM") &&
	       vms_column_by_key("PERM", &c) != 0, "lookup by record key");
}

static void test_requests(void)
{
	struct vms_source_req req = { .pid = 1234, .sections = VMS_SECT_ALL };
	char buf[VMS_REQUEST_MAX];

	tap_ok(vms_format_request(&req, buf, sizeof(buf)) == 9 &&
	       !strcmp(buf, "1234 all\n"), "request: 1234 all");
	req.sections = VMS_SECT_DEFAULT;
	vms_format_request(&req, buf, sizeof(buf));
	tap_is_str(buf, "1234 summary vmas\n", "request: default sections");
	req.sections = VMS_SECT_EXTENTS;
	req.options = VMS_OPT_PFN;
	vms_format_request(&req, buf, sizeof(buf));
	tap_is_str(buf, "1234 extents pfn\n", "request: extents with pfn");
	req.sections = 0;
	tap_ok(vms_format_request(&req, buf, sizeof(buf)) < 0, "request: no section rejected");
	req.sections = VMS_SECT_ALL;
	req.pid = 0;
	tap_ok(vms_format_request(&req, buf, sizeof(buf)) < 0, "request: pid 0 rejected");
}

void test_columns(void)
{
	test_lookup();
	test_defaults();
	test_auto();
	test_requests();
}
