/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libxvfproto: the protocol's two state machines as pure code.
 *
 * Events go in as function calls; what the caller must do comes out as a
 * list of actions. Nothing here reads a clock, touches xenstore or the
 * network: time is an argument (milliseconds on any monotonic clock), so
 * every transition can be tested without I/O. The agent (guest) and
 * xvf-host (host) wrap them with their adapters.
 *
 * A caller carries out an action list in order and completely before it
 * feeds the machine its next event, including the completion of one of
 * those actions (tx_done, detached, ...): a WRITE_STATE in the list
 * describes the state at the time of the list, and a later list's writes
 * must come after it.
 */
#ifndef XVFPROTO_MACHINE_H
#define XVFPROTO_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "xvfproto/message.h"

#define XVFP_MAX_PAIRS 16
#define XVFP_STATE_MAX 1023

/* Default timers of PROTOCOL.md 5.7, in milliseconds. */
#define XVFP_HOST_PREPARE_MS 5000
#define XVFP_HOST_CONFIRM_MS 60000
#define XVFP_GUEST_PAIRING_MS 55000

enum xvfp_action_kind {
	/* guest */
	XVFP_ACT_SWITCH_TX,	/* move pair @mac's TX to @path; report back */
	XVFP_ACT_WRITE_REPLY,	/* write @text to data/xvf/reply */
	XVFP_ACT_WRITE_STATE,	/* write @text to data/xvf/state */
	/* host */
	XVFP_ACT_WRITE_REQUEST,	/* write @text to xvf/request */
	XVFP_ACT_CLEAR_VF_MAC,	/* zero the VF's MAC filter on the PF */
	XVFP_ACT_DETACH_VF,	/* xl pci-detach; report back */
	XVFP_ACT_MIGRATE,	/* run the toolstack's migration; report back */
	XVFP_ACT_ATTACH_VF,	/* set @mac on a VF, attach it; report back */
	XVFP_ACT_FINISHED,	/* the exchange is over: see the outcome */
};

struct xvfp_action {
	enum xvfp_action_kind kind;
	struct xvfp_mac mac;
	enum xvfp_path path;
	char text[XVFP_STATE_MAX + 1];
};

#define XVFP_MAX_ACTIONS 8

struct xvfp_actions {
	struct xvfp_action a[XVFP_MAX_ACTIONS];
	unsigned int n;
	bool overflow;		/* an action did not fit: a bug, report it */
};

void xvfp_actions_clear(struct xvfp_actions *out);
void xvfp_actions_add(struct xvfp_actions *out, enum xvfp_action_kind kind,
		      const struct xvfp_mac *mac, enum xvfp_path path,
		      const char *text);

/* ---- guest ---- */

enum xvfp_pair_mode {
	XVFP_PAIR_AUTO,		/* TX follows the VF when it is there */
	XVFP_PAIR_HELD,		/* prepare-detach: TX stays on netfront */
	XVFP_PAIR_PAIRING,	/* attach: waiting for the VF with this MAC */
	XVFP_PAIR_NETFRONT_ONLY,/* no-vf: no VF on this host */
};

struct xvfp_guest_pair {
	struct xvfp_mac mac;
	bool vf_present;	/* a usable VF with this MAC exists */
	enum xvfp_path tx;	/* where TX is now */
	enum xvfp_pair_mode mode;
	enum xvfp_path switching; /* a SWITCH_TX in flight, or NONE */
	/* The request waiting for a switch or a VF; 0 if none. */
	uint32_t pending_seq;
	enum xvfp_verb pending_verb;
	uint64_t deadline_ms;
	/* An attach answered "no-vf-with-mac": if its VF still comes while
	 * it is the latest request, the reply is corrected to ok. */
	uint32_t late_attach_seq;
};

struct xvfp_guest {
	uint32_t pairing_ms;		/* XVFP_GUEST_PAIRING_MS by default */
	uint32_t last_seq;		/* highest request handled */
	char last_reply[XVFP_MESSAGE_MAX + 1];
	unsigned int npairs;
	struct xvfp_guest_pair pair[XVFP_MAX_PAIRS];
};

void xvfp_guest_init(struct xvfp_guest *g);
/* After a restart: recover last_seq from our own data/xvf/reply. */
int xvfp_guest_recover(struct xvfp_guest *g, const char *reply_text);
/* A pair the agent found (netfront + maybe a VF), TX where it is now. */
int xvfp_guest_add_pair(struct xvfp_guest *g, const struct xvfp_mac *mac,
			bool vf_present, enum xvfp_path tx);

/* Events. Each appends the actions to @out (which it clears first). */
int xvfp_guest_request(struct xvfp_guest *g, const char *text, uint64_t now,
		       struct xvfp_actions *out);
/*
 * The pair is gone (its netfront unplugged): forgotten, its pending
 * request answered "failed reason=pair-gone".
 */
void xvfp_guest_remove_pair(struct xvfp_guest *g, const struct xvfp_mac *mac,
			    struct xvfp_actions *out);
void xvfp_guest_vf_up(struct xvfp_guest *g, const struct xvfp_mac *mac,
		      struct xvfp_actions *out);
void xvfp_guest_vf_gone(struct xvfp_guest *g, const struct xvfp_mac *mac,
			struct xvfp_actions *out);
void xvfp_guest_tx_done(struct xvfp_guest *g, const struct xvfp_mac *mac,
			enum xvfp_path path, bool ok, struct xvfp_actions *out);
void xvfp_guest_tick(struct xvfp_guest *g, uint64_t now,
		     struct xvfp_actions *out);
/* The earliest deadline to call tick at, or UINT64_MAX. */
uint64_t xvfp_guest_next_deadline(const struct xvfp_guest *g);
/* data/xvf/state for the current pairs (PROTOCOL.md 7). */
void xvfp_guest_format_state(const struct xvfp_guest *g, char *buf,
			     size_t len);

/* ---- host ---- */

enum xvfp_host_phase {
	XVFP_HOST_IDLE,
	XVFP_HOST_PREPARING,	/* prepare-detach written, waiting */
	XVFP_HOST_DETACHING,	/* MAC cleared, detach running */
	XVFP_HOST_MIGRATING,
	XVFP_HOST_ATTACHING,	/* a VF being attached (or none found) */
	XVFP_HOST_CONFIRMING,	/* attach / no-vf / cancel written, waiting */
	XVFP_HOST_DONE,
};

enum xvfp_ack {
	XVFP_ACK_NONE = 0,	/* not asked (guest without the protocol) */
	XVFP_ACK_OK,
	XVFP_ACK_FAILED,	/* the guest answered failed or rejected */
	XVFP_ACK_TIMEOUT,
};

struct xvfp_host_outcome {
	enum xvfp_ack prepare;
	enum xvfp_ack confirm;
	bool migrated;		/* false: aborted, the guest stayed */
	bool vf_attached;	/* a VF is attached at the end */
	char reason[XVFP_WORD_MAX + 1];	/* from a failed reply */
};

struct xvfp_host {
	enum xvfp_host_phase phase;
	bool guest_speaks;	/* common version and tx-switch */
	struct xvfp_mac mac;
	uint32_t seq;		/* of the request being waited on */
	enum xvfp_verb verb;
	uint64_t deadline_ms;
	uint32_t prepare_ms, confirm_ms;
	struct xvfp_host_outcome outcome;
};

/*
 * @next_seq: the number the first request gets (one more than the last
 * one this guest saw, carried across hosts), 0 when none is left
 * (xvfp_host_seq_after's answer to a guest that claims 4294967295): the
 * host then asks nothing, as with a guest that does not speak the
 * protocol, and so does it when it runs out during the exchange. The
 * guest's advertisement may be NULL (absent); a malformed one counts as
 * absent. -EINVAL for a MAC that is not unicast.
 */
int xvfp_host_init(struct xvfp_host *h, const struct xvfp_mac *mac,
		   uint32_t next_seq, const char *guest_versions,
		   const char *guest_features);
void xvfp_host_start(struct xvfp_host *h, uint64_t now,
		     struct xvfp_actions *out);
/* A change of data/xvf/reply (any text: it is parsed and checked). */
int xvfp_host_reply(struct xvfp_host *h, const char *text, uint64_t now,
		    struct xvfp_actions *out);
void xvfp_host_tick(struct xvfp_host *h, uint64_t now,
		    struct xvfp_actions *out);
void xvfp_host_detached(struct xvfp_host *h, bool ok, uint64_t now,
			struct xvfp_actions *out);
void xvfp_host_migrated(struct xvfp_host *h, bool ok,
			struct xvfp_actions *out);
/* The VF is attached and the guest sees it at @pci. */
void xvfp_host_vf_attached(struct xvfp_host *h,
			   const struct xvfp_pci_addr *pci, uint64_t now,
			   struct xvfp_actions *out);
/* No VF could be attached; @reason is a <word>. */
void xvfp_host_no_vf(struct xvfp_host *h, const char *reason, uint64_t now,
		     struct xvfp_actions *out);
/* The sequence number the next request would get; 0 if none is left. */
uint32_t xvfp_host_next_seq(const struct xvfp_host *h);

/*
 * The destination's half (PROTOCOL.md 5.3 step 5): the guest has arrived
 * on this host; from IDLE straight to ATTACHING (asks for ATTACH_VF).
 */
void xvfp_host_arrive(struct xvfp_host *h, struct xvfp_actions *out);
/*
 * The source's view of a destination half that ran elsewhere: from
 * ATTACHING to DONE with the destination's outcome (its vf_attached,
 * confirm and reason) and its next sequence number.
 */
void xvfp_host_handed_over(struct xvfp_host *h,
			   const struct xvfp_host_outcome *dest,
			   uint32_t dest_next_seq, struct xvfp_actions *out);
/*
 * Where numbering continues for a guest (PROTOCOL.md 5.2): one more than
 * the highest sequence number in @request (xvf/request) and @reply
 * (data/xvf/reply), either NULL or malformed counting as absent; 1 if
 * neither has one; 0 if the numbers are used up (the guest claims
 * 4294967295: it gets no more requests).
 */
uint32_t xvfp_host_seq_after(const char *request, const char *reply);

#endif
