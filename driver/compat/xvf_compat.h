/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What differs between the kernels xvf builds on (Debian 12's 6.1,
 * Debian 13's 6.12), in one place.  Each entry tests for the feature,
 * not for a version number, where the kernel lets it.
 */
#ifndef _XVF_COMPAT_H_
#define _XVF_COMPAT_H_

#include <linux/ethtool.h>
#include <linux/netdevice.h>

/*
 * A device whose xmit takes no TX queue lock: a feature bit up to 6.11,
 * a flag of the device's own (dev->lltx) since 6.12.
 */
static inline void xvf_compat_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

/*
 * A device that may not change network namespace: a feature bit up to
 * 6.11; a flag of the device's own since, named netns_immutable in the
 * 6.12 stable series Debian 13 ships (netns_local in 6.12.0 only).
 */
static inline void xvf_compat_set_netns_local(struct net_device *dev)
{
#ifdef NETIF_F_NETNS_LOCAL
	dev->features |= NETIF_F_NETNS_LOCAL;
#else
	dev->netns_immutable = true;
#endif
}

/*
 * ethtool's get_rxfh: the table, key and hash function as three pointers
 * up to 6.7, in one struct ethtool_rxfh_param since 6.8 (no feature macro
 * tells them apart: driver/vf/Kbuild looks in the kernel's header and
 * defines XVF_HAVE_RXFH_PARAM).  The driver writes xvf_get_rxfh_parts(); this
 * adapts it to the kernel's signature.
 */
int xvf_get_rxfh_parts(struct net_device *dev, u32 *indir, u8 *key, u8 *hfunc);

#ifdef XVF_HAVE_RXFH_PARAM
static inline int xvf_compat_get_rxfh(struct net_device *dev,
				      struct ethtool_rxfh_param *rxfh)
{
	return xvf_get_rxfh_parts(dev, rxfh->indir, rxfh->key, &rxfh->hfunc);
}
#else
static inline int xvf_compat_get_rxfh(struct net_device *dev, u32 *indir,
				      u8 *key, u8 *hfunc)
{
	return xvf_get_rxfh_parts(dev, indir, key, hfunc);
}
#endif

#endif /* _XVF_COMPAT_H_ */
