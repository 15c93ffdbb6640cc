// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: one network driver for Intel SR-IOV virtual functions of the igb
 * family (82576, I350) and the ixgbe family (82599, X540, X550), built to
 * be paired with xen-netfront by xvf_failover.
 *
 * This module currently carries the family-independent mailbox layer
 * (xvf_mbx.c) and ring arithmetic (xvf_ring.h); the PCI driver, netdev and
 * data path are added on top of them.
 */
#include <linux/module.h>

static int __init xvf_init(void)
{
	return 0;
}

static void __exit xvf_exit(void)
{
}

module_init(xvf_init);
module_exit(xvf_exit);

MODULE_DESCRIPTION("xvf: Intel SR-IOV VF driver for Xen guests (mailbox core)");
MODULE_LICENSE("GPL");
