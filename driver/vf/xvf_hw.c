// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: the VF's control path over the PF mailbox.
 * Each request takes the mailbox lock, so callers must be able to sleep.
 */
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/log2.h>
#include <linux/netdevice.h>

#include "xvf_hw.h"
#include "xvf_kunit.h"
#include "xvf_counter.h"

/* The mailbox layer sees the family's two mailbox registers. */
static u32 xvf_hw_mbx_read_ctl(void *ctx)
{
	struct xvf_hw *hw = ctx;

	return xvf_rd(hw, hw->family->mbx_ctl);
}

static void xvf_hw_mbx_write_ctl(void *ctx, u32 val)
{
	struct xvf_hw *hw = ctx;

	xvf_wr(hw, hw->family->mbx_ctl, val);
}

static u32 xvf_hw_mbx_read_mem(void *ctx, unsigned int word)
{
	struct xvf_hw *hw = ctx;

	return xvf_rd(hw, hw->family->mbx_mem + 4 * word);
}

static void xvf_hw_mbx_write_mem(void *ctx, unsigned int word, u32 val)
{
	struct xvf_hw *hw = ctx;

	xvf_wr(hw, hw->family->mbx_mem + 4 * word, val);
}

static void xvf_hw_mbx_delay(void *ctx, unsigned int usecs)
{
	struct xvf_hw *hw = ctx;

	hw->regs->delay(hw->ctx, usecs);
}

static const struct xvf_mbx_ops xvf_hw_mbx_ops = {
	.read_ctl = xvf_hw_mbx_read_ctl,
	.write_ctl = xvf_hw_mbx_write_ctl,
	.read_mem = xvf_hw_mbx_read_mem,
	.write_mem = xvf_hw_mbx_write_mem,
	.delay = xvf_hw_mbx_delay,
};

/* What a PF that settles nothing gives: API 1.0 terms, one queue pair. */
static void xvf_hw_forget_settlement(struct xvf_hw *hw)
{
	hw->api = XVF_API_10;
	hw->mc_filter_type = 0;
	hw->queues = (struct xvf_queue_grant){ .tx = 1, .rx = 1 };
	hw->uc_filters = 0;
}

void xvf_hw_init(struct xvf_hw *hw, const struct xvf_family *family,
		 const struct xvf_reg_ops *regs, void *ctx)
{
	hw->family = family;
	hw->regs = regs;
	hw->ctx = ctx;
	hw->mmio = NULL;
	hw->max_frame = ETH_FRAME_LEN + ETH_FCS_LEN;
	netdev_rss_key_fill(hw->rss_key, sizeof(hw->rss_key));
	xvf_hw_forget_settlement(hw);
	mutex_init(&hw->mbx_lock);
	xvf_mbx_init(&hw->mbx, &xvf_hw_mbx_ops, hw, XVF_MBX_POLL_USECS,
		     XVF_MBX_TIMEOUT_USECS);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_init);

void xvf_hw_update_stats(struct xvf_hw *hw, struct xvf_hw_stats *st,
			 bool rebase)
{
	unsigned int i;

	for (i = 0; i < XVF_HWSTAT_COUNT; i++) {
		u32 now = xvf_rd(hw, hw->family->stat_regs[i]);

		if (rebase)
			st->last[i] = now;
		else
			xvf_counter_fold(&st->total[i], &st->last[i], now);
	}
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_update_stats);

int xvf_hw_get_reta(struct xvf_hw *hw, u8 *reta)
{
	const struct xvf_proto *proto = hw->family->proto;

	return proto->get_reta ? proto->get_reta(hw, reta) : -EOPNOTSUPP;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_get_reta);

int xvf_hw_get_rss_key(struct xvf_hw *hw, u8 *key)
{
	const struct xvf_proto *proto = hw->family->proto;

	return proto->get_rss_key ? proto->get_rss_key(hw, key) : -EOPNOTSUPP;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_get_rss_key);

/*
 * Read-modify-write: the register holds the neighbouring queue's bytes
 * too.  IVAR is the VF's own (not a mailbox request) and written only
 * while the rings are brought up, under RTNL.
 */
void xvf_hw_map_queue_irq(struct xvf_hw *hw, unsigned int queue,
			  unsigned int rx_vector, unsigned int tx_vector)
{
	u32 reg = hw->family->irq.ivar0 + 4 * (queue / 2);
	unsigned int shift = 16 * (queue % 2);
	u32 val = xvf_rd(hw, reg);

	val &= ~(0xffffu << shift);
	val |= ((rx_vector | XVF_IVAR_VALID) |
		(tx_vector | XVF_IVAR_VALID) << 8) << shift;
	xvf_wr(hw, reg, val);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_map_queue_irq);

void xvf_hw_map_mbx_irq(struct xvf_hw *hw, unsigned int vector)
{
	xvf_wr(hw, hw->family->irq.ivar_misc, vector | XVF_IVAR_VALID);
}

/* RQPL: log2 of the queues (0, 1, 2), bits 30:29 of PSRTYPE. */
#define XVF_PSRTYPE_RQPL_SHIFT	29

void xvf_hw_vf_reta(const struct xvf_hw *hw, unsigned int queues, u32 *reta)
{
	unsigned int i;

	for (i = 0; i < hw->family->vf_rss.reta_entries; i++)
		reta[i] = i % queues;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_vf_reta);

/*
 * The VF's own key, table and hashing (the X550s), as the stack's other
 * drivers do: the host's RSS key, queues in turn through the table.
 * Hashing stays on with one queue: the hash still feeds RXHASH.
 */
static void xvf_hw_program_vf_rss(struct xvf_hw *hw, unsigned int queues)
{
	const struct xvf_vf_rss_regs *r = &hw->family->vf_rss;
	u32 reta[XVF_RETA_ENTRIES], word = 0;
	unsigned int i;

	for (i = 0; i < XVF_RSS_KEY_BYTES / 4; i++)
		xvf_wr(hw, r->rssrk0 + 4 * i, le32_to_cpu(hw->rss_key[i]));
	xvf_hw_vf_reta(hw, queues, reta);
	for (i = 0; i < r->reta_entries; i++) {
		word |= reta[i] << (8 * (i % 4));
		if (i % 4 == 3) {
			xvf_wr(hw, r->reta0 + 4 * (i / 4), word);
			word = 0;
		}
	}
	xvf_wr(hw, r->mrqc, r->mrqc_enable);
}

void xvf_hw_set_rss_queues(struct xvf_hw *hw, unsigned int queues)
{
	if (hw->family->psrtype)
		xvf_wr(hw, hw->family->psrtype,
		       (u32)ilog2(queues) << XVF_PSRTYPE_RQPL_SHIFT);
	if (hw->family->vf_rss.reta_entries)
		xvf_hw_program_vf_rss(hw, queues);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_set_rss_queues);

/* Process context: an 82599's debounce sleeps between reads. */
bool xvf_hw_link_up(struct xvf_hw *hw, unsigned int *speed)
{
	const struct xvf_link_regs *l = &hw->family->link;
	u32 val = xvf_rd(hw, l->reg);
	unsigned int i;

	*speed = 0;
	for (i = 0; i < l->debounce_reads; i++) {
		if (val == 0xffffffffu || !(val & l->up))
			break;
		hw->regs->delay(hw->ctx, XVF_LINK_DEBOUNCE_USECS);
		val = xvf_rd(hw, l->reg);
	}
	if (val == 0xffffffffu || !(val & l->up))
		return false;
	if (l->alt && (val & l->alt))
		*speed = l->alt_speeds[(val >> l->speed_shift) & 3];
	else
		*speed = l->speeds[(val >> l->speed_shift) & 3];
	return true;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_link_up);

/*
 * Through the mailbox layer and under its lock: a raw read would clear
 * the read-to-clear bits (a PF reset's RSTD, a reply's PFACK) that the
 * mailbox and the watchdog still need.  One all-ones read can be a
 * completion timeout: gone only if a second, a moment later, agrees.
 */
bool xvf_hw_gone(struct xvf_hw *hw)
{
	bool gone;

	mutex_lock(&hw->mbx_lock);
	gone = xvf_mbx_gone(&hw->mbx);
	if (gone) {
		hw->regs->delay(hw->ctx, XVF_GONE_RECHECK_USECS);
		gone = xvf_mbx_gone(&hw->mbx);
	}
	mutex_unlock(&hw->mbx_lock);
	return gone;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_gone);

int xvf_hw_request(struct xvf_hw *hw, u32 *msg, unsigned int words,
		   unsigned int reply_words)
{
	int err;

	mutex_lock(&hw->mbx_lock);
	err = xvf_mbx_request(&hw->mbx, msg, words, reply_words);
	mutex_unlock(&hw->mbx_lock);
	return err;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_request);

/* After the handshake, whatever the family's PF settles with its VFs. */
static int xvf_hw_settle(struct xvf_hw *hw)
{
	const struct xvf_proto *proto = hw->family->proto;

	return proto->negotiate ? proto->negotiate(hw) : 0;
}

int xvf_hw_reset(struct xvf_hw *hw)
{
	unsigned int reply_words = hw->family->proto->reset_reply_words;
	u32 msg[XVF_MBX_WORDS];
	int err;

	mutex_lock(&hw->mbx_lock);
	hw->family->reset_function(hw);
	err = xvf_mbx_wait_reset(&hw->mbx, 100, XVF_RESET_SETTLE_USECS,
				 XVF_RESET_TIMEOUT_USECS);
	if (!err)
		err = xvf_mbx_request(&hw->mbx, msg, xvf_msg_reset(msg),
				      reply_words);
	mutex_unlock(&hw->mbx_lock);

	/* A NACK to RESET means "no MAC assigned", not a failed reset. */
	hw->perm_addr_valid = false;
	xvf_hw_forget_settlement(hw);
	if (err && err != -EPERM)
		return err;
	if (!err) {
		xvf_msg_get_mac(msg, hw->perm_addr);
		hw->perm_addr_valid = is_valid_ether_addr(hw->perm_addr);
		if (reply_words > XVF_MSG_RESET_MC_TYPE)
			hw->mc_filter_type = msg[XVF_MSG_RESET_MC_TYPE] & 3;
		hw->max_frame = ETH_FRAME_LEN + ETH_FCS_LEN;
	}
	return xvf_hw_settle(hw);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_reset);

int xvf_hw_reset_tries(struct xvf_hw *hw, unsigned int tries)
{
	int err = -ETIMEDOUT;

	while (tries-- && err == -ETIMEDOUT)
		err = xvf_hw_reset(hw);
	return err;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_reset_tries);

int xvf_hw_set_mac(struct xvf_hw *hw, const u8 *mac)
{
	u32 msg[XVF_MBX_WORDS];

	return xvf_hw_request(hw, msg, xvf_msg_set_mac(msg, mac), 1);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_set_mac);

int xvf_hw_set_multicast(struct xvf_hw *hw, const u8 *addrs,
			 unsigned int count)
{
	u16 hashes[XVF_MSG_MC_MAX_HASHES];
	u32 msg[XVF_MBX_WORDS];
	unsigned int i;
	int words;

	if (count > hw->family->mc_max || count > ARRAY_SIZE(hashes))
		return -ENOSPC;
	for (i = 0; i < count; i++)
		hashes[i] = xvf_mc_hash(addrs + i * ETH_ALEN,
					hw->mc_filter_type);
	words = xvf_msg_set_multicast(msg, hashes, count, hw->family->mc_max);
	if (words < 0)
		return words;
	return xvf_hw_request(hw, msg, words, 1);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_set_multicast);

int xvf_hw_set_xcast(struct xvf_hw *hw, enum xvf_xcast mode)
{
	return hw->family->proto->set_xcast(hw, mode);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_set_xcast);

int xvf_hw_clear_uc(struct xvf_hw *hw, const u8 *own)
{
	int err = hw->family->proto->clear_uc(hw, own);

	if (!err)
		hw->uc_filters = 0;
	return err;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_clear_uc);

int xvf_hw_add_uc(struct xvf_hw *hw, const u8 *mac)
{
	int err = hw->family->proto->add_uc(hw, mac);

	if (!err)
		hw->uc_filters++;
	return err;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_add_uc);

int xvf_hw_set_vlan(struct xvf_hw *hw, u16 vid, bool add)
{
	u32 msg[XVF_MBX_WORDS];
	int words = xvf_msg_set_vlan(msg, vid, add);

	if (words < 0)
		return words;
	return xvf_hw_request(hw, msg, words, 1);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_set_vlan);

int xvf_hw_set_max_frame(struct xvf_hw *hw, unsigned int max_frame)
{
	u32 msg[XVF_MBX_WORDS];
	int words = xvf_msg_set_max_frame(msg, max_frame,
					  hw->family->max_frame);
	int err;

	if (words < 0)
		return words;
	err = xvf_hw_request(hw, msg, words, 1);
	if (!err)
		hw->max_frame = max_frame;
	return err;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_hw_set_max_frame);
