/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's xenstore adapter (libxenstore): the guest's side of the nodes of
 * PROTOCOL.md 2, by relative path, so it follows the domain to a new
 * home after a migration.  libxenstore honours XENSTORED_PATH, which the
 * tests point at their own server.
 */
#ifndef XVFD_XS_H
#define XVFD_XS_H

#include <stdbool.h>
#include <stddef.h>

struct xs_handle;

struct xvfd_xs {
	struct xs_handle *xs;
};

int xvfd_xs_open(struct xvfd_xs *x);
void xvfd_xs_close(struct xvfd_xs *x);
/*
 * Whether the connection still answers (a read of our domid): libxenstore
 * says nothing when its connection dies, the watches just stop firing.
 */
bool xvfd_xs_alive(struct xvfd_xs *x);
int xvfd_xs_fd(const struct xvfd_xs *x);
/* Consume the pending watch firings; how many there were. */
int xvfd_xs_drain_watches(struct xvfd_xs *x);
/* @rel into @buf (at most @max bytes): -ENOENT absent, -E2BIG longer. */
int xvfd_xs_read(struct xvfd_xs *x, const char *rel, char *buf, size_t max);
int xvfd_xs_write(struct xvfd_xs *x, const char *rel, const char *text);
/*
 * PROTOCOL.md 3: put back what the host reads if it is gone (a resume
 * on a new host): versions, features, @state and @last_reply (may be "").
 */
void xvfd_xs_advertise(struct xvfd_xs *x, const char *last_reply,
		       const char *state);
/* Our domain id (the "domid" node of our home), 0 if unknown. */
unsigned int xvfd_xs_domid(struct xvfd_xs *x);

#endif
