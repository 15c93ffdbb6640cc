// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: TX offloads — checksum insertion, TCP segmentation (TSO) and VLAN
 * tag insertion — turned into the fields of an advanced context
 * descriptor and the bits of the data descriptors that follow it (82576
 * datasheet 7.2.2 and 7.2.4).
 *
 * The rules the hardware imposes: MACLEN (up to 127) and IPLEN (up to
 * 511) tell it where the headers are; for TSO it writes each segment's
 * IPv4 total length and header checksum itself and adds each segment's
 * length to the TCP pseudo-header sum, so those fields must not already
 * count the whole frame.  A frame the hardware cannot checksum (another
 * L4 protocol, IPv6 extension headers, tunnels) is checksummed here.
 */
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>

#include "xvf_desc.h"
#include "xvf_hw.h"
#include "xvf_kunit.h"
#include "xvf_offload.h"

#define XVF_TXC_MACLEN_MAX	127
#define XVF_TXC_IPLEN_MAX	511

/* The L4 protocol right after the IP header, or 0 if not reachable. */
static u8 xvf_l4_proto(struct sk_buff *skb, __be16 l3)
{
	if (l3 == htons(ETH_P_IP))
		return ip_hdr(skb)->protocol;
	if (l3 == htons(ETH_P_IPV6))
		return ipv6_hdr(skb)->nexthdr;
	return 0;
}

/* MACLEN and IPLEN, if the headers are where the hardware can find them. */
static bool xvf_tx_set_lens(struct sk_buff *skb, struct xvf_tx_offload *off)
{
	unsigned int maclen = skb_network_offset(skb);
	unsigned int iplen = skb_transport_offset(skb) - maclen;

	if (maclen > XVF_TXC_MACLEN_MAX || iplen > XVF_TXC_IPLEN_MAX)
		return false;
	off->vlan_macip_lens |= maclen << XVF_TXC_MACLEN_SHIFT | iplen;
	return true;
}

static int xvf_tx_csum(struct sk_buff *skb, struct xvf_tx_offload *off)
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

static int xvf_tx_tso(struct sk_buff *skb, struct xvf_tx_offload *off)
{
	unsigned int gso_type = skb_shinfo(skb)->gso_type;
	unsigned int l4_offset, l4len, hdr_len;
	struct tcphdr *th;
	int err;

	if (!(gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)) ||
	    skb->encapsulation)
		return -EPROTONOSUPPORT;
	/* The headers are rewritten below: they must be ours alone. */
	err = skb_cow_head(skb, 0);
	if (err)
		return err;
	if (!xvf_tx_set_lens(skb, off))
		return -EMSGSIZE;
	l4_offset = skb_transport_offset(skb);
	l4len = tcp_hdrlen(skb);
	hdr_len = l4_offset + l4len;
	th = tcp_hdr(skb);
	if (gso_type & SKB_GSO_TCPV4) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = 0;
		iph->check = 0;
		off->type_tucmd_mlhl |= XVF_TXC_TUCMD_IPV4;
		off->popts |= XVF_TXD_POPTS_IXSM;
	} else {
		ipv6_hdr(skb)->payload_len = 0;
	}
	/* Take the whole frame's length out of the pseudo-header sum. */
	csum_replace_by_diff(&th->check,
			     (__force __wsum)htonl(skb->len - l4_offset));
	off->type_tucmd_mlhl |= XVF_TXC_TUCMD_L4T_TCP;
	off->mss_l4len_idx = skb_shinfo(skb)->gso_size << XVF_TXC_MSS_SHIFT |
			     l4len << XVF_TXC_L4LEN_SHIFT;
	off->cmd |= XVF_TXD_CMD_TSE;
	off->popts |= XVF_TXD_POPTS_TXSM;
	off->paylen = skb->len - hdr_len;
	off->segs = skb_shinfo(skb)->gso_segs;
	off->wire_bytes = skb->len + (off->segs - 1) * hdr_len;
	off->context = true;
	return 0;
}

/*
 * Pad a frame the NIC cannot send as it is.  The PF enables short packet
 * padding (TCTL.PSP), with which the NIC pads anything from
 * XVF_TX_MIN_LEN bytes up to the Ethernet minimum itself, as igbvf relies
 * on.  Padding every short frame here instead cost a fifth of the 64-byte
 * UDP rate (make bench's vm/driver-bench) and needed the checksum done in
 * software first, since QEMU's igb model takes the pseudo-header's length
 * from the padded frame.  A frame below XVF_TX_MIN_LEN has no L4 header
 * to checksum.
 */
int xvf_tx_pad(struct sk_buff *skb)
{
	/* Frees the skb on failure. */
	return skb_put_padto(skb, XVF_TX_MIN_LEN);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_tx_pad);

/*
 * Work out @skb's offloads into @off.  May rewrite headers (TSO) or
 * checksum the frame in software; an error means the frame cannot be
 * sent as it is.
 */
int xvf_tx_offload_prepare(struct sk_buff *skb, struct xvf_tx_offload *off)
{
	int err = 0;

	memset(off, 0, sizeof(*off));
	off->paylen = skb->len;
	off->segs = 1;
	off->wire_bytes = skb->len;
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
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_tx_offload_prepare);

enum xvf_rx_csum xvf_rx_csum_status(const struct xvf_rx_errors *err,
				    u32 status_error)
{
	if (status_error & (err->ip | err->l4))
		return XVF_RX_CSUM_BAD;
	if (status_error & (XVF_RXD_STAT_L4CS | XVF_RXD_STAT_UDPCS))
		return XVF_RX_CSUM_GOOD;
	return XVF_RX_CSUM_UNCHECKED;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_rx_csum_status);

/* RSS types (82576 and 82599 datasheets, advanced RX write-back). */
#define XVF_RSS_TYPE_MASK	0xf
#define XVF_RSS_TCP_IPV4	0x1
#define XVF_RSS_IPV4		0x2
#define XVF_RSS_TCP_IPV6	0x3
#define XVF_RSS_IPV6_EX		0x4
#define XVF_RSS_IPV6		0x5
#define XVF_RSS_TCP_IPV6_EX	0x6
#define XVF_RSS_UDP_IPV4	0x7
#define XVF_RSS_UDP_IPV6	0x8
#define XVF_RSS_UDP_IPV6_EX	0x9

enum pkt_hash_types xvf_rx_hash_type(u32 info)
{
	switch (info & XVF_RSS_TYPE_MASK) {
	case XVF_RSS_TCP_IPV4:
	case XVF_RSS_TCP_IPV6:
	case XVF_RSS_TCP_IPV6_EX:
	case XVF_RSS_UDP_IPV4:
	case XVF_RSS_UDP_IPV6:
	case XVF_RSS_UDP_IPV6_EX:
		return PKT_HASH_TYPE_L4;
	case XVF_RSS_IPV4:
	case XVF_RSS_IPV6_EX:
	case XVF_RSS_IPV6:
		return PKT_HASH_TYPE_L3;
	default:
		return PKT_HASH_TYPE_NONE;
	}
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_rx_hash_type);

/* Frames whose headers the context descriptor cannot describe. */
netdev_features_t xvf_features_check(struct sk_buff *skb,
				     struct net_device *netdev,
				     netdev_features_t features)
{
	features = vlan_features_check(skb, features);
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return features;
	if (skb_network_offset(skb) > XVF_TXC_MACLEN_MAX ||
	    skb_checksum_start_offset(skb) - skb_network_offset(skb) >
	    XVF_TXC_IPLEN_MAX)
		features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);
	return features;
}

u16 xvf_rx_vlan_tag(const struct xvf_family *family, u32 status_error,
		    __le16 vlan)
{
	if (family->rx_loopback_vlan_be && (status_error & XVF_RXD_STAT_LB))
		return be16_to_cpu((__force __be16)vlan);
	return le16_to_cpu(vlan);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_rx_vlan_tag);
