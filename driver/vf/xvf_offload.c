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
#include <net/checksum.h>

#include "xvf_desc.h"
#include "xvf_hw.h"
#include "xvf_kunit.h"
#include "xvf_offload.h"

/*
 * TSO: the context descriptor for a TCP frame the NIC cuts into
 * gso_size segments, and the headers made ready for it.
 */
int xvf_tx_tso(struct sk_buff *skb, struct xvf_tx_offload *off)
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
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_tx_tso);

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
	/*
	 * No vlan_features_check(): MACLEN is the network header's offset,
	 * every tag in the frame included, so stacked tags need no software
	 * fallback (the limit below covers them).
	 */
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return features;
	if (skb_network_offset(skb) > XVF_TXC_MACLEN_MAX ||
	    skb_checksum_start_offset(skb) - skb_network_offset(skb) >
	    XVF_TXC_IPLEN_MAX)
		features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);
	return features;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_features_check);

u16 xvf_rx_vlan_tag(const struct xvf_family *family, u32 status_error,
		    __le16 vlan)
{
	if (family->rx_loopback_vlan_be && (status_error & XVF_RXD_STAT_LB))
		return be16_to_cpu((__force __be16)vlan);
	return le16_to_cpu(vlan);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_rx_vlan_tag);
