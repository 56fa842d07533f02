// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vmscope_request: request.c, the parser of the line a reader
 * writes to /proc/vmscope - every accepted and every malformed form.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <linux/threads.h>
#include "request.h"

/* A request is "PID [SECTION...] [OPTION...]", not NUL-terminated. */
struct vms_req_case {
	const char *desc;
	const char *line;
	size_t len;		/* 0: strlen(line) */
	pid_t pid;
	unsigned int sections;
	unsigned int options;
};

#define GOOD(d, l, p, s, o) \
	{ .desc = d, .line = l, .pid = p, .sections = s, .options = o }
#define BAD(d, l)	{ .desc = d, .line = l }
#define BADN(d, l, n)	{ .desc = d, .line = l, .len = n }

static const struct vms_req_case vms_req_good[] = {
	GOOD("pid only", "1", 1, VMS_SECT_DEFAULT, 0),
	GOOD("pid and newline", "1\n", 1, VMS_SECT_DEFAULT, 0),
	GOOD("blanks around", " \t 42 \t\n", 42, VMS_SECT_DEFAULT, 0),
	GOOD("summary", "7 summary", 7, VMS_SECT_SUMMARY, 0),
	GOOD("vmas", "7 vmas\n", 7, VMS_SECT_VMAS, 0),
	GOOD("extents", "7 extents", 7, VMS_SECT_EXTENTS, 0),
	GOOD("all", "7 all", 7, VMS_SECT_ALL, 0),
	GOOD("three sections", "7 summary vmas extents", 7, VMS_SECT_ALL, 0),
	GOOD("section twice", "7 vmas vmas", 7, VMS_SECT_VMAS, 0),
	GOOD("pfn alone keeps default", "7 pfn", 7, VMS_SECT_DEFAULT,
	     VMS_OPT_PFN),
	GOOD("pfn before section", "7\tpfn\textents\n", 7, VMS_SECT_EXTENTS,
	     VMS_OPT_PFN),
	GOOD("all and pfn", "9 all pfn", 9, VMS_SECT_ALL, VMS_OPT_PFN),
	GOOD("largest pid", "4194304", PID_MAX_LIMIT, VMS_SECT_DEFAULT, 0),
	GOOD("leading zeros", "0000000001", 1, VMS_SECT_DEFAULT, 0),
	GOOD("blank before newline", "1\x20\n", 1, VMS_SECT_DEFAULT, 0),
};

static const struct vms_req_case vms_req_bad[] = {
	BADN("empty", "", 0),
	BAD("newline only", "\n"),
	BAD("blanks only", " \t "),
	BAD("blanks and newline", " \t\n"),
	BAD("word without pid", "vmas"),
	BAD("pid zero", "0"),
	BAD("pid above PID_MAX_LIMIT", "4194305"),
	BAD("pid of ten digits too large", "9999999999"),
	BAD("pid of eleven digits", "00000000001"),
	BAD("negative pid", "-1"),
	BAD("signed pid", "+1"),
	BAD("hex pid", "0x10"),
	BAD("pid with letter", "1a"),
	BAD("pid with dot", "1.0"),
	BAD("second pid", "1 2"),
	BAD("unknown word", "1 maps"),
	BAD("word in upper case", "1 VMAS"),
	BAD("word prefix", "1 vma"),
	BAD("word with suffix", "1 vmass"),
	BAD("words joined by comma", "1 summary,vmas"),
	BAD("option with value", "1 pfn=1"),
	BAD("two newlines", "1\n\n"),
	BAD("second line", "1\n2"),
	BAD("embedded newline", "1 vmas\nall"),
	BAD("carriage return", "1\r\n"),
	BAD("vertical tab", "1\vvmas"),
	BAD("form feed", "1\fvmas"),
	BADN("NUL after pid", "1\0", 2),
	BADN("NUL inside word", "1 vm\0as", 7),
	BAD("DEL", "1 \x7f"),
	BAD("byte 0x80", "1 all\x80"),
	BAD("byte 0xff", "\xff"),
	BAD("UTF-8 digit", "\xd9\xa1"),
	BAD("escape", "1 \x1b[0m"),
	/* Many targets: "*" or PIDs joined by commas. */
	BAD("list with empty element", "1,,2"),
	BAD("list with trailing comma", "1,2,"),
	BAD("list with leading comma", ",1"),
	BAD("comma alone", ","),
	BAD("list with blank", "1, 2"),
	BAD("pid twice in list", "1,2,1"),
	BAD("list with pid zero", "1,0"),
	BAD("list with bad pid", "1,2a"),
	BAD("list with star", "1,*"),
	BAD("star and pid", "*,1"),
	BAD("two stars", "**"),
	BAD("star twice", "* *"),
	BAD("star after pid", "1 *"),
	BAD("list with negative pid", "1,-2"),
	BAD("list with pid above PID_MAX_LIMIT", "1,4194305"),
	BAD("star with unknown word", "* maps"),
};

/* Requests naming many targets, and what they name. */
struct vms_req_many_case {
	const char *desc;
	const char *line;
	bool every;
	unsigned int ntargets;
	pid_t targets[4];
	unsigned int sections;
	unsigned int options;
};

static const struct vms_req_many_case vms_req_many[] = {
	{ "star", "*", true, 0, { 0 }, VMS_SECT_DEFAULT, 0 },
	{ "star summary", "* summary\n", true, 0, { 0 }, VMS_SECT_SUMMARY, 0 },
	{ "star all pfn", "\t*\tall pfn", true, 0, { 0 }, VMS_SECT_ALL,
	  VMS_OPT_PFN },
	{ "two pids", "1,2 summary", false, 2, { 1, 2 }, VMS_SECT_SUMMARY, 0 },
	{ "order kept", "30,4,200,1 vmas", false, 4, { 30, 4, 200, 1 },
	  VMS_SECT_VMAS, 0 },
	{ "list, newline", "7,0008\n", false, 2, { 7, 8 }, VMS_SECT_DEFAULT,
	  0 },
	{ "one pid", "5 summary", false, 1, { 5 }, VMS_SECT_SUMMARY, 0 },
};

static void vms_req_desc(const struct vms_req_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vms_req_good, vms_req_good, vms_req_desc);
KUNIT_ARRAY_PARAM(vms_req_bad, vms_req_bad, vms_req_desc);

static void vms_req_many_desc(const struct vms_req_many_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vms_req_many, vms_req_many, vms_req_many_desc);

static size_t vms_req_len(const struct vms_req_case *c)
{
	return c->len ? c->len : strlen(c->line);
}

static void request_parse_accepts(struct kunit *test)
{
	const struct vms_req_case *c = test->param_value;
	struct vms_targets t;
	struct vms_request req;

	memset(&req, 0xa5, sizeof(req));
	KUNIT_ASSERT_EQ(test, vms_request_parse(c->line, vms_req_len(c), &req, &t),
			0);
	KUNIT_EXPECT_EQ(test, req.pid, c->pid);
	KUNIT_EXPECT_EQ(test, req.sections, c->sections);
	KUNIT_EXPECT_EQ(test, req.options, c->options);
}

static void request_parse_rejects(struct kunit *test)
{
	const struct vms_req_case *c = test->param_value;
	struct vms_request req, before;
	struct vms_targets t;

	memset(&req, 0xa5, sizeof(req));
	before = req;
	KUNIT_EXPECT_EQ(test, vms_request_parse(c->line, vms_req_len(c), &req, &t),
			-EINVAL);
	/* Untouched on failure. */
	KUNIT_EXPECT_EQ(test, memcmp(&req, &before, sizeof(req)), 0);
}

static void request_parse_many(struct kunit *test)
{
	const struct vms_req_many_case *c = test->param_value;
	struct vms_targets t;
	struct vms_request req;
	unsigned int i;

	memset(&req, 0xa5, sizeof(req));
	KUNIT_ASSERT_EQ(test, vms_request_parse(c->line, strlen(c->line), &req, &t),
			0);
	KUNIT_EXPECT_EQ(test, req.every, c->every);
	KUNIT_ASSERT_EQ(test, req.ntargets, c->ntargets);
	for (i = 0; i < c->ntargets; i++)
		KUNIT_EXPECT_EQ(test, t.pid[i], c->targets[i]);
	if (c->ntargets)
		KUNIT_EXPECT_EQ(test, req.pid, c->targets[0]);
	KUNIT_EXPECT_EQ(test, vms_request_many(&req),
			c->every || c->ntargets > 1);
	KUNIT_EXPECT_EQ(test, req.sections, c->sections);
	KUNIT_EXPECT_EQ(test, req.options, c->options);
}

/* A single PID is the request SPEC 1.1 describes: one target. */
static void request_parse_single_is_one(struct kunit *test)
{
	struct vms_targets t;
	struct vms_request req;

	KUNIT_ASSERT_EQ(test, vms_request_parse("42 vmas", 7, &req, &t), 0);
	KUNIT_EXPECT_FALSE(test, req.every);
	KUNIT_EXPECT_EQ(test, req.ntargets, 1U);
	KUNIT_EXPECT_EQ(test, t.pid[0], 42);
	KUNIT_EXPECT_FALSE(test, vms_request_many(&req));
}

/*
 * The longest list a line can hold: distinct PIDs up to the line length
 * are taken (never more than VMS_TARGETS_MAX: each takes two bytes at
 * least), and one element more, past the line length, is rejected with
 * the request left untouched.
 */
static void request_parse_list_limits(struct kunit *test)
{
	char *line = kunit_kzalloc(test, 4 * VMS_REQUEST_MAX, GFP_KERNEL);
	struct vms_request req, before;
	struct vms_targets t;
	unsigned int i;
	size_t len = 0;

	KUNIT_ASSERT_NOT_NULL(test, line);
	/* 1,2,...,N as long as it fits in VMS_REQUEST_MAX with a newline. */
	for (i = 1; ; i++) {
		char num[12];
		int n = snprintf(num, sizeof(num), "%s%u", i > 1 ? "," : "", i);

		if (len + n + 1 > VMS_REQUEST_MAX)
			break;
		memcpy(line + len, num, n);
		len += n;
	}
	line[len++] = '\n';
	KUNIT_ASSERT_EQ(test, vms_request_parse(line, len, &req, &t), 0);
	KUNIT_EXPECT_EQ(test, req.ntargets, i - 1);
	KUNIT_EXPECT_EQ(test, t.pid[i - 2], (pid_t)(i - 1));
	KUNIT_EXPECT_LE(test, req.ntargets, (unsigned int)VMS_TARGETS_MAX);

	/* One more element overflows the line: rejected, req untouched. */
	len--;
	len += snprintf(line + len, 12, ",%u\n", i);
	memset(&req, 0x5a, sizeof(req));
	before = req;
	KUNIT_EXPECT_EQ(test, vms_request_parse(line, len, &req, &t), -EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(&req, &before, sizeof(req)), 0);
}

/*
 * VMS_REQUEST_MAX counts the newline: "1" + 254 blanks + "\n" is the
 * longest line accepted; one byte more is rejected whatever it is.
 */
static void request_parse_length_limit(struct kunit *test)
{
	char *line = kunit_kzalloc(test, VMS_REQUEST_MAX + 2, GFP_KERNEL);
	struct vms_request req = { 0 };
	struct vms_targets t;

	KUNIT_ASSERT_NOT_NULL(test, line);
	memset(line, ' ', VMS_REQUEST_MAX + 1);
	line[0] = '1';
	line[VMS_REQUEST_MAX - 1] = '\n';
	KUNIT_EXPECT_EQ(test, vms_request_parse(line, VMS_REQUEST_MAX, &req, &t), 0);
	KUNIT_EXPECT_EQ(test, req.pid, 1);

	line[VMS_REQUEST_MAX - 1] = ' ';
	line[VMS_REQUEST_MAX] = '\n';
	KUNIT_EXPECT_EQ(test, vms_request_parse(line, VMS_REQUEST_MAX + 1, &req, &t),
			-EINVAL);
	/* Without the newline too: the limit is on bytes written. */
	line[VMS_REQUEST_MAX] = ' ';
	KUNIT_EXPECT_EQ(test, vms_request_parse(line, VMS_REQUEST_MAX + 1, &req, &t),
			-EINVAL);

	/* A section word at the very end of a full line. */
	memcpy(line + VMS_REQUEST_MAX - 5, "vmas\n", 5);
	KUNIT_EXPECT_EQ(test, vms_request_parse(line, VMS_REQUEST_MAX, &req, &t), 0);
	KUNIT_EXPECT_EQ(test, req.sections, VMS_SECT_VMAS);
}

/* The length, not a NUL, ends the line: bytes past it are not read. */
static void request_parse_uses_length(struct kunit *test)
{
	struct vms_request req = { 0 };
	struct vms_targets t;

	KUNIT_EXPECT_EQ(test, vms_request_parse("12 vmas", 2, &req, &t), 0);
	KUNIT_EXPECT_EQ(test, req.pid, 12);
	KUNIT_EXPECT_EQ(test, req.sections, VMS_SECT_DEFAULT);
	KUNIT_EXPECT_EQ(test, vms_request_parse("12 vmasXYZ", 7, &req, &t), 0);
	KUNIT_EXPECT_EQ(test, req.sections, VMS_SECT_VMAS);
	KUNIT_EXPECT_EQ(test, vms_request_parse("12 vmas", 6, &req, &t), -EINVAL);
}

static void parse_pid_valid(struct kunit *test)
{
	pid_t pid = -1;

	KUNIT_EXPECT_EQ(test, vms_parse_pid("1", 1, &pid), 0);
	KUNIT_EXPECT_EQ(test, pid, 1);
	KUNIT_EXPECT_EQ(test, vms_parse_pid("4194304", 7, &pid), 0);
	KUNIT_EXPECT_EQ(test, pid, PID_MAX_LIMIT);
	KUNIT_EXPECT_EQ(test, vms_parse_pid("0000000042", 10, &pid), 0);
	KUNIT_EXPECT_EQ(test, pid, 42);
	/* Only @len bytes count. */
	KUNIT_EXPECT_EQ(test, vms_parse_pid("123x", 3, &pid), 0);
	KUNIT_EXPECT_EQ(test, pid, 123);
}

static void parse_pid_invalid(struct kunit *test)
{
	static const char * const bad[] = {
		"0", "00", "4194305", "9999999999", "18446744073709551617",
		"00000000001", "-1", "+1", " 1", "1 ", "0x1", "1a", "a1",
		"1\n", "\x31\xcc", "/",	":",
	};
	unsigned int i;
	pid_t pid;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		pid = -7;
		KUNIT_EXPECT_EQ_MSG(test, vms_parse_pid(bad[i], strlen(bad[i]),
							&pid),
				    -EINVAL, "pid \"%s\"", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, pid, -7, "pid \"%s\" written", bad[i]);
	}
	KUNIT_EXPECT_EQ(test, vms_parse_pid("", 0, &pid), -EINVAL);
	KUNIT_EXPECT_EQ(test, vms_parse_pid("5\0", 2, &pid), -EINVAL);
}

static struct kunit_case vms_request_cases[] = {
	KUNIT_CASE_PARAM(request_parse_accepts, vms_req_good_gen_params),
	KUNIT_CASE_PARAM(request_parse_rejects, vms_req_bad_gen_params),
	KUNIT_CASE_PARAM(request_parse_many, vms_req_many_gen_params),
	KUNIT_CASE(request_parse_single_is_one),
	KUNIT_CASE(request_parse_list_limits),
	KUNIT_CASE(request_parse_length_limit),
	KUNIT_CASE(request_parse_uses_length),
	KUNIT_CASE(parse_pid_valid),
	KUNIT_CASE(parse_pid_invalid),
	{}
};

static struct kunit_suite vms_request_suite = {
	.name = "vmscope_request",
	.test_cases = vms_request_cases,
};

kunit_test_suite(vms_request_suite);
