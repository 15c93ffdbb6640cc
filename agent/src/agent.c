// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfd's core (see agent.h).  The protocol's decisions are libxvfproto's;
 * what this file adds is the mapping to the kernel: a SWITCH_TX becomes a
 * hold set or released on the master, and it is done when the master
 * reports transmit on the wanted path (and, leaving the VF, nothing
 * queued on it any more) -- or it fails at a deadline, and then transmit
 * stays on netfront, which is always safe.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "agent.h"

static const struct xvfd_timing default_timing = {
	.switch_timeout_ms = XVFD_SWITCH_TIMEOUT_MS,
	.pairing_timeout_ms = XVFP_GUEST_PAIRING_MS,
	.drain_poll_ms = XVFD_DRAIN_POLL_MS,
	.master = { .takeover_ms = -1, .wait_ms = -1 },
};

void xvfd_init(struct xvfd *a, const struct xvfd_ops *ops, void *priv,
	       const struct xvfd_timing *timing)
{
	memset(a, 0, sizeof(*a));
	a->ops = ops;
	a->priv = priv;
	a->timing = timing ? *timing : default_timing;
	xvfp_guest_init(&a->g);
	a->g.pairing_ms = a->timing.pairing_timeout_ms;
	a->next_poll_ms = UINT64_MAX;
}

void xvfd_recover_reply(struct xvfd *a, const char *reply)
{
	if (reply && !xvfp_guest_recover(&a->g, reply))
		a->ops->event(a, LOG_INFO, "recovered", reply);
}

enum xvfp_path xvfd_path_to_protocol(enum xfo_path path)
{
	switch (path) {
	case XFO_PATH_PRIMARY:
		return XVFP_PATH_VF;
	case XFO_PATH_STANDBY:
		return XVFP_PATH_NETFRONT;
	default:
		return XVFP_PATH_NONE;
	}
}

const char *xvfd_path_name(enum xfo_path path)
{
	return xvfp_path_name(xvfd_path_to_protocol(path));
}

struct xvfd_pair *xvfd_pair_by_ifindex(struct xvfd *a, int ifindex)
{
	unsigned int i;

	for (i = 0; i < a->npairs; i++)
		if (a->pair[i].k.ifindex == ifindex)
			return &a->pair[i];
	return NULL;
}

static struct xvfd_pair *pair_by_mac(struct xvfd *a, const struct xvfp_mac *mac)
{
	unsigned int i;

	for (i = 0; i < a->npairs; i++)
		if (!memcmp(&a->pair[i].k.mac, mac, sizeof(*mac)))
			return &a->pair[i];
	return NULL;
}

static struct xvfp_guest_pair *machine_pair(struct xvfd *a,
					    const struct xvfp_mac *mac)
{
	unsigned int i;

	for (i = 0; i < a->g.npairs; i++)
		if (!memcmp(&a->g.pair[i].mac, mac, sizeof(*mac)))
			return &a->g.pair[i];
	return NULL;
}

/* ---- history ---- */

static struct xvfd_exchange *exchange_by_seq(struct xvfd *a, uint32_t seq)
{
	unsigned int i, n = a->nhistory < XVFD_HISTORY ? a->nhistory :
							 XVFD_HISTORY;

	for (i = 0; i < n; i++) {
		struct xvfd_exchange *e = &a->history[(a->nhistory - 1 - i) %
						      XVFD_HISTORY];

		if (e->seq == seq)
			return e;
	}
	return NULL;
}

const struct xvfd_exchange *xvfd_history(const struct xvfd *a, unsigned int i)
{
	if (i >= a->nhistory || i >= XVFD_HISTORY)
		return NULL;
	return &a->history[(a->nhistory - 1 - i) % XVFD_HISTORY];
}

/* A malformed request is an exchange too (verb invalid, no MAC). */
static void exchange_begin(struct xvfd *a, const struct xvfp_request *req,
			   uint64_t now, uint64_t wall)
{
	struct xvfd_exchange *e = &a->history[a->nhistory++ % XVFD_HISTORY];

	memset(e, 0, sizeof(*e));
	e->seq = req->seq;
	e->verb = req->verb;
	e->mac = req->mac;
	e->started_ms = now;
	e->started_wall_ms = wall;
	e->on_path_ms = -1;
	e->tx_moved_ms = -1;
	e->replied_ms = -1;
	snprintf(e->outcome, sizeof(e->outcome), "pending");
}

static void exchange_replied(struct xvfd *a, const char *text, uint64_t now)
{
	struct xvfp_reply reply;
	struct xvfd_exchange *e;

	if (xvfp_parse_reply(text, &reply))
		return;
	e = exchange_by_seq(a, reply.seq);
	if (!e || e->replied_ms >= 0)
		return;		/* a duplicate's answer, already recorded */
	e->replied_ms = (int64_t)(now - e->started_ms);
	snprintf(e->outcome, sizeof(e->outcome), "%s",
		 reply.result == XVFP_RESULT_OK ? "ok" :
		 reply.result == XVFP_RESULT_FAILED ? "failed" : "rejected");
	snprintf(e->reason, sizeof(e->reason), "%s", reply.reason);
	if (reply.result != XVFP_RESULT_OK)
		a->failures++;
}

/* ---- the machine's actions, carried out ---- */

static bool switch_done(const struct xvfd_pair *p)
{
	if (xvfd_path_to_protocol(p->k.active) != p->want)
		return false;
	/* Off the VF: nothing of ours may still be queued there. */
	return p->want == XVFP_PATH_VF || !p->k.vf_ifindex || !p->k.vf_tx_busy;
}

static void run_actions(struct xvfd *a, struct xvfp_actions *out,
			uint64_t now);

/* The exchange a switch under way serves, or NULL (a manual one). */
static struct xvfd_exchange *switch_exchange(struct xvfd *a,
					     const struct xvfd_pair *p)
{
	return p->want_seq ? exchange_by_seq(a, p->want_seq) : NULL;
}

static void finish_switch(struct xvfd *a, struct xvfd_pair *p, bool ok,
			  uint64_t now)
{
	enum xvfp_path path = p->want;
	struct xvfd_exchange *e = switch_exchange(a, p);
	struct xvfp_actions out;
	char detail[96];

	p->want = XVFP_PATH_NONE;
	if (ok && e && e->tx_moved_ms < 0)
		e->tx_moved_ms = (int64_t)(now - e->started_ms);
	snprintf(detail, sizeof(detail), "%s to %s %s", p->k.name,
		 xvfp_path_name(path), ok ? "done" : "timed out");
	a->ops->event(a, ok ? LOG_INFO : LOG_WARNING, "tx", detail);
	xvfp_guest_tx_done(&a->g, &p->k.mac, path, ok, &out);
	run_actions(a, &out, now);
}

static void write_node(struct xvfd *a, const char *rel, const char *text)
{
	int rc = a->ops->write_node(a, rel, text);

	if (rc) {
		char detail[64];

		snprintf(detail, sizeof(detail), "%s: %s", rel, strerror(-rc));
		a->ops->event(a, LOG_ERR, "xenstore", detail);
	}
}

static void start_switch(struct xvfd *a, const struct xvfp_mac *mac,
			 enum xvfp_path path, uint64_t now)
{
	struct xvfp_guest_pair *gp = machine_pair(a, mac);
	struct xvfd_pair *p = pair_by_mac(a, mac);
	bool hold = path == XVFP_PATH_NETFRONT;

	if (!p)
		return;
	p->want = path;
	p->want_deadline_ms = now + a->timing.switch_timeout_ms;
	p->want_seq = gp ? gp->pending_seq : 0;
	p->drain_interval_ms = XVFD_DRAIN_FIRST_POLL_MS;
	if (p->k.held == hold)
		return;
	if (a->ops->set_hold(a, &p->k, hold))
		/* Cannot move it: fail now, the deadline would only wait. */
		p->want_deadline_ms = now;
	else
		p->read_back_due = true;
}

/*
 * xvf_failover has moved transmit by the time the hold's request returns:
 * read the masters back now rather than wait for the event, which comes
 * only after this turn's xenstore writes.  A read may report a master
 * gone, which reorders the pairs: take the ifindexes first.
 */
static void read_back_holds(struct xvfd *a)
{
	int ifindex[XVFP_MAX_PAIRS];
	unsigned int i, n = 0;

	for (i = 0; i < a->npairs; i++) {
		if (!a->pair[i].read_back_due)
			continue;
		a->pair[i].read_back_due = false;
		ifindex[n++] = a->pair[i].k.ifindex;
	}
	for (i = 0; i < n; i++)
		a->ops->refresh(a, ifindex[i]);
}

/* data/xvf/state is informational (PROTOCOL.md 7): written once, after
 * any reply of the same turn, as it stands then. */
static void write_state_if_due(struct xvfd *a)
{
	char state[XVFP_STATE_MAX + 1];

	if (!a->state_due)
		return;
	a->state_due = false;
	if (!a->protocol_ok)
		return;
	xvfp_guest_format_state(&a->g, state, sizeof(state));
	write_node(a, "data/xvf/state", state);
}

/* A switch under way: answered if done or due, else its drain re-read. */
static void settle_switch(struct xvfd *a, struct xvfd_pair *p, uint64_t now)
{
	struct xvfd_exchange *e = switch_exchange(a, p);

	if (e && e->on_path_ms < 0 &&
	    xvfd_path_to_protocol(p->k.active) == p->want)
		e->on_path_ms = (int64_t)(now - e->started_ms);
	if (switch_done(p))
		finish_switch(a, p, true, now);
	else if (now >= p->want_deadline_ms)
		finish_switch(a, p, false, now);
	else if (p->want == XVFP_PATH_NETFRONT &&
		 p->k.active == XFO_PATH_STANDBY &&
		 now + p->drain_interval_ms < a->next_poll_ms)
		/* Draining: vf_tx_busy changes without an event. */
		a->next_poll_ms = now + p->drain_interval_ms;
}

static void settle_switches(struct xvfd *a, uint64_t now)
{
	unsigned int i;

	a->next_poll_ms = UINT64_MAX;
	for (i = 0; i < a->npairs; i++)
		if (a->pair[i].want != XVFP_PATH_NONE)
			settle_switch(a, &a->pair[i], now);
}

static void run_actions(struct xvfd *a, struct xvfp_actions *out,
			uint64_t now)
{
	unsigned int i;

	a->actions_depth++;
	if (out->overflow)
		a->ops->event(a, LOG_ERR, "bug", "action list overflow");
	for (i = 0; i < out->n; i++) {
		const struct xvfp_action *act = &out->a[i];

		switch (act->kind) {
		case XVFP_ACT_SWITCH_TX:
			start_switch(a, &act->mac, act->path, now);
			break;
		case XVFP_ACT_WRITE_REPLY:
			exchange_replied(a, act->text, now);
			a->ops->event(a, LOG_INFO, "reply", act->text);
			/* A host that stopped speaking gets no replies (4),
			 * not even ones deferred from before. */
			if (a->protocol_ok)
				write_node(a, "data/xvf/reply", act->text);
			break;
		case XVFP_ACT_WRITE_STATE:
			a->state_due = true;
			break;
		default:
			break;
		}
	}
	read_back_holds(a);
	settle_switches(a, now);
	if (--a->actions_depth == 0)
		write_state_if_due(a);
}

/* ---- events from the adapters ---- */

static enum xvfp_path tx_path(const struct xvfd_master *m)
{
	/* No path yet counts as netfront: the VF is the one that comes and
	 * goes. */
	return m->active == XFO_PATH_PRIMARY ? XVFP_PATH_VF : XVFP_PATH_NETFRONT;
}

/*
 * xvfd.conf's settings for every master, given once per master when the
 * kernel reports something else (an admin's own change later stays).
 */
static void apply_settings(struct xvfd *a, struct xvfd_pair *p)
{
	const struct xvfd_master_settings *want = &a->timing.master;
	struct xvfd_master_settings diff = { -1, -1 };
	char detail[96];
	int rc;

	if (p->settings_sent)
		return;
	if (want->takeover_ms >= 0 && want->takeover_ms != p->k.takeover_ms)
		diff.takeover_ms = want->takeover_ms;
	if (want->wait_ms >= 0 && want->wait_ms != p->k.wait_ms)
		diff.wait_ms = want->wait_ms;
	if (diff.takeover_ms < 0 && diff.wait_ms < 0)
		return;
	p->settings_sent = true;
	rc = a->ops->set_settings(a, &p->k, &diff);
	snprintf(detail, sizeof(detail), "%s takeover_ms %lld wait_ms %lld%s%s",
		 p->k.name, (long long)want->takeover_ms, (long long)want->wait_ms,
		 rc ? ": " : "", rc ? strerror(-rc) : "");
	a->ops->event(a, rc ? LOG_ERR : LOG_INFO, "settings", detail);
}

/* Forget @p and its pair in the machine, answering what it waited for. */
static void forget_pair(struct xvfd *a, struct xvfd_pair *p, uint64_t now)
{
	struct xvfp_mac mac = p->k.mac;
	struct xvfp_actions out;
	size_t i = (size_t)(p - a->pair);

	a->ops->event(a, LOG_INFO, "master-gone", p->k.name);
	memmove(p, p + 1, (a->npairs - i - 1) * sizeof(*p));
	a->npairs--;
	xvfp_guest_remove_pair(&a->g, &mac, &out);
	run_actions(a, &out, now);
}

static struct xvfd_pair *add_pair(struct xvfd *a, const struct xvfd_master *m,
				  uint64_t now, uint64_t wall)
{
	struct xvfp_guest_pair *gp;
	struct xvfd_pair *p = pair_by_mac(a, &m->mac);
	char detail[64], mac[XVFP_MAC_STRLEN + 1];

	/* One pair per MAC: a master with a known MAC and a new ifindex is
	 * the old one plugged again, whose removal went unseen. */
	if (p)
		forget_pair(a, p, now);
	if (a->npairs == XVFP_MAX_PAIRS ||
	    xvfp_guest_add_pair(&a->g, &m->mac, m->vf_ifindex != 0, tx_path(m)))
		return NULL;
	p = &a->pair[a->npairs++];
	memset(p, 0, sizeof(*p));
	p->k = *m;
	p->seen = true;
	if (m->vf_ifindex)
		p->paired_wall_ms = wall;
	gp = machine_pair(a, &m->mac);
	/* Found held (we restarted mid-migration): it stays held until the
	 * host's next request says otherwise. */
	if (gp && m->held)
		gp->mode = XVFP_PAIR_HELD;
	xvfp_format_mac(&m->mac, mac, sizeof(mac));
	snprintf(detail, sizeof(detail), "%s %s%s", m->name, mac,
		 m->held ? " (held)" : "");
	a->ops->event(a, LOG_INFO, "master", detail);
	return p;
}

void xvfd_master_update(struct xvfd *a, const struct xvfd_master *m,
			uint64_t now, uint64_t wall)
{
	struct xvfd_pair *p = xvfd_pair_by_ifindex(a, m->ifindex);
	struct xvfp_actions out = { .n = 0 };
	bool had_vf;
	char detail[64];

	if (p)
		p->seen = true;
	if (!p) {
		p = add_pair(a, m, now, wall);
		if (!p)
			a->ops->event(a, LOG_ERR, "master", "too many masters");
		else
			apply_settings(a, p);
		settle_switches(a, now);
		return;
	}
	had_vf = p->k.vf_ifindex != 0;
	if (p->k.held != m->held) {
		snprintf(detail, sizeof(detail), "%s %s", m->name,
			 m->held ? "set" : "released");
		a->ops->event(a, LOG_INFO, "hold", detail);
	}
	if (p->k.active != m->active) {
		snprintf(detail, sizeof(detail), "%s on %s", m->name,
			 xvfd_path_name(m->active));
		a->ops->event(a, LOG_INFO, "path", detail);
	}
	p->k = *m;
	if (!had_vf && m->vf_ifindex) {
		p->paired_wall_ms = wall;
		snprintf(detail, sizeof(detail), "%s VF ifindex %d", m->name,
			 m->vf_ifindex);
		a->ops->event(a, LOG_INFO, "paired", detail);
		xvfp_guest_vf_up(&a->g, &m->mac, &out);
	} else if (had_vf && !m->vf_ifindex) {
		a->ops->event(a, LOG_INFO, "unpaired", m->name);
		/* A switch back to it is over: the machine answers vf-gone. */
		if (p->want == XVFP_PATH_VF)
			p->want = XVFP_PATH_NONE;
		xvfp_guest_vf_gone(&a->g, &m->mac, &out);
	}
	run_actions(a, &out, now);
}

void xvfd_master_gone(struct xvfd *a, int ifindex, uint64_t now)
{
	struct xvfd_pair *p = xvfd_pair_by_ifindex(a, ifindex);

	if (p)
		forget_pair(a, p, now);
}

void xvfd_masters_dump_begin(struct xvfd *a)
{
	unsigned int i;

	for (i = 0; i < a->npairs; i++)
		a->pair[i].seen = false;
}

void xvfd_masters_dump_end(struct xvfd *a, uint64_t now)
{
	unsigned int i = 0;

	while (i < a->npairs) {
		if (a->pair[i].seen)
			i++;
		else
			forget_pair(a, &a->pair[i], now);	/* shifts the rest down */
	}
}

void xvfd_request(struct xvfd *a, const char *text, uint64_t now,
		  uint64_t wall)
{
	struct xvfp_actions out;
	struct xvfp_request req;

	if (!text || !a->protocol_ok)
		return;	/* PROTOCOL.md 4: no common version, no reply */
	if (xvfp_parse_request(text, &req)) {
		memset(&req, 0, sizeof(req));
		if (xvfp_request_seq(text, &req.seq))
			req.seq = 0;	/* not even numbered: never answered */
	}
	if (req.seq > a->g.last_seq) {
		exchange_begin(a, &req, now, wall);
		a->ops->event(a, LOG_INFO, "request", text);
	}
	xvfp_guest_request(&a->g, text, now, &out);
	run_actions(a, &out, now);
}

bool xvfd_domid_seen(struct xvfd *a, unsigned int domid, uint64_t wall)
{
	char detail[48];
	unsigned int i;

	if (a->domid == domid)
		return false;
	if (a->domid) {
		a->migrations++;
		a->last_migration_wall_ms = wall;
		snprintf(detail, sizeof(detail), "domain %u -> %u", a->domid,
			 domid);
		a->ops->event(a, LOG_NOTICE, "migrated", detail);
		/* Whatever messages we missed: look at the pairs again. */
		for (i = 0; i < a->npairs; i++)
			a->ops->refresh(a, a->pair[i].k.ifindex);
	}
	a->domid = domid;
	return true;
}

void xvfd_format_state(const struct xvfd *a, char *buf, size_t len)
{
	if (a->protocol_ok)
		xvfp_guest_format_state(&a->g, buf, len);
	else
		snprintf(buf, len, "unsupported");
}

void xvfd_host_versions(struct xvfd *a, const char *text)
{
	uint32_t host = 0;
	bool ok = text && !xvfp_parse_versions(text, &host) &&
		  xvfp_common_version(host, 1u << XVFP_PROTOCOL_VERSION) != 0;
	char state[XVFP_STATE_MAX + 1];

	if (ok == a->protocol_ok && ok)
		return;
	a->protocol_ok = ok;
	if (ok)
		a->ops->event(a, LOG_INFO, "protocol", text);
	xvfd_format_state(a, state, sizeof(state));
	write_node(a, "data/xvf/state", state);
}

/*
 * A few frames drain within a millisecond or two, so the first re-read
 * comes soon; the interval doubles up to drain_poll_ms, so a queue that
 * does not drain is not re-read more often than that.
 */
static uint32_t next_drain_interval(const struct xvfd *a,
				    const struct xvfd_pair *p)
{
	uint32_t twice = p->drain_interval_ms * 2;

	return twice < a->timing.drain_poll_ms ? twice : a->timing.drain_poll_ms;
}

/* Read a switching pair's master again (its drain has no event). */
static void refresh_switch(struct xvfd *a, struct xvfd_pair *p)
{
	struct xvfd_exchange *e = switch_exchange(a, p);

	if (e)
		e->drain_polls++;
	p->drain_interval_ms = next_drain_interval(a, p);
	a->ops->refresh(a, p->k.ifindex);
}

void xvfd_tick(struct xvfd *a, uint64_t now)
{
	struct xvfp_actions out;
	unsigned int i;

	if (now >= a->next_poll_ms) {
		a->next_poll_ms = UINT64_MAX;
		for (i = 0; i < a->npairs; i++)
			if (a->pair[i].want != XVFP_PATH_NONE)
				refresh_switch(a, &a->pair[i]);
	}
	xvfp_guest_tick(&a->g, now, &out);
	run_actions(a, &out, now);
}

uint64_t xvfd_next_deadline(const struct xvfd *a)
{
	uint64_t next = xvfp_guest_next_deadline(&a->g);
	unsigned int i;

	if (a->next_poll_ms < next)
		next = a->next_poll_ms;
	for (i = 0; i < a->npairs; i++)
		if (a->pair[i].want != XVFP_PATH_NONE &&
		    a->pair[i].want_deadline_ms < next)
			next = a->pair[i].want_deadline_ms;
	return next;
}

int xvfd_manual_hold(struct xvfd *a, const char *master, bool hold)
{
	unsigned int i;
	int rc;

	for (i = 0; i < a->npairs; i++) {
		struct xvfd_pair *p = &a->pair[i];

		if (strcmp(p->k.name, master))
			continue;
		rc = a->ops->set_hold(a, &p->k, hold);
		a->ops->event(a, rc ? LOG_ERR : LOG_NOTICE, "manual-hold",
			      hold ? "set" : "released");
		return rc;
	}
	return -ENOENT;
}
