// SPDX-License-Identifier: GPL-2.0-or-later
/* xvfd's configuration file (see config.h). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
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

/* A master's setting, 0 .. @max (xvf_failover's own bounds). */
static int parse_setting(const char *value, uint32_t max, int64_t *out)
{
	uint32_t v;
	int rc = parse_ms(value, 0, max, &v);

	if (!rc)
		*out = v;
	return rc;
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
		return parse_ms(value, 10, XVFD_SWITCH_TIMEOUT_MAX_MS,
				&c->timing.switch_timeout_ms);
	if (!strcmp(key, "pairing_timeout_ms"))
		return parse_ms(value, 100, XVFD_PAIRING_TIMEOUT_MAX_MS,
				&c->timing.pairing_timeout_ms);
	if (!strcmp(key, "drain_poll_ms"))
		return parse_ms(value, 1, 1000, &c->timing.drain_poll_ms);
	if (!strcmp(key, "takeover_ms"))
		return parse_setting(value, XFO_TAKEOVER_MS_MAX,
				     &c->timing.master.takeover_ms);
	if (!strcmp(key, "wait_ms"))
		return parse_setting(value, XFO_WAIT_MS_MAX,
				     &c->timing.master.wait_ms);
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

void xvfd_settings_defaults(struct xvfd_settings *c)
{
	memset(c, 0, sizeof(*c));
	c->timing.switch_timeout_ms = XVFD_SWITCH_TIMEOUT_MS;
	c->timing.pairing_timeout_ms = XVFP_GUEST_PAIRING_MS;
	c->timing.drain_poll_ms = XVFD_DRAIN_POLL_MS;
	c->timing.master.takeover_ms = -1;
	c->timing.master.wait_ms = -1;
	snprintf(c->socket, sizeof(c->socket), "%s", XVFD_SOCKET_PATH);
	snprintf(c->admin_group, sizeof(c->admin_group), "xvf");
}

/* @err may be NULL: no messages (the fuzz target). */
static void __attribute__((format(printf, 4, 5)))
complain(FILE *err, const char *name, unsigned int n, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	fprintf(err, "xvfd: %s:%u: ", name, n);
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputc('\n', err);
}

int xvfd_settings_read(struct xvfd_settings *c, FILE *f, const char *name,
		       FILE *err)
{
	char line[XVFD_CONF_LINE_MAX + 2], *key, *value, *eq;
	unsigned int n = 0;

	while (fgets(line, sizeof(line), f)) {
		n++;
		/* A line that did not fit would be read as two. */
		if (!strchr(line, '\n') && !feof(f)) {
			complain(err, name, n, "longer than %d characters",
				 XVFD_CONF_LINE_MAX);
			return -EINVAL;
		}
		key = trim(line);
		if (!key[0] || key[0] == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			complain(err, name, n, "expected key = value");
			return -EINVAL;
		}
		*eq = '\0';
		key = trim(key);
		value = trim(eq + 1);
		switch (xvfd_settings_set(c, key, value)) {
		case 0:
			continue;
		case -ENOENT:
			complain(err, name, n, "unknown key \"%s\"", key);
			return -EINVAL;
		default:
			complain(err, name, n, "bad value for %s: \"%s\"", key, value);
			return -EINVAL;
		}
	}
	return 0;
}

int xvfd_settings_load(struct xvfd_settings *c, const char *path, bool must_exist)
{
	FILE *f;
	int rc;

	xvfd_settings_defaults(c);
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		rc = -errno;
		fprintf(stderr, "xvfd: %s: %s\n", path, strerror(errno));
		return rc;
	}
	rc = xvfd_settings_read(c, f, path, stderr);
	fclose(f);
	return rc;
}
