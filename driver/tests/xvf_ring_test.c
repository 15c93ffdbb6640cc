// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for ring index arithmetic (xvf_ring.h) and counter folding
 * (xvf_counter.h).
 */
#include <kunit/test.h>

#include "xvf_counter.h"
#include "xvf_ring.h"

static void ring_empty_and_full(struct kunit *test)
{
	/* Empty: all but the one reserved slot are free. */
	KUNIT_EXPECT_EQ(test, xvf_ring_unused(0, 0, 8), 7);
	KUNIT_EXPECT_EQ(test, xvf_ring_in_use(0, 0, 8), 0);
	/* Full: the producer sits just behind the consumer. */
	KUNIT_EXPECT_EQ(test, xvf_ring_unused(7, 0, 8), 0);
	KUNIT_EXPECT_EQ(test, xvf_ring_in_use(7, 0, 8), 7);
	KUNIT_EXPECT_EQ(test, xvf_ring_unused(4, 5, 8), 0);
}

static void ring_wrapped_producer(struct kunit *test)
{
	/* Slots 5,6,7,0,1 are in flight; 2 and 3 are free, 4 is reserved. */
	KUNIT_EXPECT_EQ(test, xvf_ring_unused(2, 5, 8), 2);
	KUNIT_EXPECT_EQ(test, xvf_ring_in_use(2, 5, 8), 5);
}

static void ring_next_wraps(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xvf_ring_next(3, 8), 4);
	KUNIT_EXPECT_EQ(test, xvf_ring_next(7, 8), 0);
	KUNIT_EXPECT_EQ(test, xvf_ring_next(4095, 4096), 0);
}

/* Fill a ring from every start position: free space drops one per step. */
static void ring_fill_from_any_position(struct kunit *test)
{
	const u16 count = 16;
	u16 start, step;

	for (start = 0; start < count; start++) {
		u16 ntu = start;

		for (step = 0; step < count - 1; step++) {
			KUNIT_ASSERT_EQ(test, xvf_ring_unused(ntu, start, count),
					count - 1 - step);
			KUNIT_ASSERT_EQ(test, xvf_ring_in_use(ntu, start, count),
					step);
			ntu = xvf_ring_next(ntu, count);
		}
		KUNIT_ASSERT_EQ(test, xvf_ring_unused(ntu, start, count), 0);
	}
}

static void counter_fold_across_wrap(struct kunit *test)
{
	u64 total = 0;
	u32 last = 0xfffffff0;

	xvf_counter_fold(&total, &last, 0x00000010);
	KUNIT_EXPECT_EQ(test, total, 0x20ull);
	KUNIT_EXPECT_EQ(test, last, 0x10u);
	xvf_counter_fold(&total, &last, 0x00000110);
	KUNIT_EXPECT_EQ(test, total, 0x120ull);
	/* Unchanged hardware counter adds nothing. */
	xvf_counter_fold(&total, &last, 0x00000110);
	KUNIT_EXPECT_EQ(test, total, 0x120ull);
}

static void counter_fold_past_32_bits(struct kunit *test)
{
	u64 total = 0;
	u32 last = 0;
	int i;

	/* Five laps of a 32-bit counter in steps of 2^30. */
	for (i = 1; i <= 20; i++)
		xvf_counter_fold(&total, &last, (u32)(i * 0x40000000ull));
	KUNIT_EXPECT_EQ(test, total, 5ull << 32);
}

static struct kunit_case ring_cases[] = {
	KUNIT_CASE(ring_empty_and_full),
	KUNIT_CASE(ring_wrapped_producer),
	KUNIT_CASE(ring_next_wraps),
	KUNIT_CASE(ring_fill_from_any_position),
	KUNIT_CASE(counter_fold_across_wrap),
	KUNIT_CASE(counter_fold_past_32_bits),
	{}
};

static struct kunit_suite ring_suite = {
	.name = "xvf_ring",
	.test_cases = ring_cases,
};

kunit_test_suite(ring_suite);
