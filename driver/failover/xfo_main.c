// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf_failover: pairs each Xen netfront with the SR-IOV VF of the same MAC
 * behind one master netdev, the interface users configure.  The VF is the
 * fast path, netfront the one that survives migration.
 *
 * Why its own master and not net_failover: net_failover hands frames that
 * arrive on the standby to the stack only when no primary exists, and a
 * planned migration lives exactly in the window where the host has moved
 * the MAC to netfront while the VF is still present; it has no way to
 * move transmit off a VF that is still up (the agent's hold), and sends
 * no gratuitous ARP.  So xvf_failover keeps its own master and path
 * logic, and uses the kernel's failover framework (net/core/failover.c)
 * for what it does well: finding netdevs with the master's MAC as they
 * register, the RX handler, the upper/lower link and rename tolerance.
 *
 * Lifecycle: a netdev of a standby driver (netfront's "vif") registers
 * -> a master "xfoN" with its MAC is created (from a work item: the
 * framework takes RTNL itself) -> the framework offers it every netdev
 * with that MAC, now and later; the standby and one PCI netdev (the VF,
 * whichever driver) are enslaved.  The VF unregistering or going down
 * moves transmit to the standby at once, in the kernel; a VF that comes
 * back is paired again after a short take-over delay (udev renames it
 * meanwhile).  The standby unregistering destroys the master.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "xfo.h"

static char standby_drivers[64] = "vif";
module_param_string(standby_drivers, standby_drivers, sizeof(standby_drivers),
		    0444);
MODULE_PARM_DESC(standby_drivers,
		 "Comma-separated drivers whose netdevs are standbys (default: vif, xen-netfront)");

static struct workqueue_struct *xfo_wq;
/* All masters, for module unload; RTNL protects it. */
static LIST_HEAD(xfo_masters);

static const char *xfo_driver_of(struct net_device *dev)
{
	struct device *parent = dev->dev.parent;

	return parent && parent->driver ? parent->driver->name : NULL;
}

static bool xfo_is_standby(struct net_device *dev)
{
	const char *drv = xfo_driver_of(dev);
	const char *p = standby_drivers;
	size_t len;

	if (!drv)
		return false;
	len = strlen(drv);
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == len && !strncmp(p, drv, n))
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

static bool xfo_on_pci(struct net_device *dev)
{
	return dev->dev.parent && dev_is_pci(dev->dev.parent);
}

static struct xfo_priv *xfo_master_by_mac(const u8 *mac)
{
	struct xfo_priv *priv;

	ASSERT_RTNL();
	list_for_each_entry(priv, &xfo_masters, list)
		if (ether_addr_equal(priv->dev->perm_addr, mac))
			return priv;
	return NULL;
}

static void xfo_slave_state(struct net_device *slave, bool closing,
			    struct xfo_slave_state *s)
{
	s->present = slave;
	s->up = slave && netif_running(slave) && netif_device_present(slave) &&
		!closing;
	s->carrier = slave && netif_carrier_ok(slave);
}

/*
 * The slave transmit uses cannot send (it lost carrier or its device)
 * and xfo_update() has not moved tx_dev yet: a carrier change reaches
 * us through linkwatch, up to a second later, and a VF reset or taken
 * away under us would swallow every frame meanwhile.  Choose now as
 * xfo_update() will, from the slaves' state.  Data path, under
 * rcu_read_lock_bh(); NULL if neither slave can send.
 */
struct net_device *xfo_tx_fallback(struct xfo_priv *priv)
{
	struct net_device *primary = rcu_dereference_bh(priv->primary);
	struct net_device *standby = rcu_dereference_bh(priv->standby);
	struct xfo_slave_state p, s;
	enum xfo_path path;

	xfo_slave_state(primary, READ_ONCE(priv->primary_closing), &p);
	xfo_slave_state(standby, false, &s);
	path = xfo_select_path(&p, &s, READ_ONCE(priv->held),
			       READ_ONCE(priv->takeover_pending));
	if (path == XFO_PATH_PRIMARY)
		return primary;
	return path == XFO_PATH_STANDBY ? standby : NULL;
}

/*
 * Transmit found no path: wait for one with the master's queue stopped
 * (xfo_xmit returns the frame to it), unless a wait already ran out.
 * From the data path or under RTNL; true if transmit should wait.
 */
bool xfo_start_wait(struct xfo_priv *priv)
{
	if (READ_ONCE(priv->retired) ||
	    !xfo_may_wait(READ_ONCE(priv->wait_ms), READ_ONCE(priv->wait_spent)))
		return false;
	if (!READ_ONCE(priv->waiting)) {
		WRITE_ONCE(priv->waiting, true);
		WRITE_ONCE(priv->waits, priv->waits + 1);
		queue_delayed_work(xfo_wq, &priv->wait_end,
				   msecs_to_jiffies(READ_ONCE(priv->wait_ms)));
	}
	netif_stop_queue(priv->dev);
	return true;
}

/* A path is back: the frames kept meanwhile go out through it. */
static void xfo_end_wait(struct xfo_priv *priv)
{
	WRITE_ONCE(priv->wait_spent, false);
	if (READ_ONCE(priv->waiting)) {
		WRITE_ONCE(priv->waiting, false);
		cancel_delayed_work(&priv->wait_end);
	}
	if (netif_queue_stopped(priv->dev))
		netif_wake_queue(priv->dev);
}

/*
 * No path returned in time: stop waiting; the master loses carrier and
 * its queue is released, so what it held is dropped, as is what follows.
 */
static void xfo_wait_end_work(struct work_struct *work)
{
	struct xfo_priv *priv = container_of(to_delayed_work(work),
					     struct xfo_priv, wait_end);

	rtnl_lock();
	if (READ_ONCE(priv->waiting)) {
		WRITE_ONCE(priv->waiting, false);
		WRITE_ONCE(priv->wait_spent, true);
		netdev_info(priv->dev, "no path for %u ms, dropping\n",
			    READ_ONCE(priv->wait_ms));
	}
	xfo_update(priv, false);
	netif_wake_queue(priv->dev);
	rtnl_unlock();
}

/* Userspace hears of it as an RTM_NEWLINK carrying the new state. */
static void xfo_notify(struct xfo_priv *priv)
{
	call_netdevice_notifiers(NETDEV_CHANGEINFODATA, priv->dev);
}

/*
 * Choose the path transmit takes and the master's carrier from the
 * slaves' state; on a change of path tell the neighbours (gratuitous ARP
 * and unsolicited NA through the new path) and userspace (RTM_NEWLINK).
 * @changed: the caller changed pairing or hold, notify in any case.
 * Under RTNL.
 */
void xfo_update(struct xfo_priv *priv, bool changed)
{
	struct net_device *primary = rtnl_dereference(priv->primary);
	struct net_device *standby = rtnl_dereference(priv->standby);
	struct net_device *dev = priv->dev;
	struct xfo_slave_state p, s;
	enum xfo_path path;

	ASSERT_RTNL();
	xfo_slave_state(primary, priv->primary_closing, &p);
	xfo_slave_state(standby, false, &s);
	path = xfo_select_path(&p, &s, priv->held, priv->takeover_pending);
	rcu_assign_pointer(priv->tx_dev, path == XFO_PATH_PRIMARY ? primary :
			   path == XFO_PATH_STANDBY ? standby : NULL);
	/* Wait when the last path goes, not for a first one. */
	if (path != XFO_PATH_NONE)
		xfo_end_wait(priv);
	else if (priv->active != XFO_PATH_NONE && netif_running(dev))
		xfo_start_wait(priv);
	if (xfo_master_carrier(&p, &s, READ_ONCE(priv->waiting)))
		netif_carrier_on(dev);
	else
		netif_carrier_off(dev);
	if (path != priv->active) {
		priv->active = path;
		priv->switches++;
		netdev_info(dev, "transmit on %s\n",
			    path == XFO_PATH_PRIMARY ? primary->name :
			    path == XFO_PATH_STANDBY ? standby->name : "nothing");
		if (path != XFO_PATH_NONE && netif_running(dev))
			__netdev_notify_peers(dev);
		changed = true;
	}
	if (changed)
		xfo_notify(priv);
}

int xfo_set_hold(struct xfo_priv *priv, bool held)
{
	ASSERT_RTNL();
	if (priv->held == held)
		return 0;
	priv->held = held;
	netdev_info(priv->dev, "hold %s\n", held ? "set" : "released");
	xfo_update(priv, true);
	return 0;
}

static void xfo_takeover_work(struct work_struct *work)
{
	struct xfo_priv *priv = container_of(to_delayed_work(work),
					     struct xfo_priv, takeover);

	rtnl_lock();
	if (priv->takeover_pending) {
		priv->takeover_pending = false;
		xfo_update(priv, false);
	}
	rtnl_unlock();
}

rx_handler_result_t xfo_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct net_device *master = rcu_dereference(skb->dev->rx_handler_data);
	struct xfo_priv *priv = netdev_priv(master);
	struct xfo_pcpu_stats *st = this_cpu_ptr(priv->stats);
	enum xfo_path path = skb->dev == rcu_access_pointer(priv->primary) ?
			     XFO_PATH_PRIMARY : XFO_PATH_STANDBY;

	/*
	 * Our own frames, back through the other path (the NIC sends a VF's
	 * broadcasts to the wire, the host's bridge floods them to netfront):
	 * not news to anyone here.
	 */
	if (ether_addr_equal(eth_hdr(skb)->h_source, master->dev_addr)) {
		u64_stats_update_begin(&st->syncp);
		st->rx_looped[path]++;
		u64_stats_update_end(&st->syncp);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	/*
	 * A broadcast or multicast frame reaches both paths (the NIC gives
	 * it to the VF, the host's bridge floods it to netfront): the stack
	 * takes the copy of the path that transmits, or either while none
	 * does.  Unicast follows the MAC to one path and arrives once.
	 */
	if (is_multicast_ether_addr(eth_hdr(skb)->h_dest)) {
		struct net_device *tx = rcu_dereference(priv->tx_dev);

		if (tx && tx != skb->dev) {
			u64_stats_update_begin(&st->syncp);
			st->rx_group_dup[path]++;
			u64_stats_update_end(&st->syncp);
			consume_skb(skb);
			return RX_HANDLER_CONSUMED;
		}
	}
	/* Other frames from either slave are the master's. */
	u64_stats_update_begin(&st->syncp);
	st->rx_packets[path]++;
	st->rx_bytes[path] += skb->len + ETH_HLEN;
	u64_stats_update_end(&st->syncp);
	skb->dev = master;
	return RX_HANDLER_ANOTHER;
}

/* ---- slaves, offered by the failover framework ---- */

static enum xfo_role xfo_role_of(struct xfo_priv *priv, struct net_device *slave)
{
	return xfo_slave_role(xfo_is_standby(slave), xfo_on_pci(slave),
			      rtnl_dereference(priv->standby),
			      rtnl_dereference(priv->primary));
}

static int xfo_slave_pre_register(struct net_device *slave,
				  struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);
	int err;

	if (priv->retired)
		return -ENODEV;		/* being destroyed */
	switch (xfo_role_of(priv, slave)) {
	case XFO_ROLE_STANDBY:
		return 0;
	case XFO_ROLE_PRIMARY:
		/* The VF takes the master's MTU, or it is no use. */
		err = slave->mtu == dev->mtu ? 0 : dev_set_mtu(slave, dev->mtu);
		if (err)
			netdev_err(dev, "%s cannot take MTU %u (%d): not paired\n",
				   slave->name, dev->mtu, err);
		return err;
	case XFO_ROLE_REFUSE:
		break;
	}
	netdev_info(dev, "%s (%s) has the MAC but is neither a VF nor a free standby: not paired\n",
		    slave->name, xfo_driver_of(slave) ?: "no driver");
	return -EINVAL;
}

/* GSO limits: the smallest of the slaves', so neither must split. */
static void xfo_update_limits(struct xfo_priv *priv)
{
	struct net_device *slaves[] = { rtnl_dereference(priv->primary),
					rtnl_dereference(priv->standby) };
	unsigned int size = GSO_MAX_SIZE, segs = GSO_MAX_SEGS, i;

	for (i = 0; i < ARRAY_SIZE(slaves); i++) {
		if (!slaves[i])
			continue;
		size = min(size, slaves[i]->tso_max_size);
		segs = min(segs, slaves[i]->tso_max_segs);
	}
	netif_set_tso_max_size(priv->dev, size);
	netif_set_tso_max_segs(priv->dev, segs);
}

static int xfo_slave_register(struct net_device *slave, struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);
	bool standby = xfo_role_of(priv, slave) == XFO_ROLE_STANDBY;
	int err;

	if (standby) {
		dev->min_mtu = slave->min_mtu;
		dev->max_mtu = slave->max_mtu;
		if (slave->mtu != dev->mtu) {
			err = dev_set_mtu(slave, dev->mtu);
			if (err)
				return err;
		}
		netdev_hold(slave, &priv->standby_tracker, GFP_KERNEL);
		rcu_assign_pointer(priv->standby, slave);
	} else {
		netdev_hold(slave, &priv->primary_tracker, GFP_KERNEL);
		priv->primary_closing = false;
		rcu_assign_pointer(priv->primary, slave);
		if (priv->takeover_ms) {
			priv->takeover_pending = true;
			queue_delayed_work(xfo_wq, &priv->takeover,
					   msecs_to_jiffies(priv->takeover_ms));
		}
	}
	/* No IPv6 autoconfiguration on a slave: the master is configured. */
	slave->flags |= IFF_SLAVE;
	/*
	 * The master's lists change from softirq too (IGMP, MLD); the sync
	 * takes only the slave's lock, the caller holds the master's.
	 */
	netif_addr_lock_bh(dev);
	dev_uc_sync_multiple(slave, dev);
	dev_mc_sync_multiple(slave, dev);
	netif_addr_unlock_bh(dev);
	err = vlan_vids_add_by_dev(slave, dev);
	if (err)
		netdev_warn(dev, "%s did not take the VLANs (%d)\n", slave->name, err);
	if (netif_running(dev)) {
		err = dev_open(slave, NULL);
		/* udev may be renaming it: opened again after the rename. */
		if (err)
			netdev_info(dev, "%s not opened yet (%d)\n", slave->name, err);
	}
	xfo_update_limits(priv);
	netdev_info(dev, "%s %s (%s) paired\n", standby ? "standby" : "VF",
		    slave->name, xfo_driver_of(slave) ?: "?");
	xfo_update(priv, true);
	return 0;
}

static int xfo_slave_unregister(struct net_device *slave, struct net_device *dev)
{
	struct xfo_priv *priv = netdev_priv(dev);
	bool standby = slave == rtnl_dereference(priv->standby);

	if (standby) {
		RCU_INIT_POINTER(priv->standby, NULL);
	} else {
		RCU_INIT_POINTER(priv->primary, NULL);
		priv->takeover_pending = false;
		priv->primary_closing = false;
	}
	xfo_update(priv, true);
	/* These take the master's address lock themselves. */
	dev_uc_unsync(slave, dev);
	dev_mc_unsync(slave, dev);
	vlan_vids_del_by_dev(slave, dev);
	slave->flags &= ~IFF_SLAVE;
	/* No transmit may still be on its way to the slave. */
	synchronize_net();
	netdev_put(slave, standby ? &priv->standby_tracker :
				    &priv->primary_tracker);
	xfo_update_limits(priv);
	netdev_info(dev, "%s %s unpaired\n", standby ? "standby" : "VF",
		    slave->name);
	if (standby && !priv->retired)
		queue_work(xfo_wq, &priv->destroy);
	return 0;
}

static int xfo_slave_link_change(struct net_device *slave,
				 struct net_device *dev)
{
	xfo_update(netdev_priv(dev), false);
	return 0;
}

/* A slave that could not open while udev renamed it opens now. */
static int xfo_slave_name_change(struct net_device *slave,
				 struct net_device *dev)
{
	if (netif_running(dev) && !netif_running(slave) &&
	    dev_open(slave, NULL))
		netdev_info(dev, "%s still does not open\n", slave->name);
	return 0;
}

struct failover_ops xfo_failover_ops = {
	.slave_pre_register = xfo_slave_pre_register,
	.slave_register = xfo_slave_register,
	.slave_unregister = xfo_slave_unregister,
	.slave_link_change = xfo_slave_link_change,
	.slave_name_change = xfo_slave_name_change,
	.slave_handle_frame = xfo_handle_frame,
};

/* ---- masters ---- */

/* Under RTNL: take @priv out of service; false if that was done already. */
static bool xfo_retire(struct xfo_priv *priv)
{
	ASSERT_RTNL();
	if (priv->retired)
		return false;
	WRITE_ONCE(priv->retired, true);	/* refuse new slaves */
	list_del(&priv->list);
	return true;
}

/*
 * Take a retired master down: release the slaves, leave the framework,
 * then unregister.  The framework's reference on the master must go
 * before unregister_netdevice(), which waits for all of them.
 */
static void xfo_destroy(struct xfo_priv *priv)
{
	struct net_device *slave;

	cancel_delayed_work_sync(&priv->takeover);
	/*
	 * A retired master starts no wait for a path; once a transmit that
	 * saw it not yet retired is over, the last wait can be cancelled.
	 */
	synchronize_net();
	cancel_delayed_work_sync(&priv->wait_end);
	rtnl_lock();
	slave = rtnl_dereference(priv->primary);
	if (slave)
		failover_slave_unregister(slave);
	slave = rtnl_dereference(priv->standby);
	if (slave)
		failover_slave_unregister(slave);
	/* failover_unregister() reads its pointer the RCU way. */
	rcu_read_lock();
	failover_unregister(priv->failover);
	rcu_read_unlock();
	unregister_netdevice(priv->dev);
	rtnl_unlock();
}

static void xfo_destroy_work(struct work_struct *work)
{
	struct xfo_priv *priv = container_of(work, struct xfo_priv, destroy);
	bool mine;

	rtnl_lock();
	mine = xfo_retire(priv);
	rtnl_unlock();
	if (mine)
		xfo_destroy(priv);
}

/*
 * The master's name: "xfo" and netfront's handle (its xenbus device is
 * "vif-N", for the domain's vif N), so it is the same on every boot and
 * after every migration; "xfo%d" for other standbys.
 */
static unsigned char xfo_master_name(struct net_device *standby, char *name)
{
	const char *parent = dev_name(standby->dev.parent);
	unsigned int handle;

	if (sscanf(parent, "vif-%u", &handle) == 1) {
		snprintf(name, IFNAMSIZ, "xfo%u", handle);
		return NET_NAME_PREDICTABLE;
	}
	strscpy(name, "xfo%d", IFNAMSIZ);
	return NET_NAME_ENUM;
}

static void xfo_create(struct net *net, int ifindex)
{
	struct net_device *standby, *dev;
	struct xfo_priv *priv;
	unsigned char name_type;
	char name[IFNAMSIZ];
	u8 mac[ETH_ALEN];
	int err;

	rtnl_lock();
	standby = __dev_get_by_index(net, ifindex);
	if (!standby || netif_is_failover_slave(standby) ||
	    xfo_master_by_mac(standby->perm_addr)) {
		rtnl_unlock();
		return;
	}
	ether_addr_copy(mac, standby->perm_addr);
	name_type = xfo_master_name(standby, name);
	rtnl_unlock();

	dev = alloc_netdev(sizeof(*priv), name, name_type, xfo_setup);
	if (!dev)
		return;
	priv = netdev_priv(dev);
	priv->dev = dev;
	priv->takeover_ms = XFO_TAKEOVER_MS_DEFAULT;
	priv->wait_ms = XFO_WAIT_MS_DEFAULT;
	INIT_DELAYED_WORK(&priv->takeover, xfo_takeover_work);
	INIT_DELAYED_WORK(&priv->wait_end, xfo_wait_end_work);
	INIT_WORK(&priv->destroy, xfo_destroy_work);
	dev_net_set(dev, net);
	eth_hw_addr_set(dev, mac);
	dev->addr_assign_type = NET_ADDR_PERM;

	rtnl_lock();
	/* The standby may have gone, or a master come, meanwhile. */
	standby = __dev_get_by_index(net, ifindex);
	if (!standby || xfo_master_by_mac(mac)) {
		rtnl_unlock();
		free_netdev(dev);
		return;
	}
	err = register_netdevice(dev);
	if (err) {
		rtnl_unlock();
		free_netdev(dev);
		pr_err(XFO_DRV_NAME ": cannot register a master for %pM: %d\n",
		       mac, err);
		return;
	}
	list_add(&priv->list, &xfo_masters);
	netif_carrier_off(dev);
	rtnl_unlock();

	/* Offers the standby, and a VF already there, to the ops above. */
	priv->failover = failover_register(dev, &xfo_failover_ops);
	if (IS_ERR(priv->failover)) {
		rtnl_lock();
		xfo_retire(priv);
		unregister_netdevice(dev);
		rtnl_unlock();
	}
}

struct xfo_create_req {
	struct work_struct work;
	struct net *net;
	int ifindex;
};

static void xfo_create_work(struct work_struct *work)
{
	struct xfo_create_req *req = container_of(work, struct xfo_create_req,
						  work);

	xfo_create(req->net, req->ifindex);
	put_net(req->net);
	kfree(req);
}

static void xfo_queue_create(struct net_device *standby)
{
	struct xfo_create_req *req = kzalloc(sizeof(*req), GFP_KERNEL);

	if (!req)
		return;
	INIT_WORK(&req->work, xfo_create_work);
	req->net = get_net(dev_net(standby));
	req->ifindex = standby->ifindex;
	queue_work(xfo_wq, &req->work);
}

static bool xfo_wants_master(struct net_device *dev)
{
	return dev->type == ARPHRD_ETHER && !netif_is_failover(dev) &&
	       is_valid_ether_addr(dev->perm_addr) && xfo_is_standby(dev);
}

/* A VF whose MAC matches no standby is left alone, but say so. */
static void xfo_report_unmatched_vf(struct net_device *dev)
{
	if (!xfo_on_pci(dev) || netif_is_failover_slave(dev) ||
	    list_empty(&xfo_masters) || xfo_master_by_mac(dev->perm_addr))
		return;
	netdev_info(dev, "MAC %pM matches no netfront: not paired\n",
		    dev->perm_addr);
}

static struct xfo_priv *xfo_master_of_primary(struct net_device *dev)
{
	struct xfo_priv *priv;

	ASSERT_RTNL();
	list_for_each_entry(priv, &xfo_masters, list)
		if (rtnl_dereference(priv->primary) == dev)
			return priv;
	return NULL;
}

/*
 * A VF about to close (driver unbound, pci-detach, ip link set down,
 * unregister): move transmit off it now, while it still sends.  The
 * framework only hears of it at NETDEV_DOWN, after the VF's queue has
 * been deactivated: what the master gave it in between is dropped.
 */
static void xfo_primary_going_down(struct net_device *dev, bool closing)
{
	struct xfo_priv *priv = xfo_master_of_primary(dev);

	if (!priv || priv->primary_closing == closing)
		return;
	priv->primary_closing = closing;
	xfo_update(priv, false);
	/* No transmit still on its way to the VF's queue. */
	if (closing)
		synchronize_net();
}

/*
 * The VF's MAC is what pairs it.  Changing it from the guest is refused;
 * a change the PF imposes (its admin set another MAC, which xvf learns
 * at its next reset) unpairs it: frames with the master's source MAC
 * would leave through a VF whose filter and spoof check expect another.
 */
static int xfo_primary_mac_event(struct net_device *dev, unsigned long event,
				 void *ptr)
{
	struct xfo_priv *priv = xfo_master_of_primary(dev);

	if (!priv)
		return NOTIFY_DONE;
	if (event == NETDEV_PRE_CHANGEADDR) {
		struct netdev_notifier_pre_changeaddr_info *info = ptr;

		if (ether_addr_equal(info->dev_addr, priv->dev->dev_addr))
			return NOTIFY_DONE;
		NL_SET_ERR_MSG_MOD(netdev_notifier_info_to_extack(ptr),
				   "the VF is paired by its MAC: change the master's instead");
		return notifier_from_errno(-EBUSY);
	}
	if (ether_addr_equal(dev->dev_addr, priv->dev->dev_addr))
		return NOTIFY_DONE;
	netdev_warn(priv->dev, "%s now has MAC %pM: unpaired\n", dev->name,
		    dev->dev_addr);
	failover_slave_unregister(dev);
	return NOTIFY_DONE;
}

static int xfo_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_PRE_CHANGEADDR || event == NETDEV_CHANGEADDR)
		return xfo_primary_mac_event(dev, event, ptr);
	if (event == NETDEV_GOING_DOWN || event == NETDEV_UP) {
		xfo_primary_going_down(dev, event == NETDEV_GOING_DOWN);
		return NOTIFY_DONE;
	}
	if (event != NETDEV_REGISTER)
		return NOTIFY_DONE;
	if (xfo_wants_master(dev))
		xfo_queue_create(dev);
	else
		xfo_report_unmatched_vf(dev);
	return NOTIFY_DONE;
}

static struct notifier_block xfo_notifier = {
	.notifier_call = xfo_netdev_event,
};

static int __init xfo_init(void)
{
	int err;

	/*
	 * Ordered: a master's creation and its destruction (netfront
	 * detached and attached again quickly) must not run at once.
	 */
	xfo_wq = alloc_ordered_workqueue(XFO_DRV_NAME, 0);
	if (!xfo_wq)
		return -ENOMEM;
	err = rtnl_link_register(&xfo_link_ops);
	if (err)
		goto err_wq;
	/* Replays NETDEV_REGISTER for netdevs already there. */
	err = register_netdevice_notifier(&xfo_notifier);
	if (err)
		goto err_link;
	return 0;

err_link:
	rtnl_link_unregister(&xfo_link_ops);
err_wq:
	destroy_workqueue(xfo_wq);
	return err;
}

static void __exit xfo_exit(void)
{
	struct xfo_priv *priv;

	unregister_netdevice_notifier(&xfo_notifier);
	/* Pending creations and destructions run to the end. */
	flush_workqueue(xfo_wq);
	for (;;) {
		rtnl_lock();
		priv = list_first_entry_or_null(&xfo_masters, struct xfo_priv,
						list);
		if (priv)
			xfo_retire(priv);
		rtnl_unlock();
		if (!priv)
			break;
		/* A destroy work of its own finds it retired and stops. */
		cancel_work_sync(&priv->destroy);
		xfo_destroy(priv);
	}
	destroy_workqueue(xfo_wq);
	rtnl_link_unregister(&xfo_link_ops);
}

module_init(xfo_init);
module_exit(xfo_exit);

MODULE_DESCRIPTION("xvf_failover: pairs Xen netfront with the SR-IOV VF of the same MAC");
MODULE_LICENSE("GPL");
