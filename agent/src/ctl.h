/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's control socket: a unix stream socket where xvfctl sends one JSON
 * object per line ({"cmd": "status"}) and reads one back; "watch" keeps
 * the connection and streams events, one JSON object per line.
 *
 * Anyone may connect and read; changes need root or the admin group. The
 * peer's standing is taken from the socket once, at accept (SO_PEERCRED,
 * SO_PEERGROUPS): no user-database look-up, which could block the event
 * loop (LDAP) and would ask about the user rather than the process.
 *
 * Limits, so that local users cannot lock the admin out: at most
 * XVFD_CTL_PER_UID connections per unprivileged user, and the last
 * XVFD_CTL_RESERVED slots only for root and the admin group. There is no
 * idle timeout: a watcher is idle by design, and the per-user cap bounds
 * what idle connections can take.
 */
#ifndef XVFD_CTL_H
#define XVFD_CTL_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "loop.h"

#define XVFD_CTL_CLIENTS 24
#define XVFD_CTL_RESERVED 8
#define XVFD_CTL_PER_UID 4
#define XVFD_CTL_LINE_MAX 4096
#define XVFD_CTL_NO_GROUP ((gid_t)-1)

struct xvfd_ctl_peer {
	struct ucred cred;
	bool privileged;	/* root, or the admin group among its groups */
};

struct xvfd_ctl_client {
	int fd;
	struct xvfd_ctl_peer peer;
	bool watching;
	bool dead;		/* dropped; freed once no handler runs */
	size_t used;
	char buf[XVFD_CTL_LINE_MAX];
};

/*
 * Answer @req; set *@watch to keep the client for events.  Returns the
 * reply (the caller frees it). It may call xvfd_ctl_broadcast().
 */
typedef json_object *(*xvfd_ctl_handler)(void *ctx,
					 const struct xvfd_ctl_peer *peer,
					 json_object *req, bool *watch);

struct xvfd_ctl {
	int fd;
	char path[108];
	gid_t admin_gid;	/* XVFD_CTL_NO_GROUP: only root changes */
	struct xvfd_loop *loop;
	xvfd_ctl_handler handle;
	void *ctx;
	unsigned int serving;	/* handlers running: defer freeing */
	struct xvfd_ctl_client *client[XVFD_CTL_CLIENTS];
};

/*
 * Listen on @path, a socket file of mode 0666 created there (a stale
 * socket is replaced; anything else at @path is an error, -EEXIST).
 * -EADDRINUSE if another daemon answers on @path.
 */
int xvfd_ctl_open(struct xvfd_ctl *c, const char *path, gid_t admin_gid,
		  struct xvfd_loop *l, xvfd_ctl_handler handle, void *ctx);
void xvfd_ctl_close(struct xvfd_ctl *c);
/* Send @ev to every watching client (one that cannot take it is dropped). */
void xvfd_ctl_broadcast(struct xvfd_ctl *c, json_object *ev);
/* Whether a peer with @cred and supplementary @groups may change things. */
bool xvfd_ctl_privileged(const struct ucred *cred, const gid_t *groups,
			 unsigned int ngroups, gid_t admin_gid);

#endif
