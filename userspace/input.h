/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The PID|FILE argument of show (and later diff and map): a live process
 * through the module, a snapshot file, a FIFO or "-" for standard input.
 */
#ifndef VMSCOPE_INPUT_H
#define VMSCOPE_INPUT_H

#include <sys/types.h>

#include "snapshot.h"
#include "source.h"

struct vms_input {
	struct vms_snapshot snap;
	char *name;		/* for messages: the file, "<stdin>" or "pid N" */
	pid_t pid;		/* > 0 for a live process */
};

/*
 * An argument that names an existing file is a file; otherwise one that
 * is all digits is a PID. `sections` (VMS_SECT_*) is what to ask a live
 * process for, `source` where from. Prints any error or warning (partial
 * report) and returns VMS_EXIT_OK or VMS_EXIT_FAIL; free `in` with
 * vms_input_free() either way.
 */
int vms_input_load(const char *arg, unsigned int sections, enum vms_source source,
		   struct vms_input *in);

/* A live PID again (watch): replaces in->snap. Same return values. */
int vms_input_reload(struct vms_input *in, unsigned int sections,
		     enum vms_source source);
void vms_input_free(struct vms_input *in);

#endif /* VMSCOPE_INPUT_H */
