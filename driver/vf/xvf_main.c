// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: a network driver for Intel SR-IOV virtual functions of the igb
 * family (82576, I350), built to be paired with xen-netfront by
 * xvf_failover.  The core is shared; a family is a const table
 * (struct xvf_family), so another family is a new table, not new branches.
 *
 * This file is the PCI glue: probe maps the VF's registers, runs the
 * reset handshake with the PF (which gives the MAC) and registers the
 * netdev; remove undoes it.  The family is chosen by the PCI id.
 *
 * igbvf claims the same ids.  With both installed, the first driver to
 * probe a VF gets it; to choose per VF, write the driver's name to the
 * VF's driver_override and then its address to /sys/bus/pci/drivers_probe.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "xvf.h"
#include "xvf_fault.h"

static void xvf_sleep(void *ctx, unsigned int usecs)
{
	usleep_range(usecs, 2 * usecs);
}

/* The registers are BAR 0 (xvf_hw.mmio); the core only needs to wait. */
static const struct xvf_reg_ops xvf_device_ops = {
	.delay = xvf_sleep,
};

static int xvf_setup_netdev(struct xvf_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	const struct xvf_family *family = adapter->hw.family;

	netdev->netdev_ops = &xvf_netdev_ops;
	xvf_set_ethtool_ops(netdev);
	adapter->tx_ring_count = XVF_RING_DEFAULT;
	adapter->rx_ring_count = XVF_RING_DEFAULT;
	adapter->itr_usecs[XVF_ITR_RX] = XVF_ITR_USECS_DEFAULT;
	adapter->itr_usecs[XVF_ITR_TX] = XVF_ITR_USECS_DEFAULT;
	/*
	 * HW_CSUM: the stack hands over any checksum to insert and does not
	 * check the protocol per frame; xvf_tx_csum() offloads TCP and UDP
	 * and does the rest in software.
	 */
	netdev->hw_features = NETIF_F_SG | NETIF_F_HW_CSUM |
			      NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXCSUM |
			      NETIF_F_HW_VLAN_CTAG_TX;
	if (family->rx_hash)
		netdev->hw_features |= NETIF_F_RXHASH;
	/* The PF decides VLAN stripping and filtering: on, not switchable. */
	netdev->features = netdev->hw_features | NETIF_F_HW_VLAN_CTAG_RX |
			   NETIF_F_HW_VLAN_CTAG_FILTER | NETIF_F_HIGHDMA;
	netdev->vlan_features = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO |
				NETIF_F_TSO6 | NETIF_F_HIGHDMA;
	/* Extra unicast addresses go to the PF (xvf_filter.c). */
	netdev->priv_flags |= IFF_UNICAST_FLT;
	netdev->watchdog_timeo = 5 * HZ;
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = family->max_frame - family->frame_overhead;
	if (adapter->hw.perm_addr_valid) {
		eth_hw_addr_set(netdev, adapter->hw.perm_addr);
		return 0;
	}
	/* The PF filters by MAC: a random one must be registered with it. */
	eth_hw_addr_random(netdev);
	dev_warn(&adapter->pdev->dev,
		 "the PF assigned no MAC; using random %pM\n", netdev->dev_addr);
	return xvf_hw_set_mac(&adapter->hw, netdev->dev_addr);
}

static int xvf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	const struct xvf_family *family = (const void *)id->driver_data;
	struct xvf_adapter *adapter;
	struct net_device *netdev;
	int err;

	err = pci_enable_device_mem(pdev);
	if (err)
		return err;
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err)
		goto err_disable;
	err = pci_request_mem_regions(pdev, XVF_DRV_NAME);
	if (err)
		goto err_disable;
	pci_set_master(pdev);

	err = -ENOMEM;
	netdev = alloc_etherdev_mq(sizeof(*adapter), XVF_MAX_QUEUE_PAIRS);
	if (!netdev)
		goto err_release;
	SET_NETDEV_DEV(netdev, &pdev->dev);
	adapter = netdev_priv(netdev);
	adapter->netdev = netdev;
	adapter->pdev = pdev;
	pci_set_drvdata(pdev, adapter);
	INIT_DELAYED_WORK(&adapter->watchdog, xvf_watchdog);
	INIT_WORK(&adapter->rx_mode_work, xvf_rx_mode_work);
	/*
	 * A driver bound before may have left unicast filters with the PF:
	 * a function reset does not clear them (igb).  Clear at first sync.
	 */
	set_bit(0, &adapter->filters_lost);
	INIT_WORK(&adapter->stall_work, xvf_stall_work);
	timer_setup(&adapter->tx_stall_timer, xvf_tx_stall_timer, 0);

	adapter->io = pci_iomap(pdev, 0, 0);
	if (!adapter->io)
		goto err_free;
	xvf_hw_init(&adapter->hw, family, &xvf_device_ops, adapter);
	adapter->hw.mmio = adapter->io;
	err = xvf_alloc_vectors(adapter);
	if (err)
		goto err_unmap;
	xvf_init_pairs(adapter);
	err = xvf_hw_reset_tries(&adapter->hw, XVF_PROBE_RESET_TRIES);
	if (err) {
		dev_err(&pdev->dev, "reset handshake with the PF failed: %d\n", err);
		goto err_irq;
	}
	spin_lock_init(&adapter->hw_stats_lock);
	xvf_fold_hw_stats(adapter, true);
	err = xvf_setup_netdev(adapter);
	if (err) {
		dev_err(&pdev->dev, "the PF refused the random MAC: %d\n", err);
		goto err_irq;
	}
	/* An 82599's PF with jumbo frames on receives for us only once told. */
	err = xvf_set_frame_for_mtu(adapter, netdev->mtu);
	if (err == -EPERM) {
		dev_warn(&pdev->dev, "the PF refused the standard frame size\n");
	} else if (err) {
		dev_err(&pdev->dev, "telling the PF the frame size failed: %d\n", err);
		goto err_irq;
	}
	err = xvf_set_pairs(adapter);
	if (err)
		goto err_irq;
	netif_carrier_off(netdev);
	err = register_netdev(netdev);
	if (err)
		goto err_irq;
	netdev_info(netdev, "Intel %s VF, MAC %pM\n", family->name,
		    netdev->dev_addr);
	if (family->proto->negotiate)
		netdev_info(netdev, "mailbox API %s, the PF grants %u TX and %u RX queues\n",
			    xvf_api_name(adapter->hw.api),
			    adapter->hw.queues.tx, adapter->hw.queues.rx);
	netdev_info(netdev, "%u queue pair%s, %u MSI-X vectors%s\n",
		    adapter->num_pairs, adapter->num_pairs == 1 ? "" : "s",
		    adapter->num_vectors,
		    adapter->mbx_vector ? " (the last for the mailbox)" : "");
	return 0;

err_irq:
	xvf_del_pairs(adapter);
	xvf_free_vectors(adapter);
err_unmap:
	pci_iounmap(pdev, adapter->io);
err_free:
	free_netdev(netdev);
err_release:
	pci_release_mem_regions(pdev);
err_disable:
	pci_disable_device(pdev);
	return err;
}

static void xvf_remove(struct pci_dev *pdev)
{
	struct xvf_adapter *adapter = pci_get_drvdata(pdev);
	struct net_device *netdev = adapter->netdev;

	unregister_netdev(netdev);
	cancel_delayed_work_sync(&adapter->watchdog);
	cancel_work_sync(&adapter->rx_mode_work);
	del_timer_sync(&adapter->tx_stall_timer);
	cancel_work_sync(&adapter->stall_work);
	xvf_del_pairs(adapter);
	xvf_free_vectors(adapter);
	pci_iounmap(pdev, adapter->io);
	free_netdev(netdev);
	pci_release_mem_regions(pdev);
	pci_disable_device(pdev);
}

/*
 * Power-off and kexec: quiesce the VF, or it keeps DMAing into memory the
 * next kernel reuses.
 */
static void xvf_shutdown(struct pci_dev *pdev)
{
	struct xvf_adapter *adapter = pci_get_drvdata(pdev);
	struct net_device *netdev = adapter->netdev;

	rtnl_lock();
	netif_device_detach(netdev);
	if (netif_running(netdev))
		xvf_stop(netdev);
	rtnl_unlock();
	cancel_work_sync(&adapter->rx_mode_work);
	pci_clear_master(pdev);
	pci_disable_device(pdev);
}

/*
 * PCI error recovery (AER): stop touching the device, let the core reset
 * the link, then recover as from a PF reset.
 */
static pci_ers_result_t xvf_io_error_detected(struct pci_dev *pdev,
					      pci_channel_state_t state)
{
	struct xvf_adapter *adapter = pci_get_drvdata(pdev);
	struct net_device *netdev = adapter->netdev;

	rtnl_lock();
	netif_device_detach(netdev);
	cancel_delayed_work_sync(&adapter->watchdog);
	if (netif_running(netdev))
		xvf_down(adapter);
	/* A stall check that xvf_down() waited for may have queued it. */
	cancel_delayed_work_sync(&adapter->watchdog);
	rtnl_unlock();
	if (state == pci_channel_io_perm_failure)
		return PCI_ERS_RESULT_DISCONNECT;
	pci_disable_device(pdev);
	return PCI_ERS_RESULT_NEED_RESET;
}

static pci_ers_result_t xvf_io_slot_reset(struct pci_dev *pdev)
{
	if (pci_enable_device_mem(pdev))
		return PCI_ERS_RESULT_DISCONNECT;
	pci_set_master(pdev);
	return PCI_ERS_RESULT_RECOVERED;
}

/*
 * Traffic may flow again: a running interface is restored by the
 * watchdog, which attaches it once the rings are back; a stopped one
 * needs only the handshake.
 */
static void xvf_io_resume(struct pci_dev *pdev)
{
	struct xvf_adapter *adapter = pci_get_drvdata(pdev);
	struct net_device *netdev = adapter->netdev;

	rtnl_lock();
	adapter->needs_restore = true;
	if (netif_running(netdev)) {
		schedule_delayed_work(&adapter->watchdog, 0);
	} else if (!xvf_restore(adapter)) {
		adapter->needs_restore = false;
		netif_device_attach(netdev);
	} else {
		netdev_err(netdev, "no handshake with the PF after a PCI error\n");
	}
	rtnl_unlock();
}

static const struct pci_error_handlers xvf_err_handlers = {
	.error_detected = xvf_io_error_detected,
	.slot_reset = xvf_io_slot_reset,
	.resume = xvf_io_resume,
};

static const struct pci_device_id xvf_pci_ids[] = {
	{ PCI_VDEVICE(INTEL, 0x10ca), (kernel_ulong_t)&xvf_family_82576 },
	{ PCI_VDEVICE(INTEL, 0x1520), (kernel_ulong_t)&xvf_family_i350 },
	/* Tested on the emulated 82599 only (tests/qemu). */
	{ PCI_VDEVICE(INTEL, 0x10ed), (kernel_ulong_t)&xvf_family_82599 },
	/* Untested: no X540 or X550 (nor a model of one) was at hand. */
	{ PCI_VDEVICE(INTEL, 0x1515), (kernel_ulong_t)&xvf_family_x540 },
	{ PCI_VDEVICE(INTEL, 0x1565), (kernel_ulong_t)&xvf_family_x550 },
	{ PCI_VDEVICE(INTEL, 0x15a8), (kernel_ulong_t)&xvf_family_x550em_x },
	{ PCI_VDEVICE(INTEL, 0x15c5), (kernel_ulong_t)&xvf_family_x550em_a },
	{ }
};
MODULE_DEVICE_TABLE(pci, xvf_pci_ids);

static struct pci_driver xvf_driver = {
	.name = XVF_DRV_NAME,
	.id_table = xvf_pci_ids,
	.probe = xvf_probe,
	.remove = xvf_remove,
	.shutdown = xvf_shutdown,
	.err_handler = &xvf_err_handlers,
};

static int __init xvf_init(void)
{
	int err;

	xvf_fault_init();
	err = pci_register_driver(&xvf_driver);
	if (err)
		xvf_fault_exit();
	return err;
}
module_init(xvf_init);

static void __exit xvf_exit(void)
{
	pci_unregister_driver(&xvf_driver);
	xvf_fault_exit();
}
module_exit(xvf_exit);

MODULE_DESCRIPTION("xvf: Intel SR-IOV VF driver for Xen guests (82576, I350, 82599; X540 and X550 untested)");
MODULE_LICENSE("GPL");
