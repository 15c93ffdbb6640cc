// SPDX-License-Identifier: GPL-2.0-only
/* xvf: ethtool — driver info, link, and the mailbox and reset counters. */
#include <linux/ethtool.h>
#include <linux/pci.h>

#include "xvf.h"

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
#define XVF_TX_SYNCED(field) \
	{ "tx_queue_0_" #field, offsetof(struct xvf_adapter, tx_ring.field), \
	  offsetof(struct xvf_adapter, tx_ring.syncp) }
#define XVF_RX_SYNCED(field) \
	{ "rx_queue_0_" #field, offsetof(struct xvf_adapter, rx_ring.field), \
	  offsetof(struct xvf_adapter, rx_ring.syncp) }
	XVF_TX_SYNCED(packets),
	XVF_TX_SYNCED(bytes),
	{ "tx_queue_0_restarts", offsetof(struct xvf_adapter, tx_ring.restarts) },
	{ "tx_queue_0_tso", offsetof(struct xvf_adapter, tx_ring.tso) },
	{ "tx_queue_0_csum_offloaded", offsetof(struct xvf_adapter, tx_ring.csum_offloaded) },
	XVF_RX_SYNCED(packets),
	XVF_RX_SYNCED(bytes),
	{ "rx_queue_0_errors", offsetof(struct xvf_adapter, rx_ring.errors) },
	{ "rx_queue_0_csum_errors", offsetof(struct xvf_adapter, rx_ring.csum_errors) },
	{ "rx_queue_0_alloc_failed", offsetof(struct xvf_adapter, rx_ring.alloc_failed) },
	{ "rx_queue_0_ran_dry", offsetof(struct xvf_adapter, rx_ring.ran_dry) },
	{ "rx_queue_0_delivered_at_stop",
	  offsetof(struct xvf_adapter, rx_ring.delivered_at_stop) },
};

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

static int xvf_get_sset_count(struct net_device *netdev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(xvf_stats) : -EOPNOTSUPP;
}

static void xvf_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(xvf_stats); i++)
		ethtool_sprintf(&data, "%s", xvf_stats[i].name);
}

/* A counter whole: on 32-bit, a u64 written under a seqcount can tear. */
static u64 xvf_read_stat(const struct xvf_adapter *adapter,
			 const struct xvf_stat *stat)
{
	const u64 *val = (const void *)adapter + stat->offset;
	const struct u64_stats_sync *syncp;
	unsigned int start;
	u64 v;

	if (!stat->syncp)
		return READ_ONCE(*val);
	syncp = (const void *)adapter + stat->syncp;
	do {
		start = u64_stats_fetch_begin(syncp);
		v = *val;
	} while (u64_stats_fetch_retry(syncp, start));
	return v;
}

static void xvf_get_ethtool_stats(struct net_device *netdev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xvf_stats); i++)
		data[i] = xvf_read_stat(adapter, &xvf_stats[i]);
}

static int xvf_get_coalesce(struct net_device *netdev,
			    struct ethtool_coalesce *ec,
			    struct kernel_ethtool_coalesce *kec,
			    struct netlink_ext_ack *extack)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	ec->rx_coalesce_usecs = adapter->itr_usecs[XVF_RX_VECTOR];
	ec->tx_coalesce_usecs = adapter->itr_usecs[XVF_TX_VECTOR];
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
	adapter->itr_usecs[XVF_RX_VECTOR] = ec->rx_coalesce_usecs;
	adapter->itr_usecs[XVF_TX_VECTOR] = ec->tx_coalesce_usecs;
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

/* New ring sizes take effect by taking the interface down and up. */
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
	if (!netif_running(netdev) || adapter->gone)
		return 0;
	xvf_stop(netdev);
	err = xvf_open(netdev);
	if (!err)
		return 0;
	/* Most likely no memory for the bigger rings: go back. */
	NL_SET_ERR_MSG_MOD(extack, "could not allocate the rings");
	adapter->tx_ring_count = old_tx;
	adapter->rx_ring_count = old_rx;
	if (xvf_open(netdev))
		netdev_err(netdev, "could not restart the rings\n");
	return err;
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
};

void xvf_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &xvf_ethtool_ops;
}
