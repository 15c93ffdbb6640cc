/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's state as JSON (json-c) for the control socket: status,
 * history and events.  xvfctl prints these as they are (-j) or as text.
 */
#ifndef XVFD_STATUS_H
#define XVFD_STATUS_H

#include <json-c/json.h>

#include "agent.h"

struct mnl_socket;

json_object *xvfd_json_status(struct xvfd *a, struct mnl_socket *nl);
json_object *xvfd_json_history(const struct xvfd *a, unsigned int max);
json_object *xvfd_json_event(int level, const char *what, const char *detail,
			     uint64_t wall_ms);
/* ISO 8601 UTC with milliseconds, "" for 0. */
void xvfd_format_time(uint64_t wall_ms, char *buf, size_t len);

#endif
