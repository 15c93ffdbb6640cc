// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: the data path — one RX and one TX ring, an MSI-X vector each, one
 * NAPI context.
 *
 * RX buffers are whole pages, one per descriptor; a frame longer than a
 * page (jumbo MTU) spans several and arrives as one skb with page frags.
 * The headers are copied into the skb's linear part, the rest stays in
 * the page.  TX maps the skb's head and frags, one descriptor each, and
 * asks for a status write-back on the last one only.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>

#include "xvf.h"
#include "xvf_fault.h"
#include "xvf_kunit.h"
#include "xvf_desc.h"
#include "xvf_offload.h"
#include "xvf_ring.h"

#define XVF_RX_HDR_COPY		256
/* Worst case per frame: a context descriptor, the head, every frag. */
#define XVF_TX_DESCS_NEEDED	(MAX_SKB_FRAGS + 2)

/* ---- TX ---- */

static void xvf_unmap_tx_buf(struct xvf_adapter *adapter,
			     struct xvf_tx_buf *buf)
{
	struct device *dev = &adapter->pdev->dev;

	if (buf->len) {
		if (buf->is_page)
			dma_unmap_page(dev, buf->dma, buf->len, DMA_TO_DEVICE);
		else
			dma_unmap_single(dev, buf->dma, buf->len, DMA_TO_DEVICE);
	}
	buf->len = 0;
}

static void xvf_free_tx_buf(struct xvf_adapter *adapter, struct xvf_tx_buf *buf)
{
	xvf_unmap_tx_buf(adapter, buf);
	dev_kfree_skb_any(buf->skb);
	buf->skb = NULL;
}

/* The context descriptor at @i, which takes a slot but maps nothing. */
static void xvf_tx_put_context(struct xvf_ring *ring, u16 i,
			       const struct xvf_tx_offload *off)
{
	struct xvf_tx_ctx_desc *ctx = (struct xvf_tx_ctx_desc *)ring->desc + i;

	ctx->vlan_macip_lens = cpu_to_le32(off->vlan_macip_lens);
	ctx->seqnum_seed = 0;
	ctx->type_tucmd_mlhl = cpu_to_le32(off->type_tucmd_mlhl);
	ctx->mss_l4len_idx = cpu_to_le32(off->mss_l4len_idx);
	ring->tx[i].len = 0;
	ring->tx[i].skb = NULL;
}

/*
 * Slots the producer may fill.  next_to_clean moves under NAPI while
 * xmit reads it: one read, once.
 */
static u16 xvf_tx_room(struct xvf_ring *ring)
{
	return xvf_ring_unused(ring->next_to_use, READ_ONCE(ring->next_to_clean),
			       ring->count);
}

/*
 * Ring the doorbell: the device may fetch up to next_to_use.  Also after
 * a dropped frame when no further frame follows: the frames before it
 * were queued with xmit_more and nothing else would tell the device.
 */
static void xvf_tx_doorbell(struct xvf_adapter *adapter)
{
	xvf_wr(&adapter->hw, adapter->hw.family->q.tdt,
	       adapter->tx_ring.next_to_use);
}

static void xvf_tx_drop(struct xvf_adapter *adapter, struct sk_buff *skb)
{
	dev_core_stats_tx_dropped_inc(adapter->netdev);
	dev_kfree_skb_any(skb);
	if (!netdev_xmit_more())
		xvf_tx_doorbell(adapter);
}

/*
 * Stop the queue, then look at the room once more.  The barrier pairs
 * with the one in xvf_clean_tx(): either the cleaner sees the queue
 * stopped and wakes it, or we see the room it made and restart it, so a
 * completion between the caller's test and the stop cannot leave the
 * queue stopped with nothing in flight to wake it.
 */
void xvf_tx_stop_and_recheck(struct xvf_adapter *adapter,
			     struct xvf_ring *ring)
{
	netif_stop_queue(adapter->netdev);
	ring->restarts++;
	/* The stop is visible before we look at next_to_clean again. */
	smp_mb();
	if (xvf_tx_room(ring) >= XVF_TX_DESCS_NEEDED)
		netif_start_queue(adapter->netdev);
}
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_tx_stop_and_recheck);

/* Stop the queue while a worst-case frame might not fit. */
static void xvf_tx_maybe_stop(struct xvf_adapter *adapter,
			      struct xvf_ring *ring)
{
	if (likely(xvf_tx_room(ring) >= XVF_TX_DESCS_NEEDED))
		return;
	xvf_tx_stop_and_recheck(adapter, ring);
}

/*
 * Frames wait in the ring and the device has completed none of them for
 * XVF_TX_STALL_MS: have the queues looked at now (xvf_stall_work()), at
 * most once a period.  A VF reset behind the driver's back (Xen resets a
 * VF before the guest hears it is being taken away) neither sends nor
 * completes nor interrupts; the watchdog alone would take a second to
 * see it, and the stack's TX timeout five.  A timer, not the next xmit,
 * looks: once completions stop, BQL stops the queue within a few frames
 * and no xmit comes to look (the rest wait in the qdisc, lost with the
 * VF).
 */
void xvf_tx_stall_timer(struct timer_list *t)
{
	struct xvf_adapter *adapter = from_timer(adapter, t, tx_stall_timer);
	struct xvf_ring *ring = &adapter->tx_ring;
	unsigned long due;

	/* Nothing to watch, or found stalled already: the next xmit re-arms. */
	if (!READ_ONCE(adapter->rings_up) ||
	    READ_ONCE(ring->next_to_use) == READ_ONCE(ring->next_to_clean) ||
	    test_bit(0, &adapter->tx_hung) || test_bit(0, &adapter->queues_lost))
		return;
	due = READ_ONCE(ring->progress) + msecs_to_jiffies(XVF_TX_STALL_MS);
	if (time_before(jiffies, due)) {
		/* Completions came since it was armed: look again later. */
		mod_timer(&adapter->tx_stall_timer, due);
		return;
	}
	WRITE_ONCE(ring->progress, jiffies);
	queue_work(system_highpri_wq, &adapter->stall_work);
	mod_timer(&adapter->tx_stall_timer,
		  jiffies + msecs_to_jiffies(XVF_TX_STALL_MS));
}

/*
 * A frame goes into the ring: an empty ring starts the period now, and
 * the timer watches it (armed once, not per frame).
 */
static void xvf_tx_watch_progress(struct xvf_adapter *adapter,
				  struct xvf_ring *ring)
{
	if (ring->next_to_use == READ_ONCE(ring->next_to_clean))
		WRITE_ONCE(ring->progress, jiffies);
	if (!timer_pending(&adapter->tx_stall_timer))
		mod_timer(&adapter->tx_stall_timer,
			  READ_ONCE(ring->progress) +
			  msecs_to_jiffies(XVF_TX_STALL_MS));
}

netdev_tx_t xvf_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	struct xvf_ring *ring = &adapter->tx_ring;
	struct device *dev = &adapter->pdev->dev;
	unsigned int nfrags = skb_shinfo(skb)->nr_frags, f, len;
	u16 i = ring->next_to_use, first = i;
	struct xvf_tx_offload off;
	struct xvf_tx_buf *buf;
	struct xvf_tx_desc *desc;
	dma_addr_t dma;
	u32 olinfo;

	if (xvf_tx_pad(skb)) {
		/* eth_skb_pad() freed it. */
		dev_core_stats_tx_dropped_inc(netdev);
		if (!netdev_xmit_more())
			xvf_tx_doorbell(adapter);
		return NETDEV_TX_OK;
	}
	/*
	 * The frame's buffers and a context descriptor.  The queue is
	 * stopped before this can fail: if it does, the accounting is wrong.
	 */
	if (unlikely(xvf_tx_room(ring) < nfrags + 2)) {
		netdev_err_once(netdev, "TX ring full with the queue awake\n");
		netif_stop_queue(netdev);
		return NETDEV_TX_BUSY;
	}
	if (xvf_tx_offload_prepare(skb, &off)) {
		xvf_tx_drop(adapter, skb);
		return NETDEV_TX_OK;
	}
	xvf_tx_watch_progress(adapter, ring);
	if (off.context) {
		xvf_tx_put_context(ring, i, &off);
		i = xvf_ring_next(i, ring->count);
	}
	olinfo = off.paylen << XVF_TXD_PAYLEN_SHIFT | off.popts;
	if (off.context)
		olinfo |= adapter->hw.family->tx_ctx_olinfo;
	for (f = 0; f <= nfrags; f++) {
		buf = &ring->tx[i];
		if (f == 0) {
			len = skb_headlen(skb);
			dma = dma_map_single(dev, skb->data, len, DMA_TO_DEVICE);
		} else {
			const skb_frag_t *frag = &skb_shinfo(skb)->frags[f - 1];

			len = skb_frag_size(frag);
			dma = skb_frag_dma_map(dev, frag, 0, len, DMA_TO_DEVICE);
		}
		if (dma_mapping_error(dev, dma))
			goto unwind;
		buf->dma = dma;
		buf->len = len;
		buf->is_page = f > 0;
		buf->skb = NULL;
		desc = (struct xvf_tx_desc *)ring->desc + i;
		xvf_tx_desc_fill(desc, dma, len, off.cmd, olinfo, f == nfrags);
		i = xvf_ring_next(i, ring->count);
	}
	/* The first slot carries the skb and where the frame ends. */
	ring->tx[first].skb = skb;
	ring->tx[first].bytes = off.wire_bytes;
	ring->tx[first].segs = off.segs;
	ring->tx[first].last = i ? i - 1 : ring->count - 1;
	if (off.cmd & XVF_TXD_CMD_TSE)
		ring->tso++;
	else if (off.popts & XVF_TXD_POPTS_TXSM)
		ring->csum_offloaded++;
	skb_tx_timestamp(skb);
	/* Descriptors complete in memory before the device may fetch them. */
	wmb();
	/* xvf_work_pending() reads it from the watchdog. */
	WRITE_ONCE(ring->next_to_use, i);
	xvf_tx_maybe_stop(adapter, ring);
	/*
	 * Ring the doorbell unless more frames follow at once; BQL may stop
	 * the queue here too, and then no further frame would ring it.
	 */
	if (__netdev_tx_sent_queue(netdev_get_tx_queue(netdev, 0),
				   off.wire_bytes, netdev_xmit_more()))
		xvf_tx_doorbell(adapter);
	return NETDEV_TX_OK;

unwind:
	while (i != first) {
		i = i ? i - 1 : ring->count - 1;
		xvf_unmap_tx_buf(adapter, &ring->tx[i]);
	}
	xvf_tx_drop(adapter, skb);
	return NETDEV_TX_OK;
}

/* Free what the device has sent; true if all of it was looked at. */
static bool xvf_clean_tx(struct xvf_adapter *adapter, int budget)
{
	struct xvf_ring *ring = &adapter->tx_ring;
	unsigned int frames = 0, packets = 0, bytes = 0;
	u16 i = ring->next_to_clean;

	while (i != ring->next_to_use && frames < budget) {
		struct xvf_tx_buf *first = &ring->tx[i];
		struct xvf_tx_desc *last =
			(struct xvf_tx_desc *)ring->desc + first->last;

		if (!(le32_to_cpu(READ_ONCE(last->olinfo_status)) &
		      XVF_TXD_STAT_DD))
			break;
		dma_rmb();
		packets += first->segs;
		frames++;
		bytes += first->bytes;
		for (;;) {
			bool done = i == first->last;

			xvf_unmap_tx_buf(adapter, &ring->tx[i]);
			i = xvf_ring_next(i, ring->count);
			if (done)
				break;
		}
		napi_consume_skb(first->skb, budget);
		first->skb = NULL;
	}
	/* xvf_xmit() reads them without the NAPI context. */
	WRITE_ONCE(ring->next_to_clean, i);
	if (frames)
		WRITE_ONCE(ring->progress, jiffies);
	u64_stats_update_begin(&ring->syncp);
	ring->packets += packets;
	ring->bytes += bytes;
	u64_stats_update_end(&ring->syncp);
	netdev_completed_queue(adapter->netdev, frames, bytes);
	if (!frames)
		return true;
	/* Transmit moves again (xvf_note_tx_stalled()): carrier may return. */
	if (unlikely(test_bit(0, &adapter->tx_hung)) &&
	    test_and_clear_bit(0, &adapter->tx_hung))
		mod_delayed_work(system_wq, &adapter->watchdog, 0);
	/*
	 * next_to_clean is visible before we look at the queue's state;
	 * pairs with the barrier in xvf_tx_maybe_stop().
	 */
	smp_mb();
	if (netif_queue_stopped(adapter->netdev) &&
	    xvf_tx_room(ring) >= XVF_TX_DESCS_NEEDED)
		netif_wake_queue(adapter->netdev);
	return frames < budget;
}

/* ---- RX ---- */

static bool xvf_alloc_rx_page(struct xvf_adapter *adapter,
			      struct xvf_rx_buf *buf)
{
	struct device *dev = &adapter->pdev->dev;
	struct page *page = xvf_fault_rx_page() ? NULL : dev_alloc_page();

	if (!page)
		return false;
	buf->dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, buf->dma)) {
		__free_page(page);
		return false;
	}
	buf->page = page;
	return true;
}

/*
 * Give every empty descriptor a page, then tell the device.  False if a
 * page could not be had: NAPI then tries again later (the refill timer)
 * rather than wait for an interrupt that a short ring may never raise.
 */
static bool xvf_refill_rx(struct xvf_adapter *adapter)
{
	bool filled = true;
	struct xvf_ring *ring = &adapter->rx_ring;
	u16 i = ring->next_to_use, start = i;

	while (xvf_ring_unused(i, ring->next_to_clean, ring->count)) {
		struct xvf_rx_buf *buf = &ring->rx[i];
		union xvf_rx_desc *desc = (union xvf_rx_desc *)ring->desc + i;

		if (!buf->page && !xvf_alloc_rx_page(adapter, buf)) {
			ring->alloc_failed++;
			filled = false;
			break;
		}
		desc->read.pkt_addr = cpu_to_le64(buf->dma);
		desc->read.hdr_addr = 0;
		i = xvf_ring_next(i, ring->count);
	}
	if (i == start) {
		/*
		 * Nothing posted and nothing left with the device: no frame,
		 * so no interrupt, until NAPI itself tries again.
		 */
		if (!filled && i == ring->next_to_clean)
			ring->ran_dry++;
		return filled;
	}
	ring->next_to_use = i;
	/* The buffer addresses reach memory before the tail moves. */
	wmb();
	xvf_wr(&adapter->hw, adapter->hw.family->q.rdt, i);
	return filled;
}

/*
 * A whole frame in one buffer, up to this size, is copied into a fresh
 * skb and the page stays mapped for the next frame: a 1500-byte frame
 * then costs its socket about 2 KB of truesize instead of a page, which
 * keeps TCP's receive window open, and pages are reused.
 */
#define XVF_RX_COPYBREAK	1536

static bool xvf_copy_rx_frame(struct xvf_adapter *adapter,
			      struct xvf_rx_buf *buf, unsigned int len)
{
	struct device *dev = &adapter->pdev->dev;
	struct sk_buff *skb;

	skb = napi_alloc_skb(&adapter->napi, len);
	if (!skb)
		return false;
	dma_sync_single_for_cpu(dev, buf->dma, len, DMA_FROM_DEVICE);
	skb_put_data(skb, page_address(buf->page), len);
	dma_sync_single_for_device(dev, buf->dma, len, DMA_FROM_DEVICE);
	adapter->rx_ring.skb = skb;
	return true;
}

/* Add one received buffer to the frame being built in ring->skb. */
static bool xvf_add_rx_buf(struct xvf_adapter *adapter, struct xvf_rx_buf *buf,
			   unsigned int len, bool eop)
{
	struct xvf_ring *ring = &adapter->rx_ring;
	struct sk_buff *skb = ring->skb;
	void *va = page_address(buf->page);
	unsigned int head;

	if (ring->discarding)
		return true;	/* the page stays for the next frame */
	if (!skb && eop && len <= XVF_RX_COPYBREAK)
		return xvf_copy_rx_frame(adapter, buf, len);

	dma_unmap_page(&adapter->pdev->dev, buf->dma, PAGE_SIZE,
		       DMA_FROM_DEVICE);
	if (!skb) {
		skb = napi_alloc_skb(&adapter->napi, XVF_RX_HDR_COPY);
		if (!skb) {
			/* The rest of this frame goes the same way. */
			put_page(buf->page);
			buf->page = NULL;
			ring->discarding = !eop;
			return false;
		}
		head = len <= XVF_RX_HDR_COPY ? len :
		       eth_get_headlen(adapter->netdev, va, XVF_RX_HDR_COPY);
		skb_put_data(skb, va, head);
		if (len > head)
			skb_add_rx_frag(skb, 0, buf->page, head, len - head,
					PAGE_SIZE);
		else
			put_page(buf->page);
		ring->skb = skb;
	} else {
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, buf->page, 0,
				len, PAGE_SIZE);
	}
	buf->page = NULL;
	return true;
}

/*
 * The device checked the TCP/UDP checksum and found it right: the stack
 * need not.  A wrong one is counted and left to the stack to judge.
 */
static void xvf_rx_csum(struct xvf_adapter *adapter, struct sk_buff *skb,
			u32 status)
{
	if (!(adapter->netdev->features & NETIF_F_RXCSUM))
		return;
	switch (xvf_rx_csum_status(&adapter->hw.family->rx_err, status)) {
	case XVF_RX_CSUM_GOOD:
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		break;
	case XVF_RX_CSUM_BAD:
		adapter->rx_ring.csum_errors++;
		break;
	case XVF_RX_CSUM_UNCHECKED:
		break;
	}
}

/*
 * Hand the frames the device has written back to the stack: through GRO
 * from NAPI (@in_napi), directly when the queue is being taken down.
 * From NAPI, the ring is refilled after; *@starved tells if it could not
 * be.
 */
static int xvf_clean_rx(struct xvf_adapter *adapter, int budget, bool in_napi,
			bool *starved)
{
	struct xvf_ring *ring = &adapter->rx_ring;
	unsigned int packets = 0, bytes = 0;
	u16 i = ring->next_to_clean;

	while (packets < budget && i != ring->next_to_use) {
		union xvf_rx_desc *desc = (union xvf_rx_desc *)ring->desc + i;
		u32 status = le32_to_cpu(READ_ONCE(desc->wb.status_error));
		struct sk_buff *skb;

		if (!(status & XVF_RXD_STAT_DD))
			break;
		dma_rmb();
		if (!xvf_add_rx_buf(adapter, &ring->rx[i],
				    le16_to_cpu(desc->wb.length),
				    status & XVF_RXD_STAT_EOP))
			ring->alloc_failed++;
		i = xvf_ring_next(i, ring->count);
		if (!(status & XVF_RXD_STAT_EOP))
			continue;
		ring->discarding = false;
		skb = ring->skb;
		ring->skb = NULL;
		if (!skb)
			continue;
		if (status & adapter->hw.family->rx_err.frame) {
			ring->errors++;
			dev_kfree_skb_any(skb);
			continue;
		}
		if (status & XVF_RXD_STAT_VP)
			__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
					       xvf_rx_vlan_tag(adapter->hw.family,
							       status,
							       desc->wb.vlan));
		xvf_rx_csum(adapter, skb, status);
		skb->protocol = eth_type_trans(skb, adapter->netdev);
		packets++;
		bytes += skb->len + ETH_HLEN;
		if (in_napi)
			napi_gro_receive(&adapter->napi, skb);
		else
			netif_receive_skb(skb);
	}
	ring->next_to_clean = i;
	u64_stats_update_begin(&ring->syncp);
	ring->packets += packets;
	ring->bytes += bytes;
	u64_stats_update_end(&ring->syncp);
	if (in_napi)
		*starved = !xvf_refill_rx(adapter);
	return packets;
}

/* ---- interrupt and NAPI ---- */

/* The TX and the RX vector alike: one NAPI round serves both rings. */
static irqreturn_t xvf_queue_irq(int irq, void *data)
{
	struct xvf_adapter *adapter = data;

	/* Both masked until NAPI has done its round. */
	xvf_wr(&adapter->hw, adapter->hw.family->irq.eimc, XVF_QUEUE_EIMS);
	napi_schedule(&adapter->napi);
	return IRQ_HANDLED;
}

static int xvf_request_irqs(struct xvf_adapter *adapter)
{
	static const char *const role[XVF_NUM_VECTORS] = {
		[XVF_TX_VECTOR] = "tx", [XVF_RX_VECTOR] = "rx",
	};
	int v, err;

	for (v = 0; v < XVF_NUM_VECTORS; v++) {
		snprintf(adapter->irq_names[v], sizeof(adapter->irq_names[v]),
			 "%s-%s-0", adapter->netdev->name, role[v]);
		err = request_irq(pci_irq_vector(adapter->pdev, v),
				  xvf_queue_irq, 0, adapter->irq_names[v],
				  adapter);
		if (err)
			goto err_free;
	}
	return 0;

err_free:
	while (--v >= 0)
		free_irq(pci_irq_vector(adapter->pdev, v), adapter);
	return err;
}

static void xvf_sync_irqs(struct xvf_adapter *adapter)
{
	int v;

	for (v = 0; v < XVF_NUM_VECTORS; v++)
		synchronize_irq(pci_irq_vector(adapter->pdev, v));
}

static void xvf_free_irqs(struct xvf_adapter *adapter)
{
	int v;

	for (v = 0; v < XVF_NUM_VECTORS; v++)
		free_irq(pci_irq_vector(adapter->pdev, v), adapter);
}

void xvf_write_itr(struct xvf_adapter *adapter)
{
	struct xvf_hw *hw = &adapter->hw;
	int v;

	for (v = 0; v < XVF_NUM_VECTORS; v++)
		xvf_wr(hw, hw->family->irq.eitr0 + 4 * v,
		       hw->family->itr(adapter->itr_usecs[v]));
}

/* A received frame or a sent one waiting to be cleaned. */
bool xvf_work_pending(struct xvf_adapter *adapter)
{
	struct xvf_ring *rx = &adapter->rx_ring, *tx = &adapter->tx_ring;
	union xvf_rx_desc *rxd = (union xvf_rx_desc *)rx->desc + rx->next_to_clean;
	struct xvf_tx_desc *txd;

	if (rx->next_to_clean != rx->next_to_use &&
	    le32_to_cpu(READ_ONCE(rxd->wb.status_error)) & XVF_RXD_STAT_DD)
		return true;
	if (tx->next_to_clean == READ_ONCE(tx->next_to_use))
		return false;
	txd = (struct xvf_tx_desc *)tx->desc + tx->tx[tx->next_to_clean].last;
	return le32_to_cpu(READ_ONCE(txd->olinfo_status)) & XVF_TXD_STAT_DD;
}

/*
 * An RX ring short of pages may get no interrupt again: a dry one has no
 * buffer for a frame, and one holding fewer buffers than a frame needs
 * drops it.  NAPI tries again after this long rather than at once: while
 * the allocator fails, polling in a loop only burns the CPU the rest of
 * the system needs to free memory (2.2 million failed refills in 15 s
 * on the debug test kernel; about 65 a second with the timer).
 */
#define XVF_RX_REFILL_RETRY_MS	10

static void xvf_rx_refill_later(struct xvf_adapter *adapter)
{
	mod_timer(&adapter->rx_refill_timer,
		  jiffies + msecs_to_jiffies(XVF_RX_REFILL_RETRY_MS));
}

void xvf_rx_refill_timer(struct timer_list *t)
{
	struct xvf_adapter *adapter = from_timer(adapter, t, rx_refill_timer);

	/* A no-op once xvf_down() has disabled NAPI. */
	napi_schedule(&adapter->napi);
}

int xvf_poll(struct napi_struct *napi, int budget)
{
	struct xvf_adapter *adapter = container_of(napi, struct xvf_adapter, napi);
	bool tx_done = xvf_clean_tx(adapter, budget), starved;
	int done = xvf_clean_rx(adapter, budget, true, &starved);

	if (!tx_done || done >= budget)
		return budget;
	if (napi_complete_done(napi, done)) {
		xvf_wr(&adapter->hw, adapter->hw.family->irq.eims,
		       XVF_QUEUE_EIMS);
		if (starved)
			xvf_rx_refill_later(adapter);
		/*
		 * Work that completed while the vector was masked does not
		 * always raise it again on unmasking: look, and go round
		 * again instead of waiting for the next frame's interrupt.
		 */
		if (xvf_work_pending(adapter))
			napi_schedule(napi);
	}
	return done;
}

/* ---- bring-up and teardown ---- */

static int xvf_alloc_ring(struct xvf_adapter *adapter, struct xvf_ring *ring,
			  u16 count, size_t desc_size, size_t buf_size)
{
	ring->count = count;
	ring->size = ALIGN(ring->count * desc_size, 4096);
	ring->bufs = kcalloc(ring->count, buf_size, GFP_KERNEL);
	if (!ring->bufs)
		return -ENOMEM;
	ring->desc = dma_alloc_coherent(&adapter->pdev->dev, ring->size,
					&ring->dma, GFP_KERNEL);
	if (!ring->desc) {
		kfree(ring->bufs);
		ring->bufs = NULL;
		return -ENOMEM;
	}
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	ring->progress = jiffies;
	return 0;
}

static void xvf_free_ring(struct xvf_adapter *adapter, struct xvf_ring *ring)
{
	if (ring->desc)
		dma_free_coherent(&adapter->pdev->dev, ring->size, ring->desc,
				  ring->dma);
	ring->desc = NULL;
	kfree(ring->bufs);
	ring->bufs = NULL;
}

/*
 * Frames the device wrote back before its queue stopped are the peer's
 * traffic, already accepted by the NIC: on a planned detach the host
 * clears the VF's MAC filter and removes it moments later, and whatever
 * NAPI had not reached yet would be lost.  The stack takes them still
 * (a failover master receives them through its rx_handler).
 */
static void xvf_deliver_last_rx(struct xvf_adapter *adapter)
{
	int done;

	local_bh_disable();
	done = xvf_clean_rx(adapter, adapter->rx_ring.count, false, NULL);
	local_bh_enable();
	adapter->rx_ring.delivered_at_stop += done;
}

static void xvf_drain_rings(struct xvf_adapter *adapter)
{
	struct xvf_ring *tx = &adapter->tx_ring, *rx = &adapter->rx_ring;
	unsigned int i;

	for (i = 0; i < tx->count; i++)
		if (tx->tx[i].skb || tx->tx[i].len)
			xvf_free_tx_buf(adapter, &tx->tx[i]);
	for (i = 0; i < rx->count; i++) {
		if (!rx->rx[i].page)
			continue;
		dma_unmap_page(&adapter->pdev->dev, rx->rx[i].dma, PAGE_SIZE,
			       DMA_FROM_DEVICE);
		put_page(rx->rx[i].page);
		rx->rx[i].page = NULL;
	}
	dev_kfree_skb_any(rx->skb);
	rx->skb = NULL;
	rx->discarding = false;
	netdev_reset_queue(adapter->netdev);
}

/*
 * A queue's ENABLE bit reads back the state the queue is in, not the one
 * asked for: it drops only once the queue has stopped fetching, and rises
 * once it is ready for a tail.  Wait for it (process context).  A device
 * that reads all-ones is gone and does no more DMA.
 */
static bool xvf_wait_queue_enable(struct xvf_hw *hw, u32 ctl, bool on)
{
	u32 enable = hw->family->q.queue_enable;
	unsigned int waited = 0;

	for (;;) {
		u32 val = xvf_rd(hw, ctl);

		if (val == 0xffffffffu)
			return !on;
		if (!!(val & enable) == on)
			return true;
		if (waited >= XVF_QUEUE_ENABLE_USECS)
			return false;
		hw->regs->delay(hw->ctx, 10);
		waited += 10;
	}
}

/*
 * Program one ring's base, length and head/tail, and enable it; the RX
 * tail moves only once the queue is enabled (xvf_refill_rx() after).
 */
static int xvf_start_ring(struct xvf_adapter *adapter, struct xvf_ring *ring,
			  bool rx)
{
	const struct xvf_queue_regs *q = &adapter->hw.family->q;
	struct xvf_hw *hw = &adapter->hw;
	u32 ctl = rx ? q->rxdctl : q->txdctl;

	xvf_wr(hw, ctl, 0);
	xvf_wr(hw, rx ? q->rdbal : q->tdbal, lower_32_bits(ring->dma));
	xvf_wr(hw, rx ? q->rdbah : q->tdbah, upper_32_bits(ring->dma));
	xvf_wr(hw, rx ? q->rdlen : q->tdlen, ring->count * 16);
	if (rx)
		xvf_wr(hw, q->srrctl, hw->family->srrctl(PAGE_SIZE));
	xvf_wr(hw, rx ? q->rdh : q->tdh, 0);
	xvf_wr(hw, rx ? q->rdt : q->tdt, 0);
	xvf_wr(hw, ctl, q->queue_enable | (rx ? q->rx_ctl : 0));
	if (xvf_wait_queue_enable(hw, ctl, true))
		return 0;
	netdev_err(adapter->netdev, "%s queue did not enable\n", rx ? "RX" : "TX");
	return -EIO;
}

/*
 * Whether a queue that xvf_up() enabled reads disabled: the function was
 * reset without us (a VF reset in dom0, a sysfs reset in the guest).  A
 * device that reads all-ones is not judged here (xvf_hw_gone()).
 */
bool xvf_queues_disabled(struct xvf_adapter *adapter)
{
	const struct xvf_queue_regs *q = &adapter->hw.family->q;
	struct xvf_hw *hw = &adapter->hw;

	return !(xvf_rd(hw, q->txdctl) & q->queue_enable) ||
	       !(xvf_rd(hw, q->rxdctl) & q->queue_enable);
}

/*
 * Disable both queues and wait until they have stopped: only then may
 * their descriptors and buffers be unmapped and freed.
 */
static void xvf_stop_rings(struct xvf_adapter *adapter)
{
	const struct xvf_queue_regs *q = &adapter->hw.family->q;
	struct xvf_hw *hw = &adapter->hw;

	xvf_wr(hw, q->rxdctl, 0);
	xvf_wr(hw, q->txdctl, 0);
	if (!xvf_wait_queue_enable(hw, q->rxdctl, false) ||
	    !xvf_wait_queue_enable(hw, q->txdctl, false))
		netdev_warn(adapter->netdev, "a queue still enabled %u us after it was disabled\n",
			    XVF_QUEUE_ENABLE_USECS);
}

int xvf_up(struct xvf_adapter *adapter)
{
	const struct xvf_irq_regs *irq = &adapter->hw.family->irq;
	struct xvf_hw *hw = &adapter->hw;
	bool filled;
	int err;

	err = xvf_alloc_ring(adapter, &adapter->tx_ring, adapter->tx_ring_count,
			     sizeof(struct xvf_tx_desc), sizeof(struct xvf_tx_buf));
	if (err)
		return err;
	err = xvf_alloc_ring(adapter, &adapter->rx_ring, adapter->rx_ring_count,
			     sizeof(union xvf_rx_desc), sizeof(struct xvf_rx_buf));
	if (err)
		goto err_free_tx;
	err = xvf_request_irqs(adapter);
	if (err)
		goto err_free_rx;

	err = xvf_start_ring(adapter, &adapter->tx_ring, false);
	if (!err)
		err = xvf_start_ring(adapter, &adapter->rx_ring, true);
	if (err)
		goto err_stop;
	filled = xvf_refill_rx(adapter);
	if (!filled)
		netdev_warn(adapter->netdev, "RX ring started short of pages\n");
	hw->family->map_queue_irq(hw, XVF_RX_VECTOR, XVF_TX_VECTOR);
	xvf_write_itr(adapter);
	xvf_wr(hw, irq->eiac, XVF_QUEUE_EIMS);
	napi_enable(&adapter->napi);
	if (!filled)
		xvf_rx_refill_later(adapter);
	xvf_wr(hw, irq->eims, XVF_QUEUE_EIMS);
	clear_bit(0, &adapter->queues_lost);
	clear_bit(0, &adapter->tx_hung);
	WRITE_ONCE(adapter->rings_up, true);
	netif_start_queue(adapter->netdev);
	return 0;

err_stop:
	xvf_stop_rings(adapter);
	xvf_free_irqs(adapter);
err_free_rx:
	xvf_free_ring(adapter, &adapter->rx_ring);
err_free_tx:
	xvf_free_ring(adapter, &adapter->tx_ring);
	return err;
}

void xvf_down(struct xvf_adapter *adapter)
{
	const struct xvf_irq_regs *irq = &adapter->hw.family->irq;

	/* A restart that failed half-way left nothing to take down. */
	if (!adapter->rings_up)
		return;
	WRITE_ONCE(adapter->rings_up, false);
	/*
	 * NAPI first, so its TX clean cannot wake the queue again; then
	 * netif_tx_disable() waits for an xmit in flight, and none touches
	 * the TX ring after it.
	 */
	napi_disable(&adapter->napi);
	/* After NAPI: a poll could arm it again, the timer finds it off. */
	del_timer_sync(&adapter->rx_refill_timer);
	netif_tx_disable(adapter->netdev);
	/*
	 * No xmit arms the stall timer any more, and it finds rings_up
	 * false; a check it already queued must not see the queues we are
	 * about to disable as lost.
	 */
	del_timer_sync(&adapter->tx_stall_timer);
	cancel_work_sync(&adapter->stall_work);
	/*
	 * Masked after NAPI is off, so a poll that completed just before
	 * cannot unmask again behind our back; an interrupt from here on
	 * finds NAPI disabled.
	 */
	xvf_wr(&adapter->hw, irq->eimc, ~0u);
	xvf_sync_irqs(adapter);
	/*
	 * A poll that called napi_complete_done() before napi_disable() may
	 * still be in its re-check of the rings (xvf_work_pending()), and
	 * napi_disable() does not wait for that.  It runs in softirq
	 * context, an RCU read-side section: wait for it before the rings
	 * go (seen as a NULL dereference in xvf_work_pending() when a VF
	 * was removed under traffic).
	 */
	synchronize_net();
	xvf_stop_rings(adapter);
	xvf_free_irqs(adapter);
	xvf_deliver_last_rx(adapter);
	xvf_drain_rings(adapter);
	xvf_free_ring(adapter, &adapter->rx_ring);
	xvf_free_ring(adapter, &adapter->tx_ring);
}

/*
 * Packets and bytes from the VF's hardware counters (what crossed the
 * wire, as the NIC saw it); errors and drops from the driver's own.
 */
void xvf_get_stats64(struct net_device *netdev, struct rtnl_link_stats64 *s)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	const u64 *hw = adapter->hw_stats.total;

	spin_lock_bh(&adapter->hw_stats_lock);
	s->rx_packets = hw[XVF_HWSTAT_RX_PACKETS];
	s->tx_packets = hw[XVF_HWSTAT_TX_PACKETS];
	s->rx_bytes = hw[XVF_HWSTAT_RX_BYTES];
	s->tx_bytes = hw[XVF_HWSTAT_TX_BYTES];
	s->multicast = hw[XVF_HWSTAT_MULTICAST];
	spin_unlock_bh(&adapter->hw_stats_lock);
	s->rx_errors = adapter->rx_ring.errors;
	s->rx_dropped = adapter->rx_ring.alloc_failed;
}
