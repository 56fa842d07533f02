/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Entry points of the vmscope subcommands, git style: each gets the
 * arguments after the subcommand word (argv[0] is the subcommand) and
 * returns the exit status.
 */
#ifndef VMSCOPE_H
#define VMSCOPE_H

int cmd_snap(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_check(int argc, char **argv);

/*
 * Report a getopt_long() failure ('?' or ':') for subcommand `cmd`;
 * returns VMS_EXIT_USAGE.
 */
int vms_getopt_error(const char *cmd, int c, char **argv);

#endif /* VMSCOPE_H */
