/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf_failover: one master netdev per netfront, pairing it with the VF of
 * the same MAC.  Shared by the module glue and slave handling
 * (xfo_main.c) and the master's netdev, ethtool and netlink operations
 * (xfo_netdev.c).
 */
#ifndef _XFO_H_
#define _XFO_H_

#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/failover.h>

#include "xfo_policy.h"

#define XFO_DRV_NAME	"xvf_failover"

/* Per-CPU counters, per path (index: enum xfo_path; NONE: no path). */
struct xfo_pcpu_stats {
	u64 tx_packets[3], tx_bytes[3], tx_dropped[3];
	u64 rx_packets[3], rx_bytes[3];
	u64 rx_looped[3];	/* our own frames back through the other path */
	/* broadcast/multicast copies from the path that does not transmit */
	u64 rx_group_dup[3];
	/* sent through the other slave before xfo_update() moved tx_dev */
	u64 tx_fallbacks;
	struct u64_stats_sync syncp;
};

struct xfo_priv {
	struct net_device *dev;
	struct list_head list;		/* all masters, for module exit */
	struct failover *failover;
	/* The slaves; written under RTNL, read by the data path. */
	struct net_device __rcu *primary;
	struct net_device __rcu *standby;
	netdevice_tracker primary_tracker, standby_tracker;
	/* Where frames go out now: one of the slaves or NULL. */
	struct net_device __rcu *tx_dev;
	enum xfo_path active;
	bool held;			/* the agent's planned switch */
	bool retired;			/* being destroyed: no new slaves */
	bool takeover_pending;		/* a new VF, not used yet */
	bool primary_closing;		/* the VF is going down: leave it now */
	/*
	 * No path for transmit: frames wait in the master's queue (stopped)
	 * until one returns or the wait ends (xfo_wait_ms).  Set from the
	 * data path too, hence READ_ONCE/WRITE_ONCE.
	 */
	bool waiting;
	bool wait_spent;		/* a wait ran out; none until a path */
	struct delayed_work takeover;	/* ends the take-over delay */
	struct delayed_work wait_end;	/* ends a wait for a path */
	struct work_struct destroy;	/* the standby is gone */
	u64 switches;			/* changes of the active path */
	/*
	 * Settings (IFLA_XFO_TAKEOVER_MS, IFLA_XFO_WAIT_MS): written under
	 * RTNL, wait_ms read by the data path too.
	 */
	u32 takeover_ms;
	u32 wait_ms;
	u64 waits;			/* transmit waited for a path */
	struct xfo_pcpu_stats __percpu *stats;
};

/* xfo_netdev.c */
void xfo_setup(struct net_device *dev);
extern struct rtnl_link_ops xfo_link_ops;
extern struct failover_ops xfo_failover_ops;

/* xfo_main.c */
void xfo_update(struct xfo_priv *priv, bool announce);
bool xfo_start_wait(struct xfo_priv *priv);
struct net_device *xfo_tx_fallback(struct xfo_priv *priv);
int xfo_set_hold(struct xfo_priv *priv, bool held);
rx_handler_result_t xfo_handle_frame(struct sk_buff **pskb);

#endif /* _XFO_H_ */
