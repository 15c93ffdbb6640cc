/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's configuration file: "key = value" lines, '#' comments.
 *   switch_timeout_ms   hold -> transmit off the VF (and back)  [2000]
 *   pairing_timeout_ms  attach -> the VF with the MAC paired    [25000]
 *   drain_poll_ms       how often the VF's queue is re-read     [10]
 *   socket              the control socket  [/run/xvfd/xvfd.sock]
 *   admin_group         may hold and release besides root  [xvf]
 */
#ifndef XVFD_CONFIG_H
#define XVFD_CONFIG_H

#include <stdbool.h>

#include "agent.h"

#define XVFD_CONF_PATH "/etc/xvf/xvfd.conf"
#define XVFD_SOCKET_PATH "/run/xvfd/xvfd.sock"

struct xvfd_settings {
	struct xvfd_timing timing;
	char socket[108];
	char admin_group[32];
};

/*
 * Defaults, then @path on top.  A missing file is fine unless @must_exist
 * (given on the command line).  Errors are printed with the line number;
 * returns 0 or -EINVAL/-errno.
 */
int xvfd_settings_load(struct xvfd_settings *c, const char *path, bool must_exist);
/* One "key = value" line's pair (exposed for the unit tests). */
int xvfd_settings_set(struct xvfd_settings *c, const char *key, const char *value);

#endif
