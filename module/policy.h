/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NUMA memory policies (policy.c): a copy of a policy's figures, and its
 * text as numa_maps prints it.
 */
#ifndef VMSCOPE_POLICY_H
#define VMSCOPE_POLICY_H

#include <linux/nodemask.h>
#include <linux/types.h>

struct mempolicy;

/**
 * struct vms_policy - the figures of a memory policy, copied
 * @known: the policy could be read (a VMA whose get_policy() the module
 *	   cannot follow has none)
 * @mode: MPOL_* (uapi); MPOL_DEFAULT for no policy
 * @flags: its mode flags (MPOL_F_STATIC_NODES, ...)
 * @nodes: its nodes
 */
struct vms_policy {
	bool known;
	unsigned short mode;
	unsigned short flags;
	nodemask_t nodes;
};

/* The longest text vms_policy_text() writes for MAX_NUMNODES nodes fits. */
#define VMS_POLICY_TEXT_MAX	64

void vms_policy_copy(struct vms_policy *p, const struct mempolicy *pol);
bool vms_policy_names_nodes(const struct vms_policy *p);
const char *vms_policy_word(const struct vms_policy *p);
int vms_policy_text(char *buf, size_t len, const struct vms_policy *p);
u64 vms_policy_misplaced(const struct vms_policy *p, const u64 *node,
			 unsigned int nr_nodes);

#endif /* VMSCOPE_POLICY_H */
