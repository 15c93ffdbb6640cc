// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvf-host: the dom0 side of xvf. The host half of the protocol
 * (PROTOCOL.md) around a migration, and the chores admins do by hand for
 * SR-IOV guests: list PFs and VFs, set a VF's MAC from its PF, make it
 * assignable, attach and detach it.
 *
 *   xvf-host [--toolstack NAME] COMMAND ARGS...
 *
 * The commands, their arguments and their help are the table below
 * (`xvf-host help` prints it); the toolstack is one of toolstack.c's.
 *
 * Every value read from the guest's side of xenstore is bounded and
 * parsed by libxvfproto; nothing from there reaches a shell or xl's
 * arguments.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "migrate.h"
#include "pick.h"
#include "print.h"
#include "spawn.h"
#include "sriov.h"
#include "toolstack.h"
#include "xs.h"
#include "xvfproto/machine.h"
#include "xvfproto/message.h"

#define XVF_HOST_VERSION "0.2"

struct command {
	const char *name;
	const char *args;
	const char *help;
	/* Words after the command's name that it accepts. */
	int min_args, max_args;
	int (*run)(int argc, char **argv);
};

static const struct command commands[];

static void print_usage(FILE *f, bool with_help);

static int usage(void)
{
	print_usage(stderr, false);
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

/* An empty name: "" in JSON (as it always was), "-" in text. */
static const char *name_or_dash(const struct xvf_out *out, const char *name)
{
	return name[0] || out->json ? name : NULL;
}

static void print_vf(struct xvf_out *out, const struct xvfh_vf *vf,
		     const char *holder)
{
	char buf[XVFP_MAC_STRLEN + 1];

	xvf_out_open_object(out, NULL);
	xvf_out_int(out, "index", "  vf %" PRId64, vf->index);
	xvfp_format_pci_addr(&vf->addr, buf, sizeof(buf));
	xvf_out_string(out, "pci", " %s", buf);
	xvf_out_string(out, "driver", " driver %s", name_or_dash(out, vf->driver));
	if (vf->mac_known) {
		xvfp_format_mac(&vf->mac, buf, sizeof(buf));
		xvf_out_string(out, "mac", " mac %s", buf);
	} else {
		xvf_out_text(out, " mac ?");
	}
	if (vf->vlan > 0 || (out->json && vf->vlan == 0))
		xvf_out_int(out, "vlan", " vlan %" PRId64, vf->vlan);
	xvf_out_string(out, "guest", " guest %s\n", holder[0] ? holder : NULL);
	xvf_out_close(out);
}

static void print_pf(struct xvf_out *out, struct xvfh_xs *x,
		     const struct xvfh_pf *pf)
{
	char pci[XVFP_PCI_STRLEN + 1], holder[64];
	unsigned int v;

	xvf_out_open_object(out, NULL);
	xvfp_format_pci_addr(&pf->addr, pci, sizeof(pci));
	xvf_out_string(out, "pci", "%s", pci);
	xvf_out_string(out, "netdev", " %s", name_or_dash(out, pf->netdev));
	if (out->json)
		xvf_out_int(out, "total_vfs", NULL, pf->total_vfs);
	xvf_out_int(out, "num_vfs", ": %" PRId64, pf->num_vfs);
	if (!out->json)
		xvf_out_text(out, " of %u VFs\n", pf->total_vfs);
	xvf_out_open_array(out, "vfs");
	for (v = 0; v < pf->nvfs; v++) {
		xvfh_vf_holder(x, &pf->vf[v], holder, sizeof(holder));
		print_vf(out, &pf->vf[v], holder);
	}
	xvf_out_close(out);
	xvf_out_close(out);
}

static bool json_flag(int argc, char **argv)
{
	return argc == 1 && !strcmp(argv[0], "-j");
}

static int cmd_list(int argc, char **argv)
{
	static struct xvfh_pf pfs[XVFH_MAX_PFS];
	int n = xvfh_scan_pfs(pfs, XVFH_MAX_PFS), i, rc;
	struct xvf_out out;
	struct xvfh_xs x;

	if (argc && !json_flag(argc, argv))
		return usage();
	if (n < 0)
		return fail("cannot read /sys/bus/pci", n);
	/* Without xenstore (not dom0) the list still shows the hardware,
	 * and says why no guest is named. */
	rc = xvfh_xs_open(&x);
	if (rc) {
		fprintf(stderr, "xvf-host: xenstore not reachable (%s): guests holding VFs not shown\n",
			strerror(-rc));
		x.xs = NULL;
	}
	xvf_out_begin_array(&out, stdout, argc == 1);
	for (i = 0; i < n; i++)
		print_pf(&out, &x, &pfs[i]);
	xvf_out_end(&out);
	xvfh_xs_close(&x);
	return 0;
}

/* The first free VF of @netdev: its PCI address and index. */
static int cmd_pick(int argc, char **argv)
{
	const char *netdev = argv[0];
	char pci[XVFP_PCI_STRLEN + 1];
	struct xvfh_pf *pf = calloc(1, sizeof(*pf));
	struct xvfh_xs x;
	unsigned int slot;
	int rc;

	(void)argc;
	if (!pf)
		return fail("pick", -ENOMEM);
	if (xvfh_xs_open(&x)) {
		free(pf);
		return fail("cannot connect to xenstore", -errno);
	}
	rc = xvfh_pick_vf(&x, netdev, pf, &slot, NULL);
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

/* A toolstack step failed: say which toolstack and what it was asked. */
static int toolstack_failed(const char *what, int rc)
{
	fprintf(stderr, "xvf-host: %s (%s): %s\n", what, xvfh_toolstack->name,
		strerror(rc < 0 ? -rc : rc));
	return 1;
}

static int cmd_assign(int argc, char **argv)
{
	struct xvfp_pci_addr vf;
	int rc;

	(void)argc;
	if (parse_bdf(argv[0], &vf))
		return 2;
	rc = xvfh_toolstack->prepare_vf(&vf);
	return rc ? toolstack_failed("making the VF assignable", rc) : 0;
}

/* GUEST VF-BDF through one of the toolstack's operations on a guest. */
static int guest_vf_step(char **argv,
			 int (*step)(const char *guest, const struct xvfp_pci_addr *vf),
			 const char *what)
{
	struct xvfp_pci_addr vf;
	int rc;

	if (parse_bdf(argv[1], &vf))
		return 2;
	rc = step(argv[0], &vf);
	return rc ? toolstack_failed(what, rc) : 0;
}

static int cmd_attach(int argc, char **argv)
{
	(void)argc;
	return guest_vf_step(argv, xvfh_toolstack->give_vf, "giving the VF to the guest");
}

static int cmd_detach(int argc, char **argv)
{
	(void)argc;
	return guest_vf_step(argv, xvfh_toolstack->take_vf, "taking the VF from the guest");
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

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("xvf-host %s, protocol %d, toolstack %s\n", XVF_HOST_VERSION,
	       XVFP_PROTOCOL_VERSION, xvfh_toolstack->name);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	print_usage(stdout, true);
	return 0;
}

#define MANY 64

static const struct command commands[] = {
	{ "list", "[-j]", "PFs, their VFs, MACs, VLANs and the guests holding them",
	  0, 1, cmd_list },
	{ "pick", "PF-NETDEV", "the first VF of the PF that no guest holds",
	  1, 1, cmd_pick },
	{ "set-mac", "PF-NETDEV VF-INDEX MAC [--vlan ID]",
	  "set a VF's MAC (and port VLAN, 0: none) from its PF", 3, 5, cmd_set_mac },
	{ "assign", "VF-BDF", "make a VF assignable to guests (pciback)",
	  1, 1, cmd_assign },
	{ "attach", "GUEST VF-BDF", "give the running guest the VF", 2, 2, cmd_attach },
	{ "detach", "GUEST VF-BDF", "take the VF from the running guest",
	  2, 2, cmd_detach },
	{ "migrate", "GUEST DESTINATION [--via CMD] [--dest-pf PF]\n"
		     "                        [--save-restore FILE] [-j]",
	  "migrate the guest, its VF detached before and a new one attached after",
	  2, MANY, cmd_migrate },
	{ "receive", "GUEST MAC [--seq N] [--vlan ID] [--pf PF]\n"
		     "                        [--speaks] [-j]",
	  "the destination's half of migrate (run by migrate over ssh)",
	  2, MANY, cmd_receive },
	{ "version", "", "versions of xvf-host and the protocol, the toolstack",
	  0, 0, cmd_version },
	{ "help", "", "this list", 0, 0, cmd_help },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_usage(FILE *f, bool with_help)
{
	char names[64];
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		fprintf(f, "%s xvf-host %s%s%s\n", i ? "      " : "usage:",
			commands[i].name, commands[i].args[0] ? " " : "",
			commands[i].args);
		if (with_help)
			fprintf(f, "           %s\n", commands[i].help);
	}
	xvfh_toolstack_names(names, sizeof(names));
	fprintf(f, "options (before the command):\n"
		   "  --toolstack NAME          one of %s, default %s\n"
		   "  --timeout SECONDS         limit on each toolstack command, default %u\n"
		   "  --migrate-timeout SECONDS limit on moving the guest itself, default %u\n"
		   "  --confirm-timeout SECONDS wait for the guest's confirmation, default %u\n",
		names, xvfh_toolstack_default()->name, XVFH_COMMAND_TIMEOUT_MS / 1000,
		XVFH_MIGRATE_TIMEOUT_MS / 1000, XVFP_HOST_CONFIRM_MS / 1000);
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* A time limit in seconds, 1 to a day, into @ms; false if it is not one. */
static bool parse_limit(const char *option, const char *text, unsigned int *ms)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v < 1 || v > 86400) {
		fprintf(stderr, "xvf-host: %s: not a number of seconds from 1 to "
			"86400: %s\n", option, text);
		return false;
	}
	*ms = (unsigned int)v * 1000;
	return true;
}

/* The options before the command; the number of words taken, or -1. */
static int global_options(int argc, char **argv)
{
	char names[64];
	int i;

	for (i = 1; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--toolstack")) {
			xvfh_toolstack = xvfh_toolstack_find(argv[i + 1]);
			if (xvfh_toolstack)
				continue;
			xvfh_toolstack_names(names, sizeof(names));
			fprintf(stderr, "xvf-host: unknown toolstack %s (known: %s)\n",
				argv[i + 1], names);
			return -1;
		}
		if (!strcmp(argv[i], "--timeout")) {
			if (!parse_limit(argv[i], argv[i + 1], &xvfh_command_timeout_ms))
				return -1;
		} else if (!strcmp(argv[i], "--migrate-timeout")) {
			if (!parse_limit(argv[i], argv[i + 1], &xvfh_migrate_timeout_ms))
				return -1;
		} else if (!strcmp(argv[i], "--confirm-timeout")) {
			if (!parse_limit(argv[i], argv[i + 1], &xvfh_confirm_timeout_ms))
				return -1;
		} else {
			break;
		}
	}
	return i - 1;
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	int nargs, taken;

	xvfh_toolstack = xvfh_toolstack_default();
	taken = global_options(argc, argv);
	if (taken < 0)
		return 2;
	argc -= taken;
	argv += taken;
	if (argc < 2)
		return usage();
	/* What users type first, whatever the tool. */
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		cmd = find_command("help");
	else
		cmd = find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "xvf-host: unknown command %s\n", argv[1]);
		return usage();
	}
	nargs = argc - 2;
	if (nargs < cmd->min_args || nargs > cmd->max_args)
		return usage();
	return cmd->run(nargs, argv + 2);
}
