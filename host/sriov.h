/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-host: SR-IOV NICs in dom0 — which PFs and VFs there are (sysfs) and
 * the VF settings the PF holds (netlink, libnl-route-3).
 */
#ifndef XVFH_SRIOV_H
#define XVFH_SRIOV_H

#include <net/if.h>
#include <stdbool.h>

#include "xvfproto/value.h"

#define XVFH_MAX_VFS 64

struct xvfh_vf {
	unsigned int index;		/* virtfn<index> of its PF */
	struct xvfp_pci_addr addr;
	char driver[32];		/* bound driver, "" if none */
	struct xvfp_mac mac;		/* as the PF has it */
	bool mac_known;
	int vlan;			/* port VLAN, 0 none, -1 unknown */
};

struct xvfh_pf {
	struct xvfp_pci_addr addr;
	char netdev[IF_NAMESIZE];
	unsigned int total_vfs, num_vfs;
	unsigned int nvfs;
	struct xvfh_vf vf[XVFH_MAX_VFS];
};

/* Every SR-IOV capable PCI function with a netdev, up to @max. */
int xvfh_scan_pfs(struct xvfh_pf *pfs, unsigned int max);
/* The PF and VF index a VF belongs to. */
int xvfh_find_vf(const struct xvfp_pci_addr *vf, struct xvfh_pf *pf,
		 unsigned int *index);
#define XVFH_VLAN_MAX 4094

/*
 * Set VF @index's MAC (an all-zero one clears the filter; NULL leaves it)
 * and port VLAN (0 removes it, -1 leaves it) on PF @netdev, in one
 * request.
 */
int xvfh_set_vf(const char *netdev, unsigned int index,
		const struct xvfp_mac *mac, int vlan);
/* Bind the VF to pciback through driver_override. */
int xvfh_bind_pciback(const struct xvfp_pci_addr *vf);

#endif
