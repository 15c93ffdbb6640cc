// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfctl: the admin's view of xvfd.  It sends one JSON request over the
 * control socket and prints the answer as text, or as JSON with -j (in
 * the spirit of ip -j); both come from one printing path per object
 * (common/print.h), so they show the same values.
 *
 *   xvfctl [-j] [-s SOCKET] COMMAND [ARGS]   (the command table below)
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"
#include "ctl_commands.h"
#include "print.h"

static const char *socket_path = XVFD_SOCKET_PATH;
static bool json_out;

static int connect_daemon(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", socket_path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "xvfctl: cannot reach xvfd at %s: %s (is xvfd running?)\n",
			socket_path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int send_request(int fd, json_object *req)
{
	const char *text = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(text);

	if (send(fd, text, len, MSG_NOSIGNAL) != (ssize_t)len ||
	    send(fd, "\n", 1, MSG_NOSIGNAL) != 1) {
		fprintf(stderr, "xvfctl: cannot send to xvfd: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* One JSON line from @f; NULL at the end or on garbage. */
static json_object *read_reply(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	json_object *o = NULL;

	if (getline(&line, &cap, f) > 0)
		o = json_tokener_parse(line);
	free(line);
	return o;
}

/* ---- reading the reply ---- */

static json_object *get(json_object *o, const char *key)
{
	json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *str(json_object *o, const char *key)
{
	json_object *v = get(o, key);

	return v ? json_object_get_string(v) : "-";
}

/* ---- printing: each value once, for text and JSON ---- */

/* A string the daemon sent: null stays null, "" prints as "-". */
static void out_str(struct xvf_out *out, json_object *in, const char *key,
		    const char *fmt)
{
	json_object *v = get(in, key);
	const char *s = v ? json_object_get_string(v) : NULL;

	xvf_out_string(out, key, fmt, s && (s[0] || out->json) ? s : NULL);
}

/* A number the daemon sent, or null; @fmt takes it as %s. */
static void out_int(struct xvf_out *out, json_object *in, const char *key,
		    const char *fmt)
{
	json_object *v = get(in, key);
	int64_t n = v ? json_object_get_int64(v) : 0;

	xvf_out_int_or_null(out, key, fmt, v ? &n : NULL);
}

static void out_bool(struct xvf_out *out, json_object *in, const char *key,
		     const char *fmt, const char *yes, const char *no)
{
	xvf_out_bool(out, key, fmt, json_object_get_boolean(get(in, key)), yes, no);
}

/* Every reply says "ok": true (errors never reach the printers). */
static void print_ok(struct xvf_out *out)
{
	xvf_out_bool(out, "ok", "%s", true, "", "");
}

/*
 * An object of the answer that may be null: null in JSON and "LABEL none"
 * in text; otherwise opened under @key, its label printed.  Returns
 * whether it was opened.
 */
static bool open_labelled(struct xvf_out *out, const char *key,
			  const char *label_fmt, const char *label, json_object *in)
{
	if (!in) {
		xvf_out_null(out, key, "");
		xvf_out_text(out, label_fmt, label);
		xvf_out_text(out, " none\n");
		return false;
	}
	xvf_out_open_object(out, key);
	xvf_out_text(out, label_fmt, label);
	return true;
}

static void print_slave(struct xvf_out *out, const char *role, json_object *s)
{
	static const char *const counters[] = {
		"rx_packets", "rx_bytes", "tx_packets", "tx_bytes",
		"rx_dropped", "tx_dropped",
	};
	static const char *const counter_fmt[] = {
		" rx %s packets", " %s bytes,", " tx %s packets", " %s bytes,",
		" dropped rx %s", " tx %s\n",
	};
	json_object *c;
	unsigned int i;

	if (!open_labelled(out, role, "  %-8s", role, s))
		return;
	out_str(out, s, "name", " %-12s");
	out_int(out, s, "ifindex", "");
	out_str(out, s, "driver", " driver %-8s");
	out_str(out, s, "pci", " pci %-12s");
	out_str(out, s, "mac", " mac %s");
	out_bool(out, s, "carrier", " carrier %s", "up", "down");
	out_str(out, s, "operstate", "");
	out_int(out, s, "speed_mbps", " speed %s\n");
	c = get(s, "counters");
	xvf_out_open_object(out, "counters");
	xvf_out_text(out, "  %-8s", "");
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		out_int(out, c, counters[i], counter_fmt[i]);
	xvf_out_close(out);
	xvf_out_close(out);
}

static void print_exchange(struct xvf_out *out, const char *key,
			   const char *label, json_object *e)
{
	if (!open_labelled(out, key, "%-16s", label, e))
		return;
	out_int(out, e, "seq", " seq %s");
	out_str(out, e, "verb", " %s");
	out_str(out, e, "mac", " %s");
	out_str(out, e, "started", " at %s");
	out_str(out, e, "outcome", ": %s");
	if (get(e, "reason"))
		out_str(out, e, "reason", " %s");
	out_int(out, e, "on_path_ms", ", on path %s ms");
	out_int(out, e, "drain_polls", " (%s drain re-reads)");
	out_int(out, e, "tx_moved_ms", ", transmit moved %s ms");
	out_int(out, e, "replied_ms", ", replied %s ms\n");
	xvf_out_close(out);
}

static void print_pair(struct xvf_out *out, json_object *p)
{
	xvf_out_open_object(out, NULL);
	out_str(out, p, "master", "%s:");
	out_int(out, p, "ifindex", "");
	out_str(out, p, "mac", " mac %s,");
	out_str(out, p, "active", " transmit on %s,");
	out_bool(out, p, "hold", " hold %s,", "set", "off");
	out_int(out, p, "path_switches", " path switches %s,");
	out_int(out, p, "takeover_ms", " takeover %s ms,");
	out_int(out, p, "wait_ms", " wait %s ms,");
	out_str(out, p, "paired", " VF paired %s\n");
	print_slave(out, "vf", get(p, "vf"));
	print_slave(out, "standby", get(p, "standby"));
	xvf_out_close(out);
}

static void print_status(struct xvf_out *out, json_object *o)
{
	json_object *pairs = get(o, "pairs"), *mig = get(o, "migration");
	size_t i, n = pairs ? json_object_array_length(pairs) : 0;

	print_ok(out);
	out_str(out, o, "version", "xvfd %s,");
	out_int(out, o, "domid", " domain %s,");
	out_bool(out, o, "protocol", " protocol %s,", "spoken", "not offered by the host");
	out_int(out, o, "last_seq", " last request %s,");
	out_int(out, o, "failures", " failed exchanges %s\n");
	if (!n)
		xvf_out_text(out, "no failover interfaces (is xvf_failover loaded?)\n");
	xvf_out_open_array(out, "pairs");
	for (i = 0; i < n; i++)
		print_pair(out, json_object_array_get_idx(pairs, i));
	xvf_out_close(out);
	xvf_out_open_object(out, "migration");
	out_int(out, mig, "count", "migrations seen %s,");
	out_str(out, mig, "resumed", " last resumed %s\n");
	print_exchange(out, "prepare_detach", "prepare-detach", get(mig, "prepare_detach"));
	print_exchange(out, "attach", "attach", get(mig, "attach"));
	xvf_out_close(out);
}

static void print_history(struct xvf_out *out, json_object *o)
{
	json_object *list = get(o, "exchanges");
	size_t i, n = list ? json_object_array_length(list) : 0;
	char label[24];

	print_ok(out);
	if (!n)
		xvf_out_text(out, "no exchanges yet\n");
	xvf_out_open_array(out, "exchanges");
	for (i = 0; i < n; i++) {
		snprintf(label, sizeof(label), "#%zu", i + 1);
		print_exchange(out, NULL, label, json_object_array_get_idx(list, i));
	}
	xvf_out_close(out);
}

static void print_event(struct xvf_out *out, json_object *o)
{
	out_str(out, o, "time", "%s");
	out_str(out, o, "level", " %-7s");
	out_str(out, o, "event", " %-12s");
	out_str(out, o, "detail", " %s\n");
}

static void print_watching(struct xvf_out *out, json_object *o)
{
	(void)o;
	print_ok(out);
	/* Scripts wait for this line: from here on no event is missed. */
	xvf_out_text(out, "watching xvfd events (interrupt to stop)\n");
}

static void print_held(struct xvf_out *out, json_object *o)
{
	(void)o;
	print_ok(out);
	xvf_out_text(out, "hold set: transmit stays on netfront\n");
}

static void print_released(struct xvf_out *out, json_object *o)
{
	(void)o;
	print_ok(out);
	xvf_out_text(out, "hold released: transmit follows the VF\n");
}

static void print_version(struct xvf_out *out, json_object *o)
{
	print_ok(out);
	xvf_out_text(out, "xvfctl %s, ", XVFD_VERSION);
	out_str(out, o, "version", "xvfd %s,");
	out_int(out, o, "protocol", " protocol %s\n");
}

/* ---- the commands ---- */

struct request_args {
	const char *count;	/* -n, history only */
	int argc;		/* words after the command */
	char **argv;
};

/* Add the command's arguments to @req; NULL, or what is wrong. */
typedef const char *(*build_fn)(json_object *req, const struct request_args *a);
typedef void (*print_fn)(struct xvf_out *out, json_object *reply);

struct command {
	enum xvfd_cmd id;
	const char *args;
	const char *help;
	build_fn build;
	print_fn print;
	bool stream;		/* the answer is followed by events */
};

static const char *no_args(json_object *req, const struct request_args *a)
{
	(void)req;
	return a->argc ? "" : NULL;
}

static const char *master_arg(json_object *req, const struct request_args *a)
{
	if (a->argc != 1)
		return "hold and release need one failover interface, e.g. hold xfo0";
	json_object_object_add(req, "master", json_object_new_string(a->argv[0]));
	return NULL;
}

static const char *count_arg(json_object *req, const struct request_args *a)
{
	long count = 10;
	char *end;

	if (a->count) {
		count = strtol(a->count, &end, 10);
		if (!a->count[0] || *end || count < 1)
			return "-n wants a positive number";
	}
	if (a->argc)
		return "";
	json_object_object_add(req, "count", json_object_new_int((int)count));
	return NULL;
}

static const struct command commands[] = {
	{ XVFD_CMD_STATUS, "", "failover interfaces, paths, last migration",
	  no_args, print_status, false },
	{ XVFD_CMD_WATCH, "", "events as they happen (until interrupted)",
	  no_args, print_watching, true },
	{ XVFD_CMD_HISTORY, "[-n N]", "the last N exchanges with the host (default 10)",
	  count_arg, print_history, false },
	{ XVFD_CMD_HOLD, "MASTER", "keep transmit on netfront (root or group xvf)",
	  master_arg, print_held, false },
	{ XVFD_CMD_RELEASE, "MASTER", "let transmit return to the VF",
	  master_arg, print_released, false },
	{ XVFD_CMD_VERSION, "", "xvfctl's and xvfd's versions",
	  no_args, print_version, false },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	char left[32];
	size_t i;

	fprintf(f, "usage: xvfctl [-j] [-s SOCKET] COMMAND\n");
	for (i = 0; i < NCOMMANDS; i++) {
		snprintf(left, sizeof(left), "%s%s%s", xvfd_cmd_names[commands[i].id],
			 commands[i].args[0] ? " " : "", commands[i].args);
		fprintf(f, "  %-17s %s\n", left, commands[i].help);
	}
	fprintf(f, "  %-17s %s\n", "-j", "JSON output");
	fprintf(f, "  %-17s %s\n", "-s SOCKET",
		"xvfd's control socket (default " XVFD_SOCKET_PATH ")");
}

static const struct command *find_command(const char *name)
{
	enum xvfd_cmd id = xvfd_cmd_lookup(name);
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (commands[i].id == id)
			return &commands[i];
	return NULL;
}

/* A usage error: @msg (or the usage, if empty), exit status 2. */
static int bad_usage(const char *msg)
{
	if (msg[0])
		fprintf(stderr, "xvfctl: %s\n", msg);
	else
		usage(stderr);
	return 2;
}

/* One answer (or event) through the command's printer. */
static void print_reply(print_fn print, json_object *reply, bool one_line)
{
	struct xvf_out out;

	xvf_out_begin(&out, stdout, json_out);
	if (one_line)
		xvf_out_compact(&out);
	print(&out, reply);
	xvf_out_end(&out);
	fflush(stdout);
}

static int run(const struct command *c, json_object *req)
{
	json_object *reply, *ok;
	int fd = connect_daemon(), rc = 1;
	FILE *f;

	if (fd < 0)
		return 1;
	f = fdopen(fd, "r");
	if (!f || send_request(fd, req)) {
		if (f)
			fclose(f);
		else
			close(fd);
		return 1;
	}
	reply = read_reply(f);
	if (!reply) {
		fprintf(stderr, "xvfctl: no answer from xvfd\n");
		goto out;
	}
	if (!json_object_object_get_ex(reply, "ok", &ok) ||
	    !json_object_get_boolean(ok)) {
		char safe[XVF_ESCAPED_MAX];

		fprintf(stderr, "xvfctl: %s\n",
			xvf_escape(str(reply, "error"), safe, sizeof(safe)));
		json_object_put(reply);
		goto out;
	}
	print_reply(c->print, reply, c->stream);
	json_object_put(reply);
	rc = 0;
	if (!c->stream)
		goto out;
	while ((reply = read_reply(f))) {
		print_reply(print_event, reply, true);
		json_object_put(reply);
	}
	fprintf(stderr, "xvfctl: xvfd closed the connection\n");
	rc = 1;
out:
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	struct request_args a = { 0 };
	const struct command *c;
	const char *problem;
	json_object *req;
	int opt, rc;

	/* Options anywhere: "xvfctl -j status" and "xvfctl status -j". */
	while ((opt = getopt(argc, argv, "jn:s:h")) != -1) {
		switch (opt) {
		case 'j':
			json_out = true;
			break;
		case 'n':
			a.count = optarg;
			break;
		case 's':
			socket_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	c = find_command(argv[optind]);
	if (!c) {
		fprintf(stderr, "xvfctl: unknown command \"%s\"\n", argv[optind]);
		return bad_usage("");
	}
	if (a.count && c->id != XVFD_CMD_HISTORY)
		return bad_usage("-n goes with history");
	a.argc = argc - optind - 1;
	a.argv = argv + optind + 1;
	req = json_object_new_object();
	json_object_object_add(req, "cmd", json_object_new_string(xvfd_cmd_names[c->id]));
	problem = c->build(req, &a);
	rc = problem ? bad_usage(problem) : run(c, req);
	json_object_put(req);
	return rc;
}
