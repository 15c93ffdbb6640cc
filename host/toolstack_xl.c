// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvf-host: the xl toolstack.  Runs xl with an argument vector (never a
 * shell), so nothing a guest or a user typed is ever interpreted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spawn.h"
#include "hooks.h"
#include "sriov.h"
#include "toolstack.h"

static const char *xl_path(void)
{
	return xvfh_hook("XVF_XL", "xl");
}

/* Run xl with @args for at most @timeout_ms; its output into @out if given. */
static int run_xl_for(const char *const *args, char *out, size_t len,
		      unsigned int timeout_ms)
{
	const char *argv[XVFH_SPAWN_MAX_ARGS + 1];
	size_t n = 0;
	int rc;

	argv[n++] = xl_path();
	while (args[n - 1] && n < XVFH_SPAWN_MAX_ARGS) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;
	rc = xvfh_spawn(argv, out, len, timeout_ms);
	if (rc == -ETIMEDOUT)
		fprintf(stderr, "xvf-host: xl %s did not finish within %u s: stopped\n",
			args[0], timeout_ms / 1000);
	return rc == -ETIMEDOUT ? rc : rc ? -EIO : 0;
}

static int run_xl(const char *const *args, char *out, size_t len)
{
	return run_xl_for(args, out, len, xvfh_command_timeout_ms);
}

static int xl_domid(const char *guest)
{
	const char *args[] = { "domid", guest, NULL };
	char out[32], *end;
	long id;

	if (run_xl(args, out, sizeof(out)))
		return -ENOENT;
	id = strtol(out, &end, 10);
	if (end == out || (*end && *end != '\n') || id < 0 || id > 0x7fef)
		return -EPROTO;
	return (int)id;
}

static void bdf(const struct xvfp_pci_addr *vf, char buf[XVFP_PCI_STRLEN + 1])
{
	xvfp_format_pci_addr(vf, buf, XVFP_PCI_STRLEN + 1);
}

/* pciback through driver_override first, so no VF driver in dom0 can
 * claim the VF meanwhile, then xl's list of assignable devices. */
static int xl_prepare_vf(const struct xvfp_pci_addr *vf)
{
	char b[XVFP_PCI_STRLEN + 1];
	const char *args[] = { "pci-assignable-add", b, NULL };
	int rc = xvfh_bind_pciback(vf);

	if (rc)
		return rc;
	bdf(vf, b);
	return run_xl(args, NULL, 0);
}

static int xl_give_vf(const char *guest, const struct xvfp_pci_addr *vf)
{
	char b[XVFP_PCI_STRLEN + 1];
	const char *args[] = { "pci-attach", guest, b, NULL };

	bdf(vf, b);
	return run_xl(args, NULL, 0);
}

static int xl_take_vf(const char *guest, const struct xvfp_pci_addr *vf)
{
	char b[XVFP_PCI_STRLEN + 1];
	const char *args[] = { "pci-detach", guest, b, NULL };

	bdf(vf, b);
	return run_xl(args, NULL, 0);
}

static int xl_save_restore(const char *guest, const char *file)
{
	const char *save[] = { "save", guest, file, NULL };
	const char *restore[] = { "restore", file, NULL };

	int rc = run_xl_for(save, NULL, 0, xvfh_migrate_timeout_ms);

	return rc ? rc : run_xl_for(restore, NULL, 0, xvfh_migrate_timeout_ms);
}

/* xl migrate reaches the destination with -s VIA. */
static int xl_move_guest(const char *guest, const struct xvfh_move *move)
{
	const char *args[] = { "migrate", "-s",
			       move->via ? move->via : XVFH_DEFAULT_VIA, guest,
			       move->destination, NULL };

	if (move->save_file)
		return xl_save_restore(guest, move->save_file);
	return run_xl_for(args, NULL, 0, xvfh_migrate_timeout_ms);
}

const struct xvfh_toolstack xvfh_toolstack_xl = {
	.name = "xl",
	.description = "Xen's xl (libxl): plain Xen hosts",
	.guest_domid = xl_domid,
	.prepare_vf = xl_prepare_vf,
	.give_vf = xl_give_vf,
	.take_vf = xl_take_vf,
	.move_guest = xl_move_guest,
};
