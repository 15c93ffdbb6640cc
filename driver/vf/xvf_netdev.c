// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: netdev operations.  Everything that asks the PF something goes
 * through the mailbox, which sleeps: callbacks that run in atomic context
 * (set_rx_mode) hand their work to a work item.
 *
 * The data path itself is xvf_rings.c.
 */
#include <linux/etherdevice.h>

#include "xvf.h"
#include "xvf_offload.h"

static void xvf_update_link(struct xvf_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int speed;
	bool up = xvf_hw_link_up(&adapter->hw, &speed);

	adapter->link_speed = up ? speed : 0;
	if (up && netif_running(netdev) && !netif_carrier_ok(netdev) &&
	    !test_bit(0, &adapter->queues_lost) &&
	    !test_bit(0, &adapter->tx_hung)) {
		netdev_info(netdev, "link up, %u Mb/s\n", speed);
		netif_carrier_on(netdev);
	} else if (!up && netif_carrier_ok(netdev)) {
		netdev_info(netdev, "link down\n");
		netif_carrier_off(netdev);
	}
}

int xvf_open(struct net_device *netdev)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	int err;

	if (adapter->gone)
		return -ENODEV;
	netif_carrier_off(netdev);
	err = xvf_up(adapter);
	if (err)
		return err;
	xvf_update_link(adapter);
	schedule_delayed_work(&adapter->watchdog,
			      msecs_to_jiffies(XVF_WATCHDOG_MS));
	return 0;
}

int xvf_stop(struct net_device *netdev)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	netif_carrier_off(netdev);
	cancel_delayed_work_sync(&adapter->watchdog);
	xvf_down(adapter);
	/* A stall check that xvf_down() waited for may have queued it. */
	cancel_delayed_work_sync(&adapter->watchdog);
	return 0;
}

static bool xvf_recover(struct xvf_adapter *adapter);

/*
 * -ENETRESET: the PF reset since our last request (or took back our
 * clear-to-send, as ixgbe does when the admin changes the VF's trust) and
 * refuses all until the handshake is redone.  The watchdog redoes it
 * within its period, and never for a stopped interface; a request from
 * the stack redoes it at once (under RTNL, as the watchdog does) rather
 * than fail for a reset it could not know of.  True: ask again.
 */
static bool xvf_handshake_again(struct xvf_adapter *adapter, int err)
{
	bool running = netif_running(adapter->netdev);

	/* Not from inside a restore (its MTU fallback): that one retries. */
	if (err != -ENETRESET || adapter->restoring)
		return false;
	if (!adapter->needs_restore) {
		adapter->needs_restore = true;
		adapter->restarts++;
		netif_carrier_off(adapter->netdev);
	}
	/*
	 * The watchdog reads the rings without RTNL (missed completions):
	 * not while they are taken down and rebuilt.  It never waits for
	 * RTNL (it tries), so waiting for it here cannot deadlock.  The
	 * mailbox vector queues it again at each of the PF's replies: the
	 * flag sends such a round away until we are done.
	 */
	WRITE_ONCE(adapter->handshaking, true);
	if (running)
		cancel_delayed_work_sync(&adapter->watchdog);
	adapter->needs_restore = !xvf_recover(adapter);
	WRITE_ONCE(adapter->handshaking, false);
	if (running)
		mod_delayed_work(system_wq, &adapter->watchdog,
				 msecs_to_jiffies(XVF_WATCHDOG_MS));
	return !adapter->needs_restore;
}

static int xvf_set_mac_address(struct net_device *netdev, void *p)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	struct sockaddr *addr = p;
	int err;

	if (!is_valid_ether_addr(addr->sa_data))
		return -EADDRNOTAVAIL;
	/*
	 * Nothing to ask (a bond sets its MAC on every slave): a PF with an
	 * administratively set MAC would refuse even the same one.
	 */
	if (ether_addr_equal(addr->sa_data, netdev->dev_addr))
		return 0;
	err = xvf_hw_set_mac(&adapter->hw, addr->sa_data);
	if (xvf_handshake_again(adapter, err))
		err = xvf_hw_set_mac(&adapter->hw, addr->sa_data);
	if (err == -EPERM)
		netdev_warn(netdev, "the PF refused MAC %pM\n", addr->sa_data);
	if (err)
		return err;
	eth_hw_addr_set(netdev, addr->sa_data);
	return 0;
}

static void xvf_set_rx_mode(struct net_device *netdev)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	schedule_work(&adapter->rx_mode_work);
}

static int xvf_vlan_rx_add_vid(struct net_device *netdev, __be16 proto,
			       u16 vid)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	int err = xvf_hw_set_vlan(&adapter->hw, vid, true);

	if (xvf_handshake_again(adapter, err))
		err = xvf_hw_set_vlan(&adapter->hw, vid, true);
	if (err) {
		netdev_warn(netdev, "the PF refused VLAN %u: %d\n", vid, err);
		return err;
	}
	set_bit(vid, adapter->vlans);
	return 0;
}

static int xvf_vlan_rx_kill_vid(struct net_device *netdev, __be16 proto,
				u16 vid)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	int err = xvf_hw_set_vlan(&adapter->hw, vid, false);

	if (xvf_handshake_again(adapter, err))
		err = xvf_hw_set_vlan(&adapter->hw, vid, false);
	clear_bit(vid, adapter->vlans);
	return err;
}

/* Ask the PF to accept frames for @mtu, as the family counts them. */
int xvf_set_frame_for_mtu(struct xvf_adapter *adapter, unsigned int mtu)
{
	struct xvf_hw *hw = &adapter->hw;

	return xvf_hw_set_max_frame(hw, mtu + hw->family->frame_overhead);
}

static int xvf_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	int err = xvf_set_frame_for_mtu(adapter, new_mtu);

	if (xvf_handshake_again(adapter, err))
		err = xvf_set_frame_for_mtu(adapter, new_mtu);
	if (err) {
		netdev_warn(netdev, "the PF refused MTU %d: %d\n", new_mtu, err);
		/*
		 * An 82599's PF turns the VF's receive off with the refusal
		 * (VFRE): the size in use, asked again, turns it back on.
		 */
		if (err == -EPERM)
			xvf_set_frame_for_mtu(adapter, netdev->mtu);
		return err;
	}
	netdev->mtu = new_mtu;
	return 0;
}

/*
 * The reset reply carries the MAC the PF holds for us.  If it is ours,
 * it is programmed already (and a PF with an administratively set MAC
 * refuses even the same one); else ask for ours back, and if the PF says
 * no, the admin changed it: take the PF's.  Called under RTNL.
 */
static int xvf_restore_mac(struct xvf_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	struct xvf_hw *hw = &adapter->hw;
	int err;

	if (hw->perm_addr_valid && ether_addr_equal(hw->perm_addr, netdev->dev_addr))
		return 0;
	err = xvf_hw_set_mac(hw, netdev->dev_addr);
	if (err != -EPERM || !hw->perm_addr_valid)
		return err;
	netdev_warn(netdev, "the PF now assigns MAC %pM\n", hw->perm_addr);
	eth_hw_addr_set(netdev, hw->perm_addr);
	call_netdevice_notifiers(NETDEV_CHANGEADDR, netdev);
	return 0;
}

/*
 * A setting the PF refuses after its reset (an admin set a port VLAN, say)
 * is reported and left out: failing the whole restore for it would take
 * the VF down and retry every second for ever.  Only a transport error
 * (timeout, another reset, the device gone) fails the restore.
 */
static int xvf_restore_refused(struct xvf_adapter *adapter, int err,
			       const char *what, unsigned int value)
{
	if (err != -EPERM)
		return err;
	netdev_warn(adapter->netdev, "the PF refused %s %u after its reset; left out\n",
		    what, value);
	return 0;
}

/*
 * The frame size goes back to the PF even for the standard MTU: an 82599's
 * PF with jumbo frames on keeps a reset VF's receive off until it is told
 * (ixgbe's VF reset).  A size the PF no longer takes (its own MTU went
 * down) becomes the standard one, said so, rather than a deaf VF.
 */
static int xvf_restore_mtu(struct xvf_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int mtu = netdev->mtu;
	int err = xvf_set_frame_for_mtu(adapter, mtu);

	if (err != -EPERM || mtu <= ETH_DATA_LEN)
		return xvf_restore_refused(adapter, err, "MTU", mtu);
	netdev_warn(netdev, "the PF refused MTU %u after its reset; back to %u\n",
		    mtu, ETH_DATA_LEN);
	return xvf_restore_refused(adapter, dev_set_mtu(netdev, ETH_DATA_LEN),
				   "MTU", ETH_DATA_LEN);
}

/* The handshake, then what the stack had set; under RTNL. */
static int xvf_restore_settings(struct xvf_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int vid;
	int err;

	err = xvf_hw_reset(&adapter->hw);
	if (err)
		return err;
	err = xvf_restore_mac(adapter);
	if (err == -EPERM) {
		netdev_warn(netdev, "the PF refused MAC %pM after its reset\n",
			    netdev->dev_addr);
		err = 0;
	}
	if (!err)
		err = xvf_restore_mtu(adapter);
	for_each_set_bit(vid, adapter->vlans, VLAN_N_VID) {
		if (err)
			break;
		err = xvf_restore_refused(adapter,
					  xvf_hw_set_vlan(&adapter->hw, vid, true),
					  "VLAN", vid);
	}
	if (!err) {
		/* The reset cleared the PF's filters for this VF: all again. */
		set_bit(0, &adapter->filters_lost);
		schedule_work(&adapter->rx_mode_work);
	}
	return err;
}

int xvf_restore(struct xvf_adapter *adapter)
{
	int err;

	adapter->restoring = true;
	err = xvf_restore_settings(adapter);
	adapter->restoring = false;
	return err;
}

void xvf_fold_hw_stats(struct xvf_adapter *adapter, bool rebase)
{
	spin_lock_bh(&adapter->hw_stats_lock);
	xvf_hw_update_stats(&adapter->hw, &adapter->hw_stats, rebase);
	spin_unlock_bh(&adapter->hw_stats_lock);
}

/*
 * Registers that read all-ones: the VF was removed or the PF is being
 * reset hard.  Detach until they answer again; a device that comes back
 * has lost its settings, so that is handled as a PF reset.  True while
 * the device does not answer.
 */
static bool xvf_watch_presence(struct xvf_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;

	if (xvf_hw_gone(&adapter->hw)) {
		if (!adapter->gone) {
			netdev_warn(netdev, "the VF does not answer (registers read all-ones)\n");
			adapter->gone = true;
			netif_carrier_off(netdev);
			netif_device_detach(netdev);
		}
		return true;
	}
	if (adapter->gone) {
		netdev_info(netdev, "the VF answers again\n");
		adapter->gone = false;
		WRITE_ONCE(adapter->reset_requested, true);
	}
	return false;
}

/*
 * Queues we run read disabled: the function was reset without us (Xen
 * resets a VF in dom0 before the guest hears it is taken away; a sysfs
 * reset in the guest).  It neither sends nor completes nor interrupts.
 * Carrier goes at once, so a failover master sends through its standby
 * (xvf_update_link() keeps it off until the queues are restored), and
 * the watchdog restores the function.  True if the queues are lost.
 */
bool xvf_note_queues_lost(struct xvf_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;

	if (!xvf_queues_disabled(adapter))
		return false;
	if (!test_and_set_bit(0, &adapter->queues_lost)) {
		adapter->queue_losses++;
		netdev_warn(netdev, "queues disabled behind the driver (a function reset?); restoring\n");
		netif_carrier_off(netdev);
		WRITE_ONCE(adapter->reset_requested, true);
	}
	return true;
}

static void xvf_note_tx_stalled(struct xvf_adapter *adapter)
{
	u32 mark = xvf_tx_clean_mark(adapter);
	bool again = mark == adapter->stall_mark &&
		     time_before(jiffies, adapter->stall_at +
				 msecs_to_jiffies(3 * XVF_TX_STALL_MS));

	WRITE_ONCE(adapter->stall_mark, mark);
	adapter->stall_at = jiffies;
	if (!again || test_and_set_bit(0, &adapter->tx_hung))
		return;
	adapter->tx_hangs++;
	netdev_warn(adapter->netdev, "transmit hung with its queues enabled (DMA lost?); carrier off until it moves\n");
	netif_carrier_off(adapter->netdev);
}

/*
 * Transmit stalled (xvf_tx_stall_timer()): look at the device now.
 * Cancelled by xvf_down() before it disables the queues itself.
 */
void xvf_stall_work(struct work_struct *work)
{
	struct xvf_adapter *adapter =
		container_of(work, struct xvf_adapter, stall_work);

	adapter->stall_checks++;
	if (!READ_ONCE(adapter->rings_up))
		return;
	/* Gone: the watchdog detaches; carrier goes now. */
	if (xvf_hw_gone(&adapter->hw)) {
		netif_carrier_off(adapter->netdev);
		mod_delayed_work(system_wq, &adapter->watchdog, 0);
		return;
	}
	if (xvf_note_queues_lost(adapter)) {
		mod_delayed_work(system_wq, &adapter->watchdog, 0);
		return;
	}
	/*
	 * The device completed the frames but no interrupt came: Xen
	 * unmaps a VF's interrupts before it resets the VF and tells the
	 * guest.  Clean them now, or BQL holds every frame after them in
	 * the qdisc, lost with the VF.
	 */
	if (xvf_poll_missed(adapter))
		adapter->stall_polls++;
	else
		xvf_note_tx_stalled(adapter);
}

/*
 * Redo the handshake, restore the settings and restart the rings, under
 * RTNL.  False if any of it failed: the next round retries all of it.
 */
static bool xvf_recover(struct xvf_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	int err;

	/* The function reset takes the queues down with it. */
	if (netif_running(netdev))
		xvf_down(adapter);
	err = xvf_restore(adapter);
	if (!err && netif_running(netdev)) {
		err = xvf_up(adapter);
		if (err)
			netdev_err(netdev, "could not restart the rings: %d\n", err);
	}
	if (err) {
		adapter->restart_failures++;
		netdev_warn(netdev, "the PF reset; restoring the VF failed (%d), retrying\n",
			    err);
		return false;
	}
	xvf_fold_hw_stats(adapter, true);
	if (!netif_device_present(netdev))
		netif_device_attach(netdev);
	netdev_info(netdev, "the PF reset; VF settings restored\n");
	return true;
}

void xvf_watchdog(struct work_struct *work)
{
	struct xvf_adapter *adapter =
		container_of(work, struct xvf_adapter, watchdog.work);
	struct net_device *netdev = adapter->netdev;
	struct xvf_hw_stats before;
	bool reset;

	/* A request redoes the handshake inline; it queues us after. */
	if (READ_ONCE(adapter->handshaking))
		return;
	if (xvf_watch_presence(adapter))
		goto again;
	/* The stall check needs frames to send; a quiet VF is seen here. */
	if (READ_ONCE(adapter->rings_up) && !adapter->needs_restore)
		xvf_note_queues_lost(adapter);
	/*
	 * A PF reset clears the counters: readings taken before its
	 * indication are good, those of the round that sees it are not.
	 */
	before = adapter->hw_stats;
	if (!adapter->needs_restore)
		xvf_fold_hw_stats(adapter, false);
	mutex_lock(&adapter->hw.mbx_lock);
	reset = xvf_mbx_reset_seen(&adapter->hw.mbx);
	mutex_unlock(&adapter->hw.mbx_lock);
	if (reset) {
		spin_lock_bh(&adapter->hw_stats_lock);
		adapter->hw_stats = before;
		spin_unlock_bh(&adapter->hw_stats_lock);
	}
	/* A TX timeout or a device back from all-ones: the same cure. */
	if (READ_ONCE(adapter->reset_requested)) {
		WRITE_ONCE(adapter->reset_requested, false);
		reset = true;
	}
	/* Until the handshake succeeds again, every round retries it. */
	if (reset && !adapter->needs_restore) {
		adapter->needs_restore = true;
		adapter->restarts++;
		netif_carrier_off(netdev);
	}
	/*
	 * RTNL keeps the stack's MAC, MTU and VLAN calls out while the
	 * settings are put back; ndo_stop waits for this work under RTNL,
	 * so only try it, and come back soon if it is taken.
	 */
	if (adapter->needs_restore) {
		if (!rtnl_trylock()) {
			schedule_delayed_work(&adapter->watchdog,
					      msecs_to_jiffies(100));
			return;
		}
		adapter->needs_restore = !xvf_recover(adapter);
		rtnl_unlock();
	}
	/*
	 * A completion that came while the hang was being noted found no
	 * hang to clear: one since then ends it all the same.
	 */
	if (test_bit(0, &adapter->tx_hung) &&
	    xvf_tx_clean_mark(adapter) != READ_ONCE(adapter->stall_mark))
		clear_bit(0, &adapter->tx_hung);
	if (!adapter->needs_restore)
		xvf_update_link(adapter);
	/*
	 * A completion whose interrupt never came would hold BQL and TCP's
	 * small queues until the next received frame: poll for it here.
	 */
	if (!adapter->needs_restore && adapter->rings_up &&
	    xvf_poll_missed(adapter))
		adapter->watchdog_polls++;
again:
	schedule_delayed_work(&adapter->watchdog,
			      msecs_to_jiffies(XVF_WATCHDOG_MS));
}

/*
 * The stack saw no completion for a while: reset the function and
 * restore it, from the watchdog (process context, under RTNL).
 */
static void xvf_tx_timeout(struct net_device *netdev, unsigned int txqueue)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);

	adapter->tx_timeouts++;
	WRITE_ONCE(adapter->reset_requested, true);
	mod_delayed_work(system_wq, &adapter->watchdog, 0);
}

const struct net_device_ops xvf_netdev_ops = {
	.ndo_open = xvf_open,
	.ndo_stop = xvf_stop,
	.ndo_start_xmit = xvf_xmit,
	.ndo_tx_timeout = xvf_tx_timeout,
	.ndo_get_stats64 = xvf_get_stats64,
	.ndo_set_mac_address = xvf_set_mac_address,
	.ndo_set_rx_mode = xvf_set_rx_mode,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_vlan_rx_add_vid = xvf_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid = xvf_vlan_rx_kill_vid,
	.ndo_change_mtu = xvf_change_mtu,
	.ndo_features_check = xvf_features_check,
};
