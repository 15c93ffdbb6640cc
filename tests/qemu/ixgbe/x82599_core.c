/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf's test model of the Intel 82599: the register core shared by the PF
 * and its VFs. This first part covers what the PF driver needs to probe
 * and what the PF and VF drivers need to talk: reset, the EEPROM, the
 * firmware semaphores, link, interrupts (MSI-X only) and the PF<->VF
 * mailboxes with VF reset. Every register the model gives no meaning to
 * reads back what was written and is traced once (x82599_stored_only),
 * so a feature a driver uses and the model lacks shows in the trace.
 */
#include "qemu/osdep.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie_sriov.h"
#include "x82599.h"
#include "trace.h"

#define REG(s, a) X82599_REG(s, a)

/* ---- EEPROM -------------------------------------------------------- */

/* Word offsets the drivers read (datasheet 6.2, 6.3). */
#define EE_CHECKSUM           0x3f
#define EE_FIRST_SECTION_PTR  0x03
#define EE_LAST_SECTION_PTR   0x0e
#define EE_PBA_0              0x15
#define EE_PBA_1              0x16
#define EE_ETRACK_L           0x2d
#define EE_ETRACK_H           0x2e

/*
 * An image with no optional sections (every pointer 0xffff: the driver
 * skips them), a PBA number and an eTrack id of the model's own, and the
 * checksum the driver verifies: the words 0..0x3e sum to 0xbaba with it.
 */
static void x82599_eeprom_init(X82599State *s)
{
    uint16_t sum = 0;
    int i;

    memset(s->eeprom, 0xff, sizeof(s->eeprom));
    for (i = 0; i < 0x40; i++) {
        s->eeprom[i] = 0;
    }
    for (i = EE_FIRST_SECTION_PTR; i <= EE_LAST_SECTION_PTR; i++) {
        s->eeprom[i] = 0xffff;
    }
    s->eeprom[EE_PBA_0] = 0x5856;   /* "XV" */
    s->eeprom[EE_PBA_1] = 0x4600;
    s->eeprom[EE_ETRACK_L] = 0x0001;
    s->eeprom[EE_ETRACK_H] = 0x8000;
    for (i = 0; i < EE_CHECKSUM; i++) {
        sum += s->eeprom[i];
    }
    s->eeprom[EE_CHECKSUM] = 0xbaba - sum;
}

/* EERD: a read completes at once; its word lands in the data field. */
static void x82599_eerd_write(X82599State *s, uint32_t val)
{
    uint32_t word = (val >> X_EERD_ADDR_SHIFT) & 0x3fff;
    uint16_t data;

    if (!(val & X_EERD_START)) {
        REG(s, X_EERD) = val;
        return;
    }
    data = word < X82599_EEPROM_WORDS ? s->eeprom[word] : 0xffff;
    REG(s, X_EERD) = (val & ~X_EERD_START) | X_EERD_DONE |
                     ((uint32_t)data << X_EERD_DATA_SHIFT);
}

/* ---- interrupts ---------------------------------------------------- */

/*
 * MSI-X mode (the only one modelled): EICR[15:0] and EICR_EX(0..1) are the
 * vectors' causes (queues map to vectors through IVAR); EICR[30:16] are
 * the "other" causes, all on the vector IVAR_MISC's second byte names.
 */
#define OTHER_CAUSES 0x7fff0000u

static void x82599_fire_vector(X82599State *s, unsigned v)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint64_t bit = 1ull << v;

    if (!(s->vec_pending & bit) || !(s->vec_mask & bit)) {
        return;
    }
    if ((REG(s, X_GPIE) & X_GPIE_EIAME) &&
        (((uint64_t)REG(s, X_EIAM_EX(1)) << 32 | REG(s, X_EIAM_EX(0))) & bit)) {
        s->vec_mask &= ~bit;
    }
    if (v < 16 && (REG(s, X_EIAC) & bit)) {
        s->vec_pending &= ~bit;
    }
    if (msix_enabled(d)) {
        trace_x82599_irq(v);
        msix_notify(d, v);
    }
}

static int x82599_misc_vector(X82599State *s)
{
    uint32_t b = (REG(s, X_IVAR_MISC) >> 8) & 0xff;

    return (b & X_IVAR_VALID) ? (int)(b & 0x3f) : -1;
}

/*
 * The "other" causes fire the vector IVAR_MISC names whenever one is
 * pending and enabled in EIMS[30:16]. No vector mask or auto-mask applies
 * to it: the in-tree driver re-enables it with EIMS alone.
 */
static void x82599_fire_other(X82599State *s)
{
    PCIDevice *d = PCI_DEVICE(s);
    int v = x82599_misc_vector(s);

    if (v < 0 || !(REG(s, X_EICR) & REG(s, X_EIMS) & OTHER_CAUSES)) {
        return;
    }
    if (msix_enabled(d)) {
        trace_x82599_irq(v);
        msix_notify(d, v);
    }
}

static void x82599_raise_other(X82599State *s, uint32_t cause)
{
    REG(s, X_EICR) |= cause | X_EICR_OTHER;
    x82599_fire_other(s);
}

static void x82599_fire_all(X82599State *s)
{
    unsigned v;

    for (v = 0; v < X82599_MSIX_VECTORS; v++) {
        x82599_fire_vector(s, v);
    }
}

/* ---- link ---------------------------------------------------------- */

void x82599_set_link(X82599State *s, bool up)
{
    uint32_t links = up ? X_LINKS_UP | X_LINKS_SPEED_10G |
                          X_LINKS_LINK_STATUS | X_LINKS_KX_AN_COMP : 0;

    if (REG(s, X_LINKS) == links) {
        return;
    }
    REG(s, X_LINKS) = links;
    REG(s, X_STATUS) = (REG(s, X_STATUS) & ~X_STATUS_LINK_UP) |
                       (up ? X_STATUS_LINK_UP : 0);
    trace_x82599_link(up);
    /* A VF learns of it from the PF driver's mailbox ping. */
    x82599_raise_other(s, X_EICR_LSC);
}

/* ---- mailboxes ----------------------------------------------------- */

unsigned x82599_num_vfs(X82599State *s)
{
    return pcie_sriov_num_vfs(PCI_DEVICE(s));
}

static bool vf_exists(X82599State *s, unsigned vf)
{
    return vf < x82599_num_vfs(s);
}

PCIDevice *x82599_vf_dev(X82599State *s, unsigned vf)
{
    return pcie_sriov_get_vf_at_index(PCI_DEVICE(s), vf);
}

/* A VF's vector VEC fires if its cause is pending and it is enabled. */
static void x82599_vf_fire(X82599State *s, unsigned vf, unsigned vec)
{
    X82599Vf *v = &s->vf[vf];
    uint32_t bit = 1u << vec;
    PCIDevice *d;

    if (!(v->eicr & bit) || !(v->eims & bit)) {
        return;
    }
    if (v->eiam & bit) {
        v->eims &= ~bit;
    }
    if (v->eiac & bit) {
        v->eicr &= ~bit;
    }
    d = x82599_vf_dev(s, vf);
    if (d && msix_enabled(d)) {
        trace_x82599_vf_irq(vf, vec);
        msix_notify(d, vec);
    }
}

/* The VF's mailbox cause, on the vector its IVAR_MISC names. */
static void x82599_vf_raise_mailbox(X82599State *s, unsigned vf)
{
    uint32_t b = s->vf[vf].ivar_misc & 0xff;
    unsigned vec = b & 0x3;

    if (!(b & X_IVAR_VALID) || vec >= X82599_VF_MSIX_VECTORS) {
        return;
    }
    s->vf[vf].eicr |= 1u << vec;
    x82599_vf_fire(s, vf, vec);
}

/*
 * A queue's cause: IVAR names the vector, one byte per queue and
 * direction (receive, transmit; two queues a register). A queue of a VF's
 * pool interrupts the VF through its own IVAR, anything else the PF.
 */
void x82599_queue_interrupt(X82599State *s, unsigned q, bool tx)
{
    unsigned qpp = x82599_queues_per_pool(s), pool = q / qpp;
    bool of_vf = (REG(s, X_VT_CTL) & X_VT_CTL_VT_ENABLE) &&
                 pool < x82599_num_vfs(s);
    unsigned i = of_vf ? q % qpp : q;
    unsigned shift = 16 * (i % 2) + 8 * tx;
    uint8_t e;

    if (of_vf) {
        e = s->vf[pool].ivar[i / 2] >> shift;
        if ((e & X_IVAR_VALID) && (e & 3) < X82599_VF_MSIX_VECTORS) {
            s->vf[pool].eicr |= 1u << (e & 3);
            x82599_vf_fire(s, pool, e & 3);
        }
        return;
    }
    e = REG(s, X_IVAR(q / 2)) >> shift;
    if (e & X_IVAR_VALID) {
        s->vec_pending |= 1ull << (e & 0x3f);
        x82599_fire_vector(s, e & 0x3f);
    }
}

/* A 36-bit byte counter kept in two registers (datasheet 8.2.3.23). */
void x82599_add64(X82599State *s, hwaddr lsb, hwaddr msb, uint64_t n)
{
    uint64_t v = ((uint64_t)(REG(s, msb) & 0xf) << 32 | REG(s, lsb)) + n;

    REG(s, lsb) = (uint32_t)v;
    REG(s, msb) = (v >> 32) & 0xf;
}

/* PFMBICR: a VF's request (bits 15:0) or ack (31:16), 16 VFs a register. */
static void x82599_pf_mailbox_cause(X82599State *s, unsigned vf, bool ack)
{
    uint32_t bit = 1u << ((vf % 16) + (ack ? 16 : 0));

    REG(s, X_PFMBICR(vf / 16)) |= bit;
    /*
     * PFMBIMR: taken as a mask (a set bit holds the interrupt back); the
     * in-tree driver never writes it and is interrupted by every VF.
     */
    if (!(REG(s, X_PFMBIMR(vf / 16)) & bit)) {
        x82599_raise_other(s, X_EICR_MAILBOX);
    }
}

static uint32_t x82599_pfmailbox_read(X82599State *s, unsigned vf)
{
    uint32_t val = REG(s, X_PFMAILBOX(vf)) & X_PFMAILBOX_PFU;

    if (s->vf[vf].mailbox & XV_MAILBOX_VFU) {
        val |= X_PFMAILBOX_VFU;
    }
    return val;
}

static void x82599_pfmailbox_write(X82599State *s, unsigned vf, uint32_t val)
{
    X82599Vf *v = &s->vf[vf];
    uint32_t pfu = 0;

    if (val & X_PFMAILBOX_RVFU) {
        v->mailbox &= ~XV_MAILBOX_VFU;
    }
    /* The buffer is the PF's only while the VF does not hold it. */
    if ((val & X_PFMAILBOX_PFU) && !(v->mailbox & XV_MAILBOX_VFU)) {
        pfu = X_PFMAILBOX_PFU;
    }
    REG(s, X_PFMAILBOX(vf)) = pfu;
    if (!vf_exists(s, vf)) {
        return;
    }
    if (val & (X_PFMAILBOX_STS | X_PFMAILBOX_ACK)) {
        v->mailbox |= (val & X_PFMAILBOX_STS ? XV_MAILBOX_PFSTS : 0) |
                      (val & X_PFMAILBOX_ACK ? XV_MAILBOX_PFACK : 0);
        trace_x82599_mbx_pf(vf, val);
        x82599_vf_raise_mailbox(s, vf);
    }
}

static uint32_t x82599_vfmailbox_read(X82599State *s, unsigned vf)
{
    X82599Vf *v = &s->vf[vf];
    uint32_t val = v->mailbox;

    if (REG(s, X_PFMAILBOX(vf)) & X_PFMAILBOX_PFU) {
        val |= XV_MAILBOX_PFU;
    }
    /* PFSTS, PFACK and RSTD clear on read. */
    v->mailbox &= ~(XV_MAILBOX_PFSTS | XV_MAILBOX_PFACK | XV_MAILBOX_RSTD);
    return val;
}

static void x82599_vfmailbox_write(X82599State *s, unsigned vf, uint32_t val)
{
    X82599Vf *v = &s->vf[vf];

    v->mailbox &= ~XV_MAILBOX_VFU;
    if ((val & XV_MAILBOX_VFU) &&
        !(REG(s, X_PFMAILBOX(vf)) & X_PFMAILBOX_PFU)) {
        v->mailbox |= XV_MAILBOX_VFU;
    }
    if (val & (XV_MAILBOX_REQ | XV_MAILBOX_ACK)) {
        trace_x82599_mbx_vf(vf, val);
    }
    if (val & XV_MAILBOX_REQ) {
        x82599_pf_mailbox_cause(s, vf, false);
    }
    if (val & XV_MAILBOX_ACK) {
        x82599_pf_mailbox_cause(s, vf, true);
    }
}

/*
 * A VF's queues as its reset leaves them: every register of each queue
 * of its pool back to 0 (disabled, no ring) and no frame half sent. The
 * rings its driver had are neither fetched from nor written to again;
 * ixgbe re-enables a VF's transmit queues after its reset when their
 * TXDCTL is not 0, which made the model send from, and write back to, a
 * ring the driver had freed (a page table, once: ixgbe/failover,
 * 2026-12-05).
 */
static void x82599_vf_reset_queues(X82599State *s, unsigned vf)
{
    unsigned qpp = x82599_queues_per_pool(s), i, q;
    PCIDevice *d = x82599_vf_dev(s, vf);
    hwaddr o;

    for (i = 0; i < qpp; i++) {
        q = vf * qpp + i;
        if (q >= X82599_QUEUES) {
            return;
        }
        for (o = 0; o < 0x40; o += 4) {
            REG(s, X_RQ_BASE(q) + o) = 0;
            REG(s, X_TQ_BASE(q) + o) = 0;
        }
        x82599_dp_queue_reset(s, q, d ? d : PCI_DEVICE(s));
    }
}

/*
 * VF reset (VFCTRL.RST or a function-level reset): its own state and its
 * queues go, the PF sees it in VFLRE, and the VF's mailbox says whether
 * the PF is ready (RSTD) or itself in reset (RSTI).
 */
void x82599_vf_reset(X82599State *s, unsigned vf)
{
    X82599Vf *v = &s->vf[vf];
    bool pf_ready = REG(s, X_CTRL_EXT) & X_CTRL_EXT_PFRSTD;

    trace_x82599_vf_reset(vf);
    memset(v, 0, sizeof(*v));
    x82599_vf_reset_queues(s, vf);
    v->mailbox = pf_ready ? XV_MAILBOX_RSTD : XV_MAILBOX_RSTI;
    REG(s, X_VFLRE(vf / 32)) |= 1u << (vf % 32);
    x82599_raise_other(s, X_EICR_MAILBOX);
}

/* The PF driver says its reset is done: every VF may talk again. */
static void x82599_pf_reset_done(X82599State *s)
{
    unsigned vf;

    for (vf = 0; vf < X82599_MAX_VFS; vf++) {
        s->vf[vf].mailbox &= ~XV_MAILBOX_RSTI;
        s->vf[vf].mailbox |= XV_MAILBOX_RSTD;
        if (vf_exists(s, vf)) {
            x82599_vf_raise_mailbox(s, vf);
        }
    }
}

/* ---- reset --------------------------------------------------------- */

void x82599_core_reset(X82599State *s)
{
    const uint8_t *mac = s->conf.macaddr.a;
    bool link_up = s->nic && !qemu_get_queue(s->nic)->link_down;
    unsigned vf;

    memset(s->regs, 0, sizeof(s->regs));
    s->vec_pending = s->vec_mask = 0;
    x82599_dp_reset(s);
    REG(s, X_STATUS) = X_STATUS_GIO;
    REG(s, X_EEC) = X_EEC_PRES | X_EEC_ARD | (2u << X_EEC_SIZE_SHIFT);
    /* 10 Gb/s, no autonegotiation: nothing to wait for. */
    REG(s, X_AUTOC) = 1u << 13;
    REG(s, X_RDRXCTL) = X_RDRXCTL_DMAIDONE;
    /* Firmware valid, no manageability mode, no error. */
    REG(s, X_FWSM) = X_FWSM_FW_VAL;
    /* The EEPROM's MAC address in the first receive address. */
    REG(s, X_RAL(0)) = ldl_le_p(mac);
    REG(s, X_RAH(0)) = lduw_le_p(mac + 4) | X_RAH_AV;
    for (vf = 0; vf < X82599_MAX_VFS; vf++) {
        memset(&s->vf[vf], 0, sizeof(s->vf[vf]));
        s->vf[vf].mailbox = XV_MAILBOX_RSTI;
    }
    if (link_up) {
        REG(s, X_LINKS) = X_LINKS_UP | X_LINKS_SPEED_10G |
                          X_LINKS_LINK_STATUS | X_LINKS_KX_AN_COMP;
        REG(s, X_STATUS) |= X_STATUS_LINK_UP;
    }
}

void x82599_core_realize(X82599State *s)
{
    x82599_eeprom_init(s);
    x82599_dp_realize(s);
    x82599_core_reset(s);
}

/* ---- queues -------------------------------------------------------- */

/*
 * Queue registers hold what the driver wrote; enabling a queue takes
 * effect at once (ENABLE reads back set), and a transmit descriptor
 * write-back flush completes at once. A transmit tail sends; a receive
 * tail lets the wire and the stalled transmitters deliver what they held
 * back for want of room.
 */
static void x82599_queue_write(X82599State *s, hwaddr a, uint32_t val)
{
    bool tx = a >= X_TQ_BASE(0) && a < X_TQ_BASE(127) + 0x40;
    unsigned reg = a & 0x3f;

    if (tx && reg == X_TXDCTL) {
        val &= ~X_TXDCTL_SWFLSH;
    }
    REG(s, a) = val;
    if (tx && (reg == X_TDT || reg == X_TXDCTL)) {
        x82599_tx_kick(s, (a - X_TQ_BASE(0)) / 0x40);
    } else if (!tx && reg == X_RDT) {
        x82599_tx_kick_stalled(s);
        if (s->nic) {
            qemu_flush_queued_packets(qemu_get_queue(s->nic));
        }
    }
}

/* Queues a pool owns: 2, 4 or 8 by GPIE's VT mode (64, 32 or 16 pools). */
unsigned x82599_queues_per_pool(X82599State *s)
{
    switch ((REG(s, X_GPIE) & X_GPIE_VTMODE_MASK) >> X_GPIE_VTMODE_SHIFT) {
    case 3:
        return 2;
    case 2:
        return 4;
    default:
        return 8;
    }
}

/*
 * A VF's view of a queue register (its queue i at XV_RQ_BASE/XV_TQ_BASE)
 * as the PF's register of queue pool * qpp + i, or 0 if outside its pool.
 */
static hwaddr x82599_vf_queue_reg(X82599State *s, unsigned vf, hwaddr a)
{
    unsigned qpp = x82599_queues_per_pool(s);
    unsigned i;

    if (a >= XV_RQ_BASE(0) && a < XV_RQ_BASE(8)) {
        i = (a - XV_RQ_BASE(0)) / 0x40;
        return i < qpp ? X_RQ_BASE(vf * qpp + i) + (a & 0x3f) : 0;
    }
    if (a >= XV_TQ_BASE(0) && a < XV_TQ_BASE(8)) {
        i = (a - XV_TQ_BASE(0)) / 0x40;
        return i < qpp ? X_TQ_BASE(vf * qpp + i) + (a & 0x3f) : 0;
    }
    return 0;
}

/* The VF's statistics registers as the PF's per-VF counters. */
static hwaddr x82599_vf_stat_reg(unsigned vf, hwaddr a)
{
    switch (a) {
    case XV_GPRC:
        return X_PVFGPRC(vf);
    case XV_GORC_LSB:
        return X_PVFGORC_LSB(vf);
    case XV_GORC_MSB:
        return X_PVFGORC_MSB(vf);
    case XV_MPRC:
        return X_PVFMPRC(vf);
    case XV_GPTC:
        return X_PVFGPTC(vf);
    case XV_GOTC_LSB:
        return X_PVFGOTC_LSB(vf);
    case XV_GOTC_MSB:
        return X_PVFGOTC_MSB(vf);
    }
    return 0;
}

/* ---- PF register access -------------------------------------------- */

static bool in_array(hwaddr a, hwaddr base, unsigned n, unsigned stride,
                     unsigned *idx)
{
    if (a < base || a >= base + (hwaddr)n * stride ||
        (a - base) % stride) {
        return false;
    }
    *idx = (a - base) / stride;
    return true;
}

/* The receive-address and PSRTYPE aliases of the first 16 entries. */
static hwaddr x82599_canonical(hwaddr a)
{
    if (a >= 0x05400 && a < 0x05480) {
        return a - 0x05400 + X_RAL(0);
    }
    if (a >= 0x05480 && a < 0x054c0) {
        return a - 0x05480 + X_PSRTYPE(0);
    }
    if (a >= 0x02100 && a < 0x02140) {
        return X_RQ_BASE((a - 0x02100) / 4) + X_SRRCTL;
    }
    return a;
}

/* A register of a receive or transmit queue's block (0x40 bytes each). */
static bool x82599_queue_reg(hwaddr a)
{
    return (a >= X_RQ_BASE(0) && a < X_RQ_BASE(63) + 0x40) ||
           (a >= X_RQ_BASE(64) && a < X_RQ_BASE(127) + 0x40) ||
           (a >= X_TQ_BASE(0) && a < X_TQ_BASE(127) + 0x40);
}

/*
 * Registers the data path (x82599_dp.c) gives meaning to by reading them:
 * the filters, the pool tables and the switch's controls. They are
 * storage, but not "stored only".
 */
static bool x82599_filter_reg(hwaddr a)
{
    unsigned i;

    switch (a) {
    case X_FCTRL: case X_VLNCTRL: case X_MCSTCTRL: case X_VT_CTL:
    case X_RXCTRL: case X_DMATXCTL: case X_PFDTXGSWC:
        return true;
    }
    return in_array(a, X_MTA(0), 128, 4, &i) ||
           in_array(a, X_VFTA(0), 128, 4, &i) ||
           in_array(a, X_RAL(0), X82599_RAR_ENTRIES, 8, &i) ||
           in_array(a, X_RAH(0), X82599_RAR_ENTRIES, 8, &i) ||
           in_array(a, X_MPSAR_LO(0), X82599_RAR_ENTRIES, 8, &i) ||
           in_array(a, X_MPSAR_HI(0), X82599_RAR_ENTRIES, 8, &i) ||
           in_array(a, X_VMOLR(0), 64, 4, &i) ||
           in_array(a, X_VLVF(0), 64, 4, &i) ||
           in_array(a, X_VLVFB(0), 128, 4, &i) ||
           in_array(a, X_VMVIR(0), 64, 4, &i) ||
           in_array(a, X_VFRE(0), 2, 4, &i) ||
           in_array(a, X_VFTE(0), 2, 4, &i) ||
           in_array(a, X_PFVFSPOOF(0), 8, 4, &i) ||
           in_array(a, X_PVFGPTC(0), 64, 4, &i) ||
           in_array(a, X_PVFGOTC_LSB(0), 64, 8, &i) ||
           in_array(a, X_PVFGOTC_MSB(0), 64, 8, &i) ||
           a == X_SSVPC || in_array(a, X_RNBC(0), 8, 4, &i);
}

/*
 * The registers RSS reads on every frame (x82599_dp.c): MRQC, the key,
 * RETA and the pools' PSRTYPE. Plain storage, but each change is traced,
 * so a run can tell when a pool's spreading changed.
 */
static bool x82599_rss_reg(hwaddr a)
{
    unsigned i;

    return a == X_MRQC || in_array(a, X_RETA(0), 32, 4, &i) ||
           in_array(a, X_RSSRK(0), 10, 4, &i) ||
           in_array(a, X_PSRTYPE(0), 64, 4, &i);
}

static void x82599_rss_write(X82599State *s, hwaddr a, uint32_t val)
{
    if (REG(s, a) != val) {
        trace_x82599_rss_reg(a, REG(s, a), val);
    }
    REG(s, a) = val;
}

static void x82599_stored_only(X82599State *s, hwaddr a, bool write)
{
    if (!test_and_set_bit(a >> 2, s->stored_seen)) {
        trace_x82599_stored_only(a, write);
    }
}

uint32_t x82599_pf_read(X82599State *s, hwaddr a)
{
    uint32_t val;
    unsigned i;

    a = x82599_canonical(a);
    switch (a) {
    case X_CTRL: case X_STATUS: case X_CTRL_EXT: case X_EEC: case X_EERD:
    case X_LINKS: case X_AUTOC: case X_AUTOC2: case X_MSRWD: case X_GPIE:
    case X_EIAC: case X_IVAR_MISC: case X_RDRXCTL: case X_FWSM: case X_GSSR:
    case X_VFLRE(0): case X_VFLRE(1):
        return REG(s, a);
    case X_EICS:
        return REG(s, X_EICR) | (uint32_t)(s->vec_pending & 0xffff);
    case X_EICR:
        val = REG(s, X_EICR) | (uint32_t)(s->vec_pending & 0xffff);
        /* Read to clear; with OCD the other causes stay for a W1C. */
        s->vec_pending &= ~0xffffull;
        REG(s, X_EICR) &= (REG(s, X_GPIE) & X_GPIE_OCD) ? OTHER_CAUSES : 0;
        return val;
    case X_EIMS:
        return REG(s, X_EIMS) | (uint32_t)(s->vec_mask & 0xffff);
    case X_MSCA:
        return REG(s, a) & ~X_MSCA_MDI_COMMAND;
    case X_ANLP1:
        /*
         * After a restart of autonegotiation ixgbe waits for the AN
         * arbitration state (bits 19:16) to leave 0, else its reset
         * fails ("Hardware Error: -5"). The model's link negotiates
         * nothing: any state past 0 while it is up (the states' encoding
         * is not modelled).
         */
        return (REG(s, X_LINKS) & X_LINKS_UP) ? 1u << X_ANLP1_AN_STATE_SHIFT : 0;
    case X_SECRXSTAT:
        /* No IPsec: the security RX path is always empty and ready. */
        return X_SECRXSTAT_SECRX_RDY;
    case X_FDIRCTRL: case X_FDIRCMD:
        /*
         * Flow director tables are not modelled; their initialisation and
         * commands complete at once (INIT_DONE set and the command field
         * cleared on write), so ixgbe's polls end at their first read.
         */
        return REG(s, a);
    case X_SWSM:
        /* The semaphore bit (SMBI) is granted by reading it clear. */
        val = REG(s, a);
        REG(s, a) |= 1;
        return val;
    }
    if (in_array(a, X_PFMAILBOX(0), X82599_MAX_VFS, 4, &i)) {
        return x82599_pfmailbox_read(s, i);
    }
    if (in_array(a, X_PFMBICR(0), 4, 4, &i) ||
        in_array(a, X_PFMBIMR(0), 4, 4, &i) ||
        in_array(a, X_VFLREC(0), 2, 4, &i) ||
        in_array(a, X_IVAR(0), 64, 4, &i) ||
        in_array(a, X_EIAM_EX(0), 2, 4, &i) ||
        (a >= X_PFMBMEM(0) && a < X_PFMBMEM(X82599_MAX_VFS)) ||
        x82599_queue_reg(a)) {
        return REG(s, a);
    }
    if (in_array(a, X_EIMS_EX(0), 2, 4, &i)) {
        return (uint32_t)(s->vec_mask >> (32 * i));
    }
    if (x82599_filter_reg(a) || x82599_rss_reg(a)) {
        return REG(s, a);
    }
    if (a >= X_STATS_FIRST && a < X_STATS_END) {
        /* The MAC's counters clear on read; the unmodelled ones stay 0. */
        val = REG(s, a);
        REG(s, a) = 0;
        return val;
    }
    if (in_array(a, X_EICS_EX(0), 2, 4, &i)) {
        return (uint32_t)(s->vec_pending >> (32 * i));
    }
    x82599_stored_only(s, a, false);
    return REG(s, a);
}

static void x82599_ctrl_write(X82599State *s, uint32_t val)
{
    if (val & (X_CTRL_RST | X_CTRL_LNK_RST)) {
        trace_x82599_reset();
        x82599_core_reset(s);
        return;
    }
    REG(s, X_CTRL) = val;
    /* No DMA is ever left in flight: mastering stops at once. */
    REG(s, X_STATUS) = (REG(s, X_STATUS) & ~X_STATUS_GIO) |
                       (val & X_CTRL_GIO_DIS ? 0 : X_STATUS_GIO);
}

void x82599_pf_write(X82599State *s, hwaddr a, uint32_t val)
{
    unsigned i;

    a = x82599_canonical(a);
    switch (a) {
    case X_CTRL:
        x82599_ctrl_write(s, val);
        return;
    case X_STATUS: case X_LINKS: case X_FWSM:
        return;                                 /* read-only */
    case X_CTRL_EXT:
        if ((val & ~REG(s, a)) & X_CTRL_EXT_PFRSTD) {
            REG(s, a) = val;
            x82599_pf_reset_done(s);
            return;
        }
        REG(s, a) = val;
        return;
    case X_EERD:
        x82599_eerd_write(s, val);
        return;
    case X_EEC:
        REG(s, a) = (REG(s, a) & (X_EEC_PRES | X_EEC_ARD | (0xfu << 11))) |
                    (val & ~(X_EEC_PRES | X_EEC_ARD | (0xfu << 11)));
        return;
    case X_MSCA:
        /* No PHY on the MDIO bus (backplane): reads return all ones. */
        REG(s, a) = val & ~X_MSCA_MDI_COMMAND;
        REG(s, X_MSRWD) = 0xffff0000 | (REG(s, X_MSRWD) & 0xffff);
        return;
    case X_EICR:
        s->vec_pending &= ~(uint64_t)(val & 0xffff);
        REG(s, a) &= ~(val & ~0xffffu);
        return;
    case X_EICS:
        s->vec_pending |= val & 0xffff;
        if (val & OTHER_CAUSES) {
            x82599_raise_other(s, val & OTHER_CAUSES);
        }
        x82599_fire_all(s);
        return;
    case X_EIMS:
        s->vec_mask |= val & 0xffff;
        REG(s, a) |= val & ~0xffffu;
        x82599_fire_all(s);
        x82599_fire_other(s);
        return;
    case X_EIMC:
        s->vec_mask &= ~(uint64_t)(val & 0xffff);
        REG(s, X_EIMS) &= ~(val & ~0xffffu);
        return;
    case X_FDIRCTRL:
        REG(s, a) = val | X_FDIRCTRL_INIT_DONE;
        return;
    case X_FDIRCMD:
        REG(s, a) = val & ~X_FDIRCMD_CMD_MASK;
        return;
    case X_GPIE: case X_EIAC: case X_IVAR_MISC: case X_AUTOC: case X_AUTOC2:
    case X_MSRWD: case X_RDRXCTL: case X_GSSR: case X_SWSM:
        REG(s, a) = val;
        return;
    }
    if (in_array(a, X_PFMAILBOX(0), X82599_MAX_VFS, 4, &i)) {
        x82599_pfmailbox_write(s, i, val);
        return;
    }
    if (in_array(a, X_PFMBICR(0), 4, 4, &i)) {
        REG(s, a) &= ~val;                      /* write 1 to clear */
        return;
    }
    if (in_array(a, X_VFLREC(0), 2, 4, &i)) {
        REG(s, X_VFLRE(i)) &= ~val;
        return;
    }
    if (in_array(a, X_EIMS_EX(0), 2, 4, &i)) {
        s->vec_mask |= (uint64_t)val << (32 * i);
        x82599_fire_all(s);
        return;
    }
    if (in_array(a, X_EIMC_EX(0), 2, 4, &i)) {
        s->vec_mask &= ~((uint64_t)val << (32 * i));
        return;
    }
    if (in_array(a, X_EICS_EX(0), 2, 4, &i)) {
        s->vec_pending |= (uint64_t)val << (32 * i);
        x82599_fire_all(s);
        return;
    }
    if (in_array(a, X_PFMBIMR(0), 4, 4, &i) ||
        in_array(a, X_IVAR(0), 64, 4, &i) ||
        in_array(a, X_EIAM_EX(0), 2, 4, &i) ||
        (a >= X_PFMBMEM(0) && a < X_PFMBMEM(X82599_MAX_VFS))) {
        REG(s, a) = val;
        return;
    }
    if (x82599_queue_reg(a)) {
        x82599_queue_write(s, a, val);
        return;
    }
    if (x82599_rss_reg(a)) {
        x82599_rss_write(s, a, val);
        return;
    }
    if (x82599_filter_reg(a)) {
        REG(s, a) = val;
        /* Transmit enables: queues waiting on them may send now. */
        if (a == X_DMATXCTL || a == X_VFTE(0) || a == X_VFTE(1)) {
            x82599_tx_kick_all(s);
        }
        return;
    }
    if (a >= X_STATS_FIRST && a < X_STATS_END) {
        return;                                 /* read-only counters */
    }
    x82599_stored_only(s, a, true);
    REG(s, a) = val;
}

/* ---- the VF's window ----------------------------------------------- */

static void x82599_vf_fire_all(X82599State *s, unsigned vf)
{
    unsigned vec;

    for (vec = 0; vec < X82599_VF_MSIX_VECTORS; vec++) {
        x82599_vf_fire(s, vf, vec);
    }
}

uint32_t x82599_vf_read(X82599State *s, unsigned vf, hwaddr a)
{
    X82599Vf *v = &s->vf[vf];
    hwaddr pa;
    uint32_t val;

    /*
     * The counters first: VFGPRC, VFGORC and VFMPRC (0x0101c-0x01034) lie
     * in the gaps of RX queue 0's register block, VFGPTC and VFGOTC in
     * TX queue 0's.
     */
    pa = x82599_vf_stat_reg(vf, a);
    if (!pa) {
        pa = x82599_vf_queue_reg(s, vf, a);
    }
    if (pa) {
        return REG(s, pa);
    }
    if (a >= XV_MBMEM && a < XV_MBMEM + 4 * X_MBX_WORDS) {
        return REG(s, X_PFMBMEM(vf) + (a - XV_MBMEM));
    }
    switch (a) {
    case XV_CTRL:
        return 0;
    case XV_STATUS:
        return REG(s, X_STATUS) & X_STATUS_LINK_UP;
    case XV_LINKS:
        return REG(s, X_LINKS);
    case XV_MAILBOX:
        return x82599_vfmailbox_read(s, vf);
    case XV_EICR:
        val = v->eicr;
        v->eicr = 0;
        return val;
    case XV_EICS:
        return v->eicr;
    case XV_EIMS:
        return v->eims;
    case XV_EIAC:
        return v->eiac;
    case XV_EIAM:
        return v->eiam;
    case XV_IVAR_MISC:
        return v->ivar_misc;
    case XV_PSRTYPE:
        return v->psrtype;
    }
    if (a >= XV_IVAR(0) && a < XV_IVAR(4)) {
        return v->ivar[(a - XV_IVAR(0)) / 4];
    }
    if (a >= XV_EITR(0) && a < XV_EITR(X82599_VF_MSIX_VECTORS)) {
        return v->eitr[(a - XV_EITR(0)) / 4];
    }
    trace_x82599_vf_unknown(vf, a, false);
    return 0;
}

void x82599_vf_write(X82599State *s, unsigned vf, hwaddr a, uint32_t val)
{
    X82599Vf *v = &s->vf[vf];
    hwaddr pa;

    if (x82599_vf_stat_reg(vf, a)) {
        return;                                 /* read-only counters */
    }
    pa = x82599_vf_queue_reg(s, vf, a);
    if (pa) {
        x82599_queue_write(s, pa, val);
        return;
    }
    if (a >= XV_MBMEM && a < XV_MBMEM + 4 * X_MBX_WORDS) {
        REG(s, X_PFMBMEM(vf) + (a - XV_MBMEM)) = val;
        return;
    }
    switch (a) {
    case XV_CTRL:
        if (val & XV_CTRL_RST) {
            x82599_vf_reset(s, vf);
        }
        return;
    case XV_MAILBOX:
        x82599_vfmailbox_write(s, vf, val);
        return;
    case XV_EICR:
        v->eicr &= ~val;
        return;
    case XV_EICS:
        v->eicr |= val & 7;
        x82599_vf_fire_all(s, vf);
        return;
    case XV_EIMS:
        v->eims |= val & 7;
        x82599_vf_fire_all(s, vf);
        return;
    case XV_EIMC:
        v->eims &= ~val;
        return;
    case XV_EIAC:
        v->eiac = val & 7;
        return;
    case XV_EIAM:
        v->eiam = val & 7;
        return;
    case XV_IVAR_MISC:
        v->ivar_misc = val;
        return;
    case XV_PSRTYPE:
        if (v->psrtype != val) {
            trace_x82599_vf_psrtype(vf, val);
        }
        v->psrtype = val;
        return;
    }
    if (a >= XV_IVAR(0) && a < XV_IVAR(4)) {
        v->ivar[(a - XV_IVAR(0)) / 4] = val;
        return;
    }
    if (a >= XV_EITR(0) && a < XV_EITR(X82599_VF_MSIX_VECTORS)) {
        v->eitr[(a - XV_EITR(0)) / 4] = val;
        return;
    }
    trace_x82599_vf_unknown(vf, a, true);
}
