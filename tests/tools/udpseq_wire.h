/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The datagram of udpseq's streams (udpseq.c), also sent by benchpeer
 * (benchpeer.c): a magic and a 64-bit big-endian sequence number from 1.
 * 12 bytes of UDP payload: 64-byte frames on the wire, padding and FCS
 * included.
 */
#ifndef UDPSEQ_WIRE_H
#define UDPSEQ_WIRE_H

#include <stdint.h>

#define UDPSEQ_MAGIC 0x58564653u /* "XVFS" */

struct udpseq_packet {
	uint32_t magic;
	uint64_t seq;
} __attribute__((packed));

#endif
