/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: advanced RX and TX descriptors, the same layout on the igb and the
 * ixgbe family (82576 datasheet 7.1.5 and 7.2.2; 82599 7.1.6 and 7.2.3).
 */
#ifndef _XVF_DESC_H_
#define _XVF_DESC_H_

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
/* Frame errors: CRC, symbol, sequence, carrier extension, RX data. */
#define XVF_RXD_ERR_FRAME	(BIT(24) | BIT(25) | BIT(26) | BIT(28) | BIT(31))

/* TX data descriptor; hardware writes DD back into olinfo_status. */
struct xvf_tx_desc {
	__le64 addr;
	__le32 cmd_type_len;
	__le32 olinfo_status;
};

#define XVF_TXD_DTYP_DATA	(3u << 20)
#define XVF_TXD_CMD_EOP		BIT(24)
#define XVF_TXD_CMD_IFCS	BIT(25)	/* insert the Ethernet FCS */
#define XVF_TXD_CMD_RS		BIT(27)	/* report status (write DD back) */
#define XVF_TXD_CMD_DEXT	BIT(29)	/* advanced descriptor */
#define XVF_TXD_PAYLEN_SHIFT	14
#define XVF_TXD_STAT_DD		BIT(0)

/* One data descriptor: @len bytes at @dma, the frame @paylen long. */
static inline void xvf_tx_desc_fill(struct xvf_tx_desc *d, dma_addr_t dma,
				    unsigned int len, unsigned int paylen,
				    bool last)
{
	u32 cmd = XVF_TXD_DTYP_DATA | XVF_TXD_CMD_DEXT | XVF_TXD_CMD_IFCS | len;

	if (last)
		cmd |= XVF_TXD_CMD_EOP | XVF_TXD_CMD_RS;
	d->addr = cpu_to_le64(dma);
	d->cmd_type_len = cpu_to_le32(cmd);
	d->olinfo_status = cpu_to_le32(paylen << XVF_TXD_PAYLEN_SHIFT);
}

#endif /* _XVF_DESC_H_ */
