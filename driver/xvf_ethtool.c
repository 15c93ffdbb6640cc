// SPDX-License-Identifier: GPL-2.0-only
/* xvf: ethtool — driver info, link, and the mailbox and reset counters. */
#include <linux/ethtool.h>
#include <linux/pci.h>

#include "xvf.h"

struct xvf_stat {
	const char *name;
	size_t offset;		/* of a u64 in struct xvf_adapter */
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
	XVF_STAT(restarts),
	XVF_STAT(restart_failures),
	{ "tx_queue_0_packets", offsetof(struct xvf_adapter, tx_ring.packets) },
	{ "tx_queue_0_bytes", offsetof(struct xvf_adapter, tx_ring.bytes) },
	{ "tx_queue_0_restarts", offsetof(struct xvf_adapter, tx_ring.restarts) },
	{ "rx_queue_0_packets", offsetof(struct xvf_adapter, rx_ring.packets) },
	{ "rx_queue_0_bytes", offsetof(struct xvf_adapter, rx_ring.bytes) },
	{ "rx_queue_0_errors", offsetof(struct xvf_adapter, rx_ring.errors) },
	{ "rx_queue_0_alloc_failed", offsetof(struct xvf_adapter, rx_ring.alloc_failed) },
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

static void xvf_get_ethtool_stats(struct net_device *netdev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xvf_stats); i++)
		data[i] = *(u64 *)((u8 *)adapter + xvf_stats[i].offset);
}

static const struct ethtool_ops xvf_ethtool_ops = {
	.get_drvinfo = xvf_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = xvf_get_link_ksettings,
	.get_sset_count = xvf_get_sset_count,
	.get_strings = xvf_get_strings,
	.get_ethtool_stats = xvf_get_ethtool_stats,
};

void xvf_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &xvf_ethtool_ops;
}
