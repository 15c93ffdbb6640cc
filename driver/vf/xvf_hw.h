/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: the VF's control path, the part of it a family does not change.
 *
 * Everything a VF asks of its PF goes through the mailbox; what a family
 * decides (register offsets, how the function is reset, how link is read,
 * limits) is described by one struct xvf_family per device type.
 * Register access is xvf_rd()/xvf_wr(): a real device's BAR, or struct
 * xvf_reg_ops, so KUnit can run all of this against a simulated register
 * file.
 */
#ifndef _XVF_HW_H_
#define _XVF_HW_H_

#include <linux/bits.h>
#include <linux/if_ether.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "xvf_mbx.h"

struct xvf_hw;

struct xvf_reg_ops {
	/*
	 * The simulated device's registers (KUnit).  A real device's are
	 * mapped at xvf_hw.mmio and reached without an indirect call: a
	 * retpolined call per doorbell and per interrupt is part of the cost
	 * of each small frame.
	 */
	u32 (*read)(void *ctx, u32 reg);
	void (*write)(void *ctx, u32 reg, u32 val);
	/* Wait @usecs; may sleep (process context only). */
	void (*delay)(void *ctx, unsigned int usecs);
};

/* Where one queue pair's registers are (queue 0; the next is +stride). */
struct xvf_queue_regs {
	u32 rdbal, rdbah, rdlen, srrctl, rdh, rdt, rxdctl;
	u32 tdbal, tdbah, tdlen, tdh, tdt, txdctl;
	u32 stride;
	u32 queue_enable;	/* the ENABLE bit of RXDCTL and TXDCTL */
	u32 rx_ctl;		/* RXDCTL's other bits (ixgbe: VLAN strip) */
};

/*
 * Where the VF reads its link: a register, its link-up bit and a 2-bit
 * speed field whose values are looked up in @speeds (Mb/s; 0: unknown).
 */
struct xvf_link_regs {
	u32 reg;
	u32 up;
	unsigned int speed_shift;
	unsigned int speeds[4];
	/*
	 * A bit that, set, reads the speed field from @alt_speeds instead
	 * (the X550's 2.5 and 5 Gb/s); 0 where the family has none.
	 */
	u32 alt;
	unsigned int alt_speeds[4];
	/* Reads of up, XVF_LINK_DEBOUNCE_USECS apart, before up counts. */
	unsigned int debounce_reads;
};

#define XVF_LINK_DEBOUNCE_USECS	100

/* Where a family's RX write-back reports errors (status_error bits). */
struct xvf_rx_errors {
	u32 l4;		/* TCP/UDP checksum wrong */
	u32 ip;		/* IPv4 header checksum wrong */
	u32 frame;	/* the frame itself is bad: dropped */
};

/*
 * The VF's extended interrupt registers.  IVAR(n) maps queues 2n and
 * 2n + 1: per queue a byte for RX and one for TX, each a vector number
 * and XVF_IVAR_VALID; IVAR_MISC's low byte maps the mailbox the same way.
 */
struct xvf_irq_regs {
	u32 eims, eimc, eiac, eiam, eitr0;
	u32 ivar0, ivar_misc;
};

#define XVF_IVAR_VALID	BIT(7)

/* The VF's free-running 32-bit statistics registers. */
enum xvf_hw_stat {
	XVF_HWSTAT_RX_PACKETS,
	XVF_HWSTAT_TX_PACKETS,
	XVF_HWSTAT_RX_BYTES,
	XVF_HWSTAT_TX_BYTES,
	XVF_HWSTAT_MULTICAST,	/* multicast frames received */
	XVF_HWSTAT_COUNT
};

/* The counters folded into 64-bit totals, and their last readings. */
struct xvf_hw_stats {
	u64 total[XVF_HWSTAT_COUNT];
	u32 last[XVF_HWSTAT_COUNT];
};

/*
 * What the family's PF speaks beyond the shared messages (RESET, MAC,
 * multicast list, VLAN, frame size): the length of its reset reply, any
 * version to agree on after a reset, and how receive modes and extra
 * unicast addresses are asked for. Each op returns 0, -EPERM for a PF
 * that refuses (or grants less than asked), or a mailbox error.
 */
struct xvf_proto {
	unsigned int reset_reply_words;
	/*
	 * After each reset handshake: settle the mailbox API and learn the
	 * queues the PF grants (hw->api, hw->queues). NULL: nothing to
	 * settle, one queue pair.
	 */
	int (*negotiate)(struct xvf_hw *hw);
	int (*set_xcast)(struct xvf_hw *hw, enum xvf_xcast mode);
	/* @own: the VF's MAC, for a PF that wants an address with a clear. */
	int (*clear_uc)(struct xvf_hw *hw, const u8 *own);
	int (*add_uc)(struct xvf_hw *hw, const u8 *mac);
	/*
	 * The PF's RSS indirection table (XVF_RETA_ENTRIES queue numbers) and
	 * key (XVF_RSS_KEY_BYTES), where the VF reads them from the PF; NULL
	 * where it cannot.
	 */
	int (*get_reta)(struct xvf_hw *hw, u8 *reta);
	int (*get_rss_key)(struct xvf_hw *hw, u8 *key);
};

/*
 * Where the VF sets up RSS itself (the X550s; the 82599's and X540's
 * pools use the PF's table and key): the key's ten registers, the
 * indirection table's (four 8-bit entries a register), and the control
 * register with the value that turns hashing on. reta_entries 0: the
 * family has none of them; at most XVF_RETA_ENTRIES (the table is built
 * on the stack at that size).
 */
struct xvf_vf_rss_regs {
	u32 mrqc;
	u32 mrqc_enable;
	u32 rssrk0;
	u32 reta0;
	unsigned int reta_entries;
};

/* The queues a PF grants its VF, and what else it says about them. */
struct xvf_queue_grant {
	unsigned int tx, rx;
	unsigned int default_queue;
	bool port_vlan;		/* the PF tags and strips a VLAN for the VF */
};

struct xvf_family {
	const char *name;
	const struct xvf_proto *proto;
	u32 stat_regs[XVF_HWSTAT_COUNT];
	struct xvf_queue_regs q;
	struct xvf_irq_regs irq;
	struct xvf_rx_errors rx_err;
	/*
	 * olinfo bits of a data descriptor after a context descriptor: the
	 * ixgbe family applies a context only with CC ("check context") set.
	 */
	u32 tx_ctx_olinfo;
	/* EITR's value for at least @usecs between two interrupts. */
	u32 (*itr)(unsigned int usecs);
	/* SRRCTL for one-buffer advanced descriptors of @buf_size bytes. */
	u32 (*srrctl)(unsigned int buf_size);
	/* Queue pairs a VF of the family may use, and vectors per pair. */
	unsigned int max_queue_pairs;
	unsigned int pair_vectors;
	/*
	 * The VF's PSRTYPE, whose RQPL field tells the NIC over how many
	 * queues RSS spreads the VF's frames; 0 where the family has none.
	 */
	u32 psrtype;
	/* The RX write-back carries a usable RSS hash (NETIF_F_RXHASH). */
	bool rx_hash;
	struct xvf_vf_rss_regs vf_rss;
	u32 mbx_ctl;		/* the VF's mailbox control register */
	u32 mbx_mem;		/* its 16 words of mailbox memory */
	unsigned int max_frame;	/* largest frame the family carries */
	/*
	 * What the PF's frame limit counts beyond the MTU: igb's a VLAN tag
	 * too, the 82599's not (its MAC allows a tag above the limit, and its
	 * PF refuses 1522 for a VF while its own MTU is 1500).
	 */
	unsigned int frame_overhead;
	unsigned int mc_max;	/* multicast hashes the PF takes */
	/*
	 * The stripped VLAN tag of a frame looped back VF to VF is written
	 * back big-endian (an I350 erratum), of any other frame little-endian.
	 */
	bool rx_loopback_vlan_be;
	/* Reset the function (its queues and interrupts, not the PF). */
	void (*reset_function)(struct xvf_hw *hw);
	struct xvf_link_regs link;
};

struct xvf_hw {
	const struct xvf_family *family;
	const struct xvf_reg_ops *regs;
	void *ctx;
	void __iomem *mmio;	/* BAR 0 of a real device; NULL: regs */
	/* Serialises the mailbox: one request and its reply at a time. */
	struct mutex mbx_lock;
	struct xvf_mbx mbx;
	u8 perm_addr[ETH_ALEN];
	bool perm_addr_valid;	/* false: the PF gave none */
	unsigned int max_frame;	/* as last accepted by the PF */
	/* Settled at each reset (struct xvf_proto). */
	unsigned int api;		/* XVF_API_*: the mailbox version */
	unsigned int mc_filter_type;	/* which address bits the hash takes */
	struct xvf_queue_grant queues;
	unsigned int uc_filters;	/* extra unicast addresses the PF holds */
	/*
	 * The key a family with its own RSS registers hashes with: key byte
	 * 0 is RSSRK(0)'s low byte.
	 */
	__le32 rss_key[XVF_RSS_KEY_BYTES / 4];
};

/*
 * Mailbox timing: first poll after 10 us, backing off; give the PF 1 s
 * per step, as ixgbevf does: a dom0 under load (and QEMU's TCG) can take
 * hundreds of milliseconds to answer.
 */
#define XVF_MBX_POLL_USECS	10
#define XVF_MBX_TIMEOUT_USECS	1000000
/* A second look before an all-ones read counts as a removal. */
#define XVF_GONE_RECHECK_USECS	1000
/*
 * How long a function reset may take before the PF signals it is done,
 * and how long to look for an indication that it started.
 */
#define XVF_RESET_TIMEOUT_USECS	200000
#define XVF_RESET_SETTLE_USECS	1000
/* Reset handshakes probe tries before it gives up on the PF. */
#define XVF_PROBE_RESET_TRIES	3

void xvf_hw_init(struct xvf_hw *hw, const struct xvf_family *family,
		 const struct xvf_reg_ops *regs, void *ctx);
/*
 * One request and its reply under the mailbox lock (for the families'
 * protocol ops): -EPERM for a NACK.
 */
int xvf_hw_request(struct xvf_hw *hw, u32 *msg, unsigned int words,
		   unsigned int reply_words);

static inline u32 xvf_rd(struct xvf_hw *hw, u32 reg)
{
	if (likely(hw->mmio))
		return readl(hw->mmio + reg);
	return hw->regs->read(hw->ctx, reg);
}

static inline void xvf_wr(struct xvf_hw *hw, u32 reg, u32 val)
{
	if (likely(hw->mmio))
		writel(val, hw->mmio + reg);
	else
		hw->regs->write(hw->ctx, reg, val);
}

/*
 * Reset the function and run the reset handshake with the PF: on success
 * perm_addr holds the MAC the PF assigned (perm_addr_valid false if it
 * assigned none).  -ETIMEDOUT if the PF never finishes the reset, -ENODEV
 * if the device is gone.
 */
int xvf_hw_reset(struct xvf_hw *hw);
/*
 * xvf_hw_reset() up to @tries times while the PF does not answer
 * (-ETIMEDOUT): a PF that did not serve one request (seen under TCG right
 * after its VFs were enabled) may serve the next.  For probe, which has
 * no watchdog behind it yet to try again.
 */
int xvf_hw_reset_tries(struct xvf_hw *hw, unsigned int tries);
/* -EPERM if the PF refuses (an administratively set MAC, for one). */
int xvf_hw_set_mac(struct xvf_hw *hw, const u8 *mac);
/*
 * @addrs: @count MACs, ETH_ALEN bytes each, back to back.  -ENOSPC for
 * more addresses than the family's PF takes.
 */
int xvf_hw_set_multicast(struct xvf_hw *hw, const u8 *addrs,
			 unsigned int count);
/*
 * -EPERM if the PF refuses the mode: PFs of the igb family never give a
 * VF unicast promiscuous mode, others only to a VF the admin trusts.
 */
int xvf_hw_set_xcast(struct xvf_hw *hw, enum xvf_xcast mode);
/*
 * The extra unicast addresses (macvlan, a failover master's list) the
 * PF's switch sends to this VF; @own is the VF's MAC, for the clear.
 * -EPERM from add: the PF has no room, or set the VF's MAC itself and
 * does not trust the VF with more.
 */
int xvf_hw_clear_uc(struct xvf_hw *hw, const u8 *own);
int xvf_hw_add_uc(struct xvf_hw *hw, const u8 *mac);
int xvf_hw_set_vlan(struct xvf_hw *hw, u16 vid, bool add);
/* -EINVAL above the family's maximum, -EPERM if the PF refuses. */
int xvf_hw_set_max_frame(struct xvf_hw *hw, unsigned int max_frame);
/*
 * Read the statistics registers into @st.  @rebase after a function reset
 * (or the first time): take the readings as the new base, count nothing.
 * Call at least every few seconds, or a counter may wrap twice unseen.
 */
void xvf_hw_update_stats(struct xvf_hw *hw, struct xvf_hw_stats *st,
			 bool rebase);
/*
 * The RSS table and key the PF uses for this VF: -EOPNOTSUPP where the
 * family or the agreed API has no such message, -EPERM if the admin did
 * not allow the query (ip link set <PF> vf <N> query_rss on).
 */
int xvf_hw_get_reta(struct xvf_hw *hw, u8 *reta);
int xvf_hw_get_rss_key(struct xvf_hw *hw, u8 *key);
/*
 * Route queue @queue's RX and TX causes to MSI-X vectors, and the
 * mailbox's; tell the NIC how many queues RSS may spread over (1, 2, 4).
 */
void xvf_hw_map_queue_irq(struct xvf_hw *hw, unsigned int queue,
			  unsigned int rx_vector, unsigned int tx_vector);
void xvf_hw_map_mbx_irq(struct xvf_hw *hw, unsigned int vector);
void xvf_hw_set_rss_queues(struct xvf_hw *hw, unsigned int queues);
/*
 * The indirection table in use where the VF programs its own (entry i
 * is i modulo the queues): @reta gets vf_rss.reta_entries entries.
 */
void xvf_hw_vf_reta(const struct xvf_hw *hw, unsigned int queues, u32 *reta);
/* Link state from the family's link register; speed in Mb/s. */
bool xvf_hw_link_up(struct xvf_hw *hw, unsigned int *speed);
/* True if the registers read all-ones: the device is gone. */
bool xvf_hw_gone(struct xvf_hw *hw);

extern const struct xvf_family xvf_family_82576;
extern const struct xvf_family xvf_family_i350;
extern const struct xvf_family xvf_family_82599;
extern const struct xvf_family xvf_family_x540;
extern const struct xvf_family xvf_family_x550;
extern const struct xvf_family xvf_family_x550em_x;
extern const struct xvf_family xvf_family_x550em_a;

#endif /* _XVF_HW_H_ */
