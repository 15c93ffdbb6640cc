/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: what the TX offloads (checksum, TSO, VLAN insertion) need from the
 * descriptors, worked out from an skb without touching hardware, so the
 * decisions are testable on their own (xvf_offload_test.c).
 */
#ifndef _XVF_OFFLOAD_H_
#define _XVF_OFFLOAD_H_

#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/types.h>
#include <linux/udp.h>

#include "xvf_desc.h"

/*
 * One frame's offload: a context descriptor's four fields (when @context)
 * and the bits its data descriptors carry.
 */
struct xvf_tx_offload {
	bool context;		/* a context descriptor precedes the data */
	u32 vlan_macip_lens;	/* context: VLAN, MAC header, IP header */
	u32 type_tucmd_mlhl;	/* context: L3 and L4 type */
	u32 mss_l4len_idx;	/* context: MSS, L4 header length, index */
	u32 cmd;		/* data: TSE, VLE */
	u32 popts;		/* data: IXSM, TXSM (olinfo_status) */
	u32 paylen;		/* data: PAYLEN, the frame or TSO payload */
	u16 segs;		/* frames on the wire */
	u32 wire_bytes;		/* their bytes, headers repeated */
};

/* What the RX descriptor's status says about a frame's checksums. */
enum xvf_rx_csum {
	XVF_RX_CSUM_UNCHECKED,	/* the stack must check it */
	XVF_RX_CSUM_GOOD,	/* TCP/UDP checksum verified by the device */
	XVF_RX_CSUM_BAD,	/* the device found a wrong checksum */
};

struct xvf_rx_errors;

enum xvf_rx_csum xvf_rx_csum_status(const struct xvf_rx_errors *err,
				    u32 status_error);

struct xvf_family;
/* The VLAN id the device stripped, from a descriptor with STAT_VP set. */
u16 xvf_rx_vlan_tag(const struct xvf_family *family, u32 status_error,
		    __le16 vlan);
/*
 * The kind of RSS hash the write-back's first dword reports (bits 3:0,
 * the same codes in both families): over the L4 ports, over the
 * addresses only, or none.
 */
enum pkt_hash_types xvf_rx_hash_type(u32 info);
/*
 * The shortest frame the igb family sends with short packet
 * padding on; the NIC pads from there to 60 bytes.
 */
#define XVF_TX_MIN_LEN 17

#define XVF_TXC_MACLEN_MAX	127
#define XVF_TXC_IPLEN_MAX	511

/*
 * What every transmitted frame goes through is inline here, what only a
 * TSO frame needs (xvf_tx_tso()) is not: at 64-byte frames the calls
 * were a measurable part of the per-frame cost (docs/performance.md).
 */

/*
 * Pad a frame the NIC cannot send as it is.  The PF enables short packet
 * padding (TCTL.PSP), with which the NIC pads anything from
 * XVF_TX_MIN_LEN bytes up to the Ethernet minimum itself, as igbvf relies
 * on.  Padding every short frame here instead cost a fifth of the 64-byte
 * UDP rate (make bench's vm/driver-bench) and needed the checksum done in
 * software first, since QEMU's igb model takes the pseudo-header's length
 * from the padded frame.  A frame below XVF_TX_MIN_LEN has no L4 header
 * to checksum.  On an error the skb is freed.
 */
static inline int xvf_tx_pad(struct sk_buff *skb)
{
	return skb_put_padto(skb, XVF_TX_MIN_LEN);
}

/* The L4 protocol right after the IP header, or 0 if not reachable. */
static inline u8 xvf_l4_proto(struct sk_buff *skb, __be16 l3)
{
	if (l3 == htons(ETH_P_IP))
		return ip_hdr(skb)->protocol;
	if (l3 == htons(ETH_P_IPV6))
		return ipv6_hdr(skb)->nexthdr;
	return 0;
}

/* MACLEN and IPLEN, if the headers are where the hardware can find them. */
static inline bool xvf_tx_set_lens(struct sk_buff *skb,
				   struct xvf_tx_offload *off)
{
	unsigned int maclen = skb_network_offset(skb);
	unsigned int iplen = skb_transport_offset(skb) - maclen;

	if (maclen > XVF_TXC_MACLEN_MAX || iplen > XVF_TXC_IPLEN_MAX)
		return false;
	off->vlan_macip_lens |= maclen << XVF_TXC_MACLEN_SHIFT | iplen;
	return true;
}

/*
 * Checksum insertion for TCP and UDP right after the IP header; anything
 * else the stack hands over as CHECKSUM_PARTIAL (NETIF_F_HW_CSUM) is
 * checksummed here in software.
 */
static inline int xvf_tx_csum(struct sk_buff *skb, struct xvf_tx_offload *off)
{
	__be16 l3 = vlan_get_protocol(skb);
	u8 l4 = xvf_l4_proto(skb, l3);
	u32 l4t;

	if (skb->encapsulation ||
	    skb_checksum_start_offset(skb) != skb_transport_offset(skb))
		return skb_checksum_help(skb);
	if (l4 == IPPROTO_TCP &&
	    skb->csum_offset == offsetof(struct tcphdr, check))
		l4t = XVF_TXC_TUCMD_L4T_TCP;
	else if (l4 == IPPROTO_UDP &&
		 skb->csum_offset == offsetof(struct udphdr, check))
		l4t = XVF_TXC_TUCMD_L4T_UDP;
	else
		return skb_checksum_help(skb);
	if (!xvf_tx_set_lens(skb, off))
		return skb_checksum_help(skb);
	if (l3 == htons(ETH_P_IP))
		off->type_tucmd_mlhl |= XVF_TXC_TUCMD_IPV4;
	off->type_tucmd_mlhl |= l4t;
	off->popts |= XVF_TXD_POPTS_TXSM;
	off->context = true;
	return 0;
}

int xvf_tx_tso(struct sk_buff *skb, struct xvf_tx_offload *off);

/*
 * Work out @skb's offloads into @off.  May rewrite headers (TSO) or
 * checksum the frame in software; an error means the frame cannot be
 * sent as it is.
 */
static inline int xvf_tx_offload_prepare(struct sk_buff *skb,
					 struct xvf_tx_offload *off)
{
	int err = 0;

	*off = (struct xvf_tx_offload) {
		.paylen = skb->len,
		.segs = 1,
		.wire_bytes = skb->len,
	};
	if (skb_vlan_tag_present(skb)) {
		off->vlan_macip_lens = (u32)skb_vlan_tag_get(skb) <<
				       XVF_TXC_VLAN_SHIFT;
		off->cmd |= XVF_TXD_CMD_VLE;
		off->context = true;
	}
	if (skb_is_gso(skb))
		err = xvf_tx_tso(skb, off);
	else if (skb->ip_summed == CHECKSUM_PARTIAL)
		err = xvf_tx_csum(skb, off);
	if (off->context)
		off->type_tucmd_mlhl |= XVF_TXC_DTYP_CTXT | XVF_TXD_CMD_DEXT;
	return err;
}

netdev_features_t xvf_features_check(struct sk_buff *skb,
				     struct net_device *netdev,
				     netdev_features_t features);

#endif /* _XVF_OFFLOAD_H_ */
