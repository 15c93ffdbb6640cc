/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A control-socket request, checked: the command and its arguments out of
 * the JSON object a client sent, or the reason it is refused. Pure (no
 * daemon state), so the fuzz target drives exactly what xvfd runs.
 */
#ifndef XVFD_CTL_REQUEST_H
#define XVFD_CTL_REQUEST_H

#include <net/if.h>
#include <stddef.h>

#include <json-c/json.h>

#include "ctl_commands.h"

#define XVFD_CTL_HISTORY_DEFAULT 10

struct xvfd_ctl_request {
	enum xvfd_cmd cmd;
	char master[IFNAMSIZ];	/* hold, release */
	unsigned int count;	/* history: 1 .. @max_history */
};

/* 0, or -EINVAL with the reply's error text in @why. */
int xvfd_ctl_parse_request(json_object *req, unsigned int max_history,
			   struct xvfd_ctl_request *out, char *why, size_t len);

#endif
