// SPDX-License-Identifier: GPL-2.0-or-later
/* xvfd's configuration file (see config.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static int parse_ms(const char *value, uint32_t min, uint32_t max,
		    uint32_t *out)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)value[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int set_string(char *dst, size_t len, const char *value)
{
	if (!value[0] || strlen(value) >= len)
		return -EINVAL;
	snprintf(dst, len, "%s", value);
	return 0;
}

int xvfd_settings_set(struct xvfd_settings *c, const char *key, const char *value)
{
	if (!strcmp(key, "switch_timeout_ms"))
		return parse_ms(value, 10, 600000, &c->timing.switch_timeout_ms);
	if (!strcmp(key, "pairing_timeout_ms"))
		return parse_ms(value, 100, 600000, &c->timing.pairing_timeout_ms);
	if (!strcmp(key, "drain_poll_ms"))
		return parse_ms(value, 1, 1000, &c->timing.drain_poll_ms);
	if (!strcmp(key, "socket"))
		return value[0] == '/' ?
		       set_string(c->socket, sizeof(c->socket), value) : -EINVAL;
	if (!strcmp(key, "admin_group"))
		return set_string(c->admin_group, sizeof(c->admin_group), value);
	return -ENOENT;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int xvfd_settings_load(struct xvfd_settings *c, const char *path, bool must_exist)
{
	char line[256], *key, *value, *eq;
	unsigned int n = 0;
	int rc = 0;
	FILE *f;

	memset(c, 0, sizeof(*c));
	c->timing.switch_timeout_ms = XVFD_SWITCH_TIMEOUT_MS;
	c->timing.pairing_timeout_ms = XVFP_GUEST_PAIRING_MS;
	c->timing.drain_poll_ms = XVFD_DRAIN_POLL_MS;
	snprintf(c->socket, sizeof(c->socket), "%s", XVFD_SOCKET_PATH);
	snprintf(c->admin_group, sizeof(c->admin_group), "xvf");
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		rc = -errno;
		fprintf(stderr, "xvfd: %s: %s\n", path, strerror(errno));
		return rc;
	}
	while (fgets(line, sizeof(line), f)) {
		n++;
		key = trim(line);
		if (!key[0] || key[0] == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			fprintf(stderr, "xvfd: %s:%u: expected key = value\n", path, n);
			rc = -EINVAL;
			break;
		}
		*eq = '\0';
		key = trim(key);
		value = trim(eq + 1);
		rc = xvfd_settings_set(c, key, value);
		if (rc) {
			if (rc == -ENOENT)
				fprintf(stderr, "xvfd: %s:%u: unknown key \"%s\"\n",
					path, n, key);
			else
				fprintf(stderr, "xvfd: %s:%u: bad value for %s: \"%s\"\n",
					path, n, key, value);
			rc = -EINVAL;
			break;
		}
	}
	fclose(f);
	return rc;
}
