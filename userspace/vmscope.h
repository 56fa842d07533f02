/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Entry points of the vmscope subcommands, git style, one file each
 * (cmd-NAME.c): each gets the arguments after the subcommand word
 * (argv[0] is the subcommand) and returns the exit status.
 */
#ifndef VMSCOPE_H
#define VMSCOPE_H

int cmd_snap(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif /* VMSCOPE_H */
