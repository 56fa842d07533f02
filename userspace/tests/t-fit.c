// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of text fitted to display columns (fit.c).
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "tap.h"

#define ELL	"\xe2\x80\xa6"	/* … */

static void is_fit(const char *name, size_t cols, const char *ell, const char *want)
{
	char *got = vms_text_fit(name, cols, ell);

	tap_is_str(got, want, "fit '%s' in %zu", name, cols);
	tap_ok(vms_text_width(got) <= cols, "  ... and it is at most %zu wide", cols);
	free(got);
}

void test_fit(void)
{
	static const char lib[] = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30";
	char *old = setlocale(LC_CTYPE, NULL);

	old = old ? strdup(old) : NULL;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		tap_diag("no C.UTF-8 locale: wide characters count 1");
	tap_is_int(vms_text_width(""), 0, "width: empty");
	tap_is_int(vms_text_width("[heap]"), 6, "width: ASCII");
	tap_is_int(vms_text_width("caf\xc3\xa9"), 4, "width: two-byte character, one column");
	tap_is_int(vms_text_width(ELL), 1, "width: ellipsis, one column");
	tap_is_int(vms_text_width("ab\xff"), 3, "width: a byte that is not UTF-8 counts one");
	if (!strcmp(setlocale(LC_CTYPE, NULL), "C.UTF-8"))
		tap_is_int(vms_text_width("\xe6\x97\xa5\xe6\x9c\xac"), 4,
			   "width: CJK, two columns each");

	is_fit("[heap]", 6, ELL, "[heap]");
	is_fit(lib, 100, ELL, lib);
	is_fit(lib, 30, ELL, "/usr/lib/" ELL "/libstdc++.so.6.0.30");
	is_fit(lib, 21, ELL, ELL "/libstdc++.so.6.0.30");
	/* the last component too long: its start, between ellipses */
	is_fit(lib, 12, ELL, ELL "libstdc++." ELL);
	is_fit(lib, 12, "...", "...libstd...");
	is_fit(lib, 9, "...", "/usr/l...");
	is_fit("/memfd:wl memfd (deleted)", 20, ELL, "/memfd:wl memfd (de" ELL);
	is_fit("/tmp/d/caf\xc3\xa9-caf\xc3\xa9-caf\xc3\xa9", 10, ELL,
	       ELL "caf\xc3\xa9-caf" ELL);
	is_fit("/tmp/d/caf\xc3\xa9-caf\xc3\xa9-caf\xc3\xa9", 11, ELL,
	       ELL "caf\xc3\xa9-caf\xc3\xa9" ELL);
	/* an escape is one unit of four columns */
	is_fit("/tmp/odd\\040dir/with\\012newline", 14, ELL,
	       ELL "with\\012newl" ELL);
	is_fit("/tmp/odd\\040dir/with\\012newline", 8, ELL,
	       ELL "with" ELL);
	is_fit("/tmp/odd\\040dir/x", 13, ELL, "/tmp/odd" ELL "/x");
	is_fit("/tmp/odd\\040dir/x", 15, ELL, "/tmp/odd\\040" ELL "/x");
	is_fit("abc", 0, ELL, "");
	is_fit("abc", 2, "...", "ab");	/* no room for the ellipsis */
	is_fit("abcd", 3, "...", "abc");
	is_fit("abcd", 3, ELL, "ab" ELL);
	if (!strcmp(setlocale(LC_CTYPE, NULL), "C.UTF-8"))
		is_fit("/x/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 7, ELL,
		       ELL "\xe6\x97\xa5\xe6\x9c\xac" ELL);
	setlocale(LC_CTYPE, old ? old : "C");
	free(old);
}
