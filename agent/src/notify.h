/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef XVFD_NOTIFY_H
#define XVFD_NOTIFY_H

/*
 * Tell the service manager about a state change ("READY=1\nSTATUS=...",
 * "STOPPING=1") with libsystemd's sd_notify().  0 when not started by
 * systemd (no NOTIFY_SOCKET) and after a notice sent; a negative errno
 * when it could not be sent.
 */
int xvfd_notify(const char *state);

#endif
