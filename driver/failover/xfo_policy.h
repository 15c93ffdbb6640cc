/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf_failover's decisions, as pure functions of the slaves' states, so
 * that KUnit can check every combination (xfo_policy_test.c).
 */
#ifndef _XFO_POLICY_H_
#define _XFO_POLICY_H_

#include <linux/types.h>

#include "uapi/xvf_failover.h"

/* What the master knows of one slave. */
struct xfo_slave_state {
	bool present;		/* enslaved */
	bool up;		/* administratively up (running) */
	bool carrier;
};

static inline bool xfo_slave_usable(const struct xfo_slave_state *s)
{
	return s->present && s->up && s->carrier;
}

/*
 * Where transmit goes.  The VF when it can carry frames, is not held
 * (the agent's planned switch) and its take-over delay has passed;
 * otherwise the standby.  A hold never leaves the guest without a path:
 * with the standby unusable a held VF still carries the frames.
 */
static inline enum xfo_path
xfo_select_path(const struct xfo_slave_state *primary,
		const struct xfo_slave_state *standby, bool held,
		bool takeover_pending)
{
	bool vf = xfo_slave_usable(primary) && !takeover_pending;

	if (vf && !held)
		return XFO_PATH_PRIMARY;
	if (xfo_slave_usable(standby))
		return XFO_PATH_STANDBY;
	if (vf)
		return XFO_PATH_PRIMARY;
	return XFO_PATH_NONE;
}

/*
 * The master has carrier while either slave could carry frames, and
 * while it waits for one to (@waiting: transmit is held in the master's
 * queue, see xfo_wait_ms).  Carrier off would flush that queue.
 */
static inline bool xfo_master_carrier(const struct xfo_slave_state *primary,
				      const struct xfo_slave_state *standby,
				      bool waiting)
{
	return xfo_slave_usable(primary) || xfo_slave_usable(standby) || waiting;
}

/*
 * Whether transmit with no path waits for one in the master's queue
 * rather than dropping: if waiting is configured (@wait_ms) and no wait
 * has run out (@spent) since a path was last usable.  A slave that
 * loses carrier only for a moment (netfront reconnecting to its backend
 * after a restore) then costs no frame; one that stays away costs one
 * wait, not one per frame.
 */
static inline bool xfo_may_wait(unsigned int wait_ms, bool spent)
{
	return wait_ms && !spent;
}

enum xfo_role {
	XFO_ROLE_REFUSE,
	XFO_ROLE_PRIMARY,
	XFO_ROLE_STANDBY,
};

/*
 * What a netdev with the master's MAC becomes: a standby if its driver
 * is one of the standby drivers (netfront), the primary if it sits on a
 * PCI device (a VF, whichever driver); one of each, nothing else.
 */
static inline enum xfo_role xfo_slave_role(bool standby_driver, bool on_pci,
					   bool have_standby, bool have_primary)
{
	if (standby_driver)
		return have_standby ? XFO_ROLE_REFUSE : XFO_ROLE_STANDBY;
	if (on_pci)
		return have_primary ? XFO_ROLE_REFUSE : XFO_ROLE_PRIMARY;
	return XFO_ROLE_REFUSE;
}

#endif /* _XFO_POLICY_H_ */
