/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: which frames the PF's switch gives this VF (xvf_filter.c).
 */
#ifndef _XVF_FILTER_H_
#define _XVF_FILTER_H_

#include <linux/types.h>

#include "xvf_mbx.h"

/* Extra unicast addresses xvf hands the PF; beyond: promiscuous. */
#define XVF_UC_MAX	16

/*
 * What the PF was last given, so that a change of one list does not
 * resend (and briefly clear) the other.  Owned by rx_mode_work.
 */
struct xvf_filter_state {
	u8 uc[XVF_UC_MAX][ETH_ALEN];
	unsigned int n_uc;
	bool uc_complete;	/* the PF took every address in uc */
	enum xvf_xcast xcast;	/* the mode last asked for */
	bool xcast_valid;	/* ... and the PF answered */
	u64 uc_refused;		/* unicast addresses the PF refused */
	u64 promisc_refused;	/* promiscuous mode refused: all-multicast */
	u64 allmulti_granted;	/* times the PF put the VF in all-multicast */
};

/*
 * The mode to ask for: @flags are the netdev's (IFF_PROMISC,
 * IFF_ALLMULTI), @mc_count the groups it joined of which the PF can
 * filter @mc_max, @uc_complete whether the PF took every extra unicast
 * address.  A list the PF cannot hold widens the mode rather than lose
 * frames the stack asked for.
 */
enum xvf_xcast xvf_filter_mode(unsigned int flags, unsigned int mc_count,
			       unsigned int mc_max, bool uc_complete);

#endif /* _XVF_FILTER_H_ */
