/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf's test model of the Intel 82599 10 GbE controller with SR-IOV:
 * shared state of the PF (x82599.c: PCI device, BARs, the netdev
 * backend), its register core (x82599_core.c) and the VFs
 * (x82599_vf.c), which reach the core through their own window.
 */
#ifndef HW_NET_X82599_H
#define HW_NET_X82599_H

#include "hw/pci/pci_device.h"
#include "net/net.h"
#include "qemu/bitmap.h"
#include "x82599_regs.h"

#define TYPE_X82599    "x82599"
#define TYPE_X82599_VF "x82599vf"
OBJECT_DECLARE_SIMPLE_TYPE(X82599State, X82599)

#define X82599_EEPROM_WORDS 256
#define X82599_REGS         (X82599_MMIO_SIZE / 4)
#define X82599_TX_FRAGS     64
/* The largest frame the model carries (jumbo 9.5 KiB with room). */
#define X82599_MAX_FRAME    16384

#define X82599_REG(s, a)    ((s)->regs[(a) >> 2])

struct NetTxPkt;
struct NetRxPkt;

/* A transmit queue's frame in assembly and its two offload contexts. */
typedef struct X82599Tx {
    struct NetTxPkt *pkt;
    uint32_t ctx[2][4];        /* the context descriptors' four dwords */
    uint32_t cmd, olinfo;      /* the frame's first data descriptor */
    uint32_t first;            /* the ring index the frame starts at */
    uint8_t hdr[18];           /* its first bytes, for the switch */
    bool started, broken;
} X82599Tx;

/* What a VF's own window holds that is not a PF register. */
typedef struct X82599Vf {
    uint32_t mailbox;          /* VFMAILBOX as the VF reads it */
    uint32_t eicr, eims, eiac, eiam;
    uint32_t ivar[4], ivar_misc;
    uint32_t eitr[X82599_VF_MSIX_VECTORS];
    uint32_t psrtype;
} X82599Vf;

struct X82599State {
    PCIDevice parent_obj;

    MemoryRegion mmio;
    MemoryRegion msix;
    NICState *nic;
    NICConf conf;

    uint32_t regs[X82599_REGS];
    /* MSI-X vectors 0..63: causes pending and enabled (EICR/EIMS[15:0] and
     * the _EX registers are views of these). */
    uint64_t vec_pending, vec_mask;
    uint16_t eeprom[X82599_EEPROM_WORDS];
    X82599Vf vf[X82599_MAX_VFS];
    X82599Tx tx[X82599_QUEUES];
    /* Transmit queues waiting for room in a local pool's receive ring. */
    DECLARE_BITMAP(tx_stalled, X82599_QUEUES);
    /* Queues that asked for offloads without CC (traced once each). */
    DECLARE_BITMAP(tx_no_ctx_seen, X82599_QUEUES);
    struct NetRxPkt *rx_pkt;
    uint8_t frame[X82599_MAX_FRAME];
    /* Registers kept as plain storage, each traced the first time. */
    DECLARE_BITMAP(stored_seen, X82599_REGS);
};

void x82599_core_reset(X82599State *s);
void x82599_core_realize(X82599State *s);
uint32_t x82599_pf_read(X82599State *s, hwaddr addr);
void x82599_pf_write(X82599State *s, hwaddr addr, uint32_t val);
void x82599_set_link(X82599State *s, bool up);

uint32_t x82599_vf_read(X82599State *s, unsigned vf, hwaddr addr);
void x82599_vf_write(X82599State *s, unsigned vf, hwaddr addr, uint32_t val);
void x82599_vf_reset(X82599State *s, unsigned vf);

/* Shared by the core and the data path (x82599_dp.c). */
unsigned x82599_queues_per_pool(X82599State *s);
unsigned x82599_num_vfs(X82599State *s);
PCIDevice *x82599_vf_dev(X82599State *s, unsigned vf);
void x82599_queue_interrupt(X82599State *s, unsigned q, bool tx);
void x82599_add64(X82599State *s, hwaddr lsb, hwaddr msb, uint64_t n);

void x82599_dp_realize(X82599State *s);
void x82599_dp_reset(X82599State *s);
void x82599_dp_queue_reset(X82599State *s, unsigned q, PCIDevice *dev);
void x82599_dp_exit(X82599State *s);
void x82599_tx_kick(X82599State *s, unsigned q);
void x82599_tx_kick_all(X82599State *s);
void x82599_tx_kick_stalled(X82599State *s);
ssize_t x82599_receive_iov(X82599State *s, const struct iovec *iov,
                           int iovcnt);

#endif
