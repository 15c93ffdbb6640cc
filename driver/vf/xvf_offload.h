/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: what the TX offloads (checksum, TSO, VLAN insertion) need from the
 * descriptors, worked out from an skb without touching hardware, so the
 * decisions are testable on their own (xvf_offload_test.c).
 */
#ifndef _XVF_OFFLOAD_H_
#define _XVF_OFFLOAD_H_

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/types.h>

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

/* Pad to XVF_TX_MIN_LEN; on an error the skb is freed. */
int xvf_tx_pad(struct sk_buff *skb);
int xvf_tx_offload_prepare(struct sk_buff *skb, struct xvf_tx_offload *off);
netdev_features_t xvf_features_check(struct sk_buff *skb,
				     struct net_device *netdev,
				     netdev_features_t features);

#endif /* _XVF_OFFLOAD_H_ */
