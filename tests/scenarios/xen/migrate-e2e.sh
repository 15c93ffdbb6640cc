# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
# qemu-xen: yes
# timeout: 1500
#
# Xen tier, runs in dom0; the guest half is xen/migrate-e2e.guest. The
# whole mission end to end, only the NIC emulated: in a PV guest xvf
# drives a VF passed through by xvf-host, xvf_failover pairs it with the
# real netfront, and xvfd answers the host. First the anchor: plain
# `xl migrate` of the guest holding the VF is refused. Then dom0 runs
# `xvf-host migrate` (xl backend) MIGRATIONS times while two
# sequence-numbered UDP streams (guest->dom0 "up", dom0->guest "down")
# run: prepare-detach (xvfd holds transmit on netfront and waits for the
# VF to drain), the VF's MAC filter cleared, xl pci-detach, a live
# migration (xl migrate to this host: pre-copy while the guest runs on
# netfront, then a short pause), the destination's half through a
# stand-in for ssh (a VF with the MAC, pci-attach, attach), xvfd releases
# the hold once the new VF is paired.
# Per migration: Xen's pause as each stream saw it (its longest gap,
# xvf_e2e_gap_ms_{up,down}_migrate-N; the guest's own stream stops
# exactly while the guest is paused, xvf_e2e_pause_ms_N), and each
# direction must lose nothing outside that gap
# (xvf_e2e_lost_outside_pause_{up,down}_N = 0). Also the time the
# migration took (xvf_e2e_move_ms_N, detach to running there), the time
# on the PV path (xvf_e2e_pv_window_ms_N), xvfd's reaction to each
# prepare-detach (xvf_e2e_agent_reaction_ms_N: request seen to ack
# written; _on_path_ms_N: to the kernel's report of transmit on netfront;
# _drain_polls_N: re-reads of the VF's queues until empty; _tx_moved_ms_N:
# to transmit off the VF, drained), the host's round trip for it (request
# written to ack read, xvf_e2e_prepare_round_trip_ms_N: the rest is
# xenstore's watch delivery) and xvfd's memory and wakeups at rest.
# xl save + restore with xvf-host is xen/host-migrate's.

GUEST_LOGLEVEL=6
. /xvf/xen/lib.sh
PORT_UP=5600
PORT_DOWN=5601
RATE=$(xvf_cmdline_arg xvft.rate)
RATE=${RATE:-500}
PHASE_PACKETS=$((RATE / 2))
metric xvf_e2e_rate_pps "$RATE"
# Migrations: 1 in make check (xen/host-migrate checks that a second
# one on the same host continues the numbering), 20 in make soak and
# make bench (xvft.migrations=N).
MIGRATIONS=$(xvf_cmdline_arg xvft.migrations)
MIGRATIONS=${MIGRATIONS:-$(repeat 1 20)}

# dom0_igbvf_drives_vf: the VF is bound to dom0's igbvf, has a netdev,
# and igbvf set up its MSI-X vectors (it logs when it could not).
dom0_igbvf_drives_vf() {
	local dev=/sys/bus/pci/devices/$VF_BDF
	[ "$(basename "$(readlink $dev/driver)")" = igbvf ] && ls $dev/net/* >/dev/null 2>&1 &&
		! dmesg | grep "$VF_BDF" | grep -q "MSI-X"
}

# vf_back_to_pciback: as an admin gives a VF dom0 used back to guests.
# xl pci-assignable-add unbinds dom0's driver; the override made for
# igbvf must name pciback now, or pciback's bind is refused (-ENODEV).
vf_back_to_pciback() {
	echo pciback >/sys/bus/pci/devices/$VF_BDF/driver_override &&
		$XL pci-assignable-add $VF_BDF &&
		[ "$(basename "$(readlink /sys/bus/pci/devices/$VF_BDF/driver)")" = pciback ]
}

dom0_peer_beside_pf || return
guest_failover_up xvf-host attach $GUEST "$VF_BDF" || return
guest_check guest-agent-starts 60 "agent_start" || {
	guest_console_dump
	return
}
guest_check guest-agent-sees-pair 30 "wait_until 20 agent_sees_pair"

xen_streams_start $PORT_UP $PORT_DOWN $RATE || return
xen_phase_end xvf_e2e steady || return

# The anchor: without xvf, xl refuses to migrate a guest that holds a
# passed-through device, and the guest keeps running here on its VF.
check xl-migrate-refused-with-vf "plain xl migrate of the guest holding a VF went through" \
	sh -c "! $XL migrate -s /tmp/ssh-here $GUEST localhost >/tmp/refused.log 2>&1"
sed 's/^/xl migrate refused: /' /tmp/refused.log
guest_check refused-guest-still-on-vf 30 "fo_vf_paired && fo_is hold 0"

for i in $(seq "$MIGRATIONS"); do
	began=$(now)
	check migrate-$i "xvf-host migrate $i failed" \
		host_migrate migrate-$i /tmp/ssh-here
	check migrate-$i-agent-answered "xvfd did not confirm both steps of migration $i" \
		outcome_is migrate-$i '.prepare == "ok" and .confirm == "ok" and .vf_attached' || {
		cat /tmp/migrate-$i.json /tmp/migrate-$i.log
		[ "$i" = 1 ] && guest_console_dump
	}
	metric xvf_e2e_move_ms_$i "$(move_ms migrate-$i)"
	metric xvf_e2e_pv_window_ms_$i "$(pv_window_ms migrate-$i)"
	guest_check migrate-$i-back-on-vf 90 "fo_vf_paired && fo_is hold 0"
	metric xvf_e2e_prepare_round_trip_ms_$i "$(prepare_round_trip_ms migrate-$i)"
	guest_check migrate-$i-agent-timings 30 "agent_publish_reaction" && {
		metric xvf_e2e_agent_reaction_ms_$i "$(guest_data_field xvft-agent reaction_ms)"
		metric xvf_e2e_agent_on_path_ms_$i "$(guest_data_field xvft-agent on_path_ms)"
		metric xvf_e2e_agent_drain_polls_$i "$(guest_data_field xvft-agent drain_polls)"
		metric xvf_e2e_agent_tx_moved_ms_$i "$(guest_data_field xvft-agent tx_moved_ms)"
	}
	xen_phase_end xvf_e2e migrate-$i || break
	metric xvf_e2e_pause_ms_$i "$GAP_MS_up"
	nothing_lost_outside_pause migrate-$i xvf_e2e_lost_outside_pause "$i" ||
		echo "migrate-$i began at uptime $began; its steps (ms): $(jq -c '[.steps[] | [.ms, .step]]' /tmp/migrate-$i.json)"
done

# Two exchanges a migration; the history keeps the last 32.
ok_exchanges=$((2 * MIGRATIONS > 32 ? 32 : 2 * MIGRATIONS))
guest_check guest-agent-history 30 "agent_exchanges_ok $ok_exchanges"
guest_check guest-agent-saw-migrations 30 "agent_saw_migrations $MIGRATIONS"
# E2E_MIGRATIONS_ONLY (ixgbe/xen-migrate): the anchor and xvf's
# migrations; the phases after them are the 82576's alone.
if [ -n "${E2E_MIGRATIONS_ONLY:-}" ]; then
	xen_streams_finish
	return
fi
# xvfd at rest after the migrations: memory and wakeups over 10 s, a
# measurement for make bench (xvft.bench=1) only.
[ "$(xvf_cmdline_arg xvft.bench)" = 1 ] &&
	guest_check agent-idle-measured 60 "agent_publish_idle 10" && {
	metric xvf_e2e_agent_rss_kib "$(guest_data_field xvft-agent rss_kib)"
	metric xvf_e2e_agent_pss_kib "$(guest_data_field xvft-agent pss_kib)"
	metric xvf_e2e_agent_private_kib "$(guest_data_field xvft-agent private_kib)"
	metric xvf_e2e_agent_idle_wakeups_per_s "$(guest_data_field xvft-agent wakeups_per_s)"
}

# ---- an aborted migration: the destination cannot be reached, so xl
# migrate fails after the detach; the VF comes back on this host and the guest is asked to pair it again (PROTOCOL.md
# 5.5) ----
cat >/tmp/ssh-unreachable <<'SSH'
#!/bin/sh
echo "ssh: connect to host $1 port 22: Connection refused" >&2
exit 255
SSH
chmod +x /tmp/ssh-unreachable
check abort-runs "xvf-host migrate to an unreachable host did not report" \
	host_migrate abort /tmp/ssh-unreachable
check abort-vf-back "after the abort the VF was not attached again and confirmed" \
	outcome_is abort '.migrated == false and .vf_attached and .prepare == "ok" and .confirm == "ok"'
guest_check abort-back-on-vf 90 "fo_vf_paired && fo_is hold 0"
xen_phase_end xvf_e2e abort || return

# ---- the agent SIGKILLed, the migration starts while it is dead, and it
# is started again mid-exchange: the exchange completes ----
guest_check agent-killed 30 "agent_kill"
host_migrate killed /tmp/ssh-here >/dev/null &
MIGRATE=$!
guest_check agent-restarted-mid-exchange 150 "agent_start_on_new_request"
wait $MIGRATE
cat /tmp/killed.json
check restarted-agent-confirmed "the restarted agent did not complete the exchange" \
	outcome_is killed '.migrated and .vf_attached and .prepare == "ok" and .confirm == "ok"'
guest_check killed-back-on-vf 90 "fo_vf_paired && fo_is hold 0"
xen_phase_end xvf_e2e agent-restarted || return

# ---- no agent at all: the host times out and goes on; the kernel's
# failover carries the traffic (an unplanned removal). The confirm timer
# shortened from its minute (--confirm-timeout): nobody will answer ----
guest_check agent-stopped 30 "agent_kill"
check no-agent-migrates "xvf-host migrate without an agent failed" \
	host_migrate noagent /tmp/ssh-here --confirm-timeout 5
check no-agent-timeouts "the host did not time out on the silent guest and attach the VF" \
	outcome_is noagent '.migrated and .vf_attached and .prepare == "timeout" and .confirm == "timeout"'
guest_check no-agent-on-vf 90 "fo_vf_paired"
xen_phase_end xvf_e2e no-agent || return
metric xvf_e2e_pause_ms_no_agent "$GAP_MS_up"
# Unplanned: the VF is detached under traffic with transmit on it; outside
# the pause, 0.2 s of traffic is allowed for the kernel's switch.
allowed=$((RATE / 5))
check no-agent-loss-bounded "lost outside the pause up $LOST_OUTSIDE_up, down $LOST_OUTSIDE_down without the agent (allowed $allowed)" \
	test "$LOST_OUTSIDE_up" -le "$allowed" -a "$LOST_OUTSIDE_down" -le "$allowed"
guest_check agent-converges 60 "agent_start && wait_until 20 agent_sees_pair"

# ---- a destination with no VF: there, dom0 itself drives the VF (the
# stand-in for ssh gives it to dom0's igbvf before the destination's
# half, as an admin would: out of pciback and of Xen's quarantine with
# xl pci-assignable-remove), so none is free: no-vf, the guest stays on
# netfront. The VF stays with dom0 through the netfront migrations below,
# then goes back to the guest (vf-back-from-dom0) ----
cat >/tmp/ssh-novf <<SSH
#!/bin/sh
shift
if [ -e /sys/bus/pci/drivers/pciback/$VF_BDF ]; then
	$XL pci-assignable-remove $VF_BDF
	echo igbvf >/sys/bus/pci/devices/$VF_BDF/driver_override
	echo $VF_BDF >/sys/bus/pci/drivers_probe
fi
exec "\$@"
SSH
chmod +x /tmp/ssh-novf
modprobe igbvf
check no-vf-runs "xvf-host migrate to a destination without a free VF failed" \
	host_migrate novf /tmp/ssh-novf
check no-vf-confirmed "the guest did not confirm no-vf, or a VF was attached" \
	outcome_is novf '.migrated and (.vf_attached | not) and .confirm == "ok"'
guest_check no-vf-on-netfront 60 "on_netfront_only"
# Before the assignable-remove, Xen kept the VF quarantined and dom0's
# igbvf bound without interrupts ("xen map irq failed -19").
check dom0-igbvf-drives-vf "dom0's igbvf did not take the VF with its MSI-X vectors" \
	dom0_igbvf_drives_vf
xen_phase_end xvf_e2e no-vf || return

# ---- the same guest and streams, now on netfront alone, migrated with
# plain xl migrate: Xen's pause without xvf, the reference for the pause
# of the xvf migrations above (make bench: live_migration_added_pause_ms).
# 1 in make check, 5 in make soak, as many as xvf's in make bench
# (xvft.netfront_migrations=N) ----
NF_MIGRATIONS=$(xvf_cmdline_arg xvft.netfront_migrations)
NF_MIGRATIONS=${NF_MIGRATIONS:-$(repeat 1 5)}
for i in $(seq "$NF_MIGRATIONS"); do
	check netfront-migrate-$i "xl migrate of the guest on netfront alone failed" \
		sh -c "$XL migrate -s /tmp/ssh-here $GUEST localhost >/tmp/netfront-$i.log 2>&1" ||
		cat /tmp/netfront-$i.log
	xen_phase_end xvf_e2e netfront-migrate-$i || break
	metric xvf_e2e_netfront_pause_ms_$i "$GAP_MS_up"
	nothing_lost_outside_pause netfront-migrate-$i xvf_e2e_netfront_lost_outside_pause "$i"
done
# No xvf/version on this host's side of a plain migration: the guest
# stays on netfront and says its host does not speak the protocol.
[ "$NF_MIGRATIONS" -gt 0 ] &&
	guest_check netfront-migrations-unsupported-host 60 "on_netfront_only unsupported"

# ---- the VF back from dom0's igbvf to the guest: pciback takes it again
# (xl pci-assignable-add, dom0's driver unbound by it), its MAC is the
# guest's again, and xvf-host attach gives it back; the guest's failover
# pairs it and transmits on it ----
check vf-back-to-pciback "xl pci-assignable-add of the VF dom0's igbvf drove failed" \
	vf_back_to_pciback
check vf-back-attach "xvf-host set-mac and attach of the VF from dom0 failed" \
	sh -c "xvf-host set-mac $PF 0 $GUEST_MAC && xvf-host attach $GUEST $VF_BDF"
guest_check vf-back-from-dom0-paired 90 "fo_vf_paired"
xen_phase_end xvf_e2e vf-back-from-dom0 || return
xen_streams_finish
