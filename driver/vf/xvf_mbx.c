// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: VF side of the Intel PF<->VF mailbox (see xvf_mbx.h).
 *
 * The protocol, from the VF's point of view:
 *   send:    own the buffer (set VFU, read it back), write the words, set
 *            REQ (which also hands the buffer back), wait for PFACK;
 *   receive: wait for PFSTS, own the buffer, read the words, set ACK.
 * PFSTS, PFACK and RSTD clear when the control register is read, so every
 * read may consume an event another waiter needs: they are latched in
 * mbx->latched and consumed only by the waiter they belong to.
 *
 * Every wait is bounded by mbx->timeout_usecs; a PF reset seen during a
 * wait ends it at once with -ENETRESET, since the PF has dropped whatever
 * we had posted and the caller must redo the reset handshake.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/if_ether.h>
#include <linux/kernel.h>

#include "xvf_mbx.h"
#include "xvf_kunit.h"

/* A control register that reads all-ones means the device is gone. */
#define XVF_MBX_GONE	0xffffffffu

void xvf_mbx_init(struct xvf_mbx *mbx, const struct xvf_mbx_ops *ops,
		  void *ctx, unsigned int poll_usecs,
		  unsigned int timeout_usecs)
{
	*mbx = (struct xvf_mbx){
		.ops = ops,
		.ctx = ctx,
		.poll_usecs = max(poll_usecs, 1u),
		.timeout_usecs = timeout_usecs,
	};
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_mbx_init);

/* Read the control register, latching its read-to-clear bits. */
static u32 xvf_mbx_read_ctl(struct xvf_mbx *mbx)
{
	u32 ctl = mbx->ops->read_ctl(mbx->ctx);

	if (ctl == XVF_MBX_GONE)
		return ctl;
	mbx->latched |= ctl & XVF_MBX_READ_TO_CLEAR;
	return ctl | mbx->latched;
}

/* Count and consume a reset indication seen in @ctl; true if there was one. */
static bool xvf_mbx_take_reset(struct xvf_mbx *mbx, u32 ctl)
{
	if (!(ctl & (XVF_MBX_RSTI | XVF_MBX_RSTD)))
		return false;
	mbx->latched &= ~XVF_MBX_RSTD;
	mbx->stats.resets++;
	mbx->reset_pending = true;
	return true;
}

static bool xvf_msg_is_pf_control(u32 word0)
{
	return (word0 & XVF_MSG_ID_MASK) == XVF_MSG_PF_CONTROL;
}

/*
 * A PF that reset forgets that we were clear to send: its notices lose
 * CTS and it NACKs our requests without it, until we redo the reset
 * handshake.  The reply to RESET itself never carries CTS.
 */
static bool xvf_msg_says_reset(u32 word0)
{
	if ((word0 & XVF_MSG_ID_MASK) == XVF_MSG_RESET ||
	    (word0 & XVF_MSG_CTS))
		return false;
	return xvf_msg_is_pf_control(word0) || (word0 & XVF_MSG_NACK);
}

/*
 * Note what a message from the PF tells beyond its answer: a control
 * notice is recorded, a lost CTS is a reset to redo (except while the
 * RESET request that redoes it is in flight).
 */
static void xvf_mbx_note(struct xvf_mbx *mbx, u32 word0, bool resetting)
{
	if (xvf_msg_is_pf_control(word0)) {
		mbx->pf_control_word = word0;
		mbx->stats.pf_control++;
	}
	if (!resetting && xvf_msg_says_reset(word0)) {
		mbx->stats.cts_lost++;
		mbx->reset_pending = true;
	}
}

static int xvf_mbx_lock(struct xvf_mbx *mbx);

/*
 * A message nobody waits for (a notice, or the late answer to a request
 * that timed out): read its first word, acknowledge it, note it.  Left
 * pending, its PFSTS would be taken for the reply to our next request.
 */
static int xvf_mbx_take_notice(struct xvf_mbx *mbx)
{
	u32 word0;
	int err;

	mbx->latched &= ~XVF_MBX_PFSTS;
	err = xvf_mbx_lock(mbx);
	if (err)
		return err;
	word0 = mbx->ops->read_mem(mbx->ctx, 0);
	mbx->ops->write_ctl(mbx->ctx, XVF_MBX_ACK);
	mbx->stats.msgs_rx++;
	xvf_mbx_note(mbx, word0, false);
	return 0;
}

/*
 * Look at the mailbox outside a request: latch what is raised, take a
 * reset indication and any pending message.  1 if this look saw a reset
 * indication, 0 if not, -ENODEV if the registers read all-ones, or the
 * error of reading the pending message.
 */
static int xvf_mbx_poll_pf(struct xvf_mbx *mbx)
{
	u32 ctl = xvf_mbx_read_ctl(mbx);
	bool reset;
	int err;

	if (ctl == XVF_MBX_GONE)
		return -ENODEV;
	reset = xvf_mbx_take_reset(mbx, ctl);
	if (mbx->latched & XVF_MBX_PFSTS) {
		err = xvf_mbx_take_notice(mbx);
		if (err)
			return err;
	}
	return reset;
}

/*
 * True if the PF is resetting or has reset since we last looked.  Consumes
 * the reset-done event: the caller is expected to redo the handshake.
 */
bool xvf_mbx_reset_indicated(struct xvf_mbx *mbx)
{
	u32 ctl = xvf_mbx_read_ctl(mbx);

	return ctl != XVF_MBX_GONE && xvf_mbx_take_reset(mbx, ctl);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_mbx_reset_indicated);

/*
 * True once for every PF reset noticed since the last call, whoever
 * noticed it: a request that a reset cut short consumes the indication,
 * but the handshake must still be redone.
 */
bool xvf_mbx_reset_seen(struct xvf_mbx *mbx)
{
	bool seen;

	xvf_mbx_poll_pf(mbx);
	seen = mbx->reset_pending;
	mbx->reset_pending = false;
	return seen;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_mbx_reset_seen);

/* True if the registers read all-ones; anything else raised is latched. */
bool xvf_mbx_gone(struct xvf_mbx *mbx)
{
	return xvf_mbx_poll_pf(mbx) == -ENODEV;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_mbx_gone);

/*
 * After the VF reset its function: wait until the PF is not resetting
 * (RSTI clear).  A reset indication (RSTI or RSTD) may come at once or
 * not at all — a PF that is up answers the RESET message without one — so
 * the wait ends when RSTI has been clear for @settle_usecs without an
 * indication, or as soon as it clears after one.  Whatever was latched
 * before belongs to the old life of the mailbox and is dropped.
 * -ETIMEDOUT after @timeout_usecs, -ENODEV if the device is gone.
 */
int xvf_mbx_wait_reset(struct xvf_mbx *mbx, unsigned int poll_usecs,
		       unsigned int settle_usecs, unsigned int timeout_usecs)
{
	unsigned int waited = 0;
	bool seen = false;
	u32 ctl;

	for (;;) {
		ctl = xvf_mbx_read_ctl(mbx);
		if (ctl == XVF_MBX_GONE)
			return -ENODEV;
		seen |= !!(ctl & (XVF_MBX_RSTI | XVF_MBX_RSTD));
		if (!(ctl & XVF_MBX_RSTI) && (seen || waited >= settle_usecs)) {
			/* Our own reset: the handshake that follows covers it. */
			mbx->latched = 0;
			mbx->reset_pending = false;
			if (seen)
				mbx->stats.resets++;
			return 0;
		}
		if (waited >= timeout_usecs) {
			mbx->stats.timeouts++;
			return -ETIMEDOUT;
		}
		mbx->ops->delay(mbx->ctx, poll_usecs);
		waited += poll_usecs;
	}
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_mbx_wait_reset);

/*
 * Wait before the next poll: the step doubles up to
 * XVF_MBX_MAX_POLL_USECS (a PF answers in microseconds on silicon, in
 * milliseconds from a loaded dom0) and never runs past the budget.
 * False once the budget is spent.
 */
static bool xvf_mbx_backoff(struct xvf_mbx *mbx, unsigned int *waited,
			    unsigned int *step)
{
	unsigned int wait;

	if (*waited >= mbx->timeout_usecs)
		return false;
	wait = min(*step, mbx->timeout_usecs - *waited);
	mbx->ops->delay(mbx->ctx, wait);
	*waited += wait;
	*step = min(*step * 2, max(mbx->poll_usecs, XVF_MBX_MAX_POLL_USECS));
	return true;
}

/* Poll until @bit is raised; every outcome other than 0 ends the wait. */
static int xvf_mbx_wait_for(struct xvf_mbx *mbx, u32 bit)
{
	unsigned int waited = 0, step = mbx->poll_usecs;

	for (;;) {
		u32 ctl = xvf_mbx_read_ctl(mbx);

		if (ctl == XVF_MBX_GONE)
			return -ENODEV;
		if (mbx->latched & bit) {
			mbx->latched &= ~bit;
			return 0;
		}
		if (xvf_mbx_take_reset(mbx, ctl))
			return -ENETRESET;
		if (!xvf_mbx_backoff(mbx, &waited, &step)) {
			mbx->stats.timeouts++;
			return -ETIMEDOUT;
		}
	}
}

/* Take the buffer: VFU sticks only while the PF does not hold it. */
static int xvf_mbx_lock(struct xvf_mbx *mbx)
{
	unsigned int waited = 0, step = mbx->poll_usecs;

	for (;;) {
		u32 ctl;

		mbx->ops->write_ctl(mbx->ctx, XVF_MBX_VFU);
		ctl = xvf_mbx_read_ctl(mbx);
		if (ctl == XVF_MBX_GONE)
			return -ENODEV;
		if (ctl & XVF_MBX_VFU)
			return 0;
		if (!xvf_mbx_backoff(mbx, &waited, &step)) {
			mbx->stats.busy++;
			return -EBUSY;
		}
	}
}

/* Send @words words of @msg and wait for the PF to acknowledge them. */
int xvf_mbx_post(struct xvf_mbx *mbx, const u32 *msg, unsigned int words)
{
	unsigned int i;
	int err;

	if (words == 0 || words > XVF_MBX_WORDS)
		return -EINVAL;
	/*
	 * One look: a pending notice is read first (its PFSTS is not our
	 * reply's); a reset indicated now ends the post, and one not yet
	 * redone too, but for RESET, the PF would NACK all else.
	 */
	err = xvf_mbx_poll_pf(mbx);
	if (err < 0)
		return err;
	if (err || (mbx->reset_pending &&
		    (msg[0] & XVF_MSG_ID_MASK) != XVF_MSG_RESET))
		return -ENETRESET;

	err = xvf_mbx_lock(mbx);
	if (err)
		return err;

	/* An ack left over from a message that timed out is not ours. */
	mbx->latched &= ~XVF_MBX_PFACK;

	for (i = 0; i < words; i++)
		mbx->ops->write_mem(mbx->ctx, i, msg[i]);
	/* REQ tells the PF; writing VFU as 0 hands the buffer over. */
	mbx->ops->write_ctl(mbx->ctx, XVF_MBX_REQ);
	mbx->stats.msgs_tx++;

	return xvf_mbx_wait_for(mbx, XVF_MBX_PFACK);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_mbx_post);

/* Wait for a message from the PF and copy its first @words words. */
int xvf_mbx_fetch(struct xvf_mbx *mbx, u32 *msg, unsigned int words)
{
	unsigned int i;
	int err;

	if (words == 0 || words > XVF_MBX_WORDS)
		return -EINVAL;

	err = xvf_mbx_wait_for(mbx, XVF_MBX_PFSTS);
	if (err)
		return err;
	err = xvf_mbx_lock(mbx);
	if (err)
		return err;

	for (i = 0; i < words; i++)
		msg[i] = mbx->ops->read_mem(mbx->ctx, i);
	mbx->ops->write_ctl(mbx->ctx, XVF_MBX_ACK);
	mbx->stats.msgs_rx++;
	return 0;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_mbx_fetch);

/*
 * Send a request and wait for its reply, which overwrites @msg.
 * Returns 0 on ACK, -EPERM when the PF refuses (NACK), -ENETRESET when it
 * has reset and refuses everything until the handshake is redone, -EPROTO
 * for a reply that does not answer this request, or the transport's
 * error.  A PF control notice that arrives in between is recorded and
 * skipped.
 */
int xvf_mbx_request(struct xvf_mbx *mbx, u32 *msg, unsigned int req_words,
		    unsigned int reply_words)
{
	u32 id = msg[0] & XVF_MSG_ID_MASK;
	int err;

	err = xvf_mbx_post(mbx, msg, req_words);
	if (err)
		return err;

	for (;;) {
		err = xvf_mbx_fetch(mbx, msg, reply_words);
		if (err)
			return err;
		xvf_mbx_note(mbx, msg[0], id == XVF_MSG_RESET);
		if (mbx->reset_pending)
			return -ENETRESET;
		if (!xvf_msg_is_pf_control(msg[0]))
			break;
	}

	if ((msg[0] & XVF_MSG_ID_MASK) != id)
		return -EPROTO;
	if (msg[0] & XVF_MSG_NACK) {
		mbx->stats.nacks++;
		return -EPERM;
	}
	if (!(msg[0] & XVF_MSG_ACK))
		return -EPROTO;
	mbx->stats.acks++;
	return 0;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_mbx_request);

unsigned int xvf_msg_reset(u32 *msg)
{
	msg[0] = XVF_MSG_RESET;
	return 1;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_reset);

/*
 * A MAC travels as bytes in mailbox memory: byte 0 is the low byte of
 * word 1.  Built with shifts so the layout holds on any CPU endianness.
 */
static void xvf_msg_put_mac(u32 *words, const u8 *mac)
{
	words[0] = mac[0] | mac[1] << 8 | mac[2] << 16 | (u32)mac[3] << 24;
	words[1] = mac[4] | mac[5] << 8;
}

void xvf_msg_get_mac(const u32 *msg, u8 *mac)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		mac[i] = msg[1] >> (8 * i);
	mac[4] = msg[2];
	mac[5] = msg[2] >> 8;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_get_mac);

unsigned int xvf_msg_set_mac(u32 *msg, const u8 *mac)
{
	msg[0] = XVF_MSG_SET_MAC_ADDR;
	xvf_msg_put_mac(&msg[1], mac);
	return 3;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_set_mac);

/* An extra unicast address goes in SET_MAC_ADDR's layout, flagged ADD. */
unsigned int xvf_msg_add_uc(u32 *msg, const u8 *mac)
{
	msg[0] = XVF_MSG_SET_MAC_ADDR | XVF_MSG_UC_FILTER_ADD;
	xvf_msg_put_mac(&msg[1], mac);
	return 3;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_add_uc);

/*
 * The clear carries an address too: igb's PF checks that it is a valid
 * unicast one before it looks at what is asked (and refuses a zero one).
 */
unsigned int xvf_msg_clear_uc(u32 *msg, const u8 *own)
{
	msg[0] = XVF_MSG_SET_MAC_ADDR | XVF_MSG_UC_FILTER_CLEAR;
	xvf_msg_put_mac(&msg[1], own);
	return 3;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_clear_uc);

/*
 * ixgbe's extra unicast filters: @index from 1 up adds @mac as that
 * filter, index 0 (@mac NULL) clears them all.
 */
unsigned int xvf_msg_set_macvlan(u32 *msg, unsigned int index, const u8 *mac)
{
	static const u8 none[ETH_ALEN];

	msg[0] = XVF_MSG_SET_MACVLAN | index << XVF_MSG_INFO_SHIFT;
	xvf_msg_put_mac(&msg[1], mac ?: none);
	return 3;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_set_macvlan);

/*
 * Promiscuous modes are flags in the info field: asking for none turns
 * both off (the PF goes back to the multicast list it holds).
 */
unsigned int xvf_msg_set_xcast(u32 *msg, enum xvf_xcast mode)
{
	msg[0] = XVF_MSG_SET_PROMISC;
	if (mode >= XVF_XCAST_ALLMULTI)
		msg[0] |= XVF_MSG_PROMISC_MULTICAST;
	if (mode == XVF_XCAST_PROMISC)
		msg[0] |= XVF_MSG_PROMISC_UNICAST;
	return 1;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_set_xcast);

/*
 * The multicast list goes as 16-bit hashes; a list longer than the
 * family's limit cannot be expressed and is refused with -E2BIG, so the
 * caller can fall back to all-multicast instead of silently filtering.
 */
int xvf_msg_set_multicast(u32 *msg, const u16 *hashes, unsigned int count,
			  unsigned int max_hashes)
{
	unsigned int i, words = 1 + DIV_ROUND_UP(count, 2);

	if (max_hashes > XVF_MSG_MC_MAX_HASHES)
		max_hashes = XVF_MSG_MC_MAX_HASHES;
	if (count > max_hashes)
		return -E2BIG;

	msg[0] = XVF_MSG_SET_MULTICAST | count << XVF_MSG_INFO_SHIFT;
	for (i = 1; i < words; i++)
		msg[i] = 0;
	for (i = 0; i < count; i++)
		msg[1 + i / 2] |= (u32)hashes[i] << (16 * (i % 2));
	return words;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_set_multicast);

int xvf_msg_set_vlan(u32 *msg, u16 vid, bool add)
{
	if (vid > XVF_VLAN_MAX_VID)
		return -EINVAL;
	msg[0] = XVF_MSG_SET_VLAN | (add ? 1u << XVF_MSG_INFO_SHIFT : 0);
	msg[1] = vid;
	return 2;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_set_vlan);

int xvf_msg_set_max_frame(u32 *msg, unsigned int max_frame,
			  unsigned int family_max)
{
	if (max_frame > family_max)
		return -EINVAL;
	msg[0] = XVF_MSG_SET_LPE;
	msg[1] = max_frame;
	return 2;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_msg_set_max_frame);

/* An API number as its version ("1.3"), for the log. */
const char *xvf_api_name(unsigned int api)
{
	switch (api) {
	case XVF_API_10:
		return "1.0";
	case XVF_API_11:
		return "1.1";
	case XVF_API_12:
		return "1.2";
	case XVF_API_13:
		return "1.3";
	case XVF_API_14:
		return "1.4";
	default:
		return "unknown";
	}
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_api_name);

/*
 * Multicast table hash: 12 bits of the destination address, chosen by
 * the PF's filter type (MCSTCTRL.MO): bits 47:36 for type 0 (igb's only
 * one), 46:35, 45:34 and 43:32 for types 1 to 3.
 */
u16 xvf_mc_hash(const u8 *mac, unsigned int filter_type)
{
	static const unsigned int low_bit[] = { 4, 3, 2, 0 };
	unsigned int shift = low_bit[filter_type & 3];
	u16 top = mac[4] | (u16)mac[5] << 8;

	return (top >> shift) & 0xfff;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_mc_hash);
