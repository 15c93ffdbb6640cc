/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * xvf_failover's netlink interface: the master's state and settings in
 * IFLA_LINKINFO/IFLA_INFO_DATA of every RTM_NEWLINK (kind "xvf_failover");
 * the hold and the timings are set with RTM_NEWLINK/RTM_SETLINK carrying
 * them in IFLA_INFO_DATA (all or none of a request's values take).  Every
 * change of pairing, active path, hold or setting sends an RTM_NEWLINK
 * for the master. Its counters are in ethtool -S.
 */
#ifndef _UAPI_XVF_FAILOVER_H
#define _UAPI_XVF_FAILOVER_H

#define XFO_KIND "xvf_failover"

enum {
	IFLA_XFO_UNSPEC,
	IFLA_XFO_HOLD,		/* u8: 1 = transmit on the standby */
	IFLA_XFO_ACTIVE,	/* u8: enum xfo_path, where frames go out */
	IFLA_XFO_PRIMARY,	/* u32: the VF's ifindex, absent if none */
	IFLA_XFO_STANDBY,	/* u32: the standby's ifindex, absent if none */
	IFLA_XFO_SWITCHES,	/* u64: changes of the active path */
	IFLA_XFO_PAD,
	/*
	 * u32, settable: how long a newly paired VF waits before it
	 * carries traffic (ms, 0 .. XFO_TAKEOVER_MS_MAX)
	 */
	IFLA_XFO_TAKEOVER_MS,
	/*
	 * u32, settable: how long transmit waits in the master's queue
	 * when no path can carry (ms, 0: drop at once .. XFO_WAIT_MS_MAX)
	 */
	IFLA_XFO_WAIT_MS,
	/*
	 * u8, read-only: 1 while frames the master handed to the VF are
	 * still in its qdisc or not yet completed by it (BQL)
	 */
	IFLA_XFO_VF_TX_BUSY,
	__IFLA_XFO_MAX
};

#define IFLA_XFO_MAX (__IFLA_XFO_MAX - 1)

#define XFO_TAKEOVER_MS_DEFAULT 100
#define XFO_TAKEOVER_MS_MAX 10000
#define XFO_WAIT_MS_DEFAULT 2000
#define XFO_WAIT_MS_MAX 60000

enum xfo_path {
	XFO_PATH_NONE,		/* no slave can carry frames */
	XFO_PATH_PRIMARY,	/* the VF */
	XFO_PATH_STANDBY,	/* netfront */
};

#endif /* _UAPI_XVF_FAILOVER_H */
