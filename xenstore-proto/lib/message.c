// SPDX-License-Identifier: LGPL-2.1-or-later
/* libxvfproto: requests, replies, versions and features (PROTOCOL.md). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "xvfproto/message.h"

/* A message has at most seq, verb, result and three parameters. */
#define MAX_TOKENS 8
#define MAX_FEATURES 16
#define MAX_VERSION 31

/* Enough for the longest list: 32 one-digit versions in 63 bytes. */
#define MAX_ANY_TOKENS 32

struct tokens {
	char buf[XVFP_FEATURES_MAX + 1];
	char *tok[MAX_ANY_TOKENS];
	size_t n;
};

static const char *const verb_names[] = {
	[XVFP_VERB_INVALID] = "invalid",
	[XVFP_VERB_PREPARE_DETACH] = "prepare-detach",
	[XVFP_VERB_CANCEL] = "cancel",
	[XVFP_VERB_ATTACH] = "attach",
	[XVFP_VERB_NO_VF] = "no-vf",
};

static const char *const result_names[] = {
	[XVFP_RESULT_OK] = "ok",
	[XVFP_RESULT_FAILED] = "failed",
	[XVFP_RESULT_REJECTED] = "rejected",
};

static const char *const path_names[] = {
	[XVFP_PATH_NONE] = "none",
	[XVFP_PATH_VF] = "vf",
	[XVFP_PATH_NETFRONT] = "netfront",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const char *xvfp_verb_name(enum xvfp_verb verb)
{
	return (size_t)verb < ARRAY_LEN(verb_names) ? verb_names[verb] : "?";
}

const char *xvfp_path_name(enum xvfp_path path)
{
	return (size_t)path < ARRAY_LEN(path_names) ? path_names[path] : "?";
}

/* Index of @text in @names[first..], or -1. */
static int lookup(const char *const *names, size_t count, size_t first,
		  const char *text)
{
	size_t i;

	for (i = first; i < count; i++)
		if (names[i] && !strcmp(names[i], text))
			return (int)i;
	return -1;
}

/*
 * Split @text at single spaces into at most @max tokens. An empty token
 * (leading, trailing or double space) or too many tokens is malformed.
 */
static int tokenize(const char *text, size_t limit, size_t max,
		    struct tokens *t)
{
	size_t len;
	char *p;

	if (!text || max > MAX_ANY_TOKENS || limit >= sizeof(t->buf))
		return -EINVAL;
	len = strnlen(text, limit + 1);
	if (len > limit)
		return -E2BIG;
	if (len == 0)
		return -EINVAL;
	memcpy(t->buf, text, len + 1);
	t->n = 0;
	for (p = t->buf;;) {
		char *space = strchr(p, ' ');

		if (t->n == max || *p == ' ' || *p == '\0')
			return -EINVAL;
		t->tok[t->n++] = p;
		if (!space)
			return 0;
		*space = '\0';
		p = space + 1;
	}
}

int xvfp_check_word(const char *text)
{
	size_t i, n = strnlen(text, XVFP_WORD_MAX + 1);

	if (n == 0 || n > XVFP_WORD_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		char c = text[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return -EINVAL;
	}
	return 0;
}

enum param {
	PARAM_MAC,
	PARAM_PCI,
	PARAM_REASON,
	PARAM_PATH,
	PARAM_COUNT,
};

static const char *const param_names[PARAM_COUNT] = {
	[PARAM_MAC] = "mac",
	[PARAM_PCI] = "pci",
	[PARAM_REASON] = "reason",
	[PARAM_PATH] = "path",
};

/* The parameters a verb (or a reply's result) takes, as a bit mask. */
#define BIT(p) (1u << (p))

static unsigned int request_params(enum xvfp_verb verb)
{
	switch (verb) {
	case XVFP_VERB_PREPARE_DETACH:
	case XVFP_VERB_CANCEL:
		return BIT(PARAM_MAC);
	case XVFP_VERB_ATTACH:
		return BIT(PARAM_MAC) | BIT(PARAM_PCI);
	case XVFP_VERB_NO_VF:
		return BIT(PARAM_MAC) | BIT(PARAM_REASON);
	default:
		return 0;
	}
}

static unsigned int reply_params(enum xvfp_result result)
{
	return result == XVFP_RESULT_OK ? BIT(PARAM_PATH) : BIT(PARAM_REASON);
}

/*
 * Parse "key=value" tokens: each key in @wanted exactly once, no other.
 * The values are left in @values (pointers into the token buffer).
 */
static int parse_params(char **tok, size_t n, unsigned int wanted,
			const char *values[PARAM_COUNT])
{
	unsigned int seen = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char *eq = strchr(tok[i], '=');
		int p;

		if (!eq)
			return -EINVAL;
		*eq = '\0';
		p = lookup(param_names, PARAM_COUNT, 0, tok[i]);
		if (p < 0 || !(wanted & BIT(p)) || (seen & BIT(p)))
			return -EINVAL;
		seen |= BIT(p);
		values[p] = eq + 1;
	}
	return seen == wanted ? 0 : -EINVAL;
}

static int parse_mac_param(const char *text, struct xvfp_mac *mac)
{
	if (xvfp_parse_mac(text, mac) || !xvfp_mac_is_unicast(mac))
		return -EINVAL;
	return 0;
}

static int copy_word(const char *text, char out[XVFP_WORD_MAX + 1])
{
	if (xvfp_check_word(text))
		return -EINVAL;
	strcpy(out, text);
	return 0;
}

int xvfp_request_seq(const char *text, uint32_t *out)
{
	char seq[XVFP_SEQ_STRLEN + 1];
	size_t n;

	/* Only the first token counts: a request malformed anywhere after
	 * it (too many tokens, too long) is still answered (5.8). */
	if (!text)
		return -EINVAL;
	n = strcspn(text, " ");
	if (n == 0 || n > XVFP_SEQ_STRLEN)
		return -EINVAL;
	memcpy(seq, text, n);
	seq[n] = '\0';
	return xvfp_parse_seq(seq, out);
}

int xvfp_parse_request(const char *text, struct xvfp_request *out)
{
	const char *values[PARAM_COUNT] = { 0 };
	struct xvfp_request req = { 0 };
	struct tokens t;
	int rc, verb;

	rc = tokenize(text, XVFP_MESSAGE_MAX, MAX_TOKENS, &t);
	if (rc)
		return rc;
	if (t.n < 2 || xvfp_parse_seq(t.tok[0], &req.seq) || req.seq == 0)
		return -EINVAL;
	verb = lookup(verb_names, ARRAY_LEN(verb_names),
		      XVFP_VERB_PREPARE_DETACH, t.tok[1]);
	if (verb < 0)
		return -EINVAL;
	req.verb = (enum xvfp_verb)verb;
	if (parse_params(t.tok + 2, t.n - 2, request_params(req.verb), values) ||
	    parse_mac_param(values[PARAM_MAC], &req.mac))
		return -EINVAL;
	if (values[PARAM_PCI] && xvfp_parse_pci_addr(values[PARAM_PCI], &req.pci))
		return -EINVAL;
	if (values[PARAM_REASON] && copy_word(values[PARAM_REASON], req.reason))
		return -EINVAL;
	*out = req;
	return 0;
}

/* snprintf with the formatter's return convention. */
static int append(char *buf, size_t len, size_t *used, const char *fmt,
		  const char *value)
{
	int n = snprintf(buf + *used, len - *used, fmt, value);

	if (n < 0 || (size_t)n >= len - *used)
		return -ENOSPC;
	*used += (size_t)n;
	return 0;
}

static int finish(size_t used)
{
	return used > XVFP_MESSAGE_MAX ? -EINVAL : (int)used;
}

int xvfp_format_request(const struct xvfp_request *req, char *buf, size_t len)
{
	char seq[XVFP_SEQ_STRLEN + 1], mac[XVFP_MAC_STRLEN + 1];
	char pci[XVFP_PCI_STRLEN + 1];
	size_t used = 0;

	if (!len || req->seq == 0 || !request_params(req->verb) ||
	    !xvfp_mac_is_unicast(&req->mac))
		return -EINVAL;
	if (req->verb == XVFP_VERB_NO_VF && xvfp_check_word(req->reason))
		return -EINVAL;
	snprintf(seq, sizeof(seq), "%u", req->seq);
	xvfp_format_mac(&req->mac, mac, sizeof(mac));
	xvfp_format_pci_addr(&req->pci, pci, sizeof(pci));
	if (append(buf, len, &used, "%s", seq) ||
	    append(buf, len, &used, " %s", xvfp_verb_name(req->verb)) ||
	    append(buf, len, &used, " mac=%s", mac))
		return -ENOSPC;
	if (req->verb == XVFP_VERB_ATTACH &&
	    append(buf, len, &used, " pci=%s", pci))
		return -ENOSPC;
	if (req->verb == XVFP_VERB_NO_VF &&
	    append(buf, len, &used, " reason=%s", req->reason))
		return -ENOSPC;
	return finish(used);
}

int xvfp_parse_reply(const char *text, struct xvfp_reply *out)
{
	const char *values[PARAM_COUNT] = { 0 };
	struct xvfp_reply reply = { 0 };
	struct tokens t;
	int rc, verb, result, path;

	rc = tokenize(text, XVFP_MESSAGE_MAX, MAX_TOKENS, &t);
	if (rc)
		return rc;
	if (t.n < 3 || xvfp_parse_seq(t.tok[0], &reply.seq))
		return -EINVAL;
	verb = lookup(verb_names, ARRAY_LEN(verb_names), 0, t.tok[1]);
	result = lookup(result_names, ARRAY_LEN(result_names), 1, t.tok[2]);
	if (verb < 0 || result < 0)
		return -EINVAL;
	reply.verb = (enum xvfp_verb)verb;
	reply.result = (enum xvfp_result)result;
	/* "invalid" only ever answers a malformed request. */
	if (reply.verb == XVFP_VERB_INVALID &&
	    reply.result != XVFP_RESULT_REJECTED)
		return -EINVAL;
	if (parse_params(t.tok + 3, t.n - 3, reply_params(reply.result), values))
		return -EINVAL;
	if (values[PARAM_PATH]) {
		path = lookup(path_names, ARRAY_LEN(path_names), XVFP_PATH_VF,
			      values[PARAM_PATH]);
		if (path < 0)
			return -EINVAL;
		reply.path = (enum xvfp_path)path;
	}
	if (values[PARAM_REASON] && copy_word(values[PARAM_REASON], reply.reason))
		return -EINVAL;
	*out = reply;
	return 0;
}

int xvfp_format_reply(const struct xvfp_reply *reply, char *buf, size_t len)
{
	char seq[XVFP_SEQ_STRLEN + 1];
	size_t used = 0;
	bool ok = reply->result == XVFP_RESULT_OK;

	if (!len || (size_t)reply->verb >= ARRAY_LEN(verb_names) ||
	    reply->result < XVFP_RESULT_OK ||
	    reply->result > XVFP_RESULT_REJECTED)
		return -EINVAL;
	if (reply->verb == XVFP_VERB_INVALID &&
	    reply->result != XVFP_RESULT_REJECTED)
		return -EINVAL;
	if (ok && reply->path != XVFP_PATH_VF && reply->path != XVFP_PATH_NETFRONT)
		return -EINVAL;
	if (!ok && xvfp_check_word(reply->reason))
		return -EINVAL;
	snprintf(seq, sizeof(seq), "%u", reply->seq);
	if (append(buf, len, &used, "%s", seq) ||
	    append(buf, len, &used, " %s", xvfp_verb_name(reply->verb)) ||
	    append(buf, len, &used, " %s", result_names[reply->result]))
		return -ENOSPC;
	if (ok ? append(buf, len, &used, " path=%s", xvfp_path_name(reply->path)) :
		 append(buf, len, &used, " reason=%s", reply->reason))
		return -ENOSPC;
	return finish(used);
}

int xvfp_parse_versions(const char *text, uint32_t *mask)
{
	struct tokens t;
	uint32_t seen = 0, v, last = 0;
	size_t i;
	int rc = tokenize(text, XVFP_VERSIONS_MAX, MAX_VERSION, &t);

	if (rc)
		return rc;
	for (i = 0; i < t.n; i++) {
		if (xvfp_parse_seq(t.tok[i], &v) || v == 0 || v > MAX_VERSION ||
		    v <= last)
			return -EINVAL;
		seen |= 1u << v;
		last = v;
	}
	*mask = seen;
	return 0;
}

unsigned int xvfp_common_version(uint32_t host_mask, uint32_t guest_mask)
{
	uint32_t common = host_mask & guest_mask;
	unsigned int v;

	for (v = MAX_VERSION; v > 0; v--)
		if (common & (1u << v))
			return v;
	return 0;
}

int xvfp_features_have(const char *text, const char *feature)
{
	struct tokens t;
	bool found = false;
	size_t i;
	int rc = tokenize(text, XVFP_FEATURES_MAX, MAX_FEATURES, &t);

	if (rc)
		return rc;
	for (i = 0; i < t.n; i++) {
		if (xvfp_check_word(t.tok[i]))
			return -EINVAL;
		if (!strcmp(t.tok[i], feature))
			found = true;
	}
	return found ? 0 : -ENOENT;
}
