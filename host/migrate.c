// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvf-host: the host's half of the protocol around one migration. The
 * protocol itself is libxvfproto's host machine; this file carries out
 * the actions it asks for (xenstore writes, the PF's MAC filter, xl) and
 * feeds the results back.
 *
 * The source runs prepare → detach → migrate. Who attaches the next VF
 * depends on where the guest is then:
 *   - still here (the migration failed) or moved to this same host: the
 *     source sets the MAC on the same VF again and attaches it;
 *   - on another host: the destination's half, `xvf-host receive`, runs
 *     there through the command that reaches it (ssh, as for xl migrate),
 *     picks a free VF, sets the MAC and VLAN, attaches it and asks the
 *     guest to pair it; its outcome comes back as JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "lock.h"
#include "migrate.h"
#include "pick.h"
#include "spawn.h"
#include "sriov.h"
#include "toolstack.h"
#include "xs.h"
#include "xvfproto/machine.h"

unsigned int xvfh_confirm_timeout_ms = XVFP_HOST_CONFIRM_MS;

#define MAX_STEPS 12

struct migration {
	const char *guest;
	const struct xvfh_migrate_opts *src;	/* NULL on the destination */
	const struct xvfh_receive_opts *dst;	/* NULL on the source */
	bool remote;		/* the destination's half runs elsewhere */
	struct xvfh_xs xs;
	struct xvfp_host h;
	struct xvfh_pf pf;	/* the VF's PF */
	struct xvfp_pci_addr vf;	/* the VF the guest holds / gets */
	unsigned int vf_index;
	struct xvfp_mac mac;
	int vlan;
	const char *vf_error;	/* why no VF could be attached */
	int guest_lock;		/* this run's hold on the guest (lock.h) */
	int vf_lock;		/* the destination's reservation of its VF */
	uint64_t t0, t_step[MAX_STEPS];
	const char *step_name[MAX_STEPS];
	unsigned int nsteps;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

bool xvfh_safe_word(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || s[0] == '-')
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789_.:-") == n;
}

static void step_done(struct migration *m, const char *name)
{
	if (m->nsteps < MAX_STEPS) {
		m->step_name[m->nsteps] = name;
		m->t_step[m->nsteps++] = now_ms() - m->t0;
	}
	fprintf(stderr, "xvf-host: %s (%.2f s)\n", name,
		(double)(now_ms() - m->t0) / 1000.0);
}

static int guest_domid(struct migration *m)
{
	int id = xvfh_toolstack->guest_domid(m->guest);

	if (id < 0)
		return id;
	return xvfh_xs_attach_domain(&m->xs, (unsigned int)id);
}

/* ---- attaching the next VF ---- */

/* The guest's MAC back in the VF's filter, undoing the clear. */
static int restore_vf_mac(struct migration *m)
{
	int rc = xvfh_set_vf(m->pf.netdev, m->vf_index, &m->mac, -1);

	if (rc)
		fprintf(stderr, "xvf-host: restoring the VF MAC failed: %s\n",
			strerror(-rc));
	return rc;
}

/* Back on this host, the same VF: the MAC first, then the attach. */
static int reattach_same_vf(struct migration *m, struct xvfp_pci_addr *slot)
{
	int rc = restore_vf_mac(m);

	if (!rc)
		rc = xvfh_toolstack->give_vf(m->guest, &m->vf);
	if (!rc)
		rc = xvfh_xs_find_pci(&m->xs, &m->vf, slot);
	return rc;
}

/* On the destination: a free VF, with the guest's MAC and VLAN set from
 * the PF before the guest sees it (PROTOCOL.md 5.3 step 5). */
static int attach_free_vf(struct migration *m, struct xvfp_pci_addr *slot,
			  const char **why)
{
	unsigned int i;
	int rc;

	rc = xvfh_pick_vf(&m->xs, m->dst->pf, &m->pf, &i, &m->vf_lock);
	if (rc) {
		*why = rc == -EBUSY ? "none-free" : "no-sriov";
		return rc;
	}
	m->vf = m->pf.vf[i].addr;
	m->vf_index = m->pf.vf[i].index;
	*why = "attach-failed";
	rc = xvfh_set_vf(m->pf.netdev, m->vf_index, &m->mac, m->vlan);
	if (!rc)
		rc = xvfh_toolstack->prepare_vf(&m->vf);
	if (!rc)
		rc = xvfh_toolstack->give_vf(m->guest, &m->vf);
	if (!rc)
		rc = xvfh_xs_find_pci(&m->xs, &m->vf, slot);
	return rc;
}

/* Append the words of @via (split at spaces) to @argv. */
static size_t add_via_words(const char **argv, size_t n, size_t max, char *via)
{
	char *save = NULL, *w;

	for (w = strtok_r(via, " \t", &save); w && n < max;
	     w = strtok_r(NULL, " \t", &save))
		argv[n++] = w;
	return n;
}

/* @o's member @key if it is a JSON string, else "" (absent, null, other). */
static const char *string_member(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

/* The destination's JSON outcome into @out and @next_seq. */
static int parse_destination(const char *text, struct xvfp_host_outcome *out,
			     uint32_t *next_seq)
{
	json_object *o = json_tokener_parse(text), *v;
	const char *confirm, *reason;
	int rc = -EPROTO;

	memset(out, 0, sizeof(*out));
	*next_seq = 0;
	if (!o || !json_object_is_type(o, json_type_object))
		goto done;
	if (!json_object_object_get_ex(o, "vf_attached", &v) ||
	    !json_object_is_type(v, json_type_boolean))
		goto done;
	out->vf_attached = json_object_get_boolean(v);
	confirm = string_member(o, "confirm");
	out->confirm = !strcmp(confirm, "ok") ? XVFP_ACK_OK :
		       !strcmp(confirm, "failed") ? XVFP_ACK_FAILED :
		       !strcmp(confirm, "timeout") ? XVFP_ACK_TIMEOUT :
						     XVFP_ACK_NONE;
	reason = string_member(o, "reason");
	if (!xvfp_check_word(reason))
		snprintf(out->reason, sizeof(out->reason), "%s", reason);
	if (json_object_object_get_ex(o, "next_seq", &v) &&
	    json_object_is_type(v, json_type_int)) {
		int64_t n = json_object_get_int64(v);

		if (n > 0 && n <= UINT32_MAX)
			*next_seq = (uint32_t)n;
	}
	rc = 0;
done:
	json_object_put(o);
	return rc;
}

/*
 * The destination's half runs its toolstack's commands (take a VF, make
 * it assignable, attach it), each bounded there by the same limit, then
 * waits for the guest's confirmation; a minute on top for the connection.
 */
static unsigned int destination_half_limit_ms(void)
{
	return 3 * xvfh_command_timeout_ms + xvfh_confirm_timeout_ms + 60000;
}

/* The most words of the destination's command after the VIA command's:
 * destination, xvf-host, three options with their values, receive and
 * its seven arguments at most, -j. */
#define DESTINATION_HALF_WORDS 20

/* Run `VIA DESTINATION xvf-host receive ...` and read its outcome. */
static int run_destination_half(struct migration *m,
				struct xvfp_host_outcome *dest,
				uint32_t *next_seq)
{
	const char *argv[XVFH_SPAWN_MAX_ARGS + 1];
	char via[256], mac[XVFP_MAC_STRLEN + 1], seq[16], vlan[16], limit[16];
	char confirm[16];
	static char out[8192];
	size_t n;
	int rc;

	snprintf(via, sizeof(via), "%s", m->src->via ? m->src->via : XVFH_DEFAULT_VIA);
	xvfp_format_mac(&m->mac, mac, sizeof(mac));
	snprintf(seq, sizeof(seq), "%u", xvfp_host_next_seq(&m->h));
	snprintf(vlan, sizeof(vlan), "%d", m->vlan > 0 ? m->vlan : 0);
	n = add_via_words(argv, 0, XVFH_SPAWN_MAX_ARGS - DESTINATION_HALF_WORDS, via);
	argv[n++] = m->src->destination;
	argv[n++] = "xvf-host";
	/* The same toolstack and limits there; defaults are not spelled out. */
	if (xvfh_toolstack != xvfh_toolstack_default()) {
		argv[n++] = "--toolstack";
		argv[n++] = xvfh_toolstack->name;
	}
	if (xvfh_command_timeout_ms != XVFH_COMMAND_TIMEOUT_MS) {
		snprintf(limit, sizeof(limit), "%u", xvfh_command_timeout_ms / 1000);
		argv[n++] = "--timeout";
		argv[n++] = limit;
	}
	if (xvfh_confirm_timeout_ms != XVFP_HOST_CONFIRM_MS) {
		snprintf(confirm, sizeof(confirm), "%u", xvfh_confirm_timeout_ms / 1000);
		argv[n++] = "--confirm-timeout";
		argv[n++] = confirm;
	}
	argv[n++] = "receive";
	argv[n++] = m->guest;
	argv[n++] = mac;
	argv[n++] = "--seq";
	argv[n++] = seq;
	argv[n++] = "--vlan";
	argv[n++] = vlan;
	if (m->src->dest_pf) {
		argv[n++] = "--pf";
		argv[n++] = m->src->dest_pf;
	}
	if (m->h.guest_speaks)
		argv[n++] = "--speaks";
	argv[n++] = "-j";
	argv[n] = NULL;
	rc = xvfh_spawn(argv, out, sizeof(out), destination_half_limit_ms());
	if (rc == -ETIMEDOUT)
		fprintf(stderr, "xvf-host: the destination's half did not finish "
			"within %u s: stopped\n", destination_half_limit_ms() / 1000);
	/* It exits 1 when no VF could be attached: its JSON still says why. */
	if (parse_destination(out, dest, next_seq))
		return rc ? rc : -EPROTO;
	return 0;
}

static void run_actions(struct migration *m, struct xvfp_actions *out);

static void attach_next_vf(struct migration *m)
{
	struct xvfp_host_outcome dest;
	struct xvfp_pci_addr slot;
	struct xvfp_actions next;
	const char *why = "attach-failed";
	uint32_t seq;
	int rc;

	if (m->remote && m->h.outcome.migrated) {
		rc = run_destination_half(m, &dest, &seq);
		if (rc) {
			fprintf(stderr, "xvf-host: the destination's half failed: %s\n",
				strerror(-rc));
			dest = (struct xvfp_host_outcome){ .reason = "" };
			seq = 0;
		}
		step_done(m, "destination's half done");
		xvfp_host_handed_over(&m->h, &dest, seq, &next);
		run_actions(m, &next);
		return;
	}
	rc = m->dst ? attach_free_vf(m, &slot, &why) : reattach_same_vf(m, &slot);
	step_done(m, rc ? "no VF attached" : "VF attached");
	if (rc) {
		fprintf(stderr, "xvf-host: no VF for %s: %s\n", m->guest, why);
		m->vf_error = why;
		xvfp_host_no_vf(&m->h, why, now_ms(), &next);
	} else {
		xvfp_host_vf_attached(&m->h, &slot, now_ms(), &next);
	}
	run_actions(m, &next);
}

static void migrate_guest(struct migration *m)
{
	const struct xvfh_move move = {
		.destination = m->src->destination,
		.via = m->src->via,
		.save_file = m->src->save_file,
	};
	struct xvfp_actions next;
	int rc;

	rc = xvfh_toolstack->move_guest(m->guest, &move);
	/* Here again (restored, or moved to this host): a new domain id. */
	if (!rc && !m->remote)
		rc = guest_domid(m);
	step_done(m, rc ? "migration failed" : "migrated");
	xvfp_host_migrated(&m->h, !rc, &next);
	run_actions(m, &next);
}

static void do_action(struct migration *m, const struct xvfp_action *a)
{
	static const struct xvfp_mac zero;
	struct xvfp_actions next;
	int rc;

	switch (a->kind) {
	case XVFP_ACT_WRITE_REQUEST:
		if (xvfh_xs_write_request(&m->xs, a->text))
			fprintf(stderr, "xvf-host: writing the request failed\n");
		else
			/* The start of the guest's round trip ("guest ready"). */
			step_done(m, "request written");
		break;
	case XVFP_ACT_CLEAR_VF_MAC:
		/* Frames for the MAC must reach netfront now (PROTOCOL.md 5.3). */
		rc = xvfh_set_vf(m->pf.netdev, m->vf_index, &zero, -1);
		if (rc)
			fprintf(stderr, "xvf-host: clearing the VF MAC failed: %s\n",
				strerror(-rc));
		break;
	case XVFP_ACT_DETACH_VF:
		rc = xvfh_toolstack->take_vf(m->guest, &m->vf);
		/* Still the guest's VF: it is told to go back to it (cancel),
		 * so its frames must reach it again first. */
		if (rc)
			restore_vf_mac(m);
		step_done(m, rc ? "detach failed" : "detached");
		xvfp_host_detached(&m->h, !rc, now_ms(), &next);
		run_actions(m, &next);
		break;
	case XVFP_ACT_MIGRATE:
		migrate_guest(m);
		break;
	case XVFP_ACT_ATTACH_VF:
		attach_next_vf(m);
		break;
	default:
		break;
	}
}

/* In order, each completely, before the next event (machine.h). */
static void run_actions(struct migration *m, struct xvfp_actions *out)
{
	struct xvfp_actions mine = *out;
	unsigned int i;

	for (i = 0; i < mine.n; i++)
		if (mine.a[i].kind == XVFP_ACT_WRITE_REQUEST)
			do_action(m, &mine.a[i]);
	for (i = 0; i < mine.n; i++)
		if (mine.a[i].kind != XVFP_ACT_WRITE_REQUEST)
			do_action(m, &mine.a[i]);
}

static void wait_for_guest(struct migration *m)
{
	char reply[XVFP_MESSAGE_MAX + 1];
	struct xvfp_actions out;

	while (m->h.phase == XVFP_HOST_PREPARING ||
	       m->h.phase == XVFP_HOST_CONFIRMING) {
		uint64_t now = now_ms();
		int wait = m->h.deadline_ms > now ? (int)(m->h.deadline_ms - now) : 0;

		if (xvfh_xs_wait(&m->xs, wait) &&
		    !xvfh_xs_read_guest(&m->xs, "data/xvf/reply", reply,
					XVFP_MESSAGE_MAX)) {
			/* Not ours (stale, malformed): keep waiting. */
			if (xvfp_host_reply(&m->h, reply, now_ms(), &out))
				continue;
			step_done(m, m->h.phase == XVFP_HOST_DETACHING ?
					     "guest ready" : "guest confirmed");
			run_actions(m, &out);
			continue;
		}
		xvfp_host_tick(&m->h, now_ms(), &out);
		if (out.n)
			step_done(m, "guest did not answer in time");
		run_actions(m, &out);
	}
}

/* ---- reporting ---- */

static const char *ack_name(enum xvfp_ack ack)
{
	static const char *const names[] = { "not-asked", "ok", "failed", "timeout" };

	return names[ack];
}

static void report(const struct migration *m, bool json)
{
	json_object *o = json_object_new_object(), *steps = json_object_new_array();
	char pci[XVFP_PCI_STRLEN + 1];
	unsigned int i;

	xvfp_format_pci_addr(&m->vf, pci, sizeof(pci));
	json_object_object_add(o, "guest", json_object_new_string(m->guest));
	json_object_object_add(o, "migrated", json_object_new_boolean(m->h.outcome.migrated));
	json_object_object_add(o, "vf_attached",
			       json_object_new_boolean(m->h.outcome.vf_attached));
	json_object_object_add(o, "vf", m->remote ? NULL : json_object_new_string(pci));
	json_object_object_add(o, "guest_speaks", json_object_new_boolean(m->h.guest_speaks));
	json_object_object_add(o, "prepare", json_object_new_string(ack_name(m->h.outcome.prepare)));
	json_object_object_add(o, "confirm", json_object_new_string(ack_name(m->h.outcome.confirm)));
	if (m->vf_error)
		json_object_object_add(o, "vf_error", json_object_new_string(m->vf_error));
	if (m->h.outcome.reason[0])
		json_object_object_add(o, "reason", json_object_new_string(m->h.outcome.reason));
	json_object_object_add(o, "next_seq", json_object_new_int64(xvfp_host_next_seq(&m->h)));
	for (i = 0; i < m->nsteps; i++) {
		json_object *s = json_object_new_object();

		json_object_object_add(s, "step", json_object_new_string(m->step_name[i]));
		json_object_object_add(s, "ms", json_object_new_int64((int64_t)m->t_step[i]));
		json_object_array_add(steps, s);
	}
	json_object_object_add(o, "steps", steps);
	if (json)
		printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
	else
		printf("%s: %s, VF %s, guest prepare %s, confirm %s\n", m->guest,
		       m->h.outcome.migrated ? "migrated" : "not migrated",
		       m->h.outcome.vf_attached ? "attached" : "not attached",
		       ack_name(m->h.outcome.prepare), ack_name(m->h.outcome.confirm));
	json_object_put(o);
}

/* ---- both halves ---- */

/* Connect to xenstore and find the guest's domain. */
static int connect_guest(struct migration *m)
{
	int rc = xvfh_xs_open(&m->xs);

	if (rc) {
		fprintf(stderr, "xvf-host: cannot connect to xenstore: %s\n",
			strerror(-rc));
		return rc;
	}
	rc = guest_domid(m);
	if (rc)
		fprintf(stderr, "xvf-host: %s: %s\n", m->guest, strerror(-rc));
	return rc;
}

/*
 * Set up the host machine: what the guest speaks, and where numbering
 * continues (the last request in this home, the guest's last reply,
 * @carried_seq from the source).
 */
static void setup_machine(struct migration *m, uint32_t carried_seq,
			  bool carried_speaks)
{
	char versions[XVFP_VERSIONS_MAX + 1], features[XVFP_FEATURES_MAX + 1];
	char request[XVFP_MESSAGE_MAX + 1], reply[XVFP_MESSAGE_MAX + 1];
	bool have_v, have_f, have_req, have_rep;
	uint32_t seq;

	have_v = !xvfh_xs_read_guest(&m->xs, "data/xvf/version", versions,
				     XVFP_VERSIONS_MAX);
	have_f = !xvfh_xs_read_guest(&m->xs, "data/xvf/features", features,
				     XVFP_FEATURES_MAX);
	have_req = !xvfh_xs_read_guest(&m->xs, "xvf/request", request,
				       XVFP_MESSAGE_MAX);
	have_rep = !xvfh_xs_read_guest(&m->xs, "data/xvf/reply", reply,
				       XVFP_MESSAGE_MAX);
	seq = xvfp_host_seq_after(have_req ? request : NULL,
				  have_rep ? reply : NULL);
	if (seq && carried_seq > seq)
		seq = carried_seq;
	/* The guest's own numbers decide only whether it is asked, never
	 * whether it migrates (PROTOCOL.md 2, 5.2). */
	if (seq == 0 || seq == UINT32_MAX)
		fprintf(stderr, "xvf-host: %s: its request numbers are (nearly) "
			"used up: the guest may not be asked\n", m->guest);
	xvfp_host_init(&m->h, &m->mac, seq, have_v ? versions : NULL,
		       have_f ? features : NULL);
	m->h.confirm_ms = xvfh_confirm_timeout_ms;
	/* Just arrived, the guest may not have advertised in its new home
	 * yet, or only in part (an agent that writes its nodes one by one);
	 * what it spoke on the source holds (PROTOCOL.md 3). */
	if ((!have_v || !have_f) && carried_speaks)
		m->h.guest_speaks = true;
	if (!m->h.guest_speaks)
		fprintf(stderr, "xvf-host: %s does not speak the xvf protocol: "
			"not asking it\n", m->guest);
}

static void release(struct migration *m)
{
	xvfh_xs_close(&m->xs);
	xvfh_unlock(m->vf_lock);
	xvfh_unlock(m->guest_lock);
}

static int finish(struct migration *m, bool json)
{
	wait_for_guest(m);
	report(m, json);
	release(m);
	return m->h.outcome.vf_attached && m->h.outcome.migrated ? 0 : 1;
}

/*
 * One run per guest and role on this host: two migrations of one guest
 * would number their requests alike and fight over its VF. A migration
 * to this same host runs its destination's half beside its source's, so
 * the two roles lock apart.
 */
static int hold_guest(struct migration *m, const char *role)
{
	char path[256];

	m->guest_lock = xvfh_lock_try(role, m->guest);
	if (m->guest_lock >= 0)
		return 0;
	if (m->guest_lock == -EBUSY)
		fprintf(stderr, "xvf-host: another xvf-host run holds %s (%s): try "
			"again when it is done\n", m->guest,
			xvfh_lock_path(role, m->guest, path, sizeof(path)));
	else
		fprintf(stderr, "xvf-host: cannot lock %s: %s\n",
			xvfh_lock_path(role, m->guest, path, sizeof(path)),
			strerror(-m->guest_lock));
	return m->guest_lock;
}

/* Which VF the guest holds (its first passed-through device), its VLAN,
 * and the MAC it pairs with: its first vif's, from dom0's backend. */
static int find_guest_vf(struct migration *m)
{
	struct xvfp_pci_addr slot;
	unsigned int i;
	int rc;

	rc = xvfh_xs_pci_dev(&m->xs, 0, &m->vf, &slot);
	if (rc) {
		fprintf(stderr, "xvf-host: %s has no passed-through PCI device\n",
			m->guest);
		return rc;
	}
	rc = xvfh_find_vf(&m->vf, &m->pf, &m->vf_index);
	if (rc) {
		fprintf(stderr, "xvf-host: the guest's PCI device is not an SR-IOV VF\n");
		return rc;
	}
	for (i = 0; i < m->pf.nvfs; i++)
		if (m->pf.vf[i].index == m->vf_index)
			m->vlan = m->pf.vf[i].vlan;
	rc = xvfh_xs_vif_mac(&m->xs, 0, &m->mac);
	if (rc)
		fprintf(stderr, "xvf-host: %s has no vif with a MAC\n", m->guest);
	return rc;
}

static bool is_this_host(const char *destination)
{
	return !strcmp(destination, "localhost") ||
	       !strcmp(destination, "127.0.0.1") || !strcmp(destination, "::1");
}

int xvfh_migrate(const struct xvfh_migrate_opts *o)
{
	struct migration m = { .guest = o->guest, .src = o, .guest_lock = -1,
			       .vf_lock = -1 };
	struct xvfp_actions out;
	int rc;

	m.remote = o->via || !is_this_host(o->destination);
	rc = hold_guest(&m, "migrate");
	if (!rc)
		rc = connect_guest(&m);
	if (!rc)
		rc = find_guest_vf(&m);
	if (rc) {
		release(&m);
		return 1;
	}
	setup_machine(&m, 0, false);
	m.t0 = now_ms();
	xvfp_host_start(&m.h, m.t0, &out);
	run_actions(&m, &out);
	return finish(&m, o->json);
}

int xvfh_receive(const struct xvfh_receive_opts *o)
{
	struct migration m = { .guest = o->guest, .dst = o, .mac = o->mac,
			       .vlan = o->vlan, .guest_lock = -1, .vf_lock = -1 };
	struct xvfp_actions out;

	if (hold_guest(&m, "receive") || connect_guest(&m)) {
		release(&m);
		return 1;
	}
	setup_machine(&m, o->next_seq, o->guest_speaks);
	m.t0 = now_ms();
	xvfp_host_arrive(&m.h, &out);
	run_actions(&m, &out);
	return finish(&m, o->json);
}
