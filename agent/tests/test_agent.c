// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfd's core without I/O: the kernel's masters, xenstore's requests and
 * the clock are fed in by hand; what the core asks of the world (holds,
 * xenstore writes, re-reads) is recorded by fake ops and checked.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "agent.h"

#define MAC "02:58:56:46:00:01"

struct world {
	int holds_set, holds_released;
	int hold_error;			/* set_hold returns this */
	int refreshes;
	int hold_ifindex;		/* the master the last hold went to */
	int settings_sent;
	struct xvfd_master_settings last_settings;
	char reply[256];
	char state[1024];
	int replies;
	int events;
	/* The kernel as a refresh reads it: NULL, a refresh reads nothing;
	 * else the master a hold changes as xvf_failover does (at once). */
	struct xvfd_master *kernel;
	uint64_t now;			/* the clock a refresh reports at */
	char writes[16];		/* R: reply, S: state, in order */
};

static struct world *W(struct xvfd *a)
{
	return a->priv;
}

static int fake_set_hold(struct xvfd *a, const struct xvfd_master *m, bool hold)
{
	W(a)->hold_ifindex = m->ifindex;
	if (W(a)->hold_error)
		return W(a)->hold_error;
	if (W(a)->kernel) {
		W(a)->kernel->held = hold;
		W(a)->kernel->active = hold || !W(a)->kernel->vf_ifindex ?
				       XFO_PATH_STANDBY : XFO_PATH_PRIMARY;
	}
	if (hold)
		W(a)->holds_set++;
	else
		W(a)->holds_released++;
	return 0;
}

static int fake_set_settings(struct xvfd *a, const struct xvfd_master *m,
			     const struct xvfd_master_settings *s)
{
	(void)m;
	W(a)->settings_sent++;
	W(a)->last_settings = *s;
	return 0;
}

static int fake_refresh(struct xvfd *a, int ifindex)
{
	W(a)->refreshes++;
	if (W(a)->kernel && W(a)->kernel->ifindex == ifindex)
		xvfd_master_update(a, W(a)->kernel, W(a)->now,
				   1000 + W(a)->now);
	return 0;
}

static void note_write(struct world *w, char what)
{
	size_t n = strlen(w->writes);

	if (n + 1 < sizeof(w->writes))
		w->writes[n] = what;
}

static int fake_write_node(struct xvfd *a, const char *rel, const char *text)
{
	if (!strcmp(rel, "data/xvf/reply")) {
		snprintf(W(a)->reply, sizeof(W(a)->reply), "%s", text);
		W(a)->replies++;
		note_write(W(a), 'R');
	} else if (!strcmp(rel, "data/xvf/state")) {
		snprintf(W(a)->state, sizeof(W(a)->state), "%s", text);
		note_write(W(a), 'S');
	}
	return 0;
}

static void fake_event(struct xvfd *a, int level, const char *what,
		       const char *detail)
{
	(void)level;
	(void)what;
	(void)detail;
	W(a)->events++;
}

static const struct xvfd_ops fake_ops = {
	.set_hold = fake_set_hold,
	.set_settings = fake_set_settings,
	.refresh = fake_refresh,
	.write_node = fake_write_node,
	.event = fake_event,
};

struct fixture {
	struct xvfd a;
	struct world w;
	struct xvfd_master m;
};

/* Master xfo0 with its VF paired and carrying transmit; the host speaks 1. */
static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	xvfd_init(&f->a, &fake_ops, &f->w, NULL);
	f->m.ifindex = 7;
	snprintf(f->m.name, sizeof(f->m.name), "xfo0");
	assert_int_equal(xvfp_parse_mac(MAC, &f->m.mac), 0);
	f->m.active = XFO_PATH_PRIMARY;
	f->m.vf_ifindex = 5;
	f->m.standby_ifindex = 3;
	xvfd_master_update(&f->a, &f->m, 0, 1000);
	xvfd_host_versions(&f->a, "1");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

/* The kernel reports the master again after a change. */
static void kernel(struct fixture *f, bool held, enum xfo_path active,
		   int vf, unsigned int busy, uint64_t now)
{
	f->m.held = held;
	f->m.active = active;
	f->m.vf_ifindex = vf;
	f->m.vf_tx_busy = busy;
	xvfd_master_update(&f->a, &f->m, now, 1000 + now);
}

static void prepare_detach_holds_then_answers_once_drained(void **state)
{
	struct fixture *f = *state;
	const struct xvfd_exchange *e;

	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	assert_int_equal(f->w.holds_set, 1);
	assert_int_equal(f->w.refreshes, 1);	/* read back after the hold */
	assert_int_equal(f->w.replies, 0);	/* not before TX has moved */
	/* Moved, but two frames still queued on the VF: keep waiting,
	 * and re-read soon (vf_tx_busy changes without an event). */
	kernel(f, true, XFO_PATH_STANDBY, 5, 2, 110);
	assert_int_equal(f->w.replies, 0);
	assert_int_equal(xvfd_next_deadline(&f->a), 110 + XVFD_DRAIN_FIRST_POLL_MS);
	xvfd_tick(&f->a, 111);
	assert_int_equal(f->w.refreshes, 2);
	kernel(f, true, XFO_PATH_STANDBY, 5, 0, 112);
	assert_string_equal(f->w.reply, "1 prepare-detach ok path=netfront");
	assert_string_equal(f->w.state, MAC " netfront");
	e = xvfd_history(&f->a, 0);
	assert_non_null(e);
	assert_int_equal(e->on_path_ms, 10);
	assert_int_equal(e->drain_polls, 1);
	assert_int_equal(e->tx_moved_ms, 12);
	assert_int_equal(e->replied_ms, 12);
	assert_string_equal(e->outcome, "ok");
}

/*
 * xvf_failover moves transmit within the hold's own netlink request, so
 * the core reads the master back at once and, the VF's queues empty,
 * answers in the same turn: the reply first, the informational state
 * after it, no xenstore round trip between the request and the answer.
 */
static void held_and_read_back_answers_in_the_same_turn(void **state)
{
	struct fixture *f = *state;
	const struct xvfd_exchange *e;

	f->w.kernel = &f->m;
	memset(f->w.writes, 0, sizeof(f->w.writes));
	f->w.now = 103;
	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	assert_string_equal(f->w.reply, "1 prepare-detach ok path=netfront");
	assert_string_equal(f->w.writes, "RS");
	assert_string_equal(f->w.state, MAC " netfront");
	e = xvfd_history(&f->a, 0);
	assert_int_equal(e->on_path_ms, 3);
	assert_int_equal(e->drain_polls, 0);
	assert_int_equal(e->replied_ms, 3);
	/* A new VF, then attach: the release reads back as transmit on it. */
	kernel(f, true, XFO_PATH_STANDBY, 11, 0, 200);
	memset(f->w.writes, 0, sizeof(f->w.writes));
	f->w.now = 302;
	xvfd_request(&f->a, "2 attach mac=" MAC " pci=0000:00:05.0", 300, 1300);
	assert_string_equal(f->w.reply, "2 attach ok path=vf");
	assert_string_equal(f->w.writes, "RS");
	assert_string_equal(f->w.state, MAC " vf");
	assert_int_equal(xvfd_history(&f->a, 0)->replied_ms, 2);
}

/*
 * The VF's queues are re-read soon after the move (a few frames drain
 * in a millisecond or two), then at doubling intervals up to
 * drain_poll_ms: a queue that stays busy costs no more wakeups than that.
 */
static void drain_re_reads_start_soon_and_back_off(void **state)
{
	static const uint32_t gaps[] = { 1, 2, 4, 8, 10, 10 };
	struct fixture *f = *state;
	uint64_t now = 110;
	unsigned int i;

	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	kernel(f, true, XFO_PATH_STANDBY, 5, 3, now);
	for (i = 0; i < sizeof(gaps) / sizeof(gaps[0]); i++) {
		assert_int_equal(xvfd_next_deadline(&f->a), now + gaps[i]);
		now += gaps[i];
		xvfd_tick(&f->a, now);
		assert_int_equal(f->w.refreshes, 1 + i + 1);	/* read back first */
		kernel(f, true, XFO_PATH_STANDBY, 5, 3, now);	/* still busy */
	}
	assert_int_equal(f->w.replies, 0);
	assert_int_equal(xvfd_history(&f->a, 0)->drain_polls, i);
}

static void prepare_detach_that_never_drains_fails_and_stays_held(void **state)
{
	struct fixture *f = *state;

	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	kernel(f, true, XFO_PATH_STANDBY, 5, 9, 110);
	xvfd_tick(&f->a, 100 + XVFD_SWITCH_TIMEOUT_MS - 1);
	assert_int_equal(f->w.replies, 0);
	xvfd_tick(&f->a, 100 + XVFD_SWITCH_TIMEOUT_MS);
	assert_string_equal(f->w.reply, "1 prepare-detach failed reason=switch-failed");
	/* Never leave the guest without a path: the hold is not undone. */
	assert_int_equal(f->w.holds_released, 0);
	assert_int_equal(f->a.failures, 1);
	assert_string_equal(xvfd_history(&f->a, 0)->outcome, "failed");
}

static void refused_hold_fails_at_once(void **state)
{
	struct fixture *f = *state;

	f->w.hold_error = -EPERM;
	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	assert_string_equal(f->w.reply, "1 prepare-detach failed reason=switch-failed");
}

/* Source host: hold, drain, detach; destination: VF arrives, attach. */
static void migration_round_trip(void **state)
{
	struct fixture *f = *state;

	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	kernel(f, true, XFO_PATH_STANDBY, 5, 0, 110);
	kernel(f, true, XFO_PATH_STANDBY, 0, 0, 200);	/* detached */
	assert_true(xvfd_domid_seen(&f->a, 9, 5000));		/* first sight */
	assert_true(xvfd_domid_seen(&f->a, 12, 9000));		/* moved */
	assert_int_equal(f->a.migrations, 1);
	assert_int_equal(f->w.refreshes, 2);	/* the hold's, the move's */
	/* The new VF pairs while held: TX stays on netfront. */
	kernel(f, true, XFO_PATH_STANDBY, 11, 0, 9100);
	assert_int_equal(f->w.holds_released, 0);
	xvfd_request(&f->a, "2 attach mac=" MAC " pci=0000:00:05.0", 9200, 18200);
	assert_int_equal(f->w.holds_released, 1);
	assert_int_equal(f->w.replies, 1);
	kernel(f, false, XFO_PATH_PRIMARY, 11, 0, 9310);
	assert_string_equal(f->w.reply, "2 attach ok path=vf");
	assert_int_equal(xvfd_history(&f->a, 0)->replied_ms, 110);
	assert_int_equal(xvfd_history(&f->a, 1)->seq, 1);
}

static void attach_waits_for_the_vf(void **state)
{
	struct fixture *f = *state;

	kernel(f, false, XFO_PATH_STANDBY, 0, 0, 50);	/* VF gone */
	xvfd_request(&f->a, "1 attach mac=" MAC " pci=0000:00:05.0", 100, 1100);
	assert_int_equal(f->w.replies, 0);
	assert_string_equal(f->w.state, MAC " pairing");
	kernel(f, false, XFO_PATH_STANDBY, 11, 0, 400);	/* take-over delay */
	assert_int_equal(f->w.replies, 0);
	kernel(f, false, XFO_PATH_PRIMARY, 11, 0, 500);
	assert_string_equal(f->w.reply, "1 attach ok path=vf");
}

static void attach_without_a_vf_times_out_on_netfront(void **state)
{
	struct fixture *f = *state;

	kernel(f, false, XFO_PATH_STANDBY, 0, 0, 50);
	xvfd_request(&f->a, "1 attach mac=" MAC " pci=0000:00:05.0", 100, 1100);
	assert_int_equal(xvfd_next_deadline(&f->a), 100 + XVFP_GUEST_PAIRING_MS);
	xvfd_tick(&f->a, 100 + XVFP_GUEST_PAIRING_MS);
	assert_string_equal(f->w.reply, "1 attach failed reason=no-vf-with-mac");
	assert_int_equal(f->w.holds_set + f->w.holds_released, 0);
}

static void no_vf_keeps_netfront(void **state)
{
	struct fixture *f = *state;

	kernel(f, true, XFO_PATH_STANDBY, 0, 0, 50);
	xvfd_request(&f->a, "1 no-vf mac=" MAC " reason=none-free", 100, 1100);
	assert_string_equal(f->w.reply, "1 no-vf ok path=netfront");
	assert_string_equal(f->w.state, MAC " netfront-only");
}

static void cancel_releases_the_hold(void **state)
{
	struct fixture *f = *state;

	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	kernel(f, true, XFO_PATH_STANDBY, 5, 0, 110);
	xvfd_request(&f->a, "2 cancel mac=" MAC, 200, 1200);
	assert_int_equal(f->w.holds_released, 1);
	kernel(f, false, XFO_PATH_PRIMARY, 5, 0, 320);
	assert_string_equal(f->w.reply, "2 cancel ok path=vf");
}

static void unknown_mac_and_malformed_requests(void **state)
{
	struct fixture *f = *state;

	xvfd_request(&f->a, "1 prepare-detach mac=02:00:00:00:00:99", 100, 1100);
	assert_string_equal(f->w.reply, "1 prepare-detach failed reason=unknown-mac");
	xvfd_request(&f->a, "2 detach-everything", 200, 1200);
	assert_string_equal(f->w.reply, "2 invalid rejected reason=malformed");
	assert_int_equal(f->w.holds_set, 0);
	/* Both are in the history, the malformed one as "invalid". */
	assert_int_equal(xvfd_history(&f->a, 0)->verb, XVFP_VERB_INVALID);
	assert_string_equal(xvfd_history(&f->a, 0)->outcome, "rejected");
	assert_string_equal(xvfd_history(&f->a, 1)->reason, "unknown-mac");
}

/* After a restart in the middle of a planned detach. */
static void restart_finds_the_hold_and_repeats_its_answer(void **state)
{
	struct fixture *f = *state;
	struct xvfd b;
	struct world w = { 0 };

	(void)f;
	xvfd_init(&b, &fake_ops, &w, NULL);
	xvfd_recover_reply(&b, "4 prepare-detach ok path=netfront");
	f->m.held = true;
	f->m.active = XFO_PATH_STANDBY;
	xvfd_master_update(&b, &f->m, 0, 1000);
	xvfd_host_versions(&b, "1");
	/* The host's request is still the one we answered: same answer. */
	xvfd_request(&b, "4 prepare-detach mac=" MAC, 10, 1010);
	assert_string_equal(w.reply, "4 prepare-detach ok path=netfront");
	/* The VF stays there, held: TX must not go back on its own. */
	f->m.vf_tx_busy = 0;
	xvfd_master_update(&b, &f->m, 20, 1020);
	assert_int_equal(w.holds_released, 0);
	/* An older request is stale: nothing. */
	w.replies = 0;
	xvfd_request(&b, "3 attach mac=" MAC " pci=0000:00:05.0", 30, 1030);
	assert_int_equal(w.replies, 0);
}

static void no_common_version_no_reply(void **state)
{
	struct fixture *f = *state;

	xvfd_host_versions(&f->a, NULL);
	assert_string_equal(f->w.state, "unsupported");
	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	assert_int_equal(f->w.replies, 0);
	assert_int_equal(f->w.holds_set, 0);
	xvfd_host_versions(&f->a, "2 3");
	assert_string_equal(f->w.state, "unsupported");
	xvfd_host_versions(&f->a, "1 2");
	assert_string_equal(f->w.state, MAC " vf");
}

static void vf_lost_during_switch_back_fails(void **state)
{
	struct fixture *f = *state;

	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	kernel(f, true, XFO_PATH_STANDBY, 5, 0, 110);
	xvfd_request(&f->a, "2 cancel mac=" MAC, 200, 1200);
	kernel(f, false, XFO_PATH_STANDBY, 0, 0, 250);	/* VF vanished */
	assert_string_equal(f->w.reply, "2 cancel failed reason=vf-gone");
	assert_int_equal(xvfd_next_deadline(&f->a), UINT64_MAX);
}

static void manual_hold_by_name(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(xvfd_manual_hold(&f->a, "xfo0", true), 0);
	assert_int_equal(f->w.holds_set, 1);
	assert_int_equal(xvfd_manual_hold(&f->a, "xfo9", true), -ENOENT);
}

static void history_keeps_the_newest(void **state)
{
	struct fixture *f = *state;
	char req[64];
	unsigned int i;

	for (i = 1; i <= XVFD_HISTORY + 5; i++) {
		snprintf(req, sizeof(req), "%u no-vf mac=%s reason=none", i, MAC);
		xvfd_request(&f->a, req, i * 10, i * 10);
	}
	assert_int_equal(xvfd_history(&f->a, 0)->seq, XVFD_HISTORY + 5);
	assert_int_equal(xvfd_history(&f->a, XVFD_HISTORY - 1)->seq, 6);
	assert_null(xvfd_history(&f->a, XVFD_HISTORY));
}

/* The request in flight is answered (5.7), the pair forgotten. */
static void master_gone_answers_and_forgets(void **state)
{
	struct fixture *f = *state;

	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	xvfd_master_gone(&f->a, 7, 150);
	assert_string_equal(f->w.reply, "1 prepare-detach failed reason=pair-gone");
	assert_int_equal(xvfd_next_deadline(&f->a), UINT64_MAX);
	assert_int_equal(f->a.npairs, 0);
	assert_string_equal(f->w.state, "");
	xvfd_request(&f->a, "2 prepare-detach mac=" MAC, 200, 1200);
	assert_string_equal(f->w.reply, "2 prepare-detach failed reason=unknown-mac");
}

/* xvfd.conf's settings go to a new master once, only what differs; an
 * admin's later change is left alone. Without settings, none are sent. */
static void config_settings_given_to_new_masters(void **state)
{
	struct fixture *f = *state;
	struct xvfd_timing t = f->a.timing;
	struct xvfd_master other = f->m;

	assert_int_equal(f->w.settings_sent, 0);
	t.master.takeover_ms = 50;
	t.master.wait_ms = 2000;
	xvfd_init(&f->a, f->a.ops, &f->w, &t);
	other.takeover_ms = 100;
	other.wait_ms = 2000;
	xvfd_master_update(&f->a, &other, 10, 1010);
	assert_int_equal(f->w.settings_sent, 1);
	assert_int_equal(f->w.last_settings.takeover_ms, 50);
	assert_int_equal(f->w.last_settings.wait_ms, -1);
	other.takeover_ms = 300;	/* an admin's own change */
	xvfd_master_update(&f->a, &other, 20, 1020);
	assert_int_equal(f->w.settings_sent, 1);
}

/* The host stopped speaking (its version node went): a switch that
 * completes later is not answered (PROTOCOL.md 4). */
static void no_reply_after_the_host_stops_speaking(void **state)
{
	struct fixture *f = *state;

	xvfd_request(&f->a, "1 prepare-detach mac=" MAC, 100, 1100);
	xvfd_host_versions(&f->a, NULL);
	kernel(f, true, XFO_PATH_STANDBY, 5, 0, 110);
	assert_int_equal(f->w.replies, 0);
	assert_string_equal(f->w.state, "unsupported");
}

/* Plugged again (a new ifindex), many times: requests reach the live one. */
static void replugged_master_is_the_one_asked(void **state)
{
	struct fixture *f = *state;
	char req[64];
	int i;

	for (i = 0; i < 2 * XVFP_MAX_PAIRS; i++) {
		xvfd_master_gone(&f->a, f->m.ifindex, 100 + i);
		f->m.ifindex = 100 + i;
		xvfd_master_update(&f->a, &f->m, 100 + i, 1100 + i);
	}
	assert_int_equal(f->a.npairs, 1);
	snprintf(req, sizeof(req), "1 prepare-detach mac=%s", MAC);
	xvfd_request(&f->a, req, 500, 1500);
	assert_int_equal(f->w.hold_ifindex, f->m.ifindex);
}

/* Its removal went unseen (lost netlink events): the same MAC on a new
 * ifindex replaces it, and a full dump forgets masters that are gone. */
static void unseen_removals_are_caught_up(void **state)
{
	struct fixture *f = *state;
	struct xvfd_master other = f->m;

	f->m.ifindex = 8;
	xvfd_master_update(&f->a, &f->m, 100, 1100);
	assert_int_equal(f->a.npairs, 1);
	assert_non_null(xvfd_pair_by_ifindex(&f->a, 8));
	other.ifindex = 9;
	assert_int_equal(xvfp_parse_mac("02:58:56:46:00:02", &other.mac), 0);
	xvfd_master_update(&f->a, &other, 110, 1110);
	assert_int_equal(f->a.npairs, 2);
	xvfd_masters_dump_begin(&f->a);
	xvfd_master_update(&f->a, &other, 120, 1120);	/* only this one */
	xvfd_masters_dump_end(&f->a, 130);
	assert_int_equal(f->a.npairs, 1);
	assert_non_null(xvfd_pair_by_ifindex(&f->a, 9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(prepare_detach_holds_then_answers_once_drained),
		T(held_and_read_back_answers_in_the_same_turn),
		T(drain_re_reads_start_soon_and_back_off),
		T(prepare_detach_that_never_drains_fails_and_stays_held),
		T(refused_hold_fails_at_once),
		T(migration_round_trip),
		T(attach_waits_for_the_vf),
		T(attach_without_a_vf_times_out_on_netfront),
		T(no_vf_keeps_netfront),
		T(cancel_releases_the_hold),
		T(unknown_mac_and_malformed_requests),
		T(restart_finds_the_hold_and_repeats_its_answer),
		T(no_common_version_no_reply),
		T(vf_lost_during_switch_back_fails),
		T(manual_hold_by_name),
		T(history_keeps_the_newest),
		T(master_gone_answers_and_forgets),
		T(replugged_master_is_the_one_asked),
		T(no_reply_after_the_host_stops_speaking),
		T(config_settings_given_to_new_masters),
		T(unseen_removals_are_caught_up),
#undef T
	};

	return cmocka_run_group_tests_name("agent", tests, NULL, NULL);
}
