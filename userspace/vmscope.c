// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope: where is this process's memory, really?
 *
 * The command dispatcher: `vmscope COMMAND [ARGS]`.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <vmscope/format.h>

#include "source.h"
#include "util.h"
#include "vmscope.h"

#ifndef VMSCOPE_VERSION
# define VMSCOPE_VERSION "0.0.0"
#endif

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
	bool source;		/* takes --source */
} commands[] = {
	{ "snap", cmd_snap, "take a snapshot of a process (PID)", true },
	{ "show", cmd_show, "show the VMAs of a process or snapshot as a table", true },
	{ "diff", cmd_diff, "what changed between two snapshots or processes", true },
	{ "watch", cmd_watch, "the diff of a live process at each interval", true },
	{ "map", cmd_map, "a picture of residency, in the terminal or as SVG", true },
	{ "check", cmd_check, "cross-check the module against /proc", false },
	{ "top", cmd_top, "every process, one row each, sortable; --by user|comm|cgroup|mapping", true },
	{ "export", cmd_export, "every process as Prometheus metrics, by cgroup and command", true },
};

static void usage(void)
{
	FILE *out = stdout;
	size_t i;

	fprintf(out, "Usage: vmscope [--source=module|proc|auto] COMMAND [options] [ARGS]\n"
		"       vmscope --version | --help\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < VMS_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\n"
		"Live reports come from the vmscope module (/proc/vmscope) or, without it,\n"
		"from /proc/PID/smaps, numa_maps and pagemap (--source; default auto).\n"
		"Run 'vmscope COMMAND --help' for the options of a command; man vmscope.\n"
		"Exit status: 0 success, 1 usage error, 2 target or module error;\n"
		"check: 3 when the module and /proc disagree.\n");
}

/*
 * Run a command; a --source=X given before it is passed on as its own
 * option (after the command word, so that getopt sees it).
 */
static int run(const struct cmd *c, int argc, char **argv, const char *source)
{
	char **av;
	int i, rc;

	if (!source)
		return c->fn(argc, argv);
	if (!c->source) {
		vms_err("%s: --source does not apply", c->name);
		return VMS_EXIT_USAGE;
	}
	av = xcalloc(argc + 2, sizeof(*av));
	av[0] = argv[0];
	av[1] = (char *)source;
	for (i = 1; i < argc; i++)
		av[i + 1] = argv[i];
	rc = c->fn(argc + 1, av);
	free(av);
	return rc;
}

int main(int argc, char **argv)
{
	char *source = NULL;
	size_t i;

	setlocale(LC_ALL, "");
	/* vmscope --source=proc COMMAND ... or --source proc */
	while (argc > 1 && !strncmp(argv[1], "--source", 8) &&
	       (argv[1][8] == '=' || argv[1][8] == '\0')) {
		enum vms_source src;
		const char *word = argv[1][8] ? argv[1] + 9 : argc > 2 ? argv[2] : "";
		int used = argv[1][8] ? 1 : 2;

		if (vms_source_parse(word, &src)) {
			vms_err("invalid --source '%s' (module, proc or auto)", word);
			free(source);
			return VMS_EXIT_USAGE;
		}
		free(source);
		if (asprintf(&source, "--source=%s", word) < 0) {
			vms_err("out of memory");
			return VMS_EXIT_FAIL;
		}
		argv[used] = argv[0];
		argv += used;
		argc -= used;
	}
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
			int rc = run(&commands[i], argc - 1, argv + 1, source);

			free(source);
			if (rc == VMS_EXIT_OK)
				rc = vms_close_stdout();
			return rc;
		}
	}
	free(source);
	if (argv[1][0] == '-')
		vms_err("unrecognized option '%s'", argv[1]);
	else
		vms_err("unknown command: %s", argv[1]);
	return VMS_EXIT_USAGE;
}
