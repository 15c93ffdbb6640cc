/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A simulated PF for the KUnit suites: a register file that behaves like
 * the VF's view of the mailbox (read-to-clear bits, buffer ownership), a
 * PF that answers a posted request after a simulated delay, and a function
 * reset that the PF finishes after a while.  Time only advances when the
 * code under test calls the delay op, so every case is deterministic.
 */
#ifndef _XVF_SIM_PF_H_
#define _XVF_SIM_PF_H_

#include <linux/etherdevice.h>

#include "xvf_mbx.h"

#define SIM_POLL_USECS		10
#define SIM_TIMEOUT_USECS	1000
#define SIM_REPLY_USECS		50
#define SIM_RESET_USECS		500

enum sim_pf_mode {
	SIM_PF_ACK,		/* answer every request with ACK */
	SIM_PF_NACK,		/* refuse every request */
	SIM_PF_SILENT,		/* never answer */
	SIM_PF_RESET,		/* go into reset instead of answering */
	SIM_PF_HOLDS_BUFFER,	/* PF owns the buffer forever */
	SIM_PF_GONE,		/* surprise removal: registers read all-ones */
	SIM_PF_WRONG_ID,	/* answer with another message id */
	SIM_PF_CONTROL_FIRST,	/* send a PF control notice before the reply */
	SIM_PF_NACK_NO_CTS,	/* a PF that reset: NACK without clear-to-send */
	SIM_PF_LATE_STATUS,	/* PFACK first, the reply's PFSTS a while later */
	SIM_PF_IXGBE,		/* answer each message as ixgbe's PF does */
};

/*
 * An ixgbe PF (SIM_PF_IXGBE): NACK without clear-to-send to anything but
 * RESET until the VF reset, a four-word reset reply, the API versions it
 * accepts (a bit per protocol number), GET_QUEUES from 1.1, receive modes
 * from 1.2 with an untrusted VF held to multicast, extra unicast filters
 * refused to an untrusted VF whose MAC the admin set.
 */
struct sim_ixgbe {
	bool reset_done;
	u32 apis_accepted;
	u32 api;			/* agreed; 1.0 after each reset */
	u32 mc_filter_type;
	u32 tx_queues, rx_queues, default_queue, port_vlan;
	bool trusted;
	bool admin_set_mac;
	bool no_promisc;		/* an 82599: never promiscuous */
	u32 xcast;			/* the mode granted last */
	u32 macvlan_index;		/* the last filter index set */
	u32 asked[8];			/* API versions asked, in order */
	unsigned int n_asked;
	bool rss_query;			/* the admin allows GET_RETA/RSS_KEY */
	u8 reta[XVF_RETA_ENTRIES];
	u8 rss_key[XVF_RSS_KEY_BYTES];
};

struct sim_pf {
	enum sim_pf_mode mode;
	u32 ctl;			/* live bits and raised read-to-clear bits */
	u32 mem[XVF_MBX_WORDS];
	u32 request[XVF_MBX_WORDS];	/* last request the VF posted */
	unsigned int now_usecs;
	unsigned int answer_at;		/* 0: no answer pending */
	bool reply_queued;		/* CONTROL_FIRST: real reply still due */
	unsigned int requests;
	unsigned int vf_acks;
	u8 mac[ETH_ALEN];
	unsigned int reset_done_at;	/* 0: no function reset running */
	bool reset_stuck;		/* the PF never finishes a reset */
	bool reset_silent;		/* a function reset raises no bit */
	unsigned int unanswered;	/* requests still to miss (a lost interrupt) */
	unsigned int reply_usecs;	/* 0: SIM_REPLY_USECS */
	unsigned int status_at;		/* LATE_STATUS: PFSTS due then, 0: none */
	unsigned int glitch_reads;	/* control reads still to return all-ones */
	unsigned int delays;		/* calls of the delay op */
	struct sim_ixgbe ixgbe;		/* with mode SIM_PF_IXGBE */
};

/* The VF's mailbox as the PF side sees it, for xvf_mbx_init(). */
extern const struct xvf_mbx_ops xvf_sim_pf_ops;
u32 sim_read_ctl(void *ctx);
void sim_write_ctl(void *ctx, u32 val);
u32 sim_read_mem(void *ctx, unsigned int word);
void sim_write_mem(void *ctx, unsigned int word, u32 val);
void sim_delay(void *ctx, unsigned int usecs);
/* An unsolicited PF control notice, with or without clear-to-send. */
void sim_pf_notice(struct sim_pf *pf, bool cts);
/* The VF reset its function: RSTI now, RSTD once the PF is done. */
void sim_pf_function_reset(struct sim_pf *pf);

#endif /* _XVF_SIM_PF_H_ */
