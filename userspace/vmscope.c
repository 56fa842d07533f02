// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope: where is this process's memory, really?
 *
 * The command dispatcher: `vmscope COMMAND [ARGS]`.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <vmscope/format.h>

#include "util.h"
#include "vmscope.h"

#ifndef VMSCOPE_VERSION
# define VMSCOPE_VERSION "0.0.0"
#endif

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "snap", cmd_snap, "take a snapshot of a process (PID) through the module" },
	{ "show", cmd_show, "show the VMAs of a process or snapshot as a table" },
};

static void usage(void)
{
	FILE *out = stdout;
	size_t i;

	fprintf(out, "Usage: vmscope COMMAND [options] [ARGS]\n"
		"       vmscope --version | --help\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < VMS_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\n"
		"Run 'vmscope COMMAND --help' for the options of a command.\n"
		"Exit status: 0 success, 1 usage error, 2 target or module error.\n");
}

int vms_getopt_error(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		vms_err("%s: option '%s' requires an argument", cmd, arg);
	else if (optopt)
		vms_err("%s: invalid option -- '%c'", cmd, optopt);
	else
		vms_err("%s: unrecognized option '%s'", cmd, arg);
	return VMS_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	size_t i;

	setlocale(LC_ALL, "");
	if (argc < 2) {
		vms_err("no command given (try 'vmscope --help')");
		return VMS_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			/* vmscope help CMD == vmscope CMD --help */
			char *hargv[] = { argv[2], "--help", NULL };

			for (i = 0; i < VMS_ARRAY_SIZE(commands); i++)
				if (!strcmp(argv[2], commands[i].name))
					return commands[i].fn(2, hargv);
			vms_err("unknown command: %s", argv[2]);
			return VMS_EXIT_USAGE;
		}
		usage();
		return vms_close_stdout();
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("vmscope %s (report format %d)\n", VMSCOPE_VERSION,
		       VMS_FORMAT_VERSION);
		return vms_close_stdout();
	}
	for (i = 0; i < VMS_ARRAY_SIZE(commands); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			int rc = commands[i].fn(argc - 1, argv + 1);

			if (rc == VMS_EXIT_OK)
				rc = vms_close_stdout();
			return rc;
		}
	}
	if (argv[1][0] == '-')
		vms_err("unrecognized option '%s'", argv[1]);
	else
		vms_err("unknown command: %s", argv[1]);
	return VMS_EXIT_USAGE;
}
