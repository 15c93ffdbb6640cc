// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf_failover: the master netdev — what the stack and the admin see.
 * Transmit goes to the slave xfo_update() chose; everything the stack
 * sets on the master (MTU, addresses, VLANs) goes to both slaves, so
 * either can take over at any time.  The hold and the timings are set
 * through netlink (IFLA_INFO_DATA of the "xvf_failover" kind), and the
 * whole state is in every RTM_NEWLINK for the master.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <net/sch_generic.h>

#include "compat/xvf_compat.h"
#include "xfo.h"

static struct net_device *xfo_slave(struct xfo_priv *priv, bool standby)
{
	return standby ? rtnl_dereference(priv->standby) :
			 rtnl_dereference(priv->primary);
}

static int xfo_open(struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);
	int i, err;

	for (i = 0; i < 2; i++) {
		struct net_device *slave = xfo_slave(priv, i);

		if (slave && !netif_running(slave)) {
			err = dev_open(slave, NULL);
			if (err)
				netdev_warn(dev, "cannot open %s: %d\n",
					    slave->name, err);
		}
	}
	netif_tx_start_all_queues(dev);
	xfo_update(priv, false);
	return 0;
}

static int xfo_stop(struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);
	int i;

	netif_tx_disable(dev);
	for (i = 0; i < 2; i++) {
		struct net_device *slave = xfo_slave(priv, i);

		if (slave)
			dev_close(slave);
	}
	return 0;
}

static void xfo_count_tx(struct xfo_priv *priv, enum xfo_path path,
			 unsigned int len, bool sent)
{
	struct xfo_pcpu_stats *st = this_cpu_ptr(priv->stats);

	u64_stats_update_begin(&st->syncp);
	if (sent) {
		st->tx_packets[path]++;
		st->tx_bytes[path] += len;
	} else {
		st->tx_dropped[path]++;
	}
	u64_stats_update_end(&st->syncp);
}

/* A slave that takes frames now, whatever xfo_update() last saw. */
static bool xfo_can_send(const struct net_device *slave)
{
	return netif_carrier_ok(slave) && netif_device_present(slave);
}

static void xfo_count_fallback(struct xfo_priv *priv)
{
	struct xfo_pcpu_stats *st = this_cpu_ptr(priv->stats);

	u64_stats_update_begin(&st->syncp);
	st->tx_fallbacks++;
	u64_stats_update_end(&st->syncp);
}

static netdev_tx_t xfo_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);
	struct net_device *tx_dev = rcu_dereference_bh(priv->tx_dev);
	enum xfo_path path;
	unsigned int len = skb->len;
	int ret;

	/* Lost carrier or device before its event reached us: the other. */
	if (unlikely(tx_dev && !xfo_can_send(tx_dev))) {
		struct net_device *other = xfo_tx_fallback(priv);

		if (other && other != tx_dev) {
			xfo_count_fallback(priv);
			tx_dev = other;
		}
	}
	/*
	 * Neither slave can send: the path lost its carrier before its
	 * link event reached us (netfront reconnecting after a restore
	 * drops what it is given), or there is none and we wait for one:
	 * the frame goes back to the master's queue, stopped until a path
	 * returns, for a while (xfo_start_wait).
	 */
	if (unlikely(!tx_dev || !xfo_can_send(tx_dev))) {
		if ((tx_dev || READ_ONCE(priv->waiting)) && xfo_start_wait(priv)) {
			/* A path that came back meanwhile found the queue awake. */
			tx_dev = rcu_dereference_bh(priv->tx_dev);
			if (tx_dev && xfo_can_send(tx_dev))
				netif_wake_queue(dev);
			return NETDEV_TX_BUSY;
		}
		xfo_count_tx(priv, XFO_PATH_NONE, len, false);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	path = tx_dev == rcu_access_pointer(priv->primary) ?
	       XFO_PATH_PRIMARY : XFO_PATH_STANDBY;
	skb->dev = tx_dev;
	skb_set_queue_mapping(skb, qdisc_skb_cb(skb)->slave_dev_queue_mapping);
	ret = dev_queue_xmit(skb);
	xfo_count_tx(priv, path, len, ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN);
	return NETDEV_TX_OK;
}

/* The per-CPU counters added up, per path. */
static void xfo_sum_stats(struct xfo_priv *priv, struct xfo_pcpu_stats *sum)
{
	int cpu, p;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct xfo_pcpu_stats *st = per_cpu_ptr(priv->stats, cpu);
		struct xfo_pcpu_stats snap;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			snap = *st;
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (p = XFO_PATH_NONE; p <= XFO_PATH_STANDBY; p++) {
			sum->tx_packets[p] += snap.tx_packets[p];
			sum->tx_bytes[p] += snap.tx_bytes[p];
			sum->tx_dropped[p] += snap.tx_dropped[p];
			sum->rx_packets[p] += snap.rx_packets[p];
			sum->rx_bytes[p] += snap.rx_bytes[p];
			sum->rx_looped[p] += snap.rx_looped[p];
			sum->rx_group_dup[p] += snap.rx_group_dup[p];
		}
		sum->tx_fallbacks += snap.tx_fallbacks;
	}
}

/* Both paths' counters together: the master's traffic, wherever it went. */
static void xfo_get_stats64(struct net_device *dev,
			    struct rtnl_link_stats64 *stats)
{
	struct xfo_pcpu_stats sum;
	int p;

	xfo_sum_stats(netdev_priv(dev), &sum);
	for (p = XFO_PATH_NONE; p <= XFO_PATH_STANDBY; p++) {
		stats->tx_packets += sum.tx_packets[p];
		stats->tx_bytes += sum.tx_bytes[p];
		stats->tx_dropped += sum.tx_dropped[p];
		stats->rx_packets += sum.rx_packets[p];
		stats->rx_bytes += sum.rx_bytes[p];
	}
}

/*
 * The standby first: the master may not exceed what netfront carries.
 * If the VF then refuses, the standby goes back.
 */
static int xfo_change_mtu(struct net_device *dev, int new_mtu)
{
	struct xfo_priv *priv = netdev_priv(dev);
	struct net_device *standby = xfo_slave(priv, true);
	struct net_device *primary = xfo_slave(priv, false);
	int err;

	if (standby) {
		err = dev_set_mtu(standby, new_mtu);
		if (err)
			return err;
	}
	if (primary) {
		err = dev_set_mtu(primary, new_mtu);
		if (err) {
			if (standby)
				dev_set_mtu(standby, dev->mtu);
			netdev_warn(dev, "%s refused MTU %d: %d\n", primary->name,
				    new_mtu, err);
			return err;
		}
	}
	dev->mtu = new_mtu;
	return 0;
}

static void xfo_set_rx_mode(struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);
	struct net_device *slaves[2];
	int i;

	rcu_read_lock();
	slaves[0] = rcu_dereference(priv->primary);
	slaves[1] = rcu_dereference(priv->standby);
	for (i = 0; i < 2; i++) {
		if (!slaves[i])
			continue;
		dev_uc_sync_multiple(slaves[i], dev);
		dev_mc_sync_multiple(slaves[i], dev);
	}
	rcu_read_unlock();
}

static int xfo_vlan_rx_add_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	struct xfo_priv *priv = netdev_priv(dev);
	struct net_device *primary = xfo_slave(priv, false);
	struct net_device *standby = xfo_slave(priv, true);
	int err;

	if (primary) {
		err = vlan_vid_add(primary, proto, vid);
		if (err)
			return err;
	}
	if (standby) {
		err = vlan_vid_add(standby, proto, vid);
		if (err) {
			if (primary)
				vlan_vid_del(primary, proto, vid);
			return err;
		}
	}
	return 0;
}

static int xfo_vlan_rx_kill_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	struct xfo_priv *priv = netdev_priv(dev);
	int i;

	for (i = 0; i < 2; i++) {
		struct net_device *slave = xfo_slave(priv, i);

		if (slave)
			vlan_vid_del(slave, proto, vid);
	}
	return 0;
}

static int xfo_init_stats(struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);

	priv->stats = netdev_alloc_pcpu_stats(struct xfo_pcpu_stats);
	return priv->stats ? 0 : -ENOMEM;
}

static void xfo_uninit(struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);

	free_percpu(priv->stats);
	priv->stats = NULL;
}

static const struct net_device_ops xfo_netdev_ops = {
	.ndo_init = xfo_init_stats,
	.ndo_uninit = xfo_uninit,
	.ndo_open = xfo_open,
	.ndo_stop = xfo_stop,
	.ndo_start_xmit = xfo_xmit,
	.ndo_get_stats64 = xfo_get_stats64,
	.ndo_change_mtu = xfo_change_mtu,
	.ndo_set_rx_mode = xfo_set_rx_mode,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_vlan_rx_add_vid = xfo_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid = xfo_vlan_rx_kill_vid,
	.ndo_features_check = passthru_features_check,
};

/* ---- ethtool ---- */

static const char *const xfo_path_names[] = {
	[XFO_PATH_NONE] = "none",
	[XFO_PATH_PRIMARY] = "vf",
	[XFO_PATH_STANDBY] = "standby",
};

/* Per path, in the order xfo_get_ethtool_stats() writes them. */
static const char *const xfo_counter_names[] = {
	"tx_packets", "tx_bytes", "tx_dropped", "rx_packets", "rx_bytes",
	"rx_looped", "rx_group_dup",
};

#define XFO_N_PATH_STATS	(2 * ARRAY_SIZE(xfo_counter_names))
#define XFO_N_STATS		(XFO_N_PATH_STATS + 4)

static void xfo_get_drvinfo(struct net_device *dev,
			    struct ethtool_drvinfo *info)
{
	strscpy(info->driver, XFO_DRV_NAME, sizeof(info->driver));
}

static int xfo_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? XFO_N_STATS : -EOPNOTSUPP;
}

static void xfo_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	enum xfo_path p;
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (p = XFO_PATH_PRIMARY; p <= XFO_PATH_STANDBY; p++)
		for (i = 0; i < ARRAY_SIZE(xfo_counter_names); i++)
			ethtool_sprintf(&data, "%s_%s", xfo_path_names[p],
					xfo_counter_names[i]);
	ethtool_sprintf(&data, "no_path_tx_dropped");
	ethtool_sprintf(&data, "path_switches");
	ethtool_sprintf(&data, "path_waits");
	ethtool_sprintf(&data, "tx_fallbacks");
}

static void xfo_get_ethtool_stats(struct net_device *dev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct xfo_priv *priv = netdev_priv(dev);
	struct xfo_pcpu_stats sum;
	enum xfo_path p;

	xfo_sum_stats(priv, &sum);
	for (p = XFO_PATH_PRIMARY; p <= XFO_PATH_STANDBY; p++) {
		*data++ = sum.tx_packets[p];
		*data++ = sum.tx_bytes[p];
		*data++ = sum.tx_dropped[p];
		*data++ = sum.rx_packets[p];
		*data++ = sum.rx_bytes[p];
		*data++ = sum.rx_looped[p];
		*data++ = sum.rx_group_dup[p];
	}
	*data++ = sum.tx_dropped[XFO_PATH_NONE];
	*data++ = READ_ONCE(priv->switches);
	*data++ = READ_ONCE(priv->waits);
	*data++ = sum.tx_fallbacks;
}

static const struct ethtool_ops xfo_ethtool_ops = {
	.get_drvinfo = xfo_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = xfo_get_sset_count,
	.get_strings = xfo_get_strings,
	.get_ethtool_stats = xfo_get_ethtool_stats,
};

/*
 * Whether frames the master handed to the VF are still on it: in one of
 * its qdiscs or given to the device and not yet completed (BQL).  After
 * a hold the agent waits for 0 before it lets the host take the VF, or
 * those frames would go with it.
 */
static bool xfo_vf_tx_busy(struct net_device *vf)
{
	unsigned int i;

	for (i = 0; i < vf->real_num_tx_queues; i++) {
		struct netdev_queue *txq = netdev_get_tx_queue(vf, i);

		/* noop_qdisc (length 0) when the VF is down, never NULL. */
		if (qdisc_qlen_sum(rcu_dereference(txq->qdisc)))
			return true;
#ifdef CONFIG_BQL
		if (READ_ONCE(txq->dql.num_queued) !=
		    READ_ONCE(txq->dql.num_completed))
			return true;
#endif
	}
	return false;
}

/*
 * ---- netlink: state and settings in IFLA_INFO_DATA ----
 *
 * Everything the master offers is here (and its counters in ethtool -S):
 * no sysfs of its own, no module parameters for what is per master.
 */

/*
 * The timings' bounds as full ranges: NLA_POLICY_MAX keeps its bound in
 * an s16, which XFO_WAIT_MS_MAX overflows (the kernel WARNs and refuses).
 * Not const: 6.1's policy points to them without it.
 */
static struct netlink_range_validation xfo_takeover_range = {
	.max = XFO_TAKEOVER_MS_MAX,
};

static struct netlink_range_validation xfo_wait_range = {
	.max = XFO_WAIT_MS_MAX,
};

static const struct nla_policy xfo_policy[IFLA_XFO_MAX + 1] = {
	[IFLA_XFO_HOLD] = NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_XFO_TAKEOVER_MS] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &xfo_takeover_range),
	[IFLA_XFO_WAIT_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &xfo_wait_range),
};

/* What the kernel reports and a request may not set. */
static const int xfo_read_only[] = {
	IFLA_XFO_ACTIVE, IFLA_XFO_PRIMARY, IFLA_XFO_STANDBY,
	IFLA_XFO_SWITCHES, IFLA_XFO_VF_TX_BUSY,
};

static int xfo_changelink(struct net_device *dev, struct nlattr *tb[],
			  struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct xfo_priv *priv = netdev_priv(dev);
	unsigned int i;
	int err;

	if (!data)
		return 0;
	/* Refuse before changing anything: all of a request or none. */
	for (i = 0; i < ARRAY_SIZE(xfo_read_only); i++) {
		if (data[xfo_read_only[i]]) {
			NL_SET_ERR_MSG_ATTR(extack, data[xfo_read_only[i]],
					    "read-only xvf_failover attribute");
			return -EOPNOTSUPP;
		}
	}
	if (data[IFLA_XFO_HOLD]) {
		err = xfo_set_hold(priv, nla_get_u8(data[IFLA_XFO_HOLD]));
		if (err)
			return err;
	}
	/* A take-over already under way keeps its delay. */
	if (data[IFLA_XFO_TAKEOVER_MS])
		priv->takeover_ms = nla_get_u32(data[IFLA_XFO_TAKEOVER_MS]);
	if (data[IFLA_XFO_WAIT_MS])
		WRITE_ONCE(priv->wait_ms, nla_get_u32(data[IFLA_XFO_WAIT_MS]));
	return 0;
}

static size_t xfo_get_size(const struct net_device *dev)
{
	return 3 * nla_total_size(sizeof(u8)) +	/* hold, active, busy */
	       4 * nla_total_size(sizeof(u32)) +	/* slaves, timings */
	       nla_total_size_64bit(sizeof(u64));	/* switches */
}

static int xfo_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);
	struct net_device *primary = rtnl_dereference(priv->primary);
	struct net_device *standby = rtnl_dereference(priv->standby);
	bool busy;

	rcu_read_lock();	/* the VF's qdiscs */
	busy = primary && xfo_vf_tx_busy(primary);
	rcu_read_unlock();
	if (nla_put_u8(skb, IFLA_XFO_HOLD, priv->held) ||
	    nla_put_u8(skb, IFLA_XFO_ACTIVE, priv->active) ||
	    (primary && nla_put_u32(skb, IFLA_XFO_PRIMARY, primary->ifindex)) ||
	    (standby && nla_put_u32(skb, IFLA_XFO_STANDBY, standby->ifindex)) ||
	    nla_put_u64_64bit(skb, IFLA_XFO_SWITCHES, priv->switches,
			      IFLA_XFO_PAD) ||
	    nla_put_u32(skb, IFLA_XFO_TAKEOVER_MS, priv->takeover_ms) ||
	    nla_put_u32(skb, IFLA_XFO_WAIT_MS, priv->wait_ms) ||
	    nla_put_u8(skb, IFLA_XFO_VF_TX_BUSY, busy))
		return -EMSGSIZE;
	return 0;
}

/*
 * No .setup: masters are made for netfronts, never by "ip link add",
 * and without .setup rtnetlink refuses both creation and deletion.
 */
struct rtnl_link_ops xfo_link_ops = {
	.kind = XFO_KIND,
	.maxtype = IFLA_XFO_MAX,
	.policy = xfo_policy,
	.changelink = xfo_changelink,
	.get_size = xfo_get_size,
	.fill_info = xfo_fill_info,
};

/*
 * Offloads: all of them.  Frames leave through dev_queue_xmit() on a
 * slave, which does in software what that slave cannot, so the master
 * never needs to offer less than the better slave.
 */
#define XFO_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_SG | NETIF_F_FRAGLIST | \
			 NETIF_F_ALL_TSO | NETIF_F_HIGHDMA | \
			 NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_CTAG_RX | \
			 NETIF_F_HW_VLAN_CTAG_FILTER)

void xfo_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &xfo_netdev_ops;
	dev->ethtool_ops = &xfo_ethtool_ops;
	dev->rtnl_link_ops = &xfo_link_ops;
	dev->needs_free_netdev = true;
	/*
	 * A queue of its own (ether_setup's length): frames wait there while
	 * no path can carry them (xfo_start_wait).
	 */
	dev->priv_flags |= IFF_UNICAST_FLT;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	xvf_compat_set_lltx(dev);
	/*
	 * It lives where its netfront does: moved elsewhere, its namespace's
	 * end would unregister it without leaving the failover framework.
	 */
	xvf_compat_set_netns_local(dev);
	dev->features |= XFO_FEATURES;
	dev->hw_features = XFO_FEATURES;
	dev->vlan_features = XFO_FEATURES & ~(NETIF_F_HW_VLAN_CTAG_TX |
					      NETIF_F_HW_VLAN_CTAG_RX |
					      NETIF_F_HW_VLAN_CTAG_FILTER);
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
}
