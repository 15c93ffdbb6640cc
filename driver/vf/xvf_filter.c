// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: receive filters.  The VF cannot program its own: it asks the PF
 * for its multicast groups (as hashes), for extra unicast addresses and
 * for all-multicast or promiscuous mode, over the mailbox, which sleeps;
 * ndo_set_rx_mode runs atomic and only schedules rx_mode_work.
 *
 * What the PF cannot give is widened, never dropped: more groups than it
 * filters is all-multicast; an extra unicast address it refuses (no room,
 * or a VF whose MAC the PF admin set and does not trust) is promiscuous;
 * promiscuous refused (the igb family's PFs never grant it) is
 * all-multicast, with a warning saying which frames are not received.
 */
#include <linux/etherdevice.h>

#include "xvf.h"
#include "xvf_kunit.h"

/* The netdev's lists and flags, copied under its address lock. */
struct xvf_filter_want {
	unsigned int flags;
	unsigned int n_mc, n_uc;	/* as many as the netdev holds */
	u8 mc[XVF_MSG_MC_MAX_HASHES][ETH_ALEN];
	u8 uc[XVF_UC_MAX][ETH_ALEN];
};

enum xvf_xcast xvf_filter_mode(unsigned int flags, unsigned int mc_count,
			       unsigned int mc_max, bool uc_complete)
{
	if ((flags & IFF_PROMISC) || !uc_complete)
		return XVF_XCAST_PROMISC;
	if ((flags & IFF_ALLMULTI) || mc_count > mc_max)
		return XVF_XCAST_ALLMULTI;
	return XVF_XCAST_MULTI;
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_filter_mode);

/* @mc_max: the caller's, already within XVF_MSG_MC_MAX_HASHES. */
static void xvf_filter_snapshot(struct net_device *netdev,
				struct xvf_filter_want *w, unsigned int mc_max)
{
	struct netdev_hw_addr *ha;
	unsigned int i = 0;

	netif_addr_lock_bh(netdev);
	w->flags = netdev->flags;
	w->n_mc = netdev_mc_count(netdev);
	w->n_uc = netdev_uc_count(netdev);
	netdev_for_each_mc_addr(ha, netdev) {
		if (i == mc_max)
			break;
		ether_addr_copy(w->mc[i++], ha->addr);
	}
	i = 0;
	netdev_for_each_uc_addr(ha, netdev) {
		if (i == XVF_UC_MAX)
			break;
		ether_addr_copy(w->uc[i++], ha->addr);
	}
	netif_addr_unlock_bh(netdev);
}

/*
 * Give the PF the extra unicast addresses, unless it holds them already.
 * True if it holds every one the stack asked for.  A transport error
 * (timeout, PF reset) leaves the list to be sent again: the restore after
 * a reset schedules this work once more.
 */
static bool xvf_filter_sync_uc(struct xvf_adapter *adapter,
			       const struct xvf_filter_want *w, bool resend)
{
	struct xvf_filter_state *st = &adapter->filters;
	unsigned int n = min_t(unsigned int, w->n_uc, XVF_UC_MAX), i;
	bool fits = w->n_uc <= XVF_UC_MAX;
	int err;

	if (!resend && n == st->n_uc && !memcmp(st->uc, w->uc, n * ETH_ALEN))
		return st->uc_complete && fits;
	if (!n && !st->n_uc && !resend)
		return fits;

	st->n_uc = 0;
	st->uc_complete = true;
	err = xvf_hw_clear_uc(&adapter->hw, adapter->netdev->dev_addr);
	for (i = 0; !err && i < n; i++)
		err = xvf_hw_add_uc(&adapter->hw, w->uc[i]);
	if (err && err != -EPERM)
		goto unsynced;
	/* Refused: no room, or an untrusted VF; a refused clear: no filters. */
	if (err && n) {
		st->uc_refused++;
		st->uc_complete = false;
		netdev_warn(adapter->netdev, "the PF refused unicast address %pM (no room, or the VF is not trusted: ip link set <PF> vf <N> trust on)\n",
			    w->uc[i ? i - 1 : 0]);
	}
	memcpy(st->uc, w->uc, n * ETH_ALEN);
	st->n_uc = n;
	if (!fits)
		netdev_warn(adapter->netdev, "%u unicast addresses, xvf hands the PF %u\n",
			    w->n_uc, XVF_UC_MAX);
	return st->uc_complete && fits;

unsynced:
	if (err != -ENETRESET)
		netdev_warn(adapter->netdev, "setting the unicast filters failed: %d\n",
			    err);
	st->n_uc = XVF_UC_MAX + 1;	/* matches no list: send again */
	return true;
}

static void xvf_filter_set_xcast(struct xvf_adapter *adapter,
				 enum xvf_xcast mode, bool resend)
{
	struct xvf_filter_state *st = &adapter->filters;
	struct net_device *netdev = adapter->netdev;
	int err;

	if (!resend && st->xcast_valid && st->xcast == mode)
		return;
	err = xvf_hw_set_xcast(&adapter->hw, mode);
	if (err == -EPERM && mode == XVF_XCAST_PROMISC) {
		st->promisc_refused++;
		netdev_warn(netdev, "the PF gives this VF no promiscuous mode: it receives all multicast and its own unicast addresses only\n");
		err = xvf_hw_set_xcast(&adapter->hw, XVF_XCAST_ALLMULTI);
	}
	/* A PF that predates the message has the multicast list only. */
	if (err == -EPERM && mode == XVF_XCAST_MULTI)
		err = 0;
	if (err == -EPERM)
		netdev_warn(netdev, "the PF refused all-multicast: only the first %u groups are received\n",
			    adapter->hw.family->mc_max);
	else if (err && err != -ENETRESET)
		netdev_warn(netdev, "setting the receive mode failed: %d\n", err);
	if (!err && mode != XVF_XCAST_MULTI)
		st->allmulti_granted++;
	st->xcast = mode;
	/* A refusal is an answer: asked again when the mode changes. */
	st->xcast_valid = !err || err == -EPERM;
}

/*
 * Requests the PF refused with -ENETRESET are not reported: it reset, or
 * took back our clear-to-send (ixgbe does when the admin changes the VF's
 * trust), and refuses all until the handshake is redone.  The watchdog
 * redoes it within its period, and its restore sends the filters again.
 */
void xvf_rx_mode_work(struct work_struct *work)
{
	struct xvf_adapter *adapter =
		container_of(work, struct xvf_adapter, rx_mode_work);
	unsigned int mc_max = min_t(unsigned int, adapter->hw.family->mc_max,
				    XVF_MSG_MC_MAX_HASHES);
	bool resend = test_and_clear_bit(0, &adapter->filters_lost);
	struct xvf_filter_want w;
	enum xvf_xcast mode;
	int err;

	xvf_filter_snapshot(adapter->netdev, &w, mc_max);
	mode = xvf_filter_mode(w.flags, w.n_mc, mc_max,
			       xvf_filter_sync_uc(adapter, &w, resend));
	/*
	 * The list first, in every mode: leaving all-multicast the PF falls
	 * back to it, and a PF that refuses all-multicast still has the
	 * first groups.
	 */
	err = xvf_hw_set_multicast(&adapter->hw, &w.mc[0][0],
				   min(w.n_mc, mc_max));
	if (err && err != -ENETRESET)
		netdev_warn(adapter->netdev, "setting the multicast list failed: %d\n",
			    err);
	xvf_filter_set_xcast(adapter, mode, resend);
}
