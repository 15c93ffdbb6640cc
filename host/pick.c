// SPDX-License-Identifier: GPL-2.0-or-later
/* xvf-host: who holds which VF, and picking a free one. */
#include <errno.h>
#include <string.h>

#include "pick.h"

void xvfh_vf_holder(struct xvfh_xs *x, const struct xvfh_vf *vf, char *name,
		    size_t len)
{
	name[0] = '\0';
	if (x->xs && xvfh_xs_holder(x, &vf->addr, name, len))
		name[0] = '\0';
}

static bool vf_is_free(struct xvfh_xs *x, const struct xvfh_vf *vf)
{
	char holder[64];

	if (vf->driver[0] && strcmp(vf->driver, "pciback"))
		return false;
	xvfh_vf_holder(x, vf, holder, sizeof(holder));
	return !holder[0];
}

int xvfh_pick_vf(struct xvfh_xs *x, const char *netdev, struct xvfh_pf *pf,
		 unsigned int *slot)
{
	static struct xvfh_pf pfs[XVFH_MAX_PFS];
	int n = xvfh_scan_pfs(pfs, XVFH_MAX_PFS), i, rc = -ENODEV;
	unsigned int v;

	for (i = 0; i < n; i++) {
		if (netdev && strcmp(pfs[i].netdev, netdev))
			continue;
		rc = -EBUSY;
		for (v = 0; v < pfs[i].nvfs; v++) {
			if (vf_is_free(x, &pfs[i].vf[v])) {
				*pf = pfs[i];
				*slot = v;
				return 0;
			}
		}
	}
	return n < 0 ? n : rc;
}
