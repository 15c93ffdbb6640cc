/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: the VF side of the Intel PF<->VF mailbox of the igb family (82576,
 * I350 VFs).
 *
 * The protocol: one control register (the VF's view of the mailbox) and
 * sixteen 32-bit words of shared memory.  The family layer supplies
 * register access through struct xvf_mbx_ops and everything else lives
 * here.  The ops indirection also lets KUnit drive this code against a
 * simulated PF.
 */
#ifndef _XVF_MBX_H_
#define _XVF_MBX_H_

#include <linux/types.h>

/* Bits of the VF mailbox control register (V2PMAILBOX / VFMAILBOX). */
#define XVF_MBX_REQ	BIT(0)	/* VF: message for the PF is in memory */
#define XVF_MBX_ACK	BIT(1)	/* VF: PF's message was read */
#define XVF_MBX_VFU	BIT(2)	/* VF owns the buffer */
#define XVF_MBX_PFU	BIT(3)	/* PF owns the buffer */
#define XVF_MBX_PFSTS	BIT(4)	/* PF wrote a message (read to clear) */
#define XVF_MBX_PFACK	BIT(5)	/* PF acked our message (read to clear) */
#define XVF_MBX_RSTI	BIT(6)	/* PF reset in progress */
#define XVF_MBX_RSTD	BIT(7)	/* PF reset done (read to clear) */
#define XVF_MBX_READ_TO_CLEAR (XVF_MBX_PFSTS | XVF_MBX_PFACK | XVF_MBX_RSTD)

#define XVF_MBX_WORDS	16
/* Polls of the mailbox back off up to this interval. */
#define XVF_MBX_MAX_POLL_USECS	1000

/* Word 0 of every message: id in bits 0-15, info in 16-23, flags on top. */
#define XVF_MSG_ID_MASK		0xffffu
#define XVF_MSG_INFO_SHIFT	16
#define XVF_MSG_INFO_MASK	(0xffu << XVF_MSG_INFO_SHIFT)
#define XVF_MSG_CTS		BIT(29)	/* PF: clear to send */
#define XVF_MSG_NACK		BIT(30)
#define XVF_MSG_ACK		BIT(31)

/* Message ids the igb family's PF answers. */
#define XVF_MSG_RESET		0x01
#define XVF_MSG_SET_MAC_ADDR	0x02
#define XVF_MSG_SET_MULTICAST	0x03
#define XVF_MSG_SET_VLAN	0x04
#define XVF_MSG_SET_LPE		0x05
#define XVF_MSG_SET_PROMISC	0x06
/* SET_MAC_ADDR's info: edit the extra unicast filters, not the MAC. */
#define XVF_MSG_UC_FILTER_CLEAR	(0x01u << XVF_MSG_INFO_SHIFT)
#define XVF_MSG_UC_FILTER_ADD	(0x02u << XVF_MSG_INFO_SHIFT)
/* SET_PROMISC's info: the modes asked for; none clears both. */
#define XVF_MSG_PROMISC_UNICAST		(0x01u << XVF_MSG_INFO_SHIFT)
#define XVF_MSG_PROMISC_MULTICAST	(0x02u << XVF_MSG_INFO_SHIFT)
/* Unsolicited notice from the PF (link change, PF going down). */
#define XVF_MSG_PF_CONTROL	0x0100

/*
 * Message ids only the ixgbe family's PF answers (0x06 is another message
 * there: an extra unicast filter, its index in the info field, 0 clears
 * them all).
 */
#define XVF_MSG_SET_MACVLAN	0x06
#define XVF_MSG_API_NEGOTIATE	0x08
#define XVF_MSG_GET_QUEUES	0x09
#define XVF_MSG_GET_RETA	0x0a
#define XVF_MSG_GET_RSS_KEY	0x0b
#define XVF_MSG_UPDATE_XCAST	0x0c
/*
 * Mailbox API versions as the ixgbe protocol numbers them: an enumeration
 * in the order the versions appeared, not ordered by version (2.0 came
 * between 1.0 and 1.1).
 */
#define XVF_API_10		0
#define XVF_API_11		2
#define XVF_API_12		3
#define XVF_API_13		4
#define XVF_API_14		5
/* GET_QUEUES' reply: TX and RX queue counts, port VLAN, default queue. */
#define XVF_MSG_QUEUES_TX	1
#define XVF_MSG_QUEUES_RX	2
#define XVF_MSG_QUEUES_VLAN	3
#define XVF_MSG_QUEUES_DEFAULT	4
#define XVF_MSG_QUEUES_WORDS	5
/*
 * The PF's RSS setup as the 82599's and X540's PFs lend it: a 128-entry
 * indirection table at 2 bits an entry, 16 entries to a word, and a
 * 40-byte key, byte 0 in the low byte of word 1.
 */
#define XVF_RETA_ENTRIES	128
#define XVF_MSG_RETA_PER_WORD	16
#define XVF_RSS_KEY_BYTES	40

/* UPDATE_XCAST_MODE's modes, asked in word 1 and granted in the reply's. */
#define XVF_MSG_XCAST_MULTI	1
#define XVF_MSG_XCAST_ALLMULTI	2
#define XVF_MSG_XCAST_PROMISC	3

/* Replies to RESET carry the MAC in words 1-2; 3 words in all (igb). */
#define XVF_MSG_RESET_REPLY_WORDS	3
/* ixgbe's add a fourth: the multicast filter type (MO) of the hash. */
#define XVF_MSG_RESET_MC_TYPE	3
/* Multicast hashes are 16 bits, two to a word after the header. */
#define XVF_MSG_MC_MAX_HASHES	(2 * (XVF_MBX_WORDS - 1))
#define XVF_VLAN_MAX_VID	4095

/*
 * Which frames beyond its own addresses a VF asks the PF for: the
 * multicast groups of its list, all multicast, or everything (unicast
 * promiscuous as well, which a PF may refuse).
 */
enum xvf_xcast {
	XVF_XCAST_MULTI,
	XVF_XCAST_ALLMULTI,
	XVF_XCAST_PROMISC,
};

struct xvf_mbx_ops {
	u32 (*read_ctl)(void *ctx);
	void (*write_ctl)(void *ctx, u32 val);
	u32 (*read_mem)(void *ctx, unsigned int word);
	void (*write_mem)(void *ctx, unsigned int word, u32 val);
	/* Wait between two polls of the control register. */
	void (*delay)(void *ctx, unsigned int usecs);
};

struct xvf_mbx_stats {
	u64 msgs_tx;
	u64 msgs_rx;
	u64 acks;
	u64 nacks;
	u64 timeouts;
	u64 resets;
	u64 busy;
	u64 pf_control;
	u64 cts_lost;	/* the PF dropped clear-to-send: it reset */
};

struct xvf_mbx {
	const struct xvf_mbx_ops *ops;
	void *ctx;
	/* Read-to-clear bits already read but not yet consumed. */
	u32 latched;
	unsigned int poll_usecs;
	unsigned int timeout_usecs;
	/* A PF reset noticed (by any caller) and not yet handled. */
	bool reset_pending;
	/* Last unsolicited PF control word seen while waiting for a reply. */
	u32 pf_control_word;
	struct xvf_mbx_stats stats;
};

void xvf_mbx_init(struct xvf_mbx *mbx, const struct xvf_mbx_ops *ops,
		  void *ctx, unsigned int poll_usecs,
		  unsigned int timeout_usecs);
bool xvf_mbx_reset_indicated(struct xvf_mbx *mbx);
bool xvf_mbx_reset_seen(struct xvf_mbx *mbx);
bool xvf_mbx_gone(struct xvf_mbx *mbx);
int xvf_mbx_wait_reset(struct xvf_mbx *mbx, unsigned int poll_usecs,
		       unsigned int settle_usecs, unsigned int timeout_usecs);
int xvf_mbx_post(struct xvf_mbx *mbx, const u32 *msg, unsigned int words);
int xvf_mbx_fetch(struct xvf_mbx *mbx, u32 *msg, unsigned int words);
int xvf_mbx_request(struct xvf_mbx *mbx, u32 *msg, unsigned int req_words,
		    unsigned int reply_words);

/* Message encoding and decoding; each encoder returns the word count. */
unsigned int xvf_msg_reset(u32 *msg);
unsigned int xvf_msg_set_mac(u32 *msg, const u8 *mac);
void xvf_msg_get_mac(const u32 *msg, u8 *mac);
int xvf_msg_set_multicast(u32 *msg, const u16 *hashes, unsigned int count,
			  unsigned int max_hashes);
int xvf_msg_set_vlan(u32 *msg, u16 vid, bool add);
unsigned int xvf_msg_set_xcast(u32 *msg, enum xvf_xcast mode);
unsigned int xvf_msg_clear_uc(u32 *msg, const u8 *own);
unsigned int xvf_msg_add_uc(u32 *msg, const u8 *mac);
unsigned int xvf_msg_set_macvlan(u32 *msg, unsigned int index, const u8 *mac);
int xvf_msg_set_max_frame(u32 *msg, unsigned int max_frame,
			  unsigned int family_max);
u16 xvf_mc_hash(const u8 *mac, unsigned int filter_type);
const char *xvf_api_name(unsigned int api);

#endif /* _XVF_MBX_H_ */
