// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvf-host: the xl backend. Runs xl with an argument vector (never a
 * shell), so nothing a guest or a user typed is ever interpreted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "spawn.h"

/* XVF_XL overrides the xl binary (tests). */
static const char *xl_path(void)
{
	const char *xl = getenv("XVF_XL");

	return xl && *xl ? xl : "xl";
}

/* Run xl with @args; its standard output into @out if given. */
static int run_xl(const char *const *args, char *out, size_t len)
{
	const char *argv[XVFH_SPAWN_MAX_ARGS + 1];
	size_t n = 0;

	argv[n++] = xl_path();
	while (args[n - 1] && n < XVFH_SPAWN_MAX_ARGS) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;
	return xvfh_spawn(argv, out, len) ? -EIO : 0;
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

static int xl_make_assignable(const struct xvfp_pci_addr *vf)
{
	char b[XVFP_PCI_STRLEN + 1];
	const char *args[] = { "pci-assignable-add", b, NULL };

	bdf(vf, b);
	return run_xl(args, NULL, 0);
}

static int xl_attach(const char *guest, const struct xvfp_pci_addr *vf)
{
	char b[XVFP_PCI_STRLEN + 1];
	const char *args[] = { "pci-attach", guest, b, NULL };

	bdf(vf, b);
	return run_xl(args, NULL, 0);
}

static int xl_detach(const char *guest, const struct xvfp_pci_addr *vf)
{
	char b[XVFP_PCI_STRLEN + 1];
	const char *args[] = { "pci-detach", guest, b, NULL };

	bdf(vf, b);
	return run_xl(args, NULL, 0);
}

/* @via: the command xl reaches the destination with (xl migrate -s),
 * NULL for xl's default (ssh). */
static int xl_migrate(const char *guest, const char *destination,
		      const char *via)
{
	const char *with_via[] = { "migrate", "-s", via, guest, destination, NULL };
	const char *plain[] = { "migrate", guest, destination, NULL };

	return run_xl(via ? with_via : plain, NULL, 0);
}

static int xl_save_restore(const char *guest, const char *file)
{
	const char *save[] = { "save", guest, file, NULL };
	const char *restore[] = { "restore", file, NULL };

	if (run_xl(save, NULL, 0))
		return -EIO;
	return run_xl(restore, NULL, 0);
}

const struct xvfh_backend xvfh_backend_xl = {
	.name = "xl",
	.domid = xl_domid,
	.make_assignable = xl_make_assignable,
	.attach = xl_attach,
	.detach = xl_detach,
	.migrate = xl_migrate,
	.save_restore = xl_save_restore,
};
