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

#include "xvf_filter.h"
#include "xvf_hw.h"

#define XVF_DRV_NAME	"xvf"
/* How often link and PF resets are looked at. */
#define XVF_WATCHDOG_MS	1000
/*
 * Frames outstanding and none completed for this long: look at the
 * queues now, not at the watchdog's next round (xvf_stall_work()).  The
 * device completes within an interrupt moderation interval (under 1 ms).
 */
#define XVF_TX_STALL_MS	20

/* Descriptors per ring (ethtool -G): a multiple of 8, 128-byte aligned. */
#define XVF_RING_DEFAULT	1024
#define XVF_RING_MIN		64
#define XVF_RING_MAX		4096
#define XVF_RING_ALIGN		8
/* How long a queue may take to show that it started or stopped. */
#define XVF_QUEUE_ENABLE_USECS	10000
/*
 * Interrupt moderation (ethtool -C rx-usecs/tx-usecs): the least gap
 * between two interrupts of one vector.  A lone frame is still signalled
 * at once.  150 us is about where igbvf starts (~6000 interrupts/s); with
 * none, a 64-byte UDP flood took an interrupt for most frames sent and
 * xvf reached 70-80 % of igbvf's packet rate (make bench's vm/driver-bench).
 */
#define XVF_ITR_USECS_DEFAULT	150
#define XVF_ITR_USECS_MAX	8191

/*
 * Queue pairs: as many as the PF grants, the family allows, the MSI-X
 * vectors cover and there are CPUs for (ethtool -L chooses fewer).
 */
#define XVF_MAX_QUEUE_PAIRS	4

/*
 * MSI-X: each pair has the family's vectors (struct xvf_family's
 * pair_vectors): the igb family TX on the first and RX on the second,
 * as igbvf does, the ixgbe family one for both, as ixgbevf does; the
 * vector after the last pair's is the mailbox's.  The igb layout matters
 * beyond taste: QEMU's igb model ORs each VTIVAR write into the PF's IVAR
 * and never clears it across a VF reset, so a VF that igbvf drove earlier
 * in the same boot keeps RX on vector 1 whatever a later driver writes.
 * With one vector for both causes xvf then never heard of received frames
 * (make bench's vm/driver-bench: TCP stalls of 60-70 s).
 */
#define XVF_MAX_VECTORS		(2 * XVF_MAX_QUEUE_PAIRS + 1)

/* Interrupt moderation is set per direction (ethtool -C). */
enum xvf_itr_dir {
	XVF_ITR_TX,
	XVF_ITR_RX,
	XVF_ITR_DIRS
};

struct xvf_tx_buf {
	struct sk_buff *skb;	/* on a frame's first buffer */
	dma_addr_t dma;
	unsigned int len;	/* mapped length, 0 if not mapped */
	unsigned int bytes;	/* the frame's bytes on the wire, on its first slot */
	u16 segs;		/* frames on the wire (TSO), on its first slot */
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
	u16 queue;		/* the pair's index: registers, stack queue */
	u32 tail;		/* the tail register (TDT or RDT) */
	/* TX: jiffies of the last completion, or of an empty ring */
	unsigned long progress;
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
	u64 tso;		/* TX: frames segmented by the device */
	u64 csum_offloaded;	/* TX: frames checksummed by the device */
	u64 csum_errors;	/* RX: the device found a wrong checksum */
	u64 errors;		/* RX: frames with an error bit */
	u64 alloc_failed;	/* RX: no page or skb */
	u64 ran_dry;		/* RX: a refill left no buffer with the device */
	u64 delivered_at_stop;	/* RX: frames handed up as the queue stopped */
};

struct xvf_adapter;

/* One queue pair: its rings, its NAPI context and its vectors. */
struct xvf_qvec {
	struct xvf_adapter *adapter;
	struct napi_struct napi;
	struct xvf_ring tx, rx;
	unsigned int first_vector;
	u32 eims;		/* the EIMS bits of the pair's vectors */
	/* The RX ring short of pages: NAPI tries again when this fires. */
	struct timer_list rx_refill_timer;
	char irq_names[2][IFNAMSIZ + 16];
};

struct xvf_adapter {
	struct net_device *netdev;
	struct pci_dev *pdev;
	void __iomem *io;
	struct xvf_hw hw;
	struct xvf_qvec qv[XVF_MAX_QUEUE_PAIRS];
	/* Pairs in use (set by xvf_up()), and those ethtool -L asked for. */
	unsigned int num_pairs, want_pairs;
	unsigned int num_vectors;	/* MSI-X vectors allocated */
	bool mbx_vector;		/* the last of them is the mailbox's */
	char mbx_irq_name[IFNAMSIZ + 8];
	/* Link, PF reset and surprise removal, in process context. */
	struct delayed_work watchdog;
	/* ndo_set_rx_mode runs atomic; the mailbox sleeps. */
	struct work_struct rx_mode_work;
	struct xvf_filter_state filters;	/* rx_mode_work's */
	unsigned long filters_lost;	/* bit 0: the PF forgot them, resend */
	/* Transmit stalled: are the queues still ours?  (from the timer) */
	struct work_struct stall_work;
	/* Frames outstanding: has the device completed any lately? */
	struct timer_list tx_stall_timer;
	/* VLANs the stack asked for, restored after a PF reset. */
	DECLARE_BITMAP(vlans, VLAN_N_VID);
	unsigned int link_speed;	/* Mb/s, 0 when down */
	/* Smallest gap between two interrupts of a vector, 0 for none. */
	u16 itr_usecs[XVF_ITR_DIRS];
	u16 tx_ring_count, rx_ring_count;	/* for the next xvf_up() */
	bool rings_up;			/* xvf_up() done, xvf_down() not yet */
	bool gone;			/* registers read all-ones */
	bool needs_restore;		/* a PF reset not yet recovered from */
	bool restoring;			/* in xvf_restore(), under RTNL */
	/*
	 * A request from the stack redoes the handshake inline (under RTNL):
	 * the watchdog, which the mailbox vector may queue meanwhile, keeps
	 * off the rings until it is done.
	 */
	bool handshaking;
	/* Reset the function at the watchdog's next round (TX timeout). */
	bool reset_requested;
	/*
	 * The queues were found disabled behind our back (a function
	 * reset we did not ask for): carrier stays off until the watchdog
	 * has restored them.  Set from xvf_stall_work() too.
	 */
	unsigned long queues_lost;	/* bit 0, test_and_set_bit() */
	u64 queue_losses;		/* times queues_lost was set */
	/*
	 * Transmit hung with the queues enabled: carrier stays off until a
	 * completion comes (bit 0).  stall_mark and stall_at: the last
	 * stall check's xvf_tx_clean_mark() and time.
	 */
	unsigned long tx_hung;
	u32 stall_mark;
	unsigned long stall_at;
	u64 tx_hangs;
	u64 stall_checks;		/* xvf_stall_work() runs */
	u64 tx_timeouts;
	u64 restarts;			/* handshakes redone after PF resets */
	u64 restart_failures;
	u64 watchdog_polls;	/* completions found with no interrupt */
	u64 stall_polls;	/* the same, found by the stall check */
	/* The VF's hardware counters (ip -s link), folded by the watchdog. */
	spinlock_t hw_stats_lock;
	struct xvf_hw_stats hw_stats;
};

extern const struct net_device_ops xvf_netdev_ops;

/* The data path (xvf_txrx.c). */
void xvf_init_pairs(struct xvf_adapter *adapter);
void xvf_del_pairs(struct xvf_adapter *adapter);
int xvf_alloc_vectors(struct xvf_adapter *adapter);
void xvf_free_vectors(struct xvf_adapter *adapter);
unsigned int xvf_pairs_possible(struct xvf_adapter *adapter);
int xvf_set_pairs(struct xvf_adapter *adapter);
int xvf_up(struct xvf_adapter *adapter);
void xvf_down(struct xvf_adapter *adapter);
netdev_tx_t xvf_xmit(struct sk_buff *skb, struct net_device *netdev);
void xvf_tx_stop_and_recheck(struct xvf_adapter *adapter,
			     struct xvf_ring *ring);
bool xvf_poll_missed(struct xvf_adapter *adapter);
u32 xvf_tx_clean_mark(struct xvf_adapter *adapter);
bool xvf_queues_disabled(struct xvf_adapter *adapter);
void xvf_write_itr(struct xvf_adapter *adapter);
void xvf_get_stats64(struct net_device *netdev, struct rtnl_link_stats64 *s);
void xvf_set_ethtool_ops(struct net_device *netdev);

int xvf_open(struct net_device *netdev);
int xvf_stop(struct net_device *netdev);

/* Redo the handshake after a PF reset and restore what the stack set. */
int xvf_restore(struct xvf_adapter *adapter);
int xvf_set_frame_for_mtu(struct xvf_adapter *adapter, unsigned int mtu);
void xvf_watchdog(struct work_struct *work);
void xvf_rx_mode_work(struct work_struct *work);
void xvf_stall_work(struct work_struct *work);
void xvf_tx_stall_timer(struct timer_list *t);
bool xvf_note_queues_lost(struct xvf_adapter *adapter);
void xvf_fold_hw_stats(struct xvf_adapter *adapter, bool rebase);

#endif /* _XVF_H_ */
