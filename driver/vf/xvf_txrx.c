// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: the data path — queue pairs (struct xvf_qvec), each an RX and a TX
 * ring, one NAPI context and the family's MSI-X vectors; the stack picks
 * the TX queue, the NIC's RSS the RX queue.
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
static void xvf_tx_doorbell(struct xvf_adapter *adapter, struct xvf_ring *ring)
{
	xvf_wr(&adapter->hw, ring->tail, ring->next_to_use);
}

static void xvf_tx_drop(struct xvf_adapter *adapter, struct xvf_ring *ring,
			struct sk_buff *skb)
{
	dev_core_stats_tx_dropped_inc(adapter->netdev);
	dev_kfree_skb_any(skb);
	if (!netdev_xmit_more())
		xvf_tx_doorbell(adapter, ring);
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
	netif_stop_subqueue(adapter->netdev, ring->queue);
	ring->restarts++;
	/* The stop is visible before we look at next_to_clean again. */
	smp_mb();
	if (xvf_tx_room(ring) >= XVF_TX_DESCS_NEEDED)
		netif_start_subqueue(adapter->netdev, ring->queue);
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
 * When ring's stall period ends: its last completion (or the time it
 * went from empty to busy) plus XVF_TX_STALL_MS; 0 if it holds nothing.
 */
static unsigned long xvf_tx_stall_due(struct xvf_ring *ring)
{
	if (READ_ONCE(ring->next_to_use) == READ_ONCE(ring->next_to_clean))
		return 0;
	return READ_ONCE(ring->progress) + msecs_to_jiffies(XVF_TX_STALL_MS) ?: 1;
}

/*
 * Frames wait in a ring and the device has completed none of them for
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
	unsigned long due, next = 0;
	bool stalled = false;
	unsigned int p;

	/* Nothing to watch, or found stalled already: the next xmit re-arms. */
	if (!READ_ONCE(adapter->rings_up) || test_bit(0, &adapter->tx_hung) ||
	    test_bit(0, &adapter->queues_lost))
		return;
	for (p = 0; p < READ_ONCE(adapter->num_pairs); p++) {
		struct xvf_ring *ring = &adapter->qv[p].tx;

		due = xvf_tx_stall_due(ring);
		if (!due)
			continue;
		if (time_before(jiffies, due)) {
			/* Completions came since it was armed: later. */
			if (!next || time_before(due, next))
				next = due;
			continue;
		}
		WRITE_ONCE(ring->progress, jiffies);
		stalled = true;
	}
	if (stalled) {
		queue_work(system_highpri_wq, &adapter->stall_work);
		next = jiffies + msecs_to_jiffies(XVF_TX_STALL_MS);
	}
	if (next)
		mod_timer(&adapter->tx_stall_timer, next);
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
	u16 queue = skb_get_queue_mapping(skb);
	struct xvf_ring *ring = &adapter->qv[queue].tx;
	struct device *dev = &adapter->pdev->dev;
	unsigned int nfrags = skb_shinfo(skb)->nr_frags, f, len;
	u16 i = ring->next_to_use, first = i;
	struct xvf_tx_buf *buf, *head = &ring->tx[i];
	struct xvf_tx_offload off;
	struct xvf_tx_desc *desc;
	dma_addr_t dma;
	u32 olinfo;

	if (xvf_tx_pad(skb)) {
		/* eth_skb_pad() freed it. */
		dev_core_stats_tx_dropped_inc(netdev);
		if (!netdev_xmit_more())
			xvf_tx_doorbell(adapter, ring);
		return NETDEV_TX_OK;
	}
	/*
	 * The frame's buffers and a context descriptor.  The queue is
	 * stopped before this can fail: if it does, the accounting is wrong.
	 */
	if (unlikely(xvf_tx_room(ring) < nfrags + 2)) {
		netdev_err_once(netdev, "TX ring full with the queue awake\n");
		netif_stop_subqueue(netdev, queue);
		return NETDEV_TX_BUSY;
	}
	if (xvf_tx_offload_prepare(skb, &off)) {
		xvf_tx_drop(adapter, ring, skb);
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
		desc = (struct xvf_tx_desc *)ring->desc + i;
		xvf_tx_desc_fill(desc, dma, len, off.cmd, olinfo, f == nfrags);
		i = xvf_ring_next(i, ring->count);
	}
	/*
	 * The first slot carries the skb and where the frame ends.  The
	 * other slots' skb is NULL already: only a first slot ever holds
	 * one, and xvf_clean_tx() clears it there.
	 */
	head->skb = skb;
	head->bytes = off.wire_bytes;
	head->segs = off.segs;
	head->last = i ? i - 1 : ring->count - 1;
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
	if (__netdev_tx_sent_queue(netdev_get_tx_queue(netdev, queue),
				   off.wire_bytes, netdev_xmit_more()))
		xvf_tx_doorbell(adapter, ring);
	return NETDEV_TX_OK;

unwind:
	while (i != first) {
		i = i ? i - 1 : ring->count - 1;
		xvf_unmap_tx_buf(adapter, &ring->tx[i]);
	}
	xvf_tx_drop(adapter, ring, skb);
	return NETDEV_TX_OK;
}

/* Free what the device has sent; true if all of it was looked at. */
static bool xvf_clean_tx(struct xvf_qvec *qv, int budget)
{
	struct xvf_adapter *adapter = qv->adapter;
	struct xvf_ring *ring = &qv->tx;
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
	if (!frames)
		return true;
	/* xvf_xmit() reads them without the NAPI context. */
	WRITE_ONCE(ring->next_to_clean, i);
	WRITE_ONCE(ring->progress, jiffies);
	u64_stats_update_begin(&ring->syncp);
	ring->packets += packets;
	ring->bytes += bytes;
	u64_stats_update_end(&ring->syncp);
	netdev_tx_completed_queue(netdev_get_tx_queue(adapter->netdev,
						      ring->queue),
				  frames, bytes);
	/* Transmit moves again (xvf_note_tx_stalled()): carrier may return. */
	if (unlikely(test_bit(0, &adapter->tx_hung)) &&
	    test_and_clear_bit(0, &adapter->tx_hung))
		mod_delayed_work(system_wq, &adapter->watchdog, 0);
	/*
	 * next_to_clean is visible before we look at the queue's state;
	 * pairs with the barrier in xvf_tx_maybe_stop().
	 */
	smp_mb();
	if (__netif_subqueue_stopped(adapter->netdev, ring->queue) &&
	    xvf_tx_room(ring) >= XVF_TX_DESCS_NEEDED)
		netif_wake_subqueue(adapter->netdev, ring->queue);
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
static bool xvf_refill_rx(struct xvf_adapter *adapter, struct xvf_ring *ring)
{
	bool filled = true;
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
	xvf_wr(&adapter->hw, ring->tail, i);
	return filled;
}

/*
 * A whole frame in one buffer, up to this size, is copied into a fresh
 * skb and the page stays mapped for the next frame: a 1500-byte frame
 * then costs its socket about 2 KB of truesize instead of a page, which
 * keeps TCP's receive window open, and pages are reused.
 */
#define XVF_RX_COPYBREAK	1536

static bool xvf_copy_rx_frame(struct xvf_qvec *qv, struct xvf_rx_buf *buf,
			      unsigned int len)
{
	struct device *dev = &qv->adapter->pdev->dev;
	struct sk_buff *skb;

	skb = napi_alloc_skb(&qv->napi, len);
	if (!skb)
		return false;
	dma_sync_single_for_cpu(dev, buf->dma, len, DMA_FROM_DEVICE);
	skb_put_data(skb, page_address(buf->page), len);
	dma_sync_single_for_device(dev, buf->dma, len, DMA_FROM_DEVICE);
	qv->rx.skb = skb;
	return true;
}

/* Add one received buffer to the frame being built in ring->skb. */
static bool xvf_add_rx_buf(struct xvf_qvec *qv, struct xvf_rx_buf *buf,
			   unsigned int len, bool eop)
{
	struct xvf_adapter *adapter = qv->adapter;
	struct xvf_ring *ring = &qv->rx;
	struct sk_buff *skb = ring->skb;
	void *va = page_address(buf->page);
	unsigned int head;

	if (ring->discarding)
		return true;	/* the page stays for the next frame */
	if (!skb && eop && len <= XVF_RX_COPYBREAK)
		return xvf_copy_rx_frame(qv, buf, len);

	dma_unmap_page(&adapter->pdev->dev, buf->dma, PAGE_SIZE,
		       DMA_FROM_DEVICE);
	if (!skb) {
		skb = napi_alloc_skb(&qv->napi, XVF_RX_HDR_COPY);
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
static void xvf_rx_csum(struct xvf_adapter *adapter, struct xvf_ring *ring,
			struct sk_buff *skb, u32 status)
{
	if (!(adapter->netdev->features & NETIF_F_RXCSUM))
		return;
	switch (xvf_rx_csum_status(&adapter->hw.family->rx_err, status)) {
	case XVF_RX_CSUM_GOOD:
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		break;
	case XVF_RX_CSUM_BAD:
		ring->csum_errors++;
		break;
	case XVF_RX_CSUM_UNCHECKED:
		break;
	}
}

/* The NIC's RSS hash, for RPS and the stack's flow tables. */
static void xvf_rx_hash(struct xvf_adapter *adapter, struct sk_buff *skb,
			const union xvf_rx_desc *desc)
{
	enum pkt_hash_types type;

	if (!(adapter->netdev->features & NETIF_F_RXHASH))
		return;
	type = xvf_rx_hash_type(le32_to_cpu(desc->wb.info));
	if (type != PKT_HASH_TYPE_NONE)
		skb_set_hash(skb, le32_to_cpu(desc->wb.rss), type);
}

/*
 * Hand the frames the device has written back to the stack: through GRO
 * from NAPI (@in_napi), directly when the queue is being taken down.
 * From NAPI, the ring is refilled after; *@starved tells if it could not
 * be.
 */
static int xvf_clean_rx(struct xvf_qvec *qv, int budget, bool in_napi,
			bool *starved)
{
	struct xvf_adapter *adapter = qv->adapter;
	struct xvf_ring *ring = &qv->rx;
	unsigned int packets = 0, bytes = 0;
	u16 i = ring->next_to_clean;

	while (packets < budget && i != ring->next_to_use) {
		union xvf_rx_desc *desc = (union xvf_rx_desc *)ring->desc + i;
		u32 status = le32_to_cpu(READ_ONCE(desc->wb.status_error));
		struct sk_buff *skb;

		if (!(status & XVF_RXD_STAT_DD))
			break;
		dma_rmb();
		if (!xvf_add_rx_buf(qv, &ring->rx[i],
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
		xvf_rx_csum(adapter, ring, skb, status);
		xvf_rx_hash(adapter, skb, desc);
		skb_record_rx_queue(skb, ring->queue);
		skb->protocol = eth_type_trans(skb, adapter->netdev);
		packets++;
		bytes += skb->len + ETH_HLEN;
		if (in_napi)
			napi_gro_receive(&qv->napi, skb);
		else
			netif_receive_skb(skb);
	}
	ring->next_to_clean = i;
	u64_stats_update_begin(&ring->syncp);
	ring->packets += packets;
	ring->bytes += bytes;
	u64_stats_update_end(&ring->syncp);
	if (in_napi)
		*starved = !xvf_refill_rx(adapter, ring);
	return packets;
}

/* ---- interrupts and NAPI ---- */

/* A pair's vectors alike: one NAPI round serves both its rings. */
static irqreturn_t xvf_queue_irq(int irq, void *data)
{
	struct xvf_qvec *qv = data;

	/* Masked until NAPI has done its round. */
	xvf_wr(&qv->adapter->hw, qv->adapter->hw.family->irq.eimc, qv->eims);
	/* A hard interrupt handler: interrupts are off already. */
	napi_schedule_irqoff(&qv->napi);
	return IRQ_HANDLED;
}

/*
 * The PF wrote to the mailbox (a reset, clear-to-send taken back, a
 * reply): the watchdog looks now rather than at its next round.
 */
static irqreturn_t xvf_mbx_irq(int irq, void *data)
{
	struct xvf_adapter *adapter = data;

	mod_delayed_work(system_wq, &adapter->watchdog, 0);
	return IRQ_HANDLED;
}

static unsigned int xvf_mbx_vector_index(struct xvf_adapter *adapter)
{
	return adapter->num_vectors - 1;
}

/*
 * The MSI-X vectors, once per probe: the family's per pair for as many
 * pairs as it may use, and the mailbox's.  Fewer will do: down to one
 * pair, and then without the mailbox's (the watchdog polls it anyway).
 */
int xvf_alloc_vectors(struct xvf_adapter *adapter)
{
	const struct xvf_family *family = adapter->hw.family;
	unsigned int pv = family->pair_vectors;
	int n;

	n = pci_alloc_irq_vectors(adapter->pdev, pv,
				  family->max_queue_pairs * pv + 1,
				  PCI_IRQ_MSIX);
	if (n < 0)
		return n;
	adapter->num_vectors = n;
	adapter->mbx_vector = n > pv;
	return 0;
}

void xvf_free_vectors(struct xvf_adapter *adapter)
{
	pci_free_irq_vectors(adapter->pdev);
	adapter->num_vectors = 0;
}

/*
 * Pairs the device could run now: the family's limit, what the PF
 * granted at the last handshake, the vectors there are and the CPUs.
 */
unsigned int xvf_pairs_possible(struct xvf_adapter *adapter)
{
	const struct xvf_family *family = adapter->hw.family;
	unsigned int vectors = adapter->num_vectors - adapter->mbx_vector;
	unsigned int n = family->max_queue_pairs;

	n = min(n, vectors / family->pair_vectors);
	n = min(n, adapter->hw.queues.tx);
	n = min(n, adapter->hw.queues.rx);
	n = min(n, num_online_cpus());
	n = min_t(unsigned int, n, XVF_MAX_QUEUE_PAIRS);
	return max(n, 1u);
}

static unsigned int xvf_tx_vector(const struct xvf_qvec *qv)
{
	return qv->first_vector;
}

/* With two vectors per pair RX has the second, with one it shares. */
static unsigned int xvf_rx_vector(const struct xvf_qvec *qv)
{
	return qv->first_vector + qv->adapter->hw.family->pair_vectors - 1;
}

static void xvf_free_pair_irqs(struct xvf_qvec *qv)
{
	struct pci_dev *pdev = qv->adapter->pdev;
	unsigned int v;

	for (v = xvf_tx_vector(qv); v <= xvf_rx_vector(qv); v++)
		free_irq(pci_irq_vector(pdev, v), qv);
}

static void xvf_free_irqs(struct xvf_adapter *adapter)
{
	unsigned int p;

	if (adapter->mbx_vector)
		free_irq(pci_irq_vector(adapter->pdev,
					xvf_mbx_vector_index(adapter)), adapter);
	for (p = 0; p < adapter->num_pairs; p++)
		xvf_free_pair_irqs(&adapter->qv[p]);
}

static int xvf_request_pair_irqs(struct xvf_qvec *qv, unsigned int pair)
{
	struct xvf_adapter *adapter = qv->adapter;
	bool shared = xvf_tx_vector(qv) == xvf_rx_vector(qv);
	unsigned int v, k = 0;
	int err;

	for (v = xvf_tx_vector(qv); v <= xvf_rx_vector(qv); v++, k++) {
		snprintf(qv->irq_names[k], sizeof(qv->irq_names[k]), "%s-%s-%u",
			 adapter->netdev->name,
			 shared ? "TxRx" : k ? "rx" : "tx", pair);
		err = request_irq(pci_irq_vector(adapter->pdev, v),
				  xvf_queue_irq, 0, qv->irq_names[k], qv);
		if (err)
			goto err_free;
	}
	return 0;

err_free:
	while (v-- > xvf_tx_vector(qv))
		free_irq(pci_irq_vector(adapter->pdev, v), qv);
	return err;
}

static int xvf_request_irqs(struct xvf_adapter *adapter)
{
	unsigned int p;
	int err;

	for (p = 0; p < adapter->num_pairs; p++) {
		err = xvf_request_pair_irqs(&adapter->qv[p], p);
		if (err)
			goto err_free;
	}
	if (!adapter->mbx_vector)
		return 0;
	snprintf(adapter->mbx_irq_name, sizeof(adapter->mbx_irq_name), "%s-mbx",
		 adapter->netdev->name);
	err = request_irq(pci_irq_vector(adapter->pdev,
					 xvf_mbx_vector_index(adapter)),
			  xvf_mbx_irq, 0, adapter->mbx_irq_name, adapter);
	if (!err)
		return 0;
err_free:
	while (p-- > 0)
		xvf_free_pair_irqs(&adapter->qv[p]);
	return err;
}

static void xvf_sync_irqs(struct xvf_adapter *adapter)
{
	unsigned int v;

	for (v = 0; v < adapter->num_vectors; v++)
		synchronize_irq(pci_irq_vector(adapter->pdev, v));
}

/* EIMS bits of every pair's vectors and the mailbox's. */
static u32 xvf_all_eims(struct xvf_adapter *adapter)
{
	u32 eims = 0;
	unsigned int p;

	for (p = 0; p < adapter->num_pairs; p++)
		eims |= adapter->qv[p].eims;
	if (adapter->mbx_vector)
		eims |= BIT(xvf_mbx_vector_index(adapter));
	return eims;
}

/* A vector shared by TX and RX is paced as RX (as ixgbevf does). */
void xvf_write_itr(struct xvf_adapter *adapter)
{
	struct xvf_hw *hw = &adapter->hw;
	unsigned int p;

	for (p = 0; p < adapter->num_pairs; p++) {
		struct xvf_qvec *qv = &adapter->qv[p];

		xvf_wr(hw, hw->family->irq.eitr0 + 4 * xvf_tx_vector(qv),
		       hw->family->itr(adapter->itr_usecs[XVF_ITR_TX]));
		xvf_wr(hw, hw->family->irq.eitr0 + 4 * xvf_rx_vector(qv),
		       hw->family->itr(adapter->itr_usecs[XVF_ITR_RX]));
	}
}

/* A received frame or a sent one waiting to be cleaned. */
static bool xvf_pair_work_pending(struct xvf_qvec *qv)
{
	struct xvf_ring *rx = &qv->rx, *tx = &qv->tx;
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
 * Completions or frames whose interrupt never came: have NAPI take them
 * (from the watchdog and the stall check; the rings are up).  True if
 * any pair had some.
 */
bool xvf_poll_missed(struct xvf_adapter *adapter)
{
	bool missed = false;
	unsigned int p;

	local_bh_disable();
	for (p = 0; p < adapter->num_pairs; p++) {
		if (!xvf_pair_work_pending(&adapter->qv[p]))
			continue;
		napi_schedule(&adapter->qv[p].napi);
		missed = true;
	}
	local_bh_enable();
	return missed;
}

/* Moves whenever any TX ring completes a frame (the stall check's). */
u32 xvf_tx_clean_mark(struct xvf_adapter *adapter)
{
	u32 mark = 0;
	unsigned int p;

	for (p = 0; p < READ_ONCE(adapter->num_pairs); p++)
		mark += READ_ONCE(adapter->qv[p].tx.next_to_clean);
	return mark;
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

static void xvf_rx_refill_later(struct xvf_qvec *qv)
{
	mod_timer(&qv->rx_refill_timer,
		  jiffies + msecs_to_jiffies(XVF_RX_REFILL_RETRY_MS));
}

static void xvf_rx_refill_timer(struct timer_list *t)
{
	struct xvf_qvec *qv = from_timer(qv, t, rx_refill_timer);

	/* A no-op once xvf_down() has disabled NAPI. */
	napi_schedule(&qv->napi);
}

/*
 * Nothing written back and every buffer with the device: the RX ring has
 * no work this round.  A transmit-only round (completions) then costs
 * one descriptor read on the RX side.
 */
static bool xvf_rx_idle(struct xvf_ring *ring)
{
	union xvf_rx_desc *desc = (union xvf_rx_desc *)ring->desc +
				  ring->next_to_clean;

	return !(le32_to_cpu(READ_ONCE(desc->wb.status_error)) &
		 XVF_RXD_STAT_DD) &&
	       !xvf_ring_unused(ring->next_to_use, ring->next_to_clean,
				ring->count);
}

static int xvf_poll(struct napi_struct *napi, int budget)
{
	struct xvf_qvec *qv = container_of(napi, struct xvf_qvec, napi);
	bool tx_done = xvf_clean_tx(qv, budget), starved = false;
	int done = 0;

	if (!xvf_rx_idle(&qv->rx))
		done = xvf_clean_rx(qv, budget, true, &starved);

	if (!tx_done || done >= budget)
		return budget;
	if (napi_complete_done(napi, done)) {
		xvf_wr(&qv->adapter->hw, qv->adapter->hw.family->irq.eims,
		       qv->eims);
		if (starved)
			xvf_rx_refill_later(qv);
		/*
		 * Work that completed while the vector was masked does not
		 * always raise it again on unmasking: look, and go round
		 * again instead of waiting for the next frame's interrupt.
		 */
		if (xvf_pair_work_pending(qv))
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

static void xvf_free_pair_rings(struct xvf_qvec *qv)
{
	xvf_free_ring(qv->adapter, &qv->rx);
	xvf_free_ring(qv->adapter, &qv->tx);
}

static void xvf_free_rings(struct xvf_adapter *adapter)
{
	unsigned int p;

	for (p = 0; p < adapter->num_pairs; p++)
		xvf_free_pair_rings(&adapter->qv[p]);
}

static int xvf_alloc_rings(struct xvf_adapter *adapter)
{
	unsigned int p;
	int err;

	for (p = 0; p < adapter->num_pairs; p++) {
		struct xvf_qvec *qv = &adapter->qv[p];

		err = xvf_alloc_ring(adapter, &qv->tx, adapter->tx_ring_count,
				     sizeof(struct xvf_tx_desc),
				     sizeof(struct xvf_tx_buf));
		if (!err)
			err = xvf_alloc_ring(adapter, &qv->rx,
					     adapter->rx_ring_count,
					     sizeof(union xvf_rx_desc),
					     sizeof(struct xvf_rx_buf));
		if (err) {
			xvf_free_pair_rings(qv);
			while (p-- > 0)
				xvf_free_pair_rings(&adapter->qv[p]);
			return err;
		}
	}
	return 0;
}

/*
 * Frames the device wrote back before its queue stopped are the peer's
 * traffic, already accepted by the NIC: on a planned detach the host
 * clears the VF's MAC filter and removes it moments later, and whatever
 * NAPI had not reached yet would be lost.  The stack takes them still
 * (a failover master receives them through its rx_handler).
 */
static void xvf_deliver_last_rx(struct xvf_qvec *qv)
{
	int done;

	local_bh_disable();
	done = xvf_clean_rx(qv, qv->rx.count, false, NULL);
	local_bh_enable();
	qv->rx.delivered_at_stop += done;
}

static void xvf_drain_pair(struct xvf_qvec *qv)
{
	struct xvf_adapter *adapter = qv->adapter;
	struct xvf_ring *tx = &qv->tx, *rx = &qv->rx;
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
	netdev_tx_reset_queue(netdev_get_tx_queue(adapter->netdev, tx->queue));
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

/* Queue @queue's copy of a queue register (those of queue 0 in the table). */
static u32 xvf_qreg(struct xvf_hw *hw, u32 reg, unsigned int queue)
{
	return reg + queue * hw->family->q.stride;
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
	unsigned int n = ring->queue;
	u32 ctl = xvf_qreg(hw, rx ? q->rxdctl : q->txdctl, n);

	ring->tail = xvf_qreg(hw, rx ? q->rdt : q->tdt, n);
	xvf_wr(hw, ctl, 0);
	xvf_wr(hw, xvf_qreg(hw, rx ? q->rdbal : q->tdbal, n),
	       lower_32_bits(ring->dma));
	xvf_wr(hw, xvf_qreg(hw, rx ? q->rdbah : q->tdbah, n),
	       upper_32_bits(ring->dma));
	xvf_wr(hw, xvf_qreg(hw, rx ? q->rdlen : q->tdlen, n), ring->count * 16);
	if (rx)
		xvf_wr(hw, xvf_qreg(hw, q->srrctl, n),
		       hw->family->srrctl(PAGE_SIZE));
	xvf_wr(hw, xvf_qreg(hw, rx ? q->rdh : q->tdh, n), 0);
	xvf_wr(hw, ring->tail, 0);
	xvf_wr(hw, ctl, q->queue_enable | (rx ? q->rx_ctl : 0));
	if (xvf_wait_queue_enable(hw, ctl, true))
		return 0;
	netdev_err(adapter->netdev, "%s queue %u did not enable\n",
		   rx ? "RX" : "TX", n);
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
	unsigned int p;

	for (p = 0; p < adapter->num_pairs; p++) {
		if (!(xvf_rd(hw, xvf_qreg(hw, q->txdctl, p)) & q->queue_enable) ||
		    !(xvf_rd(hw, xvf_qreg(hw, q->rxdctl, p)) & q->queue_enable))
			return true;
	}
	return false;
}

/*
 * Disable every queue and wait until they have stopped: only then may
 * their descriptors and buffers be unmapped and freed.
 */
static void xvf_stop_rings(struct xvf_adapter *adapter)
{
	const struct xvf_queue_regs *q = &adapter->hw.family->q;
	struct xvf_hw *hw = &adapter->hw;
	bool stopped = true;
	unsigned int p;

	for (p = 0; p < adapter->num_pairs; p++) {
		xvf_wr(hw, xvf_qreg(hw, q->rxdctl, p), 0);
		xvf_wr(hw, xvf_qreg(hw, q->txdctl, p), 0);
	}
	for (p = 0; p < adapter->num_pairs; p++) {
		stopped &= xvf_wait_queue_enable(hw, xvf_qreg(hw, q->rxdctl, p),
						 false);
		stopped &= xvf_wait_queue_enable(hw, xvf_qreg(hw, q->txdctl, p),
						 false);
	}
	if (!stopped)
		netdev_warn(adapter->netdev, "a queue still enabled %u us after it was disabled\n",
			    XVF_QUEUE_ENABLE_USECS);
}

/* Start a pair's rings, route its vectors; false if a page was short. */
static int xvf_start_pair(struct xvf_qvec *qv, bool *filled)
{
	struct xvf_adapter *adapter = qv->adapter;
	int err;

	err = xvf_start_ring(adapter, &qv->tx, false);
	if (!err)
		err = xvf_start_ring(adapter, &qv->rx, true);
	if (err)
		return err;
	*filled = xvf_refill_rx(adapter, &qv->rx);
	if (!*filled)
		netdev_warn(adapter->netdev, "RX ring %u started short of pages\n",
			    qv->rx.queue);
	xvf_hw_map_queue_irq(&adapter->hw, qv->rx.queue, xvf_rx_vector(qv),
			     xvf_tx_vector(qv));
	return 0;
}

/*
 * Lay the pairs out: their queue numbers and vectors.  The count comes
 * from the last handshake (the PF may grant fewer after its reset) and
 * ethtool -L; the stack learns it under RTNL, which every caller holds
 * once the netdev is registered.
 */
int xvf_set_pairs(struct xvf_adapter *adapter)
{
	unsigned int n = xvf_pairs_possible(adapter), p;
	int err;

	if (adapter->want_pairs)
		n = min(n, adapter->want_pairs);
	err = netif_set_real_num_tx_queues(adapter->netdev, n);
	if (!err)
		err = netif_set_real_num_rx_queues(adapter->netdev, n);
	if (err)
		return err;
	adapter->num_pairs = n;
	for (p = 0; p < n; p++) {
		struct xvf_qvec *qv = &adapter->qv[p];
		unsigned int v = p * adapter->hw.family->pair_vectors;

		qv->tx.queue = p;
		qv->rx.queue = p;
		qv->first_vector = v;
		qv->eims = BIT(v) | BIT(xvf_rx_vector(qv));
	}
	return 0;
}

int xvf_up(struct xvf_adapter *adapter)
{
	const struct xvf_irq_regs *irq = &adapter->hw.family->irq;
	struct xvf_hw *hw = &adapter->hw;
	unsigned long short_of_pages = 0;
	unsigned int p;
	int err;

	err = xvf_set_pairs(adapter);
	if (err)
		return err;
	err = xvf_alloc_rings(adapter);
	if (err)
		return err;
	err = xvf_request_irqs(adapter);
	if (err)
		goto err_free_rings;
	for (p = 0; p < adapter->num_pairs; p++) {
		bool filled;

		err = xvf_start_pair(&adapter->qv[p], &filled);
		if (err)
			goto err_stop;
		if (!filled)
			__set_bit(p, &short_of_pages);
	}
	xvf_hw_set_rss_queues(hw, adapter->num_pairs);
	if (adapter->mbx_vector)
		xvf_hw_map_mbx_irq(hw, xvf_mbx_vector_index(adapter));
	xvf_write_itr(adapter);
	xvf_wr(hw, irq->eiac, xvf_all_eims(adapter));
	for (p = 0; p < adapter->num_pairs; p++) {
		napi_enable(&adapter->qv[p].napi);
		if (test_bit(p, &short_of_pages))
			xvf_rx_refill_later(&adapter->qv[p]);
	}
	xvf_wr(hw, irq->eims, xvf_all_eims(adapter));
	clear_bit(0, &adapter->queues_lost);
	clear_bit(0, &adapter->tx_hung);
	WRITE_ONCE(adapter->rings_up, true);
	netif_tx_start_all_queues(adapter->netdev);
	return 0;

err_stop:
	xvf_stop_rings(adapter);
	xvf_free_irqs(adapter);
	for (p = 0; p < adapter->num_pairs; p++)
		xvf_drain_pair(&adapter->qv[p]);
err_free_rings:
	xvf_free_rings(adapter);
	return err;
}

void xvf_down(struct xvf_adapter *adapter)
{
	const struct xvf_irq_regs *irq = &adapter->hw.family->irq;
	unsigned int p;

	/* A restart that failed half-way left nothing to take down. */
	if (!adapter->rings_up)
		return;
	WRITE_ONCE(adapter->rings_up, false);
	/*
	 * NAPI first, so its TX clean cannot wake a queue again; then
	 * netif_tx_disable() waits for an xmit in flight, and none touches
	 * the TX rings after it.
	 */
	for (p = 0; p < adapter->num_pairs; p++) {
		napi_disable(&adapter->qv[p].napi);
		/* After NAPI: a poll could arm it again, the timer finds it off. */
		del_timer_sync(&adapter->qv[p].rx_refill_timer);
	}
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
	 * still be in its re-check of the rings (xvf_pair_work_pending()),
	 * and napi_disable() does not wait for that.  It runs in softirq
	 * context, an RCU read-side section: wait for it before the rings
	 * go (seen as a NULL dereference in the re-check when a VF was
	 * removed under traffic).
	 */
	synchronize_net();
	xvf_stop_rings(adapter);
	xvf_free_irqs(adapter);
	for (p = 0; p < adapter->num_pairs; p++) {
		xvf_deliver_last_rx(&adapter->qv[p]);
		xvf_drain_pair(&adapter->qv[p]);
	}
	xvf_free_rings(adapter);
}

/* NAPI contexts and timers of every pair the device may use, at probe. */
void xvf_init_pairs(struct xvf_adapter *adapter)
{
	unsigned int p;

	for (p = 0; p < XVF_MAX_QUEUE_PAIRS; p++) {
		struct xvf_qvec *qv = &adapter->qv[p];

		qv->adapter = adapter;
		netif_napi_add(adapter->netdev, &qv->napi, xvf_poll);
		timer_setup(&qv->rx_refill_timer, xvf_rx_refill_timer, 0);
		u64_stats_init(&qv->tx.syncp);
		u64_stats_init(&qv->rx.syncp);
	}
}

void xvf_del_pairs(struct xvf_adapter *adapter)
{
	unsigned int p;

	for (p = 0; p < XVF_MAX_QUEUE_PAIRS; p++)
		netif_napi_del(&adapter->qv[p].napi);
}

/*
 * Packets and bytes from the VF's hardware counters (what crossed the
 * wire, as the NIC saw it); errors and drops from the driver's own.
 */
void xvf_get_stats64(struct net_device *netdev, struct rtnl_link_stats64 *s)
{
	struct xvf_adapter *adapter = netdev_priv(netdev);
	const u64 *hw = adapter->hw_stats.total;
	unsigned int p;

	spin_lock_bh(&adapter->hw_stats_lock);
	s->rx_packets = hw[XVF_HWSTAT_RX_PACKETS];
	s->tx_packets = hw[XVF_HWSTAT_TX_PACKETS];
	s->rx_bytes = hw[XVF_HWSTAT_RX_BYTES];
	s->tx_bytes = hw[XVF_HWSTAT_TX_BYTES];
	s->multicast = hw[XVF_HWSTAT_MULTICAST];
	spin_unlock_bh(&adapter->hw_stats_lock);
	for (p = 0; p < XVF_MAX_QUEUE_PAIRS; p++) {
		s->rx_errors += READ_ONCE(adapter->qv[p].rx.errors);
		s->rx_dropped += READ_ONCE(adapter->qv[p].rx.alloc_failed);
	}
}
