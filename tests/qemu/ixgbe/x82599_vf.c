/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf's test model of the Intel 82599: a virtual function (device 0x10ed).
 * Its BAR0 is the VF's register window (x82599_vf_read/write in the core),
 * BAR3 its MSI-X table; a function-level reset resets the VF in the core.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_sriov.h"
#include "x82599.h"

OBJECT_DECLARE_SIMPLE_TYPE(X82599VfState, X82599_VF)

struct X82599VfState {
    PCIDevice parent_obj;
    MemoryRegion mmio;
    MemoryRegion msix;
};

static X82599State *vf_pf(PCIDevice *d)
{
    return X82599(pcie_sriov_get_pf(d));
}

static uint64_t x82599_vf_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *d = opaque;

    return x82599_vf_read(vf_pf(d), pcie_sriov_vf_number(d), addr);
}

static void x82599_vf_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                                 unsigned size)
{
    PCIDevice *d = opaque;

    x82599_vf_write(vf_pf(d), pcie_sriov_vf_number(d), addr, val);
}

static const MemoryRegionOps x82599_vf_mmio_ops = {
    .read = x82599_vf_mmio_read,
    .write = x82599_vf_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static void x82599_vf_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                                   int len)
{
    pci_default_write_config(d, addr, val, len);
    pcie_cap_flr_write_config(d, addr, val, len);
}

static void x82599_vf_realize(PCIDevice *d, Error **errp)
{
    X82599VfState *s = X82599_VF(d);
    int i;

    d->config_write = x82599_vf_write_config;
    memory_region_init_io(&s->mmio, OBJECT(d), &x82599_vf_mmio_ops, d,
                          "x82599vf-mmio", X82599_VF_MMIO_SIZE);
    pcie_sriov_vf_register_bar(d, 0, &s->mmio);
    memory_region_init(&s->msix, OBJECT(d), "x82599vf-msix", 16 * 1024);
    pcie_sriov_vf_register_bar(d, X82599_VF_MSIX_BAR, &s->msix);
    if (msix_init(d, X82599_VF_MSIX_VECTORS, &s->msix, X82599_VF_MSIX_BAR, 0,
                  &s->msix, X82599_VF_MSIX_BAR, X82599_MSIX_PBA_OFFSET, 0x70,
                  errp)) {
        return;
    }
    for (i = 0; i < X82599_VF_MSIX_VECTORS; i++) {
        msix_vector_use(d, i);
    }
    if (pcie_endpoint_cap_init(d, 0xa0) < 0) {
        error_setg(errp, "x82599vf: PCIe capability");
        return;
    }
    pcie_cap_flr_init(d);
    if (pcie_aer_init(d, 1, 0x100, 0x40, errp) < 0) {
        return;
    }
    pcie_ari_init(d, 0x150);
}

static void x82599_vf_exit(PCIDevice *d)
{
    X82599VfState *s = X82599_VF(d);

    pcie_aer_exit(d);
    pcie_cap_exit(d);
    msix_unuse_all_vectors(d);
    msix_uninit(d, &s->msix, &s->msix);
}

static void x82599_vf_reset_hold(Object *obj, ResetType type)
{
    PCIDevice *d = PCI_DEVICE(obj);

    x82599_vf_reset(vf_pf(d), pcie_sriov_vf_number(d));
}

static void x82599_vf_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *c = PCI_DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    c->realize = x82599_vf_realize;
    c->exit = x82599_vf_exit;
    c->vendor_id = X82599_VENDOR_INTEL;
    c->device_id = X82599_VF_DEV_ID;
    c->revision = 1;
    c->class_id = PCI_CLASS_NETWORK_ETHERNET;
    rc->phases.hold = x82599_vf_reset_hold;
    dc->desc = "Intel 82599 Virtual Function (xvf test model)";
    dc->user_creatable = false;
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo x82599_vf_info = {
    .name = TYPE_X82599_VF,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(X82599VfState),
    .class_init = x82599_vf_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void x82599_vf_register_types(void)
{
    type_register_static(&x82599_vf_info);
}

type_init(x82599_vf_register_types)
