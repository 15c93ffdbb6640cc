/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libxvfproto: the value grammar of the xvf xenstore protocol.
 *
 * Everything a peer writes to xenstore is untrusted text. These parsers
 * accept exactly the grammar the protocol specifies and nothing else: no
 * surrounding space, no signs, no leading zeros where the grammar has none,
 * no trailing bytes. Each returns 0 or -EINVAL and leaves *out untouched
 * on error.
 */
#ifndef XVFPROTO_VALUE_H
#define XVFPROTO_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XVFP_MAC_LEN 6
/* "xx:xx:xx:xx:xx:xx" */
#define XVFP_MAC_STRLEN 17
/* "dddd:bb:dd.f" */
#define XVFP_PCI_STRLEN 12
/* "4294967295" */
#define XVFP_SEQ_STRLEN 10

struct xvfp_mac {
	uint8_t octet[XVFP_MAC_LEN];
};

struct xvfp_pci_addr {
	uint16_t domain;
	uint8_t bus;
	uint8_t device;		/* 0..31 */
	uint8_t function;	/* 0..7 */
};

/* MAC: six pairs of hex digits (either case) separated by ':'. */
int xvfp_parse_mac(const char *text, struct xvfp_mac *out);
/* Writes lowercase; buf needs XVFP_MAC_STRLEN + 1 bytes. */
void xvfp_format_mac(const struct xvfp_mac *mac, char *buf, size_t len);
/* A MAC a VF may carry: not multicast, not all zeros. */
bool xvfp_mac_is_unicast(const struct xvfp_mac *mac);

/* PCI address: "dddd:bb:dd.f", hex digits, device <= 0x1f, function <= 7. */
int xvfp_parse_pci_addr(const char *text, struct xvfp_pci_addr *out);
void xvfp_format_pci_addr(const struct xvfp_pci_addr *addr, char *buf,
			  size_t len);
/* Field by field: the struct has padding, so never memcmp it. */
bool xvfp_pci_addr_equal(const struct xvfp_pci_addr *a,
			 const struct xvfp_pci_addr *b);

/* Sequence number: decimal 0..4294967295, no leading zeros ("0" alone). */
int xvfp_parse_seq(const char *text, uint32_t *out);

#endif
