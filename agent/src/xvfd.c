// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfd: the guest's agent of the xvf migration protocol.  It wires the
 * adapters (xenstore, netlink events, link configuration, the control
 * socket) to the core (agent.c) around one event loop, and carries the
 * systemd side: readiness, status line, logging to the journal.
 *
 *   xvfd [-c CONFIG] [-s SOCKET]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "agent.h"
#include "config.h"
#include "ctl.h"
#include "ctl_commands.h"
#include "ctl_request.h"
#include "loop.h"
#include "nl_events.h"
#include "nl_link.h"
#include "notify.h"
#include "print.h"
#include "status.h"
#include "xs.h"

struct daemon {
	struct xvfd core;
	struct xvfd_settings settings;
	struct xvfd_loop loop;
	struct xvfd_xs xs;
	struct xvfd_nl_events nl;
	struct mnl_socket *link;
	struct xvfd_ctl ctl;
	bool xs_up;		/* connected, its descriptor in the loop */
	uint64_t xs_probe_at;	/* next check of the connection */
};

/*
 * How often the xenstore connection is checked: a dead one gives no
 * sign (the watches just stop), and a deaf agent misses every request.
 */
#define XVFD_XS_PROBE_MS 5000

static struct daemon *of(struct xvfd *a)
{
	return a->priv;
}

/* ---- the core's ops ---- */

static int op_set_hold(struct xvfd *a, const struct xvfd_master *m, bool hold)
{
	return xvfd_nl_set_hold(of(a)->link, m->ifindex, hold);
}

static int op_set_settings(struct xvfd *a, const struct xvfd_master *m,
			   const struct xvfd_master_settings *s)
{
	return xvfd_nl_set_settings(of(a)->link, m->ifindex, s->takeover_ms,
				    s->wait_ms);
}

static void on_master(void *ctx, const struct xvfd_master *m, bool gone)
{
	struct daemon *d = ctx;

	if (gone)
		xvfd_master_gone(&d->core, m->ifindex, xvfd_now_ms());
	else
		xvfd_master_update(&d->core, m, xvfd_now_ms(), xvfd_wall_ms());
}

static int op_refresh(struct xvfd *a, int ifindex)
{
	return xvfd_nl_get_master(ifindex, on_master, of(a));
}

static int op_write_node(struct xvfd *a, const char *rel, const char *text)
{
	return xvfd_xs_write(&of(a)->xs, rel, text);
}

static void op_event(struct xvfd *a, int level, const char *what,
		     const char *detail)
{
	json_object *ev = xvfd_json_event(level, what, detail, xvfd_wall_ms());
	char safe[XVF_ESCAPED_MAX];

	/* stderr goes to the journal under systemd; <N> is the priority. The
	 * detail may quote a request or a name: no raw control characters. */
	fprintf(stderr, "<%d>%s: %s\n", level, what,
		xvf_escape(detail, safe, sizeof(safe)));
	xvfd_ctl_broadcast(&of(a)->ctl, ev);
	json_object_put(ev);
}

static const struct xvfd_ops daemon_ops = {
	.set_hold = op_set_hold,
	.set_settings = op_set_settings,
	.refresh = op_refresh,
	.write_node = op_write_node,
	.event = op_event,
};

/* ---- adapters into the core ---- */

/* After a watch firing, or at start: everything the host may have said. */
static void read_host(struct daemon *d)
{
	char buf[XVFP_MESSAGE_MAX + 1], state[XVFP_STATE_MAX + 1];
	unsigned int domid = xvfd_xs_domid(&d->xs);

	if (domid)
		xvfd_domid_seen(&d->core, domid, xvfd_wall_ms());
	/* A resume on a new host leaves our nodes behind: put them back. */
	xvfd_format_state(&d->core, state, sizeof(state));
	xvfd_xs_advertise(&d->xs, d->core.g.last_reply, state);
	xvfd_host_versions(&d->core,
			   xvfd_xs_read(&d->xs, "xvf/version", buf,
					XVFP_VERSIONS_MAX) ? NULL : buf);
	if (!xvfd_xs_read(&d->xs, "xvf/request", buf, XVFP_MESSAGE_MAX))
		xvfd_request(&d->core, buf, xvfd_now_ms(), xvfd_wall_ms());
}

static void on_xenstore(void *ctx, int fd, uint32_t events)
{
	struct daemon *d = ctx;

	(void)fd;
	(void)events;
	if (xvfd_xs_drain_watches(&d->xs) > 0)
		read_host(d);
}

/* Every master again; one missing from a complete dump is gone. */
static int dump_masters(struct daemon *d)
{
	int rc;

	xvfd_masters_dump_begin(&d->core);
	rc = xvfd_nl_dump_masters(on_master, d);
	if (!rc)
		xvfd_masters_dump_end(&d->core, xvfd_now_ms());
	return rc;
}

/* (Re)connect to xenstore: watches registered, what the host said read. */
static int xs_connect(struct daemon *d)
{
	int rc = xvfd_xs_open(&d->xs);

	if (rc)
		return rc;
	rc = xvfd_loop_add(&d->loop, xvfd_xs_fd(&d->xs), on_xenstore, d);
	if (rc) {
		xvfd_xs_close(&d->xs);
		return rc;
	}
	d->xs_up = true;
	read_host(d);
	return 0;
}

static void xs_disconnect(struct daemon *d)
{
	if (d->xs_up)
		xvfd_loop_del(&d->loop, xvfd_xs_fd(&d->xs));
	xvfd_xs_close(&d->xs);
	d->xs_up = false;
}

/* The periodic check: a lost connection is closed and opened again. */
static void xs_probe(struct daemon *d, uint64_t now)
{
	d->xs_probe_at = now + XVFD_XS_PROBE_MS;
	if (d->xs_up && xvfd_xs_alive(&d->xs))
		return;
	if (d->xs_up) {
		d->core.ops->event(&d->core, LOG_ERR, "xenstore",
				   "connection lost, reconnecting");
		xs_disconnect(d);
	}
	if (!xs_connect(d))
		d->core.ops->event(&d->core, LOG_NOTICE, "xenstore",
				   "connected again, watches restored");
}

static void on_netlink(void *ctx, int fd, uint32_t events)
{
	struct daemon *d = ctx;
	int rc;

	(void)fd;
	(void)events;
	rc = xvfd_nl_events_read(&d->nl, on_master, d);
	if (rc == -ENOBUFS) {
		/* Events were lost: ask for the whole picture again. */
		fprintf(stderr, SD_WARNING "netlink events lost, re-reading\n");
		dump_masters(d);
	}
}

/* ---- the control socket's commands ---- */

static json_object *reply_ok(void)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "ok", json_object_new_boolean(1));
	return o;
}

static json_object *reply_error(const char *msg)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "ok", json_object_new_boolean(0));
	json_object_object_add(o, "error", json_object_new_string(msg));
	return o;
}

static json_object *cmd_hold(struct daemon *d, const struct xvfd_ctl_peer *peer,
			     const struct xvfd_ctl_request *r, bool *watch)
{
	char msg[160];
	int rc;

	(void)watch;
	if (!peer->privileged) {
		snprintf(msg, sizeof(msg),
			 "permission denied: changes need root or group %s",
			 d->settings.admin_group);
		return reply_error(msg);
	}
	rc = xvfd_manual_hold(&d->core, r->master, r->cmd == XVFD_CMD_HOLD);
	if (rc == -ENOENT) {
		snprintf(msg, sizeof(msg), "no failover interface %s", r->master);
		return reply_error(msg);
	}
	if (rc) {
		snprintf(msg, sizeof(msg), "the kernel refused: %s", strerror(-rc));
		return reply_error(msg);
	}
	return reply_ok();
}

static json_object *cmd_status(struct daemon *d, const struct xvfd_ctl_peer *peer,
			       const struct xvfd_ctl_request *r, bool *watch)
{
	(void)peer;
	(void)r;
	(void)watch;
	return xvfd_json_status(&d->core, d->link);
}

static json_object *cmd_history(struct daemon *d, const struct xvfd_ctl_peer *peer,
				const struct xvfd_ctl_request *r, bool *watch)
{
	(void)peer;
	(void)watch;
	return xvfd_json_history(&d->core, r->count);
}

static json_object *cmd_version(struct daemon *d, const struct xvfd_ctl_peer *peer,
				const struct xvfd_ctl_request *r, bool *watch)
{
	json_object *o = reply_ok();

	(void)d;
	(void)peer;
	(void)r;
	(void)watch;
	json_object_object_add(o, "version", json_object_new_string(XVFD_VERSION));
	json_object_object_add(o, "protocol", json_object_new_int(XVFP_PROTOCOL_VERSION));
	return o;
}

static json_object *cmd_watch(struct daemon *d, const struct xvfd_ctl_peer *peer,
			      const struct xvfd_ctl_request *r, bool *watch)
{
	(void)d;
	(void)peer;
	(void)r;
	*watch = true;
	return reply_ok();
}

typedef json_object *(*cmd_handler)(struct daemon *d,
				    const struct xvfd_ctl_peer *peer,
				    const struct xvfd_ctl_request *r, bool *watch);

/* By the names xvfctl sends (ctl_commands.h). */
static const cmd_handler handlers[XVFD_NCMDS] = {
	[XVFD_CMD_STATUS] = cmd_status,
	[XVFD_CMD_WATCH] = cmd_watch,
	[XVFD_CMD_HISTORY] = cmd_history,
	[XVFD_CMD_HOLD] = cmd_hold,
	[XVFD_CMD_RELEASE] = cmd_hold,
	[XVFD_CMD_VERSION] = cmd_version,
};

static json_object *handle(void *ctx, const struct xvfd_ctl_peer *peer,
			   json_object *req, bool *watch)
{
	struct xvfd_ctl_request r;
	char why[160];

	if (xvfd_ctl_parse_request(req, XVFD_HISTORY, &r, why, sizeof(why)))
		return reply_error(why);
	return handlers[r.cmd](ctx, peer, &r, watch);
}

/* ---- start and run ---- */

/*
 * A group's id, looked up by a child process: the name service modules
 * a lookup loads (systemd's and the libraries it needs, an LDAP client)
 * stay mapped in the process that asked, for good. Asked by a child,
 * they never enter the daemon: on Debian 12 with systemd's NSS module,
 * some 650 KiB of resident pages less (docs/performance.md). Called
 * before any thread exists.
 */
static bool lookup_gid(const char *name, gid_t *gid)
{
	int pipefd[2], status;
	ssize_t n = -1;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return false;
	pid = fork();
	if (pid == 0) {
		const struct group *gr = getgrnam(name);

		_exit(gr && write(pipefd[1], &gr->gr_gid, sizeof(gr->gr_gid)) ==
			    (ssize_t)sizeof(gr->gr_gid) ? 0 : 1);
	}
	close(pipefd[1]);
	if (pid > 0) {
		do
			n = read(pipefd[0], gid, sizeof(*gid));
		while (n < 0 && errno == EINTR);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	close(pipefd[0]);
	return n == (ssize_t)sizeof(*gid);
}

/*
 * The admin group's id, looked up once here: later, per connection, the
 * peer's groups come from its socket, never from the user database.
 */
static gid_t admin_gid(const struct daemon *d)
{
	gid_t gid;

	if (!d->settings.admin_group[0])
		return XVFD_CTL_NO_GROUP;
	if (lookup_gid(d->settings.admin_group, &gid))
		return gid;
	fprintf(stderr, SD_WARNING "no group %s: only root may change things\n",
		d->settings.admin_group);
	return XVFD_CTL_NO_GROUP;
}

static int start(struct daemon *d)
{
	char reply[XVFP_MESSAGE_MAX + 1];
	int rc;

	rc = xvfd_loop_init(&d->loop);
	if (rc)
		return fprintf(stderr, SD_ERR "event loop: %s\n", strerror(-rc)), rc;
	xvfd_init(&d->core, &daemon_ops, d, &d->settings.timing);
	rc = xvfd_ctl_open(&d->ctl, d->settings.socket, admin_gid(d), &d->loop,
			   handle, d);
	if (rc)
		return fprintf(stderr, SD_ERR "control socket %s: %s\n",
			       d->settings.socket, rc == -EADDRINUSE ?
			       "another xvfd is running" : rc == -EEXIST ?
			       "something that is not a socket is there" :
			       strerror(-rc)), rc;
	rc = xvfd_xs_open(&d->xs);
	if (rc)
		return fprintf(stderr, SD_ERR "xenstore: %s (not a Xen guest, or xenfs not mounted?)\n",
			       strerror(-rc)), rc;
	d->xs_up = true;
	d->xs_probe_at = xvfd_now_ms() + XVFD_XS_PROBE_MS;
	rc = xvfd_nl_events_open(&d->nl);
	d->link = xvfd_nl_link_open();
	if (rc || !d->link)
		return fprintf(stderr, SD_ERR "netlink: %s\n",
			       strerror(rc ? -rc : EIO)), rc ? rc : -EIO;
	xvfd_loop_add(&d->loop, xvfd_xs_fd(&d->xs), on_xenstore, d);
	xvfd_loop_add(&d->loop, xvfd_nl_events_fd(&d->nl), on_netlink, d);
	/* Rebuild what we knew from our last reply and the kernel. */
	if (!xvfd_xs_read(&d->xs, "data/xvf/reply", reply, XVFP_MESSAGE_MAX))
		xvfd_recover_reply(&d->core, reply);
	rc = dump_masters(d);
	if (rc)
		fprintf(stderr, SD_WARNING "cannot list interfaces: %s\n", strerror(-rc));
	read_host(d);
	return 0;
}

static void stop(struct daemon *d)
{
	xvfd_ctl_close(&d->ctl);
	xvfd_nl_link_close(d->link);
	xvfd_nl_events_close(&d->nl);
	xs_disconnect(d);
	xvfd_loop_fini(&d->loop);
}

/* A notice systemd waits for (Type=notify) that did not go is logged. */
static void notify(const char *state)
{
	int rc = xvfd_notify(state);

	if (rc)
		fprintf(stderr, SD_WARNING "could not notify systemd: %s\n",
			strerror(-rc));
}

static void usage(FILE *f)
{
	fprintf(f, "usage: xvfd [-c CONFIG] [-s SOCKET]\n"
		   "  -c CONFIG  configuration file (default " XVFD_CONF_PATH ")\n"
		   "  -s SOCKET  control socket (default " XVFD_SOCKET_PATH ")\n"
		   "  -V         print the version\n");
}

int main(int argc, char **argv)
{
	static struct daemon d;
	const char *conf_path = XVFD_CONF_PATH, *socket = NULL;
	bool conf_given = false;
	char status[128];
	int opt, rc;

	/*
	 * The log goes out once a turn, after the turn's work: a slow
	 * console or journal must not stand between the host's request and
	 * our answer.  (A crash loses the lines of the turn it ends.)
	 */
	setvbuf(stderr, NULL, _IOFBF, BUFSIZ);
	while ((opt = getopt(argc, argv, "c:s:hV")) != -1) {
		switch (opt) {
		case 'c':
			conf_path = optarg;
			conf_given = true;
			break;
		case 's':
			socket = optarg;
			break;
		case 'V':
			printf("xvfd %s (protocol %d)\n", XVFD_VERSION,
			       XVFP_PROTOCOL_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	d.ctl.fd = -1;
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	rc = xvfd_settings_load(&d.settings, conf_path, conf_given);
	if (rc)
		return 2;
	if (socket)
		snprintf(d.settings.socket, sizeof(d.settings.socket), "%s", socket);
	if (start(&d)) {
		stop(&d);
		return 1;
	}
	snprintf(status, sizeof(status), "READY=1\nSTATUS=%u failover interface(s), protocol %s",
		 d.core.npairs, d.core.protocol_ok ? "spoken" : "not offered by the host");
	notify(status);
	fprintf(stderr, SD_INFO "xvfd %s ready: %s\n", XVFD_VERSION,
		status + strlen("READY=1\nSTATUS="));
	fflush(stderr);
	while (!d.loop.stop) {
		uint64_t next = xvfd_next_deadline(&d.core);

		rc = xvfd_loop_set_timer(&d.loop, next < d.xs_probe_at ?
						  next : d.xs_probe_at);
		if (!rc)
			rc = xvfd_loop_run_once(&d.loop);
		if (rc < 0) {
			fprintf(stderr, SD_ERR "event loop: %s\n", strerror(-rc));
			break;
		}
		if (rc == 1 && xvfd_now_ms() >= d.xs_probe_at)
			xs_probe(&d, xvfd_now_ms());
		if (rc == 1)
			xvfd_tick(&d.core, xvfd_now_ms());
		fflush(stderr);
	}
	notify("STOPPING=1");
	fprintf(stderr, SD_INFO "xvfd stopping\n");
	stop(&d);
	return rc < 0 ? 1 : 0;
}
