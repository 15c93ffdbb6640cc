// SPDX-License-Identifier: LGPL-2.1-or-later
/* cmocka tests for requests, replies, versions and features (lib/message.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "xvfproto/message.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void request_round_trips(void **state)
{
	static const char *const good[] = {
		"1 prepare-detach mac=02:58:56:46:00:01",
		"4294967295 cancel mac=02:58:56:46:00:01",
		"7 attach mac=02:58:56:46:00:01 pci=0000:00:00.0",
		"8 no-vf mac=02:58:56:46:00:01 reason=none-free",
	};
	struct xvfp_request req;
	char buf[XVFP_MESSAGE_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < LEN(good); i++) {
		assert_int_equal(xvfp_parse_request(good[i], &req), 0);
		assert_int_equal(xvfp_format_request(&req, buf, sizeof(buf)),
				 (int)strlen(good[i]));
		assert_string_equal(buf, good[i]);
	}
}

static void request_fields(void **state)
{
	struct xvfp_request req;

	(void)state;
	assert_int_equal(xvfp_parse_request(
		"12 attach pci=0000:00:1f.7 mac=02:58:56:46:00:AB", &req), 0);
	assert_int_equal(req.seq, 12);
	assert_int_equal(req.verb, XVFP_VERB_ATTACH);
	assert_int_equal(req.mac.octet[5], 0xab);
	assert_int_equal(req.pci.device, 0x1f);
	assert_int_equal(req.pci.function, 7);
}

static void request_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"", " ", "1", "prepare-detach mac=02:58:56:46:00:01",
		"0 prepare-detach mac=02:58:56:46:00:01",		/* seq 0 */
		"01 prepare-detach mac=02:58:56:46:00:01",		/* leading 0 */
		"4294967296 prepare-detach mac=02:58:56:46:00:01",	/* > u32 */
		"1 prepare-detach",					/* no mac */
		"1 prepare-detach mac=02:58:56:46:00:01 mac=02:58:56:46:00:01",
		"1 prepare-detach mac=02:58:56:46:00:01 pci=0000:00:00.0",
		"1 prepare-detach  mac=02:58:56:46:00:01",		/* 2 spaces */
		" 1 prepare-detach mac=02:58:56:46:00:01",
		"1 prepare-detach mac=02:58:56:46:00:01 ",
		"1 prepare-detach mac=02:58:56:46:00:01\n",
		"1 Prepare-detach mac=02:58:56:46:00:01",
		"1 detach mac=02:58:56:46:00:01",			/* unknown verb */
		"1 invalid mac=02:58:56:46:00:01",			/* reply-only */
		"1 prepare-detach mac=01:58:56:46:00:01",		/* multicast */
		"1 prepare-detach mac=00:00:00:00:00:00",
		"1 prepare-detach mac",
		"1 prepare-detach =02:58:56:46:00:01",
		"1 attach mac=02:58:56:46:00:01",			/* no pci */
		"1 attach mac=02:58:56:46:00:01 pci=0000:00:20.0",	/* dev > 1f */
		"1 no-vf mac=02:58:56:46:00:01 reason=None",
		"1 no-vf mac=02:58:56:46:00:01 reason=",
		"1 no-vf mac=02:58:56:46:00:01 reason=a23456789012345678901234567890123",
		"1 no-vf mac=02:58:56:46:00:01 reason=x y",
	};
	struct xvfp_request req = { .seq = 99 };
	size_t i;

	(void)state;
	for (i = 0; i < LEN(bad); i++) {
		assert_int_equal(xvfp_parse_request(bad[i], &req), -EINVAL);
		assert_int_equal(req.seq, 99);
	}
}

static void request_too_long(void **state)
{
	char text[XVFP_MESSAGE_MAX + 2];
	struct xvfp_request req;

	(void)state;
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(xvfp_parse_request(text, &req), -E2BIG);
	assert_int_equal(xvfp_parse_request(NULL, &req), -EINVAL);
}

static void request_seq_of_malformed(void **state)
{
	uint32_t seq = 0;

	(void)state;
	assert_int_equal(xvfp_request_seq("42 frobnicate x=y", &seq), 0);
	assert_int_equal(seq, 42);
	assert_int_equal(xvfp_request_seq("x42 frobnicate", &seq), -EINVAL);
	assert_int_equal(seq, 42);
	/* Malformed after the number in any way: still numbered (5.8). */
	assert_int_equal(xvfp_request_seq("43 a b c d e f g h i j", &seq), 0);
	assert_int_equal(seq, 43);
	assert_int_equal(xvfp_request_seq("44  double-space", &seq), 0);
	assert_int_equal(seq, 44);
	assert_int_equal(xvfp_request_seq("", &seq), -EINVAL);
	assert_int_equal(xvfp_request_seq(" 45 x", &seq), -EINVAL);
	assert_int_equal(xvfp_request_seq("42949672950 x", &seq), -EINVAL);
}

static void request_format_rejects_bad_values(void **state)
{
	struct xvfp_request req = {
		.seq = 1, .verb = XVFP_VERB_NO_VF,
		.mac = { .octet = { 2, 0, 0, 0, 0, 1 } },
	};
	char buf[XVFP_MESSAGE_MAX + 1];

	(void)state;
	strcpy(req.reason, "Bad");
	assert_int_equal(xvfp_format_request(&req, buf, sizeof(buf)), -EINVAL);
	strcpy(req.reason, "none-free");
	assert_int_equal(xvfp_format_request(&req, buf, 10), -ENOSPC);
	req.seq = 0;
	assert_int_equal(xvfp_format_request(&req, buf, sizeof(buf)), -EINVAL);
	req.seq = 1;
	req.verb = XVFP_VERB_INVALID;
	assert_int_equal(xvfp_format_request(&req, buf, sizeof(buf)), -EINVAL);
	req.verb = XVFP_VERB_CANCEL;
	req.mac.octet[0] = 1;
	assert_int_equal(xvfp_format_request(&req, buf, sizeof(buf)), -EINVAL);
}

static void reply_round_trips(void **state)
{
	static const char *const good[] = {
		"1 prepare-detach ok path=netfront",
		"2 attach ok path=vf",
		"3 attach failed reason=no-vf-with-mac",
		"4 invalid rejected reason=malformed",
		"0 invalid rejected reason=malformed",
		"5 no-vf ok path=netfront",
	};
	struct xvfp_reply reply;
	char buf[XVFP_MESSAGE_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < LEN(good); i++) {
		assert_int_equal(xvfp_parse_reply(good[i], &reply), 0);
		assert_int_equal(xvfp_format_reply(&reply, buf, sizeof(buf)),
				 (int)strlen(good[i]));
		assert_string_equal(buf, good[i]);
	}
}

static void reply_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"", "1", "1 attach", "1 attach ok",			/* no path */
		"1 attach ok path=none", "1 attach ok path=eth0",
		"1 attach ok reason=x",
		"1 attach failed path=vf", "1 attach failed",
		"1 attach yes path=vf", "1 invalid ok path=vf",
		"1 attach ok path=vf path=vf", "1 attach ok path=vf extra=1",
		"1 attach ok  path=vf", "-1 attach ok path=vf",
	};
	struct xvfp_reply reply = { .seq = 99 };
	size_t i;

	(void)state;
	for (i = 0; i < LEN(bad); i++) {
		assert_int_equal(xvfp_parse_reply(bad[i], &reply), -EINVAL);
		assert_int_equal(reply.seq, 99);
	}
}

static void versions(void **state)
{
	uint32_t host, guest;

	(void)state;
	assert_int_equal(xvfp_parse_versions("1", &host), 0);
	assert_int_equal(xvfp_parse_versions("1 2 5", &guest), 0);
	assert_int_equal(xvfp_common_version(host, guest), 1);
	assert_int_equal(xvfp_parse_versions("2 5", &host), 0);
	assert_int_equal(xvfp_common_version(host, guest), 5);
	assert_int_equal(xvfp_parse_versions("3", &host), 0);
	assert_int_equal(xvfp_common_version(host, guest), 0);
	assert_int_equal(xvfp_parse_versions("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 31", &host), 0);
	assert_int_equal(xvfp_common_version(host, guest), 5);
}

static void versions_reject_malformed(void **state)
{
	static const char *const bad[] = {
		"", "0", "2 1", "1 1", "32", "1  2", "01", "1,2", "v1",
		"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29",
	};
	uint32_t mask = 7;
	size_t i;

	(void)state;
	for (i = 0; i < LEN(bad); i++)
		assert_true(xvfp_parse_versions(bad[i], &mask) < 0);
	assert_int_equal(mask, 7);
}

static void features(void **state)
{
	(void)state;
	assert_int_equal(xvfp_features_have("tx-switch pair-by-mac", "pair-by-mac"), 0);
	assert_int_equal(xvfp_features_have("tx-switch future-thing", "pair-by-mac"), -ENOENT);
	assert_int_equal(xvfp_features_have("tx-switch Pair", "tx-switch"), -EINVAL);
	assert_int_equal(xvfp_features_have("", "tx-switch"), -EINVAL);
	assert_int_equal(xvfp_features_have("a b c d e f g h i j k l m n o p q", "a"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_round_trips),
		cmocka_unit_test(request_fields),
		cmocka_unit_test(request_rejects_malformed),
		cmocka_unit_test(request_too_long),
		cmocka_unit_test(request_seq_of_malformed),
		cmocka_unit_test(request_format_rejects_bad_values),
		cmocka_unit_test(reply_round_trips),
		cmocka_unit_test(reply_rejects_malformed),
		cmocka_unit_test(versions),
		cmocka_unit_test(versions_reject_malformed),
		cmocka_unit_test(features),
	};

	return cmocka_run_group_tests_name("message", tests, NULL, NULL);
}
