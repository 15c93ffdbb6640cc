// SPDX-License-Identifier: GPL-2.0-or-later
/* The daemon's state as JSON (see status.h). */
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "nl_link.h"
#include "status.h"

void xvfd_format_time(uint64_t wall_ms, char *buf, size_t len)
{
	time_t secs = (time_t)(wall_ms / 1000);
	struct tm tm;
	char base[32];

	buf[0] = '\0';
	if (!wall_ms || !gmtime_r(&secs, &tm))
		return;
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03uZ", base, (unsigned int)(wall_ms % 1000));
}

static void add_str(json_object *o, const char *key, const char *val)
{
	json_object_object_add(o, key, json_object_new_string(val));
}

static void add_int(json_object *o, const char *key, int64_t val)
{
	json_object_object_add(o, key, json_object_new_int64(val));
}

/* An exchange's step in ms from its start; null if it did not happen. */
static void add_step_ms(json_object *o, const char *key, int64_t ms)
{
	json_object_object_add(o, key, ms < 0 ? NULL : json_object_new_int64(ms));
}

static void add_time(json_object *o, const char *key, uint64_t wall_ms)
{
	char t[40];

	xvfd_format_time(wall_ms, t, sizeof(t));
	json_object_object_add(o, key, t[0] ? json_object_new_string(t) : NULL);
}

static unsigned long long read_stat(const char *dev, const char *name)
{
	char path[128];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", dev, name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

/* One slave: what it is and its own counters (the path's traffic). */
static json_object *slave_json(struct mnl_socket *nl, int ifindex)
{
	static const char *const counters[] = {
		"rx_packets", "rx_bytes", "tx_packets", "tx_bytes",
		"rx_dropped", "tx_dropped",
	};
	struct xvfd_link_info info;
	json_object *o, *c;
	unsigned int i;

	if (!ifindex || xvfd_nl_link_info(nl, ifindex, &info))
		return NULL;
	o = json_object_new_object();
	add_str(o, "name", info.name);
	add_int(o, "ifindex", ifindex);
	add_str(o, "driver", info.driver);
	add_str(o, "pci", info.pci);
	add_str(o, "mac", info.mac);
	json_object_object_add(o, "carrier", json_object_new_boolean(info.carrier));
	add_str(o, "operstate", info.operstate);
	json_object_object_add(o, "speed_mbps", info.speed_mbps < 0 ? NULL :
			       json_object_new_int(info.speed_mbps));
	c = json_object_new_object();
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		add_int(c, counters[i], (int64_t)read_stat(info.name, counters[i]));
	json_object_object_add(o, "counters", c);
	return o;
}

static json_object *exchange_json(const struct xvfd_exchange *e)
{
	json_object *o = json_object_new_object();
	char mac[XVFP_MAC_STRLEN + 1];

	xvfp_format_mac(&e->mac, mac, sizeof(mac));
	add_int(o, "seq", e->seq);
	add_str(o, "verb", xvfp_verb_name(e->verb));
	add_str(o, "mac", mac);
	add_time(o, "started", e->started_wall_ms);
	add_step_ms(o, "on_path_ms", e->on_path_ms);
	add_int(o, "drain_polls", e->drain_polls);
	add_step_ms(o, "tx_moved_ms", e->tx_moved_ms);
	add_step_ms(o, "replied_ms", e->replied_ms);
	add_str(o, "outcome", e->outcome);
	if (e->reason[0])
		add_str(o, "reason", e->reason);
	return o;
}

/* The newest exchange of @verb, or NULL. */
static const struct xvfd_exchange *last_of(const struct xvfd *a,
					   enum xvfp_verb verb)
{
	const struct xvfd_exchange *e;
	unsigned int i;

	for (i = 0; (e = xvfd_history(a, i)); i++)
		if (e->verb == verb)
			return e;
	return NULL;
}

static json_object *pair_json(struct xvfd_pair *p, struct mnl_socket *nl)
{
	json_object *o = json_object_new_object();
	char mac[XVFP_MAC_STRLEN + 1];

	xvfp_format_mac(&p->k.mac, mac, sizeof(mac));
	add_str(o, "master", p->k.name);
	add_int(o, "ifindex", p->k.ifindex);
	add_str(o, "mac", mac);
	add_str(o, "active", xvfd_path_name(p->k.active));
	json_object_object_add(o, "hold", json_object_new_boolean(p->k.held));
	add_int(o, "path_switches", (int64_t)p->k.switches);
	add_int(o, "takeover_ms", p->k.takeover_ms);
	add_int(o, "wait_ms", p->k.wait_ms);
	add_time(o, "paired", p->k.vf_ifindex ? p->paired_wall_ms : 0);
	json_object_object_add(o, "vf", slave_json(nl, p->k.vf_ifindex));
	json_object_object_add(o, "standby", slave_json(nl, p->k.standby_ifindex));
	return o;
}

json_object *xvfd_json_status(struct xvfd *a, struct mnl_socket *nl)
{
	json_object *o = json_object_new_object(), *pairs, *mig;
	const struct xvfd_exchange *e;
	unsigned int i;

	json_object_object_add(o, "ok", json_object_new_boolean(1));
	add_str(o, "version", XVFD_VERSION);
	add_int(o, "domid", a->domid);
	json_object_object_add(o, "protocol", json_object_new_boolean(a->protocol_ok));
	add_int(o, "last_seq", a->g.last_seq);
	add_int(o, "failures", a->failures);
	pairs = json_object_new_array();
	for (i = 0; i < a->npairs; i++)
		json_object_array_add(pairs, pair_json(&a->pair[i], nl));
	json_object_object_add(o, "pairs", pairs);
	/* The last migration: its steps as the two exchanges around it. */
	mig = json_object_new_object();
	add_int(mig, "count", a->migrations);
	add_time(mig, "resumed", a->last_migration_wall_ms);
	e = last_of(a, XVFP_VERB_PREPARE_DETACH);
	json_object_object_add(mig, "prepare_detach", e ? exchange_json(e) : NULL);
	e = last_of(a, XVFP_VERB_ATTACH);
	json_object_object_add(mig, "attach", e ? exchange_json(e) : NULL);
	json_object_object_add(o, "migration", mig);
	return o;
}

json_object *xvfd_json_history(const struct xvfd *a, unsigned int max)
{
	json_object *o = json_object_new_object(), *list = json_object_new_array();
	const struct xvfd_exchange *e;
	unsigned int i;

	for (i = 0; i < max && (e = xvfd_history(a, i)); i++)
		json_object_array_add(list, exchange_json(e));
	json_object_object_add(o, "ok", json_object_new_boolean(1));
	json_object_object_add(o, "exchanges", list);
	return o;
}

json_object *xvfd_json_event(int level, const char *what, const char *detail,
			     uint64_t wall_ms)
{
	json_object *o = json_object_new_object();

	add_time(o, "time", wall_ms);
	add_str(o, "level", level <= LOG_ERR ? "error" :
			    level == LOG_WARNING ? "warning" : "info");
	add_str(o, "event", what);
	add_str(o, "detail", detail);
	return o;
}
