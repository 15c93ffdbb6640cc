// SPDX-License-Identifier: GPL-2.0-or-later
/* xvfd's configuration file: values, bounds, bad lines with their number. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

static char *write_conf(const char *text)
{
	static char path[] = "/tmp/xvfd-conf-XXXXXX";
	int fd;

	strcpy(path, "/tmp/xvfd-conf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void defaults_without_a_file(void **state)
{
	struct xvfd_settings c;

	(void)state;
	assert_int_equal(xvfd_settings_load(&c, "/nonexistent/xvfd.conf", false), 0);
	assert_int_equal(c.timing.switch_timeout_ms, XVFD_SWITCH_TIMEOUT_MS);
	assert_int_equal(c.timing.pairing_timeout_ms, XVFP_GUEST_PAIRING_MS);
	assert_string_equal(c.socket, XVFD_SOCKET_PATH);
	assert_string_equal(c.admin_group, "xvf");
	assert_int_equal(xvfd_settings_load(&c, "/nonexistent/xvfd.conf", true), -ENOENT);
}

static void values_comments_and_spaces(void **state)
{
	struct xvfd_settings c;
	char *path = write_conf("# timeouts\n\n  switch_timeout_ms = 500 \n"
				"pairing_timeout_ms=20000\nsocket = /run/x.sock\n"
				"admin_group = netadm\ntakeover_ms = 0\n");

	(void)state;
	assert_int_equal(xvfd_settings_load(&c, path, true), 0);
	unlink(path);
	assert_int_equal(c.timing.switch_timeout_ms, 500);
	assert_int_equal(c.timing.pairing_timeout_ms, 20000);
	assert_string_equal(c.socket, "/run/x.sock");
	assert_string_equal(c.admin_group, "netadm");
	assert_int_equal(c.timing.master.takeover_ms, 0);
	assert_int_equal(c.timing.master.wait_ms, -1);
}

static void bad_lines_are_errors(void **state)
{
	static const char *const bad[] = {
		"switch_timeout_ms = 5\n",		/* below the bound */
		"switch_timeout_ms = -1\n",
		"switch_timeout_ms = 10s\n",
		/* past the host's timers: it would give up first */
		"switch_timeout_ms = 4001\n",
		"pairing_timeout_ms = 55001\n",
		"wait_ms = 60001\n",			/* past xvf_failover's bound */
		"takeover_ms = -5\n",
		"pairing_timeout_ms =\n",
		"socket = relative.sock\n",
		"colour = blue\n",			/* unknown key */
		"just words\n",
	};
	struct xvfd_settings c;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *path = write_conf(bad[i]);

		assert_int_equal(xvfd_settings_load(&c, path, true), -EINVAL);
		unlink(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_without_a_file),
		cmocka_unit_test(values_comments_and_spaces),
		cmocka_unit_test(bad_lines_are_errors),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
