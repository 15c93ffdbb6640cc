// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: the ixgbe family (82599, X540, X550 VFs): the VF's register layout
 * and the versioned mailbox protocol of the family's PF.
 *
 * Two queue pairs with RSS on the 82599 and X540 (the PF's table and
 * key), one on the X550s.  Each device id has its entry: the 82599's runs
 * on the tree's model, the X540's and X550s' follow the datasheets and
 * Linux's ixgbe PF and are untested (docs/design.md).
 */
#include <linux/bits.h>
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/minmax.h>

#include "xvf_hw.h"
#include "xvf_kunit.h"

/* VF registers (82599 datasheet, "Virtual Function Registers"). */
#define XVF_IXGBE_VFCTRL	0x0000
#define XVF_IXGBE_VFLINKS	0x0010
#define XVF_IXGBE_VFMBMEM	0x0200
#define XVF_IXGBE_VFMAILBOX	0x02fc
#define XVF_IXGBE_VFPSRTYPE	0x0300

#define XVF_IXGBE_VFCTRL_RST	BIT(26)
#define XVF_IXGBE_LINKS_UP	BIT(30)
#define XVF_IXGBE_LINKS_SPEED_SHIFT	28
#define XVF_IXGBE_LINKS_NON_STD	BIT(27)	/* X550: 2.5 or 5 Gb/s */
#define XVF_IXGBE_SRRCTL_DESCTYPE_ADV_ONEBUF	BIT(25)
#define XVF_IXGBE_SRRCTL_DROP_EN	BIT(28)

/* RX write-back errors (82599 datasheet, advanced RX descriptors). */
#define XVF_IXGBE_RXD_ERR_CE	BIT(24)	/* CRC */
#define XVF_IXGBE_RXD_ERR_LE	BIT(25)	/* length */
#define XVF_IXGBE_RXD_ERR_PE	BIT(27)	/* byte or symbol */
#define XVF_IXGBE_RXD_ERR_OSE	BIT(28)	/* oversize */
#define XVF_IXGBE_RXD_ERR_USE	BIT(29)	/* undersize, any MAC error */
#define XVF_IXGBE_RXD_ERR_TCPE	BIT(30)	/* TCP/UDP checksum */
#define XVF_IXGBE_RXD_ERR_IPE	BIT(31)	/* IPv4 header checksum */
/* Check context: the data descriptor uses the context IDX names. */
#define XVF_IXGBE_TXD_CC	BIT(7)
/* VTEITR: 2 us units in bits 11:3; no write-back of the counter. */
#define XVF_IXGBE_EITR_MASK	0x0ff8
#define XVF_IXGBE_EITR_CNT_WDIS	BIT(31)

/* Frames up to 9.5 KB, 30 multicast hashes, up to 8 queue pairs. */
#define XVF_IXGBE_MAX_FRAME	9728
#define XVF_IXGBE_MC_MAX	30
#define XVF_IXGBE_MAX_QUEUES	8

/*
 * The versions xvf speaks, newest first: it asks for each in turn and
 * steps down at every NACK. Among these the protocol's numbers grow with
 * the version (only 2.0, which xvf never asks for, breaks the order), so
 * "at least 1.2" is a comparison.
 */
static const unsigned int xvf_ixgbe_apis[] = {
	XVF_API_14, XVF_API_13, XVF_API_12, XVF_API_11, XVF_API_10,
};

static int xvf_ixgbe_ask_api(struct xvf_hw *hw, unsigned int api)
{
	u32 msg[XVF_MBX_WORDS] = { XVF_MSG_API_NEGOTIATE, api };

	return xvf_hw_request(hw, msg, 2, 1);
}

/*
 * From API 1.1 the PF says how many queues the VF has; a PF that refuses
 * leaves it one pair. Counts out of range are clamped, not trusted.
 */
static int xvf_ixgbe_get_queues(struct xvf_hw *hw)
{
	u32 msg[XVF_MBX_WORDS] = { XVF_MSG_GET_QUEUES };
	struct xvf_queue_grant *q = &hw->queues;
	int err;

	if (hw->api < XVF_API_11)
		return 0;
	err = xvf_hw_request(hw, msg, 1, XVF_MSG_QUEUES_WORDS);
	if (err == -EPERM)
		return 0;
	if (err)
		return err;
	q->tx = clamp_t(u32, msg[XVF_MSG_QUEUES_TX], 1, XVF_IXGBE_MAX_QUEUES);
	q->rx = clamp_t(u32, msg[XVF_MSG_QUEUES_RX], 1, XVF_IXGBE_MAX_QUEUES);
	q->port_vlan = msg[XVF_MSG_QUEUES_VLAN] != 0;
	q->default_queue = msg[XVF_MSG_QUEUES_DEFAULT] < q->rx ?
			   msg[XVF_MSG_QUEUES_DEFAULT] : 0;
	return 0;
}

/*
 * A PF that refuses every version still speaks 1.0 (the terms the reset
 * left in hw->api); a timeout or a reset in between is an error.
 */
static int xvf_ixgbe_negotiate(struct xvf_hw *hw)
{
	unsigned int i;
	int err = -EPERM;

	for (i = 0; i < ARRAY_SIZE(xvf_ixgbe_apis) && err == -EPERM; i++)
		err = xvf_ixgbe_ask_api(hw, xvf_ixgbe_apis[i]);
	if (!err)
		hw->api = xvf_ixgbe_apis[i - 1];
	else if (err != -EPERM)
		return err;
	return xvf_ixgbe_get_queues(hw);
}

static const u32 xvf_ixgbe_xcast_msg[] = {
	[XVF_XCAST_MULTI] = XVF_MSG_XCAST_MULTI,
	[XVF_XCAST_ALLMULTI] = XVF_MSG_XCAST_ALLMULTI,
	[XVF_XCAST_PROMISC] = XVF_MSG_XCAST_PROMISC,
};

/*
 * Receive modes from API 1.2 (promiscuous from 1.3, and never on an
 * 82599). The PF grants an untrusted VF multicast at most and says so
 * in an ACK: less than asked is a refusal here.
 */
static int xvf_ixgbe_set_xcast(struct xvf_hw *hw, enum xvf_xcast mode)
{
	u32 want = xvf_ixgbe_xcast_msg[mode];
	u32 msg[XVF_MBX_WORDS] = { XVF_MSG_UPDATE_XCAST, want };
	int err;

	if (hw->api < XVF_API_12)
		return -EPERM;
	err = xvf_hw_request(hw, msg, 2, 2);
	if (err)
		return err;
	return msg[1] < want ? -EPERM : 0;
}

static int xvf_ixgbe_clear_uc(struct xvf_hw *hw, const u8 *own)
{
	u32 msg[XVF_MBX_WORDS];

	return xvf_hw_request(hw, msg, xvf_msg_set_macvlan(msg, 0, NULL), 1);
}

/* The PF numbers the filters: the next one is one past those it holds. */
static int xvf_ixgbe_add_uc(struct xvf_hw *hw, const u8 *mac)
{
	u32 msg[XVF_MBX_WORDS];
	unsigned int words = xvf_msg_set_macvlan(msg, hw->uc_filters + 1, mac);

	return xvf_hw_request(hw, msg, words, 1);
}

/* From API 1.2, if the admin lets the VF query the PF's RSS setup. */
static int xvf_ixgbe_get_reta(struct xvf_hw *hw, u8 *reta)
{
	unsigned int words = XVF_RETA_ENTRIES / XVF_MSG_RETA_PER_WORD, i;
	u32 msg[XVF_MBX_WORDS] = { XVF_MSG_GET_RETA };
	int err;

	if (hw->api < XVF_API_12)
		return -EOPNOTSUPP;
	err = xvf_hw_request(hw, msg, 1, 1 + words);
	if (err)
		return err;
	for (i = 0; i < XVF_RETA_ENTRIES; i++)
		reta[i] = msg[1 + i / XVF_MSG_RETA_PER_WORD] >>
			  (2 * (i % XVF_MSG_RETA_PER_WORD)) & 3;
	return 0;
}

static int xvf_ixgbe_get_rss_key(struct xvf_hw *hw, u8 *key)
{
	u32 msg[XVF_MBX_WORDS] = { XVF_MSG_GET_RSS_KEY };
	unsigned int i;
	int err;

	if (hw->api < XVF_API_12)
		return -EOPNOTSUPP;
	err = xvf_hw_request(hw, msg, 1, 1 + XVF_RSS_KEY_BYTES / 4);
	if (err)
		return err;
	for (i = 0; i < XVF_RSS_KEY_BYTES; i++)
		key[i] = msg[1 + i / 4] >> (8 * (i % 4));
	return 0;
}

static const struct xvf_proto xvf_ixgbe_proto = {
	.reset_reply_words = XVF_MSG_RESET_MC_TYPE + 1,
	.negotiate = xvf_ixgbe_negotiate,
	.set_xcast = xvf_ixgbe_set_xcast,
	.clear_uc = xvf_ixgbe_clear_uc,
	.add_uc = xvf_ixgbe_add_uc,
	.get_reta = xvf_ixgbe_get_reta,
	.get_rss_key = xvf_ixgbe_get_rss_key,
};

static void xvf_ixgbe_reset_function(struct xvf_hw *hw)
{
	xvf_wr(hw, XVF_IXGBE_VFCTRL, XVF_IXGBE_VFCTRL_RST);
}

static u32 xvf_ixgbe_itr(unsigned int usecs)
{
	return ((usecs << 2) & XVF_IXGBE_EITR_MASK) | XVF_IXGBE_EITR_CNT_WDIS;
}

/* BSIZEPKT counts 1 KB units. */
static u32 xvf_ixgbe_srrctl(unsigned int buf_size)
{
	return (buf_size / 1024) | XVF_IXGBE_SRRCTL_DESCTYPE_ADV_ONEBUF |
	       XVF_IXGBE_SRRCTL_DROP_EN;
}

/*
 * The layout every ixgbe-family VF shares (the X540's and X550's VF
 * registers are the 82599's).  The byte counters are 36 bits over two
 * registers; their low 32 bits alone wrap every 3.4 s at 10 Gb/s, within
 * the 1 s the counters are folded at (xvf_hw_update_stats).
 */
#define XVF_IXGBE_FAMILY \
	.stat_regs = { \
		[XVF_HWSTAT_RX_PACKETS] = 0x101c,	/* VFGPRC */ \
		[XVF_HWSTAT_TX_PACKETS] = 0x201c,	/* VFGPTC */ \
		[XVF_HWSTAT_RX_BYTES] = 0x1020,		/* VFGORC_LSB */ \
		[XVF_HWSTAT_TX_BYTES] = 0x2020,		/* VFGOTC_LSB */ \
		[XVF_HWSTAT_MULTICAST] = 0x1034,	/* VFMPRC */ \
	}, \
	.q = { \
		.rdbal = 0x1000, .rdbah = 0x1004, .rdlen = 0x1008, \
		.srrctl = 0x1014, .rdh = 0x1010, .rdt = 0x1018, \
		.rxdctl = 0x1028, \
		.tdbal = 0x2000, .tdbah = 0x2004, .tdlen = 0x2008, \
		.tdh = 0x2010, .tdt = 0x2018, .txdctl = 0x2028, \
		.stride = 0x40, .queue_enable = BIT(25), \
		/* RXDCTL.VME: the queue strips VLAN tags (igb: the PF's). */ \
		.rx_ctl = BIT(30), \
	}, \
	.irq = { \
		.eims = 0x0108, .eimc = 0x010c, .eiac = 0x0110, \
		.eiam = 0x0114, .eitr0 = 0x0820, \
		.ivar0 = 0x0120, .ivar_misc = 0x0140, \
	}, \
	.rx_err = { \
		.l4 = XVF_IXGBE_RXD_ERR_TCPE, .ip = XVF_IXGBE_RXD_ERR_IPE, \
		.frame = XVF_IXGBE_RXD_ERR_CE | XVF_IXGBE_RXD_ERR_LE | \
			 XVF_IXGBE_RXD_ERR_PE | XVF_IXGBE_RXD_ERR_OSE | \
			 XVF_IXGBE_RXD_ERR_USE, \
	}, \
	.tx_ctx_olinfo = XVF_IXGBE_TXD_CC, \
	.itr = xvf_ixgbe_itr, \
	.srrctl = xvf_ixgbe_srrctl, \
	/* A vector per pair, as ixgbevf: 3 MSI-X vectors, 2 pairs. */ \
	.pair_vectors = 1, \
	.psrtype = XVF_IXGBE_VFPSRTYPE, \
	.mbx_ctl = XVF_IXGBE_VFMAILBOX, \
	.mbx_mem = XVF_IXGBE_VFMBMEM, \
	.max_frame = XVF_IXGBE_MAX_FRAME, \
	.frame_overhead = ETH_HLEN + ETH_FCS_LEN, \
	.mc_max = XVF_IXGBE_MC_MAX, \
	.reset_function = xvf_ixgbe_reset_function

/*
 * The 82599's and X540's VF pools share the PF's RSS table and key: 2
 * queues per VF, as ixgbevf.
 */
#define XVF_IXGBE_PF_RSS \
	.max_queue_pairs = 2, .rx_hash = true

/*
 * The X550s' VFs hash with their own key and 64-entry table (VFRSSRK,
 * VFRETA), turned on in VFMRQC over IPv4 and IPv6 with TCP's ports, as
 * the PF's MRQC: 2 queues per VF too.
 */
#define XVF_X550_VFMRQC			0x3000
#define XVF_X550_VFRSSRK(n)		(0x3100 + 4 * (n))
#define XVF_X550_VFRETA(n)		(0x3200 + 4 * (n))
#define XVF_X550_VFRETA_ENTRIES		64
#define XVF_X550_MRQC_RSSEN		BIT(0)
#define XVF_X550_MRQC_IPV4_TCP		BIT(16)
#define XVF_X550_MRQC_IPV4		BIT(17)
#define XVF_X550_MRQC_IPV6		BIT(20)
#define XVF_X550_MRQC_IPV6_TCP		BIT(21)

#define XVF_X550_VF_RSS \
	.max_queue_pairs = 2, .rx_hash = true, \
	.vf_rss = { \
		.mrqc = XVF_X550_VFMRQC, \
		.mrqc_enable = XVF_X550_MRQC_RSSEN | XVF_X550_MRQC_IPV4_TCP | \
			       XVF_X550_MRQC_IPV4 | XVF_X550_MRQC_IPV6 | \
			       XVF_X550_MRQC_IPV6_TCP, \
		.rssrk0 = XVF_X550_VFRSSRK(0), \
		.reta0 = XVF_X550_VFRETA(0), \
		.reta_entries = XVF_X550_VFRETA_ENTRIES, \
	}

/* VFLINKS.SPEED: 100 Mb/s, 1 and 10 Gb/s (00: none of these has). */
#define XVF_IXGBE_LINK_10G \
	.reg = XVF_IXGBE_VFLINKS, .up = XVF_IXGBE_LINKS_UP, \
	.speed_shift = XVF_IXGBE_LINKS_SPEED_SHIFT, \
	.speeds = { 0, 100, 1000, 10000 }

/*
 * The 82599's VFLINKS can show link up for a moment while the link is
 * still settling: up counts once it reads up 5 times, 100 us apart.
 */
const struct xvf_family xvf_family_82599 = {
	.name = "82599",
	.proto = &xvf_ixgbe_proto,
	XVF_IXGBE_FAMILY,
	XVF_IXGBE_PF_RSS,
	.link = { XVF_IXGBE_LINK_10G, .debounce_reads = 5 },
};
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_family_82599);

/* The X540 VF: the 82599's in all xvf uses (its PF has no legacy-VF jumbo rule). */
const struct xvf_family xvf_family_x540 = {
	.name = "X540",
	.proto = &xvf_ixgbe_proto,
	XVF_IXGBE_FAMILY,
	XVF_IXGBE_PF_RSS,
	.link = { XVF_IXGBE_LINK_10G },
};
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_family_x540);

/*
 * The X550s: the PF does not hand out its RSS setup (the VF has its own
 * VFRETA and key: XVF_X550_VF_RSS), and VFLINKS has more speeds: 00 is 10 Mb/s, and with
 * the non-standard bit 10 Gb/s reads 2.5, and on the X550 100 Mb/s 5.
 */
static const struct xvf_proto xvf_x550_proto = {
	.reset_reply_words = XVF_MSG_RESET_MC_TYPE + 1,
	.negotiate = xvf_ixgbe_negotiate,
	.set_xcast = xvf_ixgbe_set_xcast,
	.clear_uc = xvf_ixgbe_clear_uc,
	.add_uc = xvf_ixgbe_add_uc,
};

#define XVF_X550_LINK(alt_100) \
	.reg = XVF_IXGBE_VFLINKS, .up = XVF_IXGBE_LINKS_UP, \
	.speed_shift = XVF_IXGBE_LINKS_SPEED_SHIFT, \
	.speeds = { 10, 100, 1000, 10000 }, \
	.alt = XVF_IXGBE_LINKS_NON_STD, \
	.alt_speeds = { 10, alt_100, 1000, 2500 }

const struct xvf_family xvf_family_x550 = {
	.name = "X550",
	.proto = &xvf_x550_proto,
	XVF_IXGBE_FAMILY,
	XVF_X550_VF_RSS,
	.link = { XVF_X550_LINK(5000) },
};
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_family_x550);

const struct xvf_family xvf_family_x550em_x = {
	.name = "X550EM_x",
	.proto = &xvf_x550_proto,
	XVF_IXGBE_FAMILY,
	XVF_X550_VF_RSS,
	.link = { XVF_X550_LINK(100) },
};
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_family_x550em_x);

const struct xvf_family xvf_family_x550em_a = {
	.name = "X550EM_a",
	.proto = &xvf_x550_proto,
	XVF_IXGBE_FAMILY,
	XVF_X550_VF_RSS,
	.link = { XVF_X550_LINK(100) },
};
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_family_x550em_a);
