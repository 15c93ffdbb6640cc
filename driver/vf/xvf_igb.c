// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: the igb family (82576 and I350 VFs).  Both have the same VF
 * register layout; these are the facts the shared core needs about it.
 */
#include <linux/bits.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>

#include "xvf_desc.h"
#include "xvf_hw.h"
#include "xvf_kunit.h"

/* VF registers (82576 datasheet, "Virtual Function Registers"). */
#define XVF_IGB_VTCTRL		0x0000
#define XVF_IGB_VTSTATUS	0x0008
#define XVF_IGB_VMBMEM		0x0800
#define XVF_IGB_V2PMAILBOX	0x0c40

#define XVF_IGB_VTCTRL_RST	BIT(26)
#define XVF_IGB_STATUS_LU	BIT(1)
#define XVF_IGB_STATUS_SPEED_SHIFT	6

#define XVF_IGB_SRRCTL_DESCTYPE_ADV_ONEBUF	BIT(25)
#define XVF_IGB_SRRCTL_DROP_EN	BIT(31)

/* Jumbo frames up to 9.5 KB, 30 multicast hashes per message. */
#define XVF_IGB_MAX_FRAME	9728
#define XVF_IGB_MC_MAX		30

static void xvf_igb_reset_function(struct xvf_hw *hw)
{
	xvf_wr(hw, XVF_IGB_VTCTRL, XVF_IGB_VTCTRL_RST);
}

/* EITR: the interval in microseconds sits in bits 14:2. */
static u32 xvf_igb_itr(unsigned int usecs)
{
	return (usecs << 2) & 0x7ffc;
}

/* BSIZEPACKET counts 1 KB units. */
static u32 xvf_igb_srrctl(unsigned int buf_size)
{
	return (buf_size / 1024) | XVF_IGB_SRRCTL_DESCTYPE_ADV_ONEBUF |
	       XVF_IGB_SRRCTL_DROP_EN;
}

/*
 * igb's PF has no versions: receive modes are SET_PROMISC's flags, extra
 * unicast addresses SET_MAC_ADDR flagged as filters.
 */
static int xvf_igb_set_xcast(struct xvf_hw *hw, enum xvf_xcast mode)
{
	u32 msg[XVF_MBX_WORDS];

	return xvf_hw_request(hw, msg, xvf_msg_set_xcast(msg, mode), 1);
}

static int xvf_igb_clear_uc(struct xvf_hw *hw, const u8 *own)
{
	u32 msg[XVF_MBX_WORDS];

	return xvf_hw_request(hw, msg, xvf_msg_clear_uc(msg, own), 1);
}

static int xvf_igb_add_uc(struct xvf_hw *hw, const u8 *mac)
{
	u32 msg[XVF_MBX_WORDS];

	return xvf_hw_request(hw, msg, xvf_msg_add_uc(msg, mac), 1);
}

static const struct xvf_proto xvf_igb_proto = {
	.reset_reply_words = XVF_MSG_RESET_REPLY_WORDS,
	.set_xcast = xvf_igb_set_xcast,
	.clear_uc = xvf_igb_clear_uc,
	.add_uc = xvf_igb_add_uc,
};

#define XVF_IGB_FAMILY \
	.proto = &xvf_igb_proto, \
	.stat_regs = { \
		[XVF_HWSTAT_RX_PACKETS] = 0x0f10, /* VFGPRC */ \
		[XVF_HWSTAT_TX_PACKETS] = 0x0f14, /* VFGPTC */ \
		[XVF_HWSTAT_RX_BYTES] = 0x0f18,	  /* VFGORC */ \
		[XVF_HWSTAT_TX_BYTES] = 0x0f34,	  /* VFGOTC */ \
		[XVF_HWSTAT_MULTICAST] = 0x0f3c,  /* VFMPRC */ \
	}, \
	.q = { \
		.rdbal = 0x2800, .rdbah = 0x2804, .rdlen = 0x2808, \
		.srrctl = 0x280c, .rdh = 0x2810, .rdt = 0x2818, \
		.rxdctl = 0x2828, \
		.tdbal = 0x3800, .tdbah = 0x3804, .tdlen = 0x3808, \
		.tdh = 0x3810, .tdt = 0x3818, .txdctl = 0x3828, \
		.stride = 0x100, .queue_enable = BIT(25), \
	}, \
	.irq = { \
		.eims = 0x1524, .eimc = 0x1528, .eiac = 0x152c, \
		.eiam = 0x1530, .eitr0 = 0x1680, \
		.ivar0 = 0x1700, .ivar_misc = 0x1740, \
	}, \
	.rx_err = { \
		.l4 = XVF_RXD_ERR_L4E, .ip = XVF_RXD_ERR_IPE, \
		.frame = XVF_RXD_ERR_FRAME, \
	}, \
	.itr = xvf_igb_itr, \
	.srrctl = xvf_igb_srrctl, \
	/* One pair, as igbvf: the PF sets no RSS for its VFs' pools. */ \
	.max_queue_pairs = 1, .pair_vectors = 2, \
	.mbx_ctl = XVF_IGB_V2PMAILBOX, \
	.mbx_mem = XVF_IGB_VMBMEM, \
	.max_frame = XVF_IGB_MAX_FRAME, \
	.frame_overhead = ETH_HLEN + VLAN_HLEN + ETH_FCS_LEN, \
	.mc_max = XVF_IGB_MC_MAX, \
	.reset_function = xvf_igb_reset_function, \
	/* STATUS.SPEED: 10, 100, 1000 Mb/s (11 is 1000 too). */ \
	.link = { \
		.reg = XVF_IGB_VTSTATUS, .up = XVF_IGB_STATUS_LU, \
		.speed_shift = XVF_IGB_STATUS_SPEED_SHIFT, \
		.speeds = { 10, 100, 1000, 1000 }, \
	}

const struct xvf_family xvf_family_82576 = {
	.name = "82576",
	XVF_IGB_FAMILY,
};
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_family_82576);

/* The I350 VF: the 82576's layout, and the loopback VLAN byte order. */
const struct xvf_family xvf_family_i350 = {
	.name = "i350",
	XVF_IGB_FAMILY,
	.rx_loopback_vlan_be = true,
};
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_family_i350);
