// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfd's netlink event adapter (libmnl).  The kernel sends an RTM_NEWLINK
 * for a master on every change of pairing, active path or hold, carrying
 * the state in IFLA_LINKINFO/IFLA_INFO_DATA (driver/uapi/xvf_failover.h);
 * this file only decodes them.  Links of other kinds are ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "nl_events.h"
#include "xvf_failover.h"

struct parse_ctx {
	xvfd_master_cb cb;
	void *ctx;
	int err;
};

/* Attributes by type into a table of @max + 1 entries (libmnl parsing). */
struct attr_table {
	const struct nlattr **tb;
	int max;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	const struct attr_table *t = data;

	if (mnl_attr_type_valid(attr, (uint16_t)t->max) >= 0)
		t->tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* The attribute as the kernel sent it; a value this agent does not know
 * counts as no path. */
static enum xfo_path path_of(uint8_t path)
{
	switch (path) {
	case XFO_PATH_PRIMARY:
	case XFO_PATH_STANDBY:
		return path;
	default:
		return XFO_PATH_NONE;
	}
}

/* 1 and @m filled for an xvf_failover master, 0 for any other link. */
static int decode_master(const struct nlmsghdr *nlh, struct xvfd_master *m)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	const struct nlattr *info[IFLA_INFO_MAX + 1] = { 0 };
	const struct nlattr *xfo[IFLA_XFO_MAX + 1] = { 0 };
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct attr_table link = { tb, IFLA_MAX }, li = { info, IFLA_INFO_MAX },
			  data = { xfo, IFLA_XFO_MAX };

	mnl_attr_parse(nlh, sizeof(*ifm), attr_cb, &link);
	if (!tb[IFLA_LINKINFO] || !tb[IFLA_IFNAME] || !tb[IFLA_ADDRESS])
		return 0;
	mnl_attr_parse_nested(tb[IFLA_LINKINFO], attr_cb, &li);
	if (!info[IFLA_INFO_KIND] ||
	    strcmp(mnl_attr_get_str(info[IFLA_INFO_KIND]), XFO_KIND))
		return 0;
	memset(m, 0, sizeof(*m));
	m->ifindex = ifm->ifi_index;
	snprintf(m->name, sizeof(m->name), "%s", mnl_attr_get_str(tb[IFLA_IFNAME]));
	if (mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == XVFP_MAC_LEN)
		memcpy(m->mac.octet, mnl_attr_get_payload(tb[IFLA_ADDRESS]),
		       XVFP_MAC_LEN);
	if (info[IFLA_INFO_DATA])
		mnl_attr_parse_nested(info[IFLA_INFO_DATA], attr_cb, &data);
	if (xfo[IFLA_XFO_HOLD])
		m->held = mnl_attr_get_u8(xfo[IFLA_XFO_HOLD]);
	if (xfo[IFLA_XFO_ACTIVE])
		m->active = path_of(mnl_attr_get_u8(xfo[IFLA_XFO_ACTIVE]));
	if (xfo[IFLA_XFO_PRIMARY])
		m->vf_ifindex = (int)mnl_attr_get_u32(xfo[IFLA_XFO_PRIMARY]);
	if (xfo[IFLA_XFO_STANDBY])
		m->standby_ifindex = (int)mnl_attr_get_u32(xfo[IFLA_XFO_STANDBY]);
	if (xfo[IFLA_XFO_SWITCHES])
		m->switches = mnl_attr_get_u64(xfo[IFLA_XFO_SWITCHES]);
	if (xfo[IFLA_XFO_TAKEOVER_MS])
		m->takeover_ms = mnl_attr_get_u32(xfo[IFLA_XFO_TAKEOVER_MS]);
	if (xfo[IFLA_XFO_WAIT_MS])
		m->wait_ms = mnl_attr_get_u32(xfo[IFLA_XFO_WAIT_MS]);
	/* Frames still on the VF: it changes without an event, so the core
	 * asks again (refresh) while it waits for 0. */
	if (m->vf_ifindex && xfo[IFLA_XFO_VF_TX_BUSY])
		m->vf_tx_busy = mnl_attr_get_u8(xfo[IFLA_XFO_VF_TX_BUSY]);
	return 1;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct parse_ctx *pc = data;
	struct xvfd_master m;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return MNL_CB_OK;
	if (decode_master(nlh, &m))
		pc->cb(pc->ctx, &m, nlh->nlmsg_type == RTM_DELLINK);
	return MNL_CB_OK;
}

int xvfd_nl_events_open(struct xvfd_nl_events *n)
{
	memset(n, 0, sizeof(*n));
	n->events = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!n->events)
		return -errno;
	if (mnl_socket_bind(n->events, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0) {
		int rc = -errno;

		mnl_socket_close(n->events);
		n->events = NULL;
		return rc;
	}
	return 0;
}

void xvfd_nl_events_close(struct xvfd_nl_events *n)
{
	if (n->events)
		mnl_socket_close(n->events);
	n->events = NULL;
}

int xvfd_nl_events_fd(const struct xvfd_nl_events *n)
{
	return mnl_socket_get_fd(n->events);
}

int xvfd_nl_events_read(struct xvfd_nl_events *n, xvfd_master_cb cb,
			void *ctx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct parse_ctx pc = { .cb = cb, .ctx = ctx };
	ssize_t len;

	for (;;) {
		len = mnl_socket_recvfrom(n->events, buf, sizeof(buf));
		if (len < 0)
			/* ENOBUFS: events were lost; the caller re-dumps. */
			return errno == EAGAIN ? 0 : -errno;
		if (mnl_cb_run(buf, (size_t)len, 0, 0, msg_cb, &pc) < 0)
			return -errno;
	}
}

/* One request on a socket of its own, answers through @cb. */
static int query(struct nlmsghdr *nlh, xvfd_master_cb cb, void *ctx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct parse_ctx pc = { .cb = cb, .ctx = ctx };
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	unsigned int portid;
	ssize_t len;
	int rc = 0;

	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		rc = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	for (;;) {
		len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (len < 0) {
			rc = -errno;
			break;
		}
		rc = mnl_cb_run(buf, (size_t)len, nlh->nlmsg_seq, portid,
				msg_cb, &pc);
		if (rc <= MNL_CB_STOP) {
			rc = rc < 0 ? -errno : 0;
			break;
		}
	}
out:
	mnl_socket_close(nl);
	return rc;
}

static struct nlmsghdr *link_request(char *buf, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_GETLINK;
	/*
	 * A dump ends with NLMSG_DONE; a single link's answer has no end
	 * mark, so ask for the ack that follows it (else the read after
	 * it would wait for ever: xvfd hung after a migration once).
	 */
	nlh->nlmsg_flags = NLM_F_REQUEST | (ifindex ? NLM_F_ACK : NLM_F_DUMP);
	nlh->nlmsg_seq = (unsigned int)time(NULL);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return nlh;
}

int xvfd_nl_dump_masters(xvfd_master_cb cb, void *ctx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return query(link_request(buf, 0), cb, ctx);
}

int xvfd_nl_get_master(int ifindex, xvfd_master_cb cb, void *ctx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return query(link_request(buf, ifindex), cb, ctx);
}
