/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: descriptor ring index arithmetic.
 *
 * A ring of @count descriptors has a producer index (next_to_use) and a
 * consumer index (next_to_clean).  One slot always stays empty so that
 * "equal" means "empty" and never "full".
 */
#ifndef _XVF_RING_H_
#define _XVF_RING_H_

#include <linux/types.h>

static inline u16 xvf_ring_next(u16 index, u16 count)
{
	return index + 1 == count ? 0 : index + 1;
}

/* Descriptors the producer may still fill. */
static inline u16 xvf_ring_unused(u16 next_to_use, u16 next_to_clean,
				  u16 count)
{
	u16 ahead = next_to_clean > next_to_use ? 0 : count;

	return ahead + next_to_clean - next_to_use - 1;
}

/* Descriptors handed to hardware and not yet cleaned. */
static inline u16 xvf_ring_in_use(u16 next_to_use, u16 next_to_clean,
				  u16 count)
{
	return count - 1 - xvf_ring_unused(next_to_use, next_to_clean, count);
}

#endif /* _XVF_RING_H_ */
