// SPDX-License-Identifier: GPL-2.0-or-later
/* xvf-host: who holds which VF, and picking a free one. */
#include <errno.h>
#include <string.h>

#include "lock.h"
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

/*
 * With @lock, @vf is only free if this run can reserve it, and stays
 * reserved while *@lock is held. The check comes after the lock: a run
 * that attached the VF and exited has its guest recorded by then.
 */
static bool vf_reserved(struct xvfh_xs *x, const struct xvfh_vf *vf, int *lock)
{
	char bdf[XVFP_PCI_STRLEN + 1];
	int fd;

	if (!lock)
		return vf_is_free(x, vf);
	xvfp_format_pci_addr(&vf->addr, bdf, sizeof(bdf));
	fd = xvfh_lock_try("vf", bdf);
	if (fd < 0)
		return false;
	if (!vf_is_free(x, vf)) {
		xvfh_unlock(fd);
		return false;
	}
	*lock = fd;
	return true;
}

int xvfh_pick_vf(struct xvfh_xs *x, const char *netdev, struct xvfh_pf *pf,
		 unsigned int *slot, int *lock)
{
	static struct xvfh_pf pfs[XVFH_MAX_PFS];
	int n = xvfh_scan_pfs(pfs, XVFH_MAX_PFS), i, rc = -ENODEV;
	unsigned int v;

	for (i = 0; i < n; i++) {
		if (netdev && strcmp(pfs[i].netdev, netdev))
			continue;
		rc = -EBUSY;
		for (v = 0; v < pfs[i].nvfs; v++) {
			if (vf_reserved(x, &pfs[i].vf[v], lock)) {
				*pf = pfs[i];
				*slot = v;
				return 0;
			}
		}
	}
	return n < 0 ? n : rc;
}
