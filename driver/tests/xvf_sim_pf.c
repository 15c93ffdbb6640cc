// SPDX-License-Identifier: GPL-2.0-only
/* The simulated PF of the KUnit suites (see xvf_sim_pf.h). */
#include "xvf_sim_pf.h"

static void sim_pf_write_msg(struct sim_pf *pf, u32 flags, u32 id, u32 raise)
{
	memset(pf->mem, 0, sizeof(pf->mem));
	pf->mem[0] = id | flags;
	if (id == XVF_MSG_RESET && (flags & XVF_MSG_ACK)) {
		pf->mem[1] = pf->mac[0] | pf->mac[1] << 8 | pf->mac[2] << 16 |
			     (u32)pf->mac[3] << 24;
		pf->mem[2] = pf->mac[4] | pf->mac[5] << 8;
	}
	pf->ctl |= raise;
}

/* Ack and reply land together: both bits are raised at once. */
static void sim_pf_write_reply(struct sim_pf *pf, u32 flags, u32 id)
{
	sim_pf_write_msg(pf, flags, id, XVF_MBX_PFACK | XVF_MBX_PFSTS);
}

static u32 sim_ixgbe_negotiate(struct sim_pf *pf)
{
	struct sim_ixgbe *x = &pf->ixgbe;
	u32 api = pf->request[1];

	if (x->n_asked < ARRAY_SIZE(x->asked))
		x->asked[x->n_asked++] = api;
	if (api >= 32 || !(x->apis_accepted & BIT(api)))
		return XVF_MSG_NACK;
	x->api = api;
	return XVF_MSG_ACK;
}

static u32 sim_ixgbe_xcast(struct sim_pf *pf)
{
	struct sim_ixgbe *x = &pf->ixgbe;
	u32 mode = pf->request[1];

	if (x->api < XVF_API_12 ||
	    (mode == XVF_MSG_XCAST_PROMISC &&
	     (x->api < XVF_API_13 || x->no_promisc)))
		return XVF_MSG_NACK;
	if (mode > XVF_MSG_XCAST_MULTI && !x->trusted)
		mode = XVF_MSG_XCAST_MULTI;
	x->xcast = mode;
	return XVF_MSG_ACK;
}

static u32 sim_ixgbe_macvlan(struct sim_pf *pf)
{
	struct sim_ixgbe *x = &pf->ixgbe;
	u32 index = (pf->request[0] & XVF_MSG_INFO_MASK) >> XVF_MSG_INFO_SHIFT;

	if (index && x->admin_set_mac && !x->trusted)
		return XVF_MSG_NACK;
	x->macvlan_index = index;
	return XVF_MSG_ACK;
}

/* GET_RETA and GET_RSS_KEY: from 1.2, if the admin allows the query. */
static u32 sim_ixgbe_rss(struct sim_pf *pf, u32 id, u32 *words)
{
	struct sim_ixgbe *x = &pf->ixgbe;
	unsigned int i;

	if (x->api < XVF_API_12 || !x->rss_query)
		return XVF_MSG_NACK;
	if (id == XVF_MSG_GET_RSS_KEY) {
		for (i = 0; i < XVF_RSS_KEY_BYTES; i++)
			words[1 + i / 4] |= (u32)x->rss_key[i] << (8 * (i % 4));
		return XVF_MSG_ACK;
	}
	for (i = 0; i < XVF_RETA_ENTRIES; i++)
		words[1 + i / XVF_MSG_RETA_PER_WORD] |=
			(u32)(x->reta[i] & 3) << (2 * (i % XVF_MSG_RETA_PER_WORD));
	return XVF_MSG_ACK;
}

/* The reply's flags to a message after the reset; words 1.. filled in. */
static u32 sim_ixgbe_serve(struct sim_pf *pf, u32 id, u32 *words)
{
	struct sim_ixgbe *x = &pf->ixgbe;
	u32 verdict;

	switch (id) {
	case XVF_MSG_API_NEGOTIATE:
		return sim_ixgbe_negotiate(pf);
	case XVF_MSG_GET_QUEUES:
		if (x->api < XVF_API_11)
			return XVF_MSG_NACK;
		words[XVF_MSG_QUEUES_TX] = x->tx_queues;
		words[XVF_MSG_QUEUES_RX] = x->rx_queues;
		words[XVF_MSG_QUEUES_VLAN] = x->port_vlan;
		words[XVF_MSG_QUEUES_DEFAULT] = x->default_queue;
		return XVF_MSG_ACK;
	case XVF_MSG_UPDATE_XCAST:
		verdict = sim_ixgbe_xcast(pf);
		words[1] = x->xcast;
		return verdict;
	case XVF_MSG_SET_MACVLAN:
		return sim_ixgbe_macvlan(pf);
	case XVF_MSG_GET_RETA:
	case XVF_MSG_GET_RSS_KEY:
		return sim_ixgbe_rss(pf, id, words);
	default:
		return XVF_MSG_ACK;
	}
}

static void sim_ixgbe_answer(struct sim_pf *pf, u32 id)
{
	struct sim_ixgbe *x = &pf->ixgbe;
	u32 words[XVF_MBX_WORDS] = { 0 };
	u32 verdict;
	unsigned int i;

	if (id == XVF_MSG_RESET) {
		x->reset_done = true;
		x->api = XVF_API_10;
		sim_pf_write_reply(pf, XVF_MSG_ACK, id);
		pf->mem[XVF_MSG_RESET_MC_TYPE] = x->mc_filter_type;
		return;
	}
	if (!x->reset_done) {
		sim_pf_write_reply(pf, XVF_MSG_NACK, id);
		return;
	}
	verdict = sim_ixgbe_serve(pf, id, words);
	sim_pf_write_reply(pf, verdict | XVF_MSG_CTS, id);
	for (i = 1; i < XVF_MBX_WORDS; i++)
		pf->mem[i] = words[i];
}

static void sim_pf_answer(struct sim_pf *pf)
{
	u32 id = pf->request[0] & XVF_MSG_ID_MASK;

	switch (pf->mode) {
	case SIM_PF_IXGBE:
		sim_ixgbe_answer(pf, id);
		break;
	case SIM_PF_ACK:
		sim_pf_write_reply(pf, XVF_MSG_ACK | XVF_MSG_CTS, id);
		break;
	case SIM_PF_NACK:
		sim_pf_write_reply(pf, XVF_MSG_NACK | XVF_MSG_CTS, id);
		break;
	case SIM_PF_RESET:
		pf->ctl |= XVF_MBX_RSTI;
		break;
	case SIM_PF_WRONG_ID:
		sim_pf_write_reply(pf, XVF_MSG_ACK, id + 1);
		break;
	case SIM_PF_NACK_NO_CTS:
		sim_pf_write_reply(pf, XVF_MSG_NACK, id);
		break;
	case SIM_PF_LATE_STATUS:
		sim_pf_write_msg(pf, XVF_MSG_ACK | XVF_MSG_CTS, id, XVF_MBX_PFACK);
		pf->status_at = pf->now_usecs + SIM_REPLY_USECS;
		break;
	case SIM_PF_CONTROL_FIRST:
		sim_pf_write_reply(pf, XVF_MSG_CTS, XVF_MSG_PF_CONTROL);
		pf->reply_queued = true;
		break;
	default:
		break;
	}
}

u32 sim_read_ctl(void *ctx)
{
	struct sim_pf *pf = ctx;
	u32 val = pf->ctl;

	if (pf->mode == SIM_PF_GONE)
		return 0xffffffff;
	if (pf->glitch_reads) {
		pf->glitch_reads--;
		return 0xffffffff;
	}
	pf->ctl &= ~XVF_MBX_READ_TO_CLEAR;
	return val;
}

void sim_write_ctl(void *ctx, u32 val)
{
	struct sim_pf *pf = ctx;

	if (!(val & XVF_MBX_VFU))
		pf->ctl &= ~XVF_MBX_VFU;
	else if (!(pf->ctl & XVF_MBX_PFU))
		pf->ctl |= XVF_MBX_VFU;

	if (val & XVF_MBX_REQ) {
		memcpy(pf->request, pf->mem, sizeof(pf->request));
		pf->requests++;
		if (pf->unanswered)
			pf->unanswered--;
		else
			pf->answer_at = pf->now_usecs +
					(pf->reply_usecs ?: SIM_REPLY_USECS);
	}
	if (val & XVF_MBX_ACK) {
		pf->vf_acks++;
		if (pf->reply_queued) {
			pf->reply_queued = false;
			sim_pf_write_msg(pf, XVF_MSG_ACK | XVF_MSG_CTS,
					 pf->request[0] & XVF_MSG_ID_MASK,
					 XVF_MBX_PFSTS);
		}
	}
}

u32 sim_read_mem(void *ctx, unsigned int word)
{
	struct sim_pf *pf = ctx;

	return pf->mem[word];
}

void sim_write_mem(void *ctx, unsigned int word, u32 val)
{
	struct sim_pf *pf = ctx;

	pf->mem[word] = val;
}

void sim_delay(void *ctx, unsigned int usecs)
{
	struct sim_pf *pf = ctx;

	pf->now_usecs += usecs;
	pf->delays++;
	if (pf->status_at && pf->now_usecs >= pf->status_at) {
		pf->status_at = 0;
		pf->ctl |= XVF_MBX_PFSTS;
	}
	if (pf->reset_done_at && pf->now_usecs >= pf->reset_done_at) {
		pf->reset_done_at = 0;
		pf->ctl &= ~XVF_MBX_RSTI;
		pf->ctl |= XVF_MBX_RSTD;
	}
	if (pf->answer_at && pf->now_usecs >= pf->answer_at) {
		pf->answer_at = 0;
		sim_pf_answer(pf);
	}
}

const struct xvf_mbx_ops xvf_sim_pf_ops = {
	.read_ctl = sim_read_ctl,
	.write_ctl = sim_write_ctl,
	.read_mem = sim_read_mem,
	.write_mem = sim_write_mem,
	.delay = sim_delay,
};

void sim_pf_notice(struct sim_pf *pf, bool cts)
{
	sim_pf_write_msg(pf, cts ? XVF_MSG_CTS : 0, XVF_MSG_PF_CONTROL,
			 XVF_MBX_PFSTS);
}

void sim_pf_function_reset(struct sim_pf *pf)
{
	if (pf->reset_silent)
		return;
	pf->ctl |= XVF_MBX_RSTI;
	if (!pf->reset_stuck)
		pf->reset_done_at = pf->now_usecs + SIM_RESET_USECS;
}
