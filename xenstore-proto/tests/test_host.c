// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmocka tests for the host's state machine (lib/host.c), and round trips
 * of whole exchanges between the host and the guest machines, in memory.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "xvfproto/machine.h"

static const struct xvfp_mac M = { .octet = { 0x02, 0x58, 0x56, 0x46, 0, 1 } };
static const struct xvfp_pci_addr SLOT0 = { 0 };

static const struct xvfp_action *only(const struct xvfp_actions *out,
				      enum xvfp_action_kind kind)
{
	unsigned int i;

	assert_false(out->overflow);
	for (i = 0; i < out->n; i++)
		if (out->a[i].kind == kind)
			return &out->a[i];
	return NULL;
}

static const char *request_of(const struct xvfp_actions *out)
{
	const struct xvfp_action *a = only(out, XVFP_ACT_WRITE_REQUEST);

	return a ? a->text : NULL;
}

static void speaking_host(struct xvfp_host *h, uint32_t next_seq)
{
	assert_int_equal(xvfp_host_init(h, &M, next_seq, "1", "tx-switch pair-by-mac"),
			 0);
	assert_true(h->guest_speaks);
}

/* A host that has asked, been answered and detached: now migrating. */
static void through_detach(struct xvfp_host *h, struct xvfp_actions *out)
{
	speaking_host(h, 1);
	xvfp_host_start(h, 0, out);
	xvfp_host_reply(h, "1 prepare-detach ok path=netfront", 1, out);
	xvfp_host_detached(h, true, 2, out);
}

static void init_checks_arguments(void **state)
{
	struct xvfp_host h;
	struct xvfp_mac multicast = M;

	(void)state;
	multicast.octet[0] |= 1;
	assert_int_equal(xvfp_host_init(&h, &multicast, 1, "1", "tx-switch"), -EINVAL);
}

/* Migrate without the guest's help, start to finish: nothing is written. */
static void migrates_unasked(struct xvfp_host *h)
{
	struct xvfp_actions out;

	xvfp_host_start(h, 0, &out);
	assert_null(request_of(&out));
	assert_non_null(only(&out, XVFP_ACT_DETACH_VF));
	xvfp_host_detached(h, true, 1, &out);
	assert_non_null(only(&out, XVFP_ACT_MIGRATE));
	xvfp_host_migrated(h, true, &out);
	xvfp_host_vf_attached(h, &SLOT0, 2, &out);
	assert_null(request_of(&out));
	assert_non_null(only(&out, XVFP_ACT_FINISHED));
	assert_true(h->outcome.migrated);
	assert_int_equal(h->outcome.prepare, XVFP_ACK_NONE);
	assert_int_equal(h->outcome.confirm, XVFP_ACK_NONE);
}

/*
 * The numbers continue from what the guest wrote (5.2). A guest that
 * claims one so high that the exchange's two requests do not fit is not
 * asked, and still migrates: no request numbered 0, no veto.
 */
static void guest_near_the_last_number_migrates_unasked(void **state)
{
	static const uint32_t too_high[] = { 0, UINT32_MAX };
	struct xvfp_host h;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(too_high) / sizeof(too_high[0]); i++) {
		speaking_host(&h, too_high[i]);
		migrates_unasked(&h);
	}
}

/* The last two numbers are enough for one exchange, and used. */
static void last_two_numbers_make_one_exchange(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	speaking_host(&h, UINT32_MAX - 1);
	xvfp_host_start(&h, 0, &out);
	assert_string_equal(request_of(&out), "4294967294 prepare-detach mac=02:58:56:46:00:01");
	xvfp_host_reply(&h, "4294967294 prepare-detach ok path=netfront", 1, &out);
	xvfp_host_detached(&h, true, 2, &out);
	xvfp_host_migrated(&h, true, &out);
	xvfp_host_vf_attached(&h, &SLOT0, 3, &out);
	assert_string_equal(request_of(&out),
			    "4294967295 attach mac=02:58:56:46:00:01 pci=0000:00:00.0");
	assert_int_equal(xvfp_host_next_seq(&h), 0);
	/* On a destination, one number is enough for the confirmation. */
	speaking_host(&h, UINT32_MAX);
	xvfp_host_arrive(&h, &out);
	xvfp_host_vf_attached(&h, &SLOT0, 1, &out);
	assert_string_equal(request_of(&out),
			    "4294967295 attach mac=02:58:56:46:00:01 pci=0000:00:00.0");
}

/* What the destination hands back never moves numbering backwards. */
static void handed_back_numbers_only_move_forward(void **state)
{
	static const uint32_t handed[] = { 1, 3, 0 };
	static const uint32_t expect[] = { 2, 3, 2 };
	struct xvfp_host_outcome dest = { .vf_attached = true };
	struct xvfp_host h;
	struct xvfp_actions out;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(handed) / sizeof(handed[0]); i++) {
		through_detach(&h, &out);
		xvfp_host_migrated(&h, true, &out);
		xvfp_host_handed_over(&h, &dest, handed[i], &out);
		assert_int_equal(xvfp_host_next_seq(&h), expect[i]);
	}
}

static void silent_or_foreign_guest_is_not_asked(void **state)
{
	static const char *const versions[] = { NULL, "2", "1", "garbage", "1" };
	static const char *const features[] = { NULL, "tx-switch", "pair-by-mac",
						"tx-switch", "TX" };
	struct xvfp_host h;
	struct xvfp_actions out;
	unsigned int i;

	(void)state;
	for (i = 0; i < 5; i++) {
		assert_int_equal(xvfp_host_init(&h, &M, 1, versions[i], features[i]), 0);
		assert_false(h.guest_speaks);
		xvfp_host_start(&h, 0, &out);
		assert_null(request_of(&out));
		assert_non_null(only(&out, XVFP_ACT_CLEAR_VF_MAC));
		assert_non_null(only(&out, XVFP_ACT_DETACH_VF));
		xvfp_host_detached(&h, true, 0, &out);
		xvfp_host_migrated(&h, true, &out);
		xvfp_host_vf_attached(&h, &SLOT0, 0, &out);
		assert_null(request_of(&out));
		assert_non_null(only(&out, XVFP_ACT_FINISHED));
		assert_int_equal(h.outcome.prepare, XVFP_ACK_NONE);
		assert_int_equal(h.outcome.confirm, XVFP_ACK_NONE);
	}
}

static void happy_path(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	speaking_host(&h, 5);
	xvfp_host_start(&h, 1000, &out);
	assert_string_equal(request_of(&out), "5 prepare-detach mac=02:58:56:46:00:01");
	assert_int_equal(h.phase, XVFP_HOST_PREPARING);
	/* The MAC is cleared before the detach: order matters. */
	assert_int_equal(xvfp_host_reply(&h, "5 prepare-detach ok path=netfront",
					 1500, &out), 0);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.a[0].kind, XVFP_ACT_CLEAR_VF_MAC);
	assert_int_equal(out.a[1].kind, XVFP_ACT_DETACH_VF);
	xvfp_host_detached(&h, true, 1600, &out);
	assert_non_null(only(&out, XVFP_ACT_MIGRATE));
	xvfp_host_migrated(&h, true, &out);
	assert_non_null(only(&out, XVFP_ACT_ATTACH_VF));
	xvfp_host_vf_attached(&h, &SLOT0, 9000, &out);
	assert_string_equal(request_of(&out),
			    "6 attach mac=02:58:56:46:00:01 pci=0000:00:00.0");
	assert_int_equal(xvfp_host_reply(&h, "6 attach ok path=vf", 9100, &out), 0);
	assert_non_null(only(&out, XVFP_ACT_FINISHED));
	assert_int_equal(h.outcome.prepare, XVFP_ACK_OK);
	assert_int_equal(h.outcome.confirm, XVFP_ACK_OK);
	assert_true(h.outcome.migrated);
	assert_true(h.outcome.vf_attached);
	assert_int_equal(xvfp_host_next_seq(&h), 7);
}

static void prepare_timeout_detaches_anyway(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	speaking_host(&h, 1);
	xvfp_host_start(&h, 0, &out);
	xvfp_host_tick(&h, XVFP_HOST_PREPARE_MS - 1, &out);
	assert_int_equal(out.n, 0);
	xvfp_host_tick(&h, XVFP_HOST_PREPARE_MS, &out);
	assert_non_null(only(&out, XVFP_ACT_DETACH_VF));
	assert_int_equal(h.outcome.prepare, XVFP_ACK_TIMEOUT);
	/* A reply that comes too late is stale now. */
	assert_int_equal(xvfp_host_reply(&h, "1 prepare-detach ok path=netfront",
					 XVFP_HOST_PREPARE_MS + 1, &out), -ESTALE);
	assert_int_equal(out.n, 0);
}

static void stale_wrong_and_malformed_replies_are_ignored(void **state)
{
	static const char *const ignored[] = {
		"4 prepare-detach ok path=netfront",	/* older seq */
		"6 prepare-detach ok path=netfront",	/* newer seq */
		"5 attach ok path=vf",			/* other verb */
	};
	struct xvfp_host h;
	struct xvfp_actions out;
	unsigned int i;

	(void)state;
	speaking_host(&h, 5);
	xvfp_host_start(&h, 0, &out);
	for (i = 0; i < 3; i++) {
		assert_int_equal(xvfp_host_reply(&h, ignored[i], 1, &out), -ESTALE);
		assert_int_equal(out.n, 0);
		assert_int_equal(h.phase, XVFP_HOST_PREPARING);
	}
	assert_int_equal(xvfp_host_reply(&h, "5 prepare-detach ok path=netfront extra",
					 1, &out), -EINVAL);
	assert_int_equal(xvfp_host_reply(&h, "", 1, &out), -EINVAL);
	assert_int_equal(h.phase, XVFP_HOST_PREPARING);
}

static void failed_prepare_is_recorded(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	speaking_host(&h, 1);
	xvfp_host_start(&h, 0, &out);
	xvfp_host_reply(&h, "1 prepare-detach failed reason=no-standby", 1, &out);
	assert_int_equal(h.outcome.prepare, XVFP_ACK_FAILED);
	assert_string_equal(h.outcome.reason, "no-standby");
	assert_non_null(only(&out, XVFP_ACT_DETACH_VF));
}

static void rejected_request_counts_as_failed(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	speaking_host(&h, 1);
	xvfp_host_start(&h, 0, &out);
	assert_int_equal(xvfp_host_reply(&h, "1 invalid rejected reason=malformed",
					 1, &out), 0);
	assert_int_equal(h.outcome.prepare, XVFP_ACK_FAILED);
}

static void failed_detach_cancels(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	speaking_host(&h, 1);
	xvfp_host_start(&h, 0, &out);
	xvfp_host_reply(&h, "1 prepare-detach ok path=netfront", 1, &out);
	xvfp_host_detached(&h, false, 2, &out);
	assert_null(only(&out, XVFP_ACT_MIGRATE));
	assert_string_equal(request_of(&out), "2 cancel mac=02:58:56:46:00:01");
	xvfp_host_reply(&h, "2 cancel ok path=vf", 3, &out);
	assert_non_null(only(&out, XVFP_ACT_FINISHED));
	assert_false(h.outcome.migrated);
	assert_true(h.outcome.vf_attached);
}

static void failed_migration_reattaches_here(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	through_detach(&h, &out);
	xvfp_host_migrated(&h, false, &out);
	assert_non_null(only(&out, XVFP_ACT_ATTACH_VF));
	xvfp_host_vf_attached(&h, &SLOT0, 3, &out);
	assert_string_equal(request_of(&out),
			    "2 attach mac=02:58:56:46:00:01 pci=0000:00:00.0");
	assert_false(h.outcome.migrated);
}

static void no_vf_and_confirm_timeout(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	through_detach(&h, &out);
	xvfp_host_migrated(&h, true, &out);
	xvfp_host_no_vf(&h, "none free; rm -rf /", 10, &out);
	/* A reason outside the grammar never reaches xenstore. */
	assert_string_equal(request_of(&out),
			    "2 no-vf mac=02:58:56:46:00:01 reason=unspecified");
	xvfp_host_tick(&h, 10 + XVFP_HOST_CONFIRM_MS, &out);
	assert_non_null(only(&out, XVFP_ACT_FINISHED));
	assert_int_equal(h.outcome.confirm, XVFP_ACK_TIMEOUT);
	assert_false(h.outcome.vf_attached);
}

static void events_out_of_phase_do_nothing(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	speaking_host(&h, 1);
	xvfp_host_detached(&h, true, 0, &out);
	assert_int_equal(out.n, 0);
	xvfp_host_migrated(&h, true, &out);
	assert_int_equal(out.n, 0);
	xvfp_host_vf_attached(&h, &SLOT0, 0, &out);
	assert_int_equal(out.n, 0);
	assert_int_equal(xvfp_host_reply(&h, "1 attach ok path=vf", 0, &out), -ESTALE);
	xvfp_host_start(&h, 0, &out);
	xvfp_host_start(&h, 0, &out);
	assert_int_equal(out.n, 0);
	assert_int_equal(xvfp_host_next_seq(&h), 2);
}

static void destination_half_attaches_and_confirms(void **state)
{
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	speaking_host(&h, 3);
	xvfp_host_arrive(&h, &out);
	assert_non_null(only(&out, XVFP_ACT_ATTACH_VF));
	assert_null(only(&out, XVFP_ACT_WRITE_REQUEST));
	xvfp_host_arrive(&h, &out);	/* once only */
	assert_int_equal(out.n, 0);
	xvfp_host_vf_attached(&h, &SLOT0, 10, &out);
	assert_string_equal(request_of(&out),
			    "3 attach mac=02:58:56:46:00:01 pci=0000:00:00.0");
	xvfp_host_reply(&h, "3 attach ok path=vf", 11, &out);
	assert_non_null(only(&out, XVFP_ACT_FINISHED));
	assert_true(h.outcome.migrated);
	assert_true(h.outcome.vf_attached);
	assert_int_equal(h.outcome.prepare, XVFP_ACK_NONE);
	assert_int_equal(h.outcome.confirm, XVFP_ACK_OK);
	assert_int_equal(xvfp_host_next_seq(&h), 4);
}

static void source_takes_the_destination_outcome(void **state)
{
	struct xvfp_host_outcome dest = {
		.vf_attached = false, .confirm = XVFP_ACK_FAILED,
		.reason = "no-vf-with-mac",
	};
	struct xvfp_host h;
	struct xvfp_actions out;

	(void)state;
	speaking_host(&h, 1);
	xvfp_host_handed_over(&h, &dest, 5, &out);	/* not yet */
	assert_int_equal(out.n, 0);
	xvfp_host_start(&h, 0, &out);
	xvfp_host_reply(&h, "1 prepare-detach ok path=netfront", 1, &out);
	xvfp_host_detached(&h, true, 2, &out);
	xvfp_host_migrated(&h, true, &out);
	xvfp_host_handed_over(&h, &dest, 3, &out);
	assert_non_null(only(&out, XVFP_ACT_FINISHED));
	assert_null(only(&out, XVFP_ACT_WRITE_REQUEST));
	assert_int_equal(h.phase, XVFP_HOST_DONE);
	assert_true(h.outcome.migrated);
	assert_false(h.outcome.vf_attached);
	assert_int_equal(h.outcome.confirm, XVFP_ACK_FAILED);
	assert_string_equal(h.outcome.reason, "no-vf-with-mac");
	assert_int_equal(xvfp_host_next_seq(&h), 3);
}

static void numbering_continues_after_request_and_reply(void **state)
{
	(void)state;
	assert_int_equal(xvfp_host_seq_after(NULL, NULL), 1);
	assert_int_equal(xvfp_host_seq_after("4 prepare-detach mac=02:58:56:46:00:01",
					     "2 attach ok path=vf"), 5);
	assert_int_equal(xvfp_host_seq_after("1 prepare-detach mac=02:58:56:46:00:01",
					     "7 attach ok path=vf"), 8);
	/* Malformed text counts as absent, on either side. */
	assert_int_equal(xvfp_host_seq_after("junk", "7 attach ok path=vf"), 8);
	assert_int_equal(xvfp_host_seq_after(NULL, "7 attach ok path=vf; x"), 1);
	assert_int_equal(xvfp_host_seq_after(NULL, "4294967296 attach ok path=vf"), 1);
	/* A guest that claims the last number gets no more requests. */
	assert_int_equal(xvfp_host_seq_after(NULL, "4294967295 attach ok path=vf"), 0);
}

/*
 * Round trips: each request the host writes goes to the guest machine,
 * each switch the guest asks for succeeds at once, each reply goes back.
 */
struct bed {
	struct xvfp_host h;
	struct xvfp_guest g;
	uint64_t now;
	unsigned int requests, replies;
};

static void deliver_guest_actions(struct bed *b, struct xvfp_actions *gout);

static void deliver_host_actions(struct bed *b, struct xvfp_actions *hout)
{
	struct xvfp_actions gout;
	unsigned int i;

	for (i = 0; i < hout->n; i++) {
		if (hout->a[i].kind != XVFP_ACT_WRITE_REQUEST)
			continue;
		b->requests++;
		xvfp_guest_request(&b->g, hout->a[i].text, b->now, &gout);
		deliver_guest_actions(b, &gout);
	}
}

static void deliver_guest_actions(struct bed *b, struct xvfp_actions *gout)
{
	struct xvfp_actions next, hout;
	unsigned int i;

	for (i = 0; i < gout->n; i++) {
		const struct xvfp_action *a = &gout->a[i];

		if (a->kind == XVFP_ACT_SWITCH_TX) {
			xvfp_guest_tx_done(&b->g, &a->mac, a->path, true, &next);
			deliver_guest_actions(b, &next);
		} else if (a->kind == XVFP_ACT_WRITE_REPLY) {
			b->replies++;
			xvfp_host_reply(&b->h, a->text, b->now, &hout);
			deliver_host_actions(b, &hout);
		}
	}
}

/* A guest with its VF carrying TX; the host has asked prepare-detach. */
static void bed_start(struct bed *b, struct xvfp_actions *out)
{
	xvfp_guest_init(&b->g);
	xvfp_guest_add_pair(&b->g, &M, true, XVFP_PATH_VF);
	speaking_host(&b->h, 1);
	xvfp_host_start(&b->h, b->now, out);
	deliver_host_actions(b, out);
}

static void round_trip_migration(void **state)
{
	struct bed b = { .now = 0 };
	struct xvfp_actions out;

	(void)state;
	bed_start(&b, &out);
	assert_int_equal(b.h.phase, XVFP_HOST_DETACHING);
	assert_int_equal(b.g.pair[0].tx, XVFP_PATH_NETFRONT);
	xvfp_guest_vf_gone(&b.g, &M, &out);
	xvfp_host_detached(&b.h, true, b.now, &out);
	xvfp_host_migrated(&b.h, true, &out);
	xvfp_host_vf_attached(&b.h, &SLOT0, b.now, &out);
	deliver_host_actions(&b, &out);
	/* The guest waits for the VF before it answers. */
	assert_int_equal(b.h.phase, XVFP_HOST_CONFIRMING);
	xvfp_guest_vf_up(&b.g, &M, &out);
	deliver_guest_actions(&b, &out);
	assert_int_equal(b.h.phase, XVFP_HOST_DONE);
	assert_int_equal(b.h.outcome.prepare, XVFP_ACK_OK);
	assert_int_equal(b.h.outcome.confirm, XVFP_ACK_OK);
	assert_int_equal(b.g.pair[0].tx, XVFP_PATH_VF);
	assert_int_equal(b.requests, 2);
	assert_int_equal(b.replies, 2);
}

static void round_trip_guest_never_sees_vf(void **state)
{
	struct bed b = { .now = 0 };
	struct xvfp_actions out;

	(void)state;
	bed_start(&b, &out);
	xvfp_guest_vf_gone(&b.g, &M, &out);
	xvfp_host_detached(&b.h, true, b.now, &out);
	xvfp_host_migrated(&b.h, true, &out);
	xvfp_host_vf_attached(&b.h, &SLOT0, b.now, &out);
	deliver_host_actions(&b, &out);
	/* The guest gives up first (25 s < 30 s) and says so. */
	b.now = XVFP_GUEST_PAIRING_MS;
	xvfp_guest_tick(&b.g, b.now, &out);
	deliver_guest_actions(&b, &out);
	assert_int_equal(b.h.phase, XVFP_HOST_DONE);
	assert_int_equal(b.h.outcome.confirm, XVFP_ACK_FAILED);
	assert_string_equal(b.h.outcome.reason, "no-vf-with-mac");
	assert_int_equal(b.g.pair[0].tx, XVFP_PATH_NETFRONT);
}

/* A second migration, by a host that never saw the first: it continues
 * the numbering from the guest's last reply, so the guest handles it. */
static void round_trip_second_migration_continues_numbering(void **state)
{
	struct bed b = { .now = 0 };
	struct xvfp_actions out;

	(void)state;
	bed_start(&b, &out);
	xvfp_host_detached(&b.h, true, b.now, &out);
	xvfp_host_migrated(&b.h, true, &out);
	xvfp_host_vf_attached(&b.h, &SLOT0, b.now, &out);
	deliver_host_actions(&b, &out);
	assert_int_equal(b.h.phase, XVFP_HOST_DONE);

	speaking_host(&b.h, xvfp_host_seq_after(NULL, b.g.last_reply));
	b.requests = b.replies = 0;
	xvfp_host_start(&b.h, b.now, &out);
	assert_string_equal(request_of(&out), "3 prepare-detach mac=02:58:56:46:00:01");
	deliver_host_actions(&b, &out);
	assert_int_equal(b.replies, 1);
	assert_int_equal(b.h.outcome.prepare, XVFP_ACK_OK);
	assert_int_equal(b.g.pair[0].tx, XVFP_PATH_NETFRONT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_checks_arguments),
		cmocka_unit_test(guest_near_the_last_number_migrates_unasked),
		cmocka_unit_test(last_two_numbers_make_one_exchange),
		cmocka_unit_test(handed_back_numbers_only_move_forward),
		cmocka_unit_test(silent_or_foreign_guest_is_not_asked),
		cmocka_unit_test(happy_path),
		cmocka_unit_test(prepare_timeout_detaches_anyway),
		cmocka_unit_test(stale_wrong_and_malformed_replies_are_ignored),
		cmocka_unit_test(failed_prepare_is_recorded),
		cmocka_unit_test(rejected_request_counts_as_failed),
		cmocka_unit_test(failed_detach_cancels),
		cmocka_unit_test(failed_migration_reattaches_here),
		cmocka_unit_test(no_vf_and_confirm_timeout),
		cmocka_unit_test(events_out_of_phase_do_nothing),
		cmocka_unit_test(round_trip_migration),
		cmocka_unit_test(round_trip_guest_never_sees_vf),
		cmocka_unit_test(destination_half_attaches_and_confirms),
		cmocka_unit_test(source_takes_the_destination_outcome),
		cmocka_unit_test(numbering_continues_after_request_and_reply),
		cmocka_unit_test(round_trip_second_migration_continues_numbering),
	};

	return cmocka_run_group_tests_name("host", tests, NULL, NULL);
}
