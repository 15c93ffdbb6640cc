// SPDX-License-Identifier: GPL-2.0-or-later
/* xvf-host: the toolstacks it knows, by name (see toolstack.h). */
#include <stdio.h>
#include <string.h>

#include "toolstack.h"

static const struct xvfh_toolstack *const toolstacks[] = {
	&xvfh_toolstack_xl,
};

#define NTOOLSTACKS (sizeof(toolstacks) / sizeof(toolstacks[0]))

const struct xvfh_toolstack *xvfh_toolstack;

const struct xvfh_toolstack *xvfh_toolstack_default(void)
{
	return toolstacks[0];
}

const struct xvfh_toolstack *xvfh_toolstack_find(const char *name)
{
	size_t i;

	for (i = 0; i < NTOOLSTACKS; i++)
		if (!strcmp(toolstacks[i]->name, name))
			return toolstacks[i];
	return NULL;
}

void xvfh_toolstack_names(char *buf, size_t len)
{
	size_t i, used = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < NTOOLSTACKS && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
				 toolstacks[i]->name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}
