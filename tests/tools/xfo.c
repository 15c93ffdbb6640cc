// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xfo: the test scenarios' view of an xvf_failover master, over netlink
 * (the master has no sysfs of its own):
 *   xfo MASTER              every attribute, "name value" per line
 *   xfo MASTER NAME         one value
 *   xfo MASTER NAME VALUE   set hold, takeover_ms or wait_ms
 * Names: hold, active (none, vf, standby), vf and standby (interface
 * names, "" if none), switches, vf_tx_busy, takeover_ms, wait_ms.
 * Exit 1 on a netlink error (its message on stderr), 2 on bad usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "xvf_failover.h"

struct master {
	const struct nlattr *a[IFLA_XFO_MAX + 1];
	bool found;
};

static int data_cb(const struct nlattr *attr, void *data)
{
	struct master *m = data;

	if (mnl_attr_type_valid(attr, IFLA_XFO_MAX) >= 0)
		m->a[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int info_cb(const struct nlattr *attr, void *data)
{
	struct master *m = data;

	if (mnl_attr_get_type(attr) == IFLA_INFO_DATA) {
		m->found = true;
		mnl_attr_parse_nested(attr, data_cb, m);
	}
	return MNL_CB_OK;
}

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == IFLA_LINKINFO)
		mnl_attr_parse_nested(attr, info_cb, data);
	return MNL_CB_OK;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr_cb, data);
	return MNL_CB_OK;
}

/* Send @nlh and read the answer into @m (NULL: expect an ack). */
static int talk(struct nlmsghdr *nlh, struct master *m)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int n, rc = -1;

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("xfo: netlink");
		goto out;
	}
	for (;;) {
		n = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			perror("xfo: netlink");
			goto out;
		}
		rc = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq,
				mnl_socket_get_portid(nl), m ? msg_cb : NULL, m);
		if (rc <= MNL_CB_STOP)
			break;
	}
	if (rc < 0)
		fprintf(stderr, "xfo: %s\n", strerror(errno));
out:
	if (nl)
		mnl_socket_close(nl);
	return rc < 0 ? -1 : 0;
}

static struct nlmsghdr *link_msg(char *buf, uint16_t flags, const char *name)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = (uint32_t)time(NULL);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

static const char *ifname(const struct nlattr *a, char *buf)
{
	if (!a || !if_indextoname(mnl_attr_get_u32(a), buf))
		return "";
	return buf;
}

/* "name value" of attribute @name, or of every one if @name is NULL. */
static int show(const struct master *m, const char *name)
{
	static const char *const paths[] = { "none", "vf", "standby" };
	char b1[IF_NAMESIZE], b2[IF_NAMESIZE], v[8][32];
	const char *names[] = { "hold", "active", "vf", "standby", "switches",
				"vf_tx_busy", "takeover_ms", "wait_ms" };
	const struct nlattr *const *a = m->a;
	uint8_t active = a[IFLA_XFO_ACTIVE] ? mnl_attr_get_u8(a[IFLA_XFO_ACTIVE]) : 0;
	unsigned int i;
	bool any = false;

	snprintf(v[0], sizeof(v[0]), "%u", a[IFLA_XFO_HOLD] ? mnl_attr_get_u8(a[IFLA_XFO_HOLD]) : 0);
	snprintf(v[1], sizeof(v[1]), "%s", active < 3 ? paths[active] : "none");
	snprintf(v[2], sizeof(v[2]), "%s", ifname(a[IFLA_XFO_PRIMARY], b1));
	snprintf(v[3], sizeof(v[3]), "%s", ifname(a[IFLA_XFO_STANDBY], b2));
	snprintf(v[4], sizeof(v[4]), "%" PRIu64,
		 a[IFLA_XFO_SWITCHES] ? mnl_attr_get_u64(a[IFLA_XFO_SWITCHES]) : 0);
	snprintf(v[5], sizeof(v[5]), "%u",
		 a[IFLA_XFO_VF_TX_BUSY] ? mnl_attr_get_u8(a[IFLA_XFO_VF_TX_BUSY]) : 0);
	snprintf(v[6], sizeof(v[6]), "%u",
		 a[IFLA_XFO_TAKEOVER_MS] ? mnl_attr_get_u32(a[IFLA_XFO_TAKEOVER_MS]) : 0);
	snprintf(v[7], sizeof(v[7]), "%u",
		 a[IFLA_XFO_WAIT_MS] ? mnl_attr_get_u32(a[IFLA_XFO_WAIT_MS]) : 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!name)
			printf("%s %s\n", names[i], v[i]);
		else if (!strcmp(name, names[i]))
			printf("%s\n", v[i]), any = true;
	}
	if (name && !any) {
		fprintf(stderr, "xfo: no attribute %s\n", name);
		return 2;
	}
	return 0;
}

static int set(const char *master, const char *name, const char *text)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], *end;
	struct nlmsghdr *nlh = link_msg(buf, NLM_F_ACK, master);
	struct nlattr *li, *data;
	unsigned long v = strtoul(text, &end, 10);

	if (!text[0] || *end) {
		fprintf(stderr, "xfo: not a number: %s\n", text);
		return 2;
	}
	nlh->nlmsg_type = RTM_NEWLINK;
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, XFO_KIND);
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	if (!strcmp(name, "hold"))
		mnl_attr_put_u8(nlh, IFLA_XFO_HOLD, (uint8_t)v);
	else if (!strcmp(name, "takeover_ms"))
		mnl_attr_put_u32(nlh, IFLA_XFO_TAKEOVER_MS, (uint32_t)v);
	else if (!strcmp(name, "wait_ms"))
		mnl_attr_put_u32(nlh, IFLA_XFO_WAIT_MS, (uint32_t)v);
	else {
		fprintf(stderr, "xfo: %s cannot be set\n", name);
		return 2;
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	return talk(nlh, NULL) ? 1 : 0;
}

int main(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct master m = { .found = false };
	struct nlmsghdr *nlh;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: xfo MASTER [NAME [VALUE]]\n");
		return 2;
	}
	if (argc == 4)
		return set(argv[1], argv[2], argv[3]);
	/* With an ack after the answer: a plain GET ends with no DONE. */
	nlh = link_msg(buf, NLM_F_ACK, argv[1]);
	nlh->nlmsg_type = RTM_GETLINK;
	if (talk(nlh, &m))
		return 1;
	if (!m.found) {
		fprintf(stderr, "xfo: %s is not an xvf_failover master\n", argv[1]);
		return 1;
	}
	return show(&m, argc == 3 ? argv[2] : NULL);
}
