// SPDX-License-Identifier: LGPL-2.1-or-later
/* libxvfproto: strict parsers and formatters for protocol values. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xvfproto/value.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse exactly @digits hex digits at @text into @out. */
static int parse_hex_field(const char *text, size_t digits, unsigned int *out)
{
	unsigned int value = 0;
	size_t i;

	for (i = 0; i < digits; i++) {
		int d = hex_digit(text[i]);

		if (d < 0)
			return -EINVAL;
		value = value << 4 | (unsigned int)d;
	}
	*out = value;
	return 0;
}

int xvfp_parse_mac(const char *text, struct xvfp_mac *out)
{
	struct xvfp_mac mac;
	unsigned int octet;
	size_t i;

	if (!text || strlen(text) != XVFP_MAC_STRLEN)
		return -EINVAL;
	for (i = 0; i < XVFP_MAC_LEN; i++) {
		const char *field = text + 3 * i;

		if (i > 0 && field[-1] != ':')
			return -EINVAL;
		if (parse_hex_field(field, 2, &octet))
			return -EINVAL;
		mac.octet[i] = (uint8_t)octet;
	}
	*out = mac;
	return 0;
}

void xvfp_format_mac(const struct xvfp_mac *mac, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac->octet[0],
		 mac->octet[1], mac->octet[2], mac->octet[3], mac->octet[4],
		 mac->octet[5]);
}

bool xvfp_mac_is_unicast(const struct xvfp_mac *mac)
{
	static const struct xvfp_mac zero;

	return !(mac->octet[0] & 1) && memcmp(mac, &zero, sizeof(zero)) != 0;
}

int xvfp_parse_pci_addr(const char *text, struct xvfp_pci_addr *out)
{
	unsigned int domain, bus, device, function;

	if (!text || strlen(text) != XVFP_PCI_STRLEN)
		return -EINVAL;
	if (text[4] != ':' || text[7] != ':' || text[10] != '.')
		return -EINVAL;
	if (parse_hex_field(text, 4, &domain) ||
	    parse_hex_field(text + 5, 2, &bus) ||
	    parse_hex_field(text + 8, 2, &device) ||
	    parse_hex_field(text + 11, 1, &function))
		return -EINVAL;
	if (device > 0x1f || function > 7)
		return -EINVAL;
	*out = (struct xvfp_pci_addr){
		.domain = (uint16_t)domain,
		.bus = (uint8_t)bus,
		.device = (uint8_t)device,
		.function = (uint8_t)function,
	};
	return 0;
}

void xvfp_format_pci_addr(const struct xvfp_pci_addr *addr, char *buf,
			  size_t len)
{
	snprintf(buf, len, "%04x:%02x:%02x.%x", addr->domain, addr->bus,
		 addr->device, addr->function);
}

bool xvfp_pci_addr_equal(const struct xvfp_pci_addr *a,
			 const struct xvfp_pci_addr *b)
{
	return a->domain == b->domain && a->bus == b->bus &&
	       a->device == b->device && a->function == b->function;
}

int xvfp_parse_seq(const char *text, uint32_t *out)
{
	uint64_t value = 0;
	size_t i, n;

	if (!text)
		return -EINVAL;
	n = strlen(text);
	if (n == 0 || n > XVFP_SEQ_STRLEN || (n > 1 && text[0] == '0'))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -EINVAL;
		value = value * 10 + (uint64_t)(text[i] - '0');
	}
	if (value > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)value;
	return 0;
}
