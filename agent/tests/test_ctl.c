// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfd's control socket (src/ctl.c) on a real socket and event loop,
 * with a stand-in handler: a watcher that stops reading while its own
 * requests broadcast (as hold and release do), and who may change things.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl.h"
#include "loop.h"

static struct xvfd_ctl ctl;
static json_object *big_event;

/* "watch" subscribes; anything else broadcasts first, as hold does. */
static json_object *handler(void *ctx, const struct xvfd_ctl_peer *peer,
			    json_object *req, bool *watch)
{
	json_object *cmd, *ok = json_object_new_object();

	(void)ctx;
	(void)peer;
	if (json_object_object_get_ex(req, "cmd", &cmd) &&
	    !strcmp(json_object_get_string(cmd), "watch"))
		*watch = true;
	else
		xvfd_ctl_broadcast(&ctl, big_event);
	json_object_object_add(ok, "ok", json_object_new_boolean(1));
	return ok;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void say(int fd, const char *line)
{
	assert_int_equal(send(fd, line, strlen(line), MSG_NOSIGNAL),
			 (ssize_t)strlen(line));
}

static unsigned int clients(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < XVFD_CTL_CLIENTS; i++)
		n += ctl.client[i] != NULL;
	return n;
}

static void watcher_that_stops_reading_is_dropped_safely(void **state)
{
	char dir[] = "/tmp/xvfd-ctl-XXXXXX", sock[64], reply[256];
	struct xvfd_loop loop;
	json_object *ev = json_object_new_object();
	static char detail[64 * 1024];
	unsigned int i;
	int fd, fd2;

	(void)state;
	memset(detail, 'x', sizeof(detail) - 1);
	json_object_object_add(ev, "detail", json_object_new_string(detail));
	big_event = ev;
	assert_non_null(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/ctl.sock", dir);
	assert_int_equal(xvfd_loop_init(&loop), 0);
	assert_int_equal(xvfd_ctl_open(&ctl, sock, XVFD_CTL_NO_GROUP, &loop,
				       handler, NULL), 0);
	fd = connect_to(sock);
	assert_int_equal(xvfd_loop_run_once(&loop), 0);	/* accept */
	say(fd, "{\"cmd\":\"watch\"}\n");
	assert_int_equal(xvfd_loop_run_once(&loop), 0);
	assert_int_equal(clients(), 1);
	/* It never reads again; each request broadcasts 64 KiB to it. */
	for (i = 0; i < 1000 && clients() == 1; i++) {
		say(fd, "{\"cmd\":\"hold\"}\n");
		assert_int_equal(xvfd_loop_run_once(&loop), 0);
	}
	assert_int_equal(clients(), 0);
	close(fd);
	/* And the socket still serves. */
	fd2 = connect_to(sock);
	assert_int_equal(xvfd_loop_run_once(&loop), 0);
	say(fd2, "{\"cmd\":\"status\"}\n");
	assert_int_equal(xvfd_loop_run_once(&loop), 0);
	fcntl(fd2, F_SETFL, 0);
	assert_true(recv(fd2, reply, sizeof(reply) - 1, 0) > 0);
	close(fd2);
	xvfd_ctl_close(&ctl);
	xvfd_loop_fini(&loop);
	json_object_put(ev);
	rmdir(dir);
}

static void changes_need_root_or_the_admin_group(void **state)
{
	const gid_t admin = 120, others[] = { 5, 120 };
	struct ucred root = { .uid = 0, .gid = 0 };
	struct ucred user = { .uid = 1000, .gid = 1000 };
	struct ucred primary = { .uid = 1000, .gid = admin };

	(void)state;
	assert_true(xvfd_ctl_privileged(&root, NULL, 0, XVFD_CTL_NO_GROUP));
	assert_false(xvfd_ctl_privileged(&user, NULL, 0, admin));
	assert_true(xvfd_ctl_privileged(&primary, NULL, 0, admin));
	assert_true(xvfd_ctl_privileged(&user, others, 2, admin));
	assert_false(xvfd_ctl_privileged(&user, others, 1, admin));
	assert_false(xvfd_ctl_privileged(&user, others, 2, XVFD_CTL_NO_GROUP));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(watcher_that_stops_reading_is_dropped_safely),
		cmocka_unit_test(changes_need_root_or_the_admin_group),
	};

	return cmocka_run_group_tests_name("ctl", tests, NULL, NULL);
}
