/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: advanced RX and TX descriptors of the igb family (82576 datasheet
 * 7.1.5 and 7.2.2).
 */
#ifndef _XVF_DESC_H_
#define _XVF_DESC_H_

#include <asm/byteorder.h>
#include <linux/bits.h>
#include <linux/types.h>

/* RX, as software writes it (read format) and as hardware returns it. */
union xvf_rx_desc {
	struct {
		__le64 pkt_addr;
		__le64 hdr_addr;
	} read;
	struct {
		__le32 info;		/* packet type, header length */
		__le32 rss;
		__le32 status_error;
		__le16 length;
		__le16 vlan;
	} wb;
};

#define XVF_RXD_STAT_DD		BIT(0)	/* descriptor done */
#define XVF_RXD_STAT_EOP	BIT(1)	/* last buffer of the frame */
#define XVF_RXD_STAT_VP		BIT(3)	/* VLAN tag stripped into wb.vlan */
#define XVF_RXD_STAT_UDPCS	BIT(4)	/* UDP checksum checked */
#define XVF_RXD_STAT_L4CS	BIT(5)	/* TCP checksum checked */
#define XVF_RXD_STAT_IPCS	BIT(6)	/* IPv4 header checksum checked */
#define XVF_RXD_STAT_LB		BIT(18)	/* looped back inside the NIC (VF to VF) */
/* Errors (the igb family's places; the family table says where). */
#define XVF_RXD_ERR_L4E		BIT(29)	/* TCP/UDP checksum wrong */
#define XVF_RXD_ERR_IPE		BIT(30)	/* IPv4 header checksum wrong */
/* Frame errors: CRC, symbol, sequence, carrier extension, RX data. */
#define XVF_RXD_ERR_FRAME	(BIT(24) | BIT(25) | BIT(26) | BIT(28) | BIT(31))

/* TX data descriptor; hardware writes DD back into olinfo_status. */
struct xvf_tx_desc {
	__le64 addr;
	__le32 cmd_type_len;
	__le32 olinfo_status;
};

/* TX context descriptor: offload parameters for the data that follows. */
struct xvf_tx_ctx_desc {
	__le32 vlan_macip_lens;
	__le32 seqnum_seed;
	__le32 type_tucmd_mlhl;
	__le32 mss_l4len_idx;
};

#define XVF_TXC_IPLEN_MASK	0x1ffu		/* bits 8:0 */
#define XVF_TXC_MACLEN_SHIFT	9		/* bits 15:9 */
#define XVF_TXC_VLAN_SHIFT	16		/* bits 31:16 */
#define XVF_TXC_DTYP_CTXT	(2u << 20)
#define XVF_TXC_TUCMD_IPV4	BIT(10)
#define XVF_TXC_TUCMD_L4T_UDP	0		/* L4T 00 */
#define XVF_TXC_TUCMD_L4T_TCP	BIT(11)		/* L4T 01 */
#define XVF_TXC_L4LEN_SHIFT	8		/* bits 15:8 */
#define XVF_TXC_MSS_SHIFT	16		/* bits 31:16 */

#define XVF_TXD_DTYP_DATA	(3u << 20)
#define XVF_TXD_CMD_EOP		BIT(24)
#define XVF_TXD_CMD_IFCS	BIT(25)	/* insert the Ethernet FCS */
#define XVF_TXD_CMD_RS		BIT(27)	/* report status (write DD back) */
#define XVF_TXD_CMD_DEXT	BIT(29)	/* advanced descriptor */
#define XVF_TXD_CMD_VLE		BIT(30)	/* insert the context's VLAN tag */
#define XVF_TXD_CMD_TSE		BIT(31)	/* TCP segmentation */
#define XVF_TXD_POPTS_IXSM	BIT(8)	/* insert the IPv4 header checksum */
#define XVF_TXD_POPTS_TXSM	BIT(9)	/* insert the TCP/UDP checksum */
#define XVF_TXD_PAYLEN_SHIFT	14
#define XVF_TXD_STAT_DD		BIT(0)

/*
 * One data descriptor: @len bytes at @dma.  @cmd carries the frame's
 * offload commands (TSE, VLE), @olinfo its PAYLEN and checksum options.
 */
static inline void xvf_tx_desc_fill(struct xvf_tx_desc *d, dma_addr_t dma,
				    unsigned int len, u32 cmd, u32 olinfo,
				    bool last)
{
	cmd |= XVF_TXD_DTYP_DATA | XVF_TXD_CMD_DEXT | XVF_TXD_CMD_IFCS | len;
	if (last)
		cmd |= XVF_TXD_CMD_EOP | XVF_TXD_CMD_RS;
	d->addr = cpu_to_le64(dma);
	d->cmd_type_len = cpu_to_le32(cmd);
	d->olinfo_status = cpu_to_le32(olinfo);
}

#endif /* _XVF_DESC_H_ */
