/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-host: running other programs (xl, the ssh-like command that reaches
 * a destination host) with an argument vector, never through a shell.
 */
#ifndef XVFH_SPAWN_H
#define XVFH_SPAWN_H

#include <stdbool.h>
#include <stddef.h>

#define XVFH_SPAWN_MAX_ARGS 32

/*
 * How long each program xvf-host runs may take (PROTOCOL.md 5.7: no wait
 * without a timer). Set by xvf-host --timeout and --migrate-timeout.
 */
extern unsigned int xvfh_command_timeout_ms;	/* xl's device commands, domid */
extern unsigned int xvfh_migrate_timeout_ms;	/* xl migrate; save + restore */
#define XVFH_COMMAND_TIMEOUT_MS 120000u
#define XVFH_MIGRATE_TIMEOUT_MS 1800000u

/*
 * Run @argv (argv[0] looked up in PATH, NULL-terminated, at most
 * XVFH_SPAWN_MAX_ARGS words) for at most @timeout_ms. With @out, its
 * standard output is kept there (at most @len - 1 bytes, NUL-terminated;
 * the rest is read and dropped). 0 if it exited with status 0, -EIO if it
 * failed, -ETIMEDOUT if it overran (it is sent SIGTERM, and SIGKILL a few
 * seconds later), -errno if it could not be started.
 */
int xvfh_spawn(const char *const *argv, char *out, size_t len,
	       unsigned int timeout_ms);

#endif
