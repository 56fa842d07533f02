// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of \ooo escaping and unescaping.
 */
#include <stdlib.h>
#include <string.h>

#include <vmscope/format.h>

#include "display.h"
#include "escape.h"
#include "tap.h"

static void test_every_byte(void)
{
	unsigned char all[256];
	bool form_ok = true, trip_ok = true;
	char *e, *d;
	size_t len;
	int c;

	for (c = 0; c < 256; c++) {
		unsigned char b = c;
		bool need = vms_needs_escape(b);

		all[c] = b;
		e = vms_escape(&b, 1);
		if (!e || strlen(e) != (need ? 4u : 1u) ||
		    (need && e[0] != '\\') || (!need && e[0] != (char)b))
			form_ok = false;
		d = e ? vms_unescape_dup(e, &len) : NULL;
		if (!d || len != 1 || (unsigned char)d[0] != b)
			trip_ok = false;
		free(e);
		free(d);
	}
	tap_ok(form_ok, "escape: every byte 0..255 escaped iff vms_escape_needed()");
	tap_ok(trip_ok, "escape: every byte 0..255 round-trips alone");

	e = vms_escape(all, sizeof(all));
	d = e ? vms_unescape_dup(e, &len) : NULL;
	tap_ok(d && len == sizeof(all) && !memcmp(d, all, sizeof(all)),
	       "escape: all 256 bytes in one string round-trip");
	for (c = 0; e && e[c]; c++)
		if ((unsigned char)e[c] <= ' ' || (unsigned char)e[c] >= 0x7f)
			break;
	tap_ok(e && !e[c], "escape: output is printable ASCII without spaces");
	free(e);
	free(d);
}

static void check_name(const char *raw, size_t rawlen, const char *want,
		       const char *what)
{
	char *e = vms_escape(raw, rawlen);
	char *d = NULL;
	size_t len = 0;

	tap_is_str(e, want, "escape: %s", what);
	if (e)
		d = vms_unescape_dup(e, &len);
	tap_ok(d && len == rawlen && !memcmp(d, raw, rawlen),
	       "unescape: %s round-trips", what);
	free(e);
	free(d);
}

static void test_names(void)
{
	check_name("", 0, "", "empty name");
	check_name("/usr/lib/libc.so.6", 18, "/usr/lib/libc.so.6", "plain path");
	check_name("a b\nc", 5, "a\\040b\\012c", "space and newline");
	check_name("x\ty", 3, "x\\011y", "tab");
	check_name("back\\slash", 10, "back\\134slash", "backslash");
	check_name("/tmp/x (deleted)", 16, "/tmp/x\\040(deleted)", "deleted file");
	check_name("\xc3\xa9t\xc3\xa9", 5, "\\303\\251t\\303\\251", "UTF-8 bytes");
	check_name("del\x7f", 4, "del\\177", "DEL");
	check_name("nul\0x", 5, "nul\\000x", "NUL byte");
}

static void test_bad_escapes(void)
{
	static const char *const bad[] = {
		"\\", "a\\", "\\1", "\\12", "\\12x", "\\400", "\\777", "\\8", "\\x41",
		"ok\\04",
	};
	char buf[16];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tap_is_int(vms_unescape(buf, bad[i]), -1, "unescape: rejects '%s'", bad[i]);
		tap_ok(!vms_escape_valid(bad[i]), "escape_valid: rejects '%s'", bad[i]);
	}
	tap_ok(vms_escape_valid("a\\040b\\377"), "escape_valid: accepts good escapes");

	strcpy(buf, "a\\040b");
	tap_is_int(vms_unescape(buf, buf), 3, "unescape: in place");
	tap_is_str(buf, "a b", "unescape: in place result");
}

static void check_display(const char *in, unsigned int flags, const char *want,
			  const char *what)
{
	char *got = vms_display_name(in, flags);

	tap_is_str(got, want, "display: %s", what);
	free(got);
}

static void test_display(void)
{
	tap_ok(vms_utf8_valid("caf\xc3\xa9", 5), "utf8: valid 2-byte");
	tap_ok(vms_utf8_valid("\xf0\x9f\x98\x80", 4), "utf8: valid 4-byte");
	tap_ok(!vms_utf8_valid("caf\xc3", 4), "utf8: cut sequence");
	tap_ok(!vms_utf8_valid("\xc0\xaf", 2), "utf8: overlong");
	tap_ok(!vms_utf8_valid("\xed\xa0\x80", 3), "utf8: surrogate");
	tap_ok(!vms_utf8_valid("\xff", 1), "utf8: 0xff");

	check_display("a\\040b", 0, "a b", "space unescaped");
	check_display("a\\012b", 0, "a\nb", "newline left to libsmartcols");
	check_display("a\\012b", VMS_DISP_STRICT, "a\\012b", "newline escaped when strict");
	check_display("caf\\303\\251", VMS_DISP_STRICT, "caf\xc3\xa9", "UTF-8 kept when strict");
	/* JSON: a byte outside UTF-8 is its code point, U+00FF, not a literal \\377 */
	check_display("bad\\377", VMS_DISP_JSON, "bad\xc3\xbf", "invalid UTF-8 as U+00XX for JSON");
	check_display("caf\\351\\303\\251", VMS_DISP_JSON, "caf\xc3\xa9\xc3\xa9",
		      "Latin-1 byte beside valid UTF-8 for JSON");
	check_display("cut\\303", VMS_DISP_JSON, "cut\xc3\x83", "cut sequence for JSON");
	check_display("nul\\000x", VMS_DISP_JSON, "nul\\000x", "embedded NUL stays escaped in JSON");
	check_display("bad\\377", 0, "bad\xff", "invalid UTF-8 left to libsmartcols");
	check_display("nul\\000x", 0, "nul\\000x", "embedded NUL stays escaped");
	check_display("a\\", VMS_DISP_STRICT, "a\\134", "bad escape shown escaped");
}

void test_escape(void)
{
	test_every_byte();
	test_names();
	test_bad_escapes();
	test_display();
}
