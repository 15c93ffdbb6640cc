// SPDX-License-Identifier: GPL-2.0-or-later
/* xvf-host: running other programs without a shell, each for a bounded time. */
#define _GNU_SOURCE	/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

extern char **environ;

unsigned int xvfh_command_timeout_ms = XVFH_COMMAND_TIMEOUT_MS;
unsigned int xvfh_migrate_timeout_ms = XVFH_MIGRATE_TIMEOUT_MS;

/* After SIGTERM, how long a program may take to go before SIGKILL. */
#define XVFH_SPAWN_TERM_GRACE_MS 5000

struct child {
	pid_t pid;
	int pidfd;
	int outfd;		/* -1: no output kept, or EOF seen */
	char *out;
	size_t len, got;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read what is there of the child's output, keeping what fits. */
static void take_output(struct child *c)
{
	char sink[512];
	ssize_t r;

	for (;;) {
		if (c->got + 1 < c->len)
			r = read(c->outfd, c->out + c->got, c->len - 1 - c->got);
		else
			r = read(c->outfd, sink, sizeof(sink));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			return;
		if (r <= 0) {
			close(c->outfd);
			c->outfd = -1;
			return;
		}
		if (c->got + 1 < c->len)
			c->got += (size_t)r;
	}
}

/*
 * Until the child exits or @deadline passes: true if it exited. Its
 * output is read meanwhile, so a chatty child never blocks on a full pipe.
 */
static bool wait_exit(struct child *c, int64_t deadline)
{
	for (;;) {
		struct pollfd p[2] = { { .fd = c->pidfd, .events = POLLIN },
				       { .fd = c->outfd, .events = POLLIN } };
		int64_t left = deadline - now_ms();
		int n;

		if (left <= 0)
			return false;
		n = poll(p, c->outfd >= 0 ? 2 : 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (n < 0 && errno != EINTR)
			return false;
		if (c->outfd >= 0 && (p[1].revents & (POLLIN | POLLHUP)))
			take_output(c);
		if (p[0].revents & POLLIN) {
			/* Gone: what it wrote is in the pipe already. A
			 * grandchild holding the pipe open is not waited for. */
			if (c->outfd >= 0)
				take_output(c);
			return true;
		}
	}
}

/* Its exit status, killing it first if it overran @timeout_ms. */
static int reap(struct child *c, unsigned int timeout_ms)
{
	bool timed_out = false;
	int status;

	if (!wait_exit(c, now_ms() + timeout_ms)) {
		timed_out = true;
		pidfd_send_signal(c->pidfd, SIGTERM, NULL, 0);
		if (!wait_exit(c, now_ms() + XVFH_SPAWN_TERM_GRACE_MS))
			pidfd_send_signal(c->pidfd, SIGKILL, NULL, 0);
	}
	while (waitpid(c->pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (timed_out)
		return -ETIMEDOUT;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

int xvfh_spawn(const char *const *argv, char *out, size_t len,
	       unsigned int timeout_ms)
{
	struct child c = { .outfd = -1, .out = out, .len = len };
	posix_spawn_file_actions_t fa;
	int pipefd[2] = { -1, -1 }, rc;

	if (out && !len)
		return -EINVAL;
	if (out && pipe2(pipefd, O_CLOEXEC))
		return -errno;
	posix_spawn_file_actions_init(&fa);
	if (out)
		posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	rc = posix_spawnp(&c.pid, argv[0], &fa, NULL, (char *const *)argv,
			  environ);
	posix_spawn_file_actions_destroy(&fa);
	if (out) {
		close(pipefd[1]);
		c.outfd = pipefd[0];
		fcntl(c.outfd, F_SETFL, O_NONBLOCK);
	}
	if (rc) {
		if (out)
			close(pipefd[0]);
		return -rc;
	}
	c.pidfd = pidfd_open(c.pid, 0);
	if (c.pidfd < 0) {
		/* Cannot bound it (a kernel before 5.3): do not run unbounded. */
		rc = -errno;
		kill(c.pid, SIGKILL);
		waitpid(c.pid, NULL, 0);
	} else {
		rc = reap(&c, timeout_ms);
		close(c.pidfd);
	}
	if (c.outfd >= 0)
		close(c.outfd);
	if (out)
		out[c.got] = '\0';
	return rc;
}
