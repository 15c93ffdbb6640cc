// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the TX offload decisions (xvf_offload.c): which context
 * descriptor and data descriptor bits a frame gets for checksum, TSO and
 * VLAN insertion, and the header rewrites TSO needs; and how an RX
 * descriptor's checksum status is read.
 */
#include <kunit/test.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>

#include "xvf_desc.h"
#include "xvf_hw.h"
#include "xvf_offload.h"

#define SADDR	htonl(0x0a000001)
#define DADDR	htonl(0x0a000002)

struct frame_spec {
	bool ipv6;
	u8 l4;			/* IPPROTO_TCP or IPPROTO_UDP */
	unsigned int tcp_opts;	/* bytes of TCP options */
	unsigned int payload;
	bool partial;		/* CHECKSUM_PARTIAL at the L4 checksum */
	unsigned int mss;	/* > 0: a TSO frame */
};

static unsigned int l4_hdr_len(const struct frame_spec *f)
{
	return f->l4 == IPPROTO_TCP ? sizeof(struct tcphdr) + f->tcp_opts :
				      sizeof(struct udphdr);
}

/* An Ethernet frame as the stack hands it to a driver. */
static struct sk_buff *build_frame(struct kunit *test,
				   const struct frame_spec *f)
{
	unsigned int l3 = f->ipv6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	unsigned int l4 = l4_hdr_len(f);
	unsigned int len = ETH_HLEN + l3 + l4 + f->payload;
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);
	struct ethhdr *eth;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	eth = skb_put_zero(skb, len);
	eth->h_proto = htons(f->ipv6 ? ETH_P_IPV6 : ETH_P_IP);
	skb->protocol = eth->h_proto;
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + l3);
	if (f->ipv6) {
		struct ipv6hdr *ip6 = ipv6_hdr(skb);

		ip6->version = 6;
		ip6->nexthdr = f->l4;
		ip6->payload_len = htons(l4 + f->payload);
	} else {
		struct iphdr *iph = ip_hdr(skb);

		iph->version = 4;
		iph->ihl = 5;
		iph->protocol = f->l4;
		iph->tot_len = htons(l3 + l4 + f->payload);
		iph->saddr = SADDR;
		iph->daddr = DADDR;
		iph->check = ip_fast_csum(iph, iph->ihl);
	}
	if (f->l4 == IPPROTO_TCP) {
		struct tcphdr *th = tcp_hdr(skb);

		th->doff = (sizeof(*th) + f->tcp_opts) / 4;
		/* The stack's pseudo-header sum, whole length included. */
		th->check = ~csum_tcpudp_magic(SADDR, DADDR, l4 + f->payload,
					       IPPROTO_TCP, 0);
	}
	if (f->partial) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = f->l4 == IPPROTO_TCP ?
				   offsetof(struct tcphdr, check) :
				   offsetof(struct udphdr, check);
	}
	if (f->mss) {
		skb_shinfo(skb)->gso_size = f->mss;
		skb_shinfo(skb)->gso_type = f->ipv6 ? SKB_GSO_TCPV6 :
						      SKB_GSO_TCPV4;
		skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(f->payload, f->mss);
	}
	return skb;
}

static u32 macip(unsigned int maclen, unsigned int iplen)
{
	return maclen << XVF_TXC_MACLEN_SHIFT | iplen;
}

#define CTXT_TYPE	(XVF_TXC_DTYP_CTXT | XVF_TXD_CMD_DEXT)

static void plain_frame_needs_no_context(struct kunit *test)
{
	const struct frame_spec f = { .l4 = IPPROTO_UDP, .payload = 100 };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_FALSE(test, off.context);
	KUNIT_EXPECT_EQ(test, off.cmd, 0u);
	KUNIT_EXPECT_EQ(test, off.popts, 0u);
	KUNIT_EXPECT_EQ(test, off.paylen, skb->len);
	KUNIT_EXPECT_EQ(test, off.segs, 1);
	kfree_skb(skb);
}

static void tcp4_checksum(struct kunit *test)
{
	const struct frame_spec f = { .l4 = IPPROTO_TCP, .payload = 500,
				      .partial = true };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_TRUE(test, off.context);
	KUNIT_EXPECT_EQ(test, off.vlan_macip_lens, macip(ETH_HLEN, 20));
	KUNIT_EXPECT_EQ(test, off.type_tucmd_mlhl,
			CTXT_TYPE | XVF_TXC_TUCMD_IPV4 | XVF_TXC_TUCMD_L4T_TCP);
	KUNIT_EXPECT_EQ(test, off.popts, (u32)XVF_TXD_POPTS_TXSM);
	KUNIT_EXPECT_EQ(test, off.cmd, 0u);
	KUNIT_EXPECT_EQ(test, off.paylen, skb->len);
	KUNIT_EXPECT_EQ(test, off.mss_l4len_idx, 0u);
	kfree_skb(skb);
}

static void udp6_checksum(struct kunit *test)
{
	const struct frame_spec f = { .ipv6 = true, .l4 = IPPROTO_UDP,
				      .payload = 64, .partial = true };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_TRUE(test, off.context);
	KUNIT_EXPECT_EQ(test, off.vlan_macip_lens, macip(ETH_HLEN, 40));
	/* No IPv4 bit: IPv6 has no header checksum. */
	KUNIT_EXPECT_EQ(test, off.type_tucmd_mlhl,
			CTXT_TYPE | XVF_TXC_TUCMD_L4T_UDP);
	KUNIT_EXPECT_EQ(test, off.popts, (u32)XVF_TXD_POPTS_TXSM);
	kfree_skb(skb);
}

static void vlan_insertion_only(struct kunit *test)
{
	const struct frame_spec f = { .l4 = IPPROTO_UDP, .payload = 10 };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 0x0123);
	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_TRUE(test, off.context);
	KUNIT_EXPECT_EQ(test, off.cmd, (u32)XVF_TXD_CMD_VLE);
	KUNIT_EXPECT_EQ(test, off.vlan_macip_lens >> XVF_TXC_VLAN_SHIFT, 0x0123u);
	KUNIT_EXPECT_EQ(test, off.popts, 0u);
	KUNIT_EXPECT_EQ(test, off.type_tucmd_mlhl, CTXT_TYPE);
	kfree_skb(skb);
}

/* A tag in the frame itself: MACLEN covers it, the L3 type is still IPv4. */
static void inband_vlan_checksum(struct kunit *test)
{
	const struct frame_spec f = { .l4 = IPPROTO_TCP, .payload = 100,
				      .partial = true };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	skb = vlan_insert_tag_set_proto(skb, htons(ETH_P_8021Q), 7);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_EQ(test, off.vlan_macip_lens, macip(VLAN_ETH_HLEN, 20));
	KUNIT_EXPECT_EQ(test, off.type_tucmd_mlhl,
			CTXT_TYPE | XVF_TXC_TUCMD_IPV4 | XVF_TXC_TUCMD_L4T_TCP);
	KUNIT_EXPECT_EQ(test, off.cmd, 0u);
	kfree_skb(skb);
}

static void tso4(struct kunit *test)
{
	const struct frame_spec f = { .l4 = IPPROTO_TCP, .tcp_opts = 12,
				      .payload = 4000, .partial = true,
				      .mss = 1448 };
	struct sk_buff *skb = build_frame(test, &f);
	unsigned int hdr = ETH_HLEN + 20 + 32;
	struct xvf_tx_offload off;

	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_TRUE(test, off.context);
	KUNIT_EXPECT_EQ(test, off.cmd, (u32)XVF_TXD_CMD_TSE);
	KUNIT_EXPECT_EQ(test, off.popts,
			(u32)(XVF_TXD_POPTS_TXSM | XVF_TXD_POPTS_IXSM));
	KUNIT_EXPECT_EQ(test, off.mss_l4len_idx,
			1448u << XVF_TXC_MSS_SHIFT | 32u << XVF_TXC_L4LEN_SHIFT);
	KUNIT_EXPECT_EQ(test, off.type_tucmd_mlhl,
			CTXT_TYPE | XVF_TXC_TUCMD_IPV4 | XVF_TXC_TUCMD_L4T_TCP);
	/* PAYLEN counts the payload only; the headers go out three times. */
	KUNIT_EXPECT_EQ(test, off.paylen, 4000u);
	KUNIT_EXPECT_EQ(test, off.segs, 3);
	KUNIT_EXPECT_EQ(test, off.wire_bytes, skb->len + 2 * hdr);
	/* The device fills in each segment's length and IPv4 checksum... */
	KUNIT_EXPECT_EQ(test, ip_hdr(skb)->tot_len, 0);
	KUNIT_EXPECT_EQ(test, ip_hdr(skb)->check, 0);
	/* ...and adds each segment's length to a length-free pseudo sum. */
	KUNIT_EXPECT_EQ(test, tcp_hdr(skb)->check,
			(__sum16)~csum_tcpudp_magic(SADDR, DADDR, 0,
						    IPPROTO_TCP, 0));
	kfree_skb(skb);
}

static void tso6_with_vlan(struct kunit *test)
{
	const struct frame_spec f = { .ipv6 = true, .l4 = IPPROTO_TCP,
				      .payload = 3000, .partial = true,
				      .mss = 1000 };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 42);
	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_EQ(test, off.cmd, (u32)(XVF_TXD_CMD_TSE | XVF_TXD_CMD_VLE));
	KUNIT_EXPECT_EQ(test, off.popts, (u32)XVF_TXD_POPTS_TXSM);
	KUNIT_EXPECT_EQ(test, off.vlan_macip_lens,
			42u << XVF_TXC_VLAN_SHIFT | macip(ETH_HLEN, 40));
	KUNIT_EXPECT_EQ(test, off.type_tucmd_mlhl,
			CTXT_TYPE | XVF_TXC_TUCMD_L4T_TCP);
	KUNIT_EXPECT_EQ(test, off.paylen, 3000u);
	KUNIT_EXPECT_EQ(test, off.segs, 3);
	KUNIT_EXPECT_EQ(test, ipv6_hdr(skb)->payload_len, 0);
	kfree_skb(skb);
}

/*
 * Stacked tags (QinQ): MACLEN covers them, so checksum and TSO stay with
 * the NIC (the stack's default vlan_features_check() would take TSO).
 */
static void stacked_vlans_keep_offloads(struct kunit *test)
{
	const netdev_features_t want = NETIF_F_SG | NETIF_F_HW_CSUM |
				       NETIF_F_TSO;
	const struct frame_spec f = { .l4 = IPPROTO_TCP, .payload = 3000,
				      .partial = true, .mss = 1000 };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	skb = vlan_insert_tag_set_proto(skb, htons(ETH_P_8021Q), 7);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb = vlan_insert_tag_set_proto(skb, htons(ETH_P_8021AD), 9);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_TRUE(test, skb_vlan_tagged_multi(skb));
	KUNIT_EXPECT_EQ(test, xvf_features_check(skb, NULL, want), want);
	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_EQ(test, off.vlan_macip_lens,
			macip(VLAN_ETH_HLEN + VLAN_HLEN, 20));
	KUNIT_EXPECT_EQ(test, off.cmd, (u32)XVF_TXD_CMD_TSE);
	kfree_skb(skb);
}

/* A checksum the device cannot place is computed here instead. */
static void unknown_l4_checksummed_in_software(struct kunit *test)
{
	const struct frame_spec f = { .l4 = IPPROTO_UDP, .payload = 60,
				      .partial = true };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	ip_hdr(skb)->protocol = IPPROTO_SCTP;
	skb->csum_offset = 8;
	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_FALSE(test, off.context);
	KUNIT_EXPECT_EQ(test, off.popts, 0u);
	KUNIT_EXPECT_NE(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
	kfree_skb(skb);
}

static void tso_of_udp_refused(struct kunit *test)
{
	const struct frame_spec f = { .l4 = IPPROTO_UDP, .payload = 3000,
				      .partial = true, .mss = 1000 };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	KUNIT_EXPECT_LT(test, xvf_tx_offload_prepare(skb, &off), 0);
	kfree_skb(skb);
}

/*
 * A short frame keeps its length and its checksum offload: the NIC pads
 * it (TCTL.PSP).  Only a frame below the NIC's minimum is padded here.
 */
static void short_frame_left_to_the_nic(struct kunit *test)
{
	const struct frame_spec f = { .l4 = IPPROTO_UDP, .payload = 12,
				      .partial = true };
	struct sk_buff *skb = build_frame(test, &f);
	struct xvf_tx_offload off;

	KUNIT_ASSERT_EQ(test, skb->len, ETH_HLEN + 20 + 8 + 12);
	KUNIT_ASSERT_EQ(test, xvf_tx_pad(skb), 0);
	KUNIT_EXPECT_EQ(test, skb->len, ETH_HLEN + 20 + 8 + 12);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
	KUNIT_ASSERT_EQ(test, xvf_tx_offload_prepare(skb, &off), 0);
	KUNIT_EXPECT_EQ(test, off.popts, (u32)XVF_TXD_POPTS_TXSM);
	kfree_skb(skb);
}

static void tiny_frame_padded_to_the_minimum(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, XVF_TX_MIN_LEN - 3);
	KUNIT_ASSERT_EQ(test, xvf_tx_pad(skb), 0);
	KUNIT_EXPECT_EQ(test, skb->len, XVF_TX_MIN_LEN);
	kfree_skb(skb);
}

static void rx_checksum_status(struct kunit *test)
{
	const struct xvf_rx_errors *igb = &xvf_family_82576.rx_err;
	const struct xvf_rx_errors *ixgbe = &xvf_family_82599.rx_err;

	KUNIT_EXPECT_EQ(test, xvf_rx_csum_status(igb, XVF_RXD_STAT_DD),
			XVF_RX_CSUM_UNCHECKED);
	KUNIT_EXPECT_EQ(test, xvf_rx_csum_status(igb, XVF_RXD_STAT_DD |
						 XVF_RXD_STAT_IPCS |
						 XVF_RXD_STAT_L4CS),
			XVF_RX_CSUM_GOOD);
	KUNIT_EXPECT_EQ(test, xvf_rx_csum_status(igb, XVF_RXD_STAT_UDPCS),
			XVF_RX_CSUM_GOOD);
	/* Only an IPv4 header check: TCP/UDP still unchecked. */
	KUNIT_EXPECT_EQ(test, xvf_rx_csum_status(igb, XVF_RXD_STAT_IPCS),
			XVF_RX_CSUM_UNCHECKED);
	KUNIT_EXPECT_EQ(test, xvf_rx_csum_status(igb, XVF_RXD_STAT_L4CS |
						 XVF_RXD_ERR_L4E),
			XVF_RX_CSUM_BAD);
	KUNIT_EXPECT_EQ(test, xvf_rx_csum_status(igb, XVF_RXD_STAT_IPCS |
						 XVF_RXD_STAT_L4CS |
						 XVF_RXD_ERR_IPE),
			XVF_RX_CSUM_BAD);
	/*
	 * The ixgbe family's errors sit one bit higher: its TCPE is where
	 * igb's IPE is, its IPE where igb has a frame error.
	 */
	KUNIT_EXPECT_EQ(test, xvf_rx_csum_status(ixgbe, XVF_RXD_STAT_L4CS |
						 BIT(30)),
			XVF_RX_CSUM_BAD);
	KUNIT_EXPECT_EQ(test, xvf_rx_csum_status(ixgbe, XVF_RXD_STAT_IPCS |
						 XVF_RXD_STAT_L4CS | BIT(31)),
			XVF_RX_CSUM_BAD);
	KUNIT_EXPECT_EQ(test, xvf_rx_csum_status(ixgbe, XVF_RXD_STAT_L4CS |
						 BIT(29)),
			XVF_RX_CSUM_GOOD);
}

/*
 * VLAN 42 as the device writes it back: little-endian, except on the
 * I350 for a frame looped back from another VF, where it is big-endian.
 */
static void rx_vlan_tag_byte_order(struct kunit *test)
{
	__le16 le = cpu_to_le16(42);
	__le16 be = (__force __le16)cpu_to_be16(42);
	u32 vp = XVF_RXD_STAT_DD | XVF_RXD_STAT_VP;

	KUNIT_EXPECT_EQ(test, xvf_rx_vlan_tag(&xvf_family_82576, vp, le), 42);
	KUNIT_EXPECT_EQ(test, xvf_rx_vlan_tag(&xvf_family_82576,
					      vp | XVF_RXD_STAT_LB, le), 42);
	KUNIT_EXPECT_EQ(test, xvf_rx_vlan_tag(&xvf_family_i350, vp, le), 42);
	KUNIT_EXPECT_EQ(test, xvf_rx_vlan_tag(&xvf_family_i350,
					      vp | XVF_RXD_STAT_LB, be), 42);
}

/*
 * The write-back's RSS type: TCP and UDP hashes cover the ports (L4),
 * plain IP ones the addresses (L3); 0 (no hash) and the reserved codes
 * give none.  The packet type in the bits above is not the hash's.
 */
static void rx_hash_types(struct kunit *test)
{
	static const struct {
		u32 info;
		enum pkt_hash_types type;
	} cases[] = {
		{ 0x0, PKT_HASH_TYPE_NONE },	/* no hash */
		{ 0x1, PKT_HASH_TYPE_L4 },	/* TCP over IPv4 */
		{ 0x2, PKT_HASH_TYPE_L3 },	/* IPv4 */
		{ 0x3, PKT_HASH_TYPE_L4 },	/* TCP over IPv6 */
		{ 0x5, PKT_HASH_TYPE_L3 },	/* IPv6 */
		{ 0x7, PKT_HASH_TYPE_L4 },	/* UDP over IPv4 */
		{ 0x8, PKT_HASH_TYPE_L4 },	/* UDP over IPv6 */
		{ 0xa, PKT_HASH_TYPE_NONE },	/* reserved */
		{ 0xf, PKT_HASH_TYPE_NONE },	/* reserved */
		{ 0x0110, PKT_HASH_TYPE_NONE },	/* a TCP/IPv4 packet type, no hash */
		{ 0x0111, PKT_HASH_TYPE_L4 },	/* the same with its hash */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, xvf_rx_hash_type(cases[i].info),
				    cases[i].type, "info %#x", cases[i].info);
}

static struct kunit_case offload_cases[] = {
	KUNIT_CASE(plain_frame_needs_no_context),
	KUNIT_CASE(tcp4_checksum),
	KUNIT_CASE(udp6_checksum),
	KUNIT_CASE(vlan_insertion_only),
	KUNIT_CASE(inband_vlan_checksum),
	KUNIT_CASE(tso4),
	KUNIT_CASE(tso6_with_vlan),
	KUNIT_CASE(stacked_vlans_keep_offloads),
	KUNIT_CASE(unknown_l4_checksummed_in_software),
	KUNIT_CASE(tso_of_udp_refused),
	KUNIT_CASE(short_frame_left_to_the_nic),
	KUNIT_CASE(tiny_frame_padded_to_the_minimum),
	KUNIT_CASE(rx_checksum_status),
	KUNIT_CASE(rx_vlan_tag_byte_order),
	KUNIT_CASE(rx_hash_types),
	{}
};

static struct kunit_suite offload_suite = {
	.name = "xvf_offload",
	.test_cases = offload_cases,
};

kunit_test_suite(offload_suite);
