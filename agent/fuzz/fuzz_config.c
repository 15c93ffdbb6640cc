// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: xvfd's configuration parser on arbitrary file text.
 * Properties: no crash, no sanitizer report, and a file it accepts leaves
 * every setting within its bounds (config.h) and every string terminated.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xvfd_settings c;
	FILE *f;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	xvfd_settings_defaults(&c);
	if (!xvfd_settings_read(&c, f, "fuzz", NULL)) {
		if (c.timing.switch_timeout_ms < 10 ||
		    c.timing.switch_timeout_ms > XVFD_SWITCH_TIMEOUT_MAX_MS ||
		    c.timing.pairing_timeout_ms < 100 ||
		    c.timing.pairing_timeout_ms > XVFD_PAIRING_TIMEOUT_MAX_MS ||
		    c.timing.drain_poll_ms < 1 || c.timing.drain_poll_ms > 1000 ||
		    c.timing.master.takeover_ms < -1 ||
		    c.timing.master.takeover_ms > XFO_TAKEOVER_MS_MAX ||
		    c.timing.master.wait_ms < -1 ||
		    c.timing.master.wait_ms > XFO_WAIT_MS_MAX ||
		    c.socket[0] != '/' ||
		    !memchr(c.socket, '\0', sizeof(c.socket)) ||
		    !memchr(c.admin_group, '\0', sizeof(c.admin_group)) ||
		    !c.admin_group[0])
			abort();
	}
	fclose(f);
	return 0;
}
