// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: drive the guest and host machines with arbitrary
 * sequences of events. The first four input bytes are the host's first
 * sequence number (any value: it comes from guest-written nodes, 5.2);
 * each further byte picks an event; request and reply texts come from the
 * input too. Properties: no crash, no sanitizer report, no action list
 * overflow, every reply the guest writes and every request the host
 * writes parses, and the host's request numbers only go up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xvfproto/machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct xvfp_mac M = { .octet = { 0x02, 0x58, 0x56, 0x46, 0, 1 } };

/* The number of the host's last written request (0: none yet). */
static uint32_t last_request_seq;

static void check_actions(const struct xvfp_actions *out)
{
	struct xvfp_request req;
	struct xvfp_reply reply;
	unsigned int i;

	if (out->overflow)
		abort();
	for (i = 0; i < out->n; i++) {
		if (out->a[i].kind == XVFP_ACT_WRITE_REPLY &&
		    xvfp_parse_reply(out->a[i].text, &reply))
			abort();
		if (out->a[i].kind != XVFP_ACT_WRITE_REQUEST)
			continue;
		if (xvfp_parse_request(out->a[i].text, &req) ||
		    req.seq <= last_request_seq)
			abort();
		last_request_seq = req.seq;
	}
}

/* Take a NUL-terminated string of up to 64 bytes from the input. */
static const char *take_text(const uint8_t **data, size_t *size, char *buf)
{
	size_t n = *size < 64 ? *size : 64, i;

	for (i = 0; i < n && (*data)[i] != '\n'; i++)
		buf[i] = (char)(*data)[i];
	buf[i] = '\0';
	*data += i < n ? i + 1 : i;
	*size -= i < n ? i + 1 : i;
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xvfp_guest g;
	struct xvfp_host h;
	struct xvfp_actions out;
	struct xvfp_pci_addr pci = { 0 };
	char text[65];
	uint64_t now = 0;
	uint32_t first_seq;

	if (size < sizeof(first_seq))
		return 0;
	memcpy(&first_seq, data, sizeof(first_seq));
	data += sizeof(first_seq);
	size -= sizeof(first_seq);
	last_request_seq = 0;
	xvfp_guest_init(&g);
	xvfp_guest_add_pair(&g, &M, true, XVFP_PATH_VF);
	if (xvfp_host_init(&h, &M, first_seq, "1", "tx-switch"))
		return 0;
	while (size > 0) {
		uint8_t op = *data++;

		size--;
		now += (uint64_t)(op >> 4) * 1000;
		switch (op & 15) {
		case 0:
			xvfp_guest_request(&g, take_text(&data, &size, text), now, &out);
			break;
		case 1: xvfp_guest_vf_up(&g, &M, &out); break;
		case 2: xvfp_guest_vf_gone(&g, &M, &out); break;
		case 3: xvfp_guest_tx_done(&g, &M, XVFP_PATH_VF, op & 16, &out); break;
		case 4: xvfp_guest_tx_done(&g, &M, XVFP_PATH_NETFRONT, op & 16, &out); break;
		case 5: xvfp_guest_tick(&g, now, &out); break;
		case 6:
			xvfp_host_reply(&h, take_text(&data, &size, text), now, &out);
			break;
		case 7: xvfp_host_start(&h, now, &out); break;
		case 8: xvfp_host_tick(&h, now, &out); break;
		case 9: xvfp_host_detached(&h, op & 16, now, &out); break;
		case 10: xvfp_host_migrated(&h, op & 16, &out); break;
		case 11: xvfp_host_vf_attached(&h, &pci, now, &out); break;
		case 12:
			xvfp_host_no_vf(&h, take_text(&data, &size, text), now, &out);
			break;
		case 13:
			xvfp_guest_recover(&g, take_text(&data, &size, text));
			continue;
		case 14: xvfp_host_arrive(&h, &out); break;
		case 15: {
			struct xvfp_host_outcome dest = { .vf_attached = op & 16 };
			uint32_t next = xvfp_host_seq_after(take_text(&data, &size, text),
							    g.last_reply);

			xvfp_host_handed_over(&h, &dest, next, &out);
			break;
		}
		default:
			continue;
		}
		check_actions(&out);
	}
	return 0;
}
