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
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include "xvf_hw.h"

#define XVF_DRV_NAME	"xvf"
/* How often link and PF resets are looked at. */
#define XVF_WATCHDOG_MS	1000

/*
 * 1024 descriptors: with 256, a bulk TCP receive under QEMU's emulation
 * overran the RX ring (115 s instead of 3 s for 16 MiB, make bench's
 * vf-bench); why the ring drains slower than igbvf's 256 is still open.
 */
#define XVF_RING_SIZE		1024
/* No interrupt throttling (EITR 0): NAPI batches under load. */
#define XVF_EITR_DEFAULT	0

struct xvf_tx_buf {
	struct sk_buff *skb;	/* on a frame's first buffer */
	dma_addr_t dma;
	unsigned int len;	/* mapped length, 0 if not mapped */
	unsigned int bytes;	/* the frame's length, on its first buffer */
	u16 last;		/* the frame's last descriptor */
	bool is_page;
};

struct xvf_rx_buf {
	struct page *page;
	dma_addr_t dma;
};

struct xvf_ring {
	void *desc;
	dma_addr_t dma;
	unsigned int size;	/* bytes of descriptors */
	u16 count, next_to_use, next_to_clean;
	union {
		void *bufs;
		struct xvf_tx_buf *tx;
		struct xvf_rx_buf *rx;
	};
	struct sk_buff *skb;	/* RX: the frame being assembled */
	bool discarding;	/* RX: drop buffers until the next EOP */
	struct u64_stats_sync syncp;
	u64 packets, bytes;
	u64 restarts;		/* TX: queue stopped for lack of room */
	u64 errors;		/* RX: frames with an error bit */
	u64 alloc_failed;	/* RX: no page or skb */
};

struct xvf_adapter {
	struct net_device *netdev;
	struct pci_dev *pdev;
	void __iomem *io;
	struct xvf_hw hw;
	struct napi_struct napi;
	struct xvf_ring tx_ring, rx_ring;
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

/* The data path (xvf_rings.c). */
int xvf_up(struct xvf_adapter *adapter);
void xvf_down(struct xvf_adapter *adapter);
netdev_tx_t xvf_xmit(struct sk_buff *skb, struct net_device *netdev);
int xvf_poll(struct napi_struct *napi, int budget);
bool xvf_work_pending(struct xvf_adapter *adapter);
void xvf_get_stats64(struct net_device *netdev, struct rtnl_link_stats64 *s);
void xvf_set_ethtool_ops(struct net_device *netdev);

/* Redo the handshake after a PF reset and restore what the stack set. */
int xvf_restore(struct xvf_adapter *adapter);
void xvf_watchdog(struct work_struct *work);
void xvf_rx_mode_work(struct work_struct *work);

#endif /* _XVF_H_ */
