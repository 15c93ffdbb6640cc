// SPDX-License-Identifier: LGPL-2.1-or-later
/* libxvfproto: the action list both state machines fill. */
#include <stdio.h>
#include <string.h>

#include "xvfproto/machine.h"

/*
 * XVFP_MAX_ACTIONS is sized for the longest transition; should a list
 * ever fill, it says so (overflow) rather than losing an action quietly.
 */
void xvfp_actions_add(struct xvfp_actions *out, enum xvfp_action_kind kind,
		       const struct xvfp_mac *mac, enum xvfp_path path,
		       const char *text)
{
	struct xvfp_action *a;

	if (out->n == XVFP_MAX_ACTIONS) {
		out->overflow = true;
		return;
	}
	a = &out->a[out->n++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	if (mac)
		a->mac = *mac;
	a->path = path;
	if (text)
		snprintf(a->text, sizeof(a->text), "%s", text);
}

void xvfp_actions_clear(struct xvfp_actions *out)
{
	out->n = 0;
	out->overflow = false;
}
