// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for xvf_failover's decisions (xfo_policy.h): the path
 * transmit takes and the master's carrier for every combination of
 * (VF present, up, carrier, held, take-over pending; standby present,
 * up, carrier), checked against the rules written out independently
 * here, and the role of every kind of netdev with the master's MAC.
 */
#include <kunit/test.h>

#include "xfo_policy.h"

static void state_from_bits(unsigned int bits, struct xfo_slave_state *s)
{
	s->present = bits & 1;
	s->up = bits & 2;
	s->carrier = bits & 4;
}

/* The rules, restated case by case. */
static enum xfo_path expected_path(const struct xfo_slave_state *p,
				   const struct xfo_slave_state *s,
				   bool held, bool pending)
{
	bool vf_ok = p->present && p->up && p->carrier && !pending;
	bool sb_ok = s->present && s->up && s->carrier;

	if (held)
		return sb_ok ? XFO_PATH_STANDBY :
		       vf_ok ? XFO_PATH_PRIMARY : XFO_PATH_NONE;
	return vf_ok ? XFO_PATH_PRIMARY :
	       sb_ok ? XFO_PATH_STANDBY : XFO_PATH_NONE;
}

static void every_combination(struct kunit *test)
{
	unsigned int pb, sb, flags, checked = 0;

	for (pb = 0; pb < 8; pb++)
		for (sb = 0; sb < 8; sb++)
			for (flags = 0; flags < 4; flags++) {
				struct xfo_slave_state p, s;
				bool held = flags & 1, pending = flags & 2;
				enum xfo_path got, want;

				state_from_bits(pb, &p);
				state_from_bits(sb, &s);
				got = xfo_select_path(&p, &s, held, pending);
				want = expected_path(&p, &s, held, pending);
				KUNIT_EXPECT_EQ_MSG(test, got, want,
						    "vf %u standby %u held %d pending %d",
						    pb, sb, held, pending);
				KUNIT_EXPECT_EQ(test, xfo_master_carrier(&p, &s, false),
						pb == 7 || sb == 7);
				KUNIT_EXPECT_TRUE(test, xfo_master_carrier(&p, &s, true));
				checked++;
			}
	KUNIT_EXPECT_EQ(test, checked, 256u);
}

/* The named cases the agent and the host rely on. */
static void named_cases(struct kunit *test)
{
	const struct xfo_slave_state ok = { true, true, true };
	const struct xfo_slave_state gone = { false, false, false };
	const struct xfo_slave_state no_carrier = { true, true, false };
	const struct xfo_slave_state down = { true, false, true };

	/* Both fine: the VF is the fast path. */
	KUNIT_EXPECT_EQ(test, xfo_select_path(&ok, &ok, false, false),
			XFO_PATH_PRIMARY);
	/* Planned switch: held moves transmit off a VF still present. */
	KUNIT_EXPECT_EQ(test, xfo_select_path(&ok, &ok, true, false),
			XFO_PATH_STANDBY);
	/* Surprise removal, link loss or ifdown of the VF. */
	KUNIT_EXPECT_EQ(test, xfo_select_path(&gone, &ok, false, false),
			XFO_PATH_STANDBY);
	KUNIT_EXPECT_EQ(test, xfo_select_path(&no_carrier, &ok, false, false),
			XFO_PATH_STANDBY);
	KUNIT_EXPECT_EQ(test, xfo_select_path(&down, &ok, false, false),
			XFO_PATH_STANDBY);
	/* A VF just back waits out its take-over delay on the standby. */
	KUNIT_EXPECT_EQ(test, xfo_select_path(&ok, &ok, false, true),
			XFO_PATH_STANDBY);
	/* A hold never strands the guest when netfront cannot carry. */
	KUNIT_EXPECT_EQ(test, xfo_select_path(&ok, &no_carrier, true, false),
			XFO_PATH_PRIMARY);
	KUNIT_EXPECT_EQ(test, xfo_select_path(&gone, &gone, false, false),
			XFO_PATH_NONE);
	KUNIT_EXPECT_FALSE(test, xfo_master_carrier(&no_carrier, &down, false));
	/* Waiting for a path keeps the carrier, and so the queued frames. */
	KUNIT_EXPECT_TRUE(test, xfo_master_carrier(&gone, &no_carrier, true));
	KUNIT_EXPECT_TRUE(test, xfo_may_wait(2000, false));
	/* A wait that ran out is not started again before a path returns. */
	KUNIT_EXPECT_FALSE(test, xfo_may_wait(2000, true));
	KUNIT_EXPECT_FALSE(test, xfo_may_wait(0, false));
}

static void roles(struct kunit *test)
{
	/* standby driver, on PCI, have standby, have primary */
	KUNIT_EXPECT_EQ(test, xfo_slave_role(true, false, false, false),
			XFO_ROLE_STANDBY);
	KUNIT_EXPECT_EQ(test, xfo_slave_role(true, false, true, false),
			XFO_ROLE_REFUSE);
	KUNIT_EXPECT_EQ(test, xfo_slave_role(false, true, true, false),
			XFO_ROLE_PRIMARY);
	KUNIT_EXPECT_EQ(test, xfo_slave_role(false, true, false, false),
			XFO_ROLE_PRIMARY);
	KUNIT_EXPECT_EQ(test, xfo_slave_role(false, true, true, true),
			XFO_ROLE_REFUSE);
	/* A VLAN or macvlan on top has the MAC but no PCI device. */
	KUNIT_EXPECT_EQ(test, xfo_slave_role(false, false, true, false),
			XFO_ROLE_REFUSE);
	/* A standby driver's netdev is never taken for the VF. */
	KUNIT_EXPECT_EQ(test, xfo_slave_role(true, true, true, false),
			XFO_ROLE_REFUSE);
}

static struct kunit_case policy_cases[] = {
	KUNIT_CASE(every_combination),
	KUNIT_CASE(named_cases),
	KUNIT_CASE(roles),
	{}
};

static struct kunit_suite policy_suite = {
	.name = "xvf_failover_policy",
	.test_cases = policy_cases,
};

kunit_test_suite(policy_suite);
