// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvf-responder: a minimal guest side of the xvf protocol for the Xen test
 * tier, until the real agent (xvfd) exists. It runs libxvfproto's guest
 * state machine over the guest's real xenstore connection and moves TX by
 * choosing the active slave of an active-backup bond that holds netfront
 * and the VF (the failover module will do that job later).
 *
 *   xvf-responder BOND NETFRONT MAC
 *
 * It advertises protocol version 1 (again after every resume, since the
 * domain's nodes do not survive a save/restore), answers requests, and
 * notices the VF coming and going by looking for a PCI netdev with MAC.
 * Test tool: it polls sysfs for the VF every 200 ms.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "xvfproto/machine.h"

struct responder {
	struct xs_handle *xs;
	struct xvfp_guest g;
	struct xvfp_mac mac;
	const char *bond, *netfront;
	char vf[IF_NAMESIZE];	/* the VF's netdev, "" if none */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int write_file(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");
	int rc = 0;

	if (!f)
		return -errno;
	if (fputs(value, f) < 0)
		rc = -EIO;
	if (fclose(f))
		rc = -errno;
	return rc;
}

static bool read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	bool ok;
	char *nl;

	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	nl = ok ? strchr(buf, '\n') : NULL;
	if (nl)
		*nl = '\0';
	return ok;
}

/* A netdev on a PCI device whose address is our MAC: the VF. */
static void find_vf(struct responder *r, char *out)
{
	char path[PATH_MAX], addr[32], target[PATH_MAX], mac[XVFP_MAC_STRLEN + 1];
	struct dirent *e;
	DIR *d = opendir("/sys/class/net");
	ssize_t n;

	out[0] = '\0';
	if (!d)
		return;
	xvfp_format_mac(&r->mac, mac, sizeof(mac));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= IF_NAMESIZE)
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/address", e->d_name);
		if (!read_file(path, addr, sizeof(addr)) || strcasecmp(addr, mac))
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/device/subsystem",
			 e->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (strcmp(strrchr(target, '/') ? strrchr(target, '/') + 1 : target, "pci"))
			continue;
		strcpy(out, e->d_name);
		break;
	}
	closedir(d);
}

static void set_link_down(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (!ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		ifr.ifr_flags &= ~IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
}

/* Make @slave the bond's active slave, enslaving it first if needed. */
static int bond_activate(struct responder *r, const char *slave)
{
	char path[PATH_MAX], cmd[IF_NAMESIZE + 2], now[IF_NAMESIZE];

	snprintf(path, sizeof(path), "/sys/class/net/%s/master", slave);
	if (access(path, F_OK)) {
		set_link_down(slave);
		snprintf(path, sizeof(path), "/sys/class/net/%s/bonding/slaves",
			 r->bond);
		snprintf(cmd, sizeof(cmd), "+%s", slave);
		if (write_file(path, cmd))
			return -EIO;
	}
	snprintf(path, sizeof(path), "/sys/class/net/%s/bonding/active_slave",
		 r->bond);
	if (write_file(path, slave) || !read_file(path, now, sizeof(now)))
		return -EIO;
	return strcmp(now, slave) ? -EAGAIN : 0;
}

/* PROTOCOL.md 3: after a resume the home is new; put back what the host
 * reads: the advertisement and the last reply (its sequence number is
 * where the host's numbering continues). */
static void advertise(struct responder *r)
{
	const char *const nodes[][2] = {
		{ "data/xvf/version", "1" },
		{ "data/xvf/features", "tx-switch pair-by-mac" },
		{ "data/xvf/reply", r->g.last_reply },
	};
	unsigned int i, len;
	char *v;

	for (i = 0; i < 3; i++) {
		if (!nodes[i][1][0])
			continue;
		v = xs_read(r->xs, XBT_NULL, nodes[i][0], &len);
		if (!v)
			xs_write(r->xs, XBT_NULL, nodes[i][0], nodes[i][1],
				 (unsigned int)strlen(nodes[i][1]));
		free(v);
	}
}

static void act(struct responder *r, struct xvfp_actions *out)
{
	struct xvfp_action switches[XVFP_MAX_ACTIONS];
	struct xvfp_actions next;
	unsigned int i, n = 0;

	for (i = 0; i < out->n; i++) {
		const struct xvfp_action *a = &out->a[i];

		if (a->kind == XVFP_ACT_SWITCH_TX)
			switches[n++] = *a;
		else if (a->kind == XVFP_ACT_WRITE_REPLY || a->kind == XVFP_ACT_WRITE_STATE)
			xs_write(r->xs, XBT_NULL,
				 a->kind == XVFP_ACT_WRITE_REPLY ? "data/xvf/reply" :
								    "data/xvf/state",
				 a->text, (unsigned int)strlen(a->text));
	}
	for (i = 0; i < n; i++) {
		const char *slave = switches[i].path == XVFP_PATH_VF ? r->vf : r->netfront;
		bool ok = slave[0] && !bond_activate(r, slave);

		fprintf(stderr, "xvf-responder: TX to %s: %s\n", slave, ok ? "ok" : "failed");
		xvfp_guest_tx_done(&r->g, &r->mac, switches[i].path, ok, &next);
		act(r, &next);
	}
}

static void on_request(struct responder *r)
{
	struct xvfp_actions out;
	unsigned int n, len;
	char **ev = xs_read_watch(r->xs, &n);
	char *text;

	free(ev);
	/* A firing may be a resume on a new host: advertise again. */
	advertise(r);
	text = xs_read(r->xs, XBT_NULL, "xvf/request", &len);
	if (!text)
		return;
	if (len <= XVFP_MESSAGE_MAX) {
		fprintf(stderr, "xvf-responder: request %s\n", text);
		xvfp_guest_request(&r->g, text, now_ms(), &out);
		act(r, &out);
	}
	free(text);
}

static void check_vf(struct responder *r)
{
	struct xvfp_actions out;
	char vf[IF_NAMESIZE];

	find_vf(r, vf);
	if (!strcmp(vf, r->vf))
		return;
	strcpy(r->vf, vf);
	fprintf(stderr, "xvf-responder: VF %s\n", vf[0] ? vf : "gone");
	if (vf[0])
		xvfp_guest_vf_up(&r->g, &r->mac, &out);
	else
		xvfp_guest_vf_gone(&r->g, &r->mac, &out);
	act(r, &out);
}

int main(int argc, char **argv)
{
	struct responder r = { 0 };
	struct xvfp_actions out;
	struct pollfd pfd;
	char active[IF_NAMESIZE], path[PATH_MAX];

	if (argc != 4 || xvfp_parse_mac(argv[3], &r.mac)) {
		fprintf(stderr, "usage: xvf-responder BOND NETFRONT MAC\n");
		return 2;
	}
	r.bond = argv[1];
	r.netfront = argv[2];
	r.xs = xs_open(0);
	if (!r.xs) {
		perror("xvf-responder: xenstore");
		return 1;
	}
	xvfp_guest_init(&r.g);
	find_vf(&r, r.vf);
	snprintf(path, sizeof(path), "/sys/class/net/%s/bonding/active_slave", r.bond);
	read_file(path, active, sizeof(active));
	xvfp_guest_add_pair(&r.g, &r.mac, r.vf[0] != '\0',
			    r.vf[0] && !strcmp(active, r.vf) ? XVFP_PATH_VF :
							       XVFP_PATH_NETFRONT);
	/* A VF that is there carries TX from the start. */
	if (r.vf[0]) {
		xvfp_guest_vf_up(&r.g, &r.mac, &out);
		act(&r, &out);
	}
	advertise(&r);
	if (!xs_watch(r.xs, "xvf/request", "req")) {
		perror("xvf-responder: watch");
		return 1;
	}
	pfd = (struct pollfd){ .fd = xs_fileno(r.xs), .events = POLLIN };
	for (;;) {
		uint64_t next = xvfp_guest_next_deadline(&r.g), now = now_ms();
		int wait = 200;

		if (next != UINT64_MAX && next < now + 200)
			wait = next > now ? (int)(next - now) : 0;
		if (poll(&pfd, 1, wait) > 0)
			on_request(&r);
		check_vf(&r);
		xvfp_guest_tick(&r.g, now_ms(), &out);
		act(&r, &out);
	}
}
