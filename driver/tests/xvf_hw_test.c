// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the shared control path (xvf_hw.c) with the igb and
 * ixgbe families' register layouts, against a simulated register file:
 * the mailbox registers are the simulated PF's (xvf_sim_pf.c), the
 * control register starts a function reset there, the link register is a
 * plain value.
 */
#include <kunit/test.h>

#include "xvf_hw.h"
#include "xvf_sim_pf.h"

/* VTCTRL (82576) and VFCTRL (82599): same place, same reset bit. */
#define SIM_VTCTRL	0x0000
#define SIM_VTCTRL_RST	BIT(26)

#define SIM_VF_RSS_BASE		0x3000
#define SIM_VF_RSS_WORDS	(0x300 / 4)

struct hw_fixture {
	struct sim_pf pf;
	u32 status;			/* the family's link register */
	unsigned int link_reads;	/* reads of it */
	/* LINK_UP drops at this read of it (0: never). */
	unsigned int link_drops_at;
	u32 counters[XVF_HWSTAT_COUNT];	/* the statistics registers */
	unsigned int ctrl_resets;
	u32 ivar[2];			/* IVAR(0), IVAR(1): queues 0 to 3 */
	u32 psrtype;
	unsigned int psrtype_writes;
	/* The X550 VF's own RSS registers, 0x3000 to 0x32ff, as written. */
	u32 vf_rss[SIM_VF_RSS_WORDS];
	unsigned int vf_rss_writes;
	struct xvf_hw hw;
};

/* The IVAR(n) a register is, or -1. */
static int sim_ivar_index(const struct xvf_family *f, u32 reg)
{
	if (reg < f->irq.ivar0 || reg >= f->irq.ivar0 + 4 * 2 || reg % 4)
		return -1;
	return (reg - f->irq.ivar0) / 4;
}

static u32 sim_reg_read(void *ctx, u32 reg)
{
	struct hw_fixture *fx = ctx;
	const struct xvf_family *f = fx->hw.family;
	unsigned int i;

	if (fx->pf.mode == SIM_PF_GONE)
		return 0xffffffff;
	if (reg == f->mbx_ctl)
		return sim_read_ctl(&fx->pf);
	if (reg >= f->mbx_mem && reg < f->mbx_mem + 4 * XVF_MBX_WORDS)
		return sim_read_mem(&fx->pf, (reg - f->mbx_mem) / 4);
	if (reg == f->link.reg) {
		if (++fx->link_reads == fx->link_drops_at)
			fx->status &= ~f->link.up;
		return fx->status;
	}
	for (i = 0; i < XVF_HWSTAT_COUNT; i++)
		if (reg == f->stat_regs[i])
			return fx->counters[i];
	if (sim_ivar_index(f, reg) >= 0)
		return fx->ivar[sim_ivar_index(f, reg)];
	return 0;
}

static void sim_reg_write(void *ctx, u32 reg, u32 val)
{
	struct hw_fixture *fx = ctx;
	const struct xvf_family *f = fx->hw.family;

	if (reg == f->mbx_ctl) {
		sim_write_ctl(&fx->pf, val);
	} else if (reg >= f->mbx_mem && reg < f->mbx_mem + 4 * XVF_MBX_WORDS) {
		sim_write_mem(&fx->pf, (reg - f->mbx_mem) / 4, val);
	} else if (reg == SIM_VTCTRL && (val & SIM_VTCTRL_RST)) {
		fx->ctrl_resets++;
		sim_pf_function_reset(&fx->pf);
	} else if (sim_ivar_index(f, reg) >= 0) {
		fx->ivar[sim_ivar_index(f, reg)] = val;
	} else if (f->psrtype && reg == f->psrtype) {
		fx->psrtype = val;
		fx->psrtype_writes++;
	} else if (reg >= SIM_VF_RSS_BASE &&
		   reg < SIM_VF_RSS_BASE + 4 * SIM_VF_RSS_WORDS) {
		fx->vf_rss[(reg - SIM_VF_RSS_BASE) / 4] = val;
		fx->vf_rss_writes++;
	}
}

static void sim_reg_delay(void *ctx, unsigned int usecs)
{
	struct hw_fixture *fx = ctx;

	sim_delay(&fx->pf, usecs);
}

static const struct xvf_reg_ops sim_reg_ops = {
	.read = sim_reg_read,
	.write = sim_reg_write,
	.delay = sim_reg_delay,
};

static int hw_test_init(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x58, 0x56, 0x46, 0x00, 0x01 };
	struct hw_fixture *fx;

	fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fx);
	ether_addr_copy(fx->pf.mac, mac);
	fx->pf.mode = SIM_PF_ACK;
	xvf_hw_init(&fx->hw, &xvf_family_82576, &sim_reg_ops, fx);
	test->priv = fx;
	return 0;
}

static void hw_reset_takes_the_pf_mac(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, fx->ctrl_resets, 1u);
	/* The RESET message goes only after the PF finished the reset. */
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 1u);
	KUNIT_EXPECT_EQ(test, fx->pf.request[0], (u32)XVF_MSG_RESET);
	KUNIT_EXPECT_GE(test, fx->pf.now_usecs, (unsigned int)SIM_RESET_USECS);
	KUNIT_EXPECT_TRUE(test, fx->hw.perm_addr_valid);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(fx->hw.perm_addr, fx->pf.mac));
	KUNIT_EXPECT_EQ(test, fx->hw.mbx.stats.resets, 1ull);
}

static void hw_reset_without_a_mac_is_not_an_error(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.mode = SIM_PF_NACK;
	KUNIT_EXPECT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_FALSE(test, fx->hw.perm_addr_valid);
}

static void hw_reset_the_pf_never_finishes(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.reset_stuck = true;
	KUNIT_EXPECT_EQ(test, xvf_hw_reset(&fx->hw), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 0u);
	KUNIT_EXPECT_LE(test, fx->pf.now_usecs,
			(unsigned int)XVF_RESET_TIMEOUT_USECS + 100);
}

/*
 * A PF that does not serve one RESET request (seen under TCG right after
 * its VFs were enabled): one handshake times out, probe's next one is
 * answered; a PF that answers none still fails, boundedly.
 */
static void hw_reset_tries_past_a_missed_request(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	/* One handshake, as probe ran it before: the missed request fails it. */
	fx->pf.unanswered = 1;
	KUNIT_EXPECT_EQ(test, xvf_hw_reset(&fx->hw), -ETIMEDOUT);

	fx->pf.unanswered = 1;
	fx->pf.requests = 0;
	KUNIT_ASSERT_EQ(test, xvf_hw_reset_tries(&fx->hw, XVF_PROBE_RESET_TRIES), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 2u);
	KUNIT_EXPECT_TRUE(test, fx->hw.perm_addr_valid);
}

static void hw_reset_tries_give_up(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.unanswered = XVF_PROBE_RESET_TRIES + 1;
	KUNIT_EXPECT_EQ(test, xvf_hw_reset_tries(&fx->hw, XVF_PROBE_RESET_TRIES),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, (unsigned int)XVF_PROBE_RESET_TRIES);
}

/* A PF that is up answers RESET even when the reset raised no bit. */
static void hw_reset_without_indication_goes_on(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.reset_silent = true;
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 1u);
	KUNIT_EXPECT_TRUE(test, fx->hw.perm_addr_valid);
	KUNIT_EXPECT_GE(test, fx->pf.now_usecs, (unsigned int)XVF_RESET_SETTLE_USECS);
	KUNIT_EXPECT_LT(test, fx->pf.now_usecs, (unsigned int)XVF_RESET_TIMEOUT_USECS);
	KUNIT_EXPECT_EQ(test, fx->hw.mbx.stats.resets, 0ull);
}

static void hw_reset_of_a_removed_device(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.mode = SIM_PF_GONE;
	KUNIT_EXPECT_EQ(test, xvf_hw_reset(&fx->hw), -ENODEV);
	KUNIT_EXPECT_TRUE(test, xvf_hw_gone(&fx->hw));
}

/*
 * The watchdog asks "gone?" before "reset?": the first look must not
 * swallow the reset-done bit, which clears when read (a PF reset shorter
 * than a watchdog tick shows only as RSTD).
 */
static void hw_gone_check_keeps_a_reset(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.ctl = XVF_MBX_RSTD;
	KUNIT_EXPECT_FALSE(test, xvf_hw_gone(&fx->hw));
	KUNIT_EXPECT_TRUE(test, xvf_mbx_reset_seen(&fx->hw.mbx));
}

/* One all-ones read (a completion timeout) is not a removal. */
static void hw_one_all_ones_read_is_not_gone(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.glitch_reads = 1;
	KUNIT_EXPECT_FALSE(test, xvf_hw_gone(&fx->hw));
	fx->pf.mode = SIM_PF_GONE;
	KUNIT_EXPECT_TRUE(test, xvf_hw_gone(&fx->hw));
}

/* The production budget: a dom0 that takes 200 ms to answer is served. */
static void hw_mailbox_waits_for_a_loaded_pf(struct kunit *test)
{
	static const u8 other[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x77 };
	struct hw_fixture *fx = test->priv;

	fx->pf.reply_usecs = 200000;
	KUNIT_EXPECT_EQ(test, xvf_hw_set_mac(&fx->hw, other), 0);
	KUNIT_EXPECT_LT(test, fx->pf.delays, 2000u);
}

static void hw_refused_mac_is_an_error(struct kunit *test)
{
	static const u8 other[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x77 };
	struct hw_fixture *fx = test->priv;

	fx->pf.mode = SIM_PF_NACK;
	KUNIT_EXPECT_EQ(test, xvf_hw_set_mac(&fx->hw, other), -EPERM);
	KUNIT_EXPECT_EQ(test, fx->hw.mbx.stats.nacks, 1ull);
	fx->pf.mode = SIM_PF_ACK;
	KUNIT_EXPECT_EQ(test, xvf_hw_set_mac(&fx->hw, other), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.request[0] & XVF_MSG_ID_MASK,
			(u32)XVF_MSG_SET_MAC_ADDR);
}

static void hw_max_frame_within_the_family(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	KUNIT_EXPECT_EQ(test, xvf_hw_set_max_frame(&fx->hw, 9728 + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 0u);
	KUNIT_EXPECT_EQ(test, xvf_hw_set_max_frame(&fx->hw, 9022), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.request[1], 9022u);
	KUNIT_EXPECT_EQ(test, fx->hw.max_frame, 9022u);
	fx->pf.mode = SIM_PF_NACK;
	KUNIT_EXPECT_EQ(test, xvf_hw_set_max_frame(&fx->hw, 1522), -EPERM);
	KUNIT_EXPECT_EQ(test, fx->hw.max_frame, 9022u);
}

static void hw_multicast_limit(struct kunit *test)
{
	static u8 addrs[31][ETH_ALEN];
	struct hw_fixture *fx = test->priv;

	KUNIT_EXPECT_EQ(test, xvf_hw_set_multicast(&fx->hw, &addrs[0][0], 31), -ENOSPC);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, 0u);
	KUNIT_EXPECT_EQ(test, xvf_hw_set_multicast(&fx->hw, &addrs[0][0], 30), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.request[0] >> XVF_MSG_INFO_SHIFT & 0xff, 30u);
}

/* A refused mode or address reaches the caller as -EPERM, to widen. */
static void hw_filters_refused(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x78 };
	struct hw_fixture *fx = test->priv;

	KUNIT_EXPECT_EQ(test, xvf_hw_set_xcast(&fx->hw, XVF_XCAST_ALLMULTI), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.request[0], 0x00020006u);
	KUNIT_EXPECT_EQ(test, xvf_hw_add_uc(&fx->hw, mac), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.request[0], 0x00020002u);
	fx->pf.mode = SIM_PF_NACK;
	KUNIT_EXPECT_EQ(test, xvf_hw_set_xcast(&fx->hw, XVF_XCAST_PROMISC), -EPERM);
	KUNIT_EXPECT_EQ(test, xvf_hw_add_uc(&fx->hw, mac), -EPERM);
	KUNIT_EXPECT_EQ(test, xvf_hw_clear_uc(&fx->hw, mac), -EPERM);
}

static void hw_igb_link_from_status(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	unsigned int speed = 1;

	fx->status = 0;
	KUNIT_EXPECT_FALSE(test, xvf_hw_link_up(&fx->hw, &speed));
	KUNIT_EXPECT_EQ(test, speed, 0u);
	fx->status = BIT(1) | 2 << 6;	/* LU, 1000 Mb/s */
	KUNIT_EXPECT_TRUE(test, xvf_hw_link_up(&fx->hw, &speed));
	KUNIT_EXPECT_EQ(test, speed, 1000u);
	fx->status = BIT(1) | 1 << 6;	/* LU, 100 Mb/s */
	KUNIT_EXPECT_TRUE(test, xvf_hw_link_up(&fx->hw, &speed));
	KUNIT_EXPECT_EQ(test, speed, 100u);
	fx->pf.mode = SIM_PF_GONE;
	KUNIT_EXPECT_FALSE(test, xvf_hw_link_up(&fx->hw, &speed));
}

/*
 * ip -s link's figures: what the counters held at probe is not counted,
 * later increments are, across a 32-bit wrap, each into its own total.
 */
static void hw_stats_fold_from_a_base(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	struct xvf_hw_stats st = {};
	unsigned int i;

	for (i = 0; i < XVF_HWSTAT_COUNT; i++)
		fx->counters[i] = 0xfffffff0u - i;
	xvf_hw_update_stats(&fx->hw, &st, true);
	for (i = 0; i < XVF_HWSTAT_COUNT; i++)
		KUNIT_EXPECT_EQ(test, st.total[i], 0ull);
	for (i = 0; i < XVF_HWSTAT_COUNT; i++)
		fx->counters[i] += 0x20 + i;	/* wraps past zero */
	xvf_hw_update_stats(&fx->hw, &st, false);
	for (i = 0; i < XVF_HWSTAT_COUNT; i++)
		KUNIT_EXPECT_EQ(test, st.total[i], 0x20ull + i);
	/* A reset zeroed them: the new base is taken, nothing counted. */
	memset(fx->counters, 0, sizeof(fx->counters));
	xvf_hw_update_stats(&fx->hw, &st, true);
	fx->counters[XVF_HWSTAT_RX_BYTES] = 1500;
	xvf_hw_update_stats(&fx->hw, &st, false);
	KUNIT_EXPECT_EQ(test, st.total[XVF_HWSTAT_RX_BYTES], 0x22ull + 1500);
	KUNIT_EXPECT_EQ(test, st.total[XVF_HWSTAT_RX_PACKETS], 0x20ull);
}

/* igb's PF has no such messages. */
/*
 * A queue's two bytes of IVAR change, its neighbour's stay: queue 1
 * shares IVAR(0) with queue 0, and a driver bringing up pair 1 must not
 * take pair 0's interrupts away.
 */
static void hw_queue_irq_keeps_the_neighbour(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->ivar[0] = 0x85840000;	/* queue 1: TX vector 5, RX 4 */
	xvf_hw_map_queue_irq(&fx->hw, 0, 1, 0);
	KUNIT_EXPECT_EQ(test, fx->ivar[0], 0x85848081u);
	xvf_hw_map_queue_irq(&fx->hw, 1, 3, 2);
	KUNIT_EXPECT_EQ(test, fx->ivar[0], 0x82838081u);
	xvf_hw_map_queue_irq(&fx->hw, 2, 4, 4);
	KUNIT_EXPECT_EQ(test, fx->ivar[1], 0x00008484u);
	KUNIT_EXPECT_EQ(test, fx->ivar[0], 0x82838081u);
}

/* The igb family has no PSRTYPE of the VF's: nothing is written. */
static void hw_igb_has_no_rss_queues(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	xvf_hw_set_rss_queues(&fx->hw, 2);
	KUNIT_EXPECT_EQ(test, fx->psrtype_writes, 0u);
}

static void hw_igb_has_no_rss_query(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	u8 reta[XVF_RETA_ENTRIES];
	unsigned int requests = fx->pf.requests;

	KUNIT_EXPECT_EQ(test, xvf_hw_get_reta(&fx->hw, reta), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, requests);
}

static struct kunit_case hw_cases[] = {
	KUNIT_CASE(hw_reset_takes_the_pf_mac),
	KUNIT_CASE(hw_reset_without_a_mac_is_not_an_error),
	KUNIT_CASE(hw_reset_the_pf_never_finishes),
	KUNIT_CASE(hw_reset_tries_past_a_missed_request),
	KUNIT_CASE(hw_reset_tries_give_up),
	KUNIT_CASE(hw_reset_without_indication_goes_on),
	KUNIT_CASE(hw_reset_of_a_removed_device),
	KUNIT_CASE(hw_gone_check_keeps_a_reset),
	KUNIT_CASE(hw_one_all_ones_read_is_not_gone),
	KUNIT_CASE(hw_mailbox_waits_for_a_loaded_pf),
	KUNIT_CASE(hw_refused_mac_is_an_error),
	KUNIT_CASE(hw_max_frame_within_the_family),
	KUNIT_CASE(hw_multicast_limit),
	KUNIT_CASE(hw_filters_refused),
	KUNIT_CASE(hw_igb_link_from_status),
	KUNIT_CASE(hw_stats_fold_from_a_base),
	KUNIT_CASE(hw_igb_has_no_rss_query),
	KUNIT_CASE(hw_queue_irq_keeps_the_neighbour),
	KUNIT_CASE(hw_igb_has_no_rss_queues),
	{}
};

static struct kunit_suite hw_suite = {
	.name = "xvf_hw",
	.init = hw_test_init,
	.test_cases = hw_cases,
};

kunit_test_suite(hw_suite);

/*
 * The ixgbe family's protocol (xvf_ixgbe.c) against the simulated PF in
 * its ixgbe personality, on the 82599 VF's mailbox registers (VFCTRL's
 * reset bit is where the 82576's is).
 */
static int ixgbe_test_init(struct kunit *test)
{
	struct hw_fixture *fx;

	hw_test_init(test);
	fx = test->priv;
	fx->pf.mode = SIM_PF_IXGBE;
	fx->pf.ixgbe.apis_accepted = BIT(XVF_API_10) | BIT(XVF_API_11) |
				     BIT(XVF_API_12) | BIT(XVF_API_13) |
				     BIT(XVF_API_14);
	fx->pf.ixgbe.tx_queues = 2;
	fx->pf.ixgbe.rx_queues = 2;
	xvf_hw_init(&fx->hw, &xvf_family_82599, &sim_reg_ops, fx);
	return 0;
}

/* Anything but RESET before the first reset: NACK without CTS. */
static void ixgbe_nack_before_reset(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	static const u8 mac[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

	KUNIT_EXPECT_EQ(test, xvf_hw_set_mac(&fx->hw, mac), -ENETRESET);
	KUNIT_EXPECT_TRUE(test, xvf_mbx_reset_seen(&fx->hw.mbx));
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, xvf_hw_set_mac(&fx->hw, mac), 0);
}

/* Four words: the MAC, and the filter type the multicast hash follows. */
static void ixgbe_reset_reply_sets_the_hash(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	static const u8 group[ETH_ALEN] = { 0x33, 0x33, 0xff, 0xab, 0xcd, 0xef };

	fx->pf.ixgbe.mc_filter_type = 3;
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(fx->hw.perm_addr, fx->pf.mac));
	KUNIT_EXPECT_EQ(test, fx->hw.mc_filter_type, 3u);
	KUNIT_ASSERT_EQ(test, xvf_hw_set_multicast(&fx->hw, group, 1), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.request[0],
			XVF_MSG_SET_MULTICAST | 1u << XVF_MSG_INFO_SHIFT);
	KUNIT_EXPECT_EQ(test, fx->pf.request[1], 0xfcdu);
}

static void ixgbe_negotiates_the_newest_api(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, fx->hw.api, (unsigned int)XVF_API_14);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.n_asked, 1u);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.api, (u32)XVF_API_14);
}

/* Each NACK steps down a version: 1.4, 1.3, then 1.2 is taken. */
static void ixgbe_steps_down_at_refusals(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.ixgbe.apis_accepted = BIT(XVF_API_10) | BIT(XVF_API_11) |
				     BIT(XVF_API_12);
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, fx->hw.api, (unsigned int)XVF_API_12);
	KUNIT_ASSERT_EQ(test, fx->pf.ixgbe.n_asked, 3u);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.asked[0], (u32)XVF_API_14);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.asked[1], (u32)XVF_API_13);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.asked[2], (u32)XVF_API_12);
}

/* A PF that refuses them all still speaks 1.0: one queue pair, no query. */
static void ixgbe_all_versions_refused(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.ixgbe.apis_accepted = 0;
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, fx->hw.api, (unsigned int)XVF_API_10);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.n_asked, 5u);
	KUNIT_EXPECT_EQ(test, fx->hw.queues.tx, 1u);
	KUNIT_EXPECT_EQ(test, fx->hw.queues.rx, 1u);
	KUNIT_EXPECT_EQ(test, fx->pf.request[0], (u32)XVF_MSG_API_NEGOTIATE);
}

static void ixgbe_get_queues(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	fx->pf.ixgbe.tx_queues = 4;
	fx->pf.ixgbe.rx_queues = 4;
	fx->pf.ixgbe.default_queue = 1;
	fx->pf.ixgbe.port_vlan = 1;
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, fx->hw.queues.tx, 4u);
	KUNIT_EXPECT_EQ(test, fx->hw.queues.rx, 4u);
	KUNIT_EXPECT_EQ(test, fx->hw.queues.default_queue, 1u);
	KUNIT_EXPECT_TRUE(test, fx->hw.queues.port_vlan);

	/* Nonsense from the PF is clamped, not trusted. */
	fx->pf.ixgbe.tx_queues = 0;
	fx->pf.ixgbe.rx_queues = 64;
	fx->pf.ixgbe.default_queue = 9;
	fx->pf.ixgbe.port_vlan = 0;
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, fx->hw.queues.tx, 1u);
	KUNIT_EXPECT_EQ(test, fx->hw.queues.rx, 8u);
	KUNIT_EXPECT_EQ(test, fx->hw.queues.default_queue, 0u);
	KUNIT_EXPECT_FALSE(test, fx->hw.queues.port_vlan);
}

/*
 * An untrusted VF asking for all-multicast is granted multicast, with an
 * ACK: a refusal to the caller. Trusted, it gets what it asked for.
 */
static void ixgbe_xcast_untrusted_held_to_multicast(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, xvf_hw_set_xcast(&fx->hw, XVF_XCAST_ALLMULTI), -EPERM);
	KUNIT_EXPECT_EQ(test, fx->pf.request[1], (u32)XVF_MSG_XCAST_ALLMULTI);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.xcast, (u32)XVF_MSG_XCAST_MULTI);
	KUNIT_EXPECT_EQ(test, xvf_hw_set_xcast(&fx->hw, XVF_XCAST_MULTI), 0);

	fx->pf.ixgbe.trusted = true;
	KUNIT_EXPECT_EQ(test, xvf_hw_set_xcast(&fx->hw, XVF_XCAST_ALLMULTI), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.xcast, (u32)XVF_MSG_XCAST_ALLMULTI);
	/* An 82599 has no promiscuous VF, trusted or not. */
	fx->pf.ixgbe.no_promisc = true;
	KUNIT_EXPECT_EQ(test, xvf_hw_set_xcast(&fx->hw, XVF_XCAST_PROMISC), -EPERM);
}

/* Before 1.2 the PF knows no receive modes: nothing is asked. */
static void ixgbe_xcast_needs_api_12(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	unsigned int requests;

	fx->pf.ixgbe.apis_accepted = BIT(XVF_API_10) | BIT(XVF_API_11);
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	requests = fx->pf.requests;
	KUNIT_EXPECT_EQ(test, xvf_hw_set_xcast(&fx->hw, XVF_XCAST_ALLMULTI), -EPERM);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, requests);
}

/* Extra unicast filters by index from 1; a clear starts over. */
static void ixgbe_unicast_filters_by_index(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	static const u8 a[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x0a };
	static const u8 b[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x0b };

	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, xvf_hw_clear_uc(&fx->hw, fx->hw.perm_addr), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.macvlan_index, 0u);
	KUNIT_EXPECT_EQ(test, xvf_hw_add_uc(&fx->hw, a), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.macvlan_index, 1u);
	KUNIT_EXPECT_EQ(test, xvf_hw_add_uc(&fx->hw, b), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.macvlan_index, 2u);
	KUNIT_EXPECT_EQ(test, fx->pf.request[2], 0x0b00u);
	KUNIT_EXPECT_EQ(test, xvf_hw_clear_uc(&fx->hw, fx->hw.perm_addr), 0);
	KUNIT_EXPECT_EQ(test, xvf_hw_add_uc(&fx->hw, b), 0);
	KUNIT_EXPECT_EQ(test, fx->pf.ixgbe.macvlan_index, 1u);

	/* The admin set the VF's MAC and does not trust it: refused. */
	fx->pf.ixgbe.admin_set_mac = true;
	KUNIT_EXPECT_EQ(test, xvf_hw_add_uc(&fx->hw, a), -EPERM);
	KUNIT_EXPECT_EQ(test, fx->hw.uc_filters, 1u);
}

/* PSRTYPE.RQPL: RSS spreads the VF's frames over 1, 2 or 4 queues. */
static void ixgbe_rss_queues_in_psrtype(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	xvf_hw_set_rss_queues(&fx->hw, 2);
	KUNIT_EXPECT_EQ(test, fx->psrtype, BIT(29));
	xvf_hw_set_rss_queues(&fx->hw, 4);
	KUNIT_EXPECT_EQ(test, fx->psrtype, BIT(30));
	xvf_hw_set_rss_queues(&fx->hw, 1);
	KUNIT_EXPECT_EQ(test, fx->psrtype, 0u);
	KUNIT_EXPECT_EQ(test, fx->psrtype_writes, 3u);
}

/* The fixture's copy of an X550 VF RSS register. */
static u32 sim_vf_rss(struct hw_fixture *fx, u32 reg)
{
	return fx->vf_rss[(reg - SIM_VF_RSS_BASE) / 4];
}

/*
 * The X550s hash with their own key and table: the key word by word
 * (byte 0 lowest), queues in turn through the 64 entries, four to a
 * register, and hashing on over IPv4/IPv6 with TCP's ports.
 */
static void ixgbe_x550_programs_its_own_rss(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	u32 reta[64];
	unsigned int i;

	xvf_hw_init(&fx->hw, &xvf_family_x550, &sim_reg_ops, fx);
	xvf_hw_set_rss_queues(&fx->hw, 2);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, sim_vf_rss(fx, 0x3100 + 4 * i),
				le32_to_cpu(fx->hw.rss_key[i]));
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, sim_vf_rss(fx, 0x3200 + 4 * i), 0x01000100u);
	KUNIT_EXPECT_EQ(test, sim_vf_rss(fx, 0x3000), 0x00330001u);
	KUNIT_EXPECT_EQ(test, fx->psrtype, BIT(29));
	xvf_hw_vf_reta(&fx->hw, 2, reta);
	KUNIT_EXPECT_EQ(test, reta[0], 0u);
	KUNIT_EXPECT_EQ(test, reta[1], 1u);
	KUNIT_EXPECT_EQ(test, reta[63], 1u);

	/* One queue: every entry 0, the hash still on (RXHASH). */
	xvf_hw_set_rss_queues(&fx->hw, 1);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, sim_vf_rss(fx, 0x3200 + 4 * i), 0u);
	KUNIT_EXPECT_EQ(test, sim_vf_rss(fx, 0x3000), 0x00330001u);
}

/* The 82599's pools use the PF's RSS: nothing of the X550's is written. */
static void ixgbe_82599_leaves_vf_rss_alone(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	xvf_hw_set_rss_queues(&fx->hw, 2);
	KUNIT_EXPECT_EQ(test, fx->vf_rss_writes, 0u);
}

static void ixgbe_link_from_vflinks(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	unsigned int speed = 1;

	fx->status = 3u << 28;		/* a speed, but not up */
	KUNIT_EXPECT_FALSE(test, xvf_hw_link_up(&fx->hw, &speed));
	KUNIT_EXPECT_EQ(test, speed, 0u);
	fx->status = BIT(30) | 3u << 28;	/* LINK_UP, 10 Gb/s */
	KUNIT_EXPECT_TRUE(test, xvf_hw_link_up(&fx->hw, &speed));
	KUNIT_EXPECT_EQ(test, speed, 10000u);
	fx->status = BIT(30) | 2u << 28;	/* LINK_UP, 1 Gb/s */
	KUNIT_EXPECT_TRUE(test, xvf_hw_link_up(&fx->hw, &speed));
	KUNIT_EXPECT_EQ(test, speed, 1000u);
}

/*
 * The PF's RSS setup, read only where the admin allows it and the API
 * has the messages; each entry and key byte lands where it belongs.
 */
static void ixgbe_reads_the_pfs_rss(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	u8 reta[XVF_RETA_ENTRIES], key[XVF_RSS_KEY_BYTES];
	unsigned int i;

	for (i = 0; i < XVF_RETA_ENTRIES; i++)
		fx->pf.ixgbe.reta[i] = (i * 7 + i / 16) % 4;
	for (i = 0; i < XVF_RSS_KEY_BYTES; i++)
		fx->pf.ixgbe.rss_key[i] = 0xa0 + i;
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, xvf_hw_get_reta(&fx->hw, reta), -EPERM);
	KUNIT_EXPECT_EQ(test, xvf_hw_get_rss_key(&fx->hw, key), -EPERM);

	fx->pf.ixgbe.rss_query = true;
	KUNIT_ASSERT_EQ(test, xvf_hw_get_reta(&fx->hw, reta), 0);
	KUNIT_EXPECT_EQ(test, memcmp(reta, fx->pf.ixgbe.reta, sizeof(reta)), 0);
	KUNIT_ASSERT_EQ(test, xvf_hw_get_rss_key(&fx->hw, key), 0);
	KUNIT_EXPECT_EQ(test, memcmp(key, fx->pf.ixgbe.rss_key, sizeof(key)), 0);

	/* Before 1.2 the messages do not exist: not asked. */
	fx->pf.ixgbe.apis_accepted = BIT(XVF_API_11);
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	KUNIT_EXPECT_EQ(test, xvf_hw_get_reta(&fx->hw, reta), -EOPNOTSUPP);
}

/*
 * The 82599's link counts as up only once it read up 5 times more; a link
 * that drops within them is down.
 */
static void ixgbe_82599_link_debounced(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	unsigned int speed;

	fx->status = BIT(30) | 3u << 28;
	KUNIT_EXPECT_TRUE(test, xvf_hw_link_up(&fx->hw, &speed));
	KUNIT_EXPECT_EQ(test, fx->link_reads, 6u);
	fx->link_reads = 0;
	fx->link_drops_at = 4;
	KUNIT_EXPECT_FALSE(test, xvf_hw_link_up(&fx->hw, &speed));
	KUNIT_EXPECT_EQ(test, speed, 0u);
	KUNIT_EXPECT_EQ(test, fx->link_reads, 4u);
}

static unsigned int link_speed_of(struct kunit *test, struct hw_fixture *fx,
				  const struct xvf_family *family, u32 links)
{
	unsigned int speed = 0;

	xvf_hw_init(&fx->hw, family, &sim_reg_ops, fx);
	fx->status = BIT(30) | links;
	fx->link_reads = 0;
	KUNIT_EXPECT_TRUE(test, xvf_hw_link_up(&fx->hw, &speed));
	/* Only the 82599 debounces. */
	KUNIT_EXPECT_EQ(test, fx->link_reads, 1u);
	return speed;
}

/* VFLINKS as each X540/X550 reads it: BIT(27) is the non-standard speed. */
static void ixgbe_x5x0_link_speeds(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;

	KUNIT_EXPECT_EQ(test, link_speed_of(test, fx, &xvf_family_x540, 3u << 28), 10000u);
	KUNIT_EXPECT_EQ(test, link_speed_of(test, fx, &xvf_family_x540, 3u << 28 | BIT(27)),
			10000u);
	KUNIT_EXPECT_EQ(test, link_speed_of(test, fx, &xvf_family_x550, 3u << 28 | BIT(27)),
			2500u);
	KUNIT_EXPECT_EQ(test, link_speed_of(test, fx, &xvf_family_x550, 1u << 28 | BIT(27)),
			5000u);
	KUNIT_EXPECT_EQ(test, link_speed_of(test, fx, &xvf_family_x550, 2u << 28 | BIT(27)),
			1000u);
	KUNIT_EXPECT_EQ(test, link_speed_of(test, fx, &xvf_family_x550em_x, 1u << 28 | BIT(27)),
			100u);
	KUNIT_EXPECT_EQ(test, link_speed_of(test, fx, &xvf_family_x550em_a, 3u << 28 | BIT(27)),
			2500u);
	KUNIT_EXPECT_EQ(test, link_speed_of(test, fx, &xvf_family_x550em_a, 0), 10u);
}

/* The X550's PF keeps its RSS setup to itself: nothing is asked. */
static void ixgbe_x550_has_no_rss_query(struct kunit *test)
{
	struct hw_fixture *fx = test->priv;
	u8 reta[XVF_RETA_ENTRIES], key[XVF_RSS_KEY_BYTES];
	unsigned int requests;

	xvf_hw_init(&fx->hw, &xvf_family_x550, &sim_reg_ops, fx);
	fx->pf.ixgbe.rss_query = true;
	KUNIT_ASSERT_EQ(test, xvf_hw_reset(&fx->hw), 0);
	requests = fx->pf.requests;
	KUNIT_EXPECT_EQ(test, xvf_hw_get_reta(&fx->hw, reta), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, xvf_hw_get_rss_key(&fx->hw, key), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, fx->pf.requests, requests);
}

static struct kunit_case ixgbe_cases[] = {
	KUNIT_CASE(ixgbe_82599_link_debounced),
	KUNIT_CASE(ixgbe_x5x0_link_speeds),
	KUNIT_CASE(ixgbe_x550_has_no_rss_query),
	KUNIT_CASE(ixgbe_reads_the_pfs_rss),
	KUNIT_CASE(ixgbe_link_from_vflinks),
	KUNIT_CASE(ixgbe_rss_queues_in_psrtype),
	KUNIT_CASE(ixgbe_x550_programs_its_own_rss),
	KUNIT_CASE(ixgbe_82599_leaves_vf_rss_alone),
	KUNIT_CASE(ixgbe_nack_before_reset),
	KUNIT_CASE(ixgbe_reset_reply_sets_the_hash),
	KUNIT_CASE(ixgbe_negotiates_the_newest_api),
	KUNIT_CASE(ixgbe_steps_down_at_refusals),
	KUNIT_CASE(ixgbe_all_versions_refused),
	KUNIT_CASE(ixgbe_get_queues),
	KUNIT_CASE(ixgbe_xcast_untrusted_held_to_multicast),
	KUNIT_CASE(ixgbe_xcast_needs_api_12),
	KUNIT_CASE(ixgbe_unicast_filters_by_index),
	{}
};

static struct kunit_suite ixgbe_suite = {
	.name = "xvf_hw_ixgbe",
	.init = ixgbe_test_init,
	.test_cases = ixgbe_cases,
};

kunit_test_suite(ixgbe_suite);
