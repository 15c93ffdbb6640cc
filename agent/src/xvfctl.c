// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xvfctl: the admin's view of xvfd.  It sends one JSON request over the
 * control socket and prints the answer as text, or as it came with -j
 * (in the spirit of ip -j).
 *
 *   xvfctl [-j] [-s SOCKET] status | watch | history [-n N] |
 *          hold MASTER | release MASTER | version
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"

static const char *socket_path = XVFD_SOCKET_PATH;
static bool json_out;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xvfctl [-j] [-s SOCKET] COMMAND\n"
		"  status            failover interfaces, paths, last migration\n"
		"  watch             events as they happen (until interrupted)\n"
		"  history [-n N]    the last N exchanges with the host (default 10)\n"
		"  hold MASTER       keep transmit on netfront (root or group xvf)\n"
		"  release MASTER    let transmit return to the VF\n"
		"  version           xvfctl's and xvfd's versions\n"
		"  -j                JSON output\n"
		"  -s SOCKET         xvfd's control socket (default " XVFD_SOCKET_PATH ")\n");
}

/* A usage error: @msg (or the usage), exit status 2. */
static int bad_usage(json_object *req, const char *msg)
{
	json_object_put(req);
	if (msg)
		fprintf(stderr, "xvfctl: %s\n", msg);
	else
		usage(stderr);
	return 2;
}

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

static const char *str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "-";
	return json_object_get_string(v);
}

static int64_t num(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static void print_slave(const char *role, json_object *s)
{
	json_object *c;

	if (!s) {
		printf("  %-8s none\n", role);
		return;
	}
	c = get(s, "counters");
	printf("  %-8s %-12s driver %-8s pci %-12s mac %s carrier %s speed %s\n",
	       role, str(s, "name"), str(s, "driver"),
	       str(s, "pci")[0] ? str(s, "pci") : "-", str(s, "mac"),
	       json_object_get_boolean(get(s, "carrier")) ? "up" : "down",
	       str(s, "speed_mbps"));
	printf("  %-8s rx %lld packets %lld bytes, tx %lld packets %lld bytes, dropped rx %lld tx %lld\n",
	       "", (long long)num(c, "rx_packets"), (long long)num(c, "rx_bytes"),
	       (long long)num(c, "tx_packets"), (long long)num(c, "tx_bytes"),
	       (long long)num(c, "rx_dropped"), (long long)num(c, "tx_dropped"));
}

static void print_exchange(const char *label, json_object *e)
{
	if (!e) {
		printf("%-16s none\n", label);
		return;
	}
	printf("%-16s seq %lld %s %s at %s: %s%s%s, transmit moved %s ms, replied %s ms\n",
	       label, (long long)num(e, "seq"), str(e, "verb"), str(e, "mac"),
	       str(e, "started"), str(e, "outcome"),
	       get(e, "reason") ? " " : "", get(e, "reason") ? str(e, "reason") : "",
	       str(e, "tx_moved_ms"), str(e, "replied_ms"));
}

static void print_status(json_object *o)
{
	json_object *pairs = get(o, "pairs"), *mig = get(o, "migration");
	size_t i, n = pairs ? json_object_array_length(pairs) : 0;

	printf("xvfd %s, domain %lld, protocol %s, last request %lld, failed exchanges %lld\n",
	       str(o, "version"), (long long)num(o, "domid"),
	       json_object_get_boolean(get(o, "protocol")) ? "spoken" :
							      "not offered by the host",
	       (long long)num(o, "last_seq"), (long long)num(o, "failures"));
	if (!n)
		printf("no failover interfaces (is xvf_failover loaded?)\n");
	for (i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(pairs, i);

		printf("%s: mac %s, transmit on %s, hold %s, path switches %lld, VF paired %s\n",
		       str(p, "master"), str(p, "mac"), str(p, "active"),
		       json_object_get_boolean(get(p, "hold")) ? "set" : "off",
		       (long long)num(p, "path_switches"), str(p, "paired"));
		print_slave("vf", get(p, "vf"));
		print_slave("standby", get(p, "standby"));
	}
	printf("migrations seen %lld, last resumed %s\n", (long long)num(mig, "count"),
	       str(mig, "resumed"));
	print_exchange("prepare-detach", get(mig, "prepare_detach"));
	print_exchange("attach", get(mig, "attach"));
}

static void print_history(json_object *o)
{
	json_object *list = get(o, "exchanges");
	size_t i, n = list ? json_object_array_length(list) : 0;

	if (!n)
		printf("no exchanges yet\n");
	for (i = 0; i < n; i++) {
		char label[24];

		snprintf(label, sizeof(label), "#%zu", i + 1);
		print_exchange(label, json_object_array_get_idx(list, i));
	}
}

static void print_event(json_object *o)
{
	printf("%s %-7s %-12s %s\n", str(o, "time"), str(o, "level"),
	       str(o, "event"), str(o, "detail"));
	fflush(stdout);
}

static int run(json_object *req, const char *cmd)
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
		fprintf(stderr, "xvfctl: %s\n", str(reply, "error"));
		json_object_put(reply);
		goto out;
	}
	rc = 0;
	if (!strcmp(cmd, "watch")) {
		/* The first line says the subscription stands: from here on
		 * no event is missed (scripts wait for it). */
		if (json_out)
			printf("%s\n", json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN));
		else
			printf("watching xvfd events (interrupt to stop)\n");
		fflush(stdout);
		json_object_put(reply);
		while ((reply = read_reply(f))) {
			if (json_out)
				printf("%s\n", json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN));
			else
				print_event(reply);
			fflush(stdout);
			json_object_put(reply);
		}
		fprintf(stderr, "xvfctl: xvfd closed the connection\n");
		rc = 1;
		goto out;
	}
	if (json_out)
		printf("%s\n", json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PRETTY));
	else if (!strcmp(cmd, "status"))
		print_status(reply);
	else if (!strcmp(cmd, "history"))
		print_history(reply);
	else if (!strcmp(cmd, "hold") || !strcmp(cmd, "release"))
		printf("%s\n", cmd[0] == 'h' ? "hold set: transmit stays on netfront" :
			 "hold released: transmit follows the VF");
	else if (!strcmp(cmd, "version"))
		printf("xvfctl %s, xvfd %s, protocol %lld\n", XVFD_VERSION,
		       str(reply, "version"), (long long)num(reply, "protocol"));
	json_object_put(reply);
out:
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd, *count_arg = NULL;
	json_object *req;
	long count = 10;
	char *end;
	int opt, rc;

	/* Options anywhere: "xvfctl -j status" and "xvfctl status -j". */
	while ((opt = getopt(argc, argv, "jn:s:h")) != -1) {
		switch (opt) {
		case 'j':
			json_out = true;
			break;
		case 'n':
			count_arg = optarg;
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
	cmd = argv[optind++];
	req = json_object_new_object();
	json_object_object_add(req, "cmd", json_object_new_string(cmd));
	if (count_arg && strcmp(cmd, "history"))
		return bad_usage(req, "-n goes with history");
	if (!strcmp(cmd, "hold") || !strcmp(cmd, "release")) {
		if (optind + 1 != argc)
			return bad_usage(req, "hold and release need one failover interface, e.g. hold xfo0");
		json_object_object_add(req, "master", json_object_new_string(argv[optind]));
	} else if (!strcmp(cmd, "history")) {
		if (count_arg) {
			count = strtol(count_arg, &end, 10);
			if (!count_arg[0] || *end || count < 1)
				return bad_usage(req, "-n wants a positive number");
		}
		if (optind != argc)
			return bad_usage(req, NULL);
		json_object_object_add(req, "count", json_object_new_int((int)count));
	} else if (strcmp(cmd, "status") && strcmp(cmd, "watch") &&
		   strcmp(cmd, "version")) {
		fprintf(stderr, "xvfctl: unknown command \"%s\"\n", cmd);
		return bad_usage(req, NULL);
	} else if (optind != argc) {
		return bad_usage(req, NULL);
	}
	rc = run(req, cmd);
	json_object_put(req);
	return rc;
}
