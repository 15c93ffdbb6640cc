# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
# qemu-xen: yes
#
# Xen tier, runs in dom0; the guest half is xen/bond-baseline.guest.
# The baseline xvf must beat: what an admin can do today without it. The
# guest bonds netfront and a passed-through VF (in-tree igbvf) in
# active-backup, VF primary, and sends a sequence-numbered UDP stream to a
# peer in dom0 on the bridge that also holds the PF. Then the migration
# steps, each a phase: xl pci-detach, xl migrate to this host (live:
# pre-copy, then a pause), xl pci-attach of a VF with the same MAC and
# re-enslaving it by hand. Lost packets per phase and the longest silence
# are metrics, and what was lost outside Xen's pause (the migrate phase's
# longest gap), make bench's anchor for xvf; the cases check that each
# step happened and the stream survived it.

GUEST_LOGLEVEL=6
. /xvf/xen/lib.sh
PORT=5600
# Packets a second: the rate of xen/failover's and xen/migrate-e2e's
# streams, so that make bench compares their losses with this one's
# packet for packet (xvft.rate=N sets another).
RATE=$(xvf_cmdline_arg xvft.rate)
RATE=${RATE:-500}
PHASE_PACKETS=$((RATE / 2))	# what the stream must deliver to end a phase
metric baseline_bond_rate_pps "$RATE"

dom0_peer_beside_pf || return
guest_up_with_passthrough || return
check pci-attach "xl pci-attach failed" $XL pci-attach $GUEST "$VF_BDF" || return
guest_check guest-igbvf-binds 60 \
	"modprobe igbvf && wait_until 30 '[ -n \"\$(vf_netdev)\" ]'" || return
guest_check guest-bond-on-vf 60 "bond_create $GUEST_ADDR/24" || {
	guest_console_dump
	return
}

# The stream: dom0 receives, the guest sends (tests/xen/dom0/streams.sh, tests/tools/udpseq.c).
stream_receiver_start $PORT
check stream-receiver "udpseq recv did not start" stream_receiver_ready || return
guest_check guest-stream-start 30 "stream_start $DOM0_ADDR $PORT $RATE"

# phase_end NAME: the stream carried PHASE_PACKETS more packets after the
# phase's step, then the phase's loss and longest gap become metrics.
phase_end() {
	check "stream-after-$1" "the stream did not resume after $1" \
		stream_delivers $PHASE_PACKETS || return 1
	stream_snapshot USR2
	highest=$(stream_field highest)
	received=$(stream_field received)
	metric "baseline_bond_lost_packets_$1" \
		$(((highest - last_highest) - (received - last_received)))
	metric "baseline_bond_gap_ms_$1" "$(stream_field gap_ms)"
	last_highest=$highest last_received=$received
}
# What the migrate phase's longest gap (Xen's pause) skipped.
in_pause=0

check stream-flows "no packets from the guest" stream_delivers 50 || return
guest_check guest-stream-via-vf 60 "vf_carries_stream 100"
stream_snapshot USR2
last_highest=$(stream_field highest) last_received=$(stream_field received)
phase_end steady

check pci-detach "xl pci-detach failed" $XL pci-detach $GUEST "$VF_BDF"
guest_check guest-bond-fails-over 60 \
	"wait_until 30 '[ \"\$(bond_active_slave)\" = \$NETFRONT ]'"
phase_end detach

t0=$(now)
check guest-migrate "xl migrate failed" $XL migrate -s $LOCAL_SSH $GUEST localhost
metric baseline_live_migrate_seconds "$(elapsed_since "$t0")"
phase_end migrate
in_pause=$(stream_field gap_skipped)

check pci-attach-again "xl pci-attach after restore failed" \
	$XL pci-attach $GUEST "$VF_BDF"
guest_check guest-bond-back-on-vf 90 "bond_take_new_vf"
guest_check guest-stream-via-new-vf 60 "vf_carries_stream 100"
phase_end attach

stream_stop
metric baseline_bond_lost_packets_total \
	$(($(stream_field highest) - $(stream_field received)))
metric baseline_bond_outage_ms "$(stream_field max_gap_ms)"
metric baseline_bond_lost_outside_pause \
	$(($(stream_field highest) - $(stream_field received) - in_pause))
echo "stream: $(tail -n1 $STREAM_LOG)"

guest_kernel_log_check
[ "$XVF_VERBOSE" = 1 ] && guest_console_dump
check guest-destroy "xl destroy failed" $XL destroy $GUEST
