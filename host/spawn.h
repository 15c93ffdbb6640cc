/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-host: running other programs (xl, the ssh-like command that reaches
 * a destination host) with an argument vector, never through a shell.
 */
#ifndef XVFH_SPAWN_H
#define XVFH_SPAWN_H

#include <stddef.h>

#define XVFH_SPAWN_MAX_ARGS 32

/*
 * Run @argv (argv[0] looked up in PATH, NULL-terminated, at most
 * XVFH_SPAWN_MAX_ARGS words). With @out, its standard output is kept there
 * (at most @len - 1 bytes, NUL-terminated; the rest is read and dropped).
 * 0 if it exited with status 0, -EIO if it failed, -errno if it could not
 * be started.
 */
int xvfh_spawn(const char *const *argv, char *out, size_t len);

#endif
