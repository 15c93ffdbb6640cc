// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * benchpeer: the peer of vm/driver-bench, on the host's own CPUs and
 * network stack, outside the guest whose VF driver is measured. It sits
 * at the other end of the igb model's wire (a tap, tests/vm/run.sh's
 * igb-tap-peer) and answers the guest's wget over HTTP/1.0:
 *
 *   benchpeer ADDR BLOB     listen on ADDR, TCP 7000 and UDP 6000
 *
 *   GET /blob                    the file BLOB (the guest's TCP receive)
 *   GET /fetch/PORT/PATH         fetch http://<asker>:PORT/PATH; answer
 *                                "bytes=N seconds=S sha256=HEX" (the
 *                                guest's TCP transmit, timed here)
 *   GET /udp-reset               zero the UDP 6000 sink; answer "ok"
 *   GET /udp-count               "received=N seconds=S": udpseq datagrams
 *                                the sink took since the reset, and the
 *                                time from the first to the last
 *   GET /flood/PORT/RATE/SECS    udpseq datagrams (64-byte frames) to
 *                                <asker>:PORT at RATE a second for SECS
 *                                seconds; answer "sent=N seconds=S"
 *
 * One request at a time: the guest asks, waits for the answer, asks the
 * next; /blob alone is served by a child of its own, so that several
 * transfers can run at once (ixgbe/rss-bench's flows). The sink is
 * drained whenever no request is being served, into a socket buffer
 * large enough for what arrives meanwhile.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "udpseq_wire.h"

#define CONTROL_PORT 7000
#define SINK_PORT 6000
#define REQUEST_MAX 1024
#define IO_TIMEOUT_S 60

struct sink {
	int fd;
	uint64_t received;
	uint64_t first_ns, last_ns;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double seconds_since(uint64_t start_ns)
{
	return (double)(now_ns() - start_ns) / 1e9;
}

static int bound_socket(int type, struct in_addr addr, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = addr,
				  .sin_port = htons(port) };
	int fd = socket(AF_INET, type, 0);

	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "benchpeer: %s port %u: %s\n",
			type == SOCK_STREAM ? "TCP" : "UDP", port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Everything queued on the sink, counted without blocking. */
static void sink_drain(struct sink *s)
{
	struct udpseq_packet p[64];
	struct mmsghdr msgs[64];
	struct iovec iov[64];
	int i, n;

	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < 64; i++) {
		iov[i] = (struct iovec){ .iov_base = &p[i], .iov_len = sizeof(p[i]) };
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	while ((n = recvmmsg(s->fd, msgs, 64, MSG_DONTWAIT, NULL)) > 0) {
		uint64_t t = now_ns();

		for (i = 0; i < n; i++) {
			if (msgs[i].msg_len != sizeof(p[i]) ||
			    ntohl(p[i].magic) != UDPSEQ_MAGIC)
				continue;
			if (!s->received++)
				s->first_ns = t;
			s->last_ns = t;
		}
	}
}

static bool send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static void answer(int fd, const char *status, const char *body)
{
	char head[128];

	snprintf(head, sizeof(head),
		 "HTTP/1.0 %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n",
		 status, strlen(body));
	if (send_all(fd, head, strlen(head)))
		send_all(fd, body, strlen(body));
}

static void serve_blob(int fd, const char *blob)
{
	int in = open(blob, O_RDONLY);
	struct stat st;
	char head[128];
	off_t off = 0;

	if (in < 0 || fstat(in, &st)) {
		answer(fd, "500 Internal Server Error", "no blob\n");
		if (in >= 0)
			close(in);
		return;
	}
	snprintf(head, sizeof(head),
		 "HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %lld\r\n\r\n",
		 (long long)st.st_size);
	if (send_all(fd, head, strlen(head)))
		while (off < st.st_size &&
		       sendfile(fd, in, &off, (size_t)(st.st_size - off)) > 0)
			;
	close(in);
}

/*
 * Datagrams at @rate a second for @secs seconds: each wake-up sends
 * what the schedule owes by then, so the rate holds whatever the sleep's
 * granularity. A send the host refuses (its tap queue full) is counted
 * as not sent; its number is spent, as udpseq's senders do.
 */
static void serve_flood(int fd, struct sockaddr_in to, uint32_t rate, uint32_t secs)
{
	uint64_t start, due, seq = 0, sent = 0, end_ns;
	int out = socket(AF_INET, SOCK_DGRAM, 0);
	char body[96];

	if (out < 0 || connect(out, (struct sockaddr *)&to, sizeof(to))) {
		answer(fd, "500 Internal Server Error", "no socket\n");
		if (out >= 0)
			close(out);
		return;
	}
	start = now_ns();
	end_ns = (uint64_t)secs * 1000000000u;
	for (;;) {
		uint64_t elapsed = now_ns() - start;

		if (elapsed >= end_ns)
			break;
		due = elapsed * rate / 1000000000u;
		while (seq < due) {
			struct udpseq_packet p = { .magic = htonl(UDPSEQ_MAGIC),
						   .seq = htobe64(++seq) };

			if (send(out, &p, sizeof(p), 0) == (ssize_t)sizeof(p))
				sent++;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 200000 }, NULL);
	}
	close(out);
	snprintf(body, sizeof(body), "sent=%llu seconds=%.3f\n",
		 (unsigned long long)sent, seconds_since(start));
	answer(fd, "200 OK", body);
}

/* The body of an HTTP/1.0 GET, hashed as it arrives. */
static void serve_fetch(int fd, struct sockaddr_in from, uint16_t port, const char *path)
{
	struct sockaddr_in to = from;
	char buf[65536], req[REQUEST_MAX + 32], body[160], hex[65];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0, i;
	uint64_t start, bytes = 0;
	bool in_body = false, ok = false;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t held = 0;
	int in;

	to.sin_port = htons(port);
	in = socket(AF_INET, SOCK_STREAM, 0);
	snprintf(req, sizeof(req), "GET /%s HTTP/1.0\r\n\r\n", path);
	start = now_ns();
	if (!ctx || in < 0 || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ||
	    connect(in, (struct sockaddr *)&to, sizeof(to)) ||
	    !send_all(in, req, strlen(req)))
		goto out;
	for (;;) {
		ssize_t n = recv(in, buf + held, sizeof(buf) - held, 0);
		char *end;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		if (in_body) {
			bytes += (uint64_t)n;
			EVP_DigestUpdate(ctx, buf, (size_t)n);
			continue;
		}
		held += (size_t)n;
		end = memmem(buf, held, "\r\n\r\n", 4);
		if (!end) {
			if (held == sizeof(buf))
				goto out;
			continue;
		}
		if (strncmp(buf, "HTTP/1.0 200", 12) && strncmp(buf, "HTTP/1.1 200", 12))
			goto out;
		in_body = true;
		end += 4;
		bytes = (uint64_t)(buf + held - end);
		EVP_DigestUpdate(ctx, end, bytes);
		held = 0;
	}
	ok = in_body && EVP_DigestFinal_ex(ctx, md, &md_len);
out:
	if (in >= 0)
		close(in);
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		answer(fd, "502 Bad Gateway", "fetch failed\n");
		return;
	}
	for (i = 0; i < md_len && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	snprintf(body, sizeof(body), "bytes=%llu seconds=%.3f sha256=%s\n",
		 (unsigned long long)bytes, seconds_since(start), hex);
	answer(fd, "200 OK", body);
}

static bool read_request(int fd, char *path, size_t size)
{
	char buf[REQUEST_MAX + 1];
	size_t held = 0;
	char *sp;

	while (!memmem(buf, held, "\r\n\r\n", 4) && !memmem(buf, held, "\n\n", 2)) {
		ssize_t n;

		if (held == REQUEST_MAX)
			return false;
		n = recv(fd, buf + held, REQUEST_MAX - held, 0);
		if (n <= 0)
			return false;
		held += (size_t)n;
	}
	buf[held] = '\0';
	if (strncmp(buf, "GET /", 5))
		return false;
	sp = strchr(buf + 4, ' ');
	if (!sp || (size_t)(sp - (buf + 4)) >= size)
		return false;
	memcpy(path, buf + 4, (size_t)(sp - (buf + 4)));
	path[sp - (buf + 4)] = '\0';
	return true;
}

/* The blob from a child: the next request is taken at once. */
static void serve_blob_apart(int fd, const char *blob)
{
	pid_t pid = fork();

	if (pid < 0) {
		serve_blob(fd, blob);
		return;
	}
	if (pid == 0) {
		serve_blob(fd, blob);
		_exit(0);
	}
}

static void serve(int fd, struct sockaddr_in from, struct sink *s, const char *blob)
{
	char path[REQUEST_MAX], rest[REQUEST_MAX], body[96];
	unsigned int port, rate, secs;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO,
		   &(struct timeval){ .tv_sec = IO_TIMEOUT_S }, sizeof(struct timeval));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO,
		   &(struct timeval){ .tv_sec = IO_TIMEOUT_S }, sizeof(struct timeval));
	if (!read_request(fd, path, sizeof(path))) {
		answer(fd, "400 Bad Request", "GET /what\n");
		return;
	}
	if (!strcmp(path, "/blob")) {
		serve_blob_apart(fd, blob);
	} else if (!strcmp(path, "/udp-reset")) {
		sink_drain(s);
		s->received = s->first_ns = s->last_ns = 0;
		answer(fd, "200 OK", "ok\n");
	} else if (!strcmp(path, "/udp-count")) {
		sink_drain(s);
		snprintf(body, sizeof(body), "received=%llu seconds=%.6f\n",
			 (unsigned long long)s->received,
			 (double)(s->last_ns - s->first_ns) / 1e9);
		answer(fd, "200 OK", body);
	} else if (sscanf(path, "/flood/%u/%u/%u", &port, &rate, &secs) == 3 &&
		   port && port < 65536 && rate && rate <= 10000000 && secs &&
		   secs <= 600) {
		from.sin_port = htons((uint16_t)port);
		serve_flood(fd, from, rate, secs);
	} else if (sscanf(path, "/fetch/%u/%1000s", &port, rest) == 2 &&
		   port && port < 65536) {
		serve_fetch(fd, from, (uint16_t)port, rest);
	} else {
		answer(fd, "404 Not Found", "unknown request\n");
	}
}

int main(int argc, char **argv)
{
	struct in_addr addr;
	struct sink s = { 0 };
	int ctl;

	if (argc != 3 || inet_pton(AF_INET, argv[1], &addr) != 1) {
		fprintf(stderr, "usage: benchpeer IPV4-ADDR BLOB\n");
		return 2;
	}
	if (access(argv[2], R_OK)) {
		fprintf(stderr, "benchpeer: cannot read %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	/* The blob's children are reaped by the kernel. */
	signal(SIGCHLD, SIG_IGN);
	ctl = bound_socket(SOCK_STREAM, addr, CONTROL_PORT);
	s.fd = bound_socket(SOCK_DGRAM, addr, SINK_PORT);
	if (ctl < 0 || s.fd < 0 || listen(ctl, 64)) {
		perror("benchpeer: listen");
		return 1;
	}
	/* Room for a whole flood that arrives while a request is served. */
	setsockopt(s.fd, SOL_SOCKET, SO_RCVBUFFORCE, &(int){ 64 << 20 }, sizeof(int));
	for (;;) {
		struct pollfd pfd[2] = { { .fd = ctl, .events = POLLIN },
					 { .fd = s.fd, .events = POLLIN } };
		struct sockaddr_in from;
		socklen_t len = sizeof(from);
		int fd;

		if (poll(pfd, 2, -1) < 0 && errno != EINTR) {
			perror("benchpeer: poll");
			return 1;
		}
		if (pfd[1].revents & POLLIN)
			sink_drain(&s);
		if (!(pfd[0].revents & POLLIN))
			continue;
		fd = accept(ctl, (struct sockaddr *)&from, &len);
		if (fd < 0)
			continue;
		serve(fd, from, &s, argv[2]);
		close(fd);
	}
}
