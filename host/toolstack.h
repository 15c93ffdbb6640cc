/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-host: the toolstack backend. Everything xvf-host asks of the
 * hypervisor's toolstack goes through one of these; the xl backend is
 * backend_xl.c. An xe (XenServer/XCP-ng) backend implements the same
 * operations with `xe vm-param-*`/`xe vif-*` and the net-sriov-vf device.
 */
#ifndef XVFH_BACKEND_H
#define XVFH_BACKEND_H

#include "xvfproto/value.h"

struct xvfh_backend {
	const char *name;
	/* The domain id of @guest (a name), or -errno. */
	int (*domid)(const char *guest);
	/* Hand the VF to pciback so it can be attached. */
	int (*make_assignable)(const struct xvfp_pci_addr *vf);
	int (*attach)(const char *guest, const struct xvfp_pci_addr *vf);
	int (*detach)(const char *guest, const struct xvfp_pci_addr *vf);
	/* Live-migrate @guest to @destination, reached with the command
	 * @via (NULL: the toolstack's default, ssh). */
	int (*migrate)(const char *guest, const char *destination,
		       const char *via);
	/* Stand-in for a migration where live migration cannot run: save
	 * the domain to @file and restore it from there. */
	int (*save_restore)(const char *guest, const char *file);
};

extern const struct xvfh_backend xvfh_backend_xl;
/* The one in use (xvf-host.c). */
extern const struct xvfh_backend *xvfh_backend;

#endif
