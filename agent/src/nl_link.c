// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfd's link configuration adapter (libnl-route-3).  libnl has no link
 * type for xvf_failover (and no longer exports the API to add one), so the
 * hold goes out as an RTM_NEWLINK built with libnl's message helpers:
 * IFLA_LINKINFO { IFLA_INFO_KIND "xvf_failover", IFLA_INFO_DATA
 * { IFLA_XFO_HOLD } }, acknowledged by the kernel.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "nl_link.h"
#include "xvf_failover.h"

struct nl_sock *xvfd_nl_link_open(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk)
		return NULL;
	if (nl_connect(sk, NETLINK_ROUTE)) {
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

void xvfd_nl_link_close(struct nl_sock *sk)
{
	if (sk)
		nl_socket_free(sk);
}

/* libnl's negative NLE_* codes, as an errno for the caller. */
static int nle_errno(int nle)
{
	switch (-nle) {
	case NLE_OBJ_NOTFOUND:
	case NLE_NODEV:
		return -ENODEV;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	default:
		return -EIO;
	}
}

/* An RTM_NEWLINK for the master with these IFLA_INFO_DATA values (a
 * negative one is left out). */
static int change_master(struct nl_sock *sk, int ifindex, int hold,
			 int64_t takeover_ms, int64_t wait_ms)
{
	struct ifinfomsg ifm = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nlattr *linkinfo, *data;
	struct nl_msg *msg;
	int rc;

	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return -ENOMEM;
	rc = -EMSGSIZE;
	if (nlmsg_append(msg, &ifm, sizeof(ifm), NLMSG_ALIGNTO) < 0)
		goto out;
	linkinfo = nla_nest_start(msg, IFLA_LINKINFO);
	if (!linkinfo || nla_put_string(msg, IFLA_INFO_KIND, XFO_KIND) < 0)
		goto out;
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	if (!data || (hold >= 0 && nla_put_u8(msg, IFLA_XFO_HOLD, (uint8_t)hold) < 0) ||
	    (takeover_ms >= 0 &&
	     nla_put_u32(msg, IFLA_XFO_TAKEOVER_MS, (uint32_t)takeover_ms) < 0) ||
	    (wait_ms >= 0 && nla_put_u32(msg, IFLA_XFO_WAIT_MS, (uint32_t)wait_ms) < 0))
		goto out;
	nla_nest_end(msg, data);
	nla_nest_end(msg, linkinfo);
	rc = nl_send_sync(sk, msg);	/* frees msg */
	return rc < 0 ? nle_errno(rc) : 0;
out:
	nlmsg_free(msg);
	return rc;
}

int xvfd_nl_set_hold(struct nl_sock *sk, int ifindex, bool hold)
{
	return change_master(sk, ifindex, hold, -1, -1);
}

int xvfd_nl_set_settings(struct nl_sock *sk, int ifindex, int64_t takeover_ms,
			 int64_t wait_ms)
{
	return change_master(sk, ifindex, -1, takeover_ms, wait_ms);
}

static void read_sysfs(const char *name, const char *attr, char *buf,
		       size_t len)
{
	char path[128];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, attr);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* The last component of a sysfs link: the driver's or device's name. */
static void sysfs_link_name(const char *name, const char *attr, char *buf,
			    size_t len)
{
	char path[128], target[PATH_MAX];
	ssize_t n;
	char *slash;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, attr);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	slash = strrchr(target, '/');
	slash = slash ? slash + 1 : target;
	if (strlen(slash) < len)
		memcpy(buf, slash, strlen(slash) + 1);
}

int xvfd_nl_link_info(struct nl_sock *sk, int ifindex,
		      struct xvfd_link_info *info)
{
	struct rtnl_link *link;
	char subsystem[16], speed[16];
	int rc;

	memset(info, 0, sizeof(*info));
	info->ifindex = ifindex;
	info->speed_mbps = -1;
	rc = rtnl_link_get_kernel(sk, ifindex, NULL, &link);
	if (rc < 0)
		return nle_errno(rc);
	snprintf(info->name, sizeof(info->name), "%s", rtnl_link_get_name(link));
	if (rtnl_link_get_addr(link))
		nl_addr2str(rtnl_link_get_addr(link), info->mac, sizeof(info->mac));
	info->carrier = rtnl_link_get_carrier(link);
	rtnl_link_operstate2str(rtnl_link_get_operstate(link), info->operstate,
				sizeof(info->operstate));
	rtnl_link_put(link);
	sysfs_link_name(info->name, "device/driver", info->driver,
			sizeof(info->driver));
	sysfs_link_name(info->name, "device/subsystem", subsystem,
			sizeof(subsystem));
	if (!strcmp(subsystem, "pci"))
		sysfs_link_name(info->name, "device", info->pci, sizeof(info->pci));
	read_sysfs(info->name, "speed", speed, sizeof(speed));
	if (speed[0] && info->carrier)
		info->speed_mbps = atoi(speed);
	return 0;
}
