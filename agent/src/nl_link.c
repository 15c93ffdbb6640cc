// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfd's link configuration adapter (libmnl, like the event adapter: one
 * netlink library in the daemon).  The hold and the timings go out as an
 * RTM_NEWLINK: IFLA_LINKINFO { IFLA_INFO_KIND "xvf_failover",
 * IFLA_INFO_DATA { IFLA_XFO_* } }, acknowledged by the kernel; a slave's
 * details for `xvfctl status` come from an RTM_GETLINK and sysfs.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "nl_link.h"
#include "xvf_failover.h"

struct mnl_socket *xvfd_nl_link_open(void)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);

	if (!nl)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

void xvfd_nl_link_close(struct mnl_socket *nl)
{
	if (nl)
		mnl_socket_close(nl);
}

/*
 * Send @nlh (which asks for an ack) and read until the ack: the answers
 * go to @cb.  0, or the kernel's error as a negative errno.
 */
static int request(struct mnl_socket *nl, struct nlmsghdr *nlh,
		   mnl_cb_t cb, void *data)
{
	static unsigned int seq;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int portid = mnl_socket_get_portid(nl);
	ssize_t len;
	int rc;

	if (!seq)
		seq = (unsigned int)time(NULL);
	nlh->nlmsg_seq = ++seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (len < 0)
			return -errno;
		rc = mnl_cb_run(buf, (size_t)len, nlh->nlmsg_seq, portid, cb,
				data);
		if (rc < 0)
			return -errno;
		if (rc == MNL_CB_STOP)
			return 0;
	}
}

static struct nlmsghdr *link_msg(char *buf, uint16_t type, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return nlh;
}

/* An RTM_NEWLINK for the master with these IFLA_INFO_DATA values (a
 * negative one is left out). */
static int change_master(struct mnl_socket *nl, int ifindex, int hold,
			 int64_t takeover_ms, int64_t wait_ms)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, ifindex);
	struct nlattr *linkinfo, *data;

	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, XFO_KIND);
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	if (hold >= 0)
		mnl_attr_put_u8(nlh, IFLA_XFO_HOLD, (uint8_t)hold);
	if (takeover_ms >= 0)
		mnl_attr_put_u32(nlh, IFLA_XFO_TAKEOVER_MS, (uint32_t)takeover_ms);
	if (wait_ms >= 0)
		mnl_attr_put_u32(nlh, IFLA_XFO_WAIT_MS, (uint32_t)wait_ms);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return request(nl, nlh, NULL, NULL);
}

int xvfd_nl_set_hold(struct mnl_socket *nl, int ifindex, bool hold)
{
	return change_master(nl, ifindex, hold, -1, -1);
}

int xvfd_nl_set_settings(struct mnl_socket *nl, int ifindex,
			 int64_t takeover_ms, int64_t wait_ms)
{
	return change_master(nl, ifindex, -1, takeover_ms, wait_ms);
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

/*
 * RFC 2863 operational states, named as `ip link` and sysfs name them,
 * by the values of the kernel's IF_OPER_* (linux/if.h, which clashes
 * with glibc's net/if.h that nl_link.h needs).
 */
static void operstate_name(uint8_t state, char *buf, size_t len)
{
	static const char *const names[] = {
		"unknown", "notpresent", "down", "lowerlayerdown", "testing",
		"dormant", "up",
	};

	if (state < sizeof(names) / sizeof(names[0]))
		snprintf(buf, len, "%s", names[state]);
	else
		snprintf(buf, len, "0x%x", state);
}

/* A link-layer address as colon-separated hex bytes ("" if none fits). */
static void address_text(const struct nlattr *a, char *buf, size_t len)
{
	const uint8_t *b = mnl_attr_get_payload(a);
	uint16_t n = mnl_attr_get_payload_len(a), i;
	size_t used = 0;

	buf[0] = '\0';
	if (!n || (size_t)n * 3 > len)
		return;
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%02x",
					 i ? ":" : "", b[i]);
}

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	struct xvfd_link_info *info = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(info->name, sizeof(info->name), "%s",
				 mnl_attr_get_str(attr));
		break;
	case IFLA_ADDRESS:
		address_text(attr, info->mac, sizeof(info->mac));
		break;
	case IFLA_CARRIER:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0)
			info->carrier = mnl_attr_get_u8(attr);
		break;
	case IFLA_OPERSTATE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0)
			operstate_name(mnl_attr_get_u8(attr), info->operstate,
				       sizeof(info->operstate));
		break;
	}
	return MNL_CB_OK;
}

/* Copied out at once: the buffer is read into again for the ack. */
static int link_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr_cb,
			       data);
	return MNL_CB_OK;
}

int xvfd_nl_link_info(struct mnl_socket *nl, int ifindex,
		      struct xvfd_link_info *info)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	char subsystem[16], speed[16];
	int rc;

	memset(info, 0, sizeof(*info));
	info->ifindex = ifindex;
	info->speed_mbps = -1;
	rc = request(nl, link_msg(buf, RTM_GETLINK, ifindex), link_msg_cb,
		     info);
	if (rc < 0)
		return rc;
	if (!info->name[0])
		return -ENODEV;
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
