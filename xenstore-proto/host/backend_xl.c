// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvf-host: the xl backend. Runs xl with an argument vector (never a
 * shell), so nothing a guest or a user typed is ever interpreted.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"

extern char **environ;

/* XVF_XL overrides the xl binary (tests). */
static const char *xl_path(void)
{
	const char *xl = getenv("XVF_XL");

	return xl && *xl ? xl : "xl";
}

/*
 * Run xl with @args; its standard output goes to @out (up to @len bytes,
 * NUL-terminated) if @out is given. Returns 0 or -EIO if xl failed.
 */
static int run_xl(const char *const *args, char *out, size_t len)
{
	const char *argv[16];
	posix_spawn_file_actions_t fa;
	int pipefd[2] = { -1, -1 }, status, rc = -EIO;
	size_t n = 0, got = 0;
	pid_t pid;

	argv[n++] = xl_path();
	while (args[n - 1] && n < 15) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;
	if (out && pipe(pipefd))
		return -errno;
	posix_spawn_file_actions_init(&fa);
	if (out) {
		posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
		posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	}
	if (posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ)) {
		pid = -1;
		goto out;
	}
	if (out) {
		ssize_t r;

		close(pipefd[1]);
		pipefd[1] = -1;
		while (got + 1 < len &&
		       (r = read(pipefd[0], out + got, len - 1 - got)) > 0)
			got += (size_t)r;
		out[got] = '\0';
	}
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		rc = 0;
out:
	posix_spawn_file_actions_destroy(&fa);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	return rc;
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

/* XVF_MIGRATE_SSH: the command xl uses to reach the destination (xl
 * migrate -s), for hosts that reach each other another way. */
static int xl_migrate(const char *guest, const char *destination)
{
	const char *ssh = getenv("XVF_MIGRATE_SSH");
	const char *with_ssh[] = { "migrate", "-s", ssh, guest, destination, NULL };
	const char *plain[] = { "migrate", guest, destination, NULL };

	return run_xl(ssh && *ssh ? with_ssh : plain, NULL, 0);
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
