// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Notices to systemd through libsystemd, loaded for each notice and
 * unloaded after it.  xvfd sends two in its life (ready, stopping), and
 * Debian 12's libsystemd links compression and crypto libraries eagerly:
 * linked for good, they cost the agent about 1 MiB of resident memory
 * for the whole of its run (#16 item 12, docs/performance.md).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>

#include <systemd/sd-daemon.h>

#include "notify.h"

/* The soname libsystemd-dev's libsystemd.so points at. */
#define LIBSYSTEMD "libsystemd.so.0"

int xvfd_notify(const char *state)
{
	int (*notify)(int unset_environment, const char *state);
	void *lib;
	int rc;

	/* What sd_notify() would find first: nobody to tell. */
	if (!getenv("NOTIFY_SOCKET"))
		return 0;
	lib = dlopen(LIBSYSTEMD, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return -ENOENT;
	/* POSIX's way to hold dlsym()'s answer as a function pointer. */
	*(void **)&notify = dlsym(lib, "sd_notify");
	rc = notify ? notify(0, state) : -ENOSYS;
	dlclose(lib);
	/* sd_notify() answers 0 when it found no socket to send to. */
	return rc < 0 ? rc : 0;
}
