// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvf-host: the dom0 side of xvf. The host half of the protocol
 * (PROTOCOL.md) around a migration, and the chores admins do by hand for
 * SR-IOV guests: list PFs and VFs, set a VF's MAC from its PF, make it
 * assignable, attach and detach it.
 *
 *   xvf-host list [-j]
 *   xvf-host pick PF-NETDEV           (the first VF no guest holds)
 *   xvf-host set-mac PF-NETDEV VF-INDEX MAC
 *   xvf-host assign VF-BDF            (pciback + xl pci-assignable-add)
 *   xvf-host attach GUEST VF-BDF
 *   xvf-host detach GUEST VF-BDF
 *   xvf-host migrate GUEST DESTINATION [--save-restore FILE] [-j]
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
#include "sriov.h"
#include "xs.h"
#include "xvfproto/machine.h"

#define XVF_HOST_VERSION "0.1"
#define MAX_PFS 16

static const struct xvfh_backend *backend = &xvfh_backend_xl;

static int usage(void)
{
	fputs("usage: xvf-host list [-j]\n"
	      "       xvf-host pick PF-NETDEV\n"
	      "       xvf-host set-mac PF-NETDEV VF-INDEX MAC\n"
	      "       xvf-host assign VF-BDF\n"
	      "       xvf-host attach|detach GUEST VF-BDF\n"
	      "       xvf-host migrate GUEST DESTINATION [--save-restore FILE] [-j]\n"
	      "       xvf-host version\n", stderr);
	return 2;
}

static int fail(const char *what, int rc)
{
	fprintf(stderr, "xvf-host: %s: %s\n", what, strerror(rc < 0 ? -rc : rc));
	return 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
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

/* The guest holding @vf, "" if none or no xenstore (not under Xen). */
static void holder_of(struct xvfh_xs *x, const struct xvfh_vf *vf, char *name,
		      size_t len)
{
	name[0] = '\0';
	if (x->xs && xvfh_xs_holder(x, &vf->addr, name, len))
		name[0] = '\0';
}

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
	json_object_object_add(o, "guest", holder[0] ? json_object_new_string(holder) :
						       NULL);
	return o;
}

static int cmd_list(bool json)
{
	static struct xvfh_pf pfs[MAX_PFS];
	json_object *all;
	char pci[XVFP_PCI_STRLEN + 1], mac[XVFP_MAC_STRLEN + 1], holder[64];
	int n = xvfh_scan_pfs(pfs, MAX_PFS), i;
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
			holder_of(&x, &pfs[i].vf[v], holder, sizeof(holder));
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
			holder_of(&x, vf, holder, sizeof(holder));
			printf("  vf %u %s driver %s mac %s guest %s\n", vf->index, pci,
			       vf->driver[0] ? vf->driver : "-",
			       vf->mac_known ? mac : "?", holder[0] ? holder : "-");
		}
	}
	if (json)
		printf("%s\n", json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY));
	json_object_put(all);
	xvfh_xs_close(&x);
	return 0;
}

/* The first VF of @netdev that no guest holds and pciback does not have
 * assigned to anyone: its PCI address and index. */
static int cmd_pick(const char *netdev)
{
	static struct xvfh_pf pfs[MAX_PFS];
	char pci[XVFP_PCI_STRLEN + 1], holder[64];
	int n = xvfh_scan_pfs(pfs, MAX_PFS), i;
	struct xvfh_xs x;
	unsigned int v;

	if (n < 0)
		return fail("cannot read /sys/bus/pci", n);
	if (xvfh_xs_open(&x))
		return fail("cannot connect to xenstore", -errno);
	for (i = 0; i < n; i++) {
		if (strcmp(pfs[i].netdev, netdev))
			continue;
		for (v = 0; v < pfs[i].nvfs; v++) {
			holder_of(&x, &pfs[i].vf[v], holder, sizeof(holder));
			if (holder[0])
				continue;
			xvfp_format_pci_addr(&pfs[i].vf[v].addr, pci, sizeof(pci));
			printf("%s %u\n", pci, pfs[i].vf[v].index);
			xvfh_xs_close(&x);
			return 0;
		}
		xvfh_xs_close(&x);
		fprintf(stderr, "xvf-host: every VF of %s is held by a guest\n", netdev);
		return 1;
	}
	xvfh_xs_close(&x);
	fprintf(stderr, "xvf-host: no SR-IOV PF with netdev %s\n", netdev);
	return 1;
}

/* ---- single steps ---- */

static int cmd_set_mac(const char *pf, const char *index, const char *mac_text)
{
	struct xvfp_mac mac;
	char *end;
	unsigned long i = strtoul(index, &end, 10);
	int rc;

	if (end == index || *end || i >= XVFH_MAX_VFS) {
		fprintf(stderr, "xvf-host: not a VF index: %s\n", index);
		return 2;
	}
	if (xvfp_parse_mac(mac_text, &mac)) {
		fprintf(stderr, "xvf-host: not a MAC address: %s\n", mac_text);
		return 2;
	}
	rc = xvfh_set_vf_mac(pf, (unsigned int)i, &mac);
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
	rc = backend->make_assignable(&vf);
	return rc ? fail("xl pci-assignable-add", rc) : 0;
}

static int cmd_attach(const char *guest, const char *bdf, bool attach)
{
	struct xvfp_pci_addr vf;
	int rc;

	if (parse_bdf(bdf, &vf))
		return 2;
	rc = attach ? backend->attach(guest, &vf) : backend->detach(guest, &vf);
	return rc ? fail(attach ? "xl pci-attach" : "xl pci-detach", rc) : 0;
}

/* ---- migrate ---- */

struct migration {
	const char *guest, *destination, *save_file;
	struct xvfh_xs xs;
	struct xvfp_host h;
	struct xvfp_pci_addr vf;
	struct xvfh_pf pf;
	unsigned int vf_index;
	struct xvfp_mac mac;
	uint64_t t0, t_step[8];
	const char *step_name[8];
	unsigned int nsteps;
	int error;
};

static void step_done(struct migration *m, const char *name)
{
	if (m->nsteps < 8) {
		m->step_name[m->nsteps] = name;
		m->t_step[m->nsteps++] = now_ms() - m->t0;
	}
	fprintf(stderr, "xvf-host: %s (%.2f s)\n", name,
		(double)(now_ms() - m->t0) / 1000.0);
}

static int guest_domid(struct migration *m)
{
	int id = backend->domid(m->guest);

	if (id < 0)
		return id;
	return xvfh_xs_attach_domain(&m->xs, (unsigned int)id);
}

/* The VF goes back on this host (the migration did not happen, or the
 * destination is this host): the MAC first, then the attach. */
static int reattach(struct migration *m, struct xvfp_pci_addr *slot)
{
	int rc = xvfh_set_vf_mac(m->pf.netdev, m->vf_index, &m->mac);

	if (!rc)
		rc = backend->attach(m->guest, &m->vf);
	if (!rc)
		rc = xvfh_xs_find_pci(&m->xs, &m->vf, slot);
	return rc;
}

static void run_actions(struct migration *m, struct xvfp_actions *out);

static void do_action(struct migration *m, const struct xvfp_action *a)
{
	static const struct xvfp_mac zero;
	struct xvfp_actions next;
	struct xvfp_pci_addr slot;
	int rc;

	switch (a->kind) {
	case XVFP_ACT_WRITE_REQUEST:
		if (xvfh_xs_write_request(&m->xs, a->text))
			m->error = -EIO;
		break;
	case XVFP_ACT_CLEAR_VF_MAC:
		/* Frames for the MAC must reach netfront now (PROTOCOL.md 5.3). */
		rc = xvfh_set_vf_mac(m->pf.netdev, m->vf_index, &zero);
		if (rc)
			fprintf(stderr, "xvf-host: clearing the VF MAC failed: %s\n",
				strerror(-rc));
		break;
	case XVFP_ACT_DETACH_VF:
		rc = backend->detach(m->guest, &m->vf);
		step_done(m, "detached");
		xvfp_host_detached(&m->h, !rc, now_ms(), &next);
		run_actions(m, &next);
		break;
	case XVFP_ACT_MIGRATE:
		rc = m->save_file ? backend->save_restore(m->guest, m->save_file) :
				    backend->migrate(m->guest, m->destination);
		if (!rc)
			rc = guest_domid(m);
		step_done(m, rc ? "migration failed" : "migrated");
		xvfp_host_migrated(&m->h, !rc, &next);
		run_actions(m, &next);
		break;
	case XVFP_ACT_ATTACH_VF:
		rc = reattach(m, &slot);
		step_done(m, rc ? "no VF attached" : "VF attached");
		if (rc)
			xvfp_host_no_vf(&m->h, "attach-failed", now_ms(), &next);
		else
			xvfp_host_vf_attached(&m->h, &slot, now_ms(), &next);
		run_actions(m, &next);
		break;
	default:
		break;
	}
}

/* In order, each completely, before the next event (machine.h). */
static void run_actions(struct migration *m, struct xvfp_actions *out)
{
	struct xvfp_actions mine = *out;
	unsigned int i;

	for (i = 0; i < mine.n; i++)
		if (mine.a[i].kind == XVFP_ACT_WRITE_REQUEST)
			do_action(m, &mine.a[i]);
	for (i = 0; i < mine.n; i++)
		if (mine.a[i].kind != XVFP_ACT_WRITE_REQUEST)
			do_action(m, &mine.a[i]);
}

static void wait_for_guest(struct migration *m)
{
	char reply[XVFP_MESSAGE_MAX + 1];
	struct xvfp_actions out;

	while (m->h.phase == XVFP_HOST_PREPARING ||
	       m->h.phase == XVFP_HOST_CONFIRMING) {
		uint64_t now = now_ms();
		int wait = m->h.deadline_ms > now ? (int)(m->h.deadline_ms - now) : 0;

		if (xvfh_xs_wait(&m->xs, wait) &&
		    !xvfh_xs_read_guest(&m->xs, "data/xvf/reply", reply,
					XVFP_MESSAGE_MAX)) {
			xvfp_host_reply(&m->h, reply, now_ms(), &out);
			step_done(m, m->h.phase == XVFP_HOST_DETACHING ?
					     "guest ready" : "guest confirmed");
			run_actions(m, &out);
			continue;
		}
		xvfp_host_tick(&m->h, now_ms(), &out);
		if (out.n)
			step_done(m, "guest did not answer in time");
		run_actions(m, &out);
	}
}

static const char *ack_name(enum xvfp_ack ack)
{
	static const char *const names[] = { "not-asked", "ok", "failed", "timeout" };

	return names[ack];
}

static void report(const struct migration *m, bool json)
{
	json_object *o = json_object_new_object(), *steps = json_object_new_array();
	unsigned int i;

	json_object_object_add(o, "guest", json_object_new_string(m->guest));
	json_object_object_add(o, "migrated", json_object_new_boolean(m->h.outcome.migrated));
	json_object_object_add(o, "vf_attached",
			       json_object_new_boolean(m->h.outcome.vf_attached));
	json_object_object_add(o, "guest_speaks", json_object_new_boolean(m->h.guest_speaks));
	json_object_object_add(o, "prepare", json_object_new_string(ack_name(m->h.outcome.prepare)));
	json_object_object_add(o, "confirm", json_object_new_string(ack_name(m->h.outcome.confirm)));
	json_object_object_add(o, "next_seq", json_object_new_int64(xvfp_host_next_seq(&m->h)));
	for (i = 0; i < m->nsteps; i++) {
		json_object *s = json_object_new_object();

		json_object_object_add(s, "step", json_object_new_string(m->step_name[i]));
		json_object_object_add(s, "ms", json_object_new_int64((int64_t)m->t_step[i]));
		json_object_array_add(steps, s);
	}
	json_object_object_add(o, "steps", steps);
	if (json)
		printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
	else
		printf("%s: %s, VF %s, guest prepare %s, confirm %s\n", m->guest,
		       m->h.outcome.migrated ? "migrated" : "not migrated",
		       m->h.outcome.vf_attached ? "attached" : "not attached",
		       ack_name(m->h.outcome.prepare), ack_name(m->h.outcome.confirm));
	json_object_put(o);
}

/* Which VF the guest holds (the first passed-through device) and the MAC
 * it pairs with (its first vif's, from the toolstack, not the guest). */
static int find_guest_vf(struct migration *m)
{
	struct xvfp_pci_addr slot;
	int rc;

	rc = xvfh_xs_pci_dev(&m->xs, 0, &m->vf, &slot);
	if (rc) {
		fprintf(stderr, "xvf-host: %s has no passed-through PCI device\n",
			m->guest);
		return rc;
	}
	rc = xvfh_find_vf(&m->vf, &m->pf, &m->vf_index);
	if (rc) {
		fprintf(stderr, "xvf-host: the guest's PCI device is not an SR-IOV VF\n");
		return rc;
	}
	rc = xvfh_xs_vif_mac(&m->xs, 0, &m->mac);
	if (rc)
		fprintf(stderr, "xvf-host: %s has no vif with a MAC\n", m->guest);
	return rc;
}

static int cmd_migrate(int argc, char **argv)
{
	struct migration m = { .guest = argv[0], .destination = argv[1] };
	char versions[XVFP_VERSIONS_MAX + 1], features[XVFP_FEATURES_MAX + 1];
	bool json = false, have_v, have_f;
	struct xvfp_actions out;
	int i, rc;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-j"))
			json = true;
		else if (!strcmp(argv[i], "--save-restore") && i + 1 < argc)
			m.save_file = argv[++i];
		else
			return usage();
	}
	rc = xvfh_xs_open(&m.xs);
	if (rc)
		return fail("cannot connect to xenstore", rc);
	rc = guest_domid(&m);
	if (rc) {
		xvfh_xs_close(&m.xs);
		return fail(m.guest, rc);
	}
	if (find_guest_vf(&m)) {
		xvfh_xs_close(&m.xs);
		return 1;
	}
	have_v = !xvfh_xs_read_guest(&m.xs, "data/xvf/version", versions,
				     XVFP_VERSIONS_MAX);
	have_f = !xvfh_xs_read_guest(&m.xs, "data/xvf/features", features,
				     XVFP_FEATURES_MAX);
	xvfp_host_init(&m.h, &m.mac, 1, have_v ? versions : NULL,
		       have_f ? features : NULL);
	if (!m.h.guest_speaks)
		fprintf(stderr, "xvf-host: %s does not speak the xvf protocol: "
			"detaching without asking it first\n", m.guest);
	m.t0 = now_ms();
	xvfp_host_start(&m.h, m.t0, &out);
	run_actions(&m, &out);
	wait_for_guest(&m);
	report(&m, json);
	xvfh_xs_close(&m.xs);
	return m.h.outcome.vf_attached && m.h.outcome.migrated ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "version") && argc == 2) {
		printf("xvf-host %s, protocol %d, backend %s\n", XVF_HOST_VERSION,
		       XVFP_PROTOCOL_VERSION, backend->name);
		return 0;
	}
	if (!strcmp(argv[1], "list") && argc <= 3)
		return cmd_list(argc == 3 && !strcmp(argv[2], "-j"));
	if (!strcmp(argv[1], "pick") && argc == 3)
		return cmd_pick(argv[2]);
	if (!strcmp(argv[1], "set-mac") && argc == 5)
		return cmd_set_mac(argv[2], argv[3], argv[4]);
	if (!strcmp(argv[1], "assign") && argc == 3)
		return cmd_assign(argv[2]);
	if ((!strcmp(argv[1], "attach") || !strcmp(argv[1], "detach")) && argc == 4)
		return cmd_attach(argv[2], argv[3], argv[1][0] == 'a');
	if (!strcmp(argv[1], "migrate") && argc >= 4)
		return cmd_migrate(argc - 2, argv + 2);
	return usage();
}
