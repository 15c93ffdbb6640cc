/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf's test model of the Intel 82599: the data path. Transmit rings
 * (legacy and advanced descriptors, context descriptors, checksum and TSO
 * through QEMU's NetTxPkt), the L2 switch between pools (receive address
 * table with pool bits, multicast table, broadcast, VLAN pool filters,
 * untagged acceptance, MAC anti-spoofing, per-pool VLAN insertion) and to
 * the wire, and receive rings (advanced one-buffer descriptors, frames
 * spread over several buffers, checksum status, VLAN strip) and RSS
 * (datasheet 7.1.2.8: the Toeplitz hash over the fields MRQC enables,
 * the 128-entry RETA and the key in RSSRK, both shared by all pools; in
 * the VMDq+RSS modes a pool spreads over 1 << PSRTYPE.RQPL of its queues;
 * the hash and its type go to the write-back). DMA goes through the
 * function that owns the queue (a VF's own requester id), so an IOMMU in
 * front of the device sees what a real one would.
 *
 * Not modelled: RSC, header split, flow director, DCB, IPsec, MACsec,
 * timestamps, interrupt moderation (EITR is stored, interrupts fire at
 * once), the fragment checksum in the write-back (RXCSUM.PCSD is taken as
 * set, as every RSS driver sets it).
 */
#include "qemu/osdep.h"
#include "qemu/iov.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie_sriov.h"
#include "net/eth.h"
#include "standard-headers/linux/virtio_net.h"
#include "net_tx_pkt.h"
#include "net_rx_pkt.h"
#include "system/dma.h"
#include "x82599.h"
#include "trace.h"

#define REG(s, a) X82599_REG(s, a)

/* Transmit descriptors (datasheet 7.2.3), legacy and advanced alike. */
#define TXD_LEN_MASK      0x0000ffffu
#define TXD_DTYP_MASK     0x00f00000u
#define TXD_DTYP_CTXT     0x00200000u
#define TXD_EOP           (1u << 24)
#define TXD_RS            (1u << 27)
#define TXD_DEXT          (1u << 29)
#define TXD_VLE           (1u << 30)
#define TXD_TSE           (1u << 31)
#define TXD_STA_DD        (1u << 0)
#define TXD_IDX(olinfo)   (((olinfo) >> 4) & 1)
#define TXD_CC            (1u << 7)     /* check context: use ctx[IDX] */
#define TXD_IXSM          (1u << 8)
#define TXD_TXSM          (1u << 9)
/* Advanced context descriptor fields */
#define TXCTX_L4T(tucmd)  (((tucmd) >> 11) & 3)
#define TXCTX_L4T_SCTP    2
#define TXCTX_MSS(mli)    ((mli) >> 16)
#define TXCTX_VLAN(vml)   ((vml) >> 16)

/* Advanced receive descriptor write-back (datasheet 7.1.6.2). */
#define RXD_DD            (1u << 0)
#define RXD_EOP           (1u << 1)
#define RXD_VP            (1u << 3)
#define RXD_L4CS          (1u << 5)
#define RXD_IPCS          (1u << 6)
#define RXD_ERR_TCPE      (1u << 30)
#define RXD_ERR_IPE       (1u << 31)
#define RXD_PT_IPV4       0x0010
#define RXD_PT_IPV6       0x0040
#define RXD_PT_TCP        0x0100
#define RXD_PT_UDP        0x0200
/* The write-back's RSS type (bits 3:0 of its first dword). */
#define RXD_RSS_TCP_IPV4  0x1
#define RXD_RSS_IPV4      0x2
#define RXD_RSS_TCP_IPV6  0x3
#define RXD_RSS_IPV6      0x5
#define RXD_RSS_UDP_IPV4  0x7
#define RXD_RSS_UDP_IPV6  0x8

#define RETA_ENTRIES      128
#define RSS_KEY_BYTES     40

#define VMVIR_VLANA(v)    ((v) >> 30)
#define VMVIR_DEFAULT     1
#define VMVIR_NEVER       2

#define NO_POOL           (-1)

/* ---- pools and queues ---------------------------------------------- */

static bool vt_on(X82599State *s)
{
    return REG(s, X_VT_CTL) & X_VT_CTL_VT_ENABLE;
}

/* The pool a queue belongs to, or NO_POOL outside virtualization. */
static int queue_pool(X82599State *s, unsigned q)
{
    return vt_on(s) ? (int)(q / x82599_queues_per_pool(s)) : NO_POOL;
}

/* The function that owns a queue: its DMA and interrupts are that one's. */
static PCIDevice *queue_owner(X82599State *s, unsigned q)
{
    int pool = queue_pool(s, q);

    if (pool != NO_POOL && pool < x82599_num_vfs(s)) {
        return x82599_vf_dev(s, pool);
    }
    return PCI_DEVICE(s);
}

static bool pool_bit(X82599State *s, hwaddr reg2, unsigned pool)
{
    return REG(s, reg2 + 4 * (pool / 32)) & (1u << (pool % 32));
}

static uint64_t pools_with_vmolr(X82599State *s, uint32_t bit)
{
    uint64_t m = 0;
    unsigned p;

    for (p = 0; p < X82599_POOLS; p++) {
        if (REG(s, X_VMOLR(p)) & bit) {
            m |= 1ull << p;
        }
    }
    return m;
}

/* ---- receive filters ----------------------------------------------- */

/* Pools of the receive addresses that hold DA; *hit if any holds it. */
static uint64_t rar_pools(X82599State *s, const uint8_t *da, bool *hit)
{
    uint32_t lo = ldl_le_p(da), hi = lduw_le_p(da + 4);
    uint64_t m = 0;
    unsigned i;

    *hit = false;
    for (i = 0; i < X82599_RAR_ENTRIES; i++) {
        uint32_t rah = REG(s, X_RAH(i));

        if ((rah & X_RAH_AV) && (rah & 0xffff) == hi &&
            REG(s, X_RAL(i)) == lo) {
            *hit = true;
            m |= (uint64_t)REG(s, X_MPSAR_HI(i)) << 32 |
                 REG(s, X_MPSAR_LO(i));
        }
    }
    return m;
}

/* The multicast table: 12 bits of DA chosen by MCSTCTRL.MO. */
static bool mta_hit(X82599State *s, const uint8_t *da)
{
    unsigned mo = REG(s, X_MCSTCTRL) & 3;
    uint32_t h = ((da[4] >> (4 - mo)) | (da[5] << (4 + mo))) & 0xfff;

    if (!(REG(s, X_MCSTCTRL) & X_MCSTCTRL_MFE)) {
        return false;
    }
    return REG(s, X_MTA(h >> 5)) & (1u << (h & 31));
}

static bool vfta_has(X82599State *s, unsigned vid)
{
    return REG(s, X_VFTA(vid / 32)) & (1u << (vid % 32));
}

static uint64_t vlvf_pools(X82599State *s, unsigned vid)
{
    uint64_t m = 0;
    unsigned i;

    for (i = 0; i < 64; i++) {
        uint32_t v = REG(s, X_VLVF(i));

        if ((v & X_VLVF_VIEN) && (v & X_VLVF_VLANID_MASK) == vid) {
            m |= (uint64_t)REG(s, X_VLVFB(2 * i + 1)) << 32 |
                 REG(s, X_VLVFB(2 * i));
        }
    }
    return m;
}

static int frame_vid(const uint8_t *buf, size_t len)
{
    if (len < 18 || lduw_be_p(buf + 12) != ETH_P_VLAN) {
        return -1;
    }
    return lduw_be_p(buf + 14) & 0xfff;
}

/*
 * Pools (VT mode) that take a frame by its destination address. A unicast
 * address no filter holds goes to the default pool when it comes from the
 * wire; from a pool (FROM_WIRE false) it matches nothing local and leaves
 * by the wire.
 */
static uint64_t pools_by_address(X82599State *s, const uint8_t *da,
                                 bool from_wire)
{
    uint32_t vt = REG(s, X_VT_CTL);
    bool hit;
    uint64_t m = rar_pools(s, da, &hit);

    if (is_broadcast_ether_addr(da)) {
        return pools_with_vmolr(s, X_VMOLR_BAM);
    }
    if (is_multicast_ether_addr(da)) {
        return m | pools_with_vmolr(s, X_VMOLR_MPE) |
               (mta_hit(s, da) ? pools_with_vmolr(s, X_VMOLR_ROMPE) : 0);
    }
    if (!hit && from_wire && !(vt & X_VT_CTL_DIS_DEFPL)) {
        m = 1ull << ((vt & X_VT_CTL_POOL_MASK) >> X_VT_CTL_POOL_SHIFT);
    }
    return m;
}

/* Whether the port takes a frame at all outside VT mode. */
static bool port_takes(X82599State *s, const uint8_t *da)
{
    uint32_t fctrl = REG(s, X_FCTRL);
    bool hit;

    rar_pools(s, da, &hit);
    if (is_broadcast_ether_addr(da)) {
        return fctrl & X_FCTRL_BAM;
    }
    if (is_multicast_ether_addr(da)) {
        return hit || (fctrl & X_FCTRL_MPE) || mta_hit(s, da);
    }
    return hit || (fctrl & X_FCTRL_UPE);
}

/*
 * The pools a frame goes to (VT mode), or bit 0 for "the port's queue 0"
 * outside it. VLAN filtering: a tagged frame needs its VLAN in VFTA and
 * goes only to the pools VLVF/VLVFB make members; an untagged one only to
 * pools that accept untagged frames.
 */
static uint64_t rx_pools(X82599State *s, const uint8_t *buf, size_t len,
                         bool from_wire)
{
    bool vfe = REG(s, X_VLNCTRL) & X_VLNCTRL_VFE;
    int vid = frame_vid(buf, len);
    uint64_t m;

    if (len < ETH_HLEN || !(REG(s, X_RXCTRL) & X_RXCTRL_RXEN)) {
        return 0;
    }
    if (vfe && vid >= 0 && !vfta_has(s, vid)) {
        return 0;
    }
    if (!vt_on(s)) {
        return port_takes(s, buf) ? 1 : 0;
    }
    m = pools_by_address(s, buf, from_wire);
    if (vid >= 0 && vfe) {
        m &= vlvf_pools(s, vid);
    } else if (vid < 0) {
        m &= pools_with_vmolr(s, X_VMOLR_AUPE);
    }
    return m & ((uint64_t)REG(s, X_VFRE(1)) << 32 | REG(s, X_VFRE(0)));
}

/* ---- RSS ----------------------------------------------------------- */

/* A frame's RSS result: the hash, its write-back type and RETA's entry. */
typedef struct X82599Rss {
    uint32_t hash;
    uint8_t type;              /* 0: no hash (RSS off or no field matched) */
    uint8_t entry;
} X82599Rss;

static bool rss_on(X82599State *s)
{
    switch (REG(s, X_MRQC) & X_MRQC_MRQE_MASK) {
    case X_MRQC_MRQE_RSS:
        return !vt_on(s);
    case X_MRQC_MRQE_VMDQ_RSS32:
    case X_MRQC_MRQE_VMDQ_RSS64:
        return vt_on(s);
    default:
        return false;
    }
}

/* The hash MRQC asks for on this frame, the most specific first. */
static bool rss_type(X82599State *s, NetRxPktRssType *type, uint8_t *wb)
{
    static const struct {
        uint32_t field;
        bool ip6;
        EthL4HdrProto l4;
        NetRxPktRssType type;
        uint8_t wb;
    } order[] = {
        { X_MRQC_TCP_IPV4, false, ETH_L4_HDR_PROTO_TCP, NetPktRssIpV4Tcp,
          RXD_RSS_TCP_IPV4 },
        { X_MRQC_UDP_IPV4, false, ETH_L4_HDR_PROTO_UDP, NetPktRssIpV4Udp,
          RXD_RSS_UDP_IPV4 },
        { X_MRQC_IPV4, false, ETH_L4_HDR_PROTO_INVALID, NetPktRssIpV4,
          RXD_RSS_IPV4 },
        { X_MRQC_TCP_IPV6, true, ETH_L4_HDR_PROTO_TCP, NetPktRssIpV6Tcp,
          RXD_RSS_TCP_IPV6 },
        { X_MRQC_UDP_IPV6, true, ETH_L4_HDR_PROTO_UDP, NetPktRssIpV6Udp,
          RXD_RSS_UDP_IPV6 },
        { X_MRQC_IPV6, true, ETH_L4_HDR_PROTO_INVALID, NetPktRssIpV6,
          RXD_RSS_IPV6 },
    };
    uint32_t mrqc = REG(s, X_MRQC);
    bool ip4, ip6;
    EthL4HdrProto l4;
    size_t i;

    net_rx_pkt_get_protocols(s->rx_pkt, &ip4, &ip6, &l4);
    for (i = 0; i < ARRAY_SIZE(order); i++) {
        bool l3 = order[i].ip6 ? ip6 : ip4;
        bool l4_ok = order[i].l4 == ETH_L4_HDR_PROTO_INVALID ||
                     order[i].l4 == l4;

        if ((mrqc & order[i].field) && l3 && l4_ok) {
            *type = order[i].type;
            *wb = order[i].wb;
            return true;
        }
    }
    return false;
}

/* Hash the frame now attached to rx_pkt, and look it up in RETA. */
static X82599Rss rx_rss(X82599State *s)
{
    X82599Rss rss = { 0 };
    uint8_t key[RSS_KEY_BYTES];
    NetRxPktRssType type;
    unsigned i;

    if (!rss_on(s) || !rss_type(s, &type, &rss.type)) {
        return rss;
    }
    for (i = 0; i < RSS_KEY_BYTES / 4; i++) {
        stl_le_p(key + 4 * i, REG(s, X_RSSRK(i)));
    }
    rss.hash = net_rx_pkt_calc_rss_hash(s->rx_pkt, type, key);
    i = rss.hash % RETA_ENTRIES;
    rss.entry = (REG(s, X_RETA(i / 4)) >> (8 * (i % 4))) & 0xf;
    trace_x82599_rx_rss(rss.hash, rss.type, rss.entry);
    return rss;
}

/* How many queues a pool spreads over: 1 << RQPL of its PSRTYPE. */
static unsigned pool_rss_queues(X82599State *s, unsigned pool)
{
    uint32_t psrtype = pool < x82599_num_vfs(s) ? s->vf[pool].psrtype :
                       REG(s, X_PSRTYPE(pool));
    unsigned n = 1u << ((psrtype >> X_PSRTYPE_RQPL_SHIFT) &
                        X_PSRTYPE_RQPL_MASK);

    return MIN(n, x82599_queues_per_pool(s));
}

/* The queue a frame goes to in a pool (the pool outside virtualization). */
static unsigned pool_rx_queue(X82599State *s, unsigned pool,
                              const X82599Rss *rss)
{
    if (!vt_on(s)) {
        return rss->type ? rss->entry : 0;
    }
    return pool * x82599_queues_per_pool(s) +
           (rss->type ? rss->entry % pool_rss_queues(s, pool) : 0);
}

/* ---- receive rings ------------------------------------------------- */

static uint32_t rx_buf_size(X82599State *s, unsigned q)
{
    uint32_t kb = REG(s, X_RQ_BASE(q) + X_SRRCTL) & X_SRRCTL_BSIZEPKT_MASK;

    return kb ? kb * 1024 : 2048;
}

static uint32_t ring_free(X82599State *s, hwaddr base, hwaddr head,
                          hwaddr tail)
{
    uint32_t n = REG(s, base + X_RDLEN) / 16;
    uint32_t h = REG(s, base + head), t = REG(s, base + tail);

    return n ? (t + n - h) % n : 0;
}

static bool rx_queue_on(X82599State *s, unsigned q)
{
    return REG(s, X_RQ_BASE(q) + X_RXDCTL) & X_RXDCTL_ENABLE;
}

/* Whether queue Q has the descriptors a frame of LEN bytes needs. */
static bool rx_has_room(X82599State *s, unsigned q, size_t len)
{
    uint32_t bsize = rx_buf_size(s, q);

    return ring_free(s, X_RQ_BASE(q), X_RDH, X_RDT) >=
           (len + bsize - 1) / bsize;
}

static bool rx_drops_when_full(X82599State *s, unsigned q)
{
    return REG(s, X_RQ_BASE(q) + X_SRRCTL) & X_SRRCTL_DROP_EN;
}

/* Checksum status and packet type the write-back carries. */
static void rx_offload_status(X82599State *s, uint32_t *status,
                              uint16_t *ptype)
{
    struct NetRxPkt *pkt = s->rx_pkt;
    bool ip4, ip6, valid;
    EthL4HdrProto l4;

    net_rx_pkt_get_protocols(pkt, &ip4, &ip6, &l4);
    *ptype = (ip4 ? RXD_PT_IPV4 : 0) | (ip6 ? RXD_PT_IPV6 : 0) |
             (l4 == ETH_L4_HDR_PROTO_TCP ? RXD_PT_TCP : 0) |
             (l4 == ETH_L4_HDR_PROTO_UDP ? RXD_PT_UDP : 0);
    if (ip4 && net_rx_pkt_validate_l3_csum(pkt, &valid)) {
        *status |= RXD_IPCS | (valid ? 0 : RXD_ERR_IPE);
    }
    if (net_rx_pkt_validate_l4_csum(pkt, &valid)) {
        *status |= RXD_L4CS | (valid ? 0 : RXD_ERR_TCPE);
    }
}

/*
 * Write a frame into queue Q's ring: as many buffers as it needs, the
 * last one with EOP and the checksum and VLAN status. The caller checked
 * the room. VLAN stripping is the queue's (RXDCTL.VME).
 */
static void rx_write(X82599State *s, unsigned q, const struct iovec *iov,
                     int iovcnt, const X82599Rss *rss)
{
    hwaddr base = X_RQ_BASE(q);
    PCIDevice *dev = queue_owner(s, q);
    bool strip = REG(s, base + X_RXDCTL) & X_RXDCTL_VME;
    uint32_t bsize = rx_buf_size(s, q), n = REG(s, base + X_RDLEN) / 16;
    uint32_t status = 0;
    uint16_t ptype = 0, vlan = 0;
    size_t len, off = 0;

    net_rx_pkt_attach_iovec_ex(s->rx_pkt, iov, iovcnt, 0, strip ? 0 : -1,
                               ETH_P_VLAN, ETH_P_VLAN);
    len = net_rx_pkt_get_total_len(s->rx_pkt);
    iov_to_buf(net_rx_pkt_get_iovec(s->rx_pkt), iovcnt + 1, 0, s->frame, len);
    if (net_rx_pkt_is_vlan_stripped(s->rx_pkt)) {
        status |= RXD_VP;
        vlan = net_rx_pkt_get_vlan_tag(s->rx_pkt);
    }
    rx_offload_status(s, &status, &ptype);

    do {
        uint32_t h = REG(s, base + X_RDH);
        dma_addr_t d = ((uint64_t)REG(s, base + X_RDBAH) << 32 |
                        REG(s, base + X_RDBAL)) + 16ull * h;
        size_t chunk = MIN(bsize, len - off);
        uint8_t wb[16] = { 0 };
        bool last = off + chunk == len;

        pci_dma_read(dev, d, wb, 8);                /* the buffer address */
        pci_dma_write(dev, ldq_le_p(wb), s->frame + off, chunk);
        memset(wb, 0, sizeof(wb));
        stw_le_p(wb, last ? ptype | rss->type : 0);
        stl_le_p(wb + 4, last ? rss->hash : 0);
        stl_le_p(wb + 8, RXD_DD | (last ? RXD_EOP | status : 0));
        stw_le_p(wb + 12, chunk);
        stw_le_p(wb + 14, last ? vlan : 0);
        pci_dma_write(dev, d, wb, sizeof(wb));
        REG(s, base + X_RDH) = (h + 1) % n;
        off += chunk;
    } while (off < len);

    x82599_queue_interrupt(s, q, false);
}

/* A VF pool's counters move. */
static void rx_count(X82599State *s, unsigned pool, size_t len, bool mc)
{
    if (vt_on(s) && pool < x82599_num_vfs(s)) {
        REG(s, X_PVFGPRC(pool))++;
        x82599_add64(s, X_PVFGORC_LSB(pool), X_PVFGORC_MSB(pool), len);
        REG(s, X_PVFMPRC(pool)) += mc;
    }
}

/*
 * Deliver a frame to the pools in M. With WAIT, a queue out of room that
 * does not drop when full holds the frame back (nothing is delivered and
 * false returned; the wire retries when a tail moves). Without it, such a
 * queue drops the frame, as the internal switch cannot wait.
 */
static bool rx_deliver(X82599State *s, const struct iovec *iov, int iovcnt,
                       uint64_t m, bool wait)
{
    size_t len = iov_size(iov, iovcnt);
    uint8_t da[ETH_ALEN];
    X82599Rss rss;
    unsigned p;

    iov_to_buf(iov, iovcnt, 0, da, sizeof(da));
    net_rx_pkt_attach_iovec_ex(s->rx_pkt, iov, iovcnt, 0, -1, ETH_P_VLAN,
                               ETH_P_VLAN);
    rss = rx_rss(s);
    for (p = 0; wait && p < 64; p++) {
        unsigned q = pool_rx_queue(s, p, &rss);

        if ((m & (1ull << p)) && rx_queue_on(s, q) &&
            !rx_has_room(s, q, len) && !rx_drops_when_full(s, q)) {
            trace_x82599_rx_held(q);
            return false;
        }
    }
    for (p = 0; p < 64; p++) {
        unsigned q = pool_rx_queue(s, p, &rss);

        if (!(m & (1ull << p))) {
            continue;
        }
        if (!rx_queue_on(s, q) || !rx_has_room(s, q, len)) {
            trace_x82599_rx_drop(q);
            REG(s, X_RNBC(0))++;
            continue;
        }
        trace_x82599_rx_pool(p, q);
        rx_write(s, q, iov, iovcnt, &rss);
        rx_count(s, p, len, is_multicast_ether_addr(da));
    }
    REG(s, X_GPRC)++;
    REG(s, X_TPR)++;
    x82599_add64(s, X_GORCL, X_GORCH, len);
    return true;
}

/* ---- the wire ------------------------------------------------------ */

ssize_t x82599_receive_iov(X82599State *s, const struct iovec *iov,
                           int iovcnt)
{
    size_t len = iov_size(iov, iovcnt);
    uint8_t hdr[18];
    uint64_t m;

    if (len > sizeof(s->frame)) {
        return len;
    }
    iov_to_buf(iov, iovcnt, 0, hdr, sizeof(hdr));
    m = rx_pools(s, hdr, len, true);
    if (is_broadcast_ether_addr(hdr)) {
        REG(s, X_BPRC)++;
    } else if (is_multicast_ether_addr(hdr)) {
        REG(s, X_MPRC)++;
    }
    if (!m) {
        return len;
    }
    return rx_deliver(s, iov, iovcnt, m, true) ? (ssize_t)len : 0;
}

/* ---- transmit ------------------------------------------------------ */

/* A source pool may send only from an address the PF gave it. */
static bool tx_spoofed(X82599State *s, int pool, const uint8_t *sa)
{
    bool hit;

    if (pool == NO_POOL ||
        !(REG(s, X_PFVFSPOOF(pool / 8)) & (1u << (pool % 8)))) {
        return false;
    }
    return !(rar_pools(s, sa, &hit) & (1ull << pool));
}

typedef struct TxContext {
    X82599State *s;
    unsigned queue;
    int pool;
} TxContext;

/*
 * One frame (after segmentation) from a queue: to the pools the switch
 * finds (loopback on, never back to its own pool) and to the wire unless
 * it is unicast to a local pool.
 */
static void tx_frame(void *opaque, const struct iovec *iov, int iovcnt,
                     const struct iovec *virt_iov, int virt_iovcnt)
{
    TxContext *c = opaque;
    X82599State *s = c->s;
    size_t len = iov_size(iov, iovcnt);
    uint8_t hdr[18] = { 0 };
    uint64_t local = 0;
    bool wire = true;

    iov_to_buf(iov, iovcnt, 0, hdr, sizeof(hdr));
    if (len < ETH_HLEN || tx_spoofed(s, c->pool, hdr + 6)) {
        REG(s, X_SSVPC)++;
        return;
    }
    if (c->pool != NO_POOL &&
        (REG(s, X_PFDTXGSWC) & X_PFDTXGSWC_VT_LBEN)) {
        local = rx_pools(s, hdr, len, false) & ~(1ull << c->pool);
        wire = is_multicast_ether_addr(hdr) || !local;
    }
    REG(s, X_GPTC)++;
    REG(s, X_TPT)++;
    x82599_add64(s, X_GOTCL, X_GOTCH, len);
    if (c->pool != NO_POOL && c->pool < x82599_num_vfs(s)) {
        REG(s, X_PVFGPTC(c->pool))++;
        x82599_add64(s, X_PVFGOTC_LSB(c->pool), X_PVFGOTC_MSB(c->pool), len);
    }
    if (local) {
        rx_deliver(s, iov, iovcnt, local, false);
    }
    if (wire && s->nic && !qemu_get_queue(s->nic)->link_down) {
        qemu_sendv_packet(qemu_get_queue(s->nic), iov, iovcnt);
    }
}

/* The VLAN tag a frame leaves with: the pool's rule, else the descriptor. */
static int tx_vlan(X82599State *s, X82599Tx *tx, int pool)
{
    uint32_t vmvir = pool == NO_POOL ? 0 : REG(s, X_VMVIR(pool));

    switch (VMVIR_VLANA(vmvir)) {
    case VMVIR_DEFAULT:
        return vmvir & 0xffff;
    case VMVIR_NEVER:
        return -1;
    }
    if (!(tx->cmd & TXD_VLE)) {
        return -1;
    }
    if (tx->cmd & TXD_DEXT) {
        /* Without CC no context applies, its VLAN neither. */
        return tx->olinfo & TXD_CC ?
               TXCTX_VLAN(tx->ctx[TXD_IDX(tx->olinfo)][0]) : -1;
    }
    return tx->olinfo >> 16;        /* legacy: the descriptor's VLAN field */
}

static void x82599_tx_without_context(X82599State *s, unsigned q)
{
    if (!test_and_set_bit(q, s->tx_no_ctx_seen)) {
        trace_x82599_tx_no_context(q);
    }
}

/*
 * An advanced data descriptor uses the context IDX names only with CC set
 * ("check context"); without it the frame leaves as the driver wrote it,
 * offloads asked for or not, and the model says so once per queue.
 */
static bool tx_offloads(X82599State *s, unsigned q, X82599Tx *tx)
{
    uint32_t *ctx = tx->ctx[TXD_IDX(tx->olinfo)];

    if (!(tx->cmd & TXD_DEXT)) {
        return true;
    }
    if (!(tx->olinfo & TXD_CC)) {
        if ((tx->cmd & TXD_TSE) || (tx->olinfo & (TXD_TXSM | TXD_IXSM))) {
            x82599_tx_without_context(s, q);
        }
        return true;
    }
    if (tx->cmd & TXD_TSE) {
        if (!net_tx_pkt_build_vheader(tx->pkt, true, true,
                                      TXCTX_MSS(ctx[3]))) {
            return false;
        }
        net_tx_pkt_update_ip_checksums(tx->pkt);
        return true;
    }
    if (tx->olinfo & TXD_TXSM) {
        bool ok = TXCTX_L4T(ctx[2]) == TXCTX_L4T_SCTP ?
                  net_tx_pkt_update_sctp_checksum(tx->pkt) :
                  net_tx_pkt_build_vheader(tx->pkt, false, true, 0);
        if (!ok) {
            return false;
        }
    }
    if (tx->olinfo & TXD_IXSM) {
        net_tx_pkt_update_ip_hdr_checksum(tx->pkt);
    }
    return true;
}

/*
 * Whether every enabled queue pool P may spread a flow to has room for
 * FRAMES frames of FLEN bytes (the flow's hash is not known before the
 * segments exist, so all of the pool's RSS queues must have it).
 */
static bool pool_has_room(X82599State *s, unsigned p, size_t frames,
                          size_t flen)
{
    X82599Rss first = { 0 };
    unsigned q0 = pool_rx_queue(s, p, &first);
    unsigned n = rss_on(s) ? pool_rss_queues(s, p) : 1, q;

    for (q = q0; q < q0 + n; q++) {
        size_t need = frames * DIV_ROUND_UP(flen, rx_buf_size(s, q));

        if (!rx_queue_on(s, q) ||
            need >= REG(s, X_RQ_BASE(q) + X_RDLEN) / 16) {
            continue;
        }
        if (ring_free(s, X_RQ_BASE(q), X_RDH, X_RDT) < need) {
            return false;
        }
    }
    return true;
}

/*
 * The internal switch holds a frame back rather than drop it: when a
 * local pool's enabled ring lacks the descriptors all the frame's
 * segments need, the transmit queue stalls until a receive tail moves.
 * Silicon drops there (DROP_EN) while the receiver drains in parallel;
 * under TCG the receiver cannot run while the sender is inside its tail
 * write, so a dropping switch would lose most of every TSO burst. A ring
 * too small for the frame ever to fit does not stall (it drops).
 */
static bool tx_local_room(X82599State *s, X82599Tx *tx, int pool, int vlan)
{
    struct virtio_net_hdr *vh = net_tx_pkt_get_vhdr(tx->pkt);
    size_t total = net_tx_pkt_get_total_len(tx->pkt), flen = total;
    size_t frames = 1;
    uint8_t hdr[18];
    uint64_t local;
    unsigned p;

    if (pool == NO_POOL || !(REG(s, X_PFDTXGSWC) & X_PFDTXGSWC_VT_LBEN)) {
        return true;
    }
    memcpy(hdr, tx->hdr, 12);
    if (vlan >= 0) {
        stw_be_p(hdr + 12, ETH_P_VLAN);
        stw_be_p(hdr + 14, vlan);
        memcpy(hdr + 16, tx->hdr + 12, 2);
    } else {
        memcpy(hdr + 12, tx->hdr + 12, 6);
    }
    local = rx_pools(s, hdr, total, false) & ~(1ull << pool);
    if ((vh->gso_type & ~VIRTIO_NET_HDR_GSO_ECN) != VIRTIO_NET_HDR_GSO_NONE &&
        vh->gso_size && total > vh->hdr_len) {
        frames = DIV_ROUND_UP(total - vh->hdr_len, vh->gso_size);
        flen = vh->hdr_len + vh->gso_size;
    }
    for (p = 0; p < 64; p++) {
        if ((local & (1ull << p)) && !pool_has_room(s, p, frames, flen)) {
            return false;
        }
    }
    return true;
}

/* Send the assembled frame; false if it must wait for receive room. */
static bool tx_send(X82599State *s, unsigned q, X82599Tx *tx)
{
    TxContext c = { .s = s, .queue = q, .pool = queue_pool(s, q) };
    int vlan;

    if (!net_tx_pkt_parse(tx->pkt)) {
        return true;
    }
    vlan = tx_vlan(s, tx, c.pool);
    if (vlan >= 0) {
        net_tx_pkt_setup_vlan_header_ex(tx->pkt, vlan, ETH_P_VLAN);
    }
    if (!tx_offloads(s, q, tx)) {
        return true;
    }
    if (!tx_local_room(s, tx, c.pool, vlan)) {
        return false;
    }
    net_tx_pkt_send_custom(tx->pkt, false, tx_frame, &c);
    return true;
}

typedef enum TxStep {
    TX_NEXT,            /* descriptor consumed */
    TX_WRITE_BACK,      /* consumed, and its status is to be written back */
    TX_STALL,           /* the frame waits: rewind to its first descriptor */
} TxStep;

static void tx_frame_done(X82599Tx *tx, PCIDevice *dev)
{
    net_tx_pkt_reset(tx->pkt, net_tx_pkt_unmap_frag_pci, dev);
    tx->started = tx->broken = false;
}

/* One descriptor, at ring index H. */
static TxStep tx_desc(X82599State *s, unsigned q, X82599Tx *tx,
                      PCIDevice *dev, const uint8_t *d, uint32_t h)
{
    uint32_t cmd = ldl_le_p(d + 8), olinfo = ldl_le_p(d + 12);
    uint32_t len = cmd & TXD_LEN_MASK;
    TxStep done = cmd & TXD_RS ? TX_WRITE_BACK : TX_NEXT;

    if ((cmd & TXD_DEXT) && (cmd & TXD_DTYP_MASK) == TXD_DTYP_CTXT) {
        uint32_t *ctx = tx->ctx[TXD_IDX(olinfo)];

        ctx[0] = ldl_le_p(d);
        ctx[1] = ldl_le_p(d + 4);
        ctx[2] = cmd;
        ctx[3] = olinfo;
        return done;
    }
    if (!tx->started) {
        tx->cmd = cmd;
        tx->olinfo = olinfo;
        tx->first = h;
        tx->started = true;
        memset(tx->hdr, 0, sizeof(tx->hdr));
        pci_dma_read(dev, ldq_le_p(d), tx->hdr, MIN(len, sizeof(tx->hdr)));
    }
    if (len && !tx->broken &&
        !net_tx_pkt_add_raw_fragment_pci(tx->pkt, dev, ldq_le_p(d), len)) {
        tx->broken = true;
    }
    if (cmd & TXD_EOP) {
        bool sent = tx->broken || tx_send(s, q, tx);

        tx_frame_done(tx, dev);
        if (!sent) {
            return TX_STALL;
        }
    }
    return done;
}

static bool tx_queue_on(X82599State *s, unsigned q)
{
    int pool = queue_pool(s, q);

    if (!(REG(s, X_DMATXCTL) & X_DMATXCTL_TE) ||
        !(REG(s, X_TQ_BASE(q) + X_TXDCTL) & X_TXDCTL_ENABLE)) {
        return false;
    }
    return pool == NO_POOL || pool_bit(s, X_VFTE(0), pool);
}

/* Walk queue Q's ring from head to tail. */
void x82599_tx_kick(X82599State *s, unsigned q)
{
    hwaddr base = X_TQ_BASE(q);
    PCIDevice *dev = queue_owner(s, q);
    X82599Tx *tx = &s->tx[q];
    uint32_t n = REG(s, base + X_TDLEN) / 16;
    bool wrote_back = false;

    clear_bit(q, s->tx_stalled);
    if (!n || !tx_queue_on(s, q)) {
        return;
    }
    while (REG(s, base + X_TDH) != REG(s, base + X_TDT) &&
           REG(s, base + X_TDH) < n) {
        uint32_t h = REG(s, base + X_TDH);
        dma_addr_t d = ((uint64_t)REG(s, base + X_TDBAH) << 32 |
                        REG(s, base + X_TDBAL)) + 16ull * h;
        uint8_t desc[16];
        TxStep step;

        pci_dma_read(dev, d, desc, sizeof(desc));
        step = tx_desc(s, q, tx, dev, desc, h);
        if (step == TX_STALL) {
            REG(s, base + X_TDH) = tx->first;
            set_bit(q, s->tx_stalled);
            trace_x82599_tx_stall(q);
            break;
        }
        if (step == TX_WRITE_BACK) {
            uint32_t dd = cpu_to_le32(TXD_STA_DD);

            pci_dma_write(dev, d + 12, &dd, sizeof(dd));
            wrote_back = true;
        }
        REG(s, base + X_TDH) = (h + 1) % n;
    }
    if (wrote_back) {
        x82599_queue_interrupt(s, q, true);
    }
}

void x82599_tx_kick_all(X82599State *s)
{
    unsigned q;

    for (q = 0; q < X82599_QUEUES; q++) {
        x82599_tx_kick(s, q);
    }
}

/* A receive tail moved: the queues it may have been holding up retry. */
void x82599_tx_kick_stalled(X82599State *s)
{
    unsigned q;

    for (q = find_first_bit(s->tx_stalled, X82599_QUEUES); q < X82599_QUEUES;
         q = find_next_bit(s->tx_stalled, X82599_QUEUES, q + 1)) {
        x82599_tx_kick(s, q);
    }
}

/* Queue Q's transmit state as a reset leaves it (DEV mapped its frame). */
void x82599_dp_queue_reset(X82599State *s, unsigned q, PCIDevice *dev)
{
    X82599Tx *tx = &s->tx[q];

    if (tx->started) {
        net_tx_pkt_reset(tx->pkt, net_tx_pkt_unmap_frag_pci, dev);
    }
    tx->started = tx->broken = false;
    memset(tx->ctx, 0, sizeof(tx->ctx));
    clear_bit(q, s->tx_stalled);
}

void x82599_dp_reset(X82599State *s)
{
    unsigned q;

    for (q = 0; q < X82599_QUEUES; q++) {
        x82599_dp_queue_reset(s, q, PCI_DEVICE(s));
    }
}

void x82599_dp_realize(X82599State *s)
{
    unsigned q;

    for (q = 0; q < X82599_QUEUES; q++) {
        net_tx_pkt_init(&s->tx[q].pkt, X82599_TX_FRAGS);
    }
    net_rx_pkt_init(&s->rx_pkt);
}

void x82599_dp_exit(X82599State *s)
{
    unsigned q;

    for (q = 0; q < X82599_QUEUES; q++) {
        net_tx_pkt_uninit(s->tx[q].pkt);
    }
    net_rx_pkt_uninit(s->rx_pkt);
}
