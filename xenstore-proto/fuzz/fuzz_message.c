// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: every parser of lib/message.c and lib/value.c on the
 * same input. Properties checked beyond "no crash, no sanitizer report":
 * whatever parses formats back to text that parses to the same value, and
 * the formatted text is never longer than the protocol's limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xvfproto/message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_request(const char *text)
{
	struct xvfp_request req, again;
	char buf[XVFP_MESSAGE_MAX + 1];
	uint32_t seq;

	(void)xvfp_request_seq(text, &seq);
	if (xvfp_parse_request(text, &req))
		return;
	if (xvfp_format_request(&req, buf, sizeof(buf)) < 0 ||
	    xvfp_parse_request(buf, &again) || again.seq != req.seq ||
	    again.verb != req.verb || memcmp(&again.mac, &req.mac, sizeof(req.mac)))
		abort();
}

static void check_reply(const char *text)
{
	struct xvfp_reply reply, again;
	char buf[XVFP_MESSAGE_MAX + 1];

	if (xvfp_parse_reply(text, &reply))
		return;
	if (xvfp_format_reply(&reply, buf, sizeof(buf)) < 0 ||
	    xvfp_parse_reply(buf, &again) || again.seq != reply.seq ||
	    again.verb != reply.verb || again.result != reply.result ||
	    again.path != reply.path || strcmp(again.reason, reply.reason))
		abort();
}

static void check_values(const char *text)
{
	struct xvfp_mac mac;
	struct xvfp_pci_addr pci;
	char buf[32];
	uint32_t mask, seq;

	if (!xvfp_parse_mac(text, &mac)) {
		xvfp_format_mac(&mac, buf, sizeof(buf));
		if (strcasecmp(buf, text))
			abort();
	}
	if (!xvfp_parse_pci_addr(text, &pci)) {
		xvfp_format_pci_addr(&pci, buf, sizeof(buf));
		if (strcasecmp(buf, text))
			abort();
	}
	(void)xvfp_parse_seq(text, &seq);
	if (!xvfp_parse_versions(text, &mask))
		(void)xvfp_common_version(mask, mask);
	(void)xvfp_features_have(text, "tx-switch");
	(void)xvfp_check_word(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	check_request(text);
	check_reply(text);
	check_values(text);
	free(text);
	return 0;
}
