/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-host: the toolstack.  Everything xvf-host asks of the hypervisor's
 * toolstack is one of these operations, phrased as what happens to the
 * guest ("give this guest a VF", "take it back", "move the guest"), not
 * as one toolstack's commands, so that libvirt or XAPI fit beside xl.
 * The one in use is chosen by name (--toolstack, default xl) from the
 * table in toolstack.c.
 */
#ifndef XVFH_TOOLSTACK_H
#define XVFH_TOOLSTACK_H

#include "xvfproto/value.h"

/*
 * How xvf-host reaches another host unless told otherwise: ssh that never
 * prompts (a password or host-key question would stall a migration where
 * nobody sees it; it fails instead, within the command's time limit).
 */
#define XVFH_DEFAULT_VIA "ssh -o BatchMode=yes"

/* Where a guest goes when it moves. */
struct xvfh_move {
	/* Live migration to this host ... */
	const char *destination;
	/* ... reached with this command (as ssh; NULL: XVFH_DEFAULT_VIA). */
	const char *via;
	/* Set: save the guest to this file and restore it on this host
	 * instead (what a host reboot or `xl save` does). */
	const char *save_file;
};

struct xvfh_toolstack {
	const char *name;
	const char *description;
	/* The domain id of @guest (a name), or -errno. */
	int (*guest_domid)(const char *guest);
	/* Make @vf ready to be given to a guest (pciback and whatever the
	 * toolstack keeps about assignable devices). */
	int (*prepare_vf)(const struct xvfp_pci_addr *vf);
	/* Hot-plug @vf into the running @guest, and unplug it. */
	int (*give_vf)(const char *guest, const struct xvfp_pci_addr *vf);
	int (*take_vf)(const char *guest, const struct xvfp_pci_addr *vf);
	/* Move @guest as @move says; 0 once it runs there. */
	int (*move_guest)(const char *guest, const struct xvfh_move *move);
};

extern const struct xvfh_toolstack xvfh_toolstack_xl;

/* The default: the first entry of the table. */
const struct xvfh_toolstack *xvfh_toolstack_default(void);
/* By name, or NULL. */
const struct xvfh_toolstack *xvfh_toolstack_find(const char *name);
/* The known names, separated by ", ", for messages. */
void xvfh_toolstack_names(char *buf, size_t len);

/* The one in use (xvf-host.c sets it from --toolstack). */
extern const struct xvfh_toolstack *xvfh_toolstack;

#endif
