// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the receive-filter policy (xvf_filter.c): what the VF
 * asks the PF for, given the netdev's flags and lists.
 */
#include <kunit/test.h>
#include <linux/netdevice.h>

#include "xvf_filter.h"

static void filter_list_that_fits_is_sent(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xvf_filter_mode(0, 0, 30, true), XVF_XCAST_MULTI);
	KUNIT_EXPECT_EQ(test, xvf_filter_mode(0, 30, 30, true), XVF_XCAST_MULTI);
}

/* One group past the PF's table: all of them, not the first 30. */
static void filter_too_many_groups_is_allmulti(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xvf_filter_mode(0, 31, 30, true),
			XVF_XCAST_ALLMULTI);
	KUNIT_EXPECT_EQ(test, xvf_filter_mode(IFF_ALLMULTI, 0, 30, true),
			XVF_XCAST_ALLMULTI);
}

static void filter_promisc_wins(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xvf_filter_mode(IFF_PROMISC, 0, 30, true),
			XVF_XCAST_PROMISC);
	KUNIT_EXPECT_EQ(test, xvf_filter_mode(IFF_PROMISC | IFF_ALLMULTI, 40,
					      30, true),
			XVF_XCAST_PROMISC);
}

/* An extra unicast address the PF refused is received only promiscuous. */
static void filter_refused_unicast_is_promisc(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xvf_filter_mode(0, 0, 30, false),
			XVF_XCAST_PROMISC);
	KUNIT_EXPECT_EQ(test, xvf_filter_mode(IFF_ALLMULTI, 0, 30, false),
			XVF_XCAST_PROMISC);
}

static struct kunit_case filter_cases[] = {
	KUNIT_CASE(filter_list_that_fits_is_sent),
	KUNIT_CASE(filter_too_many_groups_is_allmulti),
	KUNIT_CASE(filter_promisc_wins),
	KUNIT_CASE(filter_refused_unicast_is_promisc),
	{}
};

static struct kunit_suite filter_suite = {
	.name = "xvf_filter",
	.test_cases = filter_cases,
};

kunit_test_suites(&filter_suite);
