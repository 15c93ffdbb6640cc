// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udpseq: a sequence-numbered UDP stream, for counting what a path change
 * loses.
 *
 *   udpseq send ADDR PORT [RATE]   send RATE packets a second (default 100)
 *                                  to ADDR:PORT until killed
 *   udpseq flood ADDR PORT COUNT   send COUNT packets as fast as the socket
 *                                  takes them, wait (2 s at most) until the
 *                                  driver has sent them all, then print
 *                                  "flood sent=N seconds=S unsent_bytes=U"
 *   udpseq now                     print CLOCK_MONOTONIC in seconds, to the
 *                                  microsecond (busybox's date and
 *                                  /proc/uptime stop at 10 ms)
 *   udpseq recv PORT [GROUP]       receive (GROUP: also join that IPv4
 *                                  multicast group); print a snapshot line on SIGUSR1,
 *                                  one that also starts a new phase on
 *                                  SIGUSR2, and a last one on SIGTERM/SIGINT
 *
 * A sender may aim at a broadcast or multicast address (SO_BROADCAST is
 * set; a multicast one leaves by the route to it).
 *
 * Each datagram carries a magic and a 64-bit big-endian sequence number
 * starting at 1. The sender spends a number on every packet it tries to
 * send, even when sendto() fails (no route while a bond fails over, no
 * buffer), so the receiver sees every lost packet as a gap.
 *
 * A snapshot line is
 *   snapshot received=R highest=H duplicates=D gap_ms=G max_gap_ms=M reordered=O gap_skipped=S sock_dropped=K
 * R, H, D and O are totals since the start (O: packets that arrived for
 * the first time after a higher number had); G is the longest time between
 * two arrivals in the current phase (counting the time from the phase's
 * start to its first arrival and from the last arrival to this snapshot),
 * M the longest over the whole run. Polling with SIGUSR1 does not disturb
 * G; SIGUSR2 ends the phase after printing. A snapshot first takes what
 * the socket holds that arrived before it was asked for, so a reader
 * behind its stream still counts that in the phase. The packets lost
 * between two snapshots are (H2 - H1) - (R2 - R1). S is how many
 * numbers the packet that ended the gap G skipped (0 if G runs to the
 * snapshot): when G is a pause of the path, such as a guest paused by a
 * migration, S is what that pause lost, and the phase's other losses
 * happened outside it. K counts the datagrams the receiving socket
 * itself dropped, its buffer full: losses of the receiver, not of the
 * path (a sound measurement has none).
 *
 * With UDPSEQ_SKIPS=FILE in its environment, the receiver also appends
 * to FILE a line for each jump in the numbers,
 *   skip first=N count=C after_ms=T uptime=U
 * (T: the time since the arrival before; U: when, on /proc/uptime's
 * clock), and "phase-end highest=H" at each SIGUSR2, to tell where a
 * phase's losses happened.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "udpseq_wire.h"


static uint64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The senders' schedule (clock_nanosleep's clock). */
static uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/*
 * The receiver's clock for gaps: the kernel stamps each datagram with
 * CLOCK_REALTIME when it arrives (SO_TIMESTAMPNS), so a receiver that
 * reads its socket late (a dom0 busy with a migration's copy) still sees
 * when packets came; and the realtime clock goes on while the system is
 * suspended, as a Xen guest is for a migration's pause, where the
 * monotonic clock stops and the pause would not show as a gap. Snapshots
 * read the same clock. (The test systems do not step their clocks.)
 */
static uint64_t arrival_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

static int usage(void)
{
	fprintf(stderr, "usage: udpseq send ADDR PORT [RATE]\n"
			"       udpseq flood ADDR PORT COUNT\n"
			"       udpseq recv PORT [GROUP]\n"
			"       udpseq now\n");
	return 2;
}

static bool parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

static void ns_to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000u);
	ts->tv_nsec = (long)(ns % 1000000000u);
}

/* A UDP socket and the address @addr:@port; the exit status on error. */
static int open_sender(const char *addr, uint32_t port, struct sockaddr_in *to,
		       int *fd)
{
	*to = (struct sockaddr_in){ .sin_family = AF_INET,
				    .sin_port = htons((uint16_t)port) };
	if (inet_pton(AF_INET, addr, &to->sin_addr) != 1) {
		fprintf(stderr, "udpseq: not an IPv4 address: %s\n", addr);
		return 2;
	}
	*fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (*fd < 0) {
		perror("udpseq: socket");
		return 1;
	}
	if (setsockopt(*fd, SOL_SOCKET, SO_BROADCAST, &(int){ 1 }, sizeof(int))) {
		perror("udpseq: SO_BROADCAST");
		return 1;
	}
	return 0;
}

static int run_send(const char *addr, uint32_t port, uint32_t rate)
{
	struct sockaddr_in to;
	uint64_t period = 1000000000u / rate, next, seq;
	int fd, rc = open_sender(addr, port, &to, &fd);

	if (rc)
		return rc;
	next = now_ns();
	for (seq = 1;; seq++) {
		struct udpseq_packet p = { .magic = htonl(UDPSEQ_MAGIC),
					   .seq = htobe64(seq) };
		struct timespec ts;
		uint64_t now;

		/* A failed send is a lost packet: the number is spent. */
		(void)sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&to,
			     sizeof(to));
		next += period;
		now = now_ns();
		/*
		 * After a pause (the domain suspended for a save, the CPU
		 * starved) start the schedule afresh instead of bursting to
		 * catch up: the stream keeps its rate.
		 */
		if (now > next + period)
			next = now;
		ns_to_timespec(next, &ts);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
		       EINTR)
			;
	}
}

/*
 * Bytes of @fd's datagrams the stack still holds (queued in the qdisc or
 * in the driver's TX ring): each skb stays charged to the socket until the
 * driver's TX completion frees it.
 */
static int unsent_bytes(int fd)
{
	int n = 0;

	return ioctl(fd, SIOCOUTQ, &n) ? -1 : n;
}

/*
 * Until the driver has completed every datagram of @fd, for 2 s at most
 * (a path that stopped holds them for ever); what is left, in bytes.
 */
static int wait_sent(int fd)
{
	const struct timespec tick = { .tv_nsec = 100000 };
	uint64_t deadline = now_ns() + 2000000000u;
	int left;

	while ((left = unsent_bytes(fd)) > 0 && now_ns() < deadline)
		nanosleep(&tick, NULL);
	return left;
}

/*
 * Back to back: a full TX ring stops the queue, the socket then blocks,
 * so the rate is what the path sustains. Frames are 64 bytes on the wire.
 * The time ends when the last frame has left the driver, not when it
 * entered the qdisc: a deeper ring must not look like a faster one.
 */
static int run_flood(const char *addr, uint32_t port, uint32_t count)
{
	struct sockaddr_in to;
	uint64_t start, seq, sent = 0;
	int fd, left, rc = open_sender(addr, port, &to, &fd);

	if (rc)
		return rc;
	start = now_ns();
	for (seq = 1; seq <= count; seq++) {
		struct udpseq_packet p = { .magic = htonl(UDPSEQ_MAGIC),
					   .seq = htobe64(seq) };

		if (sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&to,
			   sizeof(to)) == (ssize_t)sizeof(p))
			sent++;
	}
	left = wait_sent(fd);
	printf("flood sent=%llu seconds=%.6f unsent_bytes=%d\n",
	       (unsigned long long)sent, (double)(now_ns() - start) / 1e9,
	       left);
	return 0;
}

struct udpseq_stats {
	uint64_t received, highest, duplicates, reordered;
	uint64_t last_arrival_ns, gap_ns, max_gap_ns;
	uint64_t gap_skipped;
	uint32_t sock_dropped;	/* the socket's own overflows (SO_RXQ_OVFL) */
	FILE *skips;		/* UDPSEQ_SKIPS, or NULL */
	uint8_t *seen;
	size_t seen_len;
};

/* Remember which numbers arrived, to tell a duplicate from a late packet. */
static bool mark_seen(struct udpseq_stats *st, uint64_t seq)
{
	size_t byte = (size_t)(seq / 8);
	uint8_t bit = (uint8_t)(1u << (seq % 8));

	if (byte >= st->seen_len) {
		size_t len = st->seen_len ? st->seen_len : 4096;
		uint8_t *grown;

		while (len <= byte)
			len *= 2;
		grown = realloc(st->seen, len);
		if (!grown)
			return false;
		memset(grown + st->seen_len, 0, len - st->seen_len);
		st->seen = grown;
		st->seen_len = len;
	}
	if (st->seen[byte] & bit) {
		st->duplicates++;
		return true;
	}
	st->seen[byte] |= bit;
	st->received++;
	if (seq > st->highest)
		st->highest = seq;
	else
		st->reordered++;
	return true;
}

/*
 * The time since the last arrival, ended at @now by a packet numbered
 * @seq (0: by a snapshot, nothing arrived). A new longest gap of the
 * phase also records how many numbers that packet skipped.
 */
static void note_gap(struct udpseq_stats *st, uint64_t now, uint64_t seq)
{
	uint64_t gap;

	/* A packet the kernel took before the phase began: no gap. */
	if (!st->last_arrival_ns || now <= st->last_arrival_ns)
		return;
	gap = now - st->last_arrival_ns;
	if (gap > st->gap_ns) {
		st->gap_ns = gap;
		st->gap_skipped = seq > st->highest ? seq - st->highest - 1 : 0;
	}
	if (gap > st->max_gap_ns)
		st->max_gap_ns = gap;
}

/* A packet numbered @seq arrived at @now: log the numbers it skipped. */
static void note_skip(struct udpseq_stats *st, uint64_t now, uint64_t seq)
{
	uint64_t uptime_ns;

	if (!st->skips || seq <= st->highest + 1)
		return;
	/* When, on the clock of /proc/uptime, to line it up with a log. */
	uptime_ns = clock_ns(CLOCK_BOOTTIME) - (arrival_ns() - now);
	fprintf(st->skips, "skip first=%llu count=%llu after_ms=%llu uptime=%.3f\n",
		(unsigned long long)(st->highest + 1),
		(unsigned long long)(seq - st->highest - 1),
		(unsigned long long)(st->last_arrival_ns && now > st->last_arrival_ns ?
				     (now - st->last_arrival_ns) / 1000000u : 0),
		(double)uptime_ns / 1e9);
	fflush(st->skips);
}

static void print_snapshot(struct udpseq_stats *st, bool new_phase)
{
	note_gap(st, arrival_ns(), 0);
	printf("snapshot received=%llu highest=%llu duplicates=%llu gap_ms=%llu max_gap_ms=%llu reordered=%llu gap_skipped=%llu sock_dropped=%u\n",
	       (unsigned long long)st->received,
	       (unsigned long long)st->highest,
	       (unsigned long long)st->duplicates,
	       (unsigned long long)(st->gap_ns / 1000000u),
	       (unsigned long long)(st->max_gap_ns / 1000000u),
	       (unsigned long long)st->reordered,
	       (unsigned long long)st->gap_skipped, st->sock_dropped);
	fflush(stdout);
	if (new_phase && st->skips) {
		fprintf(st->skips, "phase-end highest=%llu\n",
			(unsigned long long)st->highest);
		fflush(st->skips);
	}
	if (new_phase) {
		/* A phase's gaps count from its start, not from an arrival
		 * of the phase before. */
		if (st->last_arrival_ns)
			st->last_arrival_ns = arrival_ns();
		st->gap_ns = 0;
		st->gap_skipped = 0;
	}
}

/*
 * What the kernel says of @msg: when it arrived (SCM_TIMESTAMPNS; else
 * now), and how many datagrams the socket has dropped so far for want of
 * buffer space (SO_RXQ_OVFL), which is the receiver's loss, not the
 * path's.
 */
static uint64_t kernel_arrival_ns(struct msghdr *msg, struct udpseq_stats *st)
{
	uint64_t when = 0;
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		struct timespec ts;

		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SO_RXQ_OVFL) {
			memcpy(&st->sock_dropped, CMSG_DATA(c), sizeof(st->sock_dropped));
		} else if (c->cmsg_type == SCM_TIMESTAMPNS) {
			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			when = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		}
	}
	return when ? when : arrival_ns();
}

/*
 * Take one datagram from @fd (@flags: MSG_DONTWAIT to not wait for one):
 * 1 if one was taken, 0 if none was there, -1 on an error.
 */
static int receive_one(int fd, struct udpseq_stats *st, int flags)
{
	struct udpseq_packet p;
	union {
		char buf[CMSG_SPACE(sizeof(struct timespec)) +
			 CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = &p, .iov_len = sizeof(p) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	ssize_t n = recvmsg(fd, &msg, flags);
	uint64_t now;

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	now = kernel_arrival_ns(&msg, st);
	if (n != (ssize_t)sizeof(p) || ntohl(p.magic) != UDPSEQ_MAGIC)
		return 1;
	note_gap(st, now, be64toh(p.seq));
	note_skip(st, now, be64toh(p.seq));
	if (now > st->last_arrival_ns)
		st->last_arrival_ns = now;
	return mark_seen(st, be64toh(p.seq)) ? 1 : -1;
}

/*
 * Take the datagrams the kernel already holds: they arrived before the
 * snapshot was asked for, so they belong to the phase it ends, however
 * late the reader gets to them. Stops at the first that arrived after
 * (a stream faster than the reader would never let the queue run dry).
 */
static int receive_queued(int fd, struct udpseq_stats *st)
{
	uint64_t asked = arrival_ns();
	int rc;

	do
		rc = receive_one(fd, st, MSG_DONTWAIT);
	while (rc > 0 && st->last_arrival_ns <= asked);
	return rc < 0 ? rc : 0;
}

static int open_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* Join @group (dotted IPv4) on the interface the route to it names. */
static int join_group(int sock, const char *group)
{
	struct ip_mreqn mreq = { .imr_address.s_addr = htonl(INADDR_ANY) };

	if (inet_pton(AF_INET, group, &mreq.imr_multiaddr) != 1) {
		fprintf(stderr, "udpseq: not an IPv4 address: %s\n", group);
		return -1;
	}
	if (setsockopt(sock, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq))) {
		perror("udpseq: IP_ADD_MEMBERSHIP");
		return -1;
	}
	return 0;
}

/*
 * A receive buffer that holds seconds of a stream: a receiver not
 * scheduled for a while (dom0 busy copying a migrating guest) must not
 * lose what the path delivered. UDPSEQ_RCVBUF=BYTES sets another size
 * (the tests' own check of the overflow count). Root may exceed
 * rmem_max (SO_RCVBUFFORCE); others get what rmem_max allows.
 */
static int set_receive_buffer(int sock)
{
	const char *env = getenv("UDPSEQ_RCVBUF");
	int bytes = env ? atoi(env) : 8 << 20;

	if (!setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)))
		return 0;
	if (!setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		return 0;
	perror("udpseq: SO_RCVBUF");
	return -1;
}

static int run_recv(uint32_t port, const char *group)
{
	struct sockaddr_in me = { .sin_family = AF_INET,
				  .sin_port = htons((uint16_t)port),
				  .sin_addr.s_addr = htonl(INADDR_ANY) };
	struct udpseq_stats st = { 0 };
	const char *skips = getenv("UDPSEQ_SKIPS");
	struct pollfd pfd[2];
	int sock, sig, rc = 1;

	if (skips && !(st.skips = fopen(skips, "a"))) {
		perror(skips);
		return 1;
	}
	sig = open_signals();
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sig < 0 || sock < 0) {
		perror("udpseq: socket");
		goto out;
	}
	if (setsockopt(sock, SOL_SOCKET, SO_TIMESTAMPNS, &(int){ 1 }, sizeof(int)) ||
	    setsockopt(sock, SOL_SOCKET, SO_RXQ_OVFL, &(int){ 1 }, sizeof(int))) {
		perror("udpseq: SO_TIMESTAMPNS/SO_RXQ_OVFL");
		goto out;
	}
	if (set_receive_buffer(sock))
		goto out;
	if (bind(sock, (struct sockaddr *)&me, sizeof(me))) {
		perror("udpseq: bind");
		goto out;
	}
	if (group && join_group(sock, group))
		goto out;
	printf("listening port=%u\n", port);
	fflush(stdout);
	pfd[0] = (struct pollfd){ .fd = sock, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = sig, .events = POLLIN };
	for (;;) {
		struct signalfd_siginfo si;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("udpseq: poll");
			goto out;
		}
		if ((pfd[0].revents & POLLIN) && receive_one(sock, &st, 0) < 0) {
			perror("udpseq: recv");
			goto out;
		}
		if (!(pfd[1].revents & POLLIN))
			continue;
		if (read(sig, &si, sizeof(si)) != (ssize_t)sizeof(si))
			continue;
		if (receive_queued(sock, &st) < 0) {
			perror("udpseq: recv");
			goto out;
		}
		print_snapshot(&st, si.ssi_signo == SIGUSR2);
		if (si.ssi_signo != SIGUSR1 && si.ssi_signo != SIGUSR2) {
			rc = 0;
			goto out;
		}
	}
out:
	free(st.seen);
	if (st.skips)
		fclose(st.skips);
	if (sock >= 0)
		close(sock);
	if (sig >= 0)
		close(sig);
	return rc;
}

int main(int argc, char **argv)
{
	uint32_t port, rate = 100;

	if (argc >= 4 && argc <= 5 && !strcmp(argv[1], "send")) {
		if (!parse_u32(argv[3], 1, 65535, &port) ||
		    (argc == 5 && !parse_u32(argv[4], 1, 100000, &rate)))
			return usage();
		return run_send(argv[2], port, rate);
	}
	if (argc == 5 && !strcmp(argv[1], "flood")) {
		uint32_t count;

		if (!parse_u32(argv[3], 1, 65535, &port) ||
		    !parse_u32(argv[4], 1, 100000000, &count))
			return usage();
		return run_flood(argv[2], port, count);
	}
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%.6f\n", (double)now_ns() / 1e9);
		return 0;
	}
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "recv")) {
		if (!parse_u32(argv[2], 1, 65535, &port))
			return usage();
		return run_recv(port, argc == 4 ? argv[3] : NULL);
	}
	return usage();
}
