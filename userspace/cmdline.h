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
 * The one PID operand of `cmd` after option parsing (argv[optind]): 0,
 * or VMS_EXIT_USAGE after "no PID given", "too many arguments" or
 * "invalid PID".
 */
int vms_pid_operand(const char *cmd, int argc, char **argv, int optind, pid_t *pid);

/*
 * The PID or FILE operand of `cmd` after option parsing: argv[optind], or
 * "-" (stdin) when there is none and stdin is not a terminal. NULL, with
 * the usage error printed, when there is none at all or more than one.
 */
const char *vms_input_operand(const char *cmd, int argc, char **argv, int optind);

/* The table options of show, diff and watch: -b -J -r -n -o COLS. */
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
	{ "output",	required_argument,	NULL, 'o' }

/* Take option `c` (with `arg`) if it is a table option: true when taken. */
bool vms_table_option(int c, const char *arg, struct vms_table_opts *t);

#endif /* VMSCOPE_CMDLINE_H */
