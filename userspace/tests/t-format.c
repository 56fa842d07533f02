// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the vocabulary in include/vmscope/format.h: every word is
 * non-empty and distinct within its list, and each enum's words parse
 * back to their values.
 */
#include <string.h>

#include <vmscope/format.h>

#include "tap.h"
#include "util.h"

/* Non-empty, made of key characters, and no word twice. */
static void check_list(const char *what, const char *const *words, size_t n)
{
	size_t i, j, bad = 0;

	for (i = 0; i < n; i++) {
		const char *w = words[i];

		if (!w || !*w || strspn(w, "abcdefghijklmnopqrstuvwxyz_") != strlen(w)) {
			tap_diag("%s: word %zu is empty or not [a-z_]", what, i);
			bad++;
			continue;
		}
		for (j = 0; j < i; j++) {
			if (words[j] && !strcmp(w, words[j])) {
				tap_diag("%s: '%s' twice (%zu and %zu)", what, w, j, i);
				bad++;
			}
		}
	}
	tap_ok(!bad, "vocabulary: %s, %zu words, non-empty and distinct", what, n);
}

typedef const char *(*word_fn)(int v);
typedef int (*parse_fn)(const char *s, unsigned long n);

/* parse(word(v)) == v for every value; unknown words and values. */
static void check_enum(const char *what, int nr, const char *const *words,
		       word_fn word, parse_fn parse)
{
	size_t bad = 0;
	int v;

	check_list(what, words, nr);
	for (v = 0; v < nr; v++) {
		const char *w = word(v);

		if (w != words[v] || parse(w, strlen(w)) != v ||
		    parse(w, (unsigned long)-1) != v) {
			tap_diag("%s: value %d: word '%s' parses to %d", what, v, w,
				 parse(w, strlen(w)));
			bad++;
		}
		/* A bounded parse of a longer string: only the first n bytes. */
		if (strlen(w) > 1 && parse(w, strlen(w) - 1) == v) {
			tap_diag("%s: '%.*s' parses as '%s'", what, (int)strlen(w) - 1, w, w);
			bad++;
		}
	}
	tap_ok(!bad, "vocabulary: %s: parse(word(v)) == v", what);
	tap_is_int(parse("no-such-word", 12), -1, "vocabulary: %s: unknown word", what);
	tap_is_int(parse("", 0), -1, "vocabulary: %s: empty word", what);
	tap_ok(word(nr) && *word(nr) && word(-1) && *word(-1),
	       "vocabulary: %s: a word for values out of range", what);
}

void test_format(void)
{
	static const char *const records[] = {
		VMS_REC_HEADER, VMS_REC_TASK, VMS_REC_VMA, VMS_REC_EXT, VMS_REC_END,
	};
	static const char *const keys[] = {
		VMS_K_VERSION, VMS_K_PID, VMS_K_COMM, VMS_K_KERNEL, VMS_K_PAGE_SIZE,
		VMS_K_NODES, VMS_K_TIME_NS, VMS_K_SOURCE,
		VMS_K_VSZ, VMS_K_RSS, VMS_K_ANON, VMS_K_FILE, VMS_K_SHMEM, VMS_K_ZERO,
		VMS_K_SWAP, VMS_K_NONE, VMS_K_OTHER, VMS_K_PSS, VMS_K_USS,
		VMS_K_SHARED, VMS_K_PRIVATE, VMS_K_DIRTY, VMS_K_YOUNG,
		VMS_K_SOFTDIRTY, VMS_K_LOCKED, VMS_K_KSM, VMS_K_THP, VMS_K_LARGE,
		VMS_K_HUGETLB,
		VMS_K_PGTABLES, VMS_K_MINFLT, VMS_K_MAJFLT, VMS_K_OOM_SCORE_ADJ,
		VMS_K_START, VMS_K_END, VMS_K_PERMS, VMS_K_OFFSET, VMS_K_DEV,
		VMS_K_INODE, VMS_K_KIND, VMS_K_HPAGE, VMS_K_RUNS, VMS_K_CLIPPED,
		VMS_K_NAME,
		VMS_K_STATE, VMS_K_TYPE, VMS_K_MAP, VMS_K_ORDER, VMS_K_NODE, VMS_K_PFN,
		VMS_K_STATUS, VMS_K_REASON, VMS_K_VMAS, VMS_K_EXTS, VMS_K_WALK_NS,
	};
	static const char *const statuses[] = {
		VMS_STATUS_COMPLETE, VMS_STATUS_PARTIAL,
	};
	static const char *const reasons[] = {
		VMS_REASON_EXITED, VMS_REASON_CHANGED,
	};
	size_t i, clash = 0;

	check_list("record types", records, VMS_ARRAY_SIZE(records));
	check_list("record keys", keys, VMS_ARRAY_SIZE(keys));
	check_list("end status words", statuses, VMS_ARRAY_SIZE(statuses));
	check_list("partial reasons", reasons, VMS_ARRAY_SIZE(reasons));
	check_list("source words", (const char *const[]){ VMS_SOURCE_PROC }, 1);

	/* A spread key (n1=, o9=) must not be mistaken for a plain key. */
	for (i = 0; i < VMS_ARRAY_SIZE(keys); i++)
		if ((keys[i][0] == VMS_K_NODE_PREFIX || keys[i][0] == VMS_K_ORDER_PREFIX) &&
		    strspn(keys[i] + 1, "0123456789") == strlen(keys[i] + 1))
			clash++;
	tap_ok(!clash && VMS_K_NODE_PREFIX != VMS_K_ORDER_PREFIX,
	       "vocabulary: spread prefixes distinct and no key looks like one");

	check_enum("kind", VMS_KIND_NR, vms_kind_words(), vms_kind_word, vms_kind_parse);
	check_enum("state", VMS_STATE_NR, vms_state_words(), vms_state_word,
		   vms_state_parse);
	check_enum("type", VMS_TYPE_NR, vms_type_words(), vms_type_word, vms_type_parse);
	check_enum("map", VMS_MAP_NR, vms_map_words(), vms_map_word, vms_map_parse);
}
