// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvf-host: the dom0 side of xvf. The host half of the protocol
 * (PROTOCOL.md) around a migration, and the chores admins do by hand for
 * SR-IOV guests: list PFs and VFs, set a VF's MAC from its PF, make it
 * assignable, attach and detach it.
 *
 *   xvf-host list [-j]
 *   xvf-host pick PF-NETDEV           (the first VF no guest holds)
 *   xvf-host set-mac PF-NETDEV VF-INDEX MAC [--vlan ID]
 *   xvf-host assign VF-BDF            (pciback + xl pci-assignable-add)
 *   xvf-host attach GUEST VF-BDF
 *   xvf-host detach GUEST VF-BDF
 *   xvf-host migrate GUEST DESTINATION [--via CMD] [--dest-pf PF]
 *                    [--save-restore FILE] [-j]
 *   xvf-host receive GUEST MAC [--seq N] [--vlan ID] [--pf PF] [--speaks] [-j]
 *                                     (the destination's half of migrate)
 *   xvf-host version
 *
 * Every value read from the guest's side of xenstore is bounded and
 * parsed by libxvfproto; nothing from there reaches a shell or xl's
 * arguments.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "backend.h"
#include "migrate.h"
#include "pick.h"
#include "sriov.h"
#include "xs.h"
#include "xvfproto/message.h"

#define XVF_HOST_VERSION "0.2"

const struct xvfh_backend *xvfh_backend = &xvfh_backend_xl;

static int usage(void)
{
	fputs("usage: xvf-host list [-j]\n"
	      "       xvf-host pick PF-NETDEV\n"
	      "       xvf-host set-mac PF-NETDEV VF-INDEX MAC [--vlan ID]\n"
	      "       xvf-host assign VF-BDF\n"
	      "       xvf-host attach|detach GUEST VF-BDF\n"
	      "       xvf-host migrate GUEST DESTINATION [--via CMD] [--dest-pf PF]\n"
	      "                        [--save-restore FILE] [-j]\n"
	      "       xvf-host receive GUEST MAC [--seq N] [--vlan ID] [--pf PF]\n"
	      "                        [--speaks] [-j]\n"
	      "       xvf-host version\n", stderr);
	return 2;
}

static int fail(const char *what, int rc)
{
	fprintf(stderr, "xvf-host: %s: %s\n", what, strerror(rc < 0 ? -rc : rc));
	return 1;
}

static int parse_bdf(const char *text, struct xvfp_pci_addr *addr)
{
	if (xvfp_parse_pci_addr(text, addr)) {
		fprintf(stderr, "xvf-host: not a PCI address (dddd:bb:dd.f): %s\n",
			text);
		return -EINVAL;
	}
	return 0;
}

/* ---- list ---- */

static json_object *vf_json(const struct xvfh_vf *vf, const char *holder)
{
	json_object *o = json_object_new_object();
	char buf[XVFP_MAC_STRLEN + 1];

	xvfp_format_pci_addr(&vf->addr, buf, sizeof(buf));
	json_object_object_add(o, "index", json_object_new_int((int)vf->index));
	json_object_object_add(o, "pci", json_object_new_string(buf));
	json_object_object_add(o, "driver", json_object_new_string(vf->driver));
	if (vf->mac_known) {
		xvfp_format_mac(&vf->mac, buf, sizeof(buf));
		json_object_object_add(o, "mac", json_object_new_string(buf));
	}
	if (vf->vlan >= 0)
		json_object_object_add(o, "vlan", json_object_new_int(vf->vlan));
	json_object_object_add(o, "guest", holder[0] ? json_object_new_string(holder) :
						       NULL);
	return o;
}

static int cmd_list(bool json)
{
	static struct xvfh_pf pfs[XVFH_MAX_PFS];
	json_object *all;
	char pci[XVFP_PCI_STRLEN + 1], mac[XVFP_MAC_STRLEN + 1], holder[64];
	char vlan[24];
	int n = xvfh_scan_pfs(pfs, XVFH_MAX_PFS), i;
	struct xvfh_xs x;
	unsigned int v;

	if (n < 0)
		return fail("cannot read /sys/bus/pci", n);
	/* Without xenstore (not dom0) the list still shows the hardware. */
	if (xvfh_xs_open(&x))
		x.xs = NULL;
	all = json_object_new_array();
	for (i = 0; i < n; i++) {
		json_object *pf = json_object_new_object(), *vfs = json_object_new_array();

		xvfp_format_pci_addr(&pfs[i].addr, pci, sizeof(pci));
		json_object_object_add(pf, "pci", json_object_new_string(pci));
		json_object_object_add(pf, "netdev", json_object_new_string(pfs[i].netdev));
		json_object_object_add(pf, "total_vfs", json_object_new_int((int)pfs[i].total_vfs));
		json_object_object_add(pf, "num_vfs", json_object_new_int((int)pfs[i].num_vfs));
		for (v = 0; v < pfs[i].nvfs; v++) {
			xvfh_vf_holder(&x, &pfs[i].vf[v], holder, sizeof(holder));
			json_object_array_add(vfs, vf_json(&pfs[i].vf[v], holder));
		}
		json_object_object_add(pf, "vfs", vfs);
		json_object_array_add(all, pf);
		if (json)
			continue;
		printf("%s %s: %u of %u VFs\n", pci, pfs[i].netdev[0] ? pfs[i].netdev : "-",
		       pfs[i].num_vfs, pfs[i].total_vfs);
		for (v = 0; v < pfs[i].nvfs; v++) {
			const struct xvfh_vf *vf = &pfs[i].vf[v];

			xvfp_format_pci_addr(&vf->addr, pci, sizeof(pci));
			if (vf->mac_known)
				xvfp_format_mac(&vf->mac, mac, sizeof(mac));
			xvfh_vf_holder(&x, vf, holder, sizeof(holder));
			vlan[0] = '\0';
			if (vf->vlan > 0)
				snprintf(vlan, sizeof(vlan), " vlan %d", vf->vlan);
			printf("  vf %u %s driver %s mac %s%s guest %s\n", vf->index,
			       pci, vf->driver[0] ? vf->driver : "-",
			       vf->mac_known ? mac : "?", vlan, holder[0] ? holder : "-");
		}
	}
	if (json)
		printf("%s\n", json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY));
	json_object_put(all);
	xvfh_xs_close(&x);
	return 0;
}

/* The first free VF of @netdev: its PCI address and index. */
static int cmd_pick(const char *netdev)
{
	char pci[XVFP_PCI_STRLEN + 1];
	struct xvfh_pf *pf = calloc(1, sizeof(*pf));
	struct xvfh_xs x;
	unsigned int slot;
	int rc;

	if (!pf)
		return fail("pick", -ENOMEM);
	if (xvfh_xs_open(&x)) {
		free(pf);
		return fail("cannot connect to xenstore", -errno);
	}
	rc = xvfh_pick_vf(&x, netdev, pf, &slot);
	xvfh_xs_close(&x);
	if (!rc) {
		xvfp_format_pci_addr(&pf->vf[slot].addr, pci, sizeof(pci));
		printf("%s %u\n", pci, pf->vf[slot].index);
	} else if (rc == -EBUSY) {
		fprintf(stderr, "xvf-host: every VF of %s is held by a guest\n", netdev);
	} else {
		fprintf(stderr, "xvf-host: no SR-IOV PF with netdev %s\n", netdev);
	}
	free(pf);
	return rc ? 1 : 0;
}

/* ---- single steps ---- */

static int parse_vlan(const char *text, int *vlan)
{
	char *end;
	unsigned long v = strtoul(text, &end, 10);

	if (end == text || *end || text[0] == '-' || v > XVFH_VLAN_MAX) {
		fprintf(stderr, "xvf-host: not a VLAN id (0 for none, up to %d): %s\n",
			XVFH_VLAN_MAX, text);
		return -EINVAL;
	}
	*vlan = (int)v;
	return 0;
}

static int cmd_set_mac(int argc, char **argv)
{
	const char *pf = argv[0], *index = argv[1], *mac_text = argv[2];
	struct xvfp_mac mac;
	char *end;
	unsigned long i = strtoul(index, &end, 10);
	int rc, vlan = -1;

	if (end == index || *end || index[0] == '-' || i >= XVFH_MAX_VFS) {
		fprintf(stderr, "xvf-host: not a VF index: %s\n", index);
		return 2;
	}
	if (xvfp_parse_mac(mac_text, &mac)) {
		fprintf(stderr, "xvf-host: not a MAC address: %s\n", mac_text);
		return 2;
	}
	if (argc == 5 && !strcmp(argv[3], "--vlan")) {
		if (parse_vlan(argv[4], &vlan))
			return 2;
	} else if (argc != 3) {
		return usage();
	}
	rc = xvfh_set_vf(pf, (unsigned int)i, &mac, vlan);
	return rc ? fail("setting the VF MAC", rc) : 0;
}

static int cmd_assign(const char *bdf)
{
	struct xvfp_pci_addr vf;
	int rc;

	if (parse_bdf(bdf, &vf))
		return 2;
	rc = xvfh_bind_pciback(&vf);
	if (rc)
		return fail("binding the VF to pciback", rc);
	rc = xvfh_backend->make_assignable(&vf);
	return rc ? fail("xl pci-assignable-add", rc) : 0;
}

static int cmd_attach(const char *guest, const char *bdf, bool attach)
{
	struct xvfp_pci_addr vf;
	int rc;

	if (parse_bdf(bdf, &vf))
		return 2;
	rc = attach ? xvfh_backend->attach(guest, &vf) :
		      xvfh_backend->detach(guest, &vf);
	return rc ? fail(attach ? "xl pci-attach" : "xl pci-detach", rc) : 0;
}

/* ---- migrate and receive ---- */

/* Values that travel to another host's command line: checked here. */
static bool safe_or_complain(const char *what, const char *value, size_t max)
{
	if (xvfh_safe_word(value, max))
		return true;
	fprintf(stderr, "xvf-host: not a valid %s: %s\n", what, value);
	return false;
}

static int cmd_migrate(int argc, char **argv)
{
	struct xvfh_migrate_opts o = { .guest = argv[0], .destination = argv[1] };
	int i;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-j"))
			o.json = true;
		else if (!strcmp(argv[i], "--save-restore") && i + 1 < argc)
			o.save_file = argv[++i];
		else if (!strcmp(argv[i], "--via") && i + 1 < argc && argv[i + 1][0])
			o.via = argv[++i];
		else if (!strcmp(argv[i], "--dest-pf") && i + 1 < argc)
			o.dest_pf = argv[++i];
		else
			return usage();
	}
	if (!safe_or_complain("guest name", o.guest, 64) ||
	    !safe_or_complain("destination", o.destination, 253) ||
	    (o.dest_pf && !safe_or_complain("PF name", o.dest_pf, IF_NAMESIZE - 1)))
		return 2;
	return xvfh_migrate(&o);
}

static int cmd_receive(int argc, char **argv)
{
	struct xvfh_receive_opts o = { .guest = argv[0] };
	unsigned long seq;
	char *end;
	int i;

	if (xvfp_parse_mac(argv[1], &o.mac) || !xvfp_mac_is_unicast(&o.mac)) {
		fprintf(stderr, "xvf-host: not a unicast MAC address: %s\n", argv[1]);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-j")) {
			o.json = true;
		} else if (!strcmp(argv[i], "--seq") && i + 1 < argc) {
			seq = strtoul(argv[++i], &end, 10);
			if (end == argv[i] || *end || argv[i][0] == '-' ||
			    seq > UINT32_MAX) {
				fprintf(stderr, "xvf-host: not a sequence number: %s\n",
					argv[i]);
				return 2;
			}
			o.next_seq = (uint32_t)seq;
		} else if (!strcmp(argv[i], "--vlan") && i + 1 < argc) {
			if (parse_vlan(argv[++i], &o.vlan))
				return 2;
		} else if (!strcmp(argv[i], "--pf") && i + 1 < argc) {
			o.pf = argv[++i];
		} else if (!strcmp(argv[i], "--speaks")) {
			o.guest_speaks = true;
		} else {
			return usage();
		}
	}
	if (!safe_or_complain("guest name", o.guest, 64))
		return 2;
	return xvfh_receive(&o);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "version") && argc == 2) {
		printf("xvf-host %s, protocol %d, backend %s\n", XVF_HOST_VERSION,
		       XVFP_PROTOCOL_VERSION, xvfh_backend->name);
		return 0;
	}
	if (!strcmp(argv[1], "list") && argc <= 3)
		return cmd_list(argc == 3 && !strcmp(argv[2], "-j"));
	if (!strcmp(argv[1], "pick") && argc == 3)
		return cmd_pick(argv[2]);
	if (!strcmp(argv[1], "set-mac") && (argc == 5 || argc == 7))
		return cmd_set_mac(argc - 2, argv + 2);
	if (!strcmp(argv[1], "assign") && argc == 3)
		return cmd_assign(argv[2]);
	if ((!strcmp(argv[1], "attach") || !strcmp(argv[1], "detach")) && argc == 4)
		return cmd_attach(argv[2], argv[3], argv[1][0] == 'a');
	if (!strcmp(argv[1], "migrate") && argc >= 4)
		return cmd_migrate(argc - 2, argv + 2);
	if (!strcmp(argv[1], "receive") && argc >= 4)
		return cmd_receive(argc - 2, argv + 2);
	return usage();
}
