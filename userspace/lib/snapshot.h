/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Parser for vmscope reports (SPEC section 2): a header line, an optional
 * `task` record, `vma` and `ext` records and an `end` trailer.
 *
 * Records are kept generic, as their key=value pairs in file order, so
 * keys added to the format later reach consumers without parser changes.
 * The parser is a pure function over a buffer; snapshot_load.c reads one
 * from a file or descriptor.
 */
#ifndef VMSCOPE_SNAPSHOT_H
#define VMSCOPE_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmscope/format.h>

#include "escape.h"

/* What every report starts with: "vmscope version=". */
#define VMS_HEADER_PREFIX	VMS_REC_HEADER " " VMS_K_VERSION "="

/* Lines longer than this (newline excluded) are rejected. */
#define VMS_LINE_MAX	(1024 * 1024)

enum vms_rec_type {
	VMS_REC_T_HEADER,
	VMS_REC_T_TASK,
	VMS_REC_T_VMA,
	VMS_REC_T_EXT,
	VMS_REC_T_END,
};

struct vms_kv {
	const char *key;
	const char *val;	/* raw, still escaped where the format escapes */
};

struct vms_record {
	enum vms_rec_type type;
	unsigned long line;	/* 1-based line in the report */
	size_t nkv;
	const struct vms_kv *kv;
	size_t kv_first;	/* private: index into the snapshot's pool */
};

/* Self-referential: pass it by pointer, never copy it. */
struct vms_snapshot {
	unsigned int version;
	uint64_t pid;
	bool partial;			/* end status=partial */
	const char *reason;		/* its reason=, or "unknown" */

	const struct vms_record *header;
	const struct vms_record *task;	/* NULL when the report has none */
	const struct vms_record *end;

	struct vms_record *vmas;
	size_t nvmas;
	struct vms_record *exts;
	size_t nexts;

	/* private */
	char *text;
	struct vms_kv *kvs;
	size_t nkvs, kvs_cap;
	size_t vmas_cap, exts_cap;
	struct vms_record hdr_rec, task_rec, end_rec;
};

enum vms_errkind {
	VMS_ERR_NONE = 0,
	VMS_ERR_NOMEM,
	VMS_ERR_IO,		/* errnum says why; line is 0 */
	VMS_ERR_NOTSNAP,	/* does not start with "vmscope version=" */
	VMS_ERR_VERSION,	/* a format version this reader does not know */
	VMS_ERR_SYNTAX,		/* malformed line */
	VMS_ERR_TRUNCATED,	/* no end record */
};

struct vms_error {
	enum vms_errkind kind;
	unsigned long line;	/* 1-based; 0 when not about a line */
	int errnum;		/* VMS_ERR_IO */
	char msg[160];		/* detail, without the source name */
};

/*
 * Parse `len` bytes of `buf` (which need not be NUL-terminated and may
 * contain anything). Returns 0 and fills `out`, or -1 and fills `err`;
 * `out` needs vms_snapshot_free() in both cases. A partial report parses
 * successfully with out->partial set.
 */
int vms_snapshot_parse(const char *buf, size_t len, struct vms_snapshot *out,
		       struct vms_error *err);

/*
 * Same, but takes over `buf`, a malloc'd buffer of at least len + 1
 * bytes, and parses it in place (no copy; freed by vms_snapshot_free()).
 */
int vms_snapshot_parse_owned(char *buf, size_t len, struct vms_snapshot *out,
			     struct vms_error *err);

void vms_snapshot_free(struct vms_snapshot *snap);

/*
 * The one-line message for an error, without the "vmscope: " prefix, e.g.
 * "not a vmscope snapshot: FILE line 1". `source` names the input.
 * Returns a malloc'd string or NULL when out of memory.
 */
char *vms_error_string(const struct vms_error *err, const char *source);

/* Record accessors. */
const char *vms_rec_get(const struct vms_record *rec, const char *key);
/*
 * Same, faster over many records with the same layout: *hint is where
 * `key` was last found (start with 0) and is tried first.
 */
const char *vms_rec_find(const struct vms_record *rec, const char *key,
			 size_t *hint);
/* 0, -ENOENT (no such key) or -EINVAL/-ERANGE (bad value). */
int vms_rec_get_u64(const struct vms_record *rec, const char *key, uint64_t *out);
int vms_rec_get_hex(const struct vms_record *rec, const char *key, uint64_t *out);
/* The value unescaped, malloc'd; NULL if absent, bad or out of memory. */
char *vms_rec_get_unescaped(const struct vms_record *rec, const char *key);

/* Whether the snapshot's header says source=proc (VMS_SOURCE_PROC). */
bool vms_snapshot_from_proc(const struct vms_snapshot *s);

/*
 * A task-level figure: the task record's, else the sum over vma records
 * (saturating); false when neither has `key`.
 */
bool vms_task_u64(const struct vms_snapshot *s, const char *key, uint64_t *out);

/*
 * Whether `key` is a spread key of `prefix` (VMS_K_NODE_PREFIX n1=,
 * VMS_K_ORDER_PREFIX o9=): the prefix and a decimal index, put in *index
 * unless it is NULL.
 */
bool vms_spread_key(const char *key, char prefix, uint64_t *index);

/*
 * The next node of a header's nodes= list ("0,1"), from *p on: 1 with
 * *node set and *p past it, 0 at the end of the list, -1 where the list
 * is malformed.
 */
int vms_nodes_next(const char **p, uint64_t *node);

/*
 * A reply to a request naming many targets ("*" or "PID,PID,...",
 * Documentation/format.rst "Many targets"): a report per process, each
 * with its own trailer, a line "skip pid=P reason=R" for each process
 * not reported, and a closing "done reports=N skipped=M".
 */
struct vms_skip {
	uint64_t pid;
	const char *reason;	/* raw word: VMS_REASON_EXITED, _DENIED, ... */
	unsigned long line;	/* 1-based line in the reply */
};

struct vms_multi {
	struct vms_snapshot **snaps;	/* one per report, in reply order */
	size_t nsnaps;
	struct vms_skip *skipped;	/* in reply order */
	size_t nskipped;

	/* private */
	char *text;
	size_t snaps_cap, skipped_cap;
};

/*
 * Parse a whole reply (`len` bytes of `buf`). Returns 0 and fills `out`,
 * or -1 and fills `err` (line numbers are the reply's); `out` needs
 * vms_multi_free() in both cases. Every report must parse as
 * vms_snapshot_parse() parses one (partial reports included); a reply
 * without its "done" record, or whose counts disagree with it, fails.
 */
int vms_multi_parse(const char *buf, size_t len, struct vms_multi *out,
		    struct vms_error *err);
void vms_multi_free(struct vms_multi *m);

#endif /* VMSCOPE_SNAPSHOT_H */
