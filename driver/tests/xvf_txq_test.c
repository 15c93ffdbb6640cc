// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for stopping the TX queue (xvf_tx_stop_and_recheck()).
 *
 * The lost wake-up needs two CPUs: xmit finds the ring full, the cleaner
 * then completes every frame and, finding the queue still running, wakes
 * nothing, and xmit stops the queue last.  Nothing is in flight to wake
 * it again.  The cases play that order on one CPU, the cleaner's part
 * done by hand between xmit's test and its stop.  The memory barriers
 * that make the order hold across CPUs are not something a test here
 * can show; the re-check they protect is.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>

#include "xvf.h"

#define TXQ_TEST_DESCS	64

struct txq_fixture {
	struct net_device *netdev;
	struct xvf_ring ring;
};

static int txq_test_init(struct kunit *test)
{
	struct txq_fixture *fx;
	struct xvf_adapter *adapter;

	fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	if (!fx)
		return -ENOMEM;
	test->priv = fx;
	fx->netdev = alloc_etherdev(sizeof(*adapter));
	if (!fx->netdev)
		return -ENOMEM;
	adapter = netdev_priv(fx->netdev);
	adapter->netdev = fx->netdev;
	fx->ring.count = TXQ_TEST_DESCS;
	netif_start_queue(fx->netdev);
	return 0;
}

static void txq_test_exit(struct kunit *test)
{
	struct txq_fixture *fx = test->priv;

	/* KUnit calls exit after a failed init too. */
	if (fx && fx->netdev)
		free_netdev(fx->netdev);
}

/* Producer one behind the consumer: no descriptor free. */
static void txq_fill(struct xvf_ring *ring, u16 next_to_clean)
{
	ring->next_to_clean = next_to_clean;
	ring->next_to_use = next_to_clean ? next_to_clean - 1 : ring->count - 1;
}

/* The cleaner completed everything: the consumer caught up. */
static void txq_clean_all(struct xvf_ring *ring)
{
	ring->next_to_clean = ring->next_to_use;
}

static void txq_stop_restarts_when_the_ring_emptied_meanwhile(struct kunit *test)
{
	struct txq_fixture *fx = test->priv;

	txq_fill(&fx->ring, 10);
	/* xmit saw no room here; the cleaner runs before xmit stops. */
	txq_clean_all(&fx->ring);
	KUNIT_ASSERT_FALSE(test, netif_queue_stopped(fx->netdev));
	xvf_tx_stop_and_recheck(netdev_priv(fx->netdev), &fx->ring);
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(fx->netdev));
	KUNIT_EXPECT_EQ(test, fx->ring.restarts, 1ull);
}

static void txq_stop_holds_while_the_ring_is_full(struct kunit *test)
{
	struct txq_fixture *fx = test->priv;

	txq_fill(&fx->ring, 0);
	xvf_tx_stop_and_recheck(netdev_priv(fx->netdev), &fx->ring);
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(fx->netdev));
	KUNIT_EXPECT_EQ(test, fx->ring.restarts, 1ull);
}

static struct kunit_case txq_cases[] = {
	KUNIT_CASE(txq_stop_restarts_when_the_ring_emptied_meanwhile),
	KUNIT_CASE(txq_stop_holds_while_the_ring_is_full),
	{}
};

static struct kunit_suite txq_suite = {
	.name = "xvf_txq",
	.init = txq_test_init,
	.exit = txq_test_exit,
	.test_cases = txq_cases,
};

kunit_test_suite(txq_suite);
