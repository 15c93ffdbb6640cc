// SPDX-License-Identifier: GPL-2.0-or-later
/* A control-socket request, checked (see ctl_request.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl_request.h"

static int __attribute__((format(printf, 3, 4)))
refuse(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *string_member(json_object *req, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(req, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

int xvfd_ctl_parse_request(json_object *req, unsigned int max_history,
			   struct xvfd_ctl_request *out, char *why, size_t len)
{
	const char *name = string_member(req, "cmd"), *master;
	json_object *v;
	int64_t count;

	memset(out, 0, sizeof(*out));
	if (!name)
		return refuse(why, len, "the request has no \"cmd\"");
	out->cmd = xvfd_cmd_lookup(name);
	switch (out->cmd) {
	case XVFD_CMD_UNKNOWN:
		/* A client's text: at most 64 bytes of it. */
		return refuse(why, len, "unknown command \"%.64s\"", name);
	case XVFD_CMD_HOLD:
	case XVFD_CMD_RELEASE:
		master = string_member(req, "master");
		if (!master || !master[0] || strlen(master) >= sizeof(out->master))
			return refuse(why, len, "%s needs a failover interface's name",
				      name);
		snprintf(out->master, sizeof(out->master), "%s", master);
		return 0;
	case XVFD_CMD_HISTORY:
		out->count = XVFD_CTL_HISTORY_DEFAULT < max_history ?
				     XVFD_CTL_HISTORY_DEFAULT : max_history;
		if (!json_object_object_get_ex(req, "count", &v))
			return 0;
		count = json_object_is_type(v, json_type_int) ?
				json_object_get_int64(v) : 0;
		if (count < 1 || count > max_history)
			return refuse(why, len, "count must be 1 to %u", max_history);
		out->count = (unsigned int)count;
		return 0;
	default:
		return 0;
	}
}
