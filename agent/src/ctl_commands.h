/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket's commands, by name: xvfd dispatches on them and
 * xvfctl sends them, both from this one list.
 */
#ifndef XVFD_CTL_COMMANDS_H
#define XVFD_CTL_COMMANDS_H

#include <string.h>

enum xvfd_cmd {
	XVFD_CMD_STATUS,
	XVFD_CMD_WATCH,
	XVFD_CMD_HISTORY,
	XVFD_CMD_HOLD,
	XVFD_CMD_RELEASE,
	XVFD_CMD_VERSION,
	XVFD_NCMDS,
	XVFD_CMD_UNKNOWN = -1,
};

static const char *const xvfd_cmd_names[XVFD_NCMDS] = {
	[XVFD_CMD_STATUS] = "status",
	[XVFD_CMD_WATCH] = "watch",
	[XVFD_CMD_HISTORY] = "history",
	[XVFD_CMD_HOLD] = "hold",
	[XVFD_CMD_RELEASE] = "release",
	[XVFD_CMD_VERSION] = "version",
};

static inline enum xvfd_cmd xvfd_cmd_lookup(const char *name)
{
	int i;

	for (i = 0; i < XVFD_NCMDS; i++)
		if (!strcmp(xvfd_cmd_names[i], name))
			return (enum xvfd_cmd)i;
	return XVFD_CMD_UNKNOWN;
}

#endif
