// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Command-line handling shared by the commands.
 */
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmdline.h"
#include "util.h"

int vms_getopt_error(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];
	const char *eq = strchr(arg, '=');

	if (c == ':')
		vms_err("%s: option '%s' requires an argument", cmd, arg);
	else if (optopt && !strncmp(arg, "--", 2) && eq)
		/* --json=pretty: getopt_long() sets optopt to the option's value */
		vms_err("%s: option '%.*s' doesn't allow an argument", cmd,
			(int)(eq - arg), arg);
	else if (optopt)
		vms_err("%s: invalid option -- '%c'", cmd, optopt);
	else
		vms_err("%s: unrecognized option '%s'", cmd, arg);
	return VMS_EXIT_USAGE;
}

/* "--json" or "-J" for option value `c`. */
static void option_name(const struct option *longopts, int c, char *buf, size_t n)
{
	for (; longopts->name; longopts++) {
		if (longopts->val == c && !longopts->flag) {
			snprintf(buf, n, "--%s", longopts->name);
			return;
		}
	}
	snprintf(buf, n, "-%c", c);
}

int vms_excl_check(const char *cmd, const struct option *longopts,
		   const vms_excl_t *excl, int *status, int c)
{
	size_t g, i;

	for (g = 0; excl[g][0]; g++) {
		for (i = 0; i < VMS_EXCL_MAX && excl[g][i]; i++) {
			char a[32], b[32];

			if (excl[g][i] != c)
				continue;
			if (status[g] && status[g] != c) {
				option_name(longopts, status[g], a, sizeof(a));
				option_name(longopts, c, b, sizeof(b));
				vms_err("%s: %s and %s are mutually exclusive", cmd, a, b);
				return VMS_EXIT_USAGE;
			}
			status[g] = c;
			break;
		}
	}
	return 0;
}

int vms_source_option(const char *cmd, const char *arg, enum vms_source *out)
{
	if (!vms_source_parse(arg, out))
		return 0;
	vms_err("%s: invalid --source '%s' (module, proc or auto)", cmd, arg);
	return VMS_EXIT_USAGE;
}

int vms_common_option(const char *cmd, int c, char **argv, void (*usage)(void),
		      enum vms_source *source)
{
	if (c == VMS_OPT_SOURCE && source)
		return vms_source_option(cmd, optarg, source) ? VMS_EXIT_USAGE : VMS_OPT_TAKEN;
	if (c == 'h') {
		usage();
		return VMS_EXIT_OK;
	}
	return vms_getopt_error(cmd, c, argv);
}

int vms_pid_word(const char *cmd, const char *s, pid_t *pid)
{
	if (!vms_pid_arg(s, pid))
		return 0;
	if (vms_all_digits(s)) {
		vms_err("no such process: %s", s);
		return VMS_EXIT_FAIL;
	}
	if (cmd)
		vms_err("%s: invalid PID: %s", cmd, s);
	else
		vms_err("invalid PID: %s", s);
	return VMS_EXIT_USAGE;
}

int vms_pid_operand(const char *cmd, int argc, char **argv, int optind, pid_t *pid)
{
	if (argc - optind != 1) {
		vms_err("%s: %s", cmd, argc == optind ? "no PID given" : "too many arguments");
		return VMS_EXIT_USAGE;
	}
	return vms_pid_word(cmd, argv[optind], pid);
}

const char *vms_input_operand(const char *cmd, int argc, char **argv, int optind)
{
	if (argc - optind > 1) {
		vms_err("%s: too many arguments", cmd);
		return NULL;
	}
	if (optind < argc)
		return argv[optind];
	if (!isatty(STDIN_FILENO))
		return "-";
	vms_err("%s: no PID or FILE given", cmd);
	return NULL;
}

bool vms_table_option(int c, const char *arg, struct vms_table_opts *t)
{
	switch (c) {
	case 'b':
		t->bytes = true;
		return true;
	case 'J':
		t->json = true;
		return true;
	case 'r':
		t->raw = true;
		return true;
	case 'n':
		t->noheadings = true;
		return true;
	case 'o':
		t->output = arg;
		return true;
	}
	return false;
}

struct libscols_table *vms_table_new(const char *name, const struct vms_table_opts *t)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	if (scols_table_set_name(tb, name)) {
		scols_unref_table(tb);
		return NULL;
	}
	scols_table_enable_json(tb, t->json);
	scols_table_enable_raw(tb, t->raw);
	scols_table_enable_noheadings(tb, t->noheadings);
	return tb;
}

/*
 * libsmartcols prints nothing for a table without lines; a raw stream
 * still starts with its headings (a script reads them before any row).
 */
static void raw_headings(struct libscols_table *tb)
{
	size_t i, n = scols_table_get_ncols(tb);

	for (i = 0; i < n; i++) {
		struct libscols_column *cl = scols_table_get_column(tb, i);
		const char *name = cl ? scols_column_get_name(cl) : NULL;

		printf("%s%s", i ? " " : "", name ? name : "-");
	}
	if (n)
		putchar('\n');
}

void vms_table_print(struct libscols_table *tb, const struct vms_table_opts *t)
{
	struct libscols_iter *itr = t->raw ? scols_new_iter(SCOLS_ITER_FORWARD) : NULL;
	struct libscols_line *ln;

	while (itr && !scols_table_next_line(tb, itr, &ln)) {
		size_t i, n = scols_line_get_ncells(ln);

		for (i = 0; i < n; i++) {
			struct libscols_cell *ce = scols_line_get_cell(ln, i);
			const char *d = ce ? scols_cell_get_data(ce) : "-";

			if ((!d || !*d) && scols_cell_set_data(ce, "-"))
				break;	/* out of memory: left empty */
		}
	}
	scols_free_iter(itr);
	if (t->raw && !t->noheadings && scols_table_is_empty(tb))
		raw_headings(tb);
	scols_print_table(tb);
}

int vms_table_print_json(struct libscols_table *tb,
			 void (*members)(FILE *f, const void *arg), const void *arg)
{
	static const char head[] = "{\n";
	char *text = NULL;

	if (scols_print_table_to_string(tb, &text) || !text) {
		vms_err("out of memory");
		return VMS_EXIT_FAIL;
	}
	if (strncmp(text, head, sizeof(head) - 1)) {	/* not libsmartcols' layout */
		free(text);
		vms_err("unexpected JSON from libsmartcols");
		return VMS_EXIT_FAIL;
	}
	fputs(head, stdout);
	members(stdout, arg);
	fputs(text + sizeof(head) - 1, stdout);
	free(text);
	return VMS_EXIT_OK;
}

/* SEC[.FRACTION], above 0 and at most a day; nanoseconds beyond are dropped. */
int vms_parse_interval(const char *s, struct timespec *ts)
{
	const char *p = s, *frac;
	uint64_t sec = 0, ns = 0, digits;
	int n;

	if (*p != '.' && vms_scan_u64(&p, NULL, 10, &sec))
		return -1;
	if (*p == '.') {
		frac = ++p;
		/* Only the first nine digits count: -ERANGE is no error here. */
		vms_scan_u64(&p, NULL, 10, &digits);
		if (p == frac && frac == s + 1)
			return -1;		/* "." alone */
		for (n = 0; n < 9; n++)
			ns = ns * 10 + (frac + n < p ? frac[n] - '0' : 0);
	}
	if (*p || sec > 86400 || (sec == 86400 && ns) || (!sec && !ns))
		return -1;
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = (long)ns;
	return 0;
}
