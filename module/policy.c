// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA memory policies as numa_maps shows them.
 *
 * mpol_to_str() is not exported, so its text is rebuilt here from the
 * policy's mode, flags and nodes (uapi values, stable): the mode's name,
 * "=static", "=relative" and "balancing" for the mode flags, and
 * ":NODELIST" when the policy has nodes. A missing policy (NULL: the
 * task has none, or a VMA falls back to the task's) is "default", as
 * numa_maps prints the kernel's default and per-node preferred policies.
 *
 * Plain functions over a copied policy: the glue that copies it (walk.c,
 * report.c) does the locking, and KUnit tests the text.
 */
#include <linux/kernel.h>
#include <linux/mempolicy.h>
#include <linux/string.h>
#include "policy.h"

/* numa_maps' names of the modes, by their uapi values. */
static const char * const vms_policy_modes[] = {
	[0] = "default",		/* MPOL_DEFAULT */
	[1] = "prefer",			/* MPOL_PREFERRED */
	[2] = "bind",			/* MPOL_BIND */
	[3] = "interleave",		/* MPOL_INTERLEAVE */
	[4] = "local",			/* MPOL_LOCAL */
	[5] = "prefer (many)",		/* MPOL_PREFERRED_MANY */
	[6] = "weighted interleave",	/* MPOL_WEIGHTED_INTERLEAVE (6.9) */
};

/**
 * vms_policy_copy() - copy a policy's figures
 * @p: the copy
 * @pol: the policy, or NULL for none (the default)
 *
 * The caller holds what keeps @pol alive (see walker.rst, "Policies").
 */
void vms_policy_copy(struct vms_policy *p, const struct mempolicy *pol)
{
	p->known = true;
	p->mode = MPOL_DEFAULT;
	p->flags = 0;
	nodes_clear(p->nodes);
	if (!pol)
		return;
	p->mode = READ_ONCE(pol->mode);
	p->flags = READ_ONCE(pol->flags);
	p->nodes = pol->nodes;
}

/* The modes whose nodes say where pages belong. */
static bool vms_policy_has_nodes(unsigned short mode)
{
	return mode == 1 || mode == 2 || mode == 3 || mode == 5 || mode == 6;
}

/**
 * vms_policy_names_nodes() - does the policy say where pages belong?
 * @p: the policy
 *
 * Return: true for a known policy with nodes (prefer, bind, interleave and
 * their variants), the policies by which pages can be misplaced.
 */
bool vms_policy_names_nodes(const struct vms_policy *p)
{
	return p->known && vms_policy_has_nodes(p->mode) &&
	       !nodes_empty(p->nodes);
}

/**
 * vms_policy_misplaced() - resident bytes on nodes the policy does not name
 * @p: the policy
 * @node: bytes per node (rss + hugetlb), indexed by node id
 * @nr_nodes: entries of @node
 *
 * For a policy that names nodes (vms_policy_names_nodes()), the bytes on
 * every other node; 0 for default, local and a policy that could not be
 * read. A sum over node figures: the misplaced bytes of VMAs under one
 * policy are those of their summed figures.
 *
 * Return: the bytes.
 */
u64 vms_policy_misplaced(const struct vms_policy *p, const u64 *node,
			 unsigned int nr_nodes)
{
	unsigned int i;
	u64 sum = 0;

	if (!vms_policy_names_nodes(p))
		return 0;
	for (i = 0; i < nr_nodes && i < MAX_NUMNODES; i++)
		if (!node_isset(i, p->nodes))
			sum += node[i];
	return sum;
}

/**
 * vms_policy_word() - the policy's text, when it is a word of its own
 * @p: the policy
 *
 * Most VMAs have the default policy: its text is a constant, with nothing
 * to escape, and need not be formatted.
 *
 * Return: what vms_policy_text() writes, for MPOL_DEFAULT and MPOL_LOCAL
 * without mode flags; NULL for any other policy.
 */
const char *vms_policy_word(const struct vms_policy *p)
{
	if ((p->mode == 0 || p->mode == 4) && !(p->flags & MPOL_MODE_FLAGS))
		return vms_policy_modes[p->mode];
	return NULL;
}

/**
 * vms_policy_text() - the policy as numa_maps prints it
 * @buf: where the text goes, NUL-terminated
 * @len: its size (VMS_POLICY_TEXT_MAX is enough)
 * @p: the policy
 *
 * Return: the length of the text, as scnprintf().
 */
int vms_policy_text(char *buf, size_t len, const struct vms_policy *p)
{
	unsigned short flags = p->flags & MPOL_MODE_FLAGS;
	bool nodes = false;
	int n;

	switch (p->mode) {
	case 0:	/* MPOL_DEFAULT */
	case 4:	/* MPOL_LOCAL */
		break;
	default:
		if (!vms_policy_has_nodes(p->mode))
			return scnprintf(buf, len, "unknown");
		nodes = !nodes_empty(p->nodes);
		break;
	}
	n = scnprintf(buf, len, "%s", vms_policy_modes[p->mode]);
	if (flags) {
		n += scnprintf(buf + n, len - n, "=");
		if (flags & MPOL_F_STATIC_NODES)
			n += scnprintf(buf + n, len - n, "static");
		else if (flags & MPOL_F_RELATIVE_NODES)
			n += scnprintf(buf + n, len - n, "relative");
		if (flags & MPOL_F_NUMA_BALANCING) {
			if (!is_power_of_2(flags))
				n += scnprintf(buf + n, len - n, "|");
			n += scnprintf(buf + n, len - n, "balancing");
		}
	}
	if (nodes)
		n += scnprintf(buf + n, len - n, ":%*pbl",
			       nodemask_pr_args(&p->nodes));
	return n;
}
