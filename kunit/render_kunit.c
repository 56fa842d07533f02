// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vmscope_render: render.c and text.c, the growable buffer,
 * name escaping (every byte), each record of Documentation/format.rst
 * compared byte for byte, and the text sink.
 */
#include <kunit/test.h>
#include <linux/mempolicy.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "classify.h"
#include "render.h"
#include "vmscope_kunit.h"

static void buf_grows(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	size_t i;

	KUNIT_EXPECT_EQ(test, b->len, 0);
	KUNIT_EXPECT_NULL(test, b->data);
	vms_text_putc(b, 'a');
	vms_text_append(b, "bcd", 3);
	vms_text_append(b, "", 0);
	vms_text_printf(b, "%s=%d", "e", 5);
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b), "abcde=5");
	/* Far past the first allocation, through every append path. */
	for (i = 0; i < 10000; i++)
		vms_text_printf(b, "%05zu", i);
	for (i = 0; i < 50000; i++)
		vms_text_putc(b, 'x');
	KUNIT_EXPECT_EQ(test, b->len, 7 + 50000 + 50000);
	KUNIT_EXPECT_GE(test, b->size, b->len);
	KUNIT_EXPECT_EQ(test, memcmp(b->data + 7, "000000000100002", 15), 0);
	KUNIT_EXPECT_EQ(test, memcmp(b->data + 7 + 49995, "09999x", 6), 0);
	KUNIT_EXPECT_EQ(test, b->err, 0);
}

/*
 * Numbers written in place agree with printf's at every digit count,
 * in decimal (kv and, signed, kd) and in hex, zero-padded or not.
 */
static void buf_numbers(struct kunit *test)
{
	static const u64 v[] = { 0, 9, 10, 99, 100, 999, 1000, 9999, 10000,
				 99999, 100000, 4294967295ULL, 4294967296ULL,
				 9999999999999999999ULL,
				 10000000000000000000ULL, U64_MAX };
	struct vms_text *b = vms_kunit_text(test);
	struct vms_text *want = vms_kunit_text(test);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		vms_text_kv(b, "k", v[i]);
		vms_text_printf(want, " k=%llu", v[i]);
		vms_text_kx(b, "x", v[i]);
		vms_text_printf(want, " x=0x%llx", v[i]);
		vms_text_put_hex_width(b, " d=", 3, v[i], 2);
		vms_text_printf(want, " d=%02llx", v[i]);
		vms_text_kd(b, "s", (s64)v[i]);
		vms_text_printf(want, " s=%lld", (s64)v[i]);
	}
	vms_text_kd(b, "s", S64_MIN);
	vms_text_printf(want, " s=%lld", S64_MIN);
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
			   vms_kunit_str(test, want));
}

/* One printf longer than the whole first allocation. */
static void buf_printf_long(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	char *big = kunit_kzalloc(test, 100001, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(big, 'q', 100000);
	vms_text_printf(b, "<%s>", big);
	KUNIT_EXPECT_EQ(test, b->len, 100002);
	KUNIT_EXPECT_EQ(test, b->data[0], '<');
	KUNIT_EXPECT_EQ(test, b->data[100000], 'q');
	KUNIT_EXPECT_EQ(test, b->data[100001], '>');
}

/*
 * Words of every length around the 16 copied one by one: one after the
 * other, and each alone where the buffer must grow for it (one byte left).
 */
static void buf_words(struct kunit *test)
{
	static const char long_word[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	struct vms_text *b = vms_kunit_text(test), *want = vms_kunit_text(test);
	char w[sizeof(long_word)];
	size_t n, room;

	for (n = 0; n < sizeof(long_word); n++) {
		memcpy(w, long_word, n);
		w[n] = '\0';
		vms_text_word(b, w);
		vms_text_append(want, w, n);
		vms_text_putc(b, '|');
		vms_text_putc(want, '|');
	}
	KUNIT_EXPECT_EQ(test, b->err, 0);
	KUNIT_ASSERT_EQ(test, b->len, want->len);
	KUNIT_EXPECT_EQ(test, memcmp(b->data, want->data, b->len), 0);

	for (n = 0; n < sizeof(long_word); n++) {
		struct vms_text *c = vms_kunit_text(test);

		memcpy(w, long_word, n);
		w[n] = '\0';
		vms_text_putc(c, '.');
		KUNIT_ASSERT_NOT_NULL(test, c->data);
		room = c->size;
		while (c->len < room - 1)
			vms_text_putc(c, '.');
		vms_text_word(c, w);
		KUNIT_EXPECT_EQ(test, c->err, 0);
		KUNIT_ASSERT_EQ_MSG(test, c->len, room - 1 + n, "word of %zu", n);
		KUNIT_EXPECT_EQ(test, memcmp(c->data + room - 1, w, n), 0);
		vms_text_free(c);
	}
}

/* After an error nothing is appended, and the error stays. */
static void buf_error_sticky(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);

	vms_text_append(b, "ok", 2);
	b->err = -ENOMEM;
	vms_text_putc(b, 'x');
	vms_text_append(b, "yz", 2);
	vms_text_printf(b, "%d", 1);
	vms_text_escape(b, " ", 1);
	vms_text_word(b, "w");
	KUNIT_EXPECT_EQ(test, b->len, 2);
	KUNIT_EXPECT_EQ(test, b->err, -ENOMEM);
	vms_text_free(b);
	KUNIT_EXPECT_EQ(test, b->err, 0);
	KUNIT_EXPECT_EQ(test, b->len, 0);
	KUNIT_EXPECT_NULL(test, b->data);
}

/* What format.rst says a name byte becomes. */
static int vms_expected_escape(unsigned int c, char *out)
{
	if (c <= 0x20 || c >= 0x7f || c == '\\')
		return sprintf(out, "\\%03o", c);
	out[0] = c;
	out[1] = '\0';
	return 1;
}

/* Each byte 0..255 alone, and in the middle of a name. */
static void escape_every_byte(struct kunit *test)
{
	unsigned int c;

	for (c = 0; c < 256; c++) {
		struct vms_text *b = vms_kunit_text(test);
		char one = c, name[3] = { 'a', c, 'z' }, want[8];
		char want3[10];

		vms_expected_escape(c, want);
		vms_text_escape(b, &one, 1);
		KUNIT_EXPECT_STREQ_MSG(test, vms_kunit_str(test, b), want,
				       "byte 0x%02x", c);
		KUNIT_EXPECT_EQ_MSG(test, !!vms_escape_needed(c),
				    strlen(want) == 4, "byte 0x%02x", c);
		b->len = 0;
		vms_text_escape(b, name, 3);
		snprintf(want3, sizeof(want3), "a%sz", want);
		KUNIT_EXPECT_STREQ_MSG(test, vms_kunit_str(test, b), want3,
				       "byte 0x%02x in a name", c);
		vms_text_free(b);
	}
}

/*
 * All 256 bytes as one name: the result has no blank, no control byte and
 * no byte >= 0x7f, and unescapes to the name (so names round-trip).
 */
static void escape_round_trip(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	char name[256], back[256];
	const char *s;
	size_t i, n = 0;

	for (i = 0; i < 256; i++)
		name[i] = 255 - i;
	vms_text_escape(b, name, sizeof(name));
	s = vms_kunit_str(test, b);
	/* 33 + 129 + 1 bytes are escaped into four. */
	KUNIT_EXPECT_EQ(test, b->len, 256 + 3 * (33 + 129 + 1));
	for (i = 0; s[i]; i++) {
		KUNIT_ASSERT_GT(test, (unsigned char)s[i], 0x20);
		KUNIT_ASSERT_LT(test, (unsigned char)s[i], 0x7f);
		KUNIT_ASSERT_LT(test, n, sizeof(back));
		if (s[i] == '\\') {
			KUNIT_ASSERT_TRUE(test, s[i + 1] >= '0' && s[i + 1] <= '3');
			back[n++] = (s[i + 1] - '0') << 6 |
				    (s[i + 2] - '0') << 3 | (s[i + 3] - '0');
			i += 3;
		} else {
			back[n++] = s[i];
		}
	}
	KUNIT_EXPECT_EQ(test, n, sizeof(name));
	KUNIT_EXPECT_EQ(test, memcmp(back, name, sizeof(name)), 0);
}

static void render_header(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	struct vms_header h = {
		.pid = 4242, .comm = "my prog\n", .kernel = "6.12.0-test",
		.page_size = 4096, .time_ns = 1700000000123456789ULL,
	};
	char last[16];

	KUNIT_ASSERT_GE(test, MAX_NUMNODES, 64);
	nodes_clear(h.nodes);
	node_set(0, h.nodes);
	node_set(2, h.nodes);
	node_set(63, h.nodes);
	vms_render_header(b, &h);
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
			   "vmscope version=1 pid=4242 comm=my\\040prog\\012 kernel=6.12.0-test page_size=4096 nodes=0,2,63 time_ns=1700000000123456789\n");

	/* Every node is listed, also past the first 64. */
	if (MAX_NUMNODES > 64) {
		b->len = 0;
		node_set(MAX_NUMNODES - 1, h.nodes);
		vms_render_header(b, &h);
		snprintf(last, sizeof(last), ",63,%d ", MAX_NUMNODES - 1);
		KUNIT_EXPECT_NOT_NULL(test, strstr(vms_kunit_str(test, b),
						   last));
	}

	b->len = 0;
	nodes_clear(h.nodes);
	h.comm = "";
	vms_render_header(b, &h);
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
			   "vmscope version=1 pid=4242 comm= kernel=6.12.0-test page_size=4096 nodes= time_ns=1700000000123456789\n");
}

/*
 * Counts where every field differs, so that a field printed in the
 * wrong place shows. pss and locked are fixed point: 0x5000 << 12 plus a
 * fraction that must be truncated.
 */
static void vms_fill_counts(struct vms_counts *c, u64 *node)
{
	memset(c, 0, sizeof(*c));
	c->vsz = 1048576;
	c->rss = 286720;
	c->anon = 204800;
	c->file = 49152;
	c->shmem = 32768;
	c->zero = 8192;
	c->swap = 12288;
	c->none = 737280;
	c->other = 4096;
	c->pss = (20480ULL << VMS_PSS_SHIFT) + 4095;
	c->shared = 65536;
	c->private = 221184;
	c->dirty = 143360;
	c->young = 245760;
	c->softdirty = 16384;
	c->locked = (8192ULL << VMS_PSS_SHIFT) + 1;
	c->ksm = 24576;
	c->thp = 2097152;
	c->hugetlb = 0;
	/* render.c prints what it is given: no invariant holds here */
	c->pss_dirty = (12288ULL << VMS_PSS_SHIFT) + 4095;
	c->pss_anon = (16384ULL << VMS_PSS_SHIFT) + 1;
	c->pss_file = 2048ULL << VMS_PSS_SHIFT;
	c->pss_shmem = (1024ULL << VMS_PSS_SHIFT) + 4094;
	c->shared_clean = 40960;
	c->shared_dirty = 24576;
	c->private_clean = 118784;
	c->private_dirty = 102400;
	c->lazyfree = 20480;
	c->misplaced = 86016;
	c->active = 163840;
	c->writeback = 8192;
	c->swapcache = 12288;
	c->mapmax = 3;
	c->hugetlb_shared = 4194304;
	c->hugetlb_private = 2097152;
	c->hpage = 4096;
	c->pgtables = 12288;
	c->runs = 17;
	c->order[0] = 81920;
	c->order[4] = 65536;
	c->order[9] = 2097152 + 139264;
	c->node = node;
	c->nr_nodes = 3;
	node[0] = 200704;
	node[1] = 0;
	node[2] = 86016;
}

static void render_task(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	struct vms_task_info ti = { .pgtables = 40960, .minflt = 77,
				    .majflt = 3, .oom_score_adj = -1000 };
	struct vms_counts c;
	u64 node[3];

	vms_fill_counts(&c, node);
	vms_render_task(b, &c, &ti);
	/* large = o1 + ... + o31 - thp = 65536 + 139264 */
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
			   "task vsz=1048576 rss=286720 anon=204800 file=49152 shmem=32768 zero=8192 swap=12288 none=737280 other=4096 pss=20480 uss=221184 shared=65536 private=221184 dirty=143360 young=245760 softdirty=16384 locked=8192 ksm=24576 thp=2097152 large=204800 hugetlb=0 pss_dirty=12288 shared_clean=40960 shared_dirty=24576 private_clean=118784 private_dirty=102400 lazyfree=20480 hugetlb_shared=4194304 hugetlb_private=2097152 misplaced=86016 pss_anon=16384 pss_file=2048 pss_shmem=1024 o0=81920 o4=65536 o9=2236416 n0=200704 n2=86016 pgtables=40960 minflt=77 majflt=3 oom_score_adj=-1000\n");
}

/* thp counted in o9 is not "large"; large never goes below zero. */
static void render_large_clamped(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	struct vms_vma_id id = { .start = 0x1000, .end = 0x2000,
				 .perms = "r--p", .name = "" };
	struct vms_counts c = { .thp = 8192, .order = { [9] = 4096 } };

	vms_render_vma(b, &id, &c, true);
	KUNIT_EXPECT_NOT_NULL(test, strstr(vms_kunit_str(test, b),
					   " thp=8192 large=0 "));
}

static void render_vma(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	static const char name[] = "/tmp/odd dir/lib\\x.so\n\t\xff";
	struct vms_vma_id id = {
		.start = 0x7f1234560000UL, .end = 0x7f1234660000UL,
		.perms = "r-xs", .offset = 0x1ff000, .dev_major = 0x103,
		.dev_minor = 5, .inode = 9876543210UL, .kind = VMS_KIND_FILE,
		.vm_flags = VM_READ | VM_EXEC | VM_SHARED | VM_MAYREAD |
			    VM_MAYEXEC | VM_MAYSHARE,
		.has_pkey = true, .pkey = 5, .mmu_page = 4096,
		.policy = { .known = true, .mode = 6 },	/* a blank in it */
		.name = name, .name_len = sizeof(name) - 1,
	};
	struct vms_counts c;
	u64 node[3];

	node_set(0, id.policy.nodes);
	node_set(1, id.policy.nodes);
	vms_fill_counts(&c, node);
	vms_render_vma(b, &id, &c, true);
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
			   "vma start=0x7f1234560000 end=0x7f1234660000 perms=r-xs offset=0x1ff000 dev=103:05 inode=9876543210 kind=file vsz=1048576 rss=286720 anon=204800 file=49152 shmem=32768 zero=8192 swap=12288 none=737280 other=4096 pss=20480 uss=221184 shared=65536 private=221184 dirty=143360 young=245760 softdirty=16384 locked=8192 ksm=24576 thp=2097152 large=204800 hugetlb=0 pss_dirty=12288 shared_clean=40960 shared_dirty=24576 private_clean=118784 private_dirty=102400 lazyfree=20480 hugetlb_shared=4194304 hugetlb_private=2097152 misplaced=86016 active=163840 writeback=8192 swapcache=12288 mapmax=3 hpage=4096 pgtables=12288 runs=17 kernel_page=4096 mmu_page=4096 pkey=5 vmflags=rd,ex,sh,mr,me,ms policy=weighted\\040interleave:0-1 o0=81920 o4=65536 o9=2236416 n0=200704 n2=86016 name=/tmp/odd\\040dir/lib\\134x.so\\012\\011\\377\n");

	/* Clipped, empty name, no orders or nodes, kind out of range. */
	b->len = 0;
	memset(&c, 0, sizeof(c));
	c.vsz = 4096;
	c.none = 4096;
	c.hpage = 2097152;
	id.clipped = true;
	id.name_len = 0;
	id.kind = VMS_KIND_NR;
	id.start = 0;
	id.offset = 0;
	id.dev_major = 0;
	id.dev_minor = 0;
	id.inode = 0;
	id.vm_flags = 0;
	id.has_pkey = false;
	id.mmu_page = 2097152;
	id.policy.known = false;	/* a get_policy() not followed */
	vms_render_vma(b, &id, &c, true);
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
			   "vma start=0x0 end=0x7f1234660000 perms=r-xs offset=0x0 dev=00:00 inode=0 kind=other vsz=4096 rss=0 anon=0 file=0 shmem=0 zero=0 swap=0 none=4096 other=0 pss=0 uss=0 shared=0 private=0 dirty=0 young=0 softdirty=0 locked=0 ksm=0 thp=0 large=0 hugetlb=0 pss_dirty=0 shared_clean=0 shared_dirty=0 private_clean=0 private_dirty=0 lazyfree=0 hugetlb_shared=0 hugetlb_private=0 misplaced=0 active=0 writeback=0 swapcache=0 mapmax=0 hpage=2097152 pgtables=0 runs=0 kernel_page=2097152 mmu_page=2097152 vmflags= clipped=1 name=\n");

	/* runs= comes from frame numbers: left out for who may not see them. */
	b->len = 0;
	c.runs = 3;
	vms_render_vma(b, &id, &c, false);
	KUNIT_EXPECT_NULL(test, strstr(vms_kunit_str(test, b), "runs="));
	KUNIT_EXPECT_NOT_NULL(test, strstr(vms_kunit_str(test, b),
					   " pgtables=0 kernel_page="));
}

/*
 * A policy's text that the walk wrote once (the task's, for every VMA
 * without its own) renders as the text written for the record would; the
 * record takes it as given, escaped, without formatting the policy again.
 */
static void render_vma_policy_text(struct kunit *test)
{
	static const struct { unsigned short mode, flags; int nodes; } pols[] = {
		{ 2, 0, 1 },				/* bind:0 */
		{ 3, 0, 3 },				/* interleave:0-1 */
		{ 6, 0, 3 },				/* a blank in it */
		{ 1, MPOL_F_STATIC_NODES, 2 },		/* prefer=static:1 */
	};
	struct vms_text *a = vms_kunit_text(test);
	struct vms_text *b = vms_kunit_text(test);
	struct vms_vma_id id = { .start = 0x1000, .end = 0x2000,
				 .perms = "rw-p", .name = "" };
	struct vms_counts c = { 0 };
	char text[VMS_POLICY_TEXT_MAX];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pols); i++) {
		id.policy = (struct vms_policy){ .known = true,
						 .mode = pols[i].mode,
						 .flags = pols[i].flags };
		if (pols[i].nodes & 1)
			node_set(0, id.policy.nodes);
		if (pols[i].nodes & 2)
			node_set(1, id.policy.nodes);
		a->len = 0;
		b->len = 0;
		id.policy_text = NULL;
		vms_render_vma(a, &id, &c, true);
		id.policy_len = vms_policy_text(text, sizeof(text), &id.policy);
		id.policy_text = text;
		vms_render_vma(b, &id, &c, true);
		KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
				   vms_kunit_str(test, a));
	}
	KUNIT_EXPECT_NOT_NULL(test, strstr(vms_kunit_str(test, b),
					   " policy=prefer=static:1 "));

	/* Taken as given: the figures are not formatted again. */
	b->len = 0;
	id.policy_text = "bind:7";
	id.policy_len = 6;
	vms_render_vma(b, &id, &c, true);
	KUNIT_EXPECT_NOT_NULL(test, strstr(vms_kunit_str(test, b),
					   " policy=bind:7 "));
}

/*
 * vmflags= lists smaps' names of the flags set, in bit order, joined by
 * commas: "??" for a bit smaps has no name for (0x800 on both kernels),
 * nothing for the protection key bits (ProtectionKey says those).
 */
static void render_vmflags(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	struct vms_vma_id id = { .start = 0x1000, .end = 0x2000,
				 .perms = "rw-p", .name = "" };
	struct vms_counts c = { 0 };
	char want[128];

	id.vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE |
		      VM_MAYEXEC | 0x800 | VM_LOCKONFAULT | VM_ACCOUNT |
		      VM_SOFTDIRTY | VM_HUGEPAGE;
#ifdef CONFIG_ARCH_HAS_PKEYS
	id.vm_flags |= VM_PKEY_BIT0 | VM_PKEY_BIT2;
#endif
	snprintf(want, sizeof(want), " vmflags=rd,wr,mr,mw,me,??,%s,ac,%shg ",
		 vms_vmflag_name(ilog2(VM_LOCKONFAULT)),
		 IS_ENABLED(CONFIG_MEM_SOFT_DIRTY) ? "sd," : "");
	vms_render_vma(b, &id, &c, false);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(vms_kunit_str(test, b), want),
				  "%s", vms_kunit_str(test, b));
	KUNIT_EXPECT_NULL(test, strstr(vms_kunit_str(test, b), " pkey="));

	/* A key is printed where smaps prints ProtectionKey, 0 too. */
	b->len = 0;
	id.has_pkey = true;
	vms_render_vma(b, &id, &c, false);
	KUNIT_EXPECT_NOT_NULL(test, strstr(vms_kunit_str(test, b),
					   " pkey=0 vmflags=rd,"));
}

static void render_ext(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	struct vms_ext x = {
		.start = 0x400000, .end = 0x600000, .pfn = 0xabc00,
		.state = VMS_STATE_PRESENT, .type = VMS_TYPE_ANON,
		.map = VMS_MAP_PMD, .order = 9, .node = 1,
	};

	vms_render_ext(b, &x, false);
	vms_render_ext(b, &x, true);
	x.state = VMS_STATE_ZERO;
	x.map = VMS_MAP_PTE;
	x.order = 0;
	x.node = -1;
	vms_render_ext(b, &x, true);
	x.state = VMS_STATE_SWAP;
	x.type = VMS_TYPE_SHMEM;
	vms_render_ext(b, &x, true);
	x.state = VMS_STATE_NONE;
	x.type = VMS_TYPE_FILE;
	vms_render_ext(b, &x, false);
	x.state = VMS_STATE_OTHER;
	x.map = VMS_MAP_PUD;
	vms_render_ext(b, &x, true);
	x.state = VMS_STATE_PRESENT;
	x.node = 0;
	vms_render_ext(b, &x, true);
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
			   "ext start=0x400000 end=0x600000 state=present type=anon map=pmd order=9 node=1\n"
			   "ext start=0x400000 end=0x600000 state=present type=anon map=pmd order=9 node=1 pfn=0xabc00\n"
			   "ext start=0x400000 end=0x600000 state=zero type=anon map=pte order=0 pfn=0xabc00\n"
			   "ext start=0x400000 end=0x600000 state=swap type=shmem\n"
			   "ext start=0x400000 end=0x600000 state=none type=file\n"
			   "ext start=0x400000 end=0x600000 state=other type=file\n"
			   "ext start=0x400000 end=0x600000 state=present type=file map=pud order=0 node=0 pfn=0xabc00\n");
}

static void render_trailer(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	struct vms_trailer t = { .complete = true, .vmas = 12, .exts = 345,
				 .walk_ns = 81234 };

	vms_render_trailer(b, &t);
	t.complete = false;
	t.reason = "interrupted";
	t.vmas = 0;
	t.exts = 0;
	t.walk_ns = 0;
	vms_render_trailer(b, &t);
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
			   "end status=complete vmas=12 exts=345 walk_ns=81234\n"
			   "end status=partial reason=interrupted vmas=0 exts=0 walk_ns=0\n");
}

/*
 * The text sink writes what the walker hands it as render.c's records:
 * runs= as the owner allows, pfn= as the request asked; it is full once
 * its limit is reached or its text failed.
 */
static void render_text_sink(struct kunit *test)
{
	struct vms_text *b = vms_kunit_text(test);
	struct vms_text *want = vms_kunit_text(test);
	struct vms_vma_id id = { .start = 0x400000, .end = 0x600000,
				 .perms = "rw-p", .kind = VMS_KIND_ANON,
				 .name = "" };
	struct vms_ext x = { .start = 0x400000, .end = 0x600000,
			     .pfn = 0xabc00, .state = VMS_STATE_PRESENT,
			     .type = VMS_TYPE_ANON, .map = VMS_MAP_PMD,
			     .order = 9, .node = 0 };
	struct vms_counts c = { .vsz = 0x200000, .none = 0x200000,
				.runs = 2 };
	struct vms_text_sink ts;
	struct vms_sink *s = &ts.sink;

	vms_text_sink_init(&ts, b, 4096, true);
	KUNIT_EXPECT_FALSE(test, s->ops->full(s));
	s->ops->vma(s, &id, &c);
	s->ops->ext(s, &x);
	ts.with_runs = true;
	s->ops->vma(s, &id, &c);
	vms_render_vma(want, &id, &c, false);
	vms_render_ext(want, &x, true);
	vms_render_vma(want, &id, &c, true);
	KUNIT_EXPECT_STREQ(test, vms_kunit_str(test, b),
			   vms_kunit_str(test, want));
	KUNIT_EXPECT_FALSE(test, s->ops->full(s));
	ts.limit = b->len;
	KUNIT_EXPECT_TRUE(test, s->ops->full(s));
	ts.limit = SIZE_MAX;
	b->err = -ENOMEM;
	KUNIT_EXPECT_TRUE(test, s->ops->full(s));
	b->err = 0;
}

static struct kunit_case vms_render_cases[] = {
	KUNIT_CASE(buf_grows),
	KUNIT_CASE(buf_numbers),
	KUNIT_CASE(buf_printf_long),
	KUNIT_CASE(buf_words),
	KUNIT_CASE(buf_error_sticky),
	KUNIT_CASE(escape_every_byte),
	KUNIT_CASE(escape_round_trip),
	KUNIT_CASE(render_header),
	KUNIT_CASE(render_task),
	KUNIT_CASE(render_large_clamped),
	KUNIT_CASE(render_vma),
	KUNIT_CASE(render_vma_policy_text),
	KUNIT_CASE(render_vmflags),
	KUNIT_CASE(render_ext),
	KUNIT_CASE(render_trailer),
	KUNIT_CASE(render_text_sink),
	{}
};

static struct kunit_suite vms_render_suite = {
	.name = "vmscope_render",
	.test_cases = vms_render_cases,
};

kunit_test_suite(vms_render_suite);
