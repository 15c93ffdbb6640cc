/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's link configuration adapter (libmnl): the hold on a
 * master, and what status shows of a slave (name, MAC, carrier, speed,
 * driver, PCI address).
 */
#ifndef XVFD_NL_LINK_H
#define XVFD_NL_LINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

struct mnl_socket;

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

struct mnl_socket *xvfd_nl_link_open(void);
void xvfd_nl_link_close(struct mnl_socket *nl);
/* RTM_NEWLINK with IFLA_XFO_HOLD for master @ifindex. */
int xvfd_nl_set_hold(struct mnl_socket *nl, int ifindex, bool hold);
/* The master's takeover_ms and wait_ms (a negative one is left as is). */
int xvfd_nl_set_settings(struct mnl_socket *nl, int ifindex,
			 int64_t takeover_ms, int64_t wait_ms);
int xvfd_nl_link_info(struct mnl_socket *nl, int ifindex,
		      struct xvfd_link_info *info);

#endif
