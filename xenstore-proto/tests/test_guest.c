// SPDX-License-Identifier: LGPL-2.1-or-later
/* cmocka tests for the guest's state machine (lib/guest.c), no I/O. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "xvfproto/machine.h"

static const struct xvfp_mac M = { .octet = { 0x02, 0x58, 0x56, 0x46, 0, 1 } };
static const struct xvfp_mac OTHER = { .octet = { 0x02, 0x58, 0x56, 0x46, 0, 2 } };

/* The text of the first action of @kind, or NULL. */
static const char *find(const struct xvfp_actions *out,
			enum xvfp_action_kind kind)
{
	unsigned int i;

	assert_false(out->overflow);
	for (i = 0; i < out->n; i++)
		if (out->a[i].kind == kind)
			return out->a[i].text;
	return NULL;
}

static const struct xvfp_action *switch_of(const struct xvfp_actions *out)
{
	unsigned int i;

	for (i = 0; i < out->n; i++)
		if (out->a[i].kind == XVFP_ACT_SWITCH_TX)
			return &out->a[i];
	return NULL;
}

/* A guest with pair M on the VF. */
static void setup_on_vf(struct xvfp_guest *g)
{
	xvfp_guest_init(g);
	assert_int_equal(xvfp_guest_add_pair(g, &M, true, XVFP_PATH_VF), 0);
}

/* A guest that has answered "1 prepare-detach" with TX on netfront. */
static void setup_prepared(struct xvfp_guest *g, struct xvfp_actions *out)
{
	setup_on_vf(g);
	xvfp_guest_request(g, "1 prepare-detach mac=02:58:56:46:00:01", 0, out);
	xvfp_guest_tx_done(g, &M, XVFP_PATH_NETFRONT, true, out);
}

static void prepare_switches_then_replies(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;
	const struct xvfp_action *sw;

	(void)state;
	setup_on_vf(&g);
	assert_int_equal(xvfp_guest_request(&g, "1 prepare-detach mac=02:58:56:46:00:01",
					    0, &out), 0);
	sw = switch_of(&out);
	assert_non_null(sw);
	assert_int_equal(sw->path, XVFP_PATH_NETFRONT);
	/* No reply until TX has really moved. */
	assert_null(find(&out, XVFP_ACT_WRITE_REPLY));
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_NETFRONT, true, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "1 prepare-detach ok path=netfront");
	assert_string_equal(find(&out, XVFP_ACT_WRITE_STATE),
			    "02:58:56:46:00:01 netfront");
}

static void prepare_when_already_on_netfront(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	xvfp_guest_init(&g);
	xvfp_guest_add_pair(&g, &M, true, XVFP_PATH_NETFRONT);
	xvfp_guest_request(&g, "3 prepare-detach mac=02:58:56:46:00:01", 0, &out);
	assert_null(switch_of(&out));
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "3 prepare-detach ok path=netfront");
}

static void prepare_switch_fails(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_on_vf(&g);
	xvfp_guest_request(&g, "1 prepare-detach mac=02:58:56:46:00:01", 0, &out);
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_NETFRONT, false, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "1 prepare-detach failed reason=switch-failed");
	assert_string_equal(find(&out, XVFP_ACT_WRITE_STATE),
			    "02:58:56:46:00:01 vf");
}

static void held_pair_ignores_returning_vf(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_prepared(&g, &out);
	xvfp_guest_vf_up(&g, &M, &out);
	assert_null(switch_of(&out));
}

static void unknown_mac_fails(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_on_vf(&g);
	xvfp_guest_request(&g, "1 prepare-detach mac=02:58:56:46:00:02", 0, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "1 prepare-detach failed reason=unknown-mac");
	assert_null(switch_of(&out));
}

static void detach_then_attach_with_vf_arriving_later(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;
	const struct xvfp_action *sw;

	(void)state;
	setup_prepared(&g, &out);
	xvfp_guest_vf_gone(&g, &M, &out);
	assert_null(find(&out, XVFP_ACT_WRITE_REPLY));
	/* Migrated; the attach request comes before the VF shows up. */
	xvfp_guest_request(&g, "2 attach mac=02:58:56:46:00:01 pci=0000:00:00.0",
			   1000, &out);
	assert_null(switch_of(&out));
	assert_null(find(&out, XVFP_ACT_WRITE_REPLY));
	assert_string_equal(find(&out, XVFP_ACT_WRITE_STATE),
			    "02:58:56:46:00:01 pairing");
	assert_int_equal(xvfp_guest_next_deadline(&g),
			 1000 + XVFP_GUEST_PAIRING_MS);
	xvfp_guest_vf_up(&g, &M, &out);
	sw = switch_of(&out);
	assert_non_null(sw);
	assert_int_equal(sw->path, XVFP_PATH_VF);
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_VF, true, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "2 attach ok path=vf");
	assert_int_equal(xvfp_guest_next_deadline(&g), UINT64_MAX);
}

static void attach_with_vf_already_there(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	xvfp_guest_init(&g);
	xvfp_guest_add_pair(&g, &M, true, XVFP_PATH_NETFRONT);
	xvfp_guest_request(&g, "5 attach mac=02:58:56:46:00:01 pci=0000:00:00.0",
			   0, &out);
	assert_non_null(switch_of(&out));
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_VF, true, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY), "5 attach ok path=vf");
}

static void attach_times_out(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	xvfp_guest_init(&g);
	xvfp_guest_add_pair(&g, &M, false, XVFP_PATH_NETFRONT);
	xvfp_guest_request(&g, "2 attach mac=02:58:56:46:00:01 pci=0000:00:00.0",
			   100, &out);
	xvfp_guest_tick(&g, 100 + XVFP_GUEST_PAIRING_MS - 1, &out);
	assert_int_equal(out.n, 0);
	xvfp_guest_tick(&g, 100 + XVFP_GUEST_PAIRING_MS, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "2 attach failed reason=no-vf-with-mac");
	assert_string_equal(find(&out, XVFP_ACT_WRITE_STATE),
			    "02:58:56:46:00:01 netfront");
}

static void cancel_moves_back(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_prepared(&g, &out);
	xvfp_guest_request(&g, "2 cancel mac=02:58:56:46:00:01", 0, &out);
	assert_int_equal(switch_of(&out)->path, XVFP_PATH_VF);
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_VF, true, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY), "2 cancel ok path=vf");
}

static void cancel_without_vf_fails(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	xvfp_guest_init(&g);
	xvfp_guest_add_pair(&g, &M, false, XVFP_PATH_NETFRONT);
	xvfp_guest_request(&g, "2 cancel mac=02:58:56:46:00:01", 0, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "2 cancel failed reason=no-vf");
}

static void no_vf_then_later_attach(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	xvfp_guest_init(&g);
	xvfp_guest_add_pair(&g, &M, false, XVFP_PATH_NETFRONT);
	xvfp_guest_request(&g, "2 no-vf mac=02:58:56:46:00:01 reason=none-free",
			   0, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "2 no-vf ok path=netfront");
	assert_string_equal(find(&out, XVFP_ACT_WRITE_STATE),
			    "02:58:56:46:00:01 netfront-only");
	/* A VF with the MAC turning up on its own is paired again. */
	xvfp_guest_vf_up(&g, &M, &out);
	assert_int_equal(switch_of(&out)->path, XVFP_PATH_VF);
}

static void duplicate_gets_same_reply_stale_gets_none(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_on_vf(&g);
	xvfp_guest_request(&g, "4 prepare-detach mac=02:58:56:46:00:01", 0, &out);
	/* Duplicate while the switch is in flight: nothing to say yet. */
	assert_int_equal(xvfp_guest_request(&g, "4 prepare-detach mac=02:58:56:46:00:01",
					    0, &out), 0);
	assert_int_equal(out.n, 0);
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_NETFRONT, true, &out);
	assert_int_equal(xvfp_guest_request(&g, "4 prepare-detach mac=02:58:56:46:00:01",
					    0, &out), 0);
	assert_int_equal(out.n, 1);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "4 prepare-detach ok path=netfront");
	assert_int_equal(xvfp_guest_request(&g, "3 cancel mac=02:58:56:46:00:01",
					    0, &out), -ESTALE);
	assert_int_equal(out.n, 0);
}

static void malformed_new_request_is_rejected(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_on_vf(&g);
	assert_int_equal(xvfp_guest_request(&g, "7 detach-everything now", 0, &out),
			 -EINVAL);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "7 invalid rejected reason=malformed");
	assert_null(switch_of(&out));
	/* An old or unnumbered malformed request gets no answer. */
	assert_int_equal(xvfp_guest_request(&g, "6 nonsense", 0, &out), -EINVAL);
	assert_int_equal(out.n, 0);
	assert_int_equal(xvfp_guest_request(&g, "nonsense", 0, &out), -EINVAL);
	assert_int_equal(out.n, 0);
}

static void restart_recovers_sequence(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_on_vf(&g);
	assert_int_equal(xvfp_guest_recover(&g, "9 prepare-detach ok path=netfront"), 0);
	assert_int_equal(xvfp_guest_recover(&g, "garbage"), -EINVAL);
	assert_int_equal(g.last_seq, 9);
	xvfp_guest_request(&g, "9 prepare-detach mac=02:58:56:46:00:01", 0, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "9 prepare-detach ok path=netfront");
	assert_null(switch_of(&out));
}

static void vf_gone_during_switch_back(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	xvfp_guest_init(&g);
	xvfp_guest_add_pair(&g, &M, true, XVFP_PATH_NETFRONT);
	xvfp_guest_request(&g, "2 attach mac=02:58:56:46:00:01 pci=0000:00:00.0",
			   0, &out);
	xvfp_guest_vf_gone(&g, &M, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "2 attach failed reason=vf-gone");
	/* A late tx_done for a switch that no longer matters changes nothing. */
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_VF, true, &out);
	assert_int_equal(out.n, 0);
}

static void two_pairs_are_independent(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_on_vf(&g);
	xvfp_guest_add_pair(&g, &OTHER, true, XVFP_PATH_VF);
	xvfp_guest_request(&g, "1 prepare-detach mac=02:58:56:46:00:02", 0, &out);
	xvfp_guest_tx_done(&g, &OTHER, XVFP_PATH_NETFRONT, true, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_STATE),
			    "02:58:56:46:00:01 vf\n02:58:56:46:00:02 netfront");
}

/* The VF came after the attach was answered "no-vf-with-mac" (a slow,
 * loaded host): while that attach is the latest request, its reply is
 * corrected once TX is on the VF; after a newer request, it is not. */
static void late_vf_corrects_the_attach_reply(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	xvfp_guest_init(&g);
	xvfp_guest_add_pair(&g, &M, false, XVFP_PATH_NETFRONT);
	xvfp_guest_request(&g, "2 attach mac=02:58:56:46:00:01 pci=0000:00:00.0",
			   100, &out);
	xvfp_guest_tick(&g, 100 + XVFP_GUEST_PAIRING_MS, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "2 attach failed reason=no-vf-with-mac");
	xvfp_guest_vf_up(&g, &M, &out);
	assert_non_null(switch_of(&out));
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_VF, true, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY), "2 attach ok path=vf");

	xvfp_guest_vf_gone(&g, &M, &out);
	xvfp_guest_request(&g, "3 attach mac=02:58:56:46:00:01 pci=0000:00:00.0",
			   200, &out);
	xvfp_guest_tick(&g, 200 + XVFP_GUEST_PAIRING_MS, &out);
	xvfp_guest_request(&g, "4 no-vf mac=02:58:56:46:00:01 reason=none-free",
			   300, &out);
	xvfp_guest_vf_up(&g, &M, &out);
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_VF, true, &out);
	assert_null(find(&out, XVFP_ACT_WRITE_REPLY));
	assert_string_equal(g.last_reply, "4 no-vf ok path=netfront");
}

/* A newer request ends the wait for an older one: the older one's late
 * answer must not overwrite the newer reply (6: the latest request's). */
static void newer_request_outranks_an_older_pending_one(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_on_vf(&g);
	xvfp_guest_add_pair(&g, &OTHER, false, XVFP_PATH_NETFRONT);
	xvfp_guest_request(&g, "1 prepare-detach mac=02:58:56:46:00:01", 0, &out);
	assert_null(find(&out, XVFP_ACT_WRITE_REPLY));	/* switching */
	xvfp_guest_request(&g, "2 no-vf mac=02:58:56:46:00:02 reason=none-free", 1, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY), "2 no-vf ok path=netfront");
	xvfp_guest_tx_done(&g, &M, XVFP_PATH_NETFRONT, true, &out);
	assert_null(find(&out, XVFP_ACT_WRITE_REPLY));
	assert_string_equal(g.last_reply, "2 no-vf ok path=netfront");
	assert_string_equal(find(&out, XVFP_ACT_WRITE_STATE),
			    "02:58:56:46:00:01 netfront\n02:58:56:46:00:02 netfront-only");
}

/* A pair that leaves answers its pending request and is forgotten. */
static void removed_pair_answers_and_is_forgotten(void **state)
{
	struct xvfp_guest g;
	struct xvfp_actions out;

	(void)state;
	setup_on_vf(&g);
	xvfp_guest_add_pair(&g, &OTHER, true, XVFP_PATH_VF);
	xvfp_guest_request(&g, "1 prepare-detach mac=02:58:56:46:00:01", 0, &out);
	xvfp_guest_remove_pair(&g, &M, &out);
	assert_string_equal(find(&out, XVFP_ACT_WRITE_REPLY),
			    "1 prepare-detach failed reason=pair-gone");
	assert_string_equal(find(&out, XVFP_ACT_WRITE_STATE), "02:58:56:46:00:02 vf");
	assert_int_equal(g.npairs, 1);
	xvfp_guest_remove_pair(&g, &M, &out);
	assert_int_equal(out.n, 0);
}

static void pair_table_is_bounded(void **state)
{
	struct xvfp_guest g;
	struct xvfp_mac mac = M;
	unsigned int i;

	(void)state;
	xvfp_guest_init(&g);
	for (i = 0; i < XVFP_MAX_PAIRS; i++) {
		mac.octet[5] = (uint8_t)i;
		assert_int_equal(xvfp_guest_add_pair(&g, &mac, false,
						     XVFP_PATH_NETFRONT), 0);
	}
	mac.octet[5] = 0xff;
	assert_int_equal(xvfp_guest_add_pair(&g, &mac, false, XVFP_PATH_NETFRONT),
			 -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prepare_switches_then_replies),
		cmocka_unit_test(prepare_when_already_on_netfront),
		cmocka_unit_test(prepare_switch_fails),
		cmocka_unit_test(held_pair_ignores_returning_vf),
		cmocka_unit_test(unknown_mac_fails),
		cmocka_unit_test(detach_then_attach_with_vf_arriving_later),
		cmocka_unit_test(attach_with_vf_already_there),
		cmocka_unit_test(attach_times_out),
		cmocka_unit_test(cancel_moves_back),
		cmocka_unit_test(cancel_without_vf_fails),
		cmocka_unit_test(no_vf_then_later_attach),
		cmocka_unit_test(duplicate_gets_same_reply_stale_gets_none),
		cmocka_unit_test(malformed_new_request_is_rejected),
		cmocka_unit_test(restart_recovers_sequence),
		cmocka_unit_test(vf_gone_during_switch_back),
		cmocka_unit_test(two_pairs_are_independent),
		cmocka_unit_test(late_vf_corrects_the_attach_reply),
		cmocka_unit_test(newer_request_outranks_an_older_pending_one),
		cmocka_unit_test(removed_pair_answers_and_is_forgotten),
		cmocka_unit_test(pair_table_is_bounded),
	};

	return cmocka_run_group_tests_name("guest", tests, NULL, NULL);
}
