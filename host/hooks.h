/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test hooks: the unit tier's build (make san) lets the environment point
 * xvf-host at a made-up sysfs tree and a stand-in xl. The installed
 * binary has no such hooks: in dom0 an inherited environment variable
 * must not decide which program runs as root or which devices are read.
 */
#ifndef XVF_HOST_HOOKS_H
#define XVF_HOST_HOOKS_H

#include <stdlib.h>

/* @fallback, or in a test build the value of @env if it is set. */
static inline const char *xvfh_hook(const char *env, const char *fallback)
{
#ifdef XVF_HOST_TEST_HOOKS
	const char *v = getenv(env);

	if (v && *v)
		return v;
#else
	(void)env;
#endif
	return fallback;
}

#endif
