// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: a control-socket request line as xvfd reads it (JSON,
 * then the command and its arguments, ctl_request.c). Properties: no
 * crash, no sanitizer report; an accepted request names a known command,
 * a hold/release a terminated, non-empty interface name, a history count
 * in range; a refused one says why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xvfd_ctl_request r;
	struct json_tokener *tok = json_tokener_new();
	json_object *req;
	char why[160];

	req = json_tokener_parse_ex(tok, (const char *)data, (int)(size < 65536 ? size : 65536));
	json_tokener_free(tok);
	if (!req)
		return 0;
	if (!json_object_is_type(req, json_type_object)) {
		json_object_put(req);
		return 0;
	}
	if (xvfd_ctl_parse_request(req, 32, &r, why, sizeof(why))) {
		if (!why[0] || !memchr(why, '\0', sizeof(why)))
			abort();
	} else {
		if (r.cmd < 0 || r.cmd >= XVFD_NCMDS)
			abort();
		if ((r.cmd == XVFD_CMD_HOLD || r.cmd == XVFD_CMD_RELEASE) &&
		    (!r.master[0] || !memchr(r.master, '\0', sizeof(r.master))))
			abort();
		if (r.cmd == XVFD_CMD_HISTORY && (r.count < 1 || r.count > 32))
			abort();
	}
	json_object_put(req);
	return 0;
}
