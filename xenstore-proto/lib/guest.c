// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libxvfproto: the guest's state machine (PROTOCOL.md 5, guest side).
 *
 * Per pair it tracks where TX is, whether the VF is there, and the mode
 * the host's last request put it in; globally the highest sequence number
 * handled and the reply that went with it, so duplicates get the same
 * answer and stale requests none.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xvfproto/machine.h"

void xvfp_guest_init(struct xvfp_guest *g)
{
	memset(g, 0, sizeof(*g));
	g->pairing_ms = XVFP_GUEST_PAIRING_MS;
}

int xvfp_guest_recover(struct xvfp_guest *g, const char *reply_text)
{
	struct xvfp_reply reply;

	if (xvfp_parse_reply(reply_text, &reply))
		return -EINVAL;
	g->last_seq = reply.seq;
	snprintf(g->last_reply, sizeof(g->last_reply), "%s", reply_text);
	return 0;
}

static struct xvfp_guest_pair *find_pair(struct xvfp_guest *g,
					 const struct xvfp_mac *mac)
{
	unsigned int i;

	for (i = 0; i < g->npairs; i++)
		if (!memcmp(&g->pair[i].mac, mac, sizeof(*mac)))
			return &g->pair[i];
	return NULL;
}

int xvfp_guest_add_pair(struct xvfp_guest *g, const struct xvfp_mac *mac,
			bool vf_present, enum xvfp_path tx)
{
	struct xvfp_guest_pair *p = find_pair(g, mac);

	if (!p) {
		if (g->npairs == XVFP_MAX_PAIRS)
			return -ENOSPC;
		p = &g->pair[g->npairs++];
	}
	memset(p, 0, sizeof(*p));
	p->mac = *mac;
	p->vf_present = vf_present;
	p->tx = tx;
	return 0;
}

static const char *pair_state_word(const struct xvfp_guest_pair *p)
{
	if (p->mode == XVFP_PAIR_PAIRING)
		return "pairing";
	if (p->mode == XVFP_PAIR_NETFRONT_ONLY)
		return "netfront-only";
	return xvfp_path_name(p->tx);
}

void xvfp_guest_format_state(const struct xvfp_guest *g, char *buf,
			     size_t len)
{
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < g->npairs && used < len; i++) {
		char mac[XVFP_MAC_STRLEN + 1];
		int n;

		xvfp_format_mac(&g->pair[i].mac, mac, sizeof(mac));
		n = snprintf(buf + used, len - used, "%s%s %s", i ? "\n" : "",
			     mac, pair_state_word(&g->pair[i]));
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static void emit_state(const struct xvfp_guest *g, struct xvfp_actions *out)
{
	char state[XVFP_STATE_MAX + 1];

	xvfp_guest_format_state(g, state, sizeof(state));
	xvfp_actions_add(out, XVFP_ACT_WRITE_STATE, NULL, XVFP_PATH_NONE, state);
}

/* Write a reply and remember it as the answer to its sequence number. */
static void emit_reply(struct xvfp_guest *g, uint32_t seq, enum xvfp_verb verb,
		       enum xvfp_result result, enum xvfp_path path,
		       const char *reason, struct xvfp_actions *out)
{
	struct xvfp_reply reply = {
		.seq = seq, .verb = verb, .result = result, .path = path,
	};

	/* data/xvf/reply holds the answer to the latest request (6): an
	 * older one must never overwrite it. */
	if (seq < g->last_seq)
		return;
	if (reason)
		snprintf(reply.reason, sizeof(reply.reason), "%s", reason);
	if (xvfp_format_reply(&reply, g->last_reply, sizeof(g->last_reply)) < 0)
		return;
	xvfp_actions_add(out, XVFP_ACT_WRITE_REPLY, NULL, XVFP_PATH_NONE,
		   g->last_reply);
}

static void clear_pending(struct xvfp_guest_pair *p)
{
	p->pending_seq = 0;
	p->pending_verb = XVFP_VERB_INVALID;
	p->deadline_ms = 0;
}

/* Answer the pending request of @p with where TX is now. */
static void answer_pending_ok(struct xvfp_guest *g, struct xvfp_guest_pair *p,
			      struct xvfp_actions *out)
{
	if (!p->pending_seq)
		return;
	emit_reply(g, p->pending_seq, p->pending_verb, XVFP_RESULT_OK, p->tx,
		   NULL, out);
	clear_pending(p);
}

static void answer_pending_failed(struct xvfp_guest *g,
				  struct xvfp_guest_pair *p, const char *reason,
				  struct xvfp_actions *out)
{
	if (!p->pending_seq)
		return;
	emit_reply(g, p->pending_seq, p->pending_verb, XVFP_RESULT_FAILED,
		   XVFP_PATH_NONE, reason, out);
	clear_pending(p);
}

/*
 * Move TX of @p to @path, answering the pending request once it is there:
 * at once if TX is already there, else after the adapter's tx_done.
 */
static void steer(struct xvfp_guest *g, struct xvfp_guest_pair *p,
		  enum xvfp_path path, struct xvfp_actions *out)
{
	if (p->tx == path && p->switching == XVFP_PATH_NONE) {
		answer_pending_ok(g, p, out);
		return;
	}
	if (p->switching == path)
		return;
	p->switching = path;
	xvfp_actions_add(out, XVFP_ACT_SWITCH_TX, &p->mac, path, NULL);
}

static void handle_request(struct xvfp_guest *g, const struct xvfp_request *req,
			   uint64_t now, struct xvfp_actions *out)
{
	struct xvfp_guest_pair *p = find_pair(g, &req->mac);

	if (!p) {
		emit_reply(g, req->seq, req->verb, XVFP_RESULT_FAILED,
			   XVFP_PATH_NONE, "unknown-mac", out);
		return;
	}
	/* A newer request supersedes one still waiting. */
	clear_pending(p);
	p->pending_seq = req->seq;
	p->pending_verb = req->verb;
	switch (req->verb) {
	case XVFP_VERB_PREPARE_DETACH:
		p->mode = XVFP_PAIR_HELD;
		steer(g, p, XVFP_PATH_NETFRONT, out);
		break;
	case XVFP_VERB_CANCEL:
		p->mode = XVFP_PAIR_AUTO;
		if (p->vf_present)
			steer(g, p, XVFP_PATH_VF, out);
		else
			answer_pending_failed(g, p, "no-vf", out);
		break;
	case XVFP_VERB_ATTACH:
		if (p->vf_present) {
			p->mode = XVFP_PAIR_AUTO;
			steer(g, p, XVFP_PATH_VF, out);
		} else {
			p->mode = XVFP_PAIR_PAIRING;
			p->deadline_ms = now + g->pairing_ms;
		}
		break;
	case XVFP_VERB_NO_VF:
		p->mode = XVFP_PAIR_NETFRONT_ONLY;
		steer(g, p, XVFP_PATH_NETFRONT, out);
		break;
	default:
		break;
	}
	emit_state(g, out);
}

int xvfp_guest_request(struct xvfp_guest *g, const char *text, uint64_t now,
		       struct xvfp_actions *out)
{
	struct xvfp_request req;
	unsigned int i;
	uint32_t seq;
	int rc;

	xvfp_actions_clear(out);
	rc = xvfp_parse_request(text, &req);
	if (rc) {
		/* Answer a malformed request only if it is new and numbered. */
		if (!xvfp_request_seq(text, &seq) && seq > g->last_seq) {
			g->last_seq = seq;
			emit_reply(g, seq, XVFP_VERB_INVALID,
				   XVFP_RESULT_REJECTED, XVFP_PATH_NONE,
				   "malformed", out);
		}
		return rc;
	}
	if (req.seq < g->last_seq)
		return -ESTALE;
	if (req.seq == g->last_seq) {
		/* A duplicate: the same answer again, if there is one yet. */
		if (g->last_reply[0])
			xvfp_actions_add(out, XVFP_ACT_WRITE_REPLY, NULL,
				   XVFP_PATH_NONE, g->last_reply);
		return 0;
	}
	g->last_seq = req.seq;
	g->last_reply[0] = '\0';
	/* The host waits for one request at a time: a new one ends the wait
	 * for any older one, on every pair (its switch still completes). */
	for (i = 0; i < g->npairs; i++)
		clear_pending(&g->pair[i]);
	handle_request(g, &req, now, out);
	return 0;
}

void xvfp_guest_vf_up(struct xvfp_guest *g, const struct xvfp_mac *mac,
		      struct xvfp_actions *out)
{
	struct xvfp_guest_pair *p = find_pair(g, mac);

	xvfp_actions_clear(out);
	if (!p)
		return;
	p->vf_present = true;
	switch (p->mode) {
	case XVFP_PAIR_HELD:
		/* Leaving: the host asked TX to stay on netfront. */
		break;
	case XVFP_PAIR_NETFRONT_ONLY:
	case XVFP_PAIR_PAIRING:
	case XVFP_PAIR_AUTO:
		p->mode = XVFP_PAIR_AUTO;
		/* Late for its attach, which is still the latest request:
		 * once on it, the reply says so (a slow host's VF). */
		if (p->late_attach_seq && p->late_attach_seq == g->last_seq &&
		    !p->pending_seq) {
			p->pending_seq = p->late_attach_seq;
			p->pending_verb = XVFP_VERB_ATTACH;
		}
		p->late_attach_seq = 0;
		steer(g, p, XVFP_PATH_VF, out);
		break;
	}
	emit_state(g, out);
}

void xvfp_guest_vf_gone(struct xvfp_guest *g, const struct xvfp_mac *mac,
			struct xvfp_actions *out)
{
	struct xvfp_guest_pair *p = find_pair(g, mac);

	xvfp_actions_clear(out);
	if (!p)
		return;
	p->vf_present = false;
	/* The kernel's failover has already moved TX: record it. */
	p->tx = XVFP_PATH_NETFRONT;
	if (p->switching == XVFP_PATH_VF) {
		p->switching = XVFP_PATH_NONE;
		answer_pending_failed(g, p, "vf-gone", out);
	}
	emit_state(g, out);
}

void xvfp_guest_tx_done(struct xvfp_guest *g, const struct xvfp_mac *mac,
			enum xvfp_path path, bool ok, struct xvfp_actions *out)
{
	struct xvfp_guest_pair *p = find_pair(g, mac);

	xvfp_actions_clear(out);
	if (!p || p->switching != path)
		return;
	p->switching = XVFP_PATH_NONE;
	if (!ok) {
		answer_pending_failed(g, p, "switch-failed", out);
		if (p->mode == XVFP_PAIR_HELD)
			p->mode = XVFP_PAIR_AUTO;
		emit_state(g, out);
		return;
	}
	p->tx = path;
	answer_pending_ok(g, p, out);
	emit_state(g, out);
}

void xvfp_guest_remove_pair(struct xvfp_guest *g, const struct xvfp_mac *mac,
			    struct xvfp_actions *out)
{
	struct xvfp_guest_pair *p = find_pair(g, mac);
	size_t i;

	xvfp_actions_clear(out);
	if (!p)
		return;
	/* Every request gets an answer (5.7), even for a pair that left. */
	answer_pending_failed(g, p, "pair-gone", out);
	i = (size_t)(p - g->pair);
	memmove(p, p + 1, (g->npairs - i - 1) * sizeof(*p));
	g->npairs--;
	emit_state(g, out);
}

void xvfp_guest_tick(struct xvfp_guest *g, uint64_t now,
		     struct xvfp_actions *out)
{
	unsigned int i;

	xvfp_actions_clear(out);
	for (i = 0; i < g->npairs; i++) {
		struct xvfp_guest_pair *p = &g->pair[i];

		if (p->mode != XVFP_PAIR_PAIRING || now < p->deadline_ms)
			continue;
		p->mode = XVFP_PAIR_AUTO;
		p->late_attach_seq = p->pending_seq;
		answer_pending_failed(g, p, "no-vf-with-mac", out);
		emit_state(g, out);
	}
}

uint64_t xvfp_guest_next_deadline(const struct xvfp_guest *g)
{
	uint64_t next = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < g->npairs; i++)
		if (g->pair[i].mode == XVFP_PAIR_PAIRING &&
		    g->pair[i].deadline_ms < next)
			next = g->pair[i].deadline_ms;
	return next;
}
