// SPDX-License-Identifier: GPL-2.0-only
/* xvf: ethtool — driver info, link, and the mailbox and reset counters. */
#include <linux/ethtool.h>
#include <linux/pci.h>

#include "xvf.h"
#include "compat/xvf_compat.h"

struct xvf_stat {
	const char *name;
	size_t offset;		/* of a u64 in struct xvf_adapter */
	size_t syncp;		/* of the u64_stats_sync it is written under, or 0 */
};

#define XVF_MBX_STAT(field) \
	{ "mbx_" #field, offsetof(struct xvf_adapter, hw.mbx.stats.field) }
#define XVF_STAT(field) { #field, offsetof(struct xvf_adapter, field) }

static const struct xvf_stat xvf_stats[] = {
	XVF_MBX_STAT(msgs_tx),
	XVF_MBX_STAT(msgs_rx),
	XVF_MBX_STAT(acks),
	XVF_MBX_STAT(nacks),
	XVF_MBX_STAT(timeouts),
	XVF_MBX_STAT(resets),
	XVF_MBX_STAT(busy),
	XVF_MBX_STAT(pf_control),
	XVF_MBX_STAT(cts_lost),
	XVF_STAT(restarts),
	XVF_STAT(restart_failures),
	XVF_STAT(watchdog_polls),
	XVF_STAT(stall_polls),
	XVF_STAT(tx_hangs),
	XVF_STAT(tx_timeouts),
	XVF_STAT(queue_losses),
	XVF_STAT(stall_checks),
	{ "uc_refused", offsetof(struct xvf_adapter, filters.uc_refused) },
	{ "promisc_refused", offsetof(struct xvf_adapter, filters.promisc_refused) },
	{ "allmulti_granted", offsetof(struct xvf_adapter, filters.allmulti_granted) },
};

/* Per queue pair: "tx_queue_<n>_<name>", "rx_queue_<n>_<name>". */
struct xvf_ring_stat {
	const char *name;
	size_t offset;		/* of a u64 in struct xvf_ring */
	bool synced;		/* written under the ring's syncp */
};

#define XVF_RING_SYNCED(field) { #field, offsetof(struct xvf_ring, field), true }
#define XVF_RING_STAT(field) { #field, offsetof(struct xvf_ring, field), false }

static const struct xvf_ring_stat xvf_tx_ring_stats[] = {
	XVF_RING_SYNCED(packets),
	XVF_RING_SYNCED(bytes),
	XVF_RING_STAT(restarts),
	XVF_RING_STAT(tso),
	XVF_RING_STAT(csum_offloaded),
};

static const struct xvf_ring_stat xvf_rx_ring_stats[] = {
	XVF_RING_SYNCED(packets),
	XVF_RING_SYNCED(bytes),
	XVF_RING_STAT(errors),
	XVF_RING_STAT(csum_errors),
	XVF_RING_STAT(alloc_failed),
	XVF_RING_STAT(ran_dry),
	XVF_RING_STAT(delivered_at_stop),
};

#define XVF_PAIR_STATS \
	(ARRAY_SIZE(xvf_tx_ring_stats) + ARRAY_SIZE(xvf_rx_ring_stats))

static void xvf_get_drvinfo(struct net_device *netdev,
			    struct ethtool_drvinfo *info)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	strscpy(info->driver, XVF_DRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, pci_name(adapter->pdev), sizeof(info->bus_info));
}

static int xvf_get_link_ksettings(struct net_device *netdev,
				  struct ethtool_link_ksettings *cmd)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	ethtool_link_ksettings_zero_link_mode(cmd, advertising);
	cmd->base.autoneg = AUTONEG_DISABLE;
	cmd->base.port = PORT_NONE;
	if (netif_carrier_ok(netdev) && adapter->link_speed) {
		cmd->base.speed = adapter->link_speed;
		cmd->base.duplex = DUPLEX_FULL;
	} else {
		cmd->base.speed = SPEED_UNKNOWN;
		cmd->base.duplex = DUPLEX_UNKNOWN;
	}
	return 0;
}

/* The pairs in use; their counters stay across a change of count. */
static int xvf_get_sset_count(struct net_device *netdev, int sset)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(xvf_stats) + adapter->num_pairs * XVF_PAIR_STATS;
}

static void xvf_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	unsigned int i, p;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(xvf_stats); i++)
		ethtool_sprintf(&data, "%s", xvf_stats[i].name);
	for (p = 0; p < adapter->num_pairs; p++) {
		for (i = 0; i < ARRAY_SIZE(xvf_tx_ring_stats); i++)
			ethtool_sprintf(&data, "tx_queue_%u_%s", p,
					xvf_tx_ring_stats[i].name);
		for (i = 0; i < ARRAY_SIZE(xvf_rx_ring_stats); i++)
			ethtool_sprintf(&data, "rx_queue_%u_%s", p,
					xvf_rx_ring_stats[i].name);
	}
}

/* A counter whole: on 32-bit, a u64 written under a seqcount can tear. */
/* A counter a writer updates under @syncp, or a plain one without. */
static u64 xvf_read_u64(const u64 *val, const struct u64_stats_sync *syncp)
{
	unsigned int start;
	u64 v;

	if (!syncp)
		return READ_ONCE(*val);
	do {
		start = u64_stats_fetch_begin(syncp);
		v = *val;
	} while (u64_stats_fetch_retry(syncp, start));
	return v;
}

static u64 xvf_read_stat(const struct xvf_adapter *adapter,
			 const struct xvf_stat *stat)
{
	return xvf_read_u64((const void *)adapter + stat->offset,
			    stat->syncp ? (const void *)adapter + stat->syncp : NULL);
}

static u64 xvf_read_ring_stat(const struct xvf_ring *ring,
			      const struct xvf_ring_stat *stat)
{
	return xvf_read_u64((const void *)ring + stat->offset,
			    stat->synced ? &ring->syncp : NULL);
}

static void xvf_get_ethtool_stats(struct net_device *netdev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	unsigned int i, p;

	for (i = 0; i < ARRAY_SIZE(xvf_stats); i++)
		*data++ = xvf_read_stat(adapter, &xvf_stats[i]);
	for (p = 0; p < adapter->num_pairs; p++) {
		const struct xvf_qvec *qv = &adapter->qv[p];

		for (i = 0; i < ARRAY_SIZE(xvf_tx_ring_stats); i++)
			*data++ = xvf_read_ring_stat(&qv->tx,
						     &xvf_tx_ring_stats[i]);
		for (i = 0; i < ARRAY_SIZE(xvf_rx_ring_stats); i++)
			*data++ = xvf_read_ring_stat(&qv->rx,
						     &xvf_rx_ring_stats[i]);
	}
}

static int xvf_get_coalesce(struct net_device *netdev,
			    struct ethtool_coalesce *ec,
			    struct kernel_ethtool_coalesce *kec,
			    struct netlink_ext_ack *extack)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	ec->rx_coalesce_usecs = adapter->itr_usecs[XVF_ITR_RX];
	ec->tx_coalesce_usecs = adapter->itr_usecs[XVF_ITR_TX];
	return 0;
}

static int xvf_set_coalesce(struct net_device *netdev,
			    struct ethtool_coalesce *ec,
			    struct kernel_ethtool_coalesce *kec,
			    struct netlink_ext_ack *extack)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	if (ec->rx_coalesce_usecs > XVF_ITR_USECS_MAX ||
	    ec->tx_coalesce_usecs > XVF_ITR_USECS_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "at most 8191 microseconds");
		return -EINVAL;
	}
	adapter->itr_usecs[XVF_ITR_RX] = ec->rx_coalesce_usecs;
	adapter->itr_usecs[XVF_ITR_TX] = ec->tx_coalesce_usecs;
	if (netif_running(netdev) && !adapter->gone)
		xvf_write_itr(adapter);
	return 0;
}

static void xvf_get_ringparam(struct net_device *netdev,
			      struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kring,
			      struct netlink_ext_ack *extack)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	ring->rx_max_pending = XVF_RING_MAX;
	ring->tx_max_pending = XVF_RING_MAX;
	ring->rx_pending = adapter->rx_ring_count;
	ring->tx_pending = adapter->tx_ring_count;
}

static bool xvf_ring_count_ok(u32 count)
{
	return count >= XVF_RING_MIN && count <= XVF_RING_MAX;
}

/* New ring sizes and counts take effect by taking the rings down and up. */
static int xvf_restart_rings(struct net_device *netdev)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	if (!netif_running(netdev) || adapter->gone)
		return 0;
	xvf_stop(netdev);
	return xvf_open(netdev);
}

static int xvf_set_ringparam(struct net_device *netdev,
			     struct ethtool_ringparam *ring,
			     struct kernel_ethtool_ringparam *kring,
			     struct netlink_ext_ack *extack)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	u16 old_tx = adapter->tx_ring_count, old_rx = adapter->rx_ring_count;
	int err;

	if (ring->rx_mini_pending || ring->rx_jumbo_pending)
		return -EOPNOTSUPP;
	if (!xvf_ring_count_ok(ring->rx_pending) ||
	    !xvf_ring_count_ok(ring->tx_pending)) {
		NL_SET_ERR_MSG_MOD(extack, "rings take 64 to 4096 descriptors");
		return -EINVAL;
	}
	adapter->tx_ring_count = ALIGN(ring->tx_pending, XVF_RING_ALIGN);
	adapter->rx_ring_count = ALIGN(ring->rx_pending, XVF_RING_ALIGN);
	err = xvf_restart_rings(netdev);
	if (!err)
		return 0;
	/* Most likely no memory for the bigger rings: go back. */
	NL_SET_ERR_MSG_MOD(extack, "could not allocate the rings");
	adapter->tx_ring_count = old_tx;
	adapter->rx_ring_count = old_rx;
	if (xvf_restart_rings(netdev))
		netdev_err(netdev, "could not restart the rings\n");
	return err;
}

/* ethtool -l: pairs are combined channels, one NAPI context each. */
static void xvf_get_channels(struct net_device *netdev,
			     struct ethtool_channels *ch)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	ch->max_combined = xvf_pairs_possible(adapter);
	ch->combined_count = adapter->num_pairs;
	ch->max_other = adapter->mbx_vector;
	ch->other_count = adapter->mbx_vector;
}

static int xvf_set_channels(struct net_device *netdev,
			    struct ethtool_channels *ch)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	unsigned int old = adapter->want_pairs;
	int err;

	if (ch->rx_count || ch->tx_count ||
	    ch->other_count != adapter->mbx_vector)
		return -EINVAL;
	if (!ch->combined_count || ch->combined_count > xvf_pairs_possible(adapter))
		return -EINVAL;
	adapter->want_pairs = ch->combined_count;
	if (!netif_running(netdev)) {
		/* Down: the stack and ethtool -S see the count now. */
		err = xvf_set_pairs(adapter);
		if (err)
			adapter->want_pairs = old;
		return err;
	}
	err = xvf_restart_rings(netdev);
	if (err) {
		adapter->want_pairs = old;
		if (xvf_restart_rings(netdev))
			netdev_err(netdev, "could not restart the rings\n");
	}
	return err;
}

/* ethtool -x asks for the RX queue count first. */
static int xvf_get_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd,
			 u32 *rule_locs)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	if (cmd->cmd != ETHTOOL_GRXRINGS)
		return -EOPNOTSUPP;
	cmd->data = adapter->num_pairs;
	return 0;
}

/*
 * On the 82599 and X540 the RSS table and key are the PF's, read over the
 * mailbox where the admin lets the VF ask (ip link set <PF> vf <N>
 * query_rss on); the X550s' are the VF's own, as xvf set them; igb's VFs
 * have none to show.
 */
static bool xvf_rss_is_own(struct xvf_adapter *adapter)
{
	return adapter->hw.family->vf_rss.reta_entries;
}

static bool xvf_can_read_rss(struct xvf_adapter *adapter)
{
	return xvf_rss_is_own(adapter) || adapter->hw.family->proto->get_reta;
}

static u32 xvf_get_rxfh_indir_size(struct net_device *netdev)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	if (xvf_rss_is_own(adapter))
		return adapter->hw.family->vf_rss.reta_entries;
	return xvf_can_read_rss(adapter) ? XVF_RETA_ENTRIES : 0;
}

static u32 xvf_get_rxfh_key_size(struct net_device *netdev)
{
	return xvf_can_read_rss(netdev_priv(netdev)) ? XVF_RSS_KEY_BYTES : 0;
}

static int xvf_get_pf_rss(struct xvf_adapter *adapter, u32 *indir, u8 *key)
{
	u8 reta[XVF_RETA_ENTRIES];
	unsigned int i;
	int err;

	if (indir) {
		err = xvf_hw_get_reta(&adapter->hw, reta);
		if (err)
			return err;
		for (i = 0; i < XVF_RETA_ENTRIES; i++)
			indir[i] = reta[i];
	}
	return key ? xvf_hw_get_rss_key(&adapter->hw, key) : 0;
}

int xvf_get_rxfh_parts(struct net_device *netdev, u32 *indir, u8 *key,
		       u8 *hfunc)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	if (hfunc)
		*hfunc = ETH_RSS_HASH_TOP;
	if (!xvf_rss_is_own(adapter))
		return xvf_get_pf_rss(adapter, indir, key);
	if (indir)
		xvf_hw_vf_reta(&adapter->hw, adapter->num_pairs, indir);
	if (key)
		memcpy(key, adapter->hw.rss_key, XVF_RSS_KEY_BYTES);
	return 0;
}

static const struct ethtool_ops xvf_ethtool_ops = {
	.supported_coalesce_params = ETHTOOL_COALESCE_USECS,
	.get_drvinfo = xvf_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = xvf_get_link_ksettings,
	.get_sset_count = xvf_get_sset_count,
	.get_strings = xvf_get_strings,
	.get_ethtool_stats = xvf_get_ethtool_stats,
	.get_ringparam = xvf_get_ringparam,
	.set_ringparam = xvf_set_ringparam,
	.get_coalesce = xvf_get_coalesce,
	.set_coalesce = xvf_set_coalesce,
	.get_channels = xvf_get_channels,
	.set_channels = xvf_set_channels,
	.get_rxnfc = xvf_get_rxnfc,
	.get_rxfh_indir_size = xvf_get_rxfh_indir_size,
	.get_rxfh_key_size = xvf_get_rxfh_key_size,
	.get_rxfh = xvf_compat_get_rxfh,
};

void xvf_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &xvf_ethtool_ops;
}
