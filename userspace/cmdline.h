/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The command-line handling the commands share: getopt errors, mutually
 * exclusive options (util-linux's err_exclusive_options() pattern), the
 * PID and PID|FILE operands, --source and the table options of show,
 * diff and watch.
 */
#ifndef VMSCOPE_CMDLINE_H
#define VMSCOPE_CMDLINE_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "source.h"

/*
 * Report a getopt_long() failure ('?' or ':') for subcommand `cmd`;
 * returns VMS_EXIT_USAGE.
 */
int vms_getopt_error(const char *cmd, int c, char **argv);

/*
 * Mutually exclusive options: a table of groups, each a zero-terminated
 * list of option values (getopt_long()'s return values) of which at most
 * one may be given, the table itself ending with an empty group; and a
 * status per group, VMS_EXCL_STATUS_INIT. Call vms_excl_check() for
 * every option getopt_long() returns: VMS_EXIT_USAGE, after one line
 * naming both options, when it clashes with one given before, else 0.
 */
#define VMS_EXCL_MAX		4
#define VMS_EXCL_STATUS_INIT	{ 0 }

typedef int vms_excl_t[VMS_EXCL_MAX];

int vms_excl_check(const char *cmd, const struct option *longopts,
		   const vms_excl_t *excl, int *status, int c);

/* Handle a --source=WORD option: 0, or a usage error (printed) as 1. */
int vms_source_option(const char *cmd, const char *arg, enum vms_source *out);

/*
 * The options every command has, as getopt_long() returns them: --help
 * ('h'), --source (VMS_OPT_SOURCE, for commands with a `source`) and
 * getopt's errors. VMS_OPT_TAKEN when option parsing goes on, else the
 * exit status to return (after the help or an error message). A
 * command's own long-only options start at VMS_OPT_FIRST.
 */
#define VMS_OPT_SOURCE		0x100
#define VMS_OPT_LIST		0x101	/* --list-columns of show and diff */
#define VMS_OPT_FIRST		0x102
#define VMS_OPT_TAKEN		(-1)

#define VMS_SOURCE_LONGOPT \
	{ "source",	required_argument,	NULL, VMS_OPT_SOURCE }
#define VMS_HELP_LONGOPT \
	{ "help",	no_argument,		NULL, 'h' }, \
	{ NULL, 0, NULL, 0 }

int vms_common_option(const char *cmd, int c, char **argv, void (*usage)(void),
		      enum vms_source *source);

/*
 * A PID argument: 0; VMS_EXIT_USAGE after "invalid PID" (`cmd` names the
 * command in the message, may be NULL) when it is not a decimal number;
 * VMS_EXIT_FAIL after "no such process" for a number no process can have
 * (0, or beyond pid_t): that is a target error, as for a PID that has
 * exited (SPEC section 3).
 */
int vms_pid_word(const char *cmd, const char *s, pid_t *pid);

/*
 * The one PID operand of `cmd` after option parsing (argv[optind]): 0,
 * or VMS_EXIT_USAGE after "no PID given" or "too many arguments", or
 * what vms_pid_word() returns.
 */
int vms_pid_operand(const char *cmd, int argc, char **argv, int optind, pid_t *pid);

/*
 * The PID or FILE operand of `cmd` after option parsing: argv[optind], or
 * "-" (stdin) when there is none and stdin is not a terminal. NULL, with
 * the usage error printed, when there is none at all or more than one.
 */
const char *vms_input_operand(const char *cmd, int argc, char **argv, int optind);

/*
 * The table options of show and diff: -b -J -r -n -o COLS --list-columns
 * (watch has -b and -o).
 */
struct vms_table_opts {
	bool bytes;		/* exact bytes instead of human sizes */
	bool json;
	bool raw;
	bool noheadings;
	const char *output;	/* -o list, NULL for the defaults */
};

#define VMS_TABLE_SHORTOPTS	"bJrno:"
#define VMS_TABLE_LONGOPTS \
	{ "bytes",	no_argument,		NULL, 'b' }, \
	{ "json",	no_argument,		NULL, 'J' }, \
	{ "raw",	no_argument,		NULL, 'r' }, \
	{ "noheadings",	no_argument,		NULL, 'n' }, \
	{ "output",	required_argument,	NULL, 'o' }, \
	{ "list-columns", no_argument,		NULL, VMS_OPT_LIST }

/* JSON and raw output are exclusive: a group for vms_excl_check(). */
#define VMS_TABLE_EXCL		{ 'J', 'r' }

/* Take option `c` (with `arg`) if it is a table option: true when taken. */
bool vms_table_option(int c, const char *arg, struct vms_table_opts *t);

/*
 * An interval, SEC[.FRACTION] (-i of watch and top): above 0, at most a
 * day; nanoseconds beyond are dropped. 0, or -1 if malformed.
 */
struct timespec;
int vms_parse_interval(const char *s, struct timespec *ts);

struct libscols_table;

/*
 * A libsmartcols table set up by the table options: JSON under the
 * top-level key `name`, raw, no headings. NULL when out of memory.
 */
struct libscols_table *vms_table_new(const char *name, const struct vms_table_opts *t);

/*
 * Print a table made by vms_table_new(). In raw output an empty cell is
 * "-" (no name or path is "-": they start with '/' or '['), so that every
 * line splits on white space into as many fields as the heading.
 */
void vms_table_print(struct libscols_table *tb, const struct vms_table_opts *t);

/*
 * A JSON table made by vms_table_new() with other members before its rows:
 * "{", the lines `members` writes (indented three spaces, each ending with
 * a comma), then the table's key and rows as libsmartcols writes them.
 * VMS_EXIT_OK, or VMS_EXIT_FAIL after a message.
 */
int vms_table_print_json(struct libscols_table *tb,
			 void (*members)(FILE *f, const void *arg), const void *arg);

#endif /* VMSCOPE_CMDLINE_H */
