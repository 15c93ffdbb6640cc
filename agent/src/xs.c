// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfd's xenstore adapter.  Watches xvf/request and xvf/version, and
 * "domid": every watch fires again after a resume, and the domain id a
 * guest reads changes when it lands on another host (or is restored), so
 * a firing is also the moment to check whether we moved.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "xs.h"
#include "xvfproto/message.h"

static const char *const watched[] = { "xvf/request", "xvf/version", "domid" };

int xvfd_xs_open(struct xvfd_xs *x)
{
	unsigned int i;

	x->xs = xs_open(0);
	if (!x->xs)
		return errno ? -errno : -EIO;
	for (i = 0; i < sizeof(watched) / sizeof(watched[0]); i++) {
		if (!xs_watch(x->xs, watched[i], watched[i])) {
			int rc = errno ? -errno : -EIO;

			xvfd_xs_close(x);
			return rc;
		}
	}
	return 0;
}

void xvfd_xs_close(struct xvfd_xs *x)
{
	if (x->xs)
		xs_close(x->xs);
	x->xs = NULL;
}

bool xvfd_xs_alive(struct xvfd_xs *x)
{
	unsigned int len;
	char *v;

	if (!x->xs)
		return false;
	v = xs_read(x->xs, XBT_NULL, "domid", &len);
	if (v) {
		free(v);
		return true;
	}
	/* Answered, only not there (a test's bare home): alive. */
	return errno == ENOENT || errno == EACCES;
}

int xvfd_xs_fd(const struct xvfd_xs *x)
{
	return xs_fileno(x->xs);
}

int xvfd_xs_drain_watches(struct xvfd_xs *x)
{
	char **ev;
	int n = 0;

	while ((ev = xs_check_watch(x->xs))) {
		free(ev);
		n++;
	}
	return n;
}

int xvfd_xs_read(struct xvfd_xs *x, const char *rel, char *buf, size_t max)
{
	unsigned int len;
	char *v = xs_read(x->xs, XBT_NULL, rel, &len);

	if (!v)
		return errno == ENOENT ? -ENOENT : -EIO;
	if (len > max || strlen(v) != len) {
		free(v);
		return -E2BIG;	/* longer than the protocol allows, or NULs */
	}
	memcpy(buf, v, len);
	buf[len] = '\0';
	free(v);
	return 0;
}

int xvfd_xs_write(struct xvfd_xs *x, const char *rel, const char *text)
{
	if (!xs_write(x->xs, XBT_NULL, rel, text, (unsigned int)strlen(text)))
		return errno ? -errno : -EIO;
	return 0;
}

/*
 * The advertisement and the last reply, where missing (a new home after
 * a migration has none), in one transaction: a host reading between two
 * writes would see a version without features and take the guest for
 * one that does not speak the protocol.
 */
void xvfd_xs_advertise(struct xvfd_xs *x, const char *last_reply,
		       const char *state)
{
	/* An empty reply is none yet, nothing to put back; an empty state
	 * is a guest without pairs, and is put back. */
	const struct {
		const char *path, *text;
	} nodes[] = {
		{ "data/xvf/version", "1" },
		{ "data/xvf/features", "tx-switch pair-by-mac" },
		{ "data/xvf/state", state },
		{ "data/xvf/reply", last_reply[0] ? last_reply : NULL },
	};
	xs_transaction_t t;
	unsigned int i, len, tries;
	char *v;

	for (tries = 0; tries < 10; tries++) {
		/* Without a transaction (XBT_NULL), node by node still. */
		t = xs_transaction_start(x->xs);
		for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
			if (!nodes[i].text)
				continue;
			v = xs_read(x->xs, t, nodes[i].path, &len);
			if (!v && errno == ENOENT)
				xs_write(x->xs, t, nodes[i].path, nodes[i].text,
					 (unsigned int)strlen(nodes[i].text));
			free(v);
		}
		if (t == XBT_NULL || xs_transaction_end(x->xs, t, false) ||
		    errno != EAGAIN)
			return;
	}
}

unsigned int xvfd_xs_domid(struct xvfd_xs *x)
{
	char buf[12];
	char *end;
	unsigned long id;

	if (xvfd_xs_read(x, "domid", buf, sizeof(buf) - 1))
		return 0;
	id = strtoul(buf, &end, 10);
	return *end || id > 0x7fef ? 0 : (unsigned int)id;
}
