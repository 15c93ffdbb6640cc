/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * xvf_failover's netlink interface: the master's state in
 * IFLA_LINKINFO/IFLA_INFO_DATA of every RTM_NEWLINK (kind "xvf_failover"),
 * and the hold, settable with RTM_NEWLINK/RTM_SETLINK carrying
 * IFLA_XFO_HOLD in IFLA_INFO_DATA.  Every change of pairing, active path
 * or hold sends an RTM_NEWLINK for the master.
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
	__IFLA_XFO_MAX
};

#define IFLA_XFO_MAX (__IFLA_XFO_MAX - 1)

enum xfo_path {
	XFO_PATH_NONE,		/* no slave can carry frames */
	XFO_PATH_PRIMARY,	/* the VF */
	XFO_PATH_STANDBY,	/* netfront */
};

#endif /* _UAPI_XVF_FAILOVER_H */
