// SPDX-License-Identifier: GPL-2.0-or-later
/* xvf-host: the xenstore adapter (libxenstore). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

int xvfh_xs_open(struct xvfh_xs *x)
{
	memset(x, 0, sizeof(*x));
	x->xs = xs_open(0);
	return x->xs ? 0 : -errno;
}

void xvfh_xs_close(struct xvfh_xs *x)
{
	if (x->xs)
		xs_close(x->xs);
	x->xs = NULL;
}

static int make_host_node(struct xvfh_xs *x, const char *rel, const char *value)
{
	struct xs_permissions perms[2] = {
		{ .id = 0, .perms = XS_PERM_NONE },
		{ .id = x->domid, .perms = XS_PERM_READ },
	};
	char path[128];
	xs_transaction_t t;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", x->home, rel);
	/* Created and restricted in one transaction: the guest never sees
	 * a host node it could write. */
	for (;;) {
		t = xs_transaction_start(x->xs);
		if (t == XBT_NULL)
			return -errno;
		ok = (value ? xs_write(x->xs, t, path, value, (unsigned int)strlen(value)) :
			      xs_mkdir(x->xs, t, path)) &&
		     xs_set_permissions(x->xs, t, path, perms, 2);
		if (!ok) {
			xs_transaction_end(x->xs, t, true);
			return -EACCES;
		}
		if (xs_transaction_end(x->xs, t, false))
			return 0;
		if (errno != EAGAIN)
			return -errno;
	}
}

int xvfh_xs_attach_domain(struct xvfh_xs *x, unsigned int domid)
{
	char version[8];
	int rc;

	if (x->watching)
		xs_unwatch(x->xs, x->reply_path, "reply");
	x->watching = false;
	x->domid = domid;
	snprintf(x->home, sizeof(x->home), "/local/domain/%u", domid);
	snprintf(x->reply_path, sizeof(x->reply_path), "%s/data/xvf/reply",
		 x->home);
	snprintf(version, sizeof(version), "%d", XVFP_PROTOCOL_VERSION);
	rc = make_host_node(x, "xvf", NULL);
	if (!rc)
		rc = make_host_node(x, "xvf/version", version);
	if (!rc && !xs_watch(x->xs, x->reply_path, "reply"))
		rc = -errno;
	x->watching = !rc;
	return rc;
}

int xvfh_xs_write_request(struct xvfh_xs *x, const char *text)
{
	return make_host_node(x, "xvf/request", text) ? -EIO : 0;
}

int xvfh_xs_read_guest(struct xvfh_xs *x, const char *rel, char *buf,
		       size_t max)
{
	char path[128];
	unsigned int len;
	char *v;

	snprintf(path, sizeof(path), "%s/%s", x->home, rel);
	v = xs_read(x->xs, XBT_NULL, path, &len);
	if (!v)
		return -ENOENT;
	if (len > max || strlen(v) != len) {
		free(v);
		return -E2BIG;
	}
	memcpy(buf, v, len + 1);
	free(v);
	return 0;
}

int xvfh_xs_wait(struct xvfh_xs *x, int timeout_ms)
{
	struct pollfd pfd = { .fd = xs_fileno(x->xs), .events = POLLIN };
	unsigned int n;
	char **ev;
	int changed = 0;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return 0;
	ev = xs_read_watch(x->xs, &n);
	if (ev && !strcmp(ev[XS_WATCH_TOKEN], "reply") &&
	    !strcmp(ev[XS_WATCH_PATH], x->reply_path))
		changed = 1;
	free(ev);
	return changed;
}

int xvfh_xs_vif_mac(struct xvfh_xs *x, unsigned int n, struct xvfp_mac *mac)
{
	char path[96], buf[XVFP_MAC_STRLEN + 1];
	unsigned int len;
	char *v;
	int rc;

	/* dom0's backend copy: the frontend's device/vif/<n>/mac lies in a
	 * directory the guest owns and can rewrite. */
	snprintf(path, sizeof(path), "/local/domain/0/backend/vif/%u/%u/mac",
		 x->domid, n);
	v = xs_read(x->xs, XBT_NULL, path, &len);
	if (!v)
		return -ENOENT;
	snprintf(buf, sizeof(buf), "%s", v);
	rc = len == XVFP_MAC_STRLEN ? xvfp_parse_mac(buf, mac) : -EINVAL;
	free(v);
	return rc;
}

/* A number of dom0's backend/pci node, bounded. */
static int read_backend(struct xvfh_xs *x, const char *key, unsigned int n,
			char *buf, size_t max)
{
	char path[128];
	unsigned int len;
	char *v;

	snprintf(path, sizeof(path), "/local/domain/0/backend/pci/%u/0/%s-%u",
		 x->domid, key, n);
	v = xs_read(x->xs, XBT_NULL, path, &len);
	if (!v)
		return -ENOENT;
	if (len >= max) {
		free(v);
		return -E2BIG;
	}
	memcpy(buf, v, len + 1);
	free(v);
	return 0;
}

int xvfh_xs_pci_dev(struct xvfh_xs *x, unsigned int n,
		    struct xvfp_pci_addr *phys, struct xvfp_pci_addr *guest)
{
	char dev[32], vdevfn[16], *end;
	unsigned long fn;

	if (read_backend(x, "dev", n, dev, sizeof(dev)) ||
	    xvfp_parse_pci_addr(dev, phys))
		return -ENOENT;
	memset(guest, 0, sizeof(*guest));
	/* pcifront puts the device at domain 0, bus 0, vdevfn. */
	if (!read_backend(x, "vdevfn", n, vdevfn, sizeof(vdevfn))) {
		fn = strtoul(vdevfn, &end, 16);
		if (end != vdevfn && !*end && fn < 256) {
			guest->device = (uint8_t)(fn >> 3);
			guest->function = (uint8_t)(fn & 7);
		}
	}
	return 0;
}

int xvfh_xs_find_pci(struct xvfh_xs *x, const struct xvfp_pci_addr *phys,
		     struct xvfp_pci_addr *guest)
{
	struct xvfp_pci_addr p;
	unsigned int n;

	for (n = 0; n < 16; n++)
		if (!xvfh_xs_pci_dev(x, n, &p, guest) &&
		    xvfp_pci_addr_equal(&p, phys))
			return 0;
	return -ENOENT;
}

int xvfh_xs_holder(struct xvfh_xs *x, const struct xvfp_pci_addr *phys,
		   char *name, size_t len)
{
	struct xvfp_pci_addr guest;
	unsigned int n, i, saved = x->domid, id;
	char **doms = xs_directory(x->xs, XBT_NULL, "/local/domain/0/backend/pci",
				   &n);
	char path[64], *end, *v;
	unsigned int vlen;
	int rc = -ENOENT;

	for (i = 0; doms && i < n && rc; i++) {
		id = (unsigned int)strtoul(doms[i], &end, 10);
		if (*end)
			continue;
		x->domid = id;
		if (xvfh_xs_find_pci(x, phys, &guest))
			continue;
		snprintf(path, sizeof(path), "/local/domain/%u/name", id);
		v = xs_read(x->xs, XBT_NULL, path, &vlen);
		snprintf(name, len, "%s", v ? v : doms[i]);
		free(v);
		rc = 0;
	}
	x->domid = saved;
	free(doms);
	return rc;
}
