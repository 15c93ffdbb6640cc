/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: accumulation of the VF's hardware statistics counters.
 */
#ifndef _XVF_COUNTER_H_
#define _XVF_COUNTER_H_

#include <linux/types.h>

/*
 * The VF's statistics registers are free-running 32-bit counters that
 * wrap; fold each new reading into a 64-bit total.  Unsigned subtraction
 * gives the right delta across one wrap.
 */
static inline void xvf_counter_fold(u64 *total, u32 *last, u32 now)
{
	*total += (u32)(now - *last);
	*last = now;
}

#endif /* _XVF_COUNTER_H_ */
