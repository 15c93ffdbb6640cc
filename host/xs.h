/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-host: its xenstore side of the protocol (PROTOCOL.md 2): the
 * host-owned nodes with their permissions, the guest's advertisement and
 * reply, read bounded, and what the toolstack already records about a
 * guest's VFs and vifs.
 */
#ifndef XVFH_XS_H
#define XVFH_XS_H

#include <stdbool.h>
#include <stddef.h>

#include <xenstore.h>

#include "xvfproto/message.h"

struct xvfh_xs {
	struct xs_handle *xs;
	unsigned int domid;
	char home[48];
	char reply_path[80];
	bool watching;
};

int xvfh_xs_open(struct xvfh_xs *x);
void xvfh_xs_close(struct xvfh_xs *x);
/* Point at domain @domid (again, after a restore or migration): creates
 * xvf/ and xvf/version with "n0 r<domid>" and watches data/xvf/reply. */
int xvfh_xs_attach_domain(struct xvfh_xs *x, unsigned int domid);
int xvfh_xs_write_request(struct xvfh_xs *x, const char *text);
/*
 * Read a guest-owned node below the home into @buf, at most @max bytes:
 * longer, absent or unreadable is an error (hostile input is bounded).
 */
int xvfh_xs_read_guest(struct xvfh_xs *x, const char *rel, char *buf,
		       size_t max);
/* Wait for a watch event up to @timeout_ms; 1 if the reply changed. */
int xvfh_xs_wait(struct xvfh_xs *x, int timeout_ms);
/* The MAC of the guest's vif @n, as the toolstack gave it
 * (/local/domain/0/backend/vif/<domid>/<n>/mac). */
int xvfh_xs_vif_mac(struct xvfh_xs *x, unsigned int n, struct xvfp_mac *mac);
/* The physical address and guest-visible slot of the guest's passed-
 * through device @n (dom0's backend/pci/<domid>/0/dev-<n>, vdevfn-<n>). */
int xvfh_xs_pci_dev(struct xvfh_xs *x, unsigned int n,
		    struct xvfp_pci_addr *phys, struct xvfp_pci_addr *guest);
/* The slot of physical device @phys, if attached. */
int xvfh_xs_find_pci(struct xvfh_xs *x, const struct xvfp_pci_addr *phys,
		     struct xvfp_pci_addr *guest);

/*
 * Which guest holds physical device @phys: its name (from
 * /local/domain/<id>/name) in @name, by looking through dom0's
 * backend/pci/<domid>/0/dev-<n>. -ENOENT if none.
 */
int xvfh_xs_holder(struct xvfh_xs *x, const struct xvfp_pci_addr *phys,
		   char *name, size_t len);

#endif
