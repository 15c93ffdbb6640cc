/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libxvfproto: requests, replies and version lists of protocol version 1
 * (PROTOCOL.md sections 4 to 6).
 *
 * Parsers take untrusted text and accept exactly the grammar: single
 * spaces, each parameter of the verb exactly once, nothing else. They
 * return 0 or -EINVAL (malformed) or -E2BIG (longer than the limit), and
 * leave *out untouched on error. Formatters return the length written or
 * -EINVAL (a value outside the grammar) or -ENOSPC.
 */
#ifndef XVFPROTO_MESSAGE_H
#define XVFPROTO_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "xvfproto/value.h"

#define XVFP_PROTOCOL_VERSION 1
/* Longest request or reply, without the terminating NUL. */
#define XVFP_MESSAGE_MAX 255
/* Longest version list and feature list. */
#define XVFP_VERSIONS_MAX 63
#define XVFP_FEATURES_MAX 255
/* Longest <word> (a reason or a feature). */
#define XVFP_WORD_MAX 32

enum xvfp_verb {
	XVFP_VERB_INVALID = 0,	/* only in replies: "invalid" */
	XVFP_VERB_PREPARE_DETACH,
	XVFP_VERB_CANCEL,
	XVFP_VERB_ATTACH,
	XVFP_VERB_NO_VF,
};

enum xvfp_result {
	XVFP_RESULT_OK = 1,
	XVFP_RESULT_FAILED,
	XVFP_RESULT_REJECTED,
};

enum xvfp_path {
	XVFP_PATH_NONE = 0,
	XVFP_PATH_VF,
	XVFP_PATH_NETFRONT,
};

struct xvfp_request {
	uint32_t seq;
	enum xvfp_verb verb;
	struct xvfp_mac mac;
	struct xvfp_pci_addr pci;		/* attach */
	char reason[XVFP_WORD_MAX + 1];		/* no-vf */
};

struct xvfp_reply {
	uint32_t seq;
	enum xvfp_verb verb;
	enum xvfp_result result;
	enum xvfp_path path;			/* ok */
	char reason[XVFP_WORD_MAX + 1];		/* failed, rejected */
};

int xvfp_parse_request(const char *text, struct xvfp_request *out);
int xvfp_format_request(const struct xvfp_request *req, char *buf,
			size_t len);
/*
 * The sequence number of a request that may be malformed otherwise, so a
 * guest can answer it with "rejected" (PROTOCOL.md 5.8).
 */
int xvfp_request_seq(const char *text, uint32_t *out);

int xvfp_parse_reply(const char *text, struct xvfp_reply *out);
int xvfp_format_reply(const struct xvfp_reply *reply, char *buf, size_t len);

/* <word>: [a-z0-9-]{1,32}. */
int xvfp_check_word(const char *text);

/*
 * A version list ("1", "1 2"): ascending decimal numbers 1..31, single
 * spaces. *mask gets bit N set for version N.
 */
int xvfp_parse_versions(const char *text, uint32_t *mask);
/* The highest version in both masks, or 0 if there is none. */
unsigned int xvfp_common_version(uint32_t host_mask, uint32_t guest_mask);

/*
 * A feature list: up to 16 <word>s, single spaces, at most
 * XVFP_FEATURES_MAX bytes. Returns 0 if @feature is in it, -ENOENT if not,
 * -EINVAL or -E2BIG if the list is malformed.
 */
int xvfp_features_have(const char *text, const char *feature);

const char *xvfp_verb_name(enum xvfp_verb verb);
const char *xvfp_path_name(enum xvfp_path path);

#endif
