// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the /proc parsers (procparse.c) on text as a 6.12 guest prints
 * it, and of the kind a VMA gets from /proc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procparse.h"
#include "tap.h"

static const char smaps[] =
	"00400000-00401000 r--p 00000000 00:02 301                                /vmscope/vmscope-wl\n"
	"Size:                  4 kB\n"
	"KernelPageSize:        4 kB\n"
	"Rss:                   4 kB\n"
	"Pss:                   2 kB\n"
	"Shared_Dirty:          4 kB\n"
	"Anonymous:             0 kB\n"
	"AnonHugePages:         0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd mr mw me sd \n"
	"7f29eb06e000-7f29eb16e000 rw-s 00000000 00:01 1026                       /dev/zero (deleted)\n"
	"Rss:                   4 kB\n"
	"VmFlags: rd wr sh mr mw me ms sd \n"
	"7f29eb270000-7f29eb370000 r--p 00000000 00:1f 12 /tmp/a\\012b c\n"
	"Rss:                  64 kB\n"
	"Private_Clean:        60 kB\n"
	"Private_Dirty:         4 kB\n"
	"VmFlags: rd mr mw me \n"
	"7ffc308b8000-7ffc308d9000 rw-p 00000000 00:00 0                          [stack]\n"
	"Rss:                  16 kB\n"
	"VmFlags: rd wr mr mw me gd ac \n"
	"7f29eb470000-7f29eb474000 r--p 00000000 00:00 0                          [vvar]\n"
	"VmFlags: rd mr pf io de dd sd \n"
	"7f29eb500000-7f29eb700000 rw-s 00000000 00:10 99                         /dev/hugepages/x\n"
	"VmFlags: rd wr sh mr mw me ms de ht sd \n"
	"7f29eb800000-7f29eb801000 rw-p 00000000 00:00 0 \n"
	"VmFlags: rd wr mr mw me ac \n";

static const char numa[] =
	"00400000 default file=/vmscope/vmscope-wl dirty=1 mapmax=2 active=0 N1=1 kernelpagesize_kB=4\n"
	"004b6000 default file=/vmscope/vmscope-wl anon=2 dirty=4 swapcache=1 writeback=3 N0=2 N1=2 kernelpagesize_kB=4\n"
	"7f29ab000000 default\n"
	"7f29eb06e000 default file=/dev/zero\\040(deleted) dirty=1 active=0 N0=1 kernelpagesize_kB=4\n"
	"7f29eb500000 default file=/dev/hugepages/x huge dirty=1 N1=1 kernelpagesize_kB=2048\n"
	"7f29eb600000 weighted interleave:0-1 anon=1 N0=1 kernelpagesize_kB=4\n"
	"7f29eb700000 prefer (many)=static:1 anon=1 N1=1 kernelpagesize_kB=4\n"
	"7f29eb800000 bind=static|balancing:0\n";

static void test_smaps(void)
{
	struct vms_smaps s;
	unsigned long bad = 0;
	uint64_t v = 0;
	int rc = vms_smaps_parse(smaps, strlen(smaps), &s, &bad);

	tap_ok(rc == 0 && s.n == 7, "smaps: 7 VMAs (rc %d, line %lu)", rc, bad);
	if (rc || s.n != 7)
		goto out;
	tap_ok(s.v[0].start == 0x400000 && s.v[0].end == 0x401000 &&
	       !strcmp(s.v[0].perms, "r--p") && !strcmp(s.v[0].dev, "00:02") &&
	       s.v[0].inode == 301 && !strcmp(s.v[0].name, "/vmscope/vmscope-wl"),
	       "smaps: maps line fields");
	tap_ok(vms_smaps_get(&s.v[0], "Pss", &v) && v == 2, "smaps: Pss in kB");
	tap_ok(vms_smaps_get(&s.v[0], "THPeligible", &v) && v == 0,
	       "smaps: a field without kB");
	tap_ok(!vms_smaps_get(&s.v[1], "Pss", &v), "smaps: an absent field");
	tap_ok(vms_smaps_flag(&s.v[1], "sh") && !vms_smaps_flag(&s.v[1], "s"),
	       "smaps: VmFlags words");
	tap_ok(s.v[2].name_len == 10 && !memcmp(s.v[2].name, "/tmp/a\nb c", 10),
	       "smaps: \\012 decodes, spaces kept");
	{
		static const char *const priv[] = { "Private_Clean", "Private_Dirty", NULL };

		tap_ok(vms_smaps_sum(&s.v[2], priv, &v) && v == 64 * 1024,
		       "smaps: sum of fields in bytes");
	}
	tap_ok(s.v[6].name_len == 0, "smaps: anonymous VMA, no name");
	tap_is_str(vms_proc_kind(&s.v[0], true), "shmem", "kind: a file on tmpfs");
	tap_is_str(vms_proc_kind(&s.v[0], false), "file", "kind: a file elsewhere");
	tap_is_str(vms_proc_kind(&s.v[1], false), "shmem", "kind: /dev/zero (deleted)");
	tap_is_str(vms_proc_kind(&s.v[3], false), "stack", "kind: [stack]");
	tap_is_str(vms_proc_kind(&s.v[4], false), "vvar", "kind: [vvar] before pfnmap");
	tap_is_str(vms_proc_kind(&s.v[5], false), "hugetlb", "kind: VmFlags ht");
	tap_is_str(vms_proc_kind(&s.v[6], false), "anon", "kind: anonymous");
out:
	vms_smaps_free(&s);

	rc = vms_smaps_parse("Rss: 4 kB\n", 10, &s, &bad);
	tap_ok(rc < 0 && bad == 1, "smaps: a field before any VMA is an error");
	vms_smaps_free(&s);
	rc = vms_smaps_parse("zz-10 r--p\n", 11, &s, &bad);
	tap_ok(rc < 0, "smaps: a bad maps line is an error");
	vms_smaps_free(&s);
}

static void test_numa(void)
{
	const struct vms_numa_vma *v;
	struct vms_numa n;
	int rc = vms_numa_parse(numa, strlen(numa), &n, NULL);

	tap_ok(rc == 0 && n.n == 8, "numa_maps: 8 lines");
	v = vms_numa_find(&n, 0x7f29eb600000);
	tap_ok(v && !strcmp(v->policy, "weighted interleave:0-1") && v->nn == 1,
	       "numa_maps: a policy with a blank in its name");
	v = vms_numa_find(&n, 0x7f29eb700000);
	tap_ok(v && !strcmp(v->policy, "prefer (many)=static:1"), "numa_maps: prefer (many)");
	v = vms_numa_find(&n, 0x7f29eb800000);
	tap_ok(v && !strcmp(v->policy, "bind=static|balancing:0"), "numa_maps: flags");
	v = vms_numa_find(&n, 0x4b6000);
	tap_ok(v && !strcmp(v->policy, "default"), "numa_maps: default policy");
	tap_ok(v && v->nn == 2 && v->n[0].node == 0 && v->n[0].pages == 2 &&
	       v->n[1].node == 1 && v->n[1].pages == 2 && v->pagesize_kb == 4,
	       "numa_maps: N0=2 N1=2");
	tap_ok(v && v->anon == 2 && v->dirty == 4 && v->swapcache == 1 &&
	       v->writeback == 3 && !v->has_active && !v->has_mapmax,
	       "numa_maps: anon, dirty, swapcache, writeback; no active=, no mapmax=");
	v = vms_numa_find(&n, 0x400000);
	tap_ok(v && v->has_active && v->active == 0 && v->has_mapmax &&
	       v->mapmax == 2 && v->dirty == 1, "numa_maps: active=0 and mapmax=2");
	v = vms_numa_find(&n, 0x7f29ab000000);
	tap_ok(v && v->nn == 0, "numa_maps: nothing resident");
	v = vms_numa_find(&n, 0x7f29eb500000);
	tap_ok(v && v->nn == 1 && v->pagesize_kb == 2048, "numa_maps: hugetlb page size");
	tap_ok(!vms_numa_find(&n, 0x1234), "numa_maps: unknown start");
	vms_numa_free(&n);
}

static void test_misc(void)
{
	static const char stat[] =
		"354 (vmscope (x) wl) S 1 354 0 0 -1 4194560 120 0 3 0 5 6 0 0 20 0 1 0\n";
	static const char status[] = "Name:\tx\nVmPTE:\t      48 kB\nVmSwap:\t0 kB\n";
	uint64_t a = 0, b = 0;
	char buf[64];

	tap_ok(vms_stat_faults(stat, &a, &b) == 0 && a == 120 && b == 3,
	       "stat: minflt and majflt after a comm with ')' and tpgid -1");
	tap_is_int(vms_stat_state(stat), 'S', "stat: state");
	tap_ok(vms_status_kb(status, "VmPTE", &a) == 0 && a == 48, "status: VmPTE");
	tap_ok(vms_status_kb(status, "VmLck", &a) < 0, "status: absent key");
	tap_ok(vms_nodelist("0-1,3\n", buf, sizeof(buf)) && !strcmp(buf, "0,1,3"),
	       "node list 0-1,3");
	tap_ok(!vms_nodelist("x", buf, sizeof(buf)), "node list: malformed");
}

static void test_live(void)
{
	struct vms_buf b = { 0 };

	tap_ok(!vms_proc_read(getpid(), "stat", &b) && vms_stat_state(b.data) == 'R',
	       "/proc/self/stat read: running");
	vms_buf_free(&b);
	tap_ok(vms_proc_read(getpid(), "no-such-file", &b) == -ENOENT,
	       "/proc/PID/NAME: a missing file is -ENOENT");
	vms_buf_free(&b);
	tap_is_int(vms_proc_all_stopped(getpid()), 0, "threads of a running process");
}

void test_procparse(void)
{
	test_smaps();
	test_numa();
	test_misc();
	test_live();
}
