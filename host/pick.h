/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-host: which guest holds a VF, and which VF is free to hand out.
 */
#ifndef XVFH_PICK_H
#define XVFH_PICK_H

#include <stddef.h>

#include "sriov.h"
#include "xs.h"

#define XVFH_MAX_PFS 16

/* The name of the guest holding @vf in @name ("" if none, or when @x has
 * no xenstore connection: not dom0). */
void xvfh_vf_holder(struct xvfh_xs *x, const struct xvfh_vf *vf, char *name,
		    size_t len);

/*
 * The first free VF — no guest holds it and dom0 does not use it (no
 * driver, or pciback) — of PF @netdev, or of any PF if @netdev is NULL:
 * its PF in @pf and its position in pf->vf[] in @slot. With @lock, the VF
 * is reserved against concurrent runs on this host (lock.h) until
 * xvfh_unlock(*@lock); a VF another run reserved is taken. -ENODEV if
 * there is no such SR-IOV PF, -EBUSY if every VF is taken.
 */
int xvfh_pick_vf(struct xvfh_xs *x, const char *netdev, struct xvfh_pf *pf,
		 unsigned int *slot, int *lock);

#endif
