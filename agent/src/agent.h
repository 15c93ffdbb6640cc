/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvfd's core: libxvfproto's guest state machine joined to the kernel's
 * failover masters.  No I/O here: the adapters feed it what they saw
 * (a master's state from netlink, a request from xenstore, the clock)
 * and it answers through struct xvfd_ops.  So every decision the daemon
 * takes is tested without a kernel, a xenstore or a clock
 * (agent/tests/test_agent.c).
 */
#ifndef XVFD_AGENT_H
#define XVFD_AGENT_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "xvf_failover.h"
#include "xvfproto/machine.h"

/*
 * Which path transmits: the kernel's enum xfo_path (uapi) everywhere in
 * the agent.  The protocol's enum xvfp_path (a request's "path=vf") meets
 * it in one place, xvfd_path_to_protocol().
 */
enum xvfp_path xvfd_path_to_protocol(enum xfo_path path);
/* "vf", "netfront" or "none": the protocol's words, for status. */
const char *xvfd_path_name(enum xfo_path path);

/* What the kernel says of one xvf_failover master (an RTM_NEWLINK). */
struct xvfd_master {
	int ifindex;
	char name[IF_NAMESIZE];
	struct xvfp_mac mac;
	bool held;
	enum xfo_path active;
	int vf_ifindex;		/* 0: no VF paired */
	int standby_ifindex;
	uint64_t switches;
	/* Frames still queued on the VF (IFLA_XFO_VF_TX_BUSY): 0 = drained. */
	unsigned int vf_tx_busy;
	/* The master's settings as the kernel reports them. */
	uint32_t takeover_ms, wait_ms;
};

/* The masters' settings xvfd applies (xvfd.conf); -1: the kernel's. */
struct xvfd_master_settings {
	int64_t takeover_ms;
	int64_t wait_ms;
};

/* One exchange with the host, as xvfctl history shows it. */
struct xvfd_exchange {
	uint32_t seq;
	enum xvfp_verb verb;
	struct xvfp_mac mac;
	uint64_t started_wall_ms;	/* realtime, for people */
	uint64_t started_ms;		/* monotonic */
	/* Steps, in ms from the start; -1 if it did not happen. */
	int64_t on_path_ms;		/* the kernel reports TX on that path */
	int64_t tx_moved_ms;		/* ... and, off the VF, drained */
	int64_t replied_ms;
	unsigned int drain_polls;	/* re-reads of the master meanwhile */
	char outcome[16];		/* ok, failed, rejected, pending */
	char reason[XVFP_WORD_MAX + 1];
};

#define XVFD_HISTORY 32

struct xvfd_pair {
	struct xvfd_master k;		/* the kernel's latest word */
	uint64_t paired_wall_ms;	/* when the VF was paired, 0: never */
	/* A SWITCH_TX under way: where to, and until when. */
	enum xvfp_path want;
	uint64_t want_deadline_ms;
	uint32_t want_seq;		/* the exchange it serves */
	uint32_t drain_interval_ms;	/* until the next re-read of its queues */
	bool seen;			/* in the current dump of masters */
	bool settings_sent;		/* xvfd.conf's settings given to it once */
	bool read_back_due;		/* hold changed: read the master again */
};

struct xvfd;

/* What the core asks of the world.  Every call may fail (-errno). */
struct xvfd_ops {
	int (*set_hold)(struct xvfd *a, const struct xvfd_master *m, bool hold);
	/* Give @m these settings (-1: leave that one as it is). */
	int (*set_settings)(struct xvfd *a, const struct xvfd_master *m,
			    const struct xvfd_master_settings *s);
	/* Read the master's state again (drain progress has no event). */
	int (*refresh)(struct xvfd *a, int ifindex);
	int (*write_node)(struct xvfd *a, const char *rel, const char *text);
	/* Something worth telling `xvfctl watch` and the journal. */
	void (*event)(struct xvfd *a, int level, const char *what,
		      const char *detail);
};

struct xvfd_timing {
	uint32_t switch_timeout_ms;	/* hold -> TX off the VF, or back */
	uint32_t pairing_timeout_ms;	/* attach -> VF with the MAC */
	/* vf_tx_busy is re-read first after XVFD_DRAIN_FIRST_POLL_MS, then
	 * at twice the last interval, at most this far apart. */
	uint32_t drain_poll_ms;
	struct xvfd_master_settings master;
};

#define XVFD_SWITCH_TIMEOUT_MS 2000
#define XVFD_DRAIN_POLL_MS 10
#define XVFD_DRAIN_FIRST_POLL_MS 1

struct xvfd {
	const struct xvfd_ops *ops;
	void *priv;			/* the adapters' */
	struct xvfd_timing timing;
	struct xvfp_guest g;
	unsigned int npairs;
	struct xvfd_pair pair[XVFP_MAX_PAIRS];
	unsigned int domid;		/* 0: not known yet */
	unsigned int migrations;	/* domid changes seen */
	uint64_t last_migration_wall_ms;
	bool protocol_ok;		/* the host speaks a common version */
	struct xvfd_exchange history[XVFD_HISTORY];
	unsigned int nhistory;		/* total ever; newest at (n-1)%N */
	uint64_t next_poll_ms;		/* drain re-check, UINT64_MAX if none */
	unsigned int failures;		/* exchanges that failed */
	unsigned int actions_depth;	/* run_actions calls in progress */
	bool state_due;			/* data/xvf/state to write once they end */
};

void xvfd_init(struct xvfd *a, const struct xvfd_ops *ops, void *priv,
	       const struct xvfd_timing *timing);
/* Our last reply, read back at start: numbering continues after it. */
void xvfd_recover_reply(struct xvfd *a, const char *reply);

/* The kernel reported @m (new or changed master). */
void xvfd_master_update(struct xvfd *a, const struct xvfd_master *m,
			uint64_t now, uint64_t wall);
/* The master went away (its netfront was unplugged): the pair is
 * forgotten, a request it was serving answered (pair-gone). */
void xvfd_master_gone(struct xvfd *a, int ifindex, uint64_t now);
/*
 * Around a full dump of the masters (at start, after lost netlink
 * events): a master the dump did not report is gone.
 */
/* What data/xvf/state says now ("unsupported" without a common version). */
void xvfd_format_state(const struct xvfd *a, char *buf, size_t len);
void xvfd_masters_dump_begin(struct xvfd *a);
void xvfd_masters_dump_end(struct xvfd *a, uint64_t now);
/* xvf/request now reads @text (NULL: absent). */
void xvfd_request(struct xvfd *a, const char *text, uint64_t now,
		  uint64_t wall);
/*
 * Our domain id, read on every xenstore watch firing: a change means the
 * guest was migrated (or restored) even if the host's messages were
 * missed.  Returns true if it changed.
 */
bool xvfd_domid_seen(struct xvfd *a, unsigned int domid, uint64_t wall);
/* The host's xvf/version (NULL: absent). */
void xvfd_host_versions(struct xvfd *a, const char *text);
void xvfd_tick(struct xvfd *a, uint64_t now);
uint64_t xvfd_next_deadline(const struct xvfd *a);

/* Manual hold from xvfctl: -ENOENT for an unknown master. */
int xvfd_manual_hold(struct xvfd *a, const char *master, bool hold);

struct xvfd_pair *xvfd_pair_by_ifindex(struct xvfd *a, int ifindex);
/* The @i-th newest exchange (0 = newest), NULL past the end. */
const struct xvfd_exchange *xvfd_history(const struct xvfd *a, unsigned int i);

#endif
