// SPDX-License-Identifier: GPL-2.0-or-later
/* xvfd's control socket (see ctl.h). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"

static void drop_client(struct xvfd_ctl *c, unsigned int i)
{
	xvfd_loop_del(c->loop, c->client[i]->fd);
	close(c->client[i]->fd);
	free(c->client[i]);
	c->client[i] = NULL;
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
		reply = c->handle(c->ctx, &cl->cred, req, &watch);
	json_object_put(req);
	rc = send_json(cl->fd, reply);
	json_object_put(reply);
	if (watch)
		cl->watching = true;
	return rc == 0;
}

static void on_client(void *ctx, int fd, uint32_t events)
{
	struct xvfd_ctl *c = ctx;
	struct xvfd_ctl_client *cl = NULL;
	unsigned int i;
	ssize_t n;
	char *nl;

	(void)events;
	for (i = 0; i < XVFD_CTL_CLIENTS; i++)
		if (c->client[i] && c->client[i]->fd == fd) {
			cl = c->client[i];
			break;
		}
	if (!cl)
		return;
	n = recv(fd, cl->buf + cl->used, sizeof(cl->buf) - 1 - cl->used, 0);
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			drop_client(c, i);
		return;
	}
	cl->used += (size_t)n;
	cl->buf[cl->used] = '\0';
	while ((nl = strchr(cl->buf, '\n'))) {
		*nl = '\0';
		if (!serve_line(c, cl, cl->buf)) {
			drop_client(c, i);
			return;
		}
		cl->used -= (size_t)(nl + 1 - cl->buf);
		memmove(cl->buf, nl + 1, cl->used + 1);
	}
	if (cl->used == sizeof(cl->buf) - 1) {
		json_object *e = error_reply("request line too long");

		send_json(fd, e);
		json_object_put(e);
		drop_client(c, i);
	}
}

static void on_accept(void *ctx, int fd, uint32_t events)
{
	struct xvfd_ctl *c = ctx;
	socklen_t len = sizeof(struct ucred);
	struct xvfd_ctl_client *cl;
	unsigned int i;
	int cfd;

	(void)events;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return;
	for (i = 0; i < XVFD_CTL_CLIENTS && c->client[i]; i++)
		;
	cl = i < XVFD_CTL_CLIENTS ? calloc(1, sizeof(*cl)) : NULL;
	if (!cl || getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cl->cred, &len) ||
	    xvfd_loop_add(c->loop, cfd, on_client, c)) {
		free(cl);
		close(cfd);
		return;
	}
	cl->fd = cfd;
	c->client[i] = cl;
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

int xvfd_ctl_open(struct xvfd_ctl *c, const char *path, struct xvfd_loop *l,
		  xvfd_ctl_handler handle, void *ctx)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int rc;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (socket_in_use(&sa))
		return -EADDRINUSE;
	unlink(path);		/* a stale socket of a daemon that died */
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	/* Anyone may read; changes are checked per request (SO_PEERCRED). */
	if (bind(c->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(path, 0666) || listen(c->fd, 8)) {
		rc = -errno;
		goto fail;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
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
			drop_client(c, i);
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

	for (i = 0; i < XVFD_CTL_CLIENTS; i++)
		if (c->client[i] && c->client[i]->watching &&
		    send_json(c->client[i]->fd, ev))
			drop_client(c, i);
}

bool xvfd_ctl_may_change(const struct ucred *cred, const char *group)
{
	struct passwd pw, *pwp = NULL;
	struct group *gr;
	gid_t groups[64], admin;
	int n = 64, i;
	char buf[4096];

	if (cred->uid == 0)
		return true;
	gr = group && group[0] ? getgrnam(group) : NULL;
	if (!gr)
		return false;
	admin = gr->gr_gid;	/* gr is static storage: keep the id */
	if (cred->gid == admin)
		return true;
	if (getpwuid_r(cred->uid, &pw, buf, sizeof(buf), &pwp) || !pwp)
		return false;
	if (getgrouplist(pwp->pw_name, pwp->pw_gid, groups, &n) < 0)
		return false;
	for (i = 0; i < n; i++)
		if (groups[i] == admin)
			return true;
	return false;
}
