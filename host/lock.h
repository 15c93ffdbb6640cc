/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-host: locks between concurrent runs on one host. Each is an flock
 * on a file in the run directory (/run/xvf-host), held by an open file
 * descriptor: the kernel drops it when the process exits, crash included,
 * so nothing stale is ever left to clean up.
 */
#ifndef XVFH_LOCK_H
#define XVFH_LOCK_H

/*
 * Take lock @kind-@name without waiting: a descriptor (>= 0) that holds
 * it until xvfh_unlock(), -EBUSY if another run holds it, -errno if the
 * run directory cannot be used. @name must be a safe word (no '/').
 */
int xvfh_lock_try(const char *kind, const char *name);
void xvfh_unlock(int fd);
/* The lock file's path, for messages. */
const char *xvfh_lock_path(const char *kind, const char *name, char *buf,
			   unsigned int len);

#endif
