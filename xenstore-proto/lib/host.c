// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libxvfproto: the host's state machine for one VF around one migration
 * (PROTOCOL.md 5.3 to 5.7, host side).
 *
 *   IDLE --start--> PREPARING --reply/timer--> DETACHING --detached-->
 *   MIGRATING --migrated--> ATTACHING --vf_attached/no_vf--> CONFIRMING
 *   --reply/timer--> DONE
 *
 * A guest that does not speak the protocol skips PREPARING and
 * CONFIRMING: the host never waits on it. A failed detach cancels (the
 * guest is told to take its VF back); a failed migration attaches a VF on
 * this same host, which to the guest is an ordinary attach.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xvfproto/machine.h"

int xvfp_host_init(struct xvfp_host *h, const struct xvfp_mac *mac,
		   uint32_t next_seq, const char *guest_versions,
		   const char *guest_features)
{
	uint32_t host_mask = 1u << XVFP_PROTOCOL_VERSION, guest_mask;

	if (!xvfp_mac_is_unicast(mac))
		return -EINVAL;
	memset(h, 0, sizeof(*h));
	h->mac = *mac;
	/* next_seq 0: the numbers are used up (wraps to UINT32_MAX). */
	h->seq = next_seq - 1;
	h->prepare_ms = XVFP_HOST_PREPARE_MS;
	h->confirm_ms = XVFP_HOST_CONFIRM_MS;
	h->guest_speaks =
		guest_versions && guest_features &&
		!xvfp_parse_versions(guest_versions, &guest_mask) &&
		xvfp_common_version(host_mask, guest_mask) ==
			XVFP_PROTOCOL_VERSION &&
		!xvfp_features_have(guest_features, "tx-switch");
	return 0;
}

uint32_t xvfp_host_next_seq(const struct xvfp_host *h)
{
	return h->seq + 1;
}

/*
 * Sequence numbers continue from what the guest wrote (5.2) and 0 is
 * never sent: an exchange that needs more numbers than are left asks
 * nothing, as with a guest that does not speak the protocol. The guest's
 * numbers thus decide whether it is asked, never whether it migrates.
 */
static void need_numbers(struct xvfp_host *h, uint32_t n)
{
	if (UINT32_MAX - h->seq < n)
		h->guest_speaks = false;
}

/*
 * Write the next request and wait for its reply until @timeout_ms. False
 * when the guest is not to be asked: nothing is written.
 */
static bool ask(struct xvfp_host *h, enum xvfp_verb verb,
		const struct xvfp_pci_addr *pci, const char *reason,
		uint64_t now, uint32_t timeout_ms, struct xvfp_actions *out)
{
	struct xvfp_request req = { .verb = verb, .mac = h->mac };
	char text[XVFP_MESSAGE_MAX + 1];

	need_numbers(h, 1);
	if (!h->guest_speaks)
		return false;
	req.seq = h->seq + 1;
	if (pci)
		req.pci = *pci;
	if (reason)
		snprintf(req.reason, sizeof(req.reason), "%s", reason);
	/* The MAC was checked by init, the reason by no_vf: this cannot fail,
	 * but an unformatted buffer must never reach xenstore. */
	if (xvfp_format_request(&req, text, sizeof(text)) < 0)
		return false;
	h->seq = req.seq;
	h->verb = verb;
	h->deadline_ms = now + timeout_ms;
	xvfp_actions_add(out, XVFP_ACT_WRITE_REQUEST, &h->mac, XVFP_PATH_NONE,
			 text);
	return true;
}

static void act(struct xvfp_host *h, enum xvfp_action_kind kind,
		struct xvfp_actions *out)
{
	xvfp_actions_add(out, kind, &h->mac, XVFP_PATH_NONE, NULL);
}

static void detach(struct xvfp_host *h, struct xvfp_actions *out)
{
	h->phase = XVFP_HOST_DETACHING;
	/* Frames for the MAC must reach netfront, not the departing VF. */
	act(h, XVFP_ACT_CLEAR_VF_MAC, out);
	act(h, XVFP_ACT_DETACH_VF, out);
}

static void finish(struct xvfp_host *h, struct xvfp_actions *out)
{
	h->phase = XVFP_HOST_DONE;
	act(h, XVFP_ACT_FINISHED, out);
}

/* After the guest's confirmation (or instead of it). */
static void confirm(struct xvfp_host *h, enum xvfp_verb verb,
		    const struct xvfp_pci_addr *pci, const char *reason,
		    uint64_t now, struct xvfp_actions *out)
{
	if (!ask(h, verb, pci, reason, now, h->confirm_ms, out)) {
		finish(h, out);
		return;
	}
	h->phase = XVFP_HOST_CONFIRMING;
}

void xvfp_host_start(struct xvfp_host *h, uint64_t now,
		     struct xvfp_actions *out)
{
	xvfp_actions_clear(out);
	if (h->phase != XVFP_HOST_IDLE)
		return;
	need_numbers(h, 2);	/* the prepare and the confirmation */
	if (!ask(h, XVFP_VERB_PREPARE_DETACH, NULL, NULL, now, h->prepare_ms,
		 out)) {
		detach(h, out);
		return;
	}
	h->phase = XVFP_HOST_PREPARING;
}

static enum xvfp_ack ack_of(const struct xvfp_reply *reply)
{
	return reply->result == XVFP_RESULT_OK ? XVFP_ACK_OK : XVFP_ACK_FAILED;
}

int xvfp_host_reply(struct xvfp_host *h, const char *text, uint64_t now,
		    struct xvfp_actions *out)
{
	struct xvfp_reply reply;
	int rc;

	(void)now;
	xvfp_actions_clear(out);
	rc = xvfp_parse_reply(text, &reply);
	if (rc)
		return rc;
	if (h->phase != XVFP_HOST_PREPARING && h->phase != XVFP_HOST_CONFIRMING)
		return -ESTALE;
	/* "invalid ... rejected" answers our request too, if it is ours. */
	if (reply.seq != h->seq ||
	    (reply.verb != h->verb && reply.verb != XVFP_VERB_INVALID))
		return -ESTALE;
	if (reply.result != XVFP_RESULT_OK)
		snprintf(h->outcome.reason, sizeof(h->outcome.reason), "%s",
			 reply.reason);
	if (h->phase == XVFP_HOST_PREPARING) {
		h->outcome.prepare = ack_of(&reply);
		detach(h, out);
	} else {
		h->outcome.confirm = ack_of(&reply);
		finish(h, out);
	}
	return 0;
}

void xvfp_host_tick(struct xvfp_host *h, uint64_t now,
		    struct xvfp_actions *out)
{
	xvfp_actions_clear(out);
	if (now < h->deadline_ms)
		return;
	if (h->phase == XVFP_HOST_PREPARING) {
		/* The guest did not answer: detach anyway (5.7). */
		h->outcome.prepare = XVFP_ACK_TIMEOUT;
		detach(h, out);
	} else if (h->phase == XVFP_HOST_CONFIRMING) {
		h->outcome.confirm = XVFP_ACK_TIMEOUT;
		finish(h, out);
	}
}

void xvfp_host_detached(struct xvfp_host *h, bool ok, uint64_t now,
			struct xvfp_actions *out)
{
	xvfp_actions_clear(out);
	if (h->phase != XVFP_HOST_DETACHING)
		return;
	if (ok) {
		h->phase = XVFP_HOST_MIGRATING;
		act(h, XVFP_ACT_MIGRATE, out);
		return;
	}
	/* The VF is still there: no migration, the guest takes it back. */
	h->outcome.vf_attached = true;
	confirm(h, XVFP_VERB_CANCEL, NULL, NULL, now, out);
}

void xvfp_host_migrated(struct xvfp_host *h, bool ok,
			struct xvfp_actions *out)
{
	xvfp_actions_clear(out);
	if (h->phase != XVFP_HOST_MIGRATING)
		return;
	h->outcome.migrated = ok;
	h->phase = XVFP_HOST_ATTACHING;
	act(h, XVFP_ACT_ATTACH_VF, out);
}

void xvfp_host_vf_attached(struct xvfp_host *h,
			   const struct xvfp_pci_addr *pci, uint64_t now,
			   struct xvfp_actions *out)
{
	xvfp_actions_clear(out);
	if (h->phase != XVFP_HOST_ATTACHING)
		return;
	h->outcome.vf_attached = true;
	confirm(h, XVFP_VERB_ATTACH, pci, NULL, now, out);
}

void xvfp_host_no_vf(struct xvfp_host *h, const char *reason, uint64_t now,
		     struct xvfp_actions *out)
{
	xvfp_actions_clear(out);
	if (h->phase != XVFP_HOST_ATTACHING)
		return;
	confirm(h, XVFP_VERB_NO_VF, NULL,
		xvfp_check_word(reason) ? "unspecified" : reason, now, out);
}

void xvfp_host_arrive(struct xvfp_host *h, struct xvfp_actions *out)
{
	xvfp_actions_clear(out);
	if (h->phase != XVFP_HOST_IDLE)
		return;
	h->outcome.migrated = true;
	h->phase = XVFP_HOST_ATTACHING;
	act(h, XVFP_ACT_ATTACH_VF, out);
}

void xvfp_host_handed_over(struct xvfp_host *h,
			   const struct xvfp_host_outcome *dest,
			   uint32_t dest_next_seq, struct xvfp_actions *out)
{
	xvfp_actions_clear(out);
	if (h->phase != XVFP_HOST_ATTACHING)
		return;
	h->outcome.vf_attached = dest->vf_attached;
	h->outcome.confirm = dest->confirm;
	if (dest->reason[0])
		snprintf(h->outcome.reason, sizeof(h->outcome.reason), "%s",
			 dest->reason);
	/* Numbering only moves on; 0 says nothing (no number, or none left). */
	if (dest_next_seq != 0 && dest_next_seq - 1 > h->seq)
		h->seq = dest_next_seq - 1;
	finish(h, out);
}

uint32_t xvfp_host_seq_after(const char *request, const char *reply)
{
	struct xvfp_request req;
	struct xvfp_reply rep;
	uint32_t last = 0;

	if (request && !xvfp_parse_request(request, &req))
		last = req.seq;
	if (reply && !xvfp_parse_reply(reply, &rep) && rep.seq > last)
		last = rep.seq;
	return last == UINT32_MAX ? 0 : last + 1;
}
