/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: the driver's per-device state, shared by the PCI glue (xvf_main.c),
 * the netdev operations (xvf_netdev.c) and ethtool (xvf_ethtool.c).
 */
#ifndef _XVF_H_
#define _XVF_H_

#include <linux/bitmap.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/workqueue.h>

#include "xvf_hw.h"

#define XVF_DRV_NAME	"xvf"
/* How often link and PF resets are looked at. */
#define XVF_WATCHDOG_MS	1000

struct xvf_adapter {
	struct net_device *netdev;
	struct pci_dev *pdev;
	void __iomem *io;
	struct xvf_hw hw;
	/* Link, PF reset and surprise removal, in process context. */
	struct delayed_work watchdog;
	/* ndo_set_rx_mode runs atomic; the mailbox sleeps. */
	struct work_struct rx_mode_work;
	/* VLANs the stack asked for, restored after a PF reset. */
	DECLARE_BITMAP(vlans, VLAN_N_VID);
	unsigned int link_speed;	/* Mb/s, 0 when down */
	bool gone;			/* registers read all-ones */
	bool needs_restore;		/* a PF reset not yet recovered from */
	u64 restarts;			/* handshakes redone after PF resets */
	u64 restart_failures;
};

extern const struct net_device_ops xvf_netdev_ops;
void xvf_set_ethtool_ops(struct net_device *netdev);

/* Redo the handshake after a PF reset and restore what the stack set. */
int xvf_restore(struct xvf_adapter *adapter);
void xvf_watchdog(struct work_struct *work);
void xvf_rx_mode_work(struct work_struct *work);

#endif /* _XVF_H_ */
