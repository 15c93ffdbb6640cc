/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's netlink event adapter (libmnl): RTM_NEWLINK/RTM_DELLINK of the
 * kernel's xvf_failover masters, as they happen (RTMGRP_LINK) and once
 * on request as a dump, turned into struct xvfd_master.
 */
#ifndef XVFD_NL_EVENTS_H
#define XVFD_NL_EVENTS_H

#include <stdbool.h>

#include "agent.h"

struct mnl_socket;

struct xvfd_nl_events {
	struct mnl_socket *events;	/* RTMGRP_LINK subscriber */
	unsigned int seq;
};

/* Called for each master seen; @gone for an RTM_DELLINK. */
typedef void (*xvfd_master_cb)(void *ctx, const struct xvfd_master *m,
			       bool gone);

int xvfd_nl_events_open(struct xvfd_nl_events *n);
void xvfd_nl_events_close(struct xvfd_nl_events *n);
int xvfd_nl_events_fd(const struct xvfd_nl_events *n);
/* Read what is pending on the event socket. */
int xvfd_nl_events_read(struct xvfd_nl_events *n, xvfd_master_cb cb,
			void *ctx);
/* Every master there is now (a dump on its own socket), or one. */
int xvfd_nl_dump_masters(xvfd_master_cb cb, void *ctx);
int xvfd_nl_get_master(int ifindex, xvfd_master_cb cb, void *ctx);

#endif
