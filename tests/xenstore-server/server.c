// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvf-test-xenstored: a xenstore wire-protocol server on unix sockets, for
 * tests that cannot boot Xen. Test infrastructure only (README.md).
 *
 *   xvf-test-xenstored [--ready FILE] DOMID:SOCKET...
 *
 * Each DOMID:SOCKET listens on SOCKET; every connection made there acts as
 * domain DOMID (0 is dom0). Point libxenstore and the xenstore-* tools at
 * one with XENSTORED_PATH=SOCKET. --ready writes FILE once all sockets
 * listen, so a test can wait for it. SIGTERM ends it.
 *
 * Implemented: READ WRITE MKDIR RM DIRECTORY GET_PERMS SET_PERMS WATCH
 * UNWATCH TRANSACTION_START/END GET_DOMAIN_PATH RESET_WATCHES
 * IS_DOMAIN_INTRODUCED, with Xen's permission rules and watch semantics
 * (a watch fires once when set, then for changes to its node and the
 * nodes below it, in order). A transaction works on a copy of the tree and
 * fails with EAGAIN at commit if anything was committed meanwhile.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xen/io/xs_wire.h>

#include "tree.h"

#define MAX_LISTENERS 16
#define MAX_CONNS 64
#define MAX_WATCHES 128
#define MAX_TX 16
#define PATH_BUF 3200

struct watch {
	char *path;		/* absolute, or "@..." */
	char *token;
	bool relative;		/* report paths relative to the domain home */
};

struct transaction {
	uint32_t id;
	struct xsd_node *root;
	unsigned long base_generation;
	char *changed[64];	/* paths written, for the watches at commit */
	unsigned int nchanged;
	bool overflow;
};

struct conn {
	int fd;
	unsigned int domid;
	struct watch watches[MAX_WATCHES];
	unsigned int nwatches;
	struct transaction tx[MAX_TX];
	uint32_t next_tx;
	/* A request being read. */
	struct xsd_sockmsg hdr;
	char body[XENSTORE_PAYLOAD_MAX + 1];
	size_t got;
};

struct listener {
	int fd;
	unsigned int domid;
	char *path;
};

static struct xsd_node *tree;
static unsigned long generation;
static struct listener listeners[MAX_LISTENERS];
static unsigned int nlisteners;
static struct conn *conns[MAX_CONNS];
static volatile sig_atomic_t stopping;

static const char *const error_names[] = {
	[EINVAL] = "EINVAL", [EACCES] = "EACCES", [EEXIST] = "EEXIST",
	[EISDIR] = "EISDIR", [ENOENT] = "ENOENT", [ENOMEM] = "ENOMEM",
	[ENOSPC] = "ENOSPC", [EIO] = "EIO", [ENOTEMPTY] = "ENOTEMPTY",
	[ENOSYS] = "ENOSYS", [EROFS] = "EROFS", [EBUSY] = "EBUSY",
	[EAGAIN] = "EAGAIN", [EISCONN] = "EISCONN", [E2BIG] = "E2BIG",
	[EPERM] = "EPERM",
};

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void send_msg(struct conn *c, uint32_t type, uint32_t req_id,
		     uint32_t tx_id, const void *body, size_t len)
{
	struct xsd_sockmsg hdr = { type, req_id, tx_id, (uint32_t)len };

	if (write_all(c->fd, &hdr, sizeof(hdr)) || write_all(c->fd, body, len))
		fprintf(stderr, "xsd: write to domain %u failed\n", c->domid);
}

static void reply_error(struct conn *c, int err)
{
	const char *name = err > 0 && (size_t)err < sizeof(error_names) /
					sizeof(error_names[0]) && error_names[err] ?
				   error_names[err] : "EINVAL";

	send_msg(c, XS_ERROR, c->hdr.req_id, c->hdr.tx_id, name,
		 strlen(name) + 1);
}

static void reply(struct conn *c, const void *body, size_t len)
{
	send_msg(c, c->hdr.type, c->hdr.req_id, c->hdr.tx_id, body, len);
}

static void reply_ok(struct conn *c)
{
	reply(c, "OK", 3);
}

/* ---- watches ---- */

static bool is_below(const char *path, const char *top)
{
	size_t n = strlen(top);

	if (strncmp(path, top, n))
		return false;
	return path[n] == '\0' || path[n] == '/' || !strcmp(top, "/");
}

static void send_event(struct conn *c, const struct watch *w, const char *path)
{
	char body[PATH_BUF + XENSTORE_PAYLOAD_MAX];
	char home[64];
	size_t hl = (size_t)snprintf(home, sizeof(home), "/local/domain/%u/",
				     c->domid);
	const char *shown = path;
	int n;

	if (w->relative && !strncmp(path, home, hl))
		shown = path + hl;
	n = snprintf(body, sizeof(body), "%s%c%s", shown, '\0', w->token);
	if (n > 0)
		send_msg(c, XS_WATCH_EVENT, 0, 0, body, (size_t)n + 1);
}

/* A change of @path: every watch on it or an ancestor fires, if the
 * watcher may read what changed (or its parent, once it is gone). */
static void fire_watches(const char *path)
{
	struct xsd_node *node = xsd_lookup(tree, path);
	char parent[PATH_BUF];
	unsigned int i, j;

	if (!node) {
		char *slash;

		snprintf(parent, sizeof(parent), "%s", path);
		slash = strrchr(parent, '/');
		if (slash && slash != parent)
			*slash = '\0';
		node = xsd_lookup(tree, parent);
	}
	for (i = 0; i < MAX_CONNS; i++) {
		struct conn *c = conns[i];

		if (!c || (node && !xsd_can_read(node, c->domid)))
			continue;
		for (j = 0; j < c->nwatches; j++)
			if (c->watches[j].path[0] == '/' &&
			    is_below(path, c->watches[j].path))
				send_event(c, &c->watches[j], path);
	}
}

static void do_watch(struct conn *c, const char *path, const char *token)
{
	char abs[PATH_BUF];
	struct watch *w;

	if (c->nwatches == MAX_WATCHES) {
		reply_error(c, ENOSPC);
		return;
	}
	if (path[0] == '@')
		snprintf(abs, sizeof(abs), "%s", path);
	else if (xsd_canonical_path(path, c->domid, abs, sizeof(abs))) {
		reply_error(c, EINVAL);
		return;
	}
	w = &c->watches[c->nwatches];
	w->path = strdup(abs);
	w->token = strdup(token);
	w->relative = path[0] != '/' && path[0] != '@';
	if (!w->path || !w->token) {
		free(w->path);
		free(w->token);
		reply_error(c, ENOMEM);
		return;
	}
	c->nwatches++;
	reply_ok(c);
	/* Xen fires every new watch once, with the watched path. */
	send_event(c, w, w->path);
}

static void do_unwatch(struct conn *c, const char *path, const char *token)
{
	char abs[PATH_BUF];
	unsigned int i;

	if (path[0] == '@')
		snprintf(abs, sizeof(abs), "%s", path);
	else if (xsd_canonical_path(path, c->domid, abs, sizeof(abs))) {
		reply_error(c, EINVAL);
		return;
	}
	for (i = 0; i < c->nwatches; i++) {
		if (strcmp(c->watches[i].path, abs) ||
		    strcmp(c->watches[i].token, token))
			continue;
		free(c->watches[i].path);
		free(c->watches[i].token);
		memmove(&c->watches[i], &c->watches[i + 1],
			(c->nwatches - i - 1) * sizeof(c->watches[0]));
		c->nwatches--;
		reply_ok(c);
		return;
	}
	reply_error(c, ENOENT);
}

/* ---- transactions ---- */

static struct transaction *find_tx(struct conn *c, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < MAX_TX; i++)
		if (c->tx[i].id == id && c->tx[i].root)
			return &c->tx[i];
	return NULL;
}

static void tx_clear(struct transaction *t)
{
	unsigned int i;

	xsd_tree_free(t->root);
	for (i = 0; i < t->nchanged; i++)
		free(t->changed[i]);
	memset(t, 0, sizeof(*t));
}

static void do_tx_start(struct conn *c)
{
	char id[16];
	unsigned int i;

	for (i = 0; i < MAX_TX && c->tx[i].root; i++)
		;
	if (i == MAX_TX) {
		reply_error(c, EBUSY);
		return;
	}
	c->tx[i].root = xsd_tree_copy(tree);
	if (!c->tx[i].root) {
		reply_error(c, ENOMEM);
		return;
	}
	c->tx[i].id = ++c->next_tx;
	c->tx[i].base_generation = generation;
	snprintf(id, sizeof(id), "%u", c->tx[i].id);
	reply(c, id, strlen(id) + 1);
}

static void do_tx_end(struct conn *c, struct transaction *t, bool commit)
{
	unsigned int i;

	if (!commit) {
		tx_clear(t);
		reply_ok(c);
		return;
	}
	if (t->base_generation != generation || t->overflow) {
		tx_clear(t);
		reply_error(c, EAGAIN);
		return;
	}
	xsd_tree_free(tree);
	tree = t->root;
	t->root = NULL;
	if (t->nchanged)
		generation++;
	for (i = 0; i < t->nchanged; i++)
		fire_watches(t->changed[i]);
	tx_clear(t);
	reply_ok(c);
}

/* ---- node operations ---- */

/* The tree a request works on, and where its changes are recorded. */
struct target {
	struct xsd_node *root;
	struct transaction *tx;
};

static void changed(struct target *tg, const char *path)
{
	if (!tg->tx) {
		generation++;
		fire_watches(path);
		return;
	}
	if (tg->tx->nchanged == sizeof(tg->tx->changed) / sizeof(char *)) {
		tg->tx->overflow = true;
		return;
	}
	tg->tx->changed[tg->tx->nchanged++] = strdup(path);
}

static void do_read(struct conn *c, struct target *tg, const char *path)
{
	struct xsd_node *n = xsd_lookup(tg->root, path);

	if (!n)
		reply_error(c, ENOENT);
	else if (!xsd_can_read(n, c->domid))
		reply_error(c, EACCES);
	else
		reply(c, n->value, n->len);
}

static void do_write(struct conn *c, struct target *tg, const char *path,
		     const char *value, size_t len, bool mkdir_only)
{
	struct xsd_node *n = xsd_lookup(tg->root, path);
	bool created = false;
	int rc;

	if (n && mkdir_only) {
		reply_ok(c);
		return;
	}
	if (n && !xsd_can_write(n, c->domid)) {
		reply_error(c, EACCES);
		return;
	}
	if (!n) {
		rc = xsd_create(tg->root, path, c->domid, &n, &created);
		if (rc) {
			reply_error(c, -rc);
			return;
		}
	}
	if (!mkdir_only && xsd_set_value(n, value, len)) {
		reply_error(c, ENOMEM);
		return;
	}
	changed(tg, path);
	reply_ok(c);
}

static void do_rm(struct conn *c, struct target *tg, const char *path)
{
	struct xsd_node *n = xsd_lookup(tg->root, path);

	if (!n) {
		reply_error(c, ENOENT);
		return;
	}
	if (!n->parent) {
		reply_error(c, EINVAL);
		return;
	}
	if (!xsd_can_write(n, c->domid)) {
		reply_error(c, EACCES);
		return;
	}
	xsd_remove(n);
	changed(tg, path);
	reply_ok(c);
}

static void do_directory(struct conn *c, struct target *tg, const char *path)
{
	struct xsd_node *n = xsd_lookup(tg->root, path), *ch;
	char body[XENSTORE_PAYLOAD_MAX];
	size_t used = 0;

	if (!n) {
		reply_error(c, ENOENT);
		return;
	}
	if (!xsd_can_read(n, c->domid)) {
		reply_error(c, EACCES);
		return;
	}
	for (ch = n->child; ch; ch = ch->next) {
		size_t len = strlen(ch->name) + 1;

		if (used + len > sizeof(body)) {
			reply_error(c, E2BIG);
			return;
		}
		memcpy(body + used, ch->name, len);
		used += len;
	}
	reply(c, body, used);
}

static void do_get_perms(struct conn *c, struct target *tg, const char *path)
{
	struct xsd_node *n = xsd_lookup(tg->root, path);
	char body[XENSTORE_PAYLOAD_MAX];

	if (!n)
		reply_error(c, ENOENT);
	else if (!xsd_can_read(n, c->domid))
		reply_error(c, EACCES);
	else
		reply(c, body, xsd_format_perms(n, body, sizeof(body)));
}

/* Only dom0 and the node's owner may change its permissions. */
static void do_set_perms(struct conn *c, struct target *tg, const char *path,
			 const char *perms, size_t len)
{
	struct xsd_node *n = xsd_lookup(tg->root, path);
	struct xsd_perm p[XSD_MAX_PERMS];
	unsigned int np;

	if (!n) {
		reply_error(c, ENOENT);
		return;
	}
	if (c->domid != 0 && n->perms[0].domid != c->domid) {
		reply_error(c, EACCES);
		return;
	}
	if (xsd_parse_perms(perms, len, p, &np)) {
		reply_error(c, EINVAL);
		return;
	}
	memcpy(n->perms, p, sizeof(p));
	n->nperms = np;
	changed(tg, path);
	reply_ok(c);
}

/* ---- dispatch ---- */

/* The strings of a request body: @n NUL-terminated ones are required. */
static int split(struct conn *c, const char **s, unsigned int n)
{
	size_t off = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		size_t len;

		if (off >= c->hdr.len)
			return -EINVAL;
		s[i] = c->body + off;
		len = strnlen(s[i], c->hdr.len - off);
		off += len + 1;
	}
	return 0;
}

static void dispatch_path_op(struct conn *c, struct target *tg)
{
	const char *s[1];
	char path[PATH_BUF];
	size_t plen;

	if (split(c, s, 1) || xsd_canonical_path(s[0], c->domid, path, sizeof(path))) {
		reply_error(c, EINVAL);
		return;
	}
	plen = strlen(s[0]) + 1;
	switch (c->hdr.type) {
	case XS_READ:
		do_read(c, tg, path);
		break;
	case XS_WRITE:
		/* path NUL value (the value runs to the end, no NUL). */
		do_write(c, tg, path, c->body + plen,
			 c->hdr.len > plen ? c->hdr.len - plen : 0, false);
		break;
	case XS_MKDIR:
		do_write(c, tg, path, "", 0, true);
		break;
	case XS_RM:
		do_rm(c, tg, path);
		break;
	case XS_DIRECTORY:
		do_directory(c, tg, path);
		break;
	case XS_GET_PERMS:
		do_get_perms(c, tg, path);
		break;
	case XS_SET_PERMS:
		do_set_perms(c, tg, path, c->body + plen,
			     c->hdr.len > plen ? c->hdr.len - plen : 0);
		break;
	}
}

static void dispatch(struct conn *c)
{
	struct target tg = { .root = tree };
	const char *s[2];
	char body[32];

	c->body[c->hdr.len] = '\0';
	if (c->hdr.tx_id) {
		tg.tx = find_tx(c, c->hdr.tx_id);
		if (!tg.tx) {
			reply_error(c, ENOENT);
			return;
		}
		tg.root = tg.tx->root;
	}
	switch (c->hdr.type) {
	case XS_READ:
	case XS_WRITE:
	case XS_MKDIR:
	case XS_RM:
	case XS_DIRECTORY:
	case XS_GET_PERMS:
	case XS_SET_PERMS:
		dispatch_path_op(c, &tg);
		break;
	case XS_WATCH:
	case XS_UNWATCH:
		if (split(c, s, 2)) {
			reply_error(c, EINVAL);
			break;
		}
		if (c->hdr.type == XS_WATCH)
			do_watch(c, s[0], s[1]);
		else
			do_unwatch(c, s[0], s[1]);
		break;
	case XS_TRANSACTION_START:
		do_tx_start(c);
		break;
	case XS_TRANSACTION_END:
		if (!tg.tx || split(c, s, 1) || (strcmp(s[0], "T") && strcmp(s[0], "F")))
			reply_error(c, EINVAL);
		else
			do_tx_end(c, tg.tx, !strcmp(s[0], "T"));
		break;
	case XS_GET_DOMAIN_PATH:
		if (split(c, s, 1)) {
			reply_error(c, EINVAL);
			break;
		}
		snprintf(body, sizeof(body), "/local/domain/%s", s[0]);
		reply(c, body, strlen(body) + 1);
		break;
	case XS_RESET_WATCHES:
		reply_ok(c);
		break;
	case XS_IS_DOMAIN_INTRODUCED:
		reply(c, "T", 2);
		break;
	default:
		reply_error(c, ENOSYS);
		break;
	}
}

/* ---- connections ---- */

static void conn_close(unsigned int slot)
{
	struct conn *c = conns[slot];
	unsigned int i;

	close(c->fd);
	for (i = 0; i < c->nwatches; i++) {
		free(c->watches[i].path);
		free(c->watches[i].token);
	}
	for (i = 0; i < MAX_TX; i++)
		tx_clear(&c->tx[i]);
	free(c);
	conns[slot] = NULL;
}

/* Read what is there; dispatch each complete request. -1: close. */
static int conn_read(struct conn *c)
{
	size_t want;
	ssize_t n;
	char *dst;

	if (c->got < sizeof(c->hdr)) {
		dst = (char *)&c->hdr + c->got;
		want = sizeof(c->hdr) - c->got;
	} else {
		dst = c->body + (c->got - sizeof(c->hdr));
		want = sizeof(c->hdr) + c->hdr.len - c->got;
	}
	n = read(c->fd, dst, want);
	if (n <= 0)
		return n < 0 && errno == EINTR ? 0 : -1;
	c->got += (size_t)n;
	if (c->got == sizeof(c->hdr) && c->hdr.len > XENSTORE_PAYLOAD_MAX)
		return -1;
	if (c->got == sizeof(c->hdr) + c->hdr.len && c->got >= sizeof(c->hdr)) {
		dispatch(c);
		c->got = 0;
	}
	return 0;
}

static void accept_on(struct listener *l)
{
	int fd = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
	unsigned int i;

	if (fd < 0)
		return;
	for (i = 0; i < MAX_CONNS && conns[i]; i++)
		;
	if (i == MAX_CONNS) {
		close(fd);
		return;
	}
	conns[i] = calloc(1, sizeof(struct conn));
	if (!conns[i]) {
		close(fd);
		return;
	}
	conns[i]->fd = fd;
	conns[i]->domid = l->domid;
}

static int listen_on(const char *spec)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct listener *l = &listeners[nlisteners];
	const char *colon = strchr(spec, ':');
	char *end;
	unsigned long domid;

	if (!colon || nlisteners == MAX_LISTENERS)
		return -EINVAL;
	domid = strtoul(spec, &end, 10);
	if (end != colon || domid > 0x7fef ||
	    strlen(colon + 1) >= sizeof(addr.sun_path))
		return -EINVAL;
	strcpy(addr.sun_path, colon + 1);
	unlink(addr.sun_path);
	l->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l->fd < 0 || bind(l->fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(l->fd, 16))
		return -errno;
	l->domid = (unsigned int)domid;
	l->path = strdup(addr.sun_path);
	nlisteners++;
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void serve(void)
{
	struct pollfd pfd[MAX_LISTENERS + MAX_CONNS];
	unsigned int slot[MAX_CONNS];
	unsigned int i, n;

	while (!stopping) {
		for (i = 0; i < nlisteners; i++)
			pfd[i] = (struct pollfd){ .fd = listeners[i].fd, .events = POLLIN };
		n = nlisteners;
		for (i = 0; i < MAX_CONNS; i++) {
			if (!conns[i])
				continue;
			slot[n - nlisteners] = i;
			pfd[n++] = (struct pollfd){ .fd = conns[i]->fd, .events = POLLIN };
		}
		if (poll(pfd, n, -1) < 0)
			continue;
		for (i = 0; i < nlisteners; i++)
			if (pfd[i].revents & POLLIN)
				accept_on(&listeners[i]);
		for (i = nlisteners; i < n; i++) {
			unsigned int s = slot[i - nlisteners];

			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (conn_read(conns[s]))
				conn_close(s);
		}
	}
}

int main(int argc, char **argv)
{
	const char *ready = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned int i;
	int arg = 1;
	FILE *f;

	if (argc > 2 && !strcmp(argv[1], "--ready")) {
		ready = argv[2];
		arg = 3;
	}
	if (arg >= argc) {
		fprintf(stderr, "usage: xvf-test-xenstored [--ready FILE] DOMID:SOCKET...\n");
		return 2;
	}
	tree = xsd_tree_new();
	if (!tree)
		return 1;
	for (; arg < argc; arg++) {
		if (listen_on(argv[arg])) {
			fprintf(stderr, "xvf-test-xenstored: cannot listen on %s\n",
				argv[arg]);
			return 1;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (ready) {
		f = fopen(ready, "w");
		if (!f)
			return 1;
		fclose(f);
	}
	serve();
	for (i = 0; i < MAX_CONNS; i++)
		if (conns[i])
			conn_close(i);
	for (i = 0; i < nlisteners; i++) {
		close(listeners[i].fd);
		unlink(listeners[i].path);
		free(listeners[i].path);
	}
	xsd_tree_free(tree);
	return 0;
}
