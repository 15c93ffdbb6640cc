// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the mailbox layer (xvf_mbx.c), driven against a
 * simulated PF: a register file that behaves like the VF's view of the
 * mailbox (read-to-clear bits, buffer ownership) and a PF that answers a
 * posted request after a simulated delay.  Time only advances when the
 * code under test calls ops->delay, so every case is deterministic.
 */
#include <kunit/test.h>

#include "xvf_sim_pf.h"

struct mbx_fixture {
	struct sim_pf pf;
	struct xvf_mbx mbx;
};

static int mbx_test_init(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct mbx_fixture *fx;

	fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fx);
	ether_addr_copy(fx->pf.mac, mac);
	xvf_mbx_init(&fx->mbx, &xvf_sim_pf_ops, &fx->pf, SIM_POLL_USECS,
		     SIM_TIMEOUT_USECS);
	test->priv = fx;
	return 0;
}

static void mbx_reset_request_returns_mac(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];
	u8 mac[ETH_ALEN];

	fx->pf.mode = SIM_PF_ACK;
	KUNIT_ASSERT_EQ(test, xvf_mbx_request(&fx->mbx, msg, xvf_msg_reset(msg),
					      XVF_MSG_RESET_REPLY_WORDS), 0);
	xvf_msg_get_mac(msg, mac);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, fx->pf.mac));
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 1u);
	KUNIT_EXPECT_EQ(test, fx->pf.request[0], (u32)XVF_MSG_RESET);
	KUNIT_EXPECT_EQ(test, fx->pf.vf_acks, 1u);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.msgs_tx, 1ull);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.msgs_rx, 1ull);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.acks, 1ull);
	/* The buffer must be handed back to the PF afterwards. */
	KUNIT_EXPECT_FALSE(test, fx->pf.ctl & XVF_MBX_VFU);
}

/*
 * The PF raises PFACK and PFSTS together; waiting for PFACK reads (and so
 * clears) PFSTS too.  Without latching, the reply would be lost and the
 * fetch would time out.
 */
static void mbx_read_to_clear_bits_are_latched(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_ACK;
	xvf_msg_set_vlan(msg, 10, true);
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg, 2, 2), 0);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.timeouts, 0ull);
	KUNIT_EXPECT_LT(test, fx->pf.now_usecs, (unsigned int)SIM_TIMEOUT_USECS);
}

static void mbx_nack_is_an_error(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x99 };
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_NACK;
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg,
					      xvf_msg_set_mac(msg, mac), 1),
			-EPERM);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.nacks, 1ull);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.acks, 0ull);
}

static void mbx_silent_pf_times_out_boundedly(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_SILENT;
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg, xvf_msg_reset(msg),
					      1), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.timeouts, 1ull);
	KUNIT_EXPECT_GE(test, fx->pf.now_usecs, (unsigned int)SIM_TIMEOUT_USECS);
	KUNIT_EXPECT_LE(test, fx->pf.now_usecs,
			(unsigned int)(SIM_TIMEOUT_USECS + SIM_POLL_USECS));
}

static void mbx_reset_mid_message_ends_wait(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_RESET;
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg, xvf_msg_reset(msg),
					      1), -ENETRESET);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.resets, 1ull);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.timeouts, 0ull);
	KUNIT_EXPECT_LT(test, fx->pf.now_usecs, (unsigned int)SIM_TIMEOUT_USECS);
	/* While the PF stays in reset nothing new may be posted. */
	KUNIT_EXPECT_EQ(test, xvf_mbx_post(&fx->mbx, msg, 1), -ENETRESET);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 1u);
}

/*
 * The request consumed the indication; the watchdog must still learn of
 * the reset, once.
 */
static void mbx_reset_seen_by_a_request_is_reported(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_RESET;
	xvf_mbx_request(&fx->mbx, msg, xvf_msg_reset(msg), 1);
	fx->pf.ctl &= ~XVF_MBX_RSTI;
	KUNIT_EXPECT_TRUE(test, xvf_mbx_reset_seen(&fx->mbx));
	KUNIT_EXPECT_FALSE(test, xvf_mbx_reset_seen(&fx->mbx));
}

static void mbx_reset_done_is_reported_once(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;

	fx->pf.ctl = XVF_MBX_RSTD;
	KUNIT_EXPECT_TRUE(test, xvf_mbx_reset_indicated(&fx->mbx));
	KUNIT_EXPECT_FALSE(test, xvf_mbx_reset_indicated(&fx->mbx));
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.resets, 1ull);
}

static void mbx_buffer_held_by_pf_is_busy(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_HOLDS_BUFFER;
	fx->pf.ctl = XVF_MBX_PFU;
	KUNIT_EXPECT_EQ(test, xvf_mbx_post(&fx->mbx, msg, xvf_msg_reset(msg)),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.busy, 1ull);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 0u);
}

static void mbx_surprise_removal_is_enodev(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_GONE;
	KUNIT_EXPECT_EQ(test, xvf_mbx_post(&fx->mbx, msg, xvf_msg_reset(msg)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, xvf_mbx_fetch(&fx->mbx, msg, 1), -ENODEV);
	KUNIT_EXPECT_FALSE(test, xvf_mbx_reset_indicated(&fx->mbx));
}

static void mbx_reply_to_other_request_is_eproto(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_WRONG_ID;
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg, xvf_msg_reset(msg),
					      1), -EPROTO);
}

static void mbx_pf_control_notice_is_skipped(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_CONTROL_FIRST;
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg, xvf_msg_reset(msg),
					      XVF_MSG_RESET_REPLY_WORDS), 0);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.pf_control, 1ull);
	KUNIT_EXPECT_EQ(test, fx->pf.vf_acks, 2u);
	KUNIT_EXPECT_EQ(test, fx->mbx.pf_control_word & XVF_MSG_ID_MASK,
			(u32)XVF_MSG_PF_CONTROL);
}

/*
 * A PF that reset forgets that we were clear to send and NACKs what we
 * ask without CTS (the igb PF does, at most every 2 s): that is a reset
 * to redo, not a refusal of this one setting.
 */
static void mbx_nack_without_cts_means_reset(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x99 };
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_NACK_NO_CTS;
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg,
					      xvf_msg_set_mac(msg, mac), 1),
			-ENETRESET);
	KUNIT_EXPECT_TRUE(test, xvf_mbx_reset_seen(&fx->mbx));
	KUNIT_EXPECT_FALSE(test, xvf_mbx_reset_seen(&fx->mbx));
}

/* The reset reply itself never carries CTS: a NACK there means "no MAC". */
static void mbx_reset_reply_without_cts_is_not_a_reset(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	fx->pf.mode = SIM_PF_NACK_NO_CTS;
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg, xvf_msg_reset(msg),
					      XVF_MSG_RESET_REPLY_WORDS), -EPERM);
	KUNIT_EXPECT_FALSE(test, xvf_mbx_reset_seen(&fx->mbx));
}

/*
 * A PF going down pings its VFs with a control notice that no longer
 * carries CTS; the watchdog's look must take it as a reset.
 */
static void mbx_notice_without_cts_means_reset(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;

	sim_pf_notice(&fx->pf, true);
	KUNIT_EXPECT_FALSE(test, xvf_mbx_reset_seen(&fx->mbx));
	KUNIT_EXPECT_EQ(test, fx->pf.vf_acks, 1u);
	sim_pf_notice(&fx->pf, false);
	KUNIT_EXPECT_TRUE(test, xvf_mbx_reset_seen(&fx->mbx));
	KUNIT_EXPECT_EQ(test, fx->pf.vf_acks, 2u);
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.pf_control, 2ull);
}

/*
 * A notice the PF sent before our request left PFSTS raised; the reply's
 * PFSTS comes after its PFACK.  Taken for the reply, the stale status
 * would make us read our own request back as the answer.
 */
static void mbx_stale_status_is_flushed_before_a_request(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	sim_pf_notice(&fx->pf, true);
	fx->pf.mode = SIM_PF_LATE_STATUS;
	xvf_msg_set_vlan(msg, 10, true);
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg, 2, 1), 0);
	KUNIT_EXPECT_EQ(test, msg[0], (u32)(XVF_MSG_SET_VLAN | XVF_MSG_ACK |
					    XVF_MSG_CTS));
	KUNIT_EXPECT_EQ(test, fx->mbx.stats.pf_control, 1ull);
}

/* A PF slow to answer (a loaded dom0) gets time, polled with back-off. */
static void mbx_slow_pf_is_waited_for(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS];

	xvf_mbx_init(&fx->mbx, &xvf_sim_pf_ops, &fx->pf, SIM_POLL_USECS,
		     500000);
	fx->pf.mode = SIM_PF_ACK;
	fx->pf.reply_usecs = 200000;
	xvf_msg_set_vlan(msg, 10, true);
	KUNIT_EXPECT_EQ(test, xvf_mbx_request(&fx->mbx, msg, 2, 1), 0);
	KUNIT_EXPECT_LT(test, fx->pf.delays, 1000u);
}

static void mbx_bad_length_touches_nothing(struct kunit *test)
{
	struct mbx_fixture *fx = test->priv;
	u32 msg[XVF_MBX_WORDS + 1] = { 0 };

	KUNIT_EXPECT_EQ(test, xvf_mbx_post(&fx->mbx, msg, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, xvf_mbx_post(&fx->mbx, msg, XVF_MBX_WORDS + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xvf_mbx_fetch(&fx->mbx, msg, XVF_MBX_WORDS + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 0u);
	KUNIT_EXPECT_EQ(test, fx->pf.ctl, 0u);
}

static struct kunit_case mbx_cases[] = {
	KUNIT_CASE(mbx_reset_request_returns_mac),
	KUNIT_CASE(mbx_read_to_clear_bits_are_latched),
	KUNIT_CASE(mbx_nack_is_an_error),
	KUNIT_CASE(mbx_silent_pf_times_out_boundedly),
	KUNIT_CASE(mbx_reset_mid_message_ends_wait),
	KUNIT_CASE(mbx_reset_done_is_reported_once),
	KUNIT_CASE(mbx_reset_seen_by_a_request_is_reported),
	KUNIT_CASE(mbx_buffer_held_by_pf_is_busy),
	KUNIT_CASE(mbx_surprise_removal_is_enodev),
	KUNIT_CASE(mbx_reply_to_other_request_is_eproto),
	KUNIT_CASE(mbx_pf_control_notice_is_skipped),
	KUNIT_CASE(mbx_nack_without_cts_means_reset),
	KUNIT_CASE(mbx_reset_reply_without_cts_is_not_a_reset),
	KUNIT_CASE(mbx_notice_without_cts_means_reset),
	KUNIT_CASE(mbx_stale_status_is_flushed_before_a_request),
	KUNIT_CASE(mbx_slow_pf_is_waited_for),
	KUNIT_CASE(mbx_bad_length_touches_nothing),
	{}
};

static struct kunit_suite mbx_suite = {
	.name = "xvf_mbx",
	.init = mbx_test_init,
	.test_cases = mbx_cases,
};

/* Message encoding: the words the PF will read, checked literally. */

static void msg_set_mac_layout(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	u32 msg[XVF_MBX_WORDS];
	u8 back[ETH_ALEN];

	KUNIT_EXPECT_EQ(test, xvf_msg_set_mac(msg, mac), 3u);
	KUNIT_EXPECT_EQ(test, msg[0], (u32)XVF_MSG_SET_MAC_ADDR);
	KUNIT_EXPECT_EQ(test, msg[1], 0x33221102u);
	KUNIT_EXPECT_EQ(test, msg[2], 0x5544u);
	xvf_msg_get_mac(msg, back);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(back, mac));
}

static void msg_multicast_packs_two_hashes_a_word(struct kunit *test)
{
	static const u16 hashes[] = { 0x010, 0xefc, 0x123 };
	u32 msg[XVF_MBX_WORDS];

	KUNIT_EXPECT_EQ(test, xvf_msg_set_multicast(msg, hashes, 3, 30), 3);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00030003u);
	KUNIT_EXPECT_EQ(test, msg[1], 0x0efc0010u);
	KUNIT_EXPECT_EQ(test, msg[2], 0x00000123u);
}

static void msg_multicast_limit(struct kunit *test)
{
	u16 hashes[XVF_MSG_MC_MAX_HASHES + 1] = { 0 };
	u32 msg[XVF_MBX_WORDS];

	KUNIT_EXPECT_EQ(test, xvf_msg_set_multicast(msg, hashes,
						    XVF_MSG_MC_MAX_HASHES, 30),
			XVF_MBX_WORDS);
	KUNIT_EXPECT_EQ(test, xvf_msg_set_multicast(msg, hashes,
						    XVF_MSG_MC_MAX_HASHES + 1, 30),
			-E2BIG);
	/* A family limit above what fits in the mailbox is clamped. */
	KUNIT_EXPECT_EQ(test, xvf_msg_set_multicast(msg, hashes,
						    XVF_MSG_MC_MAX_HASHES + 1, 64),
			-E2BIG);
	KUNIT_EXPECT_EQ(test, xvf_msg_set_multicast(msg, hashes, 5, 4), -E2BIG);
	KUNIT_EXPECT_EQ(test, xvf_msg_set_multicast(msg, hashes, 0, 30), 1);
}

static void msg_vlan(struct kunit *test)
{
	u32 msg[XVF_MBX_WORDS];

	KUNIT_EXPECT_EQ(test, xvf_msg_set_vlan(msg, 100, true), 2);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00010004u);
	KUNIT_EXPECT_EQ(test, msg[1], 100u);
	KUNIT_EXPECT_EQ(test, xvf_msg_set_vlan(msg, 4095, false), 2);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00000004u);
	KUNIT_EXPECT_EQ(test, xvf_msg_set_vlan(msg, 4096, true), -EINVAL);
}

static void msg_max_frame(struct kunit *test)
{
	u32 msg[XVF_MBX_WORDS];

	KUNIT_EXPECT_EQ(test, xvf_msg_set_max_frame(msg, 9018, 9728), 2);
	KUNIT_EXPECT_EQ(test, msg[0], (u32)XVF_MSG_SET_LPE);
	KUNIT_EXPECT_EQ(test, msg[1], 9018u);
	KUNIT_EXPECT_EQ(test, xvf_msg_set_max_frame(msg, 9729, 9728), -EINVAL);
}

static void msg_mc_hash_uses_bits_47_36(struct kunit *test)
{
	static const u8 all_hosts[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0, 0, 0x01 };
	static const u8 solicited[ETH_ALEN] = {
		0x33, 0x33, 0xff, 0xab, 0xcd, 0xef
	};

	KUNIT_EXPECT_EQ(test, xvf_mc_hash(all_hosts, 0), 0x010);
	KUNIT_EXPECT_EQ(test, xvf_mc_hash(solicited, 0), 0xefc);
}

/*
 * The ixgbe PF's other filter types (reset reply word 3): bits 46:35,
 * 45:34 and 43:32 of the address.
 */
static void msg_mc_hash_filter_types(struct kunit *test)
{
	static const u8 solicited[ETH_ALEN] = {
		0x33, 0x33, 0xff, 0xab, 0xcd, 0xef
	};

	KUNIT_EXPECT_EQ(test, xvf_mc_hash(solicited, 1), 0xdf9);
	KUNIT_EXPECT_EQ(test, xvf_mc_hash(solicited, 2), 0xbf3);
	KUNIT_EXPECT_EQ(test, xvf_mc_hash(solicited, 3), 0xfcd);
}

/* ixgbe's SET_MACVLAN: the filter's index in the info field, 0 clears. */
static void msg_macvlan_filters(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	u32 msg[XVF_MBX_WORDS];

	KUNIT_EXPECT_EQ(test, xvf_msg_set_macvlan(msg, 2, mac), 3u);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00020006u);
	KUNIT_EXPECT_EQ(test, msg[1], 0x33221102u);
	KUNIT_EXPECT_EQ(test, msg[2], 0x5544u);
	KUNIT_EXPECT_EQ(test, xvf_msg_set_macvlan(msg, 0, NULL), 3u);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00000006u);
	KUNIT_EXPECT_EQ(test, msg[1], 0u);
	KUNIT_EXPECT_EQ(test, msg[2], 0u);
}

/* igb's SET_PROMISC: the modes as flags in the info field. */
static void msg_xcast_modes(struct kunit *test)
{
	u32 msg[XVF_MBX_WORDS];

	KUNIT_EXPECT_EQ(test, xvf_msg_set_xcast(msg, XVF_XCAST_MULTI), 1u);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00000006u);
	KUNIT_EXPECT_EQ(test, xvf_msg_set_xcast(msg, XVF_XCAST_ALLMULTI), 1u);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00020006u);
	KUNIT_EXPECT_EQ(test, xvf_msg_set_xcast(msg, XVF_XCAST_PROMISC), 1u);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00030006u);
}

/* Extra unicast addresses: SET_MAC_ADDR with the filter info. */
static void msg_unicast_filters(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	u32 msg[XVF_MBX_WORDS];

	KUNIT_EXPECT_EQ(test, xvf_msg_add_uc(msg, mac), 3u);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00020002u);
	KUNIT_EXPECT_EQ(test, msg[1], 0x33221102u);
	KUNIT_EXPECT_EQ(test, msg[2], 0x5544u);
	KUNIT_EXPECT_EQ(test, xvf_msg_clear_uc(msg, mac), 3u);
	KUNIT_EXPECT_EQ(test, msg[0], 0x00010002u);
	KUNIT_EXPECT_EQ(test, msg[1], 0x33221102u);
}

static struct kunit_case msg_cases[] = {
	KUNIT_CASE(msg_set_mac_layout),
	KUNIT_CASE(msg_multicast_packs_two_hashes_a_word),
	KUNIT_CASE(msg_multicast_limit),
	KUNIT_CASE(msg_vlan),
	KUNIT_CASE(msg_max_frame),
	KUNIT_CASE(msg_mc_hash_uses_bits_47_36),
	KUNIT_CASE(msg_mc_hash_filter_types),
	KUNIT_CASE(msg_macvlan_filters),
	KUNIT_CASE(msg_xcast_modes),
	KUNIT_CASE(msg_unicast_filters),
	{}
};

static struct kunit_suite msg_suite = {
	.name = "xvf_msg",
	.test_cases = msg_cases,
};

kunit_test_suites(&mbx_suite, &msg_suite);
