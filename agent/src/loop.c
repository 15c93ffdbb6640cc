// SPDX-License-Identifier: GPL-2.0-or-later
/* xvfd's event loop (see loop.h). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

uint64_t xvfd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t xvfd_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int watch_fd(struct xvfd_loop *l, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

int xvfd_loop_init(struct xvfd_loop *l)
{
	sigset_t mask;
	int rc;

	memset(l, 0, sizeof(*l));
	l->epfd = l->timerfd = l->sigfd = -1;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL))
		return -errno;
	/* A control client that goes away must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	l->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	l->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (l->epfd < 0 || l->timerfd < 0 || l->sigfd < 0) {
		rc = -errno;
		goto fail;
	}
	rc = watch_fd(l, l->timerfd);
	if (!rc)
		rc = watch_fd(l, l->sigfd);
	if (rc)
		goto fail;
	return 0;
fail:
	xvfd_loop_fini(l);
	return rc;
}

void xvfd_loop_fini(struct xvfd_loop *l)
{
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->timerfd >= 0)
		close(l->timerfd);
	if (l->epfd >= 0)
		close(l->epfd);
	l->epfd = l->timerfd = l->sigfd = -1;
}

int xvfd_loop_add(struct xvfd_loop *l, int fd, xvfd_fd_handler fn, void *ctx)
{
	unsigned int i;
	int rc;

	for (i = 0; i < XVFD_LOOP_MAX_FDS; i++) {
		if (l->h[i].fn)
			continue;
		rc = watch_fd(l, fd);
		if (rc)
			return rc;
		l->h[i].fd = fd;
		l->h[i].fn = fn;
		l->h[i].ctx = ctx;
		return 0;
	}
	return -ENOSPC;
}

void xvfd_loop_del(struct xvfd_loop *l, int fd)
{
	unsigned int i;

	epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	for (i = 0; i < XVFD_LOOP_MAX_FDS; i++)
		if (l->h[i].fn && l->h[i].fd == fd)
			memset(&l->h[i], 0, sizeof(l->h[i]));
}

int xvfd_loop_set_timer(struct xvfd_loop *l, uint64_t at_ms)
{
	struct itimerspec its = { 0 };

	if (at_ms != UINT64_MAX) {
		/* 0 would disarm: a deadline already past fires at once. */
		its.it_value.tv_sec = (time_t)(at_ms / 1000);
		its.it_value.tv_nsec = (long)(at_ms % 1000) * 1000000 + 1;
	}
	return timerfd_settime(l->timerfd, TFD_TIMER_ABSTIME, &its, NULL) ?
	       -errno : 0;
}

static void take_signals(struct xvfd_loop *l)
{
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			l->stop = true;
			l->stop_signal = (int)si.ssi_signo;
		}
	}
}

int xvfd_loop_run_once(struct xvfd_loop *l)
{
	struct epoll_event ev[16];
	int n, i, fired = 0;
	unsigned int j;
	uint64_t expirations;

	n = epoll_wait(l->epfd, ev, 16, -1);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		int fd = ev[i].data.fd;

		if (fd == l->timerfd) {
			if (read(fd, &expirations, sizeof(expirations)) > 0)
				fired = 1;
			continue;
		}
		if (fd == l->sigfd) {
			take_signals(l);
			continue;
		}
		for (j = 0; j < XVFD_LOOP_MAX_FDS; j++) {
			if (l->h[j].fn && l->h[j].fd == fd) {
				l->h[j].fn(l->h[j].ctx, fd, ev[i].events);
				break;
			}
		}
	}
	return fired;
}
