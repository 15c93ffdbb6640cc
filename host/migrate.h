/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-host: the host's half of the protocol around one migration
 * (PROTOCOL.md 5.3 to 5.7), on the source and on the destination.
 */
#ifndef XVFH_MIGRATE_H
#define XVFH_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>

#include "xvfproto/value.h"

/* How long the host waits for the guest to confirm a VF attached, or
 * no-vf (PROTOCOL.md 5.7's confirm timer; --confirm-timeout). */
extern unsigned int xvfh_confirm_timeout_ms;

/* xvf-host migrate GUEST DESTINATION ... (the source's half). */
struct xvfh_migrate_opts {
	const char *guest;
	const char *destination;
	/* Save to this file and restore from it instead of migrating. */
	const char *save_file;
	/* The command that reaches the destination (as xl migrate -s); given,
	 * or for a destination that is not this host, the destination's half
	 * runs there through it ("VIA DESTINATION xvf-host receive ..."). */
	const char *via;
	/* The destination PF to take a VF from (default: any). */
	const char *dest_pf;
	bool json;
};

/* xvf-host receive GUEST MAC ... (the destination's half). */
struct xvfh_receive_opts {
	const char *guest;
	struct xvfp_mac mac;
	int vlan;		/* port VLAN for the new VF, 0 none */
	uint32_t next_seq;	/* from the source; 0 if unknown */
	/* The guest spoke the protocol on the source: do not wait for it to
	 * advertise again here (PROTOCOL.md 3). */
	bool guest_speaks;
	const char *pf;		/* take the VF from this PF, NULL: any */
	bool json;
};

/* Exit statuses: 0 migrated with a VF attached, 1 otherwise. */
int xvfh_migrate(const struct xvfh_migrate_opts *o);
int xvfh_receive(const struct xvfh_receive_opts *o);

/* A name safe to hand to another host's command line: [A-Za-z0-9_.:-],
 * 1 to @max bytes, not starting with '-'. */
bool xvfh_safe_word(const char *s, size_t max);

#endif
