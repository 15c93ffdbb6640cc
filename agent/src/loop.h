/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's event loop: epoll over file descriptors, one timer (timerfd, on
 * CLOCK_MONOTONIC) for the core's next deadline, and signals through a
 * signalfd.  Single-threaded: handlers run one at a time.
 */
#ifndef XVFD_LOOP_H
#define XVFD_LOOP_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*xvfd_fd_handler)(void *ctx, int fd, uint32_t events);

#define XVFD_LOOP_MAX_FDS 40

struct xvfd_loop {
	int epfd;
	int timerfd;
	int sigfd;
	bool stop;
	int stop_signal;
	struct {
		int fd;
		xvfd_fd_handler fn;
		void *ctx;
	} h[XVFD_LOOP_MAX_FDS];
};

/* Blocks SIGTERM, SIGINT and SIGHUP and takes them through a signalfd. */
int xvfd_loop_init(struct xvfd_loop *l);
void xvfd_loop_fini(struct xvfd_loop *l);
int xvfd_loop_add(struct xvfd_loop *l, int fd, xvfd_fd_handler fn, void *ctx);
void xvfd_loop_del(struct xvfd_loop *l, int fd);
/* Arm the timer for monotonic time @at_ms (UINT64_MAX: disarm). */
int xvfd_loop_set_timer(struct xvfd_loop *l, uint64_t at_ms);
/*
 * Wait for and run one round of handlers.  Returns 1 if the timer fired
 * (the caller ticks its core), 0 otherwise; -errno on failure.  After a
 * SIGTERM/SIGINT, stop is set; SIGHUP is ignored.
 */
int xvfd_loop_run_once(struct xvfd_loop *l);
uint64_t xvfd_now_ms(void);
uint64_t xvfd_wall_ms(void);

#endif
