// SPDX-License-Identifier: LGPL-2.1-or-later
/* cmocka tests for libxvfproto's value grammar (lib/value.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "xvfproto/value.h"

static void mac_round_trip(void **state)
{
	struct xvfp_mac mac;
	char buf[XVFP_MAC_STRLEN + 1];

	(void)state;
	assert_int_equal(xvfp_parse_mac("02:58:56:4F:00:aB", &mac), 0);
	assert_int_equal(mac.octet[0], 0x02);
	assert_int_equal(mac.octet[3], 0x4f);
	assert_int_equal(mac.octet[5], 0xab);
	xvfp_format_mac(&mac, buf, sizeof(buf));
	assert_string_equal(buf, "02:58:56:4f:00:ab");
}

static void mac_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"", "02:58:56:4f:00", "02:58:56:4f:00:ab:", " 02:58:56:4f:00:ab",
		"02-58-56-4f-00-ab", "02:58:56:4f:00:ag", "2:58:56:4f:00:ab0",
		"02:58:56:4f:0:abc", "02:58:56:4f:00:ab\n",
	};
	struct xvfp_mac mac = { .octet = { 9, 9, 9, 9, 9, 9 } };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(xvfp_parse_mac(bad[i], &mac), -EINVAL);
	assert_int_equal(xvfp_parse_mac(NULL, &mac), -EINVAL);
	/* Untouched on error. */
	assert_int_equal(mac.octet[0], 9);
}

static void mac_unicast(void **state)
{
	struct xvfp_mac mac;

	(void)state;
	assert_int_equal(xvfp_parse_mac("00:16:3e:00:00:01", &mac), 0);
	assert_true(xvfp_mac_is_unicast(&mac));
	assert_int_equal(xvfp_parse_mac("01:00:5e:00:00:01", &mac), 0);
	assert_false(xvfp_mac_is_unicast(&mac));
	assert_int_equal(xvfp_parse_mac("00:00:00:00:00:00", &mac), 0);
	assert_false(xvfp_mac_is_unicast(&mac));
}

static void pci_round_trip(void **state)
{
	struct xvfp_pci_addr addr;
	char buf[XVFP_PCI_STRLEN + 1];

	(void)state;
	assert_int_equal(xvfp_parse_pci_addr("0000:01:10.2", &addr), 0);
	assert_int_equal(addr.domain, 0);
	assert_int_equal(addr.bus, 1);
	assert_int_equal(addr.device, 0x10);
	assert_int_equal(addr.function, 2);
	xvfp_format_pci_addr(&addr, buf, sizeof(buf));
	assert_string_equal(buf, "0000:01:10.2");
	assert_int_equal(xvfp_parse_pci_addr("ABCD:ff:1F.7", &addr), 0);
	xvfp_format_pci_addr(&addr, buf, sizeof(buf));
	assert_string_equal(buf, "abcd:ff:1f.7");
}

static void pci_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"", "01:10.2", "0000:01:20.0", "0000:01:10.8", "0000:01:10:2",
		"0000.01:10.2", "0000:1:10.2 ", "000g:01:10.2", "0000:01:10.2x",
	};
	struct xvfp_pci_addr addr;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(xvfp_parse_pci_addr(bad[i], &addr), -EINVAL);
}

static void seq_accepts_full_range(void **state)
{
	uint32_t seq = 7;

	(void)state;
	assert_int_equal(xvfp_parse_seq("0", &seq), 0);
	assert_int_equal(seq, 0);
	assert_int_equal(xvfp_parse_seq("42", &seq), 0);
	assert_int_equal(seq, 42);
	assert_int_equal(xvfp_parse_seq("4294967295", &seq), 0);
	assert_int_equal(seq, UINT32_MAX);
}

static void seq_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"", "-1", "+1", "01", "4294967296", "99999999999", "1 ", " 1",
		"0x10", "1e3",
	};
	uint32_t seq = 7;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(xvfp_parse_seq(bad[i], &seq), -EINVAL);
	assert_int_equal(seq, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mac_round_trip),
		cmocka_unit_test(mac_rejects_malformed),
		cmocka_unit_test(mac_unicast),
		cmocka_unit_test(pci_round_trip),
		cmocka_unit_test(pci_rejects_malformed),
		cmocka_unit_test(seq_accepts_full_range),
		cmocka_unit_test(seq_rejects_malformed),
	};

	return cmocka_run_group_tests_name("xvfproto_value", tests, NULL, NULL);
}
