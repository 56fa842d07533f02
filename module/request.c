// SPDX-License-Identifier: GPL-2.0
/*
 * Request parsing: "TARGETS [SECTION...] [OPTION...]" -> struct
 * vms_request, where TARGETS is a PID, PIDs joined by commas, or "*".
 *
 * Pure functions over a byte buffer (but for the copy from user space of
 * vms_parse_pid_user()): no locks, no allocation, no global state, so
 * that KUnit can feed them every malformed form.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <linux/threads.h>
#include <linux/uaccess.h>
#include "request.h"

static const struct {
	const char *word;
	unsigned int sections;
	unsigned int options;
} vms_words[] = {
	{ VMS_W_SUMMARY, VMS_SECT_SUMMARY, 0 },
	{ VMS_W_VMAS, VMS_SECT_VMAS, 0 },
	{ VMS_W_EXTENTS, VMS_SECT_EXTENTS, 0 },
	{ VMS_W_ALL, VMS_SECT_ALL, 0 },
	{ VMS_W_PFN, 0, VMS_OPT_PFN },
};

static bool vms_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/**
 * vms_parse_pid() - parse a process id: the module's one number parser
 * @s: the digits, not NUL-terminated
 * @len: their number
 * @pid: result, untouched on failure
 *
 * Accepts plain decimal digits only: no sign, no base prefix, no spaces,
 * no newline, at most 10 digits, a value from 1 to PID_MAX_LIMIT.
 *
 * Return: 0, or -EINVAL.
 */
int vms_parse_pid(const char *s, size_t len, pid_t *pid)
{
	char digits[11];
	unsigned int v;
	size_t i;

	if (len == 0 || len >= sizeof(digits))
		return -EINVAL;
	/* kstrtouint() alone would take a sign and a trailing newline. */
	for (i = 0; i < len; i++)
		if (!isdigit(s[i]))
			return -EINVAL;
	memcpy(digits, s, len);
	digits[len] = '\0';
	if (kstrtouint(digits, 10, &v) || v == 0 || v > PID_MAX_LIMIT)
		return -EINVAL;
	*pid = v;
	return 0;
}

/**
 * vms_parse_pid_user() - parse a process id written by user space
 * @ubuf: the bytes written: a PID as vms_parse_pid() takes it, and
 *	  optionally one newline (echo's)
 * @count: their number
 * @pid: result, untouched on failure
 *
 * Return: 0, -EINVAL, or -EFAULT if @ubuf cannot be read.
 */
int vms_parse_pid_user(const char __user *ubuf, size_t count, pid_t *pid)
{
	char buf[16];
	size_t len = count;

	if (count == 0 || count > sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	if (buf[len - 1] == '\n')
		len--;
	return vms_parse_pid(buf, len, pid);
}

/*
 * The first token: "*", or PIDs joined by VMS_PID_SEP (one PID is the
 * single-process request SPEC 1.1 describes). Empty elements, a PID named
 * twice and more than VMS_TARGETS_MAX PIDs are malformed.
 */
static int vms_parse_targets(const char *s, size_t len, struct vms_request *r,
			     struct vms_targets *t)
{
	size_t i = 0;

	if (len == strlen(VMS_W_EVERY) && !memcmp(s, VMS_W_EVERY, len)) {
		r->every = true;
		return 0;
	}
	for (;;) {
		size_t start = i;
		unsigned int k;
		pid_t pid;
		int err;

		while (i < len && s[i] != VMS_PID_SEP)
			i++;
		if (r->ntargets == VMS_TARGETS_MAX)
			return -EINVAL;
		err = vms_parse_pid(s + start, i - start, &pid);
		if (err)
			return err;
		for (k = 0; k < r->ntargets; k++)
			if (t->pid[k] == pid)
				return -EINVAL;
		t->pid[r->ntargets++] = pid;
		if (i == len)
			break;
		i++;	/* the separator: an element must follow */
	}
	r->pid = t->pid[0];
	return 0;
}

static int vms_parse_word(const char *s, size_t len, struct vms_request *req)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vms_words); i++) {
		if (strlen(vms_words[i].word) == len &&
		    !memcmp(vms_words[i].word, s, len)) {
			req->sections |= vms_words[i].sections;
			req->options |= vms_words[i].options;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * vms_request_parse() - parse one request line
 * @line: the bytes written, not NUL-terminated
 * @len: their number
 * @req: filled in on success, untouched on failure
 * @targets: the PIDs named, req->ntargets of them, on success; may be
 *	     written on failure
 *
 * Grammar: blanks (space, tab) separate tokens; the first token names the
 * targets (a PID, PIDs joined by commas, or "*" for every process), the
 * rest are section or option words; one trailing newline is
 * allowed. Without a section word the sections are VMS_SECT_DEFAULT.
 * Lines longer than VMS_REQUEST_MAX, empty lines, NUL or other control
 * bytes, a second line and unknown words are rejected.
 *
 * Return: 0, or -EINVAL.
 */
int vms_request_parse(const char *line, size_t len, struct vms_request *req,
		      struct vms_targets *targets)
{
	struct vms_request r = { 0 };
	bool have_pid = false;
	size_t i = 0;

	if (len > VMS_REQUEST_MAX)
		return -EINVAL;
	if (len && line[len - 1] == '\n')
		len--;

	while (i < len) {
		size_t start;
		int err;

		if (vms_is_blank(line[i])) {
			i++;
			continue;
		}
		start = i;
		while (i < len && !vms_is_blank(line[i])) {
			/* Control bytes, NUL and embedded newlines included. */
			if ((unsigned char)line[i] < 0x20 ||
			    (unsigned char)line[i] >= 0x7f)
				return -EINVAL;
			i++;
		}
		if (!have_pid) {
			err = vms_parse_targets(line + start, i - start, &r,
						targets);
			have_pid = true;
		} else {
			err = vms_parse_word(line + start, i - start, &r);
		}
		if (err)
			return err;
	}
	if (!have_pid)
		return -EINVAL;
	if (!r.sections)
		r.sections = VMS_SECT_DEFAULT;
	*req = r;
	return 0;
}
