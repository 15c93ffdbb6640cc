// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xfo: the test scenarios' view of an xvf_failover master, over netlink
 * (the master has no sysfs of its own):
 *   xfo MASTER              every attribute, "name value" per line
 *   xfo MASTER NAME         one value
 *   xfo MASTER NAME VALUE   send NAME = VALUE (the kernel takes hold,
 *                           takeover_ms and wait_ms, refuses the rest)
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

/*
 * The answer's IFLA_INFO_DATA, copied: with the ack the answer may be
 * followed by another read into the same buffer.
 */
struct master {
	uint64_t data[64];	/* aligned for struct nlattr */
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

	if (mnl_attr_get_type(attr) == IFLA_INFO_DATA &&
	    attr->nla_len <= sizeof(m->data)) {
		memcpy(m->data, attr, attr->nla_len);
		memset(m->a, 0, sizeof(m->a));
		m->found = true;
		mnl_attr_parse_nested((const struct nlattr *)m->data, data_cb, m);
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

/* The master's attributes as the scenarios name them. */
enum value_kind { V_U8, V_U32, V_U64, V_PATH, V_IFINDEX };

static const struct xfo_attr {
	const char *name;
	uint16_t type;
	enum value_kind kind;
} xfo_attrs[] = {
	{ "hold", IFLA_XFO_HOLD, V_U8 },
	{ "active", IFLA_XFO_ACTIVE, V_PATH },
	{ "vf", IFLA_XFO_PRIMARY, V_IFINDEX },
	{ "standby", IFLA_XFO_STANDBY, V_IFINDEX },
	{ "switches", IFLA_XFO_SWITCHES, V_U64 },
	{ "vf_tx_busy", IFLA_XFO_VF_TX_BUSY, V_U8 },
	{ "takeover_ms", IFLA_XFO_TAKEOVER_MS, V_U32 },
	{ "wait_ms", IFLA_XFO_WAIT_MS, V_U32 },
};

#define N_ATTRS (sizeof(xfo_attrs) / sizeof(xfo_attrs[0]))

static const struct xfo_attr *attr_named(const char *name)
{
	unsigned int i;

	for (i = 0; i < N_ATTRS; i++)
		if (!strcmp(xfo_attrs[i].name, name))
			return &xfo_attrs[i];
	fprintf(stderr, "xfo: no attribute %s\n", name);
	return NULL;
}

/* An absent attribute prints as 0, or "" for an interface. */
static void print_value(const struct xfo_attr *d, const struct nlattr *a)
{
	static const char *const paths[] = { "none", "vf", "standby" };
	char name[IF_NAMESIZE];
	unsigned int u;

	switch (d->kind) {
	case V_U8:
		printf("%u", a ? mnl_attr_get_u8(a) : 0);
		break;
	case V_U32:
		printf("%u", a ? mnl_attr_get_u32(a) : 0);
		break;
	case V_U64:
		printf("%" PRIu64, a ? mnl_attr_get_u64(a) : 0);
		break;
	case V_PATH:
		u = a ? mnl_attr_get_u8(a) : 0;
		printf("%s", u < 3 ? paths[u] : "none");
		break;
	case V_IFINDEX:
		printf("%s", a && if_indextoname(mnl_attr_get_u32(a), name) ? name : "");
		break;
	}
}

/* "name value" of every attribute, or the value of @name. */
static int show(const struct master *m, const char *name)
{
	const struct xfo_attr *d;
	unsigned int i;

	if (name) {
		d = attr_named(name);
		if (!d)
			return 2;
		print_value(d, m->a[d->type]);
		putchar('\n');
		return 0;
	}
	for (i = 0; i < N_ATTRS; i++) {
		printf("%s ", xfo_attrs[i].name);
		print_value(&xfo_attrs[i], m->a[xfo_attrs[i].type]);
		putchar('\n');
	}
	return 0;
}

/*
 * Any attribute can be sent, read-only ones included (as a number: 1 for
 * vf, an ifindex for an interface): the kernel is what refuses.
 */
static int set(const char *master, const char *name, const char *text)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], *end;
	struct nlmsghdr *nlh = link_msg(buf, NLM_F_ACK, master);
	const struct xfo_attr *d = attr_named(name);
	unsigned long long v = strtoull(text, &end, 10);
	struct nlattr *li, *data;

	if (!d)
		return 2;
	if (!text[0] || *end) {
		fprintf(stderr, "xfo: not a number: %s\n", text);
		return 2;
	}
	nlh->nlmsg_type = RTM_NEWLINK;
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, XFO_KIND);
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	switch (d->kind) {
	case V_U8:
	case V_PATH:
		mnl_attr_put_u8(nlh, d->type, (uint8_t)v);
		break;
	case V_U32:
	case V_IFINDEX:
		mnl_attr_put_u32(nlh, d->type, (uint32_t)v);
		break;
	case V_U64:
		mnl_attr_put_u64(nlh, d->type, v);
		break;
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
