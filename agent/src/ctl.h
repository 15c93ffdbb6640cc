/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's control socket: a unix stream socket where xvfctl sends one JSON
 * object per line ({"cmd": "status"}) and reads one back; "watch" keeps
 * the connection and streams events, one JSON object per line.  The
 * peer's credentials (SO_PEERCRED) go with every request so the handler
 * can refuse changes to anyone but root and the admin group.
 */
#ifndef XVFD_CTL_H
#define XVFD_CTL_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "loop.h"

#define XVFD_CTL_CLIENTS 16
#define XVFD_CTL_LINE_MAX 4096

struct xvfd_ctl_client {
	int fd;
	struct ucred cred;
	bool watching;
	size_t used;
	char buf[XVFD_CTL_LINE_MAX];
};

/*
 * Answer @req; set *@watch to keep the client for events.  Returns the
 * reply (the caller frees it).
 */
typedef json_object *(*xvfd_ctl_handler)(void *ctx, const struct ucred *cred,
					 json_object *req, bool *watch);

struct xvfd_ctl {
	int fd;
	char path[108];
	struct xvfd_loop *loop;
	xvfd_ctl_handler handle;
	void *ctx;
	struct xvfd_ctl_client *client[XVFD_CTL_CLIENTS];
};

/* -EADDRINUSE if another daemon answers on @path. */
int xvfd_ctl_open(struct xvfd_ctl *c, const char *path, struct xvfd_loop *l,
		  xvfd_ctl_handler handle, void *ctx);
void xvfd_ctl_close(struct xvfd_ctl *c);
/* Send @ev to every watching client (a slow one is dropped). */
void xvfd_ctl_broadcast(struct xvfd_ctl *c, json_object *ev);
/* Root, or a member of group @group (by name). */
bool xvfd_ctl_may_change(const struct ucred *cred, const char *group);

#endif
