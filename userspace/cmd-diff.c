// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vmscope diff A B: what changed between two snapshots, files or live
 * PIDs, VMA by VMA (diffview.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <vmscope/format.h>

#include "cmdline.h"
#include "columns.h"
#include "diffview.h"
#include "input.h"
#include "util.h"
#include "vmscope.h"

static void usage(void)
{
	printf("Usage: vmscope diff [options] A B\n"
	       "\n"
	       "Show what changed from snapshot A to snapshot B, each a file, '-' or a\n"
	       "live PID: per VMA, the change of every numeric field (B minus A).\n"
	       "VMAs are matched by identity: start and end; file, inode and offset for\n"
	       "file mappings; overlap for splits, merges, growth and shrinking; file\n"
	       "and offset (or size, permissions and name) for mremap moves, also into\n"
	       "a PROT_NONE reservation. New and gone VMAs are flagged. Under a split,\n"
	       "merge or reshape, a row for each VMA it was (was) and is now (now), with\n"
	       "its own figures. Only changed rows are shown unless --all; the header\n"
	       "counts the VMAs that changed. A warning says when A and B look like\n"
	       "snapshots of unrelated processes.\n"
	       "\n"
	       "Options:\n"
	       "  -a, --all             every row, changed or not\n"
	       "  -b, --bytes           changes in bytes\n"
	       "  -J, --json            JSON: {\"diff\": [...]}, every field, numbers as\n"
	       "                        numbers; the last row (status \"total\") the totals\n"
	       "  -r, --raw             raw output: no alignment, header line or totals\n"
	       "  -n, --noheadings      no header line or column headings\n"
	       "  -o, --output COLS     columns (comma list; +COLS adds; 'help' lists)\n"
	       "      --list-columns    list the columns and exit\n"
	       "      --source SRC      for PIDs: module, proc or auto (default)\n"
	       "  -h, --help            this help\n");
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all",	no_argument,		NULL, 'a' },
		VMS_TABLE_LONGOPTS,
		VMS_SOURCE_LONGOPT,
		VMS_HELP_LONGOPT
	};
	static const vms_excl_t excl[] = { VMS_TABLE_EXCL, { 0 } };
	int excl_st[VMS_ARRAY_SIZE(excl)] = VMS_EXCL_STATUS_INIT;
	struct vms_diff_opts o = { .warn_unrelated = true };
	enum vms_source source = VMS_SRC_AUTO;
	struct vms_input a = { 0 }, b = { 0 };
	int c, rc;

	while ((c = getopt_long(argc, argv, ":a" VMS_TABLE_SHORTOPTS "h", longopts,
				NULL)) != -1) {
		if (vms_excl_check("diff", longopts, excl, excl_st, c))
			return VMS_EXIT_USAGE;
		if (vms_table_option(c, optarg, &o.t))
			continue;
		switch (c) {
		case 'a':
			o.all = true;
			break;
		case VMS_OPT_LIST:
			vms_columns_list(vms_diff_extra_columns);
			return VMS_EXIT_OK;
		default:
			rc = vms_common_option("diff", c, argv, usage, &source);
			if (rc != VMS_OPT_TAKEN)
				return rc;
		}
	}
	if (o.t.output && !strcmp(o.t.output, "help")) {
		vms_columns_list(vms_diff_extra_columns);
		return VMS_EXIT_OK;
	}
	if (argc - optind != 2) {
		vms_err("diff: %s", argc - optind < 2 ? "need two snapshots (A B)" :
			"too many arguments");
		return VMS_EXIT_USAGE;
	}
	if (o.t.output && vms_diff_check_columns(o.t.output))
		return VMS_EXIT_USAGE;
	if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-")) {
		vms_err("diff: only one of A and B can be standard input");
		return VMS_EXIT_USAGE;
	}
	rc = vms_input_load(argv[optind], VMS_SECT_DEFAULT, source, &a);
	if (!rc)
		rc = vms_input_load(argv[optind + 1], VMS_SECT_DEFAULT, source, &b);
	if (!rc)
		rc = vms_diff_print(&o, &a.snap, &b.snap);
	vms_input_free(&a);
	vms_input_free(&b);
	return rc;
}
