/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's link configuration adapter (libnl-route-3): the hold on a
 * master, and what status shows of a slave (name, MAC, carrier, speed,
 * driver, PCI address).
 */
#ifndef XVFD_NL_LINK_H
#define XVFD_NL_LINK_H

#include <net/if.h>
#include <stdbool.h>

struct nl_sock;

struct xvfd_link_info {
	int ifindex;
	char name[IF_NAMESIZE];
	char mac[18];
	bool carrier;
	char operstate[16];
	int speed_mbps;		/* -1: unknown */
	char driver[32];	/* "" if none */
	char pci[16];		/* "" if not a PCI device */
};

struct nl_sock *xvfd_nl_link_open(void);
void xvfd_nl_link_close(struct nl_sock *sk);
/* RTM_NEWLINK with IFLA_XFO_HOLD for master @ifindex. */
int xvfd_nl_set_hold(struct nl_sock *sk, int ifindex, bool hold);
/* The master's takeover_ms and wait_ms (a negative one is left as is). */
int xvfd_nl_set_settings(struct nl_sock *sk, int ifindex, int64_t takeover_ms,
			 int64_t wait_ms);
int xvfd_nl_link_info(struct nl_sock *sk, int ifindex,
		      struct xvfd_link_info *info);

#endif
