// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The whole exchange between the host and the guest state machines over
 * a real xenstore connection (libxenstore), as dom0 and as the guest:
 * requests and replies travel through xenstore nodes with the protocol's
 * permissions and are picked up by watches. The hypervisor's part (detach,
 * migrate, attach) and the guest's data path are stand-ins here; the Xen
 * test tier does them for real. Prints TAP.
 *
 *   xs_roundtrip DOM0_SOCKET GUEST_SOCKET GUEST_DOMID
 *
 * Run against xvf-test-xenstored (tests/xenstore-server).
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenstore.h>

#include "xvfproto/machine.h"

static const struct xvfp_mac M = { .octet = { 0x02, 0x58, 0x56, 0x46, 0, 1 } };

/* What the stand-in hypervisor and guest do in a scenario. */
struct script {
	const char *name;
	bool guest_answers;	/* the guest agent runs */
	bool migration_ok;
	bool vf_shows_up;	/* the attached VF appears in the guest */
	enum xvfp_ack want_prepare, want_confirm;
	bool want_migrated;
	const char *want_state;	/* data/xvf/state at the end */
};

struct bed {
	const struct script *s;
	struct xs_handle *host, *guest;
	char home[64], req_path[96], reply_path[96];
	struct xvfp_host h;
	struct xvfp_guest g;
	bool vf_due;		/* the attach happened; the VF is on its way */
	int failures, number;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void ok(struct bed *b, bool cond, const char *what)
{
	b->number++;
	printf("%sok %d - %s-%s\n", cond ? "" : "not ", b->number, b->s->name,
	       what);
	if (!cond)
		b->failures++;
}

static struct xs_handle *open_as(const char *socket)
{
	setenv("XENSTORED_PATH", socket, 1);
	return xs_open(0);
}

static char *read_node(struct xs_handle *xs, const char *path)
{
	unsigned int len;

	return xs_read(xs, XBT_NULL, path, &len);
}

static bool write_node(struct xs_handle *xs, const char *path, const char *v)
{
	return xs_write(xs, XBT_NULL, path, v, (unsigned int)strlen(v));
}

/* dom0's part of setting up a guest's home, as the host tool does it. */
static bool host_prepare_home(struct bed *b, unsigned int domid)
{
	struct xs_permissions ro[2] = {
		{ .id = 0, .perms = XS_PERM_NONE },
		{ .id = domid, .perms = XS_PERM_READ },
	};
	struct xs_permissions owned = { .id = domid, .perms = XS_PERM_NONE };
	char path[128];

	snprintf(path, sizeof(path), "%s/data", b->home);
	if (!xs_mkdir(b->host, XBT_NULL, b->home) ||
	    !xs_set_permissions(b->host, XBT_NULL, b->home, ro, 2) ||
	    !xs_mkdir(b->host, XBT_NULL, path) ||
	    !xs_set_permissions(b->host, XBT_NULL, path, &owned, 1))
		return false;
	snprintf(path, sizeof(path), "%s/xvf/version", b->home);
	return xs_mkdir(b->host, XBT_NULL, path) &&
	       xs_set_permissions(b->host, XBT_NULL, path, ro, 2) &&
	       write_node(b->host, path, "1");
}

static void guest_do(struct bed *b, struct xvfp_actions *out);

/*
 * Carry out a host action list in order, then feed back what the stand-in
 * hypervisor did: a machine's next event comes only after its whole list
 * (machine.h).
 */
static void host_do(struct bed *b, struct xvfp_actions *out)
{
	const struct xvfp_pci_addr slot0 = { 0 };
	struct xvfp_actions next, gout;
	enum xvfp_action_kind done = XVFP_ACT_FINISHED;
	unsigned int i;

	for (i = 0; i < out->n; i++) {
		switch (out->a[i].kind) {
		case XVFP_ACT_WRITE_REQUEST:
			write_node(b->host, b->req_path, out->a[i].text);
			break;
		case XVFP_ACT_DETACH_VF:
		case XVFP_ACT_MIGRATE:
		case XVFP_ACT_ATTACH_VF:
			done = out->a[i].kind;
			break;
		default:
			break;
		}
	}
	switch (done) {
	case XVFP_ACT_DETACH_VF:
		if (b->s->guest_answers) {
			xvfp_guest_vf_gone(&b->g, &M, &gout);
			guest_do(b, &gout);
		}
		xvfp_host_detached(&b->h, true, now_ms(), &next);
		host_do(b, &next);
		break;
	case XVFP_ACT_MIGRATE:
		xvfp_host_migrated(&b->h, b->s->migration_ok, &next);
		host_do(b, &next);
		break;
	case XVFP_ACT_ATTACH_VF:
		b->vf_due = b->s->vf_shows_up;
		xvfp_host_vf_attached(&b->h, &slot0, now_ms(), &next);
		host_do(b, &next);
		break;
	default:
		break;
	}
}

static void guest_do(struct bed *b, struct xvfp_actions *out)
{
	struct xvfp_action switches[XVFP_MAX_ACTIONS];
	struct xvfp_actions next;
	unsigned int i, nswitch = 0;

	for (i = 0; i < out->n; i++) {
		const struct xvfp_action *a = &out->a[i];

		if (a->kind == XVFP_ACT_SWITCH_TX)
			switches[nswitch++] = *a;
		else if (a->kind == XVFP_ACT_WRITE_REPLY)
			write_node(b->guest, "data/xvf/reply", a->text);
		else if (a->kind == XVFP_ACT_WRITE_STATE)
			write_node(b->guest, "data/xvf/state", a->text);
	}
	/* The data path is the failover module's: here every switch works. */
	for (i = 0; i < nswitch; i++) {
		xvfp_guest_tx_done(&b->g, &switches[i].mac, switches[i].path,
				   true, &next);
		guest_do(b, &next);
	}
}

/* A watch fired: feed the node it names to its machine. */
static void on_host_watch(struct bed *b)
{
	unsigned int n;
	char **ev = xs_read_watch(b->host, &n);
	char *text = ev ? read_node(b->host, b->reply_path) : NULL;
	struct xvfp_actions out;

	if (text) {
		xvfp_host_reply(&b->h, text, now_ms(), &out);
		host_do(b, &out);
	}
	free(text);
	free(ev);
}

static void on_guest_watch(struct bed *b)
{
	unsigned int n;
	char **ev = xs_read_watch(b->guest, &n);
	char *text = ev ? read_node(b->guest, "xvf/request") : NULL;
	struct xvfp_actions out;

	if (text && b->s->guest_answers) {
		xvfp_guest_request(&b->g, text, now_ms(), &out);
		guest_do(b, &out);
		/* The VF arrives after the attach request has been seen. */
		if (b->vf_due && b->g.pair[0].mode == XVFP_PAIR_PAIRING) {
			b->vf_due = false;
			xvfp_guest_vf_up(&b->g, &M, &out);
			guest_do(b, &out);
		}
	}
	free(text);
	free(ev);
}

static int poll_timeout(const struct bed *b)
{
	uint64_t next = xvfp_guest_next_deadline(&b->g), now = now_ms();

	if (b->h.phase == XVFP_HOST_PREPARING || b->h.phase == XVFP_HOST_CONFIRMING)
		next = b->h.deadline_ms < next ? b->h.deadline_ms : next;
	if (next == UINT64_MAX)
		return 1000;
	return next <= now ? 0 : (int)(next - now);
}

static void run(struct bed *b, uint64_t limit_ms)
{
	struct pollfd pfd[2] = {
		{ .fd = xs_fileno(b->host), .events = POLLIN },
		{ .fd = xs_fileno(b->guest), .events = POLLIN },
	};
	uint64_t end = now_ms() + limit_ms;
	struct xvfp_actions out;

	while (b->h.phase != XVFP_HOST_DONE && now_ms() < end) {
		if (poll(pfd, 2, poll_timeout(b)) < 0 && errno != EINTR)
			return;
		if (pfd[0].revents & POLLIN)
			on_host_watch(b);
		if (pfd[1].revents & POLLIN)
			on_guest_watch(b);
		xvfp_host_tick(&b->h, now_ms(), &out);
		host_do(b, &out);
		if (b->s->guest_answers) {
			xvfp_guest_tick(&b->g, now_ms(), &out);
			guest_do(b, &out);
		}
	}
}

/* One scenario; returns its failed checks. @number numbers the TAP lines. */
static int scenario(const struct script *s, const char *dom0_sock,
		    const char *guest_sock, unsigned int domid, int *number)
{
	struct bed b = { .s = s, .number = *number };
	char *versions = NULL, *features = NULL, *state;
	char path[128];
	struct xvfp_actions out;

	snprintf(b.home, sizeof(b.home), "/local/domain/%u", domid);
	snprintf(b.req_path, sizeof(b.req_path), "%s/xvf/request", b.home);
	snprintf(b.reply_path, sizeof(b.reply_path), "%s/data/xvf/reply", b.home);
	b.host = open_as(dom0_sock);
	b.guest = open_as(guest_sock);
	if (!b.host || !b.guest) {
		printf("Bail out! cannot connect: %s\n", strerror(errno));
		exit(1);
	}
	xs_rm(b.host, XBT_NULL, b.home);
	ok(&b, host_prepare_home(&b, domid), "host-sets-up-home");
	xvfp_guest_init(&b.g);
	b.g.pairing_ms = 600;
	xvfp_guest_add_pair(&b.g, &M, true, XVFP_PATH_VF);
	if (s->guest_answers) {
		write_node(b.guest, "data/xvf/version", "1");
		write_node(b.guest, "data/xvf/features", "tx-switch pair-by-mac");
		ok(&b, !write_node(b.guest, "xvf/request", "1 attach") &&
		       errno == EACCES, "guest-cannot-forge-requests");
	}
	snprintf(path, sizeof(path), "%s/data/xvf/version", b.home);
	versions = read_node(b.host, path);
	snprintf(path, sizeof(path), "%s/data/xvf/features", b.home);
	features = read_node(b.host, path);
	/* The guest in the silent scenario speaks the protocol, but its
	 * agent is stuck: advertise for it so the host asks and waits. */
	xvfp_host_init(&b.h, &M, 1, versions ? versions : "1",
		       features ? features : "tx-switch");
	b.h.prepare_ms = 400;
	b.h.confirm_ms = 900;
	xs_watch(b.guest, "xvf/request", "req");
	xs_watch(b.host, b.reply_path, "reply");
	xvfp_host_start(&b.h, now_ms(), &out);
	host_do(&b, &out);
	run(&b, 10000);
	ok(&b, b.h.phase == XVFP_HOST_DONE, "exchange-finishes");
	ok(&b, b.h.outcome.prepare == s->want_prepare, "prepare-outcome");
	ok(&b, b.h.outcome.confirm == s->want_confirm, "confirm-outcome");
	ok(&b, b.h.outcome.migrated == s->want_migrated, "migrated-outcome");
	snprintf(path, sizeof(path), "%s/data/xvf/state", b.home);
	state = read_node(b.host, path);
	if (s->want_state && (!state || strcmp(state, s->want_state)))
		printf("# state is \"%s\"\n", state ? state : "(none)");
	ok(&b, s->want_state ? state && !strcmp(state, s->want_state) : !state,
	   "guest-state");
	free(state);
	free(versions);
	free(features);
	xs_close(b.host);
	xs_close(b.guest);
	*number = b.number;
	return b.failures;
}

int main(int argc, char **argv)
{
	static const struct script scripts[] = {
		{ "migration", true, true, true, XVFP_ACK_OK, XVFP_ACK_OK, true,
		  "02:58:56:46:00:01 vf" },
		{ "abort", true, false, true, XVFP_ACK_OK, XVFP_ACK_OK, false,
		  "02:58:56:46:00:01 vf" },
		{ "vf-never-appears", true, true, false, XVFP_ACK_OK,
		  XVFP_ACK_FAILED, true, "02:58:56:46:00:01 netfront" },
		{ "silent-guest", false, true, true, XVFP_ACK_TIMEOUT,
		  XVFP_ACK_TIMEOUT, true, NULL },
	};
	unsigned int i, domid;
	int failures = 0, number = 0;

	if (argc != 4 || sscanf(argv[3], "%u", &domid) != 1) {
		fprintf(stderr, "usage: xs_roundtrip DOM0_SOCKET GUEST_SOCKET DOMID\n");
		return 2;
	}
	printf("1..%u\n", 4 * 7 - 1);
	for (i = 0; i < 4; i++)
		failures += scenario(&scripts[i], argv[1], argv[2], domid,
				     &number);
	return failures ? 1 : 0;
}
