/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf's test model of the Intel 82599 10 GbE controller (KX4 backplane,
 * device 0x10f7) with SR-IOV: the PF's PCI function, its BARs and the
 * netdev backend. The registers are x82599_core.c's; the VFs are
 * x82599_vf.c's. A test device, not a product: docs/testing.md says
 * what it emulates and what only a real 82599 can confirm.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_sriov.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "net/net.h"
#include "x82599.h"
#include "trace.h"

#define X82599_SRIOV_CAP 0x160

static uint64_t x82599_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    return x82599_pf_read(opaque, addr);
}

static void x82599_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    x82599_pf_write(opaque, addr, val);
}

static const MemoryRegionOps x82599_mmio_ops = {
    .read = x82599_mmio_read,
    .write = x82599_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static ssize_t x82599_receive_iov_nc(NetClientState *nc,
                                     const struct iovec *iov, int iovcnt)
{
    return x82599_receive_iov(qemu_get_nic_opaque(nc), iov, iovcnt);
}

static ssize_t x82599_receive(NetClientState *nc, const uint8_t *buf,
                              size_t size)
{
    const struct iovec iov = { .iov_base = (uint8_t *)buf, .iov_len = size };

    return x82599_receive_iov_nc(nc, &iov, 1);
}

static void x82599_link_status_changed(NetClientState *nc)
{
    x82599_set_link(qemu_get_nic_opaque(nc), !nc->link_down);
}

static NetClientInfo x82599_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .receive = x82599_receive,
    .receive_iov = x82599_receive_iov_nc,
    .link_status_changed = x82599_link_status_changed,
};

static void x82599_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                                int len)
{
    pci_default_write_config(d, addr, val, len);
    pcie_cap_flr_write_config(d, addr, val, len);
}

static void x82599_realize(PCIDevice *d, Error **errp)
{
    X82599State *s = X82599(d);
    DeviceState *dev = DEVICE(d);
    int i;

    d->config_write = x82599_write_config;
    d->config[PCI_CACHE_LINE_SIZE] = 0x10;
    d->config[PCI_INTERRUPT_PIN] = 1;

    memory_region_init_io(&s->mmio, OBJECT(s), &x82599_mmio_ops, s,
                          "x82599-mmio", X82599_MMIO_SIZE);
    pci_register_bar(d, 0, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->mmio);
    memory_region_init(&s->msix, OBJECT(s), "x82599-msix", X82599_MSIX_SIZE);
    pci_register_bar(d, X82599_MSIX_BAR, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->msix);

    qemu_macaddr_default_if_unset(&s->conf.macaddr);

    if (pcie_endpoint_cap_init(d, 0xa0) < 0) {
        error_setg(errp, "x82599: PCIe capability");
        return;
    }
    if (msix_init(d, X82599_MSIX_VECTORS, &s->msix, X82599_MSIX_BAR, 0,
                  &s->msix, X82599_MSIX_BAR, X82599_MSIX_PBA_OFFSET, 0x70,
                  errp)) {
        return;
    }
    for (i = 0; i < X82599_MSIX_VECTORS; i++) {
        msix_vector_use(d, i);
    }
    pcie_cap_flr_init(d);
    if (pcie_aer_init(d, 1, 0x100, 0x40, errp) < 0) {
        goto err_msix;
    }
    pcie_ari_init(d, 0x150);
    if (!pcie_sriov_pf_init(d, X82599_SRIOV_CAP, TYPE_X82599_VF,
                            X82599_VF_DEV_ID, X82599_MAX_VFS, X82599_MAX_VFS,
                            X82599_VF_OFFSET, X82599_VF_STRIDE, errp)) {
        goto err_aer;
    }
    pcie_sriov_pf_init_vf_bar(d, 0, PCI_BASE_ADDRESS_MEM_TYPE_64 |
                              PCI_BASE_ADDRESS_MEM_PREFETCH,
                              X82599_VF_MMIO_SIZE);
    pcie_sriov_pf_init_vf_bar(d, X82599_VF_MSIX_BAR,
                              PCI_BASE_ADDRESS_MEM_TYPE_64 |
                              PCI_BASE_ADDRESS_MEM_PREFETCH,
                              16 * 1024);

    s->nic = qemu_new_nic(&x82599_net_info, &s->conf,
                          object_get_typename(OBJECT(s)), dev->id,
                          &dev->mem_reentrancy_guard, s);
    qemu_format_nic_info_str(qemu_get_queue(s->nic), s->conf.macaddr.a);
    x82599_core_realize(s);
    return;

err_aer:
    pcie_aer_exit(d);
err_msix:
    msix_unuse_all_vectors(d);
    msix_uninit(d, &s->msix, &s->msix);
}

static void x82599_exit(PCIDevice *d)
{
    X82599State *s = X82599(d);

    pcie_sriov_pf_exit(d);
    pcie_aer_exit(d);
    pcie_cap_exit(d);
    qemu_del_nic(s->nic);
    x82599_dp_exit(s);
    msix_unuse_all_vectors(d);
    msix_uninit(d, &s->msix, &s->msix);
}

static void x82599_reset_hold(Object *obj, ResetType type)
{
    X82599State *s = X82599(obj);

    pcie_sriov_pf_reset(PCI_DEVICE(s));
    x82599_core_reset(s);
}

/* Live migration of the test VM itself is not a use of this model. */
static const VMStateDescription x82599_vmstate = {
    .name = "x82599",
    .unmigratable = 1,
};

static const Property x82599_properties[] = {
    DEFINE_NIC_PROPERTIES(X82599State, conf),
};

static void x82599_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *c = PCI_DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    c->realize = x82599_realize;
    c->exit = x82599_exit;
    c->vendor_id = X82599_VENDOR_INTEL;
    c->device_id = X82599_DEV_ID_KX4;
    c->revision = 1;
    c->class_id = PCI_CLASS_NETWORK_ETHERNET;
    rc->phases.hold = x82599_reset_hold;
    dc->desc = "Intel 82599 10 GbE (xvf test model)";
    dc->vmsd = &x82599_vmstate;
    device_class_set_props(dc, x82599_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo x82599_info = {
    .name = TYPE_X82599,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(X82599State),
    .class_init = x82599_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void x82599_register_types(void)
{
    type_register_static(&x82599_info);
}

type_init(x82599_register_types)
