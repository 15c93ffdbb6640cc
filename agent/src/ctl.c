// SPDX-License-Identifier: GPL-2.0-or-later
/* xvfd's control socket (see ctl.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"

/*
 * Out of the loop at once; freed when no handler is running, because a
 * handler may broadcast and so drop the very client it serves.
 */
static void drop_client(struct xvfd_ctl *c, struct xvfd_ctl_client *cl)
{
	if (cl->dead)
		return;
	cl->dead = true;
	xvfd_loop_del(c->loop, cl->fd);
	close(cl->fd);
	cl->fd = -1;
}

static void sweep(struct xvfd_ctl *c)
{
	unsigned int i;

	if (c->serving)
		return;
	for (i = 0; i < XVFD_CTL_CLIENTS; i++)
		if (c->client[i] && c->client[i]->dead) {
			free(c->client[i]);
			c->client[i] = NULL;
		}
}

static int send_json(int fd, json_object *obj)
{
	const char *text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(text), done = 0;
	ssize_t n;

	while (done <= len) {
		/* The text, then its newline. */
		n = done < len ? send(fd, text + done, len - done, MSG_NOSIGNAL) :
				 send(fd, "\n", 1, MSG_NOSIGNAL);
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

static json_object *error_reply(const char *msg)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "ok", json_object_new_boolean(0));
	json_object_object_add(o, "error", json_object_new_string(msg));
	return o;
}

/* One request line: answer it; false if the client must go. */
static bool serve_line(struct xvfd_ctl *c, struct xvfd_ctl_client *cl,
		       const char *line)
{
	json_object *req = json_tokener_parse(line), *reply;
	bool watch = false;
	int rc;

	if (!req || !json_object_is_type(req, json_type_object))
		reply = error_reply("the request is not a JSON object");
	else
		reply = c->handle(c->ctx, &cl->peer, req, &watch);
	json_object_put(req);
	/* The handler's broadcast may have dropped this client. */
	rc = cl->dead ? -EPIPE : send_json(cl->fd, reply);
	json_object_put(reply);
	if (watch)
		cl->watching = true;
	return rc == 0;
}

static struct xvfd_ctl_client *client_of(struct xvfd_ctl *c, int fd)
{
	unsigned int i;

	for (i = 0; i < XVFD_CTL_CLIENTS; i++)
		if (c->client[i] && !c->client[i]->dead && c->client[i]->fd == fd)
			return c->client[i];
	return NULL;
}

/* Serve every complete line in @cl's buffer. */
static void serve_lines(struct xvfd_ctl *c, struct xvfd_ctl_client *cl)
{
	char *nl;

	while (!cl->dead && (nl = strchr(cl->buf, '\n'))) {
		*nl = '\0';
		if (!serve_line(c, cl, cl->buf)) {
			drop_client(c, cl);
			return;
		}
		cl->used -= (size_t)(nl + 1 - cl->buf);
		memmove(cl->buf, nl + 1, cl->used + 1);
	}
	if (!cl->dead && cl->used == sizeof(cl->buf) - 1) {
		json_object *e = error_reply("request line too long");

		send_json(cl->fd, e);
		json_object_put(e);
		drop_client(c, cl);
	}
}

static void on_client(void *ctx, int fd, uint32_t events)
{
	struct xvfd_ctl *c = ctx;
	struct xvfd_ctl_client *cl = client_of(c, fd);
	ssize_t n;

	(void)events;
	if (!cl)
		return;
	n = recv(fd, cl->buf + cl->used, sizeof(cl->buf) - 1 - cl->used, 0);
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			drop_client(c, cl);
		sweep(c);
		return;
	}
	cl->used += (size_t)n;
	cl->buf[cl->used] = '\0';
	c->serving++;
	serve_lines(c, cl);
	c->serving--;
	sweep(c);
}

bool xvfd_ctl_privileged(const struct ucred *cred, const gid_t *groups,
			 unsigned int ngroups, gid_t admin_gid)
{
	unsigned int i;

	if (cred->uid == 0)
		return true;
	if (admin_gid == XVFD_CTL_NO_GROUP)
		return false;
	if (cred->gid == admin_gid)
		return true;
	for (i = 0; i < ngroups; i++)
		if (groups[i] == admin_gid)
			return true;
	return false;
}

/* Who is at the other end of @fd, from the socket alone (never blocks). */
static int peer_of(int fd, gid_t admin_gid, struct xvfd_ctl_peer *peer)
{
	socklen_t len = sizeof(peer->cred);
	gid_t groups[256];
	socklen_t glen = sizeof(groups);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer->cred, &len))
		return -errno;
	/* More groups than fit (ERANGE): judged by its primary group only. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &glen))
		glen = 0;
	peer->privileged = xvfd_ctl_privileged(&peer->cred, groups,
					       glen / sizeof(gid_t), admin_gid);
	return 0;
}

/* A free slot for @peer under the limits (ctl.h), or -1. */
static int slot_for(const struct xvfd_ctl *c, const struct xvfd_ctl_peer *peer)
{
	unsigned int i, used = 0, same_uid = 0;
	int free_slot = -1;

	for (i = 0; i < XVFD_CTL_CLIENTS; i++) {
		const struct xvfd_ctl_client *cl = c->client[i];

		if (!cl) {
			if (free_slot < 0)
				free_slot = (int)i;
			continue;
		}
		used++;
		if (!cl->dead && cl->peer.cred.uid == peer->cred.uid)
			same_uid++;
	}
	if (peer->privileged)
		return free_slot;
	if (same_uid >= XVFD_CTL_PER_UID ||
	    used >= XVFD_CTL_CLIENTS - XVFD_CTL_RESERVED)
		return -1;
	return free_slot;
}

static void on_accept(void *ctx, int fd, uint32_t events)
{
	struct xvfd_ctl *c = ctx;
	struct xvfd_ctl_client *cl;
	struct xvfd_ctl_peer peer;
	int cfd, slot;

	(void)events;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return;
	if (peer_of(cfd, c->admin_gid, &peer)) {
		close(cfd);
		return;
	}
	slot = slot_for(c, &peer);
	if (slot < 0) {
		json_object *e = error_reply("too many connections: close some");

		send_json(cfd, e);
		json_object_put(e);
		close(cfd);
		return;
	}
	cl = calloc(1, sizeof(*cl));
	if (!cl || xvfd_loop_add(c->loop, cfd, on_client, c)) {
		free(cl);
		close(cfd);
		return;
	}
	cl->fd = cfd;
	cl->peer = peer;
	c->client[slot] = cl;
}

/* Someone already answers on @path? */
static bool socket_in_use(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool used;

	if (fd < 0)
		return false;
	used = !connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	close(fd);
	return used;
}

/* Clear @path for a new socket: only a dead daemon's socket goes. */
static int clear_path(const struct sockaddr_un *sa)
{
	struct stat st;

	if (lstat(sa->sun_path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	if (socket_in_use(sa))
		return -EADDRINUSE;
	return unlink(sa->sun_path) ? -errno : 0;
}

/* Bind with mode 0666 (anyone may connect; changes are checked per
 * peer), set by the umask at creation rather than chmod by path after. */
static int bind_open_to_all(int fd, const struct sockaddr_un *sa)
{
	mode_t old = umask(0111);
	int rc = bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) ? -errno : 0;

	umask(old);
	return rc;
}

int xvfd_ctl_open(struct xvfd_ctl *c, const char *path, gid_t admin_gid,
		  struct xvfd_loop *l, xvfd_ctl_handler handle, void *ctx)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int rc;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	rc = clear_path(&sa);
	if (rc)
		return rc;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	rc = bind_open_to_all(c->fd, &sa);
	if (!rc && listen(c->fd, 16))
		rc = -errno;
	if (rc)
		goto fail;
	snprintf(c->path, sizeof(c->path), "%s", path);
	c->admin_gid = admin_gid;
	c->loop = l;
	c->handle = handle;
	c->ctx = ctx;
	rc = xvfd_loop_add(l, c->fd, on_accept, c);
	if (rc)
		goto fail;
	return 0;
fail:
	close(c->fd);
	c->fd = -1;
	return rc;
}

void xvfd_ctl_close(struct xvfd_ctl *c)
{
	unsigned int i;

	for (i = 0; i < XVFD_CTL_CLIENTS; i++)
		if (c->client[i])
			drop_client(c, c->client[i]);
	sweep(c);
	if (c->fd >= 0) {
		xvfd_loop_del(c->loop, c->fd);
		close(c->fd);
		unlink(c->path);
	}
	c->fd = -1;
}

void xvfd_ctl_broadcast(struct xvfd_ctl *c, json_object *ev)
{
	unsigned int i;

	for (i = 0; i < XVFD_CTL_CLIENTS; i++) {
		struct xvfd_ctl_client *cl = c->client[i];

		if (cl && !cl->dead && cl->watching && send_json(cl->fd, ev))
			drop_client(c, cl);
	}
	sweep(c);
}
