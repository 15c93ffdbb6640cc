// SPDX-License-Identifier: GPL-2.0-or-later
/* xvf-host: locks between concurrent runs on one host (lock.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hooks.h"
#include "lock.h"

static const char *run_dir(void)
{
	return xvfh_hook("XVF_RUN_DIR", "/run/xvf-host");
}

const char *xvfh_lock_path(const char *kind, const char *name, char *buf,
			   unsigned int len)
{
	snprintf(buf, len, "%s/%s-%s.lock", run_dir(), kind, name);
	return buf;
}

int xvfh_lock_try(const char *kind, const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/') || strchr(kind, '/'))
		return -EINVAL;
	if (mkdir(run_dir(), 0700) && errno != EEXIST)
		return -errno;
	xvfh_lock_path(kind, name, path, sizeof(path));
	/* The file stays: removing it would race with a run opening it. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int err = errno;

		close(fd);
		return err == EWOULDBLOCK ? -EBUSY : -err;
	}
	return fd;
}

void xvfh_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
