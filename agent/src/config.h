/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's configuration file: "key = value" lines, '#' comments.
 *   switch_timeout_ms   hold -> transmit off the VF (and back)  [2000]
 *   pairing_timeout_ms  attach -> the VF with the MAC paired    [55000]
 *   drain_poll_ms       longest gap between drain re-reads      [10]
 *   socket              the control socket  [/run/xvfd/xvfd.sock]
 *   admin_group         may hold and release besides root  [xvf]
 */
#ifndef XVFD_CONFIG_H
#define XVFD_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "agent.h"

#define XVFD_CONF_PATH "/etc/xvf/xvfd.conf"
#define XVFD_SOCKET_PATH "/run/xvfd/xvfd.sock"

/*
 * The guest's timers must end before the host's (PROTOCOL.md 5.7), a
 * second apart, or the host gives up on an answer that is still coming:
 * a switch before the host's prepare timer; a pairing wait and the switch
 * back to the VF before its confirmation timer.
 */
#define XVFD_SWITCH_TIMEOUT_MAX_MS (XVFP_HOST_PREPARE_MS - 1000)
#define XVFD_PAIRING_TIMEOUT_MAX_MS \
	(XVFP_HOST_CONFIRM_MS - XVFD_SWITCH_TIMEOUT_MAX_MS - 1000)

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
#define XVFD_CONF_LINE_MAX 254

void xvfd_settings_defaults(struct xvfd_settings *c);
/*
 * Lines from @f on top of what @c holds; errors name @name and the line,
 * on @err (NULL: silent). 0 or -EINVAL.
 */
int xvfd_settings_read(struct xvfd_settings *c, FILE *f, const char *name,
		       FILE *err);
/* One "key = value" line's pair (exposed for the unit tests). */
int xvfd_settings_set(struct xvfd_settings *c, const char *key, const char *value);

#endif
